//! Property tests: the fast path agrees with the reference on random headers and offers,
//! prints what it parses in a form that parses back equal, and never panics.

use conneg::{
    AIm, Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, Charset, Coding,
    InstanceManipulation, LanguageSpecificity, LanguageTag, Limits, MediaLevel, MediaType,
    Specificity,
};
use proptest::prelude::*;
use proptest::sample::select;

use crate::reference;

/// Media ranges, the valid ones first: [`VALID_MEDIA_HEADS`] are the first ten.
const MEDIA_HEADS: &[&str] = &[
    "text/html",
    "TEXT/HTML",
    "text/*",
    "*/*",
    "application/json",
    "application/*",
    "application/ld+json",
    "image/png",
    "text/plain",
    "x/y",
    "text",
    "/",
    "*",
    "*/json",
    "te xt/html",
    "text/ html",
    "a\"b/c",
    "text/html/x",
    "",
];
/// Parameters, the valid ones first: [`VALID_MEDIA_PARAMS`] are the first ten.
const MEDIA_PARAMS: &[&str] = &[
    ";a=1",
    ";a=2",
    "; b=\"1\"",
    ";charset=UTF-8",
    ";charset=\"utf-8\"",
    ";level=1",
    ";A=1",
    " ; c=\"x,y\"",
    ";a=x",
    ";a=\"X\"",
    ";c=\"x\\\"y\"",
    ";a",
    ";=x",
    ";;",
    ";d=\"open",
    ";a = 1",
];
/// Weights, the valid ones first: [`VALID_WEIGHTS`] are the first eight.
const WEIGHTS: &[&str] = &[
    "",
    "",
    ";q=0",
    ";q=0.5",
    ";Q=.5",
    ";q=1",
    "; q=0.3",
    ";q=0.8;ext=1",
    "",
    ";q=",
    ";q=abc",
    ";q=0.0001",
    ";q=2",
    ";q=1.",
    ";q=-1",
    ";q=0.25;x=\"a,b\"",
    ";q=0.5 x",
    ";q=0.5 ;x",
    ";q=0.5\t",
];
/// Media ranges, parameters and weights that are all valid: a header made of them only is
/// clean, which lets a pass skip members of a long header by their head.
const VALID_MEDIA_HEADS: &[&str] = MEDIA_HEADS.split_at(10).0;
const VALID_MEDIA_PARAMS: &[&str] = MEDIA_PARAMS.split_at(10).0;
const VALID_WEIGHTS: &[&str] = WEIGHTS.split_at(8).0;
const SEPARATORS: &[&str] = &[",", ", ", " ,", ",,", ",\t", " , , "];

const MEDIA_OFFERS: &[&str] = &[
    "text/html",
    "text/html;level=1",
    "text/html;a=1;b=\"1\"",
    "application/json",
    "application/ld+json",
    "image/png",
    "text/plain;charset=utf-8",
    "TEXT/HTML;A=2",
    "text/html;a=2;a=1",
    "x/y",
    "text/html;a=x",
    // More parameters than matching holds on the stack (4): the long path.
    "text/html;a=1;b=1;c=x;level=1;A=1",
];

fn member(
    heads: &'static [&'static str],
    params: &'static [&'static str],
) -> impl Strategy<Value = String> {
    (
        select(heads),
        // Up to 5: more than the 4 parameters matching holds on the stack.
        prop::collection::vec(select(params), 0..6),
        select(WEIGHTS),
    )
        .prop_map(|(h, ps, w)| format!("{h}{}{w}", ps.concat()))
}

/// A header as one or two field lines.
fn header(member: impl Strategy<Value = String>) -> impl Strategy<Value = Vec<String>> {
    header_of(member, 0..24)
}

/// A header of `members` members as one or two field lines.
fn header_of(
    member: impl Strategy<Value = String>,
    members: core::ops::Range<usize>,
) -> impl Strategy<Value = Vec<String>> {
    (
        prop::collection::vec((member, select(SEPARATORS)), members),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(members, cut)| {
            let joined: Vec<String> = members.iter().map(|(m, s)| format!("{m}{s}")).collect();
            let at = cut.index(joined.len() + 1);
            vec![joined[..at].concat(), joined[at..].concat()]
        })
}

fn media_level(level: MediaLevel) -> u8 {
    match level {
        MediaLevel::AnyType => 0,
        MediaLevel::AnySubtype => 1,
        MediaLevel::Exact => 2,
    }
}

