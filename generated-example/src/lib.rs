//! A real user of `machine-macro`: the Azure Import/Export job and drive lifecycles, and a
//! status-poll tracker built on them.
//!
//! A client that polls Get Job sees the job's `State` and each drive's `DriveList[].State`
//! only now and then, so between two polls the service may have moved through several
//! states. [`track`] reads a sequence of Get Job responses and says, for every change, whether
//! it is a legal transition, a legal jump (naming the states skipped in between), or
//! impossible, and lists the incidents that can happen in the new state.
//!
//! The spec paths are relative to this crate: `spec` is a symlink to the workspace's `spec/`
//! directory, so the macro reads the same files as `machine check` and `machine gen`.
#![forbid(unsafe_code)]

use std::fmt::{self, Write as _};

use serde_json::Value;

machine_macro::machine! {
    /// The Import/Export job lifecycle (`State` of a Get Job response).
    pub mod job = "spec/import-export/job.yaml";
}

machine_macro::machine! {
    /// The lifecycle of one drive of a job (`DriveList[].State` of a Get Job response).
    pub mod drive = "spec/import-export/drive.yaml";
}

/// A Get Job response the tracker cannot read: which poll, which field, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The 1-based number of the poll, or `None` when the file as a whole is wrong.
    pub poll: Option<usize>,
    /// The field, as a JSON path (`DriveList[1].State`), when one field is wrong.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.poll, &self.field) {
            (Some(poll), Some(field)) => {
                write!(f, "poll {poll}, field `{field}`: {}", self.message)
            }
            (Some(poll), None) => write!(f, "poll {poll}: {}", self.message),
            (None, _) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for InputError {}

/// What the tracker found, besides the report text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Changes that are one transition of the lifecycle.
    pub transitions: usize,
    /// Changes that skip states the lifecycle goes through.
    pub jumps: usize,
    /// Changes the lifecycle does not allow.
    pub impossible: usize,
}

/// How a reported state follows the one reported before.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change<S> {
    /// One move: by these events (or timeout).
    Transition(String),
    /// Several moves: the states skipped, and how.
    Jump(Vec<S>, String),
    /// No way.
    Impossible,
}

/// One object the tracker follows: the job or one drive.
trait Lifecycle: Copy + Eq + fmt::Display {
    /// A shortest path, as the states passed through (target included) and its moves.
    fn path(self, to: Self) -> Option<(Vec<Self>, Vec<String>)>;
    fn is_fault(self) -> bool;
    fn is_final(self) -> bool;
    fn is_initial(self) -> bool;
    /// The incidents that can happen in this state: `(name, what happened, resolution)`.
    fn incidents(self) -> Vec<(&'static str, &'static str, &'static str)>;
    /// The machine's name in the spec, for trace lines.
    fn machine() -> &'static str;
    /// The event of a change that is one move by an event.
    fn event_to(self, to: Self) -> Option<&'static str>;
}

macro_rules! lifecycle {
    ($module:ident) => {
        impl Lifecycle for $module::State {
            fn path(self, to: Self) -> Option<(Vec<Self>, Vec<String>)> {
                let path = self.path_to(to)?;
                let mut states = Vec::new();
                let mut moves = Vec::new();
                for step in path {
                    states.push(step.to);
                    moves.push(match step.via {
                        $module::Via::Event(event) => event.name().to_owned(),
                        $module::Via::Timeout(_) => match step.timeout() {
                            Some(timeout) => format!("after {}", timeout.after_text),
                            None => "timeout".to_owned(),
                        },
                    });
                }
                Some((states, moves))
            }
            fn is_fault(self) -> bool {
                $module::State::is_fault(self)
            }
            fn machine() -> &'static str {
                $module::NAME
            }
            fn event_to(self, to: Self) -> Option<&'static str> {
                let mut steps = self.path_to(to)?.into_iter();
                match (steps.next(), steps.next()) {
                    (Some(step), None) => match step.via {
                        $module::Via::Event(event) => Some(event.name()),
                        $module::Via::Timeout(_) => None,
                    },
                    _ => None,
                }
            }
            fn is_final(self) -> bool {
                $module::State::is_final(self)
            }
            fn is_initial(self) -> bool {
                $module::State::is_initial(self)
            }
            fn incidents(self) -> Vec<(&'static str, &'static str, &'static str)> {
                self.incidents()
                    .iter()
                    .map(|i| (i.name(), i.what_happened(), i.resolution()))
                    .collect()
            }
        }
    };
}

