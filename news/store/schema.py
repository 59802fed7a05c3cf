"""The schema, as SQLAlchemy Core tables. Alembic migrations create it; this mirrors them.

Times are stored timezone-aware in UTC. Summaries are JSON lists of sentences. Full-text search
structures (FTS5 table, tsvector column) are dialect-specific and live in the migration and
``news.search`` only.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no offset of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = MetaData()

feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("title", Text),
    Column("site_url", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("added_at", UTCDateTime(), nullable=False),
    Column("last_fetch_at", UTCDateTime()),
    Column("last_success_at", UTCDateTime()),
    Column("last_error", Text),
    Column("last_error_at", UTCDateTime()),
    Column("consecutive_failures", Integer, nullable=False, default=0),
    Column("next_fetch_at", UTCDateTime()),
    Column("paused", Boolean, nullable=False, default=False),
    Column("item_count", Integer, nullable=False, default=0),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("first_published_at", UTCDateTime(), nullable=False),
    Column("last_published_at", UTCDateTime(), nullable=False),
    Column("article_count", Integer, nullable=False, default=0),
    # [{"article_id": int, "text": str}, ...]: sentences chosen across the member articles.
    Column("summary", JSON),
    Column("summary_stale", Boolean, nullable=False, default=True),
    # Clustering state (e.g. a serialised centroid); owned by news.stories.
    Column("centroid", LargeBinary),
    Index("ix_stories_last_published", "last_published_at"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ext_id", Text, unique=True),
    Column("url", Text),
    Column("canonical_url", Text, unique=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("language", String(32), nullable=False),
    Column("published_at", UTCDateTime(), nullable=False),
    Column("ingested_at", UTCDateTime(), nullable=False),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="SET NULL")),
    Column("summary", JSON),
    Column("summarizer", String(32)),
    Column("summarized_at", UTCDateTime()),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="SET NULL")),
    # Near-duplicate of an earlier article (same wire story lightly edited): linked, not new news.
    Column("duplicate_of", Integer, ForeignKey("articles.id", ondelete="SET NULL")),
    Column("simhash", BigInteger),
    # What the source said the publication date was, when it was not believable and
    # ``published_at`` became the fetch time instead (kept for display and debugging).
    Column("published_raw", Text),
    Index("ix_articles_published", "published_at"),
    Index("ix_articles_pending", "summarized_at"),
    Index("ix_articles_story", "story_id"),
    # A story's own reports, newest last: listing the latest few never reads the rest. Partial
    # (originals only) on both backends, as migration 0005 builds it; the PostgreSQL predicate is
    # not repeated here because naming any postgresql_* option makes SQLAlchemy import its whole
    # PostgreSQL dialect (~30 ms) in every process, SQLite or not, and Alembic's comparison of
    # the schema with the migrations does not read index predicates on PostgreSQL.
    Index("ix_articles_story_members", "story_id", "published_at", sqlite_where=text("duplicate_of IS NULL")),
    Index("ix_articles_simhash", "simhash"),
)

# Another outlet, URL or external id under which an already stored article arrived again.
article_aliases = Table(
    "article_aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("ext_id", Text),
    Column("url", Text),
    Column("source", Text),
    Column("seen_at", UTCDateTime(), nullable=False),
    Index("ix_aliases_article", "article_id"),
    Index("ix_aliases_ext_id", "ext_id"),
)

chats = Table(
    "chats",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("title", Text),
    Column("kind", String(16)),
    Column("timezone", String(64), nullable=False, default="UTC"),
    Column("digest_time", Time, nullable=False),
    Column("digest_enabled", Boolean, nullable=False, default=False),
    Column("thread_id", BigInteger),
    Column("paused", Boolean, nullable=False, default=False),
    Column("paused_reason", Text),
    Column("last_digest_at", UTCDateTime()),
    Column("created_at", UTCDateTime(), nullable=False),
    # The language of the bot's own words in the chat ("ru"), as a face last heard it: digests
    # sent without anyone writing (scheduled, after a restart) speak it too. None: not known.
    Column("language", String(16)),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("chat_id", BigInteger, ForeignKey("chats.id", ondelete="CASCADE"), nullable=False),
    Column("topic", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("chat_id", "topic", name="uq_subscription_chat_topic"),
)

# The outbox: one row per chat and digest period; claimed before sending, marked sent after.
digest_deliveries = Table(
    "digest_deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("chat_id", BigInteger, ForeignKey("chats.id", ondelete="CASCADE"), nullable=False),
    Column("period", Date, nullable=False),
    Column("state", String(16), nullable=False),
    Column("claimed_at", UTCDateTime()),
    Column("claimed_by", Text),
    Column("sent_at", UTCDateTime()),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text),
    UniqueConstraint("chat_id", "period", name="uq_digest_chat_period"),
)

# What each chat was sent of each story (``news.answers.updates``): the story's reports it has
# seen and fingerprints of the sentences it was shown, so a later digest brings only new facts.
# Goes with the story (retention, merges move it: ``news.store.reads``) and with the chat.
story_reads = Table(
    "story_reads",
    metadata,
    Column("chat_id", BigInteger, ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True,
           autoincrement=False),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True,
           autoincrement=False),
    Column("article_ids", JSON, nullable=False),  # [article id, ...]
    Column("sentences", JSON, nullable=False),  # [[term hash, ...], ...] (news.answers.novelty)
    Column("sent_at", UTCDateTime(), nullable=False),
    Index("ix_story_reads_story", "story_id"),
)

# Each chat's 👍 / 👎 on digest stories (``news.answers.feedback``): one row per chat and story,
# with the story's terms and outlets kept so the feedback outlives the story.
story_feedback = Table(
    "story_feedback",
    metadata,
    Column("chat_id", BigInteger, ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True,
           autoincrement=False),
    Column("story_id", Integer, primary_key=True, autoincrement=False),
    Column("sign", SmallInteger, nullable=False),  # +1 👍, -1 👎
    Column("terms", JSON, nullable=False),  # [term hash, ...] (news.answers.novelty)
    Column("outlets", JSON, nullable=False),  # [outlet name, ...]
    Column("at", UTCDateTime(), nullable=False),
)

# Who manages which channel or group from a private chat (``/channel add``); the channel's
# settings, topics and outbox are its ordinary ``chats`` row.
chat_managers = Table(
    "chat_managers",
    metadata,
    Column("chat_id", BigInteger, ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True,
           autoincrement=False),
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("handle", Text),  # the @name it was added under, when it has one
    Column("added_at", UTCDateTime(), nullable=False),
    Index("ix_chat_managers_user", "user_id"),
)

# Near-duplicate lookup (news.dedupe): MinHash LSH band keys, several rows per article.
near_dup_keys = Table(
    "near_dup_keys",
    metadata,
    Column("key", BigInteger, primary_key=True, autoincrement=False),
    Column(
        "article_id",
        Integer,
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Index("ix_near_dup_keys_article", "article_id"),
)

# Story clustering (news.stories): in how many clustered articles each hashed term occurs (IDF).
story_terms = Table(
    "story_terms",
    metadata,
    Column("term", BigInteger, primary_key=True, autoincrement=False),
    Column("df", Integer, nullable=False),
)

# Liveness of each running process (``newsbrief health``, /stats): one row per process name.
heartbeats = Table(
    "heartbeats",
    metadata,
    Column("name", Text, primary_key=True),
    Column("role", String(16), nullable=False),
    Column("last_seen_at", UTCDateTime(), nullable=False),
    Column("last_pass_at", UTCDateTime()),
    Column("last_pass", Text),
)

# Items a pipeline stage set aside instead of failing the batch (``news.quarantine``): what, where,
# why. A quarantined article is skipped by the stages after; pruning it drops its rows.
quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stage", String(16), nullable=False),
    Column("item", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE")),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="SET NULL")),
    Column("at", UTCDateTime(), nullable=False),
    Index("ix_quarantine_article", "article_id"),
    Index("ix_quarantine_at", "at"),
)
