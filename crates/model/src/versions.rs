//! Saved versions of a map ("Workshop 1", "Q3 review"). A version is a name and a point in the
//! document's history — its frontiers, written as Loro writes an operation id (`counter@peer`,
//! comma-separated) — so saving one costs a few bytes: the history it points into is kept anyway.
//! Versions live in the map document (`versions`: id → map, see `docs/map-document.md`), merge and
//! travel with the map like everything else. The map as it was at a version is a document forked
//! there or, for an early version, rebuilt from only the history it holds.

use loro::{ExportMode, Frontiers, IdSpan, LoroMap, VersionVector, ID};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::entry_checks::{EntriesBefore, Written};
use crate::schema::{self, MAX_VERSIONS_PER_MAP, MAX_VERSION_NAME_CHARS};
use crate::view::MapView;
use crate::{MapDoc, ModelError};

/// One saved version as readers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionView {
    pub id: String,
    pub name: String,
    /// The version's point in the history (see [`parse_frontiers`]).
    pub frontiers: String,
    pub author: String,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    /// Came with a template; "clear examples" removes it.
    pub example: bool,
}

/// The ids of a frontiers string `counter@peer,counter@peer…` (Loro's own way of writing an
/// operation id), or none when any part is not one. The UI reads the same strings
/// (`ui/src/doc/versions.ts`); both are checked against `tests/vectors/frontiers.json`.
pub fn parse_frontiers(text: &str) -> Option<Vec<ID>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    text.split(',').map(parse_id).collect()
}

fn parse_id(part: &str) -> Option<ID> {
    let (counter, peer) = part.split_once('@')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(counter) || !digits(peer) {
        return None;
    }
    Some(ID::new(peer.parse().ok()?, counter.parse().ok()?))
}

/// Writes frontiers the way [`parse_frontiers`] reads them.
pub fn write_frontiers(frontiers: &Frontiers) -> String {
    frontiers
        .iter()
        .map(|id| format!("{}@{}", id.counter, id.peer))
        .collect::<Vec<_>>()
        .join(",")
}

