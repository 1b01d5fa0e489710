"""Use cases about who a chat is: bind with an invite code, unbind, who am I; administrators
issue invites and tie WeCom group robots to units."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot import texts
from bot.domain.chat import Reply
from bot.domain.errors import UserError
from bot.handlers.render import org_unit
from bot.handlers.turn import Turn
from store.access import InviteError, create_invite, end_bindings, redeem_invite
from store.chatguard import WRONG_CODES, binders, code_cool_down, record_wrong_code
from store.kinds import ChatRole
from store.robots import ROBOT_KINDS
from store.robots import bind_robot as store_robot

if TYPE_CHECKING:
    from bot.handlers.answer import Answerer



async def bind(turn: Turn) -> list[Reply]:
    """「/bind CODE」: the chat takes the invite's unit (or org) and role. After WRONG_CODES
    wrong codes in an hour (store.chatguard) the chat is told to wait, and no code is tried."""
    code = turn.args.split()[0] if turn.args.split() else ""
    if not code:
        return turn.reply(texts.BIND_USAGE)
    chat, store = turn.caller.chat, turn.service.store
    wait = await code_cool_down(store, chat.platform, chat.chat_id, turn.now)
    if wait is not None:
        minutes = max(1, -(-int(wait.total_seconds()) // 60))  # rounded up
        return turn.reply(texts.BIND_COOLDOWN.format(n=WRONG_CODES, minutes=minutes))
    try:
        binding = await redeem_invite(store, code, chat.platform, chat.chat_id,
                                      str(turn.caller.user), turn.now)
    except InviteError as err:
        await record_wrong_code(store, chat.platform, chat.chat_id, str(turn.caller.user),
                                turn.now)
        return turn.reply(texts.BIND_ERRORS[err.reason])
    return turn.reply(texts.BIND_OK.format(who=org_unit(binding.org, binding.unit),
                                           role=texts.ROLE_NAMES[binding.role]))


async def unbind(turn: Turn) -> list[Reply]:
    """「/unbind」: every binding of the chat ends. In a group (any chat that is not the
    caller's own private chat) only a duban administrator, the person who bound it or an
    administrator of the chat may do it."""
    chat = turn.caller.chat
    if not await may_unbind(turn):
        return turn.reply(texts.UNBIND_REFUSED)
    n = await end_bindings(turn.service.store, chat.platform, chat.chat_id, "unbind", turn.now)
    return turn.reply(texts.UNBIND_OK.format(n=n) if n else texts.UNBIND_NONE)


async def may_unbind(turn: Turn) -> bool:
    """Whether the caller may end the chat's bindings."""
    caller, chat = turn.caller, turn.caller.chat
    if caller.admin or chat == caller.user:  # on every platform a user's own chat has their id
        return True
    if str(caller.user) in await binders(turn.service.store, chat.platform, chat.chat_id):
        return True
    check = turn.service.chat_admin.get(chat.platform)
    return check is not None and await check(chat, caller.user)


async def whoami(turn: Turn) -> list[Reply]:
    """「/whoami」: the chat's bindings, and whether its user administers."""
    bindings = turn.caller.bindings
    lines = [texts.WHOAMI_HEAD] if bindings else [texts.WHOAMI_NONE]
    lines += [texts.WHOAMI_LINE.format(who=org_unit(b.org, b.unit), role=texts.ROLE_NAMES[b.role])
              for b in bindings]
    if turn.caller.admin:
        lines.append(texts.WHOAMI_ADMIN)
    return turn.reply("\n".join(lines))


async def invite(turn: Turn) -> list[Reply]:
    """「/invite 普陀区 区数据局 [liaison|lead]」: a one-time code."""
    words = turn.args.split()
    role = ChatRole.LIAISON
    if words and words[-1].lower() in (ChatRole.LIAISON, ChatRole.LEAD):
        role = ChatRole(words.pop().lower())
    if not words:
        return turn.reply(texts.INVITE_USAGE)
    code, org, unit = await issue_invite(turn.service.answerer, words[0], " ".join(words[1:]),
                                         role, str(turn.caller.user), turn.now)
    return turn.reply(texts.INVITE_OK.format(code=code, who=org_unit(org, unit),
                                             role=texts.ROLE_NAMES[role]))


async def bind_robot(turn: Turn) -> list[Reply]:
    """「/bindrobot [dingtalk] 长宁区 区教育局 KEY [SECRET]」."""
    return [await bind_robot_for(turn.service.answerer, turn.args, str(turn.caller.user), turn.now)]


async def issue_invite(answerer: Answerer, org_text: str, unit_text: str, role: ChatRole,
                       user: str, now: datetime | None = None) -> tuple[str, str, str | None]:
    """A one-time code for the org and unit as a person writes them: (code, org, unit). Raises
    UserError when they cannot be resolved."""
    org, unit = await answerer.resolve(org_text, unit_text)
    if org not in {p.org for p in answerer.catalog}:
        raise UserError(texts.INVITE_BAD_ORG.format(org=org_text))
    if role == ChatRole.LIAISON and unit is None:
        raise UserError(texts.INVITE_USAGE)
    return await create_invite(answerer.store, org, unit, role, user, now), org, unit


async def bind_robot_for(answerer: Answerer, args: str, user: str,
                         now: datetime | None = None) -> Reply:
    """「[wecom|dingtalk] 长宁区 区教育局 KEY [SECRET]」 (or the whole webhook URL): tie a group
    robot to the unit (WeCom's by default; DingTalk's with its 加签 secret). Raises UserError when
    the words do not name a unit and a key."""
    words = args.split()
    named = [k for k in ROBOT_KINDS if words and words[0].lower() in k.words]
    kind = named[0] if named else ROBOT_KINDS[0]
    if named:
        words = words[1:]
    secret = None
    if kind.secret is not None and len(words) > 3 and kind.secret.fullmatch(words[-1]):
        secret = words.pop()
    if len(words) < 3:
        raise UserError(texts.ROBOT_BIND_USAGE)
    m = kind.key.search(words[-1])
    if m is None:
        raise UserError(texts.ROBOT_BAD_KEYS[kind.platform])
    org, unit = await answerer.resolve(words[0], " ".join(words[1:-1]))
    if org not in {p.org for p in answerer.catalog}:
        raise UserError(texts.INVITE_BAD_ORG.format(org=words[0]))
    if unit is None:
        raise UserError(texts.ROBOT_BIND_USAGE)
    _, new = await store_robot(answerer.store, org, unit, m[1], user, now,
                               platform=kind.binding, secret=secret)
    return Reply((texts.ROBOT_BIND_OK if new else texts.ROBOT_BIND_SAME).format(who=org_unit(org, unit)))
