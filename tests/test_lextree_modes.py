"""The two ways geowire reads lexbor's tree give the same records, and the slower one is there when needed.

The compiled module (``scrapers._lexbor``) is optional: without it, or when it fails its start-up
probe, ``scrapers.lextree`` answers on selectolax's public API. Both must extract exactly the same
record from every page, so each corpus page is extracted with each and the records compared whole.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from backends import needs_compiled
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scrapers import lextree
from scrapers.extract import extract_article

BIN = Path(sys.executable).parent / "geowire"


def _pages(shared_dir: Path) -> list[Path]:
    return sorted(path for path in (shared_dir / "corpus").glob("*/html/*") if path.name.endswith((".html", ".gz")))


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


@needs_compiled
def test_both_implementations_extract_identical_records_from_every_corpus_page(shared_dir: Path) -> None:
    pages = _pages(shared_dir)
    assert len(pages) > 100
    differ = []
    try:
        for path in pages:
            html = _read(path)
            lextree.use_backend("compiled")
            compiled = extract_article(html).to_dict()
            lextree.use_backend("python")
            python = extract_article(html).to_dict()
            if compiled != python:
                fields = sorted(key for key in compiled if compiled[key] != python[key])
                differ.append(f"{path.parent.parent.name}/{path.name}: {', '.join(fields)}")
    finally:
        lextree.use_backend("compiled")
    assert not differ, f"{len(differ)} of {len(pages)} pages differ:\n" + "\n".join(differ[:20])


def _geowire(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN), *args], check=False, capture_output=True, text=True, env={**os.environ, **env}, timeout=120)


def test_the_pure_python_mode_is_chosen_by_environment_and_reported(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Floods in Kerala</title></head><body><article><h1>Floods in Kerala</h1>"
                    + "<p>Heavy rain closed roads across the state on Monday, officials said.</p>" * 5
                    + "</article></body></html>", encoding="utf-8")
    pure = _geowire("extract", "--version", GEOWIRE_PURE_PYTHON="1")
    assert pure.returncode == 0, pure.stderr
    assert "pure Python" in pure.stdout and "GEOWIRE_PURE_PYTHON" in pure.stdout
    default = _geowire("extract", "--version", GEOWIRE_PURE_PYTHON="")
    assert default.returncode == 0, default.stderr
    unset = subprocess.run([sys.executable, "-c", "from scrapers import lextree; print(lextree.MODE)"], check=True,
                           capture_output=True, text=True, env={**os.environ, "GEOWIRE_PURE_PYTHON": ""}, timeout=120)
    assert unset.stdout.strip() in default.stdout  # the mode picked without the variable, even where this run sets it
    records = [_geowire("extract", str(page), GEOWIRE_PURE_PYTHON=flag) for flag in ("1", "")]
    assert all(run.returncode == 0 for run in records), [run.stderr for run in records]
    assert records[0].stdout == records[1].stdout
    assert "Heavy rain closed roads" in records[0].stdout


# Random pages for the comparison below: tags of every kind the reads tell apart, the attributes they read (in
# several letter cases, valueless, namespaced in SVG), text with whitespace of several kinds, and bytes that are
# not UTF-8 (which the parser passes through undecoded).
_TAGS = ["div", "p", "span", "a", "br", "td", "tr", "table", "h1", "h2", "script", "style", "figure", "figcaption",
         "footer", "aside", "main", "article", "section", "li", "ul", "time", "abbr", "meta", "link", "title", "svg",
         "nav", "b", "x-widget"]
_ATTRIBUTES = [b'class="entry-content post"', b'class="share-bar"', b"class", b'id="post-4711"', b'id="comments"',
               b'style="display : NONE"', b'style="visibility:hidden"', b"hidden", b'aria-hidden="true"',
               b'role="main"', b'itemprop="articleBody"', b'itemprop="DatePublished"', b'rel="Canonical"',
               b'href="/x"', b'content=" c "', b'property="og:title"', b'name="author"', b'http-equiv="refresh"',
               b'type="application/LD+JSON"', b'xlink:href="#a"', b'viewBox="0 0 1 1"', b'class="caf\xe9"']
_TEXTS = [text.encode() for text in ("Photo: Reuters", "Read more", "  ", "\n", "\u00a0", "déjà vu in Málaga", "\u2028",
                                     "Київ", "東京", "Sign up for our newsletter", "12 March 2024", "x\x85y")]
_TEXTS += [b"b\xe9b\xe9", b"\xe2\x82", b"\xac", b"\xa0", b"\xc2\x85"]  # not UTF-8 (the last is, NEL)


@st.composite
def _markup(draw: st.DrawFn) -> bytes:
    parts: list[bytes] = []
    for _ in range(draw(st.integers(1, 40))):
        kind = draw(st.integers(0, 2))
        if kind == 0:
            attributes = draw(st.lists(st.sampled_from(_ATTRIBUTES), max_size=3, unique=True))
            parts.append(b"<" + draw(st.sampled_from(_TAGS)).encode() + b" " + b" ".join(attributes) + b">")
        elif kind == 1:
            parts.append(f"</{draw(st.sampled_from(_TAGS))}>".encode())
        else:
            parts.append(draw(st.sampled_from(_TEXTS)))
    return b"".join(parts)


def _answers(tree: LexborHTMLParser) -> list[object]:
    """Every read lextree makes of ``tree``, as plain values (nodes by mem_id)."""
    from scrapers.extract import body

    page = lextree.element_index(tree, frozenset({lextree.tag_id("h1"), lextree.tag_id("time")}))
    listed = [*page.mems, *page.hidden, *page.articles, *page.article_bodies, *page.mains, *page.dated]
    found: list[object] = [page[:-1], [n.mem_id for n in page.elements.nodes(listed)]]
    root, top = tree.body, tree.root
    for node in (root, top):
        if node is None:
            continue
        walk = body.walk_blocks(node, frozenset(page.mems[::2]), page.hidden)
        table = lextree.node_table(node)
        everything = [n.mem_id for n in node.traverse() if n.is_element_node]
        found += [walk, [n.mem_id for n in table.nodes(everything)], lextree.text_length(node),
                  lextree.text_length(node, 7), lextree.text_nodes(node, lextree.tag_id("h1"), 30),
                  [n.mem_id for n in lextree.tagged_below(node, lextree.tag_id("p"))],
                  lextree.ancestors(page.mems, node), lextree.outermost(page.mems, node),
                  lextree.ancestors(everything[::3], node), lextree.outermost([*everything[1::2], 7, 4096], node)]
    return found


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(_markup())
def test_both_implementations_read_random_pages_alike(html: bytes) -> None:
    tree = LexborHTMLParser(html)
    try:
        lextree.use_backend("compiled")
        compiled = _answers(tree)
        lextree.use_backend("python")
        python = _answers(tree)
    finally:
        lextree.use_backend("compiled")
    assert compiled == python


_PROBES = """
import sys
from selectolax.lexbor import LexborHTMLParser
from scrapers import _lexbor, lextree
body = LexborHTMLParser("<p>x</p>").body
calls = {
    "text_length": lambda: _lexbor.text_length(4096, -1),
    "tagged_below": lambda: _lexbor.tagged_below(4096, 1),
    "text_nodes": lambda: _lexbor.text_nodes(4096, 1, 10),
    "walk": lambda: _lexbor.walk(4096, str, {}, [], [], 1, 1, 1.0, 1.0, 1.0),
    "index": lambda: _lexbor.index(None, frozenset(), 1, 2, 3, 4, 5, 6),
    "table": lambda: lextree.node_table(body).nodes([4096]),
}
for name, call in calls.items():
    try:
        call()
    except (TypeError, KeyError) as exc:
        print(name, type(exc).__name__)
