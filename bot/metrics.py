"""Prometheus metrics of one duban process, in one registry of its own (not the library's
global one, so nothing else a library registers is exposed and tests read exact values).

The counters are bumped by small functions the chat core, the outbox and the lease keeper call;
the outbox's depth is read from the store when `/metrics` is asked (`render`). They count only
once `enable()` ran (`duban run` calls it; so do `render` and reading a metric): prometheus_client
takes tens of milliseconds to load, which a one-shot command (`duban ask`) never pays.
"""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.repo import Store

# A chat answer is usually tens of milliseconds; a chart or a plan file takes seconds.
ANSWER_BUCKETS = (.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10)
# The outbox states the depth gauge shows (store.outbox.PENDING, SENDING).
DEPTH_STATUSES = ("pending", "sending")

_leader_lock = threading.Lock()
_leader = False  # what LEADER shows; a process starts without the lease
_built: SimpleNamespace | None = None  # the registry and its metrics, once enabled


def enable() -> SimpleNamespace:
    """Start counting (`duban run`, the /metrics page, tests): build the registry and its
    metrics. Until then every `note_*` is a no-op, so a one-shot command (`duban ask`) never
    loads prometheus_client."""
    global _built
    if _built is None:
        from prometheus_client import (
            CONTENT_TYPE_LATEST,
            CollectorRegistry,
            Counter,
            Gauge,
            Histogram,
            generate_latest,
        )

        registry = CollectorRegistry(auto_describe=True)
        _built = SimpleNamespace(
            REGISTRY=registry, CONTENT_TYPE=CONTENT_TYPE_LATEST, generate=generate_latest,
            UPDATES=Counter("duban_updates", "Chat messages handled, by the platform they came "
                            "from.", ["platform"], registry=registry),
            ANSWER_SECONDS=Histogram("duban_answer_seconds", "Time to produce the replies of "
                                     "one chat message, by platform.", ["platform"],
                                     buckets=ANSWER_BUCKETS, registry=registry),
            QUEUED=Counter("duban_reminders_queued", "New outbox rows (reminders) computed for "
                           "a day.", registry=registry),
            SENT=Counter("duban_reminders_sent", "Outbox items sent (an item is one reminder or "
                         "notice; a digest carries several), by platform.", ["platform"],
                         registry=registry),
            GIVEN_UP=Counter("duban_reminders_given_up", "Outbox items given up (refused by the "
                             "platform or out of tries), by platform.", ["platform"],
                             registry=registry),
            OUTBOX_DEPTH=Gauge("duban_outbox_depth", "Outbox rows waiting (pending) or being "
                               "sent (sending), read from the store at scrape time.", ["status"],
                               registry=registry),
            LEADER=Gauge("duban_leader", "1 while this process holds the send lease, else 0.",
                         registry=registry),
            LEADER_CHANGES=Counter("duban_leader_changes", "Times this process took or lost "
                                   "the send lease.", registry=registry))
    return _built


def __getattr__(name: str) -> Any:
    """`REGISTRY`, `CONTENT_TYPE` and the metrics themselves (which enables counting)."""
    built = enable()
    try:
        return getattr(built, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def note_update(platform: str, seconds: float) -> None:
    """One chat message handled on `platform`, its replies produced in `seconds`."""
    if _built is not None:
        _built.UPDATES.labels(platform).inc()
        _built.ANSWER_SECONDS.labels(platform).observe(seconds)


def note_queued(n: int) -> None:
    """`n` new reminders put in the outbox."""
    if n and _built is not None:
        _built.QUEUED.inc(n)


def note_sent(platform: str, n: int) -> None:
    """`n` outbox items delivered on `platform` (in one digest)."""
    if n and _built is not None:
        _built.SENT.labels(platform).inc(n)


def note_given_up(platform: str, n: int) -> None:
    """`n` outbox items on `platform` given up for good."""
    if n and _built is not None:
        _built.GIVEN_UP.labels(platform).inc(n)


def note_leader(held: bool) -> None:
    """Whether this process holds the send lease now; a change (only) is counted."""
    global _leader
    with _leader_lock:
        changed, _leader = held != _leader, held
        if _built is not None:
            if changed:
                _built.LEADER_CHANGES.inc()
            _built.LEADER.set(1 if held else 0)


async def render(store: Store) -> bytes:
    """The metrics in Prometheus' text format, with the outbox's depth read from `store` now."""
    from store.backlog import count_by_status

    built = enable()
    depth = await count_by_status(store, DEPTH_STATUSES)
    for status, n in depth.items():
        built.OUTBOX_DEPTH.labels(status).set(n)
    return built.generate(built.REGISTRY)
