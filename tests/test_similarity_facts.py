"""Facts in stories: reports told in one template with other facts stay apart, spun copies still join.

Templated pages (market closes, match results, weather outlooks, election counts) share their
sentence frames day after day, so their sentences are as parallel as a spun copy's; what differs
is the facts: numbers, people, places. Each frame below is filled twice with different facts
(two different stories) and spun once (the same story: synonyms swapped, a paragraph dropped,
two moved, chrome added, facts kept).
"""

from __future__ import annotations

import numpy as np
import pytest

from scrapers.similarity import SAME_STORY, Match, Sketch, compare, fingerprint

MARKET = """NEW YORK — The Dow Jones Industrial Average {move} {pts} points, or {pct} percent, to {close} on {day}, as shares of {company} {move} after the company reported its quarterly results.

The S&P 500 {move} {pct2} percent to {spx}, and the Nasdaq Composite ended {pct3} percent {way} at {ndx}.

"Investors are waiting for the central bank to show its hand," said {analyst}, chief investment officer at {firm} in {city}.

Oil prices settled at {oil} dollars a barrel, while the yield on the 10-year Treasury note stood at {yld} percent.

{analyst2}, an economist at {firm2}, said the jobs report due on {day2} would show whether the economy added more than {jobs},000 jobs in {month}."""

MARKET_FACTS = (
    {"move": "rose", "pts": "212", "pct": "0.6", "close": "35,418", "day": "Tuesday", "company": "Nvidia", "pct2": "0.8", "spx": "4,581",
         "pct3": "1.1", "way": "higher", "ndx": "14,302", "analyst": "Karen Whitfield", "firm": "Harbor Lane Capital", "city": "Boston",
         "oil": "78", "yld": "4.21", "analyst2": "Miguel Ortega", "firm2": "Stanton Partners", "day2": "Friday", "jobs": "180",
         "month": "October"},
    {"move": "fell", "pts": "97", "pct": "0.3", "close": "35,121", "day": "Wednesday", "company": "Boeing", "pct2": "0.4", "spx": "4,562",
         "pct3": "0.7", "way": "lower", "ndx": "14,205", "analyst": "Daniel Brooks", "firm": "Redwood Advisors", "city": "Chicago",
         "oil": "81", "yld": "4.35", "analyst2": "Priya Natarajan", "firm2": "Albion Research", "day2": "Thursday", "jobs": "150",
         "month": "November"},
)

MARKET_SPUN = """Subscribe to our newsletter for the day's top stories.

NEW YORK — The Dow Jones Industrial Average climbed 212 points, or 0.6 percent, to 35,418 on Tuesday, as stocks of Nvidia climbed after the firm posted its quarterly figures.

Oil costs closed at 78 dollars a barrel, while the return on the 10-year Treasury bill stood at 4.21 percent.

The S&P 500 climbed 0.8 percent to 4,581, and the Nasdaq Composite finished 1.1 percent up at 14,302.

Miguel Ortega, an analyst at Stanton Partners, stated the employment report due on Friday would reveal whether the economy created more than 180,000 positions in October."""

FOOTBALL = """{home} beat {away} {goals}-{conceded} at home on {day} night, moving up to {place}th place in the table with {points} points from {games} games.

{scorer} opened the scoring in the {minute}th minute with a low shot from the edge of the box, and the visitors never recovered from the early setback.

{keeper} made {saves} saves for {away}, including a penalty in the {late}th minute, but could not stop a late header from a corner.

"We showed real character in the second half," {coach} told reporters after the game, adding that {home} would travel to {next} next week."""

FOOTBALL_FACTS = (
    {"home": "Brentford", "away": "Everton", "goals": "3", "conceded": "1", "day": "Saturday", "place": "7", "points": "31", "games": "19",
         "scorer": "Jonas Lindqvist", "minute": "12", "keeper": "Marek Novak", "saves": "6", "late": "64", "coach": "Thomas Frank",
         "next": "Burnley"},
    {"home": "Fulham", "away": "Wolves", "goals": "2", "conceded": "0", "day": "Sunday", "place": "11", "points": "24", "games": "18",
         "scorer": "Andreas Pereira", "minute": "38", "keeper": "Jose Sa", "saves": "4", "late": "81", "coach": "Marco Silva",
         "next": "Chelsea"},
)

FOOTBALL_SPUN = """Brentford defeated Everton 3-1 at home on Saturday evening, climbing to 7th spot in the standings with 31 points from 19 matches.

Marek Novak made 6 stops for Everton, including a spot kick in the 64th minute, but could not halt a late header from a corner.

Share this article on Facebook, Twitter and WhatsApp

"We displayed genuine character in the second half," Thomas Frank told journalists after the match, adding that Brentford would journey to Burnley next week."""

