"""Is this text a copy, a rewrite or a spun copy of that one? Pure text similarity for stories.

Four measures, each answering a different question (``benchmarks/stories.py`` measures them):

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
* **facts**, to tell a spun copy from another story told in the same template: the share of the
  *facts* of the parallel sentences (numbers, and capitalised words inside a sentence: people,
  places, organisations) found in their parallel sentence. A spinner swaps common words and
  keeps the facts; a templated report (a market close, a match result, a weather or election
  round-up, the same sentence frames day after day) keeps the frames and changes the facts.
  Similarity alone cannot tell them apart: both keep most sentences parallel.

Scripts written without spaces (Chinese, Japanese, Thai...) are read a character at a time,
so that shingles and sentences still have units to compare.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Literal

import numpy as np

from scrapers import lextree

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
# Facts: the share of the parallel sentences' facts found in their parallel sentence, numbers
# counting NUMBER_WEIGHT times a name: spinners never touch a number but do swap capitalised words
# ("Virgin York" for "New York" when the thesaurus knows "new"), and a templated report always
# changes its numbers but often keeps names (the same index, city or league every day). Chosen on
# the labelled set of benchmarks/stories.py (pairs with similarity >= SAME_STORY): templated
# different stories reach at most 0.54 (99th percentile 0.47); copies, rewrites and spun copies
# compared directly are above 0.64 in 99 % of pairs (the rest mostly join through another member).
# Weighing numbers 1x or 2x narrows that gap (templated at most 0.64 / 0.57, same story 0.58 / 0.61).
NUMBER_WEIGHT = 3
SAME_FACTS = 0.6  # weighted share of facts agreeing from which two texts are one story
MIN_FACTS = 6  # fewer facts in both texts' parallel sentences together: too few to judge, not checked
# Languages that capitalise every noun: there a capitalised word is no fact (spinners replace nouns),
# only numbers are. A text of another language is read the same way when this share of its distinct
# content words inside sentences is capitalised (aeb-dev: English news 0.01-0.35, name-heavy sports
# and listing pages up to 0.46, which lose little read as numbers only; German 0.51).
NOUN_CAPITALISING = frozenset({"de", "lb"})
CAPITALISED_NOUNS = 0.45
CAPITALISED_MIN_WORDS = 50  # ... in a text of at least this many such words (a short one says nothing)

# A word (a character, in scripts without spaces; a number with its separators, "35,418" or "0.6",
# which is one fact), or a sentence end: a line break, 。！？, or .!? before a space or a closing
# quote ("U.S. officials" splits too: harmless, both texts alike). The character classes of that
# grammar, in the order ``lextree.sentence_words`` reads them: a character of a script without
# spaces, a digit, a word character, what joins a number's digits, a stop, what may follow a stop
# that ends a sentence, a break.
_SENTENCE_CLASSES = (r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]", r"\p{N}",
                     r"[\p{L}\p{M}\p{N}]", r"[.,]", r"[.!?]", r"[\s\"'”’»)\]]", r"[\n。！？]")


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
    hashes), its length, and which of its words are facts. Small enough to store beside each article
    (``to_bytes``), so that comparing a new article with earlier ones never re-reads or re-parses
    their text. Sketches stored before facts were kept load with ``numbers`` and ``names`` None:
    facts unknown, their comparisons decided on similarity alone, as they were when stored."""

    words: np.ndarray  # hash of each distinct word of each sentence, sentence after sentence (uint32)
    distinct: np.ndarray  # distinct words per sentence (int32)
    weight: np.ndarray  # words per sentence, repeats included (int32): what shares are counted in
    numbers: np.ndarray | None = None  # indices into ``words`` of the entries that are numbers (uint32) ...
    names: np.ndarray | None = None  # ... and of those that are names (see ``_facts_of``)

    @cached_property
    def sentence_of(self) -> np.ndarray:
        return np.repeat(np.arange(len(self.distinct), dtype=np.int32), self.distinct)

    @cached_property
    def by_word(self) -> tuple[np.ndarray, np.ndarray]:
        """The entries' words sorted, and each one's sentence: which sentences have this word? Kept
        with the sketch, so that a new article compared with several candidates sorts its side once."""
        order = np.argsort(self.words, kind="stable")
        return self.words[order], self.sentence_of[order]

    @cached_property
    def total(self) -> int:
        return int(self.weight.sum())

    @cached_property
    def keys(self) -> np.ndarray:
        """(word, sentence) of every entry as one sorted integer: is this word in that sentence? Sorted
        already: ``by_word``'s order (words sorted stably, so each word's sentences ascend; a word is
        once in a sentence). Ends with a key no entry has (sentences are few), so that a search never
        falls off the end."""
        words, sentences = self.by_word
        keys = words.astype(np.uint64) << np.uint64(32) | sentences.astype(np.uint64)
        return np.append(keys, np.uint64(2**64 - 1))

    @cached_property
    def facts(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The sentence and the word (uint64, shifted to ``keys``' high half) of each of its numbers then
        names, and each one's kind times 3 (0 a number, 3 a name): ``_found`` counts them by kind in one
        ``bincount``."""
        assert self.numbers is not None and self.names is not None
        entries = np.concatenate((self.numbers, self.names))
        kind = np.repeat(np.array([0, 3], dtype=np.intp), (len(self.numbers), len(self.names)))
        return self.sentence_of[entries], self.words[entries].astype(np.uint64) << np.uint64(32), kind

    def to_bytes(self) -> bytes:
        """uint32 little-endian: sentences n, distinct[n], weight[n], words[sum(distinct)], then
        (when facts are known) the count and indices of the numbers, and of the names. A blob
        written before facts ends after the words, which is how ``from_bytes`` tells it."""
        head = np.array([len(self.distinct)], dtype=np.uint32)
        facts = () if self.numbers is None or self.names is None else (
            np.array([len(self.numbers)], dtype=np.uint32), self.numbers, np.array([len(self.names)], dtype=np.uint32),
            self.names)
        # One array, one copy: the writer makes a batch's blobs as it lands (~2x the cost as five copies joined).
        return np.concatenate((head, self.distinct, self.weight, self.words, *facts), dtype="<u4",
                              casting="unsafe").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Sketch:
        """The sketch of a blob (``to_bytes``), its arrays read-only views of it (no copies: the landing
        writer parses the stored sketch of every candidate it compares)."""
        values = np.frombuffer(data, dtype="<u4")
        n = int(values[0]) if len(values) else 0
        distinct = values[1:1 + n].view(np.int32)
        words_end = 1 + 2 * n + int(distinct.sum())
        numbers = names = None
        if len(values) > words_end:
            numbers_end = words_end + 1 + int(values[words_end])
            numbers = values[words_end + 1:numbers_end].view(np.uint32)
            names = values[numbers_end + 1:numbers_end + 1 + int(values[numbers_end])].view(np.uint32)
        return cls(values[1 + 2 * n:words_end].view(np.uint32), distinct, values[1 + n:1 + 2 * n].view(np.int32),
                   numbers, names)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What landing needs of a text to place it in a story: its sketch, the sketch as stored (``blob``:
    ``Sketch.to_bytes``), and the LSH band keys of its skeleton's MinHash (empty for a text too short
    to have a skeleton). Made where the page is extracted (``fingerprint``), so that landing only
    inserts, joins and compares. It travels from a crawl's extraction workers as the blob and the
    bands (one bytes object, not the sketch's five arrays), parsed again on arrival."""

    sketch: Sketch
    bands: tuple[int, ...]
    blob: bytes

    def __reduce__(self) -> tuple[Any, tuple[bytes, tuple[int, ...]]]:
        return _arrived, (self.blob, self.bands)


def _arrived(blob: bytes, bands: tuple[int, ...]) -> Fingerprint:
    """A pickled ``Fingerprint`` again."""
    return Fingerprint(Sketch.from_bytes(blob), bands, blob)


_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                         0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53][:SKELETON_SHINGLE], dtype=np.uint64)


