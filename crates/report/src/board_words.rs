//! The words the board shows (confidence, lane roles, channels, metric kinds and statuses, teams,
//! colours) are the UI's: its catalogs (`ui/src/i18n/*.json`) are read here at compile time, so a
//! report or a CSV never says 有資料支撐 where the board says 有資料佐證, and a word fixed in the
//! UI is fixed in every export.

use std::sync::OnceLock;

use serde_json::Value;
use wayline_model::Locale;

const EN: &str = include_str!("../../../ui/src/i18n/en.json");
const ZH_CN: &str = include_str!("../../../ui/src/i18n/zh-CN.json");
const ZH_TW: &str = include_str!("../../../ui/src/i18n/zh-TW.json");

fn catalog(locale: Locale) -> &'static Value {
    static CATALOGS: OnceLock<[Value; 3]> = OnceLock::new();
    let all = CATALOGS.get_or_init(|| {
        // The catalogs are the UI's own files, checked by its tests; a broken one reads as empty
        // and every word falls back to its id rather than failing an export.
        [EN, ZH_CN, ZH_TW].map(|text| serde_json::from_str(text).unwrap_or(Value::Null))
    });
    match locale {
        Locale::En => &all[0],
        Locale::ZhCn => &all[1],
        Locale::ZhTw => &all[2],
    }
}

/// The board's word at a dotted `path` of the UI catalog (e.g. `board.confidence.backed`).
pub fn board_word(locale: Locale, path: &str) -> Option<String> {
    path.split('.')
        .try_fold(catalog(locale), |node, key| node.get(key))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reports_read_the_boards_words() {
        assert_eq!(
            board_word(Locale::ZhTw, "board.confidence.backed").as_deref(),
            Some("有資料佐證")
        );
        assert_eq!(
            board_word(Locale::ZhCn, "board.role.backstage").as_deref(),
            Some("后台")
        );
        assert_eq!(
            board_word(Locale::En, "color.teal").as_deref(),
            Some("Teal")
        );
        assert_eq!(board_word(Locale::En, "board.nothing.here"), None);
    }

    /// Every entry of the schema's lists has the board's word in every language, so no export
    /// falls back to an id (the UI's i18n test checks the same lists).
    #[test]
    fn every_listed_id_has_a_word_in_every_language() {
        use wayline_model::schema::{CARD_COLORS, CARD_ROLES, CHANNEL_IDS, TEAMS};
        use wayline_model::{metrics::METRIC_KINDS, Confidence};
        let confidences: Vec<&str> = Confidence::ALL.iter().map(|c| c.as_str()).collect();
        let lists: [(&str, &[&str]); 6] = [
            ("board.role", CARD_ROLES),
            ("dept", TEAMS),
            ("board.channel", CHANNEL_IDS),
            ("board.metric.kind", METRIC_KINDS),
            ("color", CARD_COLORS),
            ("board.confidence", &confidences),
        ];
        for locale in Locale::ALL {
            for (prefix, ids) in lists {
                for id in ids {
                    let path = format!("{prefix}.{id}");
                    assert!(board_word(*locale, &path).is_some(), "{locale}: {path}");
                }
            }
        }
    }
}
