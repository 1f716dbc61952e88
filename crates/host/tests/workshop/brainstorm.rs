//! The anonymous brainstorm end to end, on loopback: ideas go to the host, never into the map;
//! each participant reads and changes only their own; a viewer writes none; the facilitator sees
//! counts and reveals; the reveal writes the ideas into the map with no author; an idea that
//! arrives after the reveal goes straight to the board.

use serde_json::{json, Value};
use wayline_model::schema::LaneKind;
use wayline_model::workshop_brainstorm::Brainstorm;

use crate::common::*;
use crate::support::*;

impl Workshop {
    async fn as_participant(
        &self,
        token: &str,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let auth = [format!("Authorization: Bearer {token}")];
        http_at(
            &self.room,
            req(method, path, &self.room, &auth, body.as_ref()),
        )
        .await
    }
}

fn idea(round: i64, stage: &str, text: &str) -> Value {
    json!({"round": round, "stage": stage, "text": text})
}

/// Starts brainstorm round 1 from the facilitator's window, on the map's first card lane: the
/// second stage's id (the first one's when asked for), the lane's, and the facilitator's socket.
async fn start_round(
    w: &Workshop,
    stage_index: usize,
    prompt: &str,
) -> (String, String, SyncClient) {
    let view = w.host.store().load_map(&w.map_id).unwrap().doc.view();
    let stage = view.stages[stage_index].id.clone();
    let lane = view
        .lanes
        .iter()
        .find(|l| l.kind == LaneKind::Cards)
        .unwrap()
        .id
        .clone();
    let mut facilitator = SyncClient::connect(&w.host, &w.map_id).await;
    let round = Brainstorm {
        round: 1,
        prompt: prompt.into(),
        lane: lane.clone(),
        open: true,
        revealed: 0,
    };
    let started = facilitator
        .edit(1, |doc| doc.set_brainstorm(Some(&round)).unwrap())
        .await;
    assert_eq!(started, loro_protocol::UpdateStatusCode::Ok);
    (stage, lane, facilitator)
}

