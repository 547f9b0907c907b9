//! Every example of RFC 9110 §12.4-§12.5 and RFC 4647 §3, as a named test.

use conneg::{
    Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, Charset, Coding, LanguageSpecificity,
    LanguageTag, MediaType, Quality, Specificity,
};

#[track_caller]
fn q_media(header: &str, offer: &str) -> u16 {
    Accept::parse(header)
        .unwrap()
        .quality_of(&MediaType::parse(offer).unwrap())
        .thousandths()
}

#[track_caller]
fn q_coding(header: &str, offer: &str) -> u16 {
    AcceptEncoding::parse(header)
        .unwrap()
        .quality_of(&Coding::parse(offer).unwrap())
        .thousandths()
}

#[track_caller]
fn q_language(header: &str, tag: &str) -> u16 {
    AcceptLanguage::parse(header)
        .unwrap()
        .quality_of(&LanguageTag::parse(tag).unwrap())
        .thousandths()
}

/// §12.4.2: "a value of 0 means "not acceptable"; a weight defaults to 1; at most three
/// decimals.
#[test]
fn rfc9110_12_4_2_quality_values() {
    assert_eq!("0".parse::<Quality>().unwrap(), Quality::ZERO);
    assert_eq!("1".parse::<Quality>().unwrap(), Quality::ONE);
    assert_eq!("0.001".parse::<Quality>().unwrap(), Quality::MIN);
    assert_eq!("1.000".parse::<Quality>().unwrap(), Quality::ONE);
    assert_eq!(q_media("text/html", "text/html"), 1000, "no weight is q=1");
    assert_eq!(
        q_media("text/html;q=0, */*", "text/html"),
        0,
        "q=0 is not acceptable"
    );
}

/// §12.5.1: `audio/*; q=0.2, audio/basic`: "I prefer audio/basic, but send me any audio type
/// if it is the best available after an 80% markdown in quality".
#[test]
fn rfc9110_12_5_1_audio_example() {
    let h = "audio/*; q=0.2, audio/basic";
    assert_eq!(q_media(h, "audio/basic"), 1000);
    assert_eq!(q_media(h, "audio/ogg"), 200);
    assert_eq!(q_media(h, "text/html"), 0);
}

/// §12.5.1: `text/plain; q=0.5, text/html, text/x-dvi; q=0.8, text/x-c`: text/html and
/// text/x-c are the equally preferred media types, then text/x-dvi, then text/plain.
#[test]
fn rfc9110_12_5_1_verbose_example() {
    let h = "text/plain; q=0.5, text/html,\r\n       text/x-dvi; q=0.8, text/x-c";
    // The example's obs-fold is replaced by a space by the time a header reaches a parser
    // (RFC 9112 §5.2); a CR LF inside a field value is not OWS and makes a member invalid.
    let unfolded = "text/plain; q=0.5, text/html, text/x-dvi; q=0.8, text/x-c";
    assert_eq!(q_media(unfolded, "text/html"), 1000);
    assert_eq!(q_media(unfolded, "text/x-c"), 1000);
    assert_eq!(q_media(unfolded, "text/x-dvi"), 800);
    assert_eq!(q_media(unfolded, "text/plain"), 500);
    assert_eq!(q_media(h, "text/x-dvi"), 0, "the folded member is invalid");
    let offers =
        ["text/plain", "text/x-dvi", "text/x-c", "text/html"].map(|t| MediaType::parse(t).unwrap());
    let accept = Accept::parse(unfolded).unwrap();
    assert_eq!(
        accept.best(&offers).unwrap().0,
        3,
        "text/html: listed before text/x-c"
    );
}

/// §12.5.1: `text/*, text/plain, text/plain;format=flowed, */*`: precedence
/// text/plain;format=flowed > text/plain > text/* > */*.
#[test]
fn rfc9110_12_5_1_precedence_example() {
    let accept = Accept::parse("text/*, text/plain, text/plain;format=flowed, */*").unwrap();
    let decided_by = |offer: &str| {
        let m = accept.match_of(&MediaType::parse(offer).unwrap()).unwrap();
        accept.iter().nth(m.position).unwrap().to_string()
    };
    assert_eq!(
        decided_by("text/plain;format=flowed"),
        "text/plain;format=flowed"
    );
    assert_eq!(decided_by("text/plain"), "text/plain");
    assert_eq!(decided_by("text/html"), "text/*");
    assert_eq!(decided_by("image/png"), "*/*");
}

/// §12.5.1, Table 5, with erratum 7138 (verified): `text/html;level=3` gets 0.3 from
/// `text/*`, not the 0.7 printed in the RFC (a leftover of RFC 7231's example).
#[test]
fn rfc9110_12_5_1_quality_table() {
    let h = "text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed, text/plain;format=fixed;q=0.4, */*;q=0.5";
    assert_eq!(q_media(h, "text/plain;format=flowed"), 1000);
    assert_eq!(q_media(h, "text/plain"), 700);
    assert_eq!(q_media(h, "text/html"), 300);
    assert_eq!(q_media(h, "image/jpeg"), 500);
    assert_eq!(q_media(h, "text/plain;format=fixed"), 400);
    assert_eq!(q_media(h, "text/html;level=3"), 300);
}

