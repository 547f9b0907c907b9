//! What the middleware costs a request in heap allocations, counted by a counting global
//! allocator: the same JSON route through axum under a layer that does nothing and under
//! `NegotiateLayer` as a route layer, and without a layer, with `NegotiateLayer` on the
//! handler and with the handler negotiated on its own (`NegotiateHandler`). The header values
//! are built once, with the `Representations`; what the layer leaves per request is the
//! outcome's place in the request's extensions, where it travels to the handler. A handler
//! negotiated on its own gets it without them: no allocation at all.
//!
//! The counter is per thread; the runtime is a current-thread one, so the whole request runs
//! on this thread.

// Implementing `GlobalAlloc` needs `unsafe`; this file only forwards to `System`.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

#[path = "support/json_route.rs"]
mod json_route;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged; counting
// touches only a const-initialised thread-local `Cell`, which does not allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: forwarded unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn request() -> Request<Body> {
    Request::builder()
        .uri("/item")
        .header("accept", "text/html;q=0.5, application/json")
        .header("accept-language", "en-US,en;q=0.9")
        .header("accept-encoding", "gzip, deflate, br, zstd")
        .body(Body::empty())
        .unwrap()
}

/// The allocations of one request to `app`, and its response's status and headers.
fn allocations(runtime: &tokio::runtime::Runtime, app: &Router) -> (usize, http::HeaderMap) {
    runtime.block_on(async {
        let app = app.clone();
        let request = request();
        let before = ALLOCATIONS.with(Cell::get);
        let response = app.oneshot(request).await.unwrap();
        let count = ALLOCATIONS.with(Cell::get) - before;
        assert_eq!(response.status(), StatusCode::OK);
        (count, response.headers().clone())
    })
}

#[test]
fn negotiation_adds_at_most_the_outcome_in_the_extensions() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let negotiated = json_route::negotiated("/item");
    let on_handler = json_route::layer_on_handler("/item");
    let negotiating = json_route::negotiating("/item");
    // Once each first: lazily built state (tracing's callsites, the runtime's) is not the
    // request's.
    allocations(&runtime, &negotiated);
    allocations(&runtime, &on_handler);
    allocations(&runtime, &negotiating);

    // axum's cost of any route layer (its boxing), which is not the middleware's.
    let identity = json_route::identity("/item");
    allocations(&runtime, &identity);
    let plain = json_route::plain("/item");
    allocations(&runtime, &plain);

    // The boxed outcome in the extensions, and the growth of their map: as a route layer,
    // beyond what a layer that does nothing costs; on the handler, beyond no layer at all.
    // A handler negotiated on its own adds none: no extensions, and the header values were
    // built with the representations.
    for (app, form, base, base_name, added) in [
        (
            &negotiated,
            "as a route layer",
            &identity,
            "a layer that does nothing",
            2,
        ),
        (&on_handler, "on the handler", &plain, "no layer", 2),
        (&negotiating, "negotiated on its own", &plain, "no layer", 0),
    ] {
        let (without, _) = allocations(&runtime, base);
        let (with, headers) = allocations(&runtime, app);
        assert_eq!(headers["content-type"], "application/json", "{form}");
        assert_eq!(headers["vary"], "Accept", "{form}");
        assert!(
            with <= without + added,
            "{form}, the negotiation added {} allocations ({without} with {base_name}, {with} with it)",
            with.saturating_sub(without)
        );
    }
}
