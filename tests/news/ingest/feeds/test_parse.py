"""Parsing feed documents: formats, malformed feeds, legacy encodings, discovery."""

from __future__ import annotations

from datetime import UTC, datetime

from news.ingest.feeds.parse import discover_feed_links, html_to_text, parse_feed
from tests.news.ingest.feeds.builders import Item, article_text, atom, page, rss1, rss2


def test_rss2_prefers_content_encoded_over_the_description() -> None:
    full = article_text("tramway", 1)
    doc = rss2("Daily Post", [Item("Tram vote", "http://example.org/a1", "Short teaser.", full=full)])
    parsed = parse_feed(doc, url="http://example.org/feed.xml")
    assert parsed.is_feed and parsed.version == "rss20"
    assert parsed.title == "Daily Post"
    [entry] = parsed.entries
    assert entry.text == full  # paragraphs kept, HTML gone
    assert entry.published_at == datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    assert entry.guid == "http://example.org/a1"  # no <guid>: the link identifies the item


def test_rss1_and_atom_entries() -> None:
    items = [Item("One", "http://example.org/1", "First teaser."), Item("Two", "http://example.org/2", "Second.")]
    rdf = parse_feed(rss1("RDF Times", items), url="http://example.org/rdf")
    assert rdf.version == "rss10"
    assert [e.link for e in rdf.entries] == ["http://example.org/1", "http://example.org/2"]
    assert rdf.entries[0].published_at == datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    feed = parse_feed(atom("Atom Daily", items), url="http://example.org/atom")
    assert feed.version == "atom10"
    assert [e.text for e in feed.entries] == ["First teaser.", "Second."]
    assert feed.entries[1].guid == "http://example.org/2"


def test_malformed_feed_keeps_the_entries_before_the_damage() -> None:
    good = rss2("Broken", [Item("Fine item", "http://example.org/ok", "Readable text here.")])
    broken = good.replace(b"</channel></rss>", b"<item><title>Cut off <b>here</channel>")
    parsed = parse_feed(broken, url="http://example.org/broken")
    assert parsed.problem is not None
    assert parsed.is_feed
    assert parsed.entries[0].title == "Fine item"


def test_not_a_feed() -> None:
    parsed = parse_feed(b"<html><body><p>Hello</p></body></html>", url="http://example.org/")
    assert not parsed.is_feed
    assert parse_feed(b"", url="http://example.org/").is_feed is False


def test_legacy_encoding_declared_in_the_xml_prolog() -> None:
    title = "Новости дня"
    doc = rss2(title, [Item("Москва: трамвай", "http://example.org/r1", "Городской совет одобрил план.")],
               encoding="windows-1251")
    assert "Новости".encode() not in doc  # really single-byte Cyrillic on the wire
    parsed = parse_feed(doc, url="http://example.org/ru", content_type="application/rss+xml")
    assert parsed.title == title
    assert parsed.entries[0].title == "Москва: трамвай"
    assert parsed.entries[0].text == "Городской совет одобрил план."


def test_latin1_feed_served_as_text_xml_without_charset() -> None:
    doc = rss2("Le Café", [Item("Élections à Montréal", "http://example.org/f", "Déjà vu.")],
               encoding="iso-8859-1")
    parsed = parse_feed(doc, url="http://example.org/fr", content_type="application/xml")
    assert parsed.entries[0].title == "Élections à Montréal"


def test_discovery_finds_alternate_feed_links_resolved_against_the_page() -> None:
    html = page("Home", "Welcome.", feed_link="/rss.xml")
    html = html.replace("</head>", '<link rel="alternate" type="application/atom+xml" '
                                   'href="https://other.example/atom"><link rel="stylesheet" href="/s.css"></head>')
    assert discover_feed_links(html, "http://example.org/news/") == [
        "http://example.org/rss.xml",
        "https://other.example/atom",
    ]
    assert discover_feed_links("<html><body>no links</body></html>", "http://example.org/") == []


def test_html_to_text_keeps_paragraphs_and_drops_scripts() -> None:
    text = html_to_text("<p>One &amp; two.</p><script>alert(1)</script><p>Three<br>four.</p>")
    assert text == "One & two.\n\nThree\nfour."
    assert html_to_text("plain &lt;text&gt;") == "plain <text>"
