"""The headline: the visible <h1> against og:title, JSON-LD headline and <title>, and site suffixes in any script.

Every page here is synthetic; each shape comes in several languages and markups, because the
rules must hold on sites nobody here has seen.
"""

from __future__ import annotations

import json
import re
from html import escape

import pytest

from scrapers.extract import extract_article
from scrapers.extract.headline import letters, separators, strip_site

BODY = "<p>" + " ".join(["The delegations met for several hours and agreed on a common statement."] * 6) + "</p>"


def page(*, h1: str | None = "", og: str | None = None, title: str | None = None, headline: str | None = None,
         site: str | None = None, before: str = "", lang: str = "en") -> str:
    """A news page; ``h1`` is raw markup inside the article header (None: no <h1>)."""
    head = []
    if title is not None:
        head.append(f"<title>{escape(title)}</title>")
    if og is not None:
        head.append(f'<meta property="og:title" content="{escape(og)}">')
    if site is not None:
        head.append(f'<meta property="og:site_name" content="{escape(site)}">')
    if headline is not None:
        head.append('<script type="application/ld+json">'
                    + json.dumps({"@type": "NewsArticle", "headline": headline}) + "</script>")
    heading = f"<h1>{h1}</h1>" if h1 else ""
    return (f'<html lang="{lang}"><head>{"".join(head)}<meta property="og:type" content="article"></head><body>'
            f'<header class="site-header">{before}<nav><a href="/world">World</a></nav></header>'
            f'<article><header class="article-header">{heading}</header>{BODY}</article></body></html>')


def headline_of(html: str, url: str = "https://news.example.com/2024/05/01/story") -> str | None:
    return extract_article(html, url).title


@pytest.mark.parametrize(("h1", "seo"), [
    ("Ceasefire talks collapse as shelling resumes near the border", "Ceasefire talks collapse: what we know"),
    ("Regierung einigt sich nach langer Nacht auf den Haushalt", "Haushalt 2025: Regierung einigt sich"),
    ("Regjeringen legger frem ny plan for forsvaret i nord", "Ny forsvarsplan for nord: regjeringen legger frem"),
])
def test_the_visible_h1_wins_over_a_differently_worded_seo_title(h1: str, seo: str) -> None:
    html = page(h1=escape(h1), og=seo, title=f"{seo} | Example", headline=seo)
    assert headline_of(html) == h1


def test_h1_text_is_read_as_printed_inline_markup_joined_without_spaces() -> None:
    html = page(h1="Trump<em>’s</em> envoy meets <a href='/t/nato'>NATO</a> chiefs", og="Envoy meets NATO chiefs")
    assert headline_of(html) == "Trump’s envoy meets NATO chiefs"


@pytest.mark.parametrize(("h1", "og", "expected"), [
    # only quotation marks differ: the page's own marks stay
    ("“Worst is behind us,” minister says", "Worst is behind us, minister says", "“Worst is behind us,” minister says"),
    ("«Nous ne céderons pas», dit le ministre", "Nous ne céderons pas, dit le ministre",
     "«Nous ne céderons pas», dit le ministre"),
    # a headline that is one quotation keeps its marks when only the metadata names it
    (None, "“We will not give up”: defiant mayor vows to rebuild", "“We will not give up”: defiant mayor vows to rebuild"),
    # marks are not added where the page has none
    ("Minister says worst is behind us", "“Minister says worst is behind us”", "Minister says worst is behind us"),
    # the dash that opens a quoted headline in Nordic and Slavic papers is a quotation mark too
    ("– Vi gir oss ikke, sier ordføreren", "«Vi gir oss ikke», sier ordføreren", "– Vi gir oss ikke, sier ordføreren"),
    ("«Vi ger inte upp», säger borgmästaren", "– Vi ger inte upp, säger borgmästaren",
     "«Vi ger inte upp», säger borgmästaren"),
    ("— Мы не сдадимся, заявил мэр", "«Мы не сдадимся», заявил мэр", "— Мы не сдадимся, заявил мэр"),
    # ... also after the speaker's name and a colon, in the <h1> or in the metadata
    ("Ordføreren: – Vi gir oss ikke", "Ordføreren: «Vi gir oss ikke»", "Ordføreren: – Vi gir oss ikke"),
    ("Borgmästaren: ”Vi ger inte upp”", "Borgmästaren: – Vi ger inte upp", "Borgmästaren: ”Vi ger inte upp”"),
    ("Pormestari: – Emme luovuta", "Pormestari: ”Emme luovuta”", "Pormestari: – Emme luovuta"),
    ("Мэр: — Мы не сдадимся", "Мэр: «Мы не сдадимся»", "Мэр: — Мы не сдадимся"),
])
def test_quotation_marks_are_neither_dropped_nor_added(h1: str | None, og: str, expected: str) -> None:
    assert headline_of(page(h1=escape(h1) if h1 else None, og=og)) == expected


@pytest.mark.parametrize(("title", "site", "url", "expected"), [
    ("윤 대통령, 국무회의 주재-정치ㅣ한국일보", "한국일보", "https://www.hankookilbo.com/News/Read/A2024", "윤 대통령, 국무회의 주재"),
    ("国务院召开常务会议--时政--人民网", "人民网", "http://politics.people.com.cn/n1/2024/0501/c1001.html",
     "国务院召开常务会议"),
    ("Meclis yeni yasayı kabul etti - Güncel haberler", None, "https://www.haberler.com/guncel/meclis-yasa",
     "Meclis yeni yasayı kabul etti"),
    ("Parliament passes the budget | Politics | The Daily Example", "The Daily Example",
     "https://dailyexample.test/politics/budget", "Parliament passes the budget"),
    ("Budget passed after all-night session :: Politics :: Daily Example", "Daily Example",
     "https://daily.test/a", "Budget passed after all-night session"),
    ("Le Parlement adopte le budget – Politique – Le Quotidien", "Le Quotidien", "https://lequotidien.test/a",
     "Le Parlement adopte le budget"),
    ("Example Times: Storm closes schools across the region", "Example Times", "https://exampletimes.test/a",
     "Storm closes schools across the region"),
    ("東京で大雪、交通機関に乱れ：毎朝新聞", "毎朝新聞", "https://maiasa.test/a", "東京で大雪、交通機関に乱れ"),
    ("Un braconnier interpellé et condamné ‹ Projet Exemple", "Projet Exemple", "https://projet-exemple.test/a",
     "Un braconnier interpellé et condamné"),
    # a leading site name takes the section labels after it ("Blog Archive" of old WordPress themes)
    ("Example Blog » Blog Archive » Storm closes schools across the region", "Example Blog",
     "https://exampleblog.test/2010/01/storm", "Storm closes schools across the region"),
    ("Beispiel.de » Blog Archiv » Podcasts im eigenen Medienserver einbinden", None,
     "https://beispiel.de/2012/podcasts", "Podcasts im eigenen Medienserver einbinden"),
    ("Daily Court News : Details : Smith Lawn Care LLC files for registration", "Daily Court News",
     "https://dailycourt.test/details/1", "Smith Lawn Care LLC files for registration"),
    # the site named only by its host: a two-letter name, a name with a hyphen
    ("Regjeringen legger frem ny plan for forsvaret – VG", None, "https://www.vg.no/nyheter/i/a1",
     "Regjeringen legger frem ny plan for forsvaret"),
    ("Selenskyj fordert mehr Flugabwehr - n-tv.de", None, "https://www.n-tv.de/politik/a1.html",
     "Selenskyj fordert mehr Flugabwehr"),
    ("Regeringen lägger fram ny plan | SvD", None, "https://www.svd.se/a/a1/regeringen", "Regeringen lägger fram ny plan"),
])
def test_site_suffixes_go_in_any_script_and_with_any_separator(title: str, site: str | None, url: str,
                                                              expected: str) -> None:
    assert headline_of(page(h1=None, title=title, site=site), url) == expected
    # the same suffix on og:title, and an <h1> that agrees with it
    assert headline_of(page(h1=escape(expected), og=title, site=site), url) == expected


