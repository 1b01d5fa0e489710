"""Importing a plan by chat: an administrator, or a lead for its own org, sends a plan file in a
private chat; the bot previews what importing it would do and keeps the file pending; only the
sender's confirmation ([确认导入], or 「确认导入 N」 where there are no buttons) writes the plan.

When a file is an import: a file in a private chat, from an administrator or a lead, that is not
captioned as a quarterly report (those stay with bot.handlers.reports). Such a file of a type the
importer does not read, too large, unreadable or without tasks gets the reason and nothing is
kept. In a group the same people's bare file gets a pointer to the private chat; liaisons' files
are never imports."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot import texts
from bot.domain.chat import Incoming, Reply
from bot.domain.errors import UserError
from bot.handlers.buttons import Action
from bot.handlers.context import ChatContext
from bot.handlers.turn import Turn
from bot.nlu.parser import is_report_submission
from store.directory.directory import Directory
from store.imports import (
    PENDING_FOR,
    ImportState,
    PendingView,
    add_pending,
    end_pending,
    get_pending,
)
from store.ingest import limits
from store.ingest.document import IngestError
from store.ingest.model import ParsedPlan
from store.ingest.readers import check_type, is_readable_type
from store.ingest.service import parse_data
from store.kinds import ChatRole
from store.repo import STATUS_CREATED, STATUS_UNCHANGED, ImportReport, RevisionRefused, Store

_log = logging.getLogger(__name__)

# 「确认导入 3」「确认替换第3号」「取消导入 3」: a decision on pending import 3, where there are no buttons.
WORDS = re.compile(r"^(确认导入|确认替换|取消导入)\s*(?:第|#|编号)?\s*(\d{1,9})\s*号?$")
HOURS = int(PENDING_FOR.total_seconds() // 3600)
_WARNINGS_SHOWN = 20


def may_import(ctx: ChatContext) -> bool:
    """Whether a chat may import plans: an administrator's, or a lead's (for its own org)."""
    return ctx.admin or ctx.role == ChatRole.LEAD


def private_file(msg: Incoming, ctx: ChatContext) -> bool:
    """A file that is an import: private chat, administrator or lead, not a quarterly report."""
    return (msg.attachment is not None and msg.chat_type == "private" and may_import(ctx)
            and not is_report_submission(msg.text))


def group_file(msg: Incoming, ctx: ChatContext) -> bool:
    """A plan file an administrator or lead sent a group with nothing said about it."""
    return (msg.attachment is not None and msg.chat_type != "private" and may_import(ctx)
            and not msg.text.strip() and is_readable_type(msg.attachment.name))


async def in_group(turn: Turn) -> list[Reply]:
    """A plan file in a group: not imported; the private chat is where."""
    return turn.reply(texts.IMPORT_IN_GROUP)


@dataclass(frozen=True)
class Staged:
    """A file read and kept pending: what importing it would do."""

    pending: int
    name: str
    plan: ParsedPlan
    report: ImportReport
    refused: RevisionRefused | None
    stored_doc_no: str | None


async def stage(store: Store, directory: Directory, name: str, data: bytes, *, platform: str,
                chat_id: str, user: str, admin: bool, own_org: str | None,
                now: datetime) -> Staged:
    """Read a plan file and keep it pending for `user` of that chat (nothing else is written).
    Raises UserError with the reason when it cannot be imported by them."""
    try:
        plan = await asyncio.to_thread(parse_data, name, data, directory)
    except IngestError as err:
        raise UserError(texts.IMPORT_CHAT_FAILED.format(
            name=name, reason=err.reason.rstrip("。"))) from None
    if not admin and plan.org != own_org:
        raise UserError(texts.IMPORT_OTHER_ORG.format(name=name, org=plan.org, own=own_org))
    refused = await store.check_revision(plan)
    stored_doc_no = await store.stored_doc_no(plan)
    report = await store.preview_plan(plan)
    pending = await add_pending(
        store, platform=platform, chat_id=chat_id, user=user, file_name=name,
        sha256=plan.source_sha256, data=data, org=plan.org, year=plan.year,
        replace=refused is not None, now=now)
    return Staged(pending, name, plan, report, refused, stored_doc_no)


async def receive(turn: Turn) -> list[Reply]:
    """A plan file: read and compared with the store, kept pending, previewed with buttons."""
    attachment, ctx = turn.attachment, turn.ctx
    assert attachment is not None
    name = Path(attachment.name).name or attachment.name
    data = attachment.data
    try:
        if data is None:
            if Path(name).suffix:  # a file not fetched may have no name but the platform's id
                check_type(name)
            limits.check_size(Path(name), attachment.size or 0)
            return turn.reply(texts.IMPORT_NOT_FETCHED.format(name=name))
    except IngestError as err:
        return turn.reply(texts.IMPORT_CHAT_FAILED.format(name=name, reason=err.reason.rstrip("。")))
    try:
        staged = await stage(turn.service.store, turn.service.answerer.directory, name, data,
                             platform=turn.caller.chat.platform, chat_id=turn.caller.chat.chat_id,
                             user=str(turn.caller.user), admin=ctx.admin, own_org=ctx.org,
                             now=turn.now)
    except UserError as err:
        return turn.reply(err.message)
    text = preview(staged.pending, name, staged.plan, staged.report, staged.refused,
                   staged.stored_doc_no)
    buttons = turn.service.signer.import_buttons(staged.pending, turn.caller.chat,
                                                 staged.refused is not None)
    return [Reply(text, buttons=buttons)]


def preview(n: int, name: str, plan: ParsedPlan, report: ImportReport,
            refused: RevisionRefused | None, stored_doc_no: str | None) -> str:
    """The preview of pending import `n`: the plan's head, what it would change, its warnings."""
    lines = [texts.IMPORT_PREVIEW_HEAD.format(n=n, name=name, org=plan.org, year=plan.year,
                                              doc_no=plan.doc_no or texts.IMPORT_NO_DOC_NO,
                                              tasks=len(plan.tasks))]
    lines += changes(plan, report, refused, stored_doc_no)

    per_task = [w for w in plan.warnings if w.startswith("第")]
    if per_task:
        lines.append(texts.IMPORT_PREVIEW_WARNED.format(n=sum(1 for t in plan.tasks if has_warning(t.warnings))))
        lines += [texts.IMPORT_PREVIEW_WARNING.format(warning=w) for w in per_task[:_WARNINGS_SHOWN]]
        if len(per_task) > _WARNINGS_SHOWN:
            lines.append(texts.IMPORT_PREVIEW_MORE.format(n=len(per_task) - _WARNINGS_SHOWN))
    else:
        lines.append(texts.IMPORT_PREVIEW_CLEAN)
    lines += [texts.IMPORT_PREVIEW_NOTE.format(note=w) for w in plan.warnings if not w.startswith("第")]
    ask = texts.IMPORT_PREVIEW_ASK_REPLACE if refused is not None else texts.IMPORT_PREVIEW_ASK
    lines.append(ask.format(hours=HOURS, n=n))
    return "\n".join(lines)


