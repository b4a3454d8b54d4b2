"""Publication-day accuracy and speed: geowire's find_dates against htmldate (extensive and fast mode).

Run: ``.venv/bin/python benchmarks/dates.py [--shared ../shared] [--folds K] [--look 0,1] [--errors] [--unlabelled]``

Corpora (every page of both, in one run, every tool on the same decoded text and URL):

- ``dates-dev``: html.gz pages and ``expected.json`` (the publication day and URL of each).
- ``meta-dev``: the pages of ``gold.jsonl`` that state a publication date (``published``). Its
  sources write that date differently, so each gold value is first turned into the page's local
  publication day (see :func:`local_day`), and every tool is then scored on days alike.

Metric (shared/README.md): per page the extracted day equal to the expected one is a hit, a
different day a false positive, nothing while a day is expected a miss; pages expecting nothing
are hits only when nothing is returned; accuracy = hits / pages.

``--folds K`` splits the *sites* (hosts; an archive.org copy counts as the archived host) of
both corpora into K groups of about equal size (by a hash of the host name, so the split is the
same in every run and does not depend on the answers) and prints each group's accuracy for
geowire and htmldate, and the spread. ``--look 0,2`` names the groups looked at while making a
change: ``--errors`` then lists only their wrong pages, and the summary line gives the accuracy
on the other groups, the ones the change was not fitted to.

``--strip metadata`` (and/or ``h1``, ``url``; repeatable) scores every tool on the same pages with less
to go on: JSON-LD, date meta tags and date itemprops removed, ``<h1>`` turned into ``<div>``, the URL
not given. The pages nobody here has state less than most dev pages do; this shows how each tool's
fallbacks (bylines, text, embedded dates) hold up when the easy evidence is missing.

``--unlabelled`` also lists, for the pages that state no expected date (all of ``aeb-dev``, the pages of
``meta-dev`` without a ``published`` value, and ``pages-dev``), every page where geowire's day differs from
htmldate's (extensive or fast; one with a day and the other none counts): the fresh pages of this project,
nobody's answers, to be read by eye. Nothing is scored there; the counts are printed.

Speed: every tool's timing includes its own HTML parsing (lexbor for geowire, lxml for
htmldate). htmldate runs with ``original_date=True`` (publication, not last-modified, date),
which is what the expected days are. Speed is steady-state throughput over dates-dev, as in a
long-running pipeline: one untimed pass warms every tool's lazy imports and caches (it also
yields the answers scored), then the tools take turns for ``--repeat`` timed passes and each
one's best counts. Time is this process's CPU time (``time.process_time``), so other work on a
shared machine does not count against whichever tool happens to run during it. htmldate
memoises results per input string, so its caches are reset (``htmldate.meta.reset_caches``)
before each timed pass: otherwise the second pass would measure cache hits on pages it has
already seen.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import time
import warnings
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from htmldate.meta import reset_caches
from selectolax.lexbor import LexborHTMLParser

from scrapers.dates import DateResult, find_dates
from scrapers.encoding import decode_html

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Page:
    corpus: str  # "dates-dev", or "meta-dev/<source prefix>"
    name: str
    site: str  # the host, for folds
    url: str
    text: str
    expected: str | None  # the local publication day (ISO), or None when the page has none
    rule: str  # how the expected day was read from the gold value (meta-dev), "day" for dates-dev
    accepted: frozenset[str] = frozenset()  # other days also right (a UTC instant of unknown zone)


@dataclass
class Score:
    hits: int = 0
    false_positives: int = 0
    misses: int = 0
    seconds: float = 0.0

    def add(self, expected: str | None, found: str | None) -> bool:
        if found == expected:
            self.hits += 1
            return True
        if found is None:
            self.misses += 1
        else:
            self.false_positives += 1
        return False

    @property
    def pages(self) -> int:
        return self.hits + self.false_positives + self.misses

    @property
    def accuracy(self) -> float:
        return self.hits / self.pages if self.pages else 0.0

    @property
    def speed(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


# --- reading the gold ----------------------------------------------------------------------------------------------

def site_of(url: str) -> str:
    """The host a page belongs to (``www.`` dropped); for a web.archive.org copy, the archived page's host."""
    parts = urlsplit(url)
    if (parts.hostname or "").endswith("archive.org"):
        inner = re.search(r"/web/\d+[a-z_]*/(.+)", parts.path)
        if inner:
            parts = urlsplit(inner.group(1) if "://" in inner.group(1) else "http://" + inner.group(1))
    return (parts.hostname or "").removeprefix("www.")