@pytest.mark.parametrize("headline", ["Covid-19 cases rise again in the north", "Anti-war protest draws thousands",
                                      "Nigeria’s economy is making a comeback—but slowly"])
def test_hyphens_and_dashes_inside_words_are_not_separators(headline: str) -> None:
    assert headline_of(page(h1=None, title=f"{headline} - Example News", site="Example News")) == headline


def test_a_site_segment_in_the_middle_takes_its_slogan_with_it() -> None:
    html = page(h1=None, title="Three ways to lead in a crisis — Postwise — Strategy, Design and Engineering",
                site="Postwise")
    assert headline_of(html, "https://postwise.test/articles/lead") == "Three ways to lead in a crisis"


@pytest.mark.parametrize("logo", [
    '<h1 class="title"><a href="https://myblog.example.org/">Notes from the Lab</a></h1>',
    '<a href="/"><h1>Notes from the Lab</h1></a>',
    '<h1 class="site-logo">Notes from the Lab</h1>',
])
def test_a_blog_name_in_the_h1_is_the_site_not_the_headline(logo: str) -> None:
    html = page(h1=None, title="Notes from the Lab: Open tooling for programmable logic", before=logo)
    assert headline_of(html, "https://myblog.example.org/2016/05/tooling.html") == \
        "Open tooling for programmable logic"


def test_an_h1_beside_a_longer_headline_in_the_title_is_the_blog_name() -> None:
    html = page(h1=None, title="Diary of a Programmer - 改正法が理解されていない理由について考える",
                before="<h1>Diary of a Programmer</h1>")
    assert headline_of(html, "https://diary.example.jp/20190211.html") == "改正法が理解されていない理由について考える"


def test_an_article_h1_beside_its_subtitle_in_the_title_is_the_headline() -> None:
    html = page(h1="What’s the future?", title="What’s the future? - From the new economy to the next economy")
    assert headline_of(html, "https://medium.example.com/@tim/wtf-123") == "What’s the future?"


def test_a_hidden_logo_h1_names_the_site_and_a_subheading_shows_the_headline() -> None:
    logo = '<a class="logo" href="/"><h1 class="hidden">好奇心日报</h1></a>'
    html = page(h1=None, title="这个约会软件想帮你找对象_智能_好奇心日报", before=logo).replace(
        "<article>", '<article><h2 class="category-title">这个约会软件想帮你找对象</h2>')
    assert headline_of(html, "https://www.qdaily.example/articles/1.html") == "这个约会软件想帮你找对象"


@pytest.mark.parametrize("junk", ["Politics", "Allergies Health Center", "Comment on this article",
                                  "Become a member today"])
def test_an_h1_that_is_not_about_the_story_does_not_replace_the_metadata(junk: str) -> None:
    seo = "Babies who eat peanuts early may avoid allergy"
    html = page(h1=None, title=f"{seo} | Example Health", site="Example Health", before=f"<h1>{junk}</h1>")
    assert headline_of(html) == seo


def test_a_kicker_printed_inside_the_h1_is_left_to_the_metadata() -> None:
    html = page(h1='<span class="kicker">Ukraine-Krieg</span> <span class="title">Selenskyj fordert mehr '
                   "Flugabwehr</span>", og="Selenskyj fordert mehr Flugabwehr", lang="de")
    assert headline_of(html) == "Selenskyj fordert mehr Flugabwehr"


def test_an_h1_marked_up_as_the_headline_wins() -> None:
    html = page(h1=None, og="Short SEO line", before='<h1 itemprop="headline">The long story of the river town</h1>')
    assert headline_of(html) == "The long story of the river town"


def test_without_metadata_the_h1_is_the_headline() -> None:
    assert headline_of(page(h1="Resolving the time paradox of functional programs")) == \
        "Resolving the time paradox of functional programs"


@pytest.mark.parametrize(("title", "marks", "expected"), [
    ("China snubs the envoy, says resolve it bilaterally | India News - Times of India", ["The Times of India"],
     "China snubs the envoy, says resolve it bilaterally"),
    ("Site Name - Headline here", ["sitename"], "Headline here"),
    ("Headline with no site", ["example"], "Headline with no site"),
    ("Example", ["example"], "Example"),
])
def test_strip_site(title: str, marks: list[str], expected: str) -> None:
    assert strip_site(title, [letters(m) for m in marks]) == expected


@pytest.mark.parametrize(("h1", "seo"), [
    ("For holiday parties this year, get behind the conversation-starter tee", "Designer statement shirts"),
    ("Ein Abend, an dem alles anders wurde", "Stadtrat beschließt neue Verkehrsregeln"),
])
def test_the_articles_only_heading_wins_over_an_unrelated_seo_title(h1: str, seo: str) -> None:
    assert headline_of(page(h1=escape(h1), og=seo, title=seo)) == h1


