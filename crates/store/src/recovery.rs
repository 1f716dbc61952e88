//! What a person can do when the data file cannot be opened: restore the newest good backup,
//! salvage what can still be read, or start a new empty file. Every choice first sets the
//! damaged file aside under a dated name (with its `-wal` and `-shm`), so nothing is ever
//! overwritten or deleted; the desktop window, `wayline serve` and `wayline recover` all call
//! this one module.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::backups::{copy_database, list_backups, BackupInfo};
use crate::salvage::salvage_into;
use crate::{Store, StoreError, DB_FILE_NAME};

/// The three ways out of a data file that cannot be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RecoveryChoice {
    RestoreBackup,
    Salvage,
    StartEmpty,
}

impl RecoveryChoice {
    pub fn parse(s: &str) -> Option<RecoveryChoice> {
        match s {
            "restore_backup" | "restore-backup" => Some(RecoveryChoice::RestoreBackup),
            "salvage" => Some(RecoveryChoice::Salvage),
            "start_empty" | "start-empty" => Some(RecoveryChoice::StartEmpty),
            _ => None,
        }
    }
}

/// What a recovery did, in figures the person can check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RecoveryOutcome {
    pub choice: RecoveryChoice,
    /// Where the file that could not be opened now is (it is never deleted).
    pub kept_as: Option<String>,
    /// The backup put back, for `restore_backup`.
    pub backup: Option<String>,
    pub projects: usize,
    pub maps: usize,
    /// Maps of the damaged file of which nothing could be read.
    pub maps_lost: usize,
    pub personas: usize,
}

/// What the start-up screen offers for a data file that cannot be opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RecoveryOptions {
    pub data_dir: String,
    pub log_dir: String,
    /// The newest backup that is itself readable, and when it was made.
    pub backup_name: Option<String>,
    #[ts(type = "number | null")]
    pub backup_created_at_ms: Option<i64>,
}

/// The choices for `data_dir` as they stand now (a backup may have appeared since start).
pub fn recovery_options(data_dir: &Path) -> RecoveryOptions {
    let backup = newest_good_backup(data_dir);
    RecoveryOptions {
        data_dir: data_dir.display().to_string(),
        log_dir: data_dir.join("logs").display().to_string(),
        backup_name: backup.as_ref().map(|b| b.name.clone()),
        backup_created_at_ms: backup.map(|b| b.created_at_ms),
    }
}

/// The health of a data file as `wayline check` and the start-up screen report it.
#[derive(Debug, Clone, PartialEq)]
pub struct FileHealth {
    pub version: i64,
    pub projects: i64,
    pub maps: i64,
}

/// The health as a person reads it: `integrity ok, file version 4, 2 projects, 5 maps`.
impl std::fmt::Display for FileHealth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "integrity ok, file version {}, {} projects, {} maps",
            self.version, self.projects, self.maps
        )
    }
}

/// Reads a data file without changing it: integrity, schema version, projects and maps.
pub fn file_health(path: &Path) -> Result<FileHealth, String> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| e.to_string())?;
    match health_of(&conn) {
        // A WAL file in a read-only folder cannot be opened the usual way (SQLite would create
        // its shared-memory file beside it); read as an unchanging file instead.
        Err(Some(rusqlite::ErrorCode::CannotOpen)) => {
            let conn = Connection::open_with_flags(
                format!("file:{}?immutable=1", uri_path(path)),
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
            )
            .map_err(|e| e.to_string())?;
            health_of(&conn).map_err(|_| read_failure(&conn))?
        }
        Err(_) => Err(read_failure(&conn)),
        Ok(h) => h,
    }
}

/// `path` for a `file:` URI: the characters a URI gives a meaning to are escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Why `conn` cannot be read, in words (the health check again, for its message).
fn read_failure(conn: &Connection) -> String {
    match conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)) {
        Err(e) => format!("not a Wayline data file ({e})"),
        Ok(_) => "the file could not be read".into(),
    }
}

