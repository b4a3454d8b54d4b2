"""Datelines and agencies, correction notices, countries and actors: synthetic texts in several languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrapers.enrich import corrections, dateline, enrich
from scrapers.enrich.corrections import split_corrections
from scrapers.enrich.dateline import find_dateline
from scrapers.enrich.places import find_places
from scrapers.models import Article


@pytest.mark.parametrize(("body", "place", "agency"), [
    ("KYIV, Ukraine (AP) — Russia launched a wave of drones overnight.", "Kyiv, Ukraine", "AP"),
    ("SEOUL, March 12 (Yonhap) -- North Korea fired a ballistic missile.", "Seoul", "Yonhap"),
    ("London, Jun 11 (efe-epa).- The British government said on Thursday.", "London", "EFE"),
    ("WASHINGTON (Reuters) - Scientists on Monday unveiled a map.", "Washington", "Reuters"),
    ("HAYWARD, Calif. (AP) — The Latest on a deadly stabbing.", "Hayward, Calif.", "AP"),
    ("LIMA, Peru, Nov 15 (Reuters) - The leaders met on Friday.", "Lima, Peru", "Reuters"),
    ("(Reuters) — The New York State Attorney General is investigating.", None, "Reuters"),
    ("MOSCOU, 12 mars (AFP) - La Russie a annoncé mardi.", "Moscou", "AFP"),
    ("Bogotá, 11 jun (EFE).- El presidente colombiano dijo.", "Bogotá", "EFE"),
    ("BERLIN (dpa) - Die Bundesregierung hat am Dienstag beschlossen.", "Berlin", "dpa"),
    ("MADRID, 11 Jun. (EUROPA PRESS) - El Gobierno ha aprobado.", "Madrid", "Europa Press"),
    ("(ANSA) - ROMA, 12 MAR - Il governo ha approvato il decreto.", "Roma", "ANSA"),
    ("МОСКВА, 12 мар — РИА Новости. Президент России заявил.", "Москва", "RIA Novosti"),
    ("(서울=연합뉴스) 김지원 기자 = 북한이 12일 탄도미사일을 발사했다.", "서울", "Yonhap"),
    ("【ワシントン共同】米政府は12日、新たな制裁を発表した。", "ワシントン", "Kyodo"),
    ("新华社北京3月12日电 中国外交部发言人12日表示。", "北京", "Xinhua"),
    ("BRUSSELS, March 27 (CPW) - European Union ambassadors agreed.", "Brussels", "CPW"),
    ("MADRID — Rafael Nadal kept Spain's hopes alive.", "Madrid", None),
    ("SIOUX FALLS, S.D. – People across the nation are talking.", "Sioux Falls, S.D.", None),
    ("Indianapolis – Several thousand teachers wearing red.", "Indianapolis", None),
    ("NEW DELHI: Their American dream shattered.", "New Delhi", None),
    ("Washington, DC, United States: Getting to the Moon has been done.", "Washington, DC, United States", None),
    ("BAAR, SWITZERLAND\n\nBased on the company's expertise, the solution helps.", "Baar, Switzerland", None),
    # filed from two places
    ("BEIRUT/THE HAGUE, March 7 (Reuters) - An Israeli tank crew killed a reporter.", "Beirut/The Hague", "Reuters"),
    ("KYIV/MOSCOW (Reuters) - Both sides reported drone attacks overnight.", "Kyiv/Moscow", "Reuters"),
    ("Washington/ New Delhi: US President Donald Trump has said there may be retaliation.",
     "Washington/New Delhi", None),
    # abbreviations in capitals
    ("ST. LOUIS, MO (KTVI) – Amid unimaginable grief, the widow spoke.", "St. Louis, MO", "KTVI"),
    ("FT. WORTH, Texas (AP) — Police released dramatic video on Monday.", "Ft. Worth, Texas", "AP"),
    # press-release wires
    ("SAN FRANCISCO, CA--(Marketwired - April 06, 2016) - Segment today released Sources.",
     "San Francisco, CA", "Marketwired"),
    ("AUSTIN, Texas--(BUSINESS WIRE)--Acme Corp. today announced its results.", "Austin, Texas", "Business Wire"),
    ("NEW YORK, April 6, 2016 /PRNewswire/ -- Acme Corp. today announced a merger.", "New York", "PR Newswire"),
    # nothing between the agency's bracket and the text
    ("London (CNN)It was the interview that some within the palace must have feared.", "London", "CNN"),
    ("ATLANTA (CNN)The storm moved east on Tuesday.", "Atlanta", "CNN"),
    # an outlet's web address as the credit
    ("JAKARTA, KOMPAS.com - Menteri Perhubungan menyebut ada sejumlah faktor.", "Jakarta", "KOMPAS.com"),
    ("SURABAYA, Tribunnews.com - Pemerintah kota menutup jalan itu.", "Surabaya", "Tribunnews.com"),
    # syndicated through an agency
    ("KVELLER via JTA — The state of Washington has sworn in its first Native American justice.", None, "JTA"),
    ("HAARETZ via AP — Israeli officials said on Sunday that talks would resume.", None, "AP"),
    # place, date, agency (Russian and Ukrainian agencies)
    ("КИЕВ. 3 декабря. УНН. Парламент Молдовы одобрил законопроект.", "Киев", "УНН"),
    ("МОСКВА, 3 декабря. /ТАСС/. Президент России заявил в четверг.", "Москва", "TASS"),
    ("МОСКВА. 3 декабря. ИНТЕРФАКС - Правительство утвердило план.", "Москва", "Interfax"),
    # ... the same form in Latin script (an ASCII opening: the pattern is tried only where a digit can date it)
    ("MOSCOW, December 3. /TASS/. The president said on Thursday that talks would go on.", "Moscow", "TASS"),
    ("KYIV. 3 March. UNN. The parliament approved the bill on Tuesday.", "Kyiv", "UNN"),
    ("КИЇВ, 3 грудня – Укрінформ. Уряд ухвалив нову програму.", "Київ", "Ukrinform"),
    # scripts without capitals
    ("دمشق، سوريا (CNN) -- أكدت جهات سورية معارضة أن فصائل مسلحة.", "دمشق، سوريا", "CNN"),
    # agencies as their scripts write them, reported by their usual names: one name to query by
    ("القدس (رويترز) - قال مسؤولون إن المحادثات ستستأنف.", "القدس", "Reuters"),
    ("دمشق (أ ف ب) - أعلنت الحكومة السورية عن إجراءات جديدة.", "دمشق", "AFP"),
    ("القاهرة (أ ش أ) - أعلنت وزارة الخارجية المصرية.", "القاهرة", "MENA"),
    ("ירושלים (רויטרס) - ראש הממשלה אמר כי השיחות יימשכו.", "ירושלים", "Reuters"),
    ("ירושלים (AP) — The cabinet met on Sunday.", "ירושלים", "AP"),
    ("تهران- ایرنا- رییس سازمان بورس اعلام کرد.", "تهران", "IRNA"),
    ("خبرگزاری آریا - رییس سازمان بورس و اوراق بهادار اعلام کرد.", None, "خبرگزاری آریا"),
    ("دمشق - قال مسؤول حكومي إن الاجتماع تأجل.", "دمشق", None),
    ("वाराणसी। जनपद के 32 क्रय केंद्रों पर बुधवार को खरीद शुरू हुई।", "वाराणसी", None),
    ("नई दिल्ली। केंद्र सरकार ने बुधवार को नई योजना की घोषणा की।", "नई दिल्ली", None),
    ("কলকাতা। রাজ্য সরকার বুধবার নতুন প্রকল্প ঘোষণা করেছে।", "কলকাতা", None),
    # German, Swiss and Indonesian papers: "Ort." and "Ort -"
    ("Hamburg. Gabi Eutemüller und Eliane Steinmeyer stehen in einer Halle und prüfen die Lieferungen.",
     "Hamburg", None),
    ("Lüdenscheid/Südwestfalen. Die DGB-Regionen kritisieren in einer gemeinsamen Erklärung die Sperrung.",
     "Lüdenscheid/Südwestfalen", None),
    ("Bad Homburg. Der Stadtrat hat am Dienstag beschlossen, die Straße für ein Jahr zu sperren.",
     "Bad Homburg", None),
    ("München - Der FC Bayern hat am Dienstag in der Champions League gewonnen.", "München", None),
    ("Dübendorf -\n\nAbheben wird sie nicht so schnell, doch den Hangar hat sie verlassen.", "Dübendorf", None),
    ("Jakarta -\n\nSeorang wanita muda terkena stroke di usia 26 tahun.", "Jakarta", None),
    # Japanese heads: date and agency; a paper's own correspondent (no agency)
    ("【6月18日 AFP】ナイジェリア北東部で自爆攻撃が起きた。", None, "AFP"),
    ("【エルサレム＝酒井圭吾】イスラエルとハマスの戦闘が続く。", "エルサレム", None),
    ("【ソウル時事】韓国政府は12日、発表した。", "ソウル", "Jiji Press"),
    # the dateline after a caption, a promotion, a deck or a "related" line the text opens with
    ("Verwandte Themen\n\nFRANKFURT - Die Rückkehr der Reiselust hat dem Flughafen genützt.", "Frankfurt", None),
    (("Photo\nPeacekeepers at a camp on Monday. Credit Jane Doe/Agence France-Presse — Getty Images\n"
     "LONDON — After nearly 20 years of hostile relations, the government plans to reverse course."), "London", None),
    ("Are you in the storm? Share your photos at iReport.\n\n(CNN) -- The Pennsylvania official said.", None, "CNN"),
    (("Industry lobbying appears to elicit little sympathy from the commission, which may vote on Nov. 4.\n\n"
     "SACRAMENTO — The influential lobby group is fighting a losing battle."), "Sacramento", None),
    (("Niedrige Zinsen ziehen junge Menschen an die Börse. So die allgemeine Lesart.\n\n"
     "Berlin/Frankfurt (dpa) - Immer mehr junge Menschen legen ihre Hemmungen ab."), "Berlin/Frankfurt", "dpa"),
    (("Der Ex-Stürmer spricht im Interview über die Chancen des FC Bayern.\n\n"
     "München - Paulo Sergio spricht über den heißen Meisterkampf."), "München", None),
])
def test_datelines_give_place_and_agency(body: str, place: str | None, agency: str | None) -> None:
    dateline = find_dateline(body)
    assert dateline is not None and (dateline.place, dateline.agency) == (place, agency)


@pytest.mark.parametrize(("body", "place", "agency"), [
    ("KYIV, Ukraine, Tuesday, March 12 (AP) — Russia launched a wave of drones.", "Kyiv, Ukraine", "AP"),
    ("WASHINGTON, Tues. March 12 (AP) — The Senate voted on the bill.", "Washington", "AP"),
    ("KYIV, Ukraine, March 12th (AP) — Russia launched a wave of drones.", "Kyiv, Ukraine", "AP"),
    ("PARIS, mardi 12 mars (AFP) - Les ministres se sont réunis.", "Paris", "AFP"),
    ("Berlin, Dienstag, 12. März (dpa) - Die Minister trafen sich.", "Berlin", "dpa"),
    ("MADRID, martes 12 de marzo (EFE).- El Gobierno aprobó el plan.", "Madrid", "EFE"),
])
def test_a_weekday_or_an_ordinal_in_a_datelines_date_is_no_part_of_the_place(body: str, place: str,
                                                                            agency: str) -> None:
    dateline = find_dateline(body)
    assert dateline is not None and (dateline.place, dateline.agency) == (place, agency)


@pytest.mark.parametrize("body", [
    "Trump – who said on Friday that he would attend – arrived late.",
    "The president said on Friday - in a speech - that talks would continue.",
    "Biden told reporters the alliance was strong.",
    "In Virginia, they voted for control of the state legislature.",
    "LOOK WHAT YOU MADE ME DO\n\nBrace yourself: the singer might not be able to perform.",
    "Tested by: John Milbank. More info on the website.",
    "Dr. Karin J. Schmitz Abteilung Öffentlichkeitsarbeit\nGesellschaft Deutscher Chemiker e.V.",
    "Prof. Dr. Müller sagte am Dienstag, dass die Batterie schneller lädt als jede andere.",
    "American Airlines, Delta, Lot: Flugzeuge vieler Airlines sind rekordschnell unterwegs.",
    "【速報】政府は12日、新たな制裁を発表した。",
    "Photo\nCredit Jane Doe/Agence France-Presse — Getty Images\nThe talks went on until late.",
    "The best watches of the year, tested.\n\nApple Watch – The smartwatch most people should buy.",
    "REUTERS/Brendan McDermid Lyft is not waiting until the end of April to decide.",
    "ASSOCIATED PRESS Donald Trump has had several conversations with President Obama.",
    "Feb. 23, 2015 -- Life-threatening peanut allergies have been on the rise.",
    "The minister said the talks had failed.\n\nThe opposition - which had boycotted them - agreed.",
])
def test_sentences_are_not_datelines(body: str) -> None:
    assert find_dateline(body) is None


@pytest.mark.parametrize("notice", [
    "Correction: An earlier version of this article misstated the date of the vote.",
    "CORRECTION — This story has been corrected to show the minister resigned on Monday.",
    "Update: The ceasefire took effect at 6 a.m. local time.",
    "Editor's note: This article has been updated with comment from the ministry.",
    "Berichtigung: In einer früheren Fassung hieß es, der Minister sei zurückgetreten.",
    "Rectificatif : une précédente version de cet article indiquait une date erronée.",
    "Fe de errores: una versión anterior de esta nota atribuía la cita al ministro.",
    "정정: 기사 일부 내용을 바로잡습니다.",
])
@pytest.mark.parametrize("where", ["top", "bottom"])
def test_correction_notices_leave_the_body(notice: str, where: str) -> None:
    text = ["The minister said on Monday that talks would resume next week.", "Diplomats welcomed the move."]
    body = "\n\n".join([notice, *text] if where == "top" else [*text, notice])
    kept, notices = split_corrections(body)
    assert notices == (notice,) and kept == "\n\n".join(text)


@pytest.mark.parametrize(("notice", "expected"), [
    ("*[UPDATE]: The ceasefire took effect at 6 a.m.", "*[UPDATE]: The ceasefire took effect at 6 a.m."),
    ("  (Correction) An earlier figure was wrong.", "(Correction) An earlier figure was wrong."),
    ("\u212aORREKTUR: Der Minister trat am Montag zurück.", "\u212aORREKTUR: Der Minister trat am Montag zurück."),
    ("ОБНОВЛЕНО: переговоры возобновятся в понедельник.", "ОБНОВЛЕНО: переговоры возобновятся в понедельник."),
])
@pytest.mark.parametrize("separator", ["\n\n", "\n\n\n"])
def test_notices_in_brackets_capitals_or_after_extra_line_breaks_leave_the_body(notice: str, expected: str,
                                                                                separator: str) -> None:
    """A notice opening with asterisks or brackets, in capitals (a Kelvin sign for a K: the notice pattern folds
    case as Unicode does), after a blank line and a stray line break: taken out at either end of the text."""
    text = ["The minister said on Monday that talks would resume next week.", "Diplomats welcomed the move."]
    for body in (separator.join([notice, *text]), separator.join([*text, notice])):
        kept, notices = split_corrections(body)
        assert notices == (expected,), body
        assert [p.strip() for p in kept.split("\n\n")] == text


def test_text_that_only_mentions_corrections_stays() -> None:
    body = ("Clarifications are needed, the minister said on Monday.\n\nThe update to the law passed.\n\n"
            "Correction: mid-text notices are not where publishers put them, but this one is at the end.")
    kept, notices = split_corrections(body)
    assert kept.startswith("Clarifications are needed") and len(notices) == 1
    long_update = "Update: " + "the ministry said more details would follow " * 20
    assert split_corrections(long_update + "\n\nMore.")[1] == ()  # a live-blog entry, not a notice


def _codes(title: str | None, body: str, language: str | None = "en", dateline: str | None = None
           ) -> dict[str, tuple[int, bool, bool]]:
    return {c.code: (c.mentions, c.in_headline, c.in_dateline)
            for c in find_places(title, body, dateline, language).countries}


def test_countries_by_name_demonym_and_capital_with_counts_and_headline() -> None:
    codes = _codes("US, South Korea and Japan condemn North Korea",
                   "Washington and Seoul said Pyongyang had sent troops to Russia. Japanese officials agreed. "
                   "The Kremlin denied it; Americans and South Koreans were unconvinced.")
    assert codes["US"] == (3, True, False)  # US, Washington (with US support), Americans
    assert codes["KR"] == (3, True, False) and codes["KP"] == (2, True, False)
    assert codes["JP"] == (2, True, False) and codes["RU"][0] == 2


@pytest.mark.parametrize(("language", "body", "expected"), [
    ("de", "Die russische Regierung in Moskau und die Ukraine verhandeln in Berlin.", {"RU", "UA", "DE"}),
    ("fr", "Le président français a reçu à Paris son homologue allemand, avant de partir pour Pékin.",
     {"FR", "DE", "CN"}),
    ("es", "El gobierno de Estados Unidos y México firmaron un acuerdo en Bogotá.", {"US", "MX", "CO"}),
    ("ru", "Россия и Украина обменялись пленными при посредничестве ОАЭ, сообщили в Киеве.", {"RU", "UA"}),
    ("ko", "미국은 한국과 일본에 북한 문제를 논의하자고 제안했다.", {"US", "KR", "JP", "KP"}),
    ("ja", "日本政府は中国と韓国の外相を東京に招いた。", {"JP", "CN", "KR"}),
    # Arabic and Hebrew write "and", "in", "to" and the article onto the next word.
    ("ar", ("أعلنت الخارجية الأمريكية أن واشنطن وموسكو ستبحثان ملف أوكرانيا، فيما رحبت الصين بالخطوة "
            "وأكد وفد مصري في بيروت دعمه للولايات المتحدة."), {"US", "RU", "UA", "CN", "EG", "LB"}),
    ("ar", "زار وزير الخارجية الامريكي المانيا واسرائيل ثم التقى بالمسؤولين الاتراك في انقرة.",  # hamza left out
     {"US", "DE", "IL", "TR"}),
    ("he", "ראש ממשלת ישראל נפגש בוושינגטון עם נציגים מארצות הברית ומצרים, ודן במצב בעזה ובלבנון.",
     {"IL", "US", "EG", "PS", "LB"}),
    ("fa", "وزیر امور خارجه ایران در تهران با همتای روسی خود درباره اوکراین و آمریکا گفتگو کرد.",
     {"IR", "RU", "UA", "US"}),
])
def test_countries_in_other_languages(language: str, body: str, expected: set[str]) -> None:
    assert set(_codes(None, body, language)) == expected


def test_ambiguous_words_and_longer_names_are_not_countries() -> None:
    body = ("Michael Jordan flew from Georgia to New Mexico for Thanksgiving; the turkey was good. "
            "Latin American leaders and Indiana voters watched. Chad Smith said the South China Sea was calm.")
    assert _codes(None, body) == {}
    # With support, the same words count: Tbilisi makes Georgia the country.
    assert _codes(None, "Protesters in Tbilisi said Georgia must join the EU.", dateline="Tbilisi, Georgia") == {
        "GE": (2, False, True)}


@pytest.mark.parametrize("lead", ["", "“Déjà vu” — señor Núñez’s café… ", "Ünlü 📰 «Ελλάδα» ", "日本語の文章。" * 20])
def test_matches_after_non_ascii_text_keep_their_case_and_word_checks(lead: str) -> None:
    """What comes before a name (curly quotes, accents, other scripts, emoji) does not shift the checks made at
    it: the capital of "Iran", the lower-case "turkey", a word that only contains "us", a Russian stem's ending."""
    body = f"{lead}The turkey was served in Tehran; because Iran’s envoy, and “Germany” agreed. The usual guests came."
    assert _codes(None, body) == {"IR": (2, False, False), "DE": (1, False, False)}
    assert set(_codes(None, f"{lead}Переговоры России и Украины", "ru")) == {"RU", "UA"}


