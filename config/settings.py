"""One Settings object for the whole service (pydantic-settings, env prefix DUBAN_, optional .env),
in slices: each part of the program receives only the slice it needs. Every slice reads its own
DUBAN_<SLICE>_ variables (DUBAN_TELEGRAM_TOKEN, DUBAN_WECOM_AES_KEY, DUBAN_REMIND_AT …); secrets
are SecretStr, so they never show in a repr or a log; values are checked here, at start."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import date, time
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from config.secrets import Label, derive
from store.chats import ChatRef

PROJECT_ROOT = Path(__file__).resolve().parent.parent
Days = Annotated[tuple[int, ...], NoDecode]
_AES_KEY = re.compile(r"[A-Za-z0-9+/]{43}")


def _config(prefix: str) -> SettingsConfigDict:
    return SettingsConfigDict(env_prefix=prefix, env_file=".env", env_file_encoding="utf-8",
                              extra="ignore")


class TelegramSettings(BaseSettings):
    """The Telegram bot (DUBAN_TELEGRAM_*); unset token: no Telegram."""

    model_config = _config("DUBAN_TELEGRAM_")

    token: SecretStr | None = Field(default=None, description="Bot API token; unset: no Telegram")
    base_url: str = Field(default="https://api.telegram.org/bot",
                          description="Bot API server (a self-hosted one, or a test fake)")
    webhook_url: str | None = Field(default=None, description="public URL for webhook mode; unset: polling")
    webhook_listen: str = Field(default="127.0.0.1", description="webhook server address")
    webhook_port: int = Field(default=8443, ge=0, le=65535, description="webhook server port")
    webhook_secret: SecretStr | None = Field(default=None, description="secret_token Telegram sends back")

    def webhook_secret_token(self) -> str:
        """The secret_token Telegram sends back with every webhook call: configured, else
        derived from the bot token under its own label (never a part of another secret)."""
        if self.webhook_secret is not None and self.webhook_secret.get_secret_value():
            return self.webhook_secret.get_secret_value()
        assert self.token is not None
        return derive(self.token.get_secret_value().encode(), Label.TELEGRAM_WEBHOOK).hex()

    @property
    def enabled(self) -> bool:
        """Whether a bot token is configured."""
        return self.token is not None and bool(self.token.get_secret_value())


class WeComSettings(BaseSettings):
    """The WeCom self-built app (DUBAN_WECOM_*): all of corp id, agent id, secret, token and AES
    key set means two-way chat; group robots need none of them."""

    model_config = _config("DUBAN_WECOM_")

    corp_id: str | None = Field(default=None, description="企业微信 CorpID; unset: no WeCom app")
    agent_id: int | None = Field(default=None, description="the self-built app's AgentId")
    secret: SecretStr | None = Field(default=None, description="the app's Secret (gettoken)")
    token: SecretStr | None = Field(default=None, description="callback Token (signatures)")
    aes_key: SecretStr | None = Field(default=None, description="callback EncodingAESKey (43 chars)")
    callback_listen: str = Field(default="127.0.0.1", description="callback server address (behind a proxy)")
    callback_port: int = Field(default=8088, ge=0, le=65535, description="callback server port")
    api_base: str = Field(default="https://qyapi.weixin.qq.com",
                          description="WeCom API server (a private deployment, or a test fake)")

    @field_validator("aes_key")
    @classmethod
    def _aes_key(cls, value: SecretStr | None) -> SecretStr | None:
        """43 base64 characters that decode to a 32-byte AES key (the message names no value)."""
        if value is None:
            return None
        key = value.get_secret_value()
        try:
            ok = bool(_AES_KEY.fullmatch(key)) and len(base64.b64decode(key + "=")) == 32
        except binascii.Error:
            ok = False
        if not ok:
            raise ValueError("应是企业微信后台给出的 43 位 EncodingAESKey")
        return value

    @property
    def enabled(self) -> bool:
        """Whether the self-built app is configured (two-way chat through WeCom)."""
        return bool(self.corp_id and self.secret and self.agent_id is not None and self.token
                    and self.aes_key)


class DingTalkSettings(BaseSettings):
    """The DingTalk enterprise internal app robot (DUBAN_DINGTALK_*): client id and secret set
    means two-way chat (Stream mode by default); custom group robots need none of them."""

    model_config = _config("DUBAN_DINGTALK_")

    client_id: str | None = Field(default=None, description="the app's Client ID (AppKey); unset: no DingTalk app")
    client_secret: SecretStr | None = Field(default=None, description="the app's Client Secret (AppSecret)")
    robot_code: str | None = Field(default=None, description="the app robot's robotCode; default: the client id")
    mode: Literal["stream", "callback"] = Field(default="stream",
                                                description="stream (no public endpoint) or callback (HTTP)")
    callback_listen: str = Field(default="127.0.0.1", description="callback server address (behind a proxy)")
    callback_port: int = Field(default=8089, ge=0, le=65535, description="callback server port (callback mode)")
    api_base: str = Field(default="https://api.dingtalk.com",
                          description="DingTalk OpenAPI server (专有钉钉 / 政务钉钉, or a test fake)")
    oapi_base: str = Field(default="https://oapi.dingtalk.com",
                           description="DingTalk's older API server (media upload, custom robots)")

    @property
    def enabled(self) -> bool:
        """Whether the app robot is configured (two-way chat through DingTalk)."""
        return bool(self.client_id and self.client_secret
                    and self.client_secret.get_secret_value())

    def robot(self) -> str:
        """The robotCode the send API is called with."""
        return self.robot_code or self.client_id or ""


class ReminderSettings(BaseSettings):
    """When reminders go out and which days bring them (DUBAN_REMIND_*)."""

    model_config = _config("DUBAN_REMIND_")

    at: time = Field(default=time(9, 0), description="when reminders go out on workdays (HH:MM)")
    deadline_days: Days = Field(default=(7, 3, 1, 0),
                                description="workdays before the due workday with a reminder")
    overdue_days: Days = Field(default=(1, 3, 5),
                               description="workdays after the due workday with a reminder")
    overdue_every: int = Field(default=5, ge=1, description="then one every this many workdays until done")
    escalate_from: int = Field(default=3, ge=1, description="workdays late from which leads are told")
    checkpoint_months: Days = Field(default=(3, 6, 9),
                                    description="months whose first workday checks 全年 work")
    quarterly_before_end: int = Field(default=3, ge=0, description="workdays before a quarter's last one")
    report_grace: int = Field(default=5, ge=1,
                              description="workday of the next quarter missing reports are escalated on")
    lease_seconds: float = Field(default=30.0, ge=1.0, le=600.0,
                                 description="the send lease's time to live (heartbeat every sixth of it)")

    @field_validator("at", mode="before")
    @classmethod
    def _hour(cls, value: object) -> object:
        """"9:00" or "09:00" (or a time)."""
        if isinstance(value, str):
            m = re.fullmatch(r"\s*(\d{1,2})[:：](\d{2})\s*", value)
            if m is None or int(m[1]) > 23 or int(m[2]) > 59:
                raise ValueError("应写成 HH:MM，如 09:00")
            return time(int(m[1]), int(m[2]))
        return value

    @field_validator("deadline_days", "overdue_days", "checkpoint_months", mode="before")
    @classmethod
    def _numbers(cls, value: object) -> object:
        """"7,3,1,0" (or 7，3，1，0) from the environment, or a list."""
        if isinstance(value, str):
            items = [x.strip() for x in value.replace("，", ",").split(",") if x.strip()]
            return tuple(int(x) for x in items)
        return value

    @model_validator(mode="after")
    def _sensible(self) -> ReminderSettings:
        """The day lists the policy needs: not empty, not negative, real months."""
        if not self.deadline_days or min(self.deadline_days) < 0:
            raise ValueError("DUBAN_REMIND_DEADLINE_DAYS 应是不小于 0 的工作日数")
        if not self.overdue_days or min(self.overdue_days) < 1:
            raise ValueError("DUBAN_REMIND_OVERDUE_DAYS 应是不小于 1 的工作日数")
        if any(not 1 <= m <= 12 for m in self.checkpoint_months):
            raise ValueError("DUBAN_REMIND_CHECKPOINT_MONTHS 应是 1 到 12 的月份")
        return self


class WebSettings(BaseSettings):
    """The web 督办 console (DUBAN_WEB_*), served by `duban run`; unset port: no web console.
    Off by default: a service that opens a port nobody asked for is a surprise on a government
    server; set DUBAN_WEB_PORT (e.g. 8090) and put an HTTPS proxy in front of it."""

    model_config = _config("DUBAN_WEB_")

    port: int | None = Field(default=None, ge=0, le=65535, description="HTTP port; unset: off")
    listen: str = Field(default="127.0.0.1", description="address the console listens on")
    public_url: str | None = Field(
        default=None, description="the console's address as users open it (sign-in links); "
                                  "unset: http://LISTEN:PORT")
    local: bool = Field(
        default=True, description="`make run` without a bot token, at a terminal: serve the web "
                                  "console beside the chat console and print an administrator's "
                                  "sign-in link")
    local_port: int = Field(default=8090, ge=0, le=65535,
                            description="port of that local web console (taken: any free port)")

    @property
    def enabled(self) -> bool:
        """Whether the web console is turned on."""
        return self.port is not None

    def base_url(self, port: int | None = None) -> str:
        """Where sign-in links point (no trailing slash); `port`: the one actually bound."""
        if self.public_url:
            return self.public_url.rstrip("/")
        return f"http://{self.listen}:{port if port is not None else self.port}"


class Settings(BaseSettings):
    """Service settings: the store, time, administrators, and one slice per platform and for
    reminders."""

    model_config = _config("DUBAN_")

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
    out_dir: Path = Field(default=PROJECT_ROOT / "var" / "out",
                          description="where the console writes charts and ledgers")
    log_level: str = Field(default="WARNING", description="logging level of the service")
    admins: str = Field(default="", description="administrators: Telegram user ids, wecom:USERID, dingtalk:USERID")
    callback_secret: SecretStr | None = Field(
        default=None, description="key signing button data; default from the token")
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    wecom: WeComSettings = Field(default_factory=WeComSettings)
    dingtalk: DingTalkSettings = Field(default_factory=DingTalkSettings)
    remind: ReminderSettings = Field(default_factory=ReminderSettings)
    web: WebSettings = Field(default_factory=WebSettings)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        """A time zone the system knows."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("不认识的时区") from None
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        """One of Python's logging levels."""
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("应是 DEBUG、INFO、WARNING、ERROR 或 CRITICAL")
        return value.upper()

    def admin_ids(self) -> frozenset[ChatRef]:
        """Administrators as addresses (a bare number is a Telegram user id)."""
        return frozenset(ChatRef.parse(item) for item in self.admins.replace("，", ",").split(",")
                         if item.strip())

    def button_key(self) -> bytes:
        """The text the key that signs button data is made from: configured, else a platform's
        secret (so it survives restarts), else a fixed one for the console."""
        for secret in (self.callback_secret, self.telegram.token, self.wecom.secret,
                       self.dingtalk.client_secret):
            if secret is not None and secret.get_secret_value():
                return secret.get_secret_value().encode()
        return b"duban-console"

    def button_secret(self) -> bytes:
        """The key that signs button data: derived from `button_key` under its own label."""
        return derive(self.button_key(), Label.BUTTONS)


_SLICES: dict[str, str] = {cls.__name__: str(cls.model_config.get("env_prefix", ""))
                           for cls in (Settings, TelegramSettings, WeComSettings, DingTalkSettings,
                                      ReminderSettings,
                                      WebSettings)}


def settings_problem(err: ValidationError) -> str:
    """Which DUBAN_ variables are wrong (and why, where we wrote the reason), never with their
    values: they may be secrets."""
    prefix = _SLICES.get(err.title, "DUBAN_")
    problems = []
    for e in err.errors(include_input=False, include_url=False):
        name = (prefix + "_".join(str(p) for p in e["loc"])).upper() if e["loc"] else ""
        why = str(e.get("ctx", {}).get("error", "")) if e["type"] == "value_error" else ""
        problems.append(f"{name}（{why}）" if name and why else name or why)
    return "、".join(problems)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment and .env."""
    return Settings()
