# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The extractor's tree reads, compiled: the same functions as ``scrapers/_lexbor_py.py``, over lexbor's structs.

Why compiled: a Python walk over a news page touches every node through a Python object
(2,000-5,000 of them a page), which costs more than lexbor's whole parse; these loops read
the tree's structs instead. Use it through ``scrapers.lextree``, which falls back to the
pure-Python module where this one is not built or fails its start-up probe.

It is built against selectolax's own declarations (``cimport selectolax.lexbor``: its
``LexborNode`` and ``LexborHTMLParser`` classes and the lexbor structs it declares) and the
lexbor headers of the same selectolax release (``setup.py`` takes them from its source
archive), so a selectolax whose tree is laid out differently fails the build, not a crawl;
``SELECTOLAX_VERSION`` names the release it was built for, and ``scrapers.lextree`` does not
use this module under another one.

No function takes an address: each reads the tree below a ``LexborNode`` it is given. Elements
are named in the answers by their ``mem_id`` (the node's address, as selectolax gives it), an id
that is only compared with the elements met, except where a ``NodeTable`` of the same tree recorded
the element behind it while reading the tree: the table makes nodes for those (and only those), and
``ancestors`` and ``outermost`` follow their parents; the table holds the tree alive. Like a
selectolax node, a recorded element must not be freed (``decompose()``) while its table is used:
detach it (``decompose(recursive=False)``). Every loop is iterative (no recursion on page depth),
and nothing here writes to the tree.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.unicode cimport PyUnicode_AsUTF8AndSize, PyUnicode_DecodeUTF8
from libc.math cimport fabs
from libc.stdint cimport int64_t, uint64_t, uintptr_t
from libc.string cimport memchr, memcmp, memcpy, memset, strlen

import functools
import weakref

from selectolax.lexbor cimport (
    LXB_DOM_NODE_TYPE_ELEMENT,
    LXB_DOM_NODE_TYPE_TEXT,
    LexborHTMLParser,
    LexborNode,
    lexbor_str_t,
    lxb_char_t,
    lxb_dom_attr_t,
    lxb_dom_character_data_t,
    lxb_dom_node_t,
)

# What selectolax's pxd leaves opaque, from the lexbor headers of the same release.
cdef extern from "lexbor/core/hash.h" nogil:
    ctypedef struct lexbor_hash_entry_t:
        size_t length
    lxb_char_t *lexbor_hash_entry_str(const lexbor_hash_entry_t *entry)

cdef extern from "lexbor/dom/interfaces/attr.h" nogil:
    ctypedef struct lxb_dom_attr_data_t:
        lexbor_hash_entry_t entry

cdef extern from "lexbor/dom/interfaces/attr_res.h" nogil:
    const lxb_dom_attr_data_t *lxb_dom_attr_res_data_default  # the static names, by id

cdef extern from "lexbor/dom/interfaces/attr_const.h" nogil:
    enum:
        LXB_DOM_ATTR__LAST_ENTRY
        LXB_DOM_ATTR_CONTENT
        LXB_DOM_ATTR_HREF
        LXB_DOM_ATTR_HTTP_EQUIV
        LXB_DOM_ATTR_REL
        LXB_DOM_ATTR_STYLE
        LXB_DOM_ATTR_TYPE

cdef extern from "lexbor/dom/interfaces/element.h" nogil:
    ctypedef struct element_t "lxb_dom_element_t":
        lxb_dom_node_t node
        lxb_dom_attr_t *first_attr
        lxb_dom_attr_t *attr_id
        lxb_dom_attr_t *attr_class

cdef extern from "Python.h" nogil:
    bint Py_UNICODE_ISSPACE(Py_UCS4 ch)  # what str.split() splits on
    bint Py_UNICODE_ISALNUM(Py_UCS4 ch)  # str.isalnum of one character (isalpha, isupper likewise)
    bint Py_UNICODE_ISALPHA(Py_UCS4 ch)
    bint Py_UNICODE_ISUPPER(Py_UCS4 ch)
    bint Py_UNICODE_ISDECIMAL(Py_UCS4 ch)  # what re's \d matches in a str pattern
    Py_UCS4 PyUnicode_READ_CHAR(object text, Py_ssize_t index)

cdef extern from "string.h" nogil:
    void *memmem(const void *haystack, size_t n, const void *needle, size_t m)

cdef extern from *:
    """
    #ifndef GEOWIRE_SELECTOLAX_VERSION
    #define GEOWIRE_SELECTOLAX_VERSION "unknown"
    #endif
    /* An instance of a tuple subclass (body.py's Block) holding the seven items, whose references it takes. */
    static PyObject *geowire_block(PyTypeObject *type, PyObject *a, PyObject *b, PyObject *c, PyObject *d,
                                   PyObject *e, PyObject *f, PyObject *g) {
        PyObject *block = type->tp_alloc(type, 7), *items[7] = {a, b, c, d, e, f, g};
        for (int i = 0; i < 7; i++) {
            Py_INCREF(items[i]);
            if (block != NULL) PyTuple_SET_ITEM(block, i, items[i]); else Py_DECREF(items[i]);
        }
        return block;
    }
    """
    const char *GEOWIRE_SELECTOLAX_VERSION
    ctypedef struct PyTypeObject
    object geowire_block(PyTypeObject *type, object a, object b, object c, object d, object e, object f, object g)
    int __builtin_ctzll(unsigned long long x) nogil
    int __builtin_popcountll(unsigned long long x) nogil
    void __builtin_prefetch(const void *address) nogil

SELECTOLAX_VERSION: str = GEOWIRE_SELECTOLAX_VERSION.decode()

ctypedef lxb_dom_node_t node_t
ctypedef unsigned char uchar

# ---- growable byte buffers ----

cdef struct Buf:
    uchar *data
    size_t len
    size_t cap

cdef int buf_grow(Buf *b, size_t n) except -1:
    cdef size_t cap = b.cap if b.cap else 4096
    while cap < b.len + n:
        cap *= 2
    cdef uchar *grown = <uchar *> PyMem_Realloc(b.data, cap)
    if grown == NULL:
        raise MemoryError()
    b.data = grown
    b.cap = cap
    return 0

cdef inline int buf_add(Buf *b, const void *data, size_t n) except -1:
    if b.len + n > b.cap:
        buf_grow(b, n)
    memcpy(b.data + b.len, data, n)
    b.len += n
    return 0

cdef inline str decode(const uchar *data, size_t n):
    """Bytes as selectolax reads them: bytes the parser passed through undecoded become U+FFFD."""
    if n == 0:
        return ""
    return PyUnicode_DecodeUTF8(<const char *> data, n, "replace")

# ---- sets of addresses (compared, never read) ----

cdef struct AddrSet:
    uintptr_t *slots  # open addressing; 0 is empty
    size_t mask
    size_t count

cdef inline size_t slot_of(uintptr_t key, size_t mask) noexcept nogil:
    return <size_t> (((<uint64_t> key >> 4) * 0x9E3779B97F4A7C15ULL) >> 20) & mask

cdef int aset_init(AddrSet *s, size_t expected) except -1:
    cdef size_t size = 16
    while size < expected * 2:
        size *= 2
    s.slots = <uintptr_t *> PyMem_Malloc(size * sizeof(uintptr_t))
    if s.slots == NULL:
        raise MemoryError()
    memset(s.slots, 0, size * sizeof(uintptr_t))
    s.mask = size - 1
    s.count = 0
    return 0

cdef int aset_add(AddrSet *s, uintptr_t key) except -1:
    cdef size_t i, size
    cdef uintptr_t *old
    if key == 0:
        return 0
    if (s.count + 1) * 2 > s.mask + 1:
        old, size = s.slots, s.mask + 1
        aset_init(s, size)
        for i in range(size):
            if old[i]:
                aset_add(s, old[i])
        PyMem_Free(old)
    i = slot_of(key, s.mask)
    while s.slots[i]:
        if s.slots[i] == key:
            return 0
        i = (i + 1) & s.mask
    s.slots[i] = key
    s.count += 1
    return 0

cdef inline size_t aset_slot(const AddrSet *s, uintptr_t key) noexcept nogil:
    """Where ``key`` is, or the empty slot that ends its probe (the set is never full)."""
    cdef size_t i = slot_of(key, s.mask)
    while s.slots[i] and s.slots[i] != key:
        i = (i + 1) & s.mask
    return i

cdef inline bint aset_has(const AddrSet *s, uintptr_t key) noexcept nogil:
    if key == 0 or s.count == 0:
        return False
    cdef size_t i = slot_of(key, s.mask)
    while s.slots[i]:
        if s.slots[i] == key:
            return True
        i = (i + 1) & s.mask
    return False

cdef int aset_of(AddrSet *s, object mems) except -1:
    """The ids of a collection of ``mem_id``s (ints that are not a node's id are never found)."""
    aset_init(s, len(mems))
    for mem in mems:
        aset_add(s, <uintptr_t> <size_t> mem)
    return 0


cdef class NodeTable:
    """selectolax nodes by ``mem_id``, for the elements one read of the tree recorded (and no others): the only
    way from an id back to a node. It keeps the tree alive, and while it lives, ``ancestors`` and ``outermost``
    follow the recorded elements' parents instead of walking the tree to find them."""

    cdef AddrSet known
    cdef uintptr_t *recorded  # while the read runs; then ``known``
    cdef size_t n_recorded, cap
    cdef LexborHTMLParser parser
    cdef object __weakref__

    def __dealloc__(self):
        PyMem_Free(self.known.slots)
        PyMem_Free(self.recorded)

    cdef int record(self, node_t *node) except -1:
        cdef uintptr_t *grown
        if self.n_recorded == self.cap:
            self.cap = self.cap * 2 if self.cap else 256
            grown = <uintptr_t *> PyMem_Realloc(self.recorded, self.cap * sizeof(uintptr_t))
            if grown == NULL:
                raise MemoryError()
            self.recorded = grown
        self.recorded[self.n_recorded] = <uintptr_t> node
        self.n_recorded += 1
        return 0

    cdef int seal(self) except -1:
        """The read is done: make the recorded elements the ones looked up (one sized set, no regrowth)."""
        cdef size_t i, slot
        cdef uintptr_t key
        aset_init(&self.known, self.n_recorded)
        for i in range(self.n_recorded):  # distinct non-zero keys, and room for all: no checks needed
            key = self.recorded[i]
            slot = slot_of(key, self.known.mask)
            while self.known.slots[slot]:
                slot = (slot + 1) & self.known.mask
            self.known.slots[slot] = key
        self.known.count = self.n_recorded
        PyMem_Free(self.recorded)
        self.recorded = NULL
        return 0

    def nodes(self, mems) -> list:
        cdef list out = []
        for mem in mems:
            if not aset_has(&self.known, <uintptr_t> <size_t> mem):
                raise KeyError(f"not an element this table lists: {mem!r}")
            out.append(LexborNode.new(<node_t *> self.known.slots[aset_slot(&self.known, <uintptr_t> <size_t> mem)],
                                      self.parser))
        return out

    def __contains__(self, mem) -> bool:
        return isinstance(mem, int) and 0 < mem < 2 ** 64 and aset_has(&self.known, <uintptr_t> <size_t> mem)

    def __len__(self) -> int:
        return self.known.count


# The live tables of each tree (by id of its parser, which each table holds alive): how ``ancestors`` and
# ``outermost`` find the elements behind the ids they are given.
cdef dict tables = {}


def _forget(object key, object ref) -> None:
    refs = tables.get(key)
    if refs is not None:
        if ref in refs:
            refs.remove(ref)
        if not refs:
            del tables[key]


cdef NodeTable new_table(LexborHTMLParser parser):
    cdef NodeTable table = NodeTable.__new__(NodeTable)
    table.parser = parser
    key = id(parser)
    refs = tables.get(key)
    if refs is None:
        refs = tables[key] = []
    refs.append(weakref.ref(table, functools.partial(_forget, key)))
    return table


cdef list tables_of(LexborHTMLParser parser):
    cdef list out = []
    for ref in tables.get(id(parser), ()):
        table = ref()
        if table is not None and (<NodeTable> table).parser is parser and (<NodeTable> table).recorded == NULL:
            out.append(table)
    return out


cdef node_t *known_node(list found_in, object mem) except? NULL:
    """The element behind ``mem`` if one of the tree's tables recorded it, else NULL."""
    cdef uintptr_t key = <uintptr_t> <size_t> mem
    for table in found_in:
        if aset_has(&(<NodeTable> table).known, key):
            return <node_t *> (<NodeTable> table).known.slots[aset_slot(&(<NodeTable> table).known, key)]
    return NULL

# ---- the tree ----

cdef inline node_t *next_in(node_t *node, const node_t *root, bint enter) noexcept nogil:
    """The pre-order successor of ``node`` within ``root``'s subtree (children first when ``enter``)."""
    if enter and node.first_child != NULL:
        return node.first_child
    while node != root:
        if node.next != NULL:
            return node.next
        node = node.parent
    return NULL

cdef inline void prefetch_around(const node_t *node) noexcept nogil:
    """Ask for the node's first child and next sibling (the nodes a walk visits next) while this one is read: a
    walk follows pointers, each load waiting for the last (text_length, tagged_below and node_table 15-25% faster;
    the body walk and the index pass, which read much more of each node, gained nothing measurable)."""
    if node.first_child != NULL:
        __builtin_prefetch(node.first_child)
    if node.next != NULL:
        __builtin_prefetch(node.next)

cdef inline bint is_element(const node_t *node) noexcept nogil:
    return node.type == LXB_DOM_NODE_TYPE_ELEMENT

cdef inline bint is_text(const node_t *node) noexcept nogil:
    return node.type == LXB_DOM_NODE_TYPE_TEXT

cdef inline const lexbor_str_t *text_of(const node_t *node) noexcept nogil:
    return &(<const lxb_dom_character_data_t *> node).data

cdef const lxb_char_t *attr_name(const lxb_dom_attr_t *attr, size_t *length) noexcept nogil:
    """An attribute's name as selectolax's ``attributes`` gives it: as written (qualified), else the local one."""
    cdef uintptr_t name = attr.qualified_name if attr.qualified_name else attr.node.local_name
    cdef const lxb_dom_attr_data_t *data
    if name == LXB_DOM_ATTR__LAST_ENTRY:
        length[0] = 0
        return NULL
    data = &lxb_dom_attr_res_data_default[name] if name < LXB_DOM_ATTR__LAST_ENTRY else <const lxb_dom_attr_data_t *> name
    length[0] = data.entry.length
    return lexbor_hash_entry_str(&data.entry)

cdef inline bint attr_is(const lxb_dom_attr_t *attr, const char *name) noexcept nogil:
    cdef size_t length
    cdef const lxb_char_t *found = attr_name(attr, &length)
    return length == strlen(name) and memcmp(found, name, length) == 0

cdef inline const lxb_dom_attr_t *named(const lxb_dom_attr_t *attr, const char *name) noexcept nogil:
    """``attr`` if it is there and is called ``name`` (for the element's class and id attributes, which lexbor
    keeps by local name)."""
    if attr == NULL or (attr.qualified_name and not attr_is(attr, name)):
        return NULL
    return attr

cdef inline const lxb_dom_attr_t *class_attr(const element_t *el) noexcept nogil:
    return named(el.attr_class, "class")

cdef inline const lxb_dom_attr_t *id_attr(const element_t *el) noexcept nogil:
    return named(el.attr_id, "id")

cdef inline bint has_value(const lxb_dom_attr_t *attr) noexcept nogil:
    return attr != NULL and attr.value != NULL and attr.value.data != NULL

cdef inline uchar fold(uchar c) noexcept nogil:
    return c | 0x20 if 65 <= c <= 90 else c

cdef inline bint value_is(const lxb_dom_attr_t *attr, const char *value, bint folded) noexcept nogil:
    """The attribute's value is ``value`` (given in lower case when ``folded``: ASCII letters compared case-blind)."""
    if not has_value(attr):
        return False
    cdef size_t i, n = strlen(value)
    if attr.value.length != n:
        return False
    for i in range(n):
        if (fold(attr.value.data[i]) if folded else attr.value.data[i]) != <uchar> value[i]:
            return False
    return True

cdef object value_or_none(const lxb_dom_attr_t *attr):
    return decode(attr.value.data, attr.value.length) if has_value(attr) else None

# ---- UTF-8 ----

cdef inline Py_UCS4 utf8_at(const uchar *s, size_t n, size_t *length) noexcept nogil:
    """The code point at ``s`` in valid UTF-8, and its length in bytes."""
    cdef uchar c = s[0]
    if c < 0x80:
        length[0] = 1
        return c
    if c < 0xE0 and n >= 2:
        length[0] = 2
        return ((c & 0x1F) << 6) | (s[1] & 0x3F)
    if c < 0xF0 and n >= 3:
        length[0] = 3
        return ((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F)
    if n >= 4:
        length[0] = 4
        return ((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F)
    length[0] = 1
    return c

cdef inline size_t sequence_at(const uchar *s, size_t i, size_t n) noexcept nogil:
    """The length of the well-formed multi-byte UTF-8 sequence at ``s[i]`` (no overlong forms, surrogates or code
    points past U+10FFFF, as ``bytes.decode("utf-8")`` judges them), or 0."""
    cdef uchar c = s[i], lo = 0x80, hi = 0xBF  # the allowed range of the second byte
    cdef size_t k, length = 2 if 0xC2 <= c <= 0xDF else 3 if 0xE0 <= c <= 0xEF else 4 if 0xF0 <= c <= 0xF4 else 0
    if length == 0 or i + length > n:
        return 0
    if c == 0xE0:
        lo = 0xA0
    elif c == 0xED:
        hi = 0x9F
    elif c == 0xF0:
        lo = 0x90
    elif c == 0xF4:
        hi = 0x8F
    if s[i + 1] < lo or s[i + 1] > hi:
        return 0
    for k in range(2, length):
        if (s[i + k] & 0xC0) != 0x80:
            return 0
    return length

cdef inline size_t ascii_run(const uchar *s, size_t i, size_t n) noexcept nogil:
    """Where the run of ASCII bytes from ``s[i]`` ends: HTML is mostly ASCII, read sixteen bytes at a time."""
    cdef uint64_t a, b
    while i + 16 <= n:
        memcpy(&a, s + i, 8)
        memcpy(&b, s + i + 8, 8)
        if (a | b) & 0x8080808080808080ULL:
            break
        i += 16
    if i + 8 <= n:
        memcpy(&a, s + i, 8)
        if not a & 0x8080808080808080ULL:
            i += 8
    while i < n and s[i] < 0x80:
        i += 1
    return i

cdef bint utf8_valid(const uchar *s, size_t n) noexcept nogil:
    """Whether ``s`` is well-formed UTF-8."""
    cdef size_t i = 0, length
    while i < n:
        i = ascii_run(s, i, n)
        if i < n:
            length = sequence_at(s, i, n)
            if length == 0:
                return False
            i += length
    return True

cdef Py_ssize_t utf8_chars(const uchar *s, size_t n) noexcept nogil:
    """Code points in ``s``, or -1 when it is not well-formed UTF-8."""
    cdef size_t i = 0, start, length
    cdef Py_ssize_t count = 0
    while i < n:
        start = i
        i = ascii_run(s, i, n)
        count += i - start
        if i < n:
            length = sequence_at(s, i, n)
            if length == 0:
                return -1
            i += length
            count += 1
    return count

cdef bytes repaired(const uchar *s, size_t n):
    """Text the parser passed through undecoded, as selectolax reads it: with U+FFFD, in UTF-8."""
    return decode(s, n).encode()

cdef bint all_space(const uchar *s, size_t n) noexcept nogil:
    cdef size_t i = 0, length
    while i < n:
        if not Py_UNICODE_ISSPACE(utf8_at(s + i, n - i, &length)):
            return False
        i += length
    return True

cdef Py_ssize_t stripped_len(const uchar *s, size_t n) noexcept nogil:
    """``len(text.strip())``."""
    cdef Py_ssize_t count = 0, trailing = 0
    cdef bint started = False, space
    cdef size_t i = 0, length
    while i < n:
        space = Py_UNICODE_ISSPACE(utf8_at(s + i, n - i, &length))
        i += length
        if not started:
            if space:
                continue
            started = True
        count += 1
        trailing = trailing + 1 if space else 0
    return count - trailing

cdef str child_text(const node_t *node):
    """The text of an element's own text children (a <title>'s, a <script>'s)."""
    cdef list parts = []
    cdef const node_t *child = node.first_child
    cdef const lexbor_str_t *data
    while child != NULL:
        data = text_of(child)
        if is_text(child) and data.data != NULL:
            parts.append(decode(data.data, data.length))
        child = child.next
    return "".join(parts)

# ---- configuration from body.py ----

cdef enum:
    TAG_TABLE = 512  # tag ids below this are in the walk's table (lexbor's static ids for HTML's own tags)
    MAX_CUES = 128  # cue words (with their case forms), in two 64-bit halves
    MEMO_LIMIT = 65536
cdef enum:
    T_SKIP = 1
    T_BLOCK = 2
    T_CELL = 4
    T_UNNAMED = 8
    T_CAPTION = 16
    T_CHROME = 32
    T_LINK = 64
    T_BR = 128
    T_HEADING = 256

cdef unsigned short tag_bits[TAG_TABLE]
cdef list tag_names = [""] * TAG_TABLE  # for Block.tag ("" for a tag outside the table)
cdef long f_hidden = 0, f_caption = 0, f_furniture = 0
cdef object block_type = None
# Cue words: which of up to 8 word lists a short block mentions (ASCII letters compared case-blind), so that the
# Python tests behind them run only on blocks that can pass them.
cdef list cue_store = []  # the words' bytes, which cue_word points into
cdef const uchar *cue_word[MAX_CUES]
cdef size_t cue_len[MAX_CUES]
cdef uchar cue_bit[MAX_CUES]
cdef uint64_t cue_first[2][256]   # per half and (lower-cased) first byte: the words starting with it
cdef uint64_t cue_second[2][256]  # per half and second byte: the words with it second, and every one-byte word
cdef uint64_t cue_single[2]       # per half, the one-byte words
cdef uint64_t cue_pairs[64]       # a 4096-bit filter of the words' first two (lower-cased) bytes, by cue_pair
cdef uchar cue_one[256]           # 1 for the (lower-cased) bytes that are a one-byte word
cdef long cue_all = 0             # the bits of every list
cdef int n_cues = 0
cdef Py_ssize_t cue_limit = 0  # longest block (in characters) that gets its cues read

cdef inline unsigned cue_pair(uchar first, uchar second) noexcept nogil:
    """Where a pair of (lower-cased) bytes sits in ``cue_pairs``: twelve bits of the two."""
    return ((<unsigned> first & 63) << 6) ^ second


cdef inline unsigned tag_of(const node_t *node) noexcept nogil:
    return tag_bits[node.local_name] if node.local_name < TAG_TABLE else 0


def use_tags(dict table, long hidden_bit, long caption_bit, long furniture_bit, type block, tuple cues,
             Py_ssize_t limit) -> None:
    """The walk's tag table ({tag id: (bits, name)}), the bits of flags_of's answers that mean hidden, caption
    and furniture, the tuple subclass its blocks are, and the cue word lists (tuples of bytes) whose bits a
    block of at most ``limit`` characters gets."""
    global f_hidden, f_caption, f_furniture, block_type, n_cues, cue_limit, cue_all
    if not issubclass(block, tuple):
        raise TypeError("the block type must be a tuple subclass (a NamedTuple of 7 fields)")
    words = [(bit, bytes(word).lower()) for bit, group in enumerate(cues) for word in group]
    if len(cues) > 8 or len(words) > MAX_CUES or not all(word for _, word in words):
        raise ValueError("cue words must be non-empty bytes, at most 128 in all, in at most 8 lists")
    if any(not 0 <= tag < TAG_TABLE for tag in table):
        raise ValueError("tag id outside the table")
    memset(tag_bits, 0, sizeof(tag_bits))
    for i in range(TAG_TABLE):
        tag_names[i] = ""
    for tag, (bits, name) in table.items():
        tag_bits[tag] = bits
        tag_names[tag] = str(name)
    memset(cue_first, 0, sizeof(cue_first))
    memset(cue_second, 0, sizeof(cue_second))
    memset(cue_single, 0, sizeof(cue_single))
    memset(cue_pairs, 0, sizeof(cue_pairs))
    memset(cue_one, 0, sizeof(cue_one))
    cdef int k, half
    cdef uint64_t mask
    cdef const uchar *word
    cue_store[:] = [text for _, text in words]
    for k, (bit, text) in enumerate(words):
        word = <const uchar *> <const char *> text
        cue_word[k] = word
        cue_len[k] = len(text)
        cue_bit[k] = 1 << bit
        half, mask = k >> 6, 1ULL << (k & 63)
        cue_first[half][word[0]] |= mask
        if cue_len[k] > 1:
            cue_second[half][word[1]] |= mask
            cue_pairs[cue_pair(word[0], word[1]) >> 6] |= 1ULL << (cue_pair(word[0], word[1]) & 63)
        else:
            cue_single[half] |= mask
            cue_one[word[0]] = 1
            for b in range(256):
                cue_second[half][b] |= mask
    n_cues = len(words)
    cue_all = 0
    for bit, _ in words:
        cue_all |= 1 << bit
    f_hidden, f_caption, f_furniture, block_type, cue_limit = hidden_bit, caption_bit, furniture_bit, block, limit

# ---- index ----

cdef bint style_hides(const lxb_dom_attr_t *attr) noexcept nogil:
    """An inline style says display: none or visibility: hidden (/display\\s*:\\s*none|.../ in ASCII, any case)."""
    if not has_value(attr):
        return False
    cdef const uchar *s = attr.value.data
    cdef size_t n = attr.value.length, i
    for i in range(n):
        if word_at(s, n, i, "display") and after_colon(s, n, i + 7, "none"):
            return True
        if word_at(s, n, i, "visibility") and after_colon(s, n, i + 10, "hidden"):
            return True
    return False

cdef inline bint word_at(const uchar *s, size_t n, size_t i, const char *word) noexcept nogil:
    cdef size_t k, length = strlen(word)
    if i + length > n:
        return False
    for k in range(length):
        if fold(s[i + k]) != <uchar> word[k]:
            return False
    return True

cdef inline size_t skip_ws(const uchar *s, size_t n, size_t i) noexcept nogil:
    while i < n and (s[i] == 32 or s[i] == 9 or s[i] == 10 or s[i] == 13 or s[i] == 12):
        i += 1
    return i

cdef inline bint after_colon(const uchar *s, size_t n, size_t i, const char *word) noexcept nogil:
    i = skip_ws(s, n, i)
    return i < n and s[i] == 58 and word_at(s, n, skip_ws(s, n, i + 1), word)

cdef int add_folded(set values, const lxb_dom_attr_t *attr) except -1:
    """Add an attribute's value, ASCII letters lower-cased, to ``values``."""
    if not has_value(attr):
        return 0
    cdef size_t i, n = attr.value.length
    cdef uchar *folded = <uchar *> PyMem_Malloc(n + 1)
    if folded == NULL:
        raise MemoryError()
    try:
        for i in range(n):
            folded[i] = fold(attr.value.data[i])
        values.add(decode(folded, n))
    finally:
        PyMem_Free(folded)
    return 0


cdef struct Column:
    Buf joined
    Buf starts
    int64_t chars

cdef int column_add(Column *col, const lxb_dom_attr_t *attr) except -1:
    """One more value (an absent one is "") of a column: the values joined by NUL, where each starts."""
    cdef const uchar *data = attr.value.data if has_value(attr) else NULL
    cdef size_t n = attr.value.length if data != NULL else 0, i = 0
    cdef uint64_t word
    buf_add(&col.starts, &col.chars, sizeof(int64_t))
    if n:
        buf_add(&col.joined, data, n)
    buf_add(&col.joined, b"\0", 1)
    col.chars += n + 1  # its bytes and the separator, less the continuation bytes (10xxxxxx), eight bytes at a time
    while i + 8 <= n:
        memcpy(&word, data + i, 8)
        col.chars -= __builtin_popcountll(word & ~(word << 1) & 0x8080808080808080ULL)
        i += 8
    while i < n:
        col.chars -= (data[i] & 0xC0) == 0x80
        i += 1
    return 0

cdef tuple column_result(Column *col):
    """(text, starts as int64 bytes): the characters counted while joining are right when every value is UTF-8
    (a page's usually are); otherwise each value is decoded (with U+FFFD) by itself."""
    cdef size_t count = col.starts.len // sizeof(int64_t), i, offset = 0, length
    cdef Py_ssize_t size = col.joined.len - 1 if col.joined.len else 0  # no separator after the last
    cdef str text = decode(col.joined.data, size)
    cdef int64_t *starts
    cdef int64_t at = 0
    if len(text) != (col.chars - 1 if count else 0):
        starts = <int64_t *> col.starts.data
        parts = []
        for i in range(count):
            length = strlen(<const char *> col.joined.data + offset)  # values hold no NUL
            part = decode(col.joined.data + offset, length)
            parts.append(part)
            starts[i] = at
            at += len(part) + 1
            offset += length + 1
        col.chars = at
        text = "\0".join(parts)
    buf_add(&col.starts, &col.chars, sizeof(int64_t))
    return text, (<const char *> col.starts.data)[:col.starts.len]

cdef inline bint wanted(const uchar *want, const node_t *node) noexcept nogil:
    return node.local_name < TAG_TABLE and want[node.local_name]

cdef enum:  # the attributes the index pass reads, by name
    A_OTHER, A_STYLE, A_REL, A_ROLE, A_HIDDEN, A_ITEMPROP, A_ARIA_HIDDEN, A_CONTENT, A_PROPERTY, A_NAME, A_HTTP_EQUIV,
    A_TYPE, A_HREF

cdef inline int attr_kind(const lxb_dom_attr_t *attr) noexcept nogil:
    cdef uintptr_t local = attr.node.local_name
    if attr.qualified_name == 0 and local < LXB_DOM_ATTR__LAST_ENTRY:  # one of lexbor's static names
        return A_STYLE if local == LXB_DOM_ATTR_STYLE else A_REL if local == LXB_DOM_ATTR_REL \
            else A_CONTENT if local == LXB_DOM_ATTR_CONTENT else A_HTTP_EQUIV if local == LXB_DOM_ATTR_HTTP_EQUIV \
            else A_TYPE if local == LXB_DOM_ATTR_TYPE else A_HREF if local == LXB_DOM_ATTR_HREF else A_OTHER
    return name_kind(attr)

cdef int name_kind(const lxb_dom_attr_t *attr) noexcept nogil:
    cdef size_t n
    cdef const lxb_char_t *name = attr_name(attr, &n)
    if n == 4:
        return A_ROLE if memcmp(name, b"role", 4) == 0 else A_NAME if memcmp(name, b"name", 4) == 0 \
            else A_TYPE if memcmp(name, b"type", 4) == 0 else A_HREF if memcmp(name, b"href", 4) == 0 else A_OTHER
    if n == 5:
        return A_STYLE if memcmp(name, b"style", 5) == 0 else A_OTHER
    if n == 3:
        return A_REL if memcmp(name, b"rel", 3) == 0 else A_OTHER
    if n == 6:
        return A_HIDDEN if memcmp(name, b"hidden", 6) == 0 else A_OTHER
    if n == 7:
        return A_CONTENT if memcmp(name, b"content", 7) == 0 else A_OTHER
    if n == 8:
        return A_ITEMPROP if memcmp(name, b"itemprop", 8) == 0 else A_PROPERTY if memcmp(name, b"property", 8) == 0 \
            else A_OTHER
    if n == 10:
        return A_HTTP_EQUIV if memcmp(name, b"http-equiv", 10) == 0 else A_OTHER
    if n == 11:
        return A_ARIA_HIDDEN if memcmp(name, b"aria-hidden", 11) == 0 else A_OTHER
    return A_OTHER


def index(LexborNode root not None, frozenset tag_ids, uintptr_t article_tag, uintptr_t main_tag,
          uintptr_t meta_tag, uintptr_t script_tag, uintptr_t title_tag, uintptr_t link_tag) -> tuple:
    """One pass over the elements of ``root``'s subtree; see ``scrapers.lextree.PageIndex`` for what it finds."""
    cdef uchar want[TAG_TABLE]
    memset(want, 0, TAG_TABLE)
    for wanted_tag in tag_ids:
        if 0 <= wanted_tag < TAG_TABLE:
            want[<size_t> wanted_tag] = 1
    cdef list mems = [], tagged = [], hidden = [], articles = [], bodies = [], mains = [], dated = [], metas = []
    cdef list scripts = []
    cdef set itemprops = set(), rels = set()
    cdef object title = None, canonical = None
    cdef bint found_canonical = False, is_hidden, is_body, is_dated, is_main, listed
    cdef Column classes, ids
    memset(&classes, 0, sizeof(Column))
    memset(&ids, 0, sizeof(Column))
    cdef NodeTable table = new_table(root.parser)
    cdef node_t *top = root.node
    cdef node_t *node = top
    cdef element_t *el
    cdef const lxb_dom_attr_t *attr
    cdef const lxb_dom_attr_t *slots[13]  # the last attribute of each kind (as a dict of them keeps it)
    cdef const lxb_dom_attr_t *cls
    cdef const lxb_dom_attr_t *ident
    cdef uintptr_t tag
    cdef int kind
    try:
        while node != NULL:
            if not is_element(node):
                node = next_in(node, top, True)
                continue
            el = <element_t *> node
            tag = node.local_name
            is_hidden = is_body = is_dated = False
            is_main = tag == main_tag
            if el.first_attr != NULL:
                memset(slots, 0, sizeof(slots))
                attr = el.first_attr
                while attr != NULL:
                    kind = attr_kind(attr)
                    slots[kind] = attr
                    if kind == A_REL:
                        add_folded(rels, attr)
                    elif kind == A_ITEMPROP:
                        add_folded(itemprops, attr)
                    attr = attr.next
                is_hidden = (slots[A_HIDDEN] != NULL or (slots[A_STYLE] != NULL and style_hides(slots[A_STYLE]))
                             or (slots[A_ARIA_HIDDEN] != NULL and value_is(slots[A_ARIA_HIDDEN], "true", False)))
                if slots[A_ITEMPROP] != NULL:
                    is_body = value_is(slots[A_ITEMPROP], "articleBody", False)
                    is_dated = (value_is(slots[A_ITEMPROP], "datepublished", True)
                                or value_is(slots[A_ITEMPROP], "datemodified", True)
                                or value_is(slots[A_ITEMPROP], "datecreated", True))
                is_main = is_main or (slots[A_ROLE] != NULL and value_is(slots[A_ROLE], "main", False))
                if tag == meta_tag and has_value(slots[A_CONTENT]):
                    metas.append((value_or_none(slots[A_CONTENT]), value_or_none(slots[A_PROPERTY]),
                                  value_or_none(slots[A_NAME]), value_or_none(slots[A_ITEMPROP]),
                                  value_or_none(slots[A_HTTP_EQUIV])))
                elif tag == script_tag and value_is(slots[A_TYPE], "application/ld+json", True):
                    scripts.append(child_text(node))
                elif tag == link_tag and not found_canonical and value_is(slots[A_REL], "canonical", True):
                    canonical, found_canonical = value_or_none(slots[A_HREF]), True
            if tag == title_tag and title is None:
                title = child_text(node)
            listed = is_hidden or is_body or is_dated or is_main or tag == article_tag
            if is_hidden:
                hidden.append(<size_t> node)
            if tag == article_tag:
                articles.append(<size_t> node)
            if is_body:
                bodies.append(<size_t> node)
            if is_main:
                mains.append(<size_t> node)
            if is_dated:
                dated.append(<size_t> node)
            cls, ident = class_attr(el), id_attr(el)
            if cls != NULL or ident != NULL or wanted(want, node):
                if wanted(want, node):
                    tagged.append((len(mems), tag))
                mems.append(<size_t> node)
                column_add(&classes, cls)
                column_add(&ids, ident)
                listed = True
            if listed:
                table.record(node)
            node = next_in(node, top, True)
        table.seal()
        return (mems, tagged, column_result(&classes), column_result(&ids), hidden, articles, bodies, mains, dated,
                metas, scripts, title, canonical, itemprops, rels, table)
    finally:
        PyMem_Free(classes.joined.data)
        PyMem_Free(classes.starts.data)
        PyMem_Free(ids.joined.data)
        PyMem_Free(ids.starts.data)


def node_table(LexborNode root not None) -> NodeTable:
    """The nodes of ``root`` and every element below it, by ``mem_id``."""
    cdef NodeTable table = new_table(root.parser)
    cdef node_t *top = root.node
    cdef node_t *node = top
    while node != NULL:
        prefetch_around(node)
        if is_element(node):
            table.record(node)
        node = next_in(node, top, True)
    table.seal()
    return table

# ---- text ----

cdef Py_ssize_t chars_in(const node_t *node):
    """Characters of a text node, as selectolax decodes it."""
    cdef const lexbor_str_t *data = text_of(node)
    if data.data == NULL or data.length == 0:
        return 0
    cdef Py_ssize_t count = utf8_chars(data.data, data.length)
    return count if count >= 0 else len(decode(data.data, data.length))

cdef Py_ssize_t text_len_upto(node_t *root, Py_ssize_t limit):
    """Characters of text below ``root``, never-text elements (scripts, styles, forms' controls ...) left out,
    or ``limit + 1`` when there are more (limit < 0: all): the size tests need no more than that."""
    cdef Py_ssize_t count = 0
    cdef node_t *node = root
    cdef bint enter
    while node != NULL:
        enter = True
        prefetch_around(node)
        if is_text(node):
            count += chars_in(node)
            if 0 <= limit < count:
                return limit + 1
        elif node != root and is_element(node) and tag_of(node) & T_SKIP:
            enter = False
        node = next_in(node, root, enter)
    return count


def text_length(LexborNode node not None, Py_ssize_t limit) -> int:
    """Characters of text below the element, never-text elements left out (counted up to limit + 1; limit < 0:
    all)."""
    return text_len_upto(node.node, limit)


def text_nodes(LexborNode root not None, uintptr_t mark, Py_ssize_t max_nodes) -> list:
    """[(text, parent mem) of each non-blank text node, (None, 0) for each element with tag id ``mark``], in
    document order, within the first ``max_nodes`` nodes (counted as selectolax's traverse() yields them)."""
    cdef list out = []
    cdef Py_ssize_t count = 0
    cdef node_t *top = root.node
    cdef node_t *node = top
    cdef const uchar *s
    cdef size_t n
    cdef bytes fixed
    while node != NULL:
        if count > max_nodes:
            break
        count += 1
        if is_element(node) and node.local_name == mark:
            out.append((None, 0))
        elif is_text(node) and text_of(node).data != NULL and text_of(node).length:
            s, n = text_of(node).data, text_of(node).length
            if not utf8_valid(s, n):
                fixed = repaired(s, n)
                s, n = <const uchar *> <const char *> fixed, len(fixed)
            if not all_space(s, n):
                out.append((decode(s, n), <size_t> node.parent))
        node = next_in(node, top, True)
    return out


def tagged_below(LexborNode node not None, uintptr_t tag) -> list:
    """The descendants of ``node`` with tag id ``tag``, in document order."""
    cdef list out = []
    cdef node_t *top = node.node
    cdef node_t *item = next_in(top, top, True)
    while item != NULL:
        prefetch_around(item)
        if is_element(item) and item.local_name == tag:
            out.append(LexborNode.new(item, node.parser))
        item = next_in(item, top, True)
    return out

# ---- where elements sit ----

cdef struct Path:
    node_t **nodes
    size_t depth
    size_t cap

cdef int path_push(Path *p, node_t *node) except -1:
    cdef node_t **grown
    if p.depth == p.cap:
        p.cap = p.cap * 2 if p.cap else 64
        grown = <node_t **> PyMem_Realloc(p.nodes, p.cap * sizeof(node_t *))
        if grown == NULL:
            raise MemoryError()
        p.nodes = grown
    p.nodes[p.depth] = node
    p.depth += 1
    return 0

cdef int path_to(Path *p, node_t *node, const node_t *root) except -1:
    """Make the path (from ``root``) end at ``node``, the next element in document order: pop what is not its
    parent."""
    if node != root:
        while p.depth and p.nodes[p.depth - 1] != node.parent:
            p.depth -= 1
    return path_push(p, node)


def ancestors(list mems, LexborNode root not None) -> tuple:
    """(the mems inside ``root``, in their order; the set of them and all their ancestors up to root)."""
    cdef list found_in = tables_of(root.parser), attached = []
    cdef set chain = set()
    cdef node_t *top = root.node
    cdef node_t *node
    cdef node_t *up
    for mem in mems:
        node = known_node(found_in, mem)
        if node == NULL:  # an id no table of the tree recorded: found by walking the subtree instead
            return ancestors_below(mems, top)
        up = node
        while up != NULL and up != top:
            up = up.parent
        if up == NULL:
            continue  # detached, or outside root
        attached.append(mem)
        up = node
        while True:
            key = <size_t> up
            if key in chain:
                break  # the rest of the chain is in already
            chain.add(key)
            if up == top:
                break
            up = up.parent
    return attached, chain


cdef tuple ancestors_below(list mems, node_t *top):
    """``ancestors`` by walking the subtree: the ids are only compared with the elements met."""
    cdef AddrSet wanted, found
    cdef Path path
    memset(&path, 0, sizeof(Path))
    memset(&found, 0, sizeof(AddrSet))
    cdef set chain = set()
    cdef node_t *node = top
    cdef size_t known = 0, d  # path.nodes[:known] are in chain already
    aset_of(&wanted, mems)
    try:
        aset_init(&found, 0)
        while node != NULL and found.count < wanted.count:  # done when every wanted element is found
            if node == top or is_element(node):
                path_to(&path, node, top)
                known = min(known, path.depth - 1)
                if aset_has(&wanted, <uintptr_t> node):
                    aset_add(&found, <uintptr_t> node)
                    for d in range(known, path.depth):
                        chain.add(<size_t> path.nodes[d])
                    known = path.depth
            node = next_in(node, top, True)
        return [mem for mem in mems if aset_has(&found, <uintptr_t> <size_t> mem)], chain
    finally:
        PyMem_Free(wanted.slots)
        PyMem_Free(found.slots)
        PyMem_Free(path.nodes)


def outermost(list mems, LexborNode root not None) -> list:
    """The mems inside ``root`` that are not inside another of them, in their order."""
    cdef list found_in = tables_of(root.parser), out = []
    cdef AddrSet wanted
    cdef node_t *top = root.node
    cdef node_t *node
    cdef node_t *up
    aset_of(&wanted, mems)
    try:
        for mem in mems:
            node = known_node(found_in, mem)
            if node == NULL:  # an id no table of the tree recorded: found by walking the subtree instead
                return outermost_below(mems, top, &wanted)
            up = node
            while up != NULL and up != top:
                up = up.parent
                if up != NULL and aset_has(&wanted, <uintptr_t> up):
                    break  # inside another of them (root included), or outside root
            if node == top or (up == top and not aset_has(&wanted, <uintptr_t> top)):
                out.append(mem)
        return out
    finally:
        PyMem_Free(wanted.slots)


cdef list outermost_below(list mems, node_t *top, const AddrSet *wanted):
    """``outermost`` by walking the subtree: the ids are only compared with the elements met."""
    cdef AddrSet outer
    cdef Path path
    memset(&path, 0, sizeof(Path))
    memset(&outer, 0, sizeof(AddrSet))
    cdef node_t *node = top
    cdef size_t NONE = <size_t> -1
    cdef size_t inside = NONE  # where the outermost wanted element of the path is in it
    cdef size_t seen = 0
    try:
        aset_init(&outer, 0)
        while node != NULL and seen < wanted.count:  # done when every wanted element is met
            if node == top or is_element(node):
                path_to(&path, node, top)
                if inside != NONE and inside >= path.depth - 1:
                    inside = NONE  # it was left
                if aset_has(wanted, <uintptr_t> node):
                    seen += 1
                    if inside == NONE:
                        aset_add(&outer, <uintptr_t> node)
                        inside = path.depth - 1
            node = next_in(node, top, True)
        return [mem for mem in mems if aset_has(&outer, <uintptr_t> <size_t> mem)]
    finally:
        PyMem_Free(outer.slots)
        PyMem_Free(path.nodes)

# ---- the body walk ----

cdef enum:
    F_LINK = 1
    F_CAPTION = 2
    F_BLOCK = 4

cdef struct Frame:
    node_t *node
    int flags


cdef class Walker:
    """The state of one body walk (``scrapers.extract.body.walk_blocks`` documents the rule)."""

    cdef list blocks, path
    cdef Buf raw, norm, key
    cdef bint has_text
    cdef Py_ssize_t link_chars, depth, cap, n_boiler, caption, link, max_depth, max_caption
    cdef unsigned *path_tags
    cdef double *path_scores
    cdef char *path_scored
    cdef Py_ssize_t *boiler  # depths (indexes in path) of the open furniture elements
    cdef dict scores, parents, children, memo
    cdef object flags_of
    cdef double link_weight, block_cost, inner_share
    cdef AddrSet hidden, content

    def __cinit__(self):
        self.cap = 64
        self.path_tags = <unsigned *> PyMem_Malloc(64 * sizeof(unsigned))
        self.path_scores = <double *> PyMem_Malloc(64 * sizeof(double))
        self.path_scored = <char *> PyMem_Malloc(64)
        self.boiler = <Py_ssize_t *> PyMem_Malloc(65 * sizeof(Py_ssize_t))
        if not (self.path_tags and self.path_scores and self.path_scored and self.boiler):
            raise MemoryError()

    def __dealloc__(self):
        PyMem_Free(self.path_tags)
        PyMem_Free(self.path_scores)
        PyMem_Free(self.path_scored)
        PyMem_Free(self.boiler)
        PyMem_Free(self.raw.data)
        PyMem_Free(self.norm.data)
        PyMem_Free(self.key.data)
        PyMem_Free(self.hidden.slots)
        PyMem_Free(self.content.slots)

    cdef int grow(self) except -1:
        cdef Py_ssize_t cap = self.cap * 2
        cdef void *p
        p = PyMem_Realloc(self.path_tags, cap * sizeof(unsigned))
        if p == NULL:
            raise MemoryError()
        self.path_tags = <unsigned *> p
        p = PyMem_Realloc(self.path_scores, cap * sizeof(double))
        if p == NULL:
            raise MemoryError()
        self.path_scores = <double *> p
        p = PyMem_Realloc(self.path_scored, cap)
        if p == NULL:
            raise MemoryError()
        self.path_scored = <char *> p
        p = PyMem_Realloc(self.boiler, (cap + 1) * sizeof(Py_ssize_t))
        if p == NULL:
            raise MemoryError()
        self.boiler = <Py_ssize_t *> p
        self.cap = cap
        return 0

    cdef int normalise(self) except -1:
        """Whitespace runs become one space, a run holding "\\n" a line break; blank lines go (Python's
        "\\n".join(" ".join(line.split()) for line in raw.split("\\n") if line.strip()))."""
        cdef const uchar *s = self.raw.data
        cdef size_t n = self.raw.len, i = 0, o = 0, length, start
        cdef int pending = 0  # 1: a space is due before the next word, 2: a line break
        cdef Py_UCS4 ch
        if self.norm.cap < n + 1:  # the text only shrinks: one allocation up front, then plain copies
            buf_grow(&self.norm, n + 1)
        cdef uchar *out = self.norm.data
        while i < n:
            while i < n:  # whitespace
                if s[i] < 0x80:
                    ch, length = s[i], 1
                else:
                    ch = utf8_at(s + i, n - i, &length)
                if ch == 10:
                    pending = 2
                elif not Py_UNICODE_ISSPACE(ch):
                    break
                elif not pending:
                    pending = 1
                i += length
            start = i
            while i < n:  # a word
                if s[i] < 0x80:
                    ch, length = s[i], 1
                else:
                    ch = utf8_at(s + i, n - i, &length)
                if Py_UNICODE_ISSPACE(ch):
                    break
                i += length
            if i == start:
                break
            if o and pending:
                out[o] = 10 if pending == 2 else 32
                o += 1
            pending = 0
            memcpy(out + o, s + start, i - start)
            o += i - start
        self.norm.len = o
        return 0

    cdef void score(self, double length) noexcept:
        """Count a block for every element it sits in: prose up, link text and scraps down; inside furniture,
        against the furniture and all around it, and only a share for the elements within it."""
        cdef double value = length - self.link_weight * <double> self.link_chars - self.block_cost
        if self.depth and tag_bits[self.path_tags[self.depth - 1]] & T_HEADING and value > 0:
            value = 0
        cdef Py_ssize_t cut = self.boiler[self.n_boiler - 1] if self.n_boiler else -1, d
        cdef double outer = -fabs(value) - length, inner = value * self.inner_share
        for d in range(self.depth):
            self.path_scores[d] += value if cut < 0 else outer if d <= cut else inner
            self.path_scored[d] = 1

    cdef int flush(self) except -1:
        cdef Py_ssize_t chars
        cdef long cues
        if self.has_text:
            self.normalise()
            if self.norm.len:
                text = decode(self.norm.data, self.norm.len)
                chars = len(text)
                cues = block_cues(self.norm.data, self.norm.len) if chars <= cue_limit else 0
                block = geowire_block(<PyTypeObject *> block_type, text, self.link_chars,
                                      tag_names[self.path_tags[self.depth - 1]] if self.depth else "", tuple(self.path),
                                      self.boiler[self.n_boiler - 1] if self.n_boiler else -1, self.caption > 0, cues)
                self.blocks.append(block)
                if not self.caption:
                    self.score(<double> chars)
        self.raw.len = 0
        self.has_text = False
        self.link_chars = 0
        return 0

    cdef long named_flags(self, const element_t *el) except? -1:
        """flags_of(class, id), remembered by the attributes' bytes, ASCII digits left out of the id (flags_of
        ignores an id's digits, and "post-4711", "comment-12" would otherwise each miss)."""
        cdef const lxb_dom_attr_t *cls = class_attr(el)
        cdef const lxb_dom_attr_t *ident = id_attr(el)
        cdef size_t i
        cdef size_t n = 0
        cdef uchar c
        self.key.len = 0
        if has_value(cls):
            buf_add(&self.key, cls.value.data, cls.value.length)
        buf_add(&self.key, b"\0", 1)
        if has_value(ident):  # (room for the whole id, then its bytes but the digits: no call per byte)
            if self.key.len + ident.value.length > self.key.cap:
                buf_grow(&self.key, ident.value.length)
            for i in range(ident.value.length):
                c = ident.value.data[i]
                if not 48 <= c <= 57:
                    self.key.data[self.key.len + n] = c
                    n += 1
            self.key.len += n
        cdef uint64_t hash = memo_hash(self.key.data, self.key.len)
        cdef long known
        if memo_find(hash, self.key.data, self.key.len, &known):
            return known
        key = (<const char *> self.key.data)[:self.key.len]
        value = self.memo.get(key)  # (a pair the table has not seen may be in the dict: it follows one since its start)
        if value is not None:
            memo_add(self.memo, hash, self.key.data, self.key.len, value)
            return value
        value = self.flags_of(value_or_none(cls) or "", value_or_none(ident) or "")
        if len(self.memo) >= MEMO_LIMIT:
            self.memo.clear()  # a bound, not an eviction policy
            memo_reset()
        self.memo[key] = value
        memo_add(self.memo, hash, self.key.data, self.key.len, value)
        return value

    cdef int open(self, node_t *node, int *out_flags) except -1:
        """Open an element: 1 to read its children, 0 to skip it."""
        cdef unsigned bits = tag_of(node)
        cdef int flags = 0
        cdef long names = 0
        cdef const element_t *el = <const element_t *> node
        cdef bint is_caption
        if bits & T_BR:
            buf_add(&self.raw, b"\n", 1)
            return 0
        if bits & T_CELL:
            out_flags[0] = 0
            buf_add(&self.raw, b" ", 1)
            return 1
        if not bits & T_UNNAMED and (class_attr(el) != NULL or id_attr(el) != NULL):
            names = self.named_flags(el)
        if names & f_hidden or aset_has(&self.hidden, <uintptr_t> node) or bits & T_SKIP:
            return 0
        if bits & T_LINK:
            flags = F_LINK
            self.link += 1
        is_caption = (bits & T_CAPTION or names & f_caption) and text_len_upto(node, self.max_caption) <= self.max_caption
        if (bits & T_BLOCK or (is_caption and not self.caption)) and self.depth < self.max_depth:
            flags |= F_BLOCK
            self.flush()
            if (bits & T_CHROME or names & f_furniture) and (self.n_boiler or not aset_has(&self.content,
                                                                                           <uintptr_t> node)):
                self.boiler[self.n_boiler] = self.depth
                self.n_boiler += 1
            if self.depth == self.cap:
                self.grow()
            self.path.append(<size_t> node)
            self.path_scores[self.depth] = 0.0
            self.path_scored[self.depth] = 0
            self.path_tags[self.depth] = node.local_name if node.local_name < TAG_TABLE else 0
            self.depth += 1
        if is_caption:
            flags |= F_CAPTION
            self.caption += 1
        out_flags[0] = flags
        return 1

    cdef int close(self, int flags) except -1:
        cdef Py_ssize_t d
        if flags & F_BLOCK:
            self.flush()
            self.depth -= 1
            d = self.depth
            mem = self.path.pop()
            if self.path_scored[d]:
                parent = self.path[d - 1] if d else None
                siblings = self.children.get(parent)
                if siblings is None:
                    siblings = self.children[parent] = []
                self.scores[mem] = self.path_scores[d]
                self.parents[mem] = parent
                siblings.append(mem)
            if self.n_boiler and self.boiler[self.n_boiler - 1] == self.depth:
                self.n_boiler -= 1
        if flags & F_LINK:
            self.link -= 1
        if flags & F_CAPTION:
            self.caption -= 1
        return 0

    cdef int text(self, const node_t *node) except -1:
        cdef const uchar *s = text_of(node).data
        cdef size_t n = text_of(node).length if s != NULL else 0
        cdef bytes fixed  # the text as selectolax reads it, where the parser passed bytes through undecoded
        if n == 0:
            return 0
        if not utf8_valid(s, n):
            fixed = repaired(s, n)
            s, n = <const uchar *> <const char *> fixed, len(fixed)
        if all_space(s, n):  # whitespace only separates words
            if self.has_text:
                buf_add(&self.raw, b" ", 1)
            return 0
        buf_add(&self.raw, s, n)
        self.has_text = True
        if self.link:
            self.link_chars += stripped_len(s, n)
        return 0


cdef long block_cues(const uchar *s, size_t n) noexcept:
    """The bits of the cue lists with a word in s[0..n)."""
    cdef long found = 0
    cdef size_t i, j
    cdef uint64_t words
    cdef int k, half, halves = (n_cues + 63) >> 6
    cdef unsigned pair
    cdef uchar c
    cdef const uchar *word
    for i in range(n):
        # most positions start no word: one bit of a small filter (of the first two bytes) says so
        c = fold(s[i])
        if not cue_one[c]:
            if i + 1 == n:
                continue
            pair = cue_pair(c, fold(s[i + 1]))
            if not cue_pairs[pair >> 6] & (1ULL << (pair & 63)):
                continue
        for half in range(halves):
            # a word is tried only where both its first two bytes are: most positions have no candidate
            words = cue_first[half][fold(s[i])] & (cue_second[half][fold(s[i + 1])] if i + 1 < n else cue_single[half])
            while words:
                k = __builtin_ctzll(words) + (half << 6)
                words &= words - 1
                if found & cue_bit[k] or cue_len[k] > n - i:
                    continue
                word = cue_word[k]
                j = 1
                while j < cue_len[k] and fold(s[i + j]) == word[j]:
                    j += 1
                if j == cue_len[k]:
                    found |= cue_bit[k]
        if found == cue_all:
            break
    return found


def walk(LexborNode root not None, flags_of, dict memo, hidden, content, Py_ssize_t max_depth,
         Py_ssize_t max_caption, double link_weight, double block_cost, double inner_share) -> tuple:
    """([block_type(text, link_chars, tag, path, boiler_depth, caption, cues)], {mem: score},
    {mem: parent mem or None}, {parent mem or None: [mems]}) of ``root``'s subtree."""
    if block_type is None:
        raise RuntimeError("scrapers._lexbor.use_tags has not been called")
    cdef Walker w = Walker()
    w.flags_of, w.memo, w.max_depth, w.max_caption = flags_of, memo, max_depth, max_caption
    memo_follow(memo)
    w.link_weight, w.block_cost, w.inner_share = link_weight, block_cost, inner_share
    w.blocks, w.path, w.scores, w.parents, w.children = [], [], {}, {}, {}
    aset_of(&w.hidden, hidden)
    aset_of(&w.content, content)
    cdef Frame *stack = <Frame *> PyMem_Malloc(64 * sizeof(Frame))
    cdef Frame *grown
    cdef Frame done
    cdef Py_ssize_t top = 0, stack_cap = 64
    cdef node_t *top_node = root.node
    cdef node_t *child = NULL
    cdef int flags
    if stack == NULL:
        raise MemoryError()
    try:
        if is_element(top_node) and w.open(top_node, &flags):
            stack[0].node, stack[0].flags = top_node, flags
            top = 1
            child = top_node.first_child
        while top:
            if child == NULL:  # the element ends
                top -= 1
                done = stack[top]
                w.close(done.flags)
                child = done.node.next if top else NULL
                continue
            if is_text(child):
                w.text(child)
            elif is_element(child) and w.open(child, &flags):
                if top == stack_cap:
                    grown = <Frame *> PyMem_Realloc(stack, stack_cap * 2 * sizeof(Frame))
                    if grown == NULL:
                        raise MemoryError()
                    stack, stack_cap = grown, stack_cap * 2
                stack[top].node, stack[top].flags = child, flags
                top += 1
                child = child.first_child
                continue
            child = child.next
        w.flush()
        return w.blocks, w.scores, w.parents, w.children
    finally:
        PyMem_Free(stack)

# ---- gazetteer matches ----

cdef inline Py_UCS4 char_at(str text, Py_ssize_t i) noexcept:
    return PyUnicode_READ_CHAR(text, i)


def term_hits(str text, str folded, bytes encoded, list matches, tuple terms, tuple lengths, boundary_ok) -> list:
    """The terms of the raw automaton ``matches`` (pattern, byte start, byte end) over ``encoded`` (``folded``, the
    folded ``text``, in UTF-8) that pass the word, boundary and case checks, in order: ``scrapers.enrich.places``
    documents them. A match starting on an ASCII character is judged here; any other asks ``boundary_ok(text,
    start, end, term)`` (scripts, proclitics). ``terms[pattern]`` are the pattern's terms, ``lengths[pattern]``
    its length in characters."""
    cdef const uchar *b = <const uchar *> encoded
    cdef Py_ssize_t n = len(text), position = 0, character = 0, start, byte_start, end, extra, length, k
    cdef bint ascii = folded.isascii(), ok
    cdef uchar before
    cdef Py_UCS4 first
    cdef list found = []
    cdef set targets
    cdef tuple match
    for match in matches:
        pattern, byte_start = match[0], match[1]
        before = b[byte_start - 1] if byte_start else 0
        if before < 0x80 and b[byte_start] < 0x80 and ascii_alnum(before):
            continue  # inside a word ("us" in "because")
        if ascii:
            start = byte_start
        else:  # the characters between two matches are counted once
            character += utf8_count(b + position, byte_start - position)
            position, start = byte_start, character
            if start and char_at(folded, start) < 0x80 and Py_UNICODE_ISALNUM(char_at(folded, start - 1)):
                continue
        targets = set()
        length = lengths[pattern]
        first = char_at(text, start)
        for term in terms[pattern]:
            target = term.target
            if target in targets:
                continue
            if first < 0x80:  # a Latin-script match: whole words (a stem may run on for a few letters)
                if start > 0 and Py_UNICODE_ISALNUM(char_at(text, start - 1)):
                    continue
                end = start + length
                if term.stem:
                    extra = 0
                    while end + extra < n and Py_UNICODE_ISALPHA(char_at(text, end + extra)) and extra < STEM_EXTRA:
                        extra += 1
                    end += extra
                ok = not (end < n and Py_UNICODE_ISALNUM(char_at(text, end)))
            else:
                ok = boundary_ok(text, start, start + length, term)
            if not ok:
                continue
            written = term.written
            if term.exact_case:
                k = len(written)
                ok = text[start:start + k] == written
            else:
                ok = not term.capital or Py_UNICODE_ISUPPER(first)
            if ok:
                found.append(term)
                targets.add(target)
    return found


cdef enum:
    STEM_EXTRA = 5  # letters a stem term may be followed by (scrapers.enrich.places._STEM_EXTRA)


cdef inline bint ascii_alnum(uchar c) noexcept nogil:
    return (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122)


cdef inline Py_ssize_t utf8_count(const uchar *s, Py_ssize_t n) noexcept nogil:
    """Characters of well-formed UTF-8 (surrogates encoded as three bytes count one): its bytes that start one."""
    cdef Py_ssize_t i, count = 0
    for i in range(n):
        count += (s[i] & 0xC0) != 0x80
    return count


# ---- bytes and strings ----

def is_utf8(const uchar[::1] data) -> bool:
    """Whether ``bytes.decode("utf-8")`` would succeed, found without making the str."""
    return data.shape[0] == 0 or utf8_valid(&data[0], data.shape[0])


cdef Py_ssize_t count_in(const uchar *s, size_t n, uchar byte) noexcept nogil:
    """How many times ``byte`` occurs in ``s[:n]``: tallied in one byte per block of 240, a loop the compiler makes
    vector compares of (sixteen bytes at a time; 240 is a multiple of sixteen and keeps the tally below 256),
    several times faster than a word at a time."""
    cdef size_t i = 0, j, m
    cdef Py_ssize_t count = 0
    cdef uchar tally
    while i < n:
        m = n - i if n - i < 240 else 240
        tally = 0
        for j in range(m):
            tally += s[i + j] == byte
        count += tally
        i += m
    return count


def count_byte(const uchar[::1] data, uchar byte) -> int:
    """How many times ``byte`` occurs in ``data`` (bytes.count is byte by byte)."""
    if data.shape[0] == 0:
        return 0
    return count_in(&data[0], data.shape[0], byte)


def present(str text, tuple words) -> set:
    """The set of ``words`` found in ``text`` (exact substrings), each looked for with libc's memmem."""
    cdef Py_ssize_t n, m
    cdef const char *s = PyUnicode_AsUTF8AndSize(text, &n)
    cdef const char *w
    cdef set out = set()
    for word in words:
        w = PyUnicode_AsUTF8AndSize(word, &m)
        if m == 0 or memmem(s, n, w, m) != NULL:
            out.add(word)
    return out


# Up to 64 words, for one pass over a text: a word is compared only where the text holds its first two bytes.
cdef struct Needles:
    int count
    const uchar *word[64]
    size_t length[64]
    uint64_t first[256]  # by byte: the words starting with it
    uint64_t second[256]  # by byte: the words with it second, and every one-byte word
    uint64_t third[256]  # by byte: the words with it third, and every word of one or two bytes
    uint64_t single  # the one-byte words (all a text's last byte can start)
    uint64_t short  # the words of one or two bytes (all the last two bytes of a text can start)


cdef bint needles_of(Needles *found, tuple words) except -1:
    """Fill ``found`` from ``words`` (str, kept alive by the tuple: their UTF-8 buffers are the str's own);
    False when a single pass does not serve them (an empty word, more than 64 words)."""
    cdef Py_ssize_t m
    cdef const uchar *w
    cdef int k = 0
    cdef uint64_t bit
    cdef int b
    if len(words) > 64:
        return False
    memset(found, 0, sizeof(Needles))
    for word in words:
        w = <const uchar *> PyUnicode_AsUTF8AndSize(word, &m)
        if m == 0:
            return False
        bit = (<uint64_t> 1) << k
        found.word[k], found.length[k] = w, m
        found.first[w[0]] |= bit
        if m == 1:
            found.single |= bit
            for b in range(256):
                found.second[b] |= bit
        else:
            found.second[w[1]] |= bit
        if m <= 2:
            found.short |= bit
            for b in range(256):
                found.third[b] |= bit
        else:
            found.third[w[2]] |= bit
        k += 1
    found.count = k
    return True


# Words from which one pass over a column beats a libc substring search per word (2.5 us per word on a page's
# 10 kB class column, against 0.7 ns per byte for the pass).
MIN_PASS_WORDS = 4


def find_values(str text, tuple words) -> list:
    """The indexes (ascending) of the NUL-separated values of ``text`` holding one of ``words``. Several words are
    looked for in one pass over the text, which counts the separators as it goes and, at a hit, skips to the next
    value; a few are each found with memmem, their hits placed by counting the separators skipped since the
    previous hit."""
    cdef Py_ssize_t n, i = 0, value = 0
    cdef const uchar *s = <const uchar *> PyUnicode_AsUTF8AndSize(text, &n)
    cdef const uchar *end
    cdef Needles needles
    cdef uint64_t candidates
    cdef int k
    cdef list out = []
    if len(words) < MIN_PASS_WORDS or not needles_of(&needles, words):
        return find_each(s, n, words)
    while i < n:
        if s[i] == 0:
            value += 1
            i += 1
            continue
        candidates = needles.first[s[i]] & (needles.second[s[i + 1]] if i + 1 < n else needles.single)
        while candidates:
            k = __builtin_ctzll(candidates)
            candidates &= candidates - 1
            if needles.length[k] <= <size_t> (n - i) and memcmp(s + i, needles.word[k], needles.length[k]) == 0:
                out.append(value)
                end = <const uchar *> memchr(s + i, 0, n - i)  # on to the next value (its separator counts it)
                i = (end - s) - 1 if end != NULL else n
                break
        i += 1
    return out


NO_HITS = ()


cdef int take_words(Needles *needles, const uchar *s, Py_ssize_t n, Py_ssize_t i, uint64_t candidates,
                    Py_ssize_t value, Py_ssize_t *last, list out) except -1:
    """Compare the ``candidates`` words at ``s[i:]``, listing ``value`` for each found and not already listed."""
    cdef int k
    while candidates:
        k = __builtin_ctzll(candidates)
        candidates &= candidates - 1
        if last[k] != value and needles.length[k] <= <size_t> (n - i) and \
                memcmp(s + i, needles.word[k], needles.length[k]) == 0:
            last[k] = value
            if out[k] is NO_HITS:
                out[k] = [value]
            else:
                (<list> out[k]).append(value)
    return 0


def word_hits(str text, tuple words) -> list:
    """For each of ``words`` (at most 64, none empty), the indexes (ascending) of the NUL-separated values of
    ``text`` holding it (an empty tuple for none): ``[find_values(text, (word,)) for word in words]`` in one pass over the text, a word
    compared only where the text holds its first three bytes. The pass reads three bytes' table entries a position
    and nothing else: the separators before a position are counted only where some word may start (at few
    positions), and a word is listed once a value by remembering the value it was last found in."""
    cdef Py_ssize_t n, i = 0, value = 0, counted = 0
    cdef const uchar *s = <const uchar *> PyUnicode_AsUTF8AndSize(text, &n)
    cdef Needles needles
    cdef uint64_t candidates
    cdef Py_ssize_t last[64]  # the value each word was last found in
    cdef int k
    if not needles_of(&needles, words):
        raise ValueError("word_hits takes at most 64 words, none of them empty")
    cdef list out = [NO_HITS] * needles.count  # a list only for the words found (a page's column holds few of them)
    for k in range(needles.count):
        last[k] = -1
    needles.first[0] = 0  # a separator starts no word: it ends the value (a word holding NUL is never found at one)
    while i < n:
        # the last two positions are tried with the words short enough to fit
        candidates = needles.first[s[i]] & (needles.second[s[i + 1]] & needles.third[s[i + 2]] if i + 2 < n
                                            else needles.second[s[i + 1]] & needles.short if i + 1 < n
                                            else needles.single)
        if candidates:
            value += count_in(s + counted, i - counted, 0)
            counted = i
            take_words(&needles, s, n, i, candidates, value, last, out)
        i += 1
    return out


cdef list find_each(const uchar *s, Py_ssize_t n, tuple words):
    """find_values, each word found with memmem."""
    cdef Py_ssize_t m, pos, counted, value
    cdef const char *w
    cdef const uchar *hit
    cdef const uchar *end
    cdef set hits = set()
    for word in words:
        w = PyUnicode_AsUTF8AndSize(word, &m)
        pos = counted = value = 0
        while pos <= n:
            hit = <const uchar *> memmem(s + pos, n - pos, w, m) if m else s + pos
            if hit == NULL:
                break
            value += nuls_between(s, counted, hit - s)
            hits.add(value)
            end = <const uchar *> memchr(hit, 0, n - (hit - s))  # on to the next value
            if end == NULL:
                break
            pos = counted = end - s + 1
            value += 1
    return sorted(hits)


cdef Py_ssize_t nuls_between(const uchar *s, Py_ssize_t start, Py_ssize_t stop) noexcept nogil:
    # counted in vector blocks: a class column has a separator every few bytes, one memchr call each would cost more
    return count_in(s + start, stop - start, 0) if stop > start else 0


# ---- text kernels: similarity and search index ----
#
# The word loops of ``scrapers.similarity.fingerprint`` and ``scrapers.textindex.index_text``: a page's text
# read a character at a time instead of a Python object per word (about 1,000 words a page). The character
# classes are the callers' regular expressions (``regex`` module, as the pure-Python twins use them), each
# code point classified by them once and remembered, so both implementations split text the same way.

cimport cython
from cpython.ref cimport PyObject
from cpython.dict cimport PyDict_GetItem
from libc.stdint cimport int32_t, uint32_t

cdef extern from "Python.h":
    int PyUnicode_KIND(object text)
    void *PyUnicode_DATA(object text)
    Py_UCS4 PyUnicode_READ(int kind, const void *data, Py_ssize_t index) nogil
    str PyUnicode_Substring(object text, Py_ssize_t start, Py_ssize_t end)

cdef uint32_t crc_table[256]


cdef void crc_init() noexcept:
    cdef uint32_t c, k, n
    for n in range(256):
        c = n
        for k in range(8):
            c = (0xEDB88320 ^ (c >> 1)) if c & 1 else c >> 1
        crc_table[n] = c


crc_init()


cdef inline uint32_t crc32_of(const uchar *s, Py_ssize_t n) noexcept nogil:
    """zlib's CRC-32 (the reflected IEEE polynomial), which ``zlib.crc32`` computes."""
    cdef uint32_t c = 0xFFFFFFFF
    cdef Py_ssize_t i
    for i in range(n):
        c = crc_table[(c ^ s[i]) & 0xFF] ^ (c >> 8)
    return ~c


@cython.final
cdef class CharClasses:
    """Which of up to seven character-class patterns each code point matches (bit ``i`` for ``patterns[i]``),
    decided by the patterns themselves the first time the code point is met (``class_of``)."""

    cdef unsigned char bmp[65536]  # classes | 0x80 once known (0: not yet)
    cdef dict astral
    cdef tuple patterns

    def __cinit__(self, tuple patterns):
        import regex
        if len(patterns) > 7:
            raise ValueError("at most seven character classes")
        self.patterns = tuple(regex.compile(p) for p in patterns)
        self.astral = {}
        memset(self.bmp, 0, sizeof(self.bmp))

    cdef unsigned char classify(self, Py_UCS4 c) except 255:
        cdef unsigned char bits = 0
        cdef int i
        character = chr(c)
        for i in range(len(self.patterns)):
            if self.patterns[i].fullmatch(character) is not None:
                bits |= 1 << i
        if c < 65536:
            self.bmp[c] = bits | 0x80
        else:
            self.astral[c] = bits
        return bits


cdef inline unsigned char class_of(CharClasses t, Py_UCS4 c) except 255:
    cdef unsigned char bits
    if c < 65536:
        bits = t.bmp[c]
        if bits:
            return bits & 0x7F
        return t.classify(c)
    found = t.astral.get(c)
    return t.classify(c) if found is None else <unsigned char> found


cdef dict class_tables = {}


cdef CharClasses classes_of(tuple patterns):
    cdef CharClasses table = class_tables.get(patterns)
    if table is None:
        table = class_tables[patterns] = CharClasses(patterns)
    return table


# Bits of the sentence classes (``sentence_words``' ``classes``, in this order).
cdef enum:
    C_UNSPACED = 1  # a word by itself (scripts without spaces)
    C_DIGIT = 2  # \p{N}
    C_WORD = 4  # [\p{L}\p{M}\p{N}]
    C_DECIMAL = 8  # [.,] inside a number
    C_STOP = 16  # [.!?]: ends a sentence when followed by C_AFTER or the end
    C_AFTER = 32
    C_BREAK = 64  # a line break or a full-width stop


cdef inline Py_ssize_t run_of(CharClasses t, int kind, const void *data, Py_ssize_t i, Py_ssize_t n,
                              unsigned char bit) except -1:
    """Where the run of characters of class ``bit`` from ``i`` ends."""
    while i < n and class_of(t, PyUnicode_READ(kind, data, i)) & bit:
        i += 1
    return i


cdef inline int buf_u32(Buf *b, uint32_t v) except -1:
    return buf_add(b, &v, 4)


def sentence_words(str text, tuple classes, frozenset kept, Py_ssize_t max_sentences, Py_ssize_t min_words):
    """The word loop of ``scrapers.similarity.fingerprint`` (``_lexbor_py.sentence_words`` documents it)."""
    cdef CharClasses t = classes_of(classes)
    cdef int kind = PyUnicode_KIND(text)
    cdef const void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i = 0, start, end, j, k, w, count, number = 0, long_sentences = 0, content = 0
    cdef Py_ssize_t length
    cdef unsigned char bits
    cdef bint is_break, numeric
    cdef uint32_t code, skeleton
    cdef uint64_t skeleton64
    cdef int32_t i32
    cdef const char *utf8
    cdef PyObject *entry
    cdef Buf hashes, distinct, weight, skeletons, sentence_of, spans
    cdef Py_ssize_t *span
    cdef dict codes = {}
    cdef set inside = set()
    cdef set unique
    cdef list written = []
    cdef list kinds = []  # per span: whether the word is numeric (digits only, or a number token)
    memset(&hashes, 0, sizeof(Buf)); memset(&distinct, 0, sizeof(Buf)); memset(&weight, 0, sizeof(Buf))
    memset(&skeletons, 0, sizeof(Buf)); memset(&sentence_of, 0, sizeof(Buf)); memset(&spans, 0, sizeof(Buf))
    try:
        while True:
            # the next token: a word (start, end) or a sentence end (is_break); i == n: the text's end
            is_break = False
            start = -1
            numeric = False
            if i < n:
                bits = class_of(t, PyUnicode_READ(kind, data, i))
                end = i + 1
                if bits & C_UNSPACED:
                    start = i
                elif bits & C_DIGIT:  # a number with its separators ("35,418"), else a word
                    j = run_of(t, kind, data, i + 1, n, C_DIGIT)
                    k = j
                    while k + 1 < n and class_of(t, PyUnicode_READ(kind, data, k)) & C_DECIMAL \
                            and class_of(t, PyUnicode_READ(kind, data, k + 1)) & C_DIGIT:
                        k = run_of(t, kind, data, k + 2, n, C_DIGIT)
                    if k > j:
                        start, end, numeric = i, k, True
                if start < 0 and not bits & C_UNSPACED and bits & C_WORD:
                    start = i
                    end = run_of(t, kind, data, i + 1, n, C_WORD)
                    numeric = bits & C_DIGIT and run_of(t, kind, data, i + 1, end, C_DIGIT) == end
                if start < 0 and bits & C_STOP:
                    j = run_of(t, kind, data, i + 1, n, C_STOP)
                    if j == n or class_of(t, PyUnicode_READ(kind, data, j)) & C_AFTER:
                        is_break = True
                        end = j
                if start < 0 and not is_break and bits & C_BREAK:
                    is_break = True
                if start >= 0:
                    buf_add(&spans, &start, sizeof(Py_ssize_t))
                    buf_add(&spans, &end, sizeof(Py_ssize_t))
                    kinds.append(numeric)
                i = end
                if not is_break:
                    continue
            count = spans.len // (2 * sizeof(Py_ssize_t))
            if count:  # a sentence ends
                if long_sentences >= max_sentences:
                    break
                span = <Py_ssize_t *> spans.data
                written.clear()
                for w in range(count):
                    word = PyUnicode_Substring(text, span[2 * w], span[2 * w + 1])
                    entry = PyDict_GetItem(codes, word)
                    if entry == NULL:
                        lower = word.lower()
                        utf8 = PyUnicode_AsUTF8AndSize(lower, &length)
                        code = crc32_of(<const uchar *> utf8, length) | 1
                        keep = lower in kept or len(word) == 1 or (kinds[w] and not word.isalpha())
                        skeleton = code if keep else 0
                        codes[word] = (code, skeleton)
                        content += not keep
                    else:
                        skeleton = (<tuple> <object> entry)[1]
                    skeleton64 = skeleton
                    buf_add(&skeletons, &skeleton64, 8)
                    i32 = <int32_t> number
                    buf_add(&sentence_of, &i32, 4)
                    written.append(word)
                if count >= min_words:
                    unique = set()
                    for word in written:
                        unique.add((<tuple> codes[word])[0])
                    for value in unique:
                        buf_u32(&hashes, value)
                    i32 = <int32_t> len(unique)
                    buf_add(&distinct, &i32, 4)
                    i32 = <int32_t> count
                    buf_add(&weight, &i32, 4)
                    inside.update(written[1:])
                    long_sentences += 1
                number += 1
                spans.len = 0
                kinds.clear()
            if i >= n:
                break
        return (bytes((<char *> hashes.data)[:hashes.len]) if hashes.len else b"",
                bytes((<char *> distinct.data)[:distinct.len]) if distinct.len else b"",
                bytes((<char *> weight.data)[:weight.len]) if weight.len else b"",
                bytes((<char *> skeletons.data)[:skeletons.len]) if skeletons.len else b"",
                bytes((<char *> sentence_of.data)[:sentence_of.len]) if sentence_of.len else b"",
                codes, inside, content)
    finally:
        PyMem_Free(hashes.data); PyMem_Free(distinct.data); PyMem_Free(weight.data)
        PyMem_Free(skeletons.data); PyMem_Free(sentence_of.data); PyMem_Free(spans.data)


def term_counts(str text, str word_class, object terms_of, object language, dict known, dict changed) -> dict:
    """The term counting of ``scrapers.textindex`` (``_lexbor_py.term_counts`` documents it)."""
    cdef CharClasses t = classes_of((word_class,))
    cdef int kind = PyUnicode_KIND(text)
    cdef const void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i = 0, end
    cdef PyObject *entry
    cdef dict counts = {}
    cdef dict tf = {}
    cdef tuple terms
    while i < n:
        if not class_of(t, PyUnicode_READ(kind, data, i)) & 1:
            i += 1
            continue
        end = run_of(t, kind, data, i + 1, n, 1)
        word = PyUnicode_Substring(text, i, end)
        entry = PyDict_GetItem(counts, word)
        counts[word] = 1 if entry == NULL else <object> entry + 1
        i = end
    for word, count in counts.items():
        entry = PyDict_GetItem(known, word)
        if entry == NULL:
            terms = known[word] = terms_of(word, language)
        else:
            terms = <tuple> entry
        if len(terms) == 1 and terms[0] == word:
            entry = PyDict_GetItem(tf, word)
            tf[word] = count if entry == NULL else <object> entry + count
            continue
        for term in terms:
            entry = PyDict_GetItem(tf, term)
            tf[term] = count if entry == NULL else <object> entry + count
        changed[word] = terms
    return tf


cdef extern from "Python.h":
    str PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)
    int PyUnicode_4BYTE_KIND


def translate(str text, object table) -> str:
    """``text.translate(table)`` for a ``table`` that maps every code point to a str (such as a dict that makes
    missing entries), reading an ASCII character through the table only once per call: text in a Latin script
    is mostly ASCII, where ``str.translate`` looks every character up once it has met a non-ASCII one."""
    cdef int kind = PyUnicode_KIND(text)
    cdef const void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i, j, m
    cdef Py_UCS4 c
    cdef signed char same[128]  # per ASCII character: 1 maps to itself, 0 not, -1 not yet read
    cdef Buf out
    cdef str value
    memset(same, -1, sizeof(same))
    memset(&out, 0, sizeof(Buf))
    try:
        for i in range(n):
            c = PyUnicode_READ(kind, data, i)
            if c < 128:
                if same[c] < 0:
                    same[c] = table[<long> c] == chr(c)
                if same[c]:
                    buf_add(&out, &c, 4)
                    continue
            value = table[<long> c]
            m = len(value)
            for j in range(m):
                c = value[j]
                buf_add(&out, &c, 4)
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out.data, out.len // 4)
    finally:
        PyMem_Free(out.data)


cdef extern from "Python.h":
    Py_UCS4 Py_UNICODE_TOLOWER(Py_UCS4 ch) nogil
    bint PyUnicode_IS_ASCII(object text)


def fold_case(str text) -> str:
    """``text.lower().replace("\u2019", "'")`` in one pass: ``str.lower`` looks every character up in the Unicode
    tables once the text holds a non-ASCII one (a curly quote), here only the non-ASCII ones are. Their simple
    lower-case mapping (``Py_UNICODE_TOLOWER``) is ``str.lower``'s for every character but two, whose texts go
    to ``str.lower``: the capital sigma (lowered by its context) and the capital I with a dot (lowered to two)."""
    if PyUnicode_IS_ASCII(text):
        return text.lower()
    cdef int kind = PyUnicode_KIND(text)
    cdef const void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i
    cdef uint32_t c  # (a number: Cython reads a Py_UCS4 in an expression as a one-character str)
    cdef Py_UCS4 *out = <Py_UCS4 *> PyMem_Malloc(n * sizeof(Py_UCS4))
    if out == NULL:
        raise MemoryError()
    try:
        for i in range(n):
            c = PyUnicode_READ(kind, data, i)
            if c < 128:
                out[i] = c | 0x20 if 65 <= c <= 90 else c
            elif c == 0x2019:
                out[i] = 39
            elif c == 0x3A3 or c == 0x130:
                return text.lower().replace("\u2019", "'")
            else:
                out[i] = Py_UNICODE_TOLOWER(c)
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, n)
    finally:
        PyMem_Free(out)


def skeleton_shingles(const uint64_t[::1] ids, const int32_t[::1] sentence_of, const uint64_t[::1] multipliers,
                      Py_ssize_t min_kept) -> bytes:
    """The shingle hashes of ``scrapers.similarity`` (``_lexbor_py.skeleton_shingles`` documents them)."""
    cdef Py_ssize_t k = multipliers.shape[0], n = ids.shape[0], i, j, kept
    cdef uint64_t total
    cdef Buf out
    memset(&out, 0, sizeof(Buf))
    try:
        for i in range(n - k + 1 if n >= k else 0):
            if sentence_of[i] != sentence_of[i + k - 1]:
                continue
            kept = 0
            total = 0
            for j in range(k):
                kept += ids[i + j] != 0
                total += ids[i + j] * multipliers[j]
            if kept >= min_kept:
                total >>= 32
                buf_add(&out, &total, 8)
        return bytes((<char *> out.data)[:out.len]) if out.len else b""
    finally:
        PyMem_Free(out.data)


# ---- sketch comparison: parallel sentences ----
#
# ``scrapers.similarity.compare``'s work on two sketches: which sentences are parallel, how many words they
# hold, and how many of their facts agree. In numpy it is some thirty calls of ~1 µs each per pair, most
# of a page's landing cost in stories; here one pass over each array. Every float is computed as numpy
# computes it (the Dice quotient of the same doubles; sums of doubles in numpy's pairwise order), so
# the rounded answers are the numpy twin's, bit for bit.

cdef double pairwise_sum(const double *a, Py_ssize_t n) noexcept nogil:
    """numpy's sum of float64 (``pairwise_sum`` in its loops: eight partial sums per block of up to 128,
    blocks halved recursively), so that the rounding is the same."""
    cdef Py_ssize_t i, half
    cdef double r[8]
    cdef double res
    if n < 8:
        res = 0.
        for i in range(n):
            res += a[i]
        return res
    if n <= 128:
        for i in range(8):
            r[i] = a[i]
        i = 8
        while i < n - (n % 8):
            r[0] += a[i]; r[1] += a[i + 1]; r[2] += a[i + 2]; r[3] += a[i + 3]
            r[4] += a[i + 4]; r[5] += a[i + 5]; r[6] += a[i + 6]; r[7] += a[i + 7]
            i += 8
        res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < n:
            res += a[i]
            i += 1
        return res
    half = n // 2
    half -= half % 8
    return pairwise_sum(a, half) + pairwise_sum(a + half, n - half)


cdef (double, double) word_shares(const int32_t[::1] weight, const double *best, double parallel_dice,
                                  double *products) noexcept:
    """(share of the words in parallel sentences, their weighted mean Dice), as ``_lexbor_py._shares``."""
    cdef Py_ssize_t i, n = 0
    cdef int64_t matched = 0, total = 0
    for i in range(weight.shape[0]):
        total += weight[i]
        if best[i] >= parallel_dice:
            matched += weight[i]
            products[n] = <double> weight[i] * best[i]
            n += 1
    if not matched:
        return 0.0, 0.0
    return <double> matched / <double> total, pairwise_sum(products, n) / <double> matched


cdef struct WordTable:
    # A sketch's entries by word, for the comparisons of one pair: an open-addressing table of ``mask + 1``
    # slots, each -1 or an entry whose word it holds; ``next`` chains the other entries of that word, and
    # ``sentence`` is each entry's sentence. Built in one pass (no sort: sorting the words, numpy's ``by_word``,
    # cost ~25 us a sketch, most of a comparison when the landing writer compares a sketch once or twice).
    int32_t *slots
    int32_t *next
    int32_t *sentence
    const uint32_t *words
    Py_ssize_t mask


cdef inline Py_ssize_t word_slot(uint32_t word, Py_ssize_t mask) noexcept nogil:
    cdef uint32_t h = word ^ (word >> 16)  # the words are crc32 hashes already: a little mixing is enough
    h *= 0x45D9F3B
    return <Py_ssize_t> ((h ^ (h >> 16)) & <uint32_t> mask)


cdef int word_table(WordTable *table, const uint32_t[::1] words, const int32_t[::1] distinct) except -1:
    """Fill ``table`` with the entries of a sketch (``words``, sentence after sentence, ``distinct`` per sentence)."""
    cdef Py_ssize_t n = words.shape[0], size = 8, i, k, at = 0
    cdef int32_t s
    while size < 2 * n:
        size *= 2
    table.slots = <int32_t *> PyMem_Malloc((size + 2 * n) * sizeof(int32_t))
    if table.slots == NULL:
        raise MemoryError()
    table.next, table.sentence, table.words, table.mask = table.slots + size, table.slots + size + n, &words[0] \
        if n else NULL, size - 1
    memset(table.slots, 0xFF, size * sizeof(int32_t))
    for s in range(distinct.shape[0]):
        for k in range(at, at + distinct[s]):
            table.sentence[k] = s
        at += distinct[s]
    for k in range(n):
        i = word_slot(words[k], table.mask)
        while table.slots[i] != -1 and words[table.slots[i]] != words[k]:
            i = (i + 1) & table.mask
        table.next[k] = table.slots[i]
        table.slots[i] = <int32_t> k
    return 0


cdef inline int32_t first_entry(const WordTable *table, uint32_t word) noexcept nogil:
    """An entry of ``table`` with this word (the others follow through ``next``), or -1."""
    cdef Py_ssize_t i = word_slot(word, table.mask)
    while table.slots[i] != -1:
        if table.words[table.slots[i]] == word:
            return table.slots[i]
        i = (i + 1) & table.mask
    return -1


cdef bint has_word(const WordTable *table, uint32_t word, int32_t sentence) noexcept nogil:
    """Whether sentence ``sentence`` of the table's sketch has ``word``."""
    cdef int32_t k = first_entry(table, word)
    while k != -1:
        if table.sentence[k] == sentence:
            return True
        k = table.next[k]
    return False


cdef void count_facts(object text, const WordTable *mine, const WordTable *other, const int32_t *partner,
                      const double *best, double parallel_dice, int64_t *counts):
    """Adds the text's [numbers found, numbers, names found, names] in parallel sentences, as ``_lexbor_py._found``."""
    cdef const uint32_t[::1] entries
    cdef Py_ssize_t i, kind
    cdef int32_t s
    for kind, facts in enumerate((text.numbers, text.names)):
        entries = facts
        for i in range(entries.shape[0]):
            s = mine.sentence[entries[i]]
            if best[s] >= parallel_dice:
                counts[2 * kind + 1] += 1
                counts[2 * kind] += has_word(other, mine.words[entries[i]], partner[s])


def parallel_sentences(a, b, double parallel_dice, double same_story):
    """``scrapers.similarity.compare``'s measures of two sketches (``_lexbor_py.parallel_sentences`` documents them).
    The words in common are found through a table of each sketch's words made for the pair (``WordTable``)."""
    cdef const uint32_t[::1] wa = a.words, wb = b.words
    cdef const int32_t[::1] da = a.distinct, db = b.distinct
    cdef Py_ssize_t rows = da.shape[0], cols = db.shape[0], x, y, pairs = 0
    cdef int32_t k, row
    cdef int32_t *overlap = NULL
    cdef int32_t *partner_a = NULL
    cdef int32_t *partner_b
    cdef double *best_a = NULL
    cdef double *best_b
    cdef double *products
    cdef double dice
    cdef (double, double) share_a, share_b, best
    cdef int64_t counts[4]
    cdef WordTable table_a, table_b
    if not rows or not cols:
        return None
    table_a.slots = table_b.slots = NULL
    try:
        word_table(&table_a, wa, da)
        word_table(&table_b, wb, db)
        overlap = <int32_t *> PyMem_Malloc(rows * cols * sizeof(int32_t))
        partner_a = <int32_t *> PyMem_Malloc((rows + cols) * sizeof(int32_t))
        best_a = <double *> PyMem_Malloc((2 * (rows + cols)) * sizeof(double))
        if overlap == NULL or partner_a == NULL or best_a == NULL:
            raise MemoryError()
        partner_b, best_b, products = partner_a + rows, best_a + rows, best_a + rows + cols
        memset(overlap, 0, rows * cols * sizeof(int32_t))
        for x in range(wa.shape[0]):  # words in common: each pair of entries with the same word
            row = table_a.sentence[x] * <int32_t> cols
            k = first_entry(&table_b, wa[x])
            while k != -1:
                overlap[row + table_b.sentence[k]] += 1
                pairs += 1
                k = table_b.next[k]
        if not pairs:
            return None
        for x in range(rows):  # each sentence's most similar one (the first of equals), and their Dice
            for y in range(cols):
                dice = 2.0 * <double> overlap[x * cols + y] / <double> (da[x] + db[y])
                if y == 0 or dice > best_a[x]:
                    best_a[x], partner_a[x] = dice, y
                if x == 0 or dice > best_b[y]:
                    best_b[y], partner_b[y] = dice, x
        share_a = word_shares(a.weight, best_a, parallel_dice, products)
        share_b = word_shares(b.weight, best_b, parallel_dice, products)
        best = share_b if share_b[0] > share_a[0] or (share_b[0] == share_a[0] and share_b[1] > share_a[1]) \
            else share_a
        if best[0] < same_story or a.numbers is None or b.numbers is None:
            return best[0], best[1], None
        memset(counts, 0, sizeof(counts))
        count_facts(a, &table_a, &table_b, partner_a, best_a, parallel_dice, counts)
        count_facts(b, &table_b, &table_a, partner_b, best_b, parallel_dice, counts)
        return best[0], best[1], (counts[0], counts[1], counts[2], counts[3])
    finally:
        PyMem_Free(overlap)
        PyMem_Free(partner_a)
        PyMem_Free(best_a)
        PyMem_Free(table_a.slots)
        PyMem_Free(table_b.slots)


# --- h-speed: record-side text kernels (the junk test of a fetched document, the tidiness test of a text) ---


def junk_count(const uchar[::1] data) -> int:
    """How many bytes of ``data`` are control characters (0x00-0x08, 0x0E-0x1F, 0x7F: tab, line breaks and form
    feed aside), plus how many U+FFFD (EF BF BD) it holds: what binary junk decoded as text is made of. One pass
    (``bytes.translate`` and ``bytes.count`` make two, and a copy)."""
    cdef Py_ssize_t n = data.shape[0], i, count = 0
    if n == 0:
        return 0
    cdef const uchar *s = &data[0]
    cdef const uchar *at = s
    cdef uchar b
    for i in range(n):  # (no branch in the loop: the compiler reads it many bytes at a time)
        b = s[i]
        count += (b < 0x09) + (<uchar> (b - 0x0E) < 0x12) + (b == 0x7F)
    while True:  # U+FFFD holds no control byte, nor can two of them overlap
        at = <const uchar *> memmem(at, n - (at - s), b"\xef\xbf\xbd", 3)
        if at == NULL:
            return count
        count += 1
        at += 3


def is_clean(str text) -> bool:
    """Whether ``scrapers.normalise.clean_text`` leaves ``text`` as it is: no whitespace but spaces and line
    breaks (nor U+200B), no space doubled or beside a line break, no three line breaks in a row, none at the ends."""
    cdef int kind = PyUnicode_KIND(text)
    cdef const void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i, breaks = 0
    cdef Py_UCS4 c, before = 0
    if n == 0:
        return True
    if Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, 0)) or Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, n - 1)):
        return False
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if c == 10:  # "\n"
            breaks += 1
            if before == 32 or breaks == 3:
                return False
        elif c == 32:
            if before == 32 or before == 10:
                return False
            breaks = 0
        else:
            if c == 0x200B or Py_UNICODE_ISSPACE(c):
                return False
            breaks = 0
        before = c
    return True


