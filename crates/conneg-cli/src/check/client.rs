//! The HTTP side of `conneg check`: a probe (a request as the report prints it), the exchange
//! it gave, and a session per URL that sends each distinct probe once, within a budget of
//! requests, a limit of requests in flight and a timeout per exchange.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, Uri};
use http_body_util::{BodyExt, Empty};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client as Hyper;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tokio::sync::{OnceCell, Semaphore};

/// The most of a response body that is read; the rest is left unread (and the connection
/// dropped), so a huge or endless body costs no more than this.
pub const MAX_BODY: usize = 1 << 20;

/// The most of a body that is kept once read (the checks read error bodies, which are
/// small), so that a session's answers stay small whatever the server sends.
pub const KEPT_BODY: usize = 64 << 10;

/// Timeouts in a row after which a session sends nothing more: a server that stopped
/// answering would otherwise cost the whole budget in timeouts.
pub const MAX_TIMEOUTS: usize = 3;

/// The most requests a check sends at once (`--concurrency`): more would only queue at the
/// server.
pub const MAX_CONCURRENCY: usize = 256;

/// Names whose values are replaced by `<redacted>` in printed commands.
const SECRET: [&str; 3] = ["authorization", "proxy-authorization", "cookie"];

/// Which HTTP version the client speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Version {
    /// HTTP/1.1 over `http:`, HTTP/2 or HTTP/1.1 by ALPN over `https:`.
    #[default]
    Auto,
    /// HTTP/1.1 only.
    Http1,
    /// HTTP/2 only: prior knowledge over `http:`, ALPN `h2` over `https:`.
    Http2,
}

/// How the client behaves.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Headers sent with every request (authentication, say).
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// The longest one exchange (connect, response head, body) may take.
    pub timeout: Duration,
    /// The most requests sent for one URL.
    pub budget: usize,
    /// The most requests in flight at once, for one URL.
    pub concurrency: usize,
    /// The HTTP version.
    pub version: Version,
}

/// A request the checker sends: a method, a URL and the headers that matter to
/// negotiation (the settings' headers are added to every request, and to its `curl`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Probe {
    /// `GET` or `HEAD`.
    pub method: Method,
    /// The absolute URL.
    pub uri: Uri,
    /// Headers, lower-case names, in the order sent. An empty value is sent as an empty
    /// field line.
    pub headers: Vec<(String, String)>,
    /// Sent again though an equal probe was sent before (a repeat tells whether the answer
    /// is stable); 0 for the first.
    pub repeat: u8,
}

impl Probe {
    /// A `GET` of `uri` with `headers`.
    pub fn get(uri: &Uri, headers: &[(&str, &str)]) -> Probe {
        Probe {
            method: Method::GET,
            uri: uri.clone(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_ascii_lowercase(), (*v).to_owned()))
                .collect(),
            repeat: 0,
        }
    }

    /// The same request as `HEAD`.
    #[must_use]
    pub fn head(mut self) -> Probe {
        self.method = Method::HEAD;
        self
    }

    /// The same request with one more header.
    #[must_use]
    pub fn with(mut self, name: &str, value: &str) -> Probe {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// The value of a header of the probe.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The probe as a `curl` command that sends the same request: curl's own `Accept: */*`
    /// removed when the probe has no `Accept`, secrets of `extra` redacted.
    pub fn curl(&self, extra: &[(HeaderName, HeaderValue)], version: Version) -> String {
        let mut out = String::from("curl -sS -i");
        if self.method == Method::HEAD {
            out.push_str(" -I");
        }
        match version {
            Version::Auto => {}
            Version::Http1 => out.push_str(" --http1.1"),
            Version::Http2 if self.uri.scheme_str() == Some("https") => out.push_str(" --http2"),
            Version::Http2 => out.push_str(" --http2-prior-knowledge"),
        }
        if self.header("accept").is_none() {
            out.push_str(" -H 'Accept:'");
        }
        for (name, value) in extra {
            let value = if SECRET.contains(&name.as_str()) {
                "<redacted>"
            } else {
                value.to_str().unwrap_or("<not ASCII>")
            };
            let _ = write!(out, " -H {}", quote(&format!("{}: {value}", name.as_str())));
        }
        for (name, value) in &self.headers {
            let line = if value.is_empty() {
                format!("{};", title_case(name))
            } else {
                format!("{}: {value}", title_case(name))
            };
            let _ = write!(out, " -H {}", quote(&line));
        }
        let _ = write!(out, " {}", quote(&self.uri.to_string()));
        out
    }
}

/// `accept-language` → `Accept-Language`, for printed commands.
fn title_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        out.push(if upper { c.to_ascii_uppercase() } else { c });
        upper = c == '-';
    }
    out
}

