"""Bytes to text: declared, mis-declared and undeclared charsets, and bounded inflation of bodies."""

from __future__ import annotations

import codecs
import gzip
import zlib

import pytest
from adversarial import (
    FAST,
    LIMITS,
    AdversarialServer,
    adversarial_server_fixture,  # noqa: F401 - provides the adversarial_server fixture
    fetch,
    run,
)

from scrapers.encoding import as_utf8, decode_html
from scrapers.errors import ContentTypeRefused, FetchTooLarge
from scrapers.fetch import Fetcher
from scrapers.models import Page
from scrapers.payload import BoundedDecoder, sniff_binary

FRENCH = ("Le président de la République a déclaré mercredi à l'Élysée que la coopération européenne était "
          "« indispensable » face aux défis géopolitiques. Les ministres se réuniront à Bruxelles.")
POLISH = ("Prezydent powiedział w środę, że współpraca europejska jest niezbędna. Ministrowie spotkają się "
          "w przyszłym tygodniu w Brukseli, aby wynegocjować porozumienie w sprawie energii.")
RUSSIAN = ("Президент заявил в среду, что европейское сотрудничество необходимо. Министры встретятся на "
           "следующей неделе в Брюсселе, чтобы договориться об энергетическом соглашении.")
JAPANESE = ("政府は水曜日、欧州との協力が不可欠であると発表した。"
            "閣僚は来週ブリュッセルで会合を開き、エネルギー協定について交渉する予定だ。")
CHINESE = ("总统周三表示，欧洲合作是必不可少的。部长们将于下周在布鲁塞尔举行会议，"
           "就能源协议进行谈判。政府发言人强调，将加强对该地区的支持。")
CASES = [
    ("windows-1252", FRENCH), ("iso-8859-1", FRENCH), ("iso-8859-2", POLISH), ("iso-8859-5", RUSSIAN),
    ("windows-1251", RUSSIAN), ("shift_jis", JAPANESE), ("gb18030", CHINESE),
]


def document(text: str, meta: str = "") -> str:
    return f"<!doctype html><html><head>{meta}<title>x</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(("charset", "text"), CASES)
def test_undeclared_legacy_charsets_are_detected(adversarial_server: AdversarialServer, charset: str,
                                                 text: str) -> None:
    adversarial_server.static["/page.html"] = ("text/html", document(text).encode(charset), {})
    page = run(fetch(adversarial_server.url("/page.html")))
    assert text in page.text


