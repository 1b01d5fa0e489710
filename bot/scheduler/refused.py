"""Chats the bot cannot reach: one use case for every platform and every kind of message.

A platform refused a chat for good (the bot was removed or blocked, a robot's key is dead, a user
left the organisation): the chat's bindings end, so nothing more is sent or answered there, and
every administrator is told. Reminders given up (refused, or retries exhausted) are reported once
a day per chat, through the outbox; a reply refused is reported at once where the administrator's
platform can be reached (`tell`), else through the outbox.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime

from bot import texts
from bot.domain.chat import ChatRef, Reply
from store.access import chat_bindings, end_bindings
from store.outbox import enqueue_notices
from store.repo import Store

Tell = Callable[[Reply, ChatRef], Awaitable[None]]  # send a reply to a chat now


async def chat_refused(store: Store, admins: Iterable[ChatRef], chat: ChatRef, why: str,
                       now: datetime, *, refused: bool = True, reminders: bool = False,
                       tell: Tell | None = None) -> None:
    """End a refused chat's bindings and tell the administrators (see the module's docstring);
    `refused` False: retries ran out, the bindings stay."""
    bindings = await chat_bindings(store, chat.platform, chat.chat_id) if refused else []
    if bindings:
        await end_bindings(store, chat.platform, chat.chat_id, "refused", now)
    others = sorted(a for a in set(admins) if a != chat)
    day = now.date()
    if reminders:
        await enqueue_notices(store, others, f"gave-up-{chat}-{day.isoformat()}",
                              texts.GAVE_UP.format(chat=chat, why=why[:200]), day, now)
        return
    if not bindings:
        return  # told already when they ended
    who = "、".join(f"{b.org}{b.unit or ''}" for b in bindings)
    notice = texts.BINDING_ENDED_ADMIN.format(chat=chat.chat_id, who=who)
    for admin in others:
        if tell is not None:
            await tell(Reply(notice), admin)
        else:
            await enqueue_notices(store, [admin], f"ended-{chat}-{day.isoformat()}", notice, day,
                                  now)
