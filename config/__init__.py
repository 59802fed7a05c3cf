"""Settings and logging for every newsbrief package: read once at start-up, passed down."""

from __future__ import annotations

from config.logging import configure_logging, redact
from config.settings import Settings, SettingsError, load_settings

__all__ = ["Settings", "SettingsError", "configure_logging", "load_settings", "redact"]
