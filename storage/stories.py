"""Stories: the articles of every outlet that carry the same story, kept current as batches land.

Each landed article joins a story (migration ``007_stories``):

* ``story_members`` (view) — one row per article: its story, its ``relation`` to the story's original
  (``original``, ``copy``, ``rewrite``, ``spun``) and its ``similarity`` to it; kept in the ``story_*``
  columns of the article's own ``articles`` row since migration ``013_story_columns`` (``create_columns``);
* ``story_sketches`` — each article's sketch (its sentences' words, hashed): what later articles
  are compared with (migration ``011_story_sketches`` moved it out of ``story_members``), and the LSH
  band keys of its MinHash signature (``scrapers.similarity``), in the ``bands`` array column since
  migration ``015_story_band_arrays`` (``create_band_arrays``: a table ``story_bands`` of a row per band before);
* ``stories`` (view) — one row per story: the original (the earliest publication known:
  ``published_at``, else when geowire first saw it), when it spread, how many outlets.

Landing a batch assigns only the batch (``assign_stories``, inside the landing transaction, before
its articles' rows are written: it returns their story columns):
its articles' sketches and bands go in, earlier articles sharing bands are found, the best few
of those per article are compared on their text, and the article joins the story of the most
similar one that passes (or starts a story of its own). The database is never re-clustered. An
article that matches two stories joins them into one: a wire story landed through two spun
copies before its original still ends as one story when the original arrives.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import duckdb
import numpy as np
import pyarrow as pa

from scrapers.models import Article
from scrapers.similarity import BANDS, Fingerprint, Match, Sketch, compare, fingerprint, sketch
from storage import bandindex
from storage.db import Database, append
from storage.ddl import add_documented_columns, comment_view, create_documented_table, has_table, quote
from storage.search import articles_by_key

MAX_CANDIDATES = 8  # earlier articles compared per landed article, those sharing the most bands first
MIN_SHARED_BANDS = 2  # one band in common happens by chance between unrelated texts at scale
BACKFILL_CHUNK = 500
SETTLE_CHUNK = 500  # earlier members compared with a new original at a time
# A story with more earlier members than this whose original changes is compared again at the end of
# the run (``settle_stories``), not by the landing batch: a sitemap read newest first brings a new
# original in every batch, and a large story (a wire text on hundreds of sites, templated texts)
# would cost every batch all its comparisons.
SETTLE_NOW = 200

_MEMBER_COLUMNS = {
    "canonical_url": ("VARCHAR PRIMARY KEY", "the article (articles.canonical_url)"),
    "story_id": ("INTEGER NOT NULL", "the story it belongs to"),
    "member_id": ("INTEGER NOT NULL", "the article's number in story_sketches"),
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
}
# The story_members columns as articles keeps them (migration 013_story_columns): story, story_member_id, ...
# (no name of the view's own: a query joining the two USING (canonical_url) names them unqualified).
ARTICLE_COLUMN = {name: "story" if name == "story_id" else f"story_{name}" for name in _MEMBER_COLUMNS
                  if name != "canonical_url"}
STORY_COLUMNS = {ARTICLE_COLUMN[name]: (ddl.removesuffix(" NOT NULL"), f"story_members.{name}: {text}")
                 for name, (ddl, text) in _MEMBER_COLUMNS.items() if name in ARTICLE_COLUMN}
_STORY_MEMBERS_VIEW = ("CREATE OR REPLACE VIEW story_members AS SELECT canonical_url, "
                       + ", ".join(f"{column} AS {name}" for name, column in ARTICLE_COLUMN.items())
                       + " FROM articles WHERE story_member_id IS NOT NULL")
_SKETCH_COLUMNS = {
    "member_id": ("INTEGER NOT NULL", "story_members.member_id"),
    "sketch": ("BLOB NOT NULL", ("the words of each sentence, hashed (scrapers.similarity.Sketch): what new "
                                 "articles are compared with")),
}
_SKETCHES_TABLE = ("each story member's LSH band keys (of its text's MinHash signature), apart from articles so "
                  "that a checkpoint writes only new ones")
_UNSETTLED_COLUMNS = {
    "story_id": ("INTEGER PRIMARY KEY", "a story whose original changed"),
    "since": ("TIMESTAMPTZ NOT NULL", "when its original changed"),
}
_BAND_COLUMNS = {  # the table story_bands of 007_stories, until 015_story_band_arrays
    "band": ("UTINYINT NOT NULL", "band number of the MinHash signature"),
    "key": ("BIGINT NOT NULL", "the band's values packed into one integer"),
    "member_id": ("INTEGER NOT NULL", "story_members.member_id"),
}
BANDS_COLUMN = {
    "bands": (f"BIGINT[{BANDS}]", ("LSH band keys of its text's MinHash signature, band 0 first (each band's values "
                                   "packed into one integer; NULL for a text too short to have one): what new "
                                   "articles are matched with to find their candidate copies")),
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
    """Migration ``007_stories``: the tables and the view (``create_columns`` assigns the articles already
    landed, since it moved ``story_members`` into ``articles``)."""
    for name in ("story_ids", "story_member_ids"):
        con.execute(f"CREATE SEQUENCE IF NOT EXISTS {name}")
    create_documented_table(con, "story_members", "one row per article: the story it belongs to and how it "
                            "relates to the original", _MEMBER_COLUMNS)
    create_documented_table(con, "story_bands", "LSH bands of each article's text signature, joined to find "
                            "candidate copies", _BAND_COLUMNS)
    create_sketches(con)
    create_settling(con)
    con.execute(_STORIES_VIEW)
    comment_view(con, "stories", "one row per story: the articles of all sources carrying the same text (copies, "
                 "rewrites, spun copies), with the earliest known publication as the original", _STORIES_COMMENTS)


def create_band_arrays(con: duckdb.DuckDBPyConnection) -> None:
    """Migration ``015_story_band_arrays``: each member's band keys in the ``bands`` array column of its
    ``story_sketches`` row (``BANDS_COLUMN``), from the rows of the table ``story_bands``, which goes.

    Why: a landing batch appended its bands as rows of a table of their own, 32 rows an article with
    their band number and member id repeated, one more insert a batch (~1-1.5 ms of a batch of 100 at
    10,000 articles) and ~41 KB more written to the WAL, which brings the next checkpoint of the whole
    file closer; as an array in the sketch's row they go in with the sketch, in the same insert (~25 KB).
    A fixed-size array, not a list: DuckDB 2.0 writes to the WAL, at each commit, every list value appended
    to the table since its last checkpoint (+25 KB more each batch of 100 landed), an array only the new."""
    add_documented_columns(con, "story_sketches", BANDS_COLUMN)
    if has_table(con, "story_bands"):
        con.execute(f"""
            UPDATE story_sketches SET bands = b.bands FROM (
                SELECT member_id, list(key ORDER BY band)::BIGINT[{BANDS}] AS bands FROM story_bands
                GROUP BY member_id) b
            WHERE story_sketches.member_id = b.member_id""")
        con.execute("DROP TABLE story_bands")
    if not has_table(con, "story_members"):  # the view of 013_story_columns: its member_id named story_bands
        con.execute(f"COMMENT ON COLUMN story_members.member_id IS {quote(_MEMBER_COLUMNS['member_id'][1])}")


def drop_sketches(con: duckdb.DuckDBPyConnection) -> None:
    """Migration ``016_sketches_from_text``: ``story_sketches`` keeps each member's band keys, and no longer its
    sketch; the sketch of an earlier article is made again from its stored text when a batch compares with
    it (``_sketch_blobs``), and kept in the writer's memory from then on (``storage.bandindex``).

    Why: the sketches were ~1.6 KB of hashes an article, which do not compress (zlib keeps 83 %): ~150 KB
    of the ~1.1 MB a landing batch of 100 wrote to the WAL, so checkpoints came a fifth sooner (2 against 1
    in 29 batches), and a fifth of the file (181 against 148 MiB at 13,000 articles). Measured at 10,000
    articles (``benchmarks/stories.py --landing``, 3,000 pages, the writer's copy dropped first, as in a new
    process; 2026-12-05, quiet machine, alternating with the code before): what stories and country tags add
    to the landing time per page fell from +18.8 and +17.9 % to +13.8 and +14.7 % (batches of 100), from
    +29.5 and +24.1 % to +14.1 and +14.6 % (batches of 250); a publication of the file costs as much as one
    without stories. The price: making a sketch again, ~0.25 ms, and the query for its text, ~1-2 ms a
    batch (in that run 210 sketches for 3,000 pages, ~2-3 % of the landing time); a process reads no
    sketches ahead either (it read the newest 20,000, ~15-60 ms, when it first opened the file), and
    when a story of many members gets a new original, each member's sketch is made again once."""
    con.execute("ALTER TABLE story_sketches DROP COLUMN IF EXISTS sketch")
    con.execute(f"COMMENT ON TABLE story_sketches IS {quote(_SKETCHES_TABLE)}")


