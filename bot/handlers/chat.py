"""Chats: every platform adapter hands an Incoming (or a pressed button) here and sends back the
Replies. Who the caller is comes from the chat's bindings; what it asks from the route table;
whether it may, from one access check; nothing here knows a platform's API."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot import metrics, texts
from bot.domain.chat import Button, ChatRef, Incoming, Press, Reply
from bot.domain.errors import UserError
from bot.handlers.access import Caller, refusal
from bot.handlers.answer import Answerer
from bot.handlers.buttons import Signer
from bot.handlers.followup import continue_query, for_caller, recall, remember
from bot.handlers.routes import ROUTER, Route, Router
from bot.handlers.turn import Turn
from bot.nlu.commands import read_command
from bot.nlu.parser import report_words
from bot.nlu.query import Query
from store.access import BindingView, chat_bindings, lead_chats
from store.kinds import ChatRole
from store.memory import load_memory, save_memory
from store.reader import RECHECK_SECONDS

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Handled:
    """What handling a message gave: the replies (to its chat unless they name another) and the
    query it was read as (None for an action such as /bind or 「同意 3」)."""

    replies: list[Reply]
    query: Query | None = None


class ChatService:
    """The conversation core: caller, route, access, handler."""

    def __init__(self, answerer: Answerer, admins: Iterable[ChatRef | str], secret: bytes,
                 router: Router = ROUTER) -> None:
        self.answerer = answerer
        self.store = answerer.store
        self.admins = frozenset(a if isinstance(a, ChatRef) else ChatRef.parse(a) for a in admins)
        self.signer = Signer(secret)
        self.router = router
        self._pinned: dict[ChatRef, tuple[list[BindingView], bool]] = {}
        # Bindings are cached until the store counts a write (this process's, or another's it
        # hears of), or — while it hears nothing of other processes — for a second.
        self._bindings: dict[ChatRef, list[BindingView]] = {}
        self._bindings_writes = -1
        self._bindings_at = float("-inf")
        self.clock: Callable[[], float] = time.monotonic  # for the bindings' second (tests)
        # How each platform tells whether a user administers a chat (set by its adapter).
        self.chat_admin: dict[str, Callable[[ChatRef, ChatRef], Awaitable[bool]]] = {}
        # The web console's address for sign-in links (set by the composition root; None: off).
        self.web_url: str | None = None

    def pin(self, chat: ChatRef, bindings: Sequence[BindingView], admin: bool) -> None:
        """Fix who a chat is (the console: `--as ORG/UNIT`, `--as ORG`, `--admin`) instead of
        reading its bindings from the store."""
        self._pinned[chat] = (list(bindings), admin)

    async def bindings(self, chat: ChatRef) -> list[BindingView]:
        """The chat's active bindings, from memory unless the store was written since."""
        if chat in self._pinned:
            return self._pinned[chat][0]
        now = self.clock()
        if self._bindings_writes != self.store.writes or (
                not self.store.hears_others and now - self._bindings_at >= RECHECK_SECONDS):
            self._bindings.clear()
            self._bindings_writes, self._bindings_at = self.store.writes, now
        if chat not in self._bindings:
            self._bindings[chat] = await chat_bindings(self.store, chat.platform, chat.chat_id)
        return self._bindings[chat]

    async def lead_chats(self, org: str) -> list[ChatRef]:
        """The chats of the org's leads bound in the store; with none, the pinned ones (the
        console stands in for the district office only where no lead chat is bound)."""
        chats = [b.chat for b in await lead_chats(self.store, org)]
        return chats or [chat for chat, (views, _) in self._pinned.items()
                         if any(b.role == ChatRole.LEAD and b.org == org for b in views)]

    async def caller(self, chat: ChatRef, user: ChatRef) -> Caller:
        """Who is asking: the chat's bindings, and whether its user administers."""
        admin = user in self.admins or (chat in self._pinned and self._pinned[chat][1])
        return Caller(chat, user, tuple(await self.bindings(chat)), admin)

    # ---- messages ---------------------------------------------------------------------------

    async def on_message(self, msg: Incoming, today: date, now: datetime) -> list[Reply]:
        """The replies to one message (possibly to other chats too: a lead's request)."""
        return (await self.handle(msg, today, now)).replies

    async def handle(self, msg: Incoming, today: date, now: datetime) -> Handled:
        """One message: its replies, and the query it was read as (when it was a question);
        counted and timed for the metrics (a message whose handling raised too)."""
        start = time.perf_counter()
        try:
            return await self._handle(msg, today, now)
        finally:
            metrics.note_update(msg.platform, time.perf_counter() - start)

    async def _handle(self, msg: Incoming, today: date, now: datetime) -> Handled:
        """One message, as `handle` says."""
        if msg.attachment is not None and not msg.text.strip():
            # a file with no words (DingTalk's and WeCom's file messages): its name says what it is
            msg = dataclasses.replace(msg, text=report_words(msg.attachment.name) or "")
        caller = await self.caller(msg.chat, msg.user)
        command = read_command(msg.text)
        route, match = self.router.match(command, msg.text)
        if command is None and (upload := self.router.for_file(msg, caller.context)) is not None:
            route, match = upload, None  # a plan file's caption is not read as a question
        query = None
        if route is None or route.answer is not None:
            await self.answerer.refresh()
            query = self.answerer.parse(msg.text, today, command, msg.attachment)
            if route is None:
                query = await self._follow(msg.chat, caller, query, now)
            route = route or self.router.for_intent(query.intent)
        turn = Turn(self, route, caller, msg.text, today, now, command, match, query,
                    attachment=msg.attachment, chat_type=msg.chat_type)
        if (why := refusal(route, caller, query=query)) is not None:
            return Handled([Reply(why)], query)
        try:
            if route.act is not None:
                return Handled(await route.act(turn), query)
            return Handled([await self._answer(turn)], query)
        except UserError as err:
            return Handled([Reply(err.message)], query)

    async def _follow(self, chat: ChatRef, caller: Caller, query: Query, now: datetime) -> Query:
        """The query with what the chat asked last filled in, kept as the chat's last question."""
        ctx = caller.context
        memory = recall(await load_memory(self.store, chat.platform, chat.chat_id), ctx, now)
        query = for_caller(continue_query(query, memory), ctx)
        orgs = {p.org for p in self.answerer.catalog}
        guess = self.answerer.guess_unit(query.unknown_unit, query.org or ctx.org) \
            if query.unknown_unit and query.unit is None else None
        if (kept := remember(query, ctx, now, orgs, guess)) is not None:
            await save_memory(self.store, chat.platform, chat.chat_id, kept)
        return query

    async def _answer(self, turn: Turn) -> Reply:
        """A question: answered from the plans, with the route's buttons and a summary's chart."""
        _, reply = await self.answerer.answer(turn.text, turn.ctx, turn.today, turn.now,
                                              query=turn.query, attachment=turn.attachment)
        if reply.chart:
            from bot.handlers.charts import summary_chart  # matplotlib: only for a chart

            reply.image = await asyncio.to_thread(summary_chart, reply.chart, reply.chart_title)
        if turn.route.buttons is not None:
            reply.buttons = turn.route.buttons(turn, reply)
        return reply

    # ---- buttons ----------------------------------------------------------------------------

    async def on_button(self, press: Press, today: date, now: datetime) -> tuple[str, list[Reply]]:
        """A pressed button: (a short notice for the presser, replies). Forged or stale data
        changes nothing."""
        data = self.signer.verify(press.data, press.chat)
        if data is None:
            return texts.BUTTON_FORGED, []
        route: Route = self.router.for_button(data.action)
        caller = await self.caller(press.chat, press.user)
        if (why := refusal(route, caller)) is not None:
            return why, []
        assert route.press is not None
        turn = Turn(self, route, caller, "", today, now, button=data)
        try:
            return await route.press(turn)
        except UserError as err:
            return err.message, []

    def digest_buttons(self, chat: ChatRef, task_id: int, seq: int) -> list[Button]:
        """[第N项 进行中] [第N项 已完成] for a reminder digest to `chat`."""
        return self.signer.digest_buttons(chat, task_id, seq)
