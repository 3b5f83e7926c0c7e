//! The interpreter (`machine_core::semantics`) rule by rule on small specs, and `machine run`
//! as a user sees it. The differential tests (`tests/differential`) hold the generated code
//! to the same rules.

use std::fmt::Write as _;

use machine_core::model::{GuardId, Model, TimerId};
use machine_core::semantics::{self, Cause, Clocks, Config, Input, Refusal};
use machine_core::{SourceFile, compile};
use machine_tests::{event, guard, machine, state, workspace};

fn model_of(name: &str, text: &str) -> Model {
    let compiled = compile(&SourceFile::new(name, text.to_owned()));
    assert!(
        !compiled.has_errors(),
        "{name} has errors: {:#?}",
        compiled.diagnostics
    );
    compiled.model.expect("no errors means a model")
}

fn job() -> Model {
    let path = workspace().join("spec/import-export/job.yaml");
    model_of(
        "spec/import-export/job.yaml",
        &std::fs::read_to_string(path).expect("the job spec"),
    )
}

/// Applies `input` with every guard in `failing` failing; returns the outcome and the guards
/// asked, in order.
fn apply(
    model: &Model,
    config: &Config,
    input: Input,
    failing: &[&str],
) -> (Result<(Config, semantics::Step), Refusal>, Vec<String>) {
    let failing: Vec<GuardId> = failing.iter().map(|g| guard(model, g)).collect();
    let mut asked = Vec::new();
    let mut answer = |g: GuardId| {
        asked.push(model.guard(g).name.spec.clone());
        !failing.contains(&g)
    };
    let outcome = semantics::step(model, config.clone(), input, &mut answer);
    (outcome, asked)
}

#[test]
fn s3_guards_are_asked_in_order_and_the_fallback_fires_when_one_fails() {
    let model = job();
    let packaging = Config::at(state(&model, "Packaging"));
    let shipped = event(&model, "DrivesShippedBack");
    let (ok, asked) = apply(&model, &packaging, shipped, &[]);
    assert_eq!(
        ok.expect("accepted").0.state(&model),
        state(&model, "Completed")
    );
    assert_eq!(asked, ["no_errors"]);
    let (fallback, _) = apply(&model, &packaging, shipped, &["no_errors"]);
    assert_eq!(
        fallback.expect("accepted").0.state(&model),
        state(&model, "Closed")
    );

    let creating = Config::at(state(&model, "Creating"));
    let mark = event(&model, "MarkShipping");
    let (refused, asked) = apply(&model, &creating, mark, &["delivery_package_set"]);
    assert_eq!(
        refused.expect_err("no fallback"),
        Refusal::GuardFailed(guard(&model, "delivery_package_set"))
    );
    assert_eq!(
        asked,
        ["delivery_package_set"],
        "asking stops at the first failure"
    );
    let (refused, asked) = apply(&model, &creating, mark, &["return_address_set"]);
    assert_eq!(
        refused.expect_err("no fallback"),
        Refusal::GuardFailed(guard(&model, "return_address_set"))
    );
    assert_eq!(asked, ["delivery_package_set", "return_address_set"]);
    let (refused, asked) = apply(&model, &creating, event(&model, "AllDrivesProcessed"), &[]);
    assert_eq!(refused.expect_err("no transition"), Refusal::NoTransition);
    assert!(asked.is_empty());
}

#[test]
fn s4_s6_self_transitions_restart_clocks_and_internal_ones_do_not() {
    let model = job();
    let creating = Config::at(state(&model, "Creating"));
    let (ok, _) = apply(&model, &creating, event(&model, "UpdateJobProperties"), &[]);
    let (next, step) = ok.expect("a self-transition");
    assert_eq!(next.state(&model), creating.state(&model));
    assert!(step.entered);
    assert_eq!(step.restarts, [TimerId(0)]);
    let (ok, _) = apply(&model, &creating, event(&model, "Cancel"), &[]);
    let (next, step) = ok.expect("an internal transition");
    assert_eq!(next.state(&model), creating.state(&model));
    assert!(!step.entered);
    assert!(step.restarts.is_empty(), "Cancel is not in reset_by");
}

