"""Written dates that are not the publication date: "today" widgets, date bars, events, ranges, captions, teasers.

Each test page is synthetic and shows one pattern in several languages and markup shapes, the way
forum software, CMS headers, print-edition bars and news templates write it. A page whose only dates
are of these kinds gets no date, and ``date_flags`` say why.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from selectolax.lexbor import LexborHTMLParser

from scrapers.bywords import opens_with_by
from scrapers.dates import DateResult, find_dates
from scrapers.dates.labels import in_range, in_sentence, is_weekday_bar, label_of
from scrapers.dates.parse import find_text

FETCHED = datetime(2024, 1, 1, tzinfo=UTC)
STORY = "<p>" + "The council met again to discuss the budget and the new school building. " * 3 + "</p>"


def dates(body: str, *, lang: str = "en", title: str = "", url: str | None = None) -> DateResult:
    head = f"<title>{title}</title>" if title else ""
    html = f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'
    return find_dates(LexborHTMLParser(html), url, fetched_at=FETCHED)


def day(result: DateResult) -> str | None:
    return result.published_at.date().isoformat() if result.published_at else None


# --- "today" widgets: forum and CMS headers, current-time boxes, print-edition bars, weekday date bars --------

TODAY_WIDGETS = [
    ("de", '<div class="navbar"><p class="right">Aktuelle Zeit: 14.10.2020, 12:18</p></div>'),
    ("en", '<div id="page-header"><p>It is currently Wed Oct 14, 2020 12:18 pm</p></div>'),
    ("en", '<div class="navbar"><ul><li>Last visit was: Wed Oct 14, 2020 11:02 am</li></ul></div>'),
    ("en", '<ul class="links"><li>Current time: October 14, 2020, 12:18 pm</li></ul>'),
    ("fr", '<div class="top"><span>Nous sommes le 14 octobre 2020</span></div>'),
    ("fr", '<div class="une"><a href="/journal">Édition du 14 octobre 2020</a></div>'),
    ("de", '<div class="kopf"><span class="ausgabe">Ausgabe vom 14.10.2020</span></div>'),
    ("es", '<div class="cabecera"><span>Hoy es miércoles, 14 de octubre de 2020</span></div>'),
    ("de", ('<div id="kopf"><div class="links"><span>Mittwoch, 14.10.2020</span></div><nav><a href="/">Start</a>'
            '<a href="/lokales">Lokales</a><a href="/sport">Sport</a></nav></div>')),
    ("en", ('<div class="top-strip"><div><b>Wednesday, October 14, 2020</b></div><div class="social">'
            '<a href="/fb">Facebook</a> <a href="/tw">Twitter</a></div></div>')),
    ("nl", '<div class="bovenbalk"><span>Vandaag: woensdag 14 oktober 2020</span></div>'),
    ("it", '<div class="testata"><p><b>Oggi:</b> mercoledì 14 ottobre 2020</p></div>'),
    ("es", '<div class="cabecera"><span>Hoy, miércoles 14 de octubre de 2020</span></div>'),
    ("pt", '<div class="topo"><span>Hoje: 14/10/2020</span></div>'),
    ("pl", '<div class="naglowek"><span>Dzisiaj: 14.10.2020</span></div>'),
    ("fr", '<ul class="infos"><li>Aujourd\'hui : mercredi 14 octobre 2020</li></ul>'),
    ("nl", '<div id="page-header"><p>Het is momenteel wo 14 okt 2020, 12:18</p></div>'),
    ("pl", '<div id="page-header"><p class="right">Teraz jest śr 14 paź 2020, 12:18</p></div>'),
    ("pt", '<div class="navbar"><ul><li>Agora é 14 Out 2020, 12:18</li></ul></div>'),
    ("cs", '<div id="page-header"><p>Právě je 14.10.2020 12:18</p></div>'),
    ("sv", '<div class="navbar"><p>Aktuell tid är 2020-10-14 12:18</p></div>'),
]


@pytest.mark.parametrize(("lang", "widget"), TODAY_WIDGETS)
def test_a_today_widget_alone_gives_no_date(lang: str, widget: str) -> None:
    result = dates(widget + "<main><h1>Council approves the school budget</h1>" + STORY + "</main>", lang=lang)
    assert result.published_at is None
    assert "only_view_date" in result.flags


@pytest.mark.parametrize(("lang", "widget"), TODAY_WIDGETS)
def test_the_byline_is_taken_beside_a_today_widget(lang: str, widget: str) -> None:
    byline = {"de": "Veröffentlicht am 3. März 2020", "fr": "Publié le 3 mars 2020",
              "es": "Publicado el 3 de marzo de 2020", "en": "Published March 3, 2020",
              "nl": "Gepubliceerd op 3 maart 2020", "it": "Pubblicato il 3 marzo 2020",
              "pt": "Publicado em 3 de março de 2020", "pl": "Opublikowano 3 marca 2020",
              "cs": "Publikováno 3. března 2020", "sv": "Publicerad 3 mars 2020"}[lang]
    result = dates(widget + f"<main><h1>Council approves the school budget</h1><p>{byline}</p>{STORY}</main>",
                   lang=lang)
    assert day(result) == "2020-03-03"
    assert "only_view_date" not in result.flags


@pytest.mark.parametrize(("header", "lang"), [
    ("<div class='date-header'><span>Freitag, 5. Juni 2015</span></div>", "de"),  # Blogger's post date header
    ("<h2 class='date-header'>Friday, June 5, 2015</h2>", "en"),
    ("<div class='post-top'>martes 5 de junio de 2015</div>", "es"),
])
def test_a_weekday_date_right_above_the_headline_heads_the_post(header: str, lang: str) -> None:
    body = (f"<div class='post-outer'><div class='post'>{header}<h1 class='post-title'>Through the looking glass"
            f"</h1><div class='post-body'>{STORY}</div></div></div>")
    result = dates(body, lang=lang)
    assert day(result) == "2015-06-05"


def test_a_date_bar_in_a_site_header_with_a_class_saying_date() -> None:
    body = ('<div id="headerbg"><div id="header"><a id="logo" href="/">Noticias</a>'
            '<div id="date">Miércoles, 15 de Abril de 2020</div><form><input name="q"></form></div></div>'
            '<div id="content"><h1>El gobierno anuncia nuevas medidas</h1>' + STORY + '</div>')
    result = dates(body, lang="es")
    assert result.published_at is None and "only_view_date" in result.flags


# --- dates of other things inside the text ------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "sentence"), [
    ("de", "<p>Seit 4. August 2014 gilt für alle Mitglieder des Vereins die neue Satzung mit den geänderten Beiträgen.</p>"),
    ("de", "<p>Der nächste Stammtisch findet am Mittwoch, 5. Oktober 2022 um 19 Uhr im Gasthaus zur Post statt.</p>"),
    ("en", "<p>Since August 4, 2014 every member of the club has paid the new fees set by the annual meeting.</p>"),
    ("fr", "<p>Depuis le 4 août 2014, tous les membres de l'association paient la nouvelle cotisation annuelle.</p>"),
    # short lines: right after an event's "When:" field or after "since", the date is the event's or the state's
    ("en", "<p>When: Wednesday, 5 October 2022, 7 pm</p><p>Where: Town hall</p>"),
    ("de", "<p><b>Wann:</b> Mi. 5.10.2022, 19 Uhr</p><p><b>Wo:</b> Rathaus</p>"),
    ("fr", "<ul><li>Quand : 5 octobre 2022</li><li>Où : mairie</li></ul>"),
    ("es", "<p>¿Cuándo? <br>Cuándo: 5 de octubre de 2022</p>"),
    ("de", "<p>Seit 5. Oktober 2022 im Amt.</p>"),
    ("en", "<p>Member since October 5, 2022</p>"),
])
def test_an_event_date_inside_a_sentence_is_not_the_publication_date(lang: str, sentence: str) -> None:
    result = dates(f"<article><h1>Vereinsnachrichten aus dem Ort</h1>{sentence}{STORY}</article>", lang=lang)
    assert result.published_at is None
    assert "text_date_only" in result.flags


@pytest.mark.parametrize(("label", "lang"), [("Termin:", "de"), ("Einsendeschluss:", "de"), ("Event date:", "en"),
                                             ("Effective Date", "en"), ("Date de l'événement :", "fr")])
def test_a_date_labelled_as_something_else_is_not_the_publication(label: str, lang: str) -> None:
    body = (f"<div><h1>Stammtisch im Oktober</h1><dl><dt>{label}</dt><dd>Mittwoch, 5. Oktober 2022</dd></dl>"
            f"<p><span class='label'>{label}</span> <span class='date'>05.10.2022</span></p>{STORY}</div>")
    result = dates(body, lang=lang)
    assert result.published_at is None and "text_date_only" in result.flags


@pytest.mark.parametrize("text", ["Wochenbericht 14. - 20. Januar 2022", "Lawinenbulletin 28.09. - 01.10.2023",
                                  "WoB 31. Dezember 2021-06. Januar 2022", "Festival from 3 to 5 May 2021"])
def test_a_range_of_days_is_not_a_date(text: str) -> None:
    result = dates(f"<div><h1>Schnee und Lawinen</h1><h2>{text}</h2>{STORY}</div>", lang="de")
    assert result.published_at is None and "text_date_only" in result.flags


@pytest.mark.parametrize(("markup", "expected", "flag"), [
    (('<figure><img src="/a.jpg"><figcaption>FILE PHOTO: A man walks past the bank in Frankfurt on January 16, 2019. '
     'REUTERS/Kai Pfaffenbach</figcaption></figure>'), "2020-03-02", None),
    ('<div class="wp-caption"><img src="/a.jpg"><p class="wp-caption-text">Photo: Jane Roe, 16.01.2019</p></div>',
     "2020-03-02", None),
    ('<div class="image-credit">Foto: U. Tischhauser, 16.01.2019</div>', "2020-03-02", None),
    (('<ol class="comment-list"><li class="comment"><div class="comment-meta">March 3, 2020 at 10:15 am</div>'
     '<p>Great article!</p></li></ol>'), None, "only_comment_date"),
    ('<div id="disqus_thread"><div class="post"><span class="date">03.03.2020</span><p>Danke!</p></div></div>', None,
     "only_comment_date"),
    ('<section class="kommentare"><article><time>3. März 2020</time><p>Sehr gut.</p></article></section>', None,
     "only_comment_date"),
])
def test_captions_give_way_to_the_byline_and_comments_date_nothing(markup: str, expected: str | None,
                                                                   flag: str | None) -> None:
    """A photo's date gives way to the byline; a page whose only dates are its comments' gets none."""
    byline = "<p class='dateline'>March 2, 2020</p>" if expected else ""
    result = dates(f"<main><h1>Bank shares fall</h1>{markup if expected else ''}{byline}{STORY}</main>"
                   f"{'' if expected else markup}")
    assert day(result) == expected
    assert flag is None or flag in result.flags


@pytest.mark.parametrize(("caption", "lang"), [
    ('<figure><img src="/a.jpg"><figcaption><b>FILE PHOTO:</b> Traders work on the floor, 16.01.2019</figcaption></figure>',
     "en"),
    ('<div class="wp-caption"><img src="/a.jpg"><p class="wp-caption-text">Archivbild vom 16.01.2019</p></div>', "de"),
    ('<figure><img src="/a.jpg"><figcaption>Photo d\'archive, 16 janvier 2019 (AFP)</figcaption></figure>', "fr"),
    ('<div class="foto"><img src="/a.jpg"><span class="caption">Foto de archivo. 16 de enero de 2019</span></div>', "es"),
])
def test_an_archive_photo_caption_alone_gives_no_date(caption: str, lang: str) -> None:
    """A caption saying its photo is from the archive dates the photo, years before the story: on a page that
    states no date of its own, it gives none (a caption credit without such a word stays the last resort)."""
    result = dates(f"<main><h1>Bank shares fall</h1>{caption}{STORY}</main>", lang=lang)
    assert result.published_at is None and "text_date_only" in result.flags
    credit = caption.replace("FILE PHOTO:", "Photo:").replace("Archivbild vom", "Foto:").replace(
        "Photo d'archive", "Photo").replace("Foto de archivo", "Foto")
    assert day(dates(f"<main><h1>Bank shares fall</h1>{credit}{STORY}</main>", lang=lang)) == "2019-01-16"


@pytest.mark.parametrize(("header", "lang"), [
    ('<figure><img src="/a.jpg"></figure><figcaption><small>31.01.2022 Liga</small><h1>{h}</h1></figcaption>', "de"),
    ('<div class="hero-caption"><span>January 31, 2022</span><h2>{h}</h2></div>', "en"),
])
def test_a_caption_holding_the_headline_is_the_story_header(header: str, lang: str) -> None:
    """Templates lay the story's kicker, date and headline over its lead photo in a box named "caption": with a
    heading inside, it is the story's header, and its date the story's, not a photo's like the credit above it."""
    photo = '<figure><img src="/b.jpg"><figcaption>Photo: J. Roe, 20.01.2022</figcaption></figure>'
    result = dates(photo + header.format(h="Coach signs a new contract") + STORY, lang=lang,
                   title="Coach signs a new contract - Example League")
    assert day(result) == "2022-01-31"


