//! `machine run`: drive a spec's interpreter with a script of inputs and print each step, so a
//! spec can be tried without writing Rust.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use crate::script::{self, Item, Record};
use machine_core::model::Start;
use machine_core::semantics::{self, Config, Input};
use machine_core::{Model, words};

use crate::report::ColorChoice;
use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Format, spec_file};

/// The arguments of `machine run`.
pub struct Run<'a> {
    /// The spec file.
    pub spec: &'a Path,
    /// The script of inputs.
    pub events: &'a str,
    /// The named start to begin from (needed when the spec has several).
    pub start: Option<&'a str>,
    /// What guards not named in the script answer.
    pub guards_hold: bool,
    /// The values of the named durations, `NAME=DURATION` each.
    pub durations: &'a [String],
    /// Human text or JSON lines.
    pub format: Format,
}

pub fn run(
    args: &Run<'_>,
    color: ColorChoice,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, String> {
    let Some(model) = spec_file::compile(args.spec, color, err)? else {
        let _ = writeln!(
            err,
            "error: {} has errors; nothing was run",
            spec_file::display_name(args.spec)
        );
        return Ok(EXIT_FINDINGS);
    };
    let model = &model;
    let (config, begin) = match start(model, args.start) {
        Ok(start) => (Config::start(model, start), start),
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return Ok(EXIT_USAGE);
        }
    };
    let items = match script::parse(model, args.events) {
        Ok(items) => items,
        Err(e) => {
            let _ = writeln!(
                err,
                "error: in --events, at `{}`: {}",
                args.events.get(e.offset..).unwrap_or("").trim_end(),
                e.message
            );
            return Ok(EXIT_USAGE);
        }
    };
    let durations = match script::durations(model, args.durations) {
        Ok(durations) => durations,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return Ok(EXIT_USAGE);
        }
    };
    let records = script::run(model, config.clone(), &items, args.guards_hold, &durations);
    let text = match args.format {
        Format::Human => human(model, begin, &config, &items, &records),
        Format::Json => json(model, begin, &config, &records)?,
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    let refused = records.iter().filter(|r| r.outcome.is_err()).count();
    Ok(if refused > 0 { EXIT_FINDINGS } else { EXIT_OK })
}

/// The start the run begins with: the only one, or the named one.
fn start<'m>(model: &'m Model, name: Option<&str>) -> Result<&'m Start, String> {
    let names: Vec<&str> = model
        .starts
        .iter()
        .filter_map(|s| s.name.as_ref().map(|n| n.spec.as_str()))
        .collect();
    match (name, model.starts.as_slice()) {
        (None, [only]) => Ok(only),
        (None, _) => Err(format!(
            "the spec has several starts: choose one with --start {}",
            names.join("|")
        )),
        (Some(name), starts) => starts
            .iter()
            .find(|s| s.name.as_ref().is_some_and(|n| n.spec == name))
            .ok_or_else(|| {
                if names.is_empty() {
                    format!("the spec has one unnamed start; drop --start {name}")
                } else {
                    format!(
                        "unknown start `{name}`; the starts are {}",
                        names.join(", ")
                    )
                }
            }),
    }
}

fn state(model: &Model, id: machine_core::model::StateId) -> &str {
    words::state(model, id)
}

/// What the input was, as the script writes it: an expiry as the timer that expired (`after
/// 14d`), since the script let time pass (`+14d`) rather than name it.
fn input_text(model: &Model, record: &Record) -> String {
    match record.input {
        Input::Expire(timer) => format!(
            "{}{}",
            words::timer(model, timer),
            words::guard_values(model, &record.asked)
        ),
        input => words::input(model, input, &record.asked),
    }
}

