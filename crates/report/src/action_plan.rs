//! The action plan out of the map: a CSV that a spreadsheet or an issue tracker imports (UTF-8
//! with a byte-order mark, one row per action, the Actions view's headings and words in the
//! map's language) and an iCalendar file of the due dates (RFC 5545: one all-day event per dated
//! action, lines folded at 75 octets without splitting a character).

use std::fmt::Write as _;

use wayline_model::{ActionStatus, ActionView, Locale, MapView};

use crate::labels::{action_column, action_status, department, label, labelled, metric};
use crate::spreadsheet_cells::write_row;
use crate::ReportError;

/// The stage an action belongs to: its metric's, else the first answered card's.
pub fn action_stage<'a>(view: &'a MapView, action: &ActionView) -> Option<&'a str> {
    let from_metric = action
        .metric
        .as_deref()
        .and_then(|id| view.metrics.iter().find(|m| m.id == id))
        .map(|m| m.stage.as_str());
    from_metric.or_else(|| {
        action.cards.iter().find_map(|id| {
            view.cards
                .iter()
                .find(|c| &c.id == id)
                .map(|c| c.placement.stage.as_str())
        })
    })
}

/// What the action should move, as words: "NPS +10 pts" (metric, signed effect, unit).
pub fn action_target(view: &MapView, action: &ActionView, language: Locale) -> String {
    let Some(m) = action
        .metric
        .as_deref()
        .and_then(|id| view.metrics.iter().find(|m| m.id == id))
    else {
        return String::new();
    };
    let name = metric(language, &m.kind, &m.label);
    match action.effect {
        // A change of the metric, so in a difference's unit: churn "-2 pp", not "-2%", which
        // reads as a relative cut (the gap's rule, labels.rs `gap_unit`).
        Some(e) => {
            let sign = if e > 0.0 { "+" } else { "" };
            let effect = crate::labels::number_and_unit(
                &format!("{sign}{}", crate::metric_number::metric_number(e)),
                &crate::labels::gap_unit(language, &m.unit),
            );
            format!("{name} {effect}")
        }
        None => name,
    }
}

fn card_line(view: &MapView, id: &str) -> Option<String> {
    let card = view.cards.iter().find(|c| c.id == id)?;
    Some(card.text.lines().next().unwrap_or("").trim().to_owned())
}

fn team_name(language: Locale, team: &str) -> String {
    if team.is_empty() {
        String::new()
    } else {
        department(language, team)
    }
}

pub fn actions_csv(view: &MapView, language: Locale) -> Result<Vec<u8>, ReportError> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let c = |key: &str| action_column(language, key);
        let header = [
            "#".to_owned(),
            c("title"),
            c("team"),
            c("owner"),
            c("status"),
            c("due"),
            label(language, "stage"),
            c("metric"),
            c("cards"),
            c("votes"),
            label(language, "author"),
        ];
        write_row(&mut w, &header)?;
        for (i, a) in view.actions.iter().enumerate() {
            let stage = action_stage(view, a)
                .and_then(|id| view.stages.iter().find(|s| s.id == id))
                .map_or("", |s| s.title.as_str());
            let votes: i64 = a
                .cards
                .iter()
                .filter_map(|id| view.cards.iter().find(|c| &c.id == id))
                .map(|c| c.votes)
                .sum();
            let cards: Vec<String> = a
                .cards
                .iter()
                .filter_map(|id| card_line(view, id))
                .collect();
            let record = [
                (i + 1).to_string(),
                a.title.clone(),
                team_name(language, &a.team),
                a.owner.clone(),
                action_status(language, a.status),
                a.due.clone().unwrap_or_default(),
                stage.to_owned(),
                action_target(view, a, language),
                cards.join("; "),
                votes.to_string(),
                a.author.clone(),
            ];
            write_row(&mut w, &record)?;
        }
        w.flush().map_err(|e| ReportError::Write(e.to_string()))?;
    }
    Ok(out)
}

