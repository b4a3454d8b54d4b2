"""Fast, read-only questions about a parsed page, answered in C over lexbor's tree.

The C module ``scrapers._lexbor`` declares the few lexbor structs it reads itself
(selectolax ships no lexbor headers). This module checks those declarations against
selectolax's own answers on a probe page when it is imported, and refuses to load
with a clear ``ImportError`` when a selectolax release lays its tree out differently:
a wrong guess must fail at start-up, never read garbage in the middle of a crawl.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Collection
from typing import Any, NamedTuple, TypeVar

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers import _lexbor

__all__ = ["PageIndex", "ancestors", "count_byte", "element_index", "find_values", "is_utf8", "nodes_at", "outermost",
           "present", "tag_id", "tagged_below", "text_length", "text_nodes", "use_tags", "walk"]

BlockT = TypeVar("BlockT", bound=tuple)  # type: ignore[type-arg]

_lexbor.use_node_type(LexborNode)
_MAKER = LexborHTMLParser("")


def tag_id(name: str) -> int:
    """lexbor's id of a tag name, as ``node.tag_id`` gives it (static for HTML's own tags)."""
    return _MAKER.create_node(name).tag_id


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


_EMPTY = PageIndex([], [], Joined("", array("q", [0])), Joined("", array("q", [0])), [], [], [], [], [], [], [], None,
                   None, set(), set())
_TAGS = tuple(tag_id(name) for name in ("article", "main", "meta", "script", "title", "link"))


def element_index(tree: LexborHTMLParser, tag_ids: frozenset[int]) -> PageIndex:
    """One pass over the page's elements: those with a class or id (or one of ``tag_ids``, lexbor tag ids),
    the hidden, article, main and dated elements, the ``<meta>`` tags, JSON-LD, title and canonical link (see
    :class:`PageIndex`)."""
    root = tree.root
    if root is None:
        return _EMPTY
    (mems, tagged, classes, ids, hidden, articles, bodies, mains, dated, metas, scripts, title, canonical, itemprops,
     rels) = _lexbor.index(root.mem_id, tag_ids, *_TAGS)
    return PageIndex(mems, tagged, _joined(*classes), _joined(*ids), hidden, articles, bodies, mains, dated,
                     [MetaRow(*row) for row in metas], scripts, title, canonical, itemprops, rels)


def nodes_at(tree: LexborHTMLParser, mems: list[int]) -> list[LexborNode]:
    """selectolax nodes for ``mem_id``s read from ``tree`` (by :func:`element_index` or a node's ``mem_id``).

    The addresses must belong to ``tree`` and their elements must not have been freed
    (detached is fine): each node keeps ``tree`` alive, as selectolax's own nodes do.
    """
    return _lexbor.nodes(tree, mems)


def _case_forms(word: str) -> tuple[str, ...]:
    """The forms of a cue word the C side compares (it folds ASCII letters only)."""
    return (word.lower(),) if word.isascii() else (word.lower(), word.upper())


def use_tags(table: dict[int, tuple[int, str]], f_hidden: int, f_caption: int, f_furniture: int,
             block_type: type[BlockT], cues: tuple[tuple[str, ...], ...], cue_limit: int) -> None:
    """Tell :func:`walk` what each tag is (lexbor tag id -> (bits of ``scrapers/_lexbor.c``, name)), which
    bits of ``flags_of``'s answers mean hidden, caption and furniture, the NamedTuple of seven fields
    (text, link_chars, tag, path, boiler_depth, caption, cues) its blocks are, and the cue word lists:
    a block of at most ``cue_limit`` characters gets bit ``1 << i`` in ``cues`` when it holds a word
    of list ``i``, in any letter case (the all-capitals form of a non-ASCII word included). body.py does
    this once, at import."""
    words = tuple(tuple(dict.fromkeys(form.encode() for word in group for form in _case_forms(word))) for group in cues)
    _lexbor.use_tags(table, f_hidden, f_caption, f_furniture, block_type, words, cue_limit)


def walk(root: LexborNode, flags_of: Callable[[str, str], int], memo: dict[bytes, int], hidden: Collection[int],
         content: Collection[int], max_depth: int, max_caption: int, link_weight: float, block_cost: float,
         inner_share: float) -> tuple[list[Any], dict[int, float], dict[int, int | None], dict[int | None, list[int]]]:
    """The body walk of ``scrapers.extract.body.walk_blocks``, run in C (documented there): its blocks
    (of the type given to :func:`use_tags`), the scores of the elements that hold them, the block
    element around each of those (None for the outermost), and the inverse: the elements inside each.

    ``flags_of(class, id)`` is asked once per distinct pair and remembered in ``memo`` (by raw bytes, the
    id's ASCII digits left out, so ``flags_of`` must ignore them; cleared past 65,536 entries); ``hidden``
    and ``content`` are ``mem_id``s.
    """
    return _lexbor.walk(root.mem_id, flags_of, memo, hidden, content, max_depth, max_caption, link_weight,
                        block_cost, inner_share)


def text_length(node: LexborNode, limit: int = -1) -> int:
    """``len(node.text())`` without never-text elements (those :func:`use_tags` marks to skip: scripts,
    styles, forms' controls ...), and without making the string; counting stops past ``limit`` (if >= 0)."""
    return _lexbor.text_length(node.mem_id, limit)


def ancestors(mems: list[int], root: LexborNode) -> tuple[list[int], set[int]]:
    """The elements of ``mems`` that are (still) inside ``root``, and the ``mem_id``s of them and all
    their ancestors up to ``root``."""
    return _lexbor.ancestors(mems, root.mem_id)


def tagged_below(node: LexborNode, tag_id: int) -> list[LexborNode]:
    """The descendants of ``node`` with lexbor tag id ``tag_id``, in document order (``node.css(tag)``
    without a selector engine: the first query of a page sets one up, which costs more than this walk)."""
    return _lexbor.nodes(node.parser, _lexbor.tagged_below(node.mem_id, tag_id))


def text_nodes(root: LexborNode, mark_tag: int, max_nodes: int) -> list[tuple[str | None, int]]:
    """The non-blank text of ``root``'s subtree in document order, as (text, parent ``mem_id``), with a
    (None, 0) where an element with tag id ``mark_tag`` opens; only the first ``max_nodes`` nodes, counted
    as ``root.traverse(include_text=True)`` yields them (so a reader of it can be replaced one for one)."""
    return _lexbor.text_nodes(root.mem_id, mark_tag, max_nodes)


def outermost(mems: list[int]) -> list[int]:
    """The elements of ``mems`` that are not inside another of them, in their order."""
    return _lexbor.outermost(mems)


def is_utf8(data: bytes) -> bool:
    """Whether ``data.decode("utf-8")`` would succeed, found without making the str (a few times faster)."""
    return bool(_lexbor.is_utf8(data))


def count_byte(data: bytes, byte: int) -> int:
    """``data.count(bytes([byte]))``, a word at a time (several times faster on a page)."""
    return int(_lexbor.count_byte(data, byte))


def present(text: str, words: tuple[str, ...]) -> set[str]:
    """The ``words`` that occur in ``text`` (libc's substring search, several times ``str.find``'s speed)."""
    return _lexbor.present(text, words)


def find_values(text: str, words: tuple[str, ...]) -> list[int]:
    """The indexes (ascending) of the NUL-separated values of ``text`` that contain one of ``words``: each word
    found with libc's substring search, its hits placed by counting the separators in between."""
    return _lexbor.find_values(text, words)


def _check_layout() -> None:
    """Compare the C module's reading of a probe page with selectolax's (see the module docstring)."""
    tree = LexborHTMLParser('<html><head><title>T</title><link rel=Canonical href="/c"></head>'
                            '<body><div class="probe-c" id="probe-i"><p>one</p><h1 hidden>two</h1></div>'
                            '<main role="main" aria-hidden="true" itemprop="articleBody" style="Display : NONE">'
                            '<section style="display:block" role="mainly" data-a-very-long-attribute-name="x">'
                            '</section><article itemprop="DatePublished"></article></main>'
                            '<meta property="og:x" content=" c " http-equiv="h"><meta name="n">'
                            '<script type="Application/LD+json">{"a": 1}</script><script>var x;</script></body></html>')
    div, h1, main, article = (tree.css_first(tag) for tag in ("div", "h1", "main", "article"))
    assert div is not None and h1 is not None and main is not None and article is not None
    expected = ([div.mem_id, h1.mem_id], [(1, h1.tag_id)], ["probe-c", ""], ["probe-i", ""],
                [h1.mem_id, main.mem_id], [article.mem_id], [main.mem_id], [main.mem_id], [article.mem_id])
    index = element_index(tree, frozenset({h1.tag_id}))
    found = (index.mems, index.tagged, index.classes.values(), index.ids.values(), *index[4:9])
    made = nodes_at(tree, [div.mem_id])[0]
    if (found != expected or index.metas != [MetaRow(" c ", "og:x", None, None, "h")] or index.jsonld != ['{"a": 1}']
            or (index.title, index.canonical) != ("T", "/c") or index.itemprops != {"articlebody", "datepublished"}
            or index.rels != {"canonical"}
            or made.mem_id != div.mem_id or made.tag != "div" or made.text() != "onetwo"):
        import selectolax

        raise ImportError(f"scrapers._lexbor cannot read selectolax {selectolax.__version__}'s tree "
                          f"(read {found!r}, expected {expected!r}): install a supported selectolax (see pyproject.toml)")


_check_layout()
