//! How a metric value or gap is written for people in the report, the same rule as the board's
//! (`ui/src/doc/metricText.ts`; both read `tests/vectors/metric_number.json`): as typed, so 2.35
//! is not "2.4" and a row's target, actual and gap add up; grouped by thousands so 2,623,456.8 can
//! be read at a glance.

/// Decimal places kept: enough for any typed value, few enough to drop floating point's error.
const SCALE: f64 = 1e6;

/// `2.35`, `-2,623,456.8`, `0.3` for 0.30000000000000004, `0` for -0.0000001.
pub fn metric_number(value: f64) -> String {
    // Half up, exactly as JavaScript's Math.round, so that both sides agree on every value
    // (floor(x + 0.5) differs from it once x is too large for the added half to be exact).
    let scaled = value * SCALE;
    let floor = scaled.floor();
    let rounded = if scaled - floor >= 0.5 {
        floor + 1.0
    } else {
        floor
    } / SCALE;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    let text = rounded.to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}
