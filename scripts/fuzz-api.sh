#!/usr/bin/env bash
# Fuzzes the HTTP API with schemathesis, driven by the server's own OpenAPI document
# (GET /api/openapi.json): every operation gets generated valid and invalid requests, sent with an
# admin key, and no answer may be a 5xx (the not_a_server_error check).
#
#   npm run fuzz:api                       # embedded Postgres in a fresh temporary directory
#   DATABASE_URL=postgres://… npm run fuzz:api
#   FUZZ_MAX_EXAMPLES=100 FUZZ_MAX_TIME=900 npm run fuzz:api -- --include-tag Labels
#
# Extra arguments go to `schemathesis run`. JUnit reports are written under test-results/fuzz/,
# the server's log to test-results/fuzz/server.log.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${FUZZ_PORT:-4399}"
MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-30}"
MAX_TIME="${FUZZ_MAX_TIME:-600}"
SEEDED_TIME="${FUZZ_SEEDED_TIME:-180}"
REPORTS=test-results/fuzz
BASE="http://127.0.0.1:${PORT}"
mkdir -p "$REPORTS"

if ! command -v schemathesis >/dev/null 2>&1; then
  echo "installing schemathesis (pip)…"
  python3 -m pip install --quiet schemathesis
  PATH="$(python3 -m site --user-base)/bin:$PATH"
fi

DATA_DIR=""
if [[ -z "${DATABASE_URL:-}" ]]; then
  DATA_DIR="$(mktemp -d -t evalloop-fuzz-XXXXXX)"
  export EVALLOOP_DATA_DIR="$DATA_DIR"
fi

SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -n "$DATA_DIR" ]]; then rm -rf "$DATA_DIR"; fi
}
trap cleanup EXIT

echo "starting evalloop on ${BASE}…"
PORT="$PORT" GRPC_PORT=off HOST=127.0.0.1 LOG_LEVEL=warn node --import tsx cli/evalloop.ts serve \
  >"$REPORTS/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  if curl -fsS "${BASE}/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "the server exited before it was ready:" >&2
    cat "$REPORTS/server.log" >&2
    exit 2
  fi
  sleep 1
done
curl -fsS "${BASE}/healthz" >/dev/null

KEY="$(node --import tsx cli/evalloop.ts keys create --project default --role admin --label fuzz | tail -n 1)"
if [[ "$KEY" != evl_* ]]; then
  echo "could not create an admin key: $KEY" >&2
  exit 2
fi

# A little data, so that operations on one trace, dataset, failure mode or cycle reach past their 404.
api() { curl -sS -X "$1" -H "Authorization: Bearer ${KEY}" -H 'content-type: application/json' "${BASE}$2" ${3:+-d "$3"}; }
TRACE="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
NOW_NS="$(date +%s)000000000"
api POST /v1/traces "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"fuzz\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":\"${TRACE}\",\"spanId\":\"00f067aa0ba902b7\",\"name\":\"chat gpt-4o\",\"kind\":3,\"startTimeUnixNano\":\"${NOW_NS}\",\"endTimeUnixNano\":\"${NOW_NS}\",\"attributes\":[{\"key\":\"gen_ai.operation.name\",\"value\":{\"stringValue\":\"chat\"}},{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-4o\"}}]}]}]}]}" >/dev/null
api POST /api/failure-modes '{"key":"wrong_answer","title":"Wrong answer","rubric":"The answer is wrong."}' >/dev/null
api POST /api/labels "{\"id\":\"$(cat /proc/sys/kernel/random/uuid)\",\"traceId\":\"${TRACE}\",\"failureModes\":[\"wrong_answer\"]}" >/dev/null
DATASET="$(api POST /api/datasets '{"name":"fuzz"}' | sed -E 's/.*"id":"([0-9a-f-]{36})".*/\1/')"
api POST "/api/datasets/${DATASET}/freeze" >/dev/null
CYCLE="$(api POST /api/cycles '{}' | sed -E 's/^\{"cycle":\{"id":"([^"]+)".*/\1/')"
# A second pass gives the operations on those resources their ids (the first one sends random ids).
cat >"$REPORTS/seeded.toml" <<TOML
[[operations]]
include-path-regex = "^/api/traces/[{]id[}]$"
parameters = { "path.id" = "${TRACE}" }
[[operations]]
include-path-regex = "^/api/datasets/[{]id[}]"
parameters = { "path.id" = "${DATASET}", "path.v" = 1 }
[[operations]]
include-path-regex = "^/api/failure-modes/[{]key[}]"
parameters = { "path.key" = "wrong_answer" }
[[operations]]
include-path-regex = "^/api/cycles/[{]id[}]"
parameters = { "path.id" = "${CYCLE}" }
TOML
echo "seeded trace ${TRACE}, dataset ${DATASET}, cycle ${CYCLE}"

# Run inside the reports folder: schemathesis keeps its crash cache (.schemathesis/) in the working directory.
fuzz() {
  (cd "$REPORTS" && schemathesis "${CONFIG[@]}" run "${BASE}/api/openapi.json" \
    --url "$BASE" \
    --header "Authorization: Bearer ${KEY}" \
    --checks not_a_server_error \
    --max-examples "$MAX_EXAMPLES" \
    --request-timeout 60 \
    --workers 1 \
    --report junit \
    --report-dir . \
    "$@")
}

# Revoking keys goes last, on its own: the stateful phase feeds it the ids GET /api/keys lists,
# the fuzzer's own key among them, and every request after that would only meet 401s.
status=0
CONFIG=()
fuzz --max-time "$MAX_TIME" --exclude-operation-id revokeKey "$@" || status=$?
CONFIG=(--config-file seeded.toml)
fuzz --max-time "$SEEDED_TIME" --include-path-regex '^/api/(traces|datasets|failure-modes|cycles)/[{]' "$@" || status=$?
CONFIG=()
fuzz --max-time 60 --include-operation-id revokeKey "$@" || status=$?

if grep -q "unhandled error" "$REPORTS/server.log"; then
  echo "the server logged unhandled errors (see $REPORTS/server.log):" >&2
  grep -A3 "unhandled error" "$REPORTS/server.log" | head -40 >&2
  status=1
fi
exit "$status"
