//! Every key of the spec language is compared: each is changed in turn in a spec that writes
//! them all, and the diff must report the change (or it is listed with the reason it makes no
//! difference).

use std::fmt::Write as _;

use machine_diff as diff;
use machine_tests::workspace;

use super::{edited_text, version};

/// The spec that writes every key of the spec language, for [`every_key_is_compared`].
const EVERY_KEY: &str = "tests/fixtures/diff/every-key.yaml";

/// One change of [`EVERY_KEY`]: the keys it changes (`Def.key` as the JSON Schema names
/// them: `Spec.wire_case`, `StateDef.wire`), what it does, and the edits that make it.
type Mutation = (
    &'static [&'static str],
    &'static str,
    &'static [(&'static str, &'static str)],
);

const POKE: (&str, &str) = ("  Resolve: {}\n", "  Resolve: {}\n  Poke: {}\n");

/// A change of every key the loader reads, each changing what the machine does, its wire
/// strings or its generated API: the diff must report every one.
const MUTATIONS: &[Mutation] = &[
    (
        &["Spec.machine"],
        "rename the machine",
        &[("machine: Order", "machine: Purchase")],
    ),
    (
        &["Spec.doc"],
        "machine doc",
        &[("doc: An order, from cart to delivery.", "doc: An order.")],
    ),
    (
        &["Spec.wire_case"],
        "read wire names exactly",
        &[("wire_case: insensitive\n", "")],
    ),
    (
        &["Spec.initial"],
        "name the start",
        &[("initial: Cart", "initial: { web: Cart }")],
    ),
    (
        &["Spec.initial"],
        "start elsewhere",
        &[("initial: Cart", "initial: Held")],
    ),
    (
        &["Spec.states"],
        "add a state",
        &[(
            "  Faulted:\n    doc: Operators",
            "  Archived: { final: true }\n  Faulted:\n    doc: Operators",
        )],
    ),
    (
        &["StateDef.states", "StateDef.initial"],
        "group a state in a compound state",
        &[(
            "  Held:\n    doc: Held until the payment clears.\n",
            "  OnHold:\n    initial: Held\n    states:\n      Held:\n        doc: Held until the payment clears.\n",
        )],
    ),
    (
        &["StateDef.history"],
        "give a compound state a history state, and a transition to it",
        &[
            (
                "  Held:\n    doc: Held until the payment clears.\n",
                "  OnHold:\n    initial: Held\n    history:\n      Back: deep\n    states:\n      Held:\n        doc: Held until the payment clears.\n",
            ),
            POKE,
            (
                "transitions:\n",
                "transitions:\n  - { from: Placed, on: Poke, to: Back }\n",
            ),
        ],
    ),
    (&["Spec.events"], "add an event", &[POKE]),
    (
        &["Spec.guards"],
        "add a guard",
        &[("guards:\n", "guards:\n  vip: {}\n")],
    ),
    (
        &["Spec.actions"],
        "add an action",
        &[("actions:\n", "actions:\n  wave: {}\n")],
    ),
    (
        &["Spec.durations"],
        "add a duration",
        &[("durations:\n", "durations:\n  grace: {}\n")],
    ),
    (
        &["Spec.transitions"],
        "remove a transition",
        &[("  - from: Held\n    on: Release\n    to: Placed\n", "")],
    ),
    (
        &["Spec.fault"],
        "remove the fault state",
        &[(
            "fault:\n  state: Faulted\n  on: Fault\n  resume: Resolve\n  resume_to: [Cancelled]\n",
            "",
        )],
    ),
    (
        &["Spec.incidents"],
        "remove the error table",
        &[(
            "incidents:\n  PaymentLost:\n    in: [Placed]\n    no_state: Unknown\n    event: The payment provider lost the payment.\n    resolution: Operators refund the customer.\n    transition:\n      on: Refund\n      to: Cancelled\n",
            "",
        )],
    ),
    (
        &["Spec.timers"],
        "remove the spanning timer",
        &[(
            "timers:\n  - name: DeliveryWindow\n    states: [Placed, Shipped]\n    after: deliver_window\n    to: Late\n    reset_by: [Ship]\n    doc: Delivered within ten days of payment.\n",
            "",
        )],
    ),
    (
        &["StateDef.doc"],
        "state doc",
        &[("doc: Held until the payment clears.", "doc: Held.")],
    ),
    (
        &["StateDef.wire"],
        "remove a wire alias",
        &[("wire: [cart, basket]", "wire: cart")],
    ),
    (
        &["StateDef.wire"],
        "write another wire name",
        &[("wire: placed", "wire: packing")],
    ),
    (
        &["StateDef.wire"],
        "give a state a wire name",
        &[("  Held:\n", "  Held:\n    wire: on_hold\n")],
    ),
    (
        &["StateDef.wire"],
        "add a wire alias",
        &[("wire: [cart, basket]", "wire: [cart, basket, trolley]")],
    ),
    (
        &["StateDef.parallel"],
        "a state becomes parallel, with two regions",
        &[(
            "  Held:\n    doc: Held until the payment clears.\n",
            "  Held:\n    doc: Held until the payment clears.\n    parallel: true\n    states:\n      \
             Payment: { initial: Clearing, states: { Clearing: {} } }\n      \
             Stock: { initial: Checking, states: { Checking: {} } }\n",
        )],
    ),
    (
        &["StateDef.final"],
        "a final state no longer final",
        &[(
            "    doc: Cancelled before delivery.\n    final: true\n",
            "    doc: Cancelled before delivery.\n",
        )],
    ),
    (
        &["StateDef.entry"],
        "one more entry action",
        &[("entry: open_cart", "entry: [open_cart, log_cart]")],
    ),
    (
        &["StateDef.exit"],
        "exit actions reordered",
        &[(
            "exit: [close_cart, log_cart]",
            "exit: [log_cart, close_cart]",
        )],
    ),
    (
        &["StateDef.timeouts"],
        "remove a timeout",
        &[(
            "      - after: pack_window\n        to: Late\n        doc: Not packed in time.\n",
            "",
        )],
    ),
    (
        &["EventDef.doc"],
        "event doc",
        &[("An item was added.", "Added an item.")],
    ),
    (
        &["EventDef.wire"],
        "remove an event's wire alias",
        &[("wire: [add_item, add]", "wire: [add_item]")],
    ),
    (
        &["EventDef.wire"],
        "give an event a wire name",
        &[("  Release: {}", "  Release: { wire: release }")],
    ),
    (
        &["GuardDef.doc"],
        "guard doc",
        &[("The payment went through.", "Paid.")],
    ),
    (
        &["ActionDef.doc"],
        "action doc",
        &[("Charge the card.", "Charge.")],
    ),
    (
        &["DurationDef.doc"],
        "duration doc",
        &[("How long packing may take.", "Packing time.")],
    ),
    (
        &["TransitionDef.from"],
        "leave one more state",
        &[(
            "  - from: Held\n    on: Release",
            "  - from: [Held, Late]\n    on: Release",
        )],
    ),
    (
        &["TransitionDef.except"],
        "leave one more state out",
        &[("except: [Shipped, Late]", "except: [Shipped, Late, Held]")],
    ),
    (
        &["TransitionDef.on"],
        "one event fewer",
        &[("on: [Cancel, Abandon]", "on: [Cancel]")],
    ),
    (
        &["TransitionDef.always"],
        "a transition becomes eventless",
        &[(
            "  - from: Held\n    on: Release\n    to: Placed\n",
            "  - from: Held\n    always: true\n    guard: paid\n    to: Placed\n",
        )],
    ),
    (
        &["TransitionDef.done", "StateDef.final"],
        "a final state inside a compound state, and its completion transition",
        &[
            (
                "  Held:\n    doc: Held until the payment clears.\n",
                "  OnHold:\n    initial: Held\n    states:\n      Held:\n        doc: Held until the payment clears.\n      Cleared: { final: true }\n",
            ),
            (
                "  - from: Held\n    on: Release\n    to: Placed\n",
                "  - from: Held\n    on: Release\n    to: Cleared\n  - from: OnHold\n    done: true\n    to: Placed\n",
            ),
        ],
    ),
    (
        &["TransitionDef.to"],
        "another target",
        &[(
            "    on: Release\n    to: Placed",
            "    on: Release\n    to: Shipped",
        )],
    ),
    (
        &["TransitionDef.internal"],
        "internal becomes a self-transition",
        &[(
            "    internal: true\n    actions: notify_customer",
            "    to: Cart\n    actions: notify_customer",
        )],
    ),
    (
        &["TransitionDef.guard"],
        "guards reordered",
        &[("guard: [paid, in_stock]", "guard: [in_stock, paid]")],
    ),
    (
        &["TransitionDef.guard"],
        "guard removed",
        &[("guard: [paid, in_stock]", "guard: [paid]")],
    ),
    (
        &["TransitionDef.guard", "Spec.transitions"],
        "guarded transitions reordered",
        &[(
            "  - from: Cart\n    on: Checkout\n    guard: [paid, in_stock]\n    to: Placed\n    actions: [charge, notify_customer]\n    doc: Paid and in stock.\n  - from: Cart\n    on: Checkout\n    guard: paid\n    to: Held\n",
            "  - from: Cart\n    on: Checkout\n    guard: paid\n    to: Held\n  - from: Cart\n    on: Checkout\n    guard: [paid, in_stock]\n    to: Placed\n    actions: [charge, notify_customer]\n    doc: Paid and in stock.\n",
        )],
    ),
    (
        &["TransitionDef.actions"],
        "actions reordered",
        &[(
            "actions: [charge, notify_customer]",
            "actions: [notify_customer, charge]",
        )],
    ),
    (
        &["TransitionDef.doc"],
        "transition doc",
        &[("doc: Paid and in stock.", "doc: Paid, in stock.")],
    ),
    (
        &["StateTimeoutDef.after"],
        "a longer timeout",
        &[("after: 30d", "after: 31d")],
    ),
    (
        &["StateTimeoutDef.after"],
        "a fixed duration for a named one",
        &[("after: pack_window", "after: 3d")],
    ),
    (
        &["StateTimeoutDef.to"],
        "expire elsewhere",
        &[(
            "        to: Late\n        doc: Not packed in time.",
            "        to: Cancelled\n        doc: Not packed in time.",
        )],
    ),
    (
        &["StateTimeoutDef.end"],
        "end text",
        &[("end: The cart is dropped.", "end: The cart is deleted.")],
    ),
    (
        &["StateTimeoutDef.notify"],
        "notify text",
        &[(
            "notify: The warehouse is reminded.",
            "notify: The warehouse is told.",
        )],
    ),
    (
        &["StateTimeoutDef.notify", "StateTimeoutDef.end"],
        "notify becomes end",
        &[(
            "notify: The warehouse is reminded.",
            "end: The order is written off.",
        )],
    ),
    (
        &["StateTimeoutDef.reset_by"],
        "no event resets it",
        &[("reset_by: [AddItem]", "reset_by: []")],
    ),
    (
        &["StateTimeoutDef.doc"],
        "timeout doc",
        &[("doc: A cart left alone is dropped.", "doc: Dropped.")],
    ),
    (
        &["StateTimeoutDef.name"],
        "rename a timeout",
        &[
            ("      - name: Reminder\n", "      - name: Nudge\n"),
            ("restarts: [Reminder]", "restarts: [Nudge]"),
        ],
    ),
    (
        &["StateTimeoutDef.guard"],
        "a timeout asks a guard",
        &[(
            "        notify: The warehouse is reminded.\n",
            "        notify: The warehouse is reminded.\n        guard: in_stock\n",
        )],
    ),
    (
        &["StateTimeoutDef.actions"],
        "a timeout runs one more action",
        &[(
            "        actions: notify_customer\n",
            "        actions: [notify_customer, charge]\n",
        )],
    ),
    (
        &["TransitionDef.restarts"],
        "a transition restarts no timer",
        &[("    restarts: [Reminder]\n", "    restarts: []\n")],
    ),
    (
        &["TransitionDef.restarts"],
        "a transition restarts what its event resets",
        &[("    restarts: [Reminder]\n", "")],
    ),
    (
        &["DurationDef.shorter_than"],
        "durations no longer ordered",
        &[(", shorter_than: deliver_window }", " }")],
    ),
    (
        &["SpanningTimerDef.guard"],
        "the timer asks a guard",
        &[(
            "    reset_by: [Ship]\n",
            "    reset_by: [Ship]\n    guard: paid\n",
        )],
    ),
    (
        &["SpanningTimerDef.actions"],
        "the timer runs an action",
        &[(
            "    reset_by: [Ship]\n",
            "    reset_by: [Ship]\n    actions: charge\n",
        )],
    ),
    (
        &["SpanningTimerDef.name"],
        "rename the timer",
        &[("name: DeliveryWindow", "name: ShippingWindow")],
    ),
    (
        &["SpanningTimerDef.states"],
        "span fewer states",
        &[("states: [Placed, Shipped]", "states: [Placed]")],
    ),
    (
        &["SpanningTimerDef.after"],
        "a fixed duration for the timer",
        &[(
            "after: deliver_window\n    to: Late",
            "after: 12d\n    to: Late",
        )],
    ),
    (
        &["SpanningTimerDef.to"],
        "the timer expires elsewhere",
        &[(
            "    to: Late\n    reset_by: [Ship]",
            "    to: Cancelled\n    reset_by: [Ship]",
        )],
    ),
    (
        &["SpanningTimerDef.end"],
        "the timer ends the lifecycle",
        &[(
            "    to: Late\n    reset_by: [Ship]",
            "    end: The order is written off.\n    reset_by: [Ship]",
        )],
    ),
    (
        &["SpanningTimerDef.notify"],
        "the timer notifies",
        &[(
            "    to: Late\n    reset_by: [Ship]",
            "    notify: Operators are told.\n    reset_by: [Ship]",
        )],
    ),
    (
        &["SpanningTimerDef.reset_by"],
        "no event resets the timer",
        &[("reset_by: [Ship]", "reset_by: []")],
    ),
    (
        &["SpanningTimerDef.doc"],
        "timer doc",
        &[(
            "doc: Delivered within ten days of payment.",
            "doc: Ten days.",
        )],
    ),
    (
        &["FaultDef.state"],
        "another fault state",
        &[("  state: Faulted", "  state: Held")],
    ),
    (
        &["FaultDef.on"],
        "another fault event",
        &[POKE, ("  on: Fault\n", "  on: Poke\n")],
    ),
    (
        &["FaultDef.resume"],
        "another resume event",
        &[POKE, ("  resume: Resolve", "  resume: Poke")],
    ),
    (
        &["FaultDef.resume_to"],
        "resume to one more state",
        &[(
            "resume_to: [Cancelled]",
            "resume_to: [Cancelled, Delivered]",
        )],
    ),
    (
        &["IncidentDef.in"],
        "an incident in one more state",
        &[("in: [Placed]", "in: [Placed, Held]")],
    ),
    (
        &["IncidentDef.no_state"],
        "another word for no state",
        &[("no_state: Unknown", "no_state: N/A")],
    ),
    (
        &["IncidentDef.event"],
        "incident text",
        &[(
            "The payment provider lost the payment.",
            "The payment was lost.",
        )],
    ),
    (
        &["IncidentDef.resolution"],
        "resolution text",
        &[("Operators refund the customer.", "Refunded.")],
    ),
    (
        &["IncidentDef.transition"],
        "the incident makes no transition",
        &[(
            "    transition:\n      on: Refund\n      to: Cancelled\n",
            "",
        )],
    ),
    (
        &["IncidentTransitionDef.on"],
        "another incident event",
        &[("      on: Refund", "      on: Abandon")],
    ),
    (
        &["IncidentTransitionDef.to"],
        "another incident target",
        &[(
            "      on: Refund\n      to: Cancelled",
            "      on: Refund\n      to: Delivered",
        )],
    ),
];

