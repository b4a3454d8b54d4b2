"""Authors: every place a page names them, ranked, and split into people, agencies, accounts and desks.

Synthetic pages in several languages and markups; each class of byline of the issue (CMS
accounts beside a visible byline, in-body "By" lines, agencies, desk labels, combined credits,
ALL-CAPS wire bylines) comes in more than one shape.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import pytest

from scrapers.crawl import Outcome
from scrapers.extract import extract_article
from scrapers.extract.credits import normalise_case, parse_byline
from storage import land as landing
from storage.db import Database
from storage.schema import MIGRATIONS

URL = "https://www.example-news.test/2024/05/01/ministers-meet"
PARAGRAPHS = [
    "Foreign ministers from the region met on Friday to discuss shipping security in the strait.",
    "They agreed to share naval patrol schedules and to meet again before the end of the year.",
    "Officials said the talks had been constructive, though several disputes remained unresolved.",
]


def page(*, byline: str = "", first: str = "", jsonld: list[dict[str, Any]] | dict[str, Any] | None = None,
         meta: dict[str, str] | None = None, after: str = "", lang: str = "en") -> str:
    """An article page: ``byline`` is markup under the headline, ``first`` a paragraph opening the text,
    ``after`` markup after the article (related stories, comments)."""
    head = "".join(f'<meta name="{escape(k)}" content="{escape(v)}">' for k, v in (meta or {}).items())
    if jsonld is not None:
        head += f'<script type="application/ld+json">{json.dumps(jsonld)}</script>'
    text = "".join(f"<p>{escape(p)}</p>" for p in ([first] if first else []) + PARAGRAPHS)
    return (f'<html lang="{lang}"><head><title>Ministers meet on shipping security</title>'
            f'<meta property="og:site_name" content="Example News"><meta property="og:type" content="article">'
            f"{head}</head><body><header class='site'><a href='/'>Example News</a></header>"
            f"<article><h1>Ministers meet on shipping security</h1>{byline}"
            f'<div class="entry-content">{text}</div></article>{after}</body></html>')


def yoast(name: str) -> dict[str, Any]:
    """A Yoast SEO graph: the article's author is a reference to a Person node (the uploading account)."""
    return {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "@id": URL + "#article", "headline": "Ministers meet on shipping security",
         "author": {"@id": "https://www.example-news.test/#/schema/person/abc"}},
        {"@type": "Person", "@id": "https://www.example-news.test/#/schema/person/abc", "name": name},
    ]}


@pytest.mark.parametrize("account", ["NEWSROOM", "Online News Editor", "webeditor2", "Redacción"])
@pytest.mark.parametrize(("line", "name", "lang"), [
    ("By Jane Doe", "Jane Doe", "en"),
    ("Von Jochen Bittner", "Jochen Bittner", "de"),
    ("Por María Fernández", "María Fernández", "es"),
])
def test_an_in_body_byline_beats_the_cms_account_and_leaves_the_body(account: str, line: str, name: str,
                                                                    lang: str) -> None:
    article = extract_article(page(first=line, jsonld=yoast(account), meta={"author": account}, lang=lang), URL)
    assert article.authors == (name,)
    assert article.authors_from == "text"
    assert line not in article.body
    assert article.body.startswith(PARAGRAPHS[0])


@pytest.mark.parametrize("account", ["NEWSROOM", "Staff", "jdoe", "web-team"])
@pytest.mark.parametrize("byline", [
    '<div class="byline">By <a href="/author/jane-doe/">Jane Doe</a> <time>May 1, 2024</time></div>',
    '<p class="article__author">Jane Doe</p>',
    '<span class="post-byline"><a rel="author" href="/people/jdoe">Jane Doe</a></span>',
])
def test_a_visible_byline_naming_a_person_beats_an_account_name(account: str, byline: str) -> None:
    html = page(byline=byline, meta={"author": account, "twitter:label1": "Written by", "twitter:data1": account})
    article = extract_article(html, URL)
    assert article.authors == ("Jane Doe",)
    assert article.authors_from == "byline"


