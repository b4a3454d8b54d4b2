"""The fetcher against a misbehaving server on 127.0.0.1.

Each hostile behaviour ends in the right error, with the right attempts, in bounded time.
"""

from __future__ import annotations

import asyncio
import gzip
import itertools
import socket
import threading
from dataclasses import replace

import pytest
from adversarial import (
    FAST,
    LIMITS,
    AdversarialServer,
    adversarial_server_fixture,  # noqa: F401 - provides the adversarial_server fixture
    fetch,
    raises,
    run,
)

from scrapers.errors import (
    CircuitOpen,
    ContentTypeRefused,
    FetchConnectError,
    FetchError,
    FetchTimeout,
    FetchTooLarge,
    HTTPStatusError,
    RobotsDisallowed,
    TooManyRedirects,
)
from scrapers.fetch import DEFAULT_LIMITS, Fetcher, FetchLimits
from scrapers.models import Page


def test_fetches_a_page_with_lowercased_headers_and_our_user_agent(adversarial_server: AdversarialServer) -> None:
    page = run(fetch(adversarial_server.url("/page")))
    assert page.status == 200 and "Hello" in page.text and page.attempts == 1
    assert page.headers["etag"] == '"v1"' and page.content_type == "text/html"
    assert page.url == page.requested_url == adversarial_server.url("/page")
    assert adversarial_server.hits("/page")[0].headers["user-agent"] == "geowire-test/0.1"


def test_a_cookie_the_site_sets_goes_back_with_later_requests_and_none_before(
        adversarial_server: AdversarialServer) -> None:
    adversarial_server.static["/consent"] = ("text/html", b"<p>ok</p>", {"Set-Cookie": "consent=yes; Path=/"})
    adversarial_server.static["/plain"] = ("text/html", b"<p>no cookie</p>", {})

    async def three() -> None:
        async with Fetcher(limits=LIMITS, politeness=FAST) as fetcher:
            for path in ("/plain", "/consent", "/plain"):
                await fetcher.fetch(adversarial_server.url(path))

    run(three())
    first, second = adversarial_server.hits("/plain")
    assert "cookie" not in first.headers and second.headers["cookie"] == "consent=yes"


def test_conditional_get_sends_validators_and_returns_a_304_page(adversarial_server: AdversarialServer) -> None:
    page = run(fetch(adversarial_server.url("/page"), etag='"v1"', last_modified="Wed, 01 Jan 2025 00:00:00 GMT"))
    assert page.not_modified and page.content == b"" and page.attempts == 1
    sent = adversarial_server.hits("/page")[0].headers
    assert sent["if-none-match"] == '"v1"' and sent["if-modified-since"] == "Wed, 01 Jan 2025 00:00:00 GMT"


def test_slow_drip_is_cut_by_the_total_timeout(adversarial_server: AdversarialServer) -> None:
    limits = FetchLimits(read_timeout=5, total_timeout=0.5)  # each byte arrives well within the read timeout
    error = raises(FetchTimeout, fetch(adversarial_server.url("/drip?every=0.05"), limits=limits), within=3)
    assert "total timeout" in str(error) and error.reason == "fetch.timeout"
    assert error.attempts == 1  # type: ignore[attr-defined]  # the budget is spent: no retry
    assert error.url == adversarial_server.url("/drip?every=0.05")


def test_a_server_that_never_answers_hits_the_read_timeout_on_every_attempt(
        adversarial_server: AdversarialServer) -> None:
    limits = FetchLimits(read_timeout=0.3, total_timeout=5)
    error = raises(FetchTimeout, fetch(adversarial_server.url("/stall"), limits=limits), within=5)
    assert error.attempts == 3 and "ReadTimeout" in str(error)  # type: ignore[attr-defined]
    assert len(adversarial_server.hits("/stall")) == 3


