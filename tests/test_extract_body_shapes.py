"""Layouts that used to cost the body its text, in several languages and markup shapes.

Each page is synthetic: an article (headline, paragraphs) set into site chrome (navigation,
teasers of other stories, comments, footer) the way news sites lay it out. The shapes are
the recall collapses seen on the world's news sites: the text cut into sibling sections with
advertisements and embeds between them, the text inside an element whose class sounds like
chrome ("paywall", "widget-area", "read-more"), an author's bio taken for the article, and
pages where nothing at all came out; and the precision losses: inline "Lesen Sie auch"
promos and other stories' teaser boxes kept in the text.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pytest

from scrapers.extract import extract_article
from scrapers.models import Article

# Six paragraphs of running text per language (each a few sentences, as a news article's are).
TEXTS: dict[str, tuple[str, list[str]]] = {
    "en": ("Port strike enters its second week as talks stall", [
        ("Dock workers at the country's three largest ports stayed off the job for an eighth day on Tuesday, "
        "leaving hundreds of container ships waiting at anchor and retailers warning of empty shelves."),
        ("The union says the operators' latest offer does not make up for two years of inflation. The "
        "operators say the demands would make the ports the most expensive in the region."),
        ("Mediators from the labour ministry met both sides on Monday evening but the session ended after "
        "less than an hour, according to two people who were present and asked not to be named."),
        ("Exporters of perishable goods have been hit first. Fruit growers in the south said they had begun "
        "to dump produce that could no longer reach buyers abroad before it spoiled."),
        ("Economists estimate that each day of the strike costs the economy about 0.1 percent of quarterly "
        "output, a figure that would rise sharply if the stoppage spread to rail freight."),
        ("The transport minister told parliament that the government would not order workers back for now, "
        "but that every option remained on the table if the talks failed again this week."),
    ]),
    "de": ("Hafenstreik geht in die zweite Woche", [
        ("Die Hafenarbeiter in den drei größten Häfen des Landes haben am Dienstag den achten Tag in Folge "
        "die Arbeit niedergelegt. Hunderte Containerschiffe warten auf Reede."),
        ("Die Gewerkschaft erklärt, das jüngste Angebot der Betreiber gleiche die Inflation der vergangenen "
        "zwei Jahre nicht aus. Die Betreiber halten die Forderungen für überzogen."),
        ("Vermittler des Arbeitsministeriums trafen am Montagabend beide Seiten, doch das Gespräch endete "
        "nach weniger als einer Stunde, wie zwei Teilnehmer berichteten."),
        ("Zuerst trifft es die Exporteure verderblicher Waren. Obstbauern im Süden sagten, sie hätten damit "
        "begonnen, Ware zu vernichten, die ihre Abnehmer nicht mehr rechtzeitig erreicht."),
        ("Ökonomen schätzen, dass jeder Streiktag die Wirtschaft rund 0,1 Prozent der Quartalsleistung "
        "kostet. Weitet sich der Ausstand auf den Schienengüterverkehr aus, wäre es deutlich mehr."),
        ("Der Verkehrsminister sagte im Parlament, die Regierung werde vorerst nicht eingreifen. Sollten die "
        "Gespräche aber erneut scheitern, lägen alle Optionen auf dem Tisch."),
    ]),
    "fr": ("La grève des ports entre dans sa deuxième semaine", [
        ("Les dockers des trois principaux ports du pays ont cessé le travail pour la huitième journée "
        "consécutive mardi, laissant des centaines de porte-conteneurs au mouillage."),
        ("Le syndicat estime que la dernière offre des exploitants ne compense pas deux années d'inflation. "
        "Les exploitants jugent les revendications excessives pour la compétitivité des ports."),
        ("Des médiateurs du ministère du travail ont reçu les deux parties lundi soir, mais la séance a pris "
        "fin au bout d'une heure, selon deux participants qui ont requis l'anonymat."),
        ("Les exportateurs de denrées périssables sont les premiers touchés. Des arboriculteurs du sud "
        "disent avoir commencé à détruire des fruits qui ne pouvaient plus partir à temps."),
        ("Selon les économistes, chaque journée de grève coûte environ 0,1 % de la production trimestrielle, "
        "un chiffre qui grimperait nettement si le fret ferroviaire rejoignait le mouvement."),
        ("Le ministre des transports a déclaré devant le parlement que le gouvernement n'interviendrait pas "
        "pour l'instant, mais que toutes les options restaient ouvertes en cas de nouvel échec."),
    ]),
    "es": ("La huelga portuaria entra en su segunda semana", [
        ("Los estibadores de los tres mayores puertos del país cumplieron el martes su octavo día de paro, "
        "con cientos de buques portacontenedores fondeados a la espera de descargar."),
        ("El sindicato sostiene que la última oferta de los operadores no compensa dos años de inflación. "
        "Los operadores replican que las demandas encarecerían los puertos frente a sus vecinos."),
        ("Mediadores del ministerio de Trabajo se reunieron con ambas partes el lunes por la noche, pero la "
        "sesión terminó en menos de una hora, según dos asistentes que pidieron el anonimato."),
        ("Los exportadores de productos perecederos son los primeros afectados. Fruticultores del sur "
        "aseguran que ya han empezado a tirar mercancía que no llegará a tiempo a sus compradores."),
        ("Los economistas calculan que cada día de huelga cuesta alrededor del 0,1 % de la producción "
        "trimestral, una cifra que se dispararía si el paro se extendiera al transporte ferroviario."),
        ("El ministro de Transportes dijo en el Parlamento que el Gobierno no ordenará por ahora la vuelta "
        "al trabajo, aunque advirtió de que todas las opciones siguen sobre la mesa."),
    ]),
    "pl": ("Strajk w portach trwa już drugi tydzień", [
        ("Dokerzy w trzech największych portach kraju we wtorek po raz ósmy z rzędu nie podjęli pracy, a "
        "setki kontenerowców czekają na redzie na rozładunek."),
        ("Związek zawodowy twierdzi, że ostatnia oferta operatorów nie rekompensuje dwóch lat inflacji. "
        "Operatorzy odpowiadają, że żądania uczyniłyby porty najdroższymi w regionie."),
        ("Mediatorzy z ministerstwa pracy spotkali się z obiema stronami w poniedziałek wieczorem, ale "
        "rozmowy zakończyły się po niespełna godzinie, jak relacjonują dwaj uczestnicy."),
        ("Najpierw ucierpieli eksporterzy towarów łatwo psujących się. Sadownicy z południa mówią, że "
        "zaczęli wyrzucać owoce, które nie dotrą na czas do zagranicznych odbiorców."),
        ("Ekonomiści szacują, że każdy dzień strajku kosztuje gospodarkę około 0,1 procent kwartalnej "
        "produkcji, a gdyby protest objął kolejowy transport towarów, koszt byłby znacznie wyższy."),
        ("Minister transportu powiedział w parlamencie, że rząd na razie nie zmusi pracowników do powrotu, "
        "ale wszystkie opcje pozostają otwarte, jeśli rozmowy znów się nie powiodą."),
    ]),
    "id": ("Mogok pelabuhan memasuki pekan kedua", [
        ("Para pekerja bongkar muat di tiga pelabuhan terbesar di negara itu kembali mogok pada Selasa, "
        "hari kedelapan berturut-turut, sehingga ratusan kapal kontainer tertahan di laut."),
        ("Serikat pekerja menyatakan tawaran terbaru operator tidak sebanding dengan inflasi selama dua "
        "tahun terakhir. Operator menilai tuntutan itu akan membuat pelabuhan paling mahal di kawasan."),
        ("Mediator dari kementerian tenaga kerja bertemu kedua pihak pada Senin malam, tetapi pertemuan itu "
        "berakhir dalam waktu kurang dari satu jam, menurut dua orang yang hadir."),
        ("Eksportir barang yang mudah rusak menjadi pihak pertama yang terpukul. Petani buah di selatan "
        "mengatakan mereka mulai membuang hasil panen yang tidak bisa dikirim tepat waktu."),
        ("Para ekonom memperkirakan setiap hari mogok merugikan perekonomian sekitar 0,1 persen dari output "
        "triwulanan, dan angka itu akan melonjak jika pemogokan meluas ke angkutan kereta barang."),
        ("Menteri perhubungan mengatakan kepada parlemen bahwa pemerintah untuk saat ini tidak akan "
        "memerintahkan pekerja kembali bekerja, namun semua opsi tetap terbuka."),
    ]),
    # Hindi: sentences end with a danda (।), and its paragraphs are shorter than a long one of Latin script
    "hi": ("बंदरगाह हड़ताल दूसरे सप्ताह में पहुंची", [
        ("देश के तीन सबसे बड़े बंदरगाहों पर गोदी कर्मचारी मंगलवार को लगातार आठवें दिन काम पर नहीं लौटे। "
         "सैकड़ों कंटेनर जहाज़ लंगर डाले इंतज़ार कर रहे हैं और खुदरा विक्रेता खाली अलमारियों की चेतावनी दे रहे हैं।"),
        ("यूनियन का कहना है कि संचालकों का ताज़ा प्रस्ताव पिछले दो वर्षों की महंगाई की भरपाई नहीं करता। "
         "संचालकों का कहना है कि इन मांगों से ये बंदरगाह पूरे क्षेत्र में सबसे महंगे हो जाएंगे।"),
        ("श्रम मंत्रालय के मध्यस्थों ने सोमवार शाम दोनों पक्षों से मुलाकात की, लेकिन बैठक एक घंटे से कम "
         "समय में समाप्त हो गई, यह जानकारी वहां मौजूद दो लोगों ने नाम न बताने की शर्त पर दी।"),
        ("सबसे पहले जल्दी खराब होने वाले सामान के निर्यातक प्रभावित हुए हैं। दक्षिण के फल उत्पादकों ने कहा "
         "कि वे ऐसी उपज फेंकने लगे हैं जो समय पर विदेशी खरीदारों तक नहीं पहुंच सकती।"),
        ("अर्थशास्त्रियों का अनुमान है कि हड़ताल का हर दिन अर्थव्यवस्था को तिमाही उत्पादन के लगभग 0.1 "
         "प्रतिशत का नुकसान पहुंचाता है, और रेल माल ढुलाई तक फैलने पर यह आंकड़ा तेज़ी से बढ़ेगा।"),
        ("परिवहन मंत्री ने संसद को बताया कि सरकार फिलहाल कर्मचारियों को काम पर लौटने का आदेश नहीं देगी, "
         "लेकिन अगर इस सप्ताह बातचीत फिर विफल रही तो सभी विकल्प खुले हैं।"),
    ]),
    # Chinese: no spaces between words, and as much said in a third of the characters
    "zh": ("港口罢工进入第二周 谈判陷入僵局", [
        "全国三大港口的码头工人周二连续第八天停工，数百艘集装箱船在锚地等候，零售商警告货架可能出现空缺。",
        "工会表示，运营商的最新报价无法弥补过去两年的通胀。运营商则称，这些要求将使港口成为全区最昂贵的港口。",
        "劳工部的调解人员周一晚间与双方会面，但据两名在场人士透露，会谈不到一个小时就结束了。",
        "易腐货物出口商首当其冲。南部的果农表示，他们已开始丢弃无法及时运往国外买家的农产品。",
        "经济学家估计，罢工每持续一天，经济将损失约百分之零点一的季度产出，若罢工蔓延至铁路货运，损失将大幅增加。",
        "交通部长在议会表示，政府目前不会下令工人复工，但如果本周谈判再次失败，所有选项都在考虑之中。",
    ]),
}
LANGUAGES = sorted(TEXTS)
# Not handled yet, so those tests run in the languages with spaces: Chinese author bios; a Chinese text outweighed
# by chrome in a Latin script (the walk scores characters, of which Chinese needs about a third as many); and a
# Chinese article found only by a second reading (hidden until a script shows it, in the side column), which must
# bring 400 characters (a second reading accepted with Chinese-sized text let a paywall's chrome replace a
# one-paragraph Japanese preview).
SPACED = [lang for lang in LANGUAGES if lang != "zh"]

# What no body may contain: the site's chrome around every page below.
NAV = ["Home", "World", "Politics", "Business", "Sport", "Culture"]
TEASERS = [("Central bank holds rates as inflation cools", ("Policymakers signalled that cuts could come later "
            "in the year if prices keep easing.")),
           ("Storm warning issued for the east coast", ("Forecasters expect winds of up to 120 km/h and heavy "
            "rain through Thursday night."))]
COMMENT = ("I have worked on the docks for twenty years and I can tell you that nobody there wants this strike "
           "to go on, but the offer really is an insult to everyone who kept the ports open in the pandemic.")
FOOTER = "Copyright 2026 Example Media Group. All rights reserved. Terms of use and privacy policy."


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _paragraphs(paragraphs: list[str]) -> str:
    return "".join(f"<p>{_e(p)}</p>" for p in paragraphs)


def _teasers() -> str:
    return "".join(f'<div class="card"><h3><a href="/n/{i}">{_e(title)}</a></h3><p>{_e(summary)}</p></div>'
                   for i, (title, summary) in enumerate(TEASERS))


def page(lang: str, article: str, *, comments: int = 0, extra: str = "", title: str | None = None) -> str:
    """A whole page: header and navigation, the ``article`` markup, other stories, comments, footer (``title``:
    of a language without ``TEXTS``)."""
    nav = "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in NAV)
    thread = "".join(f'<li class="comment" id="comment-{i}"><div class="comment-author">Reader {i}</div>'
                     f'<div class="comment-text"><p>{_e(COMMENT)}</p></div><a href="#r">Reply</a></li>'
                     for i in range(comments))
    comments_area = f'<div class="comments"><h3>Comments</h3><ol class="comment-list">{thread}</ol></div>' if thread else ""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{_e(title or TEXTS[lang][0])}</title>'
            f'</head><body><header class="site-header"><a href="/" class="logo">Example News</a>'
            f'<nav><ul class="menu">{nav}</ul></nav></header>'
            f'<div id="page"><div class="layout"><div class="col-main">{article}{comments_area}'
            f'</div><div class="col-side"><h2>Most read</h2>{_teasers()}</div></div>{extra}</div>'
            f'<footer><p>{_e(FOOTER)}</p></footer></body></html>')


def extract(markup: str) -> Article:
    return extract_article(markup, "https://news.example.test/2026/03/02/port-strike")


def assert_article(article: Article, lang: str, *, absent: tuple[str, ...] = ()) -> None:
    """The body holds every paragraph, in order, and none of the chrome."""
    body = article.body
    positions = [body.find(p) for p in TEXTS[lang][1]]
    assert -1 not in positions, f"missing paragraphs {[i for i, at in enumerate(positions) if at < 0]}:\n{body}"
    assert positions == sorted(positions), body
    for chrome in (*[t for pair in TEASERS for t in pair], COMMENT, FOOTER, "Most read", *absent):
        assert chrome not in body, f"{chrome!r} leaked into the body"


# -- the text cut into sibling sections ---------------------------------------------------------------------------

AD_LABELS = {"en": "Advertisement", "de": "Anzeige", "fr": "Publicité", "es": "Publicidad", "pl": "Reklama",
             "id": "Advertisement", "hi": "विज्ञापन", "zh": "广告"}


def _ad(lang: str) -> str:
    return f'<div class="ad-slot"><span class="ad-label">{AD_LABELS[lang]}</span><div id="gpt-ad-1"></div></div>'


def _embed() -> str:
    return ('<div class="embed"><blockquote class="twitter-tweet"><p>Queue of ships outside the port this '
            'morning</p>&mdash; Harbour Watch (@harbourwatch)</blockquote></div>')


def _figure() -> str:
    return ('<figure class="image"><img src="/img/ships.jpg" alt=""><figcaption>Container ships wait at anchor '
            'outside the harbour (Photo: Jan Novak/Reuters)</figcaption></figure>')


def sections_flat(lang: str, paragraphs: list[str]) -> str:
    """Sibling ``<section>``s of two paragraphs, an advertisement, a tweet and a photo between them."""
    parts = [paragraphs[0:2], paragraphs[2:4], paragraphs[4:6]]
    between = [_ad(lang), _embed() + _figure()]
    body = "".join(f'<section class="article-section">{_paragraphs(part)}</section>{between[i] if i < 2 else ""}'
                   for i, part in enumerate(parts))
    return f'<article><h1>{_e(TEXTS[lang][0])}</h1>{body}</article>'


def sections_wrapped(lang: str, paragraphs: list[str]) -> str:
    """Each paragraph group two wrappers deep (a page builder's row and column), ad rows between them."""
    def row(part: list[str]) -> str:
        return f'<div class="row"><div class="column"><div class="text-block">{_paragraphs(part)}</div></div></div>'
    return (f'<main><h1>{_e(TEXTS[lang][0])}</h1>{row(paragraphs[0:1])}<div class="row">{_ad(lang)}</div>'
            f'{row(paragraphs[1:5])}<div class="row">{_embed()}</div>{row(paragraphs[5:6])}</main>')


def sections_unequal(lang: str, paragraphs: list[str]) -> str:
    """A lead paragraph, the bulk in one block, and the last paragraph after an inline teaser box."""
    teaser = ('<div class="inline-box"><h4><a href="/n/9">Ports elsewhere brace for knock-on delays</a></h4>'
              '<p>Shipping lines are rerouting vessels to neighbouring countries.</p></div>')
    return (f'<div class="story"><h1>{_e(TEXTS[lang][0])}</h1><div class="lead">{_paragraphs(paragraphs[:1])}</div>'
            f'<div class="body-part">{_paragraphs(paragraphs[1:5])}</div>{_ad(lang)}{teaser}'
            f'<div class="body-part">{_paragraphs(paragraphs[5:])}</div></div>')


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("shape", [sections_flat, sections_wrapped, sections_unequal])
def test_text_split_over_sibling_sections_is_gathered(lang: str, shape: Callable[[str, list[str]], str]) -> None:
    article = extract(page(lang, shape(lang, TEXTS[lang][1])))
    assert_article(article, lang, absent=(AD_LABELS[lang], "knock-on delays", "Shipping lines are rerouting"))
    assert any(c.text.startswith("Container ships wait") for c in article.captions) or shape is not sections_flat


# -- the text inside an element whose name sounds like chrome -----------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("wrapper", ['class="paywall"', 'class="embed-responsive"', 'class="widget-area"',
                                     'class="entry widget widget-area"', 'id="read-more-content"',
                                     'class="subscriber-only premium-content"'])
