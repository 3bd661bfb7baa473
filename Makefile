# Flashpoint: every target sets up the environment it needs, so a fresh clone needs only `make demo` / `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The accurate profile's extra (PyTorch CPU, transformers, all-MiniLM-L6-v2): tests, evaluation and training.
TSTAMP := $(VENV)/.installed-transformer
SHARED ?= ../shared/data

.PHONY: demo test test-fast eval train train-tagger bench lint format lock clean docs chromium

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

$(TSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev,transformer]'
	touch $(TSTAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f flashpoint.duckdb
	$(BIN)/flashpoint ingest examples/ --db flashpoint.duckdb --published 2020-09-29
	$(BIN)/flashpoint code examples/seed-article.txt --published 2020-09-29
	$(BIN)/flashpoint events --db flashpoint.duckdb --format table --limit 25

test: $(TSTAMP) chromium
	$(BIN)/python -m pytest

# The browser tests drive Debian's chromium (Playwright with executable_path; no browser download).
chromium:
	test -x /usr/bin/chromium || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

test-fast: $(TSTAMP)
	$(BIN)/python -m pytest -m "not slow"

eval: $(TSTAMP)
	$(BIN)/flashpoint eval all $(SHARED) --write-docs docs/EVALUATION.md

# Retrain the event ranker (src/flashpoint/data/models/event_quad.json) on ConfliBERT's quad sentences,
# then the role chooser (event_roles.json, which reads the ranker's main events) on its role sentences,
# and the attribution cue model (attribution_spans.npz) on PolNeAR train, and the accurate profile's chooser
# (event_roles_tagged.json), which reads the ranker's main events. The role tagger it reads
# (role_tagger.npz, role_tagger_seed1.npz) is `make train-tagger`: about 15 minutes, plus 50 the first
# time for the ten fold taggers (kept in ~/.cache/flashpoint).
train: $(TSTAMP)
	$(BIN)/python tools/train_event_ranker.py --data $(SHARED)
	$(BIN)/python tools/train_event_roles.py --data $(SHARED)
	$(BIN)/python tools/train_attribution.py --data $(SHARED)
	$(BIN)/python tools/train_role_tagger.py --data $(SHARED) --keep-tagger

train-tagger: $(TSTAMP)
	$(BIN)/python tools/train_role_tagger.py --data $(SHARED)

bench: $(TSTAMP)
	$(BIN)/python benchmarks/run.py --data $(SHARED)
	$(BIN)/python benchmarks/run.py --data $(SHARED) --only throughput --profile accurate --limit 60 --rounds 1
	$(BIN)/python benchmarks/stages.py --data $(SHARED)

lint: $(STAMP)
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/cog --check docs/cli.md

docs: $(STAMP)
	$(BIN)/cog -r docs/cli.md

format: $(STAMP)
	$(BIN)/ruff check --fix src tests tools benchmarks
	$(BIN)/ruff format src tests tools benchmarks

# Regenerate the full pin list after changing pyproject.toml dependencies.
lock:
	rm -rf /tmp/flashpoint-lock && $(PYTHON) -m venv /tmp/flashpoint-lock
	/tmp/flashpoint-lock/bin/pip install --quiet '.[dev,transformer]'
	/tmp/flashpoint-lock/bin/pip freeze --exclude flashpoint | grep -v '^-e' | sed 's/+cpu$$//' > requirements.lock

clean:
	rm -rf $(VENV) flashpoint.duckdb .pytest_cache .ruff_cache
