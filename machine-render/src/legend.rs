//! The drawing convention, once: the colours the figures are drawn with and the legend that
//! explains them. DOT and the built-in SVG draw their legend from [`LEGEND`], Mermaid and
//! every renderer take their colours from here, and the docs page explains the figures with
//! the same entries, so a figure and its explanation cannot disagree.

use machine_core::model::Model;

use crate::diagram::{Diagram, EdgeKind};

/// A colour a figure is drawn in: its hex code, and its name for text that cannot show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colour {
    /// `#rrggbb`.
    pub hex: &'static str,
    /// What a reader calls it (`orange`).
    pub name: &'static str,
}

impl Colour {
    const fn new(hex: &'static str, name: &'static str) -> Self {
        Self { hex, name }
    }
}

/// Lines, borders and text of ordinary states and edges.
pub const INK: Colour = Colour::new("#34495e", "dark blue");
/// Starts and end markers.
pub const BLACK: Colour = Colour::new("#000000", "black");
/// The fill of ordinary states.
pub const WHITE: Colour = Colour::new("#ffffff", "white");
/// The fault state, its helpers and its edges.
pub const FAULT: Colour = Colour::new("#c0392b", "red");
/// The fill of the fault state.
pub const FAULT_FILL: Colour = Colour::new("#fdedec", "pale red");
/// Error-table (incident) edges.
pub const INCIDENT: Colour = Colour::new("#d35400", "orange");
/// Notes of `notify` timeouts and their dotted lines.
pub const NOTE: Colour = Colour::new("#7f8c8d", "grey");
/// The fill of notes.
pub const NOTE_FILL: Colour = Colour::new("#fdfefe", "white");

/// The words a figure that cannot colour an edge adds to an error-table edge's label.
pub const INCIDENT_LABEL: &str = "(error table)";

/// What a legend entry explains; a figure lists only the entries it uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    /// Where the lifecycle starts.
    Start,
    /// A transition or timeout edge.
    Transition,
    /// A final state.
    Final,
    /// Internal transitions listed inside a state.
    Internal,
    /// Actions: a state's `entry`/`exit` lines, `/ action` on a transition.
    Actions,
    /// The end of the lifecycle, when an `end` timeout expires.
    End,
    /// A `notify` timeout's note.
    Note,
    /// The resolution of an error-table row.
    Incident,
    /// The fault state and its entry.
    Fault,
    /// The fault state's way back.
    History,
    /// A compound state around the states inside it.
    Compound,
    /// A parallel state around its regions (rule S22).
    Parallel,
    /// A history state of a compound state (rule S19).
    Recall,
    /// An eventless or completion transition (rules S20 and S21).
    Automatic,
}

/// One row of the legend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// What it explains.
    pub item: Item,
    /// The glyph that stands for it in a legend (`- - ⟶`).
    pub symbol: &'static str,
    /// The colour it is drawn in, when that is not [`INK`] or [`BLACK`].
    pub colour: Option<Colour>,
    /// What it means, short enough for a figure's legend.
    pub meaning: &'static str,
    /// More, for a page that explains the figures (may be empty).
    pub detail: &'static str,
}

