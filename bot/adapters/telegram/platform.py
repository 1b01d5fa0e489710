"""The registry's Telegram entry: a TelegramAdapter built from the DUBAN_TELEGRAM_* slice."""

from __future__ import annotations

from bot.adapters.telegram.adapter import TelegramAdapter
from bot.platform import Platform, Services
from config.settings import TelegramSettings

WEBHOOK_PATH = "telegram"


def build(settings: TelegramSettings, services: Services) -> list[Platform]:
    """The bot: long polling, or a webhook at /telegram when a public URL is configured."""
    assert settings.token is not None
    token = settings.token.get_secret_value()
    webhook = None
    if settings.webhook_url:
        secret = settings.webhook_secret_token()
        webhook = {"listen": settings.webhook_listen, "port": settings.webhook_port,
                   "url_path": WEBHOOK_PATH, "webhook_url": settings.webhook_url,
                   "secret_token": secret}
    return [TelegramAdapter(services.chats, token, settings.base_url, services.today, services.now,
                            delivery=services.delivery, webhook=webhook)]
