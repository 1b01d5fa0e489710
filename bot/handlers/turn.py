"""One message or button press being handled: who sent it, what it says, when, and the services
a route's handler acts with."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from bot.domain.chat import Attachment, Reply
from bot.domain.times import on_day
from bot.handlers.access import Caller, refusal
from bot.handlers.buttons import ButtonData
from bot.handlers.context import ChatContext
from bot.nlu.commands import Command
from bot.nlu.query import Query
from store.views import TaskView

if TYPE_CHECKING:
    from bot.handlers.chat import ChatService
    from bot.handlers.routes import Route


@dataclass
class Turn:
    """A message (or press) on its way through a route."""

    service: ChatService
    route: Route
    caller: Caller
    text: str
    today: date
    now: datetime  # the real time (bindings, invites, memory); records use `stamp`
    command: Command | None = None
    match: re.Match[str] | None = None
    query: Query | None = None
    button: ButtonData | None = None
    attachment: Attachment | None = None
    chat_type: str = "private"  # private / group (a sign-in link is given in private only)

    @property
    def ctx(self) -> ChatContext:
        """The asking chat as the handlers see it."""
        return self.caller.context

    @property
    def stamp(self) -> datetime:
        """When what the user does now is recorded: on `today` (a fixed day, if any) at the
        real time of day."""
        return on_day(self.today, self.now, self.service.answerer.tz)

    @property
    def args(self) -> str:
        """The command's arguments ("" without a command)."""
        return self.command.args if self.command else ""

    def refusal(self, task: TaskView | None = None, query: Query | None = None) -> str | None:
        """The route's access checked again, now that the task (or query) it is about is known."""
        return refusal(self.route, self.caller, task=task, query=query,
                       directory=self.service.answerer.directory)

    def reply(self, text: str) -> list[Reply]:
        """One reply to the asking chat."""
        return [Reply(text)]
