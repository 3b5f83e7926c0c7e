//! Compound states (rules S16 to S18) in the interpreter, the checks, `machine run` and
//! `machine paths`, on `tests/fixtures/nested/semantics.yaml`, and every output reads them.

use machine_core::model::{Model, TimerId};
use machine_core::semantics::{self, Clocks, Config, Input, Refusal, Step};
use machine_core::{SourceFile, compile};
use machine_tests::{event, machine, state, state_names, timer};

const SPEC: &str = "tests/fixtures/nested/semantics.yaml";

fn model() -> Model {
    machine_tests::model(SPEC)
}

/// Fires the events named in `script` in turn; the last configuration and every step.
fn walk(model: &Model, mut config: Config, script: &[&str]) -> (Config, Vec<Step>) {
    let mut steps = Vec::new();
    for name in script {
        let (next, step) = semantics::step(model, config, event(model, name), &mut |_| true)
            .unwrap_or_else(|r| panic!("{name} refused: {r:?}"));
        config = next;
        steps.push(step);
    }
    (config, steps)
}

fn action_names(model: &Model, step: &Step) -> Vec<String> {
    semantics::actions(model, step)
        .iter()
        .map(|&a| model.action(a).name.spec.clone())
        .collect()
}

#[test]
fn a_start_at_a_compound_state_enters_it_down_to_its_initial_state() {
    let model = model();
    let start = &model.starts[0];
    assert_eq!(start.state, state(&model, "Pending"));
    let actions: Vec<_> = semantics::start_actions(&model, start)
        .iter()
        .map(|&a| model.action(a).name.spec.clone())
        .collect();
    assert_eq!(actions, ["open_ticket", "ask_payment"]);
}

#[test]
fn a_step_leaves_innermost_first_and_enters_outermost_first() {
    let model = model();
    let (config, steps) = walk(&model, Config::start(&model, &model.starts[0]), &["Pay"]);
    assert_eq!(config.state(&model), state(&model, "Picking"));
    let pay = &steps[0];
    assert_eq!(state_names(&model, &pay.exits), ["Pending"]);
    assert_eq!(state_names(&model, &pay.entries), ["Packing", "Picking"]);
    assert_eq!(action_names(&model, pay), ["stop_asking", "start_packing"]);

    // Cancel is written on Open: it leaves Picking, Packing and Open, in that order.
    let (config, steps) = walk(&model, config, &["Cancel"]);
    assert_eq!(config.state(&model), state(&model, "Cancelled"));
    assert_eq!(
        state_names(&model, &steps[0].exits),
        ["Picking", "Packing", "Open"]
    );
    assert_eq!(state_names(&model, &steps[0].entries), ["Cancelled"]);
    assert_eq!(
        action_names(&model, &steps[0]),
        ["stop_packing", "close_ticket", "refund"]
    );
}

#[test]
fn the_innermost_state_s_transition_wins_over_its_ancestors() {
    let model = model();
    let (config, _) = walk(
        &model,
        Config::start(&model, &model.starts[0]),
        &["Pay", "Box"],
    );
    let (after, steps) = walk(&model, config, &["Cancel"]);
    // Boxing handles Cancel itself (internal), before Open's Cancel is tried.
    assert_eq!(after.state(&model), state(&model, "Boxing"));
    assert!(steps[0].exits.is_empty() && steps[0].entries.is_empty());
    assert_eq!(action_names(&model, &steps[0]), ["note"]);
}

#[test]
fn a_transition_from_a_compound_state_to_itself_leaves_and_enters_it_again() {
    let model = model();
    let (config, _) = walk(
        &model,
        Config::start(&model, &model.starts[0]),
        &["Pay", "Box"],
    );
    let (after, steps) = walk(&model, config, &["Reopen"]);
    assert_eq!(after.state(&model), state(&model, "Pending"));
    assert_eq!(
        state_names(&model, &steps[0].exits),
        ["Boxing", "Packing", "Open"]
    );
    assert_eq!(state_names(&model, &steps[0].entries), ["Open", "Pending"]);
    // Open's timer starts again; it was entered anew.
    assert_eq!(steps[0].restarts, [timer(&model, "Expiry")]);
}