@pytest.mark.parametrize(("href", "shown", "lang", "expected"), [
    ("/stories/2020/aug", "Aug 26, 2020", "en", "2020-08-26"),
    ("/archiv/2020/august/", "26. August 2020", "de", "2020-08-26"),
    ("/2020/08/", "26/08/2020", "fr", "2020-08-26"),
    ("/noticias/2020/agosto", "26 de agosto de 2020", "es", "2020-08-26"),
    ("/stories/other-story-about-the-council", "Aug 26, 2020", "en", None),  # another page's date
    ("/sport/2020/olympics", "Aug 26, 2020", "en", None),  # a section or topic under a year: another page
    ("/wahlen/2020/landtag/", "26. August 2020", "de", None),
])
def test_a_byline_date_linking_to_its_months_archive_is_the_byline(href: str, shown: str, lang: str,
                                                                   expected: str | None) -> None:
    """Post-meta lines link their date to the archive of its day, month (by number or name) or year: the date is
    the page's own, not another page's (nor is a date linking to a section or topic filed under a year)."""
    byline = f'<p>By <a href="/author/jane-roe">Jane Roe</a> | <a class="grey" href="{href}">{shown}</a></p>'
    result = dates(f"<div><h1>Bank shares fall</h1>{byline}{STORY}</div>", lang=lang,
                   url="https://news.example.com/stories/544335905-bank-shares-fall")
    assert day(result) == expected


def test_a_related_item_linking_elsewhere_is_not_the_date() -> None:
    body = ('<article><h1>Bank shares fall</h1>' + STORY + '<ul><li><a href="/other-story">Markets slump '
            '<span>January 16, 2019</span></a></li></ul></article>')
    result = dates(body, url="https://news.example.com/bank-shares-fall")
    assert result.published_at is None and "text_date_only" in result.flags


def test_a_date_far_down_the_article_is_not_the_byline() -> None:
    body = "<article><h1>Bank shares fall</h1>" + STORY * 8 + "<p>March 2, 2020</p></article>"
    result = dates(body)
    assert result.published_at is None and "text_date_only" in result.flags


@pytest.mark.parametrize(("label", "lang"), [("Last updated:", "en"), ("Zuletzt geändert am", "de"),
                                             ("最終更新日：", "ja")])
def test_a_labelled_date_far_down_is_still_read(label: str, lang: str) -> None:
    body = "<article><h1>Download the beginners guide</h1>" + STORY * 8 + f"<p>{label} 2019-11-10 13:28</p></article>"
    assert day(dates(body, lang=lang)) == "2019-11-10"


def test_the_byline_line_near_the_headline_is_still_read() -> None:
    body = ("<div><h1>Handball: Bruderduell im Cup</h1><p>Handball Schweiz • 02.02.2022</p>" + STORY
            + "<p>Seit 4. August 2014 gilt für alle Mitglieder des Vereins die neue Satzung.</p></div>")
    assert day(dates(body, lang="de")) == "2022-02-02"


