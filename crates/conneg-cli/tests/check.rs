//! `conneg check` against servers on loopback: a correct one (the test server, `conneg
//! serve`) gets no error-level finding; each deliberately broken one gets the finding of its
//! bug; servers that hang, reset, loop or send garbage get a clear finding or error; and the
//! binary's formats and exit statuses.

#[path = "check/server.rs"]
mod server;

use std::collections::BTreeSet;
use std::time::Duration;

use conneg_cli::check::client::{Client, Settings, Version};
use conneg_cli::check::{Check, Report, Selection, Severity, check, exit_status};
use server::Bug;

fn client(timeout: Duration) -> Client {
    Client::new(Settings {
        headers: Vec::new(),
        timeout,
        budget: 200,
        concurrency: 4,
        version: Version::Auto,
    })
}

async fn run(bug: Bug) -> Report {
    let addr = server::start(bug).await;
    let url = format!("http://{addr}/r");
    check(&client(Duration::from_secs(2)), &url, &Selection::default()).await
}

fn ids(report: &Report) -> BTreeSet<&'static str> {
    report.findings.iter().map(|f| f.check.id()).collect()
}

fn show(report: &Report) -> String {
    conneg_cli::check::output::text(std::slice::from_ref(report), false)
}

#[tokio::test]
async fn a_correct_server_has_no_finding() {
    let report = run(Bug::None).await;
    assert_eq!(report.error, None);
    assert!(report.findings.is_empty(), "{}", show(&report));
    // Everything applied: the server has types, languages and a coding.
    for check in [
        Check::TypeRefused,
        Check::QualityIgnored,
        Check::LanguagePrefix,
        Check::CodingRefused,
        Check::WrongVariant304,
        Check::EtagShared,
        Check::VaryMissing,
        Check::HeadDiffers,
        Check::Cacheable406,
    ] {
        assert!(report.ran.contains(&check), "{check} did not run");
    }
    assert!(report.requests < 200, "{} requests", report.requests);
    assert_eq!(exit_status(&[report]), 0);
}

/// Each bug, and the check that must report it.
const BUGS: &[(Bug, Check)] = &[
    (Bug::NoAccept406, Check::NoAccept406),
    (Bug::Star406, Check::StarAccept406),
    (Bug::Browser406, Check::BrowserAccept406),
    (Bug::BadAccept500, Check::BadAcceptServerError),
    (Bug::BadAccept400, Check::BadAcceptRejected),
    (Bug::Status415, Check::UnsatisfiableStatus),
    (Bug::Unlabelled, Check::UnlabelledDefault),
    (Bug::Empty406, Check::EmptyBody406),
    (Bug::NoList406, Check::NoAlternatives406),
    (Bug::Html406, Check::Format406),
    (Bug::Cacheable406, Check::Cacheable406),
    (Bug::NotFound406, Check::NotFound406),
    (Bug::IgnoreQ, Check::QualityIgnored),
    (Bug::IgnoreQ, Check::TypeRefused),
    (Bug::MaxQ, Check::SpecificRange),
    (Bug::OneType, Check::TypeRefusedOnly),
    (Bug::CaseSensitive, Check::TypeCase),
    (Bug::NoOws, Check::AcceptSyntax),
    (Bug::NoExtension, Check::AcceptSyntax),
    (Bug::NoVary, Check::VaryMissing),
    (Bug::Vary406, Check::VaryInconsistent),
    (Bug::BadEtag, Check::EtagMalformed),
    (Bug::SharedEtag, Check::EtagShared),
    (Bug::Any304, Check::WrongVariant304),
    (Bug::WrongLocation, Check::ContentLocation),
    (Bug::GzipAlways, Check::CodingRefused),
    (Bug::GzipAlways, Check::CodingUnasked),
    (Bug::XGzip, Check::XGzip),
    (Bug::IdentityAnyway, Check::IdentityRefused),
    (Bug::LanguageFirstListed, Check::LanguageRefused),
    (Bug::LanguageFirstListed, Check::LanguageQuality),
    (Bug::LanguageExact, Check::LanguagePrefix),
    (Bug::LanguageStrict, Check::Language406),
    (Bug::HeadDiffers, Check::HeadDiffers),
    (Bug::Flip, Check::Nondeterministic),
    (Bug::Datetime500, Check::AcceptDatetime),
    (Bug::MementoNoVary, Check::AcceptDatetime),
    (Bug::Im226, Check::InstanceManipulation),
    (Bug::Crash, Check::ServerError),
    (Bug::HangOnAIm, Check::NoResponse),
    (Bug::ResetOnDatetime, Check::NoResponse),
    (Bug::HugeBody, Check::HugeBody),
    (Bug::Redirect, Check::Redirected),
];

