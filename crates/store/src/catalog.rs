//! Projects and maps: the catalog the UI lists, with each map's projection (title, counts).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use wayline_model::schema::{text_head, text_length, MAX_TITLE_CHARS};
use wayline_model::{Locale, MapDoc, MapView};

use crate::error::touched;
use crate::{now_ms, Store, StoreError};

/// Longest project name, in characters.
pub const MAX_PROJECT_NAME_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MapSummary {
    pub id: String,
    pub project_id: String,
    pub title: String,
    pub template: String,
    pub locale: String,
    pub stage_count: u32,
    pub lane_count: u32,
    pub card_count: u32,
    #[ts(type = "number")]
    pub updated_at: i64,
}

/// A map in the trash, with what the trash view shows about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TrashedMap {
    pub map: MapSummary,
    pub project_name: String,
    #[ts(type = "number")]
    pub deleted_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProjectSummary {
    pub id: String,
    pub name: String,
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number")]
    pub updated_at: i64,
    pub maps: Vec<MapSummary>,
}

fn check_name(name: &str) -> Result<String, StoreError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StoreError::Invalid("a project needs a name".into()));
    }
    if text_length(name) > MAX_PROJECT_NAME_CHARS {
        return Err(StoreError::Invalid(format!(
            "a project name can be at most {MAX_PROJECT_NAME_CHARS} characters"
        )));
    }
    Ok(name.to_owned())
}

