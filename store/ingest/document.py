"""The reader-neutral shape of an imported document: text lines and tables, in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class IngestError(Exception):
    """A document cannot be imported; `reason` is a user-facing Chinese sentence."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass
class Table:
    """A table as a grid of cell texts.

    Merged cells are expanded: every grid position a merged cell covers holds its text,
    so a vertically merged 领域 cell repeats on each row it spans. Cells keep their inner
    line breaks as "\\n"; rows are padded to the same width.
    """

    rows: list[list[str]]
    page: int | None = None


@dataclass
class Document:
    """A readable document: `blocks` are paragraphs (str, one line each) and tables in reading order."""

    name: str
    blocks: list[str | Table] = field(default_factory=list)
    sha256: str = ""
    notes: list[str] = field(default_factory=list)  # what reading it had to put up with

    @property
    def lines(self) -> list[str]:
        """All paragraph lines, tables left out."""
        return [b for b in self.blocks if isinstance(b, str)]

    @property
    def tables(self) -> list[Table]:
        """All tables, in order."""
        return [b for b in self.blocks if isinstance(b, Table)]
