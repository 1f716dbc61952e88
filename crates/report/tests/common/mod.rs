//! What the report tests share: the board's own word for a catalog path, read from the UI's
//! catalogs the way a person sees it, and a PDF's text as `pdftotext` gives it back.

#[allow(dead_code)]
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

/// The text `pdftotext -raw` reads from `pdf`, without whitespace (it may break a line anywhere).
/// Each call writes a file of its own: the tests of one file run at once.
#[allow(dead_code)]
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed for this test");
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}