def test_text_in_a_chrome_named_container_is_kept(lang: str, wrapper: str) -> None:
    title, paragraphs = TEXTS[lang]
    markup = f'<div class="post"><h1>{_e(title)}</h1><div {wrapper}>{_paragraphs(paragraphs)}</div></div>'
    assert_article(extract(page(lang, markup)), lang)


@pytest.mark.parametrize("lang", SPACED)
@pytest.mark.parametrize("wrapper", ['<aside class="widget-area">{}</aside>', '<div class="sidebar-widget">{}</div>',
                                     '<div id="secondary" class="widget-area"><div class="textwidget">{}</div></div>'])
def test_the_only_text_in_the_side_column_is_read(lang: str, wrapper: str) -> None:
    """A page builder puts the post in a widget area of the side column: when nothing else reads as the
    article, that is the article (a side column beside one is not: see the teasers in every page here)."""
    title, paragraphs = TEXTS[lang]
    markup = f'<div class="post"><h1>{_e(title)}</h1>' + wrapper.format(_paragraphs(paragraphs)) + "</div>"
    assert_article(extract(page(lang, markup)), lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_second_half_behind_a_read_more_fold_is_kept(lang: str) -> None:
    title, paragraphs = TEXTS[lang]
    markup = (f'<div class="story-body"><h1>{_e(title)}</h1><div class="story-intro">{_paragraphs(paragraphs[:2])}'
              f'</div><div id="read-more"><div id="read-more-link"><a href="#">Read more</a></div>'
              f'<div id="read-more-content">{_paragraphs(paragraphs[2:])}</div></div></div>')
    assert_article(extract(page(lang, markup)), lang, absent=("Read more",))


@pytest.mark.parametrize("lang", ["en", "de", "pl"])
@pytest.mark.parametrize("entry", ['<li class="comment even depth-1 hentry" id="c-{i}"><p>{text}</p></li>',
                                   '<div class="user-post-text" id="comment-text-{i}"><p>{text}</p></div>',
                                   '<div class="comment-body"><div class="post-text"><p>{text}</p></div></div>'])
def test_a_long_comment_thread_is_never_the_article(lang: str, entry: str) -> None:
    """Comments read like prose, and here hold more of it than the article; their names decide."""
    title, paragraphs = TEXTS[lang]
    thread = "".join(entry.format(i=i, text=_e(f"{COMMENT} ({i})")) for i in range(12))
    markup = (f'<div class="post"><h1>{_e(title)}</h1><div class="entry">{_paragraphs(paragraphs)}</div></div>'
              f'<div id="comments" class="comments-area"><ol class="comment-list">{thread}</ol></div>')
    assert_article(extract(page(lang, markup)), lang)


# -- an author's bio instead of (or after) the article ------------------------------------------------------------

BIOS = {"en": "Maria Lopez is a senior correspondent for Example News covering trade and labour. She previously "
              "reported from Brussels and Madrid.",
        "de": "Anna Schmidt ist Wirtschaftskorrespondentin von Example News und berichtet über Handel und Arbeit. "
              "Zuvor war sie in Brüssel tätig.",
        "fr": "Claire Martin est journaliste au service économie d'Example News, où elle suit le commerce et le "
              "travail. Elle était auparavant en poste à Bruxelles.",
        "es": "Lucía Romero es periodista de la sección de economía de Example News y cubre comercio y trabajo. "
              "Antes trabajó en Bruselas.",
        "pl": "Jan Kowalski jest dziennikarzem działu gospodarczego Example News, gdzie zajmuje się handlem i "
              "rynkiem pracy. Wcześniej pracował w Brukseli.",
        "id": "Dewi Lestari is a correspondent for Example News in Jakarta covering trade and labour, and previously "
              "reported from Singapore.",
        "hi": "Priya Sharma is a correspondent for Example News in Mumbai covering trade and labour, and previously "
              "reported from Delhi."}


@pytest.mark.parametrize("lang", SPACED)
def test_bio_under_the_article_stays_out(lang: str) -> None:
    title, paragraphs = TEXTS[lang]
    markup = (f'<div class="main"><div class="story"><h1>{_e(title)}</h1><div class="text">{_paragraphs(paragraphs)}'
              f'</div></div><div class="writer"><img src="/m.jpg" alt=""><p>{_e(BIOS[lang])}</p></div></div>')
    assert_article(extract(page(lang, markup)), lang, absent=(BIOS[lang],))


@pytest.mark.parametrize("lang", SPACED)
@pytest.mark.parametrize("wrapper", ['class="widget-area"', 'class="toolbar-content"'])
def test_bio_box_is_not_chosen_over_the_article(lang: str, wrapper: str) -> None:
    """The article sits in a chrome-named element and a long unnamed bio box scores on its own."""
    title, paragraphs = TEXTS[lang]
    bio = " ".join([BIOS[lang]] * 3)
    markup = (f'<div class="wrap"><h1>{_e(title)}</h1><div {wrapper}>{_paragraphs(paragraphs)}</div></div>'
              f'<div class="box"><div class="box-inner"><p>{_e(bio)}</p></div></div>')
    article = extract(page(lang, markup))
    assert_article(article, lang)
    assert BIOS[lang][:40] not in article.body


# -- never an empty body when the page has prose ------------------------------------------------------------------

@pytest.mark.parametrize("lang", SPACED)
@pytest.mark.parametrize("hiding", ['style="display:none"', 'aria-hidden="true"', "hidden"])
def test_text_hidden_until_a_script_shows_it_is_read(lang: str, hiding: str) -> None:
    """A paywall or a script-driven fold: the text is in the page, hidden, and nothing else is prose."""
    title, paragraphs = TEXTS[lang]
    markup = (f'<div class="article"><h1>{_e(title)}</h1><div class="paywall-teaser"><a href="/subscribe">'
              f'Subscribe</a></div><div class="article-paywall" {hiding}>{_paragraphs(paragraphs)}</div></div>')
    assert_article(extract(page(lang, markup)), lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_article_outside_the_region_an_article_tag_suggests(lang: str) -> None:
    """An ``<article>`` in the side column (an about box) holds a quarter of the page text; the story is elsewhere."""
    title, paragraphs = TEXTS[lang]
    about = " ".join(p[::-1] for p in paragraphs[:3])  # prose-shaped, but not this story
    markup = f'<div class="story"><h1>{_e(title)}</h1><div>{_paragraphs(paragraphs)}</div></div>'
    extra = f'<div class="right"><div class="col"><div class="box"><article><p>{_e(about)}</p></article></div></div></div>'
    assert_article(extract(page(lang, markup, extra=extra)), lang)


# -- inline promos and teasers inside the text ----------------------------------------------------------------------

PROMOS = {"en": ["READ MORE: Ports elsewhere brace for delays", "Related: How the last strike ended"],
          "de": ["Lesen Sie auch: Was der Streik für Verbraucher bedeutet", "Mehr zum Thema – Häfen im Wandel"],
          "fr": ["Lire aussi : Ce que la grève change pour les consommateurs", "À lire aussi | Les ports en mutation"],
          "es": ["Lee también: Qué supone la huelga para los consumidores", "Te puede interesar: Puertos en cambio"],
          "pl": ["Czytaj też: Co strajk oznacza dla konsumentów", "Zobacz także: Porty się zmieniają"],
          "id": ["Baca juga: Dampak mogok bagi konsumen", "Baca Juga: Pelabuhan di tengah perubahan"],
          "hi": ["यह भी पढ़ें: हड़ताल का उपभोक्ताओं पर असर", "ये भी पढ़ें: बदलते बंदरगाह"],
          "zh": ["相关阅读：罢工对消费者意味着什么", "延伸阅读｜变化中的港口"]}


@pytest.mark.parametrize("lang", SPACED)
@pytest.mark.parametrize("linked", [False, True])
def test_inline_promos_and_teaser_boxes_stay_out(lang: str, linked: bool) -> None:
    title, paragraphs = TEXTS[lang]
    first, second = (f'<p><strong><a href="/n/5">{_e(p)}</a></strong></p>' if linked else f"<p><strong>{_e(p)}</strong></p>"
                     for p in PROMOS[lang])
    box = ('<div class="teaser-inline"><div class="teaser-inline__body"><h3><a href="/n/7">Shipping lines reroute '
           'vessels</a></h3><p>Carriers are sending ships to neighbouring countries instead.</p></div></div>')
    markup = (f'<div class="article-body"><h1>{_e(title)}</h1>{_paragraphs(paragraphs[:2])}{first}'
              f'{_paragraphs(paragraphs[2:4])}{box}{_paragraphs(paragraphs[4:5])}{second}{_paragraphs(paragraphs[5:])}</div>')
    assert_article(extract(page(lang, markup)), lang,
                   absent=(*PROMOS[lang], "Shipping lines reroute", "Carriers are sending ships"))


@pytest.mark.parametrize("lang", SPACED)
def test_teasers_and_the_next_article_after_the_story_are_not_gathered(lang: str) -> None:
    """Under the story: a list of other stories (headline, date, summary), then an infinitely scrolled next story."""
    title, paragraphs = TEXTS[lang]
    more = "".join(f'<div class="item"><h3><a href="/n/{i}">{_e(t)}</a></h3><div class="date">2 March 2026</div>'
                   f'<p>{_e(s)}</p></div>' for i, (t, s) in enumerate(TEASERS))
    next_story = (f'<div class="next-story"><h1>{_e(TEXTS["en"][0])} (update)</h1>'
                  f'<div class="share"><a href="#">Share</a></div><p>{_e(COMMENT)}</p></div>')
    markup = (f'<div class="feed"><div class="story"><h1>{_e(title)}</h1><div class="text">'
              f'{_paragraphs(paragraphs[:3])}</div><div class="text">{_paragraphs(paragraphs[3:])}</div></div>'
              f'<div class="more">{more}</div>{next_story}</div>')
    assert_article(extract(page(lang, markup)), lang)


# -- a big widget set into the text ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", SPACED)
@pytest.mark.parametrize("widget", ["full-gallery", "slideshow-embed", "photo-carousel"])
def test_a_photo_gallery_set_into_the_text_stays_out(lang: str, widget: str) -> None:
    """Twenty slides of title and legend between two paragraphs: more text than the article, none of it the article's."""
    title, paragraphs = TEXTS[lang]
    slides = "".join(f'<li><h2>{i}/20<br>Harbour scene number {i}</h2><p>Workers and vessels photographed in the '
                     f'harbour during the strike, scene {i} of twenty, as the queue of ships grew longer by the day '
                     f'and the quays stayed empty.</p></li>' for i in range(1, 21))
    gallery = f'<div class="{widget}"><div class="scroller"><ul class="legends">{slides}</ul></div></div>'
    markup = (f'<div class="article-wrapper"><h1>{_e(title)}</h1><div class="text-wrapper">{_paragraphs(paragraphs[:3])}'
              f'{gallery}{_paragraphs(paragraphs[3:])}</div></div>')
    assert_article(extract(page(lang, markup)), lang, absent=("Harbour scene", "Workers and vessels"))


@pytest.mark.parametrize(("lang", "stamp"), [("fr", "04.05.2015 à 13h36 • Mis à jour le 05.05.2015 à 20h13"),
                                             ("de", "Stand: 02.03.2026, 09:30 Uhr"),
                                             ("en", "Published 9:30 AM ET, 2026-03-02 | Updated 11:05")])
def test_a_stamp_of_dates_over_the_text_leaves_it(lang: str, stamp: str) -> None:
    title, paragraphs = TEXTS[lang]
    markup = f'<div class="article-body"><h1>{_e(title)}</h1><p>{_e(stamp)}</p>{_paragraphs(paragraphs)}</div>'
    assert_article(extract(page(lang, markup)), lang, absent=(stamp,))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("labels", [["$915", "600", "’22", "’26", "’28", "Interest"],  # a chart's axis and values
                                    ["Auto", "HD", "Medium", "English", "Aa", "Arial"]])  # a video player's menus
def test_a_widgets_scraps_in_the_text_stay_out(lang: str, labels: list[str]) -> None:
    title, paragraphs = TEXTS[lang]
    widget = '<div class="graphic">' + "".join(f"<div>{_e(label)}</div>" for label in labels) + "</div>"
    markup = (f'<div class="article-body"><h1>{_e(title)}</h1>{_paragraphs(paragraphs[:3])}{widget}'
              f'{_paragraphs(paragraphs[3:])}</div>')
    article = extract(page(lang, markup))
    assert_article(article, lang)
    body = article.body
    assert not any(f"\n{label}\n" in f"\n{body}\n" for label in labels), body


@pytest.mark.parametrize(("lang", "credit"), [("en", "(c) AFP/Jane Doe"), ("fr", "© AFP"), ("de", "© dpa-infocom")])
def test_a_wire_sign_off_keeps_the_last_paragraph(lang: str, credit: str) -> None:
    """A wire closes its text with a copyright credit: the paragraph is text, the credit is not."""
    title, paragraphs = TEXTS[lang]
    signed = [*paragraphs[:-1], f"{paragraphs[-1]} {credit}"]
    markup = f'<div class="article-body"><h1>{_e(title)}</h1>{_paragraphs(signed)}</div>'
    article = extract(page(lang, markup))
    assert_article(article, lang)
    assert credit not in article.body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_linked_subheadings_over_the_text_stay(lang: str) -> None:
    """A review's sections headed by the linked name of what they review stay; a teaser box's linked headline goes."""
    title, paragraphs = TEXTS[lang]
    long = [f"{p} {p}" for p in paragraphs]  # sections of running text, longer than any teaser's summary
    sections = "".join(f'<h3><a href="/shop/{i}">Item {i} ($30)</a></h3><p>{_e(p)}</p>' for i, p in enumerate(long))
    markup = f'<div class="article-body"><h1>{_e(title)}</h1>{sections}</div>'
    body = extract(page(lang, markup)).body
    assert all(f"Item {i} ($30)" in body for i in range(len(long))), body
    assert all(p in body for p in long)


@pytest.mark.parametrize(("lang", "line"), [
    ("en", "Students will work on picture-in-picture playback next term, the mentors said."),
    ("en", "The company's image-based search and its file-sharing service were hit by the outage."),
    ("de", "Die Bild-Zeitung berichtete zuerst über den Streik."),
    ("fr", "Le photo-finish a départagé les deux coureurs."),
    ("es", "La foto-denuncia circuló en las redes durante días."),
    ("en", "Photos by residents showed water up to the rooftops of the harbour sheds."),
    ("de", "Die Quelle: ein Bericht des Ministeriums, der am Montag erschien."),
    ("fr", "Une photo par jour a suffi à convaincre les dockers."),
    ("es", "Una foto de los muelles bastó para convencer a todos."),
])
@pytest.mark.parametrize("tag", ["p", "li"])
def test_a_photo_word_in_the_text_is_not_a_credit(lang: str, line: str, tag: str) -> None:
    """"Photo", "Bild", "file" joined to the next word by a hyphen make a word of the text, and a photo word or
    "source" followed by the rest of a sentence credits nobody: the caption-sized line stays in the body."""
    title, paragraphs = TEXTS[lang]
    item = f"<ul><li>{_e(line)}</li></ul>" if tag == "li" else f"<p>{_e(line)}</p>"
    markup = f'<article><h1>{_e(title)}</h1>{_paragraphs(paragraphs[:3])}{item}{_paragraphs(paragraphs[3:])}</article>'
    article = extract(page(lang, markup))
    assert_article(article, lang)
    assert line in article.body
    assert not any(line[:20] in (c.text + (c.credit or "")) for c in article.captions)


def _stream_item(i: int, headline: str, summary: str) -> str:
    return (f'<li class="stream-item"><a href="/n/{i}"><img src="/t/{i}.jpg" alt=""></a><div><h3><a href="/n/{i}">'
            f'{_e(headline)}</a></h3><p>{_e(summary)}</p></div><div class="source"><span>Example News</span></div></li>')


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_stream_of_other_stories_under_the_text_stays_out(lang: str) -> None:
    """Under the story, in its own element: other stories, each a linked headline over a summary the stream cuts
    off mid-sentence at some 350 characters (longer than most teasers), and the name of its source."""
    title, paragraphs = TEXTS[lang]
    others = [(TEXTS[other][0], " ".join(TEXTS[other][1])[:350]) for other in LANGUAGES if other != lang]
    stream = "".join(_stream_item(i, headline, summary) for i, (headline, summary) in enumerate(others))
    markup = f'<div class="content"><h1>{_e(title)}</h1>{_paragraphs(paragraphs)}<ul class="stream">{stream}</ul></div>'
    body = extract(page(lang, markup)).body
    assert all(p in body for p in paragraphs), body
    assert not any(summary[:60] in body or headline in body for headline, summary in others), body


FONTS = "".join(f'<li class="menu-item">{font}</li>' for font in ("Georgia", "Palatino Linotype", "Times New Roman",
                                                                  "Arial", "Verdana", "Courier New"))
PLAYERS = {
    "settings": ('<div class="vp-wrap"><div class="vp-bottom-bar"><div class="vp-settings-container">'
                 '<div class="vp-cc-preview">Captions will look like this</div><div class="vp-ddm"><ul class="ddm-list">'
                 f'{FONTS}</ul></div><div>75% (transparency)</div><div>100% (opaque)</div></div></div></div>'),
    "jwplayer": ('<div class="jwplayer jw-reset"><div class="jw-controls"><span>0 seconds of 0 seconds</span>'
                 '<span>Volume 0%</span><span>00:00</span><span>00:00</span></div></div>'),
    "video-player": ('<div class="article-video-player"><div class="vjs-text-track-display"></div><div>Font Family</div>'
                     f'<ul>{FONTS}</ul><div>Text Edge Style</div><div>Reset</div><div>Done</div></div>'),
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("player", sorted(PLAYERS))
def test_a_video_players_menus_in_the_text_stay_out(lang: str, player: str) -> None:
    """A video player set into the text brings its controls and settings menus (fonts, opacity, volume) as text."""
    title, paragraphs = TEXTS[lang]
    markup = (f'<div class="article-body"><h1>{_e(title)}</h1>{_paragraphs(paragraphs[:2])}{PLAYERS[player]}'
              f'{_paragraphs(paragraphs[2:])}</div>')
    assert_article(extract(page(lang, markup)), lang, absent=("Palatino Linotype", "transparency", "0 seconds",
                                                              "Volume 0%", "Font Family", "Captions will look"))


@pytest.mark.parametrize(("lang", "line"), [
    ("en", "Related-party transactions rose 12 percent last year, the port operator's filing showed."),
    ("en", "Watch-makers in the region said the strike had also delayed their exports."),
    ("de", "Zum Thema-Komplex Hafengebühren äußerte sich der Minister nicht."),
    ("en", "Police asked anyone who may have a tip about the blockade to call detectives."),
    ("en", "Dock workers can register online to receive text updates about the talks."),
])
def test_news_in_the_words_of_a_promo_stays(lang: str, line: str) -> None:
    """"Related", "Watch", "Zum Thema" open inline promos when a separator follows them ("Related: …");
    joined to the next word by a hyphen they are a word of the sentence, which stays in the body. So does
    news about tips and updates that asks the reader for nothing ("Have a tip? Email us" is a promo)."""
    title, paragraphs = TEXTS[lang]
    markup = f'<article><h1>{_e(title)}</h1>{_paragraphs(paragraphs[:3])}<p>{_e(line)}</p>{_paragraphs(paragraphs[3:])}</article>'
    article = extract(page(lang, markup))
    assert_article(article, lang)
    assert line in article.body


@pytest.mark.parametrize("lang", SPACED)
def test_a_list_of_items_each_in_its_box_keeps_their_descriptions(lang: str) -> None:
    """A piece that lists items, each in a box of its own under a linked name (a shopping guide, a list of
    venues): descriptions of 300-400 characters that end their sentences are the article's, unlike the
    summaries a stream of other stories cuts off mid-sentence."""
    title, paragraphs = TEXTS[lang]
    items = [f"{paragraphs[2 * i]} {paragraphs[2 * i + 1]}" for i in range(3)]
    boxes = "".join(f'<div class="item"><h3><a href="/shop/{i}">Item {i}</a></h3><p>{_e(text)}</p></div>'
                    for i, text in enumerate(items))
    markup = f'<div class="article-body"><h1>{_e(title)}</h1><p>{_e(paragraphs[0])}</p>{boxes}</div>'
    body = extract(page(lang, markup)).body
    assert all(text in body for text in items), body


# -- the article's own element named like chrome, its paragraphs straight inside ------------------------------------

NEWSLETTER = "What is the story of the day? Sign up for the editors' morning briefing, free every weekday."
SHOP = ["Racket test 2026: 17 rackets for club players", "Shoe test: clay court shoes", "Strings compared: 12 sets"]


@pytest.mark.parametrize("lang", SPACED)  # (this page's chrome is English: it would outweigh Chinese text by its length)
@pytest.mark.parametrize("wrapper", ['<article class="post-article js-post-gallery grid__item">{}</article>',
                                     '<div class="single-post slideshow-enabled">{}</div>',
                                     '<section class="story-block promo-ready">{}</section>'])
def test_paragraphs_straight_in_a_chrome_named_article_are_kept(lang: str, wrapper: str) -> None:
    """A layout flag on the article's own element ("js-post-gallery": the gallery script may run on it) makes the
    element sound like chrome; its paragraphs sit directly in it, beside a linked shop list and a newsletter box.
    The element is read by its text: every paragraph is kept, not the one that scores best on its own, though a
    social feed in it (chrome inside chrome) weighs against the element."""
    title, paragraphs = TEXTS[lang]
    shop = "".join(f'<li><a href="/shop/{i}">{_e(item)}</a> 2,00 €</li>' for i, item in enumerate(SHOP))
    tweets = "".join(f'<div class="tweet"><p>{_e(summary)} <a href="/t/{i}">t.co/{i}</a></p><span>@examplenews</span></div>'
                     for i, (_, summary) in enumerate(TEASERS * 2))
    first, cut = paragraphs[0], len(paragraphs[0]) // 10  # a linked name in the first paragraph
    inner = (f'<h1>{_e(title)}</h1><div class="date">2 March 2026</div><p><a href="/tag/x">{_e(first[:cut])}</a>'
             f'{_e(first[cut:])}</p>{_paragraphs(paragraphs[1:])}'
             f'<div class="newsletter-box"><p>{_e(NEWSLETTER)}</p></div><ul class="shop-list">{shop}</ul>'
             f'<div class="social-feed">{tweets}</div>')
    assert_article(extract(page(lang, wrapper.format(inner))), lang, absent=(*SHOP, NEWSLETTER))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("wrapper", ['<div class="banner-section"><div class="banner-text"><div>{}</div></div></div>',
                                     '<section class="hero-banner">{}</section>',
                                     '<div id="top-banner" class="story">{}</div>'])
def test_text_in_a_banner_named_element_is_kept(lang: str, wrapper: str) -> None:
    """"Banner" names advertising strips and the hero section that holds a story alike: the text decides; the
    advertising banner beside it (a line and a link) stays out."""
    title, paragraphs = TEXTS[lang]
    ad = '<div class="banner ad-banner"><a href="/advertise">Advertise with Example News: reach our readers</a></div>'
    markup = f'{ad}<h1>{_e(title)}</h1>' + wrapper.format(_paragraphs(paragraphs))
    assert_article(extract(page(lang, markup)), lang, absent=("Advertise with Example News",))


# -- CJK text of short paragraphs between reference links ------------------------------------------------------------

# (subheading, paragraph) pairs: a roundup of tools, each with a sentence or two and its site's address.
ROUNDUPS = {
    "zh": [("数据库", "这款开源数据库以稳定著称，许多大型网站和金融机构都在生产环境中使用它。"),
           ("编辑器", "微软开发的开源代码编辑器，在去年的开发者调查中被评为最受欢迎的开发环境。"),
           ("容器编排", "一套容器编排系统，在代码托管平台的开源项目排行榜上名列第八。"),
           ("机器学习", "高性能数值计算框架，广泛用于机器学习研究和大规模的工业应用。"),
           ("自动化", "一款自动化运维工具，可以完成复杂的部署任务，也能管理成千上万台服务器。"),
           ("前端框架", "用于构建用户界面的前端框架，在代码托管平台上已经获得了十二万颗星。")],
    "ja": [("データベース", "安定性で知られるオープンソースのデータベース。多くの大規模サイトで使われている。"),
           ("エディタ", "Microsoftが開発したコードエディタ。開発者調査で最も人気がある。"),
           ("コンテナ", "コンテナオーケストレーションシステムで、ランキング上位に入っている。"),
           ("機械学習", "高性能数値計算用の機械学習フレームワーク。研究で広く使われている。"),
           ("自動化", "IT自動化ツールで、高度な運用タスクをこなす。"),
           ("フロントエンド", "ユーザーインターフェースを構築するためのJavaScriptフレームワーク。")],
    "ko": [("데이터베이스", "안정성으로 잘 알려진 오픈소스 데이터베이스로 많은 대형 사이트가 쓴다."),
           ("편집기", "마이크로소프트가 만든 코드 편집기로 개발자 조사에서 가장 인기가 높았다."),
           ("컨테이너", "컨테이너 오케스트레이션 시스템으로 오픈소스 순위 상위에 올랐다."),
           ("머신러닝", "고성능 수치 계산용 머신러닝 프레임워크로 연구에 널리 쓰인다."),
           ("자동화", "IT 자동화 도구로 복잡한 배포 작업을 처리한다."),
           ("프런트엔드", "사용자 인터페이스를 만드는 자바스크립트 프레임워크다.")],
}
# Another story's teaser in the side column, in the page's language: its headline and a line of summary.
OTHER_STORY = {"zh": ("某公司发布开源投票软件", "该软件开发工具包旨在提高投票的安全性、透明度和可及性，已有多个地区开始试用。"),
               "ja": ("投票ソフトウェアをオープンソースで公開", "投票の安全性、透明性、アクセス性を向上させるソフトウェア開発キットを公開した。"),
               "ko": ("오픈소스 투표 소프트웨어 공개", "투표의 안전성과 투명성, 접근성을 높이는 소프트웨어 개발 도구를 오늘 공개했다.")}


@pytest.mark.parametrize("lang", sorted(ROUNDUPS))
@pytest.mark.parametrize("link", ['<p><a href="{url}">{url}</a></p>', '<div class="site"><a href="{url}">{url}</a></div>'])
def test_cjk_paragraphs_between_reference_links_are_the_article(lang: str, link: str) -> None:
    """Counted in characters, a CJK paragraph of 30 says less than the Latin address under it costs as a link: the
    teaser of another story in the side column outscores the article and takes its place (or comes along with it).
    Weighed by what they say, the article's paragraphs win, and the teaser stays out."""
    items = ROUNDUPS[lang]
    texts = [text for _, text in items]
    body = "".join(f"<h3>{i + 1}. {_e(head)}</h3><p>{_e(text)}</p>" + link.format(url=f"https://www.project{i}.org/")
                   for i, ((head, _), text) in enumerate(zip(items, texts, strict=True)))
    title, *lines = OTHER_STORY[lang]
    nav = "".join(f'<li><a href="/c/{i}">{_e(head)}</a></li>' for i, (head, _) in enumerate(items))
    share = "".join(f'<li><a href="/share/{i}">{_e(head)} {_e(title)}</a></li>' for i, (head, _) in enumerate(items))
    side = f'<div class="box-item"><h2><a href="/n/1">{_e(title)}</a></h2><p>{"<br>".join(map(_e, lines))}</p></div>'
    markup = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{_e(items[0][0])}</title></head>'
              f'<body><header><ul class="menu">{nav}</ul></header><div id="container"><div id="contents">'
              f'<div class="section box news"><h1>{_e(items[0][0])}</h1><div>{body}</div><ul>{share}</ul></div>'
              f'<div class="col-right">{side}</div></div></div><footer><p>© 2026 Example</p></footer></body></html>')
    text = extract(markup).body
    for paragraph in texts:
        assert paragraph in text
    assert lines[0] not in text


# -- the article shipped as a template that a script renders ------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("wrapper", ['<div class="post-body"><div class="post-content" itemprop="articleBody">{}</div></div>',
                                     '<article class="post">{}</article>', '<div class="entry-content">{}</div>'])