#[test]
fn s5_s8_the_fault_state_remembers_where_it_came_from() {
    let model = job();
    let shipping = Config::at(state(&model, "Shipping"));
    let (ok, _) = apply(&model, &shipping, event(&model, "Fault"), &[]);
    let (faulted, _) = ok.expect("the fault entry");
    assert_eq!(faulted.history, Some(shipping.atoms.clone()));
    let (ok, _) = apply(&model, &faulted, event(&model, "Resolve"), &[]);
    let (back, step) = ok.expect("the return to history");
    assert_eq!(back, shipping);
    assert!(matches!(step.cause, Cause::Transition(_)));

    let unknown = Config::at(state(&model, "Faulted"));
    let (refused, _) = apply(&model, &unknown, event(&model, "Resolve"), &[]);
    assert_eq!(
        refused.expect_err("unknown history"),
        Refusal::UnknownHistory
    );
    let to = state(&model, "Received");
    let (refused, _) = apply(&model, &faulted, Input::ResumeTo(to), &[]);
    assert_eq!(
        refused.expect_err("not allowed"),
        Refusal::CannotResumeTo(to)
    );
    let (refused, _) = apply(&model, &shipping, Input::ResumeTo(to), &[]);
    assert_eq!(
        refused.expect_err("not faulted"),
        Refusal::CannotResumeTo(to)
    );
    assert_eq!(
        Config::faulted(&model, state(&model, "Completed")),
        None,
        "a final state cannot fault"
    );
}

const TIMERS: &str = "
machine: Timers
initial: A
states:
  A:
    timeouts:
      - { after: 1h, notify: First. }
      - { after: 1h, to: B }
  B:
    timeouts:
      - { after: 3h, notify: Poke. , reset_by: [Poke] }
      - { after: 1d, end: Deleted. }
  C:
    final: true
events:
  Poke: {}
  Finish: {}
transitions:
  - { from: B, on: Poke, internal: true }
  - { from: B, on: Finish, to: C }
";

#[test]
fn s7_s9_s10_timeouts_expire_in_order_and_the_end_is_final() {
    let model = model_of("timers.yaml", TIMERS);
    let a = state(&model, "A");
    let b = state(&model, "B");
    let mut config = Config::at(a);
    let mut clocks = Clocks::new(&model, &config);
    let mut fired = Vec::new();
    while let Some(timer) = clocks.next_due(&model, 2 * 3_600) {
        let (next, step) =
            semantics::step(&model, config.clone(), Input::Expire(timer), &mut |_| true)
                .expect("due");
        fired.push((
            clocks.now(),
            model.state(step.from).name.spec.clone(),
            timer.index(),
        ));
        clocks.apply(&model, &step);
        config = next;
    }
    assert_eq!(
        fired,
        [(3_600, "A".to_owned(), 0), (3_600, "A".to_owned(), 1)],
        "same instant: spec order, and the notify does not repeat"
    );
    assert_eq!(config.state(&model), b);

    // An internal Poke restarts the 3h clock but not the 1d one.
    let poke = event(&model, "Poke");
    let (after_poke, step) =
        semantics::step(&model, config.clone(), poke, &mut |_| true).expect("internal");
    assert_eq!(step.restarts, [TimerId(2)]);
    let (ended, step) =
        semantics::step(&model, after_poke, Input::Expire(TimerId(3)), &mut |_| true)
            .expect("the end");
    assert!(ended.ended && !step.entered);
    assert_eq!(
        semantics::step(&model, ended, poke, &mut |_| true).expect_err("over"),
        Refusal::Ended
    );
    assert_eq!(
        semantics::step(
            &model,
            config.clone(),
            Input::Expire(TimerId(0)),
            &mut |_| true
        )
        .expect_err("A's timer, not B's"),
        Refusal::NoTimeout
    );
    assert_eq!(
        semantics::step(
            &model,
            config.clone(),
            Input::Expire(TimerId(7)),
            &mut |_| true
        )
        .expect_err("no such"),
        Refusal::NoTimeout
    );
}

