//! Request and answer types of the workshop API (facilitator and participant sides), generated
//! to TypeScript with the rest of the wire types.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
pub use wayline_store::Role;

/// A network interface the facilitator can host a workshop on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NetworkInterface {
    /// The operating system's name for it (`wlan0`, `en0`, `Wi-Fi`).
    pub name: String,
    pub address: String,
    pub loopback: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StartWorkshop {
    pub map_id: String,
    /// One of the addresses from the interface list (or, in tests, a loopback address).
    pub address: String,
    pub default_role: Role,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct UpdateWorkshop {
    #[ts(optional)]
    pub default_role: Option<Role>,
    #[ts(optional)]
    pub locked: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetRole {
    pub role: Role,
}

/// A participant as the facilitator sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ParticipantInfo {
    pub id: String,
    pub name: String,
    pub color: String,
    pub role: Role,
    pub revoked: bool,
    /// Has at least one open connection right now.
    pub online: bool,
    #[ts(type = "number")]
    pub joined_at: i64,
}

/// The running workshop, for the facilitator's panel.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct WorkshopStatus {
    pub id: String,
    pub map_id: String,
    pub map_title: String,
    pub address: String,
    pub port: u16,
    /// Whether participants can reach the host now (false when the address is gone).
    pub listening: bool,
    /// Why the host cannot listen, in words for the facilitator.
    pub listen_error: Option<String>,
    /// The link (and QR code) that lets someone join: carries the invitation token.
    pub join_url: String,
    /// The page where someone types the short code instead.
    pub code_url: String,
    /// Six characters, shown as `ABC-DEF`; exchanged for the invitation at the join page.
    pub short_code: String,
    /// The join link as an SVG QR code.
    pub qr_svg: String,
    pub default_role: Role,
    pub locked: bool,
    pub participants: Vec<ParticipantInfo>,
}

/// The short code typed at the join page.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RedeemCode {
    pub code: String,
    /// The asking browser's participant id: the colour suggested to it is held for it.
    #[serde(default)]
    #[ts(optional)]
    pub participant_id: Option<String>,
}

/// What the join page is told before someone joins (by the code exchange or for a link's invite).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Invitation {
    pub invite: String,
    pub map_title: String,
    /// The colours of the people on the map now (lower-case `#rrggbb`), shown as worn.
    pub colors_in_use: Vec<String>,
    /// The colour to start this person on: one that nobody on the map wears, no participant of
    /// the workshop chose and no one else joining at the same time was offered, while the palette
    /// has such a colour (then the least used).
    pub suggested_color: String,
}

/// Asks for the invitation of a link's invite token.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OpenInvitation {
    pub invite: String,
    /// The asking browser's participant id: the colour suggested to it is held for it.
    #[serde(default)]
    #[ts(optional)]
    pub participant_id: Option<String>,
}

/// A participant joining (or coming back, with the token they were given).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct JoinWorkshop {
    pub invite: String,
    /// Random, made and kept by the participant's browser or app.
    pub participant_id: String,
    pub name: String,
    pub color: String,
    /// The token this participant was given before, when they come back.
    #[ts(optional)]
    pub participant_token: Option<String>,
}

/// What a participant needs to open the workshop's map.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ParticipantSession {
    pub participant_id: String,
    pub participant_token: String,
    pub name: String,
    pub color: String,
    pub role: Role,
    pub map_id: String,
    pub map_title: String,
    pub locked: bool,
}

/// What the host tells a client that joins a map room (in the join answer's `extra` field):
/// its role and whether the map is locked, so the UI can say why it cannot edit; and the host's
/// clock when it answered, which the workshop timer's times are written in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RoomAccess {
    pub role: Role,
    pub locked: bool,
    pub can_edit: bool,
    /// Milliseconds since the Unix epoch on the host's clock, as the join answer was made (0
    /// until then).
    #[serde(default)]
    #[ts(type = "number")]
    pub now_ms: i64,
}

/// A workshop found on the local network (DNS-SD); never carries a token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AnnouncedWorkshop {
    pub name: String,
    pub address: String,
    pub port: u16,
    pub code_url: String,
}
