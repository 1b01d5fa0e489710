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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment and .env."""
    return Settings()
