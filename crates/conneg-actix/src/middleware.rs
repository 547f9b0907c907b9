//! The middleware: negotiates before the inner service runs, refuses what must be refused,
//! and completes the response.

use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use actix_web::HttpMessage;
use actix_web::body::{BoxBody, EitherBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_LOCATION;
use conneg_tower::glue::log_refusal;
use conneg_tower::{Negotiated, Representations};
use pin_project_lite::pin_project;

use crate::headers::{self, describe, logged, merge_vary};

/// Applies a resource's [`Representations`] to the routes it wraps (actix-web middleware).
///
/// Before the inner service runs, it negotiates: a request nothing can serve gets the 406
/// response (or 431 for an oversized negotiation header, 400 for a malformed
/// `Accept-Datetime`) without reaching it, and one `tracing` event; otherwise the request
/// carries the outcome in its extensions (the [`Negotiated`](crate::Negotiated) extractor
/// reads it). On the way back, every response (any status, 304 included) gets the resource's
/// `Vary` merged into whatever the handler set, and a successful one gets the chosen
/// variant's `Content-Type`, `Content-Language` and `Content-Location` where the handler set
/// none. Routes it does not wrap are untouched.
///
/// ```
/// use actix_web::{App, web};
/// use conneg_actix::{Format, Negotiate, Negotiated, Representations};
///
/// async fn item(n: Negotiated) -> conneg_actix::Serialized {
///     n.serialize(&[1, 2, 3])
/// }
///
/// let items = Representations::new([Format::Json]);
/// let app = App::new().service(
///     web::resource("/items").wrap(Negotiate::new(items)).route(web::get().to(item)),
/// );
/// ```
#[derive(Debug, Clone)]
pub struct Negotiate {
    representations: Rc<Representations>,
}

impl Negotiate {
    /// The middleware for a resource with these representations.
    pub fn new(representations: Representations) -> Self {
        Negotiate {
            representations: Rc::new(representations),
        }
    }
}

impl<S, B> Transform<S, ServiceRequest> for Negotiate
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = actix_web::Error;
    type Transform = NegotiateMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(NegotiateMiddleware {
            service,
            representations: Rc::clone(&self.representations),
        }))
    }
}

/// The service [`Negotiate`] builds around an inner service.
#[derive(Debug)]
pub struct NegotiateMiddleware<S> {
    service: S,
    representations: Rc<Representations>,
}

impl<S, B> Service<ServiceRequest> for NegotiateMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = actix_web::Error;
    type Future = ResponseFuture<S::Future>;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        match headers::negotiate(&self.representations, request.headers()) {
            Ok(negotiated) => {
                request.extensions_mut().insert(negotiated.clone());
                ResponseFuture {
                    state: State::Inner {
                        future: self.service.call(request),
                        negotiated,
                    },
                }
            }
            Err(refusal) => {
                log_refusal(
                    request.method().as_str(),
                    request.path(),
                    |name| logged(request.headers(), name),
                    &refusal,
                    &self.representations,
                );
                let response = request.into_response(headers::response(&refusal.response));
                ResponseFuture {
                    state: State::Refused {
                        response: Some(response),
                    },
                }
            }
        }
    }
}

pin_project! {
    /// The response future of [`NegotiateMiddleware`].
    pub struct ResponseFuture<F> {
        #[pin]
        state: State<F>,
    }
}

pin_project! {
    #[project = StateProjection]
    enum State<F> {
        Inner { #[pin] future: F, negotiated: Negotiated },
        Refused { response: Option<ServiceResponse<BoxBody>> },
    }
}

impl<F, B> Future for ResponseFuture<F>
where
    F: Future<Output = Result<ServiceResponse<B>, actix_web::Error>>,
{
    type Output = Result<ServiceResponse<EitherBody<B>>, actix_web::Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProjection::Inner { future, negotiated } => {
                let mut response = match future.poll(cx) {
                    Poll::Ready(Ok(response)) => response,
                    Poll::Ready(Err(error)) => return Poll::Ready(Err(error)),
                    Poll::Pending => return Poll::Pending,
                };
                complete(&mut response, negotiated);
                Poll::Ready(Ok(response.map_into_left_body()))
            }
            StateProjection::Refused { response } => {
                let response = response.take().expect("polled after completion");
                Poll::Ready(Ok(response.map_into_right_body()))
            }
        }
    }
}

/// The negotiation's part of a response: `Vary` on every status, the representation headers
/// on a success or (`Content-Location` only) a 304.
fn complete<B>(response: &mut ServiceResponse<B>, negotiated: &Negotiated) {
    let status = response.status();
    let headers = response.headers_mut();
    merge_vary(negotiated.vary(), headers);
    if status.is_success() && status != StatusCode::NO_CONTENT {
        describe(negotiated, headers);
    } else if status == StatusCode::NOT_MODIFIED && !headers.contains_key(CONTENT_LOCATION) {
        let location = negotiated
            .headers()
            .find(|(name, _)| name == http::header::CONTENT_LOCATION)
            .and_then(|(name, value)| crate::headers::pair(&name, &value));
        if let Some((name, value)) = location {
            headers.insert(name, value);
        }
    }
}
