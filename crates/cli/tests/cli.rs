//! The `wayline` binary as a script would use it: output formats and exit codes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

fn wayline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wayline"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn demo_prints_ids_and_list_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let out = wayline(&["demo", "--data", data, "--lang", "zh-TW"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ids: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let map_id = ids["map_id"].as_str().unwrap();
    assert!(ids["project_id"].is_string());

    let out = wayline(&["list", "--data", data, "--json"]);
    assert!(out.status.success());
    let projects: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(projects[0]["name"], "範例：網店顧客旅程");
    let map = &projects[0]["maps"][0];
    assert_eq!(map["id"], map_id);
    assert_eq!(map["title"], "顧客生命週期旅程");
    assert_eq!(map["stage_count"], 5);
    assert_eq!(map["lane_count"], 10);
    assert!(map["card_count"].as_u64().unwrap() >= 15);

    let table = text(&wayline(&["list", "--data", data]).stdout);
    assert!(
        table.contains("顧客生命週期旅程") && table.contains("5 stages"),
        "{table}"
    );
}

#[test]
fn failures_exit_non_zero_with_the_reason_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let out = wayline(&["demo", "--data", data, "--lang", "fr"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("unknown language"));

    let empty = tempfile::tempdir().unwrap();
    let out = wayline(&["list", "--data", empty.path().to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("no Wayline data"));

    std::fs::write(
        dir.path().join("wayline.sqlite3"),
        b"not a database at all, sorry".repeat(50),
    )
    .unwrap();
    let out = wayline(&["list", "--data", data, "--json"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("damaged"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn serve_refuses_a_workshop_address_before_printing_any_link() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    for (bind, role, says) in [
        ("127.0.0.1", "editor", "only this computer"),
        ("0.0.0.0", "editor", "one network interface"),
        ("127.0.0.2", "boss", "use editor or viewer"),
    ] {
        let out = wayline(&[
            "serve",
            "--data",
            data,
            "--port",
            "0",
            "--workshop",
            "--bind",
            bind,
            "--role",
            role,
        ]);
        assert!(!out.status.success(), "{bind} {role}");
        assert!(text(&out.stderr).contains(says), "{}", text(&out.stderr));
        assert!(
            !text(&out.stdout).contains("http://"),
            "{}",
            text(&out.stdout)
        );
    }
}

#[test]
fn serve_prints_the_address_and_refuses_a_busy_folder() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let mut first = Command::new(env!("CARGO_BIN_EXE_wayline"))
        .args(["serve", "--data", data, "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = first.stdout.take().unwrap();
    let url = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find(|l| l.starts_with("http://127.0.0.1:"))
        .unwrap();
    assert!(url.contains("/?token="));

    let second = wayline(&["serve", "--data", data, "--port", "0"]);
    assert!(!second.status.success());
    let err = text(&second.stderr);
    assert!(
        err.contains("already served") && err.contains(&url),
        "{err}"
    );

    // The first launch of a folder creates the sample project.
    let list = wayline(&["list", "--data", data, "--json"]);
    let projects: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(projects[0]["name"], "示例：网店客户旅程");
    first.kill().unwrap();
    first.wait().unwrap();
}

#[test]
fn export_writes_a_pdf_report_and_a_csv_with_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let out = wayline(&["demo", "--data", data, "--lang", "zh-CN"]);
    let ids: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let map = ids["map_id"].as_str().unwrap();

    let pdf = dir.path().join("report.pdf");
    let out = wayline(&[
        "export",
        "--data",
        data,
        "--map",
        map,
        "--format",
        "pdf",
        "--paper",
        "a3-landscape",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert!(bytes.len() < 500 * 1024);

    let csv = dir.path().join("cards.csv");
    let out = wayline(&[
        "export",
        "--data",
        data,
        "--map",
        map,
        "--format",
        "csv",
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a BOM for Excel");
    let content = String::from_utf8(bytes).unwrap();
    assert!(content.contains("结账前必须先注册账号"));
    // A header and one record per card; a multi-line card is one quoted field.
    assert!(content.contains("\"社交媒体广告\n搜索结果\""));
    assert_eq!(content.lines().count(), 21);

    let bad = wayline(&[
        "export", "--data", data, "--map", map, "--format", "docx", "--out", "/tmp/x",
    ]);
    assert!(!bad.status.success());
    // Refused before anything is read, naming what is possible (the host's and the report's lists).
    let said = text(&bad.stderr);
    assert!(said.contains("docx") && said.contains("metrics-csv") && said.contains("bundle"));
    let bad = wayline(&[
        "export", "--data", data, "--map", map, "--paper", "b5", "--out", "/tmp/x",
    ]);
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("letter-landscape"));
    let help = wayline(&["export", "--help"]);
    let said = text(&help.stdout);
    assert!(
        said.contains("a3-portrait") && said.contains("letter-portrait") && said.contains("ics")
    );
    let bad = wayline(&[
        "export", "--data", data, "--map", "nope", "--format", "pdf", "--out", "/tmp/x",
    ]);
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("does not exist"));
}

#[test]
fn a_bundle_exported_by_one_folder_imports_into_another() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let out = wayline(&["demo", "--data", data, "--lang", "zh-TW"]);
    let ids: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let bundle = dir.path().join("workshop.wayline");
    let out = wayline(&[
        "export",
        "--data",
        data,
        "--map",
        ids["map_id"].as_str().unwrap(),
        "--format",
        "bundle",
        "--out",
        bundle.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let other = tempfile::tempdir().unwrap();
    let other_data = other.path().to_str().unwrap();
    let out = wayline(&["import", "--data", other_data, bundle.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let imported: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list: serde_json::Value =
        serde_json::from_slice(&wayline(&["list", "--data", other_data, "--json"]).stdout).unwrap();
    assert_eq!(list[0]["id"], imported["project_id"]);
    assert_eq!(list[0]["maps"][0]["title"], "顧客生命週期旅程");

    std::fs::write(&bundle, b"{\"format\":\"wayline-bundle\"").unwrap();
    let out = wayline(&["import", "--data", other_data, bundle.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("Nothing was imported"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn serve_keeps_a_log_file_in_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_wayline"))
        .args([
            "serve",
            "--data",
            dir.path().to_str().unwrap(),
            "--port",
            "0",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let logs = dir.path().join("logs");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut found = false;
    while std::time::Instant::now() < deadline && !found {
        found = std::fs::read_dir(&logs).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("wayline.log"))
        });
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(found, "no logs/wayline.log.* in the data folder");
}

#[test]
fn backup_check_and_restore_never_lose_the_current_state() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    assert!(wayline(&["demo", "--data", data, "--lang", "zh-TW"])
        .status
        .success());

    let check = wayline(&["check", "--data", data]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert!(
        text(&check.stdout).contains("integrity ok"),
        "{}",
        text(&check.stdout)
    );

    let first = wayline(&["backup", "--data", data]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let first_path = text(&first.stdout).trim().to_owned();
    let first_name = std::path::Path::new(&first_path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();

    // A second project after the backup; restoring the backup takes it away, and the state with
    // it is itself kept as a backup.
    assert!(wayline(&["demo", "--data", data, "--lang", "en"])
        .status
        .success());
    // `list` prints a project per unindented line, its maps indented under it.
    let projects = |out: &std::process::Output| {
        text(&out.stdout)
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with(' '))
            .count()
    };
    let before = projects(&wayline(&["list", "--data", data]));
    let restore = wayline(&["restore", "--data", data, "--from", &first_name]);
    assert!(restore.status.success(), "{}", text(&restore.stderr));
    let after = projects(&wayline(&["list", "--data", data]));
    assert!(after < before, "{before} → {after}");
    let listed = text(&wayline(&["restore", "--data", data]).stdout);
    assert!(listed.lines().count() >= 2, "{listed}");

    // A damaged data file is reported with the newest backup to restore.
    std::fs::write(dir.path().join("wayline.sqlite3"), b"not a database at all").unwrap();
    for side in ["wayline.sqlite3-wal", "wayline.sqlite3-shm"] {
        let _ = std::fs::remove_file(dir.path().join(side));
    }
    let damaged = wayline(&["check", "--data", data]);
    assert!(!damaged.status.success());
    assert!(
        text(&damaged.stderr).contains("--choice restore-backup"),
        "{}",
        text(&damaged.stderr)
    );
    // `wayline serve` says the same instead of starting.
    let serve = wayline(&["serve", "--data", data, "--port", "0"]);
    assert!(!serve.status.success());
    assert!(
        text(&serve.stderr).contains("--choice restore-backup"),
        "{}",
        text(&serve.stderr)
    );
    let back = wayline(&["restore", "--data", data, "--from", &first_name]);
    assert!(back.status.success(), "{}", text(&back.stderr));
    assert!(wayline(&["check", "--data", data]).status.success());
}

#[test]
fn a_damaged_file_is_kept_aside_when_a_backup_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    assert!(wayline(&["demo", "--data", data, "--lang", "zh-CN"])
        .status
        .success());
    let backup = wayline(&["backup", "--data", data]);
    let name = std::path::Path::new(text(&backup.stdout).trim())
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    std::fs::write(dir.path().join("wayline.sqlite3"), vec![0u8; 8192]).unwrap();
    let restored = wayline(&["restore", "--data", data, "--from", &name]);
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert!(!kept.is_empty(), "the damaged file is kept");
    assert_eq!(std::fs::read(kept[0].path()).unwrap(), vec![0u8; 8192]);
}

#[test]
fn export_all_writes_every_project_as_a_bundle_that_imports_again() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    for lang in ["zh-TW", "zh-CN"] {
        assert!(wayline(&["demo", "--data", data, "--lang", lang])
            .status
            .success());
    }
    let out = dir.path().join("everything");
    let written = wayline(&["export-all", "--data", data, "--out", out.to_str().unwrap()]);
    assert!(written.status.success(), "{}", text(&written.stderr));
    let files: Vec<_> = std::fs::read_dir(&out).unwrap().flatten().collect();
    assert_eq!(files.len(), 2, "{files:?}");
    let other = dir.path().join("other");
    for f in &files {
        let imported = wayline(&[
            "import",
            "--data",
            other.to_str().unwrap(),
            f.path().to_str().unwrap(),
        ]);
        assert!(imported.status.success(), "{}", text(&imported.stderr));
    }
}