@pytest.mark.parametrize(("label", "updated", "published", "lang"), [
    ("Zuletzt geändert am:", "15.10.2021", "Erschienen am: 13.10.2021", "de"),
    ("Updated:", "October 15, 2021", "Published: October 13, 2021", "en"),
    ("Mis à jour le", "15 octobre 2021", "Publié le 13 octobre 2021", "fr"),
])
def test_an_updated_label_makes_a_byline_the_modification(label: str, updated: str, published: str,
                                                           lang: str) -> None:
    body = (f'<article><h1>Neue Präsidentin gewählt</h1><div class="meta"><h4>{label}</h4><ul>'
            f'<li class="timestamp-list__item">{updated}</li></ul></div><p>{published}</p>{STORY}</article>')
    result = dates(body, lang=lang)
    assert day(result) == "2021-10-13"
    assert result.modified_at is not None and result.modified_at.date().isoformat() == "2021-10-15"


@pytest.mark.parametrize(("own", "lang"), [("<time>June 21, 2017</time>", "en"), ("<time>21. Juni 2017</time>", "de"),
                                           ("<time class='x'>21/06/2017</time>", "fr")])
def test_a_time_element_without_datetime_is_a_byline(own: str, lang: str) -> None:
    body = (f"<h1>Find hidden cash</h1><div class='single-post-author'>Jane Roe {own}</div>{STORY}"
            "<div class='category-posts'><time class='posts-block-datetime'>August 1, 2022</time></div>")
    assert day(dates(body, lang=lang)) == "2017-06-21"


@pytest.mark.parametrize("header", ["articleHeader_date", "entry-header-date", "postHeader-top"])
def test_an_article_headers_date_box_is_not_a_site_header(header: str) -> None:
    body = (f'<div class="c-archiveMain"><h1>Firmware update</h1><div class="{header}"><p class="update">'
            f'<time datetime="2019-02-22T17:23:44+09:00" itemprop="datePublished">2019/02/22 17:23</time></p></div>'
            f'{STORY}</div><div class="c-sideRanking"><ul><li><a href="/x"><span class="c-sideRanking_date">'
            f'2022/08/09 20:46</span></a></li></ul></div>')
    assert day(dates(body, lang="ja")) == "2019-02-22"


@pytest.mark.parametrize(("label", "lang"), [("Erschienen am:", "de"), ("Published on", "en"), ("Publié le", "fr")])
def test_a_labelled_date_in_the_text_beats_metadata_without_a_time(label: str, lang: str) -> None:
    head = '<meta property="article:published_time" content="2021-10-15">'
    body = (f'<main><h1>Neue Präsidentin gewählt</h1><div class="box"><span class="sub">{label}</span>'
            f'<h2>13.10.2021</h2></div>{STORY}</main>')
    html = f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'
    result = find_dates(LexborHTMLParser(html), None, fetched_at=FETCHED)
    assert day(result) == "2021-10-13"


@pytest.mark.parametrize(("label", "lang"), [
    ("Erstellt am", "de"), ("Geschrieben von Anna am", "de"), ("Eingestellt am", "de"), ("Created:", "en"),
    ("Written by Jane Roe on", "en"), ("Submitted on", "en"), ("Mis en ligne le", "fr"), ("Créé le", "fr"),
    ("Creado el", "es"), ("Inserito il", "it"), ("Scritto da Anna il", "it"), ("Geschreven op", "nl"),
    ("Utworzono:", "pl"), ("Criado em", "pt"),
])
def test_a_cms_post_label_dates_the_post_like_published(label: str, lang: str) -> None:
    """Joomla's "Created", Drupal's "Submitted", a blog's "written on", in the languages of the month tables: the
    date after them is the post's, and beats structured data without a time like a "Published" label does."""
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-10-20"}</script>'
    body = (f"<main><h1>Council approves the school budget</h1><p>Kategorie: News</p>{STORY}"
            f"<p>{label} 14.10.2020</p></main>")
    html = f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'
    assert day(find_dates(LexborHTMLParser(html), None, fetched_at=FETCHED)) == "2020-10-14"


@pytest.mark.parametrize(("label", "lang"), [
    ("Letzte Aktualisierung:", "de"), ("Zuletzt bearbeitet:", "de"), ("Dernière mise à jour :", "fr"),
    ("Última actualización:", "es"), ("Ultimo aggiornamento:", "it"), ("Laatst gewijzigd:", "nl"),
    ("Ostatnia aktualizacja:", "pl"), ("Last update:", "en"), ("Modified:", "en"), ("Senast uppdaterad:", "sv"),
    ("آخر تحديث:", "ar"), ("بروزرسانی:", "fa"), ("עודכן:", "he"), ("Ενημερώθηκε:", "el"), ("अपडेटेड:", "hi"),
    ("Diperbarui:", "id"), ("Frissítve:", "hu"), ("Actualizat:", "ro"), ("Оновлено:", "uk"), ("Cập nhật:", "vi"),
])
@pytest.mark.parametrize("markup", ["<p>{label} 20.10.2020</p>", ("<div class='meta'><span>{label}</span> "
                                                                  "<span class='date'>20.10.2020</span></div>")])
def test_an_update_line_above_the_byline_is_the_modification(label: str, lang: str, markup: str) -> None:
    """However the update is named (the noun, "Letzte Aktualisierung:", or the participle), its date is the page's
    modification: the plain date of the byline below it is the publication."""
    body = (f"<main><h1>Council approves the school budget</h1>{markup.format(label=label)}"
            f"<p>Anna Schmidt, 14.10.2020</p>{STORY}</main>")
    assert day(dates(body, lang=lang)) == "2020-10-14"


# --- the text checks themselves -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("before", "label"), [
    ("Aktuelle Zeit:", "view"), ("It is currently", "view"), ("Édition du", "edition"), ("Ausgabe vom", "edition"),
    ("Veröffentlicht am", "published"), ("Published: 3 May | Updated:", "modified"), ("Posted on", "published"),
    ("by Jane Roe", None), ("Updated 10:00, published", "published"), ("Einsendeschluss:", "other"),
    ("Antworten: 6 Letzter Beitrag:", "other"), ("Replies: 12 Last post:", "other"), ("Dernier message :", "other"),
    ("Erstellt: Mittwoch,", "published"), ("Erstellt am 3. Mai, zuletzt aktualisiert am", "modified"),
    ("نشر في", "published"), ("تاریخ انتشار:", "published"), ("פורסם:", "published"), ("Δημοσιεύθηκε:", "published"),
    ("प्रकाशित:", "published"), ("Diterbitkan", "published"), ("Publikálva:", "published"), ("Publicat:", "published"),
    ("Опубліковано:", "published"), ("Ngày đăng:", "published"),
])
def test_labels(before: str, label: str | None) -> None:
    assert label_of(before) == label


@pytest.mark.parametrize(("text", "bar"), [
    ("Mittwoch, 26.02.2020", True), ("Friday, April 28, 2023", True), ("mercredi 26 février 2020", True),
    ("Mittwoch, 26.02.2020, 10:15 Uhr", False), ("Berlin, 26.02.2020", False), ("26.02.2020", False),
    ("Wednesday, April 26, 2023 by Jane Roe", False),
])
def test_weekday_bar_shape(text: str, bar: bool) -> None:
    found = find_text(text, None)
    assert found is not None and is_weekday_bar(found) is bar


def test_ranges_and_sentences() -> None:
    assert in_range(find_text("vom 3. bis 5. Mai 2021") or pytest.fail())
    assert not in_range(find_text("22/11/2020 - 04:30 - Fonte: Agência Brasil") or pytest.fail())
    assert in_sentence(find_text("Since August 4, 2014 every member of the club has paid the new fees.")
                       or pytest.fail())
    assert not in_sentence(find_text("Mattias Geniar, April 19, 2020") or pytest.fail())
    assert not in_sentence(find_text("on 1 June 2019 at 08:34 PM EDT.") or pytest.fail())


# --- teaser cards: lists of other stories, under any class name --------------------------------------------------