def fingerprint(text: str, language: str | None = None) -> Fingerprint:
    """The fingerprint of a text (``language``: ISO 639-1, to know its function words and whether
    it capitalises nouns)."""
    found, skeleton_ids, sentence_of = _read(text, language)
    values = _skeleton_minhash(np.frombuffer(skeleton_ids, dtype=np.uint64), np.frombuffer(sentence_of, dtype=np.int32))
    return Fingerprint(found, tuple(bands(values)) if values is not None else (), found.to_bytes())


def sketch(text: str, language: str | None = None) -> Sketch:
    """The sketch of a text, as ``fingerprint`` makes it, without its signature: what landing makes again
    from an earlier article's stored text to compare a new one with it (``storage.stories``)."""
    return _read(text, language)[0]


def _read(text: str, language: str | None) -> tuple[Sketch, bytes, bytes]:
    """The text's sketch, and its skeleton's token ids and their sentences (what its signature is made of)."""
    hashes, distinct, weight, skeleton_ids, sentence_of, codes, inside, content = lextree.sentence_words(
        text, _SENTENCE_CLASSES, function_words(language), MAX_SENTENCES, MIN_SENTENCE_WORDS)
    entries = np.frombuffer(hashes, dtype=np.uint32)
    numbers, names = _facts_of(inside, codes, content, language)
    found = Sketch(entries, np.frombuffer(distinct, dtype=np.int32), np.frombuffer(weight, dtype=np.int32),
                   np.flatnonzero(_lookup(numbers, entries)[1]).astype(np.uint32),
                   np.flatnonzero(_lookup(names, entries)[1]).astype(np.uint32))
    return found, skeleton_ids, sentence_of


