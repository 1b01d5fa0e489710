"""The roster page: /org/ORG/roster shows the org's units, invite codes, bindings, group robots
and calendar overrides; POST /org/ORG/roster/ACTION changes one of them (administrators only,
as in chat) and redirects back with a notice. A lead sees the page read-only; a liaison not at
all. The use cases are bot.handlers.rosterpage."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import quote, urlencode

from bot import texts
from bot.adapters.web.pages import Page, org_url
from bot.domain.errors import UserError
from bot.handlers import rosterpage
from store.directory.directory import MEMBER_KINDS
from store.kinds import ChatRole


def roster_url(org: str) -> str:
    """The roster page's address."""
    return org_url(org) + "/roster"


def _seal(sid: str, notice: str) -> str:
    """A notice's signature under the session: no other page can make this page say a thing."""
    return hmac.new(sid.encode(), b"duban-web-notice:" + notice.encode(), hashlib.sha256).hexdigest()


class RosterPage(Page):
    """GET /org/ORG/roster: the page (administrators and the org's lead)."""

    def may_view(self, org: str) -> bool:
        """Signed in, the org visible and a lead or administrator (else the refusal answered)."""
        return self.need_session() is not None and self.may_see(org) and self.may_lead()

    async def get(self, org: str) -> None:
        """Render the page, with the notice of the change just made."""
        if not self.may_view(org):
            return
        notice = self.get_query_argument("notice", "")
        if not (notice and self.sid
                and hmac.compare_digest(_seal(self.sid, notice), self.get_query_argument("s", ""))):
            notice = ""
        await self.show(org, notice)

    async def show(self, org: str, notice: str = "", error: str = "", status: int = 200) -> None:
        """The page with a notice or an error."""
        assert self.session is not None
        admin = self.session.who.role == ChatRole.ADMIN
        try:
            view = await rosterpage.roster_page(self.console.answerer, org, self.console.now(),
                                                admin)
        except UserError as err:
            self.message(404, texts.WEB_NOT_FOUND_TITLE, str(err))
            return
        self.page("roster.html", status, v=view, admin=admin, notice=notice, error=error,
                  base=roster_url(org), kinds=MEMBER_KINDS, back=org_url(org),
                  platforms=rosterpage.ROBOT_PLATFORMS, platform_of=rosterpage.PLATFORM_OF)


class RosterChange(RosterPage):
    """POST /org/ORG/roster/ACTION: one change, then 303 back to the page with its notice; a
    mistake shows the page again with the reason (400) and changes nothing."""

    async def get(self, org: str, action: str) -> None:  # noqa: D102 - no page of its own
        self.redirect(roster_url(org))

    async def post(self, org: str, action: str) -> None:
        """Check the session, the token and the role, then do it."""
        if not self.may_view(org) or not self.need_csrf():
            return
        assert self.session is not None
        if self.session.who.role != ChatRole.ADMIN:
            self.message(403, texts.WEB_FORBIDDEN_TITLE, texts.WEB_ROSTER_ADMINS_ONLY)
            return
        act = rosterpage.ACTIONS.get(action)
        if act is None:
            self.not_found()
            return
        form = {k: self.get_body_argument(k, "") for k in self.request.body_arguments}
        try:
            notice = await act(self.console.answerer, org, form, self.session.who.actor,
                               self.console.now())
        except UserError as err:
            await self.show(org, error=str(err), status=400)
            return
        assert self.sid is not None
        self.redirect(roster_url(org) + "?" + urlencode(
            {"notice": notice, "s": _seal(self.sid, notice)}, quote_via=quote), status=303)
