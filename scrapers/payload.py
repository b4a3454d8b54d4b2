"""Reading a response body from a server that may be hostile: bounded inflation and binary sniffing.

httpx would inflate a gzip body for us, but one 64 KiB chunk of a gzip bomb
inflates to 64 MiB before anyone can count it. ``BoundedDecoder`` inflates with
``max_length`` so memory never exceeds the cap by more than one chunk, and a body
labelled ``text/html`` is still checked for the NUL bytes and magic numbers of the
PDFs, images and archives that servers mislabel.
"""

from __future__ import annotations

import codecs
import zlib

from scrapers.errors import ContentTypeRefused, FetchTooLarge

__all__ = ["GZIP_MAGIC", "SNIFF_BYTES", "SUPPORTED_ENCODINGS", "BoundedDecoder", "sniff_binary"]

SUPPORTED_ENCODINGS = ("gzip", "deflate")  # what we advertise in Accept-Encoding
GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 1024  # how much of a body the binary sniffing looks at

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"RIFF", "RIFF (WebP/WAV/AVI)"),
    (b"PK\x03\x04", "ZIP"),
    (GZIP_MAGIC, "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"\x7fELF", "ELF"),
    (b"MZ", "Windows executable"),
    (b"\x00asm", "WebAssembly"),
    (b"OggS", "Ogg"),
    (b"fLaC", "FLAC"),
    (b"ID3", "MP3"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
)
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def sniff_binary(head: bytes, *, wide_charset: bool = False) -> None:
    """Raise ``ContentTypeRefused`` when ``head`` (the first bytes of a body) is not text.

    NUL bytes never occur in 8-bit or UTF-8 text, but do in UTF-16/32, hence
    ``wide_charset`` (the HTTP header declared one) and the BOM check.
    """
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise ContentTypeRefused(f"body is {kind} data, not text")
    wide = wide_charset or head.startswith(_WIDE_BOMS)
    if not wide and b"\x00" in head[:SNIFF_BYTES]:
        raise ContentTypeRefused("body contains NUL bytes: binary data, not text")


class _Inflater:
    """One Content-Encoding step; ``deflate`` accepts both zlib-wrapped and raw streams, as browsers do."""

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self._zlib: zlib._Decompress | None = (
            zlib.decompressobj(wbits=zlib.MAX_WBITS | 16) if encoding == "gzip" else None
        )

    def inflate(self, data: bytes, budget: int) -> bytes:
        if self._zlib is None:  # deflate: decide zlib vs raw on the first two bytes
            zlib_header = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self._zlib = zlib.decompressobj(wbits=zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        try:
            out = self._zlib.decompress(data, budget + 1)
        except zlib.error as exc:
            raise ContentTypeRefused(f"corrupt {self._encoding} body: {exc}") from exc
        if len(out) > budget:
            raise FetchTooLarge(f"{self._encoding} body inflates past {budget} bytes (decompression bomb?)")
        return out


class BoundedDecoder:
    """Undo ``Content-Encoding`` chunk by chunk, never producing more than ``limit`` bytes in total."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        names = [name.strip().lower() for name in content_encoding.split(",") if name.strip()]
        names = [name for name in names if name != "identity"]
        unsupported = [name for name in names if name not in SUPPORTED_ENCODINGS]
        if unsupported:
            raise ContentTypeRefused(f"unsupported Content-Encoding: {', '.join(unsupported)}")
        # Codings are listed in the order applied, so they are undone last-first.
        self._steps = [_Inflater(name) for name in reversed(names)]
        self._limit = limit
        self._produced = 0

    def feed(self, data: bytes) -> bytes:
        for step in self._steps:
            if not data:
                break
            data = step.inflate(data, self._limit - self._produced)
        self._produced += len(data)
        if self._produced > self._limit:
            raise FetchTooLarge(f"body is larger than {self._limit} bytes")
        return data
