"""What the bot understands, in one table: each route's trigger (slash commands, parsed intents,
a free-text pattern, or a button's action), the access it needs, its handler, the buttons it
attaches and its line in the help.

A message is routed by its slash command, else by the file it carries (a rule over the message
and the chat), else by a pattern, else by the intent the parser reads; a pressed button by its
action. The caller's access is checked against the route in
bot.handlers.access.refusal before the handler runs. Question routes (`answer`) are use cases
over the plans (bot.handlers.answer); action routes (`act`, `press`) change chats, bindings and
requests (bot.handlers.chat).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot import texts
from bot.domain.chat import Button, Incoming, Reply
from bot.handlers import (
    bindings,
    export,
    extensions,
    listing,
    plan_import,
    progress,
    reports,
    search,
    summary,
    units,
    weblink,
)
from bot.handlers.access import Access, holds, levels
from bot.handlers.buttons import Action
from bot.handlers.context import ChatContext
from bot.handlers.env import Answer, Question, scoped
from bot.handlers.turn import Turn
from bot.nlu.commands import Command
from bot.nlu.normalize import normalize
from bot.nlu.query import Intent, SmallTalk

Act = Callable[[Turn], Awaitable[list[Reply]]]
Press = Callable[[Turn], Awaitable[tuple[str, list[Reply]]]]
Buttons = Callable[[Turn, Reply], list[list[Button]]]
FileRule = Callable[[Incoming, ChatContext], bool]


@dataclass(frozen=True)
class Route:
    """One thing the bot understands. Exactly one of `answer`, `act`, `press` is its handler."""

    name: str
    access: Access
    commands: tuple[str, ...] = ()  # slash commands (without /), aliases included
    intents: tuple[Intent, ...] = ()  # what the parser reads a message as
    pattern: re.Pattern[str] | None = None  # free text, tried before parsing
    file: FileRule | None = None  # a message with a file, tried before patterns
    button: Action | None = None  # a pressed button's action
    answer: Answer | None = None  # a question about the plans
    act: Act | None = None  # an action on chats, bindings or requests
    press: Press | None = None  # a button's action
    buttons: Buttons | None = None  # buttons the reply carries
    help: str | None = None  # its line in /help, for those who may use it
    refused: str | None = None  # the reply when the caller lacks the route's role
    unbound: str | None = None  # the reply in a chat with no binding (default: texts.UNBOUND)
    not_holder: str | None = None  # the reply when the liaison's unit does not hold the task


async def _help(question: Question) -> Reply:
    if question.q.small_talk == SmallTalk.THANKS:
        return Reply(texts.THANKS_REPLY)
    if question.q.small_talk == SmallTalk.YES:
        return Reply(texts.YES_REPLY)
    if question.q.small_talk == SmallTalk.GREETING and levels(question.ctx) != {Access.ANYONE}:
        return Reply(texts.GREETING_REPLY)
    return Reply(help_for(question.ctx))


async def _unknown(question: Question) -> Reply:
    shown = normalize(question.text)[:30]
    if not shown:
        return Reply(f"{texts.EMPTY_INPUT_HEAD}\n{help_for(question.ctx)}")
    return Reply(f"{texts.UNKNOWN_HEAD.format(text=shown)}\n{help_for(question.ctx)}")


async def _bind_how(question: Question) -> Reply:
    return Reply(texts.BIND_HOW)


def task_buttons(turn: Turn, reply: Reply) -> list[list[Button]]:
    """[进行中] [已完成] [申请延期] under the one task a liaison's unit holds."""
    unit = turn.ctx.unit
    if unit is None or len(reply.tasks) != 1:
        return reply.buttons
    task = reply.tasks[0]
    if not holds(task, unit, turn.service.answerer.directory):
        return reply.buttons
    return turn.service.signer.task_buttons(task.id, turn.caller.chat)


