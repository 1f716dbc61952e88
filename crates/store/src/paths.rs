//! Where Wayline keeps its data by default, shared by the desktop app and the command line so
//! both open the same file unless told otherwise.

use std::path::PathBuf;

/// `$WAYLINE_DATA_DIR`, else `$XDG_DATA_HOME/wayline`, else `~/.local/share/wayline`
/// (on macOS `~/Library/Application Support/Wayline`, on Windows `%APPDATA%\Wayline`).
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("WAYLINE_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    if cfg!(windows) {
        if let Some(appdata) = std::env::var_os("APPDATA") {
            return PathBuf::from(appdata).join("Wayline");
        }
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    if cfg!(target_os = "macos") {
        return home.join("Library/Application Support/Wayline");
    }
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(xdg).join("wayline");
    }
    home.join(".local/share/wayline")
}
