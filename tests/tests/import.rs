//! `machine import --from scxml`: a foreign chart becomes a spec that checks, runs and
//! generates code (with the waivers SCXML needs, naming the source); what a spec cannot carry
//! is refused, located; and exporting a spec to SCXML then importing it gives the same model
//! (`machine diff` finds no change, wire names, docs and named durations included), on the
//! repository's specs and 240 generated nested ones (with history states, final states inside
//! compound states, eventless and completion transitions, and fault states).

use std::fmt::Write as _;

use machine_core::{SourceFile, compile};
use machine_diff::Version;
use machine_export::import::{self, Refused};
use machine_export::scxml;
use machine_tests::{machine, nestedgen, workspace, yaml_files};

#[path = "import/automatic.rs"]
mod automatic;
#[path = "import/fault.rs"]
mod fault;
#[path = "import/parallel.rs"]
mod parallel;
#[path = "import/restarts.rs"]
mod restarts;

const INSTANCE: &str = "tests/fixtures/import/instance.scxml";
/// A spec with what SCXML has no place for, in texts that need escaping.
const ODD: &str = "tests/fixtures/import/odd-names.yaml";

#[test]
fn a_foreign_chart_becomes_a_spec_that_checks_runs_and_generates() {
    let (code, spec, err) = machine(&["import", "--from", "scxml", INSTANCE]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("import-instance", spec);
    // Ids that are not identifiers keep their text as the wire name; the state SCXML leaves
    // unreachable and without a way out is waived, naming the source.
    assert!(
        spec.contains("ShuttingDown:\n    wire: \"shutting-down\""),
        "{spec}"
    );
    assert!(
        spec.contains(&format!(
            "unreachable-state: \"SCXML allows it: imported from {INSTANCE}\""
        )),
        "{spec}"
    );
    let path = std::env::temp_dir().join(format!("machine-import-{}.yaml", std::process::id()));
    std::fs::write(&path, &spec).expect("a scratch file");
    let path = path.to_string_lossy().into_owned();
    let (code, _, err) = machine(&["check", "--deny-warnings", &path]);
    assert_eq!(code, 0, "{err}");
    let (code, run, err) = machine(&[
        "run",
        &path,
        "--events",
        "Launched, ApiStop[ebs_backed], +10m, ApiStart, ApiTerminate, ShutDown",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        run.contains("StopTimer (after 10m)  Stopping -> Stopped (timeout)")
            && run.contains(
                "Pending -> ShuttingDown; actions: release_private_ip, delete_root_volume"
            )
            && run.ends_with("now in Terminated (every input accepted)\n"),
        "{run}"
    );
    let (code, rust, err) = machine(&["gen", &path]);
    assert_eq!(code, 0, "{err}");
    assert!(rust.contains("pub enum State"), "{rust}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn what_a_spec_cannot_carry_is_refused_located() {
    let file = "tests/fixtures/import/refused.scxml";
    let (code, out, err) = machine(&["import", "--from", "scxml", file]);
    assert_eq!(code, 1, "{out}");
    assert!(out.is_empty(), "{out}");
    insta::assert_snapshot!("import-refused", err);
    for (at, what) in [
        ("3:3", "`<datamodel>`"),
        ("7:5", "`retries < 3` is an expression"),
        (
            "11:5",
            "region `left` of parallel state `busy` has no states inside it",
        ),
        (
            "12:5",
            "region `right` of parallel state `busy` has no states inside it",
        ),
        ("17:7", "`<assign>`"),
        (
            "19:5",
            "history state `back` belongs to `waiting`, which has no states inside it",
        ),
        (
            "23:7",
            "the default of history state `resume` is `idle`, which is not a state inside `open`",
        ),
        (
            "26:7",
            "the default transition of history state `again` runs actions",
        ),
        (
            "31:7",
            "a transition to a history state and other states at once",
        ),
    ] {
        assert!(
            err.contains(&format!("{file}:{at}")) && err.contains(what),
            "{at} {what}:\n{err}"
        );
    }
}

/// Asserts that importing `text` (as `doc.scxml`) is refused with a finding at `at`
/// (`line:column`) that says `what`.
fn refused_at(text: &str, at: &str, what: &str) {
    let source = SourceFile::new("doc.scxml", text.to_owned());
    let Err(Refused::Document(findings)) = import::scxml(&source) else {
        panic!("{text} was imported");
    };
    let shown: Vec<String> = findings
        .iter()
        .map(|d| d.display(&source).to_string())
        .collect();
    assert!(
        shown
            .iter()
            .any(|d| d.contains(&format!("doc.scxml:{at}")) && d.contains(what)),
        "{text}: {shown:#?}"
    );
}

/// Runs each script of `cases` on the spec at `path` with `machine run`, as the document's
/// engine would: each is accepted and ends in its state.
fn runs_to(path: &str, cases: &[(&str, &str)]) {
    for &(events, ends_in) in cases {
        let (code, run, err) = machine(&["run", path, "--events", events]);
        assert_eq!(code, 0, "{events}: {err}");
        assert!(
            run.contains(&format!("now in {ends_in} ")),
            "{events} ends in {ends_in}:\n{run}"
        );
    }
}

#[test]
fn a_document_that_is_not_scxml_is_refused_located() {
    for (text, at, what) in [
        (
            "<scxml><state id=\"a\">\n</scxml>",
            "2:1",
            "not well-formed XML",
        ),
        (
            "<?xml version=\"1.0\"?>\n<html/>",
            "2:1",
            "not an SCXML `<scxml>`",
        ),
        (
            "<scxml xmlns=\"http://www.w3.org/2005/07/scxml\" version=\"1.0\"/>",
            "1:1",
            "the chart has no state",
        ),
    ] {
        refused_at(text, at, what);
    }
}

#[test]
fn states_nested_deeper_than_a_spec_holds_are_refused() {
    let depth = 40;
    let text = format!(
        "<scxml xmlns=\"http://www.w3.org/2005/07/scxml\" version=\"1.0\">\n{}{}</scxml>",
        (0..depth).fold(String::new(), |mut open, i| {
            let _ = writeln!(open, "<state id=\"s{i}\">");
            open
        }),
        "</state>\n".repeat(depth)
    );
    let source = SourceFile::new("deep.scxml", text);
    let Err(Refused::Document(findings)) = import::scxml(&source) else {
        panic!("a chart 40 states deep was imported");
    };
    let shown = findings[0].display(&source).to_string();
    assert!(
        shown.contains("deep.scxml:30:1")
            && shown.contains("states nest deeper than a spec can hold (28 levels)"),
        "{shown}"
    );
}

/// What [`round_trip`] carried: the spec's history states, whether a transition goes to
/// one through the export's transient state (`machine.recall.*`), whether it has
/// automatic transitions (rules S20, S21: `<final>` inside a state, eventless and
/// `done.state.ID` transitions), and whether it has a fault state (the export's
/// `machine.lifecycle` wrapper, read back as `fault:`).
struct Carried {
    histories: usize,
    detours: bool,
    automatic: bool,
    fault: bool,
}

/// Exports `yaml` to SCXML, imports it, and asserts that `machine diff` finds no change at
/// all (wire names and their aliases, `wire_case`, named durations, and the docs of events,
/// guards and actions, and events and actions nothing uses, included); `None` when the spec
/// cannot be exported or carried back (incidents, a spanning timer), which the callers count.
fn round_trip(name: &str, yaml: &str) -> Option<Carried> {
    let source = SourceFile::new(name, yaml);
    let Some(model) = compile(&source).model else {
        panic!("{name} does not compile");
    };
    if !model.incidents.is_empty() || machine_export::unexportable(&model, "SCXML").is_some() {
        return None;
    }
    let document = SourceFile::new(format!("{name}.scxml"), scxml::render(&model));
    let imported = match import::scxml(&document) {
        Ok(spec) => spec,
        Err(Refused::Document(findings) | Refused::Spec(_, findings)) => panic!(
            "{name}: its SCXML export is refused: {:#?}\n{}",
            findings,
            document.text()
        ),
    };
    let old = Version::read(&source).expect("the original");
    let new = Version::read(&SourceFile::new(
        format!("{name} (imported)"),
        imported.clone(),
    ))
    .unwrap_or_else(|e| panic!("{name}: the import does not load: {e:#?}\n{imported}"));
    let diff = machine_diff::diff(&old, &new);
    assert!(
        diff.changes.is_empty(),
        "{name}: export then import changed it:\n{}\n{imported}",
        machine_diff::render::human(&diff, false)
    );
    Some(Carried {
        histories: model.histories.len(),
        detours: model.transitions.iter().any(|t| match t.target {
            machine_core::model::Target::Recall(h) => machine_export::detours(&model, t.from, h),
            _ => false,
        }),
        automatic: model.has_automatic(),
        fault: model.fault.is_some(),
    })
}

#[test]
fn export_then_import_gives_the_same_model() {
    let mut specs: Vec<(String, String)> = Vec::new();
    for dir in [
        "spec/import-export",
        "spec/samples",
        "tests/fixtures/good",
        "tests/fixtures/nested",
    ] {
        for path in yaml_files(dir) {
            let text = std::fs::read_to_string(workspace().join(&path)).expect("readable");
            specs.push((path, text));
        }
    }
    let repository: Vec<(&str, Carried)> = specs
        .iter()
        .filter_map(|(name, yaml)| Some((name.as_str(), round_trip(name, yaml)?)))
        .collect();
    // What SCXML has no place for, carried in the `m:` namespace: wire aliases and
    // `wire_case` (the pull request), named durations in order (the timer features), a final
    // state with timeouts, and events, guards and actions with docs everywhere.
    let carried: Vec<&str> = repository.iter().map(|(name, _)| *name).collect();
    for spec in [
        "spec/samples/pull-request.yaml",
        "tests/fixtures/good/wire-aliases.yaml",
        "tests/fixtures/good/named-durations.yaml",
        "tests/fixtures/good/timer-features.yaml",
        "tests/fixtures/nested/history.yaml",
        "tests/fixtures/nested/automatic.yaml",
        // Fault states: with `resume_to`, with `from: "*"`, and in a nested spec (a deep
        // history).
        "spec/samples/order.yaml",
        "tests/fixtures/good/star-groups.yaml",
        "tests/fixtures/nested/semantics.yaml",
    ] {
        assert!(
            carried.contains(&spec),
            "{spec} does not round trip: {carried:#?}"
        );
    }
    assert!(
        repository.len() >= 13 && repository.iter().any(|(_, c)| c.histories >= 3),
        "{} of the repository's specs round trip, history.yaml among them",
        repository.len()
    );
    let generated: Vec<Carried> = (0..240)
        .filter_map(|seed| round_trip(&format!("nested/{seed}"), &nestedgen::spec(seed)))
        .collect();
    let histories = generated.iter().filter(|c| c.histories > 0).count();
    let detours = generated.iter().filter(|c| c.detours).count();
    let automatic = generated.iter().filter(|c| c.automatic).count();
    let faults = generated.iter().filter(|c| c.fault).count();
    eprintln!(
        "{} repository specs ({} with a fault state) and {} generated nested specs round trip \
         ({histories} with history states, {detours} through the export's way to one from deep \
         inside its compound state, {automatic} with automatic transitions, {faults} with a \
         fault state)",
        repository.len(),
        repository.iter().filter(|(_, c)| c.fault).count(),
        generated.len()
    );
    assert!(
        generated.len() >= 200
            && histories >= 100
            && detours >= 10
            && automatic >= 100
            && faults >= 50,
        "{} generated nested specs round trip, {histories} with history states, {detours} \
         through the export's way to a history from deep inside its compound state, \
         {automatic} with automatic transitions, {faults} with a fault state",
        generated.len()
    );
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        cases: 512,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    })]

    /// No document makes the import panic: the foreign fixture and the exports of two
    /// generated nested specs (seed 93's with a history state that a transition reaches
    /// through the export's transient state), of a spec with every declaration of the `m:`
    /// namespace, of a spec with a fault state (the `machine.lifecycle` wrapper, with
    /// `resume_to`) and of a spec with parallel states (a `<parallel>` inside a region, a
    /// history of a parallel state), with a span of bytes replaced by arbitrary text (which
    /// cuts tags, attributes, entities and JSON anywhere), import or are refused.
    #[test]
    fn no_document_makes_the_import_panic(
        which in 0usize..6,
        at in 0usize..4000,
        cut in 0usize..40,
        text in "[<>/=\"a-z &;#0-9.!\\-\\n\\[\\],:]{0,24}",
    ) {
        let document = if which == 0 {
            std::fs::read_to_string(workspace().join(INSTANCE)).expect("the fixture")
        } else if which >= 3 {
            let path = [ODD, fault::ORDER, "tests/fixtures/parallel/player.yaml"][which - 3];
            let text = std::fs::read_to_string(workspace().join(path)).expect("the fixture");
            scxml::render(&compile(&SourceFile::new(path, text)).model.expect("a good spec"))
        } else {
            let seed = if which == 1 { 7 } else { 93 };
            let source = SourceFile::new("nested.yaml", nestedgen::spec(seed));
            scxml::render(&compile(&source).model.expect("a generated spec compiles"))
        };
        proptest::prop_assert!(which != 2 || document.contains(scxml::RECALL));
        proptest::prop_assert!(which != 4 || document.contains(scxml::LIFECYCLE));
        proptest::prop_assert!(which != 5 || document.contains("<parallel id=\"Playing\""));
        let mut at = at.min(document.len());
        while !document.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + cut).min(document.len());
        while !document.is_char_boundary(end) {
            end -= 1;
        }
        let mutated = format!("{}{text}{}", &document[..at], &document[end..]);
        let source = SourceFile::new("mutated.scxml", mutated);
        match import::scxml(&source) {
            Ok(spec) => {
                // What it writes is a spec that checks.
                let checked = compile(&SourceFile::new("imported.yaml", spec.clone()));
                proptest::prop_assert!(!checked.has_errors(), "{spec}");
            }
            Err(Refused::Document(findings)) => proptest::prop_assert!(!findings.is_empty()),
            Err(Refused::Spec(_, findings)) => proptest::prop_assert!(!findings.is_empty()),
        }
    }
}

