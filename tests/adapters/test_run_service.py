"""`duban run` as a real process with a bot token: it serves the fake Bot API like a real bot, and a
second `duban run` on the same store refuses to poll too."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, free_port
from tests.fakes.telegram_api import TOKEN, FakeBotAPI

pytestmark = pytest.mark.slow  # each test starts `duban run` as a process


@pytest.fixture
def api() -> FakeBotAPI:
    fake = FakeBotAPI().start()
    yield fake
    fake.stop()


def _env(api: FakeBotAPI, db: Path) -> dict[str, str]:
    return {**os.environ, "DUBAN_TELEGRAM_TOKEN": TOKEN, "DUBAN_TELEGRAM_BASE_URL": api.base_url,
            "DUBAN_ADMINS": "42", "DUBAN_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
            "DUBAN_TODAY": "2025-06-16", "DUBAN_LOG_LEVEL": "WARNING"}


async def test_duban_run_serves_telegram(api: FakeBotAPI, tmp_path: Path) -> None:
    web = free_port()
    env = {**_env(api, tmp_path / "run.sqlite3"), "DUBAN_WEB_PORT": str(web)}
    first = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        api.message(42, 42, "/invite 普陀区 数据局", chat_type="private")
        (reply,) = await asyncio.to_thread(api.wait_for, 1, "sendMessage", 42, 60.0)
        assert reply["text"].startswith("邀请码：")  # the samples were imported on first start
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{web}", timeout=10) as client:
            ready = (await client.get("/readyz")).json()
            assert (ready["status"], ready["role"]) == ("ready", "leader")  # it holds the lease
            assert (await client.get("/healthz")).json() == {"status": "alive"}
        second = subprocess.run([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 2
        assert "另一个 duban run 正在为这个任务库服务" in second.stderr
        api.message(-5, 77, "@duban_bot 普陀区8月任务")
        (refusal,) = await asyncio.to_thread(api.wait_for, 1, "sendMessage", -5, 30.0)
        assert refusal["text"].startswith("本聊天还没有绑定单位")
    finally:
        first.send_signal(signal.SIGTERM)
        _, err = first.communicate(timeout=30)
    assert first.returncode == 0, err
    assert "[4/4] 导入示例计划 … 已导入 5 个：" in err


async def test_duban_run_webhook_mode(api: FakeBotAPI, tmp_path: Path) -> None:
    import httpx

    port = free_port()
    env = {**_env(api, tmp_path / "hook.sqlite3"),
           "DUBAN_TELEGRAM_WEBHOOK_URL": "https://duban.example.gov.cn/telegram",
           "DUBAN_TELEGRAM_WEBHOOK_PORT": str(port), "DUBAN_TELEGRAM_WEBHOOK_SECRET": "s3cret-token"}
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        (hook,) = await asyncio.to_thread(api.wait_for, 1, "setWebhook", None, 60.0)
        assert hook["url"] == "https://duban.example.gov.cn/telegram"
        assert hook["secret_token"] == "s3cret-token"
        update = {"update_id": 1, "message": {
            "message_id": 1, "date": 0, "text": "/help", "chat": {"id": 5, "type": "private"},
            "from": {"id": 5, "is_bot": False, "first_name": "x"}}}
        url = f"http://127.0.0.1:{port}/telegram"
        async with httpx.AsyncClient() as client:
            forged = await client.post(url, json=update,
                                       headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
            assert forged.status_code == 403
            ok = await client.post(url, json=update,
                                   headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"})
            assert ok.status_code == 200
        (reply,) = await asyncio.to_thread(api.wait_for, 1, "sendMessage", 5, 30.0)
        assert reply["text"].startswith("我是督办助手")
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err


WECOM_TOKEN, WECOM_AES = "cbToken", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"


def _wecom_env(wecom_base: str, port: int) -> dict[str, str]:
    """The WeCom app's settings, against the fake at `wecom_base`, its callback on `port`."""
    from tests.fakes.wecom_api import AGENT_ID, CORP_ID, SECRET

    return {"DUBAN_WECOM_CORP_ID": CORP_ID, "DUBAN_WECOM_SECRET": SECRET,
            "DUBAN_WECOM_AGENT_ID": str(AGENT_ID), "DUBAN_WECOM_TOKEN": WECOM_TOKEN,
            "DUBAN_WECOM_AES_KEY": WECOM_AES, "DUBAN_WECOM_CALLBACK_PORT": str(port),
            "DUBAN_WECOM_API_BASE": wecom_base}


