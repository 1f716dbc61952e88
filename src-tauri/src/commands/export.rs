//! Export to a file the user picks in the native save dialog.

use std::path::PathBuf;

use serde::Serialize;
use tauri_plugin_dialog::DialogExt;
use wayline_store::Store;

/// How a failed command reaches the UI: `{code, message}`, like the host's HTTP errors.
#[derive(Debug, Serialize)]
pub struct CommandError {
    code: String,
    message: String,
}

impl CommandError {
    pub fn new(code: &str, message: impl std::fmt::Display) -> Self {
        CommandError {
            code: code.to_owned(),
            message: message.to_string(),
        }
    }
}

/// Writes the map's PDF report or CSV where the user chooses. `None`: the user cancelled.
#[tauri::command]
pub async fn export_map(
    app: tauri::AppHandle,
    folder: tauri::State<'_, super::app::DataFolder>,
    map_id: String,
    format: String,
    paper: String,
) -> Result<Option<String>, CommandError> {
    let data_dir = folder.0.clone();
    let export = tauri::async_runtime::spawn_blocking(move || {
        // Reads what is on disk: every edit shown as saved is there.
        let store = Store::open(&data_dir).map_err(|e| CommandError::new(e.code(), e))?;
        let now = wayline_store::now_ms() / 1000;
        wayline_host::export::export_map(&store, &map_id, &format, Some(&paper), now)
            .map_err(|e| CommandError::new(e.code(), e))
    })
    .await
    .map_err(|e| CommandError::new("internal", e))??;

    // The host names the file; its extension is the save dialog's filter (pdf, csv, ics …).
    let extension = export
        .file_name
        .rsplit_once('.')
        .map_or("pdf", |(_, ext)| ext);
    let Some(path) = app
        .dialog()
        .file()
        .set_file_name(&export.file_name)
        .add_filter(extension.to_uppercase(), &[extension])
        .blocking_save_file()
    else {
        return Ok(None);
    };
    let path: PathBuf = path
        .into_path()
        .map_err(|e| CommandError::new("bad_path", e))?;
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, &export.bytes)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| CommandError::new("write_failed", format!("{}: {e}", path.display())))?;
    Ok(Some(path.display().to_string()))
}

/// Writes every project as a `.wayline` bundle into a folder the user picks. `None`: cancelled.
#[tauri::command]
pub async fn export_everything(
    app: tauri::AppHandle,
    folder: tauri::State<'_, super::app::DataFolder>,
) -> Result<Option<ExportedAll>, CommandError> {
    let Some(target) = app.dialog().file().blocking_pick_folder() else {
        return Ok(None);
    };
    let target: PathBuf = target
        .into_path()
        .map_err(|e| CommandError::new("bad_path", e))?;
    let data_dir = folder.0.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let store = Store::open(&data_dir).map_err(|e| CommandError::new(e.code(), e))?;
        let written = wayline_host::export::export_all(&store, &target)
            .map_err(|e| CommandError::new(e.code(), e))?;
        Ok(Some(ExportedAll {
            folder: target.display().to_string(),
            projects: written.len(),
        }))
    })
    .await
    .map_err(|e| CommandError::new("internal", e))?
}

/// Where "Export everything" wrote, and how many projects.
#[derive(Debug, Serialize)]
pub struct ExportedAll {
    folder: String,
    projects: usize,
}
