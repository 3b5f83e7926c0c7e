//! Checks of automatic transitions (rules S20 and S21): a loop of them that can go round
//! forever, a completion that never happens, and a start that would move at once.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{GuardId, GuardTest, Model, StateId, TransitionId, Trigger};
use crate::words;

/// The guard answers a move needs: each guard asked, with the answer it needs.
type Needs = BTreeMap<GuardId, bool>;

/// One automatic move between atomic states, with what it needs of the guards.
struct Move {
    from: StateId,
    to: StateId,
    by: TransitionId,
    needs: Needs,
}

/// How many partial paths the loop search extends before it gives up: far more than a
/// spec within the limits needs; past it, rule S21's bound still stops the machine.
const SEARCH_BUDGET: usize = 200_000;

/// `needs` with `test` added; `None` when `test` contradicts it.
fn with(needs: &Needs, tests: &[GuardTest]) -> Option<Needs> {
    let mut needs = needs.clone();
    for test in tests {
        let answer = !test.negated;
        if *needs.entry(test.guard).or_insert(answer) != answer {
            return None;
        }
    }
    Some(needs)
}

/// The automatic transitions `candidates` (tried in order, rule S3) as moves from `from`:
/// each needs its own guards to hold and every earlier candidate with one guard test to fail
/// (one with several fails in ways the search does not follow, so it is not assumed to
/// fail); none after the first unguarded one.
fn moves_of(
    model: &Model,
    from: StateId,
    candidates: impl Iterator<Item = TransitionId>,
    base: &Needs,
    out: &mut Vec<Move>,
) -> Needs {
    let mut failed = base.clone();
    for id in candidates {
        let t = model.transition(id);
        if let Some(needs) = with(&failed, &t.guards) {
            for to in crate::semantics::settle::landing(model, t.target) {
                out.push(Move {
                    from,
                    to,
                    by: id,
                    needs: needs.clone(),
                });
            }
        }
        match t.guards.as_slice() {
            [] => break,
            [test] => {
                let flipped = GuardTest {
                    negated: !test.negated,
                    ..*test
                };
                match with(&failed, &[flipped]) {
                    Some(next) => failed = next,
                    None => break,
                }
            }
            _ => {}
        }
    }
    failed
}

/// Every automatic move: from each atomic state, its eventless transitions (its own, then
/// those of the states around it); from each final state, and from the states its eventless
/// moves reach inside the same compound state, the completions of that compound state when
/// no eventless transition is taken.
fn automatic_moves(model: &Model) -> Vec<Move> {
    let mut moves = Vec::new();
    let mut settled: BTreeMap<StateId, Needs> = BTreeMap::new();
    for atom in model.state_ids().filter(|&s| !model.is_compound(s)) {
        let candidates = crate::semantics::triggered(model, atom, Trigger::Always);
        let rest = moves_of(model, atom, candidates, &Needs::new(), &mut moves);
        settled.insert(atom, rest);
    }
    let eventless: Vec<(StateId, StateId)> = moves.iter().map(|m| (m.from, m.to)).collect();
    for compound in model.state_ids().filter(|&s| model.is_compound(s)) {
        let mut from: Vec<StateId> = model.final_children(compound).collect();
        let mut at = 0;
        while let Some(&state) = from.get(at) {
            for &(_, to) in eventless.iter().filter(|&&(f, _)| f == state) {
                if model.is_within(to, compound) && !from.contains(&to) {
                    from.push(to);
                }
            }
            at += 1;
        }
        for state in from {
            let Some(base) = settled.get(&state) else {
                continue;
            };
            let candidates = model
                .transitions_from(compound)
                .filter(|(_, t)| t.trigger == Trigger::Done)
                .map(|(id, _)| id);
            moves_of(model, state, candidates, base, &mut moves);
        }
    }
    moves
}

/// E0210: automatic moves that can follow each other round a circle, with guard answers
/// that let every one of them be taken. The same answers hold for every step of an input,
/// so the machine would go round forever (rule S21 refuses such an input at its bound).
pub(super) fn automatic_loops(model: &Model) -> Vec<Diagnostic> {
    if !model.has_automatic() {
        return Vec::new();
    }
    let moves = automatic_moves(model);
    let mut reported: Vec<TransitionId> = Vec::new();
    let mut findings = Vec::new();
    let mut budget = SEARCH_BUDGET;
    for start in model.state_ids() {
        let Some(cycle) = find_loop(&moves, start, &mut budget) else {
            continue;
        };
        if cycle.iter().any(|&i| reported.contains(&moves[i].by)) {
            continue;
        }
        reported.extend(cycle.iter().map(|&i| moves[i].by));
        findings.push(loop_finding(model, &moves, &cycle));
    }
    findings
}

/// A circle of moves from `start` back to it through states after it (each circle is found
/// from its first state), whose needs agree; the moves' indexes, in order. `None` also when
/// the search budget runs out.
fn find_loop(moves: &[Move], start: StateId, budget: &mut usize) -> Option<Vec<usize>> {
    let mut path = Vec::new();
    round(moves, start, start, &Needs::new(), &mut path, budget).then_some(path)
}