/// Single-quotes a word for a POSIX shell.
fn quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// A response, as far as it was read.
#[derive(Debug)]
pub struct Exchange {
    /// The request that got it.
    pub probe: Probe,
    /// The status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body, up to [`KEPT_BODY`] bytes.
    pub body: Bytes,
    /// How many bytes of body were read (up to [`MAX_BODY`]).
    pub body_len: usize,
    /// Whether the body went on past [`MAX_BODY`].
    pub truncated: bool,
}

impl Exchange {
    /// A header's field lines joined by `, `; `None` when absent.
    pub fn header(&self, name: &str) -> Option<String> {
        let mut values = self.headers.get_all(name).iter().peekable();
        values.peek()?;
        let joined: Vec<&str> = values.map(|v| v.to_str().unwrap_or("")).collect();
        Some(joined.join(", "))
    }

    /// The media type of `Content-Type` without parameters, lower-cased.
    pub fn media_type(&self) -> Option<String> {
        let value = self.header("content-type")?;
        let essence = value.split(';').next().unwrap_or("").trim();
        (!essence.is_empty()).then(|| essence.to_ascii_lowercase())
    }

    /// `Content-Language`, lower-cased (the first tag when it lists several).
    pub fn language(&self) -> Option<String> {
        let value = self.header("content-language")?;
        let first = value.split(',').next().unwrap_or("").trim();
        (!first.is_empty()).then(|| first.to_ascii_lowercase())
    }

    /// `Content-Encoding`, lower-cased, `x-gzip` and `x-compress` read as `gzip` and
    /// `compress` (RFC 9110 §8.4.1); `None` for no coding (or `identity`).
    pub fn coding(&self) -> Option<String> {
        let value = self.header("content-encoding")?.trim().to_ascii_lowercase();
        let value = match value.as_str() {
            "x-gzip" => "gzip".to_owned(),
            "x-compress" => "compress".to_owned(),
            _ => value,
        };
        (!value.is_empty() && value != "identity").then_some(value)
    }

    /// The lower-cased names `Vary` lists, `*` included, in order, without repeats.
    pub fn vary(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for line in self.headers.get_all(http::header::VARY) {
            for name in line.to_str().unwrap_or("").split(',') {
                let name = name.trim().to_ascii_lowercase();
                if !name.is_empty() && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    }

    /// Whether `Vary` covers a request header (by name or by `*`).
    pub fn varies_on(&self, name: &str) -> bool {
        self.vary().iter().any(|n| n == "*" || n == name)
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    /// Which representation a 2xx response carries: type, language and coding.
    pub fn representation(&self) -> Representation {
        Representation {
            media_type: self.media_type(),
            language: self.language(),
            coding: self.coding(),
        }
    }

    /// One line for a report: the status and the headers that negotiation sets.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "{} {}",
            self.status.as_u16(),
            self.status.canonical_reason().unwrap_or("")
        );
        for name in [
            "content-type",
            "content-language",
            "content-encoding",
            "content-location",
            "vary",
            "etag",
            "cache-control",
        ] {
            if let Some(value) = self.header(name) {
                let _ = write!(out, "; {}: {}", title_case(name), clip(&value, 120));
            }
        }
        let _ = write!(out, "; {} bytes of body", self.body_len);
        if self.truncated {
            out.push_str(" (and more, not read)");
        }
        out
    }
}

/// Cuts text to at most `max` characters, marking the cut.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_owned(),
    }
}

/// The characteristics of a representation that negotiation chooses.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Representation {
    /// `type/subtype`, lower-cased.
    pub media_type: Option<String>,
    /// The language tag, lower-cased.
    pub language: Option<String>,
    /// The content coding; `None` for identity.
    pub coding: Option<String>,
}

impl fmt::Display for Representation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.media_type.as_deref().unwrap_or("(no type)"))?;
        if let Some(language) = &self.language {
            write!(f, ", {language}")?;
        }
        if let Some(coding) = &self.coding {
            write!(f, ", {coding}")?;
        }
        Ok(())
    }
}

/// Why a probe got no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeError {
    /// The exchange took longer than the timeout.
    Timeout(Duration),
    /// The connection or the response failed (refused, reset, not HTTP, ...).
    Failed(String),
    /// The budget of requests for this URL is spent.
    Budget(usize),
    /// Not sent: the server timed out too many times in a row.
    Abandoned(usize),
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProbeError::Timeout(t) => write!(f, "no complete response within {}s", t.as_secs_f64()),
            ProbeError::Failed(why) => f.write_str(why),
            ProbeError::Budget(n) => write!(f, "the budget of {n} requests is spent"),
            ProbeError::Abandoned(n) => {
                write!(f, "not sent: the server timed out {n} times in a row")
            }
        }
    }
}

