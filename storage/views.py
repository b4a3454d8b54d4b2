"""Views that answer the everyday questions about the data (migration ``002_views``).

Each view and each of its columns carries a ``COMMENT ON`` so that
``duckdb_views()`` / ``duckdb_columns()`` and ``geowire sql`` users can read what
it means without opening this file.
"""

from __future__ import annotations

import duckdb

from storage.ddl import comment_view

RECENT_RUNS = 10  # source_health looks at each source's last ten runs

VIEWS: dict[str, tuple[str, str, dict[str, str]]] = {
    # name: (meaning, SELECT, column meanings)
    "latest_articles": (
        ("articles newest first, with each one's rank inside its source (source_rank = 1 is a source's "
         "newest): WHERE source_rank <= 5 gives the five latest of every source"),
        """
        SELECT source, row_number() OVER (PARTITION BY source ORDER BY coalesce(published_at, first_seen_at) DESC,
                                          canonical_url) AS source_rank,
               published_local, published_day, title, authors, section, language, word_count, version,
               canonical_url, first_seen_at, last_changed_at
        FROM articles
        ORDER BY coalesce(published_at, first_seen_at) DESC, source, canonical_url
        """,
        {"source": "source name", "source_rank": "1 for the source's newest article, 2 for the next, ...",
         "published_local": "publication time with the publisher's offset",
         "published_day": "publication day, publisher's local time", "title": "headline",
         "authors": "author names", "section": "the site's section", "language": "ISO 639-1 language",
         "word_count": "words in the text", "version": "content version (1 = never edited)",
         "canonical_url": "the article's key", "first_seen_at": "when geowire first landed it",
         "last_changed_at": "when its content last changed"},
    ),
    "daily_counts": (
        "articles per source and publication day (publisher's local day); day is NULL for undated articles",
        """
        SELECT source, published_day AS day, count(*) AS articles, sum(word_count) AS words,
               count(*) FILTER (WHERE version > 1) AS edited, count(DISTINCT section) AS sections
        FROM articles GROUP BY source, published_day ORDER BY day DESC NULLS LAST, source
        """,
        {"source": "source name", "day": "publication day in the publisher's local time",
         "articles": "articles published that day", "words": "their total words",
         "edited": "of those, articles edited after landing (version > 1)",
         "sections": "distinct site sections they appeared in"},
    ),
    "source_health": (
        (f"per source over its last {RECENT_RUNS} runs: when it last worked, how often fetches fail, and how "
         "often title/date/authors/body were extracted. A fill rate that drops in the latest run "
         "(last_run_fill_drop) usually means the site changed its layout"),
        f"""
        WITH recent AS (
            SELECT rs.*, r.started_at, r.finished_at,
                   row_number() OVER (PARTITION BY rs.source ORDER BY r.started_at DESC) AS recency
            FROM run_sources rs JOIN runs r USING (run_id)
        ),
        runs_agg AS (
            SELECT source, count(*) AS runs, max(started_at) AS last_run_at,
                   max(coalesce(finished_at, started_at)) FILTER (WHERE landed + unchanged > 0) AS last_success_at,
                   sum(failed) AS failed,
                   sum(landed + unchanged + skipped + failed) AS fetched,
                   round(sum(failed) / nullif(sum(landed + unchanged + skipped + failed), 0), 3) AS failure_rate
            FROM recent WHERE recency <= {RECENT_RUNS} GROUP BY source
        ),
        seen AS (  -- articles whose page state was recorded by one of the source's recent runs
            SELECT p.source, rc.recency = 1 AS in_last_run,
                   (a.title IS NOT NULL AND a.title <> '')::INTEGER AS has_title,
                   (a.published_at IS NOT NULL)::INTEGER AS has_date,
                   (len(a.authors) > 0)::INTEGER AS has_authors,
                   (coalesce(a.word_count, 0) >= 50)::INTEGER AS has_body
            FROM pages p JOIN recent rc ON rc.run_id = p.run_id AND rc.source = p.source
                         JOIN articles a ON a.canonical_url = p.article_url
            WHERE rc.recency <= {RECENT_RUNS} AND p.state IN ('landed', 'unchanged')
        ),
        fills AS (
            SELECT source, count(*) AS articles,
                   round(avg(has_title), 3) AS title_fill, round(avg(has_date), 3) AS date_fill,
                   round(avg(has_authors), 3) AS authors_fill, round(avg(has_body), 3) AS body_fill,
                   round(greatest(
                       avg(has_title) FILTER (NOT in_last_run) - avg(has_title) FILTER (in_last_run),
                       avg(has_date) FILTER (NOT in_last_run) - avg(has_date) FILTER (in_last_run),
                       avg(has_authors) FILTER (NOT in_last_run) - avg(has_authors) FILTER (in_last_run),
                       avg(has_body) FILTER (NOT in_last_run) - avg(has_body) FILTER (in_last_run)), 3)
                   AS last_run_fill_drop
            FROM seen GROUP BY source
        )
        SELECT r.source, r.runs, r.last_run_at, r.last_success_at, r.fetched, r.failed, r.failure_rate,
               coalesce(f.articles, 0) AS articles, f.title_fill, f.date_fill, f.authors_fill, f.body_fill,
               f.last_run_fill_drop
        FROM runs_agg r LEFT JOIN fills f USING (source)
        ORDER BY r.source
        """,
        {"source": "source name", "runs": f"runs considered (at most the last {RECENT_RUNS})",
         "last_run_at": "start of the source's latest run",
         "last_success_at": "end of the latest run in which at least one page was fetched and extracted",
         "fetched": "URLs given a final state in those runs (landed, unchanged, skipped or failed)",
         "failed": "of those, URLs that failed", "failure_rate": "failed / fetched",
         "articles": "articles whose page was last recorded by one of those runs",
         "title_fill": "share of those articles with a headline",
         "date_fill": "share with a publication date", "authors_fill": "share with at least one author",
         "body_fill": "share with a body of at least 50 words",
         "last_run_fill_drop": "largest fall of any fill rate in the latest run compared with the earlier "
                               "runs (0.3 = 30 points fewer); NULL until there are both"},
    ),
    "article_versions": (
        ("every content version of every article, oldest first, with what changed since the previous version: "
         "headline and text edits after publication are news in themselves"),
        """
        SELECT h.canonical_url, a.source, h.version, h.seen_at, h.title,
               lag(h.title) OVER w AS previous_title,
               CASE WHEN h.version > 1 THEN h.title IS DISTINCT FROM lag(h.title) OVER w END AS title_changed,
               CASE WHEN h.version > 1 THEN h.body IS DISTINCT FROM lag(h.body) OVER w END AS body_changed,
               len(regexp_extract_all(h.body, '\\S+')) AS words,
               len(regexp_extract_all(h.body, '\\S+')) - len(regexp_extract_all(lag(h.body) OVER w, '\\S+'))
                 AS words_delta,
               h.modified_at, h.content_hash
        FROM article_history h LEFT JOIN articles a USING (canonical_url)
        WINDOW w AS (PARTITION BY h.canonical_url ORDER BY h.version)
        ORDER BY h.canonical_url, h.version
        """,
        {"canonical_url": "the article", "source": "source name", "version": "1, 2, ... in order of change",
         "seen_at": "when geowire fetched this version", "title": "headline of this version",
         "previous_title": "headline of the previous version (NULL for version 1)",
         "title_changed": "headline differs from the previous version (NULL for version 1)",
         "body_changed": "text differs from the previous version (NULL for version 1)",
         "words": "words in this version's text",
         "words_delta": "words added (+) or removed (-) since the previous version",
         "modified_at": "the publisher's stated modification time for this version",
         "content_hash": "hash of headline, byline and text of this version"},
    ),
}


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """Migration ``002_views``: (re)create every view with its comments."""
    for name, (meaning, select, columns) in VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {select}")
        comment_view(con, name, meaning, columns)
