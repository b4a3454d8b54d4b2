"""The sources file (``sources.toml``): which publishers to scrape, and how.

Format (every key but ``name`` and one of feeds/sitemaps/listings is optional)::

    [defaults]
    user_agent = "geowire/0.1 (+https://github.com/geowire/geowire)"
    allow_private_addresses = false   # true only for loopback demos and tests
    max_pages = 200                   # per source and run
    timezone = "UTC"                  # for page dates printed without an offset
    host_delay = 1.0                  # seconds between request starts to one host (robots.txt may ask more)
    per_host_concurrency = 2          # requests in flight to one host

    [[source]]
    name = "aljazeera"                # short id: lower-case letters, digits, _ and -
    title = "Al Jazeera English"
    homepage = "https://www.aljazeera.com/"
    timezone = "Asia/Qatar"           # IANA name
    language = "en"
    feeds = ["https://www.aljazeera.com/xml/rss/all.xml"]
    sitemaps = ["https://www.aljazeera.com/sitemap.xml"]
    listings = ["https://www.aljazeera.com/news/"]
    article_patterns = ['^https://www\\.aljazeera\\.com/news/\\d{4}/']
    exclude_patterns = ['/liveblog/']
    max_pages = 100
    [source.rules]                    # per-site extractor overrides (see scrapers.extract)
    body = "div.wysiwyg"

The file is validated as a whole on load, and every problem is reported with the
file, the source and the field, so a typo never silently drops a publisher.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapers.errors import ConfigError
from scrapers.extract.rules import GENERIC, Rules, parse_rules

DEFAULT_USER_AGENT = "geowire/0.1 (+https://github.com/geowire/geowire)"
DEFAULT_MAX_PAGES = 200
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_DEFAULT_KEYS = {"user_agent", "allow_private_addresses", "max_pages", "timezone", "host_delay",
                 "per_host_concurrency"}
_SOURCE_KEYS = {
    "name", "title", "homepage", "timezone", "language", "feeds", "sitemaps", "listings",
    "article_patterns", "exclude_patterns", "max_pages", "rules",
}


@dataclass(frozen=True, slots=True)
class Source:
    """One publisher: where to discover its articles and how to read them."""

    name: str
    title: str
    homepage: str | None = None
    timezone: str = "UTC"
    language: str | None = None
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    article_patterns: tuple[re.Pattern[str], ...] = ()
    exclude_patterns: tuple[re.Pattern[str], ...] = ()
    max_pages: int = DEFAULT_MAX_PAGES
    rules: Rules = GENERIC  # ``[source.rules]``, validated and parsed once when the file is loaded

    @property
    def page_settings(self) -> PageSettings:
        """What the extractor needs to read this source's pages the way a crawl does."""
        return PageSettings(timezone=self.timezone, language=self.language, rules=self.rules)

    def accepts(self, url: str) -> bool:
        """Whether a discovered link looks like one of this source's article pages."""
        if any(p.search(url) for p in self.exclude_patterns):
            return False
        if not self.article_patterns:
            return True
        return any(p.search(url) for p in self.article_patterns)


@dataclass(frozen=True, slots=True)
class PageSettings:
    """How a page of a source is read: its timezone, language and extraction rules.

    Recorded with every archived response, so that re-extraction replays a page under the settings
    it was landed with, not under whatever a sources file says today (or under none at all)."""

    timezone: str | None = None
    language: str | None = None
    rules: Rules = GENERIC


@dataclass(frozen=True, slots=True)
class Settings:
    """The ``[defaults]`` table: run-wide settings."""

    user_agent: str = DEFAULT_USER_AGENT
    allow_private_addresses: bool = False
    max_pages: int = DEFAULT_MAX_PAGES
    timezone: str = "UTC"
    host_delay: float = 1.0
    per_host_concurrency: int = 2


