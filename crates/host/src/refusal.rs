//! The requests the host turns down for a reason a person can act on: a full workshop, an idea
//! someone else wrote, an address that is only this computer. Each has its own stable code, so
//! that the page says it in the person's language (`error.code.<code>` in the UI's catalogs,
//! checked against `ui/src/wire/errorCodes.ts`, which is generated from [`Refusal::ALL`]) rather
//! than showing the host's English sentence.

use axum::http::StatusCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The brainstorm asked about is over: a new one has started, or none is running.
    BrainstormOver,
    /// The idea belongs to another participant.
    IdeaNotYours,
    /// The idea is on the board already.
    IdeaRevealed,
    /// One person's ideas in a round are at their limit.
    TooManyIdeas,
    /// The round named is not the map's round any more.
    NoBrainstorm,
    /// The workshop holds as many participants as it takes.
    WorkshopFull,
    /// The participant id a browser brought belongs to someone else.
    ParticipantTaken,
    /// The participant may not edit the map now (a viewer, or the map is locked).
    MayNotEdit,
    /// Only the facilitator does that.
    FacilitatorOnly,
    /// The participant's invitation opens another map.
    OtherMap,
    /// Another map's workshop is running.
    WorkshopElsewhere,
    /// A participant's display name is empty, too long or holds control characters.
    NameLength,
    /// The address chosen for the workshop is this computer's loopback.
    AddressLoopback,
    /// The address chosen for the workshop is not one interface's (unspecified, multicast).
    AddressNotOne,
    /// The host holds as many connections as it takes, from everyone or from this device; it
    /// takes new ones as others close.
    TooManyConnections,
}

impl Refusal {
    pub const ALL: [Refusal; 15] = [
        Refusal::BrainstormOver,
        Refusal::IdeaNotYours,
        Refusal::IdeaRevealed,
        Refusal::TooManyIdeas,
        Refusal::NoBrainstorm,
        Refusal::WorkshopFull,
        Refusal::ParticipantTaken,
        Refusal::MayNotEdit,
        Refusal::FacilitatorOnly,
        Refusal::OtherMap,
        Refusal::WorkshopElsewhere,
        Refusal::NameLength,
        Refusal::AddressLoopback,
        Refusal::AddressNotOne,
        Refusal::TooManyConnections,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Refusal::BrainstormOver => "brainstorm_over",
            Refusal::IdeaNotYours => "idea_not_yours",
            Refusal::IdeaRevealed => "idea_revealed",
            Refusal::TooManyIdeas => "too_many_ideas",
            Refusal::NoBrainstorm => "no_brainstorm",
            Refusal::WorkshopFull => "workshop_full",
            Refusal::ParticipantTaken => "participant_taken",
            Refusal::MayNotEdit => "may_not_edit",
            Refusal::FacilitatorOnly => "facilitator_only",
            Refusal::OtherMap => "other_map",
            Refusal::WorkshopElsewhere => "workshop_elsewhere",
            Refusal::NameLength => "name_length",
            Refusal::AddressLoopback => "address_loopback",
            Refusal::AddressNotOne => "address_not_one",
            Refusal::TooManyConnections => "too_many_connections",
        }
    }

    pub fn status(self) -> StatusCode {
        match self {
            Refusal::BrainstormOver
            | Refusal::IdeaNotYours
            | Refusal::IdeaRevealed
            | Refusal::TooManyIdeas
            | Refusal::NoBrainstorm
            | Refusal::WorkshopElsewhere => StatusCode::CONFLICT,
            Refusal::WorkshopFull
            | Refusal::ParticipantTaken
            | Refusal::MayNotEdit
            | Refusal::FacilitatorOnly
            | Refusal::OtherMap => StatusCode::FORBIDDEN,
            Refusal::NameLength | Refusal::AddressLoopback | Refusal::AddressNotOne => {
                StatusCode::BAD_REQUEST
            }
            Refusal::TooManyConnections => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

/// Why a map's room was closed under its participants (`Rooms::evict`): the code the page words,
/// the map being gone in each case.
pub mod eviction {
    pub const MAP_TRASHED: &str = "map_trashed";
    pub const MAP_DELETED: &str = "map_deleted";
    pub const PROJECT_TRASHED: &str = "project_trashed";
    pub const PROJECT_DELETED: &str = "project_deleted";
    pub const ALL: [&str; 4] = [MAP_TRASHED, MAP_DELETED, PROJECT_TRASHED, PROJECT_DELETED];
}
