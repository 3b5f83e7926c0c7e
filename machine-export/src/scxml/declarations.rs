//! What SCXML has no place for, declared in the `m:` namespace so that `machine import` gives
//! back the same spec: `m:wire-case` on `<scxml>`, a state's other wire names in
//! `m:wire-aliases`, and, as the first children of `<scxml>`, one element per event, guard,
//! action and named duration, in the spec's order:
//!
//! ```xml
//! <m:event event="MarkDraft" name="MarkDraft" wire="convert_to_draft" wire-aliases="[&quot;draft&quot;]" doc="..."/>
//! <m:guard cond="guard_ready" name="ready" doc="..."/>
//! <m:action label="action:notify" name="notify" doc="..."/>
//! <m:duration delayexpr="duration_t1" name="t1" shorter-than="[&quot;t2&quot;]" doc="..."/>
//! ```
//!
//! Each names the item by the text the document uses for it (the `event` a transition takes,
//! the predicate a `cond` asks, the `label` of a `<log>`, the `delayexpr` of a `<send>`), and
//! gives its spec name and what only the spec says: wire names, docs, `shorter_than:`. Events
//! and actions nothing uses are declared too. A timeout's `<transition>` lists its `reset_by`
//! events in `m:reset-by`, and a transition that says which timers it restarts lists them in
//! `m:restarts`: SCXML writes both as a `<cancel>` and a `<send>` in the transitions concerned. A list of names (`wire-aliases`,
//! `shorter-than`) is a JSON array of strings, which holds any string (spaces, quotes, commas,
//! control characters), written as an attribute value. SCXML engines skip elements and
//! attributes of other namespaces (python-statemachine drops the namespace, and reads neither
//! an `<event>`, a `<guard>`, an `<action>` nor a `<duration>` at the top level).

use std::fmt::Write as _;

use machine_core::model::{ActionId, DurationId, EventId, GuardId, Model, Timeout, Transition};

use super::escape;

/// The `<m:event>` element: an event (`event`, its name in the document).
pub const EVENT: &str = "event";
/// The `<m:guard>` element: a guard (`cond`, the predicate a `cond` asks).
pub const GUARD: &str = "guard";
/// The `<m:action>` element: an action (`label`, the label of its `<log>`).
pub const ACTION: &str = "action";
/// The `<m:duration>` element: a named duration (`delayexpr`, what a `<send>` delays by).
pub const DURATION: &str = "duration";
/// The attribute of a state (`m:wire-aliases`) or an `<m:event>` (`wire-aliases`) with its
/// wire names after the first, as a JSON array.
pub const WIRE_ALIASES: &str = "wire-aliases";
/// The attribute of `<scxml>` that says wire names are read ignoring case.
pub const WIRE_CASE: &str = "wire-case";
/// The attribute of an `<m:duration>` with the durations it is shorter than, as a JSON array.
pub const SHORTER_THAN: &str = "shorter-than";
/// The attribute of a `<transition>` (`m:restarts`) that says which timers it restarts
/// (`restarts:`), by their Rust names, as a JSON array: only where the spec says so.
pub const RESTARTS: &str = "restarts";
/// The attribute of a timeout's `<transition>` (`m:reset-by`) with the events of its
/// `reset_by`, by their names in the document, as a JSON array.
pub const RESET_BY: &str = "reset-by";

/// `items` as a JSON array of strings, for an attribute value (still to be escaped). Every
/// character survives: JSON escapes control characters, and the two that XML cannot hold but
/// JSON leaves as they are (U+FFFE, U+FFFF) are written as JSON escapes too.
///
/// ```
/// use machine_export::scxml::declarations::{list, parse_list};
/// let names = ["merged-closed", "a \"b\", [c]", "tab\t, bell\u{7}, \u{fffe}"];
/// let text = list(&names);
/// assert_eq!(text, r#"["merged-closed","a \"b\", [c]","tab\t, bell\u0007, \ufffe"]"#);
/// assert_eq!(parse_list(&text).unwrap(), names);
/// ```
pub fn list<S: AsRef<str>>(items: &[S]) -> String {
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    serde_json::to_string(&items)
        .unwrap_or_default()
        .replace('\u{fffe}', "\\ufffe")
        .replace('\u{ffff}', "\\uffff")
}

