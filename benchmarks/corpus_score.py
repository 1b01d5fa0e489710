"""Score the importer on labelled plans: python benchmarks/corpus_score.py [FOLDER ...]

Each FOLDER holds .txt excerpts and an index.json in the format of tests/corpus (see its
README). Without arguments, tests/corpus is scored. Prints a line per file and the overall
score (the mean of the file scores); exits 1 when a folder has no index.json.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.ingest.evaluate import report, score_corpus  # noqa: E402


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [ROOT / "tests" / "corpus"]
    for folder in folders:
        if not (folder / "index.json").is_file():
            print(f"{folder}: no index.json", file=sys.stderr)
            return 1
        print(f"== {folder}")
        print(report(score_corpus(folder)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
