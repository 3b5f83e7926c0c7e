//! Durations as a spec writes them: `14d`, `2w`, `12h`.

use crate::model::Duration;

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
    Ok(Duration {
        text: format!("{number}{}", unit.trim()),
        seconds,
    })
}
