//! Variant selection (issue 3's target): Chrome's navigation headers against 8 variants
//! across type, language and coding (by `negotiate`, and by a `Resource` prepared once),
//! beside the parsing of those headers alone. The target is selection within 2x of parsing.
//!
//! Run with `cargo bench -p conneg-bench --bench select`. On a noisy machine, prefer
//! `cargo run --release -p conneg-bench --bin select_ratio`, which interleaves the two rows.

#![forbid(unsafe_code)]

use conneg_bench::select::{
    EXPECTED, parse_and_negotiate, parse_and_negotiate_prepared, parse_only, resource, variants,
};
use criterion::Criterion;

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let variants = variants();
    // The answer, checked before timing.
    assert_eq!(parse_and_negotiate(&variants), Some(EXPECTED));
    let resource = resource(&variants);
    assert_eq!(parse_and_negotiate_prepared(&resource), Some(EXPECTED));

    let mut g = c.benchmark_group("select");
    g.bench_function("parse 4 headers", |b| b.iter(parse_only));
    g.bench_function("parse 4 headers + negotiate 8 variants", |b| {
        b.iter(|| parse_and_negotiate(&variants));
    });
    g.bench_function("parse 4 headers + Resource::negotiate 8 variants", |b| {
        b.iter(|| parse_and_negotiate_prepared(&resource));
    });
    g.finish();
    c.final_summary();
}
