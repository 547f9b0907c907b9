//! The small JSON route that the cost of negotiation is measured on: without it, with
//! `NegotiateLayer` (on the route or on the handler), negotiated on its own
//! (`NegotiateHandler`), and under a layer that does nothing:
//! shared by the allocation test (`tests/allocations.rs`), the in-process benchmark
//! (`benches/overhead.rs`) and the load-test server (`examples/overhead_server.rs`), which
//! include this file by path, so that all three measure the same thing.

use axum::Router;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
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

/// The item as JSON at `path`, with its `Content-Type` and nothing negotiated.
pub(crate) fn plain(path: &str) -> Router {
    Router::new().route(
        path,
        get(|| async {
            (
                [(CONTENT_TYPE, "application/json")],
                serde_json::to_vec(&ITEM).unwrap_or_default(),
            )
                .into_response()
        }),
    )
}

/// [`plain`] under a route layer that does nothing: what axum adds for any route layer (the
/// route boxed once more), which is not the middleware's own cost.
pub(crate) fn identity(path: &str) -> Router {
    plain(path).route_layer(tower_layer::layer_fn(|s| s))
}

/// The negotiated handler: the item as JSON, or as HTML, serialized in the chosen format.
async fn item(n: Negotiated) -> Response {
    n.serialize(&ITEM)
        .html(|| "<h1>Widget</h1>".into())
        .into_response()
}

/// The item's representations: JSON (the default) or HTML.
fn representations() -> Representations {
    Representations::new([Format::Json, Format::Html])
}

/// The item's layer.
fn layer() -> NegotiateLayer {
    NegotiateLayer::new(representations())
}

/// The item at `path` under `NegotiateLayer` as a route layer.
pub(crate) fn negotiated(path: &str) -> Router {
    Router::new().route(path, get(item)).route_layer(layer())
}

/// The same, with the layer on the handler (`Handler::layer`) rather than on the route: axum
/// does not box the route a second time, as it does for any route layer.
pub(crate) fn layer_on_handler(path: &str) -> Router {
    use axum::handler::Handler;
    Router::new().route(path, get(item.layer(layer())))
}

/// The same, negotiated on the handler without a tower layer (`NegotiateHandler::negotiate`).
pub(crate) fn negotiating(path: &str) -> Router {
    use conneg_tower::NegotiateHandler;
    Router::new().route(path, get(item.negotiate(representations())))
}
