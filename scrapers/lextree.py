"""Fast, read-only questions about a parsed page, answered by one pass over lexbor's tree.

Two implementations answer them: the compiled module ``scrapers._lexbor``, and
``scrapers._lexbor_py`` on selectolax's public API (the same answers, several times slower).
The compiled one is used when it was built (it is optional: an install without a C compiler
still works) and passes a start-up probe that compares its answers with the pure-Python ones
on a probe page; ``GEOWIRE_PURE_PYTHON=1`` picks the pure-Python one. :data:`MODE` says which
one runs and why (``geowire extract --version`` prints it).

Every function takes selectolax nodes for the tree it reads. Elements are named in the answers
by ``mem_id`` (as selectolax's own nodes give it), an opaque id: no function reads the tree at
an id it is given, and :class:`NodeTable` hands out nodes only for the ids its own read listed.
"""

from __future__ import annotations

import logging
import os
from array import array
from collections.abc import Callable, Collection, Iterable
from functools import partial
from types import ModuleType, SimpleNamespace
from typing import Any, NamedTuple, Protocol, TypeVar

import numpy as np
from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers import _lexbor_py

__all__ = ["BACKEND", "MODE", "Joined", "MetaRow", "NodeTable", "PageIndex", "alpha_count", "ancestors", "count_byte",
           "element_index", "find_values", "fold_case", "is_clean", "is_utf8", "junk_count", "node_table", "outermost",
           "parallel_sentences", "present", "sentence_words", "skeleton_shingles", "tag_id", "tagged_below",
           "term_counts", "term_hits", "text_length", "text_nodes", "translate", "use_backend", "use_tags", "walk",
           "word_counts", "word_hits"]

BlockT = TypeVar("BlockT", bound=tuple)  # type: ignore[type-arg]
log = logging.getLogger(__name__)
_MAKER = LexborHTMLParser("")


def tag_id(name: str) -> int:
    """lexbor's id of a tag name, as ``node.tag_id`` gives it (static for HTML's own tags)."""
    return _MAKER.create_node(name).tag_id


class NodeTable(Protocol):
    """selectolax nodes by ``mem_id``, for the elements one read of the tree listed (KeyError for any other id)."""

    def nodes(self, mems: Iterable[int]) -> list[LexborNode]: ...

    def __contains__(self, mem: object) -> bool: ...


class Joined(NamedTuple):
    """Strings joined by NUL into one (the parser turns NUL in attribute values into U+FFFD, so none holds one)."""

    text: str
    starts: array[int]  # where each string starts in ``text``, and one past the end (len(text) + 1)

    def values(self) -> list[str]:
        starts = self.starts
        return [self.text[starts[i]:starts[i + 1] - 1] for i in range(len(starts) - 1)]


def _joined(text: str, starts: bytes) -> Joined:
    offsets = array("q")
    offsets.frombytes(starts)
    return Joined(text, offsets)


class MetaRow(NamedTuple):
    """The attributes of a ``<meta>`` that say what it is (None where absent)."""

    content: str
    property: str | None
    name: str | None
    itemprop: str | None
    http_equiv: str | None


class PageIndex(NamedTuple):
    """What one pass over a page's elements finds (``mem_id``s, document order)."""

    mems: list[int]  # the elements with a class or an id attribute, or one of the asked-for tags
    tagged: list[tuple[int, int]]  # (position in mems, lexbor tag id) of those indexed for their tag
    classes: Joined  # their class values ("" when absent)
    ids: Joined  # their id values ("" when absent)
    hidden: list[int]  # elements hidden by attribute: hidden, aria-hidden="true", display: none, visibility: hidden
    articles: list[int]  # <article> elements
    article_bodies: list[int]  # itemprop="articleBody" elements
    mains: list[int]  # <main> and role="main" elements
    dated: list[int]  # elements whose itemprop is datePublished, dateModified or dateCreated (any letter case)
    metas: list[MetaRow]  # every <meta> with a content attribute
    jsonld: list[str]  # the text of every <script type="application/ld+json">
    title: str | None  # the text of the first <title>
    canonical: str | None  # the href of the first <link rel="canonical"> (any letter case)
    itemprops: set[str]  # every itemprop value on the page, ASCII letters lower-cased
    rels: set[str]  # every rel value, likewise
    elements: NodeTable  # the nodes of every element listed above, by mem_id


