"""The article's authors: candidates from every place a page names them, each with its evidence, ranked.

Pages name their authors in up to five places, and they disagree: JSON-LD ``author`` (WordPress/Yoast
often fill it with the account that uploaded the post), ``<meta name=author>`` and its cousins
(sometimes "NEWSROOM" or a nickname), the visible byline element under the headline, ``rel=author``
links, and a "By Jane Doe" line opening the article text itself. Each place gives a
:class:`Candidate` (its credits split into people, agencies, desks and accounts by
:mod:`scrapers.extract.credits`), and :meth:`Credited.choose` ranks them:

1. the theme's or source's own byline selectors (``rules.authors``);
2. a "By …" line opening the article text: the author as the newsroom printed it (the line then
   leaves the body), unless the metadata names the same people;
3. people named by JSON-LD, then by meta tags: written for machines, they are the cleanest
   spelling, except when they are only account-like names (one word) and the visible byline
   names other people, or when the visible byline names them and more people (a CMS field
   holding the first writer only);
4. people named by the visible byline;
5. else a news agency ("Reuters", "dpa"), from any of them;
6. else an account name ("odno.kino"), which is all some user-written pages give;
7. else a desk label ("Editorial Staff", "Redacción"), the byline of an unsigned piece.

A desk label never stands beside or before a person, and the publisher's own name (or a JSON-LD
``Organization`` that is no agency) is no author. The record says where its authors came from
in ``authors_from`` (``rules``, ``text``, ``jsonld``, ``meta``, ``byline``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, Literal
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from scrapers.bywords import BY_PREFIX, by_word_prefix, labelled_author
from scrapers.dates.parse import parse_text
from scrapers.enrich.dateline import find_dateline
from scrapers.enrich.places import names_a_place
from scrapers.extract.credits import (
    HANGUL_NAMES,
    KOREAN_GRADES,
    Credit,
    Kind,
    cut_other_work,
    is_job_title,
    letters,
    names_an_outlet,
    names_several,
    parse_byline,
    plain_letters,
    reads_as_a_persons_name,
    spells_a_place,
    words,
)
from scrapers.extract.headline import host_marks
from scrapers.extract.metadata import Precomputed, clean_text, select_nodes
from scrapers.extract.rules import Rules
from scrapers.htmlmeta import jsonld_types
from scrapers.lextree import tag_id, tagged_below, text_length

Source = Literal["rules", "text", "jsonld", "meta", "byline"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """What one place of the page credits."""

    source: Source
    credits: tuple[Credit, ...]

    def names(self, kind: Kind) -> tuple[str, ...]:
        return tuple(c.name for c in self.credits if c.kind == kind)


@dataclass(frozen=True, slots=True)
class Authors:
    names: tuple[str, ...]
    source: Source | None  # where they came from; None when the page names no author


NOBODY = Authors((), None)
_SOURCES: tuple[Source, ...] = ("rules", "text", "jsonld", "meta", "byline")
_FALLBACK_KINDS: tuple[Kind, ...] = ("agency", "account", "desk")

# Meta tags that name the author, most specific first (keys as PageMeta gives them: lower case).
META_KEYS = ("author", "article:author", "og:article:author", "dc.creator", "dcterms.creator", "parsely-author",
             "sailthru.author", "byl", "cxenseparse:author", "citation_author", "article.author")
# twitter:label1 values that say twitter:data1 is the author ("Written by" is what Yoast prints).
_AUTHOR_LABELS = frozenset({"writtenby", "author", "authors", "autor", "autorin", "verfasstvon", "geschriebenvon",
                            "escritopor", "écritpar", "ecritpar", "auteur", "autore", "scrittoda", "forfatter",
                            "författare", "skrevetav", "geschrevendoor", "auteurs"})
_PERSON_TYPES = frozenset({"Person", "Author"})

# Visible bylines: elements whose class or id holds one of these words (any letter case) ...
BYLINE_WORDS = ("byl", "author", "autor", "auteur", "writer", "reporter", "firma")
# ... as a word of its own where it could be part of another ("autoresize", "confirmation"; "autore", "autorin" and
# "autores" are the word in Italian, German and Spanish):
_BYLINE_WORD = re.compile(r"(?i:byl|author|auteur|writer|reporter)|(?i:autor)(?:in|en|es|e|i|zy|a|s)?(?![a-z])|"
                          r"(?:(?<![a-zA-Z])(?i:firma)|Firma)s?(?![a-z])")
# ... in an id, found in one pass over the page's ids: "aut" stands for author, autor, auteur.
_BYLINE_SCAN = ("byl", "aut", "writer", "reporter", "firma")
# ... unless what the class says after that word shows it is the author's picture, bio, date or teaser list.
_NOT_NAME_WORDS = words("""
    bio bios biography description desc descr about avatar image img photo picture pic thumb thumbnail date time timestamp
    social follow twitter facebook share sharing email mail comment comments related more headline heading teaser
    caption prefix label count position role job title-text intro info-text recirc list-item views view stats hits
    visits counter
""")
# Containers whose bylines belong to other stories or to comments, or that list the site's writers in a menu: a
# class or id token that starts with one of these words ("comments-area", "related-posts", "sidebar", "feed-item",
# "menu-authors"; not "nyo-social-comments" or "withSidebar"; a ``<nav>`` may hold the byline itself).
_ELSEWHERE_WORDS = words("""
    comment comments commentlist disqus respond related relatedposts recirc sidebar trending popular mostread
    most recommended recommendations newsletter outbrain taboola more latest feed menu
