//! The desktop shell: starts the Wayline host in-process on 127.0.0.1 with a per-launch token,
//! opens the window on the UI the host embeds and tells it where the host is. All product logic lives
//! in the `wayline-*` crates; this crate only wires them to a window.

mod commands;
mod display;
mod hosting;
mod pending_restore;
mod process_setup;
mod shell_assets;
mod window_size;

pub use process_setup::{paint_on_cpu_without_gpu, tune_allocator};
use std::process::ExitCode;

use tauri::{RunEvent, WebviewUrl, WebviewWindowBuilder};

/// Tauri's context with the window's files taken from the host's copy (shell_assets.rs).
fn context() -> tauri::Context {
    let mut context = tauri::generate_context!();
    context.set_assets(Box::new(shell_assets::ShellAssets));
    context
}

pub fn run() -> ExitCode {
    commands::startup::mark_main();
    let data_dir = wayline_store::default_data_dir();
    let _log_guard = wayline_host::logging::init(&data_dir, "info");
    if let Err(why) = display::check() {
        eprintln!(
            "wayline-desktop: {why}.\n\
             Run `wayline serve --data {}` to use Wayline from a browser instead.",
            data_dir.display()
        );
        return ExitCode::from(display::NO_DISPLAY_EXIT);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("wayline-desktop: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    // A whole backup chosen on the Restore screen goes in before the host opens the file.
    let restored = pending_restore::carry_out(&data_dir);
    let connection = match restored {
        Err(why) => hosting::Connection::Failed {
            code: "restore_failed".into(),
            message: format!("the backup could not be restored ({why}); your data is unchanged"),
        },
        Ok(_) => runtime.block_on(hosting::connect(&data_dir)),
    };
    if let hosting::Connection::Failed { message, .. } = &connection {
        eprintln!("wayline-desktop: {message}");
    }
    commands::startup::mark_host_ready();
    let init_script = connection.init_script();
    let failed = matches!(connection, hosting::Connection::Failed { .. });
    // The window's own storage (display name, open map) lives in the data folder too, so one
    // folder holds everything of a Wayline profile.
    let webview_dir = data_dir.join("webview");

    let app = tauri::Builder::default()
        .menu(tauri::menu::Menu::default)
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            commands::export::export_map,
            commands::export::export_everything,
            commands::recovery::recovery_options,
            commands::recovery::recover_data,
            commands::recovery::restart_app,
            commands::recovery::diagnostics,
            commands::recovery::restore_whole_file,
            commands::startup::startup_painted,
        ])
        .manage(commands::app::DataFolder(data_dir.clone()))
        .manage(commands::app::StartupFailed(failed))
        .setup(move |app| {
            let work_area = app.primary_monitor().ok().flatten().map(|monitor| {
                let area = monitor
                    .work_area()
                    .size
                    .to_logical::<f64>(monitor.scale_factor());
                (area.width, area.height)
            });
            let fit = window_size::fit_window(work_area);
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .title("Wayline")
                .inner_size(fit.width, fit.height)
                .min_inner_size(window_size::MIN_SIZE.0, window_size::MIN_SIZE.1)
                .maximized(fit.maximized)
                .initialization_script(&init_script)
                .data_directory(webview_dir)
                .build()?;
            commands::startup::mark_window_built();
            Ok(())
        })
        .build(context());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            eprintln!("wayline-desktop: the window could not be created: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut connection = Some(connection);
    app.run(move |_handle, event| {
        if let RunEvent::Exit = event {
            if let Some(hosting::Connection::Own(host)) = connection.take() {
                // Compacts open maps; every acknowledged edit is already on disk.
                runtime.block_on(host.shutdown());
            }
        }
    });
    ExitCode::SUCCESS
}
