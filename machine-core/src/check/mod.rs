//! Phase 3: checks of the lifecycle graph. One function per rule; each returns findings with
//! the position of the state or transition at fault.

mod automatic;
mod parallel;
mod shadowed;
mod timeouts;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, EdgeRef, Reversed};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Edge, EdgeKind, Expiry, Model, Origin, StateId, Target, Trigger};

/// Runs every check on `model`. Findings a state waives with `allow:` are dropped.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    let graph = StateGraph::new(model);
    let mut findings = Vec::new();
    findings.extend(unreachable_states(model, &graph));
    let traps = trap_states(model);
    findings.extend(no_way_to_finish(model, &graph, &traps));
    findings.extend(traps.into_iter().map(|(_, d)| d));
    findings.extend(shadowed::conflicting_and_shadowed(model));
    findings.extend(transitions_from_final(model));
    findings.extend(fault_resume_transitions(model));
    findings.extend(timeouts::reset_never_occurs(model));
    findings.extend(timeouts::dead_timeouts(model));
    findings.extend(timeouts::simultaneous_timeouts(model));
    findings.extend(unused_events_and_guards(model));
    findings.extend(automatic::automatic_loops(model));
    findings.extend(automatic::completions_never_happen(model));
    findings.extend(automatic::unsettled_starts(model));
    findings.extend(parallel::reentered_parallel(model));
    findings.extend(parallel::preempted_across_regions(model));
    findings
}

/// The state graph as petgraph sees it: one node per state (node index = state index).
struct StateGraph {
    graph: DiGraph<(), ()>,
    edges: Vec<Edge>,
}

impl StateGraph {
    fn new(model: &Model) -> Self {
        let mut graph = DiGraph::with_capacity(model.states.len(), model.transitions.len());
        for _ in &model.states {
            graph.add_node(());
        }
        let edges = crate::semantics::tree::atomic_edges(model);
        Self { graph, edges }
    }

    /// A graph of the edges `keep` accepts.
    fn filtered(&self, keep: impl Fn(&Edge) -> bool) -> DiGraph<(), ()> {
        let mut graph = self.graph.clone();
        for edge in self.edges.iter().filter(|e| keep(e)) {
            graph.add_edge(node(edge.from), node(edge.to), ());
        }
        graph
    }
}

fn node(state: StateId) -> NodeIndex {
    NodeIndex::new(state.index())
}

fn origin(model: &Model, edge: &Edge) -> Option<Origin> {
    match edge.kind {
        EdgeKind::Transition(t) => Some(model.transition(t).origin),
        EdgeKind::Timer(_) => None,
    }
}

fn is_history(model: &Model, edge: &Edge) -> bool {
    matches!(edge.kind, EdgeKind::Transition(t) if model.transition(t).target == Target::History)
}

fn waived(model: &Model, state: StateId, code: Code) -> bool {
    model.state(state).waivers.iter().any(|w| w.code == code)
}

fn state_finding(model: &Model, state: StateId, code: Code, message: String) -> Option<Diagnostic> {
    (!waived(model, state, code))
        .then(|| Diagnostic::new(code, model.state(state).name.span, message))
}

/// States no initial state leads to. A return from the fault state to where it came from
/// reaches nothing new, so history exits do not count.
fn unreachable_states(model: &Model, graph: &StateGraph) -> Vec<Diagnostic> {
    let g = graph.filtered(|e| !is_history(model, e));
    let mut reached = vec![false; model.states.len()];
    for start in &model.starts {
        // With parallel states, a start is in a state of each region (rule S23).
        for atom in model.default_atoms(start.state) {
            let mut bfs = Bfs::new(&g, node(atom));
            while let Some(n) = bfs.next(&g) {
                reached[n.index()] = true;
            }
        }
    }
    // A compound state is reached when a state inside it is.
    for s in model.state_ids() {
        if reached[s.index()] {
            for a in model.ancestors(s) {
                reached[a.index()] = true;
            }
        }
    }
    model
        .state_ids()
        .filter(|s| !reached[s.index()])
        .filter_map(|s| {
            let name = &model.state(s).name.spec;
            state_finding(model, s, Code::UnreachableState, format!("state `{name}` cannot be reached from any initial state"))
                .map(|d| {
                    d.with_label("no transition or timeout leads here")
                        .with_help(format!(
                            "add a transition `to: {name}`, make it initial, remove it, or waive the check with `allow: {{ unreachable-state: \"why\" }}`"
                        ))
                })
        })
        .collect()
}