fn within(vv: &VersionVector, id: &ID) -> bool {
    vv.get(&id.peer).is_some_and(|end| id.counter < *end)
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

pub(crate) fn version_of(id: &str, v: &Value) -> Option<VersionView> {
    let frontiers = v.get("frontiers")?.as_str()?;
    parse_frontiers(frontiers)?;
    Some(VersionView {
        id: id.to_owned(),
        name: text(v, "name"),
        frontiers: frontiers.to_owned(),
        author: text(v, "author"),
        created_at: v
            .get("created_at")
            .and_then(|t| t.as_i64().or_else(|| t.as_f64().map(|f| f as i64)))
            .unwrap_or(0),
        example: v.get("example").and_then(Value::as_bool).unwrap_or(false),
    })
}

/// Every version of the document's `versions` value, oldest first.
pub(crate) fn versions_of(all: Option<&Value>) -> Vec<VersionView> {
    let mut versions: Vec<VersionView> = all
        .and_then(Value::as_object)
        .map(|all| all.iter().filter_map(|(id, v)| version_of(id, v)).collect())
        .unwrap_or_default();
    versions.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    versions
}

/// Why a version's stored fields are not acceptable in a document whose history reaches `vv`.
pub fn version_problem(v: &Value, vv: &VersionVector) -> Option<String> {
    let Some(fields) = v.as_object() else {
        return Some("a version must be a map".into());
    };
    let name = fields.get("name").and_then(Value::as_str).unwrap_or("");
    if name.trim().is_empty() {
        return Some("a version needs a name".into());
    }
    if schema::text_length(name) > MAX_VERSION_NAME_CHARS {
        return Some(format!(
            "a version's name can be at most {MAX_VERSION_NAME_CHARS} characters"
        ));
    }
    let Some(ids) = fields
        .get("frontiers")
        .and_then(Value::as_str)
        .and_then(parse_frontiers)
    else {
        return Some("a version's point in the history is not readable".into());
    };
    if ids.is_empty() {
        return Some("a version must point at the map's history".into());
    }
    let mut peers: Vec<u64> = ids.iter().map(|id| id.peer).collect();
    peers.sort_unstable();
    peers.dedup();
    if peers.len() != ids.len() {
        return Some("a version's point in the history names a peer twice".into());
    }
    if !ids.iter().all(|id| within(vv, id)) {
        return Some("a version points at history this map does not have".into());
    }
    None
}

impl MapDoc {
    /// The first version an update added or changed that is not acceptable, with why; `before` is
    /// [`MapDoc::entries_before`] from before the update.
    pub fn first_new_invalid_version(&self, before: &EntriesBefore) -> Option<(String, String)> {
        self.invalid_version_in(before, &self.written_since(before))
    }

    pub(crate) fn invalid_version_in(
        &self,
        before: &EntriesBefore,
        written: &Written,
    ) -> Option<(String, String)> {
        let vv = self.loro().oplog_vv();
        self.first_written_problem(
            schema::VERSIONS,
            before,
            written,
            MAX_VERSIONS_PER_MAP,
            || format!("a map keeps at most {MAX_VERSIONS_PER_MAP} versions"),
            |_, v| {
                version_problem(v, &vv).or_else(|| {
                    // Frontiers as Loro writes them: no id that another one already includes.
                    let text = v.get("frontiers")?.as_str()?;
                    let frontiers = Frontiers::from(parse_frontiers(text)?);
                    let minimal = self.loro().minimize_frontiers(&frontiers).ok()?;
                    (minimal != frontiers)
                        .then(|| "a version's point in the history is not written minimally".into())
                })
            },
        )
    }

    /// Saves the map as it is now under `name`; returns the version's id.
    pub fn save_version(
        &self,
        name: &str,
        author: &str,
        created_at: i64,
        example: bool,
    ) -> Result<String, ModelError> {
        let name = name.trim();
        let versions = self.loro().get_map(schema::VERSIONS);
        if versions.len() >= MAX_VERSIONS_PER_MAP {
            return Err(ModelError::Invalid(format!(
                "a map keeps at most {MAX_VERSIONS_PER_MAP} versions"
            )));
        }
        self.commit();
        let fields = serde_json::json!({
            "name": name,
            "frontiers": write_frontiers(&self.loro().oplog_frontiers()),
        });
        if let Some(why) = version_problem(&fields, &self.loro().oplog_vv()) {
            return Err(ModelError::Invalid(why));
        }
        let id = uuid::Uuid::new_v4().simple().to_string();
        let map = versions.insert_container(&id, LoroMap::new())?;
        map.insert("name", name)?;
        map.insert("frontiers", text(&fields, "frontiers").as_str())?;
        map.insert("author", author)?;
        map.insert("created_at", created_at)?;
        map.insert("example", example)?;
        self.commit();
        Ok(id)
    }

    /// Whether the map keeps a saved version with this id.
    pub fn has_version(&self, id: &str) -> bool {
        self.loro().get_map(schema::VERSIONS).get(id).is_some()
    }

    /// The point in this map's history that saved version `id` names, when the history holds it.
    fn version_frontiers(&self, id: &str) -> Result<Frontiers, ModelError> {
        let unknown = || ModelError::Unknown {
            what: "version",
            value: id.to_owned(),
        };
        let entry = self.root_value(schema::VERSIONS);
        let version = entry
            .get(id)
            .and_then(|v| version_of(id, v))
            .ok_or_else(unknown)?;
        let ids = parse_frontiers(&version.frontiers).ok_or_else(unknown)?;
        let vv = self.loro().oplog_vv();
        if !ids.iter().all(|i| within(&vv, i)) {
            return Err(ModelError::Invalid(format!(
                "the history of version {} is not in this map",
                version.name
            )));
        }
        Ok(Frontiers::from(ids))
    }

    /// The map as it was at version `id`: a separate document holding the history up to the
    /// version's point, made whichever way costs less. Loro's fork at an earlier point replays
    /// from empty every text written after it: at a 2,000-card map's template version that took
    /// ~0.2 s, where rebuilding the map from only the history the version holds takes under a
    /// millisecond. For a version late in the history the fork is the cheaper (the figures are in
    /// docs/benchmarks.md). The choice compares the history before the version with the history
    /// after it, counted in Loro's atoms (an operation, or one character of a text edit).
    pub fn at_version(&self, id: &str) -> Result<MapDoc, ModelError> {
        let frontiers = self.version_frontiers(id)?;
        // Edits not yet committed are not in the history the choice counts.
        self.commit();
        let atoms = |vv: &VersionVector| vv.values().map(|c| i64::from(*c)).sum::<i64>();
        // A shallow document lacks the history before its root: it is always forked.
        let at = if self.loro().is_shallow() {
            None
        } else {
            self.loro().try_frontiers_to_vv(&frontiers).ok().flatten()
        };
        if let Some(at) = at {
            let held = atoms(&at);
            if held <= atoms(&self.loro().oplog_vv()) - held {
                if let Ok(rebuilt) = self.rebuilt_up_to(&at) {
                    return Ok(rebuilt);
                }
            }
        }
        let forked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.loro().fork_at(&frontiers)
        }))
        .map_err(|_| ModelError::Decode("the version could not be read".into()))??;
        Ok(MapDoc::from_loro(forked))
    }

    /// A new document holding the operations that version vector `at` covers.
    fn rebuilt_up_to(&self, at: &VersionVector) -> Result<MapDoc, ModelError> {
        let spans: Vec<IdSpan> = at
            .iter()
            .filter(|(_, end)| **end > 0)
            .map(|(peer, end)| IdSpan::new(*peer, 0, *end))
            .collect();
        let history = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.loro().export(ExportMode::updates_in_range(spans))
        }))
        .map_err(|_| ModelError::Decode("the history up to the version could not be read".into()))?
        .map_err(|e| ModelError::Decode(e.to_string()))?;
        let rebuilt = MapDoc::new();
        rebuilt.import(&history)?;
        Ok(rebuilt)
    }

    /// What changed from version `from` to version `to` (none: to the map as it is now).
    pub fn changes_between(
        &self,
        from: &str,
        to: Option<&str>,
    ) -> Result<crate::MapChanges, ModelError> {
        let earlier = self.at_version(from)?.view();
        let later = match to {
            Some(id) => self.at_version(id)?.view(),
            None => self.view(),
        };
        Ok(crate::map_changes(&earlier, &later))
    }

    /// The newest saved version and what changed since (the report's "What changed since …");
    /// `now` must be this document's view as it is now, read by the caller, who needs it anyway
    /// (reading a 2,000-card map costs ~12 ms).
    pub fn changes_since_newest_version(
        &self,
        now: &MapView,
    ) -> Result<Option<(VersionView, crate::MapChanges)>, ModelError> {
        let Some(newest) = now.versions.last() else {
            return Ok(None);
        };
        let earlier = self.at_version(&newest.id)?.view();
        Ok(Some((newest.clone(), crate::map_changes(&earlier, now))))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A document's state as JSON, without empty roots: a root exists in Loro as soon as it is
    /// named, and a snapshot lists one that was written only later as empty.
    fn state(doc: &MapDoc) -> serde_json::Value {
        let mut value = doc.to_json();
        if let Some(roots) = value.as_object_mut() {
            roots.retain(|_, v| v.as_object().is_none_or(|m| !m.is_empty()));
        }
        value
    }

    /// The document loro itself forks at `frontiers` (a snapshot there).
    fn forked_by_loro(doc: &MapDoc, frontiers: &Frontiers) -> serde_json::Value {
        let snapshot = doc
            .loro()
            .export(ExportMode::SnapshotAt {
                version: std::borrow::Cow::Borrowed(frontiers),
            })
            .unwrap();
        state(&MapDoc::load(Some(&snapshot), &[]).unwrap())
    }

    /// Two participants typing into one text at once, a point naming both of their last edits,
    /// a point inside one change (the middle of a pasted word), and the document loaded as the
    /// store loads it (snapshot, then updates): rebuilding from the history up to each point
    /// gives what loro's own fork there holds.
    #[test]
    fn the_map_rebuilt_up_to_a_point_is_the_map_loro_forks_there() {
        let a = MapDoc::new();
        a.loro().set_peer_id(1).unwrap();
        a.loro().get_text("notes").insert(0, "客户旅程").unwrap();
        a.commit();
        let b = MapDoc::new();
        b.loro().set_peer_id(2).unwrap();
        b.import(&a.loro().export(ExportMode::all_updates()).unwrap())
            .unwrap();
        b.loro().get_text("notes").insert(0, "早期 ").unwrap();
        b.commit();
        a.loro().get_text("notes").insert(4, "地图 map").unwrap();
        a.commit();
        let snapshot = a.export_snapshot().unwrap();
        let in_snapshot = a.loro().oplog_vv();
        a.import(&b.loro().export(ExportMode::all_updates()).unwrap())
            .unwrap();
        let both = a.loro().oplog_frontiers();
        assert_eq!(both.len(), 2, "the point names both participants' edits");
        a.loro().get_text("notes").insert(0, "ABCDE").unwrap();
        a.commit();
        let pasted = a.loro().oplog_frontiers();
        let inside = Frontiers::from(ID::new(1, pasted.as_single().unwrap().counter - 2));
        a.loro().get_map("meta").insert("title", "后来").unwrap();
        a.commit();

        let from_snapshot = a.export_snapshot().unwrap();
        let updates = vec![a.loro().export(ExportMode::updates(&in_snapshot)).unwrap()];
        let loaded = MapDoc::load(Some(&snapshot), &updates).unwrap();
        let whole = MapDoc::load(Some(&from_snapshot), &[]).unwrap();
        for doc in [&a, &loaded, &whole] {
            for point in [&both, &inside] {
                let vv = doc.loro().try_frontiers_to_vv(point).unwrap().unwrap();
                let rebuilt = doc.rebuilt_up_to(&vv).unwrap();
                assert_eq!(state(&rebuilt), forked_by_loro(doc, point));
            }
        }
        let text = |doc: &MapDoc| doc.loro().get_text("notes").to_string();
        let vv = a.loro().try_frontiers_to_vv(&inside).unwrap().unwrap();
        assert_eq!(
            text(&a.rebuilt_up_to(&vv).unwrap()),
            "ABC早期 客户旅程地图 map"
        );
    }

    #[test]
    fn frontiers_are_written_as_they_are_read() {
        let doc = MapDoc::new();
        doc.loro().get_map("meta").insert("title", "x").ok();
        doc.commit();
        let written = write_frontiers(&doc.loro().oplog_frontiers());
        let ids = parse_frontiers(&written).unwrap_or_default();
        assert_eq!(Frontiers::from(ids), doc.loro().oplog_frontiers());
    }
}
