//! Phase 2: spec AST -> [`Model`]: names resolved to ids, identifiers checked, lists expanded
//! (`from: "*"`, incident transitions, the fault state's entries and exits).

mod declare;
mod duration;
pub(crate) mod duration_text;
mod guards;
mod history;
mod lists;
mod parallel;
mod spanning;
mod symbols;
mod timers;
mod tree;
mod trigger;
mod wire;

pub use duration_text::{DURATION_PATTERN, parse_duration};

use crate::ast::{self, Initial, Spec};
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::ident::{Case, rust_ident};
use crate::model::{
    Action, ActionId, EventId, Expiry, Fault, Guard, GuardId, Incident, IncidentId, Model, Name,
    Origin, Start, State, StateId, Target, Timeout, Timer, Transition, Trigger, Waiver,
};
use crate::source::Span;
use crate::spanned::{Map, Spanned};

use guards::Asker;
use symbols::SymbolTable;
use tree::{cover, has_children, working};
use trigger::trigger_span;

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
        actions: SymbolTable::new("action", "actions", Code::UnknownAction),
        durations: SymbolTable::new("duration", "durations", Code::UnknownDuration),
        history_names: Vec::new(),
        recall_names: Vec::new(),
    };
    cx.lower(spec, source_name)
}

struct Lowerer<'d> {
    diagnostics: &'d mut Vec<Diagnostic>,
    states: SymbolTable<StateId>,
    events: SymbolTable<EventId>,
    guards: SymbolTable<GuardId>,
    actions: SymbolTable<ActionId>,
    durations: SymbolTable<crate::model::DurationId>,
    /// The names of the history states (rule S19), which a transition's or a timeout's
    /// `to:` may name, found right or wrong where they are declared.
    history_names: Vec<String>,
    /// The names of the history states found right, in [`HistoryId`](crate::model::HistoryId)
    /// order.
    recall_names: Vec<String>,
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
        let insensitive = spec.wire_case == Some(crate::ast::WireCase::Insensitive);
        let tree = spec.state_tree();
        let flat = tree::flat(&tree, spec.states.span);
        let mut states = self.declare_states(&flat, insensitive);
        self.tree(&tree, &mut states);
        self.parallel_shapes(&tree);
        let histories = self.histories(&tree, &states);
        self.recall_names = histories.iter().map(|h| h.name.spec.clone()).collect();
        let events = self.declare_events(&spec.events, insensitive);
        let guards = self.declare(&spec.guards, Case::Snake, "guard", |name, def| Guard {
            variant: if name.rust.is_empty() {
                String::new()
            } else {
                rust_ident(&name.spec, Case::UpperCamel).unwrap_or_default()
            },
            doc: text(def.doc.as_ref()),
            name,
        });
        let actions = self.declare(&spec.actions, Case::Snake, "action", |name, def| Action {
            doc: text(def.doc.as_ref()),
            name,
        });
        for (index, action) in actions.iter().enumerate() {
            self.actions
                .declare(&action.name.spec, ActionId::from_index(index));
        }
        self.check_guard_variants(&guards);
        let durations = self.declare_durations(&spec.durations);
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

        let mut starts = self.starts(&spec.initial);
        // A start names the state it enters; a compound one is entered down to its initial
        // state (rule S17), where the machine starts.
        for start in &mut starts {
            let mut at = start.state;
            while let Some(initial) = states[at.index()].initial {
                at = initial;
            }
            start.state = at;
        }
        let mut fault = spec.fault.as_ref().and_then(|f| self.fault(f, &states));
        if let Some(fault) = &fault
            && has_children(&states, fault.state)
        {
            let name = &states[fault.state.index()].name;
            self.push(
                Diagnostic::new(
                    Code::InvalidCompound,
                    spec.fault.as_ref().map_or(name.span, |f| f.state.span),
                    format!("the fault state `{}` has states inside it", name.spec),
                )
                .with_label("the fault state is one state, without children")
                .with_help("name a state without `states:` as the fault state"),
            );
        }
        if let Some(fault) = &mut fault {
            states[fault.state.index()].is_fault = true;
            fault.sources = working(&states)
                .filter(|s| !has_children(&states, *s))
                .collect();
        }
        let mut timeouts = Vec::new();
        for (index, (_, def)) in flat.iter().enumerate() {
            timeouts.push(
                def.timeouts
                    .iter()
                    .filter_map(|t| {
                        let name = t
                            .name
                            .as_ref()
                            .map(|n| self.name(n, Case::UpperCamel, "timer"));
                        Some((name, self.timeout(&t.expiry)?))
                    })
                    .collect::<Vec<_>>(),
            );
            states[index].waivers = self.waivers(&def.allow);
            states[index].entry = self.action_list(&def.entry);
            states[index].exit = self.action_list(&def.exit);
        }
        let mut timers = timers::of_states(&mut states, timeouts);
        let spanning = self.spanning_timers(&spec.timers, &states);
        timers.extend(spanning);
        self.check_timer_names(&timers, &states);
        self.parallel_reach(&states, fault.as_ref().map(|f| f.state), &timers);

        let mut transitions = Vec::new();
        for (entry, def) in spec.transitions.iter().enumerate() {
            self.transition(entry, def, &states, &timers, &histories, &mut transitions);
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
            // Entered from every working state of the top level, and so from every state
            // inside one (rule S16); the history is the state the machine was in (S5).
            for from in working(&states).filter(|&s| states[s.index()].parent.is_none()) {
                transitions.push(Transition {
                    from,
                    trigger: Trigger::Event(fault.enter),
                    target: Target::State(fault.state),
                    guards: Vec::new(),
                    origin: Origin::FaultEntry,
                    actions: Vec::new(),
                    restarts: None,
                    any: None,
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
                    trigger: Trigger::Event(fault.resume),
                    target,
                    guards: Vec::new(),
                    origin: Origin::FaultExit,
                    actions: Vec::new(),
                    restarts: None,
                    any: None,
                    doc: String::new(),
                    span,
                });
            }
        }

        Model {
            name: machine,
            doc: text(spec.doc.as_ref()),
            source_name: source_name.to_owned(),
            wire_case_insensitive: insensitive,
            states,
            events,
            guards,
            actions,
            durations,
            starts,
            transitions,
            fault,
            incidents,
            timers,
            histories,
            index: crate::model::Index::default(),
        }
        .indexed()
    }

    fn state(&mut self, name: &Spanned<String>) -> Option<StateId> {
        if self.history_names.contains(&name.value) && self.states.lookup(&name.value).is_none() {
            // Only a transition's or a timeout's `to:` names a history state (rule S19).
            self.push(
                Diagnostic::new(
                    Code::UnknownState,
                    name.span,
                    format!(
                        "`{}` is a history state, and a state is needed here",
                        name.value
                    ),
                )
                .with_label("a history state is a target of transitions and timeouts only")
                .with_help(format!(
                    "name a state here; a transition's or a timeout's `to:` may name `{}`",
                    name.value
                )),
            );
            return None;
        }
        self.states.resolve(name, self.diagnostics)
    }

    fn event(&mut self, name: &Spanned<String>) -> Option<EventId> {
        self.events.resolve(name, self.diagnostics)
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
        Some(Fault {
            state,
            enter: enter?,
            resume: resume?,
            sources: Vec::new(),
            resume_to,
        })
    }

    fn timeout(&mut self, def: &ast::TimeoutDef) -> Option<Timeout> {
        let guards = self.guard_tests(def.guard.as_ref(), Asker::Timeout);
        let actions = self.action_list(&def.actions);
        let after = self.after(&def.after);
        let given: Vec<&Spanned<String>> = [&def.to, &def.end, &def.notify]
            .into_iter()
            .flatten()
            .collect();
        let expiry = match (&def.to, &def.end, &def.notify) {
            (Some(to), None, None) if self.history_names.contains(&to.value) => self
                .recall_names
                .iter()
                .position(|h| *h == to.value)
                .map(|h| Expiry::Recall(crate::model::HistoryId::from_index(h))),
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
            guards,
            actions,
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
        entry: usize,
        def: &ast::TransitionDef,
        states: &[State],
        timers: &[Timer],
        histories: &[crate::model::History],
        out: &mut Vec<Transition>,
    ) {
        // Where the transition is written: its (first) event, or its trigger.
        let at = trigger_span(def);
        let star = def.from.0.len() == 1 && def.from.0[0].value == ALL_STATES;
        let except = def.except.as_ref().map(|names| self.states(names));
        let from: Vec<StateId> = if star {
            let except = except.unwrap_or_default();
            let top = working(states).filter(|&s| states[s.index()].parent.is_none());
            top.flat_map(|s| cover(states, s, &except)).collect()
        } else {
            if let Some(name) = def.except.as_ref().and_then(|e| e.iter().next()) {
                self.push(
                    Diagnostic::new(Code::InvalidTransition, name.span, "`except:` belongs to `from: \"*\"`")
                        .with_label("this transition names its states")
                        .with_help("remove `except:`, or write `from: \"*\"` to mean every non-final state but those listed"),
                );
            }
            self.states(&def.from)
        };
        if def.from.0.is_empty() {
            self.push(
                Diagnostic::new(Code::InvalidTransition, at, "this transition has no source state")
                    .with_help("write `from: State`, `from: [A, B]`, or `from: \"*\"` for every non-final state"),
            );
        }
        let triggers = self.triggers(def, &from, states, at);
        let internal = def.internal.as_ref().is_some_and(|i| i.value);
        let target = match (&def.to, internal) {
            (Some(to), false) => match histories.iter().position(|h| h.name.spec == to.value) {
                Some(h) => Some(Target::Recall(crate::model::HistoryId::from_index(h))),
                // A history state found wrong where it is declared.
                None if self.history_names.contains(&to.value) => None,
                None => self.state(to).map(Target::State),
            },
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
                    Diagnostic::new(Code::InvalidTransition, at, "this transition has no `to` state")
                        .with_label("the transition on this event goes nowhere")
                        .with_help("add `to: State`, or `internal: true` to handle the event without leaving the state"),
                );
                None
            }
        };
        let guards = self.guard_tests(def.guard.as_ref(), Asker::Transition);
        let actions = self.action_list(&def.actions);
        let Some(target) = target else {
            return;
        };
        let restarts = def.restarts.as_ref().map(|names| {
            let to: Vec<StateId> = from
                .iter()
                .map(|&f| match target {
                    Target::State(to) => to,
                    Target::Recall(h) => histories[h.index()].state,
                    Target::Internal | Target::History => f,
                })
                .collect();
            self.restarts(names, timers, &to, states)
        });
        if matches!(target, Target::Internal) {
            self.internal_trigger(def);
        }
        for &(trigger, span) in &triggers {
            for &from in &from {
                out.push(Transition {
                    from,
                    trigger,
                    target,
                    guards: guards.clone(),
                    origin: Origin::Spec,
                    actions: actions.clone(),
                    restarts: restarts.clone(),
                    any: star.then_some(entry),
                    doc: text(def.doc.as_ref()),
                    span,
                });
            }
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
                // The same transition written under `transitions:`: the row refers to it.
                let written = out.iter().any(|t| {
                    t.origin == Origin::Spec
                        && t.from == from
                        && t.trigger == Trigger::Event(event)
                        && t.target == Target::State(to)
                        && t.guards.is_empty()
                });
                if written {
                    continue;
                }
                out.push(Transition {
                    from,
                    trigger: Trigger::Event(event),
                    target: Target::State(to),
                    guards: Vec::new(),
                    origin: Origin::Incident(id),
                    actions: Vec::new(),
                    restarts: None,
                    any: None,
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
