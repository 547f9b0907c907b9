#!/usr/bin/env bash
# Instructions per negotiation (parse + choose) for every case and library, counted by
# callgrind: (count at N runs - count at 0 runs) / N. Prints a Markdown table.
# Usage, from the workspace root: bash crates/conneg-bench/scripts/instructions.sh [N]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-20000}
cargo build -q -p conneg-bench --release --bin instructions
bin=target/release/instructions
count() { callgrind_count "$bin" "$@"; }
libs=(conneg conneg-choose negotiator headers-accept accept-header actix-web fluent-langneg accept-language)
printf '| case |'; printf ' %s |' "${libs[@]}"; printf '\n|---|'; printf -- '---:|%.0s' "${libs[@]}"; printf '\n'
for case in chrome_accept json_accept star_accept ranges_30 accept_language accept_encoding; do
    printf '| %s |' "$case"
    for lib in "${libs[@]}"; do
        if base=$(count "$case" "$lib" 0) && [ -n "$base" ] && "$bin" "$case" "$lib" 1 2>/dev/null; then
            full=$(count "$case" "$lib" "$runs")
            printf ' %s |' $(( (full - base) / runs ))
        else
            printf ' |'
        fi
    done
    printf '\n'
done
