"""Elements of a parsed page found by words in their class or id, without a CSS query per question.

lexbor answers ``[class*="date"]`` by testing every element of the page against every
selector of the group, so the extractor's few substring searches (date bars, weather
widgets, bylines) used to cost a millisecond a page between them. Reading each class
and id once into one string per attribute lets a regular expression find the same
elements, in document order, in microseconds; the read itself costs about as much as
one such query and is made at most once per page (lazily).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Elements with a class or id, plus the tags the date finder looks at by name.
_QUERY = "[class], [id], h1, time, abbr"
_SEP = "\x00"  # the parser turns NUL in attribute values into U+FFFD: no value contains it


class ClassIndex:
    """The page's elements that have a class or id (and ``h1``/``time``/``abbr``), in document order.

    Valid while the tree is unchanged: removing elements leaves dangling nodes here,
    so it is for reading the page before chrome and dropped elements are removed.
    """

    __slots__ = ("_classes", "_ids", "_nodes", "_tags", "_tree")

    def __init__(self, tree: LexborHTMLParser) -> None:
        self._tree = tree
        self._nodes: list[LexborNode] | None = None
        self._tags: list[str] = []
        self._classes: _Column | None = None
        self._ids: _Column | None = None

    @property
    def nodes(self) -> list[LexborNode]:
        if self._nodes is None:
            self._build()
        return self._nodes  # type: ignore[return-value]

    def _build(self) -> None:
        nodes: list[LexborNode] = []
        tags: list[str] = []
        classes: list[str] = []
        ids: list[str] = []
        previous = -1
        for node in self._tree.css(_QUERY):
            mem = node.mem_id
            if mem == previous:  # lexbor reports an element once per selector of the group it matches
                continue
            previous = mem
            nodes.append(node)
            tags.append(node.tag or "")
            classes.append(node.attrs.get("class") or "")
            ids.append(node.id or "")
        self._nodes, self._tags, self._classes, self._ids = nodes, tags, _Column(classes), _Column(ids)

    @property
    def built(self) -> bool:
        """Whether the index has been read already (a query of it costs microseconds, its first one a pass)."""
        return self._nodes is not None

    def tagged(self, names: frozenset[str]) -> list[int]:
        """Indexes of the ``h1``, ``time`` or ``abbr`` elements (the tags indexed by name) among ``names``."""
        if self._nodes is None:
            self._build()
        return [i for i, tag in enumerate(self._tags) if tag in names]

    def positions(self, classes: re.Pattern[str] | None = None,
                  ids: re.Pattern[str] | None = None) -> list[int]:
        """Indexes (into ``nodes``, ascending) of elements whose class matches ``classes`` or id matches ``ids``.

        ``re.compile("weather")`` as ``classes`` is ``[class*="weather"]``; compile with
        ``re.IGNORECASE | re.ASCII`` for the CSS ``i`` flag.
        """
        if self._nodes is None:
            self._build()
        found: set[int] = set()
        for column, pattern in ((self._classes, classes), (self._ids, ids)):
            if pattern is not None and column is not None:
                found.update(column.matching(pattern))
        return sorted(found)

    def select(self, classes: re.Pattern[str] | None = None, ids: re.Pattern[str] | None = None) -> list[LexborNode]:
        """The elements of :meth:`positions`, in document order."""
        nodes = self.nodes
        return [nodes[i] for i in self.positions(classes, ids)]

    def class_of(self, position: int) -> str:
        if self._classes is None:
            self._build()
        return self._classes.values[position]  # type: ignore[union-attr]


class _Column:
    """One attribute of every indexed element, joined into one string so one regex scan answers a query."""

    __slots__ = ("starts", "text", "values")

    def __init__(self, values: list[str]) -> None:
        self.values = values
        self.starts: list[int] = []
        offset = 0
        for value in values:
            self.starts.append(offset)
            offset += len(value) + 1
        self.text = _SEP.join(values)

    def matching(self, pattern: re.Pattern[str]) -> list[int]:
        found: list[int] = []
        starts, text = self.starts, self.text
        pos = 0
        while True:
            match = pattern.search(text, pos)
            if match is None:
                return found
            index = bisect_right(starts, match.start()) - 1
            found.append(index)
            if index + 1 >= len(starts):
                return found
            pos = starts[index + 1]
