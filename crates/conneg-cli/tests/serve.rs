//! `conneg serve` over real loopback sockets, with the shared cases' HTTP client: a fixture
//! tree covering `MultiViews` discovery, exact names and precompressed twins, files that must
//! never be variants, validators per variant, HEAD, and the errors. And the binary itself,
//! on its built-in demo, stopped by SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use conneg::{Field, Policy};
use conneg_cli::serve::index::Lookup;
use conneg_cli::serve::{Index, serve, site};
use conneg_testkit::{Case, Check, Compression, Running, assert_cases, send};
use http::Method;

const JS: &[u8] = b"console.log('app');\n";

/// A site in a fresh directory of its own, named for the test.
fn fixture(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("conneg-serve-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    let files: &[(&str, &[u8])] = &[
        ("page.en.html", b"<p>english</p>\n"),
        ("page.html.de", b"<p>deutsch</p>\n"),
        ("page.en.md", b"# english\n"),
        ("page.html.bak", b"a backup"),
        ("page.fr.html~", b"an editor's copy"),
        (".page.it.html", b"a dotfile"),
        ("page.es.html.orig", b"unknown extension"),
        ("plain.txt", b"plain text\n"),
        ("hello wörld.en.html", b"<p>hello</p>\n"),
        ("data.json", b"{\"a\":1}\n"),
        ("data.csv", b"a\r\n1\r\n"),
        ("docs/index.en.html", b"<p>docs</p>\n"),
        ("docs/index.de.html", b"<p>Doku</p>\n"),
    ];
    for (name, body) in files {
        std::fs::write(dir.join(name), body).unwrap();
    }
    std::fs::write(dir.join("app.js"), JS).unwrap();
    std::fs::write(dir.join("app.js.gz"), Compression::Gzip.compress(JS)).unwrap();
    std::fs::write(dir.join("app.js.br"), Compression::Brotli.compress(JS)).unwrap();
    dir
}

/// A reply's `ETag`.
fn etag(reply: &conneg_testkit::Reply) -> String {
    reply.headers["etag"].to_str().unwrap().to_owned()
}

async fn start(dir: &std::path::Path) -> SocketAddr {
    let (files, warnings) = site::read_dir(dir).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let index = Index::build(
        files,
        "en",
        Policy::STRICT.fallback_on(Field::AcceptLanguage),
    );
    start_index(index).await
}

/// Serves an index on a free port.
async fn start_index(index: Index) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(
        listener,
        conneg_cli::serve::fixed(index),
        true,
        std::future::pending(),
    ));
    addr
}

