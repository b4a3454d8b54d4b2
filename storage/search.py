"""Offline full-text search: an inverted index in DuckDB tables, ranked with BM25 in SQL.

DuckDB's ``fts`` extension is downloaded at run time, which an offline install
cannot do, so geowire keeps its own index in four ordinary tables:

* ``search_docs``: one row per indexed article (its term counts, for length normalisation);
* ``search_terms``: the terms, numbered (postings hold integers: fast to filter and join);
* ``search_postings``: (term_id, doc_id, title_tf, body_tf) — the inverted index;
* ``search_vocabulary``: folded word -> index term, for words whose term differs from the
  word (stems, bigrams), so that the SQL macro ``search_articles('...')`` can map a query
  to terms without Python — it works from the plain ``duckdb`` shell too.

Text is *folded*: lower case; accents removed from Latin, Greek and Cyrillic letters;
ł, ø, ß, æ... spelt as readers type them; Arabic and Hebrew vowel points dropped. Other
scripts' marks, such as Devanagari vowel signs, are kept: removing them would merge
different words. Folded text is split into runs of letters, marks and digits. Words are
stemmed with Snowball in the article's language; scripts written without spaces
(Chinese, Japanese, Thai, ...) and Korean (whose particles attach to words, and which
Snowball does not stem) become overlapping character bigrams, as Lucene's CJK analyser
does. The folding exists in Python (to index) and in SQL (``search_fold``, to query);
both are generated from the same constants below.

``index_articles(con, urls)`` keeps the index current inside the landing
transaction; ``reindex(db)`` catches up (or rebuilds) afterwards, and ``search``
catches up by itself before it queries.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import duckdb
import pyarrow as pa
import regex
import Stemmer

from storage.db import Database, scalar
from storage.ddl import create_documented_table, quote

# Combining marks removed wherever they occur: Latin/Greek/Cyrillic diacritics, Hebrew
# points, Arabic harakat (vowel marks are optional in both scripts, so readers search without them).
_DROPPED_MARKS = ((0x0300, 0x036F), (0x0591, 0x05BD), (0x05BF, 0x05BF), (0x05C1, 0x05C2), (0x05C4, 0x05C5),
                  (0x05C7, 0x05C7), (0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06DC),
                  (0x06DF, 0x06E4), (0x06E7, 0x06E8), (0x06EA, 0x06ED), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF),
                  (0x20D0, 0x20FF), (0xFE20, 0xFE2F))
_DROPPED_CLASS = "[" + "".join(f"\\x{{{lo:04X}}}-\\x{{{hi:04X}}}" for lo, hi in _DROPPED_MARKS) + "]"
_ACCENTED_SCRIPTS = r"[\p{Latin}\p{Greek}\p{Cyrillic}]"  # letters whose accents are folded away
# Letters with no decomposition that readers type without their stroke or as two letters
# ("Lodz", "Strasse"); and Greek final sigma, which Python lowers by context and DuckDB does not.
_LETTER_FOLDS = {"ł": "l", "đ": "d", "ð": "d", "ø": "o", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "ß": "ss",
                 "þ": "th", "ς": "σ"}
_WORD = r"[\p{L}\p{M}\p{N}]+"
_UNSPACED = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]"  # bigrams

_WORD_RE = regex.compile(_WORD)
_UNSPACED_RE = regex.compile(_UNSPACED + "+")
_DROPPED = frozenset(code for lo, hi in _DROPPED_MARKS for code in range(lo, hi + 1))
_ACCENTED_RE = regex.compile(_ACCENTED_SCRIPTS)

# ISO 639-1 -> Snowball algorithm (those PyStemmer ships).
_SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
    "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian", "fa": "persian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "st": "sesotho",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}

TITLE_WEIGHT = 3.0  # a headline word counts as much as three body words
CHUNK = 500  # articles tokenised per batch when (re)indexing many


class _FoldTable(dict[int, str]):
    """``str.translate`` table computed lazily per code point (text is overwhelmingly a few
    hundred distinct characters, so each is decided once)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if code in _DROPPED and unicodedata.category(char) == "Mn":
            value = ""
        elif _ACCENTED_RE.fullmatch(char):
            value = "".join(c for c in unicodedata.normalize("NFD", char) if unicodedata.category(c) != "Mn")
        else:
            value = char
        value = "".join(_LETTER_FOLDS.get(c, c) for c in value)
        self[code] = value
        return value


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case and remove accents the way ``search_fold`` does in SQL."""
    # NUL becomes a space: DuckDB's nfc_normalize would stop reading at it.
    return unicodedata.normalize("NFC", text.replace("\x00", " ")).lower().translate(_FOLD)


_STEM_LOCK = threading.Lock()


@lru_cache(maxsize=64)
def _stemmer(language: str | None) -> Stemmer.Stemmer | None:
    name = _SNOWBALL.get((language or "").lower()[:2])
    return Stemmer.Stemmer(name) if name else None


@lru_cache(maxsize=500_000)
def word_terms(word: str, language: str | None) -> tuple[str, ...]:
    """Index terms of one folded word: its Snowball stem, or character bigrams for CJK and
    Southeast Asian scripts. One-letter words of other scripts are dropped."""
    terms: list[str] = []
    position = 0
    stemmer = _stemmer(language)

    def spaced(piece: str) -> None:
        if len(piece) > 1 and stemmer:
            with _STEM_LOCK:  # a Stemmer object is not thread-safe
                terms.append(stemmer.stemWord(piece))
        elif len(piece) > 1:
            terms.append(piece)

    for match in _UNSPACED_RE.finditer(word):
        spaced(word[position:match.start()])
        run = match.group()
        terms.extend([run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)])
        position = match.end()
    spaced(word[position:])
    return tuple(terms)


def words(text: str | None) -> list[str]:
    """The folded words of a text."""
    return _WORD_RE.findall(fold(text)) if text else []


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
    lambda c: CASE WHEN regexp_full_match(c, '{_DROPPED_CLASS}') AND regexp_full_match(c, '\\p{{Mn}}') THEN ''
              {" ".join(f"WHEN c = '{k}' THEN '{v}'" for k, v in _LETTER_FOLDS.items())}
              WHEN regexp_full_match(c, '{_ACCENTED_SCRIPTS}') THEN strip_accents(c)
              ELSE c END), '')
"""