/// RFC 7231 §5.3.2's table (the example RFC 9110 replaced), still a good test of parameters.
#[test]
fn rfc7231_5_3_2_quality_table() {
    let h = "text/*;q=0.3, text/html;q=0.7, text/html;level=1, text/html;level=2;q=0.4, */*;q=0.5";
    assert_eq!(q_media(h, "text/html;level=1"), 1000);
    assert_eq!(q_media(h, "text/html"), 700);
    assert_eq!(q_media(h, "text/plain"), 300);
    assert_eq!(q_media(h, "image/jpeg"), 500);
    assert_eq!(q_media(h, "text/html;level=2"), 400);
    assert_eq!(q_media(h, "text/html;level=3"), 700);
}

/// §12.5.2: `iso-8859-5, unicode-1-1;q=0.8`.
#[test]
fn rfc9110_12_5_2_accept_charset_example() {
    let h = AcceptCharset::parse("iso-8859-5, unicode-1-1;q=0.8").unwrap();
    let q = |c: &str| h.quality_of(&Charset::parse(c).unwrap()).thousandths();
    assert_eq!(q("ISO-8859-5"), 1000);
    assert_eq!(q("unicode-1-1"), 800);
    assert_eq!(q("utf-8"), 0, "not listed and no *");
    assert_eq!(q("iso-8859-1"), 0, "no implicit ISO-8859-1");
}

/// §12.5.2: "The special value "*" matches every charset that is not mentioned elsewhere".
#[test]
fn rfc9110_12_5_2_wildcard() {
    let h = AcceptCharset::parse("utf-8, *;q=0.1").unwrap();
    let m = h.match_of(&Charset::parse("shift_jis").unwrap()).unwrap();
    assert_eq!(
        (m.quality.thousandths(), m.specificity),
        (100, Specificity::Wildcard)
    );
    assert_eq!(h.quality_of(&Charset::UTF_8).thousandths(), 1000);
}

/// §12.5.3: `compress, gzip`.
#[test]
fn rfc9110_12_5_3_compress_gzip() {
    assert_eq!(q_coding("compress, gzip", "compress"), 1000);
    assert_eq!(q_coding("compress, gzip", "gzip"), 1000);
    assert_eq!(q_coding("compress, gzip", "br"), 0);
    assert_eq!(
        q_coding("compress, gzip", "identity"),
        1,
        "implicit: after every listed coding"
    );
}

/// §12.5.3: an empty `Accept-Encoding` means the client wants no coding.
#[test]
fn rfc9110_12_5_3_empty() {
    let h = AcceptEncoding::parse("").unwrap();
    assert!(h.is_empty());
    assert!(h.match_of(&Coding::IDENTITY).unwrap().is_acceptable());
    assert_eq!(h.quality_of(&Coding::GZIP), Quality::ZERO);
    assert_eq!(h.best(&[Coding::GZIP, Coding::IDENTITY]).unwrap().0, 1);
}

/// §12.5.3: `*` matches any coding not listed.
#[test]
fn rfc9110_12_5_3_star() {
    let h = AcceptEncoding::parse("*").unwrap();
    for c in ["gzip", "br", "zstd", "identity"] {
        assert_eq!(q_coding("*", c), 1000, "{c}");
    }
    assert_eq!(
        h.match_of(&Coding::BR).unwrap().specificity,
        Specificity::Wildcard
    );
}

/// §12.5.3: `compress;q=0.5, gzip;q=1.0`.
#[test]
fn rfc9110_12_5_3_weights() {
    let h = AcceptEncoding::parse("compress;q=0.5, gzip;q=1.0").unwrap();
    assert_eq!(h.best(&[Coding::COMPRESS, Coding::GZIP]).unwrap().0, 1);
    assert_eq!(q_coding("compress;q=0.5, gzip;q=1.0", "compress"), 500);
}

/// §12.5.3: `gzip;q=1.0, identity; q=0.5, *;q=0`.
#[test]
fn rfc9110_12_5_3_identity_and_refusal() {
    let h = "gzip;q=1.0, identity; q=0.5, *;q=0";
    assert_eq!(q_coding(h, "gzip"), 1000);
    assert_eq!(q_coding(h, "identity"), 500);
    assert_eq!(q_coding(h, "br"), 0);
}

