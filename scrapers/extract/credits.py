"""Who a byline credits: people, news agencies, desk labels and account names, in any language.

A byline string is written for readers, not parsers: "By LISA MASCARO, MARY CLARE JALONICK and
ERIC TUCKER", "Von Jochen Bittner und Tina Hildebrandt", "Par Sébastien Farcis", "By Daniel Kahn
Gillmor, Senior Staff Technologist, ACLU …", "Written by Michael Larabel in Valve on 1 June 2019",
"Staff and news service reports". :func:`parse_byline` turns one into :class:`Credit` values, each
of a kind:

- ``person``: a name, kept as written (ALL-CAPS wire bylines get their case normalised);
- ``agency``: a news agency or wire ("Reuters", "dpa", "AP", "Agencies", "news service reports"):
  the author when no person is named;
- ``account``: a CMS account ("odno.kino", "BT_India"): an author only when the page names nobody else;
- ``desk``: a desk or role label ("Redacción", "Staff", "Newsroom", "Web desk", "Online News Editor"):
  not a person, so never preferred to anyone; it stands as the byline only on a page that credits
  nobody else ("By Editorial Staff");
- ``publisher``: the site itself ("KentNews" on KentNews.Online, a JSON-LD ``Organization`` author, the
  site's name with a word of its own: "Diakonie Deutschland" on diakonie.de, "Do UOL" on uol.com.br):
  never an author.

The words are data, per language, below; a new desk word is added in one place, and a new agency in
``scrapers/agencies.toml``, which the datelines and the dates' wire credit lines read too.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from itertools import pairwise
from typing import Literal

from scrapers.agencies import agencies
from scrapers.bywords import BY_PREFIX, INTERVIEWS, ROLE_PREFIX, by_prefix, labelled_author
from scrapers.enrich.dateline import DATE_AT_END, agency_name
from scrapers.enrich.places import countries_in, names_a_place

Kind = Literal["person", "agency", "desk", "account", "publisher"]


def words(text: str) -> frozenset[str]:
    """A vocabulary written as whitespace-separated words."""
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class Credit:
    """One name a byline credits, and what it is."""

    name: str
    kind: Kind
    # The name with the word after it that was read as a wire dateline's place by guess ("MARY CLARE JALONICK (AP)"
    # and "LISA MASCARO WASHINGTON (AP)" read alike): the page's other evidence may give it back (see
    # :func:`scrapers.extract.bylines.Credited.choose`). Not part of the credit's identity.
    whole: str = field(default="", compare=False)


# A combined credit naming a desk with a wire ("Staff and news service reports", "Staff and wire reports").
_WIRE_CREDIT = re.compile(r"\b(?:news\s+services?|wire(?:\s+services?)?|agenc(?:y|ies))\b(?:\s+reports?)?",
                          re.IGNORECASE)

# Desk and role labels: words that make a credit a desk, not a person (any language; letters only, folded).
_DESK_WORDS = words("""
    staff newsroom desk webdesk newsdesk redaktion redaction rédaction redacción redaccion redação redacao
    redazione redactie redakcja redakce redakcia toimitus redaksjonen redaktionen redaksiyon szerkesztőség
    редакция редакція 編集部 编辑部 편집국 editors editor editorial team admin administrator webmaster
    correspondent correspondents reporters contributors contributor guest writers online web digital
    desk-reports newsteam submissions bureau büro red redaktori ομάδα ομαδα σύνταξη συνταξη συντακτική συντακτικη
    nachrichten noticias nouvelles notizie nieuws wiadomości haber haberler merkezi
    authors autoren autorinnen auteurs autores autori
    편집부 التحرير المحرر فريق هيئة أسرة تحریریه המערכת מערכת ब्यूरो डेस्क संवाददाता กองบรรณาธิการ
    """)
# Words that name a newsroom wherever they stand in a credit ("Redaktion Politik", "Rédaction Le Monde", "Da
# Redação", "Equipo de Redacción") or end a compound of one ("Nachrichtenredaktion", "SPIEGEL-Redaktion",
# "Uutistoimitus"): no person is called so (letters only, folded).
_NEWSROOM_WORDS = tuple(words("""
    redaktion redaction rédaction redacción redaccion redação redacao redazione redactie redakcja redakce redakcia
    redaksjonen redaksiyon szerkesztőség редакция редакція newsroom newsdesk toimitus redaksi redacția redactia
    redacció redaccio
    """))
_DESK_PHRASES = re.compile(
    r"^(?:(?:the\s+)?(?:online|web|digital|news|city|foreign|metro|sports?|business)\s+(?:news\s+)?"
    r"(?:editor|desk|team|staff)s?|staff\s+(?:writer|reporter)s?|editorial\s+(?:team|staff|board)|"
    r"(?:\w+\s+){0,3}(?:staff|team|desk|newsroom|editors|submissions|bureau|authors|autoren|autorinnen|auteurs|"
    r"autores|autori|contributors)|"  # "Auswärtige Autoren", "Guest Authors"
    r"(?:our|special|staff|own|a|from\s+our|[A-Z]{2,5})\s+correspondents?)$",  # "HT Correspondent"
    re.IGNORECASE,
)
# Credits of pieces nobody signed: "Staff Report", "Press Release".
_UNSIGNED = re.compile(r"^(?:staff|special|news|press)\s+(?:reports?|releases?)$", re.IGNORECASE)
# Job titles that follow a name ("Jane Doe, Senior Correspondent"): the name ends where they start.
_ROLE_WORDS = words("""
    senior chief staff contributing special associate managing executive deputy political foreign
    correspondent reporter editor writer columnist contributor producer analyst fellow intern photographer
    technologist director president vice head founder cofounder co-founder professor doctor dr researcher journalist
    author manager officer consultant specialist strategist coordinator ceo cto cfo coo vp evangelist
    korrespondent korrespondentin redakteur redakteurin autorin reporterin chefredakteur leiter leiterin ressortleiter
    ressortleiterin volontär volontärin jefe jefa caporedattore
    corresponsal redactor redactora periodista enviado enviada journaliste rédacteur rédactrice envoyé correspondant
    correspondante envoyée giornalista inviato inviata corrispondente redattore verslaggever correspondent
    penulis wartawan kontributor penyunting
    ma md phd rn mba mph msc bsc dds esq
    """)
# Words of an outlet's or an institution's name: after a person's name, "Washington Post", "Wikimedia Foundation",
# "Süddeutsche Zeitung" is where the person works, not a co-author.
_AFFILIATION_WORDS = words("""
    foundation institute institut instituto istituto university universität université universidad università
    college academy center centre inc llc ltd limited gmbh plc corp corporation company association society council
    ministry department group media press news times post journal magazine tribune herald gazette chronicle daily
    weekly radio television broadcasting network zeitung zeitschrift verlag nachrichten diario periódico periodico
    quotidien giornale gazzetta avis tidning dagblad krant business politics sports entertainment
""")
# Where a byline's names end: dates, reading times, share/follow links, "Updated", bios (words, lower case;
# "+" joins the words of a phrase).
_TRAILER_WORDS = words("""
    | • · updated published posted last+updated last+modified modified lesedauer reading+time min+read mins+read minute+read
    minutes+read read+more link+copied follow more+stories see+full view+bio comment comments share aktualisiert
    veröffentlicht actualizado publicado mis+à publié aggiornato pubblicato bijgewerkt gepubliceerd
    uppdaterad publicerad oppdatert publisert opdateret publiceret päivitetty julkaistu zaktualizowano opublikowano
    aktualizováno publikováno frissítve güncellendi yayınlandı atualizado ažurirano objavljeno обновлено опубликовано
