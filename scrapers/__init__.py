"""geowire's pure pipeline stages (no Prefect, no storage): discover → fetch → extract → normalise.

    from scrapers import discover, Fetcher, extract_article, normalise
"""

from scrapers.crawl import crawl, process_page
from scrapers.discover import discover, discover_urls
from scrapers.errors import GeowireError
from scrapers.extract import extract_article
from scrapers.fetch import Fetcher, FetchLimits, Politeness
from scrapers.models import Article, Caption, Discovered, Page, Weather
from scrapers.normalise import normalise
from scrapers.sources import Source, load_sources

__all__ = [
    "Article", "Caption", "Discovered", "FetchLimits", "Fetcher", "GeowireError", "Page", "Politeness", "Source",
    "Weather", "crawl", "discover", "discover_urls", "extract_article", "load_sources", "normalise",
    "process_page",
]
