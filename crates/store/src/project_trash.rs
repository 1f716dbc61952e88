//! The trash for whole projects (maps have theirs in `catalog.rs`): a trashed project and its
//! maps leave the map list, cannot be opened or joined, come back with a restore, and are deleted
//! for good by a purge or when the trash empties itself after [`TRASH_DAYS`].

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::project_of;
use crate::error::touched;
use crate::{now_ms, ProjectSummary, Store, StoreError};

/// Days a trashed map or project stays in the trash before it is deleted for good.
pub const TRASH_DAYS: i64 = 30;

/// A project in the trash, with its maps as they were.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TrashedProject {
    pub project: ProjectSummary,
    #[ts(type = "number")]
    pub deleted_at: i64,
}

/// What emptying the trash deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Emptied {
    pub maps: usize,
    pub projects: usize,
}

impl Store {
    /// Moves a project (and with it every map of it) to the trash.
    pub fn trash_project(&self, id: &str) -> Result<ProjectSummary, StoreError> {
        self.with_tx(|tx| {
            let changed = tx.execute(
                "UPDATE projects SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, now_ms()],
            )?;
            touched(changed, "project", id)?;
            project_of(tx, id)
        })
    }

    pub fn restore_project(&self, id: &str) -> Result<ProjectSummary, StoreError> {
        self.with_tx(|tx| {
            let changed = tx.execute(
                "UPDATE projects SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL",
                [id],
            )?;
            touched(changed, "trashed project", id)?;
            project_of(tx, id)
        })
    }

    pub fn trashed_projects(&self) -> Result<Vec<TrashedProject>, StoreError> {
        self.read(|conn| {
            let rows: Vec<(String, i64)> = conn
                .prepare_cached(
                    "SELECT id, deleted_at FROM projects WHERE deleted_at IS NOT NULL
                     ORDER BY deleted_at DESC, id",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            rows.into_iter()
                .map(|(id, deleted_at)| {
                    Ok(TrashedProject {
                        project: project_of(conn, &id)?,
                        deleted_at,
                    })
                })
                .collect()
        })
    }

    /// The ids of a project's maps (to close their rooms when it goes to the trash).
    pub fn map_ids_of_project(&self, id: &str) -> Result<Vec<String>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached("SELECT id FROM maps WHERE project_id = ?1")?
                .query_map([id], |r| r.get(0))?
                .collect::<Result<_, _>>()?)
        })
    }

    /// Deletes a trashed project, its maps and their documents for good.
    pub fn purge_project(&self, id: &str) -> Result<(), StoreError> {
        self.with_tx(|tx| {
            let changed = tx.execute(
                "DELETE FROM projects WHERE id = ?1 AND deleted_at IS NOT NULL",
                [id],
            )?;
            touched(changed, "trashed project", id)
        })
    }

    /// Deletes for good what has been in the trash longer than [`TRASH_DAYS`] at `now_ms`.
    pub fn empty_old_trash(&self, now_ms: i64) -> Result<Emptied, StoreError> {
        let cutoff = now_ms - TRASH_DAYS * 24 * 60 * 60 * 1000;
        // Only a real deletion is a write (and so a reason for the next backup).
        let due: i64 = self.read(|conn| {
            Ok(conn.query_row(
                "SELECT (SELECT count(*) FROM maps WHERE deleted_at < ?1)
                      + (SELECT count(*) FROM projects WHERE deleted_at < ?1)",
                [cutoff],
                |r| r.get(0),
            )?)
        })?;
        if due == 0 {
            return Ok(Emptied::default());
        }
        self.with_tx(|tx| {
            let maps = tx.execute(
                "DELETE FROM maps WHERE deleted_at IS NOT NULL AND deleted_at < ?1",
                [cutoff],
            )?;
            let projects = tx.execute(
                "DELETE FROM projects WHERE deleted_at IS NOT NULL AND deleted_at < ?1",
                [cutoff],
            )?;
            Ok(Emptied { maps, projects })
        })
    }
}
