//! A seeded generator of specs that check clean and use every construct the semantics have:
//! guarded groups with and without a fallback, internal and self-transitions, `"*"`, several
//! starts, a fault state with `resume_to`, incident transitions, all three kinds of
//! timeout with `reset_by`, and timers that span a set of states (`timers:`). The same seed always gives the same text.
//!
//! Shared by the build script (which compiles each spec into Rust) and the tests (which check
//! that the set covers every construct).

use std::fmt::Write as _;

/// A small deterministic generator (`SplitMix64`): the build needs no `rand`.
pub struct Rng(u64);

impl Rng {
    /// A generator for this seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        // n is small; the modulo bias is irrelevant for test data.
        usize::try_from(self.next_u64() % n as u64).unwrap_or(0)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The constructs a generated spec uses, to check that a set of specs covers them all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "a checklist of independent constructs"
)]
pub struct Uses {
    /// A guarded group whose last transition is an unguarded fallback.
    pub fallback: bool,
    /// A guarded group without a fallback (the event can be refused).
    pub no_fallback: bool,
    /// An internal transition.
    pub internal: bool,
    /// A self-transition.
    pub self_transition: bool,
    /// A `from: "*"` transition.
    pub star: bool,
    /// Several named starts.
    pub starts: bool,
    /// A fault state with `resume_to`.
    pub resume_to: bool,
    /// An incident transition.
    pub incident: bool,
    /// A `to:` timeout.
    pub timeout_to: bool,
    /// An `end:` timeout.
    pub timeout_end: bool,
    /// A `notify:` timeout.
    pub timeout_notify: bool,
    /// A timeout with `reset_by`.
    pub reset_by: bool,
    /// A transition on a list of events.
    pub on_list: bool,
    /// A `from: "*"` with `except:`.
    pub except: bool,
    /// Entry, exit and transition actions.
    pub actions: bool,
    /// A state or event with a list of wire names.
    pub wire_aliases: bool,
    /// `wire_case: insensitive`.
    pub wire_case: bool,
    /// A timeout that lasts a named duration (`durations:`).
    pub named_duration: bool,
    /// A timer that spans several states (`timers:`).
    pub spanning: bool,
    /// A spanning timer whose set holds the fault state.
    pub spanning_fault: bool,
    /// A spanning timer with `reset_by`.
    pub spanning_reset: bool,
    /// A timeout with a `name:`.
    pub timer_name: bool,
    /// A timeout with a `guard:`.
    pub timer_guard: bool,
    /// A timeout with `actions:`.
    pub timer_actions: bool,
    /// A transition that says which timers it restarts (`restarts:`).
    pub restarts: bool,
    /// Named durations ordered by `shorter_than:`.
    pub duration_order: bool,
}

/// A generated spec.
pub struct Generated {
    /// The YAML text.
    pub yaml: String,
    /// What it uses.
    pub uses: Uses,
}

const FREE_EVENTS: usize = 4;

