"""A PNG bar chart of a progress summary (matplotlib, no display needed)."""

from __future__ import annotations

import io
import logging
from functools import lru_cache
from types import ModuleType

_log = logging.getLogger(__name__)

# Fonts that carry simplified Chinese, in order of preference.
_CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
              "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN")
_COLOURS = {"red": "#d9534f", "yellow": "#f0ad4e", "green": "#5cb85c"}
MAX_BARS = 120  # every row of a district's summary (≈ 45 units) fits; the text shows 15


@lru_cache(maxsize=1)
def pyplot() -> ModuleType:
    """matplotlib's pyplot on the Agg backend (no screen on servers), loaded on the first chart."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    return plt


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """A font on this machine that can draw Chinese names, or None."""
    from matplotlib import font_manager

    pyplot()
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in _CJK_FONTS:
        if name in installed:
            return name
    _log.warning("no Chinese font installed: chart bars are labelled by row number")
    return None


def summary_chart(rows: list[tuple[str, int, str]], title: str) -> bytes:
    """Completion % per row as horizontal bars coloured red/yellow/green; rows are (name, pct,
    light). Without a Chinese font, bars are labelled with their row numbers (1, 2, …), which
    the text table shows too."""
    rows = rows[:MAX_BARS]
    plt = pyplot()
    font = cjk_font()
    labels = [name if font else str(i) for i, (name, _, _) in enumerate(rows, 1)]
    height = max(2.5, 0.35 * len(rows) + 1.2)
    fig, ax = plt.subplots(figsize=(7, height), dpi=100)
    try:
        if font:
            plt.rcParams["font.sans-serif"] = [font]
        y = list(range(len(rows)))[::-1]
        ax.barh(y, [pct for _, pct, _ in rows], color=[_COLOURS[light] for _, _, light in rows])
        ax.set_yticks(y, labels)
        ax.set_xlim(0, 100)
        ax.set_xlabel("完成率 %" if font else "%")
        ax.set_title(title if font else "")
        for yy, (_, pct, _) in zip(y, rows, strict=True):
            ax.text(min(pct + 1, 92), yy, f"{pct}%", va="center", fontsize=8)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(fig)
