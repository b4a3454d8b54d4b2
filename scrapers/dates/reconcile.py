"""Weighing a page's date evidence the way an expert reads it.

The rules, in order (each has a unit test in ``tests/test_dates_rules.py`` or ``tests/test_dates_days.py``):

0. **Numeric order** -- an ambiguous numeric date ("11/01/2023", read in the
   order of the page's country) takes the reading another date of the page
   confirms (:func:`read_numeric`); unconfirmed, a chosen date resting on it is
   flagged ``ambiguous_numeric``.
1. **Offset-less stamps** get the source's IANA zone (DST-correct via
   zoneinfo); without one, the offset that makes them equal to a stamp that has
   one, else the publisher's offset seen elsewhere on the page, else the zone
   of the page's country or language (flag ``zone_guessed``), else UTC (flag
   ``offset_assumed``).
2. **Theme timezone bug** -- a stamp with ``+00:00`` whose wall-clock digits
   equal another stamp's with a real offset is local time mislabelled as UTC
   (a common WordPress/tagDiv bug); it takes the real offset (flag
   ``tz_bug_corrected``). Offset-less stamps localised by rule 1 count, so a
   byline "1:46 pm" in the source's zone exposes an og ``13:46+00:00``.
3. **Implausible stamps** -- after the fetch (plus a day of clock skew) or
   before 1995 -- are refused (flags ``future``, ``before_site``).
4. **Agreement** -- published stamps that denote the same instant (or the same
   day, for date-only evidence; a UTC-only instant agrees with every day it falls
   on between ``URL_DAY_OFFSETS`` of UTC) form a cluster; the cluster with the
   most independent weight wins. Disagreeing machine-readable clusters raise
   ``conflicting_published``, a cluster that is later than the page's own
   modified stamp loses to one that is consistent with it, and structured data
   without a time, a year older than every date the page shows, loses to them
   (``template_date``, :func:`_template_date`).
5. **Presentation** -- the winner's instant comes from its most precise
   member, expressed in the publisher's offset (a non-UTC offset stated on the
   page, else the source's zone); a UTC-only instant is shown on the day a
   day-only member of its cluster names (:func:`local_day`), else stays in UTC
   (``offset_assumed``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from scrapers.dates.evidence import METADATA, STRONG, Evidence
from scrapers.dates.parse import Stamp

MIN_DATE = datetime(1995, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)
URL_DAY_OFFSETS = (-9, 12)  # hours: Alaska to New Zealand, where nearly all news publishers are
# Stamps of one publication written by different plugins differ by seconds ("21:57:00 -0800" vs 05:57:50Z),
# and minute-precision ones by up to a minute.
SAME_INSTANT = timedelta(seconds=60)
TEMPLATE_AGE = timedelta(days=365)  # structured data this much older than every visible date is a template's
VISIBLE = frozenset({"byline", "time", "text"})  # kinds of evidence a reader sees on the page
_PRECISION_RANK = {"day": 0, "minute": 1, "second": 2}


@dataclass(slots=True)
class Cluster:
    """Evidence agreeing on one publication instant (or day, for date-only evidence), strongest first."""

    members: list[Evidence] = field(default_factory=list)

    @property
    def anchor(self) -> Evidence:
        return self.members[0]

    @property
    def score(self) -> float:
        """Sum over independent kinds of evidence (JSON-LD, meta, byline, URL, ...) of the strongest of each."""
        best: dict[str, float] = {}
        for e in self.members:
            best[e.kind] = max(best.get(e.kind, 0), e.weight)
        return sum(best.values())

    @property
    def precise(self) -> Evidence:
        return max(self.members, key=lambda e: (_PRECISION_RANK[e.stamp.precision], e.weight))


def _days(e: Evidence, publisher: tzinfo | None) -> set[date]:
    value = e.stamp.value
    days = {value.date()}
    if publisher is not None and e.stamp.precision != "day":
        days.add(value.astimezone(publisher).date())
    return days


def _compatible(a: Evidence, b: Evidence, publisher: tzinfo | None) -> bool:
    if a.stamp.precision == "day" and b.stamp.precision == "day":
        return a.stamp.value.date() == b.stamp.value.date()
    if a.stamp.precision == "day" or b.stamp.precision == "day":
        day, instant = (a, b) if a.stamp.precision == "day" else (b, a)
        if publisher is None and _is_utc(instant.stamp.value):  # the local day of a UTC-only instant is open
            return _day_of_utc(instant.stamp.value, day.stamp.value.date())
        return bool(_days(a, publisher) & _days(b, publisher))
    return abs(a.stamp.value - b.stamp.value) <= SAME_INSTANT


def _day_of_utc(value: datetime, day: date) -> bool:
    """Whether the UTC instant ``value`` falls on ``day`` somewhere between ``URL_DAY_OFFSETS`` of UTC."""
    return (value + timedelta(hours=URL_DAY_OFFSETS[0])).date() <= day <= (value + timedelta(hours=URL_DAY_OFFSETS[1])).date()


def _wall(value: datetime) -> datetime:
    return value.replace(tzinfo=None)


_ZERO = timedelta(0)


def _is_utc(value: datetime) -> bool:
    return value.utcoffset() == _ZERO


def _restamped(e: Evidence, value: datetime) -> Evidence:
    """``e`` at instant ``value`` (``dataclasses.replace`` costs microseconds a call, twice per stamp); an
    ambiguous reading's alternative moves into the same offset."""
    other = e.stamp.alternative
    return Evidence(e.role, e.kind, e.label, e.raw, Stamp(value, e.stamp.precision, other if other is None else
                                                          other.replace(tzinfo=value.tzinfo)), e.weight)


