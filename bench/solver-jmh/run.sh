#!/usr/bin/env bash
# Builds and runs the solver JMH benchmarks (average time per solve, milliseconds) with settings that finish in a
# few minutes on 2 cores: 1 fork, 2 warm-up and 3 measured iterations of 3 s each.
#
# Usage: bench/solver-jmh/run.sh [JMH ARGS...]    e.g. run.sh layered   or   run.sh -p depth=100 deepConflict
#        (arguments go to JMH after the defaults, so they override them; `run.sh -h` lists JMH's options)
# Env:   OFFLINE=1 builds with mvn -o; SKIP_BUILD=1 runs the existing target/benchmarks.jar.
#
# Steps: installs jconda-resolver 0.1.0-SNAPSHOT into ~/.m2 from this checkout (mvn install -pl resolver -am,
# tests neither compiled nor run), packages target/benchmarks.jar, runs it; results also in target/jmh-result.txt.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
jdk=$("$repo/bin/find-jdk")
export JAVA_HOME="$jdk"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
offline=()
[ "${OFFLINE:-0}" = 1 ] && offline=(-o)

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "solver-jmh: installing jconda-resolver from $repo" >&2
  (cd "$repo" && mvn -B -q "${offline[@]}" install -pl resolver -am -Dmaven.test.skip=true)
  echo "solver-jmh: building target/benchmarks.jar" >&2
  (cd "$here" && mvn -B -q "${offline[@]}" package)
fi

cd "$here"
# JMH 1.37 calls sun.misc.Unsafe; JDK 23+ warns unless told to allow it (and JDK 21 does not know the option)
major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")
host=() fork="-Xms2g -Xmx2g"
if [ "${major:-21}" -ge 23 ]; then
  host=(--sun-misc-unsafe-memory-access=allow); fork="$fork --sun-misc-unsafe-memory-access=allow"
fi
state=$(cd "$repo" && git rev-parse --short HEAD 2>/dev/null)$(cd "$repo" && git diff --quiet HEAD -- resolver 2>/dev/null || echo "+uncommitted resolver changes")
echo "solver-jmh: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$jdk/bin/java" -version 2>&1 | head -1), jconda $state" >&2
exec "$jdk/bin/java" "${host[@]}" -jar target/benchmarks.jar -f 1 -wi 2 -i 3 -w 3s -r 3s -jvmArgsAppend "$fork" \
  -rf text -rff target/jmh-result.txt "$@"
