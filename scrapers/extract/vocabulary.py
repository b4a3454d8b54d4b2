"""Words of page furniture: class/id vocabulary and boilerplate lines, in any layout.

Markup names its furniture ("td-post-sharing", "relatedPosts", "comments") and prints
it in recognisable phrases ("Read more", "Lesen Sie auch", "Sign up for our
newsletter"). Both are data here, shared by the body extractor's walk (class flags)
and its final filter (lines), so a new word is added in one place.
"""

from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick_rs

# Class/id vocabulary. A class token is split into its words ("td-post-sharing-bottom" ->
# td post sharing bottom, "relatedPosts" -> related posts) and looked up as words and word
# pairs/triples: set lookups, because a regex alternation of this size costs tens of
# microseconds per element. Words never match inside other words ("commentary" is content).
F_FURNITURE, F_CONTENT, F_CAPTION, F_HIDDEN, F_NOT_ARTICLE, F_SIDE = 1, 2, 4, 8, 16, 32


class _Vocabulary:
    """Hyphenated phrases ("read-more") mapped to flags, found in a token's word list by dict lookups."""

    __slots__ = ("continuations", "singles")

    def __init__(self, tables: dict[int, str]) -> None:
        self.singles: dict[str, int] = {}
        self.continuations: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for flag, text in tables.items():
            for phrase in text.split():
                first, *rest = phrase.split("-")
                if rest:
                    self.continuations.setdefault(first, []).append((tuple(rest), flag))
                else:
                    self.singles[first] = self.singles.get(first, 0) | flag

    def flags(self, words: list[str]) -> int:
        found = 0
        for i, word in enumerate(words):
            found |= self.singles.get(word, 0)
            for rest, flag in self.continuations.get(word, ()):
                if tuple(words[i + 1:i + 1 + len(rest)]) == rest:
                    found |= flag
        return found


_FURNITURE_WORDS = ("""
    share sharing sharer social socials related relatedposts newsletter newsletters subscribe subscription
    subscriptions signup sign-up comment comments commentlist disqus respond sidebar widget-area widgetarea
    textwidget widget-recent-entries widget-categories widget-archive advert advertisement advertising ad ads
    adslot adunit dfp sponsor sponsored promo promotion cookie cookies consent gdpr popup modal breadcrumb
    breadcrumbs outbrain taboola zergnet recommend recommended recommendations trending most-read mostread
    most-popular popular readmore read-more more-from more-stories also-read see-also author-bio author-box
    author-info author-card about-author bio login toolbar pagination pager print screen-reader-text sr-only
    visually-hidden skip byline meta dateline tags tag-list taglist tagcloud keywords topics nav navbar
    navigation menu footer masthead header banner rating poll next-prev prev-next jp-relatedposts yarpp follow
    donate donation app-promo inline-links rail playlist teaser teasers more-articles latest read-next up-next
    whats-next top-stories cta call-to-action noprint offscreen alert notice ez-toc toc table-of-contents
    reactions emoji ticker breaking-news marquee gallery slideshow carousel settings
    video-player videoplayer audio-player media-player jwplayer player-controls
""")
# Furniture whose text can read like the article's but never is: comments, author bios, other stories'
# teasers, notices, the page's own chrome. Any other furniture name ("read-more", "widget-area",
# "subscription") may wrap the article text itself, which the body extractor then judges by its text.
_NOT_ARTICLE_WORDS = ("""
    comment comments commentlist disqus respond author-bio author-box author-info author-card about-author bio
    related relatedposts jp-relatedposts yarpp recommend recommended recommendations outbrain taboola zergnet
    teaser teasers more-from more-stories more-articles also-read see-also read-next up-next whats-next
    top-stories most-read mostread most-popular popular trending latest newsletter newsletters signup sign-up
    cookie cookies consent gdpr popup modal alert notice nav navbar navigation menu breadcrumb breadcrumbs
    footer masthead header donate donation login
""")
# The page's side column: never the article while the page has its text elsewhere, but some layouts
# (a page builder's "widget area") put the only text there.
_SIDE_WORDS = "sidebar rail"
# Names of the article text itself, or of a WordPress/Elementor post wrapper.
_CONTENT_WORDS = ("""
    article-body articlebody article-content article-text entry-content post-content post-body post-text
    story-body story-content story-text content-body body-text main-text rich-text richtext td-post-content
    tdb-block-inner text-content field-name-body node-body single-content hentry type-post status-publish
    location-single
""")
VOCABULARY = _Vocabulary({
    F_FURNITURE: _FURNITURE_WORDS,
    F_NOT_ARTICLE: _NOT_ARTICLE_WORDS,
    F_SIDE: _SIDE_WORDS,
    F_CONTENT: _CONTENT_WORDS,
    F_CAPTION: "caption captions credit credits photo-credit image-credit",
    # Inline pop-ups whose text would read as part of the sentence around them (hover cards on names).
    F_HIDDEN: "tooltip popover hovercard rollover-block",
})
# Whole tokens that hide an element; as parts of a token they are responsive modifiers ("hidden-xs").
_HIDING_TOKENS = frozenset({"hidden", "is-hidden", "hide", "d-none", "invisible", "visually-hidden", "sr-only"})
# Tokens that describe a layout or a taxonomy, not the element: "content-with-sidebar-wrp",
# "lm-grid--with-right-rail", WordPress post classes "category-advertising", "tag-social-media".
_MODIFIER_WORDS = frozenset({"with", "has", "no", "without"})
_TAXONOMY_PREFIXES = ("category-", "tag-", "topic-", "topics-", "post_tag-", "format-", "type-")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_LETTERS = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"\d+")


