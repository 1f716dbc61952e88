//! The report's action plan: per team, its actions with owner, status, due date and the metric
//! it should move. Teams share pages (a team without actions is one line, never a page of its
//! own); actions without a team come last. It follows the metrics table on its page when there
//! is room. Every heading and word is the Actions view's own.

use wayline_model::{ActionView, Locale, MapView};

use super::flow::{Flow, MUTED, TEXT};
use super::ReportInfo;
use crate::action_plan::action_target;
use crate::board_words::board_word;
use crate::labels::{action_column, action_status, board_heading, department, label, labelled};

/// The teams of the plan in a stable order: those of department lanes and cards first (as the
/// department pages list them), then any other team an action names.
pub fn plan_teams(view: &MapView, departments: &[String]) -> Vec<String> {
    let mut teams: Vec<String> = departments.to_vec();
    for a in &view.actions {
        if !a.team.is_empty() && !teams.contains(&a.team) {
            teams.push(a.team.clone());
        }
    }
    teams
}

fn rows(flow: &mut Flow, view: &MapView, info: &ReportInfo, actions: &[&ActionView]) {
    let w = flow.width();
    let widths = [w * 0.34, w * 0.14, w * 0.12, w * 0.14, w * 0.26];
    let c = |k: &str| action_column(info.language, k);
    let header = [c("title"), c("owner"), c("status"), c("due"), c("metric")];
    flow.table_header(&widths, &header, 9.0);
    let late = board_word(info.language, "actions.overdue").unwrap_or_else(|| "Overdue".into());
    for a in actions {
        // Late on the report's day, as the Actions view says it (a manager acts on the print).
        let status = action_status(info.language, a.status);
        let status = if a.is_overdue(&info.date) {
            format!("{status}\n{late}")
        } else {
            status
        };
        let cells = [
            a.title.clone(),
            a.owner.clone(),
            status,
            a.due.clone().unwrap_or_else(|| "—".into()),
            action_target(view, a, info.language),
        ];
        flow.row(&widths, &cells, 9.5, TEXT, None);
    }
    flow.end_table();
    flow.space(3.0);
}

pub fn action_plan(flow: &mut Flow, view: &MapView, info: &ReportInfo, departments: &[String]) {
    if view.actions.is_empty() {
        return;
    }
    let language = info.language;
    // After the metrics table on the same page when it fits (a short table is no page of its
    // own); after the map's pictures, on a page of its own.
    if view.metrics.is_empty() {
        flow.new_page();
    } else {
        flow.space(10.0);
    }
    flow.heading(&board_heading(language, "actions.title"), 18.0);
    let team_word = action_column(language, "team");
    let mut quiet = Vec::new();
    for team in plan_teams(view, departments) {
        let mine: Vec<&ActionView> = view.actions.iter().filter(|a| a.team == team).collect();
        let name = department(language, &team);
        if mine.is_empty() {
            quiet.push(name);
            continue;
        }
        flow.heading(&labelled(language, &team_word, &name), 12.5);
        rows(flow, view, info, &mine);
    }
    let unowned: Vec<&ActionView> = view.actions.iter().filter(|a| a.team.is_empty()).collect();
    if !unowned.is_empty() {
        flow.heading(&board_heading(language, "actions.noTeam"), 12.5);
        rows(flow, view, info, &unowned);
    }
    if !quiet.is_empty() {
        let sep = if language == Locale::En { ", " } else { "、" };
        flow.paragraph(
            &labelled(language, &label(language, "no_actions"), &quiet.join(sep)),
            10.0,
            MUTED,
        );
    }
}
