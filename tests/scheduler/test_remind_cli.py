"""`duban remind --dry-run --json` and `duban calendar` over the sample plans (the issue's
acceptance examples)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from config.settings import get_settings
from tests.conftest import SAMPLES


@pytest.fixture
def samples_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "store.sqlite3"
    monkeypatch.setenv("DUBAN_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    get_settings.cache_clear()
    assert main(["import", *map(str, sorted(SAMPLES.glob("*.txt")))]) == 0
    yield path
    get_settings.cache_clear()


def remind(day: str, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    capsys.readouterr()
    assert main(["remind", "--today", day, "--dry-run", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def entries(found: list[dict], org: str, seq: int, kind: str) -> list[dict]:
    return [r for r in found if (r["org"], r["year"], r["seq"], r["kind"]) == (org, 2025, seq, kind)]


def test_acceptance_examples(samples_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    oct22 = entries(remind("2025-10-22", capsys), "长宁区", 9, "deadline")
    assert {"org": "长宁区", "year": 2025, "seq": 9, "unit": "区府办", "kind": "deadline",
            "due_date": "2025-10-31", "chat": None} in oct22
    assert entries(remind("2025-10-21", capsys), "长宁区", 9, "deadline") == []
    for day in ("2025-09-01", "2025-09-26"):
        reports = entries(remind(day, capsys), "长宁区", 33, "quarterly_report")
        assert {r["unit"] for r in reports} >= {"区府办", "区数据局", "新华路街道"}
    assert entries(remind("2025-09-25", capsys), "长宁区", 33, "quarterly_report") == []
    may30 = entries(remind("2025-05-30", capsys), "长宁区", 32, "deadline")
    assert {r["unit"] for r in may30} >= {"区府办", "区教育局", "江苏路街道"}
    assert remind("2025-05-31", capsys) == []  # Saturday


def test_calendar_override_moves_reminders(samples_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "set", "2025-10-22", "holiday"]) == 0
    assert "已将 2025-10-22 设为休息日。" in capsys.readouterr().out
    assert remind("2025-10-22", capsys) == []
    assert entries(remind("2025-10-21", capsys), "长宁区", 9, "deadline")  # 7 workdays before now
    capsys.readouterr()
    assert main(["calendar", "show", "2025"]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert "2025-09-28 周日 工作日" in shown
    assert "2025-10-01 周三 休息日" in shown
    assert "2025-10-22 周三 休息日（人工修正）" in shown


def test_uncovered_year_is_flagged(samples_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["calendar", "show", "2027"]) == 0
    assert "官方日历尚未收录 2027 年的节假日" in capsys.readouterr().err


def test_sending_is_not_claimed(samples_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remind", "--today", "2025-10-22"]) == 2
    assert "尚未完成" in capsys.readouterr().err
