#!/usr/bin/env bash
# Cold install: `jconda env create` of the default environment (environment.yml at the root: the model server,
# libtorch from the pytorch channel, slf4j) from its lock into an empty JCONDA_ROOT, beside downloading the same
# files with curl in parallel (`curl --parallel`, 16 at once), which is the floor: jconda downloads the same bytes,
# checks each against the lock, unpacks libtorch and links the prefix.
#
# Usage: bench/create-cold.sh [-n RUNS] [-w WORKDIR] [-r MB_PER_S] [-k]     (defaults: 3 runs, bench/.work, Central)
# Env:   BENCH_RUNS, BENCH_WORK (same as -n, -w); JCONDA_JAVA_HOME picks the JDK (else bin/find-jdk's choice).
#
# -r MB_PER_S: both tools download from a local mirror on 127.0.0.1 (bench/lib/throttled_mirror.py) that sends
# through one link of that many megabytes a second, shared by all connections, as a runner's network would, instead
# of from Maven Central through this machine's proxy (about 400 MB/s, faster than unpacking libtorch). The mirror
# holds the lock's files, downloaded once, untimed; the lock's urls are rewritten to it (checksums unchanged).
#
# -k: keep every run's folders until the end instead of deleting the previous run's before each run (untimed). On
# this machine, writing into memory not freed a moment before can cost ten times the kernel time (dd of 700 MB to a
# new file: 0.15 s, or 1.3-1.9 s once 2 GB of new files are kept or the machine is in that state anyway; see
# bench/README.md, sixth to eighth rounds), so kept folders slow every later run that writes much; a create writes
# 550 MB, curl 114 MiB.
#
# Writes under WORKDIR only: the lock's jconda state (WORKDIR/jconda-root, shared with the other scripts), JNA's
# library (WORKDIR/xdg-cache) and WORKDIR/create-cold (a new JCONDA_ROOT and a curl folder per run, the lock, log).
# Every run downloads the environment's files twice (jconda, curl): about 2 x 120 MB.
set -uo pipefail
export LC_ALL=C

self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
runs=${BENCH_RUNS:-3}
work=${BENCH_WORK:-bench/.work}
rate=""
keep=""
while getopts "n:w:r:kh" opt; do
  case $opt in
    n) runs=$OPTARG ;;
    w) work=$OPTARG ;;
    r) rate=$OPTARG ;;
    k) keep=1 ;;
    *) sed -n '2,/^set -uo/{/^set -uo/d;s/^# \?//;p}' "$self"; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "create-cold: -n wants a positive number, got '$runs'" >&2; exit 2; }
[[ -z "$rate" || "$rate" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "create-cold: -r wants MB/s, got '$rate'" >&2; exit 2; }

jdk=$(bin/find-jdk) || exit 1
export JAVA_HOME="$jdk"
mkdir -p "$work" && work=$(cd "$work" && pwd)
W="$work/create-cold"
rm -rf "$W" && mkdir -p "$W"
export JCONDA_ROOT="$work/jconda-root"
export XDG_CACHE_HOME="$work/xdg-cache"
log="$W/log.txt"
: >"$log"
source "$repo/bench/timing.sh"

say "create-cold: the default environment (environment.yml), $runs runs each, work dir $work"
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); jconda commit $(git rev-parse --short HEAD 2>/dev/null)"

lock="$W/jconda-lock.yml"
say "jconda: lock the default environment (untimed)"
rebuild_guard ./jconda --version
if ! ./jconda lock -f environment.yml -o "$lock" >>"$log" 2>&1; then
  echo "lock FAILED:"; tail -5 "$log" | sed 's/^/  /'; exit 1
