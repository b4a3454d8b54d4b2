"""The ``story_bands`` table mirrored in the writer's memory, where a landing batch finds its candidates,
and the sketches those candidates are compared by.

Why: finding the earlier articles that share LSH bands with a batch was a DuckDB join of the batch's
bands with every stored band (32 rows per article): at 10,000 articles the join scanned 320,000 rows
per landing batch, ~8 ms of a batch of 100 pages, growing with the database. Here every (band, key)
is kept as one sorted integer in numpy, so the same pairs come from binary searches (growing with the
logarithm of the database). The table stays the record: rows are written to it as before, and the
copy in memory is only trusted while it provably equals the table.

How it stays equal: member ids come from a sequence that never hands out a number twice (DuckDB's
``nextval`` is not undone by a rollback), and a member's bands are written and deleted with its
``story_members`` row. So any change another process makes either adds members with ids above every
id known here, or deletes members — which moves ``story_members``' row count, largest id or sum of
ids. Those three numbers are read (one aggregate over the member table, 32 times smaller than the
bands) at the start of every batch; when they differ from the copy's, the copy is read again from the
table. A batch whose transaction rolls back after changing the copy leaves it out of step the same way,
and is caught the same way. The copy is kept for one file at a time, and not at all past ``MAX_ROWS``
rows (then the join runs in DuckDB, as before), so that its memory stays bounded (13 bytes a row).

Sketches (``story_sketches``): reading a batch's candidates' sketches from the table cost ~2-7 ms a
batch at 10,000 articles and grows with the database — DuckDB uses a list of member ids only to skip
whole row groups, so it reads the whole sketch column. The copy keeps the sketches of the newest
members (those it writes, and, when this process first reads the file, those in the table, newest
first: ~15-60 ms CPU at 10,000 articles, once) and of the candidates it read since, up to
``MAX_SKETCH_BYTES`` (least recently used dropped first; ~1.6 KB a sketch: ~20,000 articles). A
member's sketch never changes (a re-landed article gets a new member id, and ids are never handed
out twice), so an entry is right for as long as its member exists; the sketches go with the copy
whenever it is read again, so a file replaced under the same path cannot lend them its ids.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb
import numpy as np

MAX_ROWS = 8_000_000  # ~104 MB (250,000 articles of 32 bands); beyond, DuckDB joins
MAX_SKETCH_BYTES = 32 * 2**20  # sketches kept (see above); beyond, the least recently used are read again
# What the copy is checked against (see above): the file, and story_members' rows, largest and summed ids.
_STATE = """SELECT (SELECT path FROM duckdb_databases() WHERE database_name = current_database()),
                   count(*), coalesce(max(member_id), 0), coalesce(sum(member_id), 0) FROM story_members"""


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

    def matches(self, code: np.ndarray, band: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per row (its code and band): the positions here of the rows with that band and key, and which
        row each one matches."""
        lo = np.searchsorted(self.code, code, "left")
        counts = np.searchsorted(self.code, code, "right") - lo
        ends = np.cumsum(counts)
        total = int(ends[-1]) if len(ends) else 0
        row = np.repeat(np.arange(len(code)), counts)
        at = np.arange(total) + np.repeat(lo - (ends - counts), counts)
        same = self.band[at] == band[row]  # another band's key with the same code: not a match
        return at[same], row[same]


