"""Run the example queries against a demo database and write docs/queries.md with their real output.

    .venv/bin/geowire demo --db /tmp/demo.duckdb && .venv/bin/geowire demo --db /tmp/demo.duckdb
    .venv/bin/python docs/make_queries.py /tmp/demo.duckdb docs/queries.md
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GEOWIRE = str(Path(sys.executable).parent / "geowire")
EXAMPLES = [
    ("The three latest headlines of every source (view `latest_articles`)",
     ["sql", "SELECT source, source_rank AS rank, published_local, title FROM latest_articles WHERE source_rank <= 3 ORDER BY source, source_rank"]),
    ("Articles per source and publication day, in the publisher's local time (view `daily_counts`)",
     ["sql", "SELECT * FROM daily_counts ORDER BY day DESC, source LIMIT 8"]),
    ("Is every site still healthy? Failure rate and field fill rates over recent runs (view `source_health`)",
     ["sql", "SELECT source, runs, failure_rate, articles, title_fill, date_fill, authors_fill, body_fill, last_run_fill_drop AS fill_drop FROM source_health"]),
    ("Stories edited after publication: new headline, text grown by 47 words (view `article_versions`)",
     ["sql", "SELECT source, version, seen_at::TIMESTAMP(0) AS seen_at, previous_title, title, words_delta FROM article_versions WHERE body_changed"]),
    ("Full-text search from the command line, with highlighted snippets",
     ["search", "ceasefire talks", "--limit", "3"]),
    ("Search one source only; stemming finds 'elections' for 'election'",
     ["search", "election", "--source", "broadcast", "--limit", "2"]),
    ("Full-text search from SQL (works in the plain `duckdb` shell too)",
     ["sql", "SELECT source, published_day, title, score FROM search_articles('north korea troops') LIMIT 5"]),
    ("Every URL that did not land, and why",
     ["sql", "SELECT source, state, reason, count(*) AS pages FROM pages WHERE state IN ('skipped', 'failed') GROUP BY ALL ORDER BY source"]),
    ("Where publication dates came from",
     ["sql", "SELECT published_from, count(*) AS articles FROM articles GROUP BY ALL ORDER BY articles DESC"]),
    ("Most prolific authors (list columns unnest into rows)",
     ["sql", "SELECT author, count(*) AS articles FROM (SELECT unnest(authors) AS author FROM articles) GROUP BY ALL ORDER BY articles DESC, author LIMIT 5"]),
    ("Site-header widgets kept apart from the text: weather and the 'today' date bar",
     ["sql", "SELECT source, weather.city, weather.raw, weather.temperature_c, page_date FROM articles WHERE weather IS NOT NULL OR page_date IS NOT NULL GROUP BY ALL ORDER BY source LIMIT 5"]),
    ("Photo credits taken out of the body",
     ["sql", "SELECT source, c.credit, count(*) AS captions FROM (SELECT source, unnest(captions) AS c FROM articles) WHERE c.credit IS NOT NULL GROUP BY ALL ORDER BY captions DESC LIMIT 5"]),
    ("Machine-readable output: CSV on standard output",
     ["sql", "SELECT source, count(*) AS articles, sum(word_count) AS words FROM articles GROUP BY ALL ORDER BY source", "--format", "csv"]),
    ("Export the articles to Parquet, then query the file directly",
     ["export", "--format", "parquet", "--output", "/tmp/geowire-articles.parquet"]),
    (None, ["sql", "SELECT language, count(*) AS articles, round(avg(word_count)) AS avg_words FROM '/tmp/geowire-articles.parquet' GROUP BY ALL"]),
    ("The biggest stories: one text carried by several sources (view `stories`)",
     ["stories"]),
    ("Who published first, and how the others carried it: copy, rewrite or spun (table `story_members`)",
     ["sql", "SELECT s.story_id AS story, a.source, s.relation, round(s.similarity, 2) AS similarity, a.published_local, a.title FROM story_members s JOIN articles a USING (canonical_url) WHERE s.story_id IN (SELECT story_id FROM stories WHERE sources > 1) ORDER BY s.story_id, s.published_at"]),
    ("Countries per day (table `article_countries`)",
     ["sql", "SELECT published_day, country, count(*) AS articles, count(*) FILTER (WHERE in_headline) AS in_headline FROM article_countries WHERE published_day >= '2026-03-23' GROUP BY ALL ORDER BY published_day DESC, articles DESC, country LIMIT 8"]),
    ("Datelines and the agencies that filed them",
     ["sql", "SELECT agency, dateline_place, count(*) AS articles FROM articles WHERE agency IS NOT NULL GROUP BY ALL ORDER BY articles DESC, dateline_place LIMIT 6"]),
    ("Corrections published after the fact (view `article_versions`)",
     ["sql", "SELECT source, version, corrected, corrections FROM article_versions WHERE corrected"]),
    ("What is in the database", ["stats"]),
]


def main(db: str, out: str) -> None:
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    parts = ["# Example queries against the demo database\n\n",
             ("Made with `geowire demo --db demo.duckdb` run twice (the second run finds an edited story), "
             "regenerated with `docs/make_queries.py`. Every output below is real. `geowire sql` opens the file "
             "read-only; the same SQL works in the `duckdb` shell (`duckdb demo.duckdb`).\n")]
    for title, args in EXAMPLES:
        result = subprocess.run([GEOWIRE, *args, "--db", db], capture_output=True, text=True, env=env,
                                check=False)  # an error message is output too
        shown = " ".join(a if a.startswith("-") or (" " not in a and "'" not in a) else f'"{a}"' for a in args)
        if title:
            parts.append(f"\n## {title}\n")
        text = "\n".join(line.rstrip() for line in (result.stdout + result.stderr).rstrip().splitlines())
        parts.append(f"\n```console\n$ geowire {shown} --db demo.duckdb\n{text}\n```\n")
    Path(out).write_text("".join(parts), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
