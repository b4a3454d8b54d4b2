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


def page(*, byline: str = "", first: str | tuple[str, ...] = "", jsonld: list[dict[str, Any]] | dict[str, Any] | None = None,
         meta: dict[str, str] | None = None, after: str = "", lang: str = "en") -> str:
    """An article page: ``byline`` is markup under the headline, ``first`` a paragraph (or several) opening the text,
    ``after`` markup after the article (related stories, comments)."""
    head = "".join(f'<meta name="{escape(k)}" content="{escape(v)}">' for k, v in (meta or {}).items())
    if jsonld is not None:
        head += f'<script type="application/ld+json">{json.dumps(jsonld)}</script>'
    opening = [first] if isinstance(first, str) else list(first)
    text = "".join(f"<p>{escape(p)}</p>" for p in [*(p for p in opening if p), *PARAGRAPHS])
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


@pytest.mark.parametrize(("credit", "markup", "agency", "lang"), [
    ("dpa, Hamburg", '<div class="autor">{}</div>', "dpa", "de"),
    ("Von dpa / Stuttgart", '<p class="byline">{}</p>', "dpa", "de"),
    ("EFE / Madrid", '<span class="author-name">{}</span>', "EFE", "es"),
    ("Por EFE Bogotá", '<div class="firma">{}</div>', "EFE", "es"),
    ("ANSA, Roma", '<div class="autore">{}</div>', "ANSA", "it"),
    ("AFP/Paris", '<div class="auteur">{}</div>', "AFP", "fr"),
    ("Reuters, New York", '<div class="byline">{}</div>', "Reuters", "en"),
    ("Lusa, Lisboa", '<div class="autor">{}</div>', "Lusa", "pt"),
    ("ANP, Den Haag", '<div class="auteur">{}</div>', "ANP", "nl"),
    ("AFP, Le Havre", '<div class="auteur">{}</div>', "AFP", "fr"),
    ("EFE, La Paz", '<div class="autor">{}</div>', "EFE", "es"),
    ("Reuters, The Hague", '<div class="byline">{}</div>', "Reuters", "en"),
])
def test_the_place_a_wire_filed_from_is_no_author(credit: str, markup: str, agency: str, lang: str) -> None:
    """A wire's byline with its dateline's place ("dpa, Hamburg", "EFE / Madrid"): the place is no person, so the
    agency is the author; a person the wire names stays one."""
    article = extract_article(page(byline=markup.format(escape(credit)), lang=lang), URL)
    assert article.authors == (agency,)
    assert {(c.name, c.kind) for c in parse_byline(f"{credit}, Anna Schmidt")} == {(agency, "agency"),
                                                                                 ("Anna Schmidt", "person")}


@pytest.mark.parametrize(("raw", "expected"), [
    ("AFP, Reuters", ["AFP", "Reuters"]), ("dpa/AFP", ["dpa", "AFP"]), ("Reuters, AP", ["Reuters", "AP"]),
])
def test_a_second_wire_after_a_wire_is_no_place(raw: str, expected: list[str]) -> None:
    assert [(c.name, c.kind) for c in parse_byline(raw)] == [(name, "agency") for name in expected]


@pytest.mark.parametrize("credit", ["Staff and news service reports", "From wire reports"])
def test_a_combined_credit_stays_whole(credit: str) -> None:
    assert extract_article(page(byline=f'<p class="byline">{credit}</p>'), URL).authors == (credit,)


@pytest.mark.parametrize(("desk", "lang"), [("Redacción", "es"), ("Web Desk", "en"), ("Redaktion", "de"),
                                             ("Editorial Staff", "en"), ("Tim Redaksi", "id"), ("Redacția", "ro"),
                                             ("فريق التحرير", "ar"), ("המערכת", "he"), ("वाराणसी ब्यूरो", "hi"),
                                             ("न्यूज़ डेस्क", "hi"), ("편집부", "ko"), ("تحریریه", "fa")])
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


@pytest.mark.parametrize(("byline", "name", "lang"), [
    (('<div class="gO"><div class="Yc FC"><span>By </span><a href="/profile/jane-doe-1910837" class="NU">Jane Doe</a>'
     '</div><div class="KY"><time datetime="2016-12-02T18:28:24Z">Dec. 2, 2016</time></div></div>'), "Jane Doe", "en"),
    (('<div class="MiiXW"><div class="_ceVT">Von <span class="rlwyg">Jochen Bittner</span></div>'
     '<div class="rpyRU">Veröffentlicht am 24. Februar 2020</div></div>'), "Jochen Bittner", "de"),
    (('<div class="sc-1jc3ukb-3 bPVaPw"><span>Por</span><div class="sc-1mep9y1-0 kiViVs">'
     '<a class="sc-1out364-0 js_link" href="/autor/maria-fernandez">María Fernández</a></div></div>'),
     "María Fernández", "es"),
    (('<div class="text-lg font-medium my-24px"> By <a class="text-cyan-800" href="https://www.example-news.test/'
     'author/6956/">Jane Doe</a> - Jan 9, 2017 at 10:05AM</div>'), "Jane Doe", "en"),
])
def test_a_by_line_under_the_headline_is_a_byline_whatever_its_class(byline: str, name: str, lang: str) -> None:
    """Sites whose class names are hashes mark their byline with nothing but the word "By" before the name."""
    article = extract_article(page(byline=byline, meta={"author": "webteam"}, lang=lang), URL)
    assert article.authors == (name,)
    assert article.authors_from == "byline"


@pytest.mark.parametrize("markup", [
    '<menu><li class="menu-header">Text Size</li><li class="option">Regular</li><li class="option">Large</li></menu>',
    '<p class="dek">By the numbers: what the ministers agreed on and what they left open.</p>',
    '<div class="x9"><span>By</span> <a href="/topics/shipping">Shipping</a></div>',
])
def test_a_line_that_merely_starts_with_by_under_the_headline_names_nobody(markup: str) -> None:
    assert extract_article(page(byline=markup), URL).authors == ()


TEASERS = {
    "wrapped": ('<section class="w-stories">' + "".join(
        f'<article class="w-stories__item"><h2><a href="/s/{i}">Another story {i}</a></h2>'
        f'<a class="byline" href="/author/t{i}">Tom Teaser{i}</a></article>' for i in "AB") + "</section>"),
    "in a list": ('<div class="trending-posts"><h2>Popular right now</h2><ul>' + "".join(
        f'<li><article class="post"><header><span class="entry-author">Tina Teaser{i}</span></header>'
        f'<p>Another story {i}</p></article></li>' for i in "AB") + "</ul></div>"),
    "siblings of the story": "".join(
        f'<article class="next-story"><h2>Another story {i}</h2><div class="author-name">Tom Teaser{i}</div>'
        f"<p>More text of another story.</p></article>" for i in "AB"),
}


@pytest.mark.parametrize("teasers", list(TEASERS.values()), ids=list(TEASERS))
@pytest.mark.parametrize(("byline", "name", "lang"), [
    ('<div class="story__info"><span>By <a href="/author/kathy-wise">Kathy Wise</a></span> <span>Dec 14</span></div>',
     "Kathy Wise", "en"),
    ('<p class="meta">Von <span>Jochen Bittner</span> · 24. Februar 2020</p>', "Jochen Bittner", "de"),
    (('<div class="t-meta"><a href="/about/editors/jon-fingas/">Jon Fingas</a>, <a href="https://twitter.com/jf">'
     "@jf</a> <span>1h ago</span></div>"), "Jon Fingas", "en"),
])
def test_the_byline_under_the_headline_beats_the_bylines_of_teasers(teasers: str, byline: str, name: str,
                                                                    lang: str) -> None:
    """Teasers of other stories (each an ``<article>`` of a list) mark their bylines with classes; the story's
    own byline under its headline may be marked with nothing but "By" or a link to the writer's page."""
    html = page(byline=byline, after=teasers, lang=lang)
    if "siblings" in teasers:
        html = html.replace("<article><h1>", '<article class="story"><h1>')
    assert extract_article(html, URL).authors == (name,)


@pytest.mark.parametrize(("byline", "name", "lang"), [('<div class="byline">By Jane Doe</div>', "Jane Doe", "en"),
                                                      ('<p class="autor">Von Jochen Bittner</p>', "Jochen Bittner", "de")])
def test_a_headline_printed_above_a_list_of_articles_heads_the_first_of_them(byline: str, name: str,
                                                                             lang: str) -> None:
    """Infinite-scroll pages print the headline in a header and the story as the first of several ``<article>``s."""
    html = page(byline=byline, after=TEASERS["siblings of the story"], lang=lang).replace(
        "<article><h1>Ministers meet on shipping security</h1>",
        '<h1 class="page-title">Ministers meet on shipping security</h1><article class="story">')
    assert extract_article(html, URL).authors == (name,)


def test_a_link_to_a_topic_page_under_the_headline_is_no_byline() -> None:
    byline = '<div class="tags"><a href="/people/joe-biden">Joe Biden</a> <a href="/topics/ships">Ships</a></div>'
    assert extract_article(page(byline=byline), URL).authors == ()


@pytest.mark.parametrize(("byline", "expected"), [
    (('<div class="article_byline"><div>By <span>Joe Davidson</span></div><div class="flex"><div>Washington Post</div>'
     "<time>Dec 13, 2016 at 3:45 pm</time></div></div>"), ("Joe Davidson",)),
    ('<div class="autor"><p>Von Jochen Bittner</p><p>Süddeutsche Zeitung</p></div>', ("Jochen Bittner",)),
    ('<div class="bylines"><div>By Jane Doe</div><div>By John Roe</div><div>Example Times</div></div>',
     ("Jane Doe", "John Roe")),
    ('<div class="byline"><div>Por</div><div>María Fernández</div><div>El Diario Regional</div></div>',
     ("María Fernández",)),
])
def test_a_byline_element_reads_its_by_lines_not_the_outlet_or_date_lines(byline: str,
                                                                          expected: tuple[str, ...]) -> None:
    assert extract_article(page(byline=byline), URL).authors == expected