async def _wecom_say(port: int, user: str, content: str, msg_id: int) -> int:
    """Post a text message to the WeCom callback as WeCom would; the status."""
    import time as clock

    import httpx
    from wechatpy.enterprise.crypto import WeChatCrypto

    from tests.fakes.wecom_api import CORP_ID

    xml = (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{user}]]>"
           f"</FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType>"
           f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>")
    ts = str(int(clock.time()))
    envelope = WeChatCrypto(WECOM_TOKEN, WECOM_AES, CORP_ID).encrypt_message(xml, "abc", ts)
    sig = envelope.split("<MsgSignature><![CDATA[", 1)[1].split("]]>", 1)[0]
    async with httpx.AsyncClient() as client:
        response = await client.post(f"http://127.0.0.1:{port}/wecom/callback",
                                     params={"msg_signature": sig, "timestamp": ts, "nonce": "abc"},
                                     content=envelope.encode())
    return response.status_code


async def test_telegram_and_wecom_in_one_duban_run(api: FakeBotAPI, tmp_path: Path) -> None:
    from tests.fakes.wecom_api import FakeWeComAPI

    wecom = FakeWeComAPI().start()
    port = free_port()
    env = {**_env(api, tmp_path / "both.sqlite3"), **_wecom_env(wecom.base_url, port),
           "DUBAN_ADMINS": "42,wecom:admin01"}
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        api.message(42, 42, "/help", chat_type="private")
        await asyncio.to_thread(api.wait_for, 1, "sendMessage", 42, 60.0)  # Telegram is up
        assert await _wecom_say(port, "admin01", "/invite 长宁区 教育局", 77) == 200
        (reply,) = await asyncio.to_thread(wecom.wait_for, 1)
        assert reply["touser"] == "admin01" and reply["text"]["content"].startswith("邀请码：")
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        wecom.stop()
    assert proc.returncode == 0, err


async def test_telegram_wecom_and_dingtalk_in_one_duban_run(api: FakeBotAPI, tmp_path: Path) -> None:
    """One process serves all three: a Telegram message, a WeCom callback, and a DingTalk
    message pushed through the Stream gateway, each answered on its own platform."""
    import time as clock

    from tests.fakes.dingtalk_api import CLIENT_ID, CLIENT_SECRET, ROBOT_CODE, FakeDingTalk
    from tests.fakes.wecom_api import FakeWeComAPI

    wecom = FakeWeComAPI().start()
    ding = FakeDingTalk().start()
    port = free_port()
    env = {**_env(api, tmp_path / "three.sqlite3"), **_wecom_env(wecom.base_url, port),
           "DUBAN_DINGTALK_CLIENT_ID": CLIENT_ID, "DUBAN_DINGTALK_CLIENT_SECRET": CLIENT_SECRET,
           "DUBAN_DINGTALK_ROBOT_CODE": ROBOT_CODE, "DUBAN_DINGTALK_API_BASE": ding.base_url,
           "DUBAN_DINGTALK_OAPI_BASE": ding.base_url,
           "DUBAN_ADMINS": "42,wecom:admin01,dingtalk:manager01"}
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        api.message(42, 42, "/help", chat_type="private")
        await asyncio.to_thread(api.wait_for, 1, "sendMessage", 42, 60.0)  # Telegram is up
        assert await _wecom_say(port, "admin01", "/help", 78) == 200
        (reply,) = await asyncio.to_thread(wecom.wait_for, 1)
        assert reply["touser"] == "admin01" and reply["text"]["content"].startswith("我是督办助手")
        await asyncio.to_thread(ding.wait_connected, 60.0)  # the Stream connection is open
        ding.push({"msgId": "ding-1", "msgtype": "text", "text": {"content": "/invite 长宁区 教育局"},
                   "senderStaffId": "manager01", "conversationType": "1",
                   "conversationId": "cidsingle01", "sessionWebhook": ding.session_url("s1"),
                   "sessionWebhookExpiredTime": int(clock.time() * 1000) + 3_600_000})
        (ack,) = await asyncio.to_thread(ding.wait_acks, 1, 60.0)
        assert ack["code"] == 200
        (answer,) = ding.messages("/robot/sendBySession")
        assert answer.target == "s1" and answer.body["markdown"]["text"].startswith("邀请码：")
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        wecom.stop()
        ding.stop()
    assert proc.returncode == 0, err


