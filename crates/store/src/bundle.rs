//! `.wayline` project bundles: one file with a project's map documents, personas and pictures,
//! to send by e-mail. Import checks everything first — format, version, checksum, every
//! document — and then adds the project in one transaction, or changes nothing.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use wayline_model::MapDoc;

use crate::personas::check_picture;
use crate::{BundleProblem, PersonaFields, ProjectSummary, Store, StoreError};

const FORMAT: &str = "wayline-bundle";
/// The bundle layout this build writes and reads.
pub const BUNDLE_VERSION: u32 = 1;
/// Largest bundle accepted.
pub const MAX_BUNDLE_BYTES: usize = 200 * 1024 * 1024;
const MAX_MAPS: usize = 500;
const MAX_PERSONAS: usize = 500;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BundleMap {
    title: String,
    /// The full Loro snapshot, base64.
    document: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BundlePersona {
    /// The persona's id in the exporting project, so maps can point at its copy.
    id: String,
    fields: PersonaFields,
    picture: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Content {
    project: String,
    maps: Vec<BundleMap>,
    personas: Vec<BundlePersona>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Bundle {
    format: String,
    version: u32,
    /// SHA-256 of the `content` as written, so an edited or damaged bundle is noticed.
    sha256: String,
    content: serde_json::Value,
}

fn digest(content: &serde_json::Value) -> Result<String, StoreError> {
    let text = serde_json::to_string(content).map_err(|e| StoreError::Invalid(e.to_string()))?;
    Ok(Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn bad(problem: BundleProblem, why: impl std::fmt::Display) -> StoreError {
    StoreError::BadBundle {
        problem,
        message: format!("this is not a usable Wayline bundle: {why}. Nothing was imported"),
    }
}

impl Store {
    /// The bundle of a project: every (non-trashed) map, persona and picture.
    pub fn export_bundle(&self, project_id: &str) -> Result<Vec<u8>, StoreError> {
        let project = self.project(project_id)?;
        let mut maps = Vec::new();
        for map in &project.maps {
            let doc = self.load_map(&map.id)?.doc;
            let snapshot = doc
                .export_snapshot()
                .map_err(|source| StoreError::Document {
                    map_id: map.id.clone(),
                    source,
                })?;
            maps.push(BundleMap {
                title: map.title.clone(),
                document: B64.encode(snapshot),
            });
        }
        let mut personas = Vec::new();
        for p in self.personas(project_id)? {
            let picture = if p.has_picture {
                Some(B64.encode(self.persona_picture(&p.id)?.0))
            } else {
                None
            };
            personas.push(BundlePersona {
                id: p.id,
                fields: PersonaFields {
                    name: p.name,
                    role: p.role,
                    goals: p.goals,
                    frustrations: p.frustrations,
                    quote: p.quote,
                },
                picture,
            });
        }
        let content = serde_json::to_value(Content {
            project: project.name,
            maps,
            personas,
        })
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let bundle = Bundle {
            format: FORMAT.into(),
            version: BUNDLE_VERSION,
            sha256: digest(&content)?,
            content,
        };
        serde_json::to_vec(&bundle).map_err(|e| StoreError::Invalid(e.to_string()))
    }

    /// Imports a bundle as a new project and returns it. Persona ids inside the maps are
    /// remapped to the new personas.
    pub fn import_bundle(&self, bytes: &[u8]) -> Result<ProjectSummary, StoreError> {
        if bytes.len() > MAX_BUNDLE_BYTES {
            return Err(bad(
                BundleProblem::TooLarge,
                format!("it is larger than {} MB", MAX_BUNDLE_BYTES / 1024 / 1024),
            ));
        }
        let bundle: Bundle = serde_json::from_slice(bytes).map_err(|e| {
            bad(
                BundleProblem::Unreadable,
                format!("it cannot be read ({e}); it may be truncated or not a bundle"),
            )
        })?;
        if bundle.format != FORMAT {
            return Err(bad(BundleProblem::NotABundle, "it is not a Wayline bundle"));
        }
        if bundle.version > BUNDLE_VERSION {
            return Err(StoreError::BadBundle {
                problem: BundleProblem::Newer,
                message: format!(
                    "this bundle was made by a newer Wayline (bundle version {}); update Wayline to import it. Nothing was imported",
                    bundle.version
                ),
            });
        }
        if bundle.version != BUNDLE_VERSION {
            return Err(bad(
                BundleProblem::NotABundle,
                format!("unknown bundle version {}", bundle.version),
            ));
        }
        if digest(&bundle.content)? != bundle.sha256 {
            return Err(bad(
                BundleProblem::Checksum,
                "its content does not match its checksum (it was edited or damaged)",
            ));
        }
        let content: Content = serde_json::from_value(bundle.content)
            .map_err(|e| bad(BundleProblem::Content, format!("unexpected content ({e})")))?;
        if content.maps.len() > MAX_MAPS || content.personas.len() > MAX_PERSONAS {
            return Err(bad(
                BundleProblem::TooMany,
                "it holds more maps or personas than Wayline accepts",
            ));
        }
        // Check every document and picture before writing anything.
        let mut docs = Vec::new();
        for (i, map) in content.maps.iter().enumerate() {
            let snapshot = B64.decode(&map.document).map_err(|_| {
                bad(
                    BundleProblem::DamagedMap,
                    format!("map {} is not readable", i + 1),
                )
            })?;
            let doc = MapDoc::load(Some(&snapshot), &[]).map_err(|e| match e {
                // A map saved by a newer Wayline is not damaged: updating reads it.
                wayline_model::ModelError::NewerSchema { .. } => {
                    let why = format!(
                        "map {} ({}) was saved by a newer Wayline: {e}",
                        i + 1,
                        map.title
                    );
                    bad(BundleProblem::Newer, why)
                }
                e => {
                    let why = format!("map {} ({}) is damaged: {e}", i + 1, map.title);
                    bad(BundleProblem::DamagedMap, why)
                }
            })?;
            docs.push(doc);
        }
        let mut pictures = Vec::new();
        for p in &content.personas {
            let picture = match &p.picture {
                Some(data) => {
                    let bytes = B64.decode(data).map_err(|_| {
                        bad(
                            BundleProblem::DamagedPicture,
                            "a persona picture is not readable",
                        )
                    })?;
                    check_picture(&bytes).map_err(|e| match e {
                        StoreError::Invalid(why) => bad(BundleProblem::DamagedPicture, why),
                        other => other,
                    })?;
                    Some(bytes)
                }
                None => None,
            };
            pictures.push(picture);
        }
        self.import_checked(&content, docs, pictures)
    }

    fn import_checked(
        &self,
        content: &Content,
        docs: Vec<MapDoc>,
        pictures: Vec<Option<Vec<u8>>>,
    ) -> Result<ProjectSummary, StoreError> {
        // A name or persona field the catalog refuses is a problem of the bundle's content (the
        // catalog's own message says which), refused before anything stays behind.
        let as_content = |e: StoreError| match e {
            StoreError::Invalid(why) => bad(BundleProblem::Content, why),
            other => other,
        };
        let project = self
            .create_project_apart(&content.project)
            .map_err(as_content)?;
        let result = (|| {
            let mut persona_ids = std::collections::HashMap::new();
            for (p, picture) in content.personas.iter().zip(pictures) {
                let created = self
                    .create_persona(&project.id, &p.fields)
                    .map_err(as_content)?;
                if let Some(bytes) = picture {
                    self.set_persona_picture(&created.id, Some(&bytes))?;
                }
                persona_ids.insert(p.id.clone(), created.id);
            }
            for doc in docs {
                let old = doc.view().persona_id;
                if let Some(old) = old {
                    let new = persona_ids.get(&old).map(String::as_str);
                    doc.set_persona(new)
                        .map_err(|source| StoreError::Document {
                            map_id: "bundle".into(),
                            source,
                        })?;
                }
                self.create_map(&project.id, &doc)?;
            }
            self.project(&project.id)
        })();
        // A failure half-way deletes the new project again (maps and personas cascade), so
        // nothing of a refused bundle is left behind.
        if result.is_err() {
            let _ = self.with_tx(|tx| {
                tx.execute("DELETE FROM projects WHERE id = ?1", [&project.id])?;
                Ok(())
            });
        }
        result
    }
}

#[cfg(test)]
mod vector_tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    /// The UI writes the bundles a participant saves (`ui/src/workshop/participant/bundle.ts`);
    /// both sides hash the content alike, checked against the same vectors.
    #[test]
    fn the_checksum_is_the_one_the_ui_computes() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/vectors/bundle_checksum.json"
        );
        let vectors: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for case in vectors["cases"].as_array().unwrap() {
            assert_eq!(
                super::digest(&case["content"]).unwrap(),
                case["sha256"].as_str().unwrap(),
                "{}",
                case["name"]
            );
        }
    }
}
