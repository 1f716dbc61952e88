//! Convergence under failure: a workshop of at least five participants — Rust clients speaking
//! loro-protocol, and the official `loro-websocket` npm client — edits one map (new cards,
//! retyping, emotion ratings, stage reorders) while the test SIGKILLs and restarts `wayline serve`,
//! cuts sockets, keeps one participant offline for a while and freezes an npm client (a laptop
//! going to sleep). Afterwards every replica and a host restarted from SQLite alone must hold the
//! same document, and every edit the host acknowledged must be in it.
//!
//! All traffic stays on 127.0.0.1 (facilitator) and 127.0.0.2 (participants).
//! The processes it drives are in `support/`. Short by default (`make test`); the long run is
//! `WAYLINE_CONVERGENCE_SEEDS=40 WAYLINE_CONVERGENCE_SECONDS=20 cargo test -p wayline-cli --release --test convergence -- --nocapture`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use wayline_model::MapDoc;

mod peer;
#[path = "../support/mod.rs"]
mod support;
use peer::{Peer, Rng};
use support::{post_json, spawn_host, wait_listening, NpmPeer, ROOM_IP};

const RUST_CLIENTS: usize = 4;
const NPM_CLIENTS: usize = 2;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// xorshift64*: a seed replays the same schedule of edits and failures.
fn fingerprint(doc: &MapDoc) -> (loro::VersionVector, serde_json::Value) {
    (doc.loro().oplog_vv(), doc.to_json())
}

struct Outcome {
    acknowledged: usize,
    kills: u32,
    cards: usize,
}

