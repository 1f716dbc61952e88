//! Backups over HTTP, for the Restore screen: list them, make one now, see what one holds, and
//! bring one map back out of it as a new map (nothing current is replaced). Restoring the whole
//! file replaces what a running host serves, so it is `wayline restore` with Wayline quit.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use wayline_store::{BackupContents, BackupInfo, MapSummary, Store};

use crate::server::AppState;
use crate::HostError;

type ApiResult<T> = Result<Json<T>, HostError>;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/backups", get(list).post(backup_now))
        .route("/api/backups/{name}", get(contents))
        .route("/api/backups/{name}/maps/{map}/restore", post(restore_map))
}

async fn blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Store, &std::path::Path) -> Result<T, HostError> + Send + 'static,
) -> ApiResult<T> {
    let store = state.store.clone();
    let data_dir = state.data_dir.clone();
    tokio::task::spawn_blocking(move || f(&store, &data_dir))
        .await
        .map_err(|e| HostError::Internal(e.to_string()))?
        .map(Json)
}

async fn list(State(state): State<Arc<AppState>>) -> ApiResult<Vec<BackupInfo>> {
    blocking(&state, |_, dir| Ok(wayline_store::list_backups(dir))).await
}

async fn backup_now(State(state): State<Arc<AppState>>) -> ApiResult<BackupInfo> {
    blocking(&state, |s, _| Ok(s.backup_now(wayline_store::now_ms())?)).await
}

async fn contents(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
) -> ApiResult<BackupContents> {
    blocking(&state, move |_, dir| {
        Ok(wayline_store::inspect_backup(dir, &name)?)
    })
    .await
}

async fn restore_map(
    State(state): State<Arc<AppState>>,
    Path((name, map)): Path<(String, String)>,
) -> ApiResult<MapSummary> {
    blocking(&state, move |s, _| {
        Ok(s.restore_map_from_backup(&name, &map)?)
    })
    .await
}
