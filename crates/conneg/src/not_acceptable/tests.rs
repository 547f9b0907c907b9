use super::*;
use crate::{Charset, HttpDate, InstanceManipulation, LanguageTag, Policy, negotiate};

/// German HTML with a URL, English JSON without one.
fn news() -> [Variant<'static>; 2] {
    [
        Variant::new()
            .media_type(MediaType::TEXT_HTML)
            .language(LanguageTag::parse("de").unwrap())
            .charset(Charset::UTF_8)
            .coding(Coding::GZIP)
            .url("/news.de.html"),
        Variant::new()
            .media_type(MediaType::APPLICATION_JSON)
            .language(LanguageTag::parse("en").unwrap()),
    ]
}

#[track_caller]
fn request(headers: &[(&'static str, &'static str)]) -> Request<'static> {
    headers.iter().fold(Request::new(), |r, (name, value)| {
        r.header(name, *value).unwrap()
    })
}

/// The 406 response for `headers` against `variants`, strict.
#[track_caller]
fn respond(variants: &[Variant<'_>], headers: &[(&'static str, &'static str)]) -> Response {
    let request = request(headers);
    let decision = negotiate(&request, variants, &Policy::STRICT);
    assert_eq!(decision.status(), 406, "{decision}");
    NotAcceptable::new(&decision).response()
}

#[track_caller]
fn parse_json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("invalid JSON ({e}): {body}"))
}

#[track_caller]
fn assert_headers_safe(response: &Response) {
    for (name, value) in &response.headers {
        assert!(
            value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()),
            "{name}: {value:?}"
        );
    }
}

#[test]
fn exact_problem_json_for_a_small_case() {
    let variants = news();
    let response = respond(&variants, &[("accept-language", "fr")]);
    assert_eq!(response.status, 406);
    assert_eq!(
        response.headers,
        [
            ("content-type", "application/problem+json".to_string()),
            (
                "vary",
                "Accept, Accept-Charset, Accept-Encoding, Accept-Language".to_string()
            ),
            (
                "link",
                r#"</news.de.html>; rel="alternate"; type="text/html"; hreflang="de""#.to_string()
            ),
            ("cache-control", "no-store".to_string()),
            ("x-content-type-options", "nosniff".to_string()),
        ]
    );
    assert_eq!(
        response.body,
        concat!(
            r#"{"type":"about:blank","title":"Not Acceptable","status":406,"#,
            r#""detail":"None of the available representations of this resource is acceptable to this request: refused by Accept-Language.","#,
            r#""available":[{"type":"text/html","language":"de","charset":"utf-8","encoding":"gzip","url":"/news.de.html"},"#,
            r#"{"type":"application/json","language":"en"}],"#,
            r#""requested":{"accept-language":["fr"]}}"#
        )
    );
    parse_json(&response.body);
}

