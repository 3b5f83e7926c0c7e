//! The generated code and the interpreter, side by side: for every spec the build script
//! compiled, random traces of events (with random guard answers), timeout expiries and fault
//! resolutions are applied to both, and after every input the step or refusal, the guards
//! asked, and the resulting state, history and end must agree.

use machine_core::model::{Model, StateId};
use machine_core::semantics::{self, Input};
use machine_differential::{Facts, Outcome, Refusal, SPECS, Spec, specgen};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as RunnerConfig, RngAlgorithm, TestRng, TestRunner};

/// Traces per spec; `PROPTEST_CASES` raises it for a longer run.
const CASES: u32 = 64;
/// Inputs per trace.
const STEPS: usize = 48;

mod replay;

use replay::{Begin, GUARD_HOLDS, Op, model, trace};

fn begin_strategy(model: &Model) -> impl Strategy<Value = Begin> {
    let starts = model.starts.len();
    let states = model.states.len();
    prop_oneof![
        6 => (0..starts).prop_map(Begin::Start),
        1 => (0..states).prop_map(Begin::At),
        1 => (0..states).prop_map(Begin::Faulted),
    ]
}

fn op_strategy(model: &Model) -> impl Strategy<Value = Op> {
    let events = model.events.len();
    let states = model.states.len();
    // One past the longest list of timers, so that a timer the state lacks is tried too.
    // With parallel states the timers of every region run at once.
    let timeouts = if model.has_parallel() {
        model.timers.len()
    } else {
        model
            .state_ids()
            .map(|s| model.timers_in(s).count())
            .max()
            .unwrap_or(0)
    } + 1;
    // Without a fault state the generated code has no `resume_to` to compare.
    let resolutions = if model.fault.is_some() { 2 } else { 0 };
    let fires = if events > 0 { 14 } else { 0 };
    prop_oneof![
        fires => (0..events.max(1), any::<u64>()).prop_map(|(event, holds)| Op::Fire { event, holds }),
        4 => (0..timeouts, any::<u64>()).prop_map(|(position, holds)| Op::Expire { position, holds }),
        resolutions => (0..states).prop_map(Op::ResumeTo),
    ]
}

