//! The host's top-level modules import each other without a cycle: `state` and the shared types
//! sit below the feature modules (`api`, `auth`, `ws`, `workshop`, …), and only `server` sees
//! them all. A `crate::…` path that closes a circle fails here, naming it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level module a source file belongs to (`rooms/apply.rs` → `rooms`).
fn module_of(relative: &Path) -> String {
    let first = relative.components().next().unwrap();
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_owned()
}

/// The top-level modules named by `crate::name` or `crate::{name, …}` in code (comments skipped).
fn imports(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                group[..end].split(',').collect()
            } else {
                vec![rest]
            };
            for name in names {
                let word: String = name
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if word.starts_with(|c: char| c.is_ascii_lowercase()) {
                    out.insert(word);
                }
            }
        }
    }
    out
}

fn sources(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let module = module_of(path.strip_prefix(root).unwrap());
            out.push((module, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn top_level_modules_import_each_other_without_a_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, text) in &files {
        let deps = graph.entry(module.clone()).or_default();
        deps.extend(imports(text).into_iter().filter(|d| d != module));
    }
    assert!(graph.contains_key("state") && graph.contains_key("server"));
    // Depth-first search for a path back to the start.
    fn path_back(
        graph: &BTreeMap<String, BTreeSet<String>>,
        from: &str,
        to: &str,
        seen: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> bool {
        for next in graph.get(from).into_iter().flatten() {
            path.push(next.clone());
            if next == to || (seen.insert(next.clone()) && path_back(graph, next, to, seen, path)) {
                return true;
            }
            path.pop();
        }
        false
    }
    for module in graph.keys() {
        let mut path = vec![module.clone()];
        if path_back(&graph, module, module, &mut BTreeSet::new(), &mut path) {
            panic!("import cycle: {}", path.join(" → "));
        }
    }
}

#[test]
fn the_scanner_sees_grouped_and_single_imports() {
    let found =
        imports("use crate::{api, state::AppState};\nlet x = crate::ws::run(); // crate::no");
    let want: BTreeSet<String> = ["api", "state", "ws"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(found, want);
}
