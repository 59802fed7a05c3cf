"""One validated settings object, from environment variables and an optional TOML file.

Environment names are part of the contract (design.md): ``TELEGRAM_BOT_TOKEN`` and
``NEWSBRIEF_*``. A TOML file named by ``NEWSBRIEF_CONFIG`` supplies the same fields by their
lower-case names (``pipeline_interval_minutes = 30``); environment variables win over the file.
"""

from __future__ import annotations

import os
import re
from datetime import time
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

__all__ = ["Settings", "SettingsError", "default_data_dir", "load_settings"]

ENV_PREFIX = "NEWSBRIEF_"


class SettingsError(Exception):
    """A setting is missing or invalid; the message names it and what it accepts."""


def default_data_dir() -> Path:
    """Where the embedded database and the inbox live unless configured otherwise."""
    return Path(platformdirs.user_data_dir("newsbrief", appauthor=False))


class Settings(BaseSettings):
    """Everything newsbrief can be told; each field documents what it accepts."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        extra="forbid",
        validate_default=True,
        populate_by_name=True,
    )

    telegram_bot_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "telegram_bot_token"),
        description="Bot token from @BotFather; `newsbrief run` needs it for Telegram mode.",
    )
    telegram_api_url: str = Field(
        default="https://api.telegram.org",
        description="Root URL of the Bot API server; the bot calls <root>/bot<token>/<method>.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL (sqlite:///path.db or postgresql+psycopg://...).",
    )
    data_dir: Path = Field(default_factory=default_data_dir, description="Data folder.")
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), description="Comma-separated Telegram user ids allowed admin commands."
    )
    allow_private_urls: bool = Field(
        default=False, description="Allow feeds and pages on loopback/private networks."
    )
    inbox_dir: Path | None = Field(
        default=None, description="Folder the scheduled job imports new files from."
    )
    pipeline_interval_minutes: int = Field(
        default=15, ge=1, le=24 * 60, description="Minutes between pipeline passes (1-1440)."
    )
    pipeline_misfire_grace_seconds: int = Field(default=300, ge=1)
    summarizer: str = Field(default="", description="Summarizer method name (see `eval`).")
    summary_sentences: int = Field(default=3, ge=1, le=10)
    story_summary_sentences: int = Field(default=4, ge=1, le=12)
    language: str = Field(default="english", description="Default article language.")
    max_file_bytes: int = Field(default=10_000_000, ge=1_000)
    default_period_days: int = Field(default=3, ge=1, le=365)
    answer_stories: int = Field(default=5, ge=1, le=50)
    story_window_hours: int = Field(default=72, ge=1, le=24 * 30)
    story_max_days: int = Field(
        default=7, ge=1, le=90, description="Longest a story runs before its next report starts a new one."
    )
    retention_days: int = Field(default=0, ge=0, description="Prune older articles (0 = keep).")
    worker_threads: int = Field(
        default=4, ge=1, le=64,
        description="Threads for database work and summarizing (the bot's loop never blocks on them).",
    )
    storage_attempts: int = Field(
        default=4, ge=1, le=20,
        description="Tries of a unit of work whose database was busy or unreachable.",
    )
    sqlite_busy_timeout_ms: int = Field(
        default=10_000, ge=0, le=600_000, description="How long SQLite waits for another writer.",
    )
    concurrent_chats: int = Field(
        default=64, ge=1, le=1024, description="Chats whose updates are handled at the same time.",
    )
    digest_summary_sentences: int = Field(default=3, ge=1, le=10, description="Sentences per digest story.")
    # Telegram delivery
    digest_time: time = Field(default=time(8, 0), description="Default digest time, HH:MM.")
    timezone: str = Field(default="UTC", description="Default IANA timezone for new chats.")
    digest_stories: int = Field(default=8, ge=1, le=30)
    webhook_url: str | None = Field(default=None, description="Public HTTPS URL for webhook mode.")
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = None
    # Fetching feeds and pages
    fetch_concurrency: int = Field(default=16, ge=1, le=256)
    fetch_per_host: int = Field(default=2, ge=1, le=32)
    fetch_timeout_seconds: float = Field(default=20.0, gt=0, le=300)
    fetch_max_bytes: int = Field(default=5_000_000, ge=10_000)
    teaser_words: int = Field(default=120, ge=0)
    user_agent: str = "newsbrief/0.1 (+https://github.com/newsbrief/newsbrief)"
    feed_max_failures: int = Field(default=10, ge=1)
    feed_items_per_pass: int = Field(
        default=300, ge=1, le=100_000,
        description="New items taken from one feed in one pass (newest first; the rest next pass).",
    )
    role: str = Field(
        default="all",
        pattern=r"^(all|bot|worker)$",
        description="What `newsbrief run` runs: all (bot + pipeline), bot (Telegram and digests "
        "only) or worker (pipeline only, never polls Telegram).",
    )
    log_level: str = Field(default="INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)$")

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [p for p in re.split(r"[,\s]+", value.strip()) if p]
            if not all(re.fullmatch(r"-?\d+", p) for p in parts):
                raise ValueError("expected comma-separated numeric Telegram user ids")
            return frozenset(int(p) for p in parts)
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("expected an IANA timezone such as Europe/Berlin") from exc
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _check_api_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("expected an http(s) URL such as https://api.telegram.org")
        return value.rstrip("/")

    @field_validator("summarizer")
    @classmethod
    def _check_summarizer(cls, value: str) -> str:
        from summarizers import DEFAULT_METHOD, available_methods

        if not value:
            return DEFAULT_METHOD
        if value not in available_methods():
            raise ValueError(f"expected one of {', '.join(available_methods())}")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        toml_path = os.environ.get(ENV_PREFIX + "CONFIG")
        if toml_path:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=Path(toml_path)))
        return tuple(sources)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'newsbrief.db'}"

    @property
    def resolved_inbox_dir(self) -> Path:
        return self.inbox_dir if self.inbox_dir is not None else self.data_dir / "inbox"

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None


def _env_name(field: str) -> str:
    if field == "telegram_bot_token":
        return "TELEGRAM_BOT_TOKEN"
    return ENV_PREFIX + field.upper()


def load_settings(**overrides: Any) -> Settings:
    """Read settings once; raise SettingsError with one line naming the bad setting."""
    toml_path = os.environ.get(ENV_PREFIX + "CONFIG")
    if toml_path and not Path(toml_path).is_file():
        raise SettingsError(f"{ENV_PREFIX}CONFIG={toml_path}: no such file (expected a TOML file)")
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "settings"
        shown = error.get("input")
        if field == "telegram_bot_token" or "secret" in field:
            shown = "***"
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            raise SettingsError(f"unknown setting {field!r} in {toml_path or 'settings'}") from None
        raise SettingsError(f"invalid setting {_env_name(field)}={shown!r}: {message}") from None
    except Exception as exc:  # a malformed TOML file
        raise SettingsError(f"cannot read settings: {exc}") from None
