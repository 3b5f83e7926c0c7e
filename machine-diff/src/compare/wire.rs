//! Wire names (rule S11): the string `Display` writes for a state or an event, and every
//! string `FromStr` reads as it, under the spec's `wire_case`. Clients that store these
//! strings in a database or receive them from a REST API break when a string they hold no
//! longer reads as the same state or event, or when `Display` writes another one. Which
//! item a string reads as is asked of `machine_core::semantics::wire`, so a string that
//! still reads (another spelling under `wire_case: insensitive`) is no change.

use machine_core::model::{EventId, Model, Name, StateId};
use machine_core::semantics::wire;

use super::{Cx, Found};
use crate::{Impact, Kind, Section};

/// A state's or an event's name and wire names, the first being what `Display` writes.
fn wires(model: &Model, section: Section, index: usize) -> (&Name, Vec<&str>) {
    let (name, first, others) = if section == Section::States {
        let s = &model.states[index];
        (&s.name, &s.wire, &s.wire_aliases)
    } else {
        let e = &model.events[index];
        (&e.name, &e.wire, &e.wire_aliases)
    };
    let mut all = vec![first.as_str()];
    all.extend(others.iter().map(String::as_str));
    (name, all)
}

/// The index of the state (or event) `text` reads as in `model` (rule S11).
fn reads_as(model: &Model, section: Section, text: &str) -> Option<usize> {
    if section == Section::States {
        wire::state_from_wire(model, text).map(StateId::index)
    } else {
        wire::event_from_wire(model, text).map(EventId::index)
    }
}

/// `[a, b]` as YAML writes a list of wire names, quoting those that need it.
fn yaml_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names
        .iter()
        .map(|n| {
            let plain = !n.is_empty()
                && n.trim() == *n
                && !n.contains(|c: char| ",:[]{}#&*!|>'\"%@`".contains(c));
            if plain {
                (*n).to_owned()
            } else {
                format!("\"{}\"", n.replace('\\', "\\\\").replace('"', "\\\""))
            }
        })
        .collect();
    format!("[{}]", quoted.join(", "))
}

impl Cx<'_> {
    /// `wire_case`: reading wire names exactly after ignoring case breaks clients that send
    /// another spelling; the other way round breaks none.
    pub(super) fn wire_case(&mut self) {
        let (old, new) = (self.old, self.new);
        if old.wire_case_insensitive == new.wire_case_insensitive {
            return;
        }
        let case = |insensitive: bool| if insensitive { "insensitive" } else { "exact" };
        let detail = format!(
            "`{}` instead of `{}`",
            case(new.wire_case_insensitive),
            case(old.wire_case_insensitive)
        );
        let (impact, why, suggestion) = if old.wire_case_insensitive {
            let example = new
                .states
                .iter()
                .map(|s| (s.wire.as_str(), s.wire.to_uppercase()))
                .find(|(wire, upper)| wire != upper)
                .map(|(wire, upper)| format!(" (`{upper}` for `{wire}`)"))
                .unwrap_or_default();
            (
                Impact::Breaking,
                format!(
                    "`FromStr` no longer reads wire names written in another case{example}: \
                     clients that send such strings, or values stored with them, are refused"
                ),
                "keep `wire_case: insensitive`, or list every spelling clients use under `wire:`"
                    .to_owned(),
            )
        } else {
            (
                Impact::Compatible,
                "`FromStr` also reads wire names written in any case".to_owned(),
                String::new(),
            )
        };
        self.push(Found {
            section: Section::Machine,
            kind: Kind::Changed,
            item: "`wire_case`".into(),
            detail,
            impact,
            why,
            suggestion,
            old: Some(old.name.span),
            new: Some(new.name.span),
        });
    }

    /// The wire names of the states (or events) in both versions: what `Display` writes,
    /// strings that no longer read as the same item, and strings read as it now.
    pub(super) fn wire_names(&mut self, section: Section) {
        let (what, count) = match section {
            Section::States => ("state", self.old.states.len()),
            _ => ("event", self.old.events.len()),
        };
        for o in 0..count {
            let map = match section {
                Section::States => &self.names.states,
                _ => &self.names.events,
            };
            let Some(n) = map.new_index(o) else {
                continue;
            };
            let (old_name, was) = wires(self.old, section, o);
            let (new_name, is) = wires(self.new, section, n);
            let item = format!("{what} `{}`", new_name.spec);
            let (old_span, new_span) = (Some(old_name.span), Some(new_name.span));
            // Its own wire names first: NEW has no wire name twice (E0107), so a string among
            // them reads as it without searching every item.
            let own = |model: &Model, list: &[&str], text: &str| {
                list.iter()
                    .any(|w| wire::compare(model.wire_case_insensitive, w, text).is_eq())
            };
            let reads = |text: &str| {
                if own(self.new, &is, text) {
                    Some(n)
                } else {
                    reads_as(self.new, section, text)
                }
            };
            let keep = |text: &str| {
                let mut list = is.clone();
                list.push(text);
                format!(
                    "keep `{text}` as another wire name of `{}`: `wire: {}`",
                    new_name.spec,
                    yaml_list(&list)
                )
            };
            let mut found = Vec::new();
            if was[0] != is[0] {
                let still = reads(was[0]) == Some(n);
                found.push(Found {
                    section,
                    kind: Kind::Changed,
                    item: item.clone(),
                    detail: format!("writes `{}` instead of `{}`", is[0], was[0]),
                    impact: Impact::Breaking,
                    why: if still {
                        format!(
                            "`Display` writes `{}`: clients that receive it, or compare it with \
                             stored strings, see another string (`{}` still reads as `{}`)",
                            is[0], was[0], new_name.spec
                        )
                    } else {
                        format!(
                            "`Display` writes `{}`, and `{}` no longer reads as `{}`: clients \
                             that send, receive or store the old string fail",
                            is[0], was[0], new_name.spec
                        )
                    },
                    suggestion: if still { String::new() } else { keep(was[0]) },
                    old: old_span,
                    new: new_span,
                });
            }
            for &text in &was[1..] {
                let (detail, why) = match reads(text) {
                    Some(now) if now == n => continue,
                    Some(now) => {
                        let other = match section {
                            Section::States => &self.new.states[now].name.spec,
                            _ => &self.new.events[now].name.spec,
                        };
                        (
                            format!("wire name `{text}` reads as {what} `{other}` now"),
                            format!(
                                "clients that send `{text}`, or values stored with it, now mean \
                                 `{other}`"
                            ),
                        )
                    }
                    None => (
                        format!("wire name `{text}` removed"),
                        format!(
                            "`FromStr` no longer reads `{text}`: clients that send it, or values \
                             stored with it, are refused"
                        ),
                    ),
                };
                found.push(Found {
                    section,
                    kind: Kind::Changed,
                    item: item.clone(),
                    detail,
                    impact: Impact::Breaking,
                    why,
                    suggestion: keep(text),
                    old: old_span,
                    new: new_span,
                });
            }
            let shown = usize::from(was[0] != is[0]);
            for &text in &is[shown..] {
                if own(self.old, &was, text) {
                    continue;
                }
                found.push(Found {
                    section,
                    kind: Kind::Changed,
                    item: item.clone(),
                    detail: format!("wire name `{text}` added"),
                    impact: Impact::Compatible,
                    why: format!(
                        "`FromStr` also reads `{text}` as `{}`; `Display` is unchanged",
                        new_name.spec
                    ),
                    suggestion: String::new(),
                    old: old_span,
                    new: new_span,
                });
            }
            for f in found {
                self.push(f);
            }
        }
    }
}
