//! The JavaScript runtime (`machine-web/js/runtime`) and the TypeScript module (`machine gen
//! --lang typescript`) beside the interpreter, under node: for every spec the build script
//! compiled (the repository's, `tests/fixtures/parallel` among them, and the generated flat,
//! nested and parallel ones of `specgen` and `nestedgen`), seeded traces of events
//! with random guard answers, expiries of timers (of the current configuration and of others)
//! and fault resolutions are run by `machine_core::semantics`, and the same traces by the
//! runtime the page runs and by the TypeScript module (its runtime and its `step` by name).
//! After every input the step or refusal (with the transitions that fired together, rules S25
//! to S27), the automatic steps it led to (rules S20 and S21, each with its actions), the
//! guards asked (in order), the actions run, the configuration after (rule S22: its atomic
//! states, history and records) and the running timers must agree. Some traces answer a guard otherwise each time it is asked
//! within an input (a guard is a function of the user's), which drives guarded loops of
//! eventless transitions into rule S21's bound. Then the wording: scripts run by the runtime
//! must print what `machine run --format json` prints, line by line.
//!
//! Node, the TypeScript compiler and amaro (node's own type stripper, so the module runs on
//! node 20 as on node 22's `--experimental-strip-types`) come from `npm ci --prefix
//! tests/web`. Missing, the test skips locally and fails under `MACHINE_REQUIRE_TOOLS`.

use std::path::{Path, PathBuf};
use std::process::Command;

use machine_core::model::{EdgeKind, Model, StateId, Target};
use machine_core::{SourceFile, compile, paths};
use machine_differential::SPECS;
use machine_differential::specgen::Rng;
use serde_json::{Value, json};

#[path = "javascript/traces.rs"]
mod traces;

use traces::{STEPS, Tally, trace};

/// Traces per spec of the repository, and per generated spec.
const TRACES: (usize, usize) = (24, 6);
/// Every how many traces one answers each guard otherwise every other time it is asked
/// within an input (see [`traces::trace`]).
const FLIPPED: usize = 3;

/// Corners of rules S20 and S21 that the fixtures do not reach, for the JavaScript side
/// alone (the generated Rust's differential tests read the build script's specs): eventless
/// transitions that loop when a guard answers otherwise each time it is asked (the checks
/// accept them: `g` and `!g` never hold at once), so that rule S21's bound refuses inputs
/// (`Refusal::Unsettled`); an eventless transition into a final state, whose completion
/// completes the state around (two completions queued by automatic steps); one written on a
/// compound state, which may leave it before its completion is taken (dropped); an internal
/// completion; timers of states that automatic steps enter and leave.
const CORNERS: &str = "machine: Loop
initial: Idle
states:
  Idle: {}
  Ping: {}
  Pong:
    timeouts:
      - { after: 1h, to: Idle }
  Open:
    initial: Inner
    states:
      Inner: {}
      Finished: { final: true }
  Out: {}
  Job:
    initial: Stage
    timeouts:
      - { after: 2h, to: Idle }
    states:
      Stage:
        initial: Queued
        states:
          Queued: {}
          Running:
            timeouts:
              - { after: 30m, to: Queued }
          Staged: { final: true }
      Shipped: { final: true }
events:
  Go: {}
  Enter: {}
  Finish: {}
  Leave: {}
  Start: {}
  Run: {}
guards:
  g: {}
  h: {}
actions:
  log: {}
  note: {}
