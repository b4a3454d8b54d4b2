/*
 * scrapers._lexbor: the extractor's two hot loops, run over selectolax's lexbor tree in C.
 *
 * Why C: a Python walk over a news page touches every node through a Python object
 * (2,000-5,000 of them a page), which cost more than lexbor's whole parse. These loops
 * read the same tree straight from lexbor's structs instead:
 *
 *   index(root_mem, ...)            the elements with a class or id (or one of tag_ids):
 *                                   their addresses, tag ids, class and id values; and the
 *                                   hidden elements, article and main hints, in the same pass
 *   nodes(parser, mems)             selectolax LexborNode objects for such addresses
 *   walk(root_mem, ...)             the body walk of scrapers/extract/body.py: text blocks
 *                                   with the chain of block elements they sit in, and the
 *                                   score and block parent of each element that holds blocks
 *   text_length(mem, limit)         characters of visible-kind text below an element
 *   ancestors(mems, root_mem)       which elements are below root, and their ancestor chains
 *   outermost(mems)                 the elements not inside another of them
 *   tagged_below(mem, tag)          the descendants with a tag
 *   text_nodes(mem, mark, max)      the non-blank text of a subtree, in order
 *   is_utf8(data)                   whether fetched bytes can go to the parser as they are
 *   count_byte(data, byte)          bytes.count for one byte, eight bytes at a time
 *   use_node_type(LexborNode)       the class `nodes` makes (checked against its size)
 *   use_tags(table, bits, Block)    the walk's tag table, vocabulary flag bits and block type (body.py)
 *
 * selectolax ships no lexbor headers, so the few structs read here are declared below,
 * copied from lexbor 3.x (selectolax 1.0 bundles lexbor 3.1). scrapers/lextree.py checks them
 * against selectolax's own answers on a probe page at import and refuses to load when they
 * disagree, so a selectolax release with another layout fails loudly at import, never silently.
 * Nothing here writes to the tree; every loop is iterative (no recursion on page depth).
 */
#define _GNU_SOURCE  /* memmem */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

/* ---- lexbor 3.x structs (lexbor/dom/interfaces/{node,element,attr,character_data}.h) ---- */

typedef struct { unsigned char *data; size_t length; } lx_str;

typedef struct lx_node lx_node;
struct lx_node {
    void *events;            /* lxb_dom_event_target_t */
    uintptr_t local_name;    /* tag id */
    uintptr_t prefix;
    uintptr_t ns;
    void *owner_document;
    lx_node *next;
    lx_node *prev;
    lx_node *parent;
    lx_node *first_child;
    lx_node *last_child;
    void *user;
    int type;                /* lxb_dom_node_type_t */
};

typedef struct lx_attr lx_attr;
typedef struct lx_element lx_element;
struct lx_element {
    lx_node node;
    uintptr_t upper_name;
    uintptr_t qualified_name;
    lx_str *is_value;
    lx_attr *first_attr;
    lx_attr *last_attr;
    lx_attr *attr_id;
    lx_attr *attr_class;
};

struct lx_attr {
    lx_node node;
    uintptr_t upper_name;
    uintptr_t qualified_name;
    lx_str *value;
    lx_element *owner;
    lx_attr *next;
    lx_attr *prev;
};

typedef struct { lx_node node; lx_str data; } lx_chardata;

/* An attribute name outside lexbor's static table: its id is the address of an lxb_dom_attr_data_t,
 * which starts with this hash entry (lexbor/core/hash.h) holding the lower-cased name. */
#define LX_HASH_SHORT_SIZE 16
typedef struct {
    union { unsigned char *long_str; unsigned char short_str[LX_HASH_SHORT_SIZE + 1]; } u;
    size_t length;
} lx_hash_entry;
#define LX_ATTR_CONTENT 0x0010
#define LX_ATTR_HREF 0x001d
#define LX_ATTR_HTTP_EQUIV 0x0020
#define LX_ATTR_REL 0x0032
#define LX_ATTR_STYLE 0x003e
#define LX_ATTR_TYPE 0x0043
#define LX_ATTR_LAST_ENTRY 0x0049

enum { NODE_ELEMENT = 1, NODE_TEXT = 3 };

/* selectolax's LexborNode instance (Cython cdef class with cdef methods: a vtable first). */
typedef struct {
    PyObject_HEAD
    void *vtab;
    lx_node *node;
    PyObject *parser;
    int is_fragment_root;
    int is_template_content;
} slx_node;

/* ---- configuration from body.py ---- */

#define TAG_TABLE 512
#define MEMO_LIMIT 65536
enum {
    T_SKIP = 1, T_BLOCK = 2, T_CELL = 4, T_UNNAMED = 8, T_CAPTION = 16, T_CHROME = 32, T_LINK = 64, T_BR = 128,
    T_HEADING = 256,
};
static unsigned short tag_bits[TAG_TABLE];
static PyObject *tag_names[TAG_TABLE];  /* names of the tags in the table, for Block.tag */
static long f_hidden, f_caption, f_furniture;
static PyTypeObject *node_type;         /* selectolax.lexbor.LexborNode */
static PyTypeObject *block_type;        /* body.Block: a tuple subclass of 7 fields */

/* Cue words: which of up to 8 word lists a short block mentions (ASCII letters compared case-blind),
 * so that the Python tests behind them run only on blocks that can pass them. */
#define MAX_CUES 64
static unsigned char *cue_word[MAX_CUES];
static size_t cue_len[MAX_CUES];
static unsigned char cue_bit[MAX_CUES];
static uint64_t cue_first[256];  /* per (lower-cased) first byte: the words starting with it */
static uint64_t cue_second[256]; /* per second byte: the words with it second, and all one-byte words */
static uint64_t cue_single;      /* the one-byte words */
static int n_cues;
static Py_ssize_t cue_limit;      /* longest block (in characters) that gets its cues read */
static PyObject *empty_tuple, *empty_str;

static inline unsigned tag_of(const lx_node *node) {
    return node->local_name < TAG_TABLE ? tag_bits[node->local_name] : 0;
}

static PyObject *str_of(const lx_attr *attr) {
    if (attr == NULL || attr->value == NULL || attr->value->data == NULL) {
        Py_INCREF(empty_str);
        return empty_str;
    }
    return PyUnicode_DecodeUTF8((const char *)attr->value->data, (Py_ssize_t)attr->value->length, "replace");
}

static int ptr_arg(PyObject *obj, lx_node **out) {
    void *ptr = PyLong_AsVoidPtr(obj);
    if (ptr == NULL) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "null node address");
        return -1;
    }
    *out = (lx_node *)ptr;
    return 0;
}

/* Pre-order successor of `node` within the subtree of `root` (children first). */
static inline lx_node *next_in(lx_node *node, const lx_node *root, int enter) {
    if (enter && node->first_child != NULL) return node->first_child;
    while (node != root) {
        if (node->next != NULL) return node->next;
        node = node->parent;
    }
    return NULL;
}

/* ---- growable arrays ---- */

typedef struct { unsigned char *data; size_t len, cap; } buffer;

static int buf_add(buffer *b, const void *data, size_t n) {
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n) cap *= 2;
        unsigned char *grown = PyMem_Realloc(b->data, cap);
        if (grown == NULL) { PyErr_NoMemory(); return -1; }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
    return 0;
}

/* ---- index ---- */

static int name_is(const lx_attr *attr, const char *name) {
    uintptr_t id = attr->node.local_name;
    if (id < LX_ATTR_LAST_ENTRY) return 0;  /* a static name: none of those asked about here */
    const lx_hash_entry *entry = (const lx_hash_entry *)id;
    size_t len = strlen(name);
    const unsigned char *data = entry->length <= LX_HASH_SHORT_SIZE ? entry->u.short_str : entry->u.long_str;
    return entry->length == len && memcmp(data, name, len) == 0;
}

static inline unsigned char fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? c | 0x20 : c; }

