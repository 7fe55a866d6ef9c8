# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= out/demo.duckdb

.PHONY: demo test bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	@rm -f $(DEMO_DB) $(DEMO_DB).wal
	$(BIN)/faultline --db $(DEMO_DB) ingest src/faultline/data/samples
	$(BIN)/faultline --db $(DEMO_DB) articles
	$(BIN)/faultline --db $(DEMO_DB) export articles --format jsonl -o out/demo-articles.jsonl
	$(BIN)/faultline --db $(DEMO_DB) export claims --format jsonl -o out/demo-claims.jsonl
	$(BIN)/faultline --db $(DEMO_DB) export events --format jsonl -o out/demo-events.jsonl
	@echo
	@echo "Report: out/demo-articles.jsonl (clean articles, every removed block with its reason),"
	@echo "        out/demo-claims.jsonl and out/demo-events.jsonl (cited claims and events with modality)"
	@echo "Store:  $(DEMO_DB)   try: $(BIN)/faultline --db $(DEMO_DB) show <id>"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py

clean:
	rm -rf $(VENV) out .pytest_cache
