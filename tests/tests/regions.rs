//! Parallel states (rules S22 to S29) in the interpreter, `machine run`, `machine paths` and the
//! refusals of the outputs that cannot carry them yet, on `tests/fixtures/parallel/*.yaml`.
//! The expected values follow the W3C SCXML algorithm (appendix D): `selectTransitions`,
//! `removeConflictingTransitions`, `microstep`, `enterStates` and its `done.state` events.

use machine_core::model::{Model, StateId, TimerId};
use machine_core::semantics::{self, Cause, Clocks, Config, Input, Refusal, Step};
use machine_tests::{event, machine, state, state_names, timer};

const UPLOAD: &str = "tests/fixtures/parallel/upload.yaml";
const REGIONS: &str = "tests/fixtures/parallel/regions.yaml";

fn start(model: &Model) -> Config {
    Config::start(model, &model.starts[0])
}

/// Applies `input` with every guard holding, and checks the configuration it leads to is
/// legal (rule S22): every active compound state has one active child, every active parallel
/// state all its regions.
fn apply(model: &Model, config: Config, input: Input) -> Result<(Config, Step), Refusal> {
    let (next, step) = semantics::step(model, config, input, &mut |_| true)?;
    assert_legal(model, &next);
    Ok((next, step))
}

fn walk(model: &Model, mut config: Config, script: &[&str]) -> (Config, Vec<Step>) {
    let mut steps = Vec::new();
    for name in script {
        let (next, step) = apply(model, config, event(model, name))
            .unwrap_or_else(|r| panic!("{name} refused: {r:?}"));
        config = next;
        steps.push(step);
    }
    (config, steps)
}

fn assert_legal(model: &Model, config: &Config) {
    let active = semantics::active(model, &config.atoms);
    let mut sorted = config.atoms.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, config.atoms, "atoms in document order");
    for &s in &active {
        let children = model.children(Some(s));
        let on: Vec<StateId> = children
            .iter()
            .copied()
            .filter(|c| active.contains(c))
            .collect();
        if model.is_parallel(s) {
            assert_eq!(on, children, "every region of {s:?} active");
        } else if !children.is_empty() {
            assert_eq!(on.len(), 1, "one child of {s:?} active: {on:?}");
        }
    }
}

fn action_names(model: &Model, step: &Step) -> Vec<String> {
    semantics::input_actions(model, step)
        .iter()
        .map(|&a| model.action(a).name.spec.clone())
        .collect()
}

#[test]
fn a_start_enters_every_region_at_its_initial_state() {
    let model = machine_tests::model(UPLOAD);
    let config = start(&model);
    assert_legal(&model, &config);
    assert_eq!(state_names(&model, &config.atoms), ["Sending", "Scanning"]);
    assert_eq!(config.state(&model), state(&model, "Working"));
    let actions: Vec<_> = semantics::start_actions(&model, &model.starts[0])
        .iter()
        .map(|&a| model.action(a).name.spec.clone())
        .collect();
    assert_eq!(actions, ["open_session", "start_send", "start_scan"]);
    // Both regions' clocks run from the start.
    let clocks = Clocks::new(&model, &config);
    let running: Vec<TimerId> = clocks.running().iter().map(|r| r.timer).collect();
    assert_eq!(running, [timer(&model, "Stalled")]);
}

#[test]
fn an_event_two_regions_handle_fires_in_both_in_one_step() {
    let model = machine_tests::model(UPLOAD);
    let (config, steps) = walk(&model, start(&model), &["Reset"]);
    let step = &steps[0];
    assert_eq!(step.also.len(), 1, "one transition per region");
    assert_eq!(state_names(&model, &config.atoms), ["Sending", "Scanning"]);
    // W3C: every exit (reverse document order), then every transition's actions, then every
    // entry (document order).
    assert_eq!(state_names(&model, &step.exits), ["Scanning", "Sending"]);
    assert_eq!(state_names(&model, &step.entries), ["Sending", "Scanning"]);
    assert_eq!(
        action_names(&model, step),
        ["stop_send", "start_send", "start_scan"]
    );
    assert_eq!(step.restarts, [timer(&model, "Stalled")]);
}

