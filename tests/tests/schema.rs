//! The JSON Schema (`spec/machine.schema.json`, what editors validate with) is equal to the
//! loader: a real validator (the `jsonschema` package, in the venv `.ci/run` makes, reading
//! each file as YAML 1.2 like an editor) accepts every spec, sample and good fixture, accepts
//! the bad fixtures whose problem only the CLI can catch (names that must exist, collisions,
//! the graph rules; listed in `docs/spec-language.md`), and refuses every other bad fixture:
//! their problems are of shape (types, required keys, empty values, patterns of durations and
//! names), or they are not even YAML.

use std::process::Command;

use machine_tests::{skip_without, venv_python, workspace, yaml_files};
use serde_json::Value;

/// The bad fixtures the schema accepts: what is wrong with them only the CLI can tell.
const ONLY_THE_CLI_CATCHES: &[&str] = &[
    "bidi-control",
    "completion-never-happens",
    "compound-fault-state",
    "compound-final",
    "compound-initial-not-child",
    "conflicting-transitions",
    "dead-timeout",
    "dead-timeout-named",
    "dead-timeout-ordered",
    "dead-timeout-spanning",
    "done-on-atomic-state",
    "duplicate-start-name",
    "duplicate-wire-name",
    "duration-order-cycle",
    "eventless-internal",
    "eventless-loop",
    "eventless-loop-completion",
    "fault-resume-transition",
    "fault-same-event",
    "fault-state-final",
    "guard-contradiction",
    "guard-contradiction-timeout",
    "guard-variant-collision",
    "history-default-outside",
    "history-identifier-collision",
    "history-named-like-state",
    "history-on-atomic-state",
    "identifier-collision",
    "invalid-identifier-keyword",
    "named-timeout-twice",
    "no-way-back-to-start",
    "no-way-to-finish",
    "parallel-never-completes",
    "parallel-preempted",
    "parallel-reach",
    "parallel-reentered",
    "parallel-region-not-compound",
    "reset-never-occurs",
    "restarts-unknown-timer",
    "resume-to-history",
    "shadowed-fallback-covered",
    "shadowed-guard-subset",
    "shadowed-same-guards",
    "shadowed-transition",
    "simultaneous-timeouts",
    "spanning-timer-name-clash",
    "spanning-timer-reset-never-occurs",
    "spanning-timer-to-inside",
    "spanning-timer-unknown-state",
    "star-conflicting-transitions",
    "star-shadowed-transition",
    "transition-from-final",
    "trap-state",
    "unknown-action",
    "unknown-duration",
    "unknown-event",
    "unknown-guard",
    "unknown-initial-state",
    "unknown-state-no-suggestion",
    "unknown-state-typo",
    "unreachable-state",
    "unsettled-start",
    "unused-duration",
    "unused-event",
    "unused-guard",
    "unused-history",
];

/// Each file's result: `None` when it is not YAML, else the schema's errors.
fn validate(files: &[String]) -> Option<Vec<(String, Option<Vec<String>>)>> {
    let Some(python) = venv_python() else {
        skip_without("jsonschema (the venv tests/engines/.venv that .ci/run makes)");
        return None;
    };
    let root = workspace();
    let output = Command::new(python)
        .current_dir(&root)
        .arg("tests/engines/validate_schema.py")
        .arg("spec/machine.schema.json")
        .args(files)
        .output()
        .expect("the venv's python runs");
    assert!(
        output.status.success(),
        "validate_schema.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Value = serde_json::from_slice(&output.stdout).expect("JSON results");
    Some(
        files
            .iter()
            .map(|file| {
                let result = &results[file.as_str()];
                let errors = (result["read"] == Value::Bool(true)).then(|| {
                    result["errors"]
                        .as_array()
                        .expect("a list of errors")
                        .iter()
                        .map(|e| e.as_str().unwrap_or_default().to_owned())
                        .collect()
                });
                (file.clone(), errors)
            })
            .collect(),
    )
}

#[test]
fn every_good_spec_is_valid_under_the_schema() {
    let mut files = yaml_files("spec");
    files.extend(yaml_files("tests/fixtures/good"));
    assert!(files.len() >= 16);
    let Some(results) = validate(&files) else {
        return;
    };
    for (file, errors) in results {
        assert_eq!(errors, Some(Vec::new()), "{file}");
    }
}

#[test]
fn the_schema_refuses_every_bad_fixture_of_shape_and_accepts_the_rest() {
    let files = yaml_files("tests/fixtures/bad");
    let stem = |file: &str| {
        file.rsplit('/')
            .next()
            .and_then(|n| n.strip_suffix(".yaml"))
            .unwrap_or_default()
            .to_owned()
    };
    let stems: Vec<String> = files.iter().map(|f| stem(f)).collect();
    for name in ONLY_THE_CLI_CATCHES {
        assert!(stems.iter().any(|s| s == name), "no fixture `{name}`");
    }
    let Some(results) = validate(&files) else {
        return;
    };
    for (file, errors) in results {
        if ONLY_THE_CLI_CATCHES.contains(&stem(&file).as_str()) {
            assert_eq!(
                errors,
                Some(Vec::new()),
                "{file}: only the CLI should catch it"
            );
        } else {
            assert!(
                errors.as_ref().is_none_or(|e| !e.is_empty()),
                "{file}: a problem of shape, but the schema accepts it"
            );
        }
    }
}
