"""The registry's WeCom entry: the self-built app when its slice is complete, and group robots
always (a unit's robot key is bound in the store; no settings are needed for it)."""

from __future__ import annotations

from bot.adapters.wecom.api import WeComAPI
from bot.adapters.wecom.callback import WeComAdapter
from bot.adapters.wecom.crypto import WeComCrypto
from bot.adapters.wecom.robots import WeComRobots
from bot.platform import Platform, Services
from config.settings import WeComSettings


def build(settings: WeComSettings, services: Services) -> list[Platform]:
    """The app (when configured) and the robots."""
    found: list[Platform] = []
    if settings.enabled:
        assert settings.secret and settings.token and settings.aes_key and settings.corp_id
        api = WeComAPI(settings.api_base, settings.corp_id, settings.secret.get_secret_value(),
                       settings.agent_id)
        crypto = WeComCrypto(settings.token.get_secret_value(), settings.aes_key.get_secret_value(),
                             settings.corp_id)
        found.append(WeComAdapter(services.chats, api, crypto, services.today, services.now,
                                  delivery=services.delivery, listen=settings.callback_listen,
                                  port=settings.callback_port))
    robots = WeComRobots(services.chats.store, WeComAPI(settings.api_base), services.now)
    found.append(robots)
    return found
