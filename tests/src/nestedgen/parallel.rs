//! Specs with parallel states (rules S22 to S29), generated from a seed by a generator of
//! their own ([`spec`]), so that the other families of [`super`] stay what they were.

use std::fmt::Write as _;

use super::Rng;

/// The YAML of a spec with parallel states (rules S22 to S29) for `seed`, from a generator of
/// its own, for the differential tests of the JavaScript runtime: a parallel state (at the top,
/// or inside a compound state) of two or three regions, one of which may hold a parallel state
/// of its own; final states in regions and the completions of regions and parallel states;
/// events that several regions handle (fired together, or in conflict), transitions across
/// regions, out of the parallel state and into it (the other regions entered at their initial
/// states), written on regions and on parallel states, internal and guarded ones; eventless
/// transitions; timeouts in regions with `reset_by`, and on the parallel state; history states
/// (deep and shallow) of the compound state around it, of the parallel state and of a region;
/// sometimes a fault state. Each transition is kept only when the spec still checks clean.
pub fn spec(seed: u64) -> String {
    let mut rng = Rng(seed.wrapping_mul(2_147_483_647).wrapping_add(41));
    let tree = parallel_tree(&mut rng);
    let outer = tree.iter().position(|s| s.1 == 'p').unwrap_or(0);
    let histories: Vec<usize> = (0..tree.len())
        .filter(|&s| matches!(tree[s].1, 'c' | 'p') && rng.chance(40))
        .collect();
    let target = |rng: &mut Rng| match histories.len() {
        n if n > 0 && rng.chance(20) => format!("to: H{}", histories[rng.below(n)]),
        _ => format!("to: S{}", rng.below(tree.len())),
    };
    let start = if rng.chance(25) { outer } else { 0 };
    let mut out = format!("machine: Parallel{seed}\ninitial: S{start}\nstates:\n");
    // The transitions every spec has: into the parallel state, and one for each `reset_by`.
    let mut required = vec![format!("{{ from: S0, on: E0, to: S{outer} }}")];
    // Depth first: each state, then the states inside it.
    let mut stack: Vec<usize> = (0..tree.len())
        .rev()
        .filter(|&s| tree[s].0.is_none())
        .collect();
    while let Some(s) = stack.pop() {
        let depth = std::iter::successors(tree[s].0, |&p| tree[p].0).count();
        let pad = "  ".repeat(2 * depth + 1);
        let _ = writeln!(out, "{pad}S{s}:\n{pad}  allow: {{ {ALLOW} }}");
        let inside = kids(&tree, s);
        let _ = match (tree[s].1, inside.first()) {
            ('p', _) => writeln!(out, "{pad}  parallel: true"),
            (_, Some(first)) => writeln!(out, "{pad}  initial: S{first}"),
            ('f', None) => writeln!(out, "{pad}  final: true"),
            _ => Ok(()),
        };
        for key in ["entry", "exit"] {
            out.push_str(&maybe(&mut rng, 35, |r| {
                format!("{pad}  {key}: [a{}]\n", r.below(3))
            }));
        }
        if (tree[s].1 == 'p' || (tree[s].1 == 'a' && depth > 1)) && rng.chance(30) {
            let seconds = 10 + rng.below(50) + if tree[s].1 == 'p' { 200 } else { 0 };
            let to = if rng.chance(60) {
                target(&mut rng)
            } else {
                "notify: someone".into()
            };
            let reset = maybe(&mut rng, 40, |r| {
                let event = r.below(5);
                required.push(format!("{{ from: S{s}, on: E{event}, internal: true }}"));
                format!(", reset_by: [E{event}]")
            });
            let _ = writeln!(
                out,
                "{pad}  timeouts:\n{pad}    - {{ after: {seconds}s, {to}{reset} }}"
            );
        }
        if histories.contains(&s) {
            let kind = ["deep", "shallow"][rng.below(2)];
            let _ = writeln!(out, "{pad}  history:\n{pad}    H{s}: {kind}");
        }
        if !inside.is_empty() {
            let _ = writeln!(out, "{pad}  states:");
        }
        stack.extend(inside.into_iter().rev());
    }
    let tail = if rng.chance(30) {
        out.push_str("  Faulted: { allow: { unreachable-state: generated } }\n");
        "fault: { state: Faulted, on: Fault, resume: Resolve }\n"
    } else {
        ""
    };
    out.push_str("events: { E0: {}, E1: {}, E2: {}, E3: {}, E4: {}, Fault: {}, Resolve: {} }\n");
    out.push_str("guards: { g0: {}, g1: {} }\nactions: { a0: {}, a1: {}, a2: {} }\ntransitions:\n");
    for line in required {
        let _ = writeln!(out, "  - {line}");
    }
    let guard = |rng: &mut Rng| ["g0", "g1", "'!g0'", "'!g1'"][rng.below(4)];
    for s in (0..tree.len()).filter(|&s| tree[s].1 != 'f') {
        let atomic = tree[s].1 == 'a';
        let mut lines = Vec::new();
        let count = if atomic {
            1 + rng.below(3)
        } else {
            rng.below(2)
        };
        for _ in 0..count {
            let on = format!("from: S{s}, on: E{}", rng.below(5));
            let to = target(&mut rng);
            let action = maybe(&mut rng, 40, |r| format!(", actions: [a{}]", r.below(3)));
            match rng.below(10) {
                0 => lines.push(format!("{{ {on}, internal: true{action} }}")),
                1 | 2 => {
                    let guard = guard(&mut rng);
                    lines.push(format!("{{ {on}, guard: {guard}, {to}{action} }}"));
                    lines.push(format!("{{ {on}, {}{action} }}", target(&mut rng)));
                }
                _ => lines.push(format!("{{ {on}, {to}{action} }}")),
            }
        }
        // An eventless transition moves inside its region, or out to the top level: one that
        // enters its parallel state again (rule S24) could loop in a way the checks miss.
        let near: Vec<usize> = (0..tree.len())
            .filter(|&t| t != s && tree[t].1 != 'p' && kids(&tree, t).is_empty())
            .filter(|&t| tree[t].0 == tree[s].0 || tree[t].0.is_none())
            .collect();
        if atomic && tree[s].0.is_some() && !near.is_empty() && rng.chance(20) {
            let (guard, to) = (guard(&mut rng), near[rng.below(near.len())]);
            lines.push(format!(
                "{{ from: S{s}, always: true, guard: {guard}, to: S{to} }}"
            ));
        }
        if !atomic && rng.chance(60) {
            lines.push(format!(
                "{{ from: S{s}, done: true, {} }}",
                target(&mut rng)
            ));
        }
        for line in lines {
            let with = format!("{out}  - {line}\n");
            let spec = machine_core::SourceFile::new("parallel.yaml", format!("{with}{tail}"));
            if !machine_core::compile(&spec).has_errors() {
                out = with;
            }
        }
    }
    out.push_str(tail);
    out
}

