//! A small text form of inputs, for trying a spec without writing Rust (`machine run`):
//!
//! ```text
//! MarkShipping[delivery_package_set, !return_address_set], +14d, Resolve, resume(Shipping)
//! ```
//!
//! Items are separated by commas or white space. An event name fires the event; guards in
//! brackets after it hold (`guard`) or not (`!guard`) for that event, and every other guard
//! has the run's default. `+DURATION` lets time pass (`+14d`, `+90m`), so timeouts expire as
//! rule S10 says. `expire(Timer)` makes one timer expire now, as a service does when it calls
//! the generated `Machine::expire` (rule S7), whatever its clock says; a timer is named as the
//! generated `Timer::name` names it (`Creating`, `Pending #2`, its `name:`), and the values
//! of its guards may follow in brackets (`expire(Window)[offer_received]`).
//! `resume(State)` resolves the fault state to `State` (rule S8). Every input is written back
//! in this form by `machine_core::words::input`, so what `machine paths` prints runs here.

use std::fmt::Write as _;

use machine_core::diagnostic::did_you_mean;
use machine_core::lower::parse_duration;
use machine_core::model::{EventId, GuardId, Model, StateId, TimerId};

use machine_core::semantics::{Clocks, Config, Input, Refusal, Step, step};

/// One item of a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// Fire an event; each listed guard holds (`true`) or not (`false`).
    Event {
        /// The event.
        event: EventId,
        /// Guard values for this event only.
        guards: Vec<(GuardId, bool)>,
    },
    /// Let this many seconds pass.
    Wait(u64),
    /// This timer expires now; each listed guard holds (`true`) or not (`false`).
    Expire {
        /// The timer.
        timer: TimerId,
        /// Guard values for this expiry only.
        guards: Vec<(GuardId, bool)>,
    },
    /// Resolve the fault state to this state.
    ResumeTo(StateId),
}

/// A script that does not read: where (a byte offset into the text) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    /// Byte offset of the item at fault.
    pub offset: usize,
    /// What is wrong, and how to fix it.
    pub message: String,
}

/// Reads a script against `model`'s names.
pub fn parse(model: &Model, text: &str) -> Result<Vec<Item>, ScriptError> {
    split(text)?
        .into_iter()
        .map(|(offset, word)| item(model, word).map_err(|message| ScriptError { offset, message }))
        .collect()
}

/// Splits at commas and white space outside brackets and parentheses.
fn split(text: &str) -> Result<Vec<(usize, &str)>, ScriptError> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = None;
    for (offset, c) in text.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => {
                depth = depth.checked_sub(1).ok_or_else(|| ScriptError {
                    offset,
                    message: format!("`{c}` closes nothing"),
                })?;
            }
            _ => {}
        }
        let separator = depth == 0 && (c == ',' || c.is_whitespace());
        match (separator, start) {
            (true, Some(s)) => {
                items.push((s, &text[s..offset]));
                start = None;
            }
            (false, None) => start = Some(offset),
            _ => {}
        }
    }
    if depth > 0 {
        return Err(ScriptError {
            offset: start.unwrap_or(0),
            message: "a `[` or `(` is not closed".into(),
        });
    }
    if let Some(s) = start {
        items.push((s, &text[s..]));
    }
    Ok(items)
}

fn item(model: &Model, word: &str) -> Result<Item, String> {
    if let Some(duration) = word.strip_prefix('+') {
        return parse_duration(duration)
            .map(|d| Item::Wait(d.seconds))
            .map_err(|why| format!("invalid duration `{duration}`: {why}; write e.g. `+14d`"));
    }
    if let Some(rest) = word.strip_prefix("expire(") {
        let (name, tail) = rest.split_once(')').unwrap_or((rest, ""));
        let timer = lookup(
            name.trim(),
            "timer",
            model.timers.iter().map(|t| t.name.spec.as_str()),
        )?;
        let guards = match tail.trim() {
            "" => Vec::new(),
            list => guard_list(model, list.strip_prefix('[').and_then(|l| l.strip_suffix(']')).ok_or_else(|| {
                format!("after `expire({})` only guard values may follow, in brackets: `expire({})[guard, !other]`", name.trim(), name.trim())
            })?)?,
        };
        return Ok(Item::Expire {
            timer: TimerId::from_index(timer),
            guards,
        });
    }
    if let Some(rest) = word.strip_prefix("resume(") {
        let name = rest.strip_suffix(')').unwrap_or(rest).trim();
        return lookup(
            name,
            "state",
            model.states.iter().map(|s| s.name.spec.as_str()),
        )
        .map(|index| Item::ResumeTo(StateId::from_index(index)));
    }
    let (name, guards) = match word.split_once('[') {
        Some((name, rest)) => (name, rest.strip_suffix(']').unwrap_or(rest)),
        None => (word, ""),
    };
    let event = lookup(
        name.trim(),
        "event",
        model.events.iter().map(|e| e.name.spec.as_str()),
    )?;
    Ok(Item::Event {
        event: EventId::from_index(event),
        guards: guard_list(model, guards)?,
    })
}

/// The guard values of an item: `a, !b` (inside the brackets).
fn guard_list(model: &Model, list: &str) -> Result<Vec<(GuardId, bool)>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(|g| {
            let (name, holds) = match g.strip_prefix('!') {
                Some(name) => (name.trim(), false),
                None => (g, true),
            };
            lookup(
                name,
                "guard",
                model.guards.iter().map(|g| g.name.spec.as_str()),
            )
            .map(|index| (GuardId::from_index(index), holds))
        })
        .collect()
}

