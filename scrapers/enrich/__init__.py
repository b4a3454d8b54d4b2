"""What an article is about and where it came from, read from its text: ``enrich(article)``.

Runs at the end of extraction, on the extracted headline and body:

* ``corrections``: correction and update notices taken out of the body (``corrections.py``);
* ``dateline``: "KYIV, Ukraine (AP) —" -> ``dateline_place``, ``agency`` (``dateline.py``); an
  agency's name among the authors is dropped when a person is named too;
* ``places``: ISO 3166 country codes with counts, and actors (``places.py``, gazetteers in ``data/``).

Pure and offline: the gazetteers are data files and pycountry's tables; nothing is downloaded.
"""

from __future__ import annotations

from typing import Any

from scrapers.enrich.corrections import split_corrections
from scrapers.enrich.dateline import agency_name, find_dateline
from scrapers.enrich.places import find_places
from scrapers.models import Article

__all__ = ["enrich", "enrichment"]


def enrich(article: Article) -> Article:
    """The article with its corrections split off, its dateline, agency, countries and actors."""
    if not article.body:
        return article
    return article.replace(**enrichment(article.title, article.body, article.authors, article.language))


def enrichment(title: str | None, body: str, authors: tuple[str, ...], language: str | None) -> dict[str, Any]:
    """The fields ``enrich`` sets, from a record's fields before it is made (extraction makes the
    record once, with these): the body without its notices, the notices, dateline, agency, authors
    without agencies beside people, countries and actors."""
    body, corrections = split_corrections(body)
    dateline = find_dateline(body)
    agency = dateline.agency if dateline else None
    people = [name for name in authors if agency_name(name) is None]
    credited = [agency_name(name) for name in authors if agency_name(name) is not None]
    places = find_places(title, body, dateline.place if dateline else None, language)
    return {"body": body, "corrections": corrections, "dateline_place": dateline.place if dateline else None,
            "agency": agency or (credited[0] if credited else None),
            # An agency credited beside a reporter is not an author; alone, it is all the byline there is.
            "authors": tuple(people) if people else authors,
            "countries": places.countries, "actors": places.actors}
