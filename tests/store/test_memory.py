"""A chat's last question, kept per chat and overwritten, on every backend."""

from __future__ import annotations

from datetime import UTC, date, datetime

from store.memory import Memory, load_memory, save_memory
from store.repo import Store

AT = datetime(2025, 10, 22, 2, 0, tzinfo=UTC)


async def test_memory_is_kept_per_chat_and_overwritten(store: Store) -> None:
    assert await load_memory(store, "telegram", "-100") is None
    first = Memory("liaison|长宁区|区教育局|0", "tasks", "长宁区", 2025, None,
                   (date(2025, 10, 1), date(2025, 10, 31)), "overdue", None, AT, "区教育局")
    await save_memory(store, "telegram", "-100", first)
    assert await load_memory(store, "telegram", "-100") == first
    later = Memory("lead|长宁区||0", "search", "长宁区", None, "区教育局", None, None,
                   "政府开放月" * 20, AT.replace(minute=5))
    await save_memory(store, "telegram", "-100", later)
    kept = await load_memory(store, "telegram", "-100")
    assert kept is not None and kept.intent == "search" and kept.period is None and kept.guess is None
    assert kept.keyword == ("政府开放月" * 20)[:64] and kept.at == AT.replace(minute=5)
    assert await load_memory(store, "wecom", "-100") is None
    assert store.writes == 0  # no cache reads it


async def test_a_store_that_cannot_keep_it_still_answers(store: Store) -> None:
    from sqlalchemy import text

    async with store.sessions() as session:
        await session.execute(text("DROP TABLE chat_memory"))
        await session.commit()
    assert await load_memory(store, "telegram", "-100") is None
    await save_memory(store, "telegram", "-100", Memory("x", "tasks", None, None, None, None, None,
                                                        None, AT))  # logged, not raised