@pytest.mark.parametrize(("h1", "seo", "lang"), [
    ("– Dette er helt uakseptabelt", "Statsministeren raser mot forslaget", "no"),
    ("„Das lassen wir uns nicht bieten“", "Bürgermeisterin kritisiert Landesregierung scharf", "de"),
    ("Ein Abend, an dem alles anders wurde", "Stadtrat beschließt neue Verkehrsregeln", "de"),
])
@pytest.mark.parametrize("container", ["main", "article"])
@pytest.mark.parametrize("depth", [3, 14, 25])
def test_the_articles_only_heading_wins_however_deep_an_app_nests_it(h1: str, seo: str, lang: str, container: str,
                                                                     depth: int) -> None:
    nested = '<div class="x">' * depth + f"<h1>{escape(h1)}</h1>" + "</div>" * depth
    html = (f'<html lang="{lang}"><head><title>{escape(seo)} | Avisa</title><meta property="og:title" '
            f'content="{escape(seo)}"></head><body><div id="app"><header><a class="logo" href="/">Avisa</a></header>'
            f"<{container}>{nested}{BODY}</{container}></div></body></html>")
    assert headline_of(html, "https://avisa.test/a1") == h1


@pytest.mark.parametrize(("h1", "og", "expected", "lang", "site"), [
    ('<span class="hl">米朝首脳直通電話　習氏に挑むトランプ戦術の成否</span><br><span class="by">編集委員　中沢克二</span>',
     "米朝首脳直通電話 習氏に挑むトランプ戦術の成否 （写真＝ロイター） ：日本経済新聞",
     "米朝首脳直通電話 習氏に挑むトランプ戦術の成否", "ja", "日本経済新聞"),
    ('<span>Flood waters reach the old town square</span><br><small>Ana Ruiz, Valencia</small>',
     "Flood waters reach the old town square (VIDEO) | Example News", "Flood waters reach the old town square", "en",
     "Example News"),
    ('<span>Hochwasser erreicht die Altstadt</span><span class="autor">Von Jochen Bittner</span>',
     "Hochwasser erreicht die Altstadt [Fotos] - Example News", "Hochwasser erreicht die Altstadt", "de",
     "Example News"),
])
def test_a_byline_inside_the_h1_stays_out_when_the_seo_title_adds_a_note(h1: str, og: str, expected: str,
                                                                         lang: str, site: str) -> None:
    """The headline part of an <h1> that also prints the byline, where the SEO title adds "(Photo: …)" or "[VIDEO]"."""
    html = page(h1=None, og=og, site=site, lang=lang, before=f'<h1 itemprop="headline">{h1}</h1>')
    assert headline_of(html) == expected


@pytest.mark.parametrize(("h1", "title", "expected", "lang"), [
    ('Was wir über uns nicht hören wollen<span class="element-invisible"> | FASSETTE.NET</span>',
     "Was wir über uns nicht hören wollen | FASSETTE.NET", "Was wir über uns nicht hören wollen", "de"),
    ('<span class="sr-only">Article: </span>Ceasefire talks collapse as shelling resumes',
     "Ceasefire talks collapse as shelling resumes - The Daily", "Ceasefire talks collapse as shelling resumes", "en"),
    ('La ville vote son budget<span class="visually-hidden"> (article réservé aux abonnés)</span>',
     "La ville vote son budget", "La ville vote son budget", "fr"),
    ('El Gobierno aprueba el presupuesto<span hidden>Noticia</span>', "Presupuesto aprobado | Diario",
     "El Gobierno aprueba el presupuesto", "es"),
])
def test_text_in_the_h1_that_only_screen_readers_get_is_not_the_headline(h1: str, title: str, expected: str,
                                                                         lang: str) -> None:
    assert headline_of(page(h1=h1, title=title, lang=lang)) == expected


@pytest.mark.parametrize(("h1", "expected", "lang"), [
    ('<span class="kicker">Ukraine-Krieg</span><span class="title">Selenskyj fordert mehr Flugabwehr</span>',
     "Ukraine-Krieg Selenskyj fordert mehr Flugabwehr", "de"),
    ("<strong>Analysis:</strong><em>Markets rally as inflation cools</em>", "Analysis: Markets rally as inflation cools",
     "en"),
    ('<span class="define">Anticorrupción recurrirá la imputación</span><a href="/edicion.html">Diario Insular</a>',
     "Anticorrupción recurrirá la imputación Diario Insular", "es"),
    ('<span class="badge">LIVE</span>Markets rally as inflation cools', "LIVE Markets rally as inflation cools", "en"),
    # one word marked up in parts stays one word
    ("Trump<em>’s</em> envoy meets the U<span>S</span> delegation", "Trump’s envoy meets the US delegation", "en"),
])
def test_phrases_of_sibling_elements_in_the_h1_are_not_glued(h1: str, expected: str, lang: str) -> None:
    """Kicker, headline and site name printed as sibling elements with no space between them (the page's style
    sheet spaces them): a lower-case letter or a phrase's end meeting a capital is where one phrase ends."""
    assert headline_of(page(h1=h1, lang=lang)) == expected


@pytest.mark.parametrize(("h1", "og", "headline", "expected", "lang"), [
    ('<span class="badge">LIVE</span>Ceasefire talks collapse as shelling resumes',
     "Ceasefire talks collapse as shelling resumes", None, "Ceasefire talks collapse as shelling resumes", "en"),
    ('<span class="label">Direct</span> Le Parlement adopte le budget après une nuit de débats',
     "Le Parlement adopte le budget après une nuit de débats | Example Magazin", None,
     "Le Parlement adopte le budget après une nuit de débats", "fr"),
    ('<span class="toptitle">Sicherheit im Betrieb</span> Cyberangriffe: Jeder fünfte Euro geht in den Schutz',
     "Cyberangriffe: Jeder fünfte Euro geht in den Schutz - Example Magazin", None,
     "Cyberangriffe: Jeder fünfte Euro geht in den Schutz", "de"),
    ('Skitouren mit Rücksicht auf Wildtiere <span class="subline">Tipps für einen naturnahen Winter</span>',
     "Skitouren mit Rücksicht auf Wildtiere", None, "Skitouren mit Rücksicht auf Wildtiere", "de"),
    # the SEO titles show the kicker, the JSON-LD headline the headline: the JSON-LD one wins
    ('<span class="roofline">Frostschutz nachfüllen: wo und wie teuer</span> So füllen Sie Frostschutz richtig nach',
     "Frostschutz nachfüllen: wo und wie teuer | Example Magazin", "So füllen Sie Frostschutz richtig nach",
     "So füllen Sie Frostschutz richtig nach", "de"),
])
def test_a_badge_kicker_or_subtitle_beside_the_headline_text_in_the_h1_is_left_out(
        h1: str, og: str, headline: str | None, expected: str, lang: str) -> None:
    """The <h1> prints the headline as its own text with a badge, kicker or subtitle element beside it: the part
    a metadata title shows is the headline."""
    html = page(h1=h1, og=og, title=og, headline=headline, site="Example Magazin", lang=lang)
    assert headline_of(html) == expected


