"""The per-article work done beside extraction (scrapers.prepare) lands exactly what landing would compute."""

from __future__ import annotations

import multiprocessing
import pickle
import zlib
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from synthetic import article, landed, run

from scrapers.crawl import ExtractSettings, FetchTask, _extract_in_worker, extract_outcome, process_page
from scrapers.models import Article, Page
from scrapers.prepare import content_hash, prepare, record_hash
from scrapers.textindex import IndexedText, index_text
from storage import search as searching
from storage.db import Database

# Several languages and scripts: stems (en, de, fr, ru), accents and letter folds, CJK and Hangul
# bigrams, Arabic vowel marks, one-letter words, words repeated across headline and text.
TEXTS = [
    ("https://e.example/a", "en", "Troops cross the border", "Troops crossed the border at dawn.\n\nA troop convoy."),
    ("https://d.example/b", "de", "Straße in Łódź gesperrt", "Die Straße bleibt gesperrt. Straßen in Łódź, Ærø."),
    ("https://f.example/c", "fr", "Élections : le président", "Le président a appelé au calme après les élections."),
    ("https://r.example/d", "ru", "Москва и Пекин", "Москва заявила о новых переговорах. Переговоры в мае."),
    ("https://c.example/e", "zh", "朝鲜军队抵达俄罗斯", "韩国情报机构称，朝鲜军队已经抵达俄罗斯。"),
    ("https://k.example/f", "ko", "북한군은 러시아로 이동했다", "국정원이 밝혔다. 북한군은"),
    ("https://a.example/g", "ar", "القاهرة تستضيف محادثات", "قالت مصر إن المُحادَثات ستُستأنف في القاهرة."),
    ("https://x.example/h", "xx", "Year 2026 a b c", "Numbers 42 and 2026; unknown language, no stemmer."),
]


def _articles() -> list[Article]:
    return [article(url, title=title, body=body, language=language) for url, language, title, body in TEXTS]


def _index(db: Database) -> dict[str, list[tuple[object, ...]]]:
    with db.read() as con:
        return {
            "docs": con.execute("SELECT canonical_url, language, title_terms, body_terms, indexed_hash "
                                "FROM search_docs ORDER BY ALL").fetchall(),
            "postings": con.execute(
                "SELECT d.canonical_url, t.term, p.title_tf, p.body_tf FROM search_postings p "
                "JOIN search_terms t USING (term_id) JOIN search_docs d USING (doc_id) ORDER BY ALL").fetchall(),
            "vocabulary": con.execute("SELECT word, term FROM search_vocabulary ORDER BY ALL").fetchall(),
            "articles": con.execute("SELECT canonical_url, content_hash, record_hash, word_count "
                                    "FROM articles ORDER BY ALL").fetchall(),
        }


def test_prepared_articles_land_the_same_index_and_hashes_as_unprepared_ones(tmp_path: Path) -> None:
    prepared, plain = Database(tmp_path / "prepared.duckdb"), Database(tmp_path / "plain.duckdb")
    run(prepared, "r1", {"news": [landed(a.replace(prepared=prepare(a))) for a in _articles()]})
    run(plain, "r1", {"news": [landed(a) for a in _articles()]})
    index = _index(prepared)
    assert len(index["docs"]) == len(TEXTS)
    assert index == _index(plain)
    searching.reindex(plain, full=True)  # rebuilt from the landed texts
    assert _index(plain) == index
    for query in ("troop", "strasse lodz", "elections president", "переговоры", "朝鲜", "북한군은", "محادثات", "2026"):
        assert searching.search(prepared, query) == searching.search(plain, query), query
        assert searching.search(prepared, query), query


def test_a_changed_article_drops_what_was_prepared_for_it(tmp_path: Path) -> None:
    original = _articles()[0]
    ready = original.replace(prepared=prepare(original))
    assert ready.prepared is not None and ready.prepared.record_hash == record_hash(original)
    moved = ready.replace(canonical_url="https://e.example/a-moved")  # as reextract re-keys a record
    assert moved.prepared is None
    db = Database(tmp_path / "geowire.duckdb")
    run(db, "r1", {"news": [landed(moved)]})
    with db.read() as con:
        assert con.execute("SELECT content_hash, record_hash FROM articles").fetchall() == [
            (content_hash(moved), record_hash(moved))]
    assert record_hash(moved) != record_hash(original)