@pytest.mark.parametrize("kind", ["text/template", "text/html"])
def test_article_in_a_script_template_is_read(lang: str, wrapper: str, kind: str) -> None:
    """Blogger-style: the post's markup sits in a ``<script type="text/template">`` inside the article's element,
    rendered by a script; the page's own markup around it holds only chrome."""
    title, paragraphs = TEXTS[lang]
    template = f'<script type="{kind}"><span class="byline-author">Posted by Maria Lopez</span>{_paragraphs(paragraphs)}</script>'
    markup = f'<div class="post-outer"><h1>{_e(title)}</h1>' + wrapper.format(template) + "</div>"
    assert_article(extract(page(lang, markup)), lang)


@pytest.mark.parametrize("lang", SPACED)
def test_a_widgets_template_is_not_the_article(lang: str) -> None:
    """A shop widget's Handlebars template outside the article is never read as the text."""
    title, paragraphs = TEXTS[lang]
    widget = ('<div class="licence-picker"><script type="text/template">' + "".join(
        f"<p>{{{{#each licenses}}}} {{{{formatMoney price currency}}}} licence option number {i} for this photo, "
        f"{{{{display_name}}}} {{{{/each}}}}</p>" for i in range(12)) + "</script></div>")
    markup = f'<div class="photo"><h1>{_e(title)}</h1><p>{_e(paragraphs[0])}</p></div>{widget}'
    body = extract(page(lang, markup)).body
    assert paragraphs[0] in body
    assert "{{" not in body and "licence option" not in body


