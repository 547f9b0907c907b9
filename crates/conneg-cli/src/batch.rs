//! `conneg negotiate --jsonl`: one case per input line, one result per output line.
//!
//! Input: `{"id":"c1","headers":{"accept":"text/html;q=0.5, */*"},"variants":[{"type":"text/html"}],"policy":"strict"}`
//! (headers by lower-case name, a value or an array of field lines; variant keys `type`,
//! `language`, `charset`, `encoding`, `qs`, `datetime` (RFC 3339), `im`, `url`, all optional;
//! policy `strict` (default), `fallback` or a policy object).
//!
//! Output: `{"id":"c1","status":200,"chosen":0,"q":0.5,"ranking":[0],"vary":["accept"]}`;
//! `chosen` and `q` are null unless a variant is served; status 406 when none is acceptable,
//! 400 for a malformed `Accept-Datetime`, 431 for a header over the limits. A line that is not
//! a valid case gets `{"id":...,"error":"..."}` and the batch goes on.

use std::io::{self, BufRead, Write};

use conneg::{Decision, Quality, negotiate};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::case::{self, Headers, PolicySpec, VariantSpec};

/// One input line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[serde(default)]
    id: Value,
    #[serde(default)]
    headers: Headers,
    variants: Vec<VariantSpec>,
    #[serde(default)]
    policy: PolicySpec,
}

/// A weight as a JSON number: `1`, `0`, `0.9`, `0.001`.
pub fn quality_json(q: Quality) -> Value {
    match q.thousandths() {
        0 => json!(0),
        1000 => json!(1),
        t => json!(f64::from(t) / 1000.0),
    }
}

/// The result object of a decision, without its `id`.
pub fn decision_json(decision: &Decision<'_, '_>) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    out.insert("status".into(), json!(decision.status()));
    out.insert("chosen".into(), json!(decision.chosen()));
    out.insert(
        "q".into(),
        decision.quality().map_or(Value::Null, quality_json),
    );
    out.insert(
        "ranking".into(),
        json!(decision.ranking().collect::<Vec<_>>()),
    );
    out.insert("vary".into(), vary_json(decision.vary()));
    out
}

fn vary_json(vary: conneg::Vary) -> Value {
    json!(vary.iter().map(conneg::Field::as_str).collect::<Vec<_>>())
}

/// The output line for one input line (without the newline).
pub fn answer(line: &str) -> String {
    let case: Case = match serde_json::from_str(line) {
        Ok(case) => case,
        Err(e) => {
            // Echo the id when the line is at least a JSON object with one.
            let id = serde_json::from_str::<Value>(line)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(Value::Null);
            return json!({"id": id, "error": format!("invalid case: {e}")}).to_string();
        }
    };
    let error = |message: String| json!({"id": case.id, "error": message}).to_string();
    let policy = match case.policy.to_policy() {
        Ok(p) => p,
        Err(e) => return error(e.to_string()),
    };
    let variants = match case::variants(&case.variants) {
        Ok(v) => v,
        Err(e) => return error(e.to_string()),
    };
    let lines = case::negotiation_lines(&case.headers);
    let mut out = serde_json::Map::new();
    out.insert("id".into(), case.id.clone());
    match case::request(&lines) {
        Ok(request) => out.extend(decision_json(&negotiate(&request, &variants, &policy))),
        Err(e) => {
            let status = if e.is_over_limit() { 431 } else { 400 };
            out.insert("status".into(), json!(status));
            out.insert("chosen".into(), Value::Null);
            out.insert("q".into(), Value::Null);
            out.insert("ranking".into(), json!([]));
            out.insert("vary".into(), vary_json(conneg::vary(&variants, &policy)));
            out.insert("error".into(), json!(e.to_string()));
        }
    }
    Value::Object(out).to_string()
}

/// Reads cases from `input` until its end, writing and flushing one result per case. Blank
/// lines are skipped. Only an I/O error stops the batch.
pub fn run(input: impl BufRead, mut output: impl Write) -> io::Result<()> {
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        writeln!(output, "{}", answer(&line))?;
        output.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_example() {
        let out = answer(
            r#"{"id":"c1","headers":{"accept":"text/html;q=0.5, */*"},"variants":[{"type":"text/html"},{"type":"application/json","language":"en","charset":"utf-8","encoding":"gzip","qs":0.9}],"policy":"strict"}"#,
        );
        assert_eq!(
            out,
            r#"{"id":"c1","status":200,"chosen":1,"q":0.9,"ranking":[1,0],"vary":["accept","accept-charset","accept-encoding","accept-language"]}"#
        );
    }

    #[test]
    fn bad_lines_get_an_error_and_keep_their_id() {
        let out = answer(r#"{"id":7,"variants":[{"type":"text"}]}"#);
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["id"], 7);
        assert!(v["error"].as_str().unwrap().starts_with("variant 0: type:"));
        let v: Value = serde_json::from_str(&answer("not json")).unwrap();
        assert_eq!(v["id"], Value::Null);
        assert!(v["error"].as_str().unwrap().starts_with("invalid case:"));
        let v: Value =
            serde_json::from_str(&answer(r#"{"id":"x","variants":[],"colour":1}"#)).unwrap();
        assert_eq!(v["id"], "x");
        assert!(
            v["error"]
                .as_str()
                .unwrap()
                .contains("unknown field `colour`")
        );
    }

    #[test]
    fn malformed_datetime_is_400_and_long_headers_431() {
        let v: Value = serde_json::from_str(&answer(
            r#"{"id":1,"headers":{"accept-datetime":"yesterday"},"variants":[{}]}"#,
        ))
        .unwrap();
        assert_eq!(v["status"], 400);
        assert_eq!(v["chosen"], Value::Null);
        let long = "a/b,".repeat(3000);
        let line = format!(r#"{{"id":2,"headers":{{"accept":"{long}"}},"variants":[{{}}]}}"#);
        let v: Value = serde_json::from_str(&answer(&line)).unwrap();
        assert_eq!(v["status"], 431);
    }

    #[test]
    fn run_flushes_one_line_per_case_and_skips_blank_lines() {
        let input = "{\"id\":1,\"variants\":[{}]}\n\n{\"id\":2,\"variants\":[]}\n";
        let mut out = Vec::new();
        run(input.as_bytes(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "{\"id\":1,\"status\":200,\"chosen\":0,\"q\":1,\"ranking\":[0],\"vary\":[]}\n\
             {\"id\":2,\"status\":406,\"chosen\":null,\"q\":null,\"ranking\":[],\"vary\":[]}\n"
        );
    }
}
