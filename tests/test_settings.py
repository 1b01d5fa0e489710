"""Settings in slices: the DUBAN_* names of before, secrets kept out of reprs and messages, values
checked at start; the registry builds the platforms the slices turn on."""

from __future__ import annotations

from datetime import time

import pytest
from pydantic import ValidationError

from bot.cli import main
from config.settings import Settings, get_settings, settings_problem
from store.chats import ChatRef

AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"


@pytest.fixture(autouse=True)
def clean(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DUBAN_TELEGRAM_TOKEN", "DUBAN_WECOM_CORP_ID", "DUBAN_WECOM_AES_KEY", "DUBAN_ADMINS"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_each_slice_reads_its_own_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUBAN_TELEGRAM_TOKEN", "123:SECRET-TOKEN")
    monkeypatch.setenv("DUBAN_WECOM_AES_KEY", AES_KEY)
    monkeypatch.setenv("DUBAN_REMIND_AT", "8:30")
    monkeypatch.setenv("DUBAN_REMIND_DEADLINE_DAYS", "5，2，0")
    monkeypatch.setenv("DUBAN_ADMINS", "42,wecom:zhangsan")
    settings = Settings()
    assert settings.telegram.enabled and not settings.wecom.enabled
    assert (settings.remind.at, settings.remind.deadline_days) == (time(8, 30), (5, 2, 0))
    assert settings.admin_ids() == {ChatRef("telegram", "42"), ChatRef("wecom", "zhangsan")}
    shown = repr(settings)
    assert "SECRET-TOKEN" not in shown and AES_KEY not in shown


def test_the_dingtalk_slice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUBAN_DINGTALK_CLIENT_ID", "dingabc")
    monkeypatch.setenv("DUBAN_DINGTALK_CLIENT_SECRET", "DING-SECRET")
    monkeypatch.setenv("DUBAN_DINGTALK_MODE", "callback")
    monkeypatch.setenv("DUBAN_DINGTALK_API_BASE", "https://api.zwding.example.gov.cn")
    monkeypatch.setenv("DUBAN_ADMINS", "dingtalk:manager01")
    settings = Settings()
    ding = settings.dingtalk
    assert ding.enabled and (ding.mode, ding.robot()) == ("callback", "dingabc")
    assert ding.api_base == "https://api.zwding.example.gov.cn"
    assert settings.admin_ids() == {ChatRef("dingtalk", "manager01")}
    assert "DING-SECRET" not in repr(settings)


@pytest.mark.parametrize(("name", "value", "problem"), [
    ("DUBAN_WECOM_AES_KEY", "too-short", "DUBAN_WECOM_AES_KEY（应是企业微信后台给出的 43 位 EncodingAESKey）"),
    ("DUBAN_REMIND_AT", "25:00", "DUBAN_REMIND_AT（应写成 HH:MM，如 09:00）"),
    ("DUBAN_REMIND_OVERDUE_DAYS", "0", "DUBAN_REMIND_OVERDUE_DAYS 应是不小于 1 的工作日数"),
    ("DUBAN_TELEGRAM_WEBHOOK_PORT", "x", "DUBAN_TELEGRAM_WEBHOOK_PORT"),
    ("DUBAN_DINGTALK_MODE", "webhook", "DUBAN_DINGTALK_MODE"),
])
def test_bad_values_are_named_never_shown(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                          name: str, value: str, problem: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as err:
        Settings()
    assert settings_problem(err.value) == problem
    assert main(["plans"]) == 2
    message = capsys.readouterr().err
    assert problem in message and (value not in message or value in problem)


async def test_the_registry_builds_what_the_slices_turn_on(monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path) -> None:
    from bot.app import Core
    from bot.registry import build_platforms, takes_messages

    monkeypatch.setenv("DUBAN_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 's.sqlite3'}")
    settings = Settings()
    assert not takes_messages(settings)
    core = await Core.open(settings)
    try:
        robots = build_platforms(settings, core.services())
        # WeCom's and DingTalk's group robots need no settings
        assert [p.name for p in robots] == ["robot", "dingtalk-robot"]
        monkeypatch.setenv("DUBAN_TELEGRAM_TOKEN", "123:abc")
        for key, value in {"CORP_ID": "ww1", "AGENT_ID": "1000002", "SECRET": "s", "TOKEN": "t",
                           "AES_KEY": AES_KEY}.items():
            monkeypatch.setenv(f"DUBAN_WECOM_{key}", value)
        monkeypatch.setenv("DUBAN_DINGTALK_CLIENT_ID", "dingclient")
        monkeypatch.setenv("DUBAN_DINGTALK_CLIENT_SECRET", "dingsecret")
        settings = Settings()
        platforms = build_platforms(settings, core.services())
        assert [p.name for p in platforms] == ["telegram", "wecom", "robot", "dingtalk",
                                               "dingtalk-robot"]
        assert takes_messages(settings)
        assert set(core.delivery.platforms) == {"telegram", "wecom", "robot", "dingtalk",
                                                "dingtalk-robot"}
        for platform in [*robots, *platforms[1:]]:  # none was started; these hold HTTP clients
            await platform.stop()
    finally:
        await core.close()


def test_secrets_are_derived_from_one_root_with_separate_labels(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib
    import hmac

    from bot.adapters.telegram.platform import build
    from bot.platform import Services

    monkeypatch.setenv("DUBAN_TELEGRAM_TOKEN", "123:SECRET-TOKEN")
    monkeypatch.setenv("DUBAN_TELEGRAM_WEBHOOK_URL", "https://duban.example.gov.cn/telegram")
    monkeypatch.delenv("DUBAN_TELEGRAM_WEBHOOK_SECRET", raising=False)
    monkeypatch.delenv("DUBAN_CALLBACK_SECRET", raising=False)
    settings = Settings()
    root = b"123:SECRET-TOKEN"
    buttons = hmac.new(root, b"duban/v1/button-signing-key", hashlib.sha256).digest()
    webhook = hmac.new(root, b"duban/v1/telegram-webhook-secret-token", hashlib.sha256).hexdigest()
    assert settings.button_secret() == buttons
    assert settings.telegram.webhook_secret_token() == webhook
    # Neither is a part of the other, in bytes or in hex.
    assert bytes.fromhex(webhook)[:16] != buttons[:16] and webhook[:32] not in buttons.hex()
    from types import SimpleNamespace

    from bot.delivery import Delivery

    delivery = Delivery(None, frozenset(), lambda: None)  # type: ignore[arg-type]
    chats = SimpleNamespace(chat_admin={})  # only what building the adapter touches
    (adapter,) = build(settings.telegram, Services(chats, delivery, None, None))  # type: ignore[arg-type]
    assert adapter.webhook is not None and adapter.webhook["secret_token"] == webhook
    monkeypatch.setenv("DUBAN_TELEGRAM_WEBHOOK_SECRET", "s3cret-token")
    assert Settings().telegram.webhook_secret_token() == "s3cret-token"  # configured: as it is
