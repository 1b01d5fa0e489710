"""Prometheus metrics of one duban process, in one registry of its own (not the library's
global one, so nothing else a library registers is exposed and tests read exact values).

The counters are bumped by small functions the chat core, the outbox and the lease keeper call;
the outbox's depth is read from the store when `/metrics` is asked (`render`). Importing this
module loads prometheus_client (tens of milliseconds): only modules that are heavy already
import it at the top; `duban --help` never does.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

if TYPE_CHECKING:
    from store.repo import Store

REGISTRY = CollectorRegistry(auto_describe=True)
CONTENT_TYPE = CONTENT_TYPE_LATEST  # what `render` returns, for the page that serves it

# A chat answer is usually tens of milliseconds; a chart or a plan file takes seconds.
ANSWER_BUCKETS = (.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10)
# The outbox states the depth gauge shows (store.outbox.PENDING, SENDING).
DEPTH_STATUSES = ("pending", "sending")

UPDATES = Counter("duban_updates", "Chat messages handled, by the platform they came from.",
                  ["platform"], registry=REGISTRY)
ANSWER_SECONDS = Histogram("duban_answer_seconds",
                           "Time to produce the replies of one chat message, by platform.",
                           ["platform"], buckets=ANSWER_BUCKETS, registry=REGISTRY)
QUEUED = Counter("duban_reminders_queued",
                 "New outbox rows (reminders) computed for a day.", registry=REGISTRY)
SENT = Counter("duban_reminders_sent",
               "Outbox items sent (an item is one reminder or notice; a digest carries several), "
               "by platform.", ["platform"], registry=REGISTRY)
GIVEN_UP = Counter("duban_reminders_given_up",
                   "Outbox items given up (refused by the platform or out of tries), by platform.",
                   ["platform"], registry=REGISTRY)
OUTBOX_DEPTH = Gauge("duban_outbox_depth", "Outbox rows waiting (pending) or being sent "
                     "(sending), read from the store at scrape time.", ["status"],
                     registry=REGISTRY)
LEADER = Gauge("duban_leader", "1 while this process holds the send lease, else 0.",
               registry=REGISTRY)
LEADER_CHANGES = Counter("duban_leader_changes",
                         "Times this process took or lost the send lease.", registry=REGISTRY)

_leader_lock = threading.Lock()
_leader = False  # what LEADER shows; a process starts without the lease


def note_update(platform: str, seconds: float) -> None:
    """One chat message handled on `platform`, its replies produced in `seconds`."""
    UPDATES.labels(platform).inc()
    ANSWER_SECONDS.labels(platform).observe(seconds)


def note_queued(n: int) -> None:
    """`n` new reminders put in the outbox."""
    if n:
        QUEUED.inc(n)


def note_sent(platform: str, n: int) -> None:
    """`n` outbox items delivered on `platform` (in one digest)."""
    if n:
        SENT.labels(platform).inc(n)


def note_given_up(platform: str, n: int) -> None:
    """`n` outbox items on `platform` given up for good."""
    if n:
        GIVEN_UP.labels(platform).inc(n)


def note_leader(held: bool) -> None:
    """Whether this process holds the send lease now; a change (only) is counted."""
    global _leader
    with _leader_lock:
        if held != _leader:
            _leader = held
            LEADER_CHANGES.inc()
        LEADER.set(1 if held else 0)


async def render(store: Store) -> bytes:
    """The metrics in Prometheus' text format, with the outbox's depth read from `store` now."""
    from store.backlog import count_by_status

    depth = await count_by_status(store, DEPTH_STATUSES)
    for status, n in depth.items():
        OUTBOX_DEPTH.labels(status).set(n)
    return generate_latest(REGISTRY)
