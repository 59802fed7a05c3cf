"""The bot token sits inside every Bot API URL; no log line or error text may show it."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from config import configure_logging, redact

TOKEN = "987654321:AAH-secretsecretsecretsecret_xyz"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    factory = logging.getLogRecordFactory()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    logging.setLogRecordFactory(factory)
    root.handlers[:] = handlers
    root.setLevel(level)


def test_redact_hides_token_and_bot_paths() -> None:
    line = f"HTTP Request: POST https://api.telegram.org/bot{TOKEN}/getUpdates 200"
    cleaned = redact(line, [TOKEN])
    assert TOKEN not in cleaned
    assert "/bot***/getUpdates" in cleaned
    assert redact("token 123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZ leaked") == "token *** leaked"


@pytest.mark.usefixtures("restore_logging")
def test_every_handler_sees_redacted_records(caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("DEBUG", secrets=[TOKEN])
    logger = logging.getLogger("httpx")
    with caplog.at_level(logging.DEBUG):
        logger.info('HTTP Request: POST %s "HTTP/1.1 200 OK"', f"http://127.0.0.1:1/bot{TOKEN}/getMe")
        try:
            raise RuntimeError(f"failed calling http://127.0.0.1:1/bot{TOKEN}/sendMessage")
        except RuntimeError:
            logging.getLogger("telegram.ext").exception("error for %s", TOKEN)
    assert caplog.records, "nothing was captured"
    assert all(TOKEN not in record.getMessage() for record in caplog.records)
    assert TOKEN not in caplog.text
    assert TOKEN not in capsys.readouterr().err
