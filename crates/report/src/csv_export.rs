//! All cards as CSV: UTF-8 with a byte-order mark so that Excel opens Chinese text correctly,
//! one row per card, each cell text to a spreadsheet (spreadsheet_cells.rs).

use wayline_model::MapView;

use crate::labels::{board_heading, colour, confidence, department, label};
use crate::spreadsheet_cells::write_row;
use crate::ReportError;

pub fn cards_csv(view: &MapView, language: wayline_model::Locale) -> Result<Vec<u8>, ReportError> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        // Headings and values in the map's language, with the board's words: a card's fields are
        // headed as the inspector names them.
        let l = |key: &str| label(language, key);
        let inspector = |key: &str| board_heading(language, &format!("board.inspector.{key}"));
        let header = [
            "#".to_owned(),
            l("stage"),
            l("lane"),
            inspector("text"),
            inspector("team"),
            inspector("tags"),
            inspector("confidence"),
            inspector("votesLabel"),
            inspector("author"),
            board_heading(language, "board.stage.color"),
        ];
        write_row(&mut w, &header)?;
        for (i, card) in view.cards.iter().enumerate() {
            let stage = view
                .stages
                .iter()
                .find(|s| s.id == card.placement.stage)
                .map_or("", |s| s.title.as_str());
            let lane = view
                .lanes
                .iter()
                .find(|l| l.id == card.placement.lane)
                .map_or("", |l| l.title.as_str());
            let record = [
                (i + 1).to_string(),
                stage.to_owned(),
                lane.to_owned(),
                card.text.clone(),
                if card.department.is_empty() {
                    String::new()
                } else {
                    department(language, &card.department)
                },
                card.tags.join("; "),
                confidence(language, card.confidence),
                card.votes.to_string(),
                card.author.clone(),
                colour(language, &card.color),
            ];
            write_row(&mut w, &record)?;
        }
        w.flush().map_err(|e| ReportError::Write(e.to_string()))?;
    }
    Ok(out)
}
