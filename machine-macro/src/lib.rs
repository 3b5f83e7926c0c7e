//! `machine-macro`: the `machine!` proc-macro, typed Rust state machines from a YAML lifecycle
//! spec.
//!
//! ```
//! machine_macro::machine! {
//!     /// A door. Real specs live in files: `pub mod job = "spec/import-export/job.yaml";`.
//!     pub mod door = yaml "
//! machine: Door
//! initial: Closed
//! states:
//!   Closed: { doc: Nobody can pass. }
//!   Open: { doc: Anybody can pass. }
//! events:
//!   Push: {}
//!   Pull: {}
//! transitions:
//!   - { from: Closed, on: Push, to: Open }
//!   - { from: Open, on: Pull, to: Closed }
//! ";
//! }
//!
//! let mut door = door::Machine::new();
//! assert_eq!(door.fire(door::Event::Push, &()), Ok(door::State::Open));
//! assert!(door.fire(door::Event::Push, &()).is_err()); // no such transition: an error, not a panic
//! assert_eq!("Open".parse::<door::State>(), Ok(door::State::Open));
//! ```
//!
//! The macro is thin: it reads the spec and hands it to `machine-codegen`, which runs the
//! `machine-core` pipeline and emits the module. `machine gen` writes the same code to a file.
//!
//! # Input
//!
//! `ATTRIBUTES VISIBILITY mod NAME = SPEC [, serde | , serde = cfg(PREDICATE)] [, svg = BOOL] [;]`
//!
//! - `SPEC` is `"path/to/spec.yaml"`, relative to the calling crate's `CARGO_MANIFEST_DIR`
//!   (it may not be absolute nor leave the crate with `..`; a symlink inside the crate may
//!   point elsewhere), or `yaml "..."` with the spec itself, for tests and examples.
//! - Outer attributes (`///` docs, `#[cfg(...)]`) go on the generated module.
//! - `serde` derives `serde::{Serialize, Deserialize}` for `State` and `Event` with their wire
//!   names; `serde = cfg(feature = "serde")` puts the derives behind that `cfg_attr`. The
//!   calling crate then depends on `serde` (with `derive`) itself.
//! - `svg = true|false`: the rustdoc of `State` shows the diagram as a picture (inline SVG,
//!   laid out by the built-in layout, with the DOT source folded below it). By default it
//!   does when the figure is small (every sample is), which costs a build well under a tenth
//!   of a second; a larger figure gets a note instead, since the macro lays it out at every
//!   build, unoptimized. `svg = true` draws it whatever its size (up to what the built-in
//!   layout draws in detail; a large figure costs a noticeable part of a second per build);
//!   `svg = false` shows the DOT source only.
//!
//! # Errors
//!
//! Every error in the spec becomes a `compile_error!` at the spec path, reading
//! `spec/job.yaml:12:5: error[E0101]: ...` with its notes and help, all at once. The module
//! still holds the API's skeleton (every type and variant whose name could be read), so the
//! code using it reports nothing else. The macro depends on the file with `include_str!`, so
//! cargo rebuilds the crate when the spec changes.
#![forbid(unsafe_code)]

use std::path::{Component, Path, PathBuf};

use machine_codegen::{Figures, Options, Picture, Serde};
use machine_core::SourceFile;
use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Ident, LitBool, LitStr, Token, Visibility};

