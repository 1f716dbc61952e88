//! Request and answer types of the anonymous brainstorm's routes (facilitator and participant
//! sides alike), generated to TypeScript with the rest of the wire types.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One of the asker's own ideas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BrainstormIdea {
    pub id: String,
    /// The stage the writer meant it for.
    pub stage: String,
    pub text: String,
}

/// The map's brainstorm as the asker may see it: their own ideas of the round and how many ideas
/// (by how many people) are waiting for the reveal; nobody else's idea, nor who wrote which.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BrainstormOverview {
    /// The map's round, if one was ever started.
    #[ts(type = "number | null")]
    pub round: Option<i64>,
    pub mine: Vec<BrainstormIdea>,
    /// Ideas of the round not yet on the board, and the people who wrote them.
    pub waiting: u32,
    pub writers: u32,
}

/// Writes one idea (its id in the address, made by the writer's screen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PutIdea {
    /// The round it was written in: it must be the map's round (revealed or not).
    #[ts(type = "number")]
    pub round: i64,
    pub stage: String,
    pub text: String,
}

/// What became of an idea that was written (stored, hidden).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IdeaSaved {
    /// True when its round had been revealed already: it waits for the facilitator to reveal the
    /// late ideas, all together.
    pub revealed_already: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RevealIdeas {
    #[ts(type = "number")]
    pub round: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IdeasRevealed {
    /// Cards the reveal put on the board.
    pub cards: u32,
}

/// Starts the map's next round (the facilitator's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StartBrainstorm {
    /// The question the ideas answer; may be empty.
    pub prompt: String,
    /// The card lane the revealed ideas go to.
    pub lane: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BrainstormStarted {
    #[ts(type = "number")]
    pub round: i64,
    /// Ideas of the round before that were still waiting, revealed first.
    pub revealed_late: u32,
}