transitions:
  - { from: Idle, on: Go, to: Ping }
  - { from: Ping, always: true, guard: [g], to: Pong }
  - { from: Pong, always: true, guard: [\"!g\"], to: Ping }
  - { from: [Ping, Pong, Out], on: Leave, to: Idle }
  - { from: Idle, on: Enter, to: Open }
  - { from: Inner, on: Finish, to: Finished }
  - { from: Idle, on: Finish, to: Finished }
  - { from: Open, always: true, guard: [h], to: Out, actions: [note] }
  - { from: Open, done: true, guard: [g], to: Out }
  - { from: Open, done: true, to: Idle, actions: [log] }
  - { from: Idle, on: Start, to: Job }
  - { from: Queued, on: Run, to: Running }
  - { from: Running, always: true, guard: [h], to: Staged, actions: [log] }
  - { from: Stage, done: true, to: Shipped }
  - { from: Job, done: true, guard: [g], to: Idle }
  - { from: Job, done: true, internal: true, actions: [note] }
  - { from: Job, on: Leave, to: Idle }
";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Whether the test may skip for want of `tool`: not when `.ci/run` requires every tool.
fn skip_without(tool: &str) -> bool {
    assert!(
        std::env::var_os("MACHINE_REQUIRE_TOOLS").is_none(),
        "{tool} is required (MACHINE_REQUIRE_TOOLS is set) but not installed"
    );
    eprintln!("{tool} is not installed: the JavaScript runtime is not checked");
    true
}

/// Runs `node SCRIPT ARGS...` from `tests/web`; its standard output, or `None` when node or
/// the npm tools are missing (and skipping is allowed).
fn node(script: &str, args: &[&Path]) -> Option<String> {
    let web = workspace().join("tests/web");
    if !web.join("node_modules/amaro").is_dir() && skip_without("npm ci --prefix tests/web") {
        return None;
    }
    let output = match Command::new("node")
        .current_dir(&web)
        .arg(script)
        .args(args)
        .output()
    {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            skip_without("node");
            return None;
        }
        Err(e) => panic!("cannot run node: {e}"),
    };
    assert!(
        output.status.success(),
        "node {script} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8(output.stdout).expect("node prints UTF-8"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("javascript")
        .join(name);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

fn model(name: &str, yaml: &str) -> Model {
    compile(&SourceFile::new(name, yaml))
        .model
        .unwrap_or_else(|| panic!("{name} is a good spec"))
}

/// For each pair of states, how many moves the shortest way from one to the other takes
/// (`null`: none), over the moves the generated `can_reach` counts: transitions and timers
/// to another state, without the fault state's return to history.
fn distances(model: &Model) -> Vec<Vec<Option<usize>>> {
    let n = model.states.len();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); n];
    // As the machine moves: from the states inside a compound source, into where entering a
    // compound target leads; a compound state is reached when a state inside it is, from
    // where entering it leads.
    for edge in machine_core::semantics::tree::atomic_edges(model) {
        let history = matches!(edge.kind, EdgeKind::Transition(t)
            if model.transition(t).target == Target::History);
        if !history && edge.from != edge.to {
            next[edge.from.index()].push(edge.to.index());
        }
    }
    (0..n)
        .map(|from| {
            // Where entering the state leads: in every region of a parallel state (rule S23).
            let starts: Vec<usize> = model
                .default_atoms(StateId::from_index(from))
                .iter()
                .map(|s| s.index())
                .collect();
            let mut distance = vec![None; n];
            for &start in &starts {
                distance[start] = Some(0);
            }
            let mut queue = std::collections::VecDeque::from(starts);
            while let Some(at) = queue.pop_front() {
                for &to in &next[at] {
                    if distance[to].is_none() {
                        distance[to] = distance[at].map(|d| d + 1);
                        queue.push_back(to);
                    }
                }
            }
            // A compound state is as near as the nearest state inside it.
            for state in (0..n).rev() {
                if let Some(parent) = model.parent(StateId::from_index(state)) {
                    let inside = distance[state];
                    let around = &mut distance[parent.index()];
                    *around = match (*around, inside) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                }
            }
            distance
        })
        .collect()
}

/// Every spec the differential tests drive, as `(name, yaml, model, traces)`: those of the
/// build script (the repository's, and the generated flat, nested and parallel ones, with
/// fewer traces for the generated) and [`CORNERS`].
fn cases() -> Vec<(String, String, Model, usize)> {
    SPECS
        .iter()
        .map(|spec| (spec.name.to_owned(), spec.yaml.to_owned()))
        .chain(std::iter::once((
            "inline/corners.yaml".to_owned(),
            CORNERS.to_owned(),
        )))
        .map(|(name, yaml)| {
            let traces = if ["generated/", "nested/", "parallel/"]
                .iter()
                .any(|prefix| name.starts_with(prefix))
            {
                TRACES.1
            } else {
                TRACES.0
            };
            let model = model(&name, &yaml);
            (name, yaml, model, traces)
        })
        .collect()
}

#[test]
fn the_runtime_and_the_typescript_module_agree_with_the_interpreter() {
    let dir = scratch("differential");
    let runtime = dir.join("runtime.mjs");
    std::fs::write(&runtime, machine_web::runtime::javascript()).expect("a scratch file");
    let mut specs = Vec::new();
    let mut tally = Tally::default();
    let (mut automatic_specs, mut parallel_specs) = (0, 0);
    for (index, (name, _, model, traces)) in cases().into_iter().enumerate() {
        let module = dir.join(format!("spec{index}.ts"));
        std::fs::write(&module, machine_web::typescript::render(&model)).expect("a scratch file");
        let mut rng = Rng::new(index as u64);
        let traces: Vec<Value> = (0..traces)
            .map(|t| trace(&model, &mut rng, t % FLIPPED == FLIPPED - 1, &mut tally))
            .collect();
        automatic_specs += usize::from(model.has_automatic());
        parallel_specs += usize::from(model.has_parallel());
        specs.push(json!({
            "name": name,
            "model": machine_web::data::model(&model),
            "module": module,
            "traces": traces,
            "distances": distances(&model),
        }));
    }
    assert!(
        specs.len() >= 60,
        "the repository's specs and the generated ones"
    );
    let specs_count = specs.len();
    let cases = dir.join("cases.json");
    std::fs::write(&cases, Value::Array(specs).to_string()).expect("a scratch file");
    let Some(report) = node("replay-runtime.mjs", &[&runtime, &cases]) else {
        return;
    };
    let report: Value = serde_json::from_str(&report).expect("the script prints JSON");
    let mismatches = report["mismatches"].as_array().expect("a list");
    assert!(
        mismatches.is_empty(),
        "the runtime or the TypeScript module disagrees with the interpreter:\n{}",
        serde_json::to_string_pretty(&mismatches[..mismatches.len().min(5)]).unwrap_or_default()
    );
    let inputs = report["inputs"].as_u64().expect("a count");
    assert!(
        inputs > 60 * 6 * STEPS as u64,
        "every input was replayed: {inputs}"
    );
    eprintln!(
        "compared {inputs} inputs of {} specs ({parallel_specs} with parallel states): {} steps accepted, {} automatic steps after them (in {automatic_specs} specs with automatic transitions), {} inputs refused as unsettled; {} steps fired several transitions together, {} inputs left the machine in several atomic states",
        specs_count, tally.steps, tally.automatic, tally.unsettled, tally.together, tally.regions
    );
    // Rules S20 and S21 were exercised: automatic steps, and inputs past the bound.
    assert!(
        tally.automatic > 100 && tally.unsettled > 0,
        "automatic steps: {}, unsettled inputs: {}",
        tally.automatic,
        tally.unsettled
    );
    // Rules S22 to S29 were exercised: several transitions in one step, several regions.
    assert!(
        parallel_specs >= 40 && tally.together > 100 && tally.regions > 1000,
        "parallel specs: {parallel_specs}, steps of several transitions: {}, inputs in several regions: {}",
        tally.together,
        tally.regions
    );
}

/// The inputs of a test path as the `machine run` script `machine paths` prints (an expiry as
/// `expire(<timer>)`, with the values of its guards).
fn path_script(model: &Model, path: &paths::Path) -> String {
    let described = machine_core::words::describe(model, path);
    described
        .steps
        .iter()
        .map(|s| s.text.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A random script: events with guard values, waits as long as the spec's timers (so some
/// expire), resolutions to random states.
fn random_script(model: &Model, rng: &mut Rng) -> String {
    let mut items = Vec::new();
    let waits: Vec<String> = model
        .timers
        .iter()
        .map(|t| &t.timeout.after)
        .filter(|d| d.named.is_none())
        .map(|d| format!("+{}", d.text))
        .collect();
    let guards = |rng: &mut Rng| {
        let mut values = Vec::new();
        for guard in &model.guards {
            if rng.chance(50) {
                let not = if rng.chance(50) { "" } else { "!" };
                values.push(format!("{not}{}", guard.name.spec));
            }
        }
        if values.is_empty() {
            String::new()
        } else {
            format!("[{}]", values.join(", "))
        }
    };
    for _ in 0..24 {
        let roll = rng.below(10);
        if roll < 1 || (roll < 2 && !waits.is_empty() && rng.chance(50)) {
            if let Some(wait) = (!waits.is_empty()).then(|| rng.pick(&waits).clone()) {
                items.push(wait);
            }
        } else if roll < 2 {
            // Any number of seconds: the runtime writes it back in one unit (`+1500m`).
            items.push(format!("+{}s", 30 * (rng.below(6_000) + 1)));
        } else if roll < 3 && !model.timers.is_empty() {
            let timer = &rng.pick(&model.timers).name.spec;
            let values = guards(rng);
            items.push(format!("expire({timer}){values}"));
        } else if roll < 4 || model.events.is_empty() {
            items.push(format!("resume({})", rng.pick(&model.states).name.spec));
        } else {
            let event = &rng.pick(&model.events).name.spec;
            let values = guards(rng);
            items.push(format!("{event}{values}"));
        }
    }
    items.join(", ")
}

/// A value for each named duration, in seconds, in the order the spec declares with
/// `shorter_than:` (hours: one, then one more than the longest duration declared shorter).
fn duration_values(model: &Model) -> Vec<u64> {
    let mut values = vec![3_600; model.durations.len()];
    // The order has no cycle (E0117): a pass per duration settles it.
    for _ in 0..model.durations.len() {
        for (a, d) in model.durations.iter().enumerate() {
            for b in &d.shorter_than {
                if values[a] >= values[b.index()] {
                    values[b.index()] = values[a] + 3_600;
                }
            }
        }
    }
    values
}

#[test]
fn the_runtime_words_every_step_as_machine_run_does() {
    let dir = scratch("words");
    let runtime = dir.join("runtime.mjs");
    std::fs::write(&runtime, machine_web::runtime::javascript()).expect("a scratch file");
    let mut runs = Vec::new();
    for (index, (name, yaml, model, _)) in cases().into_iter().enumerate() {
        // The repository's specs, and a few generated ones, which exist only in memory.
        let generated = ["generated/", "nested/", "parallel/"]
            .iter()
            .any(|prefix| name.starts_with(prefix));
        if generated && index % 6 != 0 {
            continue;
        }
        let spec = dir.join(format!("spec{index}.yaml"));
        std::fs::write(&spec, yaml).expect("a scratch file");
        let durations: Vec<(String, u64)> = model
            .durations
            .iter()
            .zip(duration_values(&model))
            .map(|(d, seconds)| (d.name.spec.clone(), seconds))
            .collect();
        let found = paths::paths(&model);
        let mut rng = Rng::new(1000 + index as u64);
        let scripts: Vec<(usize, String)> = found
            .cover
            .iter()
            .map(|p| (p.start, path_script(&model, p)))
            .chain((0..6).map(|_| {
                (
                    rng.below(model.starts.len()),
                    random_script(&model, &mut rng),
                )
            }))
            .collect();
        for (start, script) in scripts {
            for guards in ["hold", "fail"] {
                let spec_arg = spec.to_string_lossy().into_owned();
                let mut args = vec![
                    "machine", "--color", "never", "run", &spec_arg, "--events", &script,
                    "--guards", guards, "--format", "json",
                ];
                let start_name = model.starts[start].name.as_ref().map(|n| n.spec.clone());
                if let Some(start_name) = &start_name {
                    args.extend(["--start", start_name]);
                }
                let given: Vec<String> =
                    durations.iter().map(|(n, s)| format!("{n}={s}s")).collect();
                for d in &given {
                    args.extend(["--duration", d]);
                }
                let (mut out, mut err) = (Vec::new(), Vec::new());
                let code = machine_cli::run(&args, &mut out, &mut err);
                assert!(
                    code <= 1,
                    "{name}: machine run failed: {}",
                    String::from_utf8_lossy(&err)
                );
                let mut lines: Vec<Value> = String::from_utf8(out)
                    .expect("UTF-8")
                    .lines()
                    .map(|l| serde_json::from_str(l).expect("JSON lines"))
                    .collect();
                let first = lines.remove(0);
                runs.push(json!({
                    "name": name,
                    "model": machine_web::data::model(&model),
                    "start": start,
                    "script": script,
                    "defaultGuard": guards == "hold",
                    "durations": durations.iter().map(|(_, s)| s).collect::<Vec<_>>(),
                    "first": first,
                    "expected": lines,
                }));
            }
        }
    }
    assert!(runs.len() > 40, "scripts for every spec: {}", runs.len());
    let cases = dir.join("runs.json");
    std::fs::write(&cases, Value::Array(runs).to_string()).expect("a scratch file");
    let Some(report) = node("replay-words.mjs", &[&runtime, &cases]) else {
        return;
    };
    let report: Value = serde_json::from_str(&report).expect("the script prints JSON");
    let mismatches = report["mismatches"].as_array().expect("a list");
    assert!(
        mismatches.is_empty(),
        "the runtime words a run otherwise than `machine run`:\n{}",
        serde_json::to_string_pretty(&mismatches[..mismatches.len().min(5)]).unwrap_or_default()
    );
    assert!(report["lines"].as_u64().expect("a count") > 500);
}

/// A front end of `tests/fixtures/parallel/regions.yaml` (module `./regions`): what the
/// module's API says of a configuration, as `tsc` types it.
const PARALLEL_USAGE: &str = r#"import { initial, step, isIn, faultedFrom, remembered, machineAt, type Machine, type State } from "./regions";

const start: Machine = initial();
export const atoms: readonly State[] = start.configuration;
export const summary: State = start.state;
export const inLeft: boolean = isIn(start, "Left") && isIn("L1", "Left");
const next = step(start, "Step");
export const moved: readonly State[] = next.ok ? next.configuration : [];
export const settled: readonly State[] = next.ok ? next.then.flatMap((s) => s.configuration) : [];
export const from: State | null = faultedFrom(start);
export const kept: readonly State[] | null = remembered(start, "Outer");
export const polled: Machine = machineAt("L2");
"#;

#[test]
fn every_typescript_module_type_checks_strictly() {
    let dir = scratch("typescript");
    let mut files = Vec::new();
    for (index, (name, _, model, _)) in cases().into_iter().enumerate() {
        let file = format!("spec{index}.ts");
        std::fs::write(dir.join(&file), machine_web::typescript::render(&model))
            .expect("a scratch file");
        // A front end of a lifecycle with parallel states, by name (rule S22).
        if name == "tests/fixtures/parallel/regions.yaml" {
            let usage = PARALLEL_USAGE.replace("./regions", &format!("./spec{index}"));
            std::fs::write(dir.join("usage.ts"), usage).expect("a scratch file");
            files.push("usage.ts".to_owned());
        }
        files.push(file);
    }
    let config = json!({
        "compilerOptions": {
            "strict": true,
            "noEmit": true,
            "target": "ES2022",
            "module": "ESNext",
            "moduleResolution": "bundler",
            "lib": ["ES2022"],
            "erasableSyntaxOnly": true,
            "noUnusedLocals": true,
            "noImplicitReturns": true,
            "types": [],
        },
        "files": files,
    });
    let tsconfig = dir.join("tsconfig.json");
    std::fs::write(&tsconfig, config.to_string()).expect("a scratch file");
    let Some(out) = node("typecheck.mjs", &[&tsconfig]) else {
        return;
    };
    assert_eq!(out.trim(), "ok", "tsc --strict found errors:\n{out}");
}
