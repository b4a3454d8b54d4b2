"""Discovery against a real HTTP server on 127.0.0.1: feeds and sitemaps as sites serve them, and every
feed or sitemap that gives nothing to read recorded with its reason, never a silent empty result."""

from __future__ import annotations

import gzip
import itertools
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime

import feedparser
import pytest
from adversarial import (
    FAST,
    LIMITS,
    AdversarialServer,
    adversarial_server_fixture,  # noqa: F401 - provides the adversarial_server fixture
    run,
)

from scrapers.discover import EARLIER_INDEX, MAX_SITEMAP_DEPTH, DiscoveryResult, KnownDocument, discover, discover_urls
from scrapers.fetch import Fetcher
from scrapers.sources import Source

SM = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
READ = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # when an earlier run read the known sitemaps


def _urlset(*urls: str) -> bytes:
    return (f'<?xml version="1.0"?><urlset {SM}>' + "".join(f"<url><loc>{u}</loc></url>" for u in urls)
            + "</urlset>").encode()


def _index(*urls: str) -> bytes:
    return (f'<?xml version="1.0"?><sitemapindex {SM}>' + "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
            + "</sitemapindex>").encode()


def _discover(server: AdversarialServer, **urls: tuple[str, ...]) -> DiscoveryResult:
    async def go() -> DiscoveryResult:
        async with Fetcher(limits=LIMITS, politeness=FAST) as fetcher:
            return await discover(Source(name="site", title="Site", **urls), fetcher.fetch)
    return run(go())


def _failures(result: DiscoveryResult) -> dict[str, str]:
    return {url.rsplit("/", 1)[1]: exc.reason for url, exc in result.failures}


ERROR_PAGES = [
    ("text/html; charset=utf-8", (b"<!DOCTYPE html><html><head><title>Page not found</title>"
     b"<link rel='stylesheet' href='/s.css'><link rel='alternate' type='application/rss+xml' href='/feed/'>"
     b"</head><body><a href='/2026/03/02/home-story'>Top story</a></body></html>")),
    ("application/rss+xml", b"<html><body><h1>503 Service Temporarily Unavailable</h1><hr>nginx</body></html>"),
    ("application/xml", b'<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Key>sitemap.xml</Key></Error>'),
    ("text/plain", b"Sorry, this page is not available in your region."),
]


@pytest.mark.parametrize(("content_type", "body"), ERROR_PAGES, ids=["html-page", "html-as-rss", "xml-error", "text"])
def test_something_else_served_200_where_a_feed_or_sitemap_was_expected_is_a_recorded_failure(
        adversarial_server: AdversarialServer, content_type: str, body: bytes) -> None:
    adversarial_server.static["/feed.xml"] = (content_type, body, {})
    adversarial_server.static["/sitemap.xml"] = (content_type, body, {})
    result = _discover(adversarial_server, feeds=(adversarial_server.url("/feed.xml"),),
                       sitemaps=(adversarial_server.url("/sitemap.xml"),))
    assert result.found == []
    assert _failures(result) == {"feed.xml": "discover.not_a_feed", "sitemap.xml": "discover.not_a_feed"}
    assert not result.read, "no validators kept: the next run reads it again, whole"
    if b"/feed/" in body:
        assert adversarial_server.url("/feed/") in str(result.failures[0][1]), "the feed the page advertises"


