//! Entry points for fuzzing what a hostile client or file can send the host: protocol messages
//! with fragment reassembly, document updates through the host's own validation, and `.wayline`
//! bundles. Each must only ever refuse, never panic or hang. Used by the `cargo fuzz` targets in
//! `fuzz/` and by the short smoke run of `make test` (`tests/fuzz_smoke.rs`).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;
use std::time::Instant;

use loro_protocol::ProtocolMessage;
use wayline_model::MapDoc;

use crate::ws::limits::{Assemblies, FragmentOutcome};

/// Splits fuzz input into messages (a two-byte length before each) and feeds them to the
/// decoder and, for fragments, to one connection's reassembly.
pub fn protocol_messages(data: &[u8]) {
    let mut assemblies = Assemblies::default();
    let now = Instant::now();
    let mut rest = data;
    while rest.len() >= 2 {
        let len = usize::from(u16::from_le_bytes([rest[0], rest[1]])).min(rest.len() - 2);
        let (frame, tail) = rest[2..].split_at(len);
        rest = tail;
        let Ok(message) = crate::protocol::decode_checked(frame) else {
            continue;
        };
        match message {
            ProtocolMessage::DocUpdateFragmentHeader {
                room_id,
                batch_id,
                fragment_count,
                total_size_bytes,
                ..
            } => {
                let _ = assemblies.start(batch_id, room_id, fragment_count, total_size_bytes, now);
            }
            ProtocolMessage::DocUpdateFragment {
                batch_id,
                index,
                fragment,
                ..
            } => {
                if let FragmentOutcome::Complete { update, .. } =
                    assemblies.add(batch_id, index, fragment)
                {
                    document_update(&update);
                }
            }
            ProtocolMessage::DocUpdate { updates, .. } => {
                for update in updates {
                    document_update(&update);
                }
            }
            _ => {}
        }
    }
    let _ = assemblies.expire(now + std::time::Duration::from_secs(3600));
}

/// A sample map, as a snapshot, that updates are applied to.
fn base() -> &'static [u8] {
    static BASE: OnceLock<Vec<u8>> = OnceLock::new();
    BASE.get_or_init(|| {
        wayline_model::templates::instantiate(
            "lifecycle",
            wayline_model::Locale::ZhTw,
            None,
            "T",
            0,
        )
        .and_then(|doc| doc.export_snapshot())
        .unwrap_or_default()
    })
}

/// An update from a client, through what the host does before storing it: the metadata
/// precheck, the import (whose panics the host catches, as here), and the model's checks.
pub fn document_update(update: &[u8]) {
    let Ok(doc) = MapDoc::load(Some(base()), &[]) else {
        return;
    };
    if crate::rooms::precheck(&doc.loro().oplog_vv(), &[update.to_vec()]).is_some() {
        return;
    }
    let numbers = doc.metric_numbers();
    let sizes = doc.sizes();
    let _ = catch_unwind(AssertUnwindSafe(|| {
        if doc.import(update).is_ok() && doc.check_schema().is_ok() {
            let _ = doc.check_growth(sizes);
            let _ = doc.first_new_impossible_metric_value(&numbers);
            let _ = doc.view();
        }
    }));
}

/// A `.wayline` bundle offered for import, into a scratch data folder.
pub fn bundle(data: &[u8]) {
    static STORE: OnceLock<Option<(tempfile_dir::Dir, wayline_store::Store)>> = OnceLock::new();
    let store = STORE.get_or_init(|| {
        let dir = tempfile_dir::Dir::new()?;
        let store = wayline_store::Store::open(dir.path()).ok()?;
        Some((dir, store))
    });
    if let Some((_, store)) = store {
        let _ = store.import_bundle(data);
    }
}

/// A scratch folder removed when the process ends normally.
mod tempfile_dir {
    use std::path::{Path, PathBuf};

    pub struct Dir(PathBuf);

    impl Dir {
        pub fn new() -> Option<Dir> {
            let path = std::env::temp_dir()
                .join(format!("wayline-fuzz-{}", uuid::Uuid::new_v4().simple()));
            std::fs::create_dir_all(&path).ok()?;
            Some(Dir(path))
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
