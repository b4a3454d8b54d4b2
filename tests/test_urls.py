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


@pytest.mark.parametrize(("spellings", "canonical"), [
    # a session id in every link: each run would find every article under a new key
    (["https://n.example/world/story;jsessionid=0A1B2C3D4E5F", "https://n.example/world/story;JSESSIONID=ffee00?",
      "https://n.example/world/story/;jsessionid=1"], "https://n.example/world/story"),
    (["https://n.example/read.php?id=7&PHPSESSID=9f86d081884c7d659a2feaa0c55ad015", "https://n.example/read.php?id=7",
      "https://n.example/read.php?jsessionid=AB12&id=7", "https://n.example/read.php?id=7&ASPSESSIONIDQACRQTBR=KLMN",
      "https://n.example/read.php?CFID=1234&CFTOKEN=5678&id=7"], "https://n.example/read.php?id=7"),
    # IDNA 2008 (what browsers and httpx send): ß and ς are letters of their own, not 'ss' and 'σ'
    (["https://faß.example/a", "https://FAß.example/a", "https://xn--fa-hia.example/a"], "https://xn--fa-hia.example/a"),
    (["https://ελληνικάς.example/a", "https://xn--hxargifdar2c.example/a"], "https://xn--hxargifdar2c.example/a"),
])
def test_one_key_for_the_spellings_of_a_page(spellings: list[str], canonical: str) -> None:
    assert {canonicalize_url(url) for url in spellings} == {canonical}


def test_different_pages_keep_different_keys() -> None:
    assert canonicalize_url("https://fass.example/a") != canonicalize_url("https://faß.example/a")
    assert canonicalize_url("https://n.example/a?sid=7") != canonicalize_url("https://n.example/a?sid=8")  # a story id
    assert canonicalize_url("https://n.example/a;v=2") == "https://n.example/a;v=2"  # other path parameters stay


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
