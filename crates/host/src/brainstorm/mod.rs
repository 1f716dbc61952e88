//! The anonymous brainstorm on the host: ideas are written to the store, never into the map,
//! until the facilitator reveals them; then the host writes them into the map itself, as cards
//! of no one (`wayline_model::workshop_brainstorm` says why the document cannot hide them). The
//! host enforces who may do what here, whatever a screen shows: only someone who may edit the
//! map writes ideas, each person sees and changes only their own, and only the facilitator
//! starts a round and reveals it.

use std::sync::MutexGuard;

use wayline_model::schema::{LaneKind, MAX_ENTRY_ID_CHARS, MAX_IDEAS_PER_PERSON};
use wayline_model::workshop_brainstorm::{idea_text_problem, is_idea_id, Brainstorm, Idea};
use wayline_model::ModelError;
use wayline_store::{now_ms, IdeaChange, IdeaCounts};

use crate::refusal::Refusal;
use crate::state::{Access, AppState, Peer};
use crate::wire::{
    BrainstormIdea, BrainstormOverview, BrainstormStarted, IdeaSaved, IdeasRevealed, PutIdea,
    StartBrainstorm,
};
use crate::HostError;

pub mod routes;

/// Whose ideas these are, as the store files them: `f:` for the facilitator, `p:WORKSHOP:ID` for a
/// participant. A participant id is made by their browser and seen by everyone (presence), and a
/// later workshop starts with nobody in it: the workshop's id keeps someone who joins another
/// workshop under the same id from reading ideas kept from this one, and the prefix keeps any
/// participant id from being the facilitator's (a participant id holds no `:`).
fn writer_of(state: &AppState, peer: &Peer) -> Result<String, HostError> {
    match peer {
        Peer::Facilitator => Ok("f:".into()),
        Peer::Participant { id, .. } => {
            let inner = state.workshop.inner();
            let active = inner.active.as_ref().ok_or(HostError::WorkshopEnded)?;
            Ok(format!("p:{}:{id}", active.workshop.id))
        }
    }
}

fn may_see(state: &AppState, peer: &Peer, map_id: &str) -> Result<(), HostError> {
    match state.workshop.access(peer, map_id) {
        Access::Granted(_) => Ok(()),
        Access::Denied(why) => Err(why),
    }
}

fn may_write(state: &AppState, peer: &Peer, map_id: &str) -> Result<(), HostError> {
    may_see(state, peer, map_id)?;
    if state.workshop.may_write(peer, map_id) {
        Ok(())
    } else {
        Err(HostError::refused(
            Refusal::MayNotEdit,
            "you may not edit this map right now, so you cannot add ideas",
        ))
    }
}

fn round_over() -> HostError {
    HostError::refused(
        Refusal::BrainstormOver,
        "that brainstorm is over: a new one has started, or none is running",
    )
}

fn refusal(change: IdeaChange) -> Result<(), HostError> {
    match change {
        IdeaChange::Done => Ok(()),
        IdeaChange::NotYours => Err(HostError::refused(
            Refusal::IdeaNotYours,
            "this idea is someone else's; write your own",
        )),
        IdeaChange::Revealed => Err(HostError::refused(
            Refusal::IdeaRevealed,
            "this idea is on the board already; change it there",
        )),
        IdeaChange::OtherRound => Err(round_over()),
        IdeaChange::TooMany => Err(HostError::refused(
            Refusal::TooManyIdeas,
            format!("one person keeps at most {MAX_IDEAS_PER_PERSON} ideas in a brainstorm"),
        )),
    }
}

/// The map's round as its room holds it now, for a write or a reveal (nothing in flight).
fn round_of(state: &AppState, map_id: &str) -> Result<Option<Brainstorm>, HostError> {
    state.rooms.read(map_id, |doc| doc.brainstorm())
}

/// The asker's own ideas of the map's round and how many are waiting for the reveal.
pub(crate) fn overview(
    state: &AppState,
    peer: &Peer,
    map_id: &str,
) -> Result<BrainstormOverview, HostError> {
    may_see(state, peer, map_id)?;
    let writer = writer_of(state, peer)?;
    // Screens ask every few seconds: counted like writes, and read without settling the room.
    state.brainstorms.count_write(&writer)?;
    let Some(round) = state.rooms.peek(map_id, |doc| doc.brainstorm())? else {
        return Ok(BrainstormOverview {
            round: None,
            mine: Vec::new(),
            waiting: 0,
            writers: 0,
        });
    };
    let mine = state
        .store
        .ideas_of(map_id, round.round, &writer)?
        .into_iter()
        .map(|i| BrainstormIdea {
            id: i.id,
            stage: i.stage,
            text: i.text,
        })
        .collect();
    // After the reveal only the facilitator hears of late ideas: a count that went from 0 to 1
    // as someone's laptop came back would say whose the next revealed card is.
    let counts = if round.open || *peer == Peer::Facilitator {
        state.store.idea_counts(map_id, round.round)?
    } else {
        IdeaCounts::default()
    };
    Ok(BrainstormOverview {
        round: Some(round.round),
        mine,
        waiting: counts.ideas as u32,
        writers: counts.writers as u32,
    })
}

