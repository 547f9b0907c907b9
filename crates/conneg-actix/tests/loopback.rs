//! The middleware and extractors over real loopback sockets, with the shared cases' client:
//! what the items API of the shared list does not show (handlers that label nothing, a
//! `Vary` of their own, 304, language fallback, field lines combined, 400 and 500).

use std::net::SocketAddr;
use std::sync::mpsc;

use actix_web::{App, HttpResponse, HttpServer, web};
use conneg::{Field, LanguageTag, MediaType, Policy, Variant};
use conneg_actix::{Format, Negotiate, Negotiated, Representations};
use conneg_testkit::{Case, Check, assert_cases};

/// A page and its Markdown twin from one handler, which sets a `Vary` of its own and no
/// `Content-Type`: the middleware labels it.
async fn page(n: Negotiated) -> HttpResponse {
    let markdown = n.variant().media_type == Some(MediaType::TEXT_MARKDOWN);
    let body = if markdown {
        "# Hello\n"
    } else {
        "<h1>Hello</h1>\n"
    };
    HttpResponse::Ok()
        .insert_header(("vary", "Origin"))
        .body(body)
}

fn routes(config: &mut web::ServiceConfig) {
    let en = LanguageTag::parse("en").unwrap();
    let de = LanguageTag::parse("de").unwrap();
    let pages = Representations::new([
        Variant::new().media_type(MediaType::TEXT_HTML).language(en),
        Variant::new()
            .media_type(MediaType::TEXT_MARKDOWN)
            .language(en),
        Variant::new().media_type(MediaType::TEXT_HTML).language(de),
    ])
    .policy(Policy::STRICT.fallback_on(Field::AcceptLanguage));
    let item = Negotiate::new(Representations::new([Format::Json]));
    // Two mementos of one resource: 2007-05-31 and 2010-01-01.
    let mementos = Representations::new([1_180_643_700, 1_262_304_000].map(|seconds| {
        Variant::new()
            .media_type(MediaType::APPLICATION_JSON)
            .datetime(conneg::HttpDate::from_unix_seconds(seconds).unwrap())
    }));
    config
        .service(
            web::resource("/page")
                .wrap(Negotiate::new(pages))
                .route(web::get().to(page)),
        )
        .service(
            web::resource("/item")
                .wrap(item.clone())
                .route(web::get().to(|n: Negotiated| async move { n.serialize(&[7]) })),
        )
        .service(
            web::resource("/memento")
                .wrap(Negotiate::new(mementos))
                .route(web::get().to(|n: Negotiated| async move { n.serialize(&n.index()) })),
        )
        .service(
            web::resource("/item/cached")
                .wrap(item)
                .route(web::get().to(|| async { HttpResponse::NotModified().finish() })),
        )
        // The extractor without the middleware: a programming error.
        .route(
            "/forgot",
            web::get().to(|n: Negotiated| async move { n.serialize(&1) }),
        );
}

fn start() -> SocketAddr {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(|| App::new().configure(routes))
                .workers(1)
                .disable_signals()
                .bind("127.0.0.1:0")
                .unwrap();
            tx.send(server.addrs()[0]).unwrap();
            server.run().await.unwrap();
        });
    });
    rx.recv().unwrap()
}

#[tokio::test]
async fn handlers_are_labelled_and_vary_is_merged_on_every_status() {
    let cases = [
        Case::get(
            "Markdown in English, labelled by the middleware",
            "/page",
            200,
        )
        .header("accept", "text/markdown")
        .header("accept-language", "en")
        .expect("content-type", "text/markdown; charset=utf-8")
        .expect("content-language", "en")
        .expect("vary", "Origin, Accept, Accept-Language")
        .check(Check::Contains(vec!["# Hello"])),
        Case::get("language fallback: French is not offered", "/page", 200)
            .header("accept-language", "fr")
            .expect("content-language", "en")
            .expect("vary", "Origin, Accept, Accept-Language")
            .check(Check::Contains(vec!["<h1>Hello</h1>"])),
        Case::get("two field lines are one list", "/page", 200)
            .header("accept-language", "fr;q=0.9")
            .header("accept-language", "de")
            .expect("content-language", "de"),
        Case::get("type stays strict: 406 in text", "/page", 406)
            .header("accept", "application/json")
            .expect("vary", "Accept, Accept-Language")
            .expect("content-type", "text/plain; charset=utf-8")
            .check(Check::Contains(vec!["text/markdown"])),
        Case::get("304: Vary, no Content-Type", "/item/cached", 304)
            .expect("vary", "Accept")
            .absent("content-type")
            .check(Check::Empty),
        Case::get(
            "a malformed Accept-Datetime among mementos: 400",
            "/memento",
            400,
        )
        .header("accept-datetime", "yesterday")
        .expect("cache-control", "no-store")
        .expect("vary", "Accept, Accept-Datetime")
        .check(Check::Contains(vec!["invalid HTTP date"])),
        Case::get("the memento closest to the date asked", "/memento", 200)
            .header("accept-datetime", "Fri, 01 Jan 2010 00:00:00 GMT")
            .check(Check::Contains(vec!["1"])),
        Case::get(
            "a header the resource does not consult is not read",
            "/item",
            200,
        )
        .header("accept-datetime", "yesterday")
        .header("accept-language", "en, ".repeat(2000))
        .expect("vary", "Accept"),
        Case::get("the value as JSON", "/item", 200)
            .expect("content-type", "application/json")
            .check(Check::Contains(vec!["[7]"])),
        Case::get("the extractor without the middleware: 500", "/forgot", 500)
            .absent("vary")
            .check(Check::Contains(vec!["no Negotiate middleware"])),
    ];
    assert_cases(start(), &cases).await;
}
