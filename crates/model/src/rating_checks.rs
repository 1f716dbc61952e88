//! Emotion ratings and votes are each person's own: a key of `emotions`
//! (`stage:lane:participant`) or `votes` (`round:card:participant`) ends with the id of whoever
//! rated or voted. The host takes from a participant only keys under their own id — and, as
//! "clear examples" does, the removal of a template's sample raters' ratings — and from anyone
//! only a score on the emotion scale and a whole, small vote count.

use serde_json::Value;

use crate::entry_checks::{Writer, Written};
use crate::schema::{self, EMOTION_MAX, EMOTION_MIN};
use crate::workshop_voting::vote_count;
use crate::MapDoc;

/// Most votes one person gives one card in one round.
pub const MAX_VOTES_PER_CARD: i64 = 100;

/// The participant id a rating or vote key ends with.
fn voter(key: &str) -> &str {
    key.rsplit_once(':').map_or("", |(_, who)| who)
}

impl MapDoc {
    /// The first rating or vote written since the note behind `written` that `writer` may not
    /// write or that is out of range, with why.
    pub(crate) fn invalid_rating_in(
        &self,
        written: &Written,
        writer: &Writer,
    ) -> Option<(String, String)> {
        for root in [schema::EMOTIONS, schema::VOTES] {
            if written.wrote_other_type(root) {
                return Some((String::new(), format!("{root} must be a map")));
            }
            let mut keys = written.keys_of(root).peekable();
            if keys.peek().is_none() {
                continue;
            }
            let map = self.loro().get_map(root);
            let samples = self.example_raters();
            for key in keys {
                let value = map.get(key);
                let whole = value.as_ref().and_then(vote_count);
                if let Writer::Participant(me) = writer {
                    let clearing_a_sample =
                        value.is_none() && samples.iter().any(|s| s == voter(key));
                    if voter(key) != me && !clearing_a_sample {
                        return Some((
                            key.to_owned(),
                            "a participant rates and votes only as themselves".into(),
                        ));
                    }
                    // A participant's dots keep the voting round's rules (`workshop_voting.rs`).
                    if root == schema::VOTES && !clearing_a_sample {
                        if let Some(why) = self.vote_problem(key, whole) {
                            return Some((key.to_owned(), why));
                        }
                    }
                }
                if value.is_none() {
                    continue;
                }
                let (range, what) = if root == schema::EMOTIONS {
                    (EMOTION_MIN..=EMOTION_MAX, "an emotion score")
                } else {
                    (0..=MAX_VOTES_PER_CARD, "a vote count")
                };
                if !whole.is_some_and(|n| range.contains(&n)) {
                    return Some((
                        key.to_owned(),
                        format!(
                            "{what} is a whole number from {} to {}",
                            range.start(),
                            range.end()
                        ),
                    ));
                }
            }
        }
        None
    }

    /// The template's sample participants whose ratings "clear examples" removes.
    fn example_raters(&self) -> Vec<String> {
        match self.root_value(schema::META).get("example_raters") {
            Some(Value::Array(ids)) => ids
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::entry_checks::tests::{receive, replica_of};
    use crate::schema::{EMOTIONS, VOTES};
    use crate::templates::instantiate;
    use crate::{LaneKind, Locale, Writer};

    /// A participant rates and votes as themselves only, may clear the template's sample ratings
    /// as "clear examples" does, and nobody writes a score off the scale.
    #[test]
    fn a_participant_rates_and_votes_only_as_themselves() {
        let host = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
        let client = replica_of(&host, 21);
        let me = Writer::Participant("p-ann".into());
        let view = client.view();
        let stage = view.stages[0].id.clone();
        let lane = view
            .lanes
            .iter()
            .find(|l| l.kind == LaneKind::Emotion)
            .unwrap()
            .id
            .clone();

        client.rate_emotion(&stage, &lane, "p-ann", -2).unwrap();
        let before = receive(&host, &client);
        assert!(host.first_new_invalid_entry_from(&before, &me).is_none());

        client.rate_emotion(&stage, &lane, "p-bo", 2).unwrap();
        let before = receive(&host, &client);
        let (key, why) = host.first_new_invalid_entry_from(&before, &me).unwrap();
        assert!(key.ends_with(":p-bo"), "{key}: {why}");
        assert!(
            host.first_new_invalid_entry(&before).is_none(),
            "the facilitator may"
        );

        let emotions = client.loro().get_map(EMOTIONS);
        emotions.delete(&format!("{stage}:{lane}:p-bo")).unwrap();
        client.loro().commit();
        let before = receive(&host, &client);
        assert!(
            host.first_new_invalid_entry_from(&before, &me).is_some(),
            "nor remove someone else's"
        );

        // "Clear examples": the template's sample raters' ratings go, whoever clears them.
        let sample = host
            .view()
            .emotions
            .iter()
            .map(|r| r.participant.clone())
            .find(|p| p != "p-ann" && p != "p-bo")
            .unwrap();
        let sample_keys: Vec<String> = emotions
            .keys()
            .map(|k| k.to_string())
            .filter(|k| k.ends_with(&format!(":{sample}")))
            .collect();
        for key in &sample_keys {
            emotions.delete(key).unwrap();
        }
        client.loro().commit();
        let before = receive(&host, &client);
        assert!(host.first_new_invalid_entry_from(&before, &me).is_none());

        emotions
            .insert(&format!("{stage}:{lane}:p-ann"), 7)
            .unwrap();
        client.loro().commit();
        let before = receive(&host, &client);
        assert!(
            host.first_new_invalid_entry(&before).is_some(),
            "off the scale"
        );

        // Votes: only as themselves (and, `workshop_voting.rs`, only in an open round).
        let votes = client.loro().get_map(VOTES);
        votes.insert("default:c1:p-bo", 3).unwrap();
        client.loro().commit();
        let before = receive(&host, &client);
        let (_, why) = host.first_new_invalid_entry_from(&before, &me).unwrap();
        assert!(why.contains("themselves"), "{why}");
        votes.insert("default:c1:p-ann", 3).unwrap();
        client.loro().commit();
        let before = receive(&host, &client);
        assert!(
            host.first_new_invalid_entry(&before).is_none(),
            "the facilitator may"
        );
        votes.insert("default:c2:p-ann", "many").unwrap();
        client.loro().commit();
        let before = receive(&host, &client);
        assert!(host.first_new_invalid_entry(&before).is_some());
    }
}