@pytest.mark.parametrize(("charset", "text"), CASES)
def test_declared_charsets_are_used(charset: str, text: str) -> None:
    via_meta = document(text, f'<meta charset="{charset}">').encode(charset)
    assert text in decode_html(via_meta)[0]
    via_http_equiv = document(text, f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
    assert text in decode_html(via_http_equiv.encode(charset))[0]
    assert text in decode_html(document(text).encode(charset), charset)[0]


@pytest.mark.parametrize(("declared", "charset", "text"), [
    ("utf-8", "utf-8", FRENCH), ("", "utf-8", RUSSIAN), ("windows-1252", "utf-8", POLISH),  # UTF-8, even mis-declared
    *((declared, declared, text) for declared, text in CASES), *(("", charset, text) for charset, text in CASES)])
def test_a_crawl_reads_utf8_pages_as_bytes_and_others_as_text(adversarial_server: AdversarialServer, declared: str,
                                                              charset: str, text: str) -> None:
    """The crawl fetches with ``decode=False``: a UTF-8 page comes without text (the extractor parses its
    bytes), in the same encoding as a decoded fetch finds; a page in another encoding comes decoded as ever."""
    body = document(text).encode(charset)
    adversarial_server.static["/page.html"] = ("text/html" + (f"; charset={declared}" if declared else ""), body, {})

    async def twice() -> tuple[Page, Page]:
        async with Fetcher(limits=LIMITS, politeness=FAST) as fetcher:
            url = adversarial_server.url("/page.html")
            return await fetcher.fetch(url), await fetcher.fetch(url, decode=False)

    decoded, undecoded = run(twice())
    assert undecoded.content == decoded.content == body
    assert undecoded.encoding == decoded.encoding
    assert text in decoded.text
    assert undecoded.text == ("" if decoded.encoding == "utf-8" else decoded.text)


def test_http_charset_wins_over_a_contradicting_meta_tag() -> None:
    content = document(POLISH, '<meta charset="windows-1252">').encode("iso-8859-2")
    assert POLISH in decode_html(content, "iso-8859-2")[0]


def test_a_wrong_declaration_betrays_itself() -> None:
    # declared UTF-8, sent as windows-1252: not valid UTF-8, so the declaration is set aside
    assert FRENCH in decode_html(document(FRENCH).encode("cp1252"), "utf-8")[0]
    # declared windows-1252, sent as UTF-8: valid UTF-8 is UTF-8 (no "Ã©" mojibake)
    text, encoding = decode_html(document(FRENCH).encode("utf-8"), "windows-1252")
    assert FRENCH in text and encoding == "utf-8"


@pytest.mark.parametrize("bom_codec", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks_decide(bom_codec: str) -> None:
    text, _ = decode_html(document(JAPANESE).encode(bom_codec), "iso-8859-1")
    assert JAPANESE in text and not text.startswith("\ufeff")


def test_utf16_page_with_bom_is_text_not_binary(adversarial_server: AdversarialServer) -> None:
    adversarial_server.static["/wide.html"] = ("text/html", codecs.BOM_UTF16_LE + document(FRENCH * 5)
                                              .encode("utf-16-le"), {})
    assert FRENCH in run(fetch(adversarial_server.url("/wide.html"))).text


def test_deflate_in_both_wrappings_and_chained_gzip() -> None:
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw_deflate = raw.compress(b"<p>raw</p>") + raw.flush()
    assert BoundedDecoder("deflate", 100).feed(raw_deflate) == b"<p>raw</p>"
    assert BoundedDecoder("deflate", 100).feed(zlib.compress(b"<p>zlib</p>")) == b"<p>zlib</p>"
    twice = gzip.compress(gzip.compress(b"<p>twice</p>"))
    assert BoundedDecoder("gzip, gzip", 100).feed(twice) == b"<p>twice</p>"
    assert BoundedDecoder("identity", 100).feed(b"plain") == b"plain"


def test_inflation_is_bounded_and_odd_encodings_refused() -> None:
    bomb = gzip.compress(b" " * 10_000_000)
    with pytest.raises(FetchTooLarge, match="decompression bomb"):
        BoundedDecoder("gzip", 1_000_000).feed(bomb)
    with pytest.raises(ContentTypeRefused, match="unsupported Content-Encoding: br"):
        BoundedDecoder("br", 100)
    with pytest.raises(ContentTypeRefused, match="corrupt gzip"):
        BoundedDecoder("gzip", 100).feed(b"\x1f\x8bnot really gzip")


@pytest.mark.parametrize("head", [b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n....", b"\xff\xd8\xff\xe0JFIF", b"PK\x03\x04",
                                  b"<html>\x00\x00</html>"])
def test_binary_heads_are_refused(head: bytes) -> None:
    with pytest.raises(ContentTypeRefused):
        sniff_binary(head)


def test_text_heads_pass() -> None:
    sniff_binary(document(FRENCH).encode("cp1252"))
    sniff_binary(document(FRENCH).encode("utf-16-le"), wide_charset=True)


@pytest.mark.parametrize(("raw", "expected"), [
    (f"<meta charset=utf-8><p>{FRENCH}</p>".encode(), None),  # valid UTF-8: the very bytes, no copy
    (codecs.BOM_UTF8 + f"<p>{RUSSIAN}</p>".encode(), f"<p>{RUSSIAN}</p>".encode()),
    (f"<meta charset=windows-1252><p>{FRENCH}</p>".encode("cp1252"), f"<meta charset=windows-1252><p>{FRENCH}</p>"),
    (codecs.BOM_UTF16_LE + f"<p>{POLISH}</p>".encode("utf-16-le"), f"<p>{POLISH}</p>"),
])
def test_as_utf8_hands_the_parser_utf8_bytes(raw: bytes, expected: bytes | str | None) -> None:
    """What extract_article parses: UTF-8 pages as fetched, anything else as decode_html reads it."""
    out = as_utf8(raw)
    if expected is None:
        assert out is raw
    else:
        assert out == (expected.encode() if isinstance(expected, str) else expected)
    out.decode("utf-8")  # always valid UTF-8


# Undeclared single-byte pages whose few accented letters read without an odd character in several code
# pages ("Málaga" is "Mįlaga" in cp1257, "déjà" is "dėją"): the page's language decides, whether the page
# states it (html lang, Content-Language, og:locale), the source's settings give it, or the text shows it.
WESTERN_SHORT = {
    "en": "Ministers met in Málaga on Friday; for many it was déjà vu.",
    "es": "La cumbre de Málaga terminó con un acuerdo sobre la pesca, según fuentes del ministerio.",
    "fr": "Un sentiment de déjà vu à Málaga, où les délégués se sont retrouvés vendredi.",
    "de": "Die Minister trafen sich in Málaga, für viele war es ein Déjà-vu, sagte ein Sprecher.",
}


def _short(text: str, head: str = "", html_attrs: str = "") -> bytes:
    return (f"<!doctype html><html{html_attrs}><head>{head}<title>Málaga</title></head>"
            f"<body><p>{text}</p></body></html>").encode("cp1252")


@pytest.mark.parametrize("language", sorted(WESTERN_SHORT))
@pytest.mark.parametrize("how", ["html lang", "html lang with region", "content-language meta", "og:locale",
                                 "source language"])
def test_an_undeclared_western_page_is_read_in_its_stated_language(language: str, how: str) -> None:
    text = WESTERN_SHORT[language]
    page = {
        "html lang": _short(text, html_attrs=f' lang="{language}"'),
        "html lang with region": _short(text, html_attrs=f" class='no-js' lang={language}-{language.upper()}"),
        "content-language meta": _short(text, head=f'<meta http-equiv="Content-Language" content="{language}">'),
        "og:locale": _short(text, head=f'<meta property="og:locale" content="{language}_{language.upper()}">'),
        "source language": _short(text),
    }[how]
    decoded, encoding = decode_html(page, language=language if how == "source language" else None)
    assert text in decoded and encoding == "cp1252", (encoding, decoded)


@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_without_any_statement_the_text_tells_the_language(language: str) -> None:
    long_texts = {
        "fr": "Le sentiment de déjà vu était fort à Málaga, où les délégués se sont retrouvés pour la troisième "
              "fois de l'année. Les ministres de la pêche ont signé un accord sur les quotas et les contrôles.",
        "es": "La cumbre de Málaga terminó el viernes con un acuerdo sobre la pesca y los controles en el puerto, "
              "según fuentes del ministerio, que hablaron de un déjà vu por la falta de avances de los últimos años.",
        "en": "The summit in Málaga ended on Friday with an agreement on fishing quotas, and for many of the "
              "delegates it was déjà vu: the same text was on the table in the spring of the year before.",
    }
    decoded, encoding = decode_html(_short(long_texts[language]))
    assert long_texts[language] in decoded and encoding == "cp1252", (encoding, decoded)


def test_a_stated_central_european_language_keeps_its_code_page() -> None:
    text = "Wczoraj w Łodzi odbyło się spotkanie ministrów, na którym mówiono o zażółć gęślą jaźń."
    page = (f'<html lang="pl"><body><p>{text}</p></body></html>').encode("cp1250")
    assert decode_html(page) == (page.decode("cp1250"), "cp1250")
    assert decode_html(page.replace(b' lang="pl"', b""), language="pl")[1] == "cp1250"
