"""Keeping the query planner's statistics fresh after passes that changed many rows.

Search and answers lean on the planner choosing the publication-date index for "articles since
X". With stale statistics PostgreSQL estimates that most of the table qualifies and scans all of
it: on 100,000 articles `ask` went from 8 ms to 85 ms. Autovacuum normally prevents that, but it
can be off or lagging behind a bulk import, so each pipeline pass does what autoanalyze would:
ANALYZE a table once a tenth of it has changed since its last analysis. On SQLite,
``PRAGMA optimize`` is the documented per-session equivalent and costs next to nothing.
"""

from __future__ import annotations

import logging
from typing import Final

from sqlalchemy import text

from news.store.engine import Database

__all__ = ["refresh_statistics"]

log = logging.getLogger(__name__)

# Tables whose row counts and value spread change with every pass (names are ours, not input).
_TABLES: Final = ("articles", "stories", "near_dup_keys", "story_terms", "article_aliases")
# PostgreSQL's own default autovacuum_analyze_scale_factor and threshold.
_SHARE: Final = 0.1
_MINIMUM: Final = 50


def refresh_statistics(db: Database) -> list[str]:
    """Re-analyze the tables that changed enough since their last analysis; return their names."""
    if db.is_sqlite:
        with db.engine.begin() as conn:
            conn.execute(text("PRAGMA optimize"))
        return []
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT relname, n_live_tup, n_mod_since_analyze FROM pg_stat_user_tables "
                "WHERE relname = ANY(:names)"
            ),
            {"names": list(_TABLES)},
        ).all()
    stale = sorted(
        str(r.relname) for r in rows if r.n_mod_since_analyze > _MINIMUM + _SHARE * r.n_live_tup
    )
    if stale:
        # ANALYZE takes only a light lock (readers and writers go on) and samples the table.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for name in stale:
                conn.execute(text(f'ANALYZE "{name}"'))
        log.info("refreshed planner statistics: %s", ", ".join(stale))
    return stale