def test_a_person_named_by_json_ld_is_taken_as_written() -> None:
    jsonld = {"@type": "NewsArticle", "headline": "Ministers meet", "author": [
        {"@type": "Person", "name": "Lisa de Moraes"}, {"@type": "Person", "name": "Jean-Luc Picard"}]}
    article = extract_article(page(jsonld=jsonld, byline='<div class="byline">By Lisa de Moraes</div>'), URL)
    assert article.authors == ("Lisa de Moraes", "Jean-Luc Picard")
    assert article.authors_from == "jsonld"


@pytest.mark.parametrize(("byline", "expected"), [
    ("By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER", ("Lisa Mascaro", "Mary Clare Jalonick", "Eric Tucker")),
    ("By JOSH HASKELL, DAVID CAPLAN and PATRICK REEVELL December 16, 2016, 4:19 PM",
     ("Josh Haskell", "David Caplan", "Patrick Reevell")),
    ("Por ANA MARÍA DE LA TORRE y JUAN PÉREZ", ("Ana María de la Torre", "Juan Pérez")),
])
def test_all_caps_wire_bylines_are_found_and_case_normalised(byline: str, expected: tuple[str, ...]) -> None:
    in_element = extract_article(page(byline=f'<div class="ShareByline">{escape(byline)}</div>'), URL)
    assert in_element.authors == expected
    in_text = extract_article(page(first=byline), URL)
    assert in_text.authors == expected and in_text.authors_from == "text"


@pytest.mark.parametrize(("where", "credit", "expected"), [
    ("byline", "By Reuters", ("Reuters",)),
    ("byline", "dpa", ("dpa",)),
    ("meta", "The Associated Press", ("The Associated Press",)),
    ("text", "By AFP", ("AFP",)),
])
def test_an_agency_is_the_author_when_no_person_is_named(where: str, credit: str, expected: tuple[str, ...]) -> None:
    html = page(byline=f'<div class="byline">{credit}</div>' if where == "byline" else "",
                meta={"author": credit} if where == "meta" else None, first=credit if where == "text" else "")
    assert extract_article(html, URL).authors == expected


def test_an_agency_beside_a_person_leaves_the_person() -> None:
    article = extract_article(page(byline='<div class="byline">By Jane Doe, Reuters</div>'), URL)
    assert article.authors == ("Jane Doe",)


@pytest.mark.parametrize("credit", ["Staff and news service reports", "From wire reports"])
def test_a_combined_credit_stays_whole(credit: str) -> None:
    assert extract_article(page(byline=f'<p class="byline">{credit}</p>'), URL).authors == (credit,)


@pytest.mark.parametrize(("desk", "lang"), [("Redacción", "es"), ("Web Desk", "en"), ("Redaktion", "de"),
                                             ("Editorial Staff", "en")])
def test_a_desk_label_never_stands_beside_a_person_but_signs_an_unsigned_piece(desk: str, lang: str) -> None:
    alone = extract_article(page(byline=f'<div class="author-name">{desk}</div>', lang=lang), URL)
    assert alone.authors == (desk,)
    named = extract_article(page(byline=f'<div class="author-name">{desk}</div>', meta={"author": "Ana Ruiz"},
                                 lang=lang), URL)
    assert named.authors == ("Ana Ruiz",)


def test_the_publisher_as_json_ld_author_is_no_author() -> None:
    jsonld = {"@type": "NewsArticle", "headline": "Ministers meet",
              "author": {"@type": "Organization", "name": "Example News"}}
    assert extract_article(page(jsonld=jsonld, meta={"author": "Example News"}), URL).authors == ()


def test_bylines_of_related_stories_and_comments_are_not_the_authors() -> None:
    after = ('<section class="related-posts"><div class="entry-author">Tom Teaser</div></section>'
             '<ol class="comment-list"><li><span class="comment-author">Carl Commenter</span></li></ol>')
    assert extract_article(page(after=after), URL).authors == ()
    html = page(after=after, byline='<span class="byline-name">Jane Doe</span>')
    assert extract_article(html, URL).authors == ("Jane Doe",)


def test_a_paragraph_that_merely_starts_with_by_stays_in_the_body() -> None:
    first = "By noon, crowds had gathered outside the ministry."
    article = extract_article(page(first=first, meta={"author": "Ana Ruiz"}), URL)
    assert article.authors == ("Ana Ruiz",) and article.authors_from == "meta"
    assert article.body.startswith(first)


