"""Administration at the server: invite codes, bindings, group robots, the workday calendar and
the list of plans."""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot import texts
from bot.cli.common import EXIT_BAD_INPUT, date_arg, opened_store, run_async

if TYPE_CHECKING:
    from config.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    """The `plans`, `invite`, `bindings`, `units` and `calendar` subcommands."""
    sub.add_parser("plans", help="列出已导入的计划").set_defaults(run=_sync(_plans))
    inv = sub.add_parser("invite", help="生成一次性邀请码（7 天有效），用于把聊天绑定到单位")
    inv.add_argument("org", metavar="ORG")
    inv.add_argument("unit", nargs="?", metavar="UNIT")
    inv.add_argument("role", nargs="?", choices=["liaison", "lead"], default=None)
    inv.set_defaults(run=_sync(_invite))
    sub.add_parser("bindings", help="列出聊天绑定").set_defaults(run=_sync(_bindings))
    units = sub.add_parser("units", help="单位名册（list / add / retire）和单位的推送渠道")
    units_sub = units.add_subparsers(dest="units_command", required=True)
    listing = units_sub.add_parser("list", help="列出某区的单位名册")
    listing.add_argument("org", metavar="ORG")
    listing.set_defaults(run=_sync(_units_list))
    adding = units_sub.add_parser("add", help="把单位加入某区的名册")
    adding.add_argument("org", metavar="ORG")
    adding.add_argument("unit", metavar="UNIT")
    adding.add_argument("kind", nargs="?", metavar="KIND",
                        help="department|street|town|centre|other（或 部门、街道、镇、中心、其他）")
    adding.add_argument("--by", default="cli", help="记录的操作人")
    adding.set_defaults(run=_sync(_units_add))
    retiring = units_sub.add_parser("retire", help="把单位移出某区的名册")
    retiring.add_argument("org", metavar="ORG")
    retiring.add_argument("unit", metavar="UNIT")
    retiring.add_argument("--by", default="cli", help="记录的操作人")
    retiring.set_defaults(run=_sync(_units_retire))
    robot = units_sub.add_parser("bind-robot", help="把企业微信（或钉钉）群机器人绑定到单位")
    robot.add_argument("--platform", choices=("wecom", "dingtalk"), default="wecom",
                       help="机器人所在的平台（默认 wecom）")
    robot.add_argument("org", metavar="ORG")
    robot.add_argument("unit", metavar="UNIT")
    robot.add_argument("key", metavar="KEY", help="webhook 地址里 key=（钉钉：access_token=）后面的一串，或整个地址")
    robot.add_argument("secret", metavar="SECRET", nargs="?", default=None,
                       help="钉钉机器人的加签密钥（SEC 开头；未开启加签则不填）")
    robot.set_defaults(run=_sync(_bind_robot))
    cal = sub.add_parser("calendar", help="工作日历：查看或修正某天是否上班")
    cal_sub = cal.add_subparsers(dest="calendar_command", required=True)
    cal_set = cal_sub.add_parser("set", help="把某天设为工作日或休息日")
    cal_set.add_argument("day", type=date_arg, metavar="DATE")
    cal_set.add_argument("kind", choices=["workday", "holiday"])
    cal_set.set_defaults(run=_sync(_calendar_set))
    cal_show = cal_sub.add_parser("show", help="列出某年的休息日、调休上班日和修正")
    cal_show.add_argument("year", type=int)
    cal_show.set_defaults(run=_sync(_calendar_show))


def _sync(command):  # type: ignore[no-untyped-def]
    """An async command as argparse's `run`."""
    def run(args: argparse.Namespace, settings: Settings) -> int:
        return run_async(command(args, settings))
    return run


async def _plans(args: argparse.Namespace, settings: Settings) -> int:
    from bot.handlers.plans import answer
    async with opened_store(settings) as store:
        print(await answer(store, "计划"))
    return 0