/// Whether each state has a way out. Transitions and timeouts to another state count, so do
/// an `end` timeout (the lifecycle ends) and the fault state's exits; a fault entry does not,
/// since it would make every state look fine.
fn has_exit(model: &Model) -> Vec<bool> {
    let mut has_exit = vec![false; model.states.len()];
    for edge in crate::semantics::tree::atomic_edges(model) {
        if edge.from != edge.to && origin(model, &edge) != Some(Origin::FaultEntry) {
            has_exit[edge.from.index()] = true;
        }
    }
    // A compound state is left through the states inside it, which are checked themselves.
    for state in model.state_ids().filter(|&s| model.is_compound(s)) {
        has_exit[state.index()] = true;
    }
    if let Some(fault) = &model.fault {
        has_exit[fault.state.index()] = true;
    }
    for state in model.state_ids() {
        if model
            .timers_in(state)
            .any(|(_, t)| matches!(t.timeout.expiry, Expiry::End(_)))
        {
            has_exit[state.index()] = true;
        }
    }
    has_exit
}

/// A state that has no way out on purpose: its `trap-state` check is waived. It ends the
/// lifecycle as surely as a final state does.
fn is_intentional_trap(model: &Model, has_exit: &[bool], state: StateId) -> bool {
    !has_exit[state.index()] && waived(model, state, Code::TrapState)
}

/// Non-final states with no way out (see [`has_exit`]).
fn trap_states(model: &Model) -> Vec<(StateId, Diagnostic)> {
    let has_exit = has_exit(model);
    model
        .state_ids()
        .filter(|&s| !has_exit[s.index()] && !model.state(s).is_final)
        .filter_map(|s| {
            let name = &model.state(s).name.spec;
            let d = state_finding(model, s, Code::TrapState, format!("state `{name}` is not final but has no way out"))?;
            Some((
                s,
                d.with_label("no transition or timeout leaves this state")
                    .with_help(format!(
                        "add a transition `from: {name}`, a timeout, mark it `final: true`, or waive the check with `allow: {{ trap-state: \"why\" }}`"
                    )),
            ))
        })
        .collect()
}

/// With final states (or `end` timeouts): every state must be able to reach one. Without: every
/// closed set of states (a bottom strongly connected component) must hold an initial state,
/// so the lifecycle can always start over. The fault state and its edges are left out: it
/// returns where it came from. Trap states are already reported.
fn no_way_to_finish(
    model: &Model,
    graph: &StateGraph,
    traps: &[(StateId, Diagnostic)],
) -> Vec<Diagnostic> {
    let fault_state = model.fault.as_ref().map(|f| f.state);
    let g = graph.filtered(|e| {
        !matches!(
            origin(model, e),
            Some(Origin::FaultEntry | Origin::FaultExit)
        )
    });
    let mut is_trap = vec![false; model.states.len()];
    for (state, _) in traps {
        is_trap[state.index()] = true;
    }
    let has_exit = has_exit(model);
    let intentional_trap = |s: StateId| is_intentional_trap(model, &has_exit, s);
    let finishes: Vec<StateId> = model
        .state_ids()
        .filter(|&s| {
            model.state(s).is_final
                || model.self_and_ancestors(s).any(|a| {
                    model
                        .own_timers_in(a)
                        .any(|(_, t)| matches!(t.timeout.expiry, Expiry::End(_)))
                })
        })
        .collect();
    let mut stuck: Vec<StateId> = Vec::new();
    if finishes.is_empty() {
        let start_atoms: Vec<StateId> = model
            .starts
            .iter()
            .flat_map(|s| model.default_atoms(s.state))
            .collect();
        let sccs = petgraph::algo::tarjan_scc(&g);
        let mut component = vec![0usize; model.states.len()];
        for (i, scc) in sccs.iter().enumerate() {
            for n in scc {
                component[n.index()] = i;
            }
        }
        for (i, scc) in sccs.iter().enumerate() {
            let bottom = scc.iter().all(|&n| {
                g.edges_directed(n, Direction::Outgoing)
                    .all(|e| component[e.target().index()] == i)
            });
            // With parallel states, a start is in a state of each region (rule S23).
            let holds_initial = scc
                .iter()
                .any(|&n| start_atoms.contains(&StateId::from_index(n.index())));
            let is_intentional_end = scc
                .iter()
                .all(|&n| intentional_trap(StateId::from_index(n.index())));
            if bottom && !holds_initial && !is_intentional_end {
                stuck.extend(scc.iter().map(|n| StateId::from_index(n.index())));
            }
        }
    } else {
        let reversed = Reversed(&g);
        let mut can_finish = vec![false; model.states.len()];
        let intentional_ends = model.state_ids().filter(|&s| intentional_trap(s));
        for f in finishes.iter().copied().chain(intentional_ends) {
            let mut bfs = Bfs::new(reversed, node(f));
            while let Some(n) = bfs.next(reversed) {
                can_finish[n.index()] = true;
            }
        }
        stuck.extend(model.state_ids().filter(|s| !can_finish[s.index()]));
    }
    stuck.sort_unstable();
    stuck
        .into_iter()
        // A compound state finishes through the states inside it, which are checked.
        .filter(|&s| Some(s) != fault_state && !is_trap[s.index()] && !model.is_compound(s))
        .filter_map(|s| {
            let name = &model.state(s).name.spec;
            let (message, label, help) = if finishes.is_empty() {
                (
                    format!(
                        "once in state `{name}`, the machine can never get back to an initial state"
                    ),
                    "no path from here leads back to the start",
                    "add a transition back towards an initial state, or mark a state `final: true`",
                )
            } else {
                (
                    format!("no final state can be reached from state `{name}`"),
                    "no path from here reaches a final state",
                    "add a transition towards a final state, or an `end` timeout",
                )
            };
            state_finding(model, s, Code::NoWayToFinish, message).map(|d| {
                d.with_label(label).with_help(format!(
                    "{help}, or waive the check with `allow: {{ no-way-to-finish: \"why\" }}`"
                ))
            })
        })
        .collect()
}

