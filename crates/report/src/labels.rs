//! Words the reports print, in the three languages Wayline speaks. Words the board also shows
//! (confidence, roles, channels, metric kinds and statuses, teams, colours) are the board's own,
//! read from the UI catalogs by [`crate::board_words`].

use wayline_model::{Confidence, Locale, Status};

use crate::board_words::board_word;

/// `(key, [en, zh-CN, zh-TW])`
const LABELS: &[(&str, [&str; 3])] = &[
    (
        "report",
        ["Customer journey report", "客户旅程报告", "顧客旅程報告"],
    ),
    ("project", ["Project", "项目", "專案"]),
    ("map", ["Map", "旅程图", "旅程圖"]),
    ("persona", ["Persona", "用户画像", "人物誌"]),
    ("scenario", ["Scenario", "场景", "情境"]),
    (
        "expectations",
        ["Customer expectations", "客户期望", "顧客期望"],
    ),
    ("date", ["Date", "日期", "日期"]),
    ("value", ["Value", "数值", "數值"]),
    ("participants", ["Participants", "参与者", "參與者"]),
    (
        "participants_more",
        ["and {n} more", "等，另有 {n} 人", "等，另有 {n} 人"],
    ),
    ("language", ["Language", "语言", "語言"]),
    ("summary", ["Executive summary", "管理摘要", "管理摘要"]),
    (
        "low_points",
        [
            "Lowest points of the emotion curve",
            "情绪曲线的最低点",
            "情緒曲線的最低點",
        ],
    ),
    ("mean", ["mean", "平均", "平均"]),
    ("spread", ["spread", "分歧", "分歧"]),
    ("ratings", ["ratings", "个评分", "個評分"]),
    (
        "gaps",
        [
            "Biggest gaps between expected and current",
            "预期与现状差距最大的指标",
            "預期與現況差距最大的指標",
        ],
    ),
    (
        "top_pain",
        ["Top-voted pain points", "得票最多的痛点", "得票最多的痛點"],
    ),
    (
        "top_opportunities",
        [
            "Top-voted opportunities",
            "得票最多的机会点",
            "得票最多的機會點",
        ],
    ),
    ("votes", ["votes", "票", "票"]),
    (
        "confidence_mix",
        [
            "How much of the map is backed by data",
            "旅程图中有数据支持的比例",
            "旅程圖中有資料佐證的比例",
        ],
    ),
    ("the_map", ["The map", "旅程图", "旅程圖"]),
    ("continued", ["continued", "续", "續"]),
    (
        "metrics_table",
        ["Metrics and gaps", "体验指标与差距", "體驗指標與差距"],
    ),
    ("stage", ["Stage", "阶段", "階段"]),
    ("metric", ["Metric", "指标", "指標"]),
    ("target", ["Target", "目标", "目標"]),
    ("current", ["Current", "现状", "現況"]),
    ("gap", ["Gap", "差距", "差距"]),
    (
        "gap_legend",
        [
            "Gap: + better than the target, - short of it; pp: percentage points (the difference of two percentages).",
            "差距：+ 表示优于目标，- 表示未达目标；个百分点：两个百分比之差。",
            "差距：+ 表示優於目標，- 表示未達目標；個百分點：兩個百分比之差。",
        ],
    ),
    ("trend", ["Trend", "趋势", "趨勢"]),
    ("status", ["Status", "状态", "狀態"]),
    ("department", ["Department", "部门", "部門"]),
    ("links_to", ["hand-off to", "交接至", "交接至"]),
    ("nothing", ["—", "—", "—"]),
    ("lane", ["Lane", "泳道", "泳道"]),
    ("author", ["Author", "作者", "作者"]),
    (
        "no_actions",
        [
            "Teams without actions yet",
            "尚无行动的团队",
            "尚無行動的團隊",
        ],
    ),
];

pub fn label(locale: Locale, key: &str) -> String {
    let index = match locale {
        Locale::En => 0,
        Locale::ZhCn => 1,
        Locale::ZhTw => 2,
    };
    LABELS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, t)| t[index].to_owned())
        .unwrap_or_else(|| key.to_owned())
}

/// The parking lot's title, as the board's parking-lot pane shows it.
pub fn parking_lot(locale: Locale) -> String {
    board(locale, "parking.title", "Parking lot")
}

/// The board's word at `path`, or `fallback` when the catalog lacks it.
fn board(locale: Locale, path: &str, fallback: &str) -> String {
    board_word(locale, path).unwrap_or_else(|| fallback.to_owned())
}

