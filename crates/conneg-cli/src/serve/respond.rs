//! One request answered from the index: negotiation, conditional requests, ranges, HEAD, and
//! the errors (400, 404, 405, 406, 412, 416, 431).

use bytes::{BufMut, Bytes, BytesMut};
use conneg::{HeaderLines, NotAcceptable, negotiate};
use http::header::{
    ACCEPT_RANGES, ALLOW, CONTENT_ENCODING, CONTENT_LANGUAGE, CONTENT_LENGTH, CONTENT_LOCATION,
    CONTENT_RANGE, CONTENT_TYPE, ETAG, HeaderMap, HeaderValue, LAST_MODIFIED, LOCATION, RANGE,
    VARY,
};
use http::{Method, Response, StatusCode};

use super::conditional::{self, Precondition};
use super::index::{Entry, Index, Lookup, Resource};
use super::range::{self, Ranges};

/// What a request came to, for the access log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome<'i> {
    /// A file was served (or 304), chosen by negotiation; `fallback` when a header was
    /// ignored to serve it.
    Served {
        /// The file's URL.
        url: &'i str,
        /// Whether a header was ignored to serve it.
        fallback: bool,
    },
    /// 406: nothing acceptable.
    NotAcceptable,
    /// Anything else (404, 405, 400, 431, a redirect).
    Other,
}

impl std::fmt::Display for Outcome<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Served {
                url,
                fallback: false,
            } => write!(f, "variant={url}"),
            Outcome::Served {
                url,
                fallback: true,
            } => write!(f, "fallback={url}"),
            Outcome::NotAcceptable => f.write_str("not-acceptable"),
            Outcome::Other => f.write_str("-"),
        }
    }
}

/// The response to `method path` with `headers`, and what it came to.
pub fn respond<'i>(
    index: &'i Index,
    method: &Method,
    raw_path: &str,
    headers: &HeaderMap,
) -> (Response<Bytes>, Outcome<'i>) {
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "Only GET and HEAD are served here.",
        );
        r.headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return (r, Outcome::Other);
    }
    let Some(path) = decode(raw_path) else {
        return (
            plain(StatusCode::BAD_REQUEST, "The path is not a valid one."),
            Outcome::Other,
        );
    };
    let resource = match index.lookup(&path) {
        Lookup::Resource(resource) => resource,
        Lookup::Directory => {
            let mut r = plain(StatusCode::MOVED_PERMANENTLY, "A directory: see its index.");
            // The path as the client wrote it (a valid URI path), not decoded.
            if let Ok(location) = HeaderValue::try_from(format!("{raw_path}/")) {
                r.headers_mut().insert(LOCATION, location);
            }
            return (r, Outcome::Other);
        }
        Lookup::Missing => {
            return (
                plain(StatusCode::NOT_FOUND, "Nothing here."),
                Outcome::Other,
            );
        }
    };
    let variants: Vec<_> = resource
        .entries
        .iter()
        .map(|&i| index.entries[i].variant())
        .collect();
    let lines = HeaderLines::of(headers, resource.consulted);
    let request = match lines.request() {
        Ok(request) => request,
        Err(error) => {
            let status = if error.is_over_limit() {
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
            } else {
                StatusCode::BAD_REQUEST
            };
            let mut r = plain(status, &error.to_string());
            if let Some(vary) = &resource.vary_value {
                r.headers_mut().insert(VARY, vary.clone());
            }
            return (r, Outcome::Other);
        }
    };
    let decision = negotiate(&request, &variants, &resource.policy);
    let Some(chosen) = decision.chosen() else {
        let mut not_acceptable = NotAcceptable::new(&decision);
        if let Some(page) = &index.page {
            not_acceptable = not_acceptable.html(|report: &conneg::Report| page.render(report));
        }
        let response: Response<String> = not_acceptable.response().into();
        let mut response = response.map(Bytes::from);
        if method == Method::HEAD {
            *response.body_mut() = Bytes::new();
        }
        return (response, Outcome::NotAcceptable);
    };
    let entry = &index.entries[resource.entries[chosen]];
    let outcome = Outcome::Served {
        url: &entry.url,
        fallback: !decision.fallback().is_empty(),
    };
    (
        chosen_response(resource, entry, method, &path, headers),
        outcome,
    )
}

