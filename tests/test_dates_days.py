"""Which day a page was published on: UTC-only instants, numeric dates, placeholders and template dates.

The failures these rules answer are off by a day (an instant near midnight UTC, "11/01/2023" read in
the wrong order) or by years (a template's datePublished); each test page is synthetic, in several
languages and markup shapes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from selectolax.lexbor import LexborHTMLParser

from scrapers.dates import DateResult, find_dates

FETCHED = datetime(2024, 1, 1, tzinfo=UTC)


def dates(head: str = "", body: str = "", *, lang: str = "en", url: str | None = None,
          tz: str | None = None) -> DateResult:
    html = f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'
    return find_dates(LexborHTMLParser(html), url, fetched_at=FETCHED, timezone=tz)


def og(value: str) -> str:
    return f'<meta property="article:published_time" content="{value}">'


def ld(**fields: str) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", **fields})}</script>'


def day(result: DateResult) -> str | None:
    return result.published_at.date().isoformat() if result.published_at else None


# --- a UTC-only instant near midnight ----------------------------------------------------------------------------

@pytest.mark.parametrize(("stamp", "byline", "lang", "expected"), [
    ("2020-10-14T23:15:00Z", '<span class="date">15/10/2020</span>', "pt", "2020-10-15"),
    ("2020-10-15T00:23:00Z", '<div class="byline">October 14, 2020</div>', "en", "2020-10-14"),
    ("2020-10-14T22:40:00.000Z", '<p class="post-date">15 octobre 2020</p>', "fr", "2020-10-15"),
])
def test_the_byline_day_tells_the_local_day_of_a_utc_instant(stamp: str, byline: str, lang: str,
                                                             expected: str) -> None:
    result = dates(og(stamp), f"<h1>Title</h1>{byline}", lang=lang)
    assert day(result) == expected
    assert result.published_at == datetime.fromisoformat(stamp)  # the instant is kept
    assert "offset_from_page_day" in result.flags
    assert "conflicting_published" not in result.flags


def test_a_byline_day_too_far_from_the_instant_does_not_move_it() -> None:
    result = dates(og("2020-10-14T10:00:00Z"), '<h1>Title</h1><span class="date">15.10.2020</span>', lang="en")
    assert day(result) == "2020-10-14"


@pytest.mark.parametrize(("lang", "expected"), [("de", "2020-10-15"), ("ja", "2020-10-15"), ("de-AT", "2020-10-15"),
                                                ("en-GB", "2020-10-15"), ("en", "2020-10-14"), ("es", "2020-10-14")])
def test_the_language_tells_the_zone_when_it_is_spoken_in_one(lang: str, expected: str) -> None:
    result = dates(og("2020-10-14T23:15:00Z"), "<h1>Title</h1>", lang=lang, url="https://example.com/a")
    assert day(result) == expected
    assert ("zone_guessed" in result.flags) is (expected == "2020-10-15")


def test_a_utc_only_instant_without_a_zone_keeps_offset_assumed() -> None:
    result = dates(og("2020-10-14T23:15:00Z"), "<h1>Title</h1>", lang="en", url="https://example.com/a")
    assert result.published_at is not None and result.published_at.utcoffset() == timedelta(0)
    assert "offset_assumed" in result.flags


def test_the_sources_zone_gives_the_day() -> None:
    result = dates(og("2020-10-14T23:15:00Z"), "<h1>Title</h1>", lang="en", url="https://example.com/a",
                   tz="Europe/Berlin")
    assert day(result) == "2020-10-15"
    assert result.published_at is not None and result.published_at.utcoffset() == timedelta(hours=2)
    assert "offset_assumed" not in result.flags


# --- numeric dates in the page's order ----------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "url", "expected"), [
    ("en-US", None, "2023-11-01"), ("en", "https://example.com/a", "2023-11-01"),
    ("en-GB", None, "2023-01-11"), ("de", None, "2023-01-11"), ("fr-CA", None, "2023-11-01"),
    ("en", "https://example.co.uk/a", "2023-01-11"), ("pt-BR", None, "2023-01-11"),
])
def test_numeric_dates_are_read_in_the_order_of_the_page(lang: str, url: str | None, expected: str) -> None:
    result = dates(body='<h1>Title</h1><span class="date">11/01/2023</span>', lang=lang, url=url)
    assert day(result) == expected
    assert "ambiguous_numeric" in result.flags


@pytest.mark.parametrize(("meta", "expected"), [
    ('<meta http-equiv="Content-Language" content="en-US">', "2023-11-01"),
    ('<meta http-equiv="content-language" content="de-DE">', "2023-01-11"),
    ('<meta name="DC.language" content="en_us">', "2023-11-01"),
    ('<meta name="language" content="fr">', "2023-01-11"),
    ('<meta name="language" content="English">', "2023-01-11"),  # a name, not a tag: nothing is known
])
def test_a_page_without_html_lang_states_its_locale_in_meta(meta: str, expected: str) -> None:
    """Older CMSs state the page's language only in meta tags: its order reads a numeric date, like <html lang>."""
    result = dates(meta, '<h1>Title</h1><span class="date">11/01/2023</span>', lang="")
    assert day(result) == expected
    assert "ambiguous_numeric" in result.flags