""")
# Social, contact and profile links printed after a name ("Jane Doe Twitter", "Jane Doe E-Mail", "Anna Schmidt Mehr
# Artikel", "Marie Dupont Suivre"): the name ends there, and with it a word leading to them ("Jane Doe on Twitter").
_CONTACT_WORDS = words("""
    twitter facebook instagram linkedin threads bluesky mastodon email e-mail mail contact kontakt
    profile profil bio biography folgen suivre seguir segui volg volgen følg följ seuraa obserwuj mehr alle view see
    search
""")
_CONTACT_LEADS = words("on auf sur en via at")
# "Jane Doe in Kyiv", "Anna Schmidt aus Berlin", "Marie Dupont à Paris": where a reporter writes from, after a name
# of two words or more, when a capitalised word follows.
_PLACE_WORDS = words("in aus à em depuis desde")
# "Jane Doe for MailOnline", "… für Example Zeitung": the outlet a name writes for, after a name of two words or
# more ("Bundesministerium für Wirtschaft", "Center for American Progress" are one name).
_FOR_WORDS = words("for für pour")
_ENDING_WORDS = _TRAILER_WORDS | _FOR_WORDS | _CONTACT_WORDS | _PLACE_WORDS
_TRAILER_PAIRS = frozenset(tuple(w.split("+")) for w in _TRAILER_WORDS if "+" in w)
# Small words that lead to a date or a place after the names ("… in Valve on 1 June 2019", "Par X le 3 mars",
# "Von X am 3. März"): they end the byline only when a number follows within a few words.
_DATE_LEAD_WORDS = words("on at in am um le el il den op em kl vor hace há prije för")
_DATE_LEAD_REACH = 4
# Where one credited name ends and the next starts: commas, slashes, conjunctions, a comma with a conjunction
# ("Jane Doe, John Roe, and Tom Watkins": the serial comma), a spaced dash ("Jane Doe - Reuters", "Thùy Linh -
# Minh Anh"), a middle dot between Korean names ("홍길동·김철수"). The conjunctions of the world's news languages
# ("и", "та", "ve", "και", "و", "và", "dan", "और"); the ones that are also names or a name's words ("Dan", "Ve")
# only in lower case.
_AND_WORDS = r"and|und|et|y|e|og|och|en|ja|és|și|ir|un|и|і|та|ve|ile|και|κι|و|và|va\u0300|और|एवं|&|with|mit|avec|con"
_SPLIT = re.compile(rf"\s*(?:[,;、，／/](?:\s*(?:{_AND_WORDS})\s)?|"
                    r"(?<=[\uac00-\ud7af])[·ㆍ](?=[\uac00-\ud7af])|"
                    rf"\s(?:{_AND_WORDS}|i|a|(?-i:dan|dhe|si)|[-–—])\s)\s*", re.IGNORECASE)
# The grades a Korean reporter's title may carry before 기자 ("선임기자", senior; "대기자", a veteran's title), and the
# names a Korean byline lists (written whole, joined by "·" or commas): "홍길동·김철수 기자".
KOREAN_GRADES = r"(?:선임|객원|인턴|수습|전문|대)"
HANGUL_NAMES = r"[\uac00-\ud7af]{2,4}(?:\s*[·ㆍ,\s]\s*[\uac00-\ud7af]{2,4})*"
# A reporter's title written after the name in Korean, Japanese and Chinese bylines ("홍길동 기자", "王小明记者").
_ROLE_AFTER = re.compile(rf"\s*(?:{KOREAN_GRADES}?기자|특파원|논설위원|記者|特派員|编辑|记者|特约记者|通讯员)$")
# A wire dateline or the outlet's tag opening an East Asian byline: "(서울=연합뉴스) 홍길동 기자", "[서울일보] 홍길동 기자",
# "【新华社】记者 张三", "헤럴드경제=홍길동 기자" (from "[헤럴드경제=홍길동 기자]").
_WIRE_DATELINE = re.compile(r"^(?:[(（][^()（）=]{1,20}=[^()（）]{1,20}[)）]|[\[［【][^\[\]［］【】]{1,20}[\]］】](?=\s*\S)"
                            r"|[^\W\d_]{2,12}=(?=\s*[^\W\d_]))\s*")
# Co-authors in parentheses: "Par Martin Untersinger (avec Damien Leloup et Morgane Tual)", "(with Jane Roe)".
_WITH_PAREN = re.compile(r"\s*[(（]\s*(?:with|avec|mit|con|com|met|med|amb|z)\s+", re.IGNORECASE)
# Credits for other work printed with the byline: whoever follows "Illustration by", "Photographs by",
# "Fotos:", "Ilustración de" drew or shot, and wrote nothing; "Reviewed by", "Edited by", "Fact-checked by"
# checked someone else's text, and so did "Editing by" (Reuters' "Reporting by …; Editing by …").
_OTHER_WORK_WORDS = (
    r"(?:illustrations?|illustrated|photos?|photographs?|photography|pictures?|videos?|"
    r"graphics?|animation|artwork|fotos?|fotograf(?:ie|ien|ía|ías|ia|ias)|bilder?|grafik|illustrationen|"
    r"ilustraci[oó]n(?:es)?|ilustraç(?:ão|ões)|dessins?|infographie|photographies?|images?|"
    r"фото|фотография|снимк[аи]|zdj[eę]ci[ea]|fot\.|kuva(?:t)?|fotó[k]?|fotografija|φωτογραφία|φωτο|"
    r"写真|사진|摄影|图片|صورة|צילום|ảnh|"
    r"(?:责任|責任)?(?:编辑|編輯)|责编|責編|编审|編審)")  # the editor of a Chinese page's text: "责任编辑：张三"
_OTHER_WORK = re.compile(
    rf"(?:^|(?<=[\s|•·,;(])){_OTHER_WORK_WORDS}"
    r"\s*(?:(?:by|von|de|par|di|por|door|av|af)(?=\s|$)|[:：])"
    r"|(?:(?:medically\s+)?reviewed|edited|editing|fact[-\s]?checked|updated|translated|übersetzt|redigiert)\s+(?:by|von)(?=\s|$)"
    r"|©",  # "© GettyImages": a picture's copyright
    re.IGNORECASE,
)
# A whole byline in brackets, as East Asian sites print it ("《KT》", "[田中宏昌，ITmedia]", "（文・山田太郎）").
_WRAPPED = re.compile(r"^\s*[(（\[［【《〈]\s*([^()（）\[\]［］【】《》〈〉]+?)\s*[)）\]］】》〉]\s*$")
_PARENS = re.compile(r"\s*[(（\[【《][^)）\]】》]*[)）\]】》]\s*")
_PAREN_END = re.compile(r"\s*[(（\[【《][^)）\]】》]*[)）\]】》]?\s*$")  # "Jane Doe (jdoe)", "… (avec …)"
# What a name's note in brackets says they did, when it was other work than writing: "Adrian Malloch (photography)",
# "Max Müller (Fotos)", "Ana Pérez (ilustraciones)".
_OTHER_WORK_NOTE = re.compile(rf"[(（\[]\s*{_OTHER_WORK_WORDS}\s*[)）\]]\s*$", re.IGNORECASE)
# Link and widget texts that sit in byline elements: not names.
_NOT_NAMES = words("""
    viewall seeall allposts allarticles allstories morestories more moreby readmore login signin logout register
    subscribe follow following profile viewprofile contact email twitter facebook instagram linkedin bio about
    share comments home menu search advertisement anonymous unknown none null undefined author authors
    auteurs autores autori autoren forfattere författare
