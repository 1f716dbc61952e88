//! Application-level commands.

use std::path::PathBuf;

/// The data folder this window uses, for the UI's "where is my data" note.
pub struct DataFolder(pub PathBuf);

#[tauri::command]
pub fn data_folder(folder: tauri::State<'_, DataFolder>) -> String {
    folder.0.display().to_string()
}
