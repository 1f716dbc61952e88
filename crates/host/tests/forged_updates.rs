//! Updates whose counts are forged. loro reserves room for a count read from an update before it
//! reads what it counts, and a failed reservation aborts the whole process: one participant's
//! update would stop the facilitator's host. The patched loro-internal (`vendor/loro-internal`)
//! refuses these counts; here they are forged from real updates and must be refused, through
//! loro and through the host's own checks, while real updates still import.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use loro::{ExportMode, LoroDoc, LoroValue};
use wayline_host::fuzzing::document_update;

fn varint(bytes: &mut &[u8]) -> u64 {
    leb128::read::unsigned(bytes).unwrap()
}

fn push_varint(out: &mut Vec<u8>, value: u64) {
    leb128::write::unsigned(out, value).unwrap();
}

/// A change block: five numbers (counter start and length, lamport start and length, the number
/// of changes), then eight columns (change header, change metadata, container ids, keys,
/// positions, operations, delete starts, values).
struct Block {
    numbers: [u64; 5],
    columns: Vec<Vec<u8>>,
}

const CHANGES: usize = 4;
const HEADER: usize = 0;
const VALUES: usize = 7;
/// Magic, checksum and encoding mode before the first block.
const BLOB_HEADER: usize = 22;

/// Rewrites the one block of a one-block update.
fn rewritten(update: &[u8], change: impl Fn(&mut Block)) -> Vec<u8> {
    let (head, mut body) = update.split_at(BLOB_HEADER);
    let block_len = varint(&mut body) as usize;
    let (mut bytes, rest) = body.split_at(block_len);
    assert!(rest.is_empty(), "one block");
    let mut block = Block {
        numbers: [0; 5].map(|_| varint(&mut bytes)),
        columns: Vec::new(),
    };
    for _ in 0..8 {
        let len = varint(&mut bytes) as usize;
        let (column, tail) = bytes.split_at(len);
        block.columns.push(column.to_vec());
        bytes = tail;
    }
    change(&mut block);
    let mut out_block = Vec::new();
    for n in block.numbers {
        push_varint(&mut out_block, n);
    }
    for column in &block.columns {
        push_varint(&mut out_block, column.len() as u64);
        out_block.extend(column);
    }
    let mut out = head.to_vec();
    push_varint(&mut out, out_block.len() as u64);
    out.extend(out_block);
    out
}

/// Refused by loro's metadata reader and import, and by the host's checks — without aborting.
fn assert_refused(forged: &[u8], what: &str) {
    assert!(
        LoroDoc::decode_import_blob_meta(forged, false).is_err(),
        "{what}"
    );
    assert!(LoroDoc::new().import(forged).is_err(), "{what}");
    document_update(forged);
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

/// A document whose changes depend on many concurrent ones: in each round `peers` others fork
/// it, edit at once, and it merges them all before its next edit.
fn concurrent_history(peers: u64) -> LoroDoc {
    let doc = LoroDoc::new();
    doc.set_peer_id(1).unwrap();
    for round in 0..10u64 {
        let base = doc.export(ExportMode::all_updates()).unwrap();
        for peer in 2..=peers {
            let other = LoroDoc::new();
            other.set_peer_id(round * 1_000 + peer).unwrap();
            other.import(&base).unwrap();
            other.get_text("text").insert(0, "旅程").unwrap();
            other.commit();
            doc.import(&other.export(ExportMode::all_updates()).unwrap())
                .unwrap();
        }
        doc.get_text("text").insert(0, "merge").unwrap();
        doc.commit();
    }
    for i in 0..2_000 {
        let text = if i % 2 == 0 { "a" } else { "痛点" };
        doc.get_text("text").insert(0, text).unwrap();
        doc.commit();
    }
    doc
}

#[test]
fn real_updates_still_import() {
    let update = collections_update();
    assert_eq!(
        rewritten(&update, |_| {}),
        update,
        "the rewriting alone changes nothing"
    );
    let doc = LoroDoc::new();
    doc.import(&update).unwrap();
    let json = serde_json::to_value(doc.get_deep_value()).unwrap();
    assert_eq!(json["m"]["v"]["d"][2], "痛點");
    assert_eq!(json["m"]["v"]["b"], "旅程");
    assert_eq!(json["m"]["v"]["d"][4], serde_json::json!({}));

    // Changes that each depend on 29 concurrent ones, then 2,000 small edits.
    let doc = concurrent_history(30);
    let copy = LoroDoc::new();
    copy.import(&doc.export(ExportMode::all_updates()).unwrap())
        .unwrap();
    assert_eq!(
        copy.get_text("text").to_string(),
        doc.get_text("text").to_string()
    );
}

#[test]
fn value_collections_claiming_more_entries_than_bytes_are_refused() {
    let update = collections_update();
    const LIST: u8 = 7;
    const MAP: u8 = 8;
    // 2^28 map entries was a 26 GB reservation that aborted the process.
    for (kind, count, claim) in [
        (MAP, 7, 1 << 28),
        (MAP, 7, 1 << 20),
        (LIST, 5, 1 << 28),
        (LIST, 5, 10_000),
    ] {
        let forged = rewritten(&update, |block| {
            let values = &block.columns[VALUES];
            let at = values
                .windows(2)
                .position(|w| w == [kind, count])
                .expect("the collection's kind and length");
            let mut out = values[..=at].to_vec();
            push_varint(&mut out, claim);
            out.extend(&values[at + 2..]);
            block.columns[VALUES] = out;
        });
        assert_refused(&forged, &format!("kind {kind} claiming {claim}"));
    }
}

#[test]
fn a_block_claiming_more_changes_than_it_holds_is_refused() {
    let update = collections_update();
    for claim in [0, 1 << 16 | 1, u64::from(u32::MAX)] {
        let forged = rewritten(&update, |block| block.numbers[CHANGES] = claim);
        assert_refused(&forged, &format!("{claim} changes"));
    }
    // Within the bound but more than the header's bytes can describe.
    let forged = rewritten(&update, |block| {
        block.numbers[CHANGES] = block.columns[HEADER].len() as u64 + 2;
    });
    assert_refused(&forged, "more changes than header bytes");
}

#[test]
fn a_change_claiming_trillions_of_dependencies_is_refused() {
    // Found by the protocol fuzz target (sent in two fragments; this is the update they make):
    // one change that claims to depend on ~2^47 operations, a 47 TB reservation.
    let forged = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fuzz/corpus/update/oom-loro-update-header"
    ))
    .unwrap();
    assert_refused(&forged, "2^47 dependencies");
}
