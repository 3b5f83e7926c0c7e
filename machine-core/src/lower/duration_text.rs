//! Durations as a spec writes them: `14d`, `2w`, `12h`.

use crate::model::Duration;

/// The durations [`parse_duration`] reads, as a regular expression for the JSON Schema: a
/// whole number above zero and a unit (a number too large for its unit is for the checks
/// only). `tests/tests/schema.rs` holds the two equal on every fixture.
pub const DURATION_PATTERN: &str = "^\\s*0*[1-9][0-9]*\\s*[smhdw]\\s*$";

/// Parses `14d`, `2w`, `90d`, `12h`, `30m`, `45s`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let trimmed = text.trim();
    let digits_end = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(digits_end);
    if number.is_empty() {
        return Err("it does not start with a number".into());
    }
    let unit_seconds: u64 = match unit.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        "w" => 604_800,
        "" => return Err("it has no unit".into()),
        other => return Err(format!("`{other}` is not a unit")),
    };
    let number: u64 = number
        .parse()
        .map_err(|_| "the number is too large".to_owned())?;
    if number == 0 {
        return Err("a timeout of zero never lets the state be seen".into());
    }
    let seconds = number
        .checked_mul(unit_seconds)
        .ok_or_else(|| "the duration is too long".to_owned())?;
    Ok(Duration::fixed(format!("{number}{}", unit.trim()), seconds))
}
