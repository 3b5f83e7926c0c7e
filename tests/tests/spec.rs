//! The reference lifecycles encode the seed article completely, and the JSON Schema for
//! editors is the one the AST types produce.

use machine_core::model::{Expiry, Model, StateId, Target};
use machine_core::{SourceFile, compile, words};
use machine_tests::{ensure_fresh, state, workspace, yaml_files};

fn model(relative: &str) -> Model {
    let path = workspace().join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let compiled = compile(&SourceFile::new(relative, text));
    assert!(
        compiled.diagnostics.is_empty(),
        "{relative} has findings: {:#?}",
        compiled.diagnostics
    );
    compiled.model.expect("no findings means a model")
}

fn names(model: &Model, ids: &[StateId]) -> Vec<String> {
    ids.iter()
        .map(|&s| model.state(s).name.spec.clone())
        .collect()
}

/// The article's state tables, in its order (the `Faulted` section adds one more state).
const JOB_STATES: &[&str] = &[
    "Creating",
    "Shipping",
    "Received",
    "Transferring",
    "Packaging",
    "Completed",
    "Closed",
];
const DRIVE_STATES: &[&str] = &[
    "Specified",
    "Received",
    "NeverReceived",
    "Transferring",
    "Completed",
    "CompletedMoreInfo",
    "ShippedBack",
];

/// The first cell of each error-table row: the states it applies in, with the article's
/// word for "no state" (`Undefined`, `N/A`).
const JOB_ERROR_ROWS: &[&[&str]] = &[
    &["Creating", "Undefined"],
    &["Shipping"],
    &["Completed", "Closed"],
    &["Transferring", "Packaging"],
    &["Creating", "Shipping", "Transferring"],
];
const DRIVE_ERROR_ROWS: &[&[&str]] = &[&["NeverReceived"], &["N/A"]];

#[test]
fn job_has_every_state_of_the_article_and_faulted() {
    let job = model("spec/import-export/job.yaml");
    let spec_states: Vec<&str> = job.states.iter().map(|s| s.name.spec.as_str()).collect();
    let mut expected: Vec<&str> = JOB_STATES.to_vec();
    expected.push("Faulted");
    assert_eq!(spec_states, expected);
    for s in &job.states {
        assert_eq!(
            s.wire, s.name.spec,
            "the REST API reports job states by these exact names"
        );
        assert!(
            !s.doc.is_empty(),
            "state {} needs its article text",
            s.name.spec
        );
    }
    assert_eq!(
        names(
            &job,
            &job.starts.iter().map(|s| s.state).collect::<Vec<_>>()
        ),
        ["Creating"]
    );
    let finals: Vec<&str> = job
        .states
        .iter()
        .filter(|s| s.is_final)
        .map(|s| s.name.spec.as_str())
        .collect();
    assert_eq!(finals, ["Completed", "Closed"]);
}

#[test]
fn drive_has_every_state_of_the_article_both_starts_and_faulted() {
    let drive = model("spec/import-export/drive.yaml");
    let spec_states: Vec<&str> = drive.states.iter().map(|s| s.name.spec.as_str()).collect();
    let mut expected: Vec<&str> = DRIVE_STATES.to_vec();
    expected.push("Faulted");
    assert_eq!(spec_states, expected);
    let starts: Vec<(String, String)> = drive
        .starts
        .iter()
        .map(|s| {
            (
                s.name.as_ref().expect("named starts").spec.clone(),
                drive.state(s.state).name.spec.clone(),
            )
        })
        .collect();
    assert_eq!(
        starts,
        [
            ("import".to_owned(), "Specified".to_owned()),
            ("export".to_owned(), "Received".to_owned())
        ]
    );
    assert!(drive.state(state(&drive, "ShippedBack")).is_final);
}

fn error_rows(model: &Model) -> Vec<Vec<String>> {
    model
        .incidents
        .iter()
        .map(|i| {
            let mut cell = names(model, &i.states);
            cell.extend(i.no_state.clone());
            cell
        })
        .collect()
}

#[test]
fn error_tables_have_every_row_with_its_resolution() {
    for (relative, rows) in [
        ("spec/import-export/job.yaml", JOB_ERROR_ROWS),
        ("spec/import-export/drive.yaml", DRIVE_ERROR_ROWS),
    ] {
        let m = model(relative);
        let expected: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
            .collect();
        assert_eq!(error_rows(&m), expected, "{relative}");
        for incident in &m.incidents {
            assert!(
                !incident.event.is_empty() && !incident.resolution.is_empty(),
                "{}",
                incident.name.spec
            );
        }
    }
}

