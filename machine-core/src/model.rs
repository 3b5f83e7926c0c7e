//! The checked model: every name resolved to an id, every list in spec order. Emitters (code,
//! diagrams, tables) read only this.
//!
//! The states form a tree whose root is the lifecycle itself ([`tree`]): today every state is
//! a child of the root, the fault state among them. The timers have one identity, [`TimerId`],
//! from the model to the generated code ([`timers`]). What follows from the spec's facts (the
//! outgoing transitions of each state, the children of each, the timers that run in each) is
//! derived once, by [`Model::indexed`].

use crate::source::Span;

mod durations;
mod history;
mod index;
pub mod timers;
pub mod tree;
mod trigger;

pub use durations::shorter_closure;
pub use history::History;
pub use index::Index;
pub use trigger::Trigger;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The position in the model's list.
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The id of the `index`-th entry.
            pub fn from_index(index: usize) -> Self {
                // Lists are built from a parsed file, far below u32::MAX entries.
                Self(u32::try_from(index).expect("fewer than 2^32 entries"))
            }
        }
    };
}

id!(
    /// Index of a state in [`Model::states`].
    StateId
);
id!(
    /// Index of an event in [`Model::events`].
    EventId
);
id!(
    /// Index of a guard in [`Model::guards`].
    GuardId
);
id!(
    /// Index of an action in [`Model::actions`].
    ActionId
);
id!(
    /// Index of a transition in [`Model::transitions`].
    TransitionId
);
id!(
    /// Index of an incident in [`Model::incidents`].
    IncidentId
);
id!(
    /// Index of a named duration in [`Model::durations`].
    DurationId
);
id!(
    /// Index of a history state in [`Model::histories`].
    HistoryId
);
id!(
    /// Index of a timer in [`Model::timers`]: every state's timeouts (the first state's in
    /// order, then the next state's, and so on), then the timers that span a set of states
    /// (`timers:`) in spec order. The generated `Timer` enum has the same order.
    TimerId
);

/// A name as written in the spec and as it appears in Rust.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// As written in the spec (and, unless a wire name is given, on the wire).
    pub spec: String,
    /// As a Rust identifier: `UpperCamelCase` for states, events and incidents, `snake_case` for
    /// guards. Never a keyword.
    pub rust: String,
    /// Where the name is declared.
    pub span: Span,
}

/// A checked lifecycle.
#[derive(Clone, Debug)]
pub struct Model {
    /// The machine's name.
    pub name: Name,
    /// The machine's doc text (may be empty).
    pub doc: String,
    /// The spec file it was built from, as shown in diagnostics and generated headers.
    pub source_name: String,
    /// Whether wire names are read ignoring case (`wire_case: insensitive`, rule S11).
    pub wire_case_insensitive: bool,
    /// States, in spec order.
    pub states: Vec<State>,
    /// Events, in spec order.
    pub events: Vec<Event>,
    /// Guards, in spec order.
    pub guards: Vec<Guard>,
    /// Actions, in spec order.
    pub actions: Vec<Action>,
    /// Named durations, whose values the user's code supplies, in spec order.
    pub durations: Vec<NamedDuration>,
    /// Where the lifecycle starts; at least one.
    pub starts: Vec<Start>,
    /// Every transition, in the order they are tried: the spec's, then those of incidents,
    /// then the fault state's entries and exits.
    pub transitions: Vec<Transition>,
    /// The fault state, if the spec has one.
    pub fault: Option<Fault>,
    /// The error (incident) table, in spec order.
    pub incidents: Vec<Incident>,
    /// Every timer, in [`TimerId`] order: the states' timeouts, then the timers that span a
    /// set of states.
    pub timers: Vec<Timer>,
    /// The history states of compound states (rule S19), in document order.
    pub histories: Vec<History>,
    /// What is derived from the fields above, built by [`Model::indexed`].
    pub(crate) index: Index,
}

/// A state.
#[derive(Clone, Debug)]
pub struct State {
    /// Its name.
    pub name: Name,
    /// The string the REST API uses for it (what `Display` writes).
    pub wire: String,
    /// More strings that parse as this state.
    pub wire_aliases: Vec<String>,
    /// What it means (may be empty).
    pub doc: String,
    /// Whether the lifecycle ends here.
    pub is_final: bool,
    /// Whether this is the fault state.
    pub is_fault: bool,
    /// Whether its children are regions, all active at once (a parallel state, rule S22).
    pub parallel: bool,
    /// The state it is a part of; `None` for a child of the root (the lifecycle).
    pub parent: Option<StateId>,
    /// For a compound state (one with children), the child entered first (rule S17).
    pub initial: Option<StateId>,
    /// Its own timeouts (what happens when the machine stays here too long), in spec order.
    pub timeouts: Vec<TimerId>,
    /// Checks waived for this state.
    pub waivers: Vec<Waiver>,
    /// Actions run when it is entered, in order.
    pub entry: Vec<ActionId>,
    /// Actions run when it is left, in order.
    pub exit: Vec<ActionId>,
}

