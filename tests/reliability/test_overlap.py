"""Senders side by side, as real processes on SQLite and PostgreSQL: two `duban remind` at once,
`duban remind` beside `duban run` (and the other way round) — one sender at a time, 0 doubles."""

from __future__ import annotations

import signal

import pytest

from tests.reliability.harness import Bench, Figures, finish, kill
from tests.reliability.test_kills import FIGURES, REMIND, assert_settled


def backend(bench: Bench) -> str:
    return bench.url.split(":")[0].split("+")[0]


@pytest.mark.slow
def test_two_reminds_at_once_one_sends_the_other_exits_2(bench: Bench) -> None:
    first, second = bench.start(*REMIND), bench.start(*REMIND)
    codes = sorted([finish(first), finish(second)])
    assert codes == [0, 2], (bench.log(first), bench.log(second))
    refused = bench.log(first) + bench.log(second)
    assert "另一个发送进程（duban remind，进程 " in refused and "为避免重复发送，本次未发送" in refused
    figures = bench.tally(Figures(codes=codes))
    FIGURES[f"two remind at once · {backend(bench)}"] = figures
    assert (figures.lost, figures.doubled) == (0, 0)
    assert_settled(bench)


@pytest.mark.slow
def test_two_reminds_with_wait_take_turns(bench: Bench) -> None:
    first = bench.start(*REMIND, "--wait", "120")
    second = bench.start(*REMIND, "--wait", "120")
    assert [finish(first), finish(second)] == [0, 0], (bench.log(first), bench.log(second))
    logs = sorted([bench.log(first), bench.log(second)], key=lambda log: "已发送 0 条" in log)
    assert "已发送 100 条提醒汇总。" in logs[0] and "已发送 0 条提醒汇总。" in logs[1]
    assert bench.tally(Figures()) == Figures(lost=0, doubled=0)


@pytest.mark.slow
def test_remind_beside_run_exits_2_and_run_sends_once(bench: Bench) -> None:
    run = bench.start("run")
    bench.wait_digests(10, timeout=90)
    remind = bench.start(*REMIND)
    assert finish(remind) == 2, bench.log(remind)
    assert "另一个发送进程（duban run，进程 " in bench.log(remind)
    bench.wait_all(timeout=90)
    assert kill(run, signal.SIGTERM) == 0, bench.log(run)
    figures = bench.tally(Figures())
    FIGURES[f"remind beside run · {backend(bench)}"] = figures
    assert (figures.lost, figures.doubled) == (0, 0)
    assert_settled(bench)


@pytest.mark.slow
def test_run_started_beside_remind_waits_for_the_lease(bench: Bench) -> None:
    remind = bench.start(*REMIND)
    bench.wait_digests(10, timeout=90)
    run = bench.start("run")
    assert finish(remind) == 0, bench.log(remind)
    bench.wait_all(timeout=90)
    # `duban run` takes the lease once `duban remind` let it go, and finds nothing left to send
    bench.wait_log(run, "took the send lease (token 2)")
    assert kill(run, signal.SIGTERM) == 0, bench.log(run)
    figures = bench.tally(Figures())
    FIGURES[f"run beside remind · {backend(bench)}"] = figures
    assert (figures.lost, figures.doubled) == (0, 0)
    assert_settled(bench)
