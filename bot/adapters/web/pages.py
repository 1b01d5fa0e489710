"""The console's pages: each checks the session and its role on the server, then renders what a
use case of bot.handlers returns. No SQL and no counting here."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

import tornado.web

from bot import texts
from bot.adapters.web.auth import (
    COOKIE,
    CSRF_FIELD,
    clear_cookie_header,
    cookie_header,
    csrf_ok,
    csrf_token,
)
from bot.domain.status import is_overdue, task_status, unit_status
from bot.handlers import dashboard as dash
from bot.handlers.access import refusal
from bot.handlers.extensions import decide_request
from bot.handlers.routes import ROUTER
from bot.handlers.taskpage import task_page
from bot.handlers.turn import Turn
from bot.handlers.weblink import session_caller
from store.kinds import ChatRole
from store.roster import roster
from store.websessions import (
    SESSION_HOURS,
    LinkError,
    WebSessionView,
    find_session,
    peek_link,
    redeem_link,
    revoke_session,
)

if TYPE_CHECKING:
    from bot.adapters.web.server import WebConsole

_log = logging.getLogger(__name__)
DECIDE_ROUTE = next(r for r in ROUTER.routes if r.name == "decide")


def identity_label(org: str | None, unit: str | None, role: str) -> str:
    """Who a session is, as its pages name it: 长宁区 区教育局, 长宁区, 管理员."""
    if role == ChatRole.ADMIN:
        return texts.WEB_ROLES["admin"]
    return " ".join(x for x in (org, unit) if x)


def org_url(org: str) -> str:
    """The dashboard's address."""
    return f"/org/{quote(org, safe='')}"


class Page(tornado.web.RequestHandler):
    """A page of the console: the session is read before the handler runs."""

    console: WebConsole
    session: WebSessionView | None = None
    sid: str | None = None

    def initialize(self, console: WebConsole) -> None:
        """Every page is built with the console it serves."""
        self.console = console

    def set_default_headers(self) -> None:
        """Nothing cached, nothing framed, no address (with its token) sent on as a referrer."""
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; font-src 'self'; "
                        "form-action 'self'; frame-ancestors 'none'")

    async def prepare(self) -> None:
        """Read the session the cookie names (None: not signed in, expired or revoked)."""
        sid = self.get_cookie(COOKIE)
        if sid:
            self.session = await find_session(self.console.store, sid, self.console.now())
            self.sid = sid if self.session is not None else None

    def check_xsrf_cookie(self) -> None:
        """Forms are checked by `csrf` against the session (see need_csrf), not tornado's cookie."""

    # ---- rendering ------------------------------------------------------------------------

    def page(self, template: str, status: int = 200, **values: Any) -> None:
        """Render a template with the texts, the signed-in identity and the CSRF token."""
        who = self.session.who if self.session else None
        label = identity_label(who.org, who.unit, who.role) if who else ""
        self.set_status(status)
        self.render(template, T=texts, who=who, who_label=label,
                    csrf=csrf_token(self.sid) if self.sid else "", org_url=org_url,
                    at=self.console.local_time, **values)

    def message(self, status: int, title: str, text: str) -> None:
        """A page that only says something (a refusal, a link that cannot be used)."""
        self.page("message.html", status, title=title, text=text)

    def need_session(self) -> WebSessionView | None:
        """The session, or (having answered 401) None."""
        if self.session is None:
            self.message(401, texts.WEB_NO_SESSION_TITLE, texts.WEB_NO_SESSION)
        return self.session

    def may_see(self, org: str) -> bool:
        """An administrator sees every org, a lead or liaison its own (else 403 answered)."""
        assert self.session is not None
        who = self.session.who
        if who.role == ChatRole.ADMIN or who.org == org:
            return True
        self.message(403, texts.WEB_FORBIDDEN_TITLE, texts.WEB_OTHER_ORG.format(org=who.org))
        return False

    def may_lead(self) -> bool:
        """Leads and administrators only (else 403 answered)."""
        assert self.session is not None
        if self.session.who.role in (ChatRole.LEAD, ChatRole.ADMIN):
            return True
        self.message(403, texts.WEB_FORBIDDEN_TITLE, texts.WEB_LEADS_ONLY)
        return False

    def need_csrf(self) -> bool:
        """A form's token matches its session (else 403 answered)."""
        if csrf_ok(self.sid, self.get_body_argument(CSRF_FIELD, None)):
            return True
        self.message(403, texts.WEB_FORBIDDEN_TITLE, texts.WEB_BAD_CSRF)
        return False

    def not_found(self) -> None:
        """404 with a page."""
        self.message(404, texts.WEB_NOT_FOUND_TITLE, texts.WEB_NOT_FOUND)

    def choice(self, name: str, kind: type) -> Any:
        """A query argument read as one of an enum's values; anything else is no filter."""
        value = self.get_query_argument(name, "")
        try:
            return kind(value) if value else None
        except ValueError:
            return None