def test_words_that_begin_or_contain_a_country_name_are_not_countries_in_arabic() -> None:
    # "كيف" (how) is no Kyiv, "تركيز" (focus) no Turkey, "مصرف" (bank) no Egypt; "الرياض" (the gardens)
    # counts as Riyadh only where Saudi Arabia is named too.
    body = "كيف يمكن تحقيق التركيز على مصرف الاستثمار في الرياض الخضراء؟"
    assert _codes(None, body, "ar") == {}
    assert _codes(None, body + " وقالت السعودية إنها ترحب بذلك.", "ar") == {"SA": (2, False, False)}


def test_foreign_stems_do_not_fire_in_english_text() -> None:
    assert "IN" not in _codes(None, "The minister indicated that the Indianapolis plant would close.")


def test_actors_and_a_user_gazetteer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    places = find_places("NATO and the EU answer Putin", "Vladimir Putin met Xi Jinping. The U.N. Security Council "
                         "and the IMF were silent; Zelensky spoke to the Red Cross.", None, "en")
    assert places.actors == ("NATO", "European Union", "Vladimir Putin", "Xi Jinping", "UN Security Council",
                             "International Monetary Fund", "Volodymyr Zelenskyy", "Red Cross")
    extra = tmp_path / "actors.toml"
    extra.write_text('[[actor]]\nname = "Maia Sandu"\nkind = "leader"\ncountry = "MD"\naliases = ["Sandu"]\n',
                     encoding="utf-8")
    monkeypatch.setenv("GEOWIRE_ACTORS", str(extra))
    assert find_places(None, "President Sandu met NATO officials.", None, "en").actors == ("Maia Sandu", "NATO")


