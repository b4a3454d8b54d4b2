"""Extraction rules are data: built-in theme files and per-site overrides, validated alike."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.errors import ConfigError
from scrapers.extract import extract_article, parse_rules
from scrapers.extract.rules import RULES_DIR, SELECTOR_KEYS, Rules, builtin_themes, detect_themes, load_theme, select
from scrapers.htmlindex import ClassIndex

PROSE = ("The council voted on Tuesday to extend the programme for another two years, after a long debate "
         "about its cost and the number of families it reaches across the region. ")


def _page(inner: str, head: str = "") -> str:
    return f"<html lang='en'><head><title>Council extends programme</title>{head}</head><body>{inner}</body></html>"


def test_every_builtin_theme_loads_with_a_version() -> None:
    themes = builtin_themes()
    assert {t.name for t in themes} >= {"tagdiv", "jannah", "jnews", "medianews"}
    assert all(t.version and t.detect for t in themes)


def test_unknown_key_is_an_error_naming_the_key() -> None:
    with pytest.raises(ConfigError, match="weahter"):
        parse_rules({"weahter": [".td-weather"]}, "sources.toml [source.example]")


def test_invalid_selector_is_an_error() -> None:
    with pytest.raises(ConfigError, match="body"):
        parse_rules({"body": ["div[[["]}, "sources.toml")


def test_site_rules_cannot_claim_theme_detection() -> None:
    with pytest.raises(ConfigError, match="detect"):
        parse_rules({"detect": ["body"]}, "sources.toml")


def test_theme_file_without_detect_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bare.toml"
    path.write_text('version = "1"\nbody = [".story"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=str(path)):
        load_theme(path)


def test_theme_files_are_valid_toml_in_the_package() -> None:
    assert sorted(p.stem for p in RULES_DIR.glob("*.toml")) == sorted(t.name for t in builtin_themes())


def test_site_rules_pick_the_body_and_drop_elements() -> None:
    markup = _page(f'<div class="teaser"><p>{PROSE * 3}</p></div>'
                   f'<div class="story-text"><p>{PROSE}</p><p class="promo">Get our app today for breaking news '
                   f'alerts, offers and more from our partners in the region and beyond this year.</p></div>')
    generic = extract_article(markup, "https://news.example/a")
    ruled = extract_article(markup, "https://news.example/a", rules={"body": [".story-text"], "drop": [".promo"]})
    assert generic.body.startswith(PROSE.strip())
    assert ruled.body == PROSE.strip()


def test_listing_pages_are_not_articles() -> None:
    teasers = "".join(f'<article><h2><a href="/n/{i}">Headline number {i} about the council</a></h2>'
                      f"<p>A short summary of story {i}.</p></article>" for i in range(20))
    listing = extract_article(_page(f"<main>{teasers}</main>"), "https://news.example/tag/council/")
    assert (listing.is_article, listing.reason) == (False, "extract.not_article")


def test_article_shape_without_text_reports_empty_body() -> None:
    head = '<meta property="og:type" content="article"><meta property="og:title" content="Council extends programme">'
    article = extract_article(_page('<article><h1>Council extends programme</h1><img src="a.jpg"></article>', head),
                              "https://news.example/2024/05/council")
    assert (article.is_article, article.body, article.reason) == (True, "", "extract.empty_body")
    assert article.title == "Council extends programme"


def test_bytes_are_decoded_by_declared_charset() -> None:
    markup = _page(f"<article><p>Die Gemeinde beschloss, das Programm zu verlängern. {PROSE}</p></article>",
                   '<meta charset="iso-8859-1">').encode("iso-8859-1", "replace")
    article = extract_article(markup, "https://news.example/b")
    assert "verlängern" in article.body


# Selectors as rules, bylines and theme markers write them, plus forms the index cannot answer.
SELECTORS = (
    ".byline", ".byline a", "#main .byline", "div.byline", "span.byline", ".byline > a", "a.author", ".Byline",
    '[class*="author"]', '[class*="author"] a', 'a[href*="/author/"][class*="author"]', "[class~='byline']",
    "#tickerWeather .con-wrap", ".vcard .fn", ".outer .inner .leaf", "article .leaf", "[rel='author']",
    ".byline:first-child", "#breadcrumb a:nth-last-child(2)", ".byline + p", ".a, .b", "[class*='tdb_single_']",
    ".author-name", "p.author-name", ".byline-box span", "[class*='tdb_single_x']", ".Author-Name",
)
SELECTOR_PAGE = """<html><head><title>t</title></head><body>
<div id="main"><p class="byline"><a class="author" href="/author/ann/">Ann</a> and <a href="/author/bo">Bo</a></p>
<div class="byline-box"><span class="byline">Nested <span class="byline">twice</span></span></div>
<div class="outer"><div class="inner"><b class="leaf">one</b><div class="outer"><i class="leaf">two</i></div></div></div>
<p class="BYLINE author-name">upper case</p><article><b class="leaf">in story</b></article>
<div id="tickerWeather"><div class="con-wrap">21°C</div></div><div class="vcard"><span class="fn">Cy</span></div>
<ul id="breadcrumb"><a>Home</a><a>World</a><a>Here</a></ul><p class="a">a</p><p class="b tdb_single_x">b</p>
<a rel="author">Di</a><em class="Author-Name">Ed</em></div></body></html>"""


@pytest.mark.parametrize("quirks", [False, True])
def test_index_answered_selection_matches_lexbor(quirks: bool) -> None:
    """``select`` finds exactly what a query of the whole page finds, in the same order (quirks mode, without a
    doctype, matches class names in any letter case), and its ``first`` is the query's first match."""
    html = SELECTOR_PAGE if quirks else "<!DOCTYPE html>" + SELECTOR_PAGE
    tree = LexborHTMLParser(html)
    index = ClassIndex(tree)
    named: dict[tuple[str, str], list[LexborNode]] = {}  # scopes of the words found by earlier selectors
    for selector in SELECTORS:
        expected = [node.mem_id for node in tree.css(selector)]
        assert [node.mem_id for node in select(tree, selector, index)] == expected, selector
        assert [node.mem_id for node in select(tree, selector, index, first=True)] == expected[:1], selector
        assert [node.mem_id for node in select(tree, selector, index, named=named)] == expected, selector


