//! Test paths (`machine paths`): snapshots for the reference specs, full coverage of every good
//! spec, and every path replayed on the interpreter. (`tests/differential` replays them on the
//! generated code.)

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
        for (state, path) in model.states.iter().zip(&found.to_state) {
            let path = path
                .as_ref()
                .unwrap_or_else(|| panic!("{spec}: `{}` unreached", state.name.spec));
            assert_eq!(
                model.state(path.end(&model)).name.spec,
                state.name.spec,
                "{spec}"
            );
        }
        let labels: Vec<String> = found
            .uncovered
            .iter()
            .map(|&i| paths::item_label(&model, i))
            .collect();
        assert!(labels.is_empty(), "{spec}: not covered: {labels:?}");
        let mut covered: Vec<Item> = found
            .cover
            .iter()
            .flat_map(|p| p.steps.iter().map(|s| paths::item_of(&model, s.cause)))
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
            let mut config = Config::start(&model.starts[path.start]);
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
                    (next, taken.cause, asked),
                    (step.after, step.cause, step.guards.clone()),
                    "{spec}"
                );
                config = next;
            }
        }
    }
}
