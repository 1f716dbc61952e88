//! The text sections of the report: cover, executive summary, metrics table, the departments'
//! part of the map, parking lot. A section with nothing to show is left out.

use wayline_model::{CardView, Confidence, LaneKind, Locale, MapView, MetricView, Status};

use super::flow::{Flow, MUTED, TEXT};
use super::ReportInfo;
use crate::labels::{
    confidence, department, label, labelled, metric, parking_lot as parking_lot_title, role, status,
};

pub fn status_color(status: Status) -> &'static str {
    match status {
        Status::Green => "#2e9e5b",
        Status::Amber => "#e0a100",
        Status::Red => "#d64545",
        Status::Unknown => "#9aa0a6",
    }
}

fn status_label(info: &ReportInfo, s: Status) -> String {
    status(info.language, s)
}

fn number(language: Locale, v: Option<f64>, unit: &str) -> String {
    super::with_unit(language, v, unit)
}

fn stage_title<'a>(view: &'a MapView, id: &str) -> &'a str {
    view.stages
        .iter()
        .find(|s| s.id == id)
        .map_or("", |s| s.title.as_str())
}

/// Most participants the cover names; the rest are counted.
const COVER_PARTICIPANTS: usize = 60;

/// The cover's participants: the first [`COVER_PARTICIPANTS`] names, then how many more.
fn participants_line(info: &ReportInfo) -> String {
    let shown = &info.participants[..info.participants.len().min(COVER_PARTICIPANTS)];
    let separator = match info.language {
        Locale::En => ", ",
        _ => "、",
    };
    let mut line = shown.join(separator);
    let more = info.participants.len() - shown.len();
    if more > 0 {
        let words = label(info.language, "participants_more").replace("{n}", &more.to_string());
        line.push_str(match info.language {
            Locale::En => " ",
            _ => "",
        });
        line.push_str(&words);
    }
    line
}

pub fn cover(flow: &mut Flow, view: &MapView, info: &ReportInfo) {
    let l = |k: &str| label(info.language, k);
    flow.space(25.0);
    flow.paragraph(&l("report"), 12.0, MUTED);
    flow.heading(&view.title, 26.0);
    flow.space(6.0);
    let mut rows = vec![
        (l("project"), info.project.clone()),
        (
            l("persona"),
            info.persona.clone().unwrap_or_else(|| "—".into()),
        ),
    ];
    if !view.scenario.is_empty() {
        rows.push((l("scenario"), view.scenario.clone()));
    }
    if !view.expectations.is_empty() {
        rows.push((l("expectations"), view.expectations.clone()));
    }
    rows.push((l("date"), info.date.clone()));
    if !info.participants.is_empty() {
        rows.push((l("participants"), participants_line(info)));
    }
    rows.push((l("language"), info.language_name.clone()));
    let w = flow.width();
    for (k, v) in rows {
        flow.row(&[w * 0.28, w * 0.72], &[k, v], 11.0, TEXT, None);
    }
}

fn ranked_gaps(view: &MapView) -> Vec<&MetricView> {
    let mut gaps: Vec<&MetricView> = view
        .metrics
        .iter()
        .filter(|m| matches!(m.status(), Status::Red | Status::Amber))
        .collect();
    // Worst status first, then the largest shortfall relative to the target.
    let relative = |m: &MetricView| {
        let s = m.shortfall().unwrap_or(0.0);
        let base = m.expected.unwrap_or(1.0).abs().max(1e-9);
        s / base
    };
    gaps.sort_by(|a, b| {
        b.status()
            .cmp(&a.status())
            .then(relative(b).total_cmp(&relative(a)))
    });
    gaps
}

fn lane_role<'a>(view: &'a MapView, card: &CardView) -> &'a str {
    view.lanes
        .iter()
        .find(|l| l.id == card.placement.lane)
        .map_or("", |l| l.role.as_str())
}