""")
# Words of link and widget texts ("Get author RSS feed", "See more", "View author archive"): no name holds them.
_NOT_NAME_PARTS = words("""
    rss feed feeds archive archives view see get posts articles artikel beiträge artículos articoli stories subscribe
    newsletter connect follow contact
    folgen kontakt suivre seguir segui contacto email e-mail
    is was has ist est writes schreibt
""")
# Labels printed where a byline's name would be, beside a date ("Start date", "Son Güncelleme:", "Last updated"):
# the date's label, not a name (lower case without accents, words joined by "+").
_DATE_LABELS = words("""
    date datum fecha data tarih tarihi start+date end+date publication+date published+date release+date
    last+update last+updated update updated son+guncelleme guncelleme yayin+tarihi letzte+aktualisierung
    aktualisierung derniere+mise+a+jour mise+a+jour ultima+actualizacion actualizacion ultimo+aggiornamento
    ultima+atualizacao atualizacao laatst+bijgewerkt zuletzt+geandert zuletzt+aktualisiert geandert+am
    last+modified modified modifie+le derniere+modification ultima+modifica ultima+modificacion
""")
# The label of a list of the story's tags or sections where a byline could stand ("Filed under: World, Europe",
# "abgelegt unter: Weltweit", "Themen:", "Mots-clés :"): what follows names topics, not people.
_FILED_UNDER = re.compile(r"^\s*(?:filed\s+(?:under|in)|posted\s+in|abgelegt\s+unter|ver(?:ö|oe)ffentlicht\s+in|"
                          r"tags?|topics?|themen|schlagw(?:ö|oe)rter|schlagworte|stichw(?:ö|oe)rter|mots[-\s]cl(?:é|e)s|"
                          r"class(?:é|e)\s+dans|etiquetas|temas|archivado\s+en|argomenti|onderwerpen|trefwoorden|"
                          r"ämnen|emner|stikkord)\s*[:：]", re.IGNORECASE)
# The heading of an author box ("About Jane Doe", "Über Creeny", "À propos de Marie Dupont"): the name follows.
_ABOUT = re.compile(r"^(?:about|über|uber|à\s+propos\s+de|a\s+propos\s+de|acerca\s+de|sobre|informazioni\s+su|"
                    r"over|o\s+autorze|об\s+авторе)\s+(?=[^\W\d_])", re.IGNORECASE)


def _without_about(text: str) -> str:
    about = _ABOUT.match(text)
    return text[about.end():] if about and text[about.end()].isupper() else text
# "Ein Interview von Jane Doe mit John Roe", "Un entretien de … avec …", "An interview by … with …": whoever
# follows "with" was interviewed and wrote nothing.
_INTERVIEW = re.compile(r"^\s*(?:(?:ein|eine|un|une|uno|una|um|uma|an|a|een)\s+)?(?:" + "|".join(INTERVIEWS.split())
                        + r"|interviu|wywiad)\b", re.IGNORECASE)
_INTERVIEWEE = re.compile(r"\s(?:mit|with|avec|con|com|met|med|z)\s.*$", re.IGNORECASE)
# An organisation by its legal form ("Deutscher Caritasverband e. V.", "Olympia-Verlag GmbH", "Acme Ltd.") or by a
# "for" after its first word ("Bundesministerium für Wirtschaft und Klimaschutz", "Center for American Progress"):
# a publisher, never a person, and never split at its "und"/"and".
_LEGAL_FORM = re.compile(r"\s(?:e\.\s?V\.?|GmbH(?:\s?&\s?Co\.?\s?KG)?|AG|KG|KGaA|Ltd\.?|Limited|Inc\.?|LLC|"
                         r"L\.L\.C\.|plc|PLC|S\.\s?A\.?|S\.\s?L\.?|S\.p\.A\.?|SpA|S\.r\.l\.?|Srl|SARL|SAS|"
                         r"B\.\s?V\.?|N\.\s?V\.?|A/S|ASA|Oy|Oyj|sp\.\s?z\s?o\.\s?o\.?)(?=\s*(?:$|[,;|]))")
_ORGANISATION_FOR = re.compile(r"^[^\W\d_][\w-]+\s+(?:für|for|pour|para|voor|per)\s+[^\W\d_]", re.IGNORECASE)
_ORG_SEGMENT = re.compile(r"\s*(?:[,;|]|\s[-–—]\s)\s*")
_PLAIN_NAME = re.compile(r"[^\W\d_]+(?:[ '’.-]+[^\W\d_]+){0,5}\.?")
_URL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_DIGIT = re.compile(r"\d")
_NOT_NAME = re.compile(r"[<>{}=#|\\*:：\[\]【】［］]|^\W+$")  # a label's colon or a tag's brackets: no name
# A web address given as the author ("facebook.com", "sudinfo.be"): a site, never a person.
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|biz|io|co|news|online|[a-z]{2})$", re.IGNORECASE)
_ACCOUNT = re.compile(r"^[\w.\-]+$")  # one token: "odno.kino", "BT_India", "jdoe"
_LETTERS = re.compile(r"[\W_]+")
_PARTICLES = frozenset({"de", "da", "das", "do", "dos", "del", "della", "di", "du", "la", "le", "van", "von", "der",
                        "den", "ten", "ter", "bin", "ibn", "al", "el", "y", "e", "zu", "bint", "binti", "ben"})
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
MAX_NAME_WORDS, MAX_NAME_CHARS = 5, 60


@lru_cache(maxsize=1024)  # site names are compared with every name and headline segment
def letters(text: str) -> str:
    """Letters and digits only, case folded: how a name is recognised however it is spelled out."""
    return _LETTERS.sub("", text.casefold())


_DESK_WORDS = frozenset(map(letters, _DESK_WORDS))  # as a credit's words are compared (Devanagari's vowel signs go)


@lru_cache(maxsize=4096)
def _fold(word: str) -> str:
    """Lower case without accents: how month names are listed."""
    word = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in word if not unicodedata.combining(ch)).strip(".,")


@cache
def _date_words() -> frozenset[str]:
    """Month names and weekday names (folded, accents dropped) in every language the date parser knows: a byline
    ends before them ("Nathan Willis March 25, 2015", "Bryan Walsh Tuesday, June 1, 2010"). Short weekday
    abbreviations are names too ("Don", "Dom"), so only whole weekday names count."""
    dates = files("scrapers.dates")
    tables = json.loads(dates.joinpath("months.json").read_text(encoding="utf-8"))
    weekdays = json.loads(dates.joinpath("weekdays.json").read_text(encoding="utf-8"))
    return frozenset([*(name for table in tables.values() for name in table if len(name) >= 3),
                      *(name for name in weekdays if len(name) >= 5 and " " not in name)])


_AGENCY_JOIN = re.compile(r"[/,&+]|\band\b|\bund\b")


@cache
def _agency_words() -> frozenset[str]:
    """News agencies and wires, kept as the author when no person is named: the letters of every spelling of
    :mod:`scrapers.agencies` ("associatedpress", "رويترز"), and of the words that say "news agency"."""
    known = agencies()
    return frozenset(letters.__wrapped__(text) for text in [*(s for s, _ in known.spellings()), *known.words])


def is_agency(name: str) -> bool:
    """Whether a credited name is a news agency's: one of theirs ("Reuters", "A.P."), a word for agencies
    ("Agencies"), or names each of them ("Agencia EFE", "AP/Reuters", "dpa und AFP")."""
    if letters(name) in _agency_words() or _agencies_only([letters(w) for w in name.split()]):  # "Agencia EFE"
        return True
    if not _AGENCY_JOIN.search(name):
        return False
    return _agencies_only([letters(p) for p in _AGENCY_JOIN.split(name) if letters(p)])  # "AP/Reuters", "dpa/AFP"


def _agencies_only(parts: list[str]) -> bool:
    """Two parts or more (words, or names joined by "/", "and" ...), each an agency word."""
    known = _agency_words()
    return len(parts) > 1 and all(p in known for p in parts)


_DESK_SUFFIXES = ("編集部", "编辑部", "편집국", "편집부", "報道部", "新闻中心", "编辑", "ब्यूरो", "डेस्क")


def is_desk(name: str) -> bool:
    if name.endswith(_DESK_SUFFIXES):
        return True
    parts = [letters(w) for w in name.split()]
    if any(p.endswith(_NEWSROOM_WORDS) for p in parts) or _UNSIGNED.match(name.strip()):
        return True
    if not parts or (parts[-1] not in _DESK_WORDS and parts[-1] not in _ROLE_WORDS):
        return False  # every desk label ends with a desk or role word: "Web Desk", "Online News Editor"
    if len(parts) == 1 or _DESK_PHRASES.match(name.strip()):
        return True
    return all(w in _DESK_WORDS or w in _ROLE_WORDS or w in {"the", "and", "of", "news"} for w in parts)


# The first or last word of an organisation's name (letters only, folded): a name so begun or ended is no person's.
_ORGANISATION_WORDS = words("""
    group gruppe groupe grupo gruppo groep grupa media medien médias medios foundation stiftung fondation fundación
    fundacion fondazione stichting institute institut instituto istituto university universität université
    universidad università association verband verein society gesellschaft council ministry ministerium ministère
    corporation company holdings
