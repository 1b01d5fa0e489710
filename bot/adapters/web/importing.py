"""The import page: /org/ORG/import uploads a plan file (leads of the org, administrators);
/import/N reviews what was read, checks corrections typed in place, and commits or cancels.
A pending import belongs to the session that uploaded it. The use cases are
bot.handlers.webimport; nothing is counted or written here."""

from __future__ import annotations

from pathlib import Path

from bot import texts
from bot.adapters.web.pages import Page, org_url
from bot.domain.errors import UserError
from bot.domain.times import on_day
from bot.handlers import webimport
from bot.handlers.plan_import import HOURS, changes, stage
from store.imports import ImportState, PendingView, end_pending, get_pending
from store.ingest import limits
from store.ingest.document import IngestError
from store.kinds import ChatRole

PLATFORM = "web"  # pending imports of the web console: chat id is the session's id


class ImportPage(Page):
    """GET /org/ORG/import: the upload form; POST: the file read and kept pending, then its
    review."""

    def allowed(self, org: str) -> bool:
        """A lead of the org or an administrator (else the refusal answered)."""
        return self.need_session() is not None and self.may_see(org) and self.may_lead()

    async def get(self, org: str) -> None:
        """The form."""
        if self.allowed(org):
            self.form(org)

    def form(self, org: str, error: str | None = None, status: int = 200) -> None:
        """The upload form, with why the last upload was refused."""
        self.page("import.html", status, org=org, r=None, error=error, back=org_url(org))

    async def post(self, org: str) -> None:
        """Read the file and show its review."""
        if (session := self.need_session()) is None or not self.need_csrf() \
                or not self.allowed(org):
            return
        files = self.request.files.get("plan") or []
        if not files or not files[0].body:
            self.form(org, texts.WEB_IMPORT_NO_FILE, 400)
            return
        upload = files[0]
        name = Path(upload.filename or "").name or "plan"
        who = session.who
        try:
            limits.check_size(Path(name), len(upload.body))
            staged = await stage(self.console.store, self.console.answerer.directory, name,
                                 upload.body, platform=PLATFORM, chat_id=str(session.id),
                                 user=who.actor, admin=who.role == ChatRole.ADMIN,
                                 own_org=who.org, now=self.console.now())
        except IngestError as err:
            self.form(org, texts.IMPORT_CHAT_FAILED.format(name=name,
                                                           reason=err.reason.rstrip("。")), 400)
            return
        except UserError as err:
            self.form(org, err.message, 400)
            return
        self.redirect(f"/import/{staged.pending}", status=303)


class ReviewPage(Page):
    """GET /import/N: the review; POST (action=check|commit|cancel, the corrections typed)."""

    async def pending(self, number: str) -> PendingView | None:
        """This session's open pending import N (else the refusal or a page saying so)."""
        if (session := self.need_session()) is None or not self.may_lead():
            return None
        n = int(number)
        pending = await get_pending(self.console.store, n)
        if pending is None or not pending.open_at(self.console.now()) \
                or (pending.platform, pending.chat_id) != (PLATFORM, str(session.id)):
            self.message(404, texts.WEB_NOT_FOUND_TITLE, texts.WEB_IMPORT_GONE.format(
                n=n, hours=HOURS))
            return None
        return pending

    async def get(self, number: str) -> None:
        """What was read."""
        if (pending := await self.pending(number)) is not None:
            await self.show(pending)

    async def show(self, pending: PendingView, edits: webimport.Edits | None = None) -> None:
        """The review, with the corrections typed (400 when some cannot be read)."""
        if (r := await self.reviewed(pending, edits)) is not None:
            self.render_review(r)

    async def reviewed(self, pending: PendingView,
                       edits: webimport.Edits | None) -> webimport.Review | None:
        """The review with the corrections typed; None (a page said why) when the file can no
        longer be read."""
        try:
            return await webimport.review(self.console.store, self.console.answerer.directory,
                                          pending, edits)
        except IngestError as err:
            self.message(400, texts.WEB_IMPORT_FAILED_TITLE, err.reason)
            return None

    def render_review(self, r: webimport.Review) -> None:
        """The review page (400 when some corrections cannot be read)."""
        pending = r.pending
        self.page("import.html", 400 if r.errors else 200, org=pending.org, r=r, error=None,
                  back=org_url(pending.org),
                  changes=changes(r.plan, r.report, r.refused, r.stored_doc_no),
                  edited=sum(len(row.edited) for row in r.rows))

    async def post(self, number: str) -> None:
        """Check the corrections, commit, or cancel."""
        if self.need_session() is None or not self.need_csrf():
            return
        if (pending := await self.pending(number)) is None:
            return
        session = self.session
        assert session is not None
        action = self.get_body_argument("action", "check")
        edits = webimport.edits_of(self.request.body_arguments)
        if action == "cancel":
            if await end_pending(self.console.store, pending.id, ImportState.CANCELLED,
                                 self.console.now()):
                text = texts.IMPORT_CANCELLED.format(n=pending.id, name=pending.file_name)
            else:
                text = texts.WEB_IMPORT_GONE.format(n=pending.id, hours=HOURS)
            self.message(200, texts.WEB_IMPORT_DONE_TITLE, text)
            return
        if action not in ("commit", "replace"):
            await self.show(pending, edits)
            return
        if (checked := await self.reviewed(pending, edits)) is None:
            return
        if checked.errors:
            self.render_review(checked)
            return
        who = session.who
        done, lines = await webimport.commit_reviewed(
            self.console.store, self.console.answerer.directory, checked,
            replace=action == "replace", admin=who.role == ChatRole.ADMIN, own_org=who.org,
            author=f"网页:{who.actor}", now=self.console.now(),
            stamp=on_day(self.console.today(), self.console.now(), self.console.tz))
        self.page("import_done.html", 200 if done else 409, lines=lines, org=pending.org,
                  back=org_url(pending.org))
