"""What every demo publisher module builds: resources by path, the expected articles, a sources entry.

A publisher module is a function ``build(publisher, base, today) -> Site``; rendering a whole
site is a few dozen string substitutions, so the server simply rebuilds on an edition switch
or a new day (the date bar) instead of tracking what changed.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from functools import cache
from importlib import resources
from string import Template
from typing import Any

from flows.demo_sites.catalogue import DemoArticle, Story
from scrapers.models import Caption

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Resource:
    """One servable response; ``last_modified`` feeds the Last-Modified header."""

    body: bytes
    content_type: str
    last_modified: datetime
    status: int = 200


@dataclass(frozen=True, slots=True)
class Site:
    """A rendered publisher: its routes (path, or path?query for query-addressed pages) and facts."""

    name: str
    routes: Mapping[str, Resource]
    not_found: Resource
    articles: tuple[DemoArticle, ...]
    source: dict[str, Any]  # one [[source]] table of the sources file
    query_keys: tuple[str, ...] = ()  # query parameters that address a page
    # The traps a crawl of this site meets, for tests to check how each was recorded:
    not_articles: tuple[str, ...] = ()  # discoverable pages that look like articles by URL but are listings
    dead_links: tuple[str, ...] = ()  # discoverable article links answering 404
    tracking_links: tuple[str, ...] = ()  # discoverable links to a known article with utm_* parameters


@cache
def _template(name: str) -> Template:
    text = resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8")
    return Template(text.removesuffix("\n"))  # fragments are joined by the caller


def render(name: str, **values: str) -> str:
    """Fill a bundled template; every value must already be escaped HTML/XML."""
    return _template(name).substitute(values)


def esc(text: str) -> str:
    """Escape text for HTML or XML element content and attribute values."""
    return html.escape(text, quote=True)


def credited(caption: Caption) -> str:
    """A caption as news sites print it, credit last in brackets: "Ministers meet in Manila [Ana Lucero/Meridian]"."""
    return f"{caption.text} [{caption.credit}]" if caption.credit else caption.text


def slugify(text: str) -> str:
    """URL slug of a name or tag: "Energy security" -> "energy-security"."""
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def join(parts: Iterable[str]) -> str:
    return "\n".join(parts)


def updated(story: Story) -> datetime:
    """When a story last changed: its modification time, or its publication time."""
    return story.modified or story.published


def latest(stories: Iterable[Story]) -> datetime:
    """The newest change among stories (a listing's or feed's Last-Modified)."""
    return max(updated(s) for s in stories)


def html_resource(text: str, last_modified: datetime, status: int = 200) -> Resource:
    return Resource(text.encode("utf-8"), HTML, last_modified, status)


def xml_resource(text: str, last_modified: datetime, content_type: str = XML) -> Resource:
    return Resource(text.encode("utf-8"), content_type, last_modified)


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One RSS item; ``published`` is printed in its own offset (WordPress: UTC, Korean CMSs: +0900)."""

    title: str
    link: str
    published: datetime
    summary: str
    author: str
    category: str
    guid: str


def rss(*, title: str, link: str, self_url: str, description: str, language: str, items: Iterable[FeedItem]) -> str:
    """An RSS 2.0 document, items in the order given (newest first)."""
    entries = list(items)
    return render(
        "rss.xml", title=esc(title), link=esc(link), self_url=esc(self_url), description=esc(description),
        language=language, build_date=format_datetime(max(i.published for i in entries)),
        items=join(
            render("rss_item.xml", title=esc(i.title), link=esc(i.link), author=esc(i.author), category=esc(i.category),
                   summary=esc(i.summary), guid=esc(i.guid), published=format_datetime(i.published))
            for i in entries
        ),
    )


def demo_article(
    story: Story, *, source: str, url: str, timezone: str, language: str, chrome: Iterable[str]
) -> DemoArticle:
    """The expected facts for one rendered story."""
    return DemoArticle(
        source=source,
        url=url,
        title=story.title,
        authors=story.authors,
        published=story.published.isoformat(),
        modified=story.modified.isoformat() if story.modified else None,
        timezone=timezone,
        language=language,
        section=story.section,
        paragraphs=story.paragraphs,
        captions=tuple(c.caption for c in story.captions),
        must_not_contain=tuple(dict.fromkeys(chrome)),
        changes_in_edition=story.changes_in_edition,
        corrections=story.corrections,
    )