def _words(token: str) -> list[str]:
    return _LETTERS.findall(_CAMEL.sub("-", token).lower())


# How an inline promotion for another article starts, per language: "Lesen Sie auch: <headline>",
# "READ MORE |", "Baca juga:". On a line of its own it is a label; followed by a separator, a promo line.
PROMO_LEADS: dict[str, tuple[str, ...]] = {
    "en": ("read more", "read also", "also read", "read next", "read the full story", "see also", "more on this",
           "related", "related articles", "related stories", "related coverage", "recommended", "you may also like",
           "you might also like", "don't miss", "must read", "further reading", "watch", "listen"),
    "de": ("lesen sie auch", "lesen sie mehr", "lesen sie hier", "mehr zum thema", "zum thema", "auch interessant",
           "das könnte sie auch interessieren", "weiterlesen", "mehr lesen", "empfehlungen der redaktion",
           "weitere artikel", "meistgelesen", "hören sie", "sehen sie"),
    "fr": ("lire aussi", "à lire aussi", "a lire aussi", "lire également", "à lire également", "voir aussi",
           "sur le même sujet", "à découvrir", "notre sélection"),
    "es": ("lee también", "lea también", "leer más", "te puede interesar", "también te puede interesar",
           "puede interesarte", "noticias relacionadas", "más noticias", "ver también", "relacionado"),
    "pt": ("leia também", "leia mais", "veja também", "saiba mais", "relacionadas"),
    "it": ("leggi anche", "leggi pure", "potrebbe interessarti", "vedi anche"),
    "nl": ("lees ook", "lees meer", "zie ook", "ook interessant"),
    "sv": ("läs också", "läs mer"), "da": ("læs også", "læs mere"), "no": ("les også", "les mer"),
    "fi": ("lue myös", "lue lisää"),
    "pl": ("czytaj też", "czytaj także", "czytaj więcej", "zobacz też", "zobacz także", "przeczytaj też"),
    "cs": ("čtěte také", "čtěte též", "přečtěte si také", "související"), "sk": ("čítajte aj", "prečítajte si aj"),
    "hu": ("olvassa el", "kapcsolódó"), "ro": ("citește și", "citeste si", "citește mai mult"),
    "hr": ("pročitajte i", "pročitajte još", "povezane vijesti"), "sl": ("preberite tudi",),
    "tr": ("ayrıca okuyun", "ilgili haber", "ilginizi çekebilir", "bunlar da ilginizi çekebilir"),
    "ru": ("читайте также", "читайте еще", "смотрите также", "по теме", "похожие новости"),
    "uk": ("читайте також", "по темі"), "bg": ("прочетете още", "още по темата"),
    "el": ("διαβάστε επίσης", "διαβάστε ακόμα"), "he": ("קראו עוד", "קראו גם"),
    "ar": ("اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "اقرأ ايضا", "اقرأ المزيد"), "fa": ("بیشتر بخوانید", "بخوانید"),
    "hi": ("यह भी पढ़ें", "ये भी पढ़ें"), "id": ("baca juga", "baca lagi", "lihat juga"),
    "vi": ("đọc thêm", "xem thêm", "tin liên quan"), "th": ("อ่านเพิ่มเติม", "อ่านต่อ", "ข่าวที่เกี่ยวข้อง"),
    "zh": ("相关阅读", "延伸阅读", "推荐阅读", "相關閱讀", "延伸閱讀", "相关新闻"), "ja": ("関連記事", "あわせて読みたい"),
    "ko": ("관련기사", "관련 기사", "함께 보면 좋은 기사"),
}
_LEAD_SET = frozenset(lead for leads in PROMO_LEADS.values() for lead in leads)
# A hyphen separates the lead only with a space on a side: joining two words it makes a compound ("Related-party").
_LEAD_END = re.compile(r"[:：|｜»›>•–—\n]|(?<=\s)-|-(?=\s)")  # (CJK text separates with full-width ":" and "|")
_LEAD_START = re.compile(r"\W*")
_MAX_LEAD_CHARS = max(map(len, _LEAD_SET)) + 2
# The first three letters of every lead (each has four or more): most lines start otherwise, and are
# rejected before the separator is looked for. (Lower-casing a letter never shortens it, so a line
# opening with a lead opens with one of these once lower-cased.)
_LEAD_HEADS = frozenset(lead[:3] for lead in _LEAD_SET)


def is_promo_line(text: str) -> bool:
    """A promo lead, a separator and the promoted headline ("Lesen Sie auch: ...", "» READ MORE | ..."); a
    sentence that merely starts with "Related" is prose. Callers test short lines only."""
    # (most lines open on a word character, where the pattern matches nothing: no regex call for them)
    start = 0 if text[:1].isalnum() else _LEAD_START.match(text).end()  # type: ignore[union-attr]
    if text[start:start + 3].lower()[:3] not in _LEAD_HEADS:
        return False
    end = _LEAD_END.search(text, start, start + _MAX_LEAD_CHARS)
    return end is not None and text[start:end.start()].rstrip().lower() in _LEAD_SET

# Short lines that are furniture in any language, even when the markup gives no hint: the whole line,
# punctuation around it aside, in any letter case. Phrases are looked up in a set (a regex alternation
# of this size costs microseconds a line); the few open-ended forms are patterns, tried only on lines
# that start with their first word.
# The label over an advertisement, per language.
AD_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("advertisement", "advertisements", "advertising", "sponsored", "sponsored content", "paid content",
           "promoted content", "ad"),
    "de": ("anzeige", "werbung"), "fr": ("publicité",), "es": ("publicidad", "anuncio"), "it": ("pubblicità",),
    "pt": ("publicidade",), "nl": ("advertentie",), "pl": ("reklama",), "cs": ("reklama", "inzerce"),
    "sv": ("annons",), "da": ("annonce", "reklame"), "no": ("annonse", "reklame"), "fi": ("mainos",),
    "hu": ("hirdetés",), "ro": ("publicitate",), "hr": ("oglas",), "tr": ("reklam",), "el": ("διαφήμιση",),
    "ru": ("реклама",), "uk": ("реклама",), "ar": ("إعلان",), "he": ("פרסומת",), "hi": ("विज्ञापन",),
    "id": ("iklan",), "vi": ("quảng cáo",), "th": ("โฆษณา",), "zh": ("广告", "廣告"), "ja": ("広告",), "ko": ("광고",),
}
# Whole lines that are page furniture in English (other languages: the promo leads and ad labels joined below).
_BOILER_TEXT = """
    story continues below|article continues below|story continues below advertisement|
    article continues below advertisement|continue reading|continue reading below|read more|read also|read next|
    read the full story|more|more on this|more stories|more news|see more|see more on this|see more stories|
    see more news|more from|related|related articles|related posts|related stories|related coverage|related news|
    related content|latest|latest articles|latest news|latest posts|latest stories|you may also like|
    you might also like|recommended|recommended for you|most read|most popular|most viewed|trending|trending now|
    popular|popular posts|popular reads|popular stories|share|share this|share article|share story|share post|
    share this article|share this story|share this post|follow us|sign up|subscribe|newsletter|leave a reply|
    leave a comment|comment|comments|click here|tag|tags|topic|topics|filed under|about the author|image|photo|
    video|print|email|facebook|twitter|whatsapp|linkedin|pinterest|telegram|reddit|copy link|skip to content|
    skip to main content|back to top|loading|please wait|previous article|next article|previous post|next post|end|
    external content|externer inhalt|externe inhalte|contenu externe|contenido externo|contenuto esterno|
    externe inhoud|treść zewnętrzna|
    loading video|wird geladen|lädt|inhalt wird geladen|chargement|chargement en cours|cargando|caricamento|
    carregando|a carregar|bezig met laden|ładowanie|načítání|načítava sa|betöltés|se încarcă|yükleniyor|загрузка|
    завантаження|φόρτωση|טוען|جاري التحميل|در حال بارگذاری|लोड हो रहा है|memuat|đang tải|กำลังโหลด|
    正在加载|加载中|載入中|読み込み中|로딩 중|로딩중|불러오는 중
"""
# A share bar's label, per language ("Share this article" and the English forms: _BOILER_TEXT).
SHARE_LABELS: dict[str, tuple[str, ...]] = {
    "de": ("teilen", "artikel teilen", "diesen artikel teilen", "beitrag teilen", "jetzt teilen", "seite teilen"),
    "fr": ("partager", "partager cet article", "partagez cet article", "partager l'article", "partager l’article"),
    "es": ("compartir", "comparte", "compartir este artículo", "comparte este artículo", "compartir artículo",
           "comparte esta noticia", "compartir noticia"),
    "it": ("condividi", "condividi questo articolo", "condividi l'articolo", "condividi l’articolo"),
    "pt": ("compartilhar", "compartilhe", "partilhar", "partilhe", "compartilhe este artigo", "partilhe este artigo"),
    "nl": ("delen", "deel dit artikel", "artikel delen", "deel dit bericht"),
    "pl": ("udostępnij", "udostępnij artykuł", "podziel się"), "cs": ("sdílet", "sdílejte článek"),
    "sv": ("dela", "dela artikeln"), "da": ("del", "del artiklen"), "no": ("del", "del artikkelen"),
    "fi": ("jaa", "jaa artikkeli"), "hu": ("megosztás", "megosztom"), "ro": ("distribuie", "distribuie articolul"),
    "tr": ("paylaş", "haberi paylaş", "bu haberi paylaş"), "ru": ("поделиться", "поделиться статьей"),
    "uk": ("поділитися",), "el": ("κοινοποίηση", "μοιραστείτε"), "ar": ("شارك", "شارك المقال", "مشاركة"),
    "id": ("bagikan", "bagikan artikel ini"), "vi": ("chia sẻ", "chia sẻ bài viết"), "zh": ("分享", "分享到"),
    "ja": ("シェア", "この記事をシェア", "共有"), "ko": ("공유", "공유하기", "기사 공유"),
}
_BOILER_PHRASES = (frozenset(phrase.strip() for phrase in _BOILER_TEXT.split("|")) | _LEAD_SET
                   | {label for labels in (*AD_LABELS.values(), *SHARE_LABELS.values()) for label in labels})