# Stated offsets on the page: the ISO stamps of its metadata and <time> elements.
_STATED_OFFSET = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?\s*([+-]\d\d):?(\d\d)")
# Languages spoken (almost) only in one time zone, for pages that state no offset at all.
_LANGUAGE_ZONES = {"ja": "Asia/Tokyo", "ko": "Asia/Seoul", "zh": "Asia/Shanghai", "de": "Europe/Berlin",
                   "it": "Europe/Rome", "pl": "Europe/Warsaw", "cs": "Europe/Prague", "nl": "Europe/Amsterdam"}
# Without either, the pages are those of US and European publishers (and date-only stamps read at local
# midnight): the day the instant falls on anywhere from US Pacific time to central European summer time is accepted.
_UNKNOWN_OFFSETS = (-8, 2)


def _site_zone(html: str, language: str | None) -> tzinfo | None:
    """The page's own zone, as a scorer reads it without any extractor: the offset its ISO stamps state most
    (other than UTC), else the zone of its language when that language is spoken in one zone only."""
    offsets = Counter((sign_hours, minutes) for sign_hours, minutes in _STATED_OFFSET.findall(html)
                      if int(sign_hours) or int(minutes))
    if offsets:
        (sign_hours, minutes), _ = offsets.most_common(1)[0]
        sign = -1 if sign_hours.startswith("-") else 1
        return timezone(sign * timedelta(hours=abs(int(sign_hours)), minutes=int(minutes)))
    zone = _LANGUAGE_ZONES.get((language or "").split("-")[0].lower())
    return ZoneInfo(zone) if zone else None


def local_day(published: str, html: str, language: str | None) -> tuple[set[str], str]:
    """The publication day(s) a gold ``published`` value of meta-dev stands for, and the rule used.

    - a day (``2016-12-13``): that day. (postlight asserts only the day for a few pages, read in
      the test machine's zone; readability and newspaper4k give days as written.)
    - a date-time without offset (newspaper4k's URL midnight ``2023-11-06T00:00:00``, readability's
      ``2017-11-03 03:01:00``): the day as written, which is the publisher's local day.
    - a date-time with a non-UTC offset: the day as written, in the publisher's offset.
    - a UTC instant (postlight's ``…000Z``, converted by Mercury from the page's local time and the
      site's zone; some readability/newspaper4k metadata): the day in the site's zone, which the page
      itself tells (:func:`_site_zone`); where it tells nothing, any day the instant falls on between
      UTC-8 and UTC+2 (at most two days: these are US and European publishers).
    """
    value = datetime.fromisoformat(published)
    if "T" not in published and " " not in published:
        return {value.date().isoformat()}, "day"
    if value.tzinfo is None:
        return {value.date().isoformat()}, "naive"
    if value.utcoffset():
        return {value.date().isoformat()}, "offset"
    zone = _site_zone(html, language)
    if zone is not None:
        return {value.astimezone(zone).date().isoformat()}, "utc-in-page-zone"
    days = {(value + timedelta(hours=h)).date().isoformat() for h in range(_UNKNOWN_OFFSETS[0], _UNKNOWN_OFFSETS[1] + 1)}
    return days, "utc-zone-unknown"


def _decoded(path: Path) -> str:
    return decode_html(gzip.decompress(path.read_bytes()), None)[0]


def load_dates_dev(corpus: Path) -> list[Page]:
    expected = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    return [Page("dates-dev", name, site_of(record["url"]), record["url"], _decoded(corpus / "html" / f"{name}.gz"),
                 record["expected_date"], "day")
            for name, record in sorted(expected.items())]


def load_meta_dev(corpus: Path) -> list[Page]:
    pages: list[Page] = []
    for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if not record.get("published"):
            continue
        text = _decoded(corpus / "html" / f"{record['id']}.html.gz")
        days, rule = local_day(record["published"], text, record.get("html_lang") or record.get("language"))
        url = record.get("url") or ""
        prefix = record["id"].split("-", 1)[0]
        pages.append(Page(f"meta-dev/{prefix}", record["id"], site_of(url) or record["id"], url, text,
                              min(days), rule, frozenset(days)))
    return pages


_JSONLD = re.compile(r"<script[^>]*ld\+json[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)
_DATE_META = re.compile(r"<meta[^>]*(?:date|time|publish|modified|created|updated)[^>]*>", re.IGNORECASE)
_DATE_ITEMPROP = re.compile(r"""itemprop=["']date(?:Published|Modified|Created)["']""", re.IGNORECASE)
_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)
STRIPS: dict[str, Callable[[Page], Page]] = {
    "metadata": lambda p: replace(p, text=_DATE_ITEMPROP.sub("", _DATE_META.sub("", _JSONLD.sub("", p.text)))),
    "h1": lambda p: replace(p, text=_H1.sub(r"<\1div", p.text)),
    "url": lambda p: replace(p, url=""),
}