/// The spec for `seed`.
pub fn spec(seed: u64) -> Generated {
    let mut rng = Rng::new(seed);
    let mut uses = Uses::default();
    let working = 3 + rng.below(5);
    let guards = 1 + rng.below(4);
    let second_final = rng.chance(50);
    let fault = rng.chance(75);
    let star = rng.chance(60);
    let named_starts = rng.chance(35);

    let working_states: Vec<String> = (0..working).map(|i| format!("S{i}")).collect();
    let mut finals = vec!["Done".to_owned()];
    if second_final {
        finals.push("Gone".to_owned());
    }
    // Targets of random transitions: any working or final state.
    let targets: Vec<String> = working_states.iter().chain(&finals).cloned().collect();

    // (from, on, guards, target) where target "" means internal.
    let mut transitions: Vec<(String, String, Vec<usize>, String)> = Vec::new();
    let mut handled: Vec<Vec<String>> = vec![Vec::new(); working];
    for (i, from) in working_states.iter().enumerate() {
        let next = working_states.get(i + 1).unwrap_or(&finals[0]).clone();
        transitions.push((from.clone(), "Next".into(), Vec::new(), next));
        handled[i].push("Next".into());
        for e in 0..FREE_EVENTS {
            if !rng.chance(45) {
                continue;
            }
            let event = format!("E{e}");
            handled[i].push(event.clone());
            let group = 1 + rng.below(3);
            let fallback = rng.chance(55);
            for k in 0..group {
                let last = k + 1 == group;
                let guard_list: Vec<usize> = if last && fallback {
                    Vec::new()
                } else {
                    let mut g: Vec<usize> = (0..=rng.below(2)).map(|_| rng.below(guards)).collect();
                    g.dedup();
                    g
                };
                if last && group > 1 {
                    if fallback {
                        uses.fallback = true;
                    } else {
                        uses.no_fallback = true;
                    }
                } else if last && !fallback {
                    uses.no_fallback = true;
                }
                let target = match rng.below(6) {
                    0 => {
                        uses.internal = true;
                        String::new()
                    }
                    1 => {
                        uses.self_transition = true;
                        from.clone()
                    }
                    _ => rng.pick(&targets).clone(),
                };
                transitions.push((from.clone(), event.clone(), guard_list, target));
            }
        }
    }
    if second_final {
        let from = rng.below(working);
        transitions.push((
            working_states[from].clone(),
            "Quit".into(),
            Vec::new(),
            "Gone".into(),
        ));
        handled[from].push("Quit".into());
    }
    if rng.chance(50) {
        uses.on_list = true;
        let from = rng.below(working);
        transitions.push((
            working_states[from].clone(),
            "[L0, L1]".into(),
            Vec::new(),
            rng.pick(&targets).clone(),
        ));
        handled[from].extend(["L0".to_owned(), "L1".to_owned()]);
    }
    let mut except = None;
    if star {
        uses.star = true;
        if rng.chance(40) {
            uses.except = true;
            except = Some(rng.below(working));
        }
        if rng.chance(50) {
            let g = rng.below(guards);
            transitions.push((
                "*".into(),
                "Tick".into(),
                vec![g],
                rng.pick(&targets).clone(),
            ));
        }
        transitions.push((
            "*".into(),
            "Tick".into(),
            Vec::new(),
            rng.pick(&targets).clone(),
        ));
        for (i, h) in handled.iter_mut().enumerate() {
            if except != Some(i) {
                h.push("Tick".into());
            }
        }
    }
    if fault {
        for h in &mut handled {
            h.push("Fault".into());
        }
        // A transition of the fault state on another event.
        if rng.chance(40) {
            transitions.push(("Faulted".into(), "E0".into(), Vec::new(), finals[0].clone()));
        }
    }

    // Incidents, each on its own event so that they never conflict.
    let mut incidents = String::new();
    for n in 0..rng.below(3) {
        let mut states: Vec<usize> = (0..=rng.below(2)).map(|_| rng.below(working)).collect();
        states.sort_unstable();
        states.dedup();
        let names: Vec<&str> = states.iter().map(|&s| working_states[s].as_str()).collect();
        let _ = writeln!(
            incidents,
            "  Incident{n}:\n    in: [{}]\n    event: Something {n} happened.\n    resolution: Someone resolves {n}.",
            names.join(", ")
        );
        if rng.chance(70) {
            uses.incident = true;
            let _ = writeln!(
                incidents,
                "    transition: {{ on: Inc{n}, to: {} }}",
                rng.pick(&targets)
            );
            for &s in &states {
                handled[s].push(format!("Inc{n}"));
            }
        }
    }

    let actions = rng.chance(60);
    let mut yaml = format!("machine: Generated{seed}\ndoc: Generated from seed {seed}.\n");
    if rng.chance(40) {
        uses.wire_case = true;
        yaml.push_str("wire_case: insensitive\n");
    }
    if named_starts {
        uses.starts = true;
        let second = &working_states[1 + rng.below(working - 1)];
        let _ = writeln!(yaml, "initial:\n  first: S0\n  second: {second}");
    } else {
        yaml.push_str("initial: S0\n");
    }
    yaml.push_str("states:\n");
    // The named durations the timeouts use: `d{k}` for the `k`-th timeout of a state.
    let mut durations = [false; 3];
    // The names of each working state's timeouts, for `restarts:`.
    let mut timer_names: Vec<Vec<String>> = vec![Vec::new(); working];
    for (i, name) in working_states.iter().enumerate() {
        let _ = writeln!(yaml, "  {name}:\n    doc: Working state {i}.");
        if actions {
            state_actions(&mut yaml, &mut rng);
        }
        yaml.extend(wire(&mut rng, &mut uses, &format!("state-{i}")));
        if rng.chance(45) {
            let context = Context {
                state: i,
                handled: &handled[i],
                targets: &targets,
                fault,
                guards,
                actions,
            };
            timer_names[i] = timeouts(&mut yaml, &mut rng, &mut uses, &mut durations, &context);
        }
    }
    for (i, name) in finals.iter().enumerate() {
        let _ = writeln!(yaml, "  {name}:\n    final: true");
        if actions {
            state_actions(&mut yaml, &mut rng);
        }
        if i == 0 && rng.chance(50) {
            uses.timeout_end = true;
            yaml.push_str("    timeouts:\n      - { after: 90d, end: Deleted. }\n");
        }
    }
    if fault {
        yaml.push_str("  Faulted:\n    doc: Something went wrong.\n");
        if actions {
            state_actions(&mut yaml, &mut rng);
        }
    }
    yaml.push_str("events:\n  Next: {}\n");
    for e in 0..FREE_EVENTS {
        match wire(&mut rng, &mut uses, &format!("event-{e}")) {
            Some(line) => {
                let _ = write!(yaml, "  E{e}:\n{line}");
            }
            None => {
                let _ = writeln!(yaml, "  E{e}: {{}}");
            }
        }
    }
    for extra in [
        "Quit", "Tick", "Fault", "Resolve", "Inc0", "Inc1", "Inc2", "L0", "L1",
    ] {
        let _ = writeln!(yaml, "  {extra}: {{}}");
    }
    if actions {
        uses.actions = true;
        yaml.push_str("actions: { a0: {}, a1: {}, a2: {} }\n");
    }
    let spanning = spanning_timers(
        &mut rng,
        &mut uses,
        &mut durations,
        (&working_states, &handled, &targets, fault),
    );
    if durations.contains(&true) {
        uses.named_duration = true;
        yaml.push_str("durations:\n");
        let declared: Vec<usize> = (0..durations.len()).filter(|&k| durations[k]).collect();
        let ordered = declared.len() > 1 && rng.chance(50);
        uses.duration_order |= ordered;
        for (n, &k) in declared.iter().enumerate() {
            match declared.get(n + 1) {
                Some(next) if ordered => {
                    let _ = writeln!(
                        yaml,
                        "  d{k}: {{ doc: Duration {k}., shorter_than: d{next} }}"
                    );
                }
                _ => {
                    let _ = writeln!(yaml, "  d{k}: {{ doc: Duration {k}. }}");
                }
            }
        }
    }
    yaml.push_str("guards:\n");
    for g in 0..guards {
        let _ = writeln!(yaml, "  g{g}: {{}}");
    }
    yaml.push_str("transitions:\n");
    for (from, on, guard_list, to) in &transitions {
        let from = if from == "*" {
            match except {
                Some(i) => format!("\"*\", except: [S{i}]"),
                None => "\"*\"".to_owned(),
            }
        } else {
            from.clone()
        };
        let _ = write!(yaml, "  - {{ from: {from}, on: {on}");
        if !guard_list.is_empty() {
            let names: Vec<String> = guard_list.iter().map(|g| format!("g{g}")).collect();
            let _ = write!(yaml, ", guard: [{}]", names.join(", "));
        }
        if actions && rng.chance(40) {
            let _ = write!(yaml, ", actions: [a{}, a{}]", rng.below(3), rng.below(3));
        }
        if to.is_empty() {
            // An internal transition may say which of its state's timers it restarts.
            let own = from
                .strip_prefix('S')
                .and_then(|i| i.parse::<usize>().ok())
                .map_or(&[][..], |i| &timer_names[i][..]);
            if !own.is_empty() && rng.chance(50) {
                uses.restarts = true;
                let listed: Vec<String> = own
                    .iter()
                    .filter(|_| rng.chance(50))
                    .map(|name| format!("\"{name}\""))
                    .collect();
                let _ = write!(yaml, ", restarts: [{}]", listed.join(", "));
            }
            yaml.push_str(", internal: true }\n");
        } else {
            let _ = writeln!(yaml, ", to: {to} }}");
        }
    }
    if fault {
        let mut resume_to: Vec<&str> = targets
            .iter()
            .filter(|_| rng.chance(25))
            .map(String::as_str)
            .collect();
        resume_to.dedup();
        uses.resume_to |= !resume_to.is_empty();
        let _ = writeln!(
            yaml,
            "fault: {{ state: Faulted, on: Fault, resume: Resolve, resume_to: [{}] }}",
            resume_to.join(", ")
        );
    }
    if !incidents.is_empty() {
        yaml.push_str("incidents:\n");
        yaml.push_str(&incidents);
    }
    if !spanning.is_empty() {
        yaml.push_str("timers:\n");
        yaml.push_str(&spanning);
    }
    Generated { yaml, uses }
}

