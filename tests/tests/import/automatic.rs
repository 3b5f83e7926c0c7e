//! Rules S20 and S21 through SCXML: a foreign chart's `<final>` inside a state, eventless
//! transitions and `done.state.ID` transitions become a spec's final child, `always: true`
//! and `done: true`, and the spec runs as SCXML does; what a spec's triggers cannot carry is
//! refused, located; a nested final state with timeouts (whose expiries the export writes on
//! its parent) round trips.

use machine_export::import;
use machine_tests::machine;

use super::{refused_at, round_trip};

/// A card payment as another SCXML tool would write it: the payment completes `checkout`
/// (`<final>` inside it), `validating` moves at once (eventless), and the completion asks a
/// condition.
const CHECKOUT: &str = r#"<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" initial="checkout">
  <state id="checkout" initial="entering">
    <transition event="done.state.checkout" cond="risky" target="review"/>
    <transition event="done.state.checkout" target="confirmed"/>
    <state id="entering">
      <transition event="submit" target="validating"/>
    </state>
    <state id="validating">
      <transition cond="card_valid" target="paid"/>
      <transition target="entering"><log label="show error"/></transition>
    </state>
    <final id="paid"><onentry><log label="print receipt"/></onentry></final>
  </state>
  <state id="review">
    <transition event="approve" target="confirmed"/>
  </state>
  <final id="confirmed"/>
</scxml>
"#;

#[test]
fn a_foreign_charts_completions_and_eventless_transitions_are_carried() {
    let source = machine_core::SourceFile::new("checkout.scxml", CHECKOUT);
    let spec = import::scxml(&source).unwrap_or_else(|e| panic!("{e:?}"));
    for written in [
        "      Paid:\n        wire: \"paid\"\n        final: true\n",
        "{ from: Checkout, done: true, to: Review, guard: \"risky\" }",
        "{ from: Checkout, done: true, to: Confirmed }",
        "{ from: Validating, always: true, to: Paid, guard: \"card_valid\" }",
        "{ from: Validating, always: true, to: Entering, actions: [show_error] }",
    ] {
        assert!(spec.contains(written), "{written}:\n{spec}");
    }
    let path = std::env::temp_dir().join(format!("machine-checkout-{}.yaml", std::process::id()));
    std::fs::write(&path, &spec).expect("a scratch file");
    let path = path.to_string_lossy().into_owned();
    let (code, _, err) = machine(&["check", "--deny-warnings", &path]);
    assert_eq!(code, 0, "{err}\n{spec}");
    // As SCXML runs it: an invalid card goes back to `entering` at once; a valid one is
    // paid, which completes `checkout`, which goes to `review` when risky.
    super::runs_to(
        &path,
        &[
            ("Submit[!card_valid]", "Entering"),
            ("Submit[card_valid, !risky]", "Confirmed"),
            ("Submit[card_valid, risky], Approve", "Confirmed"),
            ("Submit[card_valid, risky]", "Review"),
        ],
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn triggers_a_spec_cannot_carry_are_refused_located() {
    let chart = |inside: &str| {
        format!(
            "<scxml xmlns=\"http://www.w3.org/2005/07/scxml\" version=\"1.0\" initial=\"p\">\n\
             <state id=\"p\">\n{inside}\n<state id=\"a\"><transition event=\"go\" target=\"f\"/></state>\n\
             <final id=\"f\"/>\n</state>\n<final id=\"z\"/>\n</scxml>"
        )
    };
    for (text, at, what) in [
        (
            chart("<transition type=\"internal\" cond=\"ready\"/>"),
            "3:1",
            "an eventless transition without a target",
        ),
        (
            chart("<transition cond=\"ready\"><log label=\"tick\"/></transition>"),
            "3:1",
            "an eventless transition without a target",
        ),
        (
            chart("<state id=\"q\"><transition event=\"done.state.p\" target=\"z\"/></state>"),
            "3:15",
            "a transition on `done.state.p` written on `q`",
        ),
        (
            chart("<transition event=\"done.state.p go\" target=\"z\"/>"),
            "3:1",
            "a transition on `done.state.p` and other events at once",
        ),
        (
            chart("<transition event=\"done.invoke.payment\" target=\"z\"/>"),
            "3:1",
            "the end of an invoked service",
        ),
        (
            chart("<transition event=\"error.execution\" target=\"z\"/>"),
            "3:1",
            "a transition on a wildcard, `done.*` or `error.*` event",
        ),
        (
            chart("").replace(
                "<final id=\"f\"/>",
                "<final id=\"f\"><donedata><param name=\"x\" expr=\"1\"/></donedata></final>",
            ),
            "5:15",
            "a `<donedata>`",
        ),
        (
            chart("").replace(
                "<final id=\"z\"/>",
                "<state id=\"y\"><transition event=\"done.state.y\" target=\"p\"/></state>",
            ),
            "7:15",
            "`y` has no `<final>` directly inside it, so `done.state.y` never comes",
        ),
        (
            chart("<transition event=\"done.state.p\" target=\"z\"/>")
                .replace("<final id=\"z\"/>", "<final id=\"z\"/><state id=\"p.x\"/>"),
            "3:1",
            "`done.state.p` also names the completion of `p.x`",
        ),
    ] {
        refused_at(&text, at, what);
    }
}

/// A final state inside a compound state with timeouts: a `<final>` holds no transition, so
/// the export writes their expiries on its parent, and the import reads them back as the
/// final state's.
#[test]
fn a_nested_final_states_timeouts_round_trip() {
    let yaml = "machine: Timed\ninitial: Open\nstates:\n  Open:\n    initial: A\n    states:\n      \
                A: {}\n      F:\n        final: true\n        entry: [arrived]\n        \
                timeouts:\n          - { after: 5m, notify: support, actions: [nudge] }\n  \
                Closed: { final: true }\nevents: { Go: {} }\nactions: { arrived: {}, nudge: {} }\n\
                transitions:\n  - { from: A, on: Go, to: F }\n  - { from: Open, done: true, guard: \
                later, internal: true }\n  - { from: Open, on: Go, to: Closed }\nguards: { later: {} }\n";
    let model = machine_core::compile(&machine_core::SourceFile::new("timed.yaml", yaml))
        .model
        .expect("a good spec");
    let document = machine_export::scxml::render(&model);
    // The expiry is `Open`'s `<transition>`, after its own.
    let open = document.find("<state id=\"Open\"").unwrap_or(usize::MAX);
    let expiry = document
        .find("<transition event=\"timeout.F\"")
        .unwrap_or(0);
    let final_state = document.find("<final id=\"F\"").unwrap_or(0);
    assert!(open < expiry && expiry < final_state, "{document}");
    round_trip("timed.yaml", yaml).expect("the spec can be exported");
}
