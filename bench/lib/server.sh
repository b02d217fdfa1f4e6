# Sourced by the server benchmarks (serve.sh, attack.sh) from the repository root, with $out set to a scratch
# folder: finds a JDK >= 25, builds server/target/jconda-server.jar when its sources are newer, and sets $jar and
# $deps (the runtime classpath: DJL, the PyTorch engine, the libtorch native jar, slf4j).

# A JDK of version 25 or newer, found by version under /usr/lib/jvm (the server uses FFM and Java 25 features).
find_jdk() {
    local best="" best_version=0 dir version
    for dir in /usr/lib/jvm/*/; do
        dir=${dir%/}
        [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
        version=$("$dir/bin/java" -XshowSettings:properties -version 2>&1 \
            | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
        if [ -n "$version" ] && [ "$version" -ge 25 ] && [ "$version" -gt "$best_version" ]; then
            best=$dir best_version=$version
        fi
    done
    [ -n "$best" ] || { echo "bench: no JDK >= 25 under /usr/lib/jvm" >&2; exit 1; }
    echo "$best"
}
export JAVA_HOME=${JAVA_HOME_25:-$(find_jdk)}
export PATH=$JAVA_HOME/bin:$PATH

jar=server/target/jconda-server.jar
if [ ! -f "$jar" ] || [ -n "$(find server/src -newer "$jar" -type f | head -1)" ]; then
    echo "building $jar ..." >&2
    mvn -q -B -f server/pom.xml package -DskipTests >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
fi
if [ -n "${SERVER_CP:-}" ]; then
    deps=$(cat "$SERVER_CP")
else
    # DJL api + PyTorch engine + JNI + the libtorch native jar + slf4j: what jconda puts on the environment's classpath.
    mvn -q -B -f server/pom.xml dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.excludeGroupIds=org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian \
        -Dmdep.outputFile="$out/classpath.txt" >"$out/cp.log" 2>&1 || { cat "$out/cp.log" >&2; exit 1; }
    deps=$(cat "$out/classpath.txt")
fi


# How the server is started: VIA=jconda (the default: `jconda run -n ENV serve`, what users run, in an environment
# made from environment.yml under JCONDA_ROOT=bench/.work/jconda-root) or VIA=java (the jar and $deps by hand).
via=${VIA:-jconda}
bench_env=${BENCH_ENV:-model-serving-bench}
if [ "$via" = jconda ]; then
    export JCONDA_ROOT=${JCONDA_ROOT:-$PWD/bench/.work/jconda-root}
    if [ ! -d "$JCONDA_ROOT/envs/$bench_env" ]; then
        echo "creating the environment $bench_env from environment.yml ..." >&2
        ./jconda env create -f environment.yml -n "$bench_env" >"$out/env-create.log" 2>&1 \
            || { cat "$out/env-create.log" >&2; exit 1; }
    fi
fi

# start_server LOG WORKERS PORT FLAGS...: starts jconda-server in the background, sets $server to the master's pid
# (stopped with TERM when the script exits), waits until WORKERS workers are ready.
start_server() {
    local log=$1 n=$2 p=$3 pid=""
    shift 3
    if [ "$via" = jconda ]; then
        ./jconda run -n "$bench_env" serve -w "$n" -b "127.0.0.1:$p" "$@" >"$log" 2>&1 &
        runner=$!
        # jconda run starts the master as its child: take its pid from its first log line.
        for _ in $(seq 240); do
            pid=$(sed -n 's/.*Listening at: http[^ ]* (\([0-9]*\)).*/\1/p' "$log" | head -1)
            [ -n "$pid" ] && break
            kill -0 "$runner" 2>/dev/null || { cat "$log" >&2; exit 1; }
            sleep 0.5
        done
        server=$pid
    else
        DJL_OFFLINE=true java --enable-native-access=ALL-UNNAMED -cp "$jar:$deps" dev.jconda.server.Main \
            -w "$n" -b "127.0.0.1:$p" "$@" >"$log" 2>&1 &
        server=$!
        runner=$server
    fi
    trap 'kill -TERM $server 2>/dev/null || true' EXIT
    for _ in $(seq 120); do
        curl -sf "127.0.0.1:$p/ready" >/dev/null && [ "$(pgrep -c -P "$server")" -ge "$n" ] && break
        sleep 0.5
    done
}

# stop_server: TERM to the master, then wait for it (and for jconda run) to exit.
stop_server() {
    kill -TERM "$server" 2>/dev/null || true
    while kill -0 "$server" 2>/dev/null; do
        sleep 0.2
    done
    wait "$runner" 2>/dev/null || true
    trap - EXIT
}

# start_gunicorn LOG PORT ANCHOR_DIR MODEL REQUEST: the seed's Gunicorn + Flask app with $workers workers in the
# background, sets $gunicorn to its pid, waits until it answers REQUEST.
start_gunicorn() {
    MODEL=$(realpath "$4") OMP_NUM_THREADS=1 setsid gunicorn -w "$workers" -b "127.0.0.1:$2" app:app \
        --chdir "$3" >"$1" 2>&1 &
    gunicorn=$!
    for _ in $(seq 60); do
        curl -sf -H 'Content-Type: application/json' --data @"$5" "127.0.0.1:$2/predict" >/dev/null && break
        sleep 1
    done
}
