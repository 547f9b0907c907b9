//! Serializing one value into the negotiated format.

use conneg::MediaType;
use serde::Serialize;

use crate::representations::Negotiated;

/// A value serialized for the chosen representation, or why it could not be.
#[derive(Debug)]
pub struct Serialized {
    pub(crate) body: Result<Vec<u8>, SerializeError>,
    pub(crate) negotiated: Negotiated,
}

impl Serialized {
    /// The bytes, or why there are none.
    pub fn body(&self) -> Result<&[u8], &SerializeError> {
        self.body.as_deref()
    }

    /// The negotiation the value was serialized for; its
    /// [`describe`](Negotiated::describe) labels a response.
    pub fn negotiated(&self) -> &Negotiated {
        &self.negotiated
    }
}

/// Why a value could not be served in the chosen format.
#[derive(Debug)]
#[non_exhaustive]
pub enum SerializeError {
    /// The chosen variant's media type has no serializer in this build (a configuration
    /// error: declare only representations the build can produce).
    NoSerializer(String),
    /// The serializer failed on the value.
    Failed(String),
}

impl std::fmt::Display for SerializeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SerializeError::NoSerializer(t) => {
                write!(
                    f,
                    "no serializer for {t} (enable its feature, or do not declare it)"
                )
            }
            SerializeError::Failed(why) => write!(f, "serialization failed: {why}"),
        }
    }
}

impl std::error::Error for SerializeError {}

#[cfg(feature = "json")]
/// Whether `t` is JSON: `application/json` or a `+json` structured syntax suffix (RFC 6839).
fn is_json(t: &MediaType<'_>) -> bool {
    let subtype = t.subtype();
    t.type_().eq_ignore_ascii_case("application")
        && (subtype.eq_ignore_ascii_case("json")
            || subtype.len() > 5
                && subtype
                    .get(subtype.len() - 5..)
                    .is_some_and(|end| end.eq_ignore_ascii_case("+json")))
}

impl Negotiated {
    /// `value` serialized in the chosen variant's format: JSON (`application/json` and
    /// `+json` types, feature `json`). With the `axum` feature the result is a response:
    /// return it from the handler.
    pub fn serialize<T: Serialize + ?Sized>(&self, value: &T) -> Serialized {
        Serialized {
            body: to_bytes(self.variant().media_type, value),
            negotiated: *self,
        }
    }
}

fn to_bytes<T: Serialize + ?Sized>(
    media_type: Option<MediaType<'_>>,
    value: &T,
) -> Result<Vec<u8>, SerializeError> {
    let Some(t) = media_type else {
        return Err(SerializeError::NoSerializer(
            "a variant without a media type".into(),
        ));
    };
    #[cfg(feature = "json")]
    if is_json(&t) {
        return serde_json::to_vec(value).map_err(|e| SerializeError::Failed(e.to_string()));
    }
    #[cfg(not(feature = "json"))]
    let _ = value;
    Err(SerializeError::NoSerializer(t.to_string()))
}
