#!/bin/sh
# evalloop gate with curl only (no install): starts the gate of a release, waits for the
# verdict, writes gate.xml (JUnit) and the Markdown summary, exits like `evalloop gate`:
# 0 pass or waived (an admin let it through: who and why are printed), 1 blocked,
# 2 error or timeout, 3 inconclusive (0 with --allow-inconclusive).
# usage: EVALLOOP_URL=... EVALLOOP_KEY=... sh evalloop-gate.sh --release R [--baseline B]
#        [--timeout SECONDS] [--junit gate.xml] [--markdown gate.md] [--allow-inconclusive]
set -u
release='' baseline='' timeout=1800 junit='gate.xml' markdown='gate.md' allow=0
while [ $# -gt 0 ]; do
  case "$1" in
    --release) release="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --junit) junit="$2"; shift 2 ;;
    --markdown) markdown="$2"; shift 2 ;;
    --allow-inconclusive) allow=1; shift ;;
    *) echo "evalloop-gate: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "${EVALLOOP_URL:-}" ] || { echo "evalloop-gate: set EVALLOOP_URL" >&2; exit 2; }
[ -n "${EVALLOOP_KEY:-}" ] || { echo "evalloop-gate: set EVALLOOP_KEY" >&2; exit 2; }
[ -n "$release" ] || { echo "evalloop-gate: --release is required" >&2; exit 2; }
url="${EVALLOOP_URL%/}"
esc() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }

# call METHOD PATH [BODY]: prints the body; fails (exit 2) on a transport error or non-2xx
call() {
  out=$(curl -sS -X "$1" -H "authorization: Bearer $EVALLOOP_KEY" -H 'content-type: application/json' \
    ${3:+--data "$3"} -w '\n%{http_code}' "$url$2") || { echo "evalloop-gate: cannot reach $url" >&2; exit 2; }
  code=$(printf '%s' "$out" | tail -n 1)
  body=$(printf '%s' "$out" | sed '$d')
  case "$code" in
    2??) printf '%s' "$body" ;;
    *) echo "evalloop-gate: $1 $2 answered $code: $body" >&2; exit 2 ;;
  esac
}

data="{\"release\":\"$(esc "$release")\""
[ -n "$baseline" ] && data="$data,\"baseline\":\"$(esc "$baseline")\""
data="$data}"
started=$(call POST /api/gates "$data") || exit 2
id=$(printf '%s' "$started" | grep -o '"id":"[^"]*"' | head -n 1 | sed 's/"id":"//; s/"$//')
[ -n "$id" ] || { echo "evalloop-gate: no gate id in $started" >&2; exit 2; }

end=$(( $(date +%s) + timeout ))
while :; do
  left=$(( end - $(date +%s) ))
  wait=30; [ "$left" -lt 30 ] && wait=$left; [ "$wait" -lt 1 ] && wait=1
  response=$(call GET "/api/gates/$id?wait=$wait") || exit 2
  printf '%s' "$response" | grep -q '"state":"running"' || break
  if [ "$(date +%s)" -ge "$end" ]; then echo "gate $id: no verdict within ${timeout}s" >&2; exit 2; fi
done

verdict=$(printf '%s' "$response" | grep -o '"verdict":"[a-z]*"' | head -n 1 | sed 's/"verdict":"//; s/"$//')
if [ -z "$verdict" ]; then echo "gate $id ended without a verdict: $response" >&2; exit 2; fi
call GET "/api/gates/$id/junit" > "$junit" || exit 2
call GET "/api/gates/$id/markdown" > "$markdown" || exit 2
[ -n "${GITHUB_STEP_SUMMARY:-}" ] && { cat "$markdown"; echo; } >> "$GITHUB_STEP_SUMMARY"
if printf '%s' "$response" | grep -q '"outcome":"waived"'; then
  echo "gate $id: WAIVED (was $verdict) ($url/gates/$id)"
  grep -m 1 '^> \*\*Waived\*\*' "$markdown" | sed 's/^> \*\*Waived\*\* /waived /'
  exit 0
fi
echo "gate $id: $verdict ($url/gates/$id)"
case "$verdict" in
  pass) exit 0 ;;
  blocked) exit 1 ;;
  inconclusive) [ "$allow" = 1 ] && exit 0; exit 3 ;;
  *) exit 2 ;;
esac