def create_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Migration ``013_story_columns``: each article's story membership in columns of its ``articles`` row
    (``STORY_COLUMNS``), ``story_members`` a view of the same name and columns over them, the rows of the
    table it was moved in; then every article landed without a story (a file older than stories) assigned.

    Why: a landing batch wrote its members as rows of their own, one more insert under a primary key of
    its own (with its index to update and checkpoint) each batch; in the article's row they are written
    by the insert landing it anyway, and an article has one membership by construction.

    The bands are made arrays and the sketches dropped first (``create_band_arrays`` and ``drop_sketches``,
    migrations 015 and 016 run early): the articles assigned here are landed as landing does it now."""
    create_band_arrays(con)
    drop_sketches(con)
    add_documented_columns(con, "articles", STORY_COLUMNS)
    if has_table(con, "story_members"):
        moved = ", ".join(f"{column} = m.{name}" for name, column in ARTICLE_COLUMN.items())
        con.execute(f"UPDATE articles SET {moved} FROM story_members m WHERE articles.canonical_url = m.canonical_url")
        con.execute("DROP TABLE story_members")
    con.execute(_STORY_MEMBERS_VIEW)
    comment_view(con, "story_members", "one row per article: the story it belongs to and how it relates to the "
                 "original (the story_* columns of articles)", {column: text for column, (_, text) in _MEMBER_COLUMNS.items()})
    unassigned = [row[0] for row in con.execute(
        "SELECT canonical_url FROM articles WHERE story_member_id IS NULL "
        "ORDER BY coalesce(published_at, first_seen_at), canonical_url").fetchall()]
    for start in range(0, len(unassigned), BACKFILL_CHUNK):
        rows = assign_stories(con, [Landed(url, body, language, seen, new=True) for url, body, language, seen in
                                    articles_by_key(con, unassigned[start:start + BACKFILL_CHUNK],
                                                    "canonical_url, coalesce(body, ''), language, "
                                                    "coalesce(published_at, first_seen_at)")])
        _update_articles(con, [{"canonical_url": url, **row} for url, row in rows.items()], STORY_COLUMNS)


def create_settling(con: duckdb.DuckDBPyConnection) -> None:
    """Migration ``010_story_unsettled`` (and part of ``007_stories`` since): the stories whose members
    wait to be compared with a new original."""
    create_documented_table(con, "story_unsettled", "stories whose original changed while a run was landing: "
                            "their other members' relation and similarity are still to their previous original "
                            "until the run ends", _UNSETTLED_COLUMNS)


def create_sketches(con: duckdb.DuckDBPyConnection) -> None:
    """Migration ``011_story_sketches`` (and part of ``007_stories`` since): the sketches in a table of
    their own, moved out of ``story_members`` where an older geowire kept them.

    Why apart: after an append, DuckDB's checkpoint rewrites the last row group of a table with an index
    (``story_members`` has its primary key), sketches and all, and a writer checkpoints as it closes
    the file after each landing batch. Measured at 10,000 articles (``benchmarks/stories.py --landing``),
    closing the file after a batch of 100 cost 36 ms more with stories than without while the sketches
    were in ``story_members``, 4-17 ms more with them here; 10,000 rows of 5 KB blobs take 82 ms to
    checkpoint after 100 more rows with a primary key, 10 ms without.
    """
    if has_table(con, "story_sketches"):  # as the later migrations left it (016 dropped the sketches)
        return
    create_documented_table(con, "story_sketches", "each story member's sketch, apart from story_members so that "
                            "a checkpoint writes only new ones", _SKETCH_COLUMNS)
    if con.execute("SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() "
                   "AND table_name = 'story_members' AND column_name = 'sketch'").fetchall()[0][0]:
        con.execute("INSERT INTO story_sketches SELECT member_id, sketch FROM story_members ORDER BY member_id")
        con.execute("ALTER TABLE story_members DROP COLUMN sketch")


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
    blob: bytes | None = None  # its sketch's bytes (kept by the writer, or made again), parsed when compared

    def parsed(self) -> Sketch:
        """Its sketch, parsed from ``blob`` on first use (one candidate per story is compared)."""
        if self.sketch is None and self.blob is not None:
            self.sketch, self.blob = Sketch.from_bytes(self.blob), None
        assert self.sketch is not None
        return self.sketch


_MEMBER_BATCH = pa.schema([
    ("canonical_url", pa.string()), ("story_id", pa.int32()), ("member_id", pa.int32()), ("relation", pa.string()),
    ("similarity", pa.float64()), ("literal", pa.float64()), ("matched_url", pa.string()),
    ("matched_similarity", pa.float64()), ("assigned_at", pa.timestamp("us", tz="UTC")),
    ("published_at", pa.timestamp("us", tz="UTC")),
])
# The story columns in the Arrow schema of a landing's articles rows (``storage.land``).
STORY_BATCH_FIELDS = [(ARTICLE_COLUMN[f.name], f.type) for f in _MEMBER_BATCH if f.name in ARTICLE_COLUMN]
_ARTICLE_BATCH = pa.schema([("canonical_url", pa.string()), *STORY_BATCH_FIELDS])


@bandindex.changing()
def assign_stories(con: duckdb.DuckDBPyConnection, landed: Sequence[Landed]) -> dict[str, dict[str, object]]:
    """Assign these landed articles (new, or edited since they were assigned) to stories inside the
    caller's transaction; returns their story columns (``STORY_COLUMNS``) by URL, for the caller to
    write with their ``articles`` rows in the same transaction (members already stored are updated here)."""
    batch = sorted({item.url: item for item in landed}.values(), key=lambda item: (item.seen, item.url))
    if not batch:
        return {}
    # The copy before _forget, which keeps it in step; story ids left unused are gaps, harmless.
    index, ids = bandindex.current(con, BANDS, len(batch))
    member_ids, new_ids = sorted(member_id for member_id, _ in ids), sorted(story_id for _, story_id in ids)
    touched = _forget(con, [item.url for item in batch if not item.new], index)
    members: dict[int, _Member] = {}
    keys: list[tuple[int, ...]] = []
    sketches: list[bytes] = []  # kept in the writer's copy: later batches compare with them (the table keeps none)
    for item, member_id in zip(batch, member_ids, strict=True):
        found = item.text_fingerprint()
        members[member_id] = _Member(item.url, member_id, item.seen, found.sketch)
        keys.append(found.bands)
        sketches.append(found.blob)
    # The band keys made in numpy (Arrow reads numpy arrays as they are; Python lists of 3,200 ints cost it ~1 ms),
    # stored as each sketch's array (NULL without bands), searched as rows (band, key, member).
    counts = np.array([len(bands) for bands in keys], dtype=np.int64)
    key = np.fromiter(itertools.chain.from_iterable(keys), dtype=np.int64, count=int(counts.sum()))
    owner = np.repeat(np.array(member_ids, dtype=np.int32), counts)
    band = (np.arange(len(key)) - np.repeat(np.cumsum(counts) - counts, counts)).astype(np.uint8)
    banded = counts == BANDS  # a signature has BANDS bands, a text too short none
    arrays = np.zeros((len(keys), BANDS), dtype=np.int64)
    arrays[banded] = key.reshape(-1, BANDS)
    append(con, "story_sketches", pa.table({
        "member_id": pa.array(member_ids, pa.int32()),
        "bands": pa.FixedSizeListArray.from_arrays(pa.array(arrays.ravel()), BANDS, mask=pa.array(~banded))}))
    if index is not None:
        index.keep_sketches(zip(member_ids, sketches, strict=True))
    # Per article, the other articles sharing at least MIN_SHARED_BANDS of its bands (a template-made
    # text — weather, markets, generated prose — shares bands with hundreds of others), then ranked
    # in numpy (``_ranked``). Counted in the writer's copy of the bands (``storage.bandindex``), else
    # in DuckDB.
    if index is not None:
        index.add(band, key, owner)
        shared = index.shared(band, key, owner, MIN_SHARED_BANDS)
    else:
        con.register("story_band_batch", pa.table({"band": band, "key": key, "member_id": owner}))
        try:
            counted = con.execute(f"""
                SELECT b.member_id AS mine, c.member_id AS other, count(*) AS shared FROM story_band_batch b
                JOIN {bandindex.BAND_ROWS} c ON c.band = b.band AND c.key = b.key
                GROUP BY ALL HAVING count(*) >= $min_shared""", {"min_shared": MIN_SHARED_BANDS}).fetchnumpy()
        finally:
            con.unregister("story_band_batch")
        shared = counted["mine"], counted["other"], counted["shared"]
    pairs = _ranked(*shared)
    wanted = sorted({other for _, other in pairs if other not in members})
    stored, unsettled = _story_members(con, wanted, sorted(touched), index)
    pool: dict[int, _Member] = {**members, **stored}
    candidates: dict[int, list[_Member]] = {}
    for mine, other in pairs:
        if other in pool:
            candidates.setdefault(mine, []).append(pool[other])
    # The sketches of the earlier articles ``_join`` will compare: the first candidate of each story of each
    # article (merges while joining only make fewer of them firsts).
    compared = {c.member_id: c for found in candidates.values() for c in _per_story(found).values()
                if c.member_id in stored}
    for member_id, blob in _sketch_blobs(con, list(compared.values()), index).items():
        stored[member_id].blob = blob
    merged: dict[int, int] = {}  # story -> the story it was merged into
    for member in members.values():
        _join(member, candidates.get(member.member_id, []), touched, pool, new_ids, merged)
    _merge(con, merged, index)
    rows = _settle(con, _heads(stored.values(), touched, unsettled), members, pool, index)
    return {str(row["canonical_url"]): _as_columns(row) for row in rows}


def _ranked(mine: np.ndarray, other: np.ndarray, shared: np.ndarray) -> list[tuple[int, int]]:
    """(article, candidate) pairs: per article of the batch, the MAX_CANDIDATES others sharing the most
    bands (then by member id), in that order, articles by member id; an article is not its own candidate."""
    keep = mine != other
    mine, other, shared = mine[keep].astype(np.int64), other[keep].astype(np.int64), shared[keep].astype(np.int64)
    order = np.lexsort((other, -shared, mine))
    mine, other = mine[order], other[order]
    first = np.flatnonzero(np.r_[True, mine[1:] != mine[:-1]])  # where each article's run starts
    rank = np.arange(len(mine)) - np.repeat(first, np.diff(np.r_[first, len(mine)]))
    chosen = rank < MAX_CANDIDATES
    return list(zip(mine[chosen].tolist(), other[chosen].tolist(), strict=True))


def _merge(con: duckdb.DuckDBPyConnection, merged: Mapping[int, int], index: bandindex.BandIndex | None) -> None:
    """Move the stored members of the stories merged while assigning the batch, in one statement
    (a story merged into one merged later goes to the last)."""
    final = {}
    for story in merged:
        target = merged[story]
        while target in merged:
            target = merged[target]
        final[story] = target
    if final:
        con.execute("UPDATE articles SET story = m.target FROM (SELECT unnest($stories) AS old, "
                    "unnest($targets) AS target) m WHERE articles.story = m.old",
                    {"stories": list(final), "targets": list(final.values())})
        if index is not None:
            index.members.move(final)


def _stored(con: duckdb.DuckDBPyConnection, values: Sequence[int], index: bandindex.BandIndex | None
            ) -> dict[int, _Member]:
    """The members already in ``story_members`` with these member ids, by member id (their sketches
    left for ``_load_sketches``, which reads only those compared), from the writer's copy if there is one."""
    if not values:
        return {}
    if index is not None:
        rows = index.members.of(values)
    else:  # a literal list of integers: DuckDB filters on it while scanning (= ANY(?) of a parameter is slower)
        rows = con.execute("SELECT canonical_url, member_id, published_at, story_id, relation FROM story_members "
                           f"WHERE member_id IN ({', '.join(str(int(v)) for v in values)})").fetchall()
    return {row[1]: _Member(row[0], row[1], row[2], None, row[3], row[4]) for row in rows}


