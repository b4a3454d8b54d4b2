"""Bylines and headlines in the scripts and customs the dev corpora barely cover.

Every page here is synthetic, and each class comes in several languages or markups: site names in
Arabic, Hebrew, Persian, Devanagari and Thai after the headline on a Latin host; Hebrew's "and" glued
to the next name; CJK names set apart by spaces; the place a reporter wrote from after their name;
signatures that close Korean, Japanese, Chinese and Vietnamese articles.
"""

from __future__ import annotations

import json
from html import escape

import pytest

from scrapers.extract import extract_article
from scrapers.extract.credits import parse_byline

URL = "https://www.example-news.test/2024/05/03/story-12345.html"
FILLER = {
    "en": "The delegations met for several hours and agreed on a common statement about the harbour.",
    "ar": "اجتمعت الوفود لعدة ساعات واتفقت على بيان مشترك بشأن الميناء والملاحة في المنطقة.",
    "he": "המשלחות נפגשו במשך כמה שעות והסכימו על הצהרה משותפת בנוגע לנמל ולשיט באזור.",
    "fa": "هیئت‌ها چند ساعت دیدار کردند و درباره بندر و کشتیرانی در منطقه به بیانیه‌ای مشترک رسیدند.",
    "hi": "प्रतिनिधिमंडलों ने कई घंटों तक बैठक की और बंदरगाह के बारे में एक साझा बयान पर सहमति जताई।",
    "th": "คณะผู้แทนประชุมกันหลายชั่วโมงและตกลงออกแถลงการณ์ร่วมเกี่ยวกับท่าเรือและการเดินเรือในภูมิภาค",
    "ko": "대표단은 몇 시간 동안 만나 항만과 해운 안전에 관한 공동 성명에 합의했다고 밝혔다.",
    "ja": "代表団は数時間にわたって会談し、港湾と海運の安全に関する共同声明で合意したと明らかにした。",
    "zh": "代表团进行了数小時的会谈，并就港口和航运安全问题达成了共同声明，双方表示将继续合作。",
    "vi": "Các phái đoàn đã gặp nhau trong nhiều giờ và thống nhất một tuyên bố chung về cảng biển.",
    "ru": "Делегации встречались несколько часов и согласовали совместное заявление о порте и судоходстве.",
}


def page(*, lang: str, title: str | None = None, og: str | None = None, h1: str | None = None,
         site: str | None = None, jsonld: list[dict[str, object]] | None = None, byline: str = "",
         meta_author: str | None = None, last: str | None = None, after_last: str | None = None) -> str:
    """An article page in ``lang``: ``byline`` is markup under the headline, ``last`` (and ``after_last``) paragraphs
    closing the text."""
    head = f"<title>{escape(title)}</title>" if title is not None else ""
    if og is not None:
        head += f'<meta property="og:title" content="{escape(og)}">'
    if site is not None:
        head += f'<meta property="og:site_name" content="{escape(site)}">'
    if meta_author is not None:
        head += f'<meta name="author" content="{escape(meta_author)}">'
    for node in jsonld or []:
        head += f'<script type="application/ld+json">{json.dumps(node, ensure_ascii=False)}</script>'
    paragraphs = [FILLER[lang]] * 6 + [p for p in (last, after_last) if p is not None]
    text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    heading = f"<h1>{escape(h1)}</h1>" if h1 else ""
    return (f'<html lang="{lang}"><head>{head}<meta property="og:type" content="article"></head><body>'
            f'<header class="site-header"><nav><a href="/">Home</a></nav></header>'
            f'<article>{heading}{byline}<div class="article-body">{text}</div></article></body></html>')


# --- site names in right-to-left, Indic and Thai scripts on a Latin host ------------------------------------------

HEADLINES = [
    ("ar", "انفجار كبير في ميناء المدينة", "الجزيرة نت"),
    ("ar", "الحكومة تقر الموازنة الجديدة", "صحيفة الأيام"),
    ("he", "הממשלה אישרה את התקציב החדש", "וואלה חדשות"),
    ("fa", "افزایش قیمت نفت در بازار جهانی", "خبرگزاری فارس"),
    ("hi", "दिल्ली में भारी बारिश से जनजीवन प्रभावित", "दैनिक जागरण"),
    ("th", "รัฐบาลประกาศมาตรการใหม่", "ไทยรัฐออนไลน์"),
]


