//! History states (rule S19) in the interpreter and `machine run`, on
//! `tests/fixtures/nested/history.yaml`: what each step leaves is recorded, and a transition
//! to a history state goes back there, deep or shallow, or to its default; and a timeout to
//! one (rule S7), on `tests/fixtures/nested/history-timeouts.yaml`.

use machine_core::model::{Model, StateId};
use machine_core::semantics::{self, Config, Input, Step};
use machine_tests::{machine, state};

const SPEC: &str = "tests/fixtures/nested/history.yaml";

fn model() -> Model {
    machine_tests::model(SPEC)
}

fn names<'m>(model: &'m Model, states: &[StateId]) -> Vec<&'m str> {
    states
        .iter()
        .map(|&s| model.state(s).name.spec.as_str())
        .collect()
}

/// Fires `name`; the next configuration and the step.
fn fire(model: &Model, config: &Config, name: &str) -> (Config, Step) {
    let event = model
        .event_ids()
        .find(|&e| model.event(e).name.spec == name)
        .unwrap_or_else(|| panic!("no event `{name}`"));
    semantics::step(model, config.clone(), Input::Event(event), &mut |_| true)
        .unwrap_or_else(|r| panic!("{name} refused: {r:?}"))
}

/// Fires each event of `script` from the start; the configuration after.
fn after(model: &Model, script: &[&str]) -> Config {
    let mut config = Config::start(model, &model.starts[0]);
    for name in script {
        config = fire(model, &config, name).0;
    }
    config
}

#[test]
fn leaving_a_compound_state_records_the_atomic_state_the_machine_was_in() {
    let model = model();
    // In Boxing, inside Packing inside Open: Hold leaves both, and both record Boxing.
    let held = after(&model, &["Pay", "Box", "Hold"]);
    let boxing = state(&model, "Boxing");
    assert_eq!(
        held.recorded,
        vec![
            (state(&model, "Open"), vec![boxing]),
            (state(&model, "Packing"), vec![boxing])
        ]
    );
    // A step inside Open leaves neither: nothing is recorded.
    assert!(after(&model, &["Pay", "Box"]).recorded.is_empty());
    // Leaving Open again from Pending replaces Open's record and keeps Packing's.
    let again = after(&model, &["Pay", "Box", "Hold", "Restart", "Hold"]);
    assert_eq!(
        again.recorded,
        vec![
            (state(&model, "Open"), vec![state(&model, "Picking")]),
            (state(&model, "Packing"), vec![state(&model, "Picking")]),
        ]
    );
}

#[test]
fn a_deep_history_goes_back_to_the_atomic_state() {
    let model = model();
    let held = after(&model, &["Pay", "Box", "Hold"]);
    let (next, step) = fire(&model, &held, "Release");
    assert_eq!(model.state(next.state(&model)).name.spec, "Boxing");
    assert_eq!(names(&model, &step.exits), ["OnHold"]);
    assert_eq!(names(&model, &step.entries), ["Open", "Packing", "Boxing"]);
    let actions: Vec<&str> = semantics::actions(&model, &step)
        .iter()
        .map(|&a| model.action(a).name.spec.as_str())
        .collect();
    assert_eq!(actions, ["open_ticket", "start_packing", "print_label"]);
}

#[test]
fn a_shallow_history_enters_the_state_directly_inside_anew() {
    let model = model();
    // Held in Boxing: Reopen goes back to Packing, the state directly inside Open, and
    // enters it down to its initial state, Picking.
    let held = after(&model, &["Pay", "Box", "Hold"]);
    let (next, step) = fire(&model, &held, "Restart");
    assert_eq!(model.state(next.state(&model)).name.spec, "Picking");
    assert_eq!(names(&model, &step.entries), ["Open", "Packing", "Picking"]);
    // Held in Pending: back to Pending.
    let held = after(&model, &["Hold"]);
    assert_eq!(
        model
            .state(fire(&model, &held, "Restart").0.state(&model))
            .name
            .spec,
        "Pending"
    );
}

#[test]
fn with_nothing_recorded_a_history_goes_to_its_default() {
    let model = model();
    // A machine created in OnHold (a status poll) remembers nothing: Reopen's default is
    // Packing, entered down to Picking; Resume has no default, so Open's initial, Pending.
    let polled = Config::polled(&model, state(&model, "OnHold"));
    let (reopened, _) = fire(&model, &polled, "Restart");
    assert_eq!(model.state(reopened.state(&model)).name.spec, "Picking");
    let (resumed, _) = fire(&model, &polled, "Release");
    assert_eq!(model.state(resumed.state(&model)).name.spec, "Pending");
}

