"""Normalising tidies a record's text the same way whether or not the text was tidy already: the shortcut that
returns an extractor's (already clean) body untouched must never keep whitespace the full pass would change, and
the compiled test of tidiness answers as the pure-Python one does. Likewise the junk test of a fetched document."""

from __future__ import annotations

import pytest
from backends import both, needs_compiled
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapers import lextree
from scrapers.extract import extract_article
from scrapers.lextree import is_clean
from scrapers.models import Article
from scrapers.normalise import clean_text, normalise, tidy

# Every character str.isspace knows, the zero-width space, and a few letters to put between them.
_SPACES = "".join(chr(c) for c in range(0x110000) if chr(c).isspace()) + "\u200b"
_PIECES = st.lists(st.sampled_from([*_SPACES, "a", "é", "中", "𝐁", "\r\n", "\n\n"]), max_size=24).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_PIECES)
def test_a_text_called_clean_is_one_the_full_pass_leaves_unchanged(text: str) -> None:
    if is_clean(text):
        assert tidy(text) == text
    assert clean_text(text) == tidy(text)


@needs_compiled
@settings(max_examples=3000, deadline=None)
@given(_PIECES)
def test_compiled_and_pure_python_tidiness_tests_agree(text: str) -> None:
    compiled, python = both(lambda implementation: implementation.is_clean(text))
    assert compiled == python


@pytest.mark.parametrize("text", [
    "First paragraph.\n\nSecond one, with a line\nbreak.",
    "Einleitung.\n\nZweiter Absatz über Straßen.",
    "国务院总理李强周二在北京会见了外国代表团。\n\n双方交换了意见。",
    "Emoji 🎉 and 𝐁old in a line.\n\nΟ πρωθυπουργός μίλησε.",
    "",
])
def test_clean_bodies_are_kept_as_they_are(text: str) -> None:
    assert is_clean(text)
    assert clean_text(text) is text


@pytest.mark.parametrize(("text", "expected"), [
    ("  Lead\t paragraph.  \n\n\n\nNext\u00a0one.\r\n", "Lead paragraph.\n\nNext one."),
    ("Zeile eins \nZeile\u2003zwei", "Zeile eins\nZeile zwei"),
    ("一\u3000二\n \n\n三", "一 二\n\n三"),
    ("word\u200bword", "word word"),
    ("🎉\u2028", "🎉"),
])
def test_untidy_text_is_tidied(text: str, expected: str) -> None:
    assert not is_clean(text)
    assert clean_text(text) == expected


def test_normalise_tidies_an_untidy_body_and_keeps_a_tidy_one() -> None:
    body = "By line.\n\nThe story goes on here."
    tidied = normalise(Article(url="u", body=f" {body.replace(' ', '  ')}\n\n\n"), fetched_url="https://example.com/a")
    kept = normalise(Article(url="u", body=body), fetched_url="https://example.com/a")
    assert tidied.body == kept.body == body


# --- the junk test of a fetched document (scrapers.extract.unusable) ---

_BYTES = st.lists(st.sampled_from([b"a", b"<p>", b"\x00", b"\x08", b"\t", b"\n", b"\r", b"\x0e", b"\x1f", b"\x7f",
                                   b"\xef\xbf\xbd", b"\xef", b"\xbf", b"\xbd", b"\xc3\xa9", b"\xef\xbf"]),
                  max_size=40).map(b"".join)


@needs_compiled
@settings(max_examples=3000, deadline=None)
@given(_BYTES)
def test_compiled_and_pure_python_junk_counts_agree(data: bytes) -> None:
    compiled, python = both(lambda implementation: implementation.junk_count(data))
    assert compiled == python


@pytest.mark.parametrize(("data", "junk"), [
    (b"<html><body><p>Caf\xc3\xa9 news\r\n\tand more</p></body></html>", 0),
    (b"\x00\x01 \x1f\x7f", 4),
    ("a \ufffd b \ufffd\ufffd".encode(), 3),
    (b"\xef\xbf", 0),
])
def test_junk_is_control_characters_and_replacement_marks(data: bytes, junk: int) -> None:
    assert lextree.junk_count(data) == junk


def test_binary_junk_is_refused_and_a_page_with_a_few_odd_bytes_is_read() -> None:
    junk = bytes(range(256)) * 40
    assert extract_article(junk, "https://example.com/a").extra == {"error": "binary content served as HTML"}
    page = ("<html><head><title>Storm hits the coast</title></head><body><article><h1>Storm hits the coast</h1>"
            + "<p>The storm reached the coast on Monday night, and the town's harbour was closed.\x00</p>" * 6
            + "</article></body></html>").encode()
    article = extract_article(page, "https://example.com/news/storm")
    assert article.reason is None and "harbour was closed" in article.body