/* The text of an element's own text children (a <title>'s one text node), as str. */
static PyObject *child_text(const lx_element *el) {
    buffer text = {0};
    for (const lx_node *child = el->node.first_child; child != NULL; child = child->next) {
        const lx_str *data = &((const lx_chardata *)child)->data;
        if (child->type == NODE_TEXT && data->length && buf_add(&text, data->data, data->length) < 0) {
            PyMem_Free(text.data);
            return NULL;
        }
    }
    PyObject *str = PyUnicode_DecodeUTF8(text.len ? (const char *)text.data : "", (Py_ssize_t)text.len, "replace");
    PyMem_Free(text.data);
    return str;
}

/* The attribute of `el` with the static name id `id`, or NULL. */
static const lx_attr *attr_by_id(const lx_element *el, uintptr_t id) {
    for (const lx_attr *attr = el->first_attr; attr != NULL; attr = attr->next)
        if (attr->node.local_name == id) return attr;
    return NULL;
}

/* Add an attribute's value, ASCII letters lower-cased, to a set of str. */
static int add_folded(PyObject *set, const lx_attr *attr) {
    if (attr->value == NULL || attr->value->data == NULL) return 0;
    buffer folded = {0};
    if (buf_add(&folded, attr->value->data, attr->value->length) < 0) return -1;
    for (size_t i = 0; i < folded.len; i++) folded.data[i] = fold(folded.data[i]);
    PyObject *str = PyUnicode_DecodeUTF8(folded.len ? (const char *)folded.data : "", (Py_ssize_t)folded.len, "replace");
    PyMem_Free(folded.data);
    int bad = str == NULL || PySet_Add(set, str) < 0;
    Py_XDECREF(str);
    return bad ? -1 : 0;
}

/* An ASCII-case-insensitive value test, `value` given in lower case. */
static int value_is_folded(const lx_attr *attr, const char *value) {
    size_t len = strlen(value);
    if (attr->value == NULL || attr->value->length != len) return 0;
    for (size_t i = 0; i < len; i++)
        if (fold(attr->value->data[i]) != value[i]) return 0;
    return 1;
}

static int value_is(const lx_attr *attr, const char *value) {
    size_t len = strlen(value);
    return attr->value != NULL && attr->value->length == len && memcmp(attr->value->data, value, len) == 0;
}

/* An ASCII-case-insensitive match of `word` at s[i], or 0. */
static size_t word_at(const unsigned char *s, size_t n, size_t i, const char *word) {
    size_t len = strlen(word);
    if (i + len > n) return 0;
    for (size_t k = 0; k < len; k++)
        if ((s[i + k] | 0x20) != word[k]) return 0;
    return len;
}

static size_t skip_ws(const unsigned char *s, size_t n, size_t i) {
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f')) i++;
    return i;
}

/* Whether an inline style says display: none or visibility: hidden (as /display\s*:\s*none|.../i). */
static int style_hides(const lx_str *style) {
    if (style == NULL || style->data == NULL) return 0;
    const unsigned char *s = style->data;
    size_t n = style->length;
    static const char *rules[2][2] = {{"display", "none"}, {"visibility", "hidden"}};
    for (size_t i = 0; i < n; i++) {
        for (int r = 0; r < 2; r++) {
            size_t len = word_at(s, n, i, rules[r][0]);
            if (!len) continue;
            size_t j = skip_ws(s, n, i + len);
            if (j < n && s[j] == ':' && word_at(s, n, skip_ws(s, n, j + 1), rules[r][1])) return 1;
        }
    }
    return 0;
}

/* An attribute's value as str, or None when the attribute has no value (or is absent). */
static PyObject *value_or_none(const lx_attr *attr) {
    if (attr == NULL || attr->value == NULL || attr->value->data == NULL) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8((const char *)attr->value->data, (Py_ssize_t)attr->value->length, "replace");
}

/* (content, property, name, itemprop, http-equiv) of a <meta>: its values, None where absent. */
static int append_meta(PyObject *list, lx_element *el) {
    const lx_attr *found[5] = {NULL, NULL, NULL, NULL, NULL};
    for (const lx_attr *attr = el->first_attr; attr != NULL; attr = attr->next) {
        uintptr_t id = attr->node.local_name;
        int slot = id == LX_ATTR_CONTENT ? 0 : id == LX_ATTR_HTTP_EQUIV ? 4
                   : name_is(attr, "property") ? 1 : name_is(attr, "name") ? 2 : name_is(attr, "itemprop") ? 3 : -1;
        if (slot >= 0 && found[slot] == NULL) found[slot] = attr;
    }
    if (found[0] == NULL || found[0]->value == NULL) return 0;  /* no content: nothing to read */
    PyObject *values[5];
    for (int i = 0; i < 5; i++) values[i] = value_or_none(found[i]);
    PyObject *row = NULL;
    if (values[0] && values[1] && values[2] && values[3] && values[4])
        row = PyTuple_Pack(5, values[0], values[1], values[2], values[3], values[4]);
    for (int i = 0; i < 5; i++) Py_XDECREF(values[i]);
    int bad = row == NULL || PyList_Append(list, row) < 0;
    Py_XDECREF(row);
    return bad ? -1 : 0;
}

/* The text of a <script type="application/ld+json"> (the type compared case-blind), else nothing. */
static int append_jsonld(PyObject *list, lx_element *el) {
    const lx_attr *type = attr_by_id(el, LX_ATTR_TYPE);
    if (type == NULL || !value_is_folded(type, "application/ld+json")) return 0;
    PyObject *str = child_text(el);
    int bad = str == NULL || PyList_Append(list, str) < 0;
    Py_XDECREF(str);
    return bad ? -1 : 0;
}

static int append_mem(PyObject *list, lx_node *node) {
    PyObject *mem = PyLong_FromVoidPtr(node);
    int bad = mem == NULL || PyList_Append(list, mem) < 0;
    Py_XDECREF(mem);
    return bad ? -1 : 0;
}

/* One attribute of every indexed element, as scrapers.htmlindex._Column wants it: the values joined by
 * NUL into one str, and the start of each (in characters) plus one past the end, as int64 bytes. */
typedef struct { buffer joined; buffer starts; int64_t chars; } column;

static int column_add(column *col, const lx_attr *attr) {
    const unsigned char *data = attr && attr->value && attr->value->data ? attr->value->data : NULL;
    size_t len = data ? attr->value->length : 0;
    if (buf_add(&col->starts, &col->chars, sizeof col->chars) < 0 || (len && buf_add(&col->joined, data, len) < 0)
        || buf_add(&col->joined, "", 1) < 0)
        return -1;
    for (size_t i = 0; i < len; i++) col->chars += (data[i] & 0xC0) != 0x80;
    col->chars += 1;
    return 0;
}

/* (text, starts): the characters counted while joining are right when the values are valid UTF-8, which
 * the extractor's parser input always is; otherwise each value is decoded (with replacement) by itself. */
static PyObject *column_result(column *col) {
    size_t n = col->starts.len / sizeof(int64_t);
    Py_ssize_t bytes = col->joined.len ? (Py_ssize_t)col->joined.len - 1 : 0;  /* no separator after the last */
    PyObject *text = PyUnicode_DecodeUTF8((const char *)col->joined.data, bytes, "replace");
    if (text == NULL) return NULL;
    if (PyUnicode_GET_LENGTH(text) != (n ? col->chars - 1 : 0)) {
        Py_DECREF(text);
        int64_t *starts = (int64_t *)col->starts.data, at = 0;
        size_t offset = 0;
        PyObject *parts = PyList_New((Py_ssize_t)n), *sep = PyUnicode_FromOrdinal(0);
        for (size_t i = 0; parts && sep && i < n; i++) {
            size_t len = strlen((const char *)col->joined.data + offset);  /* values hold no NUL */
            PyObject *part = PyUnicode_DecodeUTF8((const char *)col->joined.data + offset, (Py_ssize_t)len, "replace");
            if (part == NULL) { Py_CLEAR(parts); break; }
            starts[i] = at;
            at += PyUnicode_GET_LENGTH(part) + 1;
            offset += len + 1;
            PyList_SET_ITEM(parts, (Py_ssize_t)i, part);
        }
        col->chars = at;
        text = parts && sep ? PyUnicode_Join(sep, parts) : NULL;
        Py_XDECREF(parts);
        Py_XDECREF(sep);
        if (text == NULL) return NULL;
    }
    if (buf_add(&col->starts, &col->chars, sizeof col->chars) < 0) { Py_DECREF(text); return NULL; }
    return Py_BuildValue("(Ny#)", text, (const char *)col->starts.data, (Py_ssize_t)col->starts.len);
}

