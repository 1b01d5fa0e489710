"""Several `duban run` on one PostgreSQL store, as real processes against the fake Bot API.

- Three processes, long polling: exactly one (the leader, holder of the send lease) sends; kill -9
  it at 20 random points of a 200-chat fan-out, starting a new process each time so three stay
  up: a standby takes over within seconds and finishes the day — no chat loses its digest, a kill
  doubles at most the one digest in flight, and no standby ever held the lease while a leader
  lived.
- Two processes, webhook mode: updates posted to both at once (a redelivery landing on the other
  process) are each answered exactly once.
"""

from __future__ import annotations

import asyncio
import random
import signal
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import POSTGRES_URL, free_port
from tests.fakes.telegram_api import FakeBotAPI
from tests.reliability.conftest import _reset
from tests.reliability.harness import (
    Bench,
    Figures,
    build_cluster,
    cluster_chats,
    digests,
    first_after,
    kill,
    wait_leader,
)

pytestmark = pytest.mark.slow

CHATS = 200  # two liaison chats for each of the 100 units with reminders that day
KILLS = 20
TOOK = "took the send lease"
FAILOVERS: list[float] = []  # seconds from each kill to the next digest sent (the README's figure)
FIGURES: dict[str, Figures] = {}


@pytest.fixture
def cluster(api: FakeBotAPI, tmp_path: Path) -> Iterator[Bench]:
    """The PostgreSQL store with 200 bound chats (only with DUBAN_TEST_POSTGRES_URL)."""
    if not POSTGRES_URL:
        pytest.skip("DUBAN_TEST_POSTGRES_URL is not set: multi-process PostgreSQL tests skipped")
    asyncio.run(_reset(POSTGRES_URL))
    asyncio.run(build_cluster(POSTGRES_URL, CHATS))
    bench = Bench(POSTGRES_URL, api, tmp_path, cluster_chats(CHATS))
    try:
        yield bench
    finally:
        bench.kill_all()
        asyncio.run(_reset(POSTGRES_URL))


def test_kill_9_the_leader_20_times_in_a_fan_out_across_three_processes(
        cluster: Bench, api: FakeBotAPI) -> None:
    chance = random.Random(18)
    points = sorted(chance.sample(range(2, CHATS - 2), KILLS))
    live = [cluster.start("run") for _ in range(3)]
    leader, token = wait_leader(cluster, live)
    figures = Figures()
    for point in points:
        api.wait_for(point, timeout=120)
        if point % 2:  # between calls (after an answer) rather than with a call in flight
            time.sleep(chance.uniform(0.0, 0.04))
        # a standby never holds the lease while a leader lives
        assert [p for p in live if TOOK in cluster.log(p)] == [leader], \
            [cluster.log(p)[-500:] for p in live]
        killed_at = time.monotonic()
        figures.codes.append(kill(leader, signal.SIGKILL))
        figures.kills += 1
        live.remove(leader)
        live.append(cluster.start("run"))  # three stay up
        leader, token = wait_leader(cluster, live, after=token)
        # the dead leader's last call is recorded at most half the fake's latency after the kill
        first = first_after(api, killed_at + api.latency, timeout=30)
        FAILOVERS.append(first - killed_at)
    cluster.wait_all(timeout=120)
    for proc in live:
        figures.codes.append(kill(proc, signal.SIGTERM))
    got = Counter(chat for _, chat in digests(api))
    figures.lost = sum(1 for c in cluster.chats if got[c] == 0)
    figures.doubled = sum(1 for c in cluster.chats if got[c] > 1)
    FIGURES["kill -9 the leader · 3 × run · postgresql"] = figures
    assert figures.lost == 0
    assert figures.doubled <= figures.kills
    # each kill doubles at most the one digest in flight (two kills close together can both hit
    # the same chat's digest: the new leader's first send is the one left unconfirmed)
    assert sum(n - 1 for n in got.values()) <= figures.kills
    assert figures.codes == [-signal.SIGKILL] * KILLS + [0, 0, 0]
    assert statistics.median(FAILOVERS) <= 5.0, FAILOVERS
    statuses = cluster.outbox()
    assert statuses.get("pending", 0) == 0 and statuses.get("sending", 0) == 0, statuses


def _post_all(ports: list[int], updates: list[dict], secret: str) -> list[int]:
    import httpx

    async def post() -> list[int]:
        async with httpx.AsyncClient(timeout=30) as client:
            calls = [client.post(f"http://127.0.0.1:{port}/telegram", json=u,
                                 headers={"X-Telegram-Bot-Api-Secret-Token": secret})
                     for u in updates for port in ports]
            return [r.status_code for r in await asyncio.gather(*calls)]

    return asyncio.run(post())


def test_webhook_updates_over_two_processes_are_answered_once(
        cluster: Bench, api: FakeBotAPI) -> None:
    secret = "s3cret-token"
    ports = [free_port(), free_port()]
    procs = []
    for port in ports:
        cluster_env = {"DUBAN_TELEGRAM_WEBHOOK_URL": "https://duban.example.gov.cn/telegram",
                       "DUBAN_TELEGRAM_WEBHOOK_PORT": str(port),
                       "DUBAN_TELEGRAM_WEBHOOK_SECRET": secret,
                       "DUBAN_REMIND_AT": "23:59"}  # no fan-out: only answers are counted
        procs.append(cluster.start("run", **cluster_env))
    api.wait_for(2, "setWebhook", timeout=60)
    updates = [{"update_id": 500 + i, "message": {
        "message_id": i + 1, "date": 0, "text": "/help", "chat": {"id": 9000 + i, "type": "private"},
        "from": {"id": 9000 + i, "is_bot": False, "first_name": "x"}}} for i in range(40)]
    # every update to both processes at once; then the first ten once more to each
    assert _post_all(ports, updates, secret) == [200] * 80
    api.wait_for(40, timeout=60)
    assert _post_all(ports, updates[:10], secret) == [200] * 20
    time.sleep(1.0)  # a second answer, if any, would go out within this
    asking = {str(9000 + i) for i in range(40)}
    replies = Counter(str(p["chat_id"]) for p in api.sent() if str(p["chat_id"]) in asking)
    assert replies == Counter({str(9000 + i): 1 for i in range(40)})
    for proc in procs:
        assert kill(proc, signal.SIGTERM) == 0, cluster.log(proc)[-2000:]
