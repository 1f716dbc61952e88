//! The checks an incoming update passes before the host's replica of a map takes it: it must
//! be a Loro update whose history the host has, and it must keep the stored document under its
//! size limit. Both run without importing anything, and neither lets loro read a block whose
//! counts are forged (update_shape.rs).

use std::panic::{catch_unwind, AssertUnwindSafe};

use loro::{LoroDoc, VersionVector};
use wayline_model::schema::MAX_DOCUMENT_BYTES;

/// Why an update was refused; the connection turns it into an `Ack` status.
#[derive(Debug)]
pub enum Refusal {
    /// Not a Loro update, or one the model refuses (e.g. a newer schema).
    Invalid(String),
    /// The update needs history the host does not have: the client should rejoin.
    MissingHistory,
    /// It could not be stored; nothing was acknowledged.
    Storage(String),
}

/// Refuses, without importing, updates that are not Loro updates or that need history the host
/// lacks (checked from each blob's metadata; later updates of a batch may build on earlier ones).
pub(crate) fn precheck(known: &VersionVector, updates: &[Vec<u8>]) -> Option<Refusal> {
    let mut known = known.clone();
    for update in updates {
        if let Err(why) = crate::update_shape::check(update) {
            return Some(Refusal::Invalid(why));
        }
        // Reading a malformed blob's header can panic inside loro (found by fuzzing): a
        // refusal, never a dead connection task holding the room's lock.
        let meta = catch_unwind(AssertUnwindSafe(|| {
            LoroDoc::decode_import_blob_meta(update, false)
        }));
        let Ok(Ok(meta)) = meta else {
            return Some(Refusal::Invalid("not a Loro update".into()));
        };
        let starts_after = meta
            .partial_start_vv
            .iter()
            .any(|(peer, counter)| known.get(peer).copied().unwrap_or(0) < *counter);
        let needs = meta.start_frontiers.iter().any(|id| !known.includes_id(id));
        if starts_after || needs {
            return Some(Refusal::MissingHistory);
        }
        known.merge(&meta.partial_end_vv);
    }
    None
}

/// Refuses updates that would take the stored document (`stored` bytes now) past its limit.
pub(crate) fn within_document_limit(stored: usize, incoming: usize) -> Result<(), Refusal> {
    if stored.saturating_add(incoming) > MAX_DOCUMENT_BYTES {
        return Err(Refusal::Invalid(format!(
            "the map has reached its size limit of {} MB",
            MAX_DOCUMENT_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_may_grow_up_to_its_limit_and_not_past_it() {
        assert!(within_document_limit(0, MAX_DOCUMENT_BYTES).is_ok());
        assert!(within_document_limit(MAX_DOCUMENT_BYTES - 10, 10).is_ok());
        match within_document_limit(MAX_DOCUMENT_BYTES - 10, 11) {
            Err(Refusal::Invalid(why)) => assert!(why.contains("64 MB"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert!(within_document_limit(usize::MAX, 1).is_err());
    }

    #[test]
    fn bytes_that_are_no_update_are_refused_before_import() {
        let refusal = precheck(&VersionVector::default(), &[b"not loro".to_vec()]);
        assert!(matches!(refusal, Some(Refusal::Invalid(_))));
    }
}
