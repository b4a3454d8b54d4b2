"""The mess of ``../shared/seed/sample-page-text.txt``, served the way a tagDiv "Newspaper" site serves it.

The seed file is what a naive scrape of one such page produced: weather widget and
date bar on top, the headline with a section suffix, a photo caption with its credit
mid-body, "Related Articles" / "Latest Articles" at the end. Here those pieces are
put back into theme markup (header widgets, share bar, caption figure, related
block inside the post, sidebar) and the extractor must pull them apart again.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from scrapers.extract import extract_article
from scrapers.models import Article, Caption, Weather

URL = "https://example-news.test/2024/11/21/us-south-korea-japan-slam-ties/"
TEASERS = ("Zelenskyy says Ukraine will not trade land for a ceasefire deal",
           "Oil prices climb as investors weigh new sanctions on Moscow")
SIDEBAR = ("Markets rally after central bank holds rates", "Storm warning issued for the east coast")


@dataclass(frozen=True)
class Seed:
    temperature: str
    city: str
    date_bar: str
    headline: str
    suffix: str
    paragraphs: list[str]
    caption: str
    credit: str
    trailing: list[str]


def read_seed(path: Path) -> Seed:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    temperature, city, date_bar, title_line = lines[:4]
    headline, suffix = title_line.split(" | ", 1)
    trailing = [line for line in lines[4:] if line in {"Related Articles", "Latest Articles"}]
    caption_line = next(line for line in lines if re.search(r"\[[^\]]+/[^\]]+\]$", line))
    caption, credit = re.fullmatch(r"(.*?)\s*\[([^\]]+)\]", caption_line).groups()
    paragraphs = [line for line in lines[4:] if line not in trailing and line != caption_line]
    return Seed(temperature, city, date_bar, headline, suffix, paragraphs, caption, credit, trailing)


def newspaper_page(seed: Seed, *, with_h1: bool) -> str:
    """A page in the markup of the tagDiv Newspaper theme (classes as the theme prints them)."""
    e = html.escape
    value, unit = seed.temperature.split()
    paragraphs = [f"<p>{e(p)}</p>" for p in seed.paragraphs]
    middle = len(paragraphs) // 2
    figure = (f'<figure class="wp-block-image"><img src="/img/apec.jpg" alt="">'
              f"<figcaption>{e(seed.caption)} [{e(seed.credit)}]</figcaption></figure>")
    related = "".join(f'<div class="td_module_related_posts"><h3 class="entry-title td-module-title">'
                      f'<a href="/{i}">{e(t)}</a></h3></div>' for i, t in enumerate(TEASERS))
    latest = "".join(f'<li><a href="/s{i}">{e(t)}</a></li>' for i, t in enumerate(SIDEBAR))
    h1 = f'<h1 class="tdb-title-text">{e(seed.headline)}</h1>' if with_h1 else ""
    return f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8">
<title>{e(seed.headline)} | {e(seed.suffix)}</title>
<meta property="og:title" content="{e(seed.headline)} | {e(seed.suffix)}">
<meta property="og:site_name" content="Example News"><meta property="og:type" content="article">
<meta property="article:published_time" content="2024-11-16T09:12:00+00:00">
</head><body class="post-template-default single single-post td-standard-pack">
<div class="td-theme-wrap"><div class="td-header-wrap"><div class="td-header-top-menu">
<div class="td_data_time"><div>{e(seed.date_bar)}</div></div>
<div class="td-weather-top-widget" id="td_top_weather_uid"><i class="td-icons few-clouds-d"></i>
<div class="td-weather-now">
<span class="td-big-degrees">{value}</span>
<span class="td-weather-unit">{unit}</span>
</div>
<div class="td-weather-header"><div class="td-weather-city">{e(seed.city)}</div></div></div>
<ul class="top-header-menu"><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li></ul>
</div><div class="td-header-menu-wrap"><ul class="sf-menu"><li><a href="/world">World</a></li>
<li><a href="/ukraine">Russia-Ukraine battle Information</a></li></ul></div></div>
<div class="td-main-content-wrap"><div class="td-pb-row"><div class="td-pb-span8 td-main-content">
<article class="post type-post"><div class="td-post-header"><ul class="td-category"><li>
<a class="entry-category" href="/ukraine">{e(seed.suffix)}</a></li></ul>{h1}
<div class="td-module-meta-info"><div class="td-post-author-name">By <a href="/author/staff">Web Desk</a></div>
<span class="td-post-date"><time datetime="2024-11-16T09:12:00+00:00">November 16, 2024</time></span></div></div>
<div class="td-post-sharing-top"><div class="td-post-sharing"><a href="#">Facebook</a> <a href="#">Twitter</a>
<a href="#">WhatsApp</a></div></div>
<div class="td-post-content tagdiv-type">{"".join(paragraphs[:middle])}{figure}{"".join(paragraphs[middle:])}
<div class="td_block_wrap td_block_related_posts"><h4 class="td-related-title"><span>{e(seed.trailing[0])}</span></h4>
{related}</div></div>
<div class="td-post-source-tags"><ul class="td-tags"><li><span>TAGS</span></li><li><a href="/tag/apec">APEC</a></li></ul></div>
<div class="td-author-by-author"><div class="td-author-name">Web Desk</div>
<div class="td-author-description">Web Desk covers world news around the clock for Example News readers.</div></div>
</article></div><div class="td-pb-span4 td-main-sidebar"><div class="td_block_wrap">
<h4 class="block-title"><span>{e(seed.trailing[-1])}</span></h4><ul>{latest}</ul></div>
<div class="td-a-rec">Advertisement</div></div></div></div>
<div class="td-footer-wrapper"><p>© Example News 2024. Follow us on Facebook</p></div></div></body></html>"""


@pytest.fixture(scope="module")
def seed(shared_dir: Path) -> Seed:
    return read_seed(shared_dir / "seed" / "sample-page-text.txt")


@pytest.fixture(scope="module", params=[True, False], ids=["h1", "no-h1"])
def article(seed: Seed, request: pytest.FixtureRequest) -> Article:
    return extract_article(newspaper_page(seed, with_h1=request.param), URL)


def test_headline_without_section_suffix(seed: Seed, article: Article) -> None:
    assert article.title == seed.headline
    assert seed.suffix not in article.title


def test_header_widgets_become_fields(seed: Seed, article: Article) -> None:
    value, unit = seed.temperature.split()
    assert article.weather == Weather(float(value), unit, seed.city, f"{seed.temperature} {seed.city}")
    assert article.page_date == date(2024, 11, 21)
    assert article.rules_version and "tagdiv" in article.rules_version


def test_body_is_the_article_in_order(seed: Seed, article: Article) -> None:
    assert article.body.split("\n\n") == seed.paragraphs


def test_chrome_caption_and_teasers_stay_out(seed: Seed, article: Article) -> None:
    body = article.body
    for leaked in (seed.temperature, seed.city + "\n", seed.date_bar, seed.suffix, *seed.trailing, *TEASERS,
                   *SIDEBAR, seed.caption, seed.credit, "Facebook", "Advertisement", "Web Desk covers", "TAGS"):
        assert leaked not in body, leaked
    assert article.captions == (Caption(seed.caption, seed.credit),)


def test_metadata(article: Article) -> None:
    assert article.authors == ("Web Desk",)
    assert article.site_name == "Example News"
    assert article.language == "en"
    assert article.is_article and article.reason is None
