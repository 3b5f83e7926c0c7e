//! Exports (`machine export`) loaded into real state-machine engines that no one here wrote,
//! and the test paths (`machine_core::paths`) replayed there: the `xstate` v5 package under node
//! (`tests/engines`), whose `@xstate/graph` also computes its own shortest paths, whose reached
//! states must be ours; and python-statemachine (`tests/engines/requirements.txt`, in the venv
//! `tests/engines/.venv`), which reads the SCXML export and must reach our state and run our
//! actions (rule S12) after each step, timeouts firing as its own delayed events at the
//! instants rule S10 says (plus scenarios in time for `reset_by`). Over the
//! reference specs, the samples and the good fixtures; plus snapshots of the exports.
//!
//! A missing engine (node and `tests/engines/node_modules`; the venv) skips its test locally;
//! with `MACHINE_REQUIRE_TOOLS` set, as `.ci/run` does, it fails instead.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use machine_core::{Model, SourceFile, compile, paths, semantics};
use machine_export::{scxml, xstate};
use machine_tests::{machine, skip_without, venv_python, workspace, yaml_files};
use serde_json::{Value, json};

/// The good specs the exports can express. A spec with a timer that spans several states
/// (`timers:`, rule S14) is left out on purpose: neither `XState` nor SCXML keeps one clock
/// across states, so `machine export` refuses it (see
/// `machine_export_refuses_spanning_timers`), and there is nothing to replay.
fn good_specs() -> Vec<(String, Model)> {
    ["spec", "tests/fixtures/good", "tests/fixtures/nested"]
        .iter()
        .flat_map(|dir| yaml_files(dir))
        .map(|relative| {
            let text = std::fs::read_to_string(workspace().join(&relative)).expect("readable");
            let model = compile(&SourceFile::new(relative.clone(), text))
                .model
                .unwrap_or_else(|| panic!("{relative} is a good spec"));
            (relative, model)
        })
        .filter(|(_, model)| machine_export::unexportable(model, "XState").is_none())
        .collect()
}

#[test]
fn machine_export_refuses_spanning_timers() {
    for format in ["xstate", "scxml"] {
        let (code, out, err) = machine(&[
            "export",
            "--format",
            format,
            "tests/fixtures/good/spanning-timer.yaml",
        ]);
        assert_ne!(code, 0, "{format}: {out}");
        assert!(out.is_empty(), "{format}: {out}");
        assert!(
            err.contains("tests/fixtures/good/spanning-timer.yaml:34:11: timer `DeviceCodeExpiry` spans several states"),
            "{format}: {err}"
        );
    }
    // The skip above is exactly the specs with such timers: this fixture, the DHCP client and
    // the nested fixture of clocks on several levels.
    let all = ["tests/fixtures/good", "tests/fixtures/nested", "spec"]
        .iter()
        .map(|dir| yaml_files(dir).len())
        .sum::<usize>();
    assert_eq!(good_specs().len() + 3, all);
}

/// The paths to replay (the shortest path to each state, then the covering paths), each as
/// its start state and its steps in the form of `machine paths --format json`; and the states
/// an engine must reach after each step (`(ended)` once an `end:` timeout has expired).
fn replay_paths(model: &Model) -> (Value, Vec<Vec<String>>) {
    let found = paths::paths(model);
    let all: Vec<&paths::Path> = found
        .to_state
        .iter()
        .flatten()
        .chain(&found.cover)
        .collect();
    let input = all
        .iter()
        .map(|p| {
            let mut steps = json!(machine_core::words::describe(model, p).steps);
            // An expiry names the state whose timeout it is (a compound state's runs in the
            // states inside it), so the replay finds its delay there.
            for step in steps.as_array_mut().into_iter().flatten() {
                if step["kind"] == "expire" {
                    let owner = model
                        .timers
                        .iter()
                        .find(|t| step["name"] == t.name.spec.as_str())
                        .and_then(machine_core::model::Timer::state)
                        .map(|s| model.state(s).name.spec.clone());
                    step["owner"] = json!(owner);
                }
            }
            json!({
                "state": model.state(model.starts[p.start].state).name.spec,
                "steps": steps,
            })
        })
        .collect();
    let expected = all
        .iter()
        .map(|p| {
            p.steps
                .iter()
                .map(|s| {
                    if s.after.ended {
                        xstate::ENDED.to_owned()
                    } else {
                        model.state(s.after.state).name.spec.clone()
                    }
                })
                .collect()
        })
        .collect();
    (Value::Array(input), expected)
}

