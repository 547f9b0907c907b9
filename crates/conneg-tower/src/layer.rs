//! The middleware: negotiates before the inner service runs, refuses what must be refused,
//! and completes the response.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::{Request, Response};
use pin_project_lite::pin_project;
use tower_layer::Layer;
use tower_service::Service;

use crate::glue::log_refused;
use crate::representations::{Negotiated, Refusal, Representations};

/// Applies a resource's [`Representations`] to the routes it wraps (tower [`Layer`]).
///
/// Before the inner service runs, it negotiates: a request nothing can serve gets the 406
/// response (or 431 for an oversized negotiation header, 400 for a malformed
/// `Accept-Datetime`) without reaching it; otherwise the request carries the [`Negotiated`]
/// outcome in its extensions, where the axum extractor finds it. On the way back, every response (any status, 304 included) gets
/// the resource's `Vary` merged into whatever the inner service set, and a successful one gets
/// the chosen variant's `Content-Type`, `Content-Language` and `Content-Location` where the
/// inner service set none. Routes the layer does not wrap are untouched.
///
/// In axum, the layer goes on the routes of a router (`Router::route_layer`) or on one
/// handler (`Handler::layer`), where `NegotiateHandler` (feature `axum`) does the same for
/// less: no tower service around the handler and no extensions (about 950 instructions less
/// per request in process, 830 in a server, BENCHMARKS.md). Under a route layer axum boxes every route
/// once more (about 800 instructions in process, 440 in a server), and the layer also wraps
/// the 405 axum answers for a method the route has no handler for, so that such a request
/// with nothing acceptable gets 406 rather than 405.
///
/// ```
/// use axum::{Router, handler::Handler, routing::get};
/// use conneg::{MediaType, Variant};
/// use conneg_tower::{NegotiateLayer, Representations};
///
/// let page = Representations::new([
///     Variant::new().media_type(MediaType::TEXT_HTML),
///     Variant::new().media_type(MediaType::TEXT_MARKDOWN),
/// ]);
/// let layer = NegotiateLayer::new(page);
/// // On one handler:
/// let app: Router = Router::new().route("/", get((|| async { "..." }).layer(layer.clone())));
/// // On every route of a router:
/// let app: Router = Router::new()
///     .route("/", get(|| async { "..." }))
///     .route("/about", get(|| async { "..." }))
///     .route_layer(layer);
/// ```
#[derive(Debug, Clone)]
pub struct NegotiateLayer {
    representations: Representations,
}

impl NegotiateLayer {
    /// A layer for a resource with these representations.
    pub fn new(representations: Representations) -> Self {
        NegotiateLayer { representations }
    }
}

impl<S> Layer<S> for NegotiateLayer {
    type Service = Negotiate<S>;

    fn layer(&self, inner: S) -> Negotiate<S> {
        Negotiate {
            inner,
            representations: self.representations.clone(),
        }
    }
}

/// The service [`NegotiateLayer`] builds around an inner service.
#[derive(Debug, Clone)]
pub struct Negotiate<S> {
    inner: S,
    representations: Representations,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for Negotiate<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: From<String>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        match self.representations.negotiate(request.headers()) {
            Ok(negotiated) => {
                request.extensions_mut().insert(negotiated.clone());
                ResponseFuture {
                    state: State::Inner {
                        future: self.inner.call(request),
                        negotiated,
                    },
                }
            }
            Err(refusal) => {
                log_refused(&request, &refusal, &self.representations);
                ResponseFuture {
                    state: State::Refused {
                        refusal: Some(refusal),
                    },
                }
            }
        }
    }
}

pin_project! {
    /// The response future of [`Negotiate`].
    pub struct ResponseFuture<F> {
        #[pin]
        state: State<F>,
    }
}

pin_project! {
    #[project = StateProjection]
    enum State<F> {
        Inner { #[pin] future: F, negotiated: Negotiated },
        // Boxed, as it came: the future stays small for the common case.
        Refused { refusal: Option<Box<Refusal>> },
    }
}

impl<F, B, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
    B: From<String>,
{
    type Output = Result<Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProjection::Inner { future, negotiated } => {
                let mut response = match future.poll(cx) {
                    Poll::Ready(Ok(response)) => response,
                    other => return other,
                };
                complete(&mut response, negotiated);
                Poll::Ready(Ok(response))
            }
            StateProjection::Refused { refusal } => Poll::Ready(Ok(refusal
                .take()
                .expect("polled after completion")
                .response
                .map(B::from))),
        }
    }
}

/// The negotiation's part of a response: `Vary` on every status, the representation headers
/// on a success or a 304.
pub(crate) fn complete<B>(response: &mut Response<B>, negotiated: &Negotiated) {
    let status = response.status();
    negotiated.merge_vary(response.headers_mut());
    if status.is_success() && status != http::StatusCode::NO_CONTENT {
        negotiated.describe(response.headers_mut());
    } else if status == http::StatusCode::NOT_MODIFIED {
        // A 304 carries what a 200 would have for caches, but no Content-Type need be set.
        let location = negotiated
            .headers()
            .find(|(name, _)| name == http::header::CONTENT_LOCATION);
        if let Some((name, value)) = location {
            response.headers_mut().entry(name).or_insert(value);
        }
    }
}
