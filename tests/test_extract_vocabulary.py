"""Captions, credits and furniture names: the small decisions the body extractor makes millions of times."""

from __future__ import annotations

import re
import string
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapers.extract.captions import _LINK_NOTICE, split_credit
from scrapers.extract.vocabulary import (
    _CASE_TRAPS,
    _NOTICE_CUES,
    _PROMO,
    CONSENT_CUES,
    F_CAPTION,
    F_CONTENT,
    F_FURNITURE,
    F_HIDDEN,
    F_NOT_ARTICLE,
    F_SIDE,
    MAX_PROMO_CHARS,
    PROMO_CUES,
    READER_CUES,
    element_flags,
    is_author_bio,
    is_boiler_line,
    is_consent_notice,
    is_promo,
    is_promo_line,
    is_reader_notice,
    is_site_notice,
    may_hold,
)
from scrapers.models import Caption

NEVER_ARTICLE = F_FURNITURE | F_NOT_ARTICLE


@pytest.mark.parametrize(("text", "caption"), [
    ("Leaders meet in Lima on November 15 [Leah Millis/Reuters]",
     Caption("Leaders meet in Lima on November 15", "Leah Millis/Reuters")),
    ("Roughly 13,000 US troops remain in Afghanistan [File: Reuters]",
     Caption("Roughly 13,000 US troops remain in Afghanistan", "Reuters")),
    ("Vicente Aguiar loads garage door trims (AP Photo/Alan Diaz, File)",
     Caption("Vicente Aguiar loads garage door trims", "AP Photo/Alan Diaz, File")),
    ("China has warned it will take control of Hong Kong (Image: GETTY )",
     Caption("China has warned it will take control of Hong Kong", "GETTY")),
    ("Pro-Kopf-Konsum von 11,1 Litern pro Jahr © APA/APA (dpa)/Jens Büttner",
     Caption("Pro-Kopf-Konsum von 11,1 Litern pro Jahr", "© APA/APA (dpa)/Jens Büttner")),
    ("[1/5] A journalist takes a selfie in Maras, Turkey. REUTERS/Issam Abdallah Purchase Licensing Rights",
     Caption("A journalist takes a selfie in Maras, Turkey.", "REUTERS/Issam Abdallah")),
    ("Natalie Naccache | Bloomberg | Getty Images", Caption("", "Natalie Naccache | Bloomberg | Getty Images")),
    ("Photo by Pedro Pardo / AFP", Caption("", "Pedro Pardo / AFP")),
    ("The minister (left) met her counterpart", Caption("The minister (left) met her counterpart", None)),
    ("Water and sources of energy are on Europa.", Caption("Water and sources of energy are on Europa.", None)),
    ("Photo - Jan Novak", Caption("", "Jan Novak")),
    ("Hafen von Rotterdam. Foto- dpa", Caption("Hafen von Rotterdam.", "dpa")),
    ("Hacking on Picture-in-Picture next semester", Caption("Hacking on Picture-in-Picture next semester", None)),
    ("Laut Bild-Zeitung trat der Minister zurück", Caption("Laut Bild-Zeitung trat der Minister zurück", None)),
    ("Photos by residents showed the flooding.", Caption("Photos by residents showed the flooding.", None)),
    ("The figures came from one source: the ministry itself.",
     Caption("The figures came from one source: the ministry itself.", None)),
    ("Hafen. Foto: picture alliance/dpa", Caption("Hafen.", "picture alliance/dpa")),
    ("Flood in Lagos. Photograph: Tolga Akmen/AFP via Getty Images",
     Caption("Flood in Lagos.", "Tolga Akmen/AFP via Getty Images")),
    ("Sanjeev Verma/Hindustan Times/Getty Images", Caption("", "Sanjeev Verma/Hindustan Times/Getty Images")),
    ("Jan Novak / AFP", Caption("", "Jan Novak / AFP")),
    ("Politics/Elections", Caption("Politics/Elections", None)),
    ("Reuters/Ipsos polling shows a lead", Caption("Reuters/Ipsos polling shows a lead", None)),
])
def test_caption_and_credit_are_split(text: str, caption: Caption) -> None:
    assert split_credit(text) == caption


