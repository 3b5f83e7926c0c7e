//! Every variant of the job lifecycle goes through the same states as the generated machine
//! on a seeded trace, and the trace exercises what the benchmark claims to measure.

#[path = "../variants/mod.rs"]
mod variants;

use machine_peers::job::{self, Event, State};
use machine_peers::{Generated, Hand, Variant, convert, hand, same_states, trace};
use variants::rust_fsm::RustFsm;
use variants::smlang::Smlang;
use variants::statig::Statig;

#[test]
fn every_variant_goes_through_the_states_of_the_generated_machine() {
    let trace = trace(1, 20_000);
    let expected = Generated::states(&convert::<Generated>(&trace));
    assert_eq!(same_states::<Hand>(&trace, &expected), Ok(()));
    assert_eq!(same_states::<Smlang>(&trace, &expected), Ok(()));
    assert_eq!(same_states::<RustFsm>(&trace, &expected), Ok(()));
    assert_eq!(same_states::<Statig>(&trace, &expected), Ok(()));
}

#[test]
fn the_gate_names_the_first_difference() {
    let trace = trace(1, 1_000);
    let mut expected = Generated::states(&convert::<Generated>(&trace));
    expected[10] = if expected[10] == State::Faulted {
        State::Creating
    } else {
        State::Faulted
    };
    let difference = same_states::<Hand>(&trace, &expected).expect_err("a state differs");
    assert!(
        difference.starts_with("hand-written match differs from the generated machine at input 10"),
        "{difference}"
    );
}

#[test]
fn the_trace_visits_every_state_fires_every_event_and_has_refusals() {
    let trace = trace(1, 20_000);
    assert_eq!(trace.iter().map(Vec::len).sum::<usize>(), 20_000);
    let states = Generated::states(&convert::<Generated>(&trace));
    for state in State::ALL {
        assert!(states.contains(&state), "{state:?} is never reached");
    }
    let steps: Vec<_> = trace.iter().flatten().collect();
    for event in Event::ALL {
        assert!(
            steps.iter().any(|s| s.event == event),
            "{event:?} never fires"
        );
    }
    let mut refused = 0;
    let mut accepted = 0;
    for lifecycle in &trace {
        let mut machine = job::Machine::new();
        for step in lifecycle {
            match machine.fire(step.event, &step.facts) {
                Ok(_) => accepted += 1,
                Err(_) => refused += 1,
            }
        }
    }
    assert!(
        refused > 1_000 && accepted > 10_000,
        "{accepted} accepted, {refused} refused"
    );
}

#[test]
fn the_hand_written_match_refuses_as_the_generated_machine_does() {
    let trace = trace(2, 5_000);
    for lifecycle in &trace {
        let mut generated = job::Machine::new();
        let mut written = hand::Job::new();
        for step in lifecycle {
            let ours = generated.fire(step.event, &step.facts);
            let theirs = written.fire(hand::Event::from(step.event), &step.facts);
            match (ours, theirs) {
                (Ok(a), Ok(b)) => assert_eq!(a, State::from(b)),
                (Err(a), Err(b)) => assert_eq!(
                    format!("{:?}", a.refusal),
                    format!("{:?}", b.refusal),
                    "at {step:?}"
                ),
                (a, b) => panic!("at {step:?}: generated {a:?}, hand-written {b:?}"),
            }
        }
    }
}

/// The hierarchical lifecycle (`machine_peers::nested`): the hand-written nested `match` and
/// statig's superstate go through the states of the generated machine and run the same
/// actions in the same order, and the trace terminates from every state inside the
/// superstate, with refusals.
#[test]
fn the_nested_variants_agree_with_the_generated_machine() {
    use machine_peers::nested::{self, Counters, Variant as _, ec2};
    use variants::statig_nested::StatigNested;

    let trace = nested::trace(1, 20_000);
    assert_eq!(nested::same_run::<nested::Hand>(&trace), Ok(()));
    assert_eq!(nested::same_run::<StatigNested>(&trace), Ok(()));

    let mut counters = Counters::default();
    let states = nested::Generated::states(&trace, &mut counters);
    assert!(
        counters.counts[..4].iter().all(|&n| n > 100),
        "{counters:?}"
    );
    // Terminated from each state of `Provisioned`.
    let mut terminated_from = std::collections::BTreeSet::new();
    let mut refused = 0;
    let mut before = ec2::State::Pending;
    for (&event, &after) in trace.iter().flatten().zip(&states) {
        if event == ec2::Event::TerminateInstances && before != after {
            terminated_from.insert(before);
        }
        refused += usize::from(before == after);
        before = if after == ec2::State::Terminated {
            ec2::State::Pending
        } else {
            after
        };
    }
    assert_eq!(terminated_from.len(), 4, "{terminated_from:?}");
    assert!(refused > 500, "{refused} refusals");
}