# A MetaRow of a backend's row tuple without the Python frame of the generated ``MetaRow.__new__`` (a page has dozens).
_meta_row = partial(tuple.__new__, MetaRow)
_EMPTY = PageIndex([], [], Joined("", array("q", [0])), Joined("", array("q", [0])), [], [], [], [], [], [], [], None,
                   None, set(), set(), _lexbor_py.NodeTable())
_TAGS = tuple(tag_id(name) for name in ("article", "main", "meta", "script", "title", "link"))


def _text_answers(backend: ModuleType) -> list[object]:
    """The text kernels' answers on a probe text (a few words, a number, CJK, stops and breaks)."""
    text = "Ab cd 1,5 ef. 東京 gh, ij! Kl\nmn op? é"
    classes = (r"[\p{Han}]", r"\p{N}", r"[\p{L}\p{N}]", r"[.,]", r"[.!?]", r"\s", r"\n")
    ids = np.array([0, 7 << 60, 0, 9 << 58, 11 << 59, 0, 3 << 61, 5 << 57], dtype=np.uint64)
    return [backend.sentence_words(text, classes, frozenset({"ab", "gh"}), 80, 2),
            backend.term_counts(text, r"\p{L}", lambda word, _: (word[:2],) if len(word) > 2 else (word,), None, {},
                                {}),
            backend.translate("aé", {ord("a"): "a", ord("é"): "e"}), backend.fold_case("Ab’ ÉÄ Ω ǅ ᾈ K"),
            backend.fold_case("ΟΔΟΣ İx"),
            backend.skeleton_shingles(ids, np.array([0, 0, 0, 0, 0, 1, 1, 1], dtype=np.int32),
                                      np.array([3, 5, 7], dtype=np.uint64), 2)]


def _probe(compiled: ModuleType) -> str | None:
    """What the compiled module answers differently from the pure-Python one on a probe page (None: nothing)."""
    tree = LexborHTMLParser('<html><head><title>T</title><link rel=Canonical href="/c"></head>'
                            '<body><div class="probe-c" id="probe-i"><p>one <b>caf\u00e9</b></p><h1 hidden>two</h1></div>'
                            '<main role="main" aria-hidden="true" itemprop="articleBody" style="Display : NONE">'
                            '<section style="display:block" role="mainly" data-a-very-long-attribute-name="x">'
                            '<svg viewBox="0 0 1 1"><a xlink:href="#x">s</a></svg></section>'
                            '<article itemprop="DatePublished"><h1>  </h1> three </article></main>'
                            '<meta property="og:x" content=" c " http-equiv="h"><meta name="n">'
                            '<script type="Application/LD+json">{"a": 1}</script><script>var x;</script></body></html>')
    root, body = tree.root, tree.body
    assert root is not None and body is not None
    h1 = tag_id("h1")
    # gazetteer matches: a name, an acronym inside a word and in another case, a name in another script
    text = "Iran, US uses us, Рим"
    kinds = [("IR", "Iran", False, True), ("US", "US", True, False), ("IT", "Рим", False, True)]
    terms = tuple((SimpleNamespace(target=t, written=w, stem=False, exact_case=e, capital=c),) for t, w, e, c in kinds)
    matches = [(0, 0, 4), (1, 6, 8), (1, 9, 11), (1, 14, 16), (2, 18, 24)]

    def answers(backend: ModuleType) -> list[object]:
        found = list(backend.index(root, frozenset({h1}), *_TAGS))
        table = found.pop()
        mems = [*found[0], *(mem for column in found[4:9] for mem in column)]
        nodes = [(n.mem_id, n.tag, n.parser is tree) for n in table.nodes(mems)]
        everything = backend.node_table(root)
        return [found, nodes, len(everything), [n.mem_id for n in everything.nodes([body.mem_id])],
                backend.text_nodes(body, h1, 100), backend.text_nodes(body, h1, 5),
                [n.mem_id for n in backend.tagged_below(root, h1)], backend.text_length(body, -1),
                backend.text_length(body, 3), backend.ancestors(found[0], body), backend.outermost(mems, root),
                backend.is_utf8(b"caf\xc3\xa9"), backend.is_utf8(b"\xed\xa0\x80"), backend.count_byte(b"a\0b\0", 0),
                backend.present("a\0bc", ("bc", "x", "")), backend.find_values("ab\0c\0abc", ("b", "c")),
                backend.find_values("xab\0c\0abc\0d", ("b", "c", "d", "zz")),
                backend.term_hits(text, text.lower(), text.lower().encode(), matches, terms, (4, 2, 3), _whole_word),
                *_text_answers(backend)]

    try:
        mine, theirs = answers(compiled), answers(_lexbor_py)
    except Exception as exc:  # any failure of the probe disqualifies the module
        return f"{type(exc).__name__}: {exc}"
    differ = [i for i, (a, b) in enumerate(zip(mine, theirs, strict=True)) if a != b]
    return f"answers {differ} differ from selectolax's API" if differ else None


