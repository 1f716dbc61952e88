//! A log file in the data folder (`logs/wayline.log.YYYY-MM-DD`) that a user can attach to a
//! bug report, plus stderr.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter};

pub fn init(data_dir: &Path) -> Option<WorkerGuard> {
    let filter = || {
        EnvFilter::try_from_env("WAYLINE_LOG")
            .unwrap_or_else(|_| EnvFilter::new("info,loro=warn,loro_internal=warn"))
    };
    let logs = data_dir.join("logs");
    let file = std::fs::create_dir_all(&logs)
        .ok()
        .map(|()| tracing_appender::rolling::daily(&logs, "wayline.log"));
    match file {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let _ = tracing_subscriber::registry()
                .with(filter())
                .with(fmt::layer().with_writer(std::io::stderr))
                .with(fmt::layer().with_ansi(false).with_writer(writer))
                .try_init();
            Some(guard)
        }
        None => {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(filter())
                .try_init();
            None
        }
    }
}