_BOILER_PATTERNS = re.compile(
    r"more (?:\w+ ){1,2}(?:stories|news|articles|reads)|share (?:this (?:story|article|post|page) )?(?:on|via) \w.*|"
    r"follow us on .*|sign up for .*|"
    r"subscribe (?:to|now).*|\d+ comments?|click here.*|we use cookies.*|[\w.+-]+@[\w-]+\.[\w.]+"
)
_PATTERN_HEADS = frozenset({"more", "share", "follow", "sign", "subscribe", "click", "we"})
_LEADING_NON_WORD = re.compile(r"\W*")


def is_boiler_line(text: str) -> bool:
    """A line that is furniture whatever the markup: "Advertisement", "Read more", "Lesen Sie auch",
    "Share this article", "12 comments", an e-mail address. Callers test short lines only."""
    start = 0 if text[:1].isalnum() else _LEADING_NON_WORD.match(text).end()  # type: ignore[union-attr]  # (see is_promo_line)
    end = len(text)
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1
    core = text[start:end].lower()
    if core in _BOILER_PHRASES:
        return True
    return ((core.partition(" ")[0] in _PATTERN_HEADS or core[:1].isdigit() or "@" in core)
            and _BOILER_PATTERNS.fullmatch(core) is not None)


# Characters that re.IGNORECASE matches to an ASCII letter (or to "à", "é", "ö", "ü") but that do not lower-case to
# it (dotted and dotless i, long s): in a text holding one, a pattern's words may match without the lower-cased
# text holding them.
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f]")