def test_feeds_and_sitemaps_are_read_as_what_they_hold(adversarial_server: AdversarialServer) -> None:
    """A feed listed among the sitemaps, a sitemap among the feeds, a text sitemap, robots.txt's Sitemap
    lines, a gzipped sitemap served unlabelled, a feed behind a redirect: each read as what it is."""
    server = adversarial_server
    rss = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><link>/2026/03/02/from-rss</link>'
    server.static["/rss"] = ("text/xml", rss + b"</item></channel></rss>", {})
    server.static["/news-sitemap"] = ("application/xml", _urlset(server.url("/2026/03/02/from-sitemap")), {})
    server.static["/urls.txt"] = ("text/plain", server.url("/2026/03/02/from-text").encode() + b"\n", {})
    robots = b"User-agent: *\nDisallow: /search\n\nSitemap: " + server.url("/sm.xml.gz").encode() + b"\n"
    server.static["/robots-copy.txt"] = ("text/plain", robots, {})
    server.static["/sm.xml.gz"] = ("application/octet-stream",
                                   gzip.compress(_urlset(server.url("/2026/03/02/from-gzip"))), {})
    result = _discover(server, feeds=(server.url("/news-sitemap"), server.url(f"/redirect?to={server.url('/rss')}")),
                       sitemaps=(server.url("/rss"), server.url("/urls.txt"), server.url("/robots-copy.txt")))
    assert sorted(d.url.rsplit("/", 1)[1] for d in result.found) == [
        "from-gzip", "from-rss", "from-sitemap", "from-text"]
    assert result.failures == []
    assert len(server.hits("/rss")) == 1, "the feed is read once, though listed twice under two names"


def test_sitemap_indexes_that_loop_or_nest_too_deep(adversarial_server: AdversarialServer) -> None:
    server = adversarial_server
    chain = [f"/level-{depth}.xml" for depth in range(MAX_SITEMAP_DEPTH + 2)]
    for path, child in itertools.pairwise(chain):
        server.static[path] = ("application/xml", _index(server.url(child), server.url("/articles.xml")), {})
    server.static[chain[-1]] = ("application/xml", _urlset(server.url("/2026/03/02/too-deep")), {})
    # the index lists itself, its own spellings and an ancestor: each sitemap is read once
    spellings = [server.url(chain[0]) + "#x", server.url(chain[0]).upper().replace("/LEVEL-0.XML", "/level-0.xml"),
                 server.url(chain[0]) + "?utm_source=index"]
    server.static["/articles.xml"] = ("application/xml", _index(*spellings), {})
    server.static["/root.xml"] = ("application/xml", _index(server.url(chain[0]), server.url("/news.xml")), {})
    server.static["/news.xml"] = ("application/xml", _urlset(server.url("/2026/03/02/fine")), {})
    result = _discover(server, sitemaps=(server.url("/root.xml"),))
    assert [d.url.rsplit("/", 1)[1] for d in result.found] == ["fine"]
    deepest = server.url(chain[-2])  # root is depth 0: level-k is depth k + 1
    assert [(url, exc.reason, exc.state) for url, exc in result.failures] == [
        (deepest, "discover.too_deep", "skipped")]
    assert result.listed_in[deepest] == server.url(chain[-3])  # recorded as found in the index naming it
    assert server.url("/root.xml") not in result.listed_in  # the sources file's own
    assert all(len(server.hits(path)) == 1 for path in [*chain[:-2], "/articles.xml", "/root.xml", "/news.xml"])


def test_a_nested_sitemap_known_from_earlier_runs_that_fails_says_so(adversarial_server: AdversarialServer) -> None:
    """A child of an index read in an earlier run is asked again even when the index has not changed;
    when it is gone, its failure says it came from that index, not from the sources file."""
    server = adversarial_server
    server.static["/root.xml"] = ("application/xml", _urlset(server.url("/2026/03/02/fine")), {})
    gone = server.url("/sitemap-2019.xml")  # not served: 404

    async def go() -> DiscoveryResult:
        async with Fetcher(limits=LIMITS, politeness=FAST) as fetcher:
            return await discover(Source(name="site", title="Site", sitemaps=(server.url("/root.xml"),)),
                                  fetcher.fetch, known={server.url("/root.xml"): KnownDocument(READ),
                                                        gone: KnownDocument(READ)})
    result = run(go())
    assert [d.url.rsplit("/", 1)[1] for d in result.found] == ["fine"]
    assert [(url, exc.reason) for url, exc in result.failures] == [(gone, "fetch.http_status")]
    assert result.listed_in == {gone: EARLIER_INDEX}