@pytest.mark.parametrize(("lang", "headline", "site"), HEADLINES)
@pytest.mark.parametrize("separator", [" - ", " | ", " – "])
def test_a_site_name_in_another_script_than_the_host_leaves_the_title(lang: str, headline: str, site: str,
                                                                    separator: str) -> None:
    titled = f"{headline}{separator}{site}"
    # declared as og:site_name, as the JSON-LD WebSite's or Organization's name, or not at all (its words say it)
    for declared in ({"site": site}, {"jsonld": [{"@type": "WebSite", "name": site}]},
                     {"jsonld": [{"@type": "Organization", "name": site}]}, {}):
        assert extract_article(page(lang=lang, title=titled, og=titled, **declared), URL).title == headline


# Names without a word that says "outlet": only the page's declarations tell them.
BARE_NAMES = [
    ("ar", "انفجار كبير في ميناء المدينة", "الأيام"),
    ("he", "הממשלה אישרה את התקציב החדש", "וואלה"),
    ("fa", "افزایش قیمت نفت در بازار جهانی", "همشهری"),
    ("hi", "दिल्ली में भारी बारिश से जनजीवन प्रभावित", "अमर उजाला"),
    ("th", "รัฐบาลประกาศมาตรการใหม่", "ไทยรัฐ"),
]


@pytest.mark.parametrize(("lang", "headline", "site"), BARE_NAMES)
def test_a_site_name_the_page_declares_leaves_the_title_in_any_script(lang: str, headline: str, site: str) -> None:
    for declared in ({"site": site}, {"jsonld": [{"@type": "WebSite", "name": site}]},
                     {"jsonld": [{"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": site}}]}):
        assert extract_article(page(lang=lang, title=f"{headline} - {site}", **declared), URL).title == headline


@pytest.mark.parametrize(("lang", "headline", "site"), BARE_NAMES[:4])
def test_a_site_name_named_by_the_jsonld_graph_leaves_a_title_in_any_shape(lang: str, headline: str, site: str) -> None:
    """The publisher given by "@id", its Organization node in the graph; the name leading the title."""
    graph: dict[str, object] = {"@graph": [{"@type": "NewsArticle", "publisher": {"@id": "#org"}},
                                    {"@type": "NewsMediaOrganization", "@id": "#org", "name": site}]}
    assert extract_article(page(lang=lang, title=f"{headline} | {site}", jsonld=[graph]), URL).title == headline
    assert extract_article(page(lang=lang, title=f"{site} | {headline}", site=site), URL).title == headline


@pytest.mark.parametrize(("lang", "headline"), [
    ("ar", "مباحثات حول الميناء - وكالة الطاقة الذرية"),  # "the atomic energy agency": content, not an outlet's name
    ("he", "ראש הממשלה: - נמשיך במדיניות"),
    ("hi", "बारिश से नुकसान - किसान परेशान"),
])
def test_a_last_segment_without_an_outlets_word_stays(lang: str, headline: str) -> None:
    assert extract_article(page(lang=lang, title=headline), URL).title == headline


