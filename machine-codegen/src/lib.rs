//! `machine-codegen`: a checked [`Model`] -> Rust tokens -> formatted Rust (the last step
//! behind the `format` feature, which the CLI turns on and the proc-macro does not).
//!
//! The proc-macro (`machine-macro`) and `machine gen` both call [`expand`], so the code a macro
//! user gets and the file the CLI writes are the same tokens. Everything here is a pure
//! function: no I/O, no clock, no `HashMap` order, so the same spec always gives the same bytes.
//!
//! What the emitted module holds is described in the module rustdoc the generator writes
//! ([`module_body`]); in short: `State`, `Event` (and `Start`, `Guard`, `Incident` when the spec
//! has them) enums with their spec text, a `Guards` trait, the transition table, `select` and a
//! `Machine` that remembers where it faulted from, timeouts and incidents as data,
//! reachability and shortest paths, test paths (`TEST_PATHS`), and the DOT diagram.
//!
//! The emitted code uses absolute paths only (`::core::...`), needs no runtime crate, works
//! under `#![no_std]` and `#![forbid(unsafe_code)]`, and is clean under `clippy::pedantic`.

mod context;
mod emit;
mod errors;
mod logic;
mod plans;
mod reach;
mod skeleton;
mod tokens;

use machine_core::{Compiled, Model, SourceFile};
use proc_macro2::{Span, TokenStream};

pub use errors::compile_errors;

/// How the emitted enums derive `serde`'s traits.
#[derive(Clone, Debug, Default)]
pub enum Serde {
    /// No serde derives (the default): the user crate needs no serde dependency.
    #[default]
    Off,
    /// `#[derive(::serde::Serialize, ::serde::Deserialize)]` on `State` and `Event`, with every
    /// variant renamed to its wire name. The user crate must depend on `serde` with `derive`.
    Always,
    /// The same derives behind `#[cfg_attr(<predicate>, ...)]`, e.g. `feature = "serde"`: the
    /// user crate decides (and declares the feature, so `unexpected_cfgs` stays quiet).
    Cfg(TokenStream),
}

impl Serde {
    /// [`Serde::Cfg`] from the text of a `cfg` predicate (`feature = "serde"`).
    pub fn cfg(predicate: &str) -> Result<Serde, String> {
        let tokens: TokenStream = predicate
            .parse()
            .map_err(|e| format!("`{predicate}` is not a cfg predicate: {e}"))?;
        syn::parse2::<syn::Meta>(tokens.clone())
            .map_err(|e| format!("`{predicate}` is not a cfg predicate: {e}"))?;
        Ok(Serde::Cfg(tokens))
    }
}

/// The rendered figures and tables the generated code embeds (the `DOT` const, the rustdoc of
/// `State` and `Incident`). This crate does not draw: its caller (the proc-macro, `machine
/// gen`) renders them with `machine-render`, so the code generator and the renderers compile
/// side by side.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// The lifecycle diagram as Graphviz DOT.
    pub dot: String,
    /// The same diagram as a picture in `State`'s rustdoc, or why there is none.
    pub picture: Picture,
    /// The Markdown table of the states.
    pub state_table: String,
    /// The Markdown error (incident) table; empty for a spec without incidents.
    pub incident_table: String,
}

/// The diagram's picture in `State`'s rustdoc.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Picture {
    /// None: the rustdoc shows the DOT source (the macro's `svg = false`).
    #[default]
    Off,
    /// One line of SVG (drawn by the built-in layout, so no Graphviz is needed at build
    /// time); the DOT source is folded below it.
    Svg(String),
    /// Left out, and the rustdoc says so: the figure is too large to lay out at every build.
    TooLarge,
}

/// What the caller chose about the emitted code.
#[derive(Clone, Debug)]
pub struct Options {
    /// Serde derives on `State` and `Event`.
    pub serde: Serde,
    /// Renders the [`Figures`] of a model (for a spec with errors, of its skeleton).
    pub draw: fn(&Model) -> Figures,
}

impl Options {
    /// No serde derives; the figures drawn by `draw`.
    pub fn new(draw: fn(&Model) -> Figures) -> Options {
        Options {
            serde: Serde::Off,
            draw,
        }
    }
}

/// The items of the module generated for `model` (its inner doc attribute first).
pub fn module_body(model: &Model, options: &Options) -> TokenStream {
    emit::module(model, options)
}

/// The module body for a spec that has errors: one `compile_error!` per error, followed by
/// the skeleton of the API — the types and functions a correct spec would have, built from
/// whatever names could be read, with no transitions — so code using the module sees our
/// errors and not a cascade of "cannot find type" errors.
///
/// `span` is where rustc shows the errors (the spec path in the macro call).
pub fn error_body(
    source: &SourceFile,
    compiled: &Compiled,
    options: &Options,
    span: Span,
) -> TokenStream {
    errors_and_skeleton(source, &compiled.diagnostics, options, span)
}

/// One `compile_error!` per error of `diagnostics`, then the skeleton of the API.
fn errors_and_skeleton(
    source: &SourceFile,
    diagnostics: &[machine_core::Diagnostic],
    options: &Options,
    span: Span,
) -> TokenStream {
    let errors = compile_errors(source, diagnostics, span);
    let skeleton = skeleton::model(source)
        .map(|model| emit::module(&model, options))
        .unwrap_or_default();
    quote::quote! { #skeleton #errors }
}

/// Runs the pipeline on `source` and returns the module body: the generated code, or the
/// errors and the skeleton. The second value says whether the spec had errors. `span` is
/// where rustc shows the errors.
pub fn expand(source: &SourceFile, options: &Options, span: Span) -> (TokenStream, bool) {
    let compiled = machine_core::compile(source);
    match &compiled.model {
        Some(model) => (module_body(model, options), false),
        None => (error_body(source, &compiled, options, span), true),
    }
}

/// Formats a module body as a Rust file with prettyplease. Behind the `format` feature.
///
/// The tokens come from [`module_body`], which only emits well-formed items.
#[cfg(feature = "format")]
pub fn format(body: &TokenStream) -> String {
    let file: syn::File =
        syn::parse2(body.clone()).expect("the generator emits a well-formed Rust file");
    prettyplease::unparse(&file)
}

/// The header of a generated file, as a line comment: the one wording of every generated
/// file, [`machine_core::words::generated_header`].
pub fn header(source_name: &str) -> String {
    format!(
        "// {}\n",
        machine_core::words::generated_header(source_name)
    )
}

/// The complete generated file for `model`: the header, then the formatted module body.
/// `machine gen` writes this; a crate can use it with `#[path = "..."] mod job;`. Behind the
/// `format` feature.
#[cfg(feature = "format")]
pub fn file(model: &Model, options: &Options) -> String {
    let mut out = header(&model.source_name);
    out.push_str(&format(&module_body(model, options)));
    out
}