# --- h-perf: the body walk's memo of element flags, in C ---
# The walk asks flags_of(class, id) of a few hundred elements a page, nearly all of them pairs met before (a site's
# class names repeat). Looking each up in the memo dict made a bytes object and hashed it with SipHash; this table,
# which mirrors the dict the walk is given (every entry in it is one the dict holds too), finds a pair by its bytes
# with neither; a pair it lacks is looked up in the dict before flags_of is asked. It follows one dict at a time: a
# walk given another dict, or one whose size changed behind its back (the pure-Python walk filled it, or a caller
# cleared it), starts it afresh.

cdef struct MemoSlot:
    uint64_t hash
    size_t start  # where the key's bytes start in memo_keys
    size_t length
    long value
    bint used

cdef MemoSlot *memo_slots = NULL
cdef size_t memo_mask = 0, memo_count = 0
cdef Buf memo_keys
cdef object memo_owner = None  # the dict the table mirrors
cdef Py_ssize_t memo_size = -1  # that dict's size when the table last wrote to it


cdef inline uint64_t memo_hash(const uchar *s, size_t n) noexcept nogil:
    """A hash of the key's bytes, read eight at a time (a class string is some thirty bytes, and a page has hundreds
    of elements with one: FNV-1a's multiply per byte was a tenth of the walk), mixed as MurmurHash3's finaliser
    does, so that the low bits that pick a slot depend on every byte."""
    cdef uint64_t h = 0x9E3779B97F4A7C15ULL ^ n, w
    cdef size_t i = 0
    while i + 8 <= n:
        memcpy(&w, s + i, 8)
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL
        h ^= h >> 32
        i += 8
    if i < n:
        w = 0
        memcpy(&w, s + i, n - i)
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL
    h ^= h >> 33
    h *= 0xC4CEB9FE1A85EC53ULL
    return h ^ (h >> 33)


