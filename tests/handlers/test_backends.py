"""The answer layer on every store backend (SQLite always; PostgreSQL when configured)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.handlers.answer import Answerer
from bot.handlers.context import ChatContext
from store.ingest.service import import_files
from store.repo import Store
from tests.conftest import SAMPLES

TODAY = date(2025, 6, 16)


async def test_lists_reports_and_summarises(store: Store) -> None:
    await import_files(store, [SAMPLES / "putuo-2025.txt", SAMPLES / "changning-2025.txt"])
    answerer = Answerer(store)
    _, listing = await answerer.answer("普陀区数据局10月任务", ChatContext(), TODAY)
    assert [(t.org, t.seq) for t in listing.tasks] == [("普陀区", 22)]
    _, found = await answerer.answer("搜索 政府开放月", ChatContext(), TODAY)
    assert sorted((t.org, t.seq) for t in found.tasks) == [("普陀区", 20), ("长宁区", 20)]
    ctx = ChatContext(org="长宁区", unit="新华路街道")
    now = datetime(2025, 6, 16, 1, 30, tzinfo=UTC)
    _, saved = await answerer.answer("第9项 已完成 已开讲", ctx, TODAY, now)
    assert saved.text == "已记录：长宁区 2025年 第9项，新华路街道 已完成（已开讲）。"
    _, done = await answerer.answer("长宁区新华路街道已完成的任务", ChatContext(), TODAY)
    assert [t.seq for t in done.tasks] == [9]
    _, late = await answerer.answer("长宁区逾期任务", ChatContext(), TODAY)
    assert [t.seq for t in late.tasks] == [32]