/// Texts that need escaping on their way through SCXML, and names that are not Rust names,
/// round trip exactly: wire names as lists with spaces, quotes, commas, brackets, a backslash,
/// a tab and a control character (`m:wire-aliases`, a JSON array), `wire_case`, the docs and
/// spec names of events, guards and actions, an event, an action and a duration nothing
/// uses, named durations in order, and `restarts: []` beside a `reset_by` on the same event.
#[test]
fn what_scxml_has_no_place_for_round_trips() {
    let text = std::fs::read_to_string(workspace().join(ODD)).expect("the fixture");
    round_trip(ODD, &text).expect("the fixture can be exported");
}

/// What `machine`'s own namespace says and does not read is refused at its line and column.
#[test]
fn declarations_that_do_not_read_are_refused_located() {
    let chart = |root: &str, inside: &str, state: &str| {
        format!(
            "<scxml xmlns=\"http://www.w3.org/2005/07/scxml\" xmlns:m=\"urn:machine:scxml\" \
             version=\"1.0\"{root}>\n{inside}\n<state id=\"a\"{state}>\n\
             <transition event=\"go\" target=\"b\"/>\n</state>\n<final id=\"b\"/>\n</scxml>"
        )
    };
    for (text, at, what) in [
        (
            chart(" m:wire-case=\"loud\"", "", ""),
            "1:1",
            "`m:wire-case` is `loud`, not `exact` or `insensitive`",
        ),
        (
            chart("", "", " m:wire-aliases=\"a, b\""),
            "3:1",
            "`m:wire-aliases` is not a JSON array of strings",
        ),
        (
            chart(
                "",
                "<m:event event=\"go\" wire-aliases=\"[1]\" name=\"Go\"/>",
                "",
            ),
            "2:1",
            "`wire-aliases` is not a JSON array of strings",
        ),
        (
            chart("", "<m:guard cond=\"guard_ready\"/>", ""),
            "2:1",
            "`<m:guard>` without `cond` and `name`",
        ),
        (
            chart("", "<m:state id=\"x\"/>", ""),
            "2:1",
            "`<m:state>` is not a declaration of `machine`'s export",
        ),
        (
            chart("", "", "").replace(
                "<transition event=\"go\" target=\"b\"/>",
                "<transition event=\"go\" target=\"b\" m:restarts=\"T\"/>",
            ),
            "4:1",
            "`m:restarts` is not a JSON array of strings",
        ),
    ] {
        refused_at(&text, at, what);
    }
}

