//! XML through quick-xml: a struct is the document's root element, named after the struct; a
//! sequence is a `<list>` of `<item>` elements.

use serde::Serialize;
use serde::de::DeserializeOwned;

const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// A sequence as the one field of a `<list>` root, each element an `<item>`.
struct List<'a, T: ?Sized> {
    item: &'a T,
}

impl<T: Serialize + ?Sized> Serialize for List<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut list = serializer.serialize_struct("list", 1)?;
        list.serialize_field("item", self.item)?;
        list.end()
    }
}

pub(crate) fn to_bytes<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, String> {
    let mut document = String::from(DECLARATION);
    // quick-xml names the root after the value's type; a sequence or a primitive has none.
    if quick_xml::se::to_writer(&mut document, value).is_err() {
        document.truncate(DECLARATION.len());
        quick_xml::se::to_writer_with_root(&mut document, "list", &List { item: value })
            .map_err(|e| e.to_string())?;
    }
    Ok(document.into_bytes())
}

pub(crate) fn from_bytes<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    quick_xml::de::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Item {
        id: u32,
        name: String,
    }

    #[test]
    fn a_struct_is_the_root_and_reads_back() {
        let item = Item {
            id: 7,
            name: "<b>&".into(),
        };
        let bytes = to_bytes(&item).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert_eq!(
            text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Item><id>7</id><name>&lt;b&gt;&amp;</name></Item>"
        );
        assert_eq!(from_bytes::<Item>(&bytes).unwrap(), item);
    }

    #[test]
    fn a_sequence_is_a_list_of_items() {
        let items = [1, 2];
        let text = String::from_utf8(to_bytes(&items[..]).unwrap()).unwrap();
        assert!(
            text.ends_with("<list><item>1</item><item>2</item></list>"),
            "{text}"
        );
    }

    #[test]
    fn broken_xml_is_an_error_not_a_panic() {
        assert!(from_bytes::<Item>(b"<Item><id>x</id>").is_err());
        assert!(from_bytes::<Item>(&[0xff, 0xfe]).is_err());
    }
}