@dataclass(slots=True)
class BandIndex:
    """Every row of ``story_bands`` of one file: most in ``base``, the latest batches' in ``recent`` (small,
    so that adding a batch copies little; merged into ``base`` once it is an eighth of it)."""

    path: str
    base: _Run
    recent: _Run
    state: tuple[int, int, int]  # what ``_STATE`` must show for the copy to be the table
    sketches: OrderedDict[int, bytes] = field(default_factory=OrderedDict)  # member id -> stored sketch, LRU last
    sketch_bytes: int = 0

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection, path: str, state: tuple[int, int, int], *, sketches: bool
             ) -> BandIndex:
        """The copy, read from the table; with the newest members' sketches when told (as many as the
        budget takes, guessed from their mean size)."""
        found = con.execute("SELECT band, key, member_id FROM story_bands").fetchnumpy()
        index = cls(path, _Run.of(found["band"], found["key"], found["member_id"]), _empty_run(), state)
        mean = con.execute("SELECT avg(octet_length(sketch)) FROM story_sketches").fetchall()[0][0] if sketches \
            else None
        if mean:
            newest = con.execute("SELECT member_id, sketch FROM story_sketches ORDER BY member_id DESC LIMIT ?",
                                 [int(MAX_SKETCH_BYTES // mean)]).fetchall()
            index.keep_sketches(reversed(newest))
        return index

    def add(self, band: np.ndarray, key: np.ndarray, member_id: np.ndarray, members: list[int]) -> None:
        """Rows just inserted into ``story_bands`` by this transaction, for ``members`` (all of the batch,
        those without bands included: each is inserted into ``story_members``)."""
        rows, _, total = self.state
        self.state = (rows + len(members), max(members, default=self.state[1]), total + sum(members))
        if not len(band):
            return
        self.recent.insert(_Run.of(band, key, member_id))
        if len(self.recent.ids) * 8 > len(self.base.ids):
            self.base.insert(self.recent)
            self.recent = _empty_run()

    def remove(self, member_ids: list[int]) -> None:
        """These members, just deleted from ``story_members``, ``story_bands`` and ``story_sketches``."""
        rows, last, total = self.state
        self.state = (rows - len(member_ids), last, total - sum(member_ids))  # the batch's new ids set ``last``
        wanted = np.array(member_ids, dtype=np.int32)
        for run in (self.base, self.recent):
            run.keep(~np.isin(run.ids, wanted))
        for member_id in member_ids:
            if (sketch := self.sketches.pop(member_id, None)) is not None:
                self.sketch_bytes -= len(sketch)

    def sketch(self, member_id: int) -> bytes | None:
        """The member's stored sketch, if kept (then it is the last to be dropped)."""
        found = self.sketches.get(member_id)
        if found is not None:
            self.sketches.move_to_end(member_id)
        return found

    def keep_sketches(self, sketches: Iterable[tuple[int, bytes]]) -> None:
        """Keep these (member id, sketch) pairs — written by this transaction or read from the table —
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
        sharing at least ``least`` bands with it — the pairs the DuckDB join gives, in another order."""
        code = _code(band, key)
        order = np.argsort(code)  # sorted needles: each search starts where the last ended (cache-friendly)
        code, band, member_id = code[order], band[order], member_id[order]
        mine, others = [], []
        for run in (self.base, self.recent):
            at, row = run.matches(code, band)
            mine.append(member_id[row].astype(np.int64))
            others.append(run.ids[at].astype(np.int64))
        unique, shared = np.unique(np.concatenate(mine) << 32 | np.concatenate(others), return_counts=True)
        keep = shared >= least
        return unique[keep] >> 32, unique[keep] & 0xFFFFFFFF, shared[keep]


def _empty_run() -> _Run:
    return _Run(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.int32))


_CURRENT: list[BandIndex] = []  # the copy of the file written last, if any


def current(con: duckdb.DuckDBPyConnection, bands: int, new_members: int = 0
            ) -> tuple[BandIndex | None, list[tuple[int, int]]]:
    """The copy of this connection's ``story_bands``, checked against the table (inside the caller's
    transaction) and read again when it differs; None for a file in memory or past ``MAX_ROWS``. With
    it, ``new_members`` new (member id, story id) pairs, drawn in the same query (each statement costs
    ~0.5-1 ms of the writer, whatever it does)."""
    if new_members:
        rows = con.execute(f"SELECT s.*, nextval('story_member_ids'), nextval('story_ids') FROM ({_STATE}) s, "
                           "range(?)", [new_members]).fetchall()
    else:
        rows = con.execute(_STATE).fetchall()
    path, count, last, total = rows[0][:4]
    state = (count, last, int(total))
    ids = [(row[4], row[5]) for row in rows] if new_members else []
    if not path or count * bands > MAX_ROWS:
        _CURRENT.clear()
        return None, ids
    if not (_CURRENT and _CURRENT[0].path == path and _CURRENT[0].state == state):
        # Sketches are read ahead only the first time: a copy read again because another process wrote
        # (workers landing in turn) would be read again at each batch, and reading 10,000 sketches ahead
        # costs ~15-60 ms; it starts empty and keeps what its batches write and read instead.
        first = not (_CURRENT and _CURRENT[0].path == path)
        _CURRENT[:] = [BandIndex.read(con, path, state, sketches=first)]
    return _CURRENT[0], ids
