//! Every check `conneg check` can report: its stable id, severity, title, the RFC section
//! that says what is right, and why it matters.

use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Breaks clients or caches: the exit status is 1.
    Error,
    /// Allowed by the RFCs but harmful, or a likely bug.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! checks {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $id:literal, $severity:ident, $reference:literal,
            $title:literal, $why:literal;
    )*) => {
        /// A check, by its stable id.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Check {
            $($(#[$doc])* $variant,)*
        }

        impl Check {
            /// Every check, in report order.
            pub const ALL: &'static [Check] = &[$(Check::$variant,)*];

            /// The stable id, as `--only` and `--skip` take it.
            pub const fn id(self) -> &'static str {
                match self { $(Check::$variant => $id,)* }
            }

            /// How bad a finding of this check is.
            pub const fn severity(self) -> Severity {
                match self { $(Check::$variant => Severity::$severity,)* }
            }

            /// The section of the RFC that says what is right.
            pub const fn reference(self) -> &'static str {
                match self { $(Check::$variant => $reference,)* }
            }

            /// What is wrong, in one line.
            pub const fn title(self) -> &'static str {
                match self { $(Check::$variant => $title,)* }
            }

            /// Why it matters.
            pub const fn why(self) -> &'static str {
                match self { $(Check::$variant => $why,)* }
            }
        }
    };
}

