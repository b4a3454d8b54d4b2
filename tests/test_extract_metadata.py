"""Metadata fields: shortcuts taken for speed give the same answers as the general path."""

from __future__ import annotations

from urllib.parse import urljoin

from hypothesis import given
from hypothesis import strategies as st

from scrapers.extract.metadata import _PLAIN_ABSOLUTE, _absolute, _letters

BASES = st.sampled_from(["https://www.example.com/news/2023/11/09/story/", "http://example.org/a/b?x=1#top",
                         "https://example.com", "ftp://files.example.com/pub/"])


@given(url=st.from_regex(_PLAIN_ABSOLUTE, fullmatch=True), base=BASES)
def test_plain_absolute_urls_are_what_urljoin_returns(url: str, base: str) -> None:
    assert _absolute(url, base) == urljoin(base, url) == url


@given(url=st.text(alphabet="hts:/.?#;@[]% abcAB12", max_size=40), base=BASES)
def test_any_url_is_joined_like_urljoin(url: str, base: str) -> None:
    assert _absolute(url, base) == (urljoin(base, url) if url else None)


def test_relative_and_unusual_urls_are_joined() -> None:
    base = "https://www.example.com/news/2023/story/"
    assert _absolute("/img/a.jpg", base) == "https://www.example.com/img/a.jpg"
    assert _absolute("https://cdn.example.com/a.jpg?", base) == "https://cdn.example.com/a.jpg"
    assert _absolute("HTTPS://cdn.example.com/a.jpg#x", base) == urljoin(base, "HTTPS://cdn.example.com/a.jpg#x")
    assert _absolute("https://cdn.example.com/a.jpg", None) == "https://cdn.example.com/a.jpg"


@given(text=st.text())
def test_letters_keep_exactly_the_alphanumeric_characters(text: str) -> None:
    assert _letters(text) == "".join(ch for ch in text.casefold() if ch.isalnum())