def test_nested_sitemaps_their_index_dates_before_the_last_read_are_not_asked(
        adversarial_server: AdversarialServer) -> None:
    """A news site's index lists years of archive sitemaps, each with its <lastmod>: one read since it
    last changed, and recently enough for the read to be still fresh (a tenth of the age it had then, a
    day at most), is not asked again. A child changed after the read (however its date is written), one
    read soon after a change or too long ago, one without a date or with an unreadable or placeholder
    one, one last served with a Last-Modified after its index's date, and one never read are asked."""
    server = adversarial_server
    read = datetime.now(UTC) - timedelta(hours=1)  # an earlier run read every known child then
    month_before, day_before = read - timedelta(days=30), read - timedelta(days=1)
    lastmods = {
        "archive": month_before.isoformat(),  # fresh for a day after the read (a tenth of its age: 3 days)
        "archive-served-older": month_before.isoformat(),  # last served with a Last-Modified before it: agrees
        "archive-served-later": month_before.isoformat(),  # last served with a later one: the index lags
        "archive-read-two-days-ago": (month_before - timedelta(days=365)).isoformat(),  # fresh a day at most
        "archive-rfc822": format_datetime(day_before),  # fresh for 2.4 hours
        "archive-offset": month_before.astimezone(timezone(timedelta(hours=-5))).isoformat(),
        "changed": (read + timedelta(minutes=30)).isoformat(),
        "read-soon-after-a-change": (read - timedelta(hours=2)).isoformat(),  # fresh for 12 minutes
        "same-day": read.date().isoformat(),  # a bare day: it may have changed later that day
        "no-offset": (read - timedelta(hours=3)).replace(tzinfo=None).isoformat(),  # in any zone: maybe later
        "undated": None, "unreadable": "last week", "never-read": "2020-01-01",
        # placeholders for "no date" (Unix time 0, .NET's DateTime.MinValue), no change this old: it would be fresh
        # for 5 and 202 years
        "epoch": "1970-01-01T00:00:00+00:00", "min-value": "0001-01-01T00:00:00",
        "archive-read-long-ago": (month_before - timedelta(days=10)).isoformat()}  # fresh 3 days, read 10 ago
    entries = "".join(f"<sitemap><loc>{server.url(f'/{name}.xml')}</loc>"
                      + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</sitemap>"
                      for name, lastmod in lastmods.items())
    server.static["/index.xml"] = ("application/xml", f'<?xml version="1.0"?><sitemapindex {SM}>{entries}'
                                   "</sitemapindex>".encode(), {})
    for name in lastmods:
        server.static[f"/{name}.xml"] = ("application/xml", _urlset(server.url(f"/2026/03/02/{name}-story")), {})
    known = {server.url(f"/{name}.xml"): KnownDocument(read) for name in lastmods if name != "never-read"}
    known[server.url("/archive-read-long-ago.xml")] = KnownDocument(read - timedelta(days=10))
    known[server.url("/archive-read-two-days-ago.xml")] = KnownDocument(read - timedelta(days=2))
    known[server.url("/archive-served-older.xml")] = KnownDocument(read, format_datetime(month_before, usegmt=True))
    known[server.url("/archive-served-later.xml")] = KnownDocument(
        read, format_datetime(read - timedelta(hours=2), usegmt=True))

    async def go() -> DiscoveryResult:
        async with Fetcher(limits=LIMITS, politeness=FAST) as fetcher:
            return await discover(Source(name="site", title="Site", sitemaps=(server.url("/index.xml"),)),
                                  fetcher.fetch, known={server.url("/index.xml"): KnownDocument(read), **known})
    result = run(go())
    asked = {name for name in lastmods if server.hits(f"/{name}.xml")}
    assert asked == set(lastmods) - {"archive", "archive-rfc822", "archive-offset", "archive-served-older"}
    assert all(len(server.hits(f"/{name}.xml")) == 1 for name in asked)
    assert sorted(d.url.rsplit("/", 1)[1] for d in result.found) == sorted(f"{name}-story" for name in asked)
    assert result.unchanged_children == 4 and result.failures == []


