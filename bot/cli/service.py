"""`duban run` (serve every configured platform; the console when none takes messages) and
`duban remind` (a day's reminders, computed and sent)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from bot import texts
from bot.cli.common import EXIT_BAD_INPUT, run_async, today_option

if TYPE_CHECKING:
    from bot.app import Sent
    from config.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    """The `run` and `remind` subcommands."""
    sub.add_parser("run", help="启动服务（未配置聊天平台时为控制台）").set_defaults(run=run)
    rem = sub.add_parser("remind", help="计算（并发送）当天的提醒")
    today_option(rem)
    rem.add_argument("--dry-run", action="store_true", help="只计算，不发送")
    rem.add_argument("--json", action="store_true", help="以 JSON 列表输出")
    rem.add_argument("--wait", type=float, default=0.0, metavar="秒数",
                     help="另一个进程正在发送提醒时，最多等待这么多秒（默认不等待，退出码 2）")
    rem.set_defaults(run=remind)
    mig = sub.add_parser("migrate", help="创建或升级任务库结构（多进程部署时，先于 duban run 单独运行）")
    mig.add_argument("--quiet", action="store_true", help="已是最新版本时不输出")
    mig.set_defaults(run=migrate)


def migrate(args: argparse.Namespace, settings: Settings) -> int:
    """`duban migrate [--quiet]`: create the store's schema or bring it to this code's revision,
    the one step that changes it (every other command refuses an older schema)."""
    return run_async(_migrate(settings, args.quiet))


async def _migrate(settings: Settings, quiet: bool) -> int:
    from bot.app import store_place
    from store.db import SCHEMA_HEAD, make_engine, migrate
    from store.failures import describe

    url = settings.database_url
    engine = None
    try:
        engine = make_engine(url)
        before = await migrate(engine)
    except Exception as exc:
        raise describe(exc, url) from exc
    finally:
        if engine is not None:
            await engine.dispose()
    where = store_place(url)
    if before is None:
        print(texts.MIGRATE_CREATED.format(head=SCHEMA_HEAD, where=where), file=sys.stderr)
    elif before != SCHEMA_HEAD:
        print(texts.MIGRATE_UPGRADED.format(before=before, head=SCHEMA_HEAD, where=where),
              file=sys.stderr)
    elif not quiet:
        print(texts.MIGRATE_CURRENT.format(head=SCHEMA_HEAD, where=where), file=sys.stderr)
    return 0


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the platforms of the registry (and the web console when it is on); with neither,
    the console."""
    from bot.registry import takes_messages

    if takes_messages(settings) or settings.web.enabled:
        return run_async(_serve(settings))
    from bot.cli.asking import console

    return run_async(console(settings, seed=True, web=settings.web.local and sys.stdin.isatty()))


async def _serve(settings: Settings) -> int:
    from bot.app import Core, run_service

    core = await Core.open(settings, seed=True, warm=True, upgrade=False)
    try:
        return await run_service(core)
    finally:
        await core.close()


def remind(args: argparse.Namespace, settings: Settings) -> int:
    """`duban remind [--today D] [--dry-run] [--json] [--wait S]`: exit 0 when every chat was
    reached, 1 when any was not (a summary says which), 2 when another sender holds the lease."""
    return run_async(_remind(args, settings))


async def _remind(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import Core, reminder_policy, send_day
    from bot.registry import takes_messages
    from bot.scheduler.outbox import kind_label
    from bot.scheduler.today import day_reminders
    from store.access import all_bindings
    from store.calendar import load_calendar
    from store.robots import ROBOT_PLATFORMS

    core = await Core.open(settings, fixed_today=args.today, upgrade=False)
    try:
        if not args.dry_run and not takes_messages(settings) and not [
                b for b in await all_bindings(core.store) if b.platform in ROBOT_PLATFORMS]:
            print(texts.REMIND_NO_PLATFORM, file=sys.stderr)
            return EXIT_BAD_INPUT
        today = core.today()
        found = await day_reminders(core.sources, today, reminder_policy(settings.remind))
        if not (await load_calendar(core.store)).covered(today.year):
            print(texts.CALENDAR_NOT_COVERED.format(year=today.year), file=sys.stderr)
        code = 0
        if not args.dry_run:
            result = await send_day(core, today, core.now(), wait=max(args.wait, 0.0))
            if result.busy:
                holder = result.holder
                print(texts.REMIND_BUSY.format(role=holder.role, pid=holder.pid,
                                               since=_local(holder.acquired_at, settings))
                      if holder else texts.REMIND_BUSY_UNKNOWN, file=sys.stderr)
                return EXIT_BAD_INPUT
            print(texts.REMIND_SENT.format(n=result.sent), file=sys.stderr)
            code = _summary(result)
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
    return code


def _local(at: datetime, settings: Settings) -> str:
    from zoneinfo import ZoneInfo

    from bot.domain.times import SECOND, shown

    return shown(at, ZoneInfo(settings.timezone), SECOND)


def _summary(result: Sent) -> int:
    """Say on stderr which chats were not reached (and why); the exit code: 1 if any."""
    unreached = dict(result.failed or {})
    for chat in result.deferred or []:
        unreached.setdefault(chat, texts.REMIND_DEFERRED)
    refused = dict(result.refused or {})
    if result.stopped:
        print(texts.REMIND_STOPPED, file=sys.stderr)
    if result.lease_lost:
        print(texts.REMIND_LEASE_LOST, file=sys.stderr)
    if unreached:
        print(texts.REMIND_UNREACHED.format(n=len(unreached), chats=_chats(unreached)),
              file=sys.stderr)
    if refused:
        print(texts.REMIND_REFUSED.format(n=len(refused), chats=_chats(refused)), file=sys.stderr)
    return 1 if unreached or refused or result.stopped or result.lease_lost else 0


def _chats(why: dict[str, str], shown: int = 10) -> str:
    """「telegram:-1（原因）、…」, the first `shown` of them."""
    listed = "、".join(f"{chat}（{reason[:80]}）" for chat, reason in sorted(why.items())[:shown])
    return listed + (texts.REMIND_UNREACHED_MORE.format(n=len(why)) if len(why) > shown else "")
