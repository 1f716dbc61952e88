//! Rolling backups of the data file, made with SQLite's online backup API from a connection of
//! their own (in WAL mode a reader never blocks the writer, so edits go on while a backup is
//! copied). Backups live in `backups/` of the data folder, named by their UTC time; a bounded
//! number is kept by age: every one of the last hour, then the newest per hour for a day, per
//! day for a week and per week for a month.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::{Store, StoreError};

/// The folder of the backups, inside the data folder.
pub fn backup_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

const PREFIX: &str = "wayline-";
const SUFFIX: &str = ".sqlite3";

/// One backup file, as the Restore screen and `wayline restore` list it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct BackupInfo {
    /// The file name (what `restore` takes).
    pub name: String,
    /// Where it is on this machine (not sent to the UI).
    #[serde(skip)]
    #[ts(skip)]
    pub path: PathBuf,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    #[ts(type = "number")]
    pub size_bytes: u64,
}

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// Which of the backups made at `times` (ms) to keep at `now`: all of the last hour, the newest
/// per hour for a day, per day for a week, per week for 30 days; never the newest one less.
pub fn to_keep(times: &[i64], now: i64) -> BTreeSet<i64> {
    let mut keep = BTreeSet::new();
    let mut buckets = BTreeSet::new();
    let mut newest_first: Vec<i64> = times.to_vec();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    for &t in &newest_first {
        let age = now - t;
        let bucket = if age < HOUR {
            keep.insert(t);
            continue;
        } else if age < DAY {
            (1, t.div_euclid(HOUR))
        } else if age < 7 * DAY {
            (2, t.div_euclid(DAY))
        } else if age < 30 * DAY {
            (3, t.div_euclid(7 * DAY))
        } else {
            continue;
        };
        // Newest first: the first backup seen in a bucket is the one kept.
        if buckets.insert(bucket) {
            keep.insert(t);
        }
    }
    if let Some(&newest) = newest_first.first() {
        keep.insert(newest);
    }
    keep
}

