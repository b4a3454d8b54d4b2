"""The sources file: the bundled one loads, and mistakes are reported with file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapers.errors import ConfigError
from scrapers.sources import load_sources, parse_sources

ROOT = Path(__file__).resolve().parent.parent


def test_bundled_sources_file_is_valid_and_covers_major_publishers() -> None:
    config = load_sources(ROOT / "sources.toml")
    names = {s.name for s in config.sources}
    assert {"aljazeera", "bbc-world", "reuters", "guardian-world", "yonhap", "kyiv-independent"} <= names
    for source in config.sources:
        assert source.feeds or source.sitemaps or source.listings
        assert source.article_patterns, f"{source.name} has no article pattern"
    assert not config.settings.allow_private_addresses


def test_every_problem_is_reported_with_line_and_field() -> None:
    text = """
[defaults]
max_pages = 0

[[source]]
name = "ok"
feeds = ["https://example.com/feed"]

[[source]]
name = "broken"
timezone = "Mars/Olympus"
feeds = ["ftp://example.com/feed"]
article_patterns = ['(unclosed']
colour = "red"

[[source]]
name = "ok"
listings = ["https://example.org/"]
"""
    with pytest.raises(ConfigError) as caught:
        parse_sources(text, "my.toml")
    message = str(caught.value)
    assert "my.toml:3: [defaults]: 'max_pages' must be a positive integer" in message
    assert "my.toml:11: source #2 ('broken'): unknown timezone 'Mars/Olympus'" in message
    assert "my.toml:12:" in message and "not an http(s) URL" in message
    assert "invalid regex '(unclosed'" in message
    assert "unknown key 'colour'" in message
    assert "duplicate source name 'ok'" in message


def test_source_without_any_discovery_url_is_refused() -> None:
    with pytest.raises(ConfigError, match="needs at least one of 'feeds', 'sitemaps', 'listings'"):
        parse_sources('[[source]]\nname = "empty"\n')


def test_missing_file_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"not found .*--sources"):
        load_sources(tmp_path / "nope.toml")


def test_patterns_and_selection() -> None:
    config = parse_sources("""
[[source]]
name = "a"
listings = ["https://a.example/world/"]
article_patterns = ['^https://a\\.example/\\d{4}/']
exclude_patterns = ['/live/']
[[source]]
name = "b"
feeds = ["https://b.example/rss"]
""")
    a = config.sources[0]
    assert a.accepts("https://a.example/2026/05/summit")
    assert not a.accepts("https://a.example/2026/live/summit")
    assert not a.accepts("https://a.example/tag/summit")
    assert [s.name for s in config.select(["b"]).sources] == ["b"]
    with pytest.raises(ConfigError, match="unknown source"):
        config.select(["c"])


def test_source_rules_are_validated_with_the_file_and_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import scrapers.extract as extract
    from scrapers.extract.rules import Rules

    config = parse_sources("""
[[source]]
name = "a"
feeds = ["https://a.example/rss"]
[source.rules]
body = ".story-text"
drop = [".promo"]
""")
    rules = config.sources[0].rules
    assert isinstance(rules, Rules) and rules.body == (".story-text",) and rules.drop == (".promo",)

    def parsed_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("a source's rules were parsed again for a page")

    monkeypatch.setattr(extract, "parse_rules", parsed_again)
    text = "The envoys met in Geneva for a third round of talks on the prisoner exchange and the ceasefire. " * 4
    page = (f"<html><body><div class='promo'>Subscribe now</div><div class='story-text'><p>{text}</p>"
            f"<p>{text}</p></div></body></html>")
    for _ in range(3):
        article = extract.extract_article(page, "https://a.example/news/1", rules=rules)
        assert article.body.startswith("The envoys met") and "Subscribe" not in article.body


@pytest.mark.parametrize(("text", "message"), [
    ("source = [1, 2]\n", "source #1: must be a table ([[source]])"),
    ('source = "bbc"\n', "top level: 'source' must be an array of tables ([[source]])"),
    ('defaults = 3\n[[source]]\nname = "a"\nfeeds = ["https://a.example/rss"]\n', "[defaults]: must be a table"),
    ('[[source]]\nname = "a"\nhomepage = "www.a.example"\nfeeds = ["https://a.example/rss"]\n',
     "'homepage' has 'www.a.example', which is not an http(s) URL"),
])
def test_a_file_of_the_wrong_shape_is_a_config_error(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_sources(text, "s.toml")
    assert message in str(caught.value)


def test_discovery_urls_are_read_as_written_less_surrounding_space_and_repeats() -> None:
    text = ('[[source]]\nname = "a"\nfeeds = [" https://a.example/rss\\n", "https://a.example/rss"]\n'
            'sitemaps = ["https://a.example/sitemap.xml ", "https://a.example/sitemap.xml"]\n')
    (source,) = parse_sources(text).sources
    assert source.feeds == ("https://a.example/rss",)
    assert source.sitemaps == ("https://a.example/sitemap.xml",)
