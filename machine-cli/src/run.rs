//! `machine run`: drive a spec's interpreter with a script of inputs and print each step, so a
//! spec can be tried without writing Rust.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use crate::script::{self, Record};
use machine_core::Model;
use machine_core::model::{Expiry, Target};
use machine_core::semantics::{Cause, Config, Input, Refusal, Step};

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
    let config = match start(model, args.start) {
        Ok(config) => config,
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
    let records = script::run(model, config, &items, args.guards_hold, &durations);
    let text = match args.format {
        Format::Human => human(model, config, &records),
        Format::Json => json(model, config, &records)?,
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    let refused = records.iter().filter(|r| r.outcome.is_err()).count();
    Ok(if refused > 0 { EXIT_FINDINGS } else { EXIT_OK })
}

/// The configuration the run begins in: the only start, or the named one.
fn start(model: &Model, name: Option<&str>) -> Result<Config, String> {
    let names: Vec<&str> = model
        .starts
        .iter()
        .filter_map(|s| s.name.as_ref().map(|n| n.spec.as_str()))
        .collect();
    match (name, model.starts.as_slice()) {
        (None, [only]) => Ok(Config::start(only)),
        (None, _) => Err(format!(
            "the spec has several starts: choose one with --start {}",
            names.join("|")
        )),
        (Some(name), starts) => starts
            .iter()
            .find(|s| s.name.as_ref().is_some_and(|n| n.spec == name))
            .map(Config::start)
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
    &model.state(id).name.spec
}

/// `14d`, `2h30m`, `0s`: the largest units that divide the time exactly.
fn duration(seconds: u64) -> String {
    const UNITS: [(u64, &str); 4] = [(86_400, "d"), (3_600, "h"), (60, "m"), (1, "s")];
    if seconds == 0 {
        return "0s".into();
    }
    let mut rest = seconds;
    let mut text = String::new();
    for (size, unit) in UNITS {
        if rest >= size {
            let _ = write!(text, "{}{unit}", rest / size);
            rest %= size;
        }
    }
    text
}

/// What the input was, as the script would write it.
fn input_text(model: &Model, record: &Record) -> String {
    match record.input {
        Input::Event(event) if record.asked.is_empty() => model.event(event).name.spec.clone(),
        Input::Event(event) => {
            let asked: Vec<String> = record
                .asked
                .iter()
                .map(|&(g, holds)| {
                    format!(
                        "{}{}",
                        if holds { "" } else { "!" },
                        model.guard(g).name.spec
                    )
                })
                .collect();
            format!("{}[{}]", model.event(event).name.spec, asked.join(", "))
        }
        Input::Expire(timer) => timer_text(model, timer),
        Input::ResumeTo(to) => format!("resume({})", state(model, to)),
    }
}

/// What the step did, in words.
fn step_text(model: &Model, step: &Step) -> String {
    let moved = format!("{} -> {}", state(model, step.from), state(model, step.to));
    let mut text = match step.cause {
        Cause::Transition(id) => {
            let t = model.transition(id);
            match t.target {
                Target::Internal => format!("{} (internal)", state(model, step.from)),
                Target::History => format!("{moved} (back to where it faulted from)"),
                Target::State(_) if step.from == step.to => format!("{moved} (self-transition)"),
                Target::State(_) => moved,
            }
        }
        Cause::Timeout(timer) => match model.timeout_of(timer).map(|t| &t.expiry) {
            Some(Expiry::Transition(_)) => format!("{moved} (timeout)"),
            Some(Expiry::End(how)) => {
                format!("lifecycle ends in {}: {how}", state(model, step.from))
            }
            Some(Expiry::Notify(who)) => {
                format!("{} stays; notify: {who}", state(model, step.from))
            }
            None => moved,
        },
    };
    if !step.restarts.is_empty() {
        let restarted: Vec<String> = step
            .restarts
            .iter()
            .map(|&timer| timer_text(model, timer))
            .collect();
        let _ = write!(text, "; clocks start: {}", restarted.join(", "));
    }
    text
}

/// A timer in words: `after 14d` for a state's timeout, `DeviceCodeExpiry (after 15m)` for a
/// timer that spans several states.
fn timer_text(model: &Model, timer: machine_core::model::TimerId) -> String {
    let after = model
        .timeout_of(timer)
        .map_or("?", |t| t.after.text.as_str());
    match model.spanning_timer(timer) {
        Some(spanning) => format!("{} (after {after})", spanning.name.spec),
        None => format!("after {after}"),
    }
}

fn refusal_text(model: &Model, refusal: Refusal) -> String {
    match refusal {
        Refusal::NoTransition => "no transition handles it there".into(),
        Refusal::GuardFailed(guard) => {
            format!("guard `{}` does not hold", model.guard(guard).name.spec)
        }
        Refusal::UnknownHistory => "the state it faulted from is unknown".into(),
        Refusal::CannotResumeTo(to) => format!("it cannot resume to `{}`", state(model, to)),
        Refusal::NoTimeout => "the timer does not run in this state".into(),
        Refusal::Ended => "the lifecycle has ended".into(),
    }
}

fn human(model: &Model, config: Config, records: &[Record]) -> String {
    let mut text = format!(
        "{} starts in {}\n",
        model.name.spec,
        state(model, config.state)
    );
    let width = records
        .iter()
        .map(|r| input_text(model, r).chars().count())
        .max()
        .unwrap_or(0);
    for record in records {
        let input = input_text(model, record);
        let what = match &record.outcome {
            Ok((_, step)) => step_text(model, step),
            Err(refusal) => format!(
                "refused in {}: {}",
                state(model, record.before.state),
                refusal_text(model, *refusal)
            ),
        };
        let _ = writeln!(
            text,
            "{:>4}  {:>6}  {input:<width$}  {what}",
            record.item + 1,
            duration(record.time),
        );
    }
    let refused = records.iter().filter(|r| r.outcome.is_err()).count();
    let end = records
        .last()
        .map_or(config, |r| r.outcome.as_ref().map_or(r.before, |(c, _)| *c));
    let _ = writeln!(
        text,
        "{} {} {}{}",
        if end.ended { "ended in" } else { "now in" },
        state(model, end.state),
        match refused {
            0 => "(every input accepted)".to_owned(),
            1 => "(1 input refused)".to_owned(),
            n => format!("({n} inputs refused)"),
        },
        end.history.map_or(String::new(), |h| format!(
            "; faulted from {}",
            state(model, h)
        )),
    );
    text
}

fn json(model: &Model, config: Config, records: &[Record]) -> Result<String, String> {
    let mut text = String::new();
    let start = serde_json::json!({ "start": state(model, config.state) });
    let _ = writeln!(text, "{start}");
    for record in records {
        let mut line = serde_json::json!({
            "item": record.item + 1,
            "time_seconds": record.time,
            "input": input_text(model, record),
            "from": state(model, record.before.state),
        });
        match &record.outcome {
            Ok((next, step)) => {
                line["to"] = state(model, step.to).into();
                line["entered"] = step.entered.into();
                line["ended"] = next.ended.into();
                line["history"] = next.history.map(|h| state(model, h)).into();
                line["step"] = step_text(model, step).into();
            }
            Err(refusal) => line["refused"] = refusal_text(model, *refusal).into(),
        }
        text.push_str(&serde_json::to_string(&line).map_err(|e| e.to_string())?);
        text.push('\n');
    }
    Ok(text)
}