@pytest.mark.parametrize(("byline", "expected"), [
    (('<div class="bylines"><p class="byline">By <a href="/contributors/jane-doe">Jane Doe</a></p>'
     '<p class="byline">Illustration by <a href="/contributors/claire-roe">Claire Roe</a></p></div>'), ("Jane Doe",)),
    ('<div class="byline">Texto: Ana Ruiz. Fotos: Luis Gil</div>', ("Ana Ruiz",)),
    ('<p class="author">Von Anna Schmidt, Fotos von Jonas Weber</p>', ("Anna Schmidt",)),
    ('<span class="byline">Par Jean Dupont | Photographies de Marie Roux</span>', ("Jean Dupont",)),
])
def test_credits_for_pictures_are_not_authors(byline: str, expected: tuple[str, ...]) -> None:
    assert extract_article(page(byline=byline), URL).authors == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Par Martin Dupont (avec Claire Leloup et Marc Tual)", ["Martin Dupont", "Claire Leloup", "Marc Tual"]),
    ("By Jane Doe (with John Roe)", ["Jane Doe", "John Roe"]),
    ("Von Anna Schmidt (mit Jonas Weber)", ["Anna Schmidt", "Jonas Weber"]),
    ("J Vignesh, ET Bureau", ["J Vignesh"]),
    ("Connect Directly", []),
    ("Follow Jane Doe", []),
])
def test_parse_byline_reads_co_authors_in_parentheses_and_no_labels(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw) if c.kind == "person"] == expected


@pytest.mark.parametrize("desk", ["ET Bureau", "Washington Bureau", "Our Correspondent", "Special Correspondent"])
def test_bureaus_and_unnamed_correspondents_are_desks(desk: str) -> None:
    assert {c.kind for c in parse_byline(desk)} == {"desk"}
    alone = extract_article(page(byline=f'<div class="byline">{desk}</div>'), URL)
    assert alone.authors == (desk,)
    named = extract_article(page(byline=f'<div class="byline">Asha Rao, {desk}</div>'), URL)
    assert named.authors == ("Asha Rao",)


@pytest.mark.parametrize(("byline", "expected"), [
    (('<div class="authorinfo"><a href="https://partner.test/">Tech Insider</a><div class="authorinfo-txt">'
     '<span itemprop="author" itemscope itemtype="http://schema.org/Person"><span itemprop="name">Alex Perry</span>'
     "</span><time>1 day ago</time></div></div>"), ("Alex Perry",)),
    (('<div class="author-box" itemprop="author" itemscope itemtype="http://schema.org/Person">'
     '<span itemprop="name">Paul Wiseman</span><span itemprop="name">Fatima Hussein</span></div>'),
     ("Paul Wiseman", "Fatima Hussein")),
])
def test_names_marked_up_in_a_byline_are_read_one_by_one(byline: str, expected: tuple[str, ...]) -> None:
    assert extract_article(page(byline=byline), URL).authors == expected


@pytest.mark.parametrize("widget", [
    '<p class="meta">留言(42) <span class="author-views">人氣(23925)</span></p>',
    '<div class="author-info-block"><span>Connect Directly</span><a href="https://twitter.com/x">Twitter</a></div>',
])
def test_counters_and_contact_labels_in_author_boxes_name_nobody(widget: str) -> None:
    assert extract_article(page(byline=widget), URL).authors == ()


@pytest.mark.parametrize(("raw", "expected"), [
    ("Oleh: Budi Santoso", ["Budi Santoso"]),  # Indonesian
    ("Penulis: Budi Santoso | Editor: Siti Aminah", ["Budi Santoso"]),
    ("Szerző: Kovács János", ["Kovács János"]),  # Hungarian
    ("Piše: Ivan Horvat", ["Ivan Horvat"]),  # Croatian
    ("Teksti: Matti Virtanen", ["Matti Virtanen"]),  # Finnish
    ("بقلم محمد علي", ["محمد علي"]),  # Arabic
    ("Reporter: Jane Doe", ["Jane Doe"]),
    ("Geschreven door Jan de Vries", ["Jan de Vries"]),  # Dutch
    ("Gepost door Jan de Vries", ["Jan de Vries"]),
    ("Publicat de Ion Popescu", ["Ion Popescu"]),  # Romanian
])
def test_bylines_open_with_the_by_word_of_many_languages(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw) if c.kind == "person"] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("홍길동 기자", ["홍길동"]),
    ("(서울=연합뉴스) 홍길동 기자", ["홍길동"]),
    ("홍길동·김철수 기자", ["홍길동", "김철수"]),
    ("王小明 记者", ["王小明"]),
    ("編集委員\u3000中沢克二", ["中沢克二"]),
    ("约翰·史密斯", ["约翰·史密斯"]),  # a foreign name in Chinese: the dot is inside the name
])
def test_reporter_titles_and_wire_datelines_around_east_asian_names_are_not_the_name(raw: str,
                                                                                     expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw) if c.kind == "person"] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Jane Doe - Reuters", [("Jane Doe", "person"), ("Reuters", "agency")]),
    ("Thùy Linh - Minh Anh", [("Thùy Linh", "person"), ("Minh Anh", "person")]),
    ("Af Jens Hansen, Politiken", [("Jens Hansen", "person")]),
    ("By Jane Doe, NEWSWEEK", [("Jane Doe", "person")]),
    ("Paz Segura - Marketing Manager", [("Paz Segura", "person")]),
    ("Jean-Luc Picard", [("Jean-Luc Picard", "person")]),
    ("TT Nyhetsbyrån", [("TT Nyhetsbyrån", "agency")]),
])
def test_a_byline_splits_at_spaced_dashes_and_drops_the_outlet_and_title_after_a_name(
        raw: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.name, c.kind) for c in parse_byline(raw)] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("By Joe Davidson, Washington Post", ["Joe Davidson"]),
    ("Joe Matazzoni, Wikimedia Foundation", ["Joe Matazzoni"]),
    ("Von Anna Schmidt, Süddeutsche Zeitung", ["Anna Schmidt"]),
    ("Jane Doe, Washington Post and John Roe, New York Times", ["Jane Doe", "John Roe"]),
    ("Lisa Post and Jane Doe", ["Lisa Post", "Jane Doe"]),
])
def test_the_outlet_or_institution_after_a_name_is_no_co_author(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw) if c.kind == "person"] == expected


@pytest.mark.parametrize(("byline", "lang"), [
    (('<p class="byline"><time datetime="2020-05-28T17:43">28.5.2020 17:43</time> <span>Uppdaterad '
     '<time datetime="2020-05-28T17:48">28.5.2020 17:48</time></span></p>'), "sv"),
    ('<p class="byline"><span>Oppdatert</span> <time datetime="2020-05-28T17:48">28. mai 2020</time></p>', "no"),
    ('<div class="author">Aktualisiert <time datetime="2020-05-28T17:48">vor 2 Stunden</time></div>', "de"),
])
def test_a_byline_element_holding_only_dates_names_nobody(byline: str, lang: str) -> None:
    assert extract_article(page(byline=byline, lang=lang), URL).authors == ()


@pytest.mark.parametrize(("raw", "expected"), [
    ("P. Mucović prije 2 sata", ["P. Mucović"]),
    ("Von Anna Schmidt vor 2 Stunden", ["Anna Schmidt"]),
    ("Por Ana Ruiz hace 3 horas", ["Ana Ruiz"]),
    ("Av Ola Nordmann Publisert 12.03.2024", ["Ola Nordmann"]),
])
def test_a_relative_time_or_a_publication_label_ends_the_names(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw) if c.kind == "person"] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Artikel von Hans Meier", [("Hans Meier", "person")]),
    ("By Jane Doe for MailOnline", [("Jane Doe", "person")]),
    ("Charles Walton für Example Zeitung", [("Charles Walton", "person")]),
    ("Dallas Robinson is a freelance writer living in Minneapolis", []),
    ("Repetir E-mail", []),
    ("Auteurs", []),
    ("facebook.com", []),
    ("HT Correspondent", [("HT Correspondent", "desk")]),
    ("वाराणसी ब्यूरो", [("वाराणसी ब्यूरो", "desk")]),
    ("Συντακτική Ομάδα", [("Συντακτική Ομάδα", "desk")]),
    ("Red.", [("Red.", "desk")]),
    ("odno.kino", [("odno.kino", "account")]),
])
def test_labels_bios_addresses_and_desks_of_many_languages(raw: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.name, c.kind) for c in parse_byline(raw)] == expected


@pytest.mark.parametrize("markup", [
    '<div class="input user_clave_confirmation"><label>Repetir clave</label><input type="password"></div>',
    '<div class="autoresize-box"><span>Maria Lopez</span></div>',
])
def test_a_class_holding_a_byline_word_inside_another_word_is_no_byline(markup: str) -> None:
    """ "confirmation" holds "firma", "autoresize" holds "autor": neither marks a byline."""
    assert extract_article(page(after=markup), URL).authors == ()


@pytest.mark.parametrize("markup", ['<div class="articleFirma">Maria Lopez</div>', '<p class="autorName">Maria Lopez</p>',
                                    '<div class="nota-firmas">Maria Lopez</div>'])
def test_firma_and_autor_mark_bylines_as_words_of_their_own(markup: str) -> None:
    assert extract_article(page(byline=markup, lang="es"), URL).authors == ("Maria Lopez",)


@pytest.mark.parametrize(("raw", "expected"), [
    ("Dana Ford, James Corey, and Tom Watkins, CNN", ["Dana Ford", "James Corey", "Tom Watkins"]),
    ("By Jane Doe, and John Roe", ["Jane Doe", "John Roe"]),
    ("Von Anna Schmidt, Peter Braun, und Eva Klein", ["Anna Schmidt", "Peter Braun", "Eva Klein"]),
    ("Por Ana García, Luis Pérez, y Marta Ruiz", ["Ana García", "Luis Pérez", "Marta Ruiz"]),
    ("Par Claire Martin, et Louis Girard", ["Claire Martin", "Louis Girard"]),
    ("Jane Doe, John Roe & Mary Major", ["Jane Doe", "John Roe", "Mary Major"]),
])
def test_the_name_after_a_serial_comma_and_conjunction_is_a_co_author(raw: str, expected: list[str]) -> None:
    """ "A, B, and C": the last name follows a comma *and* a conjunction, in any language; it is not dropped."""
    assert [c.name for c in parse_byline(raw, ("cnn",)) if c.kind == "person"] == expected
    html = page(meta={"author": raw})
    assert extract_article(html, URL).authors == tuple(expected)


