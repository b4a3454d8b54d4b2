"""Metadata fields and the page metadata they read; shortcuts taken for speed give the general path's answers."""

from __future__ import annotations

from urllib.parse import urljoin

from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scrapers.extract import extract_article
from scrapers.extract.credits import letters
from scrapers.extract.metadata import _PLAIN_ABSOLUTE, _absolute
from scrapers.htmlmeta import PageMeta

BASES = st.sampled_from(["https://www.example.com/news/2023/11/09/story/", "http://example.org/a/b?x=1#top",
                         "https://example.com", "ftp://files.example.com/pub/"])


@given(url=st.from_regex(_PLAIN_ABSOLUTE, fullmatch=True), base=BASES)
def test_plain_absolute_urls_are_what_urljoin_returns(url: str, base: str) -> None:
    assert _absolute(url, base) == urljoin(base, url) == url


def _urljoin_or_none(base: str, url: str) -> str | None:
    try:
        return urljoin(base, url) if url else None
    except ValueError:
        return None


@given(url=st.text(alphabet="hts:/.?#;@[]% abcAB12", max_size=40), base=BASES)
def test_any_url_is_joined_like_urljoin(url: str, base: str) -> None:
    assert _absolute(url, base) == _urljoin_or_none(base, url)


def test_an_unreadable_canonical_url_is_left_out_not_an_extraction_error() -> None:
    html = ('<html><head><link rel="canonical" href="//]"><title>Storm hits the coast</title></head>'
            '<body><h1>Storm hits the coast</h1>' + "<p>The storm reached the coast on Tuesday night. </p>" * 20
            + "</body></html>")
    article = extract_article(html, "https://www.example.com/news/storm/")
    assert article.reason is None and article.canonical_url is None and article.title == "Storm hits the coast"


def test_relative_and_unusual_urls_are_joined() -> None:
    base = "https://www.example.com/news/2023/story/"
    assert _absolute("/img/a.jpg", base) == "https://www.example.com/img/a.jpg"
    assert _absolute("https://cdn.example.com/a.jpg?", base) == "https://cdn.example.com/a.jpg"
    assert _absolute("HTTPS://cdn.example.com/a.jpg#x", base) == urljoin(base, "HTTPS://cdn.example.com/a.jpg#x")
    assert _absolute("https://cdn.example.com/a.jpg", None) == "https://cdn.example.com/a.jpg"


@given(text=st.text())
def test_letters_keep_exactly_the_alphanumeric_characters(text: str) -> None:
    assert letters(text) == "".join(ch for ch in text.casefold() if ch.isalnum())


def test_page_meta_reads_every_meta_tag_and_json_ld_script_once_in_document_order() -> None:
    """Tags and scripts anywhere in the page (parsers move late ones into the body), tolerant JSON, @graph
    and mainEntity flattened after their owner, a tag's value under each of its name attributes."""
    html = """<html><head><meta property="og:title" name="twitter:title" content=" Storm hits coast ">
    <meta name="Description" content="first"><meta charset="utf-8">
    <script type="application/ld+json"><!-- {"@type": "NewsArticle", "headline": "A",} --></script>
    </head><body><p>text</p><meta itemprop="datePublished" content="2023-11-09"><meta name="description" content="second">
    <script type="application/ld+json">{"@graph": [{"@type": "WebPage", "mainEntity": {"@type": "Person"}}]}</script>
    <script type="application/ld+json">{broken</script><script>var x = {"@type": "Article"};</script></body></html>"""
    page = PageMeta.of(LexborHTMLParser(html))
    assert page.meta == {"og:title": ["Storm hits coast"], "twitter:title": ["Storm hits coast"],
                         "description": ["first", "second"], "datepublished": ["2023-11-09"]}
    assert len(page.scripts) == 3 and page.scripts[2] == "{broken"
    assert [o.get("@type") for o in page.jsonld] == ["NewsArticle", None, "WebPage", "Person"]