/// [`find_loop`]'s search from `at`, with `path` taken so far needing `needs`.
fn round(
    moves: &[Move],
    start: StateId,
    at: StateId,
    needs: &Needs,
    path: &mut Vec<usize>,
    budget: &mut usize,
) -> bool {
    for (i, m) in moves.iter().enumerate().filter(|(_, m)| m.from == at) {
        let Some(left) = budget.checked_sub(1) else {
            return false;
        };
        *budget = left;
        let Some(joined) = join(needs, &m.needs) else {
            continue;
        };
        path.push(i);
        if m.to == start {
            return true;
        }
        let visited = path.iter().any(|&p| moves[p].from == m.to);
        if m.to > start && !visited && round(moves, start, m.to, &joined, path, budget) {
            return true;
        }
        path.pop();
    }
    false
}

/// Both needs at once; `None` when they disagree on a guard.
fn join(a: &Needs, b: &Needs) -> Option<Needs> {
    let mut joined = a.clone();
    for (&guard, &answer) in b {
        if *joined.entry(guard).or_insert(answer) != answer {
            return None;
        }
    }
    Some(joined)
}

fn loop_finding(model: &Model, moves: &[Move], cycle: &[usize]) -> Diagnostic {
    let first = model.transition(moves[cycle[0]].by);
    let mut circle = vec![words::state(model, moves[cycle[0]].from).to_owned()];
    let mut needs = Needs::new();
    for &i in cycle {
        circle.push(words::state(model, moves[i].to).to_owned());
        needs = join(&needs, &moves[i].needs).unwrap_or(needs);
    }
    let when = if needs.is_empty() {
        String::new()
    } else {
        let tests: Vec<String> = needs
            .iter()
            .map(|(&guard, &holds)| words::guard_written(&model.guard(guard).name.spec, !holds))
            .collect();
        format!(" when [{}]", tests.join(", "))
    };
    let mut d = Diagnostic::new(
        Code::EventlessLoop,
        first.span,
        format!(
            "automatic transitions can go round forever: {}{when}",
            circle.join(" -> ")
        ),
    )
    .with_label("eventless and completion transitions are taken until none is enabled");
    for &i in &cycle[1..] {
        let by = model.transition(moves[i].by);
        if by.span != first.span {
            d = d.with_secondary(by.span, "and this one, on the way round");
        }
    }
    d.with_help(
        "give one of them a guard the others exclude (`a` and `\"!a\"`), or fire one on an event with `on:`",
    )
}

/// E0211: a completion transition of a compound state with no final state directly inside
/// it.
pub(super) fn completions_never_happen(model: &Model) -> Vec<Diagnostic> {
    model
        .transitions
        .iter()
        .filter(|t| t.trigger == Trigger::Done)
        .filter_map(|t| {
            let name = words::state(model, t.from);
            let (message, help) = if model.is_parallel(t.from) {
                // Rule S28: a parallel state completes when every region has.
                let region = model
                    .children(Some(t.from))
                    .iter()
                    .find(|&&r| model.final_children(r).next().is_none())?;
                let region = words::state(model, *region);
                (
                    format!("`{name}` never completes: its region `{region}` has no final state directly inside it"),
                    format!("a parallel state completes when each of its regions has: mark a state directly inside `{region}` `final: true`, or fire the transition on an event"),
                )
            } else if model.is_compound(t.from) && model.final_children(t.from).next().is_none() {
                (
                    format!("`{name}` never completes: no final state is directly inside it"),
                    format!("mark a state directly inside `{name}` `final: true`, or fire the transition on an event"),
                )
            } else {
                return None;
            };
            Some(
                Diagnostic::new(Code::CompletionNeverHappens, t.span, message)
                    .with_label("this completion transition is never taken")
                    .with_help(help),
            )
        })
        .collect()
}

/// E0212: a start whose state would move at once, by an eventless transition or by the
/// completion of the state around it. A machine is created settled (rule S1).
pub(super) fn unsettled_starts(model: &Model) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for start in &model.starts {
        // With parallel states, the start enters a state in each region (rule S23).
        let atoms = model.default_atoms(start.state);
        let atom = atoms
            .iter()
            .copied()
            .find(|&a| {
                crate::semantics::triggered(model, a, Trigger::Always)
                    .next()
                    .is_some()
                    || (model.state(a).is_final && model.parent(a).is_some())
            })
            .unwrap_or(start.state);
        let name = words::state(model, atom);
        let span = start
            .name
            .as_ref()
            .map_or(model.state(start.state).name.span, |n| n.span);
        let d = Diagnostic::new(
            Code::UnsettledStart,
            span,
            format!("the machine would not stay in `{name}`, where it starts"),
        );
        let eventless = crate::semantics::triggered(model, atom, Trigger::Always).next();
        let d = if let Some(id) = eventless {
            let t = model.transition(id);
            let from = words::state(model, t.from);
            d.with_label("a machine is created in this state, without asking any guard")
                .with_secondary(
                    t.span,
                    format!("the eventless transition of `{from}` would be taken at once"),
                )
        } else if model.state(atom).is_final && model.parent(atom).is_some() {
            d.with_label(format!(
                "`{name}` is final, so it would complete the state around it at once"
            ))
        } else {
            continue;
        };
        findings.push(d.with_help(
            "start in the state it would move to, or fire the first move on an event with `on:`",
        ));
    }
    findings
}