def may_hold(text: str, words: tuple[str, ...]) -> bool:
    """Whether a case-insensitive pattern (``re.IGNORECASE``) each of whose matches holds one of ``words`` (in
    lower case: ASCII letters, "à", "é", "ö", "ü", spaces and punctuation) can match ``text``: a cheap test that
    spares the pattern's search (tens of microseconds for an alternation) where it cannot match."""
    if _CASE_TRAPS.search(text):
        return True
    low = text.lower()
    return any(word in low for word in words)


class _Alternatives:
    """A regex of alternatives, searched (``re.IGNORECASE``) only with the alternatives whose words the text holds.

    Each alternative comes with words, in lower case, one of which every text it matches holds: a text is
    searched with the few alternatives whose words it holds, not with all of them at every position (which
    costs tens of microseconds a line). The answer is the whole regex's: a regex of alternatives matches a
    text if and only if one of them does, and a text holding none of an alternative's words (lower-cased,
    ``_CASE_TRAPS`` aside) cannot match it.
    """

    __slots__ = ("rules", "whole")

    def __init__(self, rules: tuple[tuple[tuple[str, ...], str], ...]) -> None:
        self.rules = tuple((words, re.compile(pattern, re.IGNORECASE)) for words, pattern in rules)
        self.whole = re.compile("|".join(pattern for _, pattern in rules), re.IGNORECASE)

    def search(self, text: str) -> re.Match[str] | None:
        """A match of one of the alternatives in ``text`` (not always the whole regex's first), or None."""
        if _CASE_TRAPS.search(text):
            return self.whole.search(text)
        low = text.lower()  # (may_hold's test, the text lower-cased once for all alternatives)
        for words, pattern in self.rules:
            if any(word in low for word in words) and (found := pattern.search(text)) is not None:
                return found
        return None


