//! The generated code of every good spec in the repository, and of a seeded set of generated
//! specs, compiled by the build script with `machine-codegen` and driven through one
//! [`Driver`] trait, so that the tests can run it side by side with the interpreter
//! (`machine_core::semantics`) and compare every step.
//!
//! The code under test is the emitted code itself; the adapters only convert its types to
//! the plain indexes of the views below.
#![forbid(unsafe_code)]

use std::cell::RefCell;

pub mod specgen;

/// The answers to guard questions: guard `i` holds when `holds[i]`. Records every question,
/// so the tests can check that guards are asked in the order the semantics say.
#[derive(Debug, Default)]
pub struct Facts {
    holds: Vec<bool>,
    asked: RefCell<Vec<usize>>,
}

impl Facts {
    /// Facts where guard `i` holds when `holds[i]` (guards past the end do not hold).
    pub fn new(holds: Vec<bool>) -> Facts {
        Facts {
            holds,
            asked: RefCell::new(Vec::new()),
        }
    }

    /// Answers (and records) the question "does guard `index` hold?".
    pub fn ask(&self, index: usize) -> bool {
        self.asked.borrow_mut().push(index);
        self.holds.get(index).copied().unwrap_or(false)
    }

    /// The same answers, with an empty record of questions: to ask a second function the same
    /// questions and compare.
    #[must_use]
    pub fn again(&self) -> Facts {
        Facts::new(self.holds.clone())
    }

    /// The guards asked so far, in order.
    pub fn asked(&self) -> Vec<usize> {
        self.asked.borrow().clone()
    }

    /// The guards asked so far, in order; clears the record.
    pub fn take_asked(&self) -> Vec<usize> {
        std::mem::take(&mut *self.asked.borrow_mut())
    }
}

/// Makes a driver of a spec's generated machine, begun at the start with this index.
pub type NewDriver = fn(usize) -> Box<dyn Driver>;

/// One spec, its text and its generated machine.
pub struct Spec {
    /// Where it comes from (`spec/samples/order.yaml`, `generated/7`).
    pub name: &'static str,
    /// Its YAML.
    pub yaml: &'static str,
    /// A driver of its generated code begun at the given start, or the findings that kept it
    /// from compiling.
    pub driver: Result<NewDriver, &'static str>,
}

/// A generated machine, seen through indexes: states, events, guards and timeouts are
/// numbered as in the spec (and in the interpreter's model).
pub trait Driver {
    /// Replaces the machine by one in `state`, with no history (`Machine::at`).
    fn at(&mut self, state: usize);
    /// Replaces the machine by one in the fault state entered from `from`
    /// (`Machine::faulted`); false when the generated code refuses.
    fn faulted(&mut self, from: usize) -> bool;
    /// The current state.
    fn state(&self) -> usize;
    /// The state the fault state was entered from, if known.
    fn history(&self) -> Option<usize>;
    /// Whether the lifecycle has ended.
    fn ended(&self) -> bool;
    /// The atomic state the machine was in when it last left compound state `state`
    /// (`Machine::remembered`, rule S19); `None` in a spec without history states.
    fn remembered(&self, state: usize) -> Option<usize>;
    /// How many inputs the machine accepted (`Machine::steps`, rule S13).
    fn steps(&self) -> u64;
    /// The running timers (by index in `Timer::ALL`), each with the step at which its clock
    /// last started (`Machine::running`, rule S13).
    fn running(&self) -> Vec<(usize, u64)>;
    /// `Machine::step(event, facts)`, after checking that `select` and `Machine::fire` agree
    /// with it (the same transition or refusal, the same guards asked, the same machine after).
    fn fire(&mut self, event: usize, facts: &Facts) -> Outcome;
    /// `Machine::expire(Timer::ALL[index])`, asking `facts` about the timer's guards.
    fn expire(&mut self, index: usize, facts: &Facts) -> Outcome;
    /// Replaces the machine by `Machine::start` at the `start`-th start; the actions it ran
    /// (rule S1), in order, as indexes.
    fn start(&mut self, start: usize) -> Vec<usize>;
    /// `Machine::resume_to(state)`, asking `facts` about the guards of the automatic steps
    /// it leads to (rules S20 and S21), in a spec whose automatic transitions ask any.
    fn resume_to(&mut self, state: usize, facts: &Facts) -> Outcome;
    /// The actions the last input ran, in order, as indexes (`Step::run`, rule S12).
    fn actions(&self) -> Vec<usize>;
    /// Rule S22: the atomic states the machine is in, in document order; `None` in a spec
    /// without parallel states, whose [`Driver::state`] says it all.
    fn configuration(&self) -> Option<Vec<usize>> {
        None
    }
    /// Rule S29: every atomic state compound state `state` remembers, in a spec with parallel
    /// states and history states; `None` otherwise ([`Driver::remembered`] says it all).
    fn remembered_atoms(&self, state: usize) -> Option<Vec<usize>> {
        let _ = state;
        None
    }
    /// `text.parse::<State>()`, as an index.
    fn parse_state(&self, text: &str) -> Option<usize>;
    /// `text.parse::<Event>()`, as an index.
    fn parse_event(&self, text: &str) -> Option<usize>;
    /// What `Display` writes for state `state`.
    fn display_state(&self, state: usize) -> String;
    /// What `Display` writes for event `event`.
    fn display_event(&self, event: usize) -> String;
}

