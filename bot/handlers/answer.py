"""The answer service: text + chat context -> Reply, the same for every platform and the CLI."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date, datetime, tzinfo

from bot import texts
from bot.domain.chat import Attachment, Reply
from bot.domain.errors import UserError
from bot.domain.plans import by_org, current_plan
from bot.domain.times import USERS_TZ
from bot.handlers.context import ChatContext
from bot.handlers.env import Env, Question
from bot.handlers.render import org_unit
from bot.handlers.routes import ROUTER
from bot.handlers.scope import choose, unit_names
from bot.nlu.commands import Command
from bot.nlu.fuzzy import closeness, closest
from bot.nlu.gazetteer import Gazetteer, character_pairs
from bot.nlu.normalize import MAX_CHARS, normalize
from bot.nlu.parser import Parser, is_report_submission
from bot.nlu.query import Intent, Query
from bot.nlu.segment import Segmenter
from store.directory.directory import KIND_COLLECTIVE, KIND_DEPARTMENT, Directory, default_directory
from store.queries import store_units
from store.reader import TaskReader
from store.repo import Store
from store.roster import all_aliases
from store.views import PlanRef, TaskView

_log = logging.getLogger(__name__)

# Above this many orgs, lists and summaries need an org (named or bound); searches do not.
MAX_UNSCOPED_ORGS = 30
# The plans whose words tell a topic from noise are read in full only up to this many.
PLAN_WORDS_MAX_PLANS = 100


class Answerer:
    """Parses messages and answers them from the store. The gazetteer and plan catalog are loaded
    once and reloaded only when plans change."""

    def __init__(self, store: Store, directory: Directory | None = None,
                 clock: Callable[[], float] = time.monotonic, tz: tzinfo = USERS_TZ,
                 reader: TaskReader | None = None) -> None:
        self.store = store
        self.tz = tz
        self.directory = directory or default_directory()
        self.parser = Parser(Gazetteer(self.directory, plan_orgs=None))
        self.reader = reader or TaskReader(store, clock)
        self.segmenter = Segmenter()
        self._example_unit: dict[str, str] = {}  # org -> one of its departments, for examples
        self._org_units: dict[str, set[str]] = {}  # org -> the unit names its plans use
        self._grouped: tuple[list[PlanRef], dict[str, list[PlanRef]]] = ([], {})

    @property
    def catalog(self) -> list[PlanRef]:
        """The stored plans."""
        return self.reader.catalog

    @property
    def _by_org(self) -> dict[str, list[PlanRef]]:
        """The catalog grouped by org, regrouped only when the catalog changes."""
        catalog, grouped = self._grouped
        if catalog is not self.catalog:
            self._grouped = (self.catalog, by_org(self.catalog))
        return self._grouped[1]

    async def refresh(self, force: bool = False) -> None:
        """Reload the gazetteer if plans were imported or revised since last time (or, `force`,
        because the roster's units changed)."""
        if not await self.reader.sync() and not force:
            return
        units = await store_units(self.store)
        unit_kinds = {name: kind for _, name, kind in units}
        self._example_unit = {}
        self._org_units = {}
        for org, name, kind in sorted(units):
            if kind == KIND_DEPARTMENT:
                self._example_unit.setdefault(org, name)
            if kind != KIND_COLLECTIVE:
                self._org_units.setdefault(org, set()).add(name)
        gazetteer = Gazetteer(self.directory, plan_orgs={p.org for p in self.catalog},
                              units=unit_kinds.items(), plan_words=await self._plan_words(),
                              aliases=await all_aliases(self.store))
        self.parser = Parser(gazetteer)
        words = {n for n in unit_kinds} | {n[1:] for n in unit_kinds if n.startswith("区") and len(n) > 3}
        self.segmenter = Segmenter(sorted(words))

    async def _plan_words(self) -> frozenset[str] | None:
        """The character pairs the plans use (a bare phrase is a topic when they use it): every
        plan's, or each org's newest in a large store, or None (unknown) in a very large one,
        so a one-shot question never reads a whole large store."""
        plans = self.catalog
        if len(plans) > PLAN_WORDS_MAX_PLANS:
            plans = [max(ps, key=lambda p: p.year) for ps in self._by_org.values()]
        if len(plans) > PLAN_WORDS_MAX_PLANS:
            return None
        pairs: set[str] = set()
        for task in await self.reader.tasks([p.id for p in plans]):
            pairs |= character_pairs(task.text)
        return frozenset(pairs)

    async def warm(self, today: date) -> None:
        """Load every org's current plan into memory, so first questions are as fast as later ones."""
        await self.refresh()
        current = [current_plan(plans, today) for plans in self._by_org.values()]
        await self.reader.tasks([p.id for p in current if p is not None])

    async def resolve(self, org_text: str, unit_text: str = "") -> tuple[str | None, str | None]:
        """Canonical org and unit for names as a person writes them (普陀, 数据局). A town with a
        plan of its own is its own org and unit (华亭镇). Raises UserError, with a message for
        the user, for a unit that is unknown or belongs to another district."""
        await self.refresh()
        org = self.directory.resolve_org(org_text) or (org_text.strip() or None)
        orgs = {p.org for p in self.catalog}
        unit = None
        if unit_text.strip():
            found = [m for m in self.parser.gazetteer.scan(normalize(unit_text)) if m.name.kind != "org"]
            unit = found[0].name.canonical if found else self.directory.canonical_unit(unit_text, org).name
            if unit in orgs:
                org = unit
            known = self.directory.lookup(unit) or self.parser.gazetteer.unit_kind(unit)
            district = self.directory.parent_district(unit)
            if district and org not in (district, unit):
                raise UserError(texts.AS_OTHER_DISTRICT.format(unit=unit, district=district, org=org))
            if not known and unit != org:
                raise UserError(texts.AS_UNKNOWN_UNIT.format(unit=unit_text.strip(), org=org))
        elif org in orgs and self.directory.parent_district(org):
            unit = org  # 华亭镇 answers for itself
        return org, unit

    def parse(self, text: str, today: date, command: Command | None = None,
              attachment: Attachment | None = None) -> Query:
        """The Query for a message, with the store's orgs and units known (`command`: its slash
        command, already read; `attachment`: a file it came with)."""
        q = self.parser.parse(text, today, command)
        if attachment is not None and q.intent == Intent.REPORT_STATUS and is_report_submission(text):
            q.intent = Intent.QUARTERLY_REPORT  # 「季度报告」 written on the file it came with
        return q

    async def answer(self, text: str, ctx: ChatContext | None = None, today: date | None = None,
                     now: datetime | None = None, query: Query | None = None,
                     attachment: Attachment | None = None) -> tuple[Query, Reply]:
        """Parse (unless `query` is the parse already made) and answer one message (`now` stamps
        reported progress), with no access check: chats come through the ChatService, which
        checks it. Never raises for anything a user can type."""
        today = today or date.today()
        ctx = ctx or ChatContext()
        await self.refresh()
        q = query or Query()
        try:
            q = query or self.parse(text, today, attachment=attachment)
            if attachment is not None and q.intent != Intent.QUARTERLY_REPORT and not text.strip():
                reply = Reply(texts.FILE_NOT_REPORT.format(name=attachment.name))
            else:  # a question in a file's caption is answered; the file is not kept
                file = attachment if q.intent == Intent.QUARTERLY_REPORT else None
                reply = await self.respond(q, ctx, today, text, file, now)
        except Exception:  # a bug must not reach the chat as a traceback
            _log.exception("answering %r failed", text[:200])
            reply = Reply(texts.INTERNAL_ERROR)
        if len(text) > MAX_CHARS * 2 and q.intent != Intent.UNKNOWN:
            reply.text = f"{texts.TOO_LONG_NOTE}\n{reply.text}"
        return q, reply

    async def respond(self, q: Query, ctx: ChatContext, today: date, text: str,
                      attachment: Attachment | None = None, now: datetime | None = None) -> Reply:
        """The reply to a parsed query (with the file sent along, if any; `now` stamps what it
        records), from the route the intent names."""
        route = ROUTER.for_intent(q.intent)
        assert route.answer is not None, route.name
        return await route.answer(Question(self, q, ctx, today, text, attachment, now))

    async def task_by_id(self, task_id: int) -> TaskView | None:
        """An active task of any stored plan."""
        await self.refresh()
        found = await self.reader.tasks([p.id for p in self.catalog], ids=[task_id])
        return found[0] if found else None

    async def current_task(self, org: str, seq: int, today: date) -> TaskView | None:
        """Task `seq` of the org's current plan."""
        await self.refresh()
        plan = current_plan([p for p in self.catalog if p.org == org], today)
        found = await self.reader.tasks([plan.id], seq=seq) if plan else []
        return found[0] if found else None

    def env(self, question: Question) -> Env | Reply:
        """The scope of a question, or the reply that explains why there is none."""
        env = self._env(question.q, question.ctx, question.today, question.now)
        if isinstance(env, Env):
            env.text, env.attachment = question.text, question.attachment
        return env

    def org_units(self, org: str) -> set[str]:
        """Every unit name of an org: its plans', the directory's departments, streets and towns."""
        names = set(self._org_units.get(org, ()))
        names |= {u.name for u in self.directory.departments.values()}
        names |= {u.name for u in self.directory.local_units(org)}
        return names

    def guess_unit(self, name: str, org: str | None) -> str | None:
        """The unit 「您是说…吗？」 offers first for a name an org lacks (None: no guess)."""
        orgs = list(self._by_org)
        if org is None:
            org = self._closest_org(name, orgs)
        guesses = closest(name, self.org_units(org)) if org else []
        return guesses[0] if guesses else None

    def _closest_org(self, name: str, orgs: list[str]) -> str | None:
        best = {o: closest(name, self.org_units(o), limit=1) for o in orgs}
        return max(orgs, key=lambda o: bool(best[o]) and closeness(name, best[o][0]).score, default=None)

    def _unknown_unit(self, name: str, org: str | None, orgs: list[str]) -> Reply:
        """「没有找到『教育据』，您是说区教育局吗？」: the org's units closest to a name it lacks
        (every org's, when none is named or bound)."""
        if org is None:
            org = self._closest_org(name, orgs) or "普陀区"
        guesses = closest(name, self.org_units(org))
        if guesses:
            example = f"{org_unit(org, guesses[0])}任务"
            return Reply("\n".join([texts.UNKNOWN_UNIT_GUESS.format(name=name, units="、".join(guesses)),
                                    texts.UNKNOWN_UNIT_GUESS_HINT.format(example=example)]))
        example = f"{org_unit(org, self._example_unit.get(org))}任务"
        return Reply(texts.UNKNOWN_UNIT_NO_GUESS.format(name=name, org=org, example=example))

    def _env(self, q: Query, ctx: ChatContext, today: date, now: datetime | None) -> Env | Reply:
        """Resolve org, unit and plans for a query, or the reply that explains why not."""
        orgs = list(self._by_org)
        if q.unknown_org and not q.org:
            if guesses := closest(q.unknown_org, orgs):
                return Reply("\n".join([
                    texts.UNKNOWN_UNIT_GUESS.format(name=q.unknown_org, units="、".join(guesses)),
                    texts.UNKNOWN_UNIT_GUESS_HINT.format(example=f"{guesses[0]}本月任务")]))
            example = f"{orgs[0]}本月任务" if orgs else "普陀区本月任务"
            return Reply(texts.UNKNOWN_ORG.format(name=q.unknown_org, orgs="、".join(orgs) or "无",
                                                  example=example))
        org = q.org or ctx.org
        unit = q.unit
        if q.intent == Intent.REPORT:
            if ctx.unit is None:
                return Reply(texts.NOT_BOUND_REPORT)
            unit, org = ctx.unit, ctx.org
        elif q.mine:
            if ctx.unit is None:
                return Reply(texts.NOT_BOUND)
            unit, org = ctx.unit, q.org or ctx.org
        if org and org not in orgs:
            district = self.directory.parent_district(org)
            if district in orgs and unit is None:
                org, unit = district, q.org  # a town without a plan of its own: its district's
        if q.unknown_unit and unit is None and q.intent in (Intent.TASKS, Intent.SUMMARY, Intent.DETAIL,
                                                            Intent.SEARCH):
            return self._unknown_unit(q.unknown_unit, org, orgs)
        if (ctx.unit and unit is None and not q.wide and q.org in (None, ctx.org) and q.intent in
                (Intent.TASKS, Intent.SEARCH, Intent.SUMMARY)):
            unit, org = ctx.unit, ctx.org  # a liaison's chat speaks for its unit
        if org is None and len(orgs) > MAX_UNSCOPED_ORGS and q.intent in (Intent.TASKS, Intent.SUMMARY):
            # Every org's list in one chat message helps nobody; ask which one.
            return Reply(texts.MANY_ORGS.format(n=len(orgs), example=f"{orgs[0]}本月任务"))
        scope = choose(self._by_org, q, org, today)
        scope.unit = unit
        scope.default_unit = unit is not None and unit == ctx.unit and q.unit is None and not q.mine
        if unit is not None:
            kind = self.parser.gazetteer.unit_kind(unit)
            scope.unit_names = unit_names(unit, kind, self.directory)
        return Env(self.store, self.reader, self.directory, self.segmenter, q, ctx, today, scope,
                   self.catalog, now, self.tz)