#[test]
fn a_compound_state_s_timer_runs_inside_it_and_restarts_only_when_it_is_entered() {
    let model = model();
    let start = Config::start(&model, &model.starts[0]);
    let mut clocks = Clocks::new(&model, &start);
    let (expiry, slow) = (timer(&model, "Expiry"), timer(&model, "Slow"));
    let (_, steps) = walk(&model, start, &["Pay", "Box", "Restart"]);
    // Pay enters Packing (its timer starts) but not Open: Open's keeps running.
    assert_eq!(steps[0].restarts, [slow]);
    // Box moves inside Packing: nothing starts again.
    assert!(steps[1].restarts.is_empty());
    // Restart leaves and enters Packing again: its timer starts again, Open's does not.
    assert_eq!(steps[2].restarts, [slow]);
    for step in &steps {
        clocks.apply(&model, step);
    }
    let running: Vec<TimerId> = clocks.running().iter().map(|r| r.timer).collect();
    assert_eq!(running, [expiry, slow]);
    // Open's timer expires in a state inside it.
    let boxing = Config::at(state(&model, "Boxing"));
    let (after, step) = semantics::step(&model, boxing, Input::Expire(expiry), &mut |_| true)
        .expect("Open's timer runs in Boxing");
    assert_eq!(after.state(&model), state(&model, "Cancelled"));
    assert_eq!(
        state_names(&model, &step.exits),
        ["Boxing", "Packing", "Open"]
    );
    // Outside Open it does not run.
    let shipped = Config::at(state(&model, "Shipped"));
    assert_eq!(
        semantics::step(&model, shipped, Input::Expire(expiry), &mut |_| true).err(),
        Some(Refusal::NoTimeout)
    );
}

#[test]
fn star_with_a_nested_exception_leaves_out_that_state_only() {
    let model = model();
    let hold = event(&model, "Hold");
    let accepts = |name: &str| {
        semantics::step(&model, Config::at(state(&model, name)), hold, &mut |_| true).is_ok()
    };
    assert!(accepts("Pending"));
    assert!(accepts("Picking"));
    assert!(!accepts("Boxing"));
}

#[test]
fn the_fault_state_remembers_the_atomic_state_and_returns_into_the_tree() {
    let model = model();
    let (config, _) = walk(
        &model,
        Config::start(&model, &model.starts[0]),
        &["Pay", "Fault"],
    );
    assert_eq!(config.state(&model), state(&model, "Faulted"));
    assert_eq!(config.history, Some(vec![state(&model, "Picking")]));
    let (back, steps) = walk(&model, config, &["Resolve"]);
    assert_eq!(back.state(&model), state(&model, "Picking"));
    assert_eq!(state_names(&model, &steps[0].exits), ["Faulted"]);
    assert_eq!(
        state_names(&model, &steps[0].entries),
        ["Open", "Packing", "Picking"]
    );
    assert_eq!(
        steps[0].restarts,
        [timer(&model, "Expiry"), timer(&model, "Slow")]
    );
}

#[test]
fn machine_run_and_paths_walk_the_tree() {
    let script = "Pay, Box, Cancel, Hold, Restart, Fault, Resolve, Reopen, Pay, +1d, +6d";
    let (code, out, err) = machine(&["run", SPEC, "--events", script]);
    assert_eq!(code, 1, "Hold is refused in Boxing: {err}");
    insta::assert_snapshot!("run-nested", out);
    let (code, out, err) = machine(&["paths", SPEC]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("states reached") && !out.contains("unreachable"),
        "every state, compound ones too, is reached:\n{out}"
    );
    insta::assert_snapshot!("paths-nested", out);
}

