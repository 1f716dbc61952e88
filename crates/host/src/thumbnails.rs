//! The left rail's map previews, rendered once per stored version of a map. Every open tab asks
//! for the preview of a map again whenever its catalog refresh (every few seconds) sees the map's
//! `updated_at` move, which during a workshop is every refresh; rendering means loading the whole
//! map from SQLite and drawing it (~50 ms at 2,000 cards, ~300 ms at 10,000 on a 2-core laptop),
//! so a drawing is kept and served for its own version and, for THUMBNAIL_FRESH, for any later
//! one: thirty participants on a map being edited cost at most one drawing per THUMBNAIL_FRESH.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How many maps' previews are kept (a few kilobytes each; the oldest asked for goes first).
pub(crate) const THUMBNAILS_KEPT: usize = 64;

/// How long a drawing stands for the map's later versions too (the preview lags by at most this).
pub(crate) const THUMBNAIL_FRESH: Duration = Duration::from_secs(5);

#[derive(Default)]
pub(crate) struct ThumbnailCache {
    inner: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    by_map: HashMap<String, Drawing>,
    /// Increases on every lookup: the order in which previews were last asked for.
    clock: u64,
}

struct Drawing {
    /// The map's `updated_at` it was drawn for.
    version: i64,
    svg: Arc<str>,
    /// When it was last asked for, on `Kept::clock`.
    asked: u64,
    drawn_at: Instant,
}

impl ThumbnailCache {
    fn kept(&self) -> MutexGuard<'_, Kept> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The preview of `map_id` as stored at `updated_at`: one drawn for that version, or for an
    /// earlier one less than THUMBNAIL_FRESH before `at`.
    pub fn get(&self, map_id: &str, updated_at: i64, at: Instant) -> Option<Arc<str>> {
        let mut kept = self.kept();
        kept.clock += 1;
        let asked = kept.clock;
        let drawing = kept.by_map.get_mut(map_id)?;
        let fresh = at.saturating_duration_since(drawing.drawn_at) < THUMBNAIL_FRESH;
        if drawing.version != updated_at && !(fresh && drawing.version < updated_at) {
            return None;
        }
        drawing.asked = asked;
        Some(drawing.svg.clone())
    }

    /// Keeps the preview drawn at `at` for `updated_at`, unless one of a later version is kept.
    pub fn put(&self, map_id: &str, updated_at: i64, svg: Arc<str>, at: Instant) {
        let mut kept = self.kept();
        kept.clock += 1;
        let drawing = Drawing {
            version: updated_at,
            svg,
            asked: kept.clock,
            drawn_at: at,
        };
        if let Some(old) = kept.by_map.get_mut(map_id) {
            if old.version <= updated_at {
                *old = drawing;
            }
            return;
        }
        if kept.by_map.len() >= THUMBNAILS_KEPT {
            let least_asked = kept
                .by_map
                .iter()
                .min_by_key(|(_, d)| d.asked)
                .map(|(id, _)| id.clone());
            if let Some(id) = least_asked {
                kept.by_map.remove(&id);
            }
        }
        kept.by_map.insert(map_id.to_owned(), drawing);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(s: &str) -> Arc<str> {
        Arc::from(s)
    }

    #[test]
    fn a_preview_serves_its_version_and_for_a_moment_the_later_ones() {
        let cache = ThumbnailCache::default();
        let t0 = Instant::now();
        let later = |d: Duration| t0 + d;
        assert!(cache.get("m1", 10, t0).is_none());
        cache.put("m1", 10, svg("<svg>旅程 v10</svg>"), t0);
        assert_eq!(
            cache
                .get("m1", 10, later(Duration::from_secs(600)))
                .as_deref(),
            Some("<svg>旅程 v10</svg>"),
            "its own version, however long after"
        );
        // Edited since: the drawing stands for the new version while it is fresh, then not.
        let fresh = later(THUMBNAIL_FRESH - Duration::from_millis(1));
        assert_eq!(
            cache.get("m1", 11, fresh).as_deref(),
            Some("<svg>旅程 v10</svg>")
        );
        assert!(cache.get("m1", 11, later(THUMBNAIL_FRESH)).is_none());
        // An older version than the drawing's is never served from it (a clock set back).
        assert!(cache.get("m1", 9, t0).is_none());
        cache.put("m1", 11, svg("<svg>v11</svg>"), later(THUMBNAIL_FRESH));
        let then = later(THUMBNAIL_FRESH);
        assert_eq!(cache.get("m1", 11, then).as_deref(), Some("<svg>v11</svg>"));
        // A drawing of an older version that finishes late does not replace the newer one.
        cache.put(
            "m1",
            10,
            svg("<svg>late v10</svg>"),
            later(THUMBNAIL_FRESH * 2),
        );
        let last = later(THUMBNAIL_FRESH * 3);
        assert_eq!(cache.get("m1", 11, last).as_deref(), Some("<svg>v11</svg>"));
    }

    #[test]
    fn keeps_a_bounded_number_dropping_the_least_recently_asked_for() {
        let cache = ThumbnailCache::default();
        let t = Instant::now();
        for i in 0..THUMBNAILS_KEPT {
            cache.put(&format!("m{i}"), 1, svg("<svg/>"), t);
        }
        // m0 is asked for again, so m1 is the one that goes.
        assert!(cache.get("m0", 1, t).is_some());
        cache.put("new", 1, svg("<svg>new</svg>"), t);
        assert!(cache.get("m0", 1, t).is_some());
        assert!(cache.get("m1", 1, t).is_none());
        assert!(cache.get("new", 1, t).is_some());
        assert_eq!(cache.kept().by_map.len(), THUMBNAILS_KEPT);
    }
}
