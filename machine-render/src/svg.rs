//! SVG without Graphviz: the same figure as [`crate::dot`], laid out in pure Rust, so a
//! machine without Graphviz still gets a picture.
//!
//! A figure is laid out by `layout-rs` (a Sugiyama-style layered layout) when it is small
//! enough for it. The layout engine is simpler than Graphviz: no clusters, no tooltips, one
//! font size, and edges between the same two states (in either direction) share one arrow
//! whose label lists every way. Final states have a thick border; the rest of the conventions
//! are those of [the crate docs](crate), and the figure carries a legend.
//!
//! layout-rs's time grows much faster than linearly in what it places and compares, and two
//! of its habits are exponential in a tangle; [`work`](Work) says how the figure is handed
//! over so that they are not, and counts the rest ([`layout_work`]) before anything is laid
//! out. A figure over [`MAX_BUILTIN_LAYOUT_NODES`] nodes or [`MAX_BUILTIN_LAYOUT_STEPS`]
//! steps is drawn by a simpler layout of our own ([`render_layered`]): the same boxes and
//! colours, layers and order computed in close to linear time, arrows as curves that are not
//! routed around the boxes. Graphviz draws those figures better, and [`Drawing::note`] says
//! so. A figure over [`MAX_LAYERED_NODES`] boxes or [`MAX_LAYERED_ARROWS`] arrows is refused:
//! its SVG would be over ten megabytes that no viewer shows legibly.

use std::collections::BTreeMap;

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

pub use machine_core::limits::{
    MAX_BUILTIN_LAYOUT_NODES, MAX_BUILTIN_LAYOUT_STEPS, MAX_LAYERED_ARROWS, MAX_LAYERED_NODES,
};
use machine_core::model::Model;

use crate::diagram::{Diagram, EdgeKind, NodeKind, edge_lines};
use crate::legend::{
    self, BLACK, Colour, FAULT, FAULT_FILL, INCIDENT, INCIDENT_LABEL, INK, NOTE, NOTE_FILL, WHITE,
};
use crate::text;

mod layered;
mod paint;
mod shapes;
mod work;

pub use work::Work;

const FONT_SIZE: usize = 14;
/// The width of a legend line, in characters.
const LEGEND_WIDTH: usize = 36;

/// A figure too large for the built-in layouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge {
    /// Its boxes (states, markers, notes).
    pub nodes: usize,
    /// Its arrows.
    pub arrows: usize,
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the diagram is too large for the built-in SVG layout ({} boxes and {} arrows; it \
             draws at most {MAX_LAYERED_NODES} boxes and {MAX_LAYERED_ARROWS} arrows): install \
             Graphviz and use `machine svg --engine graphviz`, or lay out the output of \
             `machine dot` elsewhere",
            group(self.nodes),
            group(self.arrows)
        )
    }
}

impl std::error::Error for TooLarge {}

/// A figure drawn by the built-in layouts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drawing {
    /// The SVG.
    pub svg: String,
    /// Whether the figure was too large for layout-rs and was drawn by the simpler layout
    /// of [`render_layered`]; [`Drawing::note`] then says so.
    pub simple: bool,
    /// What layout-rs does for the figure ([`layout_work`]).
    pub work: Work,
    /// The figure's boxes (states, markers, notes).
    pub boxes: usize,
    /// The figure's arrows.
    pub arrows: usize,
}

impl Drawing {
    /// What to tell the user about a figure drawn by the simple layout: that Graphviz draws
    /// it better, and how to use it.
    pub fn note(&self) -> Option<String> {
        self.simple.then(|| {
            format!(
                "the diagram ({} boxes, {} arrows) is too large for the detailed built-in \
                 layout, so it was drawn simply: states in layers, arrows as curves that may \
                 cross boxes and each other. Graphviz draws it better: install it and use \
                 `machine svg --engine graphviz`",
                group(self.boxes),
                group(self.arrows)
            )
        })
    }
}

/// `12,345`: a count with its thousands grouped, for messages.
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The SVG of `model`'s lifecycle diagram, laid out without Graphviz. Deterministic: the same
/// model always gives the same bytes. See [`draw`].
pub fn render(model: &Model) -> Result<String, TooLarge> {
    draw(model).map(|drawing| drawing.svg)
}

/// The most layout work ([`layout_work`]) the generated rustdoc draws a picture of by
/// default: the proc-macro lays the figure out at every build, unoptimized in a user's build,
/// where a figure within these counts costs under a tenth of a second. Every sample is within
/// them (the largest, TCP: 116 nodes, 24 million steps); a tangle of 20 states with two
/// transitions each (301 nodes, 125 million steps) is not. See "Build cost" in
/// `docs/BENCHMARKS.md`.
pub const DOCS_MAX_WORK: Work = Work {
    nodes: 150,
    steps: 30_000_000,
};