static PyObject *lx_index(PyObject *self, PyObject *args) {
    PyObject *root_obj, *wanted;
    unsigned long article_tag, main_tag, meta_tag, script_tag, title_tag, link_tag;
    if (!PyArg_ParseTuple(args, "OO!kkkkkk", &root_obj, &PyFrozenSet_Type, &wanted, &article_tag, &main_tag, &meta_tag,
                          &script_tag, &title_tag, &link_tag))
        return NULL;
    PyObject *title = NULL, *canonical = NULL;  /* the first <title>'s text, the first canonical link's href */
    lx_node *root;
    if (ptr_arg(root_obj, &root) < 0) return NULL;
    unsigned char want[TAG_TABLE] = {0};
    PyObject *iter = PyObject_GetIter(wanted), *item;
    if (iter == NULL) return NULL;
    while ((item = PyIter_Next(iter)) != NULL) {
        long id = PyLong_AsLong(item);
        Py_DECREF(item);
        if (id >= 0 && id < TAG_TABLE) want[id] = 1;
    }
    Py_DECREF(iter);
    if (PyErr_Occurred()) return NULL;
    PyObject *result = NULL, *mems = PyList_New(0), *tagged = PyList_New(0);
    PyObject *hidden = PyList_New(0), *articles = PyList_New(0), *bodies = PyList_New(0), *mains = PyList_New(0);
    PyObject *dated = PyList_New(0), *metas = PyList_New(0), *scripts = PyList_New(0);
    PyObject *itemprops = PySet_New(NULL), *rels = PySet_New(NULL);  /* every value of those attributes */
    column classes = {0}, ids = {0};
    if (!mems || !tagged || !hidden || !articles || !bodies || !mains || !dated || !metas || !scripts || !itemprops
        || !rels)
        goto fail;
    for (lx_node *node = root; node != NULL; node = next_in(node, root, 1)) {
        if (node->type != NODE_ELEMENT) continue;
        lx_element *el = (lx_element *)node;
        int is_hidden = 0, is_body = 0, is_dated = 0, is_main = node->local_name == main_tag;
        for (const lx_attr *attr = el->first_attr; attr != NULL; attr = attr->next) {
            if (attr->node.local_name == LX_ATTR_STYLE) {
                is_hidden |= style_hides(attr->value);
                continue;
            }
            if (attr->node.local_name == LX_ATTR_REL) {
                if (add_folded(rels, attr) < 0) goto fail;
                continue;
            }
            if (attr->node.local_name < LX_ATTR_LAST_ENTRY) continue;  /* static names: none asked about below */
            switch (((const lx_hash_entry *)attr->node.local_name)->length) {  /* the names' lengths tell them apart */
            case 4:
                if (name_is(attr, "role")) is_main |= value_is(attr, "main");
                break;
            case 6:
                if (name_is(attr, "hidden")) is_hidden = 1;
                break;
            case 8:
                if (name_is(attr, "itemprop")) {
                    if (add_folded(itemprops, attr) < 0) goto fail;
                    is_body |= value_is(attr, "articleBody");
                    is_dated |= value_is_folded(attr, "datepublished") || value_is_folded(attr, "datemodified")
                                || value_is_folded(attr, "datecreated");
                }
                break;
            case 11:
                if (name_is(attr, "aria-hidden")) is_hidden |= value_is(attr, "true");
                break;
            }
        }
        if ((is_hidden && append_mem(hidden, node) < 0)
            || (node->local_name == article_tag && append_mem(articles, node) < 0)
            || (is_body && append_mem(bodies, node) < 0) || (is_main && append_mem(mains, node) < 0)
            || (is_dated && append_mem(dated, node) < 0)
            || (node->local_name == meta_tag && append_meta(metas, el) < 0)
            || (node->local_name == script_tag && append_jsonld(scripts, el) < 0))
            goto fail;
        if (node->local_name == title_tag && title == NULL && (title = child_text(el)) == NULL) goto fail;
        if (node->local_name == link_tag && canonical == NULL) {
            const lx_attr *rel = attr_by_id(el, LX_ATTR_REL);
            if (rel != NULL && value_is_folded(rel, "canonical")
                && (canonical = value_or_none(attr_by_id(el, LX_ATTR_HREF))) == NULL)
                goto fail;
        }
        if (el->attr_class == NULL && el->attr_id == NULL && !(node->local_name < TAG_TABLE && want[node->local_name]))
            continue;
        if (node->local_name < TAG_TABLE && want[node->local_name]) {
            PyObject *pair = Py_BuildValue("(nk)", PyList_GET_SIZE(mems), (unsigned long)node->local_name);
            int bad = pair == NULL || PyList_Append(tagged, pair) < 0;
            Py_XDECREF(pair);
            if (bad) goto fail;
        }
        if (append_mem(mems, node) < 0 || column_add(&classes, el->attr_class) || column_add(&ids, el->attr_id))
            goto fail;
    }
    PyObject *class_column = column_result(&classes), *id_column = class_column ? column_result(&ids) : NULL;
    if (id_column == NULL) {
        Py_XDECREF(class_column);
        goto fail;
    }
    result = Py_BuildValue("(NNNNNNNNNNNOONN)", mems, tagged, class_column, id_column, hidden, articles, bodies, mains,
                           dated, metas, scripts, title ? title : Py_None, canonical ? canonical : Py_None, itemprops,
                           rels);
    mems = tagged = hidden = articles = bodies = mains = dated = metas = scripts = itemprops = rels = NULL;  /* given */
fail:
    Py_XDECREF(mems); Py_XDECREF(tagged); Py_XDECREF(hidden); Py_XDECREF(articles); Py_XDECREF(bodies); Py_XDECREF(mains);
    Py_XDECREF(dated); Py_XDECREF(metas); Py_XDECREF(scripts); Py_XDECREF(title); Py_XDECREF(canonical);
    Py_XDECREF(itemprops); Py_XDECREF(rels);
    PyMem_Free(classes.joined.data); PyMem_Free(classes.starts.data);
    PyMem_Free(ids.joined.data); PyMem_Free(ids.starts.data);
    return result;
}

/* ---- nodes ---- */

static PyObject *make_node(lx_node *ptr, PyObject *parser) {
    PyObject *obj = node_type->tp_new(node_type, empty_tuple, NULL);
    if (obj == NULL) return NULL;
    slx_node *node = (slx_node *)obj;
    node->node = ptr;
    Py_INCREF(parser);
    Py_XSETREF(node->parser, parser);
    return obj;
}

static PyObject *lx_nodes(PyObject *self, PyObject *args) {
    PyObject *parser, *mems;
    if (!PyArg_ParseTuple(args, "OO!", &parser, &PyList_Type, &mems)) return NULL;
    if (node_type == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "scrapers._lexbor.use_node_type has not been called");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(mems);
    PyObject *out = PyList_New(n);
    if (out == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        lx_node *ptr;
        PyObject *node;
        if (ptr_arg(PyList_GET_ITEM(mems, i), &ptr) < 0 || (node = make_node(ptr, parser)) == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, node);
    }
    return out;
}

/* ---- UTF-8 helpers ---- */

