"""Inbound message ids claimed across processes (store.inbound), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from store.inbound import CLAIM_SECONDS, Arrival, answered, first_time, received
from store.processes import process_gone, this_process

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
OTHER = "another-host:4242"  # a process on another machine: never known to be gone


async def test_a_new_id_is_new_and_an_answered_one_is_dropped(store) -> None:
    assert await received(store, "telegram", "1:5", T0) is Arrival.NEW
    await answered(store, "telegram", "1:5", T0)
    assert await received(store, "telegram", "1:5", T0 + timedelta(seconds=1)) is Arrival.ANSWERED
    assert await received(store, "telegram", "1:5", T0, owner=OTHER) is Arrival.ANSWERED


async def test_another_live_process_keeps_its_claim_until_it_lapses(store) -> None:
    assert await received(store, "wecom", "m1", T0, owner=OTHER) is Arrival.NEW
    soon = T0 + timedelta(seconds=CLAIM_SECONDS - 1)
    assert await received(store, "wecom", "m1", soon) is Arrival.ELSEWHERE
    late = T0 + timedelta(seconds=CLAIM_SECONDS + 1)
    assert await received(store, "wecom", "m1", late) is Arrival.UNANSWERED  # taken over
    # now the claim is ours: the other process, back again, leaves it to us
    assert await received(store, "wecom", "m1", late + timedelta(seconds=1),
                          owner=OTHER) is Arrival.ELSEWHERE


async def test_a_claim_of_a_process_gone_on_this_host_is_taken_at_once(store) -> None:
    gone = f"{this_process().rpartition(':')[0]}:999999999"
    assert process_gone(gone)
    assert await received(store, "dingtalk", "d1", T0, owner=gone) is Arrival.NEW
    assert await received(store, "dingtalk", "d1", T0 + timedelta(seconds=1)) is Arrival.UNANSWERED


async def test_this_process_answers_its_own_unanswered_claim_again(store) -> None:
    assert await received(store, "telegram", "1:6", T0) is Arrival.NEW
    # the first attempt failed before `answered`: a redelivery to this process is answered
    assert await received(store, "telegram", "1:6", T0 + timedelta(seconds=2)) is Arrival.UNANSWERED


async def test_only_one_of_two_takes_a_lapsed_claim_over(store) -> None:
    assert await received(store, "wecom", "m2", T0, owner=OTHER) is Arrival.NEW
    late = T0 + timedelta(seconds=CLAIM_SECONDS + 5)
    first = await received(store, "wecom", "m2", late, owner="third-host:1")
    second = await received(store, "wecom", "m2", late, owner="fourth-host:2")
    assert (first, second) == (Arrival.UNANSWERED, Arrival.ELSEWHERE)


async def test_first_time_is_true_once(store) -> None:
    assert await first_time(store, "telegram", "1:7", T0)
    assert not await first_time(store, "telegram", "1:7", T0 + timedelta(seconds=1))