def correct_tz_bug(items: list[Evidence], flags: set[str]) -> list[Evidence]:
    """Rule 2: a ``+00:00`` stamp repeating another stamp's wall clock takes that stamp's real offset.

    ``items`` itself comes back when no stamp is corrected.
    """
    offsets = {_wall(e.stamp.value): e.stamp.value.tzinfo for e in items
               if e.stamp.aware and e.stamp.precision != "day" and not _is_utc(e.stamp.value)}
    if not offsets:
        return items
    fixed: list[Evidence] = []
    corrected = False
    for e in items:
        real = offsets.get(_wall(e.stamp.value)) if e.stamp.aware and _is_utc(e.stamp.value) else None
        if real is not None and e.stamp.precision != "day":
            e = _restamped(e, e.stamp.value.replace(tzinfo=real))
            corrected = True
        fixed.append(e)
    if not corrected:
        return items
    flags.add("tz_bug_corrected")
    return fixed


def read_numeric(items: list[Evidence]) -> list[Evidence]:
    """An ambiguous numeric date ("11/01/2023") takes the reading another date of the page confirms.

    Read in the page's order first (:func:`scrapers.dates.parse.numeric_order`), it is swapped
    when only its other reading is the day of some other evidence (the URL, a meta tag, another
    byline), and loses its ``alternative`` when either reading is confirmed; unconfirmed it keeps
    it, and a chosen date resting on such readings alone is flagged ``ambiguous_numeric``.
    ``items`` itself comes back when no date is ambiguous.
    """
    if all(e.stamp.alternative is None for e in items):
        return items
    sure = {e.stamp.value.date() for e in items if e.stamp.alternative is None}
    out: list[Evidence] = []
    for e in items:
        stamp = e.stamp
        if stamp.alternative is not None and (stamp.value.date() in sure or stamp.alternative.date() in sure):
            value = stamp.value if stamp.value.date() in sure else stamp.alternative
            e = Evidence(e.role, e.kind, e.label, e.raw, Stamp(value, stamp.precision), e.weight)
        out.append(e)
    return out


def publisher_offset(items: list[Evidence]) -> tzinfo | None:
    """The non-UTC offset the page states most (weighted), i.e. the publisher's local offset."""
    votes: dict[tzinfo, float] = {}
    for e in items:
        offset = e.stamp.value.tzinfo
        if offset is not None and e.stamp.precision != "day" and not _is_utc(e.stamp.value):
            votes[offset] = votes.get(offset, 0) + e.weight
    return max(votes, key=votes.__getitem__) if votes else None  # ties: the first stated, as Counter.most_common


