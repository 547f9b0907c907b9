//! A slow, obviously correct reference implementation of the parsing and matching rules of
//! NEGOTIATION.md, written from the rules without looking at the fast path's code: owned
//! strings, lower-casing, vectors, one rule per line. The property tests check that the fast
//! path agrees with it.

/// One parsed member: its head (range or name), its parameters before the weight (names
/// lower-cased, values unquoted), its weight in thousandths and its index among valid members.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Member {
    pub(crate) head: String,
    pub(crate) params: Vec<(String, String)>,
    pub(crate) q: u16,
    pub(crate) position: usize,
}

/// Splits on `sep` outside quoted-strings; a quoted-string starts at a `"` right after `=`.
fn split_outside_quotes(s: &str, sep: char) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut in_quotes = false;
    let mut escaped = false;
    let mut previous = None;
    for c in s.chars() {
        if in_quotes {
            pieces.last_mut().unwrap().push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_quotes = false;
            }
        } else if c == sep {
            pieces.push(String::new());
        } else {
            if c == '"' && previous == Some('=') {
                in_quotes = true;
            }
            pieces.last_mut().unwrap().push(c);
        }
        previous = Some(c);
    }
    pieces
}

fn trim(s: &str) -> &str {
    s.trim_matches(|c| c == ' ' || c == '\t')
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_tchar)
}

/// The value a parameter stands for, or None when it is neither a token nor a well-formed
/// quoted-string.
fn unquote(v: &str) -> Option<String> {
    if is_token(v) {
        return Some(v.to_string());
    }
    let inner = v.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next()?;
                if next.is_ascii_control() && next != '\t' {
                    return None;
                }
                out.push(next);
            }
            '"' => return None,
            c if c.is_ascii_control() && c != '\t' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// `q` values as NEGOTIATION.md reads them: Some(thousandths), or None when invalid.
pub(crate) fn weight(v: &str) -> Option<u16> {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if !int.trim_start_matches('0').is_empty() {
        return Some(1000);
    }
    let first3: String = frac.chars().chain("000".chars()).take(3).collect();
    let n: u16 = first3.parse().unwrap();
    if n == 0 && frac.chars().skip(3).any(|c| c != '0') {
        return Some(1);
    }
    Some(n)
}

/// Parses a list header in which members have the shape `head *( ";" param )`; `media` says
/// whether parameters before the weight are allowed (Accept) or not (the other headers).
/// `valid_head` checks the head.
pub(crate) fn parse(lines: &[&str], media: bool, valid_head: impl Fn(&str) -> bool) -> Vec<Member> {
    let mut members = Vec::new();
    for line in lines {
        for raw in split_outside_quotes(line, ',') {
            let raw = trim(&raw);
            if raw.is_empty() {
                continue;
            }
            let pieces = split_outside_quotes(raw, ';');
            let head = trim(&pieces[0]).to_string();
            let mut valid = valid_head(&head);
            let mut params = Vec::new();
            let mut q = 1000;
            for piece in &pieces[1..] {
                let piece = trim(piece);
                if piece.is_empty() {
                    continue;
                }
                if piece.len() >= 2 && piece[..2].eq_ignore_ascii_case("q=") {
                    let v = &piece[2..];
                    if !v.is_empty() {
                        match weight(v) {
                            Some(w) => q = w,
                            None => valid = false,
                        }
                    }
                    break; // the rest is accept-ext
                }
                let Some((name, value)) = piece.split_once('=') else {
                    valid = false;
                    break;
                };
                match (is_token(name), unquote(value)) {
                    (true, Some(value)) if media => params.push((name.to_ascii_lowercase(), value)),
                    _ => {
                        valid = false;
                        break;
                    }
                }
            }
            if valid {
                let position = members.len();
                members.push(Member {
                    head,
                    params,
                    q,
                    position,
                });
            }
        }
    }
    members
}

/// Picks the member that decides for an offer: the greatest (specificity, q), the first of
/// equals. `spec` gives a member's specificity for the offer, or None.
pub(crate) fn decide<S: Ord + Copy>(
    members: &[Member],
    spec: impl Fn(&Member) -> Option<S>,
) -> Option<(u16, S, usize)> {
    let mut candidates: Vec<(S, u16, usize)> = members
        .iter()
        .filter_map(|m| spec(m).map(|s| (s, m.q, m.position)))
        .collect();
    // Greatest (specificity, q); among equals the smallest position.
    candidates.sort_by(|a, b| (b.0, b.1).cmp(&(a.0, a.1)).then(a.2.cmp(&b.2)));
    candidates.first().map(|&(s, q, p)| (q, s, p))
}