def test_all_attempts_share_the_total_timeout(adversarial_server: AdversarialServer) -> None:
    limits = FetchLimits(read_timeout=0.4, total_timeout=1.0)  # room for two read timeouts and a bit, not three
    error = raises(FetchTimeout, fetch(adversarial_server.url("/stall"), limits=limits), within=3)
    assert error.attempts == 3 and "total timeout" in str(error)  # type: ignore[attr-defined]


def test_endless_body_stops_at_the_size_cap(adversarial_server: AdversarialServer) -> None:
    limits = FetchLimits(max_body_bytes=1024 * 1024, total_timeout=10)
    error = raises(FetchTooLarge, fetch(adversarial_server.url("/endless"), limits=limits))
    assert error.attempts == 1 and error.state == "skipped"  # type: ignore[attr-defined]


def test_ten_megabyte_page_over_a_lowered_limit_is_refused(adversarial_server: AdversarialServer) -> None:
    limits = FetchLimits(max_body_bytes=2 * 1024 * 1024)
    declared = raises(FetchTooLarge, fetch(adversarial_server.url("/big?bytes=10000000"), limits=limits))
    assert "Content-Length" in str(declared)  # refused from the header, before reading
    streamed = raises(FetchTooLarge, fetch(adversarial_server.url("/big?bytes=10000000&chunked=1"), limits=limits))
    assert "over the limit" in str(streamed)


def test_ten_megabyte_page_under_the_default_limit_is_fetched(adversarial_server: AdversarialServer) -> None:
    page = run(fetch(adversarial_server.url("/big?bytes=10000000"), limits=DEFAULT_LIMITS))
    assert len(page.content) == 10_000_000


def test_gzip_bomb_is_refused_while_inflating(adversarial_server: AdversarialServer) -> None:
    error = raises(FetchTooLarge, fetch(adversarial_server.url("/bomb"), limits=FetchLimits(
        max_decompressed_bytes=8 * 1024 * 1024)))
    assert "decompression bomb" in str(error) or "larger than" in str(error)


def test_gzip_body_is_inflated(adversarial_server: AdversarialServer) -> None:
    adversarial_server.static["/gz"] = ("text/html", gzip.compress(b"<p>squeezed</p>"), {"Content-Encoding": "gzip"})
    page = run(fetch(adversarial_server.url("/gz")))
    assert page.text == "<p>squeezed</p>"
    assert adversarial_server.hits("/gz")[0].headers["accept-encoding"] == "gzip, deflate"


def test_redirects_are_followed_up_to_the_limit(adversarial_server: AdversarialServer) -> None:
    page = run(fetch(adversarial_server.url("/chain/3")))
    assert page.url == adversarial_server.url("/chain/0") and page.requested_url == adversarial_server.url("/chain/3")
    error = raises(TooManyRedirects, fetch(adversarial_server.url("/chain/4"),
                                          limits=FetchLimits(max_redirects=3)))
    assert "more than 3 redirects" in str(error)


def test_redirect_loop_is_detected(adversarial_server: AdversarialServer) -> None:
    error = raises(TooManyRedirects, fetch(adversarial_server.url("/loop/a")))
    assert "redirect loop" in str(error) and error.attempts == 1  # type: ignore[attr-defined]
    assert len(adversarial_server.hits("/loop/a")) == 1 and len(adversarial_server.hits("/loop/b")) == 1


def test_redirect_to_another_scheme_is_refused(adversarial_server: AdversarialServer) -> None:
    error = raises(FetchError, fetch(adversarial_server.url("/redirect?to=file:///etc/passwd")))
    assert "not an http(s) URL" in str(error)


def test_flapping_500s_succeed_after_retries(adversarial_server: AdversarialServer) -> None:
    page = run(fetch(adversarial_server.url("/flaky?key=a&fails=2&status=500")))
    assert page.status == 200 and page.attempts == 3 and "finally" in page.text


