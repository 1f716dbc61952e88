//! Salvage: reading whatever can still be read out of a damaged data file into a fresh one.
//!
//! A damaged SQLite file often fails only in some pages. Each table is read row by row, and when
//! a scan breaks off, the rows after the break are probed one by one by row id, so one bad page
//! costs its own rows, not the table. A map comes back when its snapshot or any of its updates
//! still decodes into a document that passes the schema checks; ids are kept, so links to maps
//! and a map's personas still work.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rusqlite::types::FromSql;
use rusqlite::{params, Connection, OpenFlags, Row};
use wayline_model::MapDoc;

use crate::catalog::write_projection;
use crate::{Store, StoreError};

/// Row ids probed one by one after a scan breaks off, at most.
const MAX_PROBES: i64 = 2_000_000;

/// What a salvage brought back.
#[derive(Debug, Default, PartialEq)]
pub struct Salvaged {
    pub projects: usize,
    pub maps: usize,
    pub maps_lost: usize,
    pub personas: usize,
}

/// Every row of `table` that can be read, in row id order.
fn readable_rows<T>(
    conn: &Connection,
    table: &str,
    columns: &str,
    row: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Vec<T> {
    let mut out = Vec::new();
    let mut last: Option<i64> = None;
    let scan = (|| -> rusqlite::Result<()> {
        let mut stmt = conn.prepare(&format!(
            "SELECT rowid, {columns} FROM {table} ORDER BY rowid"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            out.push(row(r)?);
            last = Some(id);
        }
        Ok(())
    })();
    if scan.is_ok() {
        return out;
    }
    // The scan broke off: probe the row ids after the last one read.
    let Ok(mut one) = conn.prepare(&format!(
        "SELECT rowid, {columns} FROM {table} WHERE rowid = ?1"
    )) else {
        return out;
    };
    let max: i64 = conn
        .query_row(&format!("SELECT max(rowid) FROM {table}"), [], |r| {
            r.get::<_, Option<i64>>(0)
        })
        .ok()
        .flatten()
        .unwrap_or_else(|| last.unwrap_or(0) + 100_000);
    let from = last.map_or(1, |l| l + 1);
    for id in from..=max.min(from.saturating_add(MAX_PROBES)) {
        if let Ok(Some(v)) = one
            .query_row([id], |r| row(r).map(Some))
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                other => Err(other),
            })
        {
            out.push(v);
        }
    }
    out
}

fn col<T: FromSql>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    r.get(i)
}

struct OldProject {
    id: String,
    name: String,
    created_at: i64,
    deleted_at: Option<i64>,
}

struct OldMap {
    id: String,
    project_id: String,
    created_at: i64,
    deleted_at: Option<i64>,
}

/// Columns that exist in every schema version, plus `deleted_at` where the file has it.
fn has_column(conn: &Connection, table: &str, column: &str) -> bool {
    conn.prepare(&format!("SELECT {column} FROM {table} LIMIT 0"))
        .is_ok()
}