ROUTES: tuple[Route, ...] = (
    # ---- anyone: getting started ------------------------------------------------------------
    Route("help", Access.ANYONE, commands=("help", "start"), intents=(Intent.HELP,),
          answer=_help),
    Route("bind", Access.ANYONE, commands=("bind",), act=bindings.bind),
    Route("bind_how", Access.ANYONE, intents=(Intent.BIND,), answer=_bind_how),
    Route("whoami", Access.ANYONE, commands=("whoami",), act=bindings.whoami,
          help=texts.HELP_WHOAMI),
    Route("unbind", Access.ANYONE, commands=("unbind",), act=bindings.unbind),
    # ---- bound chats: questions about the plans ----------------------------------------------
    Route("tasks", Access.BOUND, commands=("tasks", "list", "mytasks", "my"),
          intents=(Intent.TASKS,), answer=scoped(listing.list_tasks), help=texts.HELP_TASKS),
    Route("detail", Access.BOUND, commands=("task", "detail", "show"), intents=(Intent.DETAIL,),
          answer=scoped(listing.detail), buttons=task_buttons, help=texts.HELP_DETAIL),
    Route("search", Access.BOUND, commands=("search", "find"), intents=(Intent.SEARCH,),
          answer=scoped(search.search), help=texts.HELP_SEARCH),
    Route("report_status", Access.BOUND, commands=("reports",), intents=(Intent.REPORT_STATUS,),
          answer=scoped(reports.status), help=texts.HELP_REPORT_STATUS),
    Route("web", Access.BOUND, commands=("web",), act=weblink.web, help=texts.HELP_WEB),
    Route("unknown", Access.BOUND, intents=(Intent.UNKNOWN,), answer=_unknown),
    # ---- liaisons: their unit's work -----------------------------------------------------------
    Route("report", Access.LIAISON, commands=("done", "progress", "report"),
          intents=(Intent.REPORT,), answer=scoped(progress.report), buttons=task_buttons,
          help=texts.HELP_REPORT),
    Route("extend", Access.LIAISON, commands=("extend",), pattern=extensions.EXTEND,
          act=extensions.extend, help=texts.HELP_EXTEND),
    Route("quarterly_report", Access.LIAISON, commands=("qreport",),
          intents=(Intent.QUARTERLY_REPORT,), answer=scoped(reports.submit),
          refused=texts.QREPORT_NOT_UNIT, help=texts.HELP_QUARTERLY_REPORT),
    Route("press_progress", Access.LIAISON, button=Action.PROGRESS, press=progress.press,
          refused=texts.BUTTON_NOT_YOURS, unbound=texts.BUTTON_NOT_YOURS),
    Route("press_extend", Access.LIAISON, button=Action.EXTEND, press=extensions.press_extend,
          refused=texts.BUTTON_NOT_YOURS, unbound=texts.BUTTON_NOT_YOURS),
    # ---- leads (and administrators): the org's overview and decisions -----------------------
    Route("summary", Access.LEAD, commands=("summary", "stats"), intents=(Intent.SUMMARY,),
          answer=scoped(summary.summarise), help=texts.HELP_SUMMARY),
    Route("export", Access.LEAD, commands=("export",), act=export.export, help=texts.HELP_EXPORT),
    Route("units", Access.LEAD, commands=("units", "roster"), act=units.units,
          refused=texts.UNITS_LEADS_ONLY, help=texts.HELP_UNITS),
    Route("decide", Access.LEAD, pattern=extensions.DECIDE, act=extensions.decide,
          refused=texts.LEADS_ONLY_DECIDE, help=texts.HELP_DECIDE),
    Route("press_approve", Access.LEAD, button=Action.APPROVE, press=extensions.press_decision,
          refused=texts.LEADS_ONLY, unbound=texts.LEADS_ONLY),
    Route("press_reject", Access.LEAD, button=Action.REJECT, press=extensions.press_decision,
          refused=texts.LEADS_ONLY, unbound=texts.LEADS_ONLY),
    Route("import_plan", Access.LEAD, file=plan_import.private_file, act=plan_import.receive,
          refused=texts.IMPORT_LEADS_ONLY, help=texts.HELP_IMPORT),
    Route("import_in_group", Access.LEAD, file=plan_import.group_file, act=plan_import.in_group,
          refused=texts.IMPORT_LEADS_ONLY),
    Route("import_decide", Access.LEAD, pattern=plan_import.WORDS, act=plan_import.decide,
          refused=texts.IMPORT_LEADS_ONLY),
    Route("press_import", Access.LEAD, button=Action.IMPORT, press=plan_import.press,
          refused=texts.IMPORT_LEADS_ONLY, unbound=texts.IMPORT_LEADS_ONLY),
    Route("press_replace", Access.LEAD, button=Action.REPLACE, press=plan_import.press,
          refused=texts.IMPORT_LEADS_ONLY, unbound=texts.IMPORT_LEADS_ONLY),
    Route("press_drop", Access.LEAD, button=Action.DROP, press=plan_import.press,
          refused=texts.IMPORT_LEADS_ONLY, unbound=texts.IMPORT_LEADS_ONLY),
    # ---- administrators ---------------------------------------------------------------------
    Route("invite", Access.ADMIN, commands=("invite",), act=bindings.invite,
          help=texts.HELP_INVITE),
    Route("bindrobot", Access.ADMIN, commands=("bindrobot",), act=bindings.bind_robot,
          refused=texts.ROBOT_BIND_ADMINS, help=texts.HELP_BINDROBOT),
)


