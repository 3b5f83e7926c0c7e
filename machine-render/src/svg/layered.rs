//! A simple layered layout for figures too large for layout-rs, in time close to linear in
//! the figure: layers by longest path once back edges are reversed depth-first ([`rank`]),
//! the order within each layer by a bounded number of barycentre sweeps, x by that order with
//! each box's own width (pulled towards the boxes it is joined to from the layer above), y
//! by layer. Arrows are not routed: [`super::paint`] draws them as curves between their ends.
//!
//! Every step iterates vectors in index order and sorts with an index tie-break, so the
//! same figure always gets the same coordinates.

/// Barycentre sweeps, each one pass down the layers and one up: the cost of ordering is
/// this many times the arrows, plus sorting.
const SWEEPS: usize = 4;
/// Horizontal space between two boxes of a layer.
const GAP_X: f64 = 36.;
/// Vertical space between two layers, plus a line per label line of their arrows.
const GAP_Y: f64 = 44.;
/// The height of a line of text.
pub(super) const LINE: f64 = 17.;
/// The room right of a box for an arrow to itself, besides its label.
pub(super) const LOOP_ROOM: f64 = 40.;
/// At most this many label lines make room between two layers.
const LABEL_ROOM: usize = 6;

/// `n` as a coordinate: the counts laid out are far below 2^32, and exact.
pub(super) fn real(n: usize) -> f64 {
    u32::try_from(n).map_or(f64::from(u32::MAX), f64::from)
}

/// Where a node is in the depth-first search of [`rank`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    New,
    Open,
    Done,
}

/// The layer of each node, from 0, for the arrows `out` (`out[from]` holds `(to, length)`, no
/// self-arrows): an arrow to a node still on the depth-first stack is a back edge and is
/// reversed, then each node goes `length` layers below the deepest of its predecessors.
/// Linear in the arrows.
pub(super) fn rank(out: &[Vec<(usize, usize)>]) -> Vec<usize> {
    let nodes = out.len();
    let mut mark = vec![Mark::New; nodes];
    // In reverse topological order of the acyclic graph once the search is over.
    let mut finished = Vec::with_capacity(nodes);
    let mut dag: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nodes];
    for root in 0..nodes {
        if mark[root] != Mark::New {
            continue;
        }
        mark[root] = Mark::Open;
        let mut stack = vec![(root, 0usize)];
        while let Some((node, next)) = stack.last_mut() {
            let node = *node;
            if let Some(&(to, len)) = out[node].get(*next) {
                *next += 1;
                if mark[to] == Mark::Open {
                    dag[to].push((node, len));
                } else {
                    dag[node].push((to, len));
                    if mark[to] == Mark::New {
                        mark[to] = Mark::Open;
                        stack.push((to, 0));
                    }
                }
            } else {
                mark[node] = Mark::Done;
                finished.push(node);
                stack.pop();
            }
        }
    }
    let mut layer = vec![0usize; nodes];
    for &node in finished.iter().rev() {
        for &(to, len) in &dag[node] {
            layer[to] = layer[to].max(layer[node] + len);
        }
    }
    layer
}

/// Where the layout put each node: its layer, and the centre of its box.
pub(super) struct Placed {
    /// The layer of each node.
    pub layer: Vec<usize>,
    /// The centre of each node's box.
    pub x: Vec<f64>,
    /// The centre of each node's box.
    pub y: Vec<f64>,
}

/// What [`place`] lays out.
pub(super) struct Graph<'a> {
    /// Each node's box: width and height.
    pub size: &'a [(f64, f64)],
    /// The arrows, `(from, to)`; self-arrows are allowed and ignored.
    pub arrows: &'a [(usize, usize)],
    /// The label of each arrow: its lines, and the width of its widest line.
    pub labels: &'a [(usize, f64)],
    /// A node drawn in the same layer as another, right of it (a note beside its state).
    pub beside: &'a [Option<usize>],
}

/// Lays out `graph`: layers, order, coordinates.
pub(super) fn place(graph: &Graph<'_>) -> Placed {
    let nodes = graph.size.len();
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nodes];
    for &(from, to) in graph.arrows {
        if from != to && graph.beside[to] != Some(from) && graph.beside[from] != Some(to) {
            out[from].push((to, 1));
        }
    }
    let mut layer = rank(&out);
    for node in 0..nodes {
        if let Some(partner) = graph.beside[node] {
            layer[node] = layer[partner];
        }
    }
    let layers = order(graph, &layer);
    let room = Room::new(graph, &layer);
    let x = across(graph, &room, &layer, &layers);
    // Room below each layer for the labels of the arrows to the next one.
    let mut below = vec![0usize; layers.len()];
    for (&(from, to), &(lines, _)) in graph.arrows.iter().zip(graph.labels) {
        let upper = layer[from].min(layer[to]);
        if layer[from].abs_diff(layer[to]) == 1 {
            below[upper] = below[upper].max(lines.min(LABEL_ROOM));
        }
    }
    let mut y = vec![0.; nodes];
    let mut top = 0.;
    for (index, members) in layers.iter().enumerate() {
        let height = members.iter().map(|&n| graph.size[n].1).fold(0., f64::max);
        for &n in members {
            y[n] = top + height / 2.;
        }
        top += height + GAP_Y + LINE * real(below[index]);
    }
    Placed { layer, x, y }
}

/// The room each node takes in its layer.
struct Room {
    /// Its width, or the width of the widest label of an arrow between it and the layer
    /// above (drawn halfway between the layers), if wider.
    width: Vec<f64>,
    /// Space to keep free right of it: for the label of an arrow to itself, or to the node
    /// beside it.
    right: Vec<f64>,
}