fn language_level(s: LanguageSpecificity) -> u16 {
    match s {
        LanguageSpecificity::Any => 0,
        LanguageSpecificity::Truncated => 1,
        LanguageSpecificity::Filtered { subtags } => 2 + subtags,
    }
}

fn token_level(s: Specificity) -> u8 {
    match s {
        Specificity::Implicit => 0,
        Specificity::Wildcard => 1,
        Specificity::Exact => 2,
    }
}

/// The reference's decision on a media type: weight, (level, parameters), position.
type MediaDecision = Option<(u16, (u8, u16), usize)>;

/// The reference's decision on each media type offered, in order.
fn media_decisions(slow: &[reference::Member], offers: &[&str]) -> Vec<MediaDecision> {
    offers
        .iter()
        .map(|text| {
            let (ty, params) = reference::parse_offer_params(text);
            reference::decide(slow, |m| reference::media_spec(m, &ty, &params))
        })
        .collect()
}

/// A match of `Accept` as [`MediaDecision`] states it.
fn media_decision(m: &conneg::MediaMatch<'_>) -> (u16, (u8, u16), usize) {
    let s = m.specificity;
    (
        m.quality.thousandths(),
        (media_level(s.level), s.parameters),
        m.position,
    )
}

fn lines(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The header with a last field line of 64 Ki commas (empty elements, no member): too long
/// for its members to be kept in slots, so that all of them are read by the general path.
fn padded_past_slots(h: &[String]) -> Vec<String> {
    let mut padded = h.to_vec();
    padded.push(",".repeat(1 << 16));
    padded
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn accept_agrees_with_the_reference(h in header(member(MEDIA_HEADS, MEDIA_PARAMS))) {
        let lines = lines(&h);
        // No limits, as the reference has none: an unterminated quoted-string (`;d="open`)
        // makes the rest of the header one member, which may have more parameters than the
        // default limit.
        let fast = Accept::parse_with(&lines[..], &Limits::UNLIMITED).unwrap();
        let slow = reference::parse(&lines, true, reference::media_head_valid);
        prop_assert_eq!(fast.len(), slow.len());
        let offers: Vec<MediaType<'_>> = MEDIA_OFFERS.iter().map(|o| MediaType::parse(o).unwrap()).collect();
        let decisions = media_decisions(&slow, MEDIA_OFFERS);
        for ((offer, text), expected) in offers.iter().zip(MEDIA_OFFERS).zip(&decisions) {
            prop_assert_eq!(fast.match_of(offer).as_ref().map(media_decision), *expected, "offer {}", text);
        }
        prop_assert_eq!(fast.best(&offers).map(|(i, _)| i), reference::best(&decisions));
    }

    /// A long header of valid members only: `best` skips the members after the kept ones
    /// whose type and subtype match no offer, and must still count their positions.
    #[test]
    fn long_clean_accept_agrees_with_the_reference(
        h in header_of(
            (select(VALID_MEDIA_HEADS), prop::collection::vec(select(VALID_MEDIA_PARAMS), 0..3), select(VALID_WEIGHTS))
                .prop_map(|(h, ps, w)| format!("{h}{}{w}", ps.concat())),
            9..40,
        ),
        picked in prop::collection::vec(select(MEDIA_OFFERS), 1..12),
    ) {
        let lines = lines(&h);
        let fast = Accept::parse(&lines[..]).unwrap();
        let slow = reference::parse(&lines, true, reference::media_head_valid);
        prop_assert!(fast.len() >= 9);
        prop_assert_eq!(fast.len(), slow.len());
        let offers: Vec<MediaType<'_>> = picked.iter().map(|o| MediaType::parse(o).unwrap()).collect();
        let decisions = media_decisions(&slow, &picked);
        let best = fast.best(&offers);
        prop_assert_eq!(best.map(|(i, _)| i), reference::best(&decisions));
        if let Some((i, m)) = best {
            prop_assert_eq!(media_decision(&m), decisions[i].unwrap());
        }
    }

    /// A header of one range takes its own path through `best`.
    #[test]
    fn one_range_agrees_with_the_reference(m in member(MEDIA_HEADS, MEDIA_PARAMS)) {
        let lines = [m.as_str()];
        let fast = Accept::parse(&lines[..]).unwrap();
        let slow = reference::parse(&lines, true, reference::media_head_valid);
        let offers: Vec<MediaType<'_>> = MEDIA_OFFERS.iter().map(|o| MediaType::parse(o).unwrap()).collect();
        let decisions = media_decisions(&slow, MEDIA_OFFERS);
        let best = fast.best(&offers);
        prop_assert_eq!(best.map(|(i, _)| i), reference::best(&decisions));
        if let Some((i, m)) = best {
            prop_assert_eq!(Some(m), fast.match_of(&offers[i]));
        }
    }

    #[test]
    fn accept_language_agrees_with_the_reference(h in header(member(&[
        "en", "en-US", "en_us", "EN", "de-CH-1996", "zh-Hant-TW", "zh", "*", "fr", "fr-CA",
        "123", "de-*-DE", "x-klingon", "en-", "toolongtag", "e n", "",
    ], &[";level=1", ";;"]))) {
        let lines = lines(&h);
        let fast = AcceptLanguage::parse(&lines[..]).unwrap();
        let slow = reference::parse(&lines, false, reference::language_valid);
        prop_assert_eq!(fast.len(), slow.len());
        let tags = ["en", "en-US", "en-GB", "de", "de-CH", "zh", "zh-Hant", "fr", "fr-CA-x-y", "x-klingon"];
        let offers: Vec<LanguageTag<'_>> = tags.iter().map(|t| LanguageTag::parse(t).unwrap()).collect();
        let mut decisions = Vec::new();
        for (offer, text) in offers.iter().zip(tags) {
            let expected = reference::decide(&slow, |m| reference::language_spec(m, text));
            let got = fast.match_of(offer).map(|m| (m.quality.thousandths(), language_level(m.specificity), m.position));
            prop_assert_eq!(got, expected, "offer {}", text);
            decisions.push(expected);
        }
        prop_assert_eq!(fast.best(&offers).map(|(i, _)| i), reference::best(&decisions));
    }

    #[test]
    fn accept_encoding_agrees_with_the_reference(h in header(member(&[
        "gzip", "x-gzip", "GZIP", "br", "identity", "IDENTITY", "*", "compress", "x-compress",
        "zstd", "g zip", "",
    ], &[";level=1", ";;"]))) {
        let lines = lines(&h);
        let fast = AcceptEncoding::parse(&lines[..]).unwrap();
        let slow = reference::parse(&lines, false, |h| h.chars().all(|c| c.is_ascii_alphanumeric() || "-*".contains(c)) && !h.is_empty());
        prop_assert_eq!(fast.len(), slow.len());
        let names = ["gzip", "br", "identity", "zstd", "compress", "deflate"];
        let offers: Vec<Coding<'_>> = names.iter().map(|c| Coding::parse(c).unwrap()).collect();
        let mut decisions = Vec::new();
        for (offer, name) in offers.iter().zip(names) {
            let mut expected = reference::decide(&slow, |m| reference::token_spec(m, name, reference::canonical_coding));
            if expected.is_none() && name == "identity" {
                expected = Some((1, 0, slow.len()));
            }
            let got = fast.match_of(offer).map(|m| (m.quality.thousandths(), token_level(m.specificity), m.position));
            prop_assert_eq!(got, expected, "offer {}", name);
            decisions.push(expected);
        }
        prop_assert_eq!(fast.best(&offers).map(|(i, _)| i), reference::best(&decisions));
    }

    #[test]
    fn accept_charset_agrees_with_the_reference(h in header(member(&[
        "utf-8", "UTF-8", "iso-8859-1", "*", "latin1", "shift_jis", "utf 8", "",
    ], &[";x=1"]))) {
        let lines = lines(&h);
        let fast = AcceptCharset::parse(&lines[..]).unwrap();
        let slow = reference::parse(&lines, false, |h| !h.is_empty() && !h.contains(' '));
        let names = ["utf-8", "iso-8859-1", "Shift_JIS", "koi8-r"];
        for name in names {
            let expected = reference::decide(&slow, |m| reference::token_spec(m, name, str::to_ascii_lowercase));
            let got = fast.match_of(&Charset::parse(name).unwrap()).map(|m| (m.quality.thousandths(), token_level(m.specificity), m.position));
            prop_assert_eq!(got, expected, "offer {}", name);
        }
    }

    /// The members of a header that fits in 64 KiB are read straight into slots when they are
    /// simple (`Slot::quick`); those of a longer one never are. Padding a header with empty
    /// elements past 64 KiB must change nothing: the same members or the same error, under
    /// small limits too (a weight counts as a parameter).
    #[test]
    fn accept_reads_alike_in_a_value_too_long_for_slots(
        h in header(member(MEDIA_HEADS, MEDIA_PARAMS)),
        max_parameters in 0usize..3,
        max_members in 1usize..30,
    ) {
        let limits = Limits { max_parameters, max_members, ..Limits::UNLIMITED };
        let padded = padded_past_slots(&h);
        let (short, long) = (lines(&h), lines(&padded));
        let offers: Vec<MediaType<'_>> = MEDIA_OFFERS.iter().map(|o| MediaType::parse(o).unwrap()).collect();
        match (Accept::parse_with(&short[..], &limits), Accept::parse_with(&long[..], &limits)) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.iter().collect::<Vec<_>>(), b.iter().collect::<Vec<_>>());
                for offer in &offers {
                    prop_assert_eq!(a.match_of(offer), b.match_of(offer));
                }
                prop_assert_eq!(a.best(&offers), b.best(&offers));
            }
            (a, b) => prop_assert_eq!(a.err(), b.err()),
        }
    }

    /// [`accept_reads_alike_in_a_value_too_long_for_slots`] for `Accept-Language`.
    #[test]
    fn accept_language_reads_alike_in_a_value_too_long_for_slots(
        h in header(member(&["en", "en-US", "*", "de-CH-1996", "123", "e n", "x-a-b-c-d", ""], &[";level=1", ";;"])),
        max_parameters in 0usize..3,
        max_subtags in 1usize..5,
    ) {
        let limits = Limits { max_parameters, max_subtags, ..Limits::UNLIMITED };
        let padded = padded_past_slots(&h);
        let (short, long) = (lines(&h), lines(&padded));
        let tags: Vec<LanguageTag<'_>> = ["en", "en-US", "de", "de-CH-1996"].iter().map(|t| LanguageTag::parse(t).unwrap()).collect();
        match (AcceptLanguage::parse_with(&short[..], &limits), AcceptLanguage::parse_with(&long[..], &limits)) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.iter().collect::<Vec<_>>(), b.iter().collect::<Vec<_>>());
                prop_assert_eq!(a.best(&tags), b.best(&tags));
            }
            (a, b) => prop_assert_eq!(a.err(), b.err()),
        }
    }

    #[test]
    fn printing_then_parsing_gives_the_same_accept(h in header(member(MEDIA_HEADS, MEDIA_PARAMS))) {
        let lines = lines(&h);
        // No limits: see `accept_agrees_with_the_reference`.
        let parsed = Accept::parse_with(&lines[..], &Limits::UNLIMITED).unwrap();
        let printed = parsed.to_string();
        let again = Accept::parse_with(printed.as_str(), &Limits::UNLIMITED).unwrap();
        prop_assert_eq!(again, parsed);
        prop_assert_eq!(again.to_string(), printed);
    }

    #[test]
    fn no_bytes_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let limits = Limits { max_members: 8, max_parameters: 4, max_subtags: 4, max_bytes: 150 };
        if let Ok(a) = Accept::parse_with(&bytes[..], &limits) {
            prop_assert_eq!(a.iter().count(), a.len());
            let _ = a.best(&[MediaType::TEXT_HTML, MediaType::APPLICATION_JSON]);
            let _ = a.to_string();
        }
        if let Ok(l) = AcceptLanguage::parse_with(&bytes[..], &limits) {
            prop_assert_eq!(l.iter().count(), l.len());
            let _ = l.to_string();
        }
        if let Ok(e) = AcceptEncoding::parse_with(&bytes[..], &limits) {
            prop_assert!(e.best(&[Coding::GZIP, Coding::IDENTITY]).is_some() || e.quality_of(&Coding::IDENTITY).is_zero());
        }
        let _ = AcceptCharset::parse_with(&bytes[..], &limits).map(|c| c.to_string());
        let _ = conneg::AIm::parse_with(&bytes[..], &limits).map(|c| c.to_string());
        let _ = conneg::AcceptDatetime::parse(&bytes[..]);
        if let Ok(text) = core::str::from_utf8(&bytes) {
            let _ = MediaType::parse(text);
            let _ = LanguageTag::parse(text);
            let _ = text.parse::<conneg::Quality>();
        }
    }
}