#[test]
fn every_output_reads_the_tree() {
    // The generated Rust (held to the interpreter by tests/differential, its API used in
    // tests/ui/pass/nested.rs, linted in tests/strict-user).
    let (code, rust, err) = machine(&["gen", SPEC]);
    assert_eq!(code, 0, "{err}");
    assert!(
        rust.contains("pub const fn is_in(self, state: State) -> bool"),
        "{rust}"
    );
    // The TypeScript module and the simulator page run the tree (the JavaScript runtime is
    // held to the interpreter on the nested specs by tests/differential).
    let (code, module, err) = machine(&["gen", "--lang", "typescript", SPEC]);
    assert_eq!(code, 0, "{err}");
    assert!(module.contains("export function isIn("), "{module}");
    let (code, page, err) = machine(&["sim", SPEC]);
    assert_eq!(code, 0, "{err}");
    assert!(
        page.contains(r#"id="sim-copy-test""#),
        "a Rust test to copy: {err}"
    );
    // Both exports read the tree (replayed in XState and python-statemachine by the engines
    // test).
    let (code, xstate, err) = machine(&["export", "--format", "xstate", SPEC]);
    assert_eq!(code, 0, "{err}");
    assert!(
        xstate.contains(r##""target": "#NestedOrder.(lifecycle).Open.Packing""##),
        "{xstate}"
    );
    assert!(xstate.contains(r#""history": "deep""#), "{xstate}");
    let (code, scxml, err) = machine(&["export", "--format", "scxml", SPEC]);
    assert_eq!(code, 0, "{err}");
    assert!(
        scxml.contains(
            "<state id=\"Packing\" m:name=\"Packing\" m:wire=\"Packing\" initial=\"Picking\">"
        ),
        "{scxml}"
    );
    assert!(scxml.contains("type=\"deep\""), "{scxml}");
    let (code, _, err) = machine(&["check", SPEC]);
    assert_eq!(code, 0, "check reads the tree:\n{err}");
}

#[test]
fn diagrams_and_tables_draw_the_tree() {
    // DOT: a cluster per compound state, its label on the cluster, its edges from the border.
    let (code, dot, err) = machine(&["dot", SPEC]);
    assert_eq!(code, 0, "{err}");
    assert!(dot.contains("compound=true"), "{dot}");
    assert!(dot.contains("subgraph \"cluster_Open\""), "{dot}");
    assert!(dot.contains("ltail=\"cluster_Open\""), "{dot}");
    insta::assert_snapshot!("dot-nested", dot);
    // Mermaid: composite states with their initial state.
    let (code, mermaid, err) = machine(&["mermaid", SPEC]);
    assert_eq!(code, 0, "{err}");
    assert!(
        mermaid.contains("as Open {\n        [*] --> Pending\n"),
        "{mermaid}"
    );
    insta::assert_snapshot!("mermaid-nested", mermaid);
    // The state table says where each state is.
    let (code, table, err) = machine(&["table", SPEC]);
    assert_eq!(code, 0, "{err}");
    assert!(table.contains("| `Picking` | `Packing` |"), "{table}");
    insta::assert_snapshot!("table-nested", table);
}

#[test]
fn a_transition_to_the_compound_state_around_its_source_leaves_and_enters_it() {
    // As SCXML: the domain is strictly around both the source and the target, so going from
    // `Inner` to `Outer` (around it) leaves `Outer` and enters it again (found by the SCXML
    // oracle on a generated spec).
    let text = "machine: T\ninitial: Outer\nstates:\n  Outer:\n    entry: [a0]\n    exit: [a2]\n    initial: Inner\n    states:\n      Inner: {}\n  Done: { final: true }\nevents: { Up: {}, Finish: {} }\nactions: { a0: {}, a1: {}, a2: {} }\ntransitions:\n  - { from: Inner, on: Up, to: Outer, actions: [a1] }\n  - { from: Outer, on: Finish, to: Done }\n";
    let compiled = compile(&SourceFile::new("up.yaml", text.to_owned()));
    let model = compiled.model.expect("a valid spec");
    let (after, steps) = walk(&model, Config::start(&model, &model.starts[0]), &["Up"]);
    assert_eq!(after.state(&model), state(&model, "Inner"));
    assert_eq!(state_names(&model, &steps[0].exits), ["Inner", "Outer"]);
    assert_eq!(state_names(&model, &steps[0].entries), ["Outer", "Inner"]);
    assert_eq!(action_names(&model, &steps[0]), ["a2", "a1", "a0"]);
}