@pytest.mark.parametrize(("classes", "ident", "flags"), [
    ("td-post-sharing-bottom", None, F_FURNITURE),
    ("relatedPosts", None, NEVER_ARTICLE),
    ("comment-respond", "respond", NEVER_ARTICLE),
    (None, "comment-4711", NEVER_ARTICLE),
    ("author-bio", None, NEVER_ARTICLE),
    ("widget-area", None, F_FURNITURE),  # furniture by name, but it may wrap the article: judged by its text
    ("sidebar", "secondary", F_FURNITURE | F_SIDE),  # the article only when nothing else is
    (None, "read-more-content", F_FURNITURE),
    ("commentary-body", None, 0),  # words, not substrings
    ("overflow-hidden", None, 0),  # a layout utility, unlike the token "hidden"
    ("hidden", None, NEVER_ARTICLE),
    ("yvp-settings-container", None, F_FURNITURE),  # a video player's menus
    ("jwplayer jw-reset", None, F_FURNITURE),
    ("evenrow player-2020-223", None, 0),  # a sports table's row of one player: data, not a media player
    ("content-with-sidebar-wrp", None, 0),  # a layout modifier
    ("post type-post category-advertising tag-social", None, F_CONTENT),  # taxonomy classes
    ("entry-content entry-content-read-more", None, F_CONTENT),
    ("wp-caption-text", None, F_CAPTION),
    ("rollover-block", None, F_HIDDEN),
])
def test_class_and_id_names(classes: str | None, ident: str | None, flags: int) -> None:
    assert element_flags(classes, ident) == flags


@pytest.mark.parametrize(("text", "promo"), [
    (("There's plenty more where that came from. Sign up for The Water Coolest today to get the free daily "
     "newsletter delivered to your inbox."), True),
    ("Like this story? Share it with a friend!", True),
    ("Follow him on Twitter @mikewall.", True),
    ("Updated at 1:23 p.m.", True),
    ("The council said it would register the new voters before the election in May.", False),
    ("Have a news tip? Email us at tips@example.com", True), ("Subscribe to email updates from the newsroom", True),
    # news that uses the words of a call to action
    ("If you have a tip, call Crime Stoppers at 555-0100.", False),
    ("Residents can register online to receive text updates about the evacuation.", False),
    ("Users who subscribe to the service get email alerts when prices fall.", False),
])
def test_promo_sentences(text: str, promo: bool) -> None:
    assert is_promo(text) is promo


@pytest.mark.parametrize(("text", "consent"), [
    (("Um Deine persönlichen Daten zu schützen, haben wir das automatische Laden der Inhalte von twitter.com "
      "blockiert. Wenn Dir Inhalte dieses Anbieters angezeigt werden sollen, stimme bitte den Bedingungen zu."), True),
    ("Ich bin einverstanden, dass mir externe Inhalte angezeigt werden.", True),
    ("Wir benötigen Ihre Zustimmung, um den von unserer Redaktion eingebundenen Inhalt von Drittanbietern zu laden.", True),
    ("To view this content, you need to accept cookies from YouTube.", True),
    ("We need your consent to load this video. Manage your preferences here.", True),
    ("You need to give your consent to display this content from Instagram.", True),
    ("Pour afficher ce contenu Twitter, vous devez accepter les cookies Réseaux Sociaux.", True),
    ("Para ver este contenido, acepta las cookies de terceros.", True),
    ("Per visualizzare questo contenuto è necessario accettare i cookie.", True),
    ("Aby wyświetlić tę treść, musisz wyrazić zgodę na pliki cookies.", True),
    # news in the words of a consent notice
    ("Parliament must give its consent before the treaty can take effect next year.", False),
    ("Der Bundesrat muss dem Gesetz noch zustimmen, bevor es in Kraft treten kann.", False),
    ("Le ministre a refusé d'accepter les conditions posées par les syndicats.", False),
    ("The court allowed reporters to view the evidence but not to accept copies of it.", False),
])
def test_consent_placeholders(text: str, consent: bool) -> None:
    assert is_consent_notice(text) is consent


@pytest.mark.parametrize(("text", "boiler"), [
    ("Advertisement", True), ("- ANZEIGE -", True), ("Share this article", True), ("Share on Facebook", True),
    ("12 comments", True), ("Lesen Sie auch", True), ("Mehr zum Thema:", True), ("関連記事", True),
    ("More Great WIRED Stories", True), ("jane@example.com", True), ("Reklama", True),
    ("Share prices fell", False), ("More than 100 people died", False), ("Comment is free", False),
    # a player's or a feed's "Loading…" label, and an embed's "External content" label
    ("正在加载...", True), ("読み込み中…", True), ("Wird geladen …", True), ("Cargando...", True), ("Загрузка...", True),
    ("Externer Inhalt", True), ("Contenu externe", True),
    ("Chargement des bateaux au port", False), ("Загрузка портов снизилась на треть", False),
])
def test_furniture_lines_in_any_language(text: str, boiler: bool) -> None:
    assert is_boiler_line(text) is boiler


