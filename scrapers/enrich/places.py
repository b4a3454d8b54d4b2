"""Countries and actors an article mentions: ISO 3166 codes with counts, and organisations and leaders.

The gazetteer is offline data: pycountry's ISO 3166-1 names and their translations (de, fr, es,
it, pt, nl, pl, ru, uk, tr, id, ko, ja, zh, ar, fa, he), ``data/countries.toml`` (short names,
demonyms and capitals, in English and, for the countries most in the news, other languages),
and ``data/actors.toml`` plus the file named by ``$GEOWIRE_ACTORS`` for actors. The terms that
count in a text's language go into one Aho-Corasick automaton (ahocorasick-rs, leftmost-longest:
"New Mexico" is not Mexico, "North Korea" not Korea), so a text is scanned once whatever the size
of the gazetteer (0.05 ms for 5,000 characters amid a page's extraction; pyahocorasick took
1.5 ms, reporting every overlapping match). Terms of a language other than English count only in texts of that language
(or of none known), and are not even looked for in others: Spanish "indi*" must not find India
in English "indicated". Matches are checked:

* whole words in scripts with spaces (Korean may add particles: 미국은; Chinese and Japanese
  have no word breaks); a term of a Slavic language ending in "*" matches as a stem;
* Arabic and Hebrew attach conjunctions, prepositions and the article to the next word
  ("وموسكو", "بالولايات المتحدة", "ובלבנון"): those proclitics may stand before a term; Arabic-script
  text is read with its spelling variants folded (hamza seats, alef maqsura, Persian yeh and kaf)
  and terms without their vowel marks (pycountry's "الولايات المتّحدة", not written so in news);
* a capital first letter where the term has one ("Turkey" the country, not the bird): names and
  capitals in every language, English demonyms; acronyms (US, UK, UAE) exactly as written;
* ambiguous terms ("Georgia", "Jordan", "Washington") only where the text also names that
  country another way.
"""

from __future__ import annotations

import gettext
import os
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import ahocorasick_rs
import pycountry
import regex

from scrapers.lextree import fold_case, term_hits
from scrapers.models import CountryMention

DATA = Path(__file__).with_name("data")
ACTORS_ENV = "GEOWIRE_ACTORS"
_TRANSLATED = ("de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "tr", "id", "ko", "ja", "zh_CN", "ar", "fa",
               "he")
_STEM_EXTRA = 5  # letters a stem term may be followed by (Росси* -> России, Россией)
_UNSPACED = ("CJK", "HIRAGANA", "KATAKANA")
# Proclitics written onto the next word: Arabic "و"/"ف" (and, so), "ب"/"ل"/"ك" (in, to, like) and
# the article "ال" ("لل" is "ل" + "ال"); Hebrew ו ה ב ל מ ש כ, up to three in a row ("ובלבנון").
_PROCLITICS = {"ARABIC": regex.compile(r"[وف]?(?:[بلك]?(?:ال)?|لل)"), "HEBREW": regex.compile(r"[והבלמשכ]{1,3}")}
_ARABIC_SCRIPT = regex.compile(r"[\u0600-\u06FF]")
_VOWEL_MARKS = regex.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u0591-\u05C7]")  # Arabic vowels, tatweel; Hebrew points
# Spellings news text varies: hamza seats (أ إ آ ٱ are often written ا), alef maqsura for yeh, and
# Persian yeh, kaf and heh-with-yeh against their Arabic forms — one letter each, so lengths stay.
_ARABIC_FOLD = str.maketrans("أإآٱىیکۀ", "ااااييكه")


@dataclass(frozen=True, slots=True)
class _Term:
    target: str  # country code, actor name, or "" for a blocking term
    kind: str  # country, actor, block
    written: str  # the term as written in the gazetteer
    language: str | None  # ISO 639-1 for terms of one language; None (and "en") count in every text
    stem: bool  # may be followed by a few more letters
    exact_case: bool  # acronyms: exactly as written
    capital: bool  # the first letter must be a capital
    ambiguous: bool


def _script(char: str) -> str:
    try:
        return unicodedata.name(char).split(" ")[0]
    except ValueError:
        return ""


def _fold(text: str) -> str:
    """Lower case, length kept (so positions map back to the original), typographic apostrophe plain,
    Arabic-script spelling variants folded (only in text that has that script: translating costs)."""
    folded = fold_case(text)
    if len(folded) != len(text):
        folded = "".join(c if len(c.lower()) != 1 else c.lower() for c in text).replace("’", "'")
    return folded.translate(_ARABIC_FOLD) if not text.isascii() and _ARABIC_SCRIPT.search(text) else folded