# -- an embed's consent placeholder in the text -----------------------------------------------------------------------

CONSENT = {"de": ("Externer Inhalt", ("Um Deine persönlichen Daten zu schützen, haben wir das automatische Laden der Inhalte "
                  "von twitter.com blockiert. Wenn Dir Inhalte dieses Anbieters angezeigt werden sollen, stimme bitte zu."),
                  "Ich bin einverstanden, dass mir externe Inhalte angezeigt werden."),
           "en": ("External content", "To view this content from Twitter, you need to accept social media cookies.",
                  "You can change your consent at any time in the privacy settings."),
           "fr": ("Contenu externe", "Pour afficher ce contenu Twitter, vous devez accepter les cookies Réseaux Sociaux.",
                  "Ces cookies permettent de partager ou réagir directement sur les réseaux sociaux."),
           "es": ("Contenido externo", "Para ver este contenido, acepta las cookies de terceros.", "Gestionar cookies"),
           "pl": ("Treść zewnętrzna", "Aby wyświetlić tę treść, musisz wyrazić zgodę na pliki cookies.", "Zarządzaj zgodami")}


@pytest.mark.parametrize("lang", sorted(CONSENT))
@pytest.mark.parametrize("box", [('<div class="css-1nop6hn e12x9b8w0"><p class="css-a1">{label}</p><div class="css-b2">{text}'
                                  '</div><label class="css-c3"><input type="checkbox">{agree}</label><button>OK</button></div>'),
                                 '<figure class="embed-twitter"><div>{label}</div><p>{text}</p><p>{agree}</p></figure>'])