def test_persistent_500s_give_up_after_the_last_attempt(adversarial_server: AdversarialServer) -> None:
    error = raises(HTTPStatusError, fetch(adversarial_server.url("/flaky?key=b&fails=9&status=503")))
    assert error.status == 503 and error.attempts == 3  # type: ignore[attr-defined]
    assert len(adversarial_server.hits("/flaky")) == 3


def test_404_is_not_retried(adversarial_server: AdversarialServer) -> None:
    error = raises(HTTPStatusError, fetch(adversarial_server.url("/missing")))
    assert error.status == 404 and error.reason == "fetch.http_status"  # type: ignore[attr-defined]
    assert error.attempts == 1  # type: ignore[attr-defined]


def test_429_retry_after_is_honoured(adversarial_server: AdversarialServer) -> None:
    page = run(fetch(adversarial_server.url("/flaky?key=c&fails=1&status=429&retry_after=1")))
    assert page.attempts == 2
    first, second = adversarial_server.hits("/flaky")
    assert second.at - first.at >= 0.95  # waited as asked, not just the 10 ms backoff


def test_retry_after_is_capped(adversarial_server: AdversarialServer) -> None:
    polite = replace(FAST, max_retry_after=0.2)
    page = run(fetch(adversarial_server.url("/flaky?key=d&fails=1&status=503&retry_after=3600"), politeness=polite))
    assert page.attempts == 2


def test_connection_reset_mid_body_is_a_connect_error(adversarial_server: AdversarialServer) -> None:
    error = raises(FetchConnectError, fetch(adversarial_server.url("/reset")))
    assert error.attempts == 3 and error.reason == "fetch.connect"  # type: ignore[attr-defined]


def test_a_reply_that_is_not_http_is_a_connect_error(adversarial_server: AdversarialServer) -> None:
    """A malformed status line is the server's failure, recorded like a broken connection (and retried),
    never an exception from the HTTP library escaping the crawl."""
    error = raises(FetchConnectError, fetch(adversarial_server.url("/garbage")))
    assert error.attempts == 3 and error.reason == "fetch.connect"  # type: ignore[attr-defined]
    assert len(adversarial_server.hits("/garbage")) == 3


def test_a_kept_alive_connection_the_server_closes_is_reopened_at_once() -> None:
    """Servers that reply without "Connection: close" and then hang up (after robots.txt, after a redirect)
    leave a closed connection in the pool: the next request must go out on a new one, not fail."""
    listener = socket.create_server(("127.0.0.1", 0))
    paths: list[str] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                path = conn.recv(65536).decode("latin-1").split(" ", 2)[1]
                paths.append(path)
                body = b"<html><body><p>Here it is.</p></body></html>" if path == "/b" else b""
                head = {"/robots.txt": "404 Not Found", "/a": "301 Moved Permanently\r\nLocation: /b"}.get(path, "200 OK")
                conn.sendall(f"HTTP/1.1 {head}\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n"
                             .encode() + body)  # then an orderly close, announced nowhere

    threading.Thread(target=serve, daemon=True).start()
    try:
        page = run(fetch(f"http://127.0.0.1:{listener.getsockname()[1]}/a"))
    finally:
        listener.close()
    assert page.status == 200 and "Here it is." in page.text and page.attempts == 1
    assert paths == ["/robots.txt", "/a", "/b"]


def test_a_reply_with_hundreds_of_header_lines_is_read(adversarial_server: AdversarialServer) -> None:
    """Pages that set a cookie per tracker send hundreds of header lines: a page, not a broken reply."""
    adversarial_server.static["/cookies.html"] = ("text/html", b"<p>Many cookies</p>",
                                                  {f"X-Tracker-{i}": f"id={i}" for i in range(300)})
    page = run(fetch(adversarial_server.url("/cookies.html")))
    assert page.status == 200 and page.attempts == 1 and page.headers["x-tracker-299"] == "id=299"