#[tokio::test]
async fn every_check_reports_its_bug() {
    let mut missed = Vec::new();
    for &(bug, check) in BUGS {
        let report = run(bug).await;
        if report.error.is_some() || !report.findings.iter().any(|f| f.check == check) {
            missed.push(format!("{bug:?} should give {check}:\n{}", show(&report)));
            continue;
        }
        // The finding carries the request that shows it.
        let finding = report.findings.iter().find(|f| f.check == check).unwrap();
        if check != Check::Redirected {
            let request = finding.request.as_deref().unwrap_or_default();
            assert!(request.starts_with("curl "), "{bug:?}: {request}");
        }
        // An error-level bug fails the run.
        if check.severity() == Severity::Error {
            assert_eq!(exit_status(std::slice::from_ref(&report)), 1, "{bug:?}");
        }
    }
    // Every check but those about what cannot be staged here is shown able to fail.
    let shown: BTreeSet<Check> = BUGS.iter().map(|(_, c)| *c).collect();
    let unshown: Vec<&str> = Check::ALL
        .iter()
        .filter(|c| !shown.contains(c))
        .map(|c| c.id())
        .collect();
    assert!(unshown.is_empty(), "checks with no bug: {unshown:?}");
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

#[tokio::test]
async fn servers_that_differ_rightly_are_not_blamed() {
    for bug in [
        Bug::SourceQuality,
        Bug::WeakCoded,
        Bug::HeadNoEtag,
        Bug::DynamicEtag,
    ] {
        let report = run(bug).await;
        assert_eq!(report.error, None, "{bug:?}");
        assert!(report.findings.is_empty(), "{bug:?}:\n{}", show(&report));
    }
}

#[tokio::test]
async fn a_server_that_stops_answering_costs_three_timeouts() {
    let addr = server::start(Bug::Stall).await;
    let report = check(
        &client(Duration::from_millis(200)),
        &format!("http://{addr}/r"),
        &Selection::default(),
    )
    .await;
    assert_eq!(report.error, None);
    assert!(report.budget_spent, "{}", show(&report));
    // 30 answered; then, of the 200 the budget allows, only those in flight (4, the
    // concurrency) and those started while the timeouts were adding up to three.
    assert!(
        report.requests <= 30 + 4 + 3,
        "{} requests",
        report.requests
    );
    assert!(ids(&report).contains("no-response"), "{}", show(&report));
}

#[tokio::test]
async fn credentials_stay_with_the_origin() {
    use std::sync::{Arc, Mutex};
    // B records the Authorization it gets; A redirects everything to B.
    let seen: Arc<Mutex<Vec<bool>>> = Arc::default();
    let record = Arc::clone(&seen);
    let b = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let b_addr = b.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = b.accept().await {
            let record = Arc::clone(&record);
            let service =
                hyper::service::service_fn(move |req: http::Request<hyper::body::Incoming>| {
                    record
                        .lock()
                        .unwrap()
                        .push(req.headers().contains_key("authorization"));
                    async {
                        let mut r = http::Response::new(http_body_util::Full::new(
                            bytes::Bytes::from("ok"),
                        ));
                        r.headers_mut()
                            .insert("content-type", http::HeaderValue::from_static("text/plain"));
                        Ok::<_, std::convert::Infallible>(r)
                    }
                });
            tokio::spawn(
                hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service),
            );
        }
    });
    let a = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let a_addr = a.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = a.accept().await {
            let service = hyper::service::service_fn(
                move |_req: http::Request<hyper::body::Incoming>| async move {
                    let mut r = http::Response::new(http_body_util::Full::new(bytes::Bytes::new()));
                    *r.status_mut() = http::StatusCode::FOUND;
                    r.headers_mut().insert(
                        "location",
                        http::HeaderValue::from_str(&format!("http://{b_addr}/")).unwrap(),
                    );
                    Ok::<_, std::convert::Infallible>(r)
                },
            );
            tokio::spawn(
                hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service),
            );
        }
    });
    let with_credentials = Client::new(Settings {
        headers: vec![(
            http::HeaderName::from_static("authorization"),
            http::HeaderValue::from_static("Bearer secret"),
        )],
        timeout: Duration::from_secs(2),
        budget: 200,
        concurrency: 4,
        version: Version::Auto,
    });
    let only = Selection {
        only: vec![Check::StarAccept406],
        skip: Vec::new(),
    };
    let report = check(&with_credentials, &format!("http://{a_addr}/"), &only).await;
    assert_eq!(
        report.checked.as_deref(),
        Some(format!("http://{b_addr}/").as_str())
    );
    let after_redirect = seen.lock().unwrap().clone();
    assert!(
        !after_redirect.is_empty() && after_redirect.iter().all(|sent| !sent),
        "{after_redirect:?}"
    );
    seen.lock().unwrap().clear();
    let report = check(&with_credentials, &format!("http://{b_addr}/"), &only).await;
    assert_eq!(report.error, None);
    let direct = seen.lock().unwrap().clone();
    assert!(
        !direct.is_empty() && direct.iter().all(|sent| *sent),
        "{direct:?}"
    );
}

