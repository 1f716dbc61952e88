//! Request and answer types of the HTTP API, declared once here and generated to TypeScript
//! (`ui/src/wire/`) by ts-rs. Catalog types live in `wayline-store`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub mod brainstorm;
pub mod workshop;

pub use brainstorm::{
    BrainstormIdea, BrainstormOverview, BrainstormStarted, IdeaSaved, IdeasRevealed, PutIdea,
    RevealIdeas, StartBrainstorm,
};
pub use wayline_store::{
    BackupContents, BackupInfo, MapSummary, Persona, PersonaFields, ProjectSummary, RecoveryChoice,
    RecoveryOptions, RecoveryOutcome, Settings, TrashedMap, TrashedProject,
};
pub use workshop::{
    AnnouncedWorkshop, Invitation, JoinWorkshop, NetworkInterface, OpenInvitation, ParticipantInfo,
    ParticipantSession, RedeemCode, Role, RoomAccess, SetRole, StartWorkshop, UpdateWorkshop,
    WorkshopStatus,
};

pub use wayline_model::changes::{
    ActionChange, CardChange, EmotionChange, MapChanges, MetricChange,
};

pub use crate::diagnostics::Diagnostics;

/// Every error crosses the boundary in this shape; `code` is stable, `message` is for people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SessionInfo {
    pub version: String,
    pub data_dir: String,
    /// The address (with its token) that opens this host's UI in a browser.
    pub browser_url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CreateProject {
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CreateMap {
    pub template: String,
    pub locale: String,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RenameMap {
    pub title: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TemplateInfo {
    pub id: String,
    pub locales: Vec<String>,
}

/// Writes every wire type's TypeScript declaration into `dir` (one file per type).
pub fn export_typescript(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    for (name, text) in typescript_files()? {
        let path = dir.join(name);
        std::fs::write(&path, text)?;
    }
    Ok(())
}

/// The limits the host enforces, as TypeScript constants, so the UI can say so before it sends
/// an edit the host would refuse.
fn limits_file() -> (String, String) {
    use wayline_model::schema;
    let limits = [
        ("SCHEMA_VERSION", schema::SCHEMA_VERSION as usize),
        ("MAX_TITLE_CHARS", schema::MAX_TITLE_CHARS),
        ("MAX_CARD_TEXT_CHARS", schema::MAX_CARD_TEXT_CHARS),
        (
            "MAX_STAGE_DESCRIPTION_CHARS",
            schema::MAX_STAGE_DESCRIPTION_CHARS,
        ),
        ("MAX_CHANNEL_NAME_CHARS", schema::MAX_CHANNEL_NAME_CHARS),
        ("MAX_TAG_CHARS", schema::MAX_TAG_CHARS),
        ("MAX_METRIC_UNIT_CHARS", schema::MAX_METRIC_UNIT_CHARS),
        ("MAX_META_TEXT_CHARS", schema::MAX_META_TEXT_CHARS),
        ("MAX_ACTIONS_PER_MAP", schema::MAX_ACTIONS_PER_MAP),
        ("MAX_ACTION_CARDS", schema::MAX_ACTION_CARDS),
        (
            "MAX_METRIC_HISTORY_ENTRIES",
            schema::MAX_METRIC_HISTORY_ENTRIES,
        ),
        ("MAX_PERSON_NAME_CHARS", schema::MAX_PERSON_NAME_CHARS),
        ("MAX_VERSIONS_PER_MAP", schema::MAX_VERSIONS_PER_MAP),
        ("MAX_VERSION_NAME_CHARS", schema::MAX_VERSION_NAME_CHARS),
        (
            "MAX_PARKING_ITEMS_PER_MAP",
            schema::MAX_PARKING_ITEMS_PER_MAP,
        ),
        ("MAX_PARKING_TEXT_CHARS", schema::MAX_PARKING_TEXT_CHARS),
        ("MAX_TIMER_MINUTES", schema::MAX_TIMER_MINUTES),
        ("MAX_TIMER_LABEL_CHARS", schema::MAX_TIMER_LABEL_CHARS),
        ("MAX_AGENDA_SECTIONS", schema::MAX_AGENDA_SECTIONS),
        (
            "MAX_AGENDA_SECTION_ID_CHARS",
            schema::MAX_AGENDA_SECTION_ID_CHARS,
        ),
        ("MAX_VOTES_PER_PERSON", schema::MAX_VOTES_PER_PERSON),
        ("MAX_VOTING_LABEL_CHARS", schema::MAX_VOTING_LABEL_CHARS),
        (
            "MAX_BRAINSTORM_PROMPT_CHARS",
            schema::MAX_BRAINSTORM_PROMPT_CHARS,
        ),
        ("MAX_IDEA_CHARS", schema::MAX_IDEA_CHARS),
        ("MAX_IDEAS_PER_PERSON", schema::MAX_IDEAS_PER_PERSON),
        (
            "LATE_DOTS_MS",
            wayline_model::workshop_voting::LATE_DOTS_MS.unsigned_abs() as usize,
        ),
        (
            "MAX_PARTICIPANT_NAME_CHARS",
            wayline_model::participants::MAX_PARTICIPANT_NAME_CHARS,
        ),
        (
            "MAX_PARTICIPANTS",
            wayline_model::participants::MAX_PARTICIPANTS,
        ),
        (
            "MAX_PROJECT_NAME_CHARS",
            wayline_store::MAX_PROJECT_NAME_CHARS,
        ),
        (
            "MAX_PERSONA_FIELD_CHARS",
            wayline_store::MAX_PERSONA_FIELD_CHARS,
        ),
        ("MAX_CARDS_PER_MAP", schema::MAX_CARDS_PER_MAP),
        ("MAX_STAGES_PER_MAP", schema::MAX_STAGES_PER_MAP),
        ("MAX_LANES_PER_MAP", schema::MAX_LANES_PER_MAP),
        ("MAX_DOCUMENT_BYTES", schema::MAX_DOCUMENT_BYTES),
        ("MAX_PICTURE_BYTES", wayline_store::MAX_PICTURE_BYTES),
        ("MAX_PICTURE_SIDE", wayline_store::MAX_PICTURE_SIDE),
    ];
    let mut text = String::from(
        "// Generated from the Rust declarations (crates/model/src/schema.rs, crates/store) by \
         `make wire`. Do not edit.\n",
    );
    for (name, value) in limits {
        text.push_str(&format!("export const {name} = {value};\n"));
    }
    ("limits.ts".into(), text)
}

/// The colours participants are shown in, in the order the join page offers them.
fn palette_file() -> (String, String) {
    let mut text = String::from(
        "// Generated from the Rust declaration (crates/model/src/participants.rs, PALETTE) by \
         `make wire`. Do not edit.\nexport const PALETTE = [\n",
    );
    for (id, hex) in wayline_model::participants::PALETTE {
        text.push_str(&format!("  {{ id: \"{id}\", hex: \"{hex}\" }},\n"));
    }
    text.push_str("] as const;\n");
    ("palette.ts".into(), text)
}

/// Every code a `{code, message}` answer can carry: the UI's catalogs have a sentence for each
/// (`error.code.<code>`, or `catalog.import.problem.<code>` for a refused bundle).
fn error_codes_file() -> (String, String) {
    let mut text = String::from(
        "// Generated from the Rust declarations (crates/host/src/error.rs, refusal.rs, crates/store) \
         by `make wire`. Do not edit.\nexport const ERROR_CODES = [\n",
    );
    for code in crate::HostError::all_codes() {
        text.push_str(&format!("  \"{code}\",\n"));
    }
    text.push_str("] as const;\nexport type ErrorCode = (typeof ERROR_CODES)[number];\n");
    // The reasons a map's room is closed because the map is gone (the page says so).
    text.push_str("export const MAP_GONE_CODES = [\n");
    for code in crate::refusal::eviction::ALL {
        text.push_str(&format!("  \"{code}\",\n"));
    }
    text.push_str("] as const;\n");
    ("errorCodes.ts".into(), text)
}

/// The generated TypeScript files as `(file name, contents)`.
pub fn typescript_files() -> Result<Vec<(String, String)>, ts_rs::ExportError> {
    let mut files = typescript_types()?;
    files.push(limits_file());
    files.push(palette_file());
    files.push(error_codes_file());
    files.push(crate::wire_schema::schema_file());
    Ok(files)
}

fn typescript_types() -> Result<Vec<(String, String)>, ts_rs::ExportError> {
    macro_rules! files {
        ($($t:ty),+) => {
            vec![$((format!("{}.ts", <$t as TS>::name()), <$t as TS>::export_to_string()?)),+]
        };
    }
    Ok(files!(
        ApiError,
        SessionInfo,
        CreateProject,
        CreateMap,
        TemplateInfo,
        MapSummary,
        ProjectSummary,
        Settings,
        RenameMap,
        TrashedMap,
        TrashedProject,
        BackupInfo,
        BackupContents,
        RecoveryChoice,
        RecoveryOptions,
        RecoveryOutcome,
        Diagnostics,
        Persona,
        PersonaFields,
        Role,
        NetworkInterface,
        StartWorkshop,
        UpdateWorkshop,
        SetRole,
        ParticipantInfo,
        WorkshopStatus,
        RedeemCode,
        Invitation,
        OpenInvitation,
        JoinWorkshop,
        ParticipantSession,
        RoomAccess,
        AnnouncedWorkshop,
        MapChanges,
        CardChange,
        EmotionChange,
        MetricChange,
        ActionChange,
        BrainstormIdea,
        BrainstormOverview,
        PutIdea,
        IdeaSaved,
        RevealIdeas,
        IdeasRevealed,
        StartBrainstorm,
        BrainstormStarted
    ))
}
