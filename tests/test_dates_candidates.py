"""The page's ClassIndex finds the byline candidates a CSS query of the same words would find, in the same order.

find_dates answers "which elements' class or id says date" from the index (built in C, searched with
``str.find``) rather than with a group of twelve ``[class*=... i]`` selectors, which lexbor tests
against every element of the page: the two must never disagree.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from scrapers.dates.evidence import _BYLINE_CLASS, _BYLINE_ID, _MACHINE_DATES, _byline_candidates
from scrapers.encoding import decode_html
from scrapers.htmlindex import ClassIndex

QUERY = ", ".join([_MACHINE_DATES, *(f'[class*="{w}" i]' for w in _BYLINE_CLASS), *(f'[id*="{w}" i]' for w in _BYLINE_ID)])

PAGE = """<html><head><meta name="date" content="2020-01-01"></head><body>
<header id="TOP"><span class="Today-DATE">Monday</span></header>
<article><h1 class="title">Headline</h1>
<div class="entry-META"><abbr class="published" title="2020-01-02T10:00:00Z">2 Jan</abbr>
<abbr class="x updated" title="2020-01-03">3 Jan</abbr><abbr class="publishedx" title="no">x</abbr></div>
<p id="PublishDate">2 January 2020</p><time datetime="2020-01-02">2 Jan</time><time>no datetime</time>
<span class="fecha">02.01.2020</span><div class="Byline"><span class="datum">2.1.2020</span></div>
<p class="">empty class</p><p class="body">text</p><h1>second</h1></article></body></html>"""


def _same_candidates(tree: LexborHTMLParser) -> None:
    indexed = [node.mem_id for node in _byline_candidates(tree, ClassIndex(tree), text_bylines=True)]
    queried = [node.mem_id for node in tree.css(QUERY)]  # lexbor lists an element once per selector it matches
    assert indexed == list(dict.fromkeys(queried))


def test_index_finds_what_the_query_finds() -> None:
    tree = LexborHTMLParser(PAGE)
    _same_candidates(tree)
    assert len(_byline_candidates(tree, ClassIndex(tree), text_bylines=True)) == 13


def test_index_finds_what_the_query_finds_on_dates_dev(shared_dir: Path) -> None:
    for path in sorted((shared_dir / "corpus" / "dates-dev" / "html").glob("*.gz")):
        _same_candidates(LexborHTMLParser(decode_html(gzip.decompress(path.read_bytes()), None)[0]))
