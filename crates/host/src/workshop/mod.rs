//! Live workshops: the facilitator hosts a map on the room's network; participants join with a
//! link, a QR code or a short code, get a role, and are seen by everyone (presence).
//!
//! - `crate::state::hub`: who holds which token and what each connection may do (enforced on
//!   every join and every update), shared state like the rest of `crate::state`;
//! - [`listener`]: the second socket on the chosen network address, with participant routes only;
//! - [`join`]: the participants' routes; [`api`]: the facilitator's (loopback only);
//! - `crate::state::codes`: tokens, short codes and the guessing lockout; [`announce`]: mDNS;
//!   [`interfaces`], [`qr`]: what the hosting panel shows.

pub mod announce;
pub(crate) mod api;
pub mod interfaces;
pub(crate) mod join;
pub(crate) mod listener;
pub mod qr;

pub use listener::parse_address;

use std::sync::Arc;

use wayline_store::{NewWorkshop, Role};

use crate::refusal::Refusal;
pub(crate) use crate::state::codes;
use crate::state::AppState;
pub use crate::wire::workshop as wire;
use crate::wire::workshop::{StartWorkshop, WorkshopStatus};
use crate::HostError;

/// The link a participant opens: the UI reads the invitation from the fragment, so it never
/// reaches a server log or a Referer header.
fn join_url(addr: &std::net::SocketAddr, invite: &str) -> String {
    format!("http://{addr}/#invite={invite}")
}

/// What the facilitator's panel shows; `None` when no workshop runs.
pub(crate) fn status(state: &AppState) -> Option<WorkshopStatus> {
    let inner = state.workshop.inner();
    let active = inner.active.as_ref()?;
    let w = &active.workshop;
    let addr = active.listener.as_ref().map(|l| l.addr).or_else(|| {
        w.address
            .parse()
            .ok()
            .map(|ip| std::net::SocketAddr::new(ip, w.port))
    })?;
    let url = join_url(&addr, &w.invite_token);
    Some(WorkshopStatus {
        id: w.id.clone(),
        map_id: w.map_id.clone(),
        map_title: active.map_title.clone(),
        address: addr.ip().to_string(),
        port: addr.port(),
        listening: active.listener.is_some(),
        listen_error: active.listen_error.clone(),
        qr_svg: qr::svg(&url),
        join_url: url,
        code_url: format!("http://{addr}/#join"),
        short_code: codes::display_code(&w.short_code),
        default_role: w.default_role,
        locked: w.locked,
        participants: inner.participant_infos(),
    })
}

async fn blocking<T: Send + 'static>(
    state: &Arc<AppState>,
    f: impl FnOnce(&AppState) -> Result<T, HostError> + Send + 'static,
) -> Result<T, HostError> {
    let st = state.clone();
    tokio::task::spawn_blocking(move || f(&st))
        .await
        .map_err(|e| HostError::Internal(e.to_string()))?
}

/// Starts hosting `request.map_id` on `request.address`, or moves the running workshop of the
/// same map to that address (same invitation). Another map's workshop must be ended first.
pub(crate) async fn start(
    state: &Arc<AppState>,
    request: StartWorkshop,
) -> Result<WorkshopStatus, HostError> {
    let ip = listener::parse_address(&request.address)?;
    if request.default_role == Role::Facilitator {
        return Err(HostError::BadRequest(
            "newcomers can be editors or viewers".into(),
        ));
    }
    let preferred = state.port;
    let workshop = blocking(state, move |st| {
        if let Some(active) = st.store.active_workshop()? {
            if active.map_id != request.map_id {
                return Err(HostError::refused(
                    Refusal::WorkshopElsewhere,
                    "another map is being workshopped; end that workshop first",
                ));
            }
            return Ok(st.store.set_workshop_options(
                &active.id,
                Some(request.default_role),
                None,
            )?);
        }
        Ok(st.store.start_workshop(&NewWorkshop {
            map_id: request.map_id,
            invite_token: codes::new_secret()?,
            short_code: codes::new_short_code()?,
            default_role: request.default_role,
            address: ip.to_string(),
            port: preferred,
        })?)
    })
    .await?;
    let same_place = workshop.address == ip.to_string();
    // Already listening there (resumed at host start, then started again by `serve --workshop`):
    // a new listener would take another port while the old one lets go of it, and every
    // participant's page, which knows only that origin, would be stranded.
    let listening = state
        .workshop
        .inner()
        .active
        .as_ref()
        .and_then(|a| a.listener.as_ref())
        .is_some_and(|l| l.addr.ip() == ip);
    if same_place && listening {
        if let Some(a) = state.workshop.inner().active.as_mut() {
            a.workshop = workshop;
        }
        return status(state).ok_or(HostError::NoWorkshop);
    }
    let port = if same_place { workshop.port } else { preferred };
    bind(state, workshop, ip, port).await?;
    status(state).ok_or(HostError::NoWorkshop)
}

