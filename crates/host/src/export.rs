//! Exports of a map (PDF report, CSV of cards) with the catalog context the model does not
//! hold: project name, persona. Shared by the HTTP API and the `wayline export` command.

use wayline_model::Locale;
use wayline_report::{
    actions_csv, actions_ics, cards_csv, iso_date, map_png, map_svg, metrics_csv, render_pdf,
    Paper, ReportInfo,
};
use wayline_store::Store;

use crate::HostError;

/// An export ready to save: bytes, media type and a file name.
pub struct Export {
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
    pub file_name: String,
}

/// The formats `export` writes.
/// `metrics-csv` is the dated metric values (as the board's import reads them); `actions-csv` and
/// `ics` are the action plan and its due dates.
pub const FORMATS: &[&str] = &[
    "pdf",
    "csv",
    "metrics-csv",
    "svg",
    "png",
    "actions-csv",
    "ics",
];

/// The papers the PDF report is laid out for, by name (`a4-portrait`, …), in the report's order.
pub fn paper_names() -> impl Iterator<Item = &'static str> {
    Paper::ALL.into_iter().map(|(_, name)| name)
}

/// A file name (without extension) for a title: readable, Chinese kept, no path characters.
pub fn file_stem(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let trimmed = cleaned.trim_matches('-');
    if trimmed.is_empty() {
        "map".into()
    } else {
        wayline_model::schema::text_head(trimmed, 80).to_owned()
    }
}

pub fn export_map(
    store: &Store,
    map_id: &str,
    format: &str,
    paper: Option<&str>,
    now_seconds: i64,
) -> Result<Export, HostError> {
    let summary = store.map_summary(map_id)?;
    let doc = store.load_map(map_id)?.doc;
    let view = doc.view();
    let language = Locale::parse(&view.locale).unwrap_or(Locale::En);
    let stem = file_stem(&view.title);
    match format {
        "pdf" => {
            let paper_name = paper.unwrap_or("a4-landscape");
            let paper = Paper::parse(paper_name).ok_or_else(|| {
                HostError::BadRequest(format!(
                    "unknown paper {paper_name:?}; use one of {}",
                    Paper::names()
                ))
            })?;
            let project = store.project(&summary.project_id)?;
            let persona = view.persona_id.as_deref().and_then(|id| {
                store
                    .personas(&summary.project_id)
                    .ok()?
                    .into_iter()
                    .find(|p| p.id == id)
                    .map(|p| {
                        if p.role.is_empty() {
                            p.name
                        } else {
                            wayline_report::with_note(language, &p.name, &p.role)
                        }
                    })
            });
            let info = ReportInfo {
                project: project.name,
                persona,
                participants: ReportInfo::participants_of(&view),
                date: iso_date(now_seconds),
                created_at: now_seconds,
                language,
                language_name: match language {
                    Locale::En => "English".into(),
                    Locale::ZhCn => "简体中文".into(),
                    Locale::ZhTw => "繁體中文".into(),
                },
                author: "Wayline".into(),
                // A version whose history cannot be read leaves the section out, not the report.
                since: doc.changes_since_newest_version(&view).unwrap_or_else(|e| {
                    tracing::warn!(error = %e, "the changes since the newest version are left out");
                    None
                }),
            };
            let bytes =
                render_pdf(&view, &info, paper).map_err(|e| HostError::Internal(e.to_string()))?;
            Ok(Export {
                bytes,
                media_type: "application/pdf",
                file_name: format!("{stem}.pdf"),
            })
        }
        "csv" => {
            let bytes =
                cards_csv(&view, language).map_err(|e| HostError::Internal(e.to_string()))?;
            Ok(Export {
                bytes,
                media_type: "text/csv; charset=utf-8",
                file_name: format!("{stem}.csv"),
            })
        }
        "metrics-csv" => {
            let bytes =
                metrics_csv(&view, language).map_err(|e| HostError::Internal(e.to_string()))?;
            Ok(Export {
                bytes,
                media_type: "text/csv; charset=utf-8",
                file_name: format!("{stem}-metrics.csv"),
            })
        }
        "svg" => {
            let svg = map_svg(&view, language).map_err(|e| HostError::Internal(e.to_string()))?;
            Ok(Export {
                bytes: svg.into_bytes(),
                media_type: "image/svg+xml",
                file_name: format!("{stem}.svg"),
            })
        }
        "png" => {
            let bytes = map_png(&view, language).map_err(|e| HostError::Internal(e.to_string()))?;
            Ok(Export {
                bytes,
                media_type: "image/png",
                file_name: format!("{stem}.png"),
            })
        }
        "actions-csv" => {
            let bytes =
                actions_csv(&view, language).map_err(|e| HostError::Internal(e.to_string()))?;
            Ok(Export {
                bytes,
                media_type: "text/csv; charset=utf-8",
                file_name: format!("{stem}-actions.csv"),
            })
        }
        "ics" => Ok(Export {
            bytes: actions_ics(&view, language, now_seconds),
            media_type: "text/calendar; charset=utf-8",
            file_name: format!("{stem}-actions.ics"),
        }),
        other => Err(HostError::BadRequest(format!(
            "unknown export format {other:?}; use one of {}",
            FORMATS.join(", ")
        ))),
    }
}

/// Every project of `store` as a `.wayline` bundle in `out` (created if missing), never
/// overwriting a file: a name already there gets ` (2)`, ` (3)`… Each file is written under a
/// temporary name, synced, then renamed. Returns the files written.
pub fn export_all(
    store: &Store,
    out: &std::path::Path,
) -> Result<Vec<std::path::PathBuf>, HostError> {
    let io = |path: &std::path::Path| {
        let path = path.to_owned();
        move |e: std::io::Error| {
            HostError::Internal(format!("cannot write {}: {e}", path.display()))
        }
    };
    std::fs::create_dir_all(out).map_err(io(out))?;
    let mut written = Vec::new();
    for project in store.list_projects()? {
        let bytes = store.export_bundle(&project.id)?;
        let stem = file_stem(&project.name);
        let mut path = out.join(format!("{stem}.wayline"));
        let mut n = 1;
        while path.exists() {
            n += 1;
            path = out.join(format!("{stem} ({n}).wayline"));
        }
        let tmp = path.with_extension("part");
        std::fs::write(&tmp, &bytes)
            .and_then(|()| std::fs::File::open(&tmp)?.sync_all())
            .and_then(|()| std::fs::rename(&tmp, &path))
            .map_err(io(&path))?;
        written.push(path);
    }
    Ok(written)
}