FEEDS = {
    "feed items": ('<div class="feed">' + "".join(
        f'<div class="feed-item"><div class="headline">Another story {i}</div>'
        f'<div class="byline"><span>By</span> <span>Tom Teaser{i}</span></div></div>' for i in "AB") + "</div>"),
    "feed list": ('<ul class="feed-list">' + "".join(
        f'<li><h3>Another story {i}</h3><span class="author">Von Tina Teaser{i}</span></li>' for i in "AB") + "</ul>"),
}


@pytest.mark.parametrize("feed", list(FEEDS.values()), ids=list(FEEDS))
@pytest.mark.parametrize(("byline", "name", "lang"), [
    ('<div class="author-name"><span>By</span> <a rel="author" href="/author/jane-doe">Jane Doe</a></div>',
     "Jane Doe", "en"),
    ('<p class="autor">Von Jochen Bittner</p>', "Jochen Bittner", "de"),
])
def test_a_byline_above_the_headline_beats_the_bylines_of_a_teaser_feed_below(feed: str, byline: str, name: str,
                                                                             lang: str) -> None:
    """Some layouts print the byline above the headline; the bylines found below it then belong to a feed of
    teasers of other stories ("feed-item"), never the article's."""
    html = page(after=feed, lang=lang).replace("<article><h1>", f"<article>{byline}<h1>")
    assert extract_article(html, URL).authors == (name,)


@pytest.mark.parametrize(("raw", "expected"), [
    ("Von Anna Schmidt mit Material von dpa", [("Anna Schmidt", "person"), ("dpa", "agency")]),
    ("Von Anna Schmidt, mit Material von dpa/AFP", [("Anna Schmidt", "person"), ("dpa", "agency"), ("AFP", "agency")]),
    ("Por Ana García, con información de EFE", [("Ana García", "person"), ("EFE", "agency")]),
    ("By Jane Doe; additional reporting by John Roe", [("Jane Doe", "person"), ("John Roe", "person")]),
    ("Toimittaja Matti Meikäläinen", [("Matti Meikäläinen", "person")]),
])
def test_material_from_an_agency_is_the_agency_not_a_name(raw: str, expected: list[tuple[str, str]]) -> None:
    """ "mit Material von dpa", "con información de EFE": the words before the agency are no one's name."""
    assert [(c.name, c.kind) for c in parse_byline(raw)] == expected
    assert extract_article(page(meta={"author": raw}), URL).authors == tuple(n for n, k in expected if k == "person")


@pytest.mark.parametrize(("raw", "lang"), [
    ("Redaktion Politik", "de"), ("Nachrichtenredaktion", "de"), ("Example-Redaktion", "de"),
    ("Rédaction Le Monde", "fr"), ("Equipo de Redacción", "es"), ("Redacción Internacional", "es"),
    ("Da Redação", "pt"), ("Redazione Online", "it"), ("Redakce Example", "cs"), ("Haber Merkezi", "tr"),
    ("Staff Report", "en"), ("Press Release", "en"),
])
def test_newsroom_labels_are_desks_wherever_the_newsroom_word_stands(raw: str, lang: str) -> None:
    """A desk label need not end with its desk word: "Redaktion Politik" and "Equipo de Redacción" sign for a
    newsroom; beside a person it is dropped, alone it signs the piece."""
    assert [(c.name, c.kind) for c in parse_byline(raw)] == [(raw, "desk")]
    byline = f'<div class="author-name">{escape(raw)}</div>'
    assert extract_article(page(byline=byline, meta={"author": "Ana Ruiz"}, lang=lang), URL).authors == ("Ana Ruiz",)
    assert extract_article(page(byline=byline, lang=lang), URL).authors == (raw,)


@pytest.mark.parametrize(("raw", "expected"), [
    ("Jane Doe in Kyiv", ["Jane Doe"]),
    ("By Jane Doe in Kyiv and John Roe in Moscow", ["Jane Doe", "John Roe"]),
    ("Von Anna Schmidt aus Berlin", ["Anna Schmidt"]),
    ("Par Marie Dupont à Paris", ["Marie Dupont"]),
    ("Por Ana Ruiz desde Bogotá", ["Ana Ruiz"]),
    ("Jane Doe Twitter", ["Jane Doe"]),
    ("Anna Schmidt E-Mail", ["Anna Schmidt"]),
    ("By Jane Doe Email Facebook", ["Jane Doe"]),
    ("Jane Doe on Twitter", ["Jane Doe"]),
    ("Anna Schmidt Mehr Artikel", ["Anna Schmidt"]),
    ("Autor: Anna Schmidt Mehr von diesem Autor", ["Anna Schmidt"]),
    ("Marie Dupont Suivre", ["Marie Dupont"]),
    ("María García Seguir", ["María García"]),
    ("Jane Doe View Profile", ["Jane Doe"]),
    ("Alle Artikel", []),
    ("Muhabir: Ahmet Yılmaz", ["Ahmet Yılmaz"]),
    ("Napisała Anna Nowak", ["Anna Nowak"]),
    ("Repetir E-mail", []),
])
def test_the_place_written_from_and_contact_or_profile_links_after_a_name_are_not_the_name(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw)] == expected


@pytest.mark.parametrize(("line", "names", "lang"), [
    ("Napsal Jan Novák", ("Jan Novák",), "cs"),
    ("Napsala Jana Nováková a Petr Svoboda", ("Jana Nováková", "Petr Svoboda"), "cs"),
    ("Napísal Ján Kováč", ("Ján Kováč",), "sk"),
    ("Napisao Ivan Horvat", ("Ivan Horvat",), "hr"),
    ("Napisala Ana Kovačević", ("Ana Kovačević",), "bs"),
    ("Написао Петар Петровић", ("Петар Петровић",), "sr"),
    ("Eftir Jón Jónsson", ("Jón Jónsson",), "is"),
    ("Autorka: Jana Nováková", ("Jana Nováková",), "cs"),
    ("Laporan: Budi Santoso", ("Budi Santoso",), "id"),
    ("Reportaje: Ana Ruiz", ("Ana Ruiz",), "es"),
    ("Reportagem de Ana Souza", ("Ana Souza",), "pt"),
])
def test_written_by_in_central_european_and_other_languages_opens_a_byline(line: str, names: tuple[str, ...],
                                                                          lang: str) -> None:
    """The words for "written by" and "report" of Czech, Slovak, Croatian, Bosnian, Serbian, Icelandic, Indonesian,
    Spanish and Portuguese bylines are no part of the name, in a byline element or opening the text."""
    assert tuple(c.name for c in parse_byline(line)) == names
    in_element = extract_article(page(byline=f'<p class="meta">{escape(line)}</p>', lang=lang), URL)
    assert in_element.authors == names
    in_text = extract_article(page(first=line, lang=lang), URL)
    assert in_text.authors == names and not in_text.body.startswith(line)


@pytest.mark.parametrize(("line", "names", "lang"), [
    ("By John Roe, Political Editor, and Jane Doe, Chief Reporter", ("John Roe", "Jane Doe"), "en"),
    ("By Jason Roe, Political Editor For The Daily Example, and Jack Doe, Home Affairs Editor",
     ("Jason Roe", "Jack Doe"), "en"),
    ("Von Anna Schmidt, Korrespondentin, und Peter Müller, Redakteur", ("Anna Schmidt", "Peter Müller"), "de"),
    ("Por Ana Ruiz, corresponsal, y Pedro Gómez, enviado especial", ("Ana Ruiz", "Pedro Gómez"), "es"),
    ("Par Marie Dupont, envoyée spéciale, et Jean Martin, correspondant", ("Marie Dupont", "Jean Martin"), "fr"),
])
def test_each_name_with_its_job_title_joined_by_and_is_an_author(line: str, names: tuple[str, ...], lang: str) -> None:
    """A title after a name ends the names ("Jane Doe, Senior Staff Technologist, ACLU"), unless "and" brings the
    next name with its own title."""
    assert tuple(c.name for c in parse_byline(line)) == names
    article = extract_article(page(byline=f'<div class="byline">{escape(line)}</div>', lang=lang), URL)
    assert article.authors == names
    assert [c.name for c in parse_byline("Jane Doe, Senior Staff Technologist, ACLU")] == ["Jane Doe"]


@pytest.mark.parametrize(("line", "lang"), [("Anna Schmidt, Leiterin Politik", "de"),
                                            ("Anna Schmidt, Volontärin", "de"), ("Ana Ruiz, jefa de Internacional", "es"),
                                            ("Marie Dupont, correspondante à Bruxelles", "fr")])
def test_a_job_title_after_a_name_is_no_second_author(line: str, lang: str) -> None:
    first = line.split(",")[0]
    assert [c.name for c in parse_byline(line)] == [first]
    assert extract_article(page(byline=f'<p class="author">{escape(line)}</p>', lang=lang), URL).authors == (first,)


def _person_author(name: str) -> dict[str, Any]:
    return {"@type": "NewsArticle", "headline": "Ministers meet on shipping security",
            "author": {"@type": "Person", "name": name},
            "publisher": {"@type": "Organization", "name": "Example News"}}


@pytest.mark.parametrize("brand", ["EXAMPLE NEWS", "Example News", "Editors, Example News"])
def test_a_json_ld_person_named_as_the_outlet_is_the_publisher(brand: str) -> None:
    """Some CMSs fill the Person author with the brand ("USA TODAY", "Editors, USA TODAY"): the visible byline
    then names the author, or nobody is named."""
    byline = '<div class="byline">By Jane Doe</div>'
    assert extract_article(page(jsonld=_person_author(brand), byline=byline), URL).authors == ("Jane Doe",)
    alone = extract_article(page(jsonld=_person_author(brand)), URL).authors
    assert alone == (("Editors",) if "Editors" in brand else ())


def test_a_json_ld_person_named_as_a_one_person_blog_is_its_author() -> None:
    url = "https://www.janedoe.test/2024/05/01/ministers-meet"
    html = page(jsonld=_person_author("Jane Doe")).replace('content="Example News"', 'content="Jane Doe"')
    assert extract_article(html, url).authors == ("Jane Doe",)


