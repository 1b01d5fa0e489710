# duban: two commands on a fresh machine — `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint install migrate bench clean

# One line per step; pip's output goes to var/setup.log (shown in part if the install fails).
$(STAMP): pyproject.toml scripts/setup.sh
	@PYTHON='$(PYTHON)' VENV='$(VENV)' bash scripts/setup.sh

install: $(STAMP)

run: $(STAMP)
	@$(BIN)/duban run

# Create or upgrade the store's schema (every other command refuses an older one).
migrate: $(STAMP)
	@$(BIN)/duban migrate

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest

test-fast: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python benchmarks/import_bench.py
	$(BIN)/python benchmarks/query_bench.py
	$(BIN)/python benchmarks/telegram_bench.py
	$(BIN)/python benchmarks/remind_bench.py
	$(BIN)/python benchmarks/send_bench.py
	$(BIN)/python benchmarks/startup_bench.py
	$(BIN)/python benchmarks/web_bench.py
	$(BIN)/python benchmarks/cluster_bench.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
