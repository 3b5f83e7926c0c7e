//! The fault state as `machine`'s export writes it ([`crate::scxml`]), read back into a spec's
//! `fault:` section:
//!
//! - every other state is a child of `<state id="machine.lifecycle">`, which holds nothing
//!   else but `<history id="machine.history">` (shallow or deep; shallow only when no state
//!   inside holds states, since a shallow history would not go back into them), whose default
//!   is the lifecycle's initial state, and the fault state is its one sibling (besides the
//!   export's `machine.ended`), a state that is neither final nor holds states;
//! - each working (not final) child of `machine.lifecycle` ends its transitions with the
//!   fault event to the fault state (`on:`), one event for all of them, without condition,
//!   actions or doc, as the export writes it; or, written once, `machine.lifecycle`'s one
//!   transition is that, when none of its children is final (SCXML would take it from a final
//!   child too, where the spec's lifecycle has ended). Either way no child has another
//!   transition on that event without a condition (SCXML would take it instead, where the
//!   spec's entry would conflict with it);
//! - the fault state's one transition on the resume event (`resume:`) targets
//!   `machine.history`, without condition or actions (a spec's transition from the fault state
//!   on that event would hide the resume, E0208); each of its transitions on an event
//!   `resume.S` goes to `S`, a state inside `machine.lifecycle`, without condition or actions
//!   (`resume_to:`, in document order), and no other state takes a `resume.S` event;
//! - nothing else targets `machine.lifecycle` or `machine.history`.
//!
//! Then the children of `machine.lifecycle` become the top-level states, the fault state stays
//! beside them, and the transitions above become the `fault:` section (its four keys), which
//! says the same: rule S2 tries the spec's entry after a state's own transitions on the event,
//! as SCXML tries a state's last transition, or its parent's after all of the state's; the
//! resume goes back where the fault came from, as the history does (deep, into compound
//! states, as rule S5 remembers the state itself). (Where the two differ, the export's doc says so: a history's default, which
//! SCXML takes when nothing was recorded, where the interpreter refuses the resume, rule S4.)
//!
//! A document that comes close but differs (another transition on `machine.lifecycle`, a state
//! that does not fault, a history with another default, a `resume.X` to what is not a state
//! inside it) is read as any SCXML document is: `machine.lifecycle` becomes a compound state
//! with its history, and the fault and resume events plain transitions. That spec does what
//! the document does in an SCXML engine, which is what the import promises; refusing would
//! take away a document that imports today, and reading it as a `fault:` section would change
//! what it does. The user who wants the `fault:` section back writes the wrapper as above, or
//! edits the spec.

use super::chart::{Chart, Fault, Node, Transition, Trigger, all};
use crate::scxml::{HISTORY, LIFECYCLE};

/// The start of the event that resumes to a `resume_to` state
/// ([`resume_event`](crate::scxml::resume_event)).
const RESUME: &str = "resume.";

/// Reads the fault wrapper of `machine`'s export in `chart` back into [`Chart::fault`],
/// unwrapping the states; leaves any other chart as it is.
pub(super) fn recognise(chart: &mut Chart) {
    let Some(found) = wrapper(chart) else {
        return;
    };
    let mut states = std::mem::take(&mut chart.states);
    let mut fault = states.remove(found.fault);
    let mut lifecycle = states.remove(0);
    if found.entries == Entries::Each {
        for child in lifecycle.children.iter_mut().filter(|c| !c.is_final) {
            child.transitions.pop();
        }
    }
    fault.transitions = std::mem::take(&mut fault.transitions)
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !found.exits.contains(i))
        .map(|(_, t)| t)
        .collect();
    if chart.initial == LIFECYCLE {
        chart.initial = lifecycle.initial.take().unwrap_or_default();
    }
    let fault_id = fault.id.clone();
    if found.fault == 0 {
        chart.states.push(fault);
        chart.states.append(&mut lifecycle.children);
    } else {
        chart.states.append(&mut lifecycle.children);
        chart.states.push(fault);
    }
    chart.fault = Some(Fault {
        state: fault_id,
        on: found.on,
        resume: found.resume,
        resume_to: found.resume_to,
    });
}

/// Where the fault event's transitions are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Entries {
    /// Last in each working child of `machine.lifecycle`, as the export writes them.
    Each,
    /// Once, on `machine.lifecycle`.
    Once,
}

/// The wrapper, as found.
struct Found {
    /// The index of the fault state among the top-level states (`machine.lifecycle` is the
    /// other one).
    fault: usize,
    /// The fault event.
    on: String,
    /// Where its transitions are written.
    entries: Entries,
    /// The resume event.
    resume: String,
    /// The `resume_to` states.
    resume_to: Vec<String>,
    /// The indexes of the fault state's transitions that are its exits.
    exits: Vec<usize>,
}

