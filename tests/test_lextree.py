"""The reads of lexbor's tree (scrapers.lextree) give the answers selectolax's own API gives.

The extractor trusts these answers instead of CSS queries and node-by-node reads, so each
is checked against the query or read it replaces, on every saved page of the corpus, with
each of the two implementations (the compiled module and the pure-Python fallback); and the
records extracted with each are compared whole.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers import lextree
from scrapers.extract.body import SKIP_TAGS
from scrapers.htmlindex import ClassIndex

pytestmark = pytest.mark.usefixtures("each_backend")  # every test once with each implementation (conftest)

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _corpus_pages(shared_dir: Path) -> list[bytes]:
    files = sorted((shared_dir / "corpus" / "aeb-dev" / "html").glob("*.html.gz"))[:40]
    files += sorted((shared_dir / "corpus" / "dates-dev" / "html").glob("*.html.gz"))[:40]
    return [gzip.decompress(f.read_bytes()) for f in files]


@pytest.fixture(scope="module")
def pages(shared_dir: Path) -> list[bytes]:
    return _corpus_pages(shared_dir)


def _hidden_by_query(tree: LexborHTMLParser) -> set[int]:
    hidden = set()
    for node in tree.css("[hidden], [aria-hidden], [style]"):
        attrs = node.attributes
        style = attrs.get("style")
        if "hidden" in attrs or attrs.get("aria-hidden") == "true" or (style and _HIDDEN_STYLE.search(style)):
            hidden.add(node.mem_id)
    return hidden


def _unique(nodes: list[LexborNode]) -> list[LexborNode]:
    """A group query's answer once per element (lexbor lists an element once per selector it matches)."""
    return list({n.mem_id: n for n in nodes}.values())


def test_index_answers_like_selectolax_queries_on_corpus_pages(pages: list[bytes]) -> None:
    for html in pages:
        tree = LexborHTMLParser(html)
        index = ClassIndex(tree)
        named = _unique(tree.css("[class], [id], h1, time, abbr"))
        assert index.mems == [n.mem_id for n in named]
        assert [index.class_of(i) for i in range(len(named))] == [n.attrs.get("class") or "" for n in named]
        assert set(index.hidden) == _hidden_by_query(tree)
        assert index.articles == [n.mem_id for n in tree.css("article")]
        assert index.article_bodies == [n.mem_id for n in tree.css('[itemprop="articleBody"]')]
        assert index.mains == [n.mem_id for n in _unique(tree.css('main, [role="main"]'))]
        assert [n.mem_id for n in index.select(("content",))] == [
            n.mem_id for n in tree.css('[class*="content"]')]


def test_class_values_with_invalid_utf8_keep_their_positions() -> None:
    """Bytes the parser passes through undecoded must not shift where later values are found."""
    tree = LexborHTMLParser(b'<div class="caf\xe9 a"></div><p class="\xc3\xa9t\xc3\xa9"></p><span class="weather"></span>')
    index = ClassIndex(tree)
    weather = index.select(("weather",))
    assert [n.tag for n in weather] == ["span"]
    assert index.class_of(1) == "été"


def test_text_length_is_the_text_without_never_text_elements(pages: list[bytes]) -> None:
    stripped = ", ".join(t for t in SKIP_TAGS if not t.startswith("-"))
    for html in pages[:20]:
        tree = LexborHTMLParser(html)
        root = tree.body
        assert root is not None
        expected_limit = lextree.text_length(root, 100)
        for node in root.css(stripped):
            node.decompose(recursive=False)
        total = len(root.text())
        assert lextree.text_length(root) == total
        assert expected_limit == min(total, 101)


def test_ancestors_and_outermost_follow_the_tree() -> None:
    tree = LexborHTMLParser("<body><div id=a><section id=b><p id=c>x</p></section></div><aside id=d><p id=e>y</p>"
                            "</aside></body>")
    root = tree.body
    assert root is not None

    def mem(ident: str) -> int:
        node = tree.css_first(f"#{ident}")
        assert isinstance(node, LexborNode)
        return node.mem_id

    detached = tree.css_first("#e")
    assert detached is not None
    detached.decompose(recursive=False)
    attached, chain = lextree.ancestors([mem("c"), detached.mem_id], root)
    assert attached == [mem("c")]
    assert chain == {mem("c"), mem("b"), mem("a"), root.mem_id}
    assert lextree.outermost([mem("c"), mem("a"), mem("d"), detached.mem_id], root) == [mem("a"), mem("d")]
    assert [n.tag for n in lextree.node_table(root).nodes([mem("b"), mem("d")])] == ["section", "aside"]
    with pytest.raises(KeyError):
        lextree.node_table(root).nodes([detached.mem_id])


