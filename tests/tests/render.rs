//! Diagrams and tables: snapshots of DOT, Mermaid and Markdown for every good spec, the
//! figures of the reference specs against the documented lifecycle, and escaping (Graphviz
//! parses every DOT we emit when it is installed; Mermaid and Markdown keep their structure).

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use machine_core::{Model, SourceFile, compile};
use machine_render::{dot, markdown, mermaid, svg};
use machine_tests::{workspace, yaml_files};

/// The nested spec with history states (rule S19), drawn and tabulated with the good specs.
const HISTORY: &str = "tests/fixtures/nested/history.yaml";

/// Every good spec, and [`HISTORY`], as (path relative to the workspace, model).
fn good_specs() -> Vec<(String, Model)> {
    let mut paths = yaml_files("spec");
    paths.extend(yaml_files("tests/fixtures/good"));
    paths.push(HISTORY.to_owned());
    paths
        .into_iter()
        .map(|relative| {
            let model = model(&relative);
            (relative, model)
        })
        .collect()
}

fn model(relative: &str) -> Model {
    let text = std::fs::read_to_string(workspace().join(relative))
        .unwrap_or_else(|e| panic!("{relative}: {e}"));
    let compiled = compile(&SourceFile::new(relative, text));
    compiled
        .model
        .unwrap_or_else(|| panic!("{relative} has errors: {:#?}", compiled.diagnostics))
}

/// `spec/import-export/job.yaml` -> `spec-import-export-job`.
fn slug(relative: &str) -> String {
    relative.trim_end_matches(".yaml").replace(['/', '.'], "-")
}

#[test]
fn snapshots_of_every_good_spec() {
    let specs = good_specs();
    assert!(specs.len() >= 4, "the reference specs and the fixtures");
    for (relative, model) in &specs {
        let name = slug(relative);
        insta::assert_snapshot!(format!("{name}.dot"), dot::render(model));
        insta::assert_snapshot!(format!("{name}.mmd"), mermaid::render(model));
        insta::assert_snapshot!(format!("{name}.md"), markdown::render(model, 2));
    }
}

#[test]
fn rendering_is_deterministic() {
    for (relative, model) in good_specs() {
        let again = self::model(&relative);
        assert_eq!(dot::render(&model), dot::render(&again), "{relative}");
        assert_eq!(
            mermaid::render(&model),
            mermaid::render(&again),
            "{relative}"
        );
        assert_eq!(
            markdown::render(&model, 2),
            markdown::render(&again, 2),
            "{relative}"
        );
        assert_eq!(svg::render(&model), svg::render(&again), "{relative}");
    }
}

// --- The figures equal the documented lifecycle -------------------------------------------

/// The edges of a DOT text written by `dot::render`: `"from" -> "to"` at the start of a line.
fn dot_edges(dot: &str) -> Vec<(String, String)> {
    dot.lines()
        // Invisible edges only arrange the figure (the legend below every state).
        .filter(|line| !line.contains("style=invis"))
        .filter_map(|line| {
            let line = line.trim_start();
            let rest = line.strip_prefix('"')?;
            let (from, rest) = rest.split_once('"')?;
            let rest = rest.strip_prefix(" -> \"")?;
            let (to, _) = rest.split_once('"')?;
            Some((from.to_owned(), to.to_owned()))
        })
        .collect()
}

/// Node ids with a `:` are markers (start, end, note, fault helpers, legend).
fn is_state(id: &str) -> bool {
    !id.contains(':')
}

