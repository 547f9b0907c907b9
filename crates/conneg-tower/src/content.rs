//! Request content: read in whichever supported format its `Content-Type` names, through the
//! content codings its `Content-Encoding` lists; 415, 413 or 400 when it cannot be, never 500.

use std::io::Read;

use conneg::{Accept, Coding, MediaType, Method, Unsupported, UnsupportedMediaType};
use http::header::ACCEPT;
use http::{HeaderMap, Response, StatusCode};
use serde::de::DeserializeOwned;

use crate::codec;
use crate::format::Format;
use crate::glue::{cap, plain};

/// Request content deserialized into a `T` from any data format this build reads, chosen by
/// the request's `Content-Type` (JSON, XML, CSV, YAML, MessagePack, CBOR, each behind its
/// feature), after undoing the content codings of its `Content-Encoding` (`gzip`, `br`,
/// `zstd`, each behind its feature).
///
/// Content that cannot be read is refused with a response the client can act on, never a
/// 500: **415** for a missing or unsupported `Content-Type` or `Content-Encoding`, with
/// `Accept` (or `Accept-Encoding`) and, on POST and PATCH, `Accept-Post` / `Accept-Patch`
/// listing what the resource reads (the core's [`UnsupportedMediaType`]); **413** for content
/// larger than [`Content::LIMIT`] once decoded; **400** for content that does not parse, with
/// the parser's message.
///
/// With the `axum` feature, `Content<T>` is an axum extractor (the last argument of a handler).
///
/// ```no_run
/// use conneg_tower::Content;
///
/// #[derive(serde::Deserialize)]
/// struct NewItem { name: String }
///
/// async fn create(Content(item): Content<NewItem>) -> String {
///     format!("created {}", item.name)
/// }
/// # let _: axum::Router = axum::Router::new().route("/items", axum::routing::post(create));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Content<T>(pub T);

impl<T> Content<T> {
    /// The most bytes content may have once its codings are undone (8 MiB), so that a small
    /// compressed body cannot expand into all of the server's memory. The encoded body is
    /// bounded by the framework's own limit (axum's `DefaultBodyLimit`).
    pub const LIMIT: usize = 8 << 20;
}

/// What the request says its content is: the format to read it in, and the codings to undo
/// (in the order they were applied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The format named by `Content-Type`.
    pub format: Format,
    codings: Vec<Coding<'static>>,
}

/// Why request content was refused, and the response that says so.
#[derive(Debug)]
pub struct ContentRejection {
    /// Why.
    pub reason: ContentError,
    /// The response: 415 (negotiated like a 406: problem+json, HTML or text), 413 or 400.
    pub response: Response<String>,
}

/// Why request content was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ContentError {
    /// 415: no `Content-Type`, one that does not parse, or a format this build does not read.
    UnsupportedType,
    /// 415: a content coding this build does not undo.
    UnsupportedCoding,
    /// 413: the content is larger than the limit, once decoded.
    TooLarge,
    /// 400: the content does not decode (a broken gzip stream) or does not parse.
    Invalid(String),
}

impl std::fmt::Display for ContentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ContentError::UnsupportedType => f.write_str("unsupported content type"),
            ContentError::UnsupportedCoding => f.write_str("unsupported content coding"),
            ContentError::TooLarge => f.write_str("content too large"),
            ContentError::Invalid(why) => write!(f, "invalid content: {why}"),
        }
    }
}

impl std::error::Error for ContentError {}

/// The media types of the formats this build reads, in [`Format::ALL`]'s order.
pub fn readable_types() -> Vec<MediaType<'static>> {
    Format::ALL
        .into_iter()
        .filter(|&f| codec::reads(f))
        .map(Format::media_type)
        .collect()
}

/// The content codings this build undoes, besides `identity`.
pub const READABLE_CODINGS: &[Coding<'static>] = &[
    #[cfg(feature = "gzip")]
    Coding::GZIP,
    #[cfg(feature = "br")]
    Coding::BR,
    #[cfg(feature = "zstd")]
    Coding::ZSTD,
];

/// The most content codings request content may be wrapped in: each layer is undone in full,
/// so a deeper stack (`gzip, gzip, gzip, ...`) only multiplies the work; it is answered 415.
pub const MAX_CODINGS: usize = 4;

impl Expected {
    /// What the request's headers say its content is, or the 415 that refuses it. Checked
    /// before the body is read.
    pub fn from_headers(
        headers: &HeaderMap,
        method: &http::Method,
    ) -> Result<Expected, Box<ContentRejection>> {
        let content_type = headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        let format = content_type
            .and_then(|t| MediaType::parse(t).ok())
            .filter(|t| {
                t.param("charset")
                    .is_none_or(|c| c.value_is("utf-8") || c.value_is("us-ascii"))
            })
            .as_ref()
            .and_then(Format::of)
            .filter(|&f| codec::reads(f));
        let Some(format) = format else {
            return Err(unsupported(headers, method, Unsupported::MediaType));
        };
        let mut codings = Vec::new();
        for line in headers.get_all(http::header::CONTENT_ENCODING) {
            let Ok(line) = line.to_str() else {
                return Err(unsupported(headers, method, Unsupported::Coding));
            };
            for member in line.split(',').map(str::trim).filter(|m| !m.is_empty()) {
                let coding = Coding::parse(member).ok().and_then(readable_coding);
                match coding {
                    Some(c) if c.is_identity() => {}
                    Some(c) if codings.len() < MAX_CODINGS => codings.push(c),
                    _ => return Err(unsupported(headers, method, Unsupported::Coding)),
                }
            }
        }
        Ok(Expected { format, codings })
    }

