//! The facilitator's workshop routes, mounted on the loopback listener only (behind the launch
//! token and the strict Host check): interfaces, start/move, options, roles, revoke, end, and the
//! workshops announced nearby.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::routing::{get, post, put};
use axum::{Json, Router};

use super::wire::{
    AnnouncedWorkshop, NetworkInterface, SetRole, StartWorkshop, UpdateWorkshop, WorkshopStatus,
};
use crate::state::AppState;
use crate::HostError;

type ApiResult<T> = Result<Json<T>, HostError>;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/network/interfaces", get(interfaces))
        .route("/api/network/workshops", get(nearby))
        .route(
            "/api/workshop",
            get(current).post(start).patch(update).delete(end),
        )
        .route("/api/workshop/participants/{id}/role", put(set_role))
        .route("/api/workshop/participants/{id}/revoke", post(revoke))
}

fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, HostError> {
    b.map(|Json(v)| v).map_err(HostError::from_json_rejection)
}

async fn interfaces() -> ApiResult<Vec<NetworkInterface>> {
    tokio::task::spawn_blocking(super::interfaces::list)
        .await
        .map_err(|e| HostError::Internal(e.to_string()))?
        .map(Json)
}

/// Listens for two seconds for workshops announced on the local network.
async fn nearby() -> ApiResult<Vec<AnnouncedWorkshop>> {
    tokio::task::spawn_blocking(|| super::announce::browse(Duration::from_secs(2)))
        .await
        .map(Json)
        .map_err(|e| HostError::Internal(e.to_string()))
}

async fn current(State(state): State<Arc<AppState>>) -> Json<Option<WorkshopStatus>> {
    Json(super::status(&state))
}

async fn start(
    State(state): State<Arc<AppState>>,
    request: Result<Json<StartWorkshop>, JsonRejection>,
) -> ApiResult<WorkshopStatus> {
    super::start(&state, body(request)?).await.map(Json)
}

async fn update(
    State(state): State<Arc<AppState>>,
    request: Result<Json<UpdateWorkshop>, JsonRejection>,
) -> ApiResult<WorkshopStatus> {
    super::update(&state, body(request)?).await.map(Json)
}

async fn end(State(state): State<Arc<AppState>>) -> ApiResult<()> {
    super::end(&state).await.map(Json)
}

async fn set_role(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    request: Result<Json<SetRole>, JsonRejection>,
) -> ApiResult<WorkshopStatus> {
    super::set_role(&state, id, body(request)?.role)
        .await
        .map(Json)
}

async fn revoke(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult<WorkshopStatus> {
    super::revoke(&state, id).await.map(Json)
}
