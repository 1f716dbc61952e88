//! The JSON catalog API. Handlers are thin: they validate the request shape and call the store
//! on the blocking pool.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{delete, get, patch, post};
use axum::{Json, Router};
use wayline_model::{templates, Locale};
use wayline_store::{
    MapSummary, Persona, PersonaFields, ProjectSummary, Settings, Store, TrashedMap,
};

use crate::refusal::eviction;
use crate::state::AppState;
use crate::wire::{CreateMap, CreateProject, RenameMap, SessionInfo, TemplateInfo};
use crate::HostError;

pub(crate) type ApiResult<T> = Result<Json<T>, HostError>;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/session", get(session))
        .route("/api/projects", get(list_projects).post(create_project))
        .route("/api/projects/{id}", patch(rename_project))
        .route("/api/projects/{id}/maps", post(create_map))
        .route("/api/projects/{id}/bundle", get(export_bundle))
        .route("/api/templates", get(list_templates))
        .route("/api/settings", get(get_settings).put(put_settings))
        .route("/api/maps/{id}", patch(rename_map).delete(trash_map))
        .route("/api/maps/{id}/duplicate", post(duplicate_map))
        .route("/api/maps/{id}/restore", post(restore_map))
        .route("/api/maps/{id}/thumbnail.svg", get(thumbnail))
        .route("/api/maps/{id}/snapshot", get(snapshot))
        .route("/api/maps/{id}/export", get(export))
        .route(
            "/api/bundles",
            post(import_bundle).layer(axum::extract::DefaultBodyLimit::max(
                wayline_store::MAX_BUNDLE_BYTES,
            )),
        )
        .route("/api/trash", get(list_trash))
        .route("/api/trash/{id}", delete(purge_map))
        .route(
            "/api/projects/{id}/personas",
            get(list_personas).post(create_persona),
        )
        .route(
            "/api/personas/{id}",
            patch(update_persona).delete(delete_persona),
        )
        .route(
            "/api/personas/{id}/picture",
            get(persona_picture)
                .put(put_persona_picture)
                .delete(delete_persona_picture)
                // A little over the store's limit, so a picture just too large gets the store's
                // own message; far larger bodies are cut off here (a JSON 413 either way).
                .layer(axum::extract::DefaultBodyLimit::max(
                    wayline_store::MAX_PICTURE_BYTES + 64 * 1024,
                )),
        )
}

/// Runs blocking store work off the async runtime (every JSON route of the host uses it).
pub(crate) async fn blocking<T: Send + 'static>(
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
    b.map(|Json(v)| v).map_err(HostError::from_json_rejection)
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

async fn rename_map(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    b: Result<Json<RenameMap>, JsonRejection>,
) -> ApiResult<MapSummary> {
    let req = body(b)?;
    let rooms = state.rooms.clone();
    blocking(&state, move |s| {
        s.map_summary(&id)?;
        rooms.edit(&id, |doc| doc.set_title(&req.title))?;
        Ok(s.map_summary(&id)?)
    })
    .await
}