cdef inline bint memo_find(uint64_t hash, const uchar *key, size_t n, long *value) noexcept nogil:
    """Whether the table holds ``key``, its flags put in ``value``."""
    if memo_slots == NULL:
        return False
    cdef size_t i = hash & memo_mask
    while memo_slots[i].used:
        if (memo_slots[i].hash == hash and memo_slots[i].length == n
                and memcmp(memo_keys.data + memo_slots[i].start, key, n) == 0):
            value[0] = memo_slots[i].value
            return True
        i = (i + 1) & memo_mask
    return False


cdef int memo_alloc(size_t size) except -1:
    """Put ``size`` (a power of two) empty slots in place of the table's, which the caller frees or has freed; on
    failure the table is left as it was."""
    global memo_slots, memo_mask
    cdef MemoSlot *slots = <MemoSlot *> PyMem_Malloc(size * sizeof(MemoSlot))
    if slots == NULL:
        raise MemoryError()
    memset(slots, 0, size * sizeof(MemoSlot))
    memo_slots, memo_mask = slots, size - 1
    return 0


cdef int memo_reset() except -1:
    """Empty the table (a fresh start: the first pages' pairs fill it again)."""
    global memo_slots, memo_mask, memo_count
    PyMem_Free(memo_slots)
    memo_slots, memo_mask, memo_count = NULL, 0, 0
    memo_keys.len = 0
    memo_alloc(1024)
    return 0


