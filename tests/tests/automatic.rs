//! Completion and eventless transitions (rules S20 and S21) in the interpreter, with the
//! values expected: the order of automatic steps, completions dropped, the bound, and what an
//! input's automatic steps do to the clocks.

use machine_core::model::{GuardId, Model};
use machine_core::semantics::{self, Clocks, Config, Refusal, Step};
use machine_tests::{event, guard, state};

/// The states each step of an input went to, the input's own first.
fn route<'m>(model: &'m Model, step: &Step) -> Vec<&'m str> {
    std::iter::once(step)
        .chain(&step.then)
        .map(|s| model.state(s.to).name.spec.as_str())
        .collect()
}

/// `names` hold; every other guard does not.
fn holding(model: &Model, names: &[&str]) -> impl FnMut(GuardId) -> bool {
    let holds: Vec<GuardId> = names.iter().map(|n| guard(model, n)).collect();
    move |g| holds.contains(&g)
}

#[test]
fn an_input_settles_through_eventless_transitions_and_completions_in_order() {
    let model = machine_tests::model("spec/samples/check-run.yaml");
    let mut config = Config::start(&model, &model.starts[0]);
    let (next, step) = semantics::step(
        &model,
        config,
        event(&model, "Pick"),
        &mut holding(&model, &[]),
    )
    .expect("Pick is accepted");
    // The eventless choice in `Picked` starts the job: down to its initial state.
    assert_eq!(route(&model, &step), ["Picked", "SettingUp"]);
    assert_eq!(next.state(&model), state(&model, "SettingUp"));
    config = next;
    for name in ["RunnerReady", "StepsDone"] {
        config = semantics::step(&model, config, event(&model, name), &mut |_| false)
            .expect("accepted")
            .0;
    }
    // The last step completes `InProgress`: its first completion whose guards hold fires.
    let (next, step) = semantics::step(
        &model,
        config,
        event(&model, "CleanedUp"),
        &mut holding(&model, &["neutral_exit"]),
    )
    .expect("CleanedUp is accepted");
    assert_eq!(route(&model, &step), ["Finished", "Neutral"]);
    let names = |list: Vec<machine_core::model::ActionId>| -> Vec<String> {
        list.iter()
            .map(|&a| model.action(a).name.spec.clone())
            .collect()
    };
    // Leaving `InProgress` and entering `Completed` run in the automatic step.
    assert!(names(semantics::actions(&model, &step)).is_empty());
    assert_eq!(
        names(semantics::input_actions(&model, &step)),
        ["release_runner", "send_webhook"]
    );
    assert_eq!(next.state(&model), state(&model, "Neutral"));
}

#[test]
fn a_completion_of_a_state_the_machine_left_first_is_dropped() {
    // `Review` completes in `Decided`, but nothing leaves it before; `Review`'s eventless
    // transition (fraud) is tried before its completion and leaves it: the completion is
    // dropped, the machine settles in `Cancelled`.
    let model = machine_tests::model("tests/fixtures/nested/automatic.yaml");
    let queued = Config::at(state(&model, "Looking"));
    let (next, step) = semantics::step(
        &model,
        queued,
        event(&model, "Accept"),
        &mut holding(&model, &["fraud"]),
    )
    .expect("Accept is accepted");
    assert_eq!(route(&model, &step), ["Decided", "Cancelled"]);
    assert_eq!(next.state(&model), state(&model, "Cancelled"));
    // Without fraud, the completion fires.
    let (_, step) = semantics::step(
        &model,
        Config::at(state(&model, "Looking")),
        event(&model, "Accept"),
        &mut holding(&model, &[]),
    )
    .expect("Accept is accepted");
    assert_eq!(route(&model, &step), ["Decided", "Confirmed"]);
}

#[test]
fn answers_that_flip_at_every_question_reach_the_bound_and_the_input_is_refused() {
    let model = machine_tests::model("tests/fixtures/semantics/flip.yaml");
    assert_eq!(semantics::settle_bound(&model), 5);
    let start = Config::start(&model, &model.starts[0]);
    // The same answers settle at once: `up` holds, so A -> B, and B's `!up` fails there.
    let (next, step) = semantics::step(&model, start.clone(), event(&model, "Go"), &mut |_| true)
        .expect("Go is accepted");
    assert_eq!(route(&model, &step), ["A", "B"]);
    assert_eq!(next.state(&model), state(&model, "B"));
    // Answers that flip go round: refused at the bound, the machine where it was.
    let mut up = false;
    let mut flipping = |_| {
        up = !up;
        up
    };
    let refused = semantics::step(&model, start, event(&model, "Go"), &mut flipping);
    assert_eq!(refused, Err(Refusal::Unsettled));
    assert_eq!(
        machine_core::words::refusal(&model, &Refusal::Unsettled),
        "its automatic transitions do not settle: the machine loops"
    );
}

#[test]
fn the_automatic_steps_of_an_input_share_its_step_number_and_restart_clocks_in_turn() {
    let model = machine_tests::model("spec/samples/check-run.yaml");
    let start = Config::start(&model, &model.starts[0]);
    let mut clocks = Clocks::new(&model, &start);
    let (_, step) = semantics::step(&model, start, event(&model, "Pick"), &mut |_| false)
        .expect("Pick is accepted");
    clocks.apply(&model, &step);
    // One input, one step; `JobTimeout` started by the eventless step into `InProgress`.
    assert_eq!(clocks.steps(), 1);
    let running: Vec<(String, u64)> = clocks
        .running()
        .iter()
        .map(|r| (model.timer(r.timer).name.spec.clone(), r.since_step))
        .collect();
    assert_eq!(running, [("JobTimeout".to_owned(), 1)]);
}