/// Writes one of the asker's ideas of the map's round. Kept hidden until a reveal: one that
/// arrives after its round was revealed (its writer was offline, or clicked as the facilitator
/// revealed) waits for the facilitator to reveal again, with any others that came late — put on
/// the board alone, at the moment its writer came back, it would say who wrote it.
pub(crate) fn put(
    state: &AppState,
    peer: &Peer,
    map_id: &str,
    idea_id: &str,
    request: PutIdea,
) -> Result<IdeaSaved, HostError> {
    may_write(state, peer, map_id)?;
    if !is_idea_id(idea_id) {
        return Err(HostError::BadRequest(format!(
            "{idea_id:?} is not an idea's id"
        )));
    }
    if let Some(why) = idea_text_problem(&request.text) {
        return Err(HostError::BadRequest(why));
    }
    if request.stage.is_empty() || request.stage.chars().count() > MAX_ENTRY_ID_CHARS {
        return Err(HostError::BadRequest("a malformed stage id".into()));
    }
    let writer = writer_of(state, peer)?;
    state.brainstorms.count_write(&writer)?;
    let _turn = state.brainstorms.take_turn();
    let round = round_of(state, map_id)?;
    if round.as_ref().map(|b| b.round) != Some(request.round) {
        return Err(round_over());
    }
    let idea = Idea {
        id: idea_id.to_owned(),
        stage: request.stage,
        text: request.text,
    };
    let change =
        state
            .store
            .put_idea(map_id, request.round, &writer, &idea, MAX_IDEAS_PER_PERSON)?;
    refusal(change)?;
    Ok(IdeaSaved {
        revealed_already: round.is_some_and(|b| !b.open),
    })
}

/// Removes one of the asker's ideas that is not on the board yet.
pub(crate) fn delete(
    state: &AppState,
    peer: &Peer,
    map_id: &str,
    idea_id: &str,
) -> Result<(), HostError> {
    may_write(state, peer, map_id)?;
    let writer = writer_of(state, peer)?;
    state.brainstorms.count_write(&writer)?;
    let _turn = state.brainstorms.take_turn();
    refusal(state.store.delete_idea(map_id, &writer, idea_id)?)
}

/// The facilitator's turn at the map's brainstorm (what a participant asks for is refused, saying
/// what only the facilitator `does`), with the round as it stands.
fn facilitators_turn<'a>(
    state: &'a AppState,
    peer: &Peer,
    map_id: &str,
    does: &str,
) -> Result<(MutexGuard<'a, ()>, Option<Brainstorm>), HostError> {
    if *peer != Peer::Facilitator {
        return Err(HostError::refused(
            Refusal::FacilitatorOnly,
            format!("only the facilitator {does} a brainstorm"),
        ));
    }
    let turn = state.brainstorms.take_turn();
    Ok((turn, round_of(state, map_id)?))
}

/// Puts every waiting idea of `round` on the board and closes it (the facilitator's "Reveal").
/// Asked again for a round already revealed, it puts on the board what is still waiting (ideas
/// that came late, all together; those of a crash between the map's change and the store's mark)
/// and never anything twice.
pub(crate) fn reveal(
    state: &AppState,
    peer: &Peer,
    map_id: &str,
    round: i64,
) -> Result<IdeasRevealed, HostError> {
    let (_turn, current) = facilitators_turn(state, peer, map_id, "reveals")?;
    if current.as_ref().map(|b| b.round) != Some(round) {
        return Err(HostError::refused(
            Refusal::NoBrainstorm,
            "this brainstorm round is not the map's round any more",
        ));
    }
    let ideas = state.store.unrevealed_ideas(map_id, round)?;
    let mut cards = 0;
    state.rooms.edit(map_id, |doc| {
        cards = doc.reveal_ideas(round, &ideas, now_ms())?;
        Ok(())
    })?;
    let ids: Vec<String> = ideas.into_iter().map(|i| i.id).collect();
    state.store.mark_revealed(map_id, &ids)?;
    tracing::info!(map = %map_id, round, cards, "brainstorm revealed");
    Ok(IdeasRevealed {
        cards: cards as u32,
    })
}

/// Starts the map's next round (the facilitator's "Start"). Ideas of the round before that still
/// wait — ones that arrived after its reveal — are revealed in the same change first, so that no
/// idea is left behind in a round nobody can reveal any more. The new round is numbered past every
/// round the map's ideas were ever kept for.
pub(crate) fn start(
    state: &AppState,
    peer: &Peer,
    map_id: &str,
    request: StartBrainstorm,
) -> Result<BrainstormStarted, HostError> {
    let (_turn, current) = facilitators_turn(state, peer, map_id, "starts")?;
    let left = match &current {
        Some(b) => state.store.unrevealed_ideas(map_id, b.round)?,
        None => Vec::new(),
    };
    let number = current
        .as_ref()
        .map_or(0, |b| b.round)
        .max(state.store.last_idea_round(map_id)?)
        + 1;
    let next = Brainstorm {
        round: number,
        prompt: request.prompt.trim().to_owned(),
        lane: request.lane,
        open: true,
        revealed: 0,
    };
    let mut revealed = 0;
    state.rooms.edit(map_id, |doc| {
        if !doc
            .view()
            .lanes
            .iter()
            .any(|l| l.id == next.lane && l.kind == LaneKind::Cards)
        {
            return Err(ModelError::Invalid(
                "the brainstorm's ideas go to a card lane of the map".into(),
            ));
        }
        if let Some(b) = &current {
            revealed = doc.reveal_ideas(b.round, &left, now_ms())?;
        }
        doc.set_brainstorm(Some(&next))
    })?;
    let ids: Vec<String> = left.into_iter().map(|i| i.id).collect();
    state.store.mark_revealed(map_id, &ids)?;
    Ok(BrainstormStarted {
        round: number,
        revealed_late: revealed as u32,
    })
}
