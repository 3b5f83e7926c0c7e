//! The events, guards, actions and named durations of the spec a chart becomes: first those
//! `machine`'s export declares ([`Declarations`](super::chart::Declarations)), in its order and
//! with their names, wire names, docs and `shorter_than:`; then those the document uses
//! without declaring them, in the order first met, each named after its text (which stays an
//! event's wire name).

use std::fmt::Write as _;

use machine_core::ident::Case;

use super::chart::{Chart, Declared, all};
use super::spelling::{name_of, quoted, scalar, unique};

/// The spec's events, guards, actions and named durations.
pub struct Items {
    events: Vec<Declared>,
    guards: Vec<Declared>,
    actions: Vec<Declared>,
    durations: Vec<Declared>,
}

impl Items {
    /// The items of `chart`.
    pub fn new(chart: &Chart) -> Items {
        let declared = &chart.declarations;
        let mut items = Items {
            events: declared.events.clone(),
            guards: declared.guards.clone(),
            actions: declared.actions.clone(),
            durations: declared.durations.clone(),
        };
        for node in all(&chart.states) {
            items.meet_actions(&node.entry);
            items.meet_actions(&node.exit);
            for t in &node.transitions {
                for event in &t.events {
                    // Two SCXML events that make the same name (`a.b`, `a-b`) stay two.
                    meet(&mut items.events, event, |taken| {
                        unique(name_of(event, Case::UpperCamel, "event"), taken)
                    });
                }
                items.meet_guards(&t.guards);
                items.meet_actions(&t.actions);
            }
            for timeout in &node.timeouts {
                items.meet_guards(&timeout.guards);
                items.meet_actions(&timeout.actions);
            }
        }
        // The fault state's events, whose transitions became the `fault:` section.
        for event in chart.fault.iter().flat_map(|f| [&f.on, &f.resume]) {
            meet(&mut items.events, event, |taken| {
                unique(name_of(event, Case::UpperCamel, "event"), taken)
            });
        }
        items
    }

    fn meet_guards(&mut self, tests: &[String]) {
        for test in tests {
            let key = test.strip_prefix('!').unwrap_or(test);
            meet(&mut self.guards, key, |_| key.to_owned());
        }
    }

    fn meet_actions(&mut self, labels: &[String]) {
        for label in labels {
            // Two labels that make the same name stay two actions.
            meet(&mut self.actions, label, |taken| {
                unique(name_of(label, Case::Snake, "action"), taken)
            });
        }
    }

    /// The spec's name of the SCXML event `event`.
    pub fn event(&self, event: &str) -> String {
        named(&self.events, event)
            .map_or_else(|| name_of(event, Case::UpperCamel, "event"), str::to_owned)
    }

    /// The spec's guard tests of a `cond`'s `tests` (`name`, `!name`).
    pub fn guards(&self, tests: &[String]) -> Vec<String> {
        tests
            .iter()
            .map(|test| match test.strip_prefix('!') {
                Some(key) => format!("!{}", named(&self.guards, key).unwrap_or(key)),
                None => named(&self.guards, test).unwrap_or(test).to_owned(),
            })
            .collect()
    }

    /// The spec's names of the actions labelled `labels`, as YAML scalars.
    pub fn actions(&self, labels: &[String]) -> Vec<String> {
        labels
            .iter()
            .map(|label| {
                scalar(
                    &named(&self.actions, label)
                        .map_or_else(|| name_of(label, Case::Snake, "action"), str::to_owned),
                )
            })
            .collect()
    }

    /// The `events:`, `guards:`, `actions:` and `durations:` of the spec, each when it has
    /// items.
    pub fn write(&self, out: &mut String) {
        if !self.events.is_empty() {
            out.push_str("events:\n");
            for event in &self.events {
                let wire = wire(
                    &event.name,
                    event.wire.as_deref().unwrap_or(&event.key),
                    &event.wire_aliases,
                );
                entry(out, event, &[("wire", wire)]);
            }
        }
        for (key, list) in [("guards", &self.guards), ("actions", &self.actions)] {
            if !list.is_empty() {
                let _ = writeln!(out, "{key}:");
                for item in list {
                    entry(out, item, &[]);
                }
            }
        }
        if !self.durations.is_empty() {
            out.push_str("durations:\n");
            for duration in &self.durations {
                let longer: Vec<String> = duration.shorter_than.iter().map(|d| scalar(d)).collect();
                let longer = (!longer.is_empty()).then(|| format!("[{}]", longer.join(", ")));
                entry(out, duration, &[("shorter_than", longer)]);
            }
        }
    }
}

/// Adds the item the document names `key` to `list`, unless it is there, with the name
/// `name` gives it from the names taken so far.
fn meet(list: &mut Vec<Declared>, key: &str, name: impl FnOnce(&mut Vec<String>) -> String) {
    if list.iter().any(|d| d.key == key) {
        return;
    }
    let mut taken: Vec<String> = list.iter().map(|d| d.name.clone()).collect();
    let name = name(&mut taken);
    list.push(Declared {
        key: key.to_owned(),
        name,
        ..Declared::default()
    });
}

/// The name of the item of `list` the document names `key`.
fn named<'a>(list: &'a [Declared], key: &str) -> Option<&'a str> {
    list.iter().find(|d| d.key == key).map(|d| d.name.as_str())
}

/// The value of `wire:` for an item called `name` whose wire names are `first` and
/// `aliases`: `None` when it is the name alone (the default), one string, or a list.
pub(super) fn wire(name: &str, first: &str, aliases: &[String]) -> Option<String> {
    if aliases.is_empty() {
        return (first != name).then(|| quoted(first));
    }
    let all: Vec<String> = std::iter::once(first)
        .chain(aliases.iter().map(String::as_str))
        .map(quoted)
        .collect();
    Some(format!("[{}]", all.join(", ")))
}

/// `  name: { key: value, ..., doc: "..." }` (`{}` without any), the `fields` that have a
/// value first.
fn entry(out: &mut String, item: &Declared, fields: &[(&str, Option<String>)]) {
    let doc = item.doc.as_deref().map(quoted);
    let written: Vec<String> = fields
        .iter()
        .map(|(key, value)| (*key, value.clone()))
        .chain([("doc", doc)])
        .filter_map(|(key, value)| Some(format!("{key}: {}", value?)))
        .collect();
    if written.is_empty() {
        let _ = writeln!(out, "  {}: {{}}", scalar(&item.name));
    } else {
        let _ = writeln!(
            out,
            "  {}: {{ {} }}",
            scalar(&item.name),
            written.join(", ")
        );
    }
}
