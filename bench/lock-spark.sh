#!/usr/bin/env bash
# Whole-process benchmark: lock org.apache.spark:spark-sql_2.13:3.5.3 (about 145 modules) from warm caches with
# jconda, with Maven (`mvn -o dependency:resolve` on an equivalent pom) and with Coursier (`coursier resolve`, run
# from a jconda environment), then compare the versions each tool chose. One untimed warm-up run per tool first.
# Then the cold case, as on a fresh CI runner: each tool with an empty cache of its own, timed, and the disk space
# its cache takes afterwards (du); the cold and warm medians go to bench/results/lock-spark-TIME.csv and a chart
# beside it (PNG, gnuplot).
#
# Usage: bench/lock-spark.sh [-n RUNS] [-c COLD_RUNS] [-w WORKDIR]   (defaults: 5 runs, 2 cold runs, bench/.work)
# Env:   BENCH_RUNS, BENCH_COLD_RUNS, BENCH_WORK (same as -n, -c, -w); JCONDA_JAVA_HOME picks the JDK.
#
# Everything it writes goes under WORKDIR: the jconda state ($JCONDA_ROOT=WORKDIR/jconda-root), Maven's local
# repository (WORKDIR/m2), Coursier's cache (WORKDIR/coursier-cache), JNA's unpacked library ($XDG_CACHE_HOME=
# WORKDIR/xdg-cache) and the scratch files (WORKDIR/lock-spark); ./jconda may rebuild cli/target as it always does.
# The first run downloads about 250 MB per tool from Maven Central; later runs are offline for Maven and Coursier.
# Each cold round downloads again: about 250 MB for Maven (it fetches every jar), a few MB for jconda and Coursier.
set -uo pipefail
export LC_ALL=C

self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
runs=${BENCH_RUNS:-5}
cold_runs=${BENCH_COLD_RUNS:-2}
work=${BENCH_WORK:-bench/.work}
while getopts "n:c:w:h" opt; do
  case $opt in
    n) runs=$OPTARG ;;
    c) cold_runs=$OPTARG ;;
    w) work=$OPTARG ;;
    *) sed -n '2,/^set -uo/{/^set -uo/d;s/^# \?//;p}' "$self"; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "lock-spark: -n wants a positive number, got '$runs'" >&2; exit 2; }
[[ "$cold_runs" =~ ^[0-9]+$ ]] || { echo "lock-spark: -c wants a number, got '$cold_runs'" >&2; exit 2; }

root_spec=org.apache.spark:spark-sql_2.13:3.5.3
coursier_spec=io.get-coursier:coursier-cli_2.13:2.1.24
dep_plugin=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

jdk=$(bin/find-jdk) || exit 1
export JAVA_HOME="$jdk"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
mkdir -p "$work" && work=$(cd "$work" && pwd)
W="$work/lock-spark"
rm -rf "$W" && mkdir -p "$W"
export JCONDA_ROOT="$work/jconda-root"
export XDG_CACHE_HOME="$work/xdg-cache"   # where JNA (used by jconda's hardware probe) unpacks its library
export COURSIER_CACHE="$work/coursier-cache"
m2="$work/m2"
log="$W/log.txt"
: >"$log"

last_column=artifacts
source "$repo/bench/timing.sh"

# ---- header -----------------------------------------------------------------------------------------------------
say "lock-spark: $root_spec, $runs runs each, work dir $work"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "JDK: $jdk ($("$jdk/bin/java" -version 2>&1 | head -1)); $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); jconda commit $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD -- resolver channels cli 2>/dev/null || echo ' + uncommitted changes')"

# ---- 0. JVM start alone -----------------------------------------------------------------------------------------
add_row "JVM start alone (java -version)" - : "$jdk/bin/java" -version

# ---- 1. jconda lock ---------------------------------------------------------------------------------------------
J="$W/jconda"; mkdir -p "$J"
cat >"$J/environment.yml" <<EOF
name: bench-lock-spark
channels:
  - maven-central
