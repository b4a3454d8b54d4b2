"""Dates a page carries outside its date markup, read when nothing stronger dates it, and weighed below a byline.

Synthetic pages in the shapes publishers and CMSs write them: RDFa and itemprops outside schema.org's
three, JSON and data layers in inline scripts, JavaScript date calls, post-meta links to a day's
archive, dated upload paths; and WordPress's ``time.entry-date.published`` away from the headline.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scrapers.dates import DateResult, embedded, find_dates

FETCHED = datetime(2024, 1, 1, tzinfo=UTC)
STORY = "<p>" + "Der Gemeinderat hat am Abend über den Haushalt und die neue Schule beraten. " * 3 + "</p>"


def dates(body: str, head: str = "", *, url: str | None = "https://blog.example.org/ein-beitrag/",
          lang: str = "de") -> DateResult:
    html = f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'
    return find_dates(LexborHTMLParser(html), url, fetched_at=FETCHED)


def day(result: DateResult) -> str | None:
    return result.published_at.date().isoformat() if result.published_at else None


@pytest.mark.parametrize(("markup", "kind"), [
    ('<span property="schema:dateCreated" content="2019-03-02T06:22:28+01:00">2. März 2019</span>', "time"),
    (('<div vocab="http://schema.org/" typeof="Article"><span property="datePublished" content="2019-03-02">'
     '2. März</span></div>'), "time"),
    ('<span property="dc:date" content="2019-03-02"></span>', "time"),
    ('<span itemprop="dateUpdate" content="2019-03-02T06:22:28+01:00"></span>', "time"),
    ('<div itemprop="releaseDate">2. März 2019</div>', "time"),
    (('<script>window.__INITIAL_STATE__ = {"article": {"id": 12, "published_at": "2019-03-02T06:22:28+01:00"}};'
     '</script>'), "script"),
    (('<script>dataLayer.push({"cmsContentType":"news","cmsPublishingDate":"2019-03-02","cmsCategories":"Umwelt"});'
     '</script>'), "script"),
    ("<script>ga('set', 'dimension5', '2019-03-02');</script>", "script"),
    ('<script>var article = {pubDate: "2019-03-02 06:22:28", author: "Jane Roe"};</script>', "script"),
    ('<script>utag_data = {"page_type": "article", "article_first_published": "2019-03-02T05:22:28Z"};</script>',
     "script"),
    # Unix time (milliseconds or seconds) under a publication key, as JavaScript apps keep dates
    (('<script>window["obvInit"]({"value":{"id":"e52ab","firstPublishedAt":1551504148294,'
      '"latestPublishedAt":1551504149742}})</script>'), "script"),
    ('<script>var article = {publishDate: 1551504148, views: 1200};</script>', "script"),
    ("<script>dataLayer.push({'article_release_time': 1551504148000});</script>", "script"),
])
def test_rdfa_itemprops_and_script_data(markup: str, kind: str) -> None:
    """RDFa and itemprops outside schema.org's three; JSON and data layers in inline scripts."""
    result = dates(f"<article><h1>Haushalt beschlossen</h1>{markup}{STORY}</article>")
    assert day(result) == "2019-03-02"
    assert result.published_from == kind


@pytest.mark.parametrize(("head", "markup"), [
    ("", '<meta itemprop="dateUpdate" content="2019-03-02T06:22:28+01:00">'),
    ('<meta name="last-update" content="2019-03-02T06:22:28+01:00">', ""),
    ('<meta name="DC.date.lastUpdate" content="2019-03-02">', ""),
])
def test_a_meta_tag_naming_an_update_is_the_only_date(head: str, markup: str) -> None:
    """A meta tag whose name says "update" in any spelling ("dateUpdate", "last-update") states when the page
    changed: with nothing else dating it, that date stands for the publication, and the flags say so."""
    result = dates(f"<article><h1>Haushalt beschlossen</h1>{markup}{STORY}</article>", head)
    assert day(result) == "2019-03-02"
    assert "modified_only" in result.flags


