//! Renderers: the checked [`Model`](crate::Model) as DOT, Mermaid, Markdown tables and SVG.
//!
//! Every renderer is a pure function of the model (no I/O, no process, no clock): the same
//! spec always gives the same bytes, so the outputs can be checked in and snapshot-tested.
//! The CLI writes the files and may run Graphviz on [`dot::render`]'s output.
//!
//! The diagrams share one drawing convention, built once in `diagram` and rendered per format:
//!
//! - a small black dot is a start, with the start's name on its edge when the spec names its
//!   starts (`import`, `export`);
//! - a state is a rounded box; a final state has a double border; the fault state is red;
//!   internal transitions (handled without leaving the state) are listed inside the box;
//! - an edge is labelled `Event [guard, guard]`, and `after 14d` when a timeout fires it; two
//!   ways between the same pair of states share one edge with one label line each;
//! - a red dashed edge is the resolution of an error-table row (an incident);
//! - a bull's eye (◉) is the end of the lifecycle, reached when an `end` timeout expires;
//! - a note attached by a dotted line is a `notify` timeout: someone is told, the state stays;
//! - the fault state is entered from one "any non-final state" box instead of one edge per
//!   state, and its resume edge leads to a history marker `H`: back to the state it came from.

mod diagram;
pub mod dot;
pub mod markdown;
pub mod mermaid;
#[cfg(feature = "svg")]
pub mod svg;
mod text;
