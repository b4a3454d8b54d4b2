"""Per-theme and per-site extraction rules, kept as data (``rules/<theme>.toml``).

A rule set is a flat table of CSS selector lists; a theme file also says how to
recognise the theme (``detect``). Built-in themes and the ``[source.rules]``
overrides of ``sources.toml`` go through the same validation, so a typo in a
key ("weahter") is an error naming the file and key, never a silently ignored
rule. Selectors are checked by compiling them against an empty document.

Keys (every value but ``name``/``version`` is a list of CSS selectors):

=============  ===========================================================
name           the theme's name (theme files only)
version        the rule-set version recorded in ``Article.rules_version``
detect         any match means the page uses this theme (theme files only)
body           the article text container; the first that matches wins
title          the headline element
authors        byline elements holding one author name each
drop           elements removed before anything is read (related, share ...)
weather        the site-header weather widget
weather_city   the city inside the weather widget
date_bar       the site-header "today" date
section        the section/category label of the article
=============  ===========================================================
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from scrapers.errors import ConfigError
from scrapers.htmlindex import ClassIndex
from scrapers.lextree import outermost
from scrapers.models import pickled_by_fields

RULES_DIR = Path(__file__).with_name("rules")
SELECTOR_KEYS = ("detect", "body", "title", "authors", "drop", "weather", "weather_city", "date_bar", "section")
_PROBE = LexborHTMLParser("<html><body></body></html>")
GENERIC_NAME = "generic"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Rules:
    """Selectors for one theme or site; empty tuples mean "use the generic heuristics"."""

    name: str = GENERIC_NAME
    version: str | None = None
    detect: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    weather: tuple[str, ...] = ()
    weather_city: tuple[str, ...] = ()
    date_bar: tuple[str, ...] = ()
    section: tuple[str, ...] = ()

    def merged(self, other: Rules) -> Rules:
        """``other``'s non-empty selector lists first (site overrides beat the theme), drops added up."""
        if other == GENERIC:
            return self
        if self == GENERIC:
            return other
        changes: dict[str, Any] = {}
        for key in SELECTOR_KEYS:
            mine, theirs = getattr(self, key), getattr(other, key)
            changes[key] = tuple(dict.fromkeys(theirs + mine)) if key == "drop" else (theirs or mine)
        names = [n for n in (self.name, other.name) if n != "generic"]
        versions = [v for v in (self.version, other.version) if v]
        return Rules(name="+".join(names) or "generic", version="+".join(versions) or None, **changes)

    def to_table(self) -> dict[str, Any]:
        """The rules as a rules table, which ``parse_rules`` reads back into equal Rules: how a source's
        rules are stored with its archived pages, for re-extraction to replay them."""
        table: dict[str, Any] = {key: list(getattr(self, key)) for key in SELECTOR_KEYS if getattr(self, key)}
        if self.version:
            table["version"] = self.version
        if self.name != GENERIC_NAME:
            table["name"] = self.name
        return table


GENERIC = Rules()  # no theme, no site rules: the generic heuristics alone
_KNOWN = {f.name for f in fields(Rules)}


def _selectors(value: Any, where: str, key: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(s, str) and s.strip() for s in items):
        raise ConfigError(f"{where}: '{key}' must be a CSS selector or a list of them")
    for selector in items:
        try:
            _PROBE.css(selector)
        except SelectolaxError as exc:
            raise ConfigError(f"{where}: '{key}' has an invalid CSS selector {selector!r} ({exc})") from None
    return tuple(items)


def parse_rules(data: Mapping[str, Any], where: str, *, theme: bool = False) -> Rules:
    """Validate a rules table; ``where`` names the file (and source) in errors."""
    known = _KNOWN if theme else _KNOWN - {"name", "detect"}
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise ConfigError(f"{where}: unknown rules key(s) {', '.join(map(repr, unknown))}; "
                          f"known: {', '.join(sorted(known))}")
    if not theme and ("detect" in data or "name" in data):
        raise ConfigError(f"{where}: 'name' and 'detect' only belong in theme files")
    values: dict[str, Any] = {}
    for key in ("name", "version"):
        if key in data:
            if not isinstance(data[key], str) or not data[key].strip():
                raise ConfigError(f"{where}: '{key}' must be a non-empty string")
            values[key] = data[key]
    for key in SELECTOR_KEYS:
        if key in data:
            values[key] = _selectors(data[key], where, key)
    if theme and not values.get("detect"):
        raise ConfigError(f"{where}: a theme needs 'detect' selectors")
    return Rules(**values)