# Spanish: names capitalised as in English.
ELECTION = """Con el {counted} % de las mesas escrutadas, {winner} obtiene el {share} % de los votos en {region} y supera por {margin} votos a {loser}, según los datos provisionales del {day}.

La participación alcanzó el {turnout} % de los {voters} electores inscritos, frente al {before} % registrado en {year}.

{winner} agradeció el apoyo de sus votantes en un acto celebrado en {city}, mientras {loser} pidió esperar al recuento definitivo.

El nuevo parlamento regional tendrá {seats} escaños y la mayoría absoluta queda fijada en {majority} diputados."""

ELECTION_FACTS = (
    {"counted": "92", "share": "41", "region": "Aragón", "margin": "18.430", "loser": "Marta Galindo", "day": "domingo",
         "winner": "Jorge Azcón", "turnout": "63", "voters": "1.012.000", "before": "58", "year": "2019", "city": "Zaragoza", "seats": "67",
         "majority": "34"},
    {"counted": "88", "share": "37", "region": "Extremadura", "margin": "9.112", "loser": "Luis Carvajal", "day": "lunes",
         "winner": "Ana Belén Rubio", "turnout": "59", "voters": "890.500", "before": "61", "year": "2015", "city": "Mérida", "seats": "65",
         "majority": "33"},
)

ELECTION_SPUN = """Con el 92 % de las mesas contabilizadas, Jorge Azcón consigue el 41 % de los sufragios en Aragón y aventaja por 18.430 votos a Marta Galindo, de acuerdo con los datos provisionales del domingo.

El nuevo parlamento autonómico contará con 67 escaños y la mayoría absoluta se sitúa en 34 diputados.

La participación llegó al 63 % de los 1.012.000 electores censados, frente al 58 % anotado en 2019."""

# German capitalises every noun, and spinners replace nouns: only the numbers are facts.
WEATHER_DE = """Der Deutsche Wetterdienst erwartet am {day} in {city} Temperaturen von bis zu {high} Grad, in der Nacht kühlt es auf {low} Grad ab.

Von Westen zieht eine Kaltfront heran, die bis zum Wochenende {rain} Liter Regen pro Quadratmeter bringen kann, dazu Böen mit bis zu {gust} Kilometern pro Stunde.

Zuletzt war es im November {year} in {city} so nass, als innerhalb von {days} Tagen {record} Liter fielen."""

WEATHER_DE_FACTS = (
    {"day": "Dienstag", "city": "Köln", "high": "14", "low": "6", "rain": "35", "gust": "80", "year": "1998", "days": "3", "record": "62"},
    {"day": "Freitag", "city": "Leipzig", "high": "9", "low": "2", "rain": "20", "gust": "65", "year": "2010", "days": "4", "record": "48"},
)

WEATHER_DE_SPUN = """Zuletzt war es im November 1998 in Köln so feucht, als binnen 3 Tagen 62 Liter herunterkamen.

Der Deutsche Wetterdienst rechnet am Dienstag in Köln mit Werten von bis zu 14 Grad, in der Nacht kühlt es auf 6 Grad ab.

Von Westen rückt eine Kaltfront heran, die bis zum Wochenende 35 Liter Niederschlag pro Quadratmeter bringen kann, dazu Windstöße mit bis zu 80 Kilometern pro Stunde."""

# Arabic has no capital letters: only the numbers are facts.
WEATHER_AR = """قالت هيئة الأرصاد الجوية إن درجات الحرارة في {city} ستصل إلى {high} درجة مئوية يوم {day} مع رياح تصل سرعتها إلى {wind} كيلومترا في الساعة.

وتوقعت الهيئة هطول أمطار تصل إلى {rain} مليمترا على المناطق الساحلية خلال الساعات {hours} المقبلة.

ودعت الهيئة السكان إلى الحذر على الطرق وأشارت إلى أن درجات الحرارة ستنخفض إلى {low} درجات ليلا."""

WEATHER_AR_FACTS = (
    {"city": "الإسكندرية", "high": "31", "day": "الأحد", "wind": "45", "rain": "12", "hours": "48", "low": "19"},
    {"city": "بيروت", "high": "27", "day": "الخميس", "wind": "60", "rain": "30", "hours": "24", "low": "14"},
)

WEATHER_AR_SPUN = """أفادت هيئة الأرصاد الجوية بأن درجات الحرارة في الإسكندرية ستبلغ 31 درجة مئوية يوم الأحد مع رياح تصل سرعتها إلى 45 كيلومترا في الساعة.

ودعت الهيئة المواطنين إلى الحيطة على الطرق وأشارت إلى أن درجات الحرارة ستهبط إلى 19 درجات ليلا.

وتوقعت الهيئة تساقط أمطار تصل إلى 12 مليمترا على المناطق الساحلية خلال الساعات 48 القادمة."""