#[tokio::test]
async fn a_bug_is_reported_by_its_check_alone() {
    // Precision: one bug does not set off unrelated error-level checks.
    for (bug, allowed) in [
        (Bug::Empty406, &["406-empty-body"][..]),
        (Bug::SharedEtag, &["etag-shared", "304-wrong-variant"]),
        (Bug::NoOws, &["accept-syntax"]),
        (Bug::LanguageStrict, &["language-406"]),
        // Accept is disregarded, so a 406 for a language says nothing about Accept.
        (Bug::LanguageOnly, &["language-406"]),
    ] {
        let report = run(bug).await;
        let got = ids(&report);
        let extra: Vec<&&str> = got.iter().filter(|id| !allowed.contains(id)).collect();
        assert!(extra.is_empty(), "{bug:?}: {extra:?}\n{}", show(&report));
    }
}

#[tokio::test]
async fn unusable_endpoints_are_errors_not_hangs() {
    let garbage = run(Bug::Garbage).await;
    let error = garbage.error.clone().unwrap_or_default();
    assert!(error.starts_with("no response from http://"), "{error}");
    let looping = run(Bug::RedirectLoop).await;
    let error = looping.error.clone().unwrap_or_default();
    assert!(error.contains("redirects without end"), "{error}");
    assert_eq!(exit_status(&[garbage, looping]), 2);

    // Nothing listens: refused at once.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let report = check(
        &client(Duration::from_secs(2)),
        &format!("http://{addr}/"),
        &Selection::default(),
    )
    .await;
    assert!(report.error.unwrap().contains("no response"));

    // A server that accepts and never answers: the timeout ends it.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = silent.local_addr().unwrap();
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = silent.accept().await {
            held.push(stream);
        }
    });
    let started = std::time::Instant::now();
    let report = check(
        &client(Duration::from_millis(300)),
        &format!("http://{addr}/"),
        &Selection::default(),
    )
    .await;
    hold.abort();
    let error = report.error.unwrap();
    assert!(
        error.contains("no complete response within 0.3s"),
        "{error}"
    );
    assert!(started.elapsed() < Duration::from_secs(30));

    let report = check(
        &client(Duration::from_secs(1)),
        "ftp://x/",
        &Selection::default(),
    )
    .await;
    assert!(
        report
            .error
            .unwrap()
            .contains("not an absolute http: or https: URL")
    );
}

