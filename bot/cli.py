"""The `duban` command: import plans, run the service, open the console."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from bot import texts
from bot.domain.errors import UserError
from bot.handlers.answer import Answerer
from bot.handlers.context import ChatContext
from bot.handlers.export import task_json
from bot.nlu.parser import Parser
from config.settings import Settings, get_settings
from store.ingest.service import import_files, parse_files, write_parsed
from store.repo import Store

_log = logging.getLogger(__name__)

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="duban", description="督办：政务公开任务督办机器人")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="导入计划文件（.txt .docx .xlsx .pdf）")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--org", help="所属区/镇，覆盖或补充文件中的信息")
    imp.add_argument("--year", type=int, help="计划年度，覆盖或补充文件中的信息")
    imp.add_argument("--dry-run", action="store_true", help="只解析，不写入任务库")
    imp.add_argument("--json", action="store_true", help="以 JSON 输出")
    sub.add_parser("run", help="启动服务（未配置机器人令牌时为控制台）")
    chat = sub.add_parser("chat", help="交互式控制台")
    _ask_options(chat)
    sub.add_parser("plans", help="列出已导入的计划")
    inv = sub.add_parser("invite", help="生成一次性邀请码（7 天有效），用于把聊天绑定到单位")
    inv.add_argument("org", metavar="ORG")
    inv.add_argument("unit", nargs="?", metavar="UNIT")
    inv.add_argument("role", nargs="?", choices=["liaison", "lead"], default=None)
    sub.add_parser("bindings", help="列出聊天绑定")
    units = sub.add_parser("units", help="单位的推送渠道")
    units_sub = units.add_subparsers(dest="units_command", required=True)
    robot = units_sub.add_parser("bind-robot", help="把企业微信群机器人绑定到单位")
    robot.add_argument("org", metavar="ORG")
    robot.add_argument("unit", metavar="UNIT")
    robot.add_argument("key", metavar="KEY", help="webhook 地址里 key= 后面的一串，或整个地址")
    rem = sub.add_parser("remind", help="计算（并发送）当天的提醒")
    rem.add_argument("--today", type=_date_arg, help="以该日期为今天（YYYY-MM-DD）")
    rem.add_argument("--dry-run", action="store_true", help="只计算，不发送")
    rem.add_argument("--json", action="store_true", help="以 JSON 列表输出")
    cal = sub.add_parser("calendar", help="工作日历：查看或修正某天是否上班")
    cal_sub = cal.add_subparsers(dest="calendar_command", required=True)
    cal_set = cal_sub.add_parser("set", help="把某天设为工作日或休息日")
    cal_set.add_argument("day", type=_date_arg, metavar="DATE")
    cal_set.add_argument("kind", choices=["workday", "holiday"])
    cal_show = cal_sub.add_parser("show", help="列出某年的休息日、调休上班日和修正")
    cal_show.add_argument("year", type=int)
    prs = sub.add_parser("parse", help="把一句话解析为查询（JSON）")
    prs.add_argument("text", nargs="?", metavar="TEXT")
    prs.add_argument("--today", type=_date_arg, help="以该日期为今天（YYYY-MM-DD）")
    prs.add_argument("--json", action="store_true", help="以 JSON 输出（默认即为 JSON）")
    prs.add_argument("--batch", metavar="FILE", help="每行一句，逐行输出 JSON")
    ask = sub.add_parser("ask", help="回答一句话，与聊天中的回答相同")
    ask.add_argument("text", metavar="TEXT")
    _ask_options(ask)
    ask.add_argument("--json", action="store_true", help="以 JSON 输出回答、查询和任务")
    return parser


def _ask_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", type=_date_arg, help="以该日期为今天（YYYY-MM-DD）")
    parser.add_argument("--as", dest="as_", metavar="ORG/UNIT",
                        help="以某单位身份提问，如 普陀区/区数据局（或只写 普陀区）")


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(texts.BAD_DATE.format(text=text)) from None


def _settings_problem(err: Exception) -> str:
    """Which DUBAN_ settings are wrong, without echoing their values (they may be secrets)."""
    if isinstance(err, ValidationError):
        return "、".join(f"DUBAN_{'_'.join(str(p) for p in e['loc']).upper()}" for e in err.errors())
    return str(err)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `duban` console script."""
    args = _parser().parse_args(argv)
    try:
        settings = get_settings()
        from bot.app import reminder_policy

        reminder_policy(settings)
        if settings.wecom_app():
            from bot.adapters.wecom_crypto import WeComCrypto

            try:
                WeComCrypto(settings.wecom_token or "", settings.wecom_aes_key or "",
                            settings.wecom_corp_id or "")
            except ValueError:
                raise ValueError("DUBAN_WECOM_AES_KEY 应是企业微信后台给出的 43 位 EncodingAESKey") from None
    except (ValidationError, ValueError) as err:
        print(texts.BAD_SETTINGS.format(why=_settings_problem(err)), file=sys.stderr)
        return EXIT_BAD_INPUT
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    if args.command == "import":
        return _import(args, settings)
    if args.command == "run":
        if settings.telegram_token or settings.wecom_app():
            return asyncio.run(_serve(settings))
        return asyncio.run(_run(settings, seed=True))
    if args.command == "invite":
        return asyncio.run(_invite(args, settings))
    if args.command == "units":
        return asyncio.run(_bind_robot(args, settings))
    if args.command == "bindings":
        return asyncio.run(_bindings(settings))
    if args.command == "remind":
        return asyncio.run(_remind(args, settings))
    if args.command == "calendar":
        return asyncio.run(_calendar(args, settings))
    if args.command == "chat":
        return asyncio.run(_run(settings, seed=False, today=args.today, as_=args.as_))
    if args.command == "plans":
        return asyncio.run(_plans(settings))
    if args.command == "parse":
        return asyncio.run(_parse(args, settings))
    if args.command == "ask":
        return asyncio.run(_ask(args, settings))
    return 1


