"""Words that open a byline ("By", "Written by", "Von", "Par", "Por", "Ein Kommentar von", "記者" …), in many languages.

One vocabulary for every part that looks for a byline: the byline model strips them off a credit
(:data:`BY_PREFIX`, in :mod:`scrapers.extract.credits`) and finds bylines by them (in the header, as the
text's first paragraph, in a stamp line); the date finder (:mod:`scrapers.dates.evidence`) takes a short box
that holds a line opening with one for the post's author-and-date box (:func:`opens_with_by`). Kept outside
``scrapers.extract`` so that ``scrapers.dates``, which extraction imports, can read it too.
"""

from __future__ import annotations

import functools
import re

# Words that open a byline, longest first within a language: "By", "Written by", "Von", "Por", "Par" ...
_BY_WORDS = """
    written-by posted-by words-by story-by reported-by reporting-by text-by report-by created-by by
    artikel-von beitrag-von ein-beitrag-von eingestellt-von erstellt-von publié-par publicado-por pubblicato-da
    von text texte verfasst-von geschrieben-von autor autorin autoren autorinnen autor/in autor:in autor*in autor_in
    autor/innen autor:innen autor*innen
    por escrito-por texto redacción-por par écrit-par propos-recueillis-par di scritto-da a-cura-di
    geschreven-door gepost-door door tekst publicat-de av af skrevet-av skrevet-af text-av eftir przez napisał napisała
    napsal napsala napísal napísala napisao napisala написао написала oprac. autorka автор от текст yazan yazar muhabir:
    oleh: penulis reporter: laporan: szerző írta piše autorius autors teksti kirjoittanut kirjoittaja toimittaja journalist
    journalistin journaliste γράφει-ο γράφει-η γράφει γράφουν-οι γράφουν κείμενο: του της بقلم كتب نویسنده تحریر: מאת
    โดย ผู้เขียน लेखक लेखिका লেখক аутор avtor yazı: haber: tác-giả: bài:
    material-von mit-material-von informationen-von additional-reporting-by información-de informacion-de
    文 文・ 文● 著者 作者 執筆 記者 取材・文 編集委員 論説委員 本报记者 本報記者 글 기자
"""
# A reporter credited with the outlet or agency they write for, in Chinese: "新华社记者 张三", "人民日报记者：李四".
_CJK_REPORTER = r"[\u4e00-\u9fff]{0,6}?(?:记者|記者)(?=\s*[:：]?\s*[^\s:：])"
# "de Ion Popescu" (Romanian, Spanish, French): "de" opens a byline only in lower case before a capitalised name
# ("De Gaulle", "de la Cruz" do not).
_LOWER_DE = r"(?-i:de)(?=\s+(?-i:[A-ZÀ-ÖØ-ÞĂÂÎȘȚŞŢŠŽČĆŁŚŹŻ]))"
# A piece's genre before the name: "Ein Kommentar von …", "Une analyse de …", "Opinion by …", "Análisis de …"; with
# a colon ("Kommentar: …") only the genres an interviewee is never named after.
_GENRES = """
    kommentar gastkommentar analyse gastbeitrag essay kolumne glosse leitartikel reportage rezension kritik
    commentary analysis opinion column review essay commentaire chronique tribune éditorial editorial critique
    análisis analisis columna opinión opinion crónica cronica commento analisi editoriale recensione rubrica
    análise analise coluna opinião opiniao crônica commentaar recensie reportaje reportagem reportáž
"""
INTERVIEWS = "interview entretien entrevista intervista"
_ARTICLES = "ein eine einen un une uno una um uma an a een"
_GENRE_NAMES = sorted({*_GENRES.split(), *INTERVIEWS.split()}, key=len, reverse=True)  # longest first
_COLON_GENRES = sorted(set(_GENRES.split()), key=len, reverse=True)  # before a colon ("Kommentar:")
_GENRE_BY = r"\s+(?:von|de|di|by|par|por|door|av|af|of|da|do)(?=\s)"  # what follows a genre ("Analysis by")
_GENRE_PREFIX = (r"(?:(?:" + "|".join(_ARTICLES.split()) + r")\s+)?(?:" + "|".join(_GENRE_NAMES) + ")" + _GENRE_BY
                 + r"|(?:" + "|".join(_COLON_GENRES) + r")\s*[:：]")


def _genre_prefix_from(letter: str) -> str:
    """:data:`_GENRE_PREFIX` for a text starting with ``letter`` (ASCII, lower case): its three ways (an article and
    a genre, a genre, a genre and a colon), each in the same order, with only the articles and genres that start
    with that letter where the text's first letter starts them. The genre pattern's alternatives are tried one by one
    (a hundred of them, twice): this tries a few."""
    articles = [word for word in _ARTICLES.split() if word[0] == letter]
    genres = [word for word in _GENRE_NAMES if word[0] == letter]
    colon = [word for word in _COLON_GENRES if word[0] == letter]
    ways = (r"(?:" + "|".join(articles) + r")\s+(?:" + "|".join(_GENRE_NAMES) + ")" + _GENRE_BY if articles else "",
            r"(?:" + "|".join(genres) + ")" + _GENRE_BY if genres else "",
            r"(?:" + "|".join(colon) + r")\s*[:：]" if colon else "")
    return "|".join(way for way in ways if way)


def _by_word(word: str) -> str:
    """A word of ``_BY_WORDS`` as a pattern: "-" joins the words of a phrase; a word written with ":" opens a
    byline only with its colon ("Oleh: …" in Indonesian; "Oleh Ivanov" is a Ukrainian name)."""
    if word.endswith(":"):
        return re.escape(word[:-1].replace("-", " ")) + r"\s*[:：]"
    return re.escape(word.replace("-", " "))