/// Maybe one or two timers that span a random set of working states (and sometimes the fault
/// state), each leaving to a state outside its set, ending the lifecycle or notifying; some
/// are reset by an event one of their states handles. `context` is the working states, the
/// events each handles, the targets, and whether the spec has a fault state.
fn spanning_timers(
    rng: &mut Rng,
    uses: &mut Uses,
    named: &mut [bool; 3],
    (working, handled, targets, fault): (&[String], &[Vec<String>], &[String], bool),
) -> String {
    let mut yaml = String::new();
    if !rng.chance(55) {
        return yaml;
    }
    let mut first_set: Vec<usize> = Vec::new();
    for n in 0..=rng.below(2) {
        uses.spanning = true;
        let mut set: Vec<usize> = (0..=rng.below(3))
            .map(|_| rng.below(working.len()))
            .collect();
        set.sort_unstable();
        set.dedup();
        if set.iter().all(|i| first_set.contains(i)) {
            match (0..working.len()).find(|i| !first_set.contains(i)) {
                Some(outside) => set.push(outside),
                None => break,
            }
        }
        if n == 0 {
            first_set.clone_from(&set);
        }
        let mut members: Vec<&str> = set.iter().map(|&i| working[i].as_str()).collect();
        if fault && rng.chance(25) {
            uses.spanning_fault = true;
            members.push("Faulted");
        }
        // Longer than any state's own timeout (at most 15h, or at most `d2`), so that no
        // timeout is dead; the second longer than the first, with a state outside its set.
        let after = if rng.chance(25) {
            named[2] = true;
            "d2".to_owned()
        } else {
            format!("{}h", 16 + 8 * n + rng.below(8))
        };
        let _ = write!(
            yaml,
            "  - {{ name: Span{n}, states: [{}], after: {after}",
            members.join(", ")
        );
        let outside: Vec<&String> = targets
            .iter()
            .filter(|t| !members.contains(&t.as_str()))
            .collect();
        match rng.below(3) {
            0 => yaml.push_str(", end: Deleted."),
            1 if !outside.is_empty() => {
                let _ = write!(yaml, ", to: {}", rng.pick(&outside));
            }
            _ => yaml.push_str(", notify: Someone is told."),
        }
        if rng.chance(50) {
            let mut resets: Vec<&str> = set
                .iter()
                .flat_map(|&i| &handled[i])
                .filter(|_| rng.chance(30))
                .map(String::as_str)
                .collect();
            resets.sort_unstable();
            resets.dedup();
            if !resets.is_empty() {
                uses.spanning_reset = true;
                let _ = write!(yaml, ", reset_by: [{}]", resets.join(", "));
            }
        }
        yaml.push_str(" }\n");
    }
    yaml
}

