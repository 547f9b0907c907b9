//! The negotiation on one axum handler, without a tower layer around it
//! ([`NegotiateHandler::negotiate`]): the cheapest form per request.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use ::axum::body::Body;
use ::axum::extract::Request;
use ::axum::handler::Handler;
use ::axum::response::Response;
use pin_project_lite::pin_project;

use crate::current;
use crate::glue::log_refused;
use crate::layer::complete;
use crate::representations::{Negotiated, Refusal, Representations};

/// Negotiation on one axum handler: `get(item.negotiate(representations))`.
///
/// What [`NegotiateLayer`](crate::NegotiateLayer) does on a handler (`item.layer(layer)`),
/// for less per request: a request nothing can serve gets the 406 response (or 431, 400)
/// without reaching the handler; otherwise the handler runs with the [`Negotiated`] outcome
/// for its extractor, and its response (any status, 304 included) gets the resource's `Vary`
/// merged in and, on a success, the chosen variant's representation headers where it set
/// none. The outcome reaches the extractor without the request's extensions (a box and a
/// table to grow per request): it is the *current* outcome on the thread while the handler's
/// future is polled, as `tracing` makes a span current while an instrumented future is. The
/// extractor looks in the request's extensions first, then there. Hence:
/// - the handler must run within that poll: a layer between the two that hands the
///   handler's work to another task (spawns it) leaves its extractor without the outcome (a
///   500, [`MissingLayer`](crate::MissingLayer)); use [`NegotiateLayer`](crate::NegotiateLayer)
///   there, whose outcome travels in the request's extensions;
/// - a request the handler has handled inline while it runs (a nested `oneshot`) finds its
///   own outcome on a route negotiated either way, but the handler's on a route that is not
///   negotiated, where it would otherwise be refused with that 500;
/// - a route under `NegotiateLayer` whose handler is also negotiated on its own is negotiated
///   twice, and its extractor finds the layer's outcome: use one or the other.
///
/// ```
/// use axum::{Router, routing::get};
/// use conneg_tower::{Format, NegotiateHandler, Negotiated, Representations, Serialized};
///
/// async fn item(n: Negotiated) -> Serialized {
///     n.serialize(&[1, 2, 3])
/// }
///
/// let items = Representations::new([Format::Json]);
/// let app: Router = Router::new().route("/items", get(item.negotiate(items)));
/// ```
pub trait NegotiateHandler<T, S>: Handler<T, S> {
    /// This handler, run for the requests these representations can serve.
    fn negotiate(self, representations: Representations) -> Negotiating<Self, T, S> {
        Negotiating {
            handler: self,
            representations,
            _marker: PhantomData,
        }
    }
}

impl<H: Handler<T, S>, T, S> NegotiateHandler<T, S> for H {}

/// A handler that negotiates before it runs ([`NegotiateHandler::negotiate`]).
pub struct Negotiating<H, T, S> {
    handler: H,
    representations: Representations,
    /// The handler's extractors and state, as axum's `Layered` keeps them: what `Handler`
    /// is implemented for.
    _marker: PhantomData<fn() -> (T, S)>,
}

impl<H: Clone, T, S> Clone for Negotiating<H, T, S> {
    fn clone(&self) -> Self {
        Negotiating {
            handler: self.handler.clone(),
            representations: self.representations.clone(),
            _marker: PhantomData,
        }
    }
}

impl<H, T, S> fmt::Debug for Negotiating<H, T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Negotiating")
            .field("representations", &self.representations)
            .finish_non_exhaustive()
    }
}

impl<H, T, S> Handler<T, S> for Negotiating<H, T, S>
where
    H: Handler<T, S>,
    T: 'static,
    S: 'static,
{
    type Future = NegotiatingFuture<H::Future>;

    fn call(self, request: Request, state: S) -> Self::Future {
        match self.representations.negotiate(request.headers()) {
            Ok(negotiated) => NegotiatingFuture {
                state: State::Inner {
                    future: self.handler.call(request, state),
                    negotiated: Some(negotiated),
                },
            },
            Err(refusal) => {
                log_refused(&request, &refusal, &self.representations);
                NegotiatingFuture {
                    state: State::Refused {
                        refusal: Some(refusal),
                    },
                }
            }
        }
    }
}

pin_project! {
    /// The future of [`Negotiating`].
    pub struct NegotiatingFuture<F> {
        #[pin]
        state: State<F>,
    }
}

pin_project! {
    #[project = StateProjection]
    enum State<F> {
        Inner { #[pin] future: F, negotiated: Option<Negotiated> },
        // Boxed, as it came: the future stays small for the common case.
        Refused { refusal: Option<Box<Refusal>> },
    }
}

impl<F> Future for NegotiatingFuture<F>
where
    F: Future<Output = Response>,
{
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        match self.project().state.project() {
            StateProjection::Inner { future, negotiated } => {
                let Poll::Ready(mut response) = current::during(negotiated, || future.poll(cx))
                else {
                    return Poll::Pending;
                };
                if let Some(negotiated) = negotiated {
                    complete(&mut response, negotiated);
                }
                Poll::Ready(response)
            }
            StateProjection::Refused { refusal } => Poll::Ready(
                refusal
                    .take()
                    .expect("polled after completion")
                    .response
                    .map(Body::from),
            ),
        }
    }
}
