//! The participants' side of a workshop: exchanging the short code for the invitation (with a
//! lockout per address), joining with a name and colour, and the participant's session.
//! Requests arrive on the workshop listener only; the invitation, not the launch token, opens it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use wayline_store::{now_ms, Participant};

use super::codes;
use super::wire::{Invitation, JoinWorkshop, OpenInvitation, ParticipantSession, RedeemCode};
use crate::refusal::Refusal;
use crate::state::AppState;
use crate::HostError;

pub use wayline_model::participants::MAX_PARTICIPANTS;
/// A participant's name, as the document keeps it.
pub const MAX_NAME_CHARS: usize = wayline_model::participants::MAX_PARTICIPANT_NAME_CHARS;

/// Same-origin only: a page on another site must not drive a participant's session. Any Host
/// name is accepted here (participants reach the host by address or by a `.local` name); the
/// invitation and participant tokens guard these routes.
pub async fn guard(req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        let same = origin.to_str().is_ok_and(|o| o == format!("http://{host}"));
        if !same {
            let shown = origin.to_str().unwrap_or("?").to_owned();
            return HostError::ForbiddenOrigin(format!("origin {shown:?}")).into_response();
        }
    }
    next.run(req).await
}

fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, HostError> {
    b.map(|Json(v)| v).map_err(HostError::from_json_rejection)
}

pub async fn redeem_code(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Result<Json<RedeemCode>, JsonRejection>,
) -> Result<Json<Invitation>, HostError> {
    let request = body(request)?;
    let now = Instant::now();
    let mut lockout = state.lockout();
    lockout.check(peer.ip(), now)?;
    let typed = codes::normalise_code(&request.code);
    let mut inner = state.workshop.inner();
    let active = inner.active.as_mut().ok_or(HostError::NoWorkshop)?;
    if typed.len() == codes::CODE_LENGTH
        && crate::state::codes::same(&typed, &active.workshop.short_code)
    {
        lockout.succeeded(peer.ip());
        let asking = request.participant_id.as_deref();
        return Ok(Json(invitation_of(&state, active, asking)));
    }
    lockout.failed(peer.ip(), now);
    tracing::warn!(peer = %peer.ip(), "a wrong workshop code");
    Err(HostError::WrongCode)
}

/// What the join page shows and offers before someone joins: the map's title, the colours worn
/// there now, and the colour to start `asking` (a participant id) on, held for them a while.
fn invitation_of(
    state: &AppState,
    active: &mut crate::state::hub::Active,
    asking: Option<&str>,
) -> Invitation {
    let worn = state.presence.colors(&active.workshop.map_id);
    let asking = asking.filter(|id| valid_participant_id(id));
    let suggested_color =
        active
            .color_offers
            .suggest(asking, &worn, &active.participants, Instant::now());
    Invitation {
        invite: active.workshop.invite_token.clone(),
        map_title: active.map_title.clone(),
        colors_in_use: worn,
        suggested_color,
    }
}

/// The invitation of a link (`#invite=…`), as the code exchange gives it.
pub async fn open_invitation(
    State(state): State<Arc<AppState>>,
    request: Result<Json<OpenInvitation>, JsonRejection>,
) -> Result<Json<Invitation>, HostError> {
    let request = body(request)?;
    let mut inner = state.workshop.inner();
    let active = inner.active.as_mut().ok_or(HostError::WorkshopEnded)?;
    if !crate::state::codes::same(&active.workshop.invite_token, &request.invite) {
        return Err(HostError::Unauthorized);
    }
    let asking = request.participant_id.as_deref();
    Ok(Json(invitation_of(&state, active, asking)))
}

fn valid_participant_id(id: &str) -> bool {
    wayline_model::schema::is_plain_id(id, 8, 64)
}

/// Trims a display name and refuses an empty, overlong or control-character one.
pub fn clean_name(name: &str) -> Result<String, HostError> {
    let name = name.trim();
    let chars = wayline_model::schema::text_length(name);
    if chars == 0 || chars > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(HostError::refused(
            Refusal::NameLength,
            format!("a name of 1 to {MAX_NAME_CHARS} characters, please"),
        ));
    }
    Ok(name.to_owned())
}