def _matching_offset(naive: Stamp, items: list[Evidence]) -> tzinfo | None:
    """The offset that makes a naive stamp the same instant as an aware one on the page (a whole quarter hour)."""
    if naive.precision == "day":
        return None
    quarter = timedelta(minutes=15)
    for e in items:
        if not e.stamp.aware or e.stamp.precision == "day":
            continue
        delta = _wall(naive.value) - _wall(e.stamp.value.astimezone(UTC))
        if abs(delta) <= timedelta(hours=14) and abs(delta - round(delta / quarter) * quarter) <= SAME_INSTANT:
            return e.stamp.value.tzinfo if _wall(e.stamp.value) == _wall(naive.value) else \
                _fixed(round(delta / quarter) * quarter)
    return None


def _fixed(delta: timedelta) -> tzinfo:
    return UTC if not delta else timezone(delta)


def localise(items: list[Evidence], zone: tzinfo | None, guess: tzinfo | None, flags: set[str],
             publisher: tzinfo | None) -> list[Evidence]:
    """Rule 1: give every naive stamp an offset.

    In order: the source's configured ``zone``; the offset that makes the
    stamp equal to an aware one on the page; the publisher's offset seen on
    the page (``publisher_offset(items)``); the zone guessed from the domain; else UTC.
    ``items`` itself comes back when every stamp has an offset already.
    """
    if all(e.stamp.aware for e in items):
        return items
    any_aware = any(e.stamp.aware for e in items)
    out: list[Evidence] = []
    for e in items:
        if not e.stamp.aware:
            tz = zone or _matching_offset(e.stamp, items) or publisher or guess
            if tz is None:
                tz = UTC
                if not any_aware:
                    flags.add("offset_assumed")
            e = _restamped(e, e.stamp.value.replace(tzinfo=tz))
        out.append(e)
    return out


def plausible(items: list[Evidence], fetched_at: datetime, flags: set[str]) -> list[Evidence]:
    """Rule 3: refuse published stamps from the future or from before news sites existed."""
    kept: list[Evidence] = []
    limit = fetched_at + FUTURE_TOLERANCE
    for e in items:
        if e.stamp.value > limit:
            if e.weight >= STRONG or e.kind in METADATA:
                flags.add("future")
        elif e.stamp.value < MIN_DATE:
            if e.weight >= STRONG or e.kind in METADATA:
                flags.add("before_site")
        else:
            kept.append(e)
    return kept


def last_modified(items: list[Evidence], fetched_at: datetime) -> Evidence | None:
    """The latest modification the page's metadata states (themes often leave one tag at the first save)."""
    candidates = plausible(items, fetched_at, set())
    strong = [e for e in candidates if e.weight >= STRONG] or candidates
    return max(strong, key=lambda e: (e.stamp.value, e.weight), default=None)


def cluster(items: list[Evidence], publisher: tzinfo | None) -> list[Cluster]:
    """Rule 4: group agreeing evidence, strongest first."""
    clusters: list[Cluster] = []
    for e in sorted(items, key=lambda e: -e.weight):
        for c in clusters:
            if _compatible(c.anchor, e, publisher) and all(
                    _compatible(m, e, publisher) for m in c.members if m.stamp.precision != "day"):
                c.members.append(e)
                break
        else:
            clusters.append(Cluster([e]))
    return sorted(clusters, key=lambda c: -c.score)


def choose(clusters: list[Cluster], modified: Evidence | None, flags: set[str]) -> Cluster | None:
    """Rule 4: the heaviest cluster, unless it contradicts the page's modified stamp and a rival does not,
    or it is a template's date (:func:`_template_date`).

    Only a rival within a day counts: sources that disagree by minutes are two
    stamps of one publication, and the page's modified time tells which one is
    real; a rival years away is some other date.
    """
    if not clusters:
        return None
    best = clusters[0]
    visible = _template_date(best, clusters[1:])
    if visible is not None:
        flags.update(("template_date", "conflicting_published"))
        return visible
    rivals = [c for c in clusters[1:] if c.score >= STRONG]
    if rivals and best.score >= STRONG:
        flags.add("conflicting_published")
        if modified is not None and modified.stamp.precision != "day":
            limit = modified.stamp.value + SAME_INSTANT
            if best.precise.stamp.value > limit:
                consistent = [c for c in rivals if c.precise.stamp.value <= limit
                              and abs(c.precise.stamp.value - best.precise.stamp.value) < timedelta(days=1)]
                if consistent:
                    return consistent[0]
    return best