@pytest.mark.parametrize(("text", "promo"), [
    ("Lesen Sie auch: Warum die Ampel über den Haushalt streitet", True),
    ("» Mehr zum Thema – Häfen im Wandel", True), ("READ MORE | Storm hits the coast", True),
    ("Lire aussi : Les ports en mutation", True), ("Baca juga: Harga beras naik", True),
    ("Czytaj też: Co strajk oznacza", True), ("Related: How the last strike ended", True),
    ("Related to this, the minister said the talks would resume.", False),
    ("Read more about the reform in the ministry's report.", False),
    ("Watch - the moment the ship docked", True), ("Baca juga - Harga beras naik", True),
    # a lead word joined to the next by a hyphen is a compound: prose
    ("Related-party transactions rose 12 percent last year.", False),
    ("Watch-makers in Geneva said exports fell again.", False),
    ("Zum Thema-Komplex äußerte sich der Minister nicht.", False),
    ("相关阅读：罢工对消费者意味着什么", True), ("関連記事｜港のストライキ", True),  # full-width separators
])
def test_inline_promo_lines(text: str, promo: bool) -> None:
    assert is_promo_line(text) is promo


@pytest.mark.parametrize(("text", "bio"), [
    ("Maria Lopez is a senior correspondent for Example News covering trade.", True),
    ("Anna Schmidt ist Wirtschaftskorrespondentin von Example News.", True),
    ("Claire Martin est journaliste au service économie.", True),
    ("Jan Kowalski jest dziennikarzem działu gospodarczego.", True),
    ("Mark di Stefano is a breaking news reporter for BuzzFeed News.", True),
    ("The president is a writer of some renown.", False),  # not a name
    ("Die Regierung ist eine Autorität in diesen Fragen.", False),  # "Autor" inside another word
    ("The IMF is the largest creditor of Greece.", False),  # "editor" inside another word
])
def test_author_bios(text: str, bio: bool) -> None:
    assert is_author_bio(text) is bio


@pytest.mark.parametrize(("text", "notice"), [
    ("© 2013 Cable News Network, Inc. All rights reserved.", True),
    ("Alle Rechte vorbehalten. Vervielfältigung nur mit Genehmigung.", True),
    ("This article was originally published on The Conversation.", True),
    ("The union reserved the right to strike again next month.", False),
    ("© 2024 Haber Ajansı. Tüm hakları saklıdır.", True),
    ("© 2024 HABER AJANSI. TÜM HAKLARI SAKLIDIR.", True),
    ("ВСЕ ПРАВА ЗАЩИЩЕНЫ", True),
    ("TOUS DROITS RÉSERVÉS", True),
])
def test_site_notices(text: str, notice: bool) -> None:
    assert is_site_notice(text) is notice


@pytest.mark.parametrize("cues", [_NOTICE_CUES, PROMO_CUES, CONSENT_CUES, READER_CUES], ids=["notice", "promo", "consent", "reader"])
def test_cue_words_are_still_held_by_a_text_written_in_capitals(cues: tuple[str, ...]) -> None:
    """A cue is looked for in the lower-cased text before the (case-blind) regex runs: a cue that lower-casing a
    text in capitals does not give back ("saklıdır": "SAKLIDIR" lowers to "saklidir") would hide the notice."""
    assert [cue for cue in cues if cue.upper().lower() != cue] == []


