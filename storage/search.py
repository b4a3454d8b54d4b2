"""Offline full-text search: an inverted index in DuckDB tables, ranked with BM25 in SQL.

DuckDB's ``fts`` extension is downloaded at run time, which an offline install
cannot do, so geowire keeps its own index in four ordinary tables:

* ``search_docs``: one row per indexed article (its term counts, for length normalisation);
* ``search_terms``: the terms, numbered (postings hold integers: fast to filter and join);
* ``search_postings``: (term_id, doc_id, title_tf, body_tf) — the inverted index;
* ``search_vocabulary``: folded word -> index term, for words whose term differs from the
  word (stems, bigrams), so that the SQL macro ``search_articles('...')`` can map a query
  to terms without Python — it works from the plain ``duckdb`` shell too.

Text is folded, split into words and stemmed (or cut into CJK bigrams) by ``scrapers.textindex``,
usually in a crawl's worker processes beside extraction, so that landing only inserts rows. The
folding exists in Python (to index) and in SQL (``search_fold``, to query); both are generated from
the constants of ``scrapers.textindex``.

``index_articles(con, urls)`` keeps the index current inside the landing
transaction; ``reindex(db)`` catches up (or rebuilds) afterwards, and ``search``
catches up by itself before it queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import pyarrow as pa

from scrapers.textindex import (
    ACCENTED_SCRIPTS,
    DROPPED_CLASS,
    LETTER_FOLDS,
    UNSPACED,
    WORD,
    WORD_RE,
    IndexedText,
    fold,
    index_text,
    word_terms,
    words,
)
from storage.db import Database, scalar
from storage.ddl import create_documented_table, quote

TITLE_WEIGHT = 3.0  # a headline word counts as much as three body words
CHUNK = 500  # articles indexed per batch when (re)indexing many


# ---------------------------------------------------------------- schema (migration 003_search_index)

_TABLES = {
    "search_docs": (
        "full-text search: one row per indexed article (storage.search)",
        {"doc_id": ("INTEGER NOT NULL", "the article's number inside the index"),
         "canonical_url": ("VARCHAR NOT NULL", "the article (articles.canonical_url)"),
         "language": ("VARCHAR", "language it was stemmed in"),
         "title_terms": ("INTEGER NOT NULL", "index terms in the headline"),
         "body_terms": ("INTEGER NOT NULL", "index terms in the text"),
         "indexed_hash": ("VARCHAR NOT NULL", "articles.record_hash when indexed: a mismatch means stale"),
         "indexed_at": ("TIMESTAMPTZ NOT NULL", "when it was indexed")}),
    "search_terms": (
        "full-text search: the index's terms, numbered",
        {"term_id": ("INTEGER NOT NULL", "the term's number"),
         "term": ("VARCHAR NOT NULL", "index term: folded, stemmed word or CJK/Thai character bigram")}),
    "search_postings": (
        "full-text search: the inverted index, one row per term and article",
        {"term_id": ("INTEGER NOT NULL", "search_terms.term_id"),
         "doc_id": ("INTEGER NOT NULL", "search_docs.doc_id"),
         "title_tf": ("INTEGER NOT NULL", "occurrences in the headline"),
         "body_tf": ("INTEGER NOT NULL", "occurrences in the text")}),
    "search_vocabulary": (
        ("full-text search: folded words whose index terms differ from the word itself (stems, bigrams), "
         "so that SQL can map a query to terms"),
        {"word": ("VARCHAR NOT NULL", "a folded word as it appears in text"),
         "term": ("VARCHAR NOT NULL", "one of its index terms")}),
}

_SEARCH_FOLD = f"""
CREATE OR REPLACE MACRO search_fold(text) AS array_to_string(list_transform(
    string_split(nfc_normalize(replace(lower(text), chr(0), ' ')), ''),
    lambda c: CASE WHEN regexp_full_match(c, '{DROPPED_CLASS}') AND regexp_full_match(c, '\\p{{Mn}}') THEN ''
              {" ".join(f"WHEN c = '{k}' THEN '{v}'" for k, v in LETTER_FOLDS.items())}
              WHEN regexp_full_match(c, '{ACCENTED_SCRIPTS}') THEN strip_accents(c)
              ELSE c END), '')
