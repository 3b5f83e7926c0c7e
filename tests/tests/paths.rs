//! Test paths (`machine paths`): snapshots for the reference specs, full coverage of every good
//! spec, and every path replayed on the interpreter. (`tests/differential` replays them on the
//! generated code.)

use std::fmt::Write as _;

use machine_core::model::Model;
use machine_core::paths::{self, Item};
use machine_core::semantics::{self, Config};
use machine_core::{SourceFile, compile};
use machine_tests::{machine, workspace, yaml_files};

fn model(spec: &str) -> Model {
    let text = std::fs::read(workspace().join(spec)).expect("readable");
    compile(&SourceFile::from_bytes(spec, text))
        .model
        .unwrap_or_else(|| panic!("{spec} checks clean"))
}

fn good_specs() -> Vec<String> {
    let mut specs = yaml_files("spec");
    specs.extend(yaml_files("tests/fixtures/good"));
    specs
}

#[test]
fn machine_paths_prints_the_paths() {
    for (name, spec) in [
        ("job", "spec/import-export/job.yaml"),
        ("drive", "spec/import-export/drive.yaml"),
    ] {
        let (code, out, err) = machine(&["paths", spec]);
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!(format!("paths-{name}"), out);
    }
    let (code, out, _) = machine(&[
        "paths",
        "--format",
        "json",
        "spec/samples/traffic-light.yaml",
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("paths-traffic-light-json", out);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["uncovered"], serde_json::json!([]));
    assert_eq!(json["cover"][0]["steps"][0]["kind"], "expire");
    let (code, _, err) = machine(&["paths", "tests/fixtures/bad/shadowed-transition.yaml"]);
    assert_eq!(code, 1);
    assert!(err.contains("shadowed-transition.yaml:"), "{err}");
}

#[test]
fn every_state_and_transition_of_every_good_spec_is_covered() {
    for spec in good_specs() {
        let model = model(&spec);
        let found = paths::paths(&model);
        for ((id, state), path) in model.state_ids().zip(&model.states).zip(&found.to_state) {
            let path = path
                .as_ref()
                .unwrap_or_else(|| panic!("{spec}: `{}` unreached", state.name.spec));
            // A path to a compound state ends in a state inside it; a path to a state an input
            // only passes through (rules S20 and S21) ends with that input.
            let passed = path
                .steps
                .last()
                .is_some_and(|s| s.passed.iter().any(|&p| model.is_within(p, id)));
            // With parallel states, in a region: the configuration holds a state inside it.
            assert!(
                path.ends_in(&model, id) || passed,
                "{spec}: the path to `{}` ends in `{}`",
                state.name.spec,
                model.state(path.end(&model)).name.spec
            );
        }
        let labels: Vec<String> = found
            .uncovered
            .iter()
            .map(|&i| machine_core::words::item(&model, i))
            .collect();
        assert!(labels.is_empty(), "{spec}: not covered: {labels:?}");
        let mut covered: Vec<Item> = found
            .cover
            .iter()
            .flat_map(|p| p.steps.iter().flat_map(|s| paths::covered(&model, s)))
            .collect();
        covered.sort();
        covered.dedup();
        assert_eq!(
            covered.len(),
            found.items.len(),
            "{spec}: the covering paths fire every item"
        );
    }
}

#[test]
fn every_path_replays_on_the_interpreter() {
    for spec in good_specs() {
        let model = model(&spec);
        let found = paths::paths(&model);
        let all = found.cover.iter().chain(found.to_state.iter().flatten());
        for path in all {
            let mut config = Config::start(&model, &model.starts[path.start]);
            for step in &path.steps {
                let mut asked = Vec::new();
                let mut answer = |g| {
                    let holds = step.guards.iter().any(|&(h, v)| h == g && v);
                    asked.push((g, holds));
                    holds
                };
                let (next, taken) = semantics::step(&model, config, step.input, &mut answer)
                    .unwrap_or_else(|r| panic!("{spec}: {:?} refused: {r:?}", step.input));
                assert_eq!(
                    (&next, taken.cause, asked),
                    (&step.after, step.cause, step.guards.clone()),
                    "{spec}"
                );
                config = next;
            }
        }
    }
}

/// A chain of states, each with a timeout to the next and an event to the next.
fn chain(states: usize) -> String {
    let mut yaml = String::from("machine: Chain\ninitial: S0\nstates:\n");
    for i in 0..states {
        let _ = write!(
            yaml,
            "  S{i}:\n    timeouts: [{{ after: 1h, to: S{} }}]\n",
            i + 1
        );
    }
    let _ = write!(
        yaml,
        "  S{states}: {{ final: true }}\nevents:\n  Go: {{}}\ntransitions:\n"
    );
    for i in 0..states {
        let _ = writeln!(yaml, "  - {{ from: S{i}, on: Go, to: S{} }}", i + 1);
    }
    yaml
}

/// The paths grow with the square of the longest chain: past a bound (known from the searches
/// alone, before any path is built) they are refused, with the limit named, in bounded time and
/// memory; under it, `paths_within` gives what `paths` gives.
#[test]
fn paths_too_large_are_refused_before_they_are_built() {
    let source = SourceFile::new("chain.yaml", chain(3_000));
    let chained = compile(&source).model.expect("the chain checks clean");
    let refused = paths::paths_within(&chained, paths::MAX_STEPS).expect_err("too large");
    assert!(
        matches!(refused, paths::TooLarge::Steps { steps, .. } if steps > paths::MAX_STEPS),
        "{refused:?}"
    );
    assert!(
        refused.to_string().contains("`max-path-steps`"),
        "{refused}"
    );

    let job = model("spec/import-export/job.yaml");
    let within = paths::paths_within(&job, paths::MAX_STEPS).expect("the job's paths are small");
    let all = paths::paths(&job);
    assert_eq!((within.to_state, within.cover), (all.to_state, all.cover));
    assert!(
        paths::paths_within(&job, 10).is_err(),
        "a bound of 10 steps refuses the job"
    );

    let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("chain-3000.yaml");
    std::fs::write(&file, chain(3_000)).expect("a scratch file");
    let (code, out, err) = machine(&["paths", file.to_str().expect("a UTF-8 path")]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("`max-path-steps`"), "{err}");
}

/// Many short paths (a state with a thousand ways out): dropping the paths that begin others
/// is one sort, not a comparison of every pair.
#[test]
fn a_thousand_ways_out_are_each_covered_once() {
    let mut yaml = String::from("machine: Fan\ninitial: Hub\nstates:\n  Hub: {}\n");
    for i in 0..1_000 {
        let _ = writeln!(yaml, "  S{i}: {{ final: true }}");
    }
    yaml.push_str("events:\n");
    for i in 0..1_000 {
        let _ = writeln!(yaml, "  E{i}: {{}}");
    }
    yaml.push_str("transitions:\n");
    for i in 0..1_000 {
        let _ = writeln!(yaml, "  - {{ from: Hub, on: E{i}, to: S{i} }}");
    }
    let model = compile(&SourceFile::new("fan.yaml", yaml))
        .model
        .expect("the fan checks clean");
    let found = paths::paths_within(&model, paths::MAX_STEPS).expect("small");
    assert_eq!(found.cover.len(), 1_000);
    assert!(found.cover.iter().all(|p| p.steps.len() == 1));
    assert!(found.uncovered.is_empty());
}

/// Every script `machine paths` prints runs in `machine run --events` as it is: every input
/// is accepted, and the run ends in the state the path names, ended when the path says so.
#[test]
fn every_printed_path_runs_in_machine_run_to_the_state_it_names() {
    let mut runs = 0;
    for spec in good_specs() {
        let model = model(&spec);
        let found = paths::paths(&model);
        // Named durations need a value to run (any in the spec's order will do, as expiries
        // are named): a day more for each duration declared shorter.
        let shorter = machine_core::model::shorter_closure(&model.durations);
        let durations: Vec<String> = model
            .durations
            .iter()
            .enumerate()
            .map(|(d, duration)| {
                let days = 1 + shorter.iter().filter(|row| row[d]).count();
                format!("{}={days}d", duration.name.spec)
            })
            .collect();
        for path in found.to_state.iter().flatten().chain(&found.cover) {
            let text = machine_core::words::describe(&model, path);
            if text.steps.is_empty() {
                continue;
            }
            let script: Vec<&str> = text.steps.iter().map(|s| s.text.as_str()).collect();
            let script = script.join(", ");
            let mut args = vec![
                "run",
                spec.as_str(),
                "--events",
                &script,
                "--format",
                "json",
            ];
            if model.starts.len() > 1 {
                args.extend(["--start", text.start.as_str()]);
            }
            for d in &durations {
                args.extend(["--duration", d.as_str()]);
            }
            let (code, out, err) = machine(&args);
            assert_eq!(code, 0, "{spec}: `{script}` was refused:\n{out}{err}");
            let last: serde_json::Value = out
                .lines()
                .last()
                .and_then(|l| serde_json::from_str(l).ok())
                .unwrap_or_else(|| panic!("{spec}: `{script}` printed no step:\n{out}"));
            // Where the input settled: after its automatic steps (rules S20 and S21).
            let settled = last["then"]
                .as_array()
                .and_then(|then| then.last())
                .map_or(&last["to"], |step| &step["to"]);
            assert_eq!(settled, text.end.as_str(), "{spec}: `{script}`\n{out}");
            assert_eq!(last["ended"], text.ended, "{spec}: `{script}`\n{out}");
            runs += 1;
        }
    }
    assert!(runs > 200, "only {runs} paths were run");
}
