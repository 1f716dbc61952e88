//! `wayline recover`, and the disk conditions a laptop meets: a read-only folder and a full
//! disk, made real inside a mount namespace of the test's own (root only; CI runs as root).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

fn wayline_bin() -> &'static str {
    env!("CARGO_BIN_EXE_wayline")
}

fn wayline(args: &[&str]) -> Output {
    Command::new(wayline_bin()).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `script` with `sh` in a new mount namespace; `$W` is the wayline binary, `$D` the folder.
fn in_mount_namespace(dir: &Path, script: &str) -> Output {
    Command::new("unshare")
        .args(["-m", "sh", "-c", script])
        .env("W", wayline_bin())
        .env("D", dir)
        .output()
        .unwrap()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| text(&o.stdout).trim() == "0")
}

#[test]
fn recover_restores_the_newest_good_backup_and_keeps_the_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    assert!(wayline(&["demo", "--data", data, "--lang", "zh-TW"])
        .status
        .success());
    // A file that opens needs no recovery.
    let healthy = wayline(&["recover", "--data", data, "--choice", "salvage"]);
    assert!(!healthy.status.success());
    assert!(
        text(&healthy.stderr).contains("opens normally"),
        "{}",
        text(&healthy.stderr)
    );

    assert!(wayline(&["backup", "--data", data]).status.success());
    let garbage: Vec<u8> = (0..40_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(dir.path().join("wayline.sqlite3"), &garbage).unwrap();
    for side in ["wayline.sqlite3-wal", "wayline.sqlite3-shm"] {
        let _ = std::fs::remove_file(dir.path().join(side));
    }
    let check = wayline(&["check", "--data", data]);
    assert!(!check.status.success());
    let advice = text(&check.stderr);
    for choice in ["restore-backup", "salvage", "start-empty"] {
        assert!(advice.contains(&format!("--choice {choice}")), "{advice}");
    }

    let unknown = wayline(&["recover", "--data", data, "--choice", "fix-it"]);
    assert!(!unknown.status.success());
    assert!(text(&unknown.stderr).contains("unknown choice"));

    let recovered = wayline(&["recover", "--data", data, "--choice", "restore-backup"]);
    assert!(recovered.status.success(), "{}", text(&recovered.stderr));
    assert!(
        text(&recovered.stdout).contains("1 projects, 1 maps"),
        "{}",
        text(&recovered.stdout)
    );
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("wayline.sqlite3.damaged-")
        })
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read(kept[0].path()).unwrap(), garbage);
    assert!(text(&wayline(&["list", "--data", data]).stdout).contains("顧客生命週期旅程"));
}

#[test]
fn a_read_only_folder_is_named_and_its_data_can_still_be_checked() {
    if !is_root() {
        eprintln!("skipped: mount namespaces need root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    assert!(wayline(&["demo", "--data", data]).status.success());
    let before = std::fs::read(dir.path().join("wayline.sqlite3")).unwrap();
    let out = in_mount_namespace(
        dir.path(),
        r#"mount --bind "$D" "$D" && mount -o remount,bind,ro "$D" || exit 99
           "$W" serve --data "$D" --port 0; echo "serve=$?"
           "$W" check --data "$D"; echo "check=$?""#,
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(stdout.contains("serve=1"), "{stdout}{stderr}");
    assert!(stderr.contains("Read-only file system"), "{stderr}");
    assert!(stderr.contains("mounted read-only"), "{stderr}");
    // `check` still reads the file and reports it, then names the folder's problem.
    assert!(stdout.contains("integrity ok, file version"), "{stdout}");
    assert!(stdout.contains("check=1"), "{stdout}");
    assert_eq!(
        std::fs::read(dir.path().join("wayline.sqlite3")).unwrap(),
        before
    );
}

#[test]
fn a_full_disk_refuses_the_write_with_a_clear_message_and_loses_nothing_saved() {
    if !is_root() {
        eprintln!("skipped: mount namespaces need root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = in_mount_namespace(
        dir.path(),
        r#"mount -t tmpfs -o size=400k tmpfs "$D" || exit 99
           "$W" demo --data "$D" --lang zh-CN > /dev/null; echo "first=$?"
           dd if=/dev/zero of="$D/filler" bs=4k 2> /dev/null
           "$W" demo --data "$D" --lang zh-TW; echo "second=$?"
           rm "$D/filler"
           "$W" check --data "$D"; echo "check=$?"
           "$W" list --data "$D""#,
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(stdout.contains("first=0"), "{stdout}{stderr}");
    assert!(stdout.contains("second=1"), "{stdout}{stderr}");
    assert!(stderr.contains("is full: free some space"), "{stderr}");
    // The file is healthy and holds exactly what was saved before the disk filled up.
    assert!(stdout.contains("integrity ok"), "{stdout}");
    assert!(stdout.contains("check=0"), "{stdout}");
    assert!(stdout.contains("1 projects, 1 maps"), "{stdout}");
    assert!(stdout.contains("客户生命周期旅程"), "{stdout}");
}