/* The code point at s (of n bytes left) and its byte length; invalid bytes read as themselves. */
static inline Py_UCS4 utf8_at(const unsigned char *s, size_t n, size_t *len) {
    unsigned char c = s[0];
    if (c < 0x80) { *len = 1; return c; }
    if ((c & 0xE0) == 0xC0 && n >= 2) { *len = 2; return ((Py_UCS4)(c & 0x1F) << 6) | (s[1] & 0x3F); }
    if ((c & 0xF0) == 0xE0 && n >= 3) {
        *len = 3;
        return ((Py_UCS4)(c & 0x0F) << 12) | ((Py_UCS4)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    if ((c & 0xF8) == 0xF0 && n >= 4) {
        *len = 4;
        return ((Py_UCS4)(c & 0x07) << 18) | ((Py_UCS4)(s[1] & 0x3F) << 12) | ((Py_UCS4)(s[2] & 0x3F) << 6)
               | (s[3] & 0x3F);
    }
    *len = 1;
    return c;
}

/* Python's str.isspace() per code point, which is what str.split() splits on. */
static inline int is_space(Py_UCS4 ch) { return Py_UNICODE_ISSPACE(ch); }

static int all_space(const unsigned char *s, size_t n) {
    size_t i = 0, len;
    while (i < n) {
        if (!is_space(utf8_at(s + i, n - i, &len))) return 0;
        i += len;
    }
    return 1;
}

/* len(text.strip()) in code points. */
static Py_ssize_t stripped_len(const unsigned char *s, size_t n) {
    Py_ssize_t count = 0, trailing = 0;
    int started = 0;
    size_t i = 0, len;
    while (i < n) {
        int space = is_space(utf8_at(s + i, n - i, &len));
        i += len;
        if (!started) {
            if (space) continue;
            started = 1;
        }
        count++;
        trailing = space ? trailing + 1 : 0;
    }
    return count - trailing;
}

/* Sorted addresses, for "is this element one of those" without a Python object per element. */
typedef struct { uintptr_t *items; Py_ssize_t n; } addr_set;

static int cmp_addr(const void *a, const void *b) {
    uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
    return x < y ? -1 : x > y;
}

static int addr_set_of(PyObject *collection, addr_set *out) {
    out->items = NULL;
    out->n = 0;
    Py_ssize_t size = PyObject_Size(collection);
    if (size < 0) return -1;
    if (size == 0) return 0;
    out->items = PyMem_Malloc(sizeof(uintptr_t) * (size_t)size);
    if (out->items == NULL) { PyErr_NoMemory(); return -1; }
    PyObject *iter = PyObject_GetIter(collection), *item;
    if (iter == NULL) return -1;
    while ((item = PyIter_Next(iter)) != NULL && out->n < size) {
        out->items[out->n++] = (uintptr_t)PyLong_AsVoidPtr(item);
        Py_DECREF(item);
    }
    Py_XDECREF(item);
    Py_DECREF(iter);
    if (PyErr_Occurred()) return -1;
    qsort(out->items, (size_t)out->n, sizeof(uintptr_t), cmp_addr);
    return 0;
}

static int addr_in(const addr_set *set, const void *ptr) {
    uintptr_t key = (uintptr_t)ptr;
    Py_ssize_t lo = 0, hi = set->n;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (set->items[mid] < key) lo = mid + 1;
        else hi = mid;
    }
    return lo < set->n && set->items[lo] == key;
}

/* ---- walk ---- */

typedef struct {
    lx_node *node;
    int flags;
} frame;

enum { F_LINK = 1, F_CAPTION = 2, F_BLOCK = 4 };

typedef struct {
    PyObject *blocks;     /* list of block_type(text, link_chars, tag, path, boiler_depth, caption, cues) */
    buffer raw;           /* the current block's text, as the text nodes give it */
    buffer norm;          /* scratch: the normalised text */
    int has_text;
    Py_ssize_t link_chars;
    PyObject **path;      /* mem ints of the open block elements */
    unsigned *path_tags;
    double *path_scores;  /* what the blocks read so far say of each open block element */
    char *path_scored;    /* whether any block counted for it yet */
    PyObject *scores;     /* {mem: score} of the closed block elements that some block counted for */
    PyObject *parents;    /* {mem: the mem of the block element around it, or None} of those same elements */
    PyObject *children;   /* {mem or None: [mems of those elements directly inside it]}, the inverse */
    double link_weight, block_cost, inner_share;
    Py_ssize_t depth, path_cap;
    Py_ssize_t *boiler;   /* depths (indexes in path) of open furniture elements */
    Py_ssize_t n_boiler;
    int caption, link;
    PyObject *flags_of, *memo;
    buffer key;
} walker;

/* Whitespace runs become one space, "\n" ends a line, empty lines go: Python's
 * "\n".join(" ".join(line.split()) for line in raw.split("\n") if line.strip()). */
static int normalise(walker *w) {
    const unsigned char *s = w->raw.data;
    size_t n = w->raw.len, i = 0, o = 0, len;
    int pending = 0;  /* 1: a space is due before the next word, 2: a line break */
    if (w->norm.cap < n + 1) {  /* the text only shrinks: one allocation up front, then plain copies */
        unsigned char *grown = PyMem_Realloc(w->norm.data, n + 1);
        if (grown == NULL) { PyErr_NoMemory(); return -1; }
        w->norm.data = grown;
        w->norm.cap = n + 1;
    }
    unsigned char *out = w->norm.data;
    while (i < n) {
        for (; i < n; i += len) {  /* whitespace */
            Py_UCS4 ch = s[i] < 0x80 ? (len = 1, s[i]) : utf8_at(s + i, n - i, &len);
            if (ch == '\n') pending = 2;
            else if (!is_space(ch)) break;
            else if (!pending) pending = 1;
        }
        size_t start = i;
        for (; i < n; i += len) {  /* a word */
            Py_UCS4 ch = s[i] < 0x80 ? (len = 1, s[i]) : utf8_at(s + i, n - i, &len);
            if (is_space(ch)) break;
        }
        if (i == start) break;
        if (o && pending) out[o++] = pending == 2 ? '\n' : ' ';
        pending = 0;
        memcpy(out + o, s + start, i - start);
        o += i - start;
    }
    w->norm.len = o;
    return 0;
}

/* The bits of the cue lists with a word in s[0..n). */
static long block_cues(const unsigned char *s, size_t n) {
    long found = 0;
    for (size_t i = 0; i < n; i++) {
        /* a word is tried only where both its first two bytes are: most positions have no candidate */
        uint64_t words = cue_first[fold(s[i])] & (i + 1 < n ? cue_second[fold(s[i + 1])] : cue_single);
        while (words) {
            int k = __builtin_ctzll(words);
            words &= words - 1;
            if ((found & cue_bit[k]) || cue_len[k] > n - i) continue;
            size_t j = 1;
            while (j < cue_len[k] && fold(s[i + j]) == cue_word[k][j]) j++;
            if (j == cue_len[k]) found |= cue_bit[k];
        }
    }
    return found;
}

/* Count a block for every element it sits in (body.walk_blocks documents the rule): prose up,
 * link text and scraps down; inside furniture, against the furniture and all around it, and
 * only a quarter for the elements within it. A captioned photo says nothing and is not counted. */
static void score_block(walker *w, double length) {
    double value = length - w->link_weight * (double)w->link_chars - w->block_cost;
    if (w->depth && tag_bits[w->path_tags[w->depth - 1]] & T_HEADING && value > 0) value = 0;
    Py_ssize_t cut = w->n_boiler ? w->boiler[w->n_boiler - 1] : -1;
    double outer = -fabs(value) - length, inner = value * w->inner_share;
    for (Py_ssize_t d = 0; d < w->depth; d++) {
        w->path_scores[d] += cut < 0 ? value : d <= cut ? outer : inner;
        w->path_scored[d] = 1;
    }
}

static int flush(walker *w) {
    if (w->has_text) {
        if (normalise(w) < 0) return -1;
        if (w->norm.len) {
            PyObject *text = PyUnicode_DecodeUTF8((const char *)w->norm.data, (Py_ssize_t)w->norm.len, "replace");
            PyObject *path = PyTuple_New(w->depth);
            if (text == NULL || path == NULL) { Py_XDECREF(text); Py_XDECREF(path); return -1; }
            for (Py_ssize_t i = 0; i < w->depth; i++) {
                Py_INCREF(w->path[i]);
                PyTuple_SET_ITEM(path, i, w->path[i]);
            }
            PyObject *tag = w->depth ? tag_names[w->path_tags[w->depth - 1]] : NULL;
            PyObject *link_chars = PyLong_FromSsize_t(w->link_chars);
            PyObject *boiler = PyLong_FromSsize_t(w->n_boiler ? w->boiler[w->n_boiler - 1] : -1);
            Py_ssize_t chars = PyUnicode_GET_LENGTH(text);
            PyObject *cues = PyLong_FromLong(chars <= cue_limit ? block_cues(w->norm.data, w->norm.len) : 0);
            PyObject *block = block_type->tp_alloc(block_type, 7);
            if (link_chars == NULL || boiler == NULL || cues == NULL || block == NULL) {
                Py_DECREF(text); Py_DECREF(path); Py_XDECREF(link_chars); Py_XDECREF(boiler); Py_XDECREF(cues);
                Py_XDECREF(block);
                return -1;
            }
            tag = tag ? tag : empty_str;
            Py_INCREF(tag);
            PyObject *caption = w->caption > 0 ? Py_True : Py_False;
            Py_INCREF(caption);
            PyObject *items[7] = {text, link_chars, tag, path, boiler, caption, cues};
            for (int i = 0; i < 7; i++) PyTuple_SET_ITEM(block, i, items[i]);
            if (PyList_Append(w->blocks, block) < 0) { Py_DECREF(block); return -1; }
            Py_DECREF(block);
            if (!w->caption) score_block(w, (double)chars);
        }
    }
    w->raw.len = 0;
    w->has_text = 0;
    w->link_chars = 0;
    return 0;
}

/* element_flags(class, id) of body.py, memoised by the raw attribute bytes, ASCII digits left out of the id
 * (element_flags ignores an id's digits, and "post-4711", "comment-12" would otherwise each miss). */
static long named_flags(walker *w, lx_element *el) {
    const lx_str *cls = el->attr_class ? el->attr_class->value : NULL, *ident = el->attr_id ? el->attr_id->value : NULL;
    w->key.len = 0;
    if ((cls && cls->data && buf_add(&w->key, cls->data, cls->length) < 0) || buf_add(&w->key, "", 1) < 0)
        return -1;
    for (size_t i = 0; ident && ident->data && i < ident->length; i++)
        if ((ident->data[i] < '0' || ident->data[i] > '9') && buf_add(&w->key, ident->data + i, 1) < 0) return -1;
    PyObject *key = PyBytes_FromStringAndSize((const char *)w->key.data, (Py_ssize_t)w->key.len);
    if (key == NULL) return -1;
    PyObject *found = PyDict_GetItemWithError(w->memo, key);
    if (found != NULL) {
        Py_DECREF(key);
        return PyLong_AsLong(found);
    }
    if (PyErr_Occurred()) { Py_DECREF(key); return -1; }
    PyObject *value = NULL, *c = str_of(el->attr_class), *i = str_of(el->attr_id);
    if (c && i) value = PyObject_CallFunctionObjArgs(w->flags_of, c, i, NULL);
    Py_XDECREF(c);
    Py_XDECREF(i);
    long flags = value ? PyLong_AsLong(value) : -1;
    if (value && PyDict_Size(w->memo) >= MEMO_LIMIT) PyDict_Clear(w->memo);  /* a bound, not an eviction policy */
    if (value && PyDict_SetItem(w->memo, key, value) < 0) flags = -1;
    Py_XDECREF(value);
    Py_DECREF(key);
    return flags;
}

/* Characters (code points) in UTF-8 text: every byte but the continuation bytes, eight at a time. */
static Py_ssize_t chars_in(const unsigned char *s, size_t n) {
    Py_ssize_t count = (Py_ssize_t)n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        memcpy(&word, s + i, 8);
        uint64_t high = word & 0x8080808080808080ULL;
        if (!high) continue;  /* ASCII */
        uint64_t continuation = high & ~(word << 1);  /* bit 7 set and bit 6 clear: 10xxxxxx */
        count -= (Py_ssize_t)((((continuation >> 7) & 0x0101010101010101ULL) * 0x0101010101010101ULL) >> 56);
    }
    for (; i < n; i++) count -= (s[i] & 0xC0) == 0x80;
    return count;
}

