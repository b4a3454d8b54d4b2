"""How a run is shown to a person: the per-source summary table and queries to try next."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from scrapers.crawl import StageTimes
from storage.land import Counts

NEXT_QUERIES = (
    ("Latest headlines", "SELECT source, published_local, title FROM articles ORDER BY published_at DESC LIMIT 10"),
    ("Articles per source and day",
     "SELECT source, published_day, count(*) AS n FROM articles GROUP BY ALL ORDER BY published_day DESC, source"),
    ("Every URL that did not land, and why",
     "SELECT source, state, reason, http_status, url FROM pages WHERE state IN ('skipped', 'failed') ORDER BY source"),
)


def summary_table(per_source: dict[str, Counts], title: str | None = None) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("source")
    for name in ("discovered", "landed", "unchanged", "skipped", "failed"):
        table.add_column(name, justify="right")
    total = Counts()
    for name, counts in sorted(per_source.items()):
        total.add(counts)
        table.add_row(name, *(str(v) for v in counts.as_row().values()))
    if len(per_source) > 1:
        table.add_row("[b]total[/b]", *(f"[b]{v}[/b]" for v in total.as_row().values()))
    return table


def print_summary(console: Console, per_source: dict[str, Counts], *, run_id: str, db_path: str,
                  seconds: float, queries: bool = False, stages: StageTimes | None = None) -> None:
    console.print(f"run {run_id} into {db_path} took {seconds:.1f} s", soft_wrap=True)
    console.print(summary_table(per_source, None))
    if stages is not None and stages.pages:
        console.print(f"[dim]time per stage: {stages.describe()}[/dim]", soft_wrap=True)
    for name, counts in sorted(per_source.items()):
        if counts.reasons:
            reasons = ", ".join(f"{reason} ×{n}" for reason, n in counts.reasons.most_common())
            console.print(f"  {name} skipped/failed: {reasons}", soft_wrap=True)
    if queries:
        console.print("\nTry next:")
        for label, sql in NEXT_QUERIES:
            console.print(f"  [dim]# {label}[/dim]\n  geowire sql --db {db_path} \"{sql}\"", soft_wrap=True)
