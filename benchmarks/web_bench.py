"""Web console figures, side by side with a yardstick: the server time of an org's dashboard
(and its task list, roster page and a task page) for an org of 60 units and 50 tasks, and of the largest
org's dashboard over the generated 100,000-task store of query_bench.py.

Run: .venv/bin/python benchmarks/web_bench.py [--requests N] [--tasks N] [--seed N]

The 60-unit plan is generated from random.Random(seed) as a plan text (40 departments and 20
streets and towns of 浦东新区, named by each task, plus 各部门 / 各街道（镇）), imported by the
real importer into a fresh SQLite store, with a progress report from a third of the units through
the chat core. The console is the real tornado application on 127.0.0.1 (any free port), signed
in as the org's lead by a one-time link; each page is asked N times by an HTTP client (after 5
not counted). Server time is tornado's own request time (RequestHandler.request.request_time(),
taken in the application's log_function), so the client and loopback are left out. The yardstick
is the console's 404 page in the same run (session lookup, a template, no data): what every page
costs before it counts anything. Targets (issue, 2-core machine): dashboard of 60 units / 50 tasks
median <= 100 ms; org page over the 100,000-task store median <= 200 ms. `today` is 2025-10-15.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx  # noqa: E402
import tornado.httpserver  # noqa: E402
import tornado.netutil  # noqa: E402
import tornado.web  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bot.adapters.console import ConsoleAdapter, identity  # noqa: E402
from bot.adapters.web.server import WebConsole  # noqa: E402
from bot.delivery import Delivery  # noqa: E402
from bot.handlers.answer import Answerer  # noqa: E402
from bot.handlers.chat import ChatService  # noqa: E402
from bot.handlers.weblink import sign_in_link  # noqa: E402
from bot.platform import Services  # noqa: E402
from config.settings import WebSettings  # noqa: E402
from store.directory.directory import default_directory  # noqa: E402
from store.ingest.service import import_files  # noqa: E402
from store.models import Plan, Task  # noqa: E402
from store.repo import Store  # noqa: E402
from store.websessions import WebIdentity  # noqa: E402

TODAY = date(2025, 10, 15)
NOW = datetime(2025, 10, 15, 2, 30, tzinfo=UTC)
ORG = "浦东新区"
TARGET_SMALL_MS = 100.0
TARGET_LARGE_MS = 200.0
DEADLINES = ("全年", "10月底前", "6月30日前", "11月底前", "每季度", "9月底前", "12月15日前")


def plan_text(rng: random.Random) -> tuple[str, list[str]]:
    """A 浦东新区 2025 plan of 50 tasks over 60 named units (and its units)."""
    directory = default_directory()
    district = directory.districts[ORG]
    departments = rng.sample([d for d in directory.departments if d != "区府办"], 40)
    local = rng.sample([*district.streets, *district.towns], 20)
    units = [*departments, *local]
    lines = ["上海市浦东新区人民政府办公室文件", "", "浦府办〔2025〕30号", "",
             "2025年浦东新区政务公开工作要点", "", "一、深化重点领域信息公开", ""]
    for seq in range(1, 51):
        named = rng.sample(units, rng.randint(3, 12))
        if seq % 7 == 0:
            named.append(rng.choice(("各部门", "各街道（镇）")))
        lines += [f"{seq}. 做好第{seq}项重点领域信息公开工作，按要求及时发布并解读相关政策。"
                  f"（责任单位：{'、'.join(named)}，完成时限：{rng.choice(DEADLINES)}）", ""]
    return "\n".join(lines), units


class Timed:
    """The console's application with every request's server time kept by path."""

    def __init__(self, console: WebConsole) -> None:
        self.console = console
        self.times: dict[str, list[float]] = {}
        self.server: tornado.httpserver.HTTPServer | None = None
        self.port = 0

    async def start(self) -> None:
        """Listen on any free port of 127.0.0.1."""
        app = self.console.application()
        app.settings["log_function"] = self._record
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        self.server = tornado.httpserver.HTTPServer(app)
        self.server.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]
        self.console.port = self.port

    def _record(self, handler: tornado.web.RequestHandler) -> None:
        self.times.setdefault(handler.request.path, []).append(
            handler.request.request_time() * 1000)

    async def stop(self) -> None:
        """Stop listening."""
        if self.server is not None:
            self.server.stop()
            await self.server.close_all_connections()


async def measure(store: Store, org: str, n: int, label: str,
                  extra: dict[str, str] | None = None) -> dict[str, float]:
    """Median server time (ms) of the org's pages and the 404 yardstick over `n` requests."""
    answerer = Answerer(store)
    await answerer.warm(TODAY)
    chats = ChatService(answerer, (), b"bench")
    delivery = Delivery(store, (), lambda: NOW)
    console = WebConsole(WebSettings(port=0), Services(chats, delivery, lambda: TODAY,
                                                       lambda: NOW))
    timed = Timed(console)
    await timed.start()
    base = f"http://127.0.0.1:{timed.port}"
    link = await sign_in_link(store, base, WebIdentity(org, None, "lead", None, "bench"), NOW)
    board = f"/org/{quote(org, safe='')}"
    pages = {"dashboard": board, "task list (overdue)": board + "/tasks?count=overdue",
             "roster and chats": board + "/roster", "yardstick: 404 page": "/no-such-page"}
    pages.update(extra or {})
    figures: dict[str, float] = {}
    try:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            assert (await client.post(link.removeprefix(base))).status_code == 303
            for _ in range(5):  # warm-up: templates compiled, caches filled
                for path in pages.values():
                    await client.get(path)
            timed.times.clear()
            for _ in range(n):  # interleaved, so a slower stretch of the machine hits all alike
                for path in pages.values():
                    response = await client.get(path)
                    wanted = 404 if path == "/no-such-page" else 200
                    assert response.status_code == wanted, (path, response.status_code)
    finally:
        await timed.stop()
    print(f"== {label}: {n} requests each, server time (tornado's request time)")
    for name, path in pages.items():
        values = timed.times[path.split("?")[0]]
        med = statistics.median(values)
        p95 = sorted(values)[int(0.95 * (len(values) - 1))]
        figures[name] = med
        print(f"  {name:<24} median {med:7.2f} ms   p95 {p95:7.2f} ms")
    return figures