/// The checks a generated lifecycle is excused from on every state.
const ALLOW: &str =
    "unreachable-state: generated, trap-state: generated, no-way-to-finish: generated";

/// `text`, with a chance of `percent` in a hundred; else nothing.
fn maybe(rng: &mut Rng, percent: u64, text: impl FnOnce(&mut Rng) -> String) -> String {
    if rng.chance(percent) {
        text(rng)
    } else {
        String::new()
    }
}

/// The states of a spec of [`spec`]: each one's parent and kind (`a` atomic, `f` final,
/// `c` compound, `p` parallel), in document order. The first is atomic (the start, mostly); a
/// final state ends most regions (never the initial one) and the top level.
fn parallel_tree(rng: &mut Rng) -> Vec<(Option<usize>, char)> {
    let mut tree: Vec<(Option<usize>, char)> = vec![(None, 'a')];
    let add = |tree: &mut Vec<(Option<usize>, char)>, parent, kind| {
        tree.push((parent, kind));
        tree.len() - 1
    };
    let around = rng.chance(40).then(|| add(&mut tree, None, 'c'));
    let outer = add(&mut tree, around, 'p');
    let mut inner = false;
    for _ in 0..2 + rng.below(2) {
        let region = add(&mut tree, Some(outer), 'c');
        for _ in 0..2 + rng.below(3) {
            add(&mut tree, Some(region), 'a');
        }
        if rng.chance(70) {
            tree.last_mut().expect("a state").1 = 'f';
        }
        if !inner && rng.chance(30) {
            inner = true;
            let p = add(&mut tree, Some(region), 'p');
            for _ in 0..2 {
                let r = add(&mut tree, Some(p), 'c');
                add(&mut tree, Some(r), 'a');
                add(&mut tree, Some(r), 'a');
            }
        }
    }
    if let Some(c) = around {
        add(&mut tree, Some(c), 'a');
    }
    for _ in 0..rng.below(3) {
        add(&mut tree, None, 'a');
    }
    add(&mut tree, None, 'f');
    tree
}

/// The states directly inside state `p` of a [`parallel_tree`], in order.
fn kids(tree: &[(Option<usize>, char)], p: usize) -> Vec<usize> {
    (0..tree.len()).filter(|&c| tree[c].0 == Some(p)).collect()
}
