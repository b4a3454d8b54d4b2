"""News agencies: the one list of their names and spellings (``agencies.toml``), for every part that credits them.

Three parts of geowire recognise an agency, each in its own context; with a list each, the lists drift
apart ("dpa-AFX" a wire credit but no byline agency, "Sputnik" a byline agency but no dateline one,
"رويترز" a dateline agency only). So there is one list, and each part builds what it needs from it:

- the dateline parser (:mod:`scrapers.enrich.dateline`): every spelling, case folded, to its usual name;
- the byline model (:mod:`scrapers.extract.credits`): every spelling's letters, and the words that say
  "news agency" ("Agencies", "Agencia EFE");
- the date finder (:mod:`scrapers.dates.labels`): every spelling, case folded with single spaces, for the
  one name a wire's credit line holds.

Users extend it with a file of the same shape named by ``$GEOWIRE_AGENCIES``, read once per process when an
agency is first looked up (set it before the pipeline starts): its agencies are added (one of the same
name replaces the built-in entry) and its words added.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from scrapers.errors import ConfigError

AGENCIES_ENV = "GEOWIRE_AGENCIES"


@dataclass(frozen=True, slots=True)
class Agencies:
    """Agencies by their usual name, each with its spellings (the name first), and the "news agency" words."""

    names: dict[str, tuple[str, ...]]
    words: tuple[str, ...]

    def spellings(self) -> list[tuple[str, str]]:
        """Every (spelling, usual name) pair."""
        return [(spelling, name) for name, spellings in self.names.items() for spelling in spellings]


@cache
def agencies() -> Agencies:
    """The built-in agencies and those of the file ``$GEOWIRE_AGENCIES`` names, if any."""
    names: dict[str, tuple[str, ...]] = {}
    words: list[str] = []
    sources = [("agencies.toml", Path(__file__).with_name("agencies.toml").read_text(encoding="utf-8"))]
    if extra := os.environ.get(AGENCIES_ENV, ""):
        try:
            sources.append((extra, Path(extra).read_text(encoding="utf-8")))
        except OSError as error:
            raise ConfigError(f"{extra}: ${AGENCIES_ENV} names a file that cannot be read: {error}") from error
    for where, text in sources:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{where}: {error}") from error
        words.extend(_strings(where, "words", data.get("words", [])))
        for name, spellings in data.get("agencies", {}).items():
            names[name] = tuple(dict.fromkeys([name, *_strings(where, f"agencies.{name}", spellings)]))
    return Agencies(names, tuple(dict.fromkeys(words)))


def _strings(where: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ConfigError(f"{where}: {key} must be a list of non-empty strings")
    return value
