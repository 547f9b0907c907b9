//! Choosing a variant across dimensions: one test per rule of NEGOTIATION.md, "Choosing a
//! variant" and `Vary`.

use conneg::{
    Charset, Coding, Field, HttpDate, InstanceManipulation, LanguageTag, MediaType, Outcome,
    Policy, Quality, Request, Variant, negotiate,
};

fn t(s: &'static str) -> MediaType<'static> {
    MediaType::parse(s).unwrap()
}

fn l(s: &'static str) -> LanguageTag<'static> {
    LanguageTag::parse(s).unwrap()
}

fn q(thousandths: u16) -> Quality {
    Quality::from_thousandths(thousandths).unwrap()
}

fn date(s: &str) -> HttpDate {
    HttpDate::parse(s).unwrap()
}

fn request(headers: &[(&'static str, &'static str)]) -> Request<'static> {
    headers.iter().fold(Request::new(), |r, &(name, value)| {
        r.header(name, value).unwrap()
    })
}

/// The status, the chosen index and the ranking.
#[track_caller]
fn decide(
    headers: &[(&'static str, &'static str)],
    variants: &[Variant<'_>],
    policy: Policy,
) -> (u16, Option<usize>, Vec<usize>) {
    let request = request(headers);
    let d = negotiate(&request, variants, &policy);
    (d.status(), d.chosen(), d.ranking().collect())
}

fn html_json() -> [Variant<'static>; 2] {
    [
        Variant::new().media_type(MediaType::TEXT_HTML),
        Variant::new().media_type(MediaType::APPLICATION_JSON),
    ]
}

#[test]
fn rule_1_score_is_qs_times_the_weights() {
    let variants = [
        Variant::new().media_type(MediaType::TEXT_HTML),
        Variant::new()
            .media_type(MediaType::APPLICATION_JSON)
            .language(l("en"))
            .charset(Charset::UTF_8)
            .coding(Coding::GZIP)
            .source_quality(q(900)),
    ];
    let r = request(&[("accept", "text/html;q=0.5, */*")]);
    let d = negotiate(&r, &variants, &Policy::STRICT);
    assert_eq!(d.chosen(), Some(1));
    assert_eq!(d.quality(), Some(q(900)));
    assert_eq!(d.ranking().collect::<Vec<_>>(), [1, 0]);
    assert_eq!(d.evaluation(0).unwrap().score, q(500));

    // Every factor multiplies: 0.8 (qs) x 0.5 (type) x 0.5 (language) x 0.5 (charset).
    let one = [Variant::new()
        .media_type(MediaType::TEXT_HTML)
        .language(l("de"))
        .charset(Charset::UTF_8)
        .source_quality(q(800))];
    let r = request(&[
        ("accept", "text/html;q=0.5"),
        ("accept-language", "de;q=0.5"),
        ("accept-charset", "utf-8;q=0.5"),
    ]);
    assert_eq!(negotiate(&r, &one, &Policy::STRICT).quality(), Some(q(100)));
}

#[test]
fn rule_1_q0_or_qs0_excludes() {
    let variants = [
        Variant::new()
            .media_type(MediaType::TEXT_HTML)
            .source_quality(Quality::ZERO),
        Variant::new().media_type(MediaType::APPLICATION_JSON),
    ];
    assert_eq!(
        decide(&[], &variants, Policy::STRICT),
        (200, Some(1), vec![1])
    );
    let r = [("accept", "application/json;q=0, */*")];
    assert_eq!(decide(&r, &variants, Policy::STRICT), (406, None, vec![]));
}

#[test]
fn rule_2_coding_never_outweighs_content() {
    // A German reader gets the plain German page, not the gzipped English one.
    let variants = [
        Variant::new().language(l("en")).coding(Coding::GZIP),
        Variant::new().language(l("de")),
    ];
    let r = [
        ("accept-language", "de, en;q=0.9"),
        ("accept-encoding", "gzip"),
    ];
    assert_eq!(decide(&r, &variants, Policy::STRICT).1, Some(1));
}

#[test]
fn rule_2_at_equal_score_the_better_coding_wins() {
    let variants = [
        Variant::new(),
        Variant::new().coding(Coding::GZIP),
        Variant::new().coding(Coding::BR),
    ];
    let r = [("accept-encoding", "gzip;q=0.5, br")];
    assert_eq!(decide(&r, &variants, Policy::STRICT).2, [2, 1, 0]);
    // A listed coding beats an implicit identity even at the lowest weight.
    let r = [("accept-encoding", "gzip;q=0.001")];
    assert_eq!(decide(&r, &variants, Policy::STRICT).2, [1, 0]);
    // The reported q is the score times the coding's weight; implicit identity counts 1.
    let req = request(&[("accept-encoding", "gzip;q=0.5, br;q=0")]);
    let d = negotiate(&req, &variants, &Policy::STRICT);
    assert_eq!((d.chosen(), d.quality()), (Some(1), Some(q(500))));
    let only_identity = request(&[("accept-encoding", "zstd")]);
    let d = negotiate(&only_identity, &variants, &Policy::STRICT);
    assert_eq!((d.chosen(), d.quality()), (Some(0), Some(Quality::ONE)));
}

#[test]
fn rule_2_no_accept_encoding_prefers_identity() {
    let variants = [Variant::new().coding(Coding::GZIP), Variant::new()];
    assert_eq!(decide(&[], &variants, Policy::STRICT).2, [1, 0]);
}

#[test]
fn rule_3_ties_go_to_specificity_then_position_then_server_order() {
    // Specificity: text/html beats */* at equal q.
    let variants = html_json();
    let r = [("accept", "*/*, text/html")];
    assert_eq!(decide(&r, &variants, Policy::STRICT).2, [0, 1]);
    let r = [("accept", "*/*, application/json")];
    assert_eq!(decide(&r, &variants, Policy::STRICT).2, [1, 0]);
    // Position: both exact, the earlier member wins.
    let r = [("accept", "application/json, text/html")];
    assert_eq!(decide(&r, &variants, Policy::STRICT).2, [1, 0]);
    // Server order: with */* or no header, the first variant.
    let r = [("accept", "*/*")];
    assert_eq!(decide(&r, &variants, Policy::STRICT).2, [0, 1]);
    assert_eq!(decide(&[], &variants, Policy::STRICT).2, [0, 1]);
    // Language specificity: de-CH beats de for a de-CH variant.
    let variants = [
        Variant::new().language(l("de")),
        Variant::new().language(l("de-CH")),
    ];
    let r = [("accept-language", "de")];
    assert_eq!(decide(&r, &variants, Policy::STRICT).2, [0, 1]);
    let r = [("accept-language", "de, de-CH")];
    assert_eq!(decide(&r, &variants, Policy::STRICT).2, [1, 0]);
}

#[test]
fn rule_4_missing_header_accepts_everything_empty_accepts_nothing() {
    let variants = html_json();
    assert_eq!(decide(&[], &variants, Policy::STRICT).0, 200);
    assert_eq!(decide(&[("accept", "")], &variants, Policy::STRICT).0, 406);
    assert_eq!(
        decide(&[("accept", " , ")], &variants, Policy::STRICT).0,
        406
    );
    // A header with no valid member is an empty header.
    assert_eq!(
        decide(&[("accept", "text")], &variants, Policy::STRICT).0,
        406
    );
    let de = [Variant::new().language(l("de"))];
    assert_eq!(
        decide(&[("accept-language", "")], &de, Policy::STRICT).0,
        406
    );
    let utf8 = [Variant::new().charset(Charset::UTF_8)];
    assert_eq!(
        decide(&[("accept-charset", "")], &utf8, Policy::STRICT).0,
        406
    );
    // An empty Accept-Encoding means identity only.
    let coded = [Variant::new().coding(Coding::GZIP), Variant::new()];
    assert_eq!(
        decide(&[("accept-encoding", "")], &coded, Policy::STRICT).2,
        [1]
    );
}

#[test]
fn rule_4_a_missing_accept_or_star_never_gives_406() {
    let variants = [Variant::new().media_type(t("application/vnd.example+json"))];
    assert_eq!(decide(&[], &variants, Policy::STRICT).0, 200);
    assert_eq!(
        decide(&[("accept", "*/*")], &variants, Policy::STRICT).0,
        200
    );
}

#[test]
fn rule_5_strict_gives_406_fallback_serves_the_default() {
    let variants = html_json();
    let r = [("accept", "image/png")];
    assert_eq!(decide(&r, &variants, Policy::STRICT), (406, None, vec![]));
    let req = request(&r);
    let d = negotiate(&req, &variants, &Policy::FALLBACK);
    assert_eq!((d.status(), d.chosen()), (200, Some(0)));
    assert_eq!(
        d.outcome(),
        Outcome::Chosen {
            index: 0,
            ignored: conneg::Vary::EMPTY.with(Field::Accept)
        }
    );
    assert_eq!(d.quality(), Some(Quality::ZERO));
    assert_eq!(d.ranking().count(), 0);
}

#[test]
fn rule_5_fallback_per_dimension() {
    let variants = [
        Variant::new()
            .media_type(MediaType::TEXT_HTML)
            .language(l("en")),
        Variant::new()
            .media_type(MediaType::TEXT_HTML)
            .language(l("de")),
        Variant::new()
            .media_type(MediaType::APPLICATION_JSON)
            .language(l("de")),
    ];
    let lenient_language = Policy::STRICT.fallback_on(Field::AcceptLanguage);
    // French asked: fall back on language, the type still counts.
    let r = [("accept", "application/json"), ("accept-language", "fr")];
    assert_eq!(decide(&r, &variants, lenient_language).1, Some(2));
    // An unknown type stays 406.
    let r = [("accept", "image/png"), ("accept-language", "de")];
    assert_eq!(decide(&r, &variants, lenient_language).0, 406);
    // Strict on both.
    let r = [("accept", "application/json"), ("accept-language", "fr")];
    assert_eq!(decide(&r, &variants, Policy::STRICT).0, 406);
    // Fallback everywhere but type: the language falls back, the type does not.
    let strict_type = Policy::FALLBACK.strict_on(Field::Accept);
    assert_eq!(decide(&r, &variants, strict_type).1, Some(2));
    let r = [("accept", "image/png"), ("accept-language", "de")];
    assert_eq!(decide(&r, &variants, strict_type).0, 406);
    assert_eq!(decide(&r, &variants, Policy::FALLBACK).1, Some(1));
}

#[test]
fn rule_5_implicit_identity_is_the_encoding_fallback() {
    let variants = [Variant::new().coding(Coding::BR), Variant::new()];
    let req = request(&[("accept-encoding", "gzip")]);
    let d = negotiate(&req, &variants, &Policy::STRICT);
    assert_eq!(d.chosen(), Some(1));
    let e = d.evaluation(1).unwrap();
    assert_eq!(
        e.coding.matched().unwrap().specificity,
        conneg::Specificity::Implicit
    );
    // Refused identity and nothing else: 406.
    let r = [("accept-encoding", "gzip, identity;q=0")];
    assert_eq!(decide(&r, &variants, Policy::STRICT).0, 406);
    let r = [("accept-encoding", "gzip, *;q=0")];
    assert_eq!(decide(&r, &variants, Policy::STRICT).0, 406);
}

#[test]
fn rule_5_require_accept() {
    let variants = html_json();
    let policy = Policy::STRICT.require_accept(true);
    let req = Request::new();
    let d = negotiate(&req, &variants, &policy);
    assert_eq!((d.status(), d.outcome()), (406, Outcome::AcceptRequired));
    assert_eq!(decide(&[("accept", "*/*")], &variants, policy).0, 200);
    assert!(d.vary().contains(Field::Accept));
}

#[test]
fn rule_6_explicit_or_wildcard() {
    let variants = html_json();
    let explicit = |header| {
        let r = request(&[("accept", header)]);
        negotiate(&r, &variants, &Policy::STRICT).is_explicit()
    };
    assert_eq!(explicit("application/json"), Some(true));
    assert_eq!(explicit("application/*"), Some(false));
    assert_eq!(explicit("*/*"), Some(false));
    assert_eq!(explicit("image/png"), None);
}

#[test]
fn a_variant_without_language_ranks_lowest_when_languages_are_asked() {
    let variants = [Variant::new(), Variant::new().language(l("de"))];
    let r = [("accept-language", "de;q=0.1")];
    assert_eq!(decide(&r, &variants, Policy::STRICT).2, [1, 0]);
    let r = [("accept-language", "fr")];
    assert_eq!(decide(&r, &variants, Policy::STRICT).2, [0]);
    // Without the header, both count 1: server order.
    assert_eq!(decide(&[], &variants, Policy::STRICT).2, [0, 1]);
}

#[test]
fn codings_are_not_negotiated_when_no_variant_has_one() {
    let variants = html_json();
    let r = [("accept-encoding", "identity;q=0")];
    assert_eq!(decide(&r, &variants, Policy::STRICT).0, 200);
    let req = request(&r);
    assert!(
        !negotiate(&req, &variants, &Policy::STRICT)
            .vary()
            .contains(Field::AcceptEncoding)
    );
}

#[test]
fn datetime_selects_the_closest_memento() {
    let variants = [
        Variant::new().datetime(date("Mon, 01 Jan 2001 00:00:00 GMT")),
        Variant::new().datetime(date("Wed, 01 Jan 2003 00:00:00 GMT")),
        Variant::new().datetime(date("Sat, 01 Jan 2005 00:00:00 GMT")),
    ];
    let r = [("accept-datetime", "Thu, 01 Jan 2004 00:00:00 GMT")];
    // Tie between 2003 and 2005 (365 days each way): the earlier.
    assert_eq!(decide(&r, &variants, Policy::STRICT).2, [1]);
    let r = [("accept-datetime", "Sun, 01 Jan 1995 00:00:00 GMT")];
    assert_eq!(decide(&r, &variants, Policy::STRICT).2, [0]);
    // No header: the most recent.
    assert_eq!(decide(&[], &variants, Policy::STRICT).2, [2]);
}

#[test]
fn deltas_only_on_request() {
    let vcdiff = InstanceManipulation::parse("vcdiff").unwrap();
    let variants = [Variant::new(), Variant::new().im(vcdiff)];
    assert_eq!(decide(&[], &variants, Policy::STRICT).2, [0]);
    assert_eq!(
        decide(&[("a-im", "vcdiff")], &variants, Policy::STRICT).2,
        [1, 0]
    );
    assert_eq!(
        decide(&[("a-im", "diffe")], &variants, Policy::STRICT).2,
        [0]
    );
}

#[test]
fn vary_depends_on_the_variants_and_the_policy_only() {
    let vary =
        |variants: &[Variant<'_>], policy: Policy| conneg::vary(variants, &policy).to_string();
    // One variant, strict: Accept decides between 200 and 406, so it is in Vary.
    let one = [Variant::new().media_type(MediaType::TEXT_HTML)];
    assert_eq!(vary(&one, Policy::STRICT), "Accept");
    assert_eq!(vary(&one, Policy::FALLBACK), "");
    assert_eq!(vary(&html_json(), Policy::FALLBACK), "Accept");
    // Nothing to negotiate.
    assert_eq!(vary(&[Variant::new()], Policy::STRICT), "");
    let mixed = [
        Variant::new().media_type(MediaType::TEXT_HTML),
        Variant::new()
            .media_type(MediaType::APPLICATION_JSON)
            .language(l("en"))
            .charset(Charset::UTF_8)
            .coding(Coding::GZIP),
    ];
    assert_eq!(
        vary(&mixed, Policy::STRICT),
        "Accept, Accept-Charset, Accept-Encoding, Accept-Language"
    );
    // The same on 200, 406 and fallback.
    for headers in [
        &[][..],
        &[("accept", "image/png")],
        &[("accept-language", "fr")],
    ] {
        let r = request(headers);
        for policy in [Policy::STRICT, Policy::FALLBACK] {
            let d = negotiate(&r, &mixed, &policy);
            assert_eq!(d.vary(), conneg::vary(&mixed, &policy), "{headers:?}");
        }
    }
}

#[test]
fn display_explains_every_variant() {
    let variants = [
        Variant::new()
            .media_type(MediaType::TEXT_HTML)
            .language(l("en")),
        Variant::new()
            .media_type(MediaType::APPLICATION_JSON)
            .language(l("en")),
        Variant::new().media_type(t("image/png")),
    ];
    let r = request(&[("accept", "application/json, text/html;q=0.5, image/*;q=0")]);
    let text = negotiate(&r, &variants, &Policy::STRICT).to_string();
    let expected = "\
200: variant #1 (application/json; en), q=1
Vary: Accept, Accept-Language
#0 text/html; en: acceptable, score 0.5, ranked 2: a lower score
    accept: text/html;q=0.5 (member 1, exact) q=0.5
#1 application/json; en: chosen, score 1
    accept: application/json (member 0, exact) q=1
#2 image/png: excluded by Accept
    accept: image/*;q=0 (member 2, type/*) q=0
";
    assert_eq!(text, expected);
}

/// Values that are equal without being copies of the same bytes (`text/html` and
/// `Text/HTML`, `de` and `DE`, written separately) are judged alike: the decision is that of
/// the same variants built from values bound once and copied.
#[test]
fn equal_values_from_different_text_are_one_value() {
    /// The four variants: types × languages, the last with a coding.
    fn set(
        types: [MediaType<'static>; 4],
        languages: [LanguageTag<'static>; 4],
        coding: Coding<'static>,
    ) -> [Variant<'static>; 4] {
        std::array::from_fn(|i| {
            let v = Variant::new().media_type(types[i]).language(languages[i]);
            if i == 3 { v.coding(coding) } else { v }
        })
    }
    let (html, json, en, de) = (t("text/html"), t("application/json"), l("en"), l("de"));
    let shared = set([html, json, html, json], [en, de, de, en], Coding::GZIP);
    let written = set(
        [
            t("text/html"),
            t("Application/JSON"),
            t("TEXT/html"),
            t("application/json"),
        ],
        [l("en"), l("de"), l("DE"), l("EN")],
        Coding::parse("x-gzip").unwrap(),
    );
    for headers in [
        &[
            ("accept", "text/html;q=0.5, application/json"),
            ("accept-language", "de"),
        ][..],
        &[
            ("accept", "*/*"),
            ("accept-language", "en, de;q=0.1"),
            ("accept-encoding", "gzip"),
        ],
        &[("accept", "text/*"), ("accept-language", "fr")],
    ] {
        let r = request(headers);
        let a = negotiate(&r, &shared, &Policy::STRICT);
        let b = negotiate(&r, &written, &Policy::STRICT);
        assert_eq!(
            (a.status(), a.chosen(), a.quality(), a.vary()),
            (b.status(), b.chosen(), b.quality(), b.vary()),
            "{headers:?}"
        );
        assert_eq!(
            a.ranking().collect::<Vec<_>>(),
            b.ranking().collect::<Vec<_>>()
        );
    }
}

/// A prepared `Resource` decides as `negotiate` also where the random properties do not go:
/// mementos (the one selected depends on the request) and deltas, under strict and fallback.
#[test]
fn a_resource_decides_as_negotiate_with_mementos_and_deltas() {
    let vcdiff = InstanceManipulation::parse("vcdiff").unwrap();
    let variants = [
        Variant::new().media_type(MediaType::TEXT_HTML),
        Variant::new()
            .media_type(MediaType::TEXT_HTML)
            .datetime(date("Sat, 01 Jan 2000 00:00:00 GMT")),
        Variant::new()
            .media_type(MediaType::TEXT_HTML)
            .datetime(date("Mon, 01 Jan 2001 00:00:00 GMT")),
        Variant::new()
            .media_type(MediaType::APPLICATION_JSON)
            .im(vcdiff),
    ];
    for policy in [Policy::STRICT, Policy::FALLBACK] {
        let resource = conneg::Resource::new(&variants, policy);
        for headers in [
            &[][..],
            &[("accept-datetime", "Sun, 01 Oct 2000 00:00:00 GMT")],
            &[("accept-datetime", "Fri, 01 Jan 1999 00:00:00 GMT")],
            &[("a-im", "vcdiff"), ("accept", "application/json")],
            &[("a-im", "feed"), ("accept", "application/json")],
        ] {
            let r = request(headers);
            let (a, b) = (negotiate(&r, &variants, &policy), resource.negotiate(&r));
            assert_eq!(
                (a.status(), a.chosen(), a.quality(), a.fallback(), a.vary()),
                (b.status(), b.chosen(), b.quality(), b.fallback(), b.vary()),
                "{headers:?}"
            );
            assert_eq!(a.to_string(), b.to_string());
        }
    }
}

/// `Resource::serve` gives what the decision serves also past the 65,535 members whose
/// positions a decision ranks: two types named after that many (raised limits) tie on
/// position, and the server's order decides, as in `negotiate`; below, the earlier member.
#[test]
fn serving_ranks_members_past_the_ranked_positions_as_negotiate() {
    let variants = [
        Variant::new().media_type(MediaType::TEXT_HTML),
        Variant::new().media_type(MediaType::APPLICATION_JSON),
    ];
    let mut accept = "x/y, ".repeat(70_000);
    accept.push_str("application/json;q=0.5, text/html;q=0.5");
    let resource = conneg::Resource::new(&variants, Policy::STRICT);
    let limits = conneg::Limits::UNLIMITED;
    let request = Request::new()
        .with_limits(conneg::Field::Accept, accept.as_str(), &limits)
        .unwrap();
    let decision = resource.negotiate(&request);
    assert_eq!(decision.chosen(), Some(0));
    let header = |field| (field == conneg::Field::Accept).then_some(accept.as_str().into());
    let served = resource.serve(header, &limits).unwrap().unwrap();
    assert_eq!(
        (served.index, served.quality),
        (0, decision.quality().unwrap())
    );

    // Up to 65,535 members, positions are ranked: the earlier member decides, both ways.
    let mut accept = "x/y, ".repeat(65_533);
    accept.push_str("application/json;q=0.5, text/html;q=0.5");
    let limits = conneg::Limits {
        max_members: 65_535,
        max_bytes: usize::MAX,
        ..conneg::Limits::DEFAULT
    };
    let request = Request::new()
        .with_limits(conneg::Field::Accept, accept.as_str(), &limits)
        .unwrap();
    assert_eq!(resource.negotiate(&request).chosen(), Some(1));
    let header = |field| (field == conneg::Field::Accept).then_some(accept.as_str().into());
    assert_eq!(resource.serve(header, &limits).unwrap().unwrap().index, 1);
}
