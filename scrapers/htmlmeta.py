"""Machine-readable metadata of a parsed page: JSON-LD objects and <meta> tags.

Both the metadata extractor and the date finder read these; parsing them once
per page in one place keeps their tolerance rules (broken JSON, @graph nesting,
duplicated tags) identical for every consumer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from scrapers.htmlindex import ClassIndex

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
_CDATA_MARKS = ("<![CDATA[", "]]>")  # one of them is in every match of _CDATA: without them, no search of a long script


def _loads_tolerant(text: str) -> Any:
    """Parse JSON as publishers write it: control characters, trailing commas, HTML comments, CDATA sections."""
    try:
        return json.loads(text)  # most scripts are plain JSON: no copies made to clean them
    except ValueError:
        pass
    text = text.strip().removeprefix("<!--").removesuffix("-->")
    if any(mark in text for mark in _CDATA_MARKS):
        text = _CDATA.sub("", text)
    text = text.strip()
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", text))):
        try:
            return json.loads(attempt)
        except ValueError:
            pass
    return None


def _flatten(node: Any, out: list[dict[str, Any]]) -> None:
    """Append every object of ``node`` to ``out``: lists unrolled, ``@graph`` and ``mainEntity`` after their owner."""
    if isinstance(node, dict):
        out.append(node)
        graph = node.get("@graph")
        if graph is not None:
            _flatten(graph, out)
        main = node.get("mainEntity")
        if isinstance(main, dict | list):
            _flatten(main, out)
    elif isinstance(node, list):
        for item in node:
            _flatten(item, out)


def jsonld_objects(scripts: Iterable[str]) -> list[dict[str, Any]]:
    """Every JSON-LD object of the script texts, with ``@graph`` and ``mainEntity`` flattened, in order."""
    objects: list[dict[str, Any]] = []
    for text in scripts:
        data = _loads_tolerant(text)
        if data is not None:
            _flatten(data, objects)
    return objects


def jsonld_types(obj: dict[str, Any]) -> set[str]:
    """The ``@type`` of a JSON-LD object as a set (it may be a string or a list)."""
    kind = obj.get("@type")
    if isinstance(kind, str):
        return {kind}
    if isinstance(kind, list):
        return {k for k in kind if isinstance(k, str)}
    return set()


def read_page(index: ClassIndex) -> tuple[tuple[str, ...], dict[str, list[str]]]:
    """The text of every JSON-LD ``<script>`` in document order, and the ``<meta>`` contents keyed by
    lower-cased name/property/itemprop/http-equiv, every value in document order: both as the page's
    index pass read them (no query of the tree)."""
    page = index.page
    tags: dict[str, list[str]] = {}
    for content, prop, name, itemprop, http_equiv in page.metas:
        content = content.strip()
        for key in (prop, name, itemprop, http_equiv):
            if key:
                key = key.strip().lower()
                values = tags.get(key)
                if values is None:
                    tags[key] = [content]
                else:
                    values.append(content)
    return tuple(page.jsonld), tags


@dataclass(frozen=True, slots=True)
class PageMeta:
    """A page's JSON-LD (raw and parsed), ``<meta>`` tags and class index, read once and shared by every consumer."""

    scripts: tuple[str, ...]  # JSON-LD script texts, for readers of JSON that does not parse
    jsonld: list[dict[str, Any]]
    meta: dict[str, list[str]]
    index: ClassIndex  # built on first use; valid until elements are removed from the tree

    @classmethod
    def of(cls, tree: LexborHTMLParser, index: ClassIndex | None = None) -> PageMeta:
        index = index or ClassIndex(tree)
        scripts, meta = read_page(index)
        return cls(scripts, jsonld_objects(scripts), meta, index)