async def small(n: int, seed: int) -> float:
    """The 60-unit, 50-task org."""
    from bot.handlers.dashboard import org_plan

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        text, units = plan_text(rng)
        path = Path(tmp) / "pudong-2025.txt"
        path.write_text(text, encoding="utf-8")
        store = await Store.open(f"sqlite+aiosqlite:///{Path(tmp) / 'web.sqlite3'}")
        try:
            await import_files(store, [path])
            answerer = Answerer(store)
            chats = ChatService(answerer, (), b"bench")
            delivery = Delivery(store, (), lambda: NOW)
            plan = await org_plan(answerer, ORG, TODAY)
            assert plan is not None
            tasks = await answerer.reader.tasks([plan.id])
            reported = 0
            for unit in units[::3]:  # a third of the units report on a task they hold
                held = [t for t in tasks if unit in {u.name for u in t.units}]
                if held:
                    who = await identity(chats, f"{ORG}/{unit}", False)
                    await ConsoleAdapter(chats, delivery, who, Path(tmp)).ask(
                        f"{held[0].seq} 进行中", TODAY, NOW, show=False)
                    reported += 1
            print(f"  {ORG} 2025: {len(tasks)} tasks, {len(units)} units named; "
                  f"{reported} progress reports")
            figures = await measure(store, ORG, n, "60 units / 50 tasks",
                                    {"task page": f"/task/{tasks[6].id}"})
        finally:
            await store.close()
    return figures["dashboard"]


async def large(n: int, n_tasks: int, seed: int) -> float:
    """The largest org's dashboard over the generated store of query_bench.py."""
    import query_bench as qb

    directory = default_directory()
    orgs = qb.make_orgs(directory, max(1, n_tasks // 200), random.Random(seed + 1))
    with tempfile.TemporaryDirectory() as tmp:
        print(f"== building the {n_tasks:,}-task store (query_bench.py's generator)")
        store, _ = await qb.build_store(f"sqlite+aiosqlite:///{Path(tmp) / 'big.sqlite3'}", orgs,
                                        n_tasks, seed, "none")
        try:
            async with store.sessions() as session:
                org, size = (await session.execute(
                    select(Plan.org, func.count(Task.id)).join(Task, Task.plan_id == Plan.id)
                    .where(Plan.year == TODAY.year).group_by(Plan.org)
                    .order_by(func.count(Task.id).desc()).limit(1))).one()
            print(f"  largest current plan: {org} ({size} tasks)")
            figures = await measure(store, org, n, f"{org} over {n_tasks:,} tasks")
        finally:
            await store.close()
    return figures["dashboard"]


async def main_async(args: argparse.Namespace) -> None:
    began = time.perf_counter()
    small_ms = await small(args.requests, args.seed)
    large_ms = await large(args.requests, args.tasks, args.seed)
    print(f"== summary (total run {time.perf_counter() - began:.0f} s)")
    for name, value, target in (("dashboard, 60 units / 50 tasks", small_ms, TARGET_SMALL_MS),
                                (f"org page over {args.tasks:,} tasks", large_ms, TARGET_LARGE_MS)):
        print(f"  {name}: median {value:.1f} ms (target <= {target:g} ms): "
              f"{'OK' if value <= target else 'MISSED'}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="requests per page (default 100)")
    parser.add_argument("--tasks", type=int, default=100_000, help="tasks in the large store")
    parser.add_argument("--seed", type=int, default=20251015)
    asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