type Connector = HttpsConnector<HttpConnector>;

/// The HTTP client, shared by the sessions of every URL (and their connections).
#[derive(Clone)]
pub struct Client {
    hyper: Hyper<Connector, Empty<Bytes>>,
    settings: Arc<Settings>,
    /// Why HTTPS cannot be used, when the system's roots could not be read.
    tls_error: Option<String>,
}

impl Client {
    /// A client with the settings; HTTPS trusts the system's root certificates.
    pub fn new(settings: Settings) -> Client {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(settings.timeout));
        http.set_nodelay(true);
        let (builder, tls_error) =
            match hyper_rustls::HttpsConnectorBuilder::new().with_native_roots() {
                Ok(builder) => (builder, None),
                Err(e) => {
                    let config = rustls::ClientConfig::builder()
                        .with_root_certificates(rustls::RootCertStore::empty())
                        .with_no_client_auth();
                    (
                        hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(config),
                        Some(format!("no usable root certificates on this system ({e})")),
                    )
                }
            };
        let builder = builder.https_or_http();
        let connector = match settings.version {
            Version::Auto => builder.enable_http1().enable_http2().wrap_connector(http),
            Version::Http1 => builder.enable_http1().wrap_connector(http),
            Version::Http2 => builder.enable_http2().wrap_connector(http),
        };
        let hyper = Hyper::builder(TokioExecutor::new())
            .http2_only(settings.version == Version::Http2)
            .pool_idle_timeout(Duration::from_secs(5))
            .build(connector);
        Client {
            hyper,
            settings: Arc::new(settings),
            tls_error,
        }
    }

    /// Why an `https:` URL cannot be checked, if it cannot.
    pub fn tls_error(&self) -> Option<&str> {
        self.tls_error.as_deref()
    }

    /// Sends one request and reads its response (the body up to [`MAX_BODY`]), all within
    /// the timeout.
    /// The settings' headers go only to `origin` (`scheme://authority`), never to a host a
    /// redirect or a `Content-Location` leads to.
    async fn exchange(&self, probe: &Probe, origin: &str) -> Result<Exchange, ProbeError> {
        let timeout = self.settings.timeout;
        let extra = origin_of(&probe.uri).as_deref() == Some(origin);
        tokio::time::timeout(timeout, self.exchange_untimed(probe, extra))
            .await
            .unwrap_or(Err(ProbeError::Timeout(timeout)))
    }

    async fn exchange_untimed(&self, probe: &Probe, extra: bool) -> Result<Exchange, ProbeError> {
        let mut request = Request::builder()
            .method(probe.method.clone())
            .uri(probe.uri.clone());
        let headers = request.headers_mut().expect("the builder has no error yet");
        headers.insert(
            http::header::USER_AGENT,
            HeaderValue::from_static(concat!("conneg-check/", env!("CARGO_PKG_VERSION"))),
        );
        if extra {
            for (name, value) in &self.settings.headers {
                headers.append(name.clone(), value.clone());
            }
        }
        for (name, value) in &probe.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| ProbeError::Failed(format!("header name {name:?}: {e}")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|e| ProbeError::Failed(format!("header value {value:?}: {e}")))?;
            headers.append(name, value);
        }
        let request = request
            .body(Empty::new())
            .map_err(|e| ProbeError::Failed(e.to_string()))?;
        let response = self
            .hyper
            .request(request)
            .await
            .map_err(|e| ProbeError::Failed(describe(&e)))?;
        let (parts, mut body) = response.into_parts();
        let mut bytes = BytesMut::new();
        let mut body_len = 0;
        let mut truncated = false;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| ProbeError::Failed(describe(&e)))?;
            if let Ok(data) = frame.into_data() {
                let keep = data.len().min(KEPT_BODY - bytes.len());
                bytes.extend_from_slice(&data[..keep]);
                body_len += data.len();
                if body_len > MAX_BODY {
                    body_len = MAX_BODY;
                    truncated = true;
                    break;
                }
            }
        }
        Ok(Exchange {
            probe: probe.clone(),
            status: parts.status,
            headers: parts.headers,
            body: bytes.freeze(),
            body_len,
            truncated,
        })
    }
}

/// `scheme://authority` of a URL.
pub fn origin_of(uri: &Uri) -> Option<String> {
    Some(format!("{}://{}", uri.scheme_str()?, uri.authority()?))
}

/// An error and its causes, on one line.
fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            let _ = write!(text, ": {cause_text}");
        }
        source = cause.source();
    }
    text
}

type Slot = Arc<OnceCell<Result<Arc<Exchange>, ProbeError>>>;

