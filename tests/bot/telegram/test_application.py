"""Building and running the application: URLs, handlers, polling versus webhook."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.ext import AIORateLimiter, CommandHandler

from bot.telegram.application import build_application, menu_commands, run_application
from bot.telegram.handlers import COMMANDS
from bot.telegram.pacing import PacedRateLimiter
from bot.telegram.ratelimit import PerChatFloodWait
from config import Settings, SettingsError, load_settings
from tests.bot.conftest import TOKEN


def _settings(**extra: Any) -> Settings:
    return load_settings(telegram_bot_token=TOKEN, telegram_api_url="http://127.0.0.1:9", **extra)


def test_builder_uses_the_configured_api_root_and_registers_every_command() -> None:
    application = build_application(_settings())
    assert application.bot.base_url == f"http://127.0.0.1:9/bot{TOKEN}"
    assert application.bot.base_file_url == f"http://127.0.0.1:9/file/bot{TOKEN}"
    # Telegram's limits, outermost first: per-chat flood waits, our pacing, PTB's group limits.
    limiter = application.bot.rate_limiter
    assert isinstance(limiter, PerChatFloodWait)
    assert isinstance(limiter._inner, PacedRateLimiter)
    assert isinstance(limiter._inner.inner, AIORateLimiter)
    registered = [
        name for handler in application.handlers[0] if isinstance(handler, CommandHandler)
        for name in handler.commands
    ]
    assert registered == [spec.name for spec in COMMANDS]
    assert [c.command for c in menu_commands()] == registered
    assert application.error_handlers


def test_builder_needs_a_token() -> None:
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN"):
        build_application(load_settings())


def test_run_application_polls_or_serves_a_webhook(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, dict[str, Any]]] = []
    application = build_application(_settings())
    monkeypatch.setattr(type(application), "run_polling",
                        lambda self, **kw: calls.append(("polling", kw)))
    monkeypatch.setattr(type(application), "run_webhook",
                        lambda self, **kw: calls.append(("webhook", kw)))
    run_application(application, _settings())
    webhook = _settings(webhook_url="https://bot.example/hook/abc", webhook_port=8444,
                        webhook_secret="s3cret-token")
    run_application(application, webhook)
    assert calls[0][0] == "polling"
    kind, options = calls[1]
    assert kind == "webhook"
    assert options["webhook_url"] == "https://bot.example/hook/abc"
    assert options["url_path"] == "hook/abc" and options["port"] == 8444
    assert options["listen"] == "127.0.0.1" and options["secret_token"] == "s3cret-token"
