"""What enrichment adds to the database (migration ``008_enrichment``), and writing it at landing.

* ``articles`` gains ``dateline_place``, ``agency``, ``countries`` (codes, most mentioned first),
  ``actors`` and ``corrections`` — appended, so rows keep their column order everywhere;
* ``article_countries``: one row per article and country, with counts and where it was named — since
  migration ``012_country_mentions`` a view over the ``country_mentions`` column of ``articles``
  (``create_country_view``), so that landing writes them with the article's row;
* ``article_history`` gains ``corrections`` and ``article_versions`` shows, per version, the
  notices and whether one appeared with it (``corrected``).
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from scrapers.models import Article
from storage.ddl import add_documented_columns, comment_view, create_documented_table, has_table
from storage.views import VIEWS

ARTICLE_COLUMNS: dict[str, tuple[str, str]] = {
    "dateline_place": ("VARCHAR", "where the story was filed, from its dateline ('Kyiv, Ukraine')"),
    "agency": ("VARCHAR", "the news agency its dateline or byline credits (AP, Reuters, Yonhap, ...)"),
    "countries": ("VARCHAR[]", ("ISO 3166-1 codes of the countries headline and text name, most mentioned first "
                                "(details in article_countries)")),
    "actors": ("VARCHAR[]", "organisations and leaders named (scrapers/enrich/data/actors.toml, $GEOWIRE_ACTORS)"),
    "corrections": ("VARCHAR[]", "correction and update notices, taken out of the body"),
}
_MENTION = "STRUCT(country VARCHAR, mentions INTEGER, in_headline BOOLEAN, in_dateline BOOLEAN)"
MENTIONS_COLUMN: dict[str, tuple[str, str]] = {
    "country_mentions": (f"{_MENTION}[]", ("per country headline and text name, in the order of countries: its code, "
                                          "times named, whether the headline and the dateline name it (a row per "
                                          "country in the view article_countries)")),
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
ARTICLE_COUNTRIES = """
CREATE OR REPLACE VIEW article_countries AS
SELECT a.canonical_url, m.country, m.mentions, m.in_headline, m.in_dateline, a.published_day
FROM articles a, unnest(a.country_mentions) AS u(m)
"""


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
    comment_view(con, "article_versions", meaning + "; corrected: a notice appeared", {**columns, **_VERSION_COMMENTS})


def article_columns(article: Article) -> dict[str, object]:
    """The ``articles`` columns of this module, for ``storage.land.article_row``."""
    return {"dateline_place": article.dateline_place, "agency": article.agency,
            "countries": [c.code for c in article.countries], "actors": list(article.actors),
            "corrections": list(article.corrections),
            "country_mentions": [{"country": c.code, "mentions": c.mentions, "in_headline": c.in_headline,
                                  "in_dateline": c.in_dateline} for c in article.countries]}


ARTICLE_BATCH_FIELDS = [("dateline_place", pa.string()), ("agency", pa.string()),
                        ("countries", pa.list_(pa.string())), ("actors", pa.list_(pa.string())),
                        ("corrections", pa.list_(pa.string())),
                        ("country_mentions", pa.list_(pa.struct([("country", pa.string()), ("mentions", pa.int32()),
                                                                 ("in_headline", pa.bool_()),
                                                                 ("in_dateline", pa.bool_())])))]


def create_country_view(con: duckdb.DuckDBPyConnection) -> None:
    """Migration ``012_country_mentions``: each article's countries (code, mentions, headline, dateline) in a
    column of its row, ``article_countries`` a view over it, the rows of the table it was moved in.

    Why: landing wrote them as a table of their own, ~9 rows per article under a two-column primary key:
    on a copy of a 10,000-article working file, a batch of 100 articles took ~4.6 ms more to insert and
    ~1.4 ms more to commit with its ~900 country rows than without, against ~0.7 and ~0.6 ms more with
    them as a column of the articles' own rows (``benchmarks/stories.py --landing`` measures the landing)."""
    add_documented_columns(con, "articles", MENTIONS_COLUMN)
    if has_table(con, "article_countries"):
        con.execute("""
            UPDATE articles SET country_mentions = m.mentions FROM (
                SELECT c.canonical_url,
                       list({'country': c.country, 'mentions': c.mentions, 'in_headline': c.in_headline,
                             'in_dateline': c.in_dateline}
                            ORDER BY coalesce(list_position(a.countries, c.country), 2147483647), c.country
                           ) AS mentions
                FROM article_countries c JOIN articles a USING (canonical_url) GROUP BY c.canonical_url) m
            WHERE articles.canonical_url = m.canonical_url""")
        con.execute("DROP TABLE article_countries")
    con.execute(ARTICLE_COUNTRIES)
    comment_view(con, "article_countries", "one row per article and country it names: how often, and whether in the "
                 "headline and the dateline (from articles.country_mentions)",
                 {column: text for column, (_, text) in COUNTRY_COLUMNS.items()})
