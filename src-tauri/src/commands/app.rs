//! State the commands share.

use std::path::PathBuf;

/// The data folder this window uses (exports read the maps from it).
pub struct DataFolder(pub PathBuf);

/// True when the host could not start: only then may the window ask for a recovery.
pub struct StartupFailed(pub bool);
