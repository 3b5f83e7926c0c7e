//! Compound states in the figures: in DOT, a compound state is a cluster around the states
//! inside it, headed by its own box (which keeps its label: name, actions, internal
//! transitions), with a small start marker pointing to its `initial:` state. What is written
//! on a compound state is drawn once, from its border (`ltail`), and an edge into it ends at
//! its border (`lhead`). A history state's circle is drawn in its compound state's cluster. A
//! parallel state's cluster has a heavier border and no start marker (it has no `initial:`);
//! its regions are dashed clusters inside it, whose tops share one row. A flat spec draws none
//! of this.

use std::fmt::Write;

use machine_core::model::{HistoryId, Model, StateId};

use crate::diagram::{Diagram, Edge, EdgeKind, NodeKind};
use crate::legend::INK;

/// The nesting of a figure's state boxes.
pub(crate) struct Nesting {
    /// For each state, its box in the figure.
    node_of: Vec<usize>,
    /// For each node, the state it is the box of.
    state_of: Vec<Option<StateId>>,
    /// For each node, the innermost state it is drawn in or as: a state's own, a history
    /// state's compound state.
    place: Vec<Option<StateId>>,
    /// For each history state (by index), its circle.
    history_node: Vec<usize>,
    /// For each node, the history state it is the circle of.
    history_of: Vec<Option<HistoryId>>,
}

impl Nesting {
    /// The nesting of `d`, drawn from `model`; `None` for a flat spec.
    pub(crate) fn of(model: &Model, d: &Diagram) -> Option<Nesting> {
        if !model.is_nested() {
            return None;
        }
        let mut node_of = vec![0; model.states.len()];
        let mut state_of = vec![None; d.nodes.len()];
        let mut place = vec![None; d.nodes.len()];
        let mut history_node = vec![0; model.histories.len()];
        let mut history_of = vec![None; d.nodes.len()];
        for (index, node) in d.nodes.iter().enumerate() {
            match node.kind {
                NodeKind::State { state, .. } => {
                    node_of[state.index()] = index;
                    state_of[index] = Some(state);
                    place[index] = Some(state);
                }
                NodeKind::Recall(history) => {
                    history_node[history.index()] = index;
                    history_of[index] = Some(history);
                    place[index] = Some(model.history(history).state);
                }
                _ => {}
            }
        }
        Some(Nesting {
            node_of,
            state_of,
            place,
            history_node,
            history_of,
        })
    }

    /// The cluster id of a compound state.
    fn cluster(model: &Model, state: StateId) -> String {
        format!("cluster_{}", model.state(state).name.spec)
    }

    /// Where `edge` meets a cluster's border: `ltail` when it leaves a compound state's box
    /// (and does not end inside it, at a state or a history state), `lhead` when it ends at
    /// one (and does not start inside it). A start edge goes to the outermost compound state
    /// whose entry leads to the state the start enters, so [`Nesting::edge_target`] redirects
    /// it first.
    ///
    /// A transition to a history state from a state inside its compound state goes back up,
    /// to the circle beside the compound state's start marker: it is written from the circle
    /// to its source with `dir=back`, so that it ranks the circle above the source, as it is
    /// drawn. (`constraint=false` would say the same, but Graphviz 2.43 fails on it in some
    /// figures with the circle's `rank=same`.) One from the compound state itself leaves the
    /// top of its frame, above the circle already.
    pub(crate) fn ends(&self, model: &Model, edge: &Edge, to: usize) -> Ends {
        let mut attrs = Vec::new();
        if matches!(edge.kind, EdgeKind::Note | EdgeKind::End) {
            return Ends::default();
        }
        let inside = |node: usize, state: StateId| {
            self.place[node].is_some_and(|p| model.is_within(p, state))
        };
        if let Some(from) = self.state_of[edge.from].filter(|&s| model.is_compound(s))
            && !inside(to, from)
        {
            attrs.push(format!("ltail=\"{}\"", Self::cluster(model, from)));
        }
        if let Some(target) = self.state_of[to].filter(|&s| model.is_compound(s))
            && !inside(edge.from, target)
        {
            attrs.push(format!("lhead=\"{}\"", Self::cluster(model, target)));
        }
        let back = self.history_of[to].is_some_and(|history| {
            let compound = model.history(history).state;
            self.state_of[edge.from] != Some(compound) && inside(edge.from, compound)
        });
        if back {
            // Its source is now its head.
            for attr in &mut attrs {
                *attr = attr.replacen("ltail=", "lhead=", 1);
            }
            attrs.push("dir=back".into());
        }
        Ends { attrs, back }
    }

