//! CSV (RFC 4180) through the csv crate: a sequence of records is a header row and one row
//! per record; a single record is a header row and one row. Reading gives the records back:
//! as a sequence, or as one value when there is exactly one record. Fields are read as the
//! type the value asks for (`"7"` as a number, `"true"` as a bool, an empty field as `None`).

use std::fmt;

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::ser::{self, Impossible, Serialize};

/// What serializing or deserializing CSV can fail with.
#[derive(Debug)]
pub(crate) enum Error {
    /// The value is not a sequence (serialized then as one record).
    NotASequence,
    Message(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotASequence => f.write_str("not a sequence of records"),
            Error::Message(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::Message(msg.to_string())
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::Message(msg.to_string())
    }
}

pub(crate) fn to_bytes<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    match value.serialize(Records(&mut writer)) {
        Ok(()) => {}
        // Nothing was written: the value is one record.
        Err(Error::NotASequence) => writer.serialize(value).map_err(|e| e.to_string())?,
        Err(e) => return Err(e.to_string()),
    }
    writer.into_inner().map_err(|e| e.to_string())
}

pub(crate) fn from_bytes<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let records = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    T::deserialize(RecordsDe {
        headers: &headers,
        records: &records,
    })
    .map_err(|e| e.to_string())
}

// ---------------------------------------------------------------------------------------------
// Writing: a serializer that accepts only a sequence, and writes each element as a record.

struct Records<'w>(&'w mut csv::Writer<Vec<u8>>);

/// Each element of the sequence, one record.
struct RecordSeq<'w>(&'w mut csv::Writer<Vec<u8>>);

impl RecordSeq<'_> {
    fn record<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.0
            .serialize(value)
            .map_err(|e| Error::Message(e.to_string()))
    }
}

impl ser::SerializeSeq for RecordSeq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.record(value)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeTuple for RecordSeq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.record(value)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

/// Every kind of value but a sequence (or a newtype around one) is not a sequence.
macro_rules! not_a_sequence {
    ($($method:ident($($arg:ty),*) -> $ret:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ret, Error> {
            Err(Error::NotASequence)
        })*
    };
}

impl<'w> ser::Serializer for Records<'w> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = RecordSeq<'w>;
    type SerializeTuple = RecordSeq<'w>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_seq(self, _: Option<usize>) -> Result<RecordSeq<'w>, Error> {
        Ok(RecordSeq(self.0))
    }

    fn serialize_tuple(self, _: usize) -> Result<RecordSeq<'w>, Error> {
        Ok(RecordSeq(self.0))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(Error::NotASequence)
    }

    not_a_sequence! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_str(&str) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}

// ---------------------------------------------------------------------------------------------
// Reading: the records as a sequence (or one value), each a map from header to field.

struct RecordsDe<'a> {
    headers: &'a csv::StringRecord,
    records: &'a [csv::StringRecord],
}

impl<'a> RecordsDe<'a> {
    fn only(&self) -> Result<RecordDe<'a>, Error> {
        match self.records {
            [record] => Ok(RecordDe {
                headers: self.headers,
                record,
            }),
            _ => Err(Error::Message(format!(
                "expected one record, found {}",
                self.records.len()
            ))),
        }
    }
}

impl<'de> de::Deserializer<'de> for RecordsDe<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let headers = self.headers;
        visitor.visit_seq(de::value::SeqDeserializer::new(
            self.records
                .iter()
                .map(|record| RecordDe { headers, record }),
        ))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.only()?.deserialize_map(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.only()?.deserialize_struct(name, fields, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple tuple_struct enum identifier ignored_any
    }
}

/// One record: a map from the header's names to its fields, or the sequence of its fields.
#[derive(Clone, Copy)]
struct RecordDe<'a> {
    headers: &'a csv::StringRecord,
    record: &'a csv::StringRecord,
}

impl<'de> IntoDeserializer<'de, Error> for RecordDe<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for RecordDe<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let pairs = self
            .headers
            .iter()
            .zip(self.record.iter())
            .map(|(name, value)| (name, FieldDe(value)));
        visitor.visit_map(de::value::MapDeserializer::new(pairs))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(de::value::SeqDeserializer::new(
            self.record.iter().map(FieldDe),
        ))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct enum identifier ignored_any
    }
}

/// One field: text that reads as whatever the value asks for.
#[derive(Clone, Copy)]
struct FieldDe<'a>(&'a str);

impl<'de> IntoDeserializer<'de, Error> for FieldDe<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl FieldDe<'_> {
    fn parse<T: std::str::FromStr>(self, what: &str) -> Result<T, Error> {
        self.0
            .trim()
            .parse()
            .map_err(|_| Error::Message(format!("invalid {what}: {:?}", self.0)))
    }
}

macro_rules! parsed {
    ($($method:ident $visit:ident $ty:ty, $what:literal;)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.$visit(self.parse::<$ty>($what)?)
        })*
    };
}

impl<'de> de::Deserializer<'de> for FieldDe<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.0)
    }

    parsed! {
        deserialize_bool visit_bool bool, "boolean";
        deserialize_i8 visit_i8 i8, "integer";
        deserialize_i16 visit_i16 i16, "integer";
        deserialize_i32 visit_i32 i32, "integer";
        deserialize_i64 visit_i64 i64, "integer";
        deserialize_u8 visit_u8 u8, "integer";
        deserialize_u16 visit_u16 u16, "integer";
        deserialize_u32 visit_u32 u32, "integer";
        deserialize_u64 visit_u64 u64, "integer";
        deserialize_f32 visit_f32 f32, "number";
        deserialize_f64 visit_f64 f64, "number";
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.is_empty() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::value::BorrowedStrDeserializer::<Error>::new(self.0)
            .deserialize_enum(name, variants, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit unit_struct seq tuple tuple_struct
        map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Item {
        id: u32,
        name: String,
        price: Option<f64>,
        active: bool,
    }

    fn items() -> Vec<Item> {
        vec![
            Item {
                id: 1,
                name: "Widget, large".into(),
                price: Some(2.5),
                active: true,
            },
            Item {
                id: 2,
                name: "Gadget \"mini\"".into(),
                price: None,
                active: false,
            },
        ]
    }

    #[test]
    fn a_sequence_is_a_header_and_a_row_per_record_and_reads_back() {
        let bytes = to_bytes(&items()).unwrap();
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            "id,name,price,active\n1,\"Widget, large\",2.5,true\n2,\"Gadget \"\"mini\"\"\",,false\n"
        );
        assert_eq!(from_bytes::<Vec<Item>>(&bytes).unwrap(), items());
    }

    #[test]
    fn a_single_record_is_one_row_and_reads_back_as_one_value() {
        let item = items().remove(0);
        let bytes = to_bytes(&item).unwrap();
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            "id,name,price,active\n1,\"Widget, large\",2.5,true\n"
        );
        assert_eq!(from_bytes::<Item>(&bytes).unwrap(), item);
        let two = to_bytes(&items()).unwrap();
        assert_eq!(
            from_bytes::<Item>(&two).unwrap_err(),
            "expected one record, found 2"
        );
    }

    #[test]
    fn fields_of_the_wrong_type_and_nested_values_are_errors() {
        #[derive(serde::Serialize)]
        struct Nested {
            tags: Vec<String>,
        }
        let err = from_bytes::<Vec<Item>>(b"id,name,price,active\nx,a,,true\n").unwrap_err();
        assert_eq!(err, "invalid integer: \"x\"");
        assert!(
            to_bytes(&[Nested {
                tags: vec!["a".into()]
            }])
            .is_err()
        );
    }
}
