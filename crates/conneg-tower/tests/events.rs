//! The `tracing` events of the middleware: one per refused request, none on the ordinary path.
//! In-process (the subscriber is this thread's), with axum's router as the inner service.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use conneg::{MediaType, Variant};
use conneg_tower::{NegotiateLayer, Representations};
use http::{Request, StatusCode};
use tower_layer::Layer;
use tower_service::Service;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// The fields of one event, by name.
type Logged = Vec<(String, String)>;

/// Records the fields of every event of target `conneg`.
#[derive(Clone, Default)]
struct Events(Arc<Mutex<Vec<Logged>>>);

struct Fields(Vec<(String, String)>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl Subscriber for Events {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        if event.metadata().target() == "conneg" {
            let mut fields = Fields(Vec::new());
            event.record(&mut fields);
            self.0.lock().unwrap().push(fields.0);
        }
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

async fn status_of(accept: &str) -> StatusCode {
    let json = Representations::new([Variant::new().media_type(MediaType::APPLICATION_JSON)]);
    let inner = Router::new().route("/item", get(|| async { "{}" }));
    let mut service = NegotiateLayer::new(json).layer(inner);
    std::future::poll_fn(|cx| Service::<Request<Body>>::poll_ready(&mut service, cx))
        .await
        .unwrap();
    let request = Request::get("/item")
        .header("accept", accept)
        .body(Body::empty())
        .unwrap();
    service.call(request).await.unwrap().status()
}

#[tokio::test(flavor = "current_thread")]
async fn refusals_are_logged_and_the_ordinary_path_is_not() {
    let events = Events::default();
    let _guard = tracing::subscriber::set_default(events.clone());

    assert_eq!(status_of("application/json").await, StatusCode::OK);
    assert_eq!(status_of("*/*").await, StatusCode::OK);
    assert!(events.0.lock().unwrap().is_empty());

    assert_eq!(status_of("text/html").await, StatusCode::NOT_ACCEPTABLE);
    // Within the limits but long: logged cut to 512 bytes.
    let wide = format!("text/html, {}", "x/y".repeat(300));
    assert_eq!(status_of(&wide).await, StatusCode::NOT_ACCEPTABLE);
    let long = format!("text/html;q=0.5, {}", "a/b, ".repeat(1000));
    assert_eq!(
        status_of(&long).await,
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
    );

    let logged = events.0.lock().unwrap();
    assert_eq!(logged.len(), 3);
    let field = |event: &[(String, String)], name: &str| {
        event
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(field(&logged[0], "status"), "406");
    assert_eq!(field(&logged[0], "path"), "/item");
    assert_eq!(field(&logged[0], "accept"), "text/html");
    assert_eq!(field(&logged[0], "available"), "application/json");
    let cut = field(&logged[1], "accept");
    assert_eq!(cut.len(), 512 + "...".len());
    assert!(cut.starts_with("text/html, x/yx/y") && cut.ends_with("..."));
    assert_eq!(field(&logged[2], "status"), "431");
    assert!(field(&logged[2], "error").starts_with("accept: "));
}

#[tokio::test(flavor = "current_thread")]
async fn unsupported_content_is_logged() {
    let events = Events::default();
    let _guard = tracing::subscriber::set_default(events.clone());
    let mut app = Router::new().route(
        "/items",
        axum::routing::post(|_: conneg_tower::Content<serde_json::Value>| async { "created" }),
    );
    let request = Request::post("/items")
        .header("content-type", "text/plain")
        .body(Body::from("hello"))
        .unwrap();
    let response = app.call(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let logged = events.0.lock().unwrap();
    assert_eq!(logged.len(), 1);
    let field = |name: &str| {
        logged[0]
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(field("status"), "415");
    assert_eq!(field("method"), "POST");
    assert_eq!(field("path"), "/items");
    assert_eq!(field("content_type"), "text/plain");
    assert_eq!(
        field("accepted"),
        response.headers()["accept"].to_str().unwrap()
    );
}
