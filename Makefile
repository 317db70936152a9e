# Two commands for a new user: `make site` and `make test`. Both need only
# python3 and make: they create .venv and install the pinned, hash-checked
# dependencies from requirements/*.txt (regenerate those with `make lock`).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
PIP    := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: site test generate serve eval bench lint lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The runtime: spaCy, its English model (pinned by hash), MkDocs and Material.
$(VENV)/.installed-run: requirements/run.txt pyproject.toml | $(BIN)/python
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/run.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	@touch $@

# The test tools, on top of the runtime.
$(VENV)/.installed-test: requirements/test.txt $(VENV)/.installed-run
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/test.txt
	@touch $@

site: $(VENV)/.installed-run  ## build site/ from seeds/
	$(BIN)/briefings build

generate: $(VENV)/.installed-run  ## write the Markdown pages into docs/ only
	$(BIN)/briefings generate

serve: $(VENV)/.installed-run  ## live preview on http://127.0.0.1:8000
	$(BIN)/briefings serve

test: $(VENV)/.installed-test  ## the whole test suite, and the linter
	$(BIN)/ruff check generator tests bench
	$(BIN)/python -m pytest -q

eval: $(VENV)/.installed-run  ## scores against the shared gold sets
	@for set in seeds dev; do \
	  $(BIN)/briefings export --quiet $(SHARED)/corpus/$$set/articles -o /tmp/briefings-eval-$$set.json || exit 1; \
	  echo "== $$set"; \
	  $(BIN)/python $(SHARED)/eval/score.py $(SHARED)/corpus/$$set/gold.yaml /tmp/briefings-eval-$$set.json || exit 1; \
	done

# Export speed against the bare spaCy model, on a corpus recombined from the
# shared articles (bench/README.md). BENCH_ARTICLES=5000 make bench for more.
BENCH_ARTICLES ?= 1000
bench: $(VENV)/.installed-run  ## words/s of `briefings export` against bare spaCy
	$(BIN)/python bench/make_corpus.py --articles $(BENCH_ARTICLES) --shared $(SHARED) -o bench-out/corpus
	$(BIN)/python bench/run.py bench-out/corpus -o bench-out/export.json

lint: $(VENV)/.installed-test
	$(BIN)/ruff check generator tests bench

# Re-pin every dependency with its hash (needs the network to PyPI).
lock: $(BIN)/python
	$(PIP) install --quiet pip-tools
	cd requirements && ../$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o run.txt run.in
	cd requirements && ../$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o test.txt test.in

clean:
	rm -rf site .pytest_cache .ruff_cache docs/index.md docs/report.md docs/incidents docs/articles docs/downloads
