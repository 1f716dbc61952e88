//! User settings kept in the data file, so the desktop app and its browser view agree.

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settings {
    /// `auto` (follow the system) or `en`, `zh-CN`, `zh-TW`.
    pub language: String,
    /// `system`, `light` or `dark`.
    pub theme: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: "auto".into(),
            theme: "system".into(),
        }
    }
}

impl Settings {
    pub fn validate(&self) -> Result<(), StoreError> {
        if !["auto", "en", "zh-CN", "zh-TW"].contains(&self.language.as_str()) {
            return Err(StoreError::Invalid(format!(
                "unknown language {:?}",
                self.language
            )));
        }
        if !["system", "light", "dark"].contains(&self.theme.as_str()) {
            return Err(StoreError::Invalid(format!(
                "unknown theme {:?}",
                self.theme
            )));
        }
        Ok(())
    }
}

impl Store {
    pub fn settings(&self) -> Result<Settings, StoreError> {
        self.read(|conn| {
            let mut out = Settings::default();
            let mut stmt = conn.prepare_cached("SELECT key, value FROM settings")?;
            let rows =
                stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (key, value) = row?;
                match key.as_str() {
                    "language" => out.language = value,
                    "theme" => out.theme = value,
                    _ => {}
                }
            }
            Ok(out)
        })
    }

    pub fn save_settings(&self, settings: &Settings) -> Result<Settings, StoreError> {
        settings.validate()?;
        self.with_tx(|tx| {
            for (key, value) in [("language", &settings.language), ("theme", &settings.theme)] {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    params![key, value],
                )?;
            }
            Ok(())
        })?;
        self.settings()
    }
}
