"""Discovery parsing: feeds, sitemaps and listing pages as publishers really write them."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapers.discover import (
    DiscoveryResult,
    detect_kind,
    looks_like_article_url,
    parse_feed,
    parse_listing,
    parse_sitemap,
)
from scrapers.models import Page
from scrapers.sources import Source

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>World</title>
<item><title>Summit ends</title><link>https://news.example/2026/03/02/summit-ends?utm_source=rss&amp;utm_medium=feed</link>
<pubDate>Mon, 02 Mar 2026 08:02:00 GMT</pubDate></item>
<item><title>No link but guid</title><guid isPermaLink="true">https://news.example/2026/03/01/guid-only</guid>
<dc:date>2026-03-01T10:00:00+01:00</dc:date></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>Talks resume</title><link rel="alternate" href="/wire/talks-resume"/>
<link rel="enclosure" href="/img/x.jpg"/><published>2026-03-02T09:00:00+09:00</published></entry>
</feed>"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<item rdf:about="https://dw.example/en/a-1"><title>One</title><link>https://dw.example/en/a-1</link>
<dc:date>2026-03-02T10:00:00Z</dc:date></item></rdf:RDF>"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://wire.example/a/1</loc><news:news><news:publication><news:name>Wire</news:name>
<news:language>en</news:language></news:publication><news:publication_date>2026-03-02T10:00:00+00:00</news:publication_date>
<news:title>Ceasefire holds</news:title></news:news></url>
<url><loc>https://wire.example/a/2</loc><lastmod>2026-03-01</lastmod></url>
</urlset>"""

INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://wire.example/sitemap-news.xml</loc></sitemap>
<sitemap><loc>/sitemap-2026-03.xml</loc></sitemap></sitemapindex>"""


def _page(text: str, content_type: str, url: str = "https://x.example/") -> Page:
    return Page(url=url, requested_url=url, status=200, headers={"content-type": content_type},
                content=text.encode(), text=text, encoding="utf-8", fetched_at=datetime.now(UTC))


def test_rss_items_keep_their_dates_and_fall_back_to_guid() -> None:
    items = parse_feed(RSS, "https://news.example/rss", "news")
    assert [i.url for i in items] == [
        "https://news.example/2026/03/02/summit-ends?utm_source=rss&utm_medium=feed",
        "https://news.example/2026/03/01/guid-only",
    ]
    assert items[0].published_raw == "Mon, 02 Mar 2026 08:02:00 GMT"
    assert items[1].published_raw == "2026-03-01T10:00:00+01:00"
    assert {i.via for i in items} == {"feed"}


def test_atom_uses_alternate_link_resolved_against_the_feed() -> None:
    (entry,) = parse_feed(ATOM, "https://wire.example/atom.xml", "wire")
    assert entry.url == "https://wire.example/wire/talks-resume"
    assert entry.published_raw == "2026-03-02T09:00:00+09:00"
    assert entry.title == "Talks resume"


def test_rdf_feed() -> None:
    (item,) = parse_feed(RDF, "https://dw.example/rdf", "dw")
    assert item.url == "https://dw.example/en/a-1" and item.published_raw == "2026-03-02T10:00:00Z"


def test_broken_feed_still_yields_links() -> None:
    broken = RSS.replace("</channel>", "")  # not well-formed XML
    urls = [i.url for i in parse_feed(broken, "https://news.example/rss", "news")]
    assert "https://news.example/2026/03/01/guid-only" in urls


def test_news_sitemap_and_index() -> None:
    content = parse_sitemap(NEWS_SITEMAP, "https://wire.example/sitemap-news.xml", "wire")
    assert [a.url for a in content.articles] == ["https://wire.example/a/1", "https://wire.example/a/2"]
    assert content.articles[0].published_raw == "2026-03-02T10:00:00+00:00"
    assert content.articles[0].title == "Ceasefire holds"
    assert content.articles[1].published_raw == "2026-03-01"
    index = parse_sitemap(INDEX, "https://wire.example/sitemap.xml", "wire")
    assert index.children == ["https://wire.example/sitemap-news.xml", "https://wire.example/sitemap-2026-03.xml"]
    assert index.articles == []


def test_listing_keeps_same_site_links_only() -> None:
    html = """<nav><a href="/">Home</a><a href="/tag/iran/">Iran</a></nav>
    <a href="/2026/03/02/summit-ends/">Summit ends</a><a href="https://other.example/x">elsewhere</a>
    <a href="mailto:desk@news.example">mail</a><a href="#top">top</a>"""
    links = parse_listing(html, "https://news.example/world/", "news")
    assert [link.url for link in links] == [
        "https://news.example/", "https://news.example/tag/iran/", "https://news.example/2026/03/02/summit-ends/"]


def test_merge_canonicalises_dedupes_and_records_out_of_pattern_entries() -> None:
    source = Source(name="news", title="News", feeds=("https://news.example/rss",),
                    article_patterns=(__import__("re").compile(r"/\d{4}/\d{2}/\d{2}/"),))
    result = DiscoveryResult()
    result.merge(parse_feed(RSS, "https://news.example/rss", "news"), source, harvested=False)
    result.merge(parse_listing('<a href="/2026/03/02/summit-ends">x</a><a href="/about">a</a>',
                               "https://news.example/", "news"), source, harvested=True)
    result.merge(parse_feed(RSS.replace("/2026/03/01/guid-only", "/video/clip"), "https://news.example/rss", "news"),
                 source, harvested=False)
    urls = [d.url for d in result.found]
    assert urls.count("https://news.example/2026/03/02/summit-ends") == 1, "tracking variant merged"
    skipped = [d for d in result.found if d.skip_reason]
    assert [d.url for d in skipped] == ["https://news.example/video/clip"]
    assert skipped[0].skip_reason == "discover.out_of_pattern"
    assert result.rejected == 1  # /about from the listing is navigation, not a recorded URL


def test_detect_kind_from_the_response() -> None:
    assert detect_kind(_page(RSS, "text/xml")) == "feed"
    assert detect_kind(_page(ATOM, "application/atom+xml")) == "feed"
    assert detect_kind(_page(NEWS_SITEMAP, "application/xml")) == "sitemap"
    assert detect_kind(_page("<!DOCTYPE html><html><p>x</p></html>", "text/html")) == "article"
    assert detect_kind(_page("%PDF-1.4", "application/pdf")) == "unknown"


def test_article_url_heuristic_for_adhoc_listings() -> None:
    assert looks_like_article_url("https://n.example/2026/03/02/summit/")
    assert looks_like_article_url("https://n.example/world/leaders-meet-in-lima-for-apec-summit")
    assert looks_like_article_url("https://n.example/view/AEN20260302001200315")
    assert not looks_like_article_url("https://n.example/tag/north-korea-missile-launch-news/")
    assert not looks_like_article_url("https://n.example/world/")
    assert not looks_like_article_url("https://n.example/")
