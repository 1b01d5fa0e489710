"""Plans written as text outlines: numbered lists with （责任单位：…） notes, or prose 工作要点.

- numbered: 「1. 内容。（责任单位：区府办、各部门，完成时限：全年）」, one task per number;
- prose: 「一、标题」 sections whose 「（一）…」 items are the tasks, units and deadlines in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.ingest.model import RawTask
from store.ingest.text import compact, join_lines, to_halfwidth_digits

_L1 = re.compile(r"^[一二三四五六七八九十]+、")
_L2 = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
_L3 = re.compile(r"^(?:\d{1,3}[.．、](?!\d)|[（(]\d{1,3}[)）])")
_END = re.compile(r"^(抄送|印发|主送：|附件\s*\d|联系人|（此件|\(此件)")
_FOOTER = re.compile(r"^(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d+\s*页.*|\d{1,3}\s*/\s*\d{1,3})$")
_TERMINATORS = ("。", "！", "？", "）", ")", "：", "；")
_UNIT_LABEL = r"(?:责任单位|牵头单位|责任部门|牵头部门|主责单位|配合单位|责任主体|实施单位|落实单位)"
_DEADLINE_LABEL = r"(?:完成时限|时间节点|完成时间|时限要求|时间要求|时限|完成期限)"
_NOTE_START = re.compile(rf"[（(](?={_UNIT_LABEL}[：:]|{_DEADLINE_LABEL}[：:])")
_LABEL_PARA = re.compile(rf"^({_UNIT_LABEL}|{_DEADLINE_LABEL})[：:]")
_DEADLINE_IN_NOTE = re.compile(rf"[，,；;\s]*{_DEADLINE_LABEL}[：:](.*)$")


@dataclass
class _Item:
    level: int
    text: str
    area: list[str]
    extra: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def paragraphs(lines: list[str]) -> list[str]:
    """Rebuild paragraphs from lines wrapped at a fixed width (blank lines and footers ignored)."""
    body = []
    for line in lines:
        text = line.strip()
        if _END.match(text):
            break
        if text and not _FOOTER.match(text):
            body.append(text)
    if not body:
        return []
    lengths = sorted(len(compact(t)) for t in body)
    width = lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0]
    paras: list[list[str]] = []
    for text in body:
        flat = compact(text)
        starts = bool(_L1.match(flat) or _L2.match(flat) or _L3.match(to_halfwidth_digits(flat)))
        starts = starts or bool(_LABEL_PARA.match(flat))
        if paras:
            prev = compact(paras[-1][-1])
            prev_heading = bool(_L1.match(compact(paras[-1][0]))) and len(paras[-1]) == 1 and not prev.endswith("。")
            ended = prev.endswith(_TERMINATORS) and len(prev) < width * 0.9
            if not (starts or prev_heading or ended):
                paras[-1].append(text)
                continue
        paras.append([text])
    return [join_lines(p) for p in paras]


def _items(paras: list[str], level: int) -> tuple[list[_Item], list[str]]:
    """Items of the given level with their area path; paragraphs after a section's last item
    that carry no number are returned separately (they are not tasks)."""
    items: list[_Item] = []
    dropped: list[str] = []
    area: list[str] = []
    pending: list[str] = []  # unnumbered paragraphs after the current item
    started = False

    def flush(end_of_section: bool) -> None:
        if not items or not pending:
            pending.clear()
            return
        if end_of_section:
            dropped.extend(pending)
        else:
            items[-1].extra.extend(pending)
        pending.clear()

    for para in paras:
        flat = to_halfwidth_digits(para)
        if _L1.match(para) and not (level == 1):
            flush(True)
            area = [para.split("。")[0]]
            started = True
            continue
        if level == 3 and _L2.match(para):
            flush(True)
            area = area[:1] + [para.split("。")[0]]
            continue
        pattern = {1: _L1, 2: _L2, 3: _L3}[level]
        if pattern.match(flat):
            flush(False)
            text = pattern.sub("", flat, count=1).strip()
            items.append(_Item(level, text, list(area)))
            started = True
        elif _LABEL_PARA.match(para) and items:
            items[-1].notes.append(para)
        elif started and items:
            pending.append(para)
    flush(True)
    return items, dropped


def _split_note(text: str) -> tuple[str, str | None, str | None]:
    """Content, units text and deadline text of 「内容。（责任单位：…，完成时限：…）」."""
    starts = list(_NOTE_START.finditer(text))
    m = starts[-1] if starts else None
    if m is None:
        return text, None, None
    content = text[: m.start()].rstrip()
    note = text[m.start() + 1 :].rstrip("。. ")
    if note.endswith(("）", ")")):
        note = note[:-1]
    return content, *_note_parts(note)


def _note_parts(note: str) -> tuple[str | None, str | None]:
    deadline = None
    d = _DEADLINE_IN_NOTE.search(note)
    if d:
        deadline = d.group(1).strip("，,；;。 ") or None
        note = note[: d.start()]
    units = note.strip("，,；;。 ") or None
    return units, deadline


def tasks_from_numbered(lines: list[str]) -> list[RawTask] | None:
    """Numbered items (1. 2. …) as tasks when most of them carry a units note."""
    items, _ = _items(paragraphs(lines), 3)
    if not items:
        return None
    tasks = []
    for item in items:
        text = join_lines([item.text, *item.extra])
        content, units, deadline = _split_note(text)
        for note in item.notes:  # separate 「牵头单位：…」 / 「完成时限：…」 paragraphs
            label, value = re.split(r"[：:]", note, maxsplit=1)
            if re.fullmatch(_DEADLINE_LABEL, label):
                deadline = deadline or value.strip("。 ")
            elif value.strip("，,；;。 "):
                units = f"{units}；{note}" if units else note
        tasks.append(RawTask(content=content, area=item.area, units_text=units,
                             deadline_text=deadline))
    noted = sum(1 for t in tasks if t.units_text)
    return tasks if noted >= max(2, len(tasks) // 2) else None


def tasks_from_prose(lines: list[str], level: int = 2) -> tuple[list[RawTask], list[str]]:
    """（一）-level items under 一、 sections as tasks; also the paragraphs left out."""
    items, dropped = _items(paragraphs(lines), level)
    tasks = []
    for item in items:
        text = join_lines([item.text, *item.extra])
        content, units, deadline = _split_note(text)
        lead = content.split("。")[0]
        title = lead if 0 < len(lead) <= 40 and lead != content.rstrip("。") else None
        tasks.append(RawTask(content=content, area=item.area, title=title, units_text=units,
                             deadline_text=deadline))
    return tasks, dropped
