//! Specs with compound states, generated from a seed, for the independent SCXML oracle
//! ([`spec`]) and for the differential tests of the generated code ([`rich`]): a random tree of states (up to three levels), transitions written on atomic and compound
//! states to atomic and compound targets (self-transitions, transitions into a compound
//! state's own states, internal ones), entry, exit and transition actions on every level,
//! timeouts on compound and atomic states (moving or notifying), history states (shallow and
//! deep, some with a default other than the initial state) that transitions and timeouts go to,
//! sometimes a fault state, and the automatic transitions of rules S20 and S21
//! ([`automatic`]): final states inside compound states (some with a notifying timeout), the
//! compound states' completions (`done: true`, guarded, with a fallback, or staying),
//! eventless transitions (`always: true`, guarded and not) on atomic and compound states, and
//! guarded ones back to earlier states where no guard answers let them loop.
//!
//! The graph checks are waived on every state (a generated lifecycle need not finish or reach
//! every state); what must hold is that the interpreter and an SCXML engine agree on every test
//! path of it, and that the generated code and the interpreter agree on every input.

use std::fmt::Write as _;

#[path = "nestedgen/parallel.rs"]
pub mod parallel;

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
/// has a timeout, its history state if it has one (deep, and its default), and whether it is
/// a final state inside its parent (rule S20).
struct Node {
    parent: Option<usize>,
    depth: usize,
    timed: bool,
    history: Option<(bool, Option<usize>)>,
    is_final: bool,
    /// When its timeout moves the machine: the state whose history state it goes to
    /// instead of a state (rules S7 and S19).
    recall: Option<usize>,
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
            is_final: false,
            recall: None,
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
    // Final states inside compound states and automatic transitions come from a generator
    // of their own too: a spec without them is what it was before they were generated.
    let automatic = automatic(seed, &mut nodes);
    // Timeouts to history states too: a spec without them is what it was before.
    let mut trng = Rng(seed.wrapping_mul(15_485_863).wrapping_add(5));
    for node in nodes.iter_mut().filter(|n| n.timed) {
        if !histories.is_empty() && trng.chance(30) {
            node.recall = Some(histories[trng.below(histories.len())]);
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
    if rich || automatic.guarded || !automatic.back.is_empty() {
        out.push_str(GUARDS);
    }
    out.push_str("actions:\n");
    for action in actions {
        let _ = writeln!(out, "  {action}: {{}}");
    }
    out.push_str("transitions:\n");
    for (from, node) in nodes.iter().enumerate() {
        // Distinct events per state, so no transition shadows another. A final state's are
        // drawn and left out (nothing leaves a final state), so that the others stay.
        let mut out = Written {
            out: &mut out,
            keep: !node.is_final,
        };
        let out = &mut out;
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
    for line in &automatic.transitions {
        let _ = writeln!(out, "  - {line}");
    }
    // A guarded automatic transition back (to a state entered before), kept when the spec
    // still checks clean: when no guard answers let automatic transitions go round a circle
    // (E0210), nor does it shadow another or leave the start at once.
    let tail = if fault {
        "fault: { state: Faulted, on: Fault, resume: Resolve }\n"
    } else {
        ""
    };
    let mut kept = false;
    for line in &automatic.back {
        let with = format!("{out}  - {line}\n");
        let text = format!("{with}{tail}");
        if !machine_core::compile(&machine_core::SourceFile::new("generated.yaml", text))
            .has_errors()
        {
            out = with;
            kept = true;
        }
    }
    out.push_str(tail);
    if !rich && !automatic.guarded && !kept {
        // Declared for the back edges, which all went.
        out = out.replacen(GUARDS, "", 1);
    }
    out
}

/// The guards a spec declares when its transitions ask some.
const GUARDS: &str = "guards:\n  g0: {}\n  g1: {}\n";

/// Where a state's transitions are written: into the spec, or nowhere (a final state's).
struct Written<'a> {
    out: &'a mut String,
    keep: bool,
}

impl std::fmt::Write for Written<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.keep {
            self.out.push_str(s);
        }
        Ok(())
    }
}

/// What rules S20 and S21 add to a spec ([`automatic`]).
struct Automatic {
    /// The automatic transitions, each a flow mapping to write under `transitions:`.
    transitions: Vec<String>,
    /// Guarded automatic transitions back to a state entered before the states they leave,
    /// each kept only if the spec still checks clean with it.
    back: Vec<String>,
    /// Whether they ask guards (`g0`, `g1`), which the spec must then declare.
    guarded: bool,
}