def _story_members(con: duckdb.DuckDBPyConnection, candidates: Sequence[int], stories: Sequence[int],
                   index: bandindex.BandIndex | None) -> tuple[dict[int, _Member], set[int]]:
    """Every stored member of the stories of these candidates (member ids) and of these ``stories``, by
    member id, and which of those stories wait in ``story_unsettled``: the candidates and what their
    stories' heads are counted from (``_heads``). From the writer's copy if there is one, else in one
    query: each statement scans ``story_members`` (~2-3 ms at 10,000 articles, whatever it selects)."""
    if index is not None:
        kept = index.members.in_stories(candidates, stories)
        return ({row[1]: _Member(row[0], row[1], row[2], None, row[3], row[4]) for row in kept},
                {row[3] for row in kept} & index.members.unsettled)
    listed = ", ".join(str(int(v)) for v in candidates)
    found = [f"story_id IN (SELECT story_id FROM story_members WHERE member_id IN ({listed}))"] if candidates else []
    found += [f"story_id IN ({', '.join(str(int(v)) for v in stories)})"] if stories else []
    if not found:
        return {}, set()
    rows = con.execute("SELECT canonical_url, member_id, published_at, story_id, relation, "
                       "story_id IN (SELECT story_id FROM story_unsettled) FROM story_members "
                       f"WHERE {' OR '.join(found)}").fetchall()
    return ({row[1]: _Member(row[0], row[1], row[2], None, row[3], row[4]) for row in rows},
            {row[3] for row in rows if row[5]})


