//! Names and enumerations of the map document layout, shared by every reader and writer.
//! Declared once here: the UI's lists and limits (`ui/src/wire/schema.ts`, `ui/src/wire/limits.ts`)
//! are generated from them by `make wire`, and a test fails when the generated files are stale.

use serde::{Deserialize, Serialize};

/// Bumped on every change of the layout; each bump needs a tested upgrade.
/// 2: emotion ratings and votes are keyed by participant id; `participants` names them.
/// 3: emotion ratings and channel chips are keyed by stage *and lane*, metrics name their lane.
pub const SCHEMA_VERSION: i64 = 3;

pub const META: &str = "meta";
pub const STAGES: &str = "stages";
pub const LANES: &str = "lanes";
pub const CARDS: &str = "cards";
pub const EMOTIONS: &str = "emotions";
pub const CHANNELS: &str = "channels";
pub const METRICS: &str = "metrics";
pub const VOTES: &str = "votes";
pub const PARKING: &str = "parking";
/// Participant id → `{name, color}`: who the ids in `emotions` and `votes` are. Maps of schema 1
/// keyed those by display name; the upgrade registers each such name as its own id.
pub const PARTICIPANTS: &str = "participants";
/// The action plan: action id → `{title, team, owner, status, due, metric, effect, cards, …}`.
/// Added within schema 3: older readers ignore the container and keep it untouched.
pub const ACTIONS: &str = "actions";
/// Metrics' dated values: `metric_id:YYYY-MM-DD:actual|expected` → number. Added within
/// schema 3 like `actions`.
pub const METRIC_HISTORY: &str = "metric_history";
/// Saved versions of the map: version id → `{name, frontiers, author, created_at, example}`.
pub const VERSIONS: &str = "versions";
/// The facilitator's workshop tools: `timer` → `{duration_ms, ends_at, remaining_ms, label}`
/// (`workshop_timer.rs`), `voting` (`workshop_voting.rs`), `agenda` (`workshop_agenda.rs`). Only
/// the facilitator writes it; the host refuses anyone else's write. Added within schema 3 like
/// `actions`.
pub const WORKSHOP: &str = "workshop";

/// Built-in channel ids; custom channels are `custom:<name>`.
pub const CHANNEL_IDS: &[&str] = &[
    "ads",
    "website",
    "store",
    "phone",
    "email",
    "chat",
    "social",
    "knowledge_base",
    "faq",
    "tutorials",
    "chatbot_ivr",
    "community_forum",
];

/// What a cards lane holds (its role): the board's label and the report's grouping follow it.
pub const CARD_ROLES: &[&str] = &[
    "actions",
    "thoughts",
    "touchpoints",
    "pain_points",
    "opportunities",
    "ideas",
    "frontstage",
    "backstage",
    "support",
    "evidence",
];

/// The built-in teams (departments) a lane or card belongs to; any other name is a custom team.
pub const TEAMS: &[&str] = &["marketing", "sales", "service"];

/// The emotion scale: from very negative to very positive.
pub const EMOTION_MIN: i64 = -2;
pub const EMOTION_MAX: i64 = 2;

/// The root containers of a map document.
pub const ROOTS: &[&str] = &[
    META,
    STAGES,
    LANES,
    CARDS,
    EMOTIONS,
    CHANNELS,
    METRICS,
    VOTES,
    PARKING,
    PARTICIPANTS,
    ACTIONS,
    METRIC_HISTORY,
    VERSIONS,
    WORKSHOP,
];

