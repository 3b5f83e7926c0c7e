//! Mermaid `stateDiagram-v2`, which GitHub renders inside a ```` ```mermaid ```` block.
//!
//! It shows what the DOT figure shows (see [the crate docs](crate)), within what Mermaid can draw:
//! `[*]` is the start (named starts label their edge) and the end of the lifecycle; a state's
//! wire name and internal transitions are description lines of its box; final states have a
//! thick border (class `finalState`); edges from the error table say `(error table)`; notify
//! timeouts are notes; the fault state is entered from one "any non-final state" box and
//! resumes to a history marker `H`; a compound state's history state, which Mermaid cannot
//! draw as a circle, is a state in its composite titled with its name and saying `H` or `H*`.
//! Doc text is not drawn (Mermaid state diagrams have no tooltips); the Markdown tables carry
//! it.
//!
//! Text is escaped with Mermaid's entity codes (`#quot;`, `#59;`, ...), so quotes, `;`, `#`,
//! `%%`, `<`, `>`, braces, `|`, `:` and `-->` in names and texts cannot end a statement.

use std::fmt::Write;

use machine_core::model::{HistoryId, Model, StateId};

use crate::diagram::{Diagram, EdgeKind, NodeKind};
use crate::legend::{FAULT, FAULT_FILL, INCIDENT_LABEL, WHITE};
use crate::nesting::Nesting;
use machine_core::words::generated_header;

/// The Mermaid text of `model`'s lifecycle diagram, starting with a `%% @generated` comment.
/// Statements come in a stable order (states and transitions in spec order).
///
/// ```
/// let source = machine_core::SourceFile::new(
///     "light.yaml",
///     "machine: Light\ninitial: Off\nstates: { Off: {}, On: {} }\n\
///      events: { Flip: {} }\ntransitions:\n  - { from: Off, on: Flip, to: On }\n  - { from: On, on: Flip, to: Off }\n",
/// );
/// let model = machine_core::compile(&source).model.unwrap();
/// let mermaid = machine_render::mermaid::render(&model);
/// assert!(mermaid.contains("stateDiagram-v2\n"));
/// assert!(mermaid.contains("    [*] --> Off\n    Off --> On : Flip\n"));
/// ```
pub fn render(model: &Model) -> String {
    let d = Diagram::new(model);
    let ids: Vec<String> = d.nodes.iter().map(|n| node_id(model, &n.kind)).collect();
    let mut out = String::new();
    let _ = writeln!(out, "---\ntitle: {}\n---", escape(&d.title));
    out.push_str("stateDiagram-v2\n");
    let _ = writeln!(
        out,
        "    %% {}",
        escape(&generated_header(&model.source_name))
    );
    out.push_str("    direction TB\n");
    let nesting = Nesting::of(model, &d);
    // Compound states first, as composite states holding the states inside them (each
    // declared there before anything else names it), with their initial state.
    if nesting.is_some() {
        for &state in model.children(None) {
            if model.is_compound(state) {
                composite(model, &d, state, 1, &mut out);
            }
        }
    }

    for (node, id) in d.nodes.iter().zip(&ids) {
        match &node.kind {
            // A composite state has its label and nothing else.
            NodeKind::State { state, .. } if model.is_compound(*state) => {}
            NodeKind::State {
                state,
                actions,
                internal,
            } => {
                let s = model.state(*state);
                if s.name.spec != *id {
                    let _ = writeln!(out, "    state \"{}\" as {id}", escape(&s.name.spec));
                }
                if s.wire != s.name.spec {
                    let _ = writeln!(out, "    {id} : wire#58; {}", escape(&s.wire));
                }
                for line in actions {
                    let _ = writeln!(out, "    {id} : {}", escape(line));
                }
                for line in internal {
                    let _ = writeln!(out, "    {id} : {} (internal)", escape(line));
                }
                let described = !internal.is_empty() || !actions.is_empty();
                if !described && s.wire == s.name.spec && s.name.spec == *id {
                    let _ = writeln!(out, "    state {id}");
                }
            }
            NodeKind::AnyState => {
                let _ = writeln!(out, "    state \"any non-final state\" as {id}");
            }
            NodeKind::History => {
                let _ = writeln!(out, "    state \"H\" as {id}");
            }
            NodeKind::Group { label, .. } => {
                let _ = writeln!(out, "    state \"{}\" as {id}", escape(label));
            }
            // Declared in its composite state.
            NodeKind::Start(_)
            | NodeKind::End { .. }
            | NodeKind::Note { .. }
            | NodeKind::Recall(_) => {}
        }
    }

    for edge in &d.edges {
        let from = &ids[edge.from];
        let to = &ids[nesting
            .as_ref()
            .map_or(edge.to, |n| n.edge_target(model, edge))];
        let mut label = edge
            .lines
            .iter()
            .map(|l| escape(l))
            .collect::<Vec<_>>()
            .join(" or ");
        match edge.kind {
            EdgeKind::Note => {
                if let NodeKind::Note { lines } = &d.nodes[edge.to].kind {
                    let _ = writeln!(out, "    note right of {from}");
                    for line in lines {
                        let _ = writeln!(out, "        {}", note_line(line));
                    }
                    out.push_str("    end note\n");
                }
                continue;
            }
            EdgeKind::Incident => {
                label.push(' ');
                label.push_str(INCIDENT_LABEL);
            }
            EdgeKind::End => label.push_str(", lifecycle ends"),
            _ => {}
        }
        if label.is_empty() {
            let _ = writeln!(out, "    {from} --> {to}");
        } else {
            let _ = writeln!(out, "    {from} --> {to} : {}", label.trim_start());
        }
    }

    let finals: Vec<&str> = model
        .states
        .iter()
        .filter(|s| s.is_final)
        .map(|s| s.name.rust.as_str())
        .collect();
    if !finals.is_empty() {
        out.push_str("    classDef finalState stroke-width:3px\n");
        let _ = writeln!(out, "    class {} finalState", finals.join(", "));
    }
    if let Some(fault) = &model.fault {
        let (red, fill, white) = (FAULT.hex, FAULT_FILL.hex, WHITE.hex);
        let _ = writeln!(
            out,
            "    classDef faultState fill:{fill},stroke:{red},color:{red}"
        );
        let _ = writeln!(
            out,
            "    classDef faultHelper fill:{white},stroke:{red},color:{red},stroke-dasharray:4 3"
        );
        let _ = writeln!(
            out,
            "    class {} faultState",
            model.state(fault.state).name.rust
        );
        // The fault's own "any" box; one it shares with a `"*"` entry keeps that entry's style.
        let own_box = d.nodes.iter().any(|n| matches!(n.kind, NodeKind::AnyState));
        let helpers = if own_box {
            "fault_any, fault_history"
        } else {
            "fault_history"
        };
        let _ = writeln!(out, "    class {helpers} faultHelper");
    }
    out
}