#[tokio::test]
async fn http2_finds_what_http1_finds() {
    let addr = server::start(Bug::SharedEtag).await;
    let url = format!("http://{addr}/r");
    let mut found = Vec::new();
    for version in [Version::Http1, Version::Http2] {
        let client = Client::new(Settings {
            headers: Vec::new(),
            timeout: Duration::from_secs(2),
            budget: 200,
            concurrency: 4,
            version,
        });
        let report = check(&client, &url, &Selection::default()).await;
        assert_eq!(report.error, None, "{version:?}");
        if version == Version::Http2 {
            let curl = report.findings[0].request.clone().unwrap();
            assert!(curl.contains(" --http2-prior-knowledge "), "{curl}");
        }
        found.push(ids(&report));
    }
    assert!(found[0].contains("etag-shared"), "{found:?}");
    assert_eq!(found[0], found[1]);
}

#[tokio::test]
async fn the_budget_and_the_selection_bound_the_requests() {
    let addr = server::start(Bug::None).await;
    let url = format!("http://{addr}/r");
    let tight = Client::new(Settings {
        headers: Vec::new(),
        timeout: Duration::from_secs(2),
        budget: 10,
        concurrency: 1,
        version: Version::Auto,
    });
    let report = check(&tight, &url, &Selection::default()).await;
    assert_eq!(report.requests, 10);
    assert!(report.budget_spent);
    // A spent budget is not a finding.
    assert!(!ids(&report).contains("no-response"), "{}", show(&report));

    let only = Selection {
        only: vec![Check::StarAccept406],
        skip: Vec::new(),
    };
    let report = check(&client(Duration::from_secs(2)), &url, &only).await;
    assert_eq!(report.ran, [Check::StarAccept406].into_iter().collect());
    let full = run(Bug::None).await;
    assert!(
        report.requests < full.requests / 2,
        "{} vs {}",
        report.requests,
        full.requests
    );

    // A skipped check reports nothing even when its bug is there.
    let addr = server::start(Bug::NoVary).await;
    let skip = Selection {
        only: Vec::new(),
        skip: vec![Check::VaryMissing],
    };
    let report = check(
        &client(Duration::from_secs(2)),
        &format!("http://{addr}/r"),
        &skip,
    )
    .await;
    assert!(!ids(&report).contains("vary-missing"));
    assert!(!report.ran.contains(&Check::VaryMissing));
}

/// Serves an axum app on a free port.
async fn serve_axum(app: axum::Router) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

#[tokio::test]
async fn the_axum_examples_have_no_error() {
    let api = serve_axum(axum_api::app()).await;
    let site = serve_axum(axum_site::app()).await;
    let client = client(Duration::from_secs(5));
    for url in [
        format!("http://{api}/items"),
        format!("http://{api}/items/1"),
        format!("http://{site}/"),
        format!("http://{site}/about"),
    ] {
        let report = check(&client, &url, &Selection::default()).await;
        assert_eq!(report.error, None, "{url}");
        assert_eq!(report.count(Severity::Error), 0, "{}", show(&report));
    }
}

