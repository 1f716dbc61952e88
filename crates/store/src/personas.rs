//! Personas of a project: who the journey is about. Pictures live in the data file so a project
//! never depends on paths elsewhere on disk.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::touched;
use crate::{now_ms, Store, StoreError};

/// Largest persona picture accepted, in bytes.
pub const MAX_PICTURE_BYTES: usize = 2 * 1024 * 1024;
/// Longest side of a stored picture, in pixels. The UI scales pictures down to 1,024 pixels
/// before sending; anything larger came from elsewhere and would cost every viewer memory to
/// decode (a 2 MB PNG can declare 30,000 × 30,000 pixels).
pub const MAX_PICTURE_SIDE: usize = 4096;
pub const MAX_FIELD_CHARS: usize = 5_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Persona {
    pub id: String,
    pub project_id: String,
    pub name: String,
    pub role: String,
    pub goals: String,
    pub frustrations: String,
    pub quote: String,
    pub has_picture: bool,
    #[ts(type = "number")]
    pub updated_at: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct PersonaFields {
    pub name: String,
    pub role: String,
    pub goals: String,
    pub frustrations: String,
    pub quote: String,
}

impl PersonaFields {
    fn checked(&self) -> Result<PersonaFields, StoreError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a persona needs a name".into()));
        }
        let fields = [
            &self.name,
            &self.role,
            &self.goals,
            &self.frustrations,
            &self.quote,
        ];
        if fields
            .iter()
            .any(|f| wayline_model::schema::text_length(f) > MAX_FIELD_CHARS)
        {
            return Err(StoreError::Invalid(format!(
                "a persona field can hold at most {MAX_FIELD_CHARS} characters"
            )));
        }
        Ok(PersonaFields {
            name: name.to_owned(),
            ..self.clone()
        })
    }
}

/// Checks a picture before it is stored: size in bytes, type and pixel size. Returns its type.
pub(crate) fn check_picture(bytes: &[u8]) -> Result<&'static str, StoreError> {
    if bytes.len() > MAX_PICTURE_BYTES {
        return Err(StoreError::Invalid(
            "a persona picture can be at most 2 MB".into(),
        ));
    }
    let kind = picture_type(bytes).ok_or_else(|| {
        StoreError::Invalid("a persona picture must be a PNG, JPEG or WebP image".into())
    })?;
    let size = imagesize::blob_size(bytes)
        .map_err(|_| StoreError::Invalid("the persona picture could not be read".into()))?;
    if size.width == 0 || size.height == 0 {
        return Err(StoreError::Invalid(
            "the persona picture has no pixels".into(),
        ));
    }
    if size.width > MAX_PICTURE_SIDE || size.height > MAX_PICTURE_SIDE {
        return Err(StoreError::Invalid(format!(
            "a persona picture can be at most {MAX_PICTURE_SIDE} × {MAX_PICTURE_SIDE} pixels \
             (this one is {} × {})",
            size.width, size.height
        )));
    }
    Ok(kind)
}

/// The image type of `bytes`, judged by its signature, if it is one Wayline accepts.
pub fn picture_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

const COLUMNS: &str =
    "id, project_id, name, role, goals, frustrations, quote, picture IS NOT NULL, updated_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Persona> {
    Ok(Persona {
        id: r.get(0)?,
        project_id: r.get(1)?,
        name: r.get(2)?,
        role: r.get(3)?,
        goals: r.get(4)?,
        frustrations: r.get(5)?,
        quote: r.get(6)?,
        has_picture: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

fn persona_of(conn: &Connection, id: &str) -> Result<Persona, StoreError> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM personas WHERE id = ?1"),
        [id],
        row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound {
        what: "persona",
        id: id.to_owned(),
    })
}

impl Store {
    pub fn personas(&self, project_id: &str) -> Result<Vec<Persona>, StoreError> {
        self.project(project_id)?;
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM personas WHERE project_id = ?1 ORDER BY created_at, id"
            ))?;
            let rows = stmt.query_map([project_id], row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    pub fn create_persona(
        &self,
        project_id: &str,
        fields: &PersonaFields,
    ) -> Result<Persona, StoreError> {
        let f = fields.checked()?;
        self.project(project_id)?;
        let id = uuid::Uuid::new_v4().simple().to_string();
        let now = now_ms();
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO personas (id, project_id, name, role, goals, frustrations, quote, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![id, project_id, f.name, f.role, f.goals, f.frustrations, f.quote, now],
            )?;
            persona_of(tx, &id)
        })
    }

    pub fn update_persona(&self, id: &str, fields: &PersonaFields) -> Result<Persona, StoreError> {
        let f = fields.checked()?;
        self.with_tx(|tx| {
            let changed = tx.execute(
                "UPDATE personas SET name = ?2, role = ?3, goals = ?4, frustrations = ?5, quote = ?6,
                        updated_at = ?7 WHERE id = ?1",
                params![id, f.name, f.role, f.goals, f.frustrations, f.quote, now_ms()],
            )?;
            touched(changed, "persona", id)?;
            persona_of(tx, id)
        })
    }

    pub fn delete_persona(&self, id: &str) -> Result<(), StoreError> {
        self.with_tx(|tx| {
            touched(
                tx.execute("DELETE FROM personas WHERE id = ?1", [id])?,
                "persona",
                id,
            )
        })
    }

    /// Stores a picture (PNG, JPEG or WebP, at most 2 MB and 4,096 pixels a side); `None`
    /// removes it.
    pub fn set_persona_picture(
        &self,
        id: &str,
        bytes: Option<&[u8]>,
    ) -> Result<Persona, StoreError> {
        let kind = bytes.map(check_picture).transpose()?;
        self.with_tx(|tx| {
            let changed = tx.execute(
                "UPDATE personas SET picture = ?2, picture_type = ?3, updated_at = ?4 WHERE id = ?1",
                params![id, bytes, kind, now_ms()],
            )?;
            touched(changed, "persona", id)?;
            persona_of(tx, id)
        })
    }

    /// The picture and its media type.
    pub fn persona_picture(&self, id: &str) -> Result<(Vec<u8>, String), StoreError> {
        self.read(|conn| {
            let found: Option<(Option<Vec<u8>>, Option<String>)> = conn
                .query_row(
                    "SELECT picture, picture_type FROM personas WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match found {
                Some((Some(bytes), Some(kind))) => Ok((bytes, kind)),
                _ => Err(StoreError::NotFound {
                    what: "persona picture",
                    id: id.to_owned(),
                }),
            }
        })
    }
}
