"""Other processes' writes reach this process's caches: at once on PostgreSQL (LISTEN/NOTIFY),
within a second otherwise."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.domain.chat import ChatRef
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from store.access import create_invite, redeem_invite
from store.reader import RECHECK_SECONDS
from store.repo import Store
from tests.conftest import SAMPLES

CHAT = ChatRef("telegram", "777")


async def _import(store: Store) -> None:
    from store.ingest.service import import_files

    await import_files(store, [SAMPLES / "putuo-2025.txt"])


async def _bind(store: Store) -> None:
    code = await create_invite(store, "普陀区", "区财政局", "liaison", "test")
    await redeem_invite(store, code, CHAT.platform, CHAT.chat_id, "test")


async def _until(check, timeout: float = 2.0) -> float:  # noqa: ANN001 - a callable
    """Wait (on the event loop) until `check()` holds; the seconds it took."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    while not check():
        if loop.time() - start > timeout:
            raise TimeoutError
        await asyncio.sleep(0.005)
    return loop.time() - start


async def test_another_process_writes_are_heard_at_once_on_postgresql(store: Store) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's")
    other = await Store.open(str(store.engine.url.render_as_string(hide_password=False)))
    try:
        await store.listen()
        await other.listen()
        assert store.hears_others and other.hears_others
        service = ChatService(Answerer(store), [], b"k" * 32)
        service.clock = lambda: 0.0  # the second never passes: only a notification reloads
        assert await service.bindings(CHAT) == []
        before = store.writes
        await _bind(other)  # "another process" binds the chat
        took = await _until(lambda: store.writes != before)
        assert took < 1.0
        assert [(b.org, b.unit) for b in await service.bindings(CHAT)] == [("普陀区", "区财政局")]
        # its own writes are not heard back as another's
        heard = store.changes.heard
        await _bind(store)
        await asyncio.sleep(0.2)
        assert store.changes.heard == heard
    finally:
        await other.close()


async def test_without_notifications_caches_look_again_after_a_second(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 's.sqlite3'}"
    here, there = await Store.open(url), await Store.open(url)
    try:
        await _import(here)
        await here.listen()  # nothing on SQLite
        assert not here.hears_others
        service = ChatService(Answerer(here), [], b"k" * 32)
        now = [100.0]
        service.clock = lambda: now[0]
        assert await service.bindings(CHAT) == []
        await _bind(there)
        assert await service.bindings(CHAT) == []  # trusted for a second
        now[0] += RECHECK_SECONDS
        assert [(b.org, b.unit) for b in await service.bindings(CHAT)] == [("普陀区", "区财政局")]
    finally:
        await here.close()
        await there.close()
