//! The strict parsers of server-side values (`MediaType`, `LanguageTag`, `Charset`, `Coding`,
//! `InstanceManipulation`, `Quality`, `HttpDate`): no input panics, an error's position is
//! within the input, and a parsed value prints as text that parses back equal.
#![no_main]

use conneg::{Charset, Coding, Error, HttpDate, InstanceManipulation, LanguageTag, MediaType, Quality};
use libfuzzer_sys::fuzz_target;

fn position_within(result: &Result<impl Sized, Error>, len: usize) {
    if let Err(Error::Invalid { position, .. }) = result {
        assert!(*position <= len, "{position} > {len}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let media = MediaType::parse(text);
    position_within(&media, text.len());
    if let Ok(m) = media {
        let printed = m.to_string();
        assert_eq!(MediaType::parse(&printed).expect("printed media type parses"), m);
    }
    let tag = LanguageTag::parse(text);
    position_within(&tag, text.len());
    if let Ok(t) = tag {
        assert_eq!(LanguageTag::parse(&t.to_string()).expect("printed tag parses"), t);
    }
    position_within(&Charset::parse(text), text.len());
    position_within(&Coding::parse(text), text.len());
    position_within(&InstanceManipulation::parse(text), text.len());
    if let Ok(q) = text.parse::<Quality>() {
        assert_eq!(q.to_string().parse::<Quality>().expect("printed quality parses"), q);
    }
    let date = HttpDate::parse(text);
    position_within(&date, text.len());
    if let Ok(d) = date {
        assert_eq!(HttpDate::parse(&d.to_string()).expect("printed date parses"), d);
    }
});
