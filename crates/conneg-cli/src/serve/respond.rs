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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A file was served (or 304), chosen by negotiation; `fallback` when a header was
    /// ignored to serve it.
    Served {
        /// The file's URL.
        url: String,
        /// Whether a header was ignored to serve it.
        fallback: bool,
    },
    /// 406: nothing acceptable.
    NotAcceptable,
    /// Anything else (404, 405, 400, 431, a redirect).
    Other,
}

impl std::fmt::Display for Outcome {
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
pub fn respond(
    index: &Index,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
) -> (Response<Bytes>, Outcome) {
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "Only GET and HEAD are served here.",
        );
        r.headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return (r, Outcome::Other);
    }
    let Some(path) = decode(path) else {
        return (
            plain(StatusCode::BAD_REQUEST, "The path is not a valid one."),
            Outcome::Other,
        );
    };
    let resource = match index.lookup(&path) {
        Lookup::Resource(resource) => resource,
        Lookup::Directory => {
            let mut r = plain(StatusCode::MOVED_PERMANENTLY, "A directory: see its index.");
            if let Ok(location) = HeaderValue::try_from(format!("{path}/")) {
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
            merge_vary(r.headers_mut(), resource.vary);
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
        url: entry.url.clone(),
        fallback: !decision.fallback().is_empty(),
    };
    let mut response = Response::new(Bytes::new());
    let h = response.headers_mut();
    merge_vary(h, resource.vary);
    h.insert(ETAG, entry.etag.clone());
    h.insert(LAST_MODIFIED, entry.last_modified.clone());
    if entry.url != path {
        if let Ok(location) = HeaderValue::from_str(&entry.url) {
            h.insert(CONTENT_LOCATION, location);
        }
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
    if let Some(language) = entry
        .language
        .as_deref()
        .and_then(|l| HeaderValue::from_str(l).ok())
    {
        h.insert(CONTENT_LANGUAGE, language);
    }
    if let Some(coding) = entry.coding {
        if let Ok(value) = HeaderValue::from_str(coding.as_str()) {
            h.insert(CONTENT_ENCODING, value);
        }
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

fn merge_vary(headers: &mut HeaderMap, vary: conneg::Vary) {
    if !vary.is_empty() {
        if let Ok(value) = HeaderValue::try_from(vary.to_string()) {
            headers.insert(VARY, value);
        }
    }
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
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
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