pub fn summary(flow: &mut Flow, view: &MapView, info: &ReportInfo) {
    let l = |k: &str| label(info.language, k);
    flow.heading(&l("summary"), 20.0);
    let w = flow.width();

    // Each emotion lane (one per persona or segment, say) has its own low points.
    let emotion_lanes: Vec<_> = view
        .lanes
        .iter()
        .filter(|l| l.kind == LaneKind::Emotion)
        .collect();
    let mut points: Vec<(String, String, f64, i64, i64, usize)> = emotion_lanes
        .iter()
        .flat_map(|lane| {
            let named = emotion_lanes.len() > 1;
            view.stage_emotions(&lane.id).into_iter().map(move |p| {
                let (stage, mean, min, max, n) = (p.stage, p.mean, p.min, p.max, p.count);
                let title = stage_title(view, &stage).to_owned();
                let title = if named {
                    crate::labels::with_note(info.language, &title, &lane.title)
                } else {
                    title
                };
                (stage, title, mean, min, max, n)
            })
        })
        .collect();
    if !points.is_empty() {
        points.sort_by(|a, b| a.2.total_cmp(&b.2));
        flow.heading(&l("low_points"), 13.0);
        // A rating as the board's emotion buttons write it: −2 … 0 … +2 ("+0" read as odd), and
        // a spread whose ends agree as the one rating.
        let score = |v: i64| match v.signum() {
            1 => format!("+{v}"),
            -1 => format!("−{}", v.abs()),
            _ => "0".to_owned(),
        };
        for (_, title, mean, min, max, n) in points.iter().take(3) {
            let spread = if min == max {
                score(*min)
            } else {
                format!("{}…{}", score(*min), score(*max))
            };
            let text = format!(
                "{title} — {} {} · {} {spread} · {n} {}",
                l("mean"),
                super::changes_pages::mean(Some(*mean)),
                l("spread"),
                l("ratings")
            );
            flow.paragraph_at(2.0, &text, 10.0, TEXT);
        }
        flow.space(3.0);
    }

    let gaps = ranked_gaps(view);
    if !gaps.is_empty() {
        flow.heading(&l("gaps"), 13.0);
        for m in gaps.iter().take(5) {
            let cells = [
                stage_title(view, &m.stage).to_owned(),
                metric(info.language, &m.kind, &m.label),
                format!(
                    "{} {} · {} {} · {} {}",
                    l("target"),
                    number(info.language, m.expected, &m.unit),
                    l("current"),
                    number(info.language, m.current, &m.unit),
                    l("gap"),
                    m.shortfall()
                        .map(|s| super::gap_text(info.language, s, &m.unit))
                        .unwrap_or_else(|| "—".into())
                ),
                status_label(info, m.status()),
            ];
            flow.row(
                &[w * 0.2, w * 0.25, w * 0.35, w * 0.2],
                &cells,
                9.5,
                TEXT,
                Some(status_color(m.status())),
            );
        }
        flow.space(3.0);
    }

    for (role, key) in [
        ("pain_points", "top_pain"),
        ("opportunities", "top_opportunities"),
    ] {
        let mut voted: Vec<&CardView> = view
            .cards
            .iter()
            .filter(|c| c.votes > 0 && lane_role(view, c) == role)
            .collect();
        if voted.is_empty() {
            continue;
        }
        voted.sort_by_key(|c| std::cmp::Reverse(c.votes));
        flow.heading(&l(key), 13.0);
        // Cards with as many votes are said to be tied, as the voting panel's results say.
        let tie = crate::board_words::board_word(info.language, "voting.tie")
            .unwrap_or_else(|| "tie".into());
        for card in voted.iter().take(5) {
            let tied = voted.iter().filter(|c| c.votes == card.votes).count() > 1;
            let votes = if tied {
                crate::labels::with_note(
                    info.language,
                    &format!("{} {}", card.votes, l("votes")),
                    &tie,
                )
            } else {
                format!("{} {}", card.votes, l("votes"))
            };
            let text = format!(
                "{votes} · {} — {}",
                stage_title(view, &card.placement.stage),
                card.text.replace('\n', " ")
            );
            flow.paragraph_at(2.0, &text, 10.0, TEXT);
        }
        flow.space(3.0);
    }

    if !view.cards.is_empty() {
        // The heading with the whole block below it (the heading keeps only 20 mm).
        flow.ensure(36.0);
        flow.heading(&l("confidence_mix"), 13.0);
        let total = view.cards.len() as f32;
        let mix = [
            (Confidence::Assumption, "#e8833a"),
            (Confidence::Partial, "#e0b400"),
            (Confidence::Backed, "#2e9e5b"),
        ];
        // The bar and its three legend lines stay together: a legend line alone on the next page
        // (A4 landscape) read as something else.
        flow.ensure(7.0 + 3.0 * 5.5 + 1.0);
        let (x0, y) = (flow.geometry.margin, flow.y);
        let mut x = x0;
        for (kind, color) in mix {
            let n = view.cards.iter().filter(|c| c.confidence == kind).count() as f32;
            let bar = w * n / total;
            if bar > 0.0 {
                flow.page().rect(x, y, bar, 5.0, color, None);
            }
            x += bar;
        }
        flow.y += 7.0;
        for (kind, color) in mix {
            let n = view.cards.iter().filter(|c| c.confidence == kind).count();
            let pct = n as f32 * 100.0 / total;
            let (x, y) = (flow.geometry.margin, flow.y);
            flow.page().rect(x, y + 0.8, 3.0, 3.0, color, None);
            flow.page().text(
                x + 5.0,
                y,
                10.0,
                TEXT,
                &format!("{} — {n} ({pct:.0}%)", confidence(info.language, kind)),
            );
            flow.y += 5.5;
        }
    }
}

