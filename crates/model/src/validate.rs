//! Consistency checks of a map: what a reader should warn about, never what makes it fail.

use serde::Serialize;

use crate::MapView;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// A card points at a stage or lane that no longer exists; it is kept but not shown.
    OrphanCard { card: String },
    /// A link points at a card that no longer exists.
    DanglingLink { card: String, target: String },
    /// Two stages or lanes share an id (a damaged or hand-edited document).
    DuplicateId { id: String },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::OrphanCard { card } => write!(
                f,
                "card {card} points at a stage or lane that no longer exists (kept, not shown)"
            ),
            Problem::DanglingLink { card, target } => {
                write!(
                    f,
                    "card {card} links to card {target}, which no longer exists"
                )
            }
            Problem::DuplicateId { id } => write!(f, "two stages or lanes share the id {id}"),
        }
    }
}

impl MapView {
    /// What `wayline list` warns about under a map.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out: Vec<Problem> = self
            .orphan_cards
            .iter()
            .map(|c| Problem::OrphanCard { card: c.id.clone() })
            .collect();
        let known: std::collections::HashSet<&str> = self
            .cards
            .iter()
            .chain(&self.orphan_cards)
            .map(|c| c.id.as_str())
            .collect();
        for card in &self.cards {
            for target in &card.links {
                if !known.contains(target.as_str()) {
                    out.push(Problem::DanglingLink {
                        card: card.id.clone(),
                        target: target.clone(),
                    });
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        for id in self
            .stages
            .iter()
            .map(|s| &s.id)
            .chain(self.lanes.iter().map(|l| &l.id))
        {
            if !seen.insert(id) {
                out.push(Problem::DuplicateId { id: id.clone() });
            }
        }
        out
    }
}
