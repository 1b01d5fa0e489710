"""kill -9 and SIGTERM of real senders in the middle of a 100-chat fan-out, on SQLite and
PostgreSQL: nothing is lost; a kill doubles at most the one digest whose call was in flight; a
clean stop (SIGTERM) doubles nothing."""

from __future__ import annotations

import random
import signal
import time

import pytest

from tests.reliability.harness import CHATS, Bench, Figures, finish, kill

REMIND = ("remind", "--today", "2025-10-22")
# digests out (in all) when the sender is killed: from the first to the last of the fan-out
KILL_POINTS = (1, 17, 33, 50, 66, 83, 99)
TERM_POINTS = (10, 40, 70)

FIGURES: dict[str, Figures] = {}  # what the README's table reports, printed by test_report


def run_until_done(bench: Bench, command: tuple[str, ...]) -> int:
    """Start a sender and let it finish the day: `duban remind` ends by itself; `duban run` is
    stopped (SIGTERM) once every chat has the day."""
    proc = bench.start(*command)
    if command[0] == "run":
        bench.wait_all(timeout=90)
        return kill(proc, signal.SIGTERM)
    return finish(proc)


def kill_at_points(bench: Bench, command: tuple[str, ...], points: tuple[int, ...],
                   sig: signal.Signals) -> Figures:
    """Start the sender, kill it with `sig` once `point` digests went out, start it again, and
    so on; then let it finish."""
    figures = Figures()
    chance = random.Random(14)
    for i, point in enumerate(points):
        proc = bench.start(*command)
        bench.wait_digests(point, timeout=90)
        if i % 2:  # between calls (after an answer) rather than with a call in flight
            time.sleep(chance.uniform(0.0, 0.04))
        figures.codes.append(kill(proc, sig))
        figures.kills += 1
        claimed = bench.claimed()
        assert len(claimed) <= (1 if sig == signal.SIGKILL else 0), claimed  # one in flight
        figures.left_claimed |= claimed
    figures.codes.append(run_until_done(bench, command))
    return bench.tally(figures)


def assert_settled(bench: Bench) -> None:
    """Every digest of the day was marked sent: nothing pending, nothing left claimed."""
    statuses = bench.outbox()
    assert statuses.get("pending", 0) == 0 and statuses.get("sending", 0) == 0, statuses
    assert statuses.get("sent", 0) > 0


@pytest.mark.slow
@pytest.mark.parametrize("command", [REMIND, ("run",)], ids=["remind", "run"])
def test_kill_9_mid_fan_out_loses_nothing_and_doubles_at_most_one_per_kill(
        bench: Bench, command: tuple[str, ...]) -> None:
    figures = kill_at_points(bench, command, KILL_POINTS, signal.SIGKILL)
    FIGURES[f"kill -9 · {command[0]} · {bench.url.split(':')[0].split('+')[0]}"] = figures
    assert figures.lost == 0
    assert figures.doubled <= figures.kills
    assert max(bench.digests().values()) <= 2
    # the only chats that got the day twice are those whose digest a kill left claimed
    assert bench.doubled() <= figures.left_claimed
    assert figures.codes[:-1] == [-signal.SIGKILL] * figures.kills and figures.codes[-1] == 0
    assert_settled(bench)


@pytest.mark.slow
@pytest.mark.parametrize("command", [REMIND, ("run",)], ids=["remind", "run"])
def test_sigterm_mid_fan_out_doubles_nothing(bench: Bench, command: tuple[str, ...]) -> None:
    figures = kill_at_points(bench, command, TERM_POINTS, signal.SIGTERM)
    FIGURES[f"SIGTERM · {command[0]} · {bench.url.split(':')[0].split('+')[0]}"] = figures
    assert (figures.lost, figures.doubled) == (0, 0)
    # `duban run` stops cleanly (0); `duban remind` says it stopped with chats left (1)
    assert figures.codes == [0 if command[0] == "run" else 1] * figures.kills + [0]
    assert_settled(bench)


@pytest.mark.slow
def test_remind_sends_the_day_once(bench: Bench) -> None:
    proc = bench.start(*REMIND)
    assert finish(proc) == 0, bench.log(proc)
    assert "已发送 100 条提醒汇总。" in bench.log(proc)
    assert bench.tally(Figures()) == Figures(lost=0, doubled=0)
    assert sorted(bench.digests()) == sorted(bench.chats) and len(bench.chats) == CHATS
    again = bench.start(*REMIND)
    assert finish(again) == 0 and "已发送 0 条提醒汇总。" in bench.log(again)
    assert_settled(bench)
