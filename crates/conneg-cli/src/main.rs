//! `conneg`: HTTP content negotiation from the command line.

use std::fs;
use std::io::{self, BufReader, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use conneg::{Policy, negotiate};
use conneg_cli::case::{self, HeaderValue, Headers, VariantSpec};
use conneg_cli::replay::{GroupBy, replay};
use conneg_cli::{batch, report};

/// HTTP content negotiation done right.
#[derive(Debug, Parser)]
#[command(name = "conneg", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Choose among variants for a request and explain why (or run a batch, or a replay).
    #[command(after_help = NEGOTIATE_HELP)]
    Negotiate(Negotiate),
    /// Serve a directory (or, without one, the built-in demo site) with content negotiation.
    #[command(after_help = SERVE_HELP)]
    Serve(Serve),
    /// Probe HTTP endpoints and report their content-negotiation bugs.
    #[command(after_help = CHECK_HELP)]
    Check(CheckArgs),
}

const CHECK_HELP: &str = "\
First a baseline request, then probes of common media types, languages and codings (and
what a 406 body or Link: rel=\"alternate\" names) learn what the resource offers. Then each
check sends requests whose right answer conneg's engine predicts, and every answer is read
for Vary, ETags and failures. Each finding has a stable id, a severity, the RFC section,
and the request that shows it as a curl command.

Exit status: 0 when no error-level finding, 1 when any, 2 when a URL could not be checked
(no response, redirects without end, no representation without credentials) or for a
usage error.

Examples:
  conneg check http://127.0.0.1:8080/
  conneg check https://api.example.com/items -H 'Authorization: Bearer ...' --format json
  conneg check http://127.0.0.1:3000/items --skip language-406,huge-body --format junit
  conneg check --list";

#[derive(Debug, Args)]
struct CheckArgs {
    /// The URLs to check (http: or https:).
    #[arg(value_name = "URL", required_unless_present = "list")]
    urls: Vec<String>,

    /// A header sent with every request (authentication, say), as curl takes it. Printed
    /// commands show Authorization, Proxy-Authorization and Cookie as <redacted>.
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    headers: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,

    /// Only these checks (ids, comma-separated or repeated; see --list).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    only: Vec<String>,

    /// Not these checks.
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    skip: Vec<String>,

    /// Seconds one request may take, connection and body included.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    timeout: f64,

    /// The most requests sent to one URL.
    #[arg(long, value_name = "N", default_value_t = 200)]
    budget: usize,

    /// The most requests in flight to one URL (1 to 256).
    #[arg(long, value_name = "N", default_value_t = 4)]
    concurrency: usize,

    /// Speak HTTP/1.1 only.
    #[arg(long, conflicts_with = "http2")]
    http1: bool,

    /// Speak HTTP/2 only (prior knowledge over http:, ALPN over https:).
    #[arg(long)]
    http2: bool,

    /// List the checks (id, severity, reference, title) and exit; --format markdown or json
    /// for a table or an array.
    #[arg(long)]
    list: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    Junit,
    Markdown,
}

