//! The state every route and connection shares — the store, the open map rooms, the live workshop
//! (who holds which token, who may do what: [`hub`]), presence, and the secrets and lockout of
//! join codes ([`codes`]). It depends on no route or connection module: `server` builds the routes
//! from the feature modules (`api`, `auth`, `ws`, `workshop`, …), and they all read this.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use wayline_store::Store;

use crate::presence::Presence;
use crate::rooms::Rooms;
use crate::thumbnails::ThumbnailCache;

pub mod brainstorms;
pub mod codes;
pub mod color_offers;
pub mod hub;

use codes::Lockout;
pub(crate) use hub::{Access, Hub, Peer};

pub(crate) struct AppState {
    pub store: Arc<Store>,
    pub rooms: Arc<Rooms>,
    pub token: String,
    pub port: u16,
    pub data_dir: PathBuf,
    pub workshop: Hub,
    pub presence: Presence,
    pub(crate) lockout: Mutex<Lockout>,
    pub thumbnails: ThumbnailCache,
    pub brainstorms: brainstorms::Brainstorms,
    /// The bounds on the workshop's connections, shared by every listener it has had.
    pub(crate) workshop_gate: crate::connections::Gate,
}

impl AppState {
    pub fn lockout(&self) -> MutexGuard<'_, Lockout> {
        self.lockout.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn browser_url(&self) -> String {
        format!("http://127.0.0.1:{}/?token={}", self.port, self.token)
    }
}
