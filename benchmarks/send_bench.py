"""Reminder sending throughput: one `flush(...)` of the outbox (1,000 digests to 1,000 chats by
default) through the real `TelegramAdapter.send_digest` and its Pacer, against a loopback Bot
API that enforces Telegram's limits. Target: >= 90% of the permitted 30 messages/s, with no 429.

Run: .venv/bin/python benchmarks/send_bench.py [--count N] [--control]
(takes about N / 29 seconds: ~35 s for the default 1,000; --control adds a few seconds)

Setup: a fresh SQLite store in a temp dir; N outbox rows for one day, each to its own group chat
(`telegram:-1000001`, ...: negative ids, so every chat also has its own 20-a-minute group bucket,
which one message never reaches), with a mix of reminder kinds and the signed progress buttons of
`ChatService.digest_buttons`; the rows name no real tasks (only the digest text needs them).
The fake Bot API (tests/fakes/telegram_api.py, `enforce_limits=True`, real monotonic clock)
listens on 127.0.0.1 only and answers 429, without delivering, to any send beyond 30 in any
1-second window or 20 in any minute to one group.

Measured: wall-clock seconds of the single `flush(...)` call (reading the outbox, building the
digests, pacing, HTTP, claiming each digest under the send lease and marking it sent); messages the fake delivered; the achieved rate
(delivered / seconds) and it as a % of 30/s; the fake's 429 answers (must be 0); outbox rows not
sent afterwards (must be 0); PASS/FAIL. For diagnosis also: the steady rate between the first
and the last send, the most sends the client made in any 1-second window, and where the time
went (waiting in the Pacer, the rest of `send_digest` i.e. HTTP and python-telegram-bot, and
everything outside it: the store reads and writes of `flush` and the digest text).

--control runs the same flush with `rate_limit=False` and no pacer, to show that the fake really
answers 429 when a client goes too fast (the refused digests stay queued, deferred).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PTB_TIMEDELTA", "true")

from sqlalchemy import func, select  # noqa: E402

from bot.adapters.telegram.adapter import TelegramAdapter  # noqa: E402
from bot.adapters.telegram.limits import TELEGRAM_LIMITS  # noqa: E402
from bot.domain.chat import Reply  # noqa: E402
from bot.handlers.answer import Answerer  # noqa: E402
from bot.handlers.chat import ChatService  # noqa: E402
from bot.scheduler.keeper import LeaseKeeper  # noqa: E402
from bot.scheduler.outbox import flush  # noqa: E402
from bot.scheduler.pacing import Pacer  # noqa: E402
from store.lease import SendLease  # noqa: E402
from store.models import OutboxItem  # noqa: E402
from store.outbox import SENT, enqueue  # noqa: E402
from store.repo import Store  # noqa: E402
from tests.fakes.telegram_api import TOKEN, FakeBotAPI  # noqa: E402

PERMITTED = 30.0  # Telegram: messages per second overall
TARGET = 0.90  # of the permitted rate
FIRST_CHAT = 1_000_001
ORGS = ["普陀区", "长宁区", "静安区", "徐汇区", "黄浦区"]
UNITS = ["区数据局", "区发改委", "区财政局", "区教育局", "区卫健委", "曹杨新村街道", "长征镇"]
KINDS = ["deadline", "overdue", "checkpoint"]  # escalations carry no buttons: left out


@dataclass
class Timings:
    """What the instrumented send and pacer saw during one flush."""

    in_send: float = 0.0  # seconds inside send_digest (pacing wait included)
    paced: float = 0.0  # seconds the Pacer slept
    sends: list[float] = field(default_factory=list)  # perf_counter when each send returned


def rows(count: int, day: date) -> list[dict]:
    """One outbox row per chat, all for `day`; task ids are arbitrary (no real tasks needed)."""
    return [{"day": day, "org": ORGS[i % len(ORGS)], "task_id": 10_000 + i, "seq": 1 + i % 60,
             "unit": UNITS[i % len(UNITS)], "kind": KINDS[i % len(KINDS)],
             "due_date": date(2025, 10, 31), "chat": f"telegram:-{FIRST_CHAT + i}", "late": False}
            for i in range(count)]


def busiest_second(times: list[float]) -> int:
    """The most of `times` within any 1-second window."""
    times = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


async def unsent(store: Store) -> int:
    """Outbox rows not marked sent."""
    async with store.sessions() as session:
        return await session.scalar(select(func.count()).where(OutboxItem.status != SENT)) or 0


async def run(count: int, workdir: Path, paced: bool) -> dict[str, float]:
    """Fill a fresh store's outbox with `count` digests and time one flush through the adapter."""
    store = await Store.open(f"sqlite+aiosqlite:///{workdir / ('paced' if paced else 'control')}.db")
    api = FakeBotAPI(enforce_limits=True).start()
    timings = Timings()

    async def timed_sleep(seconds: float) -> None:
        start = time.perf_counter()
        await asyncio.sleep(seconds)
        timings.paced += time.perf_counter() - start

    try:
        now = datetime.now(UTC)
        today = now.date()
        await enqueue(store, rows(count, today), now)
        answerer = Answerer(store)
        service = ChatService(answerer, set(), b"bench-secret")
        pacer = Pacer(TELEGRAM_LIMITS, sleep=timed_sleep) if paced else None
        adapter = TelegramAdapter(service, TOKEN, api.base_url, lambda: today, lambda: now,
                                  rate_limit=paced, pacer=pacer)

        def send(chat: str, reply: Reply) -> Awaitable[str]:
            async def timed() -> str:
                start = time.perf_counter()
                try:
                    return await adapter.send_digest(chat, reply)
                finally:
                    end = time.perf_counter()
                    timings.in_send += end - start
                    timings.sends.append(end)
            return timed()

        await adapter.app.initialize()  # getMe: the HTTP connection is open before timing
        try:
            lease = SendLease(store, "run")  # as the service sends: each digest claimed under it
            assert await lease.acquire()
            keeper = LeaseKeeper(lease)  # and renewed while it sends (the pass outlasts ttl/2)
            keeper.start()
            start = time.perf_counter()
            try:
                digests = await flush(store, send, now, service.digest_buttons, "telegram",
                                      pacer, lease=lease)
            finally:
                await keeper.stop()
            seconds = time.perf_counter() - start
        finally:
            await adapter.app.shutdown()
        delivered = api.sent()
        left = await unsent(store)
    finally:
        api.stop()
        await store.close()
    sends = timings.sends
    steady = (len(sends) - 1) / (sends[-1] - sends[0]) if len(sends) > 1 else 0.0
    return {"digests": digests, "delivered": len(delivered),
            "chats": len({str(p.get("chat_id")) for p in delivered}), "seconds": seconds,
            "too_many": len(api.too_many), "unsent": left, "steady": steady,
            "busiest": busiest_second(sends), "in_send": timings.in_send, "paced": timings.paced}