@pytest.mark.parametrize("place", ["above", "footer", "aside"])
def test_wordpress_entry_date_wherever_the_theme_puts_it(place: str) -> None:
    posted = ('<span class="posted-on"><a href="/?p=12" rel="bookmark"><time class="entry-date published" '
              'datetime="2017-08-08T09:15:00+02:00">8. August 2017</time><time class="updated" '
              'datetime="2017-08-09T10:00:00+02:00">9. August</time></a></span>')
    event = '<p>Termin: <time datetime="2017-09-01T19:00:00+02:00">1. September, 19 Uhr</time></p>'
    header = f'<div class="entry-meta">{posted}</div>' if place == "above" else ""
    footer = f'<{place} class="entry-footer">{posted}</{place}>' if place != "above" else ""
    body = f'<article>{header}<h1 class="entry-title">Sommerfest</h1>{event}{STORY}{footer}</article>'
    result = dates(body)
    assert result.published_at == datetime(2017, 8, 8, 9, 15, tzinfo=timezone(timedelta(hours=2)))


@pytest.mark.parametrize("call", ['showDate("2020/04/17 01:43:09");', "document.write(formatDate('2020-04-17'));",
                                  "printTime('2020-04-17 01:43')",
                                  # the page writing the date where the script stands, bare or in markup
                                  'document.write("2020-04-17 01:43");',
                                  """document.write('<span class="date">2020/04/17</span>');""",
                                  "document.writeln('<b><i>2020-04-17 01:43:09</i></b>')"])
def test_javascript_date_calls(call: str) -> None:
    body = f'<h1>Forum: Neue Firmware</h1><div class="postinfo"><script>{call}</script></div>{STORY}'
    assert day(dates(body)) == "2020-04-17"


def test_new_date_in_a_script_is_not_the_page_date() -> None:
    body = ('<h1>Countdown</h1><script>var end = new Date("2020-04-17"); var x = setDate("2021-01-01");</script>'
            + STORY)
    assert day(dates(body)) == "2021-01-01"  # a named call is read; `new Date(...)` (timers, cookies) is not


@pytest.mark.parametrize(("link", "url"), [
    ('<a href="/blog/2017/08/08/">08/08/2017</a>', "https://example.org/blog/ein-beitrag/"),
    ('<a href="https://example.org/2017/08/08" title="Archiv">Dienstag</a>', "https://www.example.org/beitrag"),
    ('<a href="/2017/8/8/">August 8</a>', None),
])
def test_post_meta_link_to_the_day_archive(link: str, url: str | None) -> None:
    body = f'<h1>Haushalt beschlossen</h1><div class="post-meta">Von Anna, {link}</div>{STORY}'
    result = dates(body, url=url)
    assert day(result) == "2017-08-08"
    assert result.published_from in ("link", "text", "byline")


def test_a_calendar_widget_links_to_day_archives_too() -> None:
    body = ('<h1>Haushalt beschlossen</h1>' + STORY + '<table id="wp-calendar"><tr><td><a href="/2017/08/08/">8</a>'
            '</td></tr></table>')
    assert dates(body).published_at is None


@pytest.mark.parametrize("markup", [
    '<img src="https://example.files.wordpress.com/files/2016/05/04/foto.jpg">',
    '<img src="/wp-content/uploads/2016/05/04/foto-1024x768.jpg" alt="Foto">',
    '<a href="/x"><img src="/thumb.jpg" data-permalink="https://example.org/2016/05/04/beitrag/foto/"></a>',
])
def test_dated_upload_paths(markup: str) -> None:
    result = dates(f"<article><h1>Haushalt beschlossen</h1>{markup}{STORY}</article>")
    assert day(result) == "2016-05-04"
    assert result.published_from == "link"


@pytest.mark.parametrize("teaser", [
    '<a href="/vijesti/586924/another-story"><img src="/media/2020/08/09/1309953/thumbs/240x225.jpg"></a>',
    ('<li><a href="https://blog.example.org/ein-anderer-beitrag/"><figure><img class="lazy" '
     'src="https://cdn.example.org/2020/08/09/p/thumb.jpg"></figure></a></li>'),
    '<div class="video"><a href="/video/2020/08/09/clip-name"><img src="/video/2020/08/09/clip.640x360.jpg"></a></div>',
])
@pytest.mark.parametrize("own", ["", '<a href="/files/2016/05/04/foto-full.jpg"><img src="/files/2016/05/04/foto.jpg"></a>'])
def test_the_thumbnail_of_a_teaser_linking_elsewhere_is_not_an_upload_of_the_page(teaser: str, own: str) -> None:
    """An image inside a link to another page is that page's thumbnail (a related story, a video): uploaded when
    that page was. The page's own image, linked to its full-size file, still dates it."""
    result = dates(f"<article><h1>Haushalt beschlossen</h1>{STORY}</article><aside>{teaser}</aside>"
                   f"<article>{own}</article>")
    assert day(result) == ("2016-05-04" if own else None)


