"""Import throughput: parse the bundled plans and write them to a fresh SQLite store; prints figures.

Run: `make bench` (or .venv/bin/python benchmarks/import_bench.py [ROUNDS]).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.directory.directory import default_directory  # noqa: E402
from store.ingest.importer import parse_document  # noqa: E402
from store.ingest.readers import read_document  # noqa: E402
from store.repo import Store  # noqa: E402

SAMPLES = sorted((ROOT / "samples" / "plans").glob("*.txt"))


def bench_parse(rounds: int) -> None:
    directory = default_directory()
    docs = [read_document(p) for p in SAMPLES]
    print(f"parse (read once, parse {rounds}x each):")
    for doc in docs:
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            plan = parse_document(doc, directory)
            times.append(time.perf_counter() - start)
        print(f"  {doc.name:28s} {len(plan.tasks):3d} tasks  median {statistics.median(times) * 1000:7.2f} ms")


async def bench_store(rounds: int) -> None:
    directory = default_directory()
    plans = [parse_document(read_document(p), directory) for p in SAMPLES]
    totals = []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            store = await Store.open(f"sqlite+aiosqlite:///{tmp}/bench.sqlite3")
            start = time.perf_counter()
            for plan in plans:
                await store.import_plan(plan)
            totals.append(time.perf_counter() - start)
            await store.close()
    tasks = sum(len(p.tasks) for p in plans)
    print(f"write {len(plans)} plans / {tasks} tasks to a new SQLite store: "
          f"median {statistics.median(totals) * 1000:.1f} ms over {rounds} rounds")


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    bench_parse(n)
    asyncio.run(bench_store(max(3, n // 4)))
