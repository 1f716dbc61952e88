//! Storage errors, each with a message that tells the user what to do.

use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("cannot use the data folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the data file {path} is damaged or is not a Wayline file ({detail}). Nothing was changed; move the file aside (or restore a backup) and start Wayline again")]
    Corrupt { path: PathBuf, detail: String },
    #[error("the data file {path} was written by a newer version of Wayline; install that version or newer to open it. Nothing was changed")]
    NewerFile { path: PathBuf },
    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: String },
    #[error("invalid input: {0}")]
    Invalid(String),
    #[error("the map document {map_id} could not be loaded: {source}")]
    Document {
        map_id: String,
        source: wayline_model::ModelError,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database migration failed: {0}")]
    Migration(String),
}

impl StoreError {
    /// A stable code for the UI and scripts to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Folder { .. } => "data_folder",
            StoreError::Corrupt { .. } => "corrupt_file",
            StoreError::NewerFile { .. } => "newer_file",
            StoreError::NotFound { .. } => "not_found",
            StoreError::Invalid(_) => "invalid_input",
            StoreError::Document { .. } => "document",
            StoreError::Sqlite(_) | StoreError::Migration(_) => "storage",
        }
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
