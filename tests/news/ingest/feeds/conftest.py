"""Fixtures for feed tests: a local HTTP server and settings that allow fetching from it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from config import Settings
from tests.helpers.http_server import LocalServer


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as local:
        yield local


@pytest.fixture
def live_settings(settings: Settings) -> Settings:
    """Private URLs allowed (the server is on 127.0.0.1) and short timeouts for slow replies."""
    return settings.model_copy(
        update={"allow_private_urls": True, "fetch_timeout_seconds": 1.0, "fetch_max_bytes": 200_000}
    )
