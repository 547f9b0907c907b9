use super::*;

#[track_caller]
fn header(s: &str) -> AcceptLanguage<'_> {
    AcceptLanguage::parse(s).unwrap()
}

#[track_caller]
fn tag(s: &str) -> LanguageTag<'_> {
    LanguageTag::parse(s).unwrap()
}

fn q(h: &str, t: &str) -> u16 {
    header(h).quality_of(&tag(t)).thousandths()
}

fn members(s: &str) -> Vec<String> {
    header(s).iter().map(|r| r.to_string()).collect()
}

#[test]
fn range_grammar() {
    assert_eq!(
        members("en, en-US, zh-Hant-TW, de-CH-1996, *, x-klingon"),
        ["en", "en-US", "zh-Hant-TW", "de-CH-1996", "*", "x-klingon"]
    );
    for bad in [
        "de-*-DE",
        "123",
        "en-",
        "-en",
        "en--US",
        "toolongtag",
        "en-toolong12",
        "e n",
        "en_",
        "*-US",
        "en;level=1",
        "en;q=x",
        "\u{e9}n",
    ] {
        let h = format!("{bad}, fr");
        assert_eq!(members(&h), ["fr"], "{bad:?}");
    }
}

#[test]
fn underscore_reads_as_hyphen() {
    assert_eq!(members("en_US"), ["en-US"]);
    assert_eq!(q("en_US", "en-us"), 1000);
    assert_eq!(q("en-US", "en_US"), 1000);
    assert_eq!(tag("pt_BR"), tag("PT-br"));
}

#[test]
fn basic_filtering_longest_range_gives_q() {
    let h = "en;q=0.5, en-US;q=0.8, *;q=0.1";
    assert_eq!(q(h, "en-US"), 800);
    assert_eq!(q(h, "en-US-x-twain"), 800);
    assert_eq!(q(h, "en-GB"), 500);
    assert_eq!(q(h, "en"), 500);
    assert_eq!(q(h, "fr"), 100);
    assert_eq!(q("en", "eng"), 0, "a prefix must end at a subtag boundary");
}

#[test]
fn lookup_truncation_when_no_range_filters() {
    assert_eq!(q("en-US", "en"), 1000);
    assert_eq!(q("fr-CA;q=0.7", "fr"), 700);
    assert_eq!(q("zh-Hant-TW;q=0.6", "zh"), 600);
    assert_eq!(q("zh-Hant-TW;q=0.6", "zh-Hant"), 600);
    let m = header("en-US").match_of(&tag("en")).unwrap();
    assert_eq!(m.specificity, LanguageSpecificity::Truncated);
}

#[test]
fn truncation_ranks_above_the_wildcard_and_below_filtering() {
    assert_eq!(q("en-US, *;q=0.1", "en"), 1000);
    assert_eq!(q("*;q=0.1, en-US", "en"), 1000);
    assert_eq!(q("en-US, en;q=0.2", "en"), 200);
    // The highest weight among truncating ranges.
    assert_eq!(q("en-US;q=0.3, en-GB;q=0.6", "en"), 600);
}

#[test]
fn a_refused_range_does_not_refuse_its_truncation() {
    assert_eq!(q("en-US;q=0, *", "en"), 1000);
    assert_eq!(q("en-US;q=0", "en"), 0);
    assert!(header("en-US;q=0").match_of(&tag("en")).is_none());
}

#[test]
fn q_zero_on_the_most_specific_range_refuses() {
    assert_eq!(q("en;q=0, *", "en-US"), 0);
    assert_eq!(q("en-US;q=0, en", "en-US"), 0);
    assert_eq!(q("en-US;q=0, en", "en-GB"), 1000);
}

#[test]
fn siblings_do_not_match() {
    assert_eq!(q("en-US", "en-GB"), 0);
    assert_eq!(q("zh-TW", "zh-Hant"), 0);
    assert_eq!(q("no", "nb"), 0);
}

#[test]
fn best_language() {
    let h = header("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5");
    let offers = [tag("en"), tag("de"), tag("fr")];
    let (i, m) = h.best(&offers).unwrap();
    assert_eq!(
        (i, m.quality.thousandths(), m.specificity),
        (2, 900, LanguageSpecificity::Filtered { subtags: 1 })
    );
    let offers = [tag("ja"), tag("ko")];
    assert_eq!(
        h.best(&offers).map(|(i, m)| (i, m.quality.thousandths())),
        Some((0, 500))
    );
    assert_eq!(header("da").best(&offers), None);
}

