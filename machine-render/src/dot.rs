//! Graphviz DOT: the primary figure of a lifecycle.
//!
//! [`render`] draws the conventions described in [the crate docs](crate), top to bottom: the main
//! path (from the first start, along the first transition of each state) runs straight down,
//! side paths branch off beside it, end markers and notes sit beside their state, and the
//! fault state with its "any non-final state" box and history marker forms a red cluster of
//! its own. A legend lists the styles the figure uses. Doc text becomes tooltips (hover text
//! in SVG).
//!
//! Node identifiers are the states' spec names; the markers' identifiers contain a `:`
//! (`start:import`, `end:Completed:0`, `note:Shipping:0`, `fault:any`, `fault:history`,
//! `history:Resume`, `legend:`), which state names cannot, so a reader or a test can tell them
//! apart. A transition to a history state from a state inside its compound state is written
//! backwards with `dir=back` (see `Nesting::ends`).

use std::fmt::Write;

use machine_core::model::Model;
use machine_core::paths::Item;

use crate::diagram::{Diagram, EdgeKind, NodeKind, edge_lines};
use crate::legend::{self, BLACK, FAULT, FAULT_FILL, INCIDENT, INK, NOTE, NOTE_FILL, WHITE};
use crate::nesting::Nesting;
use crate::text;
use machine_core::words::generated_header;

/// The colours, as DOT writes them.
const FAULT_HEX: &str = FAULT.hex;
const INCIDENT_HEX: &str = INCIDENT.hex;
const NOTE_HEX: &str = NOTE.hex;

/// The DOT text of `model`'s lifecycle diagram: a `digraph` named after the machine, with a
/// `// @generated` header naming the spec. Every statement comes in a stable order (states
/// and transitions in spec order), so the text changes only when the spec does.
///
/// ```
/// let source = machine_core::SourceFile::new(
///     "light.yaml",
///     "machine: Light\ninitial: Off\nstates: { Off: {}, On: {} }\n\
///      events: { Flip: {} }\ntransitions:\n  - { from: Off, on: Flip, to: On }\n  - { from: On, on: Flip, to: Off }\n",
/// );
/// let model = machine_core::compile(&source).model.unwrap();
/// let dot = machine_render::dot::render(&model);
/// assert!(dot.contains(r#""Off" -> "On" [label="Flip""#));
/// ```
pub fn render(model: &Model) -> String {
    render_with(model, None)
}

/// The grey of what a trace did not exercise ([`render_coverage`]).
const GREY: &str = "#c8ccd0";

/// What a recorded trace exercised (`machine coverage`), to draw on the diagram with
/// [`render_coverage`].
#[derive(Clone, Copy, Debug)]
pub struct Coverage<'a> {
    /// For each state (by index), whether the trace saw it.
    pub states: &'a [bool],
    /// Every transition and timeout ([`machine_core::paths::items`]) and whether a step of the
    /// trace covered it.
    pub items: &'a [(Item, bool)],
}

impl Coverage<'_> {
    /// Whether the trace covered `item`.
    fn covers(&self, item: Item) -> bool {
        self.items.iter().any(|&(i, covered)| i == item && covered)
    }
}

/// The diagram of [`render`] with a trace's coverage drawn on it: the states and edges the
/// trace exercised in full colour, the rest greyed (dotted edges); the title gives the figures.
pub fn render_coverage(model: &Model, coverage: &Coverage) -> String {
    render_with(model, Some(coverage))
}

