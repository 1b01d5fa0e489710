"""Reminder benchmark: how long `day_reminders(sources, day)` takes over a store of
>= 1,000,000 (task, unit) assignments, against the target of <= 3 s for one day's reminders.

Run: .venv/bin/python benchmarks/remind_bench.py [--orgs N] [--tasks-per-plan N] [--cold N]
         [--warm N] [--day YYYY-MM-DD[=label] ...] [--postgres URL [--reset-postgres]]
         [--no-sqlite] [--keep PATH] [--reuse] [--analyze WHICH] [--explain-analyze]
         [--profile WHICH] [--seed N]

The store is generated from random.Random(seed) and written straight with SQLAlchemy Core (not
the importer) into a fresh SQLite file in a temp dir (kept at PATH with --keep; measured again
without generating with --keep PATH --reuse), and, with --postgres URL, also into that (empty,
unless --reset-postgres) PostgreSQL database, ANALYZEd after loading as autovacuum would.

Shape (defaults): 1,000 orgs, each with its own departments (区xx局), streets (xx街道), towns
(xx镇) and collectives (各部门, 各街道（镇）…) in `units`; each has a 2025 plan of ~52 tasks (a
few only a 2024 one, ~30% a 2024 plan too). Task kinds as the importer writes them: ~48%
"year-long" (due Dec 31; some with recurrence "quarterly" or "monthly"), ~40% "dated" over the
year, a few "relative", ~10% "ongoing". Units per task: a few named units, a collective (so
expansion happens), or a long list of named units, ~20 on average: >= 1,000,000 assignments in
the current plans. Progress as of 2025-11-14: 85% of the past-due (task, unit) pairs done (some
after an in-progress record), some year-long work in progress, 2024 plans mostly done; a few
thousand extension requests (most approved), liaison and lead bindings, quarterly reports.

Measured, per day (default: 2025-11-14 a typical workday, 2025-09-01 a checkpoint day when every
year-long task reminds, 2025-09-26 a quarterly reporting day): cold calls (a fresh Store and
Answerer each, first call, reading only the candidate tasks through indexes, as `duban remind`
does; the OS file cache stays warm) and warm calls (on the last cold call's Answerer after
`Answerer.warm()`, which `duban run` calls at start: the current plans are in memory and the
daily job filters them there); min / median seconds, the reminders found, the candidate tasks read, the
time per step of day_reminders (its step functions wrapped in this process only), the SQL
statements and their time; PASS / FAIL against 3 s. Then the query plan (EXPLAIN QUERY PLAN on
SQLite, EXPLAIN [ANALYZE] on PostgreSQL) of every distinct SQL statement the last call issued,
captured with a before_cursor_execute listener and explained with its own parameters, after the
indexes on the tables read; and, for the days that missed the target (--profile), a cProfile
breakdown of one cold call. Defaults take about 5 minutes on SQLite on a 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import hashlib
import inspect
import pstats
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, insert, select, text  # noqa: E402

import bot.scheduler.today as today_module  # noqa: E402
from bot.domain.plans import by_org, current_plan  # noqa: E402
from bot.handlers.answer import Answerer  # noqa: E402
from bot.scheduler.policy import watch  # noqa: E402
from bot.scheduler.today import Addressed, Sources, day_reminders  # noqa: E402
from store.calendar import load_calendar  # noqa: E402
from store.directory.directory import (  # noqa: E402
    KIND_COLLECTIVE,
    KIND_DEPARTMENT,
    KIND_STREET,
    KIND_TOWN,
    Directory,
    default_directory,
)
from store.models import (  # noqa: E402
    Assignment,
    Base,
    Binding,
    Extension,
    Plan,
    Progress,
    QuarterlyReport,
    Task,
    Unit,
)
from store.repo import Store  # noqa: E402
from store.views import PlanRef  # noqa: E402
from store.workdays import add_workdays  # noqa: E402

TARGET_SECONDS = 3.0
AS_OF = date(2025, 11, 14)  # progress, extensions and reports are recorded up to this day
CURRENT_YEAR = 2025
DEFAULT_DAYS = (
    (date(2025, 11, 14), "typical workday"),
    (date(2025, 9, 1), "checkpoint day: every year-long task reminds"),
    (date(2025, 9, 26), "quarterly reporting day"),
)
EXPLAINED_TABLES = ("tasks", "assignments", "progress", "extensions", "units", "plans", "bindings",
                    "quarterly_reports")

# ---- word banks ----------------------------------------------------------------------------

TOPICS = ("政府信息公开", "政策解读", "一网通办", "12345热线", "营商环境", "政务新媒体", "政府开放月",
          "重大行政决策", "公共数据开放", "依申请公开", "财政预决算公开", "城市更新", "民生实事项目",
          "安全生产", "养老服务", "就业创业", "社会救助", "保障性住房", "行政执法公示", "办事指南",
          "政策问答库", "垃圾分类", "防汛防台", "乡村振兴", "数字化转型", "一网统管", "人大代表建议",
          "政协提案", "政府网站", "统计数据发布", "审计整改", "加装电梯", "规范性文件")
VERBS = ("深化", "推进", "做好", "加强", "完善", "落实", "规范", "持续开展", "优化", "健全", "强化")
OBJECTS = ("信息公开", "政策解读", "工作机制", "专栏建设", "目录编制", "标准化建设", "数据发布",
           "解读回应", "公开质量", "公众参与", "考核评估", "培训指导")
MEASURES = ("依托“一网通办”平台", "通过政务新媒体矩阵", "结合政府开放月活动", "会同相关部门",
            "借助短视频、微直播等方式", "按照市政务公开办要求", "在政府网站设立专栏", "开展第三方评估")
GOALS = ("提升企业群众获得感", "确保信息发布及时准确", "扩大政策知晓度", "增强公开实效",
         "提高办理质量和水平", "主动回应社会关切")
AREAS = ("一、夯实根基，依法全面履行政府信息公开职责", "二、提升效能，充分发挥公开促落实优服务强监督功能",
         "三、聚焦重点，加大重点领域信息公开力度", "四、强化保障，推动政务公开工作提质增效")
NOTES = (None, "已完成初稿", "已报送材料", "已在政府网站发布", "已召开专题会", "正在推进")
_STEM_A = "安永泰德清丰兴昌乐宜靖临云建武文桐淳遂瑞龙仙玉庆景福富溧句华和顺平"
_STEM_B = "吉清兴庐化阳和川源江城丰乐昌康远州溪岩宁山湖"
_PLACE_A = "东西南北中新凤梅桃柳竹松枫荷兰菊金银石河湖海江"
_PLACE_B = "林桥港湾塘浦泾口庄营集店岗坪"
# Collectives whose members the directory knows (各部门 -> departments …) and two it does not.
COLLECTIVES = ("各部门", "各街道（镇）", "各街道", "各镇", "各相关部门", "各单位")


# ---- orgs and their units ------------------------------------------------------------------


@dataclass(frozen=True)
class OrgSpec:
    """A plan-issuing org of the generated store and its units."""

    name: str
    departments: tuple[str, ...]
    streets: tuple[str, ...]
    towns: tuple[str, ...]
    collectives: tuple[str, ...]
    years: tuple[int, ...]  # years it has a plan for

    def members(self, collective: str, directory: Directory) -> tuple[str, ...]:
        """The units a collective stands for in this org (none when the directory can't say)."""
        info = directory.collectives.get(collective)
        covers = (info.members or frozenset()) if info else frozenset()
        groups = [group for kind, group in (("department", self.departments), ("street", self.streets),
                                            ("town", self.towns)) if kind in covers]
        return tuple(name for group in groups for name in group)


def make_orgs(directory: Directory, count: int, rng: random.Random) -> list[OrgSpec]:
    """`count` orgs: the 16 real districts (their directory streets and towns), then synthetic
    districts and counties with streets and towns of their own."""
    departments = [n for n in directory.departments if n != "区府办"]
    known = set(directory.districts) | {d.short for d in directory.districts.values()}
    stems = [a + b for a in _STEM_A for b in _STEM_B if a != b and a + b not in known]
    rng.shuffle(stems)
    names = [*directory.districts]
    names += [s + suffix for suffix in ("区", "县") for s in stems][: max(0, count - len(names))]
    if len(names) < count:
        raise SystemExit(f"only {len(names)} distinct org names can be generated")
    places = [a + b for a in _PLACE_A for b in _PLACE_B]
    orgs = []
    for name in names[:count]:
        depts = ("区府办", *rng.sample(departments, rng.randint(27, 33)))
        real = directory.districts.get(name)
        if real is not None:
            streets, towns = tuple(real.streets), tuple(real.towns)
        else:
            chosen = rng.sample(places, rng.randint(8, 20))
            n_streets = rng.randint(len(chosen) // 3, len(chosen))
            streets = tuple(p + rng.choice(("路街道", "街道")) for p in chosen[:n_streets])
            towns = tuple(p + "镇" for p in chosen[n_streets:])
        collectives = tuple(c for c in COLLECTIVES
                            if not (c == "各街道" and not streets) and not (c == "各镇" and not towns))
        r = rng.random()
        years = (2024,) if r < 0.015 else (2024, 2025) if r < 0.30 else (2025,)
        orgs.append(OrgSpec(name, depts, streets, towns, collectives, years))
    return orgs


# ---- rows ----------------------------------------------------------------------------------


def deadline(rng: random.Random, year: int,
             issued: date) -> tuple[str, date | None, str, str | None]:
    """(deadline_text, due_date, kind, recurrence) as store/ingest/deadlines.py reads them."""
    r = rng.random()
    end = date(year, 12, 31)
    if r < 0.48:
        form = rng.random()
        if form < 0.55:
            return "全年", end, "year-long", None
        if form < 0.75:
            return rng.choice(("全年，每季度报送进展", "每季度更新")), end, "year-long", "quarterly"
        if form < 0.85:
            return "每月", end, "year-long", "monthly"
        return rng.choice(("年底前", "年内")), end, "year-long", None
    if r < 0.88:
        m = rng.randint(1, 12)
        last = (date(year + (m == 12), m % 12 + 1, 1) - timedelta(days=1)).day
        form = rng.random()
        if form < 0.5:
            return f"{m}月底前", date(year, m, last), "dated", None
        if form < 0.7:
            d = rng.randint(1, last)
            return f"{year}年{m}月{d}日前", date(year, m, d), "dated", None
        if form < 0.85:
            q = (m - 1) // 3 + 1
            return f"第{'一二三四'[q - 1]}季度", date(year, 3 * q, (31, 30, 30, 31)[q - 1]), "dated", None
        return f"{m}月中旬", date(year, m, 20), "dated", None
    if r < 0.90:
        n = rng.choice((10, 20, 30, 60))
        return f"印发后{n}个工作日内", add_workdays(issued, n), "relative", None
    return rng.choice(("持续推进", "长期坚持", "常态化开展")), None, "ongoing", None


def content(rng: random.Random) -> tuple[str, str | None]:
    """A task's text and, sometimes, a title."""
    topic = rng.choice(TOPICS)
    s = (f"{rng.choice(VERBS)}{topic}{rng.choice(OBJECTS)}，{rng.choice(MEASURES)}，"
         f"{rng.choice(GOALS)}。")
    if rng.random() < 0.4:
        s = f"围绕{rng.choice(TOPICS)}等领域，" + s
    if rng.random() < 0.35:
        s += f"{rng.choice(VERBS)}{rng.choice(TOPICS)}相关{rng.choice(OBJECTS)}。"
    title = f"{rng.choice(VERBS)}{topic}{rng.choice(OBJECTS)}" if rng.random() < 0.3 else None
    return s, title


def _moment(rng: random.Random, day: date) -> datetime:
    """A working-hours moment of `day` in UTC (Beijing 09:00-18:00)."""
    return datetime(day.year, day.month, day.day, rng.randint(1, 9), rng.randint(0, 59),
                    rng.randint(0, 59), tzinfo=UTC)


def _before(rng: random.Random, day: date, lo: int, hi: int, floor: date) -> date:
    """A day `lo`..`hi` days before `day`, not before `floor` nor after AS_OF."""
    return min(max(day - timedelta(days=rng.randint(lo, hi)), floor), AS_OF - timedelta(days=1))


@dataclass
class Rows:
    """Rows of every table in insert order (ids assigned here), and figures about them."""

    tables: dict[type[Base], list[dict[str, Any]]] = field(default_factory=dict)
    pairs: Counter[str] = field(default_factory=Counter)  # (task, unit) pairs after expansion


def make_rows(orgs: Sequence[OrgSpec], tasks_per_plan: int, directory: Directory,
              rng: random.Random) -> Rows:
    """Plans, units, tasks, assignments, progress, extensions, bindings and quarterly reports."""
    plans: list[dict[str, Any]] = []
    units: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []
    assignments: list[dict[str, Any]] = []
    progress: list[tuple[datetime, int, int, str]] = []  # at, task id, unit id, status
    dated: list[tuple[int, int, str, date]] = []  # current dated pairs: task, unit id, name, due
    quarterly_holders: set[tuple[str, str]] = set()
    rows = Rows()
    stamp = datetime(2025, 3, 20, tzinfo=UTC)
    low = max(8, tasks_per_plan * 3 // 4)
    for org in orgs:
        ids: dict[str, int] = {}
        kinds = ([(n, KIND_DEPARTMENT) for n in org.departments]
                 + [(n, KIND_STREET) for n in org.streets] + [(n, KIND_TOWN) for n in org.towns]
                 + [(n, KIND_COLLECTIVE) for n in org.collectives])
        for name, kind in kinds:
            ids[name] = len(units) + 1
            units.append({"id": ids[name], "org": org.name, "name": name, "kind": kind,
                          "aliases": []})
        named = [*org.departments, *org.streets, *org.towns]
        members = {c: org.members(c, directory) for c in org.collectives}
        for year in org.years:
            current = year == max(org.years)
            plan_id = len(plans) + 1
            issued = date(year, rng.randint(2, 4), rng.randint(1, 28))
            plans.append({
                "id": plan_id, "org": org.name, "year": year,
                "title": f"{year}年{org.name}政务公开工作要点",
                "doc_no": f"{org.name[:2]}府办〔{year}〕{rng.randint(1, 80)}号",
                "issued_on": issued, "source_name": f"{org.name}-{year}.docx",
                "source_sha256": hashlib.sha256(f"{org.name}/{year}".encode()).hexdigest(),
                "imported_at": stamp, "updated_at": stamp,
            })
            size = rng.randint(low, 2 * tasks_per_plan - low)
            for seq in range(1, size + 1):
                task_id = len(tasks) + 1
                text_, title = content(rng)
                deadline_text, due, kind, recurrence = deadline(rng, year, issued)
                tasks.append({
                    "id": task_id, "plan_id": plan_id, "seq": seq,
                    "area": [AREAS[min(3, (seq - 1) * 4 // size)]], "title": title,
                    "content": text_, "deadline_text": deadline_text, "due_date": due,
                    "recurrence": recurrence, "kind": kind, "active": rng.random() > 0.005,
                })
                r = rng.random()
                if r < 0.30:  # a lead department and a cooperating unit or two
                    picked = [rng.choice(org.departments),
                              *rng.sample(named, rng.choice((0, 1, 1, 2)))]
                elif r < 0.40:  # a collective, sometimes behind a lead
                    collective = rng.choices(org.collectives, k=1)[0]
                    picked = [rng.choice(org.departments)] if rng.random() < 0.5 else []
                    picked.append(collective)
                else:  # a long list of named units
                    picked = rng.sample(named, min(len(named), rng.randint(22, 42)))
                picked = list(dict.fromkeys(picked))
                led = len(picked) > 1 and rng.random() < 0.5
                holders: list[str] = []
                for pos, name in enumerate(picked):
                    collective = name in members
                    role = "responsible" if not led else "lead" if pos == 0 else \
                        "implement" if collective else "cooperate"
                    assignments.append({"id": len(assignments) + 1, "task_id": task_id,
                                        "unit_id": ids[name], "role": role, "raw": name,
                                        "position": pos})
                    # a collective with no known members is reminded itself
                    holders.extend((members[name] or (name,)) if collective else (name,))
                holders = list(dict.fromkeys(holders))
                rows.pairs["current" if current else "older"] += len(holders)
                for name in holders:
                    if name in members:
                        continue  # collectives never report
                    status = _progress_for(rng, year, kind, due, current)
                    uid = ids[name]
                    floor = date(year, 1, 15)
                    if status == "done":
                        base = due if due and due < AS_OF else AS_OF
                        at = _before(rng, base, 0, 25, floor)
                        if rng.random() < 0.3:
                            progress.append((_moment(rng, _before(rng, at, 10, 40, floor)),
                                             task_id, uid, "in_progress"))
                        progress.append((_moment(rng, at), task_id, uid, "done"))
                    elif status == "in_progress":
                        at = floor + timedelta(days=rng.randint(0, (AS_OF - floor).days - 1))
                        progress.append((_moment(rng, at), task_id, uid, "in_progress"))
                    if current and kind == "dated" and due is not None and name not in members:
                        dated.append((task_id, uid, name, due))
                    if current and recurrence == "quarterly":
                        quarterly_holders.add((org.name, name))
    progress.sort()
    rows.tables = {
        Plan: plans, Unit: units, Task: tasks, Assignment: assignments,
        Progress: [{"id": i, "task_id": t, "unit_id": u, "status": s, "note": rng.choice(NOTES),
                    "evidence": None, "actor": f"user{rng.randint(1, 9999)}", "created_at": at}
                   for i, (at, t, u, s) in enumerate(progress, 1)],
        Extension: _extensions(dated, rng),
        Binding: _bindings(orgs, rng),
        QuarterlyReport: _reports(sorted(quarterly_holders), rng),
    }
    return rows


def _progress_for(rng: random.Random, year: int, kind: str, due: date | None,
                  current: bool) -> str | None:
    """The latest status a (task, unit) pair has as of AS_OF, or None when it never reported."""
    r = rng.random()
    if not current or year < CURRENT_YEAR:
        return "done" if r < 0.90 else "in_progress" if r < 0.95 else None
    if kind == "year-long":
        return "done" if r < 0.03 else "in_progress" if r < 0.28 else None
    if kind == "ongoing":
        return "in_progress" if r < 0.20 else None
    if due is not None and due < AS_OF:
        return "done" if r < 0.85 else "in_progress" if r < 0.92 else None
    return "done" if r < 0.02 else "in_progress" if r < 0.12 else None


def _extensions(dated: list[tuple[int, int, str, date]],
                rng: random.Random) -> list[dict[str, Any]]:
    """Extension requests on dated tasks: 70% approved, 20% pending, 10% rejected."""
    rows = []
    for task_id, _uid, unit, due in rng.sample(dated, min(len(dated), 3000)):
        asked = _before(rng, due, 1, 20, date(CURRENT_YEAR, 1, 5))
        r = rng.random()
        status = "approved" if r < 0.7 else "pending" if r < 0.9 else "rejected"
        decided = _moment(rng, asked + timedelta(days=rng.randint(1, 5)))
        rows.append({"id": len(rows) + 1, "task_id": task_id, "unit": unit, "old_due": due,
                     "new_due": due + timedelta(days=rng.randint(7, 60)), "reason": "人手不足",
                     "status": status, "requested_by": f"user{rng.randint(1, 9999)}",
                     "requested_chat": f"telegram:-{rng.randint(10**9, 10**10)}",
                     "decided_by": None if status == "pending" else "lead",
                     "created_at": _moment(rng, asked),
                     "decided_at": None if status == "pending" else decided})
    return rows


def _bindings(orgs: Sequence[OrgSpec], rng: random.Random) -> list[dict[str, Any]]:
    """Liaison chats for ~10% of the named units, a lead chat for ~60% of the orgs; 3% ended."""
    rows: list[dict[str, Any]] = []
    at = datetime(2025, 4, 1, tzinfo=UTC)

    def add(org: str, unit: str | None, role: str) -> None:
        active = rng.random() > 0.03
        rows.append({"id": len(rows) + 1, "platform": "telegram",
                     "chat_id": str(-rng.randint(10**9, 10**10)), "org": org, "unit": unit,
                     "role": role, "active": active, "created_by": "admin", "created_at": at,
                     "ended_at": None if active else at + timedelta(days=30),
                     "ended_why": None if active else "left"})

    for org in orgs:
        for unit in (*org.departments, *org.streets, *org.towns):
            if rng.random() < 0.10:
                add(org.name, unit, "liaison")
        if rng.random() < 0.6:
            add(org.name, None, "lead")
    return rows


def _reports(holders: list[tuple[str, str]], rng: random.Random) -> list[dict[str, Any]]:
    """Quarterly reports of units holding quarterly work: 55% for Q2, 30% for Q3 of 2025."""
    rows: list[dict[str, Any]] = []
    for org, unit in holders:
        for quarter, share, handed in ((2, 0.55, date(2025, 6, 20)), (3, 0.30, date(2025, 9, 19))):
            if rng.random() < share:
                rows.append({"id": len(rows) + 1, "org": org, "year": CURRENT_YEAR,
                             "quarter": quarter, "unit": unit, "task_id": None,
                             "text": f"{quarter}季度工作情况", "file_name": None, "file_ref": None,
                             "file_data": None, "actor": "liaison", "chat": None,
                             "created_at": _moment(rng, handed)})
    return rows


# ---- loading -------------------------------------------------------------------------------


async def write_rows(store: Store, rows: Rows, chunk: int = 10_000) -> None:
    """Bulk-insert every table in one transaction with SQLAlchemy Core; SQLite with
    synchronous=OFF and no foreign key checks for the load only (the connection is dropped
    afterwards)."""
    async with store.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            await conn.exec_driver_sql("PRAGMA synchronous=OFF")
            await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # ids are consistent by make
            await conn.commit()  # end SQLAlchemy's autobegun transaction (no BEGIN was sent)
        async with conn.begin():
            for model, table_rows in rows.tables.items():
                for start in range(0, len(table_rows), chunk):
                    await conn.execute(insert(model.__table__), table_rows[start:start + chunk])
            if not sqlite:  # explicit ids: move the sequences past them
                for model in rows.tables:
                    name = model.__tablename__
                    await conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"))
        if sqlite:
            await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        await conn.invalidate()  # never hand the synchronous=OFF connection out again


async def build_store(url: str, orgs: Sequence[OrgSpec], args: argparse.Namespace) -> None:
    """Generate, write and (optionally) ANALYZE the store at `url`."""
    start = time.perf_counter()
    rows = make_rows(orgs, args.tasks_per_plan, default_directory(), random.Random(args.seed + 2))
    made = time.perf_counter() - start
    store = await Store.open(url)
    try:
        async with store.sessions() as session:
            if await session.scalar(select(func.count(Plan.id))):
                raise SystemExit(f"{url}: the store is not empty (--reset-postgres, or --reuse)")
        start = time.perf_counter()
        await write_rows(store, rows)
        written = time.perf_counter() - start
        total = sum(len(r) for r in rows.tables.values())
        print(f"  {total:,} rows generated in {made:.1f} s, inserted in {written:.1f} s "
              f"({total / written:,.0f} rows/s); (task, unit) pairs after collective expansion: "
              f"{rows.pairs['current']:,} in current plans, {rows.pairs['older']:,} in older ones")
        dialect = store.engine.dialect.name
        if args.analyze == "all" or (args.analyze == "postgres" and dialect == "postgresql"):
            # PostgreSQL's autovacuum would analyze the new rows within a minute or so; the
            # product never runs ANALYZE on SQLite, so by default SQLite plans without stats.
            start = time.perf_counter()
            async with store.engine.begin() as conn:
                await conn.execute(text("ANALYZE"))
            print(f"  ANALYZE ({dialect}) in {time.perf_counter() - start:.1f} s")
    finally:
        await store.close()


async def reset_postgres(url: str) -> None:
    """Drop duban's tables (and Alembic's record) in the PostgreSQL database."""
    probe = await Store.open_unmigrated(url)
    async with probe.engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    await probe.close()


async def print_shape(store: Store, day: date) -> None:
    """What the store holds, counted in the database."""
    async with store.sessions() as session:
        counts = {m.__tablename__: await session.scalar(select(func.count()).select_from(m))
                  for m in (Plan, Unit, Task, Assignment, Progress, Extension, Binding,
                            QuarterlyReport)}
        catalog = [PlanRef(*r) for r in await session.execute(
            select(Plan.id, Plan.org, Plan.year, Plan.title))]
        plans = [p for p in (current_plan(ps, day) for ps in by_org(catalog).values()) if p]
        ids = [p.id for p in plans]
        in_current = Task.plan_id.in_(ids)
        kinds = (await session.execute(
            select(Task.kind, Task.recurrence, func.count()).where(in_current)
            .group_by(Task.kind, Task.recurrence))).all()
        current_tasks = sum(n for _, _, n in kinds)
        current_assignments = await session.scalar(
            select(func.count()).select_from(Assignment).join(Task, Task.id == Assignment.task_id)
            .where(in_current))
        statuses = dict((await session.execute(
            select(Progress.status, func.count()).group_by(Progress.status))).all())
        extensions = dict((await session.execute(
            select(Extension.status, func.count()).group_by(Extension.status))).all())
        bindings = dict((await session.execute(
            select(Binding.role, func.count()).where(Binding.active).group_by(Binding.role))).all())
    years = Counter(p.year for p in catalog)
    print(f"  orgs {len(by_org(catalog)):,}; plans {counts['plans']:,} "
          f"({', '.join(f'{n:,} of {y}' for y, n in sorted(years.items()))}); current plans "
          f"({day.year} or the latest before) {len(plans):,}, of which "
          f"{sum(1 for p in plans if p.year < day.year)} older")
    print(f"  units {counts['units']:,}; tasks {counts['tasks']:,} ({current_tasks:,} in current "
          f"plans: " + ", ".join(f"{k}{'/' + r if r else ''} {n / current_tasks:.0%}"
                                 for k, r, n in sorted(kinds, key=lambda x: -x[2])) + ")")
    print(f"  assignments {counts['assignments']:,} ({current_assignments:,} in current plans, "
          f"{current_assignments / max(1, current_tasks):.1f} per task)")
    def listed(counter: dict[str, int]) -> str:
        return ", ".join(f"{k} {n:,}" for k, n in sorted(counter.items()))

    print(f"  progress rows {counts['progress']:,} ({listed(statuses)}); extensions "
          f"{counts['extensions']:,} ({listed(extensions)}); active bindings {listed(bindings)}; "
          f"quarterly reports {counts['quarterly_reports']:,}")
    if current_assignments < 1_000_000:
        print(f"  !! only {current_assignments:,} assignments in current plans: below the "
              f"1,000,000 the target names (raise --orgs or --tasks-per-plan)")


# ---- measuring -----------------------------------------------------------------------------


class SqlLog:
    """Statements executed on the engine: count, time in cursor execution (aiosqlite and asyncpg
    fetch every row there), rows; with `record`, each statement with its parameters."""

    def __init__(self, store: Store) -> None:
        self.ns = self.count = self.rows = 0
        self.record = False
        self.statements: list[tuple[str, Any, float, int]] = []  # SQL, parameters, ms, rows
        self._t0 = 0
        engine = store.engine.sync_engine
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def reset(self) -> None:
        self.ns = self.count = self.rows = 0
        self.statements = []

    def _before(self, *_args: object) -> None:
        self._t0 = time.perf_counter_ns()

    def _after(self, _conn: object, cursor: Any, statement: str, parameters: Any,
               *_: object) -> None:
        ns = time.perf_counter_ns() - self._t0
        rows = len(getattr(cursor, "_rows", ()) or ())
        self.ns += ns
        self.count += 1
        self.rows += rows
        if self.record:
            self.statements.append((statement, parameters, ns / 1e6, rows))


STEPS = ("refresh", "load_calendar", "reminder_tasks", "rosters", "reported_units",
         "reminders_for", "all_bindings")


class Steps:
    """Seconds spent in each step of day_reminders: the functions bot/scheduler/today.py calls,
    wrapped in its module namespace (this process only), and the Answerer's refresh."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.sizes: dict[str, int] = {}
        self._originals = {name: getattr(today_module, name) for name in STEPS if name != "refresh"}
        for name, original in self._originals.items():
            setattr(today_module, name, self.wrap(name, original))

    def reset(self) -> None:
        self.seconds = defaultdict(float)
        self.sizes = {}

    def wrap(self, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.iscoroutinefunction(original):
            async def timed_async(*args: Any, **kwargs: Any) -> Any:
                t0 = time.perf_counter()
                try:
                    result = await original(*args, **kwargs)
                finally:
                    self.seconds[name] += time.perf_counter() - t0
                self._sizes(name, result)
                return result
            return timed_async

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - t0
        return timed

    def _sizes(self, name: str, result: Any) -> None:
        if name == "reminder_tasks":
            self.sizes["tasks"] = len(result)
            self.sizes["unit roles"] = sum(len(t.units) for t in result)
            self.sizes["progress entries"] = sum(len(t.progress) for t in result)
            self.sizes["orgs"] = len({t.org for t in result})

    def attach(self, answerer: Answerer) -> Answerer:
        answerer.reader.sync = self.wrap("refresh", answerer.reader.sync)  # type: ignore[method-assign]
        return answerer


@dataclass
class Run:
    """One timed call of day_reminders."""

    seconds: float
    steps: dict[str, float]
    sizes: dict[str, int]
    found: list[Addressed]
    sql_ms: float
    statements: int
    rows: int
    gc_seconds: float
    gc_full: int  # full (generation 2) collections


class GcMeter:
    """Time the cyclic garbage collector spends during a call (gc.callbacks), and how many of
    its collections were full ones: every one of those walks all live objects."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.full = 0
        self._t0 = 0.0
        gc.callbacks.append(self._callback)

    def reset(self) -> None:
        self.seconds, self.full = 0.0, 0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._t0 = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._t0
            self.full += info["generation"] == 2


GC = GcMeter()


async def timed_call(answerer: Answerer, day: date, steps: Steps, sql: SqlLog) -> Run:
    gc.collect()
    steps.reset()
    sql.reset()
    GC.reset()
    t0 = time.perf_counter()
    found = await day_reminders(sources(answerer), day)
    seconds = time.perf_counter() - t0
    return Run(seconds, dict(steps.seconds), dict(steps.sizes), found, sql.ns / 1e6, sql.count,
               sql.rows, GC.seconds, GC.full)


def sources(answerer: Answerer) -> Sources:
    """What day_reminders reads, from the Answerer's store, task index and directory."""
    return Sources(answerer.store, answerer.reader, answerer.directory)


def digest(found: Sequence[Addressed]) -> str:
    """A short hash of the reminders (order aside), to see that two code versions agree."""
    lines = sorted(f"{a.reminder.task_id}|{a.reminder.unit}|{a.reminder.kind}|"
                   f"{a.reminder.due_date}|{a.chat}" for a in found)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:12]


def _secs(values: Sequence[float]) -> str:
    return f"min {min(values):6.2f} s  median {statistics.median(values):6.2f} s"


def verdict(seconds: float) -> str:
    return f"{'PASS' if seconds <= TARGET_SECONDS else 'FAIL'} ({seconds:.2f} s)"


async def fresh(url: str, steps: Steps) -> tuple[Store, Answerer, SqlLog, float]:
    """A new Store (engine, migrations checked) and Answerer; seconds to make the Answerer."""
    store = await Store.open(url)
    sql = SqlLog(store)
    t0 = time.perf_counter()
    answerer = steps.attach(Answerer(store))
    return store, answerer, sql, time.perf_counter() - t0


@dataclass
class DayResult:
    day: date
    label: str
    cold: list[Run]
    warm: list[Run]


async def measure_day(url: str, day: date, label: str, args: argparse.Namespace, steps: Steps,
                      seen: dict[str, tuple[str, list[str]]]) -> DayResult:
    """Cold calls (a fresh Store and Answerer each), then warm calls on the last cold call's
    Answerer; the statements of the last call are recorded and explained."""
    cold: list[Run] = []
    warm: list[Run] = []
    made: list[float] = []
    loaded = 0.0
    for i in range(args.cold):
        store, answerer, sql, seconds = await fresh(url, steps)
        try:
            made.append(seconds)
            sql.record = i == args.cold - 1  # the plans shown are those of the store path
            cold.append(await timed_call(answerer, day, steps, sql))
            recorded = list(sql.statements)
            if i == args.cold - 1 and args.warm:
                started = time.perf_counter()
                await answerer.warm(day)  # what duban run does at start: current plans in memory
                loaded = time.perf_counter() - started
                sql.record = False
                for _ in range(args.warm):
                    warm.append(await timed_call(answerer, day, steps, sql))
                sql.record = False
                calendar = await load_calendar(store)
                catalog = answerer.catalog
        finally:
            await store.close()
    plans = [p for p in (current_plan(ps, day) for ps in by_org(catalog).values()) if p]
    what = watch(day, calendar, date(min(p.year for p in plans), 1, 1))
    dates = sorted(what.dates)
    print(f"== {day} ({day:%a}, {label})")
    span = f" ({dates[0]} … {dates[-1]})" if dates else ""
    print(f"  watch: {len(dates)} due dates{span}, year-long {'yes' if what.year_long else 'no'}, "
          f"quarterly {'yes' if what.quarterly else 'no'}")
    print(f"  cold  (fresh Store + Answerer, n={len(cold)}): {_secs([r.seconds for r in cold])}"
          f"   [Answerer() itself {statistics.median(made):.2f} s, not counted]")
    if warm:
        print(f"  warm  (plans in memory, as in duban run, n={len(warm)}): "
              f"{_secs([r.seconds for r in warm])}   [loading them at start {loaded:.1f} s]")
    last = (warm or cold)[-1]
    kinds = Counter(a.reminder.kind for a in last.found)
    chats = sum(1 for a in last.found if a.chat)
    by_kind = ", ".join(f"{k} {n:,}" for k, n in kinds.most_common())
    print(f"  reminders {len(last.found):,} ({by_kind}); {chats:,} addressed to a bound chat; "
          f"digest {digest(last.found)}")
    s = cold[-1].sizes  # what the store path read
    print(f"  candidate tasks read {s.get('tasks', 0):,} of {s.get('orgs', 0):,} orgs, with "
          f"{s.get('unit roles', 0):,} unit roles and {s.get('progress entries', 0):,} "
          f"latest-progress entries")
    for name, runs in (("cold", cold), ("warm", warm)):
        if not runs:
            continue
        med = {k: statistics.median(r.steps.get(k, 0.0) for r in runs) for k in STEPS}
        total = statistics.median(r.seconds for r in runs)
        rest = max(0.0, total - sum(med.values()))
        print(f"  steps, {name} median: " + " | ".join(f"{k} {v:.2f}" for k, v in med.items())
              + f" | rest (addressing …) {rest:.2f} s")
        count = statistics.median(r.statements for r in runs)
        print(f"  SQL, {name} median: {count:,.0f} statements, "
              f"{statistics.median(r.sql_ms for r in runs) / 1000:.2f} s in cursor execution, "
              f"{statistics.median(r.rows for r in runs):,.0f} rows fetched; garbage collector "
              f"{statistics.median(r.gc_seconds for r in runs):.2f} s "
              f"({statistics.median(r.gc_full for r in runs):.0f} full collections)")
    parts = [f"cold {verdict(statistics.median(r.seconds for r in cold))}"]
    if warm:
        parts.append(f"warm {verdict(statistics.median(r.seconds for r in warm))}")
    print(f"  target <= {TARGET_SECONDS:g} s: " + ", ".join(parts))
    for r in (*cold, *warm):
        r.found = []  # drop the reminders: they hold on to a lot of memory
    await print_plans(url, day, "cold", recorded, args, seen)
    return DayResult(day, label, cold, warm)


# ---- indexes and query plans ---------------------------------------------------------------

_PARAM = r"(?:\?|\$\d+(?:::[A-Z ]+)?|%\(\w+\)s)"
_PARAM_LIST = re.compile(rf"\(\s*{_PARAM}(?:\s*,\s*{_PARAM})+\s*\)")


def shape_of(statement: str) -> str:
    """The statement with whitespace collapsed and IN lists shortened to their length."""
    flat = " ".join(statement.split())
    return _PARAM_LIST.sub(lambda m: f"(…{m.group(0).count(',') + 1} parameters…)", flat)


async def print_indexes(store: Store) -> None:
    names = ", ".join(f"'{t}'" for t in EXPLAINED_TABLES)
    async with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = (await conn.exec_driver_sql(
                f"SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' "
                f"AND tbl_name IN ({names}) ORDER BY tbl_name, name")).all()
            out = []
            for table, name, sql in rows:
                cols = [r[2] for r in (await conn.exec_driver_sql(f"PRAGMA index_info('{name}')"))]
                auto = f"(automatic, UNIQUE constraint) ({', '.join(cols)})"
                out.append((table, name, sql or auto))
            stats = (await conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")).first()
            note = "sqlite_stat1 present: ANALYZEd" if stats else "no sqlite_stat1: never ANALYZEd"
        else:
            out = (await conn.exec_driver_sql(
                f"SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = "
                f"current_schema() AND tablename IN ({names}) ORDER BY tablename, indexname")).all()
            note = "pg_indexes"
    print(f"== indexes on {', '.join(EXPLAINED_TABLES)} ({note})")
    for table, name, sql in out:
        print(f"  {table:17s} {name:34s} {' '.join(str(sql).split())}")


async def explain(conn: Any, statement: str, parameters: Any, analyze: bool) -> list[str]:
    """The plan of one statement run with its own parameters."""
    if conn.dialect.name == "sqlite":
        rows = (await conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)).all()
        depth: dict[int, int] = {0: -1}
        lines = []
        for node, parent, _unused, detail in rows:
            depth[node] = depth.get(parent, -1) + 1
            lines.append("  " * depth[node] + detail)
        return lines
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if analyze else "EXPLAIN "
    return [r[0] for r in (await conn.exec_driver_sql(prefix + statement, parameters)).all()]


async def print_plans(url: str, day: date, which: str, recorded: list[tuple[str, Any, float, int]],
                      args: argparse.Namespace, seen: dict[str, tuple[str, list[str]]]) -> None:
    """The statements one call issued, grouped by shape, and the plan of each (explained with
    the parameters of its first run); a plan already shown for another day is not repeated."""
    groups: dict[str, list[tuple[str, Any, float, int]]] = defaultdict(list)
    for statement, parameters, ms, rows in recorded:
        groups[shape_of(statement)].append((statement, parameters, ms, rows))
    store = await Store.open_unmigrated(url)
    try:
        analyze = args.explain_analyze and store.engine.dialect.name == "postgresql"
        print(f"  statements of the last {which} call ({len(recorded)} executed, {len(groups)} "
              f"distinct; slowest first) and their plans"
              + (" (EXPLAIN ANALYZE: actual times of a run on its own)" if analyze else ""))
        async with store.engine.connect() as conn:
            for shape, runs in sorted(groups.items(), key=lambda kv: -sum(r[2] for r in kv[1])):
                label = f"S{list(seen).index(shape) + 1}" if shape in seen else f"S{len(seen) + 1}"
                ms, rows = sum(r[2] for r in runs), sum(r[3] for r in runs)
                print(f"  [{label}] {len(runs)}x, {ms:,.0f} ms, {rows:,} rows")
                statement, parameters = runs[0][0], runs[0][1]
                plan = await explain(conn, statement, parameters, analyze)
                if shape in seen and seen[shape][1] == plan and not analyze:
                    print(f"    same SQL and plan as on {seen[shape][0]}")
                    continue
                if shape not in seen:
                    print(f"    {shape}")
                for line in plan:
                    print(f"    | {line}")
                seen[shape] = (str(day), plan)
    finally:
        await store.close()


# ---- profiling -----------------------------------------------------------------------------

_CATEGORIES = (
    ("db wait (driver thread / network)", ("<method 'poll' of 'select.epoll'",
                                           "<method 'select' of", "<method 'acquire' of")),
    ("policy (bot/scheduler/policy.py)", ("bot/scheduler/policy.py",)),
    ("holders / status", ("store/holders.py", "bot/handlers/status.py")),
    ("calendar", ("store/calendar.py", "store/workdays.py", "chinese_calendar")),
    ("today.py (addressing)", ("bot/scheduler/today.py",)),
    ("TaskView building (store/reader.py)", ("store/reader.py",)),
    ("store/reminders.py", ("store/reminders.py",)),
    ("refresh: gazetteer / parser (bot/nlu)", ("bot/nlu/",)),
    ("directory", ("store/directory/",)),
    ("column types (store/models.py, json)", ("store/models.py", "/json/")),
    ("dataclass __init__ (TaskView, Reminder …)", ("<string>",)),
    ("driver adapter (aiosqlite/asyncpg)", ("/aiosqlite/", "/asyncpg/", "sqlalchemy/dialects/",
                                             "sqlalchemy/connectors/")),
    ("SQLAlchemy ORM", ("sqlalchemy/orm/",)),
    ("SQLAlchemy SQL compile/core", ("sqlalchemy/sql/",)),
    ("SQLAlchemy engine/results", ("sqlalchemy/engine/",)),
    ("SQLAlchemy other", ("sqlalchemy/",)),
    ("asyncio/greenlet", ("asyncio/", "greenlet", "selectors.py")),
)


def _category(key: tuple[str, int, str]) -> str | None:
    filename, _, name = key
    where = f"{filename}:{name}" if filename != "~" else name
    for label, needles in _CATEGORIES:
        if any(n in where for n in needles):
            return label
    return None if filename == "~" else "other python"


def breakdown(stats: pstats.Stats) -> dict[str, float]:
    """Own time per category; built-ins are charged to their callers' categories."""
    out: Counter[str] = Counter()
    for key, (_cc, _nc, tt, _ct, callers) in stats.stats.items():  # type: ignore[attr-defined]
        cat = _category(key)
        if cat is not None:
            out[cat] += tt
            continue
        spent = sum(v[2] for v in callers.values()) or 1.0
        if not callers:
            out["other built-ins"] += tt
        for caller, v in callers.items():
            out[_category(caller) or "other built-ins"] += tt * v[2] / spent
    return dict(out)


def _where(key: tuple[str, int, str]) -> str:
    filename, line, name = key
    if filename == "~":
        return name
    path = Path(filename)
    short = "/".join(path.parts[-2:]) if "site-packages" not in filename else path.name
    return f"{short}:{line}({name})"


async def profile_day(url: str, day: date, steps: Steps) -> None:
    store, answerer, _sql, _ = await fresh(url, steps)
    try:
        gc.collect()
        GC.reset()
        profiler = cProfile.Profile()
        t0 = time.perf_counter()
        profiler.enable()
        await day_reminders(sources(answerer), day)
        profiler.disable()
        wall = time.perf_counter() - t0
    finally:
        await store.close()
    stats = pstats.Stats(profiler)
    parts = breakdown(stats)
    total = sum(parts.values()) or 1.0
    print(f"== cProfile of one cold call on {day}: {wall:.2f} s under the profiler, of which "
          f"{GC.seconds:.2f} s in the garbage collector ({GC.full} full collections; cProfile "
          f"charges that time to whatever function was allocating)")
    print("  own time by part: " + "; ".join(
        f"{cat} {secs:.2f} s ({secs / total:.0%})"
        for cat, secs in sorted(parts.items(), key=lambda kv: -kv[1]) if secs / total >= 0.01))
    raw = stats.stats  # type: ignore[attr-defined]
    print("  top own time:")
    for key, v in sorted(raw.items(), key=lambda kv: -kv[1][2])[:14]:
        print(f"    {v[2]:6.2f} s  {v[1]:>9,} calls  {_where(key)}")
    print("  cumulative, project code (a coroutine counts each resumption as a call):")
    mine = [(k, v) for k, v in raw.items()
            if str(ROOT) in k[0] and "/.venv/" not in k[0] and "remind_bench" not in k[0]]
    for key, v in sorted(mine, key=lambda kv: -kv[1][3])[:16]:
        print(f"    {v[3]:6.2f} s  {v[1]:>9,} calls  {_where(key)}")


# ---- main ----------------------------------------------------------------------------------


async def run_backend(url: str, label: str, args: argparse.Namespace, orgs: Sequence[OrgSpec],
                      days: Sequence[tuple[date, str]], steps: Steps,
                      generate: bool) -> list[DayResult]:
    print(f"== store ({label})")
    if generate:
        await build_store(url, orgs, args)
    store = await Store.open(url)
    try:
        start = time.perf_counter()
        await print_shape(store, days[0][0])
        print(f"  (counted in {time.perf_counter() - start:.1f} s)")
        await print_indexes(store)
    finally:
        await store.close()
    seen: dict[str, tuple[str, list[str]]] = {}
    results = [await measure_day(url, day, name, args, steps, seen) for day, name in days]
    for result in results:
        worst = max(statistics.median(r.seconds for r in runs)
                    for runs in (result.cold, result.warm) if runs)
        if args.profile == "all" or (args.profile == "fail" and worst > TARGET_SECONDS):
            await profile_day(url, result.day, steps)
    return results


def parse_days(values: Sequence[str] | None) -> list[tuple[date, str]]:
    if not values:
        return list(DEFAULT_DAYS)
    days = []
    for value in values:
        day, _, label = value.partition("=")
        known = dict(DEFAULT_DAYS).get(date.fromisoformat(day), "asked for")
        days.append((date.fromisoformat(day), label or known))
    return days


async def main_async(args: argparse.Namespace) -> None:
    began = time.perf_counter()
    days = parse_days(args.day)
    orgs = make_orgs(default_directory(), args.orgs, random.Random(args.seed + 1))
    years = Counter(y for o in orgs for y in o.years)
    print(f"== orgs: {len(orgs):,}; plans per year: "
          + ", ".join(f"{y}: {n:,}" for y, n in sorted(years.items()))
          + f"; ~{args.tasks_per_plan} tasks per plan")
    summary: list[tuple[str, list[DayResult]]] = []
    steps = Steps()  # wraps day_reminders' steps once for the whole run
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(args.keep) if args.keep else Path(tmp) / "remind.sqlite3"
            if path.exists() and not args.reuse:
                raise SystemExit(f"{path} exists; --keep wants a new file (or add --reuse)")
            if args.reuse and not path.exists():
                raise SystemExit(f"--reuse: {path} does not exist (give --keep PATH)")
            results = await run_backend(f"sqlite+aiosqlite:///{path}", "SQLite", args, orgs, days,
                                        steps, generate=not args.reuse)
            summary.append(("SQLite", results))
            if args.keep:
                print(f"  kept the SQLite store at {path} ({path.stat().st_size / 2**20:,.0f} MiB)")
    if args.postgres:
        if args.reset_postgres:
            await reset_postgres(args.postgres)
        results = await run_backend(args.postgres, "PostgreSQL", args, orgs, days,
                                    steps, generate=not args.reuse)
        summary.append(("PostgreSQL", results))
    print(f"== summary (target: one day's reminders in <= {TARGET_SECONDS:g} s; total run "
          f"{time.perf_counter() - began:.0f} s)")
    for label, results in summary:
        for r in results:
            cold = statistics.median(x.seconds for x in r.cold)
            warm = f"warm {verdict(statistics.median(x.seconds for x in r.warm))}" if r.warm else ""
            print(f"  {label:10s} {r.day} {r.label[:44]:44s} cold {verdict(cold)}  {warm}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--orgs", type=int, default=1000, help="orgs in the store (default 1000)")
    parser.add_argument("--tasks-per-plan", type=int, default=52,
                        help="mean tasks per plan (default 52)")
    parser.add_argument("--cold", type=int, default=2, help="cold calls per day (default 2)")
    parser.add_argument("--warm", type=int, default=3, help="warm calls per day (default 3)")
    parser.add_argument("--day", action="append", metavar="YYYY-MM-DD[=label]",
                        help="a day to measure (repeatable; default: 2025-11-14, 2025-09-01, "
                        "2025-09-26)")
    parser.add_argument("--postgres", metavar="URL", help="also measure on this PostgreSQL "
                        "database (postgresql+asyncpg://…); it must be empty unless "
                        "--reset-postgres or --reuse")
    parser.add_argument("--reset-postgres", action="store_true",
                        help="drop duban's tables in the --postgres database first")
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    parser.add_argument("--keep", metavar="PATH", help="write the SQLite store to PATH and keep it")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the stores an earlier run left (--keep PATH, the --postgres "
                        "database) instead of generating them")
    parser.add_argument("--analyze", choices=("postgres", "all", "none"), default="postgres",
                        help="run ANALYZE after the bulk load: on PostgreSQL only (as autovacuum "
                        "soon would; the default), on both stores, or on none")
    parser.add_argument("--explain-analyze", action="store_true",
                        help="EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL instead of EXPLAIN")
    parser.add_argument("--profile", choices=("fail", "all", "none"), default="fail",
                        help="cProfile one cold call of the days that missed the target "
                        "(default), of every day, or of none")
    parser.add_argument("--seed", type=int, default=20251114)
    args = parser.parse_args(argv)
    if args.cold < 1 or args.warm < 0:
        parser.error("--cold must be >= 1 and --warm >= 0")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
