//! Apache type maps (`.var` files, `mod_negotiation`), read as Apache reads them, so that a site
//! can move over unchanged:
//!
//! ```text
//! URI: news
//!
//! URI: news.en.html
//! Content-Type: text/html; qs=0.9
//! Content-Language: en
//!
//! URI: news.de.html.gz
//! Content-Type: text/html; charset=iso-8859-1
//! Content-Language: de, de-CH
//! Content-Encoding: gzip
//! ```
//!
//! Records are separated by blank lines; lines that start with `#` are comments; header names
//! are case-insensitive; a line that starts with a space or tab continues the one before. A
//! record without `Content-Type` (the map's own `URI`, by custom the first) is not a variant.
//! `qs` in `Content-Type` is the source quality; a record listing several languages is a
//! variant in each. `Content-Length` and `Description` are read and ignored; any other
//! header makes the record skipped with a warning.
//!
//! `Body:` gives the variant's content in the map itself: its value is a delimiter, and what
//! follows, byte for byte, up to where the delimiter first appears, is the body (the rest of
//! that line is dropped, as Apache does). Such a record needs no `URI`. `(comments)` in
//! header values are dropped, as Apache drops them.
//!
//! ```text
//! Content-Type: text/plain
//! Content-Language: en
//! Body:----xyz----
//! Hello.
//! ----xyz----
//! ```

use conneg::{Charset, Coding, LanguageTag, MediaType, Quality};

/// One variant of a type map, as its record says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The file, relative to the map's directory; empty for a record with a body.
    pub uri: String,
    /// The content given in the map (`Body:`), instead of a file, byte for byte.
    pub body: Option<Vec<u8>>,
    /// The media type with its parameters, `qs` and `charset` taken out (`text/html`).
    pub media_type: String,
    /// The `charset` parameter, when there is one.
    pub charset: Option<String>,
    /// The source quality (`qs`), 1 when absent.
    pub qs: Quality,
    /// The languages; empty when none is given.
    pub languages: Vec<String>,
    /// The content coding.
    pub coding: Option<String>,
}

/// A record skipped, and why: the line of the problem and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The line, from 1.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// The variants of a type map, and the records left out. The map is read as bytes: header
/// lines as UTF-8 (lossily), bodies byte for byte.
pub fn parse(map: &[u8]) -> (Vec<Record>, Vec<Skipped>) {
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    let mut fields: Vec<(usize, String)> = Vec::new();
    let mut body: Option<Vec<u8>> = None;
    let flush = |fields: &mut Vec<(usize, String)>,
                 body: &mut Option<Vec<u8>>,
                 records: &mut Vec<Record>,
                 skipped: &mut Vec<Skipped>| {
        if let Some(&(line, _)) = fields.first() {
            match record(fields, body.take()) {
                Ok(Some(r)) => records.push(r),
                Ok(None) => {}
                Err((at, reason)) => skipped.push(Skipped {
                    line: at.unwrap_or(line),
                    reason,
                }),
            }
        }
        fields.clear();
        *body = None;
    };
    // Lines with their line ends (`\n` or `\r\n`), as bodies need them.
    let lines: Vec<&[u8]> = map.split_inclusive(|&b| b == b'\n').collect();
    let mut n = 0;
    while n < lines.len() {
        let raw = lines[n];
        n += 1;
        let text = String::from_utf8_lossy(raw);
        let line = text.trim_end_matches(['\r', '\n']);
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut fields, &mut body, &mut records, &mut skipped);
        } else if line.starts_with([' ', '\t']) {
            match fields.last_mut() {
                Some((_, last)) => {
                    last.push(' ');
                    last.push_str(line.trim());
                }
                None => fields.push((n, line.trim().to_owned())),
            }
        } else if let Some(delimiter) = body_delimiter(line) {
            // As Apache reads it: the body runs to the first place the delimiter appears,
            // blank lines included; the rest of that line is dropped.
            let start = n;
            let mut content = Vec::new();
            let mut closed = false;
            while n < lines.len() {
                let raw = lines[n];
                n += 1;
                if let Some(at) = find(raw, delimiter.as_bytes()) {
                    content.extend_from_slice(&raw[..at]);
                    closed = true;
                    break;
                }
                content.extend_from_slice(raw);
            }
            if !closed {
                fields.clear();
                skipped.push(Skipped {
                    line: start,
                    reason: format!("Body: the delimiter {delimiter:?} never comes back"),
                });
                break;
            }
            body = Some(content);
            fields.push((start, "body:".to_owned()));
        } else {
            fields.push((n, line.trim_end().to_owned()));
        }
    }
    flush(&mut fields, &mut body, &mut records, &mut skipped);
    (records, skipped)
}

