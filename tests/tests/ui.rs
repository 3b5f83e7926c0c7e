//! The macro as users meet it (trybuild): pass cases that use every part of the emitted API
//! and run it, and compile-fail cases whose `.stderr` shows our errors.
//!
//! trybuild builds the cases in a crate of its own under `target/tests/trybuild/`, whose
//! `CARGO_MANIFEST_DIR` is that directory, so spec paths in the cases are relative to it:
//! the test copies the specs there first, as `ui-spec/` (and the tutorial's, as `loan.yaml`).

use std::path::{Path, PathBuf};

fn trybuild_crate() -> PathBuf {
    // `CARGO_TARGET_TMPDIR` is `<target dir>/tmp`; trybuild's crate is
    // `<target dir>/tests/trybuild/<this crate's name>`.
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the tmp dir is inside the target dir")
        .join("tests")
        .join("trybuild")
        .join(env!("CARGO_PKG_NAME"))
}

fn copy_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let to = trybuild_crate().join("ui-spec");
    std::fs::create_dir_all(&to).expect("create ui-spec");
    let specs = [
        root.join("../spec/import-export/job.yaml"),
        root.join("../spec/import-export/drive.yaml"),
        root.join("fixtures/good/named-durations.yaml"),
        root.join("../spec/samples/check-run.yaml"),
        root.join("fixtures/semantics/flip.yaml"),
    ];
    let ui = std::fs::read_dir(root.join("ui/spec"))
        .expect("tests/ui/spec")
        .flatten()
        .map(|e| e.path());
    for from in specs.into_iter().chain(ui) {
        let name = from.file_name().expect("a file name");
        std::fs::copy(&from, to.join(name))
            .unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
    }
    // docs/tutorial.md's crate keeps its spec beside its Cargo.toml: `pass/tutorial.rs` is the
    // tutorial's `src/main.rs`, and reads `loan.yaml` from there.
    std::fs::copy(
        root.join("../spec/samples/loan.yaml"),
        trybuild_crate().join("loan.yaml"),
    )
    .expect("copy the tutorial's spec");
}

#[test]
fn ui() {
    copy_specs();
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
