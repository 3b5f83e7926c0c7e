//! Writes a read SCXML chart as a spec: its states (with their wire names, docs, actions,
//! timeouts and children), its events, guards and actions, its transitions and its fault
//! state (`fault:`, when the document wraps one as `machine`'s export does); and the waivers
//! that [`super::scxml`] finds it needs, on the states they are for.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use machine_core::Code;
use machine_core::ident::Case;

use super::chart::{Chart, Node, Trigger, all};
use super::items::{self, Items};
use super::spelling::{name_of, quoted, scalar, unique};

/// A spec being written from a chart.
pub struct Spec<'c> {
    chart: &'c Chart,
    /// The source document's name, for the header and the waivers' reasons.
    source: String,
    /// Each state's name in the spec, by SCXML `id`.
    names: HashMap<String, String>,
    /// Its events, guards, actions and named durations.
    items: Items,
    /// The waivers, by state `id`.
    waivers: BTreeMap<String, Vec<Code>>,
    /// The line each state's key was written on, by line, as last written.
    lines: HashMap<u32, String>,
}

impl<'c> Spec<'c> {
    /// The spec of `chart`, read from the document named `source`.
    pub fn new(chart: &'c Chart, source: &str) -> Spec<'c> {
        let mut spec = Spec {
            chart,
            source: source.to_owned(),
            names: HashMap::new(),
            items: Items::new(chart),
            waivers: BTreeMap::new(),
            lines: HashMap::new(),
        };
        let mut taken = Vec::new();
        for node in all(&chart.states) {
            let name = node
                .name
                .clone()
                .unwrap_or_else(|| name_of(&node.id, Case::UpperCamel, "state"));
            spec.names.insert(node.id.clone(), unique(name, &mut taken));
        }
        // History states share the states' names (and a transient state of the export that
        // leads to one stands for it).
        for history in all(&chart.states).flat_map(|node| &node.histories) {
            let name = history
                .name
                .clone()
                .unwrap_or_else(|| name_of(&history.id, Case::UpperCamel, "history"));
            let name = unique(name, &mut taken);
            for id in &history.via {
                spec.names.insert(id.clone(), name.clone());
            }
            spec.names.insert(history.id.clone(), name);
        }
        spec
    }

    /// Waives `code` for the state whose key is on `line`; whether it is a new waiver.
    pub fn waive(&mut self, line: u32, code: Code) -> bool {
        let Some(id) = self.lines.get(&line) else {
            return false;
        };
        let codes = self.waivers.entry(id.clone()).or_default();
        if codes.contains(&code) {
            return false;
        }
        codes.push(code);
        true
    }

    /// The spec's text.
    pub fn text(&mut self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# yaml-language-server: $schema=machine.schema.json\n#\n# Imported from {} by `machine import --from scxml`.",
            self.source
        );
        let name = self.chart.name.clone().unwrap_or_else(|| {
            name_of(
                self.chart.scxml_name.as_deref().unwrap_or("Imported"),
                Case::UpperCamel,
                "machine",
            )
        });
        let _ = writeln!(out, "machine: {}", scalar(&name));
        if let Some(doc) = &self.chart.doc {
            let _ = writeln!(out, "doc: {}", quoted(doc));
        }
        if self.chart.declarations.wire_case_insensitive {
            out.push_str("wire_case: insensitive\n");
        }
        let _ = writeln!(out, "initial: {}", scalar(self.name(&self.chart.initial)));
        out.push_str("states:\n");
        self.lines.clear();
        for node in &self.chart.states {
            self.state(&mut out, node, 1);
        }
        self.items.write(&mut out);
        let transitions: Vec<String> = all(&self.chart.states)
            .flat_map(|node| node.transitions.iter().map(move |t| (node, t)))
            .map(|(node, t)| {
                let events: Vec<String> = t
                    .events
                    .iter()
                    .map(|e| scalar(&self.items.event(e)))
                    .collect();
                let trigger = match (t.trigger, events.as_slice()) {
                    (Trigger::Always, _) => "always: true".to_owned(),
                    (Trigger::Done, _) => "done: true".to_owned(),
                    (Trigger::On, [one]) => format!("on: {one}"),
                    (Trigger::On, many) => format!("on: [{}]", many.join(", ")),
                };
                let mut row = format!("{{ from: {}, {trigger}", scalar(self.name(&node.id)));
                match &t.target {
                    Some(target) => {
                        let _ = write!(row, ", to: {}", scalar(self.name(target)));
                    }
                    None => row.push_str(", internal: true"),
                }
                row.push_str(&guard_list(&self.items.guards(&t.guards)));
                if !t.restarts.is_empty() || t.restarts_written {
                    let timers: Vec<String> = t
                        .restarts
                        .iter()
                        .map(|id| {
                            let name = id.strip_prefix("timer.").unwrap_or(id);
                            scalar(&name_of(name, Case::UpperCamel, "timer"))
                        })
                        .collect();
                    let _ = write!(row, ", restarts: [{}]", timers.join(", "));
                }
                row.push_str(&action_list(&self.items.actions(&t.actions)));
                if let Some(doc) = &t.doc {
                    let _ = write!(row, ", doc: {}", quoted(doc));
                }
                row.push_str(" }");
                row
            })
            .collect();
        if !transitions.is_empty() {
            out.push_str("transitions:\n");
            for row in transitions {
                let _ = writeln!(out, "  - {row}");
            }
        }
        if let Some(fault) = &self.chart.fault {
            let _ = writeln!(
                out,
                "fault:\n  state: {}\n  on: {}\n  resume: {}",
                scalar(self.name(&fault.state)),
                scalar(&self.items.event(&fault.on)),
                scalar(&self.items.event(&fault.resume)),
            );
            if !fault.resume_to.is_empty() {
                let states: Vec<String> = fault
                    .resume_to
                    .iter()
                    .map(|s| scalar(self.name(s)))
                    .collect();
                let _ = writeln!(out, "  resume_to: [{}]", states.join(", "));
            }
        }
        out
    }

