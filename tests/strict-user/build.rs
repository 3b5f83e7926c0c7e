//! Writes `machine gen`'s output (`machine_codegen::file`, the same function the command
//! uses) for every good spec into `OUT_DIR`, so that the crate lints it like hand-written
//! code: unlike the macro's output, which clippy treats as foreign, these files get every
//! lint, under the current toolchain's full set (this crate declares no `rust-version`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The folders (relative to the workspace) whose specs are generated and linted.
const SPECS: &[&str] = &[
    "spec/import-export",
    "spec/samples",
    "tests/fixtures/good",
    "tests/fixtures/nested",
    "tests/fixtures/parallel",
];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest
        .parent()
        .and_then(Path::parent)
        .expect("tests/strict-user is two levels inside the workspace");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    let mut modules = String::new();
    for dir in SPECS {
        println!("cargo:rerun-if-changed={}", root.join(dir).display());
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("the spec folder exists")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let name = format!(
                "{dir}/{}",
                file.file_name().expect("a file").to_string_lossy()
            );
            let text = std::fs::read(&file).expect("a readable spec");
            let source = machine_core::SourceFile::from_bytes(name.clone(), text);
            let compiled = machine_core::compile(&source);
            let model = compiled
                .model
                .unwrap_or_else(|| panic!("{name} is a good spec but does not compile"));
            let module = file
                .file_stem()
                .expect("a file name")
                .to_string_lossy()
                .replace('-', "_");
            let path = out.join(format!("{module}.rs"));
            std::fs::write(
                &path,
                machine_codegen::file(&model, &machine_codegen::Options::new(machine_cli::figures)),
            )
            .expect("OUT_DIR is writable");
            // The escaping fixture's doc texts hold `<tags>` and `[*]` on purpose: rustdoc
            // reads a spec's doc text as Markdown, so those are the spec's own broken links.
            let allow = if module == "escaping" {
                "#[allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]\n"
            } else {
                ""
            };
            let _ = writeln!(
                modules,
                "#[path = {:?}]\n#[rustfmt::skip]\n{allow}pub mod {module};",
                path.display().to_string()
            );
        }
    }
    std::fs::write(out.join("generated.rs"), modules).expect("OUT_DIR is writable");
}