# --- Hebrew's glued "and", CJK names set apart by spaces ---------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("יוסי כהן ודנה לוי", ["יוסי כהן", "דנה לוי"]),
    ("מאת יוסי כהן, רונית לוי ודנה וייס", ["יוסי כהן", "רונית לוי", "דנה וייס"]),
    ("אבי שמואלי, רונית לוי ומשה פרץ", ["אבי שמואלי", "רונית לוי", "משה פרץ"]),
    ("דנה וייס", ["דנה וייס"]),  # a surname that starts with ו
    ("יוסי כהן וייס", ["יוסי כהן וייס"]),
    ("김철수 이영희 기자", ["김철수", "이영희"]),
    ("(서울=연합뉴스) 김철수 이영희 기자", ["김철수", "이영희"]),
    ("김철수 이영희 특파원", ["김철수", "이영희"]),
    ("홍길동 대기자", ["홍길동"]),
    ("김철수 서울대 교수", ["김철수 서울대 교수"]),  # a columnist and his university: a reporters' byline only is split
    ("김철수 이영희", ["김철수 이영희"]),
    ("记者 张伟 李娜", ["张伟", "李娜"]),
    ("本报记者 张伟 李娜 王芳", ["张伟", "李娜", "王芳"]),
    ("张伟 李娜 王芳", ["张伟", "李娜", "王芳"]),
    ("文・山田太郎 鈴木花子", ["山田太郎", "鈴木花子"]),
    ("記者 山田 太郎", ["山田 太郎"]),  # one Japanese name, family and given name spaced
    ("山田 太郎", ["山田 太郎"]),
])
def test_names_without_a_separator_that_splits_are_split_into_people(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw) if c.kind == "person"] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Ivan Petrov, Москва", ["Ivan Petrov"]),
    ("Иван Петров, Москва", ["Иван Петров"]),
    ("Ivan Petrov, Нижний Новгород", ["Ivan Petrov"]),  # another script than the name's
    ("Ahmed Ali, القاهرة", ["Ahmed Ali"]),
    ("Nguyễn Văn An, Hà Nội", ["Nguyễn Văn An"]),
    ("田中太郎, 東京", ["田中太郎"]),
    ("Hong Gildong, 서울", ["Hong Gildong"]),
    ("Sarah Chen, Tel Aviv", ["Sarah Chen"]),
    ("Jane Doe, John Roe", ["Jane Doe", "John Roe"]),  # a co-author is no place
    ("김철수, 이영희", ["김철수", "이영희"]),
    ("Paris Martin, Jordan Lee", ["Paris Martin", "Jordan Lee"]),
])
def test_the_place_after_a_name_is_where_it_was_written_not_a_co_author(raw: str, expected: list[str]) -> None:
    assert [c.name for c in parse_byline(raw) if c.kind == "person"] == expected


@pytest.mark.parametrize(("lang", "markup", "expected"), [
    ("he", '<div class="byline">מאת יוסי כהן ודנה לוי</div>', ("יוסי כהן", "דנה לוי")),
    ("ko", '<div class="byline">김철수 이영희 기자</div>', ("김철수", "이영희")),
    ("zh", '<div class="author">记者 张伟 李娜</div>', ("张伟", "李娜")),
    ("ru", '<div class="byline">Иван Петров, Москва</div>', ("Иван Петров",)),
])
def test_bylines_under_the_headline_are_split_the_same_way(lang: str, markup: str, expected: tuple[str, ...]) -> None:
    article = extract_article(page(lang=lang, h1="Headline", title="Headline", byline=markup), URL)
    assert article.authors == expected
    # and the same names in the author meta tag
    meta = markup.split(">", 1)[1].rsplit("<", 1)[0]
    assert extract_article(page(lang=lang, h1="Headline", title="Headline", meta_author=meta), URL).authors == expected


# --- signatures closing the article -------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "last", "expected"), [
    ("ko", "홍길동 기자 hong@example.co.kr", ("홍길동",)),
    ("ko", "[서울=홍길동·김철수 기자]", ("홍길동", "김철수")),
    ("ko", "/홍길동 특파원", ("홍길동",)),
    ("ja", "（山田太郎）", ("山田太郎",)),
    ("ja", "（文・山田太郎、鈴木花子）", ("山田太郎", "鈴木花子")),
    ("ja", "（ワシントン＝山田太郎）", ("山田太郎",)),
    ("zh", "（记者 张伟）", ("张伟",)),
    ("zh", "（记者 张伟 李娜）", ("张伟", "李娜")),
    ("vi", "(Tác giả: Nguyễn Văn An)", ("Nguyễn Văn An",)),
    ("vi", "Minh Nga", ("Minh Nga",)),  # the names alone, on a Vietnamese page
    ("vi", "Hoài Thu - Đức Anh", ("Hoài Thu", "Đức Anh")),
    ("vi", "Nguyễn Văn An và Trần Thị Bình", ("Nguyễn Văn An", "Trần Thị Bình")),
    ("en", "Autor: Jan Kowalski", ("Jan Kowalski",)),
])
def test_a_signature_closing_the_article_is_the_author_and_leaves_the_body(lang: str, last: str,
                                                                          expected: tuple[str, ...]) -> None:
    for after in (None, "ⓒ Example News, 무단 전재 및 재배포 금지", "Copyright © 2024 Example News"):
        article = extract_article(page(lang=lang, h1="Headline", title="Headline", last=last, after_last=after), URL)
        assert article.authors == expected
        assert article.authors_from == "text"
        assert last not in article.body
        assert article.body.startswith(FILLER[lang][:20])


