//! The generated `TEST_PATHS`, used as a user's test would: every path is driven through a
//! `Machine` step by step (events with the guard answers the step carries, timeout expiries,
//! fault resolutions), every step must be accepted and land where the path says, and together
//! the paths must fire every transition of the table and expire every timeout, for both
//! lifecycles. A team with its own implementation of the lifecycle drives it the same way.

use std::collections::BTreeSet;

/// Walks `TEST_PATHS` of one generated module; what each path fired and expired is collected
/// so the test can check that nothing was left out.
macro_rules! walk_every_path {
    ($module:ident) => {{
        use generated_example::$module::{PathInput, TEST_PATHS, TRANSITIONS, TestPath, Timer};
        let mut fired = BTreeSet::new();
        let mut expired = BTreeSet::new();
        let walk = |path: &TestPath, fired: &mut BTreeSet<usize>, expired: &mut BTreeSet<Timer>| {
            let mut machine = path.machine();
            assert_eq!(machine.state(), path.from);
            for step in path.steps {
                let from = machine.state();
                let to = match step.input {
                    PathInput::Fire(event) => {
                        let done = machine
                            .step(event, step)
                            .unwrap_or_else(|e| panic!("{}: {} refused: {e}", from, step.text));
                        let index = TRANSITIONS
                            .iter()
                            .position(|t| Some(t) == done.transition())
                            .expect("a step fires a transition of the table");
                        fired.insert(index);
                        done.to
                    }
                    PathInput::Expire(timer) => {
                        let done = machine
                            .expire(timer)
                            .unwrap_or_else(|e| panic!("{}: {} refused: {e:?}", from, step.text));
                        assert_eq!(done.timer(), Some(timer));
                        expired.insert(timer);
                        done.to
                    }
                    PathInput::ResumeTo(state) => {
                        machine
                            .resume_to(state)
                            .unwrap_or_else(|e| panic!("{}: {} refused: {e}", from, step.text))
                            .to
                    }
                };
                assert_eq!(to, step.to, "{from}: {} goes elsewhere", step.text);
                assert_eq!(machine.is_ended(), step.ended, "{from}: {}", step.text);
            }
            assert_eq!(machine.state(), path.to());
        };
        for path in TEST_PATHS {
            walk(path, &mut fired, &mut expired);
        }
        let every_transition: BTreeSet<usize> = (0..TRANSITIONS.len()).collect();
        assert_eq!(fired, every_transition, "transitions no path fires");
        let every_timeout: BTreeSet<Timer> = Timer::ALL.into_iter().collect();
        assert_eq!(expired, every_timeout, "timeouts no path expires");
        // The shortest path to each state gets there, too.
        for state in generated_example::$module::State::ALL {
            let path = state.test_path().expect("every state is reachable");
            let mut ignore = (BTreeSet::new(), BTreeSet::new());
            walk(path, &mut ignore.0, &mut ignore.1);
            assert_eq!(path.to(), state);
        }
        (TEST_PATHS.len(), fired.len(), expired.len())
    }};
}

#[test]
fn the_job_paths_walk_every_transition_and_timeout() {
    assert_eq!(walk_every_path!(job), (13, 16, 4));
}

#[test]
fn the_drive_paths_walk_every_transition_and_timeout() {
    assert_eq!(walk_every_path!(drive), (11, 15, 1));
}
