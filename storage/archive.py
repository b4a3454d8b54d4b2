"""The raw-page archive: every fetched body, compressed and content-addressed, with its headers.

Provenance for every record (what exactly did the server send, and when?) and
the input of re-extraction: a better extractor replays archived pages instead
of fetching them again. Identical bodies are stored once (``raw_blobs`` keyed
by sha256); each response is a row in ``fetches``.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import duckdb
import pyarrow as pa

from scrapers.crawl import Outcome, PackedBody
from scrapers.encoding import charset_from_content_type, decode_html
from scrapers.extract.rules import Rules, parse_rules
from scrapers.models import Page
from scrapers.sources import PageSettings
from storage.db import Database

_BLOBS = pa.schema([("sha256", pa.string()), ("content", pa.binary()), ("size", pa.int32()),
                    ("stored_at", pa.timestamp("us", tz="UTC"))])
_FETCHES = pa.schema([("url", pa.string()), ("fetched_at", pa.timestamp("us", tz="UTC")),
                      ("final_url", pa.string()), ("status", pa.int32()),
                      ("headers", pa.map_(pa.string(), pa.string())), ("encoding", pa.string()),
                      ("sha256", pa.string()), ("run_id", pa.string()), ("timezone", pa.string()),
                      ("language", pa.string()), ("rules", pa.string())])


def archive(con: duckdb.DuckDBPyConnection, outcomes: Sequence[Outcome], run_id: str,
            settings: PageSettings | None = None) -> int:
    """Store the bodies of a batch's 200 responses (inside the caller's transaction), each with the
    ``settings`` its page was read with; returns rows added."""
    recorded = settings or PageSettings()
    rules = json.dumps(recorded.rules.to_table(), ensure_ascii=False)
    now = datetime.now(UTC)
    blobs: dict[str, dict[str, object]] = {}
    fetches = []
    for outcome in outcomes:
        page = outcome.page
        if page is None or page.status != 200:
            continue
        body = outcome.body or PackedBody.of(page.content)  # the crawl packs bodies as it extracts
        digest = body.sha256
        if digest not in blobs:
            blobs[digest] = {"sha256": digest, "content": body.compressed, "size": body.size, "stored_at": now}
        fetches.append({"url": outcome.url, "fetched_at": page.fetched_at, "final_url": page.url,
                        "status": page.status, "headers": list(page.headers.items()), "encoding": page.encoding,
                        "sha256": digest, "run_id": run_id, "timezone": recorded.timezone,
                        "language": recorded.language, "rules": rules})
    if not fetches:
        return 0
    con.register("blob_batch", pa.Table.from_pylist(list(blobs.values()), schema=_BLOBS))
    con.register("fetch_batch", pa.Table.from_pylist(fetches, schema=_FETCHES))
    con.execute("INSERT INTO raw_blobs SELECT * FROM blob_batch ON CONFLICT DO NOTHING")
    con.execute(f"INSERT INTO fetches ({', '.join(_FETCHES.names)}) SELECT * FROM fetch_batch ON CONFLICT DO NOTHING")
    con.unregister("blob_batch")
    con.unregister("fetch_batch")
    return len(fetches)


@dataclass(frozen=True, slots=True)
class Archived:
    """An archived response rebuilt as a Page, with the settings it was read with (None: archived
    before geowire recorded them)."""

    page: Page
    settings: PageSettings | None


def latest_pages(con: duckdb.DuckDBPyConnection, urls: Sequence[str]) -> dict[str, Archived]:
    """The most recent archived response of each URL (for re-extraction)."""
    rows = con.execute(
        """
        SELECT f.url, f.final_url, f.status, map_keys(f.headers), map_values(f.headers), f.fetched_at,
               b.content, f.timezone, f.language, f.rules
        FROM fetches f JOIN raw_blobs b USING (sha256)
        WHERE f.url = ANY(?)
        QUALIFY row_number() OVER (PARTITION BY f.url ORDER BY f.fetched_at DESC) = 1
        """,
        [list(urls)],
    ).fetchall()
    pages = {}
    parsed: dict[str, Rules] = {}  # rules as recorded -> parsed, once per distinct table, not once per page
    for url, final_url, status, keys, values, fetched_at, compressed, timezone_name, language, rules in rows:
        content = zlib.decompress(compressed)
        headers = dict(zip(keys, values, strict=True))
        text, encoding = decode_html(content, charset_from_content_type(headers.get("content-type")))
        page = Page(url=final_url, requested_url=url, status=status, headers=headers, content=content,
                    text=text, encoding=encoding, fetched_at=fetched_at)
        if rules is not None and rules not in parsed:
            parsed[rules] = parse_rules(json.loads(rules), f"rules archived with {url}")
        settings = None if rules is None else PageSettings(timezone_name, language, parsed[rules])
        pages[url] = Archived(page, settings)
    return pages


def prune(db: Database, keep_days: float) -> tuple[int, int]:
    """Drop archived responses older than ``keep_days`` — except each URL's latest, which
    re-extraction needs — and the bodies no response refers to any more."""
    cutoff = datetime.now(UTC) - timedelta(days=keep_days)
    with db.write() as con:
        fetches = con.execute(
            """
            DELETE FROM fetches WHERE fetched_at < ? AND (url, fetched_at) NOT IN (
                SELECT url, max(fetched_at) FROM fetches GROUP BY url)
            RETURNING url
            """, [cutoff]).fetchall()
        blobs = con.execute(
            "DELETE FROM raw_blobs WHERE sha256 NOT IN (SELECT DISTINCT sha256 FROM fetches) RETURNING sha256"
        ).fetchall()
    return len(fetches), len(blobs)