@pytest.mark.parametrize(("title", "slogan", "url", "expected"), [
    ("Storm closes schools across the region | Example Times - News . Sport . Weather", "News . Sport . Weather",
     "https://exampletimes.test/2024/storm", "Storm closes schools across the region"),
    ("Sturm schließt Schulen in der ganzen Region | Beispielblatt - Webentwicklung . Schulung . Beratung",
     "Webentwicklung . Schulung . Beratung", "https://beispielblatt.de/sturm", "Sturm schließt Schulen in der ganzen Region"),
    ("La tormenta cierra escuelas en toda la región - El Ejemplo - Noticias de tu ciudad", "Noticias de tu ciudad",
     "https://elejemplo.test/tormenta", "La tormenta cierra escuelas en toda la región"),
])
def test_an_h1_showing_the_slogan_after_the_site_name_in_the_title_is_not_the_headline(
        title: str, slogan: str, url: str, expected: str) -> None:
    """ "Headline | Site - Slogan" with the slogan printed as the page's <h1>: the <h1> stands after the site's name
    in the title, where a headline never does."""
    assert headline_of(page(h1=None, title=title, before=f"<h1>{slogan}</h1>"), url) == expected


@pytest.mark.parametrize(("title", "expected", "lang"), [
    ("Erdoğan'dan yeni ekonomi paketi açıklaması - Son Dakika Haberleri", "Erdoğan'dan yeni ekonomi paketi açıklaması",
     "tr"),
    ("Ministers agree on new shipping patrols | Latest News", "Ministers agree on new shipping patrols", "en"),
    ("Regierung einigt sich auf den Haushalt – Nachrichten", "Regierung einigt sich auf den Haushalt", "de"),
    ("El Gobierno aprueba el nuevo presupuesto - Últimas noticias", "El Gobierno aprueba el nuevo presupuesto", "es"),
    ("政府が新たな経済対策を発表した - 最新ニュース", "政府が新たな経済対策を発表した", "ja"),
    ("Erdoğan açıklama yaptı - Güncel haberler", "Erdoğan açıklama yaptı", "tr"),
    ("Storm hits the coast - Breaking News, Latest News and Videos", "Storm hits the coast", "en"),
    ("Ukraine war - Live updates", "Ukraine war - Live updates", "en"),  # a live blog's own words stay
    ("Trump and the news: a history - Politics", "Trump and the news: a history - Politics", "en"),
])
def test_a_generic_news_label_after_a_title_without_a_site_name_goes(title: str, expected: str, lang: str) -> None:
    """Pages whose only title is the ``<title>``, ending in a generic label that names no site (so the site-name
    stripping cannot see it): the label is no part of the headline."""
    assert headline_of(page(h1=None, title=title, lang=lang)) == expected
    assert strip_site(title, ["examplenews"]) == expected


@pytest.mark.parametrize(("wrapper", "h1", "later", "lang"), [
    ("asset-masthead", "College football player arrested on murder charge in Georgia", "Be the first to know", "en"),
    ("article-masthead", "Bundestag beschließt neues Gesetz zur Grundsteuer", "Newsletter abonnieren", "de"),
    ("story-brand-header", "Le gouvernement annonce un plan pour les hôpitaux", "Restez informé", "fr"),
])
def test_a_heading_the_metadata_titles_is_the_headline_even_in_a_block_named_like_a_masthead(
        wrapper: str, h1: str, later: str, lang: str) -> None:
    html = (f'<html lang="{lang}"><head><title>{escape(h1)} | Section | example.com</title>'
            f'<meta property="og:title" content="{escape(h1)}"><meta property="og:type" content="article"></head>'
            f'<body><main><article><div class="{wrapper}"><header class="asset-header">'
            f'<h1 itemprop="headline" class="headline"><span>{escape(h1)}</span></h1></header></div>{BODY}</article>'
            f'<div class="email-form"><h1>{escape(later)}</h1><p>Get local news delivered to your inbox!</p></div>'
            f'</main></body></html>')
    assert headline_of(html) == h1


@pytest.mark.parametrize(("level", "heading", "title", "lang"), [
    ("h3", "Guinée : un braconnier interpellé et condamné à la peine maximale !",
     "Guinée : un braconnier interpellé et condamné à la peine maximale ! ‹ Projet Faune Sauvage", "fr"),
    ("h2", "Wie wir unseren Garten winterfest machen", "Wie wir unseren Garten winterfest machen › Mein Gartenjahr", "de"),
    ("h2", "Ten years of walking the coast path", "Ten years of walking the coast path | Notes from a walker", "en"),
])
def test_a_headline_printed_one_level_down_drops_a_site_name_the_page_does_not_declare(
        level: str, heading: str, title: str, lang: str) -> None:
    html = (f'<html lang="{lang}"><head><title>{escape(title)}</title></head><body><div id="content">'
            f'<div class="post"><{level}>{escape(heading)}</{level}>{BODY}</div></div>'
            f'<div id="sidebar"><h2 class="widgettitle">Archives</h2></div></body></html>')
    assert headline_of(html, "https://blog.example.org/2019/11/08/post") == heading


# A paginated article's SEO titles carry the page they are on; the headline is the same on every page.
PAGINATED = [
    ("日銀が17年ぶりに利上げを決定", "日銀が17年ぶりに利上げを決定(1/2ページ) - 産経ニュース", "産経ニュース", "ja"),
    ("日銀が17年ぶりに利上げを決定", "日銀が17年ぶりに利上げを決定 2ページ目 | 毎日新聞", "毎日新聞", "ja"),
    ("Harga BBM naik lagi mulai besok", "Harga BBM naik lagi mulai besok Halaman all - Kompas.com", "Kompas.com", "id"),
    ("Harga BBM naik lagi mulai besok", "Harga BBM naik lagi mulai besok Halaman 2 - Kompas.com", "Kompas.com", "id"),
    ("Ministers agree on new shipping patrols", "Ministers agree on new shipping patrols - Page 2 | Daily Example",
     "Daily Example", "en"),
    ("Regierung einigt sich auf den Haushalt", "Regierung einigt sich auf den Haushalt - Seite 2 von 3 | Tagesblatt",
     "Tagesblatt", "de"),
    ("El Gobierno aprueba el nuevo presupuesto", "El Gobierno aprueba el nuevo presupuesto - página 2 - El Diario",
     "El Diario", "es"),
    ("Как правительство утвердило бюджет", "Как правительство утвердило бюджет (2/3) — Вести", "Вести", "ru"),
    ("Правительство утвердило новый бюджет", "Правительство утвердило новый бюджет, страница 2", None, "ru"),
    ("A kormány elfogadta a költségvetést", "A kormány elfogadta a költségvetést 2. oldal", None, "hu"),
    ("Regierung einigt sich auf den Haushalt", "Seite 2: Regierung einigt sich auf den Haushalt", None, "de"),
]