class Health(Page):
    """GET /healthz: the process is alive and its event loop answers (no session needed)."""

    async def prepare(self) -> None:
        """No session: a load balancer asks."""

    async def get(self) -> None:
        """{"status": "alive"}."""
        self.finish({"status": "alive"})


class Ready(Health):
    """GET /readyz: 200 when the store answers and its schema is this code's (else 503), with
    this process's role (leader: it holds the send lease; standby; console)."""

    async def get(self) -> None:
        """The checks as JSON."""
        from store.db import SCHEMA_HEAD, schema_version

        try:
            version = await asyncio.wait_for(schema_version(self.console.store.engine), 2.0)
            store = "ok"
        except Exception as err:  # noqa: BLE001 - any failure of the store is "not ready"
            version, store = None, type(err).__name__
        ready = store == "ok" and version == SCHEMA_HEAD
        self.set_status(200 if ready else 503)
        self.finish({"status": "ready" if ready else "not ready", "store": store,
                     "schema": version, "expected_schema": SCHEMA_HEAD,
                     "role": self.console.role()})


class Metrics(Health):
    """GET /metrics: the process's Prometheus metrics (no session: keep the port off the public
    network, see docs/web.md)."""

    async def get(self) -> None:
        """The text exposition format, the outbox's depth read now."""
        from bot.metrics import CONTENT_TYPE, render

        body = await render(self.console.store)
        self.set_header("Content-Type", CONTENT_TYPE)
        self.finish(body)


class Font(Page):
    """/static/cjk.otf: the bundled Chinese font, for a browser with no Chinese font of its own
    (the pages name it after the system's fonts, so other browsers never fetch it)."""

    def set_default_headers(self) -> None:
        """The same file for everyone: cached for a day."""
        super().set_default_headers()
        self.set_header("Cache-Control", "public, max-age=86400")

    async def prepare(self) -> None:
        """No session needed (the sign-in page uses it too)."""

    async def get(self) -> None:
        """The font file."""
        from bot.handlers.charts import FONT_FILE

        self.set_header("Content-Type", "font/otf")
        self.finish(await asyncio.to_thread(FONT_FILE.read_bytes))


class SignIn(Page):
    """/signin/TOKEN: GET says who the link signs in as (a link preview uses nothing up); the
    button's POST uses the link and starts the session."""

    async def get(self, token: str) -> None:
        """The confirmation page, or why the link cannot be used."""
        try:
            who = await peek_link(self.console.store, token, self.console.now())
        except LinkError as err:
            self.message(410 if err.reason != "unknown" else 404, texts.WEB_LINK_PROBLEM_TITLE,
                         texts.WEB_LINK_PROBLEMS[err.reason])
            return
        self.page("signin.html", link_who=identity_label(who.org, who.unit, who.role), link_role=who.role, hours=SESSION_HOURS)

    async def post(self, token: str) -> None:
        """Use the link: a session cookie, then the home page."""
        try:
            sid, _ = await redeem_link(self.console.store, token, self.console.now())
        except LinkError as err:
            self.message(410 if err.reason != "unknown" else 404, texts.WEB_LINK_PROBLEM_TITLE,
                         texts.WEB_LINK_PROBLEMS[err.reason])
            return
        self.add_header("Set-Cookie", cookie_header(sid, self.console.secure))
        self.redirect("/", status=303)


class SignOut(Page):
    """POST /signout: the session ends (in the store, not only in this browser)."""

    async def post(self) -> None:
        """End the session and drop the cookie."""
        if (session := self.need_session()) is None or not self.need_csrf():
            return
        await revoke_session(self.console.store, session.id, self.console.now())
        self.add_header("Set-Cookie", clear_cookie_header(self.console.secure))
        self.session = self.sid = None
        self.message(200, texts.WEB_SIGN_OUT, texts.WEB_SIGNED_OUT)


