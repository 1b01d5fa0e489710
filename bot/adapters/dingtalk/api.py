"""The DingTalk server API as the bot uses it: the app's access token (cached, renewed when it
expires or is refused), robot messages to users and groups, session-webhook replies, media
uploads and custom-robot webhooks. httpx only; no knowledge of chats or handlers."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx

from bot.adapters.dingtalk.sign import robot_query
from bot.adapters.tokens import TokenCache

_log = logging.getLogger(__name__)

ROBOT_BAD_TOKENS = {300001, 310000, 400101, 400102}  # bad token / signature, robot gone or off
ROBOT_RATE_LIMITED = 410100  # sent too often
ROBOT_MARKDOWN_BYTES = 4000  # a markdown message's text, kept under DingTalk's 5,000 bytes


class DingTalkError(Exception):
    """The API answered with an error code (or an unusable answer); never carries a token."""

    def __init__(self, code: int | str, message: str) -> None:
        super().__init__(f"code {code}: {message}")
        self.code, self.message = code, message


class DingTalkAPI:
    """A client of one enterprise internal app robot (client id, secret, robotCode) and of
    custom robots (which need none of them)."""

    def __init__(self, base: str, oapi_base: str, client_id: str | None = None,
                 secret: str | None = None, robot_code: str | None = None,
                 client: httpx.AsyncClient | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.base, self.oapi_base = base.rstrip("/"), oapi_base.rstrip("/")
        self.client_id, self.secret, self.robot_code = client_id, secret, robot_code
        self.client = client or httpx.AsyncClient(timeout=httpx.Timeout(10.0))
        self.clock = clock
        self._tokens = TokenCache(self._fetch_token, clock)

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self.client.aclose()

    async def token(self, renew: bool = False) -> str:
        """The app's access token (/v1.0/oauth2/accessToken), cached until near its expiry."""
        return await self._tokens.get(renew)

    async def _fetch_token(self) -> tuple[str, int]:
        response = await self.client.post(f"{self.base}/v1.0/oauth2/accessToken", json={
            "appKey": self.client_id, "appSecret": self.secret})
        answer = _answer(response)
        return str(answer["accessToken"]), int(answer.get("expireIn", 7200))

    async def _app(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """A v1.0 call with the token header; a refused token (401) is renewed once."""
        token = await self.token()
        for attempt in range(2):
            response = await self.client.post(f"{self.base}{path}", json=body,
                                              headers={"x-acs-dingtalk-access-token": token})
            if response.status_code == 401 and not attempt:
                _log.info("DingTalk token refused; renewing")
                token = await self.token(renew=True)
                continue
            return _answer(response)
        raise AssertionError("unreachable")

    async def to_users(self, users: list[str], key: str, param: dict[str, Any]) -> str:
        """A robot message to users' single chats (oToMessages/batchSend); its process key."""
        answer = await self._app("/v1.0/robot/oToMessages/batchSend", {
            "robotCode": self.robot_code, "userIds": users, "msgKey": key,
            "msgParam": json.dumps(param, ensure_ascii=False)})
        return str(answer.get("processQueryKey", ""))

    async def to_group(self, conversation: str, key: str, param: dict[str, Any]) -> str:
        """A robot message to a group the robot is in (groupMessages/send); its process key."""
        answer = await self._app("/v1.0/robot/groupMessages/send", {
            "robotCode": self.robot_code, "openConversationId": conversation, "msgKey": key,
            "msgParam": json.dumps(param, ensure_ascii=False)})
        return str(answer.get("processQueryKey", ""))

    async def download(self, code: str) -> bytes:
        """A file a user sent the robot: its download address (/v1.0/robot/messageFiles/download,
        valid for a short while), then its bytes."""
        answer = await self._app("/v1.0/robot/messageFiles/download",
                                 {"downloadCode": code, "robotCode": self.robot_code})
        response = await self.client.get(str(answer["downloadUrl"]))
        response.raise_for_status()
        return response.content

    async def upload(self, kind: str, name: str, data: bytes) -> str:
        """A file or image uploaded (/media/upload); its media id."""
        token = await self.token()
        response = await self.client.post(f"{self.oapi_base}/media/upload",
                                          params={"access_token": token, "type": kind},
                                          files={"media": (name, data)})
        return str(_answer(response)["media_id"])

    async def session_reply(self, webhook: str, body: dict[str, Any]) -> None:
        """A reply through a message's sessionWebhook (valid for a while after the message)."""
        _answer(await self.client.post(webhook, json=body))

    async def robot_send(self, token: str, secret: str | None, body: dict[str, Any],
                         now_ms: int) -> None:
        """One message through a custom robot's webhook, signed when it has a secret."""
        url = f"{self.oapi_base}/robot/send?access_token={token}"
        if secret:
            url += "&" + robot_query(secret, now_ms)
        _answer(await self.client.post(url, json=body))


def _answer(response: httpx.Response) -> dict[str, Any]:
    """The JSON of an answer; DingTalkError for an error code (old `errcode` or new `code`)."""
    try:
        answer = response.json()
    except ValueError:
        response.raise_for_status()
        raise DingTalkError(-2, "not JSON") from None
    if not isinstance(answer, dict):
        raise DingTalkError(-2, "not an object")
    errcode = int(answer.get("errcode", 0) or 0)
    if errcode:
        raise DingTalkError(errcode, str(answer.get("errmsg", "")))
    if response.status_code >= 400:
        raise DingTalkError(str(answer.get("code", response.status_code)),
                            str(answer.get("message", "")))
    return answer
