"""Sign-in to the web console from a chat: 「/web」 in a bound private chat returns a one-time
link (10 minutes) that starts a session with the chat's org, unit and role. The same identity is
the caller of every web request, so the web console's pages are checked by the chat rules
(bot.handlers.access)."""

from __future__ import annotations

from datetime import datetime

from bot import texts
from bot.domain.chat import ChatRef, Reply
from bot.handlers.access import Caller
from bot.handlers.turn import Turn
from store.access import BindingView
from store.kinds import ChatRole
from store.repo import Store
from store.websessions import LINK_MINUTES, WebIdentity, WebSessionView, create_link

SIGN_IN_PATH = "/signin/"


def identity(caller: Caller) -> WebIdentity:
    """Who a chat signs in as: its binding's org, unit and role, or an administrator."""
    ctx = caller.context
    role = ChatRole.ADMIN if caller.admin else ctx.role
    assert role is not None
    return WebIdentity(ctx.org if role != ChatRole.ADMIN else None,
                       ctx.unit if role == ChatRole.LIAISON else None, str(role),
                       str(caller.chat), ctx.actor or str(caller.user))


async def sign_in_link(store: Store, base_url: str, who: WebIdentity, now: datetime) -> str:
    """A one-time sign-in address for `who` at the console served at `base_url`."""
    token = await create_link(store, who, now)
    return f"{base_url.rstrip('/')}{SIGN_IN_PATH}{token}"


async def web(turn: Turn) -> list[Reply]:
    """「/web」: a sign-in link for this chat (in a private chat only: anyone in a group could
    open it first)."""
    base = turn.service.web_url
    if base is None:
        return turn.reply(texts.WEB_OFF)
    if turn.chat_type != "private":
        return turn.reply(texts.WEB_PRIVATE_ONLY)
    url = await sign_in_link(turn.service.store, base, identity(turn.caller), turn.now)
    return turn.reply(texts.WEB_LINK.format(url=url, minutes=LINK_MINUTES))


def session_caller(session: WebSessionView) -> Caller:
    """The caller a web session acts as: the chat it was asked from with the session's role
    (a binding of that role), or an administrator."""
    who = session.who
    chat = ChatRef.parse(who.chat) if who.chat else ChatRef("web", f"session-{session.id}")
    user = ChatRef.parse(who.actor, default_platform="web")
    if who.role == ChatRole.ADMIN:
        return Caller(chat, user, (), admin=True)
    binding = BindingView(0, chat.platform, chat.chat_id, who.org or "", who.unit, who.role,
                          session.created_at)
    return Caller(chat, user, (binding,), admin=False)
