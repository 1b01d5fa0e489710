"""Real `duban run` / `duban remind` processes over a store with 100 bound chats, against the fake
Bot API: start them, kill them (SIGKILL, SIGTERM) at chosen points, and count what every chat
received (lost: none; doubled: more than one digest of the day)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from store.access import create_invite, redeem_invite
from store.models import OutboxItem, SendLease
from store.repo import Store
from tests.conftest import ROOT, SAMPLES
from tests.fakes.telegram_api import TOKEN, FakeBotAPI

DAY = "2025-10-22"  # 100 units with reminders in the sample plans, a short digest each
HEAD = f"【督办提醒】{DAY}"
CHATS = 100
LEASE_SECONDS = "3"  # takeover after an outage within seconds, not half a minute


@dataclass
class Figures:
    """What one scenario did: kills tried, chats that never got the day, chats that got it twice."""

    kills: int = 0
    lost: int = 0
    doubled: int = 0
    codes: list[int] = field(default_factory=list)
    left_claimed: set[str] = field(default_factory=set)  # chats left `sending` by the kills


@dataclass
class Bench:
    """A store (its URL), the fake Bot API and the chats bound in the store."""

    url: str
    api: FakeBotAPI
    workdir: Path
    chats: list[str]
    logs: list[Path] = field(default_factory=list)
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def env(self, url: str | None = None, **extra: str) -> dict[str, str]:
        """The environment of a sender process."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("DUBAN_")}
        env.update({
            "PYTHONPATH": str(ROOT), "DUBAN_DATABASE_URL": url or self.url,
            "DUBAN_TELEGRAM_TOKEN": TOKEN, "DUBAN_TELEGRAM_BASE_URL": self.api.base_url,
            "DUBAN_TODAY": DAY, "DUBAN_REMIND_AT": "00:00", "DUBAN_LOG_LEVEL": "WARNING",
            "DUBAN_REMIND_LEASE_SECONDS": LEASE_SECONDS,
            "DUBAN_SAMPLE_PLANS_DIR": str(self.workdir / "no-samples"),
        })
        env.update(extra)
        return env

    def start(self, *args: str, url: str | None = None, **extra: str) -> subprocess.Popen[bytes]:
        """`duban ARGS…` as a process of its own (stderr kept in a log file; `extra` settings
        added to its environment)."""
        log = self.workdir / f"proc-{len(self.logs)}-{args[0]}.log"
        self.logs.append(log)
        with log.open("wb") as err:
            proc = subprocess.Popen([sys.executable, "-m", "bot.cli", *args], cwd=self.workdir,
                                    env=self.env(url, **extra), stdout=subprocess.DEVNULL, stderr=err)
        self.procs.append(proc)
        return proc

    def kill_all(self) -> None:
        """Kill (-9) every process still running (after a test, passed or not)."""
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)

    def log(self, proc: subprocess.Popen[bytes]) -> str:
        """What a process wrote on stderr."""
        return self.logs[self.procs.index(proc)].read_text(errors="replace")

    def wait_log(self, proc: subprocess.Popen[bytes], text: str, timeout: float = 60.0) -> None:
        """Block until the process wrote `text` on stderr."""
        deadline = time.monotonic() + timeout
        while text not in self.log(proc):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise TimeoutError(f"no {text!r} in: {self.log(proc)[-2000:]}")
            time.sleep(0.05)

    def digests(self) -> Counter[str]:
        """How many digests of the day each chat received."""
        return Counter(str(p["chat_id"]) for p in self.api.sent()
                       if str(p.get("text", "")).startswith(HEAD))

    def tally(self, figures: Figures) -> Figures:
        """Lost and doubled chats, now."""
        got = self.digests()
        figures.lost = sum(1 for c in self.chats if got[c] == 0)
        figures.doubled = sum(1 for c in self.chats if got[c] > 1)
        return figures

    def wait_digests(self, count: int, timeout: float = 60.0) -> None:
        """Block until `count` messages went out (in all, doubles included; here every message
        is a digest of the day)."""
        self.api.wait_for(count, timeout=timeout)

    def wait_all(self, timeout: float = 60.0) -> None:
        """Block until every chat received the day."""
        deadline = time.monotonic() + timeout
        while any(self.digests()[c] == 0 for c in self.chats):
            if time.monotonic() > deadline:
                missing = [c for c in self.chats if self.digests()[c] == 0]
                raise TimeoutError(f"{len(missing)} chats still without the day: {missing[:5]}")
            time.sleep(0.05)

    def outbox(self) -> dict[str, int]:
        """Outbox rows by status."""
        return asyncio.run(_statuses(self.url))

    def claimed(self) -> set[str]:
        """The chats (Telegram ids) whose digest is left claimed (`sending`)."""
        return asyncio.run(_claimed(self.url))

    def doubled(self) -> set[str]:
        """The chats that received the day more than once."""
        return {chat for chat, n in self.digests().items() if n > 1}


