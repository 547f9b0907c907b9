//! The items API of the README, on axum: one handler per route returns a value, and conneg
//! serves it in the format the client asked for (see `conneg_testkit` for the contract).

use axum::Router;
use axum::extract::Path;
use axum::http::header::{ETAG, IF_NONE_MATCH, LOCATION};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use conneg::{MediaType, Policy};
use conneg_testkit::{NewItem, created, items, items_page as page, items_v2};
use conneg_tower::{Content, Format, NegotiateLayer, Negotiated, Representation, Representations};

/// The application: `/items`, `/items/{id}`, `/v2/items` and `/health`.
pub fn app() -> Router {
    // JSON first: the default for clients that state no preference.
    let items_formats = Representations::new([
        Format::Json,
        Format::Xml,
        Format::Csv,
        Format::Yaml,
        Format::MessagePack,
        Format::Cbor,
        Format::Html,
    ])
    .default_format(Format::Json);
    // Version 2 must be asked for by name; v1 stays the default for `*/*`.
    let versions = Representations::new([
        Representation::new(Format::Json).media_type(media_type(V1)),
        Representation::new(Format::Json).media_type(media_type(V2)),
    ])
    .policy(Policy::STRICT.require_accept(true));
    Router::new()
        .route("/items", get(list).post(create))
        .route("/items/{id}", get(one))
        .route_layer(NegotiateLayer::new(items_formats))
        .merge(
            Router::new()
                .route("/v2/items", get(list_versioned))
                .route_layer(NegotiateLayer::new(versions)),
        )
        .route("/health", get(|| async { "ok\n" }))
}

const V1: &str = "application/vnd.conneg-demo.v1+json";
const V2: &str = "application/vnd.conneg-demo.v2+json";

/// A media type written in this file.
fn media_type(text: &'static str) -> MediaType<'static> {
    MediaType::parse(text).expect("the media types of this file are valid")
}

async fn list(n: Negotiated) -> impl IntoResponse {
    let items = items();
    n.serialize(&items).html(|| page(&items))
}

async fn one(n: Negotiated, Path(id): Path<u32>, headers: HeaderMap) -> Response {
    let Some(item) = items().into_iter().find(|i| i.id == id) else {
        return (StatusCode::NOT_FOUND, "no such item\n").into_response();
    };
    // A strong validator per representation: the same item as XML and as JSON differ.
    let extension = n.format().map_or("bin", Format::extension);
    let etag = format!("\"item-{id}-{extension}\"");
    let matches = headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| tag.trim() == etag || tag.trim() == "*");
    if matches {
        return (StatusCode::NOT_MODIFIED, [(ETAG, etag)]).into_response();
    }
    let html = page(std::slice::from_ref(&item));
    ([(ETAG, etag)], n.serialize(&item).html(|| html)).into_response()
}

async fn create(n: Negotiated, Content(new): Content<NewItem>) -> impl IntoResponse {
    let item = created(new);
    let location = format!("/items/{}", item.id);
    let html = page(std::slice::from_ref(&item));
    (
        StatusCode::CREATED,
        [(LOCATION, location)],
        n.serialize(&item).html(|| html),
    )
}

async fn list_versioned(n: Negotiated) -> impl IntoResponse {
    if n.variant().media_type == Some(media_type(V2)) {
        n.serialize(&items_v2())
    } else {
        n.serialize(&items())
    }
}