/// Runs the binary; its exit status and stdout.
fn conneg(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_conneg"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_binary_checks_its_own_demo_and_reports_in_every_format() {
    let (demo, addr) = conneg_testkit::spawn_server(
        env!("CARGO_BIN_EXE_conneg"),
        &["serve", "--listen", "127.0.0.1:0", "--quiet"],
    );
    let urls: Vec<String> = ["/", "/news", "/data", "/assets/style.css"]
        .iter()
        .map(|p| format!("http://{addr}{p}"))
        .collect();
    let (code, out, err) = tokio::task::spawn_blocking(move || {
        let mut args = vec!["check", "--format", "json"];
        args.extend(urls.iter().map(String::as_str));
        conneg(&args)
    })
    .await
    .unwrap();
    drop(demo);
    assert_eq!(code, 0, "{out}{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../schemas/check-report.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let reports = json.as_array().unwrap();
    assert_eq!(reports.len(), 4);
    for report in reports {
        assert_eq!(report["error"], serde_json::Value::Null, "{report}");
        assert_eq!(report["counts"]["error"], 0, "{report}");
        assert!(
            report["checks_run"].as_array().unwrap().len() > 20,
            "{report}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_binary_exit_status_and_formats() {
    let addr = server::start(Bug::NoVary).await;
    let url = format!("http://{addr}/r");
    let run = |args: Vec<String>| {
        tokio::task::spawn_blocking(move || {
            conneg(&args.iter().map(String::as_str).collect::<Vec<_>>())
        })
    };
    let args = |extra: &[&str]| {
        let mut v: Vec<String> = vec!["check".into(), url.clone()];
        v.extend(extra.iter().map(|s| (*s).to_owned()));
        v
    };
    let (code, text, _) = run(args(&[])).await.unwrap();
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("error vary-missing: A header changes the response but Vary does not list it (RFC 9110 §12.5.5)"), "{text}");
    assert!(
        text.contains(&format!("$ curl -sS -i -H 'Accept:' '{url}'")),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "no colour into a pipe");

    let (code, junit, _) = run(args(&["--format", "junit"])).await.unwrap();
    assert_eq!(code, 1);
    assert!(junit.starts_with("<?xml"), "{junit}");
    assert!(junit.contains("name=\"vary-missing\"><failure"), "{junit}");
    assert!(
        junit.contains("name=\"etag-shared\"></testcase>"),
        "{junit}"
    );

    let (code, md, _) = run(args(&["--format", "markdown"])).await.unwrap();
    assert_eq!(code, 1);
    assert!(md.contains("| error | `vary-missing` |"), "{md}");

    let (code, out, _) = run(args(&["--format", "json"])).await.unwrap();
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../schemas/check-report.schema.json")).unwrap();
    assert!(jsonschema::is_valid(&schema, &json), "{out}");
    assert!(!jsonschema::is_valid(
        &schema,
        &serde_json::json!([{"url": 1}])
    ));
    assert_eq!(json[0]["findings"][0]["check"], "vary-missing", "{out}");
    assert_eq!(json[0]["findings"][0]["reference"], "RFC 9110 §12.5.5");

    let (code, out, _) = run(args(&[
        "--skip",
        "vary-missing,vary-inconsistent",
        "--format",
        "json",
    ]))
    .await
    .unwrap();
    assert_eq!(code, 0, "{out}");

    let (code, _, err) = run(args(&["--only", "vary"])).await.unwrap();
    assert_eq!(code, 2);
    assert_eq!(
        err.trim(),
        "conneg: check: no check is called \"vary\" (conneg check --list shows them)"
    );

    let (code, _, err) = run(args(&["-H", "Accept: text/html"])).await.unwrap();
    assert_eq!(code, 2);
    assert!(err.contains("-H cannot set accept"), "{err}");

    // More requests at once than a check sends is refused with a clear message.
    let (code, _, err) = run(args(&["--concurrency", "100000"])).await.unwrap();
    assert_eq!(code, 2);
    assert!(
        err.contains("--concurrency 100000 is more than 256 requests at once"),
        "{err}"
    );

    let (code, list, _) = run(vec!["check".into(), "--list".into()]).await.unwrap();
    assert_eq!(code, 0);
    assert_eq!(list.lines().count(), Check::ALL.len());
    assert!(
        list.lines()
            .any(|l| l.starts_with("vary-missing ") && l.contains("error")),
        "{list}"
    );

    let (code, text, _) = run(vec!["check".into(), "http://127.0.0.1:1/".into()])
        .await
        .unwrap();
    assert_eq!(code, 2);
    assert!(
        text.contains("could not check: no response from http://127.0.0.1:1/"),
        "{text}"
    );
}

#[tokio::test]
async fn an_untrusted_certificate_is_a_clear_error() {
    use std::sync::Arc;
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".into()]).unwrap();
    let cert = certified.cert.der().clone();
    let key =
        rustls::pki_types::PrivateKeyDer::try_from(certified.key_pair.serialize_der()).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![cert], key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            // The handshake fails on the client's side; nothing is served.
            tokio::spawn(async move { acceptor.accept(stream).await.map(|_| ()) });
        }
    });
    let report = check(
        &client(Duration::from_secs(2)),
        &format!("https://{addr}/"),
        &Selection::default(),
    )
    .await;
    let error = report.error.unwrap();
    assert!(error.contains("certificate"), "{error}");
    assert_eq!(report.requests, 1);
}
