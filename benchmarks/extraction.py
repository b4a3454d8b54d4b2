"""Extraction benchmark: geowire's extractor against trafilatura on the same pages, in one process.

Usage::

    .venv/bin/python benchmarks/extraction.py [--only aeb|meta|pages ...] [--repeat 3] [--worst 10] [--text]
                                              [--misses title|authors|body] [--source pl] [--conventions]

Three corpora of ``../shared/corpus``, each scored for both tools in the same run (``--only``
picks some; all three by default):

``aeb-dev`` (body text and speed). One table (F1, precision, recall with the AEB shingle metric of
``scrapers/extract/metrics.py``; pages/s, median and p95 ms/page, peak traced memory) and the
ratios to trafilatura. geowire runs twice: ``geowire`` is the full record the pipeline stores
(``extract_article``: body, metadata, header chrome, publication dates), ``geo-body`` only the
work ``trafilatura.extract`` does (parse + main text); trafilatura runs twice too: ``trafilatura`` is
``trafilatura.extract`` (main text only), ``traf+meta`` its record with metadata (``bare_extraction``
with ``with_metadata=True``: title, authors, date by htmldate, site name), the like-for-like reference
for geowire's full record. The ratios printed: geowire's record against both, its body against the
plain extract. Timings are CPU time of this process
(``time.process_time``) unless ``--wall`` (on a shared machine other processes inflate
wall-clock time of both tools unevenly), the best of ``--repeat`` runs per page, so a background
hiccup does not count against either tool; memory is measured in a separate pass, because
tracing slows both. Both tools get each page as fetched, the response bytes (both decode them
themselves), which is what the pipeline hands the extractor; ``--text`` gives both the decoded
text instead (geowire then pays for encoding it back to UTF-8 for its parser).

``meta-dev`` (headline, authors, body of pages from five other projects' test suites). Its gold
follows those projects' conventions and has known errors, so it is read *relative* to
trafilatura (``bare_extraction`` with metadata), per source prefix (``pl`` postlight, ``ms``
metascraper, ``rd`` readability, ``n4k`` newspaper4k, ``g3`` goose3) and overall:

- *title*: exact after folding both sides the same way (:func:`fold`): Unicode NFKC, curly
  quotes and primes to straight ones, dashes to "-", "…" to "...", whitespace collapsed, case
  folded. metascraper's gold passes titles through "smartquotes", so quote style is no
  evidence either way; nor is case, which some gold changes. *title±site* also accepts a
  title that differs only by trailing " | Site" / " - Site" / "_Site" segments naming the site
  (its og:site_name or application-name, or a label of the URL's host), on either side:
  metascraper, readability and goose3 give the ``<title>`` with such suffixes, where geowire
  (by design) and the other peers give the bare headline.
- *authors*: the set of folded names equals the gold's, against ``authors_split`` where present
  (the byline split into names), else ``authors``. Not scored where the gold does not cover
  authors (``null``), where a "checked by hand" note says the gold is wrong, or where the gold
  is empty while the page declares authors (``gold-empty-page-has-authors``: a snapshot peer
  that found nothing).
- *body F1*: the AEB shingle metric on the pages with full-text gold (``body_kind`` ``full`` or
  ``full-text-of-expected-html``); *prefix*: on the others, the share of pages whose folded body
  contains the gold's opening words (postlight's and goose3's tests assert only a prefix).

``pages-dev`` (hand-made gold, 11 pages with header chrome): titles exact, authors as a
case-insensitive list, the date bar's day and the weather widget (temperature, unit, city, raw)
equal to the gold, each as hits/pages (trafilatura has no date bar or weather: "-").

``--misses`` lists the meta-dev pages where geowire is wrong on a field (with trafilatura's answer).

``--conventions`` shows whose title each source's gold is: per source, the exact-title share (as *title*
scores it) of four fixed choices, each taken verbatim, falling back in the order given when a page lacks
it: the first ``<h1>`` (then og:title, ``<title>``), og:title (then twitter:title, JSON-LD headline,
``<title>``, ``<h1>``), the JSON-LD headline (then og:title, ``<title>``, ``<h1>``) and ``<title>`` (then
og:title, ``<h1>``). A source whose gold one fixed choice matches on every page follows that convention,
whatever the page shows its reader.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import re
import statistics
import sys
import time
import tracemalloc
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selectolax.lexbor import LexborHTMLParser

from scrapers.extract import extract_article
from scrapers.extract.body import extract_body
from scrapers.extract.headline import headings
from scrapers.extract.metadata import Precomputed
from scrapers.extract.metrics import CorpusScore, PageScore, score_corpus, score_page

SHARED = ROOT.parent / "shared" / "corpus"
DEFAULT_CORPUS = SHARED / "aeb-dev"
CORPORA = ("aeb", "meta", "pages")
Extractor = Callable[[str | bytes, str], str]


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    url: str
    html: str | bytes
    truth: str


@dataclass(frozen=True, slots=True)
class Run:
    name: str
    score: CorpusScore
    per_page: dict[str, PageScore | None]
    seconds: list[float]
    peak_bytes: int

    @property
    def pages_per_second(self) -> float:
        return len(self.seconds) / sum(self.seconds)

    def ms(self, quantile: float) -> float:
        ordered = sorted(self.seconds)
        return 1000 * ordered[min(len(ordered) - 1, int(quantile * len(ordered)))]


def load_pages(corpus: Path, as_text: bool = False) -> list[Page]:
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, expected in sorted(truth.items()):
        raw = gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(Page(page_id, expected.get("url") or "", raw.decode("utf-8", "replace") if as_text else raw,
                          expected.get("articleBody") or ""))
    return pages


def geowire(html: str | bytes, url: str) -> str:
    return extract_article(html, url).body


def geowire_body(html: str | bytes, url: str) -> str:
    return extract_body(LexborHTMLParser(html)).text


def trafilatura_extract(html: str | bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def peak_memory(extract: Extractor, pages: list[Page]) -> int:
    """Peak traced Python allocation over the corpus (C-level parser memory is not traced for either tool)."""
    gc.collect()
    tracemalloc.start()
    try:
        for page in pages:
            extract(page.html, page.url)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run_all(tools: dict[str, Extractor], pages: list[Page], repeat: int,
            clock: Callable[[], float] = time.process_time) -> list[Run]:
    """Time every tool on each page in turn, so that a busy spell of the machine hits all tools alike."""
    for extract in tools.values():
        extract(pages[0].html, pages[0].url)  # warm caches and lazy imports outside the clock
    seconds: dict[str, list[float]] = {name: [] for name in tools}
    scores: dict[str, dict[str, PageScore | None]] = {name: {} for name in tools}
    for page in pages:
        for name, extract in tools.items():
            best = float("inf")
            for _ in range(repeat):
                start = clock()
                text = extract(page.html, page.url)
                best = min(best, clock() - start)
            seconds[name].append(best)
            scores[name][page.id] = score_page(text, page.truth)
    return [Run(name, score_corpus(scores[name].values()), scores[name], seconds[name], peak_memory(extract, pages))
            for name, extract in tools.items()]


def print_table(runs: list[Run], pairs: Iterable[tuple[str, str]]) -> None:
    """The runs' table, then each (ours, theirs) pair of run names as differences and ratios."""
    header = f"{'extractor':<12} {'F1':>6} {'P':>6} {'R':>6} {'pages/s':>8} {'med ms':>7} {'p95 ms':>7} {'peak MB':>8}"
    print(header)
    print("-" * len(header))
    for r in runs:
        print(f"{r.name:<12} {r.score.f1:6.3f} {r.score.precision:6.3f} {r.score.recall:6.3f} "
              f"{r.pages_per_second:8.1f} {r.ms(0.5):7.2f} {r.ms(0.95):7.2f} {r.peak_bytes / 2**20:8.1f}")
    named = {r.name: r for r in runs}
    print()
    for ours, theirs in ((named[a], named[b]) for a, b in pairs):
        print(f"{ours.name} vs {theirs.name}: F1 {ours.score.f1 - theirs.score.f1:+.3f}   "
              f"speed {ours.pages_per_second / theirs.pages_per_second:.1f}x pages/s   "
              f"median latency {theirs.ms(0.5) / ours.ms(0.5):.1f}x lower   "
              f"peak memory x{ours.peak_bytes / max(1, theirs.peak_bytes):.2f}")


