"""What enrichment adds to the database (migration ``008_enrichment``), and writing it at landing.

* ``articles`` gains ``dateline_place``, ``agency``, ``countries`` (codes, most mentioned first),
  ``actors`` and ``corrections`` — appended, so rows keep their column order everywhere;
* ``article_countries``: one row per article and country, with counts and where it was named;
* ``article_history`` gains ``corrections`` and ``article_versions`` shows, per version, the
  notices and whether one appeared with it (``corrected``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import duckdb
import pyarrow as pa

from scrapers.models import Article
from storage.db import append
from storage.ddl import add_documented_columns, create_documented_table, quote
from storage.views import VIEWS

ARTICLE_COLUMNS: dict[str, tuple[str, str]] = {
    "dateline_place": ("VARCHAR", "where the story was filed, from its dateline ('Kyiv, Ukraine')"),
    "agency": ("VARCHAR", "the news agency its dateline or byline credits (AP, Reuters, Yonhap, ...)"),
    "countries": ("VARCHAR[]", ("ISO 3166-1 codes of the countries headline and text name, most mentioned first "
                                "(details in article_countries)")),
    "actors": ("VARCHAR[]", "organisations and leaders named (scrapers/enrich/data/actors.toml, $GEOWIRE_ACTORS)"),
    "corrections": ("VARCHAR[]", "correction and update notices, taken out of the body"),
}
COUNTRY_COLUMNS: dict[str, tuple[str, str]] = {
    "canonical_url": ("VARCHAR NOT NULL", "the article"),
    "country": ("VARCHAR NOT NULL", "ISO 3166-1 alpha-2 code"),
    "mentions": ("INTEGER NOT NULL", "times headline and text name it (names, demonyms, capitals)"),
    "in_headline": ("BOOLEAN NOT NULL", "the headline names it"),
    "in_dateline": ("BOOLEAN NOT NULL", "the dateline's place is in it"),
    "published_day": ("DATE", "the article's publication day (publisher's local time)"),
}
ARTICLE_VERSIONS = """
CREATE OR REPLACE VIEW article_versions AS
SELECT h.canonical_url, a.source, h.version, h.seen_at, h.title,
       lag(h.title) OVER w AS previous_title,
       CASE WHEN h.version > 1 THEN h.title IS DISTINCT FROM lag(h.title) OVER w END AS title_changed,
       CASE WHEN h.version > 1 THEN h.body IS DISTINCT FROM lag(h.body) OVER w END AS body_changed,
       len(regexp_extract_all(h.body, '\\S+')) AS words,
       len(regexp_extract_all(h.body, '\\S+')) - len(regexp_extract_all(lag(h.body) OVER w, '\\S+')) AS words_delta,
       h.modified_at, h.content_hash,
       coalesce(h.corrections, []) AS corrections,
       len(coalesce(h.corrections, [])) > len(coalesce(lag(h.corrections) OVER w, [])) AS corrected
FROM article_history h LEFT JOIN articles a USING (canonical_url)
WINDOW w AS (PARTITION BY h.canonical_url ORDER BY h.version)
ORDER BY h.canonical_url, h.version
"""
_VERSION_COMMENTS = {
    "corrections": "correction and update notices of this version",
    "corrected": "this version added a correction or update notice",
}
_COUNTRY_BATCH = pa.schema([("canonical_url", pa.string()), ("country", pa.string()), ("mentions", pa.int32()),
                            ("in_headline", pa.bool_()), ("in_dateline", pa.bool_()), ("published_day", pa.date32())])


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Migration ``008_enrichment``. Articles landed before it have empty new columns until they are
    re-extracted (``geowire reextract``) or land again."""
    add_documented_columns(con, "articles", ARTICLE_COLUMNS)
    con.execute("ALTER TABLE article_history ADD COLUMN IF NOT EXISTS corrections VARCHAR[]")
    con.execute("COMMENT ON COLUMN article_history.corrections IS 'correction and update notices of this version'")
    create_documented_table(con, "article_countries", "one row per article and country it names: how often, and "
                            "whether in the headline and the dateline", COUNTRY_COLUMNS,
                            ", PRIMARY KEY (canonical_url, country)")
    con.execute(ARTICLE_VERSIONS)  # replacing the view drops its comments: all of them again
    meaning, _, columns = VIEWS["article_versions"]
    con.execute(f"COMMENT ON VIEW article_versions IS {quote(meaning + '; corrected: a notice appeared')}")
    for column, text in {**columns, **_VERSION_COMMENTS}.items():
        con.execute(f"COMMENT ON COLUMN article_versions.{column} IS {quote(text)}")


def article_columns(article: Article) -> dict[str, object]:
    """The ``articles`` columns of this module, for ``storage.land.article_row``."""
    return {"dateline_place": article.dateline_place, "agency": article.agency,
            "countries": [c.code for c in article.countries], "actors": list(article.actors),
            "corrections": list(article.corrections)}


ARTICLE_BATCH_FIELDS = [("dateline_place", pa.string()), ("agency", pa.string()),
                        ("countries", pa.list_(pa.string())), ("actors", pa.list_(pa.string())),
                        ("corrections", pa.list_(pa.string()))]


def write_countries(con: duckdb.DuckDBPyConnection, articles: Mapping[str, Article], landed_before: Iterable[str] = ()
                    ) -> None:
    """Write the ``article_countries`` rows of these articles (key -> record) in the caller's transaction,
    replacing those of the ones ``landed_before`` (new articles have none to delete)."""
    if not articles:
        return
    if earlier := list(landed_before):
        con.execute("DELETE FROM article_countries WHERE canonical_url = ANY(?)", [earlier])
    # Built by column: a list of row dicts costs Arrow ~3x as much to read (~1 ms for a batch of 100 pages).
    tagged = [(key, article.published_day, c) for key, article in articles.items() for c in article.countries]
    if tagged:
        columns = {"canonical_url": [key for key, _, _ in tagged], "country": [c.code for _, _, c in tagged],
                   "mentions": [c.mentions for _, _, c in tagged], "in_headline": [c.in_headline for _, _, c in tagged],
                   "in_dateline": [c.in_dateline for _, _, c in tagged], "published_day": [day for _, day, _ in tagged]}
        append(con, "article_countries", pa.Table.from_pydict(columns, schema=_COUNTRY_BATCH))