/// A department list's row: the card's stage, its text, its votes.
fn card_cells(c: &CardView, view: &MapView, votes: &str) -> [String; 3] {
    [
        stage_title(view, &c.placement.stage).to_owned(),
        c.text.clone(),
        if c.votes > 0 {
            format!("{} {votes}", c.votes)
        } else {
            String::new()
        },
    ]
}

/// What a department list's start needs on its page: its heading, and the 20 mm a heading keeps
/// or its first row, whichever is more (a row too tall for what is left moves whole to the next
/// page, which left the heading behind), up to a third of the page (a taller row is split).
fn list_start(
    flow: &Flow,
    title: &str,
    first: &CardView,
    view: &MapView,
    widths: &[f32],
    votes: &str,
) -> f32 {
    let row = flow
        .row_height(widths, &card_cells(first, view, votes), 9.5)
        .min(flow.geometry.height / 3.0);
    flow.heading_height(title, 11.5) + row.max(20.0)
}

/// The last few dated actual values, oldest first: `22 → 27 → 31 → 34` (empty without history).
fn trend(m: &MetricView) -> String {
    let values: Vec<String> = m
        .history
        .iter()
        .filter_map(|p| p.actual)
        .map(|v| super::with_unit(Locale::En, Some(v), "").trim().to_owned())
        .collect();
    let shown = &values[values.len().saturating_sub(4)..];
    shown.join(" → ")
}

pub fn metrics_table(flow: &mut Flow, view: &MapView, info: &ReportInfo) {
    if view.metrics.is_empty() {
        return;
    }
    let l = |k: &str| label(info.language, k);
    flow.heading(&l("metrics_table"), 18.0);
    let w = flow.width();
    // The numbers get room enough for seven digits and a unit on one line in portrait.
    let widths = [
        w * 0.14,
        w * 0.18,
        w * 0.13,
        w * 0.13,
        w * 0.13,
        w * 0.15,
        w * 0.14,
    ];
    let header = [
        "stage", "metric", "target", "current", "gap", "trend", "status",
    ]
    .map(l);
    flow.table_header(&widths, &header, 9.5);
    // Stage by stage, each stage named once above its metrics: a long stage name repeated on
    // every row took a dozen lines of a portrait page each time.
    let stage_index = |id: &str| view.stages.iter().position(|s| s.id == id);
    let mut metrics: Vec<&MetricView> = view.metrics.iter().collect();
    metrics.sort_by_key(|m| stage_index(&m.stage));
    let mut previous: Option<&str> = None;
    for m in metrics {
        let gap = m
            .shortfall()
            .map(|s| super::gap_text(info.language, s, &m.unit))
            .unwrap_or_else(|| "—".into());
        let stage = if previous == Some(m.stage.as_str()) {
            String::new()
        } else {
            stage_title(view, &m.stage).to_owned()
        };
        previous = Some(m.stage.as_str());
        let cells = [
            stage,
            metric(info.language, &m.kind, &m.label),
            number(info.language, m.expected, &m.unit),
            number(info.language, m.current, &m.unit),
            gap,
            trend(m),
            status_label(info, m.status()),
        ];
        flow.row(&widths, &cells, 9.5, TEXT, Some(status_color(m.status())));
    }
    flow.end_table();
    flow.space(2.0);
    flow.paragraph(&l("gap_legend"), 8.5, MUTED);
}

