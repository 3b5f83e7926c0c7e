//! Exports (`machine export`) loaded into real state-machine engines that no one here wrote,
//! and the test paths (`machine_core::paths`) replayed there: the `xstate` v5 package under node
//! (`tests/engines`), whose `@xstate/graph` also computes its own shortest paths, whose reached
//! states must be ours; and python-statemachine (`tests/engines/requirements.txt`, in the venv
//! `tests/engines/.venv`), which reads the SCXML export and must reach our state and run our
//! actions (rule S12) after each step, timeouts firing as its own delayed events at the
//! instants rule S10 says (plus scenarios in time for `reset_by`). Over the
//! reference specs, the samples and the good and nested fixtures, and generated nested specs
//! (`machine_tests::nestedgen`: all 240 in python-statemachine, those with history states or
//! automatic transitions in `XState`); plus snapshots of the exports. The configuration after
//! an input is the one the machine settles in, after the eventless transitions and
//! completions it leads to (rules S20, S21), and its actions are theirs too.
//!
//! A missing engine (node and `tests/engines/node_modules`; the venv) skips its test locally;
//! with `MACHINE_REQUIRE_TOOLS` set, as `.ci/run` does, it fails instead.

use std::collections::BTreeSet;
use std::path::Path;

#[path = "engines/parallel.rs"]
mod parallel;
#[path = "engines/python.rs"]
mod python;
#[path = "engines/timed.rs"]
mod timed;

use machine_core::model::{EventId, Expiry, Trigger};
use machine_core::semantics::Config;
use machine_core::{Model, SourceFile, compile, paths};
use machine_export::xstate;
use machine_tests::{machine, skip_without, venv_python, workspace, yaml_files};
use python::replay_in_python;
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
/// its start state and its steps in the form of `machine paths --format json`, an expiry with
/// the `instants` the clock stops at (those of the timers due before it, then its own, in
/// seconds: [`timed::timed_step`]); and the configuration an engine must reach after each
/// step, its atomic states by name in document order (rule S22; `(ended)` once an `end:`
/// timeout has expired). A path is cut where the clock took the machine elsewhere first.
fn replay_paths(model: &Model) -> (Value, Vec<Vec<Configuration>>) {
    let found = paths::paths(model);
    let (mut input, mut expected) = (Vec::new(), Vec::new());
    for path in found.to_state.iter().flatten().chain(&found.cover) {
        let described = machine_core::words::describe(model, path).steps;
        let mut config = Config::start(model, &model.starts[path.start]);
        let mut clocks = timed::clocks(model, &config);
        let (mut steps, mut reached) = (Vec::new(), Vec::new());
        for (step, text) in path.steps.iter().zip(described) {
            let Some(t) = timed::timed_step(model, config, step, &mut clocks) else {
                break;
            };
            let mut text = json!(text);
            if let Some(due) = t.due {
                text["instants"] = json!([t.earlier, vec![due]].concat());
            }
            steps.push(text);
            reached.push(configuration(model, &t.after));
            config = t.after;
        }
        input.push(json!({
            "state": model.state(model.starts[path.start].state).name.spec,
            "steps": steps,
        }));
        expected.push(reached);
    }
    (Value::Array(input), expected)
}

/// A configuration as the `XState` replay reports it: the names of its atomic states, in
/// document order.
type Configuration = Vec<String>;

/// The configuration of `config` by name ([`Configuration`]): `(ended)` once an `end:`
/// timeout has expired.
fn configuration(model: &Model, config: &machine_core::semantics::Config) -> Configuration {
    if config.ended {
        vec![xstate::ENDED.to_owned()]
    } else {
        config
            .atoms
            .iter()
            .map(|&a| model.state(a).name.spec.clone())
            .collect()
    }
}

/// Whether `XState` is installed (`npm ci --prefix tests/engines`); when not, a test may skip.
fn has_xstate() -> bool {
    workspace()
        .join("tests/engines/node_modules/xstate")
        .is_dir()
        || !skip_without("XState (`npm ci --prefix tests/engines`)")
}

/// What one spec's replay in `XState` covered: the paths and their steps, and
/// `@xstate/graph`'s shortest paths and the distinct states they end in.
struct XstateReplayed {
    paths: usize,
    steps: usize,
    shortest: u64,
    distinct: u64,
}

