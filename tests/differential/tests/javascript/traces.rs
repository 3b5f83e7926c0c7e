//! The traces the JavaScript differential test replays: random inputs run by
//! `machine_core::semantics`, each with what the interpreter did, as the runtime writes it
//! (its step with the automatic steps it led to, rules S20 and S21, the guards asked, the
//! actions, the machine after, the running timers).

use machine_core::model::{GuardId, Model, StateId, TimerId};
use machine_core::semantics::{self, Cause, Clocks, Config, Input, Refusal, Step};
use machine_differential::specgen::Rng;
use serde_json::{Value, json};

/// Inputs per trace.
pub const STEPS: usize = 40;

/// How a trace begins, as the runtime reads it.
fn begin(model: &Model, rng: &mut Rng) -> (Value, Config) {
    let states = model.states.len();
    match rng.below(8) {
        0 => {
            // A machine known by its atomic state, as a status poll reports it: in the other
            // regions of the parallel states around it at their initial states (rule S23).
            let atoms: Vec<StateId> = model
                .state_ids()
                .filter(|&s| !model.is_compound(s))
                .collect();
            let state = atoms[rng.below(atoms.len())];
            (json!({ "at": state.index() }), Config::polled(model, state))
        }
        1 => {
            let from = rng.below(states);
            match Config::faulted(model, StateId::from_index(from)) {
                Some(config) => (json!({ "faulted": from }), config),
                None => (
                    json!({ "start": 0 }),
                    Config::start(model, &model.starts[0]),
                ),
            }
        }
        _ => {
            let start = rng.below(model.starts.len());
            (
                json!({ "start": start }),
                Config::start(model, &model.starts[start]),
            )
        }
    }
}

/// One random input in `config`: an event with its guard answers (one the state accepts,
/// half the time), the expiry of a timer (of the state mostly, else any), or a resolution.
fn input(model: &Model, config: &Config, rng: &mut Rng) -> (Input, Vec<bool>) {
    let timers = model.timers.len();
    let holds: Vec<bool> = model.guards.iter().map(|_| rng.chance(60)).collect();
    let roll = rng.below(20);
    if roll < 4 && timers > 0 {
        let mine: Vec<TimerId> = model
            .timers_in_all(&config.atoms)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let timer = if !mine.is_empty() && rng.chance(75) {
            *rng.pick(&mine)
        } else {
            TimerId::from_index(rng.below(timers))
        };
        return (Input::Expire(timer), holds);
    }
    if (roll < 6 && model.fault.is_some()) || model.events.is_empty() {
        return (
            Input::ResumeTo(StateId::from_index(rng.below(model.states.len()))),
            holds,
        );
    }
    // Half the time an event the state has a transition for, so that traces move on (and
    // lead to automatic steps) more often than they are refused.
    let mut accepted: Vec<_> = config
        .atoms
        .iter()
        .flat_map(|&atom| model.accepted_events(atom))
        .collect();
    accepted.sort_unstable();
    accepted.dedup();
    let event = if !accepted.is_empty() && rng.chance(50) {
        *rng.pick(&accepted)
    } else {
        machine_core::model::EventId::from_index(rng.below(model.events.len()))
    };
    (Input::Event(event), holds)
}

fn input_json(input: Input) -> Value {
    match input {
        Input::Event(e) => json!({ "kind": "event", "event": e.index() }),
        Input::Expire(t) => json!({ "kind": "expire", "timer": t.index() }),
        Input::ResumeTo(s) => json!({ "kind": "resumeTo", "state": s.index() }),
    }
}

fn indexes(states: &[StateId]) -> Vec<usize> {
    states.iter().map(|s| s.index()).collect()
}

/// A configuration as the runtime writes it (rule S22): its atoms, the atoms the fault state
/// was entered from, and what each compound state with a history state remembers (S29).
fn config_json(config: &Config) -> Value {
    json!({
        "atoms": indexes(&config.atoms),
        "history": config.history.as_deref().map(indexes),
        "ended": config.ended,
        "recorded": config
            .recorded
            .iter()
            .map(|(state, atoms)| json!([state.index(), indexes(atoms)]))
            .collect::<Vec<_>>(),
    })
}

fn refusal_json(refusal: Refusal) -> Value {
    match refusal {
        Refusal::NoTransition => json!({ "kind": "noTransition" }),
        Refusal::GuardFailed(g) => json!({ "kind": "guardFailed", "guard": g.index() }),
        Refusal::GuardHolds(g) => json!({ "kind": "guardHolds", "guard": g.index() }),
        Refusal::UnknownHistory => json!({ "kind": "unknownHistory" }),
        Refusal::CannotResumeTo(s) => json!({ "kind": "cannotResumeTo", "state": s.index() }),
        Refusal::NoTimeout => json!({ "kind": "noTimeout" }),
        Refusal::Unsettled => json!({ "kind": "unsettled" }),
        Refusal::Ended => json!({ "kind": "ended" }),
    }
}