def _term(target: str, kind: str, written: str, language: str | None, ambiguous: frozenset[str] = frozenset()
          ) -> _Term:
    stem = written.endswith("*")
    word = _VOWEL_MARKS.sub("", written.rstrip("*"))
    letters = [c for c in word if c.isalpha()]
    exact = len(letters) <= 4 and all(c.isupper() for c in letters) and bool(letters)
    return _Term(target, kind, word, None if language == "en" else language, stem, exact,
                 word[:1].isupper() and not exact, word in ambiguous)


def _country_terms() -> Iterable[_Term]:
    data = tomllib.loads((DATA / "countries.toml").read_text(encoding="utf-8"))
    # A term ambiguous in one country's entry is ambiguous wherever it comes from (pycountry too).
    ambiguous = frozenset(term for entry in data.values() for term in entry.get("ambiguous", ()))
    for written in data.pop("block")["en"]:
        yield _term("", "block", written, "en")
    translations = {lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
                    for lang in _TRANSLATED}
    for country in pycountry.countries:
        names = {n for n in (country.name, getattr(country, "common_name", None),
                             getattr(country, "official_name", None)) if n}
        for name in names:
            if "," not in name:
                yield _term(country.alpha_2, "country", name, "en", ambiguous)
            for lang, translation in translations.items():
                local = translation.gettext(name)
                if local != name and "," not in local:
                    # Slavic names decline: the stem matches every case (Украина -> Украины, Украине).
                    slavic = lang in ("ru", "uk", "pl") and len(local) > 5 and " " not in local
                    yield _term(country.alpha_2, "country", local.rstrip("аяеиыйьoa") + "*" if slavic else local,
                                lang[:2], ambiguous)
    for code, entry in data.items():
        for lang, terms in entry.items():
            if lang == "ambiguous":
                continue
            for written in terms:
                yield _term(code, "country", written, lang, ambiguous)
                if lang == "en" and written[-1:] in ("n", "i") and not written.isupper():
                    yield _term(code, "country", written + "s", lang, ambiguous | {written + "s"} if written in
                                ambiguous else ambiguous)


def _actor_terms(extra: str) -> Iterable[_Term]:
    """The built-in actors, and those of the file ``extra`` names (if any)."""
    actors: dict[str, dict[str, object]] = {}
    for path in [DATA / "actors.toml", *([Path(extra)] if extra else [])]:
        for actor in tomllib.loads(path.read_text(encoding="utf-8")).get("actor", []):
            actors[actor["name"]] = actor  # a later file's entry replaces one of the same name
    for name, actor in actors.items():
        for written in [name, *actor.get("aliases", [])]:  # type: ignore[misc]
            yield _term(name, "actor", written, None)


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    matcher: ahocorasick_rs.BytesAhoCorasick  # over UTF-8: the str matcher maps every match's offsets back to
    # characters, a fifth of a scan (0.04 against 0.03 ms for an English text of 4,200 characters)
    terms: tuple[tuple[_Term, ...], ...]  # by pattern number
    lengths: tuple[int, ...]  # folded length of each pattern


@cache
def _all_terms(extra_actors: str) -> tuple[_Term, ...]:
    """Every term of the gazetteer (countries, then actors), read once per actors file. An Arabic
    term with the article "ال" also comes without its alef, for "ل" + "ال" written "لل" ("للصين")."""
    terms = (*_country_terms(), *_actor_terms(extra_actors))
    return (*terms, *(replace(term, written=term.written[1:]) for term in terms if term.written.startswith("ال")))


@cache
def _gazetteer(extra_actors: str, language: str | None) -> _Gazetteer:
    """The automaton of the terms that count in texts of ``language`` (None: not known, every term), made
    once per actors file ($GEOWIRE_ACTORS, "" for none) and language. A text is scanned only for its own
    language's terms: an automaton of a fifth of the terms stays in the processor's cache, and a foreign
    term can no longer hide a shorter term of the text's language under its leftmost-longest match."""
    by_key: dict[str, list[_Term]] = {}
    for term in _all_terms(extra_actors):
        if language is not None and term.language not in (None, language):
            continue
        terms = by_key.setdefault(_fold(term.written), [])
        if term not in terms:
            terms.append(term)
    keys = list(by_key)
    # The contiguous NFA, not a DFA: a DFA of one language's terms (a few MB) scans twice as fast on its own, but
    # amid a page's extraction, which has pushed it out of the processor's cache, it is the slower (0.30 against
    # 0.25 ms a page for find_places on aeb-dev); every language's terms would make a DFA of ~70 MB.
    return _Gazetteer(ahocorasick_rs.BytesAhoCorasick([key.encode() for key in keys],
                                                      matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                                      implementation=ahocorasick_rs.Implementation.ContiguousNFA),
                      tuple(tuple(by_key[k]) for k in keys), tuple(len(k) for k in keys))


