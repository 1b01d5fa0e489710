"""Start-up and write figures, side by side with a yardstick: how long whole `duban` processes
take (`--help`, `parse`, `ask`, `ask` with a search), how long `duban run` takes until it has
answered a message that was waiting for it, and how long enqueueing 5,000 reminders takes.

Run: .venv/bin/python benchmarks/startup_bench.py [--runs N] [--postgres URL]

Each command is started N times (after one run not counted), alternating with the yardstick
`python -c "import sqlalchemy"`, and the median wall time of each is printed with the ratio
command/yardstick taken pair by pair (so a machine that speeds up or slows down during the run
moves both). The store is the five sample plans in a fresh SQLite file in a temp dir. `duban run`
is started against the loopback fake Bot API (tests/fakes/telegram_api.py) with a message already
queued; "ready" is the time from starting the process to the fake receiving the answer.
Targets (from the issue, on the 2-core development machine): --help <= 0.3 s, parse <= 0.5 s,
ask <= 1.0 s, first search <= 1.5 s, run ready <= 2 s, 5,000 reminders enqueued <= 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.outbox import enqueue  # noqa: E402
from store.repo import Store  # noqa: E402
from tests.fakes.telegram_api import TOKEN, FakeBotAPI  # noqa: E402

PYTHON = sys.executable
DUBAN = [PYTHON, "-m", "bot.cli"]
YARDSTICK = [PYTHON, "-c", "import sqlalchemy"]
COMMANDS = {  # name -> (arguments, target seconds)
    "duban --help": (["--help"], 0.3),
    "duban parse": (["parse", "--today", "2025-10-20", "长宁区10月任务"], 0.5),
    "duban ask": (["ask", "--today", "2025-10-20", "--as", "长宁区/区教育局", "我的10月任务"], 1.0),
    "duban ask (first search)": (["ask", "--today", "2025-10-20", "搜索 政府开放月"], 1.5),
}
RUN_TARGET, ENQUEUE_TARGET, ENQUEUED = 2.0, 1.0, 5000


def wall(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting `command` to its exit."""
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def paired(measure: Callable[[], float], env: dict[str, str], runs: int) -> tuple[float, float, float]:
    """(median seconds, median yardstick seconds, median ratio), measured in turn."""
    measure()
    wall(YARDSTICK, env)
    own, stick = [], []
    for _ in range(runs):
        own.append(measure())
        stick.append(wall(YARDSTICK, env))
    return (statistics.median(own), statistics.median(stick),
            statistics.median(a / b for a, b in zip(own, stick, strict=True)))


_RUNS = iter(range(1, 10_000))


def run_ready(env: dict[str, str], store: Path) -> float:
    """`duban run` with a bot token: seconds until the message waiting for it is answered (each
    run's update has a new id: the store drops an update id it has answered already)."""
    api = FakeBotAPI(first_update=1000 * next(_RUNS)).start()
    try:
        api.message(42, 42, "长宁区10月任务", chat_type="private")
        run_env = {**env, "DUBAN_TELEGRAM_TOKEN": TOKEN, "DUBAN_TELEGRAM_BASE_URL": api.base_url,
                   "DUBAN_ADMINS": "42", "DUBAN_DATABASE_URL": f"sqlite+aiosqlite:///{store}"}
        start = time.perf_counter()
        proc = subprocess.Popen([*DUBAN, "run"], env=run_env, cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            api.wait_for(1, "sendMessage", 42, 60.0)
            return time.perf_counter() - start
        finally:
            proc.terminate()
            proc.wait(30)
    finally:
        api.stop()


async def enqueue_seconds(url: str) -> tuple[float, float]:
    """Seconds to enqueue 5,000 reminders into an empty outbox, and to enqueue them again (all
    already there: nothing is added)."""
    store = await Store.open(url)
    try:
        day, now = date(2025, 10, 22), datetime(2025, 10, 22, 1, tzinfo=UTC)
        rows = [{"day": day, "org": "长宁区", "task_id": i, "seq": i % 60 + 1, "unit": f"单位{i % 97}",
                 "kind": "deadline", "due_date": day + timedelta(days=9), "late": False,
                 "chat": f"telegram:-{1000 + i % 400}" if i % 5 else None} for i in range(ENQUEUED)]
        start = time.perf_counter()
        added = await enqueue(store, rows, now)
        first = time.perf_counter() - start
        start = time.perf_counter()
        again = await enqueue(store, rows, now)
        second = time.perf_counter() - start
        assert (added, again) == (ENQUEUED, 0), (added, again)
        return first, second
    finally:
        await store.close()


def verdict(seconds: float, target: float) -> str:
    return "OK" if seconds <= target else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--postgres", metavar="URL", help="also enqueue into this (emptied) database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "samples.sqlite3"
        env = {**os.environ, "DUBAN_DATABASE_URL": f"sqlite+aiosqlite:///{store}",
               "DUBAN_OUT_DIR": str(Path(tmp) / "out")}
        env.pop("DUBAN_TELEGRAM_TOKEN", None)
        subprocess.run([*DUBAN, "import", *map(str, sorted((ROOT / "samples" / "plans").glob("*.txt")))],
                       env=env, cwd=ROOT, check=True, capture_output=True)
        print(f"{'':28} {'median':>8} {'yardstick':>10} {'ratio':>6}  target")
        for name, (argv, target) in COMMANDS.items():
            seconds, stick, ratio = paired(lambda a=argv: wall([*DUBAN, *a], env), env, args.runs)
            print(f"{name:28} {seconds:7.2f}s {stick:9.2f}s {ratio:6.2f}  <= {target} s "
                  f"{verdict(seconds, target)}")
        seconds, stick, ratio = paired(lambda: run_ready(env, store), env, max(3, args.runs // 2))
        print(f"{'duban run, ready':28} {seconds:7.2f}s {stick:9.2f}s {ratio:6.2f}  <= {RUN_TARGET} s "
              f"{verdict(seconds, RUN_TARGET)}")
        urls = [("SQLite", f"sqlite+aiosqlite:///{Path(tmp) / 'outbox.sqlite3'}")]
        if args.postgres:
            urls.append(("PostgreSQL", args.postgres))
        for name, url in urls:
            if name == "PostgreSQL":
                asyncio.run(_reset(url))
            first, again = asyncio.run(enqueue_seconds(url))
            print(f"{'enqueue 5,000, ' + name:28} {first:7.2f}s {'':>10} {'':>6}  <= {ENQUEUE_TARGET} s "
                  f"{verdict(first, ENQUEUE_TARGET)} (again, all present: {again:.2f} s)")


async def _reset(url: str) -> None:
    from sqlalchemy import text

    from store.models import Base

    store = await Store.open_unmigrated(url)
    async with store.engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    await store.close()


if __name__ == "__main__":
    main()
