//! The actions of every step the dispatch of a nested spec can take, known when the code is
//! generated: for each atomic state and each transition it can fire (its own, and those of the
//! states around it), the actions rule S12 runs, as the interpreter's own
//! [`semantics::actions`] lists them for that step. Equal lists share one *plan*, and the
//! generated `Step` carries its plan's number, so `Step::run` performs a step's actions with
//! one jump, as a hand-written nested `match` would, instead of walking the tree. Steps whose
//! moves are known only at run time (an expiry, a resolution, the return to history) carry no
//! plan and walk `Step::exits` and `Step::entries`.

use std::collections::HashMap;

use machine_core::model::{ActionId, Model, StateId, Target, TransitionId};
use machine_core::semantics::{self, Cause, Step};

use crate::emit::grouped::Grouped;

/// The plans of a nested spec ([`Plans::new`]); none for a flat one.
#[derive(Default)]
pub struct Plans {
    /// Each distinct list of actions, by plan number.
    pub lists: Vec<Vec<ActionId>>,
    /// The plan of each (atomic state, row of `TRANSITIONS`).
    by_row: HashMap<(StateId, usize), usize>,
}

impl Plans {
    /// The most plans a spec gets: past it, steps walk the tree (`Step` keeps its plan in a
    /// `u16`, and the rest of the range is not needed by any real lifecycle).
    const MAX: usize = u16::MAX as usize - 1;

    /// The plans of `model`, every row numbered as `TRANSITIONS` is (grouped by source state,
    /// in try order).
    pub fn new(model: &Model) -> Plans {
        let mut plans = Plans::default();
        if !model.is_nested() {
            return plans;
        }
        let table = Grouped::transitions(model);
        let mut numbered: HashMap<Vec<ActionId>, usize> = HashMap::new();
        for atom in model.state_ids().filter(|&s| !model.is_compound(s)) {
            for around in model.self_and_ancestors(atom) {
                for row in table.rows_of(around) {
                    let Some(actions) = actions(model, atom, table.rows[row].0) else {
                        continue;
                    };
                    let next = numbered.len();
                    if next >= Self::MAX && !numbered.contains_key(&actions) {
                        continue;
                    }
                    let plan = *numbered.entry(actions.clone()).or_insert(next);
                    if plan == plans.lists.len() {
                        plans.lists.push(actions);
                    }
                    plans.by_row.insert((atom, row), plan);
                }
            }
        }
        plans
    }

    /// The plan of the step firing the row `row` of `TRANSITIONS` from `atom`, if it has one.
    pub fn of(&self, atom: StateId, row: usize) -> Option<usize> {
        self.by_row.get(&(atom, row)).copied()
    }
}

/// Plan number `plan` as the `u16` literal `Step::plan` holds ([`Plans::new`] keeps the
/// numbers below `u16::MAX`, which is `NO_PLAN`).
pub fn literal(plan: usize) -> proc_macro2::Literal {
    proc_macro2::Literal::u16_unsuffixed(u16::try_from(plan).unwrap_or(u16::MAX - 1))
}

/// The actions of the step firing `id` from `atom` (rule S12, [`semantics::actions`]), when
/// the step's moves are known here: not for the return to history.
fn actions(model: &Model, atom: StateId, id: TransitionId) -> Option<Vec<ActionId>> {
    let transition = model.transition(id);
    let (to, (exits, entries)) = match transition.target {
        Target::State(written) => (
            model.descend(written),
            semantics::moves(model, atom, transition.from, written),
        ),
        Target::Internal => (atom, (Vec::new(), Vec::new())),
        // Where a history leads is known at run time: `Step::run` walks the tree.
        Target::History | Target::Recall(_) => return None,
    };
    let step = Step {
        from: atom,
        to,
        cause: Cause::Transition(id),
        also: Vec::new(),
        atoms: vec![to],
        entered: !entries.is_empty(),
        exits,
        entries,
        restarts: Vec::new(),
        then: Vec::new(),
    };
    Some(semantics::actions(model, &step))
}