def test_an_embeds_consent_placeholder_stays_out(lang: str, box: str) -> None:
    """A tweet blocked until the reader consents leaves a notice in the text, often under generated class names."""
    title, paragraphs = TEXTS[lang]
    label, text, agree = CONSENT[lang]
    placeholder = box.format(label=_e(label), text=_e(text), agree=_e(agree))
    markup = (f'<div class="css-53ndhp"><h1>{_e(title)}</h1>{_paragraphs(paragraphs[:3])}{placeholder}'
              f'{_paragraphs(paragraphs[3:])}</div>')
    assert_article(extract(page(lang, markup)), lang, absent=(label, text[:40]))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("flat", [True, False])
def test_a_long_related_stories_box_inside_the_text_does_not_cut_it(lang: str, flat: bool) -> None:
    """Six related stories with their summaries between the two halves of the text: a long box, but a named one
    (it counts against the element around it, so a half is chosen first and the other gathered across it)."""
    title, paragraphs = TEXTS[lang]
    items = "".join(f'<li><a href="/r/{i}">{_e(t)}</a><p>{_e(s)}</p></li>' for i, (t, s) in enumerate(TEASERS * 3))
    box = f'<div class="related-box"><h3>Related</h3><ul>{items}</ul></div>'
    halves = (_paragraphs(paragraphs[:3]), _paragraphs(paragraphs[3:]))
    text = (f'<div class="article-body">{halves[0]}{box}{halves[1]}</div>' if flat else
            f'<section class="part">{halves[0]}</section>{box}<section class="part">{halves[1]}</section>')
    assert_article(extract(page(lang, f'<div class="story"><h1>{_e(title)}</h1>{text}</div>')), lang)


