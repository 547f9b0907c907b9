//! Counts the heap allocations of one negotiation (parse + choose) for cases 1 to 6 and every
//! library, and prints them as a Markdown table.
//!
//! `cargo run -p conneg-bench --release --bin allocations`
//!
//! Each library runs once to warm up (one-time initialisation is not counted), then
//! [`RUNS`] times; a cell is the count divided by [`RUNS`]. Reallocations (a `Vec` growing)
//! are counted apart and shown as `+N realloc`.

// A counting `#[global_allocator]` is an `unsafe impl GlobalAlloc`. The workspace lints deny
// unsafe code; this file alone allows it, and uses it only to forward to `System`.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use conneg_bench::CASES;
use conneg_bench::peers::{Lib, Prepared};

/// Negotiations per cell.
const RUNS: usize = 100;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static REALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, counting the calls that obtain memory.
struct Counting;

// SAFETY: every method forwards to `System` with the arguments it was given, so `System`'s
// guarantees are this allocator's; the counters are atomics and never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which `System` shares.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        REALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by this allocator, that is by `System`, with `layout`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by this allocator, that is by `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn counts() -> (usize, usize) {
    (
        ALLOCATIONS.load(Ordering::Relaxed),
        REALLOCATIONS.load(Ordering::Relaxed),
    )
}

/// `n / RUNS`, as an integer when it is one.
#[allow(clippy::cast_precision_loss, reason = "small counts")]
fn per_run(n: usize) -> String {
    if n.is_multiple_of(RUNS) {
        (n / RUNS).to_string()
    } else {
        format!("{:.2}", n as f64 / RUNS as f64)
    }
}

/// The cell of `lib` on `p`: allocations per negotiation, or `–` when unsupported.
fn cell(p: &Prepared, lib: Lib) -> String {
    // Warm-up, and the check that `lib` negotiates this header at all.
    if !p.run(lib) {
        return "–".to_owned();
    }
    let (a0, r0) = counts();
    for _ in 0..RUNS {
        p.run(lib);
    }
    let (a1, r1) = counts();
    let (allocations, reallocations) = (a1 - a0, r1 - r0);
    if reallocations == 0 {
        per_run(allocations)
    } else {
        format!(
            "{} +{} realloc",
            per_run(allocations),
            per_run(reallocations)
        )
    }
}

fn main() {
    let prepared: Vec<Prepared> = CASES.into_iter().map(Prepared::new).collect();
    println!(
        "Heap allocations per negotiation (parse + choose), mean of {RUNS} runs after one warm-up."
    );
    println!(
        "actix-web: parse + ranked() + our glue for Accept and Accept-Language; \
         native negotiate for Accept-Encoding."
    );
    println!();
    print!("| case | bytes |");
    for lib in Lib::ALL {
        print!(" {} |", lib.name());
    }
    println!();
    println!("|---|---:|{}", "---:|".repeat(Lib::ALL.len()));
    for p in &prepared {
        print!("| {} | {} |", p.case.name, p.case.header.len());
        for lib in Lib::ALL {
            // Counted inside `cell`, before anything is printed.
            let cell = cell(p, lib);
            print!(" {cell} |");
        }
        println!();
    }
}
