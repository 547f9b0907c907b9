//! The items API of the README, on actix-web: the same routes and answers as `axum-api`
//! (see `conneg_testkit` for the contract), one handler per route returning a value.

use actix_web::http::StatusCode;
use actix_web::http::header::{ETAG, IF_NONE_MATCH, LOCATION};
use actix_web::{HttpRequest, HttpResponse, Responder, guard, web};
use conneg::{MediaType, Policy};
use conneg_actix::{
    Content, Format, Negotiate, Negotiated, Representation, Representations, Serialized,
};
use conneg_testkit::{NewItem, created, items, items_page as page, items_v2};

/// The application's routes: `/items`, `/items/{id}`, `/v2/items` and `/health`; give it to
/// `App::configure`.
pub fn routes(config: &mut web::ServiceConfig) {
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
    let items_formats = Negotiate::new(items_formats);
    config
        .service(
            web::resource("/items")
                .wrap(items_formats.clone())
                .route(get().to(list))
                .route(web::post().to(create)),
        )
        .service(
            web::resource("/items/{id}")
                .wrap(items_formats)
                .route(get().to(one)),
        )
        .service(
            web::resource("/v2/items")
                .wrap(Negotiate::new(versions))
                .route(get().to(list_versioned)),
        )
        .route("/health", get().to(|| async { "ok\n" }));
}

/// GET and HEAD: a HEAD is answered as the GET, without the body (actix-web drops it).
fn get() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

const V1: &str = "application/vnd.conneg-demo.v1+json";
const V2: &str = "application/vnd.conneg-demo.v2+json";

/// A media type written in this file.
fn media_type(text: &'static str) -> MediaType<'static> {
    MediaType::parse(text).expect("the media types of this file are valid")
}

async fn list(n: Negotiated) -> Serialized {
    let items = items();
    n.serialize(&items).html(|| page(&items))
}

async fn one(n: Negotiated, id: web::Path<u32>, request: HttpRequest) -> HttpResponse {
    let id = id.into_inner();
    let Some(item) = items().into_iter().find(|i| i.id == id) else {
        return HttpResponse::NotFound().body("no such item\n");
    };
    // A strong validator per representation: the same item as XML and as JSON differ.
    let extension = n.format().map_or("bin", Format::extension);
    let etag = format!("\"item-{id}-{extension}\"");
    let matches = request
        .headers()
        .get_all(IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| tag.trim() == etag || tag.trim() == "*");
    if matches {
        return HttpResponse::NotModified()
            .insert_header((ETAG, etag))
            .finish();
    }
    let html = page(std::slice::from_ref(&item));
    let mut response = n.serialize(&item).html(|| html).respond_to(&request);
    if let Ok(etag) = etag.parse() {
        response.headers_mut().insert(ETAG, etag);
    }
    response
}

async fn create(
    n: Negotiated,
    Content(new): Content<NewItem>,
    request: HttpRequest,
) -> HttpResponse {
    let item = created(new);
    let location = format!("/items/{}", item.id);
    let html = page(std::slice::from_ref(&item));
    let mut response = n.serialize(&item).html(|| html).respond_to(&request);
    if response.status().is_success() {
        *response.status_mut() = StatusCode::CREATED;
        if let Ok(location) = location.parse() {
            response.headers_mut().insert(LOCATION, location);
        }
    }
    response
}

async fn list_versioned(n: Negotiated) -> Serialized {
    if n.variant().media_type == Some(media_type(V2)) {
        n.serialize(&items_v2())
    } else {
        n.serialize(&items())
    }
}
