//! The SVG of a figure laid out by [`super::layered`]: the boxes, markers and colours of the
//! layout-rs figures, arrows as curves. An arrow to the next layer goes from the bottom of
//! its state to the top of the next (and one to the layer above from top to bottom); a longer
//! one goes down the left side, or up the right side, curved further out the more layers it
//! spans; a label sits at its arrow's middle. Each arrow starts and ends on the border of its
//! boxes, at its own point (the points of a border are spread along it, ordered by where the
//! other ends are).

use std::fmt::Write as _;

use machine_core::model::Model;

use super::layered::{self, Graph, LINE, LOOP_ROOM, Placed, real};
use super::shapes::{Bounds, Item, PAD, item, node, num, text, text_width};
use crate::diagram::{Diagram, EdgeKind, edge_lines};
use crate::legend::{FAULT, INCIDENT, INCIDENT_LABEL, INK, NOTE, WHITE};
use crate::xml::escape;

/// Space around the whole figure.
const MARGIN: f64 = 20.;
/// How far the side arrows bow out: this plus [`BOW_GROWTH`] times the square root of the
/// layers they span (so arrows of very different lengths stay apart), at most [`BOW_MAX`].
const BOW: f64 = 20.;
const BOW_GROWTH: f64 = 24.;
const BOW_MAX: f64 = 600.;
/// How far straight up or down a side arrow leaves or enters the top or bottom of a box.
const LEAD: f64 = 40.;

/// One arrow as drawn.
struct Way {
    from: usize,
    to: usize,
    kind: EdgeKind,
    lines: Vec<String>,
}

/// How an arrow runs between its layers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Route {
    /// From a node to itself: a loop on the right.
    Loop,
    /// Within a layer: a straight line between the facing sides.
    Across,
    /// To the next layer: bottom to top.
    Down,
    /// To the layer above: top to bottom.
    Up,
    /// Two or more layers down: along the left side.
    Left,
    /// Two or more layers up (a back edge): along the right side.
    Right,
}

/// The SVG of `d` laid out by [`layered::place`], with the legend `legend` (text lines).
pub(super) fn render(model: &Model, d: &Diagram, legend: &[String]) -> String {
    let items: Vec<Item> = d.nodes.iter().map(|n| item(model, &n.kind)).collect();
    let ways: Vec<Way> = d
        .edges
        .iter()
        .map(|e| {
            let mut lines: Vec<String> = edge_lines(&e.lines);
            if e.kind == EdgeKind::Incident {
                lines.push(INCIDENT_LABEL.into());
            }
            Way {
                from: e.from,
                to: e.to,
                kind: e.kind,
                lines,
            }
        })
        .collect();
    let size: Vec<(f64, f64)> = items.iter().map(|i| (i.width, i.height)).collect();
    let arrows: Vec<(usize, usize)> = ways.iter().map(|w| (w.from, w.to)).collect();
    let beside: Vec<Option<usize>> = d.nodes.iter().map(|n| n.beside).collect();
    let labels: Vec<(usize, f64)> = ways
        .iter()
        .map(|w| {
            let wide = w.lines.iter().map(|l| text_width(l)).fold(0., f64::max);
            (w.lines.len(), wide)
        })
        .collect();
    let placed = layered::place(&Graph {
        size: &size,
        arrows: &arrows,
        labels: &labels,
        beside: &beside,
    });
    draw(&items, &ways, &placed, legend)
}

