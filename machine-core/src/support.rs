//! What each output of the pipeline can carry yet. A checked model is a valid lifecycle; an
//! output that cannot compile one of its constructs yet refuses it with E0120, located at
//! the construct, rather than emitting something that behaves otherwise.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Model;

/// An output of the pipeline that may not carry every construct yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// The generated Rust code (`machine gen`, the `machine!` macro).
    Rust,
    /// The generated TypeScript (`machine gen --lang typescript`).
    TypeScript,
    /// An export for another engine (`machine export`), by its format's name.
    Export(&'static str),
    /// The simulator page (`machine sim`, the pages of `machine docs`).
    Simulator,
}

impl Output {
    /// The output as the message names it.
    fn what(self) -> String {
        match self {
            Output::Rust => "the generated Rust code".to_owned(),
            Output::TypeScript => "the generated TypeScript".to_owned(),
            Output::Export(format) => format!("the {format} export"),
            Output::Simulator => "the simulator page".to_owned(),
        }
    }
}

/// Why `output` cannot carry `model` yet (E0120, at the first construct it lacks), or
/// `None` when it can. Parallel states (rules S22 to S29) are run by the interpreter
/// (`machine run`, `paths`, `coverage`), drawn by every diagram and carried by the exports
/// (SCXML's `<parallel>`, `XState`'s `type: 'parallel'`), the simulator page and the
/// generated TypeScript (the JavaScript runtime); the generated Rust follows.
pub fn refusal(model: &Model, output: Output) -> Option<Diagnostic> {
    if matches!(
        output,
        Output::Export(_) | Output::Simulator | Output::TypeScript
    ) {
        return None;
    }
    let parallel = model.state_ids().find(|&s| model.is_parallel(s))?;
    let name = &model.state(parallel).name;
    Some(
        Diagnostic::new(
            Code::NotYetSupported,
            name.span,
            format!(
                "{} cannot carry parallel states yet, and `{}` is one",
                output.what(),
                name.spec
            ),
        )
        .with_label("declared `parallel: true` here")
        .with_help(
            "`machine check`, `run`, `paths`, `coverage`, the diagrams (`dot`, `svg`, `mermaid`, `table`), `machine export`, `machine sim` and `machine gen --lang typescript` handle parallel states; use those for now",
        ),
    )
}
