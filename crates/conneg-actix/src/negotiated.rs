//! The handler's side: the negotiation outcome as an extractor, and the value it serializes
//! as a responder.

use std::fmt;
use std::future::{Ready, ready};
use std::ops::Deref;

use actix_web::body::BoxBody;
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, Responder, ResponseError};
use serde::Serialize;

use crate::headers::describe;

/// The outcome of the negotiation for this request (the chosen variant and its format), put
/// in the request by the [`Negotiate`](crate::Negotiate) middleware: an actix-web extractor.
/// It derefs to conneg-tower's [`Negotiated`](conneg_tower::Negotiated), which has the
/// details.
///
/// ```
/// use conneg_actix::{Negotiated, Serialized};
///
/// #[derive(serde::Serialize)]
/// struct Item { id: u32, name: String }
///
/// async fn item(n: Negotiated) -> Serialized {
///     let item = Item { id: 1, name: "Widget".into() };
///     let html = format!("<h1>{}</h1>", item.name);
///     n.serialize(&item).html(|| html)
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Negotiated(pub conneg_tower::Negotiated);

impl Deref for Negotiated {
    type Target = conneg_tower::Negotiated;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl Negotiated {
    /// `value` serialized in the chosen variant's data format; chain the renderers
    /// ([`Serialized::html`] and its siblings) for the page formats.
    pub fn serialize<T: Serialize + ?Sized>(&self, value: &T) -> Serialized {
        Serialized(self.0.serialize(value))
    }

    /// A body that only renderers write, for a resource with page formats only.
    pub fn render(&self) -> Serialized {
        Serialized(self.0.render())
    }
}

/// The error of the [`Negotiated`] extractor on a route the [`Negotiate`](crate::Negotiate)
/// middleware does not wrap: a programming error, answered 500 and logged.
#[derive(Debug, Clone, Copy)]
pub struct MissingMiddleware;

impl fmt::Display for MissingMiddleware {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("conneg: this route extracts Negotiated but has no Negotiate middleware")
    }
}

impl ResponseError for MissingMiddleware {
    fn status_code(&self) -> StatusCode {
        StatusCode::INTERNAL_SERVER_ERROR
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        tracing::error!(target: "conneg", "{self}");
        HttpResponse::InternalServerError()
            .insert_header((CONTENT_TYPE, "text/plain; charset=utf-8"))
            .body(format!("{self}\n"))
    }
}

impl FromRequest for Negotiated {
    type Error = MissingMiddleware;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let negotiated = request
            .extensions()
            .get::<conneg_tower::Negotiated>()
            .cloned();
        ready(negotiated.map(Negotiated).ok_or(MissingMiddleware))
    }
}

/// A response body for the chosen representation (conneg-tower's
/// [`Serialized`](conneg_tower::Serialized)), as an actix-web responder: the body labelled
/// with the variant's headers, or a logged 500 when it could not be produced (a server bug,
/// never the client's).
#[derive(Debug)]
#[must_use]
pub struct Serialized(pub conneg_tower::Serialized);

impl Serialized {
    /// The body when the chosen format is HTML: what `render` writes. Called only then.
    pub fn html(self, render: impl FnOnce() -> String) -> Self {
        Serialized(self.0.html(render))
    }

    /// The body when the chosen format is Markdown: what `render` writes. Called only then.
    pub fn markdown(self, render: impl FnOnce() -> String) -> Self {
        Serialized(self.0.markdown(render))
    }

    /// The body when the chosen format is plain text: what `render` writes. Called only then.
    pub fn text(self, render: impl FnOnce() -> String) -> Self {
        Serialized(self.0.text(render))
    }
}

impl Responder for Serialized {
    type Body = BoxBody;

    fn respond_to(self, _: &HttpRequest) -> HttpResponse<BoxBody> {
        match self.0.body() {
            Ok(bytes) => {
                let mut response = HttpResponse::Ok().body(bytes.to_vec());
                describe(self.0.negotiated(), response.headers_mut());
                response
            }
            Err(error) => {
                tracing::error!(target: "conneg", %error, "cannot serve the negotiated format");
                let mut response = HttpResponse::InternalServerError().body(format!("{error}\n"));
                response.headers_mut().insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("text/plain; charset=utf-8"),
                );
                response
            }
        }
    }
}