/// The requests made for one URL: each distinct probe is sent once (later asks share its
/// answer), no more than the budget in all, no more than the concurrency at once.
pub struct Session {
    client: Client,
    origin: String,
    permits: Semaphore,
    sent: AtomicUsize,
    refused: AtomicUsize,
    timeouts: AtomicUsize,
    answers: Mutex<HashMap<Probe, Slot>>,
    order: Mutex<Vec<Probe>>,
}

impl Session {
    /// A session on the client for the URL `url` (whose origin gets the settings' headers).
    pub fn new(client: Client, url: &Uri) -> Session {
        // Within 1..=MAX_CONCURRENCY, as the command checks; clamped here too for a caller
        // of the library that sets the field directly.
        let permits = Semaphore::new(client.settings.concurrency.clamp(1, MAX_CONCURRENCY));
        Session {
            client,
            origin: origin_of(url).unwrap_or_default(),
            permits,
            sent: AtomicUsize::new(0),
            refused: AtomicUsize::new(0),
            timeouts: AtomicUsize::new(0),
            answers: Mutex::new(HashMap::new()),
            order: Mutex::new(Vec::new()),
        }
    }

    /// The answer to a probe: sent now, or the one an equal probe got.
    pub async fn send(&self, probe: Probe) -> Result<Arc<Exchange>, ProbeError> {
        let slot = {
            let mut answers = self.answers.lock().unwrap_or_else(PoisonError::into_inner);
            if !answers.contains_key(&probe) {
                self.order
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(probe.clone());
            }
            Arc::clone(answers.entry(probe.clone()).or_default())
        };
        slot.get_or_init(|| async {
            // The semaphore is never closed, so a permit always comes. Counted once it has
            // come: a probe waiting for its turn is not sent yet.
            let _permit = self.permits.acquire().await.ok();
            let timeouts = self.timeouts.load(Ordering::SeqCst);
            if timeouts >= MAX_TIMEOUTS {
                self.refused.fetch_add(1, Ordering::SeqCst);
                return Err(ProbeError::Abandoned(timeouts));
            }
            let budget = self.client.settings.budget;
            if self.sent.fetch_add(1, Ordering::SeqCst) >= budget {
                self.sent.fetch_sub(1, Ordering::SeqCst);
                self.refused.fetch_add(1, Ordering::SeqCst);
                return Err(ProbeError::Budget(budget));
            }
            let answer = self.client.exchange(&probe, &self.origin).await;
            match &answer {
                Err(ProbeError::Timeout(_)) => {
                    self.timeouts.fetch_add(1, Ordering::SeqCst);
                }
                _ => self.timeouts.store(0, Ordering::SeqCst),
            }
            answer.map(Arc::new)
        })
        .await
        .clone()
    }

    /// How many requests were sent.
    pub fn sent(&self) -> usize {
        self.sent.load(Ordering::SeqCst)
    }

    /// How many probes were not sent, for the budget or after repeated timeouts.
    pub fn refused(&self) -> usize {
        self.refused.load(Ordering::SeqCst)
    }

    /// Every answer so far, in the order the probes were first asked for.
    pub fn answers(&self) -> Vec<(Probe, Result<Arc<Exchange>, ProbeError>)> {
        let order = self
            .order
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let answers = self.answers.lock().unwrap_or_else(PoisonError::into_inner);
        order
            .into_iter()
            .filter_map(|probe| {
                let answer = answers.get(&probe)?.get()?.clone();
                Some((probe, answer))
            })
            .collect()
    }

    /// The probe as a `curl` command, with the session's extra headers.
    pub fn curl(&self, probe: &Probe) -> String {
        probe.curl(&self.client.settings.headers, self.client.settings.version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_reproduces_the_probe() {
        let uri: Uri = "http://127.0.0.1:8080/it's".parse().unwrap();
        let probe = Probe::get(&uri, &[("Accept-Language", "de"), ("accept-encoding", "")]);
        let extra = [
            (
                HeaderName::from_static("authorization"),
                HeaderValue::from_static("Bearer x"),
            ),
            (
                HeaderName::from_static("x-team"),
                HeaderValue::from_static("a"),
            ),
        ];
        assert_eq!(
            probe.curl(&extra, Version::Auto),
            "curl -sS -i -H 'Accept:' -H 'authorization: <redacted>' -H 'x-team: a' \
             -H 'Accept-Language: de' -H 'Accept-Encoding;' 'http://127.0.0.1:8080/it'\\''s'"
        );
        let head = Probe::get(&uri, &[("accept", "*/*")]).head();
        assert_eq!(
            head.curl(&[], Version::Http2),
            "curl -sS -i -I --http2-prior-knowledge -H 'Accept: */*' 'http://127.0.0.1:8080/it'\\''s'"
        );
    }

    #[test]
    fn clip_marks_the_cut() {
        assert_eq!(clip("abcdef", 3), "abc...");
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("ééé", 2), "éé...");
    }
}