/// The wrapper of `chart`, when it is exactly the one described above.
fn wrapper(chart: &Chart) -> Option<Found> {
    let [first, second] = chart.states.as_slice() else {
        return None;
    };
    let (lifecycle, fault, at) = if first.id == LIFECYCLE {
        (first, second, 1)
    } else {
        (second, first, 0)
    };
    if lifecycle.id != LIFECYCLE || !bare(lifecycle) || !faults_only(fault) {
        return None;
    }
    let initial = lifecycle.initial.as_deref()?;
    let inside: Vec<&str> = all(&lifecycle.children).map(|n| n.id.as_str()).collect();
    let [history] = lifecycle.histories.as_slice() else {
        return None;
    };
    let nested = lifecycle.children.iter().any(|c| !c.children.is_empty());
    let history_fits = history.id == HISTORY
        && history.name.is_none()
        && history.doc.is_none()
        && history.via.is_empty()
        && history.default.as_deref().is_none_or(|d| d == initial)
        && (history.deep || !nested);
    if !history_fits || !inside.contains(&initial) {
        return None;
    }
    let (on, entries) = entries(lifecycle, &fault.id)?;
    let (resume, exits, resume_to) = exits(fault, &inside)?;
    if on == resume || chart.initial == HISTORY {
        return None;
    }
    // Nothing else goes to the wrapper, and only the fault state's exits take `resume.S`.
    let resumes: Vec<String> = resume_to.iter().map(|s| format!("{RESUME}{s}")).collect();
    let elsewhere = all(&chart.states).any(|node| {
        let targets = node
            .transitions
            .iter()
            .enumerate()
            .filter(|&(i, _)| node.id != fault.id || !exits.contains(&i))
            .map(|(_, t)| t)
            .any(|t| {
                t.target
                    .as_deref()
                    .is_some_and(|to| to == LIFECYCLE || to == HISTORY)
                    || t.events.iter().any(|e| resumes.contains(e))
            });
        targets
            || node.timeouts.iter().any(|t| {
                t.target
                    .as_deref()
                    .is_some_and(|to| to == LIFECYCLE || to == HISTORY)
            })
    });
    (!elsewhere).then_some(Found {
        fault: at,
        on,
        entries,
        resume,
        resume_to,
        exits,
    })
}

/// Whether `lifecycle` holds states and a history and nothing of its own but perhaps
/// transitions ([`entries`]).
fn bare(lifecycle: &Node) -> bool {
    lifecycle.name.is_none()
        && !lifecycle.parallel
        && lifecycle.wire.is_none()
        && lifecycle.wire_aliases.is_empty()
        && lifecycle.doc.is_none()
        && !lifecycle.is_final
        && !lifecycle.children.is_empty()
        && lifecycle.entry.is_empty()
        && lifecycle.exit.is_empty()
        && lifecycle.timeouts.is_empty()
}

/// Whether `fault` can be a spec's fault state: a state that is neither final nor holds
/// states.
fn faults_only(fault: &Node) -> bool {
    fault.id != LIFECYCLE
        && !fault.is_final
        && !fault.parallel
        && fault.children.is_empty()
        && fault.histories.is_empty()
}

/// Whether `t` is a transition the export writes for the fault state: on one event, with a
/// target, and nothing else (no condition, actions, restarted timers or doc).
fn plain(t: &Transition) -> bool {
    t.trigger == Trigger::On
        && t.events.len() == 1
        && t.target.is_some()
        && t.guards.is_empty()
        && t.actions.is_empty()
        && t.restarts.is_empty()
        && !t.restarts_written
        && t.doc.is_none()
}

/// The fault event and where its transitions to `fault` are written: the one transition of
/// `lifecycle`, or else the last transition of every working child of it; in both, no other
/// unconditional transition of a child takes the event.
fn entries(lifecycle: &Node, fault: &str) -> Option<(String, Entries)> {
    let entry = |t: &Transition| plain(t) && t.target.as_deref() == Some(fault);
    let (on, entries) = match lifecycle.transitions.as_slice() {
        [once] if entry(once) && lifecycle.children.iter().all(|c| !c.is_final) => {
            (once.events.first()?.as_str(), Entries::Once)
        }
        [] => {
            let last = lifecycle
                .children
                .iter()
                .find(|c| !c.is_final)?
                .transitions
                .last()?;
            (last.events.first()?.as_str(), Entries::Each)
        }
        _ => return None,
    };
    for child in lifecycle.children.iter().filter(|c| !c.is_final) {
        let before = match entries {
            Entries::Once => child.transitions.as_slice(),
            Entries::Each => {
                let (last, before) = child.transitions.split_last()?;
                if !entry(last) || last.events.first().map(String::as_str) != Some(on) {
                    return None;
                }
                before
            }
        };
        if before
            .iter()
            .any(|t| t.guards.is_empty() && t.events.iter().any(|e| e == on))
        {
            return None;
        }
    }
    Some((on.to_owned(), entries))
}

/// The exits of `fault`: the resume event, the indexes of the exit transitions, and the
/// `resume_to` states (each among `inside`, once).
fn exits(fault: &Node, inside: &[&str]) -> Option<(String, Vec<usize>, Vec<String>)> {
    let mut to_history = fault
        .transitions
        .iter()
        .enumerate()
        .filter(|(_, t)| t.target.as_deref() == Some(HISTORY));
    let (Some((at, back)), None) = (to_history.next(), to_history.next()) else {
        return None;
    };
    let resume = back.events.first()?.clone();
    let alone_on_resume = fault
        .transitions
        .iter()
        .enumerate()
        .all(|(i, t)| i == at || !t.events.contains(&resume));
    if !plain(back) || !alone_on_resume {
        return None;
    }
    let mut exits = vec![at];
    let mut resume_to: Vec<String> = Vec::new();
    for (i, t) in fault.transitions.iter().enumerate() {
        let Some(to) = t
            .events
            .iter()
            .find_map(|e| e.strip_prefix(RESUME))
            .filter(|_| i != at)
        else {
            continue;
        };
        let fits = plain(t)
            && t.target.as_deref() == Some(to)
            && inside.contains(&to)
            && !resume_to.iter().any(|s| s == to);
        if !fits {
            return None;
        }
        exits.push(i);
        resume_to.push(to.to_owned());
    }
    Some((resume, exits, resume_to))
}
