//! Spec findings as `compile_error!` invocations, for the proc-macro.

use machine_core::{Diagnostic, SourceFile};
use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

/// One `::core::compile_error!` per error in `diagnostics`, in order, each with the text of
/// [`Diagnostic::display`]: `spec/job.yaml:12:5: error[E0101]: message`, then its notes and
/// help. `span` is where rustc shows them (the spec path in the macro call). Warnings are
/// left out: a macro cannot emit a warning on stable Rust, and `machine check` shows them.
pub fn compile_errors(source: &SourceFile, diagnostics: &[Diagnostic], span: Span) -> TokenStream {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let text = d.display(source).to_string();
            quote_spanned! {span=> ::core::compile_error!{ #text } }
        })
        .collect()
}
