//! Host benchmark: how fast a participant with nothing receives a large map, and how many
//! durable, acknowledged edits per second the host stores for many participants in several maps.
//!
//! ```sh
//! cargo run --release -p wayline-host --example host_bench -- 10000 4 8 10
//! ```
//! (cards in the large map, maps, participants per map, seconds of editing; optionally a fifth,
//! dated metric values in each edited map, which then also holds 400 parked topics and 300
//! actions: a mature programme's map, whose every update the host checks). The data folder is
//! a temporary folder on the disk of `$TMPDIR`; everything stays on 127.0.0.1. Each participant
//! edits as fast as the host acknowledges, up to 90 edits a second (a connection's rate limit is
//! 100 messages a second), so 32 participants can reach at most ~2,900 edits a second.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)] // Only the sync client is used here.
#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use loro_protocol::{decode, encode, CrdtType, ProtocolMessage, UpdateStatusCode};
use tokio_tungstenite::tungstenite::Message;
use wayline_model::large_map::{large_map, mature, LargeMap};
use wayline_model::templates::instantiate;
use wayline_model::{Locale, MapDoc, NewCard};

use common::{start_host, Incoming, SyncClient};

fn arg(n: usize, default: u64) -> u64 {
    std::env::args()
        .nth(n)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

fn map_with_cards(cards: usize) -> MapDoc {
    large_map(LargeMap {
        cards,
        ..Default::default()
    })
    .unwrap()
}

/// Joins with nothing and returns (time until the whole document arrived, time to import it).
async fn join_with_nothing(port: u16, token: &str, room: &str) -> (Duration, Duration) {
    let url = format!("ws://127.0.0.1:{port}/ws?token={token}");
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let started = Instant::now();
    let join = encode(&ProtocolMessage::JoinRequest {
        crdt: CrdtType::Loro,
        room_id: room.into(),
        auth: vec![],
        // What a browser sends on its first join: its empty version vector, encoded.
        version: MapDoc::new().version(),
    })
    .unwrap();
    ws.send(Message::Binary(join.into())).await.unwrap();
    let mut target = None;
    let mut blobs: Vec<Vec<u8>> = Vec::new();
    let mut incoming = Incoming::default();
    let doc = MapDoc::new();
    let mut import_time = Duration::ZERO;
    loop {
        let Some(Ok(Message::Binary(bytes))) = ws.next().await else {
            panic!("the host closed the socket");
        };
        match decode(&bytes).unwrap() {
            ProtocolMessage::JoinResponseOk { version, .. } => target = Some(version),
            other => blobs.extend(incoming.updates(other)),
        }
        let t = Instant::now();
        for blob in blobs.drain(..) {
            doc.import(&blob).unwrap();
        }
        import_time += t.elapsed();
        if let Some(v) = &target {
            if loro::VersionVector::decode(v).unwrap() == doc.loro().oplog_vv() {
                break;
            }
        }
    }
    (started.elapsed(), import_time)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let cards = arg(1, 10_000) as usize;
    let maps = arg(2, 4) as usize;
    let per_map = arg(3, 8) as usize;
    let seconds = arg(4, 10);
    let history = arg(5, 0) as usize;

    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let store = host.store();
    let project = store.create_project("Bench").unwrap();

    // A client with nothing joins a large map.
    let big = map_with_cards(cards);
    let t = Instant::now();
    let full_history = big.export_since(&[]).unwrap();
    let encode_history = t.elapsed();
    let big_map = store.create_map(&project.id, &big).unwrap();
    let mut joins = Vec::new();
    let mut imports = Vec::new();
    for _ in 0..7 {
        let (received, imported) = join_with_nothing(host.port(), host.token(), &big_map.id).await;
        joins.push(received);
        imports.push(imported);
    }
    println!(
        "join with nothing, {cards} cards: first {:.1} ms, median {:.1} ms (of which client import {:.1} ms); \
         encoding the whole history instead: {:.1} ms ({} KB)",
        joins[0].as_secs_f64() * 1e3,
        median(joins).as_secs_f64() * 1e3,
        median(imports).as_secs_f64() * 1e3,
        encode_history.as_secs_f64() * 1e3,
        full_history.len() / 1024
    );

    // Throughput: every participant edits its own card and waits for the acknowledgement.
    let mut map_ids = Vec::new();
    for m in 0..maps {
        let doc = instantiate("lifecycle", Locale::ZhCn, None, "Bench", 0).unwrap();
        doc.set_title(&format!("Bench {m}")).unwrap();
        if history > 0 {
            mature(&doc, history, 400, 300).unwrap();
        }
        map_ids.push(store.create_map(&project.id, &doc).unwrap().id);
    }
    let writes_before = store.writes();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    // A connection may send CONNECTION_MESSAGES_PER_SECOND on average (a person typing sends
    // ~15): each participant edits as fast as acknowledged, but no faster than nine tenths of
    // that, so the figure is the host's and not the rate limit's refusals.
    let per_edit =
        Duration::from_secs_f64(1.0 / (0.9 * wayline_host::CONNECTION_MESSAGES_PER_SECOND));
    let mut tasks = Vec::new();
    for (m, map_id) in map_ids.iter().enumerate() {
        for p in 0..per_map {
            let mut client = SyncClient::connect(&host, map_id).await;
            // Participants run on other devices: here they only read the others' edits, so that
            // the two cores measure the host rather than 32 replicas importing every edit.
            client.imports_broadcasts = false;
            let map_id = map_id.clone();
            tasks.push(tokio::spawn(async move {
                let view = client.doc.view();
                let before = client.doc.version();
                let card = client
                    .doc
                    .add_card(NewCard {
                        stage: &view.stages[p % view.stages.len()].id,
                        lane: &view.lanes[0].id,
                        text: "0",
                        color: "green",
                        author: "Bench",
                        ..Default::default()
                    })
                    .unwrap();
                let update = client.doc.export_since(&before).unwrap();
                assert_eq!(client.push(update, 1).await, UpdateStatusCode::Ok);
                let mut acked = 0u64;
                let mut latencies = Vec::new();
                let mut n = 0u64;
                let mut pace = tokio::time::interval(per_edit);
                pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                while Instant::now() < deadline {
                    pace.tick().await;
                    n += 1;
                    let t = Instant::now();
                    let status = client
                        .edit((n % 200) as u8 + 2, |doc| {
                            doc.set_card_text(&card, &format!("{map_id}/{m}/{p}: {n}"))
                                .unwrap()
                        })
                        .await;
                    assert_eq!(status, UpdateStatusCode::Ok, "edit {n}");
                    latencies.push(t.elapsed());
                    acked += 1;
                }
                (acked, latencies)
            }));
        }
    }
    let mut acked = 0;
    let mut latencies = Vec::new();
    for t in tasks {
        let (a, l) = t.await.unwrap();
        acked += a;
        latencies.extend(l);
    }
    latencies.sort();
    let transactions = store.writes() - writes_before;
    let pct = |p: f64| latencies[((latencies.len() - 1) as f64 * p) as usize].as_secs_f64() * 1e3;
    println!(
        "throughput: {maps} maps × {per_map} participants, {seconds} s: {acked} acknowledged edits \
         = {:.0}/s durable, in {transactions} transactions ({:.1} edits each); \
         edit → ack p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
        acked as f64 / seconds as f64,
        acked as f64 / transactions.max(1) as f64,
        pct(0.5),
        pct(0.95),
        pct(0.99)
    );
    host.shutdown().await;
}
