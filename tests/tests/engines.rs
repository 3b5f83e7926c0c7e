//! Exports (`machine export`) loaded into real state-machine engines that no one here wrote,
//! and the test paths (`machine_core::paths`) replayed there: the `xstate` v5 package under node
//! (`tests/engines`), whose `@xstate/graph` also computes its own shortest paths, whose reached
//! states must be ours. Over the reference specs, the samples and the good fixtures; plus a
//! snapshot of the job spec's export.
//!
//! A missing engine (node and `tests/engines/node_modules`) skips its test locally; with
//! `MACHINE_REQUIRE_TOOLS` set, as `.ci/run` does, it fails instead.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use machine_core::render::xstate;
use machine_core::{Model, SourceFile, compile, paths};
use machine_tests::{machine, workspace, yaml_files};
use serde_json::{Value, json};

fn good_specs() -> Vec<(String, Model)> {
    ["spec", "tests/fixtures/good"]
        .iter()
        .flat_map(|dir| yaml_files(dir))
        .map(|relative| {
            let text = std::fs::read_to_string(workspace().join(&relative)).expect("readable");
            let model = compile(&SourceFile::new(relative.clone(), text))
                .model
                .unwrap_or_else(|| panic!("{relative} is a good spec"));
            (relative, model)
        })
        .collect()
}

/// Whether a test may skip when `tool` is missing: not when `.ci/run` requires every tool.
fn skip_without(tool: &str) -> bool {
    assert!(
        std::env::var_os("MACHINE_REQUIRE_TOOLS").is_none(),
        "{tool} is required (MACHINE_REQUIRE_TOOLS is set) but not installed"
    );
    eprintln!("{tool} is not installed: the exports are not replayed");
    true
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
            json!({
                "state": model.state(model.starts[p.start].state).name.spec,
                "steps": paths::describe(model, p).steps,
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
        let ours: BTreeSet<String> = model
            .states
            .iter()
            .zip(&found.to_state)
            .filter(|(_, p)| p.is_some())
            .map(|(s, _)| s.name.spec.clone())
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
