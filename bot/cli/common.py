"""What every duban subcommand shares: exit codes, date arguments, settings, the clock."""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from bot import texts

if TYPE_CHECKING:
    from config.settings import Settings
    from store.repo import Store

EXIT_BAD_INPUT = 2


def date_arg(text: str) -> date:
    """A YYYY-MM-DD argument."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(texts.BAD_DATE.format(text=text)) from None


def today_option(parser: argparse.ArgumentParser) -> None:
    """--today YYYY-MM-DD."""
    parser.add_argument("--today", type=date_arg, help="以该日期为今天（YYYY-MM-DD）")


def configure_logging(settings: Settings) -> None:
    """The process's log format and level (the command is the process's entry point);
    libraries whose INFO lines carry tokens and keys (httpx) or start-up chatter (jieba) are
    kept at WARNING."""
    import logging

    logging.basicConfig(level=settings.log_level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in ("httpx", "jieba"):
        logging.getLogger(name).setLevel(logging.WARNING)


def load_settings() -> Settings | None:
    """The settings, or None after saying on stderr which DUBAN_ variables are wrong."""
    from pydantic import ValidationError

    from config.settings import get_settings, settings_problem

    try:
        return get_settings()
    except ValidationError as err:
        print(texts.BAD_SETTINGS.format(why=settings_problem(err)), file=sys.stderr)
        return None


def store_failure(err: BaseException, settings: Settings) -> str | None:
    """The one line to print when `err` means the store could not be opened or written (the
    setting it comes from and why), else None."""
    from store.db import sqlite_path
    from store.failures import StoreUnavailable, disk_full

    if isinstance(err, StoreUnavailable):
        if err.disk_full:
            return texts.STORE_DISK_FULL.format(setting=DATABASE_SETTING)
        return texts.STORE_UNAVAILABLE.format(setting=DATABASE_SETTING, cause=err.cause)
    if disk_full(err, sqlite_path(settings.database_url)):
        return texts.STORE_DISK_FULL.format(setting=DATABASE_SETTING)
    return None


DATABASE_SETTING = "DUBAN_DATABASE_URL"
# The commands that only read the store: on a full disk they read it as it is.
READ_ONLY_COMMANDS = frozenset({"ask", "parse", "plans", "bindings", "units"})


def read_only_retry(args: argparse.Namespace, settings: Settings,
                    err: BaseException) -> Settings | None:
    """The settings to run a read-only command again with after `err`, when `err` is a full
    disk (or a read-only file system) and the store is SQLite (its file is then read without
    journal or shared memory)."""
    from store.db import read_only_url, sqlite_path
    from store.failures import StoreUnavailable, disk_full

    command = args.command
    reads_only = command in READ_ONLY_COMMANDS or (command == "remind" and args.dry_run)
    read_only_fs = isinstance(err, StoreUnavailable) and err.read_only
    full = (err.disk_full if isinstance(err, StoreUnavailable)
            else disk_full(err, sqlite_path(settings.database_url)))
    url = read_only_url(settings.database_url) if reads_only and (full or read_only_fs) else None
    if url is None:
        return None
    why = texts.STORE_READ_ONLY_WHY["read_only" if read_only_fs else "full"]
    print(texts.STORE_READ_ONLY.format(why=why), file=sys.stderr)
    return settings.model_copy(update={"database_url": url})


@asynccontextmanager
async def opened_store(settings: Settings) -> AsyncIterator[Store]:
    """The configured store, open for the length of a command."""
    from store.repo import Store

    store = await Store.open(settings.database_url, upgrade=False)
    try:
        yield store
    finally:
        await store.close()


def run_async(coroutine: Coroutine[Any, Any, int]) -> int:
    """Run a command's coroutine; asyncio is imported only by commands that need it."""
    import asyncio

    return asyncio.run(coroutine)
