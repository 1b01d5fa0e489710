"""What each chat asked last: read and overwritten per chat, so follow-ups can continue it.

The store is the record; each Store also keeps the memories it read or wrote, so a chat's next
message costs no read (a chat is served by one process: the one running its platform)."""

from __future__ import annotations

import logging
import weakref
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.exc import SQLAlchemyError

from store.db import dialect_insert, is_read_only
from store.models import ChatMemory
from store.repo import Store

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Memory:
    """A chat's last question as far as a follow-up needs it."""

    speaker: str  # who the chat spoke as: a follow-up in another role starts afresh
    intent: str
    org: str | None
    year: int | None
    unit: str | None
    period: tuple[date, date] | None
    status: str | None
    keyword: str | None
    at: datetime
    guess: str | None = None  # the unit the last reply asked about (「您是说区教育局吗？」)


_Key = tuple[str, str]
_kept: weakref.WeakKeyDictionary[Store, dict[_Key, Memory | None]] = weakref.WeakKeyDictionary()


async def load_memory(store: Store, platform: str, chat_id: str) -> Memory | None:
    """The chat's last question, if it asked one (None, logged, when it cannot be read: a
    question is answered without it rather than not at all)."""
    kept = _kept.setdefault(store, {})
    if (platform, chat_id) in kept:
        return kept[(platform, chat_id)]
    try:
        async with store.sessions() as session:
            row = await session.get(ChatMemory, (platform, chat_id))
    except SQLAlchemyError:
        _log.warning("the last question of %s:%s could not be read", platform, chat_id, exc_info=True)
        return None
    memory = None
    if row is not None:
        period = (row.period_start, row.period_end) if row.period_start and row.period_end else None
        memory = Memory(row.speaker, row.intent, row.org, row.year, row.unit, period, row.status,
                        row.keyword, row.updated_at, row.guess)
    kept[(platform, chat_id)] = memory
    return memory


async def save_memory(store: Store, platform: str, chat_id: str, memory: Memory) -> None:
    """Overwrite the chat's last question (not counted as a write: no cache reads it)."""
    memory = replace(memory, speaker=memory.speaker[:255],  # as the columns hold it
                     keyword=(memory.keyword or None) and memory.keyword[:64])
    values = {"speaker": memory.speaker, "intent": memory.intent, "org": memory.org,
              "year": memory.year, "unit": memory.unit,
              "period_start": memory.period[0] if memory.period else None,
              "period_end": memory.period[1] if memory.period else None,
              "status": memory.status, "keyword": memory.keyword,
              "guess": memory.guess,
              "updated_at": memory.at}
    _kept.setdefault(store, {})[(platform, chat_id)] = memory
    if is_read_only(store.engine):  # a full disk: the store is read as it is, nothing written
        return
    insert = dialect_insert(store.engine)
    statement = insert(ChatMemory).values(platform=platform, chat_id=chat_id, **values)
    statement = statement.on_conflict_do_update(index_elements=["platform", "chat_id"], set_=values)
    try:
        async with store.sessions() as session:
            await session.execute(statement)
            await session.commit()
    except SQLAlchemyError:  # the answer matters more than remembering the question
        _log.warning("the last question of %s:%s could not be kept", platform, chat_id, exc_info=True)
