//! `AcceptCharset`: no input panics; the valid members are what `len` says; printing the parsed
//! header and parsing it again gives an equal header, which prints the same; choosing in one
//! pass gives what parsing then choosing gives, errors included.
#![no_main]

use conneg::{AcceptCharset, Charset, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Small caps, so that the limit errors are reached too.
    let limits = Limits { max_bytes: 4096, max_members: 32, max_parameters: 8, max_subtags: 8 };
    let offers = [Charset::UTF_8, Charset::parse("iso-8859-1").unwrap()];
    let parsed = AcceptCharset::parse_with(data, &limits);
    assert_eq!(AcceptCharset::choose_with(data, &limits, &offers), parsed.clone().map(|header| header.best(&offers)));
    let Ok(header) = parsed else { return };
    assert_eq!(header.iter().count(), header.len());
    if let Some((index, m)) = header.best(&offers) {
        assert!(index < offers.len());
        assert!(m.is_acceptable());
        assert!(m.position <= header.len());
    }
    let printed = header.to_string();
    // Printing normalises (`q=.5` becomes `q=0.5`), so it may be longer than the caps allow.
    let again = AcceptCharset::parse_with(printed.as_str(), &Limits::UNLIMITED).expect("a printed header parses");
    assert_eq!(again, header, "{printed}");
    assert_eq!(again.to_string(), printed);
});