# Calls to action and notices that read like sentences; only short blocks are tested.
_PUBLISHED = ("updated", "published", "posted")
_PROMO = _Alternatives((
    ((_SIGN_UP := ("sign up", "subscribe", "register")),
     r"\b(?:sign up|subscribe|register)\b[^.]{0,80}\b(?:newsletter|inbox)\b"),
    # (mail and updates only in the reader's imperative: "residents can register to receive text updates" is news)
    (_SIGN_UP, r"^\W*(?:sign up|subscribe|register)\b[^.]{0,80}\b(?:e-?mail|updates)\b"),
    (("follow",), r"\bfollow (?:him|her|them|us|me) on (?:twitter|facebook|instagram|linkedin)\b"),
    (("click here",), r"\bclick here (?:to|for)\b"),
    (("javascript",), r"\bthis (?:slideshow|video|content) requires javascript\b"),
    (("like this",), r"\blike this (?:story|article)\b"),
    (("share",), r"\bshare (?:it|this (?:story|article)) with\b"),
    # (the reader asked: "Have a tip? Email us"; police asking "anyone who may have a tip" is news)
    (("tip",), r"\b(?:have|got) a (?:news |story )?tip\b[^.!?]{0,40}\?"),
    (("inbox",), r"\b(?:delivered|straight) to your inbox\b"),
    ((*_PUBLISHED, "modified"), r"\b(?:updated|published|posted|last (?:updated|modified)):? (?:at |on )?\d{1,2}[:.]\d{2}\b"),
    ((*_PUBLISHED, "veröffentlicht", "aktualisiert", "publicado", "actualizado", "publié", "mis à jour"),
     r"^(?:published|updated|posted|veröffentlicht|aktualisiert|publicado|actualizado|publié|mis à jour)\s*:"),
))
MAX_PROMO_CHARS = 250
# Words one of which every _PROMO pattern contains: a cheap test before the expensive one.
PROMO_CUES = ("sign up", "subscribe", "register", "follow", "click here", "javascript", "like this", "share",
               "tip", "inbox", "updated", "published", "posted", "veröffentlicht", "aktualisiert", "publicado",
               "actualizado", "publié", "mis à jour")
_URL = re.compile(r"https?://\S+")

# The site's notices under an article: copyright lines and syndication notes, per language.
_NOTICES = re.compile(
    r"all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|"
    r"todos os direitos reservados|tutti i diritti riservati|alle rechten voorbehouden|wszelkie prawa zastrzeżone|"
    r"všechna práva vyhrazena|minden jog fenntartva|tüm hakları saklıdır|все права защищены|усі права захищені|"
    r"hak cipta dilindungi|版权所有|版權所有|無断転載|무단 ?전재|"
    r"\b(?:this (?:article|story|post) (?:was |is )?)?originally (?:published|appeared)\b|"
    r"\bursprünglich erschienen\b|\bzuerst erschienen\b|\bpublié initialement\b|\bpublicado originalmente\b",
    re.IGNORECASE,
)
MAX_NOTICE_CHARS = 400


# Words one of which every _NOTICES pattern contains (lower case, and the same when a text in capitals is lowered:
# "sakl" for "saklıdır", as "SAKLIDIR" lowers to "saklidir"): a cheap test before the regex.
_NOTICE_CUES = ("reserved", "vorbehalten", "réservés", "reservados", "riservati", "voorbehouden", "zastrzeżone",
                "vyhrazena", "fenntartva", "sakl", "защищены", "захищені", "dilindungi", "版权", "版權", "無断",
                "전재", "originally", "ursprünglich", "zuerst erschienen", "initialement", "originalmente")


def _cued_match(text: str, pattern: re.Pattern[str] | _Alternatives, cues: tuple[str, ...], limit: int, *, cued: bool = False) -> bool:
    """Whether a short text (at most ``limit`` characters) matches ``pattern``. The regex runs only on a
    text holding one of ``cues`` (a word every alternative contains), or when the caller knows it does
    (``cued``): a substring test is far cheaper than a search of many alternatives."""
    if len(text) > limit:
        return False
    if not cued:
        low = text.lower()  # (once, not once per cue)
        if not any(cue in low for cue in cues):
            return False
    return pattern.search(text) is not None


def is_site_notice(text: str) -> bool:
    """A copyright line or a "first published at" note: the site speaking, not the article."""
    return _cued_match(text, _NOTICES, _NOTICE_CUES, MAX_NOTICE_CHARS)


# An author's biography: a name, "is a/was", and a newsroom role within a few words, per language.
_BIO_NAME = r"^(?-i:[A-ZÀ-Þ][\w'’.-]*\s+(?:(?:[A-ZÀ-Þ][\w'’.-]*|de|di|da|del|van|von|der|den|la|le|al|bin|el)\s+){1,4})"
_BIO_VERBS = ("is|was|has been|covers|writes|reports|ist|war|schreibt|est|était|es|fue|é|foi|è|"
              "jest|je|és|er|är|on|является")