@pytest.mark.parametrize(("raw", "expected"), [
    ("Written by Michael Larabel in Valve on 1 June 2019 at 08:34 PM EDT. 51 Comments", ["Michael Larabel"]),
    ("By Daniel Kahn Gillmor , Senior Staff Technologist, ACLU Speech, Privacy, and Technology Project",
     ["Daniel Kahn Gillmor"]),
    ("By Emily Kirkpatrick Updated on December 12, 2016 09:22 AM", ["Emily Kirkpatrick"]),
    ("Tom DiChristopher @tdichristopher WATCH LIVE", ["Tom DiChristopher"]),
    ("By Meg Wagner NEW YORK DAILY NEWS Dec 16, 2016 at 1:38 pm", ["Meg Wagner"]),
    ("Von Jochen Bittner und Tina Hildebrandt", ["Jochen Bittner", "Tina Hildebrandt"]),
    ("Par Sébastien Farcis et Laurence Defranoux", ["Sébastien Farcis", "Laurence Defranoux"]),
    ("Bradley M. Kuhn (http://ebb.org/bkuhn/)", ["Bradley M. Kuhn"]),
    ("文● オカモト／ASCII編集部", ["オカモト"]),
    ("View All", []),
])
def test_parse_byline_keeps_the_names_and_nothing_else(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw) if c.kind == "person"] == expected


@pytest.mark.parametrize(("name", "kind"), [("Reuters", "agency"), ("AP/Reuters", "agency"), ("NEWSROOM", "desk"),
                                            ("Online News Editor", "desk"), ("Redacción", "desk"),
                                            ("odno.kino", "account"), ("BT_India", "account")])
def test_credit_kinds(name: str, kind: str) -> None:
    assert {c.kind for c in parse_byline(name)} == {kind}


@pytest.mark.parametrize(("raw", "expected"), [("LISA MASCARO", "Lisa Mascaro"), ("SEAN O'BRIEN", "Sean O'Brien"),
                                               ("MARY-KATE MCDONALD", "Mary-Kate McDonald"),
                                               ("Lisa de Moraes", "Lisa de Moraes"), ("danah boyd", "danah boyd")])
def test_case_is_normalised_only_for_all_caps_names(raw: str, expected: str) -> None:
    assert normalise_case(raw) == expected


def test_authors_from_is_landed_in_a_file_made_before_the_column_existed(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)")
    stop = [name for name, _ in MIGRATIONS].index("009_authors_from")
    for name, migration in MIGRATIONS[:stop]:  # the file as geowire left it before the column existed
        migration(con)
        con.execute("INSERT INTO schema_migrations VALUES (?, now())", [name])
    con.close()
    article = extract_article(page(first="By Jane Doe"), URL)
    db = Database(path)
    landing.start_run(db, "r1", "test")
    landing.land(db, "r1", "example", [Outcome(url=URL, state="landed", http_status=200, attempts=1,
                                               fetched_at=datetime.now(UTC), article=article)])
    with db.read() as con:
        row = con.execute("SELECT authors, authors_from FROM articles").fetchone()
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'articles' "
                              "AND column_name = 'authors_from'").fetchone()
    assert row == (["Jane Doe"], "text")
    assert comment and "jsonld" in comment[0]


def test_a_theme_byline_selector_takes_the_posts_authors_not_the_teasers() -> None:
    """tagDiv marks every byline ``.td-post-author-name``: the post's (two links), and each related teaser's."""
    teasers = "".join(f'<div class="td_module_wrap"><div class="td-post-author-name"><a href="/author/{n}">{n}</a>'
                      "</div></div>" for n in ("Zeus Kerravala", "James Maguire"))
    byline = ('<div class="td-post-author-name">By <a href="/author/aa">Aminu Abdullahi</a> and '
              '<a href="/author/bb">Bea Brandt</a></div>')
    html = page(byline=byline, after=f'<div class="td-theme-wrap">{teasers}</div>').replace(
        "<body>", '<body><div class="td-theme-wrap td-container">', 1)
    article = extract_article(html, URL)
    assert article.authors == ("Aminu Abdullahi", "Bea Brandt")
    assert article.authors_from == "rules"
