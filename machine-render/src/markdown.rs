//! Markdown tables (GitHub-flavoured) that reproduce the lifecycle article's tables from the
//! spec: the states with their description, the error table (state, event, resolution), the
//! timeouts, plus the transition, event and guard tables.
//!
//! Doc text is Markdown: code spans (`` `Shipping` ``) stay code, but everything that would
//! break a table cell or turn into HTML is escaped (`|`, `<`, `>`, `&`, `\`), and paragraphs
//! are separated by `<br><br>` since a cell is one line. Each table ends with a newline.

use std::fmt::Write;

use machine_core::model::{ActionId, Model, Origin, Target, Transition, Trigger};
use machine_core::words;

use crate::text;

mod history;
mod timers;
pub use history::history_table;
pub use timers::{duration_table, timeout_table};

/// The state table: each state with its description, like the article's "Job state |
/// Description" table. Initial, final and fault states are marked after the name, and so are
/// the state a compound state enters and a parallel state's regions (`` (parallel:
/// `Transfer` ∥ `Scan`) ``); an "In" column names each nested state's parent; a wire name
/// column appears when some state's wire name differs from its name.
///
/// ```
/// let source = machine_core::SourceFile::new(
///     "light.yaml",
///     "machine: Light\ninitial: Off\nstates:\n  Off: { doc: Dark. }\n  On: { doc: \"Lit | bright.\" }\n\
///      events: { Flip: {} }\ntransitions:\n  - { from: Off, on: Flip, to: On }\n  - { from: On, on: Flip, to: Off }\n",
/// );
/// let model = machine_core::compile(&source).model.unwrap();
/// let table = machine_render::markdown::state_table(&model);
/// assert_eq!(
///     table,
///     "| State | Description |\n|---|---|\n| `Off` (initial) | Dark. |\n| `On` | Lit \\| bright. |\n"
/// );
/// ```
pub fn state_table(model: &Model) -> String {
    let wire = model
        .states
        .iter()
        .any(|s| s.wire != s.name.spec || !s.wire_aliases.is_empty());
    let nested = model.is_nested();
    let mut header = vec!["State"];
    if nested {
        header.push("In");
    }
    if wire {
        header.push("Wire name");
    }
    let actions = model
        .states
        .iter()
        .any(|s| !s.entry.is_empty() || !s.exit.is_empty());
    if actions {
        header.push("Actions");
    }
    header.push("Description");
    let rows = model.state_ids().map(|id| {
        let state = model.state(id);
        let mut name = code(&state.name.spec);
        for start in model.starts.iter().filter(|s| s.state == id) {
            match &start.name {
                Some(start) => {
                    let _ = write!(name, " (initial: {})", escape(&start.spec));
                }
                None => name.push_str(" (initial)"),
            }
        }
        if state.is_final {
            name.push_str(" (final)");
        }
        if state.is_fault {
            name.push_str(" (fault)");
        }
        if let Some(initial) = state.initial {
            let _ = write!(name, " (enters {})", code(&model.state(initial).name.spec));
        }
        if model.is_parallel(id) {
            let regions: Vec<String> = model
                .children(Some(id))
                .iter()
                .map(|&r| code(&model.state(r).name.spec))
                .collect();
            let _ = write!(name, " (parallel: {})", regions.join(" ∥ "));
        }
        let mut row = vec![name];
        if nested {
            row.push(
                model
                    .parent(id)
                    .map_or_else(String::new, |p| code(&model.state(p).name.spec)),
            );
        }
        if wire {
            row.push(wire_cell(&state.wire, &state.wire_aliases));
        }
        if actions {
            let mut run = Vec::new();
            if !state.entry.is_empty() {
                run.push(format!("entry: {}", action_list(model, &state.entry)));
            }
            if !state.exit.is_empty() {
                run.push(format!("exit: {}", action_list(model, &state.exit)));
            }
            row.push(run.join("; "));
        }
        row.push(cell(&state.doc));
        row
    });
    table(&header, rows)
}

