#!/usr/bin/env bash
# Whole-process benchmark of the CI install step: `jconda env create -f jconda-lock.yml --force` from a warm package
# cache, for a lock of about 150 Maven jars plus libtorch (pytorch=2.5 from the pytorch channel, cpu build here),
# next to `mvn -o dependency:copy-dependencies` for the same jars, and JVM start alone.
#
# Usage: bench/create-from-lock.sh [-n RUNS] [-w WORKDIR]      (defaults: 5 runs, bench/.work)
# Env:   BENCH_RUNS, BENCH_WORK (same as -n, -w); JCONDA_JAVA_HOME picks the JDK (else bin/find-jdk's choice).
#
# Everything it writes goes under WORKDIR: the jconda state ($JCONDA_ROOT=WORKDIR/jconda-root, shared with
# lock-spark.sh), Maven's local repository (WORKDIR/m2, shared too), JNA's unpacked library (WORKDIR/xdg-cache) and
# the scratch files (WORKDIR/create-from-lock); ./jconda may rebuild cli/target as it always does.
# The first run downloads about 110 MB of libtorch plus the Spark jars per tool; the timed runs need no network.
set -uo pipefail
export LC_ALL=C

self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
runs=${BENCH_RUNS:-5}
work=${BENCH_WORK:-bench/.work}
while getopts "n:w:h" opt; do
  case $opt in
    n) runs=$OPTARG ;;
    w) work=$OPTARG ;;
    *) sed -n '2,/^set -uo/{/^set -uo/d;s/^# \?//;p}' "$self"; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "create-from-lock: -n wants a positive number, got '$runs'" >&2; exit 2; }

spark=org.apache.spark:spark-sql_2.13:3.5.3
djl=0.32.0
torch=2.5.1
dep_plugin=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
env_name=bench-create-from-lock

jdk=$(bin/find-jdk) || exit 1
export JAVA_HOME="$jdk"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
mkdir -p "$work" && work=$(cd "$work" && pwd)
W="$work/create-from-lock"
rm -rf "$W" && mkdir -p "$W"
export JCONDA_ROOT="$work/jconda-root"
export XDG_CACHE_HOME="$work/xdg-cache"   # where JNA (used by jconda's hardware probe) unpacks its library
m2="$work/m2"
log="$W/log.txt"
: >"$log"

source "$repo/bench/timing.sh"

say "create-from-lock: pytorch=2.5 + $spark, $runs runs each, work dir $work"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "JDK: $jdk ($("$jdk/bin/java" -version 2>&1 | head -1)); $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); jconda commit $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD -- resolver channels cli 2>/dev/null || echo ' + uncommitted changes')"

add_row "JVM start alone (java -version)" - : "$jdk/bin/java" -version

# ---- jconda: lock once, create once (warm-up), then time creates from the lock ----------------------------------
J="$W/jconda"; mkdir -p "$J"
cat >"$J/environment.yml" <<EOF
name: $env_name
channels:
  - pytorch
  - maven-central
dependencies:
  - pytorch=${torch%.*}
  - maven:
      - ${spark%:*}==${spark##*:}
EOF
create() { ./jconda env create -f "$J/jconda-lock.yml" --force "$@"; }
create_guard() { rebuild_guard create; }
say "jconda: lock and warm-up create (untimed; the first time this downloads libtorch, about 110 MB)"
if ./jconda lock -f "$J/environment.yml" >>"$log" 2>&1 && create >>"$log" 2>&1; then
  count=$(grep -c '^ *coordinates:' "$J/jconda-lock.yml")
  natives=$(grep -c '^ *install: native' "$J/jconda-lock.yml")
  prefix="$JCONDA_ROOT/envs/$env_name"
  size=$(du -sm --apparent-size "$prefix" | cut -f1)
  what="$count packages ($natives native), prefix ${size} MB"
  add_row "jconda env create -f jconda-lock.yml --force" "$what" create_guard create
  add_row "jconda env create -f jconda-lock.yml --force --offline" "$what" create_guard create --offline
  echo "  prefix: $(find "$prefix/lib" -maxdepth 1 -name '*.jar' | wc -l) jars in lib/, $(find "$prefix" -type f | wc -l) files, ${size} MB apparent" >>"$log"
else
  echo "jconda FAILED:"; tail -5 "$log" | sed 's/^/  /'
fi

# ---- Maven: the same jars with dependency:copy-dependencies -----------------------------------------------------
M="$W/maven"; mkdir -p "$M"
copy_dir="$M/copied"
IFS=: read -r sg sa sv <<<"$spark"
cat >"$M/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId>
  <artifactId>create-from-lock</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>$sg</groupId><artifactId>$sa</artifactId><version>$sv</version></dependency>
    <dependency><groupId>ai.djl.pytorch</groupId><artifactId>pytorch-engine</artifactId><version>$djl</version></dependency>
    <dependency><groupId>ai.djl.pytorch</groupId><artifactId>pytorch-native-cpu</artifactId><version>$torch</version><classifier>linux-x86_64</classifier></dependency>
    <dependency><groupId>ai.djl.pytorch</groupId><artifactId>pytorch-jni</artifactId><version>$torch-$djl</version></dependency>
  </dependencies>
</project>
EOF
mvn_b() { mvn -B -q -f "$M/pom.xml" -Dmaven.repo.local="$m2" "$@"; }
copy() { mvn_b "$@" "$dep_plugin:copy-dependencies" -DoutputDirectory="$copy_dir"; }
clean_out() { rm -rf "$copy_dir"; }
say "maven: warm-up online copy (untimed)"
if copy >>"$log" 2>&1; then
  what="$(find "$copy_dir" -type f | wc -l) jars, $(du -sm --apparent-size "$copy_dir" | cut -f1) MB"
  add_row "mvn -o -q dependency:copy-dependencies" "$what" clean_out copy -o
else
  echo "maven FAILED:"; tail -5 "$log" | sed 's/^/  /'
fi

run_rows
print_table
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (on $(nproc) cores; above the core count, expect noisy figures)"
echo "note: median of the counted runs, interleaved in rounds; jconda builds a new prefix (jars and native libraries"
echo "      hard-linked from its cache, metadata), Maven copies jars; Maven's output folder is deleted (untimed) before"
echo "      each copy; log: $log"