# -- sentence ends of other scripts and quotation styles ------------------------------------------------------------

# Leads set apart from the text: Thai marks no sentence end; a German, Czech or Danish quote closes on „…“, „…“, »…«.
LEADS = {"th": ("คนงานท่าเรือสามแห่งที่ใหญ่ที่สุดของประเทศหยุดงานต่อเนื่องเป็นวันที่แปดเมื่อวันอังคาร ทำให้เรือคอนเทนเนอร์หลายร้อยลำต้องรออยู่กลางทะเล",
                "สหภาพแรงงานระบุว่าข้อเสนอล่าสุดของผู้ประกอบการไม่ชดเชยเงินเฟ้อในช่วงสองปีที่ผ่านมา ขณะที่ผู้ประกอบการมองว่าข้อเรียกร้องสูงเกินไป"),
         "de": ("„Wir bleiben draußen, bis das Angebot die Inflation der letzten zwei Jahre wirklich ausgleicht“",
                "Die Gewerkschaft erklärt, das jüngste Angebot der Betreiber gleiche die Inflation nicht aus."),
         "cs": ("„Zůstaneme venku, dokud nabídka provozovatelů skutečně nevyrovná inflaci posledních dvou let“",
                "Odbory tvrdí, že poslední nabídka provozovatelů nevyrovnává inflaci za poslední dva roky."),
         "da": ("»Vi bliver ude, indtil tilbuddet virkelig udligner inflationen i de seneste to år«",
                "Fagforeningen siger, at operatørernes seneste tilbud ikke dækker inflationen i de seneste to år.")}