    /// `body` decoded and deserialized, or the 413 or 400 that refuses it.
    pub fn read<T: DeserializeOwned>(
        &self,
        body: &[u8],
        limit: usize,
    ) -> Result<T, Box<ContentRejection>> {
        let decoded = self.decode(body, limit)?;
        match codec::from_bytes(self.format, &decoded) {
            Some(Ok(value)) => Ok(value),
            Some(Err(message)) => Err(bad_request(format!(
                "The request's content is not valid {}: {message}",
                self.format
            ))),
            // `from_headers` accepts only the formats this build reads.
            None => Err(bad_request(format!(
                "{} content is not read here",
                self.format
            ))),
        }
    }

    /// The codings undone, last applied first, each output bounded by `limit`.
    fn decode<'b>(
        &self,
        body: &'b [u8],
        limit: usize,
    ) -> Result<std::borrow::Cow<'b, [u8]>, Box<ContentRejection>> {
        if body.len() > limit {
            return Err(too_large(limit));
        }
        let mut bytes = std::borrow::Cow::Borrowed(body);
        for coding in self.codings.iter().rev() {
            let mut out = Vec::new();
            let read = decoder(*coding, &bytes)
                .map_err(|e| {
                    bad_request(format!(
                        "The request's {coding} content does not decode: {e}"
                    ))
                })?
                .take(limit as u64 + 1)
                .read_to_end(&mut out);
            if let Err(e) = read {
                return Err(bad_request(format!(
                    "The request's {coding} content does not decode: {e}"
                )));
            }
            if out.len() > limit {
                return Err(too_large(limit));
            }
            bytes = std::borrow::Cow::Owned(out);
        }
        Ok(bytes)
    }
}

/// The coding as this build undoes it (`x-gzip` as `gzip`), or `None`.
fn readable_coding(coding: Coding<'_>) -> Option<Coding<'static>> {
    if coding.is_identity() {
        return Some(Coding::IDENTITY);
    }
    READABLE_CODINGS.iter().copied().find(|&c| c == coding)
}

/// A reader that undoes `coding` on `bytes`.
fn decoder<'b>(coding: Coding<'_>, bytes: &'b [u8]) -> std::io::Result<Box<dyn Read + 'b>> {
    #[cfg(feature = "gzip")]
    if coding == Coding::GZIP {
        return Ok(Box::new(flate2::read::MultiGzDecoder::new(bytes)));
    }
    #[cfg(feature = "br")]
    if coding == Coding::BR {
        return Ok(Box::new(brotli_decompressor::Decompressor::new(
            bytes, 8192,
        )));
    }
    #[cfg(feature = "zstd")]
    if coding == Coding::ZSTD {
        let mut decoder = zstd::stream::read::Decoder::with_buffer(bytes)?;
        // A frame may ask for a window of up to 128 MiB: a few bytes from the client would
        // make the server reserve it. 8 MiB (2^23), the size of the largest content read.
        decoder.window_log_max(23)?;
        return Ok(Box::new(decoder));
    }
    let _ = bytes;
    Err(std::io::Error::other(format!("no decoder for {coding}")))
}

/// The 415 for this request: what the resource reads, the body negotiated by its `Accept`.
fn unsupported(
    headers: &HeaderMap,
    method: &http::Method,
    cause: Unsupported,
) -> Box<ContentRejection> {
    let types = readable_types();
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let accept_lines: Vec<&str> = headers
        .get_all(ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let accept = (!accept_lines.is_empty())
        .then(|| Accept::parse(&accept_lines[..]).ok())
        .flatten();
    let mut report = UnsupportedMediaType::new(&types)
        .codings(READABLE_CODINGS)
        .method(Method::from_name(method.as_str()))
        .cause(cause);
    if let Some(t) = text(http::header::CONTENT_TYPE) {
        report = report.received_type(t);
    }
    if let Some(e) = text(http::header::CONTENT_ENCODING) {
        report = report.received_encoding(e);
    }
    let reason = match cause {
        Unsupported::Coding => ContentError::UnsupportedCoding,
        _ => ContentError::UnsupportedType,
    };
    Box::new(ContentRejection {
        reason,
        response: report.response(accept.as_ref()).into(),
    })
}

fn too_large(limit: usize) -> Box<ContentRejection> {
    let message = format!("The request's content is larger than {limit} bytes once decoded.");
    let response = plain(StatusCode::PAYLOAD_TOO_LARGE, &message);
    Box::new(ContentRejection {
        reason: ContentError::TooLarge,
        response,
    })
}

fn bad_request(mut message: String) -> Box<ContentRejection> {
    // A parser's message may quote the content; a client needs only its start.
    cap(&mut message, 512);
    Box::new(ContentRejection {
        reason: ContentError::Invalid(message.clone()),
        response: plain(StatusCode::BAD_REQUEST, &message),
    })
}
