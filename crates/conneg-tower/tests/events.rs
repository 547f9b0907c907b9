//! The `tracing` events of the middleware: one per refused request, none on the ordinary path.
//! In-process (the subscriber is this thread's), with axum's router as the inner service.

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use conneg::{MediaType, Variant};
use conneg_testkit::events::Events;
use conneg_tower::{NegotiateLayer, Representations};
use http::{Request, StatusCode};
use tower_layer::Layer;
use tower_service::Service;

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
    assert!(events.logged().is_empty());

    assert_eq!(status_of("text/html").await, StatusCode::NOT_ACCEPTABLE);
    // Within the limits but long: logged cut to 512 bytes.
    let wide = format!("text/html, {}", "x/y".repeat(300));
    assert_eq!(status_of(&wide).await, StatusCode::NOT_ACCEPTABLE);
    let long = format!("text/html;q=0.5, {}", "a/b, ".repeat(1000));
    assert_eq!(
        status_of(&long).await,
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
    );

    let logged = events.logged();
    assert_eq!(logged.len(), 3);
    assert_eq!(logged[0].field("status"), "406");
    assert_eq!(logged[0].field("path"), "/item");
    assert_eq!(logged[0].field("accept"), "text/html");
    assert_eq!(logged[0].field("available"), "application/json");
    let cut = logged[1].field("accept");
    assert_eq!(cut.len(), 512 + "...".len());
    assert!(cut.starts_with("text/html, x/yx/y") && cut.ends_with("..."));
    assert_eq!(logged[2].field("status"), "431");
    assert!(logged[2].field("error").starts_with("accept: "));
}

/// The same 406 event from a handler negotiated on its own (`NegotiateHandler`), and none on
/// the ordinary path.
#[tokio::test(flavor = "current_thread")]
async fn a_handler_negotiated_on_its_own_logs_its_refusals() {
    use conneg_tower::NegotiateHandler;
    use tower::ServiceExt;

    let events = Events::default();
    let _guard = tracing::subscriber::set_default(events.clone());
    let json = Representations::new([Variant::new().media_type(MediaType::APPLICATION_JSON)]);
    let app: Router = Router::new().route("/item", get((|| async { "{}" }).negotiate(json)));
    let status = |accept: &'static str| {
        let app = app.clone();
        async move {
            let request = Request::get("/item")
                .header("accept", accept)
                .body(Body::empty())
                .unwrap();
            app.oneshot(request).await.unwrap().status()
        }
    };

    assert_eq!(status("application/json").await, StatusCode::OK);
    assert!(events.logged().is_empty());
    assert_eq!(status("text/html").await, StatusCode::NOT_ACCEPTABLE);
    let logged = events.logged();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].field("status"), "406");
    assert_eq!(logged[0].field("path"), "/item");
    assert_eq!(logged[0].field("accept"), "text/html");
    assert_eq!(logged[0].field("available"), "application/json");
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

    let logged = events.logged();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].field("status"), "415");
    assert_eq!(logged[0].field("method"), "POST");
    assert_eq!(logged[0].field("path"), "/items");
    assert_eq!(logged[0].field("content_type"), "text/plain");
    assert_eq!(
        logged[0].field("accepted"),
        response.headers()["accept"].to_str().unwrap()
    );
}
