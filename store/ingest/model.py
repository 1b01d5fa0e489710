"""What a recogniser extracts from a document, before it is written to the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.ingest.units import UnitList


@dataclass
class RawTask:
    """One task as a layout recogniser found it: texts only, nothing resolved yet."""

    content: str
    area: list[str] = field(default_factory=list)
    title: str | None = None
    units_text: str | None = None
    deadline_text: str | None = None
    source_seq: int | None = None
    units: UnitList | None = None  # units already read from the text, when the layout did
    number: str | None = None  # the task's own numbering as written (1, (一)), when it has one
    start: int = 0  # where the task starts in the layout's text, for ordering
    detail: str | None = None  # a requirement column (具体要求) beside the content
    progress: str | None = None  # a progress column (进展情况) of a 台账


@dataclass
class ParsedUnit:
    """A unit named on a task: canonical name, kind, role and the raw text."""

    name: str
    kind: str
    role: str
    raw: str
    aliases: tuple[str, ...] = ()
    inferred: bool = False  # not written in the plan: the issuing body, assumed

    def to_json(self) -> dict[str, Any]:
        """The unit as in `duban import --json`."""
        return {"name": self.name, "role": self.role, "raw": self.raw}


@dataclass
class ParsedTask:
    """A task ready for the store."""

    seq: int
    area: list[str]
    title: str | None
    content: str
    deadline_text: str | None
    due_date: date | None
    recurrence: str | None
    kind: str
    units: list[ParsedUnit]
    number: str | None = None  # the numbering as written in the plan, when the task has one
    detail: str | None = None
    progress: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The task as in `duban import --json`."""
        return {
            "seq": self.seq,
            "number": self.number,
            "area": self.area,
            "title": self.title,
            "content": self.content,
            "deadline_text": self.deadline_text,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "recurrence": self.recurrence,
            "kind": self.kind,
            "units": [u.to_json() for u in self.units],
            "detail": self.detail,
            "progress": self.progress,
            "warnings": self.warnings,
        }


@dataclass
class ParsedPlan:
    """A whole plan ready for the store, with the warnings met while reading it."""

    org: str
    year: int
    title: str | None
    doc_no: str | None
    issued_on: date | None
    source_name: str
    source_sha256: str
    layout: str
    tasks: list[ParsedTask]
    warnings: list[str] = field(default_factory=list)
    score: float = 0.0  # the chosen layout's score (see choose.py)
    score_detail: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The plan as `duban import --dry-run --json` prints it."""
        return {
            "org": self.org,
            "year": self.year,
            "title": self.title,
            "doc_no": self.doc_no,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "source": self.source_name,
            "layout": self.layout,
            "score": self.score,
            "score_detail": self.score_detail,
            "tasks": [t.to_json() for t in self.tasks],
            "warnings": self.warnings,
        }
