"""Stories: the articles of every outlet that carry the same story, kept current as batches land.

Each landed article joins a story (migration ``007_stories``):

* ``story_members`` — one row per article: its story, its ``relation`` to the story's original
  (``original``, ``copy``, ``rewrite``, ``spun``) and its ``similarity`` to it;
* ``story_bands`` — the LSH bands of each article's MinHash signature (``scrapers.similarity``);
* ``stories`` (view) — one row per story: the original (the earliest publication known:
  ``published_at``, else when geowire first saw it), when it spread, how many outlets.

Landing a batch assigns only the batch (``assign_stories``, inside the landing transaction):
its articles' bands go in, one DuckDB join finds earlier articles sharing a band, the best few
of those per article are compared on their text, and the article joins the story of the most
similar one that passes (or starts a story of its own). The database is never re-clustered. An
article that matches two stories joins them into one: a wire story landed through two spun
copies before its original still ends as one story when the original arrives.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import duckdb
import pyarrow as pa

from scrapers.models import Article
from scrapers.similarity import Fingerprint, Match, Sketch, compare, fingerprint
from storage.db import Database
from storage.ddl import create_documented_table, quote
from storage.search import articles_by_key

MAX_CANDIDATES = 8  # earlier articles compared per landed article, those sharing the most bands first
MIN_SHARED_BANDS = 2  # one band in common happens by chance between unrelated texts at scale
BACKFILL_CHUNK = 500

_MEMBER_COLUMNS = {
    "canonical_url": ("VARCHAR PRIMARY KEY", "the article (articles.canonical_url)"),
    "story_id": ("INTEGER NOT NULL", "the story it belongs to"),
    "member_id": ("INTEGER NOT NULL", "the article's number in story_bands"),
    "relation": ("VARCHAR NOT NULL", ("original (the earliest known publication), copy (the same text), rewrite "
                                      "(lightly edited), or spun (reworded: synonyms swapped, paragraphs dropped or "
                                      "moved)")),
    "similarity": ("DOUBLE NOT NULL", "share of words in sentences parallel to the original's (1 for the original)"),
    "literal": ("DOUBLE NOT NULL", "share of words in word triples the original has too (1 for the original)"),
    "matched_url": ("VARCHAR", "the article it was found similar to when it joined; NULL if it started the story"),
    "matched_similarity": ("DOUBLE", "its similarity to matched_url"),
    "assigned_at": ("TIMESTAMPTZ NOT NULL", "when it joined the story"),
    "published_at": ("TIMESTAMPTZ NOT NULL", ("its publication time, else when geowire first saw it: the "
                                              "earliest member is the original")),
    "sketch": ("BLOB NOT NULL", ("the words of each sentence, hashed (scrapers.similarity.Sketch): what new "
                                 "articles are compared with")),
}
_BAND_COLUMNS = {
    "band": ("UTINYINT NOT NULL", "band number of the MinHash signature"),
    "key": ("BIGINT NOT NULL", "the band's values packed into one integer"),
    "member_id": ("INTEGER NOT NULL", "story_members.member_id"),
}
_STORIES_VIEW = """
CREATE OR REPLACE VIEW stories AS
WITH m AS (
    SELECT s.story_id, s.canonical_url, s.relation, s.published_at AS seen, a.source, a.title,
           a.published_at IS NULL AS undated
    FROM story_members s JOIN articles a USING (canonical_url))
SELECT m.story_id, any_value(o.title) AS title, any_value(o.canonical_url) AS original_url,
       any_value(o.source) AS original_source,
       CASE WHEN any_value(o.undated) THEN 'first_seen' ELSE 'published_at' END AS original_from,
       min(m.seen) AS first_published_at, max(m.seen) AS last_published_at,
       count(*) AS members, count(DISTINCT m.source) AS sources,
       count(*) FILTER (WHERE m.relation = 'copy') AS copies,
       count(*) FILTER (WHERE m.relation = 'rewrite') AS rewrites,
       count(*) FILTER (WHERE m.relation = 'spun') AS spun,
       list(DISTINCT m.source ORDER BY m.source) AS outlets
