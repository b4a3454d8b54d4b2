"""The headline: the page's visible ``<h1>`` weighed against its metadata titles.

A page names its article four ways: the ``<h1>`` the reader sees, ``og:title`` and
``twitter:title`` written for link previews, the JSON-LD ``headline`` and the ``<title>``
shown in the browser tab. Editors write the SEO titles separately, so they often differ
from the ``<h1>``, and the ``<title>`` carries the site's name and sections around the
headline in any script and with any separator ("… | Politics | Site", "…-정치ㅣ한국일보",
"…--时政--人民网", "Site: …"). So:

1. an ``<h1>`` that agrees with a metadata title (the same text, or that text with a site
   suffix or a kicker) is the headline as printed; of an ``<h1>`` that prints a kicker, a badge,
   a subtitle or the byline beside the headline, the part a metadata title shows (the JSON-LD
   ``headline`` first: SEO titles may show the kicker);
2. else the first ``<h1>`` that reads like a headline is the article's own heading: the
   visible page wins over titles written for machines. An ``<h1>`` that is the site's logo
   or name, or that a metadata title shows beside a longer headline ("Blog name: Post
   title"), is the site's name, not a heading. A page with no ``<h1>`` but the site's name
   prints the headline as the ``<h2>`` its ``<article>`` opens with: that one, when it is
   about what the titles say (and not a piece of one of them);
3. else the metadata titles (the one that the others show with a kicker or a label added, "Opinion |
   …", "Ukraine-Krieg: …", first), with the segments that name the site (and the short section
   segments next to it; a last segment of a few capitalised words that spell the site's name
   among others: "… - European Championships Munich 2022"; a last segment whose capitalised
   words' initials spell a host that abbreviates the name: "… - Helsingin Sanomat" on hs.fi; a
   short last segment in a script without spaces that ends as outlets' names do: "…-新华网",
   "…ㅣ서울일보") removed. A metadata title cut short with an ellipsis where another one goes on
   is a preview's length limit and left out. A title that is only the
   site's address ("carta.info") is no headline: without an ``<h1>`` but the logo, the
   article's first subheading is.

Quotation marks are kept as the chosen text has them: they never decide agreement (nor does the
dash that opens a quoted headline in Nordic and Slavic papers: "– Vi gir oss ikke, sier ordføreren",
"Ordføreren: – Vi gir oss ikke").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from scrapers.extract.credits import letters, site_at_an_end, words
from scrapers.extract.metadata import Precomputed, clean_text, select_texts
from scrapers.extract.rules import Rules
from scrapers.extract.vocabulary import may_hold
from scrapers.htmlmeta import jsonld_types
from scrapers.lextree import tag_id, tagged_below, text_length

# Scripts written without spaces between words: a separator without spaces around it is one
# there ("…-정치ㅣ한국일보"), while in spaced scripts "Covid-19" and "comeback—but" are words.
_UNSPACED = r"\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef"
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
_SPACED_SEPARATORS = (r"\s+(?:[-|–—−:·‹›•/\\~]|::|\|\|)\s+"  # spaced: " - ", " | ", " : ", " :: ", " ‹ " ...
                      r"|\s*(?:[|｜ㅣ_]|::|--|：|【|】)\s*")  # unmistakable anywhere: "|", fullwidth bar, Hangul ㅣ, "_", "--"
_GUILLEMETS = r"|\s+[»«]\s+"  # "Site » Section » Headline", "Headline « Blog"
_SEPARATOR = re.compile(_SPACED_SEPARATORS + _GUILLEMETS)
_SEPARATOR_QUOTING = re.compile(_SPACED_SEPARATORS)
_SEPARATOR_UNSPACED = re.compile(
    _SPACED_SEPARATORS + _GUILLEMETS + rf"|(?<=[{_UNSPACED}])\s*[-–—:·•»]\s*|\s*[-–—:·•»]\s*(?=[{_UNSPACED}])"
    r"|\s+<\s+"  # Korean news CMSs' "Headline < Section < 기사본문 - Site" (in spaced scripts "<" says "less than")
)
_QUOTATION = re.compile(r"«[^«»]*»")


def separators(title: str) -> re.Pattern[str]:
    """The separators of a title's segments: hyphens, dashes and colons without spaces around them count
    only next to a script written without spaces ("…-정치ㅣ한국일보"; not "Covid-19", "comeback—but"); guillemets
    only in a title that quotes nothing with them (« une erreur » is a French quotation)."""
    if _UNSPACED_CHAR.search(title):
        return _SEPARATOR_UNSPACED
    return _SEPARATOR_QUOTING if "«" in title and _QUOTATION.search(title) else _SEPARATOR
# Where a kicker or a blog's name meets the headline: a separator, or ": " (no space before).
_BOUNDARY = re.compile(r"\s*[-|–—−:·»‹›•/\\~_｜ㅣ：]+\s*")
_LEAD_REACH = 62
_LEADING_NAME = re.compile(r"(.{2,60}?)\s*[:：]\s+")
_BOUNDARY_END = re.compile(r"\s*[-|–—−:·»‹›•/\\~_｜ㅣ：]+\s*$")
_TYPOGRAPHY = (("–", "-"), ("—", "-"), ("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("„", '"'))
# Quotation marks (folded), and the dash that opens a quoted headline in Nordic and Slavic papers ("– Vi gir oss ikke,
# sier ordføreren" where the metadata has "«Vi gir oss ikke», sier ordføreren"), also after the speaker's name and a
# colon ("Ordføreren: – Vi gir oss ikke" where the metadata has "Ordføreren: «Vi gir oss ikke»").
_QUOTES = re.compile(r"""['"‚‹›«»「」『』]|^-\s+|(?<=:)\s+-(?=\s)""")
_HOST_NOISE = frozenset({"www", "m", "amp", "edition", "en", "mobile", "news", "blog", "blogs", "com", "org", "net",
                         "co", "gov", "edu", "ac", "go", "ne", "or"})
_LOGO_WORDS = ("logo", "brand", "masthead", "site-title", "site-name", "sitename", "site_title")
_LOGO = re.compile("|".join(re.escape(w) for w in _LOGO_WORDS), re.IGNORECASE)
# A class that hides an element from sighted readers, as a whole class name: "hidden", "is-hidden", "sr-only",
# "screen-reader-text", "visually-hidden", "element-invisible", "offscreen". Not "overflow-hidden", which clips a box
# (modern themes wrap whole pages in it), nor "hidden-xs"/"hidden-print", which hide it on phones or on paper only.
_SCREENS = r"(?:xs|sm|md|lg|xl|xxl|print|mobile|phone|tablet|desktop|small|medium|large)"
_HIDING_CLASS = re.compile(rf"(?!overflow)(?:(?:[\w-]*[-_])?(?:hidden|invisible|offscreen|visuallyhidden)"
                           rf"(?:[-_](?!{_SCREENS}\b)[\w-]*)?|(?:sr[-_]only|screen[-_]?reader|visually[-_]hidden)[\w-]*)")


def _hides(names: str) -> bool:
    """Whether class names (or an id) say that the element is hidden from sighted readers (see ``_HIDING_CLASS``)."""
    return any(_HIDING_CLASS.fullmatch(name) is not None for name in names.casefold().split())


_BREAKS = frozenset({"br", "div", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6"})
_PIPE = re.compile(r"\s+(?:\||::|»|•)\s+|\s*[｜ㅣ]\s*")
_MIN_BEFORE_PIPE = 15
_MAX_HEADLINE = 400
_MAX_TITLE = 2 * _MAX_HEADLINE  # a headline with its site's name and sections around it
_MAX_ARTICLE_DEPTH = 40  # app-built pages nest the <h1> a dozen levels and more below <main>
_MAX_LOGO_CHARS = 60
_H1 = frozenset({"h1"})
_SECTION_WORDS, _SECTION_CHARS = 3, 25
# A note in brackets that SEO titles add after the headline: "(Photo: Reuters)", "（写真＝ロイター）", "[VIDEO]".
_ADDED_NOTE = re.compile(r"\s*[(（\[【][^()（）\[\]【】]{1,40}[)）\]】]\s*$")


@lru_cache(maxsize=256)  # a page compares its few titles with each other several times
def fold(text: str) -> str:
    """A headline for comparison only: metadata often has ASCII quotes and dashes where the page has curly ones."""
    if not text.isascii():
        for curly, plain in _TYPOGRAPHY:  # str.translate would map character by character
            if curly in text:
                text = text.replace(curly, plain)
    return " ".join(text.casefold().split())


def host_marks(url: str | None) -> tuple[str, ...]:
    """The labels of the URL's host that name the site, as :func:`letters` gives them ("timesofindia",
    "indiatimes", "ntv" for n-tv.de, "vg" for vg.no), without "www", "m", "co" and top-level domains. A
    two-letter mark only ever matches a segment that is exactly those letters (see :func:`names_site`)."""
    host = (urlsplit(url).hostname or "") if url else ""
    labels = host.split(".")[:-1]  # the last label is the top-level domain
    return tuple(letters(label) for label in labels if label not in _HOST_NOISE and len(letters(label)) >= 2)


def names_site(segment: str, marks: Iterable[str]) -> bool:
    """Whether a title segment is the site's name: "Times of India" for "The Times of India", "NPR" for npr.org,
    "phpspot開発日誌" for phpspot.org. ``marks`` are site names as :func:`letters` gives them."""
    key = letters(segment)
    if not key:
        return False
    # "Hürriyet" on hurriyet.com.tr, "El País" on elpais.com; "Süddeutsche" on sueddeutsche.de (German hosts write
    # an umlaut as its vowel and "e")
    keys = (key,) if key.isascii() else (key, _unaccented(key), _unaccented(key.translate(_UMLAUTS)))
    for mark in marks:
        for key in keys:
            if key == mark or (len(mark) >= 3 and mark in key and len(key) <= len(mark) + 12) or \
                    (len(key) >= 4 and key in mark):
                return True
    return False


# Letters that hosts spell without their marks but that Unicode does not decompose, and the Cyrillic and Greek
# letters as hosts spell them in Latin ("РИА Новости" on ria.ru, "Καθημερινή" on kathimerini.gr; lower case).
_LATIN = str.maketrans({
    "ı": "i", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th",
    **dict(zip("абвгґдеёэзийіїклмнопрстуфыъь", "abvggdeeeziyiiklmnoprstufy\0\0", strict=True)),
    "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu", "я": "ya", "є": "ye",
    "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz",
    **dict(zip("αβγδεζηικλμνξοπρσςτυφχω", "avgdeziiklmnxoprsstyfho", strict=True)), "θ": "th", "ψ": "ps",
})


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


@lru_cache(maxsize=1024)
def _unaccented(key: str) -> str:
    """A name's letters as a host spells them in ASCII: "hurriyet" for "hürriyet", "publico" for "público",
    "kathimerini" for "καθημερινή" (decomposed first, so that accented Greek letters lose their accents)."""
    decomposed = "".join(ch for ch in unicodedata.normalize("NFKD", key) if not unicodedata.combining(ch))
    return decomposed.translate(_LATIN).replace("\0", "")


_MAX_HOLDING_WORDS = 6
_MAX_INITIALS = 5
_ARTICLE_WORDS = frozenset({"the", "die", "der", "das", "la", "le", "el", "il", "de", "het", "o", "a"})


def _abbreviated_by(segment: str, marks: Iterable[str]) -> bool:
    """Whether a title's last segment is the site's name written out where its host abbreviates it: "Helsingin
    Sanomat" on hs.fi, "Dagens Nyheter" on dn.se, "Frankfurter Allgemeine Zeitung" on faz.net, "The Wall Street
    Journal" on wsj.com, "Los Angeles Times" on latimes.com. Its words are capitalised (short linking words aside:
    "Corriere della Sera") and their initials after a leading article spell one of the site's names of a few letters,
    or do so up to the last word, spelled out."""
    parts = [w for w in re.split(r"[\s‐-]+", segment) if w]
    named = [w for w in parts if w[:1].isupper()]
    if not 1 < len(named) <= _MAX_INITIALS or _UNSPACED_CHAR.search(segment) or \
            any(not w[:1].isupper() and len(w) > 3 for w in parts):
        return False
    if letters(named[0]) in _ARTICLE_WORDS and len(named) > 2:
        named = named[1:]
    initials = _unaccented("".join(w[0] for w in named).casefold())
    spelled = initials[:-1] + _unaccented(letters(named[-1]))  # "Los Angeles Times" on latimes.com
    return any((2 <= len(mark) <= _MAX_INITIALS and mark == initials) or mark == spelled for mark in marks)


def _holds_site_name(segment: str, marks: Iterable[str]) -> bool:
    """Whether a title's last segment is the site's name with words around it ("European Championships Munich 2022"
    on munich2022.com, "Tagesspiegel Plus Archiv"): a few capitalised words, the first or last of which spell a name
    (whole words only)."""
    words = segment.split()
    if not 1 < len(words) <= _MAX_HOLDING_WORDS or _UNSPACED_CHAR.search(segment) or \
            not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return False  # a name's words are capitalised: not "… RustのWebAssemblyを扱う MOONGIFT", "… in Munich 2022"
    return site_at_an_end([letters(w) for w in words], marks)


# What the name of an outlet ends with in scripts written without spaces: "新华网", "中国青年网" (…net), "人民日报",
# "日本経済新聞", "한국일보", "연합뉴스", "매일경제", "머니투데이", "共同通信", "中央社", "朝日新聞デジタル", "NHKニュース": a short last
# segment so ended names the site, whatever it is.
_OUTLET_ENDS = ("网", "網", "报", "報", "新聞", "新闻", "일보", "신문", "뉴스", "通信", "中央社", "新聞社", "電視台", "电视台",
                "ニュース", "デジタル", "オンライン", "電子版", "电子版", "경제", "투데이", "비즈", "데일리", "방송")
_NOT_OUTLETS = ("互联网", "联网", "因特网", "万维网")  # "… - 移动互联网": the internet, not a site
_MAX_OUTLET_CHARS = 8


# Words that outlets' names are made of in the scripts of the Middle East, India and Thailand, which a host in Latin
# letters does not spell: "الجزيرة نت", "صحيفة الأيام", "خبرگزاری فارس", "וואלה חדשות", "दैनिक जागरण", "ไทยรัฐออนไลน์". A
# short last segment in such a script holding one names the site, as ``_OUTLET_ENDS`` do in CJK.
_OUTLET_WORDS = words("""
    نت نيوز الإخبارية الاخبارية الإخباري أونلاين اونلاين صحيفة جريدة بوابة تايمز بوست برس
    خبرگزاری روزنامه آنلاین نیوز پایگاه خبرآنلاین
    חדשות אונליין עיתון
    दैनिक समाचार न्यूज़ न्यूज टाइम्स पत्रिका एक्सप्रेस ख़बर खबर लाइव
""")
_OUTLET_SUFFIXES = ("ออนไลน์", "นิวส์", "โพสต์", "ทีวี")  # Thai, written without spaces: "ไทยรัฐออนไลน์", "…นิวส์"
_OUTLET_SCRIPTS = re.compile(r"[\u0590-\u06ff\u0900-\u097f\u0e00-\u0e7f]")  # Hebrew, Arabic, Devanagari, Thai
_MAX_OUTLET_WORDS = 4


def _names_an_outlet(segment: str) -> bool:
    """Whether a title's last segment is an outlet's name by its words: in a script written without spaces, its end
    (see ``_OUTLET_ENDS``); in the scripts of ``_OUTLET_SCRIPTS``, a word of ``_OUTLET_WORDS`` or its Thai end."""
    name = segment.strip().strip("【】")  # "…【東都新聞】"
    if _UNSPACED_CHAR.search(name):
        return 2 <= len(name) <= _MAX_OUTLET_CHARS and name.endswith(_OUTLET_ENDS) and not name.endswith(_NOT_OUTLETS)
    words = name.split()
    return 0 < len(words) <= _MAX_OUTLET_WORDS and not re.search("[A-Za-z]", name) and \
        bool(_OUTLET_SCRIPTS.search(name)) and \
        any(w in _OUTLET_WORDS or w.endswith(_OUTLET_SUFFIXES) for w in words)


def _is_section(segment: str, rest: str) -> bool:
    """A short label ("Politics", "India News", "时政") between the headline and the site's name."""
    words = segment.split()
    return 0 < len(words) <= _SECTION_WORDS and len(segment) <= _SECTION_CHARS and len(rest) >= 2 * len(segment) \
        and not segment.isdigit()


def strip_site(title: str, marks: Sequence[str]) -> str:
    """``title`` without the segments that name the site, wherever they stand: a leading one ("Site: …") with the
    section labels after it ("Site » Blog Archive » Headline"), and a later one with everything after it (a
    slogan) and the section labels between it and the headline ("Headline | India News - Times of India",
    "…--时政--人民网" -> "Headline")."""
    found = [m for m in separators(title).finditer(title) if m.start() > 0 and m.end() < len(title)]
    starts = [0, *(m.end() for m in found)]
    ends = [*(m.start() for m in found), len(title)]
    segments = [title[start:end].strip() for start, end in zip(starts, ends, strict=True)]
    first, last = 0, len(segments)
    named = next((i for i in range(1, len(segments)) if names_site(segments[i], marks)), None)
    if named is None and len(segments) > 1 and (_holds_site_name(segments[-1], marks) or _names_an_outlet(segments[-1])
                                                or _abbreviated_by(segments[-1], marks)):
        named = len(segments) - 1  # "… - European Championships Munich 2022" on munich2022.com, "…-新华网", "… - HS"
    if named is not None:
        last = named
        while last > 1 and _is_section(segments[last - 1], title[:ends[last - 2]]):
            last -= 1
    if names_site(segments[0], marks) and last > 1:
        first = 1  # "Site » Blog Archive » Headline": the section labels after a leading name go with it
        while first < last - 1 and _is_section(segments[first], title[starts[first + 1]:ends[last - 1]]):
            first += 1
    title = title[starts[first]:ends[last - 1]].strip()
    lead = _LEADING_NAME.match(title) if ":" in title[:_LEAD_REACH] or "：" in title[:_LEAD_REACH] else None
    if lead and names_site(lead.group(1), marks) and len(title) > lead.end():
        title = title[lead.end():]  # "Site: Headline"
    return _without_generic_suffix(_without_page_marker(title))


# Words that name one page of an article split over several: the marker a paginated article's <title> and og:title
# carry ("… - Page 2", "… Seite 2 von 3", "… Halaman all", "…(1/2ページ)", "… - página 2", "… страница 2",
# "… 2. oldal", "… 2ページ目"), in many languages (folded).
_PAGE_WORDS = words("""
    page seite página pagina pág pag side sida sivu strona stránka strana stran oldal sayfa halaman trang
    страница стр сторінка σελίδα ページ 페이지 页 頁 صفحة עמוד
""")
# "2 of 3", "2 von 3", "2 de 3", "2 из 3", "2 dari 3", "2/3".
_PAGE_OF_WORDS = words("of von de di sur su из з з από af av van z dari trên / ／")
# Every page at once ("Halaman all", "Page all", "Seite alle").
_PAGE_ALL_WORDS = words("all alle semua todas tutte")


def _alternation(vocabulary: frozenset[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(vocabulary, key=len, reverse=True))


_PAGE_WORD = _alternation(_PAGE_WORDS)
_PAGE_NUMBER = rf"(?:\d{{1,3}}|{_alternation(_PAGE_ALL_WORDS)})"
_PAGE_NAMED = (rf"(?:(?:{_PAGE_WORD})\.?\s*{_PAGE_NUMBER}(?:\s*(?:{_alternation(_PAGE_OF_WORDS)})\s*\d{{1,3}})?"  # "Page 2 of 3"
               rf"|第?\d{{1,3}}\.?\s*(?:{_PAGE_WORD})目?)")  # "2. oldal", "2ページ目", "第2页"
# "(1/2ページ)", "(2/3)": a fraction is a page's only in brackets, and only when it counts up (not the date "（7/2）")
_PAGE_FRACTION = rf"(?P<page>\d{{1,2}})\s*[/／]\s*(?P<pages>\d{{1,2}})\s*(?:{_PAGE_WORD})?"
_OPEN, _CLOSE = r"[(（\[【]", r"[)）\]】]"
_PAGE_MARKER = rf"(?:{_OPEN}\s*(?:{_PAGE_NAMED}|{_PAGE_FRACTION})\s*{_CLOSE}|{_PAGE_NAMED})"
# Trailing after a separator or a space ("… Halaman all"); leading before a separator ("Seite 2: …", "[2/3] …").
_TRAILING_PAGE = re.compile(rf"(?P<sep>\s+[-|–—−:·»•/]\s*|\s*[|｜ㅣ,]\s*|\s*(?={_OPEN})|\s+)"
                            rf"(?P<marker>{_PAGE_MARKER})\s*$", re.IGNORECASE)
_LEADING_PAGE = re.compile(rf"^\s*(?:{_OPEN}\s*(?:{_PAGE_NAMED}|{_PAGE_FRACTION})\s*{_CLOSE}\s*(?:[-|–—:·»]\s*)?"
                           rf"|{_PAGE_NAMED}\s*(?:[-|–—:·»]|::)\s*)", re.IGNORECASE)

_PAGE_REACH = 40  # a marker with its separator is shorter ("  —  Seite 12 von 13"): only a title's end is searched


def _without_page_marker(title: str) -> str:
    """A title without the page marker a paginated article adds to it (see ``_PAGE_WORDS``), at its end or its start:
    the headline is the same on every page. A headline that ends in a number of its own ("Apollo 13", "Windows 11",
    "… in 2024/25", "…（7/2）") keeps it: only a page word or a bracketed fraction counting up is a marker."""
    trailing = _TRAILING_PAGE.search(title, max(0, len(title) - _PAGE_REACH))
    if trailing is not None and (trailing.group("sep").strip() or not trailing.group("marker")[0].islower()):
        title = _without_marker(title, trailing)  # after a mere space only a marker set apart by its capital
    leading = _LEADING_PAGE.match(title)  # ("… Halaman all"; not "… of page 2")
    return title if leading is None else _without_marker(title, leading)


def _without_marker(title: str, found: re.Match[str]) -> str:
    """The title without the page marker found in it, unless the marker is a fraction counting down or the rest
    reads as no headline."""
    if found.group("page") and int(found.group("page")) > int(found.group("pages")):
        return title
    rest = (title[:found.start()] + title[found.end():]).strip()
    return rest if _reads_as_headline(rest) else title


# Words of the generic labels SEO titles end with when they name no site ("… - Son Dakika Haberleri", "… | Latest
# News", "… – Nachrichten", "… - Últimas noticias"), in many languages (folded; a label is made of these only).
_GENERIC_WORDS = words("""
    news latest breaking top today todays headlines headline online world national local
    daily current stories story and the of videos video photos
    son dakika haberleri haberler haberi haber güncel gündem en
    nachrichten aktuelle aktuell neueste news-ticker newsticker meldungen heute
    noticias noticia últimas ultimas última ultima actualidad hoy de
    actualités actualites actualité actualite info infos dernières dernieres nouvelles les la
    notizie ultime ultim'ora oggi
    nieuws laatste het
    notícias noticias últimas hoje
    wiadomości najnowsze aktualności informacje
    новости последние свежие новини останні свіжі
    ειδήσεις τελευταία
    nyheter nyheder uutiset hírek friss zprávy aktuality vijesti najnovije știri stiri ultimele
    berita terkini terbaru hari ini tin tức mới nhất
    hindi english in समाचार हिंदी हिन्दी ख़बर खबर ख़बरें खबरें न्यूज़ न्यूज ताज़ा ताजा
    ニュース 最新ニュース 速報 新闻 新聞 最新新闻 뉴스 속보 최신뉴스 أخبار عاجل
""")
_GENERIC_WORD = re.compile(r"[\w\u0900-\u097f'’-]+")  # (Devanagari's vowel signs are no \w)


def _without_generic_suffix(title: str) -> str:
    """A title without the generic labels after its headline, when they name nothing else (see ``_GENERIC_WORDS``):
    the site's name is removed by :func:`strip_site`; these carry no name at all."""
    found = list(separators(title).finditer(title))
    while found:
        suffix = _GENERIC_WORD.findall(title[found[-1].end():].casefold())
        head = title[:found[-1].start()].strip()
        if not suffix or not all(w in _GENERIC_WORDS for w in suffix) or not _reads_as_headline(head):
            break
        title = head
        found.pop()
    return title


def _joined_text(node: LexborNode) -> str:
    """An element's text as a reader sees it: inline markup joined without spaces ("Trump<em>'s</em>"),
    line breaks and blocks as one space, text only screen readers get ("<span class=element-invisible> |
    Site</span>") left out."""
    parts: list[str] = []
    last_holder = None
    for child in node.traverse(include_text=True):
        if child.tag == "-text":
            holder = child.parent
            if holder is not None and holder.mem_id != node.mem_id and \
                    (_hides(holder.attrs.get("class") or "") or "hidden" in holder.attrs):
                continue
            text = child.text_content or ""
            if parts and holder is not None and holder.mem_id != last_holder and _glued(parts[-1], text):
                parts.append(" ")  # "<span>Ukraine-Krieg</span><span>Selenskyj fordert …</span>"
            parts.append(text)
            last_holder = holder.mem_id if holder is not None else None
        elif child.tag in _BREAKS:
            parts.append(" ")
    return clean_text("".join(parts))


_ENDS_PHRASE = frozenset(".!?:;,)»”\"'’")


_LAST_WORD = re.compile(r"\w+$")


def _glued(before: str, after: str) -> bool:
    """Whether two texts of different elements, printed one after the other without a space, are two phrases
    (a kicker or a badge and the headline, the headline and the site's name: "InfantaUltima Hora", "LIVEUkraine")
    rather than one word marked up in parts ("Trump<em>’s</em>", "U<span>S</span>"): a lower-case letter, a
    phrase's end or a word in capitals meets a capital."""
    if not before or not after or not after[0].isupper():
        return False
    if before[-1].islower() or before[-1] in _ENDS_PHRASE:
        return True
    word = _LAST_WORD.search(before)
    return word is not None and len(word.group()) >= 2 and word.group().isupper()


def _is_logo(node: LexborNode) -> bool:
    """An ``<h1>`` holding the site's logo or name: hidden, named "logo"/"brand", or a link to the home page."""
    current: LexborNode | None = node
    for _ in range(4):
        if current is None or current.tag in {"body", "html", "article", "main"}:
            return False
        attrs = current.attrs
        names = f"{attrs.get('class') or ''} {current.id or ''}"
        if (may_hold(names, _LOGO_WORDS) and _LOGO.search(names)) or _hides(names) or "hidden" in attrs:
            return True
        if current.tag == "a" and urlsplit(attrs.get("href") or "").path in {"", "/"}:
            return True
        current = current.parent
    return False


def _around(key: str, other: str) -> str | None:
    """What ``other`` adds to ``key`` across a separator ("silicon exposed" in "silicon exposed: open verilog
    …" -> "open verilog …"), or None when ``other`` is not ``key`` with a separated addition (both folded)."""
    if len(other) <= len(key):
        return None
    if other.startswith(key):
        boundary = _BOUNDARY.match(other, len(key))
        return other[boundary.end():] if boundary else None
    if other.endswith(key):
        boundary = _BOUNDARY_END.search(other, 0, len(other) - len(key))
        return other[:boundary.start()] if boundary else None
    return None


def _beside(text: str, candidates: Sequence[str], marks: Sequence[str]) -> bool:
    """Whether a metadata title shows ``text`` beside a longer headline ("Silicon Exposed: Open Verilog flow
    …"): then ``text`` is the site's (or blog's) name."""
    key = fold(text)
    for candidate in candidates:
        rest = _around(key, fold(candidate))
        if rest and len(letters(rest)) > len(letters(key)) and not _mentions_site(rest, marks):
            return True
    return False


def _mentions_site(text: str, marks: Sequence[str]) -> bool:
    """Whether a segment of ``text`` names the site ("Postlight — Digital Strategy, Design and Engineering")."""
    return any(names_site(segment, marks) for segment in separators(text).split(text))


def _unnamed(text: str, marks: Sequence[str]) -> str:
    """The letters of the segments of ``text`` that do not name the site."""
    return "".join(letters(segment) for segment in separators(text).split(text) if not names_site(segment, marks))


class _Title:
    """A metadata title, and the forms it is compared in (the bare one made when first asked)."""

    __slots__ = ("_bare", "folded", "marks", "text")

    def __init__(self, text: str, marks: Sequence[str]) -> None:
        self.text, self.folded, self.marks = text, fold(text), marks
        self._bare: str | None = None

    @property
    def bare(self) -> str:
        """Without the segments naming the site (see :func:`strip_site`)."""
        if self._bare is None:
            self._bare = strip_site(self.text, self.marks)
        return self._bare


def _agree(heading: str, candidate: _Title, marks: Sequence[str]) -> str | None:
    """The headline when the ``<h1>`` and a metadata title agree: the ``<h1>`` as printed, or the metadata
    title when they differ only in punctuation."""
    key, other = fold(heading), candidate.folded
    if key == other:
        return heading
    rest = _around(key, other)
    if rest is not None and (len(letters(rest)) < len(letters(key)) or (_mentions_site(rest, marks) and (
            other.startswith(key) or len(_unnamed(rest, marks)) < len(letters(key))))):
        # "Headline | Site", "Headline - Section", "Analysis: Headline", "Site | Headline"; not the slogan after
        # the site's name in "Headline | Site - Slogan"
        return heading
    if key == fold(candidate.bare) or _QUOTES.sub("", key) == _QUOTES.sub("", other):
        return heading  # where only quotation marks differ, the page shows them as they are
    if letters(key) == letters(other) and letters(key):
        return candidate.text  # the same words, punctuated by the metadata
    return None


_WORD = re.compile(r"\w{4,}")
_MIN_SHARED, _MIN_SHARED_SHARE = 2, 0.2
_SUBHEADINGS = (tag_id("h2"), tag_id("h3"))
_MAX_SUBHEADINGS = 12


def _stems(text: str) -> set[str]:
    """Word stems of a headline (the first five letters of its longer words), or for scripts without spaces
    its character pairs: what two wordings of one headline share."""
    folded = text.casefold()
    if _UNSPACED_CHAR.search(folded):
        chars = [c for c in folded if c.isalnum()]
        return {a + b for a, b in pairwise(chars)}
    return {w[:5] for w in _WORD.findall(folded)}


def _shares_words(text: str, candidates: Sequence[str]) -> bool:
    """Whether the ``<h1>`` is about what a metadata title says: an SEO rewording shares its key words,
    a section name, an ad or a "comments" heading does not."""
    stems = _stems(text)
    needed = max(_MIN_SHARED, _MIN_SHARED_SHARE * len(stems))
    return bool(stems) and any(len(stems & _stems(c)) >= needed for c in candidates)


def _reads_as_headline(text: str) -> bool:
    if len(text) > _MAX_HEADLINE:
        return False
    if _UNSPACED_CHAR.search(text):
        return len(text) >= 6
    return len(text.split()) >= 2 and len(text) >= 8


class Heading:
    """An ``<h1>`` of the page; what is known about it beyond its text is read when first asked."""

    __slots__ = ("_hidden", "_in_article", "_logo", "node", "position", "text")

    def __init__(self, position: int, text: str, node: LexborNode, hidden: bool) -> None:
        self.position, self.text, self.node, self._hidden = position, text, node, hidden  # position: in the index
        self._logo: bool | None = None
        self._in_article: bool | None = None

    @property
    def logo(self) -> bool:
        """The site's logo or name (hidden, named "logo"/"brand", a link to the home page)."""
        if self._logo is None:  # a name is a few words: a longer text is not looked up as one
            self._logo = self._hidden or (len(self.text) <= _MAX_LOGO_CHARS and _is_logo(self.node))
        return self._logo

    @property
    def in_article(self) -> bool:
        """Inside an ``<article>`` or ``<main>``: the story's own heading, never the blog's name."""
        if self._in_article is None:
            self._in_article = _in_article(self.node)
        return self._in_article

    @property
    def marked(self) -> bool:
        """Marked up as the headline (``itemprop="headline"``)."""
        return self.node.attrs.get("itemprop") == "headline"

    @property
    def parts(self) -> tuple[str, ...]:
        """The texts of its child elements when it has several: kicker, headline, ..."""
        return _parts(self.node)


def _in_article(node: LexborNode) -> bool:
    current = node.parent
    for _ in range(_MAX_ARTICLE_DEPTH):
        if current is None or current.tag in {"body", "html"}:
            return False
        if current.tag in {"article", "main"}:
            return True
        current = current.parent
    return False


def _parts(node: LexborNode) -> tuple[str, ...]:
    """The texts of an element's children, elements and its own texts between them ("<span>LIVE</span>Headline")."""
    texts = []
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            texts.append(clean_text(child.text_content))
        elif child.tag not in _BREAKS and not _hides(child.attrs.get("class") or ""):
            texts.append(_joined_text(child))
    found = tuple(t for t in texts if t)
    return found if len(found) > 1 else ()


def headings(pre: Precomputed, limit: int = 6) -> list[Heading]:
    """The first ``<h1>`` elements of the page."""
    index = pre.page.index
    found = []
    for position in index.tagged(_H1)[:limit]:
        mem = index.mems[position]
        node = index.node_of(mem)
        if text_length(node, _MAX_HEADLINE) > _MAX_HEADLINE:
            continue  # a wrapper of the page in broken markup, not a heading
        text = _joined_text(node)
        if text:
            found.append(Heading(position, text, node, mem in index.hidden))
    return found


class Headline(NamedTuple):
    text: str | None
    position: int  # where the article's <h1> is in the page's index (-1 without one): bylines print below it


def _position(found: list[Heading], headline: str | None) -> int:
    """The ``<h1>`` showing ``headline``, else the first ``<h1>`` that is not the site's logo."""
    key = fold(headline or "")
    for heading in found:
        if fold(heading.text) == key or any(fold(part) == key for part in heading.parts):
            return heading.position
    return next((h.position for h in found if not h.logo), -1)


_SITE_TYPES = frozenset({"WebSite", "Organization", "NewsMediaOrganization"})


def site_marks(pre: Precomputed, site_name: str | None) -> tuple[str, ...]:
    """The site's names as :func:`letters` gives them: its stated names and its host's labels."""
    names = [site_name, *pre.meta.get("og:site_name", ()), *pre.meta.get("application-name", ()),
             *pre.meta.get("apple-mobile-web-app-title", ())]
    publisher = pre.article.get("publisher") if pre.article else None
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        names.append(publisher["name"])
    # The site's own nodes (a publisher given by "@id" is one of them): their names in any script ("الجزيرة نت" on a
    # Latin host).
    names += [o["name"] for o in pre.jsonld if isinstance(o.get("name"), str) and jsonld_types(o) & _SITE_TYPES]
    marks = [letters(n) for n in names if n]
    return tuple(m for m in dict.fromkeys([*marks, *host_marks(pre.url)]) if m)


def title(pre: Precomputed, rules: Rules, site: tuple[str, ...]) -> Headline:
    """The headline as a reader sees it, and where its ``<h1>`` is; ``site`` are the site's names
    (:func:`site_marks`)."""
    found = headings(pre)
    ruled = select_texts(pre.tree, rules.title, pre.page.index)
    text = ruled[0] if ruled else _weigh(pre, site, found)
    if text and not text.isascii():
        text = text.strip(_BIDI_MARKS) or None  # "العنوان\u200f - Site": the mark that kept the separator in place
    return Headline(text, _position(found, text))


# Invisible marks of writing direction that right-to-left titles carry around their separators, and white space.
_BIDI_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069 "


_DOMAIN_TITLE = re.compile(r"(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?", re.IGNORECASE)


def _names_only_the_site(title: str, marks: Sequence[str]) -> bool:
    """Whether a title is the site's address and nothing else ("carta.info", "www.example.com"): no headline."""
    return _DOMAIN_TITLE.fullmatch(title) is not None and names_site(title, marks)


def _subheadings(pre: Precomputed) -> list[LexborNode]:
    """The page's first ``<h2>`` and ``<h3>`` elements, the ``<h2>`` first."""
    body = pre.tree.body
    return [] if body is None else [n for level in _SUBHEADINGS for n in tagged_below(body, level)[:_MAX_SUBHEADINGS]]


_ARTICLE = tag_id("article")
_MAX_ARTICLES = 3


def _article_opening(pre: Precomputed, titles: Sequence[str]) -> str | None:
    """The ``<h2>`` an ``<article>`` opens with, before any of its paragraphs (a theme that keeps the ``<h1>`` for
    the site's name prints the story's headline so: "<article><header><h2>Headline</h2></header><p>…"), when it
    reads as a headline. An ``<h2>`` after a paragraph is a subheading of the story, and one after the text of a
    metadata title (``titles``, folded: "<div class=headline>Headline</div><h2>Standfirst</h2>") its standfirst."""
    body = pre.tree.body
    for article in [] if body is None else tagged_below(body, _ARTICLE)[:_MAX_ARTICLES]:
        before: list[str] = []
        for node in article.traverse(include_text=True):
            if node.tag == "-text":
                before.append(node.text_content or "")
            elif node.tag == "h2":
                text = _joined_text(node)
                shown = fold(" ".join(before))
                if _reads_as_headline(text) and not any(title and title in shown for title in titles):
                    return text
                break
            elif node.tag == "p" and clean_text(node.text()):
                break
    return None


_BESIDE_LEVELS = 4


def _marked_beside(node: LexborNode) -> str | None:
    """The text of the element marked ``itemprop="headline"`` next to an ``<h1>`` (in the blocks around it), when
    it reads as a headline."""
    current = node.parent
    for _ in range(_BESIDE_LEVELS):
        if current is None or current.tag in {"body", "html"}:
            return None
        marked = current.css_first('[itemprop="headline"]')
        if marked is not None:
            text = _joined_text(marked)
            return text if _reads_as_headline(text) else None
        current = current.parent
    return None


_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)$")
# Every match ends the text, or comes before its last character, a newline (what "$" matches at): only the texts
# ending so are searched (the search tries "\s*" at every position of every other title).
_ELLIPSIS_ENDS = ("…", "...", "…\n", "...\n")


def _ellipsis(text: str) -> re.Match[str] | None:
    """The ellipsis a text ends with, and the white space before it, or None."""
    return _ELLIPSIS.search(text) if text.endswith(_ELLIPSIS_ENDS) else None


def _untruncated(candidates: list[str]) -> list[str]:
    """The metadata titles without those cut short with an ellipsis where another one goes on ("Regierung einigt
    sich nach langer Nacht auf den…" beside "Regierung einigt sich nach langer Nacht auf den Haushalt | Site"):
    a preview's length limit, not the headline."""
    kept = []
    for candidate in candidates:
        cut = _ellipsis(candidate)
        stem = fold(candidate[:cut.start()]) if cut else ""
        if not stem or not any(len(fold(other)) > len(stem) and fold(other).startswith(stem)
                               and not _ellipsis(other) for other in candidates):
            kept.append(candidate)
    return kept


def _weigh(pre: Precomputed, site: tuple[str, ...], heads: list[Heading]) -> str | None:
    """The headline from the evidence, weighed as the module docstring says."""
    head = pre.page.index.page.title  # the first <title>'s text
    article_headline = pre.article.get("headline") if pre.article else None
    candidates = [c for c in (
        pre.first_meta("og:title"), pre.first_meta("twitter:title"),
        clean_text(article_headline) if isinstance(article_headline, str) else None,
        clean_text(head) if head is not None else None,
    ) if c and len(c) <= _MAX_TITLE and not _names_only_the_site(c, site)]
    candidates = _untruncated(candidates)
    folded = {fold(c) for c in candidates}
    first = next((h for h in heads if not h.logo), None)
    if first is not None and fold(first.text) in folded:
        return first.text  # the common case: the page's heading is the metadata's title
    marks = list(site)
    shown = next((h for h in heads if h.logo and fold(h.text) in folded and
                  _reads_as_headline(h.text) and not names_site(h.text, marks)), None)
    if shown is not None:  # in a "masthead"/"brand" block, a heading the metadata titles is the headline
        return shown.text
    found = []
    for heading in heads:
        if heading.logo or names_site(heading.text, marks) or \
                (not heading.in_article and _beside(heading.text, candidates, marks)):
            marks.append(letters(heading.text))  # the site's name printed as a heading: it marks the title's suffix
        elif heading.node.attrs.get("itemprop") == "alternativeHeadline" and (beside := _marked_beside(heading.node)):
            return beside  # the <h1> is marked as the alternative to the headline printed next to it
        else:
            found.append(heading)
    texts = [h.text for h in found]
    titles = [_Title(c, marks) for c in candidates]
    for text in texts:
        for title in titles:
            agreed = _agree(text, title, marks)
            if agreed:
                return agreed
    stripped = [t.bare for t in titles]
    bare = {fold(c) for c in stripped} | {fold(_ADDED_NOTE.sub("", c)) for c in stripped}
    # A kicker, a badge, a subtitle or a byline beside the headline, each an element or a text of the <h1>: the
    # part a metadata title shows is the headline, the one the JSON-LD headline shows first (og:title and <title>
    # may show the kicker: "<span class=roofline>Adblue nachfüllen</span> So wird Adblue angewendet").
    article = {fold(strip_site(clean_text(article_headline), marks))} if isinstance(article_headline, str) else set()
    for wanted in (article, bare):
        for heading in found:
            for part in heading.parts:
                if fold(part) in wanted and _reads_as_headline(part):
                    return part
    marked = [h.text for h in found if h.marked]
    if marked and (not candidates or _shares_words(marked[0], stripped)):
        return marked[0]
    subheadings = _subheadings(pre) if candidates else []
    for node in subheadings:
        text = _joined_text(node)  # no <h1> agrees: the page may print the headline one level down, and a page
        if not text or not _reads_as_headline(text):  # without one its title with a site name not known ("… ‹ Blog")
            continue
        if fold(text) in bare:
            return text  # (an <h1> about another story, a teaser's, even marked as a headline, is not the article's)
        agreed = None if heads else next((a for a in (_agree(text, title, marks) for title in titles) if a), None)
        if agreed:  # (where the page has an <h1>, a subheading the title shows is as likely the blog's name)
            return agreed
    if marked:
        return marked[0]
    opening = _article_opening(pre, [fold(c) for c in stripped]) if candidates and not found else None
    if opening:  # no <h1> but the site's: the article may print its headline one level down, worded its own way
        key = letters(opening)
        punctuated = next((c for c in stripped if letters(c) == key), None)
        if punctuated:
            return punctuated  # "<h2><span>Kicker</span> Headline</h2>" with "Kicker: Headline" as its title
        if _shares_words(opening, stripped) and not any(fold(opening) in fold(c) for c in stripped):
            return opening  # (not a piece of the title: "<h2>Project:</h2><h4>Tagline</h4>")
    in_article = [h.text for h in found if h.in_article]
    for text in texts:
        if _reads_as_headline(text) and (not candidates or _shares_words(text, stripped) or in_article == [text]):
            return text  # about the same story, or the one heading the article itself has
    cores = [c for c in stripped if any(_around(fold(c), fold(other)) for other in stripped)]
    for cleaned in cores or stripped:  # a title that another shows with a kicker or a label added is the headline
        parts = _PIPE.split(cleaned)
        if len(parts) > 1 and len(parts[0]) >= _MIN_BEFORE_PIPE:
            cleaned = parts[0]  # " | Section | Site": what follows a bar is never the headline
        if cleaned:
            return cleaned
    if texts:
        return texts[0]
    # Titles naming only the site and no <h1> but its logo: the page's first subheading in the article
    return next((text for node in _subheadings(pre) if _in_article(node) and
                 _reads_as_headline(text := _joined_text(node))), None)
