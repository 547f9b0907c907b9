# Shared by the measuring scripts here (sourced, not run).

# One wrk round pinned to core 1 (-t1 -c32, no pipelining): prints "REQ_PER_SEC NON_2XX".
# Usage: wrk_round SECONDS URL [wrk options, e.g. -H 'Accept: ...']
wrk_round() {
  local seconds=$1 url=$2 out
  shift 2
  out=$(taskset -c 1 wrk -t1 -c32 -d"${seconds}s" "$@" "$url")
  printf '%s %s\n' "$(awk '/Requests\/sec/ {print int($2)}' <<<"$out")" \
    "$(awk '/Non-2xx/ {print $NF}' <<<"$out" | grep . || echo 0)"
}

# The median of space-separated numbers.
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# The instructions callgrind counts for a command (valgrind prints them on stderr).
# Usage: callgrind_count COMMAND [ARGS...]
callgrind_count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 \
    | awk '/Collected|refs:/ { gsub(",", "", $NF); print $NF; exit }'
}
