//! The figure of a lifecycle, independent of any format: which boxes, markers and edges to
//! draw, with which labels. DOT, Mermaid and the pure-Rust SVG all draw this one structure,
//! so they show the same information (see the conventions in [`super`]).

use std::collections::HashMap;

use machine_core::model::{Expiry, HistoryId, Model, Origin, StateId, Target, TransitionId};
use machine_core::paths::Item;
use machine_core::words;

use crate::text;

mod groups;
mod history;
mod spanning;

pub(crate) use history::{glyph, kind};

/// What a node stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum NodeKind {
    /// A state of the machine.
    State {
        /// Which state.
        state: StateId,
        /// Its own actions, as `entry / a, b` and `exit / c` lines.
        actions: Vec<String>,
        /// Internal transitions, as `Event [guard]` labels.
        internal: Vec<String>,
    },
    /// Where the lifecycle starts; `Some(name)` for a named start.
    Start(Option<String>),
    /// The end of the lifecycle, reached by an `end` timeout of `state`.
    End { state: StateId, text: String },
    /// A `notify` timeout of a state: `lines` are the note's text.
    Note { lines: Vec<String> },
    /// Stands for every state the fault state can be entered from.
    AnyState,
    /// Stands for the states of the `entry`-th transition, written `from: "*"`; `label` says
    /// which (`any non-final state`, `... except A, B`).
    Group { entry: usize, label: String },
    /// The fault state's way back: the state it was entered from.
    History,
    /// A history state of a compound state (rule S19), drawn inside it.
    Recall(HistoryId),
}

/// One node.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    /// Identifier, unique in the figure. A state's is its spec name; the others contain `:`,
    /// which state names cannot, so they never collide.
    pub id: String,
    /// What it stands for.
    pub kind: NodeKind,
    /// Hover text (doc text), may be empty.
    pub tooltip: String,
    /// A node drawn beside this one (same rank): end markers and notes beside their state.
    pub beside: Option<usize>,
}

/// What an edge stands for; each kind has its own style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum EdgeKind {
    /// From a start marker.
    Start,
    /// A transition written in the spec, or a timeout that moves to another state.
    Transition,
    /// The resolution of an error-table row.
    Incident,
    /// Into the fault state (from the "any state" node).
    FaultEntry,
    /// Out of the fault state.
    FaultExit,
    /// An `end` timeout, to the end marker.
    End,
    /// Attaches a `notify` note to its state.
    Note,
    /// From a history state to its default: where it leads when its compound state was
    /// never left.
    HistoryDefault,
}

/// One edge; several ways between the same two nodes of the same kind share one edge.
#[derive(Clone, Debug)]
pub(crate) struct Edge {
    /// Source node index.
    pub from: usize,
    /// Target node index.
    pub to: usize,
    /// Its style.
    pub kind: EdgeKind,
    /// Label lines, one per way (`Event [guard]`, `after 14d`); may be empty.
    pub lines: Vec<String>,
    /// Hover text, one line per way that has a doc.
    pub tooltip: Vec<String>,
    /// Whether it is a step of the main path.
    pub main: bool,
    /// The transitions and timeouts the edge draws (for coverage); none for start edges.
    pub items: Vec<Item>,
}

/// The whole figure.
#[derive(Clone, Debug)]
pub(crate) struct Diagram {
    /// The machine's name.
    pub title: String,
    /// The machine's doc text.
    pub doc: String,
    /// Nodes, in a stable order: starts, then each state followed by its markers, then the
    /// history states' circles, the `"*"` boxes and the fault state's helpers.
    pub nodes: Vec<Node>,
    /// Edges, in a stable order: starts, history states' defaults, transitions in spec order,
    /// timeouts by state, fault.
    pub edges: Vec<Edge>,
    /// The states of the main path (node indices), from the first start onwards.
    pub main_path: Vec<usize>,
    /// Where each `(from, to, kind)` edge is in `edges`, so parallel edges merge in constant
    /// time and large machines render in linear time.
    edge_index: HashMap<(usize, usize, EdgeKind), usize>,
    /// For each node, whether it is on `main_path`.
    on_main_path: Vec<bool>,
    /// The box the fault state is entered from: its own "any non-final state" box, or the
    /// box of a `"*"` entry that leaves the same states.
    pub fault_any: Option<usize>,
}

/// The width notes are wrapped to, in characters.
const NOTE_WIDTH: usize = 28;