async fn run_seed(seed: u64, seconds: u64) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let host = spawn_host(dir.path(), 0, true);
    let facilitator = host.line_starting("http://127.0.0.1:");
    let join = host.line_starting(&format!("http://{ROOM_IP}:"));
    let port: u16 = facilitator
        .trim_start_matches("http://127.0.0.1:")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let room_addr = join
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let invite = join.rsplit("#invite=").next().unwrap().to_owned();
    wait_listening(&room_addr).await;
    let mut host = Some(host);

    let mut tokens = Vec::new();
    let mut map_id = String::new();
    for i in 0..RUST_CLIENTS + NPM_CLIENTS {
        let session = post_json(
            &room_addr,
            "/api/join",
            &serde_json::json!({"invite": invite, "participant_id": format!("participant-{seed}-{i}"),
                "name": format!("参与者{i}"), "color": "#2f6fde"}),
        )
        .await;
        map_id = session["map_id"].as_str().unwrap().to_owned();
        tokens.push(session["participant_token"].as_str().unwrap().to_owned());
    }
    let url = |token: &str| format!("ws://{room_addr}/ws?token={token}");

    let mut peers: Vec<Peer> = (0..RUST_CLIENTS)
        .map(|i| Peer {
            // Rates under its own participant id, as the app does (the host refuses others).
            label: format!("participant-{seed}-{i}"),
            url: url(&tokens[i]),
            room: map_id.clone(),
            doc: MapDoc::new(),
            ws: None,
            joined: false,
            next_batch: 0,
            unsent: Vec::new(),
            in_flight: HashMap::new(),
            acknowledged: Vec::new(),
            counter: 0,
        })
        .collect();
    for p in &mut peers {
        p.connect().await;
        p.pump(Duration::from_millis(300)).await;
    }
    let mut npm: Vec<NpmPeer> = (0..NPM_CLIENTS)
        .map(|i| {
            NpmPeer::spawn(
                &url(&tokens[RUST_CLIENTS + i]),
                &map_id,
                &format!("participant-{seed}-{}", RUST_CLIENTS + i),
                seed * 10 + i as u64,
            )
        })
        .collect();

    // The storm.
    let started = Instant::now();
    let mut next_kill = Instant::now() + Duration::from_millis(800 + rng.below(1500));
    let mut offline_until = Instant::now();
    let mut frozen: Option<(usize, Instant)> = None;
    let mut kills = 0;
    while started.elapsed() < Duration::from_secs(seconds) {
        if Instant::now() >= next_kill {
            if let Some(h) = host.take() {
                h.kill();
                kills += 1;
            }
            tokio::time::sleep(Duration::from_millis(100 + rng.below(500))).await;
            host = Some(spawn_host(dir.path(), port, false));
            next_kill = Instant::now() + Duration::from_millis(1200 + rng.below(2000));
        }
        if rng.chance(4) && Instant::now() >= offline_until {
            offline_until = Instant::now() + Duration::from_millis(800 + rng.below(1500));
            peers[0].drop_socket();
        }
        if frozen.is_none() && rng.chance(2) {
            let which = rng.below(NPM_CLIENTS as u64) as usize;
            npm[which].signal("-STOP");
            frozen = Some((
                which,
                Instant::now() + Duration::from_millis(1000 + rng.below(1500)),
            ));
        }
        if let Some((which, until)) = frozen {
            if Instant::now() >= until {
                npm[which].signal("-CONT");
                frozen = None;
            }
        }
        for (i, p) in peers.iter_mut().enumerate() {
            let offline = i == 0 && Instant::now() < offline_until;
            if !offline {
                p.connect().await;
                if rng.chance(3) {
                    p.drop_socket(); // a cut socket
                }
            }
            p.edit(&mut rng).await;
            p.pump(Duration::from_millis(5)).await;
        }
        for (i, n) in npm.iter_mut().enumerate() {
            if frozen.map(|f| f.0) != Some(i) {
                n.command("edit 1");
            }
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }

    // Calm: the host stays up, everyone reconnects and catches up.
    if let Some((which, _)) = frozen {
        npm[which].signal("-CONT");
    }
    if host.is_none() {
        host = Some(spawn_host(dir.path(), port, false));
    }
    wait_listening(&room_addr).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut fresh;
    loop {
        for p in &mut peers {
            p.connect().await;
            p.pump(Duration::from_millis(100)).await;
        }
        let all_acked = peers
            .iter()
            .all(|p| p.joined && p.unsent.is_empty() && p.in_flight.is_empty());
        tokio::time::sleep(Duration::from_millis(300)).await;
        let npm_docs: Vec<MapDoc> = npm.iter_mut().map(|n| n.snapshot()).collect();
        fresh = Peer {
            label: "fresh".into(),
            url: url(&tokens[0]),
            room: map_id.clone(),
            doc: MapDoc::new(),
            ws: None,
            joined: false,
            next_batch: 0,
            unsent: Vec::new(),
            in_flight: HashMap::new(),
            acknowledged: Vec::new(),
            counter: 0,
        };
        fresh.connect().await;
        fresh.pump(Duration::from_millis(500)).await;
        for p in &mut peers {
            p.pump(Duration::from_millis(50)).await;
        }
        let target = fingerprint(&fresh.doc);
        let same = peers.iter().all(|p| fingerprint(&p.doc) == target)
            && npm_docs.iter().all(|d| fingerprint(d) == target);
        if all_acked && same && fresh.joined {
            break;
        }
        if Instant::now() >= deadline {
            let vv = |d: &MapDoc| format!("{:?}", d.loro().oplog_vv());
            eprintln!("host: {}", vv(&fresh.doc));
            for p in &peers {
                eprintln!("{}: {} joined={}", p.label, vv(&p.doc), p.joined);
            }
            for d in &npm_docs {
                eprintln!("npm: {}", vv(d));
            }
            panic!("seed {seed}: replicas did not converge (acked {all_acked}, same {same})");
        }
    }

    // The host restarted from SQLite alone holds exactly the same document.
    if let Some(h) = host.take() {
        h.stop();
    }
    let host = spawn_host(dir.path(), port, false);
    wait_listening(&room_addr).await;
    let mut from_disk = Peer {
        label: "disk".into(),
        ws: None,
        doc: MapDoc::new(),
        ..fresh
    };
    from_disk.connect().await;
    from_disk.pump(Duration::from_millis(800)).await;
    assert_eq!(
        fingerprint(&from_disk.doc),
        fingerprint(&peers[0].doc),
        "seed {seed}: the host restarted from SQLite differs from the replicas"
    );

    // Every acknowledged card is there, with its words intact.
    let texts: Vec<String> = from_disk
        .doc
        .view()
        .cards
        .iter()
        .map(|c| c.text.clone())
        .collect();
    let acknowledged: HashSet<&String> = peers.iter().flat_map(|p| &p.acknowledged).collect();
    for marker in &acknowledged {
        assert!(
            texts.iter().any(|t| t.contains(marker.as_str())),
            "seed {seed}: the acknowledged card {marker} is missing"
        );
    }
    // Killed once more, mid-flight: the file is intact and the map list (title, counts) agrees
    // with the document once the host is back, with nothing edited in between.
    host.kill();
    let host = spawn_host(dir.path(), port, false);
    wait_listening(&room_addr).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    host.stop();
    {
        let conn =
            rusqlite::Connection::open(dir.path().join(wayline_store::DB_FILE_NAME)).unwrap();
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok", "seed {seed}");
    }
    let store = wayline_store::Store::open(dir.path()).unwrap();
    let listed = store.map_summary(&map_id).unwrap();
    let view = from_disk.doc.view();
    assert_eq!(
        (
            listed.title.as_str(),
            listed.card_count as usize,
            listed.stage_count as usize
        ),
        (view.title.as_str(), view.cards.len(), view.stages.len()),
        "seed {seed}: the map list disagrees with the document"
    );
    drop(store);
    for n in npm {
        n.quit();
    }
    Outcome {
        acknowledged: acknowledged.len(),
        kills,
        cards: texts.len(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_converge_and_keep_every_acknowledged_edit_through_crashes() {
    let seeds = env_number("WAYLINE_CONVERGENCE_SEEDS", 2);
    let seconds = env_number("WAYLINE_CONVERGENCE_SECONDS", 6);
    let first = env_number("WAYLINE_CONVERGENCE_FIRST_SEED", 1);
    let (mut acked, mut kills) = (0, 0);
    for seed in first..first + seeds {
        let o = run_seed(seed, seconds).await;
        println!(
            "seed {seed}: {} acknowledged cards verified, {} cards in all, {} host kills",
            o.acknowledged, o.cards, o.kills
        );
        acked += o.acknowledged;
        kills += o.kills;
    }
    println!("{seeds} seeds: {acked} acknowledged cards verified across {kills} host kills");
}
