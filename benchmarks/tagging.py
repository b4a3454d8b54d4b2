"""Country tags and datelines against hand-checked labels of the corpora in ../shared/corpus, with speed.

Usage::

    .venv/bin/python benchmarks/tagging.py [--corpus ../shared/corpus/aeb-dev] [--errors]

Labels are in ``benchmarks/labels/``: ``countries.toml`` (54 texts of aeb-dev read by a person: the
codes of the countries each names) and ``datelines.toml`` (every page of aeb-dev, meta-dev,
pages-dev and dates-dev read by a person: the place and agency of the dateline it opens with, if
any). Countries run on aeb-dev's ground-truth texts, so that extraction errors do not count; the
language is the one geowire extracts from the page: micro precision and recall over (text, code)
pairs, and per fold of page ids (0-3, 4-7). The reference is the obvious baseline a user would write:
a regex of pycountry's English country names. Datelines run on the text each label was read from
(see the head of ``datelines.toml``: the corpus's own text where it has one, else the body geowire
extracts), per corpus: exact (place and agency both right) on the pages that have a dateline, on
those with an agency, and the pages without one given a dateline anyway.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pycountry

from scrapers.enrich.dateline import find_dateline
from scrapers.enrich.places import find_places
from scrapers.extract import extract_article

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "aeb-dev"
LABELS = ROOT / "benchmarks" / "labels"


def _baseline() -> re.Pattern[str]:
    names = {c.name: c.alpha_2 for c in pycountry.countries} | {
        getattr(c, "common_name", c.name): c.alpha_2 for c in pycountry.countries}
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")


def _scores(found: dict[str, set[str]], truth: dict[str, set[str]]) -> tuple[float, float, int, int, int]:
    tp = sum(len(found[k] & truth[k]) for k in truth)
    fp = sum(len(found[k] - truth[k]) for k in truth)
    fn = sum(len(truth[k] - found[k]) for k in truth)
    return tp / max(1, tp + fp), tp / max(1, tp + fn), tp, fp, fn


def _body(page: bytes, url: str | None = None) -> str:
    return extract_article(page, url=url).body or ""


def dateline_texts(corpora: Path) -> dict[str, dict[str, str]]:
    """Per corpus, page id -> the text its dateline label was read from (see labels/datelines.toml)."""
    texts: dict[str, dict[str, str]] = {}
    aeb = corpora / "aeb-dev" / "ground-truth.json"
    if aeb.exists():
        texts["aeb-dev"] = {k[:12]: "\n\n".join(p.strip() for p in v["articleBody"].split("\n") if p.strip())
                            for k, v in json.loads(aeb.read_text(encoding="utf-8")).items()}
    meta = corpora / "meta-dev" / "gold.jsonl"
    if meta.exists():
        records = [json.loads(line) for line in meta.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts["meta-dev"] = {r["id"]: r["body"] or _body(gzip.decompress(
            (corpora / "meta-dev" / "html" / f"{r['id']}.html.gz").read_bytes()), r.get("url")) for r in records}
    pages = corpora / "pages-dev" / "html"
    if pages.is_dir():
        texts["pages-dev"] = {p.name: _body(p.read_bytes()) for p in sorted(pages.iterdir())}
    dates = corpora / "dates-dev" / "html"
    if dates.is_dir():
        texts["dates-dev"] = {p.name: _body(gzip.decompress(p.read_bytes())) for p in sorted(dates.iterdir())}
    return texts


def _datelines(corpora: Path, show_errors: bool) -> None:
    """Exact datelines (place and agency both right) per corpus, on the pages that have one and the rest."""
    labels = tomllib.loads((LABELS / "datelines.toml").read_text(encoding="utf-8"))
    texts = dateline_texts(corpora)
    print(f"\ndatelines (exact: place and agency both right) against {LABELS / 'datelines.toml'}")
    print(f"{'corpus':<10} {'pages':>5} {'datelines':>9} {'agency':>6} {'exact':>11} {'ratio':>6} "
          f"{'agency exact':>12} {'false on the rest':>17}")
    totals = [0, 0, 0, 0, 0, 0, 0]
    wrong = []
    for corpus, pages in texts.items():
        expected = {k: (v.get("place"), v.get("agency")) for k, v in labels.get(corpus, {}).items()}
        missing = sorted(set(expected) - set(pages))
        if missing:
            sys.exit(f"{corpus}: labelled pages not in the corpus: {missing}")
        right = agency = agency_right = false = 0
        for key, text in pages.items():
            dateline = find_dateline(text)
            got = (dateline.place, dateline.agency) if dateline else (None, None)
            want = expected.get(key, (None, None))
            if key in expected:
                right += got == want
                agency += want[1] is not None
                agency_right += want[1] is not None and got == want
            else:
                false += got != want
            if got != want:
                wrong.append(f"  {corpus} {key}: got {got}, expected {want}")
        row = [len(pages), len(expected), agency, right, agency_right, false, len(pages) - len(expected)]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        _dateline_row(corpus, row)
    _dateline_row("all", totals)
    if show_errors:
        print("\n".join(wrong))


def _dateline_row(name: str, row: list[int]) -> None:
    pages, labelled, agency, right, agency_right, false, rest = row
    print(f"{name:<10} {pages:>5} {labelled:>9} {agency:>6} {f'{right}/{labelled}':>11} "
          f"{right / max(1, labelled):>6.3f} {f'{agency_right}/{agency}':>12} {f'{false}/{rest}':>17}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--errors", action="store_true", help="list every wrong tag and dateline")
    args = parser.parse_args()
    if not (args.corpus / "ground-truth.json").exists():
        sys.exit(f"corpus not found at {args.corpus}")
    truth_texts = json.loads((args.corpus / "ground-truth.json").read_text(encoding="utf-8"))
    texts = {k[:12]: "\n\n".join(p.strip() for p in v["articleBody"].split("\n") if p.strip())
             for k, v in truth_texts.items()}
    languages = {k[:12]: extract_article(gzip.decompress((args.corpus / "html" / f"{k}.html.gz").read_bytes())).language
                 for k in truth_texts}
    labels = {k: set(v) for k, v in tomllib.loads((LABELS / "countries.toml").read_text(encoding="utf-8")).items()}
    ours: dict[str, set[str]] = {}
    started = time.process_time()
    for key in labels:
        dateline = find_dateline(texts[key])
        ours[key] = {c.code for c in find_places(None, texts[key], dateline.place if dateline else None,
                                                   languages[key]).countries}
    per_text = (time.process_time() - started) / len(labels)
    pattern = _baseline()
    names = {c.name: c.alpha_2 for c in pycountry.countries} | {
        getattr(c, "common_name", c.name): c.alpha_2 for c in pycountry.countries}
    baseline = {key: {names[m] for m in pattern.findall(texts[key])} for key in labels}
    print(f"countries: {len(labels)} hand-checked texts, {sum(len(v) for v in labels.values())} labelled codes")
    print(f"{'tagger':<34} {'fold':<5} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    for name, found in (("geowire (scrapers.enrich.places)", ours), ("regex of pycountry names", baseline)):
        for fold, keys in (("all", list(labels)), ("0-3", [k for k in labels if k[0] in "0123"]),
                           ("4-7", [k for k in labels if k[0] in "4567"])):
            p, r, tp, fp, fn = _scores(found, {k: labels[k] for k in keys})
            print(f"{name:<34} {fold:<5} {p:>9.3f} {r:>7.3f} {tp:>4} {fp:>4} {fn:>4}")
    print(f"geowire: {per_text * 1000:.2f} ms per text (CPU, {sum(len(texts[k]) for k in labels) // len(labels)} "
          f"characters on average)")
    if args.errors:
        for key, codes in labels.items():
            if ours[key] != codes:
                print(f"  {key}: extra {sorted(ours[key] - codes)}, missed {sorted(codes - ours[key])}")

    _datelines(args.corpus.parent, args.errors)


if __name__ == "__main__":
    main()
