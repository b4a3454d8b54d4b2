"""Publication and modification dates of a news page, with the evidence behind them.

Usage::

    from selectolax.lexbor import LexborHTMLParser
    from scrapers.dates import find_dates

    result = find_dates(LexborHTMLParser(html), url, fetched_at=page.fetched_at, timezone="America/New_York")
    result.published_at      # datetime(2023, 11, 8, 16, 56, 18, tzinfo=-05:00)
    result.published_from    # "jsonld"
    result.published_raw     # "2023-11-08T21:56:18Z"
    result.flags             # () or e.g. ("tz_bug_corrected",)

The page's own machine-readable metadata is preferred, visible bylines are
read when it is missing (or leaves the day open), and the URL and feed/sitemap
hints corroborate; dates embedded in scripts, links and file paths
(:mod:`scrapers.dates.embedded`) and written in the text are read last.
:mod:`scrapers.dates.reconcile` documents how conflicts are settled, and
:mod:`scrapers.dates.labels` how the words around a date tell what it is. The
site's "today" date bar and widgets, and dates of teasers, sidebars, captions
and events, are never taken.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from selectolax.lexbor import LexborHTMLParser

from scrapers.dates import reconcile as rules
from scrapers.dates.embedded import collect_embedded
from scrapers.dates.evidence import (
    STRONG,
    YEAR_ASSUMED,
    Collector,
    Evidence,
    collect_byline,
    collect_hints,
    collect_jsonld,
    collect_meta,
    collect_microdata,
    collect_title,
    collect_url,
    collect_url_slug,
    scan_text,
)
from scrapers.dates.parse import numeric_order
from scrapers.dates.zones import country_from_url, guess_zone
from scrapers.htmlmeta import PageMeta

__all__ = ["DateResult", "find_dates"]

# "en", "de-AT", "pt_BR", and with a script, region number or variant ("zh_Hant_TW", "es-419", WordPress's
# "de_DE_formal"); not "English"
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
_LABEL_NODES = 2_000  # text nodes read for a labelled byline: the headline and its byline come early


@dataclass(frozen=True, slots=True)
class DateResult:
    """What a page says about when it was published and modified, and where that was read.

    ``published_from`` is the kind of the strongest evidence for the chosen
    date: "jsonld", "meta", "time" (``<time>``, microdata, RDFa), "byline"
    (visible text, including relative "6 hours ago"), "url", "feed",
    "sitemap", "script" (inline scripts and data layers), "link" (a link to
    the day's archive, a dated upload path), "title" (a date standing as one
    part of the page's title: "Headline - 07.12.2017 - Site") or "text" (the
    last-resort scan of the page text); the last four are read only when nothing
    else dates the page.

    ``flags`` (sorted) say what a reader of the result should know:
    "tz_bug_corrected" (a ``+00:00`` stamp was local time, rule 2 in
    :mod:`scrapers.dates.reconcile`), "conflicting_published" (metadata gave
    other published dates too), "modified_before_published", "future" /
    "before_site" / "impossible" (such stamps were seen and refused),
    "offset_assumed" (no zone configured, stated or guessed: the stamp is in UTC
    and its day is the UTC day), "zone_guessed" (the local day comes from the
    zone of the page's country or language), "offset_from_url_day" /
    "offset_from_page_day" (a UTC-only instant shown in the whole-hour offset
    nearest UTC that puts it on the day the URL or the page names: the day is
    the publisher's, the offset a stand-in), "ambiguous_numeric" (a numeric date
    whose order nothing on the page settles, read in the page's country's
    order), "template_date" (structured data with a template's date refused),
    "modified_only" (the page states only when it changed, and that date stands
    for the publication), "year_assumed" (a byline printing only the month and day,
    "5月3日", dated in the year of the fetch: the URL names none), and, when no date is returned, "only_view_date" (the
    page's only dates were "today" widgets or date bars), "text_date_only"
    (dates written in its text, in places that are not a byline) and
    "only_comment_date" (comments' timestamps).
    """

    published_at: datetime | None  # aware, with the publisher's offset
    modified_at: datetime | None
    published_from: str | None
    published_raw: str | None  # the string as found
    flags: tuple[str, ...] = ()


def collect(tree: LexborHTMLParser, url: str | None, hints: Sequence[tuple[str, str]], out: Collector,
            page: PageMeta | None = None) -> None:
    """All evidence of the page. Dates embedded in scripts, links and file paths, and the whole-text scan,
    only when the page's markup states no publication date of its own (nothing of weight ``STRONG``); when
    it states one without a time, the text is searched for a date labelled as the publication, or one right
    under the headline (which shows a template's date for what it is: see reconcile._template_date)."""
    page = page or PageMeta.of(tree)
    out.find_headline(tree, page.index.page.title, page.index)
    collect_jsonld(page, url, out)
    collect_meta(page, out)
    collect_microdata(tree, out, page.index)
    collect_url(url, out)
    collect_byline(tree, out, page.index, url=url)
    collect_hints(hints, out)
    strong = [e for e in out.items if e.role == "published" and e.weight >= STRONG]
    if not strong:
        collect_embedded(tree, page, url, out)
        collect_title(page.index.page.title, out)
        scan_text(tree, out, page.index.page.title, url)
        collect_url_slug(url, out)  # last: only where nothing else dates the page
    elif all(e.stamp.precision == "day" for e in strong) and not _shown(strong, out.items):
        # metadata without a time that no visible date confirms: a date labelled as the publication may beat it
        scan_text(tree, out, page.index.page.title, url, max_nodes=_LABEL_NODES, labelled_only=True)


def _shown(strong: list[Evidence], items: list[Evidence]) -> bool:
    """Whether a byline or ``<time>`` of the page shows the day of one of the ``strong`` stamps."""
    days = {e.stamp.value.date() for e in strong}
    return any(e.kind in ("byline", "time") and e.role == "published" and e.stamp.value.date() in days for e in items)


_LOCALE_TAGS = ("og:locale", "content-language", "dc.language", "language")  # where a page without <html lang> says it


def _page_locale(tree: LexborHTMLParser, page: PageMeta) -> tuple[str | None, str | None]:
    """The language and country of ``<html lang="de-AT">``, else of the first meta tag of :data:`_LOCALE_TAGS` that
    holds a language tag ("de_AT", ``http-equiv="Content-Language" content="en-US"``), lower-cased."""
    html = tree.root
    tag = (html.attributes.get("lang") or "") if html is not None else ""
    tag = tag.strip() or next((value for name in _LOCALE_TAGS for value in page.meta.get(name, ())
                               if _LANGUAGE_TAG.fullmatch(value.strip())), "")
    parts = tag.strip().replace("_", "-").split("-")
    language = parts[0].lower() or None
    country = parts[1].lower() if len(parts) > 1 and len(parts[1]) == 2 and parts[1].isalpha() else None
    return language, country


def find_dates(tree: LexborHTMLParser, url: str | None = None, *, fetched_at: datetime | None = None,
               timezone: str | None = None, language: str | None = None,
               hints: Sequence[tuple[str, str]] = (), precomputed: PageMeta | None = None) -> DateResult:
    """Publication and modification dates of the page in ``tree`` (see the module docstring).

    ``timezone`` is the source's IANA zone, used for offset-less dates and for the local day of
    UTC-only stamps; ``language`` (else ``<html lang>``) helps read text dates, and the page's
    country (``<html lang="en-US">``, else its ccTLD) the order of numeric ones; ``hints`` are
    ``(kind, raw)`` dates from feeds or sitemaps for this URL; ``fetched_at`` anchors relative bylines
    ("6 hours ago") and the future check; ``precomputed`` is the page's JSON-LD and meta tags when
    the caller has read them already (the article extractor has), so they are not parsed twice.
    """
    page = precomputed or PageMeta.of(tree)
    own_language, country = _page_locale(tree, page)
    language = language or own_language
    domain = country_from_url(url)
    zone = ZoneInfo(timezone) if timezone else None
    guess = None if zone else guess_zone(domain, language, country)
    now = fetched_at if fetched_at is not None else datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=zone or UTC)
    out = Collector(now if fetched_at is not None else None, language, numeric_order(language, country or domain))
    out.zone_known = zone is not None or guess is not None
    collect(tree, url, hints, out, page)
    flags = out.flags
    stated = rules.publisher_offset(out.items)
    if guess is not None and stated is None and out.items:
        flags.add("zone_guessed")
    else:
        guess = None
    items = rules.correct_tz_bug(rules.localise(rules.read_numeric(out.items), zone, guess, flags, stated), flags)
    publisher = stated if items is out.items else rules.publisher_offset(items)
    zone = zone or guess
    published = rules.plausible([e for e in items if e.role == "published"], now, flags)
    modified = rules.last_modified([e for e in items if e.role == "modified"], now)
    chosen = rules.choose(rules.cluster(published, publisher), modified, flags)
    if chosen is None and modified is not None and modified.kind not in ("feed", "sitemap"):
        chosen = rules.Cluster([modified])  # the page states only when it changed: that is its date
        flags.add("modified_only")

    published_at = rules.present(chosen, publisher, zone) if chosen else None
    if published_at is not None and zone is None and publisher is None:
        published_at = rules.local_day(published_at, chosen, flags)  # type: ignore[arg-type]
    modified_at = None
    if modified is not None:
        target = publisher or zone
        modified_at = modified.stamp.value.astimezone(target) if target else modified.stamp.value
        if published_at is not None and modified_at + timedelta(seconds=60) < published_at:
            flags.add("modified_before_published")
    if chosen is None:
        if out.views:
            flags.add("only_view_date")
        if out.refused - {"comment"}:
            flags.add("text_date_only")
        if "comment" in out.refused:
            flags.add("only_comment_date")
        return DateResult(None, modified_at, None, None, tuple(sorted(flags)))
    if all(m.stamp.alternative is not None for m in chosen.members):
        flags.add("ambiguous_numeric")
    if all(m.label == YEAR_ASSUMED for m in chosen.members):
        flags.add("year_assumed")
    return DateResult(published_at, modified_at, chosen.anchor.kind, chosen.anchor.raw, tuple(sorted(flags)))