def _whole_word(text: str, start: int, end: int, term: object) -> bool:
    """The probe's boundary test (the gazetteer's, for terms that are no stems, in a spaced script)."""
    return not (start and text[start - 1].isalnum()) and not (end < len(text) and text[end].isalnum())


def _load_compiled() -> tuple[ModuleType | None, str]:
    """The compiled module if it is built for this selectolax and passes the probe; else why it is not used."""
    try:
        from scrapers import _lexbor
    except ImportError as exc:
        return None, f"pure Python (the compiled module scrapers._lexbor is not built: {exc})"
    import selectolax

    problem: str | None
    if selectolax.__version__ != _lexbor.SELECTOLAX_VERSION:
        problem = (f"scrapers._lexbor was built for selectolax {_lexbor.SELECTOLAX_VERSION}, this is "
                   f"{selectolax.__version__}: rebuild it (make venv, or pip install -e .)")
    else:
        problem = _probe(_lexbor)
    if problem is not None:
        log.warning("reading pages in pure Python, several times slower: %s", problem)
        return None, f"pure Python ({problem})"
    return _lexbor, f"compiled (scrapers._lexbor, built for selectolax {_lexbor.SELECTOLAX_VERSION})"


_compiled, MODE = (None, "pure Python (GEOWIRE_PURE_PYTHON is set)") \
    if os.environ.get("GEOWIRE_PURE_PYTHON", "") not in ("", "0") else _load_compiled()
_BACKENDS: dict[str, ModuleType] = {"python": _lexbor_py} if _compiled is None \
    else {"compiled": _compiled, "python": _lexbor_py}
BACKEND = "python" if _compiled is None else "compiled"  # the implementation in use (MODE says why)


class _Active:
    """The implementation answering now, and what :func:`use_tags` told it (for one switched to later)."""

    impl: ModuleType = _compiled or _lexbor_py
    tags: tuple[Any, ...] | None = None


def use_backend(name: str) -> None:
    """Answer with ``"compiled"`` or ``"python"`` from now on (the tests compare the two; KeyError for the
    compiled module where it is not in use)."""
    _Active.impl = _BACKENDS[name]
    if _Active.tags is not None:
        _Active.impl.use_tags(*_Active.tags)


def element_index(tree: LexborHTMLParser, tag_ids: frozenset[int]) -> PageIndex:
    """One pass over the page's elements: those with a class or id (or one of ``tag_ids``, lexbor tag ids),
    the hidden, article, main and dated elements, the ``<meta>`` tags, JSON-LD, title and canonical link (see
    :class:`PageIndex`)."""
    root = tree.root
    if root is None:
        return _EMPTY
    (mems, tagged, classes, ids, hidden, articles, bodies, mains, dated, metas, scripts, title, canonical, itemprops,
     rels, elements) = _Active.impl.index(root, tag_ids, *_TAGS)
    return PageIndex(mems, tagged, _joined(*classes), _joined(*ids), hidden, articles, bodies, mains, dated,
                     list(map(_meta_row, metas)), scripts, title, canonical, itemprops, rels, elements)


