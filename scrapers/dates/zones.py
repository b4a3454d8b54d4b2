"""The publisher's likely time zone and country, for pages that state only UTC or numbers.

A page stamped ``2023-11-01T23:01:00Z`` on repubblica.it was published on
2 November in Rome. When neither the caller (the source's configured zone)
nor the page gives a local offset, the ccTLD of a country with a single time
zone is the best remaining evidence, then the country the page's language tag
names (``de-AT``), then a language spoken in one zone only (German, Japanese,
Korean, ...). Countries spanning several zones (us, ru, br, ca, au, mx, id, ...)
and ccTLDs sold as generic names (tv, io, co, me, fm, ai, ...) are deliberately
absent, and so are languages spoken across zones (English, Spanish, French,
Portuguese, Russian, Arabic).
"""

from __future__ import annotations

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

CCTLD_ZONES: dict[str, str] = {
    "de": "Europe/Berlin", "at": "Europe/Vienna", "ch": "Europe/Zurich", "li": "Europe/Vaduz",
    "fr": "Europe/Paris", "be": "Europe/Brussels", "lu": "Europe/Luxembourg", "nl": "Europe/Amsterdam",
    "it": "Europe/Rome", "es": "Europe/Madrid", "pt": "Europe/Lisbon", "uk": "Europe/London", "ie": "Europe/Dublin",
    "dk": "Europe/Copenhagen", "se": "Europe/Stockholm", "no": "Europe/Oslo", "fi": "Europe/Helsinki",
    "ee": "Europe/Tallinn", "lv": "Europe/Riga", "lt": "Europe/Vilnius", "pl": "Europe/Warsaw",
    "cz": "Europe/Prague", "sk": "Europe/Bratislava", "hu": "Europe/Budapest", "si": "Europe/Ljubljana",
    "hr": "Europe/Zagreb", "ba": "Europe/Sarajevo", "rs": "Europe/Belgrade", "mk": "Europe/Skopje",
    "al": "Europe/Tirane", "gr": "Europe/Athens", "cy": "Asia/Nicosia", "bg": "Europe/Sofia",
    "ro": "Europe/Bucharest", "md": "Europe/Chisinau", "ua": "Europe/Kyiv", "by": "Europe/Minsk",
    "tr": "Europe/Istanbul", "il": "Asia/Jerusalem", "lb": "Asia/Beirut", "jo": "Asia/Amman",
    "sy": "Asia/Damascus", "iq": "Asia/Baghdad", "ir": "Asia/Tehran", "sa": "Asia/Riyadh", "ae": "Asia/Dubai",
    "qa": "Asia/Qatar", "eg": "Africa/Cairo", "ma": "Africa/Casablanca", "tn": "Africa/Tunis",
    "dz": "Africa/Algiers", "ng": "Africa/Lagos", "gh": "Africa/Accra", "ke": "Africa/Nairobi",
    "et": "Africa/Addis_Ababa", "za": "Africa/Johannesburg", "pk": "Asia/Karachi", "in": "Asia/Kolkata",
    "bd": "Asia/Dhaka", "lk": "Asia/Colombo", "np": "Asia/Kathmandu", "cn": "Asia/Shanghai",
    "hk": "Asia/Hong_Kong", "tw": "Asia/Taipei", "jp": "Asia/Tokyo", "kr": "Asia/Seoul", "ph": "Asia/Manila",
    "vn": "Asia/Ho_Chi_Minh", "th": "Asia/Bangkok", "my": "Asia/Kuala_Lumpur", "sg": "Asia/Singapore",
    "nz": "Pacific/Auckland", "ar": "America/Argentina/Buenos_Aires", "cl": "America/Santiago",
    "pe": "America/Lima", "ve": "America/Caracas", "uy": "America/Montevideo", "py": "America/Asuncion",
    "bo": "America/La_Paz", "cr": "America/Costa_Rica", "sv": "America/El_Salvador", "gt": "America/Guatemala",
    "hn": "America/Tegucigalpa", "ni": "America/Managua", "pa": "America/Panama", "cu": "America/Havana",
    "do": "America/Santo_Domingo", "jm": "America/Jamaica", "bs": "America/Nassau", "lc": "America/St_Lucia",
}


# Languages whose speakers (and news sites) live in one time zone, or in several with the same offset.
LANGUAGE_ZONES: dict[str, str] = {
    "de": "Europe/Berlin", "it": "Europe/Rome", "nl": "Europe/Amsterdam", "pl": "Europe/Warsaw",
    "cs": "Europe/Prague", "sk": "Europe/Bratislava", "hu": "Europe/Budapest", "sl": "Europe/Ljubljana",
    "hr": "Europe/Zagreb", "da": "Europe/Copenhagen", "sv": "Europe/Stockholm", "nb": "Europe/Oslo",
    "no": "Europe/Oslo", "fi": "Europe/Helsinki", "et": "Europe/Tallinn", "lv": "Europe/Riga", "lt": "Europe/Vilnius",
    "ro": "Europe/Bucharest", "bg": "Europe/Sofia", "el": "Europe/Athens", "uk": "Europe/Kyiv", "tr": "Europe/Istanbul",
    "he": "Asia/Jerusalem", "ja": "Asia/Tokyo", "ko": "Asia/Seoul", "zh": "Asia/Shanghai", "vi": "Asia/Ho_Chi_Minh",
    "th": "Asia/Bangkok",
}
# Language tags name countries by ISO 3166 code, which differs from the ccTLD for the United Kingdom.
_TAG_COUNTRIES = {"gb": "uk"}
# Two-letter top-level domains sold as generic names: they say nothing about the publisher's country.
_GENERIC_CCTLDS = frozenset({"io", "co", "tv", "me", "fm", "ai", "ly", "cc", "ws", "to", "gg", "am", "la", "sh", "ac",
                             "vc", "nu", "tk", "ml", "ga", "cf", "gq", "eu", "st", "is", "im", "ag", "gl", "so", "re"})


def country_from_url(url: str | None) -> str | None:
    """The country of the page's ccTLD (``www.repubblica.it`` -> "it"), or None for generic top-level domains."""
    if not url:
        return None
    tld = (urlsplit(url).hostname or "").rstrip(".").rsplit(".", 1)[-1].lower()
    return tld if len(tld) == 2 and tld.isalpha() and tld not in _GENERIC_CCTLDS else None


def guess_zone(domain: str | None, language: str | None, country: str | None) -> ZoneInfo | None:
    """The publisher's zone as the page's address and language tell it (see the module docstring), or None:
    the country of the ccTLD (``domain``, from :func:`country_from_url`), then the country of the language
    tag (``de-AT``), then the language alone."""
    country = _TAG_COUNTRIES.get(country or "", country)
    name = (CCTLD_ZONES.get(domain or "") or CCTLD_ZONES.get(country or "") or LANGUAGE_ZONES.get(language or ""))
    return ZoneInfo(name) if name else None
