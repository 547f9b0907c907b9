//! One value serialized into the negotiated format, or rendered by the handler's renderer.

use serde::Serialize;

use crate::format::Format;
use crate::representations::Negotiated;

/// A response body for the chosen representation: the value serialized in its data format,
/// or the page the handler's renderer wrote for its page format; or why there is none.
///
/// With the `axum` feature it is a response: return it from the handler. A body that could
/// not be produced is answered 500 (and logged): it is a server bug, never the client's.
///
/// ```
/// use conneg::HeaderLines;
/// use conneg_tower::{Format, Representations};
///
/// let resource = Representations::new([Format::Json, Format::Html]);
/// let mut headers = http::HeaderMap::new();
/// headers.insert("accept", "text/html".parse().unwrap());
/// let n = resource.negotiate(&headers).unwrap();
///
/// let items = vec!["a", "b"];
/// let body = n
///     .serialize(&items)
///     .html(|| format!("<ul><li>{}</li></ul>", items.join("</li><li>")));
/// assert_eq!(body.body().unwrap(), b"<ul><li>a</li><li>b</li></ul>");
/// ```
#[derive(Debug)]
#[must_use]
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

    /// The body when the chosen format is HTML: what `render` writes. Called only then.
    pub fn html(self, render: impl FnOnce() -> String) -> Self {
        self.rendered(Format::Html, render)
    }

    /// The body when the chosen format is Markdown: what `render` writes. Called only then.
    pub fn markdown(self, render: impl FnOnce() -> String) -> Self {
        self.rendered(Format::Markdown, render)
    }

    /// The body when the chosen format is plain text: what `render` writes. Called only
    /// then.
    pub fn text(self, render: impl FnOnce() -> String) -> Self {
        self.rendered(Format::Text, render)
    }

    fn rendered(mut self, format: Format, render: impl FnOnce() -> String) -> Self {
        if self.negotiated.format() == Some(format) {
            self.body = Ok(render().into_bytes());
        }
        self
    }
}

/// Why a value could not be served in the chosen format.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SerializeError {
    /// The chosen variant's media type names no format, or a format whose cargo feature is
    /// off (a configuration error: declare only representations the build can produce).
    NoSerializer(String),
    /// The chosen format is a page format and the handler gave no renderer for it (call
    /// [`Serialized::html`], [`Serialized::markdown`] or [`Serialized::text`]).
    NoRenderer(Format),
    /// The serializer failed on the value (a CSV of nested values, a map key XML cannot name).
    Failed {
        /// The format.
        format: Format,
        /// The serializer's message.
        message: String,
    },
}

impl std::fmt::Display for SerializeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SerializeError::NoSerializer(t) => write!(
                f,
                "no serializer for {t}: enable its cargo feature, or do not declare it"
            ),
            SerializeError::NoRenderer(format) => write!(
                f,
                "the handler gave no renderer for {format}, a declared representation"
            ),
            SerializeError::Failed { format, message } => {
                write!(f, "cannot serialize the value as {format}: {message}")
            }
        }
    }
}

impl std::error::Error for SerializeError {}

impl Negotiated {
    /// `value` serialized in the chosen variant's data format (JSON, XML, CSV, YAML,
    /// MessagePack or CBOR, as the build's features allow). For a page format (text, HTML,
    /// Markdown), chain the renderers: [`Serialized::html`] and its siblings.
    pub fn serialize<T: Serialize + ?Sized>(&self, value: &T) -> Serialized {
        let body = match self.format() {
            Some(format) if format.is_data() => to_bytes(format, value),
            Some(format) => Err(SerializeError::NoRenderer(format)),
            None => Err(self.no_serializer()),
        };
        Serialized {
            body,
            negotiated: self.clone(),
        }
    }

    /// A body that only renderers write: for a resource with page formats only (a page and
    /// its Markdown twin). Chain [`Serialized::html`] and its siblings.
    ///
    /// ```
    /// # let n = conneg_tower::Representations::new([conneg_tower::Format::Markdown])
    /// #     .negotiate(&http::HeaderMap::new()).unwrap();
    /// let body = n.render().html(|| "<h1>Hi</h1>".into()).markdown(|| "# Hi".into());
    /// assert_eq!(body.body().unwrap(), b"# Hi");
    /// ```
    pub fn render(&self) -> Serialized {
        let body = match self.format() {
            Some(format) if !format.is_data() => Err(SerializeError::NoRenderer(format)),
            _ => Err(self.no_serializer()),
        };
        Serialized {
            body,
            negotiated: self.clone(),
        }
    }

    fn no_serializer(&self) -> SerializeError {
        SerializeError::NoSerializer(match self.variant().media_type {
            Some(t) => t.to_string(),
            None => "a variant without a media type".into(),
        })
    }
}

/// `value` in the data format `format`.
#[allow(unreachable_patterns)] // the last arm, when every data format's feature is on
pub(crate) fn to_bytes<T: Serialize + ?Sized>(
    format: Format,
    value: &T,
) -> Result<Vec<u8>, SerializeError> {
    let failed = |message: String| SerializeError::Failed { format, message };
    match format {
        #[cfg(feature = "json")]
        Format::Json => serde_json::to_vec(value).map_err(|e| failed(e.to_string())),
        #[cfg(feature = "xml")]
        Format::Xml => crate::codec::xml::to_bytes(value).map_err(failed),
        #[cfg(feature = "csv")]
        Format::Csv => crate::codec::csv::to_bytes(value).map_err(failed),
        #[cfg(feature = "yaml")]
        Format::Yaml => serde_yaml_ng::to_string(value)
            .map(String::into_bytes)
            .map_err(|e| failed(e.to_string())),
        #[cfg(feature = "msgpack")]
        Format::MessagePack => rmp_serde::to_vec_named(value).map_err(|e| failed(e.to_string())),
        #[cfg(feature = "cbor")]
        Format::Cbor => {
            let mut bytes = Vec::new();
            ciborium::into_writer(value, &mut bytes)
                .map(|()| bytes)
                .map_err(|e| failed(e.to_string()))
        }
        _ => {
            let _ = (value, failed);
            Err(SerializeError::NoSerializer(
                format.media_type().to_string(),
            ))
        }
    }
}
