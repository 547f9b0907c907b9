#!/usr/bin/env bash
# conneg-tower's negotiation under load: the same small JSON route without negotiation,
# under a layer that does nothing (axum's cost of any route layer), under NegotiateLayer as a
# route layer, with NegotiateLayer on the handler (`Handler::layer`) and with the handler
# negotiated on its own (`NegotiateHandler::negotiate`), on one axum server (crates/conneg-tower/examples/overhead_server.rs), pinned to core 0, wrk on
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
paths=(plain identity negotiated handler negotiating)
for path in "${paths[@]}"; do
  echo "check: /$path: $(curl -s -w ' %{http_code} %{content_type}' "${headers[@]}" "http://127.0.0.1:3981/$path")"
done
# Rounds rotate the order of the routes, so that a host speeding up or slowing down
# within a round favours none (exactly so when ROUNDS is a multiple of 5); each round's
# overheads compare routes measured seconds apart,
# and their median is printed beside the medians of the rates.
declare -A results
vs_plain="" vs_identity="" handler_vs_plain="" own_vs_plain=""
# How many fewer requests per second route $2 had than route $1 this round, in tenths of a
# percent, as an integer for `median`, offset to stay positive.
fewer() { echo "$(( (rate[$1] - rate[$2]) * 1000 / rate[$1] + 100000 )) "; }
for round in $(seq "$rounds"); do
  declare -A rate=()
  for i in "${!paths[@]}"; do
    path=${paths[$(( (round + i) % ${#paths[@]} ))]}
    read -r rps bad < <(wrk_round "$seconds" "http://127.0.0.1:3981/$path" "${headers[@]}")
    results[$path]+="$rps "
    rate[$path]=$rps
    echo "round $round: /$path: $rps req/s, non-2xx: $bad"
  done
  # Only rounds in which every route answered (a rate of 0 would divide by zero).
  measured=yes
  for path in "${paths[@]}"; do
    [[ ${rate[$path]} =~ ^[1-9][0-9]*$ ]] || measured=no
  done
  if [[ $measured == yes ]]; then
    vs_plain+=$(fewer plain negotiated)
    vs_identity+=$(fewer identity negotiated)
    handler_vs_plain+=$(fewer plain handler)
    own_vs_plain+=$(fewer plain negotiating)
  fi
done
# "n/a" when no round measured all the routes.
percent() { if [[ -z $1 ]]; then echo "n/a"; else awk -v m="$1" 'BEGIN { printf "%.1f%%", (m - 100000) / 10 }'; fi; }
spread() {
  local sorted
  sorted=$(tr ' ' '\n' <<<"$1" | { grep -E '^[0-9]+$' || true; } | sort -n)
  echo "$(percent "$(head -1 <<<"$sorted")") to $(percent "$(tail -1 <<<"$sorted")")"
}
plain=$(median "${results[plain]}")
identity=$(median "${results[identity]}")
negotiated=$(median "${results[negotiated]}")
handler=$(median "${results[handler]}")
negotiating=$(median "${results[negotiating]}")
echo
echo "| route | req/s (median of $rounds x ${seconds}s) |"
echo "|---|---:|"
echo "| without negotiation (/plain) | $plain |"
echo "| under a layer that does nothing (/identity) | $identity |"
echo "| NegotiateLayer as a route layer (/negotiated) | $negotiated |"
echo "| NegotiateLayer on the handler (/handler) | $handler |"
echo "| negotiated on its own, NegotiateHandler (/negotiating) | $negotiating |"
echo
echo "fewer requests per second, median of the rounds (their range):"
echo "  route layer, than without negotiation: $(percent "$(median "$vs_plain")") ($(spread "$vs_plain"))"
echo "  route layer, than under a layer that does nothing: $(percent "$(median "$vs_identity")") ($(spread "$vs_identity"))"
echo "  layer on the handler, than without negotiation: $(percent "$(median "$handler_vs_plain")") ($(spread "$handler_vs_plain"))"
echo "  negotiated on its own, than without negotiation: $(percent "$(median "$own_vs_plain")") ($(spread "$own_vs_plain"))"