/// The strings of a [`list`]; `None` when `text` is not a JSON array of strings.
pub fn parse_list(text: &str) -> Option<Vec<String>> {
    serde_json::from_str(text).ok()
}

/// The declarations of `model`, one line each, indented by two spaces.
pub(super) fn render(out: &mut String, model: &Model) {
    for (index, event) in model.events.iter().enumerate() {
        let id = EventId::from_index(index);
        let _ = write!(
            out,
            "  <m:{EVENT} event=\"{}\" name=\"{}\" wire=\"{}\"",
            super::event_name(model, id),
            escape(&event.name.spec),
            escape(&event.wire)
        );
        aliases(out, "", &event.wire_aliases);
        end(out, &event.doc);
    }
    for (index, guard) in model.guards.iter().enumerate() {
        let id = GuardId::from_index(index);
        let _ = write!(
            out,
            "  <m:{GUARD} cond=\"{}\" name=\"{}\"",
            super::condition(model, id),
            escape(&guard.name.spec)
        );
        end(out, &guard.doc);
    }
    for (index, action) in model.actions.iter().enumerate() {
        let id = ActionId::from_index(index);
        let _ = write!(
            out,
            "  <m:{ACTION} label=\"{}\" name=\"{}\"",
            escape(&super::action_label(model, id)),
            escape(&action.name.spec)
        );
        end(out, &action.doc);
    }
    for (index, duration) in model.durations.iter().enumerate() {
        let id = DurationId::from_index(index);
        let _ = write!(
            out,
            "  <m:{DURATION} delayexpr=\"{}\" name=\"{}\"",
            super::duration_value(model, id),
            escape(&duration.name.spec)
        );
        if !duration.shorter_than.is_empty() {
            let longer: Vec<&str> = duration
                .shorter_than
                .iter()
                .map(|&d| model.durations[d.index()].name.spec.as_str())
                .collect();
            let _ = write!(out, " {SHORTER_THAN}=\"{}\"", escape(&list(&longer)));
        }
        end(out, &duration.doc);
    }
}

/// ` wire-aliases="[...]"` (with `prefix`, `m:` on a state) when there are wire names after
/// the first.
pub(super) fn aliases(out: &mut String, prefix: &str, aliases: &[String]) {
    if !aliases.is_empty() {
        let _ = write!(
            out,
            " {prefix}{WIRE_ALIASES}=\"{}\"",
            escape(&list(aliases))
        );
    }
}

/// ` m:restarts="[...]"` when `transition` says which timers it restarts (`restarts:`, even
/// none), which SCXML cannot tell from a `reset_by` that restarts the same timers.
pub(super) fn restarts(out: &mut String, model: &Model, transition: &Transition) {
    if let Some(timers) = &transition.restarts {
        let names: Vec<&str> = timers
            .iter()
            .map(|&t| model.timer(t).name.rust.as_str())
            .collect();
        let _ = write!(out, " m:{RESTARTS}=\"{}\"", escape(&list(&names)));
    }
}

/// ` m:reset-by="[...]"` when `timeout` has a `reset_by`.
pub(super) fn reset_by(out: &mut String, model: &Model, timeout: &Timeout) {
    if !timeout.reset_by.is_empty() {
        let events: Vec<&str> = timeout
            .reset_by
            .iter()
            .map(|&e| super::event_name(model, e))
            .collect();
        let _ = write!(out, " m:{RESET_BY}=\"{}\"", escape(&list(&events)));
    }
}

/// The doc, when there is one, and the end of a declaration.
fn end(out: &mut String, doc: &str) {
    super::text_attribute(out, "doc", doc);
    out.push_str("/>\n");
}
