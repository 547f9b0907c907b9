//! The reports of `conneg check` as text for a terminal, JSON, `JUnit` XML and Markdown.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::catalogue::{Check, Severity};
use super::{Finding, Report};

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// The counts of a report: `2 errors, 1 warning, 0 info`.
fn counts(report: &Report) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {}, {} info",
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        report.count(Severity::Info)
    )
}

/// A readable report, grouped by severity; ANSI colours when `color`.
pub fn text(reports: &[Report], color: bool) -> String {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    };
    let mut out = String::new();
    for report in reports {
        let _ = writeln!(out, "{}", paint("1", &report.url));
        if let Some(error) = &report.error {
            let _ = writeln!(out, "  {}: {error}\n", paint("1;31", "could not check"));
            continue;
        }
        let _ = writeln!(
            out,
            "  {} ({} requests, {} checks, {:.2}s{})",
            counts(report),
            report.requests,
            report.ran.len(),
            report.elapsed.as_secs_f64(),
            if report.budget_spent {
                "; some requests were not sent (the budget ran out, or the server kept timing out): some checks did not run"
            } else {
                ""
            }
        );
        for severity in SEVERITIES {
            let findings: Vec<&Finding> = report
                .findings
                .iter()
                .filter(|f| f.check.severity() == severity)
                .collect();
            if findings.is_empty() {
                continue;
            }
            let code = match severity {
                Severity::Error => "1;31",
                Severity::Warning => "1;33",
                Severity::Info => "1;36",
            };
            for finding in findings {
                let check = finding.check;
                let _ = writeln!(
                    out,
                    "\n  {} {}: {} ({})",
                    paint(code, severity.as_str()),
                    paint("1", check.id()),
                    check.title(),
                    check.reference()
                );
                let _ = writeln!(out, "    {}", finding.detail);
                let _ = writeln!(out, "    why: {}", check.why());
                if let Some(request) = &finding.request {
                    let _ = writeln!(out, "    $ {request}");
                }
                if let Some(response) = &finding.response {
                    let _ = writeln!(out, "    < {response}");
                }
            }
        }
        out.push('\n');
    }
    out
}

/// Every check as a Markdown table (CHECKS.md has this table).
pub fn list_markdown() -> String {
    let mut out =
        String::from("| id | severity | reference | what is wrong |\n|---|---|---|---|\n");
    for check in Check::ALL {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            check.id(),
            check.severity(),
            cell(check.reference()),
            cell(check.title())
        );
    }
    out
}

/// Every check as JSON: `id`, `severity`, `reference`, `title`, `why`.
pub fn list_json() -> Value {
    Check::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.id(),
                "severity": c.severity().as_str(),
                "reference": c.reference(),
                "title": c.title(),
                "why": c.why(),
            })
        })
        .collect()
}

/// One object per URL (schema: `schemas/check-report.schema.json`).
pub fn json(reports: &[Report]) -> Value {
    Value::Array(reports.iter().map(report_json).collect())
}

fn report_json(report: &Report) -> Value {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "check": f.check.id(),
                "severity": f.check.severity().as_str(),
                "title": f.check.title(),
                "reference": f.check.reference(),
                "detail": f.detail,
                "why": f.check.why(),
                "request": f.request,
                "response": f.response,
            })
        })
        .collect();
    json!({
        "url": report.url,
        "checked_url": report.checked,
        "error": report.error,
        "requests": report.requests,
        "budget_spent": report.budget_spent,
        "elapsed_ms": u64::try_from(report.elapsed.as_millis()).unwrap_or(u64::MAX),
        "checks_run": report.ran.iter().map(|c| c.id()).collect::<Vec<_>>(),
        "counts": {
            "error": report.count(Severity::Error),
            "warning": report.count(Severity::Warning),
            "info": report.count(Severity::Info),
        },
        "findings": findings,
    })
}

/// Escapes text for XML content and attribute values.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn finding_text(finding: &Finding) -> String {
    let mut text = format!("{}\nwhy: {}\n", finding.detail, finding.check.why());
    if let Some(request) = &finding.request {
        let _ = writeln!(text, "$ {request}");
    }
    if let Some(response) = &finding.response {
        let _ = writeln!(text, "< {response}");
    }
    text
}