lifecycle!(job);
lifecycle!(drive);

/// What the tracker remembers about one object between polls.
#[derive(Debug, Clone, Copy)]
struct Seen<S> {
    state: S,
    /// While in the fault state: the state it was entered from, when a poll showed it.
    faulted_from: Option<S>,
}

/// How `from` (remembered as `seen`) can have become `to`.
fn classify<S: Lifecycle>(seen: Seen<S>, to: S) -> Change<S> {
    let from = seen.state;
    if from.is_fault() {
        // Leaving the fault state goes back to where it came from, then on from there.
        return match seen.faulted_from {
            Some(back) if back == to => Change::Transition("resumed from the fault state".into()),
            Some(back) => match back.path(to) {
                Some((mut states, moves)) => {
                    states.pop();
                    states.insert(0, back);
                    Change::Jump(states, format!("resumed, then {}", moves.join(", ")))
                }
                None => direct(from, to),
            },
            None if !to.is_final() && !to.is_fault() => Change::Transition(
                "resumed from the fault state (where it faulted from is unknown)".into(),
            ),
            None => direct(from, to),
        };
    }
    direct(from, to)
}

fn direct<S: Lifecycle>(from: S, to: S) -> Change<S> {
    match from.path(to) {
        Some((mut states, moves)) if states.len() > 1 => {
            states.pop();
            Change::Jump(states, moves.join(", "))
        }
        Some((_, moves)) => Change::Transition(moves.join(", ")),
        None => Change::Impossible,
    }
}

/// One line of text, for resolution texts written over several lines in the spec.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn list<S: fmt::Display>(states: &[S]) -> String {
    states
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reports one object's state in one poll, comparing with what was seen before.
fn report<S: Lifecycle>(
    out: &mut String,
    trace: &mut String,
    summary: &mut Summary,
    what: &str,
    seen: &mut Option<Seen<S>>,
    now: S,
) {
    let before = *seen;
    if before.is_none_or(|b| b.state != now) {
        // A trace line: the state seen, and the event only when the change is one move by it
        // (a jump, a resumption or a timeout is recorded as a sighting).
        let event = before
            .filter(|b| !b.state.is_fault())
            .and_then(|b| b.state.event_to(now));
        let mut line = serde_json::json!({
            "machine": S::machine(),
            "object": what,
            "state": now.to_string(),
        });
        if let Some(event) = event {
            line["event"] = event.into();
        }
        let _ = writeln!(trace, "{line}");
    }
    let faulted_from = |previous: Option<Seen<S>>| match previous {
        Some(p) if now.is_fault() && !p.state.is_fault() => Some(p.state),
        Some(p) if now.is_fault() => p.faulted_from,
        _ => None,
    };
    *seen = Some(Seen {
        state: now,
        faulted_from: faulted_from(before),
    });
    let Some(before) = before else {
        let note = if now.is_initial() {
            "its initial state"
        } else if now.is_final() {
            "first seen, final"
        } else {
            "first seen"
        };
        let _ = writeln!(out, "  {what}: {now} ({note})");
        incidents(out, now);
        return;
    };
    if before.state == now {
        return;
    }
    let _ = match classify(before, now) {
        Change::Transition(how) => {
            summary.transitions += 1;
            writeln!(
                out,
                "  {what}: {} -> {now}: legal transition ({how})",
                before.state
            )
        }
        Change::Jump(skipped, how) => {
            summary.jumps += 1;
            writeln!(
                out,
                "  {what}: {} -> {now}: legal jump, skipped {} ({how})",
                before.state,
                list(&skipped)
            )
        }
        Change::Impossible => {
            summary.impossible += 1;
            writeln!(
                out,
                "  {what}: {} -> {now}: IMPOSSIBLE, the lifecycle never goes from {} to {now}",
                before.state, before.state
            )
        }
    };
    incidents(out, now);
}