#[tokio::test]
async fn ideas_stay_hidden_until_the_facilitator_reveals_them_without_names() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path(), "editor").await;
    let ann = w.token_of("participant-ann1", "安").await;
    let bob = w.token_of("participant-bob1", "Bob").await;
    let base = format!("/api/maps/{}/brainstorm", w.map_id);

    // No round yet: nothing to write to.
    let (status, e) = w
        .as_participant(
            &ann,
            "PUT",
            &format!("{base}/ideas/idea-ann-0001"),
            Some(idea(1, "some-stage", "x")),
        )
        .await;
    assert_eq!((status, e["code"].as_str()), (409, Some("brainstorm_over")));

    // The facilitator starts round 1 from their window.
    let (stage, lane, mut facilitator) = start_round(&w, 1, "结账时最让客户沮丧的是什么？").await;

    let put = |token: &str, id: &str, text: &str| {
        let body = idea(1, &stage, text);
        let path = format!("{base}/ideas/{id}");
        let token = token.to_owned();
        let w = &w;
        async move { w.as_participant(&token, "PUT", &path, Some(body)).await }
    };
    let (status, saved) = put(&ann, "idea-ann-0001", "运费到最后才显示").await;
    assert_eq!((status, &saved), (200, &json!({"revealed_already": false})));
    assert_eq!(
        put(&ann, "idea-ann-0001", "运费不透明").await.0,
        200,
        "changed"
    );
    assert_eq!(put(&ann, "idea-ann-0002", "客服难找").await.0, 200);
    assert_eq!(put(&bob, "idea-bob-0001", "Hidden fees").await.0, 200);
    // Not Bob's to change or remove; malformed ids and texts refused.
    let (status, e) = put(&bob, "idea-ann-0001", "mine now").await;
    assert_eq!((status, e["code"].as_str()), (409, Some("idea_not_yours")));
    let (status, e) = w
        .as_participant(&bob, "DELETE", &format!("{base}/ideas/idea-ann-0002"), None)
        .await;
    assert_eq!((status, e["code"].as_str()), (409, Some("idea_not_yours")));
    assert_eq!(put(&bob, "bad id!", "x").await.0, 400);
    assert_eq!(put(&bob, "idea-bob-0002", "   ").await.0, 400);
    assert_eq!(put(&bob, "idea-bob-0003", &"字".repeat(1_001)).await.0, 400);

    // Each sees only their own; the facilitator only counts.
    let (_, a) = w.as_participant(&ann, "GET", &base, None).await;
    let texts: Vec<&str> = a["mine"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["运费不透明", "客服难找"]);
    assert_eq!(
        (a["waiting"].as_u64(), a["writers"].as_u64()),
        (Some(3), Some(2))
    );
    let (_, b) = w.as_participant(&bob, "GET", &base, None).await;
    assert!(!b.to_string().contains("运费"), "{b}");
    let (status, f) = w.facilitator("GET", &base, None).await;
    assert_eq!(status, 200);
    assert_eq!(
        (f["waiting"].as_u64(), f["mine"].as_array().map(Vec::len)),
        (Some(3), Some(0))
    );
    // Not in the map, on disk or in anyone's copy.
    let stored = w.host.store().load_map(&w.map_id).unwrap().doc.view();
    assert!(!stored.cards.iter().any(|c| c.text.contains("运费")));

    // Bob removes his; a participant cannot reveal (not routed on their door).
    let (status, _) = w
        .as_participant(&bob, "DELETE", &format!("{base}/ideas/idea-bob-0001"), None)
        .await;
    assert_eq!(status, 200);
    let (status, _) = w
        .as_participant(
            &bob,
            "POST",
            &format!("{base}/reveal"),
            Some(json!({"round": 1})),
        )
        .await;
    assert_eq!(status, 404);

    // The reveal: two cards of no one, in the round's lane, the idea's stage; the round closed.
    let (status, r) = w
        .facilitator("POST", &format!("{base}/reveal"), Some(json!({"round": 1})))
        .await;
    assert_eq!((status, r["cards"].as_u64()), (200, Some(2)), "{r}");
    facilitator.receive_update().await;
    let seen = facilitator.doc.view();
    for text in ["运费不透明", "客服难找"] {
        let card = seen.cards.iter().find(|c| c.text == text).unwrap();
        assert_eq!(
            (card.author.as_str(), card.placement.lane.as_str()),
            ("", lane.as_str())
        );
        assert_eq!(card.placement.stage, stage);
    }
    assert!(!seen.cards.iter().any(|c| c.text == "Hidden fees"));
    let closed = facilitator.doc.brainstorm().unwrap();
    assert_eq!((closed.open, closed.revealed), (false, 2));
    // Stored before the answer: on disk already.
    let on_disk = w.host.store().load_map(&w.map_id).unwrap().doc;
    assert!(on_disk.view().cards.iter().any(|c| c.text == "客服难找"));

    // Revealed ideas are no longer their writer's to change.
    let (status, e) = put(&ann, "idea-ann-0001", "改一下").await;
    assert_eq!((status, e["code"].as_str()), (409, Some("idea_revealed")));
    // An idea written offline and sent after the reveal is kept hidden: on the board alone, at the
    // moment its writer came back, it would say who wrote it. The facilitator reveals the late
    // ones together.
    let (status, saved) = put(&bob, "idea-bob-0004", "Written on the train").await;
    assert_eq!((status, &saved), (200, &json!({"revealed_already": true})));
    let (_, f) = w.facilitator("GET", &base, None).await;
    assert_eq!(f["waiting"].as_u64(), Some(1));
    // Only the facilitator hears of it: a count moving as someone comes back would name them.
    let (_, a) = w.as_participant(&ann, "GET", &base, None).await;
    assert_eq!(
        (a["waiting"].as_u64(), a["writers"].as_u64()),
        (Some(0), Some(0))
    );
    let on_disk = w.host.store().load_map(&w.map_id).unwrap().doc.view();
    assert!(!on_disk
        .cards
        .iter()
        .any(|c| c.text == "Written on the train"));
    let (status, r) = w
        .facilitator("POST", &format!("{base}/reveal"), Some(json!({"round": 1})))
        .await;
    assert_eq!((status, r["cards"].as_u64()), (200, Some(1)));
    let on_disk = w.host.store().load_map(&w.map_id).unwrap().doc.view();
    let late = on_disk
        .cards
        .iter()
        .find(|c| c.text == "Written on the train")
        .unwrap();
    assert_eq!(late.author, "");
    // A second reveal adds nothing twice, and writes nothing.
    let version = w.host.store().load_map(&w.map_id).unwrap().doc.version();
    let (status, r) = w
        .facilitator("POST", &format!("{base}/reveal"), Some(json!({"round": 1})))
        .await;
    assert_eq!((status, r["cards"].as_u64()), (200, Some(0)));
    assert_eq!(
        w.host.store().load_map(&w.map_id).unwrap().doc.version(),
        version
    );
    // The next round starts through the host, which first reveals what still waits of this one.
    let (status, _) = put(&ann, "idea-ann-0009", "又一个迟到的").await;
    assert_eq!(status, 200);
    let (status, started) = w
        .facilitator(
            "POST",
            &format!("{base}/start"),
            Some(json!({"prompt": "下一轮", "lane": lane})),
        )
        .await;
    assert_eq!(status, 200, "{started}");
    assert_eq!(started, json!({"round": 2, "revealed_late": 1}));
    let on_disk = w.host.store().load_map(&w.map_id).unwrap().doc;
    assert!(on_disk
        .view()
        .cards
        .iter()
        .any(|c| c.text == "又一个迟到的"));
    let next = on_disk.brainstorm().unwrap();
    assert_eq!(
        (next.round, next.open, next.prompt.as_str()),
        (2, true, "下一轮")
    );
    // Not to a lane that holds no cards, and never from a participant's door.
    let emotion = on_disk
        .view()
        .lanes
        .iter()
        .find(|l| l.kind == LaneKind::Emotion)
        .unwrap()
        .id
        .clone();
    let (status, _) = w
        .facilitator(
            "POST",
            &format!("{base}/start"),
            Some(json!({"prompt": "", "lane": emotion})),
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = w
        .as_participant(
            &bob,
            "POST",
            &format!("{base}/start"),
            Some(json!({"prompt": "", "lane": lane})),
        )
        .await;
    assert_eq!(status, 404);
    // An idea of another round than the map's: refused, said.
    for round in [0, 1, 3] {
        let body = idea(round, &stage, "wrong round");
        let path = format!("{base}/ideas/idea-bob-0005");
        let (status, e) = w.as_participant(&bob, "PUT", &path, Some(body)).await;
        assert_eq!((status, e["code"].as_str()), (409, Some("brainstorm_over")));
    }
}