def test_index_answered_selection_matches_lexbor_on_corpus_pages(shared_dir: Path) -> None:
    """The same on real pages, for every selector of the built-in themes."""
    selectors = {s for theme in builtin_themes() for key in SELECTOR_KEYS for s in getattr(theme, key)}
    pages = sorted((shared_dir / "corpus" / "pages-dev" / "html").iterdir())
    pages += sorted((shared_dir / "corpus" / "aeb-dev" / "html").iterdir())[:20]
    for path in pages:
        data = path.read_bytes()
        tree = LexborHTMLParser(gzip.decompress(data) if path.suffix == ".gz" else data)
        index = ClassIndex(tree)
        named: dict[tuple[str, str], list[LexborNode]] = {}
        for selector in sorted(selectors):
            expected = [node.mem_id for node in tree.css(selector)]
            assert [node.mem_id for node in select(tree, selector, index)] == expected, (path.name, selector)
            assert [node.mem_id for node in select(tree, selector, index, named=named)] == expected, (path.name, selector)


def test_theme_detection_by_index_agrees_with_queries(shared_dir: Path) -> None:
    """A theme is detected exactly when one of its markers matches the page (the tagDiv pages of pages-dev)."""
    for path in sorted((shared_dir / "corpus" / "pages-dev" / "html").iterdir()):
        tree = LexborHTMLParser(path.read_bytes())
        expected = [theme.name for theme in builtin_themes() if any(tree.css_first(s) for s in theme.detect)]
        found = detect_themes(tree, index=ClassIndex(tree)).name
        assert found == ("+".join(expected) or "generic"), path.name


@pytest.mark.parametrize("selector", [
    "meta[property='og:site_name'][content*='Yonhap']", "meta[content^=' Yon']", "meta[content='Yonhap']",
    'meta[itemprop="name"][content$="Agency"]', "META[property='og:site_name'][content='Yonhap News Agency']",
    "meta[property='OG:site_name'][content*='Yonhap']", "meta[content*='yonhap']", "meta[property='og:site_name']",
])
def test_meta_tag_markers_read_from_the_index_agree_with_queries(selector: str) -> None:
    """A theme marker on a <meta> tag is answered from the tags the index pass read, exactly as a query would."""
    pages = ['<meta property="og:site_name" content="Yonhap News Agency"><meta itemprop="name" content=" Yonhap">',
             '<meta property="og:site_name"><p>x</p><meta itemprop="name" content="Yonhap Agency">', "<p>none</p>"]
    theme = Rules(name="probe", detect=(selector,))
    for html in pages:
        tree = LexborHTMLParser(f"<html><head>{html}</head><body><p>text</p></body></html>")
        expected = "probe" if tree.css_first(selector) is not None else "generic"
        assert detect_themes(tree, [theme], index=ClassIndex(tree)).name == expected, html
