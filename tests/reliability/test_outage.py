"""A PostgreSQL outage under a running `duban run` (its connections go through a TCP proxy on
127.0.0.1 that the test stops and starts; the shared server runs on): sending pauses, every
heartbeat failure is logged, the service resumes by itself, and no second sender appears — or,
when one took over during the outage, the one cut off sends nothing more. On SQLite, the store
locked by another process (a backup holding the write lock) does the same."""

from __future__ import annotations

import signal
import sqlite3
import time

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_URL
from tests.reliability.harness import Bench, Figures, finish, kill
from tests.reliability.proxy import TcpProxy
from tests.reliability.test_kills import FIGURES, REMIND, assert_settled

TOOK = "took the send lease"

OUTAGE = 60.0  # seconds without the store


@pytest.fixture
def proxied(bench: Bench) -> tuple[Bench, TcpProxy, str]:
    """The PostgreSQL bench, and a proxy in front of its server."""
    if not bench.url.startswith("postgresql"):
        pytest.skip("the outage is cut between the processes and the PostgreSQL server")
    url = make_url(POSTGRES_URL)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432)).start()
    try:
        yield bench, proxy, url.set(host="127.0.0.1", port=proxy.port).render_as_string(
            hide_password=False)
    finally:
        proxy.stop()


def sent(bench: Bench) -> int:
    return sum(bench.digests().values())


@pytest.mark.slow
def test_an_outage_of_a_minute_pauses_sending_and_the_service_resumes(
        proxied: tuple[Bench, TcpProxy, str]) -> None:
    bench, proxy, through = proxied
    run = bench.start("run", url=through)
    bench.wait_digests(20, timeout=90)
    proxy.stop()
    at_cut = sent(bench)
    time.sleep(5)
    assert sent(bench) <= at_cut + 1  # at most the digest already claimed goes out
    paused = sent(bench)
    time.sleep(OUTAGE - 5)
    assert sent(bench) == paused and run.poll() is None  # nothing sent without the lease
    proxy.start()
    bench.wait_all(timeout=90)  # the service resumed by itself
    log = bench.log(run)
    assert log.count("send lease heartbeat failed") >= 20  # every beat of the outage logged
    assert "took the send lease (token 2)" in log  # the lease was taken again, a new token
    # chat answering goes on
    bench.api.message(7000, 1, "/help", chat_type="private")
    bench.api.wait_for(2, chat_id=7000, timeout=30)  # the digest, then the answer
    assert any(not str(p["text"]).startswith("【督办提醒】") for p in bench.api.sent(chat_id=7000))
    # no second sender: another `duban run` waits as a standby, a `duban remind` is refused
    second = bench.start("run")
    bench.wait_log(second, "this one is a standby")
    remind = bench.start(*REMIND)
    assert finish(remind) == 2 and "另一个发送进程（duban run，" in bench.log(remind)
    assert kill(second, signal.SIGTERM) == 0, bench.log(second)
    assert TOOK not in bench.log(second)
    assert kill(run, signal.SIGTERM) == 0, bench.log(run)
    figures = bench.tally(Figures(kills=1))
    FIGURES["store outage 60 s · run · postgresql"] = figures
    assert (figures.lost, figures.doubled) == (0, 0)
    assert_settled(bench)


@pytest.mark.slow
def test_a_sender_cut_off_by_an_outage_sends_nothing_after_another_took_over(
        proxied: tuple[Bench, TcpProxy, str]) -> None:
    bench, proxy, through = proxied
    run = bench.start("run", url=through)
    bench.wait_digests(20, timeout=90)
    proxy.stop()
    time.sleep(2)  # the cut-off holder's lock went with its connection
    remind = bench.start(*REMIND)  # straight to the server: it may take the lease over
    assert finish(remind) == 0, bench.log(remind)
    assert "took the send lease (token 2)" in bench.log(remind)
    bench.wait_all(timeout=30)
    done = sent(bench)
    proxy.start()
    bench.wait_log(run, "took the send lease (token 3)", timeout=60)
    time.sleep(2)
    assert sent(bench) == done  # the one cut off found nothing left to send
    assert kill(run, signal.SIGTERM) == 0, bench.log(run)
    figures = bench.tally(Figures(kills=1))
    FIGURES["takeover during an outage · run + remind · postgresql"] = figures
    assert figures.lost == 0 and figures.doubled <= 1  # at most the digest in flight at the cut
    assert_settled(bench)


@pytest.mark.slow
def test_sqlite_locked_by_another_process_pauses_sending_and_the_service_resumes(
        bench: Bench) -> None:
    if not bench.url.startswith("sqlite"):
        pytest.skip("SQLite's write lock")
    run = bench.start("run")
    bench.wait_digests(20, timeout=90)
    blocker = sqlite3.connect(bench.url.split("///", 1)[1], timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")  # nobody else can write for 20 s
    at_lock = sent(bench)
    time.sleep(20)
    assert sent(bench) <= at_lock + 1  # at most the digest already claimed went out
    blocker.rollback()
    blocker.close()
    bench.wait_all(timeout=90)  # resumed: no heartbeat or write was cut off holding the lock
    assert "send lease heartbeat failed" in bench.log(run)
    remind = bench.start(*REMIND)
    assert finish(remind) == 2 and "另一个发送进程（duban run，" in bench.log(remind)
    assert kill(run, signal.SIGTERM) == 0, bench.log(run)
    figures = bench.tally(Figures(kills=1))
    FIGURES["store locked 20 s · run · sqlite"] = figures
    assert (figures.lost, figures.doubled) == (0, 0)
    assert_settled(bench)
