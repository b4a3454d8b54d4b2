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

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from scrapers.errors import ConfigError
from scrapers.htmlindex import ClassIndex

RULES_DIR = Path(__file__).with_name("rules")
SELECTOR_KEYS = ("detect", "body", "title", "authors", "drop", "weather", "weather_city", "date_bar", "section")
_PROBE = LexborHTMLParser("<html><body></body></html>")


@dataclass(frozen=True, slots=True)
class Rules:
    """Selectors for one theme or site; empty tuples mean "use the generic heuristics"."""

    name: str = "generic"
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
        changes: dict[str, Any] = {}
        for key in SELECTOR_KEYS:
            mine, theirs = getattr(self, key), getattr(other, key)
            changes[key] = tuple(dict.fromkeys(theirs + mine)) if key == "drop" else (theirs or mine)
        names = [n for n in (self.name, other.name) if n != "generic"]
        versions = [v for v in (self.version, other.version) if v]
        return Rules(name="+".join(names) or "generic", version="+".join(versions) or None, **changes)


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
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise ConfigError(f"{where}: unknown rules key(s) {', '.join(map(repr, unknown))}; "
                          f"known: {', '.join(sorted(_KNOWN))}")
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


def detect_themes(tree: LexborHTMLParser, themes: Iterable[Rules] | None = None,
                  index: ClassIndex | None = None) -> Rules:
    """The merged rules of every theme whose ``detect`` selectors match the page.

    With the page's ``index``, selectors naming a class or id the page lacks are not queried.
    """
    candidates = builtin_themes() if themes is None else tuple(themes)
    possible = [[s for s in t.detect if index is None or index.may_match(s)] for t in candidates]
    found = Rules()
    # Most pages use no known theme: one query over every theme's markers settles that.
    if not any(possible) or tree.css_first(", ".join(s for selectors in possible for s in selectors)) is None:
        return found
    for theme, selectors in zip(candidates, possible, strict=True):
        if selectors and tree.css_first(", ".join(selectors)) is not None:
            found = found.merged(theme)
    return found