def _sketch_blobs(con: duckdb.DuckDBPyConnection, members: Iterable[_Member], index: bandindex.BandIndex | None
                  ) -> dict[int, bytes]:
    """The sketches (``Sketch.to_bytes``) of these stored members, by member id: those the writer's copy
    keeps, the others made again from their articles' text (and kept from now on). The text is what the
    crawl made the sketch of when the article landed: an edited article is landed again as a new member."""
    found: dict[int, bytes] = {}
    missing: dict[str, int] = {}  # canonical URL -> member id
    for member in members:
        if index is not None and (blob := index.sketch(member.member_id)) is not None:
            found[member.member_id] = blob
        else:
            missing[member.url] = member.member_id
    if missing:
        made = [(missing[url], sketch(body, language).to_bytes()) for url, body, language in
                articles_by_key(con, sorted(missing), "canonical_url, coalesce(body, ''), language")]
        if index is not None:
            index.keep_sketches(made)
        found.update(made)
    return found


def _load_sketches(con: duckdb.DuckDBPyConnection, members: list[_Member], known: Mapping[int, _Member] | None = None,
                   index: bandindex.BandIndex | None = None) -> None:
    """The sketches of these members: parsed when read with the candidates (``known``, by member id: a
    story's original read as a candidate costs no second read), else taken from the writer's copy
    (``index``) or made again now from their text (``_sketch_blobs``)."""
    missing: dict[int, _Member] = {}
    for member in members:
        read = (known or {}).get(member.member_id)
        if member.sketch is None and member.blob is None and read is not None and (read.sketch or read.blob):
            member.sketch = read.parsed()
        if member.blob is not None:
            member.parsed()
        elif member.sketch is None:
            missing[member.member_id] = member
    for member_id, blob in _sketch_blobs(con, missing.values(), index).items():
        missing[member_id].sketch = Sketch.from_bytes(blob)


