//! The trash of whole projects over HTTP: move a project (with its maps) to the trash, list,
//! restore and purge; and the trash emptying itself of what is older than 30 days.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::routing::{delete, get, post};
use axum::Router;
use wayline_store::{ProjectSummary, Store, TrashedProject};

use crate::api::{blocking, ApiResult};
use crate::refusal::eviction;
use crate::state::AppState;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/projects/{id}/trash", post(trash_project))
        .route("/api/projects/{id}/restore", post(restore_project))
        .route("/api/trash/projects", get(list_trashed_projects))
        .route("/api/trash/projects/{id}", delete(purge_project))
}

async fn trash_project(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult<ProjectSummary> {
    let rooms = state.rooms.clone();
    blocking(&state, move |s| {
        let project = s.trash_project(&id)?;
        // Whoever has one of its maps open (a participant too) is evicted.
        for map in s.map_ids_of_project(&id)? {
            rooms.evict(&map, eviction::PROJECT_TRASHED);
        }
        Ok(project)
    })
    .await
}

async fn restore_project(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult<ProjectSummary> {
    blocking(&state, move |s| Ok(s.restore_project(&id)?)).await
}

async fn list_trashed_projects(
    State(state): State<Arc<AppState>>,
) -> ApiResult<Vec<TrashedProject>> {
    blocking(&state, |s| Ok(s.trashed_projects()?)).await
}

async fn purge_project(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult<()> {
    let rooms = state.rooms.clone();
    blocking(&state, move |s| {
        let maps = s.map_ids_of_project(&id)?;
        s.purge_project(&id)?;
        for map in maps {
            rooms.evict(&map, eviction::PROJECT_DELETED);
        }
        Ok(())
    })
    .await
}

/// Deletes for good what has been in the trash longer than 30 days; logged, never fatal.
pub fn empty_old_trash(store: &Store) {
    match store.empty_old_trash(wayline_store::now_ms()) {
        Ok(e) if e.maps + e.projects > 0 => {
            tracing::info!(maps = e.maps, projects = e.projects, "emptied old trash")
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "could not empty the old trash"),
    }
}
