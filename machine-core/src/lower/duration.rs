//! Durations as a spec writes them: `14d`, `2w`, `12h`.

use crate::diagnostic::{Code, Diagnostic};
use crate::ident::{Case, rust_ident};
use crate::model::{Duration, DurationId, NamedDuration};
use crate::spanned::Spanned;

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

impl super::Lowerer<'_> {
    /// The named durations, declared like guards: a method each (`snake_case`) and a variant
    /// of the generated `NamedDuration` enum.
    pub(super) fn declare_durations(
        &mut self,
        defs: &crate::spanned::Map<crate::ast::DurationDef>,
    ) -> Vec<NamedDuration> {
        let durations = self.declare(defs, Case::Snake, "duration", |name, def| NamedDuration {
            variant: if name.rust.is_empty() {
                String::new()
            } else {
                rust_ident(&name.spec, Case::UpperCamel).unwrap_or_default()
            },
            doc: super::text(def.doc.as_ref()),
            shorter_than: Vec::new(),
            name,
        });
        self.check_duration_variants(&durations);
        for (index, duration) in durations.iter().enumerate() {
            self.durations
                .declare(&duration.name.spec, DurationId::from_index(index));
        }
        let mut durations = durations;
        for (duration, (_, def)) in durations.iter_mut().zip(defs.iter()) {
            for name in def.shorter_than.iter() {
                if let Some(id) = self.durations.resolve(name, self.diagnostics)
                    && !duration.shorter_than.contains(&id)
                {
                    duration.shorter_than.push(id);
                }
            }
        }
        self.check_duration_order(&durations, defs);
        durations
    }

    /// The order `shorter_than:` states must have no circle (`a` shorter than `b`, and `b`
    /// shorter than `a`, or than itself).
    fn check_duration_order(
        &mut self,
        durations: &[NamedDuration],
        defs: &crate::spanned::Map<crate::ast::DurationDef>,
    ) {
        let shorter = crate::model::shorter_closure(durations);
        let mut reported: Vec<usize> = Vec::new();
        for (index, ((_, def), duration)) in defs.iter().zip(durations).enumerate() {
            // One finding a circle, at its first duration.
            let in_reported_circle = reported
                .iter()
                .any(|&r| shorter[r][index] && shorter[index][r]);
            if !shorter[index][index] || in_reported_circle {
                continue;
            }
            reported.push(index);
            let Some(name) = def.shorter_than.iter().find(|n| {
                self.durations
                    .lookup(&n.value)
                    .is_some_and(|id| shorter[id.index()][index] || id.index() == index)
            }) else {
                continue;
            };
            self.push(
                Diagnostic::new(
                    Code::DurationOrderCycle,
                    name.span,
                    format!(
                        "duration `{}` is declared shorter than `{}`, which is itself shorter than `{}` through `shorter_than:`",
                        duration.name.spec, name.value, duration.name.spec
                    ),
                )
                .with_label("closes a circle of `shorter_than:`")
                .with_help(
                    "a duration cannot be shorter than itself: remove one `shorter_than:` of the circle",
                ),
            );
        }
    }

    /// A timeout's `after:`: a fixed duration (`14d`), or the name of a declared one. Text
    /// that starts with a digit is a fixed duration; other text is a name.
    pub(super) fn after(&mut self, after: &Spanned<String>) -> Option<Duration> {
        let text = after.value.trim();
        if !text.starts_with(|c: char| c.is_ascii_digit()) && !text.is_empty() {
            let id = self.durations.resolve(after, self.diagnostics)?;
            return Some(Duration {
                text: text.to_owned(),
                seconds: 0,
                named: Some(id),
            });
        }
        match parse_duration(text) {
            Ok(after) => Some(after),
            Err(why) => {
                self.push(
                    Diagnostic::new(
                        Code::InvalidDuration,
                        after.span,
                        format!("invalid duration `{}`: {why}", after.value),
                    )
                    .with_help(
                        "write a whole number and a unit: `30s`, `15m`, `12h`, `14d` or `2w`, \
                         or the name of a duration declared under `durations:`",
                    ),
                );
                None
            }
        }
    }
}
