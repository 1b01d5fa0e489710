"""`duban … | head -1`: a reader that goes away ends the command quietly (no BrokenPipeError,
no "Exception ignored"), with status 0 — through a real pipe, in a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import ROOT, SAMPLES

pytestmark = pytest.mark.slow  # starts processes

COMMANDS = [["plans"], ["ask", "普陀区2025年任务", "--today", "2025-10-20"],
            ["calendar", "show", "2025"], ["--help"]]


def _start(db: Path, args: list[str]) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as usual
    env["DUBAN_DATABASE_URL"] = f"sqlite+aiosqlite:///{db}"
    return subprocess.Popen([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture
def seeded(db: Path) -> Path:
    """A store with the putuo plan."""
    assert main(["import", str(SAMPLES / "putuo-2025.txt")]) == 0
    return db


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_reader_gone_before_the_first_line(seeded: Path, args: list[str]) -> None:
    proc = _start(seeded, args)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| true`: nobody reads
    err = proc.stderr.read().decode()
    assert (proc.wait(timeout=60), err) == (0, "")


@pytest.mark.parametrize("args", COMMANDS[:2], ids=" ".join)
def test_a_reader_gone_after_the_first_line(seeded: Path, args: list[str]) -> None:
    proc = _start(seeded, args)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline().decode()  # like `| head -1`
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert (proc.wait(timeout=60), err) == (0, "")
    assert first.startswith("【普陀区 2025年】" if args[0] == "ask" else "普陀区 2025年")
