# Two entry points: `make demo` (set-up + the main job) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, pinned to the CPU build, so that no dependency pulls a multi-GB CUDA build.
# Then the static embedding table is distilled from the installed MiniLM (about 20 s, once).
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e .
	$(BIN)/python -m newsmine.models.embeddings.static
	touch $@

$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/newsmine analyze corpus/samples/ --db newsmine.db
	$(BIN)/newsmine report --db newsmine.db -o report.html
	@echo "Corpus database: $(CURDIR)/newsmine.db"
	@echo "HTML report:     $(CURDIR)/report.html"
	@echo "Browse it:       $(BIN)/newsmine serve --db newsmine.db  (http://127.0.0.1:8000/)"

test: $(DEV_STAMP)
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) newsmine.db report.html
