//! `machine gen --lang typescript`: a dependency-free TypeScript module of one lifecycle, for
//! front ends (a job list, a status badge) that must agree with the spec.
//!
//! The module holds the runtime ([`crate::runtime::typescript`]) and the lifecycle's data
//! ([`crate::data::model`]), then a typed API by name: the states, events, guards, actions,
//! timers, history states and starts as `as const` arrays with their union types, wire-name
//! parsing and formatting (rule S11), the transition table, `accepts`, `canReach`, `pathTo`
//! and `remembered` (rules S19 and S29), a machine's `configuration` and `isIn` (rule S22:
//! one state in each region of a parallel state), and a pure `step` (with the automatic steps
//! an input leads to, rules S20 and S21). Only erasable syntax (no `enum`, no
//! `namespace`, no parameter properties), so it runs under node's type stripping; it
//! type-checks under `tsc --strict`.

use std::fmt::Write as _;

use machine_core::Model;
use machine_core::words::generated_header;

use crate::{data, runtime};

/// The TypeScript module of `model`.
pub fn render(model: &Model) -> String {
    let mut out = format!("// {}\n", generated_header(&model.source_name));
    let _ = write!(
        out,
        "//\n// The {name} lifecycle for TypeScript and JavaScript front ends: its states, events and\n\
         // transitions by name, and the semantics of `machine_core::semantics` (the runtime below).\n\
         // Dependency-free; only erasable syntax, so node runs it with type stripping.\n\n",
        name = model.name.spec
    );
    out.push_str(&runtime::typescript());
    out.push_str("\n// ---- the lifecycle\n\n");
    let data = serde_json::to_string_pretty(&data::model(model)).unwrap_or_default();
    let _ = writeln!(
        out,
        "/** The {} lifecycle as the runtime reads it (numbered as in the spec). */\nexport const model: Model = {data};\n",
        model.name.spec
    );
    names(
        &mut out,
        "STATES",
        "State",
        "The states, in spec order.",
        model.states.iter().map(|s| &s.name.spec),
    );
    names(
        &mut out,
        "EVENTS",
        "Event",
        "The events, in spec order.",
        model.events.iter().map(|e| &e.name.spec),
    );
    names(
        &mut out,
        "GUARDS",
        "Guard",
        "The guards, in spec order.",
        model.guards.iter().map(|g| &g.name.spec),
    );
    names(
        &mut out,
        "ACTIONS",
        "Action",
        "The actions, in spec order.",
        model.actions.iter().map(|a| &a.name.spec),
    );
    let timers: Vec<&String> = model.timers.iter().map(|t| &t.name.rust).collect();
    names(
        &mut out,
        "TIMERS",
        "Timer",
        "The timers, named as the generated Rust's `Timer` (a state's only timeout by the state, several numbered from 1, or the timer's `name:`).",
        timers.into_iter(),
    );
    names(
        &mut out,
        "HISTORIES",
        "History",
        "The history states of compound states (rule S19), in spec order.",
        model.histories.iter().map(|h| &h.name.spec),
    );
    let starts: Vec<&String> = model
        .starts
        .iter()
        .filter_map(|s| s.name.as_ref().map(|n| &n.spec))
        .collect();
    names(
        &mut out,
        "STARTS",
        "Start",
        "The named starts (none when the spec has one unnamed start).",
        starts.into_iter(),
    );
    out.push_str(API);
    out
}

/// `export const ARRAY = [...] as const;` and `export type Type = (typeof ARRAY)[number];`.
fn names<'a>(
    out: &mut String,
    array: &str,
    ty: &str,
    doc: &str,
    names: impl Iterator<Item = &'a String>,
) {
    let items: Vec<String> = names
        .map(|n| serde_json::Value::from(n.as_str()).to_string())
        .collect();
    let _ = writeln!(out, "/** {doc} */");
    let _ = writeln!(
        out,
        "export const {array} = [{}] as const;",
        items.join(", ")
    );
    if items.is_empty() {
        let _ = writeln!(out, "export type {ty} = never;\n");
    } else {
        let _ = writeln!(out, "export type {ty} = (typeof {array})[number];\n");
    }
}

/// The typed API by name, the same for every lifecycle (it reads `model` and the arrays).
const API: &str = include_str!("../js/typescript-api.ts");