async fn trash_map(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult<()> {
    let rooms = state.rooms.clone();
    blocking(&state, move |s| {
        s.trash_map(&id)?;
        // Whoever has it open (a participant too) is evicted: a trashed map is not written.
        rooms.evict(&id, eviction::MAP_TRASHED);
        Ok(())
    })
    .await
}

async fn restore_map(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult<MapSummary> {
    blocking(&state, move |s| Ok(s.restore_map(&id)?)).await
}

async fn purge_map(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult<()> {
    let rooms = state.rooms.clone();
    blocking(&state, move |s| {
        s.purge_map(&id)?;
        rooms.evict(&id, eviction::MAP_DELETED);
        Ok(())
    })
    .await
}

/// Adds the project of a `.wayline` bundle (e.g. a participant's saved copy of a workshop map,
/// to re-seed a host whose data were lost). Checked completely before anything is written.
async fn import_bundle(
    State(state): State<Arc<AppState>>,
    bytes: Bytes,
) -> ApiResult<ProjectSummary> {
    blocking(&state, move |s| Ok(s.import_bundle(&bytes)?)).await
}

async fn list_trash(State(state): State<Arc<AppState>>) -> ApiResult<Vec<TrashedMap>> {
    blocking(&state, |s| Ok(s.trashed_maps()?)).await
}

async fn duplicate_map(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult<MapSummary> {
    let rooms = state.rooms.clone();
    blocking(&state, move |s| {
        // Compact an open room first so the copy has every acknowledged edit.
        if let Some(room) = rooms.get(&id) {
            room.flush_now(s);
        }
        Ok(s.duplicate_map(&id)?)
    })
    .await
}

async fn thumbnail(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, HostError> {
    let kept = state.clone();
    let Json(svg) = blocking(&state, move |s| {
        let updated_at = s.map_summary(&id)?.updated_at;
        kept.thumbnails.get_or_draw(&id, updated_at, || {
            let view = s.load_map(&id)?.doc.view();
            Ok(wayline_report::thumbnail_svg(&view))
        })
    })
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        svg.to_string(),
    ))
}

/// The map as a Loro snapshot and its cards as JSON, for a tab that reopens it while its script
/// starts (ui sync/mapPrefetch.ts): it then joins holding the map, and the join brings only what
/// changed.
async fn snapshot(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, HostError> {
    let rooms = state.rooms.clone();
    let body = tokio::task::spawn_blocking(move || rooms.snapshot_for_joiner(&id))
        .await
        .map_err(|e| HostError::Internal(e.to_string()))??;
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Bytes::from_owner(KeptBody(body)),
    ))
}

/// The room's kept answer, sent without copying it.
struct KeptBody(Arc<Vec<u8>>);

impl AsRef<[u8]> for KeptBody {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}

async fn list_personas(
    State(state): State<Arc<AppState>>,
    Path(project_id): Path<String>,
) -> ApiResult<Vec<Persona>> {
    blocking(&state, move |s| Ok(s.personas(&project_id)?)).await
}

async fn create_persona(
    State(state): State<Arc<AppState>>,
    Path(project_id): Path<String>,
    b: Result<Json<PersonaFields>, JsonRejection>,
) -> ApiResult<Persona> {
    let req = body(b)?;
    blocking(&state, move |s| Ok(s.create_persona(&project_id, &req)?)).await
}

async fn update_persona(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    b: Result<Json<PersonaFields>, JsonRejection>,
) -> ApiResult<Persona> {
    let req = body(b)?;
    blocking(&state, move |s| Ok(s.update_persona(&id, &req)?)).await
}

async fn delete_persona(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult<()> {
    blocking(&state, move |s| Ok(s.delete_persona(&id)?)).await
}

async fn put_persona_picture(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> ApiResult<Persona> {
    blocking(&state, move |s| {
        Ok(s.set_persona_picture(&id, Some(&bytes))?)
    })
    .await
}

async fn delete_persona_picture(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult<Persona> {
    blocking(&state, move |s| Ok(s.set_persona_picture(&id, None)?)).await
}

async fn persona_picture(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, HostError> {
    let Json((bytes, kind)) = blocking(&state, move |s| Ok(s.persona_picture(&id)?)).await?;
    let mut headers = HeaderMap::new();
    if let Ok(v) = kind.parse() {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        "no-cache"
            .parse()
            .map_err(|_| HostError::Internal("header".into()))?,
    );
    Ok((StatusCode::OK, headers, bytes))
}

#[derive(serde::Deserialize)]
struct ExportQuery {
    format: String,
    paper: Option<String>,
}

/// The PDF report or the CSV of cards, as a download.
async fn export(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<impl IntoResponse, HostError> {
    let now = wayline_store::now_ms() / 1000;
    let Json(export) = blocking(&state, move |s| {
        crate::export::export_map(s, &id, &q.format, q.paper.as_deref(), now)
    })
    .await?;
    download(&export.file_name, export.media_type, export.bytes)
}

/// A project as a `.wayline` bundle, to keep elsewhere or send to a colleague.
async fn export_bundle(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, HostError> {
    let Json((name, bytes)) = blocking(&state, move |s| {
        let project = s.project(&id)?;
        Ok((project.name, s.export_bundle(&id)?))
    })
    .await?;
    let file_name = format!("{}.wayline", crate::export::file_stem(&name));
    download(&file_name, "application/json", bytes)
}

/// A file the browser saves under `file_name` (non-ASCII names kept through `filename*`).
fn download(
    file_name: &str,
    media_type: &str,
    bytes: Vec<u8>,
) -> Result<impl IntoResponse, HostError> {
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        file_name.replace(|c: char| !c.is_ascii_alphanumeric() && c != '.', "_"),
        percent_encode(file_name)
    );
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        media_type
            .parse()
            .map_err(|_| HostError::Internal("header".into()))?,
    );
    if let Ok(v) = disposition.parse() {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok((StatusCode::OK, headers, bytes))
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