def _import(args: argparse.Namespace, settings: Settings) -> int:
    if args.dry_run:
        results, errors = parse_files(args.files, args.org, args.year)
        for err in errors:
            print(texts.IMPORT_FAILED.format(file=err.path, reason=err.reason), file=sys.stderr)
        if errors:
            return EXIT_BAD_INPUT
        for result in results:
            if args.json:
                print(json.dumps(result.plan.to_json(), ensure_ascii=False))
            else:
                plan = result.plan
                print(f"{result.path}：{plan.org} {plan.year}年 {plan.title or ''}，"
                      f"{len(plan.tasks)} 项任务（版式：{plan.layout}）")
            _print_warnings(result.path, result.plan.warnings)
        return 0
    return asyncio.run(_import_write(args, settings))


async def _import_write(args: argparse.Namespace, settings: Settings) -> int:
    results, errors = parse_files(args.files, args.org, args.year)
    if errors:
        for err in errors:
            print(texts.IMPORT_FAILED.format(file=err.path, reason=err.reason), file=sys.stderr)
        print(texts.IMPORT_NOTHING_WRITTEN, file=sys.stderr)
        return EXIT_BAD_INPUT
    store = await Store.open(settings.database_url)
    try:
        await write_parsed(store, results)
    finally:
        await store.close()
    for result in results:
        report = result.report
        assert report is not None
        if args.json:
            print(json.dumps({
                "file": result.path, "org": report.org, "year": report.year, "status": report.status,
                "tasks": report.tasks, "added": report.added, "changed": report.changed,
                "removed": report.removed, "warnings": result.plan.warnings,
            }, ensure_ascii=False))
        else:
            print(texts.IMPORT_OK.format(file=Path(result.path).name, org=report.org, year=report.year,
                                         tasks=report.tasks, status=texts.STATUS_WORDS[report.status]))
            if report.status == "updated":
                print(texts.IMPORT_CHANGES.format(added=len(report.added), changed=len(report.changed),
                                                  removed=len(report.removed)))
        _print_warnings(result.path, result.plan.warnings)
    return 0


def _print_warnings(path: str, warnings: list[str]) -> None:
    for warning in warnings:
        print(texts.WARNING_LINE.format(file=Path(path).name, warning=warning), file=sys.stderr)