/// The composite state of compound state `state`: its initial state, then the states inside
/// it (compound ones as composites of their own), by their ids.
fn composite(model: &Model, d: &Diagram, state: StateId, depth: usize, out: &mut String) {
    let pad = "    ".repeat(depth);
    let s = model.state(state);
    // Mermaid gives a composite state a label only: its wire name, actions and internal
    // transitions go on that one line.
    let mut label = s.name.spec.clone();
    if s.wire != s.name.spec {
        let _ = write!(label, " · wire: {}", s.wire);
    }
    let lines = d.nodes.iter().find_map(|n| match &n.kind {
        NodeKind::State {
            state: of,
            actions,
            internal,
        } if *of == state => Some((actions, internal)),
        _ => None,
    });
    if let Some((actions, internal)) = lines {
        for line in actions {
            let _ = write!(label, " · {line}");
        }
        for line in internal {
            let _ = write!(label, " · {line} (internal)");
        }
    }
    let _ = writeln!(
        out,
        "{pad}state \"{}\" as {} {{",
        escape(&label),
        s.name.rust
    );
    if let Some(initial) = s.initial {
        let _ = writeln!(out, "{pad}    [*] --> {}", model.state(initial).name.rust);
    }
    // Its history states: Mermaid has no history pseudostate, so each is a state named
    // after it that says `H` or `H*`.
    for (id, history) in model.histories_with_ids().filter(|(_, h)| h.state == state) {
        let node = history_id(model, id);
        let _ = writeln!(
            out,
            "{pad}    state \"{}\" as {node}\n{pad}    {node} : {}",
            escape(&history.name.spec),
            crate::diagram::glyph(history)
        );
    }
    // A parallel state's regions are separated by Mermaid's `--`, which draws them side by
    // side, as concurrent regions, with a dashed line between them.
    for (index, &child) in model.children(Some(state)).iter().enumerate() {
        if index > 0 && model.is_parallel(state) {
            let _ = writeln!(out, "{pad}    --");
        }
        if model.is_compound(child) {
            composite(model, d, child, depth + 1, out);
        } else {
            let _ = writeln!(out, "{pad}    {}", model.state(child).name.rust);
        }
    }
    let _ = writeln!(out, "{pad}}}");
}

/// Mermaid identifiers: a state's Rust name (`UpperCamelCase`, never with `_`), so the
/// helpers' `snake_case` ids cannot collide with it; `[*]` for starts and ends.
fn node_id(model: &Model, kind: &NodeKind) -> String {
    match kind {
        NodeKind::State { state, .. } => model.state(*state).name.rust.clone(),
        NodeKind::Start(_) | NodeKind::End { .. } => "[*]".into(),
        NodeKind::Note { .. } => String::new(),
        NodeKind::AnyState => "fault_any".into(),
        NodeKind::History => "fault_history".into(),
        NodeKind::Group { entry, .. } => format!("any_{entry}"),
        NodeKind::Recall(id) => history_id(model, *id),
    }
}

/// A history state's id: its Rust name after `history_`, which no state's id (without `_`)
/// nor another helper's can be.
fn history_id(model: &Model, id: HistoryId) -> String {
    format!("history_{}", model.history(id).name.rust)
}

/// A line inside a note, which only `end note` on its own could end.
fn note_line(line: &str) -> String {
    let escaped = escape(line);
    if escaped.trim().eq_ignore_ascii_case("end note") {
        escaped.replacen(' ', "#32;", 1)
    } else {
        escaped
    }
}

/// Text made safe for a Mermaid label, on one line.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::text::one_line(text).chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            ';' => out.push_str("#59;"),
            ':' => out.push_str("#58;"),
            '%' => out.push_str("#37;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '{' => out.push_str("#123;"),
            '}' => out.push_str("#125;"),
            '|' => out.push_str("#124;"),
            '\\' => out.push_str("#92;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_statement_breakers() {
        assert_eq!(
            escape("a \"b\"; c # d --> e {f} | g: %% h\ni"),
            "a #quot;b#quot;#59; c #35; d --#gt; e #123;f#125; #124; g#58; #37;#37; h i"
        );
    }

    #[test]
    fn a_note_line_cannot_end_the_note() {
        assert_eq!(note_line("end note"), "end#32;note");
        assert_eq!(note_line("the end"), "the end");
    }
}
