"""Text clean-up before parsing: widths, case, emoji, control characters, mentions, politeness."""

from __future__ import annotations

import re
import unicodedata

# Longer messages are not queries; only their head is parsed (keeps parsing time bounded).
MAX_CHARS = 300

# Control and format characters, emoji and pictographs, private use: read as a space.
_NOISE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufe00-\ufe0f\ufeff"
    "\u2190-\u21ff\u2300-\u23ff\u2460-\u24ff\u25a0-\u27bf\u2b00-\u2bff\ue000-\uf8ff"
    "\U0001f000-\U0010ffff]"
)
# @botname (ASCII) anywhere, or @anything followed by a space or ending the message (WeCom puts
# a space after a mention of people or bots).
_MENTION = re.compile(r"@[A-Za-z0-9_]{2,}|@\S{1,20}?(?=\s)|@\S{1,20}$")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Half-width, lower-case, without emoji, control characters or mentions; spaces squeezed."""
    text = unicodedata.normalize("NFKC", text[: MAX_CHARS * 2])
    text = _NOISE.sub(" ", text)
    text = _MENTION.sub(" ", text)
    return _SPACES.sub(" ", text).strip().lower()[:MAX_CHARS]