def test_a_name_whose_resolution_stalls_fails_within_the_connect_timeout_each_attempt(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """No DNS server here: a resolver that never answers is forced (the only way to reach this path)."""
    async def stalls(*args: object, **kwargs: object) -> list[object]:
        await asyncio.sleep(60)
        return []

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", stalls)
    limits = FetchLimits(connect_timeout=0.3, read_timeout=5, total_timeout=30)
    error = raises(FetchConnectError, fetch("http://news.example.test/a", limits=limits), within=8)
    assert "resolving news.example.test timed out" in str(error)
    assert error.attempts == FAST.max_attempts  # type: ignore[attr-defined]  # each attempt bounded, then retried


def test_body_shorter_than_declared_is_a_connect_error(adversarial_server: AdversarialServer) -> None:
    error = raises(FetchConnectError, fetch(adversarial_server.url("/short")))
    assert error.attempts == 3 and "content length" in str(error).lower()  # type: ignore[attr-defined]


def test_endless_headers_are_cut_short(adversarial_server: AdversarialServer) -> None:
    error = raises(FetchConnectError, fetch(adversarial_server.url("/header-bomb"), politeness=replace(
        FAST, max_attempts=1)))
    assert error.attempts == 1  # type: ignore[attr-defined]


def test_circuit_breaker_fails_fast_after_consecutive_failures(adversarial_server: AdversarialServer) -> None:
    polite = replace(FAST, circuit_breaker_threshold=4, max_attempts=3)

    async def scenario() -> tuple[FetchError, FetchError, FetchError]:
        async with Fetcher(limits=LIMITS, politeness=polite) as fetcher:
            errors = []
            for key in ("e1", "e2", "e3"):
                with pytest.raises(FetchError) as caught:
                    await fetcher.fetch(adversarial_server.url(f"/flaky?key={key}&fails=9"))
                errors.append(caught.value)
            return errors[0], errors[1], errors[2]

    first, second, third = run(scenario())
    assert isinstance(first, HTTPStatusError) and first.attempts == 3  # type: ignore[attr-defined]
    # the 4th failed attempt opens the circuit: no retry after it, and no request at all for the third URL
    assert isinstance(second, HTTPStatusError) and second.attempts == 1  # type: ignore[attr-defined]
    assert isinstance(third, CircuitOpen) and third.state == "skipped" and "4 consecutive failures" in str(third)
    assert len(adversarial_server.hits("/flaky")) == 4


def test_binary_served_as_html_is_refused(adversarial_server: AdversarialServer) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20
    adversarial_server.static["/image.html"] = ("text/html", png, {})
    error = raises(ContentTypeRefused, fetch(adversarial_server.url("/image.html")))
    assert "PNG" in str(error) and error.attempts == 1  # type: ignore[attr-defined]
    adversarial_server.static["/nul.html"] = ("text/html", b"<html>" + b"\x00\x01\x02" * 1000, {})
    assert "NUL" in str(raises(ContentTypeRefused, fetch(adversarial_server.url("/nul.html"))))


def test_content_type_outside_the_allow_list_is_refused_without_reading(adversarial_server: AdversarialServer) -> None:
    adversarial_server.static["/doc.pdf"] = ("application/pdf", b"%PDF-1.7" + b" " * 100, {})
    error = raises(ContentTypeRefused, fetch(adversarial_server.url("/doc.pdf")))
    assert "application/pdf" in str(error) and error.reason == "fetch.content_type"


def test_wrong_declared_charset_still_decodes(adversarial_server: AdversarialServer) -> None:
    body = "<html><body><p>Le président a déclaré à l'Élysée : « Ça suffit », général.</p></body></html>"
    adversarial_server.static["/latin"] = ("text/html; charset=utf-8", body.encode("cp1252"), {})
    page = run(fetch(adversarial_server.url("/latin")))
    assert "Le président a déclaré à l'Élysée" in page.text and page.encoding == "cp1252"


def test_robots_disallow_is_respected_and_robots_is_fetched_once(adversarial_server: AdversarialServer) -> None:
    adversarial_server.robots = (200, (b"User-agent: *\nDisallow: /private\n\n"
                                       b"User-agent: geowire-test\nDisallow: /page\n"))

    async def scenario() -> None:
        async with Fetcher(limits=LIMITS, politeness=FAST) as fetcher:
            for _ in range(2):
                with pytest.raises(RobotsDisallowed) as caught:
                    await fetcher.fetch(adversarial_server.url("/page"))
                assert caught.value.state == "skipped" and caught.value.attempts == 1  # type: ignore[attr-defined]
            assert (await fetcher.fetch(adversarial_server.url("/chain/0"))).status == 200

    run(scenario())
    assert len(adversarial_server.hits("/robots.txt")) == 1 and not adversarial_server.hits("/page")


def test_robots_applies_to_redirect_targets(adversarial_server: AdversarialServer) -> None:
    adversarial_server.robots = (200, b"User-agent: *\nDisallow: /page\n")
    raises(RobotsDisallowed, fetch(adversarial_server.url("/redirect?to=/page")))
    assert not adversarial_server.hits("/page")


def test_unreachable_robots_fails_the_fetch_without_touching_the_page(adversarial_server: AdversarialServer) -> None:
    adversarial_server.robots = (0, b"")  # connection reset
    error = raises(FetchConnectError, fetch(adversarial_server.url("/page")))
    assert error.attempts == 3 and error.url == adversarial_server.url("/page")  # type: ignore[attr-defined]
    assert len(adversarial_server.hits("/robots.txt")) == 3 and not adversarial_server.hits("/page")


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (403, True), (503, False)])
def test_robots_fetch_failures(adversarial_server: AdversarialServer, status: int, allowed: bool) -> None:
    adversarial_server.robots = (status, b"oops")
    if allowed:
        assert run(fetch(adversarial_server.url("/page"))).status == 200
    else:
        assert "503" in str(raises(RobotsDisallowed, fetch(adversarial_server.url("/page"))))


