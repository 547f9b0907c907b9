#!/usr/bin/env bash
# Instructions per request of the in-process overhead benchmark (conneg-tower's benches/
# overhead.rs), counted by callgrind: (count at N requests - count at none) / N, for the
# route without and with NegotiateLayer, with a JSON and Chrome's Accept. Prints a table.
#   bash crates/conneg-bench/scripts/middleware-instructions.sh [N]     (needs valgrind)
set -euo pipefail
runs=${1:-2000}
cd "$(dirname "$0")/../../.."
cargo bench -q -p conneg-tower --bench overhead --no-run
bin=$(ls -t target/release/deps/overhead-* | grep -v '\.d$' | head -1)
count() {
    OVERHEAD_RUNS=$1 OVERHEAD_ROUTE=$2 OVERHEAD_ACCEPT=$3 \
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" 2>&1 \
        | awk '/refs:/ { gsub(",", "", $NF); print $NF; exit }'
}
echo "| Accept | without the layer | with the layer | added |"
echo "|---|---:|---:|---:|"
for accept in json chrome; do
    for route in plain negotiated; do
        base=$(count 0 $route $accept)
        full=$(count "$runs" $route $accept)
        declare "n_$route=$(( (full - base) / runs ))"
    done
    echo "| $accept | $n_plain | $n_negotiated | $(( n_negotiated - n_plain )) |"
done