OWN_URL = "https://news.example.com/politics/council-budget"
CARDS = [
    # a whole card wrapped in a link (the parser splits the link around the card's block content)
    ("ja", '<div class="list">' + "".join(
        f'<a href="/article/story-{i}/"><article class="item"><figure><img src="/i{i}.jpg"></figure>'
        f'<p class="item-title">別の記事 {i}</p><p class="item-meta"><span>2022.08.1{i}</span></p></article></a>'
        for i in range(3)) + "</div>"),
    # an <article> whose title links to another page (one card alone in its slide)
    ("de", ('<div class="slider"><div class="slide"><article class="default-teaser"><h2 class="title">'
            '<a href="/gesellschaft/corona-2357390">Corona und wir</a></h2><footer class="default-teaser__footer">'
            '<span class="default-teaser__date">26. Februar 2020</span></footer></article></div></div>')),
    # page-builder grids: each card alone in its grid cell, its title inside a link, the date in a meta list
    ("de", '<div class="ee-grid">' + "".join(
        f'<div class="ee-grid__item"><article class="ee-post"><a href="/politik/story-{i}/" class="ee-post__title">'
        f'<h2>Andere Meldung {i}</h2></a><ul class="ee-post__metas"><li class="ee-post__meta">JF — 1{i}. Oktober 2019'
        f'</li></ul></article></div>' for i in range(3)) + "</div>"),
    # <article> elements side by side, no link in a heading, dates in a class saying "date"
    ("en", '<section class="stream">' + "".join(
        f'<article class="card"><div class="card-date">January {i + 10}, 2022</div><p>Another story {i}</p>'
        f'</article>' for i in range(3)) + "</section>"),
]


@pytest.mark.parametrize(("lang", "cards"), CARDS)
def test_a_teaser_cards_date_is_not_the_pages(lang: str, cards: str) -> None:
    """Related, latest and "more" lists are built of cards: their dates are the other stories'. The page's own
    date, written as a plain dateline under the headline, is the one taken."""
    dateline = {"ja": "2020年3月3日", "de": "3. März 2020", "en": "March 3, 2020"}[lang]
    body = f"<main><h1>Council approves the school budget</h1><p>{dateline}</p>{STORY}</main>{cards}"
    result = dates(body, lang=lang, url=OWN_URL)
    assert day(result) == "2020-03-03"
    assert result.published_from == "text"


@pytest.mark.parametrize(("lang", "cards"), CARDS)
def test_a_page_dated_only_by_teaser_cards_has_no_date(lang: str, cards: str) -> None:
    result = dates(f"<main><h1>Council approves the school budget</h1>{STORY}</main>{cards}", lang=lang, url=OWN_URL)
    assert result.published_at is None


@pytest.mark.parametrize("own", [
    # the headline in a hero header above the article, whose first heading is a subheading
    ('<header class="hero"><h1>Council approves the school budget</h1></header><article><div class="post-date">'
     'March 3, 2020</div><p>Intro.</p><h2>What changes</h2>' + STORY + '<h3><a href="/other">Related</a></h3></article>'),
    # the headline in a hero above the article, whose first heading is an inline video teaser linking elsewhere
    ('<header class="hero"><h1>Council approves the school budget</h1></header><article class="article-body">'
     '<div class="inline-video"><h2><a href="/video/other-story-123">Watch: the vote</a></h2></div>'
     '<div class="article-body__date-source"><time>March 3, 2020, 3:36 PM</time></div>' + STORY * 8 + '</article>'),
    # a card of this very page in a slider, among cards of other stories: its date is the page's
    ('<main><h1>Council approves the school budget</h1>' + STORY + '</main><div class="slider">' + "".join(
        f'<div class="slide"><article class="teaser"><h2><a href="{href}">A story</a></h2><footer>'
        f'<span class="teaser-date">{when}</span></footer></article></div>'
        for href, when in (("/politics/council-budget", "March 3, 2020"), ("/politics/other", "March 9, 2020")))
     + '</div>'),
    # the byline inside the author's link
    ('<article><h1>Council approves the school budget</h1><p>By <a href="/author/jane-roe/">Jane Roe, '
     '<span class="date">March 3, 2020</span></a></p>' + STORY + '</article>'),
    # the byline line, whose classes also name the comment-count widget it holds
    ('<article><header><h1>Council approves the school budget</h1><div class="entry-meta nyo-social-comments">'
     'By Jane Roe • <span class="entry-date"><time>3/3/20 12:21pm</time></span> <a href="#comments">12</a></div>'
     '</header>' + STORY + '</article>'),

])
def test_the_pages_own_article_is_no_teaser(own: str) -> None:
    assert day(dates(own, url=OWN_URL)) == "2020-03-03"


# --- labels after the date, as CJK pages write them ---------------------------------------------------------------

@pytest.mark.parametrize(("published", "updated", "lang"), [
    ("2019年3月8日 公開", "2019年3月26日 更新", "ja"),
    ("2019.03.08 掲載", "2019.03.26 lastupdate", "ja"),
    ("2019-03-08 10:00 发布", "2019-03-26 12:11 更新", "zh"),
    ("2019-03-08 10:00 입력", "2019-03-26 12:11 수정", "ko"),
    ("March 8, 2019", "March 26, 2019 (updated)", "en"),
])
def test_a_label_after_the_date_says_what_it_is(published: str, updated: str, lang: str) -> None:
    for first, second in ((published, updated), (updated, published)):
        body = (f'<article><h1>Council approves the school budget</h1><p class="date">{first}</p>'
                f'<p class="date">{second}</p>{STORY}</article>')
        result = dates(body, lang=lang)
        assert day(result) == "2019-03-08", (first, second)
    assert result.modified_at is not None and result.modified_at.date().isoformat() == "2019-03-26"


@pytest.mark.parametrize(("text", "label"), [
    ("2019.03.26 更新", "modified"), ("2019年4月2日公開", "published"), ("2018-08-25 15:24 입력", "published"),
    ("March 3, 2020 | Updated March 5, 2020", None), ("March 3, 2020 Updated", "modified"),
    ("2019年3月15日 東京", None),
])
def test_labels_after(text: str, label: str | None) -> None:
    found = find_text(text)
    assert found is not None
    assert label_of("", found.text[found.end:]) == label


@pytest.mark.parametrize(("updated", "lang"), [
    ("最終更新日：2019年4月2日", "ja"), ("Aktualisiert am 2. April 2019", "de"), ("Last updated: April 2, 2019", "en"),
    ("2019/04/02 更新", "ja"),
])
def test_an_update_date_under_the_headline_beats_a_date_in_the_article_text(updated: str, lang: str) -> None:
    """The only date of the byline zone, labelled as an update, dates the page better than a date in the article's
    text (a list of sources, a document's own date)."""
    item = {"ja": "2019年3月15日", "de": "15. März 2019", "en": "March 15, 2019"}[lang]
    body = (f"<div id='main'><h1>Warnung vor Betrug zum Feiertag</h1><p>{updated}</p>{STORY}"
            f"<ul><li>{item}<br><a href='https://other.example.org/note.html'>Note</a></li></ul></div>")
    assert day(dates(body, lang=lang)) == "2019-04-02"


@pytest.mark.parametrize(("dateline", "lang"), [
    ("기사입력 :[ 2018-08-25 15:24 ]", "ko"), ("Veröffentlicht am 25.08.2018, 15:24 Uhr", "de"),
    ("Posted 25 August 2018 15:24", "en"),
])
def test_a_box_named_like_chrome_around_the_article_still_holds_its_date(dateline: str, lang: str) -> None:
    """Old layouts leave a "recent news" or sidebar box open around the article (or nest the article in it): the
    box that holds the headline is the article's, whatever its class says. A logo in an ``<h1>`` comes first."""
    title = "Council approves the school budget"
    teasers = "".join(f"<li><a href='/news/{i}'>Other story {i}</a></li>" for i in range(3))
    body = (f"<div id='top'><h1><a href='/'>Daily Example</a></h1></div><div class='recentNews'><ul>{teasers}</ul>"
            f"<div class='newsContent'><dl class='newsTitle'><dt>{title}</dt></dl>{dateline}"
            f"<div class='newsArticle'>{STORY}</div></div></div>")
    result = dates(body, lang=lang, title=f"{title} - Daily Example")
    assert day(result) == "2018-08-25"
    no_title = body.replace(f"<dt>{title}</dt>", "<dt>Other things</dt>")
    assert dates(no_title, lang=lang, title=f"{title} - Daily Example").published_at is None  # chrome, then