/// Writes the SVG.
fn draw(items: &[Item], ways: &[Way], at: &Placed, legend: &[String]) -> String {
    let routes: Vec<Route> = ways.iter().map(|w| route(w, at)).collect();
    let ends = ports(items, ways, &routes, at);
    let mut body = String::with_capacity(ways.len() * 200 + items.len() * 200);
    let mut bounds = Bounds::default();
    // Arrows first, then the boxes over them, then the labels over both.
    let mut loops = vec![0.; items.len()];
    for way in ways.iter().filter(|w| w.from == w.to) {
        let wide = way.lines.iter().map(|l| text_width(l)).fold(0., f64::max);
        loops[way.from] = f64::max(loops[way.from], LOOP_ROOM + wide);
    }
    let mut labels = String::new();
    for (i, way) in ways.iter().enumerate() {
        arrow(
            &mut body,
            &mut labels,
            &mut bounds,
            way,
            routes[i],
            ends[i],
            at,
            &loops,
        );
    }
    for (n, item) in items.iter().enumerate() {
        node(&mut body, &mut bounds, item, at.x[n], at.y[n]);
    }
    body.push_str(&labels);
    // The legend right of the figure, at its top.
    let width = legend.iter().map(|l| text_width(l)).fold(0., f64::max) + 2. * PAD;
    let height = real(legend.len()) * LINE + PAD;
    let (left, top) = (bounds.right + 40., bounds.top);
    let _ = write!(
        body,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\"/>\n\
         <text x=\"{}\" y=\"{}\">",
        num(left),
        num(top),
        num(width),
        num(height),
        WHITE.hex,
        NOTE.hex,
        num(left + PAD),
        num(top + PAD / 2. + LINE - 4.)
    );
    for (i, line) in legend.iter().enumerate() {
        let dy = if i == 0 { 0. } else { LINE };
        let _ = write!(
            body,
            "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
            num(left + PAD),
            num(dy),
            escape(line)
        );
    }
    body.push_str("</text>\n");
    bounds.take(left + width, top + height);

    let (x0, y0) = (bounds.left - MARGIN, bounds.top - MARGIN);
    let (w, h) = (
        (bounds.right - bounds.left + 2. * MARGIN).ceil(),
        (bounds.bottom - bounds.top + 2. * MARGIN).ceil(),
    );
    let mut svg = String::with_capacity(body.len() + 1_000);
    let _ = write!(
        svg,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n\
         <svg width=\"{w}\" height=\"{h}\" viewBox=\"{} {} {w} {h}\" \
         xmlns=\"http://www.w3.org/2000/svg\">\n<defs>\n",
        num(x0),
        num(y0)
    );
    for (id, colour) in [("ink", INK), ("fault", FAULT), ("incident", INCIDENT)] {
        let _ = writeln!(
            svg,
            "<marker id=\"{id}\" markerWidth=\"10\" markerHeight=\"7\" refX=\"10\" refY=\"3.5\" \
             orient=\"auto\"><polygon points=\"0 0, 10 3.5, 0 7\" fill=\"{}\"/></marker>",
            colour.hex
        );
    }
    let _ = write!(
        svg,
        "</defs>\n<style>\n\
         text {{ font-size: 14px; font-family: Times, serif; }}\n\
         .label {{ paint-order: stroke; stroke: {white}; stroke-width: 3px; }}\n\
         .t {{ fill: none; stroke: {ink}; marker-end: url(#ink); }}\n\
         .i {{ fill: none; stroke: {incident}; stroke-dasharray: 6 4; marker-end: url(#incident); }}\n\
         .f {{ fill: none; stroke: {fault}; stroke-dasharray: 6 4; marker-end: url(#fault); }}\n\
         .n {{ fill: none; stroke: {note}; stroke-dasharray: 2 3; }}\n",
        white = WHITE.hex,
        ink = INK.hex,
        incident = INCIDENT.hex,
        fault = FAULT.hex,
        note = NOTE.hex,
    );
    // The default arrows of history states, only in a figure that has some.
    if ways.iter().any(|w| w.kind == EdgeKind::HistoryDefault) {
        let _ = writeln!(
            svg,
            ".d {{ fill: none; stroke: {ink}; stroke-dasharray: 6 4; marker-end: url(#ink); }}",
            ink = INK.hex
        );
    }
    svg.push_str("</style>\n");
    svg.push_str(&body);
    svg.push_str("</svg>\n");
    svg
}

fn route(way: &Way, at: &Placed) -> Route {
    let (from, to) = (at.layer[way.from], at.layer[way.to]);
    if way.from == way.to {
        Route::Loop
    } else if from == to {
        Route::Across
    } else if to == from + 1 {
        Route::Down
    } else if to > from {
        Route::Left
    } else if to + 1 == from {
        Route::Up
    } else {
        Route::Right
    }
}

/// Which border of a box an end of an arrow is on.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Top,
    Bottom,
    Left,
    Right,
}

/// Where each arrow starts and ends: the point, and the border it is on.
type Ends = [(f64, f64, Side); 2];