async def _statuses(url: str) -> dict[str, int]:
    store = await Store.open(url)
    try:
        async with store.sessions() as session:
            rows = await session.execute(select(OutboxItem.status, func.count())
                                         .group_by(OutboxItem.status))
            return {status: n for status, n in rows.all()}
    finally:
        await store.close()


async def _claimed(url: str) -> set[str]:
    store = await Store.open(url)
    try:
        async with store.sessions() as session:
            chats = await session.scalars(select(OutboxItem.chat).where(
                OutboxItem.status == "sending").distinct())
            return {c.partition(":")[2] for c in chats.all() if c}
    finally:
        await store.close()


def kill(proc: subprocess.Popen[bytes], sig: signal.Signals = signal.SIGKILL,
         timeout: float = 90.0) -> int:
    """Send `sig` and wait for the process to end; its exit code."""
    proc.send_signal(sig)
    return proc.wait(timeout=timeout)


def finish(proc: subprocess.Popen[bytes], timeout: float = 90.0) -> int:
    """Wait for a process to end by itself; its exit code."""
    return proc.wait(timeout=timeout)


# ---- several `duban run` on one PostgreSQL store (tests/reliability/test_cluster.py, the bench) ----


def cluster_chats(chats: int) -> list[str]:
    """The bound chats: 7000… and 8000… for the same units (two liaison chats a unit)."""
    return [str(base + i) for base in (7000, 8000) for i in range(chats // 2)]


async def build_cluster(url: str, chats: int) -> None:
    """Import the samples into the empty store at `url` and bind `chats` chats, two to each of
    the first units with reminders that day."""
    from store.ingest.service import import_files
    from tests.reliability.conftest import _units

    store = await Store.open(url)
    try:
        await import_files(store, sorted(SAMPLES.glob("*.txt")))
    finally:
        await store.close()
    units = (await _units(url))[:chats // 2]
    store = await Store.open(url)
    try:
        ids = cluster_chats(chats)
        for i, (org, unit) in enumerate(units + units):
            code = await create_invite(store, org, unit, "liaison", "test")
            await redeem_invite(store, code, "telegram", ids[i], "test")
    finally:
        await store.close()


async def _lease_owner(url: str) -> tuple[str, int] | None:
    store = await Store.open(url)
    try:
        async with store.sessions() as session:
            row = await session.get(SendLease, "send")
            return (row.owner, row.token) if row is not None and row.owner else None
    finally:
        await store.close()


def wait_leader(bench: Bench, live: list[subprocess.Popen[bytes]], after: int = 0,
                timeout: float = 30.0) -> tuple[subprocess.Popen[bytes], int]:
    """The live process holding the send lease with a token above `after`, and its token."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        held = asyncio.run(_lease_owner(bench.url))
        if held is not None and held[1] > after:
            pid = int(held[0].rpartition(":")[2])
            for proc in live:
                if proc.pid == pid:
                    return proc, held[1]
        time.sleep(0.1)
    raise TimeoutError(f"no leader after token {after}: {asyncio.run(_lease_owner(bench.url))}")


def digests(api: FakeBotAPI) -> list[tuple[float, str]]:
    """(when, chat) of every digest of the day sent."""
    return [(t, str(p["chat_id"])) for t, p in api.sent_at()
            if str(p.get("text", "")).startswith(HEAD)]


def first_after(api: FakeBotAPI, moment: float, timeout: float) -> float:
    """When the first digest recorded after `moment` (time.monotonic()) was; waits for one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        later = [t for t, _ in digests(api) if t > moment]
        if later:
            return min(later)
        time.sleep(0.02)
    raise TimeoutError("no digest sent after the kill")