checks! {
    /// No `Accept` at all gets 406.
    NoAccept406 = "no-accept-406", Error, "RFC 9110 §12.5.1",
        "A request without Accept gets 406",
        "A request without Accept accepts every media type; scripts, crawlers and health checks send none.";
    /// `Accept: */*` gets 406.
    StarAccept406 = "star-accept-406", Error, "RFC 9110 §12.5.1",
        "Accept: */* gets 406",
        "*/* accepts every media type; curl and most HTTP libraries send it by default.";
    /// A browser's navigation `Accept` gets 406.
    BrowserAccept406 = "browser-accept-406", Error, "RFC 9110 §12.5.1",
        "A browser's Accept gets 406",
        "Browsers end their Accept with */*;q=0.8: every type is acceptable to them.";
    /// An empty or malformed `Accept` gets a 5xx.
    BadAcceptServerError = "bad-accept-server-error", Error, "RFC 9110 §5.6.1, §12.5.1",
        "An empty or malformed Accept, Accept-Language or Accept-Encoding makes the server fail",
        "A header is client input: a server must not fail on it (invalid members are ignored).";
    /// A malformed `Accept` is refused with 400.
    BadAcceptRejected = "bad-accept-rejected", Warning, "RFC 9110 §12.5.1",
        "A malformed Accept gets 400",
        "Recipients ignore invalid list members; refusing the request breaks clients whose header has one odd member.";
    /// Nothing acceptable, and the status is neither 406 nor a served default.
    UnsatisfiableStatus = "unsatisfiable-wrong-status", Error, "RFC 9110 §15.5.7, §15.5.16",
        "An Accept nothing satisfies gets a status other than 406 or a default",
        "406 is the status for 'nothing acceptable'; 415 is about request bodies, 404 says the resource does not exist, 5xx blames the server.";
    /// A served default has no `Content-Type`.
    UnlabelledDefault = "unlabelled-default", Warning, "RFC 9110 §8.3",
        "The default served for an unsatisfiable Accept has no Content-Type",
        "When the server disregards Accept, the client must be told what it got.";
    /// A 406 with an empty body.
    EmptyBody406 = "406-empty-body", Warning, "RFC 9110 §15.5.7",
        "The 406 response has an empty body",
        "A 406 should list the available representations so the client (or its developer) can pick one.";
    /// A 406 that names none of the representations that exist.
    NoAlternatives406 = "406-no-alternatives", Warning, "RFC 9110 §15.5.7",
        "The 406 response lists none of the available representations",
        "Without the list the client cannot recover; a body (problem+json, HTML) and Link: rel=\"alternate\" help people and programs.";
    /// A 406 body in a format the client did not ask for.
    Format406 = "406-body-format", Info, "RFC 9110 §15.5.7, RFC 9457",
        "The 406 body is not in a format the client said it reads",
        "The client listed a format for errors (problem+json here); a body in another format may be unreadable to it.";
    /// A 406 a cache may store for every client.
    Cacheable406 = "406-cacheable", Error, "RFC 9111 §4.1, RFC 9110 §12.5.5",
        "The 406 response is cacheable without Vary: Accept",
        "A cache would serve this 406 to clients whose Accept the resource satisfies.";
    /// A missing resource answered 406 instead of 404.
    NotFound406 = "404-becomes-406", Error, "RFC 9110 §15.5.5",
        "A missing resource gets 406 instead of 404",
        "Negotiation applies to a resource that exists; a 406 for a missing one hides the real error.";
    /// A type the client refused with q=0 is served though another is available.
    TypeRefused = "q-zero-type-ignored", Error, "RFC 9110 §12.4.2, §12.5.1",
        "A media type the client refused is served, though an acceptable one is available",
        "q=0 (or leaving a type out with no wildcard) means 'not acceptable': the client cannot use it, and the server had one it can.";
    /// A type the client refused with q=0 is served, and it is the only one.
    TypeRefusedOnly = "refused-type-served", Warning, "RFC 9110 §12.5.1",
        "A media type the client refused is served (no acceptable one exists)",
        "The RFC allows disregarding Accept, but 406 with the list tells the client what it can get.";
    /// The client's weights are not followed.
    QualityIgnored = "q-preference-ignored", Error, "RFC 9110 §12.4.2, §12.5.1",
        "The client's weights (q) are not followed",
        "Between two available types the client prefers the one with the higher q.";
    /// The most specific range does not decide.
    SpecificRange = "specific-range-ignored", Error, "RFC 9110 §12.5.1",
        "The most specific media range does not decide",
        "In 'text/html;q=0.1, */*' the weight of text/html is 0.1: the more specific range overrides the wildcard.";
    /// Media types are compared case-sensitively.
    TypeCase = "type-case-sensitive", Warning, "RFC 9110 §8.3.1",
        "Media types in Accept are matched case-sensitively",
        "Type, subtype and parameter names are case-insensitive.";
    /// Valid but unusual `Accept` syntax breaks matching.
    AcceptSyntax = "accept-syntax", Warning, "RFC 9110 §5.6.6, §12.4.2, §12.5.1",
        "Valid Accept syntax (whitespace, 'Q=', an extension parameter) changes the result",
        "Whitespace around ';' and ',', the weight's name in either case and parameters after the weight are all allowed by the grammar.";
    /// A negotiation header changes the response but `Vary` does not list it.
    VaryMissing = "vary-missing", Error, "RFC 9110 §12.5.5",
        "A header changes the response but Vary does not list it",
        "Without Vary, a shared cache serves one client's representation to every other (JSON to browsers).";
    /// `Vary` differs between responses of one resource.
    VaryInconsistent = "vary-inconsistent", Warning, "RFC 9110 §12.5.5",
        "Vary differs between responses of the resource",
        "Vary describes how the resource is selected, whatever the request: a 406, 304 or HEAD with another Vary confuses caches.";
    /// A malformed `ETag`.
    EtagMalformed = "etag-malformed", Error, "RFC 9110 §8.8.3",
        "An ETag is not a well-formed entity-tag",
        "A malformed ETag cannot be compared; conditional requests and caches stop working.";
    /// Two representations share an `ETag`.
    EtagShared = "etag-shared", Error, "RFC 9110 §8.8.3",
        "Two different representations have the same ETag",
        "An entity-tag identifies one representation: a client holding the JSON would get 304 for the HTML.";
    /// A 304 for the wrong variant.
    WrongVariant304 = "304-wrong-variant", Error, "RFC 9110 §13.1.2",
        "If-None-Match with another representation's ETag gets 304",
        "The client would keep using a representation it did not ask for.";
    /// `Content-Location` names another representation.
    ContentLocation = "content-location-mismatch", Warning, "RFC 9110 §8.7",
        "Content-Location does not give the same representation",
        "Content-Location names the URL of the representation sent; caches and clients may fetch it directly.";
    /// A coding the client refused or did not list is sent.
    CodingRefused = "coding-not-accepted", Error, "RFC 9110 §12.5.3",
        "Accept-Encoding is not honoured: a refused coding is sent, or 406 though identity is acceptable",
        "A client cannot decode a coding it did not accept; and a body without coding is acceptable unless the client refuses identity.";
    /// A coding is sent to a request without `Accept-Encoding`.
    CodingUnasked = "coding-without-accept-encoding", Warning, "RFC 9110 §12.5.3",
        "A content coding is sent to a request without Accept-Encoding",
        "The RFC allows it, but clients that send no Accept-Encoding often cannot decode (curl without --compressed).";
    /// `x-gzip` is not taken as `gzip`.
    XGzip = "x-gzip-ignored", Info, "RFC 9110 §8.4.1.3",
        "Accept-Encoding: x-gzip is not taken as gzip",
        "A recipient should treat x-gzip as gzip; old clients send it.";
    /// `identity;q=0` is ignored while a coding is available.
    IdentityRefused = "identity-q-zero-ignored", Warning, "RFC 9110 §12.5.3",
        "identity;q=0 is ignored though a coding is available",
        "The client said it cannot take the unencoded body, and an encoded one exists.";
    /// A language refused with q=0 is served though another is available.
    LanguageRefused = "language-q-zero-ignored", Error, "RFC 9110 §12.5.4, RFC 4647 §3.3",
        "A language the reader refused is served, though an acceptable one is available",
        "The reader said they cannot read it.";
    /// The weights of `Accept-Language` are not followed.
    LanguageQuality = "language-preference-ignored", Error, "RFC 9110 §12.5.4",
        "The weights of Accept-Language are not followed",
        "Between two available languages the reader prefers the one with the higher q.";
    /// `de-CH` does not find `de`.
    LanguagePrefix = "language-prefix", Warning, "RFC 4647 §3.4",
        "A regional tag does not find its language (de-CH for de)",
        "Browsers often send only regional tags; lookup truncates de-CH to de.";
    /// An unavailable language gets 406.
    Language406 = "language-406", Warning, "RFC 9110 §12.5.4",
        "An unavailable language gets 406",
        "Readers can usually cope with another language; most sites serve their default language.";
    /// HEAD and GET disagree.
    HeadDiffers = "head-differs", Error, "RFC 9110 §9.3.2",
        "HEAD and GET with the same headers disagree",
        "HEAD must give the headers GET would; caches and link checkers rely on it.";
    /// The same request gives different representations.
    Nondeterministic = "nondeterministic", Warning, "RFC 9110 §12.1",
        "The same request gets different representations",
        "Ties must be broken the same way every time, or caches and clients see the resource flip.";
    /// `Accept-Datetime` mishandled.
    AcceptDatetime = "accept-datetime-mishandled", Error, "RFC 7089 §2.1.1, §4",
        "Accept-Datetime breaks the response or is honoured without Vary",
        "A server that ignores Accept-Datetime must serve as usual; one that honours it (Memento-Datetime) must list it in Vary.";
    /// `A-IM` mishandled.
    InstanceManipulation = "a-im-mishandled", Error, "RFC 3229 §10.5",
        "A-IM breaks the response or a 226 is malformed",
        "A server that does not do delta encoding must ignore A-IM; a 226 must say which manipulation it used (IM).";
    /// A probe got a 5xx.
    ServerError = "server-error", Error, "RFC 9110 §15.6",
        "A negotiation request makes the server fail",
        "Client headers must never make the server fail.";
    /// A probe got no response.
    NoResponse = "no-response", Error, "RFC 9110 §15",
        "A request got no response (timeout, reset or not HTTP)",
        "A negotiation header must not make a server hang or drop the connection.";
    /// A response body was longer than was read.
    HugeBody = "huge-body", Info, "RFC 9110 §6.4",
        "A response body is larger than conneg check reads (1 MiB)",
        "Only the first MiB was read; checks of the body looked at that part.";
    /// The URL redirects.
    Redirected = "redirected", Info, "RFC 9110 §15.4",
        "The URL redirects; the target was checked",
        "Negotiation happens at the target: the checks ran there.";
}

impl Check {
    /// The check with this id.
    pub fn from_id(id: &str) -> Option<Check> {
        Check::ALL.iter().copied().find(|c| c.id() == id)
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for &check in Check::ALL {
            assert!(seen.insert(check.id()), "{} twice", check.id());
            assert!(
                check
                    .id()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                check.id()
            );
            assert_eq!(Check::from_id(check.id()), Some(check));
            assert!(check.reference().starts_with("RFC "), "{}", check.id());
            assert!(check.why().ends_with('.'), "{}", check.id());
        }
        assert_eq!(Check::from_id("vary"), None);
    }
}
