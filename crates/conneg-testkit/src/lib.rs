//! One list of HTTP cases, sent over loopback with hyper's client to every server integration
//! of conneg: the `axum-api` and `actix-api` examples implement the same items API, and both
//! must pass every case (`examples/*/tests/cases.rs`).
//!
//! The API (the contract both examples implement):
//!
//! - `GET /items`, `GET /items/{id}`: [`items`] as JSON (the default), XML, CSV, YAML,
//!   MessagePack, CBOR or an HTML list; strict (406 when none is acceptable). Each response
//!   has a strong `ETag` per representation, and `If-None-Match` gives 304.
//! - `POST /items`: a [`NewItem`] in any of those data formats, compressed with gzip, br or
//!   zstd or not; answers 201 with the created [`Item`] (id 3; the demo keeps no state) in the
//!   negotiated format and `Location: /items/3`.
//! - `GET /v2/items`: [`ItemV2`]s as `application/vnd.conneg-demo.v1+json` (the default) or
//!   `.v2+json`; a request without `Accept` gets 406 (require-Accept).
//! - `GET /health`: `ok`, not negotiated.

// A test kit: it panics, on purpose, when a case fails or the server does not answer.
#![allow(clippy::missing_panics_doc)]

pub mod events;

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::SocketAddr;

use http::{HeaderMap, Method, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde::{Deserialize, Serialize};

/// An item of the demo API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Its id.
    pub id: u32,
    /// Its name: the fixtures have a comma (CSV quoting) and non-ASCII letters (UTF-8).
    pub name: String,
    /// Its price, in cents.
    pub price_cents: u32,
}

/// The content of `POST /items`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewItem {
    /// The name.
    pub name: String,
    /// The price, in cents.
    pub price_cents: u32,
}

/// An item as version 2 of the API has it: the price with its currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemV2 {
    /// Its id.
    pub id: u32,
    /// Its name.
    pub name: String,
    /// Its price.
    pub price: Price,
}

/// A price of version 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Price {
    /// In cents.
    pub cents: u32,
    /// ISO 4217.
    pub currency: String,
}

/// The items every server of the demo API has.
pub fn items() -> Vec<Item> {
    vec![
        Item {
            id: 1,
            name: "Widget, large".into(),
            price_cents: 250,
        },
        Item {
            id: 2,
            name: "Grüße-Karte".into(),
            price_cents: 1999,
        },
    ]
}

/// The items as version 2 has them.
pub fn items_v2() -> Vec<ItemV2> {
    items()
        .into_iter()
        .map(|i| ItemV2 {
            id: i.id,
            name: i.name,
            price: Price {
                cents: i.price_cents,
                currency: "EUR".into(),
            },
        })
        .collect()
}

/// The item `POST /items` creates from `new`.
pub fn created(new: NewItem) -> Item {
    Item {
        id: 3,
        name: new.name,
        price_cents: new.price_cents,
    }
}

/// The HTML list of `items`, as both example APIs render it for browsers (names escaped).
pub fn items_page(items: &[Item]) -> String {
    let mut html = String::from(
        "<!doctype html>\n<html lang=\"en\"><meta charset=\"utf-8\"><title>Items</title>\n<ul>\n",
    );
    for item in items {
        html.push_str("<li>");
        html.push_str(
            &item
                .name
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;"),
        );
        html.push_str("</li>\n");
    }
    html.push_str("</ul>\n</html>\n");
    html
}

/// The data formats of the cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Data {
    /// `application/json`.
    Json,
    /// `application/xml`.
    Xml,
    /// `text/csv`.
    Csv,
    /// `application/yaml`.
    Yaml,
    /// `application/msgpack`.
    MessagePack,
    /// `application/cbor`.
    Cbor,
}

impl Data {
    /// Every data format.
    pub const ALL: [Data; 6] = [
        Data::Json,
        Data::Xml,
        Data::Csv,
        Data::Yaml,
        Data::MessagePack,
        Data::Cbor,
    ];

