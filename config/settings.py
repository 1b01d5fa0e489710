"""One Settings object for the whole service (pydantic-settings, env prefix DUBAN_, optional .env)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Service settings; each part of the program receives only the slice it needs."""

    model_config = SettingsConfigDict(
        env_prefix="DUBAN_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = Field(
        default=f"sqlite+aiosqlite:///{PROJECT_ROOT / 'var' / 'duban.sqlite3'}",
        description="SQLAlchemy async URL; SQLite by default, postgresql+asyncpg://… for larger deployments",
    )
    timezone: str = Field(default="Asia/Shanghai", description="IANA time zone of the users")
    today: date | None = Field(default=None, description="fixed date for demos and tests")
    sample_plans_dir: Path = Field(
        default=PROJECT_ROOT / "samples" / "plans",
        description="plans imported into an empty store on first start",
    )
    log_level: str = Field(default="WARNING", description="logging level of the service")
    telegram_token: str | None = Field(default=None, description="Bot API token; unset: console")
    telegram_base_url: str = Field(default="https://api.telegram.org/bot",
                                   description="Bot API server (a self-hosted one, or a test fake)")
    telegram_webhook_url: str | None = Field(default=None,
                                             description="public URL for webhook mode; unset: polling")
    telegram_webhook_listen: str = Field(default="127.0.0.1", description="webhook server address")
    telegram_webhook_port: int = Field(default=8443, description="webhook server port")
    telegram_webhook_secret: str | None = Field(default=None,
                                                description="secret_token Telegram sends back")
    admins: str = Field(default="", description="administrators: Telegram user ids, wecom:USERID")
    remind_at: str = Field(default="09:00", description="when reminders go out on workdays (HH:MM)")
    callback_secret: str | None = Field(default=None,
                                        description="key signing button data; default from the token")

    def admin_ids(self) -> set[str]:
        """Administrators as platform:user keys (a bare number is a Telegram user id)."""
        ids = set()
        for item in self.admins.replace("，", ",").split(","):
            item = item.strip()
            if item:
                ids.add(item if ":" in item else f"telegram:{item}")
        return ids


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment and .env."""
    return Settings()
