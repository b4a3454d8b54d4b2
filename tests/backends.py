"""The two implementations of ``scrapers.lextree`` side by side, for the tests that compare them: the compiled
module (``scrapers._lexbor``) and its pure-Python twin (``scrapers._lexbor_py``), which must answer alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from scrapers import _lexbor_py, lextree

# Marks a test (or a module, as ``pytestmark``) that compares the two: skipped where only the twin is in use
# (GEOWIRE_PURE_PYTHON set, or no compiled build).
needs_compiled = pytest.mark.skipif(lextree.BACKEND != "compiled",
                                    reason=f"the compiled module is not in use ({lextree.MODE})")


def both(call: Callable[[Any], Any]) -> tuple[Any, Any]:
    """``call(implementation)`` with the compiled module and with the pure-Python twin."""
    return call(lextree._BACKENDS["compiled"]), call(_lexbor_py)