/// The start and end point of each arrow: spread along the border they are on, in the order
/// of the other ends (by x on the top and bottom, by y on the sides). A side arrow (down the
/// left, up the right) leaves and enters its boxes by that side only where the box is the
/// outermost of its layer; elsewhere it would run along the layer through the neighbours, so
/// it leaves or enters by the top or bottom instead.
fn ports(items: &[Item], ways: &[Way], routes: &[Route], at: &Placed) -> Vec<Ends> {
    let layers = at.layer.iter().max().map_or(0, |&l| l + 1);
    let (mut leftmost, mut rightmost) = (vec![usize::MAX; layers], vec![usize::MAX; layers]);
    for (n, &l) in at.layer.iter().enumerate() {
        if leftmost[l] == usize::MAX || at.x[n] < at.x[leftmost[l]] {
            leftmost[l] = n;
        }
        if rightmost[l] == usize::MAX || at.x[n] > at.x[rightmost[l]] {
            rightmost[l] = n;
        }
    }
    // The side an arrow along the figure's side takes at `n`: that side when `n` is the
    // outermost box of its layer, else `inner` (the top or bottom).
    let side_or = |n: usize, side: Side, inner: Side| {
        let outermost = match side {
            Side::Left => leftmost[at.layer[n]],
            _ => rightmost[at.layer[n]],
        };
        if outermost == n { side } else { inner }
    };
    // (node, side, where the other end is, arrow, which end)
    let mut claims: Vec<(usize, Side, f64, usize, usize)> = Vec::new();
    for (i, w) in ways.iter().enumerate() {
        let (a, b) = (w.from, w.to);
        let sides = match routes[i] {
            Route::Down => Some((Side::Bottom, Side::Top)),
            Route::Up => Some((Side::Top, Side::Bottom)),
            Route::Left => Some((
                side_or(a, Side::Left, Side::Bottom),
                side_or(b, Side::Left, Side::Top),
            )),
            Route::Right => Some((
                side_or(a, Side::Right, Side::Top),
                side_or(b, Side::Right, Side::Bottom),
            )),
            Route::Loop | Route::Across => None,
        };
        if let Some((out, into)) = sides {
            let other = |side: Side, n: usize| match side {
                Side::Top | Side::Bottom => at.x[n],
                Side::Left | Side::Right => at.y[n],
            };
            claims.push((a, out, other(out, b), i, 0));
            claims.push((b, into, other(into, a), i, 1));
        }
    }
    claims.sort_by(|p, q| {
        (p.0, p.1)
            .cmp(&(q.0, q.1))
            .then(p.2.total_cmp(&q.2))
            .then((p.3, p.4).cmp(&(q.3, q.4)))
    });
    let mut ends = vec![[(0., 0., Side::Right); 2]; ways.len()];
    for (i, w) in ways.iter().enumerate() {
        let (a, b) = (&items[w.from], &items[w.to]);
        let (ax, ay, bx, by) = (at.x[w.from], at.y[w.from], at.x[w.to], at.y[w.to]);
        let (r, l) = (Side::Right, Side::Left);
        ends[i] = match routes[i] {
            Route::Loop => [
                (ax + a.width / 2., ay - 6., r),
                (ax + a.width / 2., ay + 6., r),
            ],
            Route::Across if ax < bx => [(ax + a.width / 2., ay, r), (bx - b.width / 2., by, l)],
            Route::Across => [(ax - a.width / 2., ay, l), (bx + b.width / 2., by, r)],
            _ => ends[i],
        };
    }
    let mut start = 0;
    while start < claims.len() {
        let (node, side) = (claims[start].0, claims[start].1);
        let mut stop = start;
        while stop < claims.len() && claims[stop].0 == node && claims[stop].1 == side {
            stop += 1;
        }
        let count = real(stop - start);
        let (x, y, item) = (at.x[node], at.y[node], &items[node]);
        for (k, claim) in claims[start..stop].iter().enumerate() {
            let share = (real(k) + 1.) / (count + 1.);
            let point = match side {
                Side::Top => (
                    x - item.width / 2. + share * item.width,
                    y - item.height / 2.,
                ),
                Side::Bottom => (
                    x - item.width / 2. + share * item.width,
                    y + item.height / 2.,
                ),
                Side::Left => (
                    x - item.width / 2.,
                    y - item.height / 2. + share * item.height,
                ),
                Side::Right => (
                    x + item.width / 2.,
                    y - item.height / 2. + share * item.height,
                ),
            };
            ends[claim.3][claim.4] = (point.0, point.1, side);
        }
        start = stop;
    }
    ends
}