async def test_a_wecom_message_whose_process_died_after_the_200_is_answered_on_redelivery(
        api: FakeBotAPI, tmp_path: Path) -> None:
    """kill -9 right after the callback's 200 OK, before the answer went out: the MsgId was
    received but never answered, so WeCom's redelivery to the next process is answered, once."""
    import time as clock

    import httpx
    from wechatpy.enterprise.crypto import WeChatCrypto

    from tests.fakes.wecom_api import AGENT_ID, CORP_ID, SECRET, FakeWeComAPI

    token, aes = "cbToken", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
    wecom = FakeWeComAPI().start()
    port = free_port()
    env = {**_env(api, tmp_path / "kill.sqlite3"), "DUBAN_WECOM_CORP_ID": CORP_ID,
           "DUBAN_WECOM_SECRET": SECRET, "DUBAN_WECOM_AGENT_ID": str(AGENT_ID),
           "DUBAN_WECOM_TOKEN": token, "DUBAN_WECOM_AES_KEY": aes,
           "DUBAN_WECOM_CALLBACK_PORT": str(port), "DUBAN_WECOM_API_BASE": wecom.base_url,
           "DUBAN_ADMINS": "42,wecom:admin01"}
    crypto = WeChatCrypto(token, aes, CORP_ID)
    xml = (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[zhangsan]]>"
           f"</FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType>"
           f"<Content><![CDATA[/help]]></Content><MsgId>9001</MsgId></xml>")

    async def deliver() -> int:
        ts = str(int(clock.time()))
        envelope = crypto.encrypt_message(xml, "abc", ts)
        sig = envelope.split("<MsgSignature><![CDATA[", 1)[1].split("]]>", 1)[0]
        async with httpx.AsyncClient() as client:
            for _ in range(300):  # until the callback server listens
                try:
                    response = await client.post(
                        f"http://127.0.0.1:{port}/wecom/callback",
                        params={"msg_signature": sig, "timestamp": ts, "nonce": "abc"},
                        content=envelope.encode())
                    return response.status_code
                except httpx.ConnectError:
                    await asyncio.to_thread(clock.sleep, 0.1)  # a process starting up
        raise TimeoutError("the callback server did not start")

    def start() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    wecom.hold("gettoken")  # the answer cannot go out: the process is between 200 and reply
    first = start()
    try:
        assert await deliver() == 200
        await asyncio.to_thread(wecom.wait_held, 1, 60.0)
        first.kill()  # kill -9
        first.communicate(timeout=30)
        wecom.release("gettoken")
        assert wecom.sent_messages() == []
        second = start()
        try:
            assert await deliver() == 200  # WeCom redelivers: no answer reached it
            (reply,) = await asyncio.to_thread(wecom.wait_for, 1, timeout=60.0)
            assert reply["touser"] == "zhangsan" and reply["text"]["content"].startswith("我是督办助手")
            assert await deliver() == 200  # a later redelivery of the answered message: dropped
        finally:
            second.send_signal(signal.SIGTERM)
            _, err = second.communicate(timeout=120)  # (a loaded machine: the day's catch-up)
        assert second.returncode == 0, err
        assert len(wecom.sent_messages()) == 1
    finally:
        if first.poll() is None:
            first.kill()
        wecom.stop()
