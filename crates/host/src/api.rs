//! The JSON catalog API. Handlers are thin: they validate the request shape and call the store
//! on the blocking pool.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use wayline_model::{templates, Locale};
use wayline_store::{MapSummary, ProjectSummary, Settings, Store};

use crate::server::AppState;
use crate::wire::{CreateMap, CreateProject, SessionInfo, TemplateInfo};
use crate::HostError;

type ApiResult<T> = Result<Json<T>, HostError>;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/session", get(session))
        .route("/api/projects", get(list_projects).post(create_project))
        .route("/api/projects/{id}", patch(rename_project))
        .route("/api/projects/{id}/maps", post(create_map))
        .route("/api/templates", get(list_templates))
        .route("/api/settings", get(get_settings).put(put_settings))
}

/// Runs blocking store work off the async runtime.
async fn blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Store) -> Result<T, HostError> + Send + 'static,
) -> ApiResult<T> {
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || f(&store))
        .await
        .map_err(|e| HostError::Internal(e.to_string()))?
        .map(Json)
}

fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, HostError> {
    b.map(|Json(v)| v)
        .map_err(|e| HostError::BadRequest(e.body_text()))
}

async fn session(State(state): State<Arc<AppState>>) -> Json<SessionInfo> {
    Json(SessionInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: state.data_dir.display().to_string(),
        browser_url: state.browser_url(),
    })
}

async fn list_projects(State(state): State<Arc<AppState>>) -> ApiResult<Vec<ProjectSummary>> {
    blocking(&state, |s| Ok(s.list_projects()?)).await
}

async fn create_project(
    State(state): State<Arc<AppState>>,
    b: Result<Json<CreateProject>, JsonRejection>,
) -> ApiResult<ProjectSummary> {
    let req = body(b)?;
    blocking(&state, move |s| Ok(s.create_project(&req.name)?)).await
}

async fn rename_project(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    b: Result<Json<CreateProject>, JsonRejection>,
) -> ApiResult<ProjectSummary> {
    let req = body(b)?;
    blocking(&state, move |s| Ok(s.rename_project(&id, &req.name)?)).await
}

async fn create_map(
    State(state): State<Arc<AppState>>,
    Path(project_id): Path<String>,
    b: Result<Json<CreateMap>, JsonRejection>,
) -> ApiResult<MapSummary> {
    let req = body(b)?;
    let locale = Locale::parse(&req.locale)
        .ok_or_else(|| HostError::BadRequest(format!("unknown map language {:?}", req.locale)))?;
    blocking(&state, move |s| {
        let doc = templates::instantiate(
            &req.template,
            locale,
            req.title.as_deref(),
            "Wayline",
            wayline_store::now_ms(),
        )?;
        Ok(s.create_map(&project_id, &doc)?)
    })
    .await
}

async fn list_templates() -> Json<Vec<TemplateInfo>> {
    Json(
        templates::list()
            .into_iter()
            .map(|t| TemplateInfo {
                id: t.id.to_owned(),
                locales: t.locales.iter().map(|l| (*l).to_owned()).collect(),
            })
            .collect(),
    )
}

async fn get_settings(State(state): State<Arc<AppState>>) -> ApiResult<Settings> {
    blocking(&state, |s| Ok(s.settings()?)).await
}

async fn put_settings(
    State(state): State<Arc<AppState>>,
    b: Result<Json<Settings>, JsonRejection>,
) -> ApiResult<Settings> {
    let req = body(b)?;
    blocking(&state, move |s| Ok(s.save_settings(&req)?)).await
}
