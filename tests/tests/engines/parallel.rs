//! Parallel states (rules S22 to S29) in the engines: the exports of the parallel fixtures
//! (`tests/fixtures/parallel`) and of 240 generated parallel specs
//! (`machine_tests::nestedgen::parallel`), every test path replayed in python-statemachine (its
//! configuration, the actions in order and the timeouts' instants after each step) and, where
//! the `XState` export has no gap (W0305), in `XState`; and snapshots of both exports.

use std::path::Path;

use machine_core::{Model, SourceFile, compile};
use machine_export::xstate;
use machine_tests::{machine, skip_without, venv_python, workspace, yaml_files};

use super::python::replay_in_python;
use super::{has_xstate, replay_in_xstate};

/// The spec whose parallel state the `XState` export cannot follow (W0305), which SCXML
/// carries.
const GAPS: &str = "tests/fixtures/export/xstate-parallel-gaps.yaml";

/// The parallel fixtures, with their models.
fn parallel_specs() -> Vec<(String, Model)> {
    yaml_files("tests/fixtures/parallel")
        .into_iter()
        .chain([GAPS.to_owned()])
        .map(|relative| {
            let text = std::fs::read_to_string(workspace().join(&relative)).expect("readable");
            let model = compile(&SourceFile::new(relative.clone(), text))
                .model
                .unwrap_or_else(|| panic!("{relative} is a good spec"));
            assert!(model.has_parallel(), "{relative} has a parallel state");
            (relative, model)
        })
        .collect()
}

/// python-statemachine 3.2.2 departs from the W3C algorithm in three places once states are
/// parallel; `scxml_replay.py` puts them right. Its `--self-check` runs a small document for
/// each: the engine must depart without the change and follow the W3C algorithm with it, so a
/// change that is no longer needed, or that does not do what it says, fails here first.
fn self_check(python: &Path) {
    let script = workspace().join("tests/engines/scxml_replay.py");
    let output = std::process::Command::new(python)
        .arg(&script)
        .arg("--self-check")
        .output()
        .expect("the venv's python runs");
    assert!(
        output.status.success(),
        "the changes to python-statemachine: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let checks: Vec<String> = serde_json::from_slice(&output.stdout).expect("a JSON list");
    assert_eq!(checks.len(), 3, "{checks:?}");
}

#[test]
fn parallel_specs_agree_with_python_statemachine() {
    let Some(python) = venv_python() else {
        skip_without("python-statemachine (the venv tests/engines/.venv that .ci/run makes)");
        return;
    };
    self_check(&python);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scxml-parallel");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let specs = parallel_specs();
    assert!(specs.len() >= 4, "{} parallel fixtures", specs.len());
    for (relative, model) in &specs {
        let r = replay_in_python(&python, &dir, relative, model);
        assert!(r.paths > 0 && r.steps > 0, "{relative}");
        eprintln!(
            "{relative}: {} paths ({} cut where the clock leads elsewhere) and {} timed \
             scenarios ({} steps, {} actions, {} expiries, {} automatic steps) replayed in \
             python-statemachine",
            r.paths, r.cut, r.scenarios, r.steps, r.actions, r.expiries, r.automatic
        );
    }
}

#[test]
fn parallel_specs_without_a_gap_agree_with_xstate() {
    if !has_xstate() {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xstate-parallel");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let mut replayed = 0;
    for (relative, model) in parallel_specs() {
        let gaps = xstate::gaps(&model);
        if std::env::var("HIST").is_ok() {
            for g in &gaps {
                eprintln!("GAP {}", g.message.chars().take(60).collect::<String>());
            }
            if gaps.is_empty() {
                eprintln!("GAP none");
            }
            continue;
        }
        if !gaps.is_empty() {
            eprintln!("{relative}: {} XState gaps, not replayed", gaps.len());
            continue;
        }
        let Some(r) = replay_in_xstate(&dir, &relative, &model) else {
            return;
        };
        replayed += 1;
        eprintln!(
            "{relative}: {} paths ({} steps) replayed in XState; @xstate/graph: {} shortest \
             paths to {} configurations",
            r.paths, r.steps, r.shortest, r.distinct
        );
    }
    assert!(
        replayed >= 2,
        "{replayed} parallel fixtures replayed in XState"
    );
}

/// Both exports of each parallel fixture, as snapshots: SCXML's `<parallel>` with its regions,
/// `XState`'s `type: 'parallel'`.
#[test]
fn machine_export_prints_parallel_states() {
    for (relative, _) in parallel_specs().into_iter().filter(|(r, _)| r != GAPS) {
        let name = Path::new(&relative)
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a file name");
        for format in ["scxml", "xstate"] {
            let (code, out, err) = machine(&["export", "--format", format, &relative]);
            assert_eq!(code, 0, "{relative}: {err}");
            // Beside the other export snapshots.
            insta::with_settings!({ snapshot_path => "../snapshots" }, {
                insta::assert_snapshot!(format!("export-{format}-{name}"), out);
            });
        }
    }
}

/// Where `XState` departs from rules S24 to S26 with parallel states, the export warns
/// (W0305), located, and is written all the same; the SCXML export has no such gap.
#[test]
fn machine_export_xstate_warns_where_parallel_states_depart() {
    let (code, out, err) = machine(&["export", "--format", "xstate", GAPS]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"type\": \"parallel\""), "{out}");
    for (at, what) in [
        (
            "38:26",
            "fires beside the transitions of `Syncing`'s regions on `Progress`",
        ),
        (
            "41:27",
            "XState takes the regions of `Syncing` in the order of their names",
        ),
        (
            "42:25",
            "this move leaves `Syncing` and enters it again (rule S24)",
        ),
        ("43:26", "which also enters the states inside it again"),
    ] {
        assert!(
            err.contains(&format!("{GAPS}:{at}")) && err.contains(what),
            "{at}: {what}\n{err}"
        );
    }
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!("export-xstate-parallel-gaps", err);
    });
    let (code, _, err) = machine(&["export", "--format", "scxml", GAPS]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("W0305"), "the SCXML export has no gap: {err}");
    // A return to a parallel state's own history from inside it.
    let inside = "tests/fixtures/parallel/history-default.yaml";
    let (code, _, err) = machine(&["export", "--format", "xstate", inside]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("{inside}:39:24"))
            && err.contains("recording where the machine is and returning there (rule S29)"),
        "{err}"
    );
    for spec in ["upload", "regions", "player"] {
        let model = machine_tests::model(&format!("tests/fixtures/parallel/{spec}.yaml"));
        let gaps = xstate::gaps(&model);
        assert!(gaps.is_empty(), "{spec}: {gaps:#?}");
    }
}