/* Characters of text below `root`, never-text elements (scripts, styles, forms' controls ...) left out,
 * or `limit` + 1 when there are more (limit < 0: all): the size tests need no more than that. */
static Py_ssize_t text_len_upto(lx_node *root, Py_ssize_t limit) {
    Py_ssize_t count = 0;
    lx_node *node = root;
    while (node != NULL) {
        int enter = 1;
        if (node->type == NODE_TEXT) {
            const lx_str *data = &((lx_chardata *)node)->data;
            count += chars_in(data->data, data->length);
            if (limit >= 0 && count > limit) return limit + 1;
        } else if (node != root && node->type == NODE_ELEMENT && (tag_of(node) & T_SKIP)) {
            enter = 0;
        }
        node = next_in(node, root, enter);
    }
    return count;
}

static PyObject *lx_text_length(PyObject *self, PyObject *args) {
    PyObject *root_obj;
    Py_ssize_t limit;
    lx_node *root;
    if (!PyArg_ParseTuple(args, "On", &root_obj, &limit) || ptr_arg(root_obj, &root) < 0) return NULL;
    return PyLong_FromSsize_t(text_len_upto(root, limit));
}

/* The page's text in document order, for a reader of every text node: (text, parent mem) for each text
 * node that is not blank, and (None, 0) for each element with tag id `mark` (the headline, say). Nodes
 * are counted as selectolax's traverse() does (root, elements, text, comments), and after `max_nodes`
 * the rest is left out. */
static PyObject *lx_text_nodes(PyObject *self, PyObject *args) {
    PyObject *root_obj;
    unsigned long mark;
    Py_ssize_t max_nodes, count = 0;
    lx_node *root;
    if (!PyArg_ParseTuple(args, "Okn", &root_obj, &mark, &max_nodes) || ptr_arg(root_obj, &root) < 0) return NULL;
    PyObject *out = PyList_New(0);
    for (lx_node *node = root; out != NULL && node != NULL; node = next_in(node, root, 1)) {
        if (count++ > max_nodes) break;
        PyObject *row = NULL;
        if (node->type == NODE_ELEMENT && node->local_name == mark) {
            row = Py_BuildValue("(Oi)", Py_None, 0);
        } else if (node->type == NODE_TEXT) {
            const lx_str *data = &((lx_chardata *)node)->data;
            if (data->length == 0 || data->data == NULL || all_space(data->data, data->length)) continue;
            PyObject *text = PyUnicode_DecodeUTF8((const char *)data->data, (Py_ssize_t)data->length, "replace");
            PyObject *parent = text ? PyLong_FromVoidPtr(node->parent) : NULL;
            if (text && parent) row = PyTuple_Pack(2, text, parent);
            Py_XDECREF(text);
            Py_XDECREF(parent);
        } else {
            continue;
        }
        if (row == NULL || PyList_Append(out, row) < 0) Py_CLEAR(out);
        Py_XDECREF(row);
    }
    return out;
}

/* The descendants of `root` (not root itself) with tag id `tag`, in document order. */
static PyObject *lx_tagged_below(PyObject *self, PyObject *args) {
    PyObject *root_obj;
    unsigned long tag;
    lx_node *root;
    if (!PyArg_ParseTuple(args, "Ok", &root_obj, &tag) || ptr_arg(root_obj, &root) < 0) return NULL;
    PyObject *out = PyList_New(0);
    for (lx_node *node = next_in(root, root, 1); out != NULL && node != NULL; node = next_in(node, root, 1))
        if (node->type == NODE_ELEMENT && node->local_name == tag && append_mem(out, node) < 0) Py_CLEAR(out);
    return out;
}

/* The elements in `mems` whose ancestor chain reaches `root`, and the union of those chains (inclusive). */
static PyObject *lx_ancestors(PyObject *self, PyObject *args) {
    PyObject *mems, *root_obj;
    lx_node *root;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &mems, &root_obj) || ptr_arg(root_obj, &root) < 0) return NULL;
    PyObject *chains = PySet_New(NULL), *attached = PyList_New(0);
    if (chains == NULL || attached == NULL) goto fail;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(mems); i++) {
        PyObject *item = PyList_GET_ITEM(mems, i);
        lx_node *node, *up;
        if (ptr_arg(item, &node) < 0) goto fail;
        for (up = node; up != NULL && up != root; up = up->parent) {}
        if (up == NULL) continue;  /* detached, or outside root */
        if (PyList_Append(attached, item) < 0) goto fail;
        for (up = node; up != NULL; up = up->parent) {
            PyObject *mem = PyLong_FromVoidPtr(up);
            int known = mem ? PySet_Contains(chains, mem) : -1;
            if (known == 0 && PySet_Add(chains, mem) < 0) known = -1;
            Py_XDECREF(mem);
            if (known < 0) goto fail;
            if (known || up == root) break;  /* the rest of the chain is in already */
        }
    }
    return Py_BuildValue("(NN)", attached, chains);
