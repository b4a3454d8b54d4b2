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

from scrapers.dates import evidence
from scrapers.extract import headline
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

