"""What the seeded sample store's rosters hold (exact sets the roster tests assert)."""

from __future__ import annotations

# 长宁区: the directory's standard departments, those its plans name (2021 and 2025), and the
# units of the 2025 plan named nowhere else.
CHANGNING_DEPARTMENTS = sorted([
    "区人社局", "区体育局", "区信访办", "区公安分局", "区医保局", "区卫健委", "区发改委", "区司法局",
    "区商务委", "区国资委", "区城管执法局", "区审计局", "区市场监管局", "区应急局", "区府办", "区建管委",
    "区房管局", "区投促办", "区教育局", "区数据局", "区文旅局", "区新闻办", "区机管局", "区民政局",
    "区民防办", "区生态环境局", "区统计局", "区绿化市容局", "区规划资源局", "区财政局", "区退役军人局"])
CHANGNING_STREETS = sorted(["仙霞新村街道", "北新泾街道", "华阳路街道", "周家桥街道", "天山路街道",
                            "新华路街道", "江苏路街道", "程家桥街道", "虹桥街道"])
CHANGNING_TOWNS = ["新泾镇"]
CHANGNING_CENTRES = sorted(["区城运中心", "区行政服务中心"])
CHANGNING_LOCAL = sorted(CHANGNING_STREETS + CHANGNING_TOWNS)
# 第33项 (quarterly) is given to 各部门 and 各街道（镇）: every department, street and town (a
# centre such as 区城运中心 is no department).
CHANGNING_33 = sorted({*CHANGNING_DEPARTMENTS, *CHANGNING_LOCAL})

# 普陀区's members in roster order (departments, streets, towns), as a detail lists them.
PUTUO_MEMBERS = [
    "区人社局", "区体育局", "区信访办", "区公安分局", "区医保局", "区卫健委", "区发改委", "区司法局",
    "区商务委", "区国资委", "区城管执法局", "区审计局", "区市场监管局", "区应急局", "区府办", "区建管委",
    "区房管局", "区投促办", "区教育局", "区数据局", "区文旅局", "区新闻办", "区机管局", "区民政局",
    "区民防办", "区生态环境局", "区科委", "区统计局", "区绿化市容局", "区规划资源局", "区财政局",
    "区退役军人局", "沿沪宁专项机制办", "万里街道", "宜川路街道", "曹杨新村街道", "甘泉路街道",
    "真如镇街道", "石泉路街道", "长寿路街道", "长风新村街道", "桃浦镇", "长征镇"]
