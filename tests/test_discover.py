"""Discovery parsing: feeds, sitemaps and listing pages as publishers really write them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scrapers.discover import (
    DiscoveryResult,
    detect_kind,
    looks_like_article_url,
    parse_feed,
    parse_listing,
    parse_sitemap,
)
from scrapers.errors import NotAFeed
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


# ---------------------------------------------------------------- sitemaps as sites really write them

SM = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
IMAGE = 'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'
VIDEO = 'xmlns:video="http://www.google.com/schemas/sitemap-video/1.1"'
NEWS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


def test_a_sitemap_entry_is_its_own_loc_not_its_image_or_video() -> None:
    image_first = f"""<?xml version="1.0"?><urlset {SM} {IMAGE}><url><image:image>
    <image:loc>https://cdn.example/i.jpg</image:loc><image:title>Photo</image:title></image:image>
    <loc>https://w.example/a/1</loc><lastmod>2026-01-01</lastmod></url></urlset>"""
    video_and_news = f"""<?xml version="1.0"?><urlset {SM} {VIDEO} {NEWS}><url><loc>https://w.example/a/2</loc>
    <video:video><video:title>Clip</video:title><video:content_loc>https://cdn.example/v.mp4</video:content_loc>
    <video:publication_date>2020-01-01</video:publication_date></video:video>
    <news:news><news:title>Talks resume</news:title><news:publication_date>2026-01-02</news:publication_date></news:news>
    </url></urlset>"""
    prefixed = """<?xml version="1.0"?><sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sm:url><sm:loc>https://w.example/a/3</sm:loc></sm:url></sm:urlset>"""
    found = [a for text in (image_first, video_and_news, prefixed)
             for a in parse_sitemap(text, "https://w.example/sitemap.xml", "w").articles]
    assert [(a.url, a.published_raw, a.title) for a in found] == [
        ("https://w.example/a/1", "2026-01-01", None),
        ("https://w.example/a/2", "2026-01-02", "Talks resume"),
        ("https://w.example/a/3", None, None),
    ]


def test_a_sitemap_that_is_not_well_formed_still_reads_like_one() -> None:
    base = "https://w.example/sitemap.xml"
    # an index with a bare '&' in a child's URL: its children are sitemaps to read, not articles
    index = parse_sitemap(f"""<?xml version="1.0"?><sitemapindex {SM}>
        <sitemap><loc>https://w.example/sm.xml?type=post&page=2</loc></sitemap>
        <sitemap><loc>/sm-2026-03.xml</loc></sitemap></sitemapindex>""", base, "w")
    assert index.children == ["https://w.example/sm.xml?type=post&page=2", "https://w.example/sm-2026-03.xml"]
    assert index.articles == []
    # HTML entities and bare '&' in a news sitemap: the dates and titles are kept
    news = parse_sitemap(f"""<?xml version="1.0"?><urlset {SM} {NEWS}>
        <url><loc>https://w.example/a?id=1&lang=fr</loc><news:news><news:title>Caf&eacute; &amp; r&eacute;forme</news:title>
        <news:publication_date>2026-03-02T10:00:00Z</news:publication_date></news:news></url>
        <url><loc>https://w.example/b</loc><lastmod>2026-03-01</lastmod></url></urlset>""", base, "w")
    assert [(a.url, a.published_raw, a.title) for a in news.articles] == [
        ("https://w.example/a?id=1&lang=fr", "2026-03-02T10:00:00Z", "Café & réforme"),
        ("https://w.example/b", "2026-03-01", None)]
    # cut off mid-way (a truncated download): what is there is read, images left out
    cut = parse_sitemap(f"""<?xml version="1.0"?><urlset {SM} {IMAGE}><url><loc>https://w.example/c</loc>
        <image:image><image:loc>https://cdn.example/c.jpg</image:loc></image:image></url><url><loc>/d</loc></url>
        <url><loc>https://w.exa""", base, "w")
    assert [a.url for a in cut.articles] == ["https://w.example/c", "https://w.example/d"]


def test_text_sitemaps_and_robots_txt_sitemap_lines() -> None:
    text = parse_sitemap("\ufeffhttps://w.example/a/1\r\n\r\n  https://w.example/a/2  \n# a comment\n",
                         "https://w.example/urls.txt", "w")
    assert [a.url for a in text.articles] == ["https://w.example/a/1", "https://w.example/a/2"]
    robots = parse_sitemap("User-agent: *\nDisallow: /search\nSitemap: https://w.example/news.xml\n"
                           "sitemap:/sitemap-index.xml\n", "https://w.example/robots.txt", "w")
    assert robots.children == ["https://w.example/news.xml", "https://w.example/sitemap-index.xml"]
    assert robots.articles == []


