//! `machine diff`: snapshots of the semantic diff for a series of edits of the job spec, and
//! the command's inputs, formats and exit codes.

use std::fmt::Write as _;

use machine_core::SourceFile;
use machine_diff::{self as diff, Impact, Kind, Version};
use machine_tests::{machine, workspace};

#[path = "diff/every_key.rs"]
mod every_key;

const JOB: &str = "spec/import-export/job.yaml";

fn job_text() -> String {
    std::fs::read_to_string(workspace().join(JOB)).expect("the job spec exists")
}

/// The job spec with every `from` replaced by `to`; fails when `from` is not in the text,
/// so an edit never silently becomes no edit.
fn edited(edits: &[(&str, &str)]) -> String {
    edited_text(job_text(), edits)
}

fn edited_text(mut text: String, edits: &[(&str, &str)]) -> String {
    for (from, to) in edits {
        assert!(text.contains(from), "the spec no longer contains {from:?}");
        text = text.replace(from, to);
    }
    text
}

fn version(name: &str, text: &str) -> Version {
    Version::read(&SourceFile::from_bytes(name, text.as_bytes().to_vec()))
        .unwrap_or_else(|d| panic!("{name} does not load: {d:?}"))
}

fn diff_of(edits: &[(&str, &str)]) -> diff::Diff {
    diff::diff(
        &version(JOB, &job_text()),
        &version("edited.yaml", &edited(edits)),
    )
}

/// The edits, each with the snapshot it is shown in.
const EDITS: &[(&str, &[(&str, &str)])] = &[
    (
        "add-state",
        &[
            (
                "  Faulted:\n",
                "  OnHold:\n    doc: Waiting for the customer's answer.\n  Faulted:\n",
            ),
            (
                "  - from: Received\n",
                "  - from: Shipping\n    on: CloseUnanswered\n    guard: no_errors\n    to: OnHold\n  - from: OnHold\n    on: AllDrivesReceived\n    to: Received\n  - from: Received\n",
            ),
        ],
    ),
    (
        "remove-transition",
        &[(
            "  - from: Received\n    on: TransferStarted\n    to: Transferring\n",
            "",
        )],
    ),
    (
        "rename-event",
        &[
            ("  TransferStarted:", "  CopyStarted:"),
            ("on: TransferStarted", "on: CopyStarted"),
        ],
    ),
    (
        "rename-state-keep-wire",
        &[
            ("  Packaging:\n", "  Packing:\n    wire: Packaging\n"),
            ("to: Packaging", "to: Packing"),
            ("from: Packaging", "from: Packing"),
            (
                "in: [Transferring, Packaging]",
                "in: [Transferring, Packing]",
            ),
        ],
    ),
    (
        "change-wire-name",
        &[("  Completed:\n", "  Completed:\n    wire: CompletedOk\n")],
    ),
    (
        "change-timeout",
        &[
            ("after: 14d\n        end:", "after: 7d\n        end:"),
            ("reset_by: [UpdateJobProperties]", "reset_by: []"),
            (
                "after: 90d\n        end",
                "after: 90d\n        to: Faulted\n        doc: x\n      - after: 91d\n        end",
            ),
        ],
    ),
    (
        "add-guard",
        &[
            (
                "guards:\n",
                "guards:\n  drives_listed:\n    doc: Every drive of the job is in its drive list.\n",
            ),
            (
                "    on: AllDrivesReceived\n",
                "    on: AllDrivesReceived\n    guard: drives_listed\n",
            ),
        ],
    ),
    (
        "add-action",
        &[
            (
                "\ntransitions:\n",
                "\nactions:\n  email_customer:\n    doc: Tell the customer the drives are on their way back.\n\ntransitions:\n",
            ),
            (
                "    guard: no_errors\n    to: Completed\n",
                "    guard: no_errors\n    to: Completed\n    actions: email_customer\n",
            ),
        ],
    ),
    (
        "remove-state",
        &[
            (
                "  Received:\n    doc: All drives have been received at the data center.\n",
                "",
            ),
            (
                "    on: AllDrivesReceived\n    to: Received\n",
                "    on: AllDrivesReceived\n    to: Transferring\n",
            ),
            (
                "  - from: Received\n    on: TransferStarted\n    to: Transferring\n",
                "",
            ),
        ],
    ),
];