@pytest.mark.parametrize(("byline", "name", "lang"), [
    ('<div><div>Jane Doe</div><div>12 March 2024</div></div>', "Jane Doe", "en"),
    ('<p><span>Anna Schmidt</span> <span>12.03.2024, 14:05 Uhr</span></p>', "Anna Schmidt", "de"),
    (('<div class="x1"><div class="x2">Marie Dupont</div><time datetime="2024-03-12T10:00:00+01:00">il y a 3 h</time>'
     '</div>'), "Marie Dupont", "fr"),
    ('<div><strong>Ana Ruiz Gómez</strong><br><span>12 de marzo de 2024</span></div>', "Ana Ruiz Gómez", "es"),
    ('<div>Jane Doe | 12 March 2024</div>', "Jane Doe", "en"),
    ('<p class="x7">Anna Schmidt, 12.03.2024, 14:05 Uhr</p>', "Anna Schmidt", "de"),
    ('<p><strong>Jane Doe</strong>, Senior Correspondent</p>', "Jane Doe", "en"),
    ('<div><span>Anna Schmidt</span> <span>Redakteurin</span></div>', "Anna Schmidt", "de"),
    ('<div><a href="/perfil/ana-ruiz-gomez">Ana Ruiz Gómez</a> <span>12 de marzo de 2024</span></div>',
     "Ana Ruiz Gómez", "es"),
    ("<address>Jane Doe</address>", "Jane Doe", "en"),
    ('<div>Jordan Peterson, 12 March 2024</div>', "Jordan Peterson", "en"),  # a country's name as a first name
])
def test_a_name_alone_beside_the_date_under_the_headline_is_the_byline(byline: str, name: str, lang: str) -> None:
    """Themes that print the byline under the headline without a class or a "By": the name alone in its element
    with the day or the writer's job beside it, a link to a page named after the writer, HTML's ``<address>``."""
    article = extract_article(page(byline=byline, lang=lang), URL)
    assert article.authors == (name,)
    assert article.authors_from == "byline"


@pytest.mark.parametrize("markup", [
    '<div><a href="/artists/lust-for-youth/"><div>Lust For Youth</div></a></div><time datetime="2024-03-12">2024</time>',
    '<div>World News</div><div>12 March 2024</div>',
    '<div>Jane Doe</div><div>Foreign ministers met in the capital.</div>',
    '<div>Jane Doe</div><div><time>2019</time></div>',
    '<p>Jane Doe said on 12 March 2024 that the talks went well.</p>',
    '<div><a href="/topics/shipping">Jane Doe</a> <span>12 March 2024</span></div>',
    '<div>The Plain Dealer</div><div>12 March 2024</div>',
    '<div>New York, 12 March 2024</div>',
    '<div>Buenos Aires | 12.03.2024</div>',
    '<div><span>Hong Kong</span><span>12 March 2024</span></div>',
    '<p>Mexico City, March 12, 2024</p>',
    '<div>Jane Doe</div><div>Foreign ministers met in the capital</div>',
])
def test_a_place_an_outlet_or_a_name_without_its_date_under_the_headline_is_no_byline(markup: str) -> None:
    assert extract_article(page(byline=markup), URL).authors == ()


@pytest.mark.parametrize(("raw", "expected"), [
    ("Ein Kommentar von Jochen Bittner", ["Jochen Bittner"]),
    ("Eine Analyse von Anna Schmidt und Hans Meier", ["Anna Schmidt", "Hans Meier"]),
    ("Gastbeitrag von Prof. Dr. Hans Meier", ["Prof. Dr. Hans Meier"]),
    ("Kommentar: Anna Schmidt", ["Anna Schmidt"]),
    ("Une analyse de Marie Dupont", ["Marie Dupont"]),
    ("Opinion by Jane Doe", ["Jane Doe"]),
    ("Análisis de María García", ["María García"]),
    ("Interview: Jane Doe", []),  # the one interviewed, maybe
    ("Journalist Ola Nordmann", ["Ola Nordmann"]),
    ("oprac. Jan Kowalski", ["Jan Kowalski"]),
    ("Του Γιώργου Παπαδόπουλου", ["Γιώργου Παπαδόπουλου"]),
    ("本报记者 王小明", ["王小明"]),
])
def test_a_pieces_genre_or_the_writers_job_before_the_name_is_no_part_of_it(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw)] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Reviewed by Dr. Jane Doe", []),
    ("Written by Jane Doe; edited by John Roe", ["Jane Doe"]),
    ("By Jane Doe Medically reviewed by Dr. John Roe", ["Jane Doe"]),
    ("Von Anna Schmidt, redigiert von Hans Meier", ["Anna Schmidt"]),
])
def test_reviewers_and_editors_are_not_authors(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw)] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("By JANE DOE and JOHN ROE Associated Press", [("Jane Doe", "person"), ("John Roe", "person")]),
    ("Mit Material von dpa", [("dpa", "agency")]),
    ("Agencia EFE", [("Agencia EFE", "agency")]),
    ("Jane Doe, Agenzia ANSA", [("Jane Doe", "person"), ("Agenzia ANSA", "agency")]),
])
def test_wire_credits_in_capitals_and_agencies_named_with_their_word_for_agency(
        raw: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.name, c.kind) for c in parse_byline(raw)] == expected


@pytest.mark.parametrize(("byline", "lang"), [('<p class="byline">Ein Kommentar von Jochen Bittner</p>', "de"),
                                              ('<div class="author">Une analyse de Jochen Bittner</div>', "fr")])
def test_a_genre_byline_names_its_writer_on_the_page(byline: str, lang: str) -> None:
    article = extract_article(page(byline=byline, meta={"author": "webteam"}, lang=lang), URL)
    assert article.authors == ("Jochen Bittner",)


# --- what a byline element holds that is no name (seen across sites' pages without author gold) -----------------

@pytest.mark.parametrize(("headline", "credit", "expected"), [
    ("Total OASDI disabled beneficiaries in Missouri zip 63848 remains the same in 2019", "Metric Media News Service",
     ("Metric Media News Service",)),
    ("Total Unemployment Claims in Ohio County 39001 rise in 2020", "Associated Press", ("Associated Press",)),
    ("Neue Regeln Für Mieter Ab Januar", "dpa", ("dpa",)),
])
def test_an_agency_byline_beside_the_headline_does_not_take_the_headlines_words_for_names(
        headline: str, credit: str, expected: tuple[str, ...]) -> None:
    html = (f'<html><head><title>{headline}</title><meta property="og:type" content="article"></head><body>'
            f'<main><div class="text-center"><h1 class="title">{headline}</h1>'
            f'<p class="card-author">By <a class="author" href="/author/x">{credit}</a> | '
            f'<a href="/stories/2020/aug">Aug 26, 2020</a></p></div>'
            f'<div class="content">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</div></main></body></html>')
    assert extract_article(html, URL).authors == expected


@pytest.mark.parametrize(("url", "section_link", "metadata", "expected"), [
    ("https://www.example.test/actualidad/internacional/se-reanuda-el-futbol-EI188",
     '<a href="/actualidad/internacional"><span class="assigned-section">Internacional</span></a>',
     {"jsonld": {"@type": "NewsArticle", "author": {"@type": "Organization", "name": "AP"}}}, ("AP",)),
    ("https://www.example.test/politik/ausland/minister-treffen-sich-100.html",
     '<a href="https://www.example.test/politik/ausland/">Ausland</a>', {"meta": {"author": "dpa"}}, ("dpa",)),
    ("https://www.example.test/news/world/ministers-meet", '<a href="/news/world">World</a>', {}, ()),
])
def test_a_link_to_the_pages_own_section_in_a_byline_element_names_no_author(
        url: str, section_link: str, metadata: dict[str, Any], expected: tuple[str, ...]) -> None:
    html = page(byline=f'<div class="author">{section_link}</div>', **metadata)
    assert extract_article(html, url).authors == expected


def test_a_writers_page_the_post_is_filed_under_is_still_the_byline() -> None:
    html = page(byline='<cite class="meta-writer-name">By <a href="https://www.example.test/jane-doe/">Jane Doe</a>,'
                       ' <time datetime="2016-12-16">December 16th 2016</time></cite>')
    assert extract_article(html, "https://www.example.test/jane-doe/2016/12/one-day").authors == ("Jane Doe",)


@pytest.mark.parametrize(("label", "lang"), [("Start date", "en"), ("Son Güncelleme:", "tr"),
                                             ("Letzte Aktualisierung", "de"), ("Dernière mise à jour", "fr")])
def test_the_label_of_a_date_under_the_headline_is_no_name(label: str, lang: str) -> None:
    byline = (f'<ul class="meta"><li><span class="label">{label}</span> '
              f'<a href="#"><time datetime="2020-09-18T08:56:40-07:00">Sep 18, 2020</time></a></li></ul>')
    html = page(byline=byline, jsonld={"@type": "NewsArticle", "author": {"@type": "Person", "name": "Tiberius"}},
                lang=lang)
    assert extract_article(html, URL).authors == ("Tiberius",)


@pytest.mark.parametrize(("caption", "lang"), [("Снимка: Getty Images/Guliver", "bg"), ("Фото: ТАСС", "ru"),
                                               ("Zdjęcie: PAP", "pl"), ("Kuva: Lehtikuva", "fi")])
def test_a_picture_credit_in_an_author_classed_element_is_no_byline(caption: str, lang: str) -> None:
    html = page(byline=f'<div class="gallery"><img src="/a.jpg" alt=""><div class="author">{caption}</div></div>'
                       '<p class="byline">Jane Doe</p>', lang=lang)
    assert extract_article(html, URL).authors == ("Jane Doe",)


