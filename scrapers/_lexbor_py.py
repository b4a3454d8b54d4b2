"""The tree reads of ``scrapers._lexbor`` on selectolax's public API: the fallback where the extension is missing.

Where the compiled module cannot be built (no C compiler, no lexbor headers) or fails its start-up
probe, ``scrapers.lextree`` runs these functions instead: the same answers, several times slower
(every node read is a Python object here). ``tests/test_lextree.py`` holds both to the same
answers, and the corpus tests compare whole records made with each.

Text is read as selectolax gives it (bytes the parser passed through undecoded become U+FFFD);
the compiled module reads the same bytes the same way.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import regex
from selectolax.lexbor import LexborNode

# Tag bits of the walk's tag table (scrapers.extract.body gives the table; the same bits as the compiled module's).
T_SKIP, T_BLOCK, T_CELL, T_UNNAMED, T_CAPTION, T_CHROME, T_LINK, T_BR, T_HEADING = (1 << i for i in range(9))
TAG_TABLE = 512  # tag ids in the table are below this (lexbor's static ids for HTML's own tags)
MEMO_LIMIT = 65536
_HIDING = re.compile(r"display[ \t\n\r\f]*:[ \t\n\r\f]*none|visibility[ \t\n\r\f]*:[ \t\n\r\f]*hidden",
                     re.IGNORECASE | re.ASCII)
_DATED = frozenset({"datepublished", "datemodified", "datecreated"})
_NO_DIGITS = str.maketrans("", "", "0123456789")


@dataclass(frozen=True)
class _Tags:
    """What ``use_tags`` was told (body.py tells it once, at import)."""

    bits: dict[int, int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    f_hidden: int = 0
    f_caption: int = 0
    f_furniture: int = 0
    block_type: Any = None
    cues: tuple[tuple[int, tuple[bytes, ...]], ...] = ()  # (bit, ASCII-folded words)
    cue_limit: int = 0


class _Told:
    """What the walk was last told (``use_tags`` replaces it)."""

    tags = _Tags()


def use_tags(table: dict[int, tuple[int, str]], f_hidden: int, f_caption: int, f_furniture: int,
             block_type: type[tuple[Any, ...]], cues: tuple[tuple[bytes, ...], ...], cue_limit: int) -> None:
    if not issubclass(block_type, tuple):
        raise TypeError("the block type must be a tuple subclass (a NamedTuple of 7 fields)")
    if len(cues) > 8 or sum(len(words) for words in cues) > 128 or any(not w for words in cues for w in words):
        raise ValueError("cue words must be non-empty bytes, at most 128 in all, in at most 8 lists")
    if any(not 0 <= tag < TAG_TABLE for tag in table):
        raise ValueError("tag id outside the table")
    _Told.tags = _Tags({tag: bits for tag, (bits, _) in table.items()}, {tag: name for tag, (_, name) in table.items()},
                       f_hidden, f_caption, f_furniture, block_type,
                       tuple((1 << i, tuple(w.lower() for w in words)) for i, words in enumerate(cues)), cue_limit)


class NodeTable:
    """selectolax nodes by ``mem_id``, for the elements one read of the tree listed (and no others)."""

    __slots__ = ("_nodes",)

    def __init__(self, nodes: Iterable[LexborNode] = ()) -> None:
        self._nodes = {node.mem_id: node for node in nodes}

    def nodes(self, mems: Iterable[int]) -> list[LexborNode]:
        known = self._nodes
        try:
            return [known[mem] for mem in mems]
        except KeyError as exc:
            raise KeyError(f"not an element this table lists: {exc.args[0]!r}") from None

    def __contains__(self, mem: object) -> bool:
        return mem in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)


def _children(node: LexborNode) -> Iterator[LexborNode]:
    child = node.first_child
    while child is not None:
        yield child
        child = child.next


def _elements(root: LexborNode) -> Iterator[LexborNode]:
    """``root`` (if an element) and the elements below it, in document order."""
    return (node for node in root.traverse() if node.is_element_node)


def node_table(root: LexborNode) -> NodeTable:
    return NodeTable(_elements(root))


def _folded(value: str) -> str:
    """ASCII letters lower-cased, nothing else (as CSS's case-insensitive attribute matching folds)."""
    return value.lower() if value.isascii() else value.encode().lower().decode()


def _is_folded(value: str | None, lower: str) -> bool:
    return value is not None and value.isascii() and value.lower() == lower


def _column(values: list[str]) -> tuple[str, bytes]:
    starts, at = array("q"), 0
    for value in values:
        starts.append(at)
        at += len(value) + 1
    starts.append(at)
    return "\0".join(values), starts.tobytes()


def _child_text(node: LexborNode) -> str:
    return "".join(child.text_content or "" for child in _children(node) if child.is_text_node)


def index(root: LexborNode, tag_ids: frozenset[int], article_tag: int, main_tag: int, meta_tag: int, script_tag: int,
          title_tag: int, link_tag: int) -> tuple[Any, ...]:
    mems: list[int] = []
    tagged: list[tuple[int, int]] = []
    classes: list[str] = []
    ids: list[str] = []
    hidden: list[int] = []
    articles: list[int] = []
    bodies: list[int] = []
    mains: list[int] = []
    dated: list[int] = []
    metas: list[tuple[str, str | None, str | None, str | None, str | None]] = []
    scripts: list[str] = []
    title: str | None = None
    canonical: str | None = None
    found_canonical = False
    itemprops: set[str] = set()
    rels: set[str] = set()
    listed: list[LexborNode] = []
    tag_ids = frozenset(tag for tag in tag_ids if 0 <= tag < TAG_TABLE)
    for node in _elements(root):
        tag = node.tag_id
        attrs = node.attributes
        mem = node.mem_id
        style, itemprop, rel = attrs.get("style"), attrs.get("itemprop"), attrs.get("rel")
        if rel is not None:
            rels.add(_folded(rel))
        if itemprop is not None:
            itemprops.add(_folded(itemprop))
        marks = ((style is not None and _HIDING.search(style) is not None) or "hidden" in attrs
                 or attrs.get("aria-hidden") == "true", tag == article_tag, itemprop == "articleBody",
                 tag == main_tag or attrs.get("role") == "main", _folded(itemprop) in _DATED if itemprop else False)
        for mark, into in zip(marks, (hidden, articles, bodies, mains, dated), strict=True):
            if mark:
                into.append(mem)
        content = attrs.get("content")
        if tag == meta_tag and content is not None:
            metas.append((content, attrs.get("property"), attrs.get("name"), attrs.get("itemprop"),
                          attrs.get("http-equiv")))
        elif tag == script_tag and _is_folded(attrs.get("type"), "application/ld+json"):
            scripts.append(_child_text(node))
        elif tag == title_tag and title is None:
            title = _child_text(node)
        elif tag == link_tag and not found_canonical and _is_folded(rel, "canonical"):
            canonical, found_canonical = attrs.get("href"), True
        wanted = tag in tag_ids
        if "class" in attrs or "id" in attrs or wanted:
            if wanted:
                tagged.append((len(mems), tag))
            mems.append(mem)
            classes.append(attrs.get("class") or "")
            ids.append(attrs.get("id") or "")
            listed.append(node)
        elif any(marks):
            listed.append(node)
    return (mems, tagged, _column(classes), _column(ids), hidden, articles, bodies, mains, dated, metas, scripts, title,
            canonical, itemprops, rels, NodeTable(listed))


def _text_chars(node: LexborNode, limit: int) -> int:
    """Characters of text below ``node``, never-text elements left out, or ``limit + 1`` when more (limit >= 0)."""
    bits, count, stack = _Told.tags.bits, 0, [node]
    while stack:
        item = stack.pop()
        if item.is_text_node:
            count += len(item.text_content or "")
            if 0 <= limit < count:
                return limit + 1
        elif item is node or not (item.is_element_node and bits.get(item.tag_id, 0) & T_SKIP):
            stack.extend(_children(item))
    return count


def text_length(node: LexborNode, limit: int) -> int:
    return _text_chars(node, limit)


def _normalise(raw: str) -> str:
    """Whitespace runs become one space, a run holding a line break one line break; blank lines go."""
    return "\n".join(" ".join(line.split()) for line in raw.split("\n") if line and not line.isspace())


class _Walker:
    """The state of one body walk (see ``scrapers.extract.body.walk_blocks``)."""

    def __init__(self, flags_of: Callable[[str, str], int], memo: dict[bytes, int], hidden: Collection[int],
                 content: Collection[int], max_depth: int, max_caption: int, link_weight: float, block_cost: float,
                 inner_share: float) -> None:
        self.flags_of, self.memo = flags_of, memo
        self.hidden, self.content = set(hidden), set(content)
        self.max_depth, self.max_caption = max_depth, max_caption
        self.link_weight, self.block_cost, self.inner_share = link_weight, block_cost, inner_share
        self.blocks: list[Any] = []
        self.raw: list[str] = []
        self.has_text = False
        self.link_chars = 0
        self.path: list[int] = []
        self.path_tags: list[int] = []
        self.path_scores: list[float] = []
        self.path_scored: list[bool] = []
        self.boiler: list[int] = []
        self.caption = self.link = 0
        self.scores: dict[int, float] = {}
        self.parents: dict[int, int | None] = {}
        self.children: dict[int | None, list[int]] = {}

    def named_flags(self, cls: str | None, ident: str | None) -> int:
        key = f"{cls or ''}\0{(ident or '').translate(_NO_DIGITS)}".encode()
        found = self.memo.get(key)
        if found is not None:
            return int(found)
        value = self.flags_of(cls or "", ident or "")
        if len(self.memo) >= MEMO_LIMIT:
            self.memo.clear()  # a bound, not an eviction policy
        self.memo[key] = value
        return int(value)

    def score(self, length: float) -> None:
        value = length - self.link_weight * self.link_chars - self.block_cost
        depth = len(self.path)
        if depth and _Told.tags.bits.get(self.path_tags[-1], 0) & T_HEADING and value > 0:
            value = 0.0
        cut = self.boiler[-1] if self.boiler else -1
        outer, inner = -abs(value) - length, value * self.inner_share
        scores, scored = self.path_scores, self.path_scored
        for d in range(depth):
            scores[d] += value if cut < 0 else outer if d <= cut else inner
            scored[d] = True

    def flush(self) -> None:
        if self.has_text:
            text = _normalise("".join(self.raw))
            if text:
                chars = len(text)
                cues = 0
                if chars <= _Told.tags.cue_limit:
                    folded = text.encode().lower()
                    cues = sum(bit for bit, words in _Told.tags.cues if any(word in folded for word in words))
                tag = _Told.tags.names.get(self.path_tags[-1], "") if self.path else ""
                block = (text, self.link_chars, tag, tuple(self.path), self.boiler[-1] if self.boiler else -1,
                         self.caption > 0, cues)
                self.blocks.append(tuple.__new__(_Told.tags.block_type, block))
                if not self.caption:
                    self.score(float(chars))
        self.raw.clear()
        self.has_text = False
        self.link_chars = 0

    def open(self, node: LexborNode) -> int | None:
        """Open an element: its flags when its children are to be read, None to skip it."""
        tag = node.tag_id
        bits = _Told.tags.bits.get(tag, 0)
        if bits & T_BR:
            self.raw.append("\n")
            return None
        if bits & T_CELL:
            self.raw.append(" ")
            return 0
        named = 0
        if not bits & T_UNNAMED:
            attrs = node.attributes
            if "class" in attrs or "id" in attrs:
                named = self.named_flags(attrs.get("class"), attrs.get("id"))
        if named & _Told.tags.f_hidden or node.mem_id in self.hidden or bits & T_SKIP:
            return None
        flags = 0
        if bits & T_LINK:
            flags = 1
            self.link += 1
        is_caption = bool((bits & T_CAPTION or named & _Told.tags.f_caption)
                          and _text_chars(node, self.max_caption) <= self.max_caption)
        if (bits & T_BLOCK or (is_caption and not self.caption)) and len(self.path) < self.max_depth:
            flags |= 4
            self.flush()
            if (bits & T_CHROME or named & _Told.tags.f_furniture) and (self.boiler or node.mem_id not in self.content):
                self.boiler.append(len(self.path))
            self.path.append(node.mem_id)
            self.path_tags.append(tag if tag < TAG_TABLE else 0)
            self.path_scores.append(0.0)
            self.path_scored.append(False)
        if is_caption:
            flags |= 2
            self.caption += 1
        return flags

    def close(self, flags: int) -> None:
        if flags & 4:
            self.flush()
            mem = self.path.pop()
            self.path_tags.pop()
            score, scored = self.path_scores.pop(), self.path_scored.pop()
            if scored:
                parent = self.path[-1] if self.path else None
                siblings = self.children.get(parent)
                if siblings is None:
                    siblings = self.children[parent] = []
                self.scores[mem] = score
                self.parents[mem] = parent
                siblings.append(mem)
            if self.boiler and self.boiler[-1] == len(self.path):
                self.boiler.pop()
        if flags & 1:
            self.link -= 1
        if flags & 2:
            self.caption -= 1

    def text(self, node: LexborNode) -> None:
        text = node.text_content
        if not text:
            return
        if text.isspace():  # whitespace only separates words
            if self.has_text:
                self.raw.append(" ")
            return
        self.raw.append(text)
        self.has_text = True
        if self.link:
            self.link_chars += len(text.strip())


def walk(root: LexborNode, flags_of: Callable[[str, str], int], memo: dict[bytes, int], hidden: Collection[int],
         content: Collection[int], max_depth: int, max_caption: int, link_weight: float, block_cost: float,
         inner_share: float) -> tuple[list[Any], dict[int, float], dict[int, int | None], dict[int | None, list[int]]]:
    if _Told.tags.block_type is None:
        raise RuntimeError("scrapers._lexbor_py.use_tags has not been called")
    w = _Walker(flags_of, memo, hidden, content, max_depth, max_caption, link_weight, block_cost, inner_share)
    stack: list[tuple[LexborNode, int]] = []
    child: LexborNode | None = None
    if root.is_element_node:
        flags = w.open(root)
        if flags is not None:
            stack.append((root, flags))
            child = root.first_child
    while stack:
        if child is None:  # the element ends
            node, flags = stack.pop()
            w.close(flags)
            child = node.next if stack else None
            continue
        if child.is_text_node:
            w.text(child)
        elif child.is_element_node:
            flags = w.open(child)
            if flags is not None:
                stack.append((child, flags))
                child = child.first_child
                continue
        child = child.next
    w.flush()
    return w.blocks, w.scores, w.parents, w.children


def _wanted_below(root: LexborNode, wanted: set[int]) -> Iterator[LexborNode]:
    """The nodes of ``root``'s subtree (root included) whose ids are in ``wanted``, in document order: the ids are
    only compared with the nodes met."""
    left = len(wanted)
    for node in root.traverse():
        if left and node.mem_id in wanted:
            left -= 1
            yield node
        if not left:
            return


def ancestors(mems: list[int], root: LexborNode) -> tuple[list[int], set[int]]:
    found: set[int] = set()
    chain: set[int] = set()
    top = root.mem_id
    for node in _wanted_below(root, set(mems)):
        found.add(node.mem_id)
        up: LexborNode | None = node
        while up is not None and up.mem_id not in chain:  # the rest of the chain is in already
            chain.add(up.mem_id)
            up = up.parent if up.mem_id != top else None
    return [mem for mem in mems if mem in found], chain


def outermost(mems: list[int], root: LexborNode) -> list[int]:
    wanted = set(mems)
    outer = set()
    top = root.mem_id
    for node in _wanted_below(root, wanted):
        up: LexborNode | None = node
        while up is not None and up.mem_id != top:
            up = up.parent
            if up is not None and up.mem_id in wanted:
                break  # inside another of them (root included)
        else:
            outer.add(node.mem_id)
    return [mem for mem in mems if mem in outer]


def tagged_below(node: LexborNode, tag_id: int) -> list[LexborNode]:
    below = node.traverse()
    next(below)  # node itself
    return [n for n in below if n.is_element_node and n.tag_id == tag_id]


def text_nodes(root: LexborNode, mark_tag: int, max_nodes: int) -> list[tuple[str | None, int]]:
    out: list[tuple[str | None, int]] = []
    for count, node in enumerate(root.traverse(include_text=True)):
        if count > max_nodes:
            break
        if node.is_element_node:
            if node.tag_id == mark_tag:
                out.append((None, 0))
        elif node.is_text_node:
            text = node.text_content
            if text and not text.isspace():
                parent = node.parent
                out.append((text, parent.mem_id if parent is not None else 0))
    return out


_ASCII_ALNUM = bytes(int(chr(b).isalnum()) for b in range(128))  # by byte value


def term_hits(text: str, folded: str, encoded: bytes, matches: list[tuple[int, int, int]],
              terms: tuple[tuple[Any, ...], ...], lengths: tuple[int, ...], boundary_ok: Callable[..., bool]) -> list[Any]:
    found: list[Any] = []
    position = character = 0  # a byte offset of ``encoded`` and its character offset in ``folded``
    ascii = folded.isascii()  # (then bytes are characters, and the byte test below is the whole word test)
    for pattern, byte_start, _ in matches:
        before = encoded[byte_start - 1] if byte_start else 0
        if before < 0x80 and encoded[byte_start] < 0x80 and _ASCII_ALNUM[before]:
            continue  # inside a word ("us" in "because"): most raw matches, rejected before any other check
        if ascii:
            start = byte_start
        else:  # (matches come in order and start on a character: the characters in between are counted once)
            character += len(encoded[position:byte_start].decode("utf-8", "surrogatepass"))
            position, start = byte_start, character
            if start and folded[start].isascii() and folded[start - 1].isalnum():
                continue  # (an ASCII letter after a non-ASCII one: "\u00e9us")
        targets: set[str] = set()  # one hit per target for the same words ("USA" in English and German)
        for term in terms[pattern]:
            if term.target in targets:
                continue
            if not boundary_ok(text, start, start + lengths[pattern], term):
                continue
            original = text[start:start + len(term.written)]
            if original == term.written if term.exact_case else not term.capital or original[:1].isupper():
                found.append(term)
                targets.add(term.target)
    return found


def is_utf8(data: bytes) -> bool:
    try:
        str(data, "utf-8")
    except UnicodeDecodeError:
        return False
    return True


def count_byte(data: bytes, byte: int) -> int:
    return data.count(bytes([byte]))


def present(text: str, words: tuple[str, ...]) -> set[str]:
    return {word for word in words if word in text}


def find_values(text: str, words: tuple[str, ...]) -> list[int]:
    hits = set()
    for word in words:  # each hit placed by counting the separators since the last; a hit moves on to the next value
        at = value = counted = 0
        while (at := text.find(word, at)) >= 0:
            value += text.count("\0", counted, at)
            hits.add(value)
            at = counted = text.find("\0", at) + 1
            if not at:
                break
            value += 1
    return sorted(hits)


def word_hits(text: str, words: tuple[str, ...]) -> list[list[int] | tuple[()]]:
    if len(words) > 64 or not all(words):
        raise ValueError("word_hits takes at most 64 words, none of them empty")
    return [find_values(text, (word,)) or () for word in words]


# ---- text kernels: similarity and search index ----


@cache
def _sentence_grammar(classes: tuple[str, ...]) -> regex.Pattern[str]:
    """A word or a sentence end, from ``sentence_words``' seven character classes: a character of a script
    without spaces, a number with its separators, a run of word characters, stops before a space (or a
    closing quote) or the end, or a break."""
    unspaced, digit, word, decimal, stop, after, brk = classes
    return regex.compile(f"{unspaced}|{digit}+(?:{decimal}{digit}+)+|{word}+|{stop}+(?={after}|$)|{brk}")


@cache
def _digits(classes: tuple[str, ...]) -> regex.Pattern[str]:
    return regex.compile(f"{classes[1]}+|{classes[1]}+(?:{classes[3]}{classes[1]}+)+")


def sentence_words(text: str, classes: tuple[str, ...], kept: frozenset[str], max_sentences: int, min_words: int
                   ) -> tuple[bytes, bytes, bytes, bytes, bytes, dict[str, tuple[int, int]], set[str], int]:
    """Read ``text`` sentence by sentence (at most ``max_sentences`` of at least ``min_words`` words), coding
    each word as ``crc32(lower case) | 1``, kept in the skeleton (that code, else 0) when its lower case is in
    ``kept``, it is one character, or it is a number. Returns, as uint32/int32/uint64 bytes: the distinct codes
    of each long sentence (in the order of a set of them), their number per long sentence, its words, the
    skeleton code and the sentence number of every word read; then the codes of each word as written, the words
    written inside a long sentence (not first), and how many distinct written words are not kept."""
    grammar, numeral = _sentence_grammar(classes), _digits(classes)
    hashes: list[int] = []
    distinct: list[int] = []
    weight: list[int] = []
    skeletons: list[int] = []
    sentence_of: list[int] = []
    codes: dict[str, tuple[int, int]] = {}
    inside: set[str] = set()
    content = 0
    for number, words in enumerate(_sentences(grammar.findall(text), _ends(classes))):
        if len(distinct) >= max_sentences:
            break
        for word in words:
            if word not in codes:
                lower = word.lower()
                code = zlib.crc32(lower.encode("utf-8")) | 1
                keep = lower in kept or len(word) == 1 or (not word.isalpha() and numeral.fullmatch(word) is not None)
                codes[word] = (code, code if keep else 0)
                content += not keep
        coded = [codes[word] for word in words]
        if len(words) >= min_words:
            unique = {code for code, _ in coded}
            hashes.extend(unique)
            distinct.append(len(unique))
            weight.append(len(words))
            inside.update(words[1:])
        skeletons.extend(skeleton for _, skeleton in coded)
        sentence_of.extend([number] * len(words))
    return (array("I", hashes).tobytes(), array("i", distinct).tobytes(), array("i", weight).tobytes(),
            array("Q", skeletons).tobytes(), array("i", sentence_of).tobytes(), codes, inside, content)


@cache
def _ends(classes: tuple[str, ...]) -> regex.Pattern[str]:
    return regex.compile(f"{classes[6]}|{classes[4]}")


def _sentences(tokens: list[str], ends: regex.Pattern[str]) -> Iterator[list[str]]:
    """The words of each sentence, from the tokens of ``_sentence_grammar`` (``ends``: what a sentence end
    starts with, which no word does)."""
    words: list[str] = []
    for token in tokens:
        if ends.match(token):
            if words:
                yield words
                words = []
        else:
            words.append(token)
    if words:
        yield words


def term_counts(text: str, word_class: str, terms_of: Callable[[str, Any], tuple[str, ...]], language: Any,
                known: dict[str, tuple[str, ...]], changed: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """How often each index term occurs in ``text``: its runs of ``word_class`` characters, each mapped to its
    terms by ``terms_of(word, language)`` (remembered in ``known``, which the caller keeps for that language);
    the words whose terms are not the word itself go into ``changed``, with their terms."""
    tf: dict[str, int] = {}
    get = tf.get
    for word, count in Counter(_runs(word_class).findall(text)).items():
        terms = known.get(word)
        if terms is None:
            terms = known[word] = terms_of(word, language)
        if len(terms) == 1 and terms[0] == word:  # most words of an unstemmed text, and stems of themselves
            tf[word] = get(word, 0) + count
            continue
        for term in terms:
            tf[term] = get(term, 0) + count
        changed[word] = terms
    return tf


@cache
def _runs(word_class: str) -> regex.Pattern[str]:
    return regex.compile(word_class + "+")


_NON_ASCII_RUN = regex.compile(r"[^\x00-\x7f]+")


def fold_case(text: str) -> str:
    return text.lower().replace("\u2019", "'")


def translate(text: str, table: Any) -> str:
    """``text.translate(table)``, for a ``table`` that maps every code point to a str and every ASCII character
    to itself: where non-ASCII characters are few (1 in 64, text in a Latin script), only their runs are
    read through the table (``str.translate`` reads every character once it has met a non-ASCII one)."""
    if len(text.encode("utf-8", "surrogatepass")) - len(text) < len(text) // 64:  # (each non-ASCII one adds 1-3 bytes)
        return _NON_ASCII_RUN.sub(lambda match: match.group().translate(table), text)
    return text.translate(table)


def skeleton_shingles(ids: np.ndarray, sentence_of: np.ndarray, multipliers: np.ndarray, min_kept: int) -> bytes:
    """The hash (uint64 bytes, in text order) of each window of ``len(multipliers)`` tokens of one sentence
    (``sentence_of``, int32) with at least ``min_kept`` non-zero ``ids`` (uint64): the high half of the sum
    of its ids times ``multipliers`` (modulo 2**64)."""
    k = len(multipliers)
    if len(ids) < k:
        return b""
    windows = np.lib.stride_tricks.sliding_window_view(ids, k)
    valid = (np.count_nonzero(windows, axis=1) >= min_kept) & (sentence_of[:1 - k] == sentence_of[k - 1:])
    return ((windows[valid] * multipliers).sum(axis=1, dtype=np.uint64) >> np.uint64(32)).tobytes()


# ---- sketch comparison: parallel sentences ----


def parallel_sentences(a: Any, b: Any, parallel_dice: float, same_story: float
                       ) -> tuple[float, float, tuple[int, int, int, int] | None] | None:
    """``scrapers.similarity.compare``'s measures of two sketches (``scrapers.similarity.Sketch``): None when
    they have no word in common; else the larger (share of words in parallel sentences, their weighted mean
    Dice) of either way round, and, when that share reaches ``same_story`` and both sketches know their
    facts, [numbers found, numbers, names found, names] of both texts' parallel sentences. Two sentences
    are parallel when the Dice overlap of their word sets is at least ``parallel_dice``."""
    overlap = _overlap(a, b)
    if overlap is None:
        return None
    dice = 2.0 * overlap / (a.distinct[:, None] + b.distinct[None, :])
    partner_a, partner_b = dice.argmax(axis=1), dice.argmax(axis=0)  # each sentence's most similar one
    best_a, best_b = dice.max(axis=1), dice.max(axis=0)
    parallel_a, parallel_b = best_a >= parallel_dice, best_b >= parallel_dice
    best = max(_shares(a, best_a, parallel_a), _shares(b, best_b, parallel_b))
    if best[0] < same_story or a.numbers is None or b.numbers is None:
        return best[0], best[1], None
    counts = _found(a, b, partner_a, parallel_a) + _found(b, a, partner_b, parallel_b)
    return best[0], best[1], (int(counts[0]), int(counts[1]), int(counts[2]), int(counts[3]))


def _overlap(a: Any, b: Any) -> np.ndarray | None:
    """Words in common of every sentence of ``a`` with every sentence of ``b`` (a matrix), None when
    they have none. Counted from the pairs of entries with the same word (numpy, one thread), a word
    of ``a`` looked up among ``b``'s sorted words: a BLAS product of incidence matrices is 3-5x slower
    at these sizes, and stalls on a busy machine when BLAS starts threads. Each numpy call costs
    about a microsecond whatever its size, hence as few as possible per pair."""
    words_a, sentence_a = a.by_word  # sorted: the searches walk ``b``'s words in order (2-3x faster)
    words_b, sentence_b = b.by_word
    start = words_b.searchsorted(words_a, "left")
    counts = words_b.searchsorted(words_a, "right") - start
    ends = np.cumsum(counts)
    if not len(ends) or not ends[-1]:
        return None
    partners = np.arange(int(ends[-1])) + np.repeat(start - (ends - counts), counts)
    rows, columns = len(a.distinct), len(b.distinct)
    pairs = np.repeat(sentence_a * columns, counts) + sentence_b[partners]
    return np.bincount(pairs, minlength=rows * columns).reshape(rows, columns)


def _shares(text: Any, best: np.ndarray, parallel: np.ndarray) -> tuple[float, float]:
    """Share of the text's words in parallel sentences, and how much of their wording is kept."""
    matched = int(text.weight[parallel].sum())
    if not matched:
        return 0.0, 0.0
    return matched / text.total, float((text.weight * best)[parallel].sum()) / matched


def _found(text: Any, other: Any, partner: np.ndarray, parallel: np.ndarray) -> np.ndarray:
    """Of the text's numbers and names in parallel sentences (``partner``: each sentence's most
    similar sentence of the other text; ``parallel``: whether they are), how many their parallel
    sentence has too, and how many there are: [numbers found, numbers, names found, names]."""
    sentence, words, kind = text.facts
    keys = words | partner[sentence].astype(np.uint64)
    found = other.keys[other.keys.searchsorted(keys)] == keys
    inside = parallel[sentence]
    # Per fact: 0 outside parallel sentences, 1 inside and not found, 2 found (counted only inside), by kind.
    state = np.bincount(kind + inside + (found & inside), minlength=6)
    return np.array([state[2], state[1] + state[2], state[5], state[4] + state[5]])


# --- h-speed: record-side text kernels (the junk test of a fetched document, the tidiness test of a text) ---

_CONTROL_BYTES = bytes([*range(0x09), *range(0x0E, 0x20), 0x7F])
_REPLACEMENT = "\ufffd".encode()
# Whitespace that is neither a space nor a line break (every character ``str.isspace`` knows), and U+200B.
_ODD_SPACE = re.compile(r"[\t\x0b-\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000]")


def junk_count(data: bytes) -> int:
    return len(data) - len(data.translate(None, _CONTROL_BYTES)) + data.count(_REPLACEMENT)


def is_clean(text: str) -> bool:
    return not text or (not text[0].isspace() and not text[-1].isspace() and "  " not in text
                        and " \n" not in text and "\n " not in text and "\n\n\n" not in text
                        and _ODD_SPACE.search(text) is None)


# ---- language guess: the letter and stopword census of an undeclared page's text ----


def alpha_count(text: str) -> int:
    return sum(map(str.isalpha, text))


_WORD_RUN = re.compile(r"[^\W\d_]+")


def word_counts(text: str, wanted: frozenset[str]) -> tuple[int, dict[str, int]]:
    words = _WORD_RUN.findall(text)
    return len(words), dict(Counter(word for word in words if word in wanted))
