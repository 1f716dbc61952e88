//! Storage errors, each with a message that tells the user what to do.

use std::path::PathBuf;
use std::sync::Arc;

use thiserror::Error;

#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("cannot use the data folder {path}: {source}{}", folder_advice(source))]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the data file {path} is damaged or is not a Wayline file ({detail}). Nothing was changed"
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error("the data file {path} was written by a newer version of Wayline; install that version or newer to open it. Nothing was changed")]
    NewerFile { path: PathBuf },
    #[error("the data file {path} is read-only: Wayline has to write there (check the file's and the folder's permissions, or whether the disk is mounted read-only). Nothing was changed")]
    ReadOnly { path: PathBuf },
    #[error("the disk that holds {path} is full: free some space and try again (the last change was not saved; everything saved before it is safe)")]
    DiskFull { path: PathBuf },
    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: String },
    #[error("invalid input: {0}")]
    Invalid(String),
    /// A `.wayline` bundle refused before anything was written: `problem` is its stable code
    /// (which the UI words in its own language), `message` the English sentence for the CLI.
    #[error("{message}")]
    BadBundle {
        problem: BundleProblem,
        message: String,
    },
    #[error("the map document {map_id} could not be loaded: {source}")]
    Document {
        map_id: String,
        source: wayline_model::ModelError,
    },
    #[error("{}", sqlite_message(.0))]
    Sqlite(#[from] rusqlite::Error),
    #[error("database migration failed: {0}")]
    Migration(String),
    /// The failure of a transaction several callers shared (`appends.rs`), as each of them
    /// receives it: same code, same message.
    #[error(transparent)]
    Shared(Arc<StoreError>),
    /// The write this call was part of stopped before answering it (nothing of it is known to
    /// be stored).
    #[error("the change was not saved: the write it was part of stopped before the end")]
    Interrupted,
    /// An earlier change this one builds on could not be saved, so this one was not written
    /// either (`appends.rs`, chains).
    #[error("the change was not saved: a change made just before it could not be saved")]
    EarlierChangeFailed,
}

/// Why a `.wayline` bundle was refused. Each code has its sentence in the UI's catalogs
/// (`catalog.import.problem.<code>`, checked by `tests/bundle.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleProblem {
    TooLarge,
    Unreadable,
    NotABundle,
    Newer,
    Checksum,
    Content,
    TooMany,
    DamagedMap,
    DamagedPicture,
}

impl BundleProblem {
    pub const ALL: [BundleProblem; 9] = [
        BundleProblem::TooLarge,
        BundleProblem::Unreadable,
        BundleProblem::NotABundle,
        BundleProblem::Newer,
        BundleProblem::Checksum,
        BundleProblem::Content,
        BundleProblem::TooMany,
        BundleProblem::DamagedMap,
        BundleProblem::DamagedPicture,
    ];

    pub fn code(self) -> &'static str {
        match self {
            BundleProblem::TooLarge => "bundle_too_large",
            BundleProblem::Unreadable => "bundle_unreadable",
            BundleProblem::NotABundle => "bundle_not_wayline",
            BundleProblem::Newer => "bundle_newer",
            BundleProblem::Checksum => "bundle_checksum",
            BundleProblem::Content => "bundle_content",
            BundleProblem::TooMany => "bundle_too_many",
            BundleProblem::DamagedMap => "bundle_damaged_map",
            BundleProblem::DamagedPicture => "bundle_damaged_picture",
        }
    }
}

impl StoreError {
    /// Every code [`StoreError::code`] gives, but those of [`BundleProblem`].
    pub const CODES: [&'static str; 11] = [
        "read_only",
        "disk_full",
        "data_folder",
        "corrupt_file",
        "newer_file",
        "not_found",
        "invalid_input",
        "document",
        "storage",
        "file_locked",
        "cannot_open",
    ];

    /// A stable code for the UI and scripts to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Folder { source, .. } => match source.kind() {
                std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied => {
                    "read_only"
                }
                std::io::ErrorKind::StorageFull => "disk_full",
                _ => "data_folder",
            },
            StoreError::Corrupt { .. } => "corrupt_file",
            StoreError::NewerFile { .. } => "newer_file",
            StoreError::ReadOnly { .. } => "read_only",
            StoreError::DiskFull { .. } => "disk_full",
            StoreError::NotFound { .. } => "not_found",
            StoreError::Invalid(_) => "invalid_input",
            StoreError::BadBundle { problem, .. } => problem.code(),
            StoreError::Document { .. } => "document",
            StoreError::Sqlite(e) => sqlite_code(e),
            StoreError::Migration(_)
            | StoreError::Interrupted
            | StoreError::EarlierChangeFailed => "storage",
            StoreError::Shared(e) => e.code(),
        }
    }
}

fn folder_advice(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied => {
            ". Wayline has to write there: check the folder's permissions, or whether the disk \
             is mounted read-only"
        }
        std::io::ErrorKind::StorageFull => ". The disk is full: free some space and try again",
        _ => "",
    }
}