/// `JUnit` XML: a test suite per URL, a test case per check. A check with an error-level
/// finding fails; warnings and infos pass with their text in `system-out`; checks that did
/// not apply are skipped. A URL that could not be checked is one test case in error.
pub fn junit(reports: &[Report]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"conneg check\">\n",
    );
    for report in reports {
        let name = xml(&report.url);
        let time = report.elapsed.as_secs_f64();
        if let Some(error) = &report.error {
            let _ = write!(
                out,
                "  <testsuite name=\"{name}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"{time:.3}\">\n    <testcase classname=\"{name}\" name=\"reachable\"><error message=\"{}\"/></testcase>\n  </testsuite>\n",
                xml(error)
            );
            continue;
        }
        let failed = Check::ALL
            .iter()
            .filter(|c| {
                report
                    .findings
                    .iter()
                    .any(|f| f.check == **c && c.severity() == Severity::Error)
            })
            .count();
        let skipped = Check::ALL.len() - report.ran.len().min(Check::ALL.len());
        let _ = writeln!(
            out,
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" skipped=\"{skipped}\" time=\"{time:.3}\">",
            Check::ALL.len()
        );
        for &check in Check::ALL {
            let findings: Vec<&Finding> = report
                .findings
                .iter()
                .filter(|f| f.check == check)
                .collect();
            let _ = write!(
                out,
                "    <testcase classname=\"{name}\" name=\"{}\">",
                check.id()
            );
            if !report.ran.contains(&check) {
                out.push_str("<skipped message=\"not applicable or not selected\"/>");
            } else if !findings.is_empty() {
                let text: String = findings.iter().map(|f| finding_text(f)).collect();
                if check.severity() == Severity::Error {
                    let _ = write!(
                        out,
                        "<failure message=\"{}\" type=\"{}\">{}</failure>",
                        xml(check.title()),
                        check.severity(),
                        xml(&text)
                    );
                } else {
                    let _ = write!(
                        out,
                        "<system-out>{}: {}\n{}</system-out>",
                        check.severity(),
                        xml(check.title()),
                        xml(&text)
                    );
                }
            }
            out.push_str("</testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Escapes text for a Markdown table cell: Markdown's punctuation is backslash-escaped, `<`
/// becomes an entity, and a line break a space.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Markdown: a section per URL with a table of findings and the commands that show them.
pub fn markdown(reports: &[Report]) -> String {
    let mut out = String::from("# conneg check\n");
    for report in reports {
        let _ = writeln!(out, "\n## {}\n", cell(&report.url));
        if let Some(error) = &report.error {
            let _ = writeln!(out, "**Could not check:** {}", cell(error));
            continue;
        }
        let _ = writeln!(
            out,
            "{} ({} requests, {} checks).\n",
            counts(report),
            report.requests,
            report.ran.len()
        );
        if report.findings.is_empty() {
            out.push_str("No findings.\n");
            continue;
        }
        out.push_str("| Severity | Check | Finding | Reference |\n|---|---|---|---|\n");
        for finding in &report.findings {
            let _ = writeln!(
                out,
                "| {} | `{}` | {}: {} | {} |",
                finding.check.severity(),
                finding.check.id(),
                cell(finding.check.title()),
                cell(&finding.detail),
                finding.check.reference()
            );
        }
        out.push_str("\n### How to reproduce\n");
        for finding in &report.findings {
            if let Some(request) = &finding.request {
                let _ = write!(out, "\n`{}`\n\n```sh\n{request}\n```\n", finding.check.id());
                if let Some(response) = &finding.response {
                    let _ = writeln!(out, "\n> {}", cell(response));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::time::Duration;

    fn sample() -> Report {
        Report {
            url: "http://h/<x>".into(),
            checked: Some("http://h/<x>".into()),
            error: None,
            findings: vec![Finding {
                check: Check::VaryMissing,
                detail: "Accept changes | the response".into(),
                request: Some("curl 'http://h/<x>'".into()),
                response: Some("200 OK".into()),
            }],
            ran: [Check::VaryMissing, Check::EtagShared]
                .into_iter()
                .collect::<BTreeSet<_>>(),
            requests: 3,
            budget_spent: false,
            elapsed: Duration::from_millis(12),
        }
    }

    #[test]
    fn checks_md_lists_every_check() {
        let doc = include_str!("../../../../CHECKS.md");
        assert!(
            doc.contains(&list_markdown()),
            "CHECKS.md: paste `conneg check --list --format markdown`"
        );
        assert_eq!(list_json().as_array().unwrap().len(), Check::ALL.len());
    }

    #[test]
    fn every_format_carries_the_finding_escaped() {
        let reports = [sample()];
        let text = text(&reports, false);
        assert!(
            text.contains("error vary-missing: A header changes the response"),
            "{text}"
        );
        assert!(text.contains("$ curl 'http://h/<x>'"), "{text}");
        let json = json(&reports);
        assert_eq!(json[0]["findings"][0]["check"], "vary-missing");
        assert_eq!(json[0]["findings"][0]["severity"], "error");
        assert_eq!(json[0]["counts"]["error"], 1);
        let junit = junit(&reports);
        assert!(
            junit.contains("<testsuite name=\"http://h/&lt;x&gt;\""),
            "{junit}"
        );
        assert!(junit.contains("failures=\"1\""), "{junit}");
        assert!(
            junit.contains(
                "<testcase classname=\"http://h/&lt;x&gt;\" name=\"etag-shared\"></testcase>"
            ),
            "{junit}"
        );
        assert!(junit.contains("name=\"no-accept-406\"><skipped"), "{junit}");
        let md = markdown(&reports);
        assert!(md.contains("| error | `vary-missing` |"), "{md}");
        assert!(md.contains("Accept changes \\| the response"), "{md}");
        assert_eq!(cell("*/*;q=0 | `x` <b>"), "\\*/\\*;q=0 \\| \\`x\\` &lt;b>");
    }
}
