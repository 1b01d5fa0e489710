"""One Settings object for the whole service (pydantic-settings, env prefix DUBAN_, optional .env)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from store.chats import ChatRef

PROJECT_ROOT = Path(__file__).resolve().parent.parent
Days = Annotated[tuple[int, ...], NoDecode]


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
    wecom_corp_id: str | None = Field(default=None, description="企业微信 CorpID; unset: no WeCom")
    wecom_agent_id: int | None = Field(default=None, description="the self-built app's AgentId")
    wecom_secret: str | None = Field(default=None, description="the app's Secret (gettoken)")
    wecom_token: str | None = Field(default=None, description="callback Token (signatures)")
    wecom_aes_key: str | None = Field(default=None, description="callback EncodingAESKey (43 chars)")
    wecom_callback_listen: str = Field(default="127.0.0.1",
                                       description="callback server address (behind a proxy)")
    wecom_callback_port: int = Field(default=8088, description="callback server port")
    wecom_api_base: str = Field(default="https://qyapi.weixin.qq.com",
                                description="WeCom API server (a private deployment, or a test fake)")
    remind_deadline_days: Days = Field(default=(7, 3, 1, 0),
                                       description="workdays before the due workday with a reminder")
    remind_overdue_days: Days = Field(default=(1, 3, 5),
                                      description="workdays after the due workday with a reminder")
    remind_overdue_every: int = Field(default=5, ge=1,
                                      description="then one every this many workdays until done")
    remind_escalate_from: int = Field(default=3, ge=1,
                                      description="workdays late from which leads are told")
    remind_checkpoint_months: Days = Field(default=(3, 6, 9),
                                           description="months whose first workday checks 全年 work")
    remind_quarterly_before_end: int = Field(default=3, ge=0,
                                             description="workdays before a quarter's last one")
    remind_report_grace: int = Field(default=5, ge=1,
                                     description="workday of the next quarter missing reports are escalated on")

    @field_validator("remind_deadline_days", "remind_overdue_days", "remind_checkpoint_months",
                     mode="before")
    @classmethod
    def _numbers(cls, value: object) -> object:
        """"7,3,1,0" (or 7，3，1，0) from the environment, or a list."""
        if isinstance(value, str):
            items = [x.strip() for x in value.replace("，", ",").split(",") if x.strip()]
            return tuple(int(x) for x in items)
        return value

    def wecom_app(self) -> bool:
        """Whether the self-built app is configured (two-way chat through WeCom)."""
        return bool(self.wecom_corp_id and self.wecom_secret and self.wecom_agent_id is not None
                    and self.wecom_token and self.wecom_aes_key)

    def admin_ids(self) -> frozenset[ChatRef]:
        """Administrators as addresses (a bare number is a Telegram user id)."""
        return frozenset(ChatRef.parse(item) for item in self.admins.replace("，", ",").split(",")
                         if item.strip())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment and .env."""
    return Settings()
