//! Integration tests of the `conneg` core crate, as one test binary.

mod corpus;
mod properties;
mod reference;
mod rfc;
mod select;
mod select_properties;