def page_f1(score: PageScore | None) -> float:
    """One page's F1 (0 for a page where nothing matched)."""
    if score is None or not score.tp:
        return 0.0
    p, r = score.precision or 0.0, score.recall or 0.0
    return 2 * p * r / (p + r)


def print_worst(ours: Run, theirs: Run, pages: list[Page], count: int) -> None:
    urls = {p.id: p.url for p in pages}
    worst = sorted(ours.per_page, key=lambda k: page_f1(ours.per_page[k]))[:count]
    print(f"\nworst {count} pages for geowire (page F1 geowire / trafilatura):")
    for page_id in worst:
        print(f"  {page_f1(ours.per_page[page_id]):.2f} / {page_f1(theirs.per_page[page_id]):.2f}  {page_id[:10]}  "
              f"{urls[page_id][:80]}")


# --- meta-dev and pages-dev: headline, authors, body, header chrome ---------------------------------------

_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                             "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                             "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2012": "-",
                             "\u2212": "-", "\u2026": "...", "\u00a0": " "})
_FULL_TEXT = frozenset({"full", "full-text-of-expected-html"})
META_SOURCES = ("pl", "ms", "rd", "n4k", "g3")


def fold(text: str | None) -> str:
    """A title or name for comparison: NFKC, straight quotes, "-" dashes, whitespace collapsed, case folded."""
    return " ".join(unicodedata.normalize("NFKC", text or "").translate(_TYPOGRAPHY).casefold().split())