const SERVE_HELP: &str = "\
A request for /news with no file of that name is answered by the files news.*: news.en.html,
news.de.html, news.html.fr, news.en.md; their extensions say type, language and coding in any
order. A file that exists under the exact name is served with its precompressed twins
(style.css, style.css.br, style.css.zst, style.css.gz). Only registered extensions count:
dotfiles, backups and unknown extensions are never variants. A directory is answered by its
index.* files. An Apache type map news.var answers /news and /news.var with the files its
records name (URI, Content-Type with qs and charset, Content-Language, Content-Encoding,
or the content itself after Body:),
as Apache reads it; records it cannot use are reported when the server starts. A site's
.conneg.toml (or --config FILE) adds extensions ([types] gpx = \"application/gpx+xml\"),
files' source quality ([files.\"news.en.md\"] qs = 0.5) and URLs' default variants
([resources.\"/news\"] default = \"news.de.html\"). The files
are read into memory once; the directory's names, sizes and times are checked every
--refresh seconds, and a change rebuilds the index (a directory that cannot be read keeps
the last one).

The type is strict (406 with the list of what exists when nothing fits), the language falls
back to --default-language, and a missing Accept or */* is never refused; --policy,
--fallback-on and --strict-on change that per header. The 406 is
problem+json, HTML or text as the client reads; --not-acceptable-page puts the HTML list in
a page of the site's own.

Validators and ranges belong to the variant chosen: each file has its own strong ETag and
Last-Modified; If-None-Match, If-Modified-Since, If-Match, If-Unmodified-Since and If-Range
are checked against it, so another variant's ETag never gives 304 or a piece of the wrong
bytes. Range requests give 206 (one range, or multipart/byteranges for several; a range of a
precompressed file counts its compressed bytes) or 416; a malformed Range is ignored.

Examples:
  conneg serve                      the built-in demo on http://127.0.0.1:8080
  conneg serve ./public --listen 0.0.0.0:8000
  curl -i -H 'Accept-Language: de' http://127.0.0.1:8080/";

#[derive(Debug, Args)]
struct Serve {
    /// The site's directory; without one, the demo site built into the binary.
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,

    /// The address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: std::net::SocketAddr,

    /// The language served when the client asks for none the site has.
    #[arg(long, value_name = "TAG", default_value = "en")]
    default_language: String,

    /// strict: 406 when nothing is acceptable (the type, by default); fallback: serve the
    /// default variant ignoring the headers that refuse. The language falls back unless
    /// --strict-on accept-language.
    #[arg(long, value_enum, default_value_t = PolicyName::Strict)]
    policy: PolicyName,

    /// Fall back on this header (e.g. accept-charset) even under --policy strict.
    #[arg(long, value_name = "HEADER")]
    fallback_on: Vec<String>,

    /// Stay strict on this header (e.g. accept-language) even under --policy fallback.
    #[arg(long, value_name = "HEADER")]
    strict_on: Vec<String>,

    /// No access log.
    #[arg(long, short)]
    quiet: bool,

    /// An HTML page of the site's for 406 responses: where it has
    /// <!-- conneg:not-acceptable -->, the list of what exists is put (escaped). The headers
    /// stay conneg's; clients that read no HTML get problem+json or text.
    #[arg(long, value_name = "FILE")]
    not_acceptable_page: Option<PathBuf>,

    /// The site's settings (extra types, files' qs, URLs' default variants); by default the
    /// site's .conneg.toml when it has one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// How often, in seconds, the directory is checked for changes (file names, sizes and
    /// modification times); a change rebuilds the index. 0: never.
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    refresh: f64,
}

const NEGOTIATE_HELP: &str = "\
Variants are given as comma-separated key=value items, a first item without '=' being the
media type. Keys: type, language (lang), charset, encoding (enc), qs (0 to 1), datetime
(RFC 3339), im, url. Or as a JSON array of objects with the same keys (--variants FILE).

Examples:
  conneg negotiate -H 'Accept: text/html;q=0.9, application/json' text/html application/json
  conneg negotiate -H 'Accept-Language: de-CH, en;q=0.5' 'text/html,lang=en' 'text/html,lang=de'
  conneg negotiate -H 'Accept: image/png' --policy fallback text/html --format json
  echo '{\"id\":1,\"headers\":{\"accept\":\"*/*\"},\"variants\":[{\"type\":\"text/html\"}]}' | conneg negotiate --jsonl
  conneg negotiate --replay requests.jsonl text/html application/json --by client

Exit status: 0 when a variant is served; 1 when the request gets 406, 400 or 431;
2 for a usage error or an input that cannot be read. --jsonl and --replay exit 0 unless
their input or output fails (a bad case gets an error line and the batch goes on).";

#[derive(Debug, Args)]
struct Negotiate {
    /// A request header, as curl takes it: 'Name: value'. Repeat a name for several lines.
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    headers: Vec<String>,

    /// The variants, in the server's order (the first is the default).
    #[arg(value_name = "VARIANT")]
    variants: Vec<String>,

    /// Read the variants from a JSON file (an array of variant objects); '-' for stdin.
    #[arg(long, value_name = "FILE")]
    variants_file: Option<PathBuf>,

    /// strict: 406 when nothing is acceptable; fallback: serve the best ignoring the headers
    /// that refuse.
    #[arg(long, value_enum, default_value_t = PolicyName::Strict)]
    policy: PolicyName,

    /// Fall back on this header (e.g. accept-language) even under --policy strict.
    #[arg(long, value_name = "HEADER")]
    fallback_on: Vec<String>,

    /// Stay strict on this header even under --policy fallback.
    #[arg(long, value_name = "HEADER")]
    strict_on: Vec<String>,

    /// Answer 406 to a request without Accept.
    #[arg(long)]
    require_accept: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Batch mode: read one JSON case per line on stdin, write one result per line.
    #[arg(long, conflicts_with_all = ["headers", "variants", "variants_file", "replay"])]
    jsonl: bool,

    /// Replay recorded requests (JSON lines with "client", "context" and "headers") and count
    /// the outcomes per group.
    #[arg(long, value_name = "FILE")]
    replay: Option<PathBuf>,

    /// How --replay groups requests.
    #[arg(long, value_enum, default_value_t = GroupBy::Client, requires = "replay")]
    by: GroupBy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PolicyName {
    Strict,
    Fallback,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// An error for the user, printed once, with exit status 2.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Negotiate(args) => run_negotiate(&args),
        Command::Serve(args) => run_serve(&args),
        Command::Check(args) => run_check(&args),
    };
    match result {
        Ok(code) => code,
        Err(Failure(message)) => {
            if message.contains("Broken pipe") {
                return ExitCode::SUCCESS;
            }
            eprintln!("conneg: {message}");
            ExitCode::from(2)
        }
    }
}

/// `conneg serve`'s policy from its options.
fn serve_policy(args: &Serve) -> Result<Policy, Failure> {
    // Codings never fall back: a client cannot decode a coding it refused (identity is
    // served whenever it is acceptable anyway).
    let policy = match args.policy {
        PolicyName::Strict => Policy::STRICT.fallback_on(conneg::Field::AcceptLanguage),
        PolicyName::Fallback => Policy::FALLBACK.strict_on(conneg::Field::AcceptEncoding),
    };
    for name in &args.fallback_on {
        if case::field(name).is_ok_and(|f| f == conneg::Field::AcceptEncoding) {
            return Err(Failure(
                "serve: accept-encoding cannot fall back: a client cannot decode a coding it refused".into(),
            ));
        }
    }
    Ok(case::adjusted(policy, &args.fallback_on, &args.strict_on)
        .map_err(|e| format!("serve: {e}"))?)
}

fn run_serve(args: &Serve) -> Result<ExitCode, Failure> {
    use conneg_cli::serve::config::{self, Config};
    use conneg_cli::serve::{self, Index, site};

    let refresh_ok = args.refresh == 0.0 || (0.05..=86_400.0).contains(&args.refresh);
    if !(args.refresh.is_finite() && refresh_ok) {
        return Err(Failure(format!(
            "serve: --refresh {} is not 0 (never) or a number of seconds from 0.05 to 86400",
            args.refresh
        )));
    }
    if args.config.is_some() && args.dir.is_none() {
        return Err(Failure(
            "serve: --config needs a DIR: the built-in demo has no settings".into(),
        ));
    }
    let policy = serve_policy(args)?;
    let page = match &args.not_acceptable_page {
        Some(path) => Some(std::sync::Arc::new(
            serve::page::Page::read(path).map_err(|e| format!("serve: {e}"))?,
        )),
        None => None,
    };
    // The settings: --config (which must exist), or the site's .conneg.toml whenever it
    // exists (created, changed or removed while the server runs).
    let settings = match (&args.config, &args.dir) {
        (Some(path), _) => Some((path.clone(), true)),
        (None, Some(dir)) => Some((dir.join(config::FILE), false)),
        (None, None) => None,
    };
    let language = args.default_language.clone();
    let build = move |files, config: &Config| {
        let mut index = Index::build_with(files, &language, policy, config);
        index.page.clone_from(&page);
        index
    };
    let Some(dir) = args.dir.clone() else {
        let index = build(site::demo(std::time::SystemTime::now()), &Config::default());
        return serve_index(args, "the built-in demo", serve::fixed(index));
    };
    // The fingerprint covers the settings file too; taken before the files are read, so a
    // change in between is seen at the first refresh.
    let fingerprint = {
        let (dir, settings) = (dir.clone(), settings.clone());
        move || -> Result<u64, String> {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            site::fingerprint(&dir)
                .map_err(|e| e.to_string())?
                .hash(&mut hasher);
            if let Some((path, _)) = &settings {
                std::fs::metadata(path)
                    .ok()
                    .as_ref()
                    .map(site::stamp)
                    .hash(&mut hasher);
            }
            Ok(hasher.finish())
        }
    };
    let load = {
        let (dir, settings) = (dir.clone(), settings.clone());
        move || -> Result<Index, String> {
            let config = match &settings {
                Some((path, required)) if *required || path.exists() => {
                    Config::read(path).map_err(|e| e.to_string())?
                }
                _ => Config::default(),
            };
            let (files, warnings) = site::read_dir(&dir).map_err(|e| e.to_string())?;
            for warning in warnings {
                eprintln!("conneg serve: {warning}");
            }
            Ok(build(files, &config))
        }
    };
    let last = fingerprint().map_err(|e| format!("serve: {e}"))?;
    let index = load().map_err(|e| format!("serve: {e}"))?;
    for warning in &index.warnings {
        eprintln!("conneg serve: {warning}");
    }
    for skipped in &index.skipped {
        eprintln!("conneg serve: not served (unregistered extension): {skipped}");
    }
    let (publish, live) = tokio::sync::watch::channel(std::sync::Arc::new(index));
    let refresh = (args.refresh > 0.0).then(|| {
        serve::refresh(
            std::time::Duration::from_secs_f64(args.refresh),
            last,
            fingerprint,
            load,
            publish,
        )
    });
    serve_index_with(args, &dir.display().to_string(), live, refresh)
}

fn serve_index(
    args: &Serve,
    site: &str,
    live: conneg_cli::serve::Live,
) -> Result<ExitCode, Failure> {
    serve_index_with(args, site, live, None::<std::future::Ready<()>>)
}

/// Listens, and serves `live` until a signal; `refresh` runs beside it.
fn serve_index_with(
    args: &Serve,
    site: &str,
    live: conneg_cli::serve::Live,
    refresh: Option<impl std::future::Future<Output = ()> + Send + 'static>,
) -> Result<ExitCode, Failure> {
    use conneg_cli::serve;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| Failure(format!("serve: cannot listen on {}: {e}", args.listen)))?;
        let addr = listener.local_addr()?;
        println!("conneg serve: {site} on http://{addr}/ (Ctrl-C stops)");
        let _ = io::stdout().flush();
        if let Some(refresh) = refresh {
            tokio::spawn(refresh);
        }
        serve::serve(listener, live, args.quiet, serve::signal()).await;
        Ok(ExitCode::SUCCESS)
    })
}

