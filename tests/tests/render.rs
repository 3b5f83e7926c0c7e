//! Diagrams and tables: snapshots of DOT, Mermaid and Markdown for every good spec, the
//! figures of the reference specs against the documented lifecycle, and escaping (Graphviz
//! parses every DOT we emit when it is installed; Mermaid and Markdown keep their structure).

use std::collections::BTreeSet;

use machine_core::{Model, SourceFile, compile};
use machine_render::{dot, markdown, mermaid, svg};
use machine_tests::figures::{HISTORY, good_specs, graphviz, model};

#[path = "render/parallel.rs"]
mod parallel;

/// The good specs and the specs with parallel states, which every figure and table draws
/// (the other outputs refuse parallel states yet, so they are not among the good specs).
fn drawn_specs() -> Vec<(String, Model)> {
    let mut specs = good_specs();
    specs.extend(parallel::SPECS.map(|relative| (relative.to_owned(), model(relative))));
    specs
}

/// `spec/import-export/job.yaml` -> `spec-import-export-job`.
fn slug(relative: &str) -> String {
    relative.trim_end_matches(".yaml").replace(['/', '.'], "-")
}

#[test]
fn snapshots_of_every_good_spec() {
    let specs = drawn_specs();
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
    for (relative, model) in drawn_specs() {
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

#[test]
fn graphviz_parses_every_dot_we_emit() {
    for (relative, model) in drawn_specs() {
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
    for (relative, model) in drawn_specs() {
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
    let mut specs = drawn_specs();
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
