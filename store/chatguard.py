"""What guards a chat's bindings: who bound it, and the wrong invite codes tried in it (throttled
per chat, so codes cannot be guessed)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from store.models import BindAttempt, Binding
from store.repo import Store

# Wrong invite codes a chat may try in CODE_WINDOW; then it waits until the oldest is that old.
WRONG_CODES = 5
CODE_WINDOW = timedelta(hours=1)


async def binders(store: Store, platform: str, chat_id: str) -> frozenset[str]:
    """Who made the chat's active bindings (`platform:user`, as recorded when they bound it)."""
    async with store.sessions() as session:
        found = await session.scalars(select(Binding.created_by).where(
            Binding.platform == platform, Binding.chat_id == chat_id, Binding.active))
        return frozenset(b for b in found if b)


async def wrong_codes_since(store: Store, platform: str, chat_id: str,
                            since: datetime) -> list[datetime]:
    """When wrong invite codes were tried in the chat after `since`, oldest first."""
    async with store.sessions() as session:
        return list((await session.scalars(select(BindAttempt.at).where(
            BindAttempt.platform == platform, BindAttempt.chat_id == chat_id,
            BindAttempt.at > since).order_by(BindAttempt.at))).all())


async def code_cool_down(store: Store, platform: str, chat_id: str,
                         now: datetime) -> timedelta | None:
    """How long the chat must wait before it may try another invite code (None: it may now)."""
    tried = await wrong_codes_since(store, platform, chat_id, now - CODE_WINDOW)
    if len(tried) < WRONG_CODES:
        return None
    return tried[-WRONG_CODES] + CODE_WINDOW - now


async def record_wrong_code(store: Store, platform: str, chat_id: str, user: str,
                            now: datetime, keep: timedelta = timedelta(days=1)) -> None:
    """Record a wrong invite code tried in the chat (and forget those older than `keep`)."""
    async with store.sessions() as session, session.begin():
        session.add(BindAttempt(platform=platform, chat_id=chat_id, user_id=user, at=now))
        await session.execute(delete(BindAttempt).where(BindAttempt.at < now - keep))


async def count_wrong_codes(store: Store) -> int:
    """How many wrong codes are on record (tests, maintenance)."""
    async with store.sessions() as session:
        return await session.scalar(select(func.count(BindAttempt.id))) or 0
