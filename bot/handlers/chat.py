"""Chats: who may ask what (bindings, roles, invites), buttons and extension requests.

Every platform adapter hands an Incoming here and sends back the Replies; nothing here knows a
platform's API. The access check runs before any question is answered.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from bot import texts
from bot.domain.chat import Button, ChatRef, Incoming, Reply
from bot.domain.plans import current_plan
from bot.handlers.answer import Answerer
from bot.handlers.charts import summary_chart
from bot.handlers.context import ChatContext
from bot.handlers.ledger import ledger
from bot.handlers.render import org_unit
from bot.handlers.scope import unit_names
from bot.nlu.periods import extract_time
from store.access import (
    ROLE_LEAD,
    ROLE_LIAISON,
    BindingView,
    InviteError,
    chat_bindings,
    create_invite,
    end_bindings,
    lead_chats,
    redeem_invite,
)
from store.directory.directory import classify
from store.robots import bind_robot
from store.views import TaskView
from store.workflow import decide_extension, get_extension, request_extension

_log = logging.getLogger(__name__)

_COMMAND = re.compile(r"^/([a-z_]+)(?:@\S+)?\s*(.*)$", re.S | re.I)
_EXTEND = re.compile(r"^\s*(?:/extend|申请延期|延期)\s*第?\s*(\d{1,3})\s*项?\s*(\S+)\s*(.*)$", re.S)
_DECIDE = re.compile(r"^(同意|批准|驳回|不同意)\s*(?:延期)?(?:申请)?\s*(?:第|#|编号)?\s*(\d{1,6})\s*号?$")
_LEAD_ONLY = ("summary",)
_STATUS_CODES = {"i": "in_progress", "d": "done"}


@dataclass(frozen=True)
class Press:
    """A button pressed in a chat."""

    platform: str
    chat_id: str
    user_id: str
    data: str


class ChatService:
    """Access control and chat workflows around the Answerer."""

    def __init__(self, answerer: Answerer, admins: Iterable[ChatRef | str], secret: bytes) -> None:
        self.answerer = answerer
        self.store = answerer.store
        self.admins = frozenset(a if isinstance(a, ChatRef) else ChatRef.parse(a) for a in admins)
        self._secret = secret
        # Bindings change only through this service (or by a write the store counts): cached.
        self._bindings: dict[tuple[str, str], list[BindingView]] = {}
        self._bindings_writes = -1

    async def bindings(self, platform: str, chat_id: str) -> list[BindingView]:
        """The chat's active bindings, from memory unless the store was written since."""
        if self._bindings_writes != self.store.writes:
            self._bindings.clear()
            self._bindings_writes = self.store.writes
        key = (platform, chat_id)
        if key not in self._bindings:
            self._bindings[key] = await chat_bindings(self.store, platform, chat_id)
        return self._bindings[key]

    # ---- messages ---------------------------------------------------------------------------

    async def on_message(self, msg: Incoming, today: date, now: datetime) -> list[Reply]:
        """The replies to one message (possibly to other chats too: lead notifications)."""
        user = str(msg.user)
        admin = msg.user in self.admins
        m = _COMMAND.match(msg.text.strip())
        command, args = (m[1].lower(), m[2].strip()) if m else (None, "")
        bindings = await self.bindings(msg.platform, msg.chat_id)
        if command in ("start", "help") and not bindings and not admin:
            return [Reply(texts.UNBOUND_HELP)]
        if command == "bind":
            return [await self._bind(msg, args, user, now)]
        if command == "unbind":
            n = await end_bindings(self.store, msg.platform, msg.chat_id, "unbind", now)
            return [Reply(texts.UNBIND_OK.format(n=n) if n else texts.UNBIND_NONE)]
        if command == "whoami":
            return [self._whoami(bindings, admin)]
        if command == "invite":
            return [await self._invite(args, admin, user, now)]
        if command == "bindrobot":
            if not admin:
                return [Reply(texts.ROBOT_BIND_ADMINS)]
            return [await bind_robot_for(self.answerer, args, user, now)]
        if not bindings and not admin:
            return [Reply(texts.UNBOUND)]
        ctx = context_for(bindings, admin, user)
        privileged = admin or ctx.role == ROLE_LEAD
        if command == "extend" or (command is None and _EXTEND.match(msg.text)):
            return await self._extend(msg, ctx, today, now)
        if command is None and (m := _DECIDE.match(msg.text.strip())):
            if not privileged:
                return [Reply(texts.LEADS_ONLY_DECIDE)]
            ext = await get_extension(self.store, int(m[2]))
            if ext is None:
                return [Reply(texts.EXTEND_NOT_FOUND.format(ext=m[2]))]
            if ctx.role == ROLE_LEAD and not admin:
                await self.answerer.refresh()
                owner = {t.org for t in await self.answerer.reader.tasks(
                    [p.id for p in self.answerer.catalog], ids=[ext.task_id])}
                if owner != {ctx.org}:
                    return [Reply(texts.EXTEND_NOT_FOUND.format(ext=m[2]))]
            press = Press(msg.platform, msg.chat_id, msg.user_id, "")
            notice, replies = await self._decide(ext.id, m[1] in ("同意", "批准"), ctx, press, now)
            return replies or [Reply(notice)]
        if command == "export":
            if not privileged:
                return [Reply(texts.LEADS_ONLY)]
            return [await self._export(args, ctx, today)]
        text = _as_question(command, args, msg.text)
        await self.answerer.refresh()
        q = self.answerer.parse(text, today)
        if (q.intent in _LEAD_ONLY or q.command == "export") and not privileged:
            return [Reply(texts.LEADS_ONLY)]
        if not admin and ctx.role in (ROLE_LIAISON, ROLE_LEAD) and q.org and q.org != ctx.org:
            return [Reply(texts.OTHER_ORG.format(org=ctx.org))]
        _, reply = await self.answerer.answer(text, ctx, today, now, query=q,
                                              attachment=msg.attachment)
        if reply.chart:
            reply.image = await asyncio.to_thread(summary_chart, reply.chart, reply.chart_title)
        if ctx.unit and len(reply.tasks) == 1 and q.intent in ("detail", "report"):
            task = reply.tasks[0]
            if self._holds(task, ctx.unit):
                reply.buttons = self._task_buttons(task, msg.chat_id)
        return [reply]

    async def _bind(self, msg: Incoming, code: str, user: str, now: datetime) -> Reply:
        if not code:
            return Reply(texts.BIND_USAGE)
        try:
            binding = await redeem_invite(self.store, code.split()[0], msg.platform, msg.chat_id, user,
                                          now)
        except InviteError as err:
            return Reply(texts.BIND_ERRORS[err.reason])
        return Reply(texts.BIND_OK.format(who=org_unit(binding.org, binding.unit),
                                          role=texts.ROLE_NAMES[binding.role]))

    def _whoami(self, bindings: list[BindingView], admin: bool) -> Reply:
        lines = [texts.WHOAMI_HEAD] if bindings else [texts.WHOAMI_NONE]
        lines += [texts.WHOAMI_LINE.format(who=org_unit(b.org, b.unit), role=texts.ROLE_NAMES[b.role])
                  for b in bindings]
        if admin:
            lines.append(texts.WHOAMI_ADMIN)
        return Reply("\n".join(lines))

    async def _invite(self, args: str, admin: bool, user: str, now: datetime) -> Reply:
        if not admin:
            return Reply(texts.ADMINS_ONLY)
        words = args.split()
        role = ROLE_LIAISON
        if words and words[-1].lower() in (ROLE_LIAISON, ROLE_LEAD):
            role = words.pop().lower()
        if not words:
            return Reply(texts.INVITE_USAGE)
        try:
            code, org, unit = await issue_invite(self.answerer, words[0], " ".join(words[1:]), role,
                                                 user, now)
        except ValueError as err:
            return Reply(str(err))
        return Reply(texts.INVITE_OK.format(code=code, who=org_unit(org, unit),
                                            role=texts.ROLE_NAMES[role]))

    async def _export(self, args: str, ctx: ChatContext, today: date) -> Reply:
        """The .xlsx ledger of an org's plan: the lead's own org, or the one named."""
        await self.answerer.refresh()
        q = self.answerer.parse(args or "", today)
        org = ctx.org if ctx.role == ROLE_LEAD else (q.org or ctx.org)
        if ctx.role == ROLE_LEAD and q.org and q.org != ctx.org:
            return Reply(texts.OTHER_ORG.format(org=ctx.org))
        plans = [p for p in self.answerer.catalog if p.org == org]
        if org is None or not plans:
            return Reply(texts.EXPORT_WHICH)
        chosen = [p for p in plans if p.year == q.year] if q.year else [current_plan(plans, today)]
        if not chosen or chosen[0] is None:
            return Reply(texts.SCOPE_PROBLEMS["no_year"].format(
                org=org, year=q.year, years="、".join(f"{p.year}年" for p in sorted(plans, key=lambda p: p.year))))
        plan = chosen[0]
        tasks = await self.answerer.reader.tasks([plan.id])
        data, rows = await asyncio.to_thread(ledger, tasks, self.answerer.tz, today)
        return Reply(texts.EXPORT_OK.format(org=org, year=plan.year, rows=rows),
                     file=(texts.EXPORT_FILE.format(org=org, year=plan.year), data))

    # ---- extensions ---------------------------------------------------------------------------

    async def _extend(self, msg: Incoming, ctx: ChatContext, today: date, now: datetime) -> list[Reply]:
        m = _EXTEND.match(re.sub(r"^/extend(@\S+)?", "/extend", msg.text.strip()))
        if ctx.unit is None or ctx.org is None:
            return [Reply(texts.NOT_BOUND_REPORT)]
        if not m:
            return [Reply(texts.EXTEND_USAGE)]
        seq, when, reason = int(m[1]), m[2], m[3].strip()
        new_due = _date(when, today)
        if new_due is None or not reason:
            return [Reply(texts.EXTEND_BAD_DATE.format(text=when) if new_due is None else texts.EXTEND_USAGE)]
        task = await self._task(ctx.org, seq, today)
        if task is None:
            return [Reply(texts.REPORT_NOT_FOUND.format(scope=ctx.org, seq=seq))]
        if not self._holds(task, ctx.unit):
            return [Reply(texts.BUTTON_NOT_YOURS)]
        old_due = task.unit_due.get(ctx.unit, task.due_date)
        if old_due is not None and new_due <= old_due:
            return [Reply(texts.EXTEND_NOT_LATER.format(due=old_due.isoformat()))]
        ext = await request_extension(self.store, task.id, ctx.unit, old_due, new_due, reason,
                                      ctx.actor or "", f"{msg.platform}:{msg.chat_id}", now)
        leads = [b for b in await lead_chats(self.store, ctx.org) if b.platform == msg.platform]
        info = dict(org=task.org, year=task.year, seq=task.seq, unit=ctx.unit,
                    old_due=old_due.isoformat() if old_due else texts.NO_DUE,
                    new_due=new_due.isoformat(), reason=reason, content=task.content)
        if not leads:
            return [Reply(texts.EXTEND_NO_LEAD.format(**info))]
        replies = [Reply(texts.EXTEND_SENT.format(**info))]
        for lead in leads:
            buttons = [[Button(texts.BUTTON_APPROVE, self._sign(f"a:{ext.id}", lead.chat_id)),
                        Button(texts.BUTTON_REJECT, self._sign(f"r:{ext.id}", lead.chat_id))]]
            replies.append(Reply(texts.EXTEND_REQUEST.format(**info, ext=ext.id), buttons=buttons,
                                 chat=ChatRef(lead.platform, lead.chat_id)))
        return replies

    # ---- buttons ----------------------------------------------------------------------------

    async def on_button(self, press: Press, today: date, now: datetime) -> tuple[str, list[Reply]]:
        """A pressed button: (a short notice for the presser, replies). Forged or stale data
        changes nothing."""
        payload = self._verify(press.data, press.chat_id)
        if payload is None:
            return texts.BUTTON_FORGED, []
        bindings = await self.bindings(press.platform, press.chat_id)
        user = f"{press.platform}:{press.user_id}"
        ctx = context_for(bindings, ChatRef(press.platform, press.user_id) in self.admins, user)
        kind, _, rest = payload.partition(":")
        if kind in ("a", "r"):
            return await self._decide(int(rest), kind == "a", ctx, press, now)
        task_id, _, code = rest.partition(":")
        await self.answerer.refresh()
        task = next(iter(await self.answerer.reader.tasks(
            [p.id for p in self.answerer.catalog], ids=[int(task_id)])), None)
        if task is None or ctx.unit is None or not self._holds(task, ctx.unit):
            return texts.BUTTON_NOT_YOURS, []
        if kind == "x":
            example = (today.replace(day=28)).isoformat()
            return texts.BUTTON_EXTEND, [Reply(texts.EXTEND_HOW.format(seq=task.seq, example=example))]
        status = _STATUS_CODES.get(code)
        if kind != "p" or status is None:
            return texts.BUTTON_FORGED, []
        info = self.answerer.directory.lookup(ctx.unit)
        await self.store.report_progress(task.id, ctx.unit, info.kind if info else classify(ctx.unit),
                                         status, actor=ctx.actor, now=now)
        text = texts.REPORT_SAVED.format(org=task.org, year=task.year, seq=task.seq, unit=ctx.unit,
                                         status=texts.PROGRESS_WORDS[status], note="")
        return texts.BUTTON_SAVED, [Reply(text)]

    async def _decide(self, ext_id: int, approve: bool, ctx: ChatContext, press: Press,
                      now: datetime) -> tuple[str, list[Reply]]:
        if ctx.role not in (ROLE_LEAD, "admin") and ChatRef(press.platform, press.user_id) not in self.admins:
            return texts.LEADS_ONLY, []
        try:
            ext, decided = await decide_extension(self.store, ext_id, approve, ctx.actor or "", now)
        except LookupError:
            return texts.BUTTON_FORGED, []
        if not decided:
            return texts.EXTEND_DECIDED, []
        await self.answerer.refresh()
        task = next(iter(await self.answerer.reader.tasks(
            [p.id for p in self.answerer.catalog], ids=[ext.task_id])), None)
        if task is None:
            return texts.BUTTON_FORGED, []
        info = dict(org=task.org, year=task.year, seq=task.seq, unit=ext.unit,
                    new_due=ext.new_due.isoformat(),
                    old_due=ext.old_due.isoformat() if ext.old_due else texts.NO_DUE)
        text = (texts.EXTEND_APPROVED if approve else texts.EXTEND_REJECTED).format(**info)
        replies = [Reply(text)]
        if ext.requested_chat and ext.requested_chat.startswith(f"{press.platform}:"):
            requester = ext.requested_chat.split(":", 1)[1]
            if requester != press.chat_id:
                replies.append(Reply(text, chat=ChatRef(press.platform, requester)))
        return text, replies

    # ---- helpers ----------------------------------------------------------------------------

    def progress_buttons(self, chat_id: str, task_id: int, seq: int) -> list[Button]:
        """[第N项 进行中] [第N项 已完成] for a reminder digest, signed for the chat."""
        return [Button(texts.DIGEST_BUTTON.format(seq=seq, status=texts.BUTTON_DOING),
                       self._sign(f"p:{task_id}:i", chat_id)),
                Button(texts.DIGEST_BUTTON.format(seq=seq, status=texts.BUTTON_DONE),
                       self._sign(f"p:{task_id}:d", chat_id))]

    def digest_buttons(self, chat: ChatRef, task_id: int, seq: int) -> list[Button]:
        """progress_buttons for a reminder digest to `chat`."""
        return self.progress_buttons(chat.chat_id, task_id, seq)

    def _task_buttons(self, task: TaskView, chat_id: str) -> list[list[Button]]:
        return [[Button(texts.BUTTON_DOING, self._sign(f"p:{task.id}:i", chat_id)),
                 Button(texts.BUTTON_DONE, self._sign(f"p:{task.id}:d", chat_id)),
                 Button(texts.BUTTON_EXTEND, self._sign(f"x:{task.id}:", chat_id))]]

    def _holds(self, task: TaskView, unit: str) -> bool:
        return bool(set(unit_names(unit, None, self.answerer.directory)) & {u.name for u in task.units})

    async def _task(self, org: str, seq: int, today: date) -> TaskView | None:
        await self.answerer.refresh()
        plan = current_plan([p for p in self.answerer.catalog if p.org == org], today)
        if plan is None:
            return None
        found = await self.answerer.reader.tasks([plan.id], seq=seq)
        return found[0] if found else None

    def _sign(self, payload: str, chat_id: str) -> str:
        """payload|signature: the signature binds the data to the chat it was sent to."""
        mac = hmac.new(self._secret, f"{payload}|{chat_id}".encode(), hashlib.sha256).hexdigest()[:12]
        return f"{payload}|{mac}"

    def _verify(self, data: str, chat_id: str) -> str | None:
        payload, _, mac = data.rpartition("|")
        if not payload or not hmac.compare_digest(self._sign(payload, chat_id), data):
            return None
        return payload


