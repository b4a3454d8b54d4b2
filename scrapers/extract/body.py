"""The article body: find the main-content container, then keep only its prose.

One iterative walk over the page turns it into a flat list of text ``Block``s,
each remembering the chain of elements it sits in. The container is then the
element whose blocks add up to the most *prose* (non-link text) minus a penalty
for link text and for scraps (menus, share bars, teasers); boilerplate-named
elements inside the container (share, related, newsletter, comments, ads ...)
and link lists are dropped; captions go to ``captions``.

The walk never recurses in Python, so pathological nesting cannot overflow the
stack, and it touches every visible node once, which keeps a page near a millisecond.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers import lextree
from scrapers.bywords import by_word_prefix
from scrapers.dates.parse import find_text
from scrapers.extract.captions import CREDIT_CUES, MAX_CAPTION_CHARS, find_credit, split_credit
from scrapers.extract.credits import parse_byline
from scrapers.extract.vocabulary import (
    CONSENT_CUES,
    F_CAPTION,
    F_CONTENT,
    F_FURNITURE,
    F_HIDDEN,
    F_NOT_ARTICLE,
    MAX_CONSENT_CHARS,
    MAX_PROMO_CHARS,
    MAX_READER_NOTICE_CHARS,
    NEVER_ARTICLE,
    PROMO_CUES,
    READER_CUES,
    element_flags,
    is_author_bio,
    is_boiler_line,
    is_consent_notice,
    is_promo,
    is_promo_line,
    is_reader_notice,
    is_site_notice,
    is_url_dump,
    name_flags,
)
from scrapers.htmlindex import ClassIndex
from scrapers.models import Caption

# Elements whose content is never article text.
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "button",
    "select", "option", "input", "textarea", "canvas", "video", "audio", "map", "head", "link", "meta",
    "title", "nav", "dialog", "menu", "-comment", "img", "picture", "source",
})
# Elements that start and end a paragraph; everything else flows inline.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3", "h4", "h5",
    "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr",
    "blockquote", "pre", "figure", "figcaption", "form", "fieldset", "address", "hr", "center", "details",
    "summary", "caption", "body", "html", "legend", "hgroup",
})
CELL_TAGS = frozenset({"td", "th"})  # cells flow into their row: a table row reads as one line
# Page-wide wrappers carry feature-flag classes ("f_share_tools_on"): never judged by name.
UNNAMED_TAGS = frozenset({"html", "body", "main"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
LINE_TAGS = frozenset({"li", "dt", "dd", "tr"})
CAPTION_TAGS = frozenset({"figcaption"})
PAGE_CHROME_TAGS = frozenset({"footer", "aside"})

class Block(NamedTuple):
    """A run of text between two block-level boundaries, and where it sits in the page.

    A tuple, because the C walk makes a hundred of them a page and a tuple is the cheapest object it can make.
    """

    text: str
    link_chars: int
    tag: str  # the innermost block element ("" for an inline element made a block as a caption)
    path: tuple[int, ...]  # mem_ids of the enclosing block elements, outermost first
    boiler_depth: int  # index in ``path`` of the innermost furniture element (class/id, footer, aside), or -1
    caption: bool
    cues: int  # _CREDIT_CUE, _PROMO_CUE, _CONSENT_CUE, _READER_CUE: which cue words a short block holds (0 for longer ones)


_MAX_CAPTION = 600
MAX_DEPTH = 512  # deeper block elements flow inline, as browsers cap parser depth: bounds the scoring cost
INNER_FURNITURE = 0.25
LINK_WEIGHT = 2.0
BLOCK_COST = 10.0
REGION_LEVELS_UP = 2
# Classes naming the article text ([class*="entry-content"], ...): each holds a _CONTENT_CLASS word.
_CONTENT_NAMED = re.compile("entry-content|article-body|article__body|articleBody|story-body|post-content|"
                            "article-content|post-body")
REGION_MIN_SHARE = 0.25
GATHER_LEVELS = 3  # prose this many elements above the text container may continue its text
GATHER_LEVELS_BEFORE = 8  # and this many, before it (a lead set apart with the headline; comments come after)
GATHER_GAP = 400  # characters of other text that may separate two parts of the article
LINKED_SHARE = 0.8  # a block with this share of link text is a link (a list of them: set into the text as a box is)
LINKS_GAP = 200  # characters of the gap a run of links costs at most, however long
PROSE_CHARS, PROSE_CHARS_CJK = 80, 25  # a paragraph of running text is at least this long
PROSE_LINKS = 0.2  # and has at most this share of link text
# a teaser's summary; streams of other stories cut theirs off mid-sentence at up to 400 characters
MAX_TEASER_CHARS, MAX_CUT_TEASER_CHARS = 300, 400
LIST_LINKS = 0.5  # a list with less link text than this reads as text, linked items and all
MAX_HEADLINE_CHARS = 160
MAX_DATELINE_CHARS = 60
LONG_PROSE_CHARS = 200
# prose a furniture-named element must hold to be read as the article (CJK scripts say as much in a third the characters)
RESCUE_MIN_CHARS, RESCUE_MIN_CHARS_CJK = 400, 125
RESCUE_SHARE = 0.3  # of the prose chosen without it
RESCUE_HEADINGS = 0.5  # headings per paragraph of prose, at most
RESCUE_PROSE_SHARE = 0.7  # of its own text
OUTSIDE_SHARE = 0.5  # of the worth of a container inside furniture, for the best one outside to replace it
POOR_CHARS = 400  # a body shorter than this makes the extractor look again, more widely
FALLBACK_GAIN = 2.0  # a second reading replaces the first with this many times its text
_CJK = "\u2e80"  # CJK scripts (and everything after them) start here
CJK_WORTH = PROSE_CHARS / PROSE_CHARS_CJK  # what a character of CJK text says, in characters of spelled-out words
SCRIPT_SAMPLE = 8  # the chosen text's first blocks, which tell its script
DOMINANT_SHARE = 0.8  # a child with this share of its parent's score is the better container


# Candidate names of article-text wrappers ([class*="content"], [class*="body"], ...): a cheap filter
# before the vocabulary decides (``name_flags``).
_CONTENT_CLASS = ("content", "body", "Body", "text", "hentry", "type-post", "location-single")


# Parts of the names of comment threads and related-story boxes (a cheap filter before ``element_flags``):
# text named as content inside them is theirs, not the article's.
_NOT_ARTICLE_CUES = ("omment", "elated", "disqus")  # (either letter case of the first letter)


def content_named(index: ClassIndex) -> list[int]:
    """Positions (in ``index``) of the elements whose class names them the article text (and whose id does not
    name them what is never the article: a comment's box called "post-text")."""
    page = index.page  # (each class read from the page's joined column: ``class_of`` is three calls a value)
    classes, class_starts, ids, id_starts = page.classes.text, page.classes.starts, page.ids.text, page.ids.starts
    return [i for i in index.positions(_CONTENT_CLASS)
            if (flags := name_flags(classes[class_starts[i]:class_starts[i + 1] - 1])) & F_CONTENT
            and not flags & NEVER_ARTICLE
            and not ((ident := ids[id_starts[i]:id_starts[i + 1] - 1]) and element_flags(None, ident) & NEVER_ARTICLE)]


def content_wrappers(root: LexborNode, index: ClassIndex, named: list[int]) -> frozenset[int]:
    """mem_ids of every element that is or wraps an element named as the article text (by class: ``named``
    from :func:`content_named`, or ``itemprop="articleBody"``): a furniture-named element among them wraps
    the story and is not furniture.

    Layout wrappers borrow furniture words ("theiaStickySidebar", "article-header" around the
    whole story); a wrapper of the article body is, by definition, not furniture. Unless its name
    says it is never the article: a comment thread whose entries are called "post-text".
    """
    mems = index.mems
    found = [mems[i] for i in named] + index.article_bodies
    wrappers = lextree.ancestors(found, root)[1]
    if len(found) < 2:  # one element named as the text is the article's (a thread has an entry per comment)
        return frozenset(wrappers)
    ids = index.page.ids
    never = [mems[i] for i in index.positions(_NOT_ARTICLE_CUES, _NOT_ARTICLE_CUES) if mems[i] in wrappers
             and element_flags(index.class_of(i), ids.text[ids.starts[i]:ids.starts[i + 1] - 1]) & NEVER_ARTICLE]
    return frozenset(wrappers.difference(never))


# The walk's view of each tag (lexbor tag id -> what the tag is to the walk, and its name): bits of
# scrapers/_lexbor_py.py (and _lexbor.pyx), whose walk runs it (scrapers.lextree). Tags outside the table flow inline.
_T_SKIP, _T_BLOCK, _T_CELL, _T_UNNAMED, _T_CAPTION, _T_CHROME, _T_LINK, _T_BR, _T_HEADING = (1 << i for i in range(9))
_TAG_KINDS = ((SKIP_TAGS, _T_SKIP), (BLOCK_TAGS, _T_BLOCK), (CELL_TAGS, _T_CELL), (UNNAMED_TAGS, _T_UNNAMED),
              (CAPTION_TAGS, _T_CAPTION), (PAGE_CHROME_TAGS, _T_CHROME), ({"a"}, _T_LINK), ({"br"}, _T_BR),
              (HEADINGS, _T_HEADING))


def _tag_table() -> dict[int, tuple[int, str]]:
    table: dict[int, tuple[int, str]] = {}
    for names, bit in _TAG_KINDS:
        for name in names:
            if not name.startswith("-"):  # "-comment": comments are not elements; the walk never reads them
                tag = lextree.tag_id(name)
                table[tag] = (table.get(tag, (0, name))[0] | bit, name)
    return table


# Blocks short enough to be a caption, a promo line or a notice to the reader are marked by the walk when they
# hold a word that every credit (promo, notice) contains, so the (slower) tests run only where they can succeed:
# most short blocks of a page are text, and even the automaton that finds a notice's cues costs a microsecond.
_CREDIT_CUE, _PROMO_CUE, _CONSENT_CUE, _READER_CUE = 1, 2, 4, 8
CUE_CHARS = max(MAX_CAPTION_CHARS, MAX_PROMO_CHARS, MAX_CONSENT_CHARS, MAX_READER_NOTICE_CHARS)  # the longest block
lextree.use_tags(_tag_table(), F_HIDDEN, F_CAPTION, F_FURNITURE, Block,  # whose cues are read
                 (CREDIT_CUES, PROMO_CUES, CONSENT_CUES, READER_CUES), CUE_CHARS)
# element_flags of each (class, id) pair met, by their raw bytes (an id's digits left out, which
# element_flags ignores): shared across pages (a site's class names repeat on every page); the C walk
# clears it past 65,536 entries.
_FLAGS_SEEN: dict[bytes, int] = {}


class Walk(NamedTuple):
    """The blocks of a subtree, and the score and parent of every block element that holds some."""

    blocks: list[Block]
    scores: dict[int, float]  # by mem_id
    parents: dict[int, int | None]  # the block element around each scored one (None: the outermost)
    children: dict[int | None, list[int]]  # the scored elements directly inside each (the inverse of parents)


def walk_blocks(root: LexborNode, content: frozenset[int] = frozenset(),
                hidden: Collection[int] = ()) -> Walk:
    """Flatten ``root`` into text blocks in document order, and score the elements that hold them.

    ``content`` is :func:`content_wrappers`: furniture-named elements listed there are not
    furniture; ``hidden`` are the elements hidden by attribute (``ClassIndex.hidden``).
    The walk (``scrapers.lextree``, compiled) visits every node below ``root`` once,
    iteratively (deep nesting is harmless): hidden and never-text subtrees are not entered,
    ``<br>`` breaks a line, a table cell flows into its row, and each block element (or
    caption of at most ``_MAX_CAPTION`` characters) starts and ends a block whose whitespace
    is collapsed as ``" ".join(text.split())`` does, line by line. A block element nested
    deeper than ``MAX_DEPTH`` flows inline, as browsers cap parser depth: it bounds the
    scoring cost.

    An element's score is the sum of what its blocks say: each block is worth its length,
    less ``LINK_WEIGHT`` per character of link text and ``BLOCK_COST`` for being a block
    (menus and share bars are many short, linked blocks), and a heading at most nothing.
    Text inside a furniture element (share bar, comments, footer ...) counts against that
    element and everything around it (minus its worth and its length), and only
    ``INNER_FURNITURE`` of its worth for the elements within it: a long comment must not
    outscore a short article. Captioned photos say nothing about where the article is.
    """
    return Walk(*lextree.walk(root, element_flags, _FLAGS_SEEN, hidden, content, MAX_DEPTH, _MAX_CAPTION,
                              LINK_WEIGHT, BLOCK_COST, INNER_FURNITURE))


class Choice(NamedTuple):
    """The text container the scores chose, where its blocks are, and the blocks around it that continue its text."""

    container: int
    depth: int  # the container's index in the path of each of its blocks
    span: range  # the indexes of its blocks in ``Walk.blocks`` (an element's blocks are consecutive)
    gathered: frozenset[int] = frozenset()  # indexes of blocks outside it that continue its text


def choose_container(walk: Walk, content_hints: Iterable[int] = (), named: Collection[int] = ()) -> Choice | None:
    """The element whose blocks are the most prose, and the prose around it that continues the article;
    None for an empty page.

    A standfirst sits beside the text container rather than in it, and many layouts cut the
    text into sibling sections with advertisements, embeds and "read also" boxes between
    them: :func:`_gather` takes that prose along. ``named`` are the elements that the page names
    as the article text (by class or ``itemprop``).
    """
    blocks, scores, parents, children = walk
    if not scores:
        return None
    best = max(scores, key=scores.__getitem__)
    hinted = [m for m in content_hints if m in scores]
    if hinted:  # a content hint (<article>, articleBody) counts 15% more
        top = max(hinted, key=scores.__getitem__)
        if scores[top] * 1.15 > scores[best] * (1.15 if best in hinted else 1.0):
            best = top
    if scores[best] <= 0:
        return None
    best = _descend(children, scores, best)
    depth = _depth(parents, best)
    span = _span(blocks, best)
    return Choice(best, depth, span, _gather(blocks, parents, Choice(best, depth, span), named))


def _depth(parents: dict[int, int | None], mem: int) -> int:
    """How many scored elements enclose ``mem``: its index in the ``path`` of every block inside it."""
    depth = 0
    up = parents[mem]
    while up is not None:
        depth += 1
        up = parents[up]
    return depth


def _within(block: Block, mem: int, depth: int) -> bool:
    """Whether ``block`` lies inside the element ``mem`` (``depth``: that element's index in paths)."""
    path = block.path
    return len(path) > depth and path[depth] == mem


def _span(blocks: list[Block], mem: int) -> range:
    """The indexes of the blocks inside the element ``mem`` (which are consecutive)."""
    first = next((i for i, block in enumerate(blocks) if mem in block.path), -1)
    if first < 0:
        return range(0)
    end, count = first + 1, len(blocks)
    while end < count and mem in blocks[end].path:
        end += 1
    return range(first, end)


def _prose_long(text: str) -> bool:
    """Long enough for a paragraph of running text (CJK scripts say more per character)."""
    return len(text) >= PROSE_CHARS or (len(text) >= PROSE_CHARS_CJK and text[0] >= _CJK)


def _is_prose(block: Block) -> bool:
    """A paragraph of running text: long (CJK scripts say more per character), few links, ending a
    sentence unless it is very long (headlines and labels do not; Thai and Lao have no mark for it), not a
    heading or a list item."""
    text = block.text
    length = len(text)
    return (block.link_chars <= PROSE_LINKS * length and block.tag not in _NOT_PROSE and _prose_long(text)
            and (length >= LONG_PROSE_CHARS or text.endswith(_PROSE_END)
                 or _UNPUNCTUATED[0] <= text[-1] <= _UNPUNCTUATED[1]))


def _teaser_sized(text: str) -> bool:
    """Short enough to be another story's summary: ``MAX_TEASER_CHARS``, or ``MAX_CUT_TEASER_CHARS`` when cut off
    mid-sentence (a description of that length that ends its sentences is a listed item's, kept)."""
    length = len(text)
    return length <= MAX_TEASER_CHARS or (length <= MAX_CUT_TEASER_CHARS and not text.endswith(_PROSE_END))


def _is_teaser(blocks: list[Block], i: int) -> bool:
    """A short text after a linked headline (and maybe a date line) in the same small box: another story's teaser."""
    block = blocks[i]
    if not _teaser_sized(block.text) or block.tag in LINE_TAGS:
        return False
    for head in blocks[max(0, i - 2):i][::-1]:
        length = len(head.text)
        if head.link_chars >= 0.6 * length and length <= MAX_HEADLINE_CHARS and head.tag not in LINE_TAGS:
            card = len(head.path) - 2  # the headline's parent: the teaser box
            if card < 0 or len(block.path) <= card or block.path[card] != head.path[card]:
                return False
            after = blocks[i + 1] if i + 1 < len(blocks) else None
            return (after is None or len(after.path) <= card or after.path[card] != head.path[card]
                    or not _is_prose(after))
        if head.tag in HEADINGS or length > MAX_DATELINE_CHARS:  # only a date or byline line may come between
            return False
    return False


def _gather(blocks: list[Block], parents: dict[int, int | None], choice: Choice,
            named: Collection[int] = ()) -> frozenset[int]:
    """Indexes of the blocks outside the chosen container that continue its text: prose within
    ``GATHER_LEVELS`` elements above it after it (``GATHER_LEVELS_BEFORE`` before it: a layout
    may set the first paragraphs apart, with the headline), reached from the container's first
    or last block across at most ``GATHER_GAP`` characters of other text (an advertisement
    label, an embed, a "read also" box, a subheading) at a time.

    Another story's teaser (a linked headline and a short text) is not prose, nor is a list
    item outside the container (key points, link lists), and a page's ``<h1>`` ends the
    search: past it lies another article. When the container lies in an element ``named``
    as the article text, the text after it continues only in such elements: what follows a
    named body is the site's (a donation appeal, an author's bio).
    """
    container, depth, span, _ = choice
    if not span or parents[container] is None:
        return frozenset()
    path = blocks[span.start].path
    gathered: list[int] = []
    after = max(0, depth - GATHER_LEVELS)
    within = frozenset(named) if named and any(m in named for m in path[after:depth + 1]) else None
    sibling = (depth - 1, parents[container])
    _grow(blocks, range(span.stop, len(blocks)), path[after], after, gathered, sibling, within)
    before = max(0, depth - GATHER_LEVELS_BEFORE)
    _grow(blocks, range(span.start - 1, -1, -1), path[before], before, gathered, sibling)
    return frozenset(gathered)


def _grow(blocks: list[Block], order: range, scope: int, scope_depth: int, gathered: list[int],
          sibling: tuple[int, int | None], within: frozenset[int] | None = None) -> None:
    """Add to ``gathered`` the prose met in ``order`` (away from the container, inside ``scope``) until a
    gap of more than ``GATHER_GAP`` characters of other text, or an ``<h1>``; the short lines between two
    prose blocks (subheadings, one-line paragraphs) come along, furniture and link lists do not. Text in
    furniture counts ``INNER_FURNITURE`` of its length: a named box set into the article (six related
    stories with their summaries) is long, and says by its name that it is an aside, not the article's end.
    So does a run of links (a list of related stories set into the text), but only as far as prose beside
    the container (in its parent, ``sibling``: that parent's depth and mem_id): past a long list of links,
    the prose of a page's footer is not the article's.
    ``within``: only prose inside one of these elements counts."""
    gap = links_off = run = 0.0
    pending: list[int] = []
    for i in order:
        block = blocks[i]
        path = block.path
        if len(path) <= scope_depth or path[scope_depth] != scope or block.tag == "h1":
            return
        if block.caption:
            continue
        furniture = block.boiler_depth > scope_depth
        if (not furniture and _is_prose(block) and not _is_teaser(blocks, i)
                and (within is None or any(m in within for m in path[scope_depth:]))
                and not is_author_bio(block.text) and not is_site_notice(block.text)):
            if gap + links_off > GATHER_GAP and not (len(path) > sibling[0] >= 0 and path[sibling[0]] == sibling[1]):
                return
            gathered.extend(pending)
            gathered.append(i)
            pending.clear()
            gap = links_off = run = 0.0
            continue
        if not furniture and block.link_chars >= LINKED_SHARE * len(block.text):
            cost = min(INNER_FURNITURE * len(block.text), max(0.0, LINKS_GAP - run))  # (a run of links costs LINKS_GAP at most)
            run += cost
            links_off += len(block.text) - cost  # (what the links would have cost in full)
            gap += cost
        else:
            run = 0.0
            gap += len(block.text) * (INNER_FURNITURE if furniture else 1.0)
        if gap > GATHER_GAP:
            return
        if not furniture and block.link_chars < 0.5 * len(block.text):
            pending.append(i)


def _descend(children: dict[int | None, list[int]], scores: dict[int, float], best: int) -> int:
    """Step down while one child holds nearly all of the score: the rest is teasers and scraps.

    A page that scrolls into more stories can score highest as a whole (each teaser adds a
    little prose); the article is the child that carries the bulk of it.
    """
    while True:
        top = max(children.get(best, ()), key=scores.__getitem__, default=None)
        if top is None or scores[top] < DOMINANT_SHARE * scores[best]:
            return best
        best = top


@dataclass(frozen=True, slots=True)
class BodyResult:
    """Paragraphs separated by one blank line (list items and table rows by one newline), and captions."""

    text: str
    captions: tuple[Caption, ...]


_BRACKETS = (")", "]")  # a bracketed credit ends a caption: "[Leah Millis/Reuters]"
# Sentence ends in the scripts of the world's news: Latin and others (and the closing quotation marks of
# German, Czech, Danish and others: „…“, ‚…‘, »…«, ›…‹), CJK, the danda (Hindi, Bengali ...), the Arabic question
# mark and the Urdu full stop, the Armenian, Ethiopic, Burmese, Khmer and Tibetan full stops.
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "»", "“", "‘", "«", "›", "‹", ")", "。", "।", "॥", "؟", "۔", "։", "።",
                 "။", "។", "།")
