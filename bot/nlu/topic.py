"""The topic of a question: what is left once its frame (question words, verbs, pronouns, task
words) is taken from both ends. 「帮我查下政务公开专栏的任务」 -> 政务公开专栏."""

from __future__ import annotations

import re

from bot.nlu.vocab import (
    TOPIC_EDGE_WORDS,
    TOPIC_LEAD_CHARS,
    TOPIC_NAME_SHAPE,
    TOPIC_NUMBERED,
    TOPIC_PLACE,
    TOPIC_STOP,
    TOPIC_TAIL_CHARS,
    TOPIC_TIME,
)

_LEAD = re.compile("^(?:" + "|".join(map(re.escape, TOPIC_EDGE_WORDS)) + ")")
_TAIL = re.compile("(?:" + "|".join(map(re.escape, TOPIC_EDGE_WORDS)) + ")$")
_CHUNKS = re.compile(r"[\u4e00-\u9fffa-z0-9]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
MIN_CHARS = 2


def strip_frame(chunk: str) -> str:
    """`chunk` without frame words at either end."""
    while chunk:
        before = chunk
        if m := _LEAD.match(chunk):
            chunk = chunk[m.end():]
        elif chunk[0] in TOPIC_LEAD_CHARS:
            chunk = chunk[1:]
        if chunk and (m := _TAIL.search(chunk)):
            chunk = chunk[: m.start()]
        elif chunk and chunk[-1] in TOPIC_TAIL_CHARS:
            chunk = chunk[:-1]
        if chunk == before:
            break
    return chunk


def frame_stripped(text: str) -> list[str]:
    """The runs of words in `text` without frame words at their ends (names not excluded)."""
    found = (strip_frame(c) for c in _CHUNKS.findall(TOPIC_TIME.sub(" ", text)))
    return [c for c in found if len(_CJK.findall(c)) >= MIN_CHARS]


def topic_of(text: str) -> str | None:
    """The longest run of words in `text` (names and dates already blanked) that is not frame;
    None when nothing of two characters or more is left."""
    found = []
    for chunk in _CHUNKS.findall(TOPIC_TIME.sub(" ", text)):
        if TOPIC_NUMBERED.search(chunk):
            continue
        chunk = strip_frame(TOPIC_PLACE.sub("", strip_frame(chunk)))
        if len(_CJK.findall(chunk)) < MIN_CHARS or chunk in TOPIC_STOP or TOPIC_NAME_SHAPE.search(chunk):
            continue
        found.append(chunk)
    return max(found, key=len) if found else None
