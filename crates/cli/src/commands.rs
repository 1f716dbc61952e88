//! The subcommands. Each returns a message for stderr on failure.

use std::path::{Path, PathBuf};

use wayline_host::{HostConfig, HostError};
use wayline_model::Locale;
use wayline_store::Store;

/// Prints a line for whoever watches a running host; a closed stdout (the terminal went away, a
/// script stopped reading) must never stop the host, so write errors are ignored.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `wayline serve --workshop` options.
pub struct WorkshopArgs {
    pub bind: Option<String>,
    pub map: Option<String>,
    pub role: String,
}

/// Starts (or shows the resumed) workshop and prints how to join.
/// The newcomers' role `--role` names; checked before the host starts, like `--bind`, so that a
/// mistyped option stops `serve` before it prints an address that would not work.
fn workshop_role(args: &WorkshopArgs) -> Result<wayline_host::wire::Role, String> {
    use wayline_host::wire::Role;
    if let Some(address) = &args.bind {
        wayline_host::workshop::parse_address(address)
            .map_err(|e| format!("--bind {address}: {e}"))?;
    }
    match args.role.as_str() {
        "editor" => Ok(Role::Editor),
        "viewer" => Ok(Role::Viewer),
        other => Err(format!("--role {other:?}: use editor or viewer")),
    }
}

async fn host_workshop(host: &wayline_host::RunningHost, args: WorkshopArgs) -> Result<(), String> {
    use wayline_host::wire::StartWorkshop;
    let role = workshop_role(&args)?;
    let address = match args.bind {
        Some(a) => a,
        None => wayline_host::workshop::interfaces::list()
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|i| !i.loopback && !i.address.contains(':'))
            .map(|i| i.address)
            .ok_or("no network interface besides loopback; pass --bind ADDRESS")?,
    };
    let map_id = match (args.map, host.workshop()) {
        (Some(m), _) => m,
        (None, Some(running)) => running.map_id,
        (None, None) => {
            let store = host.store();
            tokio::task::spawn_blocking(move || store.list_projects())
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())?
                .into_iter()
                .flat_map(|p| p.maps)
                .max_by_key(|m| m.updated_at)
                .map(|m| m.id)
                .ok_or("there is no map to workshop yet; create one first")?
        }
    };
    let status = host
        .start_workshop(StartWorkshop {
            map_id,
            address,
            default_role: role,
        })
        .await
        .map_err(|e| e.to_string())?;
    say!("Workshop on “{}”", status.map_title);
    say!("Teammates on this network join at:");
    say!("{}", status.join_url);
    say!(
        "or open {} and type the code {}",
        status.code_url,
        status.short_code
    );
    say!("{}", wayline_host::workshop::qr::terminal(&status.join_url));
    Ok(())
}

pub fn serve(
    data: PathBuf,
    port: u16,
    sample: bool,
    workshop: Option<WorkshopArgs>,
) -> Result<(), String> {
    if let Some(args) = &workshop {
        workshop_role(args)?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start: {e}"))?;
    runtime.block_on(async move {
        let host = wayline_host::start(HostConfig {
            data_dir: data.clone(),
            port,
            any_port_if_taken: false,
            token: None,
        })
        .await
        .map_err(|e| match e {
            HostError::FolderInUse { url: Some(url), .. } => format!(
                "the data folder {} is already served by another Wayline; open {url}",
                data.display()
            ),
            HostError::Store(
                ref store @ (wayline_store::StoreError::Corrupt { .. }
                | wayline_store::StoreError::NewerFile { .. }),
            ) => format!("{store}\n{}", crate::data_safety::recovery_hint(&data)),
            other => other.to_string(),
        })?;
        if sample {
            let store = host.store();
            tokio::task::spawn_blocking(move || store.ensure_first_launch_sample(Locale::ZhCn))
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())?;
        }
        say!("Wayline is serving {}", data.display());
        say!("Open this address in a browser on this computer:");
        say!("{}", host.browser_url());
        match workshop {
            Some(args) => host_workshop(&host, args).await?,
            None => {
                if let Some(w) = host.workshop() {
                    say!(
                        "The workshop on “{}” continues: {} (code {})",
                        w.map_title,
                        w.join_url,
                        w.short_code
                    );
                }
            }
        }
        say!("Press Ctrl+C to stop.");
        shutdown_signal().await;
        host.shutdown().await;
        eprintln!("wayline: stopped; every saved edit is on disk");
        Ok(())
    })
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn open(data: &Path) -> Result<Store, String> {
    Store::open(data).map_err(|e| e.to_string())
}

pub fn demo(data: &Path, lang: &str) -> Result<(), String> {
    let locale = Locale::parse(lang)
        .ok_or_else(|| format!("unknown language {lang:?}; use en, zh-CN or zh-TW"))?;
    let store = open(data)?;
    let (project, map) = store
        .create_sample_project(locale)
        .map_err(|e| e.to_string())?;
    let out = serde_json::json!({ "project_id": project.id, "map_id": map.id });
    println!("{out}");
    Ok(())
}

pub fn list(data: &Path, json: bool) -> Result<(), String> {
    if !data.join(wayline_store::DB_FILE_NAME).exists() {
        return Err(format!("no Wayline data in {}", data.display()));
    }
    let store = open(data)?;
    let projects = store.list_projects().map_err(|e| e.to_string())?;
    if json {
        let text = serde_json::to_string_pretty(&projects).map_err(|e| e.to_string())?;
        println!("{text}");
        return Ok(());
    }
    if projects.is_empty() {
        println!("No projects.");
    }
    for project in &projects {
        println!("{}  {}", project.id, project.name);
        for map in &project.maps {
            println!(
                "    {}  {}  ({} stages, {} lanes, {} cards)",
                map.id, map.title, map.stage_count, map.lane_count, map.card_count
            );
            // What a reader should know about (kept, but not shown on the board).
            if let Ok(stored) = store.load_map(&map.id) {
                for problem in stored.doc.view().problems() {
                    println!("        ! {problem}");
                }
            }
        }
    }
    Ok(())
}

pub fn export(data: &Path, map: &str, format: &str, paper: &str, out: &Path) -> Result<(), String> {
    if !data.join(wayline_store::DB_FILE_NAME).exists() {
        return Err(format!("no Wayline data in {}", data.display()));
    }
    let store = open(data)?;
    let bytes = if format == "bundle" {
        let summary = store.map_summary(map).map_err(|e| e.to_string())?;
        store
            .export_bundle(&summary.project_id)
            .map_err(|e| e.to_string())?
    } else {
        let now = wayline_store::now_ms() / 1000;
        wayline_host::export::export_map(&store, map, format, Some(paper), now)
            .map_err(|e| e.to_string())?
            .bytes
    };
    // Write next to the target and rename, so a failed export never leaves half a file.
    let tmp = out.with_extension("part");
    std::fs::write(&tmp, &bytes)
        .and_then(|()| std::fs::rename(&tmp, out))
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}

pub fn import(data: &Path, file: &Path) -> Result<(), String> {
    let meta =
        std::fs::metadata(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    if meta.len() > wayline_store::MAX_BUNDLE_BYTES as u64 {
        return Err(format!(
            "{} is too large to be a Wayline bundle",
            file.display()
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let project = open(data)?
        .import_bundle(&bytes)
        .map_err(|e| e.to_string())?;
    println!("{}", serde_json::json!({ "project_id": project.id }));
    Ok(())
}