/// Generates a module with the typed state machine of a YAML lifecycle spec.
///
/// See the [crate documentation](crate) for the input and what the module holds.
#[proc_macro]
pub fn machine(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    match syn::parse::<Input>(input) {
        Ok(input) => expand(&input).into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// Where the spec comes from.
enum Spec {
    /// A path relative to the crate root.
    File(LitStr),
    /// The spec text itself.
    Inline(LitStr),
}

/// The parsed macro input.
struct Input {
    attrs: Vec<Attribute>,
    vis: Visibility,
    name: Ident,
    spec: Spec,
    serde: Serde,
    /// `svg = true|false`: the picture in `State`'s rustdoc always, or never; by default,
    /// when the figure is small.
    svg: Option<bool>,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        input.parse::<Token![mod]>()?;
        let name = input.parse()?;
        input.parse::<Token![=]>()?;
        let spec = if input.peek(LitStr) {
            Spec::File(input.parse()?)
        } else {
            let keyword: Ident = input.parse()?;
            if keyword != "yaml" {
                return Err(syn::Error::new(
                    keyword.span(),
                    "expected a spec path (\"spec/job.yaml\") or `yaml \"...\"`",
                ));
            }
            Spec::Inline(input.parse()?)
        };
        let mut serde = Serde::Off;
        let mut svg = None;
        while input.parse::<Option<Token![,]>>()?.is_some() && !input.is_empty() {
            let option: Ident = input.parse()?;
            if option == "serde" {
                serde = Serde::Always;
                if input.parse::<Option<Token![=]>>()?.is_some() {
                    let cfg: Ident = input.parse()?;
                    if cfg != "cfg" {
                        return Err(syn::Error::new(cfg.span(), "expected `cfg(PREDICATE)`"));
                    }
                    let content;
                    syn::parenthesized!(content in input);
                    serde = Serde::Cfg(content.parse()?);
                }
            } else if option == "svg" {
                input.parse::<Token![=]>()?;
                svg = Some(input.parse::<LitBool>()?.value);
            } else {
                return Err(syn::Error::new(
                    option.span(),
                    "unknown option: expected `serde`, `serde = cfg(...)` or `svg = true|false`",
                ));
            }
        }
        input.parse::<Option<Token![;]>>()?;
        if !input.is_empty() {
            return Err(input.error("unexpected input after the spec"));
        }
        Ok(Input {
            attrs,
            vis,
            name,
            spec,
            serde,
            svg,
        })
    }
}

fn expand(input: &Input) -> TokenStream {
    let (source, include, span) = match &input.spec {
        Spec::Inline(text) => (
            SourceFile::new(format!("<inline yaml in `{}`>", input.name), text.value()),
            TokenStream::new(),
            text.span(),
        ),
        Spec::File(path) => match read(path) {
            Ok((source, absolute)) => {
                let absolute = absolute.to_string_lossy().into_owned();
                (
                    source,
                    quote! { const _: &str = ::core::include_str!(#absolute); },
                    path.span(),
                )
            }
            Err(message) => {
                let error = syn::Error::new(path.span(), message).to_compile_error();
                return module(input, &quote! { #error });
            }
        },
    };
    let options = Options {
        serde: input.serde.clone(),
        draw: match input.svg {
            None => figures,
            Some(true) => figures_with_picture,
            Some(false) => figures_without_picture,
        },
    };
    let (body, _) = machine_codegen::expand(&source, &options, span);
    module(input, &quote! { #body #include })
}

/// The figures the generated code embeds, drawn as `machine gen` draws them: the picture
/// when the figure is small ([`machine_render::svg::DOCS_MAX_WORK`]), else a note.
fn figures(model: &machine_core::Model) -> Figures {
    drawn(model, Some(machine_render::svg::DOCS_MAX_WORK))
}

/// `svg = true`: the picture whatever the figure's size (up to the built-in layout's limit).
fn figures_with_picture(model: &machine_core::Model) -> Figures {
    drawn(model, Some(machine_render::svg::BUILTIN_MAX_WORK))
}

/// `svg = false`: no picture, the DOT source only.
fn figures_without_picture(model: &machine_core::Model) -> Figures {
    drawn(model, None)
}

/// The figures, with a picture when the figure's layout work is within `max` (`None`: no
/// picture, and nothing is laid out).
fn drawn(model: &machine_core::Model, max: Option<machine_render::svg::Work>) -> Figures {
    Figures {
        dot: machine_render::dot::render(model),
        picture: match max.map(|max| machine_render::svg::inline(model, max)) {
            None => Picture::Off,
            Some(Ok(svg)) => Picture::Svg(svg),
            Some(Err(_)) => Picture::TooLarge,
        },
        state_table: machine_render::markdown::state_table(model),
        incident_table: machine_render::markdown::incident_table(model),
    }
}

fn module(input: &Input, body: &TokenStream) -> TokenStream {
    let Input {
        attrs, vis, name, ..
    } = input;
    quote! {
        #(#attrs)*
        #vis mod #name {
            #body
        }
    }
}

/// Reads the spec at `path` (relative to the calling crate), returning it under the name it
/// was written with, and its absolute path.
fn read(path: &LitStr) -> Result<(SourceFile, PathBuf), String> {
    let written = path.value();
    let relative = Path::new(&written);
    if written.is_empty() {
        return Err("the spec path is empty".into());
    }
    if relative.is_absolute() || relative.has_root() {
        return Err(format!(
            "the spec path `{written}` is absolute; write it relative to the crate root \
             (the directory of its Cargo.toml), e.g. \"spec/job.yaml\""
        ));
    }
    if relative.components().any(|c| c == Component::ParentDir) {
        return Err(format!(
            "the spec path `{written}` leaves the crate with `..`; keep the spec inside the \
             crate (a symlink inside the crate may point to a shared spec directory)"
        ));
    }
    let root = std::env::var_os("CARGO_MANIFEST_DIR").ok_or_else(|| {
        "CARGO_MANIFEST_DIR is not set: the machine! macro must be built by cargo".to_owned()
    })?;
    let absolute = Path::new(&root).join(relative);
    if absolute.is_dir() {
        return Err(format!(
            "the spec path `{written}` is a directory, not a spec file"
        ));
    }
    let bytes = std::fs::read(&absolute).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            // The crate's name, not its absolute path: the message must read the same on
            // every machine and target directory.
            let krate = std::env::var("CARGO_PKG_NAME").unwrap_or_else(|_| "this crate".into());
            format!(
                "spec file `{written}` not found; the path is relative to the root of crate \
                 `{krate}` (the folder of its Cargo.toml)"
            )
        } else {
            format!(
                "cannot read spec file `{written}` ({}): {e}",
                absolute.display()
            )
        }
    })?;
    Ok((SourceFile::from_bytes(written.clone(), bytes), absolute))
}