""")
_SKIP_TAGS = frozenset({"script", "style", "meta", "link", "img", "time", "button", "svg", "noscript", "template",
                        "input", "select", "option", "head", "title", "html", "body", "figure", "figcaption"})
# Links to a writer's page: the path words that say so on their own (a link to one under the headline is a
# byline even without "By": "/autoren/jane-doe", "/by/jane-doe"; not "/profil/": players, politicians) ...
_WRITER_PATHS = ("authors?|autor(?:en|in|es)?|auteurs?|autore|journalists?|reporters?|writers?|contributors?|"
                 "columnists?|editors?|redaktion")
_WRITER_HREF = re.compile(rf"/(?:{_WRITER_PATHS}|by)/|[?&]author(?:_?id)?=", re.IGNORECASE)
# ... and those that do inside a byline element ("/people/" is also where topic pages about people live).
_AUTHOR_HREF = re.compile(rf"/(?:{_WRITER_PATHS}|by|people|person|staff|profil|profiles?|team|expert)/|/@(?=[\w.])|"
                          r"[?&]author(?:_?id)?=", re.IGNORECASE)
_WORD_SPLIT = re.compile(r"[-_\s]+|(?<=[a-z])(?=[A-Z])")
_MAX_BYLINE_CHARS = 200
_MAX_LINES_CHARS = 1000  # a byline element read line by line, at most
_MAX_ELEMENTS = 40
_MAX_DEPTH = 12
_A = tag_id("a")
_WIDEN_LEVELS = 2
_MAX_IN_BODY_WORDS = 16
_BELOW_HEADLINE_NODES = 40  # elements and texts after the headline where an unmarked "By …" line is looked for
_IN_BODY_PARAGRAPHS = 2
_MAX_NAME_LINE = 60  # a name alone in its element, under the headline, beside a date
_DATE_AFTER_NAME = 6  # nodes after that name where its date is looked for
_DAY_CHARS = len("2024-03-12")
_LINE_SEPARATORS = " ,;|·•-–—/"
_MAX_BESIDE_WORDS = 7  # a day, a time, a separator or two: "| 12.03.2024, 14:05 Uhr"
_NOT_NAME_HOLDERS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "button", "label", "li", "option", "title"})


def _credits(raws: Iterable[str], marks: tuple[str, ...]) -> tuple[Credit, ...]:
    found: dict[str, Credit] = {}
    for raw in raws:
        for credit in parse_byline(raw, marks):
            found.setdefault(letters(credit.name), credit)
    return tuple(found.values())


# --- JSON-LD ---------------------------------------------------------------------------------------------------

def _by_id(pre: Precomputed) -> dict[str, dict[str, Any]]:
    return {o["@id"]: o for o in pre.jsonld if isinstance(o.get("@id"), str) and len(o) > 1}


def _jsonld_names(value: Any, nodes: dict[str, dict[str, Any]] | None, pre: Precomputed,
                  depth: int = 0) -> Iterator[tuple[str, bool]]:
    """(name, is a person) of a JSON-LD author value: strings, Person/Organization objects, references to
    graph nodes by ``@id`` (Yoast), lists of any of them."""
    if depth > 3:
        return
    if isinstance(value, str) and value.lstrip().startswith(("{", "[")):
        try:  # an object serialised twice: '{ "@type":"Person", "name":"Alice Wu" }'
            value = json.loads(value)
        except ValueError:
            return
        yield from _jsonld_names(value, nodes, pre, depth + 1)
    elif isinstance(value, str):
        yield value, True
    elif isinstance(value, list):
        for item in value:
            yield from _jsonld_names(item, nodes, pre, depth + 1)
    elif isinstance(value, dict):
        if set(value) <= {"@id", "@type"} and isinstance(value.get("@id"), str):
            target = (nodes if nodes is not None else _by_id(pre)).get(value["@id"])
            if target is not None:
                yield from _jsonld_names(target, nodes, pre, depth + 1)
            return
        kinds = jsonld_types(value)
        name = value.get("name")
        if not isinstance(name, str) and isinstance(value.get("familyName"), str):
            name = f"{value.get('givenName') or ''} {value['familyName']}".strip()
        person = not kinds or bool({k.capitalize() for k in kinds} & _PERSON_TYPES)  # "person" too
        for each in name if isinstance(name, list) else [name]:  # "name": ["Jane Doe", "John Roe"]: both
            if isinstance(each, str):
                yield each, person


def _blogger(name: str, pre: Precomputed, marks: tuple[str, ...]) -> bool:
    """Whether a JSON-LD Person named as the site is the person the site is named after: a person's name where the
    host or ``og:site_name`` spells it ("Haki Benita" on hakibenita.com; not "KentNews" on kentnews.online, "La
    Información" on lainformacion.com), any name that is not an outlet's where only the JSON-LD publisher does
    (a press release's issuer on a wire's site)."""
    keys = {letters(name), plain_letters(name)}  # "José Pérez" on joseperez.com
    if not keys & set(marks):
        return False  # the site's name with words of its own ("Diakonie Deutschland"): an organisation
    hosted = bool(keys & {*host_marks(pre.url), *(letters(n) for n in pre.meta.get("og:site_name", ()))})
    return reads_as_a_persons_name(name) if hosted else not names_an_outlet(name)


def jsonld_candidate(pre: Precomputed, marks: tuple[str, ...]) -> Candidate | None:
    """The article object's ``author`` (else ``creator``); organisations count as agencies or accounts only."""
    article = pre.article or next((o for o in pre.jsonld if "author" in o and not jsonld_types(o) & _PERSON_TYPES),
                                  None)
    if article is None:
        return None
    value = article.get("author") or article.get("creator")
    nodes = _by_id(pre) if "@id" in str(value) else None
    credits: dict[str, Credit] = {}
    for name, person in _jsonld_names(value, nodes, pre):
        found = parse_byline(name, marks)
        if person and [c.kind for c in found] == ["publisher"] and _blogger(found[0].name, pre, marks):
            found = parse_byline(name)  # a Person named as the site: a one-person blog named after its author
        for credit in found:  # a Person "USA TODAY" or "Editors, USA TODAY" is the brand, not a person
            if not person and credit.kind in ("person", "account"):
                credit = Credit(credit.name, "publisher")  # an Organization: the publisher, unless an agency
            credits.setdefault(letters(credit.name), credit)
    return Candidate("jsonld", tuple(credits.values())) if credits else None


# --- meta tags -------------------------------------------------------------------------------------------------

def meta_candidate(pre: Precomputed, marks: tuple[str, ...]) -> Candidate | None:
    """The first meta tag naming an author (URLs, as some sites put in article:author, name nobody)."""
    keys: list[tuple[str, list[str]]] = [(key, pre.meta.get(key, [])) for key in META_KEYS]
    label = letters(pre.first_meta("twitter:label1") or "")
    if label in _AUTHOR_LABELS:
        keys.append(("twitter:data1", pre.meta.get("twitter:data1", [])))
    for _, values in keys:
        if not values:
            continue
        credits = _credits((v for v in values if v.strip()), marks)
        if any(c.kind != "desk" for c in credits):
            return Candidate("meta", credits)
    return None


# --- the visible byline ----------------------------------------------------------------------------------------

def _names_a_byline(names: str) -> bool:
    """Whether a class/id value marks a byline: it holds a byline word, and in some token holding one, what
    follows the word does not say "picture", "bio", "date", "teaser" ..."""
    for token in names.split():
        found = _BYLINE_WORD.search(token)
        if found is None:
            continue
        at = found.start()
        after = [w.lower() for w in _WORD_SPLIT.split(token[at:])[1:] if w]
        before = _words(token[:at])
        if not any(w in _NOT_NAME_WORDS for w in after) and not any(w in _ELSEWHERE_WORDS for w in before):
            return True  # "comment-author", "related-author" name other pages' people
    return False


def _words(token: str) -> list[str]:
    """The words of a class or id value in lower case: split at dashes, underscores and white space, and between a
    lower-case and a capital letter ("author-name", "articleByline")."""
    low = token.lower()
    if low == token and token.isalnum():  # no separator, no capital: one word ("byline"), or none; no split needed
        return [low]
    return [w.lower() for w in _WORD_SPLIT.split(token) if w]


def _first_word(token: str) -> str:
    return next(iter(_words(token)), "")


def _section_link(link: LexborNode, page_path: str) -> str | None:
    """The text of a link to a section the page is filed under: its path is one the page's own path starts
    with ("/actualidad/internacional" on "/actualidad/internacional/story-123"). A writer's page is not one,
    even where it is ("/@jdoe" on "/@jdoe/post-title", "/jane-doe/" for "Jane Doe" on "/jane-doe/2016/…")."""
    href = link.attrs.get("href") or ""
    path = urlsplit(href).path.rstrip("/")
    if not path or not page_path.startswith(path + "/") or _AUTHOR_HREF.search(href):
        return None
    text = clean_text(link.text(separator=" "))
    named = len(text.split()) > 1 and plain_letters(text) == plain_letters(path.rsplit("/", 1)[-1])
    return None if named else text


def _element_credits(node: LexborNode, marks: tuple[str, ...], itemprops: bool = False,
                     page_path: str = "") -> tuple[Credit, ...]:
    """The credits of one byline element: the names it marks up (``itemprop=name``, when the page has such
    marks), else its links to author pages, else its text; a link or a name outside the byline's own line
    (see :func:`_byline_text`) credits somebody else, and a link to the page's section names a section."""
    # A big element (an author box with a bio) is not read line by line: only its links can name the author.
    text = _byline_text(node) if text_length(node, _MAX_LINES_CHARS) <= _MAX_LINES_CHARS else None
    if text and page_path:
        for a in tagged_below(node, _A):  # "<div class=author><a href=/news/world>World</a></div>"
            section = _section_link(a, page_path)
            if section:
                text = clean_text(text.replace(section, " ", 1))
    if itemprops:
        marked = [clean_text(n.text(separator=" ")) for n in node.css('[itemprop~="name"]')]
        credits = _credits((t for t in marked if t and (text is None or t in text)), marks)
        if credits:
            return credits
    links = [clean_text(a.text(separator=" ")) for a in tagged_below(node, _A)
             if _AUTHOR_HREF.search(a.attrs.get("href") or "")]
    if node.tag == "a" and _AUTHOR_HREF.search(node.attrs.get("href") or ""):
        links = [clean_text(node.text(separator=" "))]
    if links:
        credits = _credits((t for t in links if t and (text is None or t in text)), marks)
        if credits:
            return credits
    if not text or len(text) > _MAX_BYLINE_CHARS:
        return ()
    return _credits([text], marks)


_BLOCKS = frozenset({"br", "div", "p", "li", "ul", "ol", "dl", "dt", "dd", "section", "header", "footer", "address",
                     "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "figure"})


def _byline_text(node: LexborNode) -> str:
    """A byline element's text as the byline: where it prints a "By …" line among other lines (the outlet,
    a date, a role: "By Joe Davidson / Washington Post / Dec 13"), those lines alone, and never the credits of
    other work printed after the names ("Illustration by …", "Fotos: …")."""
    parts: list[str] = []
    for child in node.traverse(include_text=True):
        if child.tag == "-text":
            if child.parent is None or child.parent.tag not in _SKIP_TAGS:  # not a script's, a <time>'s, a button's
                parts.append(clean_text(child.text_content))  # a line break in the source is a space
                parts.append(" ")  # "<span>By</span><span>Travis Haney</span>"
        elif child.tag in _BLOCKS:
            parts.append("\n")
    lines = [line for line in (clean_text(p) for p in "".join(parts).split("\n")) if line]
    if len(lines) > 1:
        said = []  # each author on a "By" line of its own, or all on one
        for i, line in enumerate(lines):
            prefix = by_word_prefix(line)
            if prefix is None:
                continue
            if not line[prefix.end():].strip() and i + 1 < len(lines):
                line = f"{line} {lines[i + 1]}"  # "By" on a line of its own, the names on the next
            line = cut_other_work(line)
            if _names_someone(parse_byline(line)):  # not "Text size" in a share widget
                said.append(line)
        if said:
            return ", ".join(said)
    return cut_other_work(" ".join(lines))


def _has_byline_word(names: str) -> bool:
    low = names.lower()
    return any(w in low for w in BYLINE_WORDS)


def _classed_bylines(pre: Precomputed, after: int) -> Iterator[LexborNode]:
    """Elements whose class or id names a byline, below the headline at index position ``after`` first (in
    document order), then above it (nearest first); class names are read before any node is made."""
    index = pre.page.index
    # The index's one pass (ASCII letters folded) finds the classes _has_byline_word's str.lower() would: the only
    # letters lower() makes ASCII are the Kelvin sign ("k", in no word) and "İ" ("i" and a dot no word has after "i").
    by_class = index.positions(BYLINE_WORDS, fold=True)
    positions = sorted({*by_class, *index.positions((), _BYLINE_SCAN, fold=True)})[:_MAX_ELEMENTS]
    mems = index.mems
    for position in [p for p in positions if p > after] + [p for p in reversed(positions) if p <= after]:
        names = index.class_of(position)
        if not _names_a_byline(names) and _has_byline_word(names):
            continue  # the class says picture, bio, date or teaser
        node = index.node_of(mems[position])
        if node.tag in _SKIP_TAGS or not _names_a_byline(f"{names} {node.id or ''}"):
            continue
        yield node


def _marked_authors(pre: Precomputed) -> Iterator[LexborNode]:
    """``itemprop=author`` and ``rel=author`` elements (one query of the page, made only when they exist and
    no element named a byline has named anyone)."""
    page = pre.page.index.page
    if "author" in page.itemprops or "author" in page.rels:
        yield from pre.tree.css('[itemprop~="author"], [rel~="author"]')[:_MAX_ELEMENTS]


def _widened(node: LexborNode, credits: tuple[Credit, ...], marks: tuple[str, ...]) -> tuple[Credit, ...]:
    """The credits of the byline around a name element, when it names more people: "<a rel=author>Julia
    Carrie Wong</a> and <a rel=author>Sam Levin</a>", "By Marc Santora, …, Al Baker and <span class=byline>Adam
    Goldman</span>"."""
    if len(credits) > 1:
        return credits  # the element lists its names itself
    names = {letters(c.name) for c in credits if c.kind == "person"}
    current = node.parent
    for _ in range(_WIDEN_LEVELS):
        if current is None or current.tag in {"body", "html", "article", "main"}:
            break
        text = clean_text(current.text(separator=" "))
        if len(text) > _MAX_BYLINE_CHARS:
            break
        if names_several(text):
            wider = _credits([text], marks)
            # more people, the element's own credits among them: an agency's element beside the headline widens
            # to the headline's words, which name nobody
            if {letters(c.name) for c in wider if c.kind == "person"} > names and \
                    {letters(c.name) for c in credits} <= {letters(c.name) for c in wider}:
                return wider
        current = current.parent
    return credits


def _following(node: LexborNode, limit: int) -> Iterator[LexborNode]:
    """The nodes (elements and texts) after ``node`` and its subtree in document order, at most ``limit``."""
    current: LexborNode | None = node
    count = 0
    while current is not None:
        following = current.next
        while following is None:
            current = current.parent
            if current is None or current.tag in {"body", "html"}:
                return
            following = current.next
        current = following
        for item in current.traverse(include_text=True):
            count += 1
            if count > limit:
                return
            yield item


class _Looking:
    """One page's search for its byline: where its headline is, the nodes printed under it, and what the class
    names of the elements looked at said (each element's ancestors are read once per page)."""

    def __init__(self, pre: Precomputed, marks: tuple[str, ...], after: int) -> None:
        self.pre, self.marks, self.after = pre, marks, after
        self.itemprops = "name" in pre.page.index.page.itemprops
        self.page_path = urlsplit(pre.url or "").path
        self._said: dict[int, str | None] = {}
        self._below: list[LexborNode] | None = None
        self._near: set[int] = set()
        self._holding_headline: set[int] = set()
        self._headline_in_article = False
        if after >= 0:
            index = pre.page.index
            current: LexborNode | None = index.node_of(index.mems[after])
            while current is not None:
                self._holding_headline.add(current.mem_id)
                self._headline_in_article = self._headline_in_article or current.tag == "article"
                current = current.parent

    def below(self) -> list[LexborNode]:
        """The nodes (elements and texts) printed right under the headline, where its byline is."""
        if self._below is None:
            index = self.pre.page.index
            self._below = list(_following(index.node_of(index.mems[self.after]), _BELOW_HEADLINE_NODES)) \
                if self.after >= 0 else []
            self._near = {n.mem_id for n in self._below}
        return self._below

    def near(self, node: LexborNode) -> bool:
        """Whether the element is printed right under the headline (or there is no headline to be under)."""
        return self.after < 0 or (bool(self.below()) and node.mem_id in self._near)

    def credits(self, node: LexborNode) -> tuple[Credit, ...]:
        return _element_credits(node, self.marks, self.itemprops, self.page_path)

    def elsewhere(self, node: LexborNode) -> bool:
        """Whether the element sits in a comment thread, a related-stories block, a sidebar, a teaser of
        another story (one ``<article>`` of a list of them that does not hold the headline) or the page
        footer (the article's own ``<footer>`` or block named so, where themes put the author box, is the
        article's)."""
        current, in_footer = node.parent, False
        for _ in range(_MAX_DEPTH):
            if current is None or current.tag in {"body", "html"}:
                break
            if current.tag == "main":
                return False
            if current.tag == "article":  # a headline printed above the articles heads the first of them
                return bool(self._holding_headline) and current.mem_id not in self._holding_headline and \
                    _listed(current, ("prev",) if not self._headline_in_article else ("prev", "next"))
            if current.mem_id in self._said:
                said = self._said[current.mem_id]
            else:
                attrs = current.attrs
                firsts = {_first_word(token) for token in f"{attrs.get('class') or ''} {current.id or ''}".split()}
                said = self._said[current.mem_id] = \
                    "elsewhere" if firsts & _ELSEWHERE_WORDS else "footer" if "footer" in firsts else None
            in_footer = in_footer or current.tag == "footer" or said == "footer"  # ("footerRow" as <footer>)
            if said == "elsewhere" and current.mem_id not in self._holding_headline:
                return True  # (a block holding the article's own headline is the article's: "<div id=sidebar>")
            current = current.parent
        return in_footer

    def by_line_below(self) -> Candidate | None:
        """A byline no class names, printed under the headline: the first text there that opens with "By"
        ("By <a href=/author/…>Jane Doe</a>", "<span>Von</span> <span>Jane Doe</span>"), read in the element
        holding it (or around the lone "By"), or a link to a writer's page naming a person. Sites whose class
        names are hashes ("sc-1jc3ukb-0", "_ceVT") mark their bylines with nothing else; or, without "By", an
        element holding a person's full name and nothing else, with the date or the writer's job printed next to it
        ("<div>Jane Doe</div><div>12 March 2024</div>", "Jane Doe, Senior Correspondent"): such themes' byline;
        or an ``<address>``, HTML's own element for the author."""
        below = self.below()
        for at, item in enumerate(below):
            if item.tag == "a":
                holder = item.parent if _WRITER_HREF.search(item.attrs.get("href") or "") else None
            elif item.tag == "address":
                holder = item  # HTML's element for the article's author
            elif item.tag == "-text":
                text = item.text_content or ""
                labelled = by_word_prefix(text) is not None or labelled_author(text) is not None  # "来源：… 作者：…"
                holder = item.parent if labelled else None
                for _ in range(_WIDEN_LEVELS):  # a lone "By" element: the byline is its parent
                    if holder is None or holder.parent is None or \
                            BY_PREFIX.sub("", clean_text(holder.text(separator=" "))):
                        break
                    holder = holder.parent
                if holder is None and self._name_line(item, below[at + 1:at + 1 + _DATE_AFTER_NAME]):
                    holder = item.parent
            else:
                continue
            if holder is None or holder.tag in _SKIP_TAGS:
                continue
            credits = self.credits(holder)
            persons = [c.name for c in credits if c.kind == "person"]
            # Unmarked, a line needs a full name ("Text Size" in a menu is no byline) or an agency.
            if ((persons and not _weak(persons)) or (item.tag != "a" and any(c.kind == "agency" for c in credits))) \
                    and not self.elsewhere(holder):
                return Candidate("byline", credits)
        return None

    def _name_line(self, item: LexborNode, following: list[LexborNode]) -> bool:
        """Whether a text is a person's full name alone in its element (not a heading or a sentence; a link only to
        a page named after them), with what shows it is the byline beside it: a day or the writer's job, after
        the name in the same text ("Jane Doe | 12 March 2024", "Jane Doe, Senior Correspondent") or in the next
        one (or a ``<time>`` giving a day)."""
        text = clean_text(item.text_content)
        parent = item.parent
        if not text or len(text) > _MAX_NAME_LINE or parent is None or text.endswith((":", "：")) or \
                clean_text(parent.text(separator=" ")) != text:  # "Son Güncelleme:" labels the date after it
            return False
        credits = parse_byline(text, self.marks)
        if len(credits) != 1 or credits[0].kind != "person" or len(credits[0].name.split()) < 2 or \
                names_an_outlet(credits[0].name):
            return False
        name = credits[0].name
        if spells_a_place(name):
            return False  # a dateline: "New York, 12 March 2024", "Buenos Aires | 12.03.2024"
        if parent.tag == "a":
            if plain_letters(name) not in plain_letters(parent.attrs.get("href") or ""):
                return False  # a link to a topic, an artist ...; "/profile/jane-doe" is the writer's page
            parent = parent.parent
        elif parent.tag in _NOT_NAME_HOLDERS:
            return False
        ancestor = parent
        for _ in range(_WIDEN_LEVELS):  # a name inside a link is an artist's, a topic's ...: not a byline
            if ancestor is None or ancestor.tag == "a":
                return ancestor is None
            ancestor = ancestor.parent
        if letters(name) != letters(text):  # "Jane Doe | 12 March 2024", not "Jane Doe said on 12 March …"
            rest = text[len(name):] if text.startswith(name) else ""
            return rest[:1] in _LINE_SEPARATORS and rest[1:2] in _LINE_SEPARATORS and \
                len(rest.split()) <= _MAX_BESIDE_WORDS and _dates_or_titles(rest.strip(_LINE_SEPARATORS))
        for node in following:
            if node.tag == "time" and len(node.attrs.get("datetime") or "") >= _DAY_CHARS:
                return True  # a machine-readable day ("2024-03-12"), whatever the text says ("3 hours ago")
            if node.tag == "-text" and clean_text(node.text_content):
                return _dates_or_titles(clean_text(node.text_content))
        return False


def _dates_or_titles(text: str) -> bool:
    """Whether a text printed beside a name is a day ("12 March 2024", "12.03.2024, 14:05 Uhr") or a job title
    ("Senior Correspondent")."""
    return bool(text) and (parse_text(text) is not None or is_job_title(text))


def _listed(article: LexborNode, steps: tuple[str, ...] = ("prev", "next")) -> bool:
    """Whether an ``<article>`` is one of a list of them (teasers), itself or the list item holding it: another
    one stands before it, or after it (``steps``)."""
    element: LexborNode | None = article
    for _ in range(2):
        if element is None:
            return False
        for step in steps:
            sibling = getattr(element, step)
            for _ in range(4):  # text and comment nodes between the items
                if sibling is None:
                    break
                if sibling.tag == element.tag:
                    return True
                sibling = getattr(sibling, step)
        element = element.parent if element.parent is not None and element.parent.tag == "li" else None
    return False


def byline_candidate(pre: Precomputed, marks: tuple[str, ...], after: int = -1) -> Candidate | None:
    """The first visible byline naming someone: after the headline's position ``after`` in the page's index
    when there is one there (bylines print under the headline; earlier ones are teasers), else before it;
    ``rel=author`` and ``itemprop=author`` elements when no element is named a byline; else a "By …" line
    under the headline. An unmarked byline right under the headline beats a marked one further away."""
    looking = _Looking(pre, marks, after)
    unsigned: Candidate | None = None  # a desk label or an account, in case nobody is named
    for node in chain(_classed_bylines(pre, after), _marked_authors(pre)):
        credits = looking.credits(node)
        if not credits or looking.elsewhere(node):
            continue
        if any(c.kind in ("person", "agency") for c in credits):
            below = None if looking.near(node) else looking.by_line_below()
            return below or Candidate("byline", _widened(node, credits, marks))
        if unsigned is None and any(c.kind in ("desk", "account") for c in credits):
            unsigned = Candidate("byline", credits)
    return looking.by_line_below() or unsigned


def rules_candidate(pre: Precomputed, rules: Rules, marks: tuple[str, ...]) -> Candidate | None:
    """The names the theme's or source's byline selectors find: the first match and its siblings (a second
    author's link), not the same selector's matches in teasers further down."""
    nodes = select_nodes(pre.tree, rules.authors, pre.page.index)
    parent = nodes[0].parent if nodes else None
    together = [n for n in nodes if parent is not None and n.parent is not None and n.parent.mem_id == parent.mem_id]
    credits = _credits((clean_text(n.text(separator=" ")) for n in together), marks)
    return Candidate("rules", credits) if credits else None


# --- a "By …" line opening the article text ---------------------------------------------------------------------

def split_leading_byline(body: str, marks: tuple[str, ...]) -> tuple[Candidate | None, str]:
    """A byline printed as the article's first (or second) paragraph ("By Jane Doe", "By LISA MASCARO and
    ERIC TUCKER Associated Press", "Von Jochen Bittner", "（文・山田太郎）") or glued before its first sentence (see
    ``_GLUED_BYLINE``), and the body without it."""
    paragraphs = body.split("\n\n", _IN_BODY_PARAGRAPHS)  # the rest of the text stays in one piece
    for i, paragraph in enumerate(paragraphs[:_IN_BODY_PARAGRAPHS]):
        if by_word_prefix(paragraph.lstrip("(（")) is None or len(paragraph.split()) > _MAX_IN_BODY_WORDS:
            continue
        credits = parse_byline(paragraph, marks)
        if any(c.kind in ("person", "agency") for c in credits):
            return Candidate("text", tuple(credits)), "\n\n".join(paragraphs[:i] + paragraphs[i + 1:])
    glued = _GLUED_BYLINE.match(body)
    if glued is not None:
        named = tuple(parse_byline(glued.group("credit"), marks))
        if any(c.kind == "person" for c in named):
            return Candidate("text", named), body[glued.end():]
    return None, body


# A byline glued before the article's first sentence, as Korean wires and papers print it: "(서울=연합뉴스) 홍길동 기자 =
# 정부가 …", "[서울=뉴시스]홍길동·김철수 기자 = …".
_GLUED_BYLINE = re.compile(
    r"^\s*(?:[(\[［]\s*[^()\[\]［］=＝]{1,12}[=＝][^()\[\]［］]{1,12}[)\]］]\s*)?"
    rf"(?P<credit>{HANGUL_NAMES}\s*{KOREAN_GRADES}?(?:기자|특파원))\s*[=＝]\s*")


# A reporter's line closing a Korean article: "홍길동 기자 hong@example.co.kr", "[서울=홍길동·김철수 기자]", "/홍길동 특파원".
_KOREAN_SIGNATURE = re.compile(rf"^[\[(（/]?\s*(?:[^\s=\[\]]{{1,12}}=\s*)?(?P<names>{HANGUL_NAMES})\s*"
                               rf"{KOREAN_GRADES}?(?:기자|특파원|논설위원|편집위원)"
                               r"\s*[\])）]?\s*(?:[(（<]?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[)）>]?)?$")
# Names alone in brackets closing a Chinese or Japanese article: "（山田太郎）", "（記者 張偉、李娜）", "（文・山田太郎）", and
# with the place written from: "（ワシントン＝山田太郎）".
_BRACKETED_NAMES = re.compile(r"^[(（]\s*(?:[^()（）=＝\s]{1,12}[=＝]\s*)?(?P<credit>(?:(?:文|記者|记者|取材|執筆)\s*[・:：]?\s*)?"
                              r"(?P<names>[\u3040-\u30ff\u3400-\u9fff]{2,8}"
                              r"(?:\s*[、，,・\s]\s*[\u3040-\u30ff\u3400-\u9fff]{2,8}){0,3}))\s*[)）]$")
# What such brackets hold that is no name: the end of the piece, "to be continued", "honorifics omitted" ("文中敬称略"),
# a note (found anywhere in the brackets).
_NOT_SIGNATURES = words("""
    終わり おわり 続く つづく 未完 以上 敬称略 写真 動画 図表 速報 続報 参考 関連 待续 完结 全文完 图片 视频 来源 原题 原标题
""")
# A line of copyright after the signature ("ⓒ 한국일보, 무단 전재 및 재배포 금지", "Copyright ©"): the signature is the line
# before it.
_COPYRIGHT = re.compile(r"^\s*[<\[(（]?\s*(?:[©ⓒ]|\(c\)|copyright|저작권)|무단\s*전재|転載|版权", re.IGNORECASE)
_MAX_SIGNATURE_CHARS = 80
_MAX_SIGNATURE_WORDS = 10


def split_trailing_byline(body: str, marks: tuple[str, ...], language: str | None = None
                          ) -> tuple[Candidate | None, str]:
    """A byline printed as the article's last paragraph, as Korean, Japanese, Chinese and Vietnamese newsrooms sign
    (see ``_KOREAN_SIGNATURE``, ``_BRACKETED_NAMES``; a line, in brackets or not, opening with a by-word and a colon:
    "(Tác giả: Nguyễn Văn An)", "(Penulis: …)", "Autor: Jan Kowalski"; on a Vietnamese page, names alone: see
    ``_VIETNAMESE_NAME``), and the body without it. A line of copyright may follow it."""
    paragraphs = body.rsplit("\n\n", 2)
    last = len(paragraphs) - 1
    if last > 0 and len(paragraphs[last]) <= _MAX_SIGNATURE_CHARS and _COPYRIGHT.search(paragraphs[last]):
        last -= 1
    line = paragraphs[last].strip() if last > 0 else ""
    if not line or len(line) > _MAX_SIGNATURE_CHARS or len(line.split()) > _MAX_SIGNATURE_WORDS:
        return None, body
    credits = _signature_credits(line, marks) or (tuple(parse_byline(line, marks)) if language == "vi" and
                                                  _names_vietnamese(line) else ())
    if not any(c.kind in ("person", "agency") for c in credits):
        return None, body
    return Candidate("text", credits), "\n\n".join(paragraphs[:last] + paragraphs[last + 1:])


# Vietnamese newsrooms sign an article with the writers' names alone in its last paragraph ("Minh Nga", "Hoài Thu -
# Đức Anh"): a Vietnamese name is two to five syllables, each a capitalised word of a few letters.
_VIETNAMESE_NAME = re.compile(r"(?:[A-ZĐÀ-ỸĂÂÊÔƠƯ][a-zđà-ỹăâêôơư]{0,6}\s+){1,4}[A-ZĐÀ-ỸĂÂÊÔƠƯ][a-zđà-ỹăâêôơư]{0,6}")
_VIETNAMESE_JOINS = re.compile(r"\s*[-–,]\s*|\s+và\s+")
_VIETNAMESE_SOURCE = ("Theo ", "Nguồn ")


def _names_vietnamese(line: str) -> bool:
    """Whether a line is only Vietnamese names (see ``_VIETNAMESE_NAME``): not a source, "Theo Reuters" ("according
    to"), nor a place, "Hà Nội"."""
    parts = _VIETNAMESE_JOINS.split(line.strip(" ."))
    return not line.startswith(_VIETNAMESE_SOURCE) and \
        all(_VIETNAMESE_NAME.fullmatch(part) and not names_a_place(part) for part in parts)


def _signature_credits(line: str, marks: tuple[str, ...]) -> tuple[Credit, ...]:
    """The credits of a last paragraph that is a signature (see :func:`split_trailing_byline`), or none."""
    korean = _KOREAN_SIGNATURE.match(line)
    if korean is not None:
        return tuple(parse_byline(korean.group("names") + " 기자", marks))
    bracketed = _BRACKETED_NAMES.match(line)
    if bracketed is not None:
        names = bracketed.group("names")
        if any(word in names for word in _NOT_SIGNATURES):
            return ()
        return tuple(parse_byline(bracketed.group("credit"), marks))
    inner = line[1:-1].strip() if line[:1] in "(（" and line[-1:] in ")）" else line
    prefix = by_word_prefix(inner)
    if prefix is None or not prefix.group().rstrip().endswith((":", "：")):
        return ()  # a label, not "(Reporting by …; Editing by …)", which wires print after their text
    return tuple(parse_byline(inner, marks))


# --- ranking -----------------------------------------------------------------------------------------------------

def _names_someone(credits: Sequence[Credit]) -> bool:
    """Whether credits name a person by more than an account-like word, or an agency."""
    persons = [c.name for c in credits if c.kind == "person"]
    return (bool(persons) and not _weak(persons)) or any(c.kind == "agency" for c in credits)


def _weak(names: Sequence[str]) -> bool:
    """Account-like person names only: single words ("Eddie", "jdoe") that a CMS shows for its user."""
    return all(len(n.split()) == 1 and not re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", n)
               for n in names)


@dataclass(slots=True)
class Credited:
    """The candidates a page gives. The visible byline is looked for on every page the rules leave unsigned (metadata
    may name only some of the people it shows); the meta tags are read only when the ranking needs them."""

    pre: Precomputed
    site: tuple[str, ...]
    headline_at: int
    ruled: Candidate | None
    jsonld: Candidate | None
    visible: Candidate | None = None
    _meta: Candidate | None = None
    _meta_read: bool = False

    @classmethod
    def of(cls, pre: Precomputed, rules: Rules, site: tuple[str, ...], headline_at: int) -> Credited:
        """Read now what the page's elements state (the tree is changed later: chrome and dropped elements are
        removed); the metadata can wait."""
        jsonld = jsonld_candidate(pre, site)
        if jsonld is not None and jsonld.names("publisher"):  # an Organization credited: the publisher, anywhere
            site = (*site, *(letters(n) for n in jsonld.names("publisher")))
        ruled = rules_candidate(pre, rules, site)
        signed = ruled is not None and bool(ruled.names("person") or ruled.names("agency"))
        return cls(pre, site, headline_at, ruled, jsonld, None if signed else byline_candidate(pre, site, headline_at))

    @property
    def meta(self) -> Candidate | None:
        if not self._meta_read:
            self._meta, self._meta_read = meta_candidate(self.pre, self.site), True
        return self._meta

    def _given_back(self, candidate: Candidate | None, body: str) -> Candidate | None:
        """A byline's names with the word a wire's dateline was guessed to print as its place given back, where
        the page says it is the name's: the JSON-LD or meta author spells it so ("Mary Clare Jalonick" for "MARY
        CLARE JALONICK (AP)"), or the text's own dateline names another place ("WASHINGTON (AP) —")."""
        if candidate is None or not any(c.whole for c in candidate.credits):
            return candidate
        known = {letters(w) for source in (self.jsonld, self.meta) if source for n in source.names("person")
                 for w in n.split()}
        dateline = find_dateline(body) if body else None
        placed = {letters(w) for w in dateline.place.split()} if dateline and dateline.place else None

        def kept(credit: Credit) -> Credit:
            word = letters(credit.whole.split()[-1])
            return Credit(credit.whole, credit.kind) if word in known or (placed and word not in placed) else credit

        return Candidate(candidate.source, tuple(kept(c) if c.whole else c for c in candidate.credits))

    def _machine(self) -> Candidate | None:
        if self.jsonld is not None and self.jsonld.names("person"):
            return self.jsonld
        meta = self.meta
        return meta if meta is not None and meta.names("person") else None

    def choose(self, in_body: Candidate | None, body: str = "") -> Authors:
        """The authors by the ranking of the module docstring; ``in_body`` is the "By …" line opening the text,
        ``body`` the text after it (where a wire's dateline names the place)."""
        ruled = self.ruled
        if ruled and (ruled.names("person") or ruled.names("agency")):
            return Authors(ruled.names("person") or ruled.names("agency"), "rules")
        machine = self._machine()
        in_body, visible = self._given_back(in_body, body), self._given_back(self.visible, body)
        if in_body and in_body.names("person"):
            said = {letters(n) for n in in_body.names("person")}
            if machine is None or not said <= {letters(n) for n in machine.names("person")}:
                return Authors(in_body.names("person"), "text")
        if machine is not None:
            persons = machine.names("person")
            named = {letters(n) for n in persons}
            shown = {letters(n) for n in visible.names("person")} if visible else set()
            if visible is not None and shown and ((_weak(persons) and not named & shown) or named < shown):
                return Authors(visible.names("person"), "byline")  # an account's name, or some of the people shown
            return Authors(persons, machine.source)
        if visible and visible.names("person"):
            return Authors(visible.names("person"), "byline")
        by_source = {c.source: c for c in (ruled, in_body, self.jsonld, self.meta, visible) if c is not None}
        for kind in _FALLBACK_KINDS:
            for source in _SOURCES:
                found = by_source.get(source)
                if found and found.names(kind):
                    return Authors(found.names(kind), source)
        return NOBODY