@pytest.mark.parametrize(("column", "dateline", "lang"), [
    ("sidebar-1", "Thứ năm, 2/11/2023, 19:20 (GMT+7)", "vi"),
    ("sidebar-left main", "Donnerstag, 2.11.2023, 19:20 Uhr", "de"),
    ("related-wrap", "Thursday, November 2, 2023, 7:20 pm", "en"),
])
def test_the_column_holding_the_headline_is_the_article_whatever_its_class(column: str, dateline: str,
                                                                         lang: str) -> None:
    """Themes name their main column "sidebar-1" or wrap the story in a box named like a related list: the element
    holding the ``<h1>`` that shows the page's title is the article's. A logo's ``<h1>`` (the site's name, a
    shorter part of the title) does not make its header an article."""
    title = "Minister promises higher tax allowances"
    body = (f"<header class='site-header'><h1>Daily Example</h1><span class='date'>Friday, 3.11.2023</span></header>"
            f"<section class='page-detail'><div class='{column}'><div class='header-content'><span class='date'>"
            f"{dateline}</span></div><h1 class='title-detail'>{title}</h1>{STORY}</div></section>")
    result = dates(body, lang=lang, title=f"{title} - Daily Example")
    assert day(result) == "2023-11-02"
    assert result.published_from == "byline"
    other = body.replace(f"<h1 class='title-detail'>{title}</h1>", "<h2>Other stories</h2>")
    assert dates(other, lang=lang, title=f"{title} - Daily Example").published_at is None  # chrome without it


@pytest.mark.parametrize(("caption", "lang"), [
    (('<figure><img src="/a.jpg"><figcaption><span class="text-time-black">The sun rises over an oil field '
      'March 24, 2014 near Lost Hills, California.</span></figcaption></figure>'), "en"),
    (('<div class="wp-caption"><img src="/a.jpg"><p class="wp-caption-text date-note">Archivbild vom 24.03.2014</p>'
      '</div>'), "de"),
    (('<div class="photo"><img src="/a.jpg"><span class="image-credit meta">Photo: J. Roe, 24/03/2014</span>'
      '</div>'), "fr"),
])
def test_a_caption_is_no_byline_whatever_its_class(caption: str, lang: str) -> None:
    """Utility classes ("text-time-black", "meta") put captions among the byline candidates: a photo's date is
    not the article's, and the byline under it is read."""
    byline = '<div class="byline">By Jane Roe <time datetime="2023-11-02T19:53:52Z">November 2, 2023</time></div>'
    result = dates(f"<article><h1>We need geoengineering</h1>{caption}{byline}{STORY}</article>", lang=lang)
    assert day(result) == "2023-11-02"


def test_an_accreditation_box_is_no_caption() -> None:
    """The magazine's issue date is printed above the byline; the byline, in a box whose class says "accreditation"
    (which holds "credit"), dates the article."""
    body = ('<article><header><div class="rubric-date">December 5, 2016 Issue</div><h1>Lessons from my mother</h1>'
            '<div class="ContentHeaderAccreditation"><div class="ContentHeaderByline">By James Wood'
            '<time>November 27, 2016</time></div></div></header>' + STORY + '</article>')
    assert day(dates(body, url="https://news.example.com/magazine/lessons")) == "2016-11-27"


@pytest.mark.parametrize("title", [
    "Students punished for bad grades – until now | Civil Liberties Union",  # a subtitle, then the site
    "Civil Liberties Union | Students punished for bad grades – until now",  # the site first
])
def test_the_headline_is_found_by_the_title_without_the_sites_name(title: str) -> None:
    body = ("<div class='column related-pane'><h1>Students punished for bad grades – until now</h1>"
            "<div class='article-date'>July 25, 2019 | 11:15 PM</div>" + STORY + "</div>")
    assert day(dates(body, title=title)) == "2019-07-25"


@pytest.mark.parametrize(("container", "lang"), [
    ('<div class="elementor post status-publish">', "de"), ('<div id="publish-area" class="single">', "en"),
])
def test_a_whole_posts_box_is_not_dated_by_a_comments_time(container: str, lang: str) -> None:
    """A container whose class or id says "publish" holds the whole post: the first ``<time>`` in it is a comment's
    when the post itself prints none."""
    body = (f'{container}<h1>Council approves the school budget</h1>{STORY}<ol class="comment-list"><li class="comment">'
            '<div class="comment-metadata"><time datetime="2020-03-09T14:37:24+01:00">9. März 2020</time></div>'
            '<p>Danke!</p></li></ol></div>')
    result = dates(body, lang=lang, url=OWN_URL)
    assert result.published_at is None
    assert "only_comment_date" in result.flags


@pytest.mark.parametrize(("href", "taken"), [
    ("/wtf-whats-the-future-e52ab9515573?source=post_page", True),  # the permalink under another prefix
    ("https://medium.com/@tim/wtf-whats-the-future-e52ab9515573", True),
    ("/@timoreilly/wtf-whats-the-future-e52ab9515573/amp", True),  # its AMP copy
    ("/another-story-about-the-future-77aa9b", False),
    ("/index.html", False),
])
def test_a_date_linking_to_the_pages_own_permalink_is_its_byline(href: str, taken: bool) -> None:
    body = (f'<div><a href="{href}">Oct 19, 2016</a> · 10 min read</div>'
            f'<h1>WTF? What is the future?</h1>{STORY}')
    result = dates(body, url="https://medium.com/@timoreilly/wtf-whats-the-future-e52ab9515573")
    assert (day(result) == "2016-10-19") is taken


@pytest.mark.parametrize(("listing", "lang"), [
    (('<div class="threadinfo"><a href="/t/123">Update 3.4 released</a><span class="date">Antworten: 6 Letzter '
      'Beitrag: 18.10.2010, 23:08</span></div>'), "de"),
    (('<dl class="row-item"><dt><a href="/viewtopic.php?t=9">Patch notes</a></dt><dd class="lastpost">Last post '
      '<span class="date">Mon Oct 18, 2010 11:08 pm</span></dd></dl>'), "en"),
])
def test_a_forum_threads_last_post_is_not_the_pages_date(listing: str, lang: str) -> None:
    """Forum pages list other threads with the time of their latest reply: never the page's date."""
    result = dates(f"<main><h1>Microsoft starts the update</h1>{STORY}</main><aside>{listing}</aside>", lang=lang)
    assert result.published_at is None


@pytest.mark.parametrize("headline", [
    "<h2 class='post-title'>{}</h2>", "<div class='entry-headline'>{}</div>", "<h3>{}</h3>",
])
def test_a_headline_that_is_no_h1_anchors_the_byline(headline: str) -> None:
    """Older themes print the story's title in an ``<h2>`` or a box whose class says "title": the dated element
    right under it is the byline, not the last dated element of the page (another story's, a footer's)."""
    title = "Council approves the school budget"
    body = (f"<div class='content'>{headline.format(title)}<div class='meta'><span class='date'>3. März 2020</span>"
            f"</div>{STORY}</div><div class='box'><div class='item'><a href='/other'>Another story</a>"
            f"<span class='date'>9. März 2020</span></div></div>")
    assert day(dates(body, lang="de", title=f"{title} | Stadtblog")) == "2020-03-03"


def test_without_any_headline_the_first_dated_element_is_read() -> None:
    body = ("<div class='post'><span class='date'>3 March 2020</span>" + STORY + "</div><div class='box'>"
            + "".join(f"<p><a href='/s{i}'>Story {i}</a> <span class='date'>{9 + i} March 2020</span></p>"
                      for i in range(3)) + "</div>")
    assert day(dates(body, title="Untitled")) == "2020-03-03"


def test_a_sticky_bar_repeating_the_title_is_not_the_headline() -> None:
    """A fixed bar at the top repeats the story's title in a "title" box; the headline ("headline" class) sits in
    the article's masthead, with the byline under it."""
    title = "College football player arrested on murder charge"
    body = (f"<div id='fixed-article-header'><div class='title'>{title}</div><div class='share'>Share this</div></div>"
            f"<article><div class='asset-masthead'><header><div class='headline'>{title}</div><div class='meta'>"
            f"<time datetime='2020-09-30T02:00:07-07:00'>Sep 30, 2020</time></div></header></div>{STORY}</article>")
    assert day(dates(body, title=f"{title} | National News | example.com")) == "2020-09-30"