/// `conneg check --list`: a table for people, Markdown or JSON.
fn list_checks(out: &mut impl Write, format: CheckFormat) -> io::Result<()> {
    use conneg_cli::check::{Check, output};
    match format {
        CheckFormat::Markdown => write!(out, "{}", output::list_markdown()),
        CheckFormat::Json => writeln!(out, "{:#}", output::list_json()),
        CheckFormat::Text | CheckFormat::Junit => {
            for check in Check::ALL {
                writeln!(
                    out,
                    "{:<32} {:<8} {:<32} {}",
                    check.id(),
                    check.severity(),
                    check.reference(),
                    check.title()
                )?;
            }
            Ok(())
        }
    }
}

fn run_check(args: &CheckArgs) -> Result<ExitCode, Failure> {
    use conneg_cli::check::{self, Check, Selection, client, output};

    let mut out = io::stdout().lock();
    if args.list {
        list_checks(&mut out, args.format)?;
        return Ok(ExitCode::SUCCESS);
    }
    let ids = |given: &[String]| -> Result<Vec<Check>, Failure> {
        given
            .iter()
            .filter(|id| !id.trim().is_empty())
            .map(|id| {
                Check::from_id(id.trim()).ok_or_else(|| {
                    Failure(format!(
                        "check: no check is called {id:?} (conneg check --list shows them)"
                    ))
                })
            })
            .collect()
    };
    let selection = Selection {
        only: ids(&args.only)?,
        skip: ids(&args.skip)?,
    };
    if !(args.timeout.is_finite() && args.timeout > 0.0 && args.timeout <= 3600.0) {
        return Err(Failure(format!(
            "check: --timeout {} is not a number of seconds between 0 and 3600",
            args.timeout
        )));
    }
    if args.budget == 0 || args.concurrency == 0 {
        return Err(Failure(
            "check: --budget and --concurrency must be at least 1".into(),
        ));
    }
    if args.concurrency > client::MAX_CONCURRENCY {
        return Err(Failure(format!(
            "check: --concurrency {} is more than {} requests at once",
            args.concurrency,
            client::MAX_CONCURRENCY
        )));
    }
    let mut extra = Vec::new();
    for (name, value) in headers(&args.headers)? {
        // The checks set these themselves; one more line of them would change every answer.
        let owned = name.starts_with("accept")
            || name.starts_with("if-")
            || matches!(name.as_str(), "a-im" | "range" | "host");
        if owned {
            return Err(Failure(format!(
                "check: -H cannot set {name}: the checks send their own negotiation and conditional headers"
            )));
        }
        let name = http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| Failure(format!("check: header name {name:?}: {e}")))?;
        let lines = match value {
            HeaderValue::One(v) => vec![v],
            HeaderValue::Lines(v) => v,
        };
        for line in lines {
            let value = http::HeaderValue::from_str(&line)
                .map_err(|e| Failure(format!("check: header {name}: {line:?}: {e}")))?;
            extra.push((name.clone(), value));
        }
    }
    let settings = client::Settings {
        headers: extra,
        timeout: std::time::Duration::from_secs_f64(args.timeout),
        budget: args.budget,
        concurrency: args.concurrency,
        version: if args.http1 {
            client::Version::Http1
        } else if args.http2 {
            client::Version::Http2
        } else {
            client::Version::Auto
        },
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let reports = runtime.block_on(async {
        let client = client::Client::new(settings);
        let mut reports = Vec::new();
        for url in &args.urls {
            reports.push(check::check(&client, url, &selection).await);
        }
        reports
    });
    match args.format {
        CheckFormat::Text => {
            let color = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            write!(out, "{}", output::text(&reports, color))?;
        }
        CheckFormat::Json => writeln!(out, "{:#}", output::json(&reports))?,
        CheckFormat::Junit => write!(out, "{}", output::junit(&reports))?,
        CheckFormat::Markdown => write!(out, "{}", output::markdown(&reports))?,
    }
    Ok(ExitCode::from(check::exit_status(&reports)))
}

