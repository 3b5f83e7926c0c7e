//! The generated code and the interpreter on every configuration a spec with history states
//! (or with automatic transitions) can reach: what a history state leads to depends on where the machine was, which random
//! traces seldom set up (in, out, and back by the history). A breadth-first search over the
//! interpreter's configurations (its state, history, end and what each history state
//! remembers, rule S19) finds each one with a shortest way there; from each, every input
//! `machine paths` would try is applied to both, after replaying the way there on a fresh
//! generated machine, and they must agree on every step as in the random traces.

use std::collections::{HashMap, VecDeque};

use machine_core::model::{GuardId, Model};
use machine_core::paths;
use machine_core::semantics::{Config, Input};
use machine_core::{SourceFile, compile};
use machine_differential::{SPECS, Spec};

#[allow(
    dead_code,
    reason = "the random traces use the rest of the shared module"
)]
mod replay;

/// At most how many configurations of one spec are visited.
const MAX_CONFIGS: usize = 4_000;

/// An input as the differential traces write it, with guard `i` holding when bit `i` is set.
fn op(input: Input, values: &[(GuardId, bool)]) -> replay::Op {
    let holds = values
        .iter()
        .filter(|&&(_, holds)| holds)
        .fold(0u64, |bits, &(g, _)| bits | 1 << (g.index() % 64));
    match input {
        Input::Event(event) => replay::Op::Fire {
            event: event.index(),
            holds,
        },
        Input::Expire(timer) => replay::Op::ExpireTimer {
            timer: timer.index(),
            holds,
        },
        Input::ResumeTo(state) => replay::Op::ResumeTo(state.index()),
    }
}

/// Visits every configuration reachable from each start of `model` (up to
/// [`MAX_CONFIGS`]), and checks every input from each on both; the number of checks.
fn check(spec: &Spec, model: &Model) -> usize {
    let Ok(new_driver) = spec.driver else {
        panic!("{} does not compile", spec.name);
    };
    let mut checks = 0;
    for start in 0..model.starts.len() {
        let first = Config::start(model, &model.starts[start]);
        let mut way: HashMap<Config, Vec<replay::Op>> =
            HashMap::from([(first.clone(), Vec::new())]);
        let mut queue = VecDeque::from([first]);
        while let Some(config) = queue.pop_front() {
            let here = way[&config].clone();
            for (input, values) in paths::inputs(model, &config) {
                let mut ops = here.clone();
                ops.push(op(input, &values));
                if let Err(e) = replay::trace(model, new_driver, replay::Begin::Start(start), &ops)
                {
                    panic!(
                        "{}: the generated code and the interpreter disagree after {ops:?}: {e}",
                        spec.name
                    );
                }
                checks += 1;
                let Some(step) = paths::apply(model, &config, input, &values) else {
                    continue;
                };
                if way.len() < MAX_CONFIGS && !way.contains_key(&step.after) {
                    way.insert(step.after.clone(), ops);
                    queue.push_back(step.after);
                }
            }
        }
    }
    checks
}

/// Drives every reachable configuration of each spec `pick` picks; how many specs and inputs.
fn drive(pick: impl Fn(&Model) -> bool) -> (usize, usize) {
    let (mut specs, mut checks) = (0, 0);
    for spec in SPECS {
        let source = SourceFile::from_bytes(spec.name, spec.yaml.as_bytes().to_vec());
        let Some(model) = compile(&source).model else {
            continue;
        };
        if !pick(&model) {
            continue;
        }
        specs += 1;
        checks += check(spec, &model);
    }
    (specs, checks)
}

#[test]
fn every_reachable_configuration_of_a_spec_with_history_states_agrees() {
    let (specs, checks) = drive(|model| !model.histories.is_empty());
    assert!(specs >= 10, "{specs} specs with history states are driven");
    eprintln!(
        "{specs} specs with history states: {checks} inputs checked from every reachable configuration"
    );
}

/// Rules S20 and S21: what an input leads to after its step depends on the guards the
/// automatic transitions ask and on the completions it queues, from every configuration.
#[test]
fn every_reachable_configuration_of_a_spec_with_automatic_transitions_agrees() {
    let (specs, checks) = drive(Model::has_automatic);
    assert!(
        specs >= 10,
        "{specs} specs with eventless or completion transitions are driven"
    );
    eprintln!(
        "{specs} specs with eventless or completion transitions: {checks} inputs checked from every reachable configuration"
    );
}
