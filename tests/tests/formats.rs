//! Every text format we emit, read back by a parser that someone else wrote: Mermaid by
//! Mermaid itself (under node), Markdown tables by a CommonMark/GFM parser, SVG by an XML
//! parser, SCXML by an XML parser, JSON by `serde_json`. (Rust is read by syn and rustc in `codegen.rs`,
//! `tests/strict-user` and `tests/differential`; DOT by Graphviz in `render.rs`.) Over every
//! good spec, including `tests/fixtures/good/escaping.yaml`, whose names and texts try to break
//! out of each format: what the parser reads must be what we meant to write.
//!
//! A missing external tool (node and `tests/formats/node_modules`) skips its test locally;
//! with `MACHINE_REQUIRE_TOOLS` set, as `.ci/run` does, it fails instead.

use std::collections::BTreeSet;
use std::path::Path;

use machine_core::{Model, SourceFile, compile};
use machine_export::scxml;
use machine_render::{markdown, mermaid, svg};
use machine_tests::{machine, workspace, yaml_files};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

fn good_specs() -> Vec<(String, Model)> {
    ["spec", "tests/fixtures/good", "tests/fixtures/nested"]
        .iter()
        .flat_map(|dir| yaml_files(dir))
        .filter(|relative| !relative.ends_with("schema.yaml"))
        .map(|relative| {
            let text = std::fs::read_to_string(workspace().join(&relative)).expect("readable");
            let model = compile(&SourceFile::new(relative.clone(), text))
                .model
                .unwrap_or_else(|| panic!("{relative} is a good spec"));
            (relative, model)
        })
        .collect()
}

// --- Mermaid ----------------------------------------------------------------------------------

/// What our own statements say: the relations `A --> B : label` in order, and every state id
/// (`[*]` is Mermaid's `root_start` as a source and `root_end` as a target).
fn written(text: &str) -> (Vec<(String, String, String)>, BTreeSet<String>) {
    let mut relations = Vec::new();
    let mut states = BTreeSet::new();
    // Inside a composite state (`state "label" as Id {` ... `}`), Mermaid keeps the
    // relations (its initial state) to the composite: only its states are listed, by their
    // id alone or with a label or a description (a history state).
    let mut depth = 0usize;
    for line in text.lines().map(str::trim) {
        if let Some(head) = line.strip_suffix(" {") {
            let id = head.rsplit_once(" as ").map_or(head, |(_, id)| id);
            states.insert(id.trim_start_matches("state ").to_owned());
            depth += 1;
            continue;
        }
        // The line between two regions of a parallel state.
        if line == "}" || line == "--" {
            depth -= usize::from(line == "}");
            continue;
        }
        if depth > 0 && line.contains(" --> ") {
            continue;
        }
        if let Some((from, rest)) = line.split_once(" --> ") {
            let (to, label) = rest.split_once(" : ").unwrap_or((rest, ""));
            let from = if from == "[*]" { "root_start" } else { from };
            let to = if to == "[*]" { "root_end" } else { to };
            states.insert(from.to_owned());
            states.insert(to.to_owned());
            relations.push((from.to_owned(), to.to_owned(), label.to_owned()));
        } else if let Some(rest) = line.strip_prefix("state ") {
            let id = rest.rsplit_once(" as ").map_or(rest, |(_, id)| id);
            states.insert(id.to_owned());
        } else if let Some((id, _)) = line.split_once(" : ") {
            states.insert(id.to_owned());
        } else if depth > 0 {
            // A state inside the composite, by its id alone.
            states.insert(line.to_owned());
        }
    }
    (relations, states)
}

#[test]
fn mermaid_reads_every_diagram_as_we_wrote_it() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mermaid");
    let mut expected = Vec::new();
    let mut charts = Vec::new();
    for (relative, model) in good_specs() {
        let text = mermaid::render(&model);
        let (relations, mut states) = written(&text);
        // Mermaid keeps the regions of a parallel state (the composites between its `--`
        // lines) as concurrent parts of it, not as states of their own.
        for region in model
            .state_ids()
            .filter(|&s| model.parent(s).is_some_and(|p| model.is_parallel(p)))
        {
            states.remove(&model.state(region).name.rust);
        }
        expected.push((relative.clone(), (relations, states)));
        charts.push((relative.replace('/', "__"), text));
    }
    let Some(lines) = machine_tests::mermaid_parse(&dir, &charts) else {
        return;
    };
    for (read, (relative, (relations, states))) in lines.iter().zip(&expected) {
        assert!(
            read.get("error").is_none(),
            "{relative}: Mermaid says {read}"
        );
        assert_eq!(read["type"], "stateDiagram", "{relative}");
        let read_relations = machine_tests::mermaid_relations(read);
        assert_eq!(&read_relations, relations, "{relative}: relations");
        let read_states: BTreeSet<String> = read["states"]
            .as_array()
            .expect("states")
            .iter()
            .map(|s| s.as_str().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(&read_states, states, "{relative}: states");
    }
}

