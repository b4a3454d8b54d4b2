"""Correction and update notices: "Correction: An earlier version of this article...", "Update:",
"Berichtigung:", "Rectificatif :", "Fe de errores:", "정정:".

Publishers put them at the top or the bottom of the text, where extraction keeps them as
paragraphs; left there, a notice becomes the article's first paragraph, its summary and its
search snippet. ``split_corrections`` takes them out of the body and returns them apart, so the
record can flag them and ``article_versions`` can show when one appeared.
"""

from __future__ import annotations

import regex

# A notice opens with one of these words (any case), then a colon, a dash or a full stop; or is
# one of the usual sentences about an earlier version.
_LABELS = (
    r"corrections?|clarifications?|correction and clarification|updates?|updated|editor'?s note|editor’s note|"
    r"berichtigung|korrektur|richtigstellung|aktualisierung|anmerkung der redaktion|"
    r"rectificatif|correctif|erratum|mise à jour|note de la rédaction|"
    r"corrección|fe de errores|fe de erratas|actualización|nota del editor|nota de la redacción|"
    r"rettifica|correzione|aggiornamento|nota della redazione|"
    r"correção|errata|atualização|nota do editor|nota da redação|"
    r"correctie|rectificatie|update|"
    r"исправление|уточнение|обновлено|обновление|поправка|"
    r"정정|바로잡습니다|수정|訂正|更正|更新"
)
_SENTENCES = (
    r"an earlier version of this (?:article|story|report|post)|this (?:article|story|report|post) "
    r"(?:has been|was) (?:corrected|updated|amended)|(?:dieser|der) (?:artikel|beitrag|text) wurde "
    r"(?:korrigiert|aktualisiert|berichtigt)|une (?:version|précédente version) (?:précédente )?de cet article|"
    r"una versión anterior de (?:este|esta) (?:artículo|nota|noticia)"
)
_NOTICE = regex.compile(rf"^\s*[*\[(]*\s*(?:(?:{_LABELS})\s*[\]):：.—–-]|(?:{_SENTENCES}))", regex.IGNORECASE)


def _opening(alternative: str) -> str:
    """The letters every text an alternative of the pattern matches opens with (case-folded), up to three: its
    literal start, before any bracket, escape or quantified letter ("editor'?s note" -> "edi", "정정" -> "정정")."""
    opening = ""
    for at, char in enumerate(alternative[:_OPENING]):
        if char in "()[]{}?*+.\\|^$" or alternative[at + 1:at + 2] in ("?", "*", "{"):
            break
        opening += char
    return opening.casefold()


# The openings of the labels and sentences (those of their inner alternatives too, which only adds openings): a
# paragraph that opens otherwise is no notice, and the regex (case-blind, over some sixty alternatives, a few
# microseconds a paragraph) is not run on it.
_OPENING = 3
_OPENINGS = tuple(sorted({_opening(part.lstrip("(?:")) for part in f"{_LABELS}|{_SENTENCES}".split("|")}))
_MAX_NOTICE_WORDS = 120  # a notice is a short paragraph; a long one opening with "Update:" is a live blog entry
_EDGE = 2  # notices stand among the first or the last two paragraphs


def _opens_like_notice(paragraph: str) -> bool:
    """Whether the paragraph's first letters, after the spaces, asterisks and brackets a notice may open with,
    open one of the labels or sentences (in any case). Letters whose case the regex may match otherwise pass: one
    folding to more letters ("ß"), one whose capital folds to another letter (the dotless "ı", whose capital is "I")."""
    for at, char in enumerate(paragraph):
        if not (char.isspace() or char in "*[("):
            opening = paragraph[at:at + _OPENING]
            folded = opening.casefold()
            return len(folded) != len(opening) or folded != opening.upper().casefold() or folded.startswith(_OPENINGS)
    return False


def is_notice(paragraph: str) -> bool:
    """Whether a paragraph is a correction or update notice."""
    return _opens_like_notice(paragraph) and bool(_NOTICE.match(paragraph)) and \
        len(paragraph.split()) <= _MAX_NOTICE_WORDS


def split_corrections(body: str) -> tuple[str, tuple[str, ...]]:
    """The body without the notices at its start or end, and the notices, in order. The first and last
    paragraphs are looked at before the whole text is cut into paragraphs: most texts have no notice. (Cut from
    the end, a run of three line breaks leaves its odd one on the other side, which no notice test reads.)"""
    if not any(is_notice(p) for p in (*body.split("\n\n", _EDGE)[:_EDGE], *body.rsplit("\n\n", _EDGE)[-_EDGE:])):
        return body, ()
    paragraphs = body.split("\n\n")
    edge = set(range(min(_EDGE, len(paragraphs)))) | set(range(max(0, len(paragraphs) - _EDGE), len(paragraphs)))
    notices = [i for i in sorted(edge) if is_notice(paragraphs[i])]
    if not notices or len(notices) == len(paragraphs):
        return body, ()
    kept = [p for i, p in enumerate(paragraphs) if i not in notices]
    return "\n\n".join(kept), tuple(paragraphs[i].strip() for i in notices)
