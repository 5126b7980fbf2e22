PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BROWSE_STAMP := $(VENV)/.browse-installed
BROWSE_DB := data/browse.db
BROWSE_PORT ?= 8001

.PHONY: run test lint fmt bench eval browse chromium postgresql clean catalogues

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python bot.py run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The browse page is tested in a real browser, so the tests need its requirements and Debian's chromium.
test: lint $(BROWSE_STAMP) chromium postgresql
	$(BIN)/python -m pytest -rs

# Prints the tables; `make bench RECORD=1` also writes them to benchmarks/RESULTS.md (a tracked file);
# BENCH_SIZES=1000,20000 (and BENCH_LAYOUTS=today) for a shorter run; PROFILE=1 profiles the slowest 1%.
# Then the gateway load: messages one process ignores while /ask stays fast (benchmarks/GATEWAY.md;
# GATEWAY_SERVERS=5000 for one size). Last, the same work on SQLite and PostgreSQL side by side (benchmarks/stores.py).
bench: $(STAMP) postgresql
	$(BIN)/python -m benchmarks.run $(if $(RECORD),--record) $(if $(PROFILE),--profile)
	$(BIN)/python -m benchmarks.gateway $(if $(RECORD),--record)
	$(BIN)/python -m benchmarks.stores $(if $(RECORD),--record)

# The question sets, each scored: the real-question set's held-out half is the number to report.
eval: $(STAMP)
	$(BIN)/python -m tests.eval.report

# The message catalogues brought up to date with the code: locale/privy.pot written, each new message added
# untranslated to every locale/<lang>/LC_MESSAGES/privy.po (docs/languages.md); the tests fail until translated.
catalogues: $(STAMP)
	$(BIN)/python -m tests.catalogues

$(BROWSE_STAMP): $(STAMP) requirements-browse.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-browse.txt
	touch $(BROWSE_STAMP)

# A read-only web view of the fact base for moderators: a snapshot of PRIVY_DB without user data,
# served immutable on 127.0.0.1 with table and column descriptions (browse/metadata.yaml).
browse: $(BROWSE_STAMP)
	$(BIN)/python browse/snapshot.py $(BROWSE_DB)
	$(BIN)/datasette serve -i $(BROWSE_DB) --metadata browse/metadata.yaml --host 127.0.0.1 --port $(BROWSE_PORT)

# Debian's chromium, for tests/test_browse_chromium.py; apt runs only when it is missing. Where apt cannot
# (not root, no package mirror) this warns and that test is skipped, saying why in pytest's summary.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium (for the browser test of make browse)..."; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
	  || echo "WARNING: could not install chromium with apt-get; the browser test of make browse will be SKIPPED"; }

# Debian's postgresql: the tests start a throwaway cluster of their own (tests/pgcluster.py) and run the store,
# answer and Discord tests on it as well as on SQLite. apt runs only when initdb is missing; the server the
# package sets up is not used (and not started here).
postgresql:
	@{ command -v initdb || ls /usr/lib/postgresql/*/bin/initdb; } >/dev/null 2>&1 || { \
	  echo "installing Debian's postgresql (the tests run a throwaway cluster of their own)..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null; }

clean:
	rm -rf $(VENV) data/*.db*