pub async fn join(
    State(state): State<Arc<AppState>>,
    request: Result<Json<JoinWorkshop>, JsonRejection>,
) -> Result<Json<ParticipantSession>, HostError> {
    let request = body(request)?;
    if !valid_participant_id(&request.participant_id) {
        return Err(HostError::BadRequest("a malformed participant id".into()));
    }
    if !crate::presence::is_color(&request.color) {
        return Err(HostError::BadRequest("a colour such as #2f6fde".into()));
    }
    let name = clean_name(&request.name)?;
    let st = state.clone();
    tokio::task::spawn_blocking(move || join_blocking(&st, request, name))
        .await
        .map_err(|e| HostError::Internal(e.to_string()))?
        .map(Json)
}

fn join_blocking(
    state: &AppState,
    request: JoinWorkshop,
    name: String,
) -> Result<ParticipantSession, HostError> {
    // Decide under the hub's lock, write to disk, then publish to the hub.
    let (workshop_id, participant) = {
        let inner = state.workshop.inner();
        let active = inner.active.as_ref().ok_or(HostError::WorkshopEnded)?;
        if !crate::state::codes::same(&active.workshop.invite_token, &request.invite) {
            return Err(HostError::Unauthorized);
        }
        let participant = match active.participants.get(&request.participant_id) {
            Some(p) if p.revoked => return Err(HostError::Revoked),
            Some(p) => {
                let theirs = request.participant_token.as_deref().unwrap_or_default();
                if !crate::state::codes::same(theirs, &p.token) {
                    return Err(HostError::refused(
                        Refusal::ParticipantTaken,
                        "this participant id belongs to someone else",
                    ));
                }
                Participant {
                    name,
                    color: request.color,
                    ..p.clone()
                }
            }
            None if active.participants.len() >= MAX_PARTICIPANTS => {
                return Err(HostError::refused(
                    Refusal::WorkshopFull,
                    "the workshop is full",
                ))
            }
            None => Participant {
                id: request.participant_id,
                token: codes::new_secret()?,
                name,
                color: request.color,
                role: active.workshop.default_role,
                joined_at: now_ms(),
                revoked: false,
            },
        };
        (active.workshop.id.clone(), participant)
    };
    let stored = state.store.upsert_participant(&workshop_id, &participant)?;
    let mut inner = state.workshop.inner();
    let active = inner
        .active
        .as_mut()
        .filter(|a| a.workshop.id == workshop_id)
        .ok_or(HostError::WorkshopEnded)?;
    active.color_offers.taken_up(&stored.id);
    active
        .participants
        .insert(stored.id.clone(), stored.clone());
    Ok(session_of(active, &stored))
}

fn session_of(active: &crate::state::hub::Active, p: &Participant) -> ParticipantSession {
    ParticipantSession {
        participant_id: p.id.clone(),
        participant_token: p.token.clone(),
        name: p.name.clone(),
        color: p.color.clone(),
        role: p.role,
        map_id: active.workshop.map_id.clone(),
        map_title: active.map_title.clone(),
        locked: active.workshop.locked,
    }
}

/// The participant's own session: tells a returning browser whether its token still works.
pub async fn session(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Json<ParticipantSession>, HostError> {
    let token = crate::auth::bearer(&headers).ok_or(HostError::Unauthorized)?;
    let inner = state.workshop.inner();
    let active = inner.active.as_ref().ok_or(HostError::WorkshopEnded)?;
    let p = active
        .participants
        .values()
        .find(|p| crate::state::codes::same(&p.token, token))
        .ok_or(HostError::Unauthorized)?;
    if p.revoked {
        return Err(HostError::Revoked);
    }
    Ok(Json(session_of(active, p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_names_colours_and_ids() {
        assert_eq!(clean_name("  王小明 ").ok().as_deref(), Some("王小明"));
        assert!(clean_name("   ").is_err());
        assert!(clean_name(&"名".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert!(clean_name("a\u{7}b").is_err());
        use crate::presence::is_color;
        assert!(is_color("#2F6fde") && !is_color("red") && !is_color("#12345g"));
        assert!(valid_participant_id("p-1a2b3c4d") && !valid_participant_id("short"));
        assert!(!valid_participant_id("bad id with spaces"));
    }
}