@dataclass(frozen=True, slots=True)
class Fields:
    """What a tool said about one page."""

    title: str | None
    authors: tuple[str, ...]
    body: str


_SITE_SEPARATOR = re.compile(r"\s+(?:\||-|::?|»|·)\s+|\s*(?:[_｜ㅣ]|--|–|—)\s*")
_HOST_NOISE = frozenset({"www", "m", "com", "org", "net", "co", "uk", "jp", "de", "fr", "blog", "news"})


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def site_marks(html: bytes, url: str) -> tuple[str, ...]:
    """The site's names, letters only: og:site_name / application-name (``content=`` or ``value=``), host labels."""
    tree = LexborHTMLParser(html)
    names = [m.attributes.get("content") or m.attributes.get("value") or ""
             for m in tree.css('meta[property="og:site_name"], meta[name="og:site_name"], meta[name="application-name"]')]
    host = re.sub(r"^[a-z]+://([^/:]+).*$", r"\1", url.lower()) if url else ""
    names += [label for label in host.split(".") if label not in _HOST_NOISE]
    return tuple(m for m in {_letters(n) for n in names} if len(m) >= 2)


def strip_site(title: str, marks: tuple[str, ...]) -> str:
    """``title`` without leading or trailing separated segments that name the site."""
    def names_site(segment: str) -> bool:
        letters = _letters(segment)
        return bool(letters) and any(m in letters or letters in m for m in marks)

    while True:
        separators = list(_SITE_SEPARATOR.finditer(title))
        if not separators:
            return title
        if names_site(title[separators[-1].end():]):
            title = title[:separators[-1].start()]
        elif names_site(title[:separators[0].start()]):
            title = title[separators[0].end():]
        else:
            return title


def titles_match(got: str | None, want: str, marks: tuple[str, ...]) -> bool:
    return fold(strip_site(got or "", marks)) == fold(strip_site(want, marks))


@dataclass(frozen=True, slots=True)
class MetaPage:
    id: str
    source: str  # the id prefix: pl, ms, rd, n4k, g3
    url: str
    html: bytes
    title: str | None  # None: not scored
    marks: tuple[str, ...]  # the site's names (letters only), for title±site
    authors: tuple[str, ...] | None  # None: not scored
    body: str | None  # full-text gold, or None
    prefix: str | None  # the gold's opening words when it asserts only a prefix


def load_meta(corpus: Path) -> list[MetaPage]:
    """meta-dev's pages with the gold that is scored (see the module docstring for what is left out)."""
    pages = []
    for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        names = gold.get("authors_split", gold["authors"])
        wrong = any(note.startswith("checked by hand") for note in gold["notes"])
        if wrong or gold["checks"].get("authors_vs_page_meta") == "gold-empty-page-has-authors":
            names = None
        full = gold["body_kind"] in _FULL_TEXT
        html = gzip.decompress((corpus / "html" / f"{gold['id']}.html.gz").read_bytes())
        pages.append(MetaPage(gold["id"], gold["id"].split("-", 1)[0], gold["url"] or "", html,
                              gold["title"], site_marks(html, gold["url"] or ""), None if names is None else tuple(names),
                              gold["body"] if full else None, gold["body"] if gold["body_kind"] == "prefix" else None))
    return pages


