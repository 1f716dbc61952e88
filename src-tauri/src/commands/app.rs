//! State the commands share.

use std::path::PathBuf;

/// The data folder this window uses (exports read the maps from it).
pub struct DataFolder(pub PathBuf);