#[test]
fn a_parallel_state_completes_when_every_region_has_finished() {
    let model = machine_tests::model(UPLOAD);
    let (config, steps) = walk(&model, start(&model), &["Uploaded"]);
    // One region finished: its completion has no transition; the machine stays.
    assert!(steps[0].then.is_empty());
    assert_eq!(state_names(&model, &config.atoms), ["Sent", "Scanning"]);
    assert_eq!(
        semantics::completed(&model, &steps[0]),
        [state(&model, "Transfer")]
    );
    let (config, steps) = walk(&model, config, &["ScanOk"]);
    // S28: Scan completes, then Working (all regions final), whose `done` fires.
    assert_eq!(
        semantics::completed(&model, &steps[0]),
        [state(&model, "Scan"), state(&model, "Working")]
    );
    assert_eq!(state_names(&model, &config.atoms), ["Done"]);
    let then = &steps[0].then;
    assert_eq!(then.len(), 1);
    assert_eq!(
        state_names(&model, &then[0].exits),
        ["Clean", "Scan", "Sent", "Transfer", "Working"]
    );
    assert_eq!(
        action_names(&model, &steps[0]),
        ["end_scan", "end_transfer", "close_session", "notify_done"]
    );
}

#[test]
fn a_move_out_of_one_region_leaves_the_other_region_too() {
    let model = machine_tests::model(UPLOAD);
    let (config, steps) = walk(&model, start(&model), &["ScanFound"]);
    assert_eq!(state_names(&model, &config.atoms), ["Quarantined"]);
    let eventless = &steps[0].then[0];
    assert_eq!(
        state_names(&model, &eventless.exits),
        ["Infected", "Scan", "Sending", "Transfer", "Working"]
    );
    assert_eq!(
        action_names(&model, &steps[0]),
        [
            "end_scan",
            "stop_send",
            "end_transfer",
            "close_session",
            "alert"
        ]
    );
}

#[test]
fn a_timeout_in_one_region_moves_that_region_alone() {
    let model = machine_tests::model(UPLOAD);
    let config = start(&model);
    let (config, step) = apply(&model, config, Input::Expire(timer(&model, "Stalled")))
        .expect("Stalled runs in Sending");
    assert_eq!(state_names(&model, &config.atoms), ["Retrying", "Scanning"]);
    assert_eq!(state_names(&model, &step.exits), ["Sending"]);
    assert_eq!(step.cause, Cause::Timeout(timer(&model, "Stalled")));
    // It no longer runs.
    assert_eq!(
        apply(&model, config, Input::Expire(timer(&model, "Stalled"))).map(|_| ()),
        Err(Refusal::NoTimeout)
    );
}

#[test]
fn a_move_that_leaves_the_parallel_state_loses_to_an_earlier_regions_move() {
    let model = machine_tests::model(REGIONS);
    // L1 -> L2 is picked first (document order); R1 -> Away would leave L1 too: dropped.
    let (config, steps) = walk(&model, start(&model), &["Leave"]);
    assert_eq!(state_names(&model, &config.atoms), ["L2", "R1"]);
    assert!(steps[0].also.is_empty());
    // Now the left region has no move on Leave: the right one's fires, leaving both.
    let (config, _) = walk(&model, config, &["Leave"]);
    assert_eq!(state_names(&model, &config.atoms), ["Away"]);
}

#[test]
fn a_regions_own_move_beats_the_parallel_states_move_picked_before_it() {
    let model = machine_tests::model(REGIONS);
    // From L1 the walk reaches Both's Grab first; from R1, R1's own. R1 lies inside Both, so
    // Both's move is dropped (S26).
    let (config, steps) = walk(&model, start(&model), &["Grab"]);
    assert_eq!(state_names(&model, &config.atoms), ["L1", "R2"]);
    assert_eq!(action_names(&model, &steps[0]), ["grabbed", "enter_r2"]);
    // Once R1 has moved on, both atoms pick Both's move, which fires once.
    let (config, steps) = walk(&model, config, &["Grab"]);
    assert_eq!(state_names(&model, &config.atoms), ["Away"]);
    assert!(steps[0].also.is_empty());
}

#[test]
fn a_move_across_regions_leaves_and_enters_the_parallel_state() {
    let model = machine_tests::model(REGIONS);
    let (config, steps) = walk(&model, start(&model), &["Step", "Cross"]);
    // S24: the domain skips Both; Left starts again at L1.
    assert_eq!(state_names(&model, &config.atoms), ["L1", "R2"]);
    let cross = &steps[1];
    assert_eq!(
        state_names(&model, &cross.exits),
        ["R2", "Right", "L2", "Left", "Both"]
    );
    assert_eq!(
        state_names(&model, &cross.entries),
        ["Both", "Left", "L1", "Right", "R2"]
    );
    assert_eq!(cross.restarts, [timer(&model, "LeftSlow")]);
}

