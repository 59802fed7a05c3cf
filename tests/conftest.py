"""Fixtures shared by every test package: isolated settings and a database per test.

Tests never touch the network beyond loopback: proxies are bypassed for local servers, and
the default Telegram URL is replaced with an unroutable placeholder unless a fake server is used.
The service-calls plugin (tests/helpers/service_calls.py) records which public calls of
``NewsService`` the service tests make, for the check in tests/news/service/test_calls.py.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from config import Settings, load_settings
from news import NewsService
from news.store import Database, open_database
from tests.helpers.databases import backend_urls, reset_postgres
from tests.helpers.service_calls import PLUGIN, ServiceCalls

os.environ["NO_PROXY"] = "127.0.0.1,localhost"
os.environ["no_proxy"] = "127.0.0.1,localhost"
for _var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
    os.environ.pop(_var, None)


def pytest_configure(config: pytest.Config) -> None:
    """Record the service calls from the start: collection already imports the faces."""
    calls = ServiceCalls(NewsService)
    calls.install()
    config.pluginmanager.register(calls, PLUGIN)


REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = REPO_ROOT / "examples"
# The evaluation data sits beside the clone; a clone elsewhere points at it with this variable.
SHARED_DATA = Path(os.environ.get("NEWSBRIEF_SHARED_DATA") or REPO_ROOT.parent / "shared" / "data")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No NEWSBRIEF_* or token from the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith("NEWSBRIEF_") and name != "NEWSBRIEF_TEST_POSTGRES_URL":
            monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("NEWSBRIEF_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(params=backend_urls(), ids=lambda url: url.split(":")[0].split("+")[0])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: SQLite always, PostgreSQL when NEWSBRIEF_TEST_POSTGRES_URL is set."""
    url: str = request.param
    if url == "sqlite":
        yield f"sqlite:///{tmp_path / 'news.db'}"
        return
    yield reset_postgres(url)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return load_settings(database_url=database_url, data_dir=tmp_path / "data")


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = open_database(settings.resolved_database_url)
    yield database
    database.dispose()


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture
def news(settings: Settings, db: Database) -> Iterator[NewsService]:
    """The news service over the test's database (calls are coroutines: ``asyncio.run`` them)."""
    service = NewsService(settings, db)
    yield service
    asyncio.run(service.aclose())
