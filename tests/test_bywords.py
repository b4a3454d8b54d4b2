"""One vocabulary of by-words ("By", "Von", "Autor:", "بقلم", "記者" …) for the byline model and the dates.

The date finder takes a short box named "sidebar" for the post's author-and-date box when it names the author;
a line opening with a by-word of any language the byline model knows and a name says so, a widget's "Text size"
does not.
"""

from __future__ import annotations

import pytest

from scrapers.bywords import opens_with_by
from tests.test_dates_text import RELATED_ASIDE, STORY, dates, day


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