/// The error table: the states an incident can happen in (`` `Creating` or Undefined ``),
/// what happened, and the resolution, like the article's "state | event | resolution / next
/// steps" tables; a transition column appears when some resolution moves the machine.
/// Empty (no text) when the spec has no incidents.
pub fn incident_table(model: &Model) -> String {
    if model.incidents.is_empty() {
        return String::new();
    }
    let moves = model.incidents.iter().any(|i| i.transition.is_some());
    let mut header = vec!["State", "Event", "Resolution / next steps"];
    if moves {
        header.push("Transition");
    }
    let rows = model.incidents.iter().map(|incident| {
        let mut states: Vec<String> = incident
            .states
            .iter()
            .map(|&s| code(&model.state(s).name.spec))
            .collect();
        if let Some(no_state) = &incident.no_state {
            states.push(escape(&text::one_line(no_state)));
        }
        let mut row = vec![
            text::either(&states),
            cell(&incident.event),
            cell(&incident.resolution),
        ];
        if moves {
            row.push(match incident.transition {
                Some((event, to)) => format!(
                    "{} → {}",
                    code(&model.event(event).name.spec),
                    code(&model.state(to).name.spec)
                ),
                None => String::new(),
            });
        }
        row
    });
    table(&header, rows)
}

/// Every transition, in the order they are tried: from, event, guards, to, and what it
/// means. Internal transitions stay in their state; transitions from the error table say so;
/// the fault state's entries are one row ("any non-final state") and its exit leads back to
/// the state the fault was entered from.
pub fn transition_table(model: &Model) -> String {
    let mut rows = Vec::new();
    let mut fault_rows_done = false;
    for t in &model.transitions {
        if matches!(t.origin, Origin::FaultEntry | Origin::FaultExit) {
            if !fault_rows_done {
                fault_rows_done = true;
                // The fault's rows run no actions of their own.
                rows.extend(fault_rows(model).into_iter().map(|mut row| {
                    row.insert(4, String::new());
                    row
                }));
            }
            continue;
        }
        let guards: Vec<String> = t
            .guards
            .iter()
            .map(|&g| code(&words::guard_test(model, g)))
            .collect();
        let mut to = match t.target {
            Target::State(to) => code(&model.state(to).name.spec),
            Target::Internal => "(internal: stays)".to_owned(),
            Target::History => "the state it came from".to_owned(),
            Target::Recall(h) => history::target(model, h),
        };
        // What `restarts:` says, where it replaces the timers' `reset_by` (rule S6).
        match t.restarts.as_deref() {
            Some([]) => to.push_str("; restarts no timer"),
            Some(timers) => {
                let names: Vec<String> = timers
                    .iter()
                    .map(|&timer| code(&model.timer(timer).name.spec))
                    .collect();
                let _ = write!(to, "; restarts {}", names.join(", "));
            }
            None => {}
        }
        let description = match t.origin {
            Origin::Incident(incident) => format!(
                "From the error table ({}).",
                code(&model.incident(incident).name.spec)
            ),
            _ => cell(&t.doc),
        };
        rows.push(vec![
            code(&model.state(t.from).name.spec),
            trigger(model, t.trigger),
            guards.join(", "),
            to,
            action_list(model, &t.actions),
            description,
        ]);
    }
    let mut header = vec!["From", "Event", "Guards", "To", "Actions", "Description"];
    if !model.transitions.iter().any(|t| !t.actions.is_empty()) {
        header.remove(4);
        for row in &mut rows {
            row.remove(4);
        }
    }
    table(&header, rows)
}

/// Action names, in order, as code.
pub(crate) fn action_list(model: &Model, actions: &[ActionId]) -> String {
    actions
        .iter()
        .map(|&a| code(&model.action(a).name.spec))
        .collect::<Vec<_>>()
        .join(", ")
}