# --- a forum thread's "Start date", a wire's credit line, the post's author-and-date box in a "sidebar" --------

XENFORO_HEADER = ('<div class="p-body-header"><div class="p-title"><h1 class="p-title-value">{title}</h1></div>'
                  '<div class="p-description"><ul class="listInline"><li><span class="u-srOnly">{starter}</span> '
                  '<a href="/members/jdoe.1/" class="username">jdoe</a></li><li><span class="u-srOnly">{start}</span> '
                  '<a href="/threads/x.1/" class="u-concealed"><time class="u-dt" datetime="2020-04-15T10:22:33+0200">'
                  'Apr 15, 2020</time></a></li></ul></div></div>')


def _forum_post(user: str, when: str) -> str:
    return (f'<article class="message"><div class="message-user"><a href="/members/{user}.2/">{user}</a></div>'
            f'<header class="message-attribution"><a href="/threads/x.1/post-{user}"><time class="u-dt" '
            f'datetime="{when}">{when[:10]}</time></a></header><div class="bbWrapper">{STORY}</div></article>')


@pytest.mark.parametrize(("starter", "start", "lang"), [("Thread starter", "Start date", "en"),
                                                        ("Ersteller", "Erstellt am", "de"),
                                                        ("Auteur de la discussion", "Date de début", "fr")])
def test_a_forum_threads_start_date_is_its_publication(starter: str, start: str, lang: str) -> None:
    """Forum software heads a thread with its starter and "Start date" (no colon): when it was posted, not an
    event's start; the replies below are later."""
    body = (XENFORO_HEADER.format(title="Router keeps restarting", starter=starter, start=start)
            + _forum_post("jdoe", "2020-04-15T10:22:33+0200") + _forum_post("anna", "2020-04-17T08:00:00+0200"))
    assert day(dates(body, lang=lang, title="Router keeps restarting | Forum")) == "2020-04-15"


@pytest.mark.parametrize(("label", "lang"), [("Start date:", "en"), ("End date:", "en"), ("Event start", "en")])
def test_an_events_start_written_as_a_field_is_not_the_publication(label: str, lang: str) -> None:
    body = f"<div><h1>Summer course in Lisbon</h1><p>{label} 5 October 2022</p>{STORY}</div>"
    result = dates(body, lang=lang)
    assert result.published_at is None and "text_date_only" in result.flags


@pytest.mark.parametrize(("headline", "byline", "lang"), [
    ("Biggest drop since 2008", "<p>October 5, 2022</p>", "en"),
    ("Was seit dem Sommer geschah", "<p class='meta'>Online seit 5. Oktober 2022</p>", "de"),
    ("Know when to fold", "<p>By Jane Roe | October 5, 2022</p>", "en"),
])
def test_since_or_when_in_the_headline_leaves_the_byline_date(headline: str, byline: str, lang: str) -> None:
    """Only a label right before the date says what it is: the headline's words above a byline do not."""
    assert day(dates(f"<article><h1>{headline}</h1>{byline}{STORY}</article>", lang=lang)) == "2022-10-05"


@pytest.mark.parametrize(("trailer", "expected"), [
    ("<p>© dpa-AFX | 15.04.2020, 10:22</p>", "2020-04-15"),
    ('<div class="source">dpa-AFX | 15.04.2020 10:22 Uhr</div>', "2020-04-15"),
    ("<p>(Reuters) 15 April 2020 10:22</p>", "2020-04-15"),
    ("<p>Quelle: dpa-AFX, 15.04.2020</p>", "2020-04-15"),
    ("<p>15.04.2020 | 10:22 | AFP</p>", "2020-04-15"),
    ("<p>Die Aktionäre von dpa-AFX trafen sich am 15.04.2020 in Frankfurt zur Versammlung.</p>", None),
    # beside the photo's credit
    ("<p>© dpa-AFX | Abb.: Fraport | 15.04.2020 08:03</p>", "2020-04-15"),
    ('<div class="credits">Quelle: Reuters · Foto: J. Roe · 15.04.2020</div>', "2020-04-15"),
    ("<p>(AFP) | Photo: Jane Roe | April 15, 2020</p>", "2020-04-15"),
    ("<p>Politik | Berlin | 15.04.2020</p>", None),  # no agency named: a section line, far down
])
def test_a_wires_credit_line_far_down_dates_its_story(trailer: str, expected: str | None) -> None:
    """Agency stories close with the wire's credit and the time it moved: the story's own date, below the text."""
    body = f"<article><h1>Bank shares fall</h1>{STORY * 8}{trailer}</article>"
    assert day(dates(body, lang="de")) == expected


RELATED_ASIDE = ('<aside class="sidebar"><h3>Related</h3><ul>' + "".join(
    f'<li><a href="/news/other-{i}">Another story number {i} from the city</a> <span>0{i}.03.2019</span></li>'
    for i in range(1, 4)) + "</ul></aside>")


@pytest.mark.parametrize(("box", "place", "expected"), [
    (('<aside class="sidebar"><div class="author">Jane Doe</div><time datetime="2020-04-15T10:22:00+02:00">'
     "15 April 2020</time></aside>"), "before", "2020-04-15"),
    (('<aside class="sidebar"><div class="author">Jane Doe</div><time datetime="2020-04-15T10:22:00+02:00">'
     "15 April 2020</time></aside>"), "after", "2020-04-15"),
    ('<aside class="sidebar"><span>Von Anna Schmidt</span> <span>15.04.2020</span></aside>', "before", "2020-04-15"),
    (('<div class="sidebar-box"><a rel="author" href="/autor/ana">Ana Ruiz</a> <time datetime="2020-04-15">'
     "15/04/2020</time></div>"), "before", "2020-04-15"),
])
def test_the_posts_author_and_date_box_in_a_sidebar_dates_it(box: str, place: str, expected: str) -> None:
    """Themes print the post's author and date in an ``<aside class="sidebar">`` beside the text; a site's sidebar
    of teasers (many links, no author) stays chrome."""
    text = f'<div class="text">{STORY * 5}</div>'
    article = f"<h1>Council expands bike lanes</h1>{box}{text}" if place == "before" else \
        f"<h1>Council expands bike lanes</h1>{text}{box}"
    body = f"<main><article>{article}</article>{RELATED_ASIDE}</main>"
    assert day(dates(body, url="https://city.example.com/news/council-bike-lanes")) == expected


# The by-words are the byline model's (scrapers/bywords.py): a line opening with one of any language and a name says
# the box names the post's author; a widget's "Text size" does not.
@pytest.mark.parametrize(("line", "lang"), [
    ("Written by Jane Doe", "en"), ("Autor: Anna Schmidt", "de"), ("Texte : Marie Dupont", "fr"),
    ("Kirjoittanut Matti Virtanen", "fi"), ("بقلم أحمد علي", "ar"), ("Por Ana Ruiz", "es"), ("記者 王小明", "zh"),
    ("Von Anna Schmidt", "de"),
])
def test_a_sidebar_box_with_a_by_line_of_any_language_is_the_posts_author_and_date_box(line: str, lang: str) -> None:
    box = f'<aside class="sidebar"><span>{line}</span> <span>15.04.2020</span></aside>'
    body = (f'<main><article><h1>Council expands bike lanes</h1>{box}<div class="text">{STORY * 5}</div></article>'
            f"{RELATED_ASIDE}</main>")
    assert day(dates(body, lang=lang, url="https://city.example.com/news/council-bike-lanes")) == "2020-04-15"


@pytest.mark.parametrize("line", ["Text size", "By", "— 3 comments", "by the way, see also"])
def test_a_sidebar_box_without_a_name_after_a_by_word_stays_chrome(line: str) -> None:
    box = f'<aside class="sidebar"><span>{line}</span> <span>15.04.2020</span></aside>'
    body = (f'<main><article><h1>Council expands bike lanes</h1>{box}<div class="text">{STORY * 5}</div></article>'
            f"{RELATED_ASIDE}</main>")
    assert day(dates(body, url="https://city.example.com/news/council-bike-lanes")) is None


@pytest.mark.parametrize(("text", "opens"), [
    ("By LISA MASCARO", True), ("Ein Kommentar von Jochen Bittner", True), ("Par Sébastien Farcis", True),
    ("   ", False), ("", False), ("Byron Smith", False), ("- Jane Doe", False), ("Opinion: the case for", False),
])
def test_opens_with_by(text: str, opens: bool) -> None:
    assert opens_with_by(text) is opens