    /// The media type, as sent and expected in `Content-Type`.
    pub const fn media_type(self) -> &'static str {
        match self {
            Data::Json => "application/json",
            Data::Xml => "application/xml",
            Data::Csv => "text/csv",
            Data::Yaml => "application/yaml",
            Data::MessagePack => "application/msgpack",
            Data::Cbor => "application/cbor",
        }
    }

    /// The `Content-Type` of a response in this format.
    pub fn content_type(self) -> String {
        match self {
            Data::Xml | Data::Csv => format!("{}; charset=utf-8", self.media_type()),
            _ => self.media_type().into(),
        }
    }

    /// `value` in this format, written independently of the server (the client's side).
    pub fn encode<T: Serialize>(self, value: &T) -> Vec<u8> {
        match self {
            Data::Json => serde_json::to_vec(value).unwrap(),
            Data::Xml => quick_xml::se::to_string(value).unwrap().into_bytes(),
            Data::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                w.serialize(value).unwrap();
                w.into_inner().unwrap()
            }
            Data::Yaml => serde_yaml_ng::to_string(value).unwrap().into_bytes(),
            Data::MessagePack => rmp_serde::to_vec_named(value).unwrap(),
            Data::Cbor => {
                let mut out = Vec::new();
                ciborium::into_writer(value, &mut out).unwrap();
                out
            }
        }
    }

    /// A list of items read from `bytes` in this format.
    pub fn decode_items(self, bytes: &[u8]) -> Result<Vec<Item>, String> {
        #[derive(Deserialize)]
        struct XmlList {
            item: Vec<Item>,
        }
        match self {
            Data::Xml => {
                let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
                quick_xml::de::from_str::<XmlList>(text)
                    .map(|l| l.item)
                    .map_err(|e| e.to_string())
            }
            Data::Csv => csv::Reader::from_reader(bytes)
                .deserialize()
                .collect::<Result<Vec<Item>, _>>()
                .map_err(|e| e.to_string()),
            _ => self.decode(bytes),
        }
    }

    /// One value read from `bytes` in this format.
    pub fn decode<T: serde::de::DeserializeOwned>(self, bytes: &[u8]) -> Result<T, String> {
        match self {
            Data::Json => serde_json::from_slice(bytes).map_err(|e| e.to_string()),
            Data::Xml => {
                let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
                quick_xml::de::from_str(text).map_err(|e| e.to_string())
            }
            Data::Csv => csv::Reader::from_reader(bytes)
                .deserialize()
                .next()
                .ok_or_else(|| "no record".to_string())?
                .map_err(|e| e.to_string()),
            Data::Yaml => serde_yaml_ng::from_slice(bytes).map_err(|e| e.to_string()),
            Data::MessagePack => rmp_serde::from_slice(bytes).map_err(|e| e.to_string()),
            Data::Cbor => ciborium::from_reader(bytes).map_err(|e| e.to_string()),
        }
    }
}

/// A content coding of request content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// `gzip`.
    Gzip,
    /// `br`.
    Brotli,
    /// `zstd`.
    Zstd,
}

impl Compression {
    /// The coding's name.
    pub const fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Brotli => "br",
            Compression::Zstd => "zstd",
        }
    }

    /// `bytes` compressed.
    pub fn compress(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            Compression::Gzip => {
                let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                e.write_all(bytes).unwrap();
                e.finish().unwrap()
            }
            Compression::Brotli => {
                let mut out = Vec::new();
                {
                    let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
                    w.write_all(bytes).unwrap();
                }
                out
            }
            Compression::Zstd => zstd::stream::encode_all(bytes, 3).unwrap(),
        }
    }
}

