//! Specs with compound states, generated from a seed, for the independent SCXML oracle
//! ([`spec`]) and for the differential tests of the generated code ([`rich`]): a random tree of states (up to three levels), transitions written on atomic and compound
//! states to atomic and compound targets (self-transitions, transitions into a compound
//! state's own states, internal ones), entry, exit and transition actions on every level,
//! timeouts on compound and atomic states (moving or notifying), history states (shallow and
//! deep, some with a default other than the initial state) that transitions go to, and
//! sometimes a fault state.
//!
//! The graph checks are waived on every state (a generated lifecycle need not finish or reach
//! every state); what must hold is that the interpreter and an SCXML engine agree on every test
//! path of it, and that the generated code and the interpreter agree on every input.

use std::fmt::Write as _;

/// A small deterministic generator (`SplitMix64`).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// One generated state: its parent (an index of an earlier state), its depth, whether it
/// has a timeout, and its history state if it has one (deep, and its default).
struct Node {
    parent: Option<usize>,
    depth: usize,
    timed: bool,
    history: Option<(bool, Option<usize>)>,
}

/// The YAML of the spec of `seed`.
pub fn spec(seed: u64) -> String {
    generate(seed, false)
}

/// The YAML of the spec of `seed` with more than the SCXML replay can take, for the
/// differential tests of the generated code: timeouts on states inside and around timed
/// states (several clocks at once, some running on while the machine moves inside their
/// state), and guards, negated guards and fallbacks.
pub fn rich(seed: u64) -> String {
    generate(seed, true)
}

fn generate(seed: u64, rich: bool) -> String {
    let mut rng = Rng(seed.wrapping_mul(7919).wrapping_add(17));
    let count = 4 + rng.below(7);
    let mut nodes: Vec<Node> = Vec::new();
    for i in 0..count {
        // A state goes inside an earlier one of depth < 3, or at the top level.
        let candidates: Vec<usize> = (0..i).filter(|&p| nodes[p].depth < 3).collect();
        let parent = (!candidates.is_empty() && rng.chance(55))
            .then(|| candidates[rng.below(candidates.len())]);
        let depth = parent.map_or(1, |p| nodes[p].depth + 1);
        // At most one timer runs at a time (none around a timed state, none inside one): the
        // replay in time lets every earlier timer expire first, which test paths, taken in
        // no time, do not.
        let mut around = parent;
        let mut free = true;
        while let Some(p) = around {
            free &= !nodes[p].timed;
            around = nodes[p].parent;
        }
        let timed = (free || rich) && rng.chance(35);
        nodes.push(Node {
            parent,
            depth,
            timed,
            history: None,
        });
    }
    // History states come from a generator of their own, so that the rest of each spec
    // stays what it was before they were generated.
    let mut hrng = Rng(seed.wrapping_mul(104_729).wrapping_add(3));
    for i in 0..count {
        let inside: Vec<usize> = (i + 1..count).filter(|&s| within(s, i, &nodes)).collect();
        if !inside.is_empty() && hrng.chance(50) {
            let default = hrng.chance(40).then(|| inside[hrng.below(inside.len())]);
            nodes[i].history = Some((hrng.chance(50), default));
        }
    }
    let histories: Vec<usize> = (0..count).filter(|&i| nodes[i].history.is_some()).collect();
    // A transition's target: a state, or now and then a history state.
    let mut target = |rng: &mut Rng| {
        let to = rng.below(count);
        if !histories.is_empty() && hrng.chance(25) {
            format!("H{}", histories[hrng.below(histories.len())])
        } else {
            format!("S{to}")
        }
    };
    // A timed state has no timed state inside it either.
    for i in (0..count).filter(|_| !rich) {
        let mut around = nodes[i].parent;
        while let Some(p) = around {
            if nodes[p].timed {
                nodes[i].timed = false;
            }
            around = nodes[p].parent;
        }
    }
    let events = ["E0", "E1", "E2", "E3"];
    let actions = ["a0", "a1", "a2"];
    let fault = rng.chance(30);
    let mut out = format!("machine: Nested{seed}\ninitial: S0\nstates:\n");
    for top in (0..count).filter(|&i| nodes[i].parent.is_none()) {
        write_state(&mut out, top, &nodes, &mut rng);
    }
    if fault {
        out.push_str("  Faulted: { allow: { unreachable-state: generated } }\n");
    }
    out.push_str("events:\n");
    for event in events {
        let _ = writeln!(out, "  {event}: {{}}");
    }
    if fault {
        out.push_str("  Fault: {}\n  Resolve: {}\n");
    }
    if rich {
        out.push_str("guards:\n  g0: {}\n  g1: {}\n");
    }
    out.push_str("actions:\n");
    for action in actions {
        let _ = writeln!(out, "  {action}: {{}}");
    }
    out.push_str("transitions:\n");
    for from in 0..count {
        // Distinct events per state, so no transition shadows another.
        let mut used = Vec::new();
        for _ in 0..rng.below(3) {
            let event = events[rng.below(events.len())];
            if used.contains(&event) {
                continue;
            }
            used.push(event);
            let action = if rng.chance(40) {
                format!(", actions: [{}]", actions[rng.below(actions.len())])
            } else {
                String::new()
            };
            if rich && rng.chance(35) {
                // A guarded transition, then (sometimes) the fallback taken when it fails.
                let guard = ["g0", "g1", "'!g0'", "'!g1'"][rng.below(4)];
                let to = target(&mut rng);
                let _ = writeln!(
                    out,
                    "  - {{ from: S{from}, on: {event}, guard: {guard}, to: {to}{action} }}"
                );
                if rng.chance(50) {
                    let to = target(&mut rng);
                    let _ = writeln!(out, "  - {{ from: S{from}, on: {event}, to: {to} }}");
                }
            } else if rng.chance(15) {
                let _ = writeln!(
                    out,
                    "  - {{ from: S{from}, on: {event}, internal: true{action} }}"
                );
            } else {
                let to = target(&mut rng);
                let _ = writeln!(
                    out,
                    "  - {{ from: S{from}, on: {event}, to: {to}{action} }}"
                );
            }
        }
    }
    if fault {
        out.push_str("fault: { state: Faulted, on: Fault, resume: Resolve }\n");
    }
    out
}