fn pairs(list: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

struct Figure {
    /// Edges between two states, the fault state's aside.
    between_states: BTreeSet<(String, String)>,
    /// The states a start marker points to.
    starts: BTreeSet<String>,
    /// The states with an edge to an end marker.
    ends: BTreeSet<String>,
    /// Every edge touching the fault state.
    fault: BTreeSet<(String, String)>,
    /// The state nodes.
    states: BTreeSet<String>,
}

fn figure(dot_text: &str) -> Figure {
    let edges = dot_edges(dot_text);
    let states = dot_text
        .lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix('"')?;
            let (id, rest) = rest.split_once('"')?;
            (rest.starts_with(" [") && is_state(id)).then(|| id.to_owned())
        })
        .collect();
    let of = |f: &dyn Fn(&(String, String)) -> bool| -> BTreeSet<(String, String)> {
        edges.iter().filter(|e| f(e)).cloned().collect()
    };
    Figure {
        between_states: of(&|(a, b)| {
            is_state(a) && is_state(b) && a != "Faulted" && b != "Faulted"
        }),
        starts: edges
            .iter()
            .filter(|(a, _)| a.starts_with("start:"))
            .map(|(_, b)| b.clone())
            .collect(),
        ends: edges
            .iter()
            .filter(|(_, b)| b.starts_with("end:"))
            .map(|(a, _)| a.clone())
            .collect(),
        fault: of(&|(a, b)| a == "Faulted" || b == "Faulted"),
        states,
    }
}

#[test]
fn job_figure_is_the_documented_lifecycle() {
    let f = figure(&dot::render(&model("spec/import-export/job.yaml")));
    assert_eq!(
        f.between_states,
        pairs(&[
            ("Creating", "Creating"),
            ("Creating", "Shipping"),
            ("Shipping", "Received"),
            ("Received", "Transferring"),
            ("Transferring", "Packaging"),
            ("Packaging", "Completed"),
            ("Packaging", "Closed"),
            ("Shipping", "Closed"),
        ])
    );
    assert_eq!(f.starts, BTreeSet::from(["Creating".to_owned()]));
    assert_eq!(
        f.ends,
        ["Creating", "Completed", "Closed"]
            .map(str::to_owned)
            .into()
    );
    assert_eq!(
        f.fault,
        pairs(&[("fault:any", "Faulted"), ("Faulted", "fault:history")])
    );
    assert_eq!(
        f.states,
        [
            "Creating",
            "Shipping",
            "Received",
            "Transferring",
            "Packaging",
            "Completed",
            "Closed",
            "Faulted"
        ]
        .map(str::to_owned)
        .into()
    );
}

#[test]
fn drive_figure_is_the_documented_lifecycle() {
    let dot_text = dot::render(&model("spec/import-export/drive.yaml"));
    let f = figure(&dot_text);
    assert_eq!(
        f.between_states,
        pairs(&[
            ("Specified", "Received"),
            ("Specified", "NeverReceived"),
            ("NeverReceived", "Received"),
            ("Received", "Transferring"),
            ("Transferring", "Completed"),
            ("Transferring", "CompletedMoreInfo"),
            ("Completed", "ShippedBack"),
            ("CompletedMoreInfo", "ShippedBack"),
        ])
    );
    assert_eq!(
        f.starts,
        ["Specified", "Received"].map(str::to_owned).into()
    );
    assert!(f.ends.is_empty());
    assert_eq!(
        f.fault,
        pairs(&[("fault:any", "Faulted"), ("Faulted", "fault:history")])
    );
    assert_eq!(f.states.len(), 8);
    // The event and the 14-day timeout share one edge, one label line each.
    assert!(
        dot_text.contains(
            "\"Specified\" -> \"NeverReceived\" [label=\"PackageArrivedWithoutDrive\\nafter 14d\""
        ),
        "{dot_text}"
    );
    // Named starts label their edge.
    assert!(dot_text.contains("\"start:import\" -> \"Specified\" [label=\"import\"]"));
    assert!(dot_text.contains("\"start:export\" -> \"Received\" [label=\"export\"]"));
}