@pytest.mark.parametrize(("language", "body", "actors"), [
    ("ar", "قال ترامب إن بوتين وزيلينسكي سيلتقيان، فيما رفضت حماس وحزب الله المقترح.",
     ("Donald Trump", "Vladimir Putin", "Volodymyr Zelenskyy", "Hamas", "Hezbollah")),
    ("he", "נתניהו אמר כי חמאס וחיזבאללה מאיימים, והבית הלבן הגיב.",
     ("Benjamin Netanyahu", "Hamas", "Hezbollah", "White House")),
    ("fa", "خامنه‌ای گفت ترامپ و نتانیاهو علیه ایران متحد شده‌اند.",
     ("Ali Khamenei", "Donald Trump", "Benjamin Netanyahu")),
], ids=["ar", "he", "fa"])
def test_actors_in_arabic_hebrew_and_persian(language: str, body: str, actors: tuple[str, ...]) -> None:
    assert find_places(None, body, None, language).actors == actors


def test_enrich_fills_the_record_and_keeps_agencies_out_of_bylines() -> None:
    body = ("Correction: An earlier version misspelled the minister's name.\n\n"
            "KYIV, Ukraine (AP) — Ukraine and Poland agreed on Tuesday to build a new border crossing.\n\n"
            "Polish officials said work would start in May.")
    article = enrich(Article(url="https://example.com/1", title="Ukraine, Poland agree border crossing", body=body,
                             authors=("Jane Doe", "Associated Press"), language="en"))
    assert article.body.startswith("KYIV, Ukraine (AP)")
    assert article.corrections == ("Correction: An earlier version misspelled the minister's name.",)
    assert (article.dateline_place, article.agency, article.authors) == ("Kyiv, Ukraine", "AP", ("Jane Doe",))
    assert [(c.code, c.mentions, c.in_headline, c.in_dateline) for c in article.countries] == [
        ("UA", 4, True, True), ("PL", 3, True, False)]
    alone = enrich(Article(url="https://example.com/2", title="t", body="(Reuters) - Oil rose.", authors=("Reuters",)))
    assert alone.authors == ("Reuters",) and alone.agency == "Reuters"  # no person named: the agency stays