fn human(
    model: &Model,
    begin: &Start,
    config: &Config,
    items: &[Item],
    records: &[Record],
) -> String {
    let entry = semantics::start_actions(model, begin);
    let mut text = format!(
        "{} starts in {}{}\n",
        model.name.spec,
        state(model, config.state(model)),
        if entry.is_empty() {
            String::new()
        } else {
            format!("; actions: {}", words::actions(model, &entry))
        }
    );
    // Each item is a line or more: its steps, or, for a wait in which nothing expires, the
    // wait itself, so the numbers follow the script. A line's cells: the item's number, the
    // time, the input and what it did.
    let mut lines: Vec<[String; 4]> = Vec::new();
    // The run's time, as the script's clocks keep it: a wait moves it on, unless the
    // lifecycle has ended (then it stops at the end).
    let (mut now, mut ended) = (0u64, config.ended);
    for (index, item) in items.iter().enumerate() {
        let mut stepped = false;
        for record in records.iter().filter(|r| r.item == index) {
            stepped = true;
            if let Ok((next, _)) = &record.outcome
                && next.ended
                && !ended
            {
                ended = true;
                now = record.time;
            }
            let what = match &record.outcome {
                // In a nested spec, where the machine is now in the tree.
                Ok((next, step)) if model.is_nested() => format!(
                    "{}; in {}",
                    words::step(model, step),
                    words::configuration(model, next)
                ),
                Ok((_, step)) => words::step(model, step),
                Err(refusal) => format!(
                    "refused in {}: {}",
                    state(model, record.before.state(model)),
                    words::refusal_in(model, &record.before, refusal)
                ),
            };
            lines.push([
                (index + 1).to_string(),
                words::duration(record.time),
                input_text(model, record),
                what,
            ]);
        }
        if let Item::Wait(seconds) = item {
            if !ended {
                now = now.saturating_add(*seconds);
            }
            if !stepped {
                lines.push([
                    (index + 1).to_string(),
                    words::duration(now),
                    format!("+{}", words::duration(*seconds)),
                    "nothing expires".into(),
                ]);
            }
        }
    }
    // Each column as wide as its widest cell, so a long time (`14d2h30m`) or the 10,000th
    // input does not push the rest of its line out of line.
    let widest = |column: usize, least: usize| {
        lines
            .iter()
            .map(|line| line[column].chars().count())
            .max()
            .unwrap_or(0)
            .max(least)
    };
    let (number, time, width) = (widest(0, 4), widest(1, 6), widest(2, 0));
    for [item, at, input, what] in &lines {
        let _ = writeln!(
            text,
            "{item:>number$}  {at:>time$}  {input:<width$}  {what}"
        );
    }
    let refused = records.iter().filter(|r| r.outcome.is_err()).count();
    let end = records
        .last()
        .map_or(config, |r| r.outcome.as_ref().map_or(&r.before, |(c, _)| c));
    let _ = writeln!(
        text,
        "{} {} {}{}",
        if end.ended { "ended in" } else { "now in" },
        state(model, end.state(model)),
        match refused {
            0 => "(every input accepted)".to_owned(),
            1 => "(1 input refused)".to_owned(),
            n => format!("({n} inputs refused)"),
        },
        end.history.as_ref().map_or(String::new(), |h| format!(
            "; faulted from {}",
            state(model, semantics::summary(model, h))
        )),
    );
    text
}

fn json(
    model: &Model,
    begin: &Start,
    config: &Config,
    records: &[Record],
) -> Result<String, String> {
    let mut text = String::new();
    let entry: Vec<&str> = semantics::start_actions(model, begin)
        .iter()
        .map(|&a| model.action(a).name.spec.as_str())
        .collect();
    let configuration = |config: &Config| -> Vec<&str> {
        config.configuration().map(|s| state(model, s)).collect()
    };
    let start = serde_json::json!({
        "start": state(model, config.state(model)),
        "actions": entry,
        "configuration": configuration(config),
    });
    let _ = writeln!(text, "{start}");
    for record in records {
        let mut line = serde_json::json!({
            "item": record.item + 1,
            "time_seconds": record.time,
            "input": input_text(model, record),
            "from": state(model, record.before.state(model)),
        });
        match &record.outcome {
            Ok((next, step)) => {
                line["to"] = state(model, step.to).into();
                line["entered"] = step.entered.into();
                line["ended"] = next.ended.into();
                line["history"] = next
                    .history
                    .as_ref()
                    .map(|h| state(model, semantics::summary(model, h)))
                    .into();
                line["step"] = words::step(model, step).into();
                let names = |list: Vec<machine_core::model::ActionId>| -> Vec<&str> {
                    list.into_iter()
                        .map(|a| model.action(a).name.spec.as_str())
                        .collect()
                };
                line["actions"] = names(semantics::input_actions(model, step)).into();
                // Rules S20 and S21: the automatic steps the input led to, in order.
                if !step.then.is_empty() {
                    let then: Vec<serde_json::Value> = step
                        .then
                        .iter()
                        .map(|auto| {
                            serde_json::json!({
                                "from": state(model, auto.from),
                                "to": state(model, auto.to),
                                "entered": auto.entered,
                                "actions": names(semantics::actions(model, auto)),
                            })
                        })
                        .collect();
                    line["then"] = then.into();
                }
            }
            Err(refusal) => {
                line["refused"] = words::refusal_in(model, &record.before, refusal).into();
            }
        }
        // The atomic states the machine is in after the input, in document order.
        let after = record
            .outcome
            .as_ref()
            .map_or(&record.before, |(next, _)| next);
        line["configuration"] = configuration(after).into();
        text.push_str(&serde_json::to_string(&line).map_err(|e| e.to_string())?);
        text.push('\n');
    }
    Ok(text)
}
