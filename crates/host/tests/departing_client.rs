//! A client that goes away right after editing — a page reloaded or closed a moment after a
//! keystroke — has sent frames the host has not read yet, and no longer takes the host's
//! answers. Those frames are still read and applied: the host keeps reading until the client's
//! stream ends, rather than stopping at the first answer it cannot deliver.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)] // The shared helpers serve several test files.
mod common;

use std::time::Duration;

use common::*;
use futures_util::SinkExt;
use loro_protocol::{encode, CrdtType, ProtocolMessage};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::MaybeTlsStream;

const EDITS: usize = 40;
const TYPED: &str = "比较运费";

/// The texts of the typed cards as a newly joined client receives them.
async fn typed_texts_seen_by_a_newcomer(
    host: &wayline_host::RunningHost,
    map: &str,
) -> Vec<String> {
    let reader = SyncClient::connect(host, map).await;
    let mut texts: Vec<String> = reader
        .doc
        .view()
        .cards
        .into_iter()
        .map(|c| c.text)
        .filter(|t| t.starts_with(TYPED))
        .collect();
    texts.sort();
    texts
}

#[tokio::test]
async fn edits_sent_just_before_the_socket_is_torn_down_are_all_kept() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (_, map) = project_with_map(&host, "zh-CN").await;
    let ana = SyncClient::connect(&host, &map).await;

    // Forty edits, one frame each, written back to back without reading a single answer; then
    // the socket is torn down at once (zero linger: a reset, as when a tab with unread answers
    // closes). The host's first answers fail while most of the frames are still unread.
    let mut frames = Vec::new();
    let mut typed = Vec::new();
    for i in 0..EDITS {
        let before = ana.doc.version();
        let text = format!("{TYPED} {i}");
        add_card(&ana.doc, &text);
        typed.push(text);
        let update = ana.doc.export_since(&before).unwrap();
        frames.push(
            encode(&ProtocolMessage::DocUpdate {
                crdt: CrdtType::Loro,
                room_id: map.clone(),
                updates: vec![update],
                batch_id: batch(i as u8),
            })
            .unwrap(),
        );
    }
    let mut ws = ana.ws;
    for frame in frames {
        ws.feed(Message::Binary(frame.into())).await.unwrap();
    }
    ws.flush().await.unwrap();
    match ws.get_ref() {
        MaybeTlsStream::Plain(tcp) => tcp.set_zero_linger().unwrap(),
        _ => panic!("the test host speaks plain WebSocket"),
    }
    drop(ws);

    // Every edit reaches the next person to join (the host applies them in a moment).
    typed.sort();
    let mut seen = Vec::new();
    for _ in 0..50 {
        seen = typed_texts_seen_by_a_newcomer(&host, &map).await;
        if seen == typed {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(seen, typed);
}
