"""Body-extraction benchmark: geowire's extractor against trafilatura on the same pages, in one process.

Usage::

    .venv/bin/python benchmarks/extraction.py [--corpus ../shared/corpus/aeb-dev] [--repeat 3] [--worst 10] [--text]

Timings are CPU time of this process (``time.process_time``) unless ``--wall``: on a
shared machine other processes inflate wall-clock time of both tools unevenly.

Prints one table (F1, precision, recall with the AEB shingle metric of
``scrapers/extract/metrics.py``; pages/s, median and p95 ms/page, peak traced memory)
and the ratios to trafilatura. geowire runs twice: ``geowire`` is the full record the
pipeline stores (``extract_article``: body, metadata, header chrome, publication
dates), ``geo-body`` only the work ``trafilatura.extract`` does (parse + main text). Timings are the best of ``--repeat`` runs
per page, so a background hiccup on a shared machine does not count against
either tool; memory is measured in a separate pass, because tracing slows both.

Both tools get each page as fetched, the response bytes (both decode them themselves),
which is what the pipeline hands the extractor; ``--text`` gives both the decoded text
instead (geowire then pays for encoding it back to UTF-8 for its parser).
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selectolax.lexbor import LexborHTMLParser

from scrapers.extract import extract_article
from scrapers.extract.body import extract_body
from scrapers.extract.metrics import CorpusScore, PageScore, score_corpus, score_page

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "aeb-dev"
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


def print_table(runs: list[Run]) -> None:
    header = f"{'extractor':<12} {'F1':>6} {'P':>6} {'R':>6} {'pages/s':>8} {'med ms':>7} {'p95 ms':>7} {'peak MB':>8}"
    print(header)
    print("-" * len(header))
    for r in runs:
        print(f"{r.name:<12} {r.score.f1:6.3f} {r.score.precision:6.3f} {r.score.recall:6.3f} "
              f"{r.pages_per_second:8.1f} {r.ms(0.5):7.2f} {r.ms(0.95):7.2f} {r.peak_bytes / 2**20:8.1f}")
    theirs = runs[-1]
    print()
    for ours in runs[:-1]:
        print(f"{ours.name} vs {theirs.name}: F1 {ours.score.f1 - theirs.score.f1:+.3f}   "
              f"speed {ours.pages_per_second / theirs.pages_per_second:.1f}x pages/s   "
              f"median latency {theirs.ms(0.5) / ours.ms(0.5):.1f}x lower   "
              f"peak memory x{ours.peak_bytes / max(1, theirs.peak_bytes):.2f}")


def print_worst(ours: Run, theirs: Run, pages: list[Page], count: int) -> None:
    def f1(score: PageScore | None) -> float:
        if score is None or not score.tp:
            return 0.0
        p, r = score.precision or 0.0, score.recall or 0.0
        return 2 * p * r / (p + r)

    urls = {p.id: p.url for p in pages}
    worst = sorted(ours.per_page, key=lambda k: f1(ours.per_page[k]))[:count]
    print(f"\nworst {count} pages for geowire (page F1 geowire / trafilatura):")
    for page_id in worst:
        print(f"  {f1(ours.per_page[page_id]):.2f} / {f1(theirs.per_page[page_id]):.2f}  {page_id[:10]}  "
              f"{urls[page_id][:80]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per page (best is kept)")
    parser.add_argument("--worst", type=int, default=10, help="list this many worst pages (0: none)")
    parser.add_argument("--wall", action="store_true", help="time with the wall clock instead of process CPU time")
    parser.add_argument("--text", action="store_true", help="give both tools decoded text instead of the fetched bytes")
    args = parser.parse_args()
    if not (args.corpus / "ground-truth.json").is_file():
        sys.exit(f"corpus not found at {args.corpus} (expects ground-truth.json and html/)")
    pages = load_pages(args.corpus, args.text)
    print(f"{len(pages)} pages from {args.corpus}, given to both tools as {'text' if args.text else 'fetched bytes'}\n")
    clock = time.perf_counter if args.wall else time.process_time
    print(f"timing: {'wall clock' if args.wall else 'process CPU time'}, best of {args.repeat} per page\n")
    tools: dict[str, Extractor] = {"geowire": geowire, "geo-body": geowire_body, "trafilatura": trafilatura_extract}
    runs = run_all(tools, pages, args.repeat, clock)
    print_table(runs)
    if args.worst:
        print_worst(runs[0], runs[-1], pages, args.worst)
    print(f"\nmedian page size: {statistics.median(len(p.html) for p in pages) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
