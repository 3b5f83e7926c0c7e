//! The fault state through SCXML: the export wraps every other state in
//! `<state id="machine.lifecycle">` with `<history id="machine.history">`, and the import reads
//! that wrapper back as the spec's `fault:` section (`state`, `on`, `resume`, `resume_to`);
//! a wrapper that differs from it is read as any chart is, a compound state with a history,
//! and runs as SCXML runs it.

use machine_core::SourceFile;
use machine_export::import::{self, Refused};
use machine_tests::{machine, workspace};

use super::round_trip;

/// A spec with a fault state that resumes elsewhere too (`resume_to`).
pub(super) const ORDER: &str = "spec/samples/order.yaml";

/// The Import/Export job without its error table (incidents, which SCXML does not carry).
fn job_without_incidents() -> String {
    let text = std::fs::read_to_string(workspace().join("spec/import-export/job.yaml"))
        .expect("the job spec");
    let at = text
        .find("\nincidents:")
        .expect("the job has an error table");
    text[..=at].to_owned()
}

/// Writes `spec` to a scratch file named after `name`, for the CLI; its path.
fn scratch(name: &str, spec: &str) -> String {
    let path = std::env::temp_dir().join(format!("machine-{name}-{}.yaml", std::process::id()));
    std::fs::write(&path, spec).expect("a scratch file");
    path.to_string_lossy().into_owned()
}

/// The job's fault state (entered from every working state, back where it came from) comes
/// back as its `fault:` section, and `machine diff` finds no change.
#[test]
fn the_import_export_jobs_fault_state_round_trips() {
    let yaml = job_without_incidents();
    let carried = round_trip("spec/import-export/job.yaml", &yaml).expect("the job exports");
    assert!(carried.fault);
    // As a user sees it: the export, then the import.
    let spec = scratch("job-no-incidents", &yaml);
    let document = std::env::temp_dir().join(format!("machine-job-{}.scxml", std::process::id()));
    let document = document.to_string_lossy().into_owned();
    let (code, _, err) = machine(&["export", "--format", "scxml", &spec, "-o", &document]);
    assert_eq!(code, 0, "{err}");
    let (code, imported, err) = machine(&["import", "--from", "scxml", &document]);
    assert_eq!(code, 0, "{err}");
    assert!(
        imported.ends_with("fault:\n  state: Faulted\n  on: Fault\n  resume: Resolve\n")
            && !imported.contains("machine.lifecycle")
            && !imported.contains("MachineHistory")
            && imported.contains("initial: Creating\nstates:\n  Creating:\n"),
        "{imported}"
    );
    let imported_path = scratch("job-imported", &imported);
    let (code, run, err) = machine(&[
        "run",
        &imported_path,
        "--events",
        "MarkShipping, AllDrivesReceived, Fault, Resolve",
    ]);
    for path in [&spec, &document, &imported_path] {
        let _ = std::fs::remove_file(path);
    }
    assert_eq!(code, 0, "{err}");
    assert!(
        run.contains("Received -> Faulted") && run.contains("now in Received "),
        "{run}"
    );
}

/// A fault state declared first, with a timeout and a transition of its own, in a nested
/// spec (the wrapper's history is deep), with a guarded transition on the fault event before
/// the entry (in the state and inside it), resuming to a state inside another, a final state
/// and a compound state.
const NESTED: &str = "machine: Edge\ninitial: Work\nstates:\n  Broken:\n    timeouts:\n      \
                      - { after: 1d, to: Done }\n  Work:\n    initial: A\n    states:\n      \
                      A: {}\n      B: {}\n  Done: { final: true }\n\
                      events: { Go: {}, Fail: {}, Fix: {}, Give: {} }\nguards: { minor: {} }\n\
                      transitions:\n  - { from: A, on: Go, to: B }\n  - { from: B, on: Go, to: Done }\n  \
                      - { from: A, on: Fail, guard: minor, to: B }\n  \
                      - { from: Work, on: Fail, guard: minor, internal: true }\n  \
                      - { from: Broken, on: Give, to: Done }\n\
                      fault: { state: Broken, on: Fail, resume: Fix, resume_to: [B, Done, Work] }\n";

