#!/usr/bin/env bash
# Whole-process benchmark of the model server: jconda-server (2 worker JVMs) against the seed's Gunicorn + Flask
# stack (bench-anchors/gunicorn/run.sh, 2 workers), same model, same request, same wrk load, same machine, one run.
#
# Usage: bench/serve.sh [WORKERS] [DURATION]        (defaults: 2 workers, 15s)
# Env:   WORKER_CLASS=sync|virtual  THREADS=1  WARMUP_SECONDS=5  PORT=18000
#        VIA=jconda (default: jconda run -n model-serving-bench serve, JCONDA_ROOT=bench/.work/jconda-root) or VIA=java
#        VIA=jconda (default: jconda run -n model-serving-bench serve, JCONDA_ROOT=bench/.work/jconda-root) or VIA=java
#        SERVER_CP=<file with the runtime classpath>  (else built with mvn dependency:build-classpath)
#        ANCHOR=../shared/bench-anchors/gunicorn/run.sh beside the checkout  (SKIP_ANCHOR=1: jconda only)
# Needs: wrk (apt-get install -y wrk); for the anchor: gunicorn python3-flask python3-torch.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
workers=${1:-2}
duration=${2:-15s}
worker_class=${WORKER_CLASS:-sync}
threads=${THREADS:-1}
warmup_seconds=${WARMUP_SECONDS:-5}
port=${PORT:-18000}
model=samples/model-serving/model.pt
request=samples/model-serving/request.json
# The shared folder sits beside the checkout (or beside the folder of worktrees).
anchor=${ANCHOR:-$(ls "$repo/../shared/bench-anchors/gunicorn/run.sh" "$repo/../../shared/bench-anchors/gunicorn/run.sh" \
    2>/dev/null | head -1 || true)}
out=$(mktemp -d "${TMPDIR:-/tmp}/jconda-serve-bench.XXXXXX")

. bench/lib/server.sh
command -v wrk >/dev/null || { echo "serve.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }

lua=bench/serve-predict.lua
export REQUEST_JSON=$request

rss_of_children() { # sum and count of VmRSS (MiB) of the children of $1
    local total=0 n=0 kb c
    for c in $(pgrep -P "$1" || true); do
        kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$c/status" 2>/dev/null || echo 0)
        total=$((total + kb)); n=$((n + 1))
    done
    [ "$n" -gt 0 ] && echo "$((total / n / 1024)) MiB/worker ($n workers)" || echo "n/a"
}

# ---- jconda-server --------------------------------------------------------------------------------------------
start_server "$out/jconda.log" "$workers" "$port" -k "$worker_class" --threads "$threads" \
    --model "$model" --warmup-shape 1,4
curl -sf -H 'Content-Type: application/json' --data @"$request" "127.0.0.1:$port/predict" >"$out/first.json" \
    || { echo "jconda-server did not answer; log:" >&2; cat "$out/jconda.log" >&2; exit 1; }
if [ "$warmup_seconds" -gt 0 ]; then
    wrk -t2 -c32 -d"${warmup_seconds}s" -s "$lua" "http://127.0.0.1:$port/predict" >/dev/null
fi
( sleep 10; rss_of_children "$server" >"$out/jconda.rss" ) &
sampler=$!
wrk -t2 -c32 -d"$duration" --latency -s "$lua" "http://127.0.0.1:$port/predict" >"$out/jconda.wrk"
wait "$sampler" || true
stop_server

# ---- the seed's Gunicorn + Flask ------------------------------------------------------------------------------
if [ -z "${SKIP_ANCHOR:-}" ]; then
    ( sleep 12; m=$(pgrep -o -f "gunicorn -w $workers -b 127.0.0.1:18001"); \
      [ -n "$m" ] && rss_of_children "$m" >"$out/gunicorn.rss" ) &
    sampler=$!
    bash "$anchor" "$workers" "$model" "$request" >"$out/gunicorn.wrk" 2>&1 || true
    wait "$sampler" || true
fi

# ---- table ----------------------------------------------------------------------------------------------------
field() { # field FILE PATTERN -> value after the pattern
    awk -v p="$2" '$1 == p {print $2}' "$1" 2>/dev/null | head -1
}
row() { # name wrk-file rss-file
    local rps p50 p99 errs
    rps=$(awk '/Requests\/sec/ {print $2}' "$2" 2>/dev/null)
    p50=$(field "$2" "50%"); p99=$(field "$2" "99%")
    errs=$(grep -E "Socket errors|Non-2xx" "$2" 2>/dev/null | tr -s ' ' | paste -sd';' || true)
    printf '| %-26s | %10s | %8s | %8s | %-26s | %s\n' "$1" "${rps:-n/a}" "${p50:-n/a}" "${p99:-n/a}" \
        "$(cat "$3" 2>/dev/null || echo n/a)" "${errs:-no errors}"
}
echo
echo "wrk -t2 -c32 -d$duration, POST /predict $request, $workers workers, $(nproc) cores, $(date -u +%FT%TZ)"
echo "jconda: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), worker class $worker_class, threads $threads," \
     "${warmup_seconds}s wrk warm-up first"
echo
printf '| %-26s | %10s | %8s | %8s | %-26s | %s\n' server "req/s" p50 p99 "worker RSS" errors
printf '|%s|%s|%s|%s|%s|%s\n' "----------------------------" "------------" "----------" "----------" "----------------------------" "------"
row "jconda-server ($worker_class)" "$out/jconda.wrk" "$out/jconda.rss"
[ -z "${SKIP_ANCHOR:-}" ] && row "gunicorn + flask (seed)" "$out/gunicorn.wrk" "$out/gunicorn.rss"
echo
echo "raw output: $out"