fn fault_rows(model: &Model) -> Vec<Vec<String>> {
    let Some(fault) = &model.fault else {
        return Vec::new();
    };
    let name = code(&model.state(fault.state).name.spec);
    let mut rows = vec![
        vec![
            "any non-final state".to_owned(),
            code(&model.event(fault.enter).name.spec),
            String::new(),
            name.clone(),
            cell(&model.event(fault.enter).doc),
        ],
        vec![
            name.clone(),
            code(&model.event(fault.resume).name.spec),
            String::new(),
            "the state it came from".to_owned(),
            cell(&model.event(fault.resume).doc),
        ],
    ];
    for &to in &fault.resume_to {
        rows.push(vec![
            name.clone(),
            code(&model.event(fault.resume).name.spec),
            String::new(),
            code(&model.state(to).name.spec),
            cell(&model.event(fault.resume).doc),
        ]);
    }
    rows
}

/// The wire names of a state or event: the one written, then the others that are read too.
fn wire_cell(wire: &str, aliases: &[String]) -> String {
    std::iter::once(wire)
        .chain(aliases.iter().map(String::as_str))
        .map(code)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The events with their description (and wire names, when some differ).
pub fn event_table(model: &Model) -> String {
    let wire = model
        .events
        .iter()
        .any(|e| e.wire != e.name.spec || !e.wire_aliases.is_empty());
    let mut header = vec!["Event"];
    if wire {
        header.push("Wire name");
    }
    header.push("Description");
    let rows = model.events.iter().map(|event| {
        let mut row = vec![code(&event.name.spec)];
        if wire {
            row.push(wire_cell(&event.wire, &event.wire_aliases));
        }
        row.push(cell(&event.doc));
        row
    });
    table(&header, rows)
}

/// The guards with when they hold. Empty (no text) when the spec has no guards.
pub fn guard_table(model: &Model) -> String {
    if model.guards.is_empty() {
        return String::new();
    }
    let rows = model
        .guards
        .iter()
        .map(|g| vec![code(&g.name.spec), cell(&g.doc)]);
    table(&["Guard", "Holds when"], rows)
}

/// The actions with what they do and where they run: entering or leaving a state, and the
/// transitions that run them (grouped by event and target). Empty (no text) when the spec has
/// no actions.
pub fn action_table(model: &Model) -> String {
    if model.actions.is_empty() {
        return String::new();
    }
    // Where each action runs, gathered in one pass over the states and the transitions.
    let mut entering: Vec<Vec<String>> = vec![Vec::new(); model.actions.len()];
    let mut leaving: Vec<Vec<String>> = vec![Vec::new(); model.actions.len()];
    for state in &model.states {
        for (places, list) in [(&mut entering, &state.entry), (&mut leaving, &state.exit)] {
            for &a in list {
                places[a.index()].push(code(&state.name.spec));
            }
        }
    }
    // The transitions that run it, one entry per event and target, in spec order.
    let mut ways: Vec<Vec<(&Transition, Vec<String>)>> = vec![Vec::new(); model.actions.len()];
    for t in &model.transitions {
        let from = code(&model.state(t.from).name.spec);
        for &a in &t.actions {
            let list = &mut ways[a.index()];
            match list
                .iter_mut()
                .find(|(w, _)| w.trigger == t.trigger && w.target == t.target)
            {
                Some((_, sources)) => sources.push(from.clone()),
                None => list.push((t, vec![from.clone()])),
            }
        }
    }
    let rows = model.actions.iter().enumerate().map(|(index, action)| {
        let mut run = Vec::new();
        for (when, states) in [("entering", &entering[index]), ("leaving", &leaving[index])] {
            if !states.is_empty() {
                run.push(format!("{when} {}", states.join(", ")));
            }
        }
        for (t, sources) in &ways[index] {
            let event = trigger(model, t.trigger);
            let sources = sources.join(", ");
            run.push(match t.target {
                Target::State(to) => format!(
                    "{event} from {sources} to {}",
                    code(&model.state(to).name.spec)
                ),
                Target::Internal => format!("{event} in {sources} (internal)"),
                Target::History => format!("{event} from {sources} back"),
                Target::Recall(h) => {
                    format!("{event} from {sources} to {}", history::target(model, h))
                }
            });
        }
        // The timeouts that run it when they expire (rule S12).
        for (id, timer) in model.timers_with_ids() {
            if timer.timeout.actions.iter().any(|a| a.index() == index) {
                run.push(format!("on expiry of {}", code(&words::timer(model, id))));
            }
        }
        vec![code(&action.name.spec), cell(&action.doc), run.join("; ")]
    });
    table(&["Action", "What it does", "Run"], rows)
}

/// Every table, each under a heading of `level` (`3` gives `### States`), in the order a
/// reader needs them: states, history states, error table, timeouts, named durations,
/// transitions, events, guards, actions. Tables with no rows are left out.
pub fn render(model: &Model, level: usize) -> String {
    let hashes = "#".repeat(level.clamp(1, 6));
    let sections = [
        ("States", state_table(model)),
        ("History states", history_table(model)),
        ("Error table", incident_table(model)),
        ("Timeouts", timeout_table(model)),
        ("Durations", duration_table(model)),
        ("Transitions", transition_table(model)),
        ("Events", event_table(model)),
        ("Guards", guard_table(model)),
        ("Actions", action_table(model)),
    ];
    let mut out = String::new();
    for (title, body) in sections {
        if body.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = write!(out, "{hashes} {title}\n\n{body}");
    }
    out
}

/// A table with this header row and these (already escaped) cells.
pub fn table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = format!("| {} |\n|", header.join(" | "));
    out.push_str(&"---|".repeat(header.len()));
    out.push('\n');
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out
}

