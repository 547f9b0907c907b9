//! The data formats in both directions: a value to bytes (responses) and bytes to a value
//! (request content). JSON, YAML, MessagePack and CBOR are their crates' own functions; XML
//! and CSV need a little glue, here.

#[cfg(feature = "csv")]
pub(crate) mod csv;
#[cfg(feature = "xml")]
pub(crate) mod xml;

use serde::de::DeserializeOwned;

use crate::format::Format;

/// `bytes` read as a `T` in the data format `format`; the error is the parser's message.
/// `None` when this build has no deserializer for the format.
#[allow(unreachable_patterns)] // the last arm, when every data format's feature is on
pub(crate) fn from_bytes<T: DeserializeOwned>(
    format: Format,
    bytes: &[u8],
) -> Option<Result<T, String>> {
    let message = |e: &dyn std::fmt::Display| e.to_string();
    match format {
        #[cfg(feature = "json")]
        Format::Json => Some(serde_json::from_slice(bytes).map_err(|e| message(&e))),
        #[cfg(feature = "xml")]
        Format::Xml => Some(xml::from_bytes(bytes)),
        #[cfg(feature = "csv")]
        Format::Csv => Some(csv::from_bytes(bytes)),
        #[cfg(feature = "yaml")]
        Format::Yaml => Some(serde_yaml_ng::from_slice(bytes).map_err(|e| message(&e))),
        #[cfg(feature = "msgpack")]
        Format::MessagePack => Some(rmp_serde::from_slice(bytes).map_err(|e| message(&e))),
        #[cfg(feature = "cbor")]
        Format::Cbor => Some(ciborium::from_reader(bytes).map_err(|e| cbor_message(&e))),
        _ => {
            let _ = (bytes, message);
            None
        }
    }
}

/// A CBOR error in words: ciborium's own `Display` is its `Debug` (`Semantic(None, "...")`).
#[cfg(feature = "cbor")]
fn cbor_message<T>(error: &ciborium::de::Error<T>) -> String {
    use ciborium::de::Error;
    match error {
        // Reading from a slice fails only at its end.
        Error::Io(_) => "the CBOR ends before its value does".to_owned(),
        Error::Syntax(offset) => format!("invalid CBOR at byte {offset}"),
        Error::Semantic(Some(offset), why) => format!("{why} (the item at byte {offset})"),
        Error::Semantic(None, why) => why.clone(),
        Error::RecursionLimitExceeded => "the CBOR is nested too deeply".to_owned(),
    }
}

/// Whether this build reads request content in `format`.
pub(crate) const fn reads(format: Format) -> bool {
    format.is_data() && format.is_enabled()
}

#[cfg(all(test, feature = "cbor"))]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        name: String,
    }

    #[test]
    fn cbor_errors_read_as_words() {
        let message = |bytes: &[u8]| {
            from_bytes::<Item>(Format::Cbor, bytes)
                .unwrap()
                .unwrap_err()
        };
        // An empty map: a field is missing.
        assert_eq!(message(&[0xa0]), "missing field `name`");
        // A map of one entry, cut short.
        assert_eq!(message(&[0xa1]), "the CBOR ends before its value does");
        // 0x1c: an additional-information value CBOR reserves.
        assert_eq!(message(&[0x1c]), "invalid CBOR at byte 0");
        assert_eq!(message(&[0xff]), "invalid type: break, expected map");
    }
}