@pytest.mark.parametrize(("language", "paragraphs"), [
    ("en", ["Rescue teams reached the flooded villages on Tuesday.", "Officials said roads remained closed."]),
    ("de", ["Die Rettungskräfte erreichten am Dienstag die überfluteten Dörfer.", "Die Straßen blieben gesperrt."]),
    ("ja", ["救助隊は火曜日に浸水した村に到着した。", "当局によると道路は閉鎖されたままだ。"]),
])
def test_the_crawl_stage_prepares_what_landing_would_compute(language: str, paragraphs: list[str]) -> None:
    body = "".join(f"<p>{paragraphs[i % 2]} {i}. {paragraphs[(i + 1) % 2]}</p>" for i in range(12))
    html = (f"<!DOCTYPE html><html lang='{language}'><head><meta charset='utf-8'><title>Floods</title>"
            "<meta property='og:type' content='article'>"
            "<meta property='article:published_time' content='2026-03-02T09:30:00+01:00'></head>"
            f"<body><article><h1>Floods reach villages</h1><div class='entry-content'>{body}</div></article>"
            "</body></html>").encode()
    url = "https://n.example/2026/03/02/floods"
    page = Page(url=url, requested_url=url, status=200, headers={"content-type": "text/html; charset=utf-8"},
                content=html, text=html.decode(), encoding="utf-8", fetched_at=datetime(2026, 3, 3, tzinfo=UTC))
    outcome = process_page(page, FetchTask(url=url))
    assert outcome.state == "landed" and outcome.article is not None
    made = outcome.article.prepared
    assert made is not None
    again = prepare(outcome.article)
    assert made == again
    assert made.search.terms and made.word_count == outcome.article.word_count


def _page(language: str, paragraphs: list[str]) -> Page:
    """An article page in ``language`` with a dateline, a captioned photo, countries named and a weather widget."""
    body = "".join(f"<p>{paragraphs[i % 2]} {i}. {paragraphs[(i + 1) % 2]}</p>" for i in range(12))
    html = (f"<!DOCTYPE html><html lang='{language}'><head><meta charset='utf-8'><title>Floods</title>"
            "<meta property='og:type' content='article'>"
            "<meta property='article:published_time' content='2026-03-02T09:30:00+01:00'></head>"
            "<body><div class='weather-widget'>8.7 °C New York</div><article><h1>Floods reach Kenya</h1>"
            "<span class='byline'>By Ana Ruiz and Reuters</span>"
            f"<div class='entry-content'><p>NAIROBI, Kenya (Reuters) — {paragraphs[0]}</p>"
            "<figure><img src='/a.jpg'><figcaption>Rescuers in Kenya. Leah Millis/Reuters</figcaption></figure>"
            f"{body}</div></article></body></html>").encode()
    url = f"https://n.example/{language}/2026/03/02/floods"
    return Page(url=url, requested_url=url, status=200, headers={"content-type": "text/html; charset=utf-8"},
                content=html, text="", encoding="utf-8", fetched_at=datetime(2026, 3, 3, tzinfo=UTC))


@pytest.mark.parametrize(("language", "paragraphs"), [
    ("en", ["Rescue teams from Uganda reached the flooded villages on Tuesday.", "Roads to Tanzania stayed shut."]),
    ("de", ["Die Rettungskräfte aus Äthiopien erreichten am Dienstag die Dörfer.", "Die Straßen blieben gesperrt."]),
    ("ja", ["救助隊は火曜日に浸水した村に到着した。", "当局によると道路は閉鎖されたままだ。"]),
])
def test_what_a_worker_extracts_reaches_the_landing_process_unchanged(language: str, paragraphs: list[str]) -> None:
    """A crawl's extraction worker sends its records back pickled (the records' own compact pickling): the
    landing process must get every field, the search entry and the packed body exactly as they were made."""
    page = _page(language, paragraphs)
    here = extract_outcome(page, FetchTask(url=page.url), ExtractSettings())
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        arrived, _ = pool.submit(_extract_in_worker, page, FetchTask(url=page.url), ExtractSettings()).result()
    assert here.state == arrived.state == "landed"
    assert here.article is not None and arrived.article is not None
    assert arrived.article == here.article and arrived.article.to_dict() == here.article.to_dict()
    assert arrived.article.countries and arrived.article.captions  # nested records came across too
    assert arrived.article.prepared == here.article.prepared == prepare(arrived.article)
    assert arrived.body is not None and zlib.decompress(arrived.body.compressed) == page.content
    assert arrived.fetched_at == page.fetched_at and arrived.page is None


@pytest.mark.parametrize("entry", [
    IndexedText((), (), (), 0, 0, ()),  # a text with no words
    IndexedText(("",), (1,), (0,), 1, 0, (("", ""),)),  # empty strings keep their place
    index_text("Straße in Łódź gesperrt", "Die Straßen bleiben gesperrt. 朝鲜军队抵达 x y", "de"),
])
def test_a_search_entry_comes_back_from_pickling_as_it_was(entry: IndexedText) -> None:
    assert pickle.loads(pickle.dumps(entry)) == entry
