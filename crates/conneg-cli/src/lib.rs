//! The `conneg` command: `conneg negotiate` explains a decision, runs a batch of cases
//! (`--jsonl`) or replays recorded traffic (`--replay`); `conneg serve` serves a directory (or
//! the built-in demo) with MultiViews-style negotiation; `conneg check` probes an HTTP
//! endpoint and reports its negotiation bugs.
//!
//! The modules are public so that the tests can run a case through the library exactly as
//! the binary does.

pub mod batch;
pub mod case;
pub mod check;
pub mod replay;
pub mod report;
pub mod serve;