    /// The node an edge is drawn to: for a start, the box of the outermost state whose entry
    /// leads to the state the start enters (rule S17), else the edge's own target.
    pub(crate) fn edge_target(&self, model: &Model, edge: &Edge) -> usize {
        let Some(state) = self.state_of[edge.to] else {
            return edge.to;
        };
        if edge.kind != EdgeKind::Start {
            return edge.to;
        }
        let outermost = model
            .self_and_ancestors(state)
            .take_while(|&a| model.descend(a) == state)
            .last()
            .unwrap_or(state);
        self.node_of[outermost.index()]
    }

    /// Whether `node` is drawn in a cluster: the box of a compound state, or of a state
    /// inside one.
    pub(crate) fn is_clustered(&self, model: &Model, node: usize) -> bool {
        self.state_of[node].is_some_and(|s| model.parent(s).is_some() || model.is_compound(s))
    }

    /// The clusters of the compound states of the top level, each holding its own box, its
    /// start marker, its history states, the states inside it (with what `beside` puts next
    /// to each) and the clusters of the compound states inside it.
    pub(crate) fn clusters(&self, model: &Model, d: &Diagram, dot: &Dot<'_>) -> String {
        let mut out = String::new();
        for &state in model.children(None) {
            if model.is_compound(state) {
                self.cluster_of(model, d, state, 1, dot, &mut out);
            }
        }
        out
    }

    fn cluster_of(
        &self,
        model: &Model,
        d: &Diagram,
        state: StateId,
        depth: usize,
        dot: &Dot<'_>,
        out: &mut String,
    ) {
        let pad = "  ".repeat(depth);
        let node = &d.nodes[self.node_of[state.index()]];
        let id = &node.id;
        let label = (dot.label)(node);
        // A parallel state's frame is heavier; its regions' frames are dashed.
        let (style, penwidth) = if model.is_parallel(state) {
            ("rounded", "2.4")
        } else if model.parent(state).is_some_and(|p| model.is_parallel(p)) {
            ("dashed,rounded", "1.2")
        } else {
            ("rounded", "1.2")
        };
        let _ = writeln!(
            out,
            "{pad}subgraph {} {{\n{pad}  label=<{label}>; labeljust=l; style=\"{style}\"; color=\"{}\"; penwidth={penwidth};",
            (dot.quote)(&Self::cluster(model, state)),
            INK.hex
        );
        let _ = writeln!(
            out,
            "{pad}  {};",
            dot.member(id, self.node_of[state.index()])
        );
        if let Some(initial) = model.state(state).initial {
            let marker = (dot.quote)(&format!("initial:{}", model.state(state).name.spec));
            let _ = writeln!(
                out,
                "{pad}  {marker} [shape=point, width=0.1, color=\"{ink}\", fillcolor=\"{ink}\", label=\"\", tooltip=\"initial state of {name}\"];\n\
                 {pad}  {marker} -> {};",
                (dot.quote)(&d.nodes[self.node_of[initial.index()]].id),
                ink = INK.hex,
                name = model.state(state).name.spec,
            );
            // Its history states in a row with its start marker, above the states they
            // lead to.
            let circles: Vec<String> = model
                .histories_with_ids()
                .filter(|(_, h)| h.state == state)
                .map(|(id, _)| (dot.quote)(&d.nodes[self.history_node[id.index()]].id))
                .collect();
            if !circles.is_empty() {
                let _ = writeln!(
                    out,
                    "{pad}  {{ rank=same; {marker}; {}; }}",
                    circles.join("; ")
                );
            }
        }
        for &child in model.children(Some(state)) {
            if model.is_compound(child) {
                self.cluster_of(model, d, child, depth + 1, dot, out);
            } else {
                let node = self.node_of[child.index()];
                let _ = writeln!(out, "{pad}  {};", dot.member(&d.nodes[node].id, node));
            }
        }
        if model.is_parallel(state) {
            let _ = writeln!(out, "{pad}  {}", self.region_row(model, d, state, dot));
        }
        let _ = writeln!(out, "{pad}}}");
    }

