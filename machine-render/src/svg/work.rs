//! What layout-rs does with a figure, counted before it runs, so that [`super::draw`] hands it
//! only figures it lays out quickly.
//!
//! Two of layout-rs's habits take time out of all proportion to a figure, and both are
//! avoided by how the figure is handed over:
//! - its graph checks (run after every arrow added, and in each later pass) ask, for every
//!   arrow, whether its source can be reached from its target, by a depth-first search that
//!   unmarks what it visited: it follows every path, exponentially many in a tangle (a ladder
//!   of 30 states ran for minutes). [`super::draw`] turns the checks off;
//! - it turns an arrow that closes a cycle around when the arrow is added, found by the same
//!   search from the arrow's target over the arrows added before. [`arrows`] turns the back
//!   arrows around itself and orders the arrows so that none added before an arrow leaves
//!   its target: every search stops at once.
//!
//! What is left is counted by [`work`], with layout-rs's own rules for its rows (longest
//! path, then its pass that sinks nodes towards their successors) and for the hidden nodes of
//! arrows that cross rows.

use super::layered;

/// One arrow of a figure as layout-rs is given it.
pub(super) struct Arrow<'a> {
    /// The node it leaves.
    pub from: usize,
    /// The node it enters.
    pub to: usize,
    /// Its label (empty for none); a labelled arrow goes through a node of its own.
    pub label: &'a str,
}

/// The work layout-rs does for a figure, in two counts that [`super::draw`] bounds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Work {
    /// The nodes it places: the figure's boxes and legend, one node per arrow label, one
    /// hidden node per row an arrow crosses, and one per arrow to its own source. Its
    /// placement passes find a node's row by scanning the rows, and schedule columns of nodes
    /// in rounds, so their time grows at least with the square of this count. When the
    /// nodes before the hidden ones are already too many, the hidden ones are not counted.
    pub nodes: usize,
    /// The comparisons of node against node its passes make before placement: each of its 50
    /// rounds of reordering the rows counts the crossings of every pair of nodes of a row
    /// against the next row, and swaps neighbours in passes over all rows until a pass
    /// changes nothing, each pass comparing every node with the rows beside it. How many
    /// passes a round takes is not known in advance: this allows the number of rows plus the
    /// widest row, more than any generated shape takes (see `docs/BENCHMARKS.md`). Its pass
    /// that sinks nodes, repeated until none moves, is counted as it will run.
    pub steps: u64,
}

/// Rounds of reordering in layout-rs's `EdgeCrossOptimizer::optimize`.
const ROUNDS: u64 = 50;

