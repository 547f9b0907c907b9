//! axum glue (feature `axum`): [`Negotiated`] and [`Content`] as
//! extractors, and the serialized value and the refusals as responses.

use ::axum::body::Body;
use ::axum::extract::{FromRequest, FromRequestParts, Request};
use ::axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::StatusCode;
use http::header::{CONTENT_TYPE, HeaderValue};
use http::request::Parts;
use serde::de::DeserializeOwned;

use crate::content::{Content, ContentError, ContentRejection, Expected};
use crate::glue::{self, plain};
use crate::representations::{Negotiated, Refusal};
use crate::serialize::Serialized;

/// The rejection of the [`Negotiated`] extractor on a handler that is neither negotiated
/// ([`NegotiateHandler`](crate::NegotiateHandler)) nor wrapped by
/// [`NegotiateLayer`](crate::NegotiateLayer): a programming error, answered 500.
#[derive(Debug, Clone, Copy)]
pub struct MissingLayer;

impl IntoResponse for MissingLayer {
    fn into_response(self) -> Response {
        tracing::error!(
            target: "conneg",
            "the Negotiated extractor is used on a route without NegotiateLayer or NegotiateHandler"
        );
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "conneg: this route extracts Negotiated but is not negotiated (NegotiateLayer, NegotiateHandler)\n",
        )
            .into_response()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Negotiated {
    type Rejection = MissingLayer;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // The request's own first (NegotiateLayer's); then the outcome of the handler
        // negotiated on its own (NegotiateHandler) whose future is being polled.
        if let Some(negotiated) = parts.extensions.get::<Negotiated>() {
            return Ok(negotiated.clone());
        }
        crate::current::get().ok_or(MissingLayer)
    }
}

impl Negotiated {
    /// `response` labelled as the chosen variant: on a success, the variant's `Content-Type`,
    /// `Content-Language` and `Content-Location` replace those the response has (axum labels
    /// a `String` `text/plain`, which is wrong for the HTML or Markdown it holds).
    ///
    /// ```
    /// use axum::response::IntoResponse;
    /// use conneg_tower::Negotiated;
    ///
    /// async fn page(n: Negotiated) -> impl IntoResponse {
    ///     let markdown = n.variant().media_type == Some(conneg::MediaType::TEXT_MARKDOWN);
    ///     n.label(if markdown { "# Hello" } else { "<h1>Hello</h1>" })
    /// }
    /// ```
    pub fn label(&self, response: impl IntoResponse) -> Response {
        let mut response = response.into_response();
        if response.status().is_success() {
            let headers = response.headers_mut();
            headers.remove(CONTENT_TYPE);
            headers.remove(http::header::CONTENT_LANGUAGE);
            headers.remove(http::header::CONTENT_LOCATION);
            self.describe(headers);
        }
        response
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        self.response.map(Body::from)
    }
}

impl IntoResponse for Serialized {
    fn into_response(self) -> Response {
        match self.body {
            Ok(bytes) => {
                let mut response = Response::new(Body::from(bytes));
                self.negotiated.describe(response.headers_mut());
                response
            }
            Err(error) => {
                tracing::error!(target: "conneg", %error, "cannot serve the negotiated format");
                let mut response = Response::new(Body::from(format!("{error}\n")));
                *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
                response.headers_mut().insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("text/plain; charset=utf-8"),
                );
                response
            }
        }
    }
}

impl<S, T> FromRequest<S> for Content<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ContentRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = match Expected::from_headers(request.headers(), request.method()) {
            Ok(expected) => expected,
            Err(rejection) => {
                log_unsupported(&request, &rejection);
                return Err(*rejection);
            }
        };
        let bytes = Bytes::from_request(request, state).await.map_err(|e| {
            let status = e.status();
            let reason = if status == StatusCode::PAYLOAD_TOO_LARGE {
                ContentError::TooLarge
            } else {
                ContentError::Invalid(e.body_text())
            };
            ContentRejection {
                reason,
                response: plain(status, &e.body_text()),
            }
        })?;
        expected
            .read(&bytes, Content::<T>::LIMIT)
            .map(Content)
            .map_err(|rejection| *rejection)
    }
}

/// The 415 event of `request`.
fn log_unsupported(request: &Request, rejection: &ContentRejection) {
    glue::log_unsupported(
        request.method().as_str(),
        request.uri().path(),
        glue::request_header(request),
        rejection,
    );
}

impl IntoResponse for ContentRejection {
    fn into_response(self) -> Response {
        self.response.map(Body::from)
    }
}
