//! `Vary` (RFC 9110 §12.5.5): the request headers a negotiated response depends on.

use core::fmt;

use crate::error::Field;

/// Every field conneg negotiates on, in the order `Vary` lists them.
pub(crate) const FIELDS: [Field; 6] = [
    Field::AIm,
    Field::Accept,
    Field::AcceptCharset,
    Field::AcceptDatetime,
    Field::AcceptEncoding,
    Field::AcceptLanguage,
];

pub(crate) const fn bit(field: Field) -> u8 {
    match field {
        Field::Accept => 1,
        Field::AcceptCharset => 2,
        Field::AcceptDatetime => 4,
        Field::AcceptEncoding => 8,
        Field::AcceptLanguage => 16,
        Field::AIm => 32,
    }
}

/// A set of negotiation headers: what a response's `Vary` must name.
///
/// conneg computes it from the variants and the policy alone, never from the request, so that
/// it is the same on every response of the resource (200, 304, 406, a fallback): see
/// [`Decision::vary`](crate::Decision::vary). Its `Display` is a field value, in a fixed
/// order (sorted by lower-case name).
///
/// ```
/// use conneg::{Field, Vary};
///
/// let vary = Vary::EMPTY.with(Field::AcceptLanguage).with(Field::Accept);
/// assert_eq!(vary.to_string(), "Accept, Accept-Language");
/// // Merged into what the application already set, without duplicates.
/// assert_eq!(vary.merge("accept-encoding, accept").to_string(), "accept-encoding, accept, Accept-Language");
/// assert_eq!(vary.merge("*").to_string(), "*");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Vary(u8);

impl Vary {
    /// No header.
    pub const EMPTY: Vary = Vary(0);

    /// Every negotiation header.
    #[cfg(any(test, feature = "http"))]
    pub(crate) const ALL: Vary = {
        let mut all = Vary::EMPTY;
        let mut i = 0;
        while i < FIELDS.len() {
            all = all.with(FIELDS[i]);
            i += 1;
        }
        all
    };

    /// This set and `field`.
    #[must_use]
    pub const fn with(self, field: Field) -> Vary {
        Vary(self.0 | bit(field))
    }

    /// Adds `field`.
    pub fn insert(&mut self, field: Field) {
        self.0 |= bit(field);
    }

    /// The fields of both sets.
    #[must_use]
    pub const fn union(self, other: Vary) -> Vary {
        Vary(self.0 | other.0)
    }

    /// Whether `field` is in the set.
    pub const fn contains(self, field: Field) -> bool {
        self.0 & bit(field) != 0
    }

    /// Whether the set is empty (the response needs no `Vary` for negotiation).
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The fields in the set, sorted by lower-case name.
    pub fn iter(self) -> impl Iterator<Item = Field> {
        FIELDS.into_iter().filter(move |&f| self.contains(f))
    }

    /// This set merged into an existing `Vary` value: the existing members first, as written,
    /// then those of this set that it lacks (compared case-insensitively); `*` in the existing
    /// value absorbs everything (the response varies on everything already).
    pub const fn merge(self, existing: &str) -> Merged<'_> {
        Merged {
            existing,
            vary: self,
        }
    }
}

impl fmt::Display for Vary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, field) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(field.title())?;
        }
        Ok(())
    }
}

/// A [`Vary`] merged into an existing field value; see [`Vary::merge`]. Its `Display` is the
/// merged value.
#[derive(Debug, Clone, Copy)]
pub struct Merged<'a> {
    existing: &'a str,
    vary: Vary,
}

impl Merged<'_> {
    fn members(&self) -> impl Iterator<Item = &str> {
        self.existing
            .split(',')
            .map(|m| m.trim_matches([' ', '\t']))
            .filter(|m| !m.is_empty())
    }
}

impl fmt::Display for Merged<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.members().any(|m| m == "*") {
            return f.write_str("*");
        }
        let mut first = true;
        let mut write = |f: &mut fmt::Formatter<'_>, member: &str| {
            let separator = if first { "" } else { ", " };
            first = false;
            write!(f, "{separator}{member}")
        };
        // Members repeated in the existing value are written once.
        for (i, member) in self.members().enumerate() {
            if !self
                .members()
                .take(i)
                .any(|m| m.eq_ignore_ascii_case(member))
            {
                write(f, member)?;
            }
        }
        for field in self.vary.iter() {
            if !self
                .members()
                .any(|m| m.eq_ignore_ascii_case(field.as_str()))
            {
                write(f, field.title())?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_sorted_by_name() {
        assert_eq!(
            Vary::ALL.to_string(),
            "A-IM, Accept, Accept-Charset, Accept-Datetime, Accept-Encoding, Accept-Language"
        );
        assert_eq!(Vary::EMPTY.to_string(), "");
    }

    #[test]
    fn merging_keeps_existing_members_and_drops_duplicates() {
        let vary = Vary::EMPTY.with(Field::Accept).with(Field::AcceptEncoding);
        assert_eq!(vary.merge("").to_string(), "Accept, Accept-Encoding");
        assert_eq!(
            vary.merge("Origin,  ACCEPT ,origin").to_string(),
            "Origin, ACCEPT, Accept-Encoding"
        );
        assert_eq!(vary.merge(" , ").to_string(), "Accept, Accept-Encoding");
        assert_eq!(vary.merge("Origin, *").to_string(), "*");
        assert_eq!(Vary::EMPTY.merge("Cookie").to_string(), "Cookie");
    }

    #[test]
    fn membership() {
        let mut vary = Vary::EMPTY;
        assert!(vary.is_empty());
        vary.insert(Field::AIm);
        assert!(vary.contains(Field::AIm));
        assert!(!vary.contains(Field::Accept));
        assert_eq!(vary.iter().collect::<Vec<_>>(), [Field::AIm]);
    }
}