"""

_SEARCH_QUERY_TERMS = f"""
CREATE OR REPLACE MACRO search_query_terms(query) AS (
    WITH words AS (SELECT DISTINCT unnest(regexp_extract_all(search_fold(query), '{WORD}')) AS word)
    SELECT coalesce(list(DISTINCT term ORDER BY term), []::VARCHAR[]) FROM (
        SELECT unnest(CASE
            WHEN NOT regexp_full_match(word, '{UNSPACED}+') THEN [word]
            WHEN length(word) = 1 THEN [word]
            ELSE list_transform(range(1, length(word)), lambda i: substr(word, i, 2)) END) AS term
        FROM words WHERE length(word) > 1 OR regexp_full_match(word, '{UNSPACED}')
        UNION ALL
        SELECT v.term FROM search_vocabulary v SEMI JOIN words w ON v.word = w.word))
"""

_SEARCH_RANKED = f"""
CREATE OR REPLACE MACRO search_ranked(terms, title_weight := {TITLE_WEIGHT}, k1 := 1.2, b := 0.75) AS TABLE
WITH stats AS (
    SELECT count(*)::DOUBLE AS n, avg(title_terms * title_weight + body_terms) AS avgdl FROM search_docs),
wanted AS (SELECT term_id FROM search_terms WHERE term IN (SELECT unnest(terms))),
hits AS (
    SELECT term_id, doc_id, title_tf * title_weight + body_tf AS tf FROM search_postings SEMI JOIN wanted USING (term_id)),
df AS (SELECT term_id, count(*) AS df FROM hits GROUP BY term_id),
scored AS (
    SELECT h.doc_id, count(*) AS matched_terms,
           sum(ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5)) * h.tf * (k1 + 1)
               / (h.tf + k1 * (1 - b + b * (d.title_terms * title_weight + d.body_terms) / s.avgdl))) AS score
    FROM hits h JOIN df USING (term_id) JOIN search_docs d USING (doc_id) CROSS JOIN stats s
    GROUP BY h.doc_id)