/// Maybe `entry:` and `exit:` lines of a state, naming the actions `a0` to `a2`.
fn state_actions(yaml: &mut String, rng: &mut Rng) {
    for key in ["entry", "exit"] {
        if rng.chance(40) {
            let _ = writeln!(yaml, "    {key}: [a{}, a{}]", rng.below(3), rng.below(3));
        }
    }
}

/// Maybe the `wire:` line of a state or event: one name, or a list of names (all of them
/// start with `base`, so no two declarations share one, whatever the case).
fn wire(rng: &mut Rng, uses: &mut Uses, base: &str) -> Option<String> {
    match rng.below(4) {
        0 => Some(format!("    wire: {base}\n")),
        1 => {
            uses.wire_aliases = true;
            Some(format!(
                "    wire: [{base}, {}-Old, {base}-ü]\n",
                base.to_uppercase()
            ))
        }
        _ => None,
    }
}

/// What the timeouts of one working state may refer to.
struct Context<'a> {
    /// The state's index (`S{state}`).
    state: usize,
    /// The events the state handles.
    handled: &'a [String],
    /// The states a `to:` timeout may go to.
    targets: &'a [String],
    /// Whether the spec has a fault state.
    fault: bool,
    /// How many guards the spec declares.
    guards: usize,
    /// Whether the spec declares actions.
    actions: bool,
}