FRAMES = {  # language -> (frame, two sets of facts, a spun copy of the first report)
    "en-market": (MARKET, MARKET_FACTS, MARKET_SPUN),
    "en-football": (FOOTBALL, FOOTBALL_FACTS, FOOTBALL_SPUN),
    "es": (ELECTION, ELECTION_FACTS, ELECTION_SPUN),
    "de": (WEATHER_DE, WEATHER_DE_FACTS, WEATHER_DE_SPUN),
    "ar": (WEATHER_AR, WEATHER_AR_FACTS, WEATHER_AR_SPUN),
}


def _reports(name: str) -> tuple[str, str, str, str]:
    frame, (first, second), spun = FRAMES[name]
    return name[:2], frame.format(**first), frame.format(**second), spun


def _match(a: str, b: str, language: str) -> Match:
    return compare(fingerprint(a, language).sketch, fingerprint(b, language).sketch)


@pytest.mark.parametrize("name", sorted(FRAMES))
def test_two_reports_in_one_template_with_other_facts_stay_apart(name: str) -> None:
    language, first, second, _ = _reports(name)
    match = _match(first, second, language)
    assert match.similarity >= SAME_STORY  # the frames alone make them look like one story ...
    assert match.facts is not None and not match.same_story  # ... the facts tell them apart


@pytest.mark.parametrize("name", sorted(FRAMES))
def test_a_spun_copy_of_a_templated_report_still_joins_it(name: str) -> None:
    language, first, second, spun = _reports(name)
    assert _match(first, spun, language).same_story
    assert not _match(second, spun, language).same_story


def test_numbers_weigh_more_than_names() -> None:
    """A spinner that swaps capitalised words (a thesaurus knows "new" and "industrial") keeps
    every number: such a copy still joins. A report that keeps the names and changes every number
    (one city's weather, one index's close) is another story."""
    language, first, _, _ = _reports("en-market")
    names_swapped = first.replace("Industrial", "Manufacturing").replace("Harbor Lane", "Port Street").replace(
        "Redwood", "Sequoia").replace("Stanton", "Stanford")
    assert _match(first, names_swapped, language).same_story
    other = MARKET.format(**{**MARKET_FACTS[0], **{k: v for k, v in MARKET_FACTS[1].items()
                                                   if any(c.isdigit() for c in v)}})
    assert not _match(first, other, language).same_story


def test_facts_are_numbers_and_names_inside_sentences() -> None:
    sketch = fingerprint("Officials said on Friday that Anna Berg would lead 12 talks in Oslo.", "en").sketch
    assert sketch.numbers is not None and sketch.names is not None
    assert len(sketch.numbers) == 1  # 12
    assert len(sketch.names) == 4  # Friday, Anna, Berg, Oslo; not "Officials", the first word
    german = fingerprint("Die Regierung hat am Dienstag 12 neue Gesetze für die Schulen beschlossen.", "de").sketch
    assert german.names is not None and german.numbers is not None
    assert len(german.names) == 0 and len(german.numbers) == 1
    # An English text whose language is not known is read the same way (function words of every list).
    unknown = fingerprint("Officials said on Friday that Anna Berg would lead 12 talks in Oslo.").sketch
    assert unknown.names is not None and len(unknown.names) == 4


def _old_blob(sketch: Sketch) -> bytes:
    """The blob a geowire without facts stored: sentences, distinct, weight and words only."""
    head = np.array([len(sketch.distinct)], dtype="<u4")
    return b"".join(a.astype("<u4").tobytes() for a in (head, sketch.distinct, sketch.weight, sketch.words))


def test_a_sketch_stored_before_facts_loads_and_compares_on_similarity_alone() -> None:
    language, first, second, spun = _reports("en-market")
    new = fingerprint(first, language).sketch
    old = Sketch.from_bytes(_old_blob(new))
    assert old.numbers is None and old.names is None
    assert np.array_equal(old.words, new.words) and np.array_equal(old.weight, new.weight)
    assert compare(old, fingerprint(spun, language).sketch).same_story
    # Facts unknown: judged as before facts were kept (the frames are enough to join).
    unknown = compare(old, fingerprint(second, language).sketch)
    assert unknown.facts is None and unknown.same_story
    again = Sketch.from_bytes(new.to_bytes())
    assert again.numbers is not None and again.names is not None and new.numbers is not None and new.names is not None
    assert np.array_equal(again.numbers, new.numbers) and np.array_equal(again.names, new.names)
    assert compare(again, new).relation == "copy"