""")
# Articles no first name is spelled as: a name opening with one is a title's ("The Plain Dealer", "Die Zeit").
_ARTICLES = words("the der die das les il het")
_NO_FIRST_NAMES = words("the der die das het")  # no first name (not "Les": Les Paul)


# Outlet words that end a compound word naming a paper ("Wirtschaftsnachrichten", "Morgenpost", "Tageszeitung"):
# no surname of ten letters or more ends so.
_OUTLET_ENDINGS = ("nachrichten", "zeitung", "kurier", "anzeiger", "rundschau", "presse", "journal", "post", "tidende",
                   "tidning", "avisen")
_MIN_COMPOUND = 10


def names_an_outlet(name: str) -> bool:
    """Whether a name reads as an outlet's: a word of one ("Jewish Business News", "Daily Herald", "Deutsche
    Wirtschaftsnachrichten"), an article first ("The Grayzone") or a brand in capitals ("USA TODAY"); "Haki Benita"
    does not, even on hakibenita.com."""
    parts = name.split()
    return (len(parts) > 1 and (name.isupper() or parts[0].lower() in _ARTICLES)) or \
        any((key := letters(w)) in _AFFILIATION_WORDS or (len(key) >= _MIN_COMPOUND and key.endswith(_OUTLET_ENDINGS))
            for w in parts)


# Articles that open an outlet's name in Romance languages ("La Información", "El País", "Le Temps"): as a name's first
# word they are a surname's particle ("Le Pen"), so they mark an outlet only in a name that is the site's.
_SITE_ARTICLES = _ARTICLES | words("la el le los las lo")


def reads_as_a_persons_name(name: str) -> bool:
    """Whether the site's own name is a person's (a one-person blog: "Haki Benita" on hakibenita.com): two words or
    more, capitalised, no outlet's words or article; "KentNews", "stylegart", "La Información", "UOL" are brands."""
    parts = name.split()
    return len(parts) >= 2 and not names_an_outlet(name) and parts[0].lower() not in _SITE_ARTICLES and \
        all(p[:1].isupper() for p in parts)


def spells_a_site(name: str, marks: tuple[str, ...]) -> bool:
    """Whether a name of several words opens or ends with the site's name, word for word ("Diakonie Deutschland" on
    diakonie.de, "Sekretariat Partei Mensch Umwelt Tierschutz" beside the site name "Partei Mensch Umwelt
    Tierschutz"): the site's, with a word of its own (not a person's whose every name the host spells)."""
    parts = [letters(w) for w in name.split()]
    if len(parts) < 2 or all(p in marks for p in parts):
        return False  # "Anisse Astier" on anisse.astier.eu: the site is named after the person
    return site_at_an_end(parts, marks)


MIN_HELD_MARK = 5  # letters: a shorter site name ("vg", "npr") stands for the site only as the whole of a text


def site_at_an_end(parts: Sequence[str], marks: Iterable[str]) -> bool:
    """Whether the first or the last words of a text (``parts``: each word's letters, see :func:`letters`) spell one
    of the site's names (``marks``) of ``MIN_HELD_MARK`` letters or more, with words of the text left over: a credit
    naming the site with a word of its own ("Diakonie Deutschland"), a title's segment holding the site's name
    among others ("European Championships Munich 2022")."""
    return any(
        len(mark) >= MIN_HELD_MARK and ("".join(parts[:size]) == mark or "".join(parts[-size:]) == mark)
        for mark in marks for size in range(1, len(parts)))


# "Do UOL", "Da Reuters", "From Reuters", "Von dpa": material from an outlet or an agency (see :func:`_without_from`).
_FROM_WORDS = words("from do da dos das von vom aus")


_TITLE_LINKS = words("of the for and at in")


def is_job_title(text: str) -> bool:
    """Whether a short text is a job title ("Senior Correspondent", "Chief Europe Correspondent", "Redakteurin"):
    it ends with a role word, and most of its words are ones."""
    parts = [letters(w) for w in text.split()]
    roles = sum(1 for p in parts if p in _ROLE_WORDS or p in _TITLE_LINKS)
    return 0 < len(parts) <= MAX_NAME_WORDS and parts[-1] in _ROLE_WORDS and roles * 2 >= len(parts)


def plain_letters(text: str) -> str:
    """Letters only, folded and without accents: a name as a web address spells it ("María García" -> "mariagarcia",
    as in "/autor/maria-garcia")."""
    return letters("".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)))


# Role words that are family names too ("Andreas Leiter", "Juan Jefe"): a title when they open it ("Leiter Politik",
# "jefe de Internacional") or stand alone, a name when they close one.
_SURNAME_ROLES = words("leiter jefe")


def _is_role(fragment: str) -> bool:
    """A job title after a name ("Senior Staff Technologist", "BuzzFeed UK News Fellow")."""
    words = [letters(w) for w in fragment.split()]
    return any(w in _ROLE_WORDS and not (i and i == len(words) - 1 and w in _SURNAME_ROLES) for i, w in enumerate(words))


