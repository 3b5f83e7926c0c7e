//! `machine-render`: a checked [`Model`](machine_core::Model) as DOT, Mermaid, SVG, Markdown
//! tables and the Markdown page that shows them all.
//!
//! Every renderer is a pure function of the model (no I/O, no process, no clock): the same
//! spec always gives the same bytes, so the outputs can be checked in and snapshot-tested.
//! The CLI writes the files and may run Graphviz on [`dot::render`]'s output; the proc-macro
//! embeds the DOT text and the tables in the rustdoc of the code it generates.
//!
//! The diagrams share one drawing convention, built once in `diagram` and rendered per format;
//! [`legend`] holds its colours and the legend that explains it. In short: a small black dot
//! is a start; a state is a rounded box (a final state has a double border, the fault state is
//! red); an edge is labelled `Event [guard, guard]` or `after 14d`; two ways between the same
//! pair of states share one edge; the fault state is entered from one "any non-final state"
//! box instead of one edge per state, and resumes to a history marker `H`. A compound state's
//! history state (rule S19) is a small circle `H` (shallow) or `H*` (deep) inside it, where
//! the transitions to it end, with a dashed `default` arrow to the state it enters when the
//! compound state was never left. A parallel state (rule S22) is a heavier frame named
//! `Working ∥` around its regions, side by side, each a dashed frame with its own start marker;
//! Mermaid separates the regions with its `--`, and the built-in SVG, which draws no frames,
//! says `parallel: Transfer ∥ Scan` and `in Working ∥ Transfer` under the states' names.
#![forbid(unsafe_code)]

mod diagram;
pub mod dot;
pub mod legend;
pub mod markdown;
pub mod mermaid;
mod nesting;
pub mod page;
pub mod svg;
mod text;
pub mod xml;
