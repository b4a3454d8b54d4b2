"""The article-body metric of the AEB benchmark: 4-word shingle precision/recall/F1.

The benchmark script, the tests and anyone comparing two extractor versions on
stored pages score bodies with exactly this code, so a number printed by
``benchmarks/extraction.py`` and a threshold asserted in a test mean the same
thing (definition: ``../shared/README.md``, "Body-text metric").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of overlapping ``size``-word sequences of ``text`` (``\\w+`` tokens, case kept)."""
    words = _WORD.findall(text)
    return Counter(tuple(words[i:i + size]) for i in range(max(0, len(words) - size + 1)))


@dataclass(frozen=True, slots=True)
class PageScore:
    """One page's normalised true positives, false positives and false negatives (summing to 1)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def score_page(extracted: str, truth: str) -> PageScore | None:
    """Score one page; ``None`` when both texts are empty (the page is left out)."""
    got, want = shingles(extracted), shingles(truth)
    tp = sum((got & want).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    if total == 0:
        return None
    return PageScore(tp / total, fp / total, fn / total)


@dataclass(frozen=True, slots=True)
class CorpusScore:
    precision: float
    recall: float
    f1: float
    pages: int


def score_corpus(scores: Iterable[PageScore | None]) -> CorpusScore:
    """Mean precision and recall over pages (undefined ratios left out), and the F1 of those means."""
    kept = [s for s in scores if s is not None]
    precisions = [p for s in kept if (p := s.precision) is not None]
    recalls = [r for s in kept if (r := s.recall) is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return CorpusScore(precision, recall, f1, len(kept))
