"""The web console's server: a tornado HTTPServer on the running event loop (`duban run` starts
it beside the chat platforms). Its pages are one table (PAGES); a later page — the import page,
the roster — is a handler in its own module and one entry here."""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from pathlib import Path

import tornado.httpserver
import tornado.netutil
import tornado.web

from bot.adapters.web import importing, pages, roster
from bot.delivery import Delivery
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from bot.platform import Services
from config.settings import WebSettings
from store.ingest import limits
from store.repo import Store

_log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).resolve().parent / "templates"
_ORG = r"([^/]+)"
# An upload of the largest plan file read (with the form around it); a file a little larger
# gets the page saying so, a far larger request is refused by tornado unread.
MAX_BODY = limits.MAX_FILE_BYTES + 2 * 1024 * 1024

# (path pattern, page): every page of the console.
PAGES: tuple[tuple[str, type[pages.Page]], ...] = (
    (r"/", pages.Home),
    (r"/healthz", pages.Health),
    (r"/readyz", pages.Ready),
    (r"/metrics", pages.Metrics),
    (r"/static/cjk\.otf", pages.Font),
    (r"/signin/([A-Za-z0-9_-]{20,100})", pages.SignIn),
    (r"/signout", pages.SignOut),
    (rf"/org/{_ORG}", pages.Dashboard),
    (rf"/org/{_ORG}/tasks", pages.TaskList),
    (rf"/org/{_ORG}/ledger\.xlsx", pages.Ledger),
    (rf"/org/{_ORG}/chart\.png", pages.Chart),
    (rf"/org/{_ORG}/import", importing.ImportPage),
    (r"/import/(\d{1,9})", importing.ReviewPage),
    (r"/task/(\d{1,9})", pages.TaskPage),
    (r"/task/(\d{1,9})/decide", pages.Decide),
    (rf"/org/{_ORG}/roster", roster.RosterPage),
    (rf"/org/{_ORG}/roster/([a-z-]{{1,20}})", roster.RosterChange),
)


class NotFound(pages.Page):
    """Every other address."""

    async def prepare(self) -> None:
        """A page saying so."""
        await super().prepare()
        self.not_found()


class WebConsole:
    """The console over the services the chat platforms use (the same ChatService, delivery
    and clock), listening on `settings.listen:settings.port`."""

    def __init__(self, settings: WebSettings, services: Services) -> None:
        self.settings = settings
        self.chats: ChatService = services.chats
        self.answerer: Answerer = services.chats.answerer
        self.store: Store = services.chats.store
        self.delivery: Delivery = services.delivery
        self.today: Callable[[], date] = services.today
        self.now: Callable[[], datetime] = services.now
        self.tz: tzinfo = self.answerer.tz
        self.secure = (settings.public_url or "").startswith("https://")
        self.port: int | None = None
        # what /readyz says this process is: `duban run` sets leader / standby by its send lease
        self.role: Callable[[], str] = lambda: "console"
        self._server: tornado.httpserver.HTTPServer | None = None

    def application(self) -> tornado.web.Application:
        """The tornado application of PAGES."""
        return tornado.web.Application(
            [(path, page, {"console": self}) for path, page in PAGES],
            template_path=str(TEMPLATES), default_handler_class=NotFound,
            default_handler_args={"console": self}, xsrf_cookies=False, autoreload=False,
            compress_response=True)

    async def start(self) -> None:
        """Listen (port 0: any free port, see `port`)."""
        assert self.settings.port is not None
        sockets = tornado.netutil.bind_sockets(self.settings.port, self.settings.listen,
                                               family=socket.AF_INET)
        self._server = tornado.httpserver.HTTPServer(
            self.application(), xheaders=True, max_body_size=MAX_BODY)
        self._server.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]
        _log.info("web console on %s:%s", self.settings.listen, self.port)

    def base_url(self) -> str:
        """Where sign-in links point."""
        return self.settings.base_url(self.port)

    async def stop(self) -> None:
        """Stop listening and close open connections."""
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None

    def local_time(self, when: datetime) -> str:
        """A stored time as the users read it."""
        return when.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")


def build(settings: WebSettings, services: Services) -> WebConsole:
    """The console of the composition root."""
    return WebConsole(settings, services)