cdef int memo_follow(dict memo) except -1:
    """Make the table mirror ``memo``, the dict of the walk about to start."""
    global memo_owner, memo_size
    if memo is not memo_owner or len(memo) != memo_size or memo_slots == NULL:
        memo_reset()
        memo_owner, memo_size = memo, len(memo)
    return 0


cdef int memo_add(dict memo, uint64_t hash, const uchar *key, size_t n, long value) except -1:
    """Record a pair the walk has just written to ``memo`` (kept at most half full: short probes)."""
    global memo_count, memo_size
    cdef MemoSlot *old
    cdef size_t i, size
    if (memo_count + 1) * 2 > memo_mask + 1:
        old, size = memo_slots, memo_mask + 1
        memo_alloc(2 * size)
        for i in range(size):
            if old[i].used:
                memo_place(old[i])
        PyMem_Free(old)
    cdef MemoSlot slot
    slot.hash, slot.start, slot.length, slot.value, slot.used = hash, memo_keys.len, n, value, True
    buf_add(&memo_keys, key, n)
    memo_place(slot)
    memo_count += 1
    memo_size = len(memo)
    return 0


cdef inline void memo_place(MemoSlot slot) noexcept nogil:
    cdef size_t i = slot.hash & memo_mask
    while memo_slots[i].used:
        i = (i + 1) & memo_mask
    memo_slots[i] = slot


