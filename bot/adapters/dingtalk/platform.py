"""The registry's DingTalk entry: the app robot when its slice is complete (Stream mode, or HTTP
callbacks), and custom group robots always (a unit's robot is bound in the store)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.adapters.dingtalk.api import DingTalkAPI
from bot.adapters.dingtalk.callback import DingTalkCallback
from bot.adapters.dingtalk.chat import DingTalkChat
from bot.adapters.dingtalk.robots import DingTalkRobots
from bot.platform import Platform, Services
from config.settings import DingTalkSettings

if TYPE_CHECKING:
    from bot.adapters.dingtalk.stream import StreamClient


class DingTalkApp(DingTalkChat):
    """The app robot with its transport: Stream (default) or the HTTP callback."""

    def __init__(self, settings: DingTalkSettings, services: Services,
                 api: DingTalkAPI | None = None, wall: Callable[[], float] = time.time) -> None:
        assert settings.client_id and settings.client_secret
        secret = settings.client_secret.get_secret_value()
        api = api or DingTalkAPI(settings.api_base, settings.oapi_base, settings.client_id,
                                 secret, settings.robot())
        super().__init__(services.chats, api, services.today, services.now, wall=wall,
                         delivery=services.delivery)
        self.stream: StreamClient | None = None
        self.callback: DingTalkCallback | None = None
        if settings.mode == "callback":
            self.callback = DingTalkCallback(self, secret, settings.callback_listen,
                                             settings.callback_port)
        else:  # the SDK (and aiohttp, requests, websockets with it) loads only for Stream mode
            from bot.adapters.dingtalk.stream import StreamClient

            self.stream = StreamClient(self, settings.client_id, secret, settings.api_base)

    async def start(self, serve: bool) -> None:
        """With `serve`, take messages in: the Stream connection, or the callback server."""
        if not serve:
            return
        if self.callback is not None:
            self.callback.start()
        if self.stream is not None:
            self.stream.begin()

    async def stop(self) -> None:
        """Stop taking messages in and close the API client."""
        if self.callback is not None:
            self.callback.stop()
        if self.stream is not None:
            await self.stream.end()
        await super().stop()


def build(settings: DingTalkSettings, services: Services) -> list[Platform]:
    """The app robot (when configured) and the custom robots."""
    found: list[Platform] = []
    if settings.enabled:
        found.append(DingTalkApp(settings, services))
    found.append(DingTalkRobots(services.chats.store,
                                DingTalkAPI(settings.api_base, settings.oapi_base), services.now))
    return found
