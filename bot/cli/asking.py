"""Asking from the command line: `duban parse` (the Query only), `duban ask` (one answer, or a
batch of them in one process) and `duban chat` (the interactive console), each through the
console adapter — the same core as a chat on any platform."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import texts
from bot.cli.common import EXIT_BAD_INPUT, date_arg, run_async, today_option

if TYPE_CHECKING:
    from bot.adapters.console import ConsoleAdapter, Exchange
    from bot.adapters.web.server import WebConsole
    from bot.app import Core
    from config.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    """The `chat`, `parse` and `ask` subcommands."""
    chat = sub.add_parser("chat", help="交互式控制台")
    _identity_options(chat)
    chat.set_defaults(run=lambda args, settings: run_async(
        console(settings, seed=False, today=args.today, as_=args.as_, admin=args.admin)))
    prs = sub.add_parser("parse", help="把一句话解析为查询（JSON）")
    prs.add_argument("text", nargs="?", metavar="TEXT")
    today_option(prs)
    prs.add_argument("--json", action="store_true", help="以 JSON 输出（默认即为 JSON）")
    prs.add_argument("--batch", metavar="FILE", help="每行一句，逐行输出 JSON")
    prs.set_defaults(run=parse)
    ask = sub.add_parser("ask", help="回答一句话，与聊天中的回答相同")
    ask.add_argument("text", nargs="?", metavar="TEXT")
    _identity_options(ask)
    ask.add_argument("--json", action="store_true", help="以 JSON 输出回答、查询和任务")
    ask.add_argument("--batch", metavar="FILE",
                     help='每行一个 JSON：{"q": 问题, "today": 日期, "as": 身份}，逐行输出 JSON 回答')
    ask.set_defaults(run=lambda args, settings: run_async(_ask(args, settings)))


def _identity_options(parser: argparse.ArgumentParser) -> None:
    today_option(parser)
    parser.add_argument("--as", dest="as_", metavar="ORG/UNIT",
                        help="以某单位联络员（区/单位，如 普陀区/区数据局）或区府办负责人（只写 普陀区）身份提问")
    parser.add_argument("--admin", action="store_true", help="以管理员身份（不写 --as 时即为管理员）")


def batch_lines(text: str) -> list[str]:
    """The lines of a batch file: split on \n only (with a \r before it dropped), so a form
    feed, NEL or U+2028 inside a question stays in it and outputs line up with inputs."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def dashed_text(args: argparse.Namespace, extras: list[str]) -> bool:
    """A question that starts with "-" (「-3天内到期」) is the text, as after `--`; an option
    the command does not know is still an error. Whether `extras` were all taken."""
    if len(extras) != 1 or getattr(args, "text", "") is not None or "batch" not in args:
        return False
    word = extras[0]
    if not word.startswith("-") or _OPTION.fullmatch(word):
        return False
    args.text = word
    return True


_OPTION = re.compile(r"--?[A-Za-z][A-Za-z0-9_-]*(=.*)?")


# ---- duban parse ----------------------------------------------------------------------------