#[test]
fn a_reset_restarts_the_timers_of_its_own_region_only() {
    let model = machine_tests::model(REGIONS);
    let (_, steps) = walk(&model, start(&model), &["Poke"]);
    assert_eq!(steps[0].restarts, [timer(&model, "LeftSlow")]);
    assert!(!steps[0].entered);
}

#[test]
fn a_deep_history_and_the_fault_state_return_to_every_region() {
    let model = machine_tests::model(REGIONS);
    let (away, _) = walk(&model, start(&model), &["Step", "Pause"]);
    assert_eq!(
        away.recorded,
        [(
            state(&model, "Outer"),
            vec![state(&model, "L2"), state(&model, "R2")]
        )]
    );
    let (back, _) = walk(&model, away, &["Return"]);
    assert_eq!(state_names(&model, &back.atoms), ["L2", "R2"]);
    let (faulted, _) = walk(&model, back.clone(), &["Fault"]);
    assert_eq!(faulted.history.as_deref(), Some(back.atoms.as_slice()));
    assert_eq!(faulted.faulted_from(&model), Some(state(&model, "Both")));
    let (resumed, _) = walk(&model, faulted.clone(), &["Resolve"]);
    assert_eq!(resumed.atoms, back.atoms);
    // A resolution to the summary is the return to history (rule S8).
    let (resumed, _) = apply(&model, faulted, Input::ResumeTo(state(&model, "Both")))
        .expect("back to where it faulted from");
    assert_eq!(resumed.atoms, back.atoms);
}

#[test]
fn a_status_poll_of_a_state_in_one_region_completes_the_others() {
    let model = machine_tests::model(REGIONS);
    let polled = Config::polled(&model, state(&model, "R2"));
    assert_legal(&model, &polled);
    assert_eq!(state_names(&model, &polled.atoms), ["L1", "R2"]);
    let polled = Config::polled(&model, state(&model, "Outer"));
    assert_eq!(state_names(&model, &polled.atoms), ["L1", "R1"]);
}

#[test]
fn every_test_path_of_the_parallel_fixtures_keeps_a_legal_configuration() {
    // `Infected` is only passed through (its eventless transition leaves it at once): the
    // path to it is the one whose last input passes through it, in one region.
    for spec in [UPLOAD, REGIONS] {
        let model = machine_tests::model(spec);
        let paths = machine_core::paths::paths(&model);
        let unreached: Vec<&str> = model
            .state_ids()
            .filter(|s| paths.to_state[s.index()].is_none())
            .map(|s| model.state(s).name.spec.as_str())
            .collect();
        assert!(unreached.is_empty(), "{spec}: {unreached:?} unreached");
        for path in paths.to_state.iter().flatten().chain(&paths.cover) {
            for step in &path.steps {
                assert_legal(&model, &step.after);
            }
        }
    }
}