/// Text as an iCalendar TEXT value: backslash, semicolon, comma and line breaks escaped.
fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded so that no line is longer than 75 octets (a fold never splits a
/// character: a Chinese character is three octets), ended by CRLF.
fn ics_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// `YYYYMMDD` of a `YYYY-MM-DD` date, and of the day after it (an all-day event's end).
fn ics_days(due: &str) -> Option<(String, String)> {
    let day = |s: &str| -> Option<i64> { s.parse().ok() };
    let (y, m, d) = (
        day(due.get(0..4)?)?,
        day(due.get(5..7)?)?,
        day(due.get(8..10)?)?,
    );
    // days since the epoch (civil-from-days inverse), then back to a date for the next day
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let next = wayline_model::dates::iso_date((days + 1) * 86_400);
    Some((due.replace('-', ""), next.replace('-', "")))
}

/// The due dates as an iCalendar file; actions without a date are left out. `now_seconds` is the
/// time stamp every event carries.
pub fn actions_ics(view: &MapView, language: Locale, now_seconds: i64) -> Vec<u8> {
    let mut out = String::new();
    let stamp = wayline_model::dates::file_stamp(now_seconds * 1000).replace('-', "");
    ics_line(&mut out, "BEGIN:VCALENDAR");
    ics_line(&mut out, "VERSION:2.0");
    ics_line(&mut out, "PRODID:-//Wayline//Action plan//EN");
    ics_line(&mut out, "CALSCALE:GREGORIAN");
    ics_line(&mut out, &format!("X-WR-CALNAME:{}", ics_text(&view.title)));
    for a in &view.actions {
        let Some((start, end)) = a.due.as_deref().and_then(ics_days) else {
            continue;
        };
        ics_line(&mut out, "BEGIN:VEVENT");
        ics_line(&mut out, &format!("UID:{}@wayline", a.id));
        ics_line(&mut out, &format!("DTSTAMP:{stamp}"));
        ics_line(&mut out, &format!("DTSTART;VALUE=DATE:{start}"));
        ics_line(&mut out, &format!("DTEND;VALUE=DATE:{end}"));
        ics_line(&mut out, &format!("SUMMARY:{}", ics_text(&a.title)));
        let mut about = String::new();
        for (key, value) in [
            ("team", team_name(language, &a.team)),
            ("owner", a.owner.clone()),
            ("status", action_status(language, a.status)),
            ("metric", action_target(view, a, language)),
        ] {
            if !value.is_empty() {
                let _ = writeln!(
                    about,
                    "{}",
                    labelled(language, &action_column(language, key), &value)
                );
            }
        }
        ics_line(
            &mut out,
            &format!("DESCRIPTION:{}", ics_text(about.trim_end())),
        );
        if a.status == ActionStatus::Dropped {
            ics_line(&mut out, "STATUS:CANCELLED");
        }
        ics_line(&mut out, "END:VEVENT");
    }
    ics_line(&mut out, "END:VCALENDAR");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        ics_line(
            &mut out,
            &format!("SUMMARY:{}", "縮短客服回覆時間".repeat(5)),
        );
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(
            unfolded,
            format!("SUMMARY:{}\r\n", "縮短客服回覆時間".repeat(5))
        );
    }

    #[test]
    fn an_all_day_event_ends_the_next_day() {
        assert_eq!(
            ics_days("2026-12-31"),
            Some(("20261231".into(), "20270101".into()))
        );
        assert_eq!(
            ics_days("2024-02-28"),
            Some(("20240228".into(), "20240229".into()))
        );
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    /// An action's effect is a change of its metric, written as a gap is: `+8 个百分点` for a
    /// percentage (`+8%` read as a relative change), `-6 分钟`, `+0.5` on a scale (1-5 is no unit
    /// of a difference), the typed digits kept.
    #[test]
    #[allow(clippy::expect_used)]
    fn an_effect_is_written_as_a_difference_of_its_metric() {
        let doc = wayline_model::templates::instantiate("lifecycle", Locale::ZhCn, None, "T", 0)
            .expect("the template instantiates");
        let mut view = doc.view();
        let id = view
            .metrics
            .iter()
            .find(|m| m.unit == "%")
            .expect("the template has a % metric")
            .id
            .clone();
        let mut target_with = |unit: &str, effect: f64| {
            let metric = view
                .metrics
                .iter_mut()
                .find(|m| m.id == id)
                .expect("the metric is still there");
            metric.unit = unit.to_owned();
            let id = metric.id.clone();
            let Some(action) = view.actions.first_mut() else {
                panic!("the template has actions");
            };
            action.metric = Some(id);
            action.effect = Some(effect);
            let a = action.clone();
            action_target(&view, &a, Locale::ZhCn)
        };
        let percent = target_with("%", 8.0);
        assert!(percent.ends_with(" +8 个百分点"), "{percent}");
        let minutes = target_with("min", -6.0);
        assert!(minutes.ends_with(" -6 分钟"), "{minutes}");
        let scale = target_with("1-5", 0.5);
        assert!(scale.ends_with(" +0.5"), "{scale}");
        let typed = target_with("%", -2.35);
        assert!(typed.ends_with(" -2.35 个百分点"), "{typed}");
    }
}