async def _invite(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.errors import UserError
    from bot.handlers.answer import Answerer
    from bot.handlers.bindings import issue_invite
    from store.kinds import ChatRole

    role, unit_text = args.role, args.unit or ""
    if role is None and unit_text in ("liaison", "lead"):
        role, unit_text = unit_text, ""
    role = ChatRole(role or ChatRole.LIAISON)
    async with opened_store(settings) as store:
        try:
            code, org, unit = await issue_invite(Answerer(store), args.org, unit_text, role,
                                                 "console")
        except UserError as err:
            print(err.message, file=sys.stderr)
            return EXIT_BAD_INPUT
    print(code)
    print(texts.INVITE_OK.format(code=code, who=f"{org}{unit or ''}", role=texts.ROLE_NAMES[role]),
          file=sys.stderr)
    return 0


async def _bindings(args: argparse.Namespace, settings: Settings) -> int:
    from zoneinfo import ZoneInfo

    from bot.domain.times import shown
    from store.access import all_bindings

    tz = ZoneInfo(settings.timezone)
    async with opened_store(settings) as store:
        rows = await all_bindings(store)
    if not rows:
        print(texts.BINDINGS_NONE)
    for b in rows:
        print(texts.BINDINGS_LINE.format(platform=b.platform, chat=b.chat_id, who=f"{b.org}{b.unit or ''}",
                                         role=texts.ROLE_NAMES[b.role],
                                         since=shown(b.created_at, tz)))
    return 0


async def _units_list(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.errors import UserError
    from bot.handlers.units import list_units
    from store.directory.directory import default_directory

    directory = default_directory()
    async with opened_store(settings) as store:
        try:
            print(await list_units(store, directory, directory.resolve_org(args.org) or args.org))
        except UserError as err:
            print(err.message, file=sys.stderr)
            return EXIT_BAD_INPUT
    return 0


async def _units_add(args: argparse.Namespace, settings: Settings) -> int:
    return await _units_change(args, settings, adding=True)


async def _units_retire(args: argparse.Namespace, settings: Settings) -> int:
    return await _units_change(args, settings, adding=False)


async def _units_change(args: argparse.Namespace, settings: Settings, *, adding: bool) -> int:
    from bot.domain.errors import UserError
    from bot.handlers import units
    from store.directory.directory import default_directory

    directory = default_directory()
    org = directory.resolve_org(args.org) or args.org
    async with opened_store(settings) as store:
        try:
            if adding:
                reply = await units.add(store, directory, org, args.unit, args.kind, args.by)
            else:
                reply = await units.retire(store, directory, org, args.unit, args.by)
        except UserError as err:
            print(err.message, file=sys.stderr)
            return EXIT_BAD_INPUT
    print(reply)
    return 0


async def _bind_robot(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.errors import UserError
    from bot.handlers.answer import Answerer
    from bot.handlers.bindings import bind_robot_for

    async with opened_store(settings) as store:
        try:
            words = f"{args.platform} {args.org} {args.unit} {args.key} {args.secret or ''}"
            reply = await bind_robot_for(Answerer(store), words.strip(), "cli")
        except UserError as err:
            print(err.message, file=sys.stderr)
            return EXIT_BAD_INPUT
    print(reply.text)
    return 0


async def _calendar_set(args: argparse.Namespace, settings: Settings) -> int:
    from store.calendar import set_override
    async with opened_store(settings) as store:
        await set_override(store, args.day, args.kind == "workday")
    print(texts.CALENDAR_SET.format(day=args.day.isoformat(), kind=texts.CALENDAR_KINDS[args.kind]))
    return 0


async def _calendar_show(args: argparse.Namespace, settings: Settings) -> int:
    from store.calendar import load_calendar
    async with opened_store(settings) as store:
        calendar = await load_calendar(store)
    year = args.year
    if not calendar.covered(year):
        print(texts.CALENDAR_NOT_COVERED.format(year=year), file=sys.stderr)
    day = date(year, 1, 1)
    while day.year == year:
        weekend = day.weekday() >= 5
        workday = calendar.is_workday(day)
        if workday == weekend or day in calendar.overrides:  # a holiday on a weekday, or 调休
            kind = "workday" if workday else "holiday"
            mark = texts.CALENDAR_OVERRIDE if day in calendar.overrides else ""
            print(f"{day.isoformat()} {texts.WEEKDAYS[day.weekday()]} {texts.CALENDAR_KINDS[kind]}{mark}")
        day += timedelta(days=1)
    return 0
