"""Body quality on the AEB pages (``../shared/corpus/aeb-dev``), scored with the benchmark's own metric.

The floor is trafilatura's score on the same pages plus 0.01 (0.954 + 0.01): the
extractor exists because the off-the-shelf one is not good enough. The speed side
of the target is printed by ``benchmarks/extraction.py``, not asserted here.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from scrapers.extract import extract_article
from scrapers.extract.metrics import score_corpus, score_page

F1_FLOOR = 0.964


def test_body_f1_beats_trafilatura(shared_dir: Path) -> None:
    corpus = shared_dir / "corpus" / "aeb-dev"
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    scores = []
    for page_id, expected in truth.items():
        html = gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes())
        scores.append(score_page(extract_article(html, expected["url"]).body, expected["articleBody"]))
    result = score_corpus(scores)
    assert result.pages == len(truth)
    assert result.f1 >= F1_FLOOR, f"F1 {result.f1:.3f} (P {result.precision:.3f}, R {result.recall:.3f})"


def test_metric_matches_its_definition() -> None:
    exact = score_page("one two three four five", "one two three four five")
    assert exact is not None and (exact.precision, exact.recall) == (1.0, 1.0)
    empty = score_page("", "one two three four five")
    assert empty is not None and (empty.precision, empty.recall) == (None, 0.0)
    assert score_page("", "") is None
    half = score_corpus([score_page("a b c d e", "a b c d x")])
    assert (half.precision, half.recall) == (0.5, 0.5)
