"""Search terms: jieba's dictionary looked up on disk cuts every keyword exactly as the whole
dictionary loaded in memory does, with the store's unit names added to both."""

from __future__ import annotations

import logging

import pytest

from bot.nlu.lexicon import import_jieba
from bot.nlu.segment import USER_WORD_FREQ, Segmenter, _Dictionary
from tests.conftest import SAMPLES

UNITS = ["区教育局", "区府办", "区数据局", "新华路街道", "区融媒体中心", "区城运中心", "华亭镇"]


def _keywords() -> list[str]:
    """Phrases people search for, and pieces of every sample plan's text."""
    found = ["政府开放月", "区教育局 政务公开 培训", "12345热线", "abc数据 开放2025", "大模型",
             "新华路街道会议", "依申请公开", "政策解读"]
    for path in sorted(SAMPLES.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        found += [line[i:i + 12] for line in lines if len(line) > 20 for i in (0, 7)]
    return found


@pytest.mark.slow  # loads jieba's whole dictionary, as a reference
def test_the_lexicon_cuts_like_the_whole_dictionary() -> None:
    jieba = import_jieba()
    jieba.setLogLevel(logging.WARNING)
    whole = jieba.Tokenizer()
    whole.initialize()
    for word in UNITS:
        whole.add_word(word, freq=USER_WORD_FREQ)
    looked_up = _Dictionary()  # not the process's: other tests add their stores' words to it
    keywords = _keywords()
    assert len(keywords) > 300
    for keyword in keywords:
        assert looked_up.cut(keyword, frozenset(UNITS)) == list(whole.cut_for_search(keyword)), keyword


def test_terms_keep_unit_names_whole_and_drop_stopwords() -> None:
    assert Segmenter(UNITS).terms("区融媒体中心的政务公开工作") == [
        "区融媒体中心", "中心", "公开", "媒体", "政务"]
    assert Segmenter().terms("的") == ["的"]
