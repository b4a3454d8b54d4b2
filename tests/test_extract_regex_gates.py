"""Cheap gates in front of regex searches answer as the searches alone.

A search that cannot match is skipped by a substring or reversed-text test (the extractor tries these
patterns on every title, script and stamp line of a page); these properties check, over texts built
from the characters that matter (digits of other scripts, newlines, the marks the gates test), that the
gated code gives what the plain search would.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scrapers import bywords
from scrapers.dates import evidence
from scrapers.extract import bylines, headline
from scrapers.htmlindex import ClassIndex
from scrapers.htmlmeta import _CDATA, _CDATA_MARKS, _loads_tolerant

# Characters the patterns turn on: ASCII and other scripts' digits ("٣", "５"), a superscript that is no
# decimal digit, white space of several kinds, the ellipsis and its dots, the CDATA marks' characters.
_ALPHABET = "ab 1٣５²\n\t\u3000.…/<![CDATA]>{}\":,"
texts = st.text(alphabet=_ALPHABET, max_size=40)
_LAST_DIGIT = re.compile(r".*\d", re.DOTALL)


@settings(max_examples=400)
@given(texts)
def test_text_after_the_last_digit_is_what_a_greedy_search_leaves(text: str) -> None:
    digits = _LAST_DIGIT.search(text)
    after = text if digits is None else text[digits.end():]
    want = text if digits is None else ("" if evidence.labels.label_after(after) else after)
    assert evidence._after_last_date(text) == want


@settings(max_examples=400)
@given(texts)
def test_an_ellipsis_is_found_only_where_the_search_finds_it(text: str) -> None:
    found, want = headline._ellipsis(text), headline._ELLIPSIS.search(text)
    assert (found and found.span()) == (want and want.span())


def test_titles_cut_short_give_way_to_the_whole_title() -> None:
    whole = "Regierung einigt sich nach langer Nacht auf den Haushalt | Site"
    for cut in ("Regierung einigt sich nach langer Nacht auf den…", "Regierung einigt sich nach langer Nacht ...\n"):
        assert headline._untruncated([cut, whole]) == [whole]
    assert headline._untruncated(["Warten auf…", "Ein anderer Titel"]) == ["Warten auf…", "Ein anderer Titel"]


@settings(max_examples=400)
@given(texts)
def test_the_cdata_substitution_changes_no_text_without_a_cdata_mark(text: str) -> None:
    if not any(mark in text for mark in _CDATA_MARKS):  # the texts _loads_tolerant does not substitute
        assert _CDATA.sub("", text) == text


def test_json_wrapped_in_cdata_is_read() -> None:
    assert _loads_tolerant('//<![CDATA[\n{"@type": "NewsArticle"}\n//]]>') == {"@type": "NewsArticle"}
    assert _loads_tolerant('{"@type": "NewsArticle",}') == {"@type": "NewsArticle"}



# Pieces of byline lines: by-words and genres of several languages, in any case, names, separators, and the
# characters that match ASCII letters or others' cases under re.IGNORECASE ("ſ", "ı", "İ", the Kelvin sign, the
# Cyrillic rounded "т", the Greek kappa symbol).
_BY_PIECES = (*(w.replace("-", " ") for w in bywords._BY_WORDS.split()), *bywords._GENRES.split(),
              *bywords._ARTICLES.split(), *bywords.INTERVIEWS.split(), "Jane Doe", "de Gaulle", "De", "記者 张三",
              "新华社记者", " ", "  ", "\n", ":", "：", "—", "-", "·", ".", "1", "Ä", "ſ", "ı", "İ", "\u212a",
              "\u1c85", "\u03f0", "“")


@settings(max_examples=1500)
@given(st.lists(st.sampled_from(_BY_PIECES), max_size=6), st.lists(st.sampled_from(["lower", "upper", "title", "keep"]),
                                                                  min_size=6, max_size=6))
def test_by_prefix_matches_as_the_whole_pattern(pieces: list[str], cases: list[str]) -> None:
    text = "".join(piece if case == "keep" else getattr(piece, case)()
                   for piece, case in zip(pieces, cases, strict=False))  # (a case for each of up to six pieces)
    for variant in (text, text + " Jane Doe", " " + text):
        found, want = bywords.by_prefix(variant), bywords.BY_PREFIX.match(variant)
        assert (found and found.span()) == (want and want.span()), variant


def test_genre_openers_tried_by_first_letter_match_as_the_whole_pattern() -> None:
    """Every genre, alone, after each article, before a by-word or a colon, in three letter cases, with a name or a
    word that is no by-word after it: the genres tried for the text's first letter find what all of them do."""
    genres = bywords._GENRE_NAMES
    lines = [f"{article} {genre} {by}" for article in ("", *bywords._ARTICLES.split()) for genre in genres
             for by in ("von", "by", "de", "of", "about")]
    lines += [f"{genre}{colon}" for genre in genres for colon in (":", " :", "：", "")]
    for line in lines:
        for variant in (line, line.upper(), line.title()):
            for text in (f"{variant} Jane Doe", f" {variant}", variant):
                found, want = bywords.by_prefix(text), bywords.BY_PREFIX.match(text)
                assert (found and found.span()) == (want and want.span()), text