fail:
    Py_XDECREF(chains);
    Py_XDECREF(attached);
    return NULL;
}

/* The elements of `mems` not inside another of them, in their order. */
static PyObject *lx_outermost(PyObject *self, PyObject *mems) {
    if (!PyList_Check(mems)) {
        PyErr_SetString(PyExc_TypeError, "expected a list of mem ids");
        return NULL;
    }
    addr_set set;
    if (addr_set_of(mems, &set) < 0) { PyMem_Free(set.items); return NULL; }
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out != NULL && i < PyList_GET_SIZE(mems); i++) {
        lx_node *node, *up;
        if (ptr_arg(PyList_GET_ITEM(mems, i), &node) < 0) { Py_CLEAR(out); break; }
        for (up = node->parent; up != NULL && !addr_in(&set, up); up = up->parent) {}
        if (up == NULL && PyList_Append(out, PyList_GET_ITEM(mems, i)) < 0) Py_CLEAR(out);
    }
    PyMem_Free(set.items);
    return out;
}

/* Open an element: 1 to read its children, 0 to skip it, -1 on error. */
static int open_element(walker *w, lx_node *node, int *out_flags, const addr_set *hidden, const addr_set *content,
                        Py_ssize_t max_depth, Py_ssize_t max_caption) {
    unsigned bits = tag_of(node);
    int flags = 0;
    if (bits & T_BR) return buf_add(&w->raw, "\n", 1) < 0 ? -1 : 0;
    if (bits & T_CELL) {
        *out_flags = 0;
        return buf_add(&w->raw, " ", 1) < 0 ? -1 : 1;
    }
    lx_element *el = (lx_element *)node;
    long named = 0;
    if (!(bits & T_UNNAMED) && (el->attr_class || el->attr_id) && (named = named_flags(w, el)) < 0) return -1;
    if ((named & f_hidden) || addr_in(hidden, node) || (bits & T_SKIP)) return 0;
    if (bits & T_LINK) {
        flags = F_LINK;
        w->link++;
    }
    int is_caption = ((bits & T_CAPTION) || (named & f_caption)) && text_len_upto(node, max_caption) <= max_caption;
    if (((bits & T_BLOCK) || (is_caption && !w->caption)) && w->depth < max_depth) {
        flags |= F_BLOCK;
        if (flush(w) < 0) return -1;
        if (((bits & T_CHROME) || (named & f_furniture)) && (w->n_boiler || !addr_in(content, node)))
            w->boiler[w->n_boiler++] = w->depth;
        if (w->depth == w->path_cap) {
            Py_ssize_t cap = w->path_cap * 2;
            PyObject **path = PyMem_Realloc(w->path, sizeof(PyObject *) * (size_t)cap);
            if (path != NULL) w->path = path;
            unsigned *tags = PyMem_Realloc(w->path_tags, sizeof(unsigned) * (size_t)cap);
            if (tags != NULL) w->path_tags = tags;
            Py_ssize_t *boiler = PyMem_Realloc(w->boiler, sizeof(Py_ssize_t) * (size_t)(cap + 1));
            if (boiler != NULL) w->boiler = boiler;
            double *scores = PyMem_Realloc(w->path_scores, sizeof(double) * (size_t)cap);
            if (scores != NULL) w->path_scores = scores;
            char *scored = PyMem_Realloc(w->path_scored, (size_t)cap);
            if (scored != NULL) w->path_scored = scored;
            if (!path || !tags || !boiler || !scores || !scored) { PyErr_NoMemory(); return -1; }
            w->path_cap = cap;
        }
        PyObject *mem = PyLong_FromVoidPtr(node);
        if (mem == NULL) return -1;
        w->path[w->depth] = mem;
        w->path_scores[w->depth] = 0.0;
        w->path_scored[w->depth] = 0;
        w->path_tags[w->depth++] = node->local_name < TAG_TABLE ? (unsigned)node->local_name : 0;
    }
    if (is_caption) {
        flags |= F_CAPTION;
        w->caption++;
    }
    *out_flags = flags;
    return 1;
}

static int close_element(walker *w, int flags) {
    if (flags & F_BLOCK) {
        if (flush(w) < 0) return -1;
        Py_ssize_t d = --w->depth;
        if (w->path_scored[d]) {
            PyObject *score = PyFloat_FromDouble(w->path_scores[d]);
            PyObject *parent = d ? w->path[d - 1] : Py_None;
            PyObject *siblings = score ? PyDict_GetItemWithError(w->children, parent) : NULL;  /* borrowed */
            if (score && siblings == NULL && !PyErr_Occurred()) {
                siblings = PyList_New(0);
                if (siblings != NULL && PyDict_SetItem(w->children, parent, siblings) < 0) Py_CLEAR(siblings);
                Py_XDECREF(siblings);  /* the dict holds it */
            }
            int bad = score == NULL || siblings == NULL || PyDict_SetItem(w->scores, w->path[d], score) < 0
                      || PyDict_SetItem(w->parents, w->path[d], parent) < 0 || PyList_Append(siblings, w->path[d]) < 0;
            Py_XDECREF(score);
            if (bad) { Py_DECREF(w->path[d]); return -1; }
        }
        Py_DECREF(w->path[d]);
        if (w->n_boiler && w->boiler[w->n_boiler - 1] == w->depth) w->n_boiler--;
    }
    if (flags & F_LINK) w->link--;
    if (flags & F_CAPTION) w->caption--;
    return 0;
}

static int text_node(walker *w, lx_node *node) {
    const lx_str *data = &((lx_chardata *)node)->data;
    if (data->length == 0 || data->data == NULL) return 0;
    if (all_space(data->data, data->length))  /* whitespace only separates words */
        return w->has_text ? buf_add(&w->raw, " ", 1) : 0;
    if (buf_add(&w->raw, data->data, data->length) < 0) return -1;
    w->has_text = 1;
    if (w->link) w->link_chars += stripped_len(data->data, data->length);
    return 0;
}

static PyObject *lx_walk(PyObject *self, PyObject *args) {
    PyObject *root_obj, *flags_of, *memo, *hidden_obj, *content_obj;
    Py_ssize_t max_depth, max_caption;
    walker w = {0};
    if (!PyArg_ParseTuple(args, "OOO!OOnnddd", &root_obj, &flags_of, &PyDict_Type, &memo, &hidden_obj, &content_obj,
                          &max_depth, &max_caption, &w.link_weight, &w.block_cost, &w.inner_share))
        return NULL;
    if (block_type == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "scrapers._lexbor.use_tags has not been called");
        return NULL;
    }
    lx_node *root;
    if (ptr_arg(root_obj, &root) < 0) return NULL;
    addr_set hidden = {0}, content = {0};
    frame *stack = NULL;
    Py_ssize_t top = 0, stack_cap = 64;
    PyObject *result = NULL;
    w.flags_of = flags_of;
    w.memo = memo;
    w.path_cap = 64;
    w.blocks = PyList_New(0);
    w.scores = PyDict_New();
    w.parents = PyDict_New();
    w.children = PyDict_New();
    w.path = PyMem_Malloc(sizeof(PyObject *) * 64);
    w.path_tags = PyMem_Malloc(sizeof(unsigned) * 64);
    w.path_scores = PyMem_Malloc(sizeof(double) * 64);
    w.path_scored = PyMem_Malloc(64);
    w.boiler = PyMem_Malloc(sizeof(Py_ssize_t) * 65);
    stack = PyMem_Malloc(sizeof(frame) * (size_t)stack_cap);
    if (!w.blocks || !w.scores || !w.parents || !w.children || !w.path || !w.path_tags || !w.path_scores || !w.path_scored || !w.boiler || !stack) {
        PyErr_NoMemory();
        goto done;
    }
    if (addr_set_of(hidden_obj, &hidden) < 0 || addr_set_of(content_obj, &content) < 0) goto done;

    lx_node *child = NULL;
    if (root->type == NODE_ELEMENT) {
        int flags = 0, entered = open_element(&w, root, &flags, &hidden, &content, max_depth, max_caption);
        if (entered < 0) goto done;
        if (entered) {
            stack[top++] = (frame){root, flags};
            child = root->first_child;
        }
    }
    while (top) {
        if (child == NULL) {  /* the element ends */
            frame done_frame = stack[--top];
            if (close_element(&w, done_frame.flags) < 0) goto done;
            child = top ? done_frame.node->next : NULL;
            continue;
        }
        if (child->type == NODE_TEXT) {
            if (text_node(&w, child) < 0) goto done;
        } else if (child->type == NODE_ELEMENT) {
            int flags = 0, entered = open_element(&w, child, &flags, &hidden, &content, max_depth, max_caption);
            if (entered < 0) goto done;
            if (entered) {
                if (top == stack_cap) {
                    frame *grown = PyMem_Realloc(stack, sizeof(frame) * (size_t)(stack_cap * 2));
                    if (grown == NULL) { PyErr_NoMemory(); goto done; }
                    stack = grown;
                    stack_cap *= 2;
                }
                stack[top++] = (frame){child, flags};
                child = child->first_child;
                continue;
            }
        }
        child = child->next;
    }
    if (flush(&w) < 0) goto done;
    result = PyTuple_Pack(4, w.blocks, w.scores, w.parents, w.children);
