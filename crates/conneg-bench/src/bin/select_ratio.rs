//! Times the rows of `benches/select.rs` (parse alone; parse + `negotiate`; parse +
//! `Resource::negotiate`) interleaved, round after round, and prints the fastest round of each
//! and the ratios to the parse. On a shared machine whose speed drifts by 2x within a minute,
//! two criterion runs one after the other compare two machines; interleaving compares the
//! rows on the same one.
//!
//! `cargo run --release -p conneg-bench --bin select_ratio [ROUNDS] [RUNS_PER_ROUND]`

use std::process::ExitCode;
use std::time::Instant;

use conneg_bench::select::{
    EXPECTED, parse_and_negotiate, parse_and_negotiate_prepared, parse_only, resource, variants,
};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: u32| args.get(i).map_or(Ok(default), |a| a.parse::<u32>());
    let (Ok(rounds @ 1..), Ok(runs @ 1..)) = (number(0, 30), number(1, 100_000)) else {
        eprintln!("usage: select_ratio [ROUNDS] [RUNS_PER_ROUND]  (both positive numbers)");
        return ExitCode::from(2);
    };
    let variants = variants();
    let resource = resource(&variants);
    if parse_and_negotiate(&variants) != Some(EXPECTED)
        || parse_and_negotiate_prepared(&resource) != Some(EXPECTED)
    {
        eprintln!("error: the negotiation chose the wrong variant");
        return ExitCode::FAILURE;
    }
    let time = |f: &dyn Fn()| {
        let start = Instant::now();
        for _ in 0..runs {
            f();
        }
        start.elapsed().as_secs_f64() * 1e9 / f64::from(runs)
    };
    let (mut parse, mut both, mut prepared) = (f64::INFINITY, f64::INFINITY, f64::INFINITY);
    for _ in 0..rounds {
        parse = parse.min(time(&|| {
            parse_only();
        }));
        both = both.min(time(&|| {
            parse_and_negotiate(&variants);
        }));
        prepared = prepared.min(time(&|| {
            parse_and_negotiate_prepared(&resource);
        }));
    }
    println!("parse 4 headers:                                  {parse:8.1} ns");
    println!("parse 4 headers + negotiate 8 variants:           {both:8.1} ns");
    println!("parse 4 headers + Resource::negotiate 8 variants: {prepared:8.1} ns");
    println!(
        "ratio, negotiate:                                 {:8.2}",
        both / parse
    );
    println!(
        "ratio, Resource::negotiate:                       {:8.2}",
        prepared / parse
    );
    ExitCode::SUCCESS
}
