//! Content negotiation for [tower] services and [axum]: declare a resource's representations
//! once, and the handler gets the chosen one, returns one value, and the response carries the
//! right format, `Content-Type`, `Content-Language` and `Vary`; a request nothing can serve
//! gets a 406 the client can read, an oversized negotiation header 431.
//!
//! ```no_run
//! use axum::{Router, routing::get};
//! use conneg::{MediaType, Variant};
//! use conneg_tower::{NegotiateHandler, Negotiated, Representations};
//!
//! #[derive(serde::Serialize)]
//! struct Item { id: u32 }
//!
//! async fn item(n: Negotiated) -> conneg_tower::Serialized { n.serialize(&Item { id: 1 }) }
//!
//! #[tokio::main]
//! async fn main() -> std::io::Result<()> {
//!     let items = Representations::new([Variant::new().media_type(MediaType::APPLICATION_JSON)]);
//!     let app = Router::new().route("/items/1", get(item.negotiate(items)));
//!     axum::serve(tokio::net::TcpListener::bind("127.0.0.1:3000").await?, app).await
//! }
//! ```
//!
//! `NegotiateHandler::negotiate` negotiates on one handler, as here: the cheapest form.
//! [`NegotiateLayer`] does the same as a tower layer, for a group of routes or for any tower
//! service.
//!
//! The rules are conneg's (`NEGOTIATION.md`): a missing `Accept` or `*/*` never gives 406, q=0
//! refuses, the most specific range wins, and `Vary` is the same on every response of the
//! resource (200, 304, 406 and fallbacks alike), merged into whatever the handler set.
//!
//! [tower]: https://docs.rs/tower
//! [axum]: https://docs.rs/axum

#[cfg(feature = "axum")]
mod axum;
mod codec;
mod content;
#[cfg(feature = "axum")]
mod current;
mod format;
#[doc(hidden)]
pub mod glue;
#[cfg(feature = "axum")]
mod handler;
mod layer;
mod representations;
mod serialize;

#[cfg(feature = "axum")]
pub use axum::MissingLayer;
pub use content::{
    Content, ContentError, ContentRejection, Expected, MAX_CODINGS, READABLE_CODINGS,
    readable_types,
};
pub use format::{Format, Representation};
#[cfg(feature = "axum")]
pub use handler::{NegotiateHandler, Negotiating, NegotiatingFuture};
pub use layer::{Negotiate, NegotiateLayer, ResponseFuture};
pub use representations::{Negotiated, Reason, Refusal, Representations};
pub use serialize::{SerializeError, Serialized};

/// The README's examples (the core's and this crate's), compiled and run as doc tests here,
/// where both conneg and axum are in reach.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