@pytest.mark.parametrize(("headline", "title", "site", "lang"), PAGINATED)
@pytest.mark.parametrize("markup", ["title", "og", "h1"])
def test_a_page_marker_on_the_titles_of_a_paginated_article_is_no_part_of_the_headline(
        headline: str, title: str, site: str | None, lang: str, markup: str) -> None:
    """In the ``<title>`` only, in ``og:title`` only (with the ``<title>`` the same), or beside the ``<h1>``."""
    html = page(h1=escape(headline) if markup == "h1" else None, title=title, site=site, lang=lang,
                og=title if markup != "title" else None)
    assert headline_of(html) == headline


@pytest.mark.parametrize(("title", "lang"), [
    ("鉄山～弥山～八経ヶ岳 オオヤマレンゲ咲いてます （7/2）", "ja"),  # a date in brackets, not a fraction of pages
    ("Apollo 13 returns to the big screen", "en"),
    ("The budget for 2024/25", "en"),
    ("What happened to the missing page 2", "en"),  # lower case after a space: the headline's own words
    ("Der Haushalt 2025 (Teil 2)", "de"),
])
def test_a_headline_that_ends_in_a_number_of_its_own_keeps_it(title: str, lang: str) -> None:
    assert headline_of(page(h1=None, title=title, lang=lang)) == title


# The site's name with words of its own after the headline ("… - European Championships Munich 2022" on
# munich2022.com): a few capitalised words whose first or last ones spell the site's name.
@pytest.mark.parametrize(("title", "url", "expected", "lang"), [
    ("Europas Topathleten fit für München 2022 - European Championships Munich 2022",
     "https://www.munich2022.test/de/news/a1", "Europas Topathleten fit für München 2022", "de"),
    ("Le maire inaugure la nouvelle médiathèque – Journal Lyonnais Édition Numérique",
     "https://www.journallyonnais.test/a1", "Le maire inaugure la nouvelle médiathèque", "fr"),
    ("El alcalde inaugura la feria del libro | Diario Sur Digital", "https://www.diariosur.test/a1",
     "El alcalde inaugura la feria del libro", "es"),
    ("Council approves the new cycle lanes - The Riverside Gazette", "https://riversidegazette.test/a1",
     "Council approves the new cycle lanes", "en"),
    # a segment that is a phrase of the headline, not a name with words around it, stays
    ("wasm-module - RustのWebAssemblyの中でDOMを扱う Nightly", "https://www.nightly.test/a1",
     "wasm-module - RustのWebAssemblyの中でDOMを扱う Nightly", "ja"),
    ("How we moved the office - and what Munich 2022 taught us", "https://www.munich2022.test/a1",
     "How we moved the office - and what Munich 2022 taught us", "en"),
])
def test_a_site_name_with_words_of_its_own_after_the_headline_goes(title: str, url: str, expected: str,
                                                                 lang: str) -> None:
    assert headline_of(page(h1=None, title=title, lang=lang), url) == expected


# A page whose titles are only its address ("carta.test") and whose <h1> is its logo: the article's first
# subheading is the headline.
@pytest.mark.parametrize(("title", "heading", "url", "lang"), [
    ("carta.test", "Der neue Trend: Muss- statt Wunschkoalition", "https://carta.test/der-neue-trend/", "de"),
    ("www.example-blog.test", "Ten years of walking the coast path", "https://www.example-blog.test/2019/walk", "en"),
    ("lemonde-local.test", "La médiathèque rouvre ses portes", "https://lemonde-local.test/a1", "fr"),
])
@pytest.mark.parametrize("logo", ['<h1><a href="/" class="custom-logo-link"><img src="logo.svg" alt=""></a></h1>',
                                  ""])
def test_a_title_that_is_only_the_sites_address_leaves_the_articles_subheading(title: str, heading: str, url: str,
                                                                             lang: str, logo: str) -> None:
    html = (f'<html lang="{lang}"><head><title>{escape(title)}</title></head><body><header>{logo}'
            f'<nav><a href="/politik">Politik</a></nav></header><main><div class="posttitle">'
            f'<p><a href="/tag/x">#Thema</a></p><h2>{escape(heading)}</h2></div>{BODY}'
            f'<h2>Kommentare</h2></main></body></html>')
    assert headline_of(html, url) == heading


# An <h1> marked as a headline but about another story (a featured teaser further down the page), while the
# article's own heading is a subheading that the metadata titles word for word.
@pytest.mark.parametrize(("heading", "teaser", "lang"), [
    ("The early reviews for the new streaming console are not great", "Why don't you go fight for the reindeer?", "en"),
    ("Die Regierung einigt sich nach langer Nacht auf den Haushalt", "Zehn Wanderwege für den Herbst", "de"),
    ("El Gobierno aprueba el presupuesto tras una larga noche", "Las diez mejores playas del verano", "es"),
])
def test_a_teasers_h1_about_another_story_leaves_the_subheading_the_titles_name(heading: str, teaser: str,
                                                                               lang: str) -> None:
    html = (f'<html lang="{lang}"><head><title>{escape(heading)} - Example</title>'
            f'<meta property="og:title" content="{escape(heading)} - Example"></head><body>'
            f'<article class="single-story"><header><div class="kicker">STREAM</div>'
            f'<h2 itemprop="headline" class="headline">{escape(heading)}</h2></header>{BODY}</article>'
            f'<article class="featured-story"><header><h1 itemprop="headline" class="headline">'
            f'<a href="https://other.test/story">{escape(teaser)}</a></h1></header></article></body></html>')
    assert headline_of(html, "https://www.example.test/2019/story") == heading


@pytest.mark.parametrize(("h1", "seo"), [
    ("Ceasefire talks collapse as shelling resumes near the border", "Ceasefire talks collapse: what we know"),
    ("Regierung einigt sich nach langer Nacht auf den Haushalt", "Haushalt 2025: Regierung einigt sich"),
])
def test_an_h1_marked_as_the_headline_and_about_the_story_wins_over_a_subheading_the_titles_name(
        h1: str, seo: str) -> None:
    html = (f'<html><head><title>{escape(seo)}</title></head><body><article><h1 itemprop="headline">{escape(h1)}</h1>'
            f'<h2>{escape(seo)}</h2>{BODY}</article></body></html>')
    assert headline_of(html) == h1


