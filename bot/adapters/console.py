"""The local console: read a line, answer it; answers every line and exits at end of input."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import TextIO

from bot import texts
from bot.handlers.answer import Answerer
from bot.handlers.context import ChatContext

_QUIT = {"退出", "exit", "quit", "/quit", "q"}


async def run_console(answerer: Answerer, ctx: ChatContext, today: Callable[[], date],
                      now: Callable[[], datetime] | None = None,
                      stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
    """Interactive when a person types; line by line until end of input when piped."""
    interactive = stdin.isatty()
    if interactive:
        print(texts.CONSOLE_WELCOME, file=stdout)
    while True:
        if interactive:
            print("> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            break
        if line.strip() in _QUIT:
            break
        if not line.strip():
            continue
        _, reply = await answerer.answer(line.rstrip("\n"), ctx, today(), now() if now else None)
        for part in reply.parts():
            print(part, file=stdout, flush=True)
        if not interactive:
            print(file=stdout, flush=True)
    if interactive:
        print(texts.CONSOLE_BYE, file=stdout)
