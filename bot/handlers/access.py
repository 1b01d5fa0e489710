"""Who may do what: the caller a message or button comes from, and the one check of a caller
against a route's access."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from bot import texts
from bot.domain.chat import ChatRef
from bot.handlers.context import ChatContext
from bot.handlers.scope import unit_names
from bot.nlu.query import Query
from store.access import BindingView
from store.directory.directory import Directory
from store.kinds import ChatRole
from store.views import TaskView

if TYPE_CHECKING:
    from bot.handlers.routes import Route


class Access(StrEnum):
    """What a route needs of the caller."""

    ANYONE = "anyone"  # any chat, bound or not
    BOUND = "bound"  # a chat bound to a unit or an org (or an administrator)
    LIAISON = "liaison"  # a liaison's chat, and (for a task) a unit that holds the task
    LEAD = "lead"  # an org's lead (for a task or request: of its org), or an administrator
    ADMIN = "admin"  # an administrator (DUBAN_ADMINS)


@dataclass(frozen=True)
class Caller:
    """The chat a message came from, its bindings, and whether its user is an administrator."""

    chat: ChatRef
    user: ChatRef
    bindings: Sequence[BindingView] = ()
    admin: bool = False

    @property
    def bound(self) -> bool:
        """Whether the chat holds any binding."""
        return bool(self.bindings)

    @property
    def context(self) -> ChatContext:
        """The chat as the handlers see it: a liaison binding first, then a lead's, then admin."""
        actor = str(self.user)
        for role in (ChatRole.LIAISON, ChatRole.LEAD):
            for b in self.bindings:
                if b.role == role:
                    return ChatContext(org=b.org, unit=b.unit if role == ChatRole.LIAISON else None,
                                       role=role, actor=actor, admin=self.admin)
        return ChatContext(role=ChatRole.ADMIN if self.admin else None, actor=actor,
                           admin=self.admin, unbound=True)


def levels(ctx: ChatContext) -> frozenset[Access]:
    """The access levels a chat context satisfies (tasks aside). A context with neither role nor
    `unbound` (the answer service used directly) may ask everything but administer."""
    if ctx.admin:
        found = {Access.ANYONE, Access.BOUND, Access.LEAD, Access.ADMIN}
        return frozenset(found | ({Access.LIAISON} if ctx.unit else set()))
    if ctx.role == ChatRole.LIAISON:
        return frozenset({Access.ANYONE, Access.BOUND, Access.LIAISON})
    if ctx.role == ChatRole.LEAD:
        return frozenset({Access.ANYONE, Access.BOUND, Access.LEAD})
    if ctx.unbound:
        return frozenset({Access.ANYONE})
    return frozenset({Access.ANYONE, Access.BOUND, Access.LIAISON, Access.LEAD})


def holds(task: TaskView, unit: str, directory: Directory) -> bool:
    """Whether the unit holds the task: named on it, or one of its collectives is."""
    return bool(set(unit_names(unit, None, directory)) & {u.name for u in task.units})


def refusal(route: Route, caller: Caller, *, query: Query | None = None,
            task: TaskView | None = None, directory: Directory | None = None) -> str | None:
    """Why `caller` may not use `route` (the reply to give), or None when it may. With `query`,
    a bound chat's question must stay in its org; with `task`, a liaison's unit must hold it and
    a lead's org own it."""
    access, ctx = route.access, caller.context
    if access == Access.ANYONE:
        return None
    if access == Access.ADMIN:
        return None if caller.admin else route.refused or texts.ADMINS_ONLY
    if not caller.bound and not caller.admin:
        return route.unbound or texts.UNBOUND
    if access == Access.LIAISON and ctx.unit is None:
        return route.refused or texts.NOT_BOUND_REPORT
    if access == Access.LEAD and not (caller.admin or ctx.role == ChatRole.LEAD):
        return route.refused or texts.LEADS_ONLY
    if query is not None and not caller.admin and ctx.org and query.org and query.org != ctx.org:
        return texts.OTHER_ORG.format(org=ctx.org)
    if task is not None:
        if access == Access.LIAISON and ctx.unit and directory is not None \
                and not holds(task, ctx.unit, directory):
            return route.not_holder or texts.BUTTON_NOT_YOURS
        if access == Access.LEAD and not caller.admin and task.org != ctx.org:
            return route.not_holder or texts.OTHER_ORG.format(org=ctx.org)
    return None
