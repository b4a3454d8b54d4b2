"""The README's example outputs are what geowire prints: `docs/make_queries.py` reruns the demo, every
example command and every failure of "When something goes wrong" in a temporary folder, and each README
block must match the fresh output, except for what differs from run to run (run ids, durations, process
ids, ports, today's date and clock times). When this fails, run `make docs` and review the diff."""

from __future__ import annotations

import difflib
import importlib.util
import os
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _make_queries() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_queries", ROOT / "docs" / "make_queries.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def normalise(text: str, generated_on: date) -> str:
    """``text`` without what differs between two real runs on different days, and with table padding
    (which follows the widest value) collapsed."""
    for day in (generated_on + timedelta(days=shift) for shift in (-1, 0, 1)):  # the date bar's local "today"
        text = text.replace(day.isoformat(), "<today>").replace(day.strftime("%m-%d "), "<today> ")
    text = re.sub(r"<today>([ T])\d{2}:\d{2}(:\d{2})?(\+00:00)?", r"<today>\1<time>", text)
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<run-id>", text)
    text = re.sub(r"^( )[0-9a-f]{8}(\s)", r"\1<run>\2", text, flags=re.MULTILINE)  # stats: short run ids
    text = re.sub(r"took \d+\.\d s", "took <n> s", text)
    text = re.sub(r"time per stage: .*", "time per stage: <stages>", text)  # timings of each stage
    text = re.sub(r"(<time>\s+)\d+\.\d(\s)", r"\1<secs>\2", text)  # stats: a run's seconds
    # another demo on this machine (a second checkout, a test run) holding the demo port
    text = re.sub(r"port \d+ is busy: serving the demo on a free port; its URLs will differ\s+from\s+earlier"
                  r"\s+demo\s+runs\s+in\s+\S+\n", "", text)
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:<port>", text)
    text = re.sub(r"\bpid \d+", "pid <pid>", text)
    text = re.sub(r"─+", "─", text)
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def test_readme_examples_match_a_real_run(prefect_harness: str, tmp_path: Path) -> None:
    make_queries = _make_queries()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stamp = make_queries.GENERATED.search(readme)
    assert stamp, "README.md lacks the <!-- make_queries generated on DAY --> line"
    documented = {m.group("name"): m.group(0) for m in make_queries.BLOCK.finditer(readme)}
    blocks = make_queries.generate(tmp_path, {**os.environ, "PREFECT_API_URL": prefect_harness})
    assert set(blocks) == set(documented), "every generated block has its place in the README"
    fresh = make_queries.render(readme, blocks, datetime.now(UTC).date().isoformat())
    regenerated = {m.group("name"): m.group(0) for m in make_queries.BLOCK.finditer(fresh)}
    drifted = []
    for name in sorted(blocks):
        old = normalise(documented[name], date.fromisoformat(stamp.group(1)))
        new = normalise(regenerated[name], datetime.now(UTC).date())
        if old != new:
            drifted.append("\n".join(difflib.unified_diff(old.splitlines(), new.splitlines(), "README.md",
                                                          "a real run", lineterm="")))
    assert not drifted, "README examples differ from a real run (run `make docs`):\n" + "\n\n".join(drifted)
