"""Is this text a copy, a rewrite or a spun copy of that one? Pure text similarity for stories.

Three measures, each answering a different question (``benchmarks/stories.py`` measures them):

* a **signature** for finding candidates among many texts: a MinHash (``datasketch``) of the
  text's *skeleton* shingles, cut into LSH bands that storage joins in DuckDB. The skeleton
  keeps the words synonym spinners leave alone (function words such as "the", "of", "der",
  "que", and numbers) and replaces every other word with a placeholder: "The leaders of
  America held a joint news conference" and its spun "The leaders of america held a joint
  information convention" share the skeleton "the _ of _ _ a _ _ _", while two reports on the
  same event written independently share almost none. Plain word shingles do not work here:
  replacing a third of the words leaves few word triples intact.
* **similarity**, to decide: the share of words (either way round) in sentences that have a
  parallel sentence in the other text (Dice overlap of their word sets >= 1/2). Spinning keeps
  sentences parallel (same length, most words kept); reordered or dropped paragraphs and
  chrome added around the text cost only their own sentences; independent reports of one
  event share only the quotes.
* **literal**, to tell copies from rewrites from spun copies: how much of the wording of those
  parallel sentences is the same (their mean Dice overlap, weighted by words).

Scripts written without spaces (Chinese, Japanese, Thai...) are read a character at a time,
so that shingles and sentences still have units to compare.
"""

from __future__ import annotations

import tomllib
import zlib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

import numpy as np
import regex
from datasketch import MinHash

Relation = Literal["original", "copy", "rewrite", "spun"]

NUM_PERM = 64  # MinHash permutations
BAND_ROWS = 2  # rows per LSH band: 32 bands find pairs of skeleton Jaccard 0.3 with p = 0.95, 0.1 with 0.27
BANDS = NUM_PERM // BAND_ROWS
SKELETON_SHINGLE = 6  # tokens per skeleton shingle
SKELETON_MIN_KEPT = 3  # a shingle of mostly placeholders says nothing: at least this many kept words
MIN_SENTENCE_WORDS = 4  # shorter lines ("Advertisement", "Share") are chrome, not sentences
MAX_SENTENCES = 80  # sentences read (about 1,800 words): enough to tell a story; bounds the work per text
PARALLEL_DICE = 0.5  # two sentences are parallel when their word sets overlap this much (Dice)
SAME_STORY = 0.5  # similarity from which two texts are one story
COPY_LITERAL = 0.99  # literal from which a member is a copy ...
REWRITE_LITERAL = 0.9  # ... a rewrite; below, a spun copy

_TOKEN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]|[\p{L}\p{M}\p{N}]+")
_SENTENCE_BREAK = regex.compile(r"\n+|(?<=[.!?。！？])[\"'”’»)\]]*\s+|(?<=[。！？])")
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=15)  # its permutations are made once: ~0.2 ms per MinHash otherwise


@cache
def function_words(language: str | None) -> frozenset[str]:
    """The language's function words (``function_words.toml``), or every list's for other languages."""
    lists = tomllib.loads(Path(__file__).with_name("function_words.toml").read_text(encoding="utf-8"))
    if language and language[:2].lower() in lists:
        return frozenset(lists[language[:2].lower()].split())
    return frozenset(word for text in lists.values() for word in text.split())


@dataclass(frozen=True)  # no slots: the cached properties live in the instance dict
class Sketch:
    """The sentences of a text, as ``compare`` reads them: each sentence's distinct words (crc32
    hashes) and its length. Small enough to store beside each article (``to_bytes``), so that
    comparing a new article with earlier ones never re-reads or re-parses their text."""

    words: np.ndarray  # hash of each distinct word of each sentence, sentence after sentence (uint32)
    distinct: np.ndarray  # distinct words per sentence (int32)
    weight: np.ndarray  # words per sentence, repeats included (int32): what shares are counted in

    @cached_property
    def sentence_of(self) -> np.ndarray:
        return np.repeat(np.arange(len(self.distinct), dtype=np.int32), self.distinct)

    @cached_property
    def vocabulary(self) -> np.ndarray:
        return np.unique(self.words)

    def to_bytes(self) -> bytes:
        head = np.array([len(self.distinct)], dtype=np.uint32)
        return b"".join(a.astype("<u4").tobytes() for a in (head, self.distinct, self.weight, self.words))

    @classmethod
    def from_bytes(cls, data: bytes) -> Sketch:
        values = np.frombuffer(data, dtype="<u4")
        n = int(values[0]) if len(values) else 0
        return cls(values[1 + 2 * n:].astype(np.uint32), values[1:1 + n].astype(np.int32),
                   values[1 + n:1 + 2 * n].astype(np.int32))


@dataclass(frozen=True, slots=True)
class Analysis:
    """A text's sketch and its skeleton shingles."""

    sketch: Sketch
    skeleton: frozenset[str]