_BIO_ROLES = ("reporter|correspondent|editor|writer|journalist|columnist|contributor|producer|author|critic|"
              "analyst|anchor|photographer|fellow|professor|redakteur|korrespondent|journalist|autor|reporterin|"
              "redakteurin|korrespondentin|journalistin|autorin|kolumnist|journaliste|correspondant|correspondante|"
              "rédacteur|rédactrice|chroniqueur|chroniqueuse|periodista|corresponsal|redactor|redactora|columnista|"
              "jornalista|repórter|correspondente|colunista|giornalista|corrispondente|redattore|redattrice|"
              "dziennikarz|dziennikarka|dziennikarzem|dziennikarką|korespondent|korespondentka|korespondentem|"
              "korespondentką|redaktor|redaktorka|redaktorem|redaktorką|novinář|novinářka|novinářem|"
              "újságíró|tudósító|journalist|skribent|toimittaja|журналист|журналистом|корреспондент|"
              "корреспондентом|редактор|редактором|обозреватель|обозревателем")
_BIO_COMPOUNDS = "korrespondent|redakteur|journalist|reporter|kolumnist"  # German roles end compounds ("Wirtschaftsredakteurin")
_BIO = re.compile(rf"{_BIO_NAME}(?:{_BIO_VERBS})\b[^.]{{0,60}}?(?:\b(?:{_BIO_ROLES})|\w(?:{_BIO_COMPOUNDS})(?:in)?)\b",
                  re.IGNORECASE)
MAX_BIO_CHARS = 600


def is_author_bio(text: str) -> bool:
    """"Jane Doe is a reporter for ...": the box about the author under an article (names are capitalised)."""
    return len(text) <= MAX_BIO_CHARS and text[:1].isupper() and _BIO.match(text) is not None


def is_url_dump(text: str) -> bool:
    """Structured-data leftovers printed as text: mostly bare URLs and numbers."""
    if "://" not in text:
        return False
    return sum(len(u) for u in _URL.findall(text)) > 0.5 * len(text)


def is_promo(text: str, *, cued: bool = False) -> bool:
    """A call to action or site notice in prose form ("Sign up for our newsletter ...").

    ``cued``: the caller knows the text holds one of ``PROMO_CUES`` (the body walk marks such blocks).
    """
    return _cued_match(text, _PROMO, PROMO_CUES, MAX_PROMO_CHARS, cued=cued)


# The placeholder of an embed (a post, a video) that the site blocks until the reader consents: it reads
# like a sentence, and many sites name it by generated class names only. Per language; every pattern
# pairs the content with the consent it waits for.
_CONSENT = re.compile(
    r"\b(?:consent|accept)\w*\b[^.]{0,120}\bto (?:view|load|display|see|show|watch|play) (?:this|the) "
    r"(?:content|embed|embedded content|video|post|tweet|media)\b|"
    r"\bto (?:view|load|display|see|show|watch|play) (?:this|the) (?:content|embed|embedded content|video|post|tweet|"
    r"media)\b[^.]{0,120}\b(?:consent|accept|cookies)|"
    r"\bich bin (?:damit )?einverstanden, dass\b|\b(?:ihre|deine|eine) (?:zustimmung|einwilligung)\b[^.]{0,80}"
    r"\b(?:inhalte?|anbieter|dritt\w*)\b|\binhalte? (?:von|dieses anbieters|aus)\b.{0,80}\bblockiert\b|"
    r"\bexterne[nrs]? (?:inhalte?|medien)\b[^.]{0,150}\b(?:einverstanden|zustimm\w*|einwillig\w*|aktivier\w*|freigeb\w*)|"
    r"\bpour (?:afficher|voir|lire|accéder à) ce contenu\b[^.]{0,120}\b(?:accept|consent|cookies|autoris)|"
    r"\bpara (?:ver|mostrar|acceder a) este contenido\b[^.]{0,120}\b(?:acept|consent|cookies)|"
    r"\bper (?:visualizzare|vedere) questo contenuto\b[^.]{0,120}\b(?:accett|consens|cookie)|"
    r"\bom deze (?:inhoud|content) te (?:bekijken|zien|tonen)\b[^.]{0,120}\b(?:accept|toestemming|cookies)|"
    r"\baby (?:wyświetlić|zobaczyć) (?:tę|te) treś\w*\b[^.]{0,120}\b(?:zgod|akcept|cookies)",
    re.IGNORECASE,
)
MAX_CONSENT_CHARS = 400
# Words one of which every _CONSENT pattern contains (lower case): the body walk marks blocks holding one.
CONSENT_CUES = ("consent", "accept", "cookies", "einverstanden", "zustimmung", "einwillig", "blockiert",
                "aktivier", "freigeb", "autoris", "acept", "accett", "consens", "toestemming", "zgod", "akcept")


