"""A day's reminders with the chats they go to (read from the store; nothing is sent here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.handlers.answer import Answerer
from bot.handlers.scope import by_org, current_plan
from bot.scheduler.policy import DEFAULT_POLICY, Policy, Reminder, reminders_for
from store.access import ROLE_LEAD, ROLE_LIAISON, all_bindings
from store.calendar import load_calendar


@dataclass(frozen=True)
class Addressed:
    """A reminder and the chat it goes to (platform:chat id), or None when the unit has none."""

    reminder: Reminder
    chat: str | None

    def to_json(self) -> dict[str, object]:
        """The `duban remind --json` entry."""
        r = self.reminder
        return {"org": r.org, "year": r.year, "seq": r.seq, "unit": r.unit, "kind": r.kind,
                "due_date": r.due_date.isoformat() if r.due_date else None, "chat": self.chat}


async def day_reminders(answerer: Answerer, day: date,
                        policy: Policy = DEFAULT_POLICY) -> list[Addressed]:
    """Every reminder of `day` over each org's current plan, addressed to bound chats
    (escalations to the org's lead chats)."""
    await answerer.refresh()
    plans = [current_plan(plans, day) for plans in by_org(answerer.catalog).values()]
    tasks = await answerer.reader.tasks([p.id for p in plans if p is not None])
    calendar = await load_calendar(answerer.store)
    found = reminders_for(day, tasks, calendar, answerer.directory, policy)
    units: dict[tuple[str, str], str] = {}
    leads: dict[str, str] = {}
    for b in await all_bindings(answerer.store):
        key = f"{b.platform}:{b.chat_id}"
        if b.role == ROLE_LIAISON and b.unit:
            units.setdefault((b.org, b.unit), key)
        elif b.role == ROLE_LEAD:
            leads.setdefault(b.org, key)
    return [Addressed(r, leads.get(r.org) if r.kind == "escalation" else units.get((r.org, r.unit)))
            for r in found]
