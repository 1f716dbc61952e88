//! The TypeScript wire types in `ui/src/wire/` must match the Rust declarations.
//! Run `make wire` (or `WAYLINE_WRITE_WIRE=1 cargo test -p wayline-host --test wire_types`)
//! to regenerate them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[test]
fn wire_types_are_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/wire");
    if std::env::var_os("WAYLINE_WRITE_WIRE").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        wayline_host::wire::export_typescript(&dir).unwrap();
    }
    let mut stale = Vec::new();
    for (name, text) in wayline_host::wire::typescript_files().unwrap() {
        let committed = std::fs::read_to_string(dir.join(&name)).unwrap_or_default();
        if committed != text {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "stale TypeScript wire types {stale:?}: run `make wire` and commit ui/src/wire"
    );
}
