//! `.wayline` bundles: a round trip gives identical maps; truncated, oversized, wrong-version
//! and hand-edited bundles are refused and change nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use wayline_model::templates::instantiate;
use wayline_model::Locale;
use wayline_store::{BundleProblem, PersonaFields, Store, StoreError};

fn project_with_everything(store: &Store) -> String {
    let project = store.create_project("跨部门工作坊").unwrap();
    for (template, locale) in [("lifecycle", Locale::ZhCn), ("self_service", Locale::ZhTw)] {
        let doc = instantiate(template, locale, None, "T", 0).unwrap();
        store.create_map(&project.id, &doc).unwrap();
    }
    let persona = store
        .create_persona(
            &project.id,
            &PersonaFields {
                name: "王芳".into(),
                role: "上班族".into(),
                goals: "快".into(),
                frustrations: "慢".into(),
                quote: "“别让我等。”".into(),
            },
        )
        .unwrap();
    store
        .set_persona_picture(&persona.id, Some(&png_of(64, 64)))
        .unwrap();
    let map = &store.project(&project.id).unwrap().maps[0];
    let doc = store.load_map(&map.id).unwrap().doc;
    let before = doc.version();
    doc.set_persona(Some(&persona.id)).unwrap();
    store
        .append_updates(&map.id, &[doc.export_since(&before).unwrap()])
        .unwrap();
    project.id
}

#[test]
fn export_then_import_gives_identical_maps_and_personas() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let id = project_with_everything(&store);
    let bundle = store.export_bundle(&id).unwrap();

    let other = tempfile::tempdir().unwrap();
    let target = Store::open(other.path()).unwrap();
    let imported = target.import_bundle(&bundle).unwrap();
    assert_eq!(imported.name, "跨部门工作坊");
    let original = store.project(&id).unwrap();
    assert_eq!(imported.maps.len(), 2);
    for (a, b) in original.maps.iter().zip(&imported.maps) {
        let va = store.load_map(&a.id).unwrap().doc.view();
        let mut vb = target.load_map(&b.id).unwrap().doc.view();
        // The actor persona points at the imported copy of the persona.
        if let Some(p) = &vb.persona_id {
            let persona = &target.personas(&imported.id).unwrap()[0];
            assert_eq!(p, &persona.id);
            vb.persona_id = va.persona_id.clone();
        }
        assert_eq!(va, vb);
    }
    let personas = target.personas(&imported.id).unwrap();
    assert_eq!(personas[0].name, "王芳");
    assert!(personas[0].has_picture);
}

/// The same bundle imported again (or into the folder it came from) is a second project that can
/// be told apart in the list: its name gets " (2)", then " (3)".
#[test]
fn a_project_name_already_in_the_list_is_numbered() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let id = project_with_everything(&store);
    let bundle = store.export_bundle(&id).unwrap();
    let names: Vec<String> = (0..3)
        .map(|_| store.import_bundle(&bundle).unwrap().name)
        .collect();
    assert_eq!(
        names,
        ["跨部门工作坊 (2)", "跨部门工作坊 (3)", "跨部门工作坊 (4)"]
    );
    // a long name keeps its number within the limit
    let long = "长".repeat(wayline_store::MAX_PROJECT_NAME_CHARS);
    store.rename_project(&id, &long).unwrap();
    let bundle = store.export_bundle(&id).unwrap();
    let numbered = store.import_bundle(&bundle).unwrap().name;
    assert!(numbered.ends_with(" (2)"), "{numbered}");
    assert!(numbered.chars().count() <= wayline_store::MAX_PROJECT_NAME_CHARS);
}

#[test]
fn bad_bundles_are_refused_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let id = project_with_everything(&store);
    let bundle = store.export_bundle(&id).unwrap();
    let text = String::from_utf8(bundle.clone()).unwrap();

    let target_dir = tempfile::tempdir().unwrap();
    let target = Store::open(target_dir.path()).unwrap();
    let refused = |bytes: &[u8], expect: &str, problem: BundleProblem| {
        let err = target.import_bundle(bytes).expect_err("must be refused");
        assert!(
            matches!(err, StoreError::BadBundle { problem: p, .. } if p == problem),
            "{err:?}"
        );
        assert_eq!(err.code(), problem.code());
        assert!(err.to_string().contains(expect), "{err}");
        assert!(err.to_string().contains("Nothing was imported"));
        assert!(target.list_projects().unwrap().is_empty());
    };
    refused(
        &bundle[..bundle.len() / 2],
        "truncated",
        BundleProblem::Unreadable,
    );
    refused(
        b"PK\x03\x04 a zip file",
        "cannot be read",
        BundleProblem::Unreadable,
    );
    refused(
        &text.replace("跨部门工作坊", "改过的名字").into_bytes(),
        "checksum",
        BundleProblem::Checksum,
    );
    refused(
        &text
            .replacen("\"version\":1", "\"version\":9", 1)
            .into_bytes(),
        "newer Wayline",
        BundleProblem::Newer,
    );
    refused(
        &text.replacen("wayline-bundle", "other-app", 1).into_bytes(),
        "not a Wayline bundle",
        BundleProblem::NotABundle,
    );
    let mut huge = bundle.clone();
    huge.resize(wayline_store::MAX_BUNDLE_BYTES + 1, b' ');
    refused(&huge, "larger than", BundleProblem::TooLarge);
}

/// Every reason a bundle is refused has its sentence in the UI's three catalogs, which say it
/// in the person's language instead of the host's English.
#[test]
fn every_bundle_problem_is_worded_in_the_ui() {
    for lang in ["en", "zh-CN", "zh-TW"] {
        let path = format!(
            "{}/../../ui/src/i18n/catalog/{lang}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let catalog: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for problem in BundleProblem::ALL {
            let sentence = &catalog["import"]["problem"][problem.code()];
            assert!(
                sentence.as_str().is_some_and(|s| !s.is_empty()),
                "{lang}: import.problem.{}",
                problem.code()
            );
        }
    }
}

/// The first bytes of a PNG of `width` × `height` pixels: what the picture checks read.
fn png_of(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(width.to_be_bytes());
    png.extend(height.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}