def test_no_opener_starts_with_a_character_that_matches_another_ascii_letter() -> None:
    """The soundness of trying an ASCII-initial text with only the openers its letter starts: a by-word opening
    with "ſ" (which re.IGNORECASE matches to "s") would be skipped for "Stefan"."""
    genre_words = (*bywords._ARTICLES.split(), *bywords._GENRES.split(), *bywords.INTERVIEWS.split())
    firsts = [(bywords._OPENERS[0][0], word[0]) for word in genre_words]
    firsts += [(letters, pattern[0]) for letters, pattern in bywords._OPENERS[3:]]  # the by-words' ("de" is ASCII)
    for letters, first in firsts:
        assert first in letters
        assert not any(re.fullmatch(re.escape(first), chr(c), re.IGNORECASE) for c in range(128)
                       if chr(c).lower() not in letters), first
    assert not any(re.match(bywords._CJK_REPORTER, chr(c), re.IGNORECASE) for c in range(128))


def test_byline_openers_are_found_in_any_case_and_script() -> None:
    for line, prefix in (("By Jane Doe", "By "), ("  WRITTEN BY Jane Doe", "  WRITTEN BY "), ("Von Anna Schmidt", "Von "),
                         ("Ein Kommentar von Anna Schmidt", "Ein Kommentar von "), ("Par Jean Dupont", "Par "),
                         ("de Ion Popescu", "de "), ("Текст: Иван Петров", "Текст: "), ("記者 山田太郎", "記者 "),
                         ("Bill Hoppe", None), ("De Gaulle", None), ("The minister", None)):
        found = bywords.by_prefix(line)
        assert (found and found.group()) == prefix, line


@settings(max_examples=600)
@given(st.text(alphabet="abZK_-1 \t\u00e9\u00c9\u212a\u0130\u00aa\u3000", max_size=14))
def test_class_words_are_the_split_words(token: str) -> None:
    assert bylines._words(token) == [w.lower() for w in bylines._WORD_SPLIT.split(token) if w]


def test_class_words_split_at_dashes_underscores_and_capitals() -> None:
    assert bylines._words("articleByline") == ["article", "byline"]
    assert bylines._words("author-name__link") == ["author", "name", "link"]
    assert bylines._words("byline") == ["byline"]
    assert bylines._words("") == []


@settings(max_examples=600)
@given(st.lists(st.sampled_from([*headline._LOGO_WORDS, "LOGO", "Brand", "MaSThead", "Site-Title", "ſite_title",
                                 "SİTENAME", "s\u0131te-name", "logos", " ", "-", "x"]), max_size=4))
def test_logo_names_are_gated_only_where_the_search_fails(pieces: list[str]) -> None:
    names = "".join(pieces)
    assert headline.may_hold(names, headline._LOGO_WORDS) or headline._LOGO.search(names) is None


# Class values made of byline words in any case, split and glued, with the letters whose lower case is ASCII
# (the Kelvin sign, "İ") or that ASCII folding leaves alone ("ſ", "ı", "É").
_BYLINE_PIECES = [*bylines.BYLINE_WORDS, "AUTHOR", "Byline", "WrİTER", "wrıter", "FİRMA", "Autor", "aut", "by", "ſ",
                  "\u212a", "\u0130", "É", " ", "-", "_", "x"]


@settings(max_examples=300)
@given(st.lists(st.lists(st.sampled_from(_BYLINE_PIECES), max_size=5).map("".join), min_size=1, max_size=12))
def test_the_class_index_finds_the_byline_classes_lower_case_finds(classes: list[str]) -> None:
    html = "".join(f'<div class="{value}">x</div>' for value in classes)
    index = ClassIndex(LexborHTMLParser(f"<html><body>{html}</body></html>"))
    scanned = index.positions(bylines._BYLINE_SCAN, fold=True)
    assert index.positions(bylines.BYLINE_WORDS, fold=True) == [
        p for p in scanned if bylines._has_byline_word(index.class_of(p))]