done:
    for (Py_ssize_t i = 0; i < w.depth; i++) Py_DECREF(w.path[i]);
    Py_XDECREF(w.blocks);
    Py_XDECREF(w.scores);
    Py_XDECREF(w.parents);
    Py_XDECREF(w.children);
    PyMem_Free(w.path);
    PyMem_Free(w.path_tags);
    PyMem_Free(w.path_scores);
    PyMem_Free(w.path_scored);
    PyMem_Free(w.boiler);
    PyMem_Free(w.raw.data);
    PyMem_Free(w.norm.data);
    PyMem_Free(w.key.data);
    PyMem_Free(hidden.items);
    PyMem_Free(content.items);
    PyMem_Free(stack);
    return result;
}

/* ---- UTF-8 validation ---- */

/* Whether `data` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF), as
 * bytes.decode("utf-8") would accept it, without making the str: the parser reads the bytes themselves. */
static PyObject *lx_is_utf8(PyObject *self, PyObject *arg) {
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) return NULL;
    const unsigned char *s = view.buf;
    size_t n = (size_t)view.len, i = 0;
    int ok = 1;
    while (i < n && ok) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            while (i + 8 <= n) {  /* HTML is mostly ASCII: eight bytes at a time while no high bit is set */
                uint64_t word;
                memcpy(&word, s + i, 8);
                if (word & 0x8080808080808080ULL) break;
                i += 8;
            }
            continue;
        }
        size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (len == 0 || i + len > n) { ok = 0; break; }
        unsigned char lo = 0x80, hi = 0xBF;  /* the allowed range of the second byte */
        if (c == 0xE0) lo = 0xA0;
        else if (c == 0xED) hi = 0x9F;
        else if (c == 0xF0) lo = 0x90;
        else if (c == 0xF4) hi = 0x8F;
        if (s[i + 1] < lo || s[i + 1] > hi) ok = 0;
        for (size_t k = 2; ok && k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80) ok = 0;
        i += len;
    }
    PyBuffer_Release(&view);
    return PyBool_FromLong(ok);
}

/* Which of `words` occur in `text` (exact substrings), each looked for with memmem, libc's fast search. */
static PyObject *lx_present(PyObject *self, PyObject *args) {
    PyObject *text, *words;
    if (!PyArg_ParseTuple(args, "UO!", &text, &PyTuple_Type, &words)) return NULL;
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(text, &n);
    if (s == NULL) return NULL;
    PyObject *out = PySet_New(NULL);
    for (Py_ssize_t k = 0; out != NULL && k < PyTuple_GET_SIZE(words); k++) {
        PyObject *word = PyTuple_GET_ITEM(words, k);
        Py_ssize_t len;
        const char *w = PyUnicode_Check(word) ? PyUnicode_AsUTF8AndSize(word, &len) : NULL;
        if (w == NULL) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "words must be str");
            Py_CLEAR(out);
        } else if ((len == 0 || memmem(s, (size_t)n, w, (size_t)len) != NULL) && PySet_Add(out, word) < 0) {
            Py_CLEAR(out);
        }
    }
    return out;
}

/* Count the NUL bytes in s[from..to): how many values a search skipped over. */
static Py_ssize_t nuls_between(const unsigned char *s, Py_ssize_t from, Py_ssize_t to) {
    Py_ssize_t count = 0;
    const unsigned char *at = s + from, *end = s + to;
    while (at < end && (at = memchr(at, 0, (size_t)(end - at))) != NULL) {
        count++;
        at++;
    }
    return count;
}

static int cmp_ssize(const void *a, const void *b) {
    Py_ssize_t x = *(const Py_ssize_t *)a, y = *(const Py_ssize_t *)b;
    return x < y ? -1 : x > y;
}

/* The indexes of the NUL-separated values of `text` that contain one of `words`, ascending. Each word is
 * found with memmem (libc's fast substring search) and its hits placed by counting the separators skipped
 * since the previous hit; a hit moves the search on to the next value. */
static PyObject *lx_find_values(PyObject *self, PyObject *args) {
    PyObject *text, *words;
    if (!PyArg_ParseTuple(args, "UO!", &text, &PyTuple_Type, &words)) return NULL;
    Py_ssize_t n;
    const unsigned char *s = (const unsigned char *)PyUnicode_AsUTF8AndSize(text, &n);
    if (s == NULL) return NULL;
    buffer hits = {0};  /* Py_ssize_t value indexes */
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(words); k++) {
        PyObject *word = PyTuple_GET_ITEM(words, k);
        Py_ssize_t len;
        const char *w = PyUnicode_Check(word) ? PyUnicode_AsUTF8AndSize(word, &len) : NULL;
        if (w == NULL) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "words must be str");
            PyMem_Free(hits.data);
            return NULL;
        }
        Py_ssize_t pos = 0, counted = 0, value = 0;
        while (pos <= n) {
            const unsigned char *hit = len ? memmem(s + pos, (size_t)(n - pos), w, (size_t)len) : s + pos;
            if (hit == NULL) break;
            value += nuls_between(s, counted, hit - s);
            if (buf_add(&hits, &value, sizeof value) < 0) {
                PyMem_Free(hits.data);
                return NULL;
            }
            const unsigned char *end = memchr(hit, 0, (size_t)(n - (hit - s)));  /* on to the next value */
            if (end == NULL) break;
            pos = counted = end - s + 1;
            value++;
        }
    }
    Py_ssize_t count = (Py_ssize_t)(hits.len / sizeof(Py_ssize_t)), *values = (Py_ssize_t *)hits.data;
    if (count > 1) qsort(values, (size_t)count, sizeof(Py_ssize_t), cmp_ssize);
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out != NULL && i < count; i++) {
        if (i && values[i] == values[i - 1]) continue;
        PyObject *index = PyLong_FromSsize_t(values[i]);
        if (index == NULL || PyList_Append(out, index) < 0) Py_CLEAR(out);
        Py_XDECREF(index);
    }
    PyMem_Free(hits.data);
    return out;
}

/* How many times byte `c` occurs in `data`: eight bytes at a time (bytes.count is byte by byte). */
static PyObject *lx_count_byte(PyObject *self, PyObject *args) {
    Py_buffer view;
    unsigned char c;
    if (!PyArg_ParseTuple(args, "y*b", &view, &c)) return NULL;
    const unsigned char *s = view.buf;
    size_t n = (size_t)view.len, i = 0;
    Py_ssize_t count = 0;
    const uint64_t ones = 0x0101010101010101ULL, low7 = 0x7F7F7F7F7F7F7F7FULL, pattern = ones * c;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        memcpy(&word, s + i, 8);
        uint64_t x = word ^ pattern;  /* bytes equal to c are now zero */
        uint64_t zero = ~(((x & low7) + low7) | x | low7) >> 7;  /* 1 in the low bit of each zero byte */
        count += (Py_ssize_t)((zero * ones) >> 56);                /* their sum, in the top byte */
    }
    for (; i < n; i++) count += s[i] == c;
    PyBuffer_Release(&view);
    return PyLong_FromSsize_t(count);
}

