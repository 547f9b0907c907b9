#!/usr/bin/env bash
# conneg-tower's NegotiateLayer under load: the same small JSON route without a layer, under
# a layer that does nothing (axum's cost of any route layer) and under NegotiateLayer, on one
# axum server (crates/conneg-tower/examples/overhead_server.rs), pinned to core 0, wrk on
# core 1 (-t1 -c32, no pipelining), interleaved rounds, medians printed:
#   bash crates/conneg-bench/scripts/middleware-load.sh [ROUNDS] [SECONDS]
# Needs wrk and taskset. Stops the server it starts, by PID.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
rounds=${1:-5}
seconds=${2:-10}
cd "$(dirname "$0")/../../.."
cargo build -q --release -p conneg-tower --example overhead_server
server=$PWD/target/release/examples/overhead_server
taskset -c 0 "$server" 127.0.0.1:3981 >/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT
wait_for http://127.0.0.1:3981/plain

accept='Accept: application/json'
headers=(-H "$accept" -H 'Accept-Language: en-US,en;q=0.9' -H 'Accept-Encoding: gzip, deflate, br, zstd')
for path in plain identity negotiated; do
  echo "check: /$path: $(curl -s -w ' %{http_code} %{content_type}' "${headers[@]}" "http://127.0.0.1:3981/$path")"
done
# Rounds rotate the order of the three routes, so that a host speeding up or slowing down
# within a round favours none; each round's overheads compare routes measured seconds apart,
# and their median is printed beside the medians of the rates.
paths=(plain identity negotiated)
declare -A results
vs_plain="" vs_identity=""
for round in $(seq "$rounds"); do
  declare -A rate=()
  for i in 0 1 2; do
    path=${paths[$(( (round + i) % 3 ))]}
    read -r rps bad < <(wrk_round "$seconds" "http://127.0.0.1:3981/$path" "${headers[@]}")
    results[$path]+="$rps "
    rate[$path]=$rps
    echo "round $round: /$path: $rps req/s, non-2xx: $bad"
  done
  if [[ ${rate[plain]} =~ ^[0-9]+$ && ${rate[identity]} =~ ^[0-9]+$ && ${rate[negotiated]} =~ ^[0-9]+$ ]]; then
    # In tenths of a percent, as integers for `median`, offset to stay positive.
    vs_plain+="$(( (rate[plain] - rate[negotiated]) * 1000 / rate[plain] + 100000 )) "
    vs_identity+="$(( (rate[identity] - rate[negotiated]) * 1000 / rate[identity] + 100000 )) "
  fi
done
percent() { awk -v m="$1" 'BEGIN { printf "%.1f%%", (m - 100000) / 10 }'; }
spread() {
  local sorted
  sorted=$(tr ' ' '\n' <<<"$1" | grep -E '^[0-9]+$' | sort -n)
  echo "$(percent "$(head -1 <<<"$sorted")") to $(percent "$(tail -1 <<<"$sorted")")"
}
plain=$(median "${results[plain]}")
identity=$(median "${results[identity]}")
negotiated=$(median "${results[negotiated]}")
echo
echo "| route | req/s (median of $rounds x ${seconds}s) |"
echo "|---|---:|"
echo "| without a layer (/plain) | $plain |"
echo "| under a layer that does nothing (/identity) | $identity |"
echo "| with NegotiateLayer (/negotiated) | $negotiated |"
echo
echo "fewer requests per second with NegotiateLayer, median of the rounds (their range):"
echo "  than without a layer: $(percent "$(median "$vs_plain")") ($(spread "$vs_plain"))"
echo "  than under a layer that does nothing: $(percent "$(median "$vs_identity")") ($(spread "$vs_identity"))"