/// A channel's display name (custom channels show their own name).
pub fn channel(locale: Locale, id: &str) -> String {
    id.strip_prefix("custom:")
        .map(str::to_owned)
        .unwrap_or_else(|| board(locale, &format!("board.channel.{id}"), id))
}

/// A department's display name (custom teams show their own name).
pub fn department(locale: Locale, id: &str) -> String {
    match id {
        built_in if wayline_model::schema::TEAMS.contains(&built_in) => {
            board(locale, &format!("dept.{id}"), id)
        }
        other => other.to_owned(),
    }
}

/// A metric's display name.
pub fn metric(locale: Locale, kind: &str, custom_label: &str) -> String {
    if kind == "custom" || !custom_label.is_empty() {
        return if custom_label.is_empty() {
            kind.to_owned()
        } else {
            custom_label.to_owned()
        };
    }
    board(locale, &format!("board.metric.kind.{kind}"), kind)
}

/// A metric's unit as the board writes it: the built-in unit ids (`pts`, `min`, `s`) in the
/// person's language, anything else (%, 1-5, a unit someone typed) as it is.
pub fn unit(locale: Locale, unit: &str) -> String {
    if unit.is_empty() || !unit.bytes().all(|b| b.is_ascii_lowercase()) {
        return unit.to_owned();
    }
    board(locale, &format!("board.metric.unitWord.{unit}"), unit)
}

/// The unit of a difference between two values of a metric: percentage points for percentages
/// (a difference of 1.4 % reads as a relative change), none for a scale (`1-5`), else the unit
/// as [`unit`] says it. The board's rule too (`gapUnit` in ui/src/components/lanes/metricName.ts).
pub fn gap_unit(locale: Locale, unit: &str) -> String {
    match unit {
        // The full-width ％ a Chinese input method types is a percentage too.
        "%" | "％" => board(locale, "board.metric.percentPoints", "pp"),
        u if u.chars().next().is_some_and(|c| c.is_ascii_digit()) => String::new(),
        u => self::unit(locale, u),
    }
}

/// A number and its unit (already in the reader's language) as the board writes them: `3.5%`,
/// `4.1 (1-5)`, `12 min` / `12 分钟`; the number alone without a unit. The UI's copy of this rule
/// is `valueText` in ui/src/components/versions/versionText.ts.
pub fn number_and_unit(number: &str, unit: &str) -> String {
    match unit {
        "" => number.to_owned(),
        "%" | "％" => format!("{number}{unit}"),
        u if u.chars().next().is_some_and(|c| c.is_ascii_digit()) => format!("{number} ({u})"),
        u => format!("{number} {u}"),
    }
}

/// How well a card is backed, as the board says it.
pub fn confidence(locale: Locale, c: Confidence) -> String {
    board(
        locale,
        &format!("board.confidence.{}", c.as_str()),
        c.as_str(),
    )
}

/// A metric's status, as the board says it.
pub fn status(locale: Locale, s: Status) -> String {
    board(
        locale,
        &format!("board.metric.status.{}", s.as_str()),
        s.as_str(),
    )
}

/// A lane role (what a cards lane holds), as the board says it.
pub fn role(locale: Locale, role: &str) -> String {
    board(locale, &format!("board.role.{role}"), role)
}

/// A card colour's name, as the board says it.
pub fn colour(locale: Locale, color: &str) -> String {
    board(locale, &format!("color.{color}"), color)
}

/// Where an action stands, as the action plan says it.
pub fn action_status(locale: Locale, s: wayline_model::ActionStatus) -> String {
    board(
        locale,
        &format!("actions.status.{}", s.as_str()),
        s.as_str(),
    )
}

/// A column of the action plan, as the Actions view heads it.
pub fn action_column(locale: Locale, column: &str) -> String {
    board(locale, &format!("actions.col.{column}"), column)
}

/// A heading the board also shows (e.g. `actions.title`), in its words.
pub fn board_heading(locale: Locale, path: &str) -> String {
    board(locale, path, path)
}

/// `text (note)`, with the full-width brackets of Chinese text in Chinese: `NPS 净推荐值（新增）`.
pub fn with_note(language: Locale, text: &str, note: &str) -> String {
    match language {
        Locale::En => format!("{text} ({note})"),
        Locale::ZhCn | Locale::ZhTw => format!("{text}（{note}）"),
    }
}

/// A label and its value: `部門：市场` (full-width colon) in Chinese, `Department: Marketing` in
/// English.
pub fn labelled(language: Locale, name: &str, value: &str) -> String {
    match language {
        Locale::En => format!("{name}: {value}"),
        Locale::ZhCn | Locale::ZhTw => format!("{name}：{value}"),
    }
}
