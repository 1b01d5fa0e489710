"""The WeCom server API as the bot uses it: an access token (cached, refreshed when it expires or
is refused), app messages to users, file uploads, and group-robot webhooks. httpx only; no
knowledge of chats or handlers."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import httpx

from bot.adapters.tokens import TokenCache
from bot.domain.chat import split_bytes

_log = logging.getLogger(__name__)

APP_TEXT_BYTES = 2048  # an app text message's content limit
ROBOT_MARKDOWN_BYTES = 4096  # a robot markdown message's content limit
TOKEN_REFUSED = {40001, 40014, 42001}  # invalid credential / token, token expired
ROBOT_RATE_LIMITED = 45009
ROBOT_BAD_KEYS = {93000, 93004, 93008}  # invalid webhook url, robot removed or disabled


class WeComError(Exception):
    """The API answered with a non-zero errcode (or an unusable answer)."""

    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"errcode {errcode}: {errmsg}")
        self.errcode, self.errmsg = errcode, errmsg


class WeComAPI:
    """A client of one self-built app (corp id, secret, agent id) and of group robots."""

    def __init__(self, base: str, corp_id: str | None = None, secret: str | None = None,
                 agent_id: int | None = None, client: httpx.AsyncClient | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.base = base.rstrip("/")
        self.corp_id, self.secret, self.agent_id = corp_id, secret, agent_id
        self.client = client or httpx.AsyncClient(timeout=httpx.Timeout(10.0))
        self.clock = clock
        self._tokens = TokenCache(self._fetch_token, clock)

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self.client.aclose()

    async def token(self, renew: bool = False) -> str:
        """The app's access token, from the cache unless expired (or `renew`)."""
        return await self._tokens.get(renew)

    async def _fetch_token(self) -> tuple[str, int]:
        answer = await self._json("GET", "/cgi-bin/gettoken",
                                  params={"corpid": self.corp_id, "corpsecret": self.secret})
        return str(answer["access_token"]), int(answer.get("expires_in", 7200))

    async def _app(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """An app API call with the token; a refused token is renewed and the call made again."""
        token = await self.token()
        for attempt in range(2):
            try:
                return await self._json(method, path, params={"access_token": token,
                                                              **kwargs.pop("params", {})}, **kwargs)
            except WeComError as err:
                if err.errcode not in TOKEN_REFUSED or attempt:
                    raise
                _log.info("WeCom token refused (%s); renewing", err.errcode)
                token = await self.token(renew=True)
        raise AssertionError("unreachable")

    async def send_text(self, user: str, text: str) -> str:
        """A text message to a user (split to the size limit); the last message id."""
        msgid = ""
        for part in split_bytes(text, APP_TEXT_BYTES):
            if part.strip():
                answer = await self._app("POST", "/cgi-bin/message/send", json={
                    "touser": user, "msgtype": "text", "agentid": self.agent_id,
                    "text": {"content": part}})
                msgid = str(answer.get("msgid", ""))
        return msgid

    async def send_media(self, user: str, kind: str, name: str, data: bytes) -> str:
        """A file or image to a user: uploaded, then sent; the message id."""
        uploaded = await self._app("POST", "/cgi-bin/media/upload", params={"type": kind},
                                   files={"media": (name, data)})
        answer = await self._app("POST", "/cgi-bin/message/send", json={
            "touser": user, "msgtype": kind, "agentid": self.agent_id,
            kind: {"media_id": uploaded["media_id"]}})
        return str(answer.get("msgid", ""))

    async def download(self, media_id: str) -> tuple[str | None, bytes]:
        """A file a user sent the app (/cgi-bin/media/get): its name, when the answer gives one,
        and its bytes. A refused token is renewed and the call made again."""
        token = await self.token()
        for attempt in range(2):
            response = await self.client.get(f"{self.base}/cgi-bin/media/get",
                                             params={"access_token": token, "media_id": media_id})
            response.raise_for_status()
            if "json" not in response.headers.get("content-type", ""):
                return _filename(response.headers.get("content-disposition", "")), response.content
            answer = response.json()
            code = int(answer.get("errcode", 0) or 0) or -2
            if code not in TOKEN_REFUSED or attempt:
                raise WeComError(code, str(answer.get("errmsg", "")))
            token = await self.token(renew=True)
        raise AssertionError("unreachable")

    async def robot_markdown(self, key: str, content: str) -> None:
        """One markdown message through a group robot (the caller keeps it within the limit)."""
        await self._json("POST", "/cgi-bin/webhook/send", params={"key": key},
                         json={"msgtype": "markdown", "markdown": {"content": content}})

    async def _json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = await self.client.request(method, f"{self.base}{path}", **kwargs)
        response.raise_for_status()
        try:
            answer = response.json()
        except ValueError as err:
            raise WeComError(-2, "not JSON") from err
        code = int(answer.get("errcode", 0) or 0)
        if code:
            raise WeComError(code, str(answer.get("errmsg", "")))
        return answer


_FILENAME_STAR = re.compile(r"filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)")
_FILENAME = re.compile(r'filename\s*=\s*"?([^";]+)"?')


def _filename(disposition: str) -> str | None:
    """The file name a Content-Disposition header gives (RFC 5987 form first), if any."""
    if m := _FILENAME_STAR.search(disposition):
        return unquote(m[1].strip())
    if m := _FILENAME.search(disposition):
        return m[1].strip()
    return None
