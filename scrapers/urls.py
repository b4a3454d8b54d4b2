"""One spelling per page: ``canonicalize_url`` turns the many URLs of an article into one key.

The same story arrives as ``HTTP://Example.com:80/a/?utm_source=x#top`` from a feed
and ``http://example.com/a`` from a sitemap; deduplication and the frontier need
them to compare equal. The rules are deliberately conservative: only parts that
never change *which* document a server returns are rewritten.

    >>> canonicalize_url("HTTP://Example.com:80/news/story/?utm_source=rss&b=2&a=1#comments")
    'http://example.com/news/story?a=1&b=2'

Trailing slashes are removed from every path except the root, so ``/story/`` and
``/story`` are one key. Session ids (``;jsessionid=``, ``PHPSESSID``, ...) go too: a site
that puts one in every link would otherwise give every article a new key on every run.
International host names are written in IDNA 2008, as browsers and httpx send them. Servers that insist on one form answer the other with a
redirect, so use the canonical form as an identity key and fetch the URL as discovered.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, quote, unquote_plus, urlsplit, urlunsplit

import idna

__all__ = ["TRACKING_PARAMS", "TRACKING_PREFIXES", "canonicalize_url"]

# Query parameters that only say where a click came from (compared case-insensitively).
TRACKING_PARAMS: frozenset[str] = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
    "igshid", "mc_cid", "mc_eid", "mkt_tok", "ref_src", "ref_url", "_ga", "_gl", "_hsenc", "_hsmi",
    "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "ncid", "cmpid", "wt_mc", "wt.mc_id", "at_medium",
    "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4", "sr_share", "__twitter_impression",
    "s_cid", "ocid", "ito", "smid",
    "jsessionid", "phpsessid", "cfid", "cftoken",  # session ids: a new one per visit
})
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "pk_", "mtm_", "hsa_", "aspsessionid")
_SESSION_PATH_PARAMETER = re.compile(r";jsessionid=[^/;?]*", re.IGNORECASE)  # Java's /story;jsessionid=0A1B

_DEFAULT_PORTS = {"http": 80, "https": 443}
_PERCENT_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_HOST = re.compile(r"[\w.:%-]+")  # a name, IDN or IP literal (no brackets: urlsplit removes them)
_LONE_PERCENT = re.compile(r"%(?![0-9a-fA-F]{2})")
_RAW_SAFE = "/%:@!$&'()*+,;=?[]~"  # reserved characters and "%" keep their meaning; everything else is escaped
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _normalise_escapes(part: str) -> str:
    """Percent-encode what may not appear raw (spaces, non-ASCII), upper-case escapes, and decode
    the escapes that stand for unreserved characters (RFC 3986 6.2.2): one spelling per URL."""

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(0)[1:], 16))
        return char if char in _UNRESERVED else match.group(0).upper()

    return _PERCENT_ESCAPE.sub(fix, quote(_LONE_PERCENT.sub("%25", part), safe=_RAW_SAFE))


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def _canonical_query(query: str) -> str:
    """Drop tracking parameters and sort the rest by name, keeping each pair's own spelling.

    Pairs are kept raw (``?amp`` stays ``amp``, not ``amp=``) because some servers treat
    a bare flag differently from an empty value; Python's sort is stable, so repeated
    names keep their relative order.
    """
    pairs = [_normalise_escapes(pair) for pair in query.split("&") if pair]
    kept = [pair for pair in pairs if not _is_tracking(unquote_plus(pair.partition("=")[0]))]
    return "&".join(sorted(kept, key=lambda pair: unquote_plus(pair.partition("=")[0])))


def _canonical_path(path: str) -> str:
    if not path:
        return "/"
    path = _normalise_escapes(_SESSION_PATH_PARAMETER.sub("", path))
    if "/." in path:  # resolve "." and ".." segments (RFC 3986 5.2.4); "//" is left alone
        segments: list[str] = []
        for segment in path.split("/")[1:]:
            if segment == "..":
                if segments:
                    segments.pop()
            elif segment != ".":
                segments.append(segment)
        path = "/" + "/".join(segments)
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return path


def _ascii_host(host: str) -> str:
    """An international host name in IDNA 2008 (UTS 46 mapping: 'faß' is not 'fass'); a name IDNA 2008
    refuses (a symbol) in IDNA 2003, as Python writes it; one neither encodes stays as written."""
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except UnicodeError:
        pass
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _canonical_netloc(parts: SplitResult) -> str:
    host = (parts.hostname or "").rstrip(".")
    if not host.isascii():
        host = _ascii_host(host)
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port is None or port == _DEFAULT_PORTS.get(parts.scheme.lower()) else f"{host}:{port}"
    if parts.username is not None:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{userinfo}@{netloc}"
    return netloc


def canonicalize_url(url: str) -> str:
    """The canonical spelling of ``url``: a pure function, idempotent, never raises.

    Lower-cases scheme and host, removes default ports, the fragment, tracking
    parameters (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``, ...) and trailing
    slashes, resolves dot segments and sorts the remaining query parameters.
    Anything that is not an absolute http(s) URL is returned stripped of whitespace
    and fragment only.
    """
    url = url.partition("#")[0].strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not _HOST.fullmatch(parts.hostname or ""):
        return url
    return urlunsplit((scheme, _canonical_netloc(parts), _canonical_path(parts.path),
                       _canonical_query(parts.query), ""))
