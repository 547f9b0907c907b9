//! `Accept`: no input panics; the valid members are what `len` says; choosing in one pass
//! gives what parsing then choosing gives, errors included, and a `Resource` of those types
//! serves from the value what negotiating on the parsed header serves; printing the parsed
//! header and parsing it again gives an equal header, which prints the same.
#![no_main]

use conneg::{Accept, Field, Limits, MediaType, Policy, Request, Resource, Variant};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Small caps, so that the limit errors are reached too.
    let limits = Limits { max_bytes: 4096, max_members: 32, max_parameters: 8, max_subtags: 8 };
    let offers = [
        MediaType::TEXT_HTML,
        MediaType::APPLICATION_JSON,
        MediaType::parse("text/plain; charset=utf-8; format=flowed").unwrap(),
        MediaType::parse("text/html;level=1").unwrap(),
    ];
    let parsed = Accept::parse_with(data, &limits);
    assert_eq!(
        Accept::choose_with(data, &limits, &offers),
        parsed.clone().map(|header| header.best(&offers))
    );
    // The types as a resource's variants (one `qs`: served from `Accept` in one pass),
    // strict and falling back.
    let variants = offers.map(|t| Variant::new().media_type(t));
    for policy in [Policy::STRICT, Policy::FALLBACK] {
        let resource = Resource::new(&variants, policy);
        let served = resource.serve(|f| (f == Field::Accept).then_some(data.into()), &limits);
        let negotiated = parsed.clone().map(|header| {
            let mut request = Request::new();
            request.accept = Some(header);
            resource.negotiate(&request).served()
        });
        assert_eq!(served, negotiated);
    }
    let Ok(header) = parsed else { return };
    assert_eq!(header.iter().count(), header.len());
    if let Some((index, m)) = header.best(&offers) {
        assert!(index < offers.len());
        assert!(m.is_acceptable());
        assert!(m.position <= header.len());
        // `best` skips members of a long header by their type; `match_of` reads every one:
        // the two agree on the deciding member and its position.
        assert_eq!(Some(m), header.match_of(&offers[index]));
    }
    let printed = header.to_string();
    // Printing normalises (`q=.5` becomes `q=0.5`), so it may be longer than the caps allow.
    let again = Accept::parse_with(printed.as_str(), &Limits::UNLIMITED).expect("a printed header parses");
    if std::str::from_utf8(data).is_ok() {
        assert_eq!(again, header, "{printed}");
    } else {
        // Quoted obs-text that is not UTF-8 prints as U+FFFD (see `Parameter`'s Display):
        // the structure survives, the bytes cannot.
        assert_eq!(again.len(), header.len(), "{printed}");
    }
    assert_eq!(again.to_string(), printed);
});