/* ---- configure ---- */

static PyObject *lx_use_node_type(PyObject *self, PyObject *type) {
    if (!PyType_Check(type)) {
        PyErr_SetString(PyExc_TypeError, "expected selectolax.lexbor.LexborNode");
        return NULL;
    }
    if (((PyTypeObject *)type)->tp_basicsize != (Py_ssize_t)sizeof(slx_node)) {
        PyErr_Format(PyExc_ImportError, "selectolax's LexborNode is %zd bytes, scrapers._lexbor expects %zd: "
                     "this selectolax release is not supported", ((PyTypeObject *)type)->tp_basicsize,
                     (Py_ssize_t)sizeof(slx_node));
        return NULL;
    }
    Py_INCREF(type);
    Py_XSETREF(node_type, (PyTypeObject *)type);
    Py_RETURN_NONE;
}

static int use_cues(PyObject *lists) {
    for (int k = 0; k < n_cues; k++) PyMem_Free(cue_word[k]);
    n_cues = 0;
    memset(cue_first, 0, sizeof cue_first);
    memset(cue_second, 0, sizeof cue_second);
    cue_single = 0;
    Py_ssize_t n_lists = PyTuple_GET_SIZE(lists);
    if (n_lists > 8) {
        PyErr_SetString(PyExc_ValueError, "at most 8 cue lists");
        return -1;
    }
    for (Py_ssize_t l = 0; l < n_lists; l++) {
        PyObject *words = PyTuple_GET_ITEM(lists, l);
        if (!PyTuple_Check(words)) {
            PyErr_SetString(PyExc_TypeError, "each cue list must be a tuple of bytes");
            return -1;
        }
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(words); i++) {
            PyObject *word = PyTuple_GET_ITEM(words, i);
            if (!PyBytes_Check(word) || PyBytes_GET_SIZE(word) == 0 || n_cues == MAX_CUES) {
                PyErr_SetString(PyExc_ValueError, "cue words must be non-empty bytes, at most 64 in all");
                return -1;
            }
            size_t len = (size_t)PyBytes_GET_SIZE(word);
            unsigned char *copy = PyMem_Malloc(len);
            if (copy == NULL) { PyErr_NoMemory(); return -1; }
            for (size_t j = 0; j < len; j++) copy[j] = fold((unsigned char)PyBytes_AS_STRING(word)[j]);
            cue_word[n_cues] = copy;
            cue_len[n_cues] = len;
            cue_bit[n_cues] = (unsigned char)(1u << l);
            cue_first[copy[0]] |= 1ULL << n_cues;
            if (len > 1) {
                cue_second[copy[1]] |= 1ULL << n_cues;
            } else {
                cue_single |= 1ULL << n_cues;
                for (int b = 0; b < 256; b++) cue_second[b] |= 1ULL << n_cues;
            }
            n_cues++;
        }
    }
    return 0;
}

static PyObject *lx_use_tags(PyObject *self, PyObject *args) {
    PyObject *table, *type, *cues;
    if (!PyArg_ParseTuple(args, "O!lllO!O!n", &PyDict_Type, &table, &f_hidden, &f_caption, &f_furniture, &PyType_Type,
                          &type, &PyTuple_Type, &cues, &cue_limit))
        return NULL;
    if (use_cues(cues) < 0) return NULL;
    if (!PyType_IsSubtype((PyTypeObject *)type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "the block type must be a tuple subclass (a NamedTuple of 7 fields)");
        return NULL;
    }
    memset(tag_bits, 0, sizeof tag_bits);
    for (int i = 0; i < TAG_TABLE; i++) Py_CLEAR(tag_names[i]);
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(table, &pos, &key, &value)) {
        long id = PyLong_AsLong(key);
        PyObject *name;
        long bits;
        if (id < 0 || id >= TAG_TABLE || !PyArg_ParseTuple(value, "lU", &bits, &name)) {
            if (!PyErr_Occurred()) PyErr_Format(PyExc_ValueError, "tag id %ld outside the table", id);
            return NULL;
        }
        tag_bits[id] = (unsigned short)bits;
        Py_INCREF(name);
        tag_names[id] = name;
    }
    Py_INCREF(type);
    Py_XSETREF(block_type, (PyTypeObject *)type);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"use_node_type", lx_use_node_type, METH_O, "use_node_type(LexborNode): the class `nodes` makes."},
    {"use_tags", lx_use_tags, METH_VARARGS,
     "use_tags({tag_id: (bits, name)}, f_hidden, f_caption, f_furniture, block_type, cue_lists, cue_limit): the "
     "walk's tag table, flag bits, the tuple subclass its blocks are, and the cue word lists (tuples of bytes) "
     "whose bits a block of at most cue_limit characters gets."},
    {"text_length", lx_text_length, METH_VARARGS,
     "text_length(mem, limit) -> characters of text below the element, never-text elements left out "
     "(counted up to limit + 1; limit < 0: all)."},
    {"ancestors", lx_ancestors, METH_VARARGS,
     "ancestors(mems, root_mem) -> (the mems attached below root, the set of their ancestors up to root)."},
    {"outermost", lx_outermost, METH_O, "outermost(mems) -> the mems not inside another of them."},
    {"text_nodes", lx_text_nodes, METH_VARARGS,
     "text_nodes(root_mem, mark_tag, max_nodes) -> [(text, parent mem) of non-blank text nodes, (None, 0) per "
     "mark_tag element], in document order, within the first max_nodes nodes (counted as traverse() does)."},
    {"tagged_below", lx_tagged_below, METH_VARARGS,
     "tagged_below(root_mem, tag_id) -> mems of the descendants with that tag, in document order."},
    {"is_utf8", lx_is_utf8, METH_O, "is_utf8(bytes) -> whether bytes.decode('utf-8') would succeed."},
    {"count_byte", lx_count_byte, METH_VARARGS, "count_byte(bytes, byte) -> how many times the byte occurs."},
    {"present", lx_present, METH_VARARGS, "present(text, words) -> the set of words found in text."},
    {"find_values", lx_find_values, METH_VARARGS,
     "find_values(text, words) -> indexes of the NUL-separated values of text holding one of words."},
    {"index", lx_index, METH_VARARGS,
     "index(root_mem, tag_ids, article_tag, main_tag) -> (mems, [(position, tag_id) of those of tag_ids], "
     "(classes, starts), (ids, starts)) of the elements with a class or id or one of tag_ids (values joined by NUL, "
     "starts as int64 bytes), then the mems of the hidden elements, of the article_tag elements, of the "
     "itemprop=articleBody elements, of the main hints (main_tag, role=main) and of the elements whose itemprop is "
     "datePublished, dateModified or dateCreated (in any case); the (content, property, name, itemprop, "
     "http-equiv) values of each <meta> with a content, the text of each JSON-LD <script>, the text of the first "
     "<title>, the href of the first <link rel=canonical> (None when absent), and the sets of every itemprop and rel "
     "value (ASCII letters lower-cased)."},
    {"nodes", lx_nodes, METH_VARARGS, "nodes(parser, mems) -> the LexborNode of each address."},
    {"walk", lx_walk, METH_VARARGS,
     "walk(root_mem, flags_of, memo, hidden, content, max_depth, max_caption, link_weight, block_cost, inner_share) "
     "-> ([block_type(text, link_chars, tag, path, boiler_depth, caption, cues)], {mem: score}, "
     "{mem: parent mem or None}, {parent mem or None: [mems]})."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "scrapers._lexbor",
                                    "The extractor's hot loops over selectolax's lexbor tree.", -1, methods};

PyMODINIT_FUNC PyInit__lexbor(void) {
    empty_tuple = PyTuple_New(0);
    empty_str = PyUnicode_FromString("");
    if (empty_tuple == NULL || empty_str == NULL) return NULL;
    return PyModule_Create(&module);
}