/// Writes state `index` with the states inside it right after it (document order), indented by
/// depth.
fn write_state(out: &mut String, index: usize, nodes: &[Node], rng: &mut Rng) {
    let pad = "  ".repeat(2 * nodes[index].depth - 1);
    let _ = writeln!(out, "{pad}S{index}:");
    let _ = writeln!(
        out,
        "{pad}  allow: {{ unreachable-state: generated, trap-state: generated, no-way-to-finish: generated }}"
    );
    for key in ["entry", "exit"] {
        if rng.chance(40) {
            let _ = writeln!(out, "{pad}  {key}: [a{}]", rng.below(3));
        }
    }
    if nodes[index].timed {
        // Shorter the deeper (10 to 59 seconds inside 100 to 149, inside 200 to 249): a
        // state's timeout never outlasts one of a state around it, which would leave first.
        let seconds = 10 + rng.below(50) + [0, 0, 100, 200][4 - nodes[index].depth.min(3)];
        let expiry = if rng.chance(60) {
            format!("to: S{}", rng.below(nodes.len()))
        } else {
            "notify: someone".to_owned()
        };
        let _ = writeln!(
            out,
            "{pad}  timeouts:\n{pad}    - {{ after: {seconds}s, {expiry} }}"
        );
    }
    if let Some((deep, default)) = nodes[index].history {
        let kind = if deep { "deep" } else { "shallow" };
        let _ = match default {
            Some(d) => writeln!(
                out,
                "{pad}  history:\n{pad}    H{index}: {{ type: {kind}, default: S{d} }}"
            ),
            None => writeln!(out, "{pad}  history:\n{pad}    H{index}: {kind}"),
        };
    }
    let inside = children(index, nodes);
    if let Some(&first) = inside.first() {
        let _ = writeln!(out, "{pad}  initial: S{first}\n{pad}  states:");
        for child in inside {
            write_state(out, child, nodes, rng);
        }
    }
}

/// Whether state `s` lies inside state `p`.
fn within(s: usize, p: usize, nodes: &[Node]) -> bool {
    std::iter::successors(nodes[s].parent, |&a| nodes[a].parent).any(|a| a == p)
}

/// The states directly inside state `p`, in order.
fn children(p: usize, nodes: &[Node]) -> Vec<usize> {
    (0..nodes.len())
        .filter(|&c| nodes[c].parent == Some(p))
        .collect()
}