@pytest.mark.parametrize(("raw", "expected"), [
    ("About Jane Doe", ["Jane Doe"]),
    ("Über Jochen Bittner", ["Jochen Bittner"]),
    ("À propos de Marie Dupont", ["Marie Dupont"]),
    ("Ein Interview von Eugen Zentner mit Sonja Silberhorn.", ["Eugen Zentner"]),
    ("Un entretien de Marie Dupont avec Jean Martin", ["Marie Dupont"]),
    ("An interview by Jane Doe with John Roe", ["Jane Doe"]),
    ("Tom Davies Associated Press", ["Tom Davies"]),
    ("Jean Dupont Agence France-Presse", ["Jean Dupont"]),
    ("Finian Cunningham. Sputnik International", ["Finian Cunningham"]),
    ("The Russian and Syrian defense ministries", []),
    ("Снимка: Getty Images/Guliver", []),
    ("Jane Doe Фото: ТАСС", ["Jane Doe"]),
    ("Start date", []),
    ("Son Güncelleme:", []),
    ("Jane A. Doe", ["Jane A. Doe"]),
    ("Les Paul", ["Les Paul"]),
])
def test_headings_interviewees_wires_and_labels_around_a_name_are_not_names(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw)] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Deutscher Caritasverband e. V.", [("Deutscher Caritasverband e. V.", "publisher")]),
    ("Olympia-Verlag GmbH", [("Olympia-Verlag GmbH", "publisher")]),
    ("Olympia-Verlag GmbH, Nürnberg, Germany", [("Olympia-Verlag GmbH", "publisher")]),
    ("Example Verlag GmbH & Co. KG", [("Example Verlag GmbH & Co. KG", "publisher")]),
    ("Acme Media Ltd.", [("Acme Media Ltd.", "publisher")]),
    ("Bundesministerium für Wirtschaft und Klimaschutz", [("Bundesministerium für Wirtschaft und Klimaschutz",
                                                           "publisher")]),
    ("Center for American Progress", [("Center for American Progress", "publisher")]),
    ("Jane Doe, Example Media GmbH", [("Jane Doe", "person"), ("Example Media GmbH", "publisher")]),
])
def test_an_organisation_is_credited_whole_and_as_the_publisher(raw: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.name, c.kind) for c in parse_byline(raw)] == expected


@pytest.mark.parametrize(("meta_author", "byline", "expected"), [
    ("Deutscher Caritasverband e. V.", "", ()),
    ("Bundesministerium für Wirtschaft und Klimaschutz", "", ()),
    ("Olympia-Verlag GmbH", '<p class="byline">Von Anna Schmidt</p>', ("Anna Schmidt",)),
])
def test_an_organisation_as_meta_author_is_no_author(meta_author: str, byline: str, expected: tuple[str, ...]) -> None:
    article = extract_article(page(byline=byline, meta={"author": meta_author}, lang="de"), URL)
    assert article.authors == expected


@pytest.mark.parametrize(("kind", "name", "expected"), [
    ("person", "By HILLEL ITALIE, AP National Writer", ("Hillel Italie",)),
    ("PERSON", "Tom Krisher, AP Auto Writer", ("Tom Krisher",)),
    ("person", "Von Anna Schmidt, dpa", ("Anna Schmidt",)),
])
def test_a_json_ld_person_is_one_whatever_the_case_of_its_type(kind: str, name: str, expected: tuple[str, ...]) -> None:
    jsonld = {"@type": "NewsArticle", "publisher": {"@type": "NewsMediaOrganization", "name": "Associated Press"},
              "author": [{"@type": kind, "name": name}]}
    assert extract_article(page(jsonld=jsonld), URL).authors == expected


@pytest.mark.parametrize("wrapper", ['<div class="site-content content-area" id="sidebar">',
                                     '<div class="related-layout">', '<section class="feed-item-main">'])
@pytest.mark.parametrize(("byline", "name"), [('<span class="author vcard"><a href="/author/heiko">Heiko Sauer</a></span>',
                                               "Heiko Sauer"),
                                              ('<p class="byline">Par Marie Dupont</p>', "Marie Dupont")])
def test_a_byline_in_a_block_named_like_a_sidebar_that_holds_the_headline_is_the_articles(
        wrapper: str, byline: str, name: str) -> None:
    close = f"</{wrapper[1:wrapper.index(' ')]}>"
    html = (f'<html><head><title>Ministers meet on shipping security</title><meta property="og:type" '
            f'content="article"></head><body><div class="page"><article>{wrapper}<header><h1>Ministers meet on '
            f'shipping security</h1><div class="entry-meta">{byline}</div></header>'
            f'{"".join(f"<p>{escape(p)}</p>" for p in PARAGRAPHS)}{close}</article>'
            f'<aside class="sidebar"><div class="byline">By John Roe</div></aside></div></body></html>')
    assert extract_article(html, URL).authors == (name,)


@pytest.mark.parametrize(("menu", "byline", "name", "lang"), [
    ('<div class="menu-authors-container"><ul id="menu-authors" class="nav">{items}</ul></div>',
     '<p class="byline author">Par <a href="/auteur/barbara-stiegler/">Barbara Stiegler</a></p>', "Barbara Stiegler", "fr"),
    ('<ul class="menu-autoren">{items}</ul>', '<div class="byline">Von Anna Schmidt</div>', "Anna Schmidt", "de"),
    ('<nav id="menu-writers-list"><ul>{items}</ul></nav>', '<span class="author">By Jane Doe</span>', "Jane Doe", "en"),
])
def test_a_menu_listing_the_sites_writers_is_no_byline(menu: str, byline: str, name: str, lang: str) -> None:
    items = "".join(f'<li><a href="/author/{n.lower().replace(" ", "-")}/">{n}</a></li>'
                    for n in ("Pierre Puchot", "Mark Alizart", "Mathias Girel", "Serge Kaganski"))
    html = page(byline=menu.format(items=items) + byline, lang=lang)
    assert extract_article(html, URL).authors == (name,)


@pytest.mark.parametrize(("raw", "expected"), [
    ("By Bryan Walsh Tuesday, June 1, 2010", ["Bryan Walsh"]),
    ("Von Anna Schmidt Montag, 3. März 2020", ["Anna Schmidt"]),
    ("Par Marie Dupont, lundi 3 mars 2020", ["Marie Dupont"]),
    ("By Jane Doe Friday 12 April 2024", ["Jane Doe"]),
    ("Tuesday Weld", ["Tuesday Weld"]),
])
def test_the_weekday_of_the_date_after_a_name_is_no_part_of_it(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw)] == expected


@pytest.mark.parametrize(("label", "lang"), [("Auswärtige Autoren", "de"), ("Guest Authors", "en"),
                                             ("Nos auteurs", "fr")])
def test_a_label_for_outside_writers_in_json_ld_leaves_the_visible_byline(label: str, lang: str) -> None:
    html = page(byline='<div class="author">Ralph Steiner und Carlo Natter</div>', lang=lang,
                jsonld={"@type": "NewsArticle", "author": {"@type": "Person", "name": label}})
    assert extract_article(html, URL).authors == ("Ralph Steiner", "Carlo Natter")


@pytest.mark.parametrize(("raw", "expected"), [
    ("Isna Rifka Sri Rahayu Penulis", ["Isna Rifka Sri Rahayu"]),
    ("Elizabeth Gibney Search", ["Elizabeth Gibney"]),
    ("© GettyImages", []),
    ("Jane Doe © Reuters", ["Jane Doe"]),
    ("AUTOR/IN Julius Richter", ["Julius Richter"]),
    ("Autor:in: Anna Schmidt", ["Anna Schmidt"]),
    ("Ikran Dahir BuzzFeed UK News Fellow", ["Ikran Dahir"]),
])
def test_labels_links_and_copyrights_around_a_name_are_not_part_of_it(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw)] == expected


@pytest.mark.parametrize(("name", "marks"), [("India Post News Weekly", ("indiapost",)),
                                             ("Kent Online News", ("kentonline",)),
                                             ("Rheinpfalz Zeitung", ("rheinpfalz",))])
def test_the_sites_name_with_an_outlets_words_after_it_is_the_publisher(name: str, marks: tuple[str, ...]) -> None:
    assert [c.kind for c in parse_byline(name, marks)] == ["publisher"]


@pytest.mark.parametrize(("raw", "expected"), [
    ("Jane Doe and agencies", [("Jane Doe", "person"), ("agencies", "agency")]),
    ("Anna Schmidt und Agenturen", [("Anna Schmidt", "person"), ("Agenturen", "agency")]),
    ("Staff and news service reports", [("Staff and news service reports", "agency")]),
    ("Detroit News wire services", [("Detroit News wire services", "agency")]),
])
def test_a_person_named_with_the_wires_is_kept(raw: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.name, c.kind) for c in parse_byline(raw)] == expected


@pytest.mark.parametrize(("byline", "expected"), [
    (('<div class="author"><span class="author-name">Jane Doe</span><span class="author-name-mobile">Jane Doe</span>'
      '</div>'), ("Jane Doe",)),
    ('<p class="byline">Von <span class="lg">Anna Schmidt</span><span class="sm">Anna Schmidt</span>, Redakteurin</p>',
     ("Anna Schmidt",)),
    ('<div class="byline"><span class="avatar-initials">JD</span><span>Jane Doe</span></div>', ("Jane Doe",)),
    ('<div class="autor"><span class="kuerzel">MM</span> <span>Max Müller</span></div>', ("Max Müller",)),
])
def test_a_name_printed_twice_or_after_its_initials_is_one_name(byline: str, expected: tuple[str, ...]) -> None:
    assert extract_article(page(byline=byline), URL).authors == expected


@pytest.mark.parametrize(("author", "expected"), [
    ('{ "@type":"Person", "name":"Alice Wu" }', ("Alice Wu",)),
    ('[{"@type": "Person", "name": "Anna Schmidt"}, {"@type": "Person", "name": "Max Müller"}]',
     ("Anna Schmidt", "Max Müller")),
    ('{"@type": "Organization", "name": "Example News"}', ()),
    ("{not json", ()),
])
def test_a_json_ld_author_serialised_twice_is_read(author: str, expected: tuple[str, ...]) -> None:
    html = page(jsonld={"@type": "NewsArticle", "headline": "Ministers meet on shipping security", "author": [author]})
    assert extract_article(html, URL).authors == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("By Jane Doe The Washington Post", ["Jane Doe"]),
    ("Jane Doe The Times", ["Jane Doe"]),
    ("Jane Doe, CNN Business", ["Jane Doe"]),
    ("Max Mustermann, Fox Sports", ["Max Mustermann"]),
    ("Ursula von der Leyen", ["Ursula von der Leyen"]),
])
def test_an_outlet_printed_after_a_name_without_a_comma_or_with_its_desk_is_no_co_author(
        raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw)] == expected


