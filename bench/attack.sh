#!/usr/bin/env bash
# Hostile traffic against jconda-server (bench/Attack.java): slow bodies, clients that never read, 500 connections
# declaring 1 MiB bodies, slowloris heads and request-smuggling bytes, while 4 well-behaved clients keep predicting.
# Prints workers killed (must be 0), well-behaved requests failed (must be 0), smuggled responses (must be 0) and
# the growth of the workers' RSS. Exit 0 only when all three are 0.
#
# Usage: bench/attack.sh [WORKERS] [SECONDS]     (defaults: 2 workers, 45 s: longer than the default --timeout 30,
#                                                 so a slow client that still ran on the worker's clock would kill it)
# Env:   VIA=jconda|java (see bench/lib/server.sh)  PORT=18100  SERVER_CP=<file with the runtime classpath>  EXTRA_FLAGS="..." (added to the server's flags)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
workers=${1:-2}
seconds=${2:-45}
port=${PORT:-18100}
model=samples/model-serving/model.pt
request=samples/model-serving/request.json
out=$(mktemp -d "${TMPDIR:-/tmp}/jconda-attack.XXXXXX")

. bench/lib/server.sh

# The server as jconda runs it (jconda run -n model-serving serve puts the same jar and DJL on the classpath); the
# master's own heap is small, the workers keep their default options.
# shellcheck disable=SC2086
start_server "$out/server.log" "$workers" "$port" --model "$model" --warmup-shape 1,4 ${EXTRA_FLAGS:-}
curl -sf -H 'Content-Type: application/json' --data @"$request" "127.0.0.1:$port/predict" >/dev/null \
    || { echo "jconda-server did not answer; log:" >&2; cat "$out/server.log" >&2; exit 1; }

echo "attack on jconda-server: $workers workers, $(nproc) cores, $(date -u +%FT%TZ), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
status=0
java bench/Attack.java "$port" "$server" "$seconds" "$request" || status=$?
echo "server log lines with TIMEOUT, killed or OutOfMemoryError: $(grep -cE 'TIMEOUT|killed|OutOfMemoryError' "$out/server.log" || true)"
stop_server
echo "server log: $out/server.log"
exit "$status"