# A comma and a conjunction after a job title: the next name and its title follow ("…, Political Editor, and Jane
# Doe, Chief Reporter", "…, Korrespondentin, und Peter Müller, Redakteur").
_TITLE_THEN_AND = re.compile(rf",\s*(?:{_AND_WORDS})\s+", re.IGNORECASE)


def _titled_groups(text: str) -> list[str] | None:
    """A byline's names each with the job title printed after it, when a title stands before a conjunction (where a
    title otherwise ends the names: "Jane Doe, Senior Correspondent, ACLU"), else None."""
    groups = _TITLE_THEN_AND.split(text)
    if len(groups) < 2 or not any(_is_role(group.rsplit(",", 1)[-1]) for group in groups[:-1]):
        return None
    return groups


def names_several(text: str) -> bool:
    """Whether a byline may name more than one credit: it holds a comma, a slash or a conjunction (a glued one too, or
    names of a script without spaces set apart by spaces: see :func:`_joined_names`)."""
    return _SPLIT.search(text) is not None or \
        len(_joined_names(_ROLE_AFTER.sub("", BY_PREFIX.sub("", text)), _CHINESE_LABEL.search(text) is not None,
                          _REPORTERS.search(text) is not None)) > 1


# Hebrew writes "and" as the letter ו glued to the next word: "יוסי כהן ודנה לוי" is two people. A name of two words
# or more must stand on each side, so a surname that starts with ו ("דנה וייס") stays whole.
_HEBREW_LETTERS = re.compile(r"^[\u05d0-\u05ea\u05f0-\u05f4'׳\"״-]+$")
_GLUED_AND = "ו"
# Names in a script written without spaces, set apart by spaces: "김철수 이영희 기자" (Korean names are written whole, two to
# four syllables from a family name: in a reporters' byline only, as a column's "김철수 서울대 교수" names a person and
# his university), "张伟 李娜 王芳". Two such words of Han may be one Japanese name ("山田 太郎"): they are two names
# when either is longer than half a name is ("山田太郎 鈴木花子"), or when a Chinese label heads the byline ("记者 张伟
# 李娜": simplified forms, which Japanese does not write; a Chinese name is never spaced between its parts).
_HANGUL_NAME = re.compile(r"^[\uac00-\ud7af]{2,4}$")
_KOREAN_FAMILY_NAMES = words("""
    김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 우 구 민 나
    진 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 라 왕 금 옥 육 인 맹 제 모 탁 국 어 은
    편 용 예 경 봉 사 부 가 복 태 목 형 피 두 감 음 빈 동 온 호 범 좌 팽 승 간 상 시 갈 단 견 당
""")
_REPORTERS = re.compile(rf"\s*{KOREAN_GRADES}?기자$|\s*특파원$")
_HAN_NAME = re.compile(r"^[\u3400-\u9fff]{2,5}$")
_HAN_HALF_NAME = 3
_CHINESE_LABEL = re.compile(r"记者|编辑|通讯员|责编|摄影")


def _joined_names(fragment: str, chinese: bool = False, reporters: bool = False) -> list[str]:
    """The names of a fragment that names several people without a separator :data:`_SPLIT` knows (see
    ``_GLUED_AND``, ``_HANGUL_NAME``, ``_HAN_NAME``; ``chinese``: the byline has a Chinese label; ``reporters``: it
    ends with a Korean reporter's title), or the fragment alone."""
    tokens = fragment.split()
    if len(tokens) < 2:
        return [fragment]
    if reporters and all(_HANGUL_NAME.match(t) and t[0] in _KOREAN_FAMILY_NAMES for t in tokens):
        return tokens
    if all(_HAN_NAME.match(t) for t in tokens) and \
            (chinese or len(tokens) > 2 or any(len(t) > _HAN_HALF_NAME for t in tokens)):
        return tokens
    if len(tokens) >= 4 and all(_HEBREW_LETTERS.match(t) for t in tokens):
        for i in range(2, len(tokens) - 1):
            if tokens[i].startswith(_GLUED_AND) and len(tokens[i]) > 2:
                second = [tokens[i][1:], *tokens[i + 1:]]
                return [" ".join(tokens[:i]), *_joined_names(" ".join(second))]
    return [fragment]


def _a_place_after(fragment: str, credits: Sequence[Credit]) -> bool:
    """Whether a fragment after a person's full name is where they wrote from, not a co-author: a country or a
    capital ("Ivan Petrov, Москва", "Nguyễn Văn An, Hà Nội", "田中太郎, 東京"), or words in another script than that
    name's ("Ivan Petrov, Нижний Новгород"). After an agency's name, where the wire filed from ("dpa, Hamburg",
    "EFE / Madrid", "Reuters, New York"; see :func:`_an_agencys_place`)."""
    if credits[-1].kind == "agency":
        return _an_agencys_place(fragment)
    persons = [c.name for c in credits if c.kind == "person" and (" " in c.name or _UNSPACED.search(c.name))]
    if not persons or len(fragment.split()) > _MAX_PLACE_WORDS:
        return False
    return names_a_place(fragment) or _script_of(fragment) not in ("", _script_of(persons[-1]))


_MAX_PLACE_WORDS = 3
# Words that open or close a place's name, not a person's: "New York", "San Francisco", "Mexico City".
_PLACE_OPENERS = words("new san santa los las saint st. sankt port fort mount north south east west hong buenos rio bad")
_PLACE_CLOSERS = words("city town county province state")


def spells_a_place(name: str) -> bool:
    """Whether a two-word-or-more "name" is a place: a country or capital as a whole ("Buenos Aires", "South Korea";
    not "Jordan Peterson", whose first name alone is a country), or a city spelled with a place word."""
    parts = name.split()
    if parts[0].lower() in _PLACE_OPENERS or parts[-1].lower() in _PLACE_CLOSERS:
        return True
    return bool(countries_in(name)) and not any(countries_in(part) for part in parts)


def _an_agencys_place(fragment: str) -> bool:
    """Whether what a byline prints after a wire's name is the place the wire filed from: one capitalised word (a
    wire credits a person by the full name: "dpa, Hamburg", "AFP/Paris", "ANSA, Roma"), a country or a capital, or a
    city spelled with a place word ("Reuters, New York"), or led by an article ("ANP, Den Haag")."""
    words = fragment.split()
    if not words or is_agency(fragment):
        return False  # "AFP, Reuters": two wires
    if len(words) == 1:
        return words[0][:1].isupper() and words[0].isalpha()
    # ... or a place led by an article or a place word as datelines print them ("ANP, Den Haag", "AFP, Le Havre",
    # "EFE, La Paz"): after a wire's name, where a person is credited by a full name, not a family name alone.
    return len(words) <= _MAX_PLACE_WORDS and (names_a_place(fragment) or spells_a_place(fragment)
                                                or words[0].upper() in _PLACE_LEADS)


def _script_of(text: str) -> str:
    """The script of a text's first letter ("LATIN", "CYRILLIC", "HANGUL", "CJK", …), or ""."""
    first = next((ch for ch in text if ch.isalpha()), "")
    return unicodedata.name(first, "").split(" ")[0] if first else ""


def _once(fragment: str) -> str:
    """A name printed twice (a theme's desktop and mobile copies: "Jane Doe Jane Doe") once, and without the
    initials of an avatar before it ("JD Jane Doe")."""
    words = fragment.split()
    half = len(words) // 2
    if len(words) >= 4 and len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    if len(words) >= 3 and 2 <= len(words[0]) <= 3 and words[0].isupper() and \
            words[0] == "".join(w[:1] for w in words[1:]).upper():
        return " ".join(words[1:])
    return fragment


