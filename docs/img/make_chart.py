"""Draws docs/img/chart.png: the lead's summary chart for 长宁区 2025 on 2025-10-20, from the
sample plans in samples/ (imported into a throw-away SQLite store).

    .venv/bin/python docs/img/make_chart.py [OUT.png]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from bot.handlers.answer import Answerer
from bot.handlers.charts import summary_chart
from bot.handlers.context import ChatContext
from store.ingest.service import import_files
from store.repo import Store

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2025, 10, 20)
QUESTION = "长宁区2025年进度统计"


async def chart(out: Path) -> None:
    """Import the samples, ask for the summary and write its chart to `out`."""
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(f"sqlite+aiosqlite:///{Path(tmp) / 'samples.sqlite3'}")
        try:
            await import_files(store, sorted((ROOT / "samples" / "plans").glob("*.txt")))
            now = datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=UTC)
            _, reply = await Answerer(store).answer(QUESTION, ChatContext(), TODAY, now)
        finally:
            await store.close()
    assert reply.chart, reply.text
    started = time.perf_counter()
    out.write_bytes(summary_chart(reply.chart, reply.chart_title))
    took = time.perf_counter() - started
    print(f"{out}: {reply.chart_title}, {len(reply.chart)} bars, drawn in {took:.2f} s")


if __name__ == "__main__":
    asyncio.run(chart(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img" / "chart.png"))
