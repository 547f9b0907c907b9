//! One request answered from the index: negotiation, conditional requests, HEAD, and the
//! errors (400, 404, 405, 406, 431).

use std::time::SystemTime;

use bytes::Bytes;
use conneg::{HeaderLines, NotAcceptable, negotiate};
use http::header::{
    ACCEPT_RANGES, ALLOW, CONTENT_ENCODING, CONTENT_LANGUAGE, CONTENT_LOCATION, CONTENT_TYPE, ETAG,
    HeaderMap, HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION, VARY,
};
use http::{Method, Response, StatusCode};

use super::index::{Entry, Index, Lookup};

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
    let lines = HeaderLines::new(headers);
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
        let response: Response<String> = NotAcceptable::new(&decision).response().into();
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
    if not_modified(entry, headers) {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        return (response, outcome);
    }
    describe(entry, response.headers_mut());
    if method == Method::GET {
        *response.body_mut() = entry.body.clone();
    } else {
        response.headers_mut().insert(
            http::header::CONTENT_LENGTH,
            HeaderValue::from(entry.body.len()),
        );
    }
    (response, outcome)
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
    h.insert(ACCEPT_RANGES, HeaderValue::from_static("none"));
}

/// Whether the request's validators match the chosen variant (and only it): `If-None-Match`
/// by weak comparison, else `If-Modified-Since`.
fn not_modified(entry: &Entry, headers: &HeaderMap) -> bool {
    let tags: Vec<&str> = headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if !tags.is_empty() {
        let ours = entry.etag.to_str().unwrap_or_default();
        return tags
            .iter()
            .flat_map(|line| line.split(','))
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .any(|tag| tag == "*" || tag == ours);
    }
    let since = headers
        .get(IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok());
    since.is_some_and(|since: SystemTime| {
        let since = since
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        entry.modified_secs <= since
    })
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
