//! "Copy diagnostics": what a bug report needs — version, system, the data file's health, the
//! backups and the end of the newest log file — gathered without opening any map, so no card
//! text is in it. The desktop window's start-up screen asks for it too, when the host could not
//! start, which is why it reads the folder directly instead of going through a running store.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Lines taken from the end of the newest log file.
pub const LOG_LINES: usize = 40;
/// Longest log line kept (a line longer than this is cut).
const MAX_LINE_CHARS: usize = 500;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Diagnostics {
    pub version: String,
    pub os: String,
    pub arch: String,
    pub data_dir: String,
    /// `ok: …` with the schema version and counts, or what is wrong with the file.
    pub data_file: String,
    #[ts(type = "number")]
    pub data_file_bytes: u64,
    pub backups: usize,
    pub newest_backup: Option<String>,
    /// The newest log file's name and its last lines.
    pub log_file: Option<String>,
    pub log_tail: Vec<String>,
}

/// Gathers the diagnostics of the data folder `data_dir`.
pub fn gather(data_dir: &Path) -> Diagnostics {
    let file = data_dir.join(wayline_store::DB_FILE_NAME);
    let data_file = if file.exists() {
        match wayline_store::file_health(&file) {
            Ok(h) => format!("ok: {h}"),
            Err(e) => e,
        }
    } else {
        "no data file yet".into()
    };
    let backups = wayline_store::list_backups(data_dir);
    let (log_file, log_tail) = newest_log(&data_dir.join("logs"));
    Diagnostics {
        version: env!("CARGO_PKG_VERSION").into(),
        os: std::env::consts::OS.into(),
        arch: std::env::consts::ARCH.into(),
        data_dir: data_dir.display().to_string(),
        data_file,
        data_file_bytes: std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0),
        backups: backups.len(),
        newest_backup: backups.first().map(|b| b.name.clone()),
        log_file,
        log_tail,
    }
}

/// The newest `wayline.log.*` in `logs` and its last [`LOG_LINES`] lines.
fn newest_log(logs: &Path) -> (Option<String>, Vec<String>) {
    let newest = std::fs::read_dir(logs).ok().and_then(|entries| {
        entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("wayline.log"))
            .max_by_key(|e| e.file_name())
    });
    let Some(entry) = newest else {
        return (None, Vec::new());
    };
    let text = std::fs::read(entry.path())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines[lines.len().saturating_sub(LOG_LINES)..]
        .iter()
        .map(|l| l.chars().take(MAX_LINE_CHARS).collect())
        .collect();
    (Some(entry.file_name().to_string_lossy().into_owned()), tail)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn names_the_file_health_backups_and_the_end_of_the_newest_log() {
        let dir = tempfile::tempdir().unwrap();
        let none = super::gather(dir.path());
        assert_eq!(none.data_file, "no data file yet");
        assert!(none.log_tail.is_empty());

        let store = wayline_store::Store::open(dir.path()).unwrap();
        store.create_project("客戶旅程").unwrap();
        store.backup_now(1_780_000_000_000).unwrap();
        let logs = dir.path().join("logs");
        std::fs::create_dir_all(&logs).unwrap();
        std::fs::write(logs.join("wayline.log.2026-11-01"), "old\n").unwrap();
        let lines: String = (0..100).map(|i| format!("line {i}\n")).collect();
        std::fs::write(logs.join("wayline.log.2026-11-30"), lines).unwrap();

        let d = super::gather(dir.path());
        assert!(
            d.data_file.starts_with("ok: integrity ok"),
            "{}",
            d.data_file
        );
        assert!(d.data_file.contains("1 projects"));
        assert_eq!(d.backups, 1);
        assert_eq!(d.log_file.as_deref(), Some("wayline.log.2026-11-30"));
        assert_eq!(d.log_tail.len(), super::LOG_LINES);
        assert_eq!(d.log_tail.last().map(String::as_str), Some("line 99"));
        // Nothing of the projects' content: only counts.
        assert!(!format!("{d:?}").contains("客戶旅程"));
    }
}
