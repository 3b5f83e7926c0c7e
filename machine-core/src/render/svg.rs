//! SVG without Graphviz: the same figure as [`super::dot`], laid out in pure Rust by
//! `layout-rs` (a Sugiyama-style layered layout), so a machine without Graphviz still gets a
//! picture. Behind the `svg` feature.
//!
//! The layout engine is simpler than Graphviz: no clusters, no tooltips, one font size, and
//! edges between the same two states (in either direction) share one arrow whose label lists
//! every way. Final states have a thick border; the rest of the conventions are those of
//! [`crate::render`], and the figure carries a legend.

use std::collections::BTreeMap;

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use crate::model::Model;

use super::diagram::{Diagram, EdgeKind, NodeKind, label_lines};
use super::legend::{
    self, BLACK, Colour, FAULT, FAULT_FILL, INCIDENT, INCIDENT_LABEL, INK, NOTE, NOTE_FILL, WHITE,
};
use super::text;

const FONT_SIZE: usize = 14;
/// The width of a legend line, in characters.
const LEGEND_WIDTH: usize = 36;

/// The SVG of `model`'s lifecycle diagram, laid out without Graphviz. Deterministic: the same
/// model always gives the same bytes.
pub fn render(model: &Model) -> String {
    let d = Diagram::new(model);
    let mut graph = VisualGraph::new(Orientation::TopToBottom);
    let handles: Vec<_> = d
        .nodes
        .iter()
        .map(|node| graph.add_node(element(model, &node.kind)))
        .collect();

    // layout-rs wants at most one edge per pair of nodes: merge the rest into the first, and
    // say which way a way goes when it runs against the shared arrow.
    let mut arrows: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut merged: Vec<(usize, usize, EdgeKind, Vec<String>)> = Vec::new();
    for edge in &d.edges {
        let key = (edge.from.min(edge.to), edge.from.max(edge.to));
        let mut lines: Vec<String> = edge.lines.iter().flat_map(|l| label_lines(l)).collect();
        if edge.kind == EdgeKind::Incident {
            lines.push(INCIDENT_LABEL.into());
        }
        if let Some(&index) = arrows.get(&key) {
            let (from, _, _, existing) = &mut merged[index];
            if *from != edge.from {
                let (a, b) = (&d.nodes[edge.from].id, &d.nodes[edge.to].id);
                lines = lines
                    .into_iter()
                    .map(|l| format!("{l} ({a} → {b})"))
                    .collect();
            }
            existing.extend(lines);
        } else {
            arrows.insert(key, merged.len());
            merged.push((edge.from, edge.to, edge.kind, lines));
        }
    }
    for (from, to, kind, lines) in &merged {
        graph.add_edge(
            arrow(*kind, &lines.join("\n")),
            handles[*from],
            handles[*to],
        );
    }

    let legend = legend(model, &d);
    let legend_node = graph.add_node(Element::create(
        ShapeKind::new_box(&legend),
        look(NOTE, 1, Some(WHITE), 0),
        Orientation::TopToBottom,
        layout::std_shapes::render::get_shape_size(
            Orientation::TopToBottom,
            &ShapeKind::new_box(&legend),
            FONT_SIZE,
            false,
        ),
    ));

    // Below the end of the main path, out of the way of the figure.
    if let Some(&last) = d.main_path.last() {
        graph.add_edge(Arrow::invisible(), handles[last], legend_node);
    }

    let mut svg = SVGWriter::new();
    graph.do_it(false, false, false, &mut svg);
    fit(&svg.finalize(), &graph)
}

/// The SVG with its size set to the laid-out nodes (plus a margin): layout-rs grows its
/// canvas by text length in both directions, which leaves a large empty area below.
fn fit(svg: &str, graph: &VisualGraph) -> String {
    const MARGIN: f64 = 20.;
    let (mut width, mut height) = (0f64, 0f64);
    for node in graph.iter_nodes() {
        let pos = graph.pos(node);
        width = width.max(pos.right(false));
        height = height.max(pos.bottom(false));
    }
    let (width, height) = ((width + MARGIN).ceil(), (height + MARGIN).ceil());
    let Some(start) = svg.find("<svg ") else {
        return svg.to_owned();
    };
    let Some(len) = svg[start..].find('>') else {
        return svg.to_owned();
    };
    let svg = format!(
        "{}<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         xmlns=\"http://www.w3.org/2000/svg\">{}",
        &svg[..start],
        &svg[start + len + 1..]
    );
    sort_styles(&svg)
}

