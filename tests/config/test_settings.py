"""Settings come from the environment and an optional TOML file; bad values stop start-up clearly."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from config import SettingsError, load_settings


def test_defaults_need_no_configuration(tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.token is None
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert settings.resolved_database_url.startswith("sqlite:///")
    assert settings.resolved_database_url.endswith("newsbrief.db")
    assert settings.allow_private_urls is False


def test_environment_variables_from_the_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    monkeypatch.setenv("NEWSBRIEF_TELEGRAM_API_URL", "http://127.0.0.1:8081/")
    monkeypatch.setenv("NEWSBRIEF_DATABASE_URL", "sqlite:////tmp/x.db")
    monkeypatch.setenv("NEWSBRIEF_ADMIN_IDS", "12, 34 56")
    monkeypatch.setenv("NEWSBRIEF_ALLOW_PRIVATE_URLS", "true")
    settings = load_settings()
    assert settings.token == "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    assert settings.telegram_api_url == "http://127.0.0.1:8081"
    assert settings.resolved_database_url == "sqlite:////tmp/x.db"
    assert settings.admin_ids == frozenset({12, 34, 56})
    assert settings.allow_private_urls is True
    assert "ABCDEFGHIJ" not in repr(settings)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("NEWSBRIEF_PIPELINE_INTERVAL_MINUTES", "often", "NEWSBRIEF_PIPELINE_INTERVAL_MINUTES='often'"),
        ("NEWSBRIEF_PIPELINE_INTERVAL_MINUTES", "0", "greater than or equal to 1"),
        ("NEWSBRIEF_ADMIN_IDS", "alice,bob", "numeric Telegram user ids"),
        ("NEWSBRIEF_TIMEZONE", "Mars/Olympus", "IANA timezone"),
        ("NEWSBRIEF_TELEGRAM_API_URL", "ftp://x", "http(s) URL"),
        ("NEWSBRIEF_SUMMARIZER", "gpt", "expected one of"),
        ("NEWSBRIEF_ALLOW_PRIVATE_URLS", "maybe", "NEWSBRIEF_ALLOW_PRIVATE_URLS"),
    ],
)
def test_invalid_value_names_the_setting_and_what_is_accepted(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert "\n" not in message
    assert name in message
    assert expected in message


def test_toml_file_supplies_settings_and_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "newsbrief.toml"
    config.write_text('pipeline_interval_minutes = 30\ndigest_time = "07:15"\nlanguage = "german"\n')
    monkeypatch.setenv("NEWSBRIEF_CONFIG", str(config))
    monkeypatch.setenv("NEWSBRIEF_LANGUAGE", "french")
    settings = load_settings()
    assert settings.pipeline_interval_minutes == 30
    assert settings.digest_time == time(7, 15)
    assert settings.language == "french"


def test_unknown_key_in_toml_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "newsbrief.toml"
    config.write_text("pipline_interval = 5\n")
    monkeypatch.setenv("NEWSBRIEF_CONFIG", str(config))
    with pytest.raises(SettingsError, match="unknown setting 'pipline_interval'"):
        load_settings()


def test_missing_toml_file_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSBRIEF_CONFIG", str(tmp_path / "absent.toml"))
    with pytest.raises(SettingsError, match="no such file"):
        load_settings()


def test_token_value_is_never_echoed_in_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
    monkeypatch.setenv("NEWSBRIEF_WEBHOOK_PORT", "99999")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "NEWSBRIEF_WEBHOOK_PORT" in str(caught.value)