#[test]
fn styles_mark_finals_faults_incidents_and_timeouts() {
    let dot_text = dot::render(&model("spec/import-export/job.yaml"));
    let line = |prefix: &str| {
        dot_text
            .lines()
            .find(|l| l.trim_start().starts_with(prefix))
            .unwrap_or_else(|| panic!("no line starting with {prefix}"))
            .to_owned()
    };
    assert!(line("\"Completed\" [").contains("peripheries=2"));
    assert!(line("\"Closed\" [").contains("peripheries=2"));
    assert!(!line("\"Packaging\" [").contains("peripheries"));
    assert!(line("\"Faulted\" [").contains("color=\"#c0392b\""));
    let incident = line("\"Shipping\" -> \"Closed\"");
    assert!(incident.contains("style=dashed") && incident.contains("label=\"CloseUnanswered\""));
    assert!(line("\"Creating\" -> \"end:Creating:0\"").contains("after 14d"));
    assert!(line("\"Completed\" -> \"end:Completed:0\"").contains("after 90d"));
    assert!(line("\"Shipping\" -> \"note:Shipping:0\"").contains("style=dotted"));
    assert!(line("\"note:Shipping:0\" [").contains("Import/Export service"));
    assert!(
        line("\"Creating\" -> \"Shipping\"")
            .contains("label=\"MarkShipping\\n[delivery_package_set, return_address_set]\"")
    );
    // Internal transitions are listed in their state, not drawn as edges.
    assert!(line("\"Creating\" [").contains("Cancel (internal)"));
    // Doc text is the tooltip.
    assert!(line("\"Received\" [").contains("tooltip=\"All drives have been received"));
    // A legend, since these styles are used.
    assert!(dot_text.contains("\"legend:\" ["));
    assert!(dot_text.contains("resolution from the error table"));
}

// --- Escaping ------------------------------------------------------------------------------

/// Runs Graphviz on `dot_text`; `None` when it is not installed.
fn graphviz(dot_text: &str, format: &str) -> Option<(bool, String, String)> {
    let mut child = match Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // `.ci/run` installs Graphviz and requires it: there, a missing `dot` fails.
            assert!(
                std::env::var_os("MACHINE_REQUIRE_TOOLS").is_none(),
                "Graphviz is required (MACHINE_REQUIRE_TOOLS is set) but `dot` is not installed"
            );
            return None;
        }
        Err(e) => panic!("cannot run dot: {e}"),
    };
    let mut stdin = child.stdin.take().expect("piped");
    let input = dot_text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("dot runs");
    writer.join().expect("writer").expect("dot reads its input");
    Some((
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    ))
}

#[test]
fn graphviz_parses_every_dot_we_emit() {
    for (relative, model) in good_specs() {
        let dot_text = dot::render(&model);
        let Some((ok, svg, stderr)) = graphviz(&dot_text, "svg") else {
            eprintln!("Graphviz is not installed: DOT syntax not checked by Graphviz");
            return;
        };
        assert!(
            ok && stderr.trim().is_empty(),
            "{relative}: {stderr}\n{dot_text}"
        );
        assert!(svg.contains("<svg"), "{relative}");
    }
}