fi
# the files env create downloads: every http(s) url: of the lock (a JDK found on this machine has a path, not a URL)
sed -n 's/^ *url: *"\{0,1\}\(https\{0,1\}:[^"]*\)"\{0,1\}$/\1/p' "$lock" >"$W/urls.txt"
if [ -n "$rate" ]; then
  mirror="$work/create-cold-mirror"
  mkdir -p "$mirror"
  while read -r u; do
    [ -s "$mirror/$(basename "$u")" ] || curl -sSfL -o "$mirror/$(basename "$u")" "$u" || { echo "mirror: cannot fetch $u"; exit 1; }
  done <"$W/urls.txt"
  rm -f "$W/port"
  python3 bench/lib/throttled_mirror.py "$mirror" "$rate" "$W/port" &
  mirror_pid=$!
  trap 'kill $mirror_pid 2>/dev/null' EXIT
  for _ in $(seq 100); do [ -s "$W/port" ] && break; sleep 0.05; done
  [ -s "$W/port" ] || { echo "mirror: did not start"; exit 1; }
  base="http://127.0.0.1:$(cat "$W/port")/"
  # the lock with the mirror's urls beside the one from Central, which stays as it was locked
  sed "s#https://repo.maven.apache.org/maven2/#${base}maven2/#" "$lock" >"$W/jconda-lock-mirror.yml"
  lock="$W/jconda-lock-mirror.yml"
  sed -i "s#^https://repo.maven.apache.org/maven2/#${base}maven2/#" "$W/urls.txt"
  echo "  from a local mirror at $base, one link of $rate MB/s shared by all connections"
fi
# one untimed create first: the launcher makes `env`'s class-data archive at the end of the first run after a build,
# which would otherwise be the first timed round
say "jconda: one create (untimed; makes the launcher's class-data archive for env if it has none)"
if ! JCONDA_ROOT="$W/warm-up" ./jconda env create -f "$lock" --force >>"$log" 2>&1; then
  echo "create FAILED:"; tail -5 "$log" | sed 's/^/  /'; exit 1
fi
rm -rf "$W/warm-up"
files=$(wc -l <"$W/urls.txt")
bytes=$(sed -n 's/^ *size: *//p' "$lock" | awk '{ s += $1 } END { print s }')
echo "  $files files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB to download"

# untimed before each run: the previous run's folders deleted (unless -k), new empty ones, and `sync`, so that no run
# waits on the writing back of the previous one's files (curl leaves 114 MiB to write, a create 550 MB with libtorch
# unpacked) nor pays for the page cache they hold (see -k). lock-spark.sh keeps its rounds' folders instead: a lock
# writes thousands of small files, and on ext4 files made just after thousands were deleted nearby are slow to
# make; a create writes a few dozen.
fresh_n=0
fresh() {
  fresh_n=$((fresh_n + 1))
  [ -n "$keep" ] || rm -rf "$W/runs"
  cold_root="$W/runs/root-$fresh_n"; curl_dir="$W/runs/curl-$fresh_n"
  mkdir -p "$cold_root" "$curl_dir"; sync
}
jcreate() { JCONDA_ROOT="$cold_root" ./jconda env create -f "$lock" --force; }
curl_all() {
  local args=() u
  while read -r u; do args+=(-o "$curl_dir/$(basename "$u")" "$u"); done <"$W/urls.txt"
  curl -sSfL --parallel --parallel-max 16 "${args[@]}"
}
add_row "jconda env create -f jconda-lock.yml (empty JCONDA_ROOT)" "$files files" fresh jcreate
add_row "curl --parallel --parallel-max 16 (the same files)" "$files files" fresh curl_all
run_rows
print_table
rm -rf "$W/runs"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (on $(nproc) cores)"
IFS='|' read -r _ jmed _ <<<"${rows[0]}"; IFS='|' read -r _ cmed _ <<<"${rows[1]}"
echo "jconda / curl: $(awk -v j="$jmed" -v c="$cmed" 'BEGIN { printf "%.2f", j / c }') (target: at most 1.2)"
echo "note: rounds interleave the two; each run starts from new empty folders, after a sync (both untimed)$([ -n "$keep" ] && echo ", every run's folders kept until the end (-k)" || echo ", the previous run's deleted"); log: $log"