def _drop_affiliation(fragment: str) -> str:
    """A name without the outlet or title printed after it without a comma: "Meg Wagner NEW YORK DAILY NEWS",
    "Ikran Dahir BuzzFeed UK News Fellow"; printed once (see :func:`_once`)."""
    fragment = _once(fragment)
    bare = _cut_affiliation(fragment)
    return _once(bare) if bare != fragment else bare


def _cut_affiliation(fragment: str) -> str:
    words = fragment.split()
    if len(words) < 3:
        return fragment
    for i in range(2, len(words)):
        # "Tom Davies Associated Press": a wire's name of two words or more glued to the person's; "Jane Doe.
        # Sputnik International": a sentence's end after the name (not an initial: "Jane A. Doe")
        if (len(words) - i >= 2 and letters(" ".join(words[i:])) in _agency_words()) or \
                (words[i - 1].endswith(".") and len(letters(words[i - 1])) >= 4 and words[i][:1].isupper()) or \
                (words[i] == "The" and i < len(words) - 1):  # "Jane Doe The Washington Post"
            return " ".join(words[:i]).rstrip(".")
    caps = [len(w) > 1 and w.isupper() for w in words]
    if caps[0] and caps[1] and not all(caps):  # "JOHN ROE Associated Press": the name in capitals, then the outlet
        return " ".join(words[:caps.index(False)])
    if not caps[0] and not caps[1] and all(caps[2:]):
        return " ".join(words[:2])
    if not caps[0] and any(caps[2:]) and not any(caps[:2]):
        first_caps = caps.index(True, 2)
        if all(caps[first_caps:]):
            return " ".join(words[:first_caps])
    roles = [i for i, w in enumerate(words) if letters(w) in _ROLE_WORDS]
    if roles and roles[0] >= 2:  # a long name before the title ("Isna Rifka Sri Rahayu Penulis"), not an outlet's
        named = roles[0] <= 3 or not any(letters(w) in _AFFILIATION_WORDS for w in words[:roles[0]])
        return " ".join(words[:roles[0]] if named else words[:2])
    return fragment


def _cut_trailer(text: str) -> str:
    """The byline without what follows the names: a date, "Updated …", a reading time, a handle."""
    digit = _DIGIT.search(text)
    tokens = (text[:digit.start()] if digit else text).split()
    end = len(tokens)
    lowered = [t.lower().strip(".,;:") for t in tokens]
    for i, word in enumerate(lowered):
        if word in _TRAILER_WORDS or word[:1] == "@" or "|" in word or (word in _FOR_WORDS and i >= 2) or \
                (word in _CONTACT_WORDS and i >= 2) or \
                (word, lowered[i + 1] if i + 1 < end else "") in _TRAILER_PAIRS or \
                (digit is not None and word in _DATE_LEAD_WORDS and end - i <= _DATE_LEAD_REACH):
            end = i
            break
    while end < len(lowered) and lowered[end] in _CONTACT_WORDS and end and lowered[end - 1] in _CONTACT_LEADS:
        end -= 1  # "Jane Doe on Twitter"
    months = _date_words()
    while digit and end and _fold(tokens[end - 1]) in months:  # "Nathan Willis March 25": not "Theresa May"
        end -= 1
    return " ".join(tokens[:end]).strip(" ,;:-–—|·")


def _cut_place(fragment: str) -> str:
    """A name without the place it was written from ("Jane Doe in Kyiv" -> "Jane Doe")."""
    tokens = fragment.split()
    for i in range(2, len(tokens) - 1):
        if tokens[i].lower() in _PLACE_WORDS and tokens[i + 1][:1].isupper():
            return " ".join(tokens[:i])
    return fragment


def normalise_case(name: str) -> str:
    """ "LISA MASCARO" -> "Lisa Mascaro", "MARY CLARE JALONICK" -> "Mary Clare Jalonick", "O'BRIEN" -> "O'Brien":
    the case of ALL-CAPS wire bylines; any other name is kept as written."""
    words = name.split()
    if len(words) < 2 or not name.isupper():
        return name

    def word(w: str, first: bool) -> str:
        low = w.lower()
        if not first and low in _PARTICLES:
            return low
        out = re.sub(r"(^|[-'’])(\w)", lambda m: m.group(1) + m.group(2).upper(), low)
        return re.sub(r"^Mc(\w)", lambda m: "Mc" + m.group(1).upper(), out)

    return " ".join(word(w, i == 0) for i, w in enumerate(words))


def classify(name: str, site_marks: tuple[str, ...] = ()) -> Kind | None:
    """The kind of one credited name, or None when it is no name at all."""
    if not name or len(name) > MAX_NAME_CHARS or _NOT_NAME.search(name) or _DIGIT.search(name) or \
            letters(name) in _NOT_NAMES or any(w.lower() in _NOT_NAME_PARTS for w in name.split()):
        return None
    if is_agency(name):
        return "agency"
    if is_desk(name):
        return "desk"
    if "+".join(_fold(w) for w in name.split()) in _DATE_LABELS:
        return None  # "Start date", "Son Güncelleme"
    keys = {letters(name)} if name.isascii() else {letters(name), plain_letters(name)}  # "Información", "informacion"
    if any(key and (key == m or (len(key) >= 6 and " " not in name and m.startswith(key)) or
                    (len(m) >= 5 and key.startswith(m) and names_an_outlet(name))) for key in keys for m in site_marks) \
            or spells_a_site(name, site_marks) or \
            (" " not in name and any(key == a + b for key in keys for a, b in pairwise(site_marks))):
        return "publisher"  # the site's own name ("KentNews" on KentNews.Online, "India Post News Weekly",
        # "ScanNetSecurity" on scan.netsecurity.ne.jp)
    if _UNSPACED.search(name):
        return "person" if len(name) <= 20 and not _ROLE_AFTER.fullmatch(name) else None
    words = name.split()
    if len(words) > 1 and (letters(words[-1]) in _ORGANISATION_WORDS or letters(words[0]) in _ORGANISATION_WORDS):
        return "publisher"  # "Arya Group", "Bertelsmann Stiftung", "Institut Pasteur": an organisation, never a person
    if len(words) > MAX_NAME_WORDS and (sum(1 for w in words if w not in _PARTICLES) > MAX_NAME_WORDS
                                        or names_an_outlet(name)):
        return None  # (particles in lower case do not count: "María del Carmen de la Fuente", "Ana Maria dos Santos")
    if len(words) == 1 and _DOMAIN.match(name):
        return None
    if len(words) == 1 and (_ACCOUNT.match(name) and (name.islower() or re.search(r"[._]", name))):
        return "account"
    return "person" if _cased_like_a_name(words) else None


def _without_from(name: str, site_marks: tuple[str, ...]) -> str:
    """An outlet or agency credited with a word for "from" ("Do UOL" on uol.com.br, "Da Reuters", "From AP"): the
    outlet or the agency; any other name as it is ("Da Silva")."""
    parts = name.split()
    if len(parts) == 2 and parts[0].lower() in _FROM_WORDS and classify(parts[1], site_marks) in ("agency", "publisher"):
        return parts[1]
    return name