@pytest.mark.parametrize(("byline", "expected", "lang"), [
    ('<div data-testid="byline"><a href="/by/jane-doe">Jane Doe</a></div>', ("Jane Doe",), "en"),
    ('<div class="sc-1x2y3z"><a href="/by/jane-doe">Jane Doe</a> and <a href="/by/john-roe">John Roe</a></div>',
     ("Jane Doe", "John Roe"), "en"),
    (('<div class="x"><img src="a.jpg" alt=""><div><a href="/autoren/anna-schmidt">Anna Schmidt</a>'
      '<span>Redakteurin Politik</span></div></div>'), ("Anna Schmidt",), "de"),
    (('<p class="x">Mit <a href="/profil/alexander-zverev">Alexander Zverev</a> und '
      '<a href="/profil/denis-shapovalov">Denis Shapovalov</a> im Halbfinale</p>'), (), "de"),
])
def test_a_link_to_a_writers_page_under_the_headline_is_the_byline_in_unnamed_markup(
        byline: str, expected: tuple[str, ...], lang: str) -> None:
    assert extract_article(page(byline=byline, lang=lang), URL).authors == expected


# A wire's dateline glued after the names: the place is no part of a name, the agency is credited as such.
DATELINED = [
    ("LISA MASCARO WASHINGTON (AP)", ("Lisa Mascaro",), "AP", "en"),
    ("By JANE DOE KYIV, Ukraine (AP) —", ("Jane Doe",), "AP", "en"),
    ("By JANE DOE NEW YORK (AP) —", ("Jane Doe",), "AP", "en"),
    ("By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER WASHINGTON (AP)",
     ("Lisa Mascaro", "Mary Clare Jalonick", "Eric Tucker"), "AP", "en"),
    ("Von Max Mustermann BERLIN (dpa)", ("Max Mustermann",), "dpa", "de"),
    ("Par Jean Dupont PARIS (AFP)", ("Jean Dupont",), "AFP", "fr"),
    ("Иван Петров МОСКВА (ТАСС)", ("Иван Петров",), "ТАСС", "ru"),
    ("By JANE DOE RIO DE JANEIRO (AP)", ("Jane Doe",), "AP", "en"),
    ("Por ANA GARCÍA MEXICO CITY (EFE)", ("Ana García",), "EFE", "es"),
    ("Par Jean DUPONT (AFP)", ("Jean DUPONT",), "AFP", "fr"),  # a surname in capitals is no place
]


@pytest.mark.parametrize(("raw", "names", "agency", "lang"), DATELINED)
def test_a_wire_dateline_after_the_names_is_neither_a_name_nor_lost(raw: str, names: tuple[str, ...], agency: str,
                                                                   lang: str) -> None:
    assert [(c.name, c.kind) for c in parse_byline(raw)] == [*((n, "person") for n in names), (agency, "agency")]


@pytest.mark.parametrize(("where", "raw", "names", "agency", "lang"), [
    *(("byline", *line) for line in DATELINED),
    # a first paragraph is a byline when a by-word opens it (a line of names alone there may be the text's)
    *(("text", *line) for line in DATELINED if line[0].split()[0] in {"By", "Von", "Par", "Por"}),
])
def test_a_byline_with_a_wire_dateline_names_the_people_in_an_element_or_the_first_paragraph(
        where: str, raw: str, names: tuple[str, ...], agency: str, lang: str) -> None:
    html = page(byline=f'<div class="byline">{escape(raw)}</div>' if where == "byline" else "",
                first=raw if where == "text" else "", lang=lang)
    article = extract_article(html, URL)
    assert article.authors == names
    assert raw not in article.body


# A date (and a weekday) in the wire's dateline glued after the names: the place before it is no part of a name.
@pytest.mark.parametrize(("raw", "names", "agency"), [
    ("By JANE DOE and JOHN ROE KYIV, Ukraine, March 12 (AP) —", ("Jane Doe", "John Roe"), "AP"),
    ("JANE DOE KYIV, Ukraine, March 12, 2024 (AP)", ("Jane Doe",), "AP"),
    ("By Jane Doe Kyiv, Ukraine, March 12 (AP)", ("Jane Doe",), "AP"),
    ("By JANE DOE WASHINGTON, Tuesday, March 12 (AP)", ("Jane Doe",), "AP"),
    ("Par JEAN DUPONT et MARIE CURIE PARIS, mardi 12 mars (AFP)", ("Jean Dupont", "Marie Curie"), "AFP"),
    ("Von MAX MUSTERMANN BERLIN, 12. März (dpa)", ("Max Mustermann",), "dpa"),
    ("Por ANA GARCÍA MADRID, 12 de marzo (EFE)", ("Ana García",), "EFE"),
])
def test_a_wire_dateline_with_a_date_after_the_names_leaves_the_names(raw: str, names: tuple[str, ...],
                                                                      agency: str) -> None:
    assert [(c.name, c.kind) for c in parse_byline(raw)] == [*((n, "person") for n in names), (agency, "agency")]


def test_the_same_agency_spelled_twice_in_a_byline_is_credited_once() -> None:
    credits = parse_byline("By JANE DOE, Associated Press KYIV, Ukraine, March 12 (AP)")
    assert [(c.name, c.kind) for c in credits] == [("Jane Doe", "person"), ("Associated Press", "agency")]


# A name in capitals right before the agency, with no place: its last word may be a dateline's place ("LISA MASCARO
# WASHINGTON (AP)") or the name's ("MARY CLARE JALONICK (AP)"); the page's other evidence settles it.
WASHINGTON = "WASHINGTON (AP) — Senators met on Friday to discuss the bill and its chances in the House."
@pytest.mark.parametrize(("where", "raw", "evidence", "expected", "lang"), [
    ("byline", "By MARY CLARE JALONICK (AP)", {"first": WASHINGTON}, ("Mary Clare Jalonick",), "en"),
    ("text", "By MARY CLARE JALONICK (AP)", {"jsonld": {"@type": "NewsArticle", "author": {
        "@type": "Person", "name": "Mary Clare Jalonick"}}}, ("Mary Clare Jalonick",), "en"),
    ("byline", "By LISA MASCARO and MARY CLARE JALONICK (AP)", {"meta": {"author": "Mary Clare Jalonick"}},
     ("Lisa Mascaro", "Mary Clare Jalonick"), "en"),
    ("text", "By LISA MASCARO and MARY CLARE JALONICK (AP)", {"first": WASHINGTON},
     ("Lisa Mascaro", "Mary Clare Jalonick"), "en"),
    ("byline", "Von HANS PETER MÜLLER (dpa)", {"first": "BERLIN (dpa) - Die Minister trafen sich am Freitag."},
     ("Hans Peter Müller",), "de"),
    ("byline", "Por JUAN CARLOS PÉREZ (EFE)", {"first": "MADRID (EFE).- El Gobierno aprobó el plan el viernes."},
     ("Juan Carlos Pérez",), "es"),
    # the text's dateline names the same place: it was the place
    ("byline", "By LISA MASCARO WASHINGTON (AP)", {"first": WASHINGTON}, ("Lisa Mascaro",), "en"),
    ("byline", "Par JEAN DUPONT PARIS (AFP)", {"first": "PARIS (AFP) - Les ministres se sont réunis vendredi."},
     ("Jean Dupont",), "fr"),
    # nothing says otherwise: a wire's place (AP prints "(AP)" after one)
    ("byline", "By JANE DOE DENVER (AP)", {}, ("Jane Doe",), "en"),
])
def test_the_last_word_of_a_name_in_capitals_before_an_agency_is_the_names_when_the_page_says_so(
        where: str, raw: str, evidence: dict[str, Any], expected: tuple[str, ...], lang: str) -> None:
    first = (raw, evidence.get("first", "")) if where == "text" else evidence.get("first", "")
    html = page(byline=f'<div class="byline">{escape(raw)}</div>' if where == "byline" else "", first=first,
                jsonld=evidence.get("jsonld"), meta=evidence.get("meta"), lang=lang)
    assert extract_article(html, URL).authors == expected


# Metadata naming fewer people than the byline the reader sees (a CMS field holding the first writer only): the
# byline's list, when it names every one of them.
@pytest.mark.parametrize(("byline", "where", "machine", "expected", "lang"), [
    ('<div class="byline">By Jane Doe, John Roe and Ann Poe</div>', "jsonld", "Jane Doe",
     ("Jane Doe", "John Roe", "Ann Poe"), "en"),
    (('<p class="autor">Von <a href="/autor/anna-schmidt">Anna Schmidt</a> und <a href="/autor/max-mueller">Max Müller'
      '</a></p>'), "meta", "Anna Schmidt", ("Anna Schmidt", "Max Müller"), "de"),
    ('<div class="byline">Par Marie Dupont et Jean Roux</div>', "jsonld", "Jean Roux", ("Marie Dupont", "Jean Roux"),
     "fr"),
    # the byline names somebody else: the metadata's people stand
    ('<div class="byline">By Jane Doe and John Roe</div>', "jsonld", "Ann Poe", ("Ann Poe",), "en"),
    ('<div class="byline">Por Ana García</div>', "meta", "Ana García", ("Ana García",), "es"),
])
def test_the_visible_byline_naming_more_people_than_the_metadata_and_all_of_them_wins(
        byline: str, where: str, machine: str, expected: tuple[str, ...], lang: str) -> None:
    html = page(byline=byline, lang=lang, meta={"author": machine} if where == "meta" else None,
                jsonld={"@type": "NewsArticle", "author": {"@type": "Person", "name": machine}}
                if where == "jsonld" else None)
    assert extract_article(html, URL).authors == expected


@pytest.mark.parametrize(("names", "expected"), [
    (["Jane Doe", "John Roe"], ("Jane Doe", "John Roe")),
    (["Anna Schmidt", "Max Müller", "Eva Weiß"], ("Anna Schmidt", "Max Müller", "Eva Weiß")),
    (["Marie Dupont"], ("Marie Dupont",)),
])
def test_a_json_ld_person_whose_name_is_a_list_credits_each_name(names: list[str], expected: tuple[str, ...]) -> None:
    html = page(jsonld={"@type": "NewsArticle", "author": {"@type": "Person", "name": names}})
    assert extract_article(html, URL).authors == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Eleanor Ainge Roy (reporting) and Adrian Malloch (photography)", ["Eleanor Ainge Roy"]),
    ("Anna Schmidt (Text) und Max Müller (Fotos)", ["Anna Schmidt"]),
    ("Ana Pérez (texto) y Juan Gil (fotografía)", ["Ana Pérez"]),
    ("Marie Dupont (texte) et Jean Roux (photos)", ["Marie Dupont"]),
    ("Jane Doe (jdoe) and John Roe", ["Jane Doe", "John Roe"]),
])
def test_a_name_whose_note_in_brackets_says_pictures_is_no_author(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw)] == expected