/// (Re)binds the participants' listener for the active workshop and records where it listens.
async fn bind(
    state: &Arc<AppState>,
    workshop: wayline_store::Workshop,
    ip: std::net::IpAddr,
    port: u16,
) -> Result<(), HostError> {
    {
        let st = state.clone();
        let w = workshop.clone();
        blocking(state, move |_| st.workshop.activate(&st.store, w)).await?;
    }
    // Stop the old listener first: the new one may want the same address and port.
    let old = state
        .workshop
        .inner()
        .active
        .as_mut()
        .and_then(|a| a.listener.take());
    if let Some(old) = old {
        old.stop().await;
    }
    let title = state
        .workshop
        .inner()
        .active
        .as_ref()
        .map(|a| a.map_title.clone());
    match listener::start(state.clone(), ip, port, title).await {
        Ok(l) => {
            let (id, bound) = (workshop.id.clone(), l.addr);
            // Another start may have bound meanwhile (the window and `serve --workshop` at once):
            // its listener is stopped, not left serving a port the store no longer records.
            let replaced = match state.workshop.inner().active.as_mut() {
                Some(a) => {
                    a.listen_error = None;
                    a.listener.replace(l)
                }
                None => Some(l),
            };
            if let Some(previous) = replaced {
                previous.stop().await;
            }
            let w = blocking(state, move |st| {
                Ok(st
                    .store
                    .set_workshop_address(&id, &bound.ip().to_string(), bound.port())?)
            })
            .await?;
            if let Some(a) = state.workshop.inner().active.as_mut() {
                a.workshop = w;
            }
            Ok(())
        }
        Err(e) => {
            if let Some(a) = state.workshop.inner().active.as_mut() {
                a.listen_error = Some(e.to_string());
            }
            Err(e)
        }
    }
}

/// At host start: resumes a workshop that was not ended (same invitation, same address and port
/// when still available). A vanished address is reported in the status, not fatal.
pub(crate) async fn resume(state: &Arc<AppState>) {
    let found = blocking(state, |st| Ok(st.store.active_workshop()?)).await;
    let Ok(Some(workshop)) = found else { return };
    let ip = match workshop.address.parse() {
        Ok(ip) => ip,
        Err(_) => return,
    };
    let port = workshop.port;
    if let Err(e) = bind(state, workshop, ip, port).await {
        tracing::warn!(error = %e, "the workshop could not resume on its address");
    }
}

/// Changes the default role or the lock; connected participants rejoin to learn the change.
pub(crate) async fn update(
    state: &Arc<AppState>,
    change: wire::UpdateWorkshop,
) -> Result<WorkshopStatus, HostError> {
    if change.default_role == Some(Role::Facilitator) {
        return Err(HostError::BadRequest(
            "newcomers can be editors or viewers".into(),
        ));
    }
    let id = active_id(state)?;
    let workshop = blocking(state, move |st| {
        Ok(st
            .store
            .set_workshop_options(&id, change.default_role, change.locked)?)
    })
    .await?;
    let map_id = workshop.map_id.clone();
    if let Some(a) = state.workshop.inner().active.as_mut() {
        a.locked_at = match (a.workshop.locked, workshop.locked) {
            (false, true) => Some(std::time::Instant::now()),
            (_, false) => None,
            (true, true) => a.locked_at,
        };
        a.workshop = workshop;
    }
    state.workshop.ask_to_rejoin(None, &map_id);
    status(state).ok_or(HostError::NoWorkshop)
}

fn active_id(state: &AppState) -> Result<String, HostError> {
    state
        .workshop
        .inner()
        .active
        .as_ref()
        .map(|a| a.workshop.id.clone())
        .ok_or(HostError::NoWorkshop)
}

pub(crate) async fn set_role(
    state: &Arc<AppState>,
    participant: String,
    role: Role,
) -> Result<WorkshopStatus, HostError> {
    if role == Role::Facilitator {
        return Err(HostError::BadRequest(
            "a participant can be an editor or a viewer".into(),
        ));
    }
    let id = active_id(state)?;
    let pid = participant.clone();
    blocking(state, move |st| {
        Ok(st.store.set_participant_role(&id, &pid, role)?)
    })
    .await?;
    let map_id = {
        let mut inner = state.workshop.inner();
        let a = inner.active.as_mut().ok_or(HostError::NoWorkshop)?;
        if let Some(p) = a.participants.get_mut(&participant) {
            p.role = role;
        }
        a.workshop.map_id.clone()
    };
    state.workshop.ask_to_rejoin(Some(&participant), &map_id);
    status(state).ok_or(HostError::NoWorkshop)
}

/// Revokes a participant: their token stops working and their connections close at once.
pub(crate) async fn revoke(
    state: &Arc<AppState>,
    participant: String,
) -> Result<WorkshopStatus, HostError> {
    let id = active_id(state)?;
    let pid = participant.clone();
    blocking(state, move |st| {
        Ok(st.store.revoke_participant(&id, &pid)?)
    })
    .await?;
    let map_id = {
        let mut inner = state.workshop.inner();
        let a = inner.active.as_mut().ok_or(HostError::NoWorkshop)?;
        if let Some(p) = a.participants.get_mut(&participant) {
            p.revoked = true;
        }
        a.workshop.map_id.clone()
    };
    state
        .workshop
        .evict(Some(&participant), &map_id, HostError::Revoked.code());
    status(state).ok_or(HostError::NoWorkshop)
}

/// Ends the workshop: every token stops working, participants are disconnected (their browsers
/// keep a read-only copy), and the host listens on loopback only again.
pub(crate) async fn end(state: &Arc<AppState>) -> Result<(), HostError> {
    let id = active_id(state)?;
    blocking(state, move |st| Ok(st.store.end_workshop(&id)?)).await?;
    let active = state.workshop.inner().active.take();
    if let Some(a) = &active {
        let code = HostError::WorkshopEnded.code();
        state.workshop.evict(None, &a.workshop.map_id, code);
    }
    if let Some(l) = active.and_then(|a| a.listener) {
        l.stop().await;
    }
    Ok(())
}