/// A check waived for one state, with the reason.
#[derive(Clone, Debug)]
pub struct Waiver {
    /// The waived check.
    pub code: crate::Code,
    /// Why.
    pub reason: String,
}

/// An event.
#[derive(Clone, Debug)]
pub struct Event {
    /// Its name.
    pub name: Name,
    /// The string used for it on the wire (what `Display` writes).
    pub wire: String,
    /// More strings that parse as this event.
    pub wire_aliases: Vec<String>,
    /// What happened (may be empty).
    pub doc: String,
}

/// An action: a named effect, run by entering or leaving a state or by a transition.
#[derive(Clone, Debug)]
pub struct Action {
    /// Its name; `rust` is the `snake_case` method name.
    pub name: Name,
    /// What it does (may be empty).
    pub doc: String,
}

/// A named duration (`durations:`): its value comes from the user's code.
#[derive(Clone, Debug)]
pub struct NamedDuration {
    /// Its name; `rust` is the `snake_case` method name.
    pub name: Name,
    /// Its variant in the generated `NamedDuration` enum (`UpperCamelCase`); empty when the
    /// name is not an identifier.
    pub variant: String,
    /// What it is (may be empty).
    pub doc: String,
    /// The named durations it is declared shorter than (`shorter_than:`), in spec order.
    pub shorter_than: Vec<DurationId>,
}

/// A guard: a named condition that a transition may require.
#[derive(Clone, Debug)]
pub struct Guard {
    /// Its name; `rust` is the `snake_case` method name.
    pub name: Name,
    /// Its variant in the generated `Guard` enum (`UpperCamelCase`); empty when the name is
    /// not an identifier.
    pub variant: String,
    /// When it holds (may be empty).
    pub doc: String,
}

/// An initial state, with the start's name when the spec names its starts.
#[derive(Clone, Debug)]
pub struct Start {
    /// `import` in `initial: { import: Specified }`; `None` for `initial: Creating`.
    pub name: Option<Name>,
    /// The initial state.
    pub state: StateId,
}

/// Where a transition comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// Written under `transitions`.
    Spec,
    /// The resolution of an incident (error-table row).
    Incident(IncidentId),
    /// Entering the fault state.
    FaultEntry,
    /// Leaving the fault state.
    FaultExit,
}

/// Where a transition goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// To this state (which may be the source: a self-transition).
    State(StateId),
    /// Nowhere: an internal transition handles the event without leaving the state.
    Internal,
    /// Back to the state the fault state was entered from.
    History,
    /// To a history state of a compound state (rule S19): where the machine was inside it
    /// when it last left it, or the history's default.
    Recall(HistoryId),
}

/// One guard a transition or a timeout asks, and the answer it needs (rule S15): `name` in
/// the spec's guard list must hold, `!name` must not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GuardTest {
    /// The guard asked.
    pub guard: GuardId,
    /// Whether the spec writes it `!name`: the transition needs the guard not to hold.
    pub negated: bool,
}

/// One transition from one state.
#[derive(Clone, Debug)]
pub struct Transition {
    /// The source state.
    pub from: StateId,
    /// What fires it: an event, nothing (eventless), or its source's completion.
    pub trigger: Trigger,
    /// Where it goes.
    pub target: Target,
    /// The guards it asks, in spec order, each with the answer it needs (rule S15).
    pub guards: Vec<GuardTest>,
    /// Where it comes from.
    pub origin: Origin,
    /// Actions run when it fires, in order.
    pub actions: Vec<ActionId>,
    /// The timers it restarts (`restarts:`), instead of those whose `reset_by` lists its
    /// event (rule S6); `None` when it does not say.
    pub restarts: Option<Vec<TimerId>>,
    /// `Some(i)` when the `i`-th entry of `transitions:` wrote it with `from: "*"`: diagrams
    /// draw the transitions of one such entry as one group.
    pub any: Option<usize>,
    /// What it means (may be empty).
    pub doc: String,
    /// Where it is written.
    pub span: Span,
}

impl Transition {
    /// The event that fires it; `None` for an eventless or a completion transition.
    pub fn event(&self) -> Option<EventId> {
        self.trigger.event()
    }
}