fn loan() -> Model {
    let path = workspace().join("spec/samples/loan.yaml");
    model_of(
        "spec/samples/loan.yaml",
        &std::fs::read_to_string(path).expect("the loan spec"),
    )
}

/// Rule S15: `!name` passes when the guard does not hold; the guard is asked all the same,
/// and a failing negated test is the refusal `GuardHolds` (rule S3: the first candidate's
/// first failure).
#[test]
fn s15_a_negated_guard_passes_when_its_guard_does_not_hold() {
    let model = loan();
    let (on_loan, available, repair) = (
        Config::at(state(&model, "OnLoan")),
        Config::at(state(&model, "Available")),
        state(&model, "Repair"),
    );
    let ret = event(&model, "Return");
    let (damaged, asked) = apply(&model, &on_loan, ret, &["undamaged"]);
    assert_eq!(damaged.expect("accepted").0.state(&model), repair);
    assert_eq!(asked, ["undamaged", "undamaged"], "each candidate asks it");
    let (fine, asked) = apply(&model, &on_loan, ret, &[]);
    assert_eq!(
        fine.expect("accepted").0.state(&model),
        available.state(&model)
    );
    assert_eq!(asked, ["undamaged"]);

    let borrow = event(&model, "Borrow");
    let (refused, asked) = apply(&model, &available, borrow, &[]);
    assert_eq!(
        refused.expect_err("fines are owed"),
        Refusal::GuardHolds(guard(&model, "owes_fines"))
    );
    assert_eq!(asked, ["owes_fines"]);
    let (lent, _) = apply(&model, &available, borrow, &["owes_fines"]);
    assert_eq!(
        lent.expect("accepted").0.state(&model),
        on_loan.state(&model)
    );

    let renew = event(&model, "Renew");
    let (refused, asked) = apply(&model, &on_loan, renew, &["reserved"]);
    assert_eq!(
        refused.expect_err("owes fines"),
        Refusal::GuardHolds(guard(&model, "owes_fines")),
        "`!reserved` passes, `!owes_fines` fails"
    );
    assert_eq!(asked, ["reserved", "owes_fines"]);
}

/// Rules S7 and S15 on a timer: a timeout's `"!name"` passes when the guard does not hold;
/// when it holds the expiry is refused with `GuardHolds` and the timer stops until its clock
/// starts again, as for a guard that does not hold.
#[test]
fn s7_s15_a_negated_timeout_guard_refuses_when_its_guard_holds() {
    let path = workspace().join("tests/fixtures/good/negated-guards.yaml");
    let model = model_of(
        "tests/fixtures/good/negated-guards.yaml",
        &std::fs::read_to_string(path).expect("the fixture"),
    );
    let (active, locked) = (state(&model, "Active"), state(&model, "Locked"));
    let idle = model.timers_in(active).next().expect("Active's timeout").0;
    let expire = Input::Expire(idle);
    let (expired, asked) = apply(&model, &Config::at(active), expire, &["pinned"]);
    assert_eq!(
        expired.expect("not pinned").0.state(&model),
        state(&model, "Expired")
    );
    assert_eq!(asked, ["pinned"]);
    let (refused, asked) = apply(&model, &Config::at(active), expire, &[]);
    assert_eq!(
        refused.expect_err("pinned"),
        Refusal::GuardHolds(guard(&model, "pinned"))
    );
    assert_eq!(asked, ["pinned"]);
    let mut clocks = Clocks::new(&model, &Config::at(active));
    clocks.refused(idle);
    assert_eq!(
        clocks.next_due(&model, 3_600),
        None,
        "the refused timer stopped"
    );

    // `[audited, "!pinned"]`: asked in order, the first failing test is the refusal.
    let night = model.timers_in(locked).next().expect("Locked's timeout").0;
    let (refused, asked) = apply(
        &model,
        &Config::at(locked),
        Input::Expire(night),
        &["audited"],
    );
    assert_eq!(
        refused.expect_err("not audited"),
        Refusal::GuardFailed(guard(&model, "audited"))
    );
    assert_eq!(asked, ["audited"]);
    let (refused, asked) = apply(&model, &Config::at(locked), Input::Expire(night), &[]);
    assert_eq!(
        refused.expect_err("pinned"),
        Refusal::GuardHolds(guard(&model, "pinned"))
    );
    assert_eq!(asked, ["audited", "pinned"]);
    let (ended, _) = apply(
        &model,
        &Config::at(locked),
        Input::Expire(night),
        &["pinned"],
    );
    assert!(ended.expect("audited, not pinned").0.ended);
}