def geowire_fields(html: str | bytes, url: str) -> Fields:
    article = extract_article(html, url or None)
    return Fields(article.title, article.authors, article.body)


def trafilatura_record(html: str | bytes, url: str) -> str:
    return trafilatura_fields(html, url).body


def trafilatura_fields(html: str | bytes, url: str) -> Fields:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url or None, with_metadata=True)
    if doc is None:
        return Fields(None, (), "")
    found = doc if isinstance(doc, dict) else doc.as_dict()
    names = tuple(n.strip() for n in (found.get("author") or "").split(";") if n.strip())
    return Fields(found.get("title"), names, found.get("text") or "")


def authors_match(got: Iterable[str], want: Iterable[str]) -> bool:
    return {fold(n) for n in got} == {fold(n) for n in want}


@dataclass(slots=True)
class Tally:
    """One tool's meta-dev scores over a group of pages."""

    titles: list[bool] = field(default_factory=list)
    site_titles: list[bool] = field(default_factory=list)
    authors: list[bool] = field(default_factory=list)
    bodies: list[PageScore | None] = field(default_factory=list)
    prefixes: list[bool] = field(default_factory=list)

    def add(self, page: MetaPage, got: Fields) -> None:
        if page.title is not None:
            self.titles.append(fold(got.title) == fold(page.title))
            self.site_titles.append(titles_match(got.title, page.title, page.marks))
        if page.authors is not None:
            self.authors.append(authors_match(got.authors, page.authors))
        if page.body is not None:
            self.bodies.append(score_page(got.body, page.body))
        if page.prefix:
            self.prefixes.append(fold(page.prefix) in fold(got.body))

    def cells(self) -> tuple[str, str, str, str, str]:
        def share(hits: list[bool]) -> str:
            return f"{sum(hits) / len(hits):.3f}" if hits else "-"

        body = f"{score_corpus(self.bodies).f1:.3f}" if self.bodies else "-"
        return share(self.titles), share(self.site_titles), share(self.authors), body, share(self.prefixes)


_BODY_MISS_F1 = 0.8  # --misses body lists the full-text pages below this page F1


def is_miss(page: MetaPage, ours: Fields, field: str) -> bool:
    """Whether geowire got ``field`` (title, authors or body) of a meta-dev page wrong, as the table counts it."""
    if field == "title":
        return page.title is not None and not titles_match(ours.title, page.title, page.marks)
    if field == "authors":
        return page.authors is not None and not authors_match(ours.authors, page.authors)
    return page.body is not None and page_f1(score_page(ours.body, page.body)) < _BODY_MISS_F1


