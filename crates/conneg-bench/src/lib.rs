//! Shared fixtures of the conneg benchmarks: the headers and offers of each case, the offers
//! prepared the way each library wants them, one adapter per library (parse + choose), and
//! the loader of the request replay.
//!
//! Used by `benches/negotiate.rs` (timings, criterion) and `src/bin/allocations.rs` (heap
//! allocations per negotiation). Not published.

#![forbid(unsafe_code)]

pub mod peers;
pub mod replay;
pub mod select;

/// Chrome's `Accept` on a page navigation.
pub const CHROME: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

/// An API client's `Accept`.
pub const JSON_ONLY: &str = "application/json";

/// The `Accept` of `fetch()`, curl and most libraries.
pub const STAR: &str = "*/*";

/// A long `Accept`: 30 ranges with vendor types, parameters (quoted too) and weights.
pub const RANGES_30: &str = concat!(
    "text/html;level=1;q=0.9, text/html;level=2;q=0.4, text/plain;format=flowed;q=0.5, ",
    "application/json;charset=utf-8;q=0.8, application/xml;q=0.7, application/xhtml+xml;q=0.6, ",
    "image/png;q=0.3, image/webp;q=0.3, image/avif;q=0.3, image/*;q=0.2, ",
    "audio/ogg;codecs=opus;q=0.1, audio/*;q=0.05, video/mp4;codecs=\"avc1.42E01E\";q=0.1, ",
    "video/*;q=0.05, font/woff2;q=0.1, application/pdf;q=0.2, application/zip;q=0.1, ",
    "application/octet-stream;q=0.1, text/css;charset=utf-8;q=0.3, ",
    "text/javascript;charset=utf-8;q=0.3, text/csv;header=present;q=0.2, ",
    "application/ld+json;profile=\"https://www.w3.org/ns/activitystreams\";q=0.9, ",
    "application/vnd.api+json;q=0.85, application/cbor;q=0.4, application/msgpack;q=0.4, ",
    "multipart/form-data;boundary=x;q=0.1, text/*;q=0.25, application/*;q=0.15, */*;q=0.01, ",
    "text/markdown;variant=GFM;q=0.6"
);

/// A browser's `Accept-Language` (Swiss French, then others).
pub const LANG: &str = "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5";

/// Chrome's `Accept-Encoding`.
pub const ENC: &str = "gzip, deflate, br, zstd";

/// The offers of case 1 (Chrome): an API that also serves pages.
pub const OFFERS_CHROME: &[&str] = &["application/json", "text/html"];

/// The offers of cases 2 and 3, and of the `growth` case.
pub const OFFERS_3: &[&str] = &["text/html", "application/json", "application/xml"];

/// The offers of case 4: two of them have parameters that ranges of [`RANGES_30`] name.
pub const OFFERS_30: &[&str] = &[
    "application/json;charset=utf-8",
    "text/html;level=1",
    "application/xml",
    "text/plain;format=flowed",
    "image/png",
];

/// The media types of the replay.
pub const OFFERS_REPLAY: &[&str] = &["text/html", "application/json"];

/// The languages of case 5 and of the replay.
pub const OFFERS_LANG: &[&str] = &["en", "de", "fr"];

/// The codings of case 6 and of the replay.
pub const OFFERS_ENC: &[&str] = &["br", "gzip", "identity"];

/// Which header a case negotiates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `Accept`.
    Media,
    /// `Accept-Language`.
    Language,
    /// `Accept-Encoding`.
    Encoding,
}

/// One fixed negotiation: a header against the server's offers.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// The criterion group's name.
    pub name: &'static str,
    /// Which header.
    pub kind: Kind,
    /// The header's value.
    pub header: &'static str,
    /// The server's offers, in its order of preference.
    pub offers: &'static [&'static str],
}

/// Cases 1 to 6.
pub const CASES: [Case; 6] = [
    Case {
        name: "chrome_accept",
        kind: Kind::Media,
        header: CHROME,
        offers: OFFERS_CHROME,
    },
    Case {
        name: "json_accept",
        kind: Kind::Media,
        header: JSON_ONLY,
        offers: OFFERS_3,
    },
    Case {
        name: "star_accept",
        kind: Kind::Media,
        header: STAR,
        offers: OFFERS_3,
    },
    Case {
        name: "ranges_30",
        kind: Kind::Media,
        header: RANGES_30,
        offers: OFFERS_30,
    },
    Case {
        name: "accept_language",
        kind: Kind::Language,
        header: LANG,
        offers: OFFERS_LANG,
    },
    Case {
        name: "accept_encoding",
        kind: Kind::Encoding,
        header: ENC,
        offers: OFFERS_ENC,
    },
];

/// The lower bound of any parser: one pass over the bytes (here, counting commas).
#[inline]
pub fn floor(bytes: &[u8]) -> usize {
    let mut commas = 0;
    for &b in bytes {
        if b == b',' {
            commas += 1;
        }
    }
    commas
}

#[cfg(test)]
mod tests {
    #[test]
    fn thirty_ranges() {
        assert_eq!(super::RANGES_30.split(',').count(), 30);
        assert_eq!(conneg::Accept::parse(super::RANGES_30).unwrap().len(), 30);
    }
}
