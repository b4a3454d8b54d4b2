"""The stored LSH bands (the ``bands`` arrays of ``story_sketches``) mirrored in the writer's memory, where a
landing batch finds its candidates, the sketches those candidates are compared by, and ``story_members`` (the story and relation of each).

Why: finding the earlier articles that share LSH bands with a batch was a DuckDB join of the batch's
bands with every stored band (32 rows per article): at 10,000 articles the join scanned 320,000 rows
per landing batch, ~8 ms of a batch of 100 pages, growing with the database. Here every (band, key)
is kept as one sorted integer in numpy, so the same pairs come from binary searches (growing with the
logarithm of the database). The table stays the record: bands are written to it as before, and the
copy in memory is only trusted while it provably equals the table.

How it stays equal: member ids come from a sequence that never hands out a number twice (DuckDB's
``nextval`` is not undone by a rollback), and a member's bands are written and deleted with its
``story_members`` row. So any change another process makes either adds members with ids above every
id known here, or deletes members — which moves ``story_members``' row count, largest id or sum of
ids — or, when a run ends, settles the stories waiting in ``story_unsettled`` and deletes them from it
(the only change to stored members' stories and relations that adds none; rows are added there only
with members, so between two checks that see the same members the count can only fall). Those three
numbers and ``story_unsettled``'s row count are read (one aggregate over the members) at the start of a batch; when they differ from the copy's, the copy is
read again from the tables. The check is skipped while the connection it was last made on is still
open and no transaction was undone in this process since (``current``): no other process can write
meanwhile. A batch whose transaction rolls back after changing the copy is undone, so the next batch
checks, and finds the copy out of step (every batch adds members); an error raised while the copy is
being changed drops it (``discard``). The copy is kept for one file at a time, and not at
all past ``MAX_ROWS`` band rows (then the join runs in DuckDB, as before), so that its memory stays
bounded (13 bytes a band row, ~150 a member).

Members (``story_members``): finding the stored members of a batch's candidates' stories, to know each
story's original, cost one scan of ``story_members`` a batch (~2.5-3 ms at 10,000 articles, whatever
it selects), and comparing a story's members with a new original one more per story. The copy keeps,
by member id, the story, relation, publication time and URL of every member, changed with every row
the writer inserts, updates or deletes (``Members``).

Sketches (what a new article is compared with, ``scrapers.similarity.Sketch``): the table keeps none
(``storage.stories.drop_sketches`` says why); the sketch of an earlier article is made again from its
stored text when a batch compares with it (~0.3 ms). The copy keeps the sketches of the members this
process landed and of those it made since, up to ``MAX_SKETCH_BYTES`` (least recently used dropped
first; ~1.6 KB a sketch: ~20,000 articles), so a run compares with its own articles, and with a story
it met before, at no cost. A member's sketch never changes (a re-landed article gets a new member id,
and ids are never handed out twice), so an entry is right for as long as its member exists; the
sketches go with the copy whenever it is read again, so a file replaced under the same path cannot
lend them its ids.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import duckdb
import numpy as np

from storage.db import undone

MAX_ROWS = 8_000_000  # ~104 MB (250,000 articles of 32 bands); beyond, DuckDB joins
MAX_SKETCH_BYTES = 32 * 2**20  # sketches kept (see above); beyond, the least recently used are made again
SHARED_PAIRS = 25_000  # (row, stored row) pairs gathered at once, about (see ``BandIndex.shared``)
RELATIONS = ("original", "copy", "rewrite", "spun")  # story_members.relation, kept as its index here
# What the copy is checked against (see above): story_members' rows, largest and summed ids, and how many
# stories wait in story_unsettled; and the file's path, asked only of a connection not seen before.
_STATE = ("(SELECT count(*), coalesce(max(member_id), 0), coalesce(sum(member_id), 0) FROM story_members), "
          "(SELECT count(*) FROM story_unsettled)")
# Every stored band as a row (band number from 0, key, member): the ``bands`` arrays of ``story_sketches``.
BAND_ROWS = ("(SELECT generate_subscripts(bands, 1) - 1 AS band, unnest(bands) AS key, member_id "
             "FROM story_sketches)")
_PATH = "(SELECT path FROM duckdb_databases() WHERE database_name = current_database())"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
State = tuple[int, int, int, int]
StoredMember = tuple[str, int, datetime, int, str]  # a story_members row: url, member id, published_at, story, relation


def _code(band: np.ndarray, key: np.ndarray) -> np.ndarray:
    """One sortable integer per (band, key): the key (63 bits) with the band xor-ed into its top bits.
    Two rows with one code and one band have one key, so a match on code is checked on band."""
    return key.astype(np.int64) ^ (band.astype(np.int64) << 58)


@dataclass(slots=True)
class _Run:
    """Rows sorted by ``code`` (``_code``), with each one's band and member."""

    code: np.ndarray  # int64
    band: np.ndarray  # uint8
    ids: np.ndarray  # int32

    @classmethod
    def of(cls, band: np.ndarray, key: np.ndarray, member_id: np.ndarray) -> _Run:
        code = _code(band, key)
        order = np.argsort(code, kind="stable")
        return cls(code[order], band.astype(np.uint8)[order], member_id.astype(np.int32)[order])

    def insert(self, other: _Run) -> None:
        at = np.searchsorted(self.code, other.code)
        self.code = np.insert(self.code, at, other.code)
        self.band = np.insert(self.band, at, other.band)
        self.ids = np.insert(self.ids, at, other.ids)

    def keep(self, kept: np.ndarray) -> None:
        self.code, self.band, self.ids = self.code[kept], self.band[kept], self.ids[kept]

    def spans(self, code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per code (``code`` sorted): where its rows start here and how many there are."""
        lo = np.searchsorted(self.code, code, "left")
        # Most codes match nothing: the right end is searched for the few that are here.
        hit = np.flatnonzero(self.code[np.minimum(lo, len(self.code) - 1)] == code) if len(self.code) else lo[:0]
        counts = np.zeros(len(code), dtype=np.int64)
        counts[hit] = np.searchsorted(self.code, code[hit], "right") - lo[hit]
        return lo, counts

    def matches(self, lo: np.ndarray, counts: np.ndarray, band: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per row (where its code's rows start here, how many, its band: ``spans``): the positions here of
        the rows with that band and key, and which row each one matches."""
        ends = np.cumsum(counts)
        total = int(ends[-1]) if len(ends) else 0
        row = np.repeat(np.arange(len(counts)), counts)
        at = np.arange(total) + np.repeat(lo - (ends - counts), counts)
        same = self.band[at] == band[row]  # another band's key with the same code: not a match
        return at[same], row[same]


@dataclass(slots=True)
class Members:
    """``story_members`` by member id (ascending): each member's story, relation (an index into
    ``RELATIONS``), publication time (microseconds since the epoch) and URL; and the stories waiting in
    ``story_unsettled``. Rows come out as ``StoredMember`` tuples, as a query of the table gives them."""

    ids: np.ndarray  # int32, ascending
    story: np.ndarray  # int32
    relation: np.ndarray  # int8
    seen: np.ndarray  # int64
    urls: list[str]
    unsettled: set[int]

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> Members:
        found = con.execute("SELECT member_id, story_id, relation, epoch_us(published_at) AS seen, canonical_url "
                            "FROM story_members ORDER BY member_id").fetchnumpy()
        codes = {name: code for code, name in enumerate(RELATIONS)}
        return cls(np.asarray(found["member_id"], dtype=np.int32), np.asarray(found["story_id"], dtype=np.int32),
                   np.array([codes[r] for r in found["relation"].tolist()], dtype=np.int8),
                   np.asarray(found["seen"], dtype=np.int64), [str(url) for url in found["canonical_url"].tolist()],
                   {row[0] for row in con.execute("SELECT story_id FROM story_unsettled").fetchall()})

    def state(self) -> State:
        """What ``_STATE`` shows while the copy is the tables."""
        return (len(self.ids), int(self.ids[-1]) if len(self.ids) else 0, int(self.ids.sum(dtype=np.int64)),
                len(self.unsettled))

    def _at(self, member_ids: Iterable[int]) -> np.ndarray:
        """The positions of these members (those in the copy), in member id order."""
        wanted = np.unique(np.fromiter(member_ids, dtype=np.int64))
        at = np.searchsorted(self.ids, wanted)
        found = at < len(self.ids)
        found[found] = self.ids[at[found]] == wanted[found]
        return at[found]

    def _rows(self, at: np.ndarray) -> list[StoredMember]:
        return [(self.urls[i], member_id, _EPOCH + timedelta(microseconds=seen), story, RELATIONS[relation])
                for i, member_id, seen, story, relation in zip(
                    at.tolist(), self.ids[at].tolist(), self.seen[at].tolist(), self.story[at].tolist(),
                    self.relation[at].tolist(), strict=True)]

    def of(self, member_ids: Iterable[int]) -> list[StoredMember]:
        """The rows of these members."""
        return self._rows(self._at(member_ids))

    def in_stories(self, member_ids: Iterable[int], stories: Iterable[int]) -> list[StoredMember]:
        """The rows of every member of the stories of these members and of these ``stories``."""
        wanted = np.union1d(self.story[self._at(member_ids)], np.fromiter(stories, dtype=np.int64))
        return self._rows(np.flatnonzero(np.isin(self.story, wanted)))

    def in_story(self, story_id: int, but: int, *, originals_only: bool) -> list[int]:
        """The member ids of a story, but one, ascending (those marked original only, if told)."""
        chosen = (self.story == story_id) & (self.ids != but)
        if originals_only:
            chosen &= self.relation == RELATIONS.index("original")
        return self.ids[chosen].tolist()

    def insert(self, rows: Sequence[Mapping[str, object]]) -> None:
        """Rows just inserted into ``story_members`` (``storage.stories``' row dicts)."""
        ids = np.array([row["member_id"] for row in rows], dtype=np.int32)
        order = np.argsort(ids, kind="stable")
        story = np.array([row["story_id"] for row in rows], dtype=np.int32)[order]
        relation = np.array([RELATIONS.index(str(row["relation"])) for row in rows], dtype=np.int8)[order]
        seen = np.array([_microseconds(row["published_at"]) for row in rows], dtype=np.int64)[order]
        urls = [str(rows[i]["canonical_url"]) for i in order.tolist()]
        ids = ids[order]
        if len(self.ids) and len(ids) and ids[0] <= self.ids[-1]:  # not above every id known (never, in practice)
            every = np.concatenate((self.ids, ids))
            moved = np.argsort(every, kind="stable")
            joined = self.urls + urls
            self.urls = [joined[i] for i in moved.tolist()]
            self.ids, self.story = every[moved], np.concatenate((self.story, story))[moved]
            self.relation = np.concatenate((self.relation, relation))[moved]
            self.seen = np.concatenate((self.seen, seen))[moved]
            return
        self.ids, self.story = np.concatenate((self.ids, ids)), np.concatenate((self.story, story))
        self.relation, self.seen = np.concatenate((self.relation, relation)), np.concatenate((self.seen, seen))
        self.urls.extend(urls)

    def update(self, rows: Sequence[Mapping[str, object]]) -> None:
        """Stored members whose story and relation were just updated (``storage.stories``' row dicts)."""
        for row in rows:
            at = int(np.searchsorted(self.ids, int(row["member_id"])))  # type: ignore[call-overload]
            self.story[at] = row["story_id"]
            self.relation[at] = RELATIONS.index(str(row["relation"]))

    def move(self, final: Mapping[int, int]) -> None:
        """Stories just merged: every member of a story in ``final`` moved to the story it maps to."""
        for story, target in final.items():
            self.story[self.story == story] = target

    def remove(self, member_ids: Collection[int]) -> None:
        """These members, just deleted from ``story_members``."""
        kept = ~np.isin(self.ids, np.fromiter(member_ids, dtype=np.int64))
        self.urls = [url for url, keep in zip(self.urls, kept.tolist(), strict=True) if keep]
        self.ids, self.story, self.relation, self.seen = (
            self.ids[kept], self.story[kept], self.relation[kept], self.seen[kept])


def _microseconds(value: object) -> int:
    """A published_at as stored (µs since the epoch; a naive time is UTC, as Arrow writes it)."""
    assert isinstance(value, datetime)
    moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return (moment - _EPOCH) // timedelta(microseconds=1)


@dataclass(slots=True)
class BandIndex:
    """Every stored band of one file (``BAND_ROWS``): most in ``base``, the latest batches' in ``recent`` (small,
    so that adding a batch copies little; merged into ``base`` once it is an eighth of it); the sketches
    kept, and the members (``Members``)."""

    path: str
    base: _Run
    recent: _Run
    members: Members
    connection: duckdb.DuckDBPyConnection | None = None  # the connection last checked: its file is ``path``
    undone: int = -1  # ``storage.db.undone()`` when it was last checked
    sketches: OrderedDict[int, bytes] = field(default_factory=OrderedDict)  # member id -> its sketch's bytes, LRU last
    sketch_bytes: int = 0

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection, path: str) -> BandIndex:
        """The copy, read from the tables (with no sketches: they are made as batches compare with them)."""
        found = con.execute(f"SELECT band, key, member_id FROM {BAND_ROWS}").fetchnumpy()
        return cls(path, _Run.of(found["band"], found["key"], found["member_id"]), _empty_run(), Members.read(con))

    def add(self, band: np.ndarray, key: np.ndarray, member_id: np.ndarray) -> None:
        """Bands just inserted into ``story_sketches`` by this transaction."""
        if not len(band):
            return
        self.recent.insert(_Run.of(band, key, member_id))
        if len(self.recent.ids) * 8 > len(self.base.ids):
            self.base.insert(self.recent)
            self.recent = _empty_run()

    def remove(self, member_ids: list[int]) -> None:
        """These members, just deleted from ``story_members`` and ``story_sketches`` (their bands with them)."""
        wanted = np.array(member_ids, dtype=np.int32)
        for run in (self.base, self.recent):
            run.keep(~np.isin(run.ids, wanted))
        self.members.remove(member_ids)
        for member_id in member_ids:
            if (sketch := self.sketches.pop(member_id, None)) is not None:
                self.sketch_bytes -= len(sketch)

    def sketch(self, member_id: int) -> bytes | None:
        """The member's sketch, if kept (then it is the last to be dropped)."""
        found = self.sketches.get(member_id)
        if found is not None:
            self.sketches.move_to_end(member_id)
        return found

    def keep_sketches(self, sketches: Iterable[tuple[int, bytes]]) -> None:
        """Keep these (member id, sketch) pairs — landed by this transaction or made again from stored text —
        dropping the least recently used past ``MAX_SKETCH_BYTES``."""
        for member_id, sketch in sketches:
            previous = self.sketches.pop(member_id, None)
            self.sketch_bytes += len(sketch) - (len(previous) if previous is not None else 0)
            self.sketches[member_id] = sketch
        while self.sketch_bytes > MAX_SKETCH_BYTES and self.sketches:
            self.sketch_bytes -= len(self.sketches.popitem(last=False)[1])

    def shared(self, band: np.ndarray, key: np.ndarray, member_id: np.ndarray, least: int
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For rows (band, key) of the given members: (member, other, bands shared) of every other member
        sharing at least ``least`` bands with it — the pairs the DuckDB join gives, in another order (by
        member, then other).

        Every row is looked up once; the (row, stored row) pairs are then gathered for members taken in
        id order, about ``SHARED_PAIRS`` at a time: templated texts share band keys with thousands of
        stored members, and a whole batch of 100's pairs took ~29 MiB at 10,000 articles (the main
        process's peak) against ~3 MiB in chunks. A batch of texts that share little is one chunk (each
        chunk costs ~0.2 ms of numpy calls: ten of them a batch were ~2 ms of landing). The pairs of
        one member never span two chunks, and chunks follow member ids, so the answer and its order
        are the same whatever the chunks."""
        code = _code(band, key)
        order = np.argsort(code)  # sorted needles: each search starts where the last ended (cache-friendly)
        code, band, member_id = code[order], band[order], member_id[order]
        runs = (self.base, self.recent)
        spans = [run.spans(code) for run in runs]
        members, member_of = np.unique(member_id, return_inverse=True)
        pairs = np.bincount(member_of, weights=spans[0][1] + spans[1][1], minlength=len(members))
        chunk_of = ((np.cumsum(pairs) - pairs) // SHARED_PAIRS).astype(np.int64)[member_of]  # per row
        chunks = [np.flatnonzero(chunk_of == chunk) for chunk in np.unique(chunk_of)] \
            if len(code) and chunk_of.max() else [np.arange(len(code))]
        parts = []
        for rows in chunks:
            mine, others = [], []
            for run, (lo, counts) in zip(runs, spans, strict=True):
                at, row = run.matches(lo[rows], counts[rows], band[rows])
                mine.append(member_id[rows][row].astype(np.int64))
                others.append(run.ids[at].astype(np.int64))
            unique, shared = np.unique(np.concatenate(mine) << 32 | np.concatenate(others), return_counts=True)
            keep = shared >= least
            parts.append((unique[keep] >> 32, unique[keep] & 0xFFFFFFFF, shared[keep]))
        return tuple(np.concatenate([p[i] for p in parts]) for i in range(3))  # type: ignore[return-value]


def _empty_run() -> _Run:
    return _Run(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.int32))


_CURRENT: list[BandIndex] = []  # the copy of the file written last, if any


def current(con: duckdb.DuckDBPyConnection, bands: int, new_members: int = 0
            ) -> tuple[BandIndex | None, list[tuple[int, int]]]:
    """The copy of this connection's story tables, checked against them (inside the caller's transaction)
    and read again when it differs; None for a file in memory or past ``MAX_ROWS``. With it, ``new_members``
    new (member id, story id) pairs, drawn in the same query (each statement costs ~0.5-1 ms of the writer,
    whatever it does). The file's path is asked only of a connection not checked before (~0.3 ms).

    The check is skipped while the connection checked last is still open and no transaction was undone
    in this process since (``storage.db.undone``): DuckDB lets no other process write a file this one holds
    open, and every change this process makes to the story tables changes the copy too, so the copy is
    the tables until the connection closes or a transaction's changes are undone (the aggregate over
    ``story_members`` cost ~0.5-1 ms a landing batch at 10,000 articles)."""
    known = _CURRENT[0] if _CURRENT and _CURRENT[0].connection is con else None
    draw = "SELECT nextval('story_member_ids') AS member_id, nextval('story_ids') AS story_id FROM range(?)"
    if known is not None and known.undone == undone() and len(known.members.ids) * bands <= MAX_ROWS:
        return known, [tuple(row) for row in con.execute(draw, [new_members]).fetchall()] if new_members else []
    found = con.execute(f"SELECT * FROM {_STATE}, {'(SELECT NULL)' if known else _PATH}"
                        f"{f', ({draw})' if new_members else ''}", [new_members] if new_members else []).fetchall()
    count, last, total, waiting, path = found[0][:5]
    state = (count, last, int(total), waiting)
    path = known.path if known is not None else path
    ids = [(row[5], row[6]) for row in found] if new_members else []
    if not path or count * bands > MAX_ROWS:
        _CURRENT.clear()
        return None, ids
    if not (_CURRENT and _CURRENT[0].path == path and _CURRENT[0].members.state() == state):
        _CURRENT[:] = [BandIndex.read(con, path)]
    _CURRENT[0].connection, _CURRENT[0].undone = con, undone()
    return _CURRENT[0], ids


def forget() -> None:
    """Drop the copy (the next batch reads it from the tables): before the story tables change other than
    through ``storage.stories``, as in a migration."""
    _CURRENT.clear()


@contextmanager
def changing() -> Iterator[None]:
    """Around code that changes the story tables and the copy together (a decorator too): an error drops
    the copy, which may be half changed, and the next batch reads it again from the tables."""
    try:
        yield
    except BaseException:
        _CURRENT.clear()
        raise