async def issue_invite(answerer: Answerer, org_text: str, unit_text: str, role: str, user: str,
                       now: datetime | None = None) -> tuple[str, str, str | None]:
    """A one-time code for the org and unit as a person writes them: (code, org, unit). Raises
    ValueError with the message for the user when they cannot be resolved."""
    org, unit = await answerer.resolve(org_text, unit_text)
    if org not in {p.org for p in answerer.catalog}:
        raise ValueError(texts.INVITE_BAD_ORG.format(org=org_text))
    if role == ROLE_LIAISON and unit is None:
        raise ValueError(texts.INVITE_USAGE)
    return await create_invite(answerer.store, org, unit, role, user, now), org, unit


_ROBOT_KEY = re.compile(r"(?:[?&]key=)?([A-Za-z0-9][A-Za-z0-9_-]{7,127})$")


async def bind_robot_for(answerer: Answerer, args: str, user: str,
                         now: datetime | None = None) -> Reply:
    """「长宁区 区教育局 KEY」 (or the whole webhook URL): tie a WeCom group robot to the unit."""
    words = args.split()
    if len(words) < 3:
        return Reply(texts.ROBOT_BIND_USAGE)
    m = _ROBOT_KEY.search(words[-1])
    if m is None:
        return Reply(texts.ROBOT_BAD_KEY)
    try:
        org, unit = await answerer.resolve(words[0], " ".join(words[1:-1]))
    except ValueError as err:
        return Reply(str(err))
    if org not in {p.org for p in answerer.catalog}:
        return Reply(texts.INVITE_BAD_ORG.format(org=words[0]))
    if unit is None:
        return Reply(texts.ROBOT_BIND_USAGE)
    _, new = await bind_robot(answerer.store, org, unit, m[1], user, now)
    return Reply((texts.ROBOT_BIND_OK if new else texts.ROBOT_BIND_SAME).format(who=org_unit(org, unit)))


def context_for(bindings: list[BindingView], admin: bool, user: str) -> ChatContext:
    """The asking chat as the handlers see it: a liaison binding first, then a lead's, then admin."""
    for role in (ROLE_LIAISON, ROLE_LEAD):
        for b in bindings:
            if b.role == role:
                return ChatContext(org=b.org, unit=b.unit if role == ROLE_LIAISON else None,
                                   role=role, actor=user)
    return ChatContext(role="admin" if admin else None, actor=user)


def _as_question(command: str | None, args: str, text: str) -> str:
    """Commands as the parser reads them: /tasks X -> X (a list), /mytasks -> 我的任务 …"""
    if command in (None,):
        return text
    if command == "mytasks":
        return f"我的任务 {args}".strip()
    if command == "tasks":
        return f"/tasks {args}" if args else "/tasks 任务"
    return text


def _date(text: str, today: date) -> date | None:
    """2025-12-15, 2025年12月15日 or 12月15日 (this year)."""
    m = re.fullmatch(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?", text)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        facts, _ = extract_time(text, today)
    except ValueError:
        return None
    if facts.period and facts.period.start == facts.period.end:
        return facts.period.start
    return None
