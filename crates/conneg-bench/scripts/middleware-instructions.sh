#!/usr/bin/env bash
# Instructions per request of the in-process overhead benchmark (conneg-tower's benches/
# overhead.rs), counted by callgrind: (count at N requests - count at none) / N, for the
# route without a layer, under one that does nothing, under NegotiateLayer as a route layer,
# with NegotiateLayer on the handler (`Handler::layer`) and with the handler negotiated on its
# own (`NegotiateHandler::negotiate`), with a JSON and Chrome's Accept.
# Prints a table.
#   bash crates/conneg-bench/scripts/middleware-instructions.sh [N]     (needs valgrind)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-2000}
cd "$(dirname "$0")/../../.."
cargo bench -q -p conneg-tower --bench overhead --no-run
bin=$(ls -t target/release/deps/overhead-* | grep -v '\.d$' | head -1)
count() { OVERHEAD_RUNS=$1 OVERHEAD_ROUTE=$2 OVERHEAD_ACCEPT=$3 callgrind_count "$bin"; }
# `identity` is the route under a layer that does nothing: axum's cost of any route layer.
echo "| Accept | without negotiation | under a layer that does nothing | route layer | layer on the handler | negotiated handler | added: route layer | added: layer on the handler | added: negotiated handler | route layer, beyond axum's |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for accept in json chrome; do
    for route in plain identity negotiated handler negotiating; do
        base=$(count 0 $route $accept)
        full=$(count "$runs" $route $accept)
        declare "n_$route=$(( (full - base) / runs ))"
    done
    echo "| $accept | $n_plain | $n_identity | $n_negotiated | $n_handler | $n_negotiating | $(( n_negotiated - n_plain )) | $(( n_handler - n_plain )) | $(( n_negotiating - n_plain )) | $(( n_negotiated - n_identity )) |"
done

# The whole server's user-space instructions per request over loopback: the example server
# (crates/conneg-tower/examples/overhead_server.rs) under callgrind, counters zeroed after a
# warm-up, N requests on one keep-alive connection from curl, counters dumped. Kernel work
# (the socket calls) is not counted: the layer's share of the real time is below this one.
cargo build -q --release -p conneg-tower --example overhead_server
out=$(mktemp -d)
valgrind --tool=callgrind --callgrind-out-file="$out/cg.%p" \
    target/release/examples/overhead_server 127.0.0.1:3983 >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$out"' EXIT
wait_for http://127.0.0.1:3983/plain 20  # slower to start under valgrind
headers=(-H 'Accept: application/json' -H 'Accept-Language: en-US,en;q=0.9' -H 'Accept-Encoding: gzip, deflate, br, zstd')
server_count() {
    local config="$out/curl.$1"
    for _ in $(seq "$runs"); do
        printf 'url = "http://127.0.0.1:3983/%s"\noutput = "/dev/null"\n' "$1"
    done >"$config"
    curl -s "${headers[@]}" -K "$config"
    callgrind_control -z $pid >/dev/null 2>&1
    curl -s "${headers[@]}" -K "$config"
    callgrind_control -d $pid >/dev/null 2>&1
    local dump
    dump=$(ls -t "$out"/cg.$pid.* | head -1)
    awk -v n="$runs" '/^(summary|totals):/ { print int($2 / n); exit }' "$dump"
}
plain=$(server_count plain)
identity=$(server_count identity)
negotiated=$(server_count negotiated)
handler=$(server_count handler)
negotiating=$(server_count negotiating)
added() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%d (%.1f%%)", a - b, (a - b) * 100 / b }'; }
echo
echo "| server, Accept: application/json | without negotiation | under a layer that does nothing | route layer | layer on the handler | negotiated handler | added: route layer | added: layer on the handler | added: negotiated handler | route layer, beyond axum's |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
echo "| instructions per request | $plain | $identity | $negotiated | $handler | $negotiating | $(added "$negotiated" "$plain") | $(added "$handler" "$plain") | $(added "$negotiating" "$plain") | $(added "$negotiated" "$identity") |"
