//! `conneg negotiate --replay FILE`: what a variant set and policy do to recorded traffic.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::BufRead;

use conneg::{Policy, Variant, negotiate};
use serde::Deserialize;
use serde_json::json;

use crate::case::{self, Headers};

/// One recorded request: a client name, a context and its headers (the shape of
/// `shared/data/headers/requests.jsonl`; other keys are ignored).
#[derive(Debug, Deserialize)]
struct Recorded {
    #[serde(default)]
    client: String,
    #[serde(default)]
    context: String,
    #[serde(default)]
    headers: Headers,
}

/// How requests are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// The client's family: its name up to the first `/` or space (`chrome`, `curl`).
    Client,
    /// The request's context (`navigation`, `api`, `image`).
    Context,
}

/// The outcomes of a group of requests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Requests.
    pub requests: usize,
    /// Requests served each variant as asked, by index.
    pub served: Vec<usize>,
    /// Requests served a variant by fallback.
    pub fallback: usize,
    /// Requests answered 406.
    pub not_acceptable: usize,
    /// Requests answered 400 or 431 (a malformed `Accept-Datetime`, a header over the limits).
    pub bad_request: usize,
}

impl Tally {
    fn new(variants: usize) -> Tally {
        Tally {
            served: vec![0; variants],
            ..Tally::default()
        }
    }

    fn to_json(&self) -> serde_json::Value {
        json!({
            "requests": self.requests,
            "served": self.served,
            "fallback": self.fallback,
            "not_acceptable": self.not_acceptable,
            "bad_request": self.bad_request,
        })
    }
}

/// The tallies of a replay: overall and per group, and the lines that were not requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replay {
    /// All requests.
    pub total: Tally,
    /// Per group, sorted by name.
    pub groups: BTreeMap<String, Tally>,
    /// Lines that could not be read, with their line numbers (1-based) and the reason.
    pub skipped: Vec<(usize, String)>,
}

/// Negotiates every request of `input` (JSON lines) against `variants` under `policy`.
pub fn replay(
    input: impl BufRead,
    variants: &[Variant<'_>],
    policy: &Policy,
    by: GroupBy,
) -> std::io::Result<Replay> {
    let mut total = Tally::new(variants.len());
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    let mut skipped = Vec::new();
    for (n, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let recorded: Recorded = match serde_json::from_str(&line) {
            Ok(r) => r,
            Err(e) => {
                skipped.push((n + 1, e.to_string()));
                continue;
            }
        };
        let group = match by {
            GroupBy::Client => family(&recorded.client),
            GroupBy::Context => recorded.context.clone(),
        };
        let group = if group.is_empty() {
            "(unknown)".to_owned()
        } else {
            group
        };
        let lines = case::negotiation_lines(&recorded.headers);
        let outcome = case::request(&lines).map(|request| {
            let d = negotiate(&request, variants, policy);
            (d.chosen(), !d.fallback().is_empty())
        });
        let tally = groups
            .entry(group)
            .or_insert_with(|| Tally::new(variants.len()));
        for t in [&mut total, tally] {
            t.requests += 1;
            match outcome {
                Err(_) => t.bad_request += 1,
                Ok((None, _)) => t.not_acceptable += 1,
                Ok((Some(_), true)) => t.fallback += 1,
                Ok((Some(i), false)) => t.served[i] += 1,
            }
        }
    }
    Ok(Replay {
        total,
        groups,
        skipped,
    })
}

/// A client's family: `chrome` for `chrome/147 android mobile`.
fn family(client: &str) -> String {
    client
        .split(['/', ' '])
        .next()
        .unwrap_or_default()
        .to_owned()
}

impl Replay {
    /// A table: one row per group, then the total.
    pub fn to_text(&self, variants: &[Variant<'_>]) -> String {
        let mut out = String::new();
        for (i, v) in variants.iter().enumerate() {
            let _ = writeln!(out, "#{i} = {v}");
        }
        let width = self
            .groups
            .keys()
            .map(String::len)
            .chain([5])
            .max()
            .unwrap_or(5);
        let _ = write!(out, "{:width$}  {:>8}", "group", "requests");
        for i in 0..variants.len() {
            let _ = write!(out, "  {:>6}", format!("#{i}"));
        }
        let _ = writeln!(out, "  {:>8}  {:>6}  {:>7}", "fallback", "406", "400/431");
        let row = |out: &mut String, name: &str, t: &Tally| {
            let _ = write!(out, "{name:width$}  {:>8}", t.requests);
            for n in &t.served {
                let _ = write!(out, "  {n:>6}");
            }
            let _ = writeln!(
                out,
                "  {:>8}  {:>6}  {:>7}",
                t.fallback, t.not_acceptable, t.bad_request
            );
        };
        for (name, t) in &self.groups {
            row(&mut out, name, t);
        }
        row(&mut out, "total", &self.total);
        for (line, reason) in &self.skipped {
            let _ = writeln!(out, "skipped line {line}: {reason}");
        }
        out
    }

    /// The tallies as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        let groups: serde_json::Map<String, serde_json::Value> = self
            .groups
            .iter()
            .map(|(k, t)| (k.clone(), t.to_json()))
            .collect();
        json!({
            "total": self.total.to_json(),
            "groups": groups,
            "skipped": self.skipped.iter().map(|(line, reason)| json!({"line": line, "error": reason})).collect::<Vec<_>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use conneg::MediaType;

    #[test]
    fn tallies_per_family() {
        let input = r#"{"client":"chrome/147 windows","context":"navigation","headers":{"accept":"text/html,*/*;q=0.8"}}
{"client":"curl/8","context":"api","headers":{"accept":"*/*"}}
{"client":"chrome/146","context":"image","headers":{"accept":"image/avif,image/*"}}
{"client":"odd","headers":{"accept-datetime":"soon"}}
not json
"#;
        let variants = [
            Variant::new().media_type(MediaType::TEXT_HTML),
            Variant::new().media_type(MediaType::APPLICATION_JSON),
        ];
        let r = replay(
            input.as_bytes(),
            &variants,
            &Policy::STRICT,
            GroupBy::Client,
        )
        .unwrap();
        assert_eq!(r.total.requests, 4);
        assert_eq!(r.total.served, [2, 0]);
        assert_eq!(r.total.not_acceptable, 1);
        assert_eq!(r.total.bad_request, 1);
        assert_eq!(r.groups["chrome"].requests, 2);
        assert_eq!(r.groups["chrome"].not_acceptable, 1);
        assert_eq!(r.skipped.len(), 1);
        assert_eq!(r.skipped[0].0, 5);
        let r = replay(
            input.as_bytes(),
            &variants,
            &Policy::FALLBACK,
            GroupBy::Context,
        )
        .unwrap();
        assert_eq!(r.total.fallback, 1);
        assert_eq!(r.groups["image"].fallback, 1);
        assert_eq!(r.groups["(unknown)"].bad_request, 1);
    }
}
