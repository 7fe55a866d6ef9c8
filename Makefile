# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= out/demo.duckdb

.PHONY: demo test bench install clean browsers screenshots serve

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
	$(BIN)/faultline --db $(DEMO_DB) demo -o out/demo-report.html
	$(BIN)/faultline --db $(DEMO_DB) report -o out/demo-report.md
	$(BIN)/faultline --db $(DEMO_DB) export claims --format jsonl -o out/demo-claims.jsonl
	$(BIN)/faultline --db $(DEMO_DB) export events --format jsonl -o out/demo-events.jsonl
	@echo
	@echo "Report: out/demo-report.html (self-contained: open it in any browser, offline), out/demo-report.md"
	@echo "Data:   out/demo-claims.jsonl, out/demo-events.jsonl (cited claims and events with modality)"
	@echo "Store:  $(DEMO_DB)   try: $(BIN)/faultline --db $(DEMO_DB) evidence list --actor RUS --action deploy --target BLR"
	@echo "Web:    $(BIN)/faultline serve --db $(DEMO_DB)   then open http://127.0.0.1:8000 (the demo store, in your browser)"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_assess.py

# The browser tests and screenshots drive the system Chromium (Debian package `chromium`), never a
# browser downloaded by playwright. Installing it needs root; otherwise this says what to run.
browsers:
	@if [ -x /usr/bin/chromium ]; then echo "chromium: /usr/bin/chromium"; \
	elif [ "$$(id -u)" = 0 ]; then (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
		|| echo "could not install chromium (no Debian mirror?): the browser tests will skip"; \
	else echo "no /usr/bin/chromium: run 'sudo apt-get install -y chromium' (browser tests skip until then)"; fi

# PNGs of the main pages of the web app over the demo store, for the README.
screenshots: $(STAMP)
	@test -f $(DEMO_DB) || $(MAKE) demo
	$(BIN)/python -m faultline.web.screenshots --db $(DEMO_DB) --out docs/screenshots

serve: $(STAMP)
	$(BIN)/faultline serve --db $(DEMO_DB)

clean:
	rm -rf $(VENV) out .pytest_cache
