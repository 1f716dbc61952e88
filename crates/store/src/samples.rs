//! The sample project a new user finds on first launch, and `wayline demo` creates on request.

use rusqlite::{params, OptionalExtension};
use wayline_model::{templates, Locale};

use crate::{now_ms, MapSummary, ProjectSummary, Store, StoreError};

const SAMPLE_MARKER: &str = "sample_created";

impl Store {
    /// Creates a project holding one map from the lifecycle template, in `locale`.
    pub fn create_sample_project(
        &self,
        locale: Locale,
    ) -> Result<(ProjectSummary, MapSummary), StoreError> {
        let doc = templates::instantiate("lifecycle", locale, None, "Wayline", now_ms()).map_err(
            |source| StoreError::Document {
                map_id: "sample".into(),
                source,
            },
        )?;
        let project = self.create_project(&templates::sample_project_name(locale))?;
        let map = self.create_map(&project.id, &doc)?;
        let project = self.project(&project.id)?;
        Ok((project, map))
    }

    /// On the first launch of a data folder, creates the sample project. Never again after
    /// that, even if the user deletes it.
    pub fn ensure_first_launch_sample(&self, locale: Locale) -> Result<bool, StoreError> {
        let done: Option<String> = self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT value FROM settings WHERE key = ?1",
                    [SAMPLE_MARKER],
                    |r| r.get(0),
                )
                .optional()?)
        })?;
        if done.is_some() {
            return Ok(false);
        }
        let empty = self.list_projects()?.is_empty();
        if empty {
            self.create_sample_project(locale)?;
        }
        self.with_tx(|tx| {
            tx.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
                params![SAMPLE_MARKER, now_ms().to_string()],
            )?;
            Ok(())
        })?;
        Ok(empty)
    }
}
