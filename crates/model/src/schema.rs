//! Names and enumerations of the map document layout, shared by every reader and writer.
//! The TypeScript mirror is `ui/src/doc/schema.ts`; keep the two in step.

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

/// Longest card text the model accepts, in characters.
pub const MAX_CARD_TEXT_CHARS: usize = 10_000;
/// Longest title (map, stage, lane), in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Most cards one map holds (the board stays usable and the report printable well below it).
pub const MAX_CARDS_PER_MAP: usize = 10_000;
/// Most stages and most lanes one map holds.
pub const MAX_STAGES_PER_MAP: usize = 60;
pub const MAX_LANES_PER_MAP: usize = 60;
/// Largest stored document (snapshot and updates, history included). Far above any real
/// workshop map (a 2,000-card map with its history is a few MB); it bounds what one client can
/// make the host keep, replay and send to every joiner.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

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
    /// The service-blueprint line drawn above a lane.
    Separator { None => "none", Interaction => "interaction", Visibility => "visibility", Internal => "internal" }
);

/// Card colours are palette keys so that each theme can draw them readably.
pub const CARD_COLORS: &[&str] = &[
    "yellow", "orange", "pink", "purple", "blue", "teal", "green", "gray",
];
