//! What negotiation adds to a request, in process: the same JSON route through axum with
//! and without it (negotiation, the outcome handed to the handler, `Vary`, `Content-Type`):
//! `NegotiateLayer` on the route (`route_layer`) or on the handler (`Handler::layer`), and
//! the handler negotiated on its own (`NegotiateHandler::negotiate`).
//!
//! `cargo bench -p conneg-tower --bench overhead`; results in BENCHMARKS.md.

use std::hint::black_box;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use criterion::Criterion;
use tower::ServiceExt;

#[path = "../tests/support/json_route.rs"]
mod json_route;

const CHROME: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

fn request(accept: &str) -> Request<Body> {
    Request::builder()
        .uri("/item")
        .header("accept", accept)
        .header("accept-language", "en-US,en;q=0.9")
        .header("accept-encoding", "gzip, deflate, br, zstd")
        .body(Body::empty())
        .unwrap()
}

/// The route without negotiation, with the layer on the route, with it on the handler, and
/// negotiated on its own.
fn apps() -> [Router; 4] {
    [
        json_route::plain("/item"),
        json_route::negotiated("/item"),
        json_route::layer_on_handler("/item"),
        json_route::negotiating("/item"),
    ]
}

fn overhead(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let [plain, negotiated, on_handler, negotiating] = apps();
    // All answer, and as expected, before anything is timed.
    runtime.block_on(async {
        let r = plain
            .clone()
            .oneshot(request("application/json"))
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        for app in [&negotiated, &on_handler, &negotiating] {
            let r = app
                .clone()
                .oneshot(request("application/json"))
                .await
                .unwrap();
            assert_eq!(r.headers()["vary"], "Accept");
            assert_eq!(r.headers()["content-type"], "application/json");
        }
    });
    let mut group = c.benchmark_group("json_route");
    for (name, accept) in [("application/json", "application/json"), ("chrome", CHROME)] {
        group.bench_function(format!("without layer/{name}"), |b| {
            b.to_async(&runtime).iter(|| async {
                black_box(plain.clone().oneshot(request(accept)).await.unwrap())
            });
        });
        group.bench_function(format!("with layer/{name}"), |b| {
            b.to_async(&runtime).iter(|| async {
                black_box(negotiated.clone().oneshot(request(accept)).await.unwrap())
            });
        });
        group.bench_function(format!("with layer on the handler/{name}"), |b| {
            b.to_async(&runtime).iter(|| async {
                black_box(on_handler.clone().oneshot(request(accept)).await.unwrap())
            });
        });
        group.bench_function(format!("negotiated handler/{name}"), |b| {
            b.to_async(&runtime).iter(|| async {
                black_box(negotiating.clone().oneshot(request(accept)).await.unwrap())
            });
        });
    }
    group.finish();
}

/// With `OVERHEAD_RUNS=N` (and `OVERHEAD_ROUTE=plain|identity|negotiated|handler|negotiating`,
/// `OVERHEAD_ACCEPT=json|chrome`),
/// sends N requests to one route and exits, for counting instructions under callgrind
/// (`crates/conneg-bench/scripts/middleware-instructions.sh`), which a loaded host does not
/// blur as it does times.
fn count_runs() -> bool {
    let Ok(runs) = std::env::var("OVERHEAD_RUNS") else {
        return false;
    };
    let runs: usize = runs.parse().expect("OVERHEAD_RUNS: a number");
    let accept = match std::env::var("OVERHEAD_ACCEPT").as_deref() {
        Ok("chrome") => CHROME,
        _ => "application/json",
    };
    let [plain, negotiated, on_handler, negotiating] = apps();
    let app = match std::env::var("OVERHEAD_ROUTE").as_deref() {
        Ok("negotiated") => negotiated,
        Ok("handler") => on_handler,
        Ok("negotiating") => negotiating,
        Ok("identity") => json_route::identity("/item"),
        Ok("plain") | Err(_) => plain,
        Ok(other) => panic!(
            "OVERHEAD_ROUTE: plain, identity, negotiated, handler or negotiating, not {other}"
        ),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        for _ in 0..runs {
            let r = app.clone().oneshot(request(accept)).await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
        }
    });
    true
}

/// With `OVERHEAD_ROUNDS=R` (and `OVERHEAD_RUNS=N`, default 20,000), times the four routes
/// interleaved, round after round, N requests each per round, and prints the fastest round of
/// each and the differences: on a host whose speed drifts within a minute, criterion's rows,
/// one after the other, compare two machines (the same method as conneg-bench's
/// `select_ratio`).
fn interleaved() -> bool {
    let Ok(rounds) = std::env::var("OVERHEAD_ROUNDS") else {
        return false;
    };
    let rounds: u32 = rounds.parse().expect("OVERHEAD_ROUNDS: a number");
    let runs: u32 = std::env::var("OVERHEAD_RUNS")
        .map_or(Ok(20_000), |n| n.parse())
        .expect("OVERHEAD_RUNS: a number");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let [plain, negotiated, on_handler, negotiating] = apps();
    for (name, accept) in [("application/json", "application/json"), ("chrome", CHROME)] {
        let time = |app: &Router| {
            runtime.block_on(async {
                let start = std::time::Instant::now();
                for _ in 0..runs {
                    black_box(app.clone().oneshot(request(accept)).await.unwrap());
                }
                start.elapsed().as_secs_f64() * 1e9 / f64::from(runs)
            })
        };
        let [mut without, mut with, mut handler, mut own] = [f64::INFINITY; 4];
        for _ in 0..rounds {
            without = without.min(time(&plain));
            with = with.min(time(&negotiated));
            handler = handler.min(time(&on_handler));
            own = own.min(time(&negotiating));
        }
        println!(
            "{name}: without negotiation {without:.0} ns; layer on the route {with:.0} ns, \
             added {:.0} ns; layer on the handler {handler:.0} ns, added {:.0} ns; \
             negotiated handler {own:.0} ns, added {:.0} ns",
            with - without,
            handler - without,
            own - without
        );
    }
    true
}

fn main() {
    if interleaved() || count_runs() {
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    overhead(&mut c);
    c.final_summary();
}