def test_a_sidebar_of_teasers_does_not_date_the_page() -> None:
    body = f"<main><article><h1>Council expands bike lanes</h1>{STORY * 5}</article>{RELATED_ASIDE}</main>"
    assert day(dates(body, url="https://city.example.com/news/council-bike-lanes")) is None


@pytest.mark.parametrize("inside", ["<!-- sidebar box -->", "<!--[if IE]><p>old browser</p><![endif]-->"])
def test_a_comment_node_inside_a_sidebar_box_is_read_past(inside: str) -> None:
    """An HTML comment in a box named "sidebar" (themes leave them everywhere) is no element to read a class from."""
    box = f'<aside class="sidebar">{inside}<span>Von Anna Schmidt</span> <span>15.04.2020</span></aside>'
    body = f'<main><article><h1>Council expands bike lanes</h1>{box}<div class="text">{STORY * 5}</div></article></main>'
    assert day(dates(body, url="https://city.example.com/news/council-bike-lanes")) == "2020-04-15"


# --- a story that opens with its dateline ------------------------------------------------------------------------

@pytest.mark.parametrize(("paragraph", "lang", "expected"), [
    (("Feb. 23, 2015 -- Life-threatening peanut allergies have been on the rise in the past decade, with little hope "
      "for a cure, researchers said on Monday."), "en", "2015-02-23"),
    (("WASHINGTON, March 3, 2020 — The Senate voted on Tuesday to approve the new budget after a long debate over "
      "the spending plans of the next year."), "en", "2020-03-03"),
    (("BERLIN (dpa) - 3. März 2020 - Die Regierung hat am Dienstag den neuen Haushalt für das kommende Jahr nach "
      "langer Debatte beschlossen."), "de", "2020-03-03"),
    (("PARIS, 3 mars 2020 – Le gouvernement a adopté mardi le nouveau budget pour l'année prochaine après un long "
      "débat au Parlement."), "fr", "2020-03-03"),
])
@pytest.mark.parametrize("shape", ["plain", "headed"])
def test_a_story_opening_with_its_dateline_is_dated_by_it(paragraph: str, lang: str, expected: str,
                                                           shape: str) -> None:
    """A dateline opening the first paragraph, however long the text after its dash, is the story's date: not a date
    inside a sentence. With or without a headline the page's scan finds it."""
    head = "<h1>Council approves the school budget plan</h1>" if shape == "headed" else "<h3></h3>"
    assert day(dates(f"<div class='story'>{head}<p>{paragraph}</p>{STORY}</div>", lang=lang)) == expected


@pytest.mark.parametrize("sentence", [
    "On August 4, 2014 — a Monday — every member of the club paid the new fees to the treasurer of the club.",
    "The club said on August 4, 2014 - after a long debate - that every member has paid the new fees.",
])
def test_a_dash_inside_a_sentence_makes_no_dateline(sentence: str) -> None:
    result = dates(f"<main><h1>Council approves the school budget plan</h1><p>{sentence}</p>{STORY}</main>")
    assert result.published_at is None and "text_date_only" in result.flags


# --- a date beside a link to another item: a list of other stories under any class --------------------------------

OTHER_ITEMS = [
    # a "recent posts" list: the title's link, then the date in its own element
    ('<div class="col">' + "".join(f'<div><a href="/webcast/{i}">How to keep mobile threats at bay {i}</a></div>'
                                   f'<span class="small">Jun 0{i}, 2016</span><br>' for i in range(1, 3)) + "</div>"),
    ('<div class="box">' + "".join(f'<p><span><a href="/news/other-{i}">Another story from the city council {i}</a>'
                                   f'</span><br><span>0{i}.06.2016</span></p>' for i in range(1, 3)) + "</div>"),
    # the date first, then the title
    ('<ul class="list">' + "".join(f'<li><span>{i} juin 2016</span> · <a href="/autre-{i}">Un autre article du '
                                   f'conseil municipal</a></li>' for i in range(1, 3)) + "</ul>"),
    # the date wrapped in its own box beside the title, in a box whose class happens to say "caption"
    ('<div class="rel-box">' + "".join(f'<div class="rel-item"><div class="rel-caption"><a class="rel-title" '
                                       f'href="/vijesti/58692{i}/drugi-clanak">Još dvoje preminulo od posljedica '
                                       f'korone {i}</a><div class="item-date"><span>0{i}.08.2020 u 10:52</span></div>'
                                       f'</div></div>' for i in range(1, 3)) + "</div>"),
]


@pytest.mark.parametrize("items", OTHER_ITEMS)
def test_a_date_beside_another_items_title_link_is_not_the_pages(items: str) -> None:
    """Above the headline the scan takes the nearest date: a list item's (its title links elsewhere) is not it."""
    byline = '<div class="info"><span>5/24/2016</span></div>'
    body = f"<div class='side'>{byline}{items}</div><main><h1>Council approves the school budget plan</h1>{STORY}</main>"
    assert day(dates(body, url="https://city.example.com/news/council-budget")) == "2016-05-24"


@pytest.mark.parametrize("link", [
    '<a href="/author/jane-roe">Jane Roe and John Doe of the City Desk</a>',
    '<a rel="author" href="/jane">Jane Roe, senior city council reporter</a>',
    '<a href="/news/council-budget">Council approves the school budget plan</a>',
    '<a href="/politics">Politics</a>',
])
def test_a_date_beside_an_author_a_section_or_the_page_itself_is_still_its_byline(link: str) -> None:
    body = (f"<main><h1>Council approves the school budget plan</h1><div>{link} <span>24.05.2016</span></div>"
            f"{STORY}</main>")
    assert day(dates(body, lang="de", url="https://city.example.com/news/council-budget")) == "2016-05-24"


# --- a date standing as one part of the page's title ---------------------------------------------------------------

@pytest.mark.parametrize(("title", "lang", "expected"), [
    ("Una solución para la cuestión mapuche - 07.12.2017 - LA NACION", "es", "2017-12-07"),
    ("The birth lottery and economic mobility - Feb. 1, 2016", "en", "2016-02-01"),
    ("Tite diz que errou ao levar a taça - 21/12/2018 - Esporte - Folha", "pt", "2018-12-21"),
    ("Stadtrat beschließt den Haushalt | 3. März 2020 | Kurier", "de", "2020-03-03"),
])
def test_a_date_standing_as_a_part_of_the_title_dates_a_page_without_a_byline(title: str, lang: str,
                                                                               expected: str) -> None:
    headline = title.split(" - ")[0].split(" | ")[0]
    body = f"<main><h1>{headline}</h1>{STORY}</main>"
    result = dates(body, lang=lang, title=title, url="https://news.example.com/politica/2089096-nota")
    assert day(result) == expected and result.published_from == "title"


@pytest.mark.parametrize("title", [
    "Wochenbericht 14. - 20. Januar 2022 - Lawinenwarndienst",  # one end of a range
    "Vote of 12 May 2019: the results in every district - City News",  # inside the headline's words
    "Council approves the school budget - 2019 - City News",  # a year is no day
])
def test_a_title_whose_date_is_no_part_of_its_own_dates_nothing(title: str) -> None:
    result = dates(f"<main><h1>Council approves the school budget</h1>{STORY}</main>", title=title)
    assert result.published_at is None


def test_the_byline_beats_a_date_in_the_title() -> None:
    body = ("<main><h1>Council approves the school budget</h1><p class='date'>March 4, 2020</p>" + STORY + "</main>")
    result = dates(body, title="Council approves the school budget - March 3, 2020 - City News")
    assert day(result) == "2020-03-04" and result.published_from == "byline"


@pytest.mark.parametrize("items", OTHER_ITEMS[-1:])
def test_a_related_items_date_after_the_article_dates_nothing(items: str) -> None:
    body = f"<main><h1>Council approves the school budget plan</h1>{STORY}{items}</main>"
    result = dates(body, url="https://city.example.com/news/council-budget")
    assert result.published_at is None and "text_date_only" in result.flags


@pytest.mark.parametrize("credit", ["Max Blumenthal<br>{link}<br>Thu, 14 May 2020 17:55 UTC",
                                    "<span>{link}</span> <span>14.05.2020</span>"])
