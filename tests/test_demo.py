"""The console's demo day and tour: on a store of only the bundled samples, with no day fixed,
the console answers as on 2025-10-20 and says so; any other plan, a fixed day, or a service
that sends reminders keeps the real clock."""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.demo import demo_day, demo_day_of
from bot.handlers.answer import Answerer
from bot.handlers.tour import TourExample, tour_example
from config.settings import get_settings
from store.ingest.service import import_files
from store.repo import Store
from tests.conftest import ROOT, SAMPLES, SeededStore

REAL_PLAN = sorted((ROOT / "tests" / "corpus").glob("*.txt"))[0]  # a real district's plan


@pytest.mark.parametrize(("year", "day"), [
    (2025, date(2025, 10, 20)),  # a Monday
    (2024, date(2024, 10, 21)),  # a Sunday: the Monday after
    (2026, date(2026, 10, 20)),  # a Tuesday
    (2029, date(2029, 10, 22)),  # a Saturday
])
def test_the_demo_day_of_a_year(year: int, day: date) -> None:
    assert demo_day_of(year) == day


async def test_only_samples_shift_the_day(seeded_store: SeededStore, tmp_path: Path) -> None:
    store = await seeded_store()
    assert await demo_day(store, SAMPLES) == date(2025, 10, 20)
    edited = tmp_path / "putuo-2025.txt"  # a sample with one byte changed is a real plan
    edited.write_bytes((SAMPLES / "putuo-2025.txt").read_bytes() + b"\n")
    await import_files(store, [edited])
    assert await demo_day(store, SAMPLES) is None


async def test_an_empty_store_or_a_real_plan_keeps_the_clock(tmp_path: Path) -> None:
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 's.sqlite3'}")
    try:
        assert await demo_day(store, SAMPLES) is None
        await import_files(store, [SAMPLES / "changning-2025.txt"])
        assert await demo_day(store, SAMPLES) == date(2025, 10, 20)  # one sample is still the demo
        await import_files(store, [REAL_PLAN])
        assert await demo_day(store, SAMPLES) is None
    finally:
        await store.close()


async def test_the_tour_names_a_department_with_work_this_month(seeded_store: SeededStore) -> None:
    answerer = Answerer(await seeded_store())
    assert await tour_example(answerer, date(2025, 10, 20)) == TourExample("长宁区", "区发改委", 9)


def _console(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lines: str,
             *args: str) -> tuple[str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    get_settings.cache_clear()
    assert main(list(args)) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


DEMO_LINE = "示例数据：今天按 2025年10月20日计算，设置 DUBAN_TODAY 可更改"
OCTOBER = "【长宁区 2025年】区教育局 · 2025年10月，共 2 项"


def test_run_on_a_fresh_store_answers_on_the_demo_day(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("DUBAN_TODAY", raising=False)
    monkeypatch.delenv("DUBAN_TELEGRAM_TOKEN", raising=False)
    out, err = _console(monkeypatch, capsys, "长宁区教育局10月任务\n", "run")
    assert out.splitlines()[0] == OCTOBER
    assert DEMO_LINE in err.splitlines()
    out, err = _console(monkeypatch, capsys, "/as 长宁区/区发改委\n我们这个月有啥任务\n", "chat")
    assert out.splitlines()[:3] == ["已切换为 长宁区 区发改委 联络员。", "",
                                    "【长宁区 2025年】区发改委 · 2025年10月 · 未完成，共 3 项"]
    assert DEMO_LINE in err.splitlines()


def test_a_fixed_day_is_never_shifted(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DUBAN_TODAY", "2025-03-03")
    out, err = _console(monkeypatch, capsys, "长宁区本月任务\n", "run")
    assert out.splitlines()[0].startswith("【长宁区 2025年】2025年3月")
    assert "示例数据" not in err
    out, err = _console(monkeypatch, capsys, "", "ask", "长宁区本月任务", "--today", "2025-11-03")
    assert out.splitlines()[0].startswith("【长宁区 2025年】2025年11月")
    assert "示例数据" not in err


async def test_the_service_never_runs_on_the_demo_day(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.app import Core

    monkeypatch.delenv("DUBAN_TODAY", raising=False)
    get_settings.cache_clear()
    core = await Core.open(get_settings(), seed=True)  # as `duban run` serving a platform
    try:
        from datetime import datetime
        from zoneinfo import ZoneInfo

        # the real date where the users are (the machine's own date differs for 8 hours a day)
        real = datetime.now(ZoneInfo(get_settings().timezone)).date()
        assert core.demo_day is None and core.today() == real
    finally:
        await core.close()
    core = await Core.open(get_settings(), demo=True)  # the console, on the same store
    try:
        assert core.demo_day == core.today() == date(2025, 10, 20)
    finally:
        await core.close()


class _Typed(io.StringIO):
    """Standard input as a person's terminal."""

    def isatty(self) -> bool:
        return True


def test_the_console_opens_with_a_hint_for_each_role(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("DUBAN_TODAY", raising=False)
    monkeypatch.delenv("DUBAN_TELEGRAM_TOKEN", raising=False)
    monkeypatch.setattr(sys, "stdin", _Typed("/as 长宁区\n退出\n"))
    get_settings.cache_clear()
    assert main(["run"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "督办 duban 控制台（本地试用）。直接用中文提问，「帮助」查看更多说法，「退出」结束。",
        "当前身份：管理员。用 /as 切换身份，试试三种角色：",
        "  · 联络员：/as 长宁区/区发改委，再问「我们这个月有啥任务」「第9项」，汇报「9 已完成」",
        "  · 区府办负责人：/as 长宁区，再问「长宁区进度统计」（附图）、/export（台账），审批「同意 1」",
        "  · 管理员：/as admin，/file 计划文件路径 导入计划（先预览，确认后写入），/invite 长宁区 区发改委 liaison 生成邀请码",
        "管理员> 已切换为 长宁区 区府办负责人。",
        "长宁区 区府办负责人> 再见。",
    ]
