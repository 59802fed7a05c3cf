"""Migration 0011 adds the chat's language in place: a database at 0010 keeps every chat and
its topics (no table copy that would cascade-delete them), and the language starts unknown."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from config import Settings
from news.store.chats import get_chat
from news.store.engine import MIGRATIONS_DIR, create_db_engine, migrate


def test_a_database_at_0010_keeps_its_chats_and_topics(settings: Settings) -> None:
    engine = create_db_engine(settings.resolved_database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0010")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO chats (id, timezone, digest_time, digest_enabled, paused, created_at) "
                          "VALUES (100, 'UTC', '08:00:00', true, false, CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO subscriptions (chat_id, topic, created_at) "
                          "VALUES (100, 'gaza', CURRENT_TIMESTAMP)"))

    migrate(engine)

    with engine.connect() as conn:
        chat = get_chat(conn, 100)
    engine.dispose()
    assert chat is not None and chat.topics == ["gaza"] and chat.digest_enabled
    assert chat.language is None
