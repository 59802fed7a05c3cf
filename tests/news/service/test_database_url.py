"""The service names its database for a person (``newsbrief demo`` prints it) without the password."""

from __future__ import annotations

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from config import Settings
from news import NewsService
from news.store import Database
from tests.helpers.service import run


def test_the_database_is_named_as_configured(news: NewsService, settings: Settings) -> None:
    configured, shown = make_url(settings.resolved_database_url), make_url(news.database_url)
    assert ((shown.drivername, shown.username, shown.host, shown.port, shown.database)
            == (configured.drivername, configured.username, configured.host, configured.port,
                configured.database))
    assert configured.password is None or str(configured.password) not in news.database_url


def test_a_password_in_the_url_is_never_shown(settings: Settings) -> None:
    # The engine connects lazily: naming the database opens no connection.
    engine = create_engine("postgresql+psycopg://ada:s3cret@127.0.0.1:5432/news")
    service = NewsService(settings, Database(engine))
    try:
        assert service.database_url == "postgresql+psycopg://ada:***@127.0.0.1:5432/news"
    finally:
        run(service.aclose())
        engine.dispose()