@pytest.mark.parametrize(("locale", "hours"), [("de_DE_formal", 1), ("nl_NL_formal", 1), ("pt_PT_ao90", 0),
                                               ("zh_Hant_TW", 8), ("zh-Hant", 8)])
def test_a_meta_locale_with_a_variant_or_script_still_names_its_language(locale: str, hours: int) -> None:
    """WordPress writes its locale's variant into og:locale ("de_DE_formal", "pt_PT_ao90"), and a tag may name a
    script ("zh_Hant_TW"): the language (and the zone it implies) is still the tag's first part."""
    result = dates(f'<meta property="og:locale" content="{locale}">',
                   '<h1>Title</h1><p class="byline">2023-12-05 10:00</p>', lang="")
    assert result.published_at is not None and "zone_guessed" in result.flags
    assert result.published_at.utcoffset() == timedelta(hours=hours)


@pytest.mark.parametrize("lang", ["en-US", "de"])
def test_another_date_of_the_page_settles_an_ambiguous_one(lang: str) -> None:
    result = dates(body='<h1>Title</h1><span class="date">11/01/2023</span>', lang=lang,
                   url="https://example.com/2023/01/11/title/")
    assert day(result) == "2023-01-11"
    assert "ambiguous_numeric" not in result.flags


@pytest.mark.parametrize(("text", "expected"), [("21/04/2022", "2022-04-21"), ("04/21/2022", "2022-04-21"),
                                                ("11/28/2016 04:23 pm ET", "2016-11-28"), ("9/21/2016", "2016-09-21")])
def test_an_unambiguous_numeric_date_in_any_order(text: str, expected: str) -> None:
    result = dates(body=f'<h1>Title</h1><span class="timestamp__date--published">{text}</span>', lang="de")
    assert day(result) == expected
    assert "ambiguous_numeric" not in result.flags


@pytest.mark.parametrize(("byline", "lang", "expected"), [
    ("von Klaus Muster, 8.5.12", "de", "2012-05-08"), ("28.09.19 12:44", "de", "2019-09-28"),
    ("Posted 5/8/12 by admin", "en-US", "2012-05-08"), ("Publié le 05/08/98", "fr", "1998-08-05"),
])
def test_two_digit_years_in_a_byline(byline: str, lang: str, expected: str) -> None:
    assert day(dates(body=f"<h1>Landtagswahl im Norden</h1><p>{byline}</p><p>Text.</p>", lang=lang)) == expected


def test_a_version_number_is_not_a_date() -> None:
    result = dates(body="<h1>Release notes</h1><p>Version 1.2.19 fixes the login.</p><p>v2.10.20 is next.</p>")
    assert result.published_at is None


# --- placeholders and template dates -----------------------------------------------------------------------------

@pytest.mark.parametrize("head", [og("2016-01-01T00:00:00+00:00"), ld(datePublished="2015-01-01"),
                                  '<meta name="date" content="2016-01-01">'])
def test_a_january_first_placeholder_gives_way_to_the_byline(head: str) -> None:
    result = dates(head, '<h1>Title</h1><div class="byline">By Jane Roe | March 3, 2016</div>')
    assert day(result) == "2016-03-03"


@pytest.mark.parametrize("stamp", ["2016-03-03T00:00:00+01:00", "2016-03-03T00:00:00Z", "2016-03-03"])
def test_midnight_is_a_day_that_a_timed_byline_refines(stamp: str) -> None:
    result = dates(og(stamp), '<h1>Title</h1><time datetime="2016-03-03T14:20:00+01:00">3 March, 14:20</time>')
    assert result.published_at == datetime(2016, 3, 3, 14, 20, tzinfo=timezone(timedelta(hours=1)))
    assert "conflicting_published" not in result.flags