/// All the work layout-rs is given ([`fits`]): what `svg = true` in `machine!` draws.
pub const BUILTIN_MAX_WORK: Work = Work {
    nodes: MAX_BUILTIN_LAYOUT_NODES,
    steps: MAX_BUILTIN_LAYOUT_STEPS,
};

/// `model`'s lifecycle diagram drawn by layout-rs as one line of SVG, for embedding in
/// Markdown or rustdoc (a blank line would end the HTML there): no XML prologue, the layout's
/// indentation and line breaks folded into single spaces, scaled to fit its container, on
/// white. `Err` with the figure's [`layout_work`] when that is over `max` in either count (or
/// over what layout-rs is given, [`BUILTIN_MAX_WORK`]): nothing is laid out.
pub fn inline(model: &Model, max: Work) -> Result<String, Work> {
    let work = layout_work(model);
    if work.nodes > max.nodes || work.steps > max.steps || !fits(work) {
        return Err(work);
    }
    let Ok(drawing) = draw(model) else {
        return Err(work);
    };
    let svg = drawing.svg;
    let svg = svg.find("<svg").map_or(svg.as_str(), |at| &svg[at..]);
    let mut out = String::with_capacity(svg.len());
    let mut space = false;
    for c in svg.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() && !(c == '<' && out.ends_with('>')) {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    Ok(out.replacen(
        "<svg ",
        "<svg style=\"max-width:100%;height:auto;background:#fff\" ",
        1,
    ))
}

/// `model`'s lifecycle diagram, laid out without Graphviz: by layout-rs when its
/// [`layout_work`] is within [`MAX_BUILTIN_LAYOUT_NODES`] and [`MAX_BUILTIN_LAYOUT_STEPS`],
/// else by [`render_layered`]. Refused at once, before anything is laid out, when it is over
/// [`MAX_LAYERED_NODES`] boxes or [`MAX_LAYERED_ARROWS`] arrows. Deterministic.
pub fn draw(model: &Model) -> Result<Drawing, TooLarge> {
    let d = Diagram::new(model);
    refuse(&d)?;
    let merged = merge(&d);
    let handed = Handed::new(&d, &merged);
    let work = handed.work(&d, &merged);
    if !fits(work) {
        return Ok(Drawing {
            svg: paint::render(model, &d, &legend_lines(model, &d)),
            simple: true,
            work,
            boxes: d.nodes.len(),
            arrows: d.edges.len(),
        });
    }
    // layout-rs asserts things of its own placement that some figures break (the generated spec
    // `tests/fixtures/layout/edge-fixer.yaml` trips `loc.x >= leftmost` in its edge fixer): such a figure is drawn by
    // the simple layout rather than taking `machine svg`, or a build that draws the rustdoc
    // picture, down with it.
    let laid = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        layout_rs(model, &d, &merged, &handed.order)
    }));
    let Ok(svg) = laid else {
        return Ok(Drawing {
            svg: paint::render(model, &d, &legend_lines(model, &d)),
            simple: true,
            work,
            boxes: d.nodes.len(),
            arrows: d.edges.len(),
        });
    };
    Ok(Drawing {
        svg,
        simple: false,
        work,
        boxes: d.nodes.len(),
        arrows: merged.len(),
    })
}

/// Whether layout-rs lays out a figure that takes `work` (the choice of [`draw`]).
pub fn fits(work: Work) -> bool {
    work.nodes <= MAX_BUILTIN_LAYOUT_NODES && work.steps <= MAX_BUILTIN_LAYOUT_STEPS
}

/// The arrows of a figure as layout-rs is given them.
struct Handed {
    /// Each arrow's label text.
    labels: Vec<String>,
    /// The order and direction of [`work::arrows`].
    order: Vec<(usize, bool)>,
}

impl Handed {
    fn new(d: &Diagram, merged: &Merged) -> Handed {
        let labels: Vec<String> = merged.iter().map(|(.., lines)| lines.join("\n")).collect();
        let order = work::arrows(d.nodes.len(), &Self::arrows(merged, &labels));
        Handed { labels, order }
    }

    fn arrows<'a>(merged: &Merged, labels: &'a [String]) -> Vec<work::Arrow<'a>> {
        merged
            .iter()
            .zip(labels)
            .map(|(&(from, to, ..), label)| work::Arrow { from, to, label })
            .collect()
    }

    fn work(&self, d: &Diagram, merged: &Merged) -> Work {
        work::work(
            d.nodes.len(),
            &Self::arrows(merged, &self.labels),
            &self.order,
            d.main_path.last().copied(),
            MAX_BUILTIN_LAYOUT_NODES,
        )
    }
}

