"""Search words: a keyword segmented with jieba, unit names as its user dictionary."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

import jieba

jieba.setLogLevel(logging.WARNING)

# Words in nearly every task of a 政务公开 plan: they do not tell tasks apart.
STOPWORDS = frozenset(
    "的 和 与 及 等 了 在 对 为 是 有 把 做好 加强 推进 推动 进一步 持续 深化 完善 落实 开展 工作 任务 "
    "相关 有关 情况 要求 方面 全面 积极 切实 不断 着力 关于 进行 组织 做 要".split()
)
_WORD = re.compile(r"[\u4e00-\u9fff]|[a-z0-9]{2,}")


class Segmenter:
    """A jieba tokenizer of its own (the global one is left alone), loaded on first use."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        self._words = list(user_words)
        self._tokenizer: jieba.Tokenizer | None = None
        self._lock = threading.Lock()

    def _ready(self) -> jieba.Tokenizer:
        with self._lock:
            if self._tokenizer is None:
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in self._words:
                    tokenizer.add_word(word, freq=2000)
                self._tokenizer = tokenizer
            return self._tokenizer

    def terms(self, keyword: str) -> list[str]:
        """Distinct search terms of a keyword, longest first; stopwords dropped unless that
        leaves nothing."""
        words = [w.strip().lower() for w in self._ready().cut_for_search(keyword)]
        words = [w for w in words if w and _WORD.match(w)]
        kept = [w for w in words if w not in STOPWORDS and len(w) >= 2] or \
            [w for w in words if w not in STOPWORDS] or words
        return sorted(set(kept), key=lambda w: (-len(w), w))
