//! The middleware and the axum glue over real loopback sockets, with hyper's client.

use std::net::SocketAddr;

use axum::Router;
use axum::handler::Handler;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use conneg::{LanguageTag, MediaType, Policy, Variant};
use conneg_tower::{NegotiateHandler, NegotiateLayer, Negotiated, Representations};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

#[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
struct Item {
    id: u32,
    name: String,
}

fn item() -> Item {
    Item {
        id: 7,
        name: "seven \u{e9}".into(),
    }
}

async fn item_handler(n: Negotiated) -> impl IntoResponse {
    n.serialize(&item())
}

/// A page and its Markdown twin from one handler, with a `Vary` of its own to merge into.
async fn page_handler(n: Negotiated) -> impl IntoResponse {
    let markdown = n
        .variant()
        .media_type
        .is_some_and(|t| t == MediaType::TEXT_MARKDOWN);
    let body = if markdown {
        "# Hello\n"
    } else {
        "<h1>Hello</h1>\n"
    };
    let mut headers = HeaderMap::new();
    headers.insert("vary", HeaderValue::from_static("Origin"));
    n.label((headers, body))
}

async fn not_modified() -> impl IntoResponse {
    StatusCode::NOT_MODIFIED
}

/// Two mementos of one resource: 2007-05-31 and 2010-01-01.
const MEMENTOS: [i64; 2] = [1_180_643_700, 1_262_304_000];