/// The SVG of `model`'s lifecycle diagram drawn by the simple layered layout that [`draw`]
/// uses for figures too large for layout-rs, whatever its size: layers by longest path once
/// back edges are reversed, order in each layer by a few barycentre sweeps, arrows between
/// neighbouring layers from border to border, longer ones curved down the left side or up
/// the right side. Close to linear in the figure. Deterministic.
pub fn render_layered(model: &Model) -> Result<String, TooLarge> {
    let d = Diagram::new(model);
    refuse(&d)?;
    Ok(paint::render(model, &d, &legend_lines(model, &d)))
}

fn refuse(d: &Diagram) -> Result<(), TooLarge> {
    let (nodes, arrows) = (d.nodes.len(), d.edges.len());
    if nodes > MAX_LAYERED_NODES || arrows > MAX_LAYERED_ARROWS {
        return Err(TooLarge { nodes, arrows });
    }
    Ok(())
}

/// The figure laid out by layout-rs, its arrows given in `order` ([`work::arrows`]).
fn layout_rs(model: &Model, d: &Diagram, merged: &Merged, order: &[(usize, bool)]) -> String {
    let mut graph = VisualGraph::new(Orientation::TopToBottom);
    // Its checks follow every path of the graph, after every arrow added (see `work`).
    graph.dag.set_validate(false);
    let handles: Vec<_> = d
        .nodes
        .iter()
        .map(|node| graph.add_node(element(model, &node.kind)))
        .collect();
    for &(index, reversed) in order {
        let (from, to, kind, lines) = &merged[index];
        let drawn = arrow(*kind, &lines.join("\n"));
        if reversed {
            graph.add_edge(drawn.reverse(), handles[*to], handles[*from]);
        } else {
            graph.add_edge(drawn, handles[*from], handles[*to]);
        }
    }

    let legend = legend_lines(model, d).join("\n");
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
    // layout-rs escapes markup but passes control characters of free text (a `notify:`
    // note) through, which no XML reader accepts.
    fit(&crate::xml::only_held_chars(&svg.finalize()), &graph)
}

/// What layout-rs would do to lay out `model`'s figure (see [`Work`]); [`draw`] lets it
/// when [`fits`] says so. Linear in the figure, once its labels and loops alone are within
/// [`MAX_BUILTIN_LAYOUT_NODES`].
pub fn layout_work(model: &Model) -> Work {
    let d = Diagram::new(model);
    let merged = merge(&d);
    Handed::new(&d, &merged).work(&d, &merged)
}

/// One arrow: from, to, style, label lines.
type Merged = Vec<(usize, usize, EdgeKind, Vec<String>)>;

/// The figure's arrows, at most one per pair of nodes (layout-rs wants that): the others are
/// merged into the first, saying which way a way goes when it runs against the shared arrow.
fn merge(d: &Diagram) -> Merged {
    let mut arrows: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut merged: Merged = Vec::new();
    for edge in &d.edges {
        let key = (edge.from.min(edge.to), edge.from.max(edge.to));
        let mut lines: Vec<String> = edge_lines(&edge.lines);
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
    merged
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
        NodeKind::State {
            state,
            actions,
            internal,
        } => {
            let s = model.state(*state);
            let mut label = s.name.spec.clone();
            if let Some(place) = crate::nesting::place_line(model, *state) {
                label.push('\n');
                label.push_str(&place);
            }
            if s.wire != s.name.spec {
                label.push_str("\nwire: ");
                label.push_str(&s.wire);
            }
            for line in actions {
                label.push('\n');
                label.push_str(line);
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
        // Sized by our measure of its text: layout-rs's would make it twice as wide.
        NodeKind::Recall(id) => {
            let lines = crate::nesting::history_lines(model, *id);
            let diameter = shapes::circle_diameter(&lines);
            return Element::create(
                ShapeKind::new_circle(&lines.join("\n")),
                look(INK, 2, Some(WHITE), 0),
                Orientation::TopToBottom,
                Point::new(diameter, diameter),
            );
        }
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
        EdgeKind::HistoryDefault => (INK, LineStyleKind::Dashed),
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
/// layouts draw a box of plain text, so colours are named.
fn legend_lines(model: &Model, d: &Diagram) -> Vec<String> {
    let mut lines = vec!["Legend".to_owned()];
    for entry in legend::entries(model, d) {
        let line = match entry.colour {
            Some(colour) => format!("{} ({}): {}", entry.symbol, colour.name, entry.meaning),
            None => format!("{} {}", entry.symbol, entry.meaning),
        };
        lines.extend(text::wrap(&line, LEGEND_WIDTH));
    }
    lines
}