def is_consent_notice(text: str, *, cued: bool = False) -> bool:
    """The placeholder of an embed blocked until the reader consents ("Ich bin einverstanden, dass mir externe
    Inhalte angezeigt werden", "To view this content, accept cookies"). ``cued``: see :func:`is_promo`."""
    return _cued_match(text, _CONSENT, CONSENT_CUES, MAX_CONSENT_CHARS, cued=cued)


# What the site tells the reader about the page rather than the story, per language: the video or text
# blocked in the reader's country, comments closed or their rules, a newsletter to sign up for, a share
# call. Notices read like sentences and come without a telling class name; only short blocks are tested.
_READER_NOTICE_RULES: tuple[tuple[str, str], ...] = (
    # (cue words, one of which the pattern holds (lower case); the pattern)
    # geo-blocking
    ("available accessible viewable",
     r"\bnot (?:be )?(?:available|accessible|viewable) (?:in|from) your (?:region|country|location|area|territory)\b"),
    ("verfügbar verfuegbar abrufbar",
     r"\b(?:ihrer|deiner|ihrem|deinem) (?:region|land)\b[^.]{0,40}\bnicht (?:verfügbar|abrufbar|verfuegbar)\b"),
    ("disponib",
     (r"\bpas (?:disponible|accessible) (?:dans|depuis) votre (?:région|pays|zone)\b|"
     r"\bno (?:está|esta) disponible (?:en|desde) (?:tu|su) (?:país|pais|región|region|zona|ubicación)\b|"
     r"\bnon (?:è|e) disponibile nel(?:la)? (?:tua|sua|tuo|suo) (?:paese|regione|area)\b|"
     r"\bnão (?:está|esta) disponível (?:no seu país|na sua região)\b")),
    ("beschikbaar niedostępn", r"\bniet beschikbaar in (?:jouw|uw) (?:regio|land)\b|\bniedostępn\w* w twoim\b"),
    # comments closed, comment rules
    ("comment",
     (r"^\W*comments? (?:on this (?:article|story|post) )?(?:are|is|have been|has been) (?:now )?(?:closed|disabled|turned off)\b|"
     r"\bcommenting (?:is|has been) (?:now )?(?:closed|disabled)\b|\bcomments? (?:are|is) (?:pre-)?moderated\b")),
    ("guidelines",
     r"\b(?:read|see|review|follow) our (?:community|commenting|comment|comments) (?:guidelines|standards|policy|rules)\b"),
    ("below", r"\b(?:views|opinions|comments)\b[^.]{0,40}\bbelow (?:are|do|does|is|reflect|represent)\b"),
    ("welcome", r"\bwe welcome\b[^.]{0,60}\b(?:discussion|debate|comments)\b"),
    ("kommentar netiquette",
     (r"\bkommentar(?:funktion|e|bereich)\b[^.]{0,60}\b(?:geschlossen|deaktiviert|meinung der redaktion|moderiert)\b|"
     r"\bnetiquette\b")),
    ("commentaires réactions charte",
     (r"\bcommentaires (?:sont )?(?:désormais )?(?:fermés|désactivés)\b|"
     r"\b(?:commentaires|réactions)\b[^.]{0,60}\b(?:modérés|modération)\b|\bcharte de (?:modération|participation)\b")),
    ("comentarios normas",
     (r"\bcomentarios (?:están|estan|han sido|fueron) (?:cerrados|desactivados)\b|"
     r"\bcomentarios\b[^.]{0,60}\b(?:moderados|no reflejan)\b|\bnormas de (?:participación|la comunidad)\b")),
    ("commenti comentários reacties komentarz",
     (r"\bcommenti (?:sono )?(?:chiusi|disabilitati)\b|\bcomentários (?:estão|foram) (?:fechados|encerrados|desativados)\b|"
     r"\breacties (?:zijn )?gesloten\b|\bkomentarze (?:są )?(?:zamknięte|wyłączone)\b")),
    ("الواردة التعليقات إرشادات", r"(?:الآراء|التعليقات) الواردة (?:أدناه|ادناه)|مراجعة التعليقات|إرشادات الاستخدام"),
    # newsletters (in the reader's imperative)
    ("newsletter boletín boletin boletim infolettre lettre nieuwsbrief",
     (r"\b(?:get|receive) our (?:free |daily |weekly )?(?:\w+ )?newsletters?\b|"
     r"\b(?:abonnieren sie|abonniere|bestellen sie|melden sie sich|registrieren sie sich|jetzt)\b[^.]{0,60}\bnewsletter|"
     r"\bnewsletter\b[^.]{0,40}\b(?:abonnieren|bestellen|anmelden)\b|"
     r"\b(?:inscrivez-vous|abonnez-vous|inscris-toi|recevez)\b[^.]{0,80}\b(?:newsletter|lettre d.information|infolettre)\b|"
     r"\b(?:suscríbete|suscribete|suscríbase|suscribase|apúntate|regístrate|recibe)\b[^.]{0,80}\b(?:newsletter|boletín|boletin)\b|"
     r"\b(?:iscriviti|ricevi)\b[^.]{0,80}\bnewsletter\b|"
     r"\b(?:assine|inscreva-se|cadastre-se|receba)\b[^.]{0,80}\b(?:newsletter|boletim)\b|"
     r"\b(?:schrijf (?:je|u) in|meld (?:je|u) aan|ontvang)\b[^.]{0,80}\b(?:nieuwsbrief|newsletter)\b|"
     r"\bzapisz się\b[^.]{0,80}\bnewsletter")),
    # share calls
    ("share", r"\bshare (?:this|it) (?:story |article |post )?(?:on|with|via)\b"),
    ("teile partag compart condivid partilh deel delen udostępnij",
     (r"\b(?:teilen sie|teile|partagez|partager|comparte|compartir|condividi|compartilhe|partilhe|deel) "
     r"(?:diesen|dieses|den|cet|cette|este|esta|questo|questa|l'|l’|dit|deze) ?"
     r"(?:artikel|beitrag|article|artículo|noticia|articolo|notizia|artigo|notícia|bericht)\b|"
     r"^\W*(?:teilen|partager|compartir|condividi|compartilhar|partilhar|delen|udostępnij) "
     r"(?:auf|sur|en|su|no|na|op) (?:facebook|twitter|x|whatsapp|linkedin|telegram|bluesky)\b")),
)
MAX_READER_NOTICE_CHARS = 400  # (a comment policy runs to a few sentences)
# Each rule's pattern is tried only on a text holding one of its cues, which one automaton finds in one pass:
# one regex of every rule costs hundreds of microseconds a text, and runs on most short blocks of every page.
_READER_PATTERNS = tuple(re.compile(pattern, re.IGNORECASE) for _, pattern in _READER_NOTICE_RULES)
READER_CUES = tuple(dict.fromkeys(cue for cues, _ in _READER_NOTICE_RULES for cue in cues.split()))
_READER_CUE_RULES = tuple(tuple(i for i, (cues, _) in enumerate(_READER_NOTICE_RULES) if cue in cues.split())
                          for cue in READER_CUES)