pub(crate) fn lookup<'a>(
    name: &str,
    what: &str,
    names: impl Iterator<Item = &'a str> + Clone,
) -> Result<usize, String> {
    if let Some(index) = names.clone().position(|n| n == name) {
        return Ok(index);
    }
    let mut message = format!("unknown {what} `{name}`");
    let known: Vec<&str> = names.collect();
    match did_you_mean(name, known.iter().copied()) {
        Some(suggestion) => {
            let _ = write!(message, "; {suggestion}");
        }
        None if known.is_empty() => {
            let _ = write!(message, "; the spec declares no {what}s");
        }
        None => {
            let _ = write!(message, "; the {what}s are `{}`", known.join("`, `"));
        }
    }
    Err(message)
}

/// The values of a spec's named durations, in seconds by [`DurationId`](machine_core::model::DurationId),
/// from `NAME=DURATION` texts (`authorization_window=7d`). Every named duration needs a value,
/// given once.
pub fn durations(model: &Model, given: &[String]) -> Result<Vec<u64>, String> {
    let mut values: Vec<Option<u64>> = vec![None; model.durations.len()];
    for text in given {
        let Some((name, value)) = text.split_once('=') else {
            return Err(format!(
                "`--duration {text}` has no value: write `--duration NAME=DURATION`, e.g. `{}=7d`",
                model
                    .durations
                    .first()
                    .map_or("name", |d| d.name.spec.as_str())
            ));
        };
        let index = lookup(
            name.trim(),
            "duration",
            model.durations.iter().map(|d| d.name.spec.as_str()),
        )?;
        let seconds = parse_duration(value)
            .map_err(|why| {
                format!("invalid duration `{value}` for `{name}`: {why}; write e.g. `7d`")
            })?
            .seconds;
        if values[index].replace(seconds).is_some() {
            return Err(format!("duration `{}` is given twice", name.trim()));
        }
    }
    let missing: Vec<&str> = model
        .durations
        .iter()
        .zip(&values)
        .filter(|(_, v)| v.is_none())
        .map(|(d, _)| d.name.spec.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "the spec's named duration{} `{}` need{} a value: pass `--duration {}=7d` (with the real value)",
            if missing.len() == 1 { "" } else { "s" },
            missing.join("`, `"),
            if missing.len() == 1 { "s" } else { "" },
            missing[0]
        ));
    }
    let values: Vec<u64> = values.into_iter().flatten().collect();
    if let Some((short, long)) = machine_core::semantics::clock::misordered(model, &values) {
        let name = |id: machine_core::model::DurationId| &model.durations[id.index()].name.spec;
        return Err(format!(
            "duration `{}` ({}) must be shorter than `{}` ({}), as the spec orders them with `shorter_than:`; give values in that order",
            name(short),
            machine_core::words::duration(values[short.index()]),
            name(long),
            machine_core::words::duration(values[long.index()]),
        ));
    }
    Ok(values)
}

/// What one item of a script did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The item's position in the script.
    pub item: usize,
    /// The time at which it happened, in seconds since the start.
    pub time: u64,
    /// The input the machine was given.
    pub input: Input,
    /// The guards that were asked, in order, and their answers.
    pub asked: Vec<(GuardId, bool)>,
    /// The configuration before.
    pub before: Config,
    /// The step taken, or why the input was refused.
    pub outcome: Result<(Config, Step), Refusal>,
}

/// Runs `items` from `config`: each event or resolution is one input, and each wait lets
/// the due timeouts expire in order (rule S10). Guards not listed on an event take
/// `default_guard`. A refused input leaves the machine where it was, and the run goes on;
/// once the lifecycle has ended, every input is refused.
pub fn run(
    model: &Model,
    config: Config,
    items: &[Item],
    default_guard: bool,
    durations: &[u64],
) -> Vec<Record> {
    let clocks = Clocks::new(model, &config);
    let mut run = Run {
        model,
        config,
        clocks: clocks.with_durations(durations.to_vec()),
        records: Vec::new(),
        default_guard,
    };
    for (index, item) in items.iter().enumerate() {
        match item {
            Item::Event { event, guards } => run.apply(index, Input::Event(*event), guards),
            Item::ResumeTo(to) => run.apply(index, Input::ResumeTo(*to), &[]),
            Item::Expire { timer, guards } => run.apply(index, Input::Expire(*timer), guards),
            Item::Wait(seconds) => {
                let until = run.clocks.now().saturating_add(*seconds);
                while !run.config.ended {
                    let Some(timeout) = run.clocks.next_due(model, until) else {
                        break;
                    };
                    run.apply(index, Input::Expire(timeout), &[]);
                }
            }
        }
    }
    run.records
}

/// The state of a script run.
struct Run<'m> {
    model: &'m Model,
    config: Config,
    clocks: Clocks,
    records: Vec<Record>,
    default_guard: bool,
}

impl Run<'_> {
    fn apply(&mut self, item: usize, input: Input, guards: &[(GuardId, bool)]) {
        let default_guard = self.default_guard;
        let mut asked = Vec::new();
        let mut answer = |guard: GuardId| {
            let holds = guards
                .iter()
                .find(|(g, _)| *g == guard)
                .map_or(default_guard, |&(_, holds)| holds);
            asked.push((guard, holds));
            holds
        };
        let before = self.config.clone();
        let outcome = step(self.model, before.clone(), input, &mut answer);
        match (&outcome, input) {
            (Ok((next, taken)), _) => {
                self.clocks.apply(self.model, taken);
                self.config = next.clone();
            }
            // A timer whose guard refuses its expiry stops until it starts again (rule S7).
            (Err(_), Input::Expire(timer)) => self.clocks.refused(timer),
            (Err(_), _) => {}
        }
        self.records.push(Record {
            item,
            time: self.clocks.now(),
            input,
            asked,
            before,
            outcome,
        });
    }
}