def test_robots_crawl_delay_spaces_requests(adversarial_server: AdversarialServer) -> None:
    adversarial_server.robots = (200, b"User-agent: *\nCrawl-delay: 0.5\n")

    async def scenario() -> None:
        async with Fetcher(limits=LIMITS, politeness=FAST) as fetcher:
            await asyncio.gather(*(fetcher.fetch(adversarial_server.url(f"/chain/0?n={i}")) for i in range(4)))

    run(scenario())
    starts = [request.at for request in adversarial_server.hits("/chain/0")]
    assert len(starts) == 4
    assert all(later - earlier >= 0.3 for earlier, later in itertools.pairwise(starts))


@pytest.mark.parametrize(("per_host", "global_cap", "in_flight"), [(1, 16, 1), (16, 2, 2)])
def test_concurrency_is_capped_per_host_and_globally(adversarial_server: AdversarialServer, per_host: int,
                                                     global_cap: int, in_flight: int) -> None:
    """Six fetches of held-back pages: only ``in_flight`` requests reach the server until it answers."""
    polite = replace(FAST, per_host_concurrency=per_host, global_concurrency=global_cap)

    async def scenario() -> list[Page]:
        async with Fetcher(limits=LIMITS, politeness=polite) as fetcher:
            pages = asyncio.gather(*(fetcher.fetch(adversarial_server.url(f"/hold?n={i}")) for i in range(6)))
            while len(adversarial_server.hits("/hold")) < in_flight:
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.3)  # time for any request over the cap to arrive
            assert len(adversarial_server.hits("/hold")) == in_flight
            adversarial_server.release()
            return await pages

    assert [page.status for page in run(scenario())] == [200] * 6



