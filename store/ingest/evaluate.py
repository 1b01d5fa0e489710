"""Score the importer against hand-labelled plans (a folder of .txt files and an index.json).

The labels follow the corpus conventions (tests/corpus/README.md): per file the tasks that
are wholly visible, each with `content_prefix`, `units` and `lead_units` as written, and
`deadline_text`. A labelled task is *found* when a parsed task's content (or title followed by
content) starts with its prefix. A found task scores the mean of three parts: units (F1 of the
names as written), lead units (F1) and deadline text (exact). A file scores the mean over its
labelled tasks, scaled down by tasks the importer invented among them; a negative file (no
tasks labelled) scores 1 when the importer refuses it, else 0. Texts are compared after
removing whitespace, width differences, HTML entities and pinyin readings inserted after characters.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.directory.directory import Directory, default_directory
from store.ingest.document import IngestError
from store.ingest.importer import parse_document
from store.ingest.model import ParsedPlan, ParsedTask
from store.ingest.readers import read_document

_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,8}\)")
_FALLBACK_ORG = "未知单位"


def norm(text: str | None) -> str:
    """The form texts are compared in: half-width, no whitespace, no inserted pinyin."""
    if not text:
        return ""
    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", html.unescape(text)))
    return _PINYIN.sub("", flat)


def _f1(expected: list[str], got: list[str]) -> float:
    if not expected and not got:
        return 1.0
    if not expected or not got:
        return 0.0
    common = sum((Counter(expected) & Counter(got)).values())
    if not common:
        return 0.0
    precision, recall = common / len(got), common / len(expected)
    return 2 * precision * recall / (precision + recall)


@dataclass
class TaskScore:
    """One labelled task: whether it was found and how its fields compare."""

    prefix: str
    found: bool
    units: float = 0.0
    leads: float = 0.0
    deadline: float = 0.0

    @property
    def score(self) -> float:
        """0 when not found, else the mean of the three field scores."""
        return (self.units + self.leads + self.deadline) / 3 if self.found else 0.0


@dataclass
class FileScore:
    """One corpus file: its task scores, invented tasks, and the file's score."""

    file: str
    negative: bool
    layout: str = ""
    refused: str | None = None
    tasks: list[TaskScore] = field(default_factory=list)
    invented: int = 0
    parsed: int = 0

    @property
    def score(self) -> float:
        """The file's score in [0, 1]."""
        if self.negative:
            return 1.0 if self.refused else 0.0
        if not self.tasks:
            return 0.0
        return sum(t.score for t in self.tasks) / (len(self.tasks) + self.invented)


def _written_units(task: ParsedTask) -> tuple[list[str], list[str]]:
    """Units as written (inferred issuers left out) and the lead units among them."""
    written = [u for u in task.units if not u.inferred]
    # One name written for several units (兴庆区、金凤区、西夏区人民政府) counts once.
    units = list(dict.fromkeys(norm(u.raw) for u in written))
    leads = list(dict.fromkeys(norm(u.raw) for u in written if u.role == "lead"))
    return units, leads


def _texts(task: ParsedTask) -> list[str]:
    content = norm(task.content)
    texts = [content]
    if task.title:
        title = norm(task.title)
        if not content.startswith(title):
            texts.append(title + content)
            texts.append(title + "。" + content)  # a title cell's closing 。 is not kept
    return texts


def score_plan(entry: dict[str, Any], plan: ParsedPlan | None, refused: str | None) -> FileScore:
    """Compare one parsed plan (or a refusal) with its label entry."""
    labels = entry.get("tasks") or []
    result = FileScore(entry["file"], negative=not labels, refused=refused)
    if plan is None:
        result.tasks = [TaskScore(t["content_prefix"], False) for t in labels]
        return result
    result.layout = plan.layout
    result.parsed = len(plan.tasks)
    used: set[int] = set()
    last = -1
    for label in labels:
        prefix = norm(label["content_prefix"])
        hit = next((i for i, t in enumerate(plan.tasks)
                    if i not in used and any(x.startswith(prefix) for x in _texts(t))), None)
        if hit is None:
            result.tasks.append(TaskScore(label["content_prefix"], False))
            continue
        used.add(hit)
        last = max(last, hit)
        task = plan.tasks[hit]
        units, leads = _written_units(task)
        deadline = 1.0 if norm(label.get("deadline_text")) == norm(task.deadline_text) else 0.0
        result.tasks.append(TaskScore(
            label["content_prefix"], True,
            units=_f1([norm(u) for u in label["units"]], units),
            leads=_f1([norm(u) for u in label["lead_units"]], leads),
            deadline=deadline,
        ))
    # Tasks among the labelled ones that match no label were invented; after the last match
    # one task is allowed (the excerpt's cut-off item), more are invented too.
    inside = sum(1 for i in range(last + 1) if i not in used)
    after = len(plan.tasks) - (last + 1)
    result.invented = inside + max(0, after - 1) if used else 0
    return result


def parse_for_scoring(path: Path, directory: Directory, year: int | None) -> tuple[ParsedPlan | None, str | None]:
    """Parse a corpus file as a user would who supplies --org/--year when asked."""
    try:
        doc = read_document(path)
        return parse_document(doc, directory, fallback_org=_FALLBACK_ORG,
                              fallback_year=year or 2000), None
    except IngestError as err:
        return None, err.reason


def score_corpus(folder: Path, directory: Directory | None = None) -> list[FileScore]:
    """Score every file listed in `folder`/index.json."""
    directory = directory or default_directory()
    entries = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    out = []
    for entry in entries:
        plan, refused = parse_for_scoring(folder / entry["file"], directory, entry.get("year"))
        out.append(score_plan(entry, plan, refused))
    return out


def overall(scores: list[FileScore]) -> float:
    """The corpus score: the mean of the file scores."""
    return sum(s.score for s in scores) / len(scores) if scores else 0.0


def report(scores: list[FileScore]) -> str:
    """A table of per-file scores with the overall score at the end."""
    lines = []
    for s in scores:
        if s.negative:
            detail = f"refused: {s.refused}" if s.refused else "NOT refused"
        else:
            found = sum(t.found for t in s.tasks)
            detail = (f"{s.layout:<14} found {found}/{len(s.tasks)} parsed {s.parsed}"
                      f" invented {s.invented}")
        lines.append(f"{s.score:5.2f}  {s.file[:46]:<46}  {detail}")
    tasks = [t for s in scores for t in s.tasks]
    found = [t for t in tasks if t.found]
    if found:
        lines.append(
            f"tasks found {len(found)}/{len(tasks)}; among found: units "
            f"{sum(t.units for t in found) / len(found):.3f}, leads "
            f"{sum(t.leads for t in found) / len(found):.3f}, deadline "
            f"{sum(t.deadline for t in found) / len(found):.3f}")
    lines.append(f"overall {overall(scores):.3f} over {len(scores)} files")
    return "\n".join(lines)
