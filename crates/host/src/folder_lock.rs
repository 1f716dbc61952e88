//! One host per data folder. Two hosts writing one SQLite file would each miss the other's
//! edits, so the second is refused and told where the first one is; the desktop app uses that
//! to open its window on the running host instead.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::HostError;

const LOCK_FILE: &str = "host.lock";

/// Where a running host can be reached; written into the lock file it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunningHostInfo {
    pub url: String,
    pub token: String,
    pub pid: u32,
}

/// Held for the host's lifetime; the OS releases the lock when the process ends, even on a
/// crash, so a stale file never blocks a restart.
pub struct FolderLock {
    file: File,
}

fn open(dir: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(dir.join(LOCK_FILE))
}

fn read_info(file: &mut File) -> Option<RunningHostInfo> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_string(&mut text).ok()?;
    serde_json::from_str(&text).ok()
}

impl FolderLock {
    pub fn acquire(dir: &Path) -> Result<FolderLock, HostError> {
        let folder_error = |e: std::io::Error| {
            HostError::Store(wayline_store::StoreError::Folder {
                path: dir.to_owned(),
                source: e,
            })
        };
        std::fs::create_dir_all(dir).map_err(folder_error)?;
        let mut file = open(dir).map_err(folder_error)?;
        match file.try_lock() {
            Ok(()) => Ok(FolderLock { file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(HostError::FolderInUse {
                folder: dir.display().to_string(),
                url: read_info(&mut file).map(|i| format!("{}/?token={}", i.url, i.token)),
            }),
            Err(std::fs::TryLockError::Error(e)) => Err(folder_error(e)),
        }
    }

    /// Records where this host listens, for a second app started on the same folder.
    pub fn publish(&mut self, info: &RunningHostInfo) -> std::io::Result<()> {
        let text = serde_json::to_string(info).map_err(std::io::Error::other)?;
        self.file.set_len(0)?;
        self.file.seek(SeekFrom::Start(0))?;
        self.file.write_all(text.as_bytes())?;
        self.file.sync_data()
    }
}

/// The host that currently holds `dir`, if one does.
pub fn read_running_host(dir: &Path) -> Option<RunningHostInfo> {
    let mut file = OpenOptions::new()
        .read(true)
        .open(dir.join(LOCK_FILE))
        .ok()?;
    match file.try_lock_shared() {
        Ok(()) => None, // Nobody holds it.
        Err(_) => read_info(&mut file),
    }
}