print(lextree.ancestors([4096, 8, body.mem_id + 8], body), lextree.outermost([4096], body))
"""


@needs_compiled
def test_no_compiled_function_reads_the_tree_at_an_address_it_is_given() -> None:
    """What used to be a segfault (``_lexbor.text_length(4096, -1)``) is a TypeError; ids no read of the tree
    handed out are unknown, never followed."""
    run = subprocess.run([sys.executable, "-c", _PROBES], check=False, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["text_length TypeError", "tagged_below TypeError", "text_nodes TypeError",
                                       "walk TypeError", "index TypeError", "table KeyError", "([], set()) []"]


def test_a_compiled_module_that_answers_otherwise_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """The start-up probe compares the compiled reads with the pure-Python ones; a module built for another
    selectolax, or one that reads the tree differently, is left for the pure-Python reads."""
    compiled = lextree._BACKENDS.get("compiled")
    if compiled is None:
        pytest.skip(f"the compiled module is not in use ({lextree.MODE})")
    import selectolax

    wrong = ModuleType("wrong")
    wrong.__dict__.update(vars(compiled))
    wrong.text_length = lambda node, limit: compiled.text_length(node, limit) + 1  # type: ignore[attr-defined]
    assert "differ" in str(lextree._probe(wrong))
    assert lextree._probe(compiled) is None
    monkeypatch.setattr(selectolax, "__version__", "0.0.1")
    module, mode = lextree._load_compiled()
    assert module is None and "built for selectolax" in mode and "0.0.1" in mode