def run_meta(pages: list[MetaPage], misses: str | None) -> None:
    tools: dict[str, Callable[[str | bytes, str], Fields]] = {"geowire": geowire_fields,
                                                              "trafilatura": trafilatura_fields}
    tallies = {(tool, group): Tally() for tool in tools for group in (*META_SOURCES, "all")}
    wrong: list[tuple[MetaPage, Fields, Fields]] = []
    for page in pages:
        got = {tool: extract(page.html, page.url) for tool, extract in tools.items()}
        for tool, fields in got.items():
            tallies[tool, page.source].add(page, fields)
            tallies[tool, "all"].add(page, fields)
        if misses and is_miss(page, got["geowire"], misses):
            wrong.append((page, got["geowire"], got["trafilatura"]))
    counts = {group: sum(1 for p in pages if group in ("all", p.source)) for group in (*META_SOURCES, "all")}
    header = (f"{'source':<7} {'pages':>5}  {'title geo/traf':>15}  {'title±site':>13}  {'authors geo/traf':>17}  "
              f"{'body F1 geo/traf':>17}  {'prefix geo/traf':>16}")
    print(header)
    print("-" * len(header))
    for group in (*META_SOURCES, "all"):
        mine, other = tallies["geowire", group].cells(), tallies["trafilatura", group].cells()
        n = tallies["geowire", group]
        print(f"{group:<7} {counts[group]:>5}  {mine[0] + '/' + other[0]:>15}  {mine[1] + '/' + other[1]:>13}  "
              f"{mine[2] + '/' + other[2]:>17}  {mine[3] + '/' + other[3]:>17}  {mine[4] + '/' + other[4]:>16}"
              f"   (n {len(n.titles)}/{len(n.authors)}/{len(n.bodies)}/{len(n.prefixes)})")
    ours_all, theirs_all = tallies["geowire", "all"], tallies["trafilatura", "all"]

    def mean(hits: list[bool]) -> float:
        return sum(hits) / len(hits) if hits else 0.0

    print(f"\ngeowire vs trafilatura: titles {mean(ours_all.titles) - mean(theirs_all.titles):+.3f}   "
          f"titles±site {mean(ours_all.site_titles) - mean(theirs_all.site_titles):+.3f}   "
          f"authors {mean(ours_all.authors) - mean(theirs_all.authors):+.3f}   "
          f"body F1 {score_corpus(ours_all.bodies).f1 - score_corpus(theirs_all.bodies).f1:+.3f}   "
          f"prefix {mean(ours_all.prefixes) - mean(theirs_all.prefixes):+.3f}")
    if misses:
        print(f"\n{len(wrong)} pages where geowire's {misses} is wrong (gold | geowire | trafilatura):")
        for page, ours, theirs in wrong:
            if misses == "body":
                print(f"  {page.id}: F1 geowire {page_f1(score_page(ours.body, page.body or '')):.2f}"
                      f" trafilatura {page_f1(score_page(theirs.body, page.body or '')):.2f}")
                continue
            value: Callable[[Any], Any] = (lambda f: f.title) if misses == "title" else (lambda f: list(f.authors))
            gold = page.title if misses == "title" else list(page.authors or ())
            print(f"  {page.id}: {gold!r}\n      geo  {value(ours)!r}\n      traf {value(theirs)!r}")


def title_choices(html: bytes, url: str) -> dict[str, str | None]:
    """The page's own titles, verbatim, as the fixed choices of ``--conventions`` take them."""
    pre = Precomputed.of(LexborHTMLParser(html), url or None)
    first_h1 = next((h.text for h in headings(pre) if not h.logo), None)
    headline = pre.article.get("headline") if pre.article else None
    page_title = pre.page.index.page.title
    og, twitter = pre.first_meta("og:title"), pre.first_meta("twitter:title")
    ld = " ".join(headline.split()) if isinstance(headline, str) else None
    tab = " ".join(page_title.split()) if page_title else None
    return {"<h1>": first_h1 or og or tab, "og:title": og or twitter or ld or tab or first_h1,
            "JSON-LD": ld or og or tab or first_h1, "<title>": tab or og or first_h1}


def run_conventions(pages: list[MetaPage]) -> None:
    """Per source, the exact-title share of each fixed choice (see the module docstring)."""
    hits: dict[tuple[str, str], list[bool]] = {}
    for page in pages:
        if page.title is None:
            continue
        for choice, got in title_choices(page.html, page.url).items():
            for group in (page.source, "all"):
                hits.setdefault((choice, group), []).append(fold(got) == fold(page.title))
    groups = (*META_SOURCES, "all")
    print("\ntitle exact by a fixed choice, verbatim (whose convention each source's gold follows):")
    print(f"{'choice':<10}" + "".join(f"{g:>7}" for g in groups))
    for choice in ("<h1>", "og:title", "JSON-LD", "<title>"):
        cells = [hits.get((choice, g), []) for g in groups]
        print(f"{choice:<10}" + "".join(f"{sum(c) / len(c):7.3f}" if c else f"{'-':>7}" for c in cells))