/// The error-table rows of `state`, under a heading that says they are what *can* go wrong
/// there: a status poll reports the state, not an incident.
fn incidents<S: Lifecycle>(out: &mut String, state: S) {
    let rows = state.incidents();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "    can happen in {state} (error table):");
    for (name, happened, resolution) in rows {
        let _ = writeln!(out, "      {name}: {}", one_line(happened));
        let _ = writeln!(out, "        resolution: {}", one_line(resolution));
    }
}

fn field_error(poll: usize, field: impl Into<String>, message: impl Into<String>) -> InputError {
    InputError {
        poll: Some(poll),
        field: Some(field.into()),
        message: message.into(),
    }
}

/// Reads a state field: a string that is one of the lifecycle's wire names.
fn state<S: std::str::FromStr>(
    poll: usize,
    field: &str,
    value: Option<&Value>,
) -> Result<S, InputError>
where
    S::Err: fmt::Display,
{
    match value {
        None => Err(field_error(poll, field, "missing")),
        Some(Value::String(text)) => text
            .parse()
            .map_err(|e: S::Err| field_error(poll, field, e.to_string())),
        Some(other) => Err(field_error(
            poll,
            field,
            format!("expected a state name (a string), found {other}"),
        )),
    }
}

/// The progress fields a Get Job response may carry for the job or a drive.
#[derive(Debug, Clone, Default, PartialEq)]
struct Extras {
    percent: Option<f64>,
    error_log: Option<String>,
    verbose_log: Option<String>,
}

impl Extras {
    /// Reads `PercentComplete`, `ErrorLogUri` and `VerboseLogUri` of `object`; `prefix` is
    /// the object's path for error messages (`DriveList[0].`).
    fn read(
        poll: usize,
        object: &serde_json::Map<String, Value>,
        prefix: &str,
    ) -> Result<Self, InputError> {
        let text = |field: &str| match object.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(field_error(
                poll,
                format!("{prefix}{field}"),
                format!("expected a string, found {other}"),
            )),
        };
        let percent = match object.get("PercentComplete") {
            None | Some(Value::Null) => None,
            Some(Value::Number(p)) => match p.as_f64() {
                Some(p) if (0.0..=100.0).contains(&p) => Some(p),
                _ => {
                    return Err(field_error(
                        poll,
                        format!("{prefix}PercentComplete"),
                        format!("expected a number from 0 to 100, found {p}"),
                    ));
                }
            },
            Some(other) => {
                return Err(field_error(
                    poll,
                    format!("{prefix}PercentComplete"),
                    format!("expected a number, found {other}"),
                ));
            }
        };
        Ok(Extras {
            percent,
            error_log: text("ErrorLogUri")?,
            verbose_log: text("VerboseLogUri")?,
        })
    }

    /// Reports what changed since `seen`, and remembers it.
    fn report(self, out: &mut String, what: &str, seen: &mut Extras) {
        if let Some(p) = self.percent.filter(|p| Some(*p) != seen.percent) {
            let _ = writeln!(out, "  {what}: {p}% complete");
        }
        if let Some(uri) = self
            .error_log
            .as_ref()
            .filter(|u| Some(*u) != seen.error_log.as_ref())
        {
            let _ = writeln!(out, "  {what}: error log {uri}");
        }
        if let Some(uri) = self
            .verbose_log
            .as_ref()
            .filter(|u| Some(*u) != seen.verbose_log.as_ref())
        {
            let _ = writeln!(out, "  {what}: verbose log {uri}");
        }
        *seen = self;
    }
}

