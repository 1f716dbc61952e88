//! `wayline backup`, `wayline restore` and `wayline check`: the data file's backups and health
//! from the command line. A restore never destroys anything: the current file is backed up first,
//! and it runs only while no Wayline holds the folder.

use std::path::{Path, PathBuf};

use wayline_store::{backup_dir, list_backups, Store, DB_FILE_NAME};

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

/// `wayline backup`: a backup now, whatever changed.
pub fn backup(data: &Path) -> Result<(), String> {
    if !data.join(DB_FILE_NAME).exists() {
        return Err(format!("no Wayline data in {}", data.display()));
    }
    // Works beside a running host: the backup reads through its own connection.
    let store = Store::open(data).map_err(|e| e.to_string())?;
    let b = store
        .backup_now(wayline_store::now_ms())
        .map_err(|e| e.to_string())?;
    println!("{}", b.path.display());
    eprintln!("backed up to {} ({})", b.name, megabytes(b.size_bytes));
    Ok(())
}

/// `wayline export-all`: every project as a `.wayline` bundle in `out`, never overwriting a file.
pub fn export_all(data: &Path, out: &Path) -> Result<(), String> {
    if !data.join(DB_FILE_NAME).exists() {
        return Err(format!("no Wayline data in {}", data.display()));
    }
    let store = Store::open(data).map_err(|e| e.to_string())?;
    let written = wayline_host::export::export_all(&store, out).map_err(|e| e.to_string())?;
    for path in &written {
        println!("{}", path.display());
    }
    eprintln!("{} projects written to {}", written.len(), out.display());
    Ok(())
}

/// `wayline restore` without `--from`: the backups there are; with it, puts one back.
pub fn restore(data: &Path, from: Option<&str>) -> Result<(), String> {
    let Some(from) = from else {
        let all = list_backups(data);
        if all.is_empty() {
            println!("no backups in {}", backup_dir(data).display());
        }
        for b in all {
            println!(
                "{}  {}  {}",
                b.name,
                wayline_model::dates::iso_date(b.created_at_ms / 1000),
                megabytes(b.size_bytes)
            );
        }
        return Ok(());
    };
    let source = resolve(data, from)?;
    let _lock = wayline_host::FolderLock::acquire(data)
        .map_err(|e| format!("{e}; quit Wayline (or stop `wayline serve`) before restoring"))?;
    let done = wayline_store::restore_whole_file(data, &source, wayline_store::now_ms())
        .map_err(|e| e.to_string())?;
    if let Some(name) = &done.current_backup {
        eprintln!("the current data is saved as backup {name}");
    }
    if let Some(kept) = &done.kept_as {
        eprintln!(
            "the current file could not be read; it is kept as {}",
            kept.display()
        );
    }
    eprintln!(
        "restored {} from {}",
        data.join(DB_FILE_NAME).display(),
        source.display()
    );
    Ok(())
}

fn resolve(data: &Path, from: &str) -> Result<PathBuf, String> {
    let named = backup_dir(data).join(from);
    let path = if named.exists() {
        named
    } else {
        PathBuf::from(from)
    };
    if path.exists() {
        Ok(path)
    } else {
        Err(format!("no backup {from:?}; `wayline restore` lists them"))
    }
}

/// The health of a SQLite data file: integrity, schema version, maps and projects.
fn check_file(path: &Path) -> Result<String, String> {
    Ok(format!("ok: {}", wayline_store::file_health(path)?))
}

/// What a person can do about a data file that cannot be opened: the three choices of
/// `wayline recover`, naming the newest usable backup.
pub fn recovery_hint(data: &Path) -> String {
    let d = data.display();
    let restore = match wayline_store::newest_good_backup(data) {
        Some(b) => format!(
            "  wayline recover --data {d} --choice restore-backup   puts back the newest usable \
             backup, {} ({})",
            b.name,
            wayline_model::dates::iso_date(b.created_at_ms / 1000)
        ),
        None => format!(
            "  (there is no usable backup in {})",
            backup_dir(data).display()
        ),
    };
    format!(
        "What you can do (the file that cannot be opened is kept beside the new one, never \
         deleted):\n{restore}\n  wayline recover --data {d} --choice salvage          reads \
         every map that can still be read into a new file\n  wayline recover --data {d} \
         --choice start-empty      starts a new empty file\n`wayline check --data {d}` reports \
         the file's health."
    )
}

/// `wayline recover`: one of the three ways out of a data file that cannot be opened.
pub fn recover(data: &Path, choice: &str) -> Result<(), String> {
    let choice = wayline_store::RecoveryChoice::parse(choice).ok_or_else(|| {
        format!("unknown choice {choice:?}: restore-backup, salvage or start-empty")
    })?;
    let _lock = wayline_host::FolderLock::acquire(data)
        .map_err(|e| format!("{e}; quit Wayline (or stop `wayline serve`) first"))?;
    if choice != wayline_store::RecoveryChoice::StartEmpty && Store::open(data).is_ok() {
        return Err(format!(
            "the data file in {} opens normally; nothing to recover (`wayline restore` puts \
             back a chosen backup)",
            data.display()
        ));
    }
    let o =
        wayline_store::recover(data, choice, wayline_store::now_ms()).map_err(|e| e.to_string())?;
    if let Some(kept) = &o.kept_as {
        eprintln!("the previous file is kept as {kept}");
    }
    if let Some(b) = &o.backup {
        eprintln!("restored backup {b}");
    }
    println!(
        "{} projects, {} maps{}",
        o.projects,
        o.maps,
        if o.maps_lost > 0 {
            format!(", {} maps could not be read", o.maps_lost)
        } else {
            String::new()
        }
    );
    Ok(())
}

/// `wayline check`: reports the data file's health (exit code 1 when it is not usable).
pub fn check(data: &Path) -> Result<(), String> {
    let path = data.join(DB_FILE_NAME);
    if !path.exists() {
        return Err(format!("no Wayline data in {}", data.display()));
    }
    let report = check_file(&path)
        .map_err(|e| format!("{}: {e}\n{}", path.display(), recovery_hint(data)))?;
    println!("{}: {report}", path.display());
    println!(
        "{} backups in {}",
        list_backups(data).len(),
        backup_dir(data).display()
    );
    // Readable is not enough: Wayline writes beside the file (its journal) on every start.
    let probe = data.join(".wayline-write-check");
    match std::fs::write(&probe, b"") {
        Ok(()) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(source) => Err(wayline_store::StoreError::Folder {
            path: data.to_owned(),
            source,
        }
        .to_string()),
    }
}