    /// The row at the top of a parallel state's frame, so that its regions stand side by side
    /// with their tops level: its own box (the anchor of its edges, which thus leave its frame
    /// and end at it level with the regions' tops), each region's box and start marker, and
    /// its history states' circles (it has no start marker of its own for them to sit beside).
    fn region_row(&self, model: &Model, d: &Diagram, state: StateId, dot: &Dot<'_>) -> String {
        let node = |n: usize| (dot.quote)(&d.nodes[n].id);
        let mut row = vec![node(self.node_of[state.index()])];
        for &region in model.children(Some(state)) {
            row.push(node(self.node_of[region.index()]));
            if model.state(region).initial.is_some() {
                let name = &model.state(region).name.spec;
                row.push((dot.quote)(&format!("initial:{name}")));
            }
        }
        row.extend(
            model
                .histories_with_ids()
                .filter(|(_, h)| h.state == state)
                .map(|(id, _)| node(self.history_node[id.index()])),
        );
        format!("{{ rank=same; {}; }}", row.join("; "))
    }
}

/// How an edge is written: the attributes where it meets a cluster's border, and whether it is
/// written backwards (from its target to its source, with `dir=back`).
#[derive(Default)]
pub(crate) struct Ends {
    /// `ltail`, `lhead` and `dir` attributes.
    pub attrs: Vec<String>,
    /// Whether the edge is written from its target to its source.
    pub back: bool,
}

/// What the DOT writer lends the clusters: how it quotes an id, labels a state's box, and
/// groups a box with the markers beside it.
pub(crate) struct Dot<'a> {
    /// A quoted DOT id.
    pub quote: &'a dyn Fn(&str) -> String,
    /// The HTML label of a state's box.
    pub label: &'a dyn Fn(&crate::diagram::Node) -> String,
    /// The invisible cluster of a box and its markers, when it has some.
    pub beside: &'a dyn Fn(usize) -> Option<String>,
}

impl Dot<'_> {
    /// A state's box in a cluster: with its markers beside it when it has some, else alone.
    fn member(&self, id: &str, node: usize) -> String {
        (self.beside)(node).unwrap_or_else(|| (self.quote)(id))
    }
}

/// For the built-in SVG, which draws no clusters: the line under a state's name that says
/// which compound state it is in (`in Open`; in a region, `in Working ∥ Transfer`), or what a
/// compound state holds (`compound, enters Pending`; a parallel state: `parallel: Transfer ∥
/// Scan`; a region: `region of Working ∥, enters Sending`); `None` in a flat spec.
pub(crate) fn place_line(model: &Model, state: StateId) -> Option<String> {
    let name = |s: StateId| model.state(s).name.spec.as_str();
    let enters = |s: StateId| model.state(s).initial.map_or("?", name);
    if model.is_parallel(state) {
        let regions: Vec<&str> = model
            .children(Some(state))
            .iter()
            .map(|&r| name(r))
            .collect();
        let holds = format!("parallel: {}", regions.join(" ∥ "));
        return Some(match model.parent(state) {
            Some(parent) => format!("in {}, {holds}", place(model, parent)),
            None => holds,
        });
    }
    if let Some(parent) = model.parent(state) {
        if model.is_parallel(parent) {
            return Some(format!(
                "region of {} ∥, enters {}",
                name(parent),
                enters(state)
            ));
        }
        return Some(format!("in {}", place(model, parent)));
    }
    model
        .is_compound(state)
        .then(|| format!("compound, enters {}", enters(state)))
}

/// A compound state as the place of what is inside it: its name, after its parallel state's
/// for a region (`Working ∥ Transfer`).
fn place(model: &Model, state: StateId) -> String {
    let name = &model.state(state).name.spec;
    match model.parent(state).filter(|&p| model.is_parallel(p)) {
        Some(parallel) => format!("{} ∥ {name}", model.state(parallel).name.spec),
        None => name.clone(),
    }
}

/// For the built-in SVG, which draws no clusters: the lines of a history state's circle, its
/// `H` or `H*`, its name, and the compound state it is in (`in Open`).
pub(crate) fn history_lines(model: &Model, id: HistoryId) -> Vec<String> {
    let history = model.history(id);
    vec![
        crate::diagram::glyph(history).to_owned(),
        history.name.spec.clone(),
        format!("in {}", place(model, history.state)),
    ]
}
