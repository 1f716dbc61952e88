//! Workshop load benchmark: N simulated participants on loopback join a workshop hosted by a real
//! `wayline serve --workshop` process and each edit the map at workshop pace. Reports the latency
//! from one participant's edit to its arrival at every other participant (p50/p95/p99), the
//! edit-to-acknowledgement latency, and the host process's memory.
//!
//! ```sh
//! cargo build --release -p wayline-cli
//! cargo run --release -p wayline-cli --example workshop_load -- 30 60 300
//! ```
//! (participants, seconds, milliseconds between one participant's edits). Loopback only:
//! the host listens on 127.0.0.1 and 127.0.0.2, and participant `i` connects from its own
//! address, 127.0.1.`i + 1` (then 127.0.2.…), as each would from its own device (the host holds
//! one address to 32 connections).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use loro::{LoroDoc, LoroText, ValueOrContainer};
use loro_protocol::{decode, encode, BatchId, CrdtType, ProtocolMessage};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use wayline_model::{MapDoc, NewCard};

/// (peer, last counter of the edit) → when it was made.
type Sent = Arc<Mutex<HashMap<(u64, i32), Instant>>>;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn memory_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The loopback address participant `i` connects from, as its own device.
fn device_address(i: usize) -> std::net::SocketAddr {
    let n = i + 1;
    let third = u8::try_from(1 + n / 254).expect("fewer than 60,000 participants");
    let fourth = u8::try_from(n % 254 + 1).unwrap_or(1);
    std::net::SocketAddr::from(([127, 0, third, fourth], 0))
}

/// A connection to `to` from participant `i`'s own address.
async fn connect_as(i: usize, to: &str) -> TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(device_address(i)).unwrap();
    socket.connect(to.parse().unwrap()).await.unwrap()
}

