//! Which colour the join page starts someone on. Two people opening the join page at the same
//! moment both see the same colours worn on the map; were each page to pick "the next free one"
//! itself, both would start on the same colour. So the host suggests, and holds each suggestion
//! for the browser it was made to (by its participant id) for a while: the next person asking is
//! offered another colour, and the same person asking again (a reload) gets the same one.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use wayline_model::participants::PALETTE;
use wayline_store::Participant;

/// How long a suggestion stays held for someone who has not joined yet.
pub const OFFER_HOLD: Duration = Duration::from_secs(120);
/// Suggestions held at once: a script asking again and again with new ids cannot grow the host.
pub const MAX_HELD_OFFERS: usize = 256;

/// The colours suggested to people on the join page, by participant id.
#[derive(Debug, Default)]
pub struct ColorOffers {
    held: HashMap<String, (String, Instant)>,
}

impl ColorOffers {
    /// The colour to suggest to `asking` (none: an anonymous ask, suggested but not held), given
    /// the colours worn on the map now and the workshop's participants.
    pub fn suggest(
        &mut self,
        asking: Option<&str>,
        worn: &[String],
        participants: &HashMap<String, Participant>,
        now: Instant,
    ) -> String {
        self.held
            .retain(|_, (_, at)| now.saturating_duration_since(*at) < OFFER_HOLD);
        if let Some(id) = asking {
            if let Some(p) = participants.get(id).filter(|p| !p.revoked) {
                return p.color.to_lowercase();
            }
            if let Some((color, at)) = self.held.get_mut(id) {
                *at = now;
                return color.clone();
            }
        }
        let mut uses = [0usize; PALETTE.len()];
        let others_held = self
            .held
            .iter()
            .filter(|(id, _)| Some(id.as_str()) != asking)
            .map(|(_, (c, _))| c.as_str());
        let chosen = participants
            .values()
            .filter(|p| !p.revoked)
            .map(|p| p.color.as_str());
        for color in worn
            .iter()
            .map(String::as_str)
            .chain(chosen)
            .chain(others_held)
        {
            if let Some(i) = PALETTE
                .iter()
                .position(|(_, hex)| hex.eq_ignore_ascii_case(color))
            {
                uses[i] += 1;
            }
        }
        let least = uses
            .iter()
            .enumerate()
            .min_by_key(|(i, n)| (**n, *i))
            .map_or(0, |(i, _)| i);
        let color = PALETTE[least].1.to_owned();
        if let Some(id) = asking {
            if self.held.len() < MAX_HELD_OFFERS {
                self.held.insert(id.to_owned(), (color.clone(), now));
            }
        }
        color
    }

    /// `participant_id` joined: their colour is now theirs, no longer an offer.
    pub fn taken_up(&mut self, participant_id: &str) {
        self.held.remove(participant_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(name: &str) -> String {
        PALETTE
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, h)| (*h).to_owned())
            .unwrap_or_default()
    }

    fn participant(id: &str, color: &str, revoked: bool) -> Participant {
        Participant {
            id: id.into(),
            token: "t".into(),
            name: "P".into(),
            color: color.into(),
            role: wayline_store::Role::Editor,
            joined_at: 0,
            revoked,
        }
    }

    #[test]
    fn two_people_asking_at_once_are_offered_different_colours() {
        let mut offers = ColorOffers::default();
        let now = Instant::now();
        let none = HashMap::new();
        let worn = vec![hex("red")];
        let a = offers.suggest(Some("browser-a"), &worn, &none, now);
        let b = offers.suggest(Some("browser-b"), &worn, &none, now);
        assert_eq!(a, hex("orange"));
        assert_eq!(b, hex("green"));
        // Asking again (a reload) keeps one's own colour.
        assert_eq!(offers.suggest(Some("browser-a"), &worn, &none, now), a);
        // An offer not taken up is let go after a while.
        let later = now + OFFER_HOLD + Duration::from_secs(1);
        assert_eq!(
            offers.suggest(Some("browser-c"), &worn, &none, later),
            hex("orange")
        );
    }

    #[test]
    fn colours_participants_chose_count_even_while_they_are_away() {
        let mut offers = ColorOffers::default();
        let now = Instant::now();
        let mut people = HashMap::new();
        people.insert("p1".to_owned(), participant("p1", "#D32F2F", false));
        people.insert("p2".to_owned(), participant("p2", &hex("orange"), true));
        // p1 chose red (written in upper case); p2 was removed, so orange is free again.
        assert_eq!(
            offers.suggest(Some("new"), &[], &people, now),
            hex("orange")
        );
        // Someone coming back is offered what they chose.
        assert_eq!(offers.suggest(Some("p1"), &[], &people, now), "#d32f2f");
        offers.taken_up("new");
        assert_eq!(
            offers.suggest(Some("next"), &[], &people, now),
            hex("orange")
        );
    }

    #[test]
    fn with_every_colour_in_use_the_least_used_is_offered() {
        let mut offers = ColorOffers::default();
        let now = Instant::now();
        let mut worn: Vec<String> = PALETTE.iter().map(|(_, h)| (*h).to_owned()).collect();
        worn.push(hex("red"));
        worn.push(hex("green"));
        assert_eq!(
            offers.suggest(None, &worn, &HashMap::new(), now),
            hex("orange")
        );
        // An anonymous ask is not held: the same colour again.
        assert_eq!(
            offers.suggest(None, &worn, &HashMap::new(), now),
            hex("orange")
        );
    }

    #[test]
    fn held_offers_are_bounded() {
        let mut offers = ColorOffers::default();
        let now = Instant::now();
        for i in 0..(MAX_HELD_OFFERS + 50) {
            offers.suggest(Some(&format!("id-{i}")), &[], &HashMap::new(), now);
        }
        assert_eq!(offers.held.len(), MAX_HELD_OFFERS);
    }
}