def _cased_like_a_name(parts: list[str]) -> bool:
    """Whether a name in a cased script starts with a capital and most of its words do ("Cindy mangomini",
    "Lisa de Moraes"): "team publishing news" or "Please enter your name" is text, not a name."""
    initials = [w.lstrip("'\"(“‘")[:1] for w in parts]
    lower = sum(1 for w, c in zip(parts, initials, strict=True) if c.islower() and letters(w) not in _PARTICLES)
    return not initials[0].islower() and lower * 2 <= len(parts)


# A credit for the text and the other work at once, before the names: "Text and photos:", "Story and photos by",
# "Texto y fotos:", "Bài và ảnh:".
_JOINT_CREDIT = re.compile(rf"^\s*[^\W\d_]+\s*(?:{_AND_WORDS})\s*$", re.IGNORECASE)
_TRAILING_AND = re.compile(rf"[\s,]*(?:\s(?:{_AND_WORDS})|&)\s*$", re.IGNORECASE)  # "Jane Doe and [photos by …]"


def cut_other_work(text: str) -> str:
    """A byline without the credits of other work printed after the names ("… Illustration by Claire Lordon"); one
    that credits the names with the text and the other work ("Text and photos: Jane Doe") is the names."""
    found = _OTHER_WORK.search(text)
    if found is None:
        return text
    if _JOINT_CREDIT.match(text[:found.start()]):
        return text[found.end():].strip()
    return _TRAILING_AND.sub("", text[:found.start()]).strip()


def _names_a_person_first(text: str, site_marks: tuple[str, ...]) -> bool:
    """Whether a credit naming a wire opens with a person's full name ("Jane Doe and agencies"): then it is split
    like any byline, where "Staff and news service reports" stays one credit."""
    parts = _SPLIT.split(text, maxsplit=1)
    return len(parts) > 1 and len(parts[0].split()) > 1 and not names_an_outlet(parts[0]) and \
        classify(parts[0], site_marks) == "person"


def _organisation(text: str) -> tuple[int, int] | None:
    """Where an organisation's name credited in a byline starts and ends (see ``_LEGAL_FORM``; the places after
    it, "Olympia-Verlag GmbH, Nürnberg, Germany", are no part of it), or None."""
    bare = BY_PREFIX.sub("", text)
    legal = _LEGAL_FORM.search(text)
    if legal is None:
        return (len(text) - len(bare), len(text)) if _ORGANISATION_FOR.match(bare) else None
    ends = [m.end() for m in _ORG_SEGMENT.finditer(text, 0, legal.start())]
    return (ends[-1] if ends else len(text) - len(bare), legal.end())


# A wire dateline after the names: "LISA MASCARO WASHINGTON (AP)", "By Jane Doe KYIV, Ukraine (AP) —", "Jean Dupont
# PARIS (AFP)": the place in capitals (with a region after a comma) and the agency in brackets (see :func:`_agency_dateline`).
_DATELINE_AGENCY = re.compile(r"\s*[(（](?P<agency>[^()（）]{1,30})[)）]\s*[-–—:]*\s*$")
# First words of places of more than one word in capitals ("NEW YORK", "LOS ANGELES", "RIO DE JANEIRO", "THE HAGUE"),
# and last ones ("MEXICO CITY"): a dateline's place takes them with the word next to them (upper case).
_PLACE_LEADS = words("""
    NEW SAN SANTA SANTO SÃO SAO LOS LAS EL LA LE DES DEN ST. SAINT RIO DE HONG TEL KUALA ABU PORT CAPE THE
    BUENOS PHNOM ADDIS DAR ES SRI NIZHNY VELIKY НИЖНИЙ
""")
_PLACE_ENDS = words("CITY BEACH SPRINGS ISLAND ISLANDS")
_REGION = re.compile(r",\s*(?P<region>[^\W\d_][\w.’' -]{0,30})$")


def _agency_dateline(text: str) -> tuple[str, Credit, str] | None:
    """A byline with an agency in brackets after the names, often with a wire's dateline before it (see
    ``_DATELINE_AGENCY``): the names, the agency, and the word read as the place only by guess (see below), or "".
    The dateline's date ("KYIV, Ukraine, March 12 (AP)") and region go first. The place is then the words in
    capitals after a name printed in lower case (or the word before a country: "Jane Doe Kyiv, Ukraine"); after a
    name in capitals, its last word (with a word that leads or ends a place's name of more than one: "NEW YORK",
    "MEXICO CITY") when the name keeps two words. Without a region, that last word may be the name's own ("MARY
    CLARE JALONICK (AP)" as much as "LISA MASCARO WASHINGTON (AP)"): it is returned, for the page to settle."""
    found = _DATELINE_AGENCY.search(text)
    if found is None or not is_agency(found.group("agency")):
        return None
    head = text[:found.start()].rstrip(" ,")
    dated = DATE_AT_END.search(head)
    head = head[:dated.start()].rstrip(" ,") if dated else head
    region = _REGION.search(head)
    regional = region is not None and not region.group("region").isupper() and \
        len(region.group("region").split()) <= 3
    if region and regional:
        head = head[:region.start()]  # "KYIV, Ukraine (AP)": the region of the place
    last = list(_SPLIT.finditer(head))
    start = last[-1].end() if last else len(head) - len(BY_PREFIX.sub("", head))
    tokens = head[start:].split()  # the last name credited, and the place after it
    place = 0
    while place < len(tokens) and tokens[-1 - place].isupper() and len(letters(tokens[-1 - place])) >= 2:
        place += 1
    guessed = place == len(tokens) and not regional and dated is None
    if place == len(tokens):  # all in capitals: the last word, with the words that lead it ("RIO DE JANEIRO")
        place = 1
        while place < len(tokens) - 2 and (tokens[-1 - place] in _PLACE_LEADS or (place == 1 and tokens[-1] in _PLACE_ENDS)):
            place += 1
    elif place == 0 and region and regional and countries_in(region.group("region")):
        place = 1  # "Jane Doe Kyiv, Ukraine (AP)": the word before a country is its place
    place = max(0, min(place, len(tokens) - 2))  # a name keeps two words: "Jean DUPONT (AFP)"
    names = " ".join([head[:start], *tokens[:len(tokens) - place]]).strip(" ,")
    cut = tokens[-1] if guessed and place == 1 else ""
    return (names, Credit(found.group("agency").strip(), "agency"), cut)


def _same_agency(name: str, other: str) -> bool:
    """Whether two credits name one agency, however spelled ("AP" and "Associated Press")."""
    return letters(name) == letters(other) or (agency_name(name) or name) == (agency_name(other) or other)


@cache
def _agency_spellings() -> frozenset[str]:
    """Every spelling of every agency, as written: an agency printed before a name is matched case and all."""
    return frozenset(spelling for spelling, _ in agencies().spellings())


_AGENCY_FIRST_WORDS = 3


