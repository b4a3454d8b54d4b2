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
from types import ModuleType
from typing import Any, NamedTuple, Protocol, TypeVar

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers import _lexbor_py

__all__ = ["MODE", "Joined", "MetaRow", "NodeTable", "PageIndex", "ancestors", "count_byte", "element_index",
           "find_values", "is_utf8", "node_table", "outermost", "present", "tag_id", "tagged_below", "text_length",
           "text_nodes", "use_backend", "use_tags", "walk"]

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


_EMPTY = PageIndex([], [], Joined("", array("q", [0])), Joined("", array("q", [0])), [], [], [], [], [], [], [], None,
                   None, set(), set(), _lexbor_py.NodeTable())
_TAGS = tuple(tag_id(name) for name in ("article", "main", "meta", "script", "title", "link"))


class _OldC:
    """The C module of before, read by address (the Cython port replaces it)."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        module.use_node_type(LexborNode)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.module, name)

    def index(self, root: LexborNode, *args: Any) -> tuple[Any, ...]:
        found = self.module.index(root.mem_id, *args)
        listed = [*found[0], *(mem for column in found[4:9] for mem in column)]
        return (*found, _OldTable(root.parser, listed))

    def node_table(self, root: LexborNode) -> _OldTable:
        return _OldTable(root.parser, [node.mem_id for node in root.traverse() if node.is_element_node])

    def walk(self, root: LexborNode, *args: Any) -> Any:
        return self.module.walk(root.mem_id, *args)

    def text_length(self, node: LexborNode, limit: int) -> int:
        return int(self.module.text_length(node.mem_id, limit))

    def ancestors(self, mems: list[int], root: LexborNode) -> Any:
        return self.module.ancestors(mems, root.mem_id)

    def outermost(self, mems: list[int], root: LexborNode) -> Any:
        return self.module.outermost(self.module.ancestors(mems, root.mem_id)[0])

    def tagged_below(self, node: LexborNode, tag: int) -> list[LexborNode]:
        return self.module.nodes(node.parser, self.module.tagged_below(node.mem_id, tag))  # type: ignore[no-any-return]

    def text_nodes(self, root: LexborNode, mark: int, max_nodes: int) -> Any:
        return self.module.text_nodes(root.mem_id, mark, max_nodes)


class _OldTable:
    def __init__(self, parser: LexborHTMLParser, mems: list[int]) -> None:
        self.parser, self.mems = parser, set(mems)

    def nodes(self, mems: Iterable[int]) -> list[LexborNode]:
        mems = list(mems)
        unknown = [mem for mem in mems if mem not in self.mems]
        if unknown:
            raise KeyError(unknown[0])
        return _OLD_C.module.nodes(self.parser, mems)  # type: ignore[no-any-return]

    def __contains__(self, mem: object) -> bool:
        return mem in self.mems


def _load_compiled() -> tuple[Any, str]:
    """The compiled module if it is built and passes the probe, else the reason it is not used."""
    try:
        from scrapers import _lexbor
    except ImportError as exc:
        return None, f"the compiled module is not built ({exc})"
    return _OldC(_lexbor), ""


_OLD_C, _WHY_NOT = (None, "GEOWIRE_PURE_PYTHON is set") if os.environ.get("GEOWIRE_PURE_PYTHON", "") not in ("", "0") \
    else _load_compiled()
_BACKENDS: dict[str, Any] = {"python": _lexbor_py}
if _OLD_C is not None:
    _BACKENDS["compiled"] = _OLD_C
_impl: Any = _OLD_C or _lexbor_py
MODE = "compiled" if _OLD_C is not None else f"pure Python: {_WHY_NOT}"
_tags: tuple[Any, ...] | None = None  # what use_tags was told, for a backend switched to later


def use_backend(name: str) -> None:
    """Answer with ``"compiled"`` or ``"python"`` from now on (the tests compare the two; KeyError when the
    compiled module is not in use)."""
    global _impl
    _impl = _BACKENDS[name]
    if _tags is not None:
        _impl.use_tags(*_tags)


def element_index(tree: LexborHTMLParser, tag_ids: frozenset[int]) -> PageIndex:
    """One pass over the page's elements: those with a class or id (or one of ``tag_ids``, lexbor tag ids),
    the hidden, article, main and dated elements, the ``<meta>`` tags, JSON-LD, title and canonical link (see
    :class:`PageIndex`)."""
    root = tree.root
    if root is None:
        return _EMPTY
    (mems, tagged, classes, ids, hidden, articles, bodies, mains, dated, metas, scripts, title, canonical, itemprops,
     rels, elements) = _impl.index(root, tag_ids, *_TAGS)
    return PageIndex(mems, tagged, _joined(*classes), _joined(*ids), hidden, articles, bodies, mains, dated,
                     [MetaRow(*row) for row in metas], scripts, title, canonical, itemprops, rels, elements)


def node_table(root: LexborNode) -> NodeTable:
    """The nodes of ``root`` and every element below it, by ``mem_id`` (for ids other reads gave, such as
    :func:`text_nodes`' parents): one pass over the subtree."""
    return _impl.node_table(root)  # type: ignore[no-any-return]


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
    global _tags
    words = tuple(tuple(dict.fromkeys(form.encode() for word in group for form in _case_forms(word))) for group in cues)
    _tags = (table, f_hidden, f_caption, f_furniture, block_type, words, cue_limit)
    _impl.use_tags(*_tags)


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
    return _impl.walk(root, flags_of, memo, hidden, content, max_depth, max_caption,  # type: ignore[no-any-return]
                      link_weight, block_cost, inner_share)


def text_length(node: LexborNode, limit: int = -1) -> int:
    """``len(node.text())`` without never-text elements (those :func:`use_tags` marks to skip: scripts,
    styles, forms' controls ...), and without making the string; counting stops past ``limit`` (if >= 0)."""
    return int(_impl.text_length(node, limit))


def ancestors(mems: list[int], root: LexborNode) -> tuple[list[int], set[int]]:
    """The elements of ``mems`` that are (still) inside ``root``, and the ``mem_id``s of them and all
    their ancestors up to ``root``."""
    return _impl.ancestors(mems, root)  # type: ignore[no-any-return]


def outermost(mems: list[int], root: LexborNode) -> list[int]:
    """The elements of ``mems`` inside ``root`` that are not inside another of them, in their order."""
    return _impl.outermost(mems, root)  # type: ignore[no-any-return]


def tagged_below(node: LexborNode, tag_id: int) -> list[LexborNode]:
    """The descendants of ``node`` with lexbor tag id ``tag_id``, in document order (``node.css(tag)``
    without a selector engine: the first query of a page sets one up, which costs more than this walk)."""
    return _impl.tagged_below(node, tag_id)  # type: ignore[no-any-return]


def text_nodes(root: LexborNode, mark_tag: int, max_nodes: int) -> list[tuple[str | None, int]]:
    """The non-blank text of ``root``'s subtree in document order, as (text, parent ``mem_id``), with a
    (None, 0) where an element with tag id ``mark_tag`` opens; only the first ``max_nodes`` nodes, counted
    as ``root.traverse(include_text=True)`` yields them (so a reader of it can be replaced one for one)."""
    return _impl.text_nodes(root, mark_tag, max_nodes)  # type: ignore[no-any-return]


def is_utf8(data: bytes) -> bool:
    """Whether ``data.decode("utf-8")`` would succeed, found without making the str (a few times faster)."""
    return bool(_impl.is_utf8(data))


def count_byte(data: bytes, byte: int) -> int:
    """``data.count(bytes([byte]))``, a word at a time (several times faster on a page)."""
    return int(_impl.count_byte(data, byte))


def present(text: str, words: tuple[str, ...]) -> set[str]:
    """The ``words`` that occur in ``text`` (libc's substring search, several times ``str.find``'s speed)."""
    return _impl.present(text, words)  # type: ignore[no-any-return]


def find_values(text: str, words: tuple[str, ...]) -> list[int]:
    """The indexes (ascending) of the NUL-separated values of ``text`` that contain one of ``words``: each word
    found with libc's substring search, its hits placed by counting the separators in between."""
    return _impl.find_values(text, words)  # type: ignore[no-any-return]