/// The health, or the SQLite code of the first read that failed (`None`: no code).
fn health_of(conn: &Connection) -> Result<Result<FileHealth, String>, Option<rusqlite::ErrorCode>> {
    let code = |e: rusqlite::Error| e.sqlite_error_code();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(code)?;
    if integrity != "ok" {
        return Ok(Err(format!("damaged: {integrity}")));
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(code)?;
    let supported = Store::schema_version() as i64;
    if version > supported {
        return Ok(Err(format!(
            "written by a newer Wayline (file version {version}, this one reads up to {supported})"
        )));
    }
    let count = |sql: &str| -> Result<i64, String> {
        conn.query_row(sql, [], |r| r.get(0))
            .map_err(|e| format!("not a Wayline data file ({e})"))
    };
    // A file created but never set up (the first start stopped early) is empty, not foreign.
    let tables = match count("SELECT count(*) FROM sqlite_master") {
        Ok(n) => n,
        Err(e) => return Ok(Err(e)),
    };
    if version == 0 && tables == 0 {
        return Ok(Ok(FileHealth {
            version,
            projects: 0,
            maps: 0,
        }));
    }
    Ok((|| {
        Ok(FileHealth {
            version,
            projects: count("SELECT count(*) FROM projects")?,
            maps: count("SELECT count(*) FROM maps")?,
        })
    })())
}

/// The newest backup that is itself readable and not from a newer Wayline.
pub fn newest_good_backup(data_dir: &Path) -> Option<BackupInfo> {
    list_backups(data_dir)
        .into_iter()
        .find(|b| file_health(&b.path).is_ok())
}

/// Moves the data file and its journal aside as `wayline.sqlite3.damaged-<stamp>` (and
/// `-wal`/`-shm` likewise). Returns the new name of the main file, `None` when there was none.
pub fn set_aside(data_dir: &Path, now_ms: i64) -> Result<Option<PathBuf>, StoreError> {
    let stamp = wayline_model::dates::file_stamp(now_ms);
    // Never onto an earlier aside copy: a second recovery in the same second gets `-2`.
    let mut tag = format!("damaged-{stamp}");
    let mut n = 1;
    while data_dir
        .join(format!("{DB_FILE_NAME}.{tag}"))
        .try_exists()
        .unwrap_or(true)
    {
        n += 1;
        tag = format!("damaged-{stamp}-{n}");
    }
    let mut kept = None;
    // The journal first: a main file left without its WAL would lose the WAL's pages.
    for suffix in ["-shm", "-wal", ""] {
        let from = data_dir.join(format!("{DB_FILE_NAME}{suffix}"));
        if !from.exists() {
            continue;
        }
        let to = data_dir.join(format!("{DB_FILE_NAME}{suffix}.{tag}"));
        std::fs::rename(&from, &to).map_err(|source| StoreError::Folder {
            path: from.clone(),
            source,
        })?;
        if suffix.is_empty() {
            kept = Some(to);
        }
    }
    if let Ok(dir) = std::fs::File::open(data_dir) {
        let _ = dir.sync_all();
    }
    Ok(kept)
}

/// Carries out `choice` on the data folder. The caller makes sure no Wayline holds the folder.
pub fn recover(
    data_dir: &Path,
    choice: RecoveryChoice,
    now_ms: i64,
) -> Result<RecoveryOutcome, StoreError> {
    let backup = match choice {
        RecoveryChoice::RestoreBackup => Some(newest_good_backup(data_dir).ok_or_else(|| {
            StoreError::Invalid("there is no usable backup of this data folder".into())
        })?),
        _ => None,
    };
    // Salvage reads a copy taken before anything moves, so a failed salvage changes nothing.
    let scratch = match choice {
        RecoveryChoice::Salvage => Some(Scratch::copy_of(data_dir)?),
        _ => None,
    };
    let kept = set_aside(data_dir, now_ms)?;
    let mut outcome = RecoveryOutcome {
        choice,
        kept_as: kept.map(|p| p.display().to_string()),
        backup: None,
        projects: 0,
        maps: 0,
        maps_lost: 0,
        personas: 0,
    };
    match choice {
        RecoveryChoice::RestoreBackup => {
            if let Some(b) = backup {
                copy_database(&b.path, &data_dir.join(DB_FILE_NAME))?;
                outcome.backup = Some(b.name);
            }
            let store = Store::open(data_dir)?;
            outcome.projects = store.list_projects()?.len();
            outcome.maps = store.list_projects()?.iter().map(|p| p.maps.len()).sum();
        }
        RecoveryChoice::Salvage => {
            let store = Store::open(data_dir)?;
            if let Some(scratch) = &scratch {
                let found = salvage_into(&scratch.file(), &store, now_ms)?;
                outcome.projects = found.projects;
                outcome.maps = found.maps;
                outcome.maps_lost = found.maps_lost;
                outcome.personas = found.personas;
            }
        }
        RecoveryChoice::StartEmpty => {
            Store::open(data_dir)?;
        }
    }
    tracing::warn!(?outcome, "data file recovered");
    Ok(outcome)
}

/// What putting a whole backup back did.
#[derive(Debug, Clone, PartialEq)]
pub struct WholeRestore {
    /// The backup made of the current data first (so the restore can be undone by another).
    pub current_backup: Option<String>,
    /// Where the current file went when it could not be read (it is never deleted).
    pub kept_as: Option<PathBuf>,
}

/// Puts the backup file `source` in place of the data file. The current data is backed up first
/// — or, when it cannot be read, set aside as `.damaged-<stamp>`. The caller makes sure no
/// Wayline holds the folder.
pub fn restore_whole_file(
    data_dir: &Path,
    source: &Path,
    now_ms: i64,
) -> Result<WholeRestore, StoreError> {
    file_health(source).map_err(|why| {
        StoreError::Invalid(format!(
            "{} is not a usable backup: {why}",
            source.display()
        ))
    })?;
    let target = data_dir.join(DB_FILE_NAME);
    // The backup is copied in first: backing up the current data prunes old backups, and the
    // one being restored may be among them.
    let incoming = data_dir.join(format!("{DB_FILE_NAME}.restoring"));
    copy_database(source, &incoming)?;
    let mut done = WholeRestore {
        current_backup: None,
        kept_as: None,
    };
    if target.exists() {
        match Store::open(data_dir).and_then(|s| s.backup_now(now_ms)) {
            Ok(current) => done.current_backup = Some(current.name),
            Err(e) => {
                tracing::warn!(error = %e, "the current data file cannot be read; setting it aside");
                done.kept_as = set_aside(data_dir, now_ms)?;
            }
        }
    }
    // The new file was written next to the old one and now moves over it; the old WAL must go
    // too, or SQLite would replay it onto the restored file.
    for suffix in ["-wal", "-shm"] {
        let side = data_dir.join(format!("{DB_FILE_NAME}{suffix}"));
        if side.exists() {
            std::fs::remove_file(&side).map_err(|source| StoreError::Folder {
                path: side.clone(),
                source,
            })?;
        }
    }
    std::fs::rename(&incoming, &target).map_err(|source| StoreError::Folder {
        path: target.clone(),
        source,
    })?;
    tracing::warn!(from = %source.display(), "the whole data file was restored from a backup");
    Ok(done)
}

/// A temporary copy of the damaged file (and its WAL), removed when dropped.
struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn copy_of(data_dir: &Path) -> Result<Scratch, StoreError> {
        let dir =
            std::env::temp_dir().join(format!("wayline-salvage-{}", uuid::Uuid::new_v4().simple()));
        let io = |path: &Path| {
            let path = path.to_owned();
            move |source| StoreError::Folder { path, source }
        };
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let scratch = Scratch { dir };
        for suffix in ["", "-wal"] {
            let from = data_dir.join(format!("{DB_FILE_NAME}{suffix}"));
            if from.exists() {
                let to = scratch.dir.join(format!("{DB_FILE_NAME}{suffix}"));
                std::fs::copy(&from, &to).map_err(io(&from))?;
            }
        }
        Ok(scratch)
    }

    fn file(&self) -> PathBuf {
        self.dir.join(DB_FILE_NAME)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