// --- Markdown ---------------------------------------------------------------------------------

/// The tables of a Markdown text as a GFM parser reads them: rows of cell texts.
fn tables(text: &str) -> Vec<Vec<Vec<String>>> {
    let mut tables = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => rows = Vec::new(),
            Event::End(TagEnd::Table) => tables.push(std::mem::take(&mut rows)),
            Event::Start(Tag::TableHead | Tag::TableRow) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(row), Some(text)) = (rows.last_mut(), cell.take()) {
                    row.push(text);
                }
            }
            event => {
                if let Some(cell) = cell.as_mut() {
                    push_text(cell, &event);
                }
            }
        }
    }
    tables
}

/// The text of a Markdown fragment as the parser reads it (doc text is Markdown: its
/// emphasis and code spans are read as such in a table cell too).
fn text_of(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::End(TagEnd::Paragraph) => text.push(' '),
            event => push_text(&mut text, &event),
        }
    }
    text
}

fn push_text(out: &mut String, event: &Event<'_>) {
    match event {
        // A paragraph break inside a cell is written as `<br><br>`.
        Event::InlineHtml(t) if t.as_ref() == "<br>" => out.push(' '),
        Event::Text(t) | Event::InlineHtml(t) | Event::Html(t) => out.push_str(t),
        Event::Code(t) => {
            out.push('`');
            out.push_str(t);
            out.push('`');
        }
        Event::SoftBreak | Event::HardBreak => out.push(' '),
        _ => {}
    }
}

/// The words of a cell, for comparing what was written with what was read: white space is
/// normalized, and the characters that Markdown may take as escapes or emphasis (`\\`, `*`,
/// `_`) are left out, since doc text is Markdown and the tables may write them either way.
fn one_line(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| !matches!(c, '\\' | '*' | '_'))
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_gfm_parser_reads_every_table_cell_as_written() {
    for (relative, model) in good_specs() {
        let states = tables(&markdown::state_table(&model));
        assert_eq!(states.len(), 1, "{relative}: one states table");
        let rows = &states[0];
        assert_eq!(
            rows.len(),
            model.states.len() + 1,
            "{relative}: a row per state"
        );
        let header = &rows[0];
        let wire = header.iter().position(|h| h == "Wire name");
        for (row, state) in rows[1..].iter().zip(&model.states) {
            assert_eq!(row.len(), header.len(), "{relative}: {row:?}");
            assert!(
                row[0].starts_with(&format!("`{}`", state.name.spec)),
                "{relative}: {row:?}"
            );
            if let Some(wire) = wire {
                let names: Vec<String> = std::iter::once(&state.wire)
                    .chain(&state.wire_aliases)
                    .map(|w| format!("`{w}`"))
                    .collect();
                assert_eq!(row[wire], names.join(", "), "{relative}: wire names");
            }
            let doc = row.last().expect("a description");
            assert_eq!(
                one_line(doc),
                one_line(&text_of(&state.doc)),
                "{relative}: doc"
            );
        }
        let events = tables(&markdown::event_table(&model));
        if let Some(rows) = events.first() {
            assert_eq!(
                rows.len(),
                model.events.len() + 1,
                "{relative}: a row per event"
            );
            for (row, event) in rows[1..].iter().zip(&model.events) {
                assert!(
                    row.iter()
                        .any(|c| one_line(c) == one_line(&text_of(&event.doc))),
                    "{relative}: the doc of {} in {row:?}",
                    event.name.spec
                );
            }
        }
        if !model.incidents.is_empty() {
            let incidents = tables(&markdown::incident_table(&model));
            let rows = &incidents[0];
            assert_eq!(
                rows.len(),
                model.incidents.len() + 1,
                "{relative}: a row per incident"
            );
            let width = rows[0].len();
            for (row, incident) in rows[1..].iter().zip(&model.incidents) {
                assert_eq!(row.len(), width, "{relative}: {row:?}");
                assert!(
                    row.iter()
                        .any(|c| one_line(c) == one_line(&text_of(&incident.resolution))),
                    "{relative}: the resolution of {} in {row:?}",
                    incident.name.spec
                );
            }
        }
    }
}

// --- SVG --------------------------------------------------------------------------------------

/// Parses `text` as XML. Graphviz writes a DOCTYPE, which the parser must accept (it expands
/// no external entity); returns the root element's name.
fn parse_xml(text: &str) -> Result<String, roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(text, options)?;
    Ok(document.root_element().tag_name().name().to_owned())
}

