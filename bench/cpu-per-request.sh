#!/usr/bin/env bash
# Server cost per request (issue 15): jconda-server started the way users start it (`jconda run -n ENV serve -w 2`)
# beside the seed's Gunicorn + Flask app (2 workers), both up at once and loaded in turn, ROUNDS rounds of
# `wrk -t2 -c32 -dDURATION --latency` each (jconda round i, then Gunicorn round i, so both see the same load).
# Per round: req/s, p50/p99/p99.9, the workers' CPU per request (utime+stime of every worker from /proc/PID/stat,
# over the round, divided by the requests wrk counted), and for jconda the bytes allocated per request (jstat's heap
# use at both ends of the round plus what each young collection in between freed, from the workers' GC logs).
# Then the model's own cost in process, one thread (bench/ModelCost.java). Writes bench/results/cpu-per-request-DATE.csv
# and a chart beside it (gnuplot), and prints a table.
#
# Usage: bench/cpu-per-request.sh [ROUNDS] [DURATION]      (defaults: 5 rounds of 10s)
# Env:   PORT=18400  BENCH_ENV=model-serving  JCONDA_ROOT=bench/.work/jconda-root  WORKER_OPTS=(the server's default)
#        ANCHOR_DIR=../shared/bench-anchors/gunicorn beside the checkout (SKIP_ANCHOR=1: jconda only)
# Needs: wrk gnuplot gunicorn python3-flask python3-torch (apt-get install -y ...)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
rounds=${1:-5}
duration=${2:-10s}
port=${PORT:-18400}
workers=2
export BENCH_ENV=${BENCH_ENV:-model-serving} VIA=jconda
model=samples/model-serving/model.pt
request=samples/model-serving/request.json
anchor_dir=${ANCHOR_DIR:-$(ls -d "$repo/../shared/bench-anchors/gunicorn" "$repo/../../shared/bench-anchors/gunicorn" \
    2>/dev/null | head -1 || true)}
out=$(mktemp -d "${TMPDIR:-/tmp}/jconda-cpu.XXXXXX")
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p bench/results
csv=bench/results/cpu-per-request-$stamp.csv
for tool in wrk gnuplot; do
    command -v $tool >/dev/null || { echo "cpu-per-request.sh: $tool is missing (apt-get install -y $tool)" >&2; exit 1; }
done
[ -n "${SKIP_ANCHOR:-}" ] || [ -f "$anchor_dir/app.py" ] \
    || { echo "cpu-per-request.sh: no Gunicorn anchor app (set ANCHOR_DIR or SKIP_ANCHOR=1)" >&2; exit 1; }

. bench/lib/server.sh
# An environment keeps its own copy of the server jar (libexec/): re-create it when the build is newer.
if ! cmp -s "$jar" "$JCONDA_ROOT/envs/$BENCH_ENV/libexec/jconda-server.jar"; then
    echo "re-creating $BENCH_ENV for the current server jar ..." >&2
    ./jconda env create -f environment.yml -n "$BENCH_ENV" --force >"$out/env-create.log" 2>&1 \
        || { cat "$out/env-create.log" >&2; exit 1; }
fi
export REQUEST_JSON=$request
lua=bench/serve-predict.lua
url_j=http://127.0.0.1:$port/predict
url_g=http://127.0.0.1:$((port + 1))/predict

ticks() { # utime+stime (clock ticks) summed over the children of $1
    local t=0 c
    for c in $(pgrep -P "$1" || true); do
        t=$((t + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0)))
    done
    echo "$t"
}
heap() { # "PID used_kb young_gcs" per jconda worker, from jstat
    local c
    for c in $(pgrep -P "$1"); do
        jstat -gc "$c" | awk -v p="$c" 'NR == 2 {printf "%s %.0f %d\n", p, $3 + $4 + $6 + $8, $13}'
    done
}
freed_kb() { # freed_kb GCLOG FIRST_GC LAST_GC: KiB freed by the young collections numbered FIRST..LAST-1
    sed -nE 's/.*GC\(([0-9]+)\) Pause Young.* ([0-9]+)M->([0-9]+)M.*/\1 \2 \3/p' "$1" \
        | awk -v a="$2" -v b="$3" '$1 >= a && $1 < b {kb += ($2 - $3) * 1024} END {print kb + 0}'
}
allocated_kb() { # allocated_kb BEFORE AFTER (outputs of heap): KiB allocated by the workers in between
    join <(sort "$1") <(sort "$2") | while read -r pid used0 gc0 used1 gc1; do
        echo $((used1 - used0 + $(freed_kb "$out/gc-$pid.log" "$gc0" "$gc1")))
    done | awk '{s += $1} END {print s + 0}'
}
to_ms() { # wrk latency (123.45us, 1.23ms, 1.02s) to milliseconds
    sed -E 's/([0-9.]+)us/\1 0.001/; s/([0-9.]+)ms/\1 1/; s/([0-9.]+)s$/\1 1000/' | awk '{printf "%.2f", $1 * $2}'
}
percentile() { awk -v p="$2" '$1 == p {print $2}' "$1" | to_ms; }

