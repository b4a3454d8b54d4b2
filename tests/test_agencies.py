"""One list of news agencies (``scrapers/agencies.toml``) for the three parts that credit them.

A dateline ("LONDON (Sputnik) -"), a byline ("By PA Media") and a wire's credit line closing a story
("© TT | 15.04.2020, 10:22") must know the same agencies: every spelling of the file is checked against all
three, and an agency a user adds through ``$GEOWIRE_AGENCIES`` is seen by all three in a real process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from scrapers.agencies import AGENCIES_ENV, agencies
from scrapers.dates import find_dates
from scrapers.enrich.dateline import agency_name, find_dateline
from scrapers.extract import extract_article
from scrapers.extract.credits import Credit, parse_byline

STORY = "<p>" + "The council met again to discuss the budget and the new school building. " * 3 + "</p>"


def wire_credit_day(credit: str) -> str | None:
    """The publication day of a story whose only date is the wire's credit line below its text."""
    html = f'<html lang="de"><body><article><h1>Bank shares fall</h1>{STORY * 8}<p>{credit}</p></article></body></html>'
    result = find_dates(LexborHTMLParser(html), None)
    return result.published_at.date().isoformat() if result.published_at else None


@pytest.mark.parametrize(("spelling", "name"), agencies().spellings())
def test_every_spelling_in_the_file_is_an_agency_to_datelines_bylines_and_wire_credits(spelling: str,
                                                                                      name: str) -> None:
    dateline = find_dateline(f"LONDON ({spelling}) - The minister said on Monday that the talks would go on.")
    assert dateline is not None and dateline.agency == name and agency_name(spelling) == name
    assert parse_byline(f"By {spelling}") == [Credit(spelling, "agency")]
    assert wire_credit_day(f"© {spelling} | 15.04.2020, 10:22") == "2020-04-15"


def test_a_credit_line_of_an_unknown_name_does_not_date_the_story() -> None:
    """The wire credit line is read by the list: a name nobody lists there is an ordinary date far down."""
    assert wire_credit_day("© Zorbia Herald | 15.04.2020, 10:22") is None


PAGE = ('<html lang="{lang}"><head><title>{title}</title></head><body><article><h1>{title}</h1>'
        '<p class="byline">{byline}</p><p>{text}</p><p>{text}</p><p>{text}</p></article></body></html>')


@pytest.mark.parametrize(("lang", "byline", "agency"), [
    ("en", "By PA Media", "PA Media"),
    ("de", "Von dpa-AFX", "dpa"),
    ("en", "By Sputnik", "Sputnik"),
    ("sv", "Av TT Nyhetsbyrån", "TT"),
])
def test_an_agency_named_only_in_the_byline_is_the_records_agency(lang: str, byline: str, agency: str) -> None:
    """The byline credits a wire (once known to the byline list only, or to none): the record's ``agency`` names
    it by its usual name, and it stays the author, no person being named."""
    text = "Officials said the bridge would reopen next week after repairs to its deck and railings. " * 3
    article = extract_article(PAGE.format(lang=lang, title="Bridge to reopen next week", byline=byline, text=text),
                              "https://news.example.com/2020/04/15/bridge-to-reopen")
    assert article.agency == agency
    assert article.authors == (byline.split(" ", 1)[1],)


EXTENSION_PROBE = """
import json
from selectolax.lexbor import LexborHTMLParser
from scrapers.dates import find_dates
from scrapers.enrich.dateline import find_dateline
from scrapers.extract.credits import parse_byline
story = "<p>" + "The council met again to discuss the budget and the new school building. " * 3 + "</p>"
html = f"<html><body><article><h1>Shares fall</h1>{story * 8}<p>© ZPA | 15.04.2020, 10:22</p></article></body></html>"
published = find_dates(LexborHTMLParser(html), None).published_at
print(json.dumps({
    "dateline": find_dateline("VARNO (Zorbian Press) - The minister said the talks would go on.").agency,
    "byline": [credit.kind for credit in parse_byline("By ZPA")],
    "byline_word": [credit.kind for credit in parse_byline("Zorbagentuuri")],
    "wire": published.date().isoformat() if published else None,
    "reuters": find_dateline("LONDON (Reuters) - The minister said the talks would go on.").agency,
}))
"""


def _probe(env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", EXTENSION_PROBE], capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, **env}, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_an_agency_added_through_the_extension_file_is_seen_by_all_three(tmp_path: Path) -> None:
    """The documented extension path: a file of the same shape named by $GEOWIRE_AGENCIES, read by a new process."""
    extra = tmp_path / "my-agencies.toml"
    extra.write_text('words = ["Zorbagentuuri"]\n\n[agencies]\n"Zorbian Press Agency" = ["ZPA", "Zorbian Press"]\n',
                     encoding="utf-8")
    assert _probe({AGENCIES_ENV: ""}) == {"dateline": "Zorbian Press", "byline": ["person"], "byline_word": ["person"],
                                          "wire": None, "reuters": "Reuters"}
    assert _probe({AGENCIES_ENV: str(extra)}) == {
        "dateline": "Zorbian Press Agency", "byline": ["agency"], "byline_word": ["agency"], "wire": "2020-04-15",
        "reuters": "Reuters"}  # the built-in list stays


def test_a_broken_extension_file_is_a_clear_error(tmp_path: Path) -> None:
    extra = tmp_path / "agencies.toml"
    extra.write_text('[agencies]\nZPA = "ZPA"\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "from scrapers.enrich.dateline import agency_name; agency_name('x')"],
                          capture_output=True, text=True, timeout=120, env={**os.environ, AGENCIES_ENV: str(extra)},
                          cwd=Path(__file__).parent.parent, check=False)
    assert done.returncode != 0
    assert f"{extra}: agencies.ZPA must be a list of non-empty strings" in done.stderr
