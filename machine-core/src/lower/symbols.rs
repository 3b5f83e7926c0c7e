//! One table of declared names per kind (states, events, guards): declare each name once,
//! resolve references to ids, and explain the names that resolve to nothing.

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::spanned::Spanned;

/// The declared names of one kind and their ids.
pub(crate) struct SymbolTable<Id> {
    /// What one entry is, for messages: `state`.
    kind: &'static str,
    /// The spec section that declares them: `states`.
    section: &'static str,
    /// The code of a reference to an undeclared name.
    unknown: Code,
    ids: HashMap<String, Id>,
    /// Declared names in spec order, for "did you mean" and the list in the help.
    names: Vec<String>,
    /// A name that means something else where it is allowed, with the help for elsewhere.
    reserved: Option<(&'static str, &'static str)>,
}

impl<Id: Copy> SymbolTable<Id> {
    /// An empty table of `kind`s, declared under `section:`; unknown names are `unknown`.
    pub(crate) fn new(kind: &'static str, section: &'static str, unknown: Code) -> Self {
        Self {
            kind,
            section,
            unknown,
            ids: HashMap::new(),
            names: Vec::new(),
            reserved: None,
        }
    }

    /// Gives `name` (which is never declared) its own help when it is used where it does not
    /// belong, instead of "did you mean".
    #[must_use]
    pub(crate) fn with_reserved(mut self, name: &'static str, help: &'static str) -> Self {
        self.reserved = Some((name, help));
        self
    }

    /// Declares `name` as `id`. A name declared twice keeps its first id (the duplicate is
    /// reported where declarations are checked).
    pub(crate) fn declare(&mut self, name: &str, id: Id) {
        self.ids.entry(name.to_owned()).or_insert(id);
        self.names.push(name.to_owned());
    }

    /// The id of `name`, if it is declared (reporting nothing).
    pub(crate) fn lookup(&self, name: &str) -> Option<Id> {
        self.ids.get(name).copied()
    }

    /// The id of `name`, or `None` after pushing an unknown-name finding with a "did you
    /// mean" or the declared names.
    pub(crate) fn resolve(
        &self,
        name: &Spanned<String>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Id> {
        if let Some(&id) = self.ids.get(&name.value) {
            return Some(id);
        }
        let help = match self.reserved {
            Some((reserved, help)) if reserved == name.value => help.to_owned(),
            _ => did_you_mean(&name.value, self.names.iter().map(String::as_str))
                .unwrap_or_else(|| self.declare_help()),
        };
        diagnostics.push(
            Diagnostic::new(
                self.unknown,
                name.span,
                format!("unknown {} `{}`", self.kind, name.value),
            )
            .with_label(format!("no {} has this name", self.kind))
            .with_help(help),
        );
        None
    }

    /// "declare it under `states:`; the states are `A`, `B`", or without the list when there
    /// is nothing declared yet.
    fn declare_help(&self) -> String {
        let section = self.section;
        if self.names.is_empty() {
            return format!("declare it under `{section}:`");
        }
        let shown: Vec<String> = self
            .names
            .iter()
            .take(8)
            .map(|n| format!("`{n}`"))
            .collect();
        let list = if self.names.len() > shown.len() {
            format!("{}, ... ({} in all)", shown.join(", "), self.names.len())
        } else {
            shown.join(", ")
        };
        format!("declare it under `{section}:`; the {section} are {list}")
    }
}
