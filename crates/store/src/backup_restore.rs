//! Looking into a backup and taking one map back out of it, without touching the backup (it is
//! read through a temporary copy, migrated there if it is older) and without replacing anything
//! in the current file: the map comes back as a new map, next to whatever is there now.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use wayline_model::{schema, MapDoc};

use crate::backups::list_backups;
use crate::{MapSummary, ProjectSummary, Store, StoreError};

/// What a backup holds, as the Restore screen shows it before anything is restored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BackupContents {
    pub name: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    #[ts(type = "number")]
    pub size_bytes: u64,
    pub projects: Vec<ProjectSummary>,
}

/// A temporary copy of a backup, opened as a store; removed when dropped.
struct Opened {
    dir: PathBuf,
    store: Option<Store>,
}

impl Drop for Opened {
    fn drop(&mut self) {
        self.store.take();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn open_copy(data_dir: &Path, name: &str) -> Result<(Opened, crate::BackupInfo), StoreError> {
    // Only a backup of the list, by its exact name: never a path from outside.
    let info = list_backups(data_dir)
        .into_iter()
        .find(|b| b.name == name)
        .ok_or_else(|| StoreError::NotFound {
            what: "backup",
            id: name.to_owned(),
        })?;
    let dir =
        std::env::temp_dir().join(format!("wayline-backup-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).map_err(|source| StoreError::Folder {
        path: dir.clone(),
        source,
    })?;
    let mut opened = Opened { dir, store: None };
    crate::copy_database(&info.path, &opened.dir.join(crate::DB_FILE_NAME))?;
    opened.store = Some(Store::open(&opened.dir)?);
    Ok((opened, info))
}

impl Opened {
    fn store(&self) -> Result<&Store, StoreError> {
        self.store
            .as_ref()
            .ok_or_else(|| StoreError::Invalid("the backup could not be opened".into()))
    }
}

/// The projects and maps a backup holds.
pub fn inspect_backup(data_dir: &Path, name: &str) -> Result<BackupContents, StoreError> {
    let (opened, info) = open_copy(data_dir, name)?;
    Ok(BackupContents {
        name: info.name,
        created_at_ms: info.created_at_ms,
        size_bytes: info.size_bytes,
        projects: opened.store()?.list_projects()?,
    })
}

impl Store {
    /// Brings one map of a backup back as a new map: into its project when that still exists,
    /// else into a new project named after it. Nothing current is replaced.
    pub fn restore_map_from_backup(
        &self,
        name: &str,
        map_id: &str,
    ) -> Result<MapSummary, StoreError> {
        let data_dir = self.path().parent().unwrap_or(Path::new("."));
        let (opened, _) = open_copy(data_dir, name)?;
        let old = opened.store()?;
        let summary = old.map_summary(map_id)?;
        let doc: MapDoc = old.load_map(map_id)?.doc;
        let project_name = old.project(&summary.project_id)?.name;
        drop(opened);
        let restored_suffix = match wayline_model::Locale::parse(&summary.locale) {
            Some(wayline_model::Locale::ZhCn) => "（已恢复）",
            Some(wayline_model::Locale::ZhTw) => "（已還原）",
            _ => " (restored)",
        };

        let title = format!("{}{restored_suffix}", doc.title());
        let title = schema::text_head(&title, schema::MAX_TITLE_CHARS);
        let _ = doc.set_title(title);
        let project_id = match self.project(&summary.project_id) {
            Ok(p) if self.list_projects()?.iter().any(|live| live.id == p.id) => p.id,
            _ => {
                let name: String = format!("{project_name}{restored_suffix}")
                    .chars()
                    .take(100)
                    .collect();
                self.create_project(&name)?.id
            }
        };
        self.create_map(&project_id, &doc)
    }
}