#[test]
fn exact_text_body_for_a_small_case() {
    let variants = news();
    let response = respond(
        &variants,
        &[("accept", "text/plain"), ("accept-language", "fr")],
    );
    assert_eq!(
        response.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(
        response.body,
        "406 Not Acceptable\n\
         \n\
         None of the available representations of this resource is acceptable to this request: refused by Accept, Accept-Language.\n\
         \n\
         Available representations:\n\
         - text/html (language de, charset utf-8, encoding gzip): /news.de.html\n\
         - application/json (language en)\n\
         \n\
         What the request asked for:\n\
         - Accept: text/plain\n\
         - Accept-Language: fr\n"
    );
}

#[test]
fn exact_html_body_for_a_small_case() {
    let variants = [Variant::new()
        .media_type(MediaType::APPLICATION_JSON)
        .url("/data.json")];
    let response = respond(&variants, &[("accept", "text/html")]);
    assert_eq!(
        response.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        response.body,
        "<!doctype html>\n\
         <html lang=\"en\">\n\
         <head>\n\
         <meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>406 Not Acceptable</title>\n\
         </head>\n\
         <body>\n\
         <main>\n\
         <h1>406 Not Acceptable</h1>\n\
         <p>None of the available representations of this resource is acceptable to this request: refused by Accept.</p>\n\
         <h2>Available representations</h2>\n\
         <ul>\n\
         <li><a href=\"/data.json\">application/json</a></li>\n\
         </ul>\n\
         <h2>What the request asked for</h2>\n\
         <dl>\n\
         <dt>Accept</dt><dd>text/html</dd>\n\
         </dl>\n\
         </main>\n\
         </body>\n\
         </html>\n"
    );
}

#[test]
fn the_body_is_negotiated_among_three_formats() {
    let cases = [
        (None, Format::ProblemJson),
        (Some("*/*"), Format::ProblemJson),
        (Some("application/*"), Format::ProblemJson),
        (Some("application/problem+json"), Format::ProblemJson),
        (Some("text/html"), Format::Html),
        (
            Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            Format::Html,
        ),
        (Some("text/*"), Format::Html),
        (Some("text/plain"), Format::Text),
        (
            Some("application/problem+json;q=0.5, text/plain"),
            Format::Text,
        ),
        // None of the three: plain text all the same.
        (Some("image/png"), Format::Text),
        (Some("application/json"), Format::Text),
        (Some(""), Format::Text),
        (Some("*/*;q=0"), Format::Text),
    ];
    // German only, asked for in French: 406 whatever the Accept.
    let variants = [Variant::new()
        .media_type(MediaType::TEXT_CSV)
        .language(LanguageTag::parse("de").unwrap())];
    for (accept, expected) in cases {
        let accept_parsed = accept.map(|a| Accept::parse(a).unwrap());
        assert_eq!(
            Format::negotiate(accept_parsed.as_ref()),
            expected,
            "{accept:?}"
        );
        let request = Request::new().header("accept-language", "fr").unwrap();
        let request = match accept {
            Some(a) => request.header("accept", a).unwrap(),
            None => request,
        };
        let decision = negotiate(&request, &variants, &Policy::STRICT);
        assert_eq!(decision.status(), 406, "{accept:?}");
        let na = NotAcceptable::new(&decision);
        assert_eq!(na.format(), expected, "{accept:?}");
        let response = na.response();
        assert_eq!(
            response.header("content-type"),
            Some(expected.content_type()),
            "{accept:?}"
        );
        match expected {
            Format::ProblemJson => {
                parse_json(&response.body);
            }
            Format::Html => assert!(response.body.starts_with("<!doctype html>\n")),
            Format::Text => assert!(response.body.starts_with("406 Not Acceptable\n\n")),
        }
    }
}

#[test]
fn an_accept_header_required_says_so() {
    let variants = news();
    let request = Request::new();
    let decision = negotiate(&request, &variants, &Policy::STRICT.require_accept(true));
    let na = NotAcceptable::new(&decision);
    assert_eq!(
        na.report().detail,
        "This resource requires an Accept header naming the media types wanted, and the request has none."
    );
    assert_eq!(
        na.to_string(),
        "406 Not Acceptable: This resource requires an Accept header naming the media types wanted, and the request has none."
    );
    let json = parse_json(&na.response().body);
    assert!(json.get("requested").is_none(), "no header, nothing echoed");
    assert_eq!(json["available"].as_array().unwrap().len(), 2);
}

#[test]
fn no_variant_at_all() {
    let request = request(&[("accept", "text/html")]);
    let decision = negotiate(&request, &[], &Policy::STRICT);
    assert_eq!(decision.status(), 406);
    let response = NotAcceptable::new(&decision).response();
    assert_eq!(response.header("vary"), None, "an empty Vary is left out");
    assert!(response.header("link").is_none());
    assert!(
        response
            .body
            .contains("<p>This resource has no representation to offer.</p>\n<h2>Available representations</h2>\n<p>None.</p>\n")
    );
}

#[test]
fn every_dimension_is_listed() {
    let date = HttpDate::parse("Thu, 31 May 2007 20:35:00 GMT").unwrap();
    let variants = [
        Variant::new()
            .media_type(MediaType::parse("text/html; level=1").unwrap())
            .datetime(date)
            .im(InstanceManipulation::parse("vcdiff").unwrap())
            .coding(Coding::IDENTITY),
        Variant::new(),
    ];
    let request = request(&[
        ("accept", "image/png"),
        ("accept-datetime", "Thu, 31 May 2007 20:35:00 GMT"),
        ("accept-charset", "utf-8, iso-8859-1;q=0"),
        ("accept-encoding", "br, gzip;q=0.5"),
        ("a-im", "feed"),
    ]);
    let decision = negotiate(&request, &variants, &Policy::STRICT);
    assert_eq!(decision.status(), 406, "{decision}");
    let report = NotAcceptable::new(&decision).report().clone();
    assert_eq!(
        report.available[0],
        Available {
            media_type: Some("text/html;level=1".into()),
            language: None,
            charset: None,
            encoding: None, // identity
            datetime: Some("Thu, 31 May 2007 20:35:00 GMT".into()),
            im: Some("vcdiff".into()),
            url: None,
        }
    );
    assert_eq!(report.available[1], Available::default());
    assert_eq!(report.available[1].summary(), "any type");
    assert_eq!(
        report.available[0].summary(),
        "text/html;level=1 (datetime Thu, 31 May 2007 20:35:00 GMT, im vcdiff)"
    );
    let json = parse_json(&report.to_json());
    assert_eq!(
        json["available"],
        serde_json::json!([
            {"type": "text/html;level=1", "datetime": "Thu, 31 May 2007 20:35:00 GMT", "im": "vcdiff"},
            {}
        ])
    );
    assert_eq!(
        json["requested"],
        serde_json::json!({
            "accept": ["image/png"],
            "accept-charset": ["utf-8"],
            "accept-encoding": ["br", "gzip"],
            "accept-datetime": "Thu, 31 May 2007 20:35:00 GMT",
            "a-im": ["feed"],
        })
    );
}

#[test]
fn echoed_members_are_valid_tokens_and_capped() {
    let long_subtype = "x".repeat(70);
    let just_fits = format!("a/{}", "y".repeat(62)); // 64 bytes
    let mut accept = (1..=20)
        .map(|i| format!("t{i}/s"))
        .collect::<Vec<_>>()
        .join(", ");
    accept =
        format!("{long_subtype}/z, {just_fits}, TEXT/HTML;level=1;q=0.5, image/png;q=0, {accept}");
    let accept: &'static str = Box::leak(accept.into_boxed_str());
    let variants = news();
    let request = request(&[
        ("accept", accept),
        ("accept-language", "de_CH, *;q=0.1, fr;q=0, 12, <b>"),
    ]);
    let decision = negotiate(&request, &variants, &Policy::STRICT);
    let report = Report::not_acceptable(&decision);
    let echoed = report.requested.accept.as_ref().unwrap();
    assert_eq!(echoed.len(), Report::MAX_MEMBERS);
    // Too long: dropped; 64 bytes: kept; parameters and weight: dropped; q=0: left out.
    assert_eq!(echoed[0], just_fits);
    assert_eq!(echoed[1], "text/html");
    assert_eq!(echoed[2], "t1/s");
    assert_eq!(echoed[15], "t14/s");
    assert!(echoed.iter().all(|m| m.len() <= Report::MAX_MEMBER_BYTES));
    assert_eq!(
        report.requested.accept_language.as_deref(),
        Some(&["de-CH".to_string(), "*".to_string()][..])
    );
}

#[test]
fn a_header_with_no_valid_member_is_echoed_empty() {
    let variants = news();
    let response = respond(
        &variants,
        &[("accept", "<script>, text"), ("accept-charset", "")],
    );
    assert_eq!(
        response.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert!(
        response
            .body
            .contains("- Accept: (nothing: no valid member with q above 0)\n")
    );
    let request = request(&[("accept", "nonsense"), ("accept-charset", "")]);
    let decision = negotiate(&request, &variants, &Policy::STRICT);
    let json = parse_json(&Report::not_acceptable(&decision).to_json());
    assert_eq!(
        json["requested"],
        serde_json::json!({"accept": [], "accept-charset": []})
    );
}

const EVIL_URL: &str =
    "/a<script>alert(1)</script>\"'&\r\nSet-Cookie: x=1\u{0}\u{7f}\u{2028}caf\u{e9}";
const SCRIPT_URL: &str = "javascript:alert(document.cookie)";
const SNEAKY_URL: &str = "JaVa\tScRiPt:alert(1)";

fn evil_variants() -> [Variant<'static>; 3] {
    [
        Variant::new()
            .media_type(MediaType::TEXT_CSV)
            .language(LanguageTag::parse("de").unwrap())
            .url(EVIL_URL),
        Variant::new()
            .media_type(MediaType::TEXT_CSV)
            .url(SCRIPT_URL),
        Variant::new()
            .media_type(MediaType::APPLICATION_XML)
            .url(SNEAKY_URL),
    ]
}

const EVIL_ACCEPT: &str = "text/<script>, \"x\"/y, text/html;a=\"<script>\\\"\", javascript:alert(1), text/html;q=0.5, text/plain;q=0.1\r\nX-Evil: 1";

fn evil_request(accept: &'static str) -> Request<'static> {
    request(&[
        ("accept", accept),
        (
            "accept-language",
            "<script>, fr, \"en\", en-US, de\r\nX-Evil: 1",
        ),
        ("accept-encoding", "<x>, br"),
    ])
}

#[test]
fn html_escapes_everything_and_links_only_safe_urls() {
    let variants = evil_variants();
    let request = evil_request(EVIL_ACCEPT);
    let decision = negotiate(&request, &variants, &Policy::STRICT);
    assert_eq!(decision.status(), 406);
    let response = NotAcceptable::new(&decision).response();
    assert_eq!(
        response.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let body = &response.body;
    assert!(!body.to_ascii_lowercase().contains("<script"), "{body}");
    assert!(!body.contains('\r'), "{body}");
    assert!(
        !body.contains('\u{0}') && !body.contains('\u{7f}'),
        "{body}"
    );
    assert!(!body.contains("X-Evil"), "{body}");
    assert!(!body.contains("\"x\""), "{body}");
    // Every `"` is one of the template's attribute quotes.
    assert_eq!(
        body.matches('"').count(),
        2 * body.matches("=\"").count(),
        "{body}"
    );
    // Only the path is a link, percent-encoded then escaped; no other href.
    assert_eq!(body.matches("href=").count(), 1, "{body}");
    assert!(body.contains(
        "<a href=\"/a%3Cscript%3Ealert(1)%3C/script%3E%22&#39;&amp;%0D%0ASet-Cookie:%20x=1%00%7F%E2%80%A8caf%C3%A9\">text/csv (language de)</a>"
    ), "{body}");
    // The others are shown as code, never linked.
    assert!(
        body.contains("<li>text/csv: <code>javascript:alert(document.cookie)</code></li>"),
        "{body}"
    );
    assert!(
        body.contains("<li>application/xml: <code>JaVa%09ScRiPt:alert(1)</code></li>"),
        "{body}"
    );
    // What the client asked for: only the valid members, as tokens.
    assert!(
        body.contains("<dt>Accept</dt><dd>text/html, text/html</dd>"),
        "{body}"
    );
    assert!(
        body.contains("<dt>Accept-Language</dt><dd>fr, en-US</dd>"),
        "{body}"
    );
    assert!(
        body.contains("<dt>Accept-Encoding</dt><dd>br</dd>"),
        "{body}"
    );
    assert_headers_safe(&response);
}

#[test]
fn json_parses_and_keeps_urls_exactly() {
    let variants = evil_variants();
    let request = evil_request("application/problem+json, text/<script>, \"x\"/y\r\n");
    let decision = negotiate(&request, &variants, &Policy::STRICT);
    let response = NotAcceptable::new(&decision).response();
    assert_eq!(
        response.header("content-type"),
        Some("application/problem+json")
    );
    let body = &response.body;
    for forbidden in [
        '<', '>', '&', '\'', '\r', '\n', '\u{0}', '\u{7f}', '\u{2028}',
    ] {
        assert!(!body.contains(forbidden), "{forbidden:?} in {body}");
    }
    let json = parse_json(body);
    assert_eq!(json["available"][0]["url"], EVIL_URL);
    assert_eq!(json["available"][1]["url"], SCRIPT_URL);
    assert_eq!(json["available"][2]["url"], SNEAKY_URL);
    assert_eq!(
        json["requested"]["accept"],
        serde_json::json!(["application/problem+json"])
    );
    assert_eq!(
        json["requested"]["accept-language"],
        serde_json::json!(["fr", "en-US"])
    );
    assert_headers_safe(&response);
}

#[test]
fn text_keeps_every_value_on_its_line() {
    let variants = evil_variants();
    let request = evil_request("image/png");
    let decision = negotiate(&request, &variants, &Policy::STRICT);
    let response = NotAcceptable::new(&decision).response();
    assert_eq!(
        response.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    let body = &response.body;
    assert!(!body.contains('\r'));
    assert!(!body.contains("\nSet-Cookie"), "{body}");
    assert!(body.contains(
        "- text/csv (language de): /a%3Cscript%3Ealert(1)%3C/script%3E%22'&%0D%0ASet-Cookie:%20x=1%00%7F%E2%80%A8caf%C3%A9\n"
    ), "{body}");
    assert!(
        body.contains("- application/xml: JaVa%09ScRiPt:alert(1)\n"),
        "{body}"
    );
}

#[test]
fn link_headers_cannot_break_out_or_inject() {
    let variants = evil_variants();
    let request = evil_request(EVIL_ACCEPT);
    let decision = negotiate(&request, &variants, &Policy::STRICT);
    let response = NotAcceptable::new(&decision).response();
    assert_headers_safe(&response);
    let links: Vec<&str> = response.header_values("LINK").collect();
    assert_eq!(
        links,
        [
            r#"</a%3Cscript%3Ealert(1)%3C/script%3E%22'&%0D%0ASet-Cookie:%20x=1%00%7F%E2%80%A8caf%C3%A9>; rel="alternate"; type="text/csv"; hreflang="de""#,
            r#"<javascript:alert(document.cookie)>; rel="alternate"; type="text/csv""#,
            r#"<JaVa%09ScRiPt:alert(1)>; rel="alternate"; type="application/xml""#,
        ]
    );
    for link in links {
        // One `<...>`, closed once, before the parameters.
        assert_eq!(link.matches('<').count(), 1);
        assert_eq!(link.matches('>').count(), 1);
        assert!(link.find('>').unwrap() < link.find("; rel=").unwrap());
    }
}

#[test]
fn header_values_are_made_safe_whatever_they_hold() {
    let mut response = Response::new(406);
    response.push("x-test", "a\r\nb\u{0}c\td\u{7f} é");
    assert_eq!(
        response.header("x-test"),
        Some("a%0D%0Ab%00c%09d%7F %C3%A9")
    );
}

#[test]
fn percent_encoding_keeps_uris_and_escapes() {
    let cases = [
        ("/news.de.html", "/news.de.html"),
        (
            "https://example.com/a?b=c&d=e#f",
            "https://example.com/a?b=c&d=e#f",
        ),
        ("/a b", "/a%20b"),
        ("/%20ok", "/%20ok"),
        ("/100%", "/100%25"),
        ("/%zz", "/%25zz"),
        ("/<>\"\\^`{|}", "/%3C%3E%22%5C%5E%60%7B%7C%7D"),
        ("/é", "/%C3%A9"),
        ("", ""),
    ];
    for (url, expected) in cases {
        assert_eq!(percent_encode(url), expected, "{url:?}");
    }
}

#[test]
fn only_paths_relative_references_and_http_urls_are_links() {
    let safe = [
        "/a",
        "//cdn.example/a",
        "./a",
        "../a",
        "http://example.com",
        "HTTPS://example.com",
        "news.html",
        "a/b:c",
        "?q=a:b",
        "#top",
        "",
    ];
    for url in safe {
        assert!(is_safe_link(url), "{url:?}");
    }
    let unsafe_ = [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\u{1}javascript:alert(1)",
        "data:text/html,<script>",
        "vbscript:x",
        "mailto:a@example.com",
        "http:example.com",
    ];
    for url in unsafe_ {
        assert!(!is_safe_link(url), "{url:?}");
    }
}

#[test]
fn escapers() {
    assert_eq!(
        escape_html("<a href=\"x\" title='y'>&\u{0}\r\n</a>"),
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;\u{FFFD}\u{FFFD}\u{FFFD}&lt;/a&gt;"
    );
    assert_eq!(escape_html("déjà vu"), "déjà vu");
    assert_eq!(
        escape_json("\"\\\n\r\t\u{8}\u{c}\u{1}\u{7f}<>&'\u{2028}\u{2029}é😀"),
        r#"\"\\\n\r\t\b\f\u0001\u007f\u003c\u003e\u0026\u0027\u2028\u2029é😀"#
    );
    let nasty: String = (0u32..0x300)
        .chain([0x2028, 0x2029, 0xfeff, 0x1f600])
        .filter_map(char::from_u32)
        .collect();
    let round: String = serde_json::from_str(&format!("\"{}\"", escape_json(&nasty))).unwrap();
    assert_eq!(round, nasty);
}

/// A renderer that is a type, not a closure.
struct Fixed;

impl Render for Fixed {
    fn render(&self, report: &Report) -> String {
        format!("{} fixed", report.status)
    }
}

#[test]
fn a_custom_renderer_keeps_status_and_headers() {
    let variants = news();
    let request = request(&[("accept", "text/html"), ("accept-language", "fr")]);
    let decision = negotiate(&request, &variants, &Policy::STRICT);
    let default = NotAcceptable::new(&decision).response();

    let brand = "ACME";
    let custom = NotAcceptable::new(&decision)
        .html(|report: &Report| {
            format!(
                "<!doctype html><title>{brand}: {}</title>{}",
                escape_html(report.title),
                report.html_fragment()
            )
        })
        .json(|_: &Report| String::from("unused"))
        .response();
    assert_eq!(custom.status, 406);
    assert_eq!(custom.headers, default.headers);
    assert!(custom.body.starts_with(
        "<!doctype html><title>ACME: Not Acceptable</title><h1>406 Not Acceptable</h1>\n<p>"
    ));
    assert!(custom.body.contains("<a href=\"/news.de.html\">"));

    // A renderer for another format leaves this one alone; a type can be a renderer too.
    let text_only = NotAcceptable::new(&decision).text(Fixed).response();
    assert_eq!(text_only, default);
    let plain_request = self::request(&[("accept", "text/plain"), ("accept-language", "fr")]);
    let decision = negotiate(&plain_request, &variants, &Policy::STRICT);
    let response = NotAcceptable::new(&decision).text(Fixed).response();
    assert_eq!(response.body, "406 fixed");
    assert_eq!(
        response.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(response.header("cache-control"), Some("no-store"));
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
}

#[test]
fn the_default_renderings_can_be_wrapped() {
    let variants = news();
    let request = request(&[("accept-language", "fr")]);
    let decision = negotiate(&request, &variants, &Policy::STRICT);
    let na = NotAcceptable::new(&decision);
    let report = na.report();
    assert_eq!(report.render(Format::ProblemJson), report.to_json());
    assert_eq!(report.render(Format::Html), report.to_html());
    assert_eq!(report.render(Format::Text), report.to_text());
    assert!(report.to_html().contains(&report.html_fragment()));
    let wrapped = NotAcceptable::new(&decision)
        .json(|r: &Report| {
            let mut value: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
            value["instance"] = "/news".into();
            value.to_string()
        })
        .response();
    let json = parse_json(&wrapped.body);
    assert_eq!(json["instance"], "/news");
    assert_eq!(json["status"], 406);
}

#[test]
fn display_and_debug() {
    let variants = news();
    let request = request(&[("accept-language", "fr")]);
    let decision = negotiate(&request, &variants, &Policy::STRICT);
    let na = NotAcceptable::new(&decision).html(|_: &Report| String::new());
    assert_eq!(
        na.to_string(),
        "406 Not Acceptable: None of the available representations of this resource is acceptable to this request: refused by Accept-Language."
    );
    assert!(format!("{na:?}").contains("custom_renderers: [false, true, false]"));
}

// 415

const TYPES: [MediaType<'static>; 2] = [MediaType::APPLICATION_JSON, MediaType::APPLICATION_XML];

#[test]
fn unsupported_media_type_headers_per_method() {
    let cases = [
        (Method::Post, Some("accept-post")),
        (Method::Patch, Some("accept-patch")),
        (Method::Put, None),
        (Method::Other, None),
    ];
    for (method, header) in cases {
        let response = UnsupportedMediaType::new(&TYPES)
            .method(method)
            .response(None);
        let mut expected = vec![
            ("content-type", "application/problem+json".to_string()),
            ("vary", "Accept".to_string()),
            ("accept", "application/json, application/xml".to_string()),
        ];
        if let Some(header) = header {
            expected.push((header, "application/json, application/xml".to_string()));
        }
        expected.push(("cache-control", "no-store".to_string()));
        expected.push(("x-content-type-options", "nosniff".to_string()));
        assert_eq!(response.status, 415);
        assert_eq!(response.headers, expected, "{method:?}");
    }
}

#[test]
fn unsupported_coding_lists_codings_then_identity() {
    let codings = [
        Coding::GZIP,
        Coding::IDENTITY,
        Coding::parse("x-gzip").unwrap(),
        Coding::BR,
    ];
    let umt = UnsupportedMediaType::new(&TYPES)
        .codings(&codings)
        .cause(Unsupported::Coding)
        .method(Method::Post)
        .received_type("application/json")
        .received_encoding("zstd, <b>, br");
    let response = umt.response(None);
    assert_eq!(
        response.header("accept-encoding"),
        Some("gzip, br, identity")
    );
    assert_eq!(
        response.header("accept"),
        None,
        "the type was not the problem"
    );
    assert_eq!(
        response.header("accept-post"),
        Some("application/json, application/xml")
    );
    assert_eq!(
        response.body,
        concat!(
            r#"{"type":"about:blank","title":"Unsupported Media Type","status":415,"#,
            r#""detail":"This resource does not accept content with the content coding zstd, br in a POST request.","#,
            r#""accepted":["application/json","application/xml"],"accepted-encoding":["gzip","br","identity"],"#,
            r#""received":{"content-type":"application/json","content-encoding":["zstd","br"]}}"#
        )
    );
    // With no coding supported, identity alone.
    let response = UnsupportedMediaType::new(&TYPES)
        .cause(Unsupported::Coding)
        .response(None);
    assert_eq!(response.header("accept-encoding"), Some("identity"));
}

#[test]
fn unsupported_media_type_bodies() {
    let umt = UnsupportedMediaType::new(&TYPES)
        .method(Method::from_name("PATCH"))
        .received_type("Text/CSV; charset=\"<script>\"");
    assert_eq!(
        umt.to_string(),
        "415 Unsupported Media Type: This resource does not accept content of type text/csv in a PATCH request."
    );
    let html = Accept::parse("text/html").unwrap();
    let response = umt.response(Some(&html));
    assert_eq!(
        response.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(!response.body.contains("<script"));
    assert!(response.body.contains(
        "<h2>Accepted media types</h2>\n<ul>\n<li>application/json</li>\n<li>application/xml</li>\n</ul>\n\
         <h2>What the request sent</h2>\n<dl>\n<dt>Content-Type</dt><dd>text/csv</dd>\n</dl>\n"
    ), "{}", response.body);

    let plain = Accept::parse("image/png").unwrap();
    assert_eq!(
        umt.response(Some(&plain)).body,
        "415 Unsupported Media Type\n\
         \n\
         This resource does not accept content of type text/csv in a PATCH request.\n\
         \n\
         Accepted media types:\n\
         - application/json\n\
         - application/xml\n\
         \n\
         What the request sent:\n\
         - Content-Type: text/csv\n"
    );
}

#[test]
fn a_received_type_that_is_not_a_media_type_is_not_echoed() {
    for received in [
        "<script>alert(1)</script>",
        "text/csv\r\nSet-Cookie: a=b",
        "text",
        &format!("text/{}", "a".repeat(80)),
    ] {
        let received: &'static str = Box::leak(received.to_string().into_boxed_str());
        let response = UnsupportedMediaType::new(&TYPES)
            .received_type(received)
            .response(None);
        let json = parse_json(&response.body);
        assert_eq!(json["received"], serde_json::Value::Null, "{received:?}");
        assert_eq!(
            json["detail"], "The request's Content-Type is not a valid media type.",
            "{received:?}"
        );
        assert_headers_safe(&response);
    }
    let response = UnsupportedMediaType::new(&TYPES).response(None);
    let json = parse_json(&response.body);
    assert_eq!(
        json["detail"],
        "This resource does not accept content of this media type."
    );
    assert!(json.get("accepted-encoding").is_none());
}

#[test]
fn an_empty_list_of_types_sends_no_empty_header() {
    let response = UnsupportedMediaType::new(&[])
        .method(Method::Post)
        .response(None);
    assert_eq!(response.header("accept"), None);
    assert_eq!(response.header("accept-post"), None);
    assert_eq!(
        parse_json(&response.body)["accepted"],
        serde_json::json!([])
    );
}

#[test]
fn a_custom_renderer_keeps_the_415_headers() {
    let default = UnsupportedMediaType::new(&TYPES)
        .method(Method::Post)
        .response(None);
    let custom = UnsupportedMediaType::new(&TYPES)
        .method(Method::Post)
        .json(|r: &Report| format!("{{\"status\":{}}}", r.status))
        .response(None);
    assert_eq!(custom.headers, default.headers);
    assert_eq!(custom.status, 415);
    assert_eq!(custom.body, "{\"status\":415}");
}

#[test]
fn methods_by_name() {
    assert_eq!(Method::from_name("POST"), Method::Post);
    assert_eq!(Method::from_name("PATCH"), Method::Patch);
    assert_eq!(Method::from_name("PUT"), Method::Put);
    assert_eq!(
        Method::from_name("post"),
        Method::Other,
        "method names are case-sensitive"
    );
    assert_eq!(Method::from_name("GET"), Method::Other);
}

#[test]
fn responses_are_read_by_header_name() {
    let variants = [
        Variant::new().media_type(MediaType::TEXT_HTML).url("/a"),
        Variant::new().media_type(MediaType::TEXT_CSV).url("/b"),
    ];
    let response = respond(&variants, &[("accept", "image/png")]);
    assert_eq!(
        response.header("Link"),
        Some(r#"</a>; rel="alternate"; type="text/html""#)
    );
    assert_eq!(response.header_values("link").count(), 2);
    assert_eq!(response.header("content-language"), None);
}

#[cfg(feature = "http")]
#[test]
fn converts_into_an_http_response() {
    let variants = news();
    let response = respond(&variants, &[("accept-language", "fr")]);
    let body = response.body.clone();
    let http: http::Response<String> = response.into();
    assert_eq!(http.status(), http::StatusCode::NOT_ACCEPTABLE);
    assert_eq!(http.headers()["content-type"], "application/problem+json");
    assert_eq!(http.headers().get_all("link").iter().count(), 1);
    assert_eq!(http.headers()["cache-control"], "no-store");
    assert_eq!(http.body(), &body);

    let mut odd = Response::new(1000);
    odd.headers.push(("bad name", "x".into()));
    odd.headers.push(("x-ok", "y".into()));
    let http: http::Response<String> = odd.into();
    assert_eq!(http.status(), http::StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(http.headers().len(), 1);
}

// The JSON Schema in the repository, checked against the bodies (every keyword it uses but
// `pattern`, for which the crate has no regex engine).

const SCHEMA: &str = include_str!("../../../../schemas/problem.schema.json");

/// Whether `value` is valid against `schema` (a subset of draft 2020-12); `root` resolves
/// `$ref`s.
fn valid(root: &serde_json::Value, schema: &serde_json::Value, value: &serde_json::Value) -> bool {
    use serde_json::Value;
    let Some(schema) = schema.as_object() else {
        return schema.as_bool().unwrap_or(false);
    };
    let all = |key: &str| {
        schema.get(key).and_then(Value::as_array).map(|subs| {
            subs.iter()
                .map(|s| valid(root, s, value))
                .collect::<Vec<_>>()
        })
    };
    let len = |v: &Value| v.as_u64().unwrap() as usize;
    schema.iter().all(|(keyword, arg)| match keyword.as_str() {
        "$ref" => {
            let name = arg.as_str().unwrap().strip_prefix("#/$defs/").unwrap();
            valid(root, &root["$defs"][name], value)
        }
        "oneOf" => all("oneOf").unwrap().iter().filter(|&&ok| ok).count() == 1,
        "allOf" => all("allOf").unwrap().iter().all(|&ok| ok),
        "not" => !valid(root, arg, value),
        "const" => value == arg,
        "type" => match arg.as_str().unwrap() {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            other => panic!("type {other} is not used"),
        },
        "required" => arg
            .as_array()
            .unwrap()
            .iter()
            .all(|k| value.get(k.as_str().unwrap()).is_some()),
        "properties" => value.as_object().is_none_or(|object| {
            object.iter().all(|(k, v)| {
                arg.get(k).is_none_or(|s| valid(root, s, v))
                    && (arg.get(k).is_some() || schema.get("additionalProperties").is_none())
            })
        }),
        "items" => value
            .as_array()
            .is_none_or(|items| items.iter().all(|v| valid(root, arg, v))),
        "contains" => value
            .as_array()
            .is_none_or(|items| items.iter().any(|v| valid(root, arg, v))),
        "maxItems" => value.as_array().is_none_or(|a| a.len() <= len(arg)),
        "minItems" => value.as_array().is_none_or(|a| a.len() >= len(arg)),
        "maxLength" => value.as_str().is_none_or(|s| s.chars().count() <= len(arg)),
        "minLength" => value.as_str().is_none_or(|s| s.chars().count() >= len(arg)),
        // `additionalProperties` is read with `properties` (it is always `false` here).
        "additionalProperties" | "pattern" | "description" | "title" | "$schema" | "$defs" => true,
        other => panic!("keyword {other} is not checked"),
    })
}

#[test]
fn the_schema_describes_every_body() {
    let root: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
    assert_eq!(
        root["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let date = HttpDate::parse("Thu, 31 May 2007 20:35:00 GMT").unwrap();
    let dated = [
        Variant::new()
            .media_type(MediaType::parse("text/html; level=1").unwrap())
            .datetime(date)
            .im(InstanceManipulation::parse("vcdiff").unwrap()),
        Variant::new(),
    ];
    let everything = request(&[
        ("accept", "image/png, application/problem+json;q=0.1"),
        ("accept-language", "fr, *;q=0.1"),
        ("accept-charset", "utf-8, *"),
        ("accept-encoding", "br, *"),
        ("a-im", "feed"),
        ("accept-datetime", "Thu, 31 May 2007 20:35:00 GMT"),
    ]);
    let news = news();
    let evil = evil_variants();
    let evil_request = evil_request("application/problem+json");
    let mut bodies = vec![
        NotAcceptable::new(&negotiate(&everything, &news, &Policy::STRICT))
            .response()
            .body,
        NotAcceptable::new(&negotiate(&everything, &dated, &Policy::STRICT))
            .response()
            .body,
        NotAcceptable::new(&negotiate(&evil_request, &evil, &Policy::STRICT))
            .response()
            .body,
        NotAcceptable::new(&negotiate(&Request::new(), &[], &Policy::STRICT))
            .response()
            .body,
    ];
    let codings = [Coding::GZIP, Coding::BR];
    bodies.extend([
        UnsupportedMediaType::new(&TYPES).response(None).body,
        UnsupportedMediaType::new(&[])
            .received_type("<x>")
            .response(None)
            .body,
        UnsupportedMediaType::new(&TYPES)
            .codings(&codings)
            .cause(Unsupported::Coding)
            .received_type("text/csv")
            .received_encoding("zstd, br")
            .method(Method::Post)
            .response(None)
            .body,
    ]);
    for body in &bodies {
        assert!(valid(&root, &root, &parse_json(body)), "{body}");
    }
    // And the schema refuses what conneg must never write.
    let mut wrong = parse_json(&bodies[0]);
    wrong["available"][0]["colour"] = "red".into();
    assert!(!valid(&root, &root, &wrong));
    let mut wrong = parse_json(&bodies[0]);
    wrong["requested"]["accept"] = serde_json::json!(vec!["a/b"; 17]);
    assert!(!valid(&root, &root, &wrong));
    let mut wrong = parse_json(&bodies[4]);
    wrong["status"] = 406.into();
    assert!(!valid(&root, &root, &wrong));
    let mut wrong = parse_json(&bodies[6]);
    wrong["accepted-encoding"] = serde_json::json!(["gzip"]);
    assert!(!valid(&root, &root, &wrong));
}