class Home(Page):
    """/: a lead's or liaison's own dashboard; an administrator's list of orgs."""

    async def get(self) -> None:
        """Redirect to the org, or list the orgs."""
        if (session := self.need_session()) is None:
            return
        if session.who.role != ChatRole.ADMIN and session.who.org:
            self.redirect(org_url(session.who.org))
            return
        self.page("orgs.html", orgs=await dash.orgs(self.console.answerer))


class OrgPage(Page):
    """A page about one org's current plan."""

    async def plan(self, org: str) -> dash.PlanRef | None:
        """The org's plan when the session may see it (else the refusal or 404 answered)."""
        if self.need_session() is None or not self.may_see(org):
            return None
        plan = await dash.org_plan(self.console.answerer, org, self.console.today())
        if plan is None:
            self.message(404, texts.WEB_NOT_FOUND_TITLE, texts.WEB_NO_PLAN.format(org=org))
        return plan

    def liaison_unit(self) -> str | None:
        """A liaison's unit: its dashboard shows its own row (summaries are for leads)."""
        assert self.session is not None
        return self.session.who.unit if self.session.who.role == ChatRole.LIAISON else None

    def link(self, path: str, **args: str | None) -> str:
        """An address with the arguments that are set."""
        kept = {k: v for k, v in args.items() if v}
        return path + ("?" + urlencode(kept) if kept else "")


class Dashboard(OrgPage):
    """/org/ORG?kind=&light=: the overview."""

    async def get(self, org: str) -> None:
        """Render the dashboard with its filters."""
        if (plan := await self.plan(org)) is None:
            return
        kind, light = self.choice("kind", dash.KindFilter), self.choice("light", dash.Light)
        mine = self.liaison_unit()
        d = await dash.dashboard(self.console.answerer, plan, self.console.today(), kind=kind,
                                 light=light, unit=mine)
        base = org_url(org)
        year, quarter = d.quarter
        lead = self.session is not None and self.session.who.role != ChatRole.LIAISON

        def tasks_url(count: str, unit: str | None) -> str:
            return self.link(base + "/tasks", count=count, unit=unit)

        self.page("dashboard.html", d=d, C=dash.Count, kind=kind and kind.value,
                  light=light and light.value, tasks_url=tasks_url, show_total=mine is None,
                  quarter=f"{year}年第{'一二三四'[quarter - 1]}",
                  downloads=lead,
                  ledger_url=self.link(base + "/ledger.xlsx", kind=kind and kind.value,
                                       light=light and light.value),
                  chart_url=self.link(base + "/chart.png", kind=kind and kind.value,
                                      light=light and light.value))


class TaskList(OrgPage):
    """/org/ORG/tasks?count=&unit=&kind=: the tasks behind a number of the dashboard."""

    async def get(self, org: str) -> None:
        """Render the list."""
        if (plan := await self.plan(org)) is None:
            return
        count = self.choice("count", dash.Count) or dash.Count.ALL
        unit = self.get_query_argument("unit", "") or None
        kind = self.choice("kind", dash.KindFilter)
        today = self.console.today()
        tasks = await dash.task_list(self.console.answerer, plan, today, count=count, unit=unit,
                                     kind=kind)
        rows = []
        for t in tasks:
            status = unit_status(t, unit) if unit else task_status(t)
            late = is_overdue(t, today, unit)
            rows.append((t, texts.PROGRESS_WORDS.get(status, status)
                         + (texts.WEB_OVERDUE_MARK if late else ""), late))
        what = " · ".join(x for x in (unit, kind and texts.WEB_KINDS[kind.value],
                                     texts.WEB_COUNT_WORDS[count.value]) if x)
        self.page("tasks.html", rows=rows, back=org_url(org),
                  heading=texts.WEB_TASKS_TITLE.format(org=org, year=plan.year, what=what,
                                                       n=len(rows)))