const TCP: &str = "spec/samples/tcp.yaml";

/// Edits of the actions of the TCP sample (entry, exit and transition actions), each with the
/// snapshot it is shown in: the edits that make OLD from the sample, then those that make NEW.
type TcpEdit = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [(&'static str, &'static str)],
);

const TCP_ABORT: &str = "    to: Closed\n    actions: send_rst\n";

const TCP_EDITS: &[TcpEdit] = &[
    (
        "remove-action",
        &[],
        &[
            ("  send_rst: { doc: Send RST. }\n", ""),
            (TCP_ABORT, "    to: Closed\n"),
        ],
    ),
    ("rename-action", &[], &[("send_fin", "send_finish")]),
    (
        "change-entry-exit-actions",
        &[],
        &[(
            "    entry: delete_tcb\n    exit: create_tcb\n",
            "    exit: [create_tcb, send_syn]\n",
        )],
    ),
    (
        "add-existing-action-to-transition",
        &[],
        &[(
            "on: Keepalive, internal: true, actions: send_ack }",
            "on: Keepalive, internal: true, actions: [send_syn, send_ack] }",
        )],
    ),
    (
        "reorder-actions",
        &[(
            TCP_ABORT,
            "    to: Closed\n    actions: [send_rst, delete_tcb]\n",
        )],
        &[(
            TCP_ABORT,
            "    to: Closed\n    actions: [delete_tcb, send_rst]\n",
        )],
    ),
];

fn tcp_diff_of(old_edits: &[(&str, &str)], new_edits: &[(&str, &str)]) -> diff::Diff {
    let text = std::fs::read_to_string(workspace().join(TCP)).expect("the TCP sample exists");
    diff::diff(
        &version(TCP, &edited_text(text.clone(), old_edits)),
        &version("edited.yaml", &edited_text(text, new_edits)),
    )
}

#[test]
fn diffs_of_spec_edits() {
    for (name, edits) in EDITS {
        let diff = diff_of(edits);
        let text = diff::render::human(&diff, false);
        insta::assert_snapshot!(format!("diff-{name}"), text);
    }
    for (name, old_edits, new_edits) in TCP_EDITS {
        let diff = tcp_diff_of(old_edits, new_edits);
        let text = diff::render::human(&diff, false);
        insta::assert_snapshot!(format!("diff-tcp-{name}"), text);
    }
}

#[test]
fn breaking_and_compatible_are_told_apart() {
    let only = |name: &str| {
        let edits = EDITS
            .iter()
            .find(|(n, _)| *n == name)
            .expect("a known edit")
            .1;
        diff_of(edits)
    };
    // The state and its way out are compatible; its guarded way in is tried before the error
    // table's `CloseUnanswered`, and takes the event when `no_errors` holds.
    let added = only("add-state");
    let breaking: Vec<(Kind, &str)> = added
        .changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .map(|c| (c.kind, c.item.as_str()))
        .collect();
    assert_eq!(
        breaking,
        [(
            Kind::Added,
            "`Shipping --CloseUnanswered [no_errors]--> OnHold`"
        )]
    );
    // A rename is not a removal and an addition; without a `wire:`, the wire name changes
    // with it, which is a change of its own, with a way to keep the old string.
    let renamed = only("rename-event");
    let kinds: Vec<Kind> = renamed.changes.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [Kind::Renamed, Kind::Changed]);
    assert_eq!(
        renamed.changes[1].suggestion,
        "keep `TransferStarted` as another wire name of `CopyStarted`: `wire: [CopyStarted, TransferStarted]`"
    );
    let removed = only("remove-transition");
    assert!(removed.is_breaking());
    assert!(
        removed
            .changes
            .iter()
            .any(|c| c.item == "state `Transferring`" && c.detail == "becomes unreachable"),
        "a state that becomes unreachable is reported"
    );
    let guard = only("add-guard");
    assert!(
        guard.changes.iter().all(|c| c.impact == Impact::Breaking),
        "{guard:#?}"
    );
}

#[test]
fn identical_specs_have_no_changes() {
    for spec in machine_tests::yaml_files("spec") {
        let text = std::fs::read_to_string(workspace().join(&spec)).expect("readable");
        let d = diff::diff(&version(&spec, &text), &version(&spec, &text));
        assert!(d.changes.is_empty(), "{spec}: {:#?}", d.changes);
    }
    let (code, out, _) = machine(&["diff", JOB, JOB]);
    assert_eq!(
        (code, out.lines().next()),
        (
            0,
            Some("Job: no changes (spec/import-export/job.yaml -> spec/import-export/job.yaml)")
        )
    );
}

