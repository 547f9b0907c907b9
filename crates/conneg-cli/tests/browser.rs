//! A real browser against `conneg serve`: headless Chromium (Debian's package; `.ci/run`
//! installs it) loads the built-in demo with the languages it is told to ask for, and gets
//! the HTML page in that language.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use conneg_testkit::Running;

fn chromium() -> Option<&'static str> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (.ci/run)"
        );
        eprintln!("chromium is not installed: no browser test");
    }
    found
}

/// The demo, on a free port.
fn demo() -> (Running, SocketAddr) {
    conneg_testkit::spawn_server(
        env!("CARGO_BIN_EXE_conneg"),
        &["serve", "--listen", "127.0.0.1:0", "--quiet"],
    )
}

/// The DOM Chromium builds for `url`, asking for `languages`.
fn dom(browser: &str, url: &str, languages: &str) -> String {
    let profile = std::env::temp_dir().join(format!(
        "conneg-chromium-{}-{}",
        std::process::id(),
        languages.replace(',', "_")
    ));
    // The flags that keep Chromium off the network it has no access to here.
    let child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--accept-lang={languages}"))
        .args(["--dump-dom", url])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut running = Running(child);
    let started = Instant::now();
    while running.0.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "chromium did not finish"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut out = String::new();
    std::io::Read::read_to_string(running.0.stdout.as_mut().unwrap(), &mut out).unwrap();
    let _ = std::fs::remove_dir_all(profile);
    out
}

#[test]
fn chromium_gets_the_demo_in_its_language() {
    let Some(browser) = chromium() else {
        return;
    };
    let (_server, addr) = demo();
    let url = format!("http://{addr}/");
    for (languages, lang, title) in [
        ("de-DE,de", "de", "Eine URL, viele Repräsentationen"),
        ("fr-CH,fr", "fr", "Une URL, plusieurs représentations"),
        ("en-US,en", "en", "One URL, many representations"),
        // None of the site's languages: the default, English.
        ("ja", "en", "One URL, many representations"),
    ] {
        let dom = dom(browser, &url, languages);
        // A browser's Accept gets the HTML page, not its Markdown twin.
        assert!(
            dom.starts_with("<!DOCTYPE html>"),
            "{languages}: {dom:.200}"
        );
        assert!(
            dom.contains(&format!("<html lang=\"{lang}\"")),
            "{languages}: {dom:.300}"
        );
        assert!(dom.contains(title), "{languages}: {dom:.300}");
    }
}