/// Draws `way` into `out`, its label into `labels`. `loops` is the room taken right of each
/// box by the label of an arrow to itself.
#[allow(clippy::too_many_arguments)]
fn arrow(
    out: &mut String,
    labels: &mut String,
    bounds: &mut Bounds,
    way: &Way,
    route: Route,
    [(sx, sy, s_side), (tx, ty, t_side)]: Ends,
    at: &Placed,
    loops: &[f64],
) {
    let span = real(at.layer[way.from].abs_diff(at.layer[way.to]));
    let bow = (BOW + BOW_GROWTH * span.sqrt()).min(BOW_MAX);
    let (path, (mx, my), anchor) = match route {
        Route::Loop => (
            format!(
                "M{} {} C{} {} {} {} {} {}",
                num(sx),
                num(sy),
                num(sx + 36.),
                num(sy - 22.),
                num(tx + 36.),
                num(ty + 22.),
                num(tx),
                num(ty)
            ),
            (sx + 34., f64::midpoint(sy, ty)),
            "start",
        ),
        Route::Across => {
            // Past the label of the left box's arrow to itself, if any.
            let left = sx.min(tx) + loops[if sx < tx { way.from } else { way.to }];
            (
                format!("M{} {} L{} {}", num(sx), num(sy), num(tx), num(ty)),
                (f64::midpoint(left, sx.max(tx)), sy - 6.),
                "middle",
            )
        }
        Route::Down | Route::Up => {
            let mid = f64::midpoint(sy, ty);
            // The label beside the arrow, on the side away from the boxes' middle, so the
            // labels of two arrows between the same boxes (one each way) do not overlap.
            let x = f64::midpoint(sx, tx);
            let (x, anchor) = if x >= f64::midpoint(at.x[way.from], at.x[way.to]) - 0.5 {
                (x + 6., "start")
            } else {
                (x - 6., "end")
            };
            (
                format!(
                    "M{} {} C{} {} {} {} {} {}",
                    num(sx),
                    num(sy),
                    num(sx),
                    num(mid),
                    num(tx),
                    num(mid),
                    num(tx),
                    num(ty)
                ),
                (x, mid),
                anchor,
            )
        }
        Route::Left | Route::Right => {
            // An end on a side pulls towards the outer of the two ends plus the bow, one on
            // the top or bottom straight up or down; the label outside the arrow's middle.
            let (out, anchor, outside) = if route == Route::Left {
                (sx.min(tx) - bow, "end", -4.)
            } else {
                (sx.max(tx) + bow, "start", 4.)
            };
            let control = |x: f64, y: f64, side: Side| match side {
                Side::Top => (x, y - LEAD),
                Side::Bottom => (x, y + LEAD),
                Side::Left | Side::Right => (out, y),
            };
            let (c1, c2) = (control(sx, sy, s_side), control(tx, ty, t_side));
            (
                format!(
                    "M{} {} C{} {} {} {} {} {}",
                    num(sx),
                    num(sy),
                    num(c1.0),
                    num(c1.1),
                    num(c2.0),
                    num(c2.1),
                    num(tx),
                    num(ty)
                ),
                (
                    (sx + 3. * (c1.0 + c2.0) + tx) / 8. + outside,
                    (sy + 3. * (c1.1 + c2.1) + ty) / 8.,
                ),
                anchor,
            )
        }
    };
    bounds.take(mx, my);
    let class = match way.kind {
        EdgeKind::Start | EdgeKind::Transition | EdgeKind::End => "t",
        EdgeKind::Incident => "i",
        EdgeKind::FaultEntry | EdgeKind::FaultExit => "f",
        EdgeKind::Note => "n",
        EdgeKind::HistoryDefault => "d",
    };
    let _ = writeln!(out, "<path class=\"{class}\" d=\"{path}\"/>");
    if way.lines.is_empty() {
        return;
    }
    let widest = way.lines.iter().map(|l| text_width(l)).fold(0., f64::max);
    let (left, right) = match anchor {
        "start" => (mx, mx + widest),
        "end" => (mx - widest, mx),
        _ => (mx - widest / 2., mx + widest / 2.),
    };
    let first = my - (real(way.lines.len()) - 1.) * LINE / 2. + 5.;
    bounds.take(left, first - LINE);
    bounds.take(right, first + real(way.lines.len()) * LINE);
    text(labels, "label", anchor, mx, first, &way.lines);
}