/// Replays every test path of `model` in `XState` and asserts it reaches the interpreter's
/// states; asserts that `@xstate/graph`'s shortest paths reach the states we reach. `None`
/// when node is not installed (and may be skipped).
fn replay_in_xstate(dir: &Path, relative: &str, model: &Model) -> Option<XstateReplayed> {
    let script = workspace().join("tests/engines/xstate-replay.mjs");
    let stem = relative.replace('/', "__");
    let config = dir.join(format!("{stem}.json"));
    let paths_file = dir.join(format!("{stem}.paths.json"));
    let order_file = dir.join(format!("{stem}.order.json"));
    std::fs::write(&config, xstate::render(model)).expect("a scratch file");
    let (input, expected) = replay_paths(model);
    std::fs::write(&paths_file, input.to_string()).expect("a scratch file");
    let input = input.as_array().cloned().unwrap_or_default();
    let order: Vec<&str> = model.states.iter().map(|s| s.name.spec.as_str()).collect();
    // A named duration is an `after` key the user provides a delay for: the replay's.
    let delays: serde_json::Map<String, Value> = model
        .timers
        .iter()
        .filter_map(|t| {
            let named = t.timeout.after.named?;
            let seconds = timed::durations(model)[named.index()];
            Some((t.timeout.after.text.clone(), json!(seconds * 1000)))
        })
        .collect();
    let setting = json!({ "order": order, "delays": delays });
    std::fs::write(&order_file, setting.to_string()).expect("a scratch file");
    let stdout = machine_tests::node(
        None,
        &[
            script.as_os_str(),
            config.as_os_str(),
            paths_file.as_os_str(),
            order_file.as_os_str(),
        ],
        relative,
    )?;
    let report: Value = serde_json::from_slice(&stdout).expect("the script prints JSON");
    let replays: Vec<Vec<Configuration>> =
        serde_json::from_value(report["replays"].clone()).expect("replays");
    assert_eq!(
        replays.len(),
        expected.len(),
        "{relative}: one replay per path"
    );
    // The first path that disagrees, with its steps.
    if let Some(at) = (0..expected.len()).find(|&i| replays[i] != expected[i]) {
        let steps = serde_json::to_string_pretty(&input[at]).unwrap_or_default();
        panic!(
            "{relative}: XState reached other states on path {at}:\n{steps}\nthe \
             interpreter: {:?}\nXState: {:?}",
            expected[at], replays[at]
        );
    }

    let ours = resting_states(model);
    let theirs: BTreeSet<Configuration> =
        serde_json::from_value(report["graph"]["reached"].clone()).expect("reached");
    assert_eq!(
        theirs, ours,
        "{relative}: @xstate/graph reached other states"
    );
    let ends = expected
        .iter()
        .flatten()
        .any(|c| c.first().is_some_and(|s| s == xstate::ENDED));
    let shortest = report["graph"]["paths"].as_u64().expect("a count");
    let distinct = report["graph"]["distinct"].as_u64().expect("a count");
    assert_eq!(
        distinct,
        u64::try_from(ours.len() + usize::from(ends)).expect("small"),
        "{relative}: @xstate/graph's shortest paths end in another number of states"
    );
    Some(XstateReplayed {
        paths: expected.len(),
        steps: expected.iter().map(Vec::len).sum(),
        shortest,
        distinct,
    })
}

/// The configurations a machine can rest in (compound states are reached through the states
/// inside them), which `@xstate/graph` must reach: in a spec without automatic transitions
/// or parallel states, every state a test path reaches. With automatic transitions (rules
/// S20, S21), a state the machine only passes through (one whose eventless transition or
/// completion always leaves it) is none, and a state may be one only for some guard answers
/// the test paths do not give; with parallel states, the regions combine (rule S22): the
/// interpreter explores every configuration from the starts, by every event, expiry and
/// resolution with every answer of the guards, as `@xstate/graph` does; the configurations
/// where the test paths settle are among them.
fn resting_states(model: &Model) -> BTreeSet<Configuration> {
    use machine_core::semantics::{self, Input};
    let found = paths::paths(model);
    if !model.has_automatic() && !model.has_parallel() {
        return model
            .state_ids()
            .zip(&found.to_state)
            .filter(|&(s, p)| p.is_some() && !model.is_compound(s))
            .map(|(s, _)| vec![model.state(s).name.spec.clone()])
            .collect();
    }
    let guards = u32::try_from(model.guards.len()).expect("few guards");
    assert!(guards <= 10, "too many guards to try every answer");
    let mut seen: BTreeSet<Config> = model
        .starts
        .iter()
        .map(|s| Config::start(model, s))
        .collect();
    let mut queue: Vec<Config> = seen.iter().cloned().collect();
    while let Some(config) = queue.pop() {
        let events = (0..model.events.len()).map(|e| Input::Event(EventId::from_index(e)));
        let expiries = model
            .timers_in_all(&config.atoms)
            .into_iter()
            .map(|(t, _)| Input::Expire(t));
        let resolutions = model
            .fault
            .iter()
            .flat_map(|_| model.state_ids().map(Input::ResumeTo));
        let inputs: Vec<Input> = events.chain(expiries).chain(resolutions).collect();
        for input in inputs {
            for answers in 0..1_u32 << guards {
                let mut answer = |g: machine_core::model::GuardId| answers >> g.index() & 1 == 1;
                if let Ok((next, _)) = semantics::step(model, config.clone(), input, &mut answer)
                    && seen.insert(next.clone())
                {
                    queue.push(next);
                }
            }
        }
    }
    let rests: BTreeSet<Configuration> = seen
        .iter()
        .filter(|c| !c.ended)
        .map(|c| configuration(model, c))
        .collect();
    for path in found.to_state.iter().flatten().chain(&found.cover) {
        for step in path.steps.iter().filter(|s| !s.after.ended) {
            let settled = configuration(model, &step.after);
            assert!(
                rests.contains(&settled),
                "a test path settles in {settled:?}"
            );
        }
    }
    rests
}

