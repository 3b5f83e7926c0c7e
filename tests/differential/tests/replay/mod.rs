//! What the differential tests share: the inputs of a trace, the interpreter's outcome in the
//! drivers' views, and one trace run on both sides with everything compared after each input.

use machine_core::model::{GuardId, Model, StateId, Target, TimerId, Trigger};
use machine_core::semantics::{self, Cause, Clocks, Config, Input};
use machine_core::{SourceFile, compile};
use machine_differential::{
    CauseView, Driver, Facts, NewDriver, OriginView, Outcome, Refusal, Spec, StepView, TargetView,
    TransitionView, TriggerView,
};
use proptest::prelude::*;

thread_local! {
    /// How many inputs the interpreter refused because a negated guard held (rule S15), on
    /// this test's thread: the generated specs must exercise that refusal.
    pub static GUARD_HOLDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How a trace begins.
#[derive(Clone, Copy, Debug)]
pub enum Begin {
    /// At the start with this index.
    Start(usize),
    /// `Machine::at(state)`.
    At(usize),
    /// `Machine::faulted(from)`.
    Faulted(usize),
}

/// One input of a trace.
#[derive(Clone, Copy, Debug)]
pub enum Op {
    /// Fire event `event`; guard `i` holds when bit `i` of `holds` is set.
    Fire { event: usize, holds: u64 },
    /// Expire the timer at this position of the current state's timers, or, past the last,
    /// another timer of the spec (or none: one past the last), which must be refused; guard
    /// `i` holds when bit `i` of `holds` is set.
    Expire { position: usize, holds: u64 },
    /// Expire the timer with this index (a test path's expiry); guard `i` holds when bit `i`
    /// of `holds` is set.
    ExpireTimer { timer: usize, holds: u64 },
    /// Resolve the fault state to this state.
    ResumeTo(usize),
}

pub fn model(spec: &Spec) -> Model {
    let source = SourceFile::from_bytes(spec.name, spec.yaml.as_bytes().to_vec());
    compile(&source)
        .model
        .unwrap_or_else(|| panic!("{} compiled in the build script but not here", spec.name))
}

/// The interpreter's outcome, in the views the drivers give.
pub fn view(
    model: &Model,
    outcome: &Result<(Config, semantics::Step), semantics::Refusal>,
) -> Outcome {
    match outcome {
        Ok((_, step)) => Outcome::Step(step_view(model, step)),
        Err(refusal) => Outcome::Refused(match *refusal {
            semantics::Refusal::NoTransition => Refusal::NoTransition,
            semantics::Refusal::GuardFailed(g) => Refusal::GuardFailed(g.index()),
            semantics::Refusal::GuardHolds(g) => Refusal::GuardHolds(g.index()),
            semantics::Refusal::UnknownHistory => Refusal::UnknownHistory,
            semantics::Refusal::CannotResumeTo(s) => Refusal::CannotResumeTo(s.index()),
            semantics::Refusal::NoTimeout => Refusal::NoTimeout,
            semantics::Refusal::Ended => Refusal::Ended,
            semantics::Refusal::Unsettled => Refusal::Unsettled,
        }),
    }
}

/// One step of the interpreter, with the automatic steps it led to, in the drivers' view.
fn step_view(model: &Model, step: &semantics::Step) -> StepView {
    StepView {
        from: step.from.index(),
        to: step.to.index(),
        cause: match step.cause {
            Cause::Transition(id) => CauseView::Transition(transition_view(model, id)),
            Cause::Timeout(timer) => CauseView::Timeout(timer.index()),
        },
        entered: step.entered,
        restarts: step.restarts.iter().map(|t| t.index()).collect(),
        moves: model.is_nested().then(|| {
            let indexes = |states: &[StateId]| states.iter().map(|s| s.index()).collect();
            (indexes(&step.exits), indexes(&step.entries))
        }),
        parallel: model.has_parallel().then(|| {
            (
                step.also
                    .iter()
                    .map(|&id| transition_view(model, id))
                    .collect(),
                step.atoms.iter().map(|s| s.index()).collect(),
            )
        }),
        then: step.then.iter().map(|s| step_view(model, s)).collect(),
    }
}

fn transition_view(model: &Model, id: machine_core::model::TransitionId) -> TransitionView {
    let t = model.transition(id);
    TransitionView {
        from: t.from.index(),
        trigger: match t.trigger {
            Trigger::Event(e) => TriggerView::Event(e.index()),
            Trigger::Always => TriggerView::Always,
            Trigger::Done => TriggerView::Done,
        },
        target: match t.target {
            Target::State(s) => TargetView::State(s.index()),
            Target::Internal => TargetView::Internal,
            Target::History => TargetView::History,
            Target::Recall(h) => {
                let h = model.history(h);
                TargetView::Recall {
                    state: h.state.index(),
                    deep: h.deep,
                    default: h.default.index(),
                }
            }
        },
        guards: t
            .guards
            .iter()
            .map(|g| (g.guard.index(), !g.negated))
            .collect(),
        origin: match t.origin {
            machine_core::model::Origin::Spec => OriginView::Spec,
            machine_core::model::Origin::Incident(i) => OriginView::Incident(i.index()),
            machine_core::model::Origin::FaultEntry => OriginView::FaultEntry,
            machine_core::model::Origin::FaultExit => OriginView::FaultExit,
        },
    }
}

/// The timer `Op::Expire(position)` means in `state`: the state's timer at `position`, or
/// past its last timer, another of the spec's (the first, when every timer is the state's;
/// one past the last, which only a spec without timers has to offer).
pub fn pick_timer(model: &Model, config: &Config, position: usize) -> TimerId {
    let mine: Vec<TimerId> = if model.has_parallel() {
        model
            .timers_in_all(&config.atoms)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    } else {
        model
            .timers_in(config.state(model))
            .map(|(id, _)| id)
            .collect()
    };
    mine.get(position).copied().unwrap_or_else(|| {
        let all: Vec<TimerId> = model.timers_with_ids().map(|(id, _)| id).collect();
        all.iter()
            .find(|id| !mine.contains(id))
            .or(all.first())
            .copied()
            .unwrap_or(TimerId::from_index(0))
    })
}

fn same_config(
    model: &Model,
    driver: &dyn Driver,
    config: &Config,
    clocks: &Clocks,
    timers: bool,
) -> Result<(), TestCaseError> {
    for state in model.state_ids().filter(|&s| model.has_history(s)) {
        let recorded = config
            .recorded
            .iter()
            .find(|&(s, _)| *s == state)
            .map(|(_, atoms)| atoms[0].index());
        prop_assert_eq!(
            driver.remembered(state.index()),
            recorded,
            "remembered in {:?}",
            state
        );
        if let Some(atoms) = driver.remembered_atoms(state.index()) {
            let recorded: Vec<usize> = config
                .recorded
                .iter()
                .find(|&(s, _)| *s == state)
                .map(|(_, atoms)| atoms.iter().map(|a| a.index()).collect())
                .unwrap_or_default();
            prop_assert_eq!(atoms, recorded, "remembered atoms in {:?}", state);
        }
    }
    prop_assert_eq!(driver.state(), config.state(model).index(), "state");
    if let Some(atoms) = driver.configuration() {
        let expected: Vec<usize> = config.atoms.iter().map(|a| a.index()).collect();
        prop_assert_eq!(atoms, expected, "configuration");
    }
    prop_assert_eq!(
        driver.history(),
        config.faulted_from(model).map(StateId::index),
        "history"
    );
    prop_assert_eq!(driver.ended(), config.ended, "ended");
    // The machine of a spec without timers has no clocks, and counts no steps.
    let steps = if timers { clocks.steps() } else { 0 };
    prop_assert_eq!(driver.steps(), steps, "steps");
    let running: Vec<(usize, u64)> = clocks
        .running()
        .iter()
        .map(|r| (r.timer.index(), r.since_step))
        .collect();
    prop_assert_eq!(driver.running(), running, "running timers");
    Ok(())
}

/// Runs one trace on both and compares after every input.
pub fn trace(
    model: &Model,
    new_driver: NewDriver,
    begin: Begin,
    ops: &[Op],
) -> Result<(), TestCaseError> {
    let (mut config, mut driver) = match begin {
        Begin::Start(index) => {
            let mut driver = new_driver(index);
            let ran = driver.start(index);
            let start = &model.starts[index];
            let expected: Vec<usize> = semantics::start_actions(model, start)
                .iter()
                .map(|a| a.index())
                .collect();
            prop_assert_eq!(ran, expected, "actions of Machine::start");
            (Config::start(model, start), driver)
        }
        Begin::At(state) => {
            let mut driver = new_driver(0);
            driver.at(state);
            (Config::polled(model, StateId::from_index(state)), driver)
        }
        Begin::Faulted(from) => {
            let mut driver = new_driver(0);
            let generated = driver.faulted(from);
            let interpreted = Config::faulted(model, StateId::from_index(from));
            prop_assert_eq!(
                generated,
                interpreted.is_some(),
                "Machine::faulted({})",
                from
            );
            (
                interpreted.unwrap_or(Config::start(model, &model.starts[0])),
                driver,
            )
        }
    };
    let mut clocks = Clocks::new(model, &config);
    let timers = !model.timers.is_empty();
    same_config(model, &*driver, &config, &clocks, timers)?;
    for (index, &op) in ops.iter().enumerate() {
        let guards = model.guards.len();
        let holds: Vec<bool> = match op {
            Op::Fire { holds, .. } | Op::Expire { holds, .. } | Op::ExpireTimer { holds, .. } => {
                (0..guards).map(|g| holds >> (g % 64) & 1 == 1).collect()
            }
            Op::ResumeTo(_) => Vec::new(),
        };
        let facts = Facts::new(holds.clone());
        let mut asked = Vec::new();
        let mut answer = |g: GuardId| {
            asked.push(g.index());
            holds.get(g.index()).copied().unwrap_or(false)
        };
        let (input, generated) = match op {
            Op::Fire { event, .. } => (
                Input::Event(machine_core::model::EventId::from_index(event)),
                driver.fire(event, &facts),
            ),
            Op::Expire { position, .. } => {
                let timer = pick_timer(model, &config, position);
                (Input::Expire(timer), driver.expire(timer.index(), &facts))
            }
            Op::ExpireTimer { timer, .. } => (
                Input::Expire(TimerId::from_index(timer)),
                driver.expire(timer, &facts),
            ),
            Op::ResumeTo(state) => (
                Input::ResumeTo(StateId::from_index(state)),
                driver.resume_to(state, &facts),
            ),
        };
        let interpreted = semantics::step(model, config.clone(), input, &mut answer);
        if let Err(semantics::Refusal::GuardHolds(_)) = interpreted {
            GUARD_HOLDS.with(|n| n.set(n.get() + 1));
        }
        prop_assert_eq!(
            &generated,
            &view(model, &interpreted),
            "input {} ({:?}) in {:?}",
            index,
            op,
            config
        );
        prop_assert_eq!(facts.take_asked(), asked, "guards asked at input {}", index);
        let actions: Vec<usize> = interpreted
            .as_ref()
            .map(|(_, step)| {
                semantics::input_actions(model, step)
                    .iter()
                    .map(|a| a.index())
                    .collect()
            })
            .unwrap_or_default();
        prop_assert_eq!(driver.actions(), actions, "actions run at input {}", index);
        match (interpreted, input) {
            (Ok((next, step)), _) => {
                clocks.apply(model, &step);
                config = next;
            }
            (Err(_), Input::Expire(timer)) => clocks.refused(timer),
            (Err(_), _) => {}
        }
        same_config(model, &*driver, &config, &clocks, timers)?;
    }
    Ok(())
}
