use super::*;

#[track_caller]
fn accept(s: &str) -> Accept<'_> {
    Accept::parse(s).unwrap()
}

#[track_caller]
fn ty(s: &str) -> MediaType<'_> {
    MediaType::parse(s).unwrap()
}

fn members(s: &str) -> Vec<String> {
    accept(s).iter().map(|r| r.to_string()).collect()
}

fn q(header: &str, offer: &str) -> u16 {
    accept(header).quality_of(&ty(offer)).thousandths()
}

#[test]
fn ranges_of_every_level() {
    assert_eq!(
        members("*/*, text/*, text/html"),
        ["*/*", "text/*", "text/html"]
    );
    let levels: Vec<MediaLevel> = accept("*/*, text/*, text/html")
        .iter()
        .map(|r| r.level())
        .collect();
    assert_eq!(
        levels,
        [
            MediaLevel::AnyType,
            MediaLevel::AnySubtype,
            MediaLevel::Exact
        ]
    );
}

#[test]
fn members_that_break_the_grammar_are_skipped() {
    for bad in [
        "text",
        "/",
        "*/json",
        "*",
        "text /html",
        "text/ html",
        "text/html/x",
        "te\"xt/html",
        "text/",
        "/html",
    ] {
        let header = format!("{bad}, application/json");
        assert_eq!(members(&header), ["application/json"], "{bad:?}");
    }
}

#[test]
fn a_header_with_no_valid_member_is_empty() {
    for header in ["", "  ", ",,", " , ,", "text", "*; q=.2", "nonsense, /"] {
        assert!(accept(header).is_empty(), "{header:?}");
    }
    assert!(!accept("*/*").is_empty());
}

#[test]
fn parameters_and_optional_whitespace() {
    assert_eq!(
        members("text/html ; level=1 ;charset=\"utf-8\""),
        ["text/html;level=1;charset=\"utf-8\""]
    );
    assert_eq!(members("text/html;;level=1;"), ["text/html;level=1"]);
    assert_eq!(members("text/html;level"), Vec::<String>::new());
    assert_eq!(members("text/html;level = 1"), Vec::<String>::new());
    assert_eq!(members("text/html;=1"), Vec::<String>::new());
    assert_eq!(members("text/html;a=\"unterminated"), Vec::<String>::new());
}