# An agency printed before the person's name: the person is the author, the agency no part of the name.
AGENCY_FIRST = [
    ("AP Jane Doe", ("Jane Doe",), "AP", "en"),
    ("AP JANE DOE", ("Jane Doe",), "AP", "en"),
    ("Associated Press Jane Doe", ("Jane Doe",), "Associated Press", "en"),
    ("dpa/Max Mustermann", ("Max Mustermann",), "dpa", "de"),
    ("dpa: Max Mustermann", ("Max Mustermann",), "dpa", "de"),
    ("AFP - Jean Dupont", ("Jean Dupont",), "AFP", "fr"),
    ("EFE Ana García y Juan Pérez", ("Ana García", "Juan Pérez"), "EFE", "es"),
]


@pytest.mark.parametrize(("raw", "names", "agency", "lang"), AGENCY_FIRST)
def test_an_agency_before_a_name_is_credited_apart(raw: str, names: tuple[str, ...], agency: str, lang: str) -> None:
    credits = parse_byline(raw)
    assert [c.name for c in credits if c.kind == "person"] == list(names)
    assert [c.name for c in credits if c.kind == "agency"] == [agency]


@pytest.mark.parametrize(("raw", "names", "agency", "lang"), AGENCY_FIRST)
@pytest.mark.parametrize("where", ["byline", "link", "meta", "jsonld"])
def test_an_agency_before_a_name_leaves_the_person_as_the_author(raw: str, names: tuple[str, ...], agency: str,
                                                                 lang: str, where: str) -> None:
    html = page(byline={"byline": f'<div class="byline">{escape(raw)}</div>',
                        "link": f'<p class="article-author"><a rel="author" href="/author/x">{escape(raw)}</a></p>'}
                .get(where, ""),
                meta={"author": raw} if where == "meta" else None,
                jsonld={"@type": "NewsArticle", "author": {"@type": "Person", "name": raw}} if where == "jsonld" else None,
                lang=lang)
    assert extract_article(html, URL).authors == names


@pytest.mark.parametrize(("raw", "expected"), [
    ("Reuters Editorial", [("Reuters", "agency")]),  # the agency's desk: the agency
    ("AP National Writer", [("AP", "agency")]),
    ("Yonhap News Agency", [("Yonhap News Agency", "agency")]),
    ("Ria Novak Smith", [("Ria Novak Smith", "person")]),  # a first name spelled like an agency is no agency
    ("By JANE DOE and JOHN ROE Associated Press", [("Jane Doe", "person"), ("John Roe", "person")]),
])
def test_an_agency_word_before_a_desk_or_inside_a_name_is_read_as_such(raw: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.name, c.kind) for c in parse_byline(raw)] == expected


# The site's own brand as the JSON-LD Person: an outlet's name, not a person's, even where it is the site's exact name
# (only a person's full name the host spells is a one-person blog's author).
@pytest.mark.parametrize(("brand", "url", "lang"), [
    ("KentNews", "https://www.kentnews.test/2024/05/01/a", "en"),
    ("stylegart", "https://www.stylegart.test/naturkosmetik/", "de"),
    ("La Información", "https://www.lainformacion.test/mundo/a/1/", "es"),
    ("UOL", "https://www.uol.test/esporte/a.htm", "pt"),
    ("Deutsche Wirtschaftsnachrichten", "https://deutsche-wirtschafts-nachrichten.test/1/a", "de"),
])
def test_a_json_ld_person_named_as_the_sites_brand_is_the_publisher(brand: str, url: str, lang: str) -> None:
    html = page(jsonld=_person_author(brand), lang=lang)
    assert extract_article(html, url).authors == ()
    byline = '<div class="byline">By Jane Doe</div>'
    assert extract_article(page(jsonld=_person_author(brand), byline=byline, lang=lang), url).authors == ("Jane Doe",)


@pytest.mark.parametrize(("name", "url"), [
    ("Haki Benita", "https://hakibenita.test/sql-anomaly"),
    ("Anisse Astier", "https://anisse.astier.test/awk-driven-iot.html"),
    ("José Pérez", "https://www.joseperez.test/blog/1"),
])
def test_a_persons_name_the_host_spells_stays_the_author(name: str, url: str) -> None:
    assert extract_article(page(jsonld=_person_author(name)), url).authors == (name,)


# An author field naming the site with a word of its own ("Diakonie Deutschland" on diakonie.de): an organisation.
@pytest.mark.parametrize(("author", "where", "url", "site", "lang"), [
    ("Diakonie Deutschland", "meta", "https://www.diakonie.test/pressemeldungen/a", None, "de"),
    ("Sekretariat Partei Mensch Umwelt Tierschutz", "jsonld", "https://www.tierschutzpartei.test/a/",
     "Partei Mensch Umwelt Tierschutz", "de"),
    ("Betty Crocker Kitchens", "jsonld", "https://www.bettycrocker.test/recipes/cake", None, "en"),
    ("Rédaction Lyon Matin", "meta", "https://www.lyonmatin.test/a", None, "fr"),
])
def test_an_author_naming_the_site_with_a_word_of_its_own_is_the_publisher(author: str, where: str, url: str,
                                                                          site: str | None, lang: str) -> None:
    html = page(meta={"author": author} if where == "meta" else None,
                jsonld=_person_author(author) if where == "jsonld" else None, lang=lang)
    if site:
        html = html.replace('content="Example News"', f'content="{escape(site)}"')
    assert extract_article(html, url).authors == ()


@pytest.mark.parametrize(("byline", "url", "expected", "lang"), [
    ('<div class="byline">Do UOL</div>', "https://www.uol.test/esporte/a.htm", (), "pt"),
    ('<div class="byline">Da Reuters</div>', "https://www.exemplo.test/a", ("Reuters",), "pt"),
    ('<div class="autor">Von dpa</div>', "https://www.beispiel.test/a", ("dpa",), "de"),
    ('<div class="byline">Por Ana Da Silva</div>', "https://www.exemplo.test/a", ("Ana Da Silva",), "pt"),
])
def test_material_credited_from_the_site_or_an_agency_names_no_person(byline: str, url: str,
                                                                      expected: tuple[str, ...], lang: str) -> None:
    assert extract_article(page(byline=byline, lang=lang), url).authors == expected


# A byline in a block named like a footer inside the article that holds the headline is the article's (as in its
# own <footer>); in the page's footer it is not.
@pytest.mark.parametrize(("line", "name", "lang"), [
    ('erstellt von <a href="/author/dominique-meier">Dominique Meier</a> —', "Dominique Meier", "de"),
    ('Posted by <a href="/author/jane-doe">Jane Doe</a>', "Jane Doe", "en"),
    ('Publié par <a href="/auteur/marie-dupont">Marie Dupont</a>', "Marie Dupont", "fr"),
])
def test_a_byline_in_a_footer_named_block_of_the_article_is_the_articles(line: str, name: str, lang: str) -> None:
    tags = ('<nav class="documentByLine">abgelegt unter: <ul><li><a href="/@@search?Subject=Welt">Welt</a></li>'
            '<li><a href="/@@search?Subject=Kirche">Katholische Kirche</a></li></ul></nav>')
    text = "".join(f"<p>{escape(p)}</p>" for p in PARAGRAPHS)
    html = (f'<html lang="{lang}"><head><title>Ministers meet on shipping security</title></head><body><main>'
            f'<article id="content"><h1>Ministers meet on shipping security</h1>{text}'
            f'<div class="row footerRow">{tags}<div class="documentByLine"><span class="documentAuthor">{line}'
            f'</span></div></div></article></main>'
            f'<div class="footer-widgets"><div class="author">By <a href="/author/john-roe">John Roe</a></div></div>'
            f'</body></html>')
    assert extract_article(html, URL).authors == (name,)


@pytest.mark.parametrize("raw", ["abgelegt unter: Weltweit, Vatikan, Katholische Kirche", "Filed under: World, Europe",
                                 "Themen: Bundestag, Haushalt", "Mots-clés : Europe, Parlement",
                                 "Zuletzt geändert am: 15.10.2021", "Last modified: March 12, 2024"])
def test_tag_lists_and_modification_labels_name_nobody(raw: str) -> None:
    assert parse_byline(raw) == []


@pytest.mark.parametrize(("raw", "expected"), [
    ("《KT》", ["KT"]),
    ("[田中宏昌，ITmedia]", ["田中宏昌"]),
    ("（文・山田太郎）", ["山田太郎"]),
    ("【記者 山田太郎】", ["山田太郎"]),
    ("(Jane Doe)", ["Jane Doe"]),
    ("[Reuters]", ["Reuters"]),
])
def test_a_whole_byline_in_brackets_is_read_inside_them(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw)] == expected


@pytest.mark.parametrize(("raw", "url"), [
    ("（ScanNetSecurity）", "https://scan.netsecurity.test/article/1.html"),
    ("MetroDaily", "https://metro.daily.test/a/1"),
])
def test_a_site_named_by_its_host_labels_written_together_is_the_publisher(raw: str, url: str) -> None:
    assert extract_article(page(byline=f'<span class="writer">{escape(raw)}</span>'), url).authors == ()


@pytest.mark.parametrize(("author", "lang"), [
    ("Arya Group", "fa"), ("Acme Media", "en"), ("Bertelsmann Stiftung", "de"), ("Fundación Ejemplo", "es"),
    ("Institut Pasteur", "fr"),
])
def test_an_organisation_named_by_its_first_or_last_word_is_no_author(author: str, lang: str) -> None:
    assert [c.kind for c in parse_byline(author)] == ["publisher"]
    assert extract_article(page(meta={"author": author}, lang=lang), URL).authors == ()
    assert extract_article(page(meta={"author": f"Jane Doe, {author}"}, lang=lang), URL).authors == ("Jane Doe",)