/// A step as the runtime writes it, with the automatic steps it led to (`then`).
fn step_json(step: &Step) -> Value {
    let cause = match step.cause {
        Cause::Transition(t) => json!({ "kind": "transition", "transition": t.index() }),
        Cause::Timeout(t) => json!({ "kind": "timeout", "timer": t.index() }),
    };
    json!({
        "from": step.from.index(),
        "to": step.to.index(),
        "cause": cause,
        "also": step.also.iter().map(|t| t.index()).collect::<Vec<_>>(),
        "atoms": indexes(&step.atoms),
        "entered": step.entered,
        "restarts": step.restarts.iter().map(|t| t.index()).collect::<Vec<_>>(),
        "exits": indexes(&step.exits),
        "entries": indexes(&step.entries),
        "then": step.then.iter().map(step_json).collect::<Vec<_>>(),
    })
}

/// The actions a step runs (rule S12), by index.
fn actions_of(model: &Model, step: &Step) -> Vec<usize> {
    semantics::actions(model, step)
        .iter()
        .map(|a| a.index())
        .collect()
}

/// What the traces of one spec exercised, to measure the comparison.
#[derive(Default)]
pub struct Tally {
    /// Inputs accepted.
    pub steps: usize,
    /// Automatic steps (rules S20 and S21) taken after them.
    pub automatic: usize,
    /// Inputs refused because the machine would not settle (rule S21's bound).
    pub unsettled: usize,
    /// Steps (an input's or an automatic one) in which several transitions fired together,
    /// one per region (rules S25 to S27).
    pub together: usize,
    /// Inputs after which the machine was in several atomic states (rule S22).
    pub regions: usize,
}

/// A trace for the runtime, and what the interpreter did at each input. With `flipped`, the
/// answers to the guards alternate within each input: the first question asked gets the
/// input's answer, the second its opposite, and so on (whatever the guard), as a guard of the
/// user's may answer otherwise when asked again.
pub fn trace(model: &Model, rng: &mut Rng, flipped: bool, tally: &mut Tally) -> Value {
    let (begin, mut config) = begin(model, rng);
    let mut clocks = Clocks::new(model, &config);
    let (mut inputs, mut expected) = (Vec::new(), Vec::new());
    for _ in 0..STEPS {
        let (input, holds) = input(model, &config, rng);
        let mut asked = Vec::new();
        let mut answer = |g: GuardId| {
            let holds = holds[g.index()] != (flipped && asked.len() % 2 == 1);
            asked.push(json!([g.index(), holds]));
            holds
        };
        let outcome = semantics::step(model, config.clone(), input, &mut answer);
        // A timer whose expiry is refused stops until it starts again (rule S7).
        if let (Err(_), Input::Expire(timer)) = (&outcome, input) {
            clocks.refused(timer);
        }
        let (outcome, actions, then_actions) = match &outcome {
            Ok((next, step)) => {
                clocks.apply(model, step);
                config = next.clone();
                tally.steps += 1;
                tally.automatic += step.then.len();
                tally.together += std::iter::once(step)
                    .chain(&step.then)
                    .filter(|s| !s.also.is_empty())
                    .count();
                let then: Vec<Vec<usize>> =
                    step.then.iter().map(|s| actions_of(model, s)).collect();
                (
                    json!({ "ok": true, "config": config_json(next), "step": step_json(step) }),
                    actions_of(model, step),
                    then,
                )
            }
            Err(refusal) => {
                tally.unsettled += usize::from(*refusal == Refusal::Unsettled);
                (
                    json!({ "ok": false, "refusal": refusal_json(*refusal) }),
                    Vec::new(),
                    Vec::new(),
                )
            }
        };
        let running: Vec<Value> = clocks
            .running()
            .iter()
            .map(|r| json!([r.timer.index(), r.since_step]))
            .collect();
        tally.regions += usize::from(config.atoms.len() > 1);
        inputs.push(json!({ "input": input_json(input), "holds": holds, "flipped": flipped }));
        expected.push(json!({
            "outcome": outcome,
            "asked": asked,
            "actions": actions,
            "thenActions": then_actions,
            "config": config_json(&config),
            "running": running,
        }));
    }
    json!({ "begin": begin, "inputs": inputs, "expected": expected })
}
