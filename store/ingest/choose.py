"""Layouts chosen by evidence: every recogniser proposes a parse, each parse is scored, the best wins.

A parse's score adds up, task by task, how well each task reads as a task: content that is
text (not a units list or a date), units written for it, a deadline that can be read, and
a number of its own; a parse whose numbering runs in sequence scores higher than one that
jumps. More well-formed tasks beat fewer, so a recogniser that only sees part of a plan, or
cuts tasks apart into fragments without units, loses to one that reads the whole of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from store.ingest.deadlines import KIND_UNKNOWN, parse_deadline
from store.ingest.model import RawTask

WEIGHTS = {"content": 0.4, "units": 0.35, "deadline": 0.15, "number": 0.1}
_MIN_CONTENT, _MAX_CONTENT = 6, 3000


@dataclass
class Parse:
    """One recogniser's reading of a document."""

    layout: str
    tasks: list[RawTask]
    notes: list[str] = field(default_factory=list)
    score: float = 0.0
    detail: dict[str, float] = field(default_factory=dict)


def _has_units(task: RawTask) -> bool:
    if task.units is not None:
        return bool(task.units.mentions)
    return bool(task.units_text and task.units_text.strip(" —-/"))


def _has_deadline(task: RawTask) -> bool:
    return bool(task.deadline_text) and _readable(task.deadline_text)


@lru_cache(maxsize=4096)
def _readable(deadline: str) -> bool:
    return parse_deadline(deadline, 2000).kind != KIND_UNKNOWN


def _content_ok(task: RawTask) -> bool:
    from store.ingest.units import looks_like_units

    n = len(task.content)
    # Only a short text can be a units list taken for content.
    return _MIN_CONTENT <= n <= _MAX_CONTENT and (n > 60 or not looks_like_units(task.content))


def score(parse: Parse) -> Parse:
    """Fill in the parse's score and the share of tasks with each kind of evidence."""
    tasks = parse.tasks
    if not tasks:
        parse.score, parse.detail = 0.0, {}
        return parse
    parts = {
        "content": [_content_ok(t) for t in tasks],
        "units": [_has_units(t) for t in tasks],
        "deadline": [_has_deadline(t) for t in tasks],
        "number": [bool(t.number or t.source_seq) for t in tasks],
    }
    total = sum(WEIGHTS[k] * sum(v) for k, v in parts.items())
    order = numbering_order(tasks)
    parse.detail = {k: round(sum(v) / len(tasks), 3) for k, v in parts.items()}
    parse.detail["order"] = round(order, 3)
    parse.detail["tasks"] = len(tasks)
    parse.score = round(total * order, 3)
    return parse


def _int(number: str | None) -> int | None:
    if not number or "-" in number or "—" in number:
        return None  # 1-1, 2-3: numbered within groups, not in one sequence
    digits = "".join(ch for ch in number if ch.isdigit())
    if digits:
        return int(digits)
    values = {c: i + 1 for i, c in enumerate("一二三四五六七八九十")}
    cn = number.strip("()（）")
    return values.get(cn) if len(cn) == 1 else None


def numbering_order(tasks: list[RawTask]) -> float:
    """The share of steps between numbered tasks that follow on (n+1), or start again at 1 in a
    new section; 1.0 when fewer than two tasks are numbered."""
    steps = ok = 0
    prev: tuple[int, list[str]] | None = None
    for task in tasks:
        n = _int(task.number) if task.number else task.source_seq
        if task.number and n is None:
            continue
        if n is None:
            continue
        if prev is not None:
            steps += 1
            if n == prev[0] + 1 or (n == 1 and task.area != prev[1]):
                ok += 1
        prev = (n, task.area)
    return 1.0 if not steps else 0.5 + 0.5 * ok / steps


def best(parses: list[Parse]) -> Parse | None:
    """The highest-scoring parse; on a tie, the one proposed first."""
    scored = [score(p) for p in parses if p.tasks]
    if not scored:
        return None
    return max(scored, key=lambda p: p.score)