@given(st.one_of(st.binary(max_size=64), st.text(max_size=32).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_is_utf8_agrees_with_python_decoding(data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert not lextree.is_utf8(data)
    else:
        assert lextree.is_utf8(data)


@given(st.one_of(st.binary(max_size=100), st.binary(min_size=200, max_size=1500)), st.integers(0, 255))
def test_count_byte_agrees_with_bytes_count(data: bytes, byte: int) -> None:
    """Short data and data of several of the compiled count's blocks (240 bytes, each tallied in one byte)."""
    assert lextree.count_byte(data, byte) == data.count(bytes([byte]))


@pytest.mark.parametrize("size", [239, 240, 241, 255, 256, 481, 5000])
def test_count_byte_of_data_that_is_all_that_byte(size: int) -> None:
    """A block holding nothing but the byte counts every one of them (no tally wraps around)."""
    assert lextree.count_byte(b"<" * size, ord("<")) == size
    assert lextree.count_byte(b"<" * size + b"x", ord("x")) == 1


def test_walk_marks_exactly_the_short_blocks_holding_cue_words(pages: list[bytes]) -> None:
    """The walk's cue bits stand in for Python's own `any(word in text.lower())` tests in assemble."""
    from scrapers.extract import body

    limit = body.CUE_CHARS
    checked = 0
    for html in pages[:30]:
        tree = LexborHTMLParser(html)
        assert tree.body is not None
        for block in body.walk_blocks(tree.body).blocks:
            low = block.text.lower()
            short = len(block.text) <= limit
            assert bool(block.cues & body._CREDIT_CUE) == (short and any(c in low for c in body.CREDIT_CUES))
            assert bool(block.cues & body._PROMO_CUE) == (short and any(c in low for c in body.PROMO_CUES))
            assert bool(block.cues & body._CONSENT_CUE) == (short and any(c in low for c in body.CONSENT_CUES))
            checked += short
    assert checked > 500


@given(st.text(max_size=200), st.lists(st.text(max_size=6), max_size=20))
def test_present_finds_the_words_a_text_holds(text: str, words: list[str]) -> None:
    assert lextree.present(text, tuple(words)) == {w for w in words if w in text}


def test_may_match_each_agrees_with_may_match(pages: list[bytes]) -> None:
    selectors = ["div.td-theme-wrap", "[class*='tdb_single_']", "#tickerWeather", ".jeg_viewport", "article p",
                 ".entry-content", "#main", "[id*='comment' i]", "div, p", ".story-body:not(.x)"]
    for html in pages[:20]:
        index = ClassIndex(LexborHTMLParser(html))
        assert index.may_match_each(tuple(selectors)) == {s: index.may_match(s) for s in selectors}


def test_may_match_is_never_wrong_about_a_match(pages: list[bytes]) -> None:
    """A selector may_match rules out (by class, id, itemprop or rel) matches nothing on the page."""
    selectors = ['[itemprop="author"] [itemprop="name"]', '[rel="author"]', '[itemprop="datePublished"]',
                 ".byline a", '[class*="author-name"] a', "#content", "a[rel='nofollow']", "[itemprop=headline]"]
    ruled_out = 0
    for html in pages:
        tree = LexborHTMLParser(html)
        index = ClassIndex(tree)
        for selector in selectors:
            if not index.may_match(selector):
                ruled_out += 1
                assert tree.css_first(selector) is None, selector
    assert ruled_out > 100


# up to 40 values: long stretches between two hits, whose separators are counted eight bytes at a time
@given(st.lists(st.text(alphabet="abcé -_", max_size=8), min_size=1, max_size=40), st.lists(st.text(alphabet="abcé-", max_size=3),
                                                                              max_size=5))
def test_find_values_finds_the_values_holding_a_word(values: list[str], words: list[str]) -> None:
    expected = [i for i, value in enumerate(values) if any(word in value for word in words)]
    assert lextree.find_values("\x00".join(values), tuple(words)) == expected


# From four words on, the compiled module looks for all of them in one pass over the text (up to 64, else one search
# per word): words of one and two bytes, non-ASCII ones, words ending the text, a word inside another.
@given(st.lists(st.text(alphabet="abcé -_", max_size=12), min_size=1, max_size=30),
       st.lists(st.text(alphabet="abcé-", min_size=1, max_size=4), min_size=4, max_size=70))
def test_find_values_with_many_words_finds_the_values_holding_one(values: list[str], words: list[str]) -> None:
    expected = [i for i, value in enumerate(values) if any(word in value for word in words)]
    assert lextree.find_values("\x00".join(values), tuple(words)) == expected


def test_find_values_reads_a_page_class_column_like_one_search_per_word(pages: list[bytes]) -> None:
    words = ("weather", "wetter", "meteo", "forecast", "content", "body", "Body", "text", "date", "time", "byline")
    for html in pages[:20]:
        column = ClassIndex(LexborHTMLParser(html)).page.classes.text
        assert lextree.find_values(column, words) == sorted({i for word in words for i in lextree.find_values(column, (word,))})


# One pass finds each of up to 64 words: words of one and two bytes, non-ASCII ones, a word inside another, a word
# twice in a value, words ending the text.
@given(st.lists(st.text(alphabet="abcé -_", max_size=12), min_size=1, max_size=30),
       st.lists(st.text(alphabet="abcé-", min_size=1, max_size=4), min_size=1, max_size=64))
def test_word_hits_finds_the_values_holding_each_word(values: list[str], words: list[str]) -> None:
    expected = [[i for i, value in enumerate(values) if word in value] or () for word in words]
    assert lextree.word_hits("\x00".join(values), tuple(words)) == expected


@pytest.mark.parametrize("words", [("a", ""), tuple(f"w{i}" for i in range(65))])
def test_word_hits_refuses_what_one_pass_cannot_look_for(words: tuple[str, ...]) -> None:
    with pytest.raises(ValueError):
        lextree.word_hits("a\x00b", words)


def test_class_index_answers_watched_words_as_a_search_per_question(pages: list[bytes]) -> None:
    """A page read after its words were asked of others (found by one pass over its columns for all of them) gives
    the answers of a search per question: classes and ids, as written and in any letter case, words found and not."""
    questions = [(("weather", "wetter", "forecast"), ("weather", "tiempo"), True), (("byl", "aut", "writer"), (), True),
                 (("dat",), (), False), ((), ("date", "Date"), False), (("content", "body", "Body", "text"), (), False),
                 (("title", "headline"), (), True), (("zz-none",), ("zz-none",), True)]
    for html in pages[:20]:
        for _ in range(2):  # the first reading watches the words, the second finds them by the pass
            index = ClassIndex(LexborHTMLParser(html))
            classes, ids = index.page.classes.text, index.page.ids.text
            for class_words, id_words, fold in questions:
                def search(text: str, words: tuple[str, ...], fold: bool = fold) -> set[int]:
                    folded = text.encode().lower().decode() if fold else text  # (ASCII letters, as CSS's i flag)
                    return set(lextree.find_values(folded, words)) if words else set()

                expected = sorted(search(classes, class_words) | search(ids, id_words))
                assert index.positions(class_words, id_words, fold=fold) == expected


def test_tagged_below_equals_a_tag_query(pages: list[bytes]) -> None:
    for html in pages[:30]:
        tree = LexborHTMLParser(html)
        for tag in ("time", "h1", "p"):
            tag_id = tree.create_node(tag).tag_id
            for node in tree.css("header, article, div")[:20]:
                assert [n.mem_id for n in lextree.tagged_below(node, tag_id)] == [n.mem_id for n in node.css(tag)]


def test_text_nodes_reads_what_traverse_yields(pages: list[bytes]) -> None:
    for html in pages[:30]:
        tree = LexborHTMLParser(html)
        body = tree.body
        assert body is not None
        h1 = tree.create_node("h1").tag_id
        for limit in (50, 20_000):
            expected: list[tuple[str | None, int]] = []
            for count, node in enumerate(body.traverse(include_text=True)):
                if count > limit:
                    break
                if node.tag == "h1":
                    expected.append((None, 0))
                elif node.tag == "-text" and node.text_content and not node.text_content.isspace():
                    assert node.parent is not None
                    expected.append((node.text_content, node.parent.mem_id))
            assert lextree.text_nodes(body, h1, limit) == expected


def test_deeply_nested_pages_are_read_without_recursion() -> None:
    """Every read walks the tree iteratively: 20,000 nested elements are as good as two."""
    depth = 20_000
    tree = LexborHTMLParser("<html><body>" + '<div class="d">' * depth + "<p id=x>deep text</p>" + "</div>" * depth)
    root = tree.body
    assert root is not None
    index = ClassIndex(tree)
    assert len(index.mems) == depth + 1
    assert lextree.text_length(root) == len("deep text")
    assert lextree.text_nodes(root, lextree.tag_id("h1"), 10 * depth)[0][0] == "deep text"
    attached, chain = lextree.ancestors([index.mems[-1]], root)
    assert attached == index.mems[-1:] and len(chain) == depth + 2
    assert lextree.outermost(index.mems, root) == index.mems[:1]
    from scrapers.extract.body import walk_blocks

    assert [block.text for block in walk_blocks(root).blocks] == ["deep text"]


# Texts made of gazetteer words and the characters around them that decide a match: letters before or after
# (inside a word), capitals, apostrophes, stems running on, Arabic proclitics, CJK without spaces.
_GAZETTEER_PIECES = ["France", "france", "FRANCE", "US", "us", "because", "New Mexico", "Mexico", "Georgia",
                     "Россия", "России", "Украине", "Deutschland", "Niemcy", "Turkey", "turkey", "Iran's", "Iran\u2019s",
                     "وموسكو", "بالولايات المتحدة", "ובלבנון", "中国", "美国の", "미국은", "éus", "Kyiv", "NATO", "Putin",
                     "Xi Jinping", "\u212aenya", "Kenya", "İstanbul", " ", " ", ", ", ". ", "-", "x", "é", "1", "\n"]


@settings(deadline=None)  # (the first example of each language builds its automaton)
@given(st.lists(st.sampled_from(_GAZETTEER_PIECES), max_size=30), st.sampled_from([None, "en", "de", "ru", "ar", "zh", "ko"]))
def test_term_hits_of_the_compiled_module_are_the_pure_python_ones(pieces: list[str], language: str | None) -> None:
    from scrapers import _lexbor_py
    from scrapers.enrich import places

    text = "".join(pieces)
    lang = (language or "")[:2].lower() or None
    gazetteer = places._gazetteer("", lang if lang is None or lang in places._languages("") else "")
    folded = places._fold(text)
    encoded = folded.encode("utf-8", "surrogatepass")
    matches = gazetteer.matcher.find_matches_as_indexes(encoded)
    found = lextree.term_hits(text, folded, encoded, matches, gazetteer.terms, gazetteer.lengths, places._boundary_ok)
    assert found == _lexbor_py.term_hits(text, folded, encoded, matches, gazetteer.terms, gazetteer.lengths,
                                         places._boundary_ok)


def _walk_flags(tree: LexborHTMLParser, flags_of: Callable[[str, str], int], memo: dict[bytes, int]) -> list[int]:
    """The boiler depth of each block of the page's walk under ``flags_of`` and ``memo``."""
    from scrapers.extract import body

    assert tree.body is not None
    blocks = lextree.walk(tree.body, flags_of, memo, (), frozenset(), body.MAX_DEPTH, body._MAX_CAPTION,
                          body.LINK_WEIGHT, body.BLOCK_COST, body.INNER_FURNITURE)[0]
    return [block.boiler_depth for block in blocks]


def test_walk_asks_element_flags_once_per_pair_and_only_of_its_own_memo() -> None:
    """The walk remembers flags_of's answer per (class, id) pair, an id's digits left out, in the dict it is
    given: a pair met again (on this page or a later one) is not asked again, a walk given another dict (and
    another flags_of) never sees the first one's answers, and a cleared dict is asked afresh."""
    from scrapers.extract.vocabulary import F_FURNITURE

    tree = LexborHTMLParser('<body><div class="share">Share this</div><div class="share">Share</div>'
                            '<div id="post-1" class="text">The text.</div><div id="post-22" class="text">More.</div>'
                            '<p id="note-7">A note.</p></body>')
    asked: list[tuple[str, str]] = []

    def furniture(cls: str, ident: str) -> int:
        asked.append((cls, ident))
        return F_FURNITURE if cls == "share" else 0

    memo: dict[bytes, int] = {}
    assert _walk_flags(tree, furniture, memo) == [1, 1, -1, -1, -1]
    assert asked == [("share", ""), ("text", "post-1"), ("", "note-7")]
    assert memo == {b"share\0": F_FURNITURE, b"text\0post-": 0, b"\0note-": 0}
    asked.clear()
    assert _walk_flags(tree, furniture, memo) == [1, 1, -1, -1, -1]
    assert asked == []
    other: dict[bytes, int] = {}
    assert _walk_flags(tree, lambda cls, ident: 0, other) == [-1] * 5
    assert len(other) == 3
    assert _walk_flags(tree, furniture, memo) == [1, 1, -1, -1, -1]
    assert asked == []
    memo.clear()
    assert _walk_flags(tree, furniture, memo) == [1, 1, -1, -1, -1]
    assert len(asked) == 3