@pytest.mark.parametrize("lang", sorted(LEADS))
def test_a_lead_set_apart_that_ends_without_a_full_stop_is_gathered(lang: str) -> None:
    """The lead sits in a box of its own above an advertisement: it joins the text when it reads as a sentence,
    and a Thai sentence or a paragraph closing on the quotation mark of its language does."""
    lead, second = LEADS[lang]
    title, paragraphs = TEXTS["en"]
    markup = (f'<div class="story"><h1>{_e(title)}</h1><div class="lead"><p>{_e(lead)}</p></div>{_ad("en")}'
              f'<div class="body-text"><p>{_e(second)}</p>{_paragraphs(paragraphs[1:])}</div></div>')
    body = extract(page("en", markup)).body
    assert body.startswith(lead), body[:200]
    assert second in body and paragraphs[-1] in body


# -- the stamp line over the text: outlet, times and byline, whole or cut into elements ----------------------------

STAMP_LINES = {
    # (the line's markup, the name it credits or None, the pieces that must leave the body)
    "fr-elements": (('<div class="signature"><div>Le Monde |</div><div><time>04.05.2026 à 13h36</time> • Mis à jour le'
                    '</div><div><time>05.05.2026 à 20h13</time> |</div><div>Par Martin Untersinger</div></div>'),
                    "Martin Untersinger", ("Le Monde", "13h36", "Mis à jour")),
    "fr-lines": (('<p class="bloc_signature"><span>Le Monde</span> |\n<time>04.05.2026 à 13h36</time> • Mis à jour le\n'
                 '<time>05.05.2026 à 20h13</time> |\nPar <a href="/journaliste/mu/">Martin Untersinger</a></p>'),
                 "Martin Untersinger", ("Le Monde", "13h36", "Mis à jour")),
    "en-piped": ("<p>By Jane Doe | Updated March 2, 2026</p>", "Jane Doe", ("Updated", "March 2")),
    "en-elements": (('<div class="meta"><span class="source">Reuters |</span></div><div class="time">March 2, 2026 '
                    '9:30 AM</div><p>By Jane Doe</p>'), "Jane Doe", ("Reuters |", "9:30 AM")),
    "de-comma": ("<p>Von Jochen Bittner | 12.03.2026, 14:30 Uhr</p>", "Jochen Bittner", ("12.03.2026", "14:30")),
    "es-piped": ("<p>Por María García | Madrid | 2 de marzo de 2026</p>", "María García", ("2 de marzo", "Madrid |")),
    "en-desk": ("<p>By Staff | 02.03.2026 09:30</p>", None, ("By Staff", "09:30")),
}


@pytest.mark.parametrize("case", sorted(STAMP_LINES))
@pytest.mark.parametrize("standfirst", [False, True])
def test_a_stamp_line_cut_into_pieces_leaves_the_text_and_its_byline_names_the_author(case: str,
                                                                                       standfirst: bool) -> None:
    """The outlet, the times and the byline over the text, as one line or cut into elements and lines, after a
    standfirst or not: the stamp leaves the body, the byline names the author (a desk's names nobody)."""
    line, author, gone = STAMP_LINES[case]
    lang = case.split("-")[0]
    title, paragraphs = TEXTS[lang]
    lead = f'<p class="standfirst">{_e(paragraphs[0])}</p>' if standfirst else ""
    text = _paragraphs(paragraphs[1:] if standfirst else paragraphs)
    article = extract(page(lang, f'<div class="article-body"><h1>{_e(title)}</h1>{lead}{line}{text}</div>'))
    assert_article(article, lang, absent=gone)
    assert article.body.startswith(paragraphs[0]), article.body[:200]
    if author is not None:
        assert author in article.authors
        assert author not in article.body


@pytest.mark.parametrize(("lang", "line"), [("en", "From March 2, 2026, island ferries will leave every hour |"),
                                            ("de", "Ab 12.03.2026 gilt der neue Fahrplan für alle Fähren |")])
def test_a_text_that_opens_on_a_dated_line_of_words_keeps_it(lang: str, line: str) -> None:
    """A first line with a date and more than a few words is the text's, even beside a separator."""
    title, paragraphs = TEXTS[lang]
    markup = f'<div class="article-body"><h1>{_e(title)}</h1><p>{_e(line)}</p>{_paragraphs(paragraphs)}</div>'
    assert line in extract(page(lang, markup)).body


# -- the site speaking to the reader: geo-blocks, closed comments, newsletters, share calls --------------------------

AR_TEXT = ("إضراب الموانئ يدخل أسبوعه الثاني", [
    "واصل عمال الموانئ في أكبر ثلاثة موانئ في البلاد إضرابهم لليوم الثامن على التوالي يوم الثلاثاء، مما ترك مئات سفن الحاويات تنتظر في عرض البحر.",
    "وتقول النقابة إن العرض الأخير للمشغلين لا يعوض عن عامين من التضخم، بينما يقول المشغلون إن المطالب ستجعل الموانئ الأغلى في المنطقة.",
    "والتقى وسطاء من وزارة العمل بالطرفين مساء الاثنين، لكن الجلسة انتهت بعد أقل من ساعة، بحسب شخصين حضرا الاجتماع.",
    "وتضرر مصدرو السلع القابلة للتلف أولا، إذ قال مزارعو الفاكهة في الجنوب إنهم بدأوا التخلص من محاصيل لم تعد تصل إلى المشترين في الخارج.",
    "ويقدر الاقتصاديون أن كل يوم من الإضراب يكلف الاقتصاد نحو عُشر في المئة من الناتج الفصلي، وهو رقم سيرتفع إذا امتد التوقف إلى الشحن بالسكك الحديدية.",
    "وقال وزير النقل أمام البرلمان إن الحكومة لن تأمر العمال بالعودة في الوقت الحالي، لكن كل الخيارات تبقى مطروحة إذا فشلت المحادثات مجددا.",
])
READER_NOTICES = {
    "en": ["This video is not available in your country.", "Comments are closed.",
           "We welcome comments that advance the story. Please read our community guidelines before commenting.",
           "Get our free newsletter: the day's top stories every morning.",
           "Share this story on Facebook, Twitter or by email"],
    "de": ["Dieser Inhalt ist in Ihrer Region nicht verfügbar.", "Die Kommentarfunktion ist für diesen Artikel geschlossen.",
           "Abonnieren Sie unseren Newsletter und erhalten Sie die wichtigsten Nachrichten des Tages.",
           "Diesen Artikel teilen:"],
    "fr": ["Ce contenu n'est pas disponible dans votre pays.", "Les commentaires sont fermés.",
           "Inscrivez-vous à notre newsletter pour recevoir l'essentiel de l'actualité.", "Partagez cet article"],
    "ar": ["ترحب الشبكة بالنقاش المفيد، وكي لا نضطر إلى مراجعة التعليقات قبل نشرها ننصحك بمراجعة إرشادات الاستخدام.",
           "الآراء الواردة أدناه لا تعبر عن رأي الموقع، بل تعكس وجهات نظر أصحابها فقط."],
    "es": ["Este contenido no está disponible en tu país.", "Los comentarios están cerrados.",
           "Suscríbete a nuestro boletín y recibe las noticias más importantes del día.", "Compartir en Facebook"],
}


