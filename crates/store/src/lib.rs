//! SQLite storage for Wayline: one file per data folder.
//!
//! Owns the catalog (projects, maps and their read-only projection), the map documents as
//! append-only Loro updates plus compacted snapshots, settings, and the schema migrations.
//! Every write runs in an IMMEDIATE transaction and is durable (`synchronous=FULL`) when the
//! call returns, so a caller may acknowledge it. Document updates of all maps that arrive
//! together share one such transaction (`appends.rs`), each caller still answered only once it
//! is durable. This crate knows nothing of HTTP or Tauri.

mod appends;
mod backup_restore;
mod backups;
mod brainstorm;
mod bundle;
mod catalog;
mod db;
mod documents;
mod error;
pub mod group;
mod paths;
mod personas;
mod project_trash;
mod recovery;
mod salvage;
mod samples;
mod settings;
mod workshops;

pub use appends::{AppendChain, QueuedAppend};
pub use backup_restore::{inspect_backup, BackupContents};
pub use backups::{backup_dir, copy_database, list_backups, to_keep, BackupInfo};
pub use brainstorm::{IdeaChange, IdeaCounts};
pub use bundle::{BUNDLE_VERSION, MAX_BUNDLE_BYTES};
pub use catalog::{MapSummary, ProjectSummary, TrashedMap, MAX_PROJECT_NAME_CHARS};
pub use db::{Store, DB_FILE_NAME};
pub use documents::{StoredDoc, COMPACT_AFTER_UPDATES};
pub use error::{BundleProblem, StoreError};
pub use paths::default_data_dir;
pub use personas::{
    picture_type, Persona, PersonaFields, MAX_FIELD_CHARS as MAX_PERSONA_FIELD_CHARS,
    MAX_PICTURE_BYTES, MAX_PICTURE_SIDE,
};
pub use project_trash::{Emptied, TrashedProject, TRASH_DAYS};
pub use recovery::{
    file_health, newest_good_backup, recover, recovery_options, restore_whole_file, set_aside,
    FileHealth, RecoveryChoice, RecoveryOptions, RecoveryOutcome, WholeRestore,
};
pub use settings::Settings;
pub use workshops::{NewWorkshop, Participant, Role, Workshop};

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
