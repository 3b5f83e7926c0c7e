//! The lifecycle with parallel states (`machine_peers::parallel`, the Kubernetes Pod): the
//! hand-written `match` per region goes through the configurations of the generated machine,
//! runs the same actions in the same order and refuses the same inputs; the trace exercises
//! what the benchmark claims (both regions in one input, the completion, the eviction, the
//! fault state's return to the whole configuration, the back-off timer, refusals); and the
//! gate catches a variant that misses one input.

use std::collections::BTreeSet;

use machine_peers::parallel::{
    self, Configuration, Counters, Generated, Hand, Input, Variant, pod,
};
use pod::{Event, State};

#[test]
fn the_parallel_variants_agree_with_the_generated_machine() {
    let trace = parallel::trace(1, 20_000);
    assert_eq!(trace.iter().map(Vec::len).sum::<usize>(), 20_000);
    assert_eq!(parallel::same_run::<Hand>(&trace), Ok(()));

    let mut counters = Counters::default();
    let _ = Generated::states(&trace, &mut counters);
    assert!(counters.counts.iter().all(|&n| n > 100), "{counters:?}");
}

#[test]
fn the_hand_written_match_refuses_as_the_generated_machine_does() {
    let trace = parallel::trace(2, 5_000);
    for lifecycle in &trace {
        let mut generated = pod::Machine::new();
        let mut written = Hand::new();
        for &input in lifecycle {
            let ours = match input {
                Input::Event(event, facts) => generated.step(event, &facts).is_ok(),
                Input::Expire(timer) => generated.expire(timer).is_ok(),
            };
            let theirs = written.fire(input, &mut Counters::default());
            assert_eq!(ours, theirs.is_ok(), "at {input:?}: {theirs:?}");
        }
    }
}

/// Every atomic state the Pod rests in is reached; `AppExited` moves both regions in one
/// microstep; the Pod completes, is evicted, and returns from `Unknown` to the configuration
/// it was lost in, containers included; the back-off timer expires; and the trace has
/// refusals.
#[test]
fn the_trace_moves_both_regions_completes_and_returns_from_the_fault_state() {
    let trace = parallel::trace(1, 20_000);
    let mut reached = BTreeSet::new();
    let (mut both, mut completed, mut evicted, mut expired) = (0, 0, 0, 0);
    let (mut returned_to_running, mut refused) = (0, 0);
    for lifecycle in &trace {
        let mut machine = pod::Machine::new();
        let mut lost_in = None;
        for &input in lifecycle {
            let before = Configuration::of(machine);
            let step = match input {
                Input::Event(event, facts) => machine.step(event, &facts).ok(),
                Input::Expire(timer) => machine.expire(timer).ok(),
            };
            let after = Configuration::of(machine);
            reached.extend(after.0.into_iter().flatten());
            let Some(step) = step else {
                refused += 1;
                continue;
            };
            both += usize::from(step.also().next().is_some());
            if step.enters(State::AppTerminated) {
                assert_eq!(step.settled(), State::Succeeded, "at {input:?}");
            }
            completed += usize::from(step.then().next().is_some());
            expired += usize::from(step.timer().is_some());
            if let Input::Event(event, _) = input {
                evicted += usize::from(event == Event::Evicted);
                if event == Event::NodeLost {
                    lost_in = Some(before);
                }
                if event == Event::NodeReady {
                    assert_eq!(
                        Some(after),
                        lost_in,
                        "NodeReady returns where NodeLost left"
                    );
                    returned_to_running += usize::from(after.0[1].is_some());
                }
            }
        }
    }
    // `AppTerminated` is left by the input that enters it: `AppExited` with code 0 ends the
    // shipper too, or it had ended, and the Pod completes at once.
    let atomic: BTreeSet<State> = State::ALL
        .into_iter()
        .filter(|&state| !state.is_compound() && state != State::AppTerminated)
        .collect();
    assert_eq!(reached, atomic);
    assert!(both > 100, "{both} inputs moved both regions");
    assert!(completed > 100, "{completed} Pods succeeded");
    assert!(evicted > 100, "{evicted} Pods evicted");
    assert!(expired > 100, "{expired} back-off delays over");
    assert!(
        returned_to_running > 100,
        "{returned_to_running} returns to Running"
    );
    assert!(refused > 1_000, "{refused} refusals");
}

/// A hand-written variant that forgets the back-off timer: the gate names the first input
/// where it stays behind.
struct NoBackOffTimer;

impl Variant for NoBackOffTimer {
    const NAME: &'static str = "no back-off timer";
    type Input = Input;
    type State = Configuration;

    fn run(trace: &[Vec<Input>], counters: &mut Counters) {
        let _ = Self::states(trace, counters);
    }

    fn states(trace: &[Vec<Input>], counters: &mut Counters) -> Vec<Configuration> {
        let mut states = Vec::new();
        for lifecycle in trace {
            let mut pod = Hand::new();
            for &input in lifecycle {
                if !matches!(input, Input::Expire(_)) {
                    let _ = pod.fire(input, counters);
                }
                states.push(pod.configuration());
            }
        }
        states
    }
}

#[test]
fn the_gate_names_the_first_difference() {
    let trace = parallel::trace(1, 1_000);
    let inputs: Vec<Input> = trace.iter().flatten().copied().collect();
    let expected = Generated::states(&trace, &mut Counters::default());
    let at = (1..inputs.len())
        .find(|&i| {
            matches!(inputs[i], Input::Expire(_)) && expected[i - 1].0[0] == Some(State::AppBackOff)
        })
        .expect("a back-off delay is over in the first 1,000 inputs");
    let difference = parallel::same_run::<NoBackOffTimer>(&trace).expect_err("a state differs");
    assert!(
        difference.starts_with(&format!(
            "no back-off timer differs from the generated machine at input {at} "
        )),
        "{difference}"
    );
}
