"""Regenerate the README's example outputs from real runs of geowire.

    .venv/bin/python docs/make_queries.py     # or: make docs

Runs `geowire demo` twice into a fresh database in a temporary folder (the second run finds an edited
story), then every example command of the README, and the failures of "When something goes wrong"
(a broken sources file, a run in progress, a locked file, a killed run, a corrupt file), each for real.
Every README block between ``<!-- make_queries:NAME -->`` and ``<!-- /make_queries:NAME -->`` is replaced
by what the commands printed. ``tests/test_readme_examples.py`` does the same into a copy and fails when
the README's blocks differ from a real run (run ids, timings, process ids, ports and today's date aside).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEOWIRE = str(Path(sys.executable).parent / "geowire")
DB = "demo.duckdb"
GENERATED = re.compile(r"<!-- make_queries generated on (\d{4}-\d{2}-\d{2}) -->")
BLOCK = re.compile(r"(<!-- make_queries:(?P<name>[\w-]+) -->\n).*?(<!-- /make_queries:(?P=name) -->)", re.DOTALL)

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
     ["sql", "SELECT source, c.credit, count(*) AS captions FROM (SELECT source, unnest(captions) AS c FROM articles) WHERE c.credit IS NOT NULL GROUP BY ALL ORDER BY captions DESC, c.credit LIMIT 5"]),
    ("Machine-readable output: CSV on standard output",
     ["sql", "SELECT source, count(*) AS articles, sum(word_count) AS words FROM articles GROUP BY ALL ORDER BY source", "--format", "csv"]),
    ("Export the articles to Parquet, then query the file directly",
     ["export", "--format", "parquet", "--output", "articles.parquet"]),
    (None, ["sql", "SELECT language, count(*) AS articles, round(avg(word_count)) AS avg_words FROM 'articles.parquet' GROUP BY ALL"]),
    ("The biggest stories: one text carried by several sources (view `stories`)",
     ["stories"]),
    ("Who published first, and how the others carried it: copy, rewrite or spun (view `story_members`)",
     ["sql", "SELECT st.title AS story, a.source, s.relation, round(s.similarity, 2) AS similarity, a.published_local FROM story_members s JOIN articles a USING (canonical_url) JOIN stories st USING (story_id) WHERE st.sources > 1 ORDER BY st.first_published_at, s.published_at"]),
    ("Countries per day (view `article_countries`)",
     ["sql", "SELECT published_day, country, count(*) AS articles, count(*) FILTER (WHERE in_headline) AS in_headline FROM article_countries WHERE published_day >= '2026-03-23' GROUP BY ALL ORDER BY published_day DESC, articles DESC, country LIMIT 8"]),
    ("Datelines and the agencies that filed them",
     ["sql", "SELECT agency, dateline_place, count(*) AS articles FROM articles WHERE agency IS NOT NULL GROUP BY ALL ORDER BY articles DESC, dateline_place LIMIT 6"]),
    ("Corrections published after the fact (view `article_versions`)",
     ["sql", "SELECT source, version, corrected, corrections FROM article_versions WHERE corrected"]),
    ("What is in the database", ["stats"]),
]
BAD_SOURCES = """[[source]]
name = "daily"
timezone = "Europe/Londn"
feeds = ["https://daily.example/rss"]
[source.rules]
body = ".story"
weahter = ".weather-widget"
"""


class Session:
    """Runs geowire commands in one folder, as a user would type them there, and keeps what they print."""

    def __init__(self, folder: Path, env: Mapping[str, str]) -> None:
        self.folder = folder
        self.env = {**env, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "PREFECT_LOGGING_LEVEL": "WARNING"}

    def run(self, args: list[str], *, show_code: bool = False) -> str:
        """``$ geowire ARGS`` and its output (standard output, then standard error), as a console block body."""
        done = subprocess.run([GEOWIRE, *args], cwd=self.folder, env=self.env, capture_output=True, text=True,
                              timeout=600, check=False)
        text = "\n".join(line.rstrip() for line in (done.stdout + done.stderr).rstrip().splitlines())
        shown = f"$ geowire {' '.join(_quote(a) for a in args)}\n{text}".rstrip()
        return shown + (f"\n$ echo $?\n{done.returncode}" if show_code else "")

    def start(self, args: list[str]) -> subprocess.Popen[str]:
        return subprocess.Popen([GEOWIRE, *args], cwd=self.folder, env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, text=True)

    @contextmanager
    def holding(self, code: str) -> Iterator[None]:
        """A helper Python process that runs ``code`` (which prints 'ready' once it holds what it holds)."""
        process = subprocess.Popen([sys.executable, "-c", code], cwd=self.folder, env={**self.env, "PYTHONPATH": str(ROOT)},
                                   stdout=subprocess.PIPE, text=True)
        try:
            assert process.stdout is not None and process.stdout.readline().strip() == "ready"
            yield
        finally:
            process.kill()
            process.wait()


def _quote(arg: str) -> str:
    return arg if arg.startswith("-") or (" " not in arg and "'" not in arg and "*" not in arg) else f'"{arg}"'


def _console(*parts: str, language: str = "console") -> str:
    return "".join(f"```{language}\n{part}\n```\n\n" for part in parts).rstrip("\n") + "\n"


def _killed_run(session: Session) -> str:
    """A demo run SIGKILLed once its run has started, then the next run, then what `runs` says."""
    lock = session.folder / "killed.duckdb.run.lock"
    killed = session.start(["demo", "--db", "killed.duckdb"])
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and '"run_id"' not in (lock.read_text() if lock.exists() else ""):
        time.sleep(0.05)
    killed.kill()
    killed.wait()
    session.run(["demo", "--db", "killed.duckdb"])
    return (f"$ geowire demo --db killed.duckdb      # killed with SIGKILL (kill -9) half-way\n"
            f"$ geowire demo --db killed.duckdb      # the next run: resumes, and marks the killed run abandoned\n"
            f"{session.run(['sql', 'SELECT status, count(*) AS runs FROM runs GROUP BY ALL ORDER BY status', '--db', 'killed.duckdb'])}")


def generate(folder: Path, env: Mapping[str, str]) -> dict[str, str]:
    """Every generated README block, by name, from real runs in ``folder``."""
    session = Session(folder, env)
    blocks = {"demo-first": _console(session.run(["demo", "--db", DB])),
              "demo-second": _console(session.run(["demo", "--db", DB]))}
    parts = []
    for title, args in EXAMPLES:
        if title:
            parts.append(f"### {title}\n\n")
        parts.append(_console(session.run([*args, "--db", DB])) + "\n")
    blocks["queries"] = "".join(parts).rstrip("\n") + "\n"

    (folder / "bad.toml").write_text(BAD_SOURCES, encoding="utf-8")
    (folder / "sources.toml").write_text((ROOT / "sources.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "corrupt.duckdb").write_bytes(b"this is no database " * 64)
    blocks["bad-sources"] = (_console(BAD_SOURCES.rstrip("\n"), language="toml")
                             + "\n" + _console(session.run(["run", "--sources", "bad.toml", "--db", DB], show_code=True)))
    with session.holding("import time; from pathlib import Path; from storage.runlock import run_lock\n"
                         f"with run_lock(Path({DB!r})):\n    print('ready', flush=True); time.sleep(600)"):
        blocks["run-in-progress"] = _console(session.run(["run", "--db", DB], show_code=True))
    work = f"{DB}.d/work.duckdb"  # geowire's working file (readers of the query file lock nothing)
    with session.holding(f"import duckdb, time; con = duckdb.connect({work!r}); print('ready', flush=True); "
                         "time.sleep(600)"):
        blocks["locked-file"] = _console(session.run(["run", "--db", DB, "--wait", "5"], show_code=True))
    blocks["killed-run"] = _console(_killed_run(session))
    blocks["corrupt-file"] = _console(session.run(["demo", "--db", "corrupt.duckdb"], show_code=True))
    return blocks


def render(readme: str, blocks: Mapping[str, str], today: str) -> str:
    """``readme`` with its generated blocks replaced and the generation date set."""
    missing = set(blocks) - {m.group("name") for m in BLOCK.finditer(readme)}
    if missing:
        raise SystemExit(f"README.md has no <!-- make_queries:NAME --> block for {', '.join(sorted(missing))}")
    readme = BLOCK.sub(lambda m: m.group(1) + blocks.get(m.group("name"), "") + m.group(3), readme)
    return GENERATED.sub(f"<!-- make_queries generated on {today} -->", readme)


@contextmanager
def prefect_api(env: dict[str, str]) -> Iterator[dict[str, str]]:
    """One Prefect API for every command: $PREFECT_API_URL, else a temporary server started for the whole run."""
    if env.get("PREFECT_API_URL"):
        yield env
        return
    from flows.server import temporary_api

    with temporary_api() as api_url:
        yield {**env, "PREFECT_API_URL": api_url}


def main(readme_path: Path = ROOT / "README.md") -> None:
    with tempfile.TemporaryDirectory(prefix="geowire-docs-") as tmp, prefect_api(dict(os.environ)) as env:
        blocks = generate(Path(tmp), env)
    today = datetime.now(UTC).date().isoformat()
    readme_path.write_text(render(readme_path.read_text(encoding="utf-8"), blocks, today), encoding="utf-8")
    print(f"updated {len(blocks)} blocks of {readme_path}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "README.md")
