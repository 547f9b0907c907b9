//! Variant selection (issue 3's target): Chrome's navigation headers against 8 variants
//! across type, language and coding, beside the parsing of those headers alone. The target
//! is selection within 2x of parsing.
//!
//! Run with `cargo bench -p conneg-bench --bench select`.

#![forbid(unsafe_code)]

use std::hint::black_box;

use conneg::{Coding, LanguageTag, MediaType, Policy, Request, Variant, negotiate};
use criterion::Criterion;

const ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
const LANGUAGE: &str = "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7";
const ENCODING: &str = "gzip, deflate, br, zstd";
const CHARSET: &str = "utf-8, iso-8859-1;q=0.5";

fn request() -> Request<'static> {
    Request::new()
        .header("accept", ACCEPT)
        .and_then(|r| r.header("accept-language", LANGUAGE))
        .and_then(|r| r.header("accept-encoding", ENCODING))
        .and_then(|r| r.header("accept-charset", CHARSET))
        .expect("valid headers")
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let en = LanguageTag::parse("en").unwrap();
    let de = LanguageTag::parse("de").unwrap();
    let mut variants = Vec::new();
    for t in [MediaType::TEXT_HTML, MediaType::APPLICATION_JSON] {
        for l in [en, de] {
            for coding in [Coding::IDENTITY, Coding::BR] {
                variants.push(Variant::new().media_type(t).language(l).coding(coding));
            }
        }
    }
    // The answer, checked before timing: German HTML, brotli.
    assert_eq!(
        negotiate(&request(), &variants, &Policy::STRICT).chosen(),
        Some(3)
    );

    let mut g = c.benchmark_group("select");
    g.bench_function("parse 4 headers", |b| {
        b.iter(|| black_box(request()).accept.map(|a| a.len()));
    });
    g.bench_function("parse 4 headers + negotiate 8 variants", |b| {
        b.iter(|| {
            let r = black_box(request());
            let d = negotiate(&r, black_box(&variants), &Policy::STRICT);
            black_box((d.chosen(), d.vary()))
        });
    });
    g.finish();
    c.final_summary();
}