#[test]
fn subtag_limit() {
    let limits = Limits {
        max_subtags: 3,
        ..Limits::DEFAULT
    };
    assert!(AcceptLanguage::parse_with("a-b-c", &limits).is_ok());
    let err = AcceptLanguage::parse_with("en, a-b-c-d", &limits).unwrap_err();
    assert_eq!(
        err.to_string(),
        "accept-language: the language range at byte 4 has more than 3 subtags (the limit)"
    );
    assert!(AcceptLanguage::parse_with("a-b-c-d;q=bad", &limits).is_err());
}

#[test]
fn tag_errors() {
    let err = |s| LanguageTag::parse(s).unwrap_err().to_string();
    assert_eq!(
        err("*"),
        "invalid language tag: expected a letter at byte 0, found '*'"
    );
    assert_eq!(
        err("en-"),
        "invalid language tag: expected a subtag at byte 3, found the end"
    );
    assert_eq!(
        err(" en--US"),
        "invalid language tag: expected a subtag at byte 4, found '-'"
    );
    assert_eq!(
        err("abcdefghi"),
        "invalid language tag: expected '-' (a subtag has at most 8 characters) at byte 8, found 'i'"
    );
    assert_eq!(
        err("1en"),
        "invalid language tag: expected a letter at byte 0, found '1'"
    );
    assert_eq!(
        err(""),
        "invalid language tag: expected a letter at byte 0, found the end"
    );
    assert_eq!(
        err("en.US "),
        "invalid language tag: expected a letter or '-' at byte 2, found '.'"
    );
    assert_eq!(
        err("en-US x"),
        "invalid language tag: expected a letter, digit or '-' at byte 5, found a space"
    );
    assert_eq!(
        err("en-U$"),
        "invalid language tag: expected a letter, digit or '-' at byte 4, found '$'"
    );
}

#[test]
fn display_round_trips() {
    let h = header("en_US;q=.5, *;Q=0, de");
    let printed = h.to_string();
    assert_eq!(printed, "en-US;q=0.5, *;q=0, de");
    assert_eq!(AcceptLanguage::parse(printed.as_str()).unwrap(), h);
}

proptest::proptest! {
    /// The quick read of a range gives an end only where the full scan gives that end and no
    /// error; the full scan, not the quick read, is what reports.
    #[test]
    fn the_quick_read_agrees_with_the_scan(
        text in "([a-zA-Z0-9]{0,10}([-_][a-zA-Z0-9]{0,10}){0,5}[*;, -]?){1,3}",
        start in 0usize..4,
        max_subtags in 0usize..6,
    ) {
        let bytes = text.as_bytes();
        proptest::prop_assume!(start < bytes.len());
        if let Some(end) = quick_end(bytes, start, max_subtags) {
            let found = scan(bytes, start, max_subtags);
            proptest::prop_assert_eq!(found.end, end);
            proptest::prop_assert!(found.error.is_none());
            proptest::prop_assert!(!found.too_many_subtags);
        }
    }
}

#[test]
fn the_quick_read_leaves_the_odd_ranges_to_the_scan() {
    let quick = |s: &str, max| quick_end(s.as_bytes(), 0, max);
    assert_eq!(quick("en-US, fr", 8), Some(5));
    assert_eq!(quick("zh_Hant-TW;q=0.5", 8), Some(10));
    assert_eq!(quick("abcdefgh-12345678", 8), Some(17));
    // Each of these the scan reports, or reads to another end.
    for odd in [
        "",
        "1en",
        "abcdefghi",
        "en-",
        "en--US",
        "en-123456789",
        "-en",
        "*",
    ] {
        assert_eq!(quick(odd, 8), None, "{odd:?}");
    }
    assert_eq!(quick("a-b-c", 3), Some(5));
    assert_eq!(quick("a-b-c-d", 3), None);
}

#[test]
fn ranges_and_tags_differing_in_the_first_letter_never_match() {
    // The first letter tells most pairs apart, case aside; `*` still matches them all.
    assert_eq!(q("EN", "en-us"), 1000);
    assert_eq!(q("en-US", "EN"), 1000);
    assert_eq!(q("de, *;q=0.2", "en"), 200);
    assert_eq!(q("fr-CH", "de-CH"), 0);
    assert_eq!(q("x-klingon", "i-klingon"), 0);
}
