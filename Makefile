# The commands a newcomer needs. `make demo` and `make test` each set everything up from scratch.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test test-postgres lint format bench bench-guardrails train-guardrails bench-chat bench-evals serve clean record-cassettes

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

## test-postgres: the storage, ingest, access, chat-session, server, eval and replica tests on PostgreSQL
##   needs COACH_TEST_DATABASE_URL (a server the tests may create databases on); see scripts/test_services.sh
PG_TESTS := tests/test_migrations.py tests/test_shared_store.py tests/test_replicas.py tests/test_ratelimit.py \
	tests/test_access.py tests/test_ingest.py tests/test_crash.py tests/test_retrieval.py tests/test_tokens.py \
	tests/test_chat_engine.py tests/test_chat_cli.py tests/test_server_api.py tests/test_server_openai.py \
	tests/test_server_ops.py tests/test_server_cli.py tests/test_evals_runner.py tests/test_evals_outputs.py \
	tests/test_optout.py tests/test_admin.py tests/test_async_turns.py tests/test_retrieval_ledger.py \
	tests/test_goalsets.py tests/test_disputes.py tests/test_signals.py tests/test_retrieval_selection.py
test-postgres: install
	@test -n "$$COACH_TEST_DATABASE_URL" || { echo "set COACH_TEST_DATABASE_URL (see scripts/test_services.sh)"; exit 2; }
	COACH_TEST_REQUIRE_POSTGRES=1 $(PY) -m pytest $(PG_TESTS)

## lint: ruff lint + format check
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## bench: speed at the edges (a person with 5,000 events, one-shot commands), then ingest throughput and
##   retrieval latency at 10k, 100k and 1M events (prints numbers)
BENCH_SIZES ?= 10000,100000,1000000
bench: install
	$(PY) bench/bench_edges.py
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
