# autofacts: `make demo` runs the whole job on the bundled demo site; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED := ../shared

.PHONY: demo test lint eval eval-clean bench clean-data

# The pip that `python -m venv` ships is used as is, never upgraded: that is what a user's
# `pip install .` gets, so a dependency only a newer pip would resolve fails here (and in CI) first.
$(BIN)/autofacts: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e ".[dev,dask]"
	@touch $@

demo: $(BIN)/autofacts
	$(BIN)/autofacts demo

test: $(BIN)/autofacts
	$(BIN)/ruff check .
	$(BIN)/pytest -q

lint: $(BIN)/autofacts
	$(BIN)/ruff check .

eval: $(BIN)/autofacts
	$(BIN)/autofacts extract --input $(SHARED)/eval/dev_articles.jsonl --output data/eval/dev_facts.jsonl
	$(PYTHON) $(SHARED)/eval/score.py $(SHARED)/eval/dev_gold.jsonl data/eval/dev_facts.jsonl $(ARGS)

eval-clean: $(BIN)/autofacts
	$(BIN)/python -m tests.benchmarks.bench_clean

bench: $(BIN)/autofacts
	$(BIN)/python -m tests.benchmarks.bench_pipeline
	$(BIN)/python -m tests.benchmarks.bench_scale
	$(BIN)/python -m tests.benchmarks.bench_backfill

clean-data:
	rm -rf data