/// Reads what it can of the damaged file at `damaged` into `store` (a new, empty file).
pub(crate) fn salvage_into(
    damaged: &Path,
    store: &Store,
    now_ms: i64,
) -> Result<Salvaged, StoreError> {
    let mut found = Salvaged::default();
    // A file that SQLite cannot open at all holds nothing to salvage; the new file stays empty.
    let Ok(conn) = Connection::open_with_flags(damaged, OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return Ok(found);
    };
    let deleted = |table: &str| {
        if has_column(&conn, table, "deleted_at") {
            "deleted_at"
        } else {
            "NULL"
        }
    };
    let projects = readable_rows(
        &conn,
        "projects",
        &format!("id, name, created_at, {}", deleted("projects")),
        |r| {
            Ok(OldProject {
                id: col(r, 1)?,
                name: col(r, 2)?,
                created_at: col(r, 3)?,
                deleted_at: col(r, 4)?,
            })
        },
    );
    let maps = readable_rows(
        &conn,
        "maps",
        &format!("id, project_id, created_at, {}", deleted("maps")),
        |r| {
            Ok(OldMap {
                id: col(r, 1)?,
                project_id: col(r, 2)?,
                created_at: col(r, 3)?,
                deleted_at: col(r, 4)?,
            })
        },
    );
    let mut snapshots: HashMap<String, Vec<u8>> =
        readable_rows(&conn, "doc_snapshots", "map_id, data", |r| {
            Ok((col(r, 1)?, col(r, 2)?))
        })
        .into_iter()
        .collect();
    let mut updates: BTreeMap<String, Vec<Vec<u8>>> = BTreeMap::new();
    for (map_id, data) in readable_rows(&conn, "doc_updates", "map_id, data", |r| {
        Ok((col::<String>(r, 1)?, col::<Vec<u8>>(r, 2)?))
    }) {
        updates.entry(map_id).or_default().push(data);
    }
    let personas = readable_rows(
        &conn,
        "personas",
        "id, project_id, name, role, goals, frustrations, quote, picture, picture_type, created_at",
        |r| {
            Ok((
                col::<String>(r, 1)?,
                col::<String>(r, 2)?,
                [
                    col::<String>(r, 3)?,
                    col::<String>(r, 4)?,
                    col::<String>(r, 5)?,
                    col::<String>(r, 6)?,
                    col::<String>(r, 7)?,
                ],
                col::<Option<Vec<u8>>>(r, 8)?,
                col::<Option<String>>(r, 9)?,
                col::<i64>(r, 10)?,
            ))
        },
    );

    // Maps whose project row is gone go into one project named after the salvage.
    let orphans_id = uuid::Uuid::new_v4().simple().to_string();
    let mut used_orphans = false;
    store.with_tx(|tx| {
        for p in &projects {
            tx.execute(
                "INSERT OR IGNORE INTO projects (id, name, created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![p.id, p.name, p.created_at, now_ms, p.deleted_at],
            )?;
        }
        for m in &maps {
            let mut doc_bytes = Vec::new();
            if let Some(s) = snapshots.remove(&m.id) {
                doc_bytes.push(s);
            }
            doc_bytes.extend(updates.remove(&m.id).unwrap_or_default());
            let Some(doc) = readable_document(&doc_bytes) else {
                found.maps_lost += 1;
                continue;
            };
            let Ok(snapshot) = doc.export_snapshot() else {
                found.maps_lost += 1;
                continue;
            };
            let project_id = if projects.iter().any(|p| p.id == m.project_id) {
                m.project_id.clone()
            } else {
                used_orphans = true;
                orphans_id.clone()
            };
            if used_orphans && project_id == orphans_id {
                let name = format!(
                    "Salvaged maps {}",
                    wayline_model::dates::iso_date(now_ms / 1000)
                );
                tx.execute(
                    "INSERT OR IGNORE INTO projects (id, name, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?3)",
                    params![orphans_id, name, now_ms],
                )?;
            }
            tx.execute(
                "INSERT INTO maps (id, project_id, created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![m.id, project_id, m.created_at, now_ms, m.deleted_at],
            )?;
            tx.execute(
                "INSERT INTO doc_snapshots (map_id, data, up_to_update, created_at)
                 VALUES (?1, ?2, 0, ?3)",
                params![m.id, snapshot, now_ms],
            )?;
            write_projection(tx, &m.id, &doc.view())?;
            found.maps += 1;
        }
        // Updates of maps whose catalog row is unreadable: lost with the row, counted.
        found.maps_lost += updates.len();
        for (id, project_id, [name, role, goals, frustrations, quote], picture, kind, created) in
            &personas
        {
            let changed = tx.execute(
                "INSERT OR IGNORE INTO personas (id, project_id, name, role, goals, frustrations,
                     quote, picture, picture_type, created_at, updated_at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11
                 WHERE EXISTS (SELECT 1 FROM projects WHERE id = ?2)",
                params![
                    id,
                    project_id,
                    name,
                    role,
                    goals,
                    frustrations,
                    quote,
                    picture,
                    kind,
                    created,
                    now_ms
                ],
            )?;
            found.personas += changed;
        }
        found.projects = tx.query_row("SELECT count(*) FROM projects", [], |r| {
            r.get::<_, i64>(0).map(|n| usize::try_from(n).unwrap_or(0))
        })?;
        Ok(())
    })?;
    Ok(found)
}

/// The document that the readable pieces of a map make, when they make a valid one. Each piece
/// is tried on its own, so one undecodable update costs only itself (and the updates that
/// depend on it, which Loro then keeps waiting outside the state).
fn readable_document(pieces: &[Vec<u8>]) -> Option<MapDoc> {
    let doc = MapDoc::new();
    let mut any = false;
    for piece in pieces {
        match doc.import(piece) {
            Ok(()) | Err(wayline_model::ModelError::MissingHistory) => any = true,
            Err(_) => {}
        }
    }
    // Updates whose base is gone stay outside the state: a map with nothing to show (no stage
    // at all) was not salvaged.
    if !any || doc.check_schema().is_err() || doc.view().stages.is_empty() {
        return None;
    }
    // A document that held undecodable bytes may keep part of them: the snapshot of what it
    // shows is read back once more to be sure it stands on its own.
    let snapshot = doc.export_snapshot().ok()?;
    MapDoc::load(Some(&snapshot), &[]).ok()
}