SELECT a.canonical_url, a.source, a.published_day, a.title, round(sc.score, 4) AS score, sc.matched_terms
FROM scored sc JOIN search_docs d USING (doc_id) JOIN articles a USING (canonical_url)
ORDER BY sc.score DESC, a.published_day DESC NULLS LAST, a.canonical_url
"""

_SEARCH_ARTICLES = """
CREATE OR REPLACE MACRO search_articles(query) AS TABLE
SELECT * FROM search_ranked(search_query_terms(query))
"""

_MACRO_COMMENTS = {
    "search_fold": ("MACRO", "fold text for search: lower case, accents and vowel points removed"),
    "search_query_terms": ("MACRO", ("the index terms of a search query (folded words, mapped through "
                                     "search_vocabulary to stems and bigrams)")),
    "search_ranked": ("MACRO TABLE", ("articles matching a list of index terms, best first (BM25, headline "
                                      "words weighted x3)")),
    "search_articles": ("MACRO TABLE", ("full-text search: SELECT * FROM search_articles('north korea troops') "
                                        "ranks articles by BM25 relevance")),
}


def create_search_index(con: duckdb.DuckDBPyConnection) -> None:
    """Migration ``003_search_index``: (re)create the index tables and SQL macros, then index
    what is already landed. Anything a previous layout left is dropped first, so a later
    migration can call this again to rebuild the index after a change of tokenisation."""
    for name in _TABLES:
        con.execute(f"DROP TABLE IF EXISTS {name}")
    for sequence in ("search_doc_ids", "search_term_ids"):
        con.execute(f"DROP SEQUENCE IF EXISTS {sequence}")
        con.execute(f"CREATE SEQUENCE {sequence}")
    for name, (meaning, columns) in _TABLES.items():
        create_documented_table(con, name, meaning, columns)
    for ddl in (_SEARCH_FOLD, _SEARCH_QUERY_TERMS, _SEARCH_RANKED, _SEARCH_ARTICLES):
        con.execute(ddl)
    for name, (kind, text) in _MACRO_COMMENTS.items():
        con.execute(f"COMMENT ON {kind} {name} IS {quote(text)}")
    _index_stale(con)


# ---------------------------------------------------------------- maintenance

_DOCS = pa.schema([("canonical_url", pa.string()), ("language", pa.string()), ("indexed_hash", pa.string()),
                   ("title_terms", pa.int32()), ("body_terms", pa.int32())])
_POSTINGS = pa.schema([("canonical_url", pa.string()), ("term", pa.string()), ("title_tf", pa.int32()),
                       ("body_tf", pa.int32())])
_VOCABULARY = pa.schema([("word", pa.string()), ("term", pa.string())])
_BATCH_VIEWS = ("search_doc_batch", "search_posting_batch", "search_vocabulary_batch")


def articles_by_key(con: duckdb.DuckDBPyConnection, urls: Sequence[str], columns: str) -> list[tuple]:
    """``columns`` of the articles with these keys, in one query: the keys as a literal list, which DuckDB
    looks up in the primary key's index (up to ``index_scan_max_count``, 2,048) and then fetches just those
    rows. A list given as a parameter (``= ANY(?)``) is no index lookup: the rows had to be found by
    reading every key first, then fetched in a second query (filtering on it while selecting the bodies
    would read every body in the table). At 10,000 articles: 0.4 against 1.2 ms for one article, 0.9
    against 2.1 ms for 10, 2.5 against 3.3 ms for 100 (10 against 8.7 ms for 500)."""
    if not urls:
        return []
    return con.execute(f"SELECT {columns} FROM articles "
                       f"WHERE canonical_url IN ({', '.join(quote(url) for url in urls)})").fetchall()


def index_articles(con: duckdb.DuckDBPyConnection, canonical_urls: Iterable[str],
                   entries: Mapping[str, IndexedText] | None = None) -> int:
    """Bring these articles' index entries up to date inside the caller's transaction: (re)index
    the ones in ``articles``, drop the ones no longer there. ``entries``: index entries already
    made (``scrapers.textindex.index_text``, by the crawl stage) for some of them; the others'
    are made here from their landed title and body. Returns how many were indexed."""
    urls = list(dict.fromkeys(canonical_urls))
    indexed = 0
    for start in range(0, len(urls), CHUNK):
        indexed += _index_chunk(con, urls[start:start + CHUNK], entries or {})
    return indexed


def _index_chunk(con: duckdb.DuckDBPyConnection, urls: Sequence[str], entries: Mapping[str, IndexedText]) -> int:
    """Inserts the entries' rows; the terms get their numbers in SQL (one join, not a lookup per word)."""
    previous = [row[0] for row in con.execute(
        "SELECT doc_id FROM search_docs WHERE canonical_url = ANY(?)", [urls]).fetchall()]
    if previous:  # new articles, the usual case, skip this
        # A literal IN list of integers lets DuckDB skip, by their min/max, the row groups of
        # other batches' postings (they are inserted a batch at a time, so doc ids cluster).
        ids = ", ".join(str(int(doc_id)) for doc_id in previous)
        con.execute(f"DELETE FROM search_postings WHERE doc_id IN ({ids})")
        con.execute(f"DELETE FROM search_docs WHERE doc_id IN ({ids})")
    # The texts are read only for articles that come without an entry (a reindex, reextract).
    texts = "title, body" if any(url not in entries for url in urls) else "NULL, NULL"
    rows = articles_by_key(con, urls, f"canonical_url, coalesce(language, ''), record_hash, {texts}")
    if not rows:
        return 0
    docs: dict[str, list[object]] = {name: [] for name in _DOCS.names}
    postings: dict[str, list[object]] = {name: [] for name in _POSTINGS.names}
    vocabulary: set[tuple[str, str]] = set()
    for url, language, record, title, body in rows:
        entry = entries.get(url) or index_text(title, body, language or None)
        for name, value in zip(_DOCS.names, (url, language, record, entry.title_terms, entry.body_terms),
                               strict=True):
            docs[name].append(value)
        postings["canonical_url"].extend([url] * len(entry.terms))
        postings["term"].extend(entry.terms)
        postings["title_tf"].extend(entry.title_tf)
        postings["body_tf"].extend(entry.body_tf)
        vocabulary.update(entry.vocabulary)
    con.register("search_doc_batch", pa.Table.from_pydict(docs, schema=_DOCS))
    con.register("search_posting_batch", pa.Table.from_pydict(postings, schema=_POSTINGS))
    con.register("search_vocabulary_batch", pa.Table.from_pydict(
        {"word": [w for w, _ in vocabulary], "term": [t for _, t in vocabulary]}, schema=_VOCABULARY))
    try:
        con.execute("""
            INSERT INTO search_terms SELECT nextval('search_term_ids'), term
            FROM (SELECT DISTINCT term FROM search_posting_batch ANTI JOIN search_terms USING (term))""")
        con.execute("""
            INSERT INTO search_docs
            SELECT nextval('search_doc_ids'), canonical_url, nullif(language, ''), title_terms, body_terms,
                   indexed_hash, now()
            FROM search_doc_batch""")
        con.execute("""
            INSERT INTO search_postings
            SELECT t.term_id, d.doc_id, p.title_tf, p.body_tf
            FROM search_posting_batch p JOIN search_terms t USING (term) JOIN search_docs d USING (canonical_url)
            ORDER BY t.term_id""")
        con.execute("INSERT INTO search_vocabulary SELECT * FROM search_vocabulary_batch "
                    "ANTI JOIN search_vocabulary USING (word, term)")
    finally:
        for name in _BATCH_VIEWS:
            con.unregister(name)
    return len(rows)


