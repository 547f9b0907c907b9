//! What every framework adapter does alike: the events for refused requests, the cap on
//! echoed client text, the plain-text error response. Public for conneg-actix, which builds
//! on this crate; not a stable API.

use http::{Request, Response, StatusCode};

use crate::content::ContentRejection;
use crate::representations::{Reason, Refusal, Representations};

/// How many bytes of each client header an event carries: a refused header may be as large
/// as the server lets in, and one event should not carry all of it.
const LOGGED: usize = 512;

/// `text` cut to at most `max` bytes (at a character boundary) and marked `...` when it was
/// longer: what a response or a log event may carry of something a client sent.
///
/// ```
/// let mut text = String::from("Grüße");
/// conneg_tower::glue::cap(&mut text, 3);
/// assert_eq!(text, "Gr...");
/// ```
pub fn cap(text: &mut String, max: usize) {
    if text.len() > max {
        let cut = (0..=max)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        text.truncate(cut);
        text.push_str("...");
    }
}

/// The field lines of a request header, joined by `, ` as text and capped for an event.
pub fn logged<'v>(lines: impl IntoIterator<Item = &'v [u8]>) -> String {
    let mut value = lines
        .into_iter()
        .map(String::from_utf8_lossy)
        .collect::<Vec<_>>()
        .join(", ");
    cap(&mut value, LOGGED);
    value
}

/// The headers of `request` as an event's `header` argument ([`log_refusal`],
/// [`log_unsupported`]): by lower-case name, its field lines [`logged`].
pub(crate) fn request_header<B>(request: &Request<B>) -> impl Fn(&'static str) -> String + '_ {
    |name| {
        logged(
            request
                .headers()
                .get_all(name)
                .iter()
                .map(http::HeaderValue::as_bytes),
        )
    }
}

/// A plain-text error response that is neither stored nor sniffed.
pub fn plain(status: StatusCode, message: &str) -> Response<String> {
    let mut response = Response::new(format!("{message}\n"));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("no-store"),
    );
    headers.insert(
        http::header::X_CONTENT_TYPE_OPTIONS,
        http::HeaderValue::from_static("nosniff"),
    );
    response
}

/// One event per refused request (406, 431, 400), for the operators who look for
/// incompatible clients; the ordinary path logs nothing. `header` gives a request header by
/// its lower-case name, as [`logged`] writes it.
pub fn log_refusal(
    method: &str,
    path: &str,
    header: impl Fn(&'static str) -> String,
    refusal: &Refusal,
    representations: &Representations,
) {
    let status = refusal.response.status().as_u16();
    match &refusal.reason {
        Reason::NotAcceptable => {
            let available = representations
                .variants()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" | ");
            tracing::info!(
                target: "conneg",
                status,
                method,
                path,
                accept = header("accept"),
                accept_language = header("accept-language"),
                accept_charset = header("accept-charset"),
                accept_encoding = header("accept-encoding"),
                available,
                "no acceptable representation"
            );
        }
        Reason::HeaderTooLarge(error) | Reason::BadHeader(error) => tracing::info!(
            target: "conneg",
            status,
            method,
            path,
            error = %error,
            "negotiation header refused"
        ),
    }
}

/// The event of a refused request.
pub(crate) fn log_refused<B>(
    request: &Request<B>,
    refusal: &Refusal,
    representations: &Representations,
) {
    log_refusal(
        request.method().as_str(),
        request.uri().path(),
        request_header(request),
        refusal,
        representations,
    );
}

/// One event per 415, for the operators who look for incompatible clients. `header` as for
/// [`log_refusal`].
pub fn log_unsupported(
    method: &str,
    path: &str,
    header: impl Fn(&'static str) -> String,
    rejection: &ContentRejection,
) {
    let accepted = rejection
        .response
        .headers()
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    tracing::info!(
        target: "conneg",
        status = rejection.response.status().as_u16(),
        method,
        path,
        content_type = header("content-type"),
        content_encoding = header("content-encoding"),
        accepted,
        "unsupported request content"
    );
}
