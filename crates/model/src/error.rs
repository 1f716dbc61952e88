//! Errors of the map model, typed so callers can tell bad input from a damaged document.

use thiserror::Error;

#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The bytes are not a Loro document or update this version can read.
    #[error("the map document could not be read: {0}")]
    Decode(String),
    /// An update refers to history the document does not have yet.
    #[error("the update depends on changes the document does not have")]
    MissingHistory,
    /// The document was written by a newer Wayline.
    #[error("this map was saved by a newer Wayline (schema {found}, this version reads up to {supported}); update Wayline to open it")]
    NewerSchema { found: i64, supported: i64 },
    #[error("unknown {what}: {value}")]
    Unknown { what: &'static str, value: String },
    #[error("invalid input: {0}")]
    Invalid(String),
    #[error("document edit failed: {0}")]
    Edit(String),
}

impl From<loro::LoroError> for ModelError {
    fn from(e: loro::LoroError) -> Self {
        ModelError::Edit(e.to_string())
    }
}
