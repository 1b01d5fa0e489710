"""A quick look at a store's org and unit names, for `duban parse`: an SQLite store is read with
the standard library (loading SQLAlchemy would cost that command most of its start), read-only,
without migrating; other backends through the store."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

# A larger store's task texts are not read for one parse (its topics are then taken as asked).
MAX_TEXT_PLANS = 100


@dataclass(frozen=True)
class StoreNames:
    """The orgs with a plan, every unit by name with its kind, and the text of every active task
    (what the parser tells a topic from noise by)."""

    orgs: frozenset[str]
    units: dict[str, str]
    texts: tuple[str, ...] = ()


def store_names(url: str) -> StoreNames | None:
    """The names a store holds; None when there is no store (yet) or it cannot be read."""
    scheme, _, rest = url.partition("://")
    if scheme.split("+")[0] == "sqlite":
        path = rest[1:] if rest.startswith("/") else rest
        if not path or path == ":memory:" or not Path(path).exists():
            return None
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
                orgs = frozenset(r[0] for r in conn.execute("SELECT DISTINCT org FROM plans"))
                units = dict(conn.execute("SELECT name, kind FROM units").fetchall())
                plans = conn.execute("SELECT COUNT(*) FROM plans").fetchone()[0]
                texts = tuple(" ".join(str(v or "") for v in row) for row in conn.execute(
                    "SELECT area, title, content, deadline_text FROM tasks WHERE active")
                ) if plans <= MAX_TEXT_PLANS else ()
        except sqlite3.Error:  # not a store, or one never migrated
            return None
        return StoreNames(orgs, units, texts)
    import asyncio  # only for a store that is not SQLite

    return asyncio.run(_through_store(url))


async def _through_store(url: str) -> StoreNames:
    from store.repo import Store

    store = await Store.open(url, upgrade=False)
    try:
        from store.queries import plan_summaries, store_units
        from store.reader import TaskReader

        plans = await plan_summaries(store)
        orgs = frozenset(p.org for p in plans)
        units = {name: kind for _, name, kind in await store_units(store)}
        texts = tuple(t.text for t in await TaskReader(store).tasks([p.id for p in plans])) \
            if len(plans) <= MAX_TEXT_PLANS else ()
    finally:
        await store.close()
    return StoreNames(orgs, units, texts)
