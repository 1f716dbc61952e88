//! `wayline`: the headless side of Wayline — serve the app to browsers without a window, create
//! the sample project, list what a data folder holds, and export reports. Exit code 0 on success; otherwise the
//! reason goes to stderr.

mod commands;
mod data_safety;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::PossibleValuesParser;
use clap::{Parser, Subcommand};

/// The formats `export` takes, from the host's list (the app's export dialog is tested against the
/// same list), and `bundle`.
fn export_formats() -> PossibleValuesParser {
    PossibleValuesParser::new(
        wayline_host::export::FORMATS
            .iter()
            .copied()
            .chain(["bundle"]),
    )
}

/// The papers the PDF report is laid out for, from the report's own list.
fn export_papers() -> PossibleValuesParser {
    PossibleValuesParser::new(wayline_host::export::paper_names())
}

#[derive(Parser)]
#[command(
    name = "wayline",
    version,
    about = "Customer-journey mapping workshops, headless"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the Wayline UI and maps to browsers on this machine (no window).
    Serve {
        /// Data folder (default: the desktop app's folder).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Port on 127.0.0.1 (0 picks a free one).
        #[arg(long, default_value_t = wayline_host::DEFAULT_PORT)]
        port: u16,
        /// Do not create the sample project in a new data folder.
        #[arg(long)]
        no_sample: bool,
        /// Host a live workshop: teammates on the room's network join with a link or a code.
        #[arg(long)]
        workshop: bool,
        /// The network address participants connect to (default: the first non-loopback one).
        #[arg(long, requires = "workshop")]
        bind: Option<String>,
        /// The map to workshop (default: the most recently edited one).
        #[arg(long, requires = "workshop")]
        map: Option<String>,
        /// The role newcomers get: editor or viewer.
        #[arg(long, default_value = "editor", requires = "workshop")]
        role: String,
    },
    /// Create the sample project and print its ids as JSON.
    Demo {
        #[arg(long)]
        data: Option<PathBuf>,
        /// Language of the sample map: en, zh-CN or zh-TW.
        #[arg(long, default_value = "zh-CN")]
        lang: String,
    },
    /// Back up the data file now (into the data folder's backups/; the host also backs up every
    /// 30 minutes while it changes, and on quit).
    Backup {
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// List the backups, or put one back with --from (the current file is backed up first).
    Restore {
        #[arg(long)]
        data: Option<PathBuf>,
        /// A backup's name (from the list) or a path to a backup file.
        #[arg(long)]
        from: Option<String>,
    },
    /// Report the data file's health: integrity, version, projects and maps.
    Check {
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Write one of a map's exports: the PDF report, the map as a picture, a CSV or a bundle.
    Export {
        /// Data folder (default: the desktop app's folder).
        #[arg(long)]
        data: Option<PathBuf>,
        /// The map's id (see `wayline list`).
        #[arg(long)]
        map: String,
        /// What to write; `bundle` is the map's whole project as a .wayline file.
        #[arg(long, default_value = "pdf", value_parser = export_formats())]
        format: String,
        /// The PDF's paper and orientation.
        #[arg(long, default_value = "a4-landscape", value_parser = export_papers())]
        paper: String,
        /// Where to write the file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write every project as a .wayline bundle into a folder (a copy of everything, to keep
    /// elsewhere or to move to another machine).
    ExportAll {
        #[arg(long)]
        data: Option<PathBuf>,
        /// The folder to write into (created if missing; existing files are not overwritten).
        #[arg(long)]
        out: PathBuf,
    },
    /// Recover from a data file that cannot be opened. The file is kept beside the new one under
    /// a dated name, never deleted.
    Recover {
        #[arg(long)]
        data: Option<PathBuf>,
        /// restore-backup (the newest usable backup), salvage (every map that can still be
        /// read, into a new file) or start-empty.
        #[arg(long)]
        choice: String,
    },
    /// Import a .wayline bundle as a new project and print its id.
    Import {
        #[arg(long)]
        data: Option<PathBuf>,
        /// The bundle file.
        file: PathBuf,
    },
    /// List every project and map with stage, lane and card counts.
    List {
        #[arg(long)]
        data: Option<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

fn data_dir(data: Option<PathBuf>) -> PathBuf {
    data.unwrap_or_else(wayline_store::default_data_dir)
}

fn stderr_logging() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("WAYLINE_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new(format!(
                    "warn,{}",
                    wayline_host::logging::QUIETER_LIBRARIES
                ))
            }),
        )
        .with_writer(std::io::stderr)
        .init();
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A long-running host keeps a log file in its data folder for bug reports; one-shot
    // commands write their few warnings to stderr only.
    let mut _log_guard = None;
    if let Command::Serve { data, .. } = &cli.command {
        _log_guard = wayline_host::logging::init(&data_dir(data.clone()), "warn");
    } else {
        stderr_logging();
    }
    let result = match cli.command {
        Command::Serve {
            data,
            port,
            no_sample,
            workshop,
            bind,
            map,
            role,
        } => commands::serve(
            data_dir(data),
            port,
            !no_sample,
            workshop.then_some(commands::WorkshopArgs { bind, map, role }),
        ),
        Command::Demo { data, lang } => commands::demo(&data_dir(data), &lang),
        Command::List { data, json } => commands::list(&data_dir(data), json),
        Command::Export {
            data,
            map,
            format,
            paper,
            out,
        } => commands::export(&data_dir(data), &map, &format, &paper, &out),
        Command::Import { data, file } => commands::import(&data_dir(data), &file),
        Command::ExportAll { data, out } => data_safety::export_all(&data_dir(data), &out),
        Command::Backup { data } => data_safety::backup(&data_dir(data)),
        Command::Restore { data, from } => data_safety::restore(&data_dir(data), from.as_deref()),
        Command::Check { data } => data_safety::check(&data_dir(data)),
        Command::Recover { data, choice } => data_safety::recover(&data_dir(data), &choice),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("wayline: {message}");
            ExitCode::FAILURE
        }
    }
}
