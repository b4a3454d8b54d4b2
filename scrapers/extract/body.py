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
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers import lextree
from scrapers.extract.captions import CREDIT_CUES, MAX_CAPTION_CHARS, find_credit, split_credit
from scrapers.extract.vocabulary import (
    BOILER_LINE,
    F_CAPTION,
    F_CONTENT,
    F_FURNITURE,
    F_HIDDEN,
    MAX_PROMO_CHARS,
    PROMO_CUES,
    element_flags,
    is_promo,
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
    cues: int  # _CREDIT_CUE, _PROMO_CUE: which cue words a short block holds (0 for longer ones)


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
SIBLING_SHARE = 0.2  # a sibling of the text container joins it with this share of its score
DOMINANT_SHARE = 0.8  # a child with this share of its parent's score is the better container


# Candidate names of article-text wrappers ([class*="content"], [class*="body"], ...): a cheap filter
# before the vocabulary decides (``name_flags``).
_CONTENT_CLASS = ("content", "body", "Body", "text", "hentry", "type-post", "location-single")


def content_named(index: ClassIndex) -> list[int]:
    """Positions (in ``index``) of the elements whose class names them the article text."""
    return [i for i in index.positions(_CONTENT_CLASS) if name_flags(index.class_of(i)) & F_CONTENT]


def content_wrappers(root: LexborNode, index: ClassIndex, named: list[int]) -> frozenset[int]:
    """mem_ids of every element that is or wraps an element named as the article text (by class: ``named``
    from :func:`content_named`, or ``itemprop="articleBody"``): a furniture-named element among them wraps
    the story and is not furniture.

    Layout wrappers borrow furniture words ("theiaStickySidebar", "article-header" around the
    whole story); a wrapper of the article body is, by definition, not furniture.
    """
    mems = index.mems
    return frozenset(lextree.ancestors([mems[i] for i in named] + index.article_bodies, root)[1])


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


# Blocks short enough to be a caption or a promo line are marked by the walk when they hold a word
# that every credit (or promo) contains, so the (slower) tests run only where they can succeed.
_CREDIT_CUE, _PROMO_CUE = 1, 2
lextree.use_tags(_tag_table(), F_HIDDEN, F_CAPTION, F_FURNITURE, Block, (CREDIT_CUES, PROMO_CUES),
                 max(MAX_CAPTION_CHARS, MAX_PROMO_CHARS))
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


def choose_container(walk: Walk, content_hints: Iterable[int] = ()) -> tuple[int | None, frozenset[int]]:
    """The element whose blocks are the most prose, and its prose siblings; (None, {}) for an empty page.

    A standfirst or lead paragraph often sits beside the text container rather than in
    it; a sibling is taken along when it scores a real share of the container's prose.
    """
    blocks, scores, parents, children = walk
    if not scores:
        return None, frozenset()
    best = max(scores, key=scores.__getitem__)
    hinted = [m for m in content_hints if m in scores]
    if hinted:  # a content hint (<article>, articleBody) counts 15% more
        top = max(hinted, key=scores.__getitem__)
        if scores[top] * 1.15 > scores[best] * (1.15 if best in hinted else 1.0):
            best = top
    if scores[best] <= 0:
        return None, frozenset()
    best = _descend(children, scores, best)
    parent = parents[best]
    share = SIBLING_SHARE * scores[best]
    if parent is None or not any(scores[m] >= share for m in children[parent] if m != best):
        return best, frozenset()
    siblings: set[int] = set()
    for block in blocks:
        if best in block.path or parent not in block.path or block.caption:
            continue
        depth = block.path.index(parent)
        if depth + 1 >= len(block.path):
            continue
        sibling = block.path[depth + 1]
        if (scores.get(sibling, 0.0) >= share and block.boiler_depth <= depth
                and len(block.text) >= 100 and block.link_chars < 0.2 * len(block.text)):
            siblings.add(sibling)
    return best, frozenset(siblings)


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
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "»", ")", "。")


def _is_link_list(block: Block) -> bool:
    """Mostly link text: a menu, a teaser or a "read more" line; a sentence with a few links is prose."""
    links, length = block.link_chars, len(block.text)
    if links >= 0.8 * length:
        return True
    sentence = block.text.endswith(_SENTENCE_END) and length - links >= 20 and block.text.count(" ") >= 5
    return not sentence and (links > 0.5 * length or (links > 0.3 * length and length < 120))


def assemble(walk: Walk, container: int, drop_titles: Iterable[str] = (),
             siblings: frozenset[int] = frozenset()) -> BodyResult:
    """The text of the container's (and prose siblings') blocks, furniture, link lists and captions removed.

    Captions are collected from the container's parent, which holds the lead image of most layouts.
    """
    blocks = walk.blocks
    titles = {" ".join(t.split()).casefold() for t in drop_titles if t}
    paragraphs: list[tuple[str, str]] = []
    captions: list[Caption] = []
    scope = walk.parents.get(container) or container
    for block in blocks:
        path = block.path
        if scope not in path:
            continue
        depth = path.index(container) if container in path else -1
        if depth < 0 and siblings:
            depth = next((path.index(s) for s in siblings if s in path), -1)
        if block.boiler_depth > depth:
            continue
        text = block.text
        length = len(text)
        if block.caption or (length <= MAX_CAPTION_CHARS and (block.cues & _CREDIT_CUE or text.endswith(_BRACKETS))
                             and find_credit(text) is not None):
            captions.append(split_credit(text))
            continue
        if depth < 0:
            continue
        if block.link_chars and _is_link_list(block):  # (no link text: never a link list)
            continue
        if ((length < 80 and BOILER_LINE.match(text)) or (block.cues & _PROMO_CUE and is_promo(text, cued=True))
                or ("://" in text and is_url_dump(text))):
            continue
        if block.tag in HEADINGS and text.casefold() in titles:
            continue
        paragraphs.append((block.tag, text))
    out: list[str] = []
    previous = ""
    for tag, text in paragraphs:
        if out:
            out.append("\n" if tag in LINE_TAGS and previous in LINE_TAGS else "\n\n")
        out.append(text)
        previous = tag
    return BodyResult("".join(out), tuple(dict.fromkeys(captions)))


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
        if lextree.text_length(region) < REGION_MIN_SHARE * total:
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
            result = assemble(walk_blocks(node, content, index.hidden), node.mem_id, drop_titles)
            if result.text:
                return result
    walk = walk_blocks(_region(root, articles, bodies, index, named), content, index.hidden)
    container, siblings = choose_container(walk, articles + bodies)
    if container is None:
        return BodyResult("", ())
    return assemble(walk, container, drop_titles, siblings)
