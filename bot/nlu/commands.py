"""Slash commands: the one grammar for `/name@bot arguments`, read once per message."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.nlu.normalize import normalize

_COMMAND = re.compile(r"^[/／]([A-Za-z_]+)(?:@([A-Za-z0-9_]+))?\s*", re.S)


@dataclass(frozen=True)
class Command:
    """A slash command: its name (lower case), the bot it names (if any) and its arguments as
    written (a robot's key is case-sensitive; the parser normalises what it reads)."""

    name: str
    args: str
    bot: str | None = None


def read_command(text: str) -> Command | None:
    """The command a message opens with — also after an @mention or emoji, which the message
    as the parser reads it drops — or None."""
    return _split(text) or _split(normalize(text or ""))


def _split(text: str) -> Command | None:
    m = _COMMAND.match((text or "").strip())
    if m is None:
        return None
    return Command(m[1].lower(), (text or "").strip()[m.end():].strip(), m[2])
