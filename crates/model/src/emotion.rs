//! The emotion curve's derived values — per stage the mean, the spread (lowest and highest rating)
//! and the number of ratings on one emotion lane, and the curve's low point — computed in one place
//! for every Rust reader (PDF, SVG/PNG, thumbnail). The UI's `ui/src/doc/emotion.ts` computes the
//! same values; both are checked against `tests/vectors/emotion.json`.

use serde::Serialize;

use crate::view::{EmotionRating, MapView};

/// One stage's ratings on one emotion lane.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageEmotion {
    pub stage: String,
    pub mean: f64,
    pub min: i64,
    pub max: i64,
    pub count: usize,
}

/// The rated stages of `lane`, in the order of `stages`; a stage nobody rated is left out.
pub fn stage_emotions<'a>(
    stages: impl IntoIterator<Item = &'a str>,
    ratings: &[EmotionRating],
    lane: &str,
) -> Vec<StageEmotion> {
    stages
        .into_iter()
        .filter_map(|stage| {
            let scores: Vec<i64> = ratings
                .iter()
                .filter(|r| r.stage == stage && r.lane == lane)
                .map(|r| r.score)
                .collect();
            let (min, max) = (*scores.iter().min()?, *scores.iter().max()?);
            let mean = scores.iter().sum::<i64>() as f64 / scores.len() as f64;
            Some(StageEmotion {
                stage: stage.to_owned(),
                mean,
                min,
                max,
                count: scores.len(),
            })
        })
        .collect()
}

/// The curve's low point: the index of the lowest mean, the first one on ties; none until at least
/// two stages are rated (one point is no curve).
pub fn low_point(points: &[StageEmotion]) -> Option<usize> {
    if points.len() < 2 {
        return None;
    }
    let mut best: Option<usize> = None;
    for (i, p) in points.iter().enumerate() {
        if best.is_none_or(|b| p.mean < points[b].mean) {
            best = Some(i);
        }
    }
    best
}

impl MapView {
    /// [`stage_emotions`] of one emotion lane of this map.
    pub fn stage_emotions(&self, lane: &str) -> Vec<StageEmotion> {
        stage_emotions(
            self.stages.iter().map(|s| s.id.as_str()),
            &self.emotions,
            lane,
        )
    }
}
