//! A log file in the data folder (`logs/wayline.log.YYYY-MM-DD`, one per day, two weeks kept) that a user can
//! attach to a bug report, for the desktop app and `wayline serve` alike, plus stderr.
//! `WAYLINE_LOG` (an `EnvFilter`) overrides both levels.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

/// Libraries whose own warnings are about what the app already handles: Loro's, and the picture
/// renderer's notes on characters no shipped font has (drawn as empty boxes, as in the report),
/// one line per character of a map in a script the fonts do not cover.
pub const QUIETER_LIBRARIES: &str = "loro=warn,loro_internal=warn,usvg=error";

/// Daily log files kept; older ones are deleted as new days begin.
pub const KEPT_LOG_FILES: usize = 14;

/// Starts logging to `data_dir/logs` at info level and to stderr at `stderr_level`; keep the
/// guard alive for as long as the process logs (dropping it flushes the file).
pub fn init(data_dir: &Path, stderr_level: &str) -> Option<WorkerGuard> {
    let filter = |default: &str| {
        EnvFilter::try_from_env("WAYLINE_LOG")
            .unwrap_or_else(|_| EnvFilter::new(format!("{default},{QUIETER_LIBRARIES}")))
    };
    let logs = data_dir.join("logs");
    // One file a day, the last two weeks kept: enough for a bug report, never a full disk.
    let file = std::fs::create_dir_all(&logs).ok().and_then(|()| {
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("wayline.log")
            .max_log_files(KEPT_LOG_FILES)
            .build(&logs)
            .ok()
    });
    let stderr = fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter(stderr_level));
    match file {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let _ = tracing_subscriber::registry()
                .with(stderr)
                .with(
                    fmt::layer()
                        .with_ansi(false)
                        .with_writer(writer)
                        .with_filter(filter("info")),
                )
                .try_init();
            Some(guard)
        }
        None => {
            let _ = tracing_subscriber::registry().with(stderr).try_init();
            None
        }
    }
}