@pytest.mark.parametrize(("head", "byline"), [
    (ld(datePublished="2011-05-02"), '<span class="date">14. Oktober 2020</span>'),
    ('<meta name="dcterms.created" content="2009-11-20">', '<time datetime="2020-10-14">14.10.2020</time>'),
    (og("2012-06-01T00:00:00+02:00"), '<p class="meta">Redaktion, 14.10.2020</p>'),
])
def test_structured_data_years_older_than_every_visible_date_is_a_template(head: str, byline: str) -> None:
    result = dates(head, f"<h1>Titel</h1>{byline}<p>Text.</p>", lang="de")
    assert day(result) == "2020-10-14"
    assert "template_date" in result.flags


PROSE = "<p>" + "Der Gemeinderat hat am Abend lange über den neuen Haushalt und die Schule beraten. " * 3 + "</p>"


@pytest.mark.parametrize(("head", "line", "lang", "expected"), [
    (ld(datePublished="2011-05-02"), "<p>Jane Roe | 14.10.2020</p>", "de", "2020-10-14"),
    ('<meta name="dcterms.created" content="2009-11-20">', "<div><b>Redaktion</b> — October 14, 2020</div>", "en",
     "2020-10-14"),
    (og("2012-06-01T00:00:00+02:00"), "<p>14 octobre 2020</p>", "fr", "2020-10-14"),
    # a month apart: no template, the metadata's day stands
    (ld(datePublished="2020-09-10"), "<p>Jane Roe | 14.10.2020</p>", "de", "2020-09-10"),
])
def test_a_plain_date_line_under_the_headline_exposes_a_template_date(head: str, line: str, lang: str,
                                                                      expected: str) -> None:
    """The date under the headline in no element saying "date" is shown too: metadata without a time years older
    than it is a template's; metadata that an edit could explain stays."""
    result = dates(head, f"<main><h1>Der Haushalt ist beschlossen</h1>{line}{PROSE}</main>", lang=lang)
    assert day(result) == expected
    assert ("template_date" in result.flags) is (expected == "2020-10-14")


@pytest.mark.parametrize("line", ["<p>Updated: 14.10.2020</p>", "<p>" + PROSE[3:-4] + " Seit 14.10.2020 gilt das.</p>"])
def test_an_update_or_a_date_in_the_text_does_not_expose_a_template(line: str) -> None:
    result = dates(ld(datePublished="2011-05-02"), f"<main><h1>Der Haushalt ist beschlossen</h1>{line}{PROSE}</main>",
                   lang="de")
    assert day(result) == "2011-05-02"


def test_a_timed_stamp_years_older_than_a_visible_date_stays() -> None:
    result = dates(og("2016-12-07T10:00:00.011Z"), '<h1>Title</h1><time datetime="2022-10-20T04:01:13Z">Oct 20</time>')
    assert day(result) == "2016-12-07"
    assert "template_date" not in result.flags


@pytest.mark.parametrize(("byline", "lang"), [
    ('<span class="label">Erscheinungsdatum</span><time datetime="2022-01-25">25.01.2022</time>', "de"),
    ('<div class="meta">Published: <time datetime="2022-01-25">Jan 25, 2022</time></div>', "en"),
])
def test_a_labelled_publication_date_beats_a_day_only_meta_tag(byline: str, lang: str) -> None:
    result = dates('<meta name="og:article:published_time" content="2022-01-15">', f"<h1>Titel</h1>{byline}",
                   lang=lang)
    assert day(result) == "2022-01-25"


def test_a_precise_meta_stamp_beats_a_labelled_byline_day() -> None:
    result = dates(og("2022-01-15T10:00:00+01:00"),
                   '<h1>Titel</h1><p class="meta">Published: <time datetime="2022-01-25">Jan 25, 2022</time></p>')
    assert day(result) == "2022-01-15"


@pytest.mark.parametrize("markup", ['<meta property="article:modified_time" content="2020-04-07T15:49:00+05:30">',
                                    '<span class="updated">Updated: April 07, 2020 03:49 pm IST</span>'])
def test_a_page_stating_only_when_it_changed(markup: str) -> None:
    result = dates(markup if markup.startswith("<meta") else "", f"<h1>Title</h1>{markup}")
    assert day(result) == "2020-04-07"
    assert "modified_only" in result.flags