def run_pages(corpus: Path) -> None:
    """pages-dev: title, authors, date bar and weather against the hand-made gold, hits/pages per tool."""
    golds = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    hits = {tool: {"title": 0, "authors": 0, "date bar": 0, "weather": 0} for tool in ("geowire", "trafilatura")}
    failures: list[str] = []
    for gold in golds:
        html = (corpus / "html" / gold["file"]).read_bytes()
        article = extract_article(html, gold["url"])
        theirs = trafilatura_fields(html, gold["url"])
        weather = article.weather.to_dict() if article.weather else None
        checks = {
            "title": article.title == gold["title"],
            "authors": [a.casefold() for a in article.authors] == [a.casefold() for a in gold["authors"]],
            "date bar": (article.page_date.isoformat() if article.page_date else None) == gold.get("date_bar_iso"),
            "weather": (None if weather is None else {k: weather[k] for k in ("temperature", "unit", "city", "raw")})
            == gold["weather"],
        }
        for name, ok in checks.items():
            hits["geowire"][name] += ok
            if not ok:
                failures.append(f"  {gold['file']}: {name}")
        hits["trafilatura"]["title"] += theirs.title == gold["title"]
        hits["trafilatura"]["authors"] += [a.casefold() for a in theirs.authors] == [a.casefold() for a in gold["authors"]]
    n = len(golds)
    print(f"{'extractor':<12} {'title':>7} {'authors':>8} {'date bar':>9} {'weather':>8}")
    for tool, row in hits.items():
        chrome = (f"{row['date bar']}/{n}", f"{row['weather']}/{n}") if tool == "geowire" else ("-", "-")
        print(f"{tool:<12} {row['title']:>5}/{n} {row['authors']:>6}/{n} {chrome[0]:>9} {chrome[1]:>8}")
    if failures:
        print("\ngeowire misses:\n" + "\n".join(failures))


def run_aeb(corpus: Path, args: argparse.Namespace) -> None:
    pages = load_pages(corpus, args.text)
    print(f"{len(pages)} pages from {corpus}, given to both tools as {'text' if args.text else 'fetched bytes'}\n")
    clock = time.perf_counter if args.wall else time.process_time
    print(f"timing: {'wall clock' if args.wall else 'process CPU time'}, best of {args.repeat} per page\n")
    tools: dict[str, Extractor] = {"geowire": geowire, "geo-body": geowire_body, "trafilatura": trafilatura_extract,
                                   "traf+meta": trafilatura_record}
    runs = run_all(tools, pages, args.repeat, clock)
    print_table(runs, [("geowire", "trafilatura"), ("geowire", "traf+meta"), ("geo-body", "trafilatura")])
    if args.worst:
        print_worst(runs[0], runs[2], pages, args.worst)
    print(f"\nmedian page size: {statistics.median(len(p.html) for p in pages) / 1024:.0f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=CORPORA, help="score only this corpus (repeatable)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the aeb-style corpus (body and speed)")
    parser.add_argument("--meta-corpus", type=Path, default=SHARED / "meta-dev")
    parser.add_argument("--pages-corpus", type=Path, default=SHARED / "pages-dev")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per page (best is kept)")
    parser.add_argument("--worst", type=int, default=10, help="list this many worst pages (0: none)")
    parser.add_argument("--wall", action="store_true", help="time with the wall clock instead of process CPU time")
    parser.add_argument("--text", action="store_true", help="give both tools decoded text instead of the fetched bytes")
    parser.add_argument("--misses", choices=("title", "authors", "body"), help="list meta-dev pages geowire gets wrong")
    parser.add_argument("--source", choices=META_SOURCES, action="append", help="meta-dev: only this source prefix")
    parser.add_argument("--conventions", action="store_true",
                        help="meta-dev: title exact by fixed choices (<h1>, og:title, JSON-LD, <title>) per source")
    args = parser.parse_args()
    only = args.only or list(CORPORA)
    if "aeb" in only:
        if not (args.corpus / "ground-truth.json").is_file():
            sys.exit(f"corpus not found at {args.corpus} (expects ground-truth.json and html/)")
        print("== aeb-dev: body text and speed ==")
        run_aeb(args.corpus, args)
    if "meta" in only:
        if not (args.meta_corpus / "gold.jsonl").is_file():
            sys.exit(f"corpus not found at {args.meta_corpus} (expects gold.jsonl and html/)")
        pages = [p for p in load_meta(args.meta_corpus) if not args.source or p.source in args.source]
        print(f"\n== meta-dev: {len(pages)} pages, scored against trafilatura in the same run ==")
        run_meta(pages, args.misses)
        if args.conventions:
            run_conventions(pages)
    if "pages" in only:
        if not (args.pages_corpus / "gold.json").is_file():
            sys.exit(f"corpus not found at {args.pages_corpus} (expects gold.json and html/)")
        print("\n== pages-dev: hand-made gold ==")
        run_pages(args.pages_corpus)


if __name__ == "__main__":
    main()