def _forget(con: duckdb.DuckDBPyConnection, urls: Sequence[str], index: bandindex.BandIndex | None
            ) -> set[int]:
    """Take re-landed articles out of their stories (and their bands out of ``index``); returns those
    stories (to settle again). Their story columns are emptied too: the batch's queries of ``story_members``
    must not find them in their former story before their rows are written again."""
    if not urls:
        return set()
    rows = con.execute("SELECT story_id, member_id FROM story_members WHERE canonical_url = ANY(?)",
                       [list(urls)]).fetchall()
    if rows:
        ids = ", ".join(str(int(member_id)) for _, member_id in rows)
        if index is not None:
            index.remove([member_id for _, member_id in rows])
        con.execute(f"DELETE FROM story_sketches WHERE member_id IN ({ids})")
        emptied = ", ".join(f"{column} = NULL" for column in STORY_COLUMNS)
        con.execute(f"UPDATE articles SET {emptied} WHERE story_member_id IN ({ids})")
    return {story_id for story_id, _ in rows}


def _per_story(candidates: list[_Member]) -> dict[int, _Member]:
    """The first candidate (most bands shared) of each story among ``candidates``."""
    per_story: dict[int, _Member] = {}
    for candidate in candidates:
        if candidate.story_id is not None:
            per_story.setdefault(candidate.story_id, candidate)
    return per_story