fn render_with(model: &Model, coverage: Option<&Coverage>) -> String {
    let mut d = Diagram::new(model);
    if let Some(c) = coverage {
        let states = c.states.iter().filter(|&&s| s).count();
        let items = c.items.iter().filter(|(_, covered)| *covered).count();
        let what = machine_core::words::item_kinds(model, false);
        d.title = format!(
            "{} (coverage: {states} of {} states, {items} of {} {what};              grey: not exercised)",
            d.title,
            c.states.len(),
            c.items.len()
        );
    }
    let nesting = Nesting::of(model, &d);
    let mut out = String::new();
    let _ = writeln!(out, "// {}", generated_header(&model.source_name));
    let _ = writeln!(out, "digraph {} {{", quote(&d.title));
    let _ = writeln!(
        out,
        "  graph [rankdir=TB, nodesep=0.5, ranksep=0.45, newrank=true, {}fontname=\"Helvetica\", \
         fontsize=16, labelloc=t, label={}, tooltip={}];",
        if nesting.is_some() {
            "compound=true, "
        } else {
            ""
        },
        quote(&d.title),
        quote(&tooltip_text(&d.doc))
    );
    let _ = writeln!(
        out,
        "  node [fontname=\"Helvetica\", fontsize=12, shape=box, style=\"rounded,filled\", \
         fillcolor=\"{}\", color=\"{}\", margin=\"0.15,0.06\"];",
        WHITE.hex, INK.hex
    );
    let _ = writeln!(
        out,
        "  edge [fontname=\"Helvetica\", fontsize=10, color=\"{}\", arrowsize=0.7];",
        INK.hex
    );

    out.push('\n');
    for (index, node) in d.nodes.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {} [{}];",
            quote(&node.id),
            node_attrs(model, &d, index) + &node_shade(&d, index, coverage)
        );
    }

    out.push('\n');
    for edge in &d.edges {
        let mut attrs = edge_attrs(&d, edge);
        let shade = edge_shade(&d, edge, coverage);
        let to = nesting
            .as_ref()
            .map_or(edge.to, |n| n.edge_target(model, edge));
        let ends = nesting
            .as_ref()
            .map(|n| n.ends(model, edge, to))
            .unwrap_or_default();
        let (tail, head) = if ends.back {
            (to, edge.from)
        } else {
            (edge.from, to)
        };
        for extra in std::iter::once(shade).chain(ends.attrs) {
            if !extra.is_empty() {
                attrs = if attrs.is_empty() {
                    extra
                } else {
                    format!("{attrs}, {extra}")
                };
            }
        }
        let _ = write!(
            out,
            "  {} -> {}",
            quote(&d.nodes[tail].id),
            quote(&d.nodes[head].id),
        );
        if attrs.is_empty() {
            out.push_str(";\n");
        } else {
            let _ = writeln!(out, " [{attrs}];");
        }
    }

    // Each state with the markers and notes beside it, in an invisible cluster of their own:
    // Graphviz keeps a cluster's nodes together and routes other edges around it, so a note
    // stays next to its state and no edge passes between them.
    let fault_node = model.fault.as_ref().and_then(|f| {
        d.nodes
            .iter()
            .position(|n| matches!(n.kind, NodeKind::State { state, .. } if state == f.state))
    });
    // The markers beside each node, and the nodes that have some, in node order.
    let mut markers_of: Vec<Vec<usize>> = vec![Vec::new(); d.nodes.len()];
    for (index, node) in d.nodes.iter().enumerate() {
        if let Some(state) = node.beside {
            markers_of[state].push(index);
        }
    }
    let besides: Vec<usize> = (0..d.nodes.len())
        .filter(|&n| !markers_of[n].is_empty())
        .collect();
    let beside_cluster = |state: usize| -> Option<String> {
        let markers = &markers_of[state];
        if markers.is_empty() {
            return None;
        }
        let mut members = quote(&d.nodes[state].id);
        for &marker in markers {
            let _ = write!(members, "; {}", quote(&d.nodes[marker].id));
        }
        Some(format!(
            "subgraph {} {{ style=invis; {{ rank=same; {members}; }} }}",
            quote(&format!("cluster_beside:{}", d.nodes[state].id))
        ))
    };
    // A state in a compound state's cluster is drawn there, with its markers.
    let top = |s: usize| {
        Some(s) != fault_node && !nesting.as_ref().is_some_and(|n| n.is_clustered(model, s))
    };
    if besides.iter().any(|&s| top(s)) {
        out.push('\n');
        for &state in besides.iter().filter(|&&s| top(s)) {
            if let Some(cluster) = beside_cluster(state) {
                let _ = writeln!(out, "  {cluster}");
            }
        }
    }
    if let Some(nesting) = &nesting {
        out.push('\n');
        let label = |node: &crate::diagram::Node| state_label(model, node).unwrap_or_default();
        let lent = crate::nesting::Dot {
            quote: &quote,
            label: &label,
            beside: &beside_cluster,
        };
        out.push_str(&nesting.clusters(model, &d, &lent));
    }

    if let (Some(fault), Some(any)) = (&model.fault, d.fault_any) {
        let fault_id = fault_node
            .and_then(beside_cluster)
            .unwrap_or_else(|| quote(&model.state(fault.state).name.spec));
        let any_id = quote(&d.nodes[any].id);
        // The fault's own box goes in its cluster; a `"*"` entry's box it shares stays out.
        let own = if matches!(d.nodes[any].kind, NodeKind::AnyState) {
            format!("{any_id}; ")
        } else {
            String::new()
        };
        out.push('\n');
        let _ = writeln!(
            out,
            "  subgraph \"cluster_fault\" {{\n    label=\"fault handling\"; fontsize=11; \
             fontcolor=\"{FAULT_HEX}\"; color=\"{FAULT_HEX}\"; style=\"dashed,rounded\";\n    \
             {own}{fault_id}; \"fault:history\";\n  }}"
        );
        // Beside the top of the main path rather than above it.
        if let Some(&first) = d.main_path.first() {
            let _ = writeln!(
                out,
                "  {{ rank=same; {any_id}; {}; }}",
                quote(&d.nodes[first].id)
            );
        }
    }

    out.push('\n');
    let _ = writeln!(
        out,
        "  \"legend:\" [shape=plain, style=\"\", tooltip=\"legend\", label=<{}>];",
        legend(model, &d)
    );
    // Below every state, out of the way of the figure: each state is a rank above it, and
    // only the end of the main path pulls it sideways (weight 0 for the others).
    let last = d.main_path.last().copied();
    for (index, node) in d.nodes.iter().enumerate() {
        if matches!(node.kind, NodeKind::State { .. }) {
            let weight = if Some(index) == last {
                ""
            } else {
                ", weight=0"
            };
            let _ = writeln!(
                out,
                "  {} -> \"legend:\" [style=invis{weight}];",
                quote(&node.id)
            );
        }
    }
    out.push_str("}\n");
    out
}