def _facts_of(inside: set[str], codes: dict[str, tuple[int, int]], content: int, language: str | None
              ) -> tuple[np.ndarray, np.ndarray]:
    """The hashes of the text's numbers (words with a digit) and names (content words capitalised
    inside a sentence and never written in lower case: "New" of "New York" is no name in a text
    that says "new" too; none in a language that capitalises nouns, or in a text that reads like
    one: ``content`` distinct content words of which many are names), read once per distinct word:
    a word that is a fact somewhere is one in every sentence of the text."""
    numbers: list[int] = []
    names: list[int] = []
    for word in [word for word in inside if not word.islower()]:  # most words are lower case: skipped at C speed
        code, skeleton = codes[word]
        if not word.isalpha() and any(c.isdigit() for c in word):
            numbers.append(code)
        elif not skeleton and word[0].isupper() and word.lower() not in codes:
            names.append(code)  # not a function word, a numeral or a single character; never written lower case
    if (language or "")[:2].lower() in NOUN_CAPITALISING or (
            content >= CAPITALISED_MIN_WORDS and len(names) >= CAPITALISED_NOUNS * content):
        names = []
    return np.sort(np.array(numbers, dtype=np.uint32)), np.sort(np.array(names, dtype=np.uint32))


def _skeleton_minhash(ids: np.ndarray, sentence_of: np.ndarray) -> np.ndarray | None:
    """MinHash (``NUM_PERM`` uint32 values) of the skeleton shingles: windows of ``SKELETON_SHINGLE``
    tokens inside one sentence with at least ``SKELETON_MIN_KEPT`` kept words, each hashed from its
    tokens' positions and hashes (placeholders hash 0); None when there are none."""
    shingles = np.frombuffer(lextree.skeleton_shingles(ids, sentence_of, _MULTIPLIERS, SKELETON_MIN_KEPT),
                             dtype=np.uint64)
    if not len(shingles):
        return None
    # datasketch's MinHash (scheme affine32, its default) of the distinct shingles, with its permutations
    # (seed 15), computed here in four array operations: its ``update_batch`` first turns the values into
    # a list, calls a hash function on each and checks them, which cost as much again (0.05 ms a text).
    # ``test_similarity`` checks that both give the same signature.
    hashes = np.unique(shingles).astype(np.uint32).reshape(-1, 1)  # 32-bit values: the high half of a product
    for shift, multiplier in ((16, 0x85EBCA6B), (13, 0xC2B2AE35)):  # MurmurHash3's finalizer, as datasketch mixes
        hashes ^= hashes >> np.uint32(shift)
        hashes *= np.uint32(multiplier)
    hashes ^= hashes >> np.uint32(16)
    a, b = _permutations()
    return (hashes * a + b).min(axis=0)  # type: ignore[no-any-return]


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations (multipliers and addends, uint32) every signature uses: those of datasketch's
    MinHash of ``NUM_PERM`` permutations and seed 15."""
    a, b = _minhash_class()(num_perm=NUM_PERM, seed=15).permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def _minhash_class() -> type:
    """datasketch's MinHash, from its own module only. The package's ``__init__`` imports every sketch
    it has, LSH's parameter tuning with scipy among them: 53 MB in each extraction process and ~1.4 s,
    for nothing geowire calls. The module is loaded under the package's spec not yet run, which is taken
    away again, so that a later ``import datasketch`` still runs the whole package."""
    if "datasketch" in sys.modules:
        return sys.modules["datasketch"].MinHash  # type: ignore[no-any-return]
    spec = importlib.util.find_spec("datasketch")
    if spec is None:
        raise ImportError("datasketch is not installed (pip install 'datasketch>=2.0')")
    package = importlib.util.module_from_spec(spec)  # its __path__, without running its __init__
    sys.modules["datasketch"] = package
    try:
        return importlib.import_module("datasketch.minhash").MinHash  # type: ignore[no-any-return]
    finally:
        if sys.modules.get("datasketch") is package:
            del sys.modules["datasketch"]


def bands(values: np.ndarray) -> list[int]:
    """LSH band keys of a signature: band ``b`` is the ``BAND_ROWS`` values packed into one
    integer (exact, no second hash), so two texts share a key only if they share the band."""
    rows = values.reshape(BANDS, BAND_ROWS).astype(np.uint64)
    return ((rows[:, 0] << np.uint64(32) | rows[:, 1]) >> np.uint64(1)).tolist()  # 63 bits: fits a signed BIGINT


def _lookup(table: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each value is in the sorted ``table`` (clipped), and whether it is there: ``np.isin``
    for the sizes met here, at a fifth of its cost."""
    if not len(table):
        return np.zeros(len(values), dtype=np.intp), np.zeros(len(values), dtype=bool)
    at = np.searchsorted(table, values)
    np.minimum(at, len(table) - 1, out=at)
    return at, table[at] == values


