"""`duban run` (serve every configured platform; the console when none takes messages) and
`duban remind` (a day's reminders, computed and sent)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from bot import texts
from bot.cli.common import EXIT_BAD_INPUT, run_async, today_option

if TYPE_CHECKING:
    from config.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    """The `run` and `remind` subcommands."""
    sub.add_parser("run", help="启动服务（未配置聊天平台时为控制台）").set_defaults(run=run)
    rem = sub.add_parser("remind", help="计算（并发送）当天的提醒")
    today_option(rem)
    rem.add_argument("--dry-run", action="store_true", help="只计算，不发送")
    rem.add_argument("--json", action="store_true", help="以 JSON 列表输出")
    rem.set_defaults(run=remind)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the platforms of the registry; with none that takes messages, the console."""
    from bot.registry import takes_messages

    if takes_messages(settings):
        return run_async(_serve(settings))
    from bot.cli.asking import console

    return run_async(console(settings, seed=True))


async def _serve(settings: Settings) -> int:
    from bot.app import Core, run_service

    core = await Core.open(settings, seed=True, warm=True)
    try:
        return await run_service(core)
    finally:
        await core.close()


def remind(args: argparse.Namespace, settings: Settings) -> int:
    """`duban remind [--today D] [--dry-run] [--json]`."""
    return run_async(_remind(args, settings))


async def _remind(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import Core, reminder_policy, send_day
    from bot.registry import takes_messages
    from bot.scheduler.outbox import kind_label
    from bot.scheduler.today import day_reminders
    from store.access import all_bindings
    from store.calendar import load_calendar
    from store.robots import ROBOT

    core = await Core.open(settings, fixed_today=args.today)
    try:
        if not args.dry_run and not takes_messages(settings) and not [
                b for b in await all_bindings(core.store) if b.platform == ROBOT]:
            print(texts.REMIND_NO_PLATFORM, file=sys.stderr)
            return EXIT_BAD_INPUT
        today = core.today()
        found = await day_reminders(core.sources, today, reminder_policy(settings.remind))
        if not (await load_calendar(core.store)).covered(today.year):
            print(texts.CALENDAR_NOT_COVERED.format(year=today.year), file=sys.stderr)
        if not args.dry_run:
            sent = await send_day(core, today, core.now())
            print(texts.REMIND_SENT.format(n=sent), file=sys.stderr)
    finally:
        await core.close()
    if args.json:
        print(json.dumps([a.to_json() for a in found], ensure_ascii=False))
    else:
        for a in found:
            r = a.reminder
            print(texts.REMIND_LINE.format(kind=kind_label(r.kind, r.about), org=r.org, year=r.year,
                                           seq=r.seq, unit=r.unit, chat=a.chat or texts.REMIND_NO_CHAT))
        if not found:
            print(texts.REMIND_NONE)
    return 0