/// A stable fingerprint of a DOT text (FNV-1a, 64 bits, as 16 hex digits). The CLI stamps it
/// into the SVG it renders from that text, so a stale picture can be told from a fresh one
/// without re-running the layout (whose bytes vary between Graphviz versions).
pub fn fingerprint(dot: &str) -> String {
    format!("{:016x}", text::fingerprint(dot))
}

/// Extra attributes that grey a state node the trace never saw (DOT keeps the last value of
/// an attribute, so these override the node's own colours).
fn node_shade(d: &Diagram, index: usize, coverage: Option<&Coverage>) -> String {
    let seen = |state: machine_core::model::StateId| {
        coverage.is_none_or(|c| c.states.get(state.index()) == Some(&true))
    };
    match d.nodes[index].kind {
        NodeKind::State { state, .. } if !seen(state) => {
            format!(", color=\"{GREY}\", fontcolor=\"{GREY}\", fillcolor=\"#f4f6f7\"")
        }
        _ => String::new(),
    }
}

/// Extra attributes that grey an edge none of whose transitions or timeouts the trace
/// exercised (a start edge: whose state it never saw).
fn edge_shade(d: &Diagram, edge: &crate::diagram::Edge, coverage: Option<&Coverage>) -> String {
    let Some(c) = coverage else {
        return String::new();
    };
    let exercised = if edge.items.is_empty() {
        match d.nodes[edge.to].kind {
            NodeKind::State { state, .. } => c.states.get(state.index()) == Some(&true),
            _ => true,
        }
    } else {
        edge.items.iter().any(|&item| c.covers(item))
    };
    if exercised {
        "penwidth=2".to_owned()
    } else {
        format!("color=\"{GREY}\", fontcolor=\"{GREY}\", style=dotted")
    }
}

