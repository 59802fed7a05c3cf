"""Feed and page documents for tests: RSS 2.0, RSS 1.0, Atom, article pages, OPML.

Article bodies are generated from a topic word and a number so each is distinct (content hashes
differ) and long enough to count as full text (over the default 120-word teaser limit).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from xml.sax.saxutils import escape

__all__ = ["Item", "article_text", "atom", "opml", "page", "rss1", "rss2"]

_WHO = ("Officials", "The mayor", "Councillor Ana Ruiz", "Engineers", "Auditors", "Residents",
        "A union spokesman", "The regional minister", "Opposition leaders", "Local traders",
        "Environmental groups", "The chief planner", "Hospital managers", "Farmers", "Students",
        "Police chiefs", "Transport unions", "A court clerk", "Investors", "Retired teachers")
_DID = ("confirmed", "questioned", "welcomed", "criticised", "delayed", "approved", "reviewed",
        "challenged", "praised", "debated", "funded", "inspected", "blocked", "announced",
        "postponed", "defended", "rejected", "backed", "examined", "mapped")
_WHAT = ("the {t} budget", "plans for the {t}", "the {t} contract", "a report on the {t}",
         "the {t} timetable", "costs of the {t}", "the new {t} rules", "safety of the {t}",
         "the {t} tender", "delays to the {t}", "the {t} survey", "a vote on the {t}")
_WHEN = ("on Monday", "late on Tuesday", "after a long meeting", "before the summer recess",
         "during a heated session", "in a written statement", "at a press briefing",
         "despite strong protests", "following months of talks", "ahead of the elections",
         "in the town of {p}", "near the old {p} station", "within {n} days", "for {n} weeks")
_WHY = ("citing rising prices", "pointing to {n} complaints", "after {n} objections",
        "as turnout fell", "amid worries over water", "with {n} jobs at stake",
        "because of an audit", "as rain flooded roads", "while traffic doubled",
        "over a {n} million shortfall", "after a fire", "as exports slowed")


def article_text(topic: str, n: int, *, place: str = "Northbridge", paragraphs: int = 3) -> str:
    """A ~180-word news article about ``topic``; different ``n`` give unrelated texts.

    Random (seeded) phrase choices keep two articles' word shingles apart, so the near-duplicate
    detector treats them as different news, as it would real articles.
    """
    rng = random.Random(f"{topic}:{n}:{place}")
    parts = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(5):
            fill = {"t": topic, "p": place, "n": rng.randint(2, 999)}
            sentences.append(
                f"{rng.choice(_WHO)} {rng.choice(_DID)} {rng.choice(_WHAT).format(**fill)} "
                f"{rng.choice(_WHEN).format(**fill)}, {rng.choice(_WHY).format(**fill)}."
            )
        parts.append(" ".join(sentences))
    return "\n\n".join(parts)


@dataclass(slots=True)
class Item:
    title: str
    link: str
    text: str
    guid: str | None = None
    published: str | None = "Sat, 21 Nov 2026 10:00:00 GMT"
    full: str | None = None  # content:encoded / atom:content


def rss2(title: str, items: list[Item], *, site: str = "http://example.org/",
         encoding: str = "utf-8") -> bytes:
    entries = []
    for item in items:
        parts = [f"<title>{escape(item.title)}</title>", f"<link>{escape(item.link)}</link>",
                 f"<description>{escape(item.text)}</description>"]
        if item.guid:
            parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        if item.published:
            parts.append(f"<pubDate>{item.published}</pubDate>")
        if item.full:
            html = "".join(f"<p>{escape(p)}</p>" for p in item.full.split("\n\n"))
            parts.append(f"<content:encoded><![CDATA[{html}]]></content:encoded>")
        entries.append("<item>" + "".join(parts) + "</item>")
    doc = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{escape(title)}</title><link>{escape(site)}</link>"
        f"<description>test feed</description>{''.join(entries)}</channel></rss>"
    )
    return doc.encode(encoding)


def rss1(title: str, items: list[Item], *, site: str = "http://example.org/") -> bytes:
    seq = "".join(f'<rdf:li rdf:resource="{escape(i.link)}"/>' for i in items)
    entries = "".join(
        f'<item rdf:about="{escape(i.link)}"><title>{escape(i.title)}</title>'
        f"<link>{escape(i.link)}</link><description>{escape(i.text)}</description>"
        f"<dc:date>2026-11-21T09:00:00Z</dc:date></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="{escape(site)}"><title>{escape(title)}</title>'
        f"<link>{escape(site)}</link><description>test</description>"
        f"<items><rdf:Seq>{seq}</rdf:Seq></items></channel>{entries}</rdf:RDF>"
    ).encode()


def atom(title: str, items: list[Item], *, site: str = "http://example.org/") -> bytes:
    entries = "".join(
        f"<entry><title>{escape(i.title)}</title><link rel=\"alternate\" href=\"{escape(i.link)}\"/>"
        f"<id>{escape(i.guid or i.link)}</id><updated>2026-11-21T08:00:00Z</updated>"
        f"<summary>{escape(i.text)}</summary></entry>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><link href=\"{escape(site)}\"/>"
        f"<id>urn:test:{escape(title)}</id><updated>2026-11-21T08:00:00Z</updated>{entries}</feed>"
    ).encode()


def page(title: str, body: str, *, feed_link: str | None = None,
         published: str | None = "2026-11-20") -> str:
    """An article page with navigation, a footer and a subscribe box around the text."""
    head = f"<title>{escape(title)}</title>"
    if feed_link:
        head += f'<link rel="alternate" type="application/rss+xml" title="RSS" href="{escape(feed_link)}">'
    if published:
        head += f'<meta property="article:published_time" content="{published}">'
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
    return (
        f"<!DOCTYPE html><html><head><meta charset=\"utf-8\">{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<main><article><h1>{escape(title)}</h1>{paragraphs}</article></main>"
        "<aside class='newsletter'>Subscribe to our newsletter for daily updates!</aside>"
        "<footer>Copyright 2026 Example News. All rights reserved.</footer></body></html>"
    )


def opml(feeds: list[tuple[str, str]]) -> str:
    outlines = "".join(
        f'<outline text="{escape(t)}" title="{escape(t)}" type="rss" xmlUrl="{escape(u)}"/>'
        for t, u in feeds
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><head><title>x</title></head>'
        f'<body><outline text="News">{outlines}</outline></body></opml>'
    )
