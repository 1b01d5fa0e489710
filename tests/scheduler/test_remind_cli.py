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


def test_sending_needs_a_platform(samples_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remind", "--today", "2025-10-22"]) == 2
    assert "没有配置聊天平台" in capsys.readouterr().err


async def test_remind_sends_through_telegram(samples_db: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import asyncio

    from store.access import create_invite, redeem_invite
    from store.repo import Store
    from tests.fakes.telegram_api import TOKEN, FakeBotAPI

    store = await Store.open(f"sqlite+aiosqlite:///{samples_db}")
    code = await create_invite(store, "长宁区", "区府办", "liaison", "test")
    await redeem_invite(store, code, "telegram", "-9", "test")
    await store.close()
    api = FakeBotAPI().start()
    try:
        monkeypatch.setenv("DUBAN_TELEGRAM_TOKEN", TOKEN)
        monkeypatch.setenv("DUBAN_TELEGRAM_BASE_URL", api.base_url)
        get_settings.cache_clear()
        args = ["remind", "--today", "2025-10-22", "--json"]
        assert await asyncio.to_thread(main, args) == 0
        out = capsys.readouterr()
        assert "已发送 1 条提醒汇总。" in out.err
        found = json.loads(out.out)
        assert {"org": "长宁区", "year": 2025, "seq": 9, "unit": "区府办", "kind": "deadline",
                "due_date": "2025-10-31", "chat": "telegram:-9"} in found
        (digest,) = api.sent(chat_id=-9)
        assert digest["text"].startswith("【督办提醒】2025-10-22")
        assert await asyncio.to_thread(main, args) == 0  # again the same day: nothing more
        assert len(api.sent(chat_id=-9)) == 1
    finally:
        api.stop()


async def test_remind_sends_through_a_wecom_robot(samples_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import asyncio

    from tests.fakes.wecom_api import ROBOT_KEY, FakeWeComAPI

    api = FakeWeComAPI(robot_keys=[ROBOT_KEY]).start()
    try:
        monkeypatch.setenv("DUBAN_WECOM_API_BASE", api.base_url)
        get_settings.cache_clear()
        bind = ["units", "bind-robot", "长宁区", "区府办", ROBOT_KEY]
        assert await asyncio.to_thread(main, bind) == 0
        assert capsys.readouterr().out.startswith("已将群机器人绑定到 长宁区府办")
        args = ["remind", "--today", "2025-10-22", "--json"]
        assert await asyncio.to_thread(main, args) == 0
        out = capsys.readouterr()
        assert "已发送 1 条提醒汇总。" in out.err
        assert ROBOT_KEY not in out.out  # the key stays out of the listing: the robot is robot:1
        assert {"org": "长宁区", "year": 2025, "seq": 9, "unit": "区府办", "kind": "deadline",
                "due_date": "2025-10-31", "chat": "robot:1"} in json.loads(out.out)
        (message,) = api.robot_messages(ROBOT_KEY)
        assert message["markdown"]["content"].startswith("【督办提醒】2025-10-22")
    finally:
        api.stop()


async def test_remind_sends_through_a_signed_dingtalk_robot(
        samples_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import asyncio

    from tests.fakes.dingtalk_api import ROBOT_SECRET, ROBOT_TOKEN, FakeDingTalk

    fake = FakeDingTalk().start()
    fake.add_robot()
    try:
        monkeypatch.setenv("DUBAN_DINGTALK_OAPI_BASE", fake.base_url)
        get_settings.cache_clear()
        url = f"https://oapi.dingtalk.com/robot/send?access_token={ROBOT_TOKEN}"
        bind = ["units", "bind-robot", "--platform", "dingtalk", "长宁区", "区府办", url, ROBOT_SECRET]
        assert await asyncio.to_thread(main, bind) == 0
        assert capsys.readouterr().out.startswith("已将群机器人绑定到 长宁区府办")
        bad = ["units", "bind-robot", "--platform", "dingtalk", "长宁区", "区府办", "https://x/y"]
        assert await asyncio.to_thread(main, bad) == 2
        assert capsys.readouterr().err.startswith("没有看到钉钉机器人的 access_token")
        args = ["remind", "--today", "2025-10-22", "--json"]
        assert await asyncio.to_thread(main, args) == 0
        out = capsys.readouterr()
        assert ROBOT_TOKEN not in out.out and ROBOT_SECRET not in out.out
        assert {"org": "长宁区", "year": 2025, "seq": 9, "unit": "区府办", "kind": "deadline",
                "due_date": "2025-10-31", "chat": "dingtalk-robot:1"} in json.loads(out.out)
        (message,) = fake.messages("/robot/send")
        assert message.body["markdown"]["text"].startswith("【督办提醒】2025-10-22")
        assert fake.robot_codes == [0]  # signed as DingTalk checks
    finally:
        fake.stop()


def test_a_bound_department_of_a_collective_is_reminded(samples_db: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 13's acceptance: 长宁区 区体育局 is named in no plan, but holds 第25项 through 各部门;
    with a chat bound to it, its deadline reminder goes to that chat."""
    import asyncio

    from store.access import create_invite, redeem_invite
    from store.repo import Store

    async def bind() -> None:
        store = await Store.open(f"sqlite+aiosqlite:///{samples_db}")
        try:
            code = await create_invite(store, "长宁区", "区体育局", "liaison", "test")
            await redeem_invite(store, code, "telegram", "-100777", "test")
        finally:
            await store.close()

    before = entries(remind("2025-10-28", capsys), "长宁区", 25, "deadline")
    assert {"org": "长宁区", "year": 2025, "seq": 25, "unit": "区体育局", "kind": "deadline",
            "due_date": "2025-10-31", "chat": None} in before
    asyncio.run(bind())
    after = entries(remind("2025-10-28", capsys), "长宁区", 25, "deadline")
    assert {"org": "长宁区", "year": 2025, "seq": 25, "unit": "区体育局", "kind": "deadline",
            "due_date": "2025-10-31", "chat": "telegram:-100777"} in after
    assert len(after) == len(before) == 41  # 31 departments, 9 streets and 新泾镇


async def _bind(path: Path, *chats: tuple[str, str]) -> None:
    from store.access import create_invite, redeem_invite
    from store.repo import Store

    store = await Store.open(f"sqlite+aiosqlite:///{path}")
    for unit, chat in chats:
        code = await create_invite(store, "长宁区", unit, "liaison", "test")
        await redeem_invite(store, code, "telegram", chat, "test")
    await store.close()


@pytest.fixture
def bot_api(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    from tests.fakes.telegram_api import TOKEN, FakeBotAPI

    api = FakeBotAPI().start()
    monkeypatch.setenv("DUBAN_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("DUBAN_TELEGRAM_BASE_URL", api.base_url)
    get_settings.cache_clear()
    yield api
    api.stop()


async def test_remind_exits_1_with_a_summary_when_a_chat_is_not_reached(
        samples_db: Path, bot_api, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    import asyncio

    await _bind(samples_db, ("区府办", "-9"), ("区教育局", "-8"), ("新华路街道", "-7"))
    bot_api.fail["sendMessage"] = [
        {"error_code": 403, "description": "Forbidden: bot was kicked from the group chat"},
        {"error_code": 400, "description": "Bad Request: message text is empty"}]
    capsys.readouterr()
    assert await asyncio.to_thread(main, ["remind", "--today", "2025-10-22"]) == 1
    err = capsys.readouterr().err.splitlines()
    # sent oldest first, by chat: -7 refused for good, -8 failed (retried later), -9 went out
    assert err[-3:] == [
        "已发送 1 条提醒汇总。",
        "有 1 个聊天未能送达：telegram:-8（Message text is empty）。"
        "未送达的提醒留在发件箱，由 duban run 或下次 duban remind 重试。",
        "有 1 个聊天拒收（机器人被移出或屏蔽），已停止向其发送并通知管理员："
        "telegram:-7（Forbidden: bot was kicked from the group chat）。"]
    assert [p["chat_id"] for p in bot_api.sent()] == [-7, -8, -9]


async def test_remind_exits_2_while_another_process_sends(
        samples_db: Path, bot_api, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    import asyncio

    from store.lease import SendLease
    from store.repo import Store

    await _bind(samples_db, ("区府办", "-9"))
    store = await Store.open(f"sqlite+aiosqlite:///{samples_db}")
    other = SendLease(store, "run", owner="elsewhere:4242")  # a live process on another host
    assert await other.acquire()
    try:
        capsys.readouterr()
        assert await asyncio.to_thread(main, ["remind", "--today", "2025-10-22"]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("另一个发送进程（duban run，进程 4242，")
        assert err.endswith("起）正在发送提醒，为避免重复发送，本次未发送。提醒会由它发出；"
                            "如需本进程发送，请稍后重试，或加 --wait 秒数 等待它结束。")
        assert bot_api.sent() == []

        # waiting: the holder lets go after a moment, and this one sends
        async def let_go() -> None:
            await asyncio.sleep(1.5)
            await other.release()

        releasing = asyncio.create_task(let_go())
        args = ["remind", "--today", "2025-10-22", "--wait", "30"]
        assert await asyncio.to_thread(main, args) == 0
        await releasing
        assert [p["chat_id"] for p in bot_api.sent()] == [-9]
    finally:
        await other.release()
        await store.close()