async def seed_samples(store: Store, settings: Settings) -> list[str]:
    """Import the bundled sample plans into an empty store; the names imported."""
    if not await store.is_empty():
        return []
    files = sorted(Path(settings.sample_plans_dir).glob("*.txt"))
    if not files:
        return []
    results = await import_files(store, files)
    return [Path(r.path).name for r in results]


def _today(settings: Settings, given: date | None) -> date:
    """--today, else DUBAN_TODAY, else today's date in the configured time zone."""
    if given is not None:
        return given
    if settings.today is not None:
        return settings.today
    return datetime.now(ZoneInfo(settings.timezone)).date()


def _now(settings: Settings, today: date) -> datetime:
    """Now, on the day the command treats as today (progress reported is stamped with it)."""
    tz = ZoneInfo(settings.timezone)
    return datetime.combine(today, datetime.now(tz).time(), tz)


async def _context(as_: str | None, answerer: Answerer) -> ChatContext:
    """--as 普陀区/区数据局 (or 普陀/数据局, or just 普陀区) as a chat context."""
    if not as_:
        return ChatContext()
    org_text, _, unit_text = as_.replace("／", "/").partition("/")
    org, unit = await answerer.resolve(org_text, unit_text)  # UserError: shown by the caller
    return ChatContext(org=org, unit=unit, role="liaison" if unit else None, actor="console")


async def _run(settings: Settings, seed: bool, today: date | None = None,
               as_: str | None = None) -> int:
    from bot.adapters.console import run_console

    store = await Store.open(settings.database_url)
    try:
        if seed:
            names = await seed_samples(store, settings)
            if names:
                print(texts.SAMPLES_IMPORTED.format(names="、".join(names)), file=sys.stderr)
        answerer = Answerer(store, tz=ZoneInfo(settings.timezone))
        await answerer.warm(_today(settings, today))
        try:
            ctx = await _context(as_, answerer)
        except UserError as err:
            print(err.message, file=sys.stderr)
            return EXIT_BAD_INPUT
        await run_console(answerer, ctx, lambda: _today(settings, today),
                          lambda: _now(settings, _today(settings, today)))
    finally:
        await store.close()
    return 0


async def _serve(settings: Settings) -> int:
    from bot.app import run_service

    store = await Store.open(settings.database_url)
    try:
        names = await seed_samples(store, settings)
        if names:
            print(texts.SAMPLES_IMPORTED.format(names="、".join(names)), file=sys.stderr)
        answerer = Answerer(store, tz=ZoneInfo(settings.timezone))
        await answerer.warm(_today(settings, None))
        return await run_service(settings, store, answerer)
    finally:
        await store.close()