def report(count: int, r: dict[str, float]) -> bool:
    """Print the paced run's figures; whether the target was met."""
    rate = r["delivered"] / r["seconds"]
    share = rate / PERMITTED
    outside = r["seconds"] - r["in_send"]
    http = r["in_send"] - r["paced"]
    n = max(r["digests"], 1)
    print(f"digests queued            : {count} (one per chat, {count} chats, one day)")
    print(f"messages delivered        : {r['delivered']} to {r['chats']} chats "
          f"(flush reported {r['digests']:.0f} sent)")
    print(f"seconds (one flush)       : {r['seconds']:.2f}")
    print(f"achieved rate             : {rate:.2f} messages/s")
    print(f"rate as % of {PERMITTED:.0f}/s         : {share:.1%} (target >= {TARGET:.0%})")
    print(f"429 answers from the fake : {r['too_many']} (must be 0)")
    print(f"outbox rows left unsent   : {r['unsent']} (must be 0)")
    print(f"steady rate first..last   : {r['steady']:.2f} messages/s; busiest 1-s window "
          f"{r['busiest']:.0f} sends (client side)")
    print(f"time in the Pacer's sleep : {r['paced']:7.2f} s")
    print(f"time in send otherwise    : {http:7.2f} s ({http / n * 1000:.2f} ms/message: HTTP, PTB)")
    print(f"time outside send         : {outside:7.2f} s ({outside / n * 1000:.2f} ms/message: "
          "store reads/writes, digest text)")
    ok = (share >= TARGET and r["too_many"] == 0 and r["unsent"] == 0
          and r["delivered"] == count)
    print(f"{'PASS' if ok else 'FAIL'}: >= {TARGET:.0%} of the permitted rate and no 429")
    return ok


def report_control(count: int, r: dict[str, float]) -> None:
    """Print the unpaced control run's figures."""
    print(f"\ncontrol (rate_limit=False, no pacer), {count} digests:")
    print(f"  seconds {r['seconds']:.2f}, delivered {r['delivered']}, 429 answers {r['too_many']}, "
          f"rows left queued {r['unsent']}, busiest 1-s window {r['busiest']:.0f} sends")
    verdict = "the fake does refuse a client that goes too fast" if r["too_many"] else (
        "no 429: the control did not exceed the limits (too few messages?)")
    print(f"  {verdict}")


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="digests (chats) to send")
    parser.add_argument("--control", action="store_true",
                        help="also run without rate limiting, to show the fake answers 429")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paced = await run(args.count, Path(tmp), paced=True)
        ok = report(args.count, paced)
        if args.control:
            report_control(args.count, await run(args.count, Path(tmp), paced=False))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
