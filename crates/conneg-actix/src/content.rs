//! Request content read in the format its `Content-Type` names: 415, 413 or 400 when it
//! cannot be, never 500.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use actix_web::body::BoxBody;
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError};
use conneg_tower::glue::{log_unsupported, plain};
use conneg_tower::{ContentError, ContentRejection, Expected};
use serde::de::DeserializeOwned;

use crate::headers::{http_map, logged, response};

/// Request content deserialized into a `T` from any data format this build reads, chosen by
/// its `Content-Type`, after undoing its `Content-Encoding`: the actix-web twin of
/// conneg-tower's [`Content`](conneg_tower::Content), with the same 415 / 413 / 400
/// responses. The encoded body is bounded by actix-web's `PayloadConfig` (256 KiB unless
/// configured), the decoded one by [`conneg_tower::Content::LIMIT`].
///
/// ```
/// use conneg_actix::Content;
///
/// #[derive(serde::Deserialize)]
/// struct NewItem { name: String }
///
/// async fn create(Content(item): Content<NewItem>) -> String {
///     format!("created {}", item.name)
/// }
/// # let _ = actix_web::web::post().to(create);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Content<T>(pub T);

/// Why the [`Content`] extractor refused the request, and the response that says so.
#[derive(Debug)]
pub struct Rejected(pub ContentRejection);

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.reason.fmt(f)
    }
}

impl ResponseError for Rejected {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.0.response.status().as_u16()).unwrap_or(StatusCode::BAD_REQUEST)
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        response(&self.0.response)
    }
}

/// The headers [`Expected::from_headers`] reads: the content's, and `Accept` for the body of
/// a 415.
const CONTENT_HEADERS: [&str; 3] = ["content-type", "content-encoding", "accept"];

impl<T: DeserializeOwned + 'static> FromRequest for Content<T> {
    type Error = Rejected;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Rejected>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let headers = http_map(request.headers(), &CONTENT_HEADERS);
        let method = http::Method::from_bytes(request.method().as_str().as_bytes())
            .unwrap_or(http::Method::POST);
        let expected = match Expected::from_headers(&headers, &method) {
            Ok(expected) => expected,
            Err(rejection) => {
                log_unsupported(
                    request.method().as_str(),
                    request.path(),
                    |name| logged(request.headers(), name),
                    &rejection,
                );
                return Box::pin(std::future::ready(Err(Rejected(*rejection))));
            }
        };
        let body = Bytes::from_request(request, payload);
        Box::pin(async move {
            let bytes = body.await.map_err(|e| {
                let status = e.as_response_error().status_code();
                let message = e.to_string();
                let (status, reason) = if status == StatusCode::PAYLOAD_TOO_LARGE {
                    (http::StatusCode::PAYLOAD_TOO_LARGE, ContentError::TooLarge)
                } else {
                    (
                        http::StatusCode::BAD_REQUEST,
                        ContentError::Invalid(message.clone()),
                    )
                };
                Rejected(ContentRejection {
                    reason,
                    response: plain(status, &message),
                })
            })?;
            expected
                .read(&bytes, conneg_tower::Content::<T>::LIMIT)
                .map(Content)
                .map_err(|rejection| Rejected(*rejection))
        })
    }
}