async fn server() -> SocketAddr {
    let en = LanguageTag::parse("en").unwrap();
    let de = LanguageTag::parse("de").unwrap();
    let items = Representations::new([Variant::new().media_type(MediaType::APPLICATION_JSON)]);
    let page = Representations::new([
        Variant::new().media_type(MediaType::TEXT_HTML).language(en),
        Variant::new()
            .media_type(MediaType::TEXT_MARKDOWN)
            .language(en),
        Variant::new().media_type(MediaType::TEXT_HTML).language(de),
    ])
    .policy(Policy::STRICT.fallback_on(conneg::Field::AcceptLanguage));
    let mementos = Representations::new(MEMENTOS.map(|seconds| {
        Variant::new()
            .media_type(MediaType::APPLICATION_JSON)
            .datetime(conneg::HttpDate::from_unix_seconds(seconds).unwrap())
    }));
    // The layer on the handlers, rather than on their routes, and the handlers negotiated
    // on their own (`NegotiateHandler`): the same behaviour.
    let on_handler = NegotiateLayer::new(items.clone());
    let app = Router::new()
        .route("/item", get(item_handler))
        .route("/item/cached", get(not_modified))
        .route_layer(NegotiateLayer::new(items.clone()))
        .route("/handler/item", get(item_handler.layer(on_handler.clone())))
        .route("/handler/item/cached", get(not_modified.layer(on_handler)))
        .route(
            "/negotiating/item",
            get(item_handler.negotiate(items.clone())),
        )
        .route(
            "/negotiating/item/cached",
            get(not_modified.negotiate(items)),
        )
        .route(
            "/negotiating/page",
            get(page_handler.negotiate(page.clone())),
        )
        .merge(
            Router::new()
                .route("/page", get(page_handler))
                .route_layer(NegotiateLayer::new(page)),
        )
        .merge(
            Router::new()
                .route(
                    "/memento",
                    get(|n: Negotiated| async move { n.serialize(&n.index()) }),
                )
                .route_layer(NegotiateLayer::new(mementos.clone())),
        )
        .route(
            "/negotiating/memento",
            get((|n: Negotiated| async move { n.serialize(&n.index()) }).negotiate(mementos)),
        )
        .route("/plain", get(|| async { "plain" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", |v| v.to_str().unwrap())
    }
}

async fn get_with(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let mut request = hyper::Request::builder()
        .method(method)
        .uri(format!("http://{addr}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = client
        .request(request.body(Empty::new()).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.unwrap().to_bytes(),
    }
}

#[tokio::test]
async fn one_value_is_served_as_negotiated_and_refused_readably() {
    let addr = server().await;
    // The layer on the route, on the handler, and the handler negotiated on its own.
    for path in ["/item", "/handler/item", "/negotiating/item"] {
        // No Accept, */*, a browser's Accept: never 406.
        for accept in [
            None,
            Some("*/*"),
            Some("text/html,application/xhtml+xml,*/*;q=0.8"),
        ] {
            let headers: Vec<_> = accept.map(|a| ("accept", a)).into_iter().collect();
            let r = get_with(addr, "GET", path, &headers).await;
            assert_eq!(r.status, StatusCode::OK, "{path} {accept:?}");
            assert_eq!(r.header("content-type"), "application/json", "{path}");
            assert_eq!(r.header("vary"), "Accept", "{path}");
            let back: Item = serde_json::from_slice(&r.body).unwrap();
            assert_eq!(back, item());
        }

        // Nothing acceptable: 406 whose body is in a format the client reads.
        let r = get_with(addr, "GET", path, &[("accept", "text/html")]).await;
        assert_eq!(r.status, StatusCode::NOT_ACCEPTABLE, "{path}");
        assert!(r.header("content-type").starts_with("text/html"));
        assert_eq!(r.header("vary"), "Accept");
        assert_eq!(r.header("cache-control"), "no-store");
        assert!(String::from_utf8_lossy(&r.body).contains("application/json"));

        let r = get_with(
            addr,
            "GET",
            path,
            &[("accept", "application/xml, application/problem+json;q=0.1")],
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_ACCEPTABLE, "{path}");
        assert_eq!(r.header("content-type"), "application/problem+json");
        let problem: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(problem["status"], 406);
        assert_eq!(problem["available"][0]["type"], "application/json");

        // HEAD: the headers of GET, no body.
        let r = get_with(addr, "HEAD", path, &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.header("content-type"), "application/json");
        assert_eq!(r.header("vary"), "Accept");
        assert!(r.body.is_empty());

        // `Accept` in two field lines is one list: JSON in the second line is acceptable,
        // and two lines of nothing acceptable are refused.
        let two = [
            ("accept", "text/html"),
            ("accept", "application/json;q=0.5"),
        ];
        let r = get_with(addr, "GET", path, &two).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let two = [("accept", "text/html"), ("accept", "image/png")];
        let r = get_with(addr, "GET", path, &two).await;
        assert_eq!(r.status, StatusCode::NOT_ACCEPTABLE, "{path}");
    }

    // A method the route has no handler for, with nothing acceptable: on the handler, the
    // layer is not reached and axum answers 405; as a route layer, it wraps axum's 405 too,
    // and negotiates first.
    let unacceptable = [("accept", "text/html")];
    for path in ["/handler/item", "/negotiating/item"] {
        let r = get_with(addr, "DELETE", path, &unacceptable).await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{path}");
        assert_eq!(r.header("vary"), "", "{path}");
    }
    let r = get_with(addr, "DELETE", "/item", &unacceptable).await;
    assert_eq!(r.status, StatusCode::NOT_ACCEPTABLE);
}

#[tokio::test]
async fn vary_is_merged_on_every_status_and_plain_routes_are_untouched() {
    let addr = server().await;

    for path in ["/page", "/negotiating/page"] {
        let r = get_with(
            addr,
            "GET",
            path,
            &[("accept", "text/markdown"), ("accept-language", "en")],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(&r.body[..], b"# Hello\n", "{path}");
        assert_eq!(
            r.header("content-type"),
            "text/markdown; charset=utf-8",
            "{path}"
        );
        assert_eq!(r.header("content-language"), "en", "{path}");
        assert_eq!(
            r.header("vary"),
            "Origin, Accept, Accept-Language",
            "{path}"
        );
    }

    for path in ["/page", "/negotiating/page"] {
        // Language fallback: French is not offered, the page is served anyway (first
        // English).
        let r = get_with(addr, "GET", path, &[("accept-language", "fr")]).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(&r.body[..], b"<h1>Hello</h1>\n", "{path}");
        assert_eq!(r.header("content-language"), "en", "{path}");
        assert_eq!(
            r.header("vary"),
            "Origin, Accept, Accept-Language",
            "{path}"
        );
        // The type is strict: no fallback on Accept, a 406 with the resource's Vary.
        let r = get_with(addr, "GET", path, &[("accept", "image/png")]).await;
        assert_eq!(r.status, StatusCode::NOT_ACCEPTABLE, "{path}");
        assert_eq!(r.header("vary"), "Accept, Accept-Language", "{path}");
    }

    // German by preference.
    let r = get_with(addr, "GET", "/page", &[("accept-language", "de, en;q=0.5")]).await;
    assert_eq!(r.header("content-language"), "de");

    // 304: Vary too, no Content-Type.
    for path in [
        "/item/cached",
        "/handler/item/cached",
        "/negotiating/item/cached",
    ] {
        let r = get_with(addr, "GET", path, &[]).await;
        assert_eq!(r.status, StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(r.header("vary"), "Accept", "{path}");
        assert_eq!(r.header("content-type"), "", "{path}");
    }

    // A route without the layer: no Vary, no negotiation, even for an unsatisfiable Accept.
    let r = get_with(addr, "GET", "/plain", &[("accept", "image/png")]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("vary"), "");
    assert_eq!(&r.body[..], b"plain");
}

#[tokio::test]
async fn oversized_and_malformed_headers_are_431_and_400() {
    let addr = server().await;
    let huge = "a/b, ".repeat(2000);
    for path in ["/item", "/negotiating/item"] {
        let r = get_with(addr, "GET", path, &[("accept", &huge)]).await;
        assert_eq!(
            r.status,
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "{path}"
        );
        assert_eq!(r.header("cache-control"), "no-store", "{path}");
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(
            r.header("content-type"),
            "text/plain; charset=utf-8",
            "{path}"
        );
        assert!(
            String::from_utf8_lossy(&r.body).starts_with("accept: "),
            "{path}"
        );
    }

    // A malformed Accept-Datetime where there are mementos to choose among: 400.
    for path in ["/memento", "/negotiating/memento"] {
        let r = get_with(addr, "GET", path, &[("accept-datetime", "yesterday")]).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(r.header("cache-control"), "no-store", "{path}");
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
        assert!(
            String::from_utf8_lossy(&r.body).contains("invalid HTTP date"),
            "{path}: {}",
            String::from_utf8_lossy(&r.body)
        );
        let asked = [("accept-datetime", "Fri, 01 Jan 2010 00:00:00 GMT")];
        let r = get_with(addr, "GET", path, &asked).await;
        assert_eq!(
            (r.status, &r.body[..]),
            (StatusCode::OK, &b"1"[..]),
            "{path}"
        );
    }

    // Headers a resource does not consult are not read: the JSON-only item has no memento
    // and no language, so neither a malformed Accept-Datetime nor an oversized
    // Accept-Language refuses it.
    let huge_language = "en, ".repeat(2000);
    for header in [
        ("accept-datetime", "yesterday"),
        ("accept-language", huge_language.as_str()),
    ] {
        let r = get_with(addr, "GET", "/item", &[header]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", header.0);
        assert_eq!(r.header("vary"), "Accept");
    }
}

/// The format a handler's outcome names, as its body.
async fn format_of(n: Negotiated) -> String {
    format!("{:?}", n.format())
}

/// The format of the outcome the extractor finds now, for a request of no negotiation of its
/// own: that of the negotiated handler being polled, if any.
async fn current_format() -> String {
    use axum::extract::FromRequestParts;
    let (mut parts, ()) = axum::http::Request::new(()).into_parts();
    match Negotiated::from_request_parts(&mut parts, &()).await {
        Ok(n) => format!("{:?}", n.format()),
        Err(_) => "none".into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_negotiations_each_see_their_own_outcome() {
    use conneg_tower::Format;
    use tower::ServiceExt;

    // A handler negotiated on its own (HTML) that calls, while it runs, a route under a
    // route layer (JSON) and a handler negotiated on its own (XML): each handler sees its
    // own outcome, and the outer one is current again after each call.
    let calls_inner = |n: Negotiated| async move {
        let json = Representations::new([Format::Json]);
        let inner = Router::new()
            .route("/layered", get(format_of))
            .route_layer(NegotiateLayer::new(json))
            .route(
                "/negotiated",
                get(format_of.negotiate(Representations::new([Format::Xml]))),
            );
        let mut seen = vec![format_of(n).await];
        for path in ["/layered", "/negotiated"] {
            let request = axum::http::Request::get(path)
                .body(axum::body::Body::empty())
                .unwrap();
            let response = inner.clone().oneshot(request).await.unwrap();
            let body = response.into_body().collect().await.unwrap().to_bytes();
            seen.push(String::from_utf8_lossy(&body).into_owned());
            seen.push(current_format().await);
        }
        seen.join(" ")
    };
    // A handler that extracts its outcome only after its future returned Pending once (a
    // middleware between that yields first): the outcome is made current again for the
    // later poll (on a runtime of two threads, which may run it on either).
    let yields_first = format_of.layer(axum::middleware::from_fn(
        |request, next: axum::middleware::Next| async move {
            tokio::task::yield_now().await;
            next.run(request).await
        },
    ));
    let html = Representations::new([Format::Html]);
    let app = Router::new()
        .route("/calls", get(calls_inner.negotiate(html.clone())))
        .route("/yields", get(yields_first.negotiate(html)))
        .route("/unnegotiated", get(current_format));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let r = get_with(addr, "GET", "/calls", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        String::from_utf8_lossy(&r.body),
        "Some(Html) Some(Json) Some(Html) Some(Xml) Some(Html)"
    );
    for _ in 0..20 {
        let r = get_with(addr, "GET", "/yields", &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(String::from_utf8_lossy(&r.body), "Some(Html)");
        assert_eq!(r.header("vary"), "Accept");
    }

    // Outside any negotiated handler's poll, on the server's threads after those requests,
    // there is none: a handler that is not negotiated finds no outcome.
    for _ in 0..4 {
        let r = get_with(addr, "GET", "/unnegotiated", &[]).await;
        assert_eq!(String::from_utf8_lossy(&r.body), "none");
    }
}
