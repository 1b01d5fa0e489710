"""The local console: read a line, answer it; answers every line and exits at end of input."""

from __future__ import annotations

import sys
from typing import TextIO

from bot import texts
from bot.handlers.plans import answer
from store.repo import Store

_QUIT = {"退出", "exit", "quit", "/quit", "q"}


async def run_console(store: Store, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
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
        reply = await answer(store, line)
        if reply:
            print(reply, file=stdout, flush=True)
    if interactive:
        print(texts.CONSOLE_BYE, file=stdout)