# Thai and Lao end a sentence with a space, not a mark: a paragraph in them ends wherever it stops.
_UNPUNCTUATED = ("\u0e00", "\u0eff")
_PROSE_END = (*_SENTENCE_END, ":", ";", "…", "！", "？", "」", "』")
_NOT_PROSE = HEADINGS | LINE_TAGS
_NOT_SCRAPS = _NOT_PROSE | {"pre"}  # headings, list items and code lines are short by nature


def _is_link_list(block: Block) -> bool:
    """Mostly link text: a menu, a teaser or a "read more" line; a sentence with a few links is prose."""
    links, length = block.link_chars, len(block.text)
    if links >= 0.8 * length:
        return True
    sentence = block.text.endswith(_SENTENCE_END) and length - links >= 20 and block.text.count(" ") >= 5
    return not sentence and (links > 0.5 * length or (links > 0.3 * length and length < 120))


# A date or a time of day in figures: "04.05.2015", "2015-05-04", "13:36", "13h36".
_STAMP = re.compile(r"\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}[:h]\d{2})\b")
_STAMP_WORD = re.compile(r"[^\W\d_]{4,}")
MAX_STAMP_CHARS = 200
MIN_SIGNED_CHARS = 100  # a paragraph signed with a copyright credit is text when it is this long
MAX_SCRAP_CHARS, MIN_SCRAP_RUN = 20, 4  # a scrap of text, and how many in a row are a widget's, not the article's
MAX_STAMP_WORDS = 4  # words of four letters or more
MAX_STAMP_FRAGMENTS = 6  # elements a stamp line may be cut into
MAX_BYLINE_WORDS = 16  # a byline line, at most (as ``bylines.split_leading_byline`` reads one)
MAX_LABEL_CHARS, MAX_LABEL_WORDS = 40, 3  # an outlet's or section's name beside the stamp
_LINE_SEPARATORS = ("|", "•", "·", "/", "—", "–")
_PIPED = re.compile(r"(?<=\s\|)\s+")  # the fragments of "Le Monde | 04.05.2015 à 13h36 | Par …", each keeping its "|"


