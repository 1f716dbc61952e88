//! The cells of the CSV files a spreadsheet opens. A value that begins with what a spreadsheet
//! reads as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return before one) is written
//! with a leading apostrophe, the spreadsheet's own mark for "this is text": a participant's card
//! reading `=HYPERLINK(…)` is then shown as its words on the facilitator's machine, never
//! evaluated. Every cell of the CSV exports goes through here, headings included; a measured value
//! (the metric values' CSV) is written as a number, which no spreadsheet runs.

use std::borrow::Cow;
use std::io::Write;

use crate::ReportError;

/// The characters that make a spreadsheet read a cell as a formula when they come first.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `value` as a cell a spreadsheet shows as text.
pub(crate) fn text_cell(value: &str) -> Cow<'_, str> {
    if value.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// Writes one row, each of its cells as text (`text_cell`).
pub(crate) fn write_row<W: Write>(
    writer: &mut csv::Writer<W>,
    row: &[String],
) -> Result<(), ReportError> {
    writer
        .write_record(row.iter().map(|cell| text_cell(cell).into_owned()))
        .map_err(|e| ReportError::Write(e.to_string()))
}

/// A cell of a row with numbers in it: words (written as `text_cell` does) or a number.
pub(crate) enum Cell<'a> {
    Text(&'a str),
    /// A finite number, already written (`2.35`, `-15`): a spreadsheet reads it as a number.
    Number(String),
}

/// Writes one row of words and numbers.
pub(crate) fn write_cells<W: Write>(
    writer: &mut csv::Writer<W>,
    row: &[Cell<'_>],
) -> Result<(), ReportError> {
    writer
        .write_record(row.iter().map(|cell| match cell {
            Cell::Text(words) => text_cell(words).into_owned(),
            Cell::Number(number) => number.clone(),
        }))
        .map_err(|e| ReportError::Write(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::text_cell;

    #[test]
    fn formulas_become_text_and_words_stay_as_written() {
        for formula in [
            "=HYPERLINK(\"http://127.0.0.1/x\",\"點我\")",
            "@SUM(1+1)",
            "+1",
            "-2",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(text_cell(formula), format!("'{formula}"));
        }
        for words in ["客户看不到价格", "NPS 40", "a=b", "", "'quoted", "3 - 2"] {
            assert_eq!(text_cell(words), words);
        }
    }
}