#[test]
fn xstate_replays_every_test_path_and_reaches_our_states() {
    let root = workspace();
    let script = root.join("tests/engines/xstate-replay.mjs");
    if !root.join("tests/engines/node_modules/xstate").is_dir()
        && skip_without("XState (`npm ci --prefix tests/engines`)")
    {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xstate");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    for (relative, model) in good_specs() {
        let stem = relative.replace('/', "__");
        let config = dir.join(format!("{stem}.json"));
        let paths_file = dir.join(format!("{stem}.paths.json"));
        std::fs::write(&config, xstate::render(&model)).expect("a scratch file");
        let (input, expected) = replay_paths(&model);
        std::fs::write(&paths_file, input.to_string()).expect("a scratch file");
        let output = match Command::new("node")
            .arg(&script)
            .arg(&config)
            .arg(&paths_file)
            .output()
        {
            Ok(output) => output,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                skip_without("node");
                return;
            }
            Err(e) => panic!("cannot run node: {e}"),
        };
        assert!(
            output.status.success(),
            "{relative}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report: Value = serde_json::from_slice(&output.stdout).expect("the script prints JSON");
        let replays: Vec<Vec<String>> =
            serde_json::from_value(report["replays"].clone()).expect("replays");
        assert_eq!(replays, expected, "{relative}: XState reached other states");

        let found = paths::paths(&model);
        // The states a machine can be in: compound states are reached through them.
        let ours: BTreeSet<String> = model
            .state_ids()
            .zip(&found.to_state)
            .filter(|&(s, p)| p.is_some() && !model.is_compound(s))
            .map(|(s, _)| model.state(s).name.spec.clone())
            .collect();
        let theirs: BTreeSet<String> =
            serde_json::from_value(report["graph"]["reached"].clone()).expect("reached");
        assert_eq!(
            theirs, ours,
            "{relative}: @xstate/graph reached other states"
        );
        let ends = expected.iter().flatten().any(|s| s == xstate::ENDED);
        let count = report["graph"]["paths"].as_u64().expect("a count");
        let distinct = report["graph"]["distinct"].as_u64().expect("a count");
        assert_eq!(
            distinct,
            u64::try_from(ours.len() + usize::from(ends)).expect("small"),
            "{relative}: @xstate/graph's shortest paths end in another number of states"
        );
        eprintln!(
            "{relative}: {} paths replayed in XState; @xstate/graph: {count} shortest paths to \
             {distinct} states, {} of ours reached (ours: {})",
            expected.len(),
            theirs.len(),
            ours.len()
        );
    }
}

