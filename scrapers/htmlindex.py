"""Elements of a parsed page found by words in their class or id, without a CSS query per question.

lexbor answers ``[class*="date"]`` by testing every element of the page against every
selector of the group, so the extractor's few substring searches (date bars, weather
widgets, bylines, article-text wrappers, theme markers) cost milliseconds a page between
them. Reading each class and id once into one string per attribute lets ``str.find`` find
the same elements, in document order, in microseconds; the read itself is one pass in C
(``scrapers.lextree``), made at most once per page (lazily), and selectolax nodes are
made only for the elements a caller asks for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.lextree import Joined, PageIndex, element_index, find_values, nodes_at, present

# Elements with a class or id are indexed, plus these tags, which the date finder and the headline look at by name.
_TAGGED = ("h1", "time", "abbr")
# lexbor's (static) ids of those tags: comparing ints spares reading every element's name.
_TAG_IDS = {name: LexborHTMLParser(f"<{name}></{name}>").css_first(name).tag_id  # type: ignore[union-attr]
            for name in _TAGGED}
_INDEXED_TAGS = frozenset(_TAG_IDS.values())


class ClassIndex:
    """The page's elements that have a class or id (and ``h1``/``time``/``abbr``), in document order.

    It reflects the page as parsed. Elements removed afterwards must be detached
    (``decompose(recursive=False)``), not freed, so that the nodes held here stay valid;
    readers of a changed tree check that a node is still attached where it matters.
    """

    __slots__ = ("_articles", "_bodies", "_classes", "_dated", "_hidden", "_ids", "_mains", "_mems", "_nodes", "_page", "_tagged", "_tree")

    def __init__(self, tree: LexborHTMLParser) -> None:
        self._tree = tree
        self._nodes: list[LexborNode] | None = None
        self._tagged: list[tuple[int, int]] = []  # (position, lexbor tag id) of the elements indexed for their tag
        self._mems: list[int] = []
        self._hidden: frozenset[int] = frozenset()
        self._articles: list[int] = []
        self._bodies: list[int] = []
        self._mains: list[int] = []
        self._dated: list[int] = []
        self._page: PageIndex | None = None
        self._classes: _Column | None = None
        self._ids: _Column | None = None

    @property
    def nodes(self) -> list[LexborNode]:
        """The indexed elements as selectolax nodes (made on first use: most questions need only positions)."""
        if self._nodes is None:
            self._nodes = nodes_at(self._tree, self.mems)
        return self._nodes

    @property
    def mems(self) -> list[int]:
        """The ``mem_id`` of every indexed element, in document order."""
        if self._classes is None:
            self._build()
        return self._mems

    def node_of(self, mem: int) -> LexborNode:
        """The selectolax node of an element of this page by ``mem_id``."""
        return nodes_at(self._tree, [mem])[0]

    @property
    def hidden(self) -> frozenset[int]:
        """``mem_id``s of the elements hidden by attribute (``hidden``, ``aria-hidden="true"``, an inline
        ``display: none`` or ``visibility: hidden``)."""
        if self._classes is None:
            self._build()
        return self._hidden

    @property
    def articles(self) -> list[int]:
        """``mem_id``s of the ``<article>`` elements, in document order."""
        if self._classes is None:
            self._build()
        return self._articles

    @property
    def article_bodies(self) -> list[int]:
        """``mem_id``s of the ``itemprop="articleBody"`` elements, in document order."""
        if self._classes is None:
            self._build()
        return self._bodies

    @property
    def page(self) -> PageIndex:
        """Everything the index pass read (``<meta>`` rows and JSON-LD texts included)."""
        if self._classes is None:
            self._build()
        return self._page  # type: ignore[return-value]

    @property
    def dated(self) -> list[int]:
        """``mem_id``s of the elements whose ``itemprop`` is datePublished, dateModified or dateCreated (in any
        letter case), in document order."""
        if self._classes is None:
            self._build()
        return self._dated

    @property
    def mains(self) -> list[int]:
        """``mem_id``s of the ``<main>`` and ``role="main"`` elements, in document order."""
        if self._classes is None:
            self._build()
        return self._mains

    def _build(self) -> None:
        found = self._page = element_index(self._tree, _INDEXED_TAGS)
        self._mems, self._tagged, self._articles, self._bodies, self._mains, self._dated = (
            found.mems, found.tagged, found.articles, found.article_bodies, found.mains, found.dated)
        self._hidden = frozenset(found.hidden)
        self._classes, self._ids = _Column(found.classes), _Column(found.ids)

    @property
    def built(self) -> bool:
        """Whether the index has been read already (a query of it costs microseconds, its first one a pass)."""
        return self._classes is not None

    def tagged(self, names: frozenset[str]) -> list[int]:
        """Indexes of the ``h1``, ``time`` or ``abbr`` elements (the tags indexed by name) among ``names``."""
        if self._classes is None:
            self._build()
        wanted = {_TAG_IDS[name] for name in names}
        return [i for i, tag in self._tagged if tag in wanted]

    def positions(self, classes: Iterable[str] = (), ids: Iterable[str] = (), *, fold: bool = False) -> list[int]:
        """Indexes (into ``nodes``, ascending) of elements whose class contains one of ``classes`` or whose id
        contains one of ``ids``: ``classes=("weather",)`` is ``[class*="weather"]``. ``fold`` is the CSS ``i``
        flag (ASCII case-insensitive; give the words in lower case).
        """
        if self._classes is None:
            self._build()
        class_words, id_words = tuple(classes), tuple(ids)
        if not id_words:
            return self._classes.find(class_words, fold)  # type: ignore[union-attr]
        if not class_words:
            return self._ids.find(id_words, fold)  # type: ignore[union-attr]
        return sorted({*self._classes.find(class_words, fold), *self._ids.find(id_words, fold)})  # type: ignore[union-attr]

    def select(self, classes: Iterable[str] = (), ids: Iterable[str] = (), *, fold: bool = False) -> list[LexborNode]:
        """The elements of :meth:`positions`, in document order."""
        positions = self.positions(classes, ids, fold=fold)
        if self._nodes is not None:
            return [self._nodes[i] for i in positions]
        return nodes_at(self._tree, [self._mems[i] for i in positions])

    def may_match(self, selector: str) -> bool:
        """False when ``selector`` certainly matches nothing: it names a class or id (``.x``, ``#x``,
        ``[class*="x"]`` ...) that no element's class or id contains, in any letter case. True when it
        may match, or when its form is beyond this test (groups, functional pseudo-classes, escapes)."""
        markers = _markers(selector)
        if markers is None:
            return True
        if self._classes is None:
            self._build()
        return all(self._has(kind, word) for kind, word in markers)

    def _has(self, kind: str, word: str) -> bool:
        """Whether some class (id) contains ``word``, or some itemprop (rel) value is ``word``."""
        if kind == "class":
            return self._classes.contains(word)  # type: ignore[union-attr]
        if kind == "id":
            return self._ids.contains(word)  # type: ignore[union-attr]
        return word in (self._page.itemprops if kind == "itemprop" else self._page.rels)  # type: ignore[union-attr]

    def may_match_each(self, selectors: tuple[str, ...]) -> dict[str, bool]:
        """:meth:`may_match` of many selectors, their class and id words looked for in one pass per column."""
        markers, class_words, id_words = _marker_words(selectors)
        if self._classes is None:
            self._build()
        have = {"class": present(self._classes.folded, class_words),  # type: ignore[union-attr]
                "id": present(self._ids.folded, id_words),  # type: ignore[union-attr]
                "itemprop": self._page.itemprops, "rel": self._page.rels}  # type: ignore[union-attr]
        return {selector: found is None or all(word in have[kind] for kind, word in found)
                for selector, found in markers.items()}

    def class_of(self, position: int) -> str:
        """The class attribute of the element at ``position`` ("" without one)."""
        if self._classes is None:
            self._build()
        return self._classes.value(position)  # type: ignore[union-attr]


@lru_cache(maxsize=256)
def _marker_words(selectors: tuple[str, ...]) -> tuple[dict[str, tuple[tuple[str, str], ...] | None],
                                                       tuple[str, ...], tuple[str, ...]]:
    """The class/id words of each selector (see ``_markers``), and all the class and all the id words."""
    markers = {selector: _markers(selector) for selector in selectors}
    words = {kind: tuple(sorted({word for found in markers.values() for k, word in found or () if k == kind}))
             for kind in ("class", "id")}
    return markers, words["class"], words["id"]


# Folding is ASCII-only, which keeps offsets (str.lower can lengthen "İ"), as CSS's ``i`` flag folds ASCII only.


class _Column:
    """One attribute of every indexed element, joined into one string: a substring search of it is one
    ``str.find`` per hit (a regex alternation would test every position of the string)."""

    __slots__ = ("_folded", "starts", "text")

    def __init__(self, joined: Joined) -> None:
        self.text, self.starts = joined  # each value starts at starts[i]; starts[-1] is one past the end
        self._folded: str | None = None

    def value(self, position: int) -> str:
        return self.text[self.starts[position]:self.starts[position + 1] - 1]

    @property
    def folded(self) -> str:
        if self._folded is None:
            text = self.text
            # bytes.lower folds ASCII letters only, in C (str.translate maps character by character)
            self._folded = text.lower() if text.isascii() else text.encode().lower().decode()
        return self._folded

    def contains(self, word: str) -> bool:
        """Whether some value contains ``word`` (lower case), in any letter case."""
        return word in self.folded

    def find(self, words: tuple[str, ...], fold: bool) -> list[int]:
        """The indexes (ascending) of the values containing one of ``words``."""
        if not words:
            return []
        return find_values(self.folded if fold else self.text, words)


_ATTRIBUTE = re.compile(r"""\[\s*([\w-]+)\s*(?:([~|^$*]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))\s*(?:[iIsS]\s*)?)?\]""")
_NAMED = re.compile(r"([#.])(-?[_a-zA-Z][\w-]*)")


@lru_cache(maxsize=4096)
def _markers(selector: str) -> tuple[tuple[str, str], ...] | None:
    """The class/id words (kind, lower-cased word) an element of the page must contain for ``selector``
    to match, and the itemprop/rel values (``[itemprop="x"]``, ``[rel="x"]``) one must have; None when
    there are none or the selector's form is not understood here."""
    if any(ch in selector for ch in ",()\\"):
        return None  # a group, :not()/:is()/:nth-child() or an escape: no word is certainly required
    markers: list[tuple[str, str]] = []

    def attribute(match: re.Match[str]) -> str:
        name, operator = match.group(1).lower(), match.group(2)
        value = match.group(3) or match.group(4) or match.group(5)
        # class and id: any operator implies the word is in the value; itemprop and rel: "=" only (whole values)
        if value and ((operator and name in ("class", "id")) or (operator == "=" and name in ("itemprop", "rel"))):
            markers.append((name, value.lower()))
        return " "

    rest = _ATTRIBUTE.sub(attribute, selector)
    if "[" in rest or "]" in rest or '"' in rest or "'" in rest:
        return None
    markers += [("id" if kind == "#" else "class", word.lower()) for kind, word in _NAMED.findall(rest)]
    return tuple(markers) or None
