"""jieba's dictionary, looked up on disk instead of loaded whole.

jieba keeps its ~500,000 words and prefixes in one dict, loaded from a cache file in 1.5 s here:
more than a one-shot `duban ask` may take. Cutting a sentence only ever looks up the sentence's
own substrings (get_DAG, calc, cut_for_search read FREQ for nothing else; HMM for the rest), so
the tokenizer here gets a mapping that reads just those from an SQLite index of the dictionary,
built once per machine beside jieba's own cache. The cuts are the same as with the whole dict.
This module and jieba's files are the only I/O of bot.nlu.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import tempfile
import threading
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jieba

_log = logging.getLogger(__name__)

_BATCH = 900  # substrings looked up per statement (SQLite allows 32,766 parameters)


def index_path(dictionary: Path) -> Path:
    """Where the index of a jieba dictionary is kept (rebuilt when the dictionary changes)."""
    stat = dictionary.stat()
    return Path(tempfile.gettempdir()) / f"duban-jieba-{stat.st_size}-{int(stat.st_mtime)}.sqlite3"


class Lexicon(MutableMapping[str, int]):
    """Word (or word prefix: 0) -> frequency, read from the index as asked and kept; words added
    in this process (unit names) live in memory over it."""

    def __init__(self, path: Path, total: int) -> None:
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._known: dict[str, int | None] = {}  # None: not in the dictionary
        self._lock = threading.Lock()
        self.total = total

    def prefetch(self, sentence: str) -> None:
        """Read every substring of `sentence` at once (cutting it will ask for nothing else)."""
        wanted = sorted({sentence[i:j] for i in range(len(sentence))
                         for j in range(i + 1, len(sentence) + 1)} - self._known.keys())
        with self._lock:
            for start in range(0, len(wanted), _BATCH):
                part = wanted[start:start + _BATCH]
                found = dict(self._conn.execute(
                    f"SELECT word, freq FROM words WHERE word IN ({','.join('?' * len(part))})",
                    part).fetchall())
                for word in part:
                    self._known[word] = found.get(word)

    def _lookup(self, word: str) -> int | None:
        if word not in self._known:
            with self._lock:
                row = self._conn.execute("SELECT freq FROM words WHERE word = ?", (word,)).fetchone()
            self._known[word] = row[0] if row else None
        return self._known[word]

    def __getitem__(self, word: str) -> int:
        freq = self._lookup(word)
        if freq is None:
            raise KeyError(word)
        return freq

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._lookup(word) is not None

    def get(self, word: str, default: int | None = None) -> int | None:  # type: ignore[override]
        """The frequency, or `default`."""
        freq = self._lookup(word)
        return default if freq is None else freq

    def __setitem__(self, word: str, freq: int) -> None:
        self._known[word] = freq

    def __delitem__(self, word: str) -> None:
        self._known[word] = None

    def __iter__(self) -> Iterator[str]:
        raise TypeError("the lexicon is looked up, not listed")

    def __len__(self) -> int:
        raise TypeError("the lexicon is looked up, not counted")


def import_jieba() -> ModuleType:
    """jieba, without pkg_resources: jieba imports it (0.2 s here) only to find its own data
    files, and finds them by path when it cannot."""
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    return jieba


def tokenizer() -> tuple[jieba.Tokenizer, Lexicon]:
    """A jieba tokenizer over the indexed default dictionary (the index built on first use)."""
    jieba = import_jieba()
    tok = jieba.Tokenizer()
    path = index_path(Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME)
    if not path.exists():
        _build(tok, path)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        total = int(conn.execute("SELECT freq FROM meta WHERE key = 'total'").fetchone()[0])
    lexicon = Lexicon(path, total)
    tok.FREQ, tok.total, tok.initialized = lexicon, total, True
    return tok, lexicon


def _build(tok: jieba.Tokenizer, path: Path) -> None:
    """Index jieba's dictionary (words with their frequency, prefixes with 0) into `path`."""
    _log.info("indexing jieba's dictionary into %s (once per machine)", path)
    freq, total = tok.gen_pfdict(tok.get_dict_file())
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        with sqlite3.connect(tmp) as conn:
            conn.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER) WITHOUT ROWID")
            conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, freq INTEGER)")
            conn.executemany("INSERT INTO words VALUES (?, ?)", freq.items())
            conn.execute("INSERT INTO meta VALUES ('total', ?)", (total,))
        os.replace(tmp, path)  # another process building it at the same time wins or loses whole
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
