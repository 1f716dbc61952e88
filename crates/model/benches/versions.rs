//! What the report's "What changed since …" section and the board's highlights cost on a 2,000-card
//! map loaded as the host loads one, from its stored snapshot: the map at its newest saved version
//! compared with the map now, whose view the report has read already
//! (`MapDoc::changes_since_newest_version`), for the template's version
//! (nearly the whole history after it) and for a version saved after the cards (a little after
//! it); the map at the version alone (`MapDoc::at_version`), loro's own fork there, which that
//! used to be, and one view.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use loro::Frontiers;
use wayline_model::large_map::{large_map, LargeMap};
use wayline_model::versions::parse_frontiers;
use wayline_model::MapDoc;

fn stored(doc: &MapDoc) -> MapDoc {
    MapDoc::load(Some(&doc.export_snapshot().unwrap()), &[]).unwrap()
}

fn changes(c: &mut Criterion) {
    let built = large_map(LargeMap::default()).unwrap();
    let early = stored(&built);
    built
        .save_version("After the cards", "Benchmark", 1, false)
        .unwrap();
    for card in built.view().cards.iter().take(20) {
        built.set_card_text(&card.id, "改过的卡片 edited").unwrap();
    }
    let late = stored(&built);

    let mut group = c.benchmark_group("versions, 2,000 cards");
    group.sample_size(20);
    for (what, doc, added, edited) in [
        ("the template's version", &early, 1_900, 0),
        ("a version after the cards", &late, 0, 20),
    ] {
        let now = doc.view();
        group.bench_function(format!("changes since {what}"), |b| {
            b.iter(|| {
                let (_, changes) = doc.changes_since_newest_version(&now).unwrap().unwrap();
                assert!(changes.cards_added.len() >= added);
                assert!(changes.cards_edited.len() >= edited);
            })
        });
        let newest = doc.view().versions.pop().unwrap();
        group.bench_function(format!("the map at {what}"), |b| {
            b.iter(|| doc.at_version(&newest.id).unwrap())
        });
        let frontiers = Frontiers::from(parse_frontiers(&newest.frontiers).unwrap());
        group.bench_function(format!("loro's fork at {what}"), |b| {
            b.iter(|| doc.loro().fork_at(&frontiers).unwrap())
        });
    }
    group.bench_function("the map's view", |b| b.iter(|| early.view()));
    group.finish();
}

criterion_group!(benches, changes);
criterion_main!(benches);
