//! The left rail's map previews, rendered once per stored version of a map. Every open tab asks
//! for the preview of a map again whenever its catalog refresh (every few seconds) sees the map's
//! `updated_at` move, which during a workshop is every refresh; rendering means loading the whole
//! map from SQLite and drawing it (~50 ms at 2,000 cards, ~300 ms at 10,000 on a 2-core laptop),
//! so a drawing is kept and served for its own version and, for THUMBNAIL_FRESH, for any later
//! one: thirty participants on a map being edited cost at most one drawing per THUMBNAIL_FRESH.
//! Askers who miss at the same moment take turns per map, so the first draws and the others are
//! served its drawing: thirty tabs opening at once once loaded a 10,000-card map thirty times in
//! parallel (1.4 GB, 9–14 s each on two cores).

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
    /// One lock per map asked for: whoever holds it is drawing that map.
    turns: Mutex<HashMap<String, Arc<Mutex<()>>>>,
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

    /// The preview of `map_id` as stored at `updated_at`, drawn by `draw` unless a kept one serves
    /// (see `get`); concurrent askers of one map wait for a drawing in progress. Blocks: call it
    /// off the async workers.
    pub fn get_or_draw<E>(
        &self,
        map_id: &str,
        updated_at: i64,
        draw: impl FnOnce() -> Result<String, E>,
    ) -> Result<Arc<str>, E> {
        if let Some(svg) = self.get(map_id, updated_at, Instant::now()) {
            return Ok(svg);
        }
        let turn = self
            .turns
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(map_id.to_owned())
            .or_default()
            .clone();
        let _drawing = turn.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(svg) = self.get(map_id, updated_at, Instant::now()) {
            return Ok(svg);
        }
        let drawn_at = Instant::now();
        let svg: Arc<str> = Arc::from(draw()?);
        self.put(map_id, updated_at, svg.clone(), drawn_at);
        Ok(svg)
    }

    /// The preview of `map_id` as stored at `updated_at`: one drawn for that version, or for an
    /// earlier one less than THUMBNAIL_FRESH before `at`.
    fn get(&self, map_id: &str, updated_at: i64, at: Instant) -> Option<Arc<str>> {
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
    fn put(&self, map_id: &str, updated_at: i64, svg: Arc<str>, at: Instant) {
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
    fn askers_at_the_same_moment_share_one_drawing() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let cache = ThumbnailCache::default();
        let drawings = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    let svg = cache.get_or_draw("m1", 7, || {
                        drawings.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(50));
                        Ok::<_, ()>("<svg>旅程</svg>".to_owned())
                    });
                    assert_eq!(svg.as_deref(), Ok("<svg>旅程</svg>"));
                });
            }
        });
        assert_eq!(drawings.load(Ordering::SeqCst), 1);
        // A drawing that fails is not kept: the next asker draws.
        let failed = cache.get_or_draw("m2", 1, || Err("no such map"));
        assert_eq!(failed, Err("no such map"));
        let drawn = cache.get_or_draw("m2", 1, || Ok::<_, &str>("<svg/>".to_owned()));
        assert_eq!(drawn.as_deref(), Ok("<svg/>"));
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