@cache
def _languages(extra_actors: str) -> frozenset[str]:
    """The languages that have terms of their own."""
    return frozenset(t.language for t in _all_terms(extra_actors) if t.language is not None)


def _boundary_ok(text: str, start: int, end: int, term: _Term) -> bool:
    """Whether the match ``text[start:end]`` stands on word boundaries (a stem may extend it)."""
    first = "LATIN" if text[start].isascii() else _script(text[start])
    if first in _UNSPACED:
        return True
    if start > 0 and text[start - 1].isalnum():
        proclitics = _PROCLITICS.get(first)
        if proclitics is None:
            return False  # inside a word
        word_start = start
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        if text[word_start - 1:word_start].isalnum() or not proclitics.fullmatch(text, word_start, start):
            return False
    if first == "HANGUL":
        return True  # particles attach to the word: 미국은, 한국의
    if term.stem:
        extra = 0
        while end + extra < len(text) and text[end + extra].isalpha() and extra < _STEM_EXTRA:
            extra += 1
        end += extra
    return not (end < len(text) and text[end].isalnum())


def _hits(text: str, language: str | None) -> list[_Term]:
    """The terms of the gazetteer matches in ``text`` that pass the language, boundary and case checks, in order:
    the automaton's matches over the folded text, judged by ``scrapers.lextree.term_hits`` (compiled: a page's
    raw matches are mostly rejected by one byte test, and the rest cost a Python call each in pure Python)."""
    if not text:
        return []
    extra = os.environ.get(ACTORS_ENV, "")
    language = (language or "")[:2].lower() or None
    # A language without terms of its own reads the shared terms only: one automaton for all such languages.
    gazetteer = _gazetteer(extra, language if language is None or language in _languages(extra) else "")
    folded = _fold(text)
    encoded = folded.encode("utf-8", "surrogatepass")
    return term_hits(text, folded, encoded, gazetteer.matcher.find_matches_as_indexes(encoded), gazetteer.terms,
                     gazetteer.lengths, _boundary_ok)


def countries_in(text: str, language: str | None = None) -> Counter[str]:
    """Country codes named in a piece of text (ambiguous terms included), with counts."""
    return Counter(term.target for term in _hits(text, language) if term.kind == "country")


def names_a_place(text: str) -> bool:
    """Whether ``text`` is a country or a capital and nothing else ("Москва", "東京", "Tel Aviv", "Hà Nội"), in any
    language of the gazetteer: a byline's "Ivan Petrov, Москва" names where he wrote from, not a co-author."""
    text = text.strip()
    hits = _hits(text, None) if text else []
    if len(hits) != 1 or hits[0].kind != "country" or hits[0].ambiguous:
        return False
    extra = len(text) - len(hits[0].written)
    return 0 <= extra <= (_STEM_EXTRA if hits[0].stem else 0)


@dataclass(frozen=True, slots=True)
class Places:
    """What ``find_places`` found."""

    countries: tuple[CountryMention, ...]  # most mentioned first
    actors: tuple[str, ...]  # in order of first mention


def find_places(title: str | None, body: str, dateline_place: str | None = None, language: str | None = None
                ) -> Places:
    """Countries (with counts, headline and dateline flags) and actors of an article in ``language``."""
    headline_hits = _hits(title or "", language)
    body_hits = _hits(body, language)
    dateline = set(countries_in(dateline_place or "", language))
    counts: Counter[str] = Counter()
    sure: set[str] = set(dateline)
    for term in [*headline_hits, *body_hits]:
        if term.kind == "country":
            counts[term.target] += 1
            if not term.ambiguous:
                sure.add(term.target)
    in_headline = {term.target for term in headline_hits}
    countries = tuple(CountryMention(code, n, code in in_headline, code in dateline)
                      for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if code in sure)
    actors = tuple(dict.fromkeys(term.target for term in [*headline_hits, *body_hits] if term.kind == "actor"))
    return Places(countries, actors)