/// What an input did.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(
    clippy::large_enum_variant,
    reason = "a view to compare, made one at a time"
)]
pub enum Outcome {
    /// It was accepted.
    Step(StepView),
    /// It was refused.
    Refused(Refusal),
}

/// An accepted input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepView {
    /// The state before.
    pub from: usize,
    /// The state after.
    pub to: usize,
    /// What made the step.
    pub cause: CauseView,
    /// Whether `to` was entered.
    pub entered: bool,
    /// The timers (by index in `Timer::ALL`) whose clocks start again.
    pub restarts: Vec<usize>,
    /// In a spec with compound states: the states left, innermost first, and the states
    /// entered, outermost first (rule S16); `None` in a flat spec, whose generated `Step`
    /// has neither.
    pub moves: Option<(Vec<usize>, Vec<usize>)>,
    /// In a spec with parallel states (rules S25 and S27): the other transitions that fired
    /// in the same microstep, in the order selected, and the configuration after it; `None`
    /// in a spec without, whose generated `Step` has neither.
    pub parallel: Option<(Vec<TransitionView>, Vec<usize>)>,
    /// The automatic steps the input led to (rules S20 and S21, `Step::then`), in order.
    pub then: Vec<StepView>,
}

/// What made a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CauseView {
    /// This transition fired.
    Transition(TransitionView),
    /// The timer with this index in `Timer::ALL` expired.
    Timeout(usize),
}

/// A transition, by content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransitionView {
    /// Source state.
    pub from: usize,
    /// What fires it.
    pub trigger: TriggerView,
    /// Target.
    pub target: TargetView,
    /// Guards, in order, each with the answer it needs (false for `!name`).
    pub guards: Vec<(usize, bool)>,
    /// Where it comes from.
    pub origin: OriginView,
}

/// What fires a transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerView {
    /// The event with this index.
    Event(usize),
    /// Nothing: an eventless transition (rule S21).
    Always,
    /// The completion of its source (rule S20).
    Done,
}

/// Where a transition goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetView {
    /// To this state.
    State(usize),
    /// Nowhere (internal).
    Internal,
    /// Back to the state the fault state was entered from.
    History,
    /// To a history state (rule S19).
    Recall {
        /// Its compound state.
        state: usize,
        /// Whether it is deep.
        deep: bool,
        /// Its default.
        default: usize,
    },
}

/// Where a transition comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OriginView {
    /// `transitions:`.
    Spec,
    /// This incident.
    Incident(usize),
    /// The fault state's entry.
    FaultEntry,
    /// The fault state's exit.
    FaultExit,
}

/// Why an input was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No transition.
    NoTransition,
    /// This guard failed first.
    GuardFailed(usize),
    /// This guard held, and the first test that failed asks it not to.
    GuardHolds(usize),
    /// The history is unknown.
    UnknownHistory,
    /// Cannot resume to this state.
    CannotResumeTo(usize),
    /// The timer does not run in the current state.
    NoTimeout,
    /// The lifecycle has ended.
    Ended,
    /// The automatic steps would not settle (rule S21).
    Unsettled,
}

include!(concat!(env!("OUT_DIR"), "/registry.rs"));