#[test]
fn graphviz_reads_back_the_texts_unchanged() {
    let model = model("tests/fixtures/good/escaping.yaml");
    let Some((ok, canon, stderr)) = graphviz(&dot::render(&model), "canon") else {
        return;
    };
    assert!(ok, "{stderr}");
    // Quotes and backslashes survive as data: Graphviz writes them back escaped the same way.
    assert!(
        canon.contains(r#"with \"quotes\" --> and ; and {braces}"#),
        "{canon}"
    );
    assert!(
        canon.contains(r#"backslash \\ and \\\" and \\\\ and a trailing one \\"#),
        "{canon}"
    );
    let chinese = self::model("tests/fixtures/good/chinese.yaml");
    let (ok, svg, stderr) = graphviz(&dot::render(&chinese), "svg").expect("installed");
    assert!(ok, "{stderr}");
    assert!(
        svg.contains("服务会自动将其删除"),
        "tooltips keep non-ASCII text"
    );
    assert!(svg.contains("创建中"), "wire names keep non-ASCII text");
}

#[test]
fn dot_quoted_strings_are_closed_on_every_line() {
    for (relative, model) in good_specs() {
        for line in dot::render(&model).lines() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            let mut quotes = 0;
            let mut escaped = false;
            for c in line.chars() {
                match (escaped, c) {
                    (false, '\\') => escaped = true,
                    (false, '"') => quotes += 1,
                    _ => escaped = false,
                }
            }
            assert_eq!(quotes % 2, 0, "{relative}: unbalanced quotes in {line}");
        }
    }
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
    for (relative, model) in good_specs() {
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
    // A composite state (a compound state): its head, its end, and the states inside it.
    if line == "}" || id(line) {
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
    for (relative, model) in good_specs() {
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

/// History states (rule S19): a circle `H` or `H*` named after its history in its compound
/// state's cluster, level with the compound state's start marker (Graphviz keeps it inside the
/// frame), where transitions to it end, with a dashed `default` arrow; in Mermaid a state in
/// the composite; in the tables, a row of their own and the target of a transition.
#[test]
fn history_states_are_drawn_in_their_compound_state() {
    let model = model(HISTORY);
    let figure = dot::render(&model);
    for expected in [
        r#""history:Resume" [shape=circle, label="H*", xlabel="Resume""#,
        r#"{ rank=same; "initial:Open"; "history:Resume"; "history:Reopen"; }"#,
        r#"{ rank=same; "initial:Packing"; "history:Repack"; }"#,
        r#""OnHold" -> "history:Resume" [label="Release"];"#,
        // From its own compound state: not clipped at the frame the circle is in.
        r#""Open" -> "history:Resume" [label="Refresh"];"#,
        // From a state inside: written backwards, ranking the circle above its source.
        r#""history:Repack" -> "Boxing" [label="Unbox", dir=back];"#,
        r#""history:Reopen" -> "Packing" [label="default", tooltip="where Reopen leads when Open was never left", style=dashed, lhead="cluster_Packing"];"#,
    ] {
        assert!(
            figure.contains(expected),
            "missing {expected:?} in\n{figure}"
        );
    }
    if let Some((ok, json, stderr)) = graphviz(&figure, "json") {
        assert!(ok && stderr.trim().is_empty(), "{stderr}");
        let laid: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        let objects = laid["objects"].as_array().expect("objects");
        let numbers = |o: &serde_json::Value, key: &str| -> Vec<f64> {
            let text = o[key].as_str().unwrap_or_default();
            text.split(',')
                .map(|n| n.parse().expect("a number"))
                .collect()
        };
        let find = |name: &str| objects.iter().find(|o| o["name"] == name).expect(name);
        for (circle, inside, outside) in [
            ("Resume", "Open", Some("Packing")),
            ("Reopen", "Open", Some("Packing")),
            ("Repack", "Packing", None),
        ] {
            let at = numbers(find(&format!("history:{circle}")), "pos");
            let frame = numbers(find(&format!("cluster_{inside}")), "bb");
            let within = |b: &[f64]| at[0] > b[0] && at[0] < b[2] && at[1] > b[1] && at[1] < b[3];
            assert!(within(&frame), "{circle} is drawn inside {inside}");
            if let Some(other) = outside {
                assert!(!within(&numbers(find(&format!("cluster_{other}")), "bb")));
            }
            let marker = numbers(find(&format!("initial:{inside}")), "pos");
            assert!(
                (marker[1] - at[1]).abs() < 0.01,
                "{circle} beside the start"
            );
        }
    }
    let chart = mermaid::render(&model);
    for expected in [
        "        state \"Resume\" as history_Resume\n        history_Resume : H*\n",
        "            state \"Repack\" as history_Repack\n            history_Repack : H\n",
        "    OnHold --> history_Resume : Release\n",
        "    history_Reopen --> Packing : default\n",
    ] {
        assert!(chart.contains(expected), "missing {expected:?} in\n{chart}");
    }
    let tables = markdown::render(&model, 2);
    for expected in [
        "| `Resume` | `Open` | deep (`H*`) | `Pending` (its initial state) |  |\n",
        "| `Reopen` | `Open` | shallow (`H`) | `Packing` | Back to the step it was at, from its start. |\n",
        "| `OnHold` | `Release` |  | `Resume` (deep history of `Open`) |  |  |\n",
    ] {
        assert!(
            tables.contains(expected),
            "missing {expected:?} in\n{tables}"
        );
    }
    let drawn = svg::render(&model).expect("small");
    assert!(
        drawn.contains("H*") && drawn.contains("in Packing"),
        "{drawn}"
    );
}

// --- SVG without Graphviz ---------------------------------------------------------------------

#[test]
fn builtin_svg_draws_every_good_spec() {
    for (relative, model) in good_specs() {
        let svg = svg::render(&model).expect("every good spec is small enough to lay out");
        assert!(
            svg.contains("<svg width=") && svg.trim_end().ends_with("</svg>"),
            "{relative}"
        );
        for state in &model.states {
            assert!(
                svg.contains(&format!(">{}<", state.name.spec)),
                "{relative}: state {} is drawn",
                state.name.spec
            );
        }
        // Text is escaped for XML.
        assert!(
            !svg.contains("<wire>") && !svg.contains("<team>"),
            "{relative}"
        );
    }
}

#[test]
fn builtin_svg_survives_large_and_tangled_specs() {
    for (states, per_state) in [(2, 1), (8, 2), (16, 3)] {
        let text = machine_tests::synthetic::spec(states, per_state);
        let compiled = compile(&SourceFile::new("synthetic.yaml", text));
        let model = compiled.model.expect("synthetic specs are valid");
        assert!(svg::render(&model).expect("small").contains("</svg>"));
        assert!(dot::render(&model).contains("digraph"));
    }
}

/// A `"*"` entry with `except:` is one group box naming what it leaves out, with one edge; a
/// state left out keeps its own edge, and an unguarded fallback after a guarded one is `[else]`.
#[test]
fn star_groups_are_drawn_once_and_fallbacks_say_else() {
    let text = r#"
machine: M
initial: A
states: { A: {}, B: {}, C: {}, Done: { final: true } }
events: { Go: {}, Stop: {} }
guards: { ok: {} }
transitions:
  - { from: A, on: Go, to: B }
  - { from: B, on: Go, to: C }
  - { from: C, on: Go, to: Done }
  - { from: B, on: Stop, guard: ok, to: A }
  - { from: "*", except: [B], on: Stop, to: Done }
  - { from: B, on: Stop, to: Done }
"#;
    let compiled = compile(&SourceFile::new("star.yaml", text));
    assert!(
        compiled.diagnostics.is_empty(),
        "{:#?}",
        compiled.diagnostics
    );
    let model = compiled.model.expect("a model");
    let figure = dot::render(&model);
    assert!(
        figure.contains("label=\"any non-final state except B\""),
        "{figure}"
    );
    assert_eq!(figure.matches("[label=\"Stop\"").count(), 1, "{figure}");
    assert!(
        figure.contains("\"B\" -> \"Done\" [label=\"Stop [else]\""),
        "{figure}"
    );
    let chart = mermaid::render(&model);
    assert!(chart.contains("any_4 --> Done : Stop"), "{chart}");
}

/// A chain of `states` states (`S0 -> S1 -> ...`, one event): layout-rs places each state,
/// the label of its arrow, the start marker and the legend, `2 * states + 1` nodes.
fn chain(states: usize) -> machine_core::Model {
    let text = machine_tests::synthetic::spec(states, 1);
    let compiled = compile(&SourceFile::new("chain.yaml", text));
    compiled.model.expect("synthetic specs are valid")
}

#[test]
fn builtin_svg_uses_layout_rs_up_to_its_limit_and_the_layered_layout_past_it() {
    let at = chain((svg::MAX_BUILTIN_LAYOUT_NODES - 1) / 2);
    assert_eq!(
        svg::layout_work(&at).nodes,
        svg::MAX_BUILTIN_LAYOUT_NODES - 1
    );
    let drawn = svg::draw(&at).expect("at the limit");
    assert!(!drawn.simple && drawn.note().is_none() && drawn.svg.contains("</svg>"));
    assert_eq!(svg::render(&at).as_ref(), Ok(&drawn.svg));

    let past = chain(svg::MAX_BUILTIN_LAYOUT_NODES.div_ceil(2));
    let drawn = svg::draw(&past).expect("past the limit, drawn simply");
    assert!(drawn.simple, "past the limit");
    assert_eq!(drawn.work.nodes, svg::MAX_BUILTIN_LAYOUT_NODES + 1);
    assert_eq!(svg::render_layered(&past).as_ref(), Ok(&drawn.svg));
    let note = drawn.note().expect("a note");
    assert!(
        note.contains("machine svg --engine graphviz")
            && note.contains(&format!("({} boxes, {} arrows)", drawn.boxes, drawn.arrows)),
        "{note}"
    );
}

#[test]
fn builtin_svg_draws_dense_specs_without_layout_rs() {
    // 300 states with ten transitions each: the arrows cross so many layers that layout-rs
    // would run for many minutes; the layered layout draws it.
    let text = machine_tests::synthetic::spec(300, 10);
    let model = compile(&SourceFile::new("dense.yaml", text))
        .model
        .expect("synthetic specs are valid");
    assert!(svg::layout_work(&model).nodes > svg::MAX_BUILTIN_LAYOUT_NODES);
    let drawn = svg::draw(&model).expect("drawn");
    assert!(drawn.simple && drawn.svg.contains("</svg>"));
}

/// The nodes of a Graphviz `-Tplain` layout: name, centre x and y (y grows upwards), width
/// and height.
fn plain_nodes(plain: &str) -> Vec<(String, f64, f64, f64, f64)> {
    let mut nodes = Vec::new();
    for line in plain.lines().filter(|l| l.starts_with("node ")) {
        let rest = &line["node ".len()..];
        let (name, rest) = if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').expect("a closing quote");
            (quoted[..end].to_owned(), &quoted[end + 1..])
        } else {
            let end = rest.find(' ').expect("fields after the name");
            (rest[..end].to_owned(), &rest[end..])
        };
        let numbers: Vec<f64> = rest
            .split_whitespace()
            .take(4)
            .map(|n| n.parse().expect("a number"))
            .collect();
        nodes.push((name, numbers[0], numbers[1], numbers[2], numbers[3]));
    }
    nodes
}

/// Laid out by Graphviz, a `notify` note sits next to its state (same row, nothing between
/// them, so its dotted connector crosses no edge) and the legend sits below every other box.
/// The DHCP client had its legend between its states.
#[test]
fn graphviz_keeps_notes_beside_their_state_and_the_legend_at_the_bottom() {
    let mut specs = good_specs();
    specs.push((
        "tests/fixtures/layout/dhcp-client.yaml".into(),
        model("tests/fixtures/layout/dhcp-client.yaml"),
    ));
    for (relative, model) in specs {
        let Some((ok, plain, stderr)) = graphviz(&dot::render(&model), "plain") else {
            return;
        };
        assert!(ok, "{relative}: {stderr}");
        let nodes = plain_nodes(&plain);
        let legend = nodes.iter().find(|n| n.0 == "legend:").expect("a legend");
        let legend_top = legend.2 + legend.4 / 2.;
        for node in nodes.iter().filter(|n| n.0 != "legend:") {
            assert!(
                legend_top <= node.2 - node.4 / 2. + 0.01,
                "{relative}: the legend reaches above the bottom of {}",
                node.0
            );
        }
        for note in nodes.iter().filter(|n| n.0.starts_with("note:")) {
            let state = note.0["note:".len()..]
                .rsplit_once(':')
                .expect("note:S:i")
                .0;
            let Some(owner) = nodes.iter().find(|n| n.0 == state) else {
                continue; // a spanning timer's note: `note:timer:Name`
            };
            assert!(
                (owner.2 - note.2).abs() < 0.01,
                "{relative}: {} is not on the row of {state}",
                note.0
            );
            let (left, right) = (owner.1.min(note.1), owner.1.max(note.1));
            // Its state's other markers may sit between them.
            let own = |id: &str| {
                id == owner.0
                    || [format!("end:{state}:"), format!("note:{state}:")]
                        .iter()
                        .any(|p| id.starts_with(p.as_str()))
            };
            for other in nodes.iter().filter(|n| !own(&n.0)) {
                let between = other.1 > left && other.1 < right;
                let same_row = (other.2 - note.2).abs() < f64::midpoint(other.4, note.4);
                assert!(
                    !(between && same_row),
                    "{relative}: {} lies between {state} and its note",
                    other.0
                );
            }
        }
    }
}