FROM m JOIN m AS o ON o.story_id = m.story_id AND o.relation = 'original'
GROUP BY m.story_id
"""
_STORIES_COMMENTS = {
    "story_id": "the story", "title": "the original's headline", "original_url": "the original article",
    "original_source": "who published it first",
    "original_from": "published_at: the original is the earliest by publication time; first_seen: it had none, "
                     "so when geowire first saw it counted",
    "first_published_at": "the original's publication", "last_published_at": "the latest member's publication",
    "members": "articles in the story", "sources": "distinct sources", "copies": "members that copy the text",
    "rewrites": "members that lightly edit it", "spun": "members that reword it",
    "outlets": "the sources carrying it",
}


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Migration ``007_stories``: the tables, the view, and every article already landed assigned."""
    for name in ("story_ids", "story_member_ids"):
        con.execute(f"CREATE SEQUENCE IF NOT EXISTS {name}")
    create_documented_table(con, "story_members", "one row per article: the story it belongs to and how it "
                            "relates to the original", _MEMBER_COLUMNS)
    create_documented_table(con, "story_bands", "LSH bands of each article's text signature, joined to find "
                            "candidate copies", _BAND_COLUMNS)
    con.execute(_STORIES_VIEW)
    con.execute("COMMENT ON VIEW stories IS 'one row per story: the articles of all sources carrying the same "
                "text (copies, rewrites, spun copies), with the earliest known publication as the original'")
    for column, text in _STORIES_COMMENTS.items():
        con.execute(f"COMMENT ON COLUMN stories.{column} IS {quote(text)}")
    unassigned = [row[0] for row in con.execute(
        "SELECT canonical_url FROM articles ANTI JOIN story_members USING (canonical_url) "
        "ORDER BY coalesce(published_at, first_seen_at), canonical_url").fetchall()]
    for start in range(0, len(unassigned), BACKFILL_CHUNK):
        assign_stories(con, [Landed(url, body, language, seen, new=True) for url, body, language, seen in articles_by_key(
            con, unassigned[start:start + BACKFILL_CHUNK],
            "canonical_url, coalesce(body, ''), language, coalesce(published_at, first_seen_at)")])


# ---------------------------------------------------------------- assignment


@dataclass(frozen=True, slots=True)
class Landed:
    """An article just landed, as story assignment needs it."""

    url: str
    body: str
    language: str | None
    seen: datetime  # its publication time, or when geowire first saw it
    fingerprint: Fingerprint | None = None  # made by the crawl stage; computed here if not
    new: bool = False  # never landed before: no story to take it out of first

    @classmethod
    def of(cls, key: str, article: Article, seen_at: datetime, *, new: bool = False) -> Landed:
        return cls(key, article.body, article.language, article.published_at or seen_at, article.fingerprint, new)

    def text_fingerprint(self) -> Fingerprint:
        return self.fingerprint or fingerprint(self.body, self.language)


@dataclass(slots=True)
class _Member:
    url: str
    member_id: int
    seen: datetime
    sketch: Sketch | None  # None until needed, for members read from the table to settle their story
    story_id: int | None = None
    relation: str | None = None  # as stored; None for the batch's articles
    matched: tuple[str, Match] | None = None


_BAND_BATCH = pa.schema([("band", pa.uint8()), ("key", pa.int64()), ("member_id", pa.int32())])
_MEMBER_BATCH = pa.schema([
    ("canonical_url", pa.string()), ("story_id", pa.int32()), ("member_id", pa.int32()), ("relation", pa.string()),
    ("similarity", pa.float64()), ("literal", pa.float64()), ("matched_url", pa.string()),
    ("matched_similarity", pa.float64()), ("assigned_at", pa.timestamp("us", tz="UTC")),
    ("published_at", pa.timestamp("us", tz="UTC")), ("sketch", pa.binary()),
])


def _next_ids(con: duckdb.DuckDBPyConnection, n: int) -> tuple[list[int], list[int]]:
    """``n`` new member ids and ``n`` new story ids, in one query."""
    rows = con.execute("SELECT nextval('story_member_ids'), nextval('story_ids') FROM range(?)", [n]).fetchall()
    return [row[0] for row in rows], [row[1] for row in rows]


def assign_stories(con: duckdb.DuckDBPyConnection, landed: Sequence[Landed]) -> int:
    """Assign these landed articles (new, or edited since they were assigned) to stories inside the
    caller's transaction; returns how many joined a story that has other members."""
    batch = sorted({item.url: item for item in landed}.values(), key=lambda item: (item.seen, item.url))
    if not batch:
        return 0
    touched = _forget(con, [item.url for item in batch if not item.new])
    members: dict[int, _Member] = {}
    band_rows: dict[str, list[int]] = {"band": [], "key": [], "member_id": []}
    member_ids, new_ids = _next_ids(con, len(batch))  # story ids left unused are gaps, harmless
    for item, member_id in zip(batch, member_ids, strict=True):
        found = item.text_fingerprint()
        members[member_id] = _Member(item.url, member_id, item.seen, found.sketch)
        band_rows["band"].extend(range(len(found.bands)))
        band_rows["key"].extend(found.bands)
        band_rows["member_id"].extend([member_id] * len(found.bands))
    con.register("story_band_batch", pa.Table.from_pydict(band_rows, schema=_BAND_BATCH))
    try:
        con.execute("INSERT INTO story_bands SELECT * FROM story_band_batch")
        # Every (article, earlier article) sharing a band; counted and ranked here, which costs less
        # than DuckDB's aggregate and window over a few thousand rows.
        hits = con.execute("""
            SELECT b.member_id, c.member_id FROM story_band_batch b
            JOIN story_bands c ON c.band = b.band AND c.key = b.key AND c.member_id <> b.member_id""").fetchall()
    finally:
        con.unregister("story_band_batch")
    pairs = _best_pairs(hits)
    pool: dict[int, _Member] = {**members, **_stored(con, "member_id", sorted(
        {other for _, other in pairs if other not in members}), sketches=True)}
    candidates: dict[int, list[_Member]] = {}
    for mine, other in pairs:
        if other in pool:
            candidates.setdefault(mine, []).append(pool[other])
    joined = 0
    for member in members.values():
        joined += _join(con, member, candidates.get(member.member_id, []), touched, pool, new_ids)
    _settle(con, touched, members)
    return joined


