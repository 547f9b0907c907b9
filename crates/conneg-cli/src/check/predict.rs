//! What a correct server would do: the core engine's decision for a request header among the
//! values of one dimension that the resource was found to have.

use conneg::{Coding, Field, LanguageTag, MediaType, Policy, Request, Variant, negotiate};

/// The dimension a prediction is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// `Accept`: media types.
    Type,
    /// `Accept-Language`: language tags.
    Language,
    /// `Accept-Encoding`: codings, `None` being identity.
    Coding,
}

impl Dimension {
    /// Every dimension, in the order reports list them.
    pub const ALL: [Dimension; 3] = [Dimension::Type, Dimension::Language, Dimension::Coding];

    /// The request header of the dimension.
    pub const fn field(self) -> Field {
        match self {
            Dimension::Type => Field::Accept,
            Dimension::Language => Field::AcceptLanguage,
            Dimension::Coding => Field::AcceptEncoding,
        }
    }

    /// The request header of the dimension, lower-case.
    pub const fn header(self) -> &'static str {
        self.field().as_str()
    }

    /// The request header as reports write it.
    pub const fn title(self) -> &'static str {
        self.field().title()
    }

    /// What one value of the dimension is called.
    pub const fn noun(self) -> &'static str {
        match self {
            Dimension::Type => "type",
            Dimension::Language => "language",
            Dimension::Coding => "coding",
        }
    }
}

/// The engine's judgement of each value for one request header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prediction {
    /// The index of the value a correct server chooses; `None` when none is acceptable.
    pub chosen: Option<usize>,
    /// Each value's weight in thousandths; 0 when not acceptable.
    pub quality: Vec<u16>,
}

impl Prediction {
    /// Whether value `i` is acceptable.
    pub fn acceptable(&self, i: usize) -> bool {
        self.quality.get(i).is_some_and(|&q| q > 0)
    }

    /// The weight of value `i` as the client wrote it (`0.5`).
    pub fn q(&self, i: usize) -> String {
        let q = self.quality.get(i).copied().unwrap_or(0);
        conneg::Quality::from_thousandths(q).map_or_else(|| "?".into(), |q| q.to_string())
    }
}

/// The decision for `value` of the dimension's header among `values` (a `None` value is
/// identity, for codings). `None` when a value or the header cannot be parsed by the engine.
pub fn predict(dimension: Dimension, value: &str, values: &[Option<String>]) -> Option<Prediction> {
    let mut variants = Vec::with_capacity(values.len());
    for v in values {
        let variant = Variant::new();
        let variant = match (dimension, v) {
            (_, None) => variant,
            (Dimension::Type, Some(t)) => variant.media_type(MediaType::parse(t).ok()?),
            (Dimension::Language, Some(l)) => variant.language(LanguageTag::parse(l).ok()?),
            (Dimension::Coding, Some(c)) => variant.coding(Coding::parse(c).ok()?),
        };
        variants.push(variant);
    }
    let request = Request::new().with(dimension.field(), value).ok()?;
    let decision = negotiate(&request, &variants, &Policy::STRICT);
    let quality = (0..variants.len())
        .map(|i| {
            decision
                .evaluation(i)
                .filter(conneg::Evaluation::is_acceptable)
                .map_or(0, |e| e.quality().thousandths())
        })
        .collect();
    Some(Prediction {
        chosen: decision.chosen(),
        quality,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(values: &[&str]) -> Vec<Option<String>> {
        values.iter().map(|v| Some((*v).to_owned())).collect()
    }

    #[test]
    fn the_engine_judges_each_value() {
        let types = some(&["text/html", "application/json"]);
        let p = predict(Dimension::Type, "text/html;q=0.1, */*", &types).unwrap();
        assert_eq!(p.chosen, Some(1));
        assert_eq!(p.quality, [100, 1000]);
        let p = predict(Dimension::Type, "text/html;q=0, */*", &types[..1]).unwrap();
        assert_eq!((p.chosen, p.acceptable(0)), (None, false));
        let langs = some(&["en", "de"]);
        let p = predict(Dimension::Language, "de-CH", &langs).unwrap();
        assert_eq!(p.chosen, Some(1));
        let codings = vec![None, Some("gzip".to_owned()), Some("br".to_owned())];
        let p = predict(Dimension::Coding, "gzip", &codings).unwrap();
        assert_eq!((p.chosen, p.acceptable(2)), (Some(1), false));
        let p = predict(Dimension::Coding, "", &codings).unwrap();
        assert_eq!(p.chosen, Some(0));
        assert_eq!(p.q(0), "1");
    }
}