/// The order and direction in which layout-rs is given `arrows`, each as `(index,
/// reversed)`. An arrow that goes back up the layers of [`layered::rank`] is turned around
/// (layout-rs would turn it around too, after a search); the arrows are sorted by the layer
/// of the node they leave, then by index, so that when one is added no arrow added before
/// leaves the node it enters.
pub(super) fn arrows(nodes: usize, arrows: &[Arrow<'_>]) -> Vec<(usize, bool)> {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nodes];
    for arrow in arrows {
        if arrow.from != arrow.to {
            out[arrow.from].push((arrow.to, 1));
        }
    }
    let layer = layered::rank(&out);
    let mut order: Vec<(usize, bool)> = arrows
        .iter()
        .enumerate()
        .map(|(i, a)| (i, layer[a.from] > layer[a.to]))
        .collect();
    order.sort_by_key(|&(i, reversed)| {
        let a = &arrows[i];
        (layer[if reversed { a.to } else { a.from }], i)
    });
    order
}

/// What layout-rs does with a figure of `nodes` boxes, the legend (node `nodes`, below the
/// box `legend_below` when there is one, joined by an invisible arrow) and `arrows`, given in
/// the `order` of [`arrows`]. When the boxes, the legend, the labels and the loops alone are
/// over `max_nodes`, the rest is not counted: `steps` is then `u64::MAX`.
pub(super) fn work(
    nodes: usize,
    arrows: &[Arrow<'_>],
    order: &[(usize, bool)],
    legend_below: Option<usize>,
    max_nodes: usize,
) -> Work {
    let ranked = Ranked::new(nodes, arrows, order, legend_below);
    let count = ranked.succ.len();
    if count + ranked.loops > max_nodes {
        return Work {
            nodes: count + ranked.loops,
            steps: u64::MAX,
        };
    }
    let mut level = longest_path(&ranked.succ, &ranked.preds);
    let sinking = sink(&ranked.succ, &ranked.preds, &mut level);
    let rows = Rows::of(&ranked.succ, &ranked.preds, &level);
    let arrows_count: u64 = ranked.succ.iter().map(|next| wide(next.len())).sum();
    // Each sinking pass looks up the row of every node and of its successors by a scan.
    let sink_steps = sinking
        .saturating_mul(wide(count))
        .saturating_mul(wide(count) + arrows_count);
    let passes = wide(rows.width.len()) + rows.width.iter().copied().max().unwrap_or(0);
    let reorder = rows
        .crossings()
        .saturating_add(passes.saturating_mul(rows.swaps()))
        .saturating_mul(ROUNDS);
    Work {
        nodes: count + rows.hidden + ranked.loops,
        steps: sink_steps.saturating_add(reorder),
    }
}

/// The graph layout-rs ranks: the boxes, the legend, then one node per labelled arrow, in
/// the order the arrows are added; arrows to their own source are set aside.
struct Ranked {
    /// The successors of each node.
    succ: Vec<Vec<usize>>,
    /// How many predecessors each node has.
    preds: Vec<usize>,
    /// The arrows to their own source.
    loops: usize,
}

impl Ranked {
    fn new(
        nodes: usize,
        arrows: &[Arrow<'_>],
        order: &[(usize, bool)],
        legend_below: Option<usize>,
    ) -> Ranked {
        let mut succ: Vec<Vec<usize>> = vec![Vec::new(); nodes + 1];
        let mut loops = 0usize;
        for &(index, reversed) in order {
            let a = &arrows[index];
            let (from, to) = if reversed {
                (a.to, a.from)
            } else {
                (a.from, a.to)
            };
            if from == to {
                loops += 1;
            } else if a.label.is_empty() {
                succ[from].push(to);
            } else {
                let label = succ.len();
                succ.push(vec![to]);
                succ[from].push(label);
            }
        }
        if let Some(box_above) = legend_below {
            succ[box_above].push(nodes);
        }
        let mut preds = vec![0usize; succ.len()];
        for next in &succ {
            for &to in next {
                preds[to] += 1;
            }
        }
        Ranked { succ, preds, loops }
    }
}

fn wide(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Each node's level as layout-rs first gives it: 0 without predecessors, else one below
/// the deepest of them. `succ` is acyclic, as the graph [`arrows`] orders is.
fn longest_path(succ: &[Vec<usize>], preds: &[usize]) -> Vec<usize> {
    let mut waiting = preds.to_vec();
    let mut ready: Vec<usize> = (0..succ.len()).filter(|&n| waiting[n] == 0).collect();
    let mut level = vec![0usize; succ.len()];
    while let Some(node) = ready.pop() {
        for &to in &succ[node] {
            level[to] = level[to].max(level[node] + 1);
            waiting[to] -= 1;
            if waiting[to] == 0 {
                ready.push(to);
            }
        }
    }
    level
}

/// layout-rs's `RankOptimizer`: in node order, a node with at least as many successors as
/// predecessors moves down to just above its highest successor; passes repeat until none
/// moves. Returns the number of passes.
fn sink(succ: &[Vec<usize>], preds: &[usize], level: &mut [usize]) -> u64 {
    let mut passes = 0;
    loop {
        passes += 1;
        let mut moved = false;
        for node in 0..succ.len() {
            if preds[node] > succ[node].len() || succ[node].is_empty() {
                continue;
            }
            let highest = succ[node].iter().map(|&s| level[s]).min().unwrap_or(0);
            if highest > level[node] + 1 {
                level[node] = highest - 1;
                moved = true;
            }
        }
        if !moved {
            return passes;
        }
    }
}

/// The rows layout-rs reorders, hidden nodes included.
struct Rows {
    /// The nodes of each row.
    width: Vec<u64>,
    /// The arrows of the nodes of each row, both ways (a hidden node has two).
    degrees: Vec<u64>,
    /// The hidden nodes in all.
    hidden: usize,
}

impl Rows {
    fn of(succ: &[Vec<usize>], preds: &[usize], level: &[usize]) -> Rows {
        let rows = level.iter().max().map_or(1, |&l| l + 1);
        // A difference array over the rows: each node, and the rows each arrow crosses.
        let mut change = vec![0i64; rows + 1];
        let mut real = vec![0u64; rows];
        let mut degrees = vec![0u64; rows];
        let mut hidden = 0usize;
        for (from, next) in succ.iter().enumerate() {
            let row = level[from];
            real[row] += 1;
            degrees[row] += wide(next.len() + preds[from]);
            for &to in next {
                if level[to] > row + 1 {
                    hidden += level[to] - row - 1;
                    change[row + 1] += 1;
                    change[level[to]] -= 1;
                }
            }
        }
        let mut width = Vec::with_capacity(rows);
        let mut crossing = 0i64;
        for row in 0..rows {
            crossing += change[row];
            let through = u64::try_from(crossing).unwrap_or(0);
            degrees[row] += 2 * through;
            width.push(real[row] + through);
        }
        Rows {
            width,
            degrees,
            hidden,
        }
    }

    /// One count of crossings: every pair of nodes of a row, each checked against every node
    /// of the next row through both nodes' arrows.
    fn crossings(&self) -> u64 {
        let mut steps = 0u64;
        for (row, pair) in self.width.windows(2).enumerate() {
            if pair[0] >= 2 {
                steps = steps.saturating_add(
                    (pair[0] - 1)
                        .saturating_mul(self.degrees[row])
                        .saturating_mul(pair[1]),
                );
            }
        }
        steps
    }

    /// One pass of swapping neighbours: every node of a row against the rows above and
    /// below, four times through its arrows.
    fn swaps(&self) -> u64 {
        let mut steps = 0u64;
        for row in 0..self.width.len() {
            if self.width[row] < 2 {
                continue;
            }
            let above = if row > 0 { self.width[row - 1] } else { 0 };
            let below = self.width.get(row + 1).copied().unwrap_or(0);
            steps = steps.saturating_add(4 * (above + below) * self.degrees[row]);
        }
        steps
    }
}

#[cfg(test)]
mod tests {
    //! The counts hold only if they follow layout-rs's own rules: these tests run its
    //! lowering passes on generated graphs and compare.

    use layout::adt::dag::NodeHandle;
    use layout::core::base::Orientation;
    use layout::core::geometry::Point;
    use layout::core::style::StyleAttr;
    use layout::std_shapes::shapes::{Arrow as Drawn, Element, LineEndKind, ShapeKind};
    use layout::topo::layout::VisualGraph;
    use layout::topo::optimizer::RankOptimizer;

    use super::{Arrow, Ranked, arrows, longest_path, sink};

    /// A graph: its nodes, and its arrows `(from, to, labelled)`.
    type Graph = (usize, Vec<(usize, usize, bool)>);

    /// Graphs of every shape the generated specs have, small enough for layout-rs's own
    /// quadratic passes.
    fn graphs() -> Vec<Graph> {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap_or(0) % n
        };
        let mut graphs = Vec::new();
        for nodes in [2, 5, 12, 30, 60] {
            for per_node in 1..4 {
                let mut tangle = Vec::new();
                let mut ladder = Vec::new();
                let mut tree = Vec::new();
                for from in 0..nodes {
                    for k in 0..per_node {
                        tangle.push((from, next(nodes), next(3) > 0));
                        ladder.push((from, (from + 1 + k).min(nodes - 1), k % 2 == 0));
                        if per_node * from + k + 1 < nodes {
                            tree.push((from, per_node * from + k + 1, true));
                        }
                    }
                }
                // The same ladder written bottom up.
                let mut upside_down = ladder.clone();
                upside_down.reverse();
                graphs.extend([tangle, ladder, upside_down, tree].map(|a| (nodes, a)));
            }
        }
        graphs
    }

    /// A figure's arrows with one arrow per pair of nodes, as the SVG merges them.
    fn merged(arrows: &[(usize, usize, bool)]) -> Vec<(usize, usize, bool)> {
        let mut seen = std::collections::BTreeSet::new();
        arrows
            .iter()
            .copied()
            .filter(|&(a, b, _)| seen.insert((a.min(b), a.max(b))))
            .collect()
    }

    #[test]
    fn rows_are_those_layout_rs_makes_and_it_turns_no_arrow_around() {
        for (nodes, all) in graphs() {
            let given = merged(&all);
            let arrows_of: Vec<Arrow<'_>> = given
                .iter()
                .map(|&(from, to, labelled)| Arrow {
                    from,
                    to,
                    label: if labelled { "e" } else { "" },
                })
                .collect();
            let order = arrows(nodes, &arrows_of);
            let legend_below = Some(nodes - 1);

            let mut graph = VisualGraph::new(Orientation::TopToBottom);
            graph.dag.set_validate(false);
            let boxes: Vec<NodeHandle> = (0..=nodes)
                .map(|_| {
                    graph.add_node(Element::create(
                        ShapeKind::new_box("box"),
                        StyleAttr::simple(),
                        Orientation::TopToBottom,
                        Point::new(40., 20.),
                    ))
                })
                .collect();
            for &(index, reversed) in &order {
                let a = &arrows_of[index];
                let drawn = Drawn::new(
                    LineEndKind::None,
                    LineEndKind::Arrow,
                    layout::core::style::LineStyleKind::Normal,
                    a.label,
                    &StyleAttr::simple(),
                    &None,
                    &None,
                );
                let (from, to) = if reversed {
                    (a.to, a.from)
                } else {
                    (a.from, a.to)
                };
                graph.add_edge(drawn, boxes[from], boxes[to]);
            }
            graph.add_edge(Drawn::invisible(), boxes[nodes - 1], boxes[nodes]);
            graph.to_valid_dag();
            graph.split_text_edges();
            graph.dag.recompute_node_ranks();
            RankOptimizer::new(&mut graph.dag).optimize();

            let ranked = Ranked::new(nodes, &arrows_of, &order, legend_below);
            assert_eq!(ranked.succ.len(), graph.num_nodes(), "{given:?}");
            for (node, next) in ranked.succ.iter().enumerate() {
                let mut theirs: Vec<usize> = graph
                    .succ(NodeHandle::new(node))
                    .iter()
                    .map(NodeHandle::get_index)
                    .collect();
                let mut ours = next.clone();
                theirs.sort_unstable();
                ours.sort_unstable();
                assert_eq!(ours, theirs, "successors of {node} in {given:?}");
            }
            let mut level = longest_path(&ranked.succ, &ranked.preds);
            sink(&ranked.succ, &ranked.preds, &mut level);
            let theirs: Vec<usize> = (0..graph.num_nodes())
                .map(|n| graph.dag.level(NodeHandle::new(n)))
                .collect();
            assert_eq!(level, theirs, "levels of {given:?}");
        }
    }
}
