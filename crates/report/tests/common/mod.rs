//! What the report tests share: the board's own word for a catalog path, read from the UI's
//! catalogs the way a person sees it.

/// The UI catalog's text at a dotted `path` (e.g. `actions.col.team`) in `locale`.
pub fn ui_word(locale: &str, path: &str) -> String {
    let text = std::fs::read_to_string(format!(
        "{}/../../ui/src/i18n/{locale}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let catalog: serde_json::Value = serde_json::from_str(&text).unwrap();
    path.split('.')
        .fold(&catalog, |node, key| &node[key])
        .as_str()
        .unwrap()
        .to_owned()
}