/// Longest card text the model accepts, in characters.
pub const MAX_CARD_TEXT_CHARS: usize = 10_000;
/// Longest title (map, stage, lane), in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest stage description, custom channel name, card tag and metric unit, in characters.
pub const MAX_STAGE_DESCRIPTION_CHARS: usize = 2_000;
pub const MAX_CHANNEL_NAME_CHARS: usize = 60;
pub const MAX_TAG_CHARS: usize = 60;
pub const MAX_METRIC_UNIT_CHARS: usize = 20;
/// Longest scenario or expectations text of a map (as long as a card may be).
pub const MAX_META_TEXT_CHARS: usize = MAX_CARD_TEXT_CHARS;
/// Most cards one map holds (the board stays usable and the report printable well below it).
pub const MAX_CARDS_PER_MAP: usize = 10_000;
/// Most stages and most lanes one map holds.
pub const MAX_STAGES_PER_MAP: usize = 60;
pub const MAX_LANES_PER_MAP: usize = 60;
/// Most actions one map's plan holds, and most cards one action answers.
pub const MAX_ACTIONS_PER_MAP: usize = 1_000;
pub const MAX_ACTION_CARDS: usize = 50;
/// Most dated metric values one map keeps (years of monthly values for every tile).
pub const MAX_METRIC_HISTORY_ENTRIES: usize = 20_000;
/// Longest person's or custom team's name (an action's owner and team), in characters.
pub const MAX_PERSON_NAME_CHARS: usize = 80;
/// Saved versions a map keeps (each is a name and a point in the history, a few bytes).
pub const MAX_VERSIONS_PER_MAP: usize = 200;
pub const MAX_VERSION_NAME_CHARS: usize = 80;
/// Most topics one map's parking lot holds, and the longest one, in characters.
pub const MAX_PARKING_ITEMS_PER_MAP: usize = 500;
pub const MAX_PARKING_TEXT_CHARS: usize = 2_000;
/// Longest workshop timer, in minutes, and longest label it shows.
pub const MAX_TIMER_MINUTES: usize = 240;
pub const MAX_TIMER_LABEL_CHARS: usize = 80;
/// Most sections a workshop's agenda holds, and the longest id a section may have.
pub const MAX_AGENDA_SECTIONS: usize = 30;
pub const MAX_AGENDA_SECTION_ID_CHARS: usize = 40;
/// Most dots one person has in a voting round, and the longest label a round shows.
pub const MAX_VOTES_PER_PERSON: usize = 20;
pub const MAX_VOTING_LABEL_CHARS: usize = 80;
/// Longest id of a stage or lane another value names (they are short random ones).
pub const MAX_ENTRY_ID_CHARS: usize = 64;
/// A brainstorm's question, the longest idea one person writes in it (a sticky note, not a
/// report), and the most ideas one person keeps in one round.
pub const MAX_BRAINSTORM_PROMPT_CHARS: usize = 80;
pub const MAX_IDEA_CHARS: usize = 1_000;
pub const MAX_IDEAS_PER_PERSON: usize = 50;
/// Largest stored document (snapshot and updates, history included). Far above any real
/// workshop map (a 2,000-card map with its history is a few MB); it bounds what one client can
/// make the host keep, replay and send to every joiner.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// Whether `id` is an id a screen made (a voting round's, an idea's, a participant's): `min` to
/// `max` ASCII letters, digits, `-` and `_`, so it never holds a key separator.
pub fn is_plain_id(id: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A text's length as every limit counts it: in Unicode scalar values, so that 𠮷 or 👍 is one
/// character like 客 (the UI counts the same way: `ui/src/doc/textLength.ts`,
/// `tests/vectors/text_length.json`).
pub fn text_length(text: &str) -> usize {
    text.chars().count()
}

/// The longest start of `text` within `max` characters, never splitting one.
pub fn text_head(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(
    /// The language a map (and its template content) is written in.
    Locale { En => "en", ZhCn => "zh-CN", ZhTw => "zh-TW" }
);
string_enum!(
    /// What a lane holds and how it is drawn.
    LaneKind { Cards => "cards", Channels => "channels", Emotion => "emotion", Metrics => "metrics", Department => "department" }
);
string_enum!(
    /// Whether a stage comes before or after the purchase.
    Phase { PreSale => "pre_sale", PostSale => "post_sale" }
);
string_enum!(
    /// How well a card is backed by evidence.
    Confidence { Assumption => "assumption", Partial => "partial", Backed => "backed" }
);
string_enum!(
    /// Where an action stands, from a first idea to done (or dropped).
    ActionStatus { Idea => "idea", Planned => "planned", InProgress => "in_progress", Done => "done", Dropped => "dropped" }
);
string_enum!(
    /// The service-blueprint line drawn above a lane.
    Separator { None => "none", Interaction => "interaction", Visibility => "visibility", Internal => "internal" }
);

/// Card colours are palette keys so that each theme can draw them readably.
pub const CARD_COLORS: &[&str] = &[
    "yellow", "orange", "pink", "purple", "blue", "teal", "green", "gray",
];
