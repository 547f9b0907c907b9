//! Runs one library on one case a given number of times, for counting instructions with
//! callgrind, which gives the same count run after run on a machine too noisy for timings.
//!
//! `scripts/instructions.sh` (in this crate) runs it for every case and library and prints a
//! Markdown table; by hand:
//!
//! ```text
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/instructions chrome_accept conneg 20000
//! ```
//!
//! The count of one negotiation is (count at N runs − count at 0 runs) / N, which removes the
//! start-up and the preparation of the offers.

use std::process::ExitCode;

use conneg_bench::CASES;
use conneg_bench::peers::{Lib, Prepared};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [case, lib, runs] = &args[..] else {
        eprintln!("usage: instructions CASE LIBRARY RUNS");
        return ExitCode::from(2);
    };
    let Some(case) = CASES.into_iter().find(|c| c.name == case) else {
        eprintln!("error: no case {case:?}");
        return ExitCode::from(2);
    };
    let Some(lib) = Lib::ALL.into_iter().find(|l| l.name() == lib) else {
        eprintln!("error: no library {lib:?}");
        return ExitCode::from(2);
    };
    let Ok(runs) = runs.parse::<usize>() else {
        eprintln!("error: RUNS must be a number, not {runs:?}");
        return ExitCode::from(2);
    };
    let prepared = Prepared::new(case);
    for _ in 0..runs {
        if !prepared.run(lib) {
            eprintln!("error: {} does not negotiate {}", lib.name(), case.name);
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
