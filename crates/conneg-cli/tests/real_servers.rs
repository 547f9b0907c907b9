//! `conneg check` against real servers, when they are installed (`.ci/run` installs them):
//! Apache httpd with `MultiViews` and nginx with `gzip_static`, each started on loopback with
//! a small site in a directory of its own, and stopped by PID. The findings asserted here are
//! the ones CHECKS.md records.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use conneg_cli::check::client::{Client, Settings, Version};
use conneg_cli::check::{Selection, check};
use conneg_testkit::Running;

/// The binary, when installed; under CI it must be.
fn installed(binary: &str) -> Option<PathBuf> {
    let path = ["/usr/sbin", "/usr/bin"]
        .iter()
        .map(|dir| Path::new(dir).join(binary))
        .find(|p| p.exists());
    if path.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install {binary} (.ci/run)"
        );
        eprintln!("{binary} is not installed: not compared");
    }
    path
}

fn free_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
}

fn wait_for(addr: SocketAddr) {
    let started = Instant::now();
    while std::net::TcpStream::connect(addr).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{addr} never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The site both servers serve: a page in two languages and Markdown, a page with one
/// variant, a stylesheet with its gzip twin. World-readable, for Apache's `www-data`.
fn site(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("conneg-real-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let site = dir.join("site");
    std::fs::create_dir_all(&site).unwrap();
    let mut css = String::new();
    for i in 0..200 {
        let _ = writeln!(css, ".c{i} {{ color: #{i:03}; }}");
    }
    for (file, body) in [
        ("news.en.html", "<p>english</p>\n".to_owned()),
        ("news.de.html", "<p>deutsch</p>\n".to_owned()),
        ("news.en.md", "# english\n".to_owned()),
        ("solo.en.html", "<p>solo</p>\n".to_owned()),
        ("style.css", css.clone()),
    ] {
        std::fs::write(site.join(file), body).unwrap();
    }
    std::fs::write(
        site.join("style.css.gz"),
        conneg_testkit::Compression::Gzip.compress(css.as_bytes()),
    )
    .unwrap();
    for path in [&dir, &site] {
        Command::new("chmod")
            .args(["-R", "a+rX"])
            .arg(path)
            .status()
            .unwrap();
    }
    // Old files: Apache gives a file changed within the last second a weak ETag.
    for entry in std::fs::read_dir(&site).unwrap() {
        let file = std::fs::File::options()
            .write(true)
            .open(entry.unwrap().path())
            .unwrap();
        file.set_modified(std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000))
            .unwrap();
    }
    dir
}

async fn findings(url: &str) -> BTreeSet<&'static str> {
    let client = Client::new(Settings {
        headers: Vec::new(),
        timeout: Duration::from_secs(5),
        budget: 200,
        concurrency: 4,
        version: Version::Http1,
    });
    let report = check(&client, url, &Selection::default()).await;
    assert_eq!(report.error, None, "{url}");
    eprintln!(
        "{}",
        conneg_cli::check::output::text(std::slice::from_ref(&report), false)
    );
    report.findings.iter().map(|f| f.check.id()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn apache_multiviews() {
    let Some(apache) = installed("apache2") else {
        return;
    };
    let dir = site("apache");
    let addr = free_port();
    let modules = "/usr/lib/apache2/modules";
    let conf = format!(
        "ServerRoot {root}\nServerName localhost\nListen {addr}\n\
         LoadModule mpm_event_module {modules}/mod_mpm_event.so\n\
         LoadModule authz_core_module {modules}/mod_authz_core.so\n\
         LoadModule mime_module {modules}/mod_mime.so\n\
         LoadModule negotiation_module {modules}/mod_negotiation.so\n\
         User www-data\nGroup www-data\n\
         PidFile {root}/httpd.pid\nErrorLog {root}/error.log\n\
         TypesConfig /etc/mime.types\n\
         AddLanguage en .en\nAddLanguage de .de\nAddType text/markdown .md\nAddEncoding gzip .gz\n\
         DocumentRoot {root}/site\n\
         <Directory {root}/site>\n  Options +MultiViews\n  Require all granted\n</Directory>\n",
        root = dir.display()
    );
    std::fs::write(dir.join("httpd.conf"), conf).unwrap();
    let child = Command::new(apache)
        .arg("-f")
        .arg(dir.join("httpd.conf"))
        .arg("-DFOREGROUND")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let _server = Running(child);
    wait_for(addr);
    // Negotiated responses carry an ETag with no closing quote.
    let news = findings(&format!("http://{addr}/news")).await;
    assert!(news.contains("etag-malformed"), "{news:?}");
    // One variant: 200 or 406 by Accept and by Accept-Language, and Vary says neither.
    let solo = findings(&format!("http://{addr}/solo")).await;
    assert!(solo.contains("vary-missing"), "{solo:?}");
    assert!(solo.contains("language-406"), "{solo:?}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn nginx_gzip_static() {
    let Some(nginx) = installed("nginx") else {
        return;
    };
    let dir = site("nginx");
    let addr = free_port();
    let root = dir.display();
    let mut temp = String::new();
    for t in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"] {
        let _ = writeln!(temp, "  {t}_temp_path {root}/tmp_{t};");
    }
    let conf = format!(
        "daemon off;\npid {root}/nginx.pid;\nerror_log {root}/error.log;\nevents {{}}\n\
         http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n{temp}\
         \x20 server {{\n    listen {addr};\n    root {root}/site;\n    gzip_static on;\n  }}\n}}\n"
    );
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let child = Command::new(nginx)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .arg("-p")
        .arg(&dir)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _server = Running(child);
    wait_for(addr);
    // gzip_static without gzip_vary: the coded and the plain body under one cache key.
    let style = findings(&format!("http://{addr}/style.css")).await;
    assert!(style.contains("vary-missing"), "{style:?}");
    assert!(style.contains("x-gzip-ignored"), "{style:?}");
    std::fs::remove_dir_all(dir).unwrap();
}