/// Two events (or two action labels) that make the same name stay two, the second numbered,
/// each with its SCXML string as its wire name.
#[test]
fn events_and_actions_that_make_the_same_name_stay_apart() {
    let text = r#"<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" initial="a">
  <state id="a">
    <transition event="job.done" target="b"><log label="notify.team"/></transition>
    <transition event="job-done" target="b"><log label="notify-team"/></transition>
  </state>
  <final id="b"/>
</scxml>"#;
    let source = SourceFile::new("same.scxml", text);
    let spec = import::scxml(&source).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        spec.contains("JobDone: { wire: \"job.done\" }")
            && spec.contains("JobDone2: { wire: \"job-done\" }")
            && spec.contains("{ from: A, on: JobDone, to: B, actions: [notify_team] }")
            && spec.contains("{ from: A, on: JobDone2, to: B, actions: [notify_team2] }"),
        "{spec}"
    );
}

/// A foreign chart's history states become the compound state's `history:` (one without a
/// default transition enters its parent's initial state), transitions to their ids go to
/// them, and the spec returns where SCXML does.
#[test]
fn a_foreign_charts_history_states_are_carried() {
    let file = "tests/fixtures/import/player.scxml";
    let (code, spec, err) = machine(&["import", "--from", "scxml", file]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("import-player", spec);
    assert!(
        spec.contains("    history:\n      ResumePoint: deep\n      FromTrack: { type: shallow, default: TrackStart }\n")
            && spec.contains("{ from: Interrupted, on: CallEnded, to: ResumePoint }"),
        "{spec}"
    );
    let path = std::env::temp_dir().join(format!("machine-player-{}.yaml", std::process::id()));
    std::fs::write(&path, &spec).expect("a scratch file");
    let path = path.to_string_lossy().into_owned();
    // As python-statemachine runs the document: back to `track-middle`, then to `track-start`.
    let (code, run, err) = machine(&[
        "run",
        &path,
        "--events",
        "Play, Buffered, Tick, CallIncoming, CallEnded, CallIncoming, CallMissed",
    ]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 0, "{err}");
    assert!(
        run.contains("Interrupted -> TrackMiddle (by ResumePoint, the deep history of Playback)")
            && run.ends_with("now in TrackStart (every input accepted)\n"),
        "{run}"
    );
}

/// What a spec's history state cannot carry is refused at its line and column.
#[test]
fn history_states_a_spec_cannot_carry_are_refused_located() {
    let chart = |inside: &str, outside: &str| {
        format!(
            "<scxml xmlns=\"http://www.w3.org/2005/07/scxml\" version=\"1.0\" initial=\"p\">\n\
             <state id=\"p\">\n{inside}\n<state id=\"a\"/>\n<state id=\"b\"/>\n</state>\n{outside}\n</scxml>"
        )
    };
    for (text, at, what) in [
        (
            chart("", "<history id=\"h\"/>"),
            "7:1",
            "a history state in `<scxml>`",
        ),
        (
            chart("<history id=\"a\"/>", ""),
            "3:1",
            "history state `a` has the `id` of a state",
        ),
        (
            chart("<history id=\"h\" type=\"deeper\"/>", ""),
            "3:1",
            "is of type `deeper`, not `shallow` or `deep`",
        ),
        (
            chart(
                "<history id=\"h\"><transition target=\"a\"/><transition target=\"b\"/></history>",
                "",
            ),
            "3:1",
            "holds more than its one default `<transition>`",
        ),
        (
            chart(
                "<history id=\"h\"><transition event=\"e\" target=\"a\"/></history>",
                "",
            ),
            "3:17",
            "has an event or a condition",
        ),
        (
            chart(
                "<history id=\"h\"><transition target=\"a b\"/></history>",
                "",
            ),
            "3:17",
            "targets `a b`, which no one state inside `p` enters",
        ),
        (
            chart(
                "<history id=\"h\"/><initial><transition target=\"h\"/></initial>",
                "",
            ),
            "2:1",
            "the state starts through the history state `h`",
        ),
        (
            chart("<history id=\"h\"/>", "").replace("initial=\"p\"", "initial=\"h\""),
            "1:1",
            "the chart starts through the history state `h`",
        ),
    ] {
        refused_at(&text, at, what);
    }
}