def _agency_first(text: str) -> tuple[str, Credit, str] | None:
    """A byline opening with an agency's name before the person's ("AP Jane Doe", "Associated Press Jane Doe",
    "dpa: Max Mustermann"): the names, and the agency. The agency must be spelled as listed ("AP", not "Ap") and a
    full name follow, so "Ria Novak" is a person, not RIA Novosti's."""
    bare = BY_PREFIX.sub("", text)
    if is_agency(bare):
        return None  # "Yonhap News Agency", "dpa/AFP": agencies only
    tokens = bare.split()
    for size in range(1, min(_AGENCY_FIRST_WORDS, len(tokens) - 1) + 1):
        agency = " ".join(tokens[:size]).rstrip(":|·")
        if agency in _agency_spellings():
            rest = " ".join(tokens[size:]).lstrip(":|·-/ ")
            first, *after = _SPLIT.split(rest, maxsplit=1)
            if is_job_title(first) or classify(first) == "desk":
                return ("", Credit(agency, "agency"), "")  # "AP National Writer", "Reuters Editorial": the agency's desk
            if _an_agencys_place(first):
                return (" ".join(after), Credit(agency, "agency"), "")  # "EFE Madrid": where it filed from
            if len(first.split()) >= 2 and classify(first) == "person":
                return (rest, Credit(agency, "agency"), "")
    return None


def parse_byline(raw: str, site_marks: tuple[str, ...] = ()) -> list[Credit]:
    """The credits of one byline string (see :func:`_parse`)."""
    return list(_parse(raw, site_marks))


@lru_cache(maxsize=4096)  # a site prints the same bylines on page after page
def _parse(raw: str, site_marks: tuple[str, ...]) -> tuple[Credit, ...]:
    """The credits of one byline string, in order, duplicates dropped.

    Names are split on commas and conjunctions of many languages, unless the parts are not names
    (a combined credit such as "Staff and news service reports" stays one agency credit); a job
    title ends the names ("…, Senior Staff Technologist, ACLU …"); a date, "Updated …" or a
    reading time ends the byline.
    """
    text = cut_other_work(" ".join(raw.split()))  # "Ysabel Yates Illustration by Claire Lordon"
    if _FILED_UNDER.match(text):
        return ()  # "abgelegt unter: Weltweit, Vatikan": the story's topics
    wrapped = _WRAPPED.match(text)
    if wrapped:
        text = wrapped.group(1)  # "《KT》", "[田中宏昌，ITmedia]", "（文・山田太郎）": the byline in brackets
    text = ROLE_PREFIX.sub("", _without_about(_WIRE_DATELINE.sub("", text)), count=1)  # "Par notre envoyé spécial …"
    labelled = labelled_author(text)
    if labelled is not None:
        text = text[labelled:]  # "来源：人民网 作者：张三": the facts before the author's label name nobody
    split = _agency_dateline(text) or _agency_first(text)
    if split is not None:  # "LISA MASCARO WASHINGTON (AP)", "AP Jane Doe": the agency credited, the rest parsed
        names, agency, cut = split
        named = _parse(names, site_marks)
        whole = _parse(f"{names} {cut}", site_marks) if cut and named and named[-1].kind == "person" else ()
        if whole and whole[-1].kind == "person" and len(whole[-1].name) > len(named[-1].name):
            named = (*named[:-1], Credit(named[-1].name, "person", whole[-1].name))  # the name with the place's word
        return (*named, agency) if not any(_same_agency(c.name, agency.name) for c in named) else named
    if _INTERVIEW.match(text):
        text = _INTERVIEWEE.sub("", text)
    organisation = _organisation(text)
    if organisation is not None:
        start, end = organisation
        return (*_parse(text[:start].strip(" ,;|-–—"), site_marks), Credit(text[start:end].strip(), "publisher"))
    if _PLAIN_NAME.fullmatch(text) and not by_prefix(text) and not names_several(text) and \
            not _WIRE_CREDIT.search(text) and not any(w.lower() in _ENDING_WORDS for w in text.split()) and \
            not _ROLE_AFTER.search(text):
        text = _without_from(text, site_marks)
        kind = classify(text, site_marks)  # most bylines in metadata are one plain name: the short way
        if kind in (None, "person"):
            bare = _drop_affiliation(text)
            kind = classify(bare, site_marks)
            text = normalise_case(bare)
        return (Credit(text, kind),) if kind else ()
    text = _PARENS.sub(" ", text) if _URL.search(text) else text  # "Bradley M. Kuhn (http://…)"
    text = _WITH_PAREN.sub(", ", text)
    text = BY_PREFIX.sub("", " ".join(_URL.sub(" ", text).split()))
    groups = _titled_groups(text)
    if groups:  # "By John Roe, Political Editor, and Jane Doe, Chief Reporter": each name with its title
        found: dict[str, Credit] = {}
        for group in groups:
            for credit in _parse(group, site_marks):
                found.setdefault(letters(credit.name), credit)
        return tuple(found.values())
    text = _cut_trailer(text)
    text = BY_PREFIX.sub("", text)  # "By by JOSH HASKELL", "Posted by …"
    if not text:
        return ()
    if _WIRE_CREDIT.search(text) and not is_agency(text) and not _names_a_person_first(text, site_marks):
        return (Credit(text, "agency"),)  # "Staff and news service reports", "From wire reports"
    credits: list[Credit] = []
    chinese = _CHINESE_LABEL.search(raw) is not None
    fragments = [name for fragment in _SPLIT.split(text)
                 for name in _joined_names(_ROLE_AFTER.sub("", fragment), chinese, _REPORTERS.search(fragment) is not None)]
    for fragment in fragments:
        if _OTHER_WORK_NOTE.search(fragment):
            continue  # "… and Adrian Malloch (photography)": a photographer, not an author
        fragment = BY_PREFIX.sub("", _PAREN_END.sub("", fragment)).strip(" .:-–—|·'\"")
        fragment = _cut_place(_ROLE_AFTER.sub("", fragment))  # "홍길동 기자", "Jane Doe in Kyiv"
        if fragment.count(")") > fragment.count("("):
            fragment = fragment.rstrip(")").strip()  # the end of a parenthesis the split cut in two
        if not fragment or (credits and _a_place_after(fragment, credits)):
            continue
        if credits and _is_role(fragment) and not is_agency(fragment):
            break  # "Jane Doe, Senior Correspondent, …": what follows is her title
        if credits and len(fragment.split()) > 1 and not is_agency(fragment) and \
                any(letters(w) in _AFFILIATION_WORDS for w in fragment.split()) and \
                _drop_affiliation(fragment) == fragment:
            continue  # "Joe Davidson, Washington Post": where she works (not "JOHN ROE Associated Press")
        fragment = _without_from(fragment, site_marks)
        kind = classify(fragment, site_marks)
        if kind in (None, "person"):
            bare = _drop_affiliation(fragment)  # "Meg Wagner NEW YORK DAILY NEWS"
            if bare != fragment and classify(bare, site_marks) == "person":
                fragment, kind = bare, "person"
        if kind == "person" and len(fragments) > 1 and fragment.split()[0].lower() in _NO_FIRST_NAMES:
            kind = None  # a phrase cut at its "and": "The Russian and Syrian defense ministries"
        if kind is None:
            if credits and len(fragment.split()) > MAX_NAME_WORDS:
                break  # a bio or a sentence after the names
            continue
        credits.append(Credit(normalise_case(fragment) if kind == "person" else fragment, kind))
    if any(c.kind == "person" and (" " in c.name or _UNSPACED.search(c.name)) for c in credits):
        # Beside a full name, one capitalised word is the outlet ("Af Jens Hansen, Politiken"), not a co-author.
        credits = [c for c in credits if c.kind != "person" or " " in c.name or _UNSPACED.search(c.name)]
    seen: set[str] = set()
    unique = []
    for credit in credits:
        if letters(credit.name) not in seen:
            seen.add(letters(credit.name))
            unique.append(credit)
    return tuple(unique)
