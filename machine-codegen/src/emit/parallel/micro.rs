//! Rules S16, S19, S22 to S24 and S27 in `mod engine` (`engine.rs`): configurations, the
//! tree's domains, rule S23's completion, history and the microstep itself, each the
//! interpreter's function of the same name in `semantics::{config, micro, history, restart}`.

use proc_macro2::TokenStream;
use quote::quote;

/// Rules S22 to S24 and S27: the tree, configurations and the microstep.
pub fn emit() -> TokenStream {
    quote! {
        /// Every state a machine in `atoms` is in (rule S22).
        pub(super) fn active(atoms: &Atoms) -> Set {
            let mut set = Set::EMPTY;
            for &atom in atoms.as_slice() {
                set.insert(atom as usize);
                for around in atom.ancestors() {
                    set.insert(around as usize);
                }
            }
            set
        }

        /// Rule S22: the innermost state around all of `atoms`.
        pub(super) fn summary(atoms: &Atoms) -> State {
            match atoms.as_slice() {
                [] => State::ALL[0],
                [one] => *one,
                [first, rest @ ..] => first
                    .ancestors()
                    .find(|&a| rest.iter().all(|s| s.is_within(a)))
                    .unwrap_or(*first),
            }
        }

        /// Rules S16 and S24: the innermost compound state strictly around `source` and
        /// every one of `targets`; `None` for the root.
        fn lcca(source: State, targets: &[State]) -> Option<State> {
            source.ancestors().find(|&a| {
                !STATE_PARALLEL[a as usize] && targets.iter().all(|&t| t != a && t.is_within(a))
            })
        }

        /// Whether `state` lies strictly inside `domain` (`None`: the root).
        fn inside(state: State, domain: Option<State>) -> bool {
            domain.is_none_or(|d| state != d && state.is_within(d))
        }

        /// What a move leaves: nothing, or every active state inside its domain.
        #[derive(Clone, Copy)]
        enum Reach {
            /// An internal move.
            Stays,
            /// The move's domain (`None`: the root).
            Domain(Option<State>),
        }

        /// Rules S16, S19 and S24: what a move leaves in `config`.
        fn domain_of(config: &Config, m: Move) -> Result<Reach, Refusal> {
            Ok(match m.target {
                To::Internal | To::End => Reach::Stays,
                To::State(to) => Reach::Domain(lcca(m.source, &[to])),
                To::Recall { owner, .. } => Reach::Domain(
                    m.source
                        .ancestors()
                        .find(|&a| !STATE_PARALLEL[a as usize] && owner.is_within(a)),
                ),
                To::History => {
                    let to = config.history.ok_or(UNKNOWN_HISTORY)?;
                    Reach::Domain(lcca(m.source, to.as_slice()))
                }
            })
        }

        /// Rule S23: the atomic states after entering `targets` from outside, the machine
        /// staying in `kept`; every region of a parallel state entered without a target is
        /// entered at its initial state.
        fn complete(kept: Set, targets: Set) -> Atoms {
            let mut atoms = kept;
            for target in targets.iter() {
                for &atom in STATE_DEFAULTS[target] {
                    atoms.insert(atom as usize);
                }
            }
            while let Some(region) = missing(atoms) {
                for &atom in STATE_DEFAULTS[region as usize] {
                    atoms.insert(atom as usize);
                }
            }
            Atoms::of(atoms)
        }

        /// A region of a parallel state around one of `atoms` that holds none of them.
        fn missing(atoms: Set) -> Option<State> {
            atoms.iter().find_map(|atom| {
                State::ALL[atom]
                    .ancestors()
                    .filter(|&p| STATE_PARALLEL[p as usize])
                    .find_map(|p| {
                        STATE_REGIONS[p as usize]
                            .iter()
                            .copied()
                            .find(|&r| !atoms.any_in(r as usize, STATE_END[r as usize]))
                    })
            })
        }

        /// Rules S19 and S29: what the machine remembers after leaving `exits` from `config`.
        fn record(config: &Config, exits: Set) -> [Option<Atoms>; HISTORIES] {
            let mut recorded = config.recorded;
            for left in exits.iter() {
                if let Some(slot) = STATE_HISTORY[left].and_then(|k| recorded.get_mut(k)) {
                    let mut inside = Set::EMPTY;
                    for &a in config.atoms.as_slice() {
                        if a.is_within(State::ALL[left]) {
                            inside.insert(a as usize);
                        }
                    }
                    *slot = Some(Atoms::of(inside));
                }
            }
            recorded
        }

        /// Rules S19 and S29: the states a move to a history state of `owner` enters.
        fn recall(recorded: &[Option<Atoms>], owner: State, deep: bool, default: State, targets: &mut Set) {
            let remembered = STATE_HISTORY[owner as usize].and_then(|k| recorded.get(k).copied().flatten());
            match remembered {
                None => {
                    for &atom in STATE_DEFAULTS[default as usize] {
                        targets.insert(atom as usize);
                    }
                }
                Some(atoms) if deep => {
                    for &atom in atoms.as_slice() {
                        targets.insert(atom as usize);
                    }
                }
                Some(atoms) => {
                    for &atom in atoms.as_slice() {
                        let child = ::core::iter::once(atom)
                            .chain(atom.ancestors())
                            .find(|s| s.parent() == Some(owner))
                            .unwrap_or(atom);
                        for &a in STATE_DEFAULTS[child as usize] {
                            targets.insert(a as usize);
                        }
                    }
                }
            }
        }

        /// Rule S5: what the fault state remembers after a move from `config` to `atoms`.
        fn fault_history(config: &Config, atoms: &Atoms) -> Option<Atoms> {
            let is_fault = |atoms: &Atoms| matches!((FAULT, atoms.as_slice()), (Some(f), [a]) if *a == f);
            match (is_fault(&config.atoms), is_fault(atoms)) {
                (_, false) => None,
                (false, true) => Some(config.atoms),
                (true, true) => config.history,
            }
        }

        /// What a microstep did: the configuration after it, the states left and entered.
        struct Moved {
            config: Config,
            exits: Set,
            entries: Set,
        }

        /// Rule S27: the microstep of `moves` from `config`.
        fn microstep(config: &Config, moves: &[Move]) -> Result<Moved, Refusal> {
            let mut domains = [None; WIDTH];
            let mut count = 0;
            for &m in moves {
                let Reach::Domain(domain) = domain_of(config, m)? else {
                    continue;
                };
                if let Some(slot) = domains.get_mut(count) {
                    *slot = Some((m, domain));
                    count += 1;
                }
            }
            let domains = &domains[..count];
            let before = active(&config.atoms);
            let left = |s: usize| domains.iter().flatten().any(|&(_, d)| inside(State::ALL[s], d));
            let mut exits = Set::EMPTY;
            for s in before.iter().filter(|&s| left(s)) {
                exits.insert(s);
            }
            let recorded = record(config, exits);
            let mut targets = Set::EMPTY;
            for &(m, _) in domains.iter().flatten() {
                match m.target {
                    To::State(to) => {
                        targets.insert(to as usize);
                    }
                    To::Recall { owner, deep, default } => {
                        recall(&recorded, owner, deep, default, &mut targets);
                    }
                    To::History => {
                        for &a in config.history.iter().flat_map(Atoms::as_slice) {
                            targets.insert(a as usize);
                        }
                    }
                    To::Internal | To::End => {}
                }
            }
            let mut kept = Set::EMPTY;
            for &a in config.atoms.as_slice() {
                if !left(a as usize) {
                    kept.insert(a as usize);
                }
            }
            let atoms = complete(kept, targets);
            let mut entries = Set::EMPTY;
            for s in active(&atoms).iter().filter(|&s| left(s) || !before.contains(s)) {
                entries.insert(s);
            }
            let next = Config { atoms, history: fault_history(config, &atoms), recorded, ended: false };
            Ok(Moved { config: next, exits, entries })
        }

        /// The move a row makes.
        fn move_of(row: usize) -> Move {
            Move { source: ROWS[row].from, target: ROWS[row].target }
        }

        /// Rules S26 and S27: the states row `row` would leave from `config`.
        fn exit_set(config: &Config, row: usize) -> Set {
            let mut set = Set::EMPTY;
            if let Ok(Reach::Domain(domain)) = domain_of(config, move_of(row)) {
                for s in active(&config.atoms).iter().filter(|&s| inside(State::ALL[s], domain)) {
                    set.insert(s);
                }
            }
            set
        }

        /// Rule S6 with S27: the state whose inside a row fired from `config` concerns.
        fn scope_root(config: &Config, row: usize) -> Option<State> {
            let m = move_of(row);
            match domain_of(config, m) {
                Ok(Reach::Domain(domain)) => domain,
                Ok(Reach::Stays) => Some(m.source),
                Err(_) => None,
            }
        }

        /// The timers that run in `atoms` (rule S18).
        pub(super) fn running_in(atoms: &Atoms) -> Set {
            let mut set = Set::EMPTY;
            for &atom in atoms.as_slice() {
                for &timer in STATE_RUNNING[atom as usize] {
                    set.insert(timer);
                }
            }
            set
        }

        /// Rules S6, S14, S18 and S27: the timers running after a microstep from `before`
        /// to `atoms`, which entered `entries` by `fired`, that start their clocks again.
        fn restarts(before: &Config, atoms: &Atoms, entries: Set, fired: &[usize]) -> Set {
            let from = summary(&before.atoms);
            let mut set = Set::EMPTY;
            for timer in running_in(atoms).iter() {
                let t = &TIMER_ROWS[timer];
                let entered = match t.home {
                    Some(home) => entries.contains(home as usize),
                    None => !entries.is_empty(),
                };
                let from_in = t.states.iter().any(|&s| from.is_within(s));
                let reset = fired.iter().any(|&row| {
                    ROWS[row].resets.contains(&timer)
                        && t.home.is_none_or(|home| {
                            scope_root(before, row).is_none_or(|root| home.is_within(root) || root.is_within(home))
                        })
                });
                if reset || (entered && !(t.spanning && from_in)) {
                    set.insert(timer);
                }
            }
            set
        }
    }
}
