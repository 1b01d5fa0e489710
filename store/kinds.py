"""The closed vocabularies the store keeps: what a chat is to the bot, what a unit is to a task,
a unit's progress and a task's kind of deadline. StrEnums, so stored strings compare equal."""

from __future__ import annotations

from enum import StrEnum


class ChatRole(StrEnum):
    """What a chat (or its user) is to the bot: bindings hold liaison or lead; admin is a user."""

    LIAISON = "liaison"
    LEAD = "lead"
    ADMIN = "admin"


class TaskRole(StrEnum):
    """A unit's part in a task."""

    LEAD = "lead"
    COOPERATE = "cooperate"
    IMPLEMENT = "implement"
    RESPONSIBLE = "responsible"


class Progress(StrEnum):
    """A unit's reported state of a task."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class TaskKind(StrEnum):
    """How a task's deadline reads (as the importer writes it)."""

    DATED = "dated"
    YEAR_LONG = "year-long"
    RELATIVE = "relative"
    ONGOING = "ongoing"
    UNKNOWN = "unknown"
