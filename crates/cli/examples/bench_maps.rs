//! Puts maps of workshop scale and beyond into a data folder, for the UI performance runs
//! (`make bench`) and for trying the board at scale by hand:
//!
//!     cargo run --release -p wayline-cli --example bench_maps -- DATA_DIR 600 2000 10000
//!
//! Each map has 12 stages and the sample map's lanes, the cards spread over its cards and team
//! lanes with 5 % of them linked (`wayline_model::large_map`). A size followed by `m` (`2000m`)
//! makes the map a mature programme's too: 19,000 dated metric values, 400 parked topics and 300
//! actions (`large_map::mature`). Prints one line per map: `<size> <map id>`.

use std::path::PathBuf;
use std::process::ExitCode;

use wayline_model::large_map::{large_map, mature, LargeMap};
use wayline_store::Store;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: bench_maps DATA_DIR CARDS...");
        return ExitCode::from(2);
    };
    let sizes: Vec<(usize, bool)> = args
        .filter_map(|a| match a.strip_suffix('m') {
            Some(n) => n.parse().ok().map(|n| (n, true)),
            None => a.parse().ok().map(|n| (n, false)),
        })
        .collect();
    let result = (|| -> Result<(), Box<dyn std::error::Error>> {
        let store = Store::open(&dir)?;
        let project = store.create_project("Benchmark")?;
        for (cards, is_mature) in sizes {
            let doc = large_map(LargeMap {
                cards,
                ..Default::default()
            })?;
            let mut title = format!("{cards} cards");
            if is_mature {
                mature(&doc, 19_000, 400, 300)?;
                title.push_str(", mature");
            }
            doc.set_title(&title)?;
            let map = store.create_map(&project.id, &doc)?;
            println!("{cards}{} {}", if is_mature { "m" } else { "" }, map.id);
        }
        Ok(())
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench_maps: {e}");
            ExitCode::FAILURE
        }
    }
}