# One round: wrk against URL, CPU ticks of MASTER's children around it; for jconda also the heap.
round() { # round NAME ROUND URL MASTER
    local name=$1 i=$2 url=$3 master=$4 c0 c1 h0 h1 reqs rps cpu_us alloc=""
    [ "$name" = jconda ] && heap "$master" >"$out/heap0"
    c0=$(ticks "$master")
    wrk -t2 -c32 -d"$duration" --latency -s "$lua" "$url" >"$out/$name-$i.wrk"
    c1=$(ticks "$master")
    reqs=$(awk '/requests in/ {print $1}' "$out/$name-$i.wrk")
    rps=$(awk '/Requests\/sec/ {print $2}' "$out/$name-$i.wrk")
    cpu_us=$(awk -v t=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v n="$reqs" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}')
    if [ "$name" = jconda ]; then
        heap "$master" >"$out/heap1"
        alloc=$(awk -v kb="$(allocated_kb "$out/heap0" "$out/heap1")" -v n="$reqs" 'BEGIN {printf "%.0f", kb * 1024 / n}')
    fi
    grep -E "Socket errors|Non-2xx" "$out/$name-$i.wrk" >&2 || true
    echo "$name,$i,$rps,$(percentile "$out/$name-$i.wrk" 50%),$(percentile "$out/$name-$i.wrk" 99%),$(percentile "$out/$name-$i.wrk" 99.9%),$cpu_us,$alloc,$(cut -d' ' -f1 /proc/loadavg)" >>"$csv"
}

echo "server,round,req_per_s,p50_ms,p99_ms,p99_9_ms,worker_cpu_us_per_req,alloc_bytes_per_req,load1" >"$csv"
opts=${WORKER_OPTS:-$(sed -n 's/.*DEFAULT_WORKER_JAVA_OPTS = "\(.*\)";/\1/p' server/src/main/java/dev/jconda/server/config/ServerOptions.java)}
start_server "$out/jconda.log" "$workers" "$port" --worker-java-opts "$opts -Xlog:gc:file=$out/gc-%p.log"
curl -sf -H 'Content-Type: application/json' --data @"$request" "$url_j" >/dev/null \
    || { echo "jconda-server did not answer; log:" >&2; cat "$out/jconda.log" >&2; exit 1; }
jconda_master=$server
if [ -z "${SKIP_ANCHOR:-}" ]; then
    start_gunicorn "$out/gunicorn.log" $((port + 1)) "$anchor_dir" "$model" "$request"
    trap 'kill -TERM $gunicorn $jconda_master 2>/dev/null || true' EXIT
fi
# JIT warm-up for jconda (and the same for Gunicorn, so both start from a steady state).
wrk -t2 -c32 -d5s -s "$lua" "$url_j" >/dev/null
[ -z "${SKIP_ANCHOR:-}" ] && wrk -t2 -c32 -d5s -s "$lua" "$url_g" >/dev/null
for i in $(seq "$rounds"); do
    round jconda "$i" "$url_j" "$jconda_master"
    [ -z "${SKIP_ANCHOR:-}" ] && round gunicorn "$i" "$url_g" "$gunicorn"
done
[ -z "${SKIP_ANCHOR:-}" ] && { kill -TERM "$gunicorn"; wait "$gunicorn" 2>/dev/null || true; }
stop_server

# The model's own cost, in process, one thread, in the same environment.
./jconda run -n "$BENCH_ENV" -- sh -c 'exec java -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
    -cp "$JCONDA_PREFIX/libexec/jconda-server.jar:$CLASSPATH" bench/ModelCost.java "$1" 5' sh "$model" \
    2>"$out/modelcost.err" | tee "$out/modelcost.txt"

png=${csv%.csv}.png
gnuplot <<GNUPLOT
set terminal pngcairo size 1200,460 font "sans,10"
set output "$png"
set datafile separator ","
set key top left
set grid ytics
set xtics 1
set multiplot layout 1,3 title "jconda-server (jconda run serve -w $workers) vs Gunicorn + Flask -w $workers, wrk -t2 -c32 -d$duration, $(nproc) cores, $stamp"
set title "requests/s"
set yrange [0:*]
plot "< grep ^jconda, $csv" using 2:3 with linespoints title "jconda", "< grep ^gunicorn, $csv" using 2:3 with linespoints title "gunicorn"
set title "p99 (ms), and jconda p99.9"
set logscale y
set yrange [*:*]
plot "< grep ^jconda, $csv" using 2:5 with linespoints title "jconda p99", "< grep ^jconda, $csv" using 2:6 with linespoints title "jconda p99.9", "< grep ^gunicorn, $csv" using 2:5 with linespoints title "gunicorn p99"
unset logscale y
set title "jconda: worker CPU µs/request, allocation B/request"
set yrange [0:*]
set y2tics
set y2range [0:*]
plot "< grep ^jconda, $csv" using 2:7 with linespoints title "CPU µs/req", "< grep ^jconda, $csv" using 2:8 axes x1y2 with linespoints title "bytes/req (right)"
unset multiplot
GNUPLOT

echo
echo "jconda run -n $BENCH_ENV serve -w $workers vs gunicorn -w $workers, wrk -t2 -c32 -d$duration x $rounds, $(nproc) cores, $stamp"
column -s, -t "$csv"
echo "model's own cost (in process, one thread): $(tr '\n' ' ' <"$out/modelcost.txt")"
echo "csv: $csv  chart: $png  raw: $out"