def changes(plan: ParsedPlan, report: ImportReport, refused: RevisionRefused | None,
            stored_doc_no: str | None) -> list[str]:
    """What importing a read plan would change in the store (the preview's middle lines)."""
    lines: list[str] = []
    where = dict(org=plan.org, year=plan.year)
    if report.status == STATUS_CREATED:
        lines.append(texts.IMPORT_PREVIEW_NEW.format(**where))
    elif report.status == STATUS_UNCHANGED:
        lines.append(texts.IMPORT_PREVIEW_SAME.format(**where))
    else:
        lines.append(texts.IMPORT_PREVIEW_REVISION.format(
            **where, added=len(report.added), changed=len(report.changed), removed=len(report.removed)))
        for what, seqs in ((texts.IMPORT_ADDED, report.added), (texts.IMPORT_CHANGED, report.changed),
                           (texts.IMPORT_REMOVED, report.removed)):
            if seqs:
                lines.append(texts.IMPORT_PREVIEW_SEQS.format(what=what, seqs=ranges(seqs)))
        if plan.doc_no and stored_doc_no and plan.doc_no != stored_doc_no:
            lines.append(texts.IMPORT_PREVIEW_DOC_NO.format(stored=stored_doc_no))
        for conflict in report.conflicts:
            lines.append(texts.IMPORT_PREVIEW_NOTE.format(note=conflict.describe()))
    if refused is not None:
        lines.append(texts.IMPORT_PREVIEW_REPLACE.format(active=refused.active, n=len(refused.removed),
                                                         left=refused.left))
    return lines


def has_warning(warnings: list[str]) -> bool:
    """Whether a task has a warning the preview lists (unknown units are listed once, apart)."""
    return any(not w.startswith("单位目录中没有") for w in warnings)


async def decide(turn: Turn) -> list[Reply]:
    """「确认导入 N」「确认替换 N」「取消导入 N」."""
    assert turn.match is not None
    word, n = turn.match[1], int(turn.match[2])
    pending = await _own(turn, n)
    if pending is None:
        return turn.reply(texts.IMPORT_NO_PENDING.format(n=n, hours=HOURS))
    if word == "取消导入":
        return turn.reply(await _cancel(turn, pending))
    return turn.reply(await _confirm(turn, pending, replace=word == "确认替换"))