#[test]
fn machine_run_prints_each_regions_move_and_the_configuration() {
    let (code, out, err) = machine(&["run", UPLOAD, "--events", "Reset, Uploaded, ScanOk"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
    let (code, out, err) = machine(&[
        "run",
        REGIONS,
        "--format",
        "json",
        "--events",
        "Step, Pause, Return",
    ]);
    assert_eq!(code, 0, "{err}");
    let last: serde_json::Value =
        serde_json::from_str(out.lines().last().expect("a record")).expect("JSON");
    assert_eq!(last["configuration"], serde_json::json!(["L2", "R2"]));
}

#[test]
fn a_refused_expiry_stops_its_timer_so_a_wait_goes_on() {
    // Rule S7: `Wake`'s expiry is refused (its automatic steps loop, rule S21); the timer
    // stops, so the wait goes on to its end instead of expiring `Wake` again and again.
    let (code, out, err) = machine(&[
        "run",
        "tests/fixtures/semantics/unsettled.yaml",
        "--events",
        "+1m, +1m",
    ]);
    assert_eq!(code, 1, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[1].contains("Wake (after 1m)") && lines[1].contains("do not settle"),
        "{out}"
    );
    assert!(
        lines[2].contains("2m") && lines[2].contains("nothing expires"),
        "{out}"
    );
}

#[test]
fn every_output_carries_parallel_states() {
    // The generated Rust: one state per region, the table-driven microstep, the
    // configuration; the macro expands it without errors.
    let (code, out, err) = machine(&["gen", UPLOAD]);
    assert_eq!(code, 0, "{err}");
    for item in [
        "const WIDTH: usize = 2;",
        "pub fn configuration(self)",
        "pub fn also(&self)",
        "mod engine {",
    ] {
        assert!(out.contains(item), "{item}");
    }
    // The simulator page and the TypeScript module carry them (the JavaScript runtime).
    for (args, parallel) in [
        (
            &["gen", UPLOAD, "--lang", "typescript"][..],
            "\"parallel\": true",
        ),
        (&["sim", UPLOAD], "\"parallel\":true"),
    ] {
        let (code, out, err) = machine(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains(parallel), "{args:?}");
    }
    // The exports carry them: SCXML's `<parallel>`, XState's `type: 'parallel'`.
    for (format, parallel) in [
        ("scxml", "<parallel id=\"Working\""),
        ("xstate", "\"type\": \"parallel\""),
    ] {
        let (code, out, err) = machine(&["export", UPLOAD, "--format", format]);
        assert_eq!(code, 0, "{format}: {err}");
        assert!(out.contains(parallel), "{format}: {out}");
    }
    let source = machine_core::SourceFile::new(
        UPLOAD,
        std::fs::read_to_string(machine_tests::workspace().join(UPLOAD)).expect("the fixture"),
    );
    let (_, errors) = machine_codegen::expand(
        &source,
        &machine_codegen::Options::new(|_| machine_codegen::Figures::default()),
        proc_macro2::Span::call_site(),
    );
    assert!(!errors, "the macro expands parallel states");
}

/// A spec with `regions` regions of `states` states each, every region a cycle on its own
/// event: its configurations are the product, `states ^ regions`.
fn wide(regions: usize, states: usize) -> String {
    use std::fmt::Write as _;
    let mut yaml = String::from(
        "machine: Wide\ninitial: All\nstates:\n  All:\n    parallel: true\n    states:\n",
    );
    let (mut events, mut transitions) = (String::new(), String::new());
    for r in 0..regions {
        let _ = write!(
            yaml,
            "      R{r}:\n        initial: S{r}x0\n        states:\n"
        );
        let _ = writeln!(events, "  E{r}: {{}}");
        for i in 0..states {
            let _ = writeln!(yaml, "          S{r}x{i}: {{}}");
            let next = (i + 1) % states;
            let _ = writeln!(
                transitions,
                "  - {{ from: S{r}x{i}, on: E{r}, to: S{r}x{next} }}"
            );
        }
    }
    format!("{yaml}events:\n{events}transitions:\n{transitions}")
}

#[test]
fn the_search_for_test_paths_refuses_too_many_configurations_with_the_limit_named() {
    let source = machine_core::SourceFile::new("wide.yaml", wide(4, 6));
    let compiled = machine_core::compile(&source);
    assert!(
        compiled.diagnostics.is_empty(),
        "{:?}",
        compiled.diagnostics
    );
    let model = compiled.model.expect("the spec checks clean");
    // 6^4 = 1,296 configurations: within a limit of 2,000, over one of 1,000.
    let found = machine_core::paths::paths_bounded(&model, usize::MAX, 2_000).expect("within");
    assert!(found.to_state.iter().all(Option::is_some));
    let refused = machine_core::paths::paths_bounded(&model, usize::MAX, 1_000)
        .expect_err("more configurations than the limit");
    assert_eq!(
        refused,
        machine_core::paths::TooLarge::Configurations { max: 1_000 }
    );
    assert!(
        refused.to_string().contains("`max-configurations`"),
        "{refused}"
    );
}

#[test]
fn machine_diff_reports_a_region_added_or_removed_as_breaking() {
    let text = std::fs::read_to_string(machine_tests::workspace().join(UPLOAD)).expect("fixture");
    let with_log = text.replace(
        "          Infected: {}\n",
        "          Infected: {}\n      Log:\n        initial: Writing\n        states: { Writing: { final: true } }\n",
    );
    let load = |name: &str, text: &str| {
        machine_diff::Version::read(&machine_core::SourceFile::new(name, text))
            .unwrap_or_else(|d| panic!("{name} does not load: {d:?}"))
    };
    let (old, new) = (load("old.yaml", &text), load("new.yaml", &with_log));
    let words = |d: &machine_diff::Diff| {
        d.changes
            .iter()
            .map(|c| format!("{:?} {} {}", c.impact, c.item, c.detail))
            .collect::<Vec<_>>()
    };
    let added = machine_diff::diff(&old, &new);
    assert!(
        words(&added)
            .contains(&"Breaking parallel state `Working` gains the region `Log`".to_owned()),
        "{:?}",
        words(&added)
    );
    let removed = machine_diff::diff(&new, &old);
    assert!(
        words(&removed)
            .contains(&"Breaking parallel state `Working` loses the region `Log`".to_owned()),
        "{:?}",
        words(&removed)
    );
}
