//! `machine import --from scxml`: an SCXML document as a spec with the same behaviour.
//!
//! `read.rs` takes the structure out of the document (refusing, located, what a spec cannot
//! carry), and `fault.rs` reads the wrapper that `machine`'s export writes around a fault state
//! (`machine.lifecycle` with its `machine.history`, the fault state beside it) back into a
//! `fault:` section, when it is exactly that wrapper (a near miss is read as any chart is, a
//! compound state with a history, which does what the document does); `write.rs` writes it as
//! a spec; then the spec is checked, and what SCXML allows but the spec's checks reject (a
//! state never entered, a state with no way out, no way to finish) gets its waiver, with a
//! reason naming the source, so the spec checks clean and `machine run` and `machine gen` work
//! on it.

mod chart;
mod declarations;
mod fault;
mod history;
mod items;
mod parallel;
mod read;
mod spelling;
mod timers;
mod triggers;
mod write;

use machine_core::{Code, Diagnostic, SourceFile, compile};

/// The imported spec's text, or why the document cannot be imported: located in the SCXML
/// document, or, when the written spec does not check (two ids that become one name), in the
/// spec, which is then given too.
pub fn scxml(source: &SourceFile) -> Result<String, Refused> {
    let chart = read::chart(source).map_err(Refused::Document)?;
    let mut spec = write::Spec::new(&chart, source.name());
    // Each waiver removes findings and adds none; two rounds reach what a third would.
    for _ in 0..3 {
        let text = spec.text();
        let checked = compile(&SourceFile::new(spec_name(source), text.clone()));
        let mut waived = false;
        for finding in &checked.diagnostics {
            if matches!(
                finding.code,
                Code::UnreachableState | Code::TrapState | Code::NoWayToFinish
            ) {
                waived |= spec.waive(finding.span.line, finding.code);
            }
        }
        if !waived {
            return if checked.has_errors() {
                Err(Refused::Spec(text, checked.diagnostics))
            } else {
                Ok(text)
            };
        }
    }
    let text = spec.text();
    let checked = compile(&SourceFile::new(spec_name(source), text.clone()));
    if checked.has_errors() {
        Err(Refused::Spec(text, checked.diagnostics))
    } else {
        Ok(text)
    }
}

/// The name the written spec is checked under, for messages.
pub fn spec_name(source: &SourceFile) -> String {
    format!("{} (imported)", source.name())
}

/// Why a document was not imported.
#[derive(Debug)]
pub enum Refused {
    /// What the document holds that a spec cannot carry, located in it.
    Document(Vec<Diagnostic>),
    /// The spec written from it does not check: its text, and the findings, located in it.
    Spec(String, Vec<Diagnostic>),
}