def parse(args: argparse.Namespace, settings: Settings) -> int:
    """Print the Query of each line as one JSON object."""
    from bot.nlu.parser import Parser

    if args.batch:
        try:
            lines = batch_lines(Path(args.batch).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as err:
            print(texts.PARSE_BATCH_UNREADABLE.format(file=args.batch, reason=err), file=sys.stderr)
            return EXIT_BAD_INPUT
    elif args.text is not None:
        lines = [args.text]
    else:
        print(texts.PARSE_NO_TEXT, file=sys.stderr)
        return EXIT_BAD_INPUT
    from bot.clock import clock
    from bot.nlu.gazetteer import Gazetteer, character_pairs
    from store.directory.directory import default_directory
    from store.peek import store_names

    today = args.today or clock(settings)[0]()
    names = store_names(settings.database_url)
    words = frozenset(set().union(*map(character_pairs, names.texts))) if names and names.texts else None
    parser = (Parser(Gazetteer(default_directory(), plan_orgs=names.orgs,
                               units=names.units.items(), plan_words=words))
              if names is not None and names.orgs else Parser())
    for line in lines:
        print(json.dumps(parser.parse(line, today).to_json(), ensure_ascii=False))
    return 0


# ---- duban ask / duban chat -------------------------------------------------------------------

async def console(settings: Settings, seed: bool, today: date | None = None,
                  as_: str | None = None, admin: bool = False, web: bool = False) -> int:
    """The interactive console (what `duban run` opens with no platform configured); `web`: the
    web console beside it on this machine, with an administrator's sign-in link printed."""
    from bot.app import Core

    core = await Core.open(settings, fixed_today=today, seed=seed, warm=True, demo=True,
                           upgrade=False)
    site = None
    try:
        adapter = await _adapter(core, as_, admin)
        if adapter is None:
            return EXIT_BAD_INPUT
        _say_demo_day(core)
        if web:
            site = await _local_web(core)
        await adapter.run(sys.stdin, core.today, core.now, intro=await _intro(core, adapter))
    finally:
        if site is not None:
            await site.stop()
        await core.close()
    return 0


async def _local_web(core: Core) -> WebConsole | None:
    """The web console on this machine's DUBAN_WEB_LOCAL_PORT (any free port when that one is
    taken), and an administrator's one-time sign-in link on stderr; None (said why) when it
    cannot listen at all."""
    from bot.app import start_web
    from bot.handlers.weblink import sign_in_link
    from store.kinds import ChatRole
    from store.websessions import LINK_MINUTES, WebIdentity

    base = core.settings.web
    site, why = None, ""
    for port in dict.fromkeys((base.local_port, 0)):
        try:
            site = await start_web(core, base.model_copy(update={"port": port}))
            break
        except OSError as err:
            why = err.strerror or str(err)
    if site is None:
        print(texts.CONSOLE_WEB_FAILED.format(why=why), file=sys.stderr, flush=True)
        return None
    who = WebIdentity(None, None, str(ChatRole.ADMIN), None, "console")
    url = await sign_in_link(core.store, site.base_url(), who, core.now())
    print(texts.CONSOLE_WEB_LINK.format(url=url, minutes=LINK_MINUTES), file=sys.stderr,
          flush=True)
    return site


def _say_demo_day(core: Core) -> None:
    """One line on stderr when the console runs on the demo day."""
    if core.demo_day is not None:
        day = core.demo_day
        print(texts.CONSOLE_DEMO_DAY.format(day=f"{day.year}年{day.month}月{day.day}日"),
              file=sys.stderr, flush=True)


async def _intro(core: Core, adapter: ConsoleAdapter) -> str:
    """The console's opening: what it is, and a hint for each role on this store's plans."""
    from bot.handlers.tour import tour_example

    example = await tour_example(core.answerer, core.today())
    if example is None:
        return "\n".join([texts.CONSOLE_WELCOME, texts.CONSOLE_NO_PLANS])
    return "\n".join([texts.CONSOLE_WELCOME, texts.CONSOLE_TOUR.format(
        who=adapter.who.label, org=example.org, unit=example.unit, seq=example.seq)])


async def _adapter(core: Core, as_: str | None, admin: bool,
                   json_out: bool = False) -> ConsoleAdapter | None:
    """The console speaking as `--as`; None after saying why the identity is unknown."""
    from bot.adapters.console import ConsoleAdapter, identity
    from bot.domain.errors import UserError

    try:
        who = await identity(core.chats, as_, admin)
    except UserError as err:
        print(err.message, file=sys.stderr)
        return None
    return ConsoleAdapter(core.chats, core.delivery, who, core.settings.out_dir,
                          others=sys.stderr if json_out else sys.stdout)


async def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import Core

    if args.batch is None and args.text is None:
        print(texts.ASK_NO_TEXT, file=sys.stderr)
        return EXIT_BAD_INPUT
    core = await Core.open(settings, fixed_today=args.today, demo=True, upgrade=False)
    try:
        adapter = await _adapter(core, args.as_, args.admin, json_out=args.json or bool(args.batch))
        if adapter is None:
            return EXIT_BAD_INPUT
        _say_demo_day(core)
        if args.batch:
            return await _batch(core, adapter, args)
        today = core.today()
        exchange = await adapter.ask(args.text, today, core.now(), show=not args.json)
        if args.json:
            answer = _json(adapter, exchange, args.text, today)
            if not exchange.files:
                del answer["files"]  # `ask --json` names files only when it wrote some
            print(json.dumps(answer, ensure_ascii=False))
    finally:
        await core.close()
    return 0


async def _batch(core: Core, adapter: ConsoleAdapter, args: argparse.Namespace) -> int:
    """One JSON object a line in, one a line out: {"q", "today", "as"} -> {"reply", "query",
    "tasks", "files"} (a line that cannot be read: {"error"})."""
    from bot.adapters.console import identity
    from bot.domain.errors import UserError

    try:
        lines = batch_lines(Path(args.batch).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        print(texts.PARSE_BATCH_UNREADABLE.format(file=args.batch, reason=err), file=sys.stderr)
        return EXIT_BAD_INPUT
    default = adapter.who
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = str(item["q"])
            today = date_arg(item["today"]) if item.get("today") else core.today()
            adapter.become(await identity(core.chats, item["as"], bool(item.get("admin")))
                           if item.get("as") else default)
        except (ValueError, KeyError, TypeError, argparse.ArgumentTypeError, UserError) as err:
            why = err.message if isinstance(err, UserError) else texts.ASK_BATCH_BAD_LINE
            print(json.dumps({"line": number, "error": why}, ensure_ascii=False), flush=True)
            continue
        exchange = await adapter.ask(text, today, core.now(), show=False)
        print(json.dumps(_json(adapter, exchange, text, today), ensure_ascii=False), flush=True)
    return 0


def _json(adapter: ConsoleAdapter, exchange: Exchange, text: str, today: date) -> dict[str, Any]:
    """An answer as `duban ask --json` prints it: the reply, the query, the tasks, the files."""
    from bot.handlers.export import task_json

    query = exchange.query or adapter.chats.answerer.parse(text, today)
    tasks = [task_json(t, r.unit) for r in exchange.replies for t in r.tasks]
    return {"reply": "\n".join(r.text for r in exchange.replies), "query": query.to_json(),
            "tasks": tasks, "files": [str(p) for p in exchange.files]}
