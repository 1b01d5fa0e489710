"""Extension requests: a liaison asks to move its unit's due date; the org's leads, on whichever
platform they are bound, decide (buttons, or 「同意 N」/「驳回 N」 where there are none)."""

from __future__ import annotations

import re
from datetime import date

from bot import texts
from bot.domain.chat import ChatRef, Reply
from bot.handlers.buttons import Action
from bot.handlers.turn import Turn
from bot.nlu.periods import extract_time
from store.workflow import decide_extension, get_extension, request_extension

# 「延期 12 2025-11-30 理由」「申请延期第12项 12月15日 理由」 (the words alone: a question about
# overdue work); after /extend the same without the word.
EXTEND = re.compile(r"^\s*(?:申请延期|延期)\s*第?\s*(\d{1,3})\s*项?\s*(\S+)\s*(.*)$", re.S)
_EXTEND_ARGS = re.compile(r"^\s*第?\s*(\d{1,3})\s*项?\s*(\S+)\s*(.*)$", re.S)
# 「同意 3」「驳回第3号」: a lead's decision on request 3, where there are no buttons.
DECIDE = re.compile(r"^(同意|批准|驳回|不同意)\s*(?:延期)?(?:申请)?\s*(?:第|#|编号)?\s*(\d{1,6})\s*号?$")
_APPROVING = ("同意", "批准")


async def extend(turn: Turn) -> list[Reply]:
    """File the request and send it to every lead chat of the org."""
    ctx, service = turn.ctx, turn.service
    m = turn.match if turn.command is None else _EXTEND_ARGS.match(turn.args)
    if not m or ctx.unit is None or ctx.org is None:
        return turn.reply(texts.EXTEND_USAGE)
    seq, when, reason = int(m[1]), m[2], m[3].strip()
    new_due = _date(when, turn.today)
    if new_due is None or not reason:
        return turn.reply(texts.EXTEND_BAD_DATE.format(text=when) if new_due is None
                          else texts.EXTEND_USAGE)
    task = await service.answerer.current_task(ctx.org, seq, turn.today)
    if task is None:
        return turn.reply(texts.REPORT_NOT_FOUND.format(scope=ctx.org, seq=seq))
    if (why := turn.refusal(task)) is not None:
        return turn.reply(why)
    old_due = task.unit_due.get(ctx.unit, task.due_date)
    if old_due is not None and new_due <= old_due:
        return turn.reply(texts.EXTEND_NOT_LATER.format(due=old_due.isoformat()))
    ext = await request_extension(service.store, task.id, ctx.unit, old_due, new_due, reason,
                                  ctx.actor or "", str(turn.caller.chat), turn.stamp)
    leads = await service.lead_chats(ctx.org)
    info = dict(org=task.org, year=task.year, seq=task.seq, unit=ctx.unit,
                old_due=old_due.isoformat() if old_due else texts.NO_DUE,
                new_due=new_due.isoformat(), reason=reason, content=task.content)
    if not leads:
        return turn.reply(texts.EXTEND_NO_LEAD.format(**info))
    request = texts.EXTEND_REQUEST.format(**info, ext=ext.id)
    return [Reply(texts.EXTEND_SENT.format(**info)),
            *(Reply(request, buttons=service.signer.decision_buttons(ext.id, lead), chat=lead)
              for lead in leads)]


async def decide(turn: Turn) -> list[Reply]:
    """「同意 N」「驳回 N」: a lead decides a request of its own org."""
    assert turn.match is not None
    return await decide_request(turn, int(turn.match[2]), turn.match[1] in _APPROVING)


async def decide_request(turn: Turn, number: int, approve: bool) -> list[Reply]:
    """A lead decides request `number` of its own org (in chat, or on the web console's task
    page): the first reply is for the deciding lead, the others name the chats to tell."""
    ext = await get_extension(turn.service.store, number)
    task = await turn.service.answerer.task_by_id(ext.task_id) if ext else None
    if task is None or turn.refusal(task) is not None:  # another org's: as if there were none
        return turn.reply(texts.EXTEND_NOT_FOUND.format(ext=number))
    notice, replies = await _decision(turn, number, approve)
    return replies or [Reply(notice)]


async def press_decision(turn: Turn) -> tuple[str, list[Reply]]:
    """[同意] / [驳回] pressed under a request."""
    assert turn.button is not None
    return await _decision(turn, turn.button.target, turn.button.action == Action.APPROVE)


async def press_extend(turn: Turn) -> tuple[str, list[Reply]]:
    """[申请延期] pressed under a task: how to ask."""
    assert turn.button is not None
    task = await turn.service.answerer.task_by_id(turn.button.target)
    if task is None or (why := turn.refusal(task)) is not None:
        return texts.BUTTON_NOT_YOURS if task is None else why, []
    example = turn.today.replace(day=28).isoformat()
    return texts.BUTTON_EXTEND, [Reply(texts.EXTEND_HOW.format(seq=task.seq, example=example))]


async def _decision(turn: Turn, number: int, approve: bool) -> tuple[str, list[Reply]]:
    """Decide request `number` (once); both the lead's chat and the requester's are told."""
    try:
        ext, decided = await decide_extension(turn.service.store, number, approve,
                                              turn.ctx.actor or "", turn.stamp)
    except LookupError:
        return texts.BUTTON_FORGED, []
    if not decided:
        return texts.EXTEND_DECIDED, []
    task = await turn.service.answerer.task_by_id(ext.task_id)
    if task is None:
        return texts.BUTTON_FORGED, []
    info = dict(org=task.org, year=task.year, seq=task.seq, unit=ext.unit,
                new_due=ext.new_due.isoformat(),
                old_due=ext.old_due.isoformat() if ext.old_due else texts.NO_DUE)
    text = (texts.EXTEND_APPROVED if approve else texts.EXTEND_REJECTED).format(**info)
    replies = [Reply(text)]
    if ext.requested_chat:
        requester = ChatRef.parse(ext.requested_chat)
        if requester != turn.caller.chat:
            replies.append(Reply(text, chat=requester))
    return text, replies


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
