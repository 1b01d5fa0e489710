"""Stream mode (no public endpoint): the official dingtalk-stream SDK's frames, handlers and acks
over a WebSocket the bot opens itself. The SDK's own `open_connection` posts to a hard-coded
DingTalk URL with a blocking client and looks up a local address by reaching a public one, and its
`start` loop swallows cancellation; this subclass opens the connection at the configured API base
(专有钉钉 / 政务钉钉, or a test fake) with httpx, and runs a loop that stops when asked."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import quote_plus

import dingtalk_stream
import httpx
import websockets
from dingtalk_stream.frames import AckMessage, CallbackMessage

from bot.adapters.dingtalk.chat import DingTalkChat

_log = logging.getLogger(__name__)

OPEN_PATH = "/v1.0/gateway/connections/open"
RETRY_SECONDS = 10.0  # after a failed connection, as the SDK waits


class _Messages(dingtalk_stream.ChatbotHandler):
    """The SDK handler of robot messages: each one to the chat, acknowledged once answered (a
    failure is acknowledged as one, so DingTalk redelivers it)."""

    def __init__(self, chat: DingTalkChat) -> None:
        super().__init__()
        self.chat = chat

    async def process(self, callback: CallbackMessage) -> tuple[int, str]:
        """Answer the message; the ack's status."""
        try:
            await self.chat.handle(callback.data)
        except Exception:  # one bad message is logged; the stream goes on
            _log.exception("answering a DingTalk message failed")
            return AckMessage.STATUS_SYSTEM_EXCEPTION, "error"
        return AckMessage.STATUS_OK, "OK"


class StreamClient(dingtalk_stream.DingTalkStreamClient):
    """The SDK's client, connecting at `api_base`."""

    def __init__(self, chat: DingTalkChat, client_id: str, secret: str, api_base: str) -> None:
        super().__init__(dingtalk_stream.Credential(client_id, secret), logger=_log)
        self.api_base = api_base.rstrip("/")
        self.register_callback_handler(dingtalk_stream.ChatbotMessage.TOPIC, _Messages(chat))
        self._task: asyncio.Task | None = None
        self.connected = asyncio.Event()

    async def open_connection_async(self) -> dict[str, Any]:
        """The gateway's endpoint and ticket (connections/open) for our subscriptions."""
        body = {"clientId": self.credential.client_id,
                "clientSecret": self.credential.client_secret,
                "subscriptions": [{"type": "CALLBACK", "topic": t}
                                  for t in self.callback_handler_map],
                "ua": "duban", "localIp": ""}
        async with httpx.AsyncClient(timeout=httpx.Timeout(10.0)) as client:
            response = await client.post(f"{self.api_base}{OPEN_PATH}", json=body)
            response.raise_for_status()
            return response.json()

    async def serve(self) -> None:
        """Connect, take frames until the connection ends, and connect again."""
        self.pre_start()
        while True:
            try:
                connection = await self.open_connection_async()
                uri = f'{connection["endpoint"]}?ticket={quote_plus(connection["ticket"])}'
                async with websockets.connect(uri) as websocket:
                    self.websocket = websocket
                    self.connected.set()
                    async for raw in websocket:
                        asyncio.create_task(self.background_task(json.loads(raw)))
            except asyncio.CancelledError:
                raise
            except (httpx.HTTPError, OSError, websockets.exceptions.WebSocketException,
                    KeyError, ValueError) as err:
                _log.warning("DingTalk stream: %s; connecting again", type(err).__name__)
            finally:
                self.connected.clear()
            await asyncio.sleep(RETRY_SECONDS)

    def begin(self) -> None:
        """Run `serve` in the background on the running loop."""
        self._task = asyncio.create_task(self.serve())

    async def end(self) -> None:
        """Stop serving and close the connection."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self.websocket is not None:
            await self.websocket.close()