# An outlet's name after the headline in a script written without spaces, whatever the site declares: its last
# characters say it is one ("…网", "…日报", "…新聞", "…일보", "…뉴스").
@pytest.mark.parametrize(("title", "expected", "lang"), [
    ("武汉的声音：有英勇的你，才有英雄的城！-新华网", "武汉的声音：有英勇的你，才有英雄的城！", "zh"),
    ("海外留学生看两会：出国前后关注点大不同_教育频道_中国青年网", "海外留学生看两会：出国前后关注点大不同", "zh"),
    ("北京将扩大公园开放时间 - 北京日报", "北京将扩大公园开放时间", "zh"),
    ("日銀が17年ぶりに利上げを決定 - 東都新聞", "日銀が17年ぶりに利上げを決定", "ja"),
    ("정부, 내년 예산안 발표ㅣ서울일보", "정부, 내년 예산안 발표", "ko"),
    ("政府が新たな経済対策を決定｜東都新聞デジタル", "政府が新たな経済対策を決定", "ja"),
    ("政府が新たな経済対策を決定 - 東都ニュース", "政府が新たな経済対策を決定", "ja"),
    ("정부, 새 경제 대책 발표 - 서울경제", "정부, 새 경제 대책 발표", "ko"),
    ("정부, 새 경제 대책 발표 | 부산투데이", "정부, 새 경제 대책 발표", "ko"),
    # Korean news CMSs: "Headline < Section < 기사본문 - Site"
    ("정부, 새 경제 대책 발표 < 정치 < 기사본문 - 경남일보", "정부, 새 경제 대책 발표", "ko"),
    # the internet is no outlet; a longer last segment is the headline's own
    ("人工智能改变生活 - 移动互联网", "人工智能改变生活 - 移动互联网", "zh"),
])
def test_an_outlets_name_after_the_headline_in_an_unspaced_script_goes(title: str, expected: str, lang: str) -> None:
    assert headline_of(page(h1=None, title=title, lang=lang), "https://www.example.test/a/1.html") == expected


# An <h1> marked up as the alternative headline next to an element marked up as the headline: the marked headline.
@pytest.mark.parametrize(("alternative", "marked", "lang"), [
    ("Millennial Decorating Mistakes", "The 5 Biggest Decorating Mistakes Millennials Make — and How to Solve Them",
     "en"),
    ("Wohnungsmarkt in Freiburg", "Viele Studierende sind noch verzweifelt auf Wohnungssuche", "de"),
    ("Marché du logement", "Les étudiants cherchent encore un logement à Lyon", "fr"),
])
@pytest.mark.parametrize("titled", ["short", "marked"])
def test_an_h1_marked_as_the_alternative_headline_leaves_the_marked_headline(alternative: str, marked: str, lang: str,
                                                                            titled: str) -> None:
    title = alternative if titled == "short" else marked
    html = (f'<html lang="{lang}"><head><title>{escape(title)} | Example Home</title></head><body><article>'
            f'<header><h1 itemprop="alternativeHeadline" class="post-alt-title">{escape(alternative)}</h1>'
            f'<h2 itemprop="headline" class="post-title"><span>{escape(marked)}</span></h2></header>{BODY}'
            f'</article></body></html>')
    assert headline_of(html) == marked


def test_an_h1_marked_as_the_alternative_headline_without_a_marked_headline_is_read_as_any_h1() -> None:
    html = (f'<html><head><title>Ceasefire talks collapse as shelling resumes | Example</title></head><body><article>'
            f'<h1 itemprop="alternativeHeadline">Ceasefire talks collapse as shelling resumes</h1>{BODY}'
            f'</article></body></html>')
    assert headline_of(html) == "Ceasefire talks collapse as shelling resumes"


# A site's name written with letters its host spells plainly: accents ("Hürriyet" on hurriyet.com.tr, "El País" on
# elpais.com) and Cyrillic or Greek letters ("РИА Новости" on ria.ru, "Καθημερινή" on kathimerini.gr), read from
# the host alone when the page does not declare its name.
@pytest.mark.parametrize(("title", "url", "lang"), [
    ("Merkez Bankası faiz kararını açıkladı - Hürriyet", "https://www.hurriyet.com.tr/gundem/a-1", "tr"),
    ("El Gobierno presenta un nuevo plan económico — El País", "https://elpais.com/espana/a-1.html", "es"),
    ("Governo apresenta novo plano económico · PÚBLICO", "https://www.publico.pt/2024/05/01/a-1", "pt"),
    ("Regjeringen legger frem ny økonomisk plan – Bergensposten", "https://www.bergensposten.no/a/1", "no"),
    ("Путин провёл переговоры с лидерами стран региона - РИА Новости", "https://ria.ru/20240501/a-1.html", "ru"),
    ("Уряд оголосив новий економічний план — Українська правда", "https://www.pravda.com.ua/news/a-1/", "uk"),
    ("Η κυβέρνηση ανακοίνωσε νέο οικονομικό σχέδιο | Καθημερινή", "https://www.kathimerini.gr/politics/a-1/", "el"),
])
def test_a_site_name_in_accented_cyrillic_or_greek_letters_is_recognised_by_its_host(title: str, url: str,
                                                                                     lang: str) -> None:
    headline, _site = re.split(r" [-—·–|] ", title)
    assert headline_of(page(h1=None, title=title, og=title, lang=lang), url) == headline


# "Headline « Blog": the older WordPress title; a French quotation in guillemets is no separator.
@pytest.mark.parametrize(("title", "expected", "lang"), [
    ("Notes from the annual meeting « Example Blog", "Notes from the annual meeting", "en"),
    ("Notizen vom Jahrestreffen « Example Blog", "Notizen vom Jahrestreffen", "de"),
    ("Le ministre dénonce « une erreur » - Example Blog", "Le ministre dénonce « une erreur »", "fr"),
])
def test_a_spaced_left_guillemet_before_the_site_name_separates_it(title: str, expected: str, lang: str) -> None:
    assert headline_of(page(h1=None, title=title, site="Example Blog", lang=lang)) == expected