@pytest.mark.parametrize(("text", "notice"), [
    ("This content is not available in your region.", True),
    ("Dieses Video ist in Ihrem Land leider nicht verfügbar.", True),
    ("Questo video non è disponibile nel tuo paese.", True),
    ("Comments on this article are now closed.", True),
    ("Kommentare sind geschlossen.", True),
    ("Os comentários estão fechados.", True),
    ("Please read our community guidelines before posting.", True),
    ("Melden Sie sich für unseren Newsletter an!", True),
    ("Iscriviti alla newsletter per ricevere le notizie del giorno.", True),
    ("Schrijf je in voor onze nieuwsbrief.", True),
    ("Condividi questo articolo", True),
    ("The views expressed in the comments below are those of our readers. Comments are moderated.", True),
    ("Die Kommentare geben nicht die Meinung der Redaktion wieder. Bitte beachten Sie unsere Netiquette.", True),
    ("Les commentaires sont modérés a priori, conformément à notre charte de modération.", True),
    ("الآراء الواردة أدناه لا تعبر عن رأي الموقع، بل تعكس وجهات نظر أصحابها فقط.", True),
    ("The ministry said comments below a certain threshold would not be published in the report.", False),
    ("Les réactions du syndicat ont été modérées par la direction, selon un communiqué.", False),
    ("The match will not be available in several countries, the league said.", False),
    ("He said he would not comment on the closed-door meeting.", False),
    ("Een groot deel van het artikel gaat over de haven.", False),
    ("The newsletter, which has 40,000 readers, published the leaked memo on Monday.", False),
])
def test_reader_notices(text: str, notice: bool) -> None:
    assert is_reader_notice(text) is notice


# Pieces of promo lines and of prose around them, for texts that match one alternative, several, or none.
_PROMO_PIECES = ["Sign up", "SUBSCRIBE", "register", "for our", "newsletter", "Inbox", "e-mail", "updates", "Follow us on",
                 "Twitter", "click here to", "This video requires JavaScript", "Like this story", "share it with",
                 "Have a tip", "?", "delivered to your inbox", "Last modified:", "Updated", "at 12:30", "Mis à jour :",
                 "veröffentlicht:", "The minister said", ".", ",", " ", "\u0130", "\u0131", "\u017f", "ſhare it with",
                 "tıp", "TİP"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PROMO_PIECES), max_size=12), st.booleans())
def test_promo_search_by_words_answers_as_the_whole_pattern(pieces: list[str], spaced: bool) -> None:
    """is_promo searches a line only with the alternatives whose words it holds: the answer is the one
    regex of them all's, in any letter case (letters that fold to another under IGNORECASE included)."""
    text = (" " if spaced else "").join(pieces)
    assert (_PROMO.search(text) is None) == (_PROMO.whole.search(text) is None)
    assert is_promo(text, cued=True) == (len(text) <= MAX_PROMO_CHARS and _PROMO.whole.search(text) is not None)


def test_every_letter_that_folds_to_a_word_letter_is_lowered_to_it_or_a_case_trap() -> None:
    """may_hold (and _PROMO's search by words) look for words in the lower-cased text: any character that
    re.IGNORECASE matches to a letter such words are written in (ASCII letters, "à", "é", "ö", "ü") must lower-case
    to that letter, or be in _CASE_TRAPS (a text holding one may match without holding the words)."""
    letters = set(string.ascii_lowercase) | set("àéöü")
    assert {ch for words, _ in _PROMO.rules for word in words for ch in word if ch.isalpha()} <= letters
    folds = re.compile("[" + "".join(sorted(letters)) + "]", re.IGNORECASE)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if folds.fullmatch(char) and char.lower() not in letters:
            assert _CASE_TRAPS.fullmatch(char), f"U+{code:04X} folds to a word letter"
    assert may_hold("\u017fign up here", ("sign up",)) and not may_hold("Signing up", ("sign up",))


@pytest.mark.parametrize("caption", [
    "Leaders meet in Lima [Leah Millis/Reuters] Purchase Licensing Rights, opens new tab",
    "Flooded streets in Porto Alegre. ENLARGE THIS IMAGE Photo: Anselmo Cunha/AFP",
    "The square at night. Zoom (AP Photo/Jane Doe)",
    "A street in \u0130stanbul at dawn, \u017fhown from above. Expand",
    "Rescuers search the rubble on Monday. [Ahmed Saad/Reuters]",
])
def test_split_credit_drops_link_notices_only_where_the_caption_holds_one(caption: str) -> None:
    """The link notices of a caption ("Purchase Licensing Rights, opens new tab", "Zoom") are removed in any letter
    case (the regex runs only on captions holding one of their words): the caption reads as it does with the
    notices cut out beforehand."""
    found = split_credit(caption)
    assert found == split_credit(_LINK_NOTICE.sub(" ", caption))
    assert not any(word in found.text.lower() for word in ("licensing", "opens new tab", "enlarge", "zoom", "expand"))
