"""Header weather widgets in layouts the theme rules do not know, in several languages.

The place may come before the temperature or after it, with a sky condition on either side
("BLR 26 ° C Clouds", "wolkig 27° / 11° Halle (Saale), Deutschland"), and some widgets print
degrees without a unit.
"""

from __future__ import annotations

import pytest

from scrapers.extract import extract_article
from scrapers.models import Weather

PARAGRAPH = "The council approved the new budget on Tuesday after a long debate about transport and schools."


def page(widget: str, lang: str = "en") -> str:
    return (f'<html lang="{lang}"><head><title>Council approves budget</title>'
            '<meta property="og:type" content="article"></head><body>'
            f'<header class="masthead"><div class="topbar">{widget}</div><nav><a href="/">Home</a></nav></header>'
            f"<main><article><h1>Council approves budget</h1>{f'<p>{PARAGRAPH}</p>' * 4}</article></main>"
            "</body></html>")


@pytest.mark.parametrize(("widget", "lang", "expected"), [
    (('<div class="header-weather"><span class="loc">BLR</span> <span class="t">26</span> <span>° C</span> '
     '<span class="cond">Clouds</span></div>'), "en", Weather(26.0, "C", "BLR", "BLR 26 ° C Clouds")),
    (('<div id="wetter-widget"><span>wolkig</span> <b>27°</b> / <b>11°</b> <a href="/wetter/halle">Halle (Saale), '
     "Deutschland</a></div>"), "de", Weather(27.0, "C", "Halle (Saale)", "wolkig 27° / 11° Halle (Saale), Deutschland")),
    ('<div class="meteo-now">Paris <strong>18°C</strong> Ensoleillé</div>', "fr",
     Weather(18.0, "C", "Paris", "Paris 18°C Ensoleillé")),
    ('<div class="widget-meteo">Madrid 21° Despejado</div>', "es", Weather(21.0, "C", "Madrid", "Madrid 21° Despejado")),
    ('<div class="WeatherBox">Partly Cloudy 72°F Chicago, IL</div>', "en",
     Weather(72.0, "F", "Chicago", "Partly Cloudy 72°F Chicago, IL")),
])
def test_weather_widgets_in_unseen_layouts(widget: str, lang: str, expected: Weather) -> None:
    article = extract_article(page(widget, lang), "https://city-news.test/2024/05/01/budget")
    assert article.weather == expected
    assert expected.raw not in article.body and "°" not in article.body
    assert article.title == "Council approves budget"


@pytest.mark.parametrize(("widget", "lang", "expected"), [
    ('<div class="widget-clima">Bogotá 14°C Nublado</div>', "es", Weather(14.0, "C", "Bogotá", "Bogotá 14°C Nublado")),
    ('<div class="el-tiempo"><span>Sevilla</span> <span>31 °C</span></div>', "es",
     Weather(31.0, "C", "Sevilla", "Sevilla 31 °C")),
    ('<div id="pogoda-top">Kraków 12°C pochmurno</div>', "pl", Weather(12.0, "C", "Kraków", "Kraków 12°C pochmurno")),
    ('<div class="hava-durumu">İzmir 24° güneşli</div>', "tr", Weather(24.0, "C", "İzmir", "İzmir 24° güneşli")),
    ('<div class="weer-widget">Utrecht 9°C bewolkt</div>', "nl", Weather(9.0, "C", "Utrecht", "Utrecht 9°C bewolkt")),
    ('<div class="info-cuaca">Jakarta 31°C</div>', "id", Weather(31.0, "C", "Jakarta", "Jakarta 31°C")),
])
def test_weather_widgets_named_in_the_sites_language(widget: str, lang: str, expected: Weather) -> None:
    article = extract_article(page(widget, lang), "https://city-news.test/2024/05/01/budget")
    assert article.weather == expected
    assert expected.raw not in article.body


@pytest.mark.parametrize("box", [
    '<div class="climate-tracker">Global warming so far: 1.2°C</div>',
    '<div class="weergave-opties">Toon 12° kolommen</div>',
])
def test_a_climate_box_or_a_display_setting_is_no_weather_widget(box: str) -> None:
    assert extract_article(page(box), "https://city-news.test/2024/05/01/budget").weather is None


def test_a_temperature_in_the_story_is_not_a_widget() -> None:
    html = page("").replace(f"<p>{PARAGRAPH}</p>", '<p class="weather-report">It reached 31°C in Seville on Monday, '
                            "the hottest May day on record.</p>", 1)
    assert extract_article(html, "https://city-news.test/2024/05/01/heat").weather is None
