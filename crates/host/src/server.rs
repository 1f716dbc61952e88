//! Starting and stopping a host: folder lock, store, listener, routes, background ticker.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use wayline_store::Store;

use crate::folder_lock::{FolderLock, RunningHostInfo};
use crate::presence::Presence;
use crate::rooms::Rooms;
use crate::state::codes::Lockout;
use crate::state::AppState;
use crate::state::Hub;
use crate::thumbnails::ThumbnailCache;
use crate::wire::workshop::{StartWorkshop, WorkshopStatus};
use crate::{api, assets, auth, workshop, ws, HostError};
use std::sync::Mutex;

#[derive(Debug, Clone)]
pub struct HostConfig {
    pub data_dir: PathBuf,
    /// 0 picks a free port.
    pub port: u16,
    /// When `port` is taken, listen on any free port instead of failing (the desktop app).
    pub any_port_if_taken: bool,
    /// A fixed token (for tests); a random one otherwise.
    pub token: Option<String>,
}

/// The port Wayline prefers, so that a browser's address (and what the browser keeps for it,
/// such as edits made offline) stays the same from one start to the next.
pub const DEFAULT_PORT: u16 = 4820;

/// How often a backup of the data file is made while it changes (and once more on quit).
pub const BACKUP_EVERY: Duration = Duration::from_secs(30 * 60);

/// Refreshes the map list's title and counts of every map with updates not yet compacted.
fn refresh_pending_projections(store: &Store) {
    let ids = match store.maps_with_pending_updates() {
        Ok(ids) => ids,
        Err(e) => return tracing::warn!(error = %e, "could not list maps to refresh"),
    };
    for id in ids {
        let refreshed = store
            .load_map(&id)
            .and_then(|stored| store.refresh_projection(&id, &stored.doc.view()));
        if let Err(e) = refreshed {
            tracing::warn!(map = %id, error = %e, "could not refresh a map's projection");
        }
    }
}

/// Backs the data file up if anything was written since the last backup; a failed backup is
/// logged, never fatal (the data file itself is intact).
fn backup_if_changed(store: &Store) {
    match store.backup_if_changed(wayline_store::now_ms()) {
        Ok(Some(b)) => {
            tracing::info!(backup = %b.name, bytes = b.size_bytes, "backed up the data file")
        }
        Ok(None) => {}
        Err(e) => tracing::error!(error = %e, "could not back up the data file"),
    }
}

/// A host that is serving. Dropping it without [`RunningHost::shutdown`] stops accepting
/// work when the runtime ends; every acknowledged edit is already on disk either way.
pub struct RunningHost {
    state: Arc<AppState>,
    shutdown: Option<oneshot::Sender<()>>,
    server: JoinHandle<std::io::Result<()>>,
    _lock: FolderLock,
}

impl RunningHost {
    pub fn port(&self) -> u16 {
        self.state.port
    }

    pub fn token(&self) -> &str {
        &self.state.token
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.state.port)
    }

    /// The address that opens the UI in a browser, token included.
    pub fn browser_url(&self) -> String {
        self.state.browser_url()
    }

    pub fn store(&self) -> Arc<Store> {
        self.state.store.clone()
    }

    /// Starts hosting a workshop (as the facilitator's panel does), e.g. for `wayline serve
    /// --workshop`.
    pub async fn start_workshop(
        &self,
        request: StartWorkshop,
    ) -> Result<WorkshopStatus, HostError> {
        workshop::start(&self.state, request).await
    }

    /// The running workshop, if any.
    pub fn workshop(&self) -> Option<WorkshopStatus> {
        workshop::status(&self.state)
    }

    /// Waits until the server stops (it runs until shut down).
    pub async fn wait(&mut self) -> Result<(), HostError> {
        (&mut self.server)
            .await
            .map_err(|e| HostError::Internal(e.to_string()))?
            .map_err(|e| HostError::Internal(e.to_string()))
    }

    /// Stops serving, then compacts open maps and refreshes their projections.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = tokio::time::timeout(Duration::from_secs(5), &mut self.server).await;
        // The workshop listener stops too; the workshop itself stays active until ended.
        let listener = self
            .state
            .workshop
            .inner()
            .active
            .as_mut()
            .and_then(|a| a.listener.take());
        if let Some(l) = listener {
            l.stop().await;
        }
        self.state.workshop.disconnect(None);
        let rooms = self.state.rooms.clone();
        let store = self.state.store.clone();
        let _ = tokio::task::spawn_blocking(move || {
            rooms.flush_all();
            backup_if_changed(&store);
        })
        .await;
    }
}