_READER_CUE_FINDER = ahocorasick_rs.AhoCorasick(READER_CUES, matchkind=ahocorasick_rs.MatchKind.Standard)


def is_reader_notice(text: str) -> bool:
    """The site speaking to the reader about the page: "This video is not available in your country", "Comments
    are closed", "Abonnieren Sie unseren Newsletter", "Partagez cet article" (see ``_READER_NOTICE_RULES``).
    Never true of a text without one of ``READER_CUES`` (the body walk marks the blocks that hold one)."""
    if len(text) > MAX_READER_NOTICE_CHARS:
        return False
    found = _READER_CUE_FINDER.find_matches_as_indexes(text.lower(), overlapping=True)
    return bool(found) and any(_READER_PATTERNS[rule].search(text) is not None
                               for rule in {rule for cue, _, _ in found for rule in _READER_CUE_RULES[cue]})


NEVER_ARTICLE = F_NOT_ARTICLE | F_SIDE  # names whose text is not the article whatever it reads like
_CHROME = F_FURNITURE | NEVER_ARTICLE


@lru_cache(maxsize=16_384)
def name_flags(names: str) -> int:
    """What a class (or id) string says an element is: furniture (and whether it is furniture that is never
    the article), content, caption, pop-up (bit flags).

    Cached: the same few hundred class strings repeat on every page of a site.
    """
    flags = 0
    for token in names.split():
        words = _words(token)
        found = VOCABULARY.flags(words)
        low = token.lower()
        if found & F_FURNITURE and (_MODIFIER_WORDS.intersection(words) or low.startswith(_TAXONOMY_PREFIXES)):
            found &= ~_CHROME  # "content-with-sidebar-wrp", "category-advertising": layout and taxonomy
        if low in _HIDING_TOKENS:
            found |= F_FURNITURE | F_NOT_ARTICLE
        flags |= found
    return flags


def element_flags(classes: str | None, ident: str | None) -> int:
    """Flags of an element's class and id together; a name that says "article body" is not furniture
    ("entry-content-read-more" is content) unless the element is named what is never the article as well
    (a comment's "hentry" or "post-text" box). Digits are dropped from ids ("comment-4711") to keep the cache useful."""
    flags = (name_flags(classes) if classes else 0) | (name_flags(_DIGITS.sub("", ident)) if ident else 0)
    if flags & NEVER_ARTICLE:
        return flags & ~F_CONTENT
    return flags & ~F_FURNITURE if flags & F_CONTENT else flags
