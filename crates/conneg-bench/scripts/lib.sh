# Shared by the measuring scripts here (sourced, not run).

# One wrk round pinned to core 1 (-t1 -c32, no pipelining): prints "REQ_PER_SEC NON_2XX".
# Usage: wrk_round SECONDS URL [wrk options, e.g. -H 'Accept: ...']
wrk_round() {
  local seconds=$1 url=$2 out
  shift 2
  # wrk exits non-zero when it cannot connect: that round reads "failed" too.
  out=$(taskset -c 1 wrk -t1 -c32 -d"${seconds}s" "$@" "$url") || true
  # A round wrk could not measure reads "failed", which `median` leaves out.
  printf '%s %s\n' "$(awk '/Requests\/sec/ {print int($2)}' <<<"$out" | grep . || echo failed)" \
    "$(awk '/Non-2xx/ {print $NF}' <<<"$out" | grep . || echo 0)"
}

# The median of the numbers among space-separated words.
# Prints nothing when there is none.
median() { tr ' ' '\n' <<<"$1" | { grep -E '^[0-9]+$' || true; } | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Waits until URL answers, up to SECONDS (10 by default).
# Usage: wait_for URL [SECONDS]
wait_for() {
  for _ in $(seq "$(( ${2:-10} * 10 ))"); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "no answer from $1" >&2
  return 1
}

# The instructions callgrind counts for a command (valgrind prints them on stderr).
# Usage: callgrind_count COMMAND [ARGS...]
callgrind_count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 \
    | awk '/Collected|refs:/ { gsub(",", "", $NF); print $NF; exit }'
}
