"""The text kernels (scrapers.lextree: sentence_words, term_counts, translate, fold_case, skeleton_shingles) give the same
answers compiled and in pure Python, on text in many scripts, so that a fingerprint or a search-index entry
never depends on whether the compiled module was built: stored sketches, LSH bands and index terms are
compared with those of articles landed later, possibly by another installation."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from backends import both, needs_compiled
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapers import _lexbor_py, lextree, textindex
from scrapers import similarity as sim

TEXTS = {
    "en": 'The leaders of America held 35,418 talks on 3.5.2024. U.S. officials said "no!" Then: 0.6% rose.\n'
          "A short line\nAnd the prime minister, Keir Starmer, met NATO's chief in New York city; new rules apply.",
    "de": "Die Bundesregierung hat am Montag 1.500 Euro beschlossen. Der Kanzler sprach in Berlin über Straße und Maß.",
    "el": "ΟΔΟΣ και οδός: Ο πρωθυπουργός Κυριάκος Μητσοτάκης μίλησε στην Αθήνα. Ήταν 12,5 βαθμοί.",
    "ru": "Президент России заявил во вторник, что переговоры продолжатся. В Москве было 20 градусов!",
    "zh": "国务院总理李强周二在北京会见了来访的外国代表团。双方就合作问题交换了意见！今天气温２５度。",
    "ja": "東京都は月曜日、新しい条例を発表した。カタカナのニュースとひらがなの文章？ ＡＢＣ社の株価は1,200円。",
    "th": "นายกรัฐมนตรีกล่าวว่ารัฐบาลจะช่วยเหลือประชาชน ๑๒๓ คน",
    "ar": "قال الرئيسُ إنَّ الحكومةَ ستعقد اجتماعاً يوم الاثنين في القاهرة. وحضر 300 شخص.",
    "hi": "प्रधानमंत्री ने मंगलवार को नई दिल्ली में कहा कि सरकार किसानों की मदद करेगी। १२ राज्यों में।",
    "ko": "대통령은 화요일 서울에서 기자회견을 열었다. 정부는 3조 원을 투입한다.",
    "mixed": "Ünïcode café naïve ﬁne İstanbul ǅemal 𝐁old 𝟏𝟐 emoji 🎉 ok... x...y end?! “quoted.” (paren.) [b.] 12.ab 1.2.3"
             "\x00nul\u200bzero-width a\u0301b 五十 〇 Ⅻ ½ ² e.g. St. Paul 12,,3 4.,5 x.\n\n\nlast",
}
LANGUAGES = [None, "en", "de", "zh", "ko", "ru", "xx"]


def _sentences(backend: Any, text: str, language: str | None, max_sentences: int = sim.MAX_SENTENCES,
               min_words: int = sim.MIN_SENTENCE_WORDS) -> Any:
    return backend.sentence_words(text, sim._SENTENCE_CLASSES, sim.function_words(language), max_sentences, min_words)


@needs_compiled
@pytest.mark.parametrize("script", sorted(TEXTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_sentence_words_agree_in_every_script(script: str, language: str | None) -> None:
    text = TEXTS[script] * 3
    mine, theirs = both(lambda backend: _sentences(backend, text, language))
    assert mine == theirs
    assert mine[5], "words were read"


@needs_compiled
@pytest.mark.parametrize("max_sentences, min_words", [(1, 1), (2, 4), (80, 1), (0, 4)])
def test_sentence_words_agree_on_where_reading_stops(max_sentences: int, min_words: int) -> None:
    text = " ".join(TEXTS.values())
    mine, theirs = both(lambda backend: _sentences(backend, text, "en", max_sentences, min_words))
    assert mine == theirs
    assert len(np.frombuffer(mine[1], dtype=np.int32)) <= max_sentences


@needs_compiled
def test_word_codes_are_crc32_of_the_lower_case() -> None:
    """The compiled module computes CRC-32 itself: it must be zlib's, which stored sketches were made with."""
    codes = _sentences(lextree._BACKENDS["compiled"], " ".join(TEXTS.values()), None)[5]
    assert len(codes) > 100
    assert all(code == zlib.crc32(word.lower().encode("utf-8")) | 1 for word, (code, _) in codes.items())


# Text drawn from every script above, with the separators and stops the grammar cares about.
_ALPHABET = "".join(sorted(set("".join(TEXTS.values())) | set(" \n\t.,!?\"'”’»)]。！？0123456789")))


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET) | st.characters(), max_size=300), st.sampled_from(LANGUAGES))
def test_sentence_words_agree_on_any_text(text: str, language: str | None) -> None:
    text = text.encode("utf-8", "replace").decode("utf-8")  # (no lone surrogates: extracted text has none)
    mine, theirs = both(lambda backend: _sentences(backend, text, language, 80, 1))
    assert mine == theirs


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET) | st.characters(), max_size=300), st.sampled_from(LANGUAGES))
def test_term_counts_agree_on_any_text(text: str, language: str | None) -> None:
    text = textindex.fold(text.encode("utf-8", "replace").decode("utf-8"))
    changed: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]] = ({}, {})
    mine = lextree._BACKENDS["compiled"].term_counts(text, textindex.WORD_CLASS, textindex.word_terms, language, {},
                                                     changed[0])
    theirs = _lexbor_py.term_counts(text, textindex.WORD_CLASS, textindex.word_terms, language, {}, changed[1])
    assert mine == theirs
    assert changed[0] == changed[1]