def node_table(root: LexborNode) -> NodeTable:
    """The nodes of ``root`` and every element below it, by ``mem_id`` (for ids other reads gave, such as
    :func:`text_nodes`' parents): one pass over the subtree."""
    return _Active.impl.node_table(root)  # type: ignore[no-any-return]


def _case_forms(word: str) -> tuple[str, ...]:
    """The forms of a cue word the walk compares (it folds ASCII letters only)."""
    return (word.lower(),) if word.isascii() else (word.lower(), word.upper())


def use_tags(table: dict[int, tuple[int, str]], f_hidden: int, f_caption: int, f_furniture: int,
             block_type: type[BlockT], cues: tuple[tuple[str, ...], ...], cue_limit: int) -> None:
    """Tell :func:`walk` what each tag is (lexbor tag id below 512 -> (bits of ``scrapers._lexbor_py``'s
    ``T_*``, name)), which bits of ``flags_of``'s answers mean hidden, caption and furniture, the NamedTuple of
    seven fields (text, link_chars, tag, path, boiler_depth, caption, cues) its blocks are, and the cue word
    lists: a block of at most ``cue_limit`` characters gets bit ``1 << i`` in ``cues`` when it holds a word
    of list ``i``, in any letter case (the all-capitals form of a non-ASCII word included). body.py does
    this once, at import."""
    words = tuple(tuple(dict.fromkeys(form.encode() for word in group for form in _case_forms(word))) for group in cues)
    _Active.tags = (table, f_hidden, f_caption, f_furniture, block_type, words, cue_limit)
    _Active.impl.use_tags(*_Active.tags)


def walk(root: LexborNode, flags_of: Callable[[str, str], int], memo: dict[bytes, int], hidden: Collection[int],
         content: Collection[int], max_depth: int, max_caption: int, link_weight: float, block_cost: float,
         inner_share: float) -> tuple[list[Any], dict[int, float], dict[int, int | None], dict[int | None, list[int]]]:
    """The body walk of ``scrapers.extract.body.walk_blocks`` (documented there): its blocks (of the type
    given to :func:`use_tags`), the scores of the elements that hold them, the block element around each of
    those (None for the outermost), and the inverse: the elements inside each.

    ``flags_of(class, id)`` is asked once per distinct pair and remembered in ``memo`` (by the pair's bytes,
    the id's ASCII digits left out, so ``flags_of`` must ignore them; cleared past 65,536 entries); ``hidden``
    and ``content`` are ``mem_id``s.
    """
    return _Active.impl.walk(root, flags_of, memo, hidden, content, max_depth, max_caption,  # type: ignore[no-any-return]
                      link_weight, block_cost, inner_share)


def text_length(node: LexborNode, limit: int = -1) -> int:
    """``len(node.text())`` without never-text elements (those :func:`use_tags` marks to skip: scripts,
    styles, forms' controls ...), and without making the string; counting stops past ``limit`` (if >= 0)."""
    return int(_Active.impl.text_length(node, limit))


def ancestors(mems: list[int], root: LexborNode) -> tuple[list[int], set[int]]:
    """The elements of ``mems`` that are (still) inside ``root``, and the ``mem_id``s of them and all
    their ancestors up to ``root``."""
    return _Active.impl.ancestors(mems, root)  # type: ignore[no-any-return]


def outermost(mems: list[int], root: LexborNode) -> list[int]:
    """The elements of ``mems`` inside ``root`` that are not inside another of them, in their order."""
    return _Active.impl.outermost(mems, root)  # type: ignore[no-any-return]