def _tokens(text: str) -> list[str]:
    return [token.lower() for token in _TOKEN.findall(text)]


def analyse(text: str, language: str | None = None) -> Analysis:
    """Sentences and skeleton shingles of a text (``language``: ISO 639-1, for the function words)."""
    kept = function_words(language)
    skeleton: set[str] = set()
    hashes: list[int] = []
    distinct: list[int] = []
    weight: list[int] = []
    for sentence in _SENTENCE_BREAK.split(text):
        if len(distinct) >= MAX_SENTENCES:
            break
        words = _tokens(sentence)
        if len(words) >= MIN_SENTENCE_WORDS:
            unique = {zlib.crc32(word.encode("utf-8")) for word in words}
            hashes.extend(unique)
            distinct.append(len(unique))
            weight.append(len(words))
        # Single characters (CJK, digits) are kept too: in scripts without spaces they are the words.
        masked = [w if (w in kept or w.isdigit() or len(w) == 1) else "_" for w in words]
        for i in range(len(masked) - SKELETON_SHINGLE + 1):
            shingle = masked[i:i + SKELETON_SHINGLE]
            if len(shingle) - shingle.count("_") >= SKELETON_MIN_KEPT:
                skeleton.add(" ".join(shingle))
    sketch = Sketch(np.array(hashes, dtype=np.uint32), np.array(distinct, dtype=np.int32),
                    np.array(weight, dtype=np.int32))
    return Analysis(sketch, frozenset(skeleton))


def signature(analysis: Analysis) -> np.ndarray | None:
    """The MinHash of the skeleton (``NUM_PERM`` uint32 values), or None for a text without one."""
    if not analysis.skeleton:
        return None
    minhash = MinHash(num_perm=NUM_PERM, hashfunc=zlib.crc32, permutations=_TEMPLATE.permutations,
                      scheme=_TEMPLATE.scheme)
    minhash.update_batch([shingle.encode("utf-8") for shingle in analysis.skeleton])
    return minhash.hashvalues.astype(np.uint32)


def bands(values: np.ndarray) -> list[int]:
    """LSH band keys of a signature: band ``b`` is the ``BAND_ROWS`` values packed into one
    integer (exact, no second hash), so two texts share a key only if they share the band."""
    rows = values.reshape(BANDS, BAND_ROWS).astype(np.uint64)
    packed = rows[:, 0] << np.uint64(32) | rows[:, 1]
    return [int(v) >> 1 for v in packed]  # 63 bits: fits a signed BIGINT


def _incidence(text: Sketch, shared: np.ndarray) -> np.ndarray:
    """Sentences x shared words, 1 where the sentence has the word."""
    column = np.searchsorted(shared, text.words)
    np.minimum(column, len(shared) - 1, out=column)
    inside = shared[column] == text.words
    matrix = np.zeros((len(text.distinct), len(shared)), dtype=np.float32)
    matrix[text.sentence_of[inside], column[inside]] = 1.0
    return matrix


def _shares(text: Sketch, best: np.ndarray) -> tuple[float, float]:
    """Share of the text's words in parallel sentences, and how much of their wording is kept."""
    parallel = best >= PARALLEL_DICE
    total = int(text.weight.sum())
    matched = int(text.weight[parallel].sum())
    if not matched:
        return 0.0, 0.0
    return matched / total, float((text.weight * best)[parallel].sum()) / matched


@dataclass(frozen=True, slots=True)
class Match:
    """How two texts relate: ``similarity`` decides, ``literal`` names the relation."""

    similarity: float
    literal: float

    @property
    def same_story(self) -> bool:
        return self.similarity >= SAME_STORY

    @property
    def relation(self) -> Relation:
        if self.literal >= COPY_LITERAL:
            return "copy"
        return "rewrite" if self.literal >= REWRITE_LITERAL else "spun"


def compare(a: Sketch, b: Sketch) -> Match:
    """``similarity``: the larger share, either way round, of words in sentences with a parallel
    sentence in the other text (so that a text trimmed, or padded with chrome, still matches the
    full one); ``literal``: the mean Dice overlap of those parallel sentences, weighted by words
    (1 for a copy; a spinner's synonyms lower it)."""
    shared = np.intersect1d(a.vocabulary, b.vocabulary, assume_unique=True)
    if not len(shared) or not len(a.distinct) or not len(b.distinct):
        return Match(0.0, 0.0)
    overlap = _incidence(a, shared) @ _incidence(b, shared).T
    dice = 2.0 * overlap / (a.distinct[:, None] + b.distinct[None, :])
    best = max(_shares(a, dice.max(axis=1)), _shares(b, dice.max(axis=0)))
    return Match(round(best[0], 4), round(best[1], 4))


__all__ = ["Analysis", "Match", "Relation", "Sketch", "analyse", "bands", "compare", "function_words", "signature"]