#[test]
fn error_table_transitions_are_the_documented_ones() {
    let job = model("spec/import-export/job.yaml");
    let with_transition: Vec<(Vec<String>, String)> = job
        .incidents
        .iter()
        .filter_map(|i| {
            Some((
                names(&job, &i.states),
                job.state(i.transition?.1).name.spec.clone(),
            ))
        })
        .collect();
    assert_eq!(
        with_transition,
        [(vec!["Shipping".to_owned()], "Closed".to_owned())]
    );

    let drive = model("spec/import-export/drive.yaml");
    let with_transition: Vec<(Vec<String>, String)> = drive
        .incidents
        .iter()
        .filter_map(|i| {
            Some((
                names(&drive, &i.states),
                drive.state(i.transition?.1).name.spec.clone(),
            ))
        })
        .collect();
    assert_eq!(
        with_transition,
        [(vec!["NeverReceived".to_owned()], "Received".to_owned())]
    );
}

/// The timeouts of the state named `name`, in spec order.
fn timeouts<'m>(model: &'m Model, name: &str) -> Vec<&'m machine_core::model::Timeout> {
    model
        .own_timers_in(state(model, name))
        .map(|(_, t)| &t.timeout)
        .collect()
}

#[test]
fn job_timeouts_are_the_documented_ones() {
    let job = model("spec/import-export/job.yaml");
    let creating = timeouts(&job, "Creating");
    assert_eq!(creating.len(), 1);
    let t = creating[0];
    assert_eq!(t.after.seconds, 14 * 86_400);
    assert!(
        matches!(t.expiry, Expiry::End(_)),
        "Creating jobs are deleted after two weeks"
    );
    let resets: Vec<&str> = t
        .reset_by
        .iter()
        .map(|&e| job.event(e).name.spec.as_str())
        .collect();
    assert_eq!(
        resets,
        ["UpdateJobProperties"],
        "Update Job Properties resets the two weeks"
    );

    let shipping = timeouts(&job, "Shipping");
    assert!(
        matches!(&shipping[..], [t] if t.after.seconds == 14 * 86_400 && matches!(t.expiry, Expiry::Notify(_)))
    );
    for name in ["Completed", "Closed"] {
        let s = timeouts(&job, name);
        assert!(
            matches!(&s[..], [t] if t.after.seconds == 90 * 86_400 && matches!(t.expiry, Expiry::End(_))),
            "{name}"
        );
    }

    let drive = model("spec/import-export/drive.yaml");
    let specified = timeouts(&drive, "Specified");
    let never = state(&drive, "NeverReceived");
    assert!(
        matches!(&specified[..], [t] if t.after.seconds == 14 * 86_400 && t.expiry == Expiry::Transition(never))
    );
}

#[test]
fn shipping_needs_delivery_package_and_return_address() {
    let job = model("spec/import-export/job.yaml");
    let (creating, shipping) = (state(&job, "Creating"), state(&job, "Shipping"));
    let to_shipping: Vec<_> = job
        .transitions_from(creating)
        .filter(|(_, t)| t.target == Target::State(shipping))
        .collect();
    assert_eq!(to_shipping.len(), 1);
    let guards: Vec<&str> = to_shipping[0]
        .1
        .guards
        .iter()
        .map(|&g| {
            assert!(!g.negated);
            job.guard(g.guard).name.spec.as_str()
        })
        .collect();
    assert_eq!(guards, ["delivery_package_set", "return_address_set"]);
    // Update Job Properties keeps the job in Creating.
    assert!(job.transitions_from(creating).any(|(_, t)| {
        words::trigger(&job, t.trigger) == "UpdateJobProperties"
            && t.target == Target::State(creating)
    }));
}

#[test]
fn only_some_job_states_can_be_cancelled_and_cancelling_keeps_the_state() {
    let job = model("spec/import-export/job.yaml");
    let cancels: Vec<(String, Target)> = job
        .transitions
        .iter()
        .filter(|t| words::trigger(&job, t.trigger) == "Cancel")
        .map(|t| (job.state(t.from).name.spec.clone(), t.target))
        .collect();
    assert!(!cancels.is_empty() && cancels.len() < JOB_STATES.len());
    assert!(
        cancels
            .iter()
            .all(|(_, target)| *target == Target::Internal),
        "a cancelled job follows the same transitions"
    );
}

#[test]
fn both_machines_have_a_fault_state_entered_from_every_non_final_state() {
    for relative in [
        "spec/import-export/job.yaml",
        "spec/import-export/drive.yaml",
    ] {
        let m = model(relative);
        let fault = m.fault.as_ref().expect("a fault state");
        assert_eq!(m.state(fault.state).name.spec, "Faulted");
        let expected: Vec<StateId> = m
            .state_ids()
            .filter(|&s| !m.state(s).is_final && s != fault.state)
            .collect();
        assert_eq!(fault.sources, expected, "{relative}");
    }
}