/// A duration, as written: fixed (`14d`, in seconds) or named (its value comes from the
/// user's code, and is not known here).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duration {
    /// As written (`14d`, or the name: `authorization_window`).
    pub text: String,
    /// In seconds; 0 for a named duration.
    pub seconds: u64,
    /// The named duration, when it is one.
    pub named: Option<DurationId>,
}

impl Duration {
    /// A fixed duration.
    pub fn fixed(text: String, seconds: u64) -> Duration {
        Duration {
            text,
            seconds,
            named: None,
        }
    }
}

/// What happens when a timeout expires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expiry {
    /// The machine moves to this state.
    Transition(StateId),
    /// The machine moves to this history state of a compound state (rule S19): where it was
    /// inside it when it last left it, or the history's default.
    Recall(HistoryId),
    /// The lifecycle ends (the object is deleted); the text says how.
    End(String),
    /// Someone is notified and the machine stays; the text says who.
    Notify(String),
}

/// A timeout of a state.
#[derive(Clone, Debug)]
pub struct Timeout {
    /// How long the state may last.
    pub after: Duration,
    /// What happens then.
    pub expiry: Expiry,
    /// Events that restart the clock while the state lasts.
    pub reset_by: Vec<EventId>,
    /// Where each of `reset_by` is written: the same length and order as `reset_by`.
    pub reset_by_spans: Vec<Span>,
    /// The guards asked before the expiry happens, in order, each with the answer it needs
    /// (rule S15): every test must pass.
    pub guards: Vec<GuardTest>,
    /// Actions run when it expires, in order.
    pub actions: Vec<ActionId>,
    /// What the timeout means (may be empty).
    pub doc: String,
    /// Where it is written.
    pub span: Span,
}

/// A timer: one clock, where it runs, and what happens when it reaches its duration.
#[derive(Clone, Debug)]
pub struct Timer {
    /// Its name. `rust` is its variant of the generated `Timer` enum; `spec` is how it is
    /// called in the generated `Timer::name`, in messages and in `machine run` scripts
    /// (`expire(Creating)`): a state's only timeout is named after the state (`Creating`),
    /// several are numbered from 1 (`Pending #2`, variant `Pending2`), and a timer under
    /// `timers:` has its own name.
    pub name: Name,
    /// Whether the spec gives its name (`name:`); otherwise it is named after its state.
    pub named: bool,
    /// Where its clock runs.
    pub scope: Scope,
    /// How long, what happens at expiry, the events that restart it, its doc and where it is
    /// written (`span` is its `after:`).
    pub timeout: Timeout,
}

/// Where a timer's clock runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The timeout of one state (rule S6): its clock starts whenever the state is entered (a
    /// self-transition too) and stops when it is left. `index` is its place among the
    /// state's timeouts.
    State {
        /// The state.
        state: StateId,
        /// Its place among the state's timeouts, from 0.
        index: usize,
    },
    /// A timer that spans a set of states (`timers:`, rule S14): its clock starts when the
    /// set is entered from outside, keeps running while the machine moves inside it, and
    /// stops when it leaves. The states of the set, in spec order, each once.
    Set(Vec<StateId>),
}

/// The fault state.
#[derive(Clone, Debug)]
pub struct Fault {
    /// The fault state.
    pub state: StateId,
    /// The event that enters it.
    pub enter: EventId,
    /// The event that leaves it.
    pub resume: EventId,
    /// The states it can be entered from: every non-final state but itself, in state order.
    pub sources: Vec<StateId>,
    /// States a resolution may move to besides the one it came from.
    pub resume_to: Vec<StateId>,
}

/// One row of the error table.
#[derive(Clone, Debug)]
pub struct Incident {
    /// Its name.
    pub name: Name,
    /// The states it can happen in, in spec order.
    pub states: Vec<StateId>,
    /// How the table shows "no state", when it can also happen then (`Undefined`, `N/A`).
    pub no_state: Option<String>,
    /// What happened.
    pub event: String,
    /// How it is resolved.
    pub resolution: String,
    /// The transition the resolution makes, if any: the event that records it and the target.
    pub transition: Option<(EventId, StateId)>,
}

/// What an edge of the state graph is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    /// A transition (for [`Target::History`], one edge per fault source).
    Transition(TransitionId),
    /// The expiry of a timer that moves the machine, from a state it runs in.
    Timer(TimerId),
}

/// An edge between two states: a transition or a timeout that changes state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Edge {
    /// Source state.
    pub from: StateId,
    /// Target state.
    pub to: StateId,
    /// What makes the move.
    pub kind: EdgeKind,
}

impl Model {
    /// The state with this id.
    pub fn state(&self, id: StateId) -> &State {
        &self.states[id.index()]
    }