def test_a_byline_outweighs_every_embedded_date() -> None:
    body = ('<article><h1>Haushalt beschlossen</h1><p class="byline">Anna Muster, 12. Mai 2016</p>'
            '<img src="/files/2016/05/04/foto.jpg"><a href="/2016/05/05/">5. Mai</a>' + STORY + '</article>'
            '<script>var x = {"published_at": "2016-05-06"};</script>')
    assert day(dates(body)) == "2016-05-12"


def test_rewritten_meta_value_attributes() -> None:
    head = ('<meta value="2016-11-28 16:23:00 -0500" name="article:published_time">'
            '<meta value="Why it matters" name="og:title">')
    result = dates("<h1>Why it matters</h1>" + STORY, head, lang="en")
    assert result.published_at == datetime(2016, 11, 28, 16, 23, tzinfo=timezone(timedelta(hours=-5)))
    assert result.published_from == "meta"


def test_embedded_dates_are_not_read_when_metadata_dates_the_page() -> None:
    jsonld = json.dumps({"@type": "NewsArticle", "datePublished": "2019-03-04T10:00:00+01:00"})
    body = '<h1>Haushalt</h1><script>var x = {"published_at": "2015-01-02T10:00:00+01:00"};</script>' + STORY
    result = dates(body, f'<script type="application/ld+json">{jsonld}</script>')
    assert day(result) == "2019-03-04"
    assert "conflicting_published" not in result.flags


@pytest.mark.parametrize("portrait", [
    '<span class="authpic"><img src="/assets/images/2017/06/23/userphoto_594cab.jpg" alt="Bureau"></span>',
    '<div class="byline"><img class="author-photo" src="/media/2016/01/12/jane-roe.jpg" alt="Jane Roe"></div>',
    '<img src="/uploads/2018/02/05/avatar-96x96.png" alt="">',
])
def test_an_authors_portrait_does_not_date_the_article(portrait: str) -> None:
    """The photo in the byline was uploaded with the author's profile, years before the article's own images."""
    body = (f'<article><h1>Ein Beitrag</h1>{portrait}<figure><img src="/wp-content/uploads/2020/04/16/rathaus.jpg">'
            f'</figure>{STORY}</article>')
    result = dates(body)
    assert day(result) == "2020-04-16"
    assert result.published_from == "link"


def test_unix_times_of_many_posts_in_page_state_are_not_the_pages() -> None:
    """A JavaScript app's state lists the related posts too, each with its own time: which is this page's is unknown."""
    posts = ",".join(f'"Post:{i}":{{"firstPublishedAt":{1579189308352 + i * 86_400_000},"isPublished":true}}'
                     for i in range(4))
    result = dates(f"<article><h1>Ein Beitrag</h1>{STORY}</article><script>window.__APOLLO_STATE__ = {{{posts}}}"
                   "</script>")
    assert result.published_at is None


def test_unix_time_of_a_user_or_a_file_is_not_read() -> None:
    script = '<script>var state = {"user": {"created": 1426609660}, "upload": {"createdAt": 1426609660294}};</script>'
    assert dates(f"<article><h1>Ein Beitrag</h1>{STORY}</article>{script}").published_at is None


# Scripts made of what Unix times under keys are written with: quoted and bare keys of any length (past the 41
# characters a key may have), spaces and line breaks around the colon, 10, 13 and 14 digits, other characters.
_SCRIPT_PIECES = st.sampled_from(['"', "'", "key", "firstPublishedAt", "x" * 45, "$", "_", ".", "-", "é", ":", " ", "\n",
                                  "\t", "\u00a0", "1424807793", "1424807793374", "14248077933741", "5", ",", "{", "}"])


@given(st.lists(_SCRIPT_PIECES, max_size=16).map("".join))
def test_unix_times_are_found_from_their_values_as_the_pattern_finds_them(script: str) -> None:
    """Reading each Unix time back from its value (a colon before ten digits) finds the matches, in order, that the
    key-first pattern finds trying every character of the script: a page state of 100 kB no longer costs
    milliseconds."""
    assert [m.group(0, 1, 2) + m.span() for m in embedded._epochs(script)] == \
        [m.group(0, 1, 2) + m.span() for m in embedded._EPOCH.finditer(script)]