# Heads built from the pieces of datelines (places, dates, agencies, every separator, brackets) and of sentences.
_HEAD_PIECES = st.sampled_from(["KYIV", "Ukraine", "New York", "March 12", "12 mars", "Tuesday", "(AP)", "(Reuters)",
                                "/PRNewswire/", ",", " ", "\t", "\n", "-", "--", "—", "–", "―", ":", ".", ".-", ")", "(",
                                "The", "said", "de", "2024", "Él", "ÉTÉ", "'s"])


@given(st.lists(_HEAD_PIECES, max_size=14).map("".join))
def test_place_heads_are_tried_only_where_a_separator_can_end_them(head: str) -> None:
    """The sign the place-head pattern is tried on (a dash or colon before a space, a bracket before a capital or
    "--") is in every head that pattern matches: the heads without it, skipped, would have matched nothing."""
    if dateline._PLACE_HEAD.match(head):
        assert dateline._SEPARATOR_SIGN.search(head)


_LABEL_WORDS = sorted({part.lstrip("(?:").split(")")[0].replace("?", "") for part in corrections._LABELS.split("|")})


@given(st.sampled_from(_LABEL_WORDS), st.lists(st.sampled_from(["upper", "lower", "variant"]), min_size=30, max_size=30),
       st.sampled_from(["", " ", "*", "[", " ( "]), st.sampled_from([":", " -", ".", "]", " —", " x"]))
def test_notices_in_any_letter_case_pass_the_opening_filter(label: str, cases: list[str], before: str, after: str) -> None:
    """Every paragraph the notice pattern matches, whatever the case of its letters (and the letters a case-blind
    match takes for others: dotless "ı", long "ſ", the Kelvin sign), opens as a label or sentence does: the filter
    that spares the pattern most paragraphs never drops a notice."""
    variants = {"i": "ı", "s": "ſ", "k": "\u212a"}
    text = "".join(ch.upper() if how == "upper" else variants.get(ch, ch) if how == "variant" else ch.lower()
                   for ch, how in zip(label, cases, strict=False))
    paragraph = f"{before}{text}{after} An earlier version of this article misstated the date."
    if corrections._NOTICE.match(paragraph):
        assert corrections._opens_like_notice(paragraph)
