"""A PNG bar chart of a progress summary (matplotlib on Agg, no display needed).

Text is set in the font that ships with the package (bot/assets/fonts, Noto Sans SC), registered
with matplotlib when the first chart is drawn, so Chinese names render on a machine with no
Chinese font installed. Every bar is drawn: the image grows with the number of rows.
"""

from __future__ import annotations

import io
import logging
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from bot import texts
from bot.domain.chat import Bar
from bot.domain.status import DUE_SOON_DAYS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_log = logging.getLogger(__name__)

FONT_FILE = Path(__file__).resolve().parent.parent / "assets" / "fonts" / "NotoSansSC-Regular.otf"
_COLOURS = {"red": "#d9534f", "yellow": "#f0ad4e", "green": "#5cb85c"}
LIGHTS = ("red", "yellow", "green")
WIDTH_IN = 8.0
DPI = 100
PITCH_IN = 0.3  # height of one bar's row
MIN_PITCH_IN = 0.16  # a row's height when many rows share a tall image (7 pt names still read)
TOP_IN = 0.8  # title and legend
BOTTOM_IN = 0.5  # the completion axis
HEAD_IN = TOP_IN + BOTTOM_IN
# Telegram takes a photo up to 10 000 px in width plus height: past that many rows, rows get
# thinner (down to MIN_PITCH_IN) rather than any being left out.
MAX_HEIGHT_PX = 9000


@lru_cache(maxsize=1)
def pyplot() -> ModuleType:
    """matplotlib's pyplot on the Agg backend (no screen on servers), loaded on the first chart."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    return plt


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """The family name of the bundled Chinese font, registered with matplotlib on first use."""
    from matplotlib import font_manager

    pyplot()
    font_manager.fontManager.addfont(str(FONT_FILE))
    name = font_manager.FontProperties(fname=str(FONT_FILE)).get_name()
    _log.debug("charts drawn in %s (%s)", name, FONT_FILE)
    return name


def legend_texts() -> dict[str, str]:
    """What each light means, as the chart's legend says it (the rule of summary.Row.light)."""
    return {light: texts.CHART_LEGEND[light].format(days=DUE_SOON_DAYS) for light in LIGHTS}


def bar_label(bar: Bar) -> str:
    """「60%」, or 「60%（逾期2）」 when the row has overdue tasks."""
    if bar.overdue:
        return texts.CHART_BAR_OVERDUE.format(pct=bar.pct, overdue=bar.overdue)
    return texts.CHART_BAR.format(pct=bar.pct)


def pitch(rows: int) -> float:
    """The height of one row in inches: PITCH_IN, thinner when the image would grow too tall."""
    room = MAX_HEIGHT_PX / DPI - HEAD_IN
    return max(MIN_PITCH_IN, min(PITCH_IN, room / max(rows, 1)))


def figure(bars: list[Bar], title: str) -> Figure:
    """The chart as a matplotlib Figure (the caller closes it): one bar per row, top to bottom
    in the given order, labelled with completion and overdue count, under a title and a legend."""
    plt = pyplot()
    font = cjk_font()
    row = pitch(len(bars))
    small = row < PITCH_IN
    height = max(3.0, row * len(bars) + HEAD_IN)
    # the family is fixed in each text as it is made, so drawing later needs no rc settings
    with plt.rc_context({"font.family": [font, "DejaVu Sans"]}):
        fig, ax = plt.subplots(figsize=(WIDTH_IN, height), dpi=DPI)
        y = list(range(len(bars)))[::-1]
        colours = [_COLOURS[b.light] for b in bars]
        # a pale track to 100 % in the row's colour: a 0 % row still shows its light
        ax.barh(y, [100] * len(bars), color=colours, alpha=0.18, height=0.7)
        ax.barh(y, [b.pct for b in bars], color=colours, height=0.7)
        ax.set_yticks(y, [b.name for b in bars], fontsize=7 if small else 9)
        ax.set_ylim(-0.6, len(bars) - 0.4)
        ax.set_xlim(0, 125)  # room right of a full bar for 「100%（逾期12）」
        ax.set_xticks(range(0, 101, 20))
        ax.set_xlabel(texts.CHART_X_LABEL)
        ax.tick_params(axis="y", length=0)
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        for yy, bar in zip(y, bars, strict=True):
            ax.text(bar.pct + 1, yy, bar_label(bar), va="center", fontsize=7 if small else 8)
        ax.spines["bottom"].set_bounds(0, 100)
        # title and legend across the whole width; a long title (filters, a unit) gets smaller
        size = min(12.0, (WIDTH_IN - 0.3) * 72 / max(len(title), 1))
        fig.suptitle(title, y=1 - 0.1 / height, va="top", fontsize=size)
        patches = [plt.Rectangle((0, 0), 1, 1, color=_COLOURS[light]) for light in LIGHTS]
        fig.legend(patches, list(legend_texts().values()), loc="upper center", ncol=3,
                   bbox_to_anchor=(0.5, 1 - 0.4 / height), frameon=False, fontsize=9,
                   handlelength=1.2)
        # margins worked out, not measured (tight_layout would draw every text once more)
        name_in = max(len(b.name) for b in bars) * (7 if small else 9) / 72 if bars else 0
        fig.subplots_adjust(left=(name_in + 0.2) / WIDTH_IN, right=1 - 0.15 / WIDTH_IN,
                            top=1 - TOP_IN / height, bottom=BOTTOM_IN / height)
    return fig


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes."""
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def summary_chart(bars: list[Bar], title: str) -> bytes:
    """Completion % per row as horizontal bars coloured red/yellow/green, every row, as a PNG."""
    fig = figure(bars, title)
    try:
        return png(fig)
    finally:
        pyplot().close(fig)
