"""`newsbrief feeds ...` and `newsbrief update`: thin commands, one-line errors, exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.helpers.http_server import LocalServer, Reply
from tests.news.ingest.feeds.builders import Item, article_text, atom, opml, page, rss2

runner = CliRunner()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as local:
        yield local


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("NEWSBRIEF_DATABASE_URL", database_url)
    monkeypatch.setenv("NEWSBRIEF_FETCH_TIMEOUT_SECONDS", "1")
    return database_url


def _invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_feeds_subcommands_have_help() -> None:
    for name in ("add", "list", "remove", "resume", "import", "export"):
        code, out, _ = _invoke("feeds", name, "--help")
        assert code == 0 and "Usage" in out, name
    code, out, _ = _invoke("update", "--help")
    assert code == 0 and "pipeline pass" in out


def test_loopback_feed_refused_without_private_urls(cli_env: str, server: LocalServer) -> None:
    url = server.route("/rss", Reply(rss2("Local", [Item("a", server.url("/a"), "b")]),
                                     content_type="application/rss+xml"))
    code, _out, err = _invoke("feeds", "add", url)
    assert code == 1
    assert err.count("\n") == 1 and "refused" in err and "NEWSBRIEF_ALLOW_PRIVATE_URLS" in err
    assert server.requests == []


def test_feeds_lifecycle_and_update(
    cli_env: str, server: LocalServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("NEWSBRIEF_ALLOW_PRIVATE_URLS", "true")
    full = [Item(f"Harbour {n}", server.url(f"/h{n}"), "t", full=article_text("harbour", n)) for n in range(2)]
    server.route("/rss", Reply(rss2("Harbour Gazette", full), content_type="application/rss+xml"))
    server.route("/p0", Reply(page("Mill reopens", article_text("mill", 0))))
    server.route("/atom", Reply(atom("Mill Times", [Item("Mill reopens", server.url("/p0"), "Teaser.")]),
                                content_type="application/atom+xml"))
    home = server.route("/", Reply(page("Mill Times home", "Front.", feed_link="/atom")))

    code, out, _ = _invoke("feeds", "add", server.url("/rss"))
    assert code == 0 and "Added: feed #1 Harbour Gazette, 2 items" in out
    code, out, _ = _invoke("feeds", "add", home)
    assert code == 0 and "Mill Times" in out and f"found on {home}" in out
    server.route("/broken", Reply("no", status=503))
    opml_file = tmp_path / "more.opml"
    opml_file.write_text(opml([("Broken", server.url("/broken")), ("Harbour", server.url("/rss"))]))
    code, out, _ = _invoke("feeds", "import", str(opml_file))
    assert code == 0 and "1 added, 1 already present, 0 rejected" in out

    code, out, err = _invoke("update")
    assert code == 1  # one feed failed: named on stderr, the others went through
    assert "HTTP 503" in err
    assert "feeds: 2 ok, 0 not modified, 1 failed; articles: 3 new, 0 duplicate" in out

    code, out, _ = _invoke("feeds", "list", "--json")
    listing = {f["url"]: f for f in json.loads(out)}
    assert listing[server.url("/rss")]["articles"] == 2
    assert listing[server.url("/broken")]["failures"] == 1 and "503" in listing[server.url("/broken")]["last_error"]
    code, out, _ = _invoke("feeds", "list")
    assert code == 0 and "failing" in out and "Harbour Gazette" in out

    code, out, _ = _invoke("feeds", "resume", "3")
    assert code == 0 and "Resumed feed #3" in out
    code, out, _ = _invoke("feeds", "remove", "3")
    assert code == 0 and "Removed feed #3" in out
    code, out, err = _invoke("feeds", "remove", "3")
    assert code == 1 and "no feed 3" in err
    code, out, _ = _invoke("feeds", "export")
    assert code == 0 and out.count("<outline ") == 2 and "Harbour Gazette" in out

    # The old name still runs the pass, after one line saying what it is called now.
    code, out, err = _invoke("fetch")
    assert code == 0 and "articles: 0 new" in out
    assert err.splitlines()[0] == "newsbrief: `fetch` is now `newsbrief update`; the old name will be removed."
