//! The edge between actix-web's `http` 0.2 types and the `http` 1 types of conneg-tower: the
//! negotiation headers read from an actix request, responses converted, `Vary` merged.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use conneg::{Field, FieldValue, Vary};
use conneg_tower::{Negotiated, Refusal, Representations};

/// The field lines of one header: most requests send one.
enum Lines<'h> {
    One(&'h [u8]),
    Many(Vec<&'h [u8]>),
}

impl<'h> Lines<'h> {
    fn of(headers: &'h HeaderMap, name: &str) -> Option<Lines<'h>> {
        let mut all = headers.get_all(name);
        let first = all.next()?.as_bytes();
        let Some(second) = all.next() else {
            return Some(Lines::One(first));
        };
        let mut many = vec![first, second.as_bytes()];
        many.extend(all.map(HeaderValue::as_bytes));
        Some(Lines::Many(many))
    }

    fn value(&self) -> FieldValue<'_> {
        match self {
            Lines::One(line) => FieldValue::from(*line),
            Lines::Many(lines) => FieldValue::from(&lines[..]),
        }
    }
}

/// Every negotiation header (actix-web keys them by their lower-case name, `Field::as_str`).
const FIELDS: [Field; 6] = [
    Field::Accept,
    Field::AcceptLanguage,
    Field::AcceptCharset,
    Field::AcceptEncoding,
    Field::AcceptDatetime,
    Field::AIm,
];

/// Negotiates a request with these headers against `representations`.
pub(crate) fn negotiate(
    representations: &Representations,
    headers: &HeaderMap,
) -> Result<Negotiated, Box<Refusal>> {
    let consulted = representations.consulted();
    let lines = FIELDS.map(|field| {
        consulted
            .contains(field)
            .then(|| Lines::of(headers, field.as_str()))
            .flatten()
    });
    representations.negotiate_with(|field| {
        let at = FIELDS.iter().position(|f| *f == field)?;
        lines[at].as_ref().map(Lines::value)
    })
}

/// A request header's lines, as a refusal event writes them.
pub(crate) fn logged(headers: &HeaderMap, name: &str) -> String {
    conneg_tower::glue::logged(headers.get_all(name).map(HeaderValue::as_bytes))
}

/// The `http` 1 response of conneg-tower as actix-web's.
pub(crate) fn response(from: &http::Response<String>) -> HttpResponse {
    let status =
        StatusCode::from_u16(from.status().as_u16()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = HttpResponse::with_body(status, from.body().clone()).map_into_boxed_body();
    let headers = response.headers_mut();
    for (name, value) in from.headers() {
        if let Some((name, value)) = pair(name, value) {
            headers.append(name, value);
        }
    }
    response
}

/// An `http` 1 header as actix-web's.
pub(crate) fn pair(
    name: &http::HeaderName,
    value: &http::HeaderValue,
) -> Option<(HeaderName, HeaderValue)> {
    let name = HeaderName::from_bytes(name.as_str().as_bytes()).ok()?;
    let value = HeaderValue::from_bytes(value.as_bytes()).ok()?;
    Some((name, value))
}

/// The headers of an actix-web request named in `names`, as an `http` 1 map.
pub(crate) fn http_map(headers: &HeaderMap, names: &[&str]) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    for name in names {
        for value in headers.get_all(*name) {
            let (Ok(name), Ok(value)) = (
                http::HeaderName::from_bytes(name.as_bytes()),
                http::HeaderValue::from_bytes(value.as_bytes()),
            ) else {
                continue;
            };
            map.append(name, value);
        }
    }
    map
}

/// Merges `vary` into the `Vary` of `headers`, as [`Vary::merge_into`] does on an `http` map:
/// one line with the existing members first; an existing line that is not visible ASCII is
/// kept and the set goes on a line of its own.
pub(crate) fn merge_vary(vary: Vary, headers: &mut HeaderMap) {
    if vary.is_empty() {
        return;
    }
    let existing: Option<Vec<&str>> = headers
        .get_all(header::VARY)
        .map(|line| line.to_str().ok())
        .collect();
    let Some(existing) = existing else {
        if let Ok(line) = HeaderValue::from_str(&vary.to_string()) {
            headers.append(header::VARY, line);
        }
        return;
    };
    let merged = vary.merge(&existing.join(", ")).to_string();
    if let Ok(value) = HeaderValue::from_str(&merged) {
        headers.insert(header::VARY, value);
    }
}

/// Sets the chosen variant's representation headers that `headers` lacks.
pub(crate) fn describe(negotiated: &Negotiated, headers: &mut HeaderMap) {
    for (name, value) in negotiated.headers() {
        if let Some((name, value)) = pair(&name, &value)
            && !headers.contains_key(&name)
        {
            headers.insert(name, value);
        }
    }
}
