"""Search-index text analysis: folding, word splitting, stemming and term counting of an article.

Pure and database-free, so that it runs where a page is extracted (a crawl's worker processes)
and the landing writer only inserts rows (``storage.search``). The same functions serve every
caller — the crawl, ``geowire reextract``, a reindex — so the index holds the same terms
whichever way an article reached it.

Text is *folded*: lower case; accents removed from Latin, Greek and Cyrillic letters;
ł, ø, ß, æ... spelt as readers type them; Arabic and Hebrew vowel points dropped. Other
scripts' marks, such as Devanagari vowel signs, are kept: removing them would merge
different words. Folded text is split into runs of letters, marks and digits. Words are
stemmed with Snowball in the article's language; scripts written without spaces
(Chinese, Japanese, Thai, ...) and Korean (whose particles attach to words, and which
Snowball does not stem) become overlapping character bigrams, as Lucene's CJK analyser
does. ``storage.search`` generates the SQL twin of the folding (``search_fold``, to query)
from the constants below.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from typing import Any

import regex
import Stemmer

from scrapers import lextree

# Combining marks removed wherever they occur: Latin/Greek/Cyrillic diacritics, Hebrew
# points, Arabic harakat (vowel marks are optional in both scripts, so readers search without them).
DROPPED_MARKS = ((0x0300, 0x036F), (0x0591, 0x05BD), (0x05BF, 0x05BF), (0x05C1, 0x05C2), (0x05C4, 0x05C5),
                 (0x05C7, 0x05C7), (0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06DC),
                 (0x06DF, 0x06E4), (0x06E7, 0x06E8), (0x06EA, 0x06ED), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF),
                 (0x20D0, 0x20FF), (0xFE20, 0xFE2F))
DROPPED_CLASS = "[" + "".join(f"\\x{{{lo:04X}}}-\\x{{{hi:04X}}}" for lo, hi in DROPPED_MARKS) + "]"
ACCENTED_SCRIPTS = r"[\p{Latin}\p{Greek}\p{Cyrillic}]"  # letters whose accents are folded away
# Letters with no decomposition that readers type without their stroke or as two letters
# ("Lodz", "Strasse"); and Greek final sigma, which Python lowers by context and DuckDB does not.
LETTER_FOLDS = {"ł": "l", "đ": "d", "ð": "d", "ø": "o", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "ß": "ss",
                "þ": "th", "ς": "σ"}
WORD_CLASS = r"[\p{L}\p{M}\p{N}]"
WORD = WORD_CLASS + "+"
UNSPACED = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]"  # bigrams

WORD_RE = regex.compile(WORD)
_UNSPACED_RE = regex.compile(UNSPACED + "+")
_DROPPED = frozenset(code for lo, hi in DROPPED_MARKS for code in range(lo, hi + 1))
_ACCENTED_RE = regex.compile(ACCENTED_SCRIPTS)

# ISO 639-1 -> Snowball algorithm (those PyStemmer ships).
_SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
    "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian", "fa": "persian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "st": "sesotho",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}


class _FoldTable(dict[int, str]):
    """``str.translate`` table computed lazily per code point (text is overwhelmingly a few
    hundred distinct characters, so each is decided once)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if code in _DROPPED and unicodedata.category(char) == "Mn":
            value = ""
        elif _ACCENTED_RE.fullmatch(char):
            value = "".join(c for c in unicodedata.normalize("NFD", char) if unicodedata.category(c) != "Mn")
        else:
            value = char
        value = "".join(LETTER_FOLDS.get(c, c) for c in value)
        self[code] = value
        return value


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case and remove accents the way ``search_fold`` does in SQL."""
    # NUL becomes a space: DuckDB's nfc_normalize would stop reading at it.
    normal = unicodedata.normalize("NFC", text.replace("\x00", " "))
    # ``fold_case`` is ``lower`` that also writes ’ as ': the same without one, and a third of the cost on text
    # with a few non-ASCII characters (typographic quotes, dashes), which ``lower`` reads slowly throughout.
    lowered = normal.lower() if "\u2019" in normal else lextree.fold_case(normal)
    if lowered.isascii():
        return lowered  # (ASCII folds to itself)
    return lextree.translate(lowered, _FOLD)


_STEM_LOCK = threading.Lock()


@lru_cache(maxsize=64)
def _stemmer(language: str | None) -> Stemmer.Stemmer | None:
    name = _SNOWBALL.get((language or "").lower()[:2])
    return Stemmer.Stemmer(name) if name else None


@lru_cache(maxsize=500_000)
def word_terms(word: str, language: str | None) -> tuple[str, ...]:
    """Index terms of one folded word: its Snowball stem, or character bigrams for CJK and
    Southeast Asian scripts. One-letter words of other scripts are dropped."""
    terms: list[str] = []
    position = 0
    stemmer = _stemmer(language)

    def spaced(piece: str) -> None:
        if len(piece) > 1 and stemmer:
            with _STEM_LOCK:  # a Stemmer object is not thread-safe
                terms.append(stemmer.stemWord(piece))
        elif len(piece) > 1:
            terms.append(piece)

    for match in _UNSPACED_RE.finditer(word):
        spaced(word[position:match.start()])
        run = match.group()
        terms.extend([run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)])
        position = match.end()
    spaced(word[position:])
    return tuple(terms)


def words(text: str | None) -> list[str]:
    """The folded words of a text."""
    return WORD_RE.findall(fold(text)) if text else []


# The terms of the words met, per language, for ``index_text``: a dict read by the word alone, which costs a
# fraction of a call of ``word_terms`` (whose cache is keyed by word and language). Emptied past this size.
KNOWN_WORDS = 200_000


class _Known(dict[str, tuple[tuple[str, str], ...]]):
    """The words of one language met so far: ``terms``, each word's terms (``term_counts`` fills it), and, as
    this dict, the (word, term) pairs ``IndexedText.vocabulary`` lists for a word whose terms are not itself,
    made on first use. News vocabulary repeats: an article's hundred-odd stemmed words are mostly looked up,
    not paired and sorted again (a fifth of ``index_text``)."""

    def __init__(self) -> None:
        super().__init__()
        self.terms: dict[str, tuple[str, ...]] = {}

    def __missing__(self, word: str) -> tuple[tuple[str, str], ...]:
        terms = self.terms[word]
        # sorted as tuples are: by term (a word's bigrams may repeat: "abab")
        pairs = self[word] = tuple((word, term) for term in (terms if len(terms) == 1 else sorted(set(terms))))
        return pairs


_KNOWN: dict[str | None, _Known] = {}


@dataclass(frozen=True, slots=True)
class IndexedText:
    """An article's search-index entry, ready to insert: its terms with their counts in the
    headline and the text (three parallel tuples), the totals used for length normalisation,
    and the (word, term) pairs whose term differs from the word (stems, bigrams) for the
    vocabulary that lets SQL map a query to terms."""

    terms: tuple[str, ...]
    title_tf: tuple[int, ...]
    body_tf: tuple[int, ...]
    title_terms: int
    body_terms: int
    vocabulary: tuple[tuple[str, str], ...]

    def __reduce__(self) -> tuple[Any, tuple[str, tuple[int, ...], tuple[int, ...], int, int, str]]:
        """Pickled with its strings joined by NUL (which no word holds: folding makes it a space), not one by
        one: a crawl's extraction workers send an entry a page, and this halves what pickling it costs them
        (unpickling costs the landing process about what it did)."""
        return _unpickled, ("\0".join(self.terms), self.title_tf, self.body_tf, self.title_terms, self.body_terms,
                            "\0".join(chain.from_iterable(self.vocabulary)))


def _unpickled(terms: str, title_tf: tuple[int, ...], body_tf: tuple[int, ...], title_terms: int, body_terms: int,
               vocabulary: str) -> IndexedText:
    """A pickled ``IndexedText`` again (``title_tf`` has one count a term: no terms, or the one term "")."""
    pairs = vocabulary.split("\0") if vocabulary else []
    return IndexedText(tuple(terms.split("\0")) if title_tf else (), title_tf, body_tf, title_terms, body_terms,
                       tuple(zip(pairs[::2], pairs[1::2], strict=True)))


def index_text(title: str | None, body: str | None, language: str | None) -> IndexedText:
    """The index entry of a headline and text in ``language`` (ISO 639-1; None: no stemming)."""
    changed: dict[str, tuple[str, ...]] = {}
    language = language or None
    known = _KNOWN.get(language) or _KNOWN.setdefault(language, _Known())
    if len(known.terms) > KNOWN_WORDS:
        known.terms.clear()
        known.clear()
    title_tf = lextree.term_counts(fold(title) if title else "", WORD_CLASS, word_terms, language, known.terms,
                                   changed)
    body_tf = lextree.term_counts(fold(body) if body else "", WORD_CLASS, word_terms, language, known.terms, changed)
    ordered = sorted(title_tf.keys() | body_tf.keys())
    # the (word, term) pairs, sorted as tuples are: by word, then term
    vocabulary = tuple(chain.from_iterable(map(known.__getitem__, sorted(changed))))
    return IndexedText(tuple(ordered), tuple(map(title_tf.get, ordered, repeat(0, len(ordered)))),
                       tuple(map(body_tf.get, ordered, repeat(0, len(ordered)))),
                       sum(title_tf.values()), sum(body_tf.values()), vocabulary)
