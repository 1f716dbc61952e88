//! Saved versions over HTTP: what changed between a version and now (or two versions), which
//! the board highlights, and a version restored as a map of its own. Saving a version is an edit
//! of the map document like any other (the UI writes it; the host checks it in `rooms/apply.rs`).

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use wayline_model::MapChanges;
use wayline_store::{MapSummary, StoreError};

use crate::api::{blocking, ApiResult};
use crate::state::AppState;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/maps/{id}/changes", get(changes))
        .route(
            "/api/maps/{id}/versions/{version}/restore",
            post(restore_version),
        )
}

#[derive(Deserialize)]
struct ChangesQuery {
    /// The earlier version.
    from: String,
    /// The later version; the map as it is now when absent.
    to: Option<String>,
}

/// What changed from one saved version to another, or to now. Reads what the host has stored,
/// which holds every acknowledged edit.
async fn changes(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<ChangesQuery>,
) -> ApiResult<MapChanges> {
    blocking(&state, move |s| {
        let doc = s.load_map(&id)?.doc;
        for version in std::iter::once(&q.from).chain(&q.to) {
            if !doc.has_version(version) {
                return Err(StoreError::NotFound {
                    what: "version",
                    id: version.clone(),
                }
                .into());
            }
        }
        Ok(doc.changes_between(&q.from, q.to.as_deref())?)
    })
    .await
}

/// A new map in the same project holding the map as it was at the version.
async fn restore_version(
    State(state): State<Arc<AppState>>,
    Path((id, version)): Path<(String, String)>,
) -> ApiResult<MapSummary> {
    blocking(&state, move |s| Ok(s.map_from_version(&id, &version)?)).await
}