/// A doc text as one table cell: paragraphs joined by `<br><br>`, Markdown escaped.
pub fn cell(doc: &str) -> String {
    text::paragraphs(doc)
        .iter()
        .map(|p| escape(p))
        .collect::<Vec<_>>()
        .join("<br><br>")
}

/// A name as a code span, whatever it contains.
/// What fires a transition, in a table: its event as code, or `*always*` (eventless, rule
/// S21) and `*done*` (the completion of its source, rule S20) in italics, which no event name
/// can be.
pub(crate) fn trigger(model: &Model, trigger: Trigger) -> String {
    match trigger {
        Trigger::Event(_) => code(words::trigger(model, trigger)),
        Trigger::Always | Trigger::Done => format!("*{}*", words::trigger(model, trigger)),
    }
}

pub(crate) fn code(name: &str) -> String {
    let name = text::one_line(name).replace('|', "\\|");
    let longest = name.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if name.starts_with('`') || name.ends_with('`') {
        format!("{fence} {name} {fence}")
    } else {
        format!("{fence}{name}{fence}")
    }
}

/// Markdown text (one line) made safe for a table cell. Code spans are kept as they are,
/// except that `|` is escaped inside them too (GitHub's table rule); outside them `\`, `|`,
/// `<`, `>` and `&` are escaped. A backtick with no closing partner is escaped.
pub(crate) fn escape(line: &str) -> String {
    let chars: Vec<char> = text::one_line(line).chars().collect();
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '`' {
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            if let Some(close) = closing_run(&chars, i + run, run) {
                for &c in &chars[i..close + run] {
                    if c == '|' {
                        out.push_str("\\|");
                    } else {
                        out.push(c);
                    }
                }
                i = close + run;
            } else {
                for _ in 0..run {
                    out.push_str("\\`");
                }
                i += run;
            }
            continue;
        }
        match chars[i] {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// Where a backtick run of exactly `len` starts at or after `from`.
fn closing_run(chars: &[char], from: usize, len: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == '`' {
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            if run == len {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_outside_code_spans_only() {
        assert_eq!(escape("a | b <c> & d\\e"), "a \\| b &lt;c&gt; &amp; d\\\\e");
        assert_eq!(escape("see `a<b` and `x|y`"), "see `a<b` and `x\\|y`");
        assert_eq!(escape("one ` tick"), "one \\` tick");
        assert_eq!(escape("``a ` b`` c"), "``a ` b`` c");
    }

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code("Plain"), "`Plain`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }

    #[test]
    fn cells_are_one_line() {
        assert_eq!(cell("a\nb\n\nc"), "a b<br><br>c");
        assert_eq!(cell(""), "");
    }
}
