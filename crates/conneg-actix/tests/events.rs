//! The `tracing` events: one per refused request or unsupported content, none on the ordinary
//! path. In-process (actix-web's test service runs on this thread, where the subscriber is).

use actix_web::http::StatusCode;
use actix_web::test::{TestRequest, call_service, init_service};
use actix_web::{App, web};
use conneg_actix::{Content, Format, Negotiate, Negotiated, Representations};
use conneg_testkit::events::Events;

#[actix_web::test]
async fn refusals_and_unsupported_content_are_logged_and_the_ordinary_path_is_not() {
    let events = Events::default();
    let _guard = tracing::subscriber::set_default(events.clone());
    let app = init_service(
        App::new().service(
            web::resource("/items")
                .wrap(Negotiate::new(Representations::new([Format::Json])))
                .route(web::get().to(|n: Negotiated| async move { n.serialize(&[1]) }))
                .route(
                    web::post()
                        .to(|Content(v): Content<Vec<u32>>| async move { format!("{}", v.len()) }),
                ),
        ),
    )
    .await;
    let status = |request: TestRequest| {
        let app = &app;
        async move { call_service(app, request.to_request()).await.status() }
    };

    let get = |accept: &str| {
        TestRequest::get()
            .uri("/items")
            .insert_header(("accept", accept.to_owned()))
    };
    assert_eq!(status(get("application/json")).await, StatusCode::OK);
    assert_eq!(status(get("*/*")).await, StatusCode::OK);
    let post = TestRequest::post()
        .uri("/items")
        .insert_header(("content-type", "application/json"))
        .set_payload("[1, 2]");
    assert_eq!(status(post).await, StatusCode::OK);
    assert!(events.logged().is_empty());

    assert_eq!(status(get("text/html")).await, StatusCode::NOT_ACCEPTABLE);
    let long = format!("text/html;q=0.5, {}", "a/b, ".repeat(1000));
    assert_eq!(
        status(get(&long)).await,
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
    );
    let post = TestRequest::post()
        .uri("/items")
        .insert_header(("content-type", "text/plain"))
        .set_payload("hello");
    assert_eq!(status(post).await, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let logged = events.logged();
    assert_eq!(logged.len(), 3, "{logged:?}");
    assert_eq!(logged[0].field("status"), "406");
    assert_eq!(logged[0].field("method"), "GET");
    assert_eq!(logged[0].field("path"), "/items");
    assert_eq!(logged[0].field("accept"), "text/html");
    assert_eq!(logged[0].field("available"), "application/json");
    assert_eq!(logged[1].field("status"), "431");
    assert!(logged[1].field("error").starts_with("accept: "));
    assert_eq!(logged[2].field("status"), "415");
    assert_eq!(logged[2].field("content_type"), "text/plain");
    assert!(logged[2].field("accepted").contains("application/json"));
}