#[tokio::test]
async fn nobody_reads_anothers_ideas_by_taking_a_name_or_an_id() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path(), "editor").await;
    let (stage, _, _facilitator) = start_round(&w, 0, "").await;
    let base = format!("/api/maps/{}/brainstorm", w.map_id);
    let (status, _) = w
        .facilitator(
            "PUT",
            &format!("{base}/ideas/idea-fac-0001"),
            Some(idea(1, &stage, "主持人的点子")),
        )
        .await;
    assert_eq!(status, 200);
    // A participant who calls themselves "facilitator" is not the facilitator.
    let posing = w.token_of("facilitator", "Facilitator").await;
    let (status, mine) = w.as_participant(&posing, "GET", &base, None).await;
    assert_eq!(status, 200);
    assert_eq!(mine["mine"], json!([]));
    let (status, e) = w
        .as_participant(
            &posing,
            "DELETE",
            &format!("{base}/ideas/idea-fac-0001"),
            None,
        )
        .await;
    assert_eq!((status, e["code"].as_str()), (409, Some("idea_not_yours")));

    // Another map: not through this invitation.
    let ann = w.token_of("participant-ann1", "安").await;
    let other = new_map(&w.host).await;
    let (status, _) = w
        .as_participant(&ann, "GET", &format!("/api/maps/{other}/brainstorm"), None)
        .await;
    assert_eq!(status, 403);
    // A participant the facilitator removed: nothing more.
    let (status, _) = w
        .as_participant(
            &ann,
            "PUT",
            &format!("{base}/ideas/idea-ann-0001"),
            Some(idea(1, &stage, "x")),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = w
        .facilitator(
            "POST",
            "/api/workshop/participants/participant-ann1/revoke",
            None,
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = w.as_participant(&ann, "GET", &base, None).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_viewer_writes_no_ideas_and_one_person_keeps_at_most_fifty() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path(), "viewer").await;
    let (stage, _, _facilitator) = start_round(&w, 0, "").await;
    let base = format!("/api/maps/{}/brainstorm", w.map_id);
    let viewer = w.token_of("participant-view1", "Vera").await;
    let (status, e) = w
        .as_participant(
            &viewer,
            "PUT",
            &format!("{base}/ideas/idea-vera-0001"),
            Some(idea(1, &stage, "x")),
        )
        .await;
    assert_eq!((status, e["code"].as_str()), (403, Some("may_not_edit")));
    // A viewer may still read the round's counts.
    assert_eq!(w.as_participant(&viewer, "GET", &base, None).await.0, 200);
    // No token, or a wrong one: refused.
    assert_eq!(w.as_participant("nope", "GET", &base, None).await.0, 401);

    // At most 50 ideas a person and round (the rate itself: state/brainstorms.rs).
    for n in 0..50 {
        let path = format!("{base}/ideas/idea-fac-{n:04}");
        let (status, e) = w
            .facilitator("PUT", &path, Some(idea(1, &stage, "idea")))
            .await;
        assert_eq!(status, 200, "{e}");
    }
    let path = format!("{base}/ideas/idea-fac-0050");
    let (status, e) = w
        .facilitator("PUT", &path, Some(idea(1, &stage, "one more")))
        .await;
    assert_eq!((status, e["code"].as_str()), (409, Some("too_many_ideas")));
}
