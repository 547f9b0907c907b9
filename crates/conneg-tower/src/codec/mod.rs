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
        Format::Cbor => Some(ciborium::from_reader(bytes).map_err(|e| message(&e))),
        _ => {
            let _ = (bytes, message);
            None
        }
    }
}

/// Whether this build reads request content in `format`.
pub(crate) const fn reads(format: Format) -> bool {
    format.is_data() && format.is_enabled()
}
