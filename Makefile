# Two commands for a new user: `make site` and `make test`. Both need only
# python3 and make: they create .venv and install the pinned, hash-checked
# dependencies from requirements/*.txt (regenerate those with `make lock`).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
PIP    := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: site test generate serve eval bench lint lock people clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The runtime: spaCy, its English model (pinned by hash), MkDocs and Material.
$(VENV)/.installed-run: requirements/run.txt pyproject.toml | $(BIN)/python
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/run.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	@# pip compiles what it installs, but not a project installed in place: without this, a
	@# shell that sets PYTHONDONTWRITEBYTECODE (many CI images do) compiles the package at every run.
	$(BIN)/python -m compileall -q generator
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

# The browser tests (tests/browser) drive Debian's Chromium; Playwright never
# downloads a browser of its own. Installed here when missing, as root or with sudo.
CHROMIUM := /usr/bin/chromium

.PHONY: chromium
chromium: $(CHROMIUM)  ## install Debian's Chromium for the browser tests

$(CHROMIUM):
	@command -v apt-get >/dev/null 2>&1 || { \
	  echo "error: $(CHROMIUM) is missing and there is no apt-get: install Chromium at $(CHROMIUM), then run 'make test' again" >&2; exit 1; }
	@if [ "$$(id -u)" = 0 ]; then SUDO=; \
	elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	else echo "error: $(CHROMIUM) is missing: as root run 'apt-get update && apt-get install -y --no-install-recommends chromium', then 'make test' again" >&2; exit 1; fi; \
	echo "Installing Debian's chromium for the browser tests"; \
	$$SUDO apt-get update -q && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium

# BRIEFINGS_BROWSER=required: the browser tests fail, rather than skip, when no browser runs.
test: $(VENV)/.installed-test | $(CHROMIUM)  ## the whole test suite (with the browser tests), and the linter
	$(BIN)/ruff check generator tests bench tools
	$(BIN)/ruff format --check --quiet generator tests bench tools
	BRIEFINGS_BROWSER=required $(BIN)/python -m pytest -q

# Each shared set alone, then all of them in one folder, as a desk keeps its articles
# (merge_gold.py writes that folder and its gold).
EVAL_SETS ?= seeds dev wide
EVAL_OUT  ?= /tmp/briefings-eval
eval: $(VENV)/.installed-run  ## scores against the shared gold sets, alone and all in one folder
	@rm -rf $(EVAL_OUT)/together && mkdir -p $(EVAL_OUT)
	@$(BIN)/python $(SHARED)/eval/merge_gold.py $(EVAL_OUT)/together \
	  $(foreach set,$(EVAL_SETS),$(SHARED)/corpus/$(set)/gold.yaml:$(SHARED)/corpus/$(set)/articles) >/dev/null || exit 1
	@for set in $(EVAL_SETS) together; do \
	  if [ $$set = together ]; then dir=$(EVAL_OUT)/together; else dir=$(SHARED)/corpus/$$set; fi; \
	  $(BIN)/briefings export --quiet $$dir/articles -o $(EVAL_OUT)/$$set.json || exit 1; \
	  echo "== $$set"; \
	  $(BIN)/python $(SHARED)/eval/score.py $$dir/gold.yaml $(EVAL_OUT)/$$set.json || exit 1; \
	done

# Export speed against the bare spaCy model, then the scale run (cold build, warm
# rebuilds and a bare MkDocs build; the site's size), on corpora recombined from
# the shared articles (bench/README.md). BENCH_ARTICLES=5000 make bench for the
# issue's scale (about an hour on 2 CPUs; BENCH_REPEAT=2 runs the warm and bare
# builds twice and judges on the medians); the default takes a few minutes.
BENCH_ARTICLES ?= 300
BENCH_REPEAT ?= 1
bench: $(VENV)/.installed-run  ## export words/s against bare spaCy; build times and site size at scale
	$(BIN)/python bench/make_corpus.py --articles $(BENCH_ARTICLES) --shared $(SHARED) -o bench-out/corpus
	$(BIN)/python bench/run.py bench-out/corpus -o bench-out/export.json --repeat $(BENCH_REPEAT)
	$(BIN)/python bench/scale.py --articles $(BENCH_ARTICLES) --repeat $(BENCH_REPEAT) --shared $(SHARED) -o bench-out/scale

lint: $(VENV)/.installed-test
	$(BIN)/ruff check generator tests bench tools
	$(BIN)/ruff format --check --quiet generator tests bench tools

# Re-derive generator/data/people.yml (nouns for people, by side) from WordNet 3.0,
# Debian's wordnet-base; a build never needs WordNet, only this target does.
people: $(VENV)/.installed-run  ## regenerate the noun classes from WordNet
	@test -f /usr/share/wordnet/data.noun || { \
	  echo "error: WordNet is missing: as root run 'apt-get install -y wordnet-base', then 'make people' again" >&2; exit 1; }
	$(BIN)/python tools/people_classes.py

# Re-pin every dependency with its hash (needs the network to PyPI).
lock: $(BIN)/python
	$(PIP) install --quiet pip-tools
	cd requirements && ../$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o run.txt run.in
	cd requirements && ../$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o test.txt test.in

clean:
	rm -rf site .pytest_cache .ruff_cache test-artifacts docs/index.md docs/report.md docs/feed.xml \
	  docs/incidents docs/articles docs/downloads docs/dates docs/countries docs/actors docs/maps
