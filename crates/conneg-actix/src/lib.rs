//! Content negotiation for [actix-web]: declare a resource's representations once, and the
//! handler gets the chosen one, returns one value, and the response carries the right
//! format, `Content-Type`, `Content-Language` and `Vary`; a request nothing can serve gets a
//! 406 the client can read, an oversized negotiation header 431, unreadable content 415, 413
//! or 400.
//!
//! The same capabilities as [conneg-tower](conneg_tower) for axum, on actix-web's traits:
//! the [`Negotiate`] middleware (`Transform`), the [`Negotiated`] and [`Content`] extractors
//! (`FromRequest`), the [`Serialized`] responder (`Responder`) and the [`Rejected`] error
//! (`ResponseError`). The formats and representations are conneg-tower's, re-exported here.
//!
//! ```no_run
//! use actix_web::{App, HttpServer, web};
//! use conneg_actix::{Format, Negotiate, Negotiated, Representations, Serialized};
//!
//! #[derive(serde::Serialize)]
//! struct Item { id: u32 }
//!
//! async fn item(n: Negotiated) -> Serialized { n.serialize(&Item { id: 1 }) }
//!
//! #[actix_web::main]
//! async fn main() -> std::io::Result<()> {
//!     HttpServer::new(|| {
//!         let items = Representations::new([Format::Json]);
//!         let item = web::resource("/items/1").wrap(Negotiate::new(items)).route(web::get().to(item));
//!         App::new().service(item)
//!     })
//!     .bind("127.0.0.1:3000")?
//!     .run()
//!     .await
//! }
//! ```
//!
//! The rules are conneg's (`NEGOTIATION.md`): a missing `Accept` or `*/*` never gives 406, q=0
//! refuses, the most specific range wins, and `Vary` is the same on every response of the
//! resource (200, 304, 406 and fallbacks alike), merged into whatever the handler set.
//!
//! actix-web 4 speaks the `http` 0.2 crate and conneg's integrations `http` 1: the negotiation
//! headers are read from actix-web's map without copying, and the few response headers and
//! refusals are converted at the edge.
//!
//! [actix-web]: https://docs.rs/actix-web

mod content;
mod headers;
mod middleware;
mod negotiated;

pub use content::{Content, Rejected};
pub use middleware::{Negotiate, NegotiateMiddleware, ResponseFuture};
pub use negotiated::{MissingMiddleware, Negotiated, Serialized};

pub use conneg_tower::{
    ContentError, ContentRejection, Format, MAX_CODINGS, READABLE_CODINGS, Reason, Refusal,
    Representation, Representations, SerializeError, readable_types,
};
