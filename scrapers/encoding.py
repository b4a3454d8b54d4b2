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
    if encoding == "utf-8":
        return is_utf8(content)  # checked in C without making the text (4 against ~170 µs for a 110 KB page)
    try:
        content.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _bom(content: bytes) -> tuple[bytes, str] | None:
    """The byte order mark the document starts with, and its encoding."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return bom, encoding
    return None


def bom_encoding(content: bytes) -> str | None:
    """The encoding the document's byte order mark names, or None without one."""
    bom = _bom(content)
    return bom[1] if bom is not None else None


def html_encoding(content: bytes, http_charset: str | None = None, *, language: str | None = None) -> str:
    """The encoding :func:`decode_html` reads the document in, found without decoding it (a caller that
    parses UTF-8 bytes as they are needs no text of them)."""
    marked = bom_encoding(content)
    if marked is not None:
        return marked
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
        return "utf-8"
    for encoding in candidates:
        # A wrong declaration usually betrays itself: UTF-8 declared on cp1252 bytes fails to decode.
        if _decodes_cleanly(content, encoding):
            return encoding
    if _decodes_cleanly(content, "utf-8"):
        return "utf-8"
    return _detect(content, language)


def decode_as(content: bytes, encoding: str) -> str:
    """The document's text in ``encoding`` (as :func:`html_encoding` found it), without its byte order mark."""
    bom = _bom(content)
    if bom is not None and bom[1] == encoding:
        content = content[len(bom[0]):]
    return content.decode(encoding, errors="replace")


def decode_html(content: bytes, http_charset: str | None = None, *, language: str | None = None) -> tuple[str, str]:
    """Decode an HTML (or XML) document; returns ``(text, encoding_used)``.

    ``language`` (the source's, e.g. "fr") settles an undeclared charset when detection finds several
    single-byte code pages equally plausible and the page does not state its own language.
    Never raises: the last resort is UTF-8 with replacement characters.
    """
    encoding = html_encoding(content, http_charset, language=language)
    return decode_as(content, encoding), encoding


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


# Single-byte code pages by the languages written in them, each family's most common first. Short texts
# decode without a single odd character in several of them ("Málaga" in cp1252 is "Mįlaga" in cp1257):
# then the page's language says which family it was written in.
_FAMILIES: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = tuple(
    (frozenset(languages.split()), tuple(codecs.lookup(name).name for name in pages.split())) for languages, pages in (
        ("en fr de es it pt nl ca da sv no nb nn fi is ga gd eu gl af sq id ms sw tl oc lb fo",
         "cp1252 iso8859_15 latin_1 mac_roman"),
        ("pl cs sk hu sl hr ro bs", "cp1250 iso8859_2 mac_latin2"),
        ("ru uk bg be mk sr kk ky tg mn", "cp1251 koi8_r koi8_u iso8859_5 cp866"),
        ("el", "cp1253 iso8859_7"),
        ("tr az", "cp1254 iso8859_9"),
        ("he yi", "cp1255 iso8859_8"),
        ("ar fa ur", "cp1256 iso8859_6"),
        ("lt lv et", "cp1257 iso8859_13 iso8859_4"),
        ("vi", "cp1258"),
        ("th", "cp874"),
    ))
# charset-normalizer's chaos of decodings that read equally well can differ by this much (measured on
# two-sentence pages: 0.0 for the wrong Baltic reading of a French text, 0.07 for the right one).
_HESITATION = 0.1
_LANG_DECLARED = re.compile(
    rb"""<html\b[^>]*?\s(?:xml:)?lang\s*=\s*["']?\s*([a-zA-Z]{2,3})(?![a-zA-Z])"""
    rb"""|<meta[^>]+http-equiv\s*=\s*["']?content-language["']?[^>]+content\s*=\s*["']?\s*([a-zA-Z]{2,3})(?![a-zA-Z])"""
    rb"""|<meta[^>]+property\s*=\s*["']og:locale["'][^>]+content\s*=\s*["']?\s*([a-zA-Z]{2,3})(?![a-zA-Z])""",
    re.IGNORECASE)
_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)


def _declared_language(content: bytes) -> str | None:
    """The language the page states: ``<html lang>``, a Content-Language meta, or og:locale."""
    match = _LANG_DECLARED.search(content[:65536])
    return next((g.decode("ascii").lower() for g in match.groups() if g), None) if match else None


def _text_language(text: str) -> str | None:
    """The language of the page's visible text, by its frequent short words (mostly ASCII, so any
    of the hesitating decodings tells the same)."""
    from scrapers.extract.metadata import guess_language  # the extractor imports this module

    return guess_language(" ".join(_TAGS.sub(" ", text).split()))


def _detect(content: bytes, language: str | None = None) -> str:
    """charset-normalizer's candidates, ranked by chaos, oddities, coherence, then web prevalence; among
    single-byte code pages it finds about as plausible, the page's language decides: the one it states,
    else ``language`` (the source's), else the one its text is in.

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

    best = min(results, key=rank)
    # A decoding stands for every code page that gives the same text (cp1250 and cp1252 agree on "á").
    tied = {codecs.lookup(name).name: r for r in results if r.chaos <= best.chaos + _HESITATION
            for name in (r.encoding, *r.could_be_from_charset)}
    single_byte = [pages for _, pages in _FAMILIES if any(name in tied for name in pages)]
    if len(single_byte) > 1:  # the decodings disagree on the script family, not just on a code page
        said = _declared_language(content) or (language or "").split("-")[0].lower() or _text_language(str(best))
        pages = next((pages for languages, pages in _FAMILIES if said in languages), ())
        in_family = [(_oddities(str(tied[name])), order, name) for order, name in enumerate(pages) if name in tied]
        if in_family:  # the family's cleanest decoding, its most common code page among equals
            return min(in_family)[2]
    return codecs.lookup(best.encoding).name