# ---------------------------------------------------------------- feeds as sites really write them


def test_feed_links_resolve_against_xml_base_and_the_feed() -> None:
    atom = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://w.example/blog/">
    <title>t</title><entry xml:base="2026/"><title>One</title><link href="one.html"/></entry>
    <entry><title>Two</title><link rel="self" href="/api/2"/><link rel="alternate" type="text/html" href="two"/></entry>
    </feed>"""
    assert [e.url for e in parse_feed(atom, "https://w.example/feed.atom", "w")] == [
        "https://w.example/blog/2026/one.html", "https://w.example/blog/two"]
    rss = """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
    <item><title>Rel</title><link>/world/2026/rel</link></item>
    <item><title>Scheme-relative</title><link>//w.example/world/2026/proto</link></item></channel></rss>"""
    assert [e.url for e in parse_feed(rss, "https://w.example/rss", "w")] == [
        "https://w.example/world/2026/rel", "https://w.example/world/2026/proto"]


def test_a_feed_that_is_not_well_formed_reads_as_a_feed_reader_reads_it() -> None:
    bare_ampersand = """<?xml version="1.0"?><rss version="2.0"><channel><title>Tom & Jerry</title>
    <item><title>Q&A: what next</title><link>https://w.example/a?id=1&cat=2</link>
    <pubDate>Mon, 02 Mar 2026 08:02:00 GMT</pubDate></item>
    <item><title>Two</title><link>/b</link></item></channel></rss>"""
    html_entities = """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
    <item><title>Caf&eacute; &ndash; news</title><link>https://w.example/c</link>
    <pubDate>Tue, 03 Mar 2026 08:00:00 GMT</pubDate></item></channel></rss>"""
    unclosed = """<br />\n<b>Warning</b>: Cannot modify header information in <b>/var/www/feed.php</b><br />
    <?xml version="1.0"?><rss version="2.0"><channel><item><title>Last</title><link>https://w.example/d</link>
    <pubDate>Wed, 04 Mar 2026 08:00:00 GMT</pubDate></item><item><title>R&D</title>
    <link><![CDATA[https://w.example/e?x=1&y=2]]></link></item>"""
    found = [(e.url, e.published_raw, e.title) for text in (bare_ampersand, html_entities, unclosed)
             for e in parse_feed(text, "https://w.example/rss", "w")]
    assert found == [
        ("https://w.example/a?id=1&cat=2", "Mon, 02 Mar 2026 08:02:00 GMT", "Q&A: what next"),
        ("https://w.example/b", None, "Two"),
        ("https://w.example/c", "Tue, 03 Mar 2026 08:00:00 GMT", "Café – news"),
        ("https://w.example/d", "Wed, 04 Mar 2026 08:00:00 GMT", "Last"),
        ("https://w.example/e?x=1&y=2", None, "R&D"),
    ]


def test_feed_items_linked_only_by_a_permalink_guid_or_an_original_link() -> None:
    rss = """<?xml version="1.0"?><rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
    <channel><title>t</title><link>https://w.example/</link>
    <item><title>Permalink</title><guid>https://w.example/a/1</guid></item>
    <item><title>Not a permalink</title><guid isPermaLink="false">urn:uuid:5c1f</guid></item>
    <item><title>Opaque id, but a URL of the site</title><guid isPermaLink="false">https://w.example/?p=77</guid></item>
    <item><title>Proxied</title><link>https://feeds.example/~r/w/~3/xyz/</link>
    <feedburner:origLink>https://w.example/a/2</feedburner:origLink></item>
    <item><title>CDATA</title><link><![CDATA[ https://w.example/a/3?x=1&y=2 ]]></link></item>
    </channel></rss>"""
    assert [e.url for e in parse_feed(rss, "https://w.example/rss", "w")] == [
        "https://w.example/a/1", "https://w.example/?p=77", "https://w.example/a/2", "https://w.example/a/3?x=1&y=2"]


def test_a_feed_whose_items_have_no_link_is_an_error_not_an_empty_feed() -> None:
    unlinked = """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
    <item><title>One</title><guid isPermaLink="false">urn:uuid:1</guid></item>
    <item><title>Two</title><description>No link at all</description></item></channel></rss>"""
    with pytest.raises(NotAFeed, match="2 items, none with a link"):
        parse_feed(unlinked, "https://w.example/rss", "w")
    empty = """<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing today</title></channel></rss>"""
    assert parse_feed(empty, "https://w.example/rss", "w") == []


