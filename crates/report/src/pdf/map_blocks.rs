//! What a cell of the map holds, measured before it is placed: cards (text and meta lines),
//! metrics and channel chips, and how a cell's blocks are shared out between a page and the next
//! (a card too tall for what is left of a page continues on the next one).

use wayline_model::{CardView, MetricView};

use super::canvas::line_height;

/// Padding inside and between blocks (mm).
pub(super) const PAD: f32 = 1.6;
/// A card's text size and the size of its meta lines (pt); nothing in the map is smaller.
pub(super) const CARD_PT: f32 = 8.0;
pub(super) const META_PT: f32 = 7.0;

/// One thing drawn in a cell, measured before placing.
pub(super) enum Block<'a> {
    Card {
        card: &'a CardView,
        lines: Vec<String>,
        /// The number, confidence, tags, votes and links, wrapped like the text.
        meta: Vec<String>,
    },
    Metric {
        metric: &'a MetricView,
        lines: Vec<String>,
    },
    /// Channel chips, each name wrapped inside the chip's width.
    Chips(Vec<Vec<String>>),
}

/// Room from one channel chip's top to the next one's beyond a line of text (the chip's box is
/// 0.6 mm taller than the line): 1.4 mm between chips, which touched at 0.6.
pub(super) const CHIP_GAP: f32 = 2.0;

impl<'a> Block<'a> {
    pub(super) fn height(&self) -> f32 {
        match self {
            Block::Card { lines, meta, .. } => {
                2.0 * PAD
                    + lines.len() as f32 * line_height(CARD_PT)
                    + meta.len() as f32 * line_height(META_PT)
            }
            Block::Metric { lines, .. } => {
                2.0 * PAD + lines.len() as f32 * line_height(META_PT + 0.5)
            }
            Block::Chips(chips) => {
                chips
                    .iter()
                    .map(|lines| lines.len() as f32 * line_height(META_PT) + CHIP_GAP)
                    .sum::<f32>()
                    + 1.0
            }
        }
    }

    /// A card taller than `room` (mm) as the lines that fit it and the rest, which continues on
    /// the next page; the number and badges go with the last piece. Anything else, or a card of
    /// which not one line fits, comes back whole.
    ///
    /// `at_least_one`: one line goes even if it does not fit (a page on which nothing else could).
    fn split(self, room: f32, at_least_one: bool) -> Result<(Block<'a>, Block<'a>), Block<'a>> {
        let Block::Card { card, lines, meta } = self else {
            return Err(self);
        };
        // The piece's own meta line is the continuation mark "…".
        let mut fit = ((room - 2.0 * PAD - line_height(META_PT)) / line_height(CARD_PT)).floor();
        if at_least_one {
            fit = fit.max(1.0);
        }
        if fit < 1.0 || fit as usize >= lines.len() {
            return Err(Block::Card { card, lines, meta });
        }
        let mut head = lines;
        let tail = head.split_off(fit as usize);
        Ok((
            Block::Card {
                card,
                lines: head,
                meta: vec!["…".to_owned()],
            },
            Block::Card {
                card,
                lines: tail,
                meta,
            },
        ))
    }
}

/// How many of a cell's next blocks go on this page, and the height they take: whole blocks while
/// they fit `room`, then the lines of the next card that still fit (the rest continues on the next
/// page). A metric or chip list that does not fit waits for the next page, unless it is taller
/// than a fresh page (`fresh_room`), when it is drawn whole: they are a few lines each. `force`
/// (nothing could go on the last page) makes the first block go: a card with at least one line.
pub(super) fn fill_cell(
    cell: &mut Vec<Block<'_>>,
    room: f32,
    fresh_room: f32,
    force: bool,
) -> (usize, f32) {
    let mut used = PAD;
    let mut take = 0;
    while take < cell.len() {
        let h = cell[take].height();
        if used + h + PAD <= room {
            used += h + PAD;
            take += 1;
            continue;
        }
        let first = take == 0;
        let block = cell.remove(take);
        match block.split(room - used - PAD, force && first) {
            Ok((head, tail)) => {
                used += head.height() + PAD;
                cell.insert(take, tail);
                cell.insert(take, head);
                take += 1;
            }
            Err(block) => {
                let card = matches!(block, Block::Card { .. });
                let whole = first && (force || (!card && block.height() > fresh_room));
                if whole {
                    used += block.height() + PAD;
                    take += 1;
                }
                cell.insert(take - usize::from(whole), block);
            }
        }
        break;
    }
    (take, used)
}