# --- language guess: the letter and stopword census of an undeclared page's text ---


def alpha_count(str text) -> int:
    """How many characters of ``text`` are letters (``sum(map(str.isalpha, text))``, without a call a character)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef const void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t i, count = 0
    for i in range(len(text)):
        count += Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, i))
    return count


cdef inline bint word_char(Py_UCS4 ch) noexcept nogil:
    """A character of ``[^\\W\\d_]`` in a ``re`` pattern on str: a letter or a number other than a decimal digit."""
    return Py_UNICODE_ISALNUM(ch) and not Py_UNICODE_ISDECIMAL(ch)


def word_counts(str text, frozenset wanted) -> tuple:
    """How many words (runs of ``[^\\W\\d_]``) ``text`` holds, and how often each of those in ``wanted`` occurs
    (a dict of the ones that do): ``re.findall`` and a ``Counter`` of its list without a str made for each word
    longer than every wanted one."""
    cdef int kind = PyUnicode_KIND(text)
    cdef const void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i = 0, start, words = 0, longest = 0
    cdef dict counts = {}
    for word in wanted:
        longest = max(longest, len(<str> word))
    while True:
        while i < n and not word_char(PyUnicode_READ(kind, data, i)):
            i += 1
        if i == n:
            return words, counts
        start = i
        while i < n and word_char(PyUnicode_READ(kind, data, i)):
            i += 1
        words += 1
        if i - start <= longest:
            word = PyUnicode_Substring(text, start, i)
            if word in wanted:
                counts[word] = counts.get(word, 0) + 1
