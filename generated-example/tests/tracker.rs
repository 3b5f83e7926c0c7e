//! The status-poll tracker on every sample (snapshots of its report), and its errors on
//! input it cannot read.

use std::path::Path;

use generated_example::{InputError, track};

/// The report for `text`, as the binary prints it: the report, then the summary or the error.
fn run(text: &str) -> String {
    let mut out = String::new();
    let end = match track(text, &mut out) {
        Ok(summary) => format!("=> {summary:?}\n"),
        Err(error) => format!("error: {error}\n"),
    };
    out + &end
}

#[test]
fn every_sample() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut samples: Vec<_> = std::fs::read_dir(&dir)
        .expect("samples/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    samples.sort();
    assert!(
        samples.len() >= 4,
        "the four samples of the issue, at least"
    );
    for path in samples {
        let name = path
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("read sample");
        insta::assert_snapshot!(name, run(&text));
    }
}

#[test]
fn the_samples_say_what_they_are_named_for() {
    let sample = |name: &str| {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("samples")
                .join(name),
        )
        .expect("read sample");
        let mut out = String::new();
        let summary = track(&text, &mut out);
        (summary, out)
    };
    let (summary, _) = sample("clean-import.json");
    let summary = summary.expect("readable");
    assert_eq!((summary.jumps, summary.impossible), (0, 0));
    let (summary, out) = sample("impossible-jump.json");
    assert_eq!(summary.expect("readable").impossible, 2);
    assert!(out.contains(
        "job: Shipping -> Completed: legal jump, skipped Received, Transferring, Packaging"
    ));
    let (summary, out) = sample("closed-with-errors.json");
    assert_eq!(summary.expect("readable").impossible, 0);
    assert!(out.contains("job: Packaging -> Closed: legal transition (DrivesShippedBack)"));
    assert!(out.contains("Faulted -> Transferring: legal jump, skipped Received"));
    let (summary, _) = sample("unknown-state.json");
    assert_eq!(
        summary.unwrap_err(),
        InputError {
            poll: Some(2),
            field: Some("DriveList[0].State".into()),
            message: r#"unknown Drive state: "Lost""#.into()
        }
    );
}

#[test]
fn unreadable_input_names_the_poll_and_the_field() {
    let error = |text: &str| {
        let mut out = String::new();
        track(text, &mut out)
            .expect_err("the input is unreadable")
            .to_string()
    };
    assert!(error("[{\"State\": ").starts_with("not valid JSON: "));
    assert_eq!(
        error("{\"State\": \"Creating\"}"),
        "expected a JSON array of Get Job responses"
    );
    assert_eq!(
        error("[42]"),
        "poll 1: expected a Get Job response (a JSON object), found 42"
    );
    assert_eq!(error("[{}]"), "poll 1, field `State`: missing");
    assert_eq!(
        error(r#"[{"State": "Creating"}, {"State": 3}]"#),
        "poll 2, field `State`: expected a state name (a string), found 3"
    );
    assert_eq!(
        error(r#"[{"State": "creating"}]"#),
        r#"poll 1, field `State`: unknown Job state: "creating""#
    );
    assert_eq!(
        error(r#"[{"State": "Creating", "DriveList": {}}]"#),
        "poll 1, field `DriveList`: expected an array, found {}"
    );
    assert_eq!(
        error(r#"[{"State": "Creating", "DriveList": [{"DriveId": "A"}]}]"#),
        "poll 1, field `DriveList[0].State`: missing"
    );
    assert_eq!(
        error(
            r#"[{"State": "Creating", "DriveList": [{"State": "Specified", "PercentComplete": 140}]}]"#
        ),
        "poll 1, field `DriveList[0].PercentComplete`: expected a number from 0 to 100, found 140"
    );
    assert_eq!(
        error(r#"[{"State": "Creating", "ErrorLogUri": 7}]"#),
        "poll 1, field `ErrorLogUri`: expected a string, found 7"
    );
}

#[test]
fn an_empty_sequence_is_no_change() {
    let mut out = String::new();
    assert_eq!(track("[]", &mut out).expect("readable").transitions, 0);
    assert_eq!(
        out,
        "0 polls: 0 legal transitions, 0 legal jumps, 0 impossible\n"
    );
}

/// The tracker writes the traces `machine coverage` is tested on
/// (`tests/fixtures/traces/`), byte for byte.
#[test]
fn the_tracker_writes_the_checked_in_traces() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["clean-import", "closed-with-errors"] {
        let text =
            std::fs::read_to_string(root.join(format!("samples/{name}.json"))).expect("sample");
        let mut trace = String::new();
        generated_example::track_with_trace(&text, &mut String::new(), &mut trace).expect("tracks");
        let fixture = root.join(format!("../tests/fixtures/traces/{name}.jsonl"));
        let checked_in = std::fs::read_to_string(&fixture).expect("fixture");
        assert_eq!(
            trace,
            checked_in,
            "{} is stale: run `cargo run -p generated-example -- generated-example/samples/{name}.json --trace tests/fixtures/traces/{name}.jsonl`",
            fixture.display()
        );
        assert!(
            trace.lines().any(|l| l.contains("\"event\"")),
            "{name}: events are recorded"
        );
    }
}