/// §12.5.3: identity is refused by `identity;q=0`, or by `*;q=0` with no identity member.
#[test]
fn rfc9110_12_5_3_identity_refused() {
    assert_eq!(q_coding("gzip, identity;q=0", "identity"), 0);
    assert_eq!(q_coding("gzip, *;q=0", "identity"), 0);
    assert_eq!(q_coding("gzip, *;q=0, identity", "identity"), 1000);
}

/// §8.4.1: `x-gzip` and `x-compress` are `gzip` and `compress`.
#[test]
fn rfc9110_8_4_1_aliases() {
    assert_eq!(q_coding("x-gzip", "gzip"), 1000);
    assert_eq!(q_coding("gzip", "x-gzip"), 1000);
    assert_eq!(q_coding("X-Compress;q=0.5", "compress"), 500);
    assert_eq!(q_coding("x-gzip", "x-compress"), 0);
    // Only those two are aliases: `x-` before another name is a different coding.
    assert_eq!(q_coding("x-br", "br"), 0);
    assert_eq!(q_coding("br", "x-br"), 0);
    assert_eq!(q_coding("x-deflate", "deflate"), 0);
}

/// §12.5.4: `da, en-gb;q=0.8, en;q=0.7`: "I prefer Danish, but will accept British English
/// and other types of English".
#[test]
fn rfc9110_12_5_4_example() {
    let h = "da, en-gb;q=0.8, en;q=0.7";
    assert_eq!(q_language(h, "da"), 1000);
    assert_eq!(q_language(h, "en-GB"), 800);
    assert_eq!(q_language(h, "en-US"), 700);
    assert_eq!(q_language(h, "en"), 700);
    assert_eq!(q_language(h, "de"), 0);
}

/// RFC 4647 §3.3.1: "a language range of "de-de" (German as used in Germany) matches the
/// language tag "de-DE-1996" (German as used in Germany, orthography of 1996), but not the
/// language tags "de-Deva" (German as written in the Devanagari script) or "de-Latn-DE"".
#[test]
fn rfc4647_3_3_1_basic_filtering() {
    let h = AcceptLanguage::parse("de-de").unwrap();
    let m = |t: &str| {
        h.match_of(&LanguageTag::parse(t).unwrap())
            .map(|m| m.specificity)
    };
    assert_eq!(
        m("de-DE-1996"),
        Some(LanguageSpecificity::Filtered { subtags: 2 })
    );
    assert_eq!(m("de-Deva"), None);
    assert_eq!(m("de-Latn-DE"), None);
}

/// RFC 4647 §3.3.1: "The special range "*" in a language priority list matches any tag."
#[test]
fn rfc4647_3_3_1_wildcard() {
    for tag in ["de", "en-US", "zh-Hant-TW", "x-klingon"] {
        assert_eq!(q_language("*", tag), 1000, "{tag}");
    }
}

/// RFC 4647 §3.3.2: extended ranges like `de-*-DE` are not HTTP language ranges (RFC 9110
/// §12.5.4 uses the basic range syntax): such a member is invalid and ignored.
#[test]
fn rfc4647_3_3_2_extended_ranges_are_invalid_in_http() {
    let h = AcceptLanguage::parse("de-*-DE, fr;q=0.5").unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(q_language("de-*-DE, fr;q=0.5", "de-DE"), 0);
    assert_eq!(q_language("*-DE", "de-DE"), 0);
}

/// RFC 4647 §3.4: the lookup of `zh-Hant-CN-x-private1-private2` tries, in turn,
/// `zh-Hant-CN-x-private1-private2`, `zh-Hant-CN-x-private1`, `zh-Hant-CN`, `zh-Hant`, `zh`.
/// conneg's lookup-style truncation accepts each of those tags from that range.
#[test]
fn rfc4647_3_4_lookup_truncation() {
    let range = "zh-Hant-CN-x-private1-private2;q=0.6";
    assert_eq!(q_language(range, "zh-Hant-CN-x-private1-private2"), 600);
    for tag in ["zh-Hant-CN-x-private1", "zh-Hant-CN", "zh-Hant", "zh"] {
        let h = AcceptLanguage::parse(range).unwrap();
        let m = h.match_of(&LanguageTag::parse(tag).unwrap()).unwrap();
        assert_eq!(
            (m.quality.thousandths(), m.specificity),
            (600, LanguageSpecificity::Truncated),
            "{tag}"
        );
    }
    assert_eq!(q_language(range, "zh-Hans"), 0);
    assert_eq!(q_language(range, "zh-Hant-TW"), 0);
}

/// RFC 4647 §3.4, the lookup of `fr-FR` in a list without it finds `fr`.
#[test]
fn rfc4647_3_4_lookup_falls_back_to_the_language() {
    let h = AcceptLanguage::parse("fr-FR, en;q=0.5").unwrap();
    let offers = [
        LanguageTag::parse("en").unwrap(),
        LanguageTag::parse("fr").unwrap(),
    ];
    assert_eq!(h.best(&offers).unwrap().0, 1);
}