@pytest.mark.parametrize(("lang", "last"), [
    ("ja", "（敬称略）"),  # "honorifics omitted"
    ("ja", "（文中敬称略）"),
    ("ja", "（おわり）"),
    ("zh", "（完）"),
    ("en", "(Reporting by Jane Doe; Editing by John Roe)"),  # a wire's credits after its text, no signature
    ("en", "Contact the author for more information about the harbour project."),
    ("ko", "정부는 다음 달 추가 대책을 발표할 예정이다."),
    ("vi", "Theo Reuters"),  # "according to": a source
    ("vi", "Hà Nội"),  # a place
    ("vi", "Ảnh: Minh Nga"),  # a photo credit
    ("vi", "Chính phủ cho biết sẽ tiếp tục theo dõi tình hình."),
    ("en", "Jane Doe"),  # names alone sign only a Vietnamese page
])
def test_a_closing_line_that_signs_nobody_stays_in_the_body(lang: str, last: str) -> None:
    article = extract_article(page(lang=lang, h1="Headline", title="Headline", last=last), URL)
    assert article.authors == ()
    assert article.body.endswith(last)


def test_metadata_naming_the_signer_keeps_its_spelling_and_the_signature_still_leaves() -> None:
    article = extract_article(page(lang="ko", h1="Headline", title="Headline", meta_author="홍길동 기자",
                                   last="홍길동 기자 hong@example.co.kr"), URL)
    assert article.authors == ("홍길동",)
    assert "hong@example.co.kr" not in article.body


@pytest.mark.parametrize(("lang", "first", "expected", "text"), [
    ("ko", "(서울=연합뉴스) 홍길동 기자 = 정부가 오늘 새로운 항만 정책을 발표했다.", ("홍길동",), "정부가 오늘"),
    ("ko", "[서울=뉴시스]홍길동·김철수 기자 = 정부가 오늘 새로운 항만 정책을 발표했다.", ("홍길동", "김철수"), "정부가 오늘"),
    ("ko", "(부산=연합뉴스) 홍길동 특파원 = 정부가 오늘 새로운 항만 정책을 발표했다.", ("홍길동",), "정부가 오늘"),
])
def test_a_byline_glued_before_the_first_sentence_is_the_author_and_leaves_the_text(
        lang: str, first: str, expected: tuple[str, ...], text: str) -> None:
    html = page(lang=lang, h1="Headline", title="Headline").replace(
        '<div class="article-body">', f'<div class="article-body"><p>{escape(first)}</p>')
    article = extract_article(html, URL)
    assert article.authors == expected
    assert article.authors_from == "text"
    assert article.body.startswith(text)


@pytest.mark.parametrize(("lang", "first"), [
    ("ko", "[단독] 정부가 오늘 새로운 항만 정책을 발표했다."),
    ("ko", "정부 관계자 = 정부가 오늘 새로운 항만 정책을 발표했다."),
])
def test_a_label_opening_the_first_sentence_is_no_byline(lang: str, first: str) -> None:
    html = page(lang=lang, h1="Headline", title="Headline").replace(
        '<div class="article-body">', f'<div class="article-body"><p>{escape(first)}</p>')
    article = extract_article(html, URL)
    assert article.authors == ()
    assert article.body.startswith(first[:8])