def test_an_adhoc_url_of_a_text_sitemap_or_an_error_page(adversarial_server: AdversarialServer) -> None:
    server = adversarial_server
    server.static["/list.txt"] = ("text/plain", b"\xef\xbb\xbf" + server.url("/2026/03/02/a-story").encode(), {})
    server.static["/error.rss"] = ("application/rss+xml", b'<?xml version="1.0"?><Error>AccessDenied</Error>', {})
    server.static["/gateway.rss"] = ("application/rss+xml", b"<html><body>Bad gateway</body></html>", {})

    async def go() -> DiscoveryResult:
        async with Fetcher(limits=LIMITS, politeness=FAST) as fetcher:
            source = Source(name="adhoc", title="adhoc")
            return await discover_urls([server.url(path) for path in ("/list.txt", "/error.rss", "/gateway.rss")],
                                       source, fetcher.fetch)
    result = run(go())
    assert [(d.url, d.skip_reason) for d in result.found] == [
        (server.url("/2026/03/02/a-story"), None), (server.url("/gateway.rss"), "discover.listing")]
    assert [(url, exc.reason) for url, exc in result.failures] == [(server.url("/error.rss"), "fetch.content_type")]
    assert result.listed_in[server.url("/error.rss")] == "seed"  # given on the command line, not the sources file


def test_a_parser_that_breaks_on_one_document_costs_that_document(adversarial_server: AdversarialServer,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    server = adversarial_server
    rss = b'<rss version="2.0"><channel><item><link>/a</link></item></channel></rss>'
    server.static["/rss"] = ("application/rss+xml", rss, {"ETag": '"v1"'})
    server.static["/sitemap.xml"] = ("application/xml", _urlset(server.url("/2026/03/02/still-read")), {})

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in the feed parser")

    monkeypatch.setattr(feedparser, "parse", broken)
    result = _discover(server, feeds=(server.url("/rss"),), sitemaps=(server.url("/sitemap.xml"),))
    assert [d.url for d in result.found] == [server.url("/2026/03/02/still-read")]
    ((url, error),) = result.failures
    assert (url, error.reason) == (server.url("/rss"), "discover.error")
    assert "RuntimeError: a bug in the feed parser" in str(error)
    assert server.url("/rss") not in result.read


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252", "utf-16"])
def test_a_sitemap_in_the_charset_its_declaration_names_is_read_in_it(adversarial_server: AdversarialServer,
                                                                      charset: str) -> None:
    """A sitemap saved in ISO-8859-1, windows-1252 or UTF-16 and saying so in its XML declaration (no charset
    in Content-Type): its non-ASCII URLs and Google News titles read as written, with their dates."""
    news = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
    sitemap = (f'<?xml version="1.0" encoding="{charset.upper()}"?><urlset {SM} {news}><url>'
               "<loc>https://site.example/2026/03/02/café-à-zürich</loc><lastmod>2026-03-02T10:00:00+01:00</lastmod>"
               "<news:news><news:title>Élysée : la présidente à Zürich</news:title></news:news></url></urlset>")
    adversarial_server.static["/news-sitemap.xml"] = ("application/xml", sitemap.encode(charset), {})
    result = _discover(adversarial_server, sitemaps=(adversarial_server.url("/news-sitemap.xml"),))
    assert [(d.url, d.title, d.published_raw) for d in result.found] == [
        ("https://site.example/2026/03/02/caf%C3%A9-%C3%A0-z%C3%BCrich", "Élysée : la présidente à Zürich",
         "2026-03-02T10:00:00+01:00")]
