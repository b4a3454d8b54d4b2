"""``compare``'s compiled kernel (``scrapers._lexbor.parallel_sentences``) gives its numpy twin's measures to the
last bit, before any rounding: landing decides stories on them, and a sum of doubles taken in another order
than numpy's could move a rounded value across a threshold. Sketches of synthetic texts in several
shapes: copies, rewrites, spun copies with paragraphs dropped and moved, unrelated texts over the same
words, empty texts, sketches stored before facts were kept, and sketches longer than one of numpy's
summation blocks."""

from __future__ import annotations

import random

import numpy as np
import pytest
from backends import both, needs_compiled

from scrapers.similarity import PARALLEL_DICE, SAME_STORY, Sketch, compare, fingerprint

pytestmark = needs_compiled

_COMMON = (["the", "of", "and", "a", "to", "in", "that", "was", "for", "on", "with", "as", "by", "at", "from", "has", "said", "would", "after", "its", "over", "their"])
_CONTENT = ["minister", "talks", "border", "troops", "election", "vote", "market", "shares", "report", "storm", "rain", "river", "bridge", "police", "court", "ruling", "council", "budget", "school", "strike", "port", "ship", "oil", "price", "deal", "summit", "leaders"]
_NAMES = ["Kyiv", "Seoul", "Berlin", "Reuters", "Merkel", "Lagos", "Quito", "Oslo", "Nairobi", "Hanoi"]


def _text(rng: random.Random, paragraphs: int) -> list[list[str]]:
    """Paragraphs of sentences of words: function words, content words, names and numbers (a fact each)."""
    def sentence() -> str:
        words = [rng.choice(_COMMON if rng.random() < 0.4 else _CONTENT) for _ in range(rng.randint(5, 22))]
        for _ in range(rng.randint(0, 3)):
            words.insert(rng.randint(1, len(words)), rng.choice([*_NAMES, f"{rng.randint(1, 999):,}", "3.5"]))
        return " ".join(words).capitalize() + "."
    return [[sentence() for _ in range(rng.randint(1, 4))] for _ in range(paragraphs)]


def _variant(rng: random.Random, text: list[list[str]], kind: str) -> list[list[str]]:
    if kind == "copy":
        return text
    if kind == "unrelated":
        return _text(rng, len(text))
    spin = {"rewrite": 0.08, "spun": 0.3}[kind]
    paragraphs = [p for p in text if rng.random() > 0.15] if kind == "spun" else list(text)
    if kind == "spun":
        rng.shuffle(paragraphs)
    return [[" ".join(rng.choice(_CONTENT) if w in _CONTENT and rng.random() < spin else w for w in s.split())
             for s in p] for p in paragraphs] + [["Share this article on social media now please."]]


def _joined(text: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in text)


def _measures(a: Sketch, b: Sketch) -> tuple[object, object]:
    return both(lambda implementation: implementation.parallel_sentences(a, b, PARALLEL_DICE, SAME_STORY))


def _legacy(sketch: Sketch) -> Sketch:
    """The sketch as stored before facts were kept: its bytes up to the words."""
    return Sketch.from_bytes(sketch.to_bytes()[:4 * (1 + 2 * len(sketch.distinct) + len(sketch.words))])


@pytest.mark.parametrize("kind", ["copy", "rewrite", "spun", "unrelated"])
def test_the_kernel_measures_text_pairs_as_numpy_does(kind: str) -> None:
    rng = random.Random(kind)
    same_story = 0
    for _ in range(150):
        original = _text(rng, rng.randint(1, 30))
        a = fingerprint(_joined(original), "en").sketch
        b = fingerprint(_joined(_variant(rng, original, kind)), "en").sketch
        for x, y in ((a, b), (b, a), (_legacy(a), b), (a, _legacy(b))):
            compiled, python = _measures(x, y)
            assert compiled == python
        same_story += compare(a, b).same_story
    if kind == "unrelated":
        assert same_story <= 5  # a one-sentence text over this small vocabulary may meet another by chance
    else:
        assert same_story >= 140  # the pairs take the kernel's fact-counting path


def test_empty_texts_and_texts_without_common_words_have_no_measures() -> None:
    empty = fingerprint("", "en").sketch
    text = fingerprint("The minister met the council in Oslo on Monday to talk about the budget.", "en").sketch
    other = fingerprint("Storm rain flooded every river bridge near Quito overnight, police said.", "en").sketch
    for a, b in ((empty, empty), (empty, text), (text, empty), (text, other)):
        assert _measures(a, b) == (None, None)
    assert compare(text, other).similarity == 0.0


@pytest.mark.parametrize("sentences", [3, 7, 8, 9, 64, 127, 128, 129, 300, 1000])
def test_long_sketches_sum_in_numpys_order(sentences: int) -> None:
    """Parallel sentences around and beyond numpy's blocks of 8 and 128 partial sums: the literal share must
    be the same double (weights and Dice values chosen so that the order of the additions shows)."""
    rng = random.Random(sentences)
    vocabulary = rng.sample(range(1, 2**32), 5000)
    first = [rng.sample(vocabulary, rng.randint(3, 13)) for _ in range(sentences)]
    second = [[w if rng.random() > 0.3 else rng.choice(vocabulary) for w in s] for s in first]

    def sketch(text: list[list[int]]) -> Sketch:
        text = [list(dict.fromkeys(s)) for s in text]
        words = np.array([w for s in text for w in s], dtype=np.uint32)
        return Sketch(words, np.array([len(s) for s in text], dtype=np.int32),
                      np.array([len(s) + rng.randrange(40) for s in text], dtype=np.int32),
                      np.arange(0, len(words), 7, dtype=np.uint32), np.arange(3, len(words), 11, dtype=np.uint32))

    a, b = sketch(first), sketch(second)
    compiled, python = _measures(a, b)
    assert compiled == python
    assert compiled is not None and compiled[0] > SAME_STORY and compiled[2] is not None


@pytest.mark.parametrize("shift", [0, 16, 20, 28])
def test_words_that_crowd_the_kernels_word_table_are_all_found(shift: int) -> None:
    """The kernel finds the words two sketches share through a table of each one's words (``WordTable``):
    words whose bits differ only where the table's slot is not taken from (a few values, shifted), each in
    many sentences, give the same measures as numpy's sorted search."""
    rng = random.Random(shift)
    vocabulary = [(value << shift) & 0xFFFFFFFF or 1 for value in range(1, 40)]
    first = [list(dict.fromkeys(rng.choice(vocabulary) for _ in range(rng.randint(3, 12)))) for _ in range(60)]
    second = [[w if rng.random() > 0.2 else rng.choice(vocabulary) for w in s] for s in first]

    def sketch(text: list[list[int]]) -> Sketch:
        text = [list(dict.fromkeys(s)) for s in text]
        words = np.array([w for s in text for w in s], dtype=np.uint32)
        return Sketch(words, np.array([len(s) for s in text], dtype=np.int32),
                      np.array([len(s) for s in text], dtype=np.int32), np.arange(0, len(words), 5, dtype=np.uint32),
                      np.arange(2, len(words), 9, dtype=np.uint32))

    a, b = sketch(first), sketch(second)
    compiled, python = _measures(a, b)
    assert compiled == python and compiled is not None and compiled[2] is not None