async fn join_workshop(room: &str, invite: &str, i: usize) -> (String, String) {
    let body =
        serde_json::json!({"invite": invite, "participant_id": format!("load-participant-{i}"),
        "name": format!("参与者 {i}"), "color": "#2f6fde"})
        .to_string();
    let request = format!(
        "POST /api/join HTTP/1.1\r\nHost: {room}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut s = connect_as(i, room).await;
    s.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let json: serde_json::Value =
        serde_json::from_str(text.split_once("\r\n\r\n").unwrap().1).unwrap();
    let Some(token) = json["participant_token"].as_str() else {
        panic!("participant {i} could not join: {text}");
    };
    (
        token.to_owned(),
        json["map_id"].as_str().unwrap().to_owned(),
    )
}

fn text_of(doc: &LoroDoc, card: &str) -> LoroText {
    match doc.get_map("cards").get(card) {
        Some(ValueOrContainer::Container(loro::Container::Map(m))) => match m.get("text") {
            Some(ValueOrContainer::Container(loro::Container::Text(t))) => t,
            _ => panic!("card without text"),
        },
        _ => panic!("no card {card}"),
    }
}

#[allow(clippy::too_many_arguments)]
async fn participant(
    i: usize,
    url: String,
    room: String,
    every: Duration,
    until: Instant,
    sent: Sent,
    seen: Arc<Mutex<Vec<f64>>>,
    acked: Arc<Mutex<Vec<f64>>>,
) {
    // A burst of simultaneous handshakes can be cut short under load: retry a few times.
    let mut attempt = 0;
    let ws = loop {
        let stream = connect_as(
            i,
            url.trim_start_matches("ws://")
                .split('/')
                .next()
                .unwrap_or(""),
        )
        .await;
        match tokio_tungstenite::client_async(url.as_str(), stream).await {
            Ok((ws, _)) => break ws,
            Err(e) if attempt < 5 => {
                attempt += 1;
                eprintln!("participant {i}: {e}; retrying");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("participant {i} cannot connect: {e}"),
        }
    };
    let (mut sink, mut stream) = ws.split();
    let doc = MapDoc::new();
    sink.send(Message::Binary(
        encode(&ProtocolMessage::JoinRequest {
            crdt: CrdtType::Loro,
            room_id: room.clone(),
            auth: vec![],
            version: doc.version(),
        })
        .unwrap()
        .into(),
    ))
    .await
    .unwrap();
    let doc = Arc::new(Mutex::new(doc));
    let batches: Arc<Mutex<HashMap<BatchId, Instant>>> = Arc::default();
    let ready = Arc::new(tokio::sync::Notify::new());

    let reader = {
        let (doc, batches, ready, sent) =
            (doc.clone(), batches.clone(), ready.clone(), sent.clone());
        tokio::spawn(async move {
            let mut loaded = false;
            // Per author, the end of what this participant has already seen: an update the host
            // sends may carry several authors' edits, and each edit is counted once, when it
            // first arrives (an earlier version of this benchmark counted an author's last edit
            // again with every later update that named them).
            let mut seen_up_to: HashMap<u64, i32> = HashMap::new();
            while let Some(Ok(msg)) = stream.next().await {
                let Message::Binary(b) = msg else { continue };
                let now = Instant::now();
                match decode(&b) {
                    Ok(ProtocolMessage::DocUpdate { updates, .. }) => {
                        for u in updates {
                            if let Ok(meta) = LoroDoc::decode_import_blob_meta(&u, false) {
                                let sent = sent.lock().unwrap();
                                for (peer, end) in meta.partial_end_vv.iter() {
                                    let last = seen_up_to.entry(*peer).or_insert(0);
                                    if *end <= *last {
                                        continue;
                                    }
                                    *last = *end;
                                    if let Some(t) = sent.get(&(*peer, *end)) {
                                        seen.lock()
                                            .unwrap()
                                            .push(now.duration_since(*t).as_secs_f64() * 1e3);
                                    }
                                }
                            }
                            let _ = doc.lock().unwrap().import(&u);
                        }
                        if !loaded {
                            loaded = true;
                            ready.notify_one();
                        }
                    }
                    Ok(ProtocolMessage::Ack { ref_id, .. }) => {
                        if let Some(t) = batches.lock().unwrap().remove(&ref_id) {
                            acked
                                .lock()
                                .unwrap()
                                .push(now.duration_since(t).as_secs_f64() * 1e3);
                        }
                    }
                    _ => {}
                }
            }
        })
    };
    ready.notified().await;

    // Each participant has a card of their own and types into it; they also rate stages.
    let mut before = doc.lock().unwrap().version();
    let card = {
        let d = doc.lock().unwrap();
        let view = d.view();
        d.add_card(NewCard {
            stage: &view.stages[i % view.stages.len()].id,
            lane: &view.lanes[0].id,
            text: &format!("参与者 {i} 的想法："),
            color: "yellow",
            author: "load",
            ..Default::default()
        })
        .unwrap()
    };
    let mut n: u64 = 0;
    let jitter = Duration::from_millis((i as u64 * 37) % every.as_millis().max(1) as u64);
    tokio::time::sleep(jitter).await;
    while Instant::now() < until {
        n += 1;
        let (update, key) = {
            let d = doc.lock().unwrap();
            let t = text_of(d.loro(), &card);
            t.insert(
                t.len_unicode(),
                if n.is_multiple_of(2) { "客" } else { "x" },
            )
            .unwrap();
            d.loro().commit();
            let peer = d.loro().peer_id();
            let end = d.loro().oplog_vv().get(&peer).copied().unwrap_or(0);
            let update = d.export_since(&before).unwrap();
            before = d.version();
            (update, (peer, end))
        };
        let now = Instant::now();
        sent.lock().unwrap().insert(key, now);
        let batch = BatchId((i as u64 * 1_000_000 + n).to_le_bytes());
        batches.lock().unwrap().insert(batch, now);
        let msg = ProtocolMessage::DocUpdate {
            crdt: CrdtType::Loro,
            room_id: room.clone(),
            updates: vec![update],
            batch_id: batch,
        };
        if sink
            .send(Message::Binary(encode(&msg).unwrap().into()))
            .await
            .is_err()
        {
            break;
        }
        tokio::time::sleep(every).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    reader.abort();
}

#[tokio::main]
async fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let participants = *args.first().unwrap_or(&30) as usize;
    let seconds = *args.get(1).unwrap_or(&30);
    let every = Duration::from_millis(*args.get(2).unwrap_or(&300));
    let bin = std::env::var("WAYLINE_BIN").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/release/wayline").to_owned()
    });
    let data = tempfile::tempdir().unwrap();
    let mut host = Command::new(&bin)
        .args(["serve", "--data", &data.path().display().to_string()])
        .args(["--port", "0", "--workshop", "--bind", "127.0.0.2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start {bin}: {e} (build it with cargo build --release -p wayline-cli)")
        });
    let pid = host.id();
    let mut lines = BufReader::new(host.stdout.take().unwrap()).lines();
    let join = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.starts_with("http://127.0.0.2:"))
        .unwrap();
    // Keep reading what the host prints, as a terminal would.
    std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
    let room = join
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let invite = join.rsplit("#invite=").next().unwrap().to_owned();

    let sent: Sent = Arc::default();
    let seen: Arc<Mutex<Vec<f64>>> = Arc::default();
    let acked: Arc<Mutex<Vec<f64>>> = Arc::default();
    let idle_rss = memory_kib(pid, "VmRSS:");
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for i in 0..participants {
        let (token, map) = join_workshop(&room, &invite, i).await;
        tasks.push(tokio::spawn(participant(
            i,
            format!("ws://{room}/ws?token={token}"),
            map,
            every,
            until,
            sent.clone(),
            seen.clone(),
            acked.clone(),
        )));
    }
    let mut peak_rss = 0;
    while Instant::now() < until {
        peak_rss = peak_rss.max(memory_kib(pid, "VmRSS:"));
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    for t in tasks {
        let _ = t.await;
    }
    let hwm = memory_kib(pid, "VmHWM:");
    let _ = host.kill();
    let _ = host.wait();

    let mut seen = seen.lock().unwrap().clone();
    let mut acked = acked.lock().unwrap().clone();
    seen.sort_by(f64::total_cmp);
    acked.sort_by(f64::total_cmp);
    let edits = sent.lock().unwrap().len();
    println!(
        "{participants} participants, one edit each every {} ms, {seconds} s: {edits} edits ({:.0}/s)",
        every.as_millis(),
        edits as f64 / seconds as f64
    );
    println!(
        "edit → visible at another participant ({} deliveries): p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        seen.len(),
        percentile(&seen, 0.5),
        percentile(&seen, 0.95),
        percentile(&seen, 0.99),
        seen.last().copied().unwrap_or(f64::NAN)
    );
    println!(
        "edit → acknowledged (durable): p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
        percentile(&acked, 0.5),
        percentile(&acked, 0.95),
        percentile(&acked, 0.99)
    );
    println!(
        "host memory: RSS idle {:.1} MiB, peak sampled {:.1} MiB, high-water mark {:.1} MiB",
        idle_rss as f64 / 1024.0,
        peak_rss as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
}
