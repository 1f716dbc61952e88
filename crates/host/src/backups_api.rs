//! Backups over HTTP, for the Restore screen: list them, make one now, see what one holds, and
//! bring one map back out of it as a new map (nothing current is replaced); and the diagnostics
//! for a bug report. Restoring the whole
//! file replaces what a running host serves, so it is `wayline restore` with Wayline quit.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;
use wayline_store::{BackupContents, BackupInfo, MapSummary};

use crate::api::{blocking, ApiResult};
use crate::state::AppState;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/backups", get(list).post(backup_now))
        .route("/api/backups/{name}", get(contents))
        .route("/api/backups/{name}/maps/{map}/restore", post(restore_map))
        .route("/api/diagnostics", get(diagnostics))
}

/// What a bug report needs, without card contents (see `diagnostics.rs`).
async fn diagnostics(
    State(state): State<Arc<AppState>>,
) -> ApiResult<crate::diagnostics::Diagnostics> {
    let dir = state.data_dir.clone();
    blocking(&state, move |_| Ok(crate::diagnostics::gather(&dir))).await
}

async fn list(State(state): State<Arc<AppState>>) -> ApiResult<Vec<BackupInfo>> {
    let dir = state.data_dir.clone();
    blocking(&state, move |_| Ok(wayline_store::list_backups(&dir))).await
}

async fn backup_now(State(state): State<Arc<AppState>>) -> ApiResult<BackupInfo> {
    // The backup's map list shows the counts of the edits just made, not those of a second ago.
    let rooms = state.rooms.clone();
    blocking(&state, move |s| {
        rooms.refresh_projections();
        Ok(s.backup_now(wayline_store::now_ms())?)
    })
    .await
}

async fn contents(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
) -> ApiResult<BackupContents> {
    let dir = state.data_dir.clone();
    blocking(&state, move |_| {
        Ok(wayline_store::inspect_backup(&dir, &name)?)
    })
    .await
}

async fn restore_map(
    State(state): State<Arc<AppState>>,
    Path((name, map)): Path<(String, String)>,
) -> ApiResult<MapSummary> {
    blocking(&state, move |s| Ok(s.restore_map_from_backup(&name, &map)?)).await
}