async def _bind_robot(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.errors import UserError
    from bot.handlers.bindings import bind_robot_for

    store = await Store.open(settings.database_url)
    try:
        answerer = Answerer(store, tz=ZoneInfo(settings.timezone))
        await answerer.refresh()
        try:
            reply = await bind_robot_for(answerer, f"{args.org} {args.unit} {args.key}", "cli")
        except UserError as err:
            print(err.message, file=sys.stderr)
            return EXIT_BAD_INPUT
    finally:
        await store.close()
    print(reply.text)
    return 0


async def _invite(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.errors import UserError
    from bot.handlers.bindings import issue_invite

    role = args.role
    unit_text = args.unit or ""
    if role is None and unit_text in ("liaison", "lead"):
        role, unit_text = unit_text, ""
    role = role or "liaison"
    store = await Store.open(settings.database_url)
    try:
        try:
            code, org, unit = await issue_invite(Answerer(store), args.org, unit_text, role, "console")
        except UserError as err:
            print(err, file=sys.stderr)
            return EXIT_BAD_INPUT
    finally:
        await store.close()
    print(code)
    print(texts.INVITE_OK.format(code=code, who=f"{org}{unit or ''}", role=texts.ROLE_NAMES[role]),
          file=sys.stderr)
    return 0


async def _bindings(settings: Settings) -> int:
    from store.access import all_bindings

    store = await Store.open(settings.database_url)
    try:
        rows = await all_bindings(store)
    finally:
        await store.close()
    if not rows:
        print(texts.BINDINGS_NONE)
    for b in rows:
        print(texts.BINDINGS_LINE.format(platform=b.platform, chat=b.chat_id, who=f"{b.org}{b.unit or ''}",
                                         role=texts.ROLE_NAMES[b.role],
                                         since=b.created_at.strftime("%Y-%m-%d")))
    return 0


async def _remind(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import reminder_policy
    from bot.scheduler.outbox import kind_label
    from bot.scheduler.today import day_reminders
    from store.access import all_bindings
    from store.calendar import load_calendar
    from store.robots import ROBOT

    store = await Store.open(settings.database_url)
    try:
        if not args.dry_run and not settings.telegram_token and not settings.wecom_app() and not [
                b for b in await all_bindings(store) if b.platform == ROBOT]:
            print(texts.REMIND_NO_PLATFORM, file=sys.stderr)
            return EXIT_BAD_INPUT
        answerer = Answerer(store, tz=ZoneInfo(settings.timezone))
        today = _today(settings, args.today)
        from bot.scheduler.today import Sources

        found = await day_reminders(Sources(store, answerer.reader, answerer.directory), today,
                                    reminder_policy(settings))
        if not (await load_calendar(store)).covered(today.year):
            print(texts.CALENDAR_NOT_COVERED.format(year=today.year), file=sys.stderr)
        if not args.dry_run:
            sent = await _send_reminders(settings, answerer, today)
            print(texts.REMIND_SENT.format(n=sent), file=sys.stderr)
    finally:
        await store.close()
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


async def _send_reminders(settings: Settings, answerer: Answerer, today: date) -> int:
    """Put the day's reminders in the outbox and send what is due through every configured
    platform (Telegram, the WeCom app, WeCom robots)."""
    from bot.app import send_day

    return await send_day(settings, answerer, today, _now(settings, today))


async def _calendar(args: argparse.Namespace, settings: Settings) -> int:
    from store.calendar import load_calendar, set_override

    store = await Store.open(settings.database_url)
    try:
        if args.calendar_command == "set":
            await set_override(store, args.day, args.kind == "workday")
            print(texts.CALENDAR_SET.format(day=args.day.isoformat(),
                                            kind=texts.CALENDAR_KINDS[args.kind]))
            return 0
        calendar = await load_calendar(store)
    finally:
        await store.close()
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


async def _gazetteer_parser(settings: Settings) -> Parser:
    """A parser that knows the store's orgs and units when a store exists; else the directory's."""
    from sqlalchemy.engine import make_url

    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and (not url.database or not Path(url.database).exists()):
        return Parser()
    store = await Store.open(settings.database_url)
    try:
        answerer = Answerer(store)
        await answerer.refresh()
        return answerer.parser if answerer.catalog else Parser()
    finally:
        await store.close()


async def _parse(args: argparse.Namespace, settings: Settings) -> int:
    today = _today(settings, args.today)
    if args.batch:
        try:
            lines = Path(args.batch).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            print(texts.PARSE_BATCH_UNREADABLE.format(file=args.batch, reason=err), file=sys.stderr)
            return EXIT_BAD_INPUT
    elif args.text is not None:
        lines = [args.text]
    else:
        print(texts.PARSE_NO_TEXT, file=sys.stderr)
        return EXIT_BAD_INPUT
    parser = await _gazetteer_parser(settings)
    for line in lines:
        print(json.dumps(parser.parse(line, today).to_json(), ensure_ascii=False))
    return 0


async def _ask(args: argparse.Namespace, settings: Settings) -> int:
    store = await Store.open(settings.database_url)
    try:
        answerer = Answerer(store, tz=ZoneInfo(settings.timezone))
        try:
            ctx = await _context(args.as_, answerer)
        except UserError as err:
            print(err.message, file=sys.stderr)
            return EXIT_BAD_INPUT
        today = _today(settings, args.today)
        query, reply = await answerer.answer(args.text, ctx, today, _now(settings, today))
    finally:
        await store.close()
    if args.json:
        print(json.dumps({"reply": reply.text, "query": query.to_json(),
                          "tasks": [task_json(t, reply.unit) for t in reply.tasks]},
                         ensure_ascii=False))
    else:
        print(reply.text)
    return 0


async def _plans(settings: Settings) -> int:
    from bot.handlers.plans import answer

    store = await Store.open(settings.database_url)
    try:
        print(await answer(store, "计划"))
    finally:
        await store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
