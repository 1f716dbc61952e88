//! What the host's checks of an update cost on a map a mature programme keeps: 2,000 cards,
//! 19,000 dated metric values, 400 parked topics and 300 actions. Before every update the host
//! notes what it needs, and after it checks what the update wrote into the actions, versions,
//! parking lot and metric history (`MapDoc::entries_before`, `MapDoc::first_new_invalid_entry`):
//! a keystroke into a card, and one into a parked topic, each with its check.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use loro::LoroText;
use wayline_model::large_map::{large_map, mature, LargeMap};
use wayline_model::{schema, MapDoc};

fn mature_map() -> MapDoc {
    let doc = large_map(LargeMap::default()).unwrap();
    assert_eq!(mature(&doc, 19_000, 400, 300).unwrap(), 19_000);
    doc
}

/// The text container of the first entry of root map `root` that has one.
fn first_text(doc: &MapDoc, root: &str, field: &str) -> LoroText {
    let map = doc.loro().get_map(root);
    let key = map.keys().next().expect("an entry").to_string();
    match map.get(&key) {
        Some(loro::ValueOrContainer::Container(loro::Container::Map(entry))) => {
            match entry.get(field) {
                Some(loro::ValueOrContainer::Container(loro::Container::Text(t))) => t,
                _ => panic!("{root} has no {field} text"),
            }
        }
        _ => panic!("{root} has no map entries"),
    }
}

fn checks(c: &mut Criterion) {
    let doc = mature_map();
    let card = first_text(&doc, schema::CARDS, "text");
    let topic = first_text(&doc, schema::PARKING, "text");
    let mut group = c.benchmark_group("host checks of one update");
    for (what, text, typed) in [
        ("keystroke into a card", &card, "客"),
        ("keystroke into a parked topic", &topic, "停"),
    ] {
        group.bench_function(what, |b| {
            b.iter(|| {
                let before = doc.entries_before();
                text.insert(0, typed).unwrap();
                doc.loro().commit();
                assert!(doc.first_new_invalid_entry(&before).is_none());
                text.delete(0, 1).unwrap();
                doc.loro().commit();
            })
        });
    }
    group.finish();
}

criterion_group!(benches, checks);
criterion_main!(benches);
