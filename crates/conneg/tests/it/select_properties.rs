//! Properties of variant selection on random variant sets, requests and policies
//! (issue 3): the chosen variant has the highest score; nothing refused is chosen except by
//! fallback; a header that changes the outcome is in `Vary`; a header not `consulted`
//! changes nothing; the decision is deterministic; a prepared `Resource` decides as
//! `negotiate` does, and serves from the header values what that decision serves.

use conneg::{
    Charset, Coding, Field, FieldValue, LanguageTag, Limits, MediaType, Policy, Quality, Request,
    Resource, Served, Variant, consulted, negotiate,
};
use proptest::prelude::*;

const TYPES: &[&str] = &[
    "text/html",
    "application/json",
    "text/plain;format=flowed",
    "image/png",
];
const LANGUAGES: &[&str] = &["en", "de", "en-US", "fr"];
const CHARSETS: &[&str] = &["utf-8", "iso-8859-1"];
const CODINGS: &[&str] = &["gzip", "br", "identity"];

/// A variant as indices into the pools (`None` = dimension unset) and `qs` in thousandths.
type Spec = (
    Option<usize>,
    Option<usize>,
    Option<usize>,
    Option<usize>,
    u16,
);

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::option::of(0..TYPES.len()),
        prop::option::of(0..LANGUAGES.len()),
        prop::option::of(0..CHARSETS.len()),
        prop::option::of(0..CODINGS.len()),
        prop::sample::select(vec![0u16, 300, 500, 1000]),
    )
}

fn variant(s: &Spec) -> Variant<'static> {
    let mut v = Variant::new().source_quality(Quality::from_thousandths(s.4).unwrap());
    if let Some(i) = s.0 {
        v = v.media_type(MediaType::parse(TYPES[i]).unwrap());
    }
    if let Some(i) = s.1 {
        v = v.language(LanguageTag::parse(LANGUAGES[i]).unwrap());
    }
    if let Some(i) = s.2 {
        v = v.charset(Charset::parse(CHARSETS[i]).unwrap());
    }
    if let Some(i) = s.3 {
        v = v.coding(Coding::parse(CODINGS[i]).unwrap());
    }
    v
}

/// Variants that differ in their media type only, with one `qs`: those `Resource::serve`
/// chooses from `Accept` alone. Up to 10, past the eight matched in one pass.
fn media_only() -> impl Strategy<Value = Vec<Spec>> {
    (
        prop::collection::vec(0..TYPES.len(), 1..11),
        prop::sample::select(vec![0u16, 300, 1000]),
    )
        .prop_map(|(types, qs)| {
            types
                .into_iter()
                .map(|t| (Some(t), None, None, None, qs))
                .collect()
        })
}

/// The default limits, or small ones that the random headers run into.
fn limits() -> impl Strategy<Value = Limits> {
    prop_oneof![
        Just(Limits::DEFAULT),
        Just(Limits::UNLIMITED),
        (0usize..40, 0usize..4).prop_map(|(max_bytes, max_members)| Limits {
            max_bytes,
            max_members,
            ..Limits::DEFAULT
        }),
    ]
}

fn list(members: &'static [&'static str]) -> impl Strategy<Value = Option<String>> {
    let weights = prop::sample::select(vec!["", ";q=0", ";q=0.5", ";q=1", ";q=0.001"]);
    prop::option::of(
        prop::collection::vec((prop::sample::select(members), weights), 0..4).prop_map(|ms| {
            ms.iter()
                .map(|(m, w)| format!("{m}{w}"))
                .collect::<Vec<_>>()
                .join(", ")
        }),
    )
}

/// Accept, Accept-Language, Accept-Charset, Accept-Encoding; `None` = absent.
type Headers = [Option<String>; 4];

const FIELDS: [Field; 4] = [
    Field::Accept,
    Field::AcceptLanguage,
    Field::AcceptCharset,
    Field::AcceptEncoding,
];

fn headers() -> impl Strategy<Value = Headers> {
    (
        list(&[
            "text/html",
            "application/json",
            "text/*",
            "*/*",
            "image/png",
            "text/plain",
            "text/plain;format=flowed",
            "TEXT/HTML",
            "text",
        ]),
        list(&["en", "de", "en-US", "fr", "*", "de-CH"]),
        list(&["utf-8", "iso-8859-1", "*"]),
        list(&["gzip", "br", "identity", "*", "x-gzip"]),
    )
        .prop_map(|(a, b, c, d)| [a, b, c, d])
}

fn request(h: &Headers) -> Request<'_> {
    let mut r = Request::new();
    for (field, value) in FIELDS.iter().zip(h) {
        if let Some(v) = value {
            r = r.with(*field, v.as_str()).unwrap();
        }
    }
    r
}