#[test]
fn quoted_commas_and_semicolons_are_literal() {
    let got = members(r#"text/html;x="a,b;c", text/plain"#);
    assert_eq!(got, [r#"text/html;x="a,b;c""#, "text/plain"]);
    let t = MediaType::parse(r#"text/html; x="a,b;c""#).unwrap();
    assert_eq!(
        q(
            r#"text/html;x="a,b;c", text/plain"#,
            r#"text/html; x="a,b;c""#
        ),
        1000
    );
    assert!(accept(r#"text/html;x="a,b;c""#).match_of(&t).is_some());
}

#[test]
fn the_first_q_ends_the_parameters() {
    let a = accept("text/html;level=1;Q=0.5;level=2;foo");
    let r = a.iter().next().unwrap();
    assert_eq!(r.quality().thousandths(), 500);
    assert_eq!(
        r.params().map(|p| p.to_string()).collect::<Vec<_>>(),
        ["level=1"]
    );
    // The extension after q is not validated: it is ignored.
    assert_eq!(members("text/html;q=0.5;@@@"), ["text/html;q=0.5"]);
}

#[test]
fn weights() {
    assert_eq!(q("text/html;q=.5", "text/html"), 500);
    assert_eq!(q("text/html;q=1.", "text/html"), 1000);
    assert_eq!(q("text/html;q=0.0001", "text/html"), 1);
    assert_eq!(q("text/html;q=7", "text/html"), 1000);
    assert_eq!(q("text/html;q=", "text/html"), 1000);
    assert_eq!(q("text/html;q=0.5 \t;ext, */*;q=0.3", "text/html"), 500);
    assert_eq!(
        q("text/html;q=0.5 x, */*;q=0.3", "text/html"),
        300,
        "junk after the weight"
    );
    for bad in ["abc", "-1", "1e3", "NaN", "0x1", "１"] {
        let header = format!("text/html;q={bad}, */*;q=0.3");
        assert_eq!(
            q(&header, "text/html"),
            300,
            "q={bad} makes the member invalid"
        );
    }
}

#[test]
fn case_rules() {
    assert_eq!(q("TEXT/HTML", "text/html"), 1000);
    assert_eq!(q("text/html;LEVEL=1", "text/html;level=1"), 1000);
    assert_eq!(
        q("text/html;level=A", "text/html;level=a"),
        0,
        "values are case-sensitive"
    );
    assert_eq!(
        q("text/html;charset=UTF-8", "text/html;charset=utf-8"),
        1000,
        "except charset"
    );
    assert_eq!(
        q("text/html;a=\"b\"", "text/html;a=b"),
        1000,
        "quoted = token"
    );
}

#[test]
fn the_most_specific_range_decides() {
    let header =
        "text/*;q=0.3, text/html;q=0.7, text/html;level=1, text/html;level=2;q=0.4, */*;q=0.5";
    assert_eq!(q(header, "text/html;level=1"), 1000);
    assert_eq!(q(header, "text/html"), 700);
    assert_eq!(q(header, "text/plain"), 300);
    assert_eq!(q(header, "image/jpeg"), 500);
    assert_eq!(q(header, "text/html;level=2"), 400);
    assert_eq!(q(header, "text/html;level=3"), 700);
}

#[test]
fn a_lower_weight_on_a_specific_range_beats_a_wildcard() {
    assert_eq!(q("text/html;q=0.1, */*", "text/html"), 100);
    assert_eq!(q("*/*, text/html;q=0.1", "text/html"), 100);
    assert_eq!(q("text/html;q=0, */*", "text/html"), 0);
    let m = accept("text/html;q=0, */*")
        .match_of(&MediaType::TEXT_HTML)
        .unwrap();
    assert!(!m.is_acceptable());
    assert_eq!(m.position, 0);
}

#[test]
fn more_parameters_are_more_specific() {
    let header = "text/html;a=1;q=0.2, text/html;a=1;b=2;q=0.9, text/html;q=0.5";
    assert_eq!(q(header, "text/html;a=1;b=2;c=3"), 900);
    assert_eq!(q(header, "text/html;a=1"), 200);
    assert_eq!(q(header, "text/html;b=2"), 500);
    let m = accept(header).match_of(&ty("text/html;b=2;a=1")).unwrap();
    assert_eq!(
        m.specificity,
        MediaSpecificity {
            level: MediaLevel::Exact,
            parameters: 2
        }
    );
}

#[test]
fn parameters_only_the_type_has_do_not_matter() {
    assert_eq!(q("text/html", "text/html;charset=utf-8;level=1"), 1000);
    assert_eq!(q("text/html;level=1", "text/html"), 0);
}

#[test]
fn duplicate_parameters_the_last_wins() {
    assert_eq!(q("text/html;a=1;a=2", "text/html;a=2"), 1000);
    assert_eq!(q("text/html;a=1;a=2", "text/html;a=1"), 0);
    assert_eq!(q("text/html;a=2", "text/html;a=2;a=1"), 0);
    assert_eq!(q("text/html;a=1", "text/html;a=2;a=1"), 1000);
}

#[test]
fn duplicate_ranges_the_highest_weight() {
    assert_eq!(
        q(
            "text/html;q=0.2, text/html;q=0.8, text/html;q=0.5",
            "text/html"
        ),
        800
    );
    assert_eq!(q("text/html;q=0, text/html", "text/html"), 1000);
    let m = accept("text/html;q=0.2, text/html;q=0.8")
        .match_of(&MediaType::TEXT_HTML)
        .unwrap();
    assert_eq!(m.position, 1);
}

#[test]
fn a_structured_suffix_is_not_its_base_type() {
    assert_eq!(q("application/json", "application/ld+json"), 0);
    assert_eq!(q("application/ld+json", "application/json"), 0);
    assert_eq!(ty("application/ld+json").suffix(), Some("json"));
    assert_eq!(ty("application/json").suffix(), None);
}

#[test]
fn best_ranks_by_weight_then_specificity_then_position_then_server_order() {
    let offers = [
        MediaType::APPLICATION_JSON,
        MediaType::TEXT_HTML,
        MediaType::APPLICATION_XML,
    ];
    let best = |h| accept(h).best(&offers).map(|(i, _)| i);
    assert_eq!(best("text/html, application/json;q=0.9"), Some(1), "weight");
    assert_eq!(best("application/*, text/html"), Some(1), "specificity");
    assert_eq!(
        best("application/xml, application/json"),
        Some(2),
        "client's order"
    );
    assert_eq!(best("*/*"), Some(0), "server's order");
    assert_eq!(best("image/png"), None);
    assert_eq!(
        best("application/json;q=0, text/html;q=0, application/xml;q=0, */*"),
        None
    );
    assert_eq!(best(""), None);
}

#[test]
fn best_handles_more_offers_than_one_pass() {
    let names: Vec<String> = (0..20).map(|i| format!("application/x-{i}")).collect();
    let offers: Vec<MediaType<'_>> = names.iter().map(|n| ty(n)).collect();
    let a = accept("application/x-3;q=0.5, application/x-17;q=0.6, application/*;q=0.1");
    assert_eq!(
        a.best(&offers).map(|(i, m)| (i, m.quality.thousandths())),
        Some((17, 600))
    );
    let a = accept("application/x-3, application/x-17");
    assert_eq!(a.best(&offers).map(|(i, _)| i), Some(3));
    let a = accept("application/x-17, application/x-3");
    assert_eq!(a.best(&offers).map(|(i, _)| i), Some(17));
}

#[test]
fn several_field_lines() {
    let lines = ["text/html;q=0.5", "application/json"];
    let a = Accept::parse(&lines[..]).unwrap();
    assert_eq!(
        a.best(&[MediaType::TEXT_HTML, MediaType::APPLICATION_JSON])
            .unwrap()
            .0,
        1
    );
    assert_eq!(a.to_string(), "text/html;q=0.5, application/json");
}

#[test]
fn media_type_strict_errors() {
    let err = |s| MediaType::parse(s).unwrap_err().to_string();
    assert_eq!(
        err(""),
        "invalid media type: expected a type at byte 0, found the end"
    );
    assert_eq!(
        err("text"),
        "invalid media type: expected '/' at byte 4, found the end"
    );
    assert_eq!(
        err("text/"),
        "invalid media type: expected a subtype at byte 5, found the end"
    );
    assert_eq!(
        err("*/*"),
        "invalid media type: expected a type, not a wildcard at byte 0, found '*'"
    );
    assert_eq!(
        err("text/html;q=1"),
        "invalid media type: expected a parameter other than q, which is a weight at byte 10, found 'q'"
    );
    assert_eq!(
        err("text/html x"),
        "invalid media type: expected ';' at byte 10, found 'x'"
    );
    assert_eq!(
        err("text/html;a"),
        "invalid media type: expected '=' at byte 11, found the end"
    );
    assert_eq!(
        err("text/html;a="),
        "invalid media type: expected a parameter value at byte 12, found the end"
    );
    assert_eq!(
        err("text/html;a=\"b"),
        "invalid media type: expected a closed quoted-string at byte 14, found the end"
    );
    assert_eq!(
        err("text/html;=b"),
        "invalid media type: expected a parameter name at byte 10, found '='"
    );
    assert_eq!(
        err("t\u{e9}xt/html"),
        "invalid media type: expected '/' at byte 1, found byte 0xc3"
    );
}

#[test]
fn media_type_accepts_ows_and_empty_parameters() {
    let t = ty("  text/html ;; charset=utf-8 ; ");
    assert_eq!(t.to_string(), "text/html;charset=utf-8");
    assert_eq!(t.param("CHARSET").unwrap().raw_value(), b"utf-8");
}

#[test]
fn media_type_equality_is_semantic() {
    assert_eq!(ty("Text/HTML;A=1;b=\"2\""), ty("text/html;b=2;a=1"));
    assert_ne!(ty("text/html;a=1"), ty("text/html;a=2"));
    assert_ne!(ty("text/html;a=1"), ty("text/html"));
    assert_eq!(ty("text/html;a=1;a=2"), ty("text/html;a=2"));
}

#[test]
fn display_round_trips() {
    for header in [
        "text/html;level=1;q=0.5, */*;q=.1",
        r#"a/b;x="q=1, y";q=1.0, c/d;Q=0"#,
        "TEXT/Plain ;  charset=UTF-8",
    ] {
        let a = accept(header);
        let printed = a.to_string();
        assert_eq!(
            Accept::parse(printed.as_str()).unwrap(),
            a,
            "{header} -> {printed}"
        );
    }
}

#[test]
fn limits_give_typed_errors() {
    let limits = Limits {
        max_parameters: 2,
        ..Limits::DEFAULT
    };
    let err = Accept::parse_with("a/b, text/html;a=1;b=2;c=3", &limits).unwrap_err();
    assert_eq!(
        err,
        Error::TooManyParameters {
            field: Field::Accept,
            limit: 2,
            position: 5
        }
    );
    assert_eq!(
        err.to_string(),
        "accept: the member at byte 5 has more than 2 parameters (the limit)"
    );
    assert!(Accept::parse_with("text/html;a=1;;;;;b=2", &limits).is_ok());

    let limits = Limits {
        max_bytes: 10,
        ..Limits::DEFAULT
    };
    let err = Accept::parse_with("text/html, a/b", &limits).unwrap_err();
    assert_eq!(err.to_string(), "accept: 14 bytes, over the limit of 10");
    assert_eq!(err.limit(), Some(crate::Limit::Bytes));

    let limits = Limits {
        max_members: 2,
        ..Limits::DEFAULT
    };
    assert!(
        Accept::parse_with("a/a,,,,,,,,,,,,b/b,,,,,", &limits).is_ok(),
        "empty members do not count"
    );
    assert!(
        Accept::parse_with("a/a, nonsense, b/b", &limits).is_err(),
        "invalid members count"
    );
}

#[test]
fn obs_text_that_is_not_utf8_prints_as_replacement_characters() {
    let a = Accept::parse(&b"a/b;x=\"\x83\xff ok\", c/d;y=\"caf\xc3\xa9\""[..]).unwrap();
    assert_eq!(
        a.to_string(),
        "a/b;x=\"\u{fffd}\u{fffd} ok\", c/d;y=\"caf\u{e9}\""
    );
    assert_eq!(a.len(), 2);
}

#[test]
fn the_constants_are_the_types_they_name() {
    let constants = [
        (MediaType::TEXT_HTML, "text/html"),
        (MediaType::TEXT_PLAIN, "text/plain"),
        (MediaType::TEXT_MARKDOWN, "text/markdown"),
        (MediaType::TEXT_CSV, "text/csv"),
        (MediaType::APPLICATION_JSON, "application/json"),
        (MediaType::APPLICATION_XML, "application/xml"),
        (MediaType::APPLICATION_YAML, "application/yaml"),
        (MediaType::APPLICATION_CBOR, "application/cbor"),
        (MediaType::APPLICATION_MSGPACK, "application/msgpack"),
        (
            MediaType::APPLICATION_PROBLEM_JSON,
            "application/problem+json",
        ),
    ];
    for (constant, text) in constants {
        assert_eq!(constant, ty(text), "{text}");
        assert_eq!(constant.to_string(), text);
    }
}

#[test]
fn choosing_star_alone_at_once_is_what_parsing_gives() {
    // `*/*` alone is answered without being read: the same choice, member and errors.
    let offers = [ty("application/json"), ty("text/html")];
    for offers in [&offers[..], &offers[..1], &[]] {
        // `*/*,` is not the whole-value shortcut: it is read as any other header.
        assert_eq!(
            Accept::choose("*/*", offers).unwrap(),
            accept("*/*,").best(offers)
        );
        assert_eq!(accept("*/*").best(offers), accept("*/*,").best(offers));
    }
    // Offers read through a closure: one without a media type matches nothing, `*/*` alone
    // included.
    let untyped_first = [None, Some(ty("text/html"))];
    for header in ["*/*", "*/*,", "text/*"] {
        let chosen = choose_by(header.into(), &Limits::DEFAULT, &untyped_first, |o| {
            o.as_ref()
        })
        .unwrap();
        assert_eq!(chosen.map(|(i, _)| i), Some(1), "{header}");
    }
    let (index, m) = Accept::choose("*/*", &offers).unwrap().unwrap();
    assert_eq!(
        (index, m.member.to_string(), m.position),
        (0, "*/*".into(), 0)
    );
    for limits in [
        Limits {
            max_bytes: 2,
            ..Limits::DEFAULT
        },
        Limits {
            max_members: 0,
            ..Limits::DEFAULT
        },
    ] {
        let error = Accept::choose_with("*/*", &limits, &offers).unwrap_err();
        assert_eq!(Some(error), Accept::parse_with("*/*", &limits).err());
    }
    // Not alone, or in two lines: read as any other header.
    let lines: &[&str] = &["*/*", "text/html;q=0.5"];
    assert_eq!(
        Accept::choose(lines, &offers).unwrap(),
        accept("*/*, text/html;q=0.5").best(&offers)
    );
    assert_eq!(Accept::choose(lines, &offers).unwrap().unwrap().0, 0);
}
