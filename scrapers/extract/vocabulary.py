"""Words of page furniture: class/id vocabulary and boilerplate lines, in any layout.

Markup names its furniture ("td-post-sharing", "relatedPosts", "comments") and prints
it in recognisable phrases ("Read more", "Lesen Sie auch", "Sign up for our
newsletter"). Both are data here, shared by the body extractor's walk (class flags)
and its final filter (lines), so a new word is added in one place.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Class/id vocabulary. A class token is split into its words ("td-post-sharing-bottom" ->
# td post sharing bottom, "relatedPosts" -> related posts) and looked up as words and word
# pairs/triples: set lookups, because a regex alternation of this size costs tens of
# microseconds per element. Words never match inside other words ("commentary" is content).
F_FURNITURE, F_CONTENT, F_CAPTION, F_HIDDEN = 1, 2, 4, 8


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
    reactions emoji ticker breaking-news marquee
""")
# Names of the article text itself, or of a WordPress/Elementor post wrapper.
_CONTENT_WORDS = ("""
    article-body articlebody article-content article-text entry-content post-content post-body post-text
    story-body story-content story-text content-body body-text main-text rich-text richtext td-post-content
    tdb-block-inner text-content field-name-body node-body single-content hentry type-post status-publish
    location-single
""")
VOCABULARY = _Vocabulary({
    F_FURNITURE: _FURNITURE_WORDS,
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
_TAXONOMY_PREFIXES = ("category-", "tag-", "topic-", "topics-", "post_tag-", "format-")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_LETTERS = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"\d+")


def _words(token: str) -> list[str]:
    return _LETTERS.findall(_CAMEL.sub("-", token).lower())


# Short lines that are furniture in any language, even when the markup gives no hint.
BOILER_LINE = re.compile(
    r"^\W*(?:advertisements?|anzeige|werbung|publicidad|publicité|pubblicità|reklama|реклама|"
    r"(?:story|article) continues below(?: advertisement)?|continue reading(?: below)?|"
    r"read (?:more|also|next|the full story)|(?:see )?more(?: on this| stories| news)?|more from|related(?: articles| posts| stories| coverage| news| content)?|"
    r"latest(?: articles| news| posts| stories)?|you may also like|you might also like|recommended(?: for you)?|"
    r"most (?:read|popular|viewed)|trending(?: now)?|popular(?: posts| reads| stories)?|"
    r"share(?: this)?(?: article| story| post| on \w+)?|follow us(?: on .*)?|sign up(?: for .*)?|"
    r"subscribe(?: to .*| now.*)?|newsletter|leave a (?:reply|comment)|comments?|\d+ comments?|"
    r"click here.*|tags?|topics?|filed under|about the author|lesen sie auch|mehr zum thema|"
    r"auch interessant|das könnte sie auch interessieren|meistgelesen|weitere artikel|"
    r"lee también|leer más|te puede interesar|más noticias|noticias relacionadas|también te puede interesar|"
    r"lire aussi|à lire aussi|sur le même sujet|voir aussi|leia também|veja também|leggi anche|"
    r"читайте также|похожие новости|ALSO READ|see also|image|photo|video|watch|listen|"
    r"print|email|facebook|twitter|whatsapp|linkedin|pinterest|telegram|reddit|copy link|"
    r"skip to (?:main )?content|back to top|loading\.*|please wait\.*|previous article|next article|"
    r"previous post|next post|we use cookies.*|end|[\w.+-]+@[\w-]+\.[\w.]+)\W*$",
    re.IGNORECASE,
)


# Calls to action and notices that read like sentences; only short blocks are tested.
_PROMO = re.compile(
    r"\b(?:sign up|subscribe|register)\b[^.]{0,80}\b(?:newsletter|inbox|e-?mail|updates)\b|"
    r"\bfollow (?:him|her|them|us|me) on (?:twitter|facebook|instagram|linkedin)\b|"
    r"\bclick here (?:to|for)\b|\bthis (?:slideshow|video|content) requires javascript\b|"
    r"\blike this (?:story|article)\b|\bshare (?:it|this (?:story|article)) with\b|"
    r"\b(?:have a (?:news )?tip|got a (?:news )?tip)\b|\b(?:delivered|straight) to your inbox\b|"
    r"\b(?:updated|published|posted|last (?:updated|modified)):? (?:at |on )?\d{1,2}[:.]\d{2}\b|"
    r"^(?:published|updated|posted|veröffentlicht|aktualisiert|publicado|actualizado|publié|mis à jour)\s*:",
    re.IGNORECASE,
)
MAX_PROMO_CHARS = 250
# Words one of which every _PROMO pattern contains: a cheap test before the expensive one.
PROMO_CUES = ("sign up", "subscribe", "register", "follow", "click here", "javascript", "like this", "share",
               "tip", "inbox", "updated", "published", "posted", "veröffentlicht", "aktualisiert", "publicado",
               "actualizado", "publié", "mis à jour")
_URL = re.compile(r"https?://\S+")


def is_url_dump(text: str) -> bool:
    """Structured-data leftovers printed as text: mostly bare URLs and numbers."""
    if "://" not in text:
        return False
    return sum(len(u) for u in _URL.findall(text)) > 0.5 * len(text)


def is_promo(text: str, *, cued: bool = False) -> bool:
    """A call to action or site notice in prose form ("Sign up for our newsletter ...").

    ``cued``: the caller knows the text holds one of ``PROMO_CUES`` (the body walk marks such blocks).
    """
    if len(text) > MAX_PROMO_CHARS:
        return False
    return (cued or any(cue in text.lower() for cue in PROMO_CUES)) and _PROMO.search(text) is not None


@lru_cache(maxsize=16_384)
def name_flags(names: str) -> int:
    """What a class (or id) string says an element is: furniture, content, caption, pop-up (bit flags).

    Cached: the same few hundred class strings repeat on every page of a site.
    """
    flags = 0
    for token in names.split():
        words = _words(token)
        found = VOCABULARY.flags(words)
        low = token.lower()
        if found & F_FURNITURE and (_MODIFIER_WORDS.intersection(words) or low.startswith(_TAXONOMY_PREFIXES)):
            found &= ~F_FURNITURE  # "content-with-sidebar-wrp", "category-advertising": layout and taxonomy
        if low in _HIDING_TOKENS:
            found |= F_FURNITURE
        flags |= found
    return flags


def element_flags(classes: str | None, ident: str | None) -> int:
    """Flags of an element's class and id together; a name that says "article body" is never furniture
    ("entry-content-read-more" is content). Digits are dropped from ids ("comment-4711") to keep the cache useful."""
    flags = (name_flags(classes) if classes else 0) | (name_flags(_DIGITS.sub("", ident)) if ident else 0)
    return flags & ~F_FURNITURE if flags & F_CONTENT else flags