def tagged_below(node: LexborNode, tag_id: int) -> list[LexborNode]:
    """The descendants of ``node`` with lexbor tag id ``tag_id``, in document order (``node.css(tag)``
    without a selector engine: the first query of a page sets one up, which costs more than this walk)."""
    return _Active.impl.tagged_below(node, tag_id)  # type: ignore[no-any-return]


def text_nodes(root: LexborNode, mark_tag: int, max_nodes: int) -> list[tuple[str | None, int]]:
    """The non-blank text of ``root``'s subtree in document order, as (text, parent ``mem_id``), with a
    (None, 0) where an element with tag id ``mark_tag`` opens; only the first ``max_nodes`` nodes, counted
    as ``root.traverse(include_text=True)`` yields them (so a reader of it can be replaced one for one)."""
    return _Active.impl.text_nodes(root, mark_tag, max_nodes)  # type: ignore[no-any-return]


def is_utf8(data: bytes) -> bool:
    """Whether ``data.decode("utf-8")`` would succeed, found without making the str (a few times faster)."""
    return bool(_Active.impl.is_utf8(data))


def count_byte(data: bytes, byte: int) -> int:
    """``data.count(bytes([byte]))``, sixteen bytes at a time (several times faster on a page: 4 against 24 µs)."""
    return int(_Active.impl.count_byte(data, byte))


def present(text: str, words: tuple[str, ...]) -> set[str]:
    """The ``words`` that occur in ``text`` (libc's substring search, several times ``str.find``'s speed)."""
    return _Active.impl.present(text, words)  # type: ignore[no-any-return]


def find_values(text: str, words: tuple[str, ...]) -> list[int]:
    """The indexes (ascending) of the NUL-separated values of ``text`` that contain one of ``words``: each word
    found with libc's substring search, its hits placed by counting the separators in between."""
    return _Active.impl.find_values(text, words)  # type: ignore[no-any-return]


def word_hits(text: str, words: tuple[str, ...]) -> list[list[int] | tuple[()]]:
    """For each of ``words`` (at most 64, none empty: ValueError), the indexes (ascending) of the NUL-separated values
    of ``text`` that contain it (an empty tuple where none does: no list is made for the many words a page lacks):
    :func:`find_values` of each word alone, all found in one pass over the text."""
    return _Active.impl.word_hits(text, words)  # type: ignore[no-any-return]


def term_hits(text: str, folded: str, encoded: bytes, matches: list[tuple[int, int, int]],
              terms: tuple[tuple[Any, ...], ...], lengths: tuple[int, ...], boundary_ok: Callable[..., bool]) -> list[Any]:
    """The gazetteer terms of ``scrapers.enrich.places`` that the automaton's raw ``matches`` (pattern, byte start,
    byte end) over ``encoded`` (the folded ``text``, ``folded``, in UTF-8) stand for, in order: not inside a word,
    on word boundaries (``boundary_ok(text, start, end, term)``, which the compiled module asks only for matches
    that do not start on an ASCII character), one per target at a place, and in the term's letter case (exactly
    as written, or with a capital first letter where it has one). ``terms[i]`` and ``lengths[i]``: pattern
    ``i``'s terms (with ``target``, ``written``, ``stem``, ``exact_case`` and ``capital``) and length in characters."""
    return _Active.impl.term_hits(text, folded, encoded, matches, terms, lengths, boundary_ok)  # type: ignore[no-any-return]


# ---- text kernels: similarity and search index ----


def sentence_words(text: str, classes: tuple[str, ...], kept: frozenset[str], max_sentences: int, min_words: int
                   ) -> tuple[bytes, bytes, bytes, bytes, bytes, dict[str, tuple[int, int]], set[str], int]:
    """The word loop of ``scrapers.similarity.fingerprint``: ``text`` read sentence by sentence, each word coded
    (``scrapers._lexbor_py.sentence_words`` says how, and what comes back). ``classes``: seven character-class
    patterns (``regex`` syntax) of the grammar: a character of a script without spaces (a word by itself), a
    digit, a word character, what joins a number's digits, a stop (ends a sentence before a character of the
    next class, or the end), what may follow it, a break (ends a sentence)."""
    return _Active.impl.sentence_words(text, classes, kept, max_sentences, min_words)  # type: ignore[no-any-return]