# Right-to-left titles carry invisible direction marks around their separators: no part of the headline.
@pytest.mark.parametrize(("title", "expected", "lang"), [
    ("الحكومة تعلن عن خطة اقتصادية جديدة\u200f - Example News", "الحكومة تعلن عن خطة اقتصادية جديدة", "ar"),
    ("\u200fהממשלה אישרה את התקציב\u200f | Example News", "הממשלה אישרה את התקציב", "he"),
    ("\u2067دولت برنامه اقتصادی را اعلام کرد\u2069 - Example News", "دولت برنامه اقتصادی را اعلام کرد", "fa"),
])
def test_direction_marks_around_a_right_to_left_headline_are_dropped(title: str, expected: str, lang: str) -> None:
    assert headline_of(page(h1=None, title=title, site="Example News", lang=lang)) == expected


@pytest.mark.parametrize(("title", "expected", "lang"), [
    # generic labels in Hindi and the language's name after the headline
    ("सरकार ने नई योजना की घोषणा की - Hindi News, हिंदी समाचार - Example News", "सरकार ने नई योजना की घोषणा की", "hi"),
    ("Government announces new plan - Latest News in Hindi", "Government announces new plan", "en"),
    # an outlet's name in lenticular brackets closing the title
    ("政府が新たな経済対策を決定【東都新聞】", "政府が新たな経済対策を決定", "ja"),
    ("国务院召开常务会议【北京日报】", "国务院召开常务会议", "zh"),
])
def test_hindi_generic_labels_and_an_outlet_in_closing_brackets_leave_the_headline(title: str, expected: str,
                                                                                     lang: str) -> None:
    assert headline_of(page(h1=None, title=title, site="Example News", lang=lang)) == expected


def test_a_less_than_sign_in_a_spaced_script_is_no_separator() -> None:
    assert headline_of(page(h1=None, title="Inflation < 2% - Example News", site="Example News")) == "Inflation < 2%"


# A theme that keeps the <h1> for the site's name (or has none) prints the story's headline as the <h2> its
# <article> opens with; the SEO <title> words the same story its own way. The visible heading wins.
OPENINGS = [
    ("Senator Jones gets more votes than the governor", "As the count ends, the governor is embarrassed by Senator Jones",
     "en"),
    ("Stadtrat beschließt neuen Radweg entlang des Flusses", "Neuer Radweg am Fluss: Was der Stadtrat beschlossen hat",
     "de"),
    ("El ayuntamiento aprueba el nuevo carril bici del río", "Carril bici del río: lo que aprobó el ayuntamiento", "es"),
]


@pytest.mark.parametrize(("heading", "seo", "lang"), OPENINGS)
@pytest.mark.parametrize("shape", [
    '<article class="post"><header class="article-header"><h2>{heading}</h2></header>{body}</article>',
    ('<article><div class="meta"><span>May 1, 2024</span></div><h2 class="entry-title"><a href="/p/1">{heading}</a>'
     '</h2>{body}<h2>Comments</h2></article>'),
])
@pytest.mark.parametrize("logo", ['<h1 class="site-title"><a href="/">Example Insider</a></h1>', ""])
def test_without_an_article_h1_the_h2_the_article_opens_with_is_the_headline(heading: str, seo: str, lang: str,
                                                                          shape: str, logo: str) -> None:
    article = shape.format(heading=escape(heading), body=BODY)
    html = (f'<html lang="{lang}"><head><title>{escape(seo)}</title></head><body><header>{logo}</header>'
            f'<div id="sidebar"><h2>Most read</h2></div>{article}</body></html>')
    assert headline_of(html, "https://exampleinsider.test/2024/05/story/") == heading


@pytest.mark.parametrize(("heading", "seo", "lang"), OPENINGS)
def test_an_h2_after_the_articles_first_paragraph_is_a_subheading_not_the_headline(heading: str, seo: str,
                                                                                   lang: str) -> None:
    html = (f'<html lang="{lang}"><head><title>{escape(seo)}</title></head><body><article>{BODY}'
            f'<h2>{escape(heading)}</h2>{BODY}</article></body></html>')
    assert headline_of(html, "https://exampleinsider.test/2024/05/story/") == seo


@pytest.mark.parametrize(("opening", "title", "expected"), [
    # about another story (a teaser the article opens with): the metadata stays
    ("Ten walks for the autumn holidays", "City council approves a new cycle lane along the river",
     "City council approves a new cycle lane along the river"),
    # a piece of the headline, the rest printed below it
    ("Open Journalism Project:", "The Open Journalism Project: Better Student Journalism",
     "The Open Journalism Project: Better Student Journalism"),
    # the standfirst under a headline that the page prints in an element of its own
    (('<div class="headline">City council approves a new cycle lane</div><h2>The council approves the cycle lane along'
      ' the river after a long debate</h2>'), "City council approves a new cycle lane | Handelszeitung",
     "City council approves a new cycle lane"),
    # a kicker and the headline in the <h2> without the colon the title puts between them
    ("<h2><span>Grenzschließungen</span> <span>Die Rückkehr der Ressentiments</span></h2>",
     "Grenzschließungen: Die Rückkehr der Ressentiments | Handelszeitung",
     "Grenzschließungen: Die Rückkehr der Ressentiments"),
])
def test_an_article_opening_h2_that_is_not_the_headline_leaves_the_metadata(opening: str, title: str,
                                                                             expected: str) -> None:
    html = (f'<html><head><title>{escape(title)}</title><meta property="og:site_name" content="Handelszeitung">'
            f'</head><body><article>{opening if "<" in opening else f"<h2>{escape(opening)}</h2>"}{BODY}</article>'
            f'</body></html>')
    assert headline_of(html, "https://www.handelszeitung.test/politik/a1.html") == expected


@pytest.mark.parametrize(("title", "url", "lang"), [
    ("Regierung einigt sich auf den Haushalt - Süddeutsche Zeitung", "https://www.sueddeutsche.test/politik/a1", "de"),
    ("Stadtrat beschließt den neuen Radweg - Göttinger Tageblatt", "https://www.goettinger-tageblatt.test/a1", "de"),
    ("Neuer Bahnhof wird eröffnet – Münchner Wochenblatt", "https://muenchner-wochenblatt.test/lokal/a1", "de"),
])
def test_a_site_name_with_umlauts_is_recognised_by_a_host_that_spells_them_with_e(title: str, url: str,
                                                                                 lang: str) -> None:
    expected = separators(title).split(title)[0]
    assert headline_of(page(h1=None, title=title, lang=lang), url) == expected