def _template_date(best: Cluster, rivals: list[Cluster]) -> Cluster | None:
    """The visible date to take instead of ``best`` when ``best`` is structured data alone, without a time
    (a day, or midnight), and more than :data:`TEMPLATE_AGE` older than every date the page shows (bylines,
    ``<time>``, text): the date of a theme's or a site's template ("datePublished": "2011-01-01" on every
    page), not of this article.

    Why metadata wins otherwise: a byline date that disagrees with the page's own publication metadata
    by days or months is far more often an update, an event or another item's date than a wrong tag, and a
    stamp with a time of day was written when something was published. Only a gap no edit explains (a
    year), on a date-only value as templates and CMS fields write them, reverses that.
    """
    if best.precise.stamp.precision != "day" or not all(m.kind in METADATA for m in best.members):
        return None
    shown = [c for c in rivals if any(m.kind in VISIBLE for m in c.members)]
    oldest = best.precise.stamp.value
    if shown and all(c.precise.stamp.value - oldest > TEMPLATE_AGE for c in shown):
        return shown[0]
    return None


def local_day(value: datetime, chosen: Cluster, flags: set[str]) -> datetime:
    """The chosen UTC-only instant shown on the publisher's day, when the page tells that day.

    Without a configured zone or a stated offset, a UTC instant's local day is open: a day-only
    date of the same publication on the page (the URL's ``/2019/11/18/``, a byline "18 November
    2019") tells it, and :func:`offset_for_day` gives the instant an offset that puts it there
    (flags ``offset_from_url_day`` / ``offset_from_page_day``). Else the instant stays in UTC and is
    flagged ``offset_assumed``: its day is the UTC day, which for a publisher far from UTC may be
    the day before or after the one it printed.
    """
    if value.utcoffset() != timedelta(0):
        return value
    days = [m for m in sorted(chosen.members, key=lambda m: -m.weight) if m.stamp.precision == "day"]
    if days and all(m.stamp.value.date() != value.date() for m in days):
        offset = offset_for_day(value, {days[0].stamp.value.date()})
        if offset is not None:
            flags.add("offset_from_url_day" if days[0].kind == "url" else "offset_from_page_day")
            return value.astimezone(offset)
    if chosen.precise.stamp.precision != "day":
        flags.add("offset_assumed")
    return value


def offset_for_day(value: datetime, days: set[date]) -> tzinfo | None:
    """The whole-hour offset nearest to UTC that puts a UTC instant on one of ``days`` (the URL's date), or None.

    For pages stamped only in UTC whose URL names the local day: venturebeat.com/2019/11/18/...
    published at 2019-11-19T07:03Z was written in the evening of the 18th in California. The
    exact zone is unknown; the day is not, and the instant stays exact. A day that would need an
    offset beyond ``URL_DAY_OFFSETS`` is rather the day the story was first drafted (the
    Washington Post's URL says 2020/07/08 for a story published 2020-07-09T10:04Z).
    """
    if value.utcoffset() != timedelta(0):
        return None
    seconds = (value - value.replace(hour=0, minute=0, second=0, microsecond=0)).total_seconds()
    for day in days:
        if day == value.date() - timedelta(days=1):
            hours = -math.ceil((seconds + 1) / 3600)
        elif day == value.date() + timedelta(days=1):
            hours = math.ceil((86400 - seconds) / 3600)
        else:
            continue
        if URL_DAY_OFFSETS[0] <= hours <= URL_DAY_OFFSETS[1]:
            return timezone(timedelta(hours=hours))
    return None


def present(chosen: Cluster, publisher: tzinfo | None, zone: tzinfo | None) -> datetime:
    """Rule 5: the most precise instant of the cluster in the publisher's offset (else ``zone``)."""
    precise = chosen.precise
    value = precise.stamp.value
    if precise.stamp.precision == "day":
        return value
    offsets = [m.stamp.value.tzinfo for m in chosen.members
               if m.stamp.precision != "day" and not _is_utc(m.stamp.value)]
    target = offsets[0] if offsets else (publisher or zone)
    return value.astimezone(target) if target is not None else value
