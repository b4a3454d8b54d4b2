"""Turning response bytes into text: HTTP charset, BOM, <meta charset>, then detection.

A news page that decodes wrongly ("Ã©" for "é") poisons every field downstream,
so the order of evidence matters: a BOM is certain, the HTTP header is usually
right, a meta tag is what the author meant, and statistical detection is the
last resort.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import CharsetMatch, from_bytes

from scrapers.lextree import is_utf8

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE
)
# Browsers treat these labels as windows-1252 (WHATWG encoding standard).
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
            "ascii": "cp1252", "x-sjis": "shift_jis", "gb2312": "gb18030", "gbk": "gb18030"}


def _normalise_label(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, if it names a known codec."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.IGNORECASE)
    return _normalise_label(match.group(1)) if match else None


def _decodes_cleanly(content: bytes, encoding: str) -> bool:
    try:
        content.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def decode_html(content: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """Decode an HTML (or XML) document; returns ``(text, encoding_used)``.

    Never raises: the last resort is UTF-8 with replacement characters.
    """
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content[len(bom):].decode(encoding, errors="replace"), encoding
    candidates: list[str] = []
    declared_http = _normalise_label(http_charset)
    if declared_http:
        candidates.append(declared_http)
    meta = _META_CHARSET.search(content[:4096])
    declared_meta = _normalise_label(meta.group(1).decode("ascii", "ignore")) if meta else None
    if declared_meta:
        candidates.append(declared_meta)
    if candidates and not content.isascii() and _decodes_cleanly(content, "utf-8"):
        # Non-ASCII bytes that happen to form valid UTF-8 are, in practice, UTF-8: a page
        # declared windows-1252 but saved as UTF-8 would otherwise come out as "Ã©".
        return content.decode("utf-8"), "utf-8"
    for encoding in candidates:
        # A wrong declaration usually betrays itself: UTF-8 declared on cp1252 bytes fails to decode.
        if _decodes_cleanly(content, encoding):
            return content.decode(encoding), encoding
    if _decodes_cleanly(content, "utf-8"):
        return content.decode("utf-8"), "utf-8"
    encoding = _detect(content)
    return content.decode(encoding, errors="replace"), encoding


def as_utf8(content: bytes) -> bytes:
    """The document as UTF-8 bytes, for the parser: ``content`` itself when it already is valid UTF-8
    (most of the web; the parser then reads the fetched bytes with no copy), else what
    :func:`decode_html` makes of it, encoded. A UTF-8 BOM is dropped."""
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8):]
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # (and the UTF-32 BOMs)
        return decode_html(content)[0].encode("utf-8", errors="ignore")
    if content.isascii() or is_utf8(content):
        return content  # valid UTF-8 is what decode_html would choose too
    return decode_html(content)[0].encode("utf-8", errors="ignore")


# Legacy charsets by how common they are on the web, most common first: the tie-breaker
# when detection finds several equally plausible decodings (W3Techs usage statistics).
_PREVALENCE = tuple(codecs.lookup(name).name for name in (
    "cp1252", "cp1251", "shift_jis", "cp932", "euc_jp", "euc_kr", "gb18030", "iso8859_9", "cp1250", "iso8859_2",
    "cp1256", "iso8859_15", "cp1254", "big5", "cp1253", "iso8859_7", "koi8_r", "cp1255", "cp1257", "iso8859_5",
))
# Non-ASCII, non-letter characters that are still ordinary in running text.
_ORDINARY = frozenset("«»–—‘’‚“”„…€£¥°·•©®™§¶¿¡×÷ ")


def _oddities(text: str) -> int:
    """Characters a wrong single-byte decoding tends to produce: stray symbols and rare letters."""
    return sum(
        1 for char in text
        if not char.isascii() and char not in _ORDINARY
        and (not unicodedata.category(char).startswith("L") or 0x1E00 <= ord(char) <= 0x1EFF)
    )


def _detect(content: bytes) -> str:
    """charset-normalizer's candidates, ranked by chaos, oddities, coherence, then web prevalence.

    Short Latin texts score the same in cp1250, cp1252 and cp1257, and a Polish page
    in ISO-8859-2 the same as in ISO-8859-10; charset-normalizer's first pick among
    equals would turn "à" into "ŕ" or "ł" into "ġ".
    """
    results = list(from_bytes(content[:200_000]))
    if not results:
        return "utf-8"

    def rank(result: CharsetMatch) -> tuple[float, int, float, int]:
        name = codecs.lookup(result.encoding).name
        prevalence = _PREVALENCE.index(name) if name in _PREVALENCE else len(_PREVALENCE)
        return (result.chaos, _oddities(str(result)), -result.coherence, prevalence)

    return codecs.lookup(min(results, key=rank).encoding).name
