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
            let (Some(get), Some(head)) = (cx.send(get.clone()).await, cx.send(get.head()).await)
            else {
                continue;
            };
            if let Some(difference) = head_difference(&get, &head) {
                cx.report(Check::HeadDiffers, difference, &head);
            }
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
            let same = first.status == second.status
                && first.representation() == second.representation()
                && first.header("etag") == second.header("etag");
            if !same {
                cx.report(
                    Check::Nondeterministic,
                    format!(
                        "the same request got {} {} ({}), then {} {} ({})",
                        first.status.as_u16(),
                        first.representation(),
                        first.header("etag").unwrap_or_default(),
                        second.status.as_u16(),
                        second.representation(),
                        second.header("etag").unwrap_or_default()
                    ),
                    &second,
                );
            }
        }
    }
}

/// How a HEAD answer differs from the GET answer to the same request.
fn head_difference(get: &Exchange, head: &Exchange) -> Option<String> {
    if get.status != head.status {
        return Some(format!(
            "GET is answered {}, HEAD {}",
            get.status.as_u16(),
            head.status.as_u16()
        ));
    }
    for name in SAME {
        let (g, h) = (get.header(name), head.header(name));
        // A HEAD may leave Content-Length out; when it gives one it must be GET's.
        if name == "content-length" && h.is_none() {
            continue;
        }
        if name == "content-length" && g.is_none() {
            if h.as_deref() == Some(&get.body.len().to_string()) || get.truncated {
                continue;
            }
            return Some(format!(
                "HEAD says Content-Length: {}, GET sends {} bytes",
                h.unwrap_or_default(),
                get.body.len()
            ));
        }
        if g != h {
            return Some(format!(
                "{name}: GET {}, HEAD {}",
                g.unwrap_or_else(|| "absent".into()),
                h.unwrap_or_else(|| "absent".into())
            ));
        }
    }
    None
}