/// `machine run` with negated guards: a refusal by one says the guard holds, a guard that
/// two candidates ask is named once, a resolution outside the fault state says so, and a
/// wait in which nothing expires has its line, so the numbers follow the script.
#[test]
fn machine_run_with_negated_guards_and_resolutions() {
    let (code, out, err) = machine(&[
        "run",
        "spec/samples/loan.yaml",
        "--duration",
        "loan_period=21d",
        "--events",
        "Catalogued, Borrow, Borrow[!owes_fines], +7d, Return[!undamaged], resume(Available), \
         Flag, resume(OnLoan), Clear",
    ]);
    assert_eq!((code, err.as_str()), (1, ""), "inputs are refused");
    assert!(
        out.contains("refused in Available: guard `owes_fines` holds"),
        "{out}"
    );
    assert!(
        out.contains("Return[!undamaged] ") && !out.contains("!undamaged, !undamaged"),
        "{out}"
    );
    assert!(
        out.contains("refused in Repair: not in the fault state (`Suspended`)"),
        "{out}"
    );
    assert!(
        out.contains("refused in Suspended: it cannot resume to `OnLoan`"),
        "{out}"
    );
    let numbers: Vec<&str> = out
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| n.parse::<usize>().is_ok())
        .collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    insta::assert_snapshot!("run-loan", out);
}

#[test]
fn machine_run_prints_every_step() {
    let (code, out, err) = machine(&[
        "run",
        "spec/import-export/job.yaml",
        "--events",
        "UpdateJobProperties, MarkShipping[!return_address_set], MarkShipping, +14d, Cancel, \
         Fault, Resolve, AllDrivesReceived TransferStarted AllDrivesProcessed \
         DrivesShippedBack[!no_errors] +90d Resolve",
    ]);
    assert_eq!((code, err.as_str()), (1, ""), "two inputs are refused");
    insta::assert_snapshot!("run-job", out);

    let (code, out, _) = machine(&[
        "run",
        "spec/import-export/drive.yaml",
        "--start",
        "import",
        "--events",
        "+2w Fault resume(ShippedBack) Resolve ArrivedInLaterShipment TransferStarted",
        "--format",
        "json",
    ]);
    insta::assert_snapshot!("run-drive-json", format!("exit {code}\n{out}"));
}

#[test]
fn machine_run_explains_bad_scripts() {
    let cases: [&[&str]; 5] = [
        &[
            "run",
            "spec/import-export/job.yaml",
            "--events",
            "MarkShiping",
        ],
        &[
            "run",
            "spec/import-export/job.yaml",
            "--events",
            "MarkShipping[no_error]",
        ],
        &["run", "spec/import-export/job.yaml", "--events", "+14x"],
        &[
            "run",
            "spec/import-export/job.yaml",
            "--events",
            "resume(Shiping",
        ],
        &["run", "spec/import-export/drive.yaml", "--events", "Fault"],
    ];
    let mut report = String::new();
    for args in cases {
        let (code, out, err) = machine(args);
        assert_eq!(code, 2, "{args:?} is a usage error");
        assert!(out.is_empty());
        let _ = writeln!(report, "$ machine {}\n{err}", args.join(" "));
    }
    insta::assert_snapshot!("run-errors", report);
}