    /// The spec's name of the state with `id`: itself when unknown, for the check to name it.
    fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.names.get(id).map_or(id, String::as_str)
    }

    fn state(&mut self, out: &mut String, node: &Node, depth: usize) {
        let pad = "  ".repeat(2 * depth - 1);
        let line = u32::try_from(out.lines().count() + 1).unwrap_or(u32::MAX);
        self.lines.insert(line, node.id.clone());
        let name = self.name(&node.id).to_owned();
        let key_at = out.len();
        let _ = writeln!(out, "{pad}{}:", scalar(&name));
        let body_at = out.len();
        // Without `m:wire`, the id is the wire name.
        let first = node.wire.as_deref().unwrap_or(&node.id);
        if let Some(wire) = items::wire(&name, first, &node.wire_aliases) {
            let _ = writeln!(out, "{pad}  wire: {wire}");
        }
        if let Some(doc) = &node.doc {
            let _ = writeln!(out, "{pad}  doc: {}", quoted(doc));
        }
        if node.is_final {
            let _ = writeln!(out, "{pad}  final: true");
        }
        if node.parallel {
            let _ = writeln!(out, "{pad}  parallel: true");
        }
        if let Some(codes) = self.waivers.get(&node.id) {
            let reason = quoted(&format!("SCXML allows it: imported from {}", self.source));
            let list: Vec<String> = codes
                .iter()
                .map(|c| format!("{}: {reason}", c.name()))
                .collect();
            let _ = writeln!(out, "{pad}  allow: {{ {} }}", list.join(", "));
        }
        for (key, actions) in [("entry", &node.entry), ("exit", &node.exit)] {
            if !actions.is_empty() {
                let names = self.items.actions(actions);
                let _ = writeln!(out, "{pad}  {key}: [{}]", names.join(", "));
            }
        }
        if !node.timeouts.is_empty() {
            let _ = writeln!(out, "{pad}  timeouts:");
            for timeout in &node.timeouts {
                let mut row = format!(
                    "{{ name: {}, after: {}",
                    scalar(&name_of(&timeout.name, Case::UpperCamel, "timer")),
                    duration(&timeout.after)
                );
                match (&timeout.target, &timeout.notify) {
                    (Some(target), _) => {
                        let _ = write!(row, ", to: {}", scalar(self.name(target)));
                    }
                    (None, _) if timeout.end.is_some() => {
                        let end = timeout.end.as_deref().unwrap_or_default();
                        let _ = write!(row, ", end: {}", quoted(end));
                    }
                    (None, notify) => {
                        let _ = write!(
                            row,
                            ", notify: {}",
                            quoted(notify.as_deref().unwrap_or("caller"))
                        );
                    }
                }
                row.push_str(&guard_list(&self.items.guards(&timeout.guards)));
                row.push_str(&action_list(&self.items.actions(&timeout.actions)));
                if !timeout.reset_by.is_empty() {
                    let events: Vec<String> = timeout
                        .reset_by
                        .iter()
                        .map(|e| scalar(&self.items.event(e)))
                        .collect();
                    let _ = write!(row, ", reset_by: [{}]", events.join(", "));
                }
                if let Some(doc) = &timeout.doc {
                    let _ = write!(row, ", doc: {}", quoted(doc));
                }
                let _ = writeln!(out, "{pad}    - {row} }}");
            }
        }
        if !node.histories.is_empty() {
            let _ = writeln!(out, "{pad}  history:");
            for history in &node.histories {
                let kind = if history.deep { "deep" } else { "shallow" };
                let name = scalar(self.name(&history.id));
                // The default, when it is not the initial state that SCXML enters without one.
                let default = history
                    .default
                    .as_ref()
                    .filter(|d| node.initial.as_ref() != Some(*d));
                if default.is_none() && history.doc.is_none() {
                    let _ = writeln!(out, "{pad}    {name}: {kind}");
                    continue;
                }
                let mut row = format!("{{ type: {kind}");
                if let Some(default) = default {
                    let _ = write!(row, ", default: {}", scalar(self.name(default)));
                }
                if let Some(doc) = &history.doc {
                    let _ = write!(row, ", doc: {}", quoted(doc));
                }
                let _ = writeln!(out, "{pad}    {name}: {row} }}");
            }
        }
        if let Some(initial) = &node.initial {
            let _ = writeln!(out, "{pad}  initial: {}", scalar(self.name(initial)));
        }
        if !node.children.is_empty() {
            let _ = writeln!(out, "{pad}  states:");
            for child in &node.children {
                self.state(out, child, depth + 1);
            }
        }
        if out.len() == body_at {
            // Nothing under the key: an empty mapping.
            out.truncate(key_at);
            let _ = writeln!(out, "{pad}{}: {{}}", scalar(&name));
        }
    }
}

/// `, guard: "a"` or `, guard: [a, "!b"]`, or nothing.
fn guard_list(guards: &[String]) -> String {
    match guards {
        [] => String::new(),
        [one] => format!(", guard: {}", quoted(one)),
        many => {
            let tests: Vec<String> = many.iter().map(|g| quoted(g)).collect();
            format!(", guard: [{}]", tests.join(", "))
        }
    }
}

/// `, actions: [a, b]` of the action `names`, or nothing.
fn action_list(names: &[String]) -> String {
    if names.is_empty() {
        return String::new();
    }
    format!(", actions: [{}]", names.join(", "))
}

/// A duration for `after:`: plain when it is a fixed one (`14d`, `90s`), else a scalar (the
/// name of a named duration, as any text, quoted when it needs it).
fn duration(after: &str) -> String {
    let unit = after.trim_start_matches(|c: char| c.is_ascii_digit());
    let fixed = unit.len() < after.len()
        && !unit.is_empty()
        && unit.chars().all(|c| c.is_ascii_alphabetic());
    if fixed {
        after.to_owned()
    } else {
        scalar(after)
    }
}