/// The HTML label of a state's box: its name, wire name, actions and internal transitions;
/// `None` for another node.
fn state_label(model: &Model, node: &crate::diagram::Node) -> Option<String> {
    let NodeKind::State {
        state,
        actions,
        internal,
    } = &node.kind
    else {
        return None;
    };
    let s = model.state(*state);
    // A parallel state's name says that its regions run side by side.
    let mark = if model.is_parallel(*state) {
        " ∥"
    } else {
        ""
    };
    let mut label = format!("<b>{}{mark}</b>", html(&s.name.spec));
    if s.wire != s.name.spec {
        let _ = write!(
            label,
            "<br/><font point-size=\"10\">wire: {}</font>",
            html(&s.wire)
        );
    }
    for line in actions {
        let _ = write!(label, "<br/><font point-size=\"10\">{}</font>", html(line));
    }
    for line in internal {
        let _ = write!(
            label,
            "<br/><font point-size=\"10\">{} (internal)</font>",
            html(line)
        );
    }
    Some(label)
}

fn node_attrs(model: &Model, d: &Diagram, index: usize) -> String {
    let node = &d.nodes[index];
    let tooltip = quote(&tooltip_text(&node.tooltip));
    match &node.kind {
        NodeKind::State { state, .. } => {
            let s = model.state(*state);
            let label = state_label(model, node).unwrap_or_default();
            if model.is_compound(*state) {
                // Its cluster carries the label; the box is the anchor of its edges.
                return format!(
                    "shape=point, style=invis, width=0.01, height=0.01, label=\"\", tooltip={tooltip}"
                );
            }
            let mut attrs = format!("label=<{label}>, tooltip={tooltip}");
            if s.is_final {
                attrs.push_str(", peripheries=2");
            }
            if s.is_fault {
                let _ = write!(
                    attrs,
                    ", color=\"{FAULT_HEX}\", fontcolor=\"{FAULT_HEX}\", fillcolor=\"{}\"",
                    FAULT_FILL.hex
                );
            }
            if d.is_on_main_path(index) {
                attrs.push_str(", group=\"main\"");
            }
            attrs
        }
        NodeKind::Start(_) => format!(
            "shape=point, width=0.16, color=\"{black}\", fillcolor=\"{black}\", label=\"\", \
             tooltip={tooltip}",
            black = BLACK.hex
        ),
        NodeKind::End { .. } => format!(
            "shape=doublecircle, width=0.12, style=filled, color=\"{black}\", \
             fillcolor=\"{black}\", label=\"\", tooltip={}",
            quote(&format!(
                "end of the lifecycle: {}",
                tooltip_text(&node.tooltip)
            )),
            black = BLACK.hex
        ),
        NodeKind::Note { lines } => {
            let label: String = lines.iter().fold(String::new(), |mut label, line| {
                label.push_str(&escape(line));
                label.push_str("\\l");
                label
            });
            format!(
                "shape=note, style=filled, fillcolor=\"{}\", color=\"{NOTE_HEX}\", \
                 fontcolor=\"#2c3e50\", fontsize=10, label=\"{label}\", tooltip={tooltip}",
                NOTE_FILL.hex
            )
        }
        NodeKind::AnyState => format!(
            "label=\"any non-final state\", style=\"rounded,dashed\", color=\"{FAULT_HEX}\", \
             fontcolor=\"{FAULT_HEX}\", fontsize=10, tooltip={tooltip}"
        ),
        NodeKind::Group { label, .. } => format!(
            "label=\"{}\", style=\"rounded,dashed\", fontsize=10, tooltip={tooltip}",
            escape(label)
        ),
        NodeKind::History => format!(
            "shape=circle, label=\"H\", width=0.3, fixedsize=true, color=\"{FAULT_HEX}\", \
             fontcolor=\"{FAULT_HEX}\", fontsize=10, tooltip={tooltip}"
        ),
        // Its name beside the circle, where Graphviz finds room.
        NodeKind::Recall(id) => {
            let history = model.history(*id);
            format!(
                "shape=circle, label=\"{}\", xlabel={}, width=0.3, fixedsize=true, \
                 fontsize=10, tooltip={tooltip}",
                crate::diagram::glyph(history),
                quote(&history.name.spec)
            )
        }
    }
}

