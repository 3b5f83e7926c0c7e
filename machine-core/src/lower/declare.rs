//! Declarations: each declared name checked and turned into Rust, duplicates and collisions
//! (by spec name, Rust name, guard variant and wire name) reported.

use std::collections::HashMap;

use crate::ast;
use crate::diagnostic::{Code, Diagnostic};
use crate::ident::{Case, rust_ident};
use crate::model::{Action, Event, EventId, Guard, Name, State, StateId};
use crate::spanned::{Map, Spanned};

use super::{Lowerer, text};

impl Lowerer<'_> {
    /// Checks a declared name and converts it to Rust.
    pub(super) fn name(&mut self, key: &Spanned<String>, case: Case, what: &str) -> Name {
        let rust = match rust_ident(&key.value, case) {
            Ok(rust) => rust,
            Err(why) => {
                let suggestion = match case {
                    Case::UpperCamel => "write it in UpperCamelCase, e.g. `InTransit`",
                    Case::Snake => "write it in snake_case, e.g. `return_address_set`",
                };
                let message = if key.value.trim().is_empty() {
                    format!("this {what} name is empty")
                } else {
                    format!("{what} name {why}")
                };
                let wire = if matches!(what, "state" | "event") {
                    "; use `wire:` when the API spells it differently"
                } else {
                    ""
                };
                self.push(
                    Diagnostic::new(Code::InvalidIdentifier, key.span, message)
                        .with_label(format!("this {what} name cannot become a Rust identifier"))
                        .with_help(format!("rename it: {suggestion}{wire}")),
                );
                String::new()
            }
        };
        Name {
            spec: key.value.clone(),
            rust,
            span: key.span,
        }
    }

    pub(super) fn declare<D, T>(
        &mut self,
        map: &Map<D>,
        case: Case,
        what: &str,
        mut make: impl FnMut(Name, &D) -> T,
    ) -> Vec<T>
    where
        T: HasName,
    {
        let items: Vec<T> = map
            .iter()
            .map(|(key, def)| make(self.name(key, case, what), def))
            .collect();
        let names: Vec<Name> = items.iter().map(|i| i.name().clone()).collect();
        self.check_unique(&names, what);
        items
    }

    /// Guards are methods (`snake_case`) and also the variants of the generated `Guard` enum
    /// (`UpperCamelCase`); `a_1` and `a1` differ as methods but not as variants.
    pub(super) fn check_guard_variants(&mut self, guards: &[Guard]) {
        let items: Vec<(&Name, &str)> = guards
            .iter()
            .map(|g| (&g.name, g.variant.as_str()))
            .collect();
        self.check_variants("guard", "Guard", &items);
    }

    /// Named durations are methods and also the variants of the generated `NamedDuration`
    /// enum, as guards are.
    pub(super) fn check_duration_variants(&mut self, durations: &[crate::model::NamedDuration]) {
        let items: Vec<(&Name, &str)> = durations
            .iter()
            .map(|d| (&d.name, d.variant.as_str()))
            .collect();
        self.check_variants("duration", "NamedDuration", &items);
    }

    fn check_variants(&mut self, what: &str, ty: &str, items: &[(&Name, &str)]) {
        let mut by_variant: HashMap<&str, &Name> = HashMap::new();
        for &(name, variant) in items.iter().filter(|(_, v)| !v.is_empty()) {
            match by_variant.get(variant) {
                Some(first) if first.rust != name.rust => self.diagnostics.push(
                    Diagnostic::new(
                        Code::IdentifierCollision,
                        name.span,
                        format!(
                            "{what} `{}` and {what} `{}` both become `{ty}::{variant}` in Rust",
                            name.spec, first.spec
                        ),
                    )
                    .with_label(format!("becomes `{ty}::{variant}`"))
                    .with_secondary(first.span, "the other one is declared here")
                    .with_help("rename one of them"),
                ),
                Some(_) => {}
                None => {
                    by_variant.insert(variant, name);
                }
            }
        }
    }

    /// Reports names that are declared twice, or that become the same Rust identifier.
    pub(super) fn check_unique(&mut self, names: &[Name], what: &str) {
        let mut by_spec: HashMap<&str, &Name> = HashMap::new();
        let mut by_rust: HashMap<&str, &Name> = HashMap::new();
        for name in names {
            if let Some(first) = by_spec.insert(&name.spec, name) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateName,
                        name.span,
                        format!("{what} `{}` is declared twice", name.spec),
                    )
                    .with_secondary(first.span, "first declared here")
                    .with_help(format!("remove one of the two, or rename this {what}")),
                );
                continue;
            }
            if name.rust.is_empty() {
                continue;
            }
            if let Some(first) = by_rust.insert(&name.rust, name) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::IdentifierCollision,
                        name.span,
                        format!(
                            "{what} `{}` and {what} `{}` both become `{}` in Rust",
                            name.spec, first.spec, name.rust
                        ),
                    )
                    .with_label(format!("becomes `{}`", name.rust))
                    .with_secondary(first.span, "the other one is declared here")
                    .with_help(if matches!(what, "state" | "event") {
                        "rename one of them; use `wire:` to keep the API's spelling"
                    } else {
                        "rename one of them"
                    }),
                );
            }
        }
    }

    pub(super) fn declare_states(
        &mut self,
        map: &Map<ast::StateDef>,
        insensitive: bool,
    ) -> Vec<State> {
        let states = self.declare_wired(
            map,
            "state",
            insensitive,
            |def| def.wire.as_ref(),
            |name, def, (wire, wire_aliases)| State {
                wire,
                wire_aliases,
                doc: text(def.doc.as_ref()),
                is_final: def.is_final.as_ref().is_some_and(|f| f.value),
                is_fault: false,
                parallel: def.parallel.as_ref().is_some_and(|p| p.value),
                parent: None,
                initial: None,
                timeouts: Vec::new(),
                waivers: Vec::new(),
                entry: Vec::new(),
                exit: Vec::new(),
                name,
            },
        );
        for (index, state) in states.iter().enumerate() {
            self.states
                .declare(&state.name.spec, StateId::from_index(index));
        }
        if states.is_empty() {
            self.push(
                Diagnostic::new(
                    Code::InvalidLifecycle,
                    map.span,
                    "the spec declares no states",
                )
                .with_help("add a `states:` mapping with at least the initial state"),
            );
        }
        states
    }

    pub(super) fn declare_events(
        &mut self,
        map: &Map<ast::EventDef>,
        insensitive: bool,
    ) -> Vec<Event> {
        let events = self.declare_wired(
            map,
            "event",
            insensitive,
            |def| def.wire.as_ref(),
            |name, def, (wire, wire_aliases)| Event {
                wire,
                wire_aliases,
                doc: text(def.doc.as_ref()),
                name,
            },
        );
        for (index, event) in events.iter().enumerate() {
            self.events
                .declare(&event.name.spec, EventId::from_index(index));
        }
        events
    }
}

pub(super) trait HasName {
    fn name(&self) -> &Name;
}
impl HasName for State {
    fn name(&self) -> &Name {
        &self.name
    }
}
impl HasName for Event {
    fn name(&self) -> &Name {
        &self.name
    }
}
impl HasName for Guard {
    fn name(&self) -> &Name {
        &self.name
    }
}
impl HasName for crate::model::NamedDuration {
    fn name(&self) -> &Name {
        &self.name
    }
}
impl HasName for Action {
    fn name(&self) -> &Name {
        &self.name
    }
}