/// Changes of keys that make no difference to what the machine does, its wire strings or its
/// generated API, each with the reason; the diff must report none of them.
const INVISIBLE: &[Mutation] = &[(
    &["StateDef.allow"],
    "a waiver's reason only silences a check: the generated code, the wire and every step are the same",
    &[(
        "trap-state: Operators settle late orders by hand.",
        "trap-state: Settled by hand.",
    )],
)];

/// Every key of the JSON Schema, as `Def.key` (`Spec.states`, `StateDef.wire`).
fn schema_keys() -> Vec<String> {
    let schema: serde_json::Value =
        serde_json::from_str(&machine_core::schema::json_schema()).expect("the schema is JSON");
    let mut keys = Vec::new();
    let mut object = |def: &str, value: &serde_json::Value| {
        if let Some(properties) = value["properties"].as_object() {
            keys.extend(properties.keys().map(|key| format!("{def}.{key}")));
        }
    };
    object("Spec", &schema);
    for (def, value) in schema["$defs"].as_object().expect("definitions") {
        object(def, value);
    }
    keys.sort();
    keys
}

/// Every key the loader reads (those of the JSON Schema, which is generated from the loader's
/// types) is changed in turn, and the diff reports every change that makes a difference,
/// with a reason; a new key fails this test until it has a change here (or a reasoned place
/// among the invisible ones).
#[test]
fn every_key_is_compared() {
    let base = std::fs::read_to_string(workspace().join(EVERY_KEY)).expect("the fixture exists");
    let old = version(EVERY_KEY, &base);
    let covered: std::collections::BTreeSet<&str> = MUTATIONS
        .iter()
        .chain(INVISIBLE)
        .flat_map(|(keys, ..)| keys.iter().copied())
        .collect();
    let missing: Vec<String> = schema_keys()
        .into_iter()
        .filter(|k| !covered.contains(k.as_str()))
        .collect();
    assert!(missing.is_empty(), "keys no mutation changes: {missing:?}");
    let mut out = String::new();
    for (keys, what, edits) in MUTATIONS {
        let d = diff::diff(
            &old,
            &version("mutated.yaml", &edited_text(base.clone(), edits)),
        );
        assert!(
            !d.changes.is_empty(),
            "{what} ({keys:?}): the diff reports nothing"
        );
        let _ = writeln!(out, "--- {what} ({})", keys.join(", "));
        for c in &d.changes {
            assert!(!c.why.is_empty(), "{what}: no reason for {c:#?}");
            let detail = if c.detail.is_empty() {
                String::new()
            } else {
                format!(": {}", c.detail)
            };
            let _ = writeln!(
                out,
                "{:<10}  {} {}{detail}",
                c.impact.as_str(),
                c.kind.as_str(),
                c.item
            );
        }
    }
    for (keys, what, edits) in INVISIBLE {
        let d = diff::diff(
            &old,
            &version("mutated.yaml", &edited_text(base.clone(), edits)),
        );
        assert!(d.changes.is_empty(), "{what} ({keys:?}): {:#?}", d.changes);
    }
    // Kept beside the other snapshots of `diff`, under the name it had there.
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("diff__diff-every-key", out);
    });
}