async def press(turn: Turn) -> tuple[str, list[Reply]]:
    """[确认导入] [确认替换] [取消] under a preview; a used or expired one is stale."""
    assert turn.button is not None
    n = turn.button.target
    pending = await _own(turn, n)
    if pending is None:
        return texts.IMPORT_STALE.format(n=n), []
    if turn.button.action is Action.DROP:
        text = await _cancel(turn, pending)
    else:
        text = await _confirm(turn, pending, replace=turn.button.action is Action.REPLACE)
    return text[:60], [Reply(text)]


async def _own(turn: Turn, n: int) -> PendingView | None:
    """Pending import `n` when it is open and this chat's user sent it (else None: nothing to
    act on; another chat's number is not told apart from a missing one)."""
    pending = await get_pending(turn.service.store, n)
    if pending is None or not pending.open_at(turn.now):
        return None
    chat = turn.caller.chat
    if (pending.platform, pending.chat_id, pending.user) != (chat.platform, chat.chat_id,
                                                             str(turn.caller.user)):
        return None
    return pending


async def _cancel(turn: Turn, pending: PendingView) -> str:
    if not await end_pending(turn.service.store, pending.id, ImportState.CANCELLED, turn.now):
        return texts.IMPORT_NO_PENDING.format(n=pending.id, hours=HOURS)
    return texts.IMPORT_CANCELLED.format(n=pending.id, name=pending.file_name)


async def _confirm(turn: Turn, pending: PendingView, replace: bool) -> str:
    """Import exactly the previewed file (its hash checked), once."""
    text, _ = await commit(turn.service.store, turn.service.answerer.directory, pending,
                           replace=replace, admin=turn.ctx.admin, own_org=turn.ctx.org,
                           now=turn.now, by=str(turn.caller.chat))
    return text


async def commit(store: Store, directory: Directory, pending: PendingView, *, replace: bool,
                 admin: bool, own_org: str | None, now: datetime,
                 by: str) -> tuple[str, ImportReport | None]:
    """Import exactly the previewed file (its hash checked), once: the words saying what was
    done, and the import's report (None when nothing was imported)."""
    n = pending.id
    if pending.replace and not replace:
        return texts.IMPORT_NEEDS_REPLACE.format(n=n), None
    if not admin and pending.org != own_org:
        return texts.IMPORT_OTHER_ORG.format(name=pending.file_name, org=pending.org,
                                             own=own_org), None
    data = pending.data
    if data is None or hashlib.sha256(data).hexdigest() != pending.sha256:
        return texts.IMPORT_CHANGED_SINCE.format(n=n), None
    if not await end_pending(store, n, ImportState.CONFIRMED, now):
        return texts.IMPORT_NO_PENDING.format(n=n, hours=HOURS), None
    try:
        plan = await asyncio.to_thread(parse_data, pending.file_name, data, directory)
    except IngestError as err:  # the same bytes read before: only a changed importer gets here
        return texts.IMPORT_CHAT_FAILED.format(name=pending.file_name,
                                               reason=err.reason.rstrip("。")), None
    if plan.source_sha256 != pending.sha256 or (plan.org, plan.year) != (pending.org, pending.year):
        return texts.IMPORT_CHANGED_SINCE.format(n=n), None
    try:
        report = await store.import_plan(plan, replace=pending.replace)
    except RevisionRefused as why:
        return texts.IMPORT_CHAT_REFUSED.format(org=why.org, year=why.year, active=why.active,
                                                n=len(why.removed), left=why.left), None
    _log.info("plan %s %s imported by %s (pending %s): %s", report.org, report.year, by, n,
              report.status)
    if report.status == STATUS_UNCHANGED:
        return texts.IMPORT_DONE_SAME.format(name=pending.file_name, org=report.org,
                                             year=report.year), report
    lines = [texts.IMPORT_DONE.format(name=pending.file_name, org=report.org, year=report.year,
                                      tasks=report.tasks, status=texts.STATUS_WORDS[report.status])]
    if report.status != STATUS_CREATED:
        lines.append(texts.IMPORT_CHANGES.format(added=len(report.added), changed=len(report.changed),
                                                 removed=len(report.removed)).strip())
    if report.corrected:
        lines.append(texts.IMPORT_CORRECTED.format(tasks="、".join(map(str, report.corrected))).strip())
    lines += [conflict.describe() for conflict in report.conflicts]
    return "\n".join(lines), report


def ranges(seqs: list[int]) -> str:
    """Task numbers as runs: 2–31、35."""
    runs: list[list[int]] = []
    for seq in sorted(seqs):
        if runs and seq == runs[-1][-1] + 1:
            runs[-1].append(seq)
        else:
            runs.append([seq])
    return "、".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else "、".join(map(str, r)) for r in runs)
