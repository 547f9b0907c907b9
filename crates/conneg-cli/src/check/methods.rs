//! HEAD agrees with GET, and the same request gets the same representation.

use super::catalogue::Check;
use super::client::{Exchange, Probe};
use super::context::Cx;
use super::discover::{BROWSER_ACCEPT, NO_SUCH_TYPE};

/// The checks of this module.
pub(super) const CHECKS: &[Check] = &[Check::HeadDiffers, Check::Nondeterministic];

/// The headers HEAD must give as GET does.
const SAME: [&str; 6] = [
    "content-type",
    "content-language",
    "content-encoding",
    "etag",
    "vary",
    "content-length",
];

/// HEAD of a browser request and of an unsatisfiable one; repeats of a browser request and
/// of a tie.
pub(super) async fn run(cx: &Cx) {
    let url = &cx.found.url;
    if cx.wants(Check::HeadDiffers) {
        cx.ran(Check::HeadDiffers);
        for accept in [BROWSER_ACCEPT, NO_SUCH_TYPE] {
            let get = Probe::get(url, &[("accept", accept)]);
            let (Some(first), Some(head)) = (
                cx.send(get.clone()).await,
                cx.send(get.clone().head()).await,
            ) else {
                continue;
            };
            let Some((name, difference)) = head_difference(&first, &head) else {
                continue;
            };
            // A value that changes from one GET to the next (a dynamic page's ETag or
            // length) cannot be expected to match on HEAD.
            if matches!(name, "etag" | "content-length") {
                let mut again = get.clone();
                again.repeat = 2;
                let Some(again) = cx.send(again).await else {
                    continue;
                };
                if again.header(name) != first.header(name)
                    || (name == "content-length" && again.body_len != first.body_len)
                {
                    continue;
                }
            }
            cx.report(Check::HeadDiffers, difference, &head);
        }
    }
    if cx.wants(Check::Nondeterministic) {
        cx.ran(Check::Nondeterministic);
        let mut requests = vec![Probe::get(url, &[("accept", BROWSER_ACCEPT)])];
        if let [a, b, ..] = &cx.found.types[..] {
            let tie = format!("{}, {}", a.value, b.value);
            requests.push(Probe::get(url, &[("accept", &tie)]));
        }
        for probe in requests {
            let mut again = probe.clone();
            again.repeat = 1;
            let (Some(first), Some(second)) = (cx.send(probe).await, cx.send(again).await) else {
                continue;
            };
            // Status and representation: an ETag may change with dynamic content.
            let same =
                first.status == second.status && first.representation() == second.representation();
            if !same {
                cx.report(
                    Check::Nondeterministic,
                    format!(
                        "the same request got {} {}, then {} {}",
                        first.status.as_u16(),
                        first.representation(),
                        second.status.as_u16(),
                        second.representation(),
                    ),
                    &second,
                );
            }
        }
    }
}

/// How a HEAD answer differs from the GET answer to the same request: the header (or
/// `status`) and a description.
fn head_difference(get: &Exchange, head: &Exchange) -> Option<(&'static str, String)> {
    if get.status != head.status {
        return Some((
            "status",
            format!(
                "GET is answered {}, HEAD {}",
                get.status.as_u16(),
                head.status.as_u16()
            ),
        ));
    }
    for name in SAME {
        let (g, h) = (get.header(name), head.header(name));
        // RFC 9110 §9.3.2: a HEAD may leave out what is only known when the content is
        // generated (its length, a validator computed from it).
        if matches!(name, "content-length" | "etag") && h.is_none() {
            continue;
        }
        if name == "content-length" && g.is_none() {
            if h.as_deref() == Some(&get.body_len.to_string()) || get.truncated {
                continue;
            }
            return Some((
                name,
                format!(
                    "HEAD says Content-Length: {}, GET sends {} bytes",
                    h.unwrap_or_default(),
                    get.body_len
                ),
            ));
        }
        if g != h {
            return Some((
                name,
                format!(
                    "{name}: GET {}, HEAD {}",
                    g.unwrap_or_else(|| "absent".into()),
                    h.unwrap_or_else(|| "absent".into())
                ),
            ));
        }
    }
    None
}