_STALE = """
    SELECT canonical_url FROM articles a
    WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.canonical_url = a.canonical_url
                                                    AND d.indexed_hash = a.record_hash)
    UNION
    SELECT canonical_url FROM search_docs d
    WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.canonical_url = d.canonical_url)
"""


def stale_count(con: duckdb.DuckDBPyConnection) -> int:
    """Articles whose index entry is missing or out of date (plus entries of deleted articles)."""
    return int(scalar(con, f"SELECT count(*) FROM ({_STALE})"))


def _index_stale(con: duckdb.DuckDBPyConnection) -> int:
    return index_articles(con, [row[0] for row in con.execute(_STALE + " ORDER BY 1").fetchall()])


def reindex(db: Database, *, full: bool = False) -> int:
    """Index every article missing from the index or changed since (or, with ``full``, drop
    the index and rebuild it from scratch); returns the number of articles indexed."""
    with db.write() as con:
        if full:
            create_search_index(con)  # drops and recreates, then indexes everything
            return int(scalar(con, "SELECT count(*) FROM search_docs"))
        return _index_stale(con)


# ---------------------------------------------------------------- querying


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result; ``snippet`` marks matched words as ``**word**``."""

    canonical_url: str
    source: str
    published_day: date | None
    title: str | None
    score: float
    matched_terms: int
    snippet: str


def query_terms(con: duckdb.DuckDBPyConnection, query: str) -> list[str]:
    """The index terms a query looks for: what the SQL macro ``search_query_terms`` finds (each
    word as it is, plus the terms ``search_vocabulary`` records for it), plus the word's own
    stems in every language of the index, so that a form the corpus never contains
    ("elections" when only "election" was landed) still finds it."""
    query_words = sorted(set(words(query)))
    terms = {row[0] for row in con.execute(
        "SELECT term FROM search_vocabulary WHERE word = ANY(?)", [query_words]).fetchall()}
    languages = [row[0] for row in con.execute("SELECT DISTINCT language FROM search_docs").fetchall()]
    for word in query_words:
        for language in {None, *languages}:
            terms.update(word_terms(word, language))
    return sorted(terms)


def snippet(text: str, terms: set[str], language: str | None, width: int = 32) -> str:
    """The ``width``-word window of ``text`` with the most matched words, each marked ``**word**``."""
    tokens = list(WORD_RE.finditer(text))
    if not tokens:
        return ""
    hits = [bool(terms.intersection(word_terms(fold(m.group()), language))) for m in tokens]
    best, best_count, count = 0, -1, 0
    for end in range(len(tokens)):
        count += hits[end]
        if end >= width:
            count -= hits[end - width]
        if count > best_count:
            best, best_count = max(0, end - width + 1), count
    window = range(best, min(best + width, len(tokens)))
    parts, cursor = [], tokens[window.start].start()
    for i in window:
        match = tokens[i]
        parts.append(text[cursor:match.start()])
        parts.append(f"**{match.group()}**" if hits[i] else match.group())
        cursor = match.end()
    out = " ".join("".join(parts).split())
    return ("… " if window.start > 0 else "") + out + (" …" if window.stop < len(tokens) else "")


def search(db: Database, query: str, limit: int = 10, *, source: str | None = None) -> list[Hit]:
    """Articles matching ``query`` (title and body), most relevant first, with snippets.

    Articles landed without an index entry (by a geowire older than the index, or written
    by hand) are indexed first, so a search never silently misses them."""
    from storage.queries import read_current

    with read_current(db) as con:
        if not stale_count(con):
            return _search(con, query, limit, source)
    reindex(db)
    with read_current(db) as con:
        return _search(con, query, limit, source)


def _search(con: duckdb.DuckDBPyConnection, query: str, limit: int, source: str | None) -> list[Hit]:
    terms = query_terms(con, query)
    if not terms:
        return []
    hits = con.execute(
        """
        SELECT canonical_url, source, published_day, title, score, matched_terms FROM search_ranked(?)
        WHERE ? IS NULL OR source = ?
        ORDER BY score DESC, published_day DESC NULLS LAST, canonical_url LIMIT ?
        """,
        [terms, source, source, limit],
    ).fetchall()
    texts = {url: (body, language) for url, body, language in
             articles_by_key(con, [hit[0] for hit in hits], "canonical_url, body, language")}
    wanted = set(terms)
    return [Hit(url, source_name, day, title, score, matched, snippet(texts[url][0] or "", wanted, texts[url][1]))
            for url, source_name, day, title, score, matched in hits]
