//! `machine coverage`: what a recorded tracker trace (`tests/fixtures/traces/`, written by
//! `generated-example --trace`) exercised, for both reference specs; the DOT with coverage; a
//! trace the spec cannot explain (exit 1) and a trace that is not JSON lines (exit 2, located).

use machine_tests::machine;

#[test]
fn a_recorded_tracker_trace_on_both_specs() {
    for trace in ["clean-import", "closed-with-errors"] {
        for spec in ["job", "drive"] {
            let (code, out, err) = machine(&[
                "coverage",
                &format!("spec/import-export/{spec}.yaml"),
                &format!("tests/fixtures/traces/{trace}.jsonl"),
            ]);
            assert_eq!((code, err.as_str()), (0, ""), "{trace} on {spec}");
            insta::assert_snapshot!(format!("{trace}__{spec}"), out);
        }
    }
}

#[test]
fn the_dot_greys_what_the_trace_did_not_exercise() {
    let dir = std::env::temp_dir().join(format!("machine-coverage-{}", std::process::id()));
    let dot = dir.join("job.dot");
    let (code, _, err) = machine(&[
        "coverage",
        "spec/import-export/job.yaml",
        "tests/fixtures/traces/clean-import.jsonl",
        "--dot",
        dot.to_str().expect("a UTF-8 temporary path"),
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    let text = std::fs::read_to_string(&dot).expect("the DOT was written");
    let _ = std::fs::remove_dir_all(&dir);
    let grey = "color=\"#c8ccd0\"";
    let line = |start: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(start))
            .unwrap_or_else(|| panic!("no line {start}"))
            .to_owned()
    };
    assert!(line("\"Closed\" [").contains(grey), "Closed was never seen");
    assert!(!line("\"Completed\" [").contains(grey), "Completed was");
    assert!(line("\"Creating\" -> \"Shipping\"").contains("penwidth=2"));
    assert!(line("\"Packaging\" -> \"Closed\"").contains(grey));
    assert!(line("\"fault:any\" -> \"Faulted\"").contains(grey));
    assert!(text.contains("coverage: 6 of 8 states, 5 of 20 transitions and timeouts"));
}

#[test]
fn a_step_the_spec_does_not_allow_is_reported_with_its_line() {
    let dir = std::env::temp_dir().join(format!("machine-coverage-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let trace = dir.join("trace.jsonl");
    std::fs::write(
        &trace,
        "{\"state\": \"Creating\"}\n\n{\"state\": \"Received\", \"event\": \"MarkShipping\"}\n\
         {\"state\": \"Shiping\"}\n{\"machine\": \"Drive\", \"state\": \"Nowhere\"}\n\
         {\"state\": \"Transferring\", \"event\": \"TransferStarted\"}\n",
    )
    .expect("write trace");
    let (code, out, _) = machine(&[
        "coverage",
        "spec/import-export/job.yaml",
        trace.to_str().expect("UTF-8"),
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let problems: Vec<(u64, String)> = json["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            (
                p["line"].as_u64().unwrap(),
                p["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert_eq!(problems[0].0, 3);
    assert!(
        problems[0]
            .1
            .contains("cannot take the object from `Creating` to `Received`")
    );
    assert_eq!(problems[1].0, 4);
    assert!(problems[1].1.contains("did you mean `Shipping`?"));
    // After an unknown state there is nothing to leave; the drive line is skipped.
    assert_eq!(problems[2].0, 6);
    assert!(problems[2].1.contains("no state before it"));
    assert_eq!(json["lines"], 4);

    std::fs::write(&trace, "{\"state\": \"Creating\"}\n{\"state\": 3}\n").expect("write");
    let (code, _, err) = machine(&[
        "coverage",
        "spec/import-export/job.yaml",
        trace.to_str().unwrap(),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 2);
    assert!(
        err.contains("trace.jsonl:2:1: expected `state` as a string"),
        "{err}"
    );
}

/// A trace of a nested spec: a state counts as seen with every state around it, a status
/// that reports a compound state is a sighting of it (and of its initial state), and a step
/// that lands inside a reported compound state is the step the spec allows.
#[test]
fn a_trace_of_a_nested_spec_sees_the_states_around() {
    let dir = std::env::temp_dir().join(format!("machine-coverage-nested-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let trace = dir.join("trace.jsonl");
    std::fs::write(
        &trace,
        "{\"state\": \"Open\"}\n{\"state\": \"Packing\", \"event\": \"Pay\"}\n\
         {\"state\": \"Boxing\", \"event\": \"Box\"}\n{\"state\": \"Shipped\", \"event\": \"Ship\"}\n",
    )
    .expect("write trace");
    let (code, out, err) = machine(&[
        "coverage",
        "tests/fixtures/nested/semantics.yaml",
        trace.to_str().expect("UTF-8"),
        "--format",
        "json",
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 0, "{out}{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let names = |key: &str| -> Vec<String> {
        json["states"][key]
            .as_array()
            .unwrap_or_else(|| panic!("{key} in {json}"))
            .iter()
            .map(|s| s.as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let seen = names("exercised");
    for state in ["Open", "Pending", "Packing", "Picking", "Boxing", "Shipped"] {
        assert!(seen.contains(&state.to_owned()), "{state} in {seen:?}");
    }
    assert!(
        json["problems"].as_array().is_some_and(Vec::is_empty),
        "{json}"
    );
}

/// Rules S20 and S21: a status API never reports the states an input only passes through
/// (`Picked`, where the job's condition is evaluated, and `Finished`, which completes
/// `InProgress`), yet the run was in them, and took their automatic transitions.
#[test]
fn a_trace_exercises_the_states_an_input_passes_through() {
    let (code, out, err) = machine(&[
        "coverage",
        "spec/samples/check-run.yaml",
        "tests/fixtures/traces/check-run.jsonl",
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!("check-run", out);
}
