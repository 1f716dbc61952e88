//! A workshop keeps its address across a host restart and a restart of the workshop itself:
//! participants' pages know only that origin (and the invitation in it), so a new port strands
//! every one of them.

use loro_protocol::UpdateStatusCode;
use serde_json::json;

use crate::common::*;
use crate::support::*;

#[tokio::test]
async fn a_restarted_host_resumes_the_same_invitation() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path(), "editor").await;
    let token = w.token_of("participant-c1", "Comes back").await;
    let (invite, code, room, map_id) = (
        w.invite.clone(),
        w.code.clone(),
        w.room.clone(),
        w.map_id.clone(),
    );
    w.host.shutdown().await;

    let host = start_host(dir.path()).await;
    let status = host.workshop().expect("the workshop resumed");
    assert_eq!(status.short_code, code);
    assert!(status.join_url.ends_with(&invite));
    assert_eq!(format!("{}:{}", status.address, status.port), room);
    let w = Workshop {
        host,
        map_id,
        room,
        invite,
        code,
    };
    let mut p = w.socket(&token).await;
    let (write, _) = join_room(&mut p).await.unwrap();
    assert!(write, "the participant's token still works");

    // `wayline serve --workshop` starts the workshop it has just resumed: on the same address and
    // port (the participants' pages know only that origin), and the connected stay connected.
    for _ in 0..3 {
        let body = json!({"map_id": w.map_id, "address": ROOM_IP, "default_role": "editor"});
        let (status, again) = w.facilitator("POST", "/api/workshop", Some(body)).await;
        assert_eq!(status, 200, "{again}");
        assert_eq!(
            format!("{}:{}", again["address"].as_str().unwrap(), again["port"]),
            w.room
        );
    }
    let update = card_update(&p.doc, "重新开始后继续写");
    assert_eq!(p.push(update, 2).await, UpdateStatusCode::Ok);
}

#[tokio::test]
async fn a_workshop_ended_and_started_again_gets_its_port_back() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path(), "editor").await;
    let (status, _) = w.facilitator("DELETE", "/api/workshop", None).await;
    assert_eq!(status, 200);
    // The ended workshop's listener has let go of the port before the next one binds it.
    let body = json!({"map_id": w.map_id, "address": ROOM_IP, "default_role": "editor"});
    let (status, again) = w.facilitator("POST", "/api/workshop", Some(body)).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(
        format!("{}:{}", again["address"].as_str().unwrap(), again["port"]),
        w.room
    );
}
