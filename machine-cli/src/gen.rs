//! `machine gen`: the Rust code the `machine!` macro would expand to, as a file with an
//! `@generated` header, written only when its bytes change; `--check` reports stale files.

use std::io::Write;
use std::path::Path;

use machine_codegen::{Options, Serde};

use crate::report::{self, ColorChoice};
use crate::{EXIT_FINDINGS, EXIT_OK, Freshness, spec_file, write_or_check};

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
    if args.check && args.output.is_none() {
        return Err("--check needs the file to compare with: add -o FILE".into());
    }
    let source = spec_file::read(args.spec)?;
    let compiled = machine_core::compile(&source);
    if !compiled.diagnostics.is_empty() {
        write!(
            err,
            "{}",
            report::human(&source, &compiled.diagnostics, report::use_color(color))
        )
        .map_err(|e| e.to_string())?;
    }
    let Some(model) = &compiled.model else {
        let errors = compiled.diagnostics.iter().filter(|d| d.is_error()).count();
        let _ = writeln!(
            err,
            "error: no code generated for {}: {errors} error{} in the spec",
            source.name(),
            if errors == 1 { "" } else { "s" }
        );
        return Ok(EXIT_FINDINGS);
    };
    let code = machine_codegen::file(model, &Options { serde });
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
                "error: {} is stale: it is not what `machine gen {} -o {}` writes; run that command",
                spec_file::display_name(path),
                source.name(),
                spec_file::display_name(path),
            );
            Ok(EXIT_FINDINGS)
        }
    }
}