def _best_pairs(hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(article, candidate) pairs sharing at least MIN_SHARED_BANDS bands, at most MAX_CANDIDATES per
    article: per article, those sharing the most first (then by member id)."""
    ranked = sorted((mine, -n, other) for (mine, other), n in Counter(hits).items() if n >= MIN_SHARED_BANDS)
    pairs: list[tuple[int, int]] = []
    for mine, group in itertools.groupby(ranked, key=lambda row: row[0]):
        pairs.extend((mine, other) for _, _, other in itertools.islice(group, MAX_CANDIDATES))
    return pairs


def _stored(con: duckdb.DuckDBPyConnection, column: str, values: Sequence[int], *, sketches: bool = False
            ) -> dict[int, _Member]:
    """The members already in ``story_members`` whose ``column`` (member_id, story_id) is one of
    ``values``, by member id; their sketches read too when asked (candidates: in the same scan costs
    less than a second query), else left for ``_load_sketches``, which reads only those compared."""
    if not values:
        return {}
    # A literal list of integers: DuckDB filters on it while scanning (= ANY(?) of a parameter is slower here).
    rows = con.execute(f"SELECT canonical_url, member_id, published_at, story_id, relation, "
                       f"{'sketch' if sketches else 'NULL'} FROM story_members "
                       f"WHERE {column} IN ({', '.join(str(int(v)) for v in values)})").fetchall()
    return {row[1]: _Member(row[0], row[1], row[2], Sketch.from_bytes(row[5]) if row[5] is not None else None,
                            row[3], row[4]) for row in rows}


def _load_sketches(con: duckdb.DuckDBPyConnection, members: list[_Member]) -> None:
    missing = {m.member_id: m for m in members if m.sketch is None}
    if missing:
        ids = ", ".join(str(int(member_id)) for member_id in sorted(missing))
        for member_id, sketch in con.execute(f"SELECT member_id, sketch FROM story_members WHERE member_id IN ({ids})"
                                             ).fetchall():
            missing[member_id].sketch = Sketch.from_bytes(sketch)


def _forget(con: duckdb.DuckDBPyConnection, urls: Sequence[str]) -> set[int]:
    """Take re-landed articles out of their stories; returns those stories (to settle again)."""
    if not urls:
        return set()
    rows = con.execute("SELECT story_id, member_id FROM story_members WHERE canonical_url = ANY(?)",
                       [list(urls)]).fetchall()
    if rows:
        ids = ", ".join(str(int(member_id)) for _, member_id in rows)
        con.execute(f"DELETE FROM story_bands WHERE member_id IN ({ids})")
        con.execute(f"DELETE FROM story_members WHERE member_id IN ({ids})")
    return {story_id for story_id, _ in rows}


def _per_story(candidates: list[_Member]) -> dict[int, _Member]:
    """The first candidate (most bands shared) of each story among ``candidates``."""
    per_story: dict[int, _Member] = {}
    for candidate in candidates:
        if candidate.story_id is not None:
            per_story.setdefault(candidate.story_id, candidate)
    return per_story


def _join(con: duckdb.DuckDBPyConnection, member: _Member, candidates: list[_Member], touched: set[int],
          pool: dict[int, _Member], new_ids: list[int]) -> int:
    """Put ``member`` in the story of its most similar candidate that has one (merging every other
    story it is as similar to), or in a new story. Of each story, only the candidate sharing the most
    bands is compared: a wire story carried by fifty sites costs one comparison, not fifty."""
    per_story = _per_story(candidates)
    matches = sorted(((compare(member.sketch, c.sketch), c) for c in per_story.values()),  # type: ignore[arg-type]
                     key=lambda mc: (-mc[0].similarity, mc[1].url))
    matches = [(match, c) for match, c in matches if match.same_story]
    if not matches:
        member.story_id = new_ids.pop()  # a new story: nothing stored to settle
        return 0
    best, chosen = matches[0]
    story = chosen.story_id
    assert story is not None  # candidates without a story were left out above
    member.story_id, member.matched = story, (chosen.url, best)
    others = {c.story_id for _, c in matches[1:] if c.story_id is not None and c.story_id != story}
    if others:  # one story after all: move the others' members, in the table and in memory
        con.execute("UPDATE story_members SET story_id = ? WHERE story_id = ANY(?)", [story, sorted(others)])
        for other in pool.values():
            if other.story_id in others:
                other.story_id = story
    touched.add(story)
    return 1


def _settle(con: duckdb.DuckDBPyConnection, touched: set[int], batch: dict[int, _Member]) -> None:
    """Find each touched story's original (the earliest member) and write every member whose
    story, original or comparison changed: the batch's members inserted, earlier ones updated."""
    stories: dict[int, list[_Member]] = {}
    for member in [*_stored(con, "story_id", sorted(touched)).values(), *batch.values()]:
        stories.setdefault(member.story_id or 0, []).append(member)
    pairs: list[tuple[_Member, _Member | None]] = []  # (member, original); None: it is the original
    for story in stories.values():
        original = min(story, key=lambda m: (m.seen, m.url))
        # A new original, or two stories merged (two originals): every member is compared again.
        again = original.relation != "original" or sum(m.relation == "original" for m in story) > 1
        if original.relation != "original":
            pairs.append((original, None))
        pairs.extend((member, original) for member in story
                     if member is not original and (again or member.relation is None))
    # Sketches only where a comparison is still to make (not for a member compared with the original
    # when it joined): a copy that matched the original itself reads nothing here.
    _load_sketches(con, [m for member, first in pairs if first is not None and not _compared(member, first)
                         for m in (member, first)])
    now = datetime.now(UTC)
    new: list[dict[str, object]] = []
    changed: list[dict[str, object]] = []
    for member, first in pairs:
        if first is None:
            match, relation = Match(1.0, 1.0), "original"
        else:
            match = member.matched[1] if member.matched and _compared(member, first) else \
                compare(member.sketch, first.sketch)  # type: ignore[arg-type]
            relation = match.relation
        (new if member.member_id in batch else changed).append(_row(member, relation, match, now))
    for rows, statement in ((new, "INSERT INTO story_members SELECT * FROM story_member_batch"),
                            (changed, ("UPDATE story_members SET story_id = b.story_id, relation = b.relation, "
                                      "similarity = b.similarity, literal = b.literal FROM story_member_batch b "
                                      "WHERE story_members.canonical_url = b.canonical_url"))):
        if rows:
            con.register("story_member_batch", pa.Table.from_pylist(rows, schema=_MEMBER_BATCH))
            try:
                con.execute(statement)
            finally:
                con.unregister("story_member_batch")


def _compared(member: _Member, original: _Member) -> bool:
    """Whether ``member`` was compared with ``original`` when it joined (that comparison is kept)."""
    return member.matched is not None and member.matched[0] == original.url


def _row(member: _Member, relation: str, match: Match, now: datetime) -> dict[str, object]:
    matched_url, matched = member.matched if member.matched else (None, None)
    return {"canonical_url": member.url, "story_id": member.story_id, "member_id": member.member_id,
            "relation": relation, "similarity": match.similarity, "literal": match.literal,
            "matched_url": matched_url, "matched_similarity": matched.similarity if matched else None,
            "assigned_at": now, "published_at": member.seen,
            "sketch": member.sketch.to_bytes() if member.sketch else None}


# ---------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One story of ``biggest_stories``."""

    story_id: int
    members: int
    sources: int
    first_published_at: datetime | None
    original_source: str
    title: str | None
    outlets: list[str]


def biggest_stories(db: Database, *, since: date | None = None, until: date | None = None, limit: int = 10,
                    min_members: int = 2) -> list[StoryRow]:
    """The stories with the most members whose original appeared between ``since`` and ``until``
    (days, inclusive, UTC), biggest first."""
    from storage.queries import read_current

    with read_current(db) as con:
        rows = con.execute(
            """
            SELECT story_id, members, sources, first_published_at, original_source, title, outlets FROM stories
            WHERE members >= ? AND (? IS NULL OR first_published_at >= ?::DATE)
              AND (? IS NULL OR first_published_at < ?::DATE + 1)
            ORDER BY members DESC, sources DESC, first_published_at DESC, story_id LIMIT ?
            """, [min_members, since, since, until, until, limit]).fetchall()
    return [StoryRow(*row) for row in rows]