#[test]
fn every_svg_is_well_formed_xml() {
    let mut checked = 0;
    for (relative, model) in good_specs() {
        let text = svg::render(&model).expect("small enough to lay out");
        let root = parse_xml(&text)
            .unwrap_or_else(|e| panic!("{relative}: the built-in SVG is not XML: {e}"));
        assert_eq!(root, "svg", "{relative}");
        checked += 1;
    }
    for file in std::fs::read_dir(workspace().join("docs/import-export"))
        .expect("docs")
        .flatten()
    {
        let path = file.path();
        if path.extension().is_some_and(|e| e == "svg") {
            let text = std::fs::read_to_string(&path).expect("readable");
            let root =
                parse_xml(&text).unwrap_or_else(|e| panic!("{}: not XML: {e}", path.display()));
            assert_eq!(root, "svg", "{}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} SVG files read");
}

// --- JSON -------------------------------------------------------------------------------------

#[test]
fn every_json_output_is_json() {
    let bad = yaml_files("tests/fixtures/bad");
    let mut args = vec!["check", "--format", "json"];
    args.extend(bad.iter().map(String::as_str));
    let (code, out, _) = machine(&args);
    assert_eq!(code, 1);
    let findings: Vec<serde_json::Value> =
        serde_json::from_str(&out).expect("`check --format json` prints one JSON array");
    assert!(
        findings.len() >= bad.len(),
        "a finding per bad fixture at least"
    );
    for finding in &findings {
        for key in ["code", "severity", "message", "file", "line", "column"] {
            assert!(finding.get(key).is_some(), "no `{key}` in {finding}");
        }
    }
    let (_, out, _) = machine(&[
        "run",
        "tests/fixtures/good/escaping.yaml",
        "--events",
        "Go Poke +1h Fail Fix +2d Go",
        "--format",
        "json",
    ]);
    let mut lines = 0;
    for line in out.lines() {
        let value: serde_json::Value =
            serde_json::from_str(line).expect("`run --format json` prints JSON lines");
        assert!(value.is_object(), "{line}");
        lines += 1;
    }
    assert!(lines >= 5, "{out}");
    let (code, out, _) = machine(&["schema"]);
    assert_eq!(code, 0);
    let _: serde_json::Value = serde_json::from_str(&out).expect("the schema is JSON");
}

// --- SCXML ------------------------------------------------------------------------------------

/// Every SCXML export is XML whose structure is the model's, whatever its texts hold: one state
/// element per state (a `<parallel>` for a parallel state, with the parallel fixtures), with
/// its spec name, wire name and doc read back as written; one
/// `<transition>` per transition and timeout of the state, each `target` an id of the
/// document, each `cond` the conditions of the transition's guards, each doc as written.
#[test]
fn every_scxml_export_reads_back_as_the_model() {
    const SCXML: &str = "http://www.w3.org/2005/07/scxml";
    const M: &str = machine_export::scxml::NAMESPACE;
    let parallel = yaml_files("tests/fixtures/parallel")
        .into_iter()
        .map(|relative| {
            let model = machine_tests::model(&relative);
            (relative, model)
        });
    for (relative, model) in good_specs().into_iter().chain(parallel) {
        // `machine export` refuses a spec with spanning timers (tests/engines.rs).
        if machine_export::unexportable(&model, "SCXML").is_some() {
            continue;
        }
        let text = scxml::render(&model);
        let document = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{relative}: the SCXML is not XML: {e}"));
        let root = document.root_element();
        assert_eq!(root.tag_name().namespace(), Some(SCXML), "{relative}");
        assert_eq!(root.tag_name().name(), "scxml", "{relative}");
        assert_eq!(root.attribute((M, "name")), Some(model.name.spec.as_str()));
        assert_eq!(
            root.attribute((M, "doc")).unwrap_or(""),
            model.doc.trim(),
            "{relative}"
        );
        let ids: BTreeSet<&str> = document
            .descendants()
            .filter_map(|n| n.attribute("id"))
            .collect();
        for (index, state) in model.states.iter().enumerate() {
            let id = machine_core::model::StateId::from_index(index);
            let found: Vec<roxmltree::Node> = document
                .descendants()
                .filter(|n| {
                    matches!(n.tag_name().name(), "state" | "final" | "parallel")
                        && n.attribute("id") == Some(state.name.rust.as_str())
                })
                .collect();
            assert_eq!(found.len(), 1, "{relative}: {}", state.name.spec);
            let node = found[0];
            assert_eq!(node.attribute((M, "name")), Some(state.name.spec.as_str()));
            assert_eq!(node.attribute((M, "wire")), Some(state.wire.as_str()));
            assert_eq!(node.attribute((M, "doc")).unwrap_or(""), state.doc.trim());
            let transitions: Vec<roxmltree::Node> = node
                .children()
                .filter(|n| n.tag_name().name() == "transition")
                .collect();
            let written: Vec<&machine_core::model::Transition> =
                model.transitions_from(id).map(|(_, t)| t).collect();
            // A final state inside a compound state is a `<final>`, which holds no
            // transition: the compound state holds its timeouts' expiries.
            let nested_final = state.is_final && state.parent.is_some();
            let timeouts = if nested_final {
                0
            } else {
                state.timeouts.len()
            };
            let held: usize = model
                .final_children(id)
                .map(|f| model.state(f).timeouts.len())
                .sum();
            assert_eq!(
                transitions.len(),
                written.len() + timeouts + held,
                "{relative}: {}",
                state.name.spec
            );
            if nested_final {
                assert_eq!(node.tag_name().name(), "final", "{relative}");
            }
            assert_eq!(
                node.tag_name().name() == "parallel",
                state.parallel,
                "{relative}: {}",
                state.name.spec
            );
            for (element, t) in transitions.iter().zip(&written) {
                // An event's name, the completion of the state (rule S20), or none for an
                // eventless transition (rule S21); a `resume_to` exit has its own event.
                let event = match t.trigger {
                    machine_core::model::Trigger::Event(_)
                        if t.origin == machine_core::model::Origin::FaultExit =>
                    {
                        element.attribute("event").map(str::to_owned)
                    }
                    machine_core::model::Trigger::Event(e) => {
                        Some(scxml::event_name(&model, e).to_owned())
                    }
                    machine_core::model::Trigger::Always => None,
                    machine_core::model::Trigger::Done => Some(scxml::done_event(&model, id)),
                };
                assert_eq!(
                    element.attribute("event").map(str::to_owned),
                    event,
                    "{relative}"
                );
                let conds: Vec<String> = t
                    .guards
                    .iter()
                    .map(|&g| {
                        let name = scxml::condition(&model, g.guard);
                        if g.negated {
                            format!("{name} == false")
                        } else {
                            name
                        }
                    })
                    .collect();
                assert_eq!(
                    element.attribute("cond").unwrap_or(""),
                    conds.join(" && "),
                    "{relative}"
                );
                assert_eq!(element.attribute((M, "doc")).unwrap_or(""), t.doc.trim());
            }
            for (element, &timer) in transitions[written.len()..].iter().zip(&state.timeouts) {
                let timeout = &model.timer(timer).timeout;
                assert_eq!(
                    element.attribute((M, "doc")).unwrap_or(""),
                    timeout.doc.trim()
                );
                let (key, text) = match &timeout.expiry {
                    machine_core::model::Expiry::End(how) => ("end", how),
                    machine_core::model::Expiry::Notify(who) => ("notify", who),
                    machine_core::model::Expiry::Transition(_)
                    | machine_core::model::Expiry::Recall(_) => continue,
                };
                assert_eq!(
                    element.attribute((M, key)),
                    Some(text.as_str()),
                    "{relative}"
                );
            }
            for target in transitions.iter().filter_map(|n| n.attribute("target")) {
                assert!(ids.contains(target), "{relative}: no id {target}");
            }
        }
    }
}

/// Texts XML cannot hold as they are: a control character becomes U+FFFD, and everything
/// else reads back as written, without changing the document's structure.
#[test]
fn scxml_texts_that_xml_cannot_hold_keep_the_structure() {
    let source = SourceFile::new(
        "control.yaml",
        "machine: Control\ndoc: \"bell \\x07 ]]> --> <a b=\\\"c\\\"> &amp; \\r\\n\\ttab\"\n\
         initial: A\nstates:\n  A: { wire: \"a\\x01'\\\"<\", doc: \"<!-- x -->\" }\n  B: { final: true }\n\
         events: { Go: { doc: \"]]>\" } }\n\
         transitions:\n  - { from: A, on: Go, to: B, doc: \"</transition><state id=\\\"X\\\"/>\" }\n",
    );
    let model = compile(&source).model.expect("a good spec");
    let text = scxml::render(&model);
    let document = roxmltree::Document::parse(&text).expect("XML");
    let m = machine_export::scxml::NAMESPACE;
    assert_eq!(
        document.root_element().attribute((m, "doc")),
        Some("bell \u{fffd} ]]> --> <a b=\"c\"> &amp; \r\n\ttab")
    );
    let a = document
        .descendants()
        .find(|n| n.attribute("id") == Some("A"))
        .expect("state A");
    assert_eq!(a.attribute((m, "wire")), Some("a\u{fffd}'\"<"));
    assert_eq!(a.attribute((m, "doc")), Some("<!-- x -->"));
    let transition = a
        .children()
        .find(|n| n.tag_name().name() == "transition")
        .expect("a transition");
    assert_eq!(
        transition.attribute((m, "doc")),
        Some("</transition><state id=\"X\"/>")
    );
    let states: Vec<&str> = document
        .descendants()
        .filter(|n| matches!(n.tag_name().name(), "state" | "final"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert_eq!(states, ["A", "B"], "{text}");
}
