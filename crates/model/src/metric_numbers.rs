//! The numbers of a metric: what people type (thousands separators, full-width digits, a decimal
//! comma where it cannot be a thousands separator) and which values a kind and unit allow (an NPS
//! of 1000 or a 130 % retention rate is a typing mistake, not data). The UI's
//! `ui/src/doc/metricNumbers.ts` implements the same rules; both are tested against
//! `tests/vectors/metric_numbers.json`.

/// The inclusive bounds a value of this kind and unit must lie within (`None`: unbounded).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl Range {
    pub fn contains(self, v: f64) -> bool {
        v.is_finite() && self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }
}

/// A scale unit such as `1-5`, `1–7` or `0-10`.
fn scale(unit: &str) -> Option<(f64, f64)> {
    let (a, b) = unit.split_once(['-', '–'])?;
    let (a, b) = (a.trim().parse::<u32>().ok()?, b.trim().parse::<u32>().ok()?);
    (a < b).then_some((f64::from(a), f64::from(b)))
}

/// Units of time: a duration is never negative.
pub const TIME_UNITS: &[&str] = &[
    "ms", "s", "min", "h", "d", "秒", "分钟", "分鐘", "小时", "小時", "天",
];

/// Which values a metric of `kind` measured in `unit` may take.
pub fn allowed_range(kind: &str, unit: &str) -> Range {
    let unit = unit.trim();
    let bounded = |min: f64, max: f64| Range {
        min: Some(min),
        max: Some(max),
    };
    if kind == "nps" {
        return bounded(-100.0, 100.0);
    }
    if unit == "%" || unit == "％" {
        return bounded(0.0, 100.0);
    }
    if let Some((a, b)) = scale(unit) {
        return bounded(a, b);
    }
    if kind == "call_hold_time" || TIME_UNITS.contains(&unit) {
        return Range {
            min: Some(0.0),
            max: None,
        };
    }
    Range {
        min: None,
        max: None,
    }
}

/// Spaces people put between groups of thousands.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Whether `int` is digits in groups of three after a first group of one to three, split by `sep`.
fn grouped(int: &str, sep: char) -> bool {
    let mut groups = int.split(sep);
    let first = groups.next().unwrap_or("");
    let digits = |g: &str| g.chars().all(|c| c.is_ascii_digit());
    (1..=3).contains(&first.len()) && digits(first) && groups.all(|g| g.len() == 3 && digits(g))
}

/// Parses a typed metric value: `Ok(None)` for an empty field, `Err(())` when it is not a number.
#[allow(clippy::result_unit_err)]
pub fn parse_metric_number(raw: &str) -> Result<Option<f64>, ()> {
    let mut t: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '，' => ',',
            '．' | '。' => '.',
            '－' | '−' => '-',
            '＋' => '+',
            '％' => '%',
            _ => c,
        })
        .collect();
    if let Some(rest) = t.strip_suffix('%') {
        t = rest.trim_end().to_owned();
    }
    if t.is_empty() {
        return if raw.trim().is_empty() {
            Ok(None)
        } else {
            Err(())
        };
    }
    let (sign, body) = match t.strip_prefix(['-', '+']) {
        Some(rest) => (if t.starts_with('-') { "-" } else { "" }, rest.to_owned()),
        None => ("", t.clone()),
    };
    let body = if body.contains(is_group_space) {
        let (int, frac) = body.split_once(['.', ',']).unwrap_or((body.as_str(), ""));
        let first_space = int.chars().find(|c| is_group_space(*c)).unwrap_or(' ');
        if !grouped(int, first_space) || frac.contains(is_group_space) {
            return Err(());
        }
        let int: String = int.chars().filter(|c| !is_group_space(*c)).collect();
        if frac.is_empty() && !body.ends_with(['.', ',']) {
            int
        } else {
            format!("{int}.{frac}")
        }
    } else {
        let commas = body.matches(',').count();
        let dots = body.matches('.').count();
        match (body.rfind(','), body.rfind('.')) {
            (None, None) => body,
            (None, Some(_)) if dots == 1 => body,
            (None, Some(_)) if grouped(&body, '.') => body.replace('.', ""),
            (Some(_), None) if grouped(&body, ',') => body.replace(',', ""),
            // One comma that cannot be a thousands separator: a decimal comma.
            (Some(_), None) if commas == 1 => body.replace(',', "."),
            // Both marks: the last one is the decimal mark, the other groups thousands.
            (Some(comma), Some(dot)) => {
                let (decimal, group) = if comma > dot { (',', '.') } else { ('.', ',') };
                let (int, frac) = body.rsplit_once(decimal).unwrap_or((&body, ""));
                if !grouped(int, group) || frac.contains([',', '.']) {
                    return Err(());
                }
                format!("{}.{frac}", int.replace(group, ""))
            }
            _ => return Err(()),
        }
    };
    let plain = |s: &str| {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = |g: &str| g.chars().all(|c| c.is_ascii_digit());
        digits(int) && digits(frac) && !(int.is_empty() && frac.is_empty())
    };
    if !plain(&body) {
        return Err(());
    }
    let value: f64 = format!("{sign}{body}").parse().map_err(|_| ())?;
    if value.is_finite() {
        Ok(Some(value))
    } else {
        Err(())
    }
}

impl crate::MapDoc {
    /// Every stored number of every metric, by `(metric id, field)`, with whether the kind and
    /// unit allow it. The host compares this before and after a client's update and refuses an
    /// update that writes a value no kind allows; a value that only became out of range because
    /// its unit changed is left alone (the person who typed it saw it accepted).
    pub fn metric_numbers(
        &self,
    ) -> std::collections::BTreeMap<(String, &'static str), (f64, bool)> {
        let mut out = std::collections::BTreeMap::new();
        let value =
            serde_json::to_value(self.loro().get_map(crate::schema::METRICS).get_deep_value())
                .unwrap_or(serde_json::Value::Null);
        let Some(all) = value.as_object() else {
            return out;
        };
        for (id, m) in all {
            let text = |k: &str| m.get(k).and_then(|v| v.as_str()).unwrap_or("");
            let range = allowed_range(text("kind"), text("unit"));
            for field in ["expected", "current", "amber", "red"] {
                if let Some(v) = m.get(field).and_then(serde_json::Value::as_f64) {
                    let allowed = match field {
                        "amber" | "red" => v >= 0.0,
                        _ => range.contains(v),
                    };
                    out.insert((id.clone(), field), (v, allowed));
                }
            }
        }
        out
    }

    /// The first `(metric id, field)` whose value differs from `before` and is not allowed.
    pub fn first_new_impossible_metric_value(
        &self,
        before: &std::collections::BTreeMap<(String, &'static str), (f64, bool)>,
    ) -> Option<(String, &'static str)> {
        self.metric_numbers()
            .into_iter()
            .find(|(key, (v, allowed))| {
                !allowed
                    && before
                        .get(key)
                        .is_none_or(|(old, _)| old.to_bits() != v.to_bits())
            })
            .map(|(key, _)| key)
    }
}