/// The transition in words, by its target: "the transition to `Open`".
fn describe_target(model: &Model, target: Target) -> String {
    match target {
        Target::State(s) => format!("the transition to `{}`", model.state(s).name.spec),
        Target::Internal => "the internal transition".into(),
        Target::History => "the return from the fault state".into(),
        Target::Recall(h) => format!(
            "the transition to history state `{}`",
            model.history(h).name.spec
        ),
    }
}

/// A transition from the fault state on its `resume` event, written under `transitions:` or
/// made by an incident, is tried before the fault's exits: the resume to where the machine
/// came from could never happen, though tables and diagrams would draw both.
fn fault_resume_transitions(model: &Model) -> Vec<Diagnostic> {
    let Some(fault) = &model.fault else {
        return Vec::new();
    };
    let resume_span = model
        .transitions_from(fault.state)
        .find(|(_, t)| t.origin == Origin::FaultExit)
        .map(|(_, t)| t.span);
    let fault_name = &model.state(fault.state).name.spec;
    let resume = &model.event(fault.resume).name.spec;
    model
        .transitions_from(fault.state)
        .filter(|(_, t)| {
            t.trigger == Trigger::Event(fault.resume) && matches!(t.origin, Origin::Spec | Origin::Incident(_))
        })
        .map(|(_, t)| {
            let help = match t.target {
                Target::State(to) if to != fault.state => {
                    let to_state = model.state(to);
                    let (spec, rust) = (&to_state.name.spec, &to_state.name.rust);
                    let listed = if fault.resume_to.contains(&to) {
                        format!("`{spec}` is already under the fault's `resume_to:`, so remove this transition")
                    } else {
                        format!("to let a resolution move the machine to `{spec}`, list it under the fault's `resume_to: [{spec}]`")
                    };
                    format!("{listed} (the resolver picks it with `Machine::resume_to(State::{rust})`), or fire this transition on another event")
                }
                _ => "fire this transition on another event, or remove it".to_owned(),
            };
            let d = Diagnostic::new(
                Code::FaultResumeTransition,
                t.span,
                format!("this transition on `{resume}` from the fault state `{fault_name}` hides the fault's resume"),
            )
            .with_label(format!(
                "{} is tried before the fault's exits, so the machine never resumes where it came from",
                describe_target(model, t.target)
            ))
            .with_help(help);
            match resume_span {
                Some(span) => d.with_secondary(span, format!("`{resume}` resumes from the fault state here")),
                None => d,
            }
        })
        .collect()
}

