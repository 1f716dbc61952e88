//! Putting a whole backup back from the Restore screen. The running app cannot swap the data
//! file under its own host, so the window records the request and restarts the app; the new
//! start waits for the old one to let go of the folder, puts the backup in place (the current
//! data backed up first), and only then starts its host.

use std::path::Path;
use std::time::{Duration, Instant};

const REQUEST_FILE: &str = "restore-request";
/// How long a new start waits for the previous one to let go of the folder.
const WAIT_FOR_FOLDER: Duration = Duration::from_secs(20);

/// Records that `backup` (a name of the backup list) is to be restored at the next start.
pub fn request(data_dir: &Path, backup: &str) -> Result<(), String> {
    if !wayline_store::list_backups(data_dir)
        .iter()
        .any(|b| b.name == backup)
    {
        return Err(format!("there is no backup named {backup}"));
    }
    let path = data_dir.join(REQUEST_FILE);
    std::fs::write(&path, backup)
        .and_then(|()| std::fs::File::open(&path)?.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Carries out a recorded request, if there is one. `Err` says why the data is unchanged.
pub fn carry_out(data_dir: &Path) -> Result<Option<String>, String> {
    let path = data_dir.join(REQUEST_FILE);
    let Ok(name) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    // Taken before anything else, so a restore that fails is not tried again at every start.
    let _ = std::fs::remove_file(&path);
    let name = name.trim().to_owned();
    let Some(backup) = wayline_store::list_backups(data_dir)
        .into_iter()
        .find(|b| b.name == name)
    else {
        return Err(format!("the backup {name} is no longer there"));
    };
    let started = Instant::now();
    let _lock = loop {
        match wayline_host::FolderLock::acquire(data_dir) {
            Ok(lock) => break lock,
            Err(_) if started.elapsed() < WAIT_FOR_FOLDER => {
                std::thread::sleep(Duration::from_millis(100))
            }
            Err(e) => return Err(e.to_string()),
        }
    };
    let done = wayline_store::restore_whole_file(data_dir, &backup.path, wayline_store::now_ms())
        .map_err(|e| e.to_string())?;
    tracing::warn!(backup = %name, saved_first = ?done.current_backup, "whole data file restored");
    Ok(Some(name))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn a_recorded_request_puts_the_backup_back_once_and_backs_up_the_current_data_first() {
        let dir = tempfile::tempdir().unwrap();
        let store = wayline_store::Store::open(dir.path()).unwrap();
        store.create_project("Before").unwrap();
        let backup = store.backup_now(wayline_store::now_ms() - 60_000).unwrap();
        store.create_project("After").unwrap();
        drop(store);

        assert!(super::request(dir.path(), "no-such-backup").is_err());
        super::request(dir.path(), &backup.name).unwrap();
        assert_eq!(
            super::carry_out(dir.path()).unwrap().as_deref(),
            Some(backup.name.as_str())
        );
        let store = wayline_store::Store::open(dir.path()).unwrap();
        let names: Vec<String> = store
            .list_projects()
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["Before"]);
        // The state before the restore is a backup of its own, and the request is gone.
        assert_eq!(wayline_store::list_backups(dir.path()).len(), 2);
        assert_eq!(super::carry_out(dir.path()).unwrap(), None);
    }
}