class Router:
    """The table indexed by trigger."""

    def __init__(self, routes: tuple[Route, ...]) -> None:
        self.routes = routes
        self._commands = {c: r for r in routes for c in r.commands}
        self._intents = {i: r for r in routes for i in r.intents}
        self._patterns = [r for r in routes if r.pattern is not None]
        self._files = [r for r in routes if r.file is not None]
        self._buttons = {r.button: r for r in routes if r.button is not None}
        for route in routes:
            handlers = [h for h in (route.answer, route.act, route.press) if h is not None]
            if len(handlers) != 1:
                raise ValueError(f"route {route.name} needs exactly one handler")
        missing = set(Intent) - set(self._intents)
        if missing:
            raise ValueError(f"no route for intents {sorted(missing)}")

    def match(self, command: Command | None, text: str) -> tuple[Route | None, re.Match[str] | None]:
        """The route a message's command or text names (None: read its intent), and the match."""
        if command is not None:
            return self._commands.get(command.name), None
        stripped = text.strip()
        for route in self._patterns:
            assert route.pattern is not None
            if m := route.pattern.match(stripped):
                return route, m
        return None, None

    def for_file(self, msg: Incoming, ctx: ChatContext) -> Route | None:
        """The route whose file rule takes the message's file (None: none does, or no file)."""
        if msg.attachment is None:
            return None
        return next((r for r in self._files if r.file is not None and r.file(msg, ctx)), None)

    def for_intent(self, intent: Intent) -> Route:
        """The route of a parsed intent."""
        return self._intents[intent]

    def for_button(self, action: Action) -> Route:
        """The route of a pressed button."""
        return self._buttons[action]


ROUTER = Router(ROUTES)


def help_for(ctx: ChatContext) -> str:
    """What this chat may ask, from the table: a liaison's help names reports and extensions, a
    lead's the summary, the ledger and decisions; an unbound chat learns how to bind."""
    allowed = levels(ctx)
    if allowed == {Access.ANYONE}:
        return texts.UNBOUND_HELP
    usable = [r for r in ROUTES if r.help and r.access in allowed]
    usable.sort(key=lambda r: r.access == Access.ANYONE)  # the questions first
    return "\n".join([texts.HELP_HEAD, *(r.help for r in usable if r.help)])
