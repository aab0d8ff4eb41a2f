# The commands a newcomer needs. `make demo` and `make test` each set everything up from scratch.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test lint format bench bench-guardrails train-guardrails bench-chat bench-evals serve clean record-cassettes

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## install: create .venv and install the project with its dev extras
install: $(STAMP)

## demo: load the demo organisation (offline, no API key) and show the pipeline
demo: install
	$(VENV)/bin/coach demo

## test: the whole test suite (starts its own Chroma server for the server-path tests)
test: install
	$(PY) -m pytest

## lint: ruff lint + format check
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## bench: ingest throughput and retrieval latency at 10k, 100k and 1M events (prints numbers)
BENCH_SIZES ?= 10000,100000,1000000
bench: install
	$(PY) bench/bench_retrieval.py --sizes $(BENCH_SIZES)

## bench-guardrails: guardrail precision/recall/F1 per label and language, drafts/s and p50/p99 latency
bench-guardrails: install
	$(PY) bench/bench_guardrails.py

## train-guardrails: retrain the learned bias model (numpy; SWSR train portion + own statements + work events)
SWSR_DIR ?= ../shared/data/swsr
train-guardrails: install
	$(PY) -m guardrails.training --swsr $(SWSR_DIR) --epochs 200

## bench-chat: drafted-answer latency through /v1/chat/completions (p50/p95 over 50) and concurrent sessions
bench-chat: install
	$(PY) bench/bench_chat.py

## bench-evals: eval cases/s offline (cold cache) and the cached re-run time of the core suite
bench-evals: install
	$(PY) bench/bench_evals.py

## serve: the web chat and the OpenAI-compatible API on the demo org (http://127.0.0.1:8000/)
serve: install
	$(VENV)/bin/coach serve --demo

clean:
	rm -rf $(VENV) .coach .pytest_cache

## record-cassettes: re-record tests/cassettes/ against a real llama.cpp server (see docs/cassettes.md)
record-cassettes: install
	PY=$(PY) bash scripts/record_cassettes.sh
