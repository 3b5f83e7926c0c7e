//! Cargo rebuilds a crate that uses `machine!` when its spec changes (the macro emits
//! `include_str!` of the spec's absolute path), and only then.
//!
//! Builds a small crate in a temporary directory with the workspace's lock file and a target
//! directory kept under `CARGO_TARGET_TMPDIR`, so only the first run compiles the macro's
//! dependencies.

use std::path::Path;
use std::process::Command;

use machine_tests::workspace;

const SPEC: &str = "machine: Light\ninitial: Off\nstates: { Off: {}, On: {} }\nevents: { Flip: {} }\n\
transitions:\n  - { from: Off, on: Flip, to: On }\n  - { from: On, on: Flip, to: Off }\n";

/// Builds and runs the crate; returns what it printed.
fn build_and_run(dir: &Path, target: &Path) -> String {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(&cargo)
        .args(["run", "--quiet", "--offline", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target)
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "cargo run failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Whether cargo considers the crate fresh (nothing to compile).
fn is_fresh(dir: &Path, target: &Path) -> bool {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(&cargo)
        .args([
            "build",
            "--offline",
            "--message-format",
            "json",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let artifacts: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("\"reason\":\"compiler-artifact\"") && l.contains("rebuild-user"))
        .collect();
    assert!(
        !artifacts.is_empty(),
        "cargo reports the crate's artifact, fresh or not:\n{stdout}"
    );
    artifacts.iter().all(|l| l.contains("\"fresh\":true"))
}

#[test]
fn changing_the_spec_rebuilds_the_user_crate() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rebuild-user");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rebuild-target");
    std::fs::create_dir_all(dir.join("src")).expect("create crate");
    let macro_path = workspace()
        .join("machine-macro")
        .to_string_lossy()
        .replace('\\', "/");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"rebuild-user\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nmachine-macro = {{ path = \"{macro_path}\" }}\n\n[workspace]\n"
        ),
    )
    .expect("write manifest");
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy lock file");
    std::fs::write(
        dir.join("src/main.rs"),
        "machine_macro::machine! { mod light = \"light.yaml\"; }\n\n\
         fn main() {\n    println!(\"{} states: {:?}\", light::State::COUNT, light::State::ALL);\n}\n",
    )
    .expect("write main");
    std::fs::write(dir.join("light.yaml"), SPEC).expect("write spec");

    let printed = build_and_run(&dir, &target);
    assert_eq!(printed, "2 states: [Off, On]");
    assert!(
        is_fresh(&dir, &target),
        "nothing changed, nothing to rebuild"
    );

    std::fs::write(
        dir.join("light.yaml"),
        SPEC.replace("On: {} }", "On: {}, Broken: { final: true } }")
            .replace("events: { Flip: {} }", "events: { Flip: {}, Smash: {} }")
            + "  - { from: '*', on: Smash, to: Broken }\n",
    )
    .expect("change spec");
    assert!(
        !is_fresh(&dir, &target),
        "a changed spec makes the crate stale"
    );
    let printed = build_and_run(&dir, &target);
    assert_eq!(
        printed, "3 states: [Off, On, Broken]",
        "the new spec is compiled in"
    );
    assert!(is_fresh(&dir, &target));
}
