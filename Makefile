# The one entry point. Every target bootstraps .venv on first use, so a fresh clone needs no manual step.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
VERTICAL ?=
AS_OF ?=
# Betting backfill range, START:END (YYYY-MM-DD:YYYY-MM-DD).
DATES ?=

# Telemetry off everywhere; dbt reads the committed profiles.yml from the repo root.
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export RUNTIME__DLTHUB_TELEMETRY := false
export DBT_PROFILES_DIR := $(CURDIR)

RUN_ARGS := $(if $(VERTICAL),--vertical $(VERTICAL)) $(if $(AS_OF),--as-of $(AS_OF))
RUN_ARGS += $(if $(DATES),--dates $(DATES))

.PHONY: help install demo run build rebuild status freshness report verticals test test-faults lint bench bench-extract docs doc-examples lock clean

help:
	@echo "make demo    offline run of every vertical on bundled data (local API emulator, two as-of days)"
	@echo "make run     live run against the real APIs (VERTICAL=gaming to run one, AS_OF=YYYY-MM-DD,"
	@echo "             DATES=2024-09-05:2025-01-05 for a betting backfill)"
	@echo "make build   transform, test and export what is landed, no extraction (VERTICAL=gaming for one)"
	@echo "make rebuild every mart from scratch, SCD2 history re-derived from raw (VERTICAL=gaming for one)"
	@echo "make status  last runs from the run log, and each vertical's freshness"
	@echo "make freshness  dbt source freshness of every vertical (exit 1 past an error threshold)"
	@echo "make report  charts of every vertical from the warehouse: report/index.html, opens from disk"
	@echo "make verticals  the verticals and whether they are ready (or need a key)"
	@echo "make test    lint + the test suite (CI runs it, then make test-faults)"
	@echo "make test-faults  gaming and media runs killed in every phase, then run again (compared with clean runs)"
	@echo "make bench   extraction at catalogue size, then the scale benchmark, SCALE=S|M|L (default S; not in make test)"
	@echo "make bench-extract  one day's extraction of the seed's catalogues at the APIs' real limits (fake clock)"
	@echo "make docs    dbt docs for the star schemas with their ER diagrams: target/static_index.html, opens from disk"
	@echo "make doc-examples  the results under the docs' example queries, rewritten from the warehouse (make demo first)"
	@echo "make lock    re-resolve requirements.lock from pyproject.toml"

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

demo: $(STAMP)
	$(BIN)/starline demo

# GNU make exits 2 whenever a recipe fails (the only failure status it has), so starline's own status (1: a
# vertical failed, 2: bad input or configuration) is printed last; scripts that branch on it run .venv/bin/starline.
run: $(STAMP)
	@echo "$(BIN)/starline run $(RUN_ARGS)"
	@$(BIN)/starline run $(RUN_ARGS) || { status=$$?; echo "make run: starline exited with status $$status" >&2; exit $$status; }

build rebuild: $(STAMP)
	@echo "$(BIN)/starline $@ $(VERTICAL)"
	@$(BIN)/starline $@ $(VERTICAL) || { status=$$?; echo "make $@: starline exited with status $$status" >&2; exit $$status; }

status: $(STAMP)
	$(BIN)/starline status

# The charts of every vertical (report/index.html), static pages that open from disk.
report: $(STAMP)
	$(BIN)/starline report

# dbt's source freshness of every vertical against the thresholds in dbt_project.yml (vars freshness_*_hours).
freshness: $(STAMP)
	$(BIN)/dbt source freshness

verticals: $(STAMP)
	$(BIN)/starline verticals

lint: $(STAMP)
	$(BIN)/ruff check ingestion tests benchmarks
	$(BIN)/ruff format --check ingestion tests benchmarks

test: lint
	$(BIN)/pytest

# Runs of gaming and media killed in every phase, then run again: the result equals a run never killed.
test-faults: $(STAMP)
	$(BIN)/pytest -m faults tests/test_faults.py

# Scale benchmark (benchmarks/RESULTS.md): SCALE=S takes a few minutes; M and L are for a quiet machine.
bench: SCALE ?= S
bench: $(STAMP) bench-extract
	$(BIN)/python -m benchmarks --scale $(SCALE)

# One `bench-extract:` line per API: requests, share of the published limit used, provoked 429s, simulated hours.
bench-extract: $(STAMP)
	$(BIN)/python -m benchmarks.extract --catalogue seed --results benchmarks/RESULTS_EXTRACT.md

# The catalog reads the warehouse; on a fresh clone there is none yet (run `make demo` first for real content).
docs: $(STAMP)
	@mkdir -p $(dir $(or $(STARLINE_WAREHOUSE),warehouse/warehouse.duckdb))
	$(BIN)/dbt docs generate --static
	$(BIN)/python -m ingestion.er_diagram target/manifest.json docs/er target/docs/er
	@echo "Open target/static_index.html (one file with the manifest and catalog inside: opens from disk)"

# Every example query of README.md and docs/*.md is run with the DuckDB CLI against the warehouse, and the result
# block under it rewritten where it differs; tests/test_doc_examples.py fails when one is out of date.
doc-examples: $(STAMP)
	$(BIN)/python -m ingestion.doc_examples

# Resolve the pins in a throwaway venv so the lock lists exactly what pyproject.toml pulls in.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet '.[dev,spark,dagster]'
	.lock-venv/bin/python -m pip freeze --exclude starline | grep -v '^-e' > requirements.lock
	rm -rf .lock-venv build

clean:
	rm -rf target logs exports warehouse .state
