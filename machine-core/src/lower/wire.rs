//! Wire names: the strings states and events cross an API as. Each must hold more than blanks,
//! and no two states (or events) may share one, as rule S11 compares them.

use std::cmp::Ordering;

use crate::diagnostic::{Code, Diagnostic};
use crate::ident::Case;
use crate::model::Name;
use crate::semantics::wire::compare;
use crate::source::Span;
use crate::spanned::{Map, Names, Spanned};

use super::Lowerer;
use super::declare::HasName;

/// The wire names of one declaration, where each is written, and the declaration's name.
struct Wires {
    names: Vec<(String, Span)>,
    owner: String,
}

impl Wires {
    /// The first wire name (what `Display` writes) and the others.
    fn split(&self) -> (String, Vec<String>) {
        let mut names = self.names.iter().map(|(w, _)| w.clone());
        let first = names.next().unwrap_or_else(|| self.owner.clone());
        (first, names.collect())
    }
}

impl Lowerer<'_> {
    /// Declares the states or events of `map` ([`Lowerer::declare`]) with their wire names
    /// (`wire` gives a declaration's `wire:`), and checks the wire names.
    pub(super) fn declare_wired<D, T: HasName>(
        &mut self,
        map: &Map<D>,
        what: &str,
        insensitive: bool,
        wire: impl Fn(&D) -> Option<&Names>,
        mut make: impl FnMut(Name, &D, (String, Vec<String>)) -> T,
    ) -> Vec<T> {
        let wires: Vec<Wires> = map
            .iter()
            .map(|(key, def)| self.wire_names(wire(def), key, what))
            .collect();
        let mut wire_of = wires.iter().map(Wires::split);
        let items = self.declare(map, Case::UpperCamel, what, |name, def| {
            make(name, def, wire_of.next().unwrap_or_default())
        });
        self.check_wire_names(&wires, what, insensitive);
        items
    }

    /// The wire names written under `wire:` of the declaration `key`, or its name when there
    /// is no `wire:`. Blank ones, and an empty list, are reported and left out.
    fn wire_names(&mut self, wire: Option<&Names>, key: &Spanned<String>, what: &str) -> Wires {
        let owner = key.value.clone();
        let Some(wire) = wire else {
            return Wires {
                names: vec![(owner.clone(), key.span)],
                owner,
            };
        };
        let mut names = Vec::new();
        for name in wire.iter() {
            if name.value.trim().is_empty() {
                self.push(
                    Diagnostic::new(
                        Code::InvalidWireName,
                        name.span,
                        format!("{what} `{owner}` has a blank wire name"),
                    )
                    .with_label("nothing but blanks")
                    .with_help(
                        "write the string the API uses, or remove `wire:` to use the name itself",
                    ),
                );
            } else {
                names.push((name.value.clone(), name.span));
            }
        }
        if wire.iter().next().is_none() {
            self.push(
                Diagnostic::new(
                    Code::InvalidWireName,
                    key.span,
                    format!("{what} `{owner}` has an empty list of wire names"),
                )
                .with_label("`wire: []` lists no name")
                .with_help("list at least one wire name, or remove `wire:` to use the name itself"),
            );
        }
        Wires { names, owner }
    }

    /// Reports wire names shared by two declarations (compared as rule S11 compares them).
    fn check_wire_names(&mut self, wires: &[Wires], what: &str, insensitive: bool) {
        let mut all: Vec<(&str, Span, &str)> = wires
            .iter()
            .flat_map(|w| {
                w.names
                    .iter()
                    .map(|(n, s)| (n.as_str(), *s, w.owner.as_str()))
            })
            .collect();
        // Stable: of equal names, the one written first comes first.
        all.sort_by(|a, b| compare(insensitive, a.0, b.0).then(a.1.start.cmp(&b.1.start)));
        for pair in all.windows(2) {
            let [(first, first_span, first_owner), (wire, span, owner)] = pair else {
                continue;
            };
            if compare(insensitive, first, wire) != Ordering::Equal {
                continue;
            }
            let (message, secondary, help) = if first_owner == owner {
                (
                    format!("{what} `{owner}` lists the wire name `{wire}` twice"),
                    "listed first here".to_owned(),
                    "remove one of them",
                )
            } else {
                (
                    format!(
                        "{what}s `{first_owner}` and `{owner}` both use the wire name `{wire}`"
                    ),
                    format!("`{first_owner}` uses `{first}` here"),
                    "give one of them a different `wire:` name, so the API's strings parse unambiguously",
                )
            };
            let message = if insensitive && first != wire {
                format!("{message} (case is ignored: `wire_case: insensitive`)")
            } else {
                message
            };
            self.push(
                Diagnostic::new(Code::DuplicateWireName, *span, message)
                    .with_secondary(*first_span, secondary)
                    .with_help(help),
            );
        }
    }
}