pub async fn start(config: HostConfig) -> Result<RunningHost, HostError> {
    let data_dir = config.data_dir.clone();
    let mut lock = FolderLock::acquire(&data_dir)?;
    let store = {
        let dir = data_dir.clone();
        tokio::task::spawn_blocking(move || Store::open(&dir))
            .await
            .map_err(|e| HostError::Internal(e.to_string()))??
    };
    let store = Arc::new(store);

    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, config.port));
    let listener = match TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && config.any_port_if_taken => {
            let any = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
            TcpListener::bind(any)
                .await
                .map_err(|source| HostError::Listen { addr: any, source })?
        }
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            return Err(HostError::PortInUse { port: config.port })
        }
        Err(source) => return Err(HostError::Listen { addr, source }),
    };
    let port = listener
        .local_addr()
        .map_err(|source| HostError::Listen { addr, source })?
        .port();
    let token = match config.token {
        Some(t) => t,
        None => crate::state::codes::new_token()?,
    };
    lock.publish(&RunningHostInfo {
        url: format!("http://127.0.0.1:{port}"),
        token: token.clone(),
        pid: std::process::id(),
    })
    .map_err(|e| HostError::Internal(format!("cannot write the folder lock: {e}")))?;

    let connection_budget = crate::connections::raise_and_budget();
    tracing::debug!(?connection_budget, "connection bounds");
    let rooms = Arc::new(Rooms::new(store.clone()));
    let state = Arc::new(AppState {
        store,
        rooms: rooms.clone(),
        token,
        port,
        data_dir,
        workshop: Hub::new(),
        presence: Presence::default(),
        lockout: Mutex::new(Lockout::default()),
        thumbnails: ThumbnailCache::default(),
        brainstorms: Default::default(),
        workshop_gate: crate::connections::Gate::new(connection_budget.workshop),
    });
    let app = Router::new()
        .merge(api::routes())
        .merge(workshop::api::routes())
        .merge(crate::trash_api::routes())
        .merge(crate::versions_api::routes())
        .merge(crate::backups_api::routes())
        .merge(crate::brainstorm::routes::facilitator_routes())
        .route("/ws", get(ws::upgrade))
        .route(
            "/api/{*rest}",
            axum::routing::any(crate::error_contract::no_such_route),
        )
        .fallback(assets::serve)
        .layer(axum::middleware::from_fn(
            crate::error_contract::json_errors,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::guard,
        ))
        .with_state(state.clone());

    let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
    let local_gate = crate::connections::Gate::new(connection_budget.local);
    let server = tokio::spawn(async move {
        let serving = crate::connections::Serving::new(app, local_gate);
        crate::connections::serve(listener, serving, async {
            let _ = shutdown_rx.await;
        })
        .await
    });
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_millis(500));
        loop {
            ticker.tick().await;
            let rooms = rooms.clone();
            if tokio::task::spawn_blocking(move || rooms.tick())
                .await
                .is_err()
            {
                break;
            }
        }
    });
    // A crash between storing an update and refreshing the map list leaves the list behind its
    // document; bring every map with unfolded updates up to date, off the request path.
    let projection_store = state.store.clone();
    tokio::task::spawn_blocking(move || refresh_pending_projections(&projection_store));
    let backup_store = state.store.clone();
    let backup_rooms = state.rooms.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(BACKUP_EVERY);
        // The first tick is immediate: nothing is backed up yet, but the old trash is emptied.
        let mut ticks: u64 = 0;
        loop {
            every.tick().await;
            let store = backup_store.clone();
            let rooms = backup_rooms.clone();
            let first = ticks == 0;
            // Twice a day (and at start) the trash loses what is older than 30 days.
            let empty_trash = ticks.is_multiple_of(24);
            ticks += 1;
            let done = tokio::task::spawn_blocking(move || {
                if empty_trash {
                    crate::trash_api::empty_old_trash(&store);
                }
                if !first {
                    rooms.refresh_projections();
                    backup_if_changed(&store);
                }
            })
            .await;
            if done.is_err() {
                break;
            }
        }
    });
    tracing::info!(port, "host listening on 127.0.0.1");
    // A workshop that was not ended resumes with the same invitation.
    workshop::resume(&state).await;
    Ok(RunningHost {
        state,
        shutdown: Some(shutdown_tx),
        server,
        _lock: lock,
    })
}
