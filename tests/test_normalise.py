"""Normalising tidies a record's text the same way whether or not the text was tidy already: the shortcut that
returns an extractor's (already clean) body untouched must never keep whitespace the full pass would change."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapers.models import Article
from scrapers.normalise import clean_text, is_clean, normalise, tidy

# Every character str.isspace knows, the zero-width space, and a few letters to put between them.
_SPACES = "".join(chr(c) for c in range(0x110000) if chr(c).isspace()) + "\u200b"
_PIECES = st.lists(st.sampled_from([*_SPACES, "a", "é", "中", "\r\n", "\n\n"]), max_size=24).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_PIECES)
def test_a_text_called_clean_is_one_the_full_pass_leaves_unchanged(text: str) -> None:
    if is_clean(text):
        assert tidy(text) == text
    assert clean_text(text) == tidy(text)


@pytest.mark.parametrize("text", [
    "First paragraph.\n\nSecond one, with a line\nbreak.",
    "Einleitung.\n\nZweiter Absatz über Straßen.",
    "国务院总理李强周二在北京会见了外国代表团。\n\n双方交换了意见。",
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
])
def test_untidy_text_is_tidied(text: str, expected: str) -> None:
    assert not is_clean(text)
    assert clean_text(text) == expected


def test_normalise_tidies_an_untidy_body_and_keeps_a_tidy_one() -> None:
    body = "By line.\n\nThe story goes on here."
    tidied = normalise(Article(url="u", body=f" {body.replace(' ', '  ')}\n\n\n"), fetched_url="https://example.com/a")
    kept = normalise(Article(url="u", body=body), fetched_url="https://example.com/a")
    assert tidied.body == kept.body == body
