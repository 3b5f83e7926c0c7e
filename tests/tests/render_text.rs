//! The Markdown tables and the Mermaid charts of every good spec: columns kept, the article's
//! tables reproduced, statements of the forms Mermaid reads, and the same lifecycle as the
//! DOT figure.

use machine_core::Model;
use machine_render::{markdown, mermaid};
use machine_tests::figures::{good_specs, model};
use machine_tests::yaml_files;

/// The good specs and every spec with parallel states (rule S22), which the tables and the
/// charts draw (the other outputs refuse them yet, so they are not among the good specs).
fn drawn_specs() -> Vec<(String, Model)> {
    let mut specs = good_specs();
    specs.extend(
        yaml_files("tests/fixtures/parallel")
            .into_iter()
            .map(|relative| {
                let model = model(&relative);
                (relative, model)
            }),
    );
    specs
}

/// The cells of a Markdown table row: split on `|` not escaped by `\`.
fn cells(row: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in row.chars() {
        match (escaped, c) {
            (false, '\\') => escaped = true,
            (false, '|') => count += 1,
            _ => escaped = false,
        }
    }
    count - 1
}

#[test]
fn markdown_tables_keep_their_columns() {
    for (relative, model) in drawn_specs() {
        let text = markdown::render(&model, 2);
        let mut columns = None;
        for line in text.lines() {
            if !line.starts_with('|') {
                columns = None;
                continue;
            }
            assert!(
                line.ends_with(" |") || line.ends_with("---|"),
                "{relative}: {line}"
            );
            let n = cells(line);
            assert_eq!(*columns.get_or_insert(n), n, "{relative}: {line}");
        }
        // Raw HTML never reaches the page; only our own paragraph breaks do.
        let outside_code: String = text.split('`').step_by(2).collect::<Vec<_>>().join("");
        assert!(
            !outside_code.replace("<br>", "").contains('<'),
            "{relative}: raw `<` outside code spans"
        );
    }
    let escaping = markdown::state_table(&model("tests/fixtures/good/escaping.yaml"));
    assert!(escaping.contains("Line one &lt;script&gt;alert(1)&lt;/script&gt; line two \\| with a pipe `code \\| with pipe` and `a<b>c`"), "{escaping}");
}

#[test]
fn markdown_reproduces_the_article_tables() {
    let job = model("spec/import-export/job.yaml");
    let states = markdown::state_table(&job);
    assert!(states.starts_with(
        "| State | Description |\n|---|---|\n| `Creating` (initial) | After Put Job creates the job"
    ));
    let errors = markdown::incident_table(&job);
    assert!(errors.contains("\n| `Creating` or Undefined | One or more drives of the job arrived"));
    assert!(errors.contains("\n| `Completed` or `Closed` | The drives never reached"));
    assert!(
        errors.contains("\n| `Creating`, `Shipping` or `Transferring` | The package holds a drive")
    );
    assert!(errors.contains("| `CloseUnanswered` → `Closed` |"));
    let timeouts = markdown::timeout_table(&job);
    assert!(timeouts.contains("| `Creating` | 14d | the lifecycle ends: The service deletes the job automatically. | `UpdateJobProperties` |"));
    assert!(timeouts.contains(
        "| `Shipping` | 14d | notifies, the state stays: Import/Export service operators"
    ));
    let transitions = markdown::transition_table(&job);
    assert!(transitions.contains("| any non-final state | `Fault` |  | `Faulted` |"));
    assert!(transitions.contains("| `Creating` | `Cancel` |  | (internal: stays) |"));

    let drive = model("spec/import-export/drive.yaml");
    let states = markdown::state_table(&drive);
    assert!(states.contains("| `Specified` (initial: import) |"));
    assert!(states.contains("| `Received` (initial: export) |"));
    assert!(states.contains("| `ShippedBack` (final) |"));
    let errors = markdown::incident_table(&drive);
    assert!(errors.contains("\n| N/A | A drive that belongs to no job"));
    assert!(errors.contains("| `ArrivedInLaterShipment` → `Received` |"));
}