/// What a case checks in the response body.
#[derive(Debug, Clone)]
pub enum Check {
    /// Nothing.
    Any,
    /// No bytes (HEAD, 304).
    Empty,
    /// The fixture [`items`], read in this format.
    Items(Data),
    /// This item, read in this format.
    Item(Data, Item),
    /// The version-2 items, as JSON.
    ItemsV2,
    /// The version-1 items, as JSON.
    ItemsV1,
    /// The body contains each of these texts.
    Contains(Vec<&'static str>),
    /// An RFC 9457 problem with this status, whose `available` (406) or `accepted` (415) list
    /// names `application/json`.
    Problem(u16),
}

/// One request and what its response must be.
#[derive(Debug, Clone)]
pub struct Case {
    /// What the case shows.
    pub name: String,
    /// The method.
    pub method: Method,
    /// The path.
    pub path: &'static str,
    /// The request headers.
    pub headers: Vec<(&'static str, String)>,
    /// The request content.
    pub body: Vec<u8>,
    /// The status.
    pub status: u16,
    /// Headers the response must have, with these exact values.
    pub expect: Vec<(&'static str, String)>,
    /// Headers the response must not have.
    pub absent: Vec<&'static str>,
    /// The body.
    pub check: Check,
}

impl Case {
    /// A case: `method path` must answer `status` (and nothing else is checked yet).
    pub fn new(name: impl Into<String>, method: Method, path: &'static str, status: u16) -> Self {
        Case {
            name: name.into(),
            method,
            path,
            headers: Vec::new(),
            body: Vec::new(),
            status,
            expect: Vec::new(),
            absent: Vec::new(),
            check: Check::Any,
        }
    }

    /// A `GET` case.
    pub fn get(name: impl Into<String>, path: &'static str, status: u16) -> Self {
        Case::new(name, Method::GET, path, status)
    }

    /// With this request header.
    #[must_use]
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Expecting this response header, with exactly this value (lines joined by `, `).
    #[must_use]
    pub fn expect(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.expect.push((name, value.into()));
        self
    }

    /// Expecting no such response header.
    #[must_use]
    pub fn absent(mut self, name: &'static str) -> Self {
        self.absent.push(name);
        self
    }

    /// Checking the body so.
    #[must_use]
    pub fn check(mut self, check: Check) -> Self {
        self.check = check;
        self
    }

    /// With this request content.
    #[must_use]
    pub fn body(mut self, body: Vec<u8>) -> Self {
        self.body = body;
        self
    }
}

const CHROME: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
const V1: &str = "application/vnd.conneg-demo.v1+json";
const V2: &str = "application/vnd.conneg-demo.v2+json";

/// Every case, in the order they are sent.
#[allow(clippy::too_many_lines)] // a list
pub fn cases() -> Vec<Case> {
    let new = NewItem {
        name: "Zähler; \"neu\"".into(),
        price_cents: 5,
    };
    let made = created(new.clone());
    let mut cases = vec![
        // No Accept, */*, a browser: never 406.
        Case::get("no Accept: the default, JSON", "/items", 200)
            .expect("content-type", "application/json")
            .expect("vary", "Accept")
            .check(Check::Items(Data::Json)),
        Case::get("*/*: the default, JSON", "/items", 200)
            .header("accept", "*/*")
            .expect("content-type", "application/json")
            .check(Check::Items(Data::Json)),
        Case::get("a browser gets the HTML list", "/items", 200)
            .header("accept", CHROME)
            .expect("content-type", "text/html; charset=utf-8")
            .expect("vary", "Accept")
            .check(Check::Contains(vec![
                "<li>Widget, large</li>",
                "Grüße-Karte",
            ])),
        Case::get("q=0 refuses JSON: the next, XML", "/items", 200)
            .header("accept", "application/json;q=0, */*")
            .expect("content-type", "application/xml; charset=utf-8")
            .check(Check::Items(Data::Xml)),
        Case::get("the most specific range decides", "/items", 200)
            .header("accept", "application/*;q=0.1, application/cbor, */*;q=0.5")
            .expect("content-type", "application/cbor")
            .check(Check::Items(Data::Cbor)),
        Case::get("nothing acceptable: 406 in text", "/items", 406)
            .header("accept", "image/png")
            .expect("content-type", "text/plain; charset=utf-8")
            .expect("vary", "Accept")
            .expect("cache-control", "no-store")
            .check(Check::Contains(vec![
                "application/json",
                "application/cbor",
            ])),
        Case::get("406 as problem+json when asked", "/items", 406)
            .header("accept", "image/png, application/problem+json")
            .expect("content-type", "application/problem+json")
            .expect("vary", "Accept")
            .check(Check::Problem(406)),
        Case::get("406 as HTML for a browser", "/v2/items", 406)
            .header("accept", CHROME.replace(",*/*;q=0.8", ""))
            .expect("content-type", "text/html; charset=utf-8")
            .check(Check::Contains(vec!["<html", V1, V2])),
        Case::new("HEAD: GET's headers, no body", Method::HEAD, "/items", 200)
            .header("accept", "application/yaml")
            .expect("content-type", "application/yaml")
            .expect("vary", "Accept")
            .check(Check::Empty),
        Case::get("one item, as XML", "/items/1", 200)
            .header("accept", "application/xml")
            .expect("content-type", "application/xml; charset=utf-8")
            .expect("etag", "\"item-1-xml\"")
            .check(Check::Item(Data::Xml, items()[0].clone())),
        Case::get("If-None-Match: 304 with Vary", "/items/1", 304)
            .header("accept", "application/xml")
            .header("if-none-match", "\"item-1-xml\"")
            .expect("vary", "Accept")
            .expect("etag", "\"item-1-xml\"")
            .check(Check::Empty),
        Case::get("another variant's ETag: no 304", "/items/1", 200)
            .header("accept", "application/json")
            .header("if-none-match", "\"item-1-xml\"")
            .expect("etag", "\"item-1-json\"")
            .check(Check::Item(Data::Json, items()[0].clone())),
        Case::get("a missing item: 404 with Vary", "/items/99", 404).expect("vary", "Accept"),
        Case::get("an oversized Accept: 431", "/items", 431)
            .header("accept", format!("{},*/*", "a/b,".repeat(2500)))
            .expect("cache-control", "no-store")
            .expect("x-content-type-options", "nosniff")
            .expect("vary", "Accept"),
        Case::get("a route without negotiation is untouched", "/health", 200)
            .absent("vary")
            .check(Check::Contains(vec!["ok"])),
        // Version 2: the client must ask.
        Case::get("v2 without Accept: 406 (require-Accept)", "/v2/items", 406)
            .expect("vary", "Accept"),
        Case::get("v2 asked for explicitly", "/v2/items", 200)
            .header("accept", V2)
            .expect("content-type", V2)
            .check(Check::ItemsV2),
        Case::get("v1 asked for explicitly", "/v2/items", 200)
            .header("accept", V1)
            .expect("content-type", V1)
            .check(Check::ItemsV1),
        Case::get("*/* on v2: the default, v1", "/v2/items", 200)
            .header("accept", "*/*")
            .expect("content-type", V1)
            .check(Check::ItemsV1),
        // Request content.
        Case::new(
            "POST without Content-Type: 415",
            Method::POST,
            "/items",
            415,
        )
        .body(br#"{"name":"x","price_cents":1}"#.to_vec())
        .expect("accept-post", accepted_types())
        .expect("vary", "Accept"),
        Case::new(
            "POST of an unsupported type: 415, problem+json",
            Method::POST,
            "/items",
            415,
        )
        .header("content-type", "text/plain")
        .header("accept", "application/json, application/problem+json")
        .body(b"hello".to_vec())
        .expect("accept", accepted_types())
        .expect("accept-post", accepted_types())
        .expect("content-type", "application/problem+json")
        .check(Check::Problem(415)),
        Case::new(
            "POST in an unsupported coding: 415",
            Method::POST,
            "/items",
            415,
        )
        .header("content-type", "application/json")
        .header("content-encoding", "compress")
        .body(b"x".to_vec())
        .expect("accept-encoding", "gzip, br, zstd, identity"),
        Case::new(
            "POST in five stacked codings: 415",
            Method::POST,
            "/items",
            415,
        )
        .header("content-type", "application/json")
        .header("content-encoding", "gzip, gzip, gzip, gzip, gzip")
        .body(b"x".to_vec())
        .expect("accept-encoding", "gzip, br, zstd, identity"),
        Case::new(
            "POST in x-gzip, an alias of gzip",
            Method::POST,
            "/items",
            201,
        )
        .header("content-type", "application/json")
        .header("content-encoding", "x-gzip")
        .body(Compression::Gzip.compress(br#"{"name":"a","price_cents":1}"#))
        .expect("location", "/items/3"),
        Case::new("POST of broken JSON: 400", Method::POST, "/items", 400)
            .header("content-type", "application/json")
            .body(br#"{"name": 1"#.to_vec())
            .check(Check::Contains(vec!["not valid JSON"])),
        Case::new("POST of the wrong shape: 400", Method::POST, "/items", 400)
            .header("content-type", "application/json")
            .body(br#"{"name": "x"}"#.to_vec())
            .check(Check::Contains(vec!["price_cents"])),
        Case::new("POST of a gzip bomb: 413", Method::POST, "/items", 413)
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .body(Compression::Gzip.compress(&vec![b' '; 9 << 20])),
        Case::new("POST of broken gzip: 400", Method::POST, "/items", 400)
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .body(b"not gzip at all".to_vec()),
        Case::new(
            "POST whose answer is unacceptable: 406 first",
            Method::POST,
            "/items",
            406,
        )
        .header("content-type", "application/json")
        .header("accept", "image/png")
        .body(serde_json::to_vec(&new).unwrap()),
    ];
    for data in Data::ALL {
        cases.push(
            Case::get(format!("the list as {data:?}"), "/items", 200)
                .header("accept", data.media_type())
                .expect("content-type", data.content_type())
                .expect("vary", "Accept")
                .check(Check::Items(data)),
        );
        cases.push(
            Case::new(format!("POST in {data:?}"), Method::POST, "/items", 201)
                .header("content-type", data.media_type())
                .header("accept", data.media_type())
                .body(data.encode(&new))
                .expect("location", "/items/3")
                .expect("content-type", data.content_type())
                .check(Check::Item(data, made.clone())),
        );
    }
    for compression in [Compression::Gzip, Compression::Brotli, Compression::Zstd] {
        cases.push(
            Case::new(
                format!("POST compressed with {}", compression.name()),
                Method::POST,
                "/items",
                201,
            )
            .header("content-type", "application/json; charset=utf-8")
            .header("content-encoding", compression.name())
            .body(compression.compress(&serde_json::to_vec(&new).unwrap()))
            .check(Check::Item(Data::Json, made.clone())),
        );
    }
    cases
}

fn accepted_types() -> String {
    Data::ALL.map(Data::media_type).join(", ")
}

/// What a server answered.
#[derive(Debug)]
pub struct Reply {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

/// Sends `case` to the server at `addr`.
pub async fn send(addr: SocketAddr, case: &Case) -> Reply {
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let mut request = hyper::Request::builder()
        .method(case.method.clone())
        .uri(format!("http://{addr}{}", case.path));
    for (name, value) in &case.headers {
        request = request.header(*name, value);
    }
    let request = request
        .body(Full::new(Bytes::from(case.body.clone())))
        .expect("a valid request");
    let response = client.request(request).await.expect("the server answers");
    let (parts, body) = response.into_parts();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.expect("a whole body").to_bytes(),
    }
}

/// What is wrong with `reply` as the answer to `case`; empty when nothing.
pub fn verify(case: &Case, reply: &Reply) -> Vec<String> {
    let mut wrong = Vec::new();
    if reply.status.as_u16() != case.status {
        wrong.push(format!(
            "status {} (expected {})",
            reply.status, case.status
        ));
    }
    let header = |name: &str| {
        let values: Vec<&str> = reply
            .headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap_or("<not ASCII>"))
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    };
    for (name, value) in &case.expect {
        match header(name) {
            Some(got) if got == *value => {}
            got => wrong.push(format!("{name}: {got:?} (expected {value:?})")),
        }
    }
    for name in &case.absent {
        if let Some(got) = header(name) {
            wrong.push(format!("{name}: {got:?} (expected none)"));
        }
    }
    let body = &reply.body[..];
    let text = String::from_utf8_lossy(body);
    let failed = match &case.check {
        Check::Any => None,
        Check::Empty => (!body.is_empty()).then(|| format!("a body of {} bytes", body.len())),
        Check::Items(data) => match data.decode_items(body) {
            Ok(got) if got == items() => None,
            other => Some(format!("items {other:?}")),
        },
        Check::Item(data, item) => match data.decode::<Item>(body) {
            Ok(got) if got == *item => None,
            other => Some(format!("item {other:?}")),
        },
        Check::ItemsV2 => match serde_json::from_slice::<Vec<ItemV2>>(body) {
            Ok(got) if got == items_v2() => None,
            other => Some(format!("v2 items {other:?}")),
        },
        Check::ItemsV1 => match serde_json::from_slice::<Vec<Item>>(body) {
            Ok(got) if got == items() => None,
            other => Some(format!("v1 items {other:?}")),
        },
        Check::Contains(parts) => parts
            .iter()
            .find(|p| !text.contains(*p))
            .map(|p| format!("no {p:?} in the body")),
        Check::Problem(status) => problem(body, *status).err(),
    };
    if let Some(failed) = failed {
        let mut line = format!("body: {failed}; the body was: ");
        let _ = write!(line, "{}", text.chars().take(300).collect::<String>());
        wrong.push(line);
    }
    wrong
}

fn problem(body: &[u8], status: u16) -> Result<(), String> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    if value["status"] != status {
        return Err(format!("status member {}", value["status"]));
    }
    let listed = if status == 406 {
        &value["available"]
    } else {
        &value["accepted"]
    };
    if !listed.to_string().contains("application/json") {
        return Err(format!("no application/json in {listed}"));
    }
    Ok(())
}

/// Sends every case of [`cases`] to the server at `addr` and panics with the list of every
/// case that failed, and why.
pub async fn assert_all(addr: SocketAddr) {
    assert_cases(addr, &cases()).await;
}

/// Sends `cases` to the server at `addr` and panics with the list of every case that failed,
/// and why.
pub async fn assert_cases(addr: SocketAddr, cases: &[Case]) {
    let mut failures = Vec::new();
    for case in cases {
        let reply = send(addr, case).await;
        let wrong = verify(case, &reply);
        if !wrong.is_empty() {
            failures.push(format!(
                "{} ({} {}):\n    {}",
                case.name,
                case.method,
                case.path,
                wrong.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_reply_is_reported() {
        let case = Case::get("x", "/items", 200)
            .expect("vary", "Accept")
            .absent("etag")
            .check(Check::Items(Data::Json));
        let mut headers = HeaderMap::new();
        headers.insert("etag", "\"a\"".parse().unwrap());
        let reply = Reply {
            status: StatusCode::NOT_ACCEPTABLE,
            headers,
            body: Bytes::from_static(b"[]"),
        };
        let wrong = verify(&case, &reply);
        assert_eq!(wrong.len(), 4, "{wrong:?}");
        let right = Reply {
            status: StatusCode::OK,
            headers: [(http::header::VARY, "Accept".parse().unwrap())]
                .into_iter()
                .collect(),
            body: serde_json::to_vec(&items()).unwrap().into(),
        };
        assert_eq!(verify(&case, &right), Vec::<String>::new());
    }

    #[test]
    fn each_format_encodes_and_decodes_a_new_item() {
        let new = NewItem {
            name: "a, \"b\"".into(),
            price_cents: 3,
        };
        for data in Data::ALL {
            assert_eq!(
                data.decode::<NewItem>(&data.encode(&new)),
                Ok(new.clone()),
                "{data:?}"
            );
        }
    }
}

/// A process a test started (a server, a browser), stopped by PID when dropped if it is
/// still running: a failing assertion must not leave it behind holding the test's output.
#[derive(Debug)]
pub struct Running(pub std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            // SIGTERM by its PID, so that a server stops its own workers (Apache's outlive a
            // SIGKILL of their parent and keep the test's output open); SIGKILL when no
            // `kill` command could send it, so that `wait` cannot block.
            let terminated = std::process::Command::new("kill")
                .arg(self.0.id().to_string())
                .status()
                .is_ok_and(|s| s.success());
            if !terminated {
                let _ = self.0.kill();
            }
            let _ = self.0.wait();
        }
    }
}

/// Starts `program` with `args`, a server that prints the address it listens on
/// (`... http://127.0.0.1:PORT/ ...`) as the first line of its standard output, and returns it
/// with that address. The rest of its output (an access log) is read and dropped on a
/// thread of its own, so that the pipe never fills.
///
/// # Panics
///
/// When the program cannot be started or its first line has no address: a test's setup
/// failed.
pub fn spawn_server(program: &str, args: &[&str]) -> (Running, std::net::SocketAddr) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    let stdout = child.stdout.take().expect("a piped stdout");
    // Guarded from here: a failing setup does not leave the server behind.
    let running = Running(child);
    let mut reader = std::io::BufReader::new(stdout);
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .expect("the server's first line");
    std::thread::spawn(move || for _ in reader.lines() {});
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ' ']).next())
        .and_then(|addr| addr.trim().parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (running, addr)
}
