//! Phase 2: spec AST -> [`Model`]: names resolved to ids, identifiers checked, lists expanded
//! (`from: "*"`, incident transitions, the fault state's entries and exits).

mod symbols;

use std::collections::HashMap;

use crate::ast::{self, Initial, Spec};
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::ident::{Case, rust_ident};
use crate::model::{
    Duration, Event, EventId, Expiry, Fault, Guard, GuardId, Incident, IncidentId, Model, Name,
    Origin, Start, State, StateId, Target, Timeout, Transition, Waiver,
};
use crate::source::Span;
use crate::spanned::{Map, Names, Spanned};

use symbols::SymbolTable;

/// The `from:` value that stands for every non-final state except the fault state.
pub const ALL_STATES: &str = "*";

/// Resolves and expands `spec`. Returns the model only when no error was found; every
/// finding is pushed to `diagnostics`.
pub fn lower(spec: &Spec, source_name: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Model> {
    let errors_before = diagnostics.iter().filter(|d| d.is_error()).count();
    let model = lower_best_effort(spec, source_name, diagnostics);
    let errors_after = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors_after == errors_before).then_some(model)
}

/// Lowers everything it can, whatever the errors, pushing every finding to `diagnostics`.
/// In the result, a name that cannot become a Rust identifier has an empty `rust`, two
/// declarations may share a Rust name, and references that did not resolve are left out. Only
/// for tools that must still produce something for a broken spec, like the macro's skeleton.
pub fn lower_best_effort(
    spec: &Spec,
    source_name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Model {
    let mut cx = Lowerer {
        diagnostics,
        states: SymbolTable::new("state", "states", Code::UnknownState).with_reserved(
            ALL_STATES,
            "`\"*\"` stands for every non-final state only on its own (`from: \"*\"`); in a list, name the states",
        ),
        events: SymbolTable::new("event", "events", Code::UnknownEvent),
        guards: SymbolTable::new("guard", "guards", Code::UnknownGuard),
    };
    cx.lower(spec, source_name)
}

struct Lowerer<'d> {
    diagnostics: &'d mut Vec<Diagnostic>,
    states: SymbolTable<StateId>,
    events: SymbolTable<EventId>,
    guards: SymbolTable<GuardId>,
}

fn text(doc: Option<&Spanned<String>>) -> String {
    doc.map(|d| d.value.trim().to_owned()).unwrap_or_default()
}