_SEARCH_QUERY_TERMS = f"""
CREATE OR REPLACE MACRO search_query_terms(query) AS (
    WITH words AS (SELECT DISTINCT unnest(regexp_extract_all(search_fold(query), '{_WORD}')) AS word)
    SELECT coalesce(list(DISTINCT term ORDER BY term), []::VARCHAR[]) FROM (
        SELECT unnest(CASE
            WHEN NOT regexp_full_match(word, '{_UNSPACED}+') THEN [word]
            WHEN length(word) = 1 THEN [word]
            ELSE list_transform(range(1, length(word)), lambda i: substr(word, i, 2)) END) AS term
        FROM words WHERE length(word) > 1 OR regexp_full_match(word, '{_UNSPACED}')
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

_TEXTS = pa.schema([("canonical_url", pa.string()), ("language", pa.string()), ("indexed_hash", pa.string()),
                    ("title", pa.string()), ("body", pa.string())])
_TERM_MAP = pa.schema([("word", pa.string()), ("language", pa.string()), ("term", pa.string())])
_VOCABULARY = pa.schema([("word", pa.string()), ("term", pa.string())])
_BATCH_VIEWS = ("search_text_batch", "search_term_map", "search_vocabulary_batch")


def articles_by_key(con: duckdb.DuckDBPyConnection, urls: Sequence[str], columns: str) -> list[tuple]:
    """``columns`` of the articles with these keys. Two steps: find the rows by key (reads the key
    column only), then fetch just those rows; filtering on the key while selecting the bodies
    would read every body in the table."""
    row_ids = [row[0] for row in con.execute(
        "SELECT rowid FROM articles WHERE canonical_url = ANY(?)", [list(urls)]).fetchall()]
    if not row_ids:
        return []
    return con.execute(f"SELECT {columns} FROM articles "
                       f"WHERE rowid IN ({', '.join(str(int(r)) for r in row_ids)})").fetchall()


def index_articles(con: duckdb.DuckDBPyConnection, canonical_urls: Iterable[str]) -> int:
    """Bring these articles' index entries up to date inside the caller's transaction: (re)index
    the ones in ``articles``, drop the ones no longer there. Returns how many were indexed."""
    urls = list(dict.fromkeys(canonical_urls))
    indexed = 0
    for start in range(0, len(urls), CHUNK):
        indexed += _index_chunk(con, urls[start:start + CHUNK])
    return indexed


def _index_chunk(con: duckdb.DuckDBPyConnection, urls: Sequence[str]) -> int:
    """Python folds the texts and stems each distinct word once; DuckDB splits, counts and joins
    (the per-token work, millions of rows for a large batch, stays vectorised)."""
    previous = [row[0] for row in con.execute(
        "SELECT doc_id FROM search_docs WHERE canonical_url = ANY(?)", [urls]).fetchall()]
    if previous:  # new articles, the usual case, skip this
        # A literal IN list of integers lets DuckDB skip, by their min/max, the row groups of
        # other batches' postings (they are inserted a batch at a time, so doc ids cluster).
        ids = ", ".join(str(int(doc_id)) for doc_id in previous)
        con.execute(f"DELETE FROM search_postings WHERE doc_id IN ({ids})")
        con.execute(f"DELETE FROM search_docs WHERE doc_id IN ({ids})")
    rows = articles_by_key(con, urls, "canonical_url, coalesce(language, ''), record_hash, title, body")
    if not rows:
        return 0
    columns = list(zip(*rows, strict=True))
    texts = pa.Table.from_arrays(
        [pa.array(columns[0]), pa.array(columns[1]), pa.array(columns[2]),
         pa.array([fold(t) if t else "" for t in columns[3]]), pa.array([fold(b) if b else "" for b in columns[4]])],
        schema=_TEXTS)
    con.register("search_text_batch", texts)
    try:
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE search_word_batch AS
            SELECT canonical_url, language, word, count(*) FILTER (WHERE field = 't') AS title_tf,
                   count(*) FILTER (WHERE field = 'b') AS body_tf
            FROM (SELECT canonical_url, language, 't' AS field, unnest(regexp_extract_all(title, '{_WORD}')) AS word
                  FROM search_text_batch
                  UNION ALL
                  SELECT canonical_url, language, 'b', unnest(regexp_extract_all(body, '{_WORD}'))
                  FROM search_text_batch)
            GROUP BY ALL""")
        distinct = con.execute("SELECT DISTINCT word, language FROM search_word_batch").fetchall()
        mapping: dict[str, list[str]] = {"word": [], "language": [], "term": []}
        vocabulary: set[tuple[str, str]] = set()
        for word, language in distinct:
            terms = word_terms(word, language or None)
            mapping["word"].extend([word] * len(terms))
            mapping["language"].extend([language] * len(terms))
            mapping["term"].extend(terms)
            if terms != (word,):
                vocabulary.update((word, term) for term in terms)
        con.register("search_term_map", pa.Table.from_pydict(mapping, schema=_TERM_MAP))
        con.execute("""
            CREATE OR REPLACE TEMP TABLE search_posting_batch AS
            SELECT w.canonical_url, m.term, sum(w.title_tf)::INTEGER AS title_tf, sum(w.body_tf)::INTEGER AS body_tf
            FROM search_word_batch w JOIN search_term_map m USING (word, language)
            GROUP BY ALL""")
        con.execute("""
            INSERT INTO search_terms SELECT nextval('search_term_ids'), term
            FROM (SELECT DISTINCT term FROM search_posting_batch ANTI JOIN search_terms USING (term))""")
        con.execute("""
            INSERT INTO search_docs
            SELECT nextval('search_doc_ids'), t.canonical_url, nullif(t.language, ''),
                   coalesce(l.title_terms, 0), coalesce(l.body_terms, 0), t.indexed_hash, now()
            FROM search_text_batch t LEFT JOIN (
                SELECT canonical_url, sum(title_tf) AS title_terms, sum(body_tf) AS body_terms
                FROM search_posting_batch GROUP BY canonical_url) l USING (canonical_url)""")
        con.execute("""
            INSERT INTO search_postings
            SELECT t.term_id, d.doc_id, p.title_tf, p.body_tf
            FROM search_posting_batch p JOIN search_terms t USING (term) JOIN search_docs d USING (canonical_url)
            ORDER BY t.term_id""")
        con.register("search_vocabulary_batch", pa.Table.from_pylist(
            [{"word": w, "term": t} for w, t in vocabulary], schema=_VOCABULARY))
        con.execute("INSERT INTO search_vocabulary SELECT * FROM search_vocabulary_batch "
                    "ANTI JOIN search_vocabulary USING (word, term)")
    finally:
        for name in _BATCH_VIEWS:
            con.unregister(name)
        con.execute("DROP TABLE IF EXISTS temp.search_word_batch")
        con.execute("DROP TABLE IF EXISTS temp.search_posting_batch")
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
    tokens = list(_WORD_RE.finditer(text))
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