# The writer's job before the name, with "our" and the by-word it may take: "Von unserem Korrespondenten …",
# "ARD-Korrespondent …", "Par notre envoyé spécial …", "Dal nostro inviato …", "Por nuestro corresponsal …", "Van onze
# correspondent …", "Senior Correspondent …": the name follows (a name must: "Korrespondent" alone is a desk).
# (:data:`ROLE_PREFIX`.)
_ROLES = """
    korrespondent korrespondentin korrespondenten redakteur redakteurin reporter reporterin auslandskorrespondent
    correspondant correspondante envoyé envoyée inviato inviata corrispondente corresponsal enviado enviada
    correspondent redacteur verslaggever correspondente repórter staff-writer writer
"""
_ROLE_PREFIX = (r"(?:(?:von|van|de|da|dal|dalla|por|par|from|by|door|av|af)\s+)?"
                r"(?:(?:unserem|unserer|unseren|unserm|our|notre|nos|nostro|nostra|nuestro|nuestra|onze|nosso|nossa)\s+)?"
                r"(?:(?:senior|chief|special|foreign|political|sonder|chef)\s*)?(?:(?-i:[A-Z]{2,6}|dpa)-)?(?:"
                + "|".join(sorted((_by_word(w) for w in _ROLES.split()), key=len, reverse=True))
                + r")(?:\s+(?:spécial|spéciale|speciale|especial|especiale|permanent|permanente|special))?"
                r"(?=\s+[^\W\d_][^\W\d_.]*\.?\s+[^\W\d_])")
# The openers a byline prefix is made of, in the order they are tried, each with the letters its matches start with
# (only ASCII ones are listed: the Chinese reporter's label starts with none).
_OPENERS: tuple[tuple[str, str], ...] = (
    ("".join({w[0] for w in (*_ARTICLES.split(), *_GENRES.split(), *INTERVIEWS.split())}), _GENRE_PREFIX),
    ("", _CJK_REPORTER), ("d", _LOWER_DE),
    *((w[0], _by_word(w)) for w in sorted(_BY_WORDS.split(), key=lambda w: len(_by_word(w)), reverse=True)),
)
_AFTER_OPENER = r"(?:\s*[:：●・]\s*|\s+|$)"
_DASH = r"(?:by\s+)?[-—–]\s*"
_PIECE = r"(?:" + "|".join(pattern for _, pattern in _OPENERS) + r")" + _AFTER_OPENER + "|" + _DASH
BY_PREFIX = re.compile(r"^\s*(?:" + _PIECE + r")+", re.IGNORECASE)


@functools.cache
def _by_prefix_from(letter: str) -> re.Pattern[str]:
    """:data:`BY_PREFIX` for a text whose first letter (after white space) is ``letter``, an ASCII one in lower case:
    its first piece tried with only the openers that start with that letter. Each of the others would fail on that
    first letter (none starts with a character that matches an ASCII letter in another case, as "ſ" or the Kelvin
    sign would), so the answer is the same; ``(?:P)+`` is ``(?:P)(?:P)*``."""
    openers = [_genre_prefix_from(letter) if pattern is _GENRE_PREFIX else pattern
               for letters, pattern in _OPENERS if letter in letters]
    first = (r"(?:" + "|".join(openers) + r")" + _AFTER_OPENER + "|" if openers else "") + _DASH
    return re.compile(r"^\s*(?:" + first + r")(?:" + _PIECE + r")*", re.IGNORECASE)


def by_prefix(text: str) -> re.Match[str] | None:
    """``BY_PREFIX.match(text)``, tried (on texts opening with an ASCII character) with only the openers that can
    start the text: a regex alternation of some 250 openers is tried one by one at the text's start (a few
    microseconds a text, and every text under a headline is tried)."""
    first = text.lstrip()[:1]
    return (_by_prefix_from(first.lower()) if first and first.isascii() else BY_PREFIX).match(text)
# Read off a byline's names only (not in BY_PREFIX, which every text under a headline is tried with: it would cost
# more there than it finds).
ROLE_PREFIX = re.compile(r"^\s*(?:" + _ROLE_PREFIX + r")\s+", re.IGNORECASE)


def by_word_prefix(text: str) -> re.Match[str] | None:
    """:data:`BY_PREFIX` at the start of ``text`` when it holds a by-word or a genre, not only a dash (which it strips
    off a credit too) or white space: how a byline line is told ("By Jane Doe", "Von", "Par …")."""
    if text.isspace():  # (most texts between elements: BY_PREFIX is slow on white space, and never matches it)
        return None
    prefix = by_prefix(text)
    return prefix if prefix is not None and prefix.group().strip(" \t\r\n-—–:") else None


def opens_with_by(text: str) -> bool:
    """Whether a text opens with a by-word or a genre and a name ("By Jane Doe", "Autor: Anna Schmidt", "بقلم أحمد
    علي"): a name starts with a letter that is no lower-case one, so "Text size" (a share widget's) is none."""
    prefix = by_word_prefix(text)
    first = text[prefix.end():prefix.end() + 1] if prefix is not None else ""
    return first.isalpha() and not first.islower()


# The author's label inside a Chinese page's line of labelled facts ("来源：人民网 作者：张三 2024-05-01"): the names
# follow it.
_LABELLED_AUTHOR = re.compile(r"(?<=\s)(?:作者|记者|記者|撰文|文)\s*[:：]")


def labelled_author(text: str) -> int | None:
    """Where the author's label stands inside a line of labelled facts ("来源：人民网 作者：张三"), or None."""
    found = _LABELLED_AUTHOR.search(text) if "：" in text or ":" in text else None
    return found.start() if found is not None else None