def _join(member: _Member, candidates: list[_Member], touched: set[int], pool: dict[int, _Member],
          new_ids: list[int], merged: dict[int, int]) -> None:
    """Put ``member`` in the story of its most similar candidate that has one (merging every other
    story it is as similar to: noted in ``merged``, for ``_merge``), or in a new story. Of each story,
    only the candidate sharing the most bands is compared: a wire story carried by fifty sites costs
    one comparison, not fifty."""
    per_story = _per_story(candidates)
    matches = sorted(((compare(member.parsed(), c.parsed()), c) for c in per_story.values()),
                     key=lambda mc: (-mc[0].similarity, mc[1].url))
    matches = [(match, c) for match, c in matches if match.same_story]
    if not matches:
        member.story_id = new_ids.pop()  # a new story: nothing stored to settle
        return
    best, chosen = matches[0]
    story = chosen.story_id
    assert story is not None  # candidates without a story were left out above
    member.story_id, member.matched = story, (chosen.url, best)
    others = {c.story_id for _, c in matches[1:] if c.story_id is not None and c.story_id != story}
    if others:  # one story after all: move the others' members, in memory now and in the table by _merge
        merged.update(dict.fromkeys(others, story))
        for other in pool.values():
            if other.story_id in others:
                other.story_id = story
    touched.add(story)


@dataclass(frozen=True, slots=True)
class _Head:
    """A story as stored: its earliest member, how many members are marked ``original`` (more than
    one after a merge), how many it has, and whether it waits in ``story_unsettled``."""

    first: _Member
    originals: int
    size: int
    unsettled: bool


def _heads(stored: Iterable[_Member], stories: Collection[int], unsettled: Collection[int]) -> dict[int, _Head]:
    """The heads of these ``stories``, counted from their ``stored`` members (as ``_story_members`` read
    them, their story ids moved by the batch's merges since), by story id; ``unsettled``: those that
    wait in ``story_unsettled``. A story with no stored member has none."""
    members: dict[int, list[_Member]] = {}
    for member in stored:
        if member.story_id is not None and member.story_id in stories:
            members.setdefault(member.story_id, []).append(member)
    heads = {}
    for story_id, found in sorted(members.items()):
        first = min(found, key=lambda m: (m.seen, m.url))  # by publication, then URL: unique
        heads[story_id] = _Head(_Member(first.url, first.member_id, first.seen, None, story_id, first.relation),
                                sum(member.relation == "original" for member in found), len(found),
                                story_id in unsettled)
    return heads