def load_theme(path: Path) -> Rules:
    """Read and validate one theme file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    data.setdefault("name", path.stem)
    return parse_rules(data, str(path), theme=True)


@cache
def builtin_themes() -> tuple[Rules, ...]:
    """Every ``rules/*.toml`` theme, loaded once per process, in file-name order."""
    return tuple(load_theme(path) for path in sorted(RULES_DIR.glob("*.toml")))


_BRACKETED = re.compile(r"\[[^\]]*\]")
_NAMED = re.compile(r"([#.])(-?[_a-zA-Z][\w-]*)")
_NAMING_ATTRIBUTE = re.compile(r"""\[\s*(class|id)\s*[~|^$*]?=\s*["']?([\w-]+)["']?\s*[iIsS]?\s*\]""")
_COMBINATOR = re.compile(r"\s*>\s*|\s+")


@dataclass(frozen=True, slots=True)
class Plan:
    """How the page's index answers a selector: each element it matches is, or lies inside, an element
    whose class (``kind`` "class") or id contains ``word`` (lower case)."""

    kind: str
    word: str


def _compound_names(compound: str) -> list[tuple[str, str]]:
    """("class" or "id", lower-cased word) pairs one compound selector requires: ``.x``, ``#x``, ``[class*="x"]``."""
    masked = _BRACKETED.sub(" ", compound)
    names = [("id" if mark == "#" else "class", word) for mark, word in _NAMED.findall(masked)]
    return [(kind, word.lower()) for kind, word in names + _NAMING_ATTRIBUTE.findall(compound)]


@lru_cache(maxsize=1024)
def plan(selector: str) -> Plan | None:
    """The longest class/id word of the selector's last compound, else of another compound; None when there
    is none or the form is not understood here (groups, sibling combinators, pseudo-class arguments, escapes)."""
    masked = _BRACKETED.sub(lambda m: "[" + "_" * (len(m.group()) - 2) + "]", selector.strip())
    if "\\" in selector or any(ch in masked for ch in "(),+~|\"'"):
        return None
    selector = selector.strip()
    compounds, at = [], 0
    for gap in _COMBINATOR.finditer(masked):  # the masked copy has the same offsets, and no combinators in [...]
        compounds.append(selector[at:gap.start()])
        at = gap.end()
    compounds.append(selector[at:])
    # The last compound's word names the matches themselves (small scopes to query); another's, their ancestors.
    for names in (_compound_names(compounds[-1]), [n for c in compounds[:-1] for n in _compound_names(c)]):
        if names:
            return Plan(*max(names, key=lambda n: len(n[1])))
    return None


def select(tree: LexborHTMLParser, selector: str, index: ClassIndex | None, *, first: bool = False,
           named: dict[tuple[str, str], list[LexborNode]] | None = None) -> list[LexborNode]:
    """``tree.css(selector)`` (its first match only with ``first``), in document order. With the page's
    ``index``, a selector naming a class or id is answered inside the elements the index finds by that word
    (case-folded: a superset, as quirks-mode pages match classes in any case) instead of by testing every
    element of the page; the tree must be as indexed (nothing removed yet). ``named`` keeps the elements
    found by each word for the next calls on the same page (selector lists repeat words)."""
    how = plan(selector) if index is not None else None
    if how is None or index is None:
        if not first:
            return tree.css(selector)
        node = tree.css_first(selector)
        return [] if node is None else [node]
    key = (how.kind, how.word)
    scopes = named.get(key) if named is not None else None
    if scopes is None:
        # Every match is, or lies inside, an element having the word (lexbor checks ancestors beyond a
        # query's scope): querying the outermost of them finds each match once, in document order.
        words = (how.word,)
        mems = index.mems
        found = index.positions(words if how.kind == "class" else (), words if how.kind == "id" else (), fold=True)
        root = tree.root
        scopes = index.nodes_of(outermost([mems[i] for i in found], root)) if found and root is not None else []
        if named is not None:
            named[key] = scopes
    if first:
        return next(([node] for scope in scopes if (node := scope.css_first(selector)) is not None), [])
    return [node for scope in scopes for node in scope.css(selector)]


# A marker on a <meta> tag ("meta[property='og:site_name'][content*='Yonhap']") is answered from the
# <meta> rows of the page's index pass when it tests content (rows are the tags that have one) and
# other attributes the rows hold, by value operators lexbor applies case-sensitively to them.
_META_TEST = re.compile(r"""\[\s*(content|property|itemprop)\s*([*^$]?=)\s*(?:"([^"]+)"|'([^']+)')\s*\]""")
_OPERATORS: dict[str, Callable[[str, str], bool]] = {
    "=": str.__eq__, "*=": str.__contains__, "^=": str.startswith, "$=": str.endswith}


@lru_cache(maxsize=256)
def _meta_tests(selector: str) -> tuple[tuple[str, str, str], ...] | None:
    """(attribute, operator, value) of each test of a ``meta[...]`` selector the rows answer, else None."""
    selector = selector.strip()
    if selector[:5].lower() != "meta[":
        return None
    tests, at = [], 4
    for match in _META_TEST.finditer(selector, 4):
        if match.start() != at:
            return None
        tests.append((match.group(1), match.group(2), match.group(3) or match.group(4)))
        at = match.end()
    return tuple(tests) if at == len(selector) and any(t[0] == "content" for t in tests) else None


def _matches(tree: LexborHTMLParser, selector: str, index: ClassIndex | None) -> bool:
    """Whether ``selector`` matches an element of the page."""
    tests = _meta_tests(selector) if index is not None else None
    if tests is None or index is None:
        return bool(select(tree, selector, index, first=True))
    rows = index.page.metas
    for name, operator, wanted in tests:  # each test narrows the rows (the first usually to one or none)
        test = _OPERATORS[operator]
        rows = [row for row in rows if (value := getattr(row, name)) is not None and test(value, wanted)]
    return bool(rows)


def detect_themes(tree: LexborHTMLParser, themes: Iterable[Rules] | None = None,
                  index: ClassIndex | None = None) -> Rules:
    """The merged rules of every theme whose ``detect`` selectors match the page.

    With the page's ``index``, selectors naming a class or id the page lacks are not queried (the words
    of every theme's markers are looked for in one pass over the page's class and id values), and the
    others are answered from the index (see :func:`select`) rather than by testing every element of the page.
    """
    themes = builtin_themes() if themes is None else tuple(themes)
    selectors = tuple(s for theme in themes for s in theme.detect)
    possible = index.may_match_each(selectors) if index is not None else dict.fromkeys(selectors, True)
    found = GENERIC
    for theme in themes:
        if any(_matches(tree, s, index) for s in theme.detect if possible[s]):
            found = found.merged(theme)
    return found
