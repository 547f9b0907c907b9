//! The negotiated outcome current on a thread while the future of a negotiated handler is
//! polled: how `NegotiateHandler` hands it to the [`Negotiated`] extractor.

use std::cell::Cell;

use crate::representations::Negotiated;

thread_local! {
    /// The outcome of the innermost negotiated handler being polled on this thread.
    static CURRENT: Cell<Option<Negotiated>> = const { Cell::new(None) };
}

/// Runs `f` with `outcome` current, then takes it back into `outcome` and makes current again
/// what was (also when `f` panics): nested negotiations each see their own.
pub(crate) fn during<R>(outcome: &mut Option<Negotiated>, f: impl FnOnce() -> R) -> R {
    /// Puts the outcome back where it came from when dropped.
    struct Restore<'a> {
        outcome: &'a mut Option<Negotiated>,
        previous: Option<Negotiated>,
    }
    impl Drop for Restore<'_> {
        fn drop(&mut self) {
            let previous = self.previous.take();
            // Reachable: the storage was there when `f` began, and lives until the thread ends.
            if let Ok(mine) = CURRENT.try_with(|c| c.replace(previous)) {
                *self.outcome = mine;
            }
        }
    }
    let Ok(previous) = CURRENT.try_with(|c| c.replace(outcome.take())) else {
        return f();
    };
    let _restore = Restore { outcome, previous };
    f()
}

/// A clone of the current outcome, if any: what the axum extractor takes.
pub(crate) fn get() -> Option<Negotiated> {
    CURRENT
        .try_with(|c| {
            let outcome = c.take();
            let clone = outcome.clone();
            c.set(outcome);
            clone
        })
        .ok()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, Representations};

    fn outcome(format: Format) -> Negotiated {
        Representations::new([format])
            .negotiate(&http::HeaderMap::new())
            .unwrap()
    }

    fn current_format() -> Option<Format> {
        get().and_then(|n| n.format())
    }

    #[test]
    fn the_innermost_outcome_is_current_and_each_is_given_back() {
        let mut json = Some(outcome(Format::Json));
        let mut html = Some(outcome(Format::Html));
        assert_eq!(current_format(), None);
        during(&mut json, || {
            assert_eq!(current_format(), Some(Format::Json));
            during(&mut html, || {
                assert_eq!(current_format(), Some(Format::Html));
            });
            // The inner one given back, the outer one current again.
            assert_eq!(current_format(), Some(Format::Json));
        });
        assert_eq!(current_format(), None);
        assert_eq!(json.and_then(|n| n.format()), Some(Format::Json));
        assert_eq!(html.and_then(|n| n.format()), Some(Format::Html));
    }

    #[test]
    fn a_panic_gives_the_outcome_back() {
        let mut json = Some(outcome(Format::Json));
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            during(&mut json, || panic!("the handler panics"));
        }));
        assert!(panicked.is_err());
        assert_eq!(current_format(), None);
        assert_eq!(json.and_then(|n| n.format()), Some(Format::Json));
    }
}
