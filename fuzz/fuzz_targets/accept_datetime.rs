//! `AcceptDatetime`: no input panics; a parsed date prints as an IMF-fixdate that parses back
//! to the same moment and prints the same.
#![no_main]

use conneg::{AcceptDatetime, HttpDate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(wanted) = AcceptDatetime::parse(data) else { return };
    let printed = wanted.to_string();
    assert_eq!(printed.len(), 29, "{printed}");
    let again = AcceptDatetime::parse(printed.as_str()).expect("a printed date parses");
    assert_eq!(again, wanted);
    assert_eq!(again.to_string(), printed);
    let mementos = [HttpDate::from_unix_seconds(0).unwrap(), wanted.date()];
    assert_eq!(wanted.closest(&mementos), Some(1));
});
