"""Turning response bytes into text: HTTP charset, BOM, <meta charset>, then detection.

A news page that decodes wrongly ("Ã©" for "é") poisons every field downstream,
so the order of evidence matters: a BOM is certain, the HTTP header is usually
right, a meta tag is what the author meant, and statistical detection is the
last resort.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

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


def _detect(content: bytes) -> str:
    """charset-normalizer's best guess; on a tie, windows-1252, the web's most common legacy charset.

    Short Latin texts score the same in cp1250, cp1252 and cp1257; picking the first
    of equals would turn "à" into "ŕ" on a French page.
    """
    results = from_bytes(content[:200_000])
    best = results.best()
    if best is None or not best.encoding:
        return "utf-8"
    tied = any(
        result.encoding == "cp1252" and result.chaos == best.chaos and result.coherence == best.coherence
        for result in results
    )
    return "cp1252" if tied else codecs.lookup(best.encoding).name