def term_counts(text: str, word_class: str, terms_of: Callable[[str, Any], tuple[str, ...]], language: Any,
                known: dict[str, tuple[str, ...]], changed: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """How often each index term occurs in ``text`` (its runs of the character class ``word_class``, each mapped
    to its terms by ``terms_of(word, language)``, remembered in ``known``: a dict the caller keeps per
    language, a lookup by the word alone being several times cheaper than a call); the words whose terms are
    not the word itself go into ``changed``, with their terms."""
    return _Active.impl.term_counts(text, word_class, terms_of, language, known,  # type: ignore[no-any-return]
                                    changed)


def fold_case(text: str) -> str:
    """``text.lower().replace("\u2019", "'")`` (the gazetteer's folding), several times faster on text that is mostly
    ASCII: ``str.lower`` looks every character up in the Unicode tables once the text holds a non-ASCII one."""
    return _Active.impl.fold_case(text)  # type: ignore[no-any-return]


def translate(text: str, table: Any) -> str:
    """``text.translate(table)`` for a ``table`` that maps every code point to a str and every ASCII character to
    itself (such as a dict that makes missing entries), several times faster on text that is mostly ASCII:
    ``str.translate`` reads every character through the table once it has met a non-ASCII one."""
    return _Active.impl.translate(text, table)  # type: ignore[no-any-return]


def skeleton_shingles(ids: np.ndarray, sentence_of: np.ndarray, multipliers: np.ndarray, min_kept: int) -> bytes:
    """The hash (uint64 bytes, in text order) of each window of ``len(multipliers)`` tokens of one sentence
    (``sentence_of``: int32 per token) with at least ``min_kept`` non-zero ``ids`` (uint64 per token): the
    high half of the sum of its ids times ``multipliers`` (uint64, modulo 2**64)."""
    return _Active.impl.skeleton_shingles(ids, sentence_of, multipliers, min_kept)  # type: ignore[no-any-return]


def parallel_sentences(a: Any, b: Any, parallel_dice: float, same_story: float
                       ) -> tuple[float, float, tuple[int, int, int, int] | None] | None:
    """The measures ``scrapers.similarity.compare`` rounds, of two ``scrapers.similarity.Sketch``\\ es: None when
    they share no word; else (similarity, literal, the counts of facts found or None) unrounded
    (``scrapers._lexbor_py.parallel_sentences`` says how)."""
    return _Active.impl.parallel_sentences(a, b, parallel_dice, same_story)  # type: ignore[no-any-return]


# ---- h-speed: record-side text kernels ----


def junk_count(data: bytes) -> int:
    """How many bytes of ``data`` are control characters (0x00-0x08, 0x0E-0x1F, 0x7F), plus how many U+FFFD it
    holds (in UTF-8): what binary junk served as HTML is made of. One pass, no copy (a page's 8 KB sample:
    about 1 against 11 µs)."""
    return int(_Active.impl.junk_count(data))


def is_clean(text: str) -> bool:
    """Whether ``scrapers.normalise.clean_text`` would return ``text`` unchanged: no whitespace but spaces and
    line breaks (nor U+200B), no space doubled or beside a line break, no three line breaks in a row, no
    whitespace at either end. One pass (an extractor's body: several times faster than the pure-Python tests)."""
    return bool(_Active.impl.is_clean(text))


def alpha_count(text: str) -> int:
    """``sum(map(str.isalpha, text))``, without a Python call a character (3,000 characters: a few against 100 µs)."""
    return int(_Active.impl.alpha_count(text))


def word_counts(text: str, wanted: frozenset[str]) -> tuple[int, dict[str, int]]:
    """How many words ``re.findall(r"[^\\W\\d_]+", text)`` finds, and how often each of those in ``wanted`` occurs (a
    dict of the ones that do): one pass, a str made only for a word no longer than the longest wanted one."""
    return _Active.impl.word_counts(text, wanted)  # type: ignore[no-any-return]
