"""The importer scored over real plans with hand-made labels (tests/corpus, see its README).

The floor is the score reached so far: a change that reads any labelled task worse fails.
The per-file report is printed at the end of the run (tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from store.ingest.evaluate import overall, report, score_corpus
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "corpus"
FLOOR = 1.0
# Plans written in the style of real pages by labellers who had not read the importer.
MORE = {"tests/corpus-more/a": 1.0, "tests/corpus-more/b": 1.0, "tests/corpus-more/c": 0.99}


@pytest.fixture(scope="module")
def scores(directory, request: pytest.FixtureRequest):
    result = score_corpus(CORPUS, directory)
    request.config.stash.setdefault(CORPUS_REPORTS, []).append(("tests/corpus", report(result)))
    return result


CORPUS_REPORTS = pytest.StashKey[list]()


def test_the_corpus_scores_at_least_the_floor(scores) -> None:
    assert overall(scores) >= FLOOR, report(scores)


def test_no_file_scores_zero(scores) -> None:
    assert [s.file for s in scores if s.score == 0] == []


def test_negatives_are_refused_with_the_reason(scores) -> None:
    refused = {s.file: s.refused for s in scores if s.negative}
    assert refused == {
        "33_NEG_zhejiang_xiaoshan_2017_shishi_news.txt":
            "这是一份新闻报道，不是任务计划：没有任何一项写明责任单位，未导入",
        "34_NEG_hebei_weixian_2023_zwgk_jiedu.txt":
            "这是一份政策解读，不是任务计划：没有任何一项写明责任单位，未导入",
        "35_NEG_district_tjj_2023_xxgk_nianbao_tables.txt":
            "这是一份政府信息公开工作年度报告，不是任务计划：没有任何一项写明责任单位，未导入",
    }


def test_every_labelled_task_is_found(scores) -> None:
    missed = [(s.file, t.prefix) for s in scores for t in s.tasks if not t.found]
    assert missed == []


def test_the_corpus_is_complete() -> None:
    files = sorted(p.name for p in Path(CORPUS).glob("*.txt"))
    assert len(files) == 35


@pytest.mark.parametrize(("folder", "floor"), list(MORE.items()))
def test_the_written_corpora_score_at_least_their_floors(directory, request: pytest.FixtureRequest,
                                                           folder: str, floor: float) -> None:
    result = score_corpus(ROOT / folder, directory)
    summary = "\n".join(report(result).splitlines()[-2:])  # the per-file lines only when it fails
    request.config.stash.setdefault(CORPUS_REPORTS, []).append((folder, summary))
    assert overall(result) >= floor, report(result)
    assert all(s.refused for s in result if s.negative)