#[test]
fn a_transition_to_the_history_of_a_state_it_stays_inside_reads_the_last_record() {
    let model = model();
    // Unbox, from Boxing to Packing's history: the step stays inside Packing (its domain),
    // so it records nothing, and Packing's record is from the last time it was left, in
    // Picking.
    let boxing = after(&model, &["Pay", "Hold", "Restart", "Box"]);
    let (next, step) = fire(&model, &boxing, "Unbox");
    assert_eq!(model.state(next.state(&model)).name.spec, "Picking");
    assert_eq!(names(&model, &step.exits), ["Boxing"]);
    assert_eq!(names(&model, &step.entries), ["Picking"]);
    // From Open to its own history: it leaves Open, records where it was, and comes back.
    let (next, step) = fire(&model, &boxing, "Refresh");
    assert_eq!(model.state(next.state(&model)).name.spec, "Boxing");
    assert_eq!(names(&model, &step.exits), ["Boxing", "Packing", "Open"]);
    assert_eq!(names(&model, &step.entries), ["Open", "Packing", "Boxing"]);
}

#[test]
fn machine_run_says_which_history_a_step_went_back_by() {
    let (code, out, err) = machine(&[
        "run",
        SPEC,
        "--events",
        "Pay, Box, Hold, Release, Hold, Restart",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

/// The spec whose timeouts go to history states (rules S7 and S19).
const TIMEOUTS: &str = "tests/fixtures/nested/history-timeouts.yaml";

/// Lets timer `name` expire in `config`; the next configuration and the step.
fn expire(model: &Model, config: &Config, name: &str) -> (Config, Step) {
    let timer = model
        .timers_with_ids()
        .find_map(|(id, t)| (t.name.spec == name).then_some(id))
        .unwrap_or_else(|| panic!("no timer `{name}`"));
    semantics::step(model, config.clone(), Input::Expire(timer), &mut |_| true)
        .unwrap_or_else(|r| panic!("{name} refused: {r:?}"))
}

#[test]
fn a_timeout_to_a_history_state_goes_back_where_the_machine_was() {
    let model = machine_tests::model(TIMEOUTS);
    // Paused while paying: `Active` and `Checkout` are left, `Active` records `Paying`.
    let mut config = Config::start(&model, &model.starts[0]);
    for name in ["Buy", "Pay", "Pause"] {
        config = fire(&model, &config, name).0;
    }
    let dimmed = config.clone();
    assert_eq!(config.state(&model), state(&model, "Dimmed"));
    let asleep = expire(&model, &config, "Sleep").0;
    // After a night asleep, `Wake` goes by the shallow history: `Checkout` entered anew.
    let (woken, step) = expire(&model, &asleep, "Wake");
    assert_eq!(woken.state(&model), state(&model, "Cart"));
    assert_eq!(names(&model, &step.exits), ["Asleep"]);
    assert_eq!(names(&model, &step.entries), ["Active", "Checkout", "Cart"]);
    let actions: Vec<&str> = semantics::actions(&model, &step)
        .iter()
        .map(|&a| model.action(a).name.spec.as_str())
        .collect();
    assert_eq!(actions, ["wake_screen", "lock_prices"]);
    // A touch while dimmed goes by the deep one, back to `Paying` itself.
    let (back, _) = fire(&model, &dimmed, "Touch");
    assert_eq!(back.state(&model), state(&model, "Paying"));
    // From `Paying`, two levels inside `Active`, the deep history's domain is `Active`: the
    // step leaves `Paying` and `Checkout` (recording nothing for `Active`, which stays) and
    // reads what `Active` recorded when it was paused: `Paying` again.
    let (again, step) = expire(&model, &back, "Retry");
    assert_eq!(again.state(&model), state(&model, "Paying"));
    assert_eq!(names(&model, &step.exits), ["Paying", "Checkout"]);
    assert_eq!(names(&model, &step.entries), ["Checkout", "Paying"]);
}

#[test]
fn with_nothing_recorded_a_timeout_to_a_history_state_goes_to_its_default() {
    let model = machine_tests::model(TIMEOUTS);
    let mut config = Config::start(&model, &model.starts[0]);
    for name in ["Buy", "Pay"] {
        config = fire(&model, &config, name).0;
    }
    // `Active` was never left: `Back` goes to its default, `Active`'s initial state.
    let (next, step) = expire(&model, &config, "Retry");
    assert_eq!(next.state(&model), state(&model, "Browsing"));
    assert_eq!(names(&model, &step.exits), ["Paying", "Checkout"]);
    assert_eq!(names(&model, &step.entries), ["Browsing"]);
}
