"""``canonicalize_url``: one key per page, whatever spelling discovery found it under."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrapers.urls import canonicalize_url


@pytest.mark.parametrize(("url", "canonical"), [
    ("HTTP://Example.COM:80/News/Story", "http://example.com/News/Story"),  # the path keeps its case
    ("https://example.com:443/a", "https://example.com/a"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com/a/b/", "https://example.com/a/b"),
    ("https://example.com/#top", "https://example.com/"),
    ("https://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x", "https://example.com/a"),
    ("https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref_src=twsrc&id=7", "https://example.com/a?id=7"),
    ("https://example.com/a?UTM_Source=x&b=2&a=1&a=0", "https://example.com/a?a=1&a=0&b=2"),
    ("https://example.com/a?amp", "https://example.com/a?amp"),
    ("https://example.com/a/./b/../c", "https://example.com/a/c"),
    ("https://example.com/%7euser/%e2%82%ac", "https://example.com/~user/%E2%82%AC"),
    ("https://example.com/café noir/€", "https://example.com/caf%C3%A9%20noir/%E2%82%AC"),
    ("https://example.com./a", "https://example.com/a"),
    ("https://bücher.example/a", "https://xn--bcher-kva.example/a"),
    ("http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"),
    ("  https://example.com/a  ", "https://example.com/a"),
    ("mailto:desk@example.com#x", "mailto:desk@example.com"),
])
def test_canonical_forms(url: str, canonical: str) -> None:
    assert canonicalize_url(url) == canonical


def test_spellings_of_one_article_share_a_key() -> None:
    spellings = [
        "https://News.example.com/world/2025/01/01/talks-resume/",
        "https://news.example.com:443/world/2025/01/01/talks-resume?utm_source=twitter#comments",
        "https://news.example.com/world/2025/01/01/./talks-resume?fbclid=IwAR0",
    ]
    assert len({canonicalize_url(url) for url in spellings}) == 1


def test_meaningful_parameters_are_kept() -> None:
    assert canonicalize_url("https://example.com/article?id=42&page=2") == "https://example.com/article?id=42&page=2"
    assert canonicalize_url("https://example.com/a?id=1") != canonicalize_url("https://example.com/a?id=2")


_PIECES = st.sampled_from([*"aZ09/?#&=%._-~:@![]+ ;,\u00e9\u20ac\t", "%7e", "%2F", "%41", "..", "./", "utm_x=1",
                            "fbclid=2", "%zz"])


@given(st.sampled_from(["http://", "https://", "HTTP://", "", "mailto:", "ftp://"]),
       st.sampled_from(["Example.com", "example.com:80", "[::1]:8080", "a.b.", "h\u00fcb.de", "u:p@h.com", ""]),
       st.lists(_PIECES, max_size=15).map("".join))
def test_idempotent_and_never_raises(scheme: str, host: str, rest: str) -> None:
    once = canonicalize_url(scheme + host + rest)
    assert canonicalize_url(once) == once
