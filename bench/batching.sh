#!/usr/bin/env bash
# Dynamic batching on a model where it matters: the 784-2048-2048-10 MLP (bench/mlp/make_mlp.py, ~23 MB, generated
# into bench/.work/mlp on first use; MODEL=sample takes the 4-16-3 sample model instead), served three ways in one
# run with 2 workers each: jconda-server without
# batching, jconda-server with --max-batch-size 16 --max-batch-delay 2, and the seed's Gunicorn + Flask app. Each
# gets a closed-loop wrk run (throughput, p50, p99) and a fixed-rate hey run (latency at a rate all can carry).
# Writes bench/results/batching-MODEL-DATE.csv and a chart bench/results/batching-MODEL-DATE.png (gnuplot).
#
# Usage: bench/batching.sh [WORKERS] [DURATION]     (defaults: 2 workers, 15s)
# Env:   VIA=jconda|java (see bench/lib/server.sh)  RATE=20 (hey's total req/s: below what every server carries on a busy 2-core machine)  PORT=18300  ANCHOR_DIR=../shared/bench-anchors/gunicorn beside the checkout
# Needs: wrk hey gnuplot gunicorn python3-flask python3-torch (apt-get install -y ...)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
workers=${1:-2}
duration=${2:-15s}
rate=${RATE:-20}
port=${PORT:-18300}
# The shared folder sits beside the checkout (or beside the folder of worktrees).
anchor_dir=${ANCHOR_DIR:-$(ls -d "$repo/../shared/bench-anchors/gunicorn" "$repo/../../shared/bench-anchors/gunicorn" \
    2>/dev/null | head -1 || true)}
[ -f "$anchor_dir/app.py" ] || { echo "batching.sh: no Gunicorn anchor app (set ANCHOR_DIR)" >&2; exit 1; }
model_kind=${MODEL:-mlp}
out=$(mktemp -d "${TMPDIR:-/tmp}/jconda-batching.XXXXXX")
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=bench/results
mkdir -p "$results"
for tool in wrk hey gnuplot gunicorn; do
    command -v $tool >/dev/null || { echo "batching.sh: $tool is missing (apt-get install -y $tool)" >&2; exit 1; }
done

. bench/lib/server.sh
if [ "$model_kind" = sample ]; then
    model=samples/model-serving/model.pt request=samples/model-serving/request.json width=4 title="sample MLP 4-16-3"
    rate=${RATE:-200}
else
    work=bench/.work/mlp
    [ -f "$work/model.pt" ] || /usr/bin/python3 bench/mlp/make_mlp.py "$work" >&2
    model=$work/model.pt request=$work/request.json width=784 title="MLP 784-2048-2048-10"
fi
export REQUEST_JSON=$request
lua=bench/serve-predict.lua
hey_clients=4

measure() { # name url: wrk warm-up, wrk, hey; appends a CSV row
    local name=$1 url=$2 rps p50 p99 hp50 hp99
    wrk -t2 -c32 -d5s -s "$lua" "$url" >/dev/null
    wrk -t2 -c32 -d"$duration" --latency -s "$lua" "$url" >"$out/$name.wrk"
    hey -z 10s -c "$hey_clients" -q $((rate / hey_clients)) -m POST -T application/json -D "$request" "$url" \
        >"$out/$name.hey"
    rps=$(awk '/Requests\/sec/ {print $2}' "$out/$name.wrk")
    p50=$(awk '$1 == "50%" {print $2}' "$out/$name.wrk" | to_ms)
    p99=$(awk '$1 == "99%" {print $2}' "$out/$name.wrk" | to_ms)
    hp50=$(awk '$1 == "50%" && $2 == "in" {print $3 * 1000}' "$out/$name.hey")
    hp99=$(awk '$1 == "99%" && $2 == "in" {print $3 * 1000}' "$out/$name.hey")
    echo "$name,$rps,$p50,$p99,$hp50,$hp99,$(rss_mib "$3")" >>"$csv"
    grep -E "Socket errors|Non-2xx" "$out/$name.wrk" >&2 || true
}
to_ms() { # wrk latency (123.45us, 1.23ms, 1.02s) to milliseconds
    sed -E 's/([0-9.]+)us/\1 0.001/; s/([0-9.]+)ms/\1 1/; s/([0-9.]+)s$/\1 1000/' | awk '{printf "%.2f", $1 * $2}'
}
rss_mib() { # mean VmRSS (MiB) of the children of $1
    local total=0 n=0 kb c
    for c in $(pgrep -P "$1" || true); do
        kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$c/status" 2>/dev/null || echo 0)
        total=$((total + kb)); n=$((n + 1))
    done
    [ "$n" -gt 0 ] && echo $((total / n / 1024)) || echo 0
}

csv=$results/batching-$model_kind-$stamp.csv
echo "server,wrk_req_per_s,wrk_p50_ms,wrk_p99_ms,hey_p50_ms,hey_p99_ms,rss_mib_per_worker" >"$csv"
for mode in off on; do
    flags=()
    [ "$mode" = on ] && flags=(--max-batch-size 16 --max-batch-delay 2)
    start_server "$out/jconda-$mode.log" "$workers" "$port" --model "$model" --warmup-shape "1,$width" "${flags[@]}"
    curl -sf -H 'Content-Type: application/json' --data @"$request" "127.0.0.1:$port/predict" >"$out/first-$mode.json" \
        || { echo "jconda-server did not answer; log:" >&2; cat "$out/jconda-$mode.log" >&2; exit 1; }
    measure "jconda batching $mode" "http://127.0.0.1:$port/predict" "$server"
    curl -s "127.0.0.1:$port/metrics" | grep -E '^jconda_batch_size_(sum|count)' >"$out/batches-$mode.txt" || true
    stop_server
done

start_gunicorn "$out/gunicorn.log" $((port + 1)) "$anchor_dir" "$model" "$request"
trap 'kill -TERM $gunicorn 2>/dev/null || true' EXIT
measure "gunicorn + flask" "http://127.0.0.1:$((port + 1))/predict" "$gunicorn"
kill -TERM "$gunicorn"; wait "$gunicorn" 2>/dev/null || true
trap - EXIT

png=$results/batching-$model_kind-$stamp.png
gnuplot <<GNUPLOT
set terminal pngcairo size 1200,460 font "sans,10"
set xtics nomirror rotate by -12
set output "$png"
set datafile separator ","
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key top right
set grid ytics
set multiplot layout 1,2 title "$title, $workers workers (via $via), $(nproc) cores, $stamp"
set title "closed loop (wrk -t2 -c32 -d$duration): requests/s"
plot "$csv" using 2:xtic(1) every ::1 title "req/s"
set title "latency, ms: wrk p50/p99, and at a fixed $rate req/s (hey) p50/p99"
set logscale y
plot "$csv" using 3:xtic(1) every ::1 title "wrk p50", "" using 4 every ::1 title "wrk p99", \
     "" using 5 every ::1 title "fixed-rate p50", "" using 6 every ::1 title "fixed-rate p99"
unset multiplot
GNUPLOT

echo
echo "$title, $workers workers, via $via, $(nproc) cores, $stamp, load average $(cut -d' ' -f1-3 /proc/loadavg)"
column -s, -t "$csv"
echo "jconda batches (batching on): $(tr '\n' ' ' <"$out/batches-on.txt")"
echo "csv: $csv  chart: $png  raw: $out"
