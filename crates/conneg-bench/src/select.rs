//! The selection workload of issue 3: Chrome's navigation headers against 8 variants (HTML and
//! JSON, English and German, identity and brotli), chosen by `negotiate` and by a `Resource`
//! prepared once. Shared by `benches/select.rs` (criterion) and `src/bin/select_ratio.rs`
//! (interleaved timing of the rows).

use conneg::{Coding, LanguageTag, MediaType, Policy, Request, Resource, Variant, negotiate};

/// Chrome's `Accept` on a page navigation.
pub const ACCEPT: &str = crate::CHROME;
/// A German browser's `Accept-Language`.
pub const LANGUAGE: &str = "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7";
/// Chrome's `Accept-Encoding`.
pub const ENCODING: &str = "gzip, deflate, br, zstd";
/// An `Accept-Charset` (browsers no longer send one; it makes the fourth header).
pub const CHARSET: &str = "utf-8, iso-8859-1;q=0.5";

/// The four headers parsed into a request.
///
/// # Panics
///
/// Never: the headers are valid.
#[must_use]
pub fn request() -> Request<'static> {
    Request::new()
        .header("accept", ACCEPT)
        .and_then(|r| r.header("accept-language", LANGUAGE))
        .and_then(|r| r.header("accept-encoding", ENCODING))
        .and_then(|r| r.header("accept-charset", CHARSET))
        .expect("valid headers")
}

/// The 8 variants: every type × language × coding.
///
/// # Panics
///
/// Never: the tags are valid.
#[must_use]
pub fn variants() -> Vec<Variant<'static>> {
    let en = LanguageTag::parse("en").expect("valid tag");
    let de = LanguageTag::parse("de").expect("valid tag");
    let mut variants = Vec::new();
    for t in [MediaType::TEXT_HTML, MediaType::APPLICATION_JSON] {
        for l in [en, de] {
            for coding in [Coding::IDENTITY, Coding::BR] {
                variants.push(Variant::new().media_type(t).language(l).coding(coding));
            }
        }
    }
    variants
}

/// The index a correct negotiation chooses: German HTML, brotli.
pub const EXPECTED: usize = 3;

/// One run of the first row: the headers parsed, nothing chosen.
pub fn parse_only() -> usize {
    std::hint::black_box(request())
        .accept
        .map_or(0, |a| a.len())
}

/// One run of the second row: the headers parsed and a variant chosen.
pub fn parse_and_negotiate(variants: &[Variant<'_>]) -> Option<usize> {
    let r = std::hint::black_box(request());
    let d = negotiate(&r, std::hint::black_box(variants), &Policy::STRICT);
    std::hint::black_box(d.vary());
    d.chosen()
}

/// One run of the third row: the headers parsed and a variant chosen among the variants
/// prepared once as a [`Resource`] (as a server declares a resource), whose `Vary` is known.
pub fn parse_and_negotiate_prepared(resource: &Resource<&[Variant<'_>]>) -> Option<usize> {
    let r = std::hint::black_box(request());
    let d = std::hint::black_box(resource).negotiate(&r);
    std::hint::black_box(d.vary());
    d.chosen()
}

/// The resource of [`variants`], strict.
pub fn resource<'v>(variants: &'v [Variant<'v>]) -> Resource<&'v [Variant<'v>]> {
    Resource::new(variants, Policy::STRICT)
}
