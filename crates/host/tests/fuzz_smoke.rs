//! The short fuzz run of `make test`: every fuzz entry point (`wayline_host::fuzzing`) gets the
//! committed corpus (`fuzz/corpus/<target>/`), valid seeds and, for a few seconds each, mutations
//! of them (bit flips, cuts, splices, repeats). None may panic. The long runs are `cargo fuzz`
//! (see `fuzz/README.md`); `WAYLINE_FUZZ_SMOKE_SECONDS` sets this run's length per target.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use loro_protocol::{encode, BatchId, CrdtType, ProtocolMessage};
use wayline_host::fuzzing;
use wayline_model::templates::instantiate;
use wayline_model::{Locale, NewCard};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seeds[rng.below(seeds.len())].clone();
    for _ in 0..=rng.below(4) {
        match rng.below(5) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => data.truncate(rng.below(data.len())),
            2 => {
                let other = &seeds[rng.below(seeds.len())];
                let at = rng.below(data.len() + 1);
                let from = rng.below(other.len() + 1);
                data.splice(at..at, other[from..].iter().copied().take(64));
            }
            3 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = [0, 0xff, 0x7f, 0x80][rng.below(4)];
            }
            _ => {
                let i = rng.below(data.len() + 1);
                data.splice(i..i, std::iter::repeat_n(rng.next() as u8, rng.below(32)));
            }
        }
    }
    data
}

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| std::fs::read(e.path()).ok())
                .collect()
        })
        .unwrap_or_default()
}

fn run(target: &str, mut seeds: Vec<Vec<u8>>, f: fn(&[u8])) {
    seeds.extend(corpus(target));
    for s in &seeds {
        f(s);
    }
    let seconds = std::env::var("WAYLINE_FUZZ_SMOKE_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut rng = Rng(0x005e_ed0f_f022 ^ target.len() as u64);
    let mut runs = 0u64;
    // A failed allocation aborts the process, which no `catch_unwind` sees: the input being run
    // is always on disk, so an abort leaves it behind.
    let current = std::env::temp_dir().join(format!("wayline-fuzz-{target}-current"));
    while Instant::now() < deadline {
        let input = mutate(&mut rng, &seeds);
        std::fs::write(&current, &input).unwrap();
        if std::panic::catch_unwind(|| f(&input)).is_err() {
            // Kept for the corpus: the input that made it panic, to reproduce and then keep.
            let path = std::env::temp_dir().join(format!("wayline-fuzz-{target}-crash"));
            std::fs::write(&path, &input).unwrap();
            panic!("{target}: an input panicked; saved as {}", path.display());
        }
        runs += 1;
    }
    let _ = std::fs::remove_file(&current);
    println!(
        "{target}: {} corpus inputs, {runs} mutated inputs, no panic",
        seeds.len()
    );
}

fn an_update() -> Vec<u8> {
    let doc = instantiate("lifecycle", Locale::ZhTw, None, "T", 0).unwrap();
    let v = doc.view();
    let before = doc.version();
    doc.add_card(NewCard {
        stage: &v.stages[0].id,
        lane: &v.lanes[0].id,
        text: "客戶說 👍 𠮷",
        color: "yellow",
        author: "T",
        ..Default::default()
    })
    .unwrap();
    doc.export_since(&before).unwrap()
}

fn framed(messages: &[ProtocolMessage]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in messages {
        let bytes = encode(m).unwrap();
        out.extend_from_slice(&(bytes.len() as u16).to_le_bytes());
        out.extend_from_slice(&bytes);
    }
    out
}

#[test]
fn protocol_messages_and_fragments_never_panic() {
    let update = an_update();
    let half = update.len() / 2;
    let batch = BatchId([7; 8]);
    let room = "m1".to_owned();
    let seeds = vec![
        framed(&[ProtocolMessage::DocUpdate {
            crdt: CrdtType::Loro,
            room_id: room.clone(),
            updates: vec![update.clone()],
            batch_id: batch,
        }]),
        framed(&[
            ProtocolMessage::DocUpdateFragmentHeader {
                crdt: CrdtType::Loro,
                room_id: room.clone(),
                batch_id: batch,
                fragment_count: 2,
                total_size_bytes: update.len() as u64,
            },
            ProtocolMessage::DocUpdateFragment {
                crdt: CrdtType::Loro,
                room_id: room.clone(),
                batch_id: batch,
                index: 1,
                fragment: update[half..].to_vec(),
            },
            ProtocolMessage::DocUpdateFragment {
                crdt: CrdtType::Loro,
                room_id: room,
                batch_id: batch,
                index: 0,
                fragment: update[..half].to_vec(),
            },
        ]),
    ];
    run("protocol", seeds, fuzzing::protocol_messages);
}

#[test]
fn document_updates_never_panic_the_host() {
    run("update", vec![an_update()], fuzzing::document_update);
}

#[test]
fn bundles_never_panic_the_importer() {
    let dir = tempfile::tempdir().unwrap();
    let store = wayline_store::Store::open(dir.path()).unwrap();
    let (project, _) = store.create_sample_project(Locale::ZhCn).unwrap();
    let bundle = store.export_bundle(&project.id).unwrap();
    run("bundle", vec![bundle], fuzzing::bundle);
}

#[test]
fn each_committed_protocol_input_alone() {
    for input in corpus("protocol") {
        fuzzing::protocol_messages(&input);
    }
}