def _is_stamp(tag: str, text: str) -> bool:
    """A line of dates and times and a few words, not a sentence: the publication stamp some layouts print
    in the text ("04.05.2015 à 13h36 • Mis à jour le ...", "Updated 2 March 2026")."""
    return (len(text) <= MAX_STAMP_CHARS and tag not in HEADINGS and not text.endswith(_SENTENCE_END)
            and len(_STAMP_WORD.findall(text)) <= MAX_STAMP_WORDS
            and (_STAMP.search(text) is not None or find_text(text) is not None))


def _names_author(tag: str, text: str) -> bool:
    """A short line opening with a by-word and naming a person or an agency ("By Jane Doe", "Par …", "| Von …"): a
    byline (a desk's, "By Staff", is the site's furniture)."""
    text = text.strip("|•· ")
    return (len(text) <= MAX_STAMP_CHARS and tag not in HEADINGS and len(text.split()) <= MAX_BYLINE_WORDS
            and by_word_prefix(text) is not None
            and any(credit.kind in ("person", "agency") for credit in parse_byline(text)))


def _is_joined_label(tag: str, text: str) -> bool:
    """A word or two that a separator joins to the next or the last fragment of a line ("Le Monde |",
    "| Politique"): what a stamp line cut into elements prints beside its dates."""
    return (len(text) <= MAX_LABEL_CHARS and tag not in HEADINGS and len(text.split()) <= MAX_LABEL_WORDS + 1
            and (text.endswith(_LINE_SEPARATORS) or text.startswith(_LINE_SEPARATORS)))


