"""The README stays true: every command, table and article column is documented there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command

from flows.cli import app
from storage.schema import ARTICLE_COLUMNS, TABLES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented_with_help_and_example(command: str) -> None:
    assert f"geowire {command}" in README, f"README does not show `geowire {command}`"
    callback = get_command(app).commands[command].callback  # type: ignore[attr-defined]
    assert callback.__doc__ and "Example:" in callback.__doc__, f"`geowire {command}` needs a docstring example"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_is_documented(table: str) -> None:
    assert f"`{table}`" in README


def test_every_article_column_is_documented() -> None:
    section = README.split("`articles` — one row per canonical article", 1)[1].split("Other tables", 1)[0]
    documented = set(re.findall(r"[a-z_]+", " ".join(line.split("|")[1] for line in section.splitlines()
                                                      if line.startswith("| ") and "---" not in line)))
    assert set(ARTICLE_COLUMNS) <= documented, set(ARTICLE_COLUMNS) - documented


def test_readme_names_the_two_newcomer_commands() -> None:
    assert "make demo" in README and "make test" in README


def test_the_article_record_table_matches_to_dict() -> None:
    from scrapers.models import Article

    section = README.split("## The article record", 1)[1].split("\n## ", 1)[0]
    documented = [line.split("|")[1].strip() for line in section.splitlines()
                  if line.startswith("| ") and "---" not in line and not line.startswith("| field")]
    assert documented == list(Article(url="x").to_dict())


def test_the_exit_codes_table_matches_the_cli() -> None:
    from flows.cli import ExitCode

    section = README.split("### Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = [int(line.split("|")[1]) for line in section.splitlines()
                  if line.startswith("| ") and line.split("|")[1].strip().isdigit()]
    assert documented == [code.value for code in ExitCode]
