//! `machine-core`: the front half of the `machine` pipeline, and the definition of what a
//! lifecycle does.
//!
//! ```text
//! YAML ──load──▶ ast::Spec ──lower──▶ Model ──check──▶ Model (checked) ──▶ emitters
//!        gate               gate               gate
//! ```
//!
//! Each phase collects every finding it can before the gate; after the last gate, emitting
//! cannot fail. The proc-macro, the CLI and the tests all go through [`compile`].
//!
//! What a checked model *does* is defined once, by the interpreter in [`semantics`]; the
//! generated code is a compilation of the same rules.
#![forbid(unsafe_code)]

pub mod ast;
pub mod check;
pub mod diagnostic;
pub mod ident;
pub mod limits;
pub mod load;
pub mod lower;
pub mod model;
pub mod paths;
#[cfg(feature = "schema")]
pub mod schema;
pub mod semantics;
pub mod source;
pub mod spanned;
pub mod words;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use model::Model;
pub use source::{SourceFile, Span};

/// The result of running a spec through the pipeline.
#[derive(Debug)]
pub struct Compiled {
    /// The checked model, present when no error was found (warnings allowed).
    pub model: Option<Model>,
    /// Every finding: those of loading (the file's shape) first, then the others, each group
    /// sorted by position, so a root cause comes before what follows from it.
    pub diagnostics: Vec<Diagnostic>,
    /// How many findings of the graph checks were left out because loading left out part of
    /// the spec (an unknown or repeated key): they may only follow from that finding.
    pub left_out: usize,
}

impl Compiled {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads, lowers and checks one spec file.
///
/// When loading left out part of the lifecycle's graph (an unknown or repeated key), the
/// graph checks are run but their findings are only counted ([`Compiled::left_out`]): the
/// shape finding is the cause to fix first.
pub fn compile(source: &SourceFile) -> Compiled {
    let loaded = load::load(source);
    let mut shape = loaded.diagnostics;
    let mut diagnostics = Vec::new();
    let mut left_out = 0;
    let model = loaded.spec.and_then(|spec| {
        let over = limits::check(&spec);
        if over.is_empty() {
            lower::lower(&spec, source.name(), &mut diagnostics)
        } else {
            shape.extend(over);
            None
        }
    });
    let model = model.and_then(|model| {
        let findings = check::check(&model);
        if loaded.graph_incomplete {
            left_out = findings.len();
        } else {
            diagnostics.extend(findings);
        }
        let errors = shape.iter().chain(&diagnostics).any(Diagnostic::is_error);
        (!errors).then_some(model)
    });
    let position = |group: Vec<Diagnostic>| {
        let mut group: Vec<Diagnostic> =
            group.into_iter().map(|d| d.positioned_in(source)).collect();
        diagnostic::sort(&mut group);
        group
    };
    let mut all = position(shape);
    all.extend(position(diagnostics));
    Compiled {
        model,
        diagnostics: all,
        left_out,
    }
}

/// The model of a spec as far as it could be lowered, errors or not (see
/// [`lower::lower_best_effort`]); `None` when the file does not even load as a spec. The
/// findings are those of [`compile`], which reports them.
pub fn lower_best_effort(source: &SourceFile) -> Option<Model> {
    let spec = load::load(source).spec?;
    if !limits::check(&spec).is_empty() {
        return None;
    }
    Some(lower::lower_best_effort(
        &spec,
        source.name(),
        &mut Vec::new(),
    ))
}
