"""Sanity checks of the loopback WeCom API fake, driven over HTTP with httpx."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.fakes.wecom_api import (
    AGENT_ID,
    CORP_ID,
    ROBOT_KEY,
    SECRET,
    WEBHOOK_SEND,
    FakeWeComAPI,
)

OTHER_KEY = "second-robot-key"


class Clock:
    """Simulated seconds for the fake's token lifetime and robot rate limit."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        """The current simulated time."""
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the simulated time forward."""
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    """A simulated clock starting at 1000 s."""
    return Clock()


@pytest.fixture
def api(clock: Clock) -> Iterator[FakeWeComAPI]:
    """A running fake with two robot keys on the simulated clock."""
    with FakeWeComAPI(robot_keys=[ROBOT_KEY, OTHER_KEY], clock=clock) as fake:
        yield fake


@pytest.fixture
def http(api: FakeWeComAPI) -> Iterator[httpx.Client]:
    """An httpx client pointed at the fake."""
    with httpx.Client(base_url=api.base_url, timeout=5.0) as client:
        yield client


def token(http: httpx.Client, corpid: str = CORP_ID, secret: str = SECRET) -> dict[str, Any]:
    """The gettoken answer."""
    return http.get("/cgi-bin/gettoken", params={"corpid": corpid, "corpsecret": secret}).json()


def send(http: httpx.Client, access_token: str, body: dict[str, Any]) -> dict[str, Any]:
    """The message/send answer."""
    return http.post("/cgi-bin/message/send", params={"access_token": access_token},
                     json=body).json()


def text(content: str, touser: str = "zhangsan|lisi", agentid: Any = AGENT_ID) -> dict[str, Any]:
    """A text message/send body."""
    return {"touser": touser, "msgtype": "text", "agentid": agentid, "text": {"content": content}}


def robot(http: httpx.Client, content: str, key: str = ROBOT_KEY,
          msgtype: str = "markdown") -> dict[str, Any]:
    """The webhook/send answer for a one-content message."""
    body = {"msgtype": msgtype, msgtype: {"content": content}}
    return http.post("/cgi-bin/webhook/send", params={"key": key}, json=body).json()


def test_token_flow(api: FakeWeComAPI, http: httpx.Client) -> None:
    """Credentials are checked, each gettoken issues a new token, tokens gate sends."""
    assert token(http, corpid="ww-wrong")["errcode"] == 40013
    assert token(http, secret="wrong")["errcode"] == 40001
    first, second = token(http), token(http)
    assert first["errcode"] == 0 and first["errmsg"] == "ok" and first["expires_in"] == 7200
    assert first["access_token"] != second["access_token"]
    assert api.tokens_issued == [first["access_token"], second["access_token"]]

    reply = send(http, first["access_token"], text("你好 👋"))
    assert reply["errcode"] == 0 and reply["errmsg"] == "ok" and reply["msgid"]
    assert api.sent_messages() == [text("你好 👋")]
    assert api.sent_with_tokens() == [(first["access_token"], text("你好 👋"))]
    assert send(http, "no-such-token", text("x"))["errcode"] == 40014
    assert send(http, "", text("x"))["errcode"] == 41001
    assert [c.errcode for c in api.calls] == [40013, 40001, 0, 0, 0, 40014, 41001]
    assert len(api.sent_messages()) == 1


def test_expired_tokens(api: FakeWeComAPI, http: httpx.Client, clock: Clock) -> None:
    """Expired tokens answer 42001, by expire_tokens() or by the clock."""
    old = token(http)["access_token"]
    api.expire_tokens()
    assert send(http, old, text("x")) == {"errcode": 42001, "errmsg": "access_token expired"}
    fresh = token(http)["access_token"]
    assert send(http, fresh, text("x"))["errcode"] == 0
    clock.advance(7199)
    assert send(http, fresh, text("x"))["errcode"] == 0
    clock.advance(1)  # the documented lifetime runs out on the fake's clock too
    assert send(http, fresh, text("x"))["errcode"] == 42001
    assert len(api.sent_messages()) == 2


def test_message_validation(api: FakeWeComAPI, http: httpx.Client) -> None:
    """message/send checks agentid, recipients, content, type, media and method."""
    access = token(http)["access_token"]
    assert send(http, access, text("x", agentid=AGENT_ID + 1))["errcode"] == 40056
    assert send(http, access, text("x", touser=""))["errcode"] == 40031
    assert send(http, access, {**text("x"), "text": {}})["errcode"] == 44004
    assert send(http, access, {**text("x"), "msgtype": "video"})["errcode"] == 40008
    assert send(http, access, {**text("x"), "msgtype": "file", "file": {"media_id": "nope"}}
                )["errcode"] == 40007
    get = http.get("/cgi-bin/message/send", params={"access_token": access}).json()
    assert get["errcode"] == 43002
    assert api.sent_messages() == []

    markdown = {"toparty": "2", "msgtype": "markdown", "agentid": str(AGENT_ID),
                "markdown": {"content": "**督办** 提醒"}}
    assert send(http, access, markdown)["errcode"] == 0
    upload = http.post("/cgi-bin/media/upload", params={"access_token": access, "type": "file"},
                       files={"media": ("11月任务.xlsx", b"PK\x03\x04data")}).json()
    assert upload["errcode"] == 0 and upload["type"] == "file"
    assert api.uploads()[upload["media_id"]]["bytes"] == b"PK\x03\x04data"
    file_message = {"touser": "@all", "msgtype": "file", "agentid": AGENT_ID,
                    "file": {"media_id": upload["media_id"]}}
    assert send(http, access, file_message)["errcode"] == 0
    assert api.sent_messages() == [markdown, file_message]


def test_robot_rate_limit(api: FakeWeComAPI, http: httpx.Client, clock: Clock) -> None:
    """20 robot messages per key per rolling 60 s; the 21st is 45009 and not kept."""
    for i in range(20):
        assert robot(http, f"第{i}条") == {"errcode": 0, "errmsg": "ok"}
        clock.advance(1)
    assert robot(http, "第21条")["errcode"] == 45009
    assert robot(http, "另一个机器人", key=OTHER_KEY)["errcode"] == 0  # limits are per key
    clock.advance(40)  # the first message is 60 s old now: its slot is free again
    assert robot(http, "第21条") == {"errcode": 0, "errmsg": "ok"}
    assert robot(http, "第22条")["errcode"] == 45009
    clock.advance(60)
    for i in range(20):
        assert robot(http, f"新一轮{i}")["errcode"] == 0
    sent = api.robot_messages(ROBOT_KEY)
    assert len(sent) == 41 and sent[20]["markdown"]["content"] == "第21条"
    assert [m["markdown"]["content"] for m in api.robot_messages(OTHER_KEY)] == ["另一个机器人"]


def test_robot_size_limit_and_key(api: FakeWeComAPI, http: httpx.Client) -> None:
    """Robot content limits in UTF-8 bytes, unknown keys and empty content."""
    exactly = "督" * 1365 + "a"  # 4096 UTF-8 bytes
    assert robot(http, exactly)["errcode"] == 0
    assert robot(http, exactly + "a")["errcode"] == 40058
    assert robot(http, "办" * 682 + "ab", msgtype="text")["errcode"] == 0  # 2048 bytes
    assert robot(http, "办" * 683, msgtype="text")["errcode"] == 40058
    assert robot(http, "hi", key="unknown")["errcode"] == 93000
    assert robot(http, "", msgtype="text")["errcode"] == 44004
    assert [len(m[m["msgtype"]]["content"].encode()) for m in api.robot_messages()] == [4096, 2048]


def test_failure_injection(api: FakeWeComAPI, http: httpx.Client) -> None:
    """fail() answers the given errcode/status the given number of times."""
    access = token(http)["access_token"]
    api.fail("message/send", 45009, "api freq out of limit", times=2)
    api.fail("/cgi-bin/message/send", -1, "system busy", status=503)
    assert send(http, access, text("1"))["errcode"] == 45009
    assert send(http, access, text("2"))["errcode"] == 45009
    busy = http.post("/cgi-bin/message/send", params={"access_token": access}, json=text("3"))
    assert busy.status_code == 503 and busy.json()["errcode"] == -1
    assert send(http, access, text("4"))["errcode"] == 0
    assert api.sent_messages() == [text("4")]
    api.fail("webhook/send", 93000, "invalid webhook url")
    assert robot(http, "x")["errcode"] == 93000
    assert robot(http, "y")["errcode"] == 0
    api.fail("gettoken", -1, "system busy")
    assert token(http)["errcode"] == -1
    assert [c.errcode for c in api.wait_for_calls(3, "message/send")] == [45009, 45009, -1, 0]


def test_wait_for(api: FakeWeComAPI, http: httpx.Client) -> None:
    """wait_for blocks until messages arrive and times out otherwise."""
    access = token(http)["access_token"]

    def later() -> None:
        with httpx.Client(base_url=api.base_url, timeout=5.0) as client:
            for i in range(3):
                send(client, access, text(f"异步{i}"))
            robot(client, "群消息")

    worker = threading.Timer(0.05, later)
    worker.start()
    try:
        assert len(api.wait_for(3, timeout=5.0)) == 3
        assert api.wait_for(1, WEBHOOK_SEND, key=ROBOT_KEY, timeout=5.0) == [
            {"msgtype": "markdown", "markdown": {"content": "群消息"}}]
    finally:
        worker.join()
    with pytest.raises(TimeoutError):
        api.wait_for(4, timeout=0.1)
    with pytest.raises(TimeoutError):
        api.wait_for(1, "webhook/send", key=OTHER_KEY, timeout=0.1)
