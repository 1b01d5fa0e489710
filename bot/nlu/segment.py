"""Search words: a keyword segmented with jieba, the store's unit names in its dictionary."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.nlu.lexicon import Lexicon, tokenizer

if TYPE_CHECKING:
    import jieba

# Words in nearly every task of a 政务公开 plan: they do not tell tasks apart.
STOPWORDS = frozenset(
    "的 和 与 及 等 了 在 对 为 是 有 把 做好 加强 推进 推动 进一步 持续 深化 完善 落实 开展 工作 任务 "
    "相关 有关 情况 要求 方面 全面 积极 切实 不断 着力 关于 进行 组织 做 要".split()
)
_WORD = re.compile(r"[\u4e00-\u9fff]|[a-z0-9]{2,}")
USER_WORD_FREQ = 2000


class _Dictionary:
    """The process's one jieba tokenizer (the global one is left alone), over jieba's dictionary
    as bot.nlu.lexicon looks it up: made on the first search, never again; words a store names
    are added to it as they come."""

    def __init__(self) -> None:
        self._tokenizer: jieba.Tokenizer | None = None
        self._lexicon: Lexicon | None = None
        self._added: set[str] = set()
        self._lock = threading.Lock()

    def cut(self, keyword: str, words: frozenset[str]) -> list[str]:
        """jieba's cut for search of `keyword`, knowing `words` too."""
        with self._lock:
            if self._tokenizer is None:
                self._tokenizer, self._lexicon = tokenizer()
            for word in sorted(words - self._added):
                self._tokenizer.add_word(word, freq=USER_WORD_FREQ)
            self._added |= words
            assert self._lexicon is not None
            self._lexicon.prefetch(keyword)
            return list(self._tokenizer.cut_for_search(keyword))


_DICTIONARY = _Dictionary()


class Segmenter:
    """Cuts keywords into search terms, with `user_words` (unit names) kept whole."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        self._words = frozenset(user_words)

    def terms(self, keyword: str) -> list[str]:
        """Distinct search terms of a keyword, longest first; stopwords dropped unless that
        leaves nothing."""
        words = [w.strip().lower() for w in _DICTIONARY.cut(keyword, self._words)]
        words = [w for w in words if w and _WORD.match(w)]
        kept = [w for w in words if w not in STOPWORDS and len(w) >= 2] or \
            [w for w in words if w not in STOPWORDS] or words
        return sorted(set(kept), key=lambda w: (-len(w), w))
