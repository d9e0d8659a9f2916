# autofacts: `make demo` runs the whole job on the bundled demo site; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED := ../shared

.PHONY: demo test lint eval train eval-clean bench clean-data

# The pip that `python -m venv` ships is used as is, never upgraded: that is what a user's
# `pip install .` gets, so a dependency only a newer pip would resolve fails here (and in CI) first.
$(BIN)/autofacts: pyproject.toml .ci/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c .ci/constraints.txt -e ".[dev,dask]"
	@touch $@

# offline and quiet: no usage data sent from the temporary Prefect server or the client
demo: $(BIN)/autofacts
	PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 $(BIN)/autofacts demo

# two workers; a module's tests stay on one worker, so module fixtures (a whole demo run) run once
test: $(BIN)/autofacts
	$(BIN)/ruff check .
	$(BIN)/pytest -q -n 2 --dist loadscope

lint: $(BIN)/autofacts
	$(BIN)/ruff check .

# P/R/F1 on the tuning part, the frozen validation part, each source and batch (errors: data/eval/);
# then the shared dev set through the CLI, scored by the shared scorer
eval: $(BIN)/autofacts
	$(BIN)/python -m tests.eval.evaluate $(ARGS)
	$(BIN)/autofacts extract --input $(SHARED)/eval/dev_articles.jsonl --output data/eval/dev_facts.jsonl
	$(PYTHON) $(SHARED)/eval/score.py $(SHARED)/eval/dev_gold.jsonl data/eval/dev_facts.jsonl

# re-fit the fact scorer on the tuning part (transforms/data/scorer.json)
train: $(BIN)/autofacts
	$(BIN)/pip install --quiet -c .ci/constraints.txt -e ".[dev,train]"
	$(BIN)/python -m tests.eval.train

eval-clean: $(BIN)/autofacts
	$(BIN)/python -m tests.benchmarks.bench_clean

bench: $(BIN)/autofacts
	$(BIN)/python -m tests.benchmarks.bench_pipeline
	$(BIN)/python -m tests.benchmarks.bench_scale
	$(BIN)/python -m tests.benchmarks.bench_backfill

clean-data:
	rm -rf data