fn edge_attrs(d: &Diagram, edge: &crate::diagram::Edge) -> String {
    let mut attrs = Vec::new();
    if !edge.lines.is_empty() {
        let lines: Vec<String> = edge_lines(&edge.lines).iter().map(|l| escape(l)).collect();
        attrs.push(format!("label=\"{}\"", lines.join("\\n")));
    }
    if !edge.tooltip.is_empty() {
        attrs.push(format!("tooltip={}", quote(&edge.tooltip.join("\n"))));
    }
    match edge.kind {
        EdgeKind::Start | EdgeKind::Transition => {
            if edge.main {
                attrs.push("weight=8".into());
            }
            if edge.from == edge.to && d.nodes.iter().any(|n| n.beside == Some(edge.from)) {
                // End markers and notes sit on the right of their state, so its loop goes on
                // the left. Elsewhere it stays on the right, where Graphviz keeps room for
                // its label (on the left it does not, and other edges may cross the label).
                attrs.push("tailport=w, headport=w".into());
            }
        }
        EdgeKind::Incident => {
            attrs.push(format!(
                "color=\"{INCIDENT_HEX}\", fontcolor=\"{INCIDENT_HEX}\", style=dashed, constraint=false"
            ));
        }
        EdgeKind::FaultEntry | EdgeKind::FaultExit => {
            attrs.push(format!(
                "color=\"{FAULT_HEX}\", fontcolor=\"{FAULT_HEX}\", style=dashed"
            ));
        }
        EdgeKind::End => attrs.push("minlen=2".into()),
        EdgeKind::HistoryDefault => attrs.push("style=dashed".into()),
        // A heavy edge keeps the note next to its state (they share a rank), even when other
        // edges pass beside the state.
        EdgeKind::Note => {
            attrs.push(format!(
                "color=\"{NOTE_HEX}\", style=dotted, arrowhead=none, weight=20"
            ));
        }
    }
    attrs.join(", ")
}

/// The legend: one row per style the figure uses, from [`legend::LEGEND`].
fn legend(model: &Model, d: &Diagram) -> String {
    let mut out = String::from(
        "<table border=\"1\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"3\" \
         color=\"#bdc3c7\"><tr><td colspan=\"2\" align=\"left\"><b>Legend</b></td></tr>",
    );
    for entry in legend::entries(model, d) {
        let symbol = match entry.colour {
            Some(colour) => format!(
                "<font color=\"{}\">{}</font>",
                colour.hex,
                html(entry.symbol)
            ),
            None => html(entry.symbol),
        };
        let _ = write!(
            out,
            "<tr><td align=\"center\">{symbol}</td>\
             <td align=\"left\"><font point-size=\"10\">{}</font></td></tr>",
            html(entry.meaning)
        );
    }
    out.push_str("</table>");
    out
}

/// A doc text as hover text: paragraphs kept, lines joined.
fn tooltip_text(doc: &str) -> String {
    text::paragraphs(doc).join("\n")
}

/// A DOT quoted string (an `escString`).
fn quote(text: &str) -> String {
    format!("\"{}\"", escape(text))
}

/// The inside of a DOT quoted string: backslashes and quotes escaped (so `\N`, `\G` and the
/// like stay literal), newlines as `\n`, other control characters dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Text inside a DOT HTML-like label.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br/>"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_quoted_strings() {
        assert_eq!(quote(r#"a "b" \N c"#), r#""a \"b\" \\N c""#);
        assert_eq!(escape("x\ny\r\tz"), "x\\nyz");
    }

    #[test]
    fn escapes_html_labels() {
        assert_eq!(html("<a> & \"b\"\n"), "&lt;a&gt; &amp; &quot;b&quot;<br/>");
    }
}