@pytest.mark.parametrize(("raw", "expected"), [
    ("Иван Петров и Мария Иванова", ["Иван Петров", "Мария Иванова"]),  # Russian
    ("Іван Петренко та Марія Коваленко", ["Іван Петренко", "Марія Коваленко"]),  # Ukrainian
    ("Ahmet Yılmaz ve Ayşe Kaya", ["Ahmet Yılmaz", "Ayşe Kaya"]),  # Turkish
    ("محمد علي و أحمد حسن", ["محمد علي", "أحمد حسن"]),  # Arabic, the "and" written apart
    ("Γιώργος Παπαδόπουλος και Μαρία Νικολάου", ["Γιώργος Παπαδόπουλος", "Μαρία Νικολάου"]),  # Greek
    ("Nguyễn Văn An và Trần Thị Bình", ["Nguyễn Văn An", "Trần Thị Bình"]),  # Vietnamese
    ("Ahmad bin Abdullah dan Siti Nurhaliza", ["Ahmad bin Abdullah", "Siti Nurhaliza"]),  # Malay, Indonesian
    ("राहुल शर्मा और प्रिया सिंह", ["राहुल शर्मा", "प्रिया सिंह"]),  # Hindi
    ("Jonas Petraitis ir Ona Kazlauskienė", ["Jonas Petraitis", "Ona Kazlauskienė"]),  # Lithuanian
    ("Lim Dan Wei", ["Lim Dan Wei"]),  # a conjunction that is also a name's word counts only in lower case
])
def test_names_are_split_at_the_word_for_and_of_many_languages(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw) if c.kind == "person"] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Kirjoittaja Matti Meikäläinen", ["Matti Meikäläinen"]),  # Finnish
    ("लेखक: राहुल शर्मा", ["राहुल शर्मा"]),  # Hindi
    ("نویسنده: علی رضایی", ["علی رضایی"]),  # Persian
    ("Γράφει ο Γιώργος Παπαδόπουλος", ["Γιώργος Παπαδόπουλος"]),  # Greek
    ("執筆：山田太郎", ["山田太郎"]),  # Japanese
    ("新华社记者 张三", ["张三"]),  # Chinese: the agency's or paper's reporter
    ("人民日报记者：李四", ["李四"]),
])
def test_more_by_words_and_a_reporter_of_a_named_outlet_open_a_byline(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw) if c.kind == "person"] == expected


@pytest.mark.parametrize("raw", ["责任编辑：张三", "責任編輯：王小明", "编辑：李四", "責編：陳大文"])
def test_the_editor_credited_under_a_chinese_article_is_no_author(raw: str) -> None:
    assert [c.name for c in parse_byline(raw) if c.kind == "person"] == []


@pytest.mark.parametrize(("byline", "expected", "lang"), [
    ("Автор: Иван Петров и Мария Иванова", ("Иван Петров", "Мария Иванова"), "ru"),
    ("Yazan: Ahmet Yılmaz ve Ayşe Kaya", ("Ahmet Yılmaz", "Ayşe Kaya"), "tr"),
    ("Γράφουν: Γιώργος Παπαδόπουλος και Μαρία Νικολάου", ("Γιώργος Παπαδόπουλος", "Μαρία Νικολάου"), "el"),
    ("Oleh: Budi Santoso dan Siti Aminah", ("Budi Santoso", "Siti Aminah"), "id"),
])
def test_a_byline_element_naming_two_people_in_another_language_credits_both(byline: str, expected: tuple[str, ...],
                                                                               lang: str) -> None:
    html = page(byline=f'<div class="byline">{escape(byline)}</div>', lang=lang)
    assert extract_article(html, URL).authors == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("[서울일보] 홍길동 기자", ["홍길동"]),  # the outlet's tag before the name
    ("[헤럴드경제=홍길동 기자]", ["홍길동"]),  # the outlet and the name in one bracket
    ("【新华社】记者 张三", ["张三"]),
    ("来源：人民网 作者：张三 2024-05-01", ["张三"]),  # a line of labelled facts: the name after the author's label
    ("来源：新华网 记者：李四", ["李四"]),
    ("de Ion Popescu", ["Ion Popescu"]),  # "de" in lower case opens a Romanian or Spanish byline
    ("de Juan Pérez", ["Juan Pérez"]),
    ("María de la Cruz", ["María de la Cruz"]),  # not inside a name
])
def test_outlet_tags_fact_labels_and_a_lower_case_de_around_a_name_are_not_the_name(raw: str,
                                                                                      expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw) if c.kind == "person"] == expected


@pytest.mark.parametrize(("markup", "first", "expected", "lang"), [
    ('<div class="info">来源：人民网 作者：张三 2024-05-01</div>', "", ("张三",), "zh"),
    ('<div class="meta">來源：中央社 記者：王小明 2024/05/01</div>', "", ("王小明",), "zh"),
    ("", "（文・山田太郎）", ("山田太郎",), "ja"),
    ('<p class="meta">de Ion Popescu</p>', "", ("Ion Popescu",), "ro"),
])
def test_a_chinese_fact_line_a_bracketed_first_paragraph_and_a_lower_case_de_byline_under_the_headline(
        markup: str, first: str, expected: tuple[str, ...], lang: str) -> None:
    text = extract_article(page(byline=markup, first=first, lang=lang), URL)
    assert text.authors == expected
    assert first == "" or first not in text.body


@pytest.mark.parametrize(("raw", "expected"), [
    ("Text and photos: Jane Doe", ["Jane Doe"]),
    ("Story and photos by Jane Doe", ["Jane Doe"]),
    ("Texto y fotos: Ana López", ["Ana López"]),
    ("Text und Fotos: Anna Müller", ["Anna Müller"]),
    ("Tekst og foto: Kari Nordmann", ["Kari Nordmann"]),
    ("Bài và ảnh: Nguyễn Văn An", ["Nguyễn Văn An"]),
    # the other work credited to someone else after the names: the conjunction before it goes with it
    ("Jane Doe and photos by John Roe", ["Jane Doe"]),
    ("Anna Müller und Fotos von Peter Schmidt", ["Anna Müller"]),
])
def test_a_credit_for_the_text_and_the_pictures_at_once_names_the_writer(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw) if c.kind == "person"] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Κείμενο: Γιώργος Παπαδόπουλος", ["Γιώργος Παπαδόπουλος"]),  # Greek "Text:"
    ("Yazı: Ahmet Yılmaz", ["Ahmet Yılmaz"]),  # Turkish
    ("Haber: Ahmet Yılmaz", ["Ahmet Yılmaz"]),
    ("Tác giả: Nguyễn Văn An", ["Nguyễn Văn An"]),  # Vietnamese
    ("Аутор: Петар Петровић", ["Петар Петровић"]),  # Serbian
    ("Avtor: Janez Novak", ["Janez Novak"]),  # Slovenian
    ("ผู้เขียน: สมชาย ใจดี", ["สมชาย ใจดี"]),  # Thai
    ("تحریر: علی احمد", ["علی احمد"]),  # Urdu, Persian
])
def test_the_word_for_text_or_writer_of_more_languages_opens_a_byline(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw) if c.kind == "person"] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Von unserem Korrespondenten Max Mustermann", ["Max Mustermann"]),
    ("Von ARD-Korrespondent Max Mustermann", ["Max Mustermann"]),
    ("Redakteurin Anna Schmidt", ["Anna Schmidt"]),
    ("Par notre envoyé spécial Jean Dupont", ["Jean Dupont"]),
    ("Dal nostro inviato Mario Rossi", ["Mario Rossi"]),
    ("Por nuestro corresponsal Juan Pérez", ["Juan Pérez"]),
    ("Van onze correspondent Jan de Vries", ["Jan de Vries"]),
    ("Senior Correspondent Jane Doe", ["Jane Doe"]),
])
def test_the_writers_job_printed_before_the_name_is_no_part_of_it(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw) if c.kind == "person"] == expected


@pytest.mark.parametrize(("raw", "kind"), [("Korrespondent", "desk"), ("Special Correspondent", "desk"),
                                           ("Staff Writer", "desk")])
def test_a_job_with_no_name_after_it_stays_a_desk(raw: str, kind: str) -> None:
    assert [c.kind for c in parse_byline(raw)] == [kind]


@pytest.mark.parametrize(("raw", "expected"), [
    ("Por María del Carmen de la Fuente", ["María del Carmen de la Fuente"]),
    ("Por Juan Carlos Pérez de la Torre", ["Juan Carlos Pérez de la Torre"]),
    ("José Luís da Silva Santos Ferreira", ["José Luís da Silva Santos Ferreira"]),
    ("Siti Aisyah binti Abdul Rahman", ["Siti Aisyah binti Abdul Rahman"]),
    ("Von Karl-Theodor zu Guttenberg", ["Karl-Theodor zu Guttenberg"]),
    ("Diario El Día de La Plata", []),  # a paper's long name is no person's
])
def test_a_long_name_with_particles_is_one_name(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw) if c.kind == "person"] == expected


@pytest.mark.parametrize(("line", "names", "lang"), [
    ("Von Anna Schmidt und Andreas Leiter", ("Anna Schmidt", "Andreas Leiter"), "de"),
    ("Von Anna Schmidt, Andreas Leiter", ("Anna Schmidt", "Andreas Leiter"), "de"),
    ("By Jane Doe and Brian Leiter", ("Jane Doe", "Brian Leiter"), "en"),
    ("Por Ana Pérez y Juan Jefe", ("Ana Pérez", "Juan Jefe"), "es"),
])
def test_a_co_author_whose_family_name_is_a_job_word_is_an_author(line: str, names: tuple[str, ...], lang: str) -> None:
    """"Leiter" and "Jefe" are job titles ahead of a desk ("Leiter Politik", "jefe de Internacional") and family names
    at the end of a name: a second author so named is no title ending the names."""
    assert tuple(c.name for c in parse_byline(line)) == names
    assert extract_article(page(byline=f'<p class="author">{escape(line)}</p>', lang=lang), URL).authors == names
    assert [c.name for c in parse_byline("Anna Schmidt, Leiter Politik")] == ["Anna Schmidt"]
