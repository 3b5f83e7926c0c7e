//! History states (rule S19) in the tables: their own table, and how a transition that goes
//! to one names it.

use machine_core::model::{HistoryId, Model};

use super::{cell, code, table};
use crate::diagram::{glyph, kind};

/// A history state where a table names a transition's target:
/// `` `Resume` (deep history of `Open`) ``.
pub(crate) fn target(model: &Model, id: HistoryId) -> String {
    let history = model.history(id);
    format!(
        "{} ({} history of {})",
        code(&history.name.spec),
        kind(history),
        code(&model.state(history.state).name.spec)
    )
}

/// The history states: each with the compound state whose history it is, its kind (with the
/// `H` or `H*` that marks it in the diagrams), the state it enters when that compound state
/// was never left (marked when it is the compound state's `initial:`, or a parallel state
/// itself, entered at each region's `initial:`), and its description.
/// Empty (no text) when the spec has none.
pub fn history_table(model: &Model) -> String {
    if model.histories.is_empty() {
        return String::new();
    }
    let rows = model.histories.iter().map(|history| {
        let mut default = code(&model.state(history.default).name.spec);
        if model.state(history.state).initial == Some(history.default) {
            default.push_str(" (its initial state)");
        } else if history.default == history.state {
            // A parallel state's: entered anew (rule S29).
            default.push_str(" (each region at its initial state)");
        }
        vec![
            code(&history.name.spec),
            code(&model.state(history.state).name.spec),
            format!("{} ({})", kind(history), code(glyph(history))),
            default,
            cell(&history.doc),
        ]
    });
    table(
        &[
            "History state",
            "History of",
            "Kind",
            "Default",
            "Description",
        ],
        rows,
    )
}
