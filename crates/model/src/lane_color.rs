//! The colour a new card gets in a lane: the one the templates give that kind of lane, so a pain
//! point is pink like the pain points beside it, not the yellow of customer actions, whoever
//! places it (a person on the board, `ui/src/doc/laneColor.ts`, or the host revealing a
//! brainstorm's ideas). A department's backstage lane (role `backstage`, or none) has the
//! department's colour; a pain-point lane owned by a department stays pink. Both sides
//! read `tests/vectors/lane_color.json`; the UI also checks the rule against every template card.

const BY_DEPARTMENT: &[(&str, &str)] = &[
    ("marketing", "purple"),
    ("sales", "teal"),
    ("service", "orange"),
];

const BY_ROLE: &[(&str, &str)] = &[
    ("actions", "yellow"),
    ("thoughts", "gray"),
    ("touchpoints", "blue"),
    ("pain_points", "pink"),
    ("opportunities", "green"),
    ("frontstage", "blue"),
    ("backstage", "purple"),
    ("support", "teal"),
    ("evidence", "gray"),
];

/// A card colour for a lane of no known kind.
pub const DEFAULT_CARD_COLOR: &str = "yellow";

pub fn lane_card_color(role: &str, department: &str) -> &'static str {
    let find = |table: &[(&str, &'static str)], key: &str| {
        table.iter().find(|(k, _)| *k == key).map(|(_, c)| *c)
    };
    let departments_lane = role.is_empty() || role == "backstage";
    departments_lane
        .then(|| find(BY_DEPARTMENT, department))
        .flatten()
        .or_else(|| find(BY_ROLE, role))
        .unwrap_or(DEFAULT_CARD_COLOR)
}