impl Lowerer<'_> {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn lower(&mut self, spec: &Spec, source_name: &str) -> Model {
        let machine = self.name(&spec.machine, Case::UpperCamel, "machine");
        let mut states = self.declare_states(&spec.states);
        let events = self.declare_events(&spec.events);
        let guards = self.declare(&spec.guards, Case::Snake, "guard", |name, def| Guard {
            variant: if name.rust.is_empty() {
                String::new()
            } else {
                rust_ident(&name.spec, Case::UpperCamel).unwrap_or_default()
            },
            doc: text(def.doc.as_ref()),
            name,
        });
        self.check_guard_variants(&guards);
        for (index, guard) in guards.iter().enumerate() {
            self.guards
                .declare(&guard.name.spec, GuardId::from_index(index));
        }
        let incident_defs = &spec.incidents;
        let incident_names: Vec<Name> = incident_defs
            .iter()
            .map(|(key, _)| self.name(key, Case::UpperCamel, "incident"))
            .collect();
        self.check_unique(&incident_names, "incident");

        let starts = self.starts(&spec.initial);
        let fault = spec.fault.as_ref().and_then(|f| self.fault(f, &states));
        if let Some(fault) = &fault {
            states[fault.state.index()].is_fault = true;
        }
        for (index, (_, def)) in spec.states.iter().enumerate() {
            states[index].timeouts = def
                .timeouts
                .iter()
                .filter_map(|t| self.timeout(t))
                .collect();
            states[index].waivers = self.waivers(&def.allow);
        }

        let mut transitions = Vec::new();
        for def in &spec.transitions {
            self.transition(def, &states, fault.as_ref(), &mut transitions);
        }
        let mut incidents = Vec::new();
        for (index, ((_, def), name)) in incident_defs.iter().zip(incident_names).enumerate() {
            incidents.push(self.incident(
                def,
                name,
                IncidentId::from_index(index),
                &mut transitions,
            ));
        }
        if let Some(fault) = &fault {
            let span = spec.fault.as_ref().map_or(Span::START, |f| f.on.span);
            for &from in &fault.sources {
                transitions.push(Transition {
                    from,
                    event: fault.enter,
                    target: Target::State(fault.state),
                    guards: Vec::new(),
                    origin: Origin::FaultEntry,
                    doc: String::new(),
                    span,
                });
            }
            let span = spec.fault.as_ref().map_or(Span::START, |f| f.resume.span);
            let exits = std::iter::once(Target::History)
                .chain(fault.resume_to.iter().map(|&s| Target::State(s)));
            for target in exits {
                transitions.push(Transition {
                    from: fault.state,
                    event: fault.resume,
                    target,
                    guards: Vec::new(),
                    origin: Origin::FaultExit,
                    doc: String::new(),
                    span,
                });
            }
        }

        Model {
            name: machine,
            doc: text(spec.doc.as_ref()),
            source_name: source_name.to_owned(),
            states,
            events,
            guards,
            starts,
            transitions,
            fault,
            incidents,
            outgoing: Vec::new(),
        }
        .indexed()
    }

    /// Checks a declared name and converts it to Rust.
    fn name(&mut self, key: &Spanned<String>, case: Case, what: &str) -> Name {
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

    fn declare<D, T>(
        &mut self,
        map: &Map<D>,
        case: Case,
        what: &str,
        make: impl Fn(Name, &D) -> T,
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
    fn check_guard_variants(&mut self, guards: &[Guard]) {
        let mut by_variant: HashMap<String, &Guard> = HashMap::new();
        for guard in guards.iter().filter(|g| !g.variant.is_empty()) {
            let variant = guard.variant.clone();
            match by_variant.get(&variant) {
                Some(first) if first.name.rust != guard.name.rust => self.diagnostics.push(
                    Diagnostic::new(
                        Code::IdentifierCollision,
                        guard.name.span,
                        format!(
                            "guard `{}` and guard `{}` both become `Guard::{variant}` in Rust",
                            guard.name.spec, first.name.spec
                        ),
                    )
                    .with_label(format!("becomes `Guard::{variant}`"))
                    .with_secondary(first.name.span, "the other one is declared here")
                    .with_help("rename one of them"),
                ),
                Some(_) => {}
                None => {
                    by_variant.insert(variant, guard);
                }
            }
        }
    }

    /// Reports names that are declared twice, or that become the same Rust identifier.
    fn check_unique(&mut self, names: &[Name], what: &str) {
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

    fn check_wire_names(&mut self, wires: &[(String, Span, String)], what: &str) {
        let mut seen: HashMap<&str, (&Span, &str)> = HashMap::new();
        for (wire, span, name) in wires {
            if let Some((first_span, first_name)) = seen.insert(wire, (span, name)) {
                if first_name == name {
                    continue;
                }
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateWireName,
                        *span,
                        format!("{what}s `{first_name}` and `{name}` both use the wire name `{wire}`"),
                    )
                    .with_secondary(*first_span, format!("`{first_name}` is declared here"))
                    .with_help("give one of them a different `wire:` name, so the API's strings parse unambiguously"),
                );
            }
        }
    }

    fn declare_states(&mut self, map: &Map<ast::StateDef>) -> Vec<State> {
        let states = self.declare(map, Case::UpperCamel, "state", |name, def| State {
            wire: def
                .wire
                .as_ref()
                .map_or_else(|| name.spec.clone(), |w| w.value.clone()),
            doc: text(def.doc.as_ref()),
            is_final: def.is_final.as_ref().is_some_and(|f| f.value),
            is_fault: false,
            timeouts: Vec::new(),
            waivers: Vec::new(),
            name,
        });
        let wires: Vec<_> = map
            .iter()
            .zip(&states)
            .map(|((key, def), s)| {
                (
                    s.wire.clone(),
                    def.wire.as_ref().map_or(key.span, |w| w.span),
                    s.name.spec.clone(),
                )
            })
            .collect();
        self.check_wire_names(&wires, "state");
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

    fn declare_events(&mut self, map: &Map<ast::EventDef>) -> Vec<Event> {
        let events = self.declare(map, Case::UpperCamel, "event", |name, def| Event {
            wire: def
                .wire
                .as_ref()
                .map_or_else(|| name.spec.clone(), |w| w.value.clone()),
            doc: text(def.doc.as_ref()),
            name,
        });
        let wires: Vec<_> = map
            .iter()
            .zip(&events)
            .map(|((key, def), e)| {
                (
                    e.wire.clone(),
                    def.wire.as_ref().map_or(key.span, |w| w.span),
                    e.name.spec.clone(),
                )
            })
            .collect();
        self.check_wire_names(&wires, "event");
        for (index, event) in events.iter().enumerate() {
            self.events
                .declare(&event.name.spec, EventId::from_index(index));
        }
        events
    }

    fn state(&mut self, name: &Spanned<String>) -> Option<StateId> {
        self.states.resolve(name, self.diagnostics)
    }

    fn event(&mut self, name: &Spanned<String>) -> Option<EventId> {
        self.events.resolve(name, self.diagnostics)
    }

    fn guard(&mut self, name: &Spanned<String>) -> Option<GuardId> {
        self.guards.resolve(name, self.diagnostics)
    }

    fn states(&mut self, names: &Names) -> Vec<StateId> {
        let mut ids: Vec<StateId> = Vec::new();
        for name in names.iter() {
            if let Some(id) = self.state(name) {
                if ids.contains(&id) {
                    self.push(
                        Diagnostic::new(
                            Code::DuplicateName,
                            name.span,
                            format!("state `{}` is listed twice", name.value),
                        )
                        .with_help("remove the repeated name"),
                    );
                } else {
                    ids.push(id);
                }
            }
        }
        ids
    }

    fn starts(&mut self, initial: &Initial) -> Vec<Start> {
        match initial {
            Initial::One(state) => self
                .state(state)
                .map(|state| Start { name: None, state })
                .into_iter()
                .collect(),
            Initial::Named(map) => {
                if map.is_empty() {
                    self.push(
                        Diagnostic::new(
                            Code::InvalidLifecycle,
                            map.span,
                            "`initial:` names no start",
                        )
                        .with_help("write `initial: State`, or `initial: { start_name: State }`"),
                    );
                }
                let starts: Vec<(Name, Option<StateId>)> = map
                    .iter()
                    .map(|(key, state)| {
                        (self.name(key, Case::UpperCamel, "start"), self.state(state))
                    })
                    .collect();
                let names: Vec<Name> = starts.iter().map(|(n, _)| n.clone()).collect();
                self.check_unique(&names, "start");
                starts
                    .into_iter()
                    .filter_map(|(name, state)| {
                        Some(Start {
                            name: Some(name),
                            state: state?,
                        })
                    })
                    .collect()
            }
        }
    }

    fn fault(&mut self, def: &ast::FaultDef, states: &[State]) -> Option<Fault> {
        let state = self.state(&def.state);
        let enter = self.event(&def.on);
        let resume = self.event(&def.resume);
        let resume_to = self.states(&def.resume_to);
        let state = state?;
        if states[state.index()].is_final {
            self.push(
                Diagnostic::new(Code::InvalidLifecycle, def.state.span, format!("the fault state `{}` is final", def.state.value))
                    .with_help("a fault state is left once the fault is resolved: remove `final: true` from it"),
            );
            return None;
        }
        if enter.is_some() && enter == resume {
            self.push(
                Diagnostic::new(
                    Code::InvalidLifecycle,
                    def.resume.span,
                    "the fault state is entered and left by the same event",
                )
                .with_help("use two events, e.g. `Fault` to enter and `Resolve` to leave"),
            );
        }
        let sources = states
            .iter()
            .enumerate()
            .filter(|(i, s)| !s.is_final && *i != state.index())
            .map(|(i, _)| StateId::from_index(i))
            .collect();
        Some(Fault {
            state,
            enter: enter?,
            resume: resume?,
            sources,
            resume_to,
        })
    }

    fn timeout(&mut self, def: &ast::TimeoutDef) -> Option<Timeout> {
        let after = match parse_duration(&def.after.value) {
            Ok(after) => Some(after),
            Err(why) => {
                self.push(
                    Diagnostic::new(
                        Code::InvalidDuration,
                        def.after.span,
                        format!("invalid duration `{}`: {why}", def.after.value),
                    )
                    .with_help(
                        "write a whole number and a unit: `30s`, `15m`, `12h`, `14d` or `2w`",
                    ),
                );
                None
            }
        };
        let given: Vec<&Spanned<String>> = [&def.to, &def.end, &def.notify]
            .into_iter()
            .flatten()
            .collect();
        let expiry = match (&def.to, &def.end, &def.notify) {
            (Some(to), None, None) => self.state(to).map(Expiry::Transition),
            (None, Some(end), None) => Some(Expiry::End(end.value.trim().to_owned())),
            (None, None, Some(notify)) => Some(Expiry::Notify(notify.value.trim().to_owned())),
            _ => {
                let span = given.get(1).map_or(def.after.span, |s| s.span);
                self.push(
                    Diagnostic::new(Code::InvalidTimeout, span, "a timeout must say exactly one of `to`, `end` or `notify`")
                        .with_help("`to: State` moves the machine, `end: \"...\"` ends the lifecycle, `notify: \"...\"` only tells someone"),
                );
                None
            }
        };
        let (reset_by, reset_by_spans) = def
            .reset_by
            .iter()
            .filter_map(|e| Some((self.event(e)?, e.span)))
            .unzip();
        Some(Timeout {
            after: after?,
            expiry: expiry?,
            reset_by,
            reset_by_spans,
            doc: text(def.doc.as_ref()),
            span: def.after.span,
        })
    }

    fn waivers(&mut self, allow: &Map<Spanned<String>>) -> Vec<Waiver> {
        let waivable: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| c.is_waivable())
            .map(|c| c.name())
            .collect();
        let mut waivers = Vec::new();
        for (key, reason) in allow.iter() {
            match Code::from_name(&key.value).filter(|c| c.is_waivable()) {
                Some(code) if !reason.value.trim().is_empty() => {
                    waivers.push(Waiver { code, reason: reason.value.trim().to_owned() });
                }
                Some(_) => self.push(
                    Diagnostic::new(Code::UnknownCheck, reason.span, format!("the waiver of `{}` gives no reason", key.value))
                        .with_help("say why the check does not apply to this state, e.g. `trap-state: \"kept for audit\"`"),
                ),
                None => self.push(
                    Diagnostic::new(Code::UnknownCheck, key.span, format!("`{}` is not a check that can be waived", key.value))
                        .with_help(did_you_mean(&key.value, waivable.iter().copied()).unwrap_or_else(|| {
                            format!("the checks that can be waived for a state are `{}`", waivable.join("`, `"))
                        })),
                ),
            }
        }
        waivers
    }

    fn transition(
        &mut self,
        def: &ast::TransitionDef,
        states: &[State],
        fault: Option<&Fault>,
        out: &mut Vec<Transition>,
    ) {
        let from: Vec<StateId> = if def.from.0.len() == 1 && def.from.0[0].value == ALL_STATES {
            states
                .iter()
                .enumerate()
                .filter(|(i, s)| !s.is_final && fault.is_none_or(|f| f.state.index() != *i))
                .map(|(i, _)| StateId::from_index(i))
                .collect()
        } else {
            self.states(&def.from)
        };
        if def.from.0.is_empty() {
            self.push(
                Diagnostic::new(Code::InvalidTransition, def.on.span, "this transition has no source state")
                    .with_help("write `from: State`, `from: [A, B]`, or `from: \"*\"` for every non-final state"),
            );
        }
        let event = self.event(&def.on);
        let internal = def.internal.as_ref().is_some_and(|i| i.value);
        let target = match (&def.to, internal) {
            (Some(to), false) => self.state(to).map(Target::State),
            (None, true) => Some(Target::Internal),
            (Some(to), true) => {
                self.push(
                    Diagnostic::new(Code::InvalidTransition, to.span, "an internal transition cannot have a `to` state")
                        .with_help("remove `to:` to handle the event without leaving the state, or remove `internal: true`"),
                );
                None
            }
            (None, false) => {
                self.push(
                    Diagnostic::new(Code::InvalidTransition, def.on.span, "this transition has no `to` state")
                        .with_label("the transition on this event goes nowhere")
                        .with_help("add `to: State`, or `internal: true` to handle the event without leaving the state"),
                );
                None
            }
        };
        let mut guards = Vec::new();
        for name in def.guard.iter().flat_map(Names::iter) {
            if let Some(id) = self.guard(name) {
                if guards.contains(&id) {
                    self.push(
                        Diagnostic::new(
                            Code::DuplicateName,
                            name.span,
                            format!("guard `{}` is listed twice", name.value),
                        )
                        .with_help("remove the repeated guard"),
                    );
                } else {
                    guards.push(id);
                }
            }
        }
        let (Some(event), Some(target)) = (event, target) else {
            return;
        };
        for from in from {
            out.push(Transition {
                from,
                event,
                target,
                guards: guards.clone(),
                origin: Origin::Spec,
                doc: text(def.doc.as_ref()),
                span: def.on.span,
            });
        }
    }

    fn incident(
        &mut self,
        def: &ast::IncidentDef,
        name: Name,
        id: IncidentId,
        out: &mut Vec<Transition>,
    ) -> Incident {
        let states = self.states(&def.states);
        if def.states.0.is_empty() && def.no_state.is_none() {
            self.push(
                Diagnostic::new(Code::InvalidLifecycle, name.span, format!("incident `{}` applies in no state", name.spec))
                    .with_help("add `in: [State, ...]`, or `no_state: N/A` when it happens to objects the service does not know"),
            );
        }
        let transition = def.transition.as_ref().and_then(|t| {
            let event = self.event(&t.on);
            let to = self.state(&t.to);
            if states.is_empty() && !def.states.0.is_empty() {
                return None;
            }
            if def.states.0.is_empty() {
                self.push(
                    Diagnostic::new(
                        Code::InvalidTransition,
                        t.on.span,
                        "an incident without states cannot make a transition",
                    )
                    .with_help("list the states the transition leaves under `in:`"),
                );
                return None;
            }
            Some((event?, to?))
        });
        if let Some((event, to)) = transition {
            let span = def.transition.as_ref().map_or(name.span, |t| t.on.span);
            for &from in &states {
                out.push(Transition {
                    from,
                    event,
                    target: Target::State(to),
                    guards: Vec::new(),
                    origin: Origin::Incident(id),
                    doc: def.resolution.value.trim().to_owned(),
                    span,
                });
            }
        }
        Incident {
            name,
            states,
            no_state: def.no_state.as_ref().map(|s| s.value.trim().to_owned()),
            event: def.event.value.trim().to_owned(),
            resolution: def.resolution.value.trim().to_owned(),
            transition,
        }
    }
}

trait HasName {
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

/// Parses `14d`, `2w`, `90d`, `12h`, `30m`, `45s`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let trimmed = text.trim();
    let digits_end = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(digits_end);
    if number.is_empty() {
        return Err("it does not start with a number".into());
    }
    let unit_seconds: u64 = match unit.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        "w" => 604_800,
        "" => return Err("it has no unit".into()),
        other => return Err(format!("`{other}` is not a unit")),
    };
    let number: u64 = number
        .parse()
        .map_err(|_| "the number is too large".to_owned())?;
    if number == 0 {
        return Err("a timeout of zero never lets the state be seen".into());
    }
    let seconds = number
        .checked_mul(unit_seconds)
        .ok_or_else(|| "the duration is too long".to_owned())?;
    Ok(Duration {
        text: format!("{number}{}", unit.trim()),
        seconds,
    })
}
