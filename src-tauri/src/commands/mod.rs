//! Tauri commands, one module per area. Each is a few lines that call into a crate; everything
//! else the UI needs goes through the host's HTTP and WebSocket interface.

pub mod app;
pub mod export;
pub mod recovery;
pub mod startup;