/// The response of the variant negotiation chose: 200, 206, 304, 412 or 416.
fn chosen_response(
    resource: &Resource,
    entry: &Entry,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
) -> Response<Bytes> {
    let mut response = Response::new(Bytes::new());
    let h = response.headers_mut();
    if let Some(vary) = &resource.vary_value {
        h.insert(VARY, vary.clone());
    }
    h.insert(ETAG, entry.etag.clone());
    h.insert(LAST_MODIFIED, entry.last_modified.clone());
    if let (true, Some(location)) = (entry.url != path, &entry.content_location) {
        h.insert(CONTENT_LOCATION, location.clone());
    }
    match conditional::evaluate(entry, headers) {
        Precondition::Proceed => {}
        Precondition::NotModified => {
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            return response;
        }
        Precondition::Failed => {
            let mut failed = plain(
                StatusCode::PRECONDITION_FAILED,
                "The representation does not meet the request's If-Match or \
                 If-Unmodified-Since.",
            );
            failed
                .headers_mut()
                .extend(std::mem::take(response.headers_mut()));
            return failed;
        }
    }
    describe(entry, response.headers_mut());
    if method == Method::HEAD {
        // Range applies to GET only (RFC 9110 §14.2): HEAD describes the whole.
        response
            .headers_mut()
            .insert(CONTENT_LENGTH, HeaderValue::from(entry.body.len()));
        return response;
    }
    let asked = headers
        .get(RANGE)
        .filter(|_| headers.get_all(RANGE).iter().count() == 1);
    let ranges = match asked {
        Some(value) if conditional::range_allowed(entry, headers) => {
            range::ranges(value.as_bytes(), entry.body.len() as u64)
        }
        _ => Ranges::Ignore,
    };
    match ranges {
        Ranges::Ignore => *response.body_mut() = entry.body.clone(),
        Ranges::Unsatisfiable => {
            let mut refused = plain(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "No range of the request is within the representation.",
            );
            let h = refused.headers_mut();
            if let Some(vary) = &resource.vary_value {
                h.insert(VARY, vary.clone());
            }
            h.insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            h.insert(CONTENT_RANGE, content_range(None, entry.body.len()));
            return refused;
        }
        Ranges::Satisfiable(parts) => partial(entry, &parts, &mut response),
    }
    response
}

/// Makes `response` (a 200 with the representation headers) the 206 of `parts` of `entry`:
/// one range as it is, several as multipart/byteranges. Several ranges of a precompressed
/// variant are served whole instead: the parts of a multipart body could not say that their
/// bytes are gzip's, and `Content-Encoding` on the response would claim the multipart body
/// itself is encoded.
fn partial(entry: &Entry, parts: &[std::ops::Range<u64>], response: &mut Response<Bytes>) {
    let len = entry.body.len();
    // The ranges are within the body (range::ranges clips them), so these fit in usize.
    let slice = |r: &std::ops::Range<u64>| entry.body.slice(r.start as usize..r.end as usize);
    match parts {
        [one] => {
            *response.status_mut() = StatusCode::PARTIAL_CONTENT;
            response
                .headers_mut()
                .insert(CONTENT_RANGE, content_range(Some(one), len));
            *response.body_mut() = slice(one);
        }
        _ if entry.coding.is_some() => *response.body_mut() = entry.body.clone(),
        _ => {
            let seed = parts.iter().fold(entry.modified_secs ^ len as u64, |n, r| {
                n.rotate_left(7) ^ r.start ^ r.end.rotate_left(32)
            });
            let boundary = range::boundary(&entry.body, seed);
            let mut body = BytesMut::new();
            for part in parts {
                body.put_slice(format!("--{boundary}\r\nContent-Type: ").as_bytes());
                body.put_slice(entry.content_type.as_bytes());
                body.put_slice(b"\r\nContent-Range: ");
                body.put_slice(content_range(Some(part), len).as_bytes());
                body.put_slice(b"\r\n\r\n");
                body.put_slice(&slice(part));
                body.put_slice(b"\r\n");
            }
            body.put_slice(format!("--{boundary}--\r\n").as_bytes());
            *response.status_mut() = StatusCode::PARTIAL_CONTENT;
            let h = response.headers_mut();
            if let Ok(value) =
                HeaderValue::try_from(format!("multipart/byteranges; boundary={boundary}"))
            {
                h.insert(CONTENT_TYPE, value);
            }
            *response.body_mut() = body.freeze();
        }
    }
}

/// `bytes first-last/len`, or `bytes */len` for a 416.
fn content_range(range: Option<&std::ops::Range<u64>>, len: usize) -> HeaderValue {
    let text = match range {
        Some(r) => format!("bytes {}-{}/{len}", r.start, r.end - 1),
        None => format!("bytes */{len}"),
    };
    HeaderValue::try_from(text).unwrap_or_else(|_| HeaderValue::from_static("bytes */0"))
}

/// The representation headers of a 200.
fn describe(entry: &Entry, h: &mut HeaderMap) {
    h.insert(CONTENT_TYPE, entry.content_type.clone());
    if let Some(language) = &entry.content_language {
        h.insert(CONTENT_LANGUAGE, language.clone());
    }
    if let Some(coding) = &entry.content_encoding {
        h.insert(CONTENT_ENCODING, coding.clone());
    }
    h.insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
}

/// A plain-text response that is neither stored nor sniffed.
fn plain(status: StatusCode, message: &str) -> Response<Bytes> {
    let mut r = Response::new(Bytes::from(format!(
        "{} {}\n\n{message}\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    )));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(
        http::header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
    h.insert(
        http::header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// `path` percent-decoded, or `None` when it is not a clean absolute path: invalid escapes,
/// not UTF-8, a NUL, a backslash, or a `.`/`..` segment.
pub fn decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let digit = |at: usize| char::from(*bytes.get(at)?).to_digit(16);
            let (high, low) = (digit(i + 1)?, digit(i + 2)?);
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(out).ok()?;
    let clean = path.starts_with('/')
        && !path.contains(['\0', '\\'])
        && path.split('/').all(|s| s != "." && s != "..");
    clean.then_some(path)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn paths_are_decoded_and_traversal_refused() {
        assert_eq!(decode("/news%2Ede.html").as_deref(), Some("/news.de.html"));
        assert_eq!(decode("/a%20b").as_deref(), Some("/a b"));
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/b",
            "/a%5c..",
            "/%00",
            "/%zz",
            "/%e9",
            "x",
            "/a/./b",
        ] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
