//! Calendar dates for printed reports and backup names, without a date library: days since the Unix epoch to a
//! proleptic Gregorian date (Howard Hinnant's civil-from-days algorithm).

/// `YYYY-MM-DD` (UTC) of a time in seconds since the Unix epoch.
pub fn iso_date(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// `YYYY-MM-DDTHHMMSSZ` (UTC) of a time in milliseconds since the Unix epoch: sorts by time and
/// is a valid file name everywhere.
pub fn file_stamp(unix_ms: i64) -> String {
    let seconds = unix_ms.div_euclid(1000);
    let of_day = seconds.rem_euclid(86_400);
    format!(
        "{}T{:02}{:02}{:02}Z",
        iso_date(seconds),
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_dates() {
        assert_eq!(super::iso_date(0), "1970-01-01");
        assert_eq!(super::iso_date(951_782_400), "2000-02-29");
        assert_eq!(super::iso_date(1_795_305_600), "2026-11-22");
        assert_eq!(
            super::file_stamp(1_795_305_600_000 + 3_723_000),
            "2026-11-22T010203Z"
        );
    }
}