/// The conditions of the disk and the file a person can do something about, by SQLite's code.
fn sqlite_code(e: &rusqlite::Error) -> &'static str {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::DiskFull) => "disk_full",
        Some(C::ReadOnly) => "read_only",
        Some(C::DatabaseBusy | C::DatabaseLocked) => "file_locked",
        Some(C::CannotOpen | C::PermissionDenied) => "cannot_open",
        Some(C::NotADatabase | C::DatabaseCorrupt) => "corrupt_file",
        _ => "storage",
    }
}

fn sqlite_message(e: &rusqlite::Error) -> String {
    match sqlite_code(e) {
        "disk_full" => "the disk that holds the data file is full: free some space and try again \
                        (the change was not saved)"
            .into(),
        "read_only" => "the data file or its folder is read-only: Wayline has to write there \
                        (check the folder's permissions, or whether the disk is mounted read-only)"
            .into(),
        "file_locked" => "the data file is locked by another program (a backup or sync tool, or a \
                          database viewer): close it and try again"
            .into(),
        "cannot_open" => "the data file cannot be opened: check that its folder exists and that \
                          you may write there"
            .into(),
        "corrupt_file" => format!("the data file is damaged ({e})"),
        _ => format!("database error: {e}"),
    }
}

/// `Ok` when a write touched a row, `NotFound` otherwise (the id named nothing).
pub(crate) fn touched(changed: usize, what: &'static str, id: &str) -> Result<(), StoreError> {
    if changed == 0 {
        Err(StoreError::NotFound {
            what,
            id: id.to_owned(),
        })
    } else {
        Ok(())
    }
}

/// SQLite reports a write that found no room as a plain I/O error when it happens in the
/// journal; with the folder's free space at hand it becomes the full disk it is.
pub(crate) fn explain_io(e: StoreError, dir: &std::path::Path) -> StoreError {
    let io_failure = matches!(
        &e,
        StoreError::Sqlite(s) if matches!(
            s.sqlite_error_code(),
            Some(rusqlite::ErrorCode::SystemIoFailure | rusqlite::ErrorCode::DiskFull)
        )
    );
    if io_failure && free_bytes(dir).is_some_and(|free| free < 1024 * 1024) {
        StoreError::DiskFull {
            path: dir.to_owned(),
        }
    } else {
        e
    }
}

#[cfg(unix)]
fn free_bytes(dir: &std::path::Path) -> Option<u64> {
    let s = rustix::fs::statvfs(dir).ok()?;
    Some(s.f_bavail.saturating_mul(s.f_frsize))
}

#[cfg(not(unix))]
fn free_bytes(_dir: &std::path::Path) -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant's code is in [`StoreError::CODES`] or is a bundle problem's; the match has
    /// no wildcard, so a new variant does not compile until it is listed here.
    #[test]
    fn every_code_is_listed() {
        let io = |kind| std::io::Error::new(kind, "x");
        let path = PathBuf::from("x");
        let samples = vec![
            StoreError::Folder {
                path: path.clone(),
                source: io(std::io::ErrorKind::PermissionDenied),
            },
            StoreError::Folder {
                path: path.clone(),
                source: io(std::io::ErrorKind::StorageFull),
            },
            StoreError::Folder {
                path: path.clone(),
                source: io(std::io::ErrorKind::NotFound),
            },
            StoreError::Corrupt {
                path: path.clone(),
                detail: "x".into(),
            },
            StoreError::NewerFile { path: path.clone() },
            StoreError::ReadOnly { path: path.clone() },
            StoreError::DiskFull { path },
            StoreError::NotFound {
                what: "map",
                id: "x".into(),
            },
            StoreError::Invalid("x".into()),
            StoreError::Document {
                map_id: "x".into(),
                source: wayline_model::ModelError::MissingHistory,
            },
            StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows),
            StoreError::Migration("x".into()),
            StoreError::Shared(Arc::new(StoreError::Interrupted)),
            StoreError::Interrupted,
            StoreError::EarlierChangeFailed,
        ];
        for e in &samples {
            match e {
                StoreError::Folder { .. }
                | StoreError::Corrupt { .. }
                | StoreError::NewerFile { .. }
                | StoreError::ReadOnly { .. }
                | StoreError::DiskFull { .. }
                | StoreError::NotFound { .. }
                | StoreError::Invalid(_)
                | StoreError::BadBundle { .. }
                | StoreError::Document { .. }
                | StoreError::Sqlite(_)
                | StoreError::Migration(_)
                | StoreError::Shared(_)
                | StoreError::Interrupted
                | StoreError::EarlierChangeFailed => {}
            }
            assert!(StoreError::CODES.contains(&e.code()), "{}", e.code());
        }
        use rusqlite::ffi;
        for sqlite in [
            ffi::SQLITE_FULL,
            ffi::SQLITE_READONLY,
            ffi::SQLITE_BUSY,
            ffi::SQLITE_CANTOPEN,
            ffi::SQLITE_NOTADB,
            ffi::SQLITE_IOERR,
        ] {
            let e = StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                ffi::Error::new(sqlite),
                None,
            ));
            assert!(StoreError::CODES.contains(&e.code()), "{}", e.code());
        }
    }
}
