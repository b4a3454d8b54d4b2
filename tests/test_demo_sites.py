"""The offline demo sites behave like real news servers and their catalogue matches what they serve."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from selectolax.lexbor import LexborHTMLParser

from flows.demo_sites import DemoArticle, DemoSites
from scrapers.sources import load_sources

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture(scope="module")
def sites() -> Iterator[DemoSites]:
    with DemoSites(edition=0) as running:
        yield running


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10, follow_redirects=False) as http:
        yield http


def _strip_tracking(url: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if not k.startswith("utm_")]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _text(html: str) -> str:
    return " ".join((LexborHTMLParser(html).body.text(separator=" ") or "").split())


def test_catalogue_has_enough_articles_publishers_and_timezones(sites: DemoSites) -> None:
    catalogue = sites.catalogue
    assert len(catalogue) >= 30
    assert {a.source for a in catalogue} == {"meridian", "wire", "broadcast"}
    assert len({a.timezone for a in catalogue}) >= 3
    assert len({a.url for a in catalogue}) == len(catalogue)
    assert sum(a.changes_in_edition for a in catalogue) >= 1


@pytest.mark.parametrize("field", ["published", "modified"])
def test_catalogue_dates_carry_the_publishers_own_offset(sites: DemoSites, field: str) -> None:
    for article in sites.catalogue:
        value = getattr(article, field)
        if value is None:
            continue
        moment = datetime.fromisoformat(value)
        assert moment.year == 2026
        assert moment.utcoffset() == moment.replace(tzinfo=ZoneInfo(article.timezone)).utcoffset(), article.url


def test_catalogue_entries_are_consistent(sites: DemoSites) -> None:
    for article in sites.catalogue:
        assert 4 <= len(article.paragraphs) <= 11, article.url
        assert article.title and article.authors and article.section
        for chrome in article.must_not_contain:
            assert chrome not in article.body, (article.url, chrome)


def test_every_article_page_shows_its_facts_and_its_chrome(sites: DemoSites, client: httpx.Client) -> None:
    for article in sites.catalogue:
        response = client.get(article.url)
        assert response.status_code == 200, article.url
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        tree = LexborHTMLParser(response.text)
        canonical = tree.css_first('link[rel="canonical"]')
        assert canonical is not None and canonical.attributes["href"] == article.url
        text = _text(response.text)
        assert article.title in text
        for paragraph in article.paragraphs:
            assert paragraph in text, (article.url, paragraph[:40])
        for caption in article.captions:
            assert caption.text in text
            assert caption.credit is None or f"[{caption.credit}]" in text
        for chrome in article.must_not_contain:
            assert chrome in text, (article.url, chrome)  # the chrome is really there to be stripped


def test_meridian_looks_like_a_tagdiv_site(sites: DemoSites, client: httpx.Client) -> None:
    article = next(a for a in sites.catalogue if a.source == "meridian" and a.captions)
    tree = LexborHTMLParser(client.get(article.url).text)
    assert tree.css_first(".td-weather-top-widget .td-weather-now").text(separator=" ").split() == ["8.7", "C"]
    assert tree.css_first(".td-weather-city").text() == "New York"
    today = datetime.now(ZoneInfo("America/New_York")).date()
    assert tree.css_first(".td_data_time").text(strip=True) == f"{today:%A}, {today:%B} {today.day}, {today.year}"
    assert tree.css_first("title").text() == f"{article.title} | {article.section} News"
    published = tree.css_first('meta[property="article:published_time"]').attributes["content"]
    assert published == article.published
    assert tree.css(".td-post-content .wp-caption-text, .td-post-content figcaption")


def test_wire_jsonld_states_the_article_metadata(sites: DemoSites, client: httpx.Client) -> None:
    for article in (a for a in sites.catalogue if a.source == "wire"):
        tree = LexborHTMLParser(client.get(article.url).text)
        objects = [json.loads(s.text()) for s in tree.css('script[type="application/ld+json"]')]
        news = next(o for o in objects if o["@type"] == "NewsArticle")
        assert news["headline"] == article.title
        assert news["datePublished"] == article.published
        assert news["dateModified"] == (article.modified or article.published)
        assert [a["name"] for a in news["author"]] == list(article.authors)
        assert news["publisher"]["name"] == "Continental Press Wire"


def test_broadcast_pages_print_dates_without_offset(sites: DemoSites, client: httpx.Client) -> None:
    for article in (a for a in sites.catalogue if a.source == "broadcast"):
        tree = LexborHTMLParser(client.get(article.url).text)
        shown = tree.css_first('meta[property="article:published_time"]').attributes["content"]
        assert datetime.fromisoformat(shown).tzinfo is None
        assert datetime.fromisoformat(shown).replace(tzinfo=ZoneInfo(article.timezone)).isoformat() == article.published
        assert tree.css_first("title").text() == f"{article.title} - Hanbit Broadcasting Network"
        byline = tree.css_first(".byline").text(separator=" ")
        assert " ".join(byline.split()) == "By " + ", ".join(article.authors)


def test_sitemap_index_news_sitemap_and_hubs(sites: DemoSites, client: httpx.Client, tmp_path: Path) -> None:
    config = load_sources(sites.write_sources(tmp_path / "sources.toml"))
    wire = next(s for s in config.sources if s.name == "wire")
    index = ET.fromstring(client.get(wire.sitemaps[0]).content)
    sitemap_urls = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", NS)]
    assert len(sitemap_urls) == 2
    expected = {a.url: a for a in sites.catalogue if a.source == "wire"}
    listed: dict[str, str | None] = {}
    for sitemap_url in sitemap_urls:
        response = client.get(sitemap_url)
        assert response.headers["content-type"] == "application/xml; charset=utf-8"
        for entry in ET.fromstring(response.content).iterfind("sm:url", NS):
            date = entry.find("news:news/news:publication_date", NS)
            listed[entry.findtext("sm:loc", namespaces=NS)] = None if date is None else date.text
    for url, published in listed.items():
        assert client.get(url).status_code == 200, url
        assert wire.accepts(url), url  # hubs look like articles by URL: only the page tells
        if url in expected:
            assert published == expected[url].published
    hubs = set(listed) - set(expected)
    assert set(expected) <= set(listed) and hubs == set(sites.not_articles)
    for hub in hubs:
        tree = LexborHTMLParser(client.get(hub).text)
        assert tree.css_first('meta[property="og:type"]').attributes["content"] == "website"


def test_rss_feed_parses_and_has_one_tracking_link(sites: DemoSites, client: httpx.Client) -> None:
    broadcast = {a.url: a for a in sites.catalogue if a.source == "broadcast"}
    response = client.get(next(iter(broadcast)).split("news/")[0] + "rss/allArticle.xml")
    assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
    items = ET.fromstring(response.content).findall("channel/item")
    links = [item.findtext("link") for item in items]
    tracked = [link for link in links if "utm_source=" in link]
    assert len(tracked) == 1 and _strip_tracking(tracked[0]) in broadcast
    assert {_strip_tracking(link) for link in links} == set(broadcast)
    page = client.get(tracked[0])
    assert page.status_code == 200
    canonical = LexborHTMLParser(page.text).css_first('link[rel="canonical"]').attributes["href"]
    assert canonical == _strip_tracking(tracked[0])
    for item in items:
        article = broadcast[_strip_tracking(item.findtext("link"))]
        assert datetime.strptime(item.findtext("pubDate"), "%a, %d %b %Y %H:%M:%S %z").isoformat() == article.published


@pytest.mark.parametrize("publisher", ["meridian", "wire", "broadcast"])
def test_feeds_advertised_in_pages_parse(sites: DemoSites, client: httpx.Client, publisher: str) -> None:
    home = LexborHTMLParser(client.get(f"{sites.base_url}/{publisher}/").text)
    for link in home.css('link[rel="alternate"][type="application/rss+xml"]'):
        response = client.get(link.attributes["href"])
        assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
        items = ET.fromstring(response.content).findall("channel/item")
        assert len(items) == sum(a.source == publisher for a in sites.catalogue)


def test_sources_file_loads_and_its_listings_lead_to_every_article(
    sites: DemoSites, client: httpx.Client, tmp_path: Path
) -> None:
    config = load_sources(sites.write_sources(tmp_path / "sources.toml"))
    assert config.settings.allow_private_addresses
    assert [s.name for s in config.sources] == ["meridian", "wire", "broadcast"]
    for source in config.sources:
        articles = {a.url for a in sites.catalogue if a.source == source.name}
        assert all(source.accepts(url) for url in articles)
        found: set[str] = set()
        for listing in source.listings:
            response = client.get(listing)
            assert response.status_code == 200, listing
            hrefs = {a.attributes.get("href") or "" for a in LexborHTMLParser(response.text).css("a[href]")}
            found |= {_strip_tracking(h) for h in hrefs if source.accepts(h)}
        if source.listings:
            assert articles <= found, source.name


def test_article_patterns_reject_the_listings(sites: DemoSites, tmp_path: Path) -> None:
    config = load_sources(sites.write_sources(tmp_path / "sources.toml"))
    for source in config.sources:
        for listing in (*source.listings, source.homepage):
            assert not source.accepts(listing), listing
    meridian = next(s for s in config.sources if s.name == "meridian")
    assert not meridian.accepts(f"{sites.base_url}/meridian/tag/sanctions/")
    assert not meridian.accepts(f"{sites.base_url}/meridian/author/dana-whitfield/")


def test_traps_are_linked_where_a_crawler_finds_them(sites: DemoSites, client: httpx.Client) -> None:
    known = {a.url for a in sites.catalogue}
    home = f"{sites.base_url}/meridian/"
    hrefs = {a.attributes["href"] for a in LexborHTMLParser(client.get(home).text).css("a[href]")}
    assert len(sites.dead_links) == 1 and sites.dead_links[0] in hrefs
    response = client.get(sites.dead_links[0])
    assert response.status_code == 404
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "Error 404" in response.text
    assert len(sites.tracking_links) == 2
    for link in sites.tracking_links:
        assert "utm_medium=" in link and _strip_tracking(link) in known
        assert client.get(link).status_code == 200
    assert sites.tracking_links[0] in hrefs  # the other one is in the RSS feed (tested above)
    assert sites.not_articles and not set(sites.not_articles) & known


def test_robots_allows_everything_and_names_the_sitemap(sites: DemoSites, client: httpx.Client) -> None:
    response = client.get(f"{sites.base_url}/robots.txt")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert "User-agent: *\nAllow: /\n" in response.text
    assert f"Sitemap: {sites.base_url}/wire/sitemap-index.xml" in response.text


def test_unknown_paths_404_and_missing_slash_redirects(sites: DemoSites, client: httpx.Client) -> None:
    assert client.get(f"{sites.base_url}/nowhere/").status_code == 404
    assert client.get(f"{sites.base_url}/wire/europe/no-such-story/").status_code == 404
    article = next(a for a in sites.catalogue if a.source == "meridian")
    redirect = client.get(article.url.rstrip("/"))
    assert redirect.status_code == 301 and redirect.headers["location"] == article.url


def test_gzip_for_clients_that_accept_it(sites: DemoSites, client: httpx.Client) -> None:
    url = next(a.url for a in sites.catalogue if a.source == "wire")
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers and zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content and int(zipped.headers["content-length"]) < len(plain.content)
    assert zipped.headers["etag"] == "W/" + plain.headers["etag"]
    assert client.get(url, headers={"If-None-Match": zipped.headers["etag"]}).status_code == 304


def test_conditional_get_answers_304(sites: DemoSites, client: httpx.Client) -> None:
    url = next(a.url for a in sites.catalogue if a.source == "wire")

    def get(**headers: str) -> httpx.Response:
        return client.get(url, headers={"Accept-Encoding": "identity", **headers})

    first = get()
    etag, last_modified = first.headers["etag"], first.headers["last-modified"]
    again = get(**{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert get(**{"If-None-Match": '"other"'}).status_code == 200
    assert get(**{"If-None-Match": f'"other", {etag}'}).status_code == 304
    assert get(**{"If-Modified-Since": last_modified}).status_code == 304
    assert get(**{"If-Modified-Since": "Thu, 01 Jan 2026 00:00:00 GMT"}).status_code == 200
    head = client.head(url, headers={"Accept-Encoding": "identity"})
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == etag


def test_edition_switch_edits_the_developing_story() -> None:
    with DemoSites(edition=0) as sites, httpx.Client() as client:
        before: DemoArticle = next(a for a in sites.catalogue if a.changes_in_edition)
        first = client.get(before.url)
        sites.edition = 1
        after = next(a for a in sites.catalogue if a.url == before.url)
        second = client.get(before.url, headers={"If-None-Match": first.headers["etag"]})
        unchanged = [a for a in sites.catalogue if not a.changes_in_edition]
    assert unchanged
    assert second.status_code == 200 and second.headers["etag"] != first.headers["etag"]
    assert after.title != before.title and after.title in second.text and before.title not in second.text
    assert after.paragraphs != before.paragraphs
    assert after.modified is not None and after.modified > (before.modified or before.published)


def test_python_dash_m_serves_until_interrupted() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "flows.demo_sites", "--port", "0"],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        base = line.split(" at ")[1].split()[0]
        assert httpx.get(base + "meridian/").status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_fixed_port_gives_the_same_urls_again_and_a_busy_one_says_so() -> None:
    with DemoSites(port=0) as first:
        port = first.port
        with pytest.raises(OSError, match="another demo running"):
            DemoSites(port=port).start()
    with DemoSites(port=port) as again:
        assert again.base_url == f"http://127.0.0.1:{port}"
        assert again.catalogue[0].url.startswith(again.base_url)
    free = DemoSites(port=0)
    for _ in range(2):  # restarted, maybe on another free port: the pages and the catalogue follow it
        with free:
            assert all(a.url.startswith(free.base_url) for a in free.catalogue)
            assert httpx.get(free.catalogue[0].url).status_code == 200
