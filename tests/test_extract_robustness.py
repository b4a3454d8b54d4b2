"""Bad input never crashes extraction: it yields a record with an empty body and a reason.

The pipeline extracts whatever a server sent as ``text/html``: truncated markup,
binary files, multi-megabyte pages, tag soup nested thousands deep. One bad page
must cost one record, not the run.
"""

from __future__ import annotations

import os
import resource
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrapers.extract import extract_article
from scrapers.models import Article

TAGS = ["div", "p", "span", "a", "article", "h1", "h2", "li", "ul", "table", "td", "figure", "figcaption",
        "script", "style", "b", "br", "img", "section", "aside", "nav", "footer"]
ATTRS = ['', ' class="td-post-content"', ' class="share"', ' id="comments"', ' hidden', ' style="display:none"',
         ' class="caption"', ' itemprop="articleBody"', ' class="td-weather-top-widget"', ' class="td_data_time"']

fragments = st.one_of(
    st.text(max_size=40),
    st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(TAGS), st.sampled_from(ATTRS)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    st.sampled_from(["<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "&#xD800;", "<", ">", "\x00", "\ufffd",
                     '<script type="application/ld+json">{"@type": "NewsArticle", "author": [', "<html lang=",
                     '<meta property="og:title" content="', "53.9 F New York", "Friday, April 28, 2023"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(fragments, max_size=60).map("".join))
def test_any_markup_gives_a_record(markup: str) -> None:
    article = extract_article(markup, "https://example.test/a")
    assert isinstance(article, Article)
    assert article.body == "" or article.reason is None or not article.is_article
    if not article.body:
        assert article.reason is not None


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=4096))
def test_any_bytes_give_a_record(content: bytes) -> None:
    assert isinstance(extract_article(content, "https://example.test/b"), Article)


def test_binary_junk_is_refused_with_a_reason() -> None:
    article = extract_article(os.urandom(500_000), "https://example.test/file.bin")
    assert (article.body, article.is_article, article.reason) == ("", False, "extract.error")


def test_empty_document() -> None:
    for empty in ("", b"", "   ", "<html></html>"):
        article = extract_article(empty)
        assert article.body == "" and article.reason is not None


def _timed(markup: str) -> tuple[Article, float]:
    """The record and the CPU seconds it took: a bound against blow-ups (a quadratic walk takes minutes
    here), in CPU time so that a busy machine does not fail it (the 10 MB page takes ~0.6 CPU-s)."""
    start = time.process_time()
    article = extract_article(markup, "https://example.test/big")
    return article, time.process_time() - start


def _max_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def test_ten_megabyte_page_is_extracted_in_bounded_time_and_memory() -> None:
    paragraph = "<p>" + "The committee met again on Tuesday to discuss the budget. " * 8 + "</p>\n"
    teasers = '<aside class="related"><a href="/x">Another story</a></aside>\n'
    markup = "<html><body><article>" + (paragraph + teasers) * (10_000_000 // (len(paragraph) + len(teasers)))
    markup += "</article></body></html>"
    rss_before = _max_rss_bytes()
    article, elapsed = _timed(markup)
    assert article.is_article and len(article.body) > 8_000_000
    assert "Another story" not in article.body
    assert elapsed < 10
    # The process's peak can only have grown by what this extraction needed at most.
    assert _max_rss_bytes() - rss_before < 500 * 2**20


def test_deeply_nested_tags_are_refused_quickly() -> None:
    depth = 100_000
    markup = "<html><body>" + "<div>" * depth + "<p>deep</p>" + "</div>" * depth + "</body></html>"
    article, elapsed = _timed(markup)
    assert (article.body, article.reason) == ("", "extract.error")
    assert elapsed < 10


def test_deep_inline_nesting_still_extracts() -> None:
    depth = 30_000
    text = "Officials confirmed the agreement after a week of talks in the capital. " * 5
    markup = "<html><body><article>" + "<span><b>" * depth + f"<p>{text}</p>" + "</b></span>" * depth
    article, elapsed = _timed(markup + "</article></body></html>")
    assert "Officials confirmed the agreement" in article.body
    assert elapsed < 10