/// When the seed article is beside the workspace (as in CI), its tables must list exactly the
/// states and error rows above, so the constants in this file cannot drift from the article.
#[test]
fn constants_match_the_seed_article_when_present() {
    let seed_dir = workspace().join("../shared/seed");
    let Ok(entries) = std::fs::read_dir(&seed_dir) else {
        eprintln!(
            "seed article not found at {}; skipping the cross-check",
            seed_dir.display()
        );
        return;
    };
    let mut articles = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect::<Vec<_>>();
    articles.sort();
    let article = std::fs::read_to_string(&articles[0]).expect("the seed article is text");
    let tables = tables(&article);
    // Tables in order: job states, job errors, drive states, drive errors.
    assert_eq!(tables.len(), 4, "the article has four tables");
    let first_cells = |t: &Vec<String>| -> Vec<Vec<String>> {
        t.iter()
            .map(|cell| {
                cell.split(|c: char| !(c.is_ascii_alphanumeric() || c == '/'))
                    .flat_map(|w| {
                        if w == "N/A" {
                            vec![w]
                        } else {
                            w.split('/').collect()
                        }
                    })
                    .filter(|w| !w.is_empty() && *w != "or")
                    .map(str::to_owned)
                    .collect()
            })
            .collect()
    };
    let as_rows = |rows: &[&[&str]]| -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
            .collect()
    };
    let single = |names: &[&str]| -> Vec<Vec<String>> {
        names.iter().map(|s| vec![(*s).to_owned()]).collect()
    };
    assert_eq!(first_cells(&tables[0]), single(JOB_STATES));
    assert_eq!(first_cells(&tables[1]), as_rows(JOB_ERROR_ROWS));
    assert_eq!(first_cells(&tables[2]), single(DRIVE_STATES));
    assert_eq!(first_cells(&tables[3]), as_rows(DRIVE_ERROR_ROWS));
}

/// The first cell of every body row of every Markdown table in `text`.
fn tables(text: &str) -> Vec<Vec<String>> {
    let mut tables = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in text.lines() {
        if line.starts_with('|') {
            let cell = line
                .trim_start_matches('|')
                .split('|')
                .next()
                .unwrap_or("")
                .replace('`', "");
            match &mut current {
                None => current = Some(Vec::new()), // header row
                Some(rows) if cell.starts_with("---") => rows.clear(),
                Some(rows) => rows.push(cell.trim().to_owned()),
            }
        } else if let Some(rows) = current.take() {
            tables.push(rows);
        }
    }
    tables.extend(current);
    tables
}

#[test]
fn json_schema_is_fresh() {
    ensure_fresh(
        "spec/machine.schema.json",
        &machine_core::schema::json_schema(),
        "cargo run -p machine-cli -- schema -o spec/machine.schema.json",
    );
}

#[test]
fn every_spec_in_the_repository_declares_the_schema() {
    let specs = yaml_files("spec");
    assert!(specs.len() >= 2);
    for relative in specs {
        let text = std::fs::read_to_string(workspace().join(&relative)).expect("readable spec");
        assert!(
            text.starts_with("# yaml-language-server: $schema="),
            "{relative} should start with the schema modeline so editors validate it"
        );
    }
}

/// An incident whose transition is already written under `transitions:` refers to it: one
/// transition from Shipping on `CloseUnanswered` (the spec's), and one added from Creating.
#[test]
fn an_incident_transition_equal_to_a_written_one_refers_to_it() {
    use machine_core::model::Origin;
    let model = model("tests/fixtures/good/incident-refers-to-transition.yaml");
    let close: Vec<(String, Origin)> = model
        .transitions_with_ids()
        .map(|(_, t)| t)
        .filter(|t| words::trigger(&model, t.trigger) == "CloseUnanswered")
        .map(|t| (model.state(t.from).name.spec.clone(), t.origin))
        .collect();
    assert_eq!(close.len(), 2, "{close:?}");
    assert_eq!(close[0], ("Shipping".to_owned(), Origin::Spec));
    assert_eq!(close[1].0, "Creating");
    assert!(matches!(close[1].1, Origin::Incident(_)));
    let incident = &model.incidents[0];
    assert_eq!(
        incident
            .transition
            .map(|(_, to)| model.state(to).name.spec.clone()),
        Some("Closed".to_owned())
    );
}
