"""``compare`` is exact: on thousands of random sketch pairs it gives the very Match (similarity,
literal, facts) of a plain reference that follows the definitions sentence by sentence with sets.

``compare`` is written for speed (a compiled kernel, or numpy: sorted word indexes cached on each
sketch, pairs of entries counted in a few numpy calls, facts counted in one ``bincount``); landing decides stories on its
values, so a faster version must not move a single one of them."""

from __future__ import annotations

import random

import numpy as np
import pytest

from scrapers.similarity import MIN_FACTS, NUMBER_WEIGHT, PARALLEL_DICE, SAME_STORY, Match, Sketch, compare

pytestmark = pytest.mark.usefixtures("each_backend")  # the compiled kernel and its numpy twin alike (conftest)


def _sentences(sketch: Sketch) -> list[set[int]]:
    ends = np.cumsum(sketch.distinct)
    return [set(sketch.words[end - n:end].tolist()) for n, end in zip(sketch.distinct.tolist(), ends.tolist(),
                                                                      strict=True)]


def _fact_counts(text: Sketch, sentences: list[set[int]], other: list[set[int]], partner: list[int],
                 parallel: list[bool], indices: np.ndarray) -> tuple[int, int]:
    """(found in the parallel sentence, inside a parallel sentence) of these fact entries."""
    sentence_of = [s for s, words in enumerate(sentences) for _ in words]
    found = inside = 0
    for index in indices.tolist():
        s = sentence_of[index]
        if parallel[s]:
            inside += 1
            found += int(text.words[index]) in other[partner[s]]
    return found, inside


def reference(a: Sketch, b: Sketch) -> Match:
    """``compare`` by its definitions: Dice overlap of every pair of sentences, each sentence's
    most similar one (the first of equals), shares of words in parallel sentences."""
    sa, sb = _sentences(a), _sentences(b)
    if not sa or not sb or not set(a.words.tolist()) & set(b.words.tolist()):
        return Match(0.0, 0.0)
    dice = [[2.0 * len(x & y) / (len(x) + len(y)) for y in sb] for x in sa]
    partner_a = [max(range(len(sb)), key=row.__getitem__) for row in dice]
    partner_b = [max(range(len(sa)), key=column.__getitem__) for column in zip(*dice, strict=True)]
    best_a = [dice[i][partner_a[i]] for i in range(len(sa))]
    best_b = [dice[partner_b[j]][j] for j in range(len(sb))]

    def shares(text: Sketch, best: list[float]) -> tuple[float, float]:
        weights = text.weight.tolist()
        kept = [(w, d) for w, d in zip(weights, best, strict=True) if d >= PARALLEL_DICE]
        matched = sum(w for w, _ in kept)
        if not matched:
            return 0.0, 0.0
        # Summed by numpy in sentence order, as compare does: the same float to the last bit.
        return matched / sum(weights), float(np.array([w * d for w, d in kept]).sum()) / matched

    similarity, literal = max(shares(a, best_a), shares(b, best_b))
    if similarity < SAME_STORY or a.numbers is None or b.numbers is None:
        return Match(round(similarity, 4), round(literal, 4))
    assert a.names is not None and b.names is not None
    parallel_a, parallel_b = [d >= PARALLEL_DICE for d in best_a], [d >= PARALLEL_DICE for d in best_b]
    counts = [_fact_counts(a, sa, sb, partner_a, parallel_a, a.numbers), _fact_counts(a, sa, sb, partner_a, parallel_a, a.names),
              _fact_counts(b, sb, sa, partner_b, parallel_b, b.numbers), _fact_counts(b, sb, sa, partner_b, parallel_b, b.names)]
    numbers_found, numbers = counts[0][0] + counts[2][0], counts[0][1] + counts[2][1]
    names_found, names = counts[1][0] + counts[3][0], counts[1][1] + counts[3][1]
    if numbers + names < MIN_FACTS:
        return Match(round(similarity, 4), round(literal, 4))
    facts = round(float(NUMBER_WEIGHT * numbers_found + names_found) / float(NUMBER_WEIGHT * numbers + names), 4)
    return Match(round(similarity, 4), round(literal, 4), facts)


def _sketch(sentences: list[list[int]], rng: random.Random, facts: tuple[set[int], set[int]] | None) -> Sketch:
    """A sketch of these sentences (distinct word hashes each), with random repeats in their
    weights; ``facts``: the words that are numbers and names (every entry of them), None for a
    sketch stored before facts were kept."""
    words = [w for sentence in sentences for w in sentence]
    numbers = names = None
    if facts is not None:
        numbers = np.array([i for i, w in enumerate(words) if w in facts[0]], dtype=np.uint32)
        names = np.array([i for i, w in enumerate(words) if w in facts[1] and w not in facts[0]], dtype=np.uint32)
    return Sketch(np.array(words, dtype=np.uint32), np.array([len(s) for s in sentences], dtype=np.int32),
                  np.array([len(s) + rng.randrange(3) for s in sentences], dtype=np.int32), numbers, names)


def _pair(rng: random.Random) -> tuple[Sketch, Sketch]:
    """A text and a variant of it: sentences kept, dropped, moved, some words swapped, others added;
    or an unrelated text over the same small vocabulary (so that every sentence shares some words)."""
    vocabulary = rng.sample(range(1, 2**32), rng.choice((12, 40, 400)))
    facts = (set(rng.sample(vocabulary, len(vocabulary) // 8)), set(rng.sample(vocabulary, len(vocabulary) // 6)))
    first = [rng.sample(vocabulary, rng.randint(1, min(15, len(vocabulary)))) for _ in range(rng.randint(0, 14))]
    if rng.random() < 0.2:
        second = [rng.sample(vocabulary, rng.randint(1, min(15, len(vocabulary)))) for _ in range(rng.randint(0, 14))]
    else:
        second = []
        for sentence in first:
            if rng.random() < 0.15:
                continue
            kept = [w if rng.random() > rng.choice((0.0, 0.2, 0.5)) else rng.choice(vocabulary) for w in sentence]
            second.append(list(dict.fromkeys(kept)))
        if rng.random() < 0.3:
            rng.shuffle(second)
        second += [rng.sample(vocabulary, rng.randint(1, min(6, len(vocabulary)))) for _ in range(rng.randrange(3))]
    legacy = rng.random() < 0.1
    return _sketch(first, rng, None if legacy else facts), _sketch(second, rng, facts)


@pytest.mark.parametrize("seed", range(4))
def test_compare_gives_the_reference_match_on_random_pairs(seed: int) -> None:
    rng = random.Random(seed)
    outcomes = {"same story": 0, "facts judged": 0, "apart": 0}
    for _ in range(1000):
        a, b = _pair(rng)
        expected = reference(a, b)
        assert compare(a, b) == expected
        assert compare(b, a) == expected  # either way round
        outcomes["same story" if expected.same_story else "apart"] += 1
        outcomes["facts judged"] += expected.facts is not None
    assert min(outcomes.values()) >= 100, outcomes  # every path of compare was taken, many times


def test_a_new_article_compared_with_several_candidates_keeps_each_result() -> None:
    """The sorted indexes cached on a sketch serve every comparison it takes part in, unchanged."""
    rng = random.Random(15)
    pairs = [_pair(rng) for _ in range(40)]
    new = pairs[0][0]
    fresh = [reference(new, candidate) for _, candidate in pairs]
    assert [compare(new, candidate) for _, candidate in pairs] == fresh
    assert [compare(new, candidate) for _, candidate in reversed(pairs)] == fresh[::-1]