/// Tracks a sequence of Get Job responses (a JSON array of objects), appending the report to
/// `out`.
///
/// # Errors
///
/// When the text is not JSON, not an array of objects, or a state field is missing or not a
/// state of its lifecycle: the error names the poll and the field.
pub fn track(json: &str, out: &mut String) -> Result<Summary, InputError> {
    track_with_trace(json, out, &mut String::new())
}

/// [`track`], also writing to `trace` the trace `machine coverage` reads: one JSON line per
/// change of an object's state (`machine`, `object`, `state`, and `event` when the change is
/// one move by that event).
///
/// # Errors
///
/// As [`track`].
pub fn track_with_trace(
    json: &str,
    out: &mut String,
    trace: &mut String,
) -> Result<Summary, InputError> {
    let polls: Value = serde_json::from_str(json).map_err(|e| InputError {
        poll: None,
        field: None,
        message: format!("not valid JSON: {e}"),
    })?;
    let Value::Array(polls) = polls else {
        return Err(InputError {
            poll: None,
            field: None,
            message: "expected a JSON array of Get Job responses".into(),
        });
    };
    let mut summary = Summary::default();
    let mut job_seen: Option<Seen<job::State>> = None;
    let mut job_extras_seen = Extras::default();
    let mut drives_seen: Vec<(String, Option<Seen<drive::State>>, Extras)> = Vec::new();
    for (index, poll) in polls.iter().enumerate() {
        let n = index + 1;
        let Value::Object(response) = poll else {
            return Err(InputError {
                poll: Some(n),
                field: None,
                message: format!("expected a Get Job response (a JSON object), found {poll}"),
            });
        };
        let job_state: job::State = state(n, "State", response.get("State"))?;
        let mut drives = Vec::new();
        match response.get("DriveList") {
            None | Some(Value::Null) => {}
            Some(Value::Array(list)) => {
                for (k, entry) in list.iter().enumerate() {
                    let Value::Object(entry) = entry else {
                        return Err(field_error(
                            n,
                            format!("DriveList[{k}]"),
                            "expected a drive (a JSON object)",
                        ));
                    };
                    let id = match entry.get("DriveId") {
                        Some(Value::String(id)) => id.clone(),
                        None | Some(Value::Null) => format!("#{k}"),
                        Some(other) => {
                            return Err(field_error(
                                n,
                                format!("DriveList[{k}].DriveId"),
                                format!("expected a string, found {other}"),
                            ));
                        }
                    };
                    let field = format!("DriveList[{k}].State");
                    let drive_state: drive::State = state(n, &field, entry.get("State"))?;
                    let extras = Extras::read(n, entry, &format!("DriveList[{k}]."))?;
                    drives.push((id, drive_state, extras));
                }
            }
            Some(other) => {
                return Err(field_error(
                    n,
                    "DriveList",
                    format!("expected an array, found {other}"),
                ));
            }
        }
        let job_extras = Extras::read(n, response, "")?;

        let _ = writeln!(out, "poll {n}: job {job_state}");
        report(out, trace, &mut summary, "job", &mut job_seen, job_state);
        job_extras.report(out, "job", &mut job_extras_seen);
        for (id, drive_state, extras) in drives {
            let slot = drives_seen
                .iter()
                .position(|(seen_id, _, _)| *seen_id == id)
                .unwrap_or_else(|| {
                    drives_seen.push((id.clone(), None, Extras::default()));
                    drives_seen.len() - 1
                });
            let what = format!("drive {id}");
            let (_, seen, extras_seen) = &mut drives_seen[slot];
            report(out, trace, &mut summary, &what, seen, drive_state);
            extras.report(out, &what, extras_seen);
        }
    }
    let _ = writeln!(
        out,
        "{} poll{}: {} legal transition{}, {} legal jump{}, {} impossible",
        polls.len(),
        plural(polls.len()),
        summary.transitions,
        plural(summary.transitions),
        summary.jumps,
        plural(summary.jumps),
        summary.impossible
    );
    Ok(summary)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