/// How many generated parallel specs the oracles replay.
const GENERATED_PARALLEL: u64 = 240;

/// The specs `machine_tests::nestedgen::parallel` generates, with their names.
fn generated_parallel() -> impl Iterator<Item = (String, Model)> {
    (0..GENERATED_PARALLEL).map(|seed| {
        let name = format!("generated/parallel-{seed}.yaml");
        let yaml = machine_tests::nestedgen::parallel::spec(seed);
        let compiled = compile(&SourceFile::new(name.clone(), yaml.clone()));
        let model = compiled
            .model
            .unwrap_or_else(|| panic!("{name} checks clean:\n{yaml}\n{:#?}", compiled.diagnostics));
        (name, model)
    })
}

/// The independent oracle on generated specs with parallel states (a parallel state at the
/// top or inside a compound state, one inside a region, events several regions take,
/// conflicts, moves across regions and into them, completions of regions and parallel states,
/// timeouts in regions and on parallel states, history states of them and around them, fault
/// states): every test path of each, replayed in python-statemachine's SCXML processor, reaches
/// the interpreter's configurations, runs its actions in its order and schedules each timeout
/// for the same instant, and so does each timed scenario.
#[test]
fn generated_parallel_specs_agree_with_python_statemachine() {
    let Some(python) = venv_python() else {
        skip_without("python-statemachine (the venv tests/engines/.venv that .ci/run makes)");
        return;
    };
    self_check(&python);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scxml-generated-parallel");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let (mut specs, mut parallel, mut paths, mut cut) = (0, 0, 0, 0);
    let (mut steps, mut actions, mut expiries, mut automatic) = (0, 0, 0, 0);
    for (name, model) in generated_parallel() {
        let r = replay_in_python(&python, &dir, &name, &model);
        specs += 1;
        parallel += usize::from(model.has_parallel());
        (paths, cut, steps) = (paths + r.paths, cut + r.cut, steps + r.steps);
        (actions, expiries) = (actions + r.actions, expiries + r.expiries);
        automatic += r.automatic;
    }
    eprintln!(
        "{specs} generated parallel specs: {paths} paths ({cut} cut where the clock leads \
         elsewhere), {steps} steps ({automatic} automatic steps after them), {actions} actions, \
         {expiries} expiries replayed in python-statemachine"
    );
    assert!(
        parallel >= 200 && paths >= 4000 && cut * 10 < paths,
        "of {specs} specs {parallel} have a parallel state; {paths} paths, {cut} cut"
    );
}

/// The generated parallel specs the `XState` export has no gap for (W0305), replayed in
/// `XState`: every test path reaches the interpreter's configurations, and `@xstate/graph`
/// reaches the configurations the machine can rest in.
#[test]
fn generated_parallel_specs_without_a_gap_agree_with_xstate() {
    if !has_xstate() {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xstate-generated-parallel");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let (mut specs, mut gapped, mut paths, mut steps) = (0, 0, 0, 0);
    for (name, model) in generated_parallel() {
        if !xstate::gaps(&model).is_empty() {
            gapped += 1;
            continue;
        }
        let Some(r) = replay_in_xstate(&dir, &name, &model) else {
            return;
        };
        (specs, paths, steps) = (specs + 1, paths + r.paths, steps + r.steps);
    }
    eprintln!(
        "{specs} generated parallel specs without an XState gap ({gapped} with one): {paths} \
         paths, {steps} steps replayed in XState"
    );
    assert!(
        specs >= 10,
        "{specs} generated parallel specs without a gap"
    );
}
