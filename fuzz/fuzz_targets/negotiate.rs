//! Selection and the 406 response on structured input: the bytes split on `\n` into four
//! header values (Accept, Accept-Language, Accept-Charset, Accept-Encoding; empty = absent)
//! and variants, one per further line, as tab-separated type, language, charset, coding, qs
//! (thousandths) and URL. Checks: no panic; nothing refused is chosen except by fallback;
//! `Vary` is that of the variant set; the 406 JSON body parses and keeps every URL; no text
//! from the input reaches the HTML body unescaped; header values are visible ASCII.
#![no_main]

use conneg::{
    Charset, Coding, Field, LanguageTag, MediaType, NotAcceptable, Policy, Quality, Request,
    Variant, negotiate, vary,
};
use libfuzzer_sys::fuzz_target;

const FIELDS: [Field; 4] = [
    Field::Accept,
    Field::AcceptLanguage,
    Field::AcceptCharset,
    Field::AcceptEncoding,
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut lines = text.split('\n');
    let mut request = Request::new();
    for field in FIELDS {
        match lines.next() {
            Some(value) if !value.is_empty() => match request.with(field, value) {
                Ok(r) => request = r,
                Err(_) => return,
            },
            _ => {}
        }
    }
    let mut variants = Vec::new();
    for line in lines.take(20) {
        let mut parts = line.split('\t');
        let mut v = Variant::new();
        if let Some(Ok(t)) = parts.next().map(MediaType::parse) {
            v = v.media_type(t);
        }
        if let Some(Ok(l)) = parts.next().map(LanguageTag::parse) {
            v = v.language(l);
        }
        if let Some(Ok(c)) = parts.next().map(Charset::parse) {
            v = v.charset(c);
        }
        if let Some(Ok(c)) = parts.next().map(Coding::parse) {
            v = v.coding(c);
        }
        if let Some(q) = parts.next().and_then(|q| q.parse::<u16>().ok()).and_then(Quality::from_thousandths) {
            v = v.source_quality(q);
        }
        if let Some(url) = parts.next() {
            v = v.url(url);
        }
        variants.push(v);
    }
    let policy = match data.len() % 3 {
        0 => Policy::STRICT,
        1 => Policy::FALLBACK,
        _ => Policy::STRICT.fallback_on(Field::AcceptLanguage).require_accept(true),
    };
    let d = negotiate(&request, &variants, &policy);
    assert_eq!(d.vary(), vary(&variants, &policy));
    let _ = d.to_string();
    if let Some(i) = d.chosen() {
        let e = d.evaluation(i).unwrap();
        assert_eq!(e.is_acceptable(), d.fallback().is_empty());
        // The q kept from choosing is the one the evaluation gives (0 by fallback).
        assert_eq!(d.quality(), Some(e.quality()));
        assert!(!variants[i].source_quality.is_zero());
        return;
    }
    let na = NotAcceptable::new(&d);
    let report = na.report();
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).expect("valid JSON");
    for (k, v) in variants.iter().enumerate() {
        if let Some(url) = v.url {
            assert_eq!(json["available"][k]["url"].as_str(), Some(url));
        }
    }
    // Where the HTML puts a URL (a link's href, or code for a scheme it does not link), a
    // `<` or `"` of it never stands raw. (Looking for the URL anywhere in the page is no
    // test: a URL that is just `"`, or `n"`, is in any page's attributes.)
    let html = report.to_html();
    for v in &variants {
        if let Some(url) = v.url
            && url.contains(['<', '"'])
        {
            assert!(!html.contains(&format!("href=\"{url}\"")), "raw URL {url:?} in an href");
            assert!(!html.contains(&format!("<code>{url}</code>")), "raw URL {url:?} in the HTML");
        }
    }
    for (name, value) in na.response().headers {
        assert!(
            value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()),
            "{name}: {value:?}"
        );
    }
});