/// Rule S10 with named durations: `machine run` takes each value with `--duration`, and a
/// missing, unknown or repeated one is a usage error that says how to give it.
#[test]
fn machine_run_takes_the_values_of_named_durations() {
    let spec = "tests/fixtures/good/named-durations.yaml";
    let (code, out, err) = machine(&[
        "run",
        spec,
        "--duration",
        "authorization_window=7d",
        "--duration",
        "retry_interval=1h",
        "--events",
        "+6d +1d",
    ]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(out.contains("Authorized -> Expired (timeout)"), "{out}");
    assert!(out.contains("after authorization_window"), "{out}");

    let (code, out, err) = machine(&[
        "run",
        spec,
        "--duration",
        "authorization_window=30d",
        "--duration",
        "retry_interval=1h",
        "--events",
        "Decline +3h Retry +1h",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.matches("notify: The capture is tried again.").count(),
        2,
        "once per start of the clock, and Retry restarts it:\n{out}"
    );

    let failures: [(&[&str], &str); 4] = [
        (
            &["--duration", "authorization_window=7d"],
            "the spec's named duration `retry_interval` needs a value: pass `--duration retry_interval=7d`",
        ),
        (
            &["--duration", "authorisation_window=7d"],
            "unknown duration `authorisation_window`; did you mean `authorization_window`?",
        ),
        (
            &[
                "--duration",
                "retry_interval=1h",
                "--duration",
                "retry_interval=2h",
            ],
            "duration `retry_interval` is given twice",
        ),
        (
            &["--duration", "retry_interval"],
            "`--duration retry_interval` has no value",
        ),
    ];
    for (durations, expected) in failures {
        let mut args = vec!["run", spec, "--events", "+1d"];
        args.extend_from_slice(durations);
        let (code, _, err) = machine(&args);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(expected), "{err}");
    }
}

const SPANNING: &str = "machine: Span
initial: A
states:
  A: {}
  B: {}
  C: {}
  Gone: { final: true }
  Faulted: {}
events: { Go: {}, Back: {}, Out: {}, In: {}, Poke: {}, Fault: {}, Resolve: {} }
transitions:
  - { from: A, on: Go, to: B }
  - { from: B, on: Go, to: B }
  - { from: B, on: Back, to: A }
  - { from: [A, B], on: Out, to: C }
  - { from: C, on: In, to: A }
  - { from: A, on: Poke, internal: true }
fault: { state: Faulted, on: Fault, resume: Resolve }
timers:
  - { name: T, states: [A, B], after: 1h, to: Gone, reset_by: [Poke] }
";

/// Rule S14: a spanning timer's clock starts when the machine enters its set from outside
/// (or is created there), runs on while it moves inside (a self-transition too), restarts on
/// its `reset_by` event, stops when it leaves (the fault state included), and starts again on
/// a resolution back into the set; its expiry moves the machine like a timeout's.
#[test]
fn a_spanning_timer_keeps_its_clock_inside_its_set() {
    let model = model_of("span.yaml", SPANNING);
    let timer = TimerId::from_index(0);
    assert_eq!(
        (
            model.timer(timer).is_spanning(),
            model.timer(timer).name.spec.as_str()
        ),
        (true, "T")
    );
    let mut config = Config::start(&model, &model.starts[0]);
    let mut clocks = Clocks::new(&model, &config);
    assert_eq!(clocks.due(&model, timer), Some(3600));
    let mut run = |at: u64, name: &str, restarted: bool, due: Option<u64>| {
        clocks.advance(at);
        let (next, step) =
            semantics::step(&model, config.clone(), event(&model, name), &mut |_| true)
                .unwrap_or_else(|refusal| panic!("{name} refused: {refusal:?}"));
        assert_eq!(
            step.restarts.contains(&timer),
            restarted,
            "{name} restarts T"
        );
        clocks.apply(&model, &step);
        assert_eq!(clocks.due(&model, timer), due, "T after {name} at {at}s");
        config = next;
    };
    run(1000, "Go", false, Some(3600)); // A -> B: inside the set
    run(1100, "Go", false, Some(3600)); // B -> B: a self-transition
    run(1200, "Back", false, Some(3600)); // B -> A
    run(2000, "Poke", true, Some(5600)); // reset_by, internal
    run(2500, "Fault", false, None); // leaves the set
    run(3000, "Resolve", true, Some(6600)); // back into the set from outside
    run(3100, "Out", false, None); // A -> C: leaves
    run(4000, "In", true, Some(7600)); // C -> A: enters
    assert_eq!(clocks.next_due(&model, 10_000), Some(timer));
    let (after, step) =
        semantics::step(&model, config.clone(), Input::Expire(timer), &mut |_| true)
            .expect("T runs in A");
    assert_eq!(model.state(after.state(&model)).name.spec, "Gone");
    assert!(step.entered && step.restarts.is_empty());
    let c = semantics::Config::at(state(&model, "C"));
    assert_eq!(
        semantics::step(&model, c, Input::Expire(timer), &mut |_| true),
        Err(Refusal::NoTimeout)
    );
}

/// `machine run` names a spanning timer when its clock starts and when it expires.
#[test]
fn machine_run_shows_a_spanning_timer() {
    let (code, out, err) = machine(&[
        "run",
        "tests/fixtures/good/spanning-timer.yaml",
        "--duration",
        "expires_in=15m",
        "--events",
        "+5m SlowDownRequested +5s +5m CodeReissued +20m",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("run-spanning-timer", out);
}

/// Rule S12 in `machine run`: each step lists the actions it runs, the source's `exit:`, the
/// transition's `actions:`, then the target's `entry:`, in text and in JSON; an internal
/// transition only its own. The time column grows with the longest time (`1d2h31m`), so the
/// inputs and steps stay in line.
#[test]
fn machine_run_shows_the_actions_of_each_step() {
    let script = "ActiveOpen RcvSynAck Keepalive +1d +2h +30m Close RcvFinAck +4m Abort";
    let (code, out, err) = machine(&["run", "spec/samples/tcp.yaml", "--events", script]);
    assert_eq!((code, err.as_str()), (1, ""), "Abort in Closed is refused");
    let columns: Vec<usize> = out
        .lines()
        .filter(|l| l.starts_with(' '))
        .map(|l| {
            l.find("  ActiveOpen")
                .or_else(|| l.find("  RcvSynAck"))
                .unwrap_or(0)
        })
        .collect();
    let step_column = |needle: &str| {
        out.lines()
            .find(|l| l.contains(needle))
            .and_then(|l| l.find(needle))
    };
    assert!(columns.iter().any(|&c| c > 0), "{out}");
    assert_eq!(
        step_column("Closed -> SynSent"),
        step_column("TimeWait -> Closed"),
        "the step column does not move when the time grows: {out}"
    );
    insta::assert_snapshot!("run-tcp-actions", out);
    let (_, json, _) = machine(&[
        "run",
        "spec/samples/tcp.yaml",
        "--events",
        script,
        "--format",
        "json",
    ]);
    let lines: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON lines"))
        .collect();
    assert_eq!(
        lines[1]["actions"],
        serde_json::json!(["create_tcb", "send_syn"]),
        "exit of Closed, then the transition's"
    );
    assert_eq!(
        lines[3]["actions"],
        serde_json::json!(["send_ack"]),
        "internal"
    );
    assert_eq!(
        lines[6]["actions"],
        serde_json::json!(["delete_tcb"]),
        "the timeout into Closed runs its entry (waits print no line)"
    );
    assert!(lines[7].get("actions").is_none() && lines[7]["refused"].is_string());
}

/// `--format` says what each command prints, not what `check` prints.
#[test]
fn format_help_describes_each_command_s_output() {
    for (command, says) in [
        ("check", "findings"),
        ("run", "input"),
        ("paths", "paths"),
        ("coverage", "exercised"),
    ] {
        let (code, out, _) = machine(&[command, "--help"]);
        assert_eq!(code, 0);
        let format = &out[out.find("--format").expect("a --format option")..];
        let format = &format[..format.find("[default").unwrap_or(format.len())];
        assert!(format.contains(says), "{command}: {format}");
        if command != "check" {
            assert!(!format.contains("findings"), "{command}: {format}");
        }
    }
}
