"""A page that does not declare its language gets one from its text (stopwords, else the script), and the
letter and word census the guess reads answers the same in the compiled kernels, the pure-Python ones and the
plain definitions they stand for (``sum(map(str.isalpha, text))``, ``re.findall(r"[^\\W\\d_]+", text)``)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from backends import both, needs_compiled
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapers import lextree
from scrapers.extract import extract_article
from scrapers.extract.metadata import _ALL_STOPWORDS

# Letters, decimal digits, other numbers ("²", "½", "Ⅳ", "٣" is decimal), the underscore, a dotted capital that
# lowers to two characters, marks, spaces, CJK, a lone surrogate, and stopwords of several languages.
_PIECES = st.lists(st.sampled_from([
    "a", "É", "ß", "ı", "İ", "\u0301", "_", "1", "٣", "²", "½", "Ⅳ", " ", "\n", "-", "’", "東京", "한국어", "Ω", "\ud800",
    "the", "and", "der", "und", "le", "de", "yang", "dan", "il", "è", "ve", "o",
]), max_size=60).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_PIECES)
def test_the_census_is_the_definitions_it_stands_for(text: str) -> None:
    words = re.findall(r"[^\W\d_]+", text)
    assert lextree.alpha_count(text) == sum(map(str.isalpha, text))
    assert lextree.word_counts(text, _ALL_STOPWORDS) == (
        len(words), {word: n for word, n in Counter(words).items() if word in _ALL_STOPWORDS})


@needs_compiled
@settings(max_examples=2000, deadline=None)
@given(_PIECES, st.frozensets(st.sampled_from(["a", "de", "and", "東京", "ıi", "_"])))
def test_compiled_and_pure_python_census_agree(text: str, wanted: frozenset[str]) -> None:
    compiled, python = both(lambda implementation: (implementation.alpha_count(text),
                                                    implementation.word_counts(text, wanted)))
    assert compiled == python


_TEXTS = {
    "en": "The council said on Monday that it was ready to vote for the plan, and the mayor is expected to sign it "
          "at the end of the week. It has been in the works for two years, with the support of residents.",
    "de": "Der Rat hat am Montag erklärt, dass er bereit ist, für den Plan zu stimmen. Die Bürgermeisterin will ihn "
          "am Ende der Woche unterschreiben, und das ist nicht mit den Anwohnern abgestimmt, sagt eine Sprecherin.",
    "fr": "Le conseil a déclaré lundi qu'il était prêt à voter pour le plan, et le maire doit le signer à la fin de "
          "la semaine. Le projet est en cours depuis deux ans, avec le soutien des habitants qui ne sont pas contre.",
    "id": "Dewan kota mengatakan pada hari Senin bahwa mereka siap untuk memilih rencana itu, dan wali kota akan "
          "menandatanganinya pada akhir pekan ini. Rencana yang dibahas dengan warga itu juga tidak akan diubah.",
    "ru": "Городской совет заявил в понедельник, что готов голосовать за план, и мэр подпишет его в конце недели.",
}


@pytest.mark.parametrize("language", sorted(_TEXTS))
def test_an_undeclared_page_is_given_the_language_of_its_text(language: str) -> None:
    paragraphs = "".join(f"<p>{_TEXTS[language]}</p>" for _ in range(3))
    html = f"<html><head><title>Plan</title></head><body><article><h1>Plan</h1>{paragraphs}</article></body></html>"
    assert extract_article(html, "https://news.example/2024/05/plan").language == language