#[test]
fn a_nested_fault_state_with_everything_around_it_round_trips() {
    for (name, yaml) in [
        ("nested-fault.yaml", NESTED.to_owned()),
        // Starting in the fault state: the document starts there, beside the wrapper.
        (
            "starts-faulted.yaml",
            NESTED.replace("initial: Work", "initial: Broken"),
        ),
    ] {
        let carried = round_trip(name, &yaml).expect("the spec exports");
        assert!(carried.fault && carried.histories == 0, "{name}");
    }
    // A shallow history would go back to `Work`'s initial state, not to `B`: not the spec's
    // resume, so the wrapper is read as it is. (The wrapper starts in `Work` here, its history's
    // default too: a spec's compound state names a state directly inside it as its initial
    // state, where SCXML names any state inside.)
    let model = machine_core::compile(&SourceFile::new("nested-fault.yaml", NESTED))
        .model
        .expect("a good spec");
    let document = machine_export::scxml::render(&model);
    assert!(document.contains("type=\"deep\""), "{document}");
    let shallow = document
        .replace("type=\"deep\"", "type=\"shallow\"")
        .replace(
            "<state id=\"machine.lifecycle\" initial=\"A\">",
            "<state id=\"machine.lifecycle\" initial=\"Work\">",
        )
        .replace(
            "<transition target=\"A\"/>\n    </history>",
            "<transition target=\"Work\"/>\n    </history>",
        );
    let spec = import::scxml(&SourceFile::new("shallow.scxml", shallow))
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        !spec.contains("\nfault:") && spec.contains("      MachineHistory: shallow\n"),
        "{spec}"
    );
}

/// A print queue written by hand in the export's shape: ids that are not names, a guarded
/// transition on the fault event before the entry (kept, and tried first), a transition of
/// the fault state's own, and a `resume.done`.
const PRINTER: &str = r#"<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" name="print-job" initial="machine.lifecycle">
  <state id="machine.lifecycle" initial="queued">
    <history id="machine.history" type="shallow">
      <transition target="queued"/>
    </history>
    <state id="queued">
      <transition event="start" target="printing"/>
      <transition event="jam" target="jammed"/>
    </state>
    <state id="printing">
      <transition event="finish" target="printed"/>
      <transition event="jam" cond="paper_out" target="queued"/>
      <transition event="jam" target="jammed"/>
    </state>
    <final id="printed"/>
    <final id="cancelled"/>
  </state>
  <state id="jammed">
    <transition event="cancel" target="cancelled"/>
    <transition event="cleared" target="machine.history"/>
    <transition event="resume.printed" target="printed"/>
  </state>
</scxml>
"#;

#[test]
fn a_hand_written_fault_wrapper_becomes_the_fault_section() {
    let source = SourceFile::new("printer.scxml", PRINTER);
    let spec = import::scxml(&source).unwrap_or_else(|e| panic!("{e:?}"));
    // Beside the other import snapshots.
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!("printer", spec);
    });
    for written in [
        "fault:\n  state: Jammed\n  on: Jam\n  resume: Cleared\n  resume_to: [Printed]\n",
        "{ from: Printing, on: Jam, to: Queued, guard: \"paper_out\" }",
        "{ from: Jammed, on: Cancel, to: Cancelled }",
    ] {
        assert!(spec.contains(written), "{written}:\n{spec}");
    }
    assert!(
        !spec.contains("to: Jammed") && !spec.contains("Resume") && !spec.contains("history"),
        "{spec}"
    );
    let path = scratch("printer", &spec);
    let (code, _, err) = machine(&["check", "--deny-warnings", &path]);
    assert_eq!(code, 0, "{err}\n{spec}");
    // As SCXML runs it: back where the jam happened, unless the paper ran out; or on to
    // `printed`; or cancelled from the fault state.
    super::runs_to(
        &path,
        &[
            ("Start, Jam[!paper_out], Cleared", "Printing"),
            ("Jam, Cleared", "Queued"),
            ("Start, Jam[paper_out]", "Queued"),
            ("Start, Jam[!paper_out], resume(Printed)", "Printed"),
            ("Start, Jam[!paper_out], Cancel", "Cancelled"),
        ],
    );
    let _ = std::fs::remove_file(&path);
}

/// `PRINTER` with its fault entries written once, on the wrapper, instead of on each state.
fn entered_from_the_wrapper(chart: &str) -> String {
    chart
        .replace("      <transition event=\"jam\" target=\"jammed\"/>\n", "")
        .replace(
            "<history id=\"machine.history\"",
            "<transition event=\"jam\" target=\"jammed\"/>\n    <history id=\"machine.history\"",
        )
}

