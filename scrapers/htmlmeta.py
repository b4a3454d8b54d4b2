"""Machine-readable metadata of a parsed page: JSON-LD objects and <meta> tags.

Both the metadata extractor and the date finder read these; parsing them once
per page in one place keeps their tolerance rules (broken JSON, @graph nesting,
duplicated tags) identical for every consumer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from scrapers.htmlindex import ClassIndex

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _loads_tolerant(text: str) -> Any:
    """Parse JSON as publishers write it: control characters, trailing commas, HTML comments."""
    text = text.strip()
    text = text.removeprefix("<!--")
    text = text.removesuffix("-->")
    try:
        return json.loads(text)
    except ValueError:
        pass
    cleaned = _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", text))
    try:
        return json.loads(cleaned)
    except ValueError:
        return None


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        yield node
        graph = node.get("@graph")
        if graph is not None:
            yield from _walk(graph)
        main = node.get("mainEntity")
        if isinstance(main, dict | list):
            yield from _walk(main)


def jsonld_scripts(tree: LexborHTMLParser) -> tuple[str, ...]:
    """The text of every JSON-LD ``<script>``, in document order."""
    return tuple(script.text(deep=True) or "" for script in tree.css('script[type="application/ld+json"]'))


def jsonld_objects(tree: LexborHTMLParser, scripts: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, with ``@graph`` and ``mainEntity`` flattened, in document order."""
    objects: list[dict[str, Any]] = []
    for text in jsonld_scripts(tree) if scripts is None else scripts:
        data = _loads_tolerant(text)
        if data is not None:
            objects.extend(_walk(data))
    return objects


def jsonld_types(obj: dict[str, Any]) -> set[str]:
    """The ``@type`` of a JSON-LD object as a set (it may be a string or a list)."""
    kind = obj.get("@type")
    if isinstance(kind, str):
        return {kind}
    if isinstance(kind, list):
        return {k for k in kind if isinstance(k, str)}
    return set()


def meta_tags(tree: LexborHTMLParser) -> dict[str, list[str]]:
    """``<meta>`` contents keyed by lower-cased name/property/itemprop, every value in document order."""
    tags: dict[str, list[str]] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        content = attrs.get("content")
        if content is None:
            continue
        for key_attr in ("property", "name", "itemprop", "http-equiv"):
            key = attrs.get(key_attr)
            if key:
                tags.setdefault(key.strip().lower(), []).append(content.strip())
    return tags


@dataclass(frozen=True, slots=True)
class PageMeta:
    """A page's JSON-LD (raw and parsed), ``<meta>`` tags and class index, read once and shared by every consumer."""

    scripts: tuple[str, ...]  # JSON-LD script texts, for readers of JSON that does not parse
    jsonld: list[dict[str, Any]]
    meta: dict[str, list[str]]
    index: ClassIndex  # built on first use; valid until elements are removed from the tree

    @classmethod
    def of(cls, tree: LexborHTMLParser, index: ClassIndex | None = None) -> PageMeta:
        scripts = jsonld_scripts(tree)
        return cls(scripts, jsonld_objects(tree, scripts), meta_tags(tree), index or ClassIndex(tree))
