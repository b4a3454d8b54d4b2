"""The records that flow through the pipeline: ``Page`` in, ``Article`` out.

Both are frozen so that a stage can never change what an earlier stage saw;
each stage returns a new value instead (``dataclasses.replace``).
"""

from __future__ import annotations

import dataclasses
import operator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar

if TYPE_CHECKING:
    from scrapers.prepare import Prepared
    from scrapers.similarity import Fingerprint

EXTRACTOR_VERSION = "0.2.0"

UrlKind = Literal["feed", "sitemap", "listing", "article", "unknown"]

RecordT = TypeVar("RecordT", bound=type)


def pickled_by_fields(cls: RecordT) -> RecordT:
    """Pickle a frozen slots dataclass as the tuple of its field values, its field names looked up once.

    A crawl pickles every page to an extraction worker and every record back (an article is some 25 such
    objects: its country mentions, captions, search entry...). ``dataclasses``' own state functions call
    ``fields()`` for each object, which made up half of the pickling cost in both processes."""
    names = tuple(f.name for f in dataclasses.fields(cls))
    read = operator.attrgetter(*names)
    assign = object.__setattr__

    def __getstate__(self: object) -> tuple[Any, ...]:
        values = read(self)
        return values if len(names) > 1 else (values,)

    def __setstate__(self: object, state: tuple[Any, ...]) -> None:
        for field_name, value in zip(names, state, strict=True):
            assign(self, field_name, value)

    for name, method in (("__getstate__", __getstate__), ("__setstate__", __setstate__)):
        setattr(cls, name, method)
    return cls


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Caption:
    """An image caption taken out of the body; ``credit`` is the photo credit ("Leah Millis/Reuters")."""

    text: str
    credit: str | None = None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Weather:
    """A site-header weather widget ("8.7 C / New York"): site chrome, not article content."""

    temperature: float
    unit: Literal["C", "F"]
    city: str | None
    raw: str

    @property
    def temperature_c(self) -> float:
        """The temperature in Celsius, rounded to 0.1 degree."""
        if self.unit == "F":
            return round((self.temperature - 32.0) * 5.0 / 9.0, 1)
        return round(self.temperature, 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "temperature": self.temperature,
            "unit": self.unit,
            "temperature_c": self.temperature_c,
            "city": self.city,
            "raw": self.raw,
        }


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class CountryMention:
    """A country an article names (scrapers.enrich.places): its ISO 3166-1 alpha-2 code, how often
    headline and text name it, and whether the headline and the dateline do."""

    code: str
    mentions: int
    in_headline: bool = False
    in_dateline: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "mentions": self.mentions, "in_headline": self.in_headline,
                "in_dateline": self.in_dateline}


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Page:
    """One fetched HTTP response, decoded; what ``extract`` reads."""

    url: str  # the final URL after redirects
    requested_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    text: str
    encoding: str
    fetched_at: datetime
    elapsed_ms: float = 0.0
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        """A 304 answer to a conditional GET: the stored record is still current."""
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class FeedRead(NamedTuple):
    """How a feed, sitemap or listing page answered this run: its status and validators, and when it
    was fetched — the read the next run's freshness rule counts from (``scrapers.discover``), which a long
    discovery would put later than the read itself if the time it is recorded were taken instead."""

    status: int
    etag: str | None
    last_modified: str | None
    fetched_at: datetime


class KnownDocument(NamedTuple):
    """A feed, sitemap or listing page an earlier run read: when (whole, or found unchanged by a 304), and the
    validators it was then served with, for a conditional GET (its Last-Modified also tells discovery whether
    the date an index gives it lags behind: ``scrapers.discover``)."""

    read_at: datetime
    last_modified: str | None = None
    etag: str | None = None