#[tokio::test]
async fn a_directory_is_served_with_negotiation() {
    let dir = fixture("negotiation");
    let addr = start(&dir).await;
    let cases = [
        // MultiViews: /page finds page.*, extensions in any order.
        Case::get("no headers: the default, English HTML", "/page", 200)
            .expect("content-type", "text/html; charset=utf-8")
            .expect("content-language", "en")
            .expect("content-location", "/page.en.html")
            .expect("vary", "Accept, Accept-Language")
            .check(Check::Contains(vec!["english"])),
        Case::get("German, from page.html.de", "/page", 200)
            .header("accept-language", "de-AT, en;q=0.5")
            .expect("content-language", "de")
            .expect("content-location", "/page.html.de")
            .check(Check::Contains(vec!["deutsch"])),
        Case::get("Markdown by type", "/page", 200)
            .header("accept", "text/markdown")
            .expect("content-type", "text/markdown; charset=utf-8")
            .check(Check::Contains(vec!["# english"])),
        Case::get("an unknown language falls back to English", "/page", 200)
            .header("accept-language", "ja")
            .expect("content-language", "en"),
        Case::get(
            "a type nobody has: 406 listing only real variants",
            "/page",
            406,
        )
        .header("accept", "image/png")
        .expect("vary", "Accept, Accept-Language")
        .expect("cache-control", "no-store")
        .check(Check::Contains(vec![
            "/page.en.html",
            "/page.html.de",
            "/page.en.md",
        ])),
        Case::get("406 as problem+json", "/data", 406)
            .header("accept", "image/png, application/problem+json")
            .expect("content-type", "application/problem+json")
            .check(Check::Problem(406)),
        Case::get("/page.en lists its types", "/page.en", 200)
            .header("accept", "text/markdown")
            .expect("content-location", "/page.en.md"),
        // Backups, dotfiles, unknown extensions: never served, never variants.
        Case::get("a backup is not served", "/page.html.bak", 404),
        Case::get("an editor's copy is not served", "/page.fr.html~", 404),
        Case::get("a dotfile is not served", "/.page.it.html", 404),
        Case::get("an unknown extension is not a variant", "/page", 200)
            .header("accept-language", "es, it")
            .expect("content-language", "en"),
        // An exact name: served as it is, only the coding negotiated.
        Case::get("an exact name", "/page.html.de", 200)
            .header("accept", "application/json")
            .expect("content-language", "de")
            .absent("content-location")
            .absent("vary"),
        Case::get("precompressed twins: br when listed first", "/app.js", 200)
            .header("accept-encoding", "br, gzip")
            .expect("content-encoding", "br")
            .expect("content-type", "text/javascript; charset=utf-8")
            .expect("vary", "Accept-Encoding")
            .expect("content-location", "/app.js.br"),
        Case::get("x-gzip is gzip", "/app.js", 200)
            .header("accept-encoding", "x-gzip")
            .expect("content-encoding", "gzip"),
        Case::get("gzip;q=0: identity", "/app.js", 200)
            .header("accept-encoding", "gzip;q=0, br;q=0")
            .absent("content-encoding")
            .check(Check::Contains(vec!["console.log"])),
        Case::get("an empty Accept-Encoding: identity", "/app.js", 200)
            .header("accept-encoding", "")
            .absent("content-encoding"),
        Case::get("no Accept-Encoding: identity preferred", "/app.js", 200)
            .absent("content-encoding")
            .expect("vary", "Accept-Encoding"),
        Case::get("identity;q=0 and no twin acceptable: 406", "/app.js", 406)
            .header("accept-encoding", "zstd, identity;q=0")
            .expect("vary", "Accept-Encoding"),
        // A file without twins is not negotiated by coding (NEGOTIATION.md: a set without
        // codings does not read Accept-Encoding), so its Vary stays free of it.
        Case::get("no twins: Accept-Encoding is not read", "/plain.txt", 200)
            .header("accept-encoding", "identity;q=0")
            .absent("vary")
            .absent("content-encoding"),
        Case::get("identity;q=0 with a twin: the twin", "/app.js", 200)
            .header("accept-encoding", "gzip, identity;q=0")
            .expect("content-encoding", "gzip"),
        Case::get(
            "a file name that needs escaping in a URL",
            "/hello%20w%C3%B6rld",
            200,
        )
        .expect("content-location", "/hello%20w%C3%B6rld.en.html"),
        // Directories.
        Case::get("a directory's index", "/docs/", 200)
            .header("accept-language", "de")
            .expect("content-location", "/docs/index.de.html"),
        Case::get("a directory without its slash: redirect", "/docs", 301)
            .expect("location", "/docs/"),
        // Errors.
        Case::get("nothing there", "/nothing", 404),
        Case::new("POST: 405", Method::POST, "/page", 405).expect("allow", "GET, HEAD"),
        Case::get("path traversal", "/docs/%2e%2e/%2e%2e/etc/passwd", 400),
        Case::get("an oversized Accept: 431", "/page", 431)
            .header("accept", format!("{}*/*", "a/b, ".repeat(2500)))
            .expect("vary", "Accept, Accept-Language"),
        Case::get("an oversized Accept-Language: 431", "/page", 431)
            .header("accept-language", "en, ".repeat(2500))
            .expect("cache-control", "no-store"),
        // A header the resource cannot be chosen by is not read, so not refused either.
        Case::get(
            "a header plain.txt is not chosen by: not read",
            "/plain.txt",
            200,
        )
        .header("accept-language", "en, ".repeat(2500))
        .header("accept-datetime", "yesterday")
        .check(Check::Contains(vec!["plain text"])),
        Case::new("HEAD: GET's headers, no body", Method::HEAD, "/page", 200)
            .header("accept-language", "de")
            .expect("content-length", "15")
            .expect("content-language", "de")
            .check(Check::Empty),
    ];
    assert_cases(addr, &cases).await;
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn validators_are_per_variant() {
    let dir = fixture("validators");
    let addr = start(&dir).await;
    let get =
        |language: &'static str| Case::get("", "/page", 200).header("accept-language", language);
    let en = send(addr, &get("en")).await;
    let de = send(addr, &get("de")).await;
    let (en_tag, de_tag) = (etag(&en), etag(&de));
    assert_ne!(en_tag, de_tag);
    assert!(en_tag.starts_with('"') && en_tag.ends_with('"') && !en_tag.starts_with("W/"));
    let last_modified = en.headers["last-modified"].to_str().unwrap().to_owned();
    let cases = [
        Case::get("its own ETag: 304, with Vary", "/page", 304)
            .header("accept-language", "en")
            .header("if-none-match", en_tag.clone())
            .expect("etag", en_tag.clone())
            .expect("vary", "Accept, Accept-Language")
            .expect("content-location", "/page.en.html")
            .check(Check::Empty),
        Case::get(
            "another variant's ETag: 200 with the right one",
            "/page",
            200,
        )
        .header("accept-language", "de")
        .header("if-none-match", en_tag.clone())
        .expect("etag", de_tag.clone())
        .check(Check::Contains(vec!["deutsch"])),
        Case::get("a weak form of its ETag also matches (GET)", "/page", 304)
            .header("accept-language", "en")
            .header("if-none-match", format!("\"x\", W/{en_tag}")),
        Case::get("If-Modified-Since at its date: 304", "/page", 304)
            .header("if-modified-since", last_modified.clone()),
        Case::get("If-Modified-Since before: 200", "/page", 200)
            .header("if-modified-since", "Thu, 01 Jan 1970 00:00:00 GMT"),
        Case::get("If-None-Match wins over If-Modified-Since", "/page", 200)
            .header("if-none-match", "\"other\"")
            .header("if-modified-since", last_modified),
    ];
    assert_cases(addr, &cases).await;
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn ranges_and_preconditions_apply_to_the_chosen_variant() {
    let dir = fixture("ranges");
    let addr = start(&dir).await;
    let german = || Case::get("", "/page", 200).header("accept-language", "de");
    let de = send(addr, &german()).await;
    let en = send(
        addr,
        &Case::get("", "/page", 200).header("accept-language", "en"),
    )
    .await;
    let (de_tag, en_tag) = (etag(&de), etag(&en));
    let de_date = de.headers["last-modified"].to_str().unwrap().to_owned();
    assert_eq!(de.headers["accept-ranges"], "bytes");

    // One range of the negotiated variant: its bytes, its headers.
    let cases = [
        Case::get("one range of the German page", "/page", 206)
            .header("accept-language", "de")
            .header("range", "bytes=3-9")
            .expect("content-range", "bytes 3-9/15")
            .expect("content-language", "de")
            .expect("content-type", "text/html; charset=utf-8")
            .expect("etag", de_tag.clone())
            .expect("vary", "Accept, Accept-Language")
            .expect("content-location", "/page.html.de"),
        Case::get("If-Range with this variant's ETag: 206", "/page", 206)
            .header("accept-language", "de")
            .header("range", "bytes=0-2")
            .header("if-range", de_tag.clone())
            .expect("content-range", "bytes 0-2/15"),
        Case::get("If-Range with its Last-Modified: 206", "/page", 206)
            .header("accept-language", "de")
            .header("range", "bytes=0-2")
            .header("if-range", de_date.clone()),
        Case::get(
            "If-Range with another variant's ETag: the whole right variant",
            "/page",
            200,
        )
        .header("accept-language", "de")
        .header("range", "bytes=0-2")
        .header("if-range", en_tag.clone())
        .absent("content-range")
        .expect("etag", de_tag.clone())
        .check(Check::Contains(vec!["<p>deutsch</p>"])),
        Case::get("If-Range with a weak tag: the whole", "/page", 200)
            .header("accept-language", "de")
            .header("range", "bytes=0-2")
            .header("if-range", format!("W/{de_tag}")),
        Case::get("an unsatisfiable range: 416", "/plain.txt", 416)
            .header("range", "bytes=11-")
            .expect("content-range", "bytes */11"),
        Case::get("a malformed range is ignored", "/plain.txt", 200)
            .header("range", "bytes=5-1")
            .check(Check::Contains(vec!["plain text"])),
        Case::get("another unit is ignored", "/plain.txt", 200).header("range", "items=0-1"),
        Case::new("HEAD ignores Range", Method::HEAD, "/plain.txt", 200)
            .header("range", "bytes=0-1")
            .expect("content-length", "11")
            .absent("content-range")
            .check(Check::Empty),
        Case::get("If-None-Match comes before Range: 304", "/page", 304)
            .header("accept-language", "de")
            .header("range", "bytes=0-2")
            .header("if-none-match", de_tag.clone()),
        // If-Match and If-Unmodified-Since, against the chosen variant only.
        Case::get("If-Match with another variant's ETag: 412", "/page", 412)
            .header("accept-language", "de")
            .header("if-match", en_tag.clone())
            .expect("vary", "Accept, Accept-Language")
            .expect("etag", de_tag.clone()),
        Case::get("If-Match with its own ETag: 200", "/page", 200)
            .header("accept-language", "de")
            .header("if-match", format!("\"x\", {de_tag}")),
        Case::get("If-Match with its weak ETag: 412", "/page", 412)
            .header("accept-language", "de")
            .header("if-match", format!("W/{de_tag}")),
        Case::get("If-Match: * is any current variant", "/page", 200).header("if-match", "*"),
        Case::get("If-Unmodified-Since long ago: 412", "/page", 412)
            .header("if-unmodified-since", "Thu, 01 Jan 1970 00:00:00 GMT"),
        Case::get("If-Unmodified-Since at its date: 200", "/page", 200)
            .header("accept-language", "de")
            .header("if-unmodified-since", de_date),
    ];
    assert_cases(addr, &cases).await;
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn range_bodies_are_the_chosen_variants_bytes() {
    let dir = fixture("range-bodies");
    let addr = start(&dir).await;
    let german = || Case::get("", "/page", 206).header("accept-language", "de");
    let one = send(addr, &german().header("range", "bytes=3-9")).await;
    assert_eq!(&one.body[..], b"deutsch");
    let suffix = send(addr, &german().header("range", "bytes=-100")).await;
    assert_eq!(suffix.status, 206);
    assert_eq!(suffix.headers["content-range"], "bytes 0-14/15");
    assert_eq!(&suffix.body[..], b"<p>deutsch</p>\n");

    // A range of a precompressed twin is a range of the compressed bytes.
    let gz = std::fs::read(dir.join("app.js.gz")).unwrap();
    let twin = send(
        addr,
        &Case::get("", "/app.js", 206)
            .header("accept-encoding", "gzip")
            .header("range", "bytes=0-9"),
    )
    .await;
    assert_eq!(twin.status, 206);
    assert_eq!(twin.headers["content-encoding"], "gzip");
    assert_eq!(
        twin.headers["content-range"],
        format!("bytes 0-9/{}", gz.len()).as_str()
    );
    assert_eq!(&twin.body[..], &gz[..10]);
    // Several ranges of it: the whole twin (a multipart body cannot carry its coding).
    let whole = send(
        addr,
        &Case::get("", "/app.js", 200)
            .header("accept-encoding", "gzip")
            .header("range", "bytes=0-1, 4-5"),
    )
    .await;
    assert_eq!(whole.status, 200);
    assert_eq!(&whole.body[..], &gz[..]);

    // Several ranges of an identity file: multipart/byteranges, each part labelled.
    let multi = send(
        addr,
        &Case::get("", "/plain.txt", 206).header("range", "bytes=0-4, -5"),
    )
    .await;
    assert_eq!(multi.status, 206);
    let content_type = multi.headers["content-type"].to_str().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/byteranges; boundary=")
        .unwrap();
    let expected = format!(
        "--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-4/11\r\n\r\nplain\r\n\
         --{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 6-10/11\r\n\r\ntext\n\r\n\
         --{boundary}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&multi.body), expected);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_type_map_is_read_as_apache_reads_it() {
    let dir = fixture("typemap");
    let map = "URI: old\n\n\
               URI: old-en.html\nContent-Type: text/html; qs=0.5\nContent-Language: en\n\n\
               URI: old-fr.htm\nContent-type: text/html;charset=ISO-8859-1\n\
               Content-language: fr, fr-CA\nDescription: la vieille page\n\n\
               URI: missing.html\nContent-Type: text/html\n\n\
               URI: ../page.en.html\nContent-Type: text/html\n";
    std::fs::write(dir.join("old.var"), map).unwrap();
    std::fs::write(dir.join("old-en.html"), "<p>old english</p>\n").unwrap();
    std::fs::write(dir.join("old-fr.htm"), b"<p>vieux fran\xe7ais</p>\n").unwrap();
    let (files, _) = site::read_dir(&dir).unwrap();
    let index = Index::build(
        files,
        "en",
        Policy::STRICT.fallback_on(Field::AcceptLanguage),
    );
    assert_eq!(
        index.warnings,
        [
            "old.var: URI missing.html is not a file of the site under the map's directory",
            "old.var: URI ../page.en.html is not a file of the site under the map's directory",
        ]
    );
    let addr = start(&dir).await;
    let vary = "Accept, Accept-Charset, Accept-Language";
    let cases = [
        Case::get("qs decides when nothing else does: French", "/old", 200)
            .expect("content-language", "fr")
            .expect("content-type", "text/html; charset=ISO-8859-1")
            .expect("content-location", "/old-fr.htm")
            .expect("vary", vary),
        Case::get("the map's own name answers too", "/old.var", 200)
            .header("accept-language", "en")
            .expect("content-language", "en")
            .expect("content-location", "/old-en.html")
            .check(Check::Contains(vec!["old english"])),
        Case::get("a second language of one record", "/old", 200)
            .header("accept-language", "fr-CA")
            .expect("content-language", "fr-CA")
            .expect("content-location", "/old-fr.htm"),
        Case::get("the record's charset is negotiated", "/old", 200)
            .header("accept-charset", "utf-8")
            .expect("content-language", "en")
            .expect("vary", vary),
        Case::get(
            "a file of the map is still served by its name",
            "/old-fr.htm",
            200,
        )
        .absent("vary"),
    ];
    assert_cases(addr, &cases).await;

    // A default set for either name of the map applies to both: `/old` and `/old.var` are
    // one resource, whose files the map lists English first.
    for url in ["/old", "/old.var"] {
        let config = conneg_cli::serve::config::Config::parse(&format!(
            "[resources.\"{url}\"]\ndefault = \"old-fr.htm\"\n"
        ))
        .unwrap();
        let (files, _) = site::read_dir(&dir).unwrap();
        let index = Index::build_with(files, "en", Policy::STRICT, &config);
        assert_eq!(index.warnings.len(), 2, "{:?}", index.warnings);
        for path in ["/old", "/old.var"] {
            let Lookup::Resource(resource) = index.lookup(path) else {
                panic!("{path} is not a resource");
            };
            let first = &index.entries[resource.entries[0]];
            assert_eq!(
                first.url, "/old-fr.htm",
                "default set for {url}, looked up as {path}"
            );
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// The binary, started on a free port; its address from its first line.
fn spawn(args: &[&str]) -> (Running, SocketAddr) {
    let mut all = vec!["serve"];
    all.extend_from_slice(args);
    conneg_testkit::spawn_server(env!("CARGO_BIN_EXE_conneg"), &all)
}

#[tokio::test]
async fn the_binary_serves_its_demo_and_stops_on_sigterm() {
    let (mut child, addr) = spawn(&["--listen", "127.0.0.1:0"]);
    let cases = [
        Case::get("the demo's home page in German", "/", 200)
            .header("accept-language", "de")
            .expect("content-language", "de")
            .expect("vary", "Accept, Accept-Language")
            .check(Check::Contains(vec!["<html lang=\"de\""])),
        Case::get("the demo's data as CSV", "/data", 200)
            .header("accept", "text/csv")
            .expect("content-type", "text/csv; charset=utf-8")
            .check(Check::Contains(vec!["406"])),
        Case::get("the demo's stylesheet in brotli", "/assets/style.css", 200)
            .header("accept-encoding", "br")
            .expect("content-encoding", "br"),
        Case::get("the demo's README is not served", "/README", 404),
    ];
    assert_cases(addr, &cases).await;
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.0.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

/// Runs `conneg serve ARGS`, which must refuse to start (exit status 2), and returns what it
/// wrote on stderr.
fn serve_refuses<S: AsRef<std::ffi::OsStr>>(args: impl IntoIterator<Item = S>) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_conneg"))
        .arg("serve")
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    stderr
}

#[test]
fn a_missing_directory_and_a_busy_port_are_clear_errors() {
    assert_eq!(
        serve_refuses(["/no/such/dir"]),
        "conneg: serve: /no/such/dir is not a directory\n"
    );

    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = busy.local_addr().unwrap().to_string();
    let stderr = serve_refuses(["--listen", &addr]);
    assert!(
        stderr.starts_with(&format!("conneg: serve: cannot listen on {addr}: ")),
        "{stderr}"
    );
}

/// GETs `path` until `done` says the reply is the new one (at most about 10 seconds); the
/// last reply.
async fn until(
    addr: SocketAddr,
    case: &Case,
    done: impl Fn(&conneg_testkit::Reply) -> bool,
) -> conneg_testkit::Reply {
    for _ in 0..200 {
        let reply = send(addr, case).await;
        if done(&reply) {
            return reply;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    send(addr, case).await
}

/// A reply's `Content-Language`, empty when it has none (a reply in the middle of a
/// refresh may not).
fn language(reply: &conneg_testkit::Reply) -> String {
    reply
        .headers
        .get("content-language")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn the_index_follows_the_directory() {
    use conneg_cli::serve::refresh;
    let dir = fixture("refresh");
    let fingerprint = {
        let dir = dir.clone();
        move || site::fingerprint(&dir).map_err(|e| e.to_string())
    };
    let load = {
        let dir = dir.clone();
        move || {
            let (files, _) = site::read_dir(&dir).map_err(|e| e.to_string())?;
            Ok(Index::build(
                files,
                "en",
                Policy::STRICT.fallback_on(Field::AcceptLanguage),
            ))
        }
    };
    let last = fingerprint().unwrap();
    let (publish, live) = tokio::sync::watch::channel(Arc::new(load().unwrap()));
    tokio::spawn(refresh(
        std::time::Duration::from_millis(20),
        last,
        fingerprint,
        load,
        publish,
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(listener, live, true, std::future::pending()));

    let before = send(addr, &Case::get("not yet", "/later", 404)).await;
    assert_eq!(before.status, 404);
    // A new resource appears.
    let later = Case::get("poll", "/later", 200).header("accept-language", "en");
    std::fs::write(dir.join("later.en.html"), "<p>one</p>\n").unwrap();
    let added = until(addr, &later, |r| r.status == 200).await;
    assert_eq!(added.status, 200);
    assert_eq!(&added.body[..], b"<p>one</p>\n");
    // A new variant of it, and a new body for the old one.
    std::fs::write(dir.join("later.de.html"), "<p>eins</p>\n").unwrap();
    std::fs::write(dir.join("later.en.html"), "<p>one, again</p>\n").unwrap();
    let changed = until(addr, &later, |r| &r.body[..] == b"<p>one, again</p>\n").await;
    assert_eq!(&changed.body[..], b"<p>one, again</p>\n");
    let german = send(
        addr,
        &Case::get("the new variant", "/later", 200).header("accept-language", "de"),
    )
    .await;
    assert_eq!(&german.body[..], b"<p>eins</p>\n");
    // Removed: 404 again.
    std::fs::remove_file(dir.join("later.en.html")).unwrap();
    std::fs::remove_file(dir.join("later.de.html")).unwrap();
    let removed = until(addr, &later, |r| r.status == 404).await;
    assert_eq!(removed.status, 404);
    // The directory gone: the last index is still served.
    std::fs::remove_dir_all(&dir).unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let kept = send(addr, &Case::get("still served", "/plain.txt", 200)).await;
    assert_eq!(kept.status, 200);
    assert_eq!(&kept.body[..], b"plain text\n");
}

#[tokio::test]
async fn a_site_brings_its_own_406_page() {
    use conneg_cli::serve::page::{MARKER, Page};
    let dir = fixture("page");
    // A name with markup in it, which the page must show escaped.
    std::fs::write(dir.join("a<b>&c.json"), "{}\n").unwrap();
    std::fs::write(dir.join("a<b>&c.csv"), "a\n").unwrap();
    let (files, _) = site::read_dir(&dir).unwrap();
    let mut index = Index::build(
        files,
        "en",
        Policy::STRICT.fallback_on(Field::AcceptLanguage),
    );
    let page =
        format!("<!doctype html><title>Example</title><nav>Home</nav>{MARKER}<footer>©</footer>\n");
    index.page = Some(Arc::new(Page::parse(&page).unwrap()));
    let addr = start_index(index).await;
    let html = send(
        addr,
        &Case::get("406 as the site's page", "/data", 406)
            .header("accept", "image/png, text/html;q=0.1, <script>/x"),
    )
    .await;
    assert_eq!(html.status, 406);
    assert_eq!(html.headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(html.headers["cache-control"], "no-store");
    assert_eq!(html.headers["vary"], "Accept");
    let body = std::str::from_utf8(&html.body).unwrap();
    assert!(
        body.starts_with(
            "<!doctype html><title>Example</title><nav>Home</nav><h1>406 Not Acceptable</h1>"
        ),
        "{body}"
    );
    assert!(body.ends_with("<footer>©</footer>\n"), "{body}");
    assert!(
        body.contains("application/json") && body.contains("text/csv"),
        "{body}"
    );
    // What the client asked for is shown as the members that parsed, never as its text: the
    // invalid `<script>/x` is in the page neither raw nor escaped.
    assert!(body.contains("image/png"), "{body}");
    assert!(!body.contains("script"), "{body}");
    let marked = send(
        addr,
        &Case::get("406 for a name with markup", "/a%3Cb%3E%26c", 406)
            .header("accept", "image/png, text/html;q=0.1"),
    )
    .await;
    assert_eq!(marked.status, 406);
    let body = std::str::from_utf8(&marked.body).unwrap();
    assert!(body.contains("/a%3Cb%3E&amp;c.json"), "{body}");
    assert!(!body.contains("<b>"), "{body}");
    // A client that reads JSON gets problem+json, not the page.
    let json = send(
        addr,
        &Case::get("406 as problem+json", "/data", 406)
            .header("accept", "image/png, application/problem+json;q=0.1"),
    )
    .await;
    assert_eq!(json.headers["content-type"], "application/problem+json");

    // The binary refuses a page without its marker, before serving anything.
    std::fs::write(dir.join("bad-406.html"), "<p>no marker</p>").unwrap();
    let page = dir.join("bad-406.html");
    let stderr = serve_refuses([
        "--listen".as_ref(),
        "127.0.0.1:0".as_ref(),
        "--not-acceptable-page".as_ref(),
        page.as_os_str(),
    ]);
    assert_eq!(
        stderr.trim(),
        format!(
            "conneg: serve: {} has no {MARKER} where the list of representations goes",
            page.display()
        )
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_site_sets_its_own_types_qs_and_defaults() {
    use conneg_cli::serve::config::Config;
    let dir = fixture("config");
    std::fs::write(dir.join("track.gpx"), "<gpx/>\n").unwrap();
    // A precompressed twin of the page whose qs is lowered: the qs holds for it too.
    std::fs::write(
        dir.join("page.en.html.gz"),
        Compression::Gzip.compress(b"<p>english</p>\n"),
    )
    .unwrap();
    let (files, _) = site::read_dir(&dir).unwrap();
    let config = Config::parse(
        "[types]\ngpx = \"application/gpx+xml\"\n\
         [files.\"page.en.html\"]\nqs = 0.5\n\
         [files.\"nope.html\"]\nqs = 0.1\n\
         [resources.\"/page\"]\ndefault = \"page.html.de\"\n\
         [resources.\"/data\"]\ndefault = \"data.xml\"\n",
    )
    .unwrap();
    let policy = Policy::STRICT.fallback_on(Field::AcceptLanguage);
    let plain = Index::build(files.clone(), "en", policy);
    let configured = Index::build_with(files, "en", policy, &config);
    assert_eq!(
        configured.warnings,
        [
            ".conneg.toml: [files.\"nope.html\"]: the site has no such file",
            ".conneg.toml: [resources.\"/data\"] default = \"data.xml\" is not a file that answers /data",
        ]
    );
    let mut addrs = Vec::new();
    for index in [plain, configured] {
        addrs.push(start_index(index).await);
    }
    let (plain, configured) = (addrs[0], addrs[1]);
    // An extension of the site's own.
    let track = Case::get("a gpx file", "/track", 200);
    assert_eq!(send(plain, &track).await.status, 404);
    let reply = send(configured, &track).await;
    assert_eq!(reply.status, 200);
    // An XML type: labelled UTF-8, as the built-in XML types are.
    assert_eq!(
        reply.headers["content-type"],
        "application/gpx+xml; charset=utf-8"
    );
    // qs: at equal weights, the HTML (qs 0.5) loses to the Markdown.
    let both = Case::get("html or markdown", "/page", 200)
        .header("accept", "text/html, text/markdown")
        .header("accept-language", "en");
    let ct = |r: &conneg_testkit::Reply| r.headers["content-type"].to_str().unwrap().to_owned();
    assert_eq!(ct(&send(plain, &both).await), "text/html; charset=utf-8");
    assert_eq!(
        ct(&send(configured, &both).await),
        "text/markdown; charset=utf-8"
    );
    let gzip = both.clone().header("accept-encoding", "gzip");
    assert_eq!(
        ct(&send(configured, &gzip).await),
        "text/markdown; charset=utf-8"
    );
    // The default variant: German for a client that states no language.
    let none = Case::get("no preference", "/page", 200);
    assert_eq!(language(&send(plain, &none).await), "en");
    assert_eq!(language(&send(configured, &none).await), "de");

    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn the_binary_reads_and_follows_the_site_settings() {
    let dir = fixture("config-binary");
    let none = Case::get("no preference", "/page", 200);
    // The binary reads the site's .conneg.toml, and refuses a broken one.
    std::fs::write(dir.join(".conneg.toml"), "[types]\ngpx = \"not a type\"\n").unwrap();
    let stderr = serve_refuses(["--listen".as_ref(), "127.0.0.1:0".as_ref(), dir.as_os_str()]);
    assert_eq!(
        stderr.trim(),
        format!(
            "conneg: serve: {}: [types] gpx: \"not a type\" is not a media type",
            dir.join(".conneg.toml").display()
        )
    );

    // A running server follows its settings file: created, changed, removed.
    std::fs::remove_file(dir.join(".conneg.toml")).unwrap();
    let settings = |default: &str| {
        std::fs::write(
            dir.join(".conneg.toml"),
            format!("[resources.\"/page\"]\ndefault = \"{default}\"\n"),
        )
        .unwrap();
    };
    let (child, addr) = spawn(&[
        "--listen",
        "127.0.0.1:0",
        "--quiet",
        "--refresh",
        "0.05",
        dir.to_str().unwrap(),
    ]);
    let serves = |want: &'static str| {
        let none = &none;
        async move { language(&until(addr, none, |r| language(r) == want).await) }
    };
    assert_eq!(language(&send(addr, &none).await), "en");
    settings("page.html.de");
    assert_eq!(serves("de").await, "de");
    settings("page.en.html");
    assert_eq!(serves("en").await, "en");
    settings("page.html.de");
    assert_eq!(serves("de").await, "de");
    std::fs::remove_file(dir.join(".conneg.toml")).unwrap();
    assert_eq!(serves("en").await, "en");
    drop(child);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_type_map_may_carry_its_bodies() {
    let dir = fixture("typemap-body");
    let map = "# Both variants live in the map.\n\
               URI: hello\n\n\
               Content-Type: text/plain\nContent-Language: en\nBody:----xyz----\nHello.\n\nBye.\n----xyz----\n\n\
               Content-Type: text/plain\nContent-Language: de\nBody:--end--\nHallo.\n--end--\n";
    std::fs::write(dir.join("hello.var"), map).unwrap();
    let addr = start(&dir).await;
    let en = send(
        addr,
        &Case::get("English from the map", "/hello", 200).header("accept-language", "en"),
    )
    .await;
    assert_eq!(&en.body[..], b"Hello.\n\nBye.\n");
    // As the map says it: no charset is added to a type map's type.
    assert_eq!(en.headers["content-type"], "text/plain");
    assert_eq!(en.headers["content-language"], "en");
    assert_eq!(en.headers["vary"], "Accept, Accept-Language");
    let de = send(
        addr,
        &Case::get("German from the map", "/hello.var", 200).header("accept-language", "de"),
    )
    .await;
    assert_eq!(&de.body[..], b"Hallo.\n");
    // A body in the map has no URL of its own to name.
    assert!(de.headers.get("content-location").is_none());
    assert_ne!(etag(&en), etag(&de));
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn the_policy_is_set_per_header() {
    let dir = fixture("policy");
    let page = |accept: &'static str, language: &'static str| {
        Case::get("policy", "/page", 200)
            .header("accept", accept)
            .header("accept-language", language)
    };
    // The default: strict on the type, a fallback on the language.
    let (default, addr) = spawn(&["--listen", "127.0.0.1:0", "--quiet", dir.to_str().unwrap()]);
    assert_eq!(send(addr, &page("image/png", "en")).await.status, 406);
    assert_eq!(send(addr, &page("text/html", "ja")).await.status, 200);
    // Strict on the language too.
    let (strict, strict_addr) = spawn(&[
        "--listen",
        "127.0.0.1:0",
        "--quiet",
        "--strict-on",
        "accept-language",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(
        send(strict_addr, &page("text/html", "ja")).await.status,
        406
    );
    // A fallback everywhere: the default variant.
    let (lenient, lenient_addr) = spawn(&[
        "--listen",
        "127.0.0.1:0",
        "--quiet",
        "--policy",
        "fallback",
        dir.to_str().unwrap(),
    ]);
    let reply = send(lenient_addr, &page("image/png", "ja")).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers["content-type"], "text/html; charset=utf-8");
    // Even then a refused coding is never sent: app.js, app.js.gz, app.js.br all refused.
    let all_refused = Case::get("every coding refused", "/app.js", 406)
        .header("accept-encoding", "identity;q=0, gzip;q=0, br;q=0");
    assert_eq!(send(lenient_addr, &all_refused).await.status, 406);
    drop((default, strict, lenient));
    // Codings cannot fall back.
    let stderr = serve_refuses([
        "--fallback-on".as_ref(),
        "accept-encoding".as_ref(),
        dir.as_os_str(),
    ]);
    assert!(
        stderr.contains("accept-encoding cannot fall back"),
        "{stderr}"
    );
    // A header that is not a negotiation header is a usage error.
    let stderr = serve_refuses(["--strict-on".as_ref(), "cookie".as_ref(), dir.as_os_str()]);
    assert!(
        stderr.contains("\"cookie\" is not a negotiation header"),
        "{stderr}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_broken_settings_file_stops_the_start_with_its_name() {
    let dir = fixture("broken-config");
    let config = dir.join("other.toml");
    std::fs::write(&config, "[types]\ngpx = 3\n").unwrap();
    let err = serve_refuses([
        dir.as_os_str(),
        "--config".as_ref(),
        config.as_os_str(),
        "--listen".as_ref(),
        "127.0.0.1:0".as_ref(),
    ]);
    assert_eq!(
        err.trim_end(),
        format!(
            "conneg: serve: {}: [types] gpx: the media type must be a string",
            config.display()
        )
    );
    std::fs::remove_dir_all(dir).unwrap();
}
