"""The publisher's likely time zone from a country-code domain, for pages that state only UTC.

A page stamped ``2023-11-01T23:01:00Z`` on repubblica.it was published on
2 November in Rome. When neither the caller (the source's configured zone)
nor the page gives a local offset, the ccTLD of a country with a single time
zone is the best remaining evidence. Countries spanning several zones (us,
ru, br, ca, au, mx, id, ...) and ccTLDs sold as generic names (tv, io, co,
me, fm, ai, ...) are deliberately absent.
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


def zone_from_url(url: str | None) -> ZoneInfo | None:
    """The zone of the country whose ccTLD ``url`` is on (``www.repubblica.it`` -> Europe/Rome), or None."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").rstrip(".")
    name = CCTLD_ZONES.get(host.rsplit(".", 1)[-1].lower())
    return ZoneInfo(name) if name else None
