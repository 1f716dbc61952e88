//! How long the window takes to be useful, for the desktop start-up benchmark
//! (`scripts/desktop-bench.sh`): the shell notes when `main` ran, the host was ready and the
//! window was built; the page reports its own marks once the project list is painted. With
//! `WAYLINE_STARTUP_TRACE=1` the line goes to standard error, where the benchmark reads it.

use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Deserialize;

/// Milliseconds since the Unix epoch, as the page's `performance.timeOrigin` counts them.
fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

static MAIN: OnceLock<f64> = OnceLock::new();
static HOST_READY: OnceLock<f64> = OnceLock::new();
static WINDOW_BUILT: OnceLock<f64> = OnceLock::new();

pub fn mark_main() {
    MAIN.get_or_init(epoch_ms);
}

pub fn mark_host_ready() {
    HOST_READY.get_or_init(epoch_ms);
}

pub fn mark_window_built() {
    WINDOW_BUILT.get_or_init(epoch_ms);
}

/// The page's marks: its clock's origin (epoch ms) and, from there, when its script started and
/// when the project list was painted.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageMarks {
    time_origin: f64,
    script_start: f64,
    painted: f64,
}

#[tauri::command]
pub fn startup_painted(marks: PageMarks) {
    let main = MAIN.get().copied().unwrap_or(0.0);
    let since = |t: f64| t - main;
    let line = format!(
        "wayline-desktop startup (ms after main): host ready {:.0}, window built {:.0}, page \
         navigation {:.0}, page script {:.0}, project list painted {:.0} (main at epoch {:.0})",
        since(HOST_READY.get().copied().unwrap_or(main)),
        since(WINDOW_BUILT.get().copied().unwrap_or(main)),
        since(marks.time_origin),
        since(marks.time_origin + marks.script_start),
        since(marks.time_origin + marks.painted),
        main,
    );
    if std::env::var_os("WAYLINE_STARTUP_TRACE").is_some_and(|v| v == "1") {
        eprintln!("{line}");
    }
    tracing::debug!("{line}");
}
