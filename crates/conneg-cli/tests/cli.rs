//! The `conneg` binary, run as a user runs it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_conneg");

fn testdata(name: &str) -> String {
    let path = format!(
        "{}/../../testdata/negotiate/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[track_caller]
fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// A directory of this test process, removed when dropped (also when the test fails).
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("conneg-cli-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn join(&self, file: &str) -> std::path::PathBuf {
        self.0.join(file)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn conformance_corpus_through_the_library() {
    let cases = testdata("cases.jsonl");
    let expected = testdata("expected.jsonl");
    assert_eq!(cases.lines().count(), expected.lines().count());
    for (case, want) in cases.lines().zip(expected.lines()) {
        assert_eq!(conneg_cli::batch::answer(case), want, "case {case}");
    }
}

#[test]
fn conformance_corpus_through_the_binary() {
    let out = run(&["negotiate", "--jsonl"], &testdata("cases.jsonl"));
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = testdata("expected.jsonl");
    for (got, want) in stdout(&out).lines().zip(expected.lines()) {
        assert_eq!(got, want);
    }
    assert_eq!(stdout(&out).lines().count(), expected.lines().count());
}

#[test]
fn batch_answers_each_line_as_it_comes() {
    // The binary must answer a line before the next arrives (flush per line).
    let mut child = Command::new(BIN)
        .args(["negotiate", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    for id in 0..3 {
        writeln!(
            stdin,
            r#"{{"id":{id},"variants":[{{"type":"text/html"}}]}}"#
        )
        .unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["id"], id);
        assert_eq!(v["chosen"], 0);
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn a_bad_line_gets_an_error_line_and_the_batch_goes_on() {
    let input = "{\"id\":1,\"variants\":[{\"qs\":2}]}\n{broken\n{\"id\":3,\"variants\":[{}]}\n";
    let out = run(&["negotiate", "--jsonl"], input);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0]["error"],
        "variant 0: qs: 2 is not a number from 0 to 1"
    );
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .starts_with("invalid case:")
    );
    assert_eq!(lines[2]["status"], 200);
}

#[test]
fn human_output_explains_and_exits_by_outcome() {
    let out = run(
        &[
            "negotiate",
            "-H",
            "Accept: text/html;q=0.5, */*",
            "-H",
            "accept-language: de",
            "text/html,lang=de",
            "application/json,lang=en,qs=0.9",
        ],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("200: variant #0 (text/html; de), q=0.5\n"),
        "{text}"
    );
    assert!(
        text.contains("#1 application/json; en; qs=0.9: excluded by Accept-Language"),
        "{text}"
    );

    let out = run(&["negotiate", "-H", "Accept: image/png", "text/html"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("406: no variant is acceptable\nVary: Accept\n"));

    let out = run(
        &[
            "negotiate",
            "-H",
            "Accept: image/png",
            "--policy",
            "fallback",
            "text/html",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("by fallback, ignoring Accept"));
}

#[test]
fn json_output_carries_the_explanation() {
    let out = run(
        &[
            "negotiate",
            "-H",
            "Accept: application/*",
            "--format",
            "json",
            "text/html",
            "application/json",
        ],
        "",
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["chosen"], 1);
    assert_eq!(v["explicit"], false);
    assert_eq!(
        v["variants"][0]["refused_by"],
        serde_json::json!(["accept"])
    );
    assert_eq!(
        v["variants"][1]["dimensions"]["accept"]["member"],
        "application/*"
    );
}

#[test]
fn several_header_lines_form_one_list() {
    let out = run(
        &[
            "negotiate",
            "-H",
            "Accept: text/html;q=0.1",
            "-H",
            "Accept: application/json",
            "--format",
            "json",
            "text/html",
            "application/json",
        ],
        "",
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["ranking"], serde_json::json!([1, 0]));
}

#[test]
fn variants_from_a_file() {
    let dir = TempDir::new("variants");
    let file = dir.join("variants.json");
    std::fs::write(
        &file,
        r#"[{"type":"text/html","language":"en"},{"type":"text/html","language":"de"}]"#,
    )
    .unwrap();
    let out = run(
        &[
            "negotiate",
            "-H",
            "Accept-Language: de",
            "--variants-file",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
        "",
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["chosen"], 1);
    std::fs::write(&file, "[{\"type\":1}]").unwrap();
    let out = run(
        &["negotiate", "--variants-file", file.to_str().unwrap()],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a JSON array of variants"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_input_is_a_clear_error_with_status_2() {
    let cases: [(&[&str], &str); 5] = [
        (
            &["negotiate", "-H", "Accept text/html", "text/html"],
            "is not 'Name: value'",
        ),
        (
            &["negotiate", "text/*"],
            "variant 0: type: invalid media type",
        ),
        (
            &["negotiate", "text/html,colour=red"],
            "unknown key \"colour\"",
        ),
        (&["negotiate"], "no variants"),
        (
            &["negotiate", "--fallback-on", "cookie", "text/html"],
            "\"cookie\" is not a negotiation header",
        ),
    ];
    for (args, message) in cases {
        let out = run(args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).starts_with("conneg: "),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty());
    }
    // A request the server must refuse is an answer, not a usage error.
    let out = run(
        &["negotiate", "-H", "Accept-Datetime: soon", "text/html"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("400: invalid HTTP date"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn replay_counts_outcomes_per_family() {
    let dir = TempDir::new("replay");
    let file = dir.join("requests.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"client":"chrome/147","context":"navigation","headers":{"accept":"text/html,*/*;q=0.8"}}"#, "\n",
            r#"{"client":"curl/8.5","context":"api","headers":{"accept":"application/json"}}"#, "\n",
            r#"{"client":"curl/8.5","context":"api","headers":{"accept":"application/xml"}}"#, "\n",
        ),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let out = run(
        &[
            "negotiate",
            "--replay",
            path,
            "--format",
            "json",
            "text/html",
            "application/json",
        ],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["total"]["served"], serde_json::json!([1, 1]));
    assert_eq!(v["groups"]["curl"]["not_acceptable"], 1);
    let out = run(
        &[
            "negotiate",
            "--replay",
            path,
            "--policy",
            "fallback",
            "text/html",
            "application/json",
        ],
        "",
    );
    let text = stdout(&out);
    let total = text.lines().find(|l| l.starts_with("total")).unwrap();
    assert_eq!(
        total.split_whitespace().collect::<Vec<_>>(),
        ["total", "3", "1", "1", "1", "0", "0"]
    );
}

#[test]
fn help_has_examples() {
    let out = run(&["negotiate", "--help"], "");
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("Examples:") && text.contains("--jsonl") && text.contains("Exit status"));
}
