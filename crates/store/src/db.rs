//! Opening the data file (with corruption and version checks) and the one transaction helper
//! every write goes through.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, Transaction, TransactionBehavior};
use rusqlite_migration::{Migrations, M};

use crate::appends::Appends;
use crate::StoreError;

pub const DB_FILE_NAME: &str = "wayline.sqlite3";

/// Forward-only migrations; the index of the last one is the file's `user_version`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_personas_and_trash.sql"),
    include_str!("migrations/0003_workshops.sql"),
    include_str!("migrations/0004_project_trash.sql"),
    include_str!("migrations/0005_brainstorm_ideas.sql"),
];

/// The data file. All access is serialised through one connection: SQLite writes are serial
/// anyway, and callers run this blocking work off the async runtime.
pub struct Store {
    path: PathBuf,
    conn: Mutex<Connection>,
    /// Committed write transactions since opening, and that count when the last backup began:
    /// a backup is due only when they differ.
    writes: AtomicU64,
    backed_up_at: AtomicU64,
    /// Document updates waiting for the commit all maps share (`appends.rs`).
    appends: Appends,
}

fn is_corruption(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

impl Store {
    /// Opens (or creates) `wayline.sqlite3` in `data_dir`, checks it, and migrates it forward.
    /// A damaged file or one from a newer Wayline is refused untouched.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        Store::open_unexplained(data_dir).map_err(|e| crate::error::explain_io(e, data_dir))
    }

    fn open_unexplained(data_dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::Folder {
            path: data_dir.to_owned(),
            source,
        })?;
        let path = data_dir.join(DB_FILE_NAME);
        let corrupt = |e: rusqlite::Error| -> StoreError {
            if is_corruption(&e) {
                StoreError::Corrupt {
                    path: path.clone(),
                    detail: e.to_string(),
                }
            } else {
                StoreError::Sqlite(e)
            }
        };
        let mut conn = Connection::open(&path).map_err(corrupt)?;
        // Another program's short lock (a backup tool's read) is waited out; a lock held on
        // longer is reported as such.
        conn.busy_timeout(std::time::Duration::from_secs(2))
            .map_err(corrupt)?;
        // The header check: reading the schema fails on a file that is not SQLite.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(corrupt)?;
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(corrupt)?;
        if check != "ok" {
            return Err(StoreError::Corrupt {
                path,
                detail: check,
            });
        }
        // A file of a newer Wayline is refused before anything (even the journal mode, which is
        // written into the file's header) changes it.
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(corrupt)?;
        if version > MIGRATIONS.len() as i64 {
            return Err(StoreError::NewerFile { path });
        }
        // SQLite falls back to reading a file it may not write; Wayline could then show maps
        // it cannot save.
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(corrupt)? {
            return Err(StoreError::ReadOnly { path });
        }
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000;",
        )
        .map_err(corrupt)?;

        let migrations = Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect());
        migrations.to_latest(&mut conn).map_err(|e| match e {
            rusqlite_migration::Error::MigrationDefinition(
                rusqlite_migration::MigrationDefinitionError::DatabaseTooFarAhead,
            ) => StoreError::NewerFile { path: path.clone() },
            rusqlite_migration::Error::RusqliteError { err, .. } => corrupt(err),
            other => StoreError::Migration(other.to_string()),
        })?;
        Ok(Store {
            path,
            conn: Mutex::new(conn),
            writes: AtomicU64::new(0),
            backed_up_at: AtomicU64::new(0),
            appends: Appends::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version this build writes.
    pub fn schema_version() -> usize {
        MIGRATIONS.len()
    }

    /// Write transactions committed since the file was opened (each one fsync).
    pub fn writes(&self) -> u64 {
        self.writes.load(Ordering::Relaxed)
    }

    pub(crate) fn count_write(&self) {
        self.writes.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn appends(&self) -> &Appends {
        &self.appends
    }

    /// The data folder.
    pub(crate) fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    pub(crate) fn backed_up_at(&self) -> u64 {
        self.backed_up_at.load(Ordering::Relaxed)
    }

    pub(crate) fn mark_backed_up(&self, writes: u64) {
        self.backed_up_at.store(writes, Ordering::Relaxed);
    }

    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (transactions roll back on
        // drop), so a poisoned lock is safe to reuse.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` in an IMMEDIATE transaction: committed if it returns `Ok`, rolled back otherwise.
    pub fn with_tx<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn();
        let out = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })()
        .map_err(|e| crate::error::explain_io(e, self.dir()))?;
        self.count_write();
        Ok(out)
    }

    /// Runs a read-only query on the connection.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        f(&self.conn())
    }
}