#[test]
fn machine_export_prints_the_xstate_config() {
    let (code, out, err) = machine(&[
        "export",
        "--format",
        "xstate",
        "spec/import-export/job.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("export-xstate-job", out);
}

/// What the SCXML engine must do in one step: the state after it (`machine.ended` once an
/// `end:` timeout has expired), the actions it runs (rule S12), by name, and for an expiry the
/// instant the timeout falls due, in seconds since the path started (for a wait, the timeouts
/// that expire during it).
type ScxmlReached = (String, Vec<String>, Value);

/// The state an SCXML engine is in with `config`.
fn scxml_state(model: &Model, config: &semantics::Config) -> String {
    if config.ended {
        scxml::ENDED.to_owned()
    } else {
        scxml::state_id(model, config.state).to_owned()
    }
}

/// Scenarios in time, which test paths (whose steps take no time) cannot show: for each
/// timeout with a `reset_by` event, start in its state, wait one second less than its
/// duration, send the event, wait as long again, then one more second (every guard holds
/// throughout, as `machine run`'s guards do by default).
/// Without the restart the timeout expires during the second wait; with it, only in the last.
/// Each as the script's steps and what the engine must do, from `machine_cli::script::run`.
fn scxml_timed(model: &Model) -> Vec<(Value, Vec<ScxmlReached>)> {
    let every_guard: serde_json::Map<String, Value> = model
        .guards
        .iter()
        .enumerate()
        .map(|(g, _)| {
            let id = machine_core::model::GuardId::from_index(g);
            (scxml::condition(model, id), json!(true))
        })
        .collect();
    let mut scenarios = Vec::new();
    for state in model.state_ids() {
        for (_, timer) in model.timers_in(state) {
            let timeout = &timer.timeout;
            let Some(seconds) = scxml_seconds(model, &timeout.after) else {
                continue;
            };
            for &event in timeout.reset_by.iter().filter(|_| seconds >= 2) {
                use machine_cli::script::Item;
                let items = [
                    Item::Wait(seconds - 1),
                    Item::Event {
                        event,
                        guards: Vec::new(),
                    },
                    Item::Wait(seconds - 1),
                    Item::Wait(1),
                ];
                let records = machine_cli::script::run(
                    model,
                    semantics::Config::at(state),
                    &items,
                    true,
                    &scxml_durations(model),
                );
                let mut config = semantics::Config::at(state);
                let mut expected = Vec::new();
                let mut steps = Vec::new();
                for (index, item) in items.iter().enumerate() {
                    let mut actions = Vec::new();
                    let mut fired = Vec::new();
                    for record in records.iter().filter(|r| r.item == index) {
                        // A timer that falls due is the engine's delayed event, also when its
                        // guards refuse the expiry (no transition is enabled then).
                        if let semantics::Input::Expire(timer) = record.input {
                            fired.push(scxml_timer_event(model, timer));
                        }
                        if let Ok((next, taken)) = &record.outcome {
                            actions.extend(
                                semantics::actions(model, taken)
                                    .into_iter()
                                    .map(|a| model.action(a).name.spec.clone()),
                            );
                            config = next.clone();
                        }
                    }
                    let (step, extra) = match item {
                        // The script's guards hold while time passes too: a timeout's
                        // guards are asked as it falls due.
                        Item::Wait(s) => (
                            json!({ "kind": "wait", "seconds": s, "guards": every_guard }),
                            json!(fired),
                        ),
                        _ => (
                            json!({
                                "kind": "event",
                                "event": scxml::event_name(model, event),
                                "guards": every_guard,
                            }),
                            Value::Null,
                        ),
                    };
                    steps.push(step);
                    expected.push((scxml_state(model, &config), actions, extra));
                }
                scenarios.push((
                    json!({ "start": scxml::state_id(model, state), "steps": steps }),
                    expected,
                ));
            }
        }
    }
    scenarios
}

/// The values the SCXML replay gives the named durations, in seconds by `DurationId`: an
/// hour, two hours, and so on, so that no two are equal.
fn scxml_durations(model: &Model) -> Vec<u64> {
    (1..=model.durations.len() as u64)
        .map(|i| i * 3600)
        .collect()
}

/// A timeout's duration in seconds: fixed, or the value [`scxml_durations`] gives a name.
fn scxml_seconds(model: &Model, after: &machine_core::model::Duration) -> Option<u64> {
    match after.named {
        Some(named) => scxml_durations(model).get(named.index()).copied(),
        None => Some(after.seconds),
    }
}

/// The delayed event of `timer` in the SCXML export.
fn scxml_timer_event(model: &Model, timer: machine_core::model::TimerId) -> String {
    scxml::timeout_event(model, timer)
}

/// One step of a path as the SCXML replay script takes it, and what the engine must do.
fn scxml_step(
    model: &Model,
    config: semantics::Config,
    step: &paths::PathStep,
    clocks: &mut semantics::Clocks,
) -> (Value, ScxmlReached) {
    let input = match step.input {
        semantics::Input::Event(event) => {
            let guards: serde_json::Map<String, Value> = step
                .guards
                .iter()
                .map(|&(g, holds)| (scxml::condition(model, g), json!(holds)))
                .collect();
            json!({ "kind": "event", "event": scxml::event_name(model, event), "guards": guards })
        }
        semantics::Input::Expire(timer) => {
            let guards: serde_json::Map<String, Value> = step
                .guards
                .iter()
                .map(|&(g, holds)| (scxml::condition(model, g), json!(holds)))
                .collect();
            json!({
                "kind": "expire",
                "event": scxml_timer_event(model, timer),
                "guards": guards,
            })
        }
        semantics::Input::ResumeTo(state) => {
            json!({ "kind": "event", "event": scxml::resume_event(model, state), "guards": {} })
        }
    };
    let mut answer = |guard| {
        step.guards
            .iter()
            .find(|(g, _)| *g == guard)
            .is_some_and(|&(_, holds)| holds)
    };
    // An engine with a clock lets every timer due before the one a path expires expire first
    // (rule S10), each asking its guards of the datamodel, false unless the step says: so do
    // we. The path only expires a timer no earlier one leaves the state before.
    let mut config = config;
    let mut actions = Vec::new();
    let due = match step.input {
        semantics::Input::Expire(timer) => {
            let due = clocks
                .due(model, timer)
                .expect("a path expires a running timer");
            while let Some(earlier) = clocks.next_due(model, due).filter(|&t| t != timer) {
                match semantics::step(
                    model,
                    config.clone(),
                    semantics::Input::Expire(earlier),
                    &mut answer,
                ) {
                    Ok((next, taken)) => {
                        actions.extend(semantics::actions(model, &taken));
                        clocks.apply(model, &taken);
                        config = next;
                    }
                    Err(_) => clocks.refused(earlier),
                }
            }
            clocks.advance(due);
            json!(due)
        }
        _ => Value::Null,
    };
    let (after, taken) =
        semantics::step(model, config, step.input, &mut answer).expect("a path's step is accepted");
    assert_eq!(after, step.after, "the path replays on the interpreter");
    clocks.apply(model, &taken);
    let state = scxml_state(model, &after);
    actions.extend(semantics::actions(model, &taken));
    let actions = actions
        .into_iter()
        .map(|a| model.action(a).name.spec.clone())
        .collect();
    (input, (state, actions, due))
}

/// What one spec's replay in python-statemachine covered.
struct Replayed {
    paths: usize,
    scenarios: usize,
    steps: usize,
    actions: usize,
    expiries: usize,
}

/// Replays every test path of `model` (and its timed scenarios) in python-statemachine's
/// SCXML processor, and asserts it reaches the interpreter's states, runs its actions in its
/// order and schedules each timeout for the same instant.
fn replay_in_python(python: &Path, dir: &Path, relative: &str, model: &Model) -> Replayed {
    let script = workspace().join("tests/engines/scxml_replay.py");
    let stem = relative.replace('/', "__");
    let document = dir.join(format!("{stem}.scxml"));
    let paths_file = dir.join(format!("{stem}.paths.json"));
    std::fs::write(&document, scxml::render(model)).expect("a scratch file");
    let found = paths::paths(model);
    let mut input = Vec::new();
    let mut expected: Vec<Vec<ScxmlReached>> = Vec::new();
    for path in found.to_state.iter().flatten().chain(&found.cover) {
        let start = model.starts[path.start].state;
        let mut config = semantics::Config::start(&model.starts[path.start]);
        let mut clocks =
            semantics::Clocks::new(model, start).with_durations(scxml_durations(model));
        let mut steps = Vec::new();
        let mut reached = Vec::new();
        for step in &path.steps {
            let (one, after) = scxml_step(model, config, step, &mut clocks);
            steps.push(one);
            reached.push(after);
            config = step.after.clone();
        }
        input.push(json!({ "start": scxml::state_id(model, start), "steps": steps }));
        expected.push(reached);
    }
    let paths_count = input.len();
    for (scenario, reached) in scxml_timed(model) {
        input.push(scenario);
        expected.push(reached);
    }
    std::fs::write(&paths_file, Value::Array(input).to_string()).expect("a scratch file");
    let durations: serde_json::Map<String, Value> = model
        .durations
        .iter()
        .zip(scxml_durations(model))
        .enumerate()
        .map(|(i, (_, seconds))| {
            let id = machine_core::model::DurationId::from_index(i);
            (
                scxml::duration_value(model, id),
                json!(format!("{seconds}s")),
            )
        })
        .collect();
    let durations_file = dir.join(format!("{stem}.durations.json"));
    std::fs::write(&durations_file, Value::Object(durations).to_string()).expect("a scratch file");
    let output = Command::new(python)
        .arg(&script)
        .arg(&document)
        .arg(&paths_file)
        .arg(&durations_file)
        .output()
        .expect("the venv's python runs");
    assert!(
        output.status.success(),
        "{relative}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let replays: Vec<Vec<ScxmlReached>> =
        serde_json::from_slice(&output.stdout).expect("the script prints JSON");
    assert_eq!(
        replays, expected,
        "{relative}: python-statemachine reached other states, ran other actions or \
         scheduled a timeout for another instant"
    );
    let steps: usize = expected.iter().map(Vec::len).sum();
    let actions: usize = expected.iter().flatten().map(|(_, a, _)| a.len()).sum();
    let expiries = expected.iter().flatten().filter(|r| r.2.is_u64()).count();
    Replayed {
        paths: paths_count,
        scenarios: expected.len() - paths_count,
        steps,
        actions,
        expiries,
    }
}

#[test]
fn scxml_replays_every_test_path_in_python_statemachine() {
    let Some(python) = venv_python() else {
        skip_without("python-statemachine (the venv tests/engines/.venv that .ci/run makes)");
        return;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scxml");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    for (relative, model) in good_specs() {
        let r = replay_in_python(&python, &dir, &relative, &model);
        eprintln!(
            "{relative}: {} paths and {} timed scenarios ({} steps, {} actions, {} expiries) \
             replayed in python-statemachine",
            r.paths, r.scenarios, r.steps, r.actions, r.expiries
        );
    }
}

/// What the `XState` export cannot follow is a located warning (W0305), and the export is
/// written all the same; the SCXML export has no such gap.
#[test]
fn machine_export_xstate_warns_where_xstate_cannot_follow() {
    let spec = "tests/fixtures/export/xstate-gaps.yaml";
    let (code, out, err) = machine(&["export", "--format", "xstate", spec]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\"Uploading\""),
        "the export is written: {out}"
    );
    insta::assert_snapshot!("export-xstate-gaps", err);
    let (code, _, err) = machine(&["export", "--format", "scxml", spec]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("W0305"), "the SCXML export has no gap: {err}");
    let nested = "tests/fixtures/export/xstate-nested-start.yaml";
    let (code, _, err) = machine(&["export", "--format", "xstate", nested]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning[W0305]: the lifecycle starts in `Paid`, but the XState export starts in `Open`, which enters `Pending` first")
            && err.contains("xstate-nested-start.yaml:11:7"),
        "{err}"
    );
    let (code, out, err) = machine(&["export", "--format", "scxml", nested]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(r#"initial="Paid""#), "{out}");
    for spec in yaml_files("spec") {
        let (_, _, err) = machine(&["export", "--format", "xstate", &spec]);
        assert!(
            !err.contains("W0305"),
            "{spec}: the reference specs and samples have no gap: {err}"
        );
    }
}

#[test]
fn machine_export_prints_the_scxml_document() {
    let exportable: Vec<String> = good_specs().into_iter().map(|(name, _)| name).collect();
    let mut specs = yaml_files("spec");
    specs.retain(|spec| exportable.contains(spec));
    specs.extend(["actions", "escaping"].map(|f| format!("tests/fixtures/good/{f}.yaml")));
    for spec in &specs {
        let (code, out, err) = machine(&["export", "--format", "scxml", spec]);
        assert_eq!(code, 0, "{err}");
        let name = Path::new(spec)
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a file name");
        insta::assert_snapshot!(format!("export-scxml-{name}"), out);
    }
}

/// The independent oracle on generated specs with compound states
/// (`machine_tests::nestedgen`): every test path of each, replayed in python-statemachine's
/// SCXML processor, reaches the interpreter's states and runs its actions in its order.
#[test]
fn generated_nested_specs_agree_with_python_statemachine() {
    let Some(python) = venv_python() else {
        skip_without("python-statemachine (the venv tests/engines/.venv that .ci/run makes)");
        return;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scxml-generated");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let (mut specs, mut nested, mut paths, mut steps, mut actions) = (0, 0, 0, 0, 0);
    for seed in 0..GENERATED_NESTED {
        let name = format!("generated/nested-{seed}.yaml");
        let yaml = machine_tests::nestedgen::spec(seed);
        let compiled = compile(&SourceFile::new(name.clone(), yaml.clone()));
        let model = compiled
            .model
            .unwrap_or_else(|| panic!("{name} checks clean:\n{yaml}\n{:#?}", compiled.diagnostics));
        let r = replay_in_python(&python, &dir, &name, &model);
        specs += 1;
        nested += usize::from(model.is_nested());
        (paths, steps, actions) = (paths + r.paths, steps + r.steps, actions + r.actions);
    }
    assert!(
        nested >= 200,
        "{nested} of {specs} generated specs nest states"
    );
    eprintln!(
        "{specs} generated specs ({nested} with compound states): {paths} paths, {steps} steps, \
         {actions} actions replayed in python-statemachine"
    );
}

/// How many specs [`generated_nested_specs_agree_with_python_statemachine`] generates.
const GENERATED_NESTED: u64 = 240;