/// The backups in `data_dir`, newest first. Files of other names are ignored.
pub fn list_backups(data_dir: &Path) -> Vec<BackupInfo> {
    let mut out: Vec<BackupInfo> = std::fs::read_dir(backup_dir(data_dir))
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
                    let created_at_ms = parse_stamp(stamp)?;
                    let size_bytes = e.metadata().ok()?.len();
                    Some(BackupInfo {
                        path: e.path(),
                        name,
                        created_at_ms,
                        size_bytes,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort_by(|a, b| {
        b.created_at_ms
            .cmp(&a.created_at_ms)
            .then(b.name.cmp(&a.name))
    });
    out
}

/// Reads back `YYYY-MM-DDTHHMMSSZ` and an optional `-N` (several backups in one second).
fn parse_stamp(stamp: &str) -> Option<i64> {
    let stamp = stamp.split_once("Z").map(|(s, _)| s)?;
    let (date, time) = stamp.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    if time.len() != 6 || !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| time.get(r)?.parse::<i64>().ok();
    let (hh, mm, ss) = (n(0..2)?, n(2..4)?, n(4..6)?);
    // Days from civil (Howard Hinnant), the inverse of `dates::iso_date`.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 86_400) + hh * 3600 + mm * 60 + ss) * 1000)
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Folder {
        path: path.to_owned(),
        source,
    }
}

/// Copies the SQLite file at `source` into a new file at `target` with the online backup API,
/// durably (written to a temporary name, synced, then renamed).
pub fn copy_database(source: &Path, target: &Path) -> Result<(), StoreError> {
    let src = Connection::open_with_flags(
        source,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let partial = target.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    {
        let mut dst = Connection::open(&partial)?;
        let backup = rusqlite::backup::Backup::new(&src, &mut dst)?;
        // All pages in one step (-1): one consistent read snapshot, which never blocks the
        // writer. Busy or locked (a checkpoint at that instant) is retried briefly.
        let mut tries = 0;
        loop {
            match backup.step(-1)? {
                rusqlite::backup::StepResult::Done => break,
                _ if tries < 100 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                _ => {
                    return Err(StoreError::Invalid(
                        "the data file stayed busy; the backup was not made".into(),
                    ))
                }
            }
        }
    }
    std::fs::File::open(&partial)
        .and_then(|f| f.sync_all())
        .map_err(io(&partial))?;
    std::fs::rename(&partial, target).map_err(io(target))?;
    if let Some(dir) = target.parent() {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}

impl Store {
    /// Makes a backup now and prunes old ones; returns the new backup.
    pub fn backup_now(&self, now_ms: i64) -> Result<BackupInfo, StoreError> {
        let data_dir = self.path().parent().unwrap_or(Path::new("."));
        let dir = backup_dir(data_dir);
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let stamp = wayline_model::dates::file_stamp(now_ms);
        let mut name = format!("{PREFIX}{stamp}{SUFFIX}");
        let mut n = 1;
        while dir.join(&name).exists() {
            n += 1;
            name = format!("{PREFIX}{stamp}-{n}{SUFFIX}");
        }
        let writes_before = self.writes();
        copy_database(self.path(), &dir.join(&name))?;
        self.mark_backed_up(writes_before);
        prune(data_dir, now_ms);
        list_backups(data_dir)
            .into_iter()
            .find(|b| b.name == name)
            .ok_or_else(|| StoreError::Invalid(format!("the backup {name} vanished")))
    }

    /// Makes a backup if anything was written since the last one (or since opening).
    pub fn backup_if_changed(&self, now_ms: i64) -> Result<Option<BackupInfo>, StoreError> {
        if self.writes() == self.backed_up_at() {
            return Ok(None);
        }
        self.backup_now(now_ms).map(Some)
    }
}

/// Deletes the backups [`to_keep`] does not keep.
fn prune(data_dir: &Path, now_ms: i64) {
    let all = list_backups(data_dir);
    let times: Vec<i64> = all.iter().map(|b| b.created_at_ms).collect();
    let keep = to_keep(&times, now_ms);
    let mut kept = BTreeSet::new();
    for b in all {
        // Within the last hour every backup stays (several may share a second); older ones
        // share their time's fate, one per time.
        let recent = now_ms - b.created_at_ms < HOUR;
        if keep.contains(&b.created_at_ms) && (recent || kept.insert(b.created_at_ms)) {
            continue;
        }
        if let Err(e) = std::fs::remove_file(&b.path) {
            tracing::warn!(path = %b.path.display(), error = %e, "could not delete an old backup");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_read_back() {
        let t = 1_795_305_600_000 + 3_723_000;
        let stamp = wayline_model::dates::file_stamp(t);
        assert_eq!(parse_stamp(&stamp), Some(t));
        assert_eq!(parse_stamp(&format!("{stamp}-2")), Some(t));
        assert_eq!(parse_stamp("garbage"), None);
    }

    #[test]
    fn keeps_a_bounded_number_by_age() {
        let now = 100 * DAY;
        // One backup every 30 minutes for 40 days.
        let times: Vec<i64> = (0..40 * 48).map(|i| now - i * 30 * MINUTE).collect();
        let keep = to_keep(&times, now);
        // 2 in the last hour, ~23 hourly, ~6 daily, ~4 weekly.
        assert!(keep.len() <= 40, "{}", keep.len());
        assert!(keep.contains(&now), "the newest");
        assert!(keep.iter().all(|t| now - t < 30 * DAY));
        assert!(
            keep.iter().any(|t| now - t > 20 * DAY),
            "something weeks old"
        );
        assert!(
            keep.iter().any(|t| (DAY..2 * DAY).contains(&(now - t))),
            "yesterday"
        );
        // A lone old backup is still kept: never lose the only copy.
        assert_eq!(to_keep(&[now - 90 * DAY], now).len(), 1);
    }
}
