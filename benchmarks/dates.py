"""Publication-day accuracy and speed: geowire's find_dates against htmldate (extensive and fast mode).

Run: ``.venv/bin/python benchmarks/dates.py [--shared ../shared] [--errors]``

Corpus: ``../shared/corpus/dates-dev`` (html.gz pages, ``expected.json`` with the
publication day and URL of each). Metric (shared/README.md): per page the
extracted day equal to the expected one is a hit, a different day a false
positive, nothing while a day is expected a miss; pages expecting nothing
are hits only when nothing is returned; accuracy = hits / pages.

Every tool gets the same decoded text and URL; each timing includes the
tool's own HTML parsing (lexbor for geowire, lxml for htmldate). htmldate runs
with ``original_date=True`` (publication, not last-modified, date), which is
what the expected days are. Speed is steady-state throughput, as in a
long-running pipeline: one untimed pass warms every tool's lazy imports and
caches (it also yields the answers scored), then the tools take turns for
``--repeat`` timed passes and each one's best counts. Time is this process's
CPU time (``time.process_time``), so other work on a shared machine does not
count against whichever tool happens to run during it. htmldate
memoises results per input string, so its caches are reset
(``htmldate.meta.reset_caches``) before each timed pass: otherwise the second
pass would measure cache hits on pages it has already seen.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from htmldate.meta import reset_caches
from selectolax.lexbor import LexborHTMLParser

from scrapers.dates import find_dates
from scrapers.encoding import decode_html

ROOT = Path(__file__).resolve().parent.parent


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


def ours(html: str, url: str) -> str | None:
    result = find_dates(LexborHTMLParser(html), url)
    return result.published_at.date().isoformat() if result.published_at else None


def htmldate_tool(extensive: bool) -> Callable[[str, str], str | None]:
    from htmldate import find_date

    def run(html: str, url: str) -> str | None:
        return find_date(html, url=url, original_date=True, extensive_search=extensive, outputformat="%Y-%m-%d")

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--errors", action="store_true", help="list geowire's wrong pages")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per tool (best counts)")
    args = parser.parse_args()
    corpus = args.shared / "corpus" / "dates-dev"
    if not corpus.is_dir():
        raise SystemExit(f"corpus not found: {corpus} (pass --shared)")
    expected = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    pages = []
    for name, record in sorted(expected.items()):
        text, _ = decode_html(gzip.decompress((corpus / "html" / f"{name}.gz").read_bytes()), None)
        pages.append((name, text, record["url"], record["expected_date"]))

    tools: dict[str, Callable[[str, str], str | None]] = {
        "geowire": ours,
        "htmldate extensive": htmldate_tool(True),
        "htmldate fast": htmldate_tool(False),
    }
    scores: dict[str, Score] = {}
    wrong: list[tuple[str, str | None, str | None]] = []
    warnings.simplefilter("ignore")
    for label, tool in tools.items():
        score = scores[label] = Score()
        for name, text, url, day in pages:
            found = tool(text, url)
            if not score.add(day, found) and label == "geowire":
                wrong.append((name, day, found))
    timings: dict[str, list[float]] = {label: [] for label in tools}
    for _ in range(args.repeat):  # tools take turns, so a busy spell of the machine hits them alike
        for label, tool in tools.items():
            reset_caches()
            start = time.process_time()
            for _name, text, url, _day in pages:
                tool(text, url)
            timings[label].append(time.process_time() - start)
    for label, score in scores.items():
        score.seconds = min(timings[label])

    base = scores["htmldate extensive"]
    fast = scores["htmldate fast"]
    print(f"dates-dev: {len(pages)} pages")
    print(f"{'tool':<20}{'accuracy':>9}{'hits':>6}{'fp':>5}{'miss':>6}{'pages/cpu-s':>12}"
          f"{'acc - ext':>11}{'speed/fast':>12}")
    for label, s in scores.items():
        print(f"{label:<20}{s.accuracy:>9.3f}{s.hits:>6}{s.false_positives:>5}{s.misses:>6}{s.speed:>12.1f}"
              f"{s.accuracy - base.accuracy:>+11.3f}{s.speed / fast.speed:>12.2f}")
    if args.errors:
        for name, day, found in wrong:
            print(f"  {name}: expected {day}, got {found}")


if __name__ == "__main__":
    main()
