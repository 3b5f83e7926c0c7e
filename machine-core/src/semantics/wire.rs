//! Rule S11: which state or event a string from the wire is. The generated `FromStr` and
//! `from_wire` compile this rule; `Display` writes the first wire name.

use std::cmp::Ordering;

use crate::model::{EventId, Model, StateId};

/// Rule S11: the order in which wire names are compared: character by character, after
/// lowercasing each character when the spec reads wire names case-insensitively. Two names
/// are the same wire name when this order says `Equal`.
pub fn compare(case_insensitive: bool, a: &str, b: &str) -> Ordering {
    if case_insensitive {
        a.chars()
            .flat_map(char::to_lowercase)
            .cmp(b.chars().flat_map(char::to_lowercase))
    } else {
        a.cmp(b)
    }
}

/// Rule S11: the state one of whose wire names (the first, or one of the others listed) is
/// `text`, compared by [`compare`].
pub fn state_from_wire(model: &Model, text: &str) -> Option<StateId> {
    let names = model.states.iter().map(|s| (&s.wire, &s.wire_aliases[..]));
    named(model, names, text).map(StateId::from_index)
}

/// Rule S11 for events: the event one of whose wire names is `text`.
pub fn event_from_wire(model: &Model, text: &str) -> Option<EventId> {
    let names = model.events.iter().map(|e| (&e.wire, &e.wire_aliases[..]));
    named(model, names, text).map(EventId::from_index)
}

/// The index of the first `(wire name, other wire names)` of `names` that names `text`.
fn named<'a>(
    model: &Model,
    mut names: impl Iterator<Item = (&'a String, &'a [String])>,
    text: &str,
) -> Option<usize> {
    names.position(|(wire, aliases)| {
        std::iter::once(wire)
            .chain(aliases)
            .any(|w| compare(model.wire_case_insensitive, w, text).is_eq())
    })
}