@pytest.mark.parametrize(("title", "url", "expected", "lang"), [
    ("Hallituksen esitys hyväksyttiin eduskunnassa - Helsingin Sanomat", "https://www.hs.test/politiikka/art-1.html",
     "Hallituksen esitys hyväksyttiin eduskunnassa", "fi"),
    ("Regeringen lägger fram en ny plan för försvaret – Dagens Nyheter", "https://www.dn.test/sverige/a1",
     "Regeringen lägger fram en ny plan för försvaret", "sv"),
    ("Regierung einigt sich auf den Haushalt - Frankfurter Allgemeine Zeitung", "https://www.faz.test/aktuell/a1.html",
     "Regierung einigt sich auf den Haushalt", "de"),
    ("Bundesrat lehnt die Initiative ab - Neue Zürcher Zeitung", "https://www.nzz.test/schweiz/a1",
     "Bundesrat lehnt die Initiative ab", "de"),
    ("Fed holds rates steady as inflation cools - The Wall Street Journal", "https://www.wsj.test/articles/fed-a1",
     "Fed holds rates steady as inflation cools", "en"),
    ("Fed holds rates steady as inflation cools - Los Angeles Times", "https://www.latimes.test/business/a1",
     "Fed holds rates steady as inflation cools", "en"),
    ("Stadtrat beschließt den neuen Radweg – Neue Ruhr Zeitung", "https://www.nrz.test/staedte/a1",
     "Stadtrat beschließt den neuen Radweg", "de"),
    # initials that spell no name of the site, or words that are no name: the segment stays
    ("Ceasefire holds along the line - Southern Front", "https://www.hs.test/a1",
     "Ceasefire holds along the line - Southern Front", "en"),
    ("Hallituksen esitys hyväksyttiin - hyvä syksy", "https://www.hs.test/a1",
     "Hallituksen esitys hyväksyttiin - hyvä syksy", "fi"),
])
def test_a_site_name_written_out_where_the_host_abbreviates_it_goes(title: str, url: str, expected: str,
                                                                   lang: str) -> None:
    assert headline_of(page(h1=None, title=title, lang=lang), url) == expected


LONG = [("Regierung einigt sich nach langer Nacht auf den Haushalt für das kommende Jahr", "de"),
        ("Ministers agree on new shipping patrols after a week of talks in Brussels", "en"),
        ("El Gobierno aprueba los presupuestos tras una larga noche de negociaciones", "es")]


@pytest.mark.parametrize(("headline", "lang"), LONG)
@pytest.mark.parametrize("ellipsis", ["…", " …", "...", " ..."])
@pytest.mark.parametrize("where", ["og", "headline"])
def test_a_metadata_title_cut_short_with_an_ellipsis_leaves_the_full_one(headline: str, lang: str, ellipsis: str,
                                                                        where: str) -> None:
    cut = headline[:40].rstrip() + ellipsis
    html = page(h1=None, title=f"{headline} | Tagesblatt", site="Tagesblatt", lang=lang, **{where: cut})
    assert headline_of(html, "https://tagesblatt.test/a1") == headline


def test_a_headline_that_ends_in_an_ellipsis_of_its_own_keeps_it() -> None:
    headline = "And then there were none..."
    assert headline_of(page(h1=None, og=headline, title=f"{headline} | Tagesblatt", site="Tagesblatt"),
                       "https://tagesblatt.test/a1") == headline


REWORDED = [
    ("Regjeringen legger frem ny plan for forsvaret", "Regjeringens nye plan for forsvaret: dette er endringene", "no"),
    ("Regierung legt neuen Plan für die Verteidigung vor", "Neuer Plan für die Verteidigung: das ändert sich", "de"),
    ("Government unveils new plan for the armed forces", "New armed forces plan: what changes", "en"),
]


# Class names that clip a box or hide it on one kind of screen only do not hide the <h1> from its readers.
@pytest.mark.parametrize(("h1", "seo", "lang"), REWORDED)
@pytest.mark.parametrize("shape", [
    '<div class="relative overflow-hidden"><div class="px-4">{h1}</div></div>',
    '<div class="container"><div class="col-md-8 hidden-xs">{h1}</div><div class="visible-xs">{h1}</div></div>',
    '<header class="story-header hidden-print">{h1}</header>',
    '<div class="headline-wrap">{h1_clipped}</div>',
])
def test_an_h1_in_a_box_that_clips_or_hides_on_some_screens_only_is_still_the_headline(h1: str, seo: str, lang: str,
                                                                                        shape: str) -> None:
    html = (f'<html lang="{lang}"><head><title>{escape(seo)} | Avisa</title><meta property="og:title" '
            f'content="{escape(seo)}"></head><body><header><a class="logo" href="/">Avisa</a></header>'
            + shape.format(h1=f"<h1>{escape(h1)}</h1>",
                           h1_clipped=f'<h1><span class="overflow-hidden text-ellipsis">{escape(h1)}</span></h1>')
            + f"{BODY}</body></html>")
    assert headline_of(html, "https://avisa.test/nyheter/a1") == h1


@pytest.mark.parametrize(("h1", "seo", "lang"), REWORDED)
@pytest.mark.parametrize("hiding", ["sr-only", "visually-hidden", "is-hidden", "screen-reader-text"])
def test_an_h1_hidden_from_sighted_readers_is_not_the_headline(h1: str, seo: str, lang: str, hiding: str) -> None:
    html = (f'<html lang="{lang}"><head><title>{escape(seo)} | Avisa</title></head><body>'
            f'<div class="{hiding}"><h1>{escape(h1)}</h1></div>{BODY}</body></html>')
    assert headline_of(html, "https://avisa.test/nyheter/a1") == seo


# Without an <h1>, the metadata titles agree on the headline: the one another shows with a kicker or a label added.
@pytest.mark.parametrize(("og", "headline", "lang"), [
    ("Opinion | Why the ceasefire will not hold", "Why the ceasefire will not hold", "en"),
    ("Ukraine-Krieg: Selenskyj fordert mehr Flugabwehr", "Selenskyj fordert mehr Flugabwehr", "de"),
    ("EN DIRECTO | El Gobierno aprueba los presupuestos", "El Gobierno aprueba los presupuestos", "es"),
    ("Selenskyj fordert mehr Flugabwehr", "Ukraine-Krieg: Selenskyj fordert mehr Flugabwehr", "de"),
])
def test_without_an_h1_the_title_the_others_show_with_a_label_added_is_the_headline(og: str, headline: str,
                                                                                  lang: str) -> None:
    html = page(h1=None, og=og, headline=headline, title=f"{og} | Tagesblatt", site="Tagesblatt", lang=lang)
    assert headline_of(html, "https://tagesblatt.test/a1") == min(og, headline, key=len)