def _settle(con: duckdb.DuckDBPyConnection, heads: dict[int, _Head], batch: dict[int, _Member],
            known: Mapping[int, _Member], index: bandindex.BandIndex | None) -> list[dict[str, object]]:
    """Find each touched story's original (the earliest member; ``heads``: the touched stories as stored,
    the batch's other stories are new) and write every member whose
    story, original or comparison changed: the batch's members returned (their articles' rows are still to
    write), earlier ones updated.

    The batch's members are compared with their story's original; the story's earlier members only
    when the original changed (a new earliest member, or two stories merged), a chunk at a time, and
    for a story of more than SETTLE_NOW members only its previous originals now, the others when the
    run ends (``settle_stories``). A batch's members of such a story are not compared with its original
    now either (the run's end compares them): their row holds the comparison that made them join."""
    per_story: dict[int, list[_Member]] = {}
    for member in batch.values():
        per_story.setdefault(member.story_id or 0, []).append(member)
    pairs: list[tuple[_Member, _Member | None]] = []  # (member, original); None: it is the original
    again: dict[int, tuple[_Member, int]] = {}  # story -> its new original and its stored members
    joined: list[dict[str, object]] = []  # rows of members the run's end compares with their original
    now = datetime.now(UTC)
    for story_id, members in per_story.items():
        head = heads.pop(story_id, None)
        original = min([*members, *([head.first] if head else [])], key=lambda m: (m.seen, m.url))
        # A new original, or two stories merged (two originals): every member is compared again.
        if head is not None and (original is not head.first or head.first.relation != "original"
                                 or head.originals > 1):
            again[story_id] = (original, head.size)
        if original.relation != "original":
            pairs.append((original, None))
        later = head is not None and (head.unsettled or (story_id in again and head.size > SETTLE_NOW))
        for member in members:
            if member is original:
                continue
            if later and member.matched is not None:
                joined.append(_row(member, member.matched[1].relation, member.matched[1], now))
            else:
                pairs.append((member, original))
    for story_id, head in heads.items():  # touched without a member of the batch: it lost its original
        if head.first.relation != "original" or head.originals > 1:
            pairs.append((head.first, None))
            again[story_id] = (head.first, head.size)
    # Sketches only where a comparison is still to make (not for a member compared with the original
    # when it joined: a copy that matched the original itself reads nothing here), and of the originals
    # the story's earlier members are compared with again.
    _load_sketches(con, [m for member, first in pairs if first is not None and not _matched_with(member, first)
                         for m in (member, first)] + [m for m, _ in again.values()], known, index)
    rows = _write_members(con, _compared(pairs, now) + joined, index, new=batch)
    for story_id, (original, size) in again.items():
        later = size > SETTLE_NOW
        _compare_again(con, story_id, original, now, skip=batch, index=index, originals_only=later)
        if later:
            con.execute("INSERT INTO story_unsettled VALUES (?, ?) ON CONFLICT DO NOTHING", [story_id, now])
            if index is not None:
                index.members.unsettled.add(story_id)
    return rows


def _compare_again(con: duckdb.DuckDBPyConnection, story_id: int, original: _Member, now: datetime, *,
                   skip: Mapping[int, _Member], index: bandindex.BandIndex | None,
                   originals_only: bool = False) -> None:
    """Compare the story's stored members (those marked original only, if told) with its original,
    a chunk at a time, and write their new relations; a full pass settles the story."""
    if index is not None:
        listed = index.members.in_story(story_id, original.member_id, originals_only=originals_only)
    else:
        listed = [row[0] for row in con.execute(
            "SELECT member_id FROM story_members WHERE story_id = ? AND member_id <> ? "
            f"{'AND relation = $$original$$' if originals_only else ''} ORDER BY member_id",
            [story_id, original.member_id]).fetchall()]
    stored = [member_id for member_id in listed if member_id not in skip]
    for start in range(0, len(stored), SETTLE_CHUNK):
        chunk = _stored(con, stored[start:start + SETTLE_CHUNK], index)
        _load_sketches(con, [member for member in chunk.values() if not _matched_with(member, original)],
                       index=index)
        _write_members(con, _compared([(member, original) for member in chunk.values()], now), index=index)
    if not originals_only:
        _settled(con, story_id, index)


