"""Prometheus metrics: exact deltas of every counter for a chat message, a day computed, a pass
over the outbox (sent, refused, out of tries), the lease's changes, the outbox's depth read from
the store, and GET /metrics over HTTP without a session."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import update

from bot import metrics
from bot.domain.chat import ChatRef, Reply
from bot.handlers.answer import Answerer
from bot.scheduler.outbox import DeliveryRefused, compute_day, flush_report
from bot.scheduler.policy import ReminderKind
from store.models import OutboxItem
from store.outbox import MAX_ATTEMPTS, enqueue
from store.repo import Store
from tests.conftest import SeededStore, sources
from tests.web.conftest import LIAISON, Web

DAY = date(2025, 10, 22)
NOW = datetime(2025, 10, 22, 1, 0, tzinfo=UTC)


def value(name: str, **labels: str) -> float:
    """A sample's value in the process's registry (0 before it was ever set)."""
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


async def put(store: Store, chat: str, n: int, first: int = 1) -> None:
    """`n` reminders of DAY for `chat` (tasks first … first+n-1), pending."""
    await enqueue(store, [{"day": DAY, "org": "长宁区", "task_id": first + i, "seq": first + i,
                           "unit": "区教育局", "kind": ReminderKind.DEADLINE, "due_date": DAY, "late": False,
                           "chat": ChatRef.parse(chat)} for i in range(n)], NOW)


class Sender:
    """A fake platform call: refuses or fails the chats it is told to, records the others."""

    def __init__(self, failing: dict[str, Exception] | None = None) -> None:
        self.failing = failing or {}
        self.sent: list[str] = []

    async def __call__(self, chat: ChatRef, reply: Reply) -> str:
        if str(chat) in self.failing:
            raise self.failing[str(chat)]
        self.sent.append(str(chat))
        return str(len(self.sent))


# ---- chat messages ---------------------------------------------------------------------------

async def test_a_chat_message_counts_one_update_and_one_observation(web: Web) -> None:
    updates = value("duban_updates_total", platform="telegram")
    observed = value("duban_answer_seconds_count", platform="telegram")
    total = value("duban_answer_seconds_sum", platform="telegram")
    slowest = value("duban_answer_seconds_bucket", platform="telegram", le="10.0")
    await web.say(LIAISON, "我们这个月有啥任务")
    assert value("duban_updates_total", platform="telegram") == updates + 1
    assert value("duban_answer_seconds_count", platform="telegram") == observed + 1
    assert value("duban_answer_seconds_sum", platform="telegram") > total
    assert value("duban_answer_seconds_bucket", platform="telegram", le="10.0") == slowest + 1


async def test_updates_are_counted_by_the_incoming_chats_platform(web: Web) -> None:
    before = {p: value("duban_updates_total", platform=p) for p in ("telegram", "console")}
    await web.say(ChatRef("console", "admin"), "帮助")
    await web.say(ChatRef("console", "admin"), "帮助")
    assert value("duban_updates_total", platform="console") == before["console"] + 2
    assert value("duban_updates_total", platform="telegram") == before["telegram"]


# ---- the outbox --------------------------------------------------------------------------------

async def test_a_day_computed_counts_its_new_rows_once(seeded_store: SeededStore) -> None:
    answerer = Answerer(await seeded_store(("长宁区", "区府办", "liaison", "telegram", "-1")))
    before = value("duban_reminders_queued_total")
    added = await compute_day(sources(answerer), DAY, NOW)
    assert added > 0
    assert value("duban_reminders_queued_total") == before + added
    assert await compute_day(sources(answerer), DAY, NOW) == 0  # nothing new: nothing counted
    assert value("duban_reminders_queued_total") == before + added


async def test_items_sent_are_counted_by_platform(store: Store) -> None:
    await put(store, "telegram:-1", 3)
    await put(store, "wecom:zhang", 2, first=10)
    before = {p: value("duban_reminders_sent_total", platform=p) for p in ("telegram", "wecom")}
    sender = Sender()
    report = await flush_report(store, sender, NOW)
    assert report.sent == 2 and sorted(sender.sent) == ["telegram:-1", "wecom:zhang"]
    # items, not digests: three reminders in one telegram digest, two in one wecom digest
    assert value("duban_reminders_sent_total", platform="telegram") == before["telegram"] + 3
    assert value("duban_reminders_sent_total", platform="wecom") == before["wecom"] + 2
    assert (await flush_report(store, sender, NOW)).sent == 0
    assert value("duban_reminders_sent_total", platform="telegram") == before["telegram"] + 3


async def test_a_refused_chat_counts_its_items_given_up(store: Store) -> None:
    await put(store, "telegram:-1", 2)
    await put(store, "telegram:-2", 4, first=10)
    given_up = value("duban_reminders_given_up_total", platform="telegram")
    sent = value("duban_reminders_sent_total", platform="telegram")
    report = await flush_report(store, Sender({"telegram:-2": DeliveryRefused("blocked")}), NOW)
    assert report.refused == {"telegram:-2": "blocked"}
    assert value("duban_reminders_given_up_total", platform="telegram") == given_up + 4
    assert value("duban_reminders_sent_total", platform="telegram") == sent + 2


async def test_a_failure_counts_only_the_items_on_their_last_try(store: Store) -> None:
    await put(store, "telegram:-1", 5)
    async with store.sessions() as session, session.begin():  # two of them tried often before
        await session.execute(update(OutboxItem).where(OutboxItem.task_id.in_((1, 2)))
                              .values(attempts=MAX_ATTEMPTS - 1))
    given_up = value("duban_reminders_given_up_total", platform="telegram")
    report = await flush_report(store, Sender({"telegram:-1": TimeoutError("slow")}), NOW)
    assert report.failed == {"telegram:-1": "slow"}
    assert value("duban_reminders_given_up_total", platform="telegram") == given_up + 2
    # a failure that gives nothing up counts nothing
    later = datetime(2025, 10, 22, 2, 0, tzinfo=UTC)
    await flush_report(store, Sender({"telegram:-1": TimeoutError("slow")}), later)
    assert value("duban_reminders_given_up_total", platform="telegram") == given_up + 2


async def test_the_outbox_depth_is_read_from_the_store(store: Store) -> None:
    await put(store, "telegram:-1", 3)
    await put(store, "wecom:zhang", 1, first=10)
    async with store.sessions() as session, session.begin():
        await session.execute(update(OutboxItem).where(OutboxItem.chat == "wecom:zhang")
                              .values(status="sending"))
    text = (await metrics.render(store)).decode()
    assert 'duban_outbox_depth{status="pending"} 3.0' in text.splitlines()
    assert 'duban_outbox_depth{status="sending"} 1.0' in text.splitlines()
    await flush_report(store, Sender(), NOW)
    await metrics.render(store)
    assert value("duban_outbox_depth", status="pending") == 0.0
    assert value("duban_outbox_depth", status="sending") == 1.0  # another sender's claim


# ---- the send lease ----------------------------------------------------------------------------

def test_leader_changes_are_counted_only_when_the_value_changes() -> None:
    metrics.note_leader(False)  # a known start, whatever an earlier test left
    changes = value("duban_leader_changes_total")
    metrics.note_leader(True)
    assert value("duban_leader") == 1.0
    metrics.note_leader(True)
    metrics.note_leader(False)
    assert value("duban_leader") == 0.0
    assert value("duban_leader_changes_total") == changes + 2
    metrics.note_leader(False)
    assert value("duban_leader_changes_total") == changes + 2


# ---- over HTTP ---------------------------------------------------------------------------------

async def test_metrics_over_http_need_no_session(web: Web) -> None:
    store = web.console.store
    await put(store, "telegram:-1", 3, first=500)
    await web.say(LIAISON, "帮助")
    updates = value("duban_updates_total", platform="telegram")
    async with httpx.AsyncClient(base_url=web.url, timeout=10) as client:
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == CONTENT_TYPE_LATEST
    lines = response.text.splitlines()
    assert 'duban_outbox_depth{status="pending"} 3.0' in lines
    assert 'duban_outbox_depth{status="sending"} 0.0' in lines
    assert f'duban_updates_total{{platform="telegram"}} {updates}' in lines
    for name in ("duban_answer_seconds", "duban_reminders_queued_total",
                 "duban_reminders_sent_total", "duban_reminders_given_up_total", "duban_leader",
                 "duban_leader_changes_total"):
        assert any(line.startswith(f"# HELP {name} ") for line in lines), name