@pytest.mark.parametrize("lang", sorted(READER_NOTICES))
@pytest.mark.parametrize("where", ["between", "after", "box", "capitals"])
def test_the_sites_notices_to_the_reader_stay_out(lang: str, where: str) -> None:
    """Notices without a telling class name: a paragraph between the text's, a line after it, a box under generated
    class names; printed in capitals (the walk marks a notice's cue words in any letter case, accented ones too)."""
    title, paragraphs = AR_TEXT if lang == "ar" else TEXTS[lang]
    notices = [n.upper() for n in READER_NOTICES[lang]] if where == "capitals" else READER_NOTICES[lang]
    lines = "".join(f"<p>{_e(n)}</p>" for n in notices)
    if where in ("between", "capitals"):
        text = f"{_paragraphs(paragraphs[:3])}{lines}{_paragraphs(paragraphs[3:])}"
    elif where == "after":
        text = f"{_paragraphs(paragraphs)}{lines}"
    else:
        boxes = "".join(f'<div class="css-x{i}q"><span>{_e(n)}</span></div>' for i, n in enumerate(notices))
        text = f"{_paragraphs(paragraphs[:4])}{boxes}{_paragraphs(paragraphs[4:])}"
    markup = f'<div class="story-text"><h1>{_e(title)}</h1>{text}</div>'
    body = extract(page(lang, markup, title=title)).body
    assert all(p in body for p in paragraphs), body
    assert not any(n in body for n in notices), body


@pytest.mark.parametrize(("lang", "line"), [
    ("en", "The broadcaster said the final would not be available in some countries because of a rights dispute."),
    ("en", "Readers left more than 3,000 comments under the union's statement before the page was taken down."),
    ("de", "Die Gewerkschaft teilte mit, der Newsletter der Betreiber enthalte falsche Zahlen zu den Löhnen."),
    ("fr", "Le ministre a partagé sur les réseaux sociaux un article critiquant le syndicat des dockers."),
    ("es", "Los comentarios del ministro fueron recibidos con abucheos por los estibadores en huelga."),
])
def test_news_in_the_words_of_a_notice_stays(lang: str, line: str) -> None:
    """News about availability, comments, newsletters and sharing asks the reader for nothing: it stays."""
    title, paragraphs = TEXTS[lang]
    markup = f'<article><h1>{_e(title)}</h1>{_paragraphs(paragraphs[:3])}<p>{_e(line)}</p>{_paragraphs(paragraphs[3:])}</article>'
    article = extract(page(lang, markup))
    assert_article(article, lang)
    assert line in article.body


# -- a long list of links set into the text ----------------------------------------------------------------------------

JA_TEXT = ("港湾ストライキが2週目に突入、交渉は難航", [
    "国内の三大港で働く港湾労働者は火曜日、8日連続で仕事を放棄し、数百隻のコンテナ船が沖合で待機している。小売業者は品切れを警告している。",
    "労働組合は、運営会社の最新の提案では過去2年間のインフレを補えないと主張している。運営会社側は要求が過大だとしている。",
    "労働省の調停担当者は月曜日の夜に双方と会談したが、出席者2人によると、話し合いは1時間足らずで終わった。",
    "最初に打撃を受けたのは生鮮品の輸出業者だ。南部の果樹農家は、海外の買い手に届かなくなった果物の廃棄を始めたと話した。",
    "経済学者は、ストライキが1日続くごとに四半期の生産が約0.1%失われると試算している。鉄道貨物に広がれば損失は急増する。",
    "運輸相は議会で、政府は当面、労働者に職場復帰を命じることはないが、今週の交渉が再び失敗すればあらゆる選択肢を検討すると述べた。",
])
LINK_TITLES = {"ja": "港湾労働者の賃金交渉、これまでの経緯をまとめて解説する記事 第{}回",
               "en": "Port workers' wage talks: how the dispute began, part {}",
               "de": "Tarifstreit im Hafen: So begann der Konflikt, Teil {}"}


@pytest.mark.parametrize("lang", sorted(LINK_TITLES))
@pytest.mark.parametrize("shape", ["sections-list", "sections-paragraphs", "flat-list", "flat-lines"])
def test_a_long_list_of_links_in_the_text_does_not_cut_it(lang: str, shape: str) -> None:
    """Forty links to earlier stories in the middle of the text (a Japanese site's 関連記事 list), between two sections
    or among the paragraphs, as a list, linked paragraphs or lines: a list of links set into the article, like a named
    box, does not end it, however long (and short Japanese paragraphs still outweigh the Latin chrome beside them)."""
    title, paragraphs = JA_TEXT if lang == "ja" else TEXTS[lang]
    titles = [LINK_TITLES[lang].format(i) for i in range(1, 41)]
    anchors = [f'<a href="/a/{i}">{_e(t)}</a>' for i, t in enumerate(titles)]
    links = {"list": f'<ul>{"".join(f"<li>{a}</li>" for a in anchors)}</ul>',
             "paragraphs": "".join(f"<p>{a}</p>" for a in anchors), "lines": f'<p>{"<br>".join(anchors)}</p>'}
    layout, kind = shape.split("-")
    if layout == "sections":
        markup = (f'<div class="story"><h1>{_e(title)}</h1><div class="sec">{_paragraphs(paragraphs[:3])}</div>'
                  f'<div class="links">{links[kind]}</div><div class="sec">{_paragraphs(paragraphs[3:])}</div></div>')
    else:
        markup = (f'<div class="article-body"><h1>{_e(title)}</h1>{_paragraphs(paragraphs[:3])}{links[kind]}'
                  f'{_paragraphs(paragraphs[3:])}</div>')
    body = extract(page(lang, markup, title=title)).body
    assert all(p in body for p in paragraphs), body
    assert not any(t in body for t in titles), body


@pytest.mark.parametrize("lang", sorted(LINK_TITLES))
def test_the_prose_past_a_long_list_of_links_under_the_story_is_not_gathered(lang: str) -> None:
    """Under the story, a site's list of links and a paragraph about the site: past the links, only prose beside the
    text continues it."""
    title, paragraphs = JA_TEXT if lang == "ja" else TEXTS[lang]
    titles = [LINK_TITLES[lang].format(i) for i in range(1, 21)]
    about = ("Example News is an independent newsroom covering trade, labour and transport across the region since "
             "1998, funded by its readers and by a foundation that has no say over what it publishes.")
    links = f'<ul>{"".join(f"<li><a href=/a/{i}>{_e(t)}</a></li>" for i, t in enumerate(titles))}</ul>'
    markup = (f'<div class="story"><h1>{_e(title)}</h1><div class="sec">{_paragraphs(paragraphs)}</div></div>'
              f'<div class="bottom"><div class="links">{links}</div><div class="about"><p>{_e(about)}</p></div></div>')
    body = extract(page(lang, markup, title=title)).body
    assert all(p in body for p in paragraphs), body
    assert about not in body and titles[0] not in body, body


@pytest.mark.parametrize("lang", ["en", "de", "fr"])
@pytest.mark.parametrize("credit", ['<cite>{}</cite>', '<span class="c-img__by">{}</span>', '<p>{}</p>'])
def test_a_photo_credit_beside_the_caption_leaves_the_text(lang: str, credit: str) -> None:
    """A credit set beside a figure's caption rather than in it, as names joined by slashes: a credit, not text."""
    title, paragraphs = TEXTS[lang]
    name = "Sanjeev Verma/Hindustan Times/Getty Images"
    figure = (f'<figure><img src="/a.jpg" alt=""><span class="meta"><figcaption>Ships wait outside the harbour.'
              f'</figcaption>{credit.format(name)}</span></figure>')
    markup = f'<article><h1>{_e(title)}</h1>{_paragraphs(paragraphs[:2])}{figure}{_paragraphs(paragraphs[2:])}</article>'
    article = extract(page(lang, markup))
    assert_article(article, lang, absent=(name,))
    assert any(c.credit == name for c in article.captions), article.captions