/// A final state ends the lifecycle: nothing may leave it.
fn transitions_from_final(model: &Model) -> Vec<Diagnostic> {
    let mut findings: Vec<Diagnostic> = model
        .transitions
        .iter()
        .filter(|t| model.state(t.from).is_final)
        .map(|t| {
            let state = &model.state(t.from).name.spec;
            let which = crate::words::transition_kind(model, t.trigger);
            Diagnostic::new(
                Code::TransitionFromFinal,
                t.span,
                format!("{which} leaves the final state `{state}`"),
            )
            .with_label(describe_target(model, t.target))
            .with_secondary(model.state(t.from).name.span, "declared `final: true` here")
            .with_help(format!(
                "remove the transition, or remove `final: true` from `{state}`"
            ))
        })
        .collect();
    for state in model.state_ids().filter(|&s| model.state(s).is_final) {
        for (_, timer) in model.own_timers_in(state) {
            let timeout = &timer.timeout;
            let to = match timeout.expiry {
                Expiry::Transition(to) => Some(model.state(to).name.spec.as_str()),
                Expiry::Recall(h) => Some(model.history(h).name.spec.as_str()),
                Expiry::End(_) | Expiry::Notify(_) => None,
            };
            if let Some(to) = to {
                let name = &model.state(state).name.spec;
                findings.push(
                    Diagnostic::new(
                        Code::TransitionFromFinal,
                        timeout.span,
                        format!("a timeout leaves the final state `{name}`"),
                    )
                    .with_label(format!("moves to `{to}`"))
                    .with_help("use `end:` for the end of the lifecycle, or remove `final: true`"),
                );
            }
        }
    }
    findings
}

/// Declared but never used: probably a typo elsewhere, or left over.
fn unused_events_and_guards(model: &Model) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let mut event_used = vec![false; model.events.len()];
    let mut guard_used = vec![false; model.guards.len()];
    for t in &model.transitions {
        if let Some(event) = t.event() {
            event_used[event.index()] = true;
        }
        for g in &t.guards {
            guard_used[g.guard.index()] = true;
        }
    }
    for timer in &model.timers {
        for g in &timer.timeout.guards {
            guard_used[g.guard.index()] = true;
        }
        for e in &timer.timeout.reset_by {
            event_used[e.index()] = true;
        }
    }
    for event in model.event_ids() {
        if !event_used[event.index()] {
            let name = &model.event(event).name;
            findings.push(
                Diagnostic::new(
                    Code::UnusedEvent,
                    name.span,
                    format!("event `{}` is never used", name.spec),
                )
                .with_label("no transition fires on it")
                .with_help("add a transition `on:` it, or remove it"),
            );
        }
    }
    for (id, history) in model.histories_with_ids() {
        let by_timeout = model
            .timers
            .iter()
            .any(|t| t.timeout.expiry == Expiry::Recall(id));
        if !by_timeout
            && !model
                .transitions
                .iter()
                .any(|t| t.target == crate::model::Target::Recall(id))
        {
            findings.push(
                Diagnostic::new(
                    Code::UnusedHistory,
                    history.name.span,
                    format!("history state `{}` is never used", history.name.spec),
                )
                .with_label("no transition goes to it")
                .with_help(format!(
                    "add a transition `to: {}` (back to where the machine was in `{}`), or remove it",
                    history.name.spec,
                    model.state(history.state).name.spec
                )),
            );
        }
    }
    let mut duration_used = vec![false; model.durations.len()];
    for timer in &model.timers {
        if let Some(id) = timer.timeout.after.named {
            duration_used[id.index()] = true;
        }
    }
    for (duration, used) in model.durations.iter().zip(duration_used) {
        if !used {
            findings.push(
                Diagnostic::new(
                    Code::UnusedDuration,
                    duration.name.span,
                    format!("duration `{}` is never used", duration.name.spec),
                )
                .with_label("no timeout lasts it")
                .with_help(format!(
                    "use it in a timeout (`after: {}`), or remove it",
                    duration.name.spec
                )),
            );
        }
    }
    for (index, guard) in model.guards.iter().enumerate() {
        if !guard_used[index] {
            findings.push(
                Diagnostic::new(
                    Code::UnusedGuard,
                    guard.name.span,
                    format!("guard `{}` is never used", guard.name.spec),
                )
                .with_label("no transition or timeout requires it")
                .with_help("add it to a transition's `guard:`, or remove it"),
            );
        }
    }
    findings
}