impl Diagram {
    /// Builds the figure of `model`.
    pub(crate) fn new(model: &Model) -> Self {
        let mut d = Diagram {
            title: model.name.spec.clone(),
            doc: model.doc.clone(),
            nodes: Vec::new(),
            edges: Vec::new(),
            main_path: Vec::new(),
            edge_index: HashMap::new(),
            on_main_path: Vec::new(),
            fault_any: None,
        };
        let starts: Vec<usize> = model
            .starts
            .iter()
            .enumerate()
            .map(|(i, start)| {
                let name = start.name.as_ref().map(|n| n.spec.clone());
                let id = match &name {
                    Some(name) => format!("start:{name}"),
                    None if model.starts.len() == 1 => "start:".to_owned(),
                    None => format!("start:{i}"),
                };
                d.push_node(id, NodeKind::Start(name), "start".into(), None)
            })
            .collect();
        let mut state_node = Vec::with_capacity(model.states.len());
        let mut markers = Vec::new();
        for id in model.state_ids() {
            let state = model.state(id);
            let internal = model
                .transitions_from(id)
                .filter(|(_, t)| t.target == Target::Internal)
                .map(|(tid, _)| words::transition_label(model, tid))
                .collect();
            let node = d.push_node(
                state.name.spec.clone(),
                NodeKind::State {
                    state: id,
                    actions: words::state_actions(model, id),
                    internal,
                },
                state.doc.clone(),
                None,
            );
            state_node.push(node);
            for (index, (timer, def)) in model.own_timers_in(id).enumerate() {
                let timeout = &def.timeout;
                let label = words::timer_label(model, timer);
                match &timeout.expiry {
                    Expiry::Transition(_) | Expiry::Recall(_) => {}
                    Expiry::End(text) => {
                        let end = d.push_node(
                            format!("end:{}:{index}", state.name.spec),
                            NodeKind::End {
                                state: id,
                                text: text.clone(),
                            },
                            text.clone(),
                            Some(node),
                        );
                        markers.push((
                            node,
                            end,
                            EdgeKind::End,
                            label,
                            timeout.doc.clone(),
                            Item::Timer(timer),
                        ));
                    }
                    Expiry::Notify(text) => {
                        let mut lines = vec![format!("{label}:")];
                        lines.extend(text::wrap(text, NOTE_WIDTH));
                        let attached = d.push_node(
                            format!("note:{}:{index}", state.name.spec),
                            NodeKind::Note { lines },
                            timeout.doc.clone(),
                            Some(node),
                        );
                        markers.push((
                            node,
                            attached,
                            EdgeKind::Note,
                            String::new(),
                            String::new(),
                            Item::Timer(timer),
                        ));
                    }
                }
            }
        }
        for (start, model_start) in starts.iter().zip(&model.starts) {
            let label = model_start
                .name
                .as_ref()
                .map(|n| n.spec.clone())
                .unwrap_or_default();
            d.push_edge(
                *start,
                state_node[model_start.state.index()],
                EdgeKind::Start,
                label,
                "",
            );
        }
        let history_node = history::draw(&mut d, model, &state_node);
        // The node a transition's arrow ends at: its state's box or its history's circle.
        let target_node = |target: Target| match target {
            Target::State(to) => Some(state_node[to.index()]),
            Target::Recall(h) => Some(history_node[h.index()]),
            Target::Internal | Target::History => None,
        };
        let grouped = groups::star_groups(model);
        let mut group_nodes = Vec::with_capacity(grouped.len());
        for group in &grouped {
            let node = d.push_node(
                format!("any:{}", group.entry),
                NodeKind::Group {
                    entry: group.entry,
                    label: groups::label(model, &group.members),
                },
                format!(
                    "any of: {}",
                    group
                        .members
                        .iter()
                        .map(|&s| model.state(s).name.spec.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None,
            );
            group_nodes.push(node);
            for (label, to, ids) in &group.edges {
                let Some(to) = target_node(*to) else {
                    continue;
                };
                let doc = transition_tooltip(model, ids[0]);
                let edge = d.push_edge(node, to, EdgeKind::Transition, label.clone(), &doc);
                d.edges[edge]
                    .items
                    .extend(ids.iter().map(|&id| Item::Transition(id)));
            }
        }
        let mut in_group = vec![false; model.transitions.len()];
        for group in &grouped {
            for (_, _, ids) in &group.edges {
                for id in ids {
                    in_group[id.index()] = true;
                }
            }
        }
        for (id, t) in model.transitions_with_ids() {
            if in_group[id.index()] {
                continue;
            }
            let from = state_node[t.from.index()];
            let (kind, tooltip) = match t.origin {
                Origin::Spec => (EdgeKind::Transition, transition_tooltip(model, id)),
                Origin::Incident(incident) => {
                    let incident = model.incident(incident);
                    (
                        EdgeKind::Incident,
                        format!(
                            "{} (error table): {}",
                            incident.name.spec,
                            text::one_line(&incident.resolution)
                        ),
                    )
                }
                // The fault state's edges are drawn once, below.
                Origin::FaultEntry | Origin::FaultExit => continue,
            };
            if let Some(to) = target_node(t.target) {
                let label = words::transition_label(model, id);
                let edge = d.push_edge(from, to, kind, label, &tooltip);
                d.edges[edge].items.push(Item::Transition(id));
            }
        }
        for id in model.state_ids() {
            for (timer, def) in model.own_timers_in(id) {
                let timeout = &def.timeout;
                if let Some(to) = timeout.expiry.target().and_then(target_node) {
                    let label = words::timer_label(model, timer);
                    let from = state_node[id.index()];
                    let edge = d.push_edge(from, to, EdgeKind::Transition, label, &timeout.doc);
                    d.edges[edge].items.push(Item::Timer(timer));
                }
            }
        }
        spanning::draw(&mut d, model, &state_node, target_node);
        for (from, to, kind, label, tooltip, item) in markers {
            let edge = d.push_edge(from, to, kind, label, &tooltip);
            d.edges[edge].items.push(item);
        }
        if let Some(fault) = &model.fault {
            let fault_node = state_node[fault.state.index()];
            // The box of a `"*"` entry that leaves the same states, if there is one.
            let shared = grouped
                .iter()
                .position(|g| g.members == fault.sources)
                .map(|g| group_nodes[g]);
            let any = shared.unwrap_or_else(|| {
                d.push_node(
                    "fault:any".into(),
                    NodeKind::AnyState,
                    any_state_tooltip(model),
                    None,
                )
            });
            d.fault_any = Some(any);
            let fault_items = |exit: Option<Target>| -> Vec<Item> {
                model
                    .transitions_with_ids()
                    .filter(|(_, t)| match exit {
                        None => t.origin == Origin::FaultEntry,
                        Some(target) => t.origin == Origin::FaultExit && t.target == target,
                    })
                    .map(|(id, _)| Item::Transition(id))
                    .collect()
            };
            let enter = model.event(fault.enter);
            let edge = d.push_edge(
                any,
                fault_node,
                EdgeKind::FaultEntry,
                enter.name.spec.clone(),
                &enter.doc,
            );
            d.edges[edge].items = fault_items(None);
            let history = d.push_node(
                "fault:history".into(),
                NodeKind::History,
                "back to the state the fault was entered from".into(),
                None,
            );
            let resume = model.event(fault.resume);
            let label = resume.name.spec.clone();
            let edge = d.push_edge(
                fault_node,
                history,
                EdgeKind::FaultExit,
                label.clone(),
                &resume.doc,
            );
            d.edges[edge].items = fault_items(Some(Target::History));
            for &to in &fault.resume_to {
                let node = state_node[to.index()];
                let edge = d.push_edge(
                    fault_node,
                    node,
                    EdgeKind::FaultExit,
                    label.clone(),
                    &resume.doc,
                );
                d.edges[edge].items = fault_items(Some(Target::State(to)));
            }
        }
        d.main_path = main_path(model)
            .into_iter()
            .map(|s| state_node[s.index()])
            .collect();
        d.on_main_path = vec![false; d.nodes.len()];
        for &node in &d.main_path {
            d.on_main_path[node] = true;
        }
        for pair in d.main_path.windows(2) {
            if let Some(&index) = d.edge_index.get(&(pair[0], pair[1], EdgeKind::Transition)) {
                d.edges[index].main = true;
            }
        }
        d
    }

    fn push_node(
        &mut self,
        id: String,
        kind: NodeKind,
        tooltip: String,
        beside: Option<usize>,
    ) -> usize {
        self.nodes.push(Node {
            id,
            kind,
            tooltip,
            beside,
        });
        self.nodes.len() - 1
    }

    /// Adds an edge, or the label and tooltip to the edge already there; its index.
    fn push_edge(
        &mut self,
        from: usize,
        to: usize,
        kind: EdgeKind,
        label: String,
        tooltip: &str,
    ) -> usize {
        let tooltip = text::one_line(tooltip);
        let edges = &mut self.edges;
        let index = *self.edge_index.entry((from, to, kind)).or_insert_with(|| {
            edges.push(Edge {
                from,
                to,
                kind,
                lines: Vec::new(),
                tooltip: Vec::new(),
                main: false,
                items: Vec::new(),
            });
            edges.len() - 1
        });
        let edge = &mut self.edges[index];
        if !label.is_empty() && !edge.lines.contains(&label) {
            edge.lines.push(label);
        }
        if !tooltip.is_empty() && !edge.tooltip.contains(&tooltip) {
            edge.tooltip.push(tooltip);
        }
        index
    }

    /// Whether node `index` is on the main path.
    pub(crate) fn is_on_main_path(&self, index: usize) -> bool {
        self.on_main_path.get(index).copied().unwrap_or(false)
    }

    /// Whether any edge has this kind.
    pub(crate) fn uses(&self, kind: EdgeKind) -> bool {
        self.edges.iter().any(|e| e.kind == kind)
    }

    /// Whether any state lists internal transitions.
    pub(crate) fn has_internal(&self) -> bool {
        self.nodes
            .iter()
            .any(|n| matches!(&n.kind, NodeKind::State { internal, .. } if !internal.is_empty()))
    }
}

/// Label lines longer than this break before their guards or their reset events.
const LABEL_WIDTH: usize = 26;

/// A label as drawn: `Event [guard, guard]` (or `after 14d (reset by E)`) on two lines when
/// it is long.
pub(crate) fn label_lines(label: &str) -> Vec<String> {
    match label.find(" [").or_else(|| label.find(" (")) {
        Some(at) if label.chars().count() > LABEL_WIDTH => {
            vec![label[..at].to_owned(), label[at + 1..].to_owned()]
        }
        _ => vec![label.to_owned()],
    }
}

/// The lines of an edge's labels as drawn. A label alone may break before its guards
/// ([`label_lines`]); of several labels on one edge, each stays on one line, so that the
/// second half of a broken label cannot read as a label of its own.
pub(crate) fn edge_lines(labels: &[String]) -> Vec<String> {
    match labels {
        [one] => label_lines(one),
        several => several.to_vec(),
    }
}

/// A transition's hover text: its own doc, else its event's.
fn transition_tooltip(model: &Model, id: TransitionId) -> String {
    let t = model.transition(id);
    if t.doc.is_empty() {
        t.event()
            .map(|event| model.event(event).doc.clone())
            .unwrap_or_default()
    } else {
        t.doc.clone()
    }
}

fn any_state_tooltip(model: &Model) -> String {
    let Some(fault) = &model.fault else {
        return String::new();
    };
    let names: Vec<String> = fault
        .sources
        .iter()
        .map(|&s| model.state(s).name.spec.clone())
        .collect();
    format!("any of: {}", names.join(", "))
}

/// The main path: from the first start, follow the first transition written in the spec that
/// leads to a state not yet on the path, until there is none.
fn main_path(model: &Model) -> Vec<StateId> {
    let Some(start) = model.starts.first() else {
        return Vec::new();
    };
    let mut path = vec![start.state];
    let mut on_path = vec![false; model.states.len()];
    on_path[start.state.index()] = true;
    let mut current = start.state;
    while let Some(next) = model
        .transitions_from(current)
        .find_map(|(_, t)| match t.target {
            Target::State(to) if t.origin == Origin::Spec && !on_path[to.index()] => Some(to),
            _ => None,
        })
    {
        on_path[next.index()] = true;
        path.push(next);
        current = next;
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_long_labels_before_guards() {
        assert_eq!(label_lines("Go [ok]"), ["Go [ok]"]);
        assert_eq!(
            label_lines("MarkShipping [delivery_package_set]"),
            ["MarkShipping", "[delivery_package_set]"]
        );
        assert_eq!(
            label_lines("after 14d (reset by UpdateJobProperties)"),
            ["after 14d", "(reset by UpdateJobProperties)"]
        );
    }

    #[test]
    fn labels_sharing_an_edge_do_not_break() {
        let alone = ["Return [else] / charge_damage".to_owned()];
        assert_eq!(edge_lines(&alone), ["Return", "[else] / charge_damage"]);
        let shared = [
            "ReportLost".to_owned(),
            "Return [else] / charge_damage".to_owned(),
        ];
        assert_eq!(edge_lines(&shared), shared);
    }
}