/// Small limits, or none: the one-pass choice must give the same errors as parsing.
fn some_limits() -> impl Strategy<Value = Limits> {
    (0usize..400, 0usize..3, 0usize..30, 1usize..5, any::<bool>()).prop_map(
        |(max_bytes, max_parameters, max_members, max_subtags, unlimited)| {
            if unlimited {
                Limits::UNLIMITED
            } else {
                Limits {
                    max_bytes,
                    max_parameters,
                    max_members,
                    max_subtags,
                }
            }
        },
    )
}

/// The header's field lines, or all of them joined into one without its last separator (so
/// that a weight may end the value, and the value may be `*/*` alone).
fn as_lines(h: Vec<String>, one_line: bool) -> Vec<String> {
    if one_line {
        vec![h.concat().trim_end_matches([',', ' ', '\t']).to_owned()]
    } else {
        h
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// `choose` reads a header once and matches each member as it goes; it must give what
    /// `parse` then `best` give, the deciding member and every error included: on random
    /// headers, with up to twelve offers (more than one pass holds), padded past 64 KiB or
    /// not (no member read straight into a slot).
    #[test]
    fn choosing_in_one_pass_is_parsing_then_choosing(
        h in header(member(MEDIA_HEADS, MEDIA_PARAMS)),
        picked in prop::collection::vec(select(MEDIA_OFFERS), 0..12),
        limits in some_limits(),
        padded in any::<bool>(),
        one_line in any::<bool>(),
    ) {
        let h = as_lines(h, one_line);
        let h = if padded { padded_past_slots(&h) } else { h };
        let lines = lines(&h);
        let offers: Vec<MediaType<'_>> = picked.iter().map(|o| MediaType::parse(o).unwrap()).collect();
        let parsed = Accept::parse_with(&lines[..], &limits).map(|a| a.best(&offers));
        prop_assert_eq!(Accept::choose_with(&lines[..], &limits, &offers), parsed);
    }

    /// A header of one range and nothing else (`application/json`), which `choose` reads
    /// without a list (up to 40 bytes): the same as parsing then choosing, on the ranges of
    /// the test above, on `type/subtype` of every length around 40 bytes and in either case,
    /// and on any short printable text.
    #[test]
    fn choosing_a_lone_range_is_parsing_then_choosing(
        h in prop_oneof![
            select(MEDIA_HEADS).prop_map(str::to_owned),
            "[a-zA-Z*][a-zA-Z0-9*.+-]{0,20}/[a-zA-Z0-9*.+-]{0,30}",
            "[ -~]{0,45}",
        ],
        picked in prop::collection::vec(select(MEDIA_OFFERS), 0..12),
        limits in some_limits(),
    ) {
        let offers: Vec<MediaType<'_>> = picked.iter().map(|o| MediaType::parse(o).unwrap()).collect();
        let parsed = Accept::parse_with(h.as_str(), &limits).map(|a| a.best(&offers));
        prop_assert_eq!(Accept::choose_with(h.as_str(), &limits, &offers), parsed);
    }

    /// [`choosing_in_one_pass_is_parsing_then_choosing`] for the other headers.
    #[test]
    fn choosing_in_one_pass_is_parsing_then_choosing_for_every_header(
        languages in header(member(&["en", "en-US", "*", "de-CH-1996", "fr", "123", "x-a-b-c-d", ""], &[";level=1", ";;"])),
        codings in header(member(&["gzip", "x-gzip", "br", "identity", "*", "zstd", "g zip", ""], &[";level=1"])),
        limits in some_limits(),
        one_line in any::<bool>(),
    ) {
        let (languages, codings) = (as_lines(languages, one_line), as_lines(codings, one_line));
        let tags: Vec<LanguageTag<'_>> = ["en", "en-US", "de", "de-CH-1996", "fr-CA"].iter().map(|t| LanguageTag::parse(t).unwrap()).collect();
        let l = lines(&languages);
        prop_assert_eq!(
            AcceptLanguage::choose_with(&l[..], &limits, &tags),
            AcceptLanguage::parse_with(&l[..], &limits).map(|a| a.best(&tags))
        );
        let c = lines(&codings);
        // Identity unlisted is implicit: its position is the count of valid members.
        let names: Vec<Coding<'_>> = ["br", "gzip", "identity"].iter().map(|n| Coding::parse(n).unwrap()).collect();
        prop_assert_eq!(
            AcceptEncoding::choose_with(&c[..], &limits, &names),
            AcceptEncoding::parse_with(&c[..], &limits).map(|a| a.best(&names))
        );
        let charsets: Vec<Charset<'_>> = ["utf-8", "iso-8859-1"].iter().map(|n| Charset::parse(n).unwrap()).collect();
        prop_assert_eq!(
            AcceptCharset::choose_with(&c[..], &limits, &charsets),
            AcceptCharset::parse_with(&c[..], &limits).map(|a| a.best(&charsets))
        );
        let ims: Vec<InstanceManipulation<'_>> = ["gzip", "br"].iter().map(|n| InstanceManipulation::parse(n).unwrap()).collect();
        prop_assert_eq!(
            AIm::choose_with(&c[..], &limits, &ims),
            AIm::parse_with(&c[..], &limits).map(|a| a.best(&ims))
        );
    }
}