@needs_compiled
@pytest.mark.parametrize("script", sorted(TEXTS))
def test_term_counts_agree_and_reuse_known_words(script: str) -> None:
    text = textindex.fold(TEXTS[script])
    known: dict[str, tuple[str, ...]] = {}
    first = both(lambda backend: backend.term_counts(text, textindex.WORD_CLASS, textindex.word_terms, script,
                                                     known, {}))
    assert first[0] == first[1] and first[0]
    assert known and all(known[word] == textindex.word_terms(word, script) for word in known)
    # A word's terms are taken from ``known`` when it is there (the caller's cache, per language).
    word = next(iter(known))
    known[word] = ("planted",)
    again = both(lambda backend: backend.term_counts(text, textindex.WORD_CLASS, textindex.word_terms, script,
                                                     known, {}))
    assert again[0] == again[1] and again[0]["planted"] >= 1


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET) | st.characters(), max_size=300))
def test_translate_agrees_with_str_translate(text: str) -> None:
    text = text.lower()
    mine, theirs = both(lambda backend: backend.translate(text, textindex._FOLD))
    assert mine == theirs == text.translate(textindex._FOLD)


@needs_compiled
def test_fold_case_lowers_every_character_as_str_lower_does() -> None:
    """Every code point, alone and amid ASCII letters, a capital sigma (lowered by its context) and the apostrophe
    the gazetteer folds: the compiled kernel's simple case mapping is str.lower's wherever it does not defer to it."""
    compiled = lextree._BACKENDS["compiled"]
    for code in range(0x110000):
        char = chr(code)
        for text in (char, f"aB{char}’s", f"Σ{char}", f"{char}Σ x", f"ΟΔΟΣ {char}"):
            assert compiled.fold_case(text) == _lexbor_py.fold_case(text) == text.lower().replace("’", "'"), hex(code)


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*_ALPHABET, "Σ", "İ", "’", "ς", "ẞ", "ǅ", "K"]) | st.characters(), max_size=300))
def test_fold_case_agrees_with_str_lower(text: str) -> None:
    mine, theirs = both(lambda backend: backend.fold_case(text))
    assert mine == theirs == text.lower().replace("’", "'")


@needs_compiled
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2**64 - 1), st.booleans(), st.booleans()), max_size=60),
       st.integers(1, 6))
def test_skeleton_shingles_agree(tokens: list[tuple[int, bool, bool]], min_kept: int) -> None:
    ids = np.array([0 if blank else value for value, blank, _ in tokens], dtype=np.uint64)
    sentence_of = np.cumsum([int(new) for _, _, new in tokens], dtype=np.int32)
    mine, theirs = both(lambda backend: backend.skeleton_shingles(ids, sentence_of, sim._MULTIPLIERS, min_kept))
    assert mine == theirs


@needs_compiled
@pytest.mark.parametrize("script", sorted(TEXTS))
def test_fingerprints_and_index_entries_are_the_same_either_way(script: str) -> None:
    """What storage keeps (the sketch's bytes, the LSH bands, the index entry) is identical either way."""
    text = "\n".join(TEXTS[other] for other in (script, "en", script)) * 4

    def made(backend: str) -> tuple[bytes, tuple[int, ...], textindex.IndexedText]:
        lextree.use_backend(backend)
        try:
            found = sim.fingerprint(text, script)
            return found.sketch.to_bytes(), found.bands, textindex.index_text(TEXTS[script][:40], text, script)
        finally:
            lextree.use_backend(lextree.BACKEND)

    mine, theirs = made("compiled"), made("python")
    assert mine == theirs
    assert np.frombuffer(mine[0], dtype="<u4")[0] > 0, "sentences were read"


@needs_compiled
def test_corpus_fingerprints_and_index_entries_are_the_same_either_way(shared_dir: Path) -> None:
    import gzip
    from datetime import UTC, datetime

    from scrapers.extract import extract_article
    from scrapers.normalise import normalise

    files = sorted((shared_dir / "corpus").glob("*/html/*"))[::7]
    assert files
    for file in files:
        data = gzip.decompress(file.read_bytes()) if file.suffix == ".gz" else file.read_bytes()
        url = "https://www.example.com/news/a-story"
        article = normalise(extract_article(data, url, datetime(2026, 1, 1, tzinfo=UTC)), fetched_url=url)
        made = []
        for backend in ("compiled", "python"):
            lextree.use_backend(backend)
            try:
                found = sim.fingerprint(article.body, article.language)
                made.append((found.sketch.to_bytes(), found.bands,
                             textindex.index_text(article.title, article.body, article.language)))
            finally:
                lextree.use_backend(lextree.BACKEND)
        assert made[0] == made[1], file.name
