//! The boxes of the simple layered figure and its text: the shapes, text and colours of the
//! layout-rs figures.

use std::fmt::Write as _;

use machine_core::model::Model;

use super::layered::{LINE, real};
use crate::diagram::NodeKind;
use crate::legend::{BLACK, Colour, FAULT, FAULT_FILL, INK, NOTE, NOTE_FILL, WHITE};
use crate::xml::escape;

/// The width of a character, generous for a 14px serif font.
const CHAR: f64 = 7.5;
/// Space around the text of a box.
pub(super) const PAD: f64 = 12.;

/// How a node is drawn.
#[derive(Clone, Copy)]
enum Shape {
    /// A box with rounded corners (`rx` 12) or square ones (`rx` 0).
    Box {
        line: Colour,
        width: usize,
        fill: Colour,
        rx: usize,
    },
    /// The start: a black dot.
    Dot,
    /// The end: a black dot in a ring.
    Ring,
    /// A history: the fault state's (red, `H`) or a compound state's (`H` or `H*`), a
    /// circle with its letter.
    History { line: Colour },
}

/// One node as drawn.
pub(super) struct Item {
    shape: Shape,
    lines: Vec<String>,
    pub width: f64,
    pub height: f64,
}

/// Text lines from `y` (the first baseline) down.
pub(super) fn text(out: &mut String, class: &str, anchor: &str, x: f64, y: f64, lines: &[String]) {
    let _ = write!(
        out,
        "<text class=\"{class}\" text-anchor=\"{anchor}\" x=\"{}\" y=\"{}\">",
        num(x),
        num(y)
    );
    for (i, line) in lines.iter().enumerate() {
        let dy = if i == 0 { 0. } else { LINE };
        let _ = write!(
            out,
            "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
            num(x),
            num(dy),
            escape(line)
        );
    }
    out.push_str("</text>\n");
}

pub(super) fn node(out: &mut String, bounds: &mut Bounds, item: &Item, x: f64, y: f64) {
    let (w, h) = (item.width, item.height);
    bounds.take(x - w / 2., y - h / 2.);
    bounds.take(x + w / 2., y + h / 2.);
    match item.shape {
        Shape::Box {
            line,
            width,
            fill,
            rx,
        } => {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{rx}\" fill=\"{}\" \
                 stroke=\"{}\" stroke-width=\"{width}\"/>",
                num(x - w / 2.),
                num(y - h / 2.),
                num(w),
                num(h),
                fill.hex,
                line.hex
            );
        }
        Shape::Dot => {
            let _ = writeln!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"7\" fill=\"{}\"/>",
                num(x),
                num(y),
                BLACK.hex
            );
        }
        Shape::Ring => {
            let _ = writeln!(
                out,
                "<circle cx=\"{x}\" cy=\"{y}\" r=\"10\" fill=\"none\" stroke=\"{b}\"/>\
                 <circle cx=\"{x}\" cy=\"{y}\" r=\"6\" fill=\"{b}\"/>",
                x = num(x),
                y = num(y),
                b = BLACK.hex
            );
        }
        Shape::History { line } => {
            let _ = writeln!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"{}\" \
                 stroke-width=\"2\"/>",
                num(x),
                num(y),
                num(w / 2.),
                WHITE.hex,
                line.hex
            );
        }
    }
    if !item.lines.is_empty() {
        let first = y - (real(item.lines.len()) - 1.) * LINE / 2. + 5.;
        text(out, "node", "middle", x, first, &item.lines);
    }
}

/// How `kind` is drawn, with the same text and colours as layout-rs draws it.
pub(super) fn item(model: &Model, kind: &NodeKind) -> Item {
    let round = |line, width, fill| Shape::Box {
        line,
        width,
        fill,
        rx: 12,
    };
    let (shape, lines) = match kind {
        NodeKind::State {
            state,
            actions,
            internal,
        } => {
            let s = model.state(*state);
            let mut lines = vec![s.name.spec.clone()];
            lines.extend(crate::nesting::place_line(model, *state));
            if s.wire != s.name.spec {
                lines.push(format!("wire: {}", s.wire));
            }
            lines.extend(actions.iter().cloned());
            lines.extend(internal.iter().map(|l| format!("{l} (internal)")));
            let shape = if s.is_fault {
                round(FAULT, 2, FAULT_FILL)
            } else if s.is_final {
                round(INK, 5, WHITE)
            } else {
                round(INK, 2, WHITE)
            };
            (shape, lines)
        }
        NodeKind::Start(_) => (Shape::Dot, Vec::new()),
        NodeKind::End { .. } => (Shape::Ring, Vec::new()),
        NodeKind::Note { lines } => (
            Shape::Box {
                line: NOTE,
                width: 1,
                fill: NOTE_FILL,
                rx: 0,
            },
            lines.clone(),
        ),
        NodeKind::AnyState => (
            round(FAULT, 1, WHITE),
            vec!["any non-final state".to_owned()],
        ),
        NodeKind::History => (Shape::History { line: FAULT }, vec!["H".to_owned()]),
        NodeKind::Recall(id) => (
            Shape::History { line: INK },
            crate::nesting::history_lines(model, *id),
        ),
        NodeKind::Group { label, .. } => (round(INK, 1, WHITE), vec![label.clone()]),
    };
    let (width, height) = match shape {
        Shape::Dot => (14., 14.),
        Shape::Ring => (20., 20.),
        Shape::History { .. } => {
            let diameter = circle_diameter(&lines);
            (diameter, diameter)
        }
        Shape::Box { .. } => (
            lines.iter().map(|l| text_width(l)).fold(0., f64::max) + 2. * PAD,
            real(lines.len()) * LINE + PAD,
        ),
    };
    Item {
        shape,
        lines,
        width,
        height,
    }
}

/// The diameter of a circle around `lines`: at least 30, the fault state's `H`.
pub(super) fn circle_diameter(lines: &[String]) -> f64 {
    let width = lines.iter().map(|l| text_width(l)).fold(0., f64::max);
    (width.hypot(real(lines.len()) * LINE) + 4.).max(30.)
}

pub(super) fn text_width(line: &str) -> f64 {
    real(line.chars().count()) * CHAR
}

/// A coordinate with one decimal, without a trailing `.0`.
pub(super) fn num(value: f64) -> String {
    let rounded = (value * 10.).round() / 10.;
    if rounded == 0. {
        "0".to_owned()
    } else {
        format!("{rounded}")
    }
}

/// The extent of what is drawn.
pub(super) struct Bounds {
    pub(super) left: f64,
    pub(super) right: f64,
    pub(super) top: f64,
    pub(super) bottom: f64,
}

impl Default for Bounds {
    fn default() -> Self {
        Self {
            left: f64::INFINITY,
            right: f64::NEG_INFINITY,
            top: f64::INFINITY,
            bottom: f64::NEG_INFINITY,
        }
    }
}

impl Bounds {
    pub(super) fn take(&mut self, x: f64, y: f64) {
        self.left = self.left.min(x);
        self.right = self.right.max(x);
        self.top = self.top.min(y);
        self.bottom = self.bottom.max(y);
    }
}