/// Final states inside compound states (marked in `nodes`), the completions of their compound
/// states and eventless transitions, from a generator of their own (`seed`). Every spec still
/// checks clean: each automatic transition goes to a state whose initial atomic state comes
/// after every atomic state it can leave from (in the order states are generated), so none
/// can follow another round a circle (E0210); none leaves the atomic state the machine starts
/// in, which is never final (E0212); completions belong to compound states with a final
/// state directly inside (E0211); nothing leaves a final state (E0206); and each state's
/// automatic transitions of one kind are a guarded one (one guard test), a guarded one and
/// an unguarded fallback, or one unguarded one (no E0204, E0205).
fn automatic(seed: u64, nodes: &mut [Node]) -> Automatic {
    let mut arng = Rng(seed.wrapping_mul(1_000_003).wrapping_add(29));
    let count = nodes.len();
    let inside = |p: usize, nodes: &[Node]| children(p, nodes);
    // The atomic state entering `s` leads to (its `initial:` states down).
    let descend = |mut s: usize, nodes: &[Node]| {
        while let Some(&first) = inside(s, nodes).first() {
            s = first;
        }
        s
    };
    let start = descend(0, nodes);
    for i in 0..count {
        let leaf = inside(i, nodes).is_empty();
        if leaf && nodes[i].parent.is_some() && i != start && arng.chance(30) {
            nodes[i].is_final = true;
        }
    }
    // The last atomic state a transition written on `s` can leave from.
    let last_atom = |s: usize, nodes: &[Node]| {
        (s..count)
            .filter(|&a| (a == s || within(a, s, nodes)) && inside(a, nodes).is_empty())
            .max()
            .unwrap_or(s)
    };
    let around_start: Vec<usize> =
        std::iter::successors(Some(start), |&a| nodes[a].parent).collect();
    let mut written = Vec::new();
    let mut guarded = false;
    for s in 0..count {
        let has_final = inside(s, nodes).iter().any(|&c| nodes[c].is_final);
        let forward: Vec<usize> = (0..count)
            .filter(|&t| descend(t, nodes) > last_atom(s, nodes))
            .collect();
        let mut kinds = Vec::new();
        if has_final && arng.chance(70) {
            kinds.push("done: true");
        }
        if !nodes[s].is_final && !around_start.contains(&s) && arng.chance(25) {
            kinds.push("always: true");
        }
        for kind in kinds {
            let action = |arng: &mut Rng| {
                if arng.chance(30) {
                    format!(", actions: [a{}]", arng.below(3))
                } else {
                    String::new()
                }
            };
            let guard = arng
                .chance(50)
                .then(|| ["g0", "g1", "'!g0'", "'!g1'"][arng.below(4)]);
            let fallback = guard.is_none() || arng.chance(50);
            // A completion may stay in its final state; an eventless transition must move.
            let stays = kind == "done: true" && (forward.is_empty() || arng.chance(15));
            if forward.is_empty() && kind == "always: true" {
                continue;
            }
            if let Some(guard) = guard {
                guarded = true;
                let to = if forward.is_empty() {
                    "internal: true".to_owned()
                } else {
                    format!("to: S{}", forward[arng.below(forward.len())])
                };
                written.push(format!(
                    "{{ from: S{s}, {kind}, guard: {guard}, {to}{} }}",
                    action(&mut arng)
                ));
            }
            if fallback {
                let to = if stays {
                    "internal: true".to_owned()
                } else {
                    format!("to: S{}", forward[arng.below(forward.len())])
                };
                written.push(format!(
                    "{{ from: S{s}, {kind}, {to}{} }}",
                    action(&mut arng)
                ));
            }
        }
    }
    // Back edges come from a generator of their own: the rest stays as it was without them.
    let mut brng = Rng(seed.wrapping_mul(7_368_787).wrapping_add(5));
    let mut back = Vec::new();
    for s in 0..count {
        let has_final = inside(s, nodes).iter().any(|&c| nodes[c].is_final);
        let mut kinds = Vec::new();
        if has_final && brng.chance(30) {
            kinds.push("done: true");
        }
        if !nodes[s].is_final && !around_start.contains(&s) && brng.chance(15) {
            kinds.push("always: true");
        }
        for kind in kinds {
            let guard = ["g0", "g1", "'!g0'", "'!g1'"][brng.below(4)];
            let to = brng.below(count);
            let action = if brng.chance(30) {
                format!(", actions: [a{}]", brng.below(3))
            } else {
                String::new()
            };
            back.push(format!(
                "{{ from: S{s}, {kind}, guard: {guard}, to: S{to}{action} }}"
            ));
        }
    }
    Automatic {
        transitions: written,
        back,
        guarded,
    }
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
    if nodes[index].is_final {
        let _ = writeln!(out, "{pad}  final: true");
    }
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
            let to = rng.below(nodes.len());
            match nodes[index].recall {
                Some(h) => format!("to: H{h}"),
                None => format!("to: S{to}"),
            }
        } else {
            "notify: someone".to_owned()
        };
        // Nothing leaves a final state: its timeout notifies.
        let expiry = if nodes[index].is_final {
            "notify: someone".to_owned()
        } else {
            expiry
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
