"""Elements of a parsed page found by words in their class or id, without a CSS query per question.

lexbor answers ``[class*="date"]`` by testing every element of the page against every
selector of the group, so the extractor's few substring searches (date bars, weather
widgets, bylines, article-text wrappers, theme markers) cost milliseconds a page between
them. Reading each class and id once into one string per attribute lets ``str.find`` find
the same elements, in document order, in microseconds; the read itself is one compiled pass
(``scrapers.lextree``), made at most once per page (lazily), and selectolax nodes are
made only for the elements a caller asks for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.lextree import Joined, PageIndex, element_index, find_values, present, tag_id, word_hits

# Elements with a class or id are indexed, plus these tags, which the date finder and the headline look at by name.
_TAGGED = ("h1", "time", "abbr")
# lexbor's (static) ids of those tags: comparing ints spares reading every element's name.
_TAG_IDS = {name: tag_id(name) for name in _TAGGED}
_INDEXED_TAGS = frozenset(_TAG_IDS.values())


class ClassIndex:
    """The page's elements that have a class or id (and ``h1``/``time``/``abbr``), in document order.

    It reflects the page as parsed. Elements removed afterwards must be detached
    (``decompose(recursive=False)``), not freed, so that the nodes held here stay valid;
    readers of a changed tree check that a node is still attached where it matters.
    """

    __slots__ = ("_nodes", "_read", "_tree")

    def __init__(self, tree: LexborHTMLParser) -> None:
        self._tree = tree
        self._nodes: list[LexborNode] | None = None
        self._read: tuple[PageIndex, _Column, _Column] | None = None  # the pass, its class and id columns

    def _index(self) -> tuple[PageIndex, _Column, _Column]:
        """The index pass and its class and id columns, read on first use."""
        read = self._read
        if read is None:
            page = element_index(self._tree, _INDEXED_TAGS)
            read = self._read = (page, _Column(page.classes, _WATCHED["class"]), _Column(page.ids, _WATCHED["id"]))
        return read

    @property
    def page(self) -> PageIndex:
        """Everything the index pass read: the elements below, ``<meta>`` rows, JSON-LD texts, title,
        canonical link, itemprop and rel values."""
        return self._index()[0]

    @property
    def nodes(self) -> list[LexborNode]:
        """The indexed elements as selectolax nodes (made on first use: most questions need only positions)."""
        if self._nodes is None:
            page = self._index()[0]
            self._nodes = page.elements.nodes(page.mems)
        return self._nodes

    @property
    def mems(self) -> list[int]:
        """The ``mem_id`` of every indexed element, in document order."""
        return self._index()[0].mems

    def node_of(self, mem: int) -> LexborNode:
        """The selectolax node of an element the index lists (any of its lists), by ``mem_id``."""
        return self._index()[0].elements.nodes((mem,))[0]

    def nodes_of(self, mems: Iterable[int]) -> list[LexborNode]:
        """The selectolax nodes of elements the index lists, by ``mem_id`` (KeyError for any other id)."""
        return self._index()[0].elements.nodes(mems)

    @property
    def hidden(self) -> list[int]:
        """``mem_id``s of the elements hidden by attribute (``hidden``, ``aria-hidden="true"``, an inline
        ``display: none`` or ``visibility: hidden``)."""
        return self._index()[0].hidden

    @property
    def articles(self) -> list[int]:
        """``mem_id``s of the ``<article>`` elements, in document order."""
        return self._index()[0].articles

    @property
    def article_bodies(self) -> list[int]:
        """``mem_id``s of the ``itemprop="articleBody"`` elements, in document order."""
        return self._index()[0].article_bodies

    @property
    def dated(self) -> list[int]:
        """``mem_id``s of the elements whose ``itemprop`` is datePublished, dateModified or dateCreated (in any
        letter case), in document order."""
        return self._index()[0].dated

    @property
    def mains(self) -> list[int]:
        """``mem_id``s of the ``<main>`` and ``role="main"`` elements, in document order."""
        return self._index()[0].mains

    @property
    def built(self) -> bool:
        """Whether the index has been read already (a query of it costs microseconds, its first one a pass)."""
        return self._read is not None

    def tagged(self, names: frozenset[str]) -> list[int]:
        """Indexes of the ``h1``, ``time`` or ``abbr`` elements (the tags indexed by name) among ``names``."""
        wanted = {_TAG_IDS[name] for name in names}
        return [i for i, tag in self._index()[0].tagged if tag in wanted]

    def positions(self, classes: Iterable[str] = (), ids: Iterable[str] = (), *, fold: bool = False) -> list[int]:
        """Indexes (into ``nodes``, ascending) of elements whose class contains one of ``classes`` or whose id
        contains one of ``ids``: ``classes=("weather",)`` is ``[class*="weather"]``. ``fold`` is the CSS ``i``
        flag (ASCII case-insensitive; give the words in lower case).
        """
        _, class_column, id_column = self._index()
        class_words, id_words = tuple(classes), tuple(ids)
        if not id_words:
            return class_column.find(class_words, fold)
        if not class_words:
            return id_column.find(id_words, fold)
        return sorted({*class_column.find(class_words, fold), *id_column.find(id_words, fold)})

    def select(self, classes: Iterable[str] = (), ids: Iterable[str] = (), *, fold: bool = False) -> list[LexborNode]:
        """The elements of :meth:`positions`, in document order."""
        positions = self.positions(classes, ids, fold=fold)
        if self._nodes is not None:
            return [self._nodes[i] for i in positions]
        page = self._index()[0]
        mems = page.mems
        return page.elements.nodes([mems[i] for i in positions])

    def may_match(self, selector: str) -> bool:
        """False when ``selector`` certainly matches nothing: it names a class or id (``.x``, ``#x``,
        ``[class*="x"]`` ...) that no element's class or id contains, in any letter case, or an itemprop or
        rel value (``[itemprop="x"]``) no element has. True when it may match, or when its form is beyond
        this test (groups, functional pseudo-classes, escapes)."""
        markers = _markers(selector)
        if markers is None:
            return True
        page, class_column, id_column = self._index()
        have: dict[str, Callable[[str], bool]] = {"class": class_column.contains, "id": id_column.contains,
                                                  "itemprop": page.itemprops.__contains__,
                                                  "rel": page.rels.__contains__}
        return all(have[kind](word) for kind, word in markers)

    def may_match_each(self, selectors: tuple[str, ...]) -> dict[str, bool]:
        """:meth:`may_match` of many selectors, their class and id words looked for in one search per column."""
        markers, class_words, id_words = _marker_words(selectors)
        page, class_column, id_column = self._index()
        have = {"class": class_column.present(class_words), "id": id_column.present(id_words),
                "itemprop": page.itemprops, "rel": page.rels}
        answers = dict.fromkeys(markers, True)
        for selector, found in markers.items():  # (a loop: a generator per selector cost more than its tests)
            for kind, word in found or ():
                if word not in have[kind]:
                    answers[selector] = False
                    break
        return answers

    def class_of(self, position: int) -> str:
        """The class attribute of the element at ``position`` ("" without one)."""
        return self._index()[1].value(position)


@lru_cache(maxsize=256)
def _marker_words(selectors: tuple[str, ...]) -> tuple[dict[str, tuple[tuple[str, str], ...] | None],
                                                       tuple[str, ...], tuple[str, ...]]:
    """The class/id words of each selector (see ``_markers``), and all the class and all the id words."""
    markers = {selector: _markers(selector) for selector in selectors}
    words = {kind: tuple(sorted({word for found in markers.values() for k, word in found or () if k == kind}))
             for kind in ("class", "id")}
    return markers, words["class"], words["id"]


# Folding is ASCII-only, which keeps offsets (str.lower can lengthen "İ"), as CSS's ``i`` flag folds ASCII only.


# The words asked of each column, as written and in lower case for folded questions: every page's values are read
# for all of them in one pass over the column, on its first question of them. A site asks the same few dozen words
# of every page (date bars, weather widgets, bylines, theme markers); one pass finds them all for about the cost
# of one search, where each question was a search of its own. Words come in as they are first asked (that page's
# question is answered by a search of its own), up to the 64 words a pass looks for.
_WATCHED: dict[str, tuple[dict[str, None], dict[str, None]]] = {"class": ({}, {}), "id": ({}, {})}
_WATCHED_WORDS = 64


class _Column:
    """One attribute of every indexed element, joined into one string: a substring search of it is one
    ``str.find`` per hit (a regex alternation would test every position of the string)."""

    __slots__ = ("_folded", "_hits", "_watched", "starts", "text")

    def __init__(self, joined: Joined, watched: tuple[dict[str, None], dict[str, None]]) -> None:
        self.text, self.starts = joined  # each value starts at starts[i]; starts[-1] is one past the end
        self._folded: str | None = None
        self._watched = watched  # the words asked of this column, as written and folded
        self._hits: list[dict[str, list[int] | tuple[()]] | None] = [None, None]  # each watched word's values (by fold)

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

    def _watched_hits(self, words: tuple[str, ...], fold: bool) -> list[list[int] | tuple[()]] | None:
        """The values holding each of ``words``, from the page's one pass over the column for the watched words;
        None when some word is not watched yet (it is from the next page on, while there is room)."""
        hits = self._hits[fold]
        if hits is None:
            watched = tuple(self._watched[fold])
            hits = self._hits[fold] = dict(zip(watched, word_hits(self.folded if fold else self.text, watched),
                                               strict=True)) if watched else {}
        try:
            return [hits[word] for word in words]
        except KeyError:
            asked = self._watched[fold]
            for word in words:
                if word and len(asked) < _WATCHED_WORDS:
                    asked.setdefault(word)
            return None

    def find(self, words: tuple[str, ...], fold: bool) -> list[int]:
        """The indexes (ascending) of the values containing one of ``words``."""
        if not words:
            return []
        found = self._watched_hits(words, fold)
        if found is None:
            return find_values(self.folded if fold else self.text, words)
        lists = [hits for hits in found if hits]
        if len(lists) <= 1:
            return list(lists[0]) if lists else []
        return sorted(set().union(*lists))

    def present(self, words: tuple[str, ...]) -> set[str]:
        """The ``words`` (lower case) that some value contains, in any letter case."""
        found = self._watched_hits(words, True) if words else []
        if found is None:
            return present(self.folded, words)
        return {word for word, hits in zip(words, found, strict=True) if hits}


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
