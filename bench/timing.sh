# Timing helpers shared by the whole-process benchmarks (sourced, not run). The caller sets: W (its scratch folder),
# log (its log file), runs (rounds); optionally last_column (the title of the table's last column).
say() { printf '%s\n' "$*"; printf '\n### %s\n' "$*" >>"$log"; }

# ---- timing ---------------------------------------------------------------------------------------------------
# time_once CMD...: runs CMD (output to the log), prints its wall time in seconds; the status is CMD's.
time_once() {
  local TIMEFORMAT=%3R _out _rc
  _out=$( { time "$@" >>"$log" 2>&1; } 2>&1 ); _rc=$?
  printf '%s\n' "${_out##*$'\n'}"
  return $_rc
}

# stats FILE: "median min max" of the numbers in FILE, one a line.
stats() {
  sort -g "$1" | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "- - -"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.3f %.3f %.3f\n", m, v[1], v[NR] }'
}

rows=()   # "label|median|min|max|runs|info", filled by run_rows
row_label=() row_info=() row_pre=() row_cmd=()
# add_row LABEL INFO PRE CMD...: registers a timed command; PRE (a shell function or `:`) runs untimed before each run.
add_row() { row_label+=("$1"); row_info+=("$2"); row_pre+=("$3"); shift 3; row_cmd+=("$(printf '%q ' "$@")"); }
# run_rows: $runs rounds, each timing every registered command once, in order, so that a change in the machine's
# load during the benchmark hits every command alike. A run that fails, or during which the jconda CLI was rebuilt
# (other work changed its sources), is not counted and is tried again, at most twice more in that round.
run_rows() {
  local n=${#row_label[@]} round i try t stamp med min max
  say "timing: $n commands, $runs rounds, each command once per round"
  for ((i = 0; i < n; i++)); do
    : >"$W/times.$i"
    printf '  [%d] %s\n' $((i + 1)) "${row_label[i]}"
    echo "  [$((i + 1))] ${row_cmd[i]}" >>"$log"
  done
  for ((round = 1; round <= runs; round++)); do
    printf '  round %d:' "$round"
    for ((i = 0; i < n; i++)); do
      for ((try = 1; try <= 3; try++)); do
        ${row_pre[i]}
        stamp=$(jar_stamp)
        if t=$(eval "time_once ${row_cmd[i]}"); then
          if [ "$stamp" = "$(jar_stamp)" ]; then
            echo "$t" >>"$W/times.$i"; printf ' [%d] %s' $((i + 1)) "$t"; break
          fi
          printf ' [%d] (rebuilt, again)' $((i + 1))
        else
          printf ' [%d] (failed, see the log)' $((i + 1))
        fi
      done
    done
    echo
  done
  for ((i = 0; i < n; i++)); do
    read -r med min max < <(stats "$W/times.$i")
    rows+=("${row_label[i]}|$med|$min|$max|$(wc -l <"$W/times.$i")|${row_info[i]}")
  done
}

print_table() {
  printf '\n%-58s %8s %8s %8s %5s  %s\n' "what (wall time, seconds)" median min max runs "${last_column:-result}"
  printf '%s\n' "$(printf '%.0s-' {1..110})"
  local r label med min max n a
  for r in "${rows[@]}"; do
    IFS='|' read -r label med min max n a <<<"$r"
    printf '%-58s %8s %8s %8s %5s  %s\n' "$label" "$med" "$min" "$max" "$n" "$a"
  done
}

# ---- the jconda launcher rebuilds itself when sources change; keep that out of the timed runs -------------------
jar_stamp() { stat -c '%Y.%s' cli/target/jconda.jar 2>/dev/null || echo none; }
jconda_stale() {
  [ -f cli/target/jconda.jar ] && [ -f server/target/jconda-server.jar ] || return 0
  [ -n "$(find pom.xml cli resolver channels server -path '*/target' -prune -o -type f \
            \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
            -newer cli/target/jconda.jar -print -quit 2>/dev/null)" ]
}
# The untimed run that absorbs a rebuild is the measured command itself: should the launcher's class-data archive
# (cli/target/jconda.jsa) be made afresh after the rebuild, it then holds that command's classes.
rebuild_guard() { if jconda_stale; then printf " (untimed rebuild)"; "$@" >>"$log" 2>&1; fi; }
