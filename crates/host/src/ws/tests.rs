//! The connection's `Drop` safety net on its own: a connection whose task ends without
//! `leave_all` (a panic, an aborted task) must still leave its presence rooms and the list of who
//! is online, or its presence would be sent to every newcomer for up to a week.

#![allow(clippy::unwrap_used)]

use std::sync::Mutex;

use wayline_store::Store;

use super::*;
use crate::presence::{presence_of, Presence};
use crate::rooms::Rooms;
use crate::state::codes::Lockout;
use crate::state::Hub;
use crate::thumbnails::ThumbnailCache;

fn app_state(dir: &std::path::Path) -> Arc<AppState> {
    let store = Arc::new(Store::open(dir).unwrap());
    Arc::new(AppState {
        store: store.clone(),
        rooms: Arc::new(Rooms::new(store)),
        token: "token".into(),
        port: 0,
        data_dir: dir.to_owned(),
        workshop: Hub::new(),
        presence: Presence::default(),
        lockout: Mutex::new(Lockout::default()),
        thumbnails: ThumbnailCache::default(),
        brainstorms: Default::default(),
        workshop_gate: crate::connections::Gate::new(
            crate::connections::connection_budget(1_024).workshop,
        ),
    })
}

fn handle() -> (ClientHandle, mpsc::Receiver<Outgoing>) {
    let (tx, rx) = mpsc::channel(16);
    (ClientHandle::new(tx), rx)
}

#[test]
fn a_connection_dropped_without_leaving_takes_its_presence_and_online_mark_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let state = app_state(dir.path());
    let (own, _own_rx) = handle();
    let mut conn = Connection {
        id: 7,
        peer: Peer::Participant {
            id: "ada".into(),
            token: "ada-token".into(),
        },
        state: state.clone(),
        handle: own.clone(),
        joined: HashSet::new(),
        presence: HashSet::new(),
        assemblies: Assemblies::default(),
        rate: RateLimit::new(Instant::now()),
        refusals_in_a_row: 0,
    };
    state.workshop.connected(conn.id, &conn.peer, &conn.handle);
    state.presence.join("map", conn.id, own, Some("ada".into()));
    conn.presence.insert("map".into());
    state
        .presence
        .update("map", conn.id, presence_of("ada", "Ada"))
        .unwrap();
    let (watcher, mut watcher_rx) = handle();
    assert!(!state.presence.join("map", 8, watcher, None).is_empty());
    assert!(state.workshop.is_connected(7));

    // The task ends without `leave_all`.
    drop(conn);

    assert!(!state.workshop.is_connected(7), "still listed as online");
    assert!(
        matches!(watcher_rx.try_recv(), Ok(Outgoing::Frames(_))),
        "the others are told the presence is gone"
    );
    let (newcomer, _newcomer_rx) = handle();
    assert!(
        state.presence.join("map", 9, newcomer, None).is_empty(),
        "a newcomer was sent the dropped connection's presence"
    );
}
