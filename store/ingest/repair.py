"""Real-world damage in published plans, repaired before anything is parsed.

Pages copied from web mirrors carry HTML debris (`、/div>` where a `。` was, `&ldquo;`),
pinyin readings inserted after characters (`經(jīng)貿(mào)委`), and invisible characters.
They are tolerated here so that they never end up in a task's content or a unit's name.
"""

from __future__ import annotations

import re

from store.ingest.document import Document, Table

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
_TAG_NAMES = r"div|p|span|br|td|tr|th|li|ul|ol|strong|em|b|i|u|font|a|table|tbody|img|h[1-6]"
_TAG = re.compile(rf"</?\s*(?:{_TAG_NAMES})\b[^<>\n]{{0,80}}>|/(?:{_TAG_NAMES})>", re.IGNORECASE)
_ENTITIES = {"ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’", "nbsp": " ", "quot": '"',
             "amp": "&", "lt": "<", "gt": ">", "middot": "·", "mdash": "—", "ndash": "–",
             "hellip": "…", "emsp": " ", "ensp": " "}
_ENTITY = re.compile(r"[&?](" + "|".join(_ENTITIES) + r");")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = (rf"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouüv{_TONED}]{{1,3}}"
             rf"(?:ng|n|r)?")
# A reading in brackets right after a Chinese character: 發(fā), 經(jīng).
_PINYIN_TONED = re.compile(rf"(?<=[^\s(（])[(（](?=[a-z{_TONED}]*[{_TONED}])({_SYLLABLE})[)）]")
_PINYIN_PLAIN = re.compile(rf"(?<=[\u3400-\u9fff])[(（]({_SYLLABLE})[)）]")


def has_inserted_pinyin(texts: list[str]) -> bool:
    """Whether a document carries pinyin readings after characters (three or more toned ones)."""
    count = 0
    for text in texts:
        count += len(_PINYIN_TONED.findall(text))
        if count >= 3:
            return True
    return False


def _drop_tags(line: str) -> str:
    out = []
    pos = 0
    for m in _TAG.finditer(line):
        before = line[pos : m.start()]
        rest = line[m.end() :].lstrip()
        at_end = not rest
        if before.endswith("、") and (at_end or rest[0] in "(（【〔"):
            before = before[:-1] + "。"  # a sentence end the debris replaced
        elif before.endswith(("(", "（")):
            head = "".join(out) + before[:-1]
            if head.count("(") + head.count("（") > head.count(")") + head.count("）"):
                before = before[:-1] + ")"  # a closing bracket the debris replaced
        out.append(before)
        pos = m.end()
    out.append(line[pos:])
    return "".join(out)


def repair(text: str, pinyin: bool = False) -> str:
    """One line or cell with debris, entities, invisible characters and readings removed.

    `pinyin`: the document is known to carry inserted readings, so untoned ones go too.
    """
    text = _INVISIBLE.sub("", text)
    if "<" in text or "/" in text:
        text = _drop_tags(text)
    if ";" in text:
        text = _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text)
    if "(" in text or "（" in text:
        text = _PINYIN_TONED.sub("", text)
        if pinyin:
            text = _PINYIN_PLAIN.sub("", text)
    return text


def repair_document(doc: Document) -> Document:
    """A copy of the document with every line and cell repaired."""
    texts = [b for b in doc.blocks if isinstance(b, str)]
    for table in doc.tables:
        texts += [c for row in table.rows[:20] for c in row]
    pinyin = has_inserted_pinyin(texts)
    blocks: list[str | Table] = []
    for block in doc.blocks:
        if isinstance(block, str):
            blocks.append(repair(block, pinyin))
        else:
            blocks.append(Table([[repair(c, pinyin) for c in row] for row in block.rows], block.page))
    return Document(doc.name, blocks, doc.sha256, list(doc.notes))