def test_an_aggregators_headline_linking_to_the_source_leaves_the_byline_its_date(credit: str) -> None:
    """An aggregator's headline links to the story's source: the headline is no other item's title."""
    source = "https://source.example.org/2020/05/14/the-story/"
    headline = f'<h1><a href="{source}">New court files expose the security team of the casino</a></h1>'
    line = credit.format(link=f'<a href="{source}">The Source</a>')
    body = (f'<div class="article"><div class="head">{headline}<div class="info"><div class="l"></div>'
            f'<div class="m">{line}</div></div></div>{STORY}</div>')
    assert day(dates(body, lang="de", url="https://aggregator.example.net/article/434715-court-files")) == "2020-05-14"


# --- a site's logo in an <h1>, its "today" bar beside it, the headline further down --------------------------------

LOGO_HEAD = "<div id='kopf'><h1 class='site-title'><a href='/'>Stadtblog</a></h1>{bar}</div>"
LOGO_BARS = [
    ("de", "<div class='leiste'>Mittwoch, 14. Oktober 2020</div>"),
    ("fr", "<p class='sous-titre'>mercredi 14 octobre 2020</p>"),
    ("es", "<span>Miércoles, 14 de octubre de 2020</span>"),
    ("pl", "<p class='subtitle'>Środa, 14 października 2020</p>"),
]
LOGO_HEADLINES = [
    "<h2 class='entry-title'>{title}</h2>",
    "<h2><a href='https://city.example.com/news/council-budget'>{title}</a></h2>",
    "<div class='post-title'>{title}</div>",
    "<h1 class='title'>{title}</h1>",
]
LOGO_TITLE = "Council approves the school budget plan"


@pytest.mark.parametrize(("lang", "bar"), LOGO_BARS)
@pytest.mark.parametrize("headline", LOGO_HEADLINES)
def test_a_date_bar_beside_the_sites_logo_is_the_day_of_the_visit(lang: str, bar: str, headline: str) -> None:
    """A logo in an ``<h1>`` is not the headline: the weekday-and-date bar beside it, above the real headline (an
    ``<h2>``, a "post-title" box or a later ``<h1>``), is a "today" bar, however close to the headline it sits."""
    body = LOGO_HEAD.format(bar=bar) + f"<div class='post'>{headline.format(title=LOGO_TITLE)}{STORY}</div>"
    result = dates(body, lang=lang, title=f"{LOGO_TITLE} | Stadtblog", url="https://city.example.com/news/council-budget")
    assert result.published_at is None and "only_view_date" in result.flags


@pytest.mark.parametrize(("lang", "bar"), LOGO_BARS)
@pytest.mark.parametrize("headline", LOGO_HEADLINES)
@pytest.mark.parametrize("byline", ["<p class='meta'>3.3.2020</p>", "<p>Anna Nowak | 03.03.2020</p>"])
def test_the_byline_under_a_headline_below_the_logo_is_taken_not_the_bar(lang: str, bar: str, headline: str,
                                                                         byline: str) -> None:
    body = (LOGO_HEAD.format(bar=bar) + f"<div class='post'>{headline.format(title=LOGO_TITLE)}{byline}{STORY}"
            "</div>")
    result = dates(body, lang=lang, title=f"{LOGO_TITLE} | Stadtblog", url="https://city.example.com/news/council-budget")
    assert day(result) == "2020-03-03"


def test_a_date_above_a_title_that_is_no_h1_still_beats_teasers_below_the_article() -> None:
    """With a logo's ``<h1>`` on the page, the article's date right above its ``<h2>`` title stays its byline; the
    suggested stories after the text have theirs."""
    teasers = "".join(f"<li><div class='details'><a href='/blog/authors/jane/'>Jane Roe</a> <time class='date'>"
                      f"1{i} March 2016</time></div><h2><a href='/blog/other-{i}/'>Another post {i}</a></h2></li>"
                      for i in range(3))
    body = (f"<nav><h1 class='nav-item'><a href='/'>Acme</a></h1></nav><section class='article'>"
            f"<time class='article-date' datetime='2016-05-16T00:00:00+00:00'>16 May 2016</time>"
            f"<h2 class='article-title'>Scaling the queue to many messages</h2>{STORY * 3}</section><ul>{teasers}</ul>")
    result = dates(body, title="Scaling the queue to many messages", url="https://acme.example.com/blog/scaling/")
    assert day(result) == "2016-05-16"


@pytest.mark.parametrize(("paragraph", "raw"), [
    (("Feb. 23, 2015 -- Life-threatening peanut allergies have been on the rise in the past decade, with little hope "
      "for a cure, researchers said."), "Feb. 23, 2015"),
    ("Letzte Aktualisierung: 20.10.2020", "Letzte Aktualisierung: 20.10.2020"),
])
def test_a_written_dates_raw_string_is_the_date_not_the_paragraph(paragraph: str, raw: str) -> None:
    result = dates(f"<main><h1>Council approves the school budget plan</h1><p>{paragraph}</p>{STORY}</main>")
    assert result.published_from == "text" and result.published_raw == raw


# Arabic pages of the Levant and Iraq name months by their Syriac names, often beside the Egyptian ones.
@pytest.mark.parametrize(("text", "expected"), [
    ("الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00", "2013-08-28"),
    ("الخميس 2 نوفمبر/تشرين الثاني 2023 - 10:30", "2023-11-02"),
    ("2 تشرين الثاني/نوفمبر 2023", "2023-11-02"),
    ("15 أيار (مايو) 2022", "2022-05-15"),
    ("3 آذار 2020", "2020-03-03"),
    ("كانون الثاني/يناير 5، 2021", "2021-01-05"),
])
def test_levantine_month_names_alone_or_beside_the_egyptian_ones_are_read(text: str, expected: str) -> None:
    found = find_text(text, "ar")
    assert found is not None and found.stamp.value.date().isoformat() == expected
    header = f'<article><h1>عنوان المقال</h1><div class="date">{text}</div>{STORY}</article>'
    assert day(dates(header, lang="ar")) == expected


def test_two_different_month_words_around_a_slash_are_not_one_month() -> None:
    assert find_text("28 آب/سبتمبر 2013", "ar") is None  # not one month's two names: no date read from it


def test_a_short_numeric_date_after_many_double_month_names_is_found_where_it_stands() -> None:
    # Reading each month by one name shortens the text: the short date is looked for where it stands afterwards.
    text = "الأرشيف: " + " ".join(["آب/اغسطس", "نوفمبر/تشرين الثاني", "أيار (مايو)"] * 3) + " نشر 12/08/13"
    found = find_text(text, "ar")
    assert found is not None and found.stamp.value.date().isoformat() == "2013-08-12"
    assert found.text[found.start:found.end] == "12/08/13"


# Month names in scripts whose vowel signs are no letters to the regex engine, and the year-first order of Hungarian
# and Lithuanian.
@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("प्रकाशित: 3 नवंबर 2023", "hi", "2023-11-03"),
    ("३ नवंबर २०२३", "hi", "2023-11-03"),
    ("नवंबर 3, 2023 10:30 AM", "hi", "2023-11-03"),
    ("3 নভেম্বর 2023", "bn", "2023-11-03"),
    ("3 พฤศจิกายน 2023", "th", "2023-11-03"),
    ("2023. november 3. 10:30", "hu", "2023-11-03"),
    ("2023 m. lapkričio 3 d.", "lt", "2023-11-03"),
])
def test_month_names_of_indic_and_thai_scripts_and_year_first_dates_are_read(text: str, lang: str, expected: str) -> None:
    found = find_text(text, lang)
    assert found is not None and found.stamp.value.date().isoformat() == expected
    header = f'<article><h1>Headline of the story</h1><div class="date">{text}</div>{STORY}</article>'
    assert day(dates(header, lang=lang)) == expected


@pytest.mark.parametrize(("text", "lang"), [("2023-ban több mint 3 ember jött", "hu"), ("2023 metais daugiau nei 3", "lt"),
                                           ("2019 óta május 2020", "hu")])
def test_a_year_before_words_and_a_number_is_no_date(text: str, lang: str) -> None:
    assert find_text(text, lang) is None
