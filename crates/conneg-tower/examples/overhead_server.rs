//! The middleware's cost under load: one axum server with the same JSON route twice,
//! `/plain` without `NegotiateLayer` and `/negotiated` with it (JSON or HTML, `Vary`,
//! `Content-Type`). `crates/conneg-bench/scripts/middleware-load.sh` loads both with wrk;
//! results in BENCHMARKS.md.
//!
//! `cargo run --release -p conneg-tower --example overhead_server [ADDR]` (default
//! `127.0.0.1:3000`).

use axum::Router;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::serve::ListenerExt;
use conneg_tower::{Format, NegotiateLayer, Negotiated, Representations};

#[derive(serde::Serialize)]
struct Item {
    id: u32,
    name: &'static str,
}

const ITEM: Item = Item {
    id: 7,
    name: "Widget",
};

fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let plain = Router::new().route(
        "/plain",
        get(|| async {
            (
                [(CONTENT_TYPE, "application/json")],
                serde_json::to_vec(&ITEM).unwrap_or_default(),
            )
                .into_response()
        }),
    );
    let negotiated = Router::new()
        .route(
            "/negotiated",
            get(|n: Negotiated| async move {
                n.serialize(&ITEM)
                    .html(|| "<h1>Widget</h1>".into())
                    .into_response()
            }),
        )
        .route_layer(NegotiateLayer::new(Representations::new([
            Format::Json,
            Format::Html,
        ])));
    let app = plain.merge(negotiated);
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
        println!("overhead_server on http://{addr}/plain and /negotiated");
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("overhead_server: {e}");
        }
    });
}
