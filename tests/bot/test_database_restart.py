"""PostgreSQL restarted under a running bot and worker: they say so while it is down, reconnect
when it is back, and lose nothing (a private server, stopped and started by the test)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot import jobs
from config import load_settings
from news import ChatRef, NewsService, StorageError
from news.store.schema import articles, digest_deliveries
from tests.bot.conftest import TOKEN, RunningBot
from tests.helpers.articles import article
from tests.helpers.fake_telegram import FakeTelegram, message_update
from tests.helpers.postgres_cluster import PrivateCluster
from tests.helpers.service import run

pytestmark = pytest.mark.slow
CHAT = 321


@pytest.fixture
def cluster() -> Iterator[PrivateCluster]:
    server = PrivateCluster()
    yield server
    server.close()


def _write_rows(folder: Path, name: str, *items: dict[str, object]) -> Path:
    import json

    path = folder / name
    path.write_text("\n".join(json.dumps(item) for item in items), encoding="utf-8")
    return path


def test_a_postgres_restart_under_the_bot_and_the_worker_loses_nothing(
    cluster: PrivateCluster, fake: FakeTelegram, tmp_path: Path,
) -> None:
    settings = load_settings(database_url=cluster.url, data_dir=tmp_path / "data", telegram_bot_token=TOKEN,
                             telegram_api_url=fake.url, storage_attempts=2)
    inbox = settings.resolved_inbox_dir
    inbox.mkdir(parents=True)
    worker = run(NewsService.open(settings))
    first = _write_rows(tmp_path, "first.jsonl", article(
        "Harbour bridge reopens", "The harbour bridge reopened on Friday after two years of repairs. "
        "Traffic returned to normal by the evening."))
    assert run(worker.ingest([first])).imported == 1
    run(worker.subscribe(ChatRef(CHAT), "bridge"))

    bot = RunningBot(settings, fake).start()
    try:
        fake.push_update(message_update("what's new on the bridge?", chat_id=CHAT, user_id=CHAT))
        [answer] = fake.wait_for("sendMessage", 1, chat_id=CHAT)
        assert "Harbour bridge reopens" in str(answer.params["text"])

        cluster.stop()
        fake.push_update(message_update("what's new on the bridge?", chat_id=CHAT, user_id=CHAT))
        [_, down] = fake.wait_for("sendMessage", 2, chat_id=CHAT)
        assert "can't reach my news archive" in str(down.params["text"])
        # The worker's pass fails cleanly; a file in the inbox waits for the next one.
        _write_rows(inbox, "second.jsonl", article(
            "Tram line extended", "The city extended its tram line to the airport on Monday. Trains "
            "run every ten minutes from six in the morning."))
        with pytest.raises(StorageError, match="cannot be reached"):
            run(worker.run_pass(feeds=False))
        with pytest.raises(StorageError):
            run(worker.prepare_digest(CHAT, worker="w1"))

        cluster.start()
        fake.push_update(message_update("what's new on the bridge?", chat_id=CHAT, user_id=CHAT))
        [*_, back] = fake.wait_for("sendMessage", 3, chat_id=CHAT)
        assert "Harbour bridge reopens" in str(back.params["text"])
        run(jobs.pipeline_pass(worker))  # the next pass does what the failed one could not
        prepared = run(worker.prepare_digest(CHAT, worker="w1"))
        assert prepared is not None
        run(worker.digest_delivered(prepared))
    finally:
        bot.stop()
        run(worker.aclose())

    try:
        with worker.db.read() as conn:
            assert conn.execute(select(func.count()).select_from(articles)).scalar_one() == 2
            assert list(conn.execute(select(digest_deliveries.c.state)).scalars()) == ["sent"]
    finally:
        worker.db.dispose()
    assert sorted(p.name for p in (inbox / "done").iterdir()) == ["second.jsonl"]
