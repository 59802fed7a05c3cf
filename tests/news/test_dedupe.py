"""Near-duplicates: a lightly edited copy is stored but linked; different reports are not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sqlalchemy import select

from news.articles import add_articles
from news.dedupe import fingerprint, hamming, jaccard
from news.ingest.files import drafts_from_file
from news.models import ArticleDraft
from news.store import Database
from news.store.schema import articles, near_dup_keys


def _seed(examples_dir: Path, prefix: str) -> ArticleDraft:
    (path,) = examples_dir.glob(f"{prefix}_*.txt")
    drafts, _ = drafts_from_file(path, max_bytes=10_000_000)
    return drafts[0]


def _edited(body: str) -> str:
    """Another outlet's copy: a new opening line, two words changed, the last paragraph cut."""
    paragraphs = body.split("\n\n")
    kept = "\n\n".join(paragraphs[:-1]).replace("yesterday", "on Monday").replace("slim", "dim")
    return "CAIRO (Wire) - Updated with mediators' comments.\n\n" + kept


def test_fingerprint_is_stable_and_signed(examples_dir: Path) -> None:
    body = _seed(examples_dir, "000").body
    first, second = fingerprint(body), fingerprint(body)
    assert first.simhash == second.simhash and first.band_keys == second.band_keys
    assert -(1 << 63) <= first.simhash < (1 << 63)
    assert len(first.band_keys) == 16
    assert np.array_equal(first.shingles, second.shingles)


def test_edited_copy_is_similar_and_other_outlet_is_not(examples_dir: Path) -> None:
    original = _seed(examples_dir, "000").body
    copy = fingerprint(_edited(original))
    other = fingerprint(_seed(examples_dir, "003").body)
    base = fingerprint(original)
    assert jaccard(base.shingles, copy.shingles) > 0.8
    assert jaccard(base.shingles, other.shingles) < 0.1
    assert hamming(base.simhash, copy.simhash) < hamming(base.simhash, other.simhash)
    assert set(base.band_keys) & set(copy.band_keys)
    assert not set(base.band_keys) & set(other.band_keys)


def test_short_text_has_no_band_keys() -> None:
    assert fingerprint("Markets rallied on Friday.").band_keys == ()


def test_near_duplicate_is_stored_and_linked(db: Database, examples_dir: Path) -> None:
    original = _seed(examples_dir, "000")
    copy = ArticleDraft(body=_edited(original.body), title=original.title, source="wire",
                        published_at=original.published_at, ext_id="copy")
    other = _seed(examples_dir, "003")
    with db.write() as conn:
        first = add_articles(conn, [original], default_language="english")[0]
        second = add_articles(conn, [copy], default_language="english")[0]
        third = add_articles(conn, [other], default_language="english")[0]
        again = add_articles(conn, [original], default_language="english")[0]
    assert (first.status, second.status, third.status) == ("new", "new", "new")
    assert second.near_duplicate_of == first.article_id
    assert first.near_duplicate_of is None and third.near_duplicate_of is None
    assert again.status == "duplicate" and again.article_id == first.article_id
    with db.read() as conn:
        rows = {r.id: r for r in conn.execute(select(articles))}
        keys = conn.execute(select(near_dup_keys.c.article_id)).scalars().all()
    assert rows[second.article_id].duplicate_of == first.article_id
    assert rows[third.article_id].duplicate_of is None
    assert all(r.simhash is not None for r in rows.values())
    assert set(keys) == {first.article_id, second.article_id, third.article_id}


def test_copy_of_a_copy_links_to_the_first_original(db: Database, examples_dir: Path) -> None:
    original = _seed(examples_dir, "000")
    once = _edited(original.body)
    twice = once.replace("Hamas negotiators", "Hamas officials") + "\n\nReporting by staff."
    with db.write() as conn:
        first = add_articles(conn, [original], default_language="english")[0]
        results = [
            add_articles(conn, [ArticleDraft(body=body, title="t", source=f"s{i}", ext_id=f"c{i}")],
                         default_language="english")[0]
            for i, body in enumerate((once, twice))
        ]
    assert [r.near_duplicate_of for r in results] == [first.article_id, first.article_id]