@dataclass(frozen=True, slots=True)
class SourcesConfig:
    settings: Settings
    sources: tuple[Source, ...]
    path: Path | None = None

    def select(self, names: list[str] | None) -> SourcesConfig:
        """Only the named sources; unknown names are an error, not a silent no-op."""
        if not names:
            return self
        known = {s.name for s in self.sources}
        unknown = sorted(set(names) - known)
        if unknown:
            raise ConfigError(f"unknown source(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        return SourcesConfig(self.settings, tuple(s for s in self.sources if s.name in names), self.path)


class _Problems:
    """Collects every problem in a file so the user fixes them in one go."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.items: list[tuple[int, str]] = []

    def line_of(self, needle: str, after: int = 0) -> int | None:
        """The first line from line ``after`` on (1-based) that contains ``needle``."""
        for number, line in enumerate(self.lines[after:], after + 1):
            if needle in line:
                return number
        return None

    def add(self, where: str, message: str, needle: str | None = None, after: int = 0) -> None:
        line = (self.line_of(needle, after) or self.line_of(needle)) if needle else None
        location = f"{self.path}:{line}" if line else self.path
        self.items.append((line or 0, f"{location}: {where}: {message}"))

    def report(self) -> str:
        """Every problem, one line each, in the order of the file."""
        return "\n".join(text for _, text in sorted(self.items, key=lambda item: item[0]))


def _str_list(problems: _Problems, where: str, value: Any, key: str, *, urls: bool) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.add(where, f"'{key}' must be a list of strings", f"{key}")
        return ()
    if urls:  # read as written, less the space around it; a URL listed twice is read once
        value = list(dict.fromkeys(v.strip() for v in value))
        for v in value:
            _check_url(problems, where, key, v)
    return tuple(value)


def _check_url(problems: _Problems, where: str, key: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        problems.add(where, f"'{key}' has {url!r}, which is not an http(s) URL", url)


def _patterns(problems: _Problems, where: str, value: Any, key: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for raw in _str_list(problems, where, value, key, urls=False):
        try:
            compiled.append(re.compile(raw))
        except re.error as exc:
            problems.add(where, f"'{key}' has an invalid regex {raw!r}: {exc}", raw)
    return tuple(compiled)


def _timezone(problems: _Problems, where: str, value: Any) -> str:
    if not isinstance(value, str):
        problems.add(where, "'timezone' must be an IANA name such as 'Europe/Berlin'", "timezone")
        return "UTC"
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        problems.add(where, f"unknown timezone {value!r} (use an IANA name such as 'Europe/Berlin')", value)
        return "UTC"
    return value


def _positive_int(problems: _Problems, where: str, value: Any, key: str, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.add(where, f"'{key}' must be a positive integer, got {value!r}", key)
        return default
    return value


def _non_negative(problems: _Problems, where: str, value: Any, key: str, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        problems.add(where, f"'{key}' must be a number of seconds >= 0, got {value!r}", key)
        return default
    return float(value)


def _rules(problems: _Problems, where: str, value: Any, start: int) -> Rules:
    """The source's ``[source.rules]``, checked key by key so that each mistake names its line;
    ``start`` is the line the source begins on (several sources may use the same keys)."""
    if not isinstance(value, dict):
        problems.add(where, "'rules' must be a table", "rules", start)
        return GENERIC
    valid = True
    for key, selectors in value.items():
        try:
            parse_rules({key: selectors}, f"{where}: [source.rules]")
        except ConfigError as exc:
            problems.add(where, str(exc).removeprefix(f"{where}: "), key, start)
            valid = False
    return parse_rules(value, f"{where}: [source.rules]") if valid else GENERIC


def parse_sources(text: str, path: str = "<sources>", *, require_sources: bool = True) -> SourcesConfig:
    """Parse and validate sources TOML text; raises ConfigError listing every problem.

    Ad-hoc ``--url`` runs need only the ``[defaults]``: they pass ``require_sources=False``.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    problems = _Problems(path, text)
    for key in sorted(set(data) - {"defaults", "source"}):
        problems.add("top level", f"unknown table {key!r} (expected [defaults] and [[source]])", key)

    raw_defaults = data.get("defaults", {})
    if not isinstance(raw_defaults, dict):
        problems.add("[defaults]", "must be a table", "defaults")
        raw_defaults = {}
    for key in sorted(set(raw_defaults) - _DEFAULT_KEYS):
        problems.add("[defaults]", f"unknown key {key!r} (allowed: {', '.join(sorted(_DEFAULT_KEYS))})", key)
    user_agent = raw_defaults.get("user_agent", DEFAULT_USER_AGENT)
    if not isinstance(user_agent, str) or not user_agent.strip():
        problems.add("[defaults]", "'user_agent' must be a non-empty string", "user_agent")
        user_agent = DEFAULT_USER_AGENT
    allow_private = raw_defaults.get("allow_private_addresses", False)
    if not isinstance(allow_private, bool):
        problems.add("[defaults]", "'allow_private_addresses' must be true or false", "allow_private_addresses")
        allow_private = False
    settings = Settings(
        user_agent=user_agent,
        allow_private_addresses=allow_private,
        max_pages=_positive_int(problems, "[defaults]", raw_defaults.get("max_pages"), "max_pages", DEFAULT_MAX_PAGES),
        timezone=_timezone(problems, "[defaults]", raw_defaults.get("timezone", "UTC")),
        host_delay=_non_negative(problems, "[defaults]", raw_defaults.get("host_delay"), "host_delay", 1.0),
        per_host_concurrency=_positive_int(problems, "[defaults]", raw_defaults.get("per_host_concurrency"),
                                           "per_host_concurrency", 2),
    )

    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list):
        problems.add("top level", "'source' must be an array of tables ([[source]])", "source")
        raw_sources = []
    elif require_sources and not raw_sources:
        problems.add("top level", "no [[source]] entries")
    sources: list[Source] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_sources, 1):
        if not isinstance(raw, dict):
            problems.add(f"source #{index}", "must be a table ([[source]])", "source")
            continue
        name = raw.get("name")
        where = f"source #{index}" + (f" ({name!r})" if isinstance(name, str) else "")
        if not isinstance(name, str) or not _NAME.match(name):
            problems.add(where, "'name' is required: lower-case letters, digits, '_' and '-'", "name")
            continue
        if name in seen:
            problems.add(where, f"duplicate source name {name!r}", f'"{name}"')
            continue
        seen.add(name)
        for key in sorted(set(raw) - _SOURCE_KEYS):
            problems.add(where, f"unknown key {key!r} (allowed: {', '.join(sorted(_SOURCE_KEYS))})", key)
        feeds = _str_list(problems, where, raw.get("feeds"), "feeds", urls=True)
        sitemaps = _str_list(problems, where, raw.get("sitemaps"), "sitemaps", urls=True)
        listings = _str_list(problems, where, raw.get("listings"), "listings", urls=True)
        if not (feeds or sitemaps or listings):
            problems.add(where, "needs at least one of 'feeds', 'sitemaps', 'listings'", f'"{name}"')
        rules = _rules(problems, where, raw.get("rules", {}), problems.line_of(f'"{name}"') or 0)
        homepage = raw.get("homepage")
        if homepage is not None and not isinstance(homepage, str):
            problems.add(where, "'homepage' must be a URL string", "homepage")
            homepage = None
        elif homepage is not None:
            homepage = homepage.strip()
            _check_url(problems, where, "homepage", homepage)
        language = raw.get("language")
        if language is not None and not isinstance(language, str):
            problems.add(where, "'language' must be a string such as 'en'", "language")
            language = None
        sources.append(Source(
            name=name,
            title=str(raw.get("title", name)),
            homepage=homepage,
            timezone=_timezone(problems, where, raw.get("timezone", settings.timezone)),
            language=language,
            feeds=feeds,
            sitemaps=sitemaps,
            listings=listings,
            article_patterns=_patterns(problems, where, raw.get("article_patterns"), "article_patterns"),
            exclude_patterns=_patterns(problems, where, raw.get("exclude_patterns"), "exclude_patterns"),
            max_pages=_positive_int(problems, where, raw.get("max_pages"), "max_pages", settings.max_pages),
            rules=rules,
        ))
    if problems.items:
        raise ConfigError(problems.report())  # one line per problem, each with file, line and field
    return SourcesConfig(settings, tuple(sources), Path(path) if path != "<sources>" else None)


def load_sources(path: str | Path, *, require_sources: bool = True) -> SourcesConfig:
    """Read and validate a sources file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"sources file {path} not found (pass --sources FILE, or create sources.toml)") from exc
    return parse_sources(text, str(path), require_sources=require_sources)