dependencies:
  - maven:
      - ${root_spec%:*}==${root_spec##*:}
EOF
jlock() { ./jconda lock -f "$J/environment.yml" "$@"; }
fresh_lock() { rm -f "$J/jconda-lock.yml"; rebuild_guard jlock; rm -f "$J/jconda-lock.yml"; }
keep_lock() { rebuild_guard jlock; }
say "jconda: warm-up lock (untimed; fills the descriptor and checksum caches)"
if jlock >>"$log" 2>&1; then
  jconda_count=$(grep -c '^ *coordinates:' "$J/jconda-lock.yml")
  add_row "jconda lock (no previous lock)" "$jconda_count" fresh_lock jlock
  cp "$J/jconda-lock.yml" "$W/jconda-lock.yml"
  add_row "jconda lock --offline (no previous lock)" "$jconda_count" fresh_lock jlock --offline
  add_row "jconda lock (re-lock, previous lock present)" "$jconda_count" keep_lock jlock
else
  echo "jconda lock FAILED:"; tail -5 "$log" | sed 's/^/  /'
fi

# ---- 2. Maven ---------------------------------------------------------------------------------------------------
M="$W/maven"; mkdir -p "$M"
IFS=: read -r sg sa sv <<<"$root_spec"
cat >"$M/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId>
  <artifactId>lock-spark</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>$sg</groupId>
      <artifactId>$sa</artifactId>
      <version>$sv</version>
    </dependency>
  </dependencies>
</project>
EOF
mvn_b() { mvn -B -q -f "$M/pom.xml" -Dmaven.repo.local="$m2" "$@"; }
say "maven: warm-up online run (untimed), then the list of resolved artifacts (untimed)"
if mvn_b "$dep_plugin:resolve" >>"$log" 2>&1 \
   && mvn_b -o "$dep_plugin:list" -DoutputFile="$W/maven-list.txt" -DoutputAbsoluteArtifactFilename=false >>"$log" 2>&1; then
  # lines look like "   g:a:jar[:classifier]:version:scope[ -- module ...]"
  grep -E '^ +[^ :]+:[^ :]+:' "$W/maven-list.txt" | sed 's/^ *//; s/ .*//' >"$W/maven-coords.txt"
  maven_count=$(wc -l <"$W/maven-coords.txt")
  add_row "mvn -o -q dependency:resolve" "$maven_count" : mvn_b -o "$dep_plugin:resolve"
else
  echo "maven FAILED:"; tail -5 "$log" | sed 's/^/  /'
fi

# ---- 3. Coursier, run from a jconda environment -----------------------------------------------------------------
C="$W/coursier"; mkdir -p "$C"
cat >"$C/environment.yml" <<EOF
name: bench-coursier
channels:
  - maven-central
dependencies:
  - maven:
      - ${coursier_spec%:*}==${coursier_spec##*:}
EOF
coursier_note=""
say "coursier: jconda env create bench-coursier ($coursier_spec), untimed"
if ! ./jconda env create -f "$C/environment.yml" --force >>"$log" 2>&1; then
  echo "coursier: creating the environment FAILED:"; tail -5 "$log" | sed 's/^/  /'
elif ! ./jconda run -n bench-coursier -- sh -c 'command -v java; printf "%s\n" "$CLASSPATH"' >"$C/env.txt" 2>>"$log"; then
  echo "coursier: jconda run FAILED:"; tail -5 "$log" | sed 's/^/  /'
else
  cs_java=$(sed -n 1p "$C/env.txt"); cs_cp=$(sed -n 2p "$C/env.txt")
  cs() { "$cs_java" -cp "$cs_cp" coursier.cli.Coursier "$@"; }
  say "coursier: warm-up resolve online (untimed), fills $COURSIER_CACHE"
  if cs resolve "$root_spec" >"$W/coursier-resolve.txt" 2>>"$log"; then
    mode=(--mode offline)
    if ! cs resolve "${mode[@]}" "$root_spec" >"$C/offline-check.txt" 2>>"$log"; then
      mode=(); coursier_note="--mode offline failed here, so the timed Coursier runs use the default mode (cache first, network for what is missing)"
      echo "coursier: $coursier_note"
    fi
    coursier_count=$(grep -c ':' "$W/coursier-resolve.txt")
    cs_via_jconda() { ./jconda run -n bench-coursier -- sh -c 'java -cp "$CLASSPATH" coursier.cli.Coursier resolve "$@"' sh "$@"; }
    run_guard() { rebuild_guard ./jconda run -n bench-coursier -- true; }
    add_row "coursier resolve ${mode[*]} (via jconda run)" "$coursier_count" run_guard cs_via_jconda "${mode[@]}" "$root_spec"
    add_row "coursier resolve ${mode[*]} (java -cp directly)" "$coursier_count" : cs resolve "${mode[@]}" "$root_spec"
    add_row "jconda run -n bench-coursier -- true (run overhead)" - run_guard ./jconda run -n bench-coursier -- true
  else
    echo "coursier: resolve FAILED:"; tail -5 "$log" | sed 's/^/  /'
  fi
fi

run_rows
print_table
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (on $(nproc) cores; above the core count, expect noisy figures)"
if [ -n "$coursier_note" ]; then echo "note: $coursier_note"; fi
echo "note: median of the counted runs, interleaved in rounds; a run during which jconda rebuilt itself is repeated; log: $log"

# ---- cold: empty caches, as on a fresh CI runner ----------------------------------------------------------------
# Each round gives every tool an empty cache of its own (jconda: a new JCONDA_ROOT; Maven: a new local repository,
# so its plugins are downloaded too, as on a fresh runner; Coursier: a new COURSIER_CACHE, the coursier jars
# themselves stay in the warm jconda environment), times one lock, then measures what the cache holds (du -sk).
# Every round's folders are new and are deleted only after the last round: on ext4, files created just after
# thousands were deleted nearby are slow to make (the allocator skips, and reads, recently freed inodes), which a
# fresh runner does not see; deleting the previous round's caches right before a timed run put 1 s of kernel time
# on a cold jconda lock (1.6 s of system CPU instead of 0.6 s). A `sync` (untimed) before each timed run writes the
# previous tool's files out first (Maven leaves 250 MB behind), so that no tool pays for another's writeback.
cold_file="$W/cold.txt"; : >"$cold_file"   # lines: tool seconds kilobytes
if [ "$cold_runs" -gt 0 ]; then
  say "cold: $cold_runs rounds of jconda lock, mvn dependency:resolve, coursier resolve, each with an empty cache"
  echo "load average before the cold rounds: $(cut -d' ' -f1-3 /proc/loadavg)"
  rebuild_guard ./jconda --version
  for ((round = 1; round <= cold_runs; round++)); do
    printf '  cold round %d:' "$round"
    C0="$W/cold/$round"
    mkdir -p "$C0/jconda-root" "$C0/m2" "$C0/coursier"
    rm -f "$J/jconda-lock.yml"
    sync
    if t=$(JCONDA_ROOT="$C0/jconda-root" time_once jlock); then
      kb=$(du -sk "$C0/jconda-root" | cut -f1); echo "jconda $t $kb" >>"$cold_file"; printf ' jconda %ss %sK' "$t" "$kb"
    else printf ' jconda FAILED'; fi
    sync
    if t=$(time_once mvn -B -q -f "$M/pom.xml" -Dmaven.repo.local="$C0/m2" "$dep_plugin:resolve"); then
      kb=$(du -sk "$C0/m2" | cut -f1); echo "maven $t $kb" >>"$cold_file"; printf ' maven %ss %sK' "$t" "$kb"
    else printf ' maven FAILED'; fi
    sync
    if declare -F cs >/dev/null && t=$(COURSIER_CACHE="$C0/coursier" time_once cs resolve "$root_spec"); then
      kb=$(du -sk "$C0/coursier" | cut -f1); echo "coursier $t $kb" >>"$cold_file"; printf ' coursier %ss %sK' "$t" "$kb"
    else printf ' coursier FAILED'; fi
    echo
  done
  rm -rf "$W/cold"
  echo "load average after the cold rounds: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '\n%-58s %8s %8s %8s %5s  %s\n' "cold, empty cache (wall time, seconds)" median min max runs "left on disk (median)"
  printf '%s\n' "$(printf '%.0s-' {1..110})"
  for tool in jconda maven coursier; do
    awk -v t=$tool '$1 == t { print $2 }' "$cold_file" >"$W/cold.$tool.s"
    awk -v t=$tool '$1 == t { print $3 }' "$cold_file" >"$W/cold.$tool.kb"
    [ -s "$W/cold.$tool.s" ] || continue
    read -r med min max < <(stats "$W/cold.$tool.s")
    read -r kb _ < <(stats "$W/cold.$tool.kb")
    printf '%-58s %8s %8s %8s %5s  %.1f MB\n' "$tool" "$med" "$min" "$max" "$(wc -l <"$W/cold.$tool.s")" \
      "$(awk -v k="$kb" 'BEGIN { print k * 1024 / 1e6 }')"
  done
fi

# ---- results file and chart -------------------------------------------------------------------------------------
stamp=$(date -u +%Y%m%dT%H%M%SZ)
csv="$repo/bench/results/lock-spark-$stamp.csv"
mkdir -p "$repo/bench/results"
{
  echo "tool,case,median_s,disk_mb,load_avg_1min_at_end"
  load1=$(cut -d' ' -f1 /proc/loadavg)
  for r in "${rows[@]}"; do
    IFS='|' read -r label med _ <<<"$r"
    case $label in
      "jconda lock (no previous lock)") echo "jconda,warm,$med,,$load1" ;;
      "mvn -o -q dependency:resolve") echo "maven,warm,$med,,$load1" ;;
      "coursier resolve"*"(java -cp directly)") echo "coursier,warm,$med,,$load1" ;;
    esac
  done
  for tool in jconda maven coursier; do
    [ -s "$W/cold.$tool.s" ] || continue
    read -r med _ < <(stats "$W/cold.$tool.s"); read -r kb _ < <(stats "$W/cold.$tool.kb")
    echo "$tool,cold,$med,$(awk -v k="$kb" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }'),$load1"
  done
} >"$csv"
echo "results: $csv"
if command -v gnuplot >/dev/null; then
  png="${csv%.csv}.png"
  awk -F, 'NR > 1 && $2 == "cold" { print $1, $3, $4 }' "$csv" >"$W/chart-cold.dat"
  awk -F, 'NR > 1 && $2 == "warm" { print $1, $3 }' "$csv" >"$W/chart-warm.dat"
  gnuplot <<GP 2>>"$log" && echo "chart: $png"
