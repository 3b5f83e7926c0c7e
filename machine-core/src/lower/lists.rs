//! Lists of names in a spec (`on: [A, B]`, `guard: [a, b]`, `actions: [...]`), resolved to
//! ids in order, each repeated name reported once.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{ActionId, EventId, GuardId, StateId};
use crate::source::Span;
use crate::spanned::{Names, Spanned};

impl super::Lowerer<'_> {
    /// The guards of a `guard:` list that resolve, in order; a repeated one is reported.
    pub(super) fn guard_list(&mut self, names: Option<&Names>) -> Vec<GuardId> {
        let mut guards = Vec::new();
        for name in names.iter().flat_map(|n| n.iter()) {
            if let Some(id) = self.guard(name) {
                if guards.contains(&id) {
                    self.push(
                        Diagnostic::new(
                            Code::DuplicateName,
                            name.span,
                            format!("guard `{}` is listed twice", name.value),
                        )
                        .with_help("remove the repeated guard"),
                    );
                } else {
                    guards.push(id);
                }
            }
        }
        guards
    }

    /// The events of `names` that resolve, each with where it is written; a repeated one is
    /// reported.
    pub(super) fn events(&mut self, names: &Names) -> Vec<(EventId, Span)> {
        self.listed(names, "event", Self::event)
    }

    /// The states of `names` that resolve; a repeated one is reported.
    /// The actions of `names`, in order (an action may run twice).
    pub(super) fn action_list(&mut self, names: &Names) -> Vec<ActionId> {
        names
            .iter()
            .filter_map(|name| self.actions.resolve(name, self.diagnostics))
            .collect()
    }

    pub(super) fn states(&mut self, names: &Names) -> Vec<StateId> {
        self.listed(names, "state", Self::state)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    }

    /// The names of a list that `resolve` finds, once each, with where they are written; a
    /// repeated one is reported as a `what` listed twice.
    fn listed<I: PartialEq + Copy>(
        &mut self,
        names: &Names,
        what: &str,
        resolve: impl Fn(&mut Self, &Spanned<String>) -> Option<I>,
    ) -> Vec<(I, Span)> {
        let mut ids: Vec<(I, Span)> = Vec::new();
        for name in names.iter() {
            if let Some(id) = resolve(self, name) {
                if ids.iter().any(|&(seen, _)| seen == id) {
                    self.push(
                        Diagnostic::new(
                            Code::DuplicateName,
                            name.span,
                            format!("{what} `{}` is listed twice", name.value),
                        )
                        .with_help("remove the repeated name"),
                    );
                } else {
                    ids.push((id, name.span));
                }
            }
        }
        ids
    }
}