/// The `<style>` rules in a stable order: layout-rs keeps them in a hash map.
fn sort_styles(svg: &str) -> String {
    let (Some(open), Some(close)) = (svg.find("<style>\n"), svg.find("</style>")) else {
        return svg.to_owned();
    };
    let body = open + "<style>\n".len();
    if close < body {
        return svg.to_owned();
    }
    let mut rules: Vec<&str> = svg[body..close].lines().collect();
    rules.sort_unstable();
    let mut out = String::with_capacity(svg.len());
    out.push_str(&svg[..body]);
    for rule in rules {
        out.push_str(rule);
        out.push('\n');
    }
    out.push_str(&svg[close..]);
    out
}

fn look(line: Colour, width: usize, fill: Option<Colour>, rounded: usize) -> StyleAttr {
    StyleAttr::new(
        Color::fast(line.hex),
        width,
        fill.map(|fill| Color::fast(fill.hex)),
        rounded,
        FONT_SIZE,
    )
}

fn element(model: &Model, kind: &NodeKind) -> Element {
    let (shape, style) = match kind {
        NodeKind::State { state, internal } => {
            let s = model.state(*state);
            let mut label = s.name.spec.clone();
            if s.wire != s.name.spec {
                label.push_str("\nwire: ");
                label.push_str(&s.wire);
            }
            for line in internal {
                label.push('\n');
                label.push_str(line);
                label.push_str(" (internal)");
            }
            let style = if s.is_fault {
                look(FAULT, 2, Some(FAULT_FILL), 12)
            } else if s.is_final {
                look(INK, 5, Some(WHITE), 12)
            } else {
                look(INK, 2, Some(WHITE), 12)
            };
            (ShapeKind::new_box(&label), style)
        }
        NodeKind::Start(_) => {
            let shape = ShapeKind::new_circle("");
            return Element::create(
                shape,
                look(BLACK, 1, Some(BLACK), 0),
                Orientation::TopToBottom,
                Point::new(14., 14.),
            );
        }
        NodeKind::End { .. } => {
            return Element::create(
                ShapeKind::new_double_circle(""),
                look(BLACK, 1, Some(BLACK), 0),
                Orientation::TopToBottom,
                Point::new(12., 12.),
            );
        }
        NodeKind::Note { lines } => (
            ShapeKind::new_box(&lines.join("\n")),
            look(NOTE, 1, Some(NOTE_FILL), 0),
        ),
        NodeKind::AnyState => (
            ShapeKind::new_box("any non-final state"),
            look(FAULT, 1, Some(WHITE), 12),
        ),
        NodeKind::History => (ShapeKind::new_circle("H"), look(FAULT, 2, Some(WHITE), 0)),
        NodeKind::Group { label, .. } => (ShapeKind::new_box(label), look(INK, 1, Some(WHITE), 12)),
    };
    let size = layout::std_shapes::render::get_shape_size(
        Orientation::TopToBottom,
        &shape,
        FONT_SIZE,
        matches!(kind, NodeKind::History),
    );
    Element::create(shape, style, Orientation::TopToBottom, size)
}

fn arrow(kind: EdgeKind, text: &str) -> Arrow {
    let (color, line) = match kind {
        EdgeKind::Start | EdgeKind::Transition | EdgeKind::End => (INK, LineStyleKind::Normal),
        EdgeKind::Incident => (INCIDENT, LineStyleKind::Dashed),
        EdgeKind::FaultEntry | EdgeKind::FaultExit => (FAULT, LineStyleKind::Dashed),
        EdgeKind::Note => (NOTE, LineStyleKind::Dotted),
    };
    let end = if kind == EdgeKind::Note {
        LineEndKind::None
    } else {
        LineEndKind::Arrow
    };
    Arrow::new(
        LineEndKind::None,
        end,
        line,
        text,
        &look(color, 1, None, 0),
        &None,
        &None,
    )
}

/// The legend as text lines, one entry of [`legend::LEGEND`] per style the figure uses. The
/// layout draws a box of plain text, so colours are named.
fn legend(model: &Model, d: &Diagram) -> String {
    let mut lines = vec!["Legend".to_owned()];
    for entry in legend::entries(model, d) {
        let line = match entry.colour {
            Some(colour) => format!("{} ({}): {}", entry.symbol, colour.name, entry.meaning),
            None => format!("{} {}", entry.symbol, entry.meaning),
        };
        lines.extend(text::wrap(&line, LEGEND_WIDTH));
    }
    lines.join("\n")
}