impl Room {
    fn new(graph: &Graph<'_>, layer: &[usize]) -> Self {
        let mut width: Vec<f64> = graph.size.iter().map(|s| s.0).collect();
        let nodes = width.len();
        let (mut loops, mut beside) = (vec![0.; nodes], vec![0.; nodes]);
        for (&(from, to), &(_, wide)) in graph.arrows.iter().zip(graph.labels) {
            if from == to {
                loops[from] = f64::max(loops[from], LOOP_ROOM + wide);
            } else if layer[to] == layer[from] + 1 {
                width[to] = width[to].max(wide);
            } else if layer[from] == layer[to] + 1 {
                width[from] = width[from].max(wide);
            } else if graph.beside[to] == Some(from) {
                beside[from] = f64::max(beside[from], 12. + wide);
            } else if graph.beside[from] == Some(to) {
                beside[to] = f64::max(beside[to], 12. + wide);
            }
        }
        let right = loops.iter().zip(&beside).map(|(a, b)| a + b).collect();
        Self { width, right }
    }

    /// The distance between the centres of `a` and `b`, `b` right of `a`.
    fn apart(&self, a: usize, b: usize) -> f64 {
        f64::midpoint(self.width[a], self.width[b]) + self.right[a] + GAP_X
    }
}

/// The neighbours of each node in other layers, both ways.
fn neighbours(graph: &Graph<'_>, layer: &[usize]) -> Vec<Vec<usize>> {
    let mut near = vec![Vec::new(); graph.size.len()];
    for &(from, to) in graph.arrows {
        if layer[from] != layer[to] {
            near[from].push(to);
            near[to].push(from);
        }
    }
    near
}

/// The nodes of each layer, ordered by [`SWEEPS`] barycentre sweeps; a node placed beside
/// another comes right after it.
fn order(graph: &Graph<'_>, layer: &[usize]) -> Vec<Vec<usize>> {
    let nodes = layer.len();
    let count = layer.iter().max().map_or(0, |&l| l + 1);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); count];
    for node in 0..nodes {
        layers[layer[node]].push(node);
    }
    let near = neighbours(graph, layer);
    // Each node's position in its layer, scaled to 0..1 so layers of any length compare.
    let mut pos = vec![0.; nodes];
    for members in &layers {
        let len = real(members.len());
        for (i, &n) in members.iter().enumerate() {
            pos[n] = (real(i) + 0.5) / len;
        }
    }
    let mut key = vec![0.; nodes];
    for sweep in 0..2 * SWEEPS {
        let down = sweep % 2 == 0;
        let sequence: Vec<usize> = if down {
            (1..count).collect()
        } else {
            (0..count.saturating_sub(1)).rev().collect()
        };
        for l in sequence {
            let members = &mut layers[l];
            for &n in members.iter() {
                let (mut sum, mut k) = (0., 0usize);
                for &m in &near[n] {
                    if (layer[m] < l) == down {
                        sum += pos[m];
                        k += 1;
                    }
                }
                key[n] = if k == 0 { pos[n] } else { sum / real(k) };
            }
            for &n in members.iter() {
                if let Some(partner) = graph.beside[n] {
                    key[n] = key[partner];
                }
            }
            // Ties (a node and the ones beside it) keep the partner first, then index order.
            members.sort_by(|&a, &b| {
                key[a]
                    .total_cmp(&key[b])
                    .then_with(|| graph.beside[a].is_some().cmp(&graph.beside[b].is_some()))
                    .then_with(|| a.cmp(&b))
            });
            let len = real(members.len());
            for (i, &n) in members.iter().enumerate() {
                pos[n] = (real(i) + 0.5) / len;
            }
        }
    }
    layers
}

/// The x of each node's centre: the first layer packed around 0, each next one as close as
/// its order allows to the mean x of its neighbours in the layers above.
fn across(graph: &Graph<'_>, room: &Room, layer: &[usize], layers: &[Vec<usize>]) -> Vec<f64> {
    let nodes = layer.len();
    let near = neighbours(graph, layer);
    let mut x = vec![0.; nodes];
    for (l, members) in layers.iter().enumerate() {
        let width: f64 = members
            .iter()
            .map(|&n| room.width[n] + room.right[n] + GAP_X)
            .sum();
        let mut left = -width / 2.;
        let mut want = Vec::with_capacity(members.len());
        for &n in members {
            let packed = left + room.width[n] / 2.;
            left += room.width[n] + room.right[n] + GAP_X;
            let above: Vec<f64> = near[n]
                .iter()
                .filter(|&&m| layer[m] < l)
                .map(|&m| x[m])
                .collect();
            want.push(if above.is_empty() {
                packed
            } else {
                above.iter().sum::<f64>() / real(above.len())
            });
        }
        for (i, &n) in members.iter().enumerate() {
            if let Some(partner) = graph.beside[n]
                && i > 0
                && members[i - 1] == partner
            {
                want[i] = want[i - 1] + room.apart(partner, n) - GAP_X;
            }
        }
        for (i, at) in spread(room, members, &want).into_iter().enumerate() {
            x[members[i]] = at;
        }
    }
    x
}

/// Positions as close to `want` as the boxes of `members`, in this order and [`GAP_X`]
/// apart, allow: the mean of pushing right from the left and pushing left from the right.
fn spread(room: &Room, members: &[usize], want: &[f64]) -> Vec<f64> {
    let apart = |i: usize| room.apart(members[i - 1], members[i]);
    let len = members.len();
    let mut right = want.to_vec();
    for i in 1..len {
        right[i] = right[i].max(right[i - 1] + apart(i));
    }
    let mut left = want.to_vec();
    for i in (1..len).rev() {
        left[i - 1] = left[i - 1].min(left[i] - apart(i));
    }
    right
        .iter()
        .zip(&left)
        .map(|(&r, &l)| f64::midpoint(r, l))
        .collect()
}