/// `s` without Mermaid entity codes (`#quot;`, `#59;`).
fn without_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        match tail.find(';') {
            Some(end) if end > 0 && tail[..end].chars().all(|c| c.is_ascii_alphanumeric()) => {
                rest = &tail[end + 1..];
            }
            _ => {
                out.push('#');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A Mermaid line we write: one of the statement forms of `stateDiagram-v2` we use.
fn mermaid_statement_is_valid(line: &str, in_note: bool) -> bool {
    let line = line.trim();
    let id = |s: &str| {
        s == "[*]" || (!s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    };
    let text_ok = |s: &str| {
        let s = without_entities(s);
        !s.contains([';', '"', '<', '>', '{', '}', '|', '%', ':', '#']) && !s.contains("-->")
    };
    if in_note {
        return line == "end note" || (text_ok(line) && !line.eq_ignore_ascii_case("end note"));
    }
    if line.starts_with("%% ") || line == "stateDiagram-v2" || line.starts_with("direction ") {
        return true;
    }
    if let Some(rest) = line.strip_prefix("note right of ") {
        return id(rest);
    }
    if let Some(rest) = line.strip_prefix("classDef ") {
        return rest.split_once(' ').is_some_and(|(name, _)| id(name));
    }
    if let Some(rest) = line.strip_prefix("class ") {
        return rest
            .rsplit_once(' ')
            .is_some_and(|(ids, name)| id(name) && ids.split(", ").all(id));
    }
    // A composite state (a compound state): its head, its end, the states inside it, and the
    // line between two regions of a parallel state.
    if line == "}" || line == "--" || id(line) {
        return true;
    }
    let line = line.strip_suffix(" {").unwrap_or(line);
    if let Some(rest) = line.strip_prefix("state ") {
        if id(rest) {
            return true;
        }
        let Some(rest) = rest.strip_prefix('"') else {
            return false;
        };
        return rest
            .split_once("\" as ")
            .is_some_and(|(label, name)| text_ok(label) && id(name));
    }
    if let Some((from, rest)) = line.split_once(" --> ") {
        let (to, label) = rest.split_once(" : ").unwrap_or((rest, ""));
        return id(from) && id(to) && text_ok(label);
    }
    if let Some((name, label)) = line.split_once(" : ") {
        return id(name) && text_ok(label);
    }
    false
}

#[test]
fn mermaid_statements_are_well_formed() {
    for (relative, model) in drawn_specs() {
        let text = mermaid::render(&model);
        let body = text
            .strip_prefix(&format!("---\ntitle: {}\n---\n", model.name.spec))
            .unwrap_or_else(|| panic!("{relative}: front matter\n{text}"));
        let mut in_note = false;
        for line in body.lines() {
            assert!(
                mermaid_statement_is_valid(line, in_note),
                "{relative}: not a statement we expect: {line:?}"
            );
            if line.trim_start().starts_with("note right of ") {
                in_note = true;
            } else if line.trim() == "end note" {
                in_note = false;
            }
        }
        assert!(!in_note, "{relative}: unclosed note");
    }
}

#[test]
fn mermaid_shows_what_dot_shows() {
    let job = mermaid::render(&model("spec/import-export/job.yaml"));
    for expected in [
        "    [*] --> Creating\n",
        "    Creating : Cancel (internal)\n",
        "    Creating --> Shipping : MarkShipping [delivery_package_set, return_address_set]\n",
        "    Shipping --> Closed : CloseUnanswered (error table)\n",
        "    Creating --> [*] : after 14d (reset by UpdateJobProperties), lifecycle ends\n",
        "    note right of Shipping\n        after 14d#58;\n",
        "    fault_any --> Faulted : Fault\n",
        "    Faulted --> fault_history : Resolve\n",
        "    class Completed, Closed finalState\n",
    ] {
        assert!(job.contains(expected), "missing {expected:?} in\n{job}");
    }
    let drive = mermaid::render(&model("spec/import-export/drive.yaml"));
    assert!(drive.contains("    [*] --> Specified : import\n    [*] --> Received : export\n"));
    assert!(
        drive.contains(
            "    Specified --> NeverReceived : PackageArrivedWithoutDrive or after 14d\n"
        )
    );
}
