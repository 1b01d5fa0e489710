"""The summary chart: Chinese in the bundled font on any machine, every row, title and legend."""

from __future__ import annotations

import logging
import struct
import subprocess
import sys
import warnings
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.domain.chat import Bar
from bot.handlers import charts
from bot.handlers.answer import Answerer
from bot.handlers.context import ChatContext
from bot.handlers.summary import plan_subject
from store.views import PlanRef
from tests.handlers.samples import CHANGNING_LOCAL, PUTUO_MEMBERS

ROOT = Path(__file__).resolve().parents[2]
TITLE = "长宁区 2025年 政务公开任务完成情况（截至2025年10月20日）"
LEGEND = ["红：有逾期任务", "黄：7天内有任务到期未完成", "绿：无逾期、7天内无到期"]
# 60 real unit names: 普陀区's 43 members, 长宁区's streets and town, and 7 more
NAMES = [*PUTUO_MEMBERS, *CHANGNING_LOCAL,
         "区城运中心", "区行政服务中心", "区水务局", "区地区办", "华亭镇", "区档案局", "区侨办"]
LIGHTS = ["red", "yellow", "green"]


def sixty() -> list[Bar]:
    """60 bars: completion 0–59 %, lights in turn, overdue tasks on the red ones."""
    return [Bar(name, i, LIGHTS[i % 3], (i % 4) if i % 3 == 0 else 0)
            for i, name in enumerate(NAMES)]


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's header."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture
def drawn():
    """The 60-bar chart's figure (closed afterwards)."""
    fig = charts.figure(sixty(), TITLE)
    yield fig
    charts.pyplot().close(fig)


def test_sixty_real_names() -> None:
    assert len(NAMES) == len(set(NAMES)) == 60


def test_labels_are_chinese_names_in_the_bundled_font(drawn) -> None:
    from matplotlib import font_manager

    (ax,) = drawn.axes
    labels = ax.get_yticklabels()
    top_down = sorted(labels, key=lambda t: -t.get_position()[1])
    assert [t.get_text() for t in top_down] == NAMES  # the first row at the top
    assert {str(font_manager.findfont(t.get_fontproperties(), fallback_to_default=False))
            for t in [*labels, *drawn.texts, *ax.texts, *drawn.legends[0].get_texts()]} == \
        {str(charts.FONT_FILE)}
    assert charts.cjk_font() == "Noto Sans SC"


def test_the_font_ships_inside_the_package() -> None:
    assert charts.FONT_FILE == ROOT / "bot" / "assets" / "fonts" / "NotoSansSC-Regular.otf"
    assert charts.FONT_FILE.stat().st_size == 8331336
    assert (charts.FONT_FILE.parent / "OFL.txt").read_text().startswith(
        "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'.")


def test_drawing_warns_of_no_missing_glyph(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="matplotlib")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = charts.summary_chart(sixty(), TITLE)
    assert [str(w.message) for w in caught] == []
    assert [r.getMessage() for r in caplog.records
            if r.levelno >= logging.WARNING or "Glyph" in r.getMessage()] == []
    assert png_size(data) == (800, 1930)  # 8 in wide; 0.3 in a row and 1.3 in of head, at 100 dpi


def test_the_glyph_check_sees_a_font_without_chinese() -> None:
    # the check above is not vacuous: the same capture sees DejaVu Sans miss 区
    plt = charts.pyplot()
    fig = plt.figure(figsize=(2, 1))
    fig.text(0.1, 0.5, "区府办", family="DejaVu Sans")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            charts.png(fig)
    finally:
        plt.close(fig)
    assert any("Glyph 21306" in str(w.message) and "missing from font(s) DejaVu Sans" in str(w.message)
               for w in caught)


def test_every_row_is_a_bar(drawn) -> None:
    (ax,) = drawn.axes
    track, bars = ax.containers
    assert len(track) == len(bars) == 60
    assert [b.get_width() for b in bars] == list(range(60))
    assert [b.get_width() for b in track] == [100] * 60


def test_title_legend_and_bar_labels(drawn) -> None:
    (ax,) = drawn.axes
    assert drawn.get_suptitle() == TITLE
    assert [t.get_text() for t in drawn.texts] == [TITLE]  # what the font test looks at
    assert [t.get_text() for t in drawn.legends[0].get_texts()] == LEGEND
    assert [t.get_text() for t in ax.texts][:7] == [
        "0%", "1%", "2%", "3%（逾期3）", "4%", "5%", "6%（逾期2）"]
    assert ax.get_xlabel() == "完成率（%）"


@pytest.mark.parametrize(("bar", "label"), [
    (Bar("区府办", 60, "red", 2), "60%（逾期2）"),
    (Bar("区府办", 100, "green", 0), "100%"),
    (Bar("区府办", 0, "yellow"), "0%"),
])
def test_bar_label(bar: Bar, label: str) -> None:
    assert charts.bar_label(bar) == label


@pytest.mark.parametrize(("rows", "height_px"), [
    (1, 300),  # never shorter than 3 in
    (42, 1390),  # 长宁区's rows
    (60, 1930),
    (295, 8980),  # the last count at full row height...
    (400, 9000),  # ...then rows get thinner, the image stays within Telegram's photo size
    (600, 9730),  # past 0.16 in a row the image grows taller still: no row is left out
])
def test_height_grows_with_the_rows(rows: int, height_px: int) -> None:
    bars = [Bar(f"单位{i}", 50, "green") for i in range(rows)]
    fig = charts.figure(bars, TITLE)
    try:
        width, height = (fig.get_size_inches() * fig.dpi).round()
        assert (width, height) == (800, height_px)
        assert len(fig.axes[0].containers[1]) == rows
    finally:
        charts.pyplot().close(fig)


def test_importing_the_chart_module_loads_no_matplotlib() -> None:
    code = "import sys, bot.handlers.charts; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    assert out.stdout == "False\n"


@pytest.mark.parametrize(("titles", "subject"), [
    ([("长宁区", "2025年上海市长宁区政务公开工作任务责任分解表")], "政务公开"),
    ([("华亭镇", "2025年嘉定区华亭镇政务公开工作要点")], "政务公开"),
    ([("普陀区", "2025年上海市普陀区政务公开工作要点"), ("松江区", "2024年松江区政务公开工作要点")],
     "政务公开"),
    ([("普陀区", "2025年上海市普陀区政务公开工作要点"), ("松江区", "2024年松江区数字化转型工作要点")], ""),
    ([("普陀区", None)], ""),
    ([("普陀区", "政务公开工作要点")], ""),  # the org is not named: nothing to read it after
])
def test_plan_subject(titles: list[tuple[str, str | None]], subject: str) -> None:
    plans = [PlanRef(i, org, 2025, title) for i, (org, title) in enumerate(titles)]
    assert plan_subject(plans) == subject


async def test_the_leads_summary_chart(answerer: Answerer) -> None:
    today = date(2025, 10, 20)
    _, reply = await answerer.answer("长宁区进度统计", ChatContext(), today, datetime(2025, 10, 20, 9))
    assert reply.chart_title == TITLE
    assert len(reply.chart) == 42
    assert reply.chart[0] == Bar("区府办", 0, "red", 3)
    assert reply.chart[-1] == Bar("区城运中心", 0, "green", 0)
    _, month = await answerer.answer("长宁区10月进度统计", ChatContext(), today,
                                     datetime(2025, 10, 20, 9))
    assert month.chart_title == \
        "长宁区 2025年 2025年10月 政务公开任务完成情况（截至2025年10月20日）"
