//! The ideas of an anonymous brainstorm, kept in the data file apart from the map's document
//! (`wayline_model::workshop_brainstorm` says why). Each idea belongs to its writer: only they
//! change or remove it, and only until it is revealed. An idea is durable once `put_idea`
//! returns, like any acknowledged edit.

use rusqlite::{params, OptionalExtension};
use wayline_model::workshop_brainstorm::Idea;

use crate::{now_ms, Store, StoreError};

/// What became of a writer's change to one of their ideas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdeaChange {
    /// Stored (or removed) as asked.
    Done,
    /// The id is someone else's idea.
    NotYours,
    /// The idea is on the board already: it is a card now, changed there like any other.
    Revealed,
    /// The writer has as many ideas in the round as one person may.
    TooMany,
    /// The idea was written in another round than the one it is sent for.
    OtherRound,
}

/// How far a round has come, as the facilitator's panel shows it: ideas and people who wrote
/// them, never who wrote which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IdeaCounts {
    pub ideas: usize,
    pub writers: usize,
}

impl Store {
    /// Stores `idea` for `writer` in `round` (or changes its stage and text if it is theirs),
    /// unless they already keep `max_per_person` ideas in the round.
    pub fn put_idea(
        &self,
        map_id: &str,
        round: i64,
        writer: &str,
        idea: &Idea,
        max_per_person: usize,
    ) -> Result<IdeaChange, StoreError> {
        self.with_tx(|tx| {
            let existing: Option<(String, bool, i64)> = tx
                .query_row(
                    "SELECT writer, revealed, round FROM brainstorm_ideas
                     WHERE map_id = ?1 AND id = ?2",
                    params![map_id, idea.id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let now = now_ms();
            match existing {
                Some((_, true, _)) => Ok(IdeaChange::Revealed),
                Some((owner, _, _)) if owner != writer => Ok(IdeaChange::NotYours),
                Some((_, _, kept)) if kept != round => Ok(IdeaChange::OtherRound),
                Some(_) => {
                    tx.execute(
                        "UPDATE brainstorm_ideas SET stage = ?3, text = ?4, updated_at = ?5
                         WHERE map_id = ?1 AND id = ?2",
                        params![map_id, idea.id, idea.stage, idea.text, now],
                    )?;
                    Ok(IdeaChange::Done)
                }
                None => {
                    let kept: i64 = tx.query_row(
                        "SELECT COUNT(*) FROM brainstorm_ideas
                         WHERE map_id = ?1 AND round = ?2 AND writer = ?3",
                        params![map_id, round, writer],
                        |r| r.get(0),
                    )?;
                    if kept as usize >= max_per_person {
                        return Ok(IdeaChange::TooMany);
                    }
                    tx.execute(
                        "INSERT INTO brainstorm_ideas
                         (map_id, id, round, writer, stage, text, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                        params![map_id, idea.id, round, writer, idea.stage, idea.text, now],
                    )?;
                    Ok(IdeaChange::Done)
                }
            }
        })
    }

    /// Removes one of `writer`'s ideas that is not revealed yet (an id nobody has is done).
    pub fn delete_idea(
        &self,
        map_id: &str,
        writer: &str,
        id: &str,
    ) -> Result<IdeaChange, StoreError> {
        self.with_tx(|tx| {
            let existing: Option<(String, bool)> = tx
                .query_row(
                    "SELECT writer, revealed FROM brainstorm_ideas WHERE map_id = ?1 AND id = ?2",
                    params![map_id, id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match existing {
                None => Ok(IdeaChange::Done),
                Some((_, true)) => Ok(IdeaChange::Revealed),
                Some((owner, _)) if owner != writer => Ok(IdeaChange::NotYours),
                Some(_) => {
                    tx.execute(
                        "DELETE FROM brainstorm_ideas WHERE map_id = ?1 AND id = ?2",
                        params![map_id, id],
                    )?;
                    Ok(IdeaChange::Done)
                }
            }
        })
    }

    /// `writer`'s ideas of `round` not yet revealed, oldest first.
    pub fn ideas_of(
        &self,
        map_id: &str,
        round: i64,
        writer: &str,
    ) -> Result<Vec<Idea>, StoreError> {
        self.read(|c| {
            let mut q = c.prepare(
                "SELECT id, stage, text FROM brainstorm_ideas
                 WHERE map_id = ?1 AND round = ?2 AND writer = ?3 AND revealed = 0
                 ORDER BY created_at, id",
            )?;
            let rows = q.query_map(params![map_id, round, writer], idea_of_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Every idea of `round` not yet revealed, with nothing of who wrote it.
    pub fn unrevealed_ideas(&self, map_id: &str, round: i64) -> Result<Vec<Idea>, StoreError> {
        self.read(|c| {
            let mut q = c.prepare(
                "SELECT id, stage, text FROM brainstorm_ideas
                 WHERE map_id = ?1 AND round = ?2 AND revealed = 0 ORDER BY id",
            )?;
            let rows = q.query_map(params![map_id, round], idea_of_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Unrevealed ideas of `round` and how many people wrote them.
    pub fn idea_counts(&self, map_id: &str, round: i64) -> Result<IdeaCounts, StoreError> {
        self.read(|c| {
            let (ideas, writers): (i64, i64) = c.query_row(
                "SELECT COUNT(*), COUNT(DISTINCT writer) FROM brainstorm_ideas
                 WHERE map_id = ?1 AND round = ?2 AND revealed = 0",
                params![map_id, round],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Ok(IdeaCounts {
                ideas: ideas as usize,
                writers: writers as usize,
            })
        })
    }

    /// Marks ideas as on the board (after the change that put them there is stored): their
    /// writers can no longer change them here, they are not revealed again, and who wrote them is
    /// forgotten — the data file must not say it either. The write runs with SQLite's
    /// `secure_delete`, so the old rows' bytes are overwritten rather than left in free pages, and
    /// the write-ahead log is emptied into the file after it.
    pub fn mark_revealed(&self, map_id: &str, ids: &[String]) -> Result<(), StoreError> {
        self.read(|c| Ok(c.pragma_update(None, "secure_delete", true)?))?;
        let marked = self.with_tx(|tx| {
            let mut q = tx.prepare(
                "UPDATE brainstorm_ideas SET revealed = 1, writer = '', updated_at = ?3
                 WHERE map_id = ?1 AND id = ?2",
            )?;
            let now = now_ms();
            for id in ids {
                q.execute(params![map_id, id, now])?;
            }
            Ok(())
        });
        let emptied = self.read(|c| {
            c.pragma_update(None, "secure_delete", false)?;
            c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(())
        });
        marked.and(emptied)
    }

    /// The highest round any idea of the map was kept for (0 when none): a new round is numbered
    /// past it, so that a map restored to an older version never mixes old ideas into a new round.
    pub fn last_idea_round(&self, map_id: &str) -> Result<i64, StoreError> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT COALESCE(MAX(round), 0) FROM brainstorm_ideas WHERE map_id = ?1",
                params![map_id],
                |r| r.get(0),
            )?)
        })
    }
}

fn idea_of_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Idea> {
    Ok(Idea {
        id: r.get(0)?,
        stage: r.get(1)?,
        text: r.get(2)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wayline_model::templates::instantiate;
    use wayline_model::Locale;

    fn idea(id: &str, text: &str) -> Idea {
        Idea {
            id: id.into(),
            stage: "s-1".into(),
            text: text.into(),
        }
    }

    #[test]
    fn ideas_belong_to_their_writer_until_revealed_and_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let map_id = {
            let store = Store::open(dir.path()).unwrap();
            let project = store.create_project("工作坊").unwrap();
            let doc = instantiate("lifecycle", Locale::ZhCn, None, "旅程", 0).unwrap();
            let map = store.create_map(&project.id, &doc).unwrap();
            let ann =
                |id: &str, text: &str| store.put_idea(&map.id, 1, "p-ann", &idea(id, text), 2);
            assert_eq!(ann("idea-0001", "结账太慢").unwrap(), IdeaChange::Done);
            assert_eq!(
                ann("idea-0001", "结账太慢，运费不透明").unwrap(),
                IdeaChange::Done
            );
            assert_eq!(ann("idea-0002", "客服难找").unwrap(), IdeaChange::Done);
            assert_eq!(ann("idea-0003", "一个太多").unwrap(), IdeaChange::TooMany);
            let bob = |id: &str| store.put_idea(&map.id, 1, "p-bob", &idea(id, "改别人的"), 2);
            assert_eq!(bob("idea-0001").unwrap(), IdeaChange::NotYours);
            assert_eq!(
                store.delete_idea(&map.id, "p-bob", "idea-0001").unwrap(),
                IdeaChange::NotYours
            );
            assert_eq!(bob("idea-0004").unwrap(), IdeaChange::Done);
            assert_eq!(
                store.idea_counts(&map.id, 1).unwrap(),
                IdeaCounts {
                    ideas: 3,
                    writers: 2
                }
            );
            assert_eq!(
                store.idea_counts(&map.id, 2).unwrap(),
                IdeaCounts::default()
            );
            map.id
        };
        // Durable: a store opened again holds them.
        let store = Store::open(dir.path()).unwrap();
        let mine = store.ideas_of(&map_id, 1, "p-ann").unwrap();
        assert_eq!(
            mine,
            vec![
                idea("idea-0001", "结账太慢，运费不透明"),
                idea("idea-0002", "客服难找")
            ]
        );
        assert_eq!(
            store.delete_idea(&map_id, "p-ann", "idea-0002").unwrap(),
            IdeaChange::Done
        );
        assert_eq!(
            store.delete_idea(&map_id, "p-ann", "idea-0002").unwrap(),
            IdeaChange::Done
        );

        let all = store.unrevealed_ideas(&map_id, 1).unwrap();
        assert_eq!(all.len(), 2);
        store.mark_revealed(&map_id, &["idea-0001".into()]).unwrap();
        let put = store.put_idea(&map_id, 1, "p-ann", &idea("idea-0001", "晚了"), 2);
        assert_eq!(put.unwrap(), IdeaChange::Revealed);
        assert_eq!(
            store.delete_idea(&map_id, "p-ann", "idea-0001").unwrap(),
            IdeaChange::Revealed
        );
        assert!(store.ideas_of(&map_id, 1, "p-ann").unwrap().is_empty());
        assert_eq!(
            store.unrevealed_ideas(&map_id, 1).unwrap(),
            vec![idea("idea-0004", "改别人的")]
        );
        // Who wrote a revealed idea is no longer in the file.
        let writer: String = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT writer FROM brainstorm_ideas WHERE id = 'idea-0001'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        assert_eq!(writer, "");
        let put = store.put_idea(&map_id, 1, "p-bob", &idea("idea-0001", "别人的"), 2);
        assert_eq!(put.unwrap(), IdeaChange::Revealed);
        // An idea sent again for another round stays in its own.
        let moved = store.put_idea(&map_id, 2, "p-bob", &idea("idea-0004", "换一轮"), 2);
        assert_eq!(moved.unwrap(), IdeaChange::OtherRound);
        assert_eq!(store.last_idea_round(&map_id).unwrap(), 1);
    }
}