#[test]
fn xstate_replays_every_test_path_and_reaches_our_states() {
    if !has_xstate() {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xstate");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    for (relative, model) in good_specs() {
        let Some(r) = replay_in_xstate(&dir, &relative, &model) else {
            return;
        };
        eprintln!(
            "{relative}: {} paths ({} steps) replayed in XState; @xstate/graph: {} shortest \
             paths to {} states",
            r.paths, r.steps, r.shortest, r.distinct
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
    // Rules S20 and S21: `always`, `onDone` and nested `type: final` nodes.
    let automatic = "tests/fixtures/nested/automatic.yaml";
    let (code, out, err) = machine(&["export", "--format", "xstate", automatic]);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "no gap: {err}");
    insta::assert_snapshot!("export-xstate-automatic", out);
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
    // A compound state's internal transition that restarts the timeout of a state inside it:
    // SCXML restarts it while the machine is there (`In()`), XState cannot.
    let inner = "tests/fixtures/nested/history-timeouts.yaml";
    let (code, _, err) = machine(&["export", "--format", "xstate", inner]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning[W0305]: this transition stays in `Active` and restarts the timeout of `Browsing` inside it")
            && err.contains("history-timeouts.yaml:57:25"),
        "{err}"
    );
    let (code, out, err) = machine(&["export", "--format", "scxml", inner]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(r#"<if cond="In('Browsing')">"#), "{out}");
    for spec in yaml_files("spec") {
        let (_, _, err) = machine(&["export", "--format", "xstate", &spec]);
        assert!(
            !err.contains("W0305"),
            "{spec}: the reference specs and samples have no gap: {err}"
        );
    }
}

/// A completion that stays in its final state (`internal: true`) and restarts a timer: `XState`
/// could restart it only by re-entering the compound state, which would leave the final
/// state, so the export keeps the machine there and says the timer is not restarted (W0305).
#[test]
fn a_completion_that_stays_and_restarts_timers_is_an_xstate_gap() {
    let yaml = "machine: Stay\ninitial: Open\nstates:\n  Open:\n    initial: A\n    timeouts:\n      \
                - { name: Remind, after: 5m, notify: someone }\n    states:\n      A: {}\n      \
                F: { final: true }\n  Closed: { final: true }\nevents: { Go: {}, Close: {} }\n\
                transitions:\n  - { from: A, on: Go, to: F }\n  - { from: Open, done: true, \
                internal: true, restarts: [Remind] }\n  - { from: Open, on: Close, to: Closed }\n";
    let source = SourceFile::new("stay.yaml", yaml);
    let compiled = compile(&source);
    let model = compiled
        .model
        .unwrap_or_else(|| panic!("{:#?}", compiled.diagnostics));
    let gaps: Vec<String> = xstate::gaps(&model)
        .iter()
        .map(|d| d.display(&source).to_string())
        .collect();
    assert!(
        gaps.len() == 1
            && gaps[0].contains("stay.yaml:15:25")
            && gaps[0].contains("the completion of `Open` stays and restarts timers"),
        "{gaps:#?}"
    );
    let config = xstate::config(&model);
    assert_eq!(
        config["states"]["Open"]["onDone"],
        json!([{}]),
        "it stays: no target"
    );
}

#[test]
fn machine_export_prints_the_scxml_document() {
    let exportable: Vec<String> = good_specs().into_iter().map(|(name, _)| name).collect();
    let mut specs = yaml_files("spec");
    specs.retain(|spec| exportable.contains(spec));
    specs.extend(["actions", "escaping"].map(|f| format!("tests/fixtures/good/{f}.yaml")));
    // Rules S20 and S21: `<final>` inside a state, eventless and `done.state.ID` transitions.
    specs.push("tests/fixtures/nested/automatic.yaml".into());
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

/// The specs `machine_tests::nestedgen::spec` generates, with their names.
fn generated_specs() -> impl Iterator<Item = (String, Model)> {
    (0..GENERATED_NESTED).map(|seed| {
        let name = format!("generated/nested-{seed}.yaml");
        let yaml = machine_tests::nestedgen::spec(seed);
        let compiled = compile(&SourceFile::new(name.clone(), yaml.clone()));
        let model = compiled
            .model
            .unwrap_or_else(|| panic!("{name} checks clean:\n{yaml}\n{:#?}", compiled.diagnostics));
        (name, model)
    })
}

/// Whether the exports of `model` send a transition or a timeout to a history state through
/// their transient state ([`machine_export::detoured`]).
fn detours(model: &Model) -> bool {
    model
        .histories_with_ids()
        .any(|(h, _)| machine_export::detoured(model, h))
}

/// How many generated specs at least have a timeout to a history state (rules S7, S19).
const TIMED_RECALLS: usize = 40;

/// The independent oracle on generated specs with compound states, history states and
/// automatic transitions (`machine_tests::nestedgen`): every test path of each, replayed in
/// python-statemachine's SCXML processor, reaches the interpreter's states and runs its
/// actions in its order, those of the eventless transitions and completions each input leads
/// to included (rules S20, S21).
#[test]
fn generated_nested_specs_agree_with_python_statemachine() {
    let Some(python) = venv_python() else {
        skip_without("python-statemachine (the venv tests/engines/.venv that .ci/run makes)");
        return;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scxml-generated");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let (mut specs, mut nested, mut histories, mut detoured) = (0, 0, 0, 0);
    let (mut finals, mut completions, mut eventless, mut timed_recalls) = (0, 0, 0, 0);
    let (mut paths, mut steps, mut actions, mut automatic) = (0, 0, 0, 0);
    for (name, model) in generated_specs() {
        let r = replay_in_python(&python, &dir, &name, &model);
        specs += 1;
        nested += usize::from(model.is_nested());
        histories += usize::from(!model.histories.is_empty());
        detoured += usize::from(detours(&model));
        timed_recalls += usize::from(
            model
                .timers
                .iter()
                .any(|t| matches!(t.timeout.expiry, Expiry::Recall(_))),
        );
        let has = |trigger| model.transitions.iter().any(|t| t.trigger == trigger);
        finals += usize::from(
            model
                .states
                .iter()
                .any(|s| s.is_final && s.parent.is_some()),
        );
        completions += usize::from(has(Trigger::Done));
        eventless += usize::from(has(Trigger::Always));
        (paths, steps, actions) = (paths + r.paths, steps + r.steps, actions + r.actions);
        automatic += r.automatic;
    }
    // Final states (which nothing leaves) take some of the transitions from deep inside a
    // compound state to its history.
    assert!(
        nested >= 200
            && histories >= 100
            && detoured >= 12
            && finals >= 80
            && completions >= 60
            && eventless >= 100
            && timed_recalls >= TIMED_RECALLS
            && automatic >= 300,
        "of {specs} generated specs, {nested} nest states, {histories} have history states, \
         {timed_recalls} a timeout to one, \
         {detoured} go to one from deep inside its compound state, {finals} have final states \
         inside compound states, {completions} completion transitions, {eventless} eventless \
         transitions; their paths take {automatic} automatic steps"
    );
    eprintln!(
        "{specs} generated specs ({nested} with compound states, {histories} with history \
         states, {timed_recalls} with a timeout to one, {detoured} with a transition to one from deep inside its compound state, \
         {finals} with final states inside compound states, {completions} with completion \
         transitions, {eventless} with eventless transitions): {paths} paths, {steps} steps \
         ({automatic} automatic steps after them), {actions} actions replayed in \
         python-statemachine"
    );
}

/// The generated specs with history states or automatic transitions, replayed in `XState`:
/// every test path reaches the interpreter's states, and `@xstate/graph` reaches the states
/// the machine can rest in.
#[test]
fn generated_specs_with_history_agree_with_xstate() {
    if !has_xstate() {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xstate-generated");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let (mut specs, mut automatic, mut paths, mut steps) = (0, 0, 0, 0);
    let chosen = generated_specs().filter(|(_, m)| !m.histories.is_empty() || m.has_automatic());
    for (name, model) in chosen {
        let Some(r) = replay_in_xstate(&dir, &name, &model) else {
            return;
        };
        (specs, paths, steps) = (specs + 1, paths + r.paths, steps + r.steps);
        automatic += usize::from(model.has_automatic());
    }
    eprintln!(
        "{specs} generated specs with history states or automatic transitions ({automatic} \
         with automatic ones): {paths} paths, {steps} steps replayed in XState"
    );
}

/// How many specs [`generated_specs`] generates.
const GENERATED_NESTED: u64 = 240;
