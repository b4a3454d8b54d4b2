"""Offline full-text search over a real DuckDB file: ranking, folding, scripts, index upkeep, SQL macro."""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from synthetic import article, landed, run

from scrapers import textindex
from storage import search as searching
from storage.db import Database

TROOPS = "https://n.example/korea-troops"
MISSILE = "https://n.example/korea-missile"
ELECTION = "https://n.example/moldova-election"
PARIS = "https://f.example/elections-paris"
MOSCOW = "https://r.example/moskva"
BEIJING = "https://c.example/chaoxian"
CAIRO = "https://a.example/cairo"
DELHI = "https://h.example/delhi"
SEOUL = "https://k.example/seoul"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Articles in five languages and four scripts, landed once for the module."""
    database = Database(tmp_path_factory.mktemp("search") / "geowire.duckdb")
    run(database, "r1", {
        "news": [
            landed(article(TROOPS, title="North Korea sends more troops to Russia",
                           body="Seoul said North Korea was preparing to send additional troops to Russia.\n\n"
                                "The troop deployment follows last year's.")),
            landed(article(MISSILE, title="North Korea fires a missile",
                           body="North Korea fired a ballistic missile into the sea, Seoul said.")),
            landed(article(ELECTION, title="Moldova counts votes",
                           body="The pro-European party led the parliamentary election count on Monday.")),
        ],
        "world": [
            landed(article(PARIS, title="Élections à Paris : le président appelle au calme", language="fr",
                           body="Le président a appelé au calme après les élections municipales.")),
            landed(article(MOSCOW, title="Москва и Пекин", language="ru",
                           body="Москва заявила о новых переговорах. Переговоры продолжатся в мае.")),
            landed(article(BEIJING, title="朝鲜军队抵达俄罗斯", language="zh",
                           body="韩国情报机构称，朝鲜军队已经抵达俄罗斯。")),
            landed(article(CAIRO, title="القاهرة تستضيف محادثات", language="ar",
                           body="قالت مصر إن المُحادَثات ستُستأنف في القاهرة الأسبوع المقبل.")),
            landed(article(DELHI, title="हिन्दी समाचार", language="hi", body="दिल्ली में आज बैठक हुई।")),
            landed(article(SEOUL, title="북한군은 러시아로 이동했다", language="ko", body="국정원이 밝혔다.")),
        ],
    })
    searching.reindex(database)  # no-op once landing indexes articles itself
    return database.path


@pytest.fixture()
def db(corpus: Path, tmp_path: Path) -> Database:
    """A private copy of the corpus (some tests edit it)."""
    copy = tmp_path / corpus.name
    shutil.copyfile(corpus, copy)
    return Database(copy)


def urls(db: Database, query: str, **options: object) -> list[str]:
    return [hit.canonical_url for hit in searching.search(db, query, **options)]


def test_the_relevant_article_ranks_first_with_a_highlighted_snippet(db: Database) -> None:
    hits = searching.search(db, "north korea troops")
    assert [h.canonical_url for h in hits[:2]] == [TROOPS, MISSILE]
    assert hits[0].score > hits[1].score
    assert "**troops**" in hits[0].snippet and "**North** **Korea**" in hits[0].snippet
    assert hits[0].title == "North Korea sends more troops to Russia" and hits[0].source == "news"


def test_stemming_finds_other_forms_of_a_word(db: Database) -> None:
    # The English article says "election" only; the French one "élections".
    assert set(urls(db, "elections")) == {ELECTION, PARIS}
    assert urls(db, "deploying troop")[0] == TROOPS


def test_accents_are_folded_both_ways(db: Database) -> None:
    assert urls(db, "president elections municipales")[0] == PARIS
    assert urls(db, "PRÉSIDENT")[0] == PARIS
    hit = searching.search(db, "president")[0]
    assert "**président**" in hit.snippet


def test_non_latin_scripts_are_searchable(db: Database) -> None:
    assert urls(db, "москва") == [MOSCOW]
    assert urls(db, "переговоры") == [MOSCOW]  # Russian stemming: переговорах / Переговоры
    assert urls(db, "朝鲜") == [BEIJING]  # Chinese: bigrams, no spaces needed
    assert urls(db, "俄罗斯 军队") == [BEIJING]
    assert urls(db, "محادثات") == [CAIRO]  # Arabic: vowel marks (harakat) ignored
    assert urls(db, "दिल्ली") == [DELHI]  # Devanagari vowel signs are kept, not stripped
    assert urls(db, "दलल") == []
    assert urls(db, "북한") == [SEOUL]  # Korean: bigrams find a word inside "북한군은" (+ particle)


def test_source_filter_and_limit(db: Database) -> None:
    assert urls(db, "north korea", source="world") == []
    assert len(urls(db, "korea", limit=1)) == 1
    assert searching.search(db, "  ...  ") == []


def test_the_sql_macro_works_from_a_plain_duckdb_connection(db: Database) -> None:
    con = duckdb.connect(str(db.path), read_only=True)  # no geowire code involved: the duckdb shell's view
    try:
        rows = con.execute("SELECT canonical_url, score FROM search_articles('North Korea''s troops') "
                           "LIMIT 2").fetchall()
        accented = con.execute("SELECT canonical_url FROM search_articles('PRÉSIDENT')").fetchall()
    finally:
        con.close()
    assert [r[0] for r in rows] == [TROOPS, MISSILE]
    assert accented[0][0] == PARIS


@pytest.mark.parametrize("text", [
    "Ça Été ÉLYSÉE Москва Йод ΟΔΟΣ STRASSE straße Øresund Łódź İstanbul المُحادَثات हिन्दी 北朝鲜 북한군은 ḯ",
    "“North Korea’s TROOPS” — l’Élysée ΟΔΟΣ",  # typographic apostrophes are kept as they are ...
    "“North Korea's TROOPS” — l'Élysée ΟΔΟΣ",  # ... as are plain ones, in text that has other quotes
])
def test_python_and_sql_folding_agree(text: str) -> None:
    con = duckdb.connect()
    try:
        con.execute(searching._SEARCH_FOLD)
        folded = con.execute("SELECT search_fold(?)", [text]).fetchone()[0]
    finally:
        con.close()
    assert folded == searching.fold(text)
    assert searching.fold("ΟΔΟΣ Élysée Łódź Straße") == "οδοσ elysee lodz strasse"


def test_index_follows_edits_and_deletions(db: Database) -> None:
    with db.write() as con:
        con.execute("UPDATE articles SET body = 'Negotiators met in Geneva.', record_hash = 'x' "
                    "WHERE canonical_url = ?", [ELECTION])
        con.execute("DELETE FROM articles WHERE canonical_url = ?", [MISSILE])
        assert searching.stale_count(con) == 2
        assert searching.index_articles(con, [ELECTION, MISSILE]) == 1
        assert searching.stale_count(con) == 0
        postings = con.execute("SELECT count(*) FROM search_postings p JOIN search_docs d USING (doc_id) "
                               "WHERE d.canonical_url = ?", [MISSILE]).fetchone()[0]
    assert postings == 0
    assert urls(db, "parliamentary") == []
    assert urls(db, "geneva") == [ELECTION]
    assert urls(db, "missile") == []


def test_full_rebuild_gives_the_same_ranking(db: Database) -> None:
    before = searching.search(db, "north korea troops")
    assert searching.reindex(db, full=True) == 9
    assert searching.search(db, "north korea troops") == before
    assert searching.reindex(db) == 0  # nothing stale afterwards


def test_articles_missing_from_the_index_are_indexed_before_a_search(db: Database) -> None:
    with db.write() as con:  # as if landed by a geowire without the index
        con.execute("DELETE FROM search_postings")
        con.execute("DELETE FROM search_docs")
    assert urls(db, "north korea troops")[0] == TROOPS
    with db.read() as con:
        assert searching.stale_count(con) == 0


# Characters of Unicode 3.2: RE2 (in DuckDB), Python's unicodedata and the regex module each
# know a different recent Unicode version, so only long-assigned characters can agree exactly.
_ASSIGNED = st.characters(blacklist_categories=("Cs",)).filter(lambda c: unicodedata.ucd_3_2_0.category(c) != "Cn")


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=_ASSIGNED, max_size=40))
def test_sql_finds_the_same_words_and_analysis_never_fails(sql_fold: duckdb.DuckDBPyConnection, text: str) -> None:
    in_sql = sql_fold.execute("SELECT regexp_extract_all(search_fold(?), ?)", [text, textindex.WORD]).fetchone()[0]
    assert in_sql == searching.words(text)
    for word in searching.words(text):
        for language in (None, "en", "ru", "ar", "zh"):
            assert all(searching.word_terms(word, language))


# Long text in a Latin script with a few other characters (accents, curly quotes, a word in another script):
# what most articles are, and what ``fold`` reads without its table except for those characters.
_LATIN_PROSE = st.text(alphabet=st.characters(max_codepoint=0x7F, blacklist_categories=("Cc",)), min_size=300,
                       max_size=600)


@settings(max_examples=150, deadline=None)
@given(prose=_LATIN_PROSE, others=st.lists(st.tuples(st.integers(0, 600), st.text(_ASSIGNED, min_size=1, max_size=8)),
                                           max_size=6))
def test_long_mostly_ascii_text_folds_and_splits_as_sql_does(sql_fold: duckdb.DuckDBPyConnection, prose: str,
                                                             others: list[tuple[int, str]]) -> None:
    text = prose
    for at, piece in others:
        text = text[:at] + piece + text[at:]
    in_sql = sql_fold.execute("SELECT regexp_extract_all(search_fold(?), ?)", [text, textindex.WORD]).fetchone()[0]
    assert in_sql == searching.words(text)
    table_folded = unicodedata.normalize("NFC", text.replace("\x00", " ")).lower().translate(textindex._FOLD)
    assert searching.fold(text) == table_folded


@pytest.fixture(scope="module")
def sql_fold() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    con.execute(searching._SEARCH_FOLD)
    yield con
    con.close()


def test_odd_text_is_indexed_without_failing(db: Database) -> None:
    odd = "https://o.example/odd"
    body = "zebra\x00crossing \u200f\u202e 👍🏽 e\u0301tude ＦＵＬＬＷＩＤＴＨ \U00013460 a̷̛͓b " + "x" * 5000
    with db.write() as con:
        con.execute("INSERT INTO articles SELECT * REPLACE (? AS canonical_url, ? AS body, 'odd' AS record_hash) "
                    "FROM articles LIMIT 1", [odd, body])
        assert searching.index_articles(con, [odd]) == 1
    assert urls(db, "zebra crossing etude")[0] == odd
    assert urls(db, "ｆｕｌｌｗｉｄｔｈ") == [odd]