    /// The event with this id.
    pub fn event(&self, id: EventId) -> &Event {
        &self.events[id.index()]
    }

    /// The guard with this id.
    pub fn guard(&self, id: GuardId) -> &Guard {
        &self.guards[id.index()]
    }

    /// The action with this id.
    pub fn action(&self, id: ActionId) -> &Action {
        &self.actions[id.index()]
    }

    /// The transition with this id.
    pub fn transition(&self, id: TransitionId) -> &Transition {
        &self.transitions[id.index()]
    }

    /// The incident with this id.
    pub fn incident(&self, id: IncidentId) -> &Incident {
        &self.incidents[id.index()]
    }

    /// All state ids, in order.
    pub fn state_ids(&self) -> impl Iterator<Item = StateId> + '_ {
        (0..self.states.len()).map(StateId::from_index)
    }

    /// All event ids, in order.
    pub fn event_ids(&self) -> impl Iterator<Item = EventId> + '_ {
        (0..self.events.len()).map(EventId::from_index)
    }

    /// All transitions with their ids, in order.
    pub fn transitions_with_ids(&self) -> impl Iterator<Item = (TransitionId, &Transition)> {
        self.transitions
            .iter()
            .enumerate()
            .map(|(i, t)| (TransitionId::from_index(i), t))
    }

    /// The transitions out of `state`, in the order they are tried.
    pub fn transitions_from(
        &self,
        state: StateId,
    ) -> impl Iterator<Item = (TransitionId, &Transition)> {
        self.index.outgoing[state.index()]
            .iter()
            .map(|&id| (id, self.transition(id)))
    }

    /// Whether `state` is one of the initial states.
    pub fn is_initial(&self, state: StateId) -> bool {
        self.starts.iter().any(|s| s.state == state)
    }

    /// The events `state` accepts (has at least one transition for), in event order.
    pub fn accepted_events(&self, state: StateId) -> Vec<EventId> {
        let mut events: Vec<EventId> = self
            .self_and_ancestors(state)
            .flat_map(|s| self.transitions_from(s))
            .filter_map(|(_, t)| t.event())
            .collect();
        events.sort_unstable();
        events.dedup();
        events
    }

    /// The incidents that can happen in `state`, in table order.
    pub fn incidents_in(&self, state: StateId) -> impl Iterator<Item = (IncidentId, &Incident)> {
        self.incidents
            .iter()
            .enumerate()
            .filter(move |(_, i)| i.states.contains(&state))
            .map(|(i, inc)| (IncidentId::from_index(i), inc))
    }

    /// Every edge of the state graph, in a stable order: transitions in order (a history exit
    /// expands to one edge per fault source), then the expiries of timers that move the
    /// machine, in [`TimerId`] order (a timer that spans a set of states: one edge from each
    /// state of the set).
    pub fn edges(&self) -> Vec<Edge> {
        let mut edges = Vec::new();
        for (id, t) in self.transitions_with_ids() {
            let kind = EdgeKind::Transition(id);
            match t.target {
                Target::State(to) => edges.push(Edge {
                    from: t.from,
                    to,
                    kind,
                }),
                Target::Internal => {}
                // Where the machine was is a state it reached before: for reachability the
                // default is the one new place a history leads to.
                Target::Recall(h) => edges.push(Edge {
                    from: t.from,
                    to: self.history(h).default,
                    kind,
                }),
                Target::History => {
                    if let Some(fault) = &self.fault {
                        edges.extend(fault.sources.iter().map(|&to| Edge {
                            from: t.from,
                            to,
                            kind,
                        }));
                    }
                }
            }
        }
        for (id, timer) in self.timers_with_ids() {
            // As for a transition to a history state, the default is the one new place.
            let to = match timer.timeout.expiry {
                Expiry::Transition(to) => Some(to),
                Expiry::Recall(h) => Some(self.history(h).default),
                Expiry::End(_) | Expiry::Notify(_) => None,
            };
            if let Some(to) = to {
                edges.extend(timer.states().iter().map(|&from| Edge {
                    from,
                    to,
                    kind: EdgeKind::Timer(id),
                }));
            }
        }
        edges
    }

    /// Whether transition `id` is unguarded and tried after a guarded one on the same state
    /// and event: it fires when none of their guards holds.
    pub fn is_fallback(&self, id: TransitionId) -> bool {
        let t = self.transition(id);
        t.guards.is_empty()
            && self
                .transitions_from(t.from)
                .take_while(|&(other, _)| other != id)
                .any(|(_, other)| other.trigger == t.trigger && !other.guards.is_empty())
    }
}