fn policy() -> impl Strategy<Value = Policy> {
    (any::<[bool; 4]>(), any::<bool>()).prop_map(|(fallback, require)| {
        FIELDS
            .iter()
            .zip(fallback)
            .fold(Policy::STRICT.require_accept(require), |p, (f, on)| {
                if on { p.fallback_on(*f) } else { p }
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_chosen_variant_has_the_highest_score(
        specs in prop::collection::vec(spec(), 1..8), h in headers(), policy in policy(),
    ) {
        let variants: Vec<_> = specs.iter().map(variant).collect();
        let r = request(&h);
        let d = negotiate(&r, &variants, &policy);
        if let Some(chosen) = d.chosen() && d.fallback().is_empty() {
            let best = d.evaluation(chosen).unwrap();
            prop_assert!(best.is_acceptable());
            for i in 0..variants.len() {
                let e = d.evaluation(i).unwrap();
                if e.is_acceptable() {
                    prop_assert!(e.score <= best.score, "#{i} scores {} > {}", e.score, best.score);
                }
            }
            // The ranking lists exactly the acceptable variants, the chosen first.
            let ranking: Vec<usize> = d.ranking().collect();
            prop_assert_eq!(ranking.first(), Some(&chosen));
            let acceptable = (0..variants.len()).filter(|&i| d.evaluation(i).unwrap().is_acceptable()).count();
            prop_assert_eq!(ranking.len(), acceptable);
            // Counted when asked (choosing skips the variants that score below the best).
            prop_assert_eq!(d.acceptable(), acceptable);
        } else {
            // 406, or a fallback: nothing is acceptable as asked.
            prop_assert_eq!(d.acceptable(), 0);
        }
    }

    #[test]
    fn nothing_refused_is_chosen_except_by_fallback(
        specs in prop::collection::vec(spec(), 1..8), h in headers(), policy in policy(),
    ) {
        let variants: Vec<_> = specs.iter().map(variant).collect();
        let r = request(&h);
        let d = negotiate(&r, &variants, &policy);
        // The q known from choosing is the chosen variant's evaluated one (0 by fallback).
        prop_assert_eq!(d.quality(), d.chosen().map(|c| d.evaluation(c).unwrap().quality()));
        if let Some(chosen) = d.chosen() {
            let e = d.evaluation(chosen).unwrap();
            let refused = e.score.is_zero() || !e.refused_by.is_empty();
            prop_assert_eq!(refused, !d.fallback().is_empty());
            // qs 0 is the server's own refusal: no fallback serves it either.
            prop_assert!(!variants[chosen].source_quality.is_zero());
            // A fallback ignores only fallback headers.
            for f in d.fallback().iter() {
                prop_assert!(policy.is_fallback(f));
            }
        } else {
            prop_assert_eq!(d.status(), 406);
        }
    }

    #[test]
    fn a_header_that_changes_the_outcome_is_in_vary(
        specs in prop::collection::vec(spec(), 1..6),
        a in headers(), b in headers(), which in 0..4usize, policy in policy(),
    ) {
        let variants: Vec<_> = specs.iter().map(variant).collect();
        // Two requests that differ in one header only.
        let mut other = a.clone();
        other[which] = b[which].clone();
        let (ra, rb) = (request(&a), request(&other));
        let (da, db) = (negotiate(&ra, &variants, &policy), negotiate(&rb, &variants, &policy));
        if (da.status(), da.chosen()) != (db.status(), db.chosen()) {
            prop_assert!(da.vary().contains(FIELDS[which]), "{:?} changed the outcome; Vary: {}", FIELDS[which], da.vary());
        }
        prop_assert_eq!(da.vary(), db.vary());
    }

    #[test]
    fn headers_not_consulted_change_nothing(
        specs in prop::collection::vec(spec(), 0..6), h in headers(), policy in policy(),
    ) {
        let variants: Vec<_> = specs.iter().map(variant).collect();
        let read = consulted(&variants, &policy);
        prop_assert!(read.union(conneg::vary(&variants, &policy)) == read, "Vary outside {read}");
        let all = request(&h);
        let mut only = h.clone();
        for (field, value) in FIELDS.iter().zip(&mut only) {
            if !read.contains(*field) {
                *value = None;
            }
        }
        let only = request(&only);
        let (a, b) = (negotiate(&all, &variants, &policy), negotiate(&only, &variants, &policy));
        prop_assert_eq!((a.status(), a.chosen(), a.quality()), (b.status(), b.chosen(), b.quality()));
        prop_assert_eq!(a.fallback(), b.fallback());
        prop_assert_eq!(a.ranking().collect::<Vec<_>>(), b.ranking().collect::<Vec<_>>());
    }

    #[test]
    fn a_prepared_resource_decides_as_negotiate(
        specs in prop::collection::vec(spec(), 0..8), h in headers(), policy in policy(),
    ) {
        let variants: Vec<_> = specs.iter().map(variant).collect();
        let r = request(&h);
        let resource = Resource::new(&variants, policy);
        let (a, b) = (negotiate(&r, &variants, &policy), resource.negotiate(&r));
        prop_assert_eq!((a.status(), a.chosen(), a.quality()), (b.status(), b.chosen(), b.quality()));
        prop_assert_eq!((a.fallback(), a.vary(), a.acceptable()), (b.fallback(), b.vary(), b.acceptable()));
        prop_assert_eq!(a.ranking().collect::<Vec<_>>(), b.ranking().collect::<Vec<_>>());
        prop_assert_eq!(a.to_string(), b.to_string());
        prop_assert_eq!(resource.vary(), conneg::vary(&variants, &policy));
        prop_assert_eq!(resource.consulted(), consulted(&variants, &policy));
    }

    #[test]
    fn serving_is_what_the_negotiation_serves(
        specs in prop_oneof![media_only(), prop::collection::vec(spec(), 0..8)],
        h in headers(), policy in policy(), limits in limits(), split in any::<bool>(),
    ) {
        let variants: Vec<_> = specs.iter().map(variant).collect();
        let resource = Resource::new(&variants, policy);
        // Each header as one field line (as a server passes a line: `*/*` alone is then told
        // at once), or as a line per member.
        let lines: Vec<Vec<&str>> = h
            .iter()
            .map(|v| v.as_deref().map_or(vec![], |v| v.split(", ").collect()))
            .collect();
        let value = |field| {
            let i = FIELDS.iter().position(|f| *f == field)?;
            let v = h[i].as_deref()?;
            Some(if split { FieldValue::from(&lines[i][..]) } else { FieldValue::from(v) })
        };
        let mut asked = vec![];
        let served = resource.serve(
            |field| {
                asked.push(field);
                value(field)
            },
            &limits,
        );
        // Only the consulted headers are asked for, each once at most.
        let read = resource.consulted();
        prop_assert!(asked.iter().all(|f| read.contains(*f)), "asked {asked:?}, consults {read}");
        prop_assert!(asked.iter().enumerate().all(|(i, f)| !asked[..i].contains(f)), "asked {asked:?}");
        // What parsing the consulted headers (in `Vary`'s order) and negotiating gives.
        let mut request = Request::new();
        let parsed = read
            .iter()
            .try_for_each(|field| value(field).map_or(Ok(()), |v| request.set(field, v, &limits)));
        let expected = parsed.map(|()| {
            let d = resource.negotiate(&request);
            d.chosen().map(|index| (index, d.quality().unwrap(), d.fallback()))
        });
        let served = served.map(|s| s.map(|Served { index, quality, fallback, .. }| (index, quality, fallback)));
        prop_assert_eq!(served, expected);
    }

    #[test]
    fn serving_star_alone_is_what_the_negotiation_serves(specs in media_only(), policy in policy()) {
        // `*/*` as a server passes one line: told at once, without reading a list.
        let variants: Vec<_> = specs.iter().map(variant).collect();
        let resource = Resource::new(&variants, policy);
        let header = |field| (field == Field::Accept).then_some(FieldValue::from("*/*"));
        let request = Request::new().with(Field::Accept, "*/*").unwrap();
        let d = resource.negotiate(&request);
        prop_assert_eq!(resource.serve(header, &Limits::DEFAULT).unwrap(), d.served());
    }

    #[test]
    fn the_decision_is_deterministic(
        specs in prop::collection::vec(spec(), 0..8), h in headers(), policy in policy(),
    ) {
        let variants: Vec<_> = specs.iter().map(variant).collect();
        let r = request(&h);
        let one = negotiate(&r, &variants, &policy);
        let two = negotiate(&r, &variants, &policy);
        prop_assert_eq!(one.to_string(), two.to_string());
        prop_assert_eq!(one.ranking().collect::<Vec<_>>(), two.ranking().collect::<Vec<_>>());
    }
}

#[test]
fn the_ranking_keeps_the_best_of_more_than_it_holds() {
    // 100 variants, qs rising: the ranking holds the best 48, best first, and counts all.
    let variants: Vec<Variant<'_>> = (1..=100u16)
        .map(|i| Variant::new().source_quality(Quality::from_thousandths(i * 10).unwrap()))
        .collect();
    let r = Request::new();
    let d = negotiate(&r, &variants, &Policy::STRICT);
    assert_eq!(d.chosen(), Some(99));
    assert_eq!(d.acceptable(), 100);
    let ranking: Vec<usize> = d.ranking().collect();
    assert_eq!(ranking.len(), conneg::Decision::RANKING_CAPACITY);
    assert_eq!(ranking, (52..100).rev().collect::<Vec<_>>());
}
