"""Several `duban run` on one PostgreSQL store: webhook updates answered per second with one and
with two processes, and the failover time from kill -9 of the leader to the first digest the new
leader sends — each beside a yardstick measured in the same run.

Run: .venv/bin/python benchmarks/cluster_bench.py [--url URL] [--updates N] [--kills K]
URL (default postgresql+asyncpg://postgres@127.0.0.1:5432/duban_bench) is a PostgreSQL database
this script empties and fills (created when missing). Every process is a
real `duban run` against the fake Bot API on 127.0.0.1 (tests/fakes/telegram_api.py).

- Throughput: N questions from N private chats (a mix of lists, details and searches over the
  five sample plans), posted to the processes' webhooks round robin, 32 at a time; timed until N
  replies were sent. Yardstick: the same N posts with a wrong secret token, which each process
  refuses (403) before any work — the HTTP path alone.
- Failover: three processes over a 200-chat fan-out (20 ms a send); the leader is killed K times
  at random points; timed from the kill to the next digest sent. Yardstick: the same kill with no
  standby, a new `duban run` started at once (what a supervisor's restart gives).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from tests.conftest import free_port  # noqa: E402
from tests.fakes.telegram_api import FakeBotAPI  # noqa: E402
from tests.reliability.conftest import _reset  # noqa: E402
from tests.reliability.harness import (  # noqa: E402
    Bench,
    build_cluster,
    cluster_chats,
    first_after,
    kill,
    wait_leader,
)

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/duban_bench"
SECRET = "bench-secret"
QUESTIONS = ["普陀区2025年10月任务", "松江区第51项", "长宁区2025年第2项", "搜索 政府开放月",
             "普陀区全年任务", "华亭镇2025年第8项", "普陀区逾期任务", "长宁区本季度任务"]
FAN_OUT = 200


async def _ensure_database(url: str) -> None:
    import asyncpg

    parsed = make_url(url)
    admin = await asyncpg.connect(host=parsed.host or "127.0.0.1", port=parsed.port or 5432,
                                  user=parsed.username or "postgres", password=parsed.password,
                                  database="postgres")
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", parsed.database):
            await admin.execute(f'CREATE DATABASE "{parsed.database}"')
    finally:
        await admin.close()


def _updates(n: int, first: int) -> list[dict]:
    return [{"update_id": first + i, "message": {
        "message_id": i + 1, "date": 0, "text": QUESTIONS[i % len(QUESTIONS)],
        "chat": {"id": 20000 + first + i, "type": "private"},
        "from": {"id": 20000 + first + i, "is_bot": False, "first_name": "x"}}}
        for i in range(n)]


async def _post(ports: list[int], updates: list[dict], secret: str) -> list[int]:
    gate = asyncio.Semaphore(32)
    async with httpx.AsyncClient(timeout=60) as client:
        async def one(i: int, update: dict) -> int:
            async with gate:
                r = await client.post(f"http://127.0.0.1:{ports[i % len(ports)]}/telegram",
                                      json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret})
                return r.status_code
        return await asyncio.gather(*(one(i, u) for i, u in enumerate(updates)))


def throughput(bench: Bench, api: FakeBotAPI, processes: int, n: int, first: int) -> tuple[float, float]:
    """(answered updates per second, refused posts per second) with `processes` processes."""
    ports = [free_port() for _ in range(processes)]
    hooks = len(api.sent("setWebhook"))
    procs = [bench.start("run", DUBAN_TELEGRAM_WEBHOOK_URL="https://duban.example.gov.cn/telegram",
                         DUBAN_TELEGRAM_WEBHOOK_PORT=str(port), DUBAN_TELEGRAM_WEBHOOK_SECRET=SECRET,
                         DUBAN_REMIND_AT="23:59") for port in ports]
    try:
        api.wait_for(hooks + processes, "setWebhook", timeout=60)
        asyncio.run(_post(ports, _updates(len(ports) * 4, first), SECRET))  # warm each process
        api.wait_for(len(ports) * 4, timeout=60)
        start = time.perf_counter()
        codes = asyncio.run(_post(ports, _updates(n, first + 1000), "wrong"))
        refused = n / (time.perf_counter() - start)
        assert set(codes) == {403}, set(codes)
        before = len(api.sent())
        start = time.perf_counter()
        codes = asyncio.run(_post(ports, _updates(n, first + 100000), SECRET))
        api.wait_for(before + n, timeout=300)
        answered = n / (time.perf_counter() - start)
        assert set(codes) == {200}, set(codes)
    finally:
        for proc in procs:
            kill(proc, signal.SIGTERM)
    return answered, refused


def failover(bench: Bench, api: FakeBotAPI, kills: int, standbys: bool) -> list[float]:
    """Seconds from each kill of the leader to the next digest (with two standbys, or with a
    new process started at the kill)."""
    chance = random.Random(7)
    points = sorted(chance.sample(range(5, FAN_OUT - 5), kills))
    live = [bench.start("run") for _ in range(3 if standbys else 1)]
    leader, token = wait_leader(bench, live)
    times = []
    base = len(api.sent())
    for point in points:
        api.wait_for(base + point, timeout=120)
        killed_at = time.monotonic()
        kill(leader, signal.SIGKILL)
        live.remove(leader)
        live.append(bench.start("run"))
        leader, token = wait_leader(bench, live, after=token, timeout=60)
        times.append(first_after(api, killed_at + api.latency, timeout=60) - killed_at)
    for proc in live:
        kill(proc, signal.SIGTERM)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--updates", type=int, default=400)
    parser.add_argument("--kills", type=int, default=5)
    args = parser.parse_args()
    try:
        asyncio.run(_ensure_database(args.url))
    except OSError as err:
        print(f"PostgreSQL at {args.url} is not reachable ({err}): skipped, nothing measured")
        return 0
    with tempfile.TemporaryDirectory() as workdir:
        api = FakeBotAPI().start()
        try:
            asyncio.run(_reset(args.url))
            asyncio.run(build_cluster(args.url, FAN_OUT))
            bench = Bench(args.url, api, Path(workdir), cluster_chats(FAN_OUT))
            print(f"webhook updates, {args.updates} questions, 32 in flight (updates/s):")
            for processes in (1, 2):
                answered, refused = throughput(bench, api, processes, args.updates, processes * 1_000_000)
                print(f"  {processes} process{'es' if processes > 1 else ''}: answered {answered:7.1f}/s"
                      f"   yardstick (refused at the door) {refused:7.1f}/s")
            asyncio.run(_reset(args.url))
            asyncio.run(build_cluster(args.url, FAN_OUT))
            api.latency = 0.02
            print(f"failover, kill -9 of the leader in a {FAN_OUT}-chat fan-out ({args.kills} kills):")
            with_standbys = failover(bench, api, args.kills, standbys=True)
            asyncio.run(_reset(args.url))
            asyncio.run(build_cluster(args.url, FAN_OUT))
            restart = failover(bench, api, args.kills, standbys=False)
            for name, times in (("two standbys", with_standbys), ("yardstick: restart, no standby", restart)):
                print(f"  {name}: median {statistics.median(times):.2f} s, max {max(times):.2f} s")
        finally:
            asyncio.run(_reset(args.url))
            api.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