def _settled(con: duckdb.DuckDBPyConnection, story_id: int, index: bandindex.BandIndex | None) -> None:
    """The story no longer waits in ``story_unsettled``."""
    con.execute("DELETE FROM story_unsettled WHERE story_id = ?", [story_id])
    if index is not None:
        index.members.unsettled.discard(story_id)


@bandindex.changing()
def settle_stories(con: duckdb.DuckDBPyConnection) -> int:
    """Compare the members of the stories whose original changed during a run with that original (inside
    the caller's transaction; a run does it as it finishes); returns how many stories were settled."""
    ids = [row[0] for row in con.execute("SELECT story_id FROM story_unsettled ORDER BY story_id").fetchall()]
    index = bandindex.current(con, BANDS)[0] if ids else None
    stored, unsettled = _story_members(con, [], ids, index)
    heads = _heads(stored.values(), set(ids), unsettled)
    now = datetime.now(UTC)
    for story_id in ids:
        head = heads.get(story_id)
        if head is None:  # merged into another story since, or emptied
            _settled(con, story_id, index)
            continue
        _load_sketches(con, [head.first], index=index)
        if head.first.relation != "original":
            _write_members(con, _compared([(head.first, None)], now), index=index)
        _compare_again(con, story_id, head.first, now, skip={}, index=index)
    return len(ids)


# The story columns a stored member's later comparison changes (the rest stay as it joined).
_UPDATED = [ARTICLE_COLUMN[name] for name in ("story_id", "relation", "similarity", "literal")]


def _compared(pairs: Sequence[tuple[_Member, _Member | None]], now: datetime) -> list[dict[str, object]]:
    """The ``story_members`` rows of these members, each related to its original (a comparison already
    made with it is reused; None: the member is the original)."""
    rows = []
    for member, first in pairs:
        if first is None:
            rows.append(_row(member, "original", Match(1.0, 1.0), now))
            continue
        match = member.matched[1] if member.matched and _matched_with(member, first) else \
            compare(member.sketch, first.sketch)  # type: ignore[arg-type]
        rows.append(_row(member, match.relation, match, now))
    return rows


def _write_members(con: duckdb.DuckDBPyConnection, rows: list[dict[str, object]], index: bandindex.BandIndex | None,
                   *, new: Mapping[int, _Member] | None = None) -> list[dict[str, object]]:
    """Update the story columns of the members already stored and return the rows of the ``new`` ones (by
    member id: the landing batch's, whose ``articles`` rows the caller writes), in the writer's copy both."""
    new = new or {}
    inserted = [r for r in rows if r["member_id"] in new]
    updated = [r for r in rows if r["member_id"] not in new]
    if updated:
        _update_articles(con, [{"canonical_url": r["canonical_url"], **_as_columns(r)} for r in updated], _UPDATED)
    if index is not None:
        index.members.insert(inserted)
        index.members.update(updated)
    return inserted


def _as_columns(row: Mapping[str, object]) -> dict[str, object]:
    """A ``story_members`` row (``_row``) as the story columns of its article."""
    return {ARTICLE_COLUMN[name]: value for name, value in row.items() if name in ARTICLE_COLUMN}


def _update_articles(con: duckdb.DuckDBPyConnection, rows: list[dict[str, object]], columns: Collection[str]) -> None:
    """Set these story ``columns`` of the stored articles of ``rows`` (by canonical_url), in one statement;
    the rows as Arrow, built by column (a list of row dicts costs Arrow ~3x as much to read)."""
    if not rows:
        return
    fields = pa.schema([_ARTICLE_BATCH.field(name) for name in ("canonical_url", *columns)])
    con.register("story_member_batch", pa.Table.from_pydict({name: [row[name] for row in rows] for name in fields.names},
                                                            schema=fields))
    try:
        con.execute(f"UPDATE articles SET {', '.join(f'{column} = b.{column}' for column in columns)} "
                    "FROM story_member_batch b WHERE articles.canonical_url = b.canonical_url")
    finally:
        con.unregister("story_member_batch")


def _matched_with(member: _Member, original: _Member) -> bool:
    """Whether ``member`` was compared with ``original`` when it joined (that comparison is kept)."""
    return member.matched is not None and member.matched[0] == original.url


def _row(member: _Member, relation: str, match: Match, now: datetime) -> dict[str, object]:
    matched_url, matched = member.matched if member.matched else (None, None)
    return {"canonical_url": member.url, "story_id": member.story_id, "member_id": member.member_id,
            "relation": relation, "similarity": match.similarity, "literal": match.literal,
            "matched_url": matched_url, "matched_similarity": matched.similarity if matched else None,
            "assigned_at": now, "published_at": member.seen}


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
