# geowire: `make demo` scrapes the bundled offline demo sites, `make test` runs the test suite.
# Both create or update the virtualenv in .venv by themselves (python3 >= 3.11 with its headers and a C
# compiler are needed: the install builds the scrapers._lexbor extension).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: demo test check docs venv bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml setup.py scrapers/_lexbor.c
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/geowire demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Lint and types (configured in pyproject.toml): ruff, then mypy on the product and on the tests.
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/mypy tests --disable-error-code union-attr --disable-error-code index \
		--disable-error-code arg-type --disable-error-code operator

# The README's example outputs, regenerated from real runs (tests/test_readme_examples.py checks them).
docs: $(STAMP)
	$(BIN)/python docs/make_queries.py

bench: $(STAMP)
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/dates.py
	$(BIN)/python benchmarks/pipeline.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache scrapers/_lexbor.*.so