fn drive(spec: &Spec) {
    let new_driver = match spec.driver {
        Ok(new_driver) => new_driver,
        Err(findings) => panic!("{} does not compile:\n{findings}", spec.name),
    };
    let model = model(spec);
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(CASES);
    let mut runner = TestRunner::new_with_rng(
        RunnerConfig {
            cases,
            failure_persistence: None,
            ..RunnerConfig::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = (
        begin_strategy(&model),
        proptest::collection::vec(op_strategy(&model), 1..STEPS),
    );
    let result = runner.run(&strategy, |(begin, ops)| {
        trace(&model, new_driver, begin, &ops)
    });
    if let Err(e) = result {
        panic!(
            "{}: the generated code and the interpreter disagree: {e}",
            spec.name
        );
    }
}

#[test]
fn every_good_spec_in_the_repository_agrees_with_the_interpreter() {
    let repository: Vec<&Spec> = SPECS
        .iter()
        .filter(|s| {
            !["generated/", "nested/", "parallel/"]
                .iter()
                .any(|prefix| s.name.starts_with(prefix))
        })
        .collect();
    assert!(
        repository.len() >= 8,
        "the reference specs, samples and good fixtures are all driven"
    );
    for spec in repository {
        drive(spec);
    }
}

#[test]
fn generated_specs_agree_with_the_interpreter() {
    let generated: Vec<&Spec> = SPECS
        .iter()
        .filter(|s| s.name.starts_with("generated/"))
        .collect();
    assert!(generated.len() >= 50, "at least 50 generated specs");
    for spec in generated {
        drive(spec);
    }
    let refused = GUARD_HOLDS.with(std::cell::Cell::get);
    assert!(
        refused > 0,
        "no input was refused because a negated guard held: the generated specs must exercise it"
    );
}

#[test]
fn generated_nested_specs_agree_with_the_interpreter() {
    let nested: Vec<&Spec> = SPECS
        .iter()
        .filter(|s| s.name.starts_with("nested/"))
        .collect();
    assert!(nested.len() >= 40, "at least 40 generated nested specs");
    let (mut compound, mut timed_recalls) = (0, 0);
    for spec in nested {
        let model = model(spec);
        compound += usize::from(model.is_nested());
        timed_recalls += usize::from(
            model
                .timers
                .iter()
                .any(|t| matches!(t.timeout.expiry, machine_core::model::Expiry::Recall(_))),
        );
        drive(spec);
    }
    assert!(
        compound >= 30,
        "most generated nested specs nest states ({compound})"
    );
    assert!(
        timed_recalls >= 5,
        "some generated nested specs have a timeout to a history state ({timed_recalls})"
    );
}

/// The generator must keep producing every construct, or the differential tests would
/// quietly stop covering it.
#[test]
fn generated_parallel_specs_agree_with_the_interpreter() {
    let generated: Vec<&Spec> = SPECS
        .iter()
        .filter(|s| s.name.starts_with("parallel/"))
        .collect();
    assert!(
        generated.len() >= 40,
        "at least 40 generated parallel specs"
    );
    let mut parallel = 0;
    for spec in generated {
        parallel += usize::from(model(spec).has_parallel());
        drive(spec);
    }
    assert!(
        parallel >= 30,
        "most generated parallel specs have a parallel state ({parallel})"
    );
}

#[test]
fn generated_specs_cover_every_construct() {
    let seeds = SPECS
        .iter()
        .filter(|s| s.name.starts_with("generated/"))
        .count();
    let mut count = [0usize; 28];
    for seed in 0..seeds as u64 {
        let u = specgen::spec(seed).uses;
        let flags = [
            u.fallback,
            u.no_fallback,
            u.negated,
            u.internal,
            u.self_transition,
            u.star,
            u.starts,
            u.resume_to,
            u.incident,
            u.timeout_to,
            u.timeout_end,
            u.timeout_notify,
            u.reset_by,
            u.wire_aliases,
            u.wire_case,
            u.on_list,
            u.except,
            u.actions,
            u.named_duration,
            u.spanning,
            u.spanning_fault,
            u.spanning_reset,
            u.timer_name,
            u.timer_guard,
            u.timer_negated,
            u.timer_actions,
            u.restarts,
            u.duration_order,
        ];
        for (c, f) in count.iter_mut().zip(flags) {
            *c += usize::from(f);
        }
    }
    let names = [
        "fallback",
        "no fallback",
        "negated guards",
        "internal",
        "self-transition",
        "\"*\"",
        "named starts",
        "resume_to",
        "incident transition",
        "`to` timeout",
        "`end` timeout",
        "`notify` timeout",
        "reset_by",
        "wire aliases",
        "wire_case: insensitive",
        "`on:` list",
        "`except:`",
        "actions",
        "named durations",
        "spanning timers",
        "a spanning timer over the fault state",
        "a spanning timer's reset_by",
        "a named timeout",
        "a guarded timeout",
        "a negated timeout guard",
        "a timeout's actions",
        "a transition's restarts",
        "ordered named durations",
    ];
    for (name, c) in names.iter().zip(count) {
        assert!(c >= 5, "only {c} generated specs use {name}");
    }
}

/// The interpreter refuses a return to an unknown history, and the generated code agrees: a
/// hand-picked trace on the job lifecycle, beside the random ones.
#[test]
fn a_status_poll_in_the_fault_state_cannot_resume_to_history() {
    let spec = SPECS
        .iter()
        .find(|s| s.name == "spec/import-export/job.yaml")
        .expect("the job spec is driven");
    let model = model(spec);
    let faulted = model.fault.as_ref().expect("the job has a fault state");
    let resume = faulted.resume.index();
    let ops = [Op::Fire {
        event: resume,
        holds: 0,
    }];
    let new_driver = spec.driver.expect("the job spec compiles");
    trace(&model, new_driver, Begin::At(faulted.state.index()), &ops)
        .expect("both refuse the same way");
    let mut driver = new_driver(0);
    driver.at(faulted.state.index());
    assert_eq!(
        driver.fire(resume, &Facts::default()),
        Outcome::Refused(Refusal::UnknownHistory)
    );
}

/// The test paths of `machine_core::paths` (those that reach each state and those that
/// cover every transition and timeout) are driven on the generated code beside the
/// interpreter, and every step of them must be accepted, landing where the path says.
#[test]
fn test_paths_replay_on_the_generated_code() {
    let mut replayed = 0;
    for spec in SPECS {
        let Ok(new_driver) = spec.driver else {
            continue;
        };
        let model = model(spec);
        let found = machine_core::paths::paths(&model);
        for path in found.cover.iter().chain(found.to_state.iter().flatten()) {
            let ops: Vec<Op> = path
                .steps
                .iter()
                .map(|step| {
                    let holds = step
                        .guards
                        .iter()
                        .filter(|&&(_, holds)| holds)
                        .fold(0, |bits, &(g, _)| bits | 1 << (g.index() % 64));
                    match step.input {
                        Input::Event(event) => Op::Fire {
                            event: event.index(),
                            holds,
                        },
                        Input::Expire(timer) => Op::ExpireTimer {
                            timer: timer.index(),
                            holds,
                        },
                        Input::ResumeTo(state) => Op::ResumeTo(state.index()),
                    }
                })
                .collect();
            trace(&model, new_driver, Begin::Start(path.start), &ops)
                .unwrap_or_else(|e| panic!("{}: path {path:?}: {e}", spec.name));
            let mut driver = new_driver(path.start);
            for (step, op) in path.steps.iter().zip(&ops) {
                let outcome = match *op {
                    Op::Fire { event, holds } => {
                        let facts = Facts::new(
                            (0..model.guards.len())
                                .map(|g| holds >> (g % 64) & 1 == 1)
                                .collect(),
                        );
                        driver.fire(event, &facts)
                    }
                    Op::Expire { .. } => unreachable!("paths expire timers by id"),
                    Op::ExpireTimer { timer, holds } => {
                        let facts = Facts::new(
                            (0..model.guards.len())
                                .map(|g| holds >> (g % 64) & 1 == 1)
                                .collect(),
                        );
                        driver.expire(timer, &facts)
                    }
                    Op::ResumeTo(state) => driver.resume_to(state, &Facts::new(Vec::new())),
                };
                assert!(
                    // Where the input settled: after its automatic steps (rules S20, S21).
                    matches!(&outcome, Outcome::Step(s) if s.then.last().map_or(s.to, |t| t.to) == step.after.state(&model).index()),
                    "{}: {op:?} gave {outcome:?}, the path expects {:?}",
                    spec.name,
                    step.after
                );
            }
            replayed += 1;
        }
    }
    assert!(replayed > 100, "only {replayed} paths replayed");
}

/// Rule S11 on both sides: for every spec, every wire name (as written, in upper and lower
/// case, and with a character more or less) and random strings parse to the same state and
/// event, and `Display` writes the first wire name.
#[test]
fn wire_names_parse_and_display_like_the_interpreter() {
    for spec in SPECS {
        let Ok(new_driver) = spec.driver else {
            panic!("{} does not compile", spec.name);
        };
        let model = model(spec);
        let driver = new_driver(0);
        let mut texts: Vec<String> = ["", " ", "x", "*", "Ü"].map(str::to_owned).to_vec();
        for wire in model
            .states
            .iter()
            .flat_map(|s| std::iter::once(&s.wire).chain(&s.wire_aliases))
            .chain(
                model
                    .events
                    .iter()
                    .flat_map(|e| std::iter::once(&e.wire).chain(&e.wire_aliases)),
            )
        {
            texts.extend([
                wire.clone(),
                wire.to_uppercase(),
                wire.to_lowercase(),
                format!("{wire} "),
                wire.chars().skip(1).collect(),
            ]);
        }
        let mut runner = TestRunner::new_with_rng(
            RunnerConfig::default(),
            TestRng::deterministic_rng(RngAlgorithm::ChaCha),
        );
        let strategy = proptest::collection::vec("[a-zA-Z0-9ü -]{0,12}", 64);
        let random = strategy
            .new_tree(&mut runner)
            .expect("random strings")
            .current();
        for text in texts.iter().chain(&random) {
            assert_eq!(
                driver.parse_state(text),
                semantics::wire::state_from_wire(&model, text).map(StateId::index),
                "{}: {text:?} as a state",
                spec.name
            );
            assert_eq!(
                driver.parse_event(text),
                semantics::wire::event_from_wire(&model, text)
                    .map(machine_core::model::EventId::index),
                "{}: {text:?} as an event",
                spec.name
            );
        }
        for (index, state) in model.states.iter().enumerate() {
            assert_eq!(driver.display_state(index), state.wire, "{}", spec.name);
        }
        for (index, event) in model.events.iter().enumerate() {
            assert_eq!(driver.display_event(index), event.wire, "{}", spec.name);
        }
    }
}
