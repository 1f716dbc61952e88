//! Updates whose values claim huge collections: loro reserves room for the claimed count before
//! reading an entry, and a failed reservation aborts the process. The host refuses them instead.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use loro::{ExportMode, LoroDoc, LoroValue};

fn varint(bytes: &mut &[u8]) -> u64 {
    leb128::read::unsigned(bytes).unwrap()
}

fn push_varint(out: &mut Vec<u8>, value: u64) {
    leb128::write::unsigned(out, value).unwrap();
}

/// Rewrites the first block of a one-block update, replacing its values column by `values(old)`.
fn with_values(update: &[u8], values: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let (head, mut body) = update.split_at(22);
    let block_len = varint(&mut body) as usize;
    let (mut block, rest) = body.split_at(block_len);
    assert!(rest.is_empty(), "one block");
    let mut out_block = Vec::new();
    for _ in 0..5 {
        push_varint(&mut out_block, varint(&mut block));
    }
    for field in 0..8 {
        let len = varint(&mut block) as usize;
        let (bytes, tail) = block.split_at(len);
        block = tail;
        let bytes = if field == 7 {
            values(bytes)
        } else {
            bytes.to_vec()
        };
        push_varint(&mut out_block, bytes.len() as u64);
        out_block.extend(bytes);
    }
    let mut out = head.to_vec();
    push_varint(&mut out, out_block.len() as u64);
    out.extend(out_block);
    out
}

/// An update inserting a value map of seven entries holding a value list of five.
fn collections_update() -> Vec<u8> {
    let doc = LoroDoc::new();
    let value: LoroValue = loro::loro_value!({
        "a": 1, "b": "旅程", "c": 3.5, "d": [1, 2, "痛點", [], {}], "e": {}, "f": null, "g": true
    });
    doc.get_map("m").insert("v", value).unwrap();
    doc.commit();
    doc.export(ExportMode::all_updates()).unwrap()
}

/// `update` with the entry count that follows `kind` and `count` in its values claimed as `claim`.
fn claiming(update: &[u8], kind: u8, count: u8, claim: u64) -> Vec<u8> {
    with_values(update, |values| {
        let at = values
            .windows(2)
            .position(|w| w == [kind, count])
            .expect("the collection's kind and length");
        let mut out = values[..=at].to_vec();
        push_varint(&mut out, claim);
        out.extend(&values[at + 2..]);
        out
    })
}

const LIST: u8 = 7;
const MAP: u8 = 8;

#[test]
fn real_value_collections_still_import() {
    let update = collections_update();
    // Rebuilt unchanged by the same rewriting, to show the rewriting itself breaks nothing.
    let same = with_values(&update, <[u8]>::to_vec);
    assert_eq!(same, update);
    let doc = LoroDoc::new();
    doc.import(&update).unwrap();
    let json = serde_json::to_value(doc.get_deep_value()).unwrap();
    assert_eq!(json["m"]["v"]["d"][2], "痛點");
    assert_eq!(json["m"]["v"]["b"], "旅程");
    assert_eq!(json["m"]["v"]["d"][4], serde_json::json!({}));
}

#[test]
fn collections_claiming_more_entries_than_bytes_are_refused_without_reserving_them() {
    let update = collections_update();
    // 2^28 map entries was a 26 GB reservation that aborted the process; the rest are refused
    // the same way (one entry more than the bytes left would be enough).
    for (kind, count, claim) in [
        (MAP, 7, 1 << 28),
        (MAP, 7, 1 << 20),
        (LIST, 5, 1 << 28),
        (LIST, 5, 10_000),
    ] {
        let forged = claiming(&update, kind, count, claim);
        assert!(
            LoroDoc::decode_import_blob_meta(&forged, false).is_err(),
            "kind {kind} claiming {claim}"
        );
        assert!(
            LoroDoc::new().import(&forged).is_err(),
            "kind {kind} claiming {claim}"
        );
        // Through the host's own checks, as a participant's update would go.
        wayline_host::fuzzing::document_update(&forged);
    }
}
