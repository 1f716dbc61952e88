//! The start-up screen's way out of a data file that cannot be opened: one of the store's three
//! recovery choices, then a fresh start of the app. Allowed only while the window shows that
//! screen, so nothing else in the window can set the data file aside.

use wayline_store::{RecoveryChoice, RecoveryOptions, RecoveryOutcome};

use super::app::{DataFolder, StartupFailed};
use super::export::CommandError;

fn only_after_a_failed_start(failed: &StartupFailed) -> Result<(), CommandError> {
    if failed.0 {
        Ok(())
    } else {
        Err(CommandError::new(
            "forbidden",
            "recovery is offered only when Wayline could not open its data",
        ))
    }
}

#[tauri::command]
pub fn recovery_options(
    folder: tauri::State<'_, DataFolder>,
    failed: tauri::State<'_, StartupFailed>,
) -> Result<RecoveryOptions, CommandError> {
    only_after_a_failed_start(&failed)?;
    Ok(wayline_store::recovery_options(&folder.0))
}

#[tauri::command]
pub async fn recover_data(
    folder: tauri::State<'_, DataFolder>,
    failed: tauri::State<'_, StartupFailed>,
    choice: String,
) -> Result<RecoveryOutcome, CommandError> {
    only_after_a_failed_start(&failed)?;
    let choice = RecoveryChoice::parse(&choice)
        .ok_or_else(|| CommandError::new("invalid_input", format!("unknown choice {choice:?}")))?;
    let data_dir = folder.0.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let _lock = wayline_host::FolderLock::acquire(&data_dir)
            .map_err(|e| CommandError::new(e.code(), e))?;
        wayline_store::recover(&data_dir, choice, wayline_store::now_ms())
            .map_err(|e| CommandError::new(e.code(), e))
    })
    .await
    .map_err(|e| CommandError::new("internal", e))?
}

/// Starts the app again, which opens the data file anew.
#[tauri::command]
pub fn restart_app(app: tauri::AppHandle) {
    app.restart();
}

/// The diagnostics of this window's data folder, also when its host could not start.
#[tauri::command]
pub async fn diagnostics(
    folder: tauri::State<'_, DataFolder>,
) -> Result<wayline_host::diagnostics::Diagnostics, CommandError> {
    let data_dir = folder.0.clone();
    tauri::async_runtime::spawn_blocking(move || wayline_host::diagnostics::gather(&data_dir))
        .await
        .map_err(|e| CommandError::new("internal", e))
}

/// Restores the whole data file from the backup `name` (see `pending_restore.rs`): recorded
/// now, carried out by the fresh start this command triggers.
#[tauri::command]
pub fn restore_whole_file(
    app: tauri::AppHandle,
    folder: tauri::State<'_, DataFolder>,
    name: String,
) -> Result<(), CommandError> {
    crate::pending_restore::request(&folder.0, &name)
        .map_err(|e| CommandError::new("not_found", e))?;
    app.restart();
}