def _reads_as_prose(text: str) -> bool:
    """A paragraph long enough for running text that ends a sentence."""
    return _prose_long(text) and text.endswith(_PROSE_END)


def _without_stamp_line(paragraphs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The paragraphs without the stamp line over the text (after a standfirst, at most).

    Layouts print the outlet, the publication and update times and the byline as one line, often
    cut into elements or lines of their own ("Le Monde |", "04.05.2015 à 13h36 • Mis à jour le",
    "05.05.2015 à 20h13 |", "Par Martin Untersinger"): a run of such fragments, a stamp among
    them, leaves the text. The byline stays, as a paragraph of its own first in the text, where
    the byline model reads it as the author's (``bylines.split_leading_byline``, which takes it out).
    """
    lines = [(i, tag, part) for i, (tag, text) in enumerate(paragraphs[:MAX_STAMP_FRAGMENTS])
             for line in text.split("\n") for part in (_PIPED.split(line) if "|" in line else (line,))]
    # the text's first line, or the second paragraph's after a standfirst (a paragraph of prose)
    starts = [0, *(k for k, (i, _, _) in enumerate(lines) if i == 1 and _reads_as_prose(paragraphs[0][1]))][:2]
    for start in starts:
        end, stamped = start, False
        while end < min(len(lines), start + MAX_STAMP_FRAGMENTS):
            _, tag, line = lines[end]
            if _is_stamp(tag, line):
                stamped = True
            elif not (_names_author(tag, line) or _is_joined_label(tag, line)):
                break
            end += 1
        if stamped:
            run = lines[start:end]
            first, last = run[0][0], run[-1][0]  # (the run starts a paragraph; it may end inside one)
            bylines = [(tag, line.strip("|•· ")) for _, tag, line in run if _names_author(tag, line)]
            tail = [line for i, _, line in lines[end:] if i == last]
            return [*paragraphs[:first], *bylines, *([(paragraphs[last][0], "\n".join(tail))] if tail else []),
                    *paragraphs[last + 1:]]
        if end > start:  # (a byline or label opening the text is no standfirst: the stamp line would start there)
            break
    return paragraphs


def _heads_prose(blocks: list[Block], i: int, depth: int) -> bool:
    """Whether the heading ``blocks[i]`` stands over prose in the text's flow: the next block is a paragraph
    of running text beside it, right in the container (at ``depth``) or long (another story's teaser has a
    short summary in a box of its own)."""
    if i + 1 >= len(blocks):
        return False
    head, after = blocks[i].path, blocks[i + 1]
    return (after.path[:-1] == head[:-1] and _is_prose(after)
            and (len(head) - 2 <= depth or not _teaser_sized(after.text)))


def _signs_off(text: str, start: int, credit: str) -> bool:
    """A copyright credit after a paragraph of sentences: a wire's sign-off closing the text, not a photo's caption."""
    return ((start >= MIN_SIGNED_CHARS or (start >= PROSE_CHARS_CJK and text[0] >= _CJK))
            and credit.lower().startswith(("©", "(c)", "copyright")) and text[:start].rstrip().endswith(_SENTENCE_END))


def _without_scraps(paragraphs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The paragraphs without runs of ``MIN_SCRAP_RUN`` or more scraps in a row (a chart's labels, a video
    player's menus: a word or two each, not in a list, a heading or code, in a script that spaces its
    words); a scrap or two between paragraphs is text."""
    kept: list[tuple[str, str]] = []
    run: list[tuple[str, str]] = []
    for paragraph in paragraphs:
        tag, text = paragraph
        if len(text) <= MAX_SCRAP_CHARS and tag not in _NOT_SCRAPS and text.count(" ") < 2 and text[0] < _CJK:
            run.append(paragraph)
            continue
        if len(run) < MIN_SCRAP_RUN:
            kept.extend(run)
        run.clear()
        kept.append(paragraph)
    if len(run) < MIN_SCRAP_RUN:
        kept.extend(run)
    return kept


def _list_links(blocks: list[Block]) -> dict[int, list[int]]:
    """The link characters and all characters of the items of each list (by the items' parent element)."""
    lists: dict[int, list[int]] = {}
    for block in blocks:
        if block.tag in LINE_TAGS and len(block.path) >= 2:
            entry = lists.get(block.path[-2])
            if entry is None:
                entry = lists[block.path[-2]] = [0, 0]
            entry[0] += block.link_chars
            entry[1] += len(block.text)
    return lists


def assemble(walk: Walk, choice: Choice, drop_titles: Iterable[str] = ()) -> BodyResult:
    """The text of the chosen container's blocks (and of those gathered around it), furniture, link lists
    and captions removed.

    Captions are collected from the container's parent, which holds the lead image of most layouts.
    """
    blocks = walk.blocks
    container, depth, span, gathered = choice
    titles = {" ".join(t.split()).casefold() for t in drop_titles if t}
    paragraphs: list[tuple[str, str]] = []
    captions: list[Caption] = []
    lists: dict[int, list[int]] | None = None  # read when a list item looks like a link list
    promoted: int | None = None  # the list under the last label like "Related stories"
    lo, hi = span.start, span.stop
    scope = walk.parents[container]
    if scope is not None:  # the container's parent: its captions
        while lo > 0 and _within(blocks[lo - 1], scope, depth - 1):
            lo -= 1
        while hi < len(blocks) and _within(blocks[hi], scope, depth - 1):
            hi += 1
    order = chain(sorted(i for i in gathered if i < lo), range(lo, hi), sorted(i for i in gathered if i >= hi))
    for i in order:
        block = blocks[i]
        inside = i in span
        if inside:
            if block.boiler_depth > depth:
                continue
        elif i not in gathered and block.boiler_depth >= 0:
            continue
        text = block.text
        length = len(text)
        credit = (None if block.caption or length > MAX_CAPTION_CHARS
                  or not (block.cues & _CREDIT_CUE or text.endswith(_BRACKETS)) else find_credit(text))
        if credit is not None and _signs_off(text, *credit):  # "…。(c)AFP/Aminu ABUBAKAR": the text's last sentence
            text = text[:credit[0]].rstrip()
            length = len(text)
        elif block.caption or credit is not None:
            captions.append(split_credit(text))
            continue
        if not inside and i not in gathered:
            continue
        # (no link text: never a link list; a linked subheading over the text's next paragraphs stays)
        if (block.link_chars and _is_link_list(block)
                and not (inside and block.tag in HEADINGS and _heads_prose(blocks, i, depth))):
            path = block.path
            if block.tag not in LINE_TAGS or len(path) < 2:
                continue
            if lists is None:
                lists = _list_links(blocks)
            links, chars = lists[path[-2]]
            if links >= LIST_LINKS * chars or path[-2] == promoted:  # a linked item of a list that reads as text stays
                continue
        if length < 80 and is_boiler_line(text):
            if i + 1 < len(blocks) and blocks[i + 1].tag in LINE_TAGS and len(blocks[i + 1].path) >= 2:
                promoted = blocks[i + 1].path[-2]  # "More stories", "Lesen Sie auch" over a list: links to other stories
            continue
        if ((block.cues & _PROMO_CUE and is_promo(text, cued=True))
                or (block.cues & _CONSENT_CUE and is_consent_notice(text, cued=True))
                or (length <= MAX_PROMO_CHARS and is_promo_line(text))
                or (block.cues & _READER_CUE and is_reader_notice(text))
                or ("://" in text and is_url_dump(text))):
            continue
        if block.tag in HEADINGS and text.casefold() in titles:
            continue
        if (inside and length <= MAX_CUT_TEASER_CHARS and i and blocks[i - 1].link_chars
                and len(blocks[i - 1].path) - 2 > depth and _is_teaser(blocks, i)):
            continue  # another story's teaser box in the text: a headline and its summary in a box of their own
        paragraphs.append((block.tag, text))
    paragraphs = _without_scraps(paragraphs)
    while paragraphs and is_author_bio(paragraphs[-1][1]):  # the author's box closing the text
        paragraphs.pop()
    paragraphs = _without_stamp_line(paragraphs)  # "Le Monde | 04.05.2015 à 13h36 • Mis à jour le ..." over the text
    out: list[str] = []
    previous = ""
    for tag, text in paragraphs:
        if out:
            out.append("\n" if tag in LINE_TAGS and previous in LINE_TAGS else "\n\n")
        out.append(text)
        previous = tag
    return BodyResult("".join(out), tuple(dict.fromkeys(captions)))


def _article_in_furniture(walk: Walk, choice: Choice | None, region: LexborNode,
                          side: bool = False) -> frozenset[int]:
    """The furniture-named element (with the elements around it) whose text reads as the article, when
    it holds more of the page's prose than the chosen text leaves out; else nothing.

    A class name is a guess about an element ("read-more" around the second half of a story,
    "widget-area" around a page builder's post); prose is evidence. An element qualifies by
    its text: at least ``RESCUE_MIN_CHARS`` of prose that make ``RESCUE_PROSE_SHARE`` of its
    own text (captions and the furniture inside it aside: a newsletter box, a social feed, which
    go whatever it is) and ``RESCUE_SHARE`` of the chosen text's worth (its score, and the prose
    gathered around it), in paragraphs that follow each other (a title over every text
    is a list of items: a gallery's legends, teasers). Names that are never the article
    (comments, author bios, teasers, notices: ``F_NOT_ARTICLE``) and page chrome by tag keep
    their verdict whatever their text; the side column (``F_SIDE``, ``<aside>``) does too,
    unless ``side`` (a last resort, when nothing else on the page reads as the article).
    """
    blocks = walk.blocks  # (a chosen container inside the element counts: one paragraph of it outscored the rest)
    found: dict[int, list[Any]] = {}  # innermost furniture element -> [prose chars, a block in it]
    for block in [b for b in blocks if b.boiler_depth >= 0 and len(b.text) >= PROSE_CHARS_CJK]:
        boiler, path = block.boiler_depth, block.path
        if block.caption or not _is_prose(block):
            continue
        entry = found.get(path[boiler])
        if entry is None:
            found[path[boiler]] = [len(block.text), block]
        else:
            entry[0] += len(block.text)
    if not found:
        return frozenset()
    prose, block = max(found.values(), key=itemgetter(0))
    least = RESCUE_MIN_CHARS_CJK if block.text[0] >= _CJK else RESCUE_MIN_CHARS
    if prose < least or (choice is not None and prose < RESCUE_SHARE * (
            walk.scores[choice.container] + sum(len(blocks[i].text) for i in choice.gathered))):
        return frozenset()
    furniture, boiler = block.path[block.boiler_depth], block.boiler_depth
    # (its own text: furniture inside it is dropped with or without it)
    inside = [b for b in blocks if not b.caption and b.boiler_depth == boiler and _within(b, furniture, boiler)]
    headings = sum(b.tag in HEADINGS for b in inside)
    if (prose < RESCUE_PROSE_SHARE * sum(len(b.text) for b in inside)
            or headings > RESCUE_HEADINGS * sum(map(_is_prose, inside))):  # a title over each text: a list of items
        return frozenset()
    path = block.path[:block.boiler_depth + 1]
    for node in lextree.node_table(region).nodes(path):  # (one more pass over the page, for a rare candidate)
        attributes = node.attributes
        never = F_NOT_ARTICLE if side else NEVER_ARTICLE
        if ((node.tag in PAGE_CHROME_TAGS and not (side and node.tag == "aside"))
                or element_flags(attributes.get("class"), attributes.get("id")) & never):
            return frozenset()
    return frozenset(path)


def _region(root: LexborNode, articles: list[int], bodies: list[int], index: ClassIndex,
            named: list[int]) -> LexborNode:
    """Where to look for the article: the grandparent of the page's one ``articleBody`` (or <article>,
    or element named as the article text), or its one <main>, when that holds a good share of the
    page text; else the whole body. ``articles`` and ``bodies`` are the <article> and articleBody
    elements in the page, ``named`` the :func:`content_named` positions.

    Scores are sums over descendants, so the best container inside the region is the best on
    the page whenever the article lies within it; walking less of the page is most of the speed.
    """
    mems = index.mems
    named = [mems[i] for i in named if _CONTENT_NAMED.search(index.class_of(i))]
    tagged = set(articles)
    candidates = (([m for m in bodies if m not in tagged], REGION_LEVELS_UP),
                  (articles, REGION_LEVELS_UP),
                  (lextree.outermost(named, root) if named else [], REGION_LEVELS_UP),
                  (lextree.ancestors(index.mains, root)[0], 0))
    total = 0
    for found, levels_up in candidates:
        if len(found) != 1:
            continue
        region = index.node_of(found[0])
        total = total or lextree.text_length(root)
        share = REGION_MIN_SHARE * total
        # (counted only up to the share: a region holding more is read whatever its length, and most hold far more)
        if lextree.text_length(region, int(share)) < share:
            continue
        for _ in range(levels_up):
            if region.parent is None or region.parent.tag in {"html", "-document"}:
                break
            region = region.parent
        return region
    return root


def extract_body(tree: LexborHTMLParser, *, selectors: Iterable[str] = (),
                 drop_titles: Iterable[str] = (), index: ClassIndex | None = None) -> BodyResult:
    """The main text of a parsed page (empty when nothing looks like prose), and its captions.

    ``selectors`` (from theme or site rules) name the article container; the first
    that matches an element with text wins, else the container is found by scoring.
    ``index`` is the page's class index if the caller has one; elements removed from the
    tree since it was read must have been detached, not freed (``decompose(recursive=False)``).
    """
    root = tree.body
    if root is None:
        return BodyResult("", ())
    index = index or ClassIndex(tree)
    # The hints still in the page (theme rules may have dropped some).
    articles = lextree.ancestors(index.articles, root)[0]
    bodies = lextree.ancestors(index.article_bodies, root)[0]
    named = content_named(index)
    content = content_wrappers(root, index, named)
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None:
            walk = walk_blocks(node, content, index.hidden)
            if node.mem_id in walk.parents:
                result = assemble(walk, Choice(node.mem_id, 0, range(len(walk.blocks))), drop_titles)
                if result.text:
                    return result
    region = _region(root, articles, bodies, index, named)
    hints, named_mems = articles + bodies, [index.mems[i] for i in named] + bodies
    result = _read(region, content, index.hidden, hints, named_mems, drop_titles)
    if not _poor(result.text):
        return result
    # Nothing worth the name, or a single paragraph: the article may lie outside the region, in
    # elements hidden until a script shows them (a paywall, a "read more" fold), in the side column
    # (a page builder's widget area), or in a template that a script renders. The whole page is read
    # again, then with its hidden elements, then with its side column; a reading replaces this one
    # only with several times the text. A template's text, when there is one, is read first.
    templated = _read_template(tree, frozenset(hints + named_mems), drop_titles)
    if templated is not None and len(templated.text) >= FALLBACK_GAIN * len(result.text) and "\n" in templated.text:
        return templated  # (the article's own element holds it: paragraphs are enough, as short as CJK ones may be)
    retries = [(index.hidden, False)] if region.mem_id != root.mem_id else []
    for hidden, side in (*retries, ((), False), (index.hidden, True)):
        retry = _read(root, content, hidden, hints, named_mems, drop_titles, side=side)
        if len(retry.text) >= FALLBACK_GAIN * len(result.text) and not _poor(retry.text):
            return retry
    return result


# <script> types that hold markup for a script to render, not code: Blogger's post body, client-side templates.
TEMPLATE_TYPES = frozenset({"text/template", "text/html", "text/x-template", "text/x-handlebars-template"})


def _read_template(tree: LexborHTMLParser, article: frozenset[int], drop_titles: Iterable[str]) -> BodyResult | None:
    """The body of the longest markup template in the page (``<script type="text/template">``) inside an element
    in ``article`` (the page's <article>, ``articleBody`` and elements named as the article text), read as a page
    of its own; None when there is none.

    Some platforms ship the post as a template that a script renders into the page (Blogger puts
    the whole article in one inside its ``articleBody``): the reader sees that text, the page's own
    markup holds none of it. Templates elsewhere are a widget's (a shop's price list in Handlebars).
    """
    best = ""
    for node in tree.css("script[type]"):
        if (node.attributes.get("type") or "").strip().lower() not in TEMPLATE_TYPES:
            continue
        text = node.text(deep=True)
        if len(text) > len(best) and _inside(node, article):
            best = text
    if not best:
        return None
    return extract_body(LexborHTMLParser(best), drop_titles=drop_titles)


def _inside(node: LexborNode, mems: frozenset[int]) -> bool:
    """Whether an element lies inside one of the elements ``mems`` (by mem_id)."""
    up = node.parent
    while up is not None:
        if up.mem_id in mems:
            return True
        up = up.parent
    return False


def _read(region: LexborNode, content: frozenset[int], hidden: Collection[int],
          hints: list[int], named: list[int], drop_titles: Iterable[str], *, side: bool = False) -> BodyResult:
    """Walk ``region``, choose the text container and its company, and assemble the text (see :func:`extract_body`;
    ``side``: see :func:`_article_in_furniture`).

    A container whose whole text is an author's bio is the wrong choice when the page has other
    prose: the next best is read instead.
    """
    walk = walk_blocks(region, content, hidden)
    choice = choose_container(walk, hints, named)
    rescued = _article_in_furniture(walk, choice, region, side)
    if rescued:  # judged by its text, a furniture-named element holds the article: read the page again without that verdict
        walk = walk_blocks(region, content | rescued, hidden)
        choice = choose_container(walk, hints, named)
    if choice is None:
        return BodyResult("", ())
    if 0 <= walk.blocks[choice.span.start].boiler_depth < choice.depth:
        choice = _outside_furniture(walk, choice, hints, named)
    elif any(_in_cjk(walk.blocks[i].text) for i in choice.span[:SCRIPT_SAMPLE]) or (
            walk.scores[choice.container] < RESCUE_MIN_CHARS and any(_in_cjk(b.text) and _is_prose(b) for b in walk.blocks)):
        choice = _by_cjk_worth(walk, choice, hints, named)
    result = assemble(walk, choice, drop_titles)
    if result.text and "\n" not in result.text and is_author_bio(result.text):
        other = choose_container(_without(walk, choice.container), hints, named)
        if other is not None:
            better = assemble(walk, other, drop_titles)
            if len(better.text) > len(result.text):
                return better
    return result


def _outside_furniture(walk: Walk, choice: Choice, hints: list[int], named: list[int]) -> Choice:
    """The container chosen again without what furniture costs, when the first choice lies inside furniture.

    Furniture text counts against every element around it, so a big widget set into the article
    (a fifty-photo gallery between its paragraphs) can sink the article's own element below a
    part of the widget. Scored on the text outside furniture alone, the article's element wins
    when it holds at least ``OUTSIDE_SHARE`` of the first choice's worth.
    """
    scores = _scores_outside_furniture(walk)
    other = choose_container(Walk(walk.blocks, scores, walk.parents, walk.children), hints, named)
    if other is None or scores[other.container] < OUTSIDE_SHARE * walk.scores[choice.container]:
        return choice
    return other


def _by_cjk_worth(walk: Walk, choice: Choice, hints: list[int], named: list[int]) -> Choice:
    """The container chosen again with text in CJK scripts worth ``CJK_WORTH`` times its length, when the first
    choice holds such text and the new one is worth ``FALLBACK_GAIN`` times as much, so weighed.

    The walk's scores count characters, which suits scripts that spell out words: a Chinese or
    Japanese sentence says in 30 characters what an English one says in 90, so an article of short
    paragraphs between reference links (URLs) and subheadings scores below its links and block
    costs, and a lone paragraph or another story's teaser wins. Weighed by what they say (the
    ratio ``PROSE_CHARS``/``PROSE_CHARS_CJK`` that the prose tests use too), the article wins again;
    a page whose chosen text is in other scripts is never re-scored. Only a clear winner replaces the
    first choice: a CJK page's chrome lines (notices, toolbars) gain by the weighing as much as its text.
    """
    scores = _scores_outside_furniture(walk, CJK_WORTH)
    other = choose_container(Walk(walk.blocks, scores, walk.parents, walk.children), hints, named)
    if other is None or scores[other.container] < FALLBACK_GAIN * max(scores[choice.container], 0.0):
        return choice
    return other


def _in_cjk(text: str) -> bool:
    """Whether a text is written in a CJK script, judged by its first and middle characters (a Japanese sentence
    may open on a Latin product name: "Visual Studio Codeは、…")."""
    return text[0] >= _CJK or text[len(text) // 2] >= _CJK


def _scores_outside_furniture(walk: Walk, cjk_worth: float = 1.0) -> dict[int, float]:
    """Every scored element's worth counted from the blocks outside furniture (and captions) alone, as
    :func:`walk_blocks` counts it, a block starting in a CJK script worth ``cjk_worth`` times its text."""
    scores = dict.fromkeys(walk.scores, 0.0)
    for block in walk.blocks:
        if block.boiler_depth >= 0 or block.caption:
            continue
        worth = len(block.text) - LINK_WEIGHT * block.link_chars
        if cjk_worth != 1.0 and _in_cjk(block.text):
            worth *= cjk_worth
        worth -= BLOCK_COST
        if block.tag in HEADINGS:
            worth = min(worth, 0.0)
        for mem in block.path:
            scores[mem] += worth
    return scores


def _without(walk: Walk, mem: int) -> Walk:
    """``walk`` as if the element ``mem`` (and everything in it) held no text worth choosing."""
    gone = {mem}
    stack = [mem]
    while stack:
        for child in walk.children.get(stack.pop(), ()):
            gone.add(child)
            stack.append(child)
    return Walk(walk.blocks, {m: s for m, s in walk.scores.items() if m not in gone}, walk.parents,
                {m: [c for c in kids if c not in gone] for m, kids in walk.children.items()})


def _poor(text: str) -> bool:
    """Too little text to be an article's body, or one paragraph (an about box, an author's bio)."""
    return len(text) < POOR_CHARS or "\n" not in text
