//! `machine gen`: the Rust code the `machine!` macro would expand to, as a file with an
//! `@generated` header, written only when its bytes change; `--check` reports stale files.

use std::io::Write;
use std::path::Path;

use machine_codegen::{Figures, Options, Picture, Serde};
use machine_core::Model;

use crate::report::ColorChoice;
use crate::{EXIT_FINDINGS, EXIT_OK, Freshness, spec_file, write_or_check};

/// The language `machine gen` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Rust: the module the `machine!` macro expands to.
    Rust,
    /// TypeScript: a dependency-free module for front ends (`machine_web::typescript`).
    Typescript,
}

/// What `machine gen` was asked to do.
pub struct Gen<'a> {
    /// The spec file.
    pub spec: &'a Path,
    /// Where to write the code (standard output when `None`).
    pub output: Option<&'a Path>,
    /// Write nothing; exit 1 when `output` is missing or differs.
    pub check: bool,
    /// Derive serde's traits unconditionally.
    pub serde: bool,
    /// Derive serde's traits behind `#[cfg_attr(<this>, ...)]`.
    pub serde_cfg: Option<&'a str>,
    /// Rust or TypeScript.
    pub lang: Lang,
}

pub fn run(
    args: &Gen<'_>,
    color: ColorChoice,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, String> {
    let serde = match (args.serde, args.serde_cfg) {
        (true, Some(_)) => return Err("use either --serde or --serde-cfg, not both".into()),
        (true, None) => Serde::Always,
        (false, Some(predicate)) => Serde::cfg(predicate)?,
        (false, None) => Serde::Off,
    };
    if args.lang == Lang::Typescript && !matches!(serde, Serde::Off) {
        return Err(
            "--serde and --serde-cfg are for Rust; drop them with --lang typescript".into(),
        );
    }
    if args.check && args.output.is_none() {
        return Err("--check needs the file to compare with: add -o FILE".into());
    }
    let compiled = spec_file::compile_with_source(args.spec, color, err)?;
    let Some((_, model)) = compiled else {
        let _ = writeln!(
            err,
            "error: no code generated for {}",
            spec_file::display_name(args.spec)
        );
        return Ok(EXIT_FINDINGS);
    };
    let code = match args.lang {
        Lang::Rust => machine_codegen::file(
            &model,
            &Options {
                serde,
                draw: figures,
            },
        ),
        Lang::Typescript => machine_web::typescript::render(&model),
    };
    let Some(path) = args.output else {
        out.write_all(code.as_bytes()).map_err(|e| e.to_string())?;
        return Ok(EXIT_OK);
    };
    match write_or_check(path, code.as_bytes(), args.check)? {
        Freshness::Fresh => Ok(EXIT_OK),
        Freshness::Written => {
            let _ = writeln!(err, "wrote {}", spec_file::display_name(path));
            Ok(EXIT_OK)
        }
        Freshness::Stale => {
            let _ = writeln!(
                err,
                "error: {} is stale: it is not what `machine gen {}{} -o {}` writes; run that command",
                spec_file::display_name(path),
                spec_file::display_name(args.spec),
                if args.lang == Lang::Typescript {
                    " --lang typescript"
                } else {
                    ""
                },
                spec_file::display_name(path),
            );
            Ok(EXIT_FINDINGS)
        }
    }
}

/// The figures the generated code embeds (the `DOT` const, the tables and the picture in the
/// rustdoc), drawn as the `machine!` macro draws them by default.
pub fn figures(model: &Model) -> Figures {
    Figures {
        dot: machine_render::dot::render(model),
        picture: match machine_render::svg::inline(model, machine_render::svg::DOCS_MAX_WORK) {
            Ok(svg) => Picture::Svg(svg),
            Err(_) => Picture::TooLarge,
        },
        state_table: machine_render::markdown::state_table(model),
        incident_table: machine_render::markdown::incident_table(model),
    }
}
