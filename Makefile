# geowire: `make demo` scrapes the bundled offline demo sites, `make test` runs the test suite.
# Both create or update the virtualenv in .venv by themselves (python3 >= 3.11 is needed; with its headers and a
# C compiler the install also builds the optional compiled tree reads, scrapers/_lexbor.pyx, else geowire reads
# pages in pure Python, slower). The build uses the venv's own selectolax (no build isolation), so the compiled
# module always matches the selectolax it runs with.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: demo test check docs venv bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml setup.py scrapers/_lexbor.pyx
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet $$($(BIN)/python -c "import tomllib; \
		print(' '.join(tomllib.load(open('pyproject.toml', 'rb'))['build-system']['requires']))")
	$(BIN)/python -m pip install --quiet --no-build-isolation -e '.[dev,bench]'
	@$(BIN)/geowire extract --version
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/geowire demo

# The corpus tests run twice: with the compiled tree reads, then with the pure-Python fallback.
test: $(STAMP)
	$(BIN)/python -m pytest -q
	GEOWIRE_PURE_PYTHON=1 $(BIN)/python -m pytest -q -m corpus

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
