"""The demo publishers and their articles, read from the bundled TOML content files.

Content lives in data (``content/<publisher>.toml``), not code, so that adding a story
means writing text, and so that the same records drive both the rendered pages and the
expected facts (``DemoArticle``) the tests and ``make demo`` compare the pipeline against.
Publication times are stored as the publisher's local wall-clock time and localised here
with ``zoneinfo``, so daylight-saving offsets come out right without hand-written offsets.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from scrapers.models import Caption


@dataclass(frozen=True, slots=True)
class PlacedCaption:
    """An image caption placed in the body after paragraph ``after`` (0-based)."""

    after: int
    caption: Caption
    image: str


@dataclass(frozen=True, slots=True)
class Story:
    """One article as the content file states it, for one edition (the render input)."""

    publisher: str
    key: str  # slug or numeric id; unique within the publisher
    section: str
    section_slug: str
    title: str
    authors: tuple[str, ...]
    published: datetime  # aware, publisher-local
    modified: datetime | None
    paragraphs: tuple[str, ...]
    captions: tuple[PlacedCaption, ...]
    summary: str
    tags: tuple[str, ...]
    changes_in_edition: bool
    corrections: tuple[str, ...] = ()  # correction notices, printed after the text

    @property
    def shown_paragraphs(self) -> tuple[str, ...]:
        """What the page prints: the text, then any correction notices."""
        return self.paragraphs + self.corrections


@dataclass(frozen=True, slots=True)
class Publisher:
    """A demo publisher's identity and its stories for one edition."""

    name: str
    title: str
    timezone: str
    language: str
    stories: tuple[Story, ...]
    hubs: tuple[str, ...] = ()  # tags that have a topic hub page (a listing, not an article)


@dataclass(frozen=True, slots=True)
class DemoArticle:
    """The facts a perfect scrape of one demo article yields: what the pipeline is checked against.

    ``published``/``modified`` are ISO 8601 with the publisher's own offset, even where the page
    prints the time without one (that publisher's ``timezone`` then decides the offset).
    ``must_not_contain`` lists site-chrome strings present on the page that must not leak
    into the extracted body.
    """

    source: str
    url: str  # canonical
    title: str  # as a reader sees it, without the site/section suffix of <title>
    authors: tuple[str, ...]
    published: str
    modified: str | None
    timezone: str
    language: str
    section: str
    paragraphs: tuple[str, ...]
    captions: tuple[Caption, ...]
    must_not_contain: tuple[str, ...]
    changes_in_edition: bool
    corrections: tuple[str, ...] = ()  # notices on the page, to be kept out of the body

    @property
    def body(self) -> str:
        """The body the way ``Article.body`` stores it: paragraphs separated by one blank line."""
        return "\n\n".join(self.paragraphs)


def _localise(value: str, tz: ZoneInfo) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=tz)


def _story(publisher: str, tz: ZoneInfo, raw: dict[str, Any], edition: int) -> Story:
    """Build a story, applying the ``[article.edition1]`` edits when serving edition 1 or later."""
    title = raw["title"]
    paragraphs = list(raw["paragraphs"])
    modified = raw.get("modified")
    corrections = list(raw.get("corrections", []))
    update = raw.get("edition1")
    if update is not None and edition >= 1:
        title = update.get("title", title)
        modified = update["modified"]
        corrections.extend(update.get("corrections", []))
        for edit in update.get("edits", []):
            paragraphs[edit["index"]] = edit["text"]
        paragraphs.extend(update.get("append", []))
    captions = tuple(
        PlacedCaption(c["after"], Caption(c["text"], c.get("credit")), c.get("image", "photo.jpg"))
        for c in raw.get("captions", [])
    )
    return Story(
        publisher=publisher,
        key=str(raw["key"]),
        section=raw["section"],
        section_slug=raw["section_slug"],
        title=title,
        authors=tuple(raw["authors"]),
        published=_localise(raw["published"], tz),
        modified=_localise(modified, tz) if modified else None,
        paragraphs=tuple(paragraphs),
        captions=captions,
        summary=raw.get("summary") or paragraphs[0],
        tags=tuple(raw.get("tags", [])),
        changes_in_edition=update is not None,
        corrections=tuple(corrections),
    )


@cache
def _content(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("content", f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def load_publisher(name: str, edition: int) -> Publisher:
    """One publisher's identity and stories as served in ``edition``, newest first."""
    data = _content(name)
    meta = data["publisher"]
    tz = ZoneInfo(meta["timezone"])
    stories = sorted(
        (_story(name, tz, raw, edition) for raw in data["article"]),
        key=lambda s: s.published,
        reverse=True,
    )
    return Publisher(meta["name"], meta["title"], meta["timezone"], meta["language"], tuple(stories),
                     tuple(meta.get("hubs", ())))
