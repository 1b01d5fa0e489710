"""`duban web link ORG[/UNIT] [--lead|--admin]`: a one-time sign-in link to the web console at
the server; `duban web revoke [ORG]`: end live sessions (all, or one org's)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot import texts
from bot.cli.common import EXIT_BAD_INPUT, opened_store, run_async

if TYPE_CHECKING:
    from config.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    """The `web` subcommand group."""
    web = sub.add_parser("web", help="网页督办台：登录链接、注销会话")
    web_sub = web.add_subparsers(dest="web_command", required=True)
    link = web_sub.add_parser("link", help="生成一次性登录链接（10 分钟内有效）")
    link.add_argument("org", nargs="?", metavar="ORG[/UNIT]",
                      help="区（负责人）或 区/单位（联络员）；--admin 时可省略")
    link.add_argument("unit", nargs="?", metavar="UNIT")
    role = link.add_mutually_exclusive_group()
    role.add_argument("--lead", action="store_true", help="以该区负责人身份登录")
    role.add_argument("--admin", action="store_true", help="以管理员身份登录（所有区）")
    link.set_defaults(run=lambda a, s: run_async(_link(a, s)))
    revoke = web_sub.add_parser("revoke", help="注销网页会话（全部，或某区的）")
    revoke.add_argument("org", nargs="?", metavar="ORG")
    revoke.set_defaults(run=lambda a, s: run_async(_revoke(a, s)))


async def _link(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.errors import UserError
    from bot.handlers.answer import Answerer
    from bot.handlers.weblink import sign_in_link
    from store.kinds import ChatRole
    from store.websessions import LINK_MINUTES, WebIdentity

    if not (settings.web.enabled or settings.web.public_url):
        print(texts.WEB_OFF, file=sys.stderr)
        return EXIT_BAD_INPUT
    org_text, _, unit_text = (args.org or "").partition("/")
    unit_text = unit_text or args.unit or ""
    if not org_text and not args.admin:
        print(texts.WEB_CLI_NEED_ROLE, file=sys.stderr)
        return EXIT_BAD_INPUT
    async with opened_store(settings) as store:
        org = unit = None
        if org_text:
            try:
                org, unit = await Answerer(store).resolve(org_text, unit_text)
            except UserError as err:
                print(err.message, file=sys.stderr)
                return EXIT_BAD_INPUT
        if args.admin:
            role, org, unit = ChatRole.ADMIN, None, None
        elif args.lead or unit is None:
            role, unit = ChatRole.LEAD, None
        else:
            role = ChatRole.LIAISON
        url = await sign_in_link(store, settings.web.base_url(),
                                 WebIdentity(org, unit, str(role), None, "cli"), datetime.now(UTC))
    print(url)
    print(texts.WEB_CLI_LINK.format(minutes=LINK_MINUTES, url=url), file=sys.stderr)
    return 0


async def _revoke(args: argparse.Namespace, settings: Settings) -> int:
    from store.websessions import revoke_sessions

    async with opened_store(settings) as store:
        n = await revoke_sessions(store, args.org)
    print(texts.WEB_CLI_REVOKED.format(n=n))
    return 0