fn run_negotiate(args: &Negotiate) -> Result<ExitCode, Failure> {
    if args.jsonl {
        let stdin = io::stdin().lock();
        batch::run(stdin, io::stdout().lock())?;
        return Ok(ExitCode::SUCCESS);
    }
    let policy = policy(args)?;
    let specs = variant_specs(args)?;
    let variants = case::variants(&specs)?;
    if let Some(path) = &args.replay {
        let file =
            fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let result = replay(BufReader::new(file), &variants, &policy, args.by)?;
        let mut out = io::stdout().lock();
        match args.format {
            Format::Text => write!(out, "{}", result.to_text(&variants))?,
            Format::Json => writeln!(out, "{}", result.to_json())?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    if variants.is_empty() {
        return Err(Failure(
            "no variants: give them as arguments (e.g. text/html application/json) or with --variants-file".into(),
        ));
    }
    let headers = headers(&args.headers)?;
    let lines = case::negotiation_lines(&headers);
    let request = match case::request(&lines) {
        Ok(r) => r,
        Err(e) => {
            let status = if e.is_over_limit() { 431 } else { 400 };
            let mut out = io::stdout().lock();
            match args.format {
                Format::Text => writeln!(out, "{status}: {e}")?,
                Format::Json => writeln!(
                    out,
                    "{}",
                    serde_json::json!({"status": status, "error": e.to_string()})
                )?,
            }
            return Ok(ExitCode::FAILURE);
        }
    };
    let decision = negotiate(&request, &variants, &policy);
    let mut out = io::stdout().lock();
    match args.format {
        Format::Text => write!(out, "{decision}")?,
        Format::Json => writeln!(out, "{}", report::json(&decision))?,
    }
    Ok(if decision.chosen().is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn policy(args: &Negotiate) -> Result<Policy, Failure> {
    let policy = match args.policy {
        PolicyName::Strict => Policy::STRICT,
        PolicyName::Fallback => Policy::FALLBACK,
    };
    Ok(case::adjusted(policy, &args.fallback_on, &args.strict_on)?
        .require_accept(args.require_accept))
}

fn variant_specs(args: &Negotiate) -> Result<Vec<VariantSpec>, Failure> {
    let mut specs = Vec::new();
    if let Some(path) = &args.variants_file {
        let text = if path.as_os_str() == "-" {
            if io::stdin().is_terminal() {
                eprintln!("conneg: reading the variants (a JSON array) from stdin");
            }
            io::read_to_string(io::stdin())?
        } else {
            fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?
        };
        let from_file: Vec<VariantSpec> = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a JSON array of variants: {e}", path.display()))?;
        specs.extend(from_file);
    }
    for spec in &args.variants {
        specs.push(VariantSpec::parse_compact(spec)?);
    }
    Ok(specs)
}

fn headers(given: &[String]) -> Result<Headers, Failure> {
    let mut headers = Headers::new();
    for header in given {
        let Some((name, value)) = header.split_once(':') else {
            return Err(Failure(format!("header {header:?} is not 'Name: value'")));
        };
        let name = name.trim().to_ascii_lowercase();
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(Failure(format!("header {header:?} has no valid name")));
        }
        let value = value.trim().to_owned();
        match headers.remove(&name) {
            None => headers.insert(name, HeaderValue::One(value)),
            Some(HeaderValue::One(first)) => {
                headers.insert(name, HeaderValue::Lines(vec![first, value]))
            }
            Some(HeaderValue::Lines(mut lines)) => {
                lines.push(value);
                headers.insert(name, HeaderValue::Lines(lines))
            }
        };
    }
    Ok(headers)
}