/// Where `needle` first appears in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A header value without its `(comments)`, as Apache reads type maps
/// (`Content-Language: en (English)` is `en`).
fn strip_comments(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut depth = 0_usize;
    for c in value.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// The delimiter of a `Body:` line (`None` for any other line, or an empty delimiter).
fn body_delimiter(line: &str) -> Option<String> {
    let (name, value) = line.split_once(':')?;
    let value = value.trim();
    (name.trim().eq_ignore_ascii_case("body") && !value.is_empty()).then(|| value.to_owned())
}

/// What is wrong with a record: the line (`None`: the record as a whole) and why.
type Problem = (Option<usize>, String);

/// One record: `Ok(None)` when it is not a variant (no `Content-Type`).
fn record(fields: &[(usize, String)], body: Option<Vec<u8>>) -> Result<Option<Record>, Problem> {
    let mut type_line = 0;
    let mut uri = None;
    let mut content_type = None;
    let mut languages = Vec::new();
    let mut coding = None;
    for (line, field) in fields {
        let Some((name, value)) = field.split_once(':') else {
            return Err((Some(*line), "expected 'Name: value'".to_owned()));
        };
        let value = strip_comments(value);
        let value = value.as_str();
        match name.trim().to_ascii_lowercase().as_str() {
            "uri" => uri = Some(value.to_owned()),
            "content-type" => {
                content_type = Some(value.to_owned());
                type_line = *line;
            }
            "content-language" => {
                for tag in value.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                    LanguageTag::parse(tag).map_err(|e| (Some(*line), e.to_string()))?;
                    languages.push(tag.to_owned());
                }
            }
            "content-encoding" => {
                Coding::parse(value).map_err(|e| (Some(*line), e.to_string()))?;
                coding = Some(value.to_owned());
            }
            "content-length" | "description" => {}
            "body" if body.is_some() => {}
            "body" => return Err((Some(*line), "Body: without a delimiter".to_owned())),
            other => return Err((Some(*line), format!("unknown header {other:?}"))),
        }
    }
    let uri = match (uri, &body) {
        (Some(uri), _) => uri,
        (None, Some(_)) => String::new(),
        (None, None) => return Err((None, "a record without URI".to_owned())),
    };
    let Some(content_type) = content_type else {
        if body.is_some() {
            return Err((None, "a Body: without Content-Type".to_owned()));
        }
        return Ok(None);
    };
    let (media_type, charset, qs) = split_type(&content_type).map_err(|e| (Some(type_line), e))?;
    Ok(Some(Record {
        uri,
        body,
        media_type,
        charset,
        qs,
        languages,
        coding,
    }))
}

