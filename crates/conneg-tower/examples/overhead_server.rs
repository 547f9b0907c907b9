//! The cost of negotiation under load: one axum server with the same JSON route five times,
//! `/plain` without negotiation, `/identity` under a route layer that does nothing (axum's
//! cost of any route layer), `/negotiated` with `NegotiateLayer` as a route layer, `/handler`
//! with it on the handler and `/negotiating` negotiated on its own (`NegotiateHandler`): JSON
//! or HTML, `Vary`, `Content-Type`.
//! `crates/conneg-bench/scripts/middleware-load.sh` loads them with wrk; results in
//! BENCHMARKS.md.
//!
//! `cargo run --release -p conneg-tower --example overhead_server [ADDR]` (default
//! `127.0.0.1:3000`).

use axum::serve::ListenerExt;

#[path = "../tests/support/json_route.rs"]
mod json_route;

fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let app = json_route::plain("/plain")
        .merge(json_route::identity("/identity"))
        .merge(json_route::negotiated("/negotiated"))
        .merge(json_route::layer_on_handler("/handler"))
        .merge(json_route::negotiating("/negotiating"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let listener = match tokio::net::TcpListener::bind(&addr).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("overhead_server: cannot listen on {addr}: {e}");
                std::process::exit(2);
            }
        };
        // Without TCP_NODELAY a response written in two pieces waits for a delayed ACK.
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        println!(
            "overhead_server on http://{addr}/plain, /identity, /negotiated, /handler and \
             /negotiating"
        );
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("overhead_server: {e}");
        }
    });
}