/// `wanted`, or the first of `wanted (2)`, `wanted (3)`… not in `taken`, within the name limit.
fn name_apart(taken: &std::collections::HashSet<String>, wanted: &str) -> String {
    if !taken.contains(wanted) {
        return wanted.to_owned();
    }
    (2usize..)
        .map(|n| {
            let suffix = format!(" ({n})");
            let base = text_head(wanted, MAX_PROJECT_NAME_CHARS.saturating_sub(suffix.len()));
            format!("{}{suffix}", base.trim_end())
        })
        .find(|name| !taken.contains(name))
        .unwrap_or_else(|| wanted.to_owned())
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

const MAP_COLUMNS: &str =
    "id, project_id, title, template, locale, stage_count, lane_count, card_count, updated_at";

fn map_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MapSummary> {
    Ok(MapSummary {
        id: r.get(0)?,
        project_id: r.get(1)?,
        title: r.get(2)?,
        template: r.get(3)?,
        locale: r.get(4)?,
        stage_count: r.get(5)?,
        lane_count: r.get(6)?,
        card_count: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

fn maps_of(conn: &Connection, project_id: &str) -> Result<Vec<MapSummary>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {MAP_COLUMNS} FROM maps WHERE project_id = ?1 AND deleted_at IS NULL ORDER BY created_at, id"
    ))?;
    let rows = stmt.query_map([project_id], map_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn project_of(conn: &Connection, id: &str) -> Result<ProjectSummary, StoreError> {
    let row = conn
        .query_row(
            "SELECT id, name, created_at, updated_at FROM projects WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let (id, name, created_at, updated_at): (String, String, i64, i64) =
        row.ok_or_else(|| StoreError::NotFound {
            what: "project",
            id: id.to_owned(),
        })?;
    let maps = maps_of(conn, &id)?;
    Ok(ProjectSummary {
        id,
        name,
        created_at,
        updated_at,
        maps,
    })
}

/// Writes a map's projection columns from its current content.
pub(crate) fn write_projection(
    conn: &Connection,
    map_id: &str,
    view: &MapView,
) -> Result<(), StoreError> {
    let counts = view.counts();
    conn.execute(
        "UPDATE maps SET title = ?2, template = ?3, locale = ?4, stage_count = ?5,
                lane_count = ?6, card_count = ?7, updated_at = ?8 WHERE id = ?1",
        params![
            map_id,
            view.title,
            view.template,
            view.locale,
            count(counts.stages),
            count(counts.lanes),
            count(counts.cards),
            now_ms()
        ],
    )?;
    Ok(())
}

impl Store {
    pub fn list_projects(&self) -> Result<Vec<ProjectSummary>, StoreError> {
        self.read(|conn| {
            let ids: Vec<String> = conn
                .prepare_cached(
                    "SELECT id FROM projects WHERE deleted_at IS NULL ORDER BY created_at, id",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            ids.iter().map(|id| project_of(conn, id)).collect()
        })
    }

    pub fn project(&self, id: &str) -> Result<ProjectSummary, StoreError> {
        self.read(|conn| project_of(conn, id))
    }

    pub fn create_project(&self, name: &str) -> Result<ProjectSummary, StoreError> {
        let name = check_name(name)?;
        let id = uuid::Uuid::new_v4().simple().to_string();
        let now = now_ms();
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO projects (id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
                params![id, name, now],
            )?;
            project_of(tx, &id)
        })
    }

    /// A new project named `wanted`, or, when a project in the list already has that name (the
    /// same bundle imported twice, a colleague's export of a project of the same name), that
    /// name followed by " (2)", " (3)"…, so the two can be told apart; chosen and written in one
    /// transaction, so two imports at once never get the same number.
    pub(crate) fn create_project_apart(&self, wanted: &str) -> Result<ProjectSummary, StoreError> {
        let wanted = check_name(wanted)?;
        let id = uuid::Uuid::new_v4().simple().to_string();
        let now = now_ms();
        self.with_tx(|tx| {
            let taken: std::collections::HashSet<String> = tx
                .prepare_cached("SELECT name FROM projects WHERE deleted_at IS NULL")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let name = name_apart(&taken, &wanted);
            tx.execute(
                "INSERT INTO projects (id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
                params![id, name, now],
            )?;
            project_of(tx, &id)
        })
    }

    pub fn rename_project(&self, id: &str, name: &str) -> Result<ProjectSummary, StoreError> {
        let name = check_name(name)?;
        self.with_tx(|tx| {
            let changed = tx.execute(
                "UPDATE projects SET name = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, name, now_ms()],
            )?;
            touched(changed, "project", id)?;
            project_of(tx, id)
        })
    }

    /// Stores a new map of a project: its catalog row, projection and first snapshot, in one
    /// transaction.
    pub fn create_map(&self, project_id: &str, doc: &MapDoc) -> Result<MapSummary, StoreError> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let snapshot = doc
            .export_snapshot()
            .map_err(|source| StoreError::Document {
                map_id: id.clone(),
                source,
            })?;
        let view = doc.view();
        let now = now_ms();
        self.with_tx(|tx| {
            let exists: Option<i64> = tx
                .query_row("SELECT 1 FROM projects WHERE id = ?1", [project_id], |r| {
                    r.get(0)
                })
                .optional()?;
            if exists.is_none() {
                return Err(StoreError::NotFound {
                    what: "project",
                    id: project_id.to_owned(),
                });
            }
            tx.execute(
                "INSERT INTO maps (id, project_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
                params![id, project_id, now],
            )?;
            tx.execute(
                "INSERT INTO doc_snapshots (map_id, data, up_to_update, created_at) VALUES (?1, ?2, 0, ?3)",
                params![id, snapshot, now],
            )?;
            write_projection(tx, &id, &view)?;
            tx.execute(
                "UPDATE projects SET updated_at = ?2 WHERE id = ?1",
                params![project_id, now],
            )?;
            Ok(tx.query_row(
                &format!("SELECT {MAP_COLUMNS} FROM maps WHERE id = ?1"),
                [&id],
                map_row,
            )?)
        })
    }

    pub fn map_summary(&self, map_id: &str) -> Result<MapSummary, StoreError> {
        self.read(|conn| {
            conn.query_row(
                &format!("SELECT {MAP_COLUMNS} FROM maps WHERE id = ?1"),
                [map_id],
                map_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "map",
                id: map_id.to_owned(),
            })
        })
    }

    /// Maps with updates not yet folded into a snapshot: after a crash their projection (title,
    /// counts) may be older than their document, so the host refreshes these at start.
    pub fn maps_with_pending_updates(&self) -> Result<Vec<String>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare("SELECT DISTINCT map_id FROM doc_updates")?;
            let ids = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(ids)
        })
    }

    /// Refreshes the projection (title, counts) of a map from its document.
    pub fn refresh_projection(&self, map_id: &str, view: &MapView) -> Result<(), StoreError> {
        self.with_tx(|tx| write_projection(tx, map_id, view))
    }

    /// Moves a map to the trash; it keeps its content and can be restored.
    pub fn trash_map(&self, map_id: &str) -> Result<(), StoreError> {
        self.with_tx(|tx| {
            let changed = tx.execute(
                "UPDATE maps SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
                params![map_id, now_ms()],
            )?;
            touched(changed, "map", map_id)?;
            Ok(())
        })
    }

    pub fn restore_map(&self, map_id: &str) -> Result<MapSummary, StoreError> {
        self.with_tx(|tx| {
            let changed = tx.execute(
                "UPDATE maps SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL",
                [map_id],
            )?;
            touched(changed, "trashed map", map_id)?;
            Ok(())
        })?;
        self.map_summary(map_id)
    }

    pub fn trashed_maps(&self) -> Result<Vec<TrashedMap>, StoreError> {
        self.read(|conn| {
            let cols = MAP_COLUMNS
                .split(", ")
                .map(|c| format!("m.{c}"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {cols}, p.name, m.deleted_at FROM maps m JOIN projects p ON p.id = m.project_id
                 WHERE m.deleted_at IS NOT NULL AND p.deleted_at IS NULL ORDER BY m.deleted_at DESC"
            ))?;
            let rows = stmt.query_map([], |r| {
                Ok(TrashedMap {
                    map: map_row(r)?,
                    project_name: r.get(9)?,
                    deleted_at: r.get(10)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Deletes a trashed map and its document for good.
    pub fn purge_map(&self, map_id: &str) -> Result<(), StoreError> {
        self.with_tx(|tx| {
            let changed = tx.execute(
                "DELETE FROM maps WHERE id = ?1 AND deleted_at IS NOT NULL",
                [map_id],
            )?;
            touched(changed, "trashed map", map_id)?;
            Ok(())
        })
    }

    /// Copies a map (its whole document) into a new map of the same project.
    pub fn duplicate_map(&self, map_id: &str) -> Result<MapSummary, StoreError> {
        let summary = self.map_summary(map_id)?;
        let doc = self.load_map(map_id)?.doc;
        let suffix = match Locale::parse(&summary.locale) {
            Some(Locale::ZhCn) | Some(Locale::ZhTw) => "（副本）",
            _ => " (copy)",
        };
        self.create_titled_copy(&summary, &doc, suffix)
    }

    /// A new map in the same project holding `map_id` as it was at its saved version
    /// `version_id`, titled after the version ("旅程（第一次工作坊）", "Journey (Workshop 1)").
    pub fn map_from_version(
        &self,
        map_id: &str,
        version_id: &str,
    ) -> Result<MapSummary, StoreError> {
        let summary = self.map_summary(map_id)?;
        let doc = self.load_map(map_id)?.doc;
        if !doc.has_version(version_id) {
            return Err(StoreError::NotFound {
                what: "version",
                id: version_id.to_owned(),
            });
        }
        let earlier = doc
            .at_version(version_id)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let name = doc
            .view()
            .versions
            .into_iter()
            .find(|v| v.id == version_id)
            .map(|v| v.name)
            .unwrap_or_default();
        let suffix = match Locale::parse(&summary.locale) {
            Some(Locale::ZhCn) | Some(Locale::ZhTw) => format!("（{name}）"),
            _ => format!(" ({name})"),
        };
        self.create_titled_copy(&summary, &earlier, &suffix)
    }

    /// Stores `doc` as a new map of `summary`'s project, its title followed by `suffix` (the
    /// title shortened so that the whole stays within the limit).
    fn create_titled_copy(
        &self,
        summary: &MapSummary,
        doc: &MapDoc,
        suffix: &str,
    ) -> Result<MapSummary, StoreError> {
        let suffix = text_head(suffix, MAX_TITLE_CHARS / 2);
        let room = MAX_TITLE_CHARS - text_length(suffix);
        let whole = doc.title();
        let title = text_head(&whole, room);
        doc.set_title(&format!("{title}{suffix}"))
            .map_err(|source| StoreError::Document {
                map_id: summary.id.clone(),
                source,
            })?;
        self.create_map(&summary.project_id, doc)
    }
}