def test_rss_0_91_with_its_doctype() -> None:
    rss = """<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
    "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>t</title>
    <item><title>A &amp; B</title><link>https://w.example/a</link></item></channel></rss>"""
    assert [(e.url, e.title) for e in parse_feed(rss, "https://w.example/rss", "w")] == [
        ("https://w.example/a", "A & B")]


def test_listing_links_resolve_as_a_browser_resolves_them() -> None:
    """<base href> (absolute or itself relative), scheme-relative links, and the site's own links under
    another spelling of its host (default port, capitals, the www. sibling) all count as the site's."""
    html = """<html><head><base href="/news/"></head><body>
    <a href="story-one-two-three">relative to the base</a>
    <a href="//n.example/2026/03/02/scheme-relative">scheme-relative</a>
    <a href="https://n.example:443/2026/03/02/default-port">default port</a>
    <a href="HTTPS://N.EXAMPLE/2026/03/02/capitals">capitals</a>
    <a href="https://www.n.example/2026/03/02/www-sibling">www</a>
    <a href="https://n.example.evil.example/2026/03/02/elsewhere">elsewhere</a>
    <a href="https://cdn.n.example/2026/03/02/other-subdomain">other subdomain</a></body></html>"""
    links = [link.url for link in parse_listing(html, "https://n.example/world/", "n")]
    assert links == ["https://n.example/news/story-one-two-three", "https://n.example/2026/03/02/scheme-relative",
                     "https://n.example:443/2026/03/02/default-port", "https://N.EXAMPLE/2026/03/02/capitals",
                     "https://www.n.example/2026/03/02/www-sibling"]
    absolute_base = html.replace('<base href="/news/">', '<base href="https://www.n.example/en/" target="_top">')
    first = parse_listing(absolute_base, "https://www.n.example/", "n")[0]
    assert (first.url, first.found_in) == ("https://www.n.example/en/story-one-two-three", "https://www.n.example/")



@pytest.mark.parametrize("base", ["https://static.cdn-n.example/assets/", "//img.n-media.example/",
                                  "javascript:void(0)", "data:,"])
def test_a_base_elsewhere_does_not_make_the_sites_own_links_off_site(base: str) -> None:
    """A <base href> on an asset host (or one no browser resolves against: javascript:, data:) leaves the
    listing's own absolute links the site's; relative links go where a browser takes them (off-site on
    an asset host, so not queued)."""
    html = f"""<html><head><base href="{base}"></head><body>
    <a href="https://n.example/2026/03/02/absolute-story">absolute</a>
    <a href="/2026/03/02/relative-story">relative</a></body></html>"""
    links = [link.url for link in parse_listing(html, "https://n.example/world/", "n")]
    relative = ["https://n.example/2026/03/02/relative-story"] if base.endswith((")", ",")) else []
    assert links == ["https://n.example/2026/03/02/absolute-story", *relative]

def test_characters_and_links_no_parser_takes_cost_only_themselves() -> None:
    """Control characters pasted into a feed, a reference to a lone surrogate, a link no URL parser
    reads: the other items are read; a sitemap's bad link is kept as written (its fetch then fails,
    recorded), a feed's is dropped by the feed reader, a listing's ignored like any link elsewhere."""
    rss = """<?xml version="1.0"?><rss version="2.0"><channel><title>t\x0b</title>
    <item><title>Pasted\x1f from Word &#xD800;</title><link>https://w.example/a</link></item>
    <item><title>Bad host</title><link>http://[w.example/b</link></item>
    <item><title>Fine</title><link>https://w.example/c</link></item></channel></rss>"""
    assert [e.url for e in parse_feed(rss, "https://w.example/rss", "w")] == [
        "https://w.example/a", "https://w.example/c"]
    sitemap = f"""<?xml version="1.0"?><urlset {SM}><url><loc>http://[w.example/d</loc></url>
    <url><loc>https://w.example/e\x08</loc></url></urlset>"""
    assert [a.url for a in parse_sitemap(sitemap, "https://w.example/sitemap.xml", "w").articles] == [
        "http://[w.example/d", "https://w.example/e"]
    listing = """<html><head><base href="http://[broken"></head><body><a href="http://[w.example/f">bad</a>
    <a href="/2026/03/02/g">good</a></body></html>"""
    assert [link.url for link in parse_listing(listing, "https://w.example/", "w")] == ["https://w.example/2026/03/02/g"]