/// A wrapper that is not exactly the export's is read as SCXML says (a compound state
/// `MachineLifecycle` with its history, the fault and resume events plain transitions):
/// that spec does what the document does, where a `fault:` section would not.
#[test]
fn a_wrapper_that_differs_is_read_as_any_chart() {
    let with = |from: &str, to: &str| {
        let text = PRINTER.replace(from, to);
        assert_ne!(text, PRINTER, "{from}");
        text
    };
    for (what, text) in [
        (
            "a transition of the wrapper's own",
            with(
                "<history id=\"machine.history\"",
                "<transition event=\"reset\" target=\"queued\"/>\n<history id=\"machine.history\"",
            ),
        ),
        (
            "a history with another default",
            with(
                "<transition target=\"queued\"/>\n    </history>",
                "<transition target=\"printing\"/>\n    </history>",
            ),
        ),
        (
            "a resume to what is not a state inside the wrapper",
            with(
                "<transition event=\"resume.printed\" target=\"printed\"/>",
                "<transition event=\"resume.jammed\" target=\"jammed\"/>",
            ),
        ),
        (
            "a resume event that goes elsewhere",
            with(
                "<transition event=\"resume.printed\" target=\"printed\"/>",
                "<transition event=\"resume.printed\" target=\"cancelled\"/>",
            ),
        ),
        (
            "a working state that does not fault",
            with(
                "<transition event=\"start\" target=\"printing\"/>\n      <transition event=\"jam\" target=\"jammed\"/>",
                "<transition event=\"start\" target=\"printing\"/>",
            ),
        ),
        (
            "a fault entry with a condition",
            with(
                "<transition event=\"jam\" target=\"jammed\"/>\n    </state>\n    <final",
                "<transition event=\"jam\" cond=\"stuck\" target=\"jammed\"/>\n    </state>\n    <final",
            ),
        ),
        (
            "another transition of the fault state on the resume event",
            with(
                "<transition event=\"cleared\" target=\"machine.history\"/>",
                "<transition event=\"cleared\" cond=\"reprint\" target=\"queued\"/>\n\
                 <transition event=\"cleared\" target=\"machine.history\"/>",
            ),
        ),
        (
            "a wrapper named otherwise",
            with("machine.lifecycle", "lifecycle"),
        ),
        (
            "the fault event written once on a wrapper that holds final states (SCXML takes it \
             from them too, where the spec's lifecycle has ended)",
            entered_from_the_wrapper(PRINTER),
        ),
    ] {
        let source = SourceFile::new("near.scxml", text.clone());
        let spec = match import::scxml(&source) {
            Ok(spec) => spec,
            Err(Refused::Document(findings) | Refused::Spec(_, findings)) => {
                panic!("{what}: refused: {findings:#?}\n{text}")
            }
        };
        assert!(
            !spec.contains("\nfault:")
                && spec.contains("    history:\n")
                && spec.contains("states:\n      Queued:"),
            "{what}:\n{spec}"
        );
    }
    // Read generically, the resume still goes where the document's history goes: back to the
    // state the jam came from.
    let text = with(
        "<transition target=\"queued\"/>\n    </history>",
        "<transition target=\"printing\"/>\n    </history>",
    );
    let spec =
        import::scxml(&SourceFile::new("near.scxml", text)).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        spec.contains("history:\n      MachineHistory: { type: shallow, default: Printing }")
            && spec.contains("{ from: Jammed, on: Cleared, to: MachineHistory }")
            && spec.contains("{ from: Queued, on: Jam, to: Jammed }"),
        "{spec}"
    );
    let path = scratch("near-printer", &spec);
    let (code, run, err) = machine(&["run", &path, "--events", "Jam, Cleared"]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 0, "{err}\n{spec}");
    assert!(run.contains("now in Queued "), "{run}");
}

/// The fault event written once, as a transition of the wrapper, is the same entry when the
/// wrapper holds no final state: SCXML tries it after every state's own, as rule S2 tries
/// the spec's entry.
#[test]
fn the_fault_event_written_once_on_the_wrapper_is_read_too() {
    let text = entered_from_the_wrapper(PRINTER)
        .replace(
            "    <final id=\"printed\"/>\n    <final id=\"cancelled\"/>\n",
            "",
        )
        .replace(
            "<transition event=\"finish\" target=\"printed\"/>",
            "<transition event=\"finish\" target=\"queued\"/>",
        )
        .replace("<transition event=\"cancel\" target=\"cancelled\"/>", "")
        .replace(
            "<transition event=\"resume.printed\" target=\"printed\"/>",
            "<transition event=\"resume.queued\" target=\"queued\"/>",
        );
    let spec = import::scxml(&SourceFile::new("once.scxml", text.clone()))
        .unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    assert!(
        spec.ends_with(
            "fault:\n  state: Jammed\n  on: Jam\n  resume: Cleared\n  resume_to: [Queued]\n"
        ) && spec.contains("{ from: Printing, on: Jam, to: Queued, guard: \"paper_out\" }")
            && !spec.contains("MachineLifecycle")
            && !spec.contains("to: Jammed"),
        "{text}\n{spec}"
    );
}