set terminal pngcairo size 1200,420 font "sans,10" noenhanced
set output "$png"
set multiplot layout 1,3 title "lock of $root_spec ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) at the end, $stamp)"
set style fill solid 0.8 border -1
set boxwidth 0.6
set yrange [0:*]
set grid ytics
unset key
set title "cold lock, empty caches (s)"
plot "$W/chart-cold.dat" using 0:2:xtic(1) with boxes lc rgb "#4878d0", "" using 0:2:(sprintf("%.1f", \$2)) with labels offset 0,0.7
set title "left on disk after the cold lock (MB)"
plot "$W/chart-cold.dat" using 0:3:xtic(1) with boxes lc rgb "#ee854a", "" using 0:3:(sprintf("%.1f", \$3)) with labels offset 0,0.7
set title "warm lock (s, median)"
plot "$W/chart-warm.dat" using 0:2:xtic(1) with boxes lc rgb "#6acc64", "" using 0:2:(sprintf("%.2f", \$2)) with labels offset 0,0.7
unset multiplot
GP
fi

# ---- versions: jconda vs Coursier (and Maven) -------------------------------------------------------------------
# Each tool's list as "group:artifact version" lines, one per artifact, classifiers dropped: `coursier resolve`
# prints no classifiers, so two classified jars of one version are one line there.
versions() {  # versions KIND FILE
  case $1 in
    jconda) sed -n 's/^ *coordinates: *//p' "$2" | awk -F: '{ print $1 ":" $2 " " $NF }' ;;
    coursier) awk -F: 'NF >= 3 { print $1 ":" $2 " " $3 }' "$2" ;;
    maven) awk -F: '{ print $1 ":" $2 " " (NF >= 6 ? $5 : $4) }' "$2" ;;
  esac | sort -u | awk '{ if ($1 in v) v[$1] = v[$1] "," $2; else v[$1] = $2 } END { for (k in v) print k, v[k] }' | sort
}
if [ -f "$W/jconda-lock.yml" ] && [ -f "$W/coursier-resolve.txt" ]; then
  versions jconda "$W/jconda-lock.yml" >"$W/v-jconda.txt"
  versions coursier "$W/coursier-resolve.txt" >"$W/v-coursier.txt"
  if [ -f "$W/maven-coords.txt" ]; then versions maven "$W/maven-coords.txt" >"$W/v-maven.txt"; else : >"$W/v-maven.txt"; fi
  join -a1 -a2 -e - -o 0,1.2,2.2 "$W/v-jconda.txt" "$W/v-coursier.txt" \
    | join -a1 -e - -o 1.1,1.2,1.3,2.2 - "$W/v-maven.txt" \
    | awk '$2 "" != $3 ""' >"$W/differences.txt"
  echo
  echo "versions: jconda $(wc -l <"$W/v-jconda.txt") group:artifact, Coursier $(wc -l <"$W/v-coursier.txt"), Maven $(wc -l <"$W/v-maven.txt") (classifiers merged)"
  if [ -s "$W/differences.txt" ]; then
    echo "where jconda and Coursier differ (- = absent; Maven's choice beside them):"
    printf '  %-58s %-26s %-16s %s\n' group:artifact jconda coursier maven
    awk '{ printf "  %-58s %-26s %-16s %s\n", $1, $2, $3, $4 }' "$W/differences.txt"
  else
    echo "jconda and Coursier chose the same versions."
  fi
  classified=$(sed -n 's/^ *coordinates: *//p' "$W/jconda-lock.yml" | awk -F: 'NF == 5 { print "  " $0 }')
  if [ -n "$classified" ]; then
    echo "jconda's classified artifacts (Coursier's resolve output has no classifiers):"; echo "$classified"
  fi
fi
exit 0
