"""Image captions and photo credits, which belong in ``Article.captions``, not in the body.

"South Korean President Yoon ... on November 15 [Leah Millis/Reuters]" is split into
the caption and its credit; a caption-sized block of the body that ends in a credit
is recognised as a caption even when the markup does not say so.
"""

from __future__ import annotations

import re

from scrapers.extract.vocabulary import may_hold
from scrapers.models import Caption

# Photo credits at the end of a caption: "[Leah Millis/Reuters]", "(AP Photo/Alan Diaz, File)",
# "Photo by Pedro Pardo / AFP", "© APA/APA (dpa)/Jens Büttner", "REUTERS/Issam Abdallah",
# "Natalie Naccache | Bloomberg | Getty Images". Each form is tried only where its marker
# occurs and anchored at the end, because this runs on every short block of every page.
# The photo agencies and picture libraries a credit names (not scrapers/agencies.toml: picture libraries are no news
# agencies, and this is searched within words on every short block, where "AA", "TT" or "PA" would be everywhere).
_AGENCY = r"(?:getty|reuters|afp|\bap\b|associated press|epa|shutterstock|istock|alamy|dpa|apa|anadolu|xinhua|file)"
_LABEL_WORDS = r"(?:photo(?:graph)?s?|image|picture|pictured|foto|bild|credit|crédit|fotografía|imagen|source|quelle|file)"
# A hyphen after the label separates only with a space on a side ("Photo - Reuters", "Foto- dpa"): joining two
# words, it makes a compound ("Picture-in-Picture", "file-sharing", "Bild-Zeitung"), no credit.
_CREDIT_LABEL = rf"{_LABEL_WORDS}\b\s*(?:copyright\b|by\b|:|/|(?<=\s)-|-(?=\s)|von\b|de\b|par\b)"
_LABEL_WORD = re.compile(rf"\b{_LABEL_WORDS}\b")  # run on lower-cased text
_LABEL_STEMS = ("photo", "image", "picture", "foto", "bild", "credit", "crédit", "imagen", "source", "quelle", "file")
_LABEL_AT = re.compile(rf"{_CREDIT_LABEL}\s*([^()\[\]]{{2,80}})$", re.IGNORECASE)
_COPY_AT = re.compile(r"((?:©|\(c\)|copyright)\s*[^\[\]]{2,80})$", re.IGNORECASE)
_AGENCY_TAIL = re.compile(r"\b([A-Z][A-Z.]{1,15}/[A-Z][\w.' -]{2,40}(?:,\s*File)?)$")
# A credit printed on its own: names joined by slashes, an agency among them ("Sanjeev Verma/Hindustan Times/Getty
# Images", "Jan Novak / AFP").
_SLASHED_NAMES = re.compile(r"^(?:[A-Z][\w.'’&-]*(?: [A-Z][\w.'’&-]*){0,3} ?/ ?){1,3}[A-Z][\w.'’&-]*(?: [A-Z][\w.'’&-]*){0,3}$")
MAX_SLASHED_CHARS = 80
_PIPE_TAIL = re.compile(rf"((?:[^|\[\]()]{{2,40}}\|\s*){{1,3}}{_AGENCY}[^|]{{0,30}})$", re.IGNORECASE)
# What makes a bracketed tail a credit: "Name/Agency", a label ("Photo:", "File:"), ©, or an agency name.
_CREDIT_NAME = re.compile(rf"(?-i:[A-Za-z.]\s?/\s?[A-Z])|\b{_CREDIT_LABEL}|©|{_AGENCY}", re.IGNORECASE)
_LABEL_PREFIX = re.compile(rf"^{_CREDIT_LABEL}\s*", re.IGNORECASE)
_GALLERY_COUNTER = re.compile(r"^\[\d+/\d+\]\s*")
_LINK_NOTICE_WORDS = ("purchase licensing rights", "opens new tab", "enlarge this image", "expand", "zoom")
_LINK_NOTICE = re.compile(rf"\s*(?:{'|'.join(_LINK_NOTICE_WORDS)})[,\s]*", re.IGNORECASE)
MAX_CAPTION_CHARS = 300
_CREDIT_WINDOW = 160  # a credit is at most this long: only the tail of a text is searched
# A text (in any letter case) holding none of these, and ending in neither ")" nor "]", has no credit
# (find_credit is None): the body walk marks blocks holding one, so most text is never searched.
CREDIT_CUES = ("©", "(c)", "copyright", "/", "|", *_LABEL_STEMS)


def _is_clause(words: str) -> bool:
    """What follows a label word reads as the rest of a sentence, not as a credit ("Photos by residents
    showed the flooding.", "one source: the ministry itself."): several words ending a sentence on a
    word in lower case, or mostly words in lower case. Credits name people and agencies ("Jan Novak/Reuters",
    "picture alliance/dpa", "Tolga Akmen/AFP via Getty Images")."""
    tokens = words.split()
    if len(tokens) >= 3 and words.rstrip().endswith((".", "!", "?")) and tokens[-1][:1].islower():
        return True
    return len(tokens) >= 5 and sum(t[:1].islower() for t in tokens) >= 0.75 * len(tokens)


def find_credit(text: str) -> tuple[int, str] | None:
    """Where the photo credit at the end of a caption-sized text starts, and the credit; or None."""
    text = text.rstrip()
    offset = max(0, len(text) - _CREDIT_WINDOW)
    tail = text[offset:]
    found: list[tuple[int, str]] = []
    if tail.endswith((")", "]")):
        opener = tail.rfind("(" if tail[-1] == ")" else "[")
        inner = tail[opener + 1:-1].strip() if opener >= 0 else ""
        if 2 <= len(inner) <= 80 and not any(c in inner for c in "()[]") and _CREDIT_NAME.search(inner):
            found.append((opener, _LABEL_PREFIX.sub("", inner)))
    low = tail.lower()
    for word in _LABEL_WORD.finditer(low) if any(stem in low for stem in _LABEL_STEMS) else ():
        match = _LABEL_AT.match(tail, word.start())
        if match and not _is_clause(match.group(1)):
            found.append((word.start(), match.group(1).strip()))
            break
    for marker in ("©", "(c)", "copyright"):
        at = low.find(marker)
        match = _COPY_AT.match(tail, at) if at >= 0 else None
        if match:
            found.append((at, match.group(1).strip()))
    if "/" in tail and (match := _AGENCY_TAIL.search(tail)):
        found.append((match.start(), match.group(1).strip()))
    elif (len(text) <= MAX_SLASHED_CHARS and "/" in text and _SLASHED_NAMES.match(text)
          and re.search(_AGENCY, low, re.IGNORECASE)):
        found.append((0, text))
    if "|" in tail and (match := _PIPE_TAIL.search(tail)):
        found.append((match.start(), match.group(1).strip(" |")))
    if not found:
        return None
    start, credit = min(found)
    return offset + start, credit


def split_credit(text: str) -> Caption:
    """``"Leaders at APEC [Leah Millis/Reuters]"`` -> Caption("Leaders at APEC", "Leah Millis/Reuters").

    A credit printed on its own ("Natalie Naccache | Bloomberg | Getty Images") gives an empty caption text.
    """
    text = _GALLERY_COUNTER.sub("", " ".join(text.split()))
    if may_hold(text, _LINK_NOTICE_WORDS):  # (the substitution scans a caption in ~20 us; most hold no notice)
        text = _LINK_NOTICE.sub(" ", text)
    text = text.strip()
    found = find_credit(text)
    if found is None:
        return Caption(text, None)
    start, credit = found
    return Caption(text[:start].strip(" -–—|,:"), credit or None)
