#!/usr/bin/env bash
# conneg-tower's NegotiateLayer under load: the same small JSON route with and without it,
# on one axum server (crates/conneg-tower/examples/overhead_server.rs), pinned to core 0,
# wrk on core 1 (-t1 -c32, no pipelining), interleaved rounds, medians printed:
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
for path in plain negotiated; do
  echo "check: /$path: $(curl -s -w ' %{http_code} %{content_type}' "${headers[@]}" "http://127.0.0.1:3981/$path")"
done
declare -A results
for round in $(seq "$rounds"); do
  for path in plain negotiated; do
    read -r rps bad < <(wrk_round "$seconds" "http://127.0.0.1:3981/$path" "${headers[@]}")
    results[$path]+="$rps "
    echo "round $round: /$path: $rps req/s, non-2xx: $bad"
  done
done
plain=$(median "${results[plain]}")
negotiated=$(median "${results[negotiated]}")
echo
echo "| route | req/s (median of $rounds x ${seconds}s) |"
echo "|---|---:|"
echo "| without the layer (/plain) | $plain |"
echo "| with NegotiateLayer (/negotiated) | $negotiated |"
awk -v p="$plain" -v n="$negotiated" 'BEGIN { printf "overhead: %.1f%% fewer requests per second\n", (p - n) * 100 / p }'