def test_gzipped_sitemap_file_is_inflated_and_a_gzipped_binary_refused(adversarial_server: AdversarialServer) -> None:
    sitemap = b'<?xml version="1.0"?><urlset><url><loc>http://example.com/a</loc></url></urlset>'
    adversarial_server.static["/sitemap.xml.gz"] = ("application/x-gzip", gzip.compress(sitemap), {})
    page = run(fetch(adversarial_server.url("/sitemap.xml.gz")))
    assert page.content == sitemap and "<urlset>" in page.text
    adversarial_server.static["/archive.tar.gz"] = ("application/gzip", gzip.compress(b"a.txt\x00\x00\x00" * 200), {})
    raises(ContentTypeRefused, fetch(adversarial_server.url("/archive.tar.gz")))


@pytest.mark.parametrize(("content_type", "headers"), [
    ("application/octet-stream", {}),  # nginx knows no .gz type
    ("binary/octet-stream", {}),  # S3
    ("application/xml", {}),  # labelled as what it holds, gzipped all the same
    ("text/xml; charset=utf-8", {"Content-Encoding": "gzip"}),  # the file gzipped again on the way
    ("application/gzip", {"Content-Encoding": "gzip"}),
])
def test_a_gzipped_sitemap_is_read_whatever_its_label(adversarial_server: AdversarialServer, content_type: str,
                                                     headers: dict[str, str]) -> None:
    sitemap = '<?xml version="1.0"?><urlset><url><loc>http://example.com/é</loc></url></urlset>'.encode()
    body = gzip.compress(sitemap)
    adversarial_server.static["/sitemap.xml.gz"] = (
        content_type, gzip.compress(body) if headers else body, headers)
    page = run(fetch(adversarial_server.url("/sitemap.xml.gz")))
    assert page.content == sitemap and "<loc>http://example.com/é</loc>" in page.text


@pytest.mark.parametrize("body", [b"%PDF-1.4 " * 200, b"<html>text, but unlabelled</html>", b"x", b""])
def test_an_unlabelled_body_that_is_not_gzip_is_refused(adversarial_server: AdversarialServer, body: bytes) -> None:
    adversarial_server.static["/download"] = ("application/octet-stream", body, {})
    error = raises(ContentTypeRefused, fetch(adversarial_server.url("/download")))
    assert "application/octet-stream is not in the allow-list" in str(error)
    adversarial_server.static["/archive"] = ("application/octet-stream", gzip.compress(b"a.txt\x00\x00" * 200), {})
    raises(ContentTypeRefused, fetch(adversarial_server.url("/archive")))


@pytest.mark.parametrize("server_closes", [True, False])
def test_a_kept_alive_connection_the_server_closed_is_not_reused(server_closes: bool) -> None:
    """The connection pool must see that the server hung up on an idle connection (the fetcher's sockets
    answer its "is it readable?" check themselves) and dial again, instead of failing the next page; a
    connection the server keeps open is reused."""
    connections = 0

    async def scenario() -> tuple[list[Page], int]:
        nonlocal connections

        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            nonlocal connections
            connections += 1
            while await reader.readuntil(b"\r\n\r\n"):  # one GET after another on this connection
                body = b"<html><body><p>Hello</p></body></html>"
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
                await writer.drain()
                if server_closes:
                    await asyncio.sleep(0.05)
                    writer.close()
                    return

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        politeness = replace(FAST, respect_robots=False)
        try:
            async with Fetcher(limits=LIMITS, politeness=politeness) as fetcher:
                first = await fetcher.fetch(f"http://127.0.0.1:{port}/a")
                await asyncio.sleep(0.3)  # the server has hung up by now (when it does)
                second = await fetcher.fetch(f"http://127.0.0.1:{port}/b")
        finally:
            server.close()
        return [first, second], connections

    pages, dialled = run(scenario())
    assert [page.status for page in pages] == [200, 200] and all("Hello" in page.text for page in pages)
    assert [page.attempts for page in pages] == [1, 1]  # no failed attempt on the dead connection
    assert dialled == (2 if server_closes else 1)