class Ledger(OrgPage):
    """/org/ORG/ledger.xlsx?kind=&light=: the 台账 of the units the dashboard shows."""

    async def get(self, org: str) -> None:
        """The workbook (leads and administrators, as /export)."""
        if (plan := await self.plan(org)) is None or not self.may_lead():
            return
        from bot.handlers.ledger import ledger  # openpyxl: only when a ledger is made

        answerer, today = self.console.answerer, self.console.today()
        kind = self.choice("kind", dash.KindFilter)
        tasks = await dash.task_list(answerer, plan, today, kind=kind)
        members = await roster(answerer.store, org, answerer.directory)
        known = members.kinds if kind is None else \
            {n: k for n, k in members.kinds.items() if kind.covers(k)}
        data, _ = await asyncio.to_thread(ledger, tasks, answerer.tz, today, answerer.directory,
                                          {org: known})
        self.download(texts.EXPORT_FILE.format(org=org, year=plan.year), data,
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    def download(self, name: str, data: bytes, mime: str) -> None:
        """Send a file to save."""
        self.set_header("Content-Type", mime)
        self.set_header("Content-Disposition", f"attachment; filename*=UTF-8''{quote(name)}")
        self.finish(data)


class Chart(Ledger):
    """/org/ORG/chart.png?kind=&light=: completion per unit of the rows the dashboard shows."""

    async def get(self, org: str) -> None:
        """The PNG (leads and administrators, as the summary's chart)."""
        if (plan := await self.plan(org)) is None or not self.may_lead():
            return
        from bot.domain.chat import Bar
        from bot.handlers.charts import summary_chart  # matplotlib: only for a chart
        from bot.handlers.summary import plan_subject

        today = self.console.today()
        d = await dash.dashboard(self.console.answerer, plan, today,
                                 kind=self.choice("kind", dash.KindFilter),
                                 light=self.choice("light", dash.Light))
        rows = [Bar(x.row.name, x.row.pct, x.row.light, len(x.row.overdue)) for x in d.units]
        head = " ".join(p for p in (f"{org} {plan.year}年", plan_subject([plan])) if p)
        title = texts.CHART_TITLE.format(head=head, year=today.year, month=today.month,
                                         day=today.day)
        data = await asyncio.to_thread(summary_chart, rows, title)
        self.set_header("Content-Type", "image/png")
        self.finish(data)


class TaskPage(Page):
    """/task/ID: one task; its pending extension requests can be decided by a lead of its org."""

    async def get(self, task_id: str) -> None:
        """Render the task."""
        await self.show(int(task_id))

    async def show(self, task_id: int, notice: str | None = None, status: int = 200) -> None:
        """The page, with a notice after a decision."""
        if (session := self.need_session()) is None:
            return
        page = await task_page(self.console.answerer, task_id, self.console.today())
        if page is None:
            self.not_found()
            return
        if not self.may_see(page.task.org):
            return
        caller = session_caller(session)
        can_decide = refusal(DECIDE_ROUTE, caller, task=page.task) is None
        self.page("task.html", status, t=page.task, p=page, notice=notice, can_decide=can_decide,
                  back=org_url(page.task.org), safe_link=_safe_link)


class Decide(TaskPage):
    """POST /task/ID/decide (ext, decision=approve|reject): decided as 「同意 N」 in chat; the
    requesting chat is told the same words."""

    async def get(self, task_id: str) -> None:  # noqa: D102 - no page of its own
        self.redirect(f"/task/{int(task_id)}")

    async def post(self, task_id: str) -> None:
        """Decide, then show the task with the decision's words."""
        if (session := self.need_session()) is None or not self.need_csrf():
            return
        page = await task_page(self.console.answerer, int(task_id), self.console.today())
        if page is None:
            self.not_found()
            return
        if not self.may_see(page.task.org):
            return
        caller = session_caller(session)
        if (why := refusal(DECIDE_ROUTE, caller, task=page.task)) is not None:
            self.message(403, texts.WEB_FORBIDDEN_TITLE, why)
            return
        try:
            number = int(self.get_body_argument("ext", ""))
        except ValueError:
            self.not_found()
            return
        if number not in {e.id for e in page.extensions}:  # a request of another task
            self.message(404, texts.WEB_NOT_FOUND_TITLE, texts.EXTEND_NOT_FOUND.format(ext=number))
            return
        approve = self.get_body_argument("decision", "") == "approve"
        turn = Turn(self.console.chats, DECIDE_ROUTE, caller, "", self.console.today(),
                    self.console.now())
        replies = await decide_request(turn, number, approve)
        await self.console.delivery.send_all(replies[1:], caller.chat)
        await self.show(page.task.id, notice=replies[0].text if replies else None)


def _safe_link(url: str) -> bool:
    """Only web addresses become links (never javascript: or data:)."""
    return url.startswith(("http://", "https://"))