@dataclass(frozen=True, slots=True)
class Discovered:
    """A URL found by discovery, with the evidence the listing carried about it."""

    url: str  # after discovery's merge: the canonical key (scrapers.urls.canonicalize_url)
    source: str
    found_in: str  # the feed/sitemap/listing URL, or "seed"
    fetch_url: str | None = None  # the spelling to fetch: the first one seen (servers may insist on it)
    via: Literal["feed", "sitemap", "listing", "seed"] = "seed"
    kind: UrlKind = "article"
    published_raw: str | None = None  # feed pubDate / sitemap news:publication_date, as found
    title: str | None = None
    skip_reason: str | None = None  # set when discovery already knows the URL is not to be fetched


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Article:
    """One clean article record: what ``extract_article`` returns and storage lands.

    Datetimes are timezone-aware and keep the publisher's own offset;
    ``body`` holds paragraphs separated by one blank line.
    """

    url: str
    canonical_url: str | None = None
    site_name: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    authors_from: str | None = None  # evidence kind: rules, text, jsonld, meta, byline
    published_at: datetime | None = None
    modified_at: datetime | None = None
    published_from: str | None = None  # evidence kind: jsonld, meta, time, byline, url, sitemap, feed, script, link, text
    published_raw: str | None = None  # the string as found
    date_flags: tuple[str, ...] = ()  # e.g. "offset_assumed", "only_view_date", "future" (README: Publication dates)
    language: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    description: str | None = None
    body: str = ""
    lead_image: str | None = None
    captions: tuple[Caption, ...] = ()
    page_date: date | None = None  # the site's "today" date bar: the day the page was viewed
    weather: Weather | None = None
    is_article: bool = True
    reason: str | None = None  # why the body is empty / not an article, when it is
    extractor_version: str = EXTRACTOR_VERSION
    rules_version: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    dateline_place: str | None = None  # "Kyiv, Ukraine" of "KYIV, Ukraine (AP) —"
    agency: str | None = None  # the news agency the dateline or byline credits: AP, Reuters, Yonhap...
    countries: tuple[CountryMention, ...] = ()  # most mentioned first
    actors: tuple[str, ...] = ()  # organisations and leaders named (scrapers/enrich/data/actors.toml)
    corrections: tuple[str, ...] = ()  # correction/update notices, taken out of the body
    # The text's fingerprint (scrapers.similarity), made by the crawl stage for landing to place the
    # article in a story; not part of the record.
    fingerprint: Fingerprint | None = field(default=None, compare=False, repr=False)
    # Hashes, word count and search-index entry (scrapers.prepare), made by the crawl stage so that
    # the landing writer only inserts; not part of the record.
    prepared: Prepared | None = field(default=None, compare=False, repr=False)

    @property
    def word_count(self) -> int:
        return len(self.body.split())

    @property
    def published_day(self) -> date | None:
        """The publication day in the publisher's local time."""
        return self.published_at.date() if self.published_at else None

    def replace(self, **changes: Any) -> Article:
        """A changed copy, without ``prepared`` unless given (it describes the fields as they were)."""
        return dataclasses.replace(self, **{"prepared": None, **changes})

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe fields, in the documented order."""
        return {
            "url": self.url,
            "canonical_url": self.canonical_url,
            "site_name": self.site_name,
            "title": self.title,
            "authors": list(self.authors),
            "authors_from": self.authors_from,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "published_day": self.published_day.isoformat() if self.published_day else None,
            "published_from": self.published_from,
            "published_raw": self.published_raw,
            "modified_at": self.modified_at.isoformat() if self.modified_at else None,
            "date_flags": list(self.date_flags),
            "language": self.language,
            "section": self.section,
            "tags": list(self.tags),
            "description": self.description,
            "body": self.body,
            "word_count": self.word_count,
            "lead_image": self.lead_image,
            "captions": [{"text": c.text, "credit": c.credit} for c in self.captions],
            "page_date": self.page_date.isoformat() if self.page_date else None,
            "weather": self.weather.to_dict() if self.weather else None,
            "is_article": self.is_article,
            "reason": self.reason,
            "extractor_version": self.extractor_version,
            "rules_version": self.rules_version,
            "dateline_place": self.dateline_place,
            "agency": self.agency,
            "countries": [c.to_dict() for c in self.countries],
            "actors": list(self.actors),
            "corrections": list(self.corrections),
        }
