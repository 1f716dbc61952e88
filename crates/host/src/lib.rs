//! The Wayline host: one tokio server per data folder.
//!
//! It serves the UI, a JSON API for the catalog, and the map documents as Loro sync rooms over
//! WebSocket (`loro-protocol`). Every document update is written to SQLite in a transaction
//! before it is acknowledged, then broadcast. The desktop shell runs it in-process; the
//! `wayline serve` command runs it headless. It knows nothing of Tauri.

mod api;
mod assets;
mod auth;
mod backups_api;
mod brainstorm;
mod coding;
mod connections;
pub mod diagnostics;
mod error;
mod error_contract;
pub mod export;
mod folder_lock;
mod fonts;
#[doc(hidden)]
pub mod fuzzing;
pub mod logging;
mod presence;
mod protocol;
mod refusal;
mod room_checks;
mod rooms;
mod server;
mod state;
mod thumbnails;
mod token_bucket;
mod trash_api;
mod versions_api;
pub mod wire;
mod wire_schema;
pub mod workshop;
mod ws;

pub use assets::shell_file;
pub use connections::{connection_budget, ConnectionBounds, ConnectionBudget};
pub use error::HostError;
pub use folder_lock::{read_running_host, FolderLock, RunningHostInfo};
pub use refusal::Refusal;
pub use server::{start, HostConfig, RunningHost, DEFAULT_PORT};
pub use state::hub::LOCK_GRACE;
/// The messages per second one connection may send on average (benchmarks pace themselves by it).
pub use ws::limits::MESSAGES_PER_SECOND as CONNECTION_MESSAGES_PER_SECOND;
