//! Parallel states (rules S22 to S29): a state with `parallel: true` has regions, all active
//! at once, each a compound state with its own `initial:` (E0119).

use super::Lowerer;
use super::tree::{is_parallel, quoted};
use crate::ast::TreeState;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{State, StateId, Timer};

impl Lowerer<'_> {
    /// The shape of each parallel state: states inside it, no `initial:`, and regions that
    /// are compound states (not final, not parallel themselves).
    pub(super) fn parallel_shapes(&mut self, tree: &[TreeState<'_>]) {
        for (index, node) in tree.iter().enumerate() {
            let name = &node.name.value;
            let regions: Vec<&TreeState<'_>> =
                tree.iter().filter(|n| n.parent == Some(index)).collect();
            if is_parallel(node) {
                if regions.is_empty() {
                    self.push(
                        Diagnostic::new(
                            Code::InvalidParallel,
                            node.name.span,
                            format!("state `{name}` is parallel but has no states inside it"),
                        )
                        .with_label("a parallel state's states are its regions, all active at once")
                        .with_help(format!(
                            "add `states:` under `{name}`, one compound state per region, or remove `parallel: true`"
                        )),
                    );
                }
                if let Some(initial) = &node.def.initial {
                    let names: Vec<&str> = regions.iter().map(|r| r.name.value.as_str()).collect();
                    self.push(
                        Diagnostic::new(
                            Code::InvalidParallel,
                            initial.span,
                            format!("parallel state `{name}` has an `initial:`"),
                        )
                        .with_label("entering a parallel state enters every one of its regions")
                        .with_help(if names.is_empty() {
                            "remove `initial:`".to_owned()
                        } else {
                            format!(
                                "remove `initial:`; each region ({}) starts at its own `initial:`",
                                quoted(&names)
                            )
                        }),
                    );
                }
            }
            let Some(parent) = node.parent.filter(|&p| is_parallel(&tree[p])) else {
                continue;
            };
            let owner = &tree[parent].name.value;
            let has_children = tree.iter().any(|n| n.parent == Some(index));
            if is_parallel(node) {
                self.push(
                    Diagnostic::new(
                        Code::InvalidParallel,
                        node.def.parallel.as_ref().map_or(node.name.span, |p| p.span),
                        format!("region `{name}` of parallel state `{owner}` is parallel itself"),
                    )
                    .with_label("a region is a compound state: one of its states is active at a time")
                    .with_help(format!(
                        "give `{name}` an `initial:` and put the parallel state inside it, one level down"
                    )),
                );
            } else if !has_children {
                let what = if node.def.is_final.as_ref().is_some_and(|f| f.value) {
                    "a final state"
                } else {
                    "a state without states inside it"
                };
                self.push(
                    Diagnostic::new(
                        Code::InvalidParallel,
                        node.name.span,
                        format!(
                            "region `{name}` of parallel state `{owner}` is {what}, not a compound state"
                        ),
                    )
                    .with_label(format!(
                        "the states directly inside `{owner}` are its regions"
                    ))
                    .with_help(format!(
                        "give `{name}` `states:` and an `initial:` (a region runs its own lifecycle), or move it out of `{owner}`"
                    )),
                );
            }
        }
    }

    /// What may not reach inside a parallel state: the fault state (it is one state the
    /// whole lifecycle goes to) and the sets of `timers:` (a spanning timer's move is written
    /// on the one state the machine is in).
    pub(super) fn parallel_reach(
        &mut self,
        states: &[State],
        fault: Option<StateId>,
        timers: &[Timer],
    ) {
        let inside = |s: StateId| -> Option<&str> {
            std::iter::successors(Some(s), |&x| states[x.index()].parent)
                .find(|&x| states[x.index()].parallel)
                .map(|p| states[p.index()].name.spec.as_str())
        };
        if let Some(fault) = fault
            && let Some(owner) = inside(fault)
        {
            let name = &states[fault.index()].name;
            self.push(
                Diagnostic::new(
                    Code::InvalidParallel,
                    name.span,
                    format!(
                        "the fault state `{}` lies inside parallel state `{owner}`",
                        name.spec
                    ),
                )
                .with_label("the whole lifecycle goes to the fault state, all regions at once")
                .with_help(format!(
                    "declare `{}` at the top level of `states:`",
                    name.spec
                )),
            );
        }
        for timer in timers.iter().filter(|t| t.is_spanning()) {
            let Some((state, owner)) = timer
                .states()
                .iter()
                .find_map(|&s| inside(s).map(|owner| (s, owner)))
            else {
                continue;
            };
            self.push(
                Diagnostic::new(
                    Code::InvalidParallel,
                    timer.name.span,
                    format!(
                        "timer `{}` spans `{}`, which lies in parallel state `{owner}`",
                        timer.name.spec,
                        states[state.index()].name.spec
                    ),
                )
                .with_label("a timer of `timers:` moves from the one state the machine is in")
                .with_help(format!(
                    "give the timeout to a state that holds the set (`{owner}` or a region), under its `timeouts:`"
                )),
            );
        }
    }
}
