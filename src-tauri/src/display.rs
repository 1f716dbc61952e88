//! Whether the window can open: on Linux, GTK needs a graphical session it can reach. Checked
//! before the host starts, so that a display that is named but gone (an SSH session's forwarding
//! closed, a virtual display stopped) gets a clear message and the exit status `scripts/launch.sh`
//! falls back on, instead of a panic inside the windowing library.

/// The exit status when no display can be used; `scripts/launch.sh` then serves the data to a
/// browser instead.
pub const NO_DISPLAY_EXIT: u8 = 2;

/// `Err` with what to tell the user when the window cannot be shown.
pub fn check() -> Result<(), String> {
    #[cfg(target_os = "linux")]
    {
        let named: Vec<String> = ["WAYLAND_DISPLAY", "DISPLAY"]
            .iter()
            .filter_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            .collect();
        if named.is_empty() {
            return Err("no display found (neither DISPLAY nor WAYLAND_DISPLAY is set)".into());
        }
        // GTK keeps the connection it opens here for the window.
        gtk::init().map_err(|e| format!("cannot open the display {} ({e})", named.join(" / ")))?;
    }
    Ok(())
}
