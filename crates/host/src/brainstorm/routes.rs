//! The brainstorm's routes, twice: on the facilitator's loopback API (behind the launch token:
//! the facilitator writes ideas too, and reveals) and on the workshop listener (a participant's
//! own token; no reveal or start there). The same functions answer both, with the asker as a [`Peer`].

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::{get, post, put};
use axum::{Json, Router};

use crate::state::{AppState, Peer};
use crate::wire::{
    BrainstormOverview, BrainstormStarted, IdeaSaved, IdeasRevealed, PutIdea, RevealIdeas,
    StartBrainstorm,
};
use crate::HostError;

type ApiResult<T> = Result<Json<T>, HostError>;

const OVERVIEW: &str = "/api/maps/{id}/brainstorm";
const IDEA: &str = "/api/maps/{id}/brainstorm/ideas/{idea}";
const REVEAL: &str = "/api/maps/{id}/brainstorm/reveal";
const START: &str = "/api/maps/{id}/brainstorm/start";

/// The facilitator's routes (the loopback listener's guard has checked the launch token).
pub fn facilitator_routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(OVERVIEW, get(facilitator_overview))
        .route(IDEA, put(facilitator_put).delete(facilitator_delete))
        .route(REVEAL, post(facilitator_reveal))
        .route(START, post(facilitator_start))
}

/// A participant's routes, on the workshop listener: the participant token says who asks.
pub fn participant_routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(OVERVIEW, get(participant_overview))
        .route(IDEA, put(participant_put).delete(participant_delete))
}

fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, HostError> {
    b.map(|Json(v)| v).map_err(HostError::from_json_rejection)
}

/// Runs `f` off the async workers (it reads and writes the store and the map's room).
async fn blocking<T: Send + 'static>(
    state: Arc<AppState>,
    f: impl FnOnce(&AppState) -> Result<T, HostError> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(move || f(&state))
        .await
        .map_err(|e| HostError::Internal(e.to_string()))?
        .map(Json)
}

fn participant(state: &AppState, headers: &HeaderMap) -> Result<Peer, HostError> {
    let token = crate::auth::bearer(headers).ok_or(HostError::Unauthorized)?;
    state.workshop.authenticate(token)
}

async fn facilitator_overview(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult<BrainstormOverview> {
    blocking(state, move |s| super::overview(s, &Peer::Facilitator, &id)).await
}

async fn facilitator_put(
    State(state): State<Arc<AppState>>,
    Path((id, idea)): Path<(String, String)>,
    request: Result<Json<PutIdea>, JsonRejection>,
) -> ApiResult<IdeaSaved> {
    let request = body(request)?;
    blocking(state, move |s| {
        super::put(s, &Peer::Facilitator, &id, &idea, request)
    })
    .await
}

async fn facilitator_delete(
    State(state): State<Arc<AppState>>,
    Path((id, idea)): Path<(String, String)>,
) -> ApiResult<()> {
    blocking(state, move |s| {
        super::delete(s, &Peer::Facilitator, &id, &idea)
    })
    .await
}

async fn facilitator_reveal(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    request: Result<Json<RevealIdeas>, JsonRejection>,
) -> ApiResult<IdeasRevealed> {
    let round = body(request)?.round;
    blocking(state, move |s| {
        super::reveal(s, &Peer::Facilitator, &id, round)
    })
    .await
}

async fn facilitator_start(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    request: Result<Json<StartBrainstorm>, JsonRejection>,
) -> ApiResult<BrainstormStarted> {
    let request = body(request)?;
    blocking(state, move |s| {
        super::start(s, &Peer::Facilitator, &id, request)
    })
    .await
}

async fn participant_overview(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<BrainstormOverview> {
    let peer = participant(&state, &headers)?;
    blocking(state, move |s| super::overview(s, &peer, &id)).await
}

async fn participant_put(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path((id, idea)): Path<(String, String)>,
    request: Result<Json<PutIdea>, JsonRejection>,
) -> ApiResult<IdeaSaved> {
    let peer = participant(&state, &headers)?;
    let request = body(request)?;
    blocking(state, move |s| super::put(s, &peer, &id, &idea, request)).await
}

async fn participant_delete(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path((id, idea)): Path<(String, String)>,
) -> ApiResult<()> {
    let peer = participant(&state, &headers)?;
    blocking(state, move |s| super::delete(s, &peer, &id, &idea)).await
}
