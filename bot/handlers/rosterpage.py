"""Use cases of the web console's roster page: what it shows of an org (units with their
aliases and chats, open invite codes, bindings, group robots with masked keys, the calendar's
overrides) and the changes an administrator makes there, through the same functions as
`duban units`, `duban invite`, `duban units bind-robot` and `duban calendar set`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from bot import texts
from bot.domain.errors import UserError
from bot.handlers import units
from bot.handlers.answer import Answerer
from bot.handlers.bindings import bind_robot_for, issue_invite
from bot.handlers.render import org_unit
from store.access import (
    BindingView,
    InviteView,
    all_bindings,
    end_binding,
    open_invites,
    revoke_invite,
)
from store.calendar import Override, list_overrides, remove_override, set_override
from store.kinds import ChatRole
from store.robots import ROBOT_KINDS, robot_tails
from store.robots import ROBOT_PLATFORMS as ROBOT_CHATS
from store.roster import RosterError, add_alias, remove_alias, unit_aliases

ROBOT_PLATFORMS = tuple(k.platform for k in ROBOT_KINDS)  # the form's choices (bind_robot_for's words)
PLATFORM_OF = {k.binding: k.platform for k in ROBOT_KINDS}  # a robot binding's platform


@dataclass(frozen=True)
class UnitRow:
    """A unit of the roster as the page lists it."""

    name: str
    kind: str
    aliases: list[str]
    retired: bool
    chats: list[BindingView]


@dataclass(frozen=True)
class RobotRow:
    """A robot binding, with its key shown only as a masked tail."""

    binding: BindingView
    tail: str


@dataclass(frozen=True)
class RosterPage:
    """Everything the roster page shows; invites only to administrators."""

    org: str
    units: list[UnitRow]
    invites: list[InviteView]
    bindings: list[BindingView]
    robots: list[RobotRow]
    overrides: list[Override]


async def roster_page(answerer: Answerer, org: str, now: datetime, admin: bool) -> RosterPage:
    """The page of an org the store or directory knows. Raises UserError otherwise."""
    store = answerer.store
    members = await units.known_roster(store, answerer.directory, org)
    aliases = await unit_aliases(store, org)
    bound = [b for b in await all_bindings(store) if b.org == org]
    chats = [b for b in bound if b.platform not in ROBOT_CHATS]
    tails = await robot_tails(store, [b.chat_id for b in bound if b.platform in ROBOT_CHATS])
    rows = [UnitRow(m.name, m.kind, aliases.get(m.name, []), False,
                    [b for b in chats if b.unit == m.name]) for m in members.ordered()]
    rows += [UnitRow(name, kind, aliases.get(name, []), True, [])
             for name, kind in sorted(members.retired.items())]
    return RosterPage(org, rows, await open_invites(store, org, now) if admin else [], chats,
                      [RobotRow(b, tails.get(b.chat_id, "")) for b in bound
                       if b.platform in ROBOT_CHATS],
                      await list_overrides(store))


Form = Mapping[str, str]
Action = Callable[[Answerer, str, Form, str, datetime], Awaitable[str]]


def _field(form: Form, name: str, empty: str) -> str:
    value = form.get(name, "").strip()
    if not value:
        raise UserError(empty)
    return value


async def _member(answerer: Answerer, org: str, name: str) -> tuple[str, str]:
    """(name, kind) of a unit on the roster, retired or not. Raises UserError."""
    members = await units.known_roster(answerer.store, answerer.directory, org)
    if name in members.members:
        return name, members.members[name].kind
    if name in members.retired:
        return name, members.retired[name]
    raise UserError(texts.WEB_ROSTER_NOT_MEMBER.format(org=org, unit=name))


async def _clashes(answerer: Answerer, org: str, name: str, word: str) -> bool:
    """Whether `word` already names another unit of the org (by name or alias)."""
    members = await units.known_roster(answerer.store, answerer.directory, org)
    aliases = await unit_aliases(answerer.store, org)
    others = (set(members.members) | set(members.retired)) - {name}
    return word in others or any(word in a for n, a in aliases.items() if n != name)


async def add_unit(answerer: Answerer, org: str, form: Form, by: str, now: datetime) -> str:
    """Put a unit on the roster (as `/units add`)."""
    name = _field(form, "name", texts.WEB_ROSTER_EMPTY_NAME)
    aliases = await unit_aliases(answerer.store, org)
    if any(name in a for n, a in aliases.items() if n != name):  # another unit's alias
        raise UserError(texts.WEB_ROSTER_ALIAS_CLASH.format(alias=name, org=org))
    notice = await units.add(answerer.store, answerer.directory, org, name,
                             form.get("kind", "").strip() or None, by, now)
    await answerer.refresh(force=True)  # the chat's questions know the unit from now on
    return notice


async def retire_unit(answerer: Answerer, org: str, form: Form, by: str, now: datetime) -> str:
    """Take a unit off the roster (as `/units retire`)."""
    name = _field(form, "name", texts.WEB_ROSTER_EMPTY_NAME)
    return await units.retire(answerer.store, answerer.directory, org, name, by, now)


async def restore_unit(answerer: Answerer, org: str, form: Form, by: str, now: datetime) -> str:
    """Put a retired unit back, with its kind."""
    name, kind = await _member(answerer, org, _field(form, "name", texts.WEB_ROSTER_EMPTY_NAME))
    return await units.add(answerer.store, answerer.directory, org, name, kind, by, now)


async def add_unit_alias(answerer: Answerer, org: str, form: Form, by: str, now: datetime) -> str:
    """Another name for a unit; refused when it names another unit of the org."""
    name, kind = await _member(answerer, org, _field(form, "name", texts.WEB_ROSTER_EMPTY_NAME))
    alias = _field(form, "alias", texts.WEB_ROSTER_EMPTY_ALIAS)
    clash = UserError(texts.WEB_ROSTER_ALIAS_CLASH.format(alias=alias, org=org))
    if alias == name:
        return texts.WEB_ROSTER_ALIAS_SAME.format(unit=name, alias=alias)
    if await _clashes(answerer, org, name, alias):
        raise clash
    try:
        new = await add_alias(answerer.store, org, name, kind, alias, by)
    except RosterError as err:
        raise clash from err
    await answerer.refresh(force=True)  # the chat's questions know the alias from now on
    return (texts.WEB_ROSTER_ALIAS_ADDED if new else texts.WEB_ROSTER_ALIAS_SAME).format(
        unit=name, alias=alias)


async def remove_unit_alias(answerer: Answerer, org: str, form: Form, by: str,
                            now: datetime) -> str:
    """Drop an alias of a unit."""
    name = _field(form, "name", texts.WEB_ROSTER_EMPTY_NAME)
    alias = _field(form, "alias", texts.WEB_ROSTER_EMPTY_ALIAS)
    if not await remove_alias(answerer.store, org, name, alias):
        raise UserError(texts.WEB_ROSTER_ALIAS_NONE.format(unit=name, alias=alias))
    await answerer.refresh(force=True)
    return texts.WEB_ROSTER_ALIAS_REMOVED.format(unit=name, alias=alias)


async def new_invite(answerer: Answerer, org: str, form: Form, by: str, now: datetime) -> str:
    """A one-time code for a unit's liaison, or (no unit) for the org's lead (as `/invite`)."""
    unit = form.get("unit", "").strip()
    role = ChatRole.LIAISON if unit else ChatRole.LEAD
    code, org, unit_name = await issue_invite(answerer, org, unit, role, by, now)
    return texts.INVITE_OK.format(code=code, who=org_unit(org, unit_name),
                                  role=texts.ROLE_NAMES[role])


async def cancel_invite(answerer: Answerer, org: str, form: Form, by: str, now: datetime) -> str:
    """Make an open code unusable."""
    code = form.get("code", "").strip().upper()
    if not code or not await revoke_invite(answerer.store, org, code, now):
        raise UserError(texts.WEB_ROSTER_NO_INVITE.format(code=code))
    return texts.WEB_ROSTER_REVOKED.format(code=code)


async def unbind(answerer: Answerer, org: str, form: Form, by: str, now: datetime) -> str:
    """End one binding of the org (a chat's or a robot's)."""
    number = form.get("binding", "")
    found = [b for b in await all_bindings(answerer.store)
             if b.org == org and str(b.id) == number]
    if not found or not await end_binding(answerer.store, found[0].id, org, "web", now):
        raise UserError(texts.WEB_ROSTER_NO_BINDING)
    b = found[0]
    if b.platform in ROBOT_CHATS:
        return texts.WEB_ROSTER_ROBOT_UNBOUND.format(who=org_unit(b.org, b.unit))
    return texts.WEB_ROSTER_UNBOUND.format(platform=b.platform, chat=b.chat_id,
                                           who=org_unit(b.org, b.unit))


async def bind_robot(answerer: Answerer, org: str, form: Form, by: str, now: datetime) -> str:
    """Tie a group robot to a unit (as `duban units bind-robot`)."""
    platform = form.get("platform", "wecom")
    if platform not in ROBOT_PLATFORMS:
        raise UserError(texts.WEB_ROSTER_BAD_PLATFORM)
    name = _field(form, "unit", texts.WEB_ROSTER_EMPTY_NAME)
    key, secret = form.get("key", "").strip(), form.get("secret", "").strip()
    if not key or " " in key or " " in secret:
        raise UserError(texts.ROBOT_BAD_KEY)
    if secret and next(k for k in ROBOT_KINDS if k.platform == platform).secret is None:
        raise UserError(texts.WEB_ROSTER_SECRET_DINGTALK_ONLY)
    words = " ".join(w for w in (platform, org, name, key, secret) if w)
    return (await bind_robot_for(answerer, words, by, now)).text


def _day(form: Form) -> date:
    text = form.get("day", "").strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(texts.WEB_ROSTER_BAD_DAY.format(day=text)) from None


async def set_day(answerer: Answerer, org: str, form: Form, by: str, now: datetime) -> str:
    """Mark a day 上班 or 放假 (as `duban calendar set`)."""
    day = _day(form)
    kind = form.get("kind", "")
    if kind not in texts.WEB_ROSTER_DAY_KINDS:
        raise UserError(texts.WEB_ROSTER_BAD_DAY_KIND)
    await set_override(answerer.store, day, kind == "workday", form.get("note", "").strip() or None)
    return texts.WEB_ROSTER_CALENDAR_SET.format(day=day.isoformat(),
                                                kind=texts.WEB_ROSTER_DAY_KINDS[kind])


async def clear_day(answerer: Answerer, org: str, form: Form, by: str, now: datetime) -> str:
    """Drop a day's override."""
    day = _day(form)
    if not await remove_override(answerer.store, day):
        raise UserError(texts.WEB_ROSTER_CALENDAR_NO.format(day=day.isoformat()))
    return texts.WEB_ROSTER_CALENDAR_REMOVED.format(day=day.isoformat())


# action name (the form's address) -> what it does; every one is for administrators.
ACTIONS: dict[str, Action] = {
    "unit-add": add_unit, "unit-retire": retire_unit, "unit-restore": restore_unit,
    "alias-add": add_unit_alias, "alias-remove": remove_unit_alias,
    "invite-add": new_invite, "invite-revoke": cancel_invite,
    "unbind": unbind, "robot-add": bind_robot,
    "day-set": set_day, "day-remove": clear_day,
}