/// Ranks offers: (q desc, specificity desc, position asc, index asc), q > 0 only.
pub(crate) fn best<S: Ord + Copy>(decisions: &[Option<(u16, S, usize)>]) -> Option<usize> {
    let mut ranked: Vec<(usize, (u16, S, usize))> = decisions
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.filter(|d| d.0 > 0).map(|d| (i, d)))
        .collect();
    ranked.sort_by(|(i, a), (j, b)| {
        (b.0, b.1)
            .cmp(&(a.0, a.1))
            .then(a.2.cmp(&b.2))
            .then(i.cmp(j))
    });
    ranked.first().map(|&(i, _)| i)
}

// ---- Accept ----

pub(crate) fn media_head_valid(head: &str) -> bool {
    let Some((t, s)) = head.split_once('/') else {
        return false;
    };
    is_token(t) && is_token(s) && (t != "*" || s == "*")
}

/// (level 0..=2, parameters) as the fast path's `MediaSpecificity` orders.
pub(crate) fn media_spec(
    range: &Member,
    offer_type: &str,
    offer_params: &[(String, String)],
) -> Option<(u8, u16)> {
    let (rt, rs) = range.head.split_once('/').unwrap();
    let (ot, os) = offer_type.split_once('/').unwrap();
    let level = if rt == "*" {
        0
    } else if !rt.eq_ignore_ascii_case(ot) {
        return None;
    } else if rs == "*" {
        1
    } else if rs.eq_ignore_ascii_case(os) {
        2
    } else {
        return None;
    };
    // Last value of each name wins, on both sides.
    let last = |params: &[(String, String)], name: &str| {
        params
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut names: Vec<String> = range
        .params
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    names.sort();
    names.dedup();
    for name in &names {
        let theirs = last(offer_params, name)?;
        let ours = last(&range.params, name).unwrap();
        let equal = if name == "charset" {
            ours.eq_ignore_ascii_case(&theirs)
        } else {
            ours == theirs
        };
        if !equal {
            return None;
        }
    }
    Some((level, names.len() as u16))
}

// ---- Accept-Language ----

fn subtags(s: &str) -> Vec<String> {
    s.replace('_', "-")
        .to_ascii_lowercase()
        .split('-')
        .map(str::to_string)
        .collect()
}

pub(crate) fn language_valid(head: &str) -> bool {
    if head == "*" {
        return true;
    }
    let tags = subtags(head);
    tags.iter().enumerate().all(|(i, t)| {
        (1..=8).contains(&t.len())
            && t.chars().all(|c| {
                if i == 0 {
                    c.is_ascii_alphabetic()
                } else {
                    c.is_ascii_alphanumeric()
                }
            })
    })
}

/// 0 = `*`, 1 = truncated, 2 + n = filtered by n subtags.
pub(crate) fn language_spec(range: &Member, tag: &str) -> Option<u16> {
    if range.head == "*" {
        return Some(0);
    }
    let r = subtags(&range.head);
    let t = subtags(tag);
    if r.len() <= t.len() && t[..r.len()] == r[..] {
        Some(2 + r.len() as u16)
    } else if range.q > 0 && t.len() < r.len() && r[..t.len()] == t[..] {
        Some(1)
    } else {
        None
    }
}

// ---- Accept-Encoding, Accept-Charset ----

pub(crate) fn canonical_coding(s: &str) -> String {
    match s.to_ascii_lowercase().as_str() {
        "x-gzip" => "gzip".into(),
        "x-compress" => "compress".into(),
        other => other.into(),
    }
}

/// 1 = `*`, 2 = named; implicit identity (0) is decided by the caller.
pub(crate) fn token_spec(
    member: &Member,
    name: &str,
    canonical: impl Fn(&str) -> String,
) -> Option<u8> {
    if member.head == "*" {
        Some(1)
    } else if canonical(&member.head) == canonical(name) {
        Some(2)
    } else {
        None
    }
}

pub(crate) fn parse_offer_params(offer: &str) -> (String, Vec<(String, String)>) {
    let pieces = split_outside_quotes(offer, ';');
    let ty = trim(&pieces[0]).to_string();
    let params = pieces[1..]
        .iter()
        .map(|p| trim(p))
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap();
            (n.to_ascii_lowercase(), unquote(v).unwrap())
        })
        .collect();
    (ty, params)
}

#[test]
fn the_reference_reads_weights_as_the_rule_book_says() {
    assert_eq!(weight(".5"), Some(500));
    assert_eq!(weight("0.0001"), Some(1));
    assert_eq!(weight("2"), Some(1000));
    assert_eq!(weight("1e3"), None);
    assert_eq!(weight(""), None);
}

#[test]
fn the_reference_parses_members() {
    let members = parse(
        &["text/html;level=1;q=0.5;x, bogus, */*"],
        true,
        media_head_valid,
    );
    assert_eq!(members.len(), 2);
    assert_eq!(members[0].params, [("level".to_string(), "1".to_string())]);
    assert_eq!((members[0].q, members[1].position), (500, 1));
}