def _facts(counts: tuple[int, int, int, int] | None) -> float | None:
    """The weighted share (``NUMBER_WEIGHT``) of both texts' facts in parallel sentences found in their
    parallel sentence, from their counts (``lextree.parallel_sentences``); None when not judged: a sketch
    stored before facts were kept, or fewer than ``MIN_FACTS``."""
    if counts is None:
        return None
    numbers_found, numbers, names_found, names = counts
    if numbers + names < MIN_FACTS:
        return None
    return round(float(NUMBER_WEIGHT * numbers_found + names_found) / float(NUMBER_WEIGHT * numbers + names), 4)


@dataclass(frozen=True, slots=True)
class Match:
    """How two texts relate: ``similarity`` and ``facts`` decide, ``literal`` names the relation.
    ``facts`` None: not judged (too few facts, or a sketch stored before facts were kept)."""

    similarity: float
    literal: float
    facts: float | None = None

    @property
    def same_story(self) -> bool:
        return self.similarity >= SAME_STORY and (self.facts is None or self.facts >= SAME_FACTS)

    @property
    def relation(self) -> Relation:
        if self.literal >= COPY_LITERAL:
            return "copy"
        return "rewrite" if self.literal >= REWRITE_LITERAL else "spun"


def compare(a: Sketch, b: Sketch) -> Match:
    """``similarity``: the larger share, either way round, of words in sentences with a parallel
    sentence in the other text (so that a text trimmed, or padded with chrome, still matches the
    full one); ``literal``: the mean Dice overlap of those parallel sentences, weighted by words
    (1 for a copy; a spinner's synonyms lower it); ``facts``: the share of those sentences' facts
    that their parallel sentence has too (1 for a copy, and nearly so for a spun copy; low for
    another story written in the same sentence frames)."""
    measures = lextree.parallel_sentences(a, b, PARALLEL_DICE, SAME_STORY)  # compiled, or its numpy twin
    if measures is None:
        return Match(0.0, 0.0)
    similarity, literal, facts = measures
    return Match(round(similarity, 4), round(literal, 4), _facts(facts))

__all__ = ["Fingerprint", "Match", "Relation", "Sketch", "bands", "compare", "fingerprint", "function_words", "sketch"]