/// Departments that own something on the map, in a stable order.
pub fn departments(view: &MapView) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let known = view
        .lanes
        .iter()
        .map(|l| l.department.clone())
        .chain(view.cards.iter().map(|c| c.department.clone()));
    for d in known {
        if !d.is_empty() && !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

/// What each department owns on the map: its pain points, opportunities and backstage work.
/// The departments follow one another on shared pages (a heading never ends a page), so a
/// department with one card is a few lines, not a page.
pub fn department_pages(
    flow: &mut Flow,
    view: &MapView,
    info: &ReportInfo,
    departments: &[String],
) {
    let l = |k: &str| label(info.language, k);
    let w = flow.width();
    let widths = [w * 0.2, w * 0.65, w * 0.15];
    let mut started = false;
    for d in departments {
        let owned = |role: &str| -> Vec<&CardView> {
            view.cards
                .iter()
                .filter(|c| &c.department == d && lane_role(view, c) == role)
                .collect()
        };
        let (pain, opportunities) = (owned("pain_points"), owned("opportunities"));
        let backstage: Vec<&CardView> = view
            .cards
            .iter()
            .filter(|c| {
                view.lanes
                    .iter()
                    .any(|lane| lane.id == c.placement.lane && &lane.department == d)
            })
            .collect();
        if pain.is_empty() && opportunities.is_empty() && backstage.is_empty() {
            continue;
        }
        if started {
            flow.space(4.0);
        } else if view.metrics.is_empty() && view.actions.is_empty() {
            // straight after the map's pictures: a page of its own
            flow.new_page();
        } else {
            flow.space(10.0);
        }
        started = true;
        // The department's heading goes with its first list's heading and first row (it was
        // left alone at the bottom of a page).
        let department_title = labelled(
            info.language,
            &l("department"),
            &department(info.language, d),
        );
        let first_list = [
            (role(info.language, "pain_points"), &pain),
            (role(info.language, "opportunities"), &opportunities),
            (role(info.language, "backstage"), &backstage),
        ]
        .into_iter()
        .find_map(|(title, cards)| cards.first().map(|c| (title, *c)));
        if let Some((title, card)) = first_list {
            flow.ensure(
                flow.heading_height(&department_title, 15.0)
                    + list_start(flow, &title, card, view, &widths, &l("votes")),
            );
        }
        flow.heading(&department_title, 15.0);
        for (title, cards) in [
            (role(info.language, "pain_points"), pain),
            (role(info.language, "opportunities"), opportunities),
            (role(info.language, "backstage"), backstage),
        ] {
            if cards.is_empty() {
                continue;
            }
            // The list's heading with its first row (a row too tall for what is left moves whole
            // to the next page, which left the heading behind), up to a third of a page.
            if let Some(first) = cards.first() {
                flow.ensure(list_start(flow, &title, first, view, &widths, &l("votes")));
            }
            flow.heading(&title, 11.5);
            for c in cards {
                flow.row(&widths, &card_cells(c, view, &l("votes")), 9.5, TEXT, None);
            }
            flow.space(3.0);
        }
    }
}

pub fn parking_lot(flow: &mut Flow, view: &MapView, info: &ReportInfo) {
    if view.parking.is_empty() {
        return;
    }
    flow.new_page();
    flow.heading(&parking_lot_title(info.language), 18.0);
    for item in &view.parking {
        let text = if item.author.is_empty() {
            item.text.clone()
        } else {
            format!("{} — {}", item.text, item.author)
        };
        flow.bullet_item(&text, 10.0, TEXT);
    }
}
