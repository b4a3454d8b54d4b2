"""What the words around a written date say about it: publication, update, "today", a range, a sentence.

A date on a page is only as good as what it dates. The same "14.10.2020" is the
publication day after "Veröffentlicht am", the day the page was *viewed* after
"Aktuelle Zeit:" (forum and CMS headers) or in a "Mittwoch, 14.10.2020" bar at the top
of the page, an event inside a sentence ("Seit 4. August 2014 gilt ..."), or one end of
a week ("28.09. - 01.10.2023"). These checks read only the text: where the date sits
in the page (header, article, link) is for :mod:`scrapers.dates.evidence` to judge.

The label words are taken from the ways news sites and forum/CMS software (phpBB,
vBulletin, MyBB, WordPress, TYPO3, print-edition e-paper bars) write them, in the
languages of the month tables; each pattern is shown by synthetic pages in
``tests/test_dates_text.py``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Literal

from scrapers.agencies import agencies
from scrapers.dates.parse import Found, _fold, weekday_names

Label = Literal["published", "modified", "view", "edition", "other"]

# "Published on" in the languages of the month tables, and the CJK "posted/registered" marks.
PUBLISHED = re.compile(
    r"published|posted on|publi[ée]|publicad[oa]|pubblicato|ver[öo]ffentlicht|publiziert|erschienen|erscheinungsdatum"
    r"|online seit|online since|gepubliceerd|geplaatst|opublikowano|publikov[áa]no|publicerad|publiceret|publisert|julkaistu|yay[\u0131i]nlan"
    r"|опубликовано|дата публикации|发布|發布|発行|掲載|입력|게시"
    # what CMSs print before a post's date (Joomla's "Created", Drupal's "Submitted", blogs' "written"), in the same
    # languages: the post's own date, the day it was put online
    r"|\bcreated|\bwritten|\bsubmitted|erstellt|geschrieben|verfasst|eingestellt|gepostet|cr[ée][ée]e? le|cr[ée]ation"
    r"|mis en ligne|creado|escrito|creato|scritto|inserito|aangemaakt|geschreven|utworzono|napisano|criado"
    # more of the world's news languages: Arabic, Persian, Hebrew, Greek, Hindi, Indonesian, Hungarian, Romanian,
    # Ukrainian, Bulgarian, Vietnamese, Thai
    r"|نشر في|تاريخ النشر|نُشر|تم النشر|تاریخ انتشار|منتشر شده|פורסם|δημοσιε[υύ]|δημοσίευση|प्रकाशित|diterbitkan"
    r"|dipublikasikan|publikálva|megjelent|publicat\b|опубліковано|публикувано|ngày đăng|đăng lúc|เผยแพร่",
)
# "Updated", "last modified": the date of an edit, not of the publication.
MODIFIED = re.compile(
    r"updated|last modified|last edited|aktualisiert|zuletzt ge[äa]ndert|ge[äa]ndert am|\bstand:|mis [àa] jour"
    r"|modifi[ée] le|actualizad[oa]|aggiornat[oa]|atualizad[oa]|bijgewerkt|zaktualizowano|обновлено|更新|수정"
    # the nouns ("Letzte Aktualisierung:", "Dernière mise à jour :", "Last update:") and other languages' words
    r"|last update|\bmodified|\brevised|aktualisierung|letzte [äa]nderung|zuletzt bearbeitet|bearbeitet am"
    r"|mise [àa] jour|actualizaci[óo]n|aggiornamento|gewijzigd|aktualizacja|atualiza[çc][ãa]o|uppdaterad"
    r"|p[äa]ivitetty|opdateret|oppdatert|aktualizov[áa]no|g[üu]ncellen"
    r"|تحديث|محدث|به‌روز|به روز|بروزرسانی|עודכן|עדכון|ενημερώθηκε|ενημέρωση|अपडेट|diperbarui|frissítve|actualizat"
    r"|оновлено|обновено|актуализ|aktualizované|cập nhật|อัปเดต|อัพเดท",
)
# The time of the visit, as forum and CMS headers and "today" widgets print it.
VIEW = re.compile(
    r"aktuelle zeit|current time|current date|it is currently|it is now|heute ist|today is|\btoday:|\bheute:"
    r"|last visit|letzter besuch|dernière visite|[úu]ltima visita"
    r"|nous sommes le|il est actuellement|date actuelle|heure actuelle|fecha actual|hora actual|hoy es"
    r"|data attuale|ora attuale|oggi [èe]|huidige tijd|het is nu|aktualny czas|aktualna data|dzi[śs] jest"
    r"|data atual|hora atual|hoje [ée]|текущее время|сегодня|当前时间|現在時刻|今日は|현재 시간|오늘은"
    r"|(?:\b(?:oggi|hoy|hoje|vandaag|dzisiaj|idag|i dag|heute)|aujourd'hui|днес|dnes)\s*[:：]|vandaag is|hoy,"
    # forum software's "It is currently" in more of its translations
    r"|het is momenteel|teraz jest|agora [ée]|pr[áa]v[ěe] je|aktu[áa]ln[íi] [čc]as|aktuell tid|nykyinen aika"
    r"|текущая дата|şu anki zaman|geçerli zaman",
)
# The date of the print edition or e-paper the site shows in its header: the edition of the day of the visit.
EDITION = re.compile(
    r"[ée]dition du|[ée]dition de ce|ausgabe vom|zeitung vom|edition of|today's (?:paper|edition)|e-?paper"
    r"|print edition|edizione del|edici[óo]n del|edi[çc][ãa]o de|wydanie z|editie van",
)


_LABEL_REACH = 50  # characters before a date where its label is: further back, words belong to something else

# A caption saying its photo comes from the archive (agencies' "FILE PHOTO", "Archivbild", "photo d'archive", ...) or
# only illustrates the story: the date it gives is the day that photo was taken, older than the story.
_FILE_PHOTO = re.compile(
    r"file (?:photo|picture|image)|archive (?:photo|picture|image)|archivbild|archivfoto|archivaufnahme|symbolbild"
    r"|photo d'archive|image d'archive|foto de archivo|imagen de archivo|foto d'archivio|immagine d'archivio"
    r"|foto de arquivo|imagem de arquivo|archieffoto|archiefbeeld|zdj[eę]cie archiwalne|архивное фото|資料写真|资料图",
    re.IGNORECASE,
)


def file_photo(caption: str) -> bool:
    """Whether a caption says its photo is an archive or stock one (its date is the photo's, not the story's)."""
    return bool(_FILE_PHOTO.search(caption))


# A date of something else than the page: an event, a deadline, a validity, a life, a founding, a forum's last post.
OTHER = re.compile(
    r"\bevent date|\btermin:|veranstaltungsdatum|\bdeadline|einsendeschluss|anmeldeschluss|bewerbungsschluss"
    r"|effective date|expir(?:es|y|ation)|valid (?:until|from|through)|g[üu]ltig (?:bis|ab)|date of birth|geburtsdatum"
    r"|\bborn\b|geboren|\bdied\b|gestorben|founded|gegr[üu]ndet|date de l'[ée]v[ée]nement"
    # an event's or a course's start written as a field ("Start date: 1 June"); a forum thread's "Start date"
    # (XenForo's header, no colon) is when the thread was posted
    r"|(?:start|end) date\s*[:：]|(?:event|course|project) (?:start|end)"
    r"|fecha del evento|data dell'evento|datum van het evenement"
    # right before the date (a headline saying "since" or "when" may stand before a byline): an event's field
    # ("When:", "Wann: Mi.", "Quand :") and a state's start ("Seit 4. August 2014 gilt ...", "member since"; "online
    # seit" is a publication label, in PUBLISHED)
    r"|\b(?:when|wann|quand|cu[áa]ndo|quando|wanneer|kiedy)\s*[:：]\s*(?:[^\W\d_]+\.?,?\s+)?$"
    r"|\b(?<!online )(?:since|seit|depuis|desde|sinds)\s+(?:dem\s+|le\s+|el\s+|the\s+)?$"
    # a forum thread's latest reply, in thread lists and post footers (phpBB, vBulletin, XenForo, MyBB)
    r"|last post|latest post|last reply|letzter beitrag|letzte antwort|dernier message|derni[èe]re r[ée]ponse"
    r"|[úu]ltimo mensaje|[úu]ltima respuesta|ultimo messaggio|laatste bericht|ostatni post",
)


# Labels written after the date, as Japanese, Chinese and Korean pages write them ("2019年4月2日 公開",
# "2019.03.26 更新", "2018-08-25 15:24 입력") and some themes in English ("March 3, 2020 (updated)"). Only a label
# that ends the text counts: "March 3, 2020 | Updated March 5, 2020" dates the publication first.
_PUBLISHED_AFTER = re.compile(r"[\s(\[（【|:：日일-]*(?:公開|公表|掲載|投稿|配信|発行|发布|發布|发表|發表|작성|입력|게시|등록)\D{0,12}$")
_MODIFIED_AFTER = re.compile(r"[\s(\[（【|:：日일-]*(?:updated|last ?update[ds]?|modified|更新|修正|수정|업데이트)\D{0,12}$")


def label_of(before: str, after: str = "") -> Label | None:
    """What the text just before a date (its own element's and the preceding one's) calls it, if anything,
    else what a label right after it (``after``, the rest of the date's own text) does.

    Only the last few words count. A "today" or edition label wins (the widget is never the
    article's date), then a label of something else (an event, a deadline, a validity, a birth);
    a publication label beats an update label ("Published 3 May, updated 4 May": the first date is
    the publication).
    """
    label = _label(before[-_LABEL_REACH:].lower())  # the patterns are lower-case: a case-sensitive search is faster
    return label_after(after) if label is None and after else label


def label_after(after: str) -> Label | None:
    """What a label right after a date (``after``, the rest of its text) calls it, if anything. A label ending
    in a colon ("3 May 2020 | Updated:") introduces the next date instead."""
    after = after[:_LABEL_REACH].lower()
    if after.rstrip().endswith((":", "：")):
        return None
    return "published" if _PUBLISHED_AFTER.match(after) else "modified" if _MODIFIED_AFTER.match(after) else None


@lru_cache(maxsize=4096)
def _label(before: str) -> Label | None:
    """:func:`label_of` of a lower-cased text. Remembered: a site writes the same few labels on every page,
    and each answer costs five searches of many alternatives."""
    if VIEW.search(before):
        return "view"
    if EDITION.search(before):
        return "edition"
    if OTHER.search(before):
        return "other"
    published, modified = PUBLISHED.search(before), MODIFIED.search(before)
    if published and (not modified or published.start() > modified.start()):
        return "published"
    return "modified" if modified else None


_WORD = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# The other end of a range, right before or after the date: "14. - 20. Januar", "28.09. - 01.10.2023",
# "31. Dezember 2021-06. Januar 2022", "3 to 5 May 2021", "vom 3. bis 5. Mai".
_RANGE_BEFORE = re.compile(r"(?:\d{1,2}\.?(?:\s*\d{1,2}\.)?|\d{4})\s*(?:[-–—]|bis|to|au|al|until|till|through)\s*$",
                           re.IGNORECASE)
_RANGE_AFTER = re.compile(r"^\s*(?:[-–—]|bis|to|au|al|until|till|through)\s*\d{1,2}(?:\.|\s+[^\W\d_]|/|$)",
                          re.IGNORECASE)
# Words a byline line holds besides the date: the sentence test does not count them as prose.
_BYLINE_WORDS = frozenset({"am", "um", "on", "at", "by", "de", "del", "le", "du", "la", "pm", "uhr", "von", "the", "of",
                           "à", "a", "às", "em", "el", "h", "posted", "published", "updated", "last", "edited", "den",
                           "der", "il", "et", "and", "und", "y", "e", "op", "om", "kl", "w", "o", "в", "г"})
_PROSE_WORDS = 6
_PROSE_CJK = 16


def rest_of(found: Found) -> str:
    """The text around the date (the date itself cut out)."""
    return f"{found.text[:found.start]} {found.text[found.end:]}"


def in_range(found: Found) -> bool:
    """Whether the date is one end of a range ("14. - 20. Januar 2022", "31. Dezember 2021-06. Januar 2022")."""
    return bool(_RANGE_BEFORE.search(found.text[:found.start]) or _RANGE_AFTER.search(found.text[found.end:]))


# A news dateline opening the story's first paragraph: the date, alone or after a place ("WASHINGTON,", "Berlin
# (dpa) -"), then a dash, then the story ("Feb. 23, 2015 -- Life-threatening allergies ...").
_DATELINE_HEAD = re.compile(r"^(?:[^\W\d_][^\d,;:.!?]{0,40}(?:\([^()]{1,30}\))?\s*[,–—-]\s*)?$")
_DATELINE_DASH = re.compile(r"^\s*(?:--?|–|—)\s+\S")


def opens_story(found: Found) -> bool:
    """Whether the date is the dateline that opens a story: nothing or a place (and an agency) before it, a dash
    and the text after it. However long the text after the dash, the date is not inside a sentence."""
    return bool(_DATELINE_DASH.match(found.text[found.end:]) and _DATELINE_HEAD.match(found.text[:found.start]))


def in_sentence(found: Found) -> bool:
    """Whether the date is written inside a sentence (an event, a caption) rather than standing as a dateline.

    A dateline holds the date and a few words (a name, a place, "Updated:"); a sentence holds more
    words than that around it, in Latin or Cyrillic script, or more than a short phrase of CJK. A
    story that opens with its dateline (:func:`opens_story`) holds the whole text after a dash.
    """
    if opens_story(found):
        return False
    rest = rest_of(found)
    words = [w for w in _WORD.findall(rest) if w.lower() not in _BYLINE_WORDS]
    return len(words) > _PROSE_WORDS or len(_CJK.findall(rest)) > _PROSE_CJK


# A wire's credit line closing an agency story with its dateline ("© dpa-AFX | 15.04.2020, 10:22", "(Reuters) 15 April
# 2020", "Quelle: dpa-AFX, 15.04.2020", "15.04.2020 | 10:22 | AFP"): the story's own date, however far down the page.
# Only the credit and the date stand there, so even a short code ("TT", "AA") is safe to read as an agency: the
# text before the date (or after it) is the credit's shape around one name, which must be an agency's.
_CREDIT = r"[\s|,:;/·•–—-]*"
_WIRE_BEFORE = re.compile(rf"^\W*(?:©|\(c\)|copyright|quelle:|source:|fuente:|источник:)?\s*\(?(?P<name>.+?)\)?{_CREDIT}$",
                          re.IGNORECASE)
_WIRE_AFTER = re.compile(rf"^{_CREDIT}(?:\d{{1,2}}[:.]\d{{2}}(?:\s*(?:uhr|h))?{_CREDIT})?\(?(?P<name>.+?)\)?\W*$",
                         re.IGNORECASE)


@cache
def _wire_names() -> frozenset[str]:
    """Every spelling of an agency (:mod:`scrapers.agencies`), case folded, its spaces single."""
    return frozenset(" ".join(spelling.casefold().split()) for spelling, _ in agencies().spellings())


def _names_wire(match: re.Match[str] | None) -> bool:
    return match is not None and " ".join(match.group("name").casefold().split()) in _wire_names()


# The parts of a credit line ("© dpa-AFX | Abb.: Fraport | 07.11.2023"): the wire's credit, the photo's, the date.
_CREDIT_PARTS = re.compile(r"\s+[|·•]\s+")
_CREDIT_WORDS = 4  # words of one part of a credit line, at most: a name, or "Foto: Jane Roe"


def wire_dateline(found: Found) -> bool:
    """Whether the date stands in a wire's credit line and nothing else (see ``_WIRE_BEFORE``), maybe beside other
    short credits (the photo's: "© dpa-AFX | Abb.: Fraport | 07.11.2023 08:03")."""
    before = found.text[:found.start]
    if _names_wire(_WIRE_BEFORE.match(before)) or _names_wire(_WIRE_AFTER.match(found.text[found.end:])):
        return True
    parts = _CREDIT_PARTS.split(before.strip())
    return len(parts) > 1 and all(len(part.split()) <= _CREDIT_WORDS for part in parts) and any(
        _names_wire(_WIRE_BEFORE.match(part)) for part in parts)


def is_weekday_bar(found: Found) -> bool:
    """Whether the text is a weekday and a date and nothing else ("Mittwoch, 26.02.2020", "Friday, April 28,
    2023"): the shape of the "today" bar at the top of a page. A byline names a time, an author or a label too."""
    if found.stamp.precision != "day":
        return False
    words = _WORD.findall(rest_of(found))
    names = weekday_names()
    return bool(words) and all(_fold(w) in names for w in words)