#[test]
fn markdown_and_json_forms() {
    let edits = EDITS
        .iter()
        .find(|(n, _)| *n == "add-guard")
        .expect("known")
        .1;
    let diff = diff_of(edits);
    insta::assert_snapshot!("diff-markdown", diff::render::markdown(&diff));
    let json = serde_json::to_value(&diff).expect("serializable");
    assert_eq!(json["changes"][0]["impact"], "breaking");
    assert_eq!(json["changes"][0]["section"], "guards");
    assert_eq!(json["changes"][0]["new"]["file"], "edited.yaml");
    let (code, out, _) = machine(&["diff", "--format", "json", JOB, JOB]);
    assert_eq!(code, 0);
    let parsed: serde_json::Value = serde_json::from_str(&out).expect("the CLI prints JSON");
    assert_eq!(parsed["changes"], serde_json::json!([]));
}

#[test]
fn exit_codes_and_inputs() {
    // A version from git: the committed spec against the working copy, which differ only if
    // someone is editing it; either way the diff runs.
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok()
        && workspace().join(".git").exists()
    {
        let (code, _, err) = machine(&["diff", &format!("HEAD:{JOB}"), JOB]);
        assert!(code < 2, "{err}");
    }
    let (code, _, err) = machine(&["diff", "no/such.yaml", JOB]);
    assert_eq!(code, 2);
    assert!(err.contains("write `REV:PATH`"), "{err}");
    let (code, _, err) = machine(&["diff", "NOREV:spec/nothing.yaml", JOB]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read NOREV:spec/nothing.yaml from git"),
        "{err}"
    );
    let (code, _, err) = machine(&["diff", JOB, "tests/fixtures/bad/missing-transition-on.yaml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("tests/fixtures/bad/missing-transition-on.yaml:"),
        "located: {err}"
    );
    assert!(err.contains("is not a spec that can be compared"), "{err}");
    // NEW loads but does not check: the diff is shown, and the command fails.
    let (code, out, err) = machine(&[
        "diff",
        "tests/fixtures/bad/shadowed-transition.yaml",
        "tests/fixtures/bad/conflicting-transitions.yaml",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("no code can be generated from it"), "{err}");
}

#[test]
fn action_changes_are_told_apart() {
    let edits = EDITS
        .iter()
        .find(|(n, _)| *n == "add-action")
        .expect("a known edit")
        .1;
    let added = diff_of(edits);
    let kinds: Vec<(diff::Section, Kind, Impact)> = added
        .changes
        .iter()
        .map(|c| (c.section, c.kind, c.impact))
        .collect();
    assert_eq!(
        kinds,
        [
            (diff::Section::Actions, Kind::Added, Impact::Breaking),
            (
                diff::Section::Transitions,
                Kind::Changed,
                Impact::Compatible
            ),
        ],
        "a new action is a new required method; running it on a transition is compatible"
    );
    let json = serde_json::to_value(&added).expect("serializable");
    assert_eq!(json["changes"][0]["section"], "actions");
    for (name, old_edits, new_edits) in TCP_EDITS {
        let diff = tcp_diff_of(old_edits, new_edits);
        let breaking = matches!(
            *name,
            "remove-action" | "rename-action" | "change-entry-exit-actions"
        );
        assert_eq!(diff.is_breaking(), breaking, "{name}: {diff:#?}");
    }
}

/// Spanning timers (`timers:`) are matched by name: added, removed, and changed in their
/// states (fewer states breaks: the clock stops where it ran), duration, expiry and resets.
#[test]
fn spanning_timer_changes() {
    const SPEC: &str = "tests/fixtures/good/spanning-timer.yaml";
    let text = std::fs::read_to_string(workspace().join(SPEC)).expect("the fixture exists");
    let without = text.split("\ntimers:\n").next().expect("a text").to_owned();
    let changed = edited_text(
        text.clone(),
        &[
            ("states: [Polling, SlowDown]", "states: [Polling]"),
            ("reset_by: [CodeReissued]", "reset_by: []"),
            (
                "to: Expired\n    reset_by",
                "end: The code is forgotten.\n    reset_by",
            ),
        ],
    );
    let mut out = String::new();
    for (name, old, new) in [
        ("added", &without, &text),
        ("removed", &text, &without),
        ("changed", &text, &changed),
    ] {
        let diff = diff::diff(&version("old.yaml", old), &version("new.yaml", new));
        out.push_str("--- ");
        out.push_str(name);
        out.push('\n');
        out.push_str(&diff::render::human(&diff, false));
        out.push('\n');
    }
    insta::assert_snapshot!("diff-spanning-timer", out);
}

/// History states (rule S19): one added (compatible until a transition goes to it), one
/// removed with the transition to it, one turned shallow, one given another default, each
/// breaking with its reason.
#[test]
fn history_state_changes() {
    const SPEC: &str = "tests/fixtures/nested/history.yaml";
    let text = std::fs::read_to_string(workspace().join(SPEC)).expect("the fixture exists");
    let changed = edited_text(
        text.clone(),
        &[
            ("      Resume: deep\n", "      Resume: shallow\n"),
            ("default: Packing,", "default: Pending,"),
            ("        history:\n          Repack: shallow\n", ""),
            ("  - { from: Boxing, on: Unbox, to: Repack }\n", ""),
            (
                "      Resume: shallow\n",
                "      Resume: shallow\n      Again: deep\n",
            ),
        ],
    );
    let diff = diff::diff(&version("old.yaml", &text), &version("new.yaml", &changed));
    insta::assert_snapshot!("diff-history", diff::render::human(&diff, false));
}

/// Rules S20 and S21: transitions are matched by their trigger (`always` and `done` as
/// themselves); a transition that stops being eventless or becomes so is one change, a
/// completion transition removed, added or sent elsewhere, and the guards of an eventless one,
/// each breaking with its reason; a state that stops being final inside a compound state no
/// longer completes it, one that becomes final does, and a final state moved out of a
/// compound state ends the lifecycle instead of completing it.
#[test]
fn automatic_transition_changes() {
    const SPEC: &str = "tests/fixtures/nested/automatic.yaml";
    let text = std::fs::read_to_string(workspace().join(SPEC)).expect("the fixture exists");
    let triggers = edited_text(
        text.clone(),
        &[
            (
                "  - { from: Validating, always: true, to: Entering, actions: [show_error] }\n",
                "  - { from: Validating, on: Decline, to: Entering, actions: [show_error] }\n",
            ),
            (
                "  - { from: Looking, on: Accept, to: Decided }\n",
                "  - { from: Looking, always: true, guard: [risky], to: Decided }\n",
            ),
            (
                "  - { from: Checkout, done: true, guard: [risky], to: Review }\n",
                "",
            ),
            (
                "  - { from: Checkout, done: true, to: Confirmed }\n",
                "  - { from: Checkout, done: true, to: Cancelled }\n",
            ),
            (
                "  - { from: Review, always: true, guard: [fraud], to: Cancelled }\n",
                "  - { from: Review, always: true, guard: [fraud, risky], to: Cancelled }\n",
            ),
            (
                "  - { from: Review, done: true, to: Confirmed",
                "  - { from: Review, done: true, guard: [fraud], to: Cancelled }\n  - { from: Review, done: true, to: Confirmed",
            ),
        ],
    );
    let finals = edited_text(
        text.clone(),
        &[
            (
                "      Paid: { final: true, entry: [print_receipt] }\n",
                "      Paid: { entry: [print_receipt] }\n",
            ),
            ("      Decided: { final: true }\n", ""),
            (
                "  Confirmed: { final: true",
                "  Decided: { final: true }\n  Confirmed: { final: true",
            ),
        ],
    );
    let mut out = String::new();
    let versions = [
        ("triggers", &text, &triggers),
        ("no longer final", &text, &finals),
        ("final again", &finals, &text),
    ];
    for (what, old, new) in versions {
        let diff = diff::diff(&version("old.yaml", old), &version("new.yaml", new));
        assert!(
            diff.changes.iter().all(|c| !c.why.is_empty()),
            "{what}: {diff:#?}"
        );
        let _ = writeln!(out, "--- {what}\n{}", diff::render::human(&diff, false));
    }
    insta::assert_snapshot!("diff-automatic", out);
    // Matched by trigger: the eventless transition that now waits for `Decline` is one
    // change, not a removal and an addition.
    let diff = diff::diff(&version("old.yaml", &text), &version("new.yaml", &triggers));
    let decline: Vec<(&str, Impact)> = diff
        .changes
        .iter()
        .filter(|c| c.item.starts_with("`Validating --"))
        .map(|c| (c.detail.as_str(), c.impact))
        .collect();
    assert_eq!(
        decline,
        [("on `Decline` now, instead of eventless", Impact::Breaking)]
    );
}

/// A negated guard is part of a transition's key: making `!owes_fines` into `owes_fines`
/// changes the transition (the test the event needs), and is breaking; negating a guard of
/// the old version shows as the new test added and the old one removed.
#[test]
fn negating_a_guard_changes_the_transition() {
    const SPEC: &str = "spec/samples/loan.yaml";
    let text = std::fs::read_to_string(workspace().join(SPEC)).expect("the sample exists");
    let flipped = edited_text(
        text.clone(),
        &[("guard: \"!owes_fines\"", "guard: owes_fines")],
    );
    let diff = diff::diff(&version("old.yaml", &text), &version("new.yaml", &flipped));
    let items: Vec<(&str, &str, Impact)> = diff
        .changes
        .iter()
        .map(|c| (c.item.as_str(), c.detail.as_str(), c.impact))
        .collect();
    assert_eq!(
        items,
        [
            (
                "`Available --Borrow [!owes_fines]--> OnLoan`",
                "guard `owes_fines` added; guard `!owes_fines` removed",
                Impact::Breaking
            ),
            (
                "`Reserved --Borrow [!owes_fines]--> OnLoan`",
                "guard `owes_fines` added; guard `!owes_fines` removed",
                Impact::Breaking
            ),
        ],
        "{}",
        diff::render::human(&diff, false)
    );
}

/// The example: v2 reads more wire names than v1 (an alias of a state, one of an
/// event). Going back to v1 printed `no changes`; a client that stores `bee` or sends `GO_NOW`
/// is refused by v1.
#[test]
fn removed_wire_names_break_clients() {
    let v2 = "machine: M\ninitial: A\nstates:\n  A: {}\n  B: { wire: [b, bee], final: true }\n\
              events:\n  Go: { wire: [go, GO_NOW] }\ntransitions:\n  - { from: A, on: Go, to: B }\n";
    let v1 = v2
        .replace("wire: [b, bee]", "wire: b")
        .replace("wire: [go, GO_NOW]", "wire: go");
    let back = diff::diff(&version("v2.yaml", v2), &version("v1.yaml", &v1));
    let forth = diff::diff(&version("v1.yaml", &v1), &version("v2.yaml", v2));
    assert_eq!((back.breaking(), back.changes.len()), (2, 2), "{back:#?}");
    assert!(
        !forth.is_breaking() && forth.changes.len() == 2,
        "{forth:#?}"
    );
    assert_eq!(
        back.changes[0].suggestion,
        "keep `bee` as another wire name of `B`: `wire: [b, bee]`"
    );
    let mut out = diff::render::human(&back, false);
    out.push('\n');
    out.push_str(&diff::render::human(&forth, false));
    insta::assert_snapshot!("diff-wire-aliases", out);
}

/// `wire_case: insensitive` back to exact: strings in another case no longer parse.
#[test]
fn wire_case_exact_again_breaks_clients() {
    const SPEC: &str = "tests/fixtures/good/wire-aliases.yaml";
    let text = std::fs::read_to_string(workspace().join(SPEC)).expect("the fixture exists");
    let exact = edited_text(text.clone(), &[("wire_case: insensitive\n", "")]);
    let back = diff::diff(&version(SPEC, &text), &version("exact.yaml", &exact));
    assert_eq!(back.changes.len(), 1, "{back:#?}");
    let change = &back.changes[0];
    assert_eq!(
        (change.impact, change.item.as_str(), change.detail.as_str()),
        (
            Impact::Breaking,
            "`wire_case`",
            "`exact` instead of `insensitive`"
        )
    );
    assert!(change.why.contains("`DRAFT` for `draft`"), "{}", change.why);
    let forth = diff::diff(&version("exact.yaml", &exact), &version(SPEC, &text));
    assert!(
        !forth.is_breaking() && forth.changes.len() == 1,
        "{forth:#?}"
    );
}
