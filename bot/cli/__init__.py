"""The `duban` command. Each group of subcommands lives in its own module and registers its
parser here; what a command needs (the store, a platform, the importer) is imported only when
that command runs, so `duban --help` starts in a blink."""

from __future__ import annotations

import argparse
import sys

from bot.cli import admin, asking, common, importing, service, web


def parser() -> argparse.ArgumentParser:
    """The command line: every subcommand, each with its `run(args, settings)`."""
    top = argparse.ArgumentParser(prog="duban", description="督办：政务公开任务督办机器人")
    sub = top.add_subparsers(dest="command", required=True)
    for module in (importing, service, asking, admin, web):
        module.add(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `duban` console script; a reader that goes away (`duban plans | head
    -1`) ends it quietly, with status 0 (the way the Python documentation gives for SIGPIPE)."""
    try:
        try:
            return _main(argv)
        finally:  # also after --help (SystemExit): flushed here, where a closed pipe is caught
            sys.stdout.flush()
    except BrokenPipeError:  # the reader has gone: nothing more to say, and no traceback
        _quiet_stdout()
        return 0


def _main(argv: list[str] | None) -> int:
    top = parser()
    args, extras = top.parse_known_args(argv)
    if extras and not asking.dashed_text(args, extras):
        top.parse_args(argv)  # says what is wrong, exit 2
    settings = common.load_settings()
    if settings is None:
        return common.EXIT_BAD_INPUT
    common.configure_logging(settings)
    try:
        return args.run(args, settings)
    except BrokenPipeError:
        raise  # said by main
    except Exception as err:  # a store that cannot be opened or written: one line, no traceback
        if (reading := common.read_only_retry(args, settings, err)) is not None:
            try:  # a full disk: a command that only reads reads the store as it is
                return args.run(args, reading)
            except Exception as again:  # noqa: BLE001 - said below, like the first
                err = again
        why = common.store_failure(err, settings)
        if why is None:
            raise
        print(why, file=sys.stderr)
        return common.EXIT_BAD_INPUT


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush does not fail again (what is
    still buffered goes there)."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


__all__ = ["main", "parser"]

if __name__ == "__main__":
    sys.exit(main())