def load_unlabelled(corpora: Path) -> list[Page]:
    """The pages without an expected day (see ``--unlabelled``), those of the corpora that are present."""
    pages: list[Page] = []
    if (corpora / "aeb-dev").is_dir():
        truth = json.loads((corpora / "aeb-dev" / "ground-truth.json").read_text(encoding="utf-8"))
        pages += [Page("aeb-dev", name, site_of(record.get("url") or ""), record.get("url") or "",
                       _decoded(corpora / "aeb-dev" / "html" / f"{name}.html.gz"), None, "none")
                  for name, record in sorted(truth.items())]
    if (corpora / "meta-dev").is_dir():
        for line in (corpora / "meta-dev" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if not record.get("published"):
                url = record.get("url") or ""
                pages.append(Page("meta-dev", record["id"], site_of(url), url,
                                  _decoded(corpora / "meta-dev" / "html" / f"{record['id']}.html.gz"), None, "none"))
    if (corpora / "pages-dev").is_dir():
        for record in json.loads((corpora / "pages-dev" / "gold.json").read_text(encoding="utf-8")):
            text = decode_html((corpora / "pages-dev" / "html" / record["file"]).read_bytes(), None)[0]
            pages.append(Page("pages-dev", record["file"], site_of(record["url"]), record["url"], text, None, "none"))
    return pages


def unlabelled_report(pages: list[Page]) -> None:
    """geowire's day against htmldate's on pages nobody gave a day (see ``--unlabelled``)."""
    answers = {label: {page.name: tool(page.text, page.url) for page in pages} for label, tool in TOOLS.items()}
    ours_ = answers["geowire"]
    ext, fast = answers["htmldate extensive"], answers["htmldate fast"]
    print(f"\nunlabelled pages: {len(pages)}; geowire's day differs from htmldate extensive's on "
          f"{sum(ours_[p.name] != ext[p.name] for p in pages)}, from htmldate fast's on "
          f"{sum(ours_[p.name] != fast[p.name] for p in pages)}")
    for page in pages:
        if ours_[page.name] in (ext[page.name], fast[page.name]) and ext[page.name] == fast[page.name]:
            continue
        result = find(page.text, page.url)
        print(f"  {page.corpus} {page.name[:40]}: geowire {ours_[page.name]} from {result.published_from} "
              f"{(result.published_raw or '')[:50]!r} {list(result.flags)}; ext {ext[page.name]}, fast {fast[page.name]}"
              f" {page.url[:80]}")


def expected_for(page: Page, found: str | None) -> str | None:
    """The expected day, or ``found`` itself when the gold accepts it (a UTC instant of unknown zone)."""
    if found in page.accepted:
        return found
    return page.expected


# --- the tools -----------------------------------------------------------------------------------------------------

def find(html: str, url: str) -> DateResult:
    return find_dates(LexborHTMLParser(html), url or None)


def ours(html: str, url: str) -> str | None:
    result = find(html, url)
    return result.published_at.date().isoformat() if result.published_at else None


def htmldate_tool(extensive: bool) -> Callable[[str, str], str | None]:
    from htmldate import find_date

    def run(html: str, url: str) -> str | None:
        return find_date(html, url=url or None, original_date=True, extensive_search=extensive,
                         outputformat="%Y-%m-%d")

    return run


TOOLS: dict[str, Callable[[str, str], str | None]] = {
    "geowire": ours, "htmldate extensive": htmldate_tool(True), "htmldate fast": htmldate_tool(False),
}


# --- reporting -----------------------------------------------------------------------------------------------------

def fold_of(sites: Iterable[str], k: int) -> dict[str, int]:
    """Sites dealt into ``k`` folds of (nearly) equal size, in the order of a hash of their names."""
    ordered = sorted(set(sites), key=lambda s: (zlib.crc32(s.encode()), s))
    return {site: i % k for i, site in enumerate(ordered)}


def score(pages: list[Page], answers: dict[str, dict[str, str | None]], label: str) -> Score:
    result = Score()
    for page in pages:
        found = answers[label][page.name]
        result.add(expected_for(page, found), found)
    return result


def table(title: str, groups: dict[str, list[Page]], answers: dict[str, dict[str, str | None]]) -> None:
    print(f"\n{title}")
    print(f"{'':<22}{'pages':>6}" + "".join(f"{label:>20}" for label in TOOLS) + f"{'geowire - ext':>15}")
    for name, pages in groups.items():
        if not pages:
            continue
        accuracy = {label: score(pages, answers, label).accuracy for label in TOOLS}
        print(f"{name:<22}{len(pages):>6}" + "".join(f"{accuracy[label]:>20.3f}" for label in TOOLS)
              + f"{accuracy['geowire'] - accuracy['htmldate extensive']:>+15.3f}")


def folds_report(pages: list[Page], answers: dict[str, dict[str, str | None]], k: int, look: set[int]) -> None:
    folds = fold_of((p.site for p in pages), k)
    groups = {f"fold {i}{' (looked at)' if i in look else ''}": [p for p in pages if folds[p.site] == i]
              for i in range(k)}
    table(f"folds: the {len(folds)} sites of both corpora in {k} groups", groups, answers)
    margins = []
    for pages_of in groups.values():
        margins.append(score(pages_of, answers, "geowire").accuracy
                       - score(pages_of, answers, "htmldate extensive").accuracy)
    print(f"{'geowire - ext spread':<22}{'':>6} min {min(margins):+.3f}  mean {statistics.mean(margins):+.3f}  "
          f"max {max(margins):+.3f}")
    if look:
        held = [p for p in pages if folds[p.site] not in look]
        ours_held = score(held, answers, "geowire").accuracy
        ext_held = score(held, answers, "htmldate extensive").accuracy
        print(f"{'held-out folds':<22}{len(held):>6} geowire {ours_held:.3f}  ext {ext_held:.3f}  "
              f"({ours_held - ext_held:+.3f})")


def errors_report(pages: list[Page], answers: dict[str, dict[str, str | None]], folds: dict[str, int] | None,
                  look: set[int]) -> None:
    print("\ngeowire's wrong pages" + (f" in folds {sorted(look)}" if look else "") + ":")
    for page in pages:
        if folds is not None and look and folds[page.site] not in look:
            continue
        found = answers["geowire"][page.name]
        if found == expected_for(page, found):
            continue
        result = find(page.text, page.url)
        ext = answers["htmldate extensive"][page.name]
        print(f"  {page.corpus} {page.name}: expected {page.expected} ({page.rule}), got {found} "
              f"from {result.published_from} {result.published_raw!r} {list(result.flags)}; ext {ext}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--errors", action="store_true", help="list geowire's wrong pages")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per tool (best counts)")
    parser.add_argument("--folds", type=int, default=0, metavar="K", help="split the sites into K groups")
    parser.add_argument("--look", default="", help="comma-separated folds looked at (errors shown only for them)")
    parser.add_argument("--unlabelled", action="store_true",
                        help="list where geowire and htmldate differ on the pages without an expected day")
    parser.add_argument("--strip", action="append", choices=sorted(STRIPS), default=[],
                        help="score on pages without their date metadata / <h1> / URL (repeatable)")
    args = parser.parse_args()
    corpora = args.shared / "corpus"
    if not (corpora / "dates-dev").is_dir():
        raise SystemExit(f"corpus not found: {corpora / 'dates-dev'} (pass --shared)")
    dates_dev = load_dates_dev(corpora / "dates-dev")
    meta_dev = load_meta_dev(corpora / "meta-dev") if (corpora / "meta-dev").is_dir() else []
    for strip in args.strip:
        dates_dev, meta_dev = [STRIPS[strip](p) for p in dates_dev], [STRIPS[strip](p) for p in meta_dev]
    pages = dates_dev + meta_dev
    look = {int(x) for x in args.look.split(",") if x.strip()}

    warnings.simplefilter("ignore")
    answers = {label: {page.name: tool(page.text, page.url) for page in pages} for label, tool in TOOLS.items()}
    timings: dict[str, list[float]] = {label: [] for label in TOOLS}
    for _ in range(args.repeat):  # tools take turns, so a busy spell of the machine hits them alike
        for label, tool in TOOLS.items():
            reset_caches()
            start = time.process_time()
            for page in dates_dev:
                tool(page.text, page.url)
            timings[label].append(time.process_time() - start)

    table("publication-day accuracy" + (f" (pages stripped of: {', '.join(args.strip)})" if args.strip else ""), {
        "dates-dev": dates_dev, "meta-dev": meta_dev,
        **{f"  {corpus}": [p for p in meta_dev if p.corpus == corpus] for corpus in sorted({p.corpus for p in meta_dev})},
    }, answers)
    rules = Counter(p.rule for p in meta_dev)
    if rules:
        print("  meta-dev gold read as: " + ", ".join(f"{rule} {n}" for rule, n in sorted(rules.items())))

    print(f"\nspeed, dates-dev ({len(dates_dev)} pages, best of {args.repeat} passes, CPU time)")
    fast = len(dates_dev) / min(timings["htmldate fast"])
    print(f"{'tool':<22}{'pages/cpu-s':>12}{'speed/fast':>12}")
    for label in TOOLS:
        speed = len(dates_dev) / min(timings[label])
        print(f"{label:<22}{speed:>12.1f}{speed / fast:>12.2f}")

    folds = fold_of((p.site for p in pages), args.folds) if args.folds else None
    if args.folds:
        folds_report(pages, answers, args.folds, look)
    if args.errors:
        errors_report(pages, answers, folds, look)
    if args.unlabelled:
        unlabelled_report(load_unlabelled(corpora))


if __name__ == "__main__":
    main()