/// One to three timeouts whose durations grow, with at most one that leaves the state, and
/// that one last: none is dead and none expires with another. Some last a named duration
/// (`d{k}` for the `k`-th, so no two of a state name the same one), some have a name, a guard
/// or actions. Returns the timers' names, as `restarts:` writes them.
fn timeouts(
    yaml: &mut String,
    rng: &mut Rng,
    uses: &mut Uses,
    named: &mut [bool; 3],
    cx: &Context<'_>,
) -> Vec<String> {
    yaml.push_str("    timeouts:\n");
    let count = 1 + rng.below(3);
    let mut hours = 0;
    let mut timers = Vec::new();
    for (k, used) in named.iter_mut().enumerate().take(count) {
        hours += 1 + rng.below(5);
        if rng.chance(25) {
            *used = true;
            let _ = write!(yaml, "      - {{ after: d{k}");
        } else {
            let _ = write!(yaml, "      - {{ after: {hours}h");
        }
        if rng.chance(25) {
            uses.timer_name = true;
            let name = format!("T{}x{k}", cx.state);
            let _ = write!(yaml, ", name: {name}");
            timers.push(name);
        } else if count == 1 {
            timers.push(format!("S{}", cx.state));
        } else {
            timers.push(format!("S{} #{}", cx.state, k + 1));
        }
        if rng.chance(20) {
            uses.timer_guard = true;
            let _ = write!(yaml, ", guard: g{}", rng.below(cx.guards));
        }
        if cx.actions && rng.chance(30) {
            uses.timer_actions = true;
            let _ = write!(yaml, ", actions: [a{}]", rng.below(3));
        }
        let last = k + 1 == count;
        match rng.below(3) {
            0 if last => {
                uses.timeout_end = true;
                yaml.push_str(", end: Deleted.");
            }
            1 if last => {
                uses.timeout_to = true;
                let to = if cx.fault && rng.chance(15) {
                    "Faulted"
                } else {
                    rng.pick(cx.targets).as_str()
                };
                let _ = write!(yaml, ", to: {to}");
            }
            _ => {
                uses.timeout_notify = true;
                yaml.push_str(", notify: Someone is told.");
            }
        }
        if rng.chance(50) {
            let resets: Vec<&str> = cx
                .handled
                .iter()
                .filter(|_| rng.chance(40))
                .map(String::as_str)
                .collect();
            if !resets.is_empty() {
                uses.reset_by = true;
                let _ = write!(yaml, ", reset_by: [{}]", resets.join(", "));
            }
        }
        yaml.push_str(" }\n");
    }
    timers
}