/// The type without `qs` and `charset`, the charset, and `qs`.
fn split_type(value: &str) -> Result<(String, Option<String>, Quality), String> {
    let mut pieces = value.split(';');
    let base = pieces.next().unwrap_or_default().trim();
    let mut kept = base.to_owned();
    let mut charset = None;
    let mut qs = Quality::ONE;
    for piece in pieces.map(str::trim).filter(|p| !p.is_empty()) {
        let (name, v) = piece
            .split_once('=')
            .ok_or_else(|| format!("{value:?}: a parameter without '='"))?;
        let v = v.trim().trim_matches('"');
        match name.trim().to_ascii_lowercase().as_str() {
            "qs" => qs = v.parse().map_err(|e| format!("{value:?}: qs: {e}"))?,
            "charset" => {
                Charset::parse(v).map_err(|e| format!("{value:?}: {e}"))?;
                charset = Some(v.to_owned());
            }
            _ => {
                kept.push(';');
                kept.push_str(piece);
            }
        }
    }
    MediaType::parse(&kept).map_err(|e| format!("{value:?}: {e}"))?;
    Ok((kept, charset, qs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apache_s_example_reads_as_apache_reads_it() {
        let map = "URI: foo\n\nURI: foo.en.html\nContent-type: text/html\nContent-language: en\n\n\
                   URI: foo.fr.de.html\nContent-type: text/html;charset=iso-8859-2\n\
                   Content-language: fr, de\n";
        let (records, skipped) = parse(map.as_bytes());
        assert_eq!(skipped, []);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].uri, "foo.en.html");
        assert_eq!(records[0].media_type, "text/html");
        assert_eq!(records[0].languages, ["en"]);
        assert_eq!(records[1].charset.as_deref(), Some("iso-8859-2"));
        assert_eq!(records[1].languages, ["fr", "de"]);
    }

    #[test]
    fn bodies_are_bytes_and_end_where_the_delimiter_appears() {
        let map =
            b"Content-Type: text/plain; charset=iso-8859-1\r\nContent-Language: fr (French)\r\n\
                    Body:--x--\r\nd\xe9j\xe0 vu\r\nfin--x-- ignored\r\n\r\n\
                    URI: b.html\nContent-Type: text/html\n";
        let (records, skipped) = parse(map);
        assert_eq!(skipped, []);
        assert_eq!(
            records[0].body.as_deref(),
            Some(&b"d\xe9j\xe0 vu\r\nfin"[..])
        );
        assert_eq!(records[0].languages, ["fr"]);
        assert_eq!(records[1].uri, "b.html");
        let (_, skipped) = parse(b"Content-Language: en\nBody:--x--\nno type\n--x--\n");
        assert!(
            skipped[0].reason.contains("without Content-Type"),
            "{skipped:?}"
        );
    }

    #[test]
    fn qs_continuations_and_codings() {
        let map = "URI: a.html.gz\r\nContent-Type: text/html;\r\n  level=2; qs=0.4\r\n\
                   Content-Encoding: gzip\r\nDescription: the old page\r\n";
        let (records, skipped) = parse(map.as_bytes());
        assert_eq!(skipped, []);
        let r = &records[0];
        assert_eq!(r.media_type, "text/html;level=2");
        assert_eq!(r.qs.to_string(), "0.4");
        assert_eq!(r.coding.as_deref(), Some("gzip"));
    }

    #[test]
    fn bad_records_are_skipped_with_their_line() {
        let map = "URI: a.html\nContent-Type: text\n\nURI: b.html\nContent-Type: text/html\n\
                   Body:\n\nContent-Type: text/html\n\nURI: c.html\nX-Thing: 1\n\n\
                   URI: d.html\nContent-Type: text/html; qs=high\n\nURI: e.html\nContent-Type: text/html\n";
        let (records, skipped) = parse(map.as_bytes());
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].uri, "e.html");
        let lines: Vec<usize> = skipped.iter().map(|s| s.line).collect();
        assert_eq!(lines, [2, 6, 8, 11, 14]);
        assert!(
            skipped[1].reason.contains("Body: without a delimiter"),
            "{skipped:?}"
        );
        assert!(skipped[3].reason.contains("unknown header \"x-thing\""));
    }

    #[test]
    fn bodies_in_the_map_and_comments() {
        let map = "# the map of /hello\nURI: hello\n\n\
                   Content-Type: text/plain\nContent-Language: en\nBody:----xyz----\n\
                   Hello.\n\nURI: not a field\n----xyz----\n\n\
                   URI: hello.de.txt\nContent-Type: text/plain\nContent-Language: de\n\n\
                   Content-Type: text/plain\nBody:--end--\nnever closed\n";
        let (records, skipped) = parse(map.as_bytes());
        assert_eq!(records.len(), 2, "{skipped:?}");
        assert_eq!(records[0].uri, "");
        assert_eq!(
            records[0].body.as_deref(),
            Some(&b"Hello.\n\nURI: not a field\n"[..])
        );
        assert_eq!(records[0].languages, ["en"]);
        assert_eq!(records[1].uri, "hello.de.txt");
        assert_eq!(records[1].body, None);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].line, 17);
        assert!(
            skipped[0].reason.contains("never comes back"),
            "{skipped:?}"
        );
    }
}
