//! Large documents over the sync socket: an update too big for one frame travels in fragments
//! both ways, and a browser that has nothing is sent the kept snapshot, not the whole history.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)] // The shared helpers serve several test files.
mod common;

use common::*;
use loro_protocol::{CrdtType, ProtocolMessage, UpdateStatusCode};

#[tokio::test]
async fn large_updates_travel_as_fragments() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (_, mid) = project_with_map(&host, "en").await;
    let mut a = SyncClient::connect(&host, &mid).await;
    // ~800 KB of card text in one update, sent by a client in fragments. The text does not
    // repeat, so the snapshot a newcomer receives stays large too.
    let before = a.doc.version();
    for i in 0..70u32 {
        let text: String = (0..4000u32)
            .filter_map(|j| char::from_u32(0x4E00 + (i * 4000 + j) * 7919 % 20_000))
            .collect();
        add_card(&a.doc, &format!("{i}: {text}"));
    }
    let update = a.doc.export_since(&before).unwrap();
    assert!(update.len() > 300 * 1024);
    let chunks: Vec<&[u8]> = update.chunks(200 * 1024).collect();
    let id = batch(7);
    a.send(&ProtocolMessage::DocUpdateFragmentHeader {
        crdt: CrdtType::Loro,
        room_id: mid.clone(),
        batch_id: id,
        fragment_count: chunks.len() as u64,
        total_size_bytes: update.len() as u64,
    })
    .await;
    for (i, chunk) in chunks.iter().enumerate() {
        a.send(&ProtocolMessage::DocUpdateFragment {
            crdt: CrdtType::Loro,
            room_id: mid.clone(),
            batch_id: id,
            index: i as u64,
            fragment: chunk.to_vec(),
        })
        .await;
    }
    assert!(matches!(
        a.recv().await,
        ProtocolMessage::Ack {
            status: UpdateStatusCode::Ok,
            ..
        }
    ));
    // A new client receives the whole map, fragmented by the host.
    let mut ws = raw_join(&host, &mid, vec![]).await;
    use futures_util::StreamExt;
    let mut saw_fragments = false;
    for _ in 0..3 {
        let msg = ws.next().await.unwrap().unwrap().into_data();
        if matches!(
            loro_protocol::decode(&msg).unwrap(),
            ProtocolMessage::DocUpdateFragmentHeader { .. }
        ) {
            saw_fragments = true;
        }
    }
    assert!(saw_fragments);
    host.shutdown().await;
}

/// A bare socket that has asked to join `mid` at `version` (what arrives is the caller's to read).
async fn raw_join(
    host: &wayline_host::RunningHost,
    mid: &str,
    version: Vec<u8>,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    use futures_util::SinkExt;
    let url = format!("ws://127.0.0.1:{}/ws?token={}", host.port(), host.token());
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let join = loro_protocol::encode(&ProtocolMessage::JoinRequest {
        crdt: CrdtType::Loro,
        room_id: mid.to_owned(),
        auth: vec![],
        version,
    })
    .unwrap();
    ws.send(tokio_tungstenite::tungstenite::Message::Binary(join.into()))
        .await
        .unwrap();
    ws
}

#[tokio::test]
async fn a_browser_with_nothing_receives_the_snapshot_not_the_whole_history() {
    // A browser's first join carries its empty version vector encoded (not empty bytes). It must
    // get the kept snapshot: importing it is lazy, where the whole history as updates costs the
    // host an encoding and the browser a full replay (~180 ms at 2,000 cards).
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (_, mid) = project_with_map(&host, "en").await;
    let empty_version = wayline_model::MapDoc::new().version();
    assert!(!empty_version.is_empty());
    let mut ws = raw_join(&host, &mid, empty_version).await;
    use futures_util::StreamExt;
    let mut modes = Vec::new();
    while modes.is_empty() {
        let msg = ws.next().await.unwrap().unwrap().into_data();
        if let ProtocolMessage::DocUpdate { updates, .. } = loro_protocol::decode(&msg).unwrap() {
            for blob in updates {
                let meta = loro::LoroDoc::decode_import_blob_meta(&blob, false).unwrap();
                modes.push(meta.mode);
            }
        }
    }
    assert_eq!(modes[0], loro::EncodedBlobMode::Snapshot, "{modes:?}");
    host.shutdown().await;
}
