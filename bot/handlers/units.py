"""Use case: an org's roster of units — list it (leads and administrators), add or retire a unit
(administrators). `/units [区]`, `/units add 区 单位 [类别]`, `/units retire 区 单位`; the
`duban units list|add|retire` command calls the same functions."""

from __future__ import annotations

from datetime import datetime

from bot import texts
from bot.domain.chat import Reply
from bot.domain.errors import UserError
from bot.handlers.turn import Turn
from store.directory.directory import (
    COLLECTIVE_KINDS,
    KIND_COLLECTIVE,
    MEMBER_KINDS,
    Directory,
    classify,
)
from store.kinds import ChatRole
from store.repo import Store
from store.roster import Roster, RosterError, Source, add_unit, retire_unit, roster

# What an administrator may write for a kind: the stored word or its Chinese name.
_KIND_WORDS = {**{k: k for k in MEMBER_KINDS}, **{v: k for k, v in texts.UNIT_KIND_NAMES.items()}}


def kind_word(text: str) -> str | None:
    """The unit kind a word means (department / 部门 …), or None."""
    return _KIND_WORDS.get(text.strip().lower())


def roster_text(members: Roster, directory: Directory) -> str:
    """The roster by kind, what each collective stands for, and the retired units."""
    ordered = members.ordered()
    lines = [texts.UNITS_HEAD.format(org=members.org, n=len(ordered))]
    for kind in MEMBER_KINDS:
        names = [m.name + (texts.UNITS_ADDED_MARK if m.source == Source.ADMIN else "")
                 for m in ordered if m.kind == kind]
        if names:
            lines.append(texts.UNITS_KIND_LINE.format(kind=texts.UNIT_KIND_NAMES[kind], n=len(names),
                                                      names="、".join(names)))
    covers = []
    for collective, kinds in COLLECTIVE_KINDS.items():
        if kinds:
            n = len(members.members_of(collective, directory) or [])
            covers.append(texts.UNITS_COVERS.format(
                collective=collective, kinds="和".join(texts.UNIT_KIND_NAMES[k] for k in MEMBER_KINDS
                                                      if k in kinds), n=n))
    lines.append(texts.UNITS_COLLECTIVES.format(covers="；".join(covers),
                                                unknown="、".join(n for n, k in COLLECTIVE_KINDS.items()
                                                                 if k is None)))
    if members.retired:
        lines.append(texts.UNITS_RETIRED.format(names="、".join(sorted(members.retired))))
    return "\n".join(lines)


async def known_roster(store: Store, directory: Directory, org: str) -> Roster:
    """The roster of an org the store or the directory knows. Raises UserError otherwise."""
    members = await roster(store, org, directory)
    if not members.members and not members.retired and org not in directory.districts:
        raise UserError(texts.UNITS_UNKNOWN_ORG.format(org=org))
    return members


async def list_units(store: Store, directory: Directory, org: str) -> str:
    """The roster of `org` as text. Raises UserError for an org nobody knows."""
    return roster_text(await known_roster(store, directory, org), directory)


def _unit_name(directory: Directory, org: str, text: str) -> str:
    name = directory.canonical_unit(text, org).name
    if directory.lookup(name) is None and not name.startswith("区") \
            and (known := directory.lookup("区" + name)) is not None:
        name = known.name  # 水务局 -> 区水务局, as people write it
    if not name or directory.lookup(name) and directory.lookup(name).kind == KIND_COLLECTIVE \
            or classify(name) == KIND_COLLECTIVE:
        raise UserError(texts.UNITS_NOT_COLLECTIVE.format(name=text.strip()))
    return name


async def add(store: Store, directory: Directory, org: str, text: str, kind_text: str | None,
              by: str, now: datetime | None = None) -> str:
    """Put a unit on the roster; the reply. Raises UserError for a bad kind or a collective."""
    await known_roster(store, directory, org)
    name = _unit_name(directory, org, text)
    info = directory.lookup(name)
    if kind_text:
        kind = kind_word(kind_text)
        if kind is None:
            raise UserError(texts.UNITS_BAD_KIND.format(kind=kind_text, kinds=_kinds_hint()))
    else:
        kind = info.kind if info and info.kind in MEMBER_KINDS else classify(name)
        if kind not in MEMBER_KINDS:
            kind = "other"
    try:
        new = await add_unit(store, org, name, kind, by, now)
    except RosterError as err:
        raise UserError(texts.UNITS_NOT_COLLECTIVE.format(name=name)) from err
    text_key = texts.UNITS_ADDED if new else texts.UNITS_ALREADY
    return text_key.format(org=org, unit=name, kind=texts.UNIT_KIND_NAMES[kind])


async def retire(store: Store, directory: Directory, org: str, text: str, by: str,
                 now: datetime | None = None) -> str:
    """Take a unit off the roster; the reply. Raises UserError when it is not on it."""
    members = await known_roster(store, directory, org)
    name = _unit_name(directory, org, text)
    member = members.members.get(name)
    if member is None:
        if name in members.retired:
            return texts.UNITS_ALREADY_RETIRED.format(org=org, unit=name)
        raise UserError(texts.UNITS_NOT_ON_ROSTER.format(org=org, unit=name))
    await retire_unit(store, org, name, member.kind, by, now)
    return texts.UNITS_RETIRED_OK.format(org=org, unit=name)


def _kinds_hint() -> str:
    return "、".join(texts.UNIT_KIND_NAMES[k] for k in MEMBER_KINDS)


async def units(turn: Turn) -> list[Reply]:
    """「/units [区]」 lists the roster (a lead: its own org); 「/units add 区 单位 [类别]」 and
    「/units retire 区 单位」 change it (administrators). A UserError raised here is answered
    with its message by the chat service."""
    words = turn.args.split()
    service, ctx = turn.service, turn.ctx
    directory = service.answerer.directory
    action = words[0].lower() if words else "list"
    if action in ("add", "retire", "添加", "退出", "移除"):
        if not turn.caller.admin:
            return turn.reply(texts.ADMINS_ONLY)
        if len(words) < 3:
            return turn.reply(texts.UNITS_USAGE)
        org = directory.resolve_org(words[1]) or words[1]
        if action in ("add", "添加"):
            kind = words[3] if len(words) > 3 else None
            return turn.reply(await add(service.store, directory, org, words[2], kind,
                                        str(turn.caller.user), turn.now))
        return turn.reply(await retire(service.store, directory, org, words[2],
                                       str(turn.caller.user), turn.now))
    if action == "list":
        words = words[1:]
    named = directory.resolve_org(words[0]) if words else None
    if ctx.role == ChatRole.LEAD and not turn.caller.admin:
        if named and named != ctx.org:
            return turn.reply(texts.UNITS_OWN_ORG.format(org=ctx.org))
        org = ctx.org
    else:
        org = named or ctx.org
    if org is None:
        return turn.reply(texts.UNITS_USAGE)
    return turn.reply(await list_units(service.store, directory, org))  # UserError: its message
