"""Each reconciliation rule of scrapers.dates on small pages built the way real themes write them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote

import pytest
from selectolax.lexbor import LexborHTMLParser

from scrapers.dates import DateResult, find_dates

FETCHED = datetime(2022, 4, 29, 12, 0, tzinfo=UTC)


def page(head: str = "", body: str = "", *, jsonld: dict | list | None = None, lang: str = "en") -> LexborHTMLParser:
    script = f'<script type="application/ld+json">{json.dumps(jsonld)}</script>' if jsonld is not None else ""
    return LexborHTMLParser(f'<html lang="{lang}"><head>{head}{script}</head><body>{body}</body></html>')


def og(published: str, prop: str = "article:published_time") -> str:
    return f'<meta property="{prop}" content="{published}">'


def tz(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


def dates(tree: LexborHTMLParser, url: str | None = None, **kwargs: object) -> DateResult:
    kwargs.setdefault("fetched_at", FETCHED)
    return find_dates(tree, url, **kwargs)  # type: ignore[arg-type]


# --- machine-readable metadata first ---------------------------------------------------------------------------

def test_jsonld_article_date_with_evidence() -> None:
    jsonld = {"@type": "NewsArticle", "datePublished": "2024-03-07T07:55:25Z",
              "dateModified": "2024-03-07T12:21:53.078Z"}
    result = dates(page(jsonld=jsonld), fetched_at=datetime(2024, 3, 8, tzinfo=UTC))
    assert result.published_at == datetime(2024, 3, 7, 7, 55, 25, tzinfo=UTC)
    assert result.modified_at == datetime(2024, 3, 7, 12, 21, 53, 78000, tzinfo=UTC)
    assert (result.published_from, result.published_raw) == ("jsonld", "2024-03-07T07:55:25Z")


def test_embedded_video_and_date_created_are_not_the_article_date() -> None:
    graph = {"@graph": [
        {"@type": "VideoObject", "uploadDate": "2024-03-07T07:19:07Z", "datePublished": "2024-03-07T07:19:07Z"},
        {"@type": "NewsArticle", "dateCreated": "2024-03-07T07:02:28Z", "datePublished": "2024-03-07T07:55:25Z"},
    ]}
    result = dates(page(jsonld=graph), fetched_at=datetime(2024, 3, 8, tzinfo=UTC))
    assert result.published_at == datetime(2024, 3, 7, 7, 55, 25, tzinfo=UTC)


@pytest.mark.parametrize(("media", "title"), [
    ({"@type": "VideoObject", "name": "Council approves the school budget", "uploadDate": "2022-04-20T10:00:00+02:00"},
     "Council approves the school budget - City TV"),
    ({"@type": "PodcastEpisode", "url": "https://radio.example.com/episodes/budget", "name": "Folge 12",
      "datePublished": "2022-04-20"}, "Folge 12: Der Haushalt | Stadtradio"),
    ({"@type": "VideoObject", "@id": "https://radio.example.com/episodes/budget#video", "name": "Clip",
      "uploadDate": "2022-04-20T08:00:00Z"}, "Haushalt beschlossen"),
])
def test_a_video_or_episode_page_is_dated_by_its_own_media_object(media: dict, title: str) -> None:
    """A page that is a video's or an episode's (its object names the page, or shows the page's title) has no article
    object: the media's upload or publication date is the page's."""
    tree = page(f"<title>{title}</title>", f"<h1>{title.split(' - ')[0]}</h1><video></video>", jsonld=media)
    result = dates(tree, "https://radio.example.com/episodes/budget")
    assert result.published_at is not None and result.published_at.date().isoformat() == "2022-04-20"
    assert result.published_from == "jsonld"


def test_an_embedded_video_of_another_title_does_not_date_the_page() -> None:
    video = {"@type": "VideoObject", "name": "Last year's budget debate", "uploadDate": "2021-04-20T10:00:00Z",
             "url": "https://video.example.com/v/123"}
    tree = page("<title>Council approves the school budget</title>", "<h1>Council approves the school budget</h1>",
                jsonld=video)
    assert dates(tree, "https://city.example.com/news/budget").published_at is None


def test_same_instant_is_given_in_the_publishers_offset() -> None:
    result = dates(page(og("2022-04-29T02:08:28+00:00"),
                        '<h1>T</h1><time class="entry-date" datetime="2022-04-28T22:08:28-04:00">6 hours ago</time>'))
    assert result.published_at == datetime(2022, 4, 28, 22, 8, 28, tzinfo=tz(-4))
    assert result.published_at.utcoffset() == timedelta(hours=-4)
    assert result.published_at.date().isoformat() == "2022-04-28"  # the UTC day would be the 29th


# --- the WordPress/tagDiv timezone bug -------------------------------------------------------------------------

def test_utc_stamp_repeating_local_wall_clock_is_corrected() -> None:
    head = (og("2021-12-25T13:46:00-04:00") + '<meta itemprop="datePublished" content="2021-12-25T13:46:00+00:00">'
            + og("2022-11-02T07:14:55-04:00", "article:modified_time"))
    result = dates(page(head), fetched_at=datetime(2023, 4, 28, tzinfo=UTC))
    assert result.published_at == datetime(2021, 12, 25, 13, 46, tzinfo=tz(-4))
    assert "tz_bug_corrected" in result.flags
    assert "conflicting_published" not in result.flags


def test_genuine_utc_and_local_forms_are_not_a_bug() -> None:
    head = og("2023-11-07T11:12:58+00:00")
    result = dates(page(head, jsonld={"@type": "NewsArticle", "datePublished": "2023-11-07T12:12:58+01:00"}),
                   fetched_at=datetime(2023, 11, 8, tzinfo=UTC))
    assert result.published_at == datetime(2023, 11, 7, 12, 12, 58, tzinfo=tz(1))
    assert "tz_bug_corrected" not in result.flags


# --- modified earlier than published; several published tags -----------------------------------------------------

def test_modified_before_published_is_kept_and_flagged() -> None:
    result = dates(page(og("2022-04-21T12:39:00+00:00") + og("2022-04-21T07:04:37+00:00", "article:modified_time")))
    assert result.published_at == datetime(2022, 4, 21, 12, 39, tzinfo=UTC)
    assert result.modified_at == datetime(2022, 4, 21, 7, 4, 37, tzinfo=UTC)
    assert "modified_before_published" in result.flags


def test_latest_stated_modification_wins() -> None:
    head = og("2023-11-08T21:56:18+00:00") + og("2023-11-08T23:00:05+00:00", "article:modified_time")
    result = dates(page(head, jsonld={"@type": "NewsArticle", "datePublished": "2023-11-08T21:56:18Z",
                                      "dateModified": "2023-11-08T21:56:18Z"}),
                   fetched_at=datetime(2023, 11, 9, tzinfo=UTC))
    assert result.modified_at == datetime(2023, 11, 8, 23, 0, 5, tzinfo=UTC)


def test_conflicting_published_tags_follow_the_corroborated_one() -> None:
    head = og("2020-03-02T09:00:00+01:00") + og("2021-06-30T10:00:00+01:00")
    body = '<h1>T</h1><span class="post-date">2. März 2020</span>'
    result = dates(page(head, body, lang="de"), "https://example.de/2020/03/02/story/")
    assert result.published_at == datetime(2020, 3, 2, 9, tzinfo=tz(1))
    assert "conflicting_published" in result.flags


def test_conflict_by_minutes_resolved_by_the_modified_stamp() -> None:
    # Al Jazeera: JSON-LD says 08:02 but its own dateModified is 08:00; the byline's 08:00:58 is consistent.
    jsonld = {"@type": "NewsArticle", "datePublished": "20 Nov 2019 08:02 GMT", "dateModified": "20 Nov 2019 08:00 GMT"}
    body = '<h1>T</h1><time datetime="Wed Nov 20 2019 08:00:58 GMT+0000 (Coordinated Universal Time)">20 Nov</time>'
    result = dates(page(body=body, jsonld=jsonld), fetched_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert result.published_at == datetime(2019, 11, 20, 8, 0, 58, tzinfo=UTC)
    assert result.published_from == "time"
    assert "conflicting_published" in result.flags


# --- offset-less dates: the source's zone, DST-correct ---------------------------------------------------------

@pytest.mark.parametrize(("raw", "zone", "offset"), [
    ("2024-03-10T01:30:00", "America/New_York", -5),  # just before the spring-forward gap
    ("2024-03-10T03:30:00", "America/New_York", -4),  # just after it
    ("2023-10-29T01:30:00", "Europe/Berlin", 2),  # last hour of summer time
    ("2023-10-29T03:30:00", "Europe/Berlin", 1),
    ("2023-07-01T10:00:00", "Asia/Kolkata", 5.5),
    ("2023-01-15T10:00:00", "America/Sao_Paulo", -3),  # no DST since 2019
    ("2024-11-03T01:30:00", "America/New_York", -4),  # repeated hour: the first occurrence (fold=0)
    ("2023-03-26T02:30:00", "Europe/Berlin", 1),  # skipped hour: read with the offset before the change
])
def test_offsetless_dates_take_the_source_zone(raw: str, zone: str, offset: float) -> None:
    result = dates(page(og(raw)), timezone=zone, fetched_at=datetime(2025, 1, 1, tzinfo=UTC))
    assert result.published_at is not None
    assert result.published_at.replace(tzinfo=None) == datetime.fromisoformat(raw)
    assert result.published_at.utcoffset() == timedelta(hours=offset)


def test_utc_only_page_is_shown_in_the_source_zone() -> None:
    result = dates(page(og("2022-04-22T02:37:15+00:00")), timezone="America/El_Salvador")
    assert result.published_at == datetime(2022, 4, 21, 20, 37, 15, tzinfo=tz(-6))
    assert result.published_at.date().isoformat() == "2022-04-21"


def test_offsetless_byline_takes_the_offset_of_the_same_instant() -> None:
    # Boston Herald: <time datetime="2023-11-08 16:56:18"> is the local form of the og 21:56:18Z.
    body = '<h1>T</h1><time datetime="2023-11-08 16:56:18">November 8, 2023 at 4:56 p.m.</time>'
    result = dates(page(og("2023-11-08T21:56:18+00:00"), body), fetched_at=datetime(2023, 11, 9, tzinfo=UTC))
    assert result.published_at == datetime(2023, 11, 8, 16, 56, 18, tzinfo=tz(-5))
    assert result.published_at.utcoffset() == timedelta(hours=-5)


def test_offsetless_without_any_zone_is_flagged_as_assumed_utc() -> None:
    result = dates(page(og("2022-04-21T14:00:18")), "https://example.com/a")
    assert result.published_at == datetime(2022, 4, 21, 14, 0, 18, tzinfo=UTC)
    assert "offset_assumed" in result.flags


def test_country_domain_gives_the_local_day_of_a_utc_stamp() -> None:
    result = dates(page(og("2023-11-01T23:01:00Z")), "https://www.repubblica.it/esteri/x/",
                   fetched_at=datetime(2023, 11, 3, tzinfo=UTC))
    assert result.published_at is not None
    assert result.published_at.date().isoformat() == "2023-11-02"
    assert "zone_guessed" in result.flags


# --- non-ISO strings, text in many languages, relative bylines --------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("20 Nov 2019 08:02 GMT", datetime(2019, 11, 20, 8, 2, tzinfo=UTC)),
    ("Tue, 10 Jun 2003 04:00:00 GMT", datetime(2003, 6, 10, 4, tzinfo=UTC)),
    ("2019-11-18T18:54:53+0000", datetime(2019, 11, 18, 18, 54, 53, tzinfo=UTC)),
    ("2019-11-18T18:54:53.000000000Z", datetime(2019, 11, 18, 18, 54, 53, tzinfo=UTC)),
])
def test_non_iso_machine_strings(raw: str, expected: datetime) -> None:
    assert dates(page(jsonld={"@type": "Article", "datePublished": raw})).published_at == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Mon Aug 03 12:45:00 EDT 2015", datetime(2015, 8, 3, 12, 45, tzinfo=tz(-4))),  # Java's Date.toString()
    ("Thu Dec 05 06:14:35 PST 2019", datetime(2019, 12, 5, 6, 14, 35, tzinfo=tz(-8))),
    ("Tue Mar 10 18:30:00 CET 2020", datetime(2020, 3, 10, 18, 30, tzinfo=tz(1))),
    ("Wed Nov 20 15:23:00 JST 2019", datetime(2019, 11, 20, 15, 23, tzinfo=tz(9))),
])
def test_java_and_asctime_dates_in_meta_tags(raw: str, expected: datetime) -> None:
    """CMSs written in Java (Adobe Experience Manager and others) print Date.toString() into meta tags."""
    result = dates(page(og(raw)))
    assert result.published_at == expected
    assert result.published_from == "meta"


def test_asctime_without_a_zone_takes_the_page_zone() -> None:
    result = dates(page(og("Wed Nov 20 15:23:00 2019")), timezone="Europe/Berlin")
    assert result.published_at == datetime(2019, 11, 20, 15, 23, tzinfo=tz(1))


@pytest.mark.parametrize(("box", "lang"), [
    (('<div class="calendar-date">November 20</div><div class="calendar-time"><span>15:23</span>'
      '<span>2019</span></div>'), "en"),
    (('<span class="month">Nov</span> <span class="day">20</span> <span class="time">3:23 pm</span> '
      '<span class="year">2019</span>'), "en"),
    ('<p>noviembre 20</p><p>15:23</p><p>2019</p>', "es"),
])
def test_a_date_box_printing_its_parts_apart(box: str, lang: str) -> None:
    """Blog themes print a post's month and day, its time and its year in separate elements of one date box."""
    result = dates(page(body=f'<h1>Deportees return home</h1><div class="date">{box}</div><p>Text.</p>', lang=lang))
    assert result.published_at is not None
    assert result.published_at.replace(tzinfo=None) == datetime(2019, 11, 20, 15, 23)
    assert result.published_from == "byline"


@pytest.mark.parametrize(("text", "lang", "day"), [
    ("8. November 2023", "de", "2023-11-08"),
    ("21 de abril de 2022", "es", "2022-04-21"),
    ("12 mars 2021", "fr", "2021-03-12"),
    ("20 ноября 2019", "ru", "2019-11-20"),
    ("2019年8月20日", "ja", "2019-08-20"),
    ("November 8, 2023 at 4:56 p.m.", "en", "2023-11-08"),
    ("21/04/2022", "es", "2022-04-21"),
    ("Pubblicato il 3 gennaio 2020", "it", "2020-01-03"),
    ("\u0662\u0660 \u0646\u0648\u0641\u0645\u0628\u0631 \u0662\u0660\u0661\u0669", "ar", "2019-11-20"),
    ("20 \u05e0\u05d5\u05d1\u05de\u05d1\u05e8 2019", "he", "2019-11-20"),
    ("\uff12\uff10\uff11\uff19\u5e74\uff18\u6708\uff12\uff10\u65e5", "ja", "2019-08-20"),  # full-width digits
    ("20. listopadu 2019", "cs", "2019-11-20"),
    ("20 listopada 2019", "pl", "2019-11-20"),
])
def test_text_bylines_in_many_languages(text: str, lang: str, day: str) -> None:
    result = dates(page(body=f'<h1>T</h1><div class="byline-date">{text}</div>', lang=lang),
                   fetched_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert result.published_at is not None and result.published_at.date().isoformat() == day
    assert result.published_from == "byline"


@pytest.mark.parametrize(("text", "lang", "hours"), [
    ("6 hours ago", "en", 6), ("hace 3 horas", "es", 3), ("vor 2 Stunden", "de", 2), ("il y a 5 heures", "fr", 5),
])
def test_relative_bylines_resolve_against_fetch_time(text: str, lang: str, hours: int) -> None:
    result = dates(page(body=f'<h1>T</h1><span class="post-date">{text}</span>', lang=lang))
    assert result.published_at == FETCHED - timedelta(hours=hours)
    assert result.published_from == "byline"


def test_relative_byline_needs_a_fetch_time() -> None:
    tree = page(body='<h1>T</h1><span class="post-date">6 hours ago</span>')
    assert find_dates(tree).published_at is None


# --- never the date bar, copyright, "today" widgets or teasers ---------------------------------------------------

DATE_BARS = [
    '<div class="td-header-top-menu"><div class="td_data_time">Friday, April 28, 2023</div></div>',
    '<div class="td-header-date">Friday, April 28, 2023</div>',
    '<div class="topbar"><span class="today-date">Friday, April 28, 2023</span></div>',
    '<div class="jeg_top_date">Friday, April 28, 2023</div>',
    '<header id="masthead"><span class="date">Friday, April 28, 2023</span></header>',
]


@pytest.mark.parametrize("bar", DATE_BARS)
def test_header_date_bar_is_never_the_publication_date(bar: str) -> None:
    result = dates(page(body=bar + "<h1>Story</h1><p>Text of the story.</p>"), fetched_at=datetime(2023, 4, 28,
                                                                                                   tzinfo=UTC))
    assert result.published_at is None


@pytest.mark.parametrize("bar", DATE_BARS)
def test_byline_is_taken_beside_a_date_bar(bar: str) -> None:
    body = (bar + '<h1>Story</h1><div class="entry-meta"><span class="posted-on">March 3, 2023</span></div>'
            '<p>Text.</p>')
    result = dates(page(body=body), fetched_at=datetime(2023, 4, 28, tzinfo=UTC))
    assert result.published_at is not None and result.published_at.date().isoformat() == "2023-03-03"


def test_copyright_and_related_teasers_are_not_dates() -> None:
    body = ('<h1>Story</h1><p>Text.</p>'
            '<div class="related-posts"><article><time datetime="2023-04-27T10:00:00+00:00">Apr 27</time>'
            '</article></div>'
            '<div class="widget recent-posts"><span class="date">April 26, 2023</span></div>'
            '<footer><p class="copyright">© 2023 Example News</p></footer>')
    assert dates(page(body=body), fetched_at=datetime(2023, 4, 28, tzinfo=UTC)).published_at is None


def test_first_time_after_headline_not_teasers() -> None:
    body = ('<h1>Story</h1><div class="meta"><time class="entry-date" datetime="2022-04-21T14:00:18-06:00">x</time>'
            '</div><p>Text.</p><div class="td_module_wrap"><time class="entry-date" '
            'datetime="2022-04-20T18:20:09-06:00">y</time></div>')
    result = dates(page(body=body))
    assert result.published_at == datetime(2022, 4, 21, 14, 0, 18, tzinfo=tz(-6))
    assert "conflicting_published" not in result.flags


# --- implausible dates ---------------------------------------------------------------------------------------------

def test_future_date_is_flagged_not_returned() -> None:
    result = dates(page(og("2031-01-01T10:00:00+00:00")))
    assert result.published_at is None
    assert "future" in result.flags


def test_future_date_gives_way_to_plausible_evidence() -> None:
    result = dates(page(og("2031-01-01T10:00:00+00:00")), "https://example.com/2022/04/20/story")
    assert result.published_at is not None and result.published_at.date().isoformat() == "2022-04-20"
    assert "future" in result.flags


def test_dates_before_news_sites_and_impossible_dates_are_flagged() -> None:
    assert "before_site" in dates(page(og("1970-01-01T00:00:00+00:00"))).flags
    result = dates(page(og("2019-02-30T10:00:00+00:00")))
    assert result.published_at is None and "impossible" in result.flags


# --- URL, feed and sitemap evidence --------------------------------------------------------------------------------

def test_url_date_when_the_page_has_none() -> None:
    result = dates(page(body="<h1>T</h1>"), "https://www.theguardian.com/commentisfree/2019/nov/18/the-view")
    assert result.published_from == "url"
    assert result.published_at is not None and result.published_at.date().isoformat() == "2019-11-18"


@pytest.mark.parametrize("url", [
    "https://news.example.com/politik/rathaus-beschliesst-haushalt-2019-11-18.html",
    "https://news.example.com/article/council_budget_20191118",
    "https://news.example.jp/hl?a=20191118-35097838-cnetj-sci",
    "https://news.example.com/story.php?date=2019-11-18&id=4471",
    "https://news.example.com/noticias/el-concejo-aprueba-el-presupuesto-18-nov-2019",  # not a year-first date
])
def test_a_date_in_the_urls_words_or_query_dates_a_bare_page(url: str) -> None:
    """A date inside the slug or a query value dates a page nothing else dates (weaker than a dated path)."""
    result = dates(page(body="<h1>Council approves the budget</h1>"), url)
    expected = None if "18-nov-2019" in url else "2019-11-18"
    assert (result.published_at.date().isoformat() if result.published_at else None) == expected


@pytest.mark.parametrize("slug", ["совет-утвердил-бюджет-2019-11-18", "ψηφίστηκε-ο-προϋπολογισμός_20191118",
                                  "المجلس-يقر-الميزانية-2019-11-18", "市议会通过预算-20191118"])
@pytest.mark.parametrize("encoded", [True, False])
def test_a_date_after_the_words_of_any_script_in_the_url_dates_a_bare_page(slug: str, encoded: bool) -> None:
    """A slug's words may be of any script, as the browser shows them or percent-encoded as fetched (where the last
    character before the date is a hex digit or a letter, whichever the encoding gives)."""
    url = f"https://news.example.com/news/{quote(slug) if encoded else slug}.html"
    result = dates(page(body="<h1>Council approves the budget</h1>"), url)
    assert result.published_at is not None and result.published_at.date().isoformat() == "2019-11-18"


def test_a_date_in_the_urls_words_does_not_move_the_day_of_metadata() -> None:
    """A slug may name the day of what it reports ("…-testimony-2019-11-19"): it neither dates a page that states
    its own instant nor picks that instant's local day (a dated path does: see the next tests)."""
    url = "https://news.example.com/news/key-moments-from-the-hearing-testimony-2019-11-19/"
    result = dates(page(og("2019-11-20T06:07:01+00:00")), url, fetched_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert result.published_at == datetime(2019, 11, 20, 6, 7, 1, tzinfo=UTC)
    assert "offset_from_url_day" not in result.flags


@pytest.mark.parametrize(("body", "lang"), [
    ("<p>Von Anna Schmidt, 20.11.2019</p>", "de"),
    ("<p>Jane Roe, November 20, 2019</p>", "en"),
    ("<p>Por Ana Ruiz | 20 de noviembre de 2019</p>", "es"),
    ("<p>20/11/2019 08:15</p>", "fr"),
    ('<script>var meta = {"datePublished": "2019-11-20T08:00:00Z"};</script>', "en"),
])
def test_a_date_in_the_urls_words_gives_way_to_any_date_the_page_shows(body: str, lang: str) -> None:
    """Weaker evidence than metadata still dates the page before its slug does: a written date where the byline
    would be, a data layer's instant (whose UTC day the slug's day must not move either)."""
    url = "https://news.example.com/news/key-moments-from-the-hearing-testimony-2019-11-19/"
    result = dates(page(body=f"<article><h1>Key moments from the hearing</h1>{body}<p>The committee heard "
                             "testimony on Tuesday from several witnesses.</p></article>", lang=lang), url)
    assert result.published_at is not None and result.published_at.date().isoformat() == "2019-11-20"
    assert result.published_from != "url" and "offset_from_url_day" not in result.flags


def test_feed_hint_dates_a_bare_page() -> None:
    result = dates(page(body="<h1>T</h1>"), "https://example.com/a", hints=[("feed", "Tue, 10 Jun 2003 04:00:00 GMT")])
    assert result.published_at == datetime(2003, 6, 10, 4, tzinfo=UTC)
    assert (result.published_from, result.published_raw) == ("feed", "Tue, 10 Jun 2003 04:00:00 GMT")


def test_sitemap_hint_corroborates_one_of_conflicting_tags() -> None:
    head = og("2021-11-20T10:00:00+00:00") + og("2021-11-21T10:00:00+00:00")
    result = dates(page(head), hints=[("sitemap", "2021-11-21T10:00:00+00:00")],
                   fetched_at=datetime(2022, 1, 1, tzinfo=UTC))
    assert result.published_at == datetime(2021, 11, 21, 10, tzinfo=UTC)


def test_tz_bug_exposed_by_a_byline_in_the_source_zone() -> None:
    head = og("2021-12-25T13:46:00+00:00")
    body = '<h1>T</h1><time class="entry-date" datetime="2021-12-25T13:46:00">December 25, 2021 1:46 pm</time>'
    result = dates(page(head, body), timezone="America/New_York", fetched_at=datetime(2023, 1, 1, tzinfo=UTC))
    assert result.published_at == datetime(2021, 12, 25, 13, 46, tzinfo=tz(-5))
    assert result.published_at.utcoffset() == timedelta(hours=-5)
    assert "tz_bug_corrected" in result.flags


def test_page_offsets_beat_the_country_domain_guess() -> None:
    result = dates(page(og("2023-11-07T12:12:58+01:00")), "https://www.example.co.kr/a",
                   fetched_at=datetime(2023, 11, 8, tzinfo=UTC))
    assert result.published_at is not None and result.published_at.utcoffset() == timedelta(hours=1)
    assert "zone_guessed" not in result.flags


def test_page_footer_dates_are_not_publication_dates() -> None:
    body = ('<div class="content"><h2>Gefahrstoff-Service</h2><p>Text.</p></div>'
            '<div id="footer-info"><p>Copyright © 19.12.2019 - 12:14 h by Example GmbH</p>'
            '<p>[ 등록년월일 : 2012년 11월 06일 ]</p></div><footer><p>Stand: 01.02.2020</p></footer>')
    assert dates(page(body=body), fetched_at=datetime(2020, 3, 1, tzinfo=UTC)).published_at is None


def test_text_scan_starts_at_the_headline_found_by_the_title() -> None:
    head = "<title>Australian megablaze brought under control - Asia Pacific Star</title>"
    body = ('<div class="top"><span>Updated 14 Jan 2020</span></div><div class="banner-section">'
            '<h2>Australian megablaze brought under control</h2><p>News24<br>13 Jan 2020, 22:11 GMT+10</p></div>')
    result = dates(page(head, body), fetched_at=datetime(2020, 2, 1, tzinfo=UTC))
    assert result.published_from == "text"
    assert result.published_at is not None and result.published_at.date().isoformat() == "2020-01-13"


@pytest.mark.parametrize(("stamp", "url_day", "offset"), [
    ("2019-11-19T07:03:25+00:00", "2019/11/18", -8),  # evening in California
    ("2019-11-20T01:50:59+00:00", "2019/11/19", -2),
    ("2023-11-01T23:01:00+00:00", "2023/11/02", 1),
])
def test_url_day_fixes_the_local_day_of_a_utc_only_stamp(stamp: str, url_day: str, offset: int) -> None:
    result = dates(page(og(stamp)), f"https://news.example.com/{url_day}/story/", fetched_at=datetime(2024, 1, 1,
                                                                                                        tzinfo=UTC))
    assert result.published_at == datetime.fromisoformat(stamp)  # the instant is untouched
    assert result.published_at is not None and result.published_at.date().isoformat() == url_day.replace("/", "-")
    assert result.published_at.utcoffset() == timedelta(hours=offset)
    assert "offset_from_url_day" in result.flags


def test_url_day_needing_an_implausible_offset_is_a_draft_day() -> None:
    url = "https://www.washingtonpost.com/politics/story/2020/07/08/c3d22ec8_story.html"
    result = dates(page(og("2020-07-09T10:04:04Z")), url, fetched_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert result.published_at == datetime(2020, 7, 9, 10, 4, 4, tzinfo=UTC)
    assert "offset_from_url_day" not in result.flags


@pytest.mark.parametrize(("label", "lang"), [("publiziert am", "de"), ("Published on", "en"), ("Publié le", "fr")])
def test_text_scan_prefers_a_labelled_date(label: str, lang: str) -> None:
    months = {"de": "September", "en": "September", "fr": "septembre"}
    body = (f'<div class="hero"><p><span>{label} 25. {months[lang]} 2018</span></p><h1>Die Patientenakte</h1></div>'
            '<p>Seit dem 1. Januar 2019 gilt das Gesetz.</p>')
    result = dates(page(body=body, lang=lang), fetched_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert result.published_at is not None and result.published_at.date().isoformat() == "2018-09-25"


def test_app_framework_root_is_not_a_list() -> None:
    body = ('<div id="__next"><main><h1>Story</h1><div class="byline"><time datetime="2024-03-07T07:55:25Z">'
            'March 7, 2024</time></div></main><aside class="sidebar"><time datetime="2024-03-01T00:00:00Z">x</time>'
            '</aside></div>')
    result = dates(page(body=body), fetched_at=datetime(2024, 3, 8, tzinfo=UTC))
    assert result.published_at == datetime(2024, 3, 7, 7, 55, 25, tzinfo=UTC)
    assert result.published_from == "time"


def test_stamps_seconds_apart_are_one_publication() -> None:
    head = og("2019-11-20T05:57:50Z") + '<meta name="sailthru.date" content="2019-11-19 21:57:00 -0800">'
    result = dates(page(head), fetched_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert result.published_at == datetime(2019, 11, 19, 21, 57, 50, tzinfo=tz(-8))
    assert "conflicting_published" not in result.flags


def test_relative_byline_in_another_language_than_the_page() -> None:
    result = dates(page(body='<h1>T</h1><span class="post-date">vor 2 Stunden</span>', lang="en"))
    assert result.published_at == FETCHED - timedelta(hours=2)
