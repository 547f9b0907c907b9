//! A `tracing` subscriber that records the events of target `conneg`, so the integrations'
//! tests can assert what operators would see.

use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// The fields of one event, by name, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Logged(pub Vec<(String, String)>);

impl Logged {
    /// The value of field `name`, empty when the event has none.
    pub fn field(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// Records every event of target `conneg`; install with `tracing::subscriber::set_default`
/// on the thread that serves the requests.
#[derive(Debug, Clone, Default)]
pub struct Events(Arc<Mutex<Vec<Logged>>>);

impl Events {
    /// The events recorded so far.
    pub fn logged(&self) -> Vec<Logged> {
        self.0
            .lock()
            .expect("no test panicked while recording")
            .clone()
    }
}

struct Fields(Vec<(String, String)>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl Subscriber for Events {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        if event.metadata().target() == "conneg" {
            let mut fields = Fields(Vec::new());
            event.record(&mut fields);
            self.0
                .lock()
                .expect("no test panicked while recording")
                .push(Logged(fields.0));
        }
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}