/// Every legend entry, in the order a legend lists them.
pub const LEGEND: [Entry; 14] = [
    Entry {
        item: Item::Start,
        symbol: "● ⟶",
        colour: None,
        meaning: "start",
        detail: "Named starts (`import`, `export`) label its edge.",
    },
    Entry {
        item: Item::Transition,
        symbol: "⟶",
        colour: None,
        meaning: "Event [guard]: transition; after 14d: timeout",
        detail: "The guards must hold; `(reset by E)` names the events that restart a \
                 timeout's clock.",
    },
    Entry {
        item: Item::Final,
        symbol: "▣",
        colour: None,
        meaning: "final state",
        detail: "A double border (a thick one in the built-in SVG layout and in Mermaid).",
    },
    Entry {
        item: Item::Internal,
        symbol: "(internal)",
        colour: None,
        meaning: "handled inside the state, which stays",
        detail: "Listed in the state's box.",
    },
    Entry {
        item: Item::Actions,
        symbol: "/ a",
        colour: None,
        meaning: "actions: entry / on entering, exit / on leaving, Event / on firing",
        detail: "A state lists its `entry` and `exit` actions in its box; a transition's \
                 label ends with its own. A step runs them in rule S12's order: exit, \
                 transition, entry.",
    },
    Entry {
        item: Item::End,
        symbol: "◉",
        colour: None,
        meaning: "lifecycle ends (e.g. deleted)",
        detail: "When an `end` timeout expires.",
    },
    Entry {
        item: Item::Note,
        symbol: "┈ ▭",
        colour: Some(NOTE),
        meaning: "timeout that notifies; the state stays",
        detail: "A note on a dotted line says who is told.",
    },
    Entry {
        item: Item::Incident,
        symbol: "- - ⟶",
        colour: Some(INCIDENT),
        meaning: "resolution from the error table",
        detail: "A dashed edge; in Mermaid, which cannot colour edges, its label says so.",
    },
    Entry {
        item: Item::Fault,
        symbol: "- - ⟶",
        colour: Some(FAULT),
        meaning: "fault, entered from any non-final state",
        detail: "The fault state is red; one dashed edge from the \"any non-final state\" box \
                 stands for all of them.",
    },
    Entry {
        item: Item::History,
        symbol: "H",
        colour: Some(FAULT),
        meaning: "back to the state the fault was entered from",
        detail: "The end of the fault state's resume edge.",
    },
    Entry {
        item: Item::Compound,
        symbol: "▢ ⋯",
        colour: None,
        meaning: "compound state: what leaves its frame leaves every state inside",
        detail: "A frame around the states inside it, with its name and actions; its small \
                 ● ⟶ is the state it enters first. In Mermaid a composite state; the built-in \
                 SVG layout says `in Open` under each state inside `Open`.",
    },
    Entry {
        item: Item::Parallel,
        symbol: "▢ ∥",
        colour: None,
        meaning: "parallel state: its regions are all active at once",
        detail: "A heavier frame named `Working ∥` around one dashed frame per region, side by \
                 side, each with its own ● ⟶; entering the frame enters every region, an event \
                 is taken in each region that handles it, and `done` leaves the frame when every \
                 region has reached a final state. In Mermaid a composite state whose regions \
                 are separated by dashed lines; the built-in SVG layout says \
                 `parallel: Transfer ∥ Scan` under the parallel state and `in Working ∥ Transfer` \
                 under each state of a region.",
    },
    Entry {
        item: Item::Recall,
        symbol: "H, H*",
        colour: None,
        meaning: "history: back to where it was inside the frame (H*: innermost)",
        detail: "A transition to the circle returns to where the machine was when it last left \
                 the compound state: `H` (shallow) to the state directly inside it, entered \
                 anew down to its initial state; `H*` (deep) to the innermost state. The \
                 dashed `default` arrow leads where it goes when the compound state was never \
                 left. Mermaid, which has no history states, draws a state named after it \
                 that says `H` or `H*`.",
    },
    Entry {
        item: Item::Automatic,
        symbol: "always, done",
        colour: None,
        meaning: "taken at once: always when its guards hold, done when a final state inside completes the frame",
        detail: "Edges labelled `always [guard]` are eventless transitions, taken as soon as \
                 their guards hold after a step; `done` leaves a compound state's frame when a \
                 step enters a final state directly inside it. Both follow the input that led \
                 to them, before the next one.",
    },
];

/// The entries of [`LEGEND`] that `model`'s figure uses, in legend order.
pub(crate) fn entries(model: &Model, d: &Diagram) -> Vec<&'static Entry> {
    LEGEND.iter().filter(|e| uses(model, d, e.item)).collect()
}

fn uses(model: &Model, d: &Diagram, item: Item) -> bool {
    match item {
        Item::Start | Item::Transition => true,
        Item::Final => model.states.iter().any(|s| s.is_final),
        Item::Internal => d.has_internal(),
        Item::Actions => {
            model.transitions.iter().any(|t| !t.actions.is_empty())
                || model
                    .states
                    .iter()
                    .any(|s| !s.entry.is_empty() || !s.exit.is_empty())
        }
        Item::End => d.uses(EdgeKind::End),
        Item::Note => d.uses(EdgeKind::Note),
        Item::Incident => d.uses(EdgeKind::Incident),
        Item::Fault | Item::History => d.uses(EdgeKind::FaultEntry),
        Item::Compound => model.is_nested(),
        Item::Parallel => model.has_parallel(),
        Item::Recall => !model.histories.is_empty(),
        Item::Automatic => model.has_automatic(),
    }
}
