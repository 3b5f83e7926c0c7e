//! The lifecycle with automatic transitions (`machine_peers::automatic`, the CI check run):
//! the hand-written `match` goes through the states of the generated machine and runs the
//! same actions in the same order, the trace exercises every automatic transition, and the
//! gate catches a variant that takes one of them wrongly.

use std::collections::BTreeSet;

use check_run::{Event, State};
use machine_peers::automatic::{
    self, Counters, Generated, Hand, Input, Variant, check_run, hand_fire,
};

#[test]
fn the_automatic_variants_agree_with_the_generated_machine() {
    let trace = automatic::trace(1, 20_000);
    assert_eq!(trace.iter().map(Vec::len).sum::<usize>(), 20_000);
    assert_eq!(automatic::same_run::<Hand>(&trace), Ok(()));

    let mut counters = Counters::default();
    let _ = Generated::states(&trace, &mut counters);
    assert!(
        counters.counts[..4].iter().all(|&n| n > 500),
        "{counters:?}"
    );
}

/// Every automatic transition of the spec is taken, each conclusion is reached by the input
/// the walk expects, and the trace has refusals and re-runs.
#[test]
fn the_trace_takes_every_automatic_transition() {
    let trace = automatic::trace(1, 20_000);
    let mut automatic_rows = BTreeSet::new();
    let mut reached = BTreeSet::new();
    let (mut refused, mut reruns, mut settled_elsewhere) = (0, 0, 0);
    for lifecycle in &trace {
        let mut machine = check_run::Machine::new();
        for input in lifecycle {
            match machine.step(input.event, &input.facts) {
                Ok(step) => {
                    for then in step.then() {
                        let transition = then.transition().expect("an automatic step");
                        assert!(transition.event().is_none(), "{transition:?}");
                        automatic_rows.insert(format!("{:?} -> {:?}", then.from, then.to));
                    }
                    settled_elsewhere += usize::from(step.settled() != step.to);
                    reruns += usize::from(input.event == Event::Rerequest);
                }
                Err(_) => refused += 1,
            }
            reached.insert(machine.state());
        }
    }
    let expected: BTreeSet<String> = [
        "Picked -> Skipped",
        "Picked -> SettingUp",
        "Finished -> Success",
        "Finished -> Neutral",
        "Finished -> Failure",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(automatic_rows, expected);
    for state in [
        State::Queued,
        State::SettingUp,
        State::Running,
        State::CleaningUp,
        State::Success,
        State::Failure,
        State::Neutral,
        State::Cancelled,
        State::Skipped,
    ] {
        assert!(reached.contains(&state), "{state:?} is never reached");
    }
    // `Picked` and `Finished` are left by the input that enters them.
    assert!(!reached.contains(&State::Picked) && !reached.contains(&State::Finished));
    assert!(
        settled_elsewhere > 2_000,
        "{settled_elsewhere} automatic inputs"
    );
    assert!(refused > 500, "{refused} refusals");
    assert!(reruns > 500, "{reruns} re-runs");
}

/// A hand-written variant that forgets the job's `if:` condition: the gate names the first
/// input where it goes elsewhere.
struct Unconditional;

impl Variant for Unconditional {
    const NAME: &'static str = "unconditional";
    type Input = Input;
    type State = State;

    fn run(trace: &[Vec<Input>], counters: &mut Counters) {
        let _ = Self::states(trace, counters);
    }

    fn states(trace: &[Vec<Input>], counters: &mut Counters) -> Vec<State> {
        let mut states = Vec::new();
        for lifecycle in trace {
            let mut state = State::Queued;
            for input in lifecycle {
                let facts = automatic::Facts {
                    condition_false: false,
                    ..input.facts
                };
                let _ = hand_fire(&mut state, input.event, &facts, counters);
                states.push(state);
            }
        }
        states
    }
}

#[test]
fn the_gate_names_the_first_difference() {
    let trace = automatic::trace(1, 1_000);
    // Up to the first skipped job, the variant does what the generated machine does.
    let expected = Generated::states(&trace, &mut Counters::default());
    let at = expected
        .iter()
        .position(|&state| state == State::Skipped)
        .expect("the trace skips a job in its first 1,000 inputs");
    let difference = automatic::same_run::<Unconditional>(&trace).expect_err("a state differs");
    assert!(
        difference.starts_with(&format!(
            "unconditional differs from the generated machine at input {at} "
        )),
        "{difference}"
    );
}
