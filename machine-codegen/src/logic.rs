//! Rules decided at run time, compiled from the interpreter's own decision functions.
//!
//! Some rules of `machine_core::semantics` can only be decided when the generated machine runs
//! (a state known only then: the state a resolution returns to, the target of an expiry read
//! from a table). The emitter does not restate such a rule: it asks the rule's decision
//! function (`semantics::history_effect`, `semantics::restarts_timer`) for every combination of
//! the facts it reads, and compiles the answers into the condition the generated code tests,
//! a minimal sum of products of those facts. A fact whose value the emitter knows is fixed
//! first, so a condition that is always or never true costs nothing at run time.

use proc_macro2::TokenStream;
use quote::quote;

/// A boolean fact about the machine at run time: the expressions that test it and its
/// negation (`to == State::Faulted` and `to != State::Faulted`), or a value known already.
pub enum Fact {
    /// Known only at run time.
    Runtime {
        /// True when the fact holds.
        holds: TokenStream,
        /// True when it does not.
        fails: TokenStream,
    },
    /// Known when the code is generated.
    Known(bool),
}

impl Fact {
    /// A fact tested at run time.
    pub fn runtime(holds: TokenStream, fails: TokenStream) -> Fact {
        Fact::Runtime { holds, fails }
    }
}

/// What a rule decides, given the facts.
pub enum Condition {
    /// Whatever the facts known only at run time.
    Always,
    /// Whatever the facts known only at run time.
    Never,
    /// When this expression is true.
    When(TokenStream),
}

impl Condition {
    /// The condition as an expression (`true` or `false` when it does not depend on anything).
    pub fn expression(&self) -> TokenStream {
        match self {
            Condition::Always => quote! { true },
            Condition::Never => quote! { false },
            Condition::When(e) => e.clone(),
        }
    }
}

/// The condition under which `rule`, a decision function of the facts (in the order of
/// `facts`), answers true.
pub fn condition(facts: &[Fact], rule: impl Fn(&[bool]) -> bool) -> Condition {
    let runtime: Vec<usize> = (0..facts.len())
        .filter(|&i| matches!(facts[i], Fact::Runtime { .. }))
        .collect();
    assert!(runtime.len() <= 8, "a rule reads at most a few facts");
    // The truth table over the facts known only at run time, the others fixed.
    let rows = 1usize << runtime.len();
    let truth: Vec<bool> = (0..rows)
        .map(|row| {
            let values: Vec<bool> = facts
                .iter()
                .enumerate()
                .map(|(i, fact)| match fact {
                    Fact::Known(value) => *value,
                    Fact::Runtime { .. } => {
                        let bit = runtime.iter().position(|&r| r == i).unwrap_or(0);
                        row >> bit & 1 == 1
                    }
                })
                .collect();
            rule(&values)
        })
        .collect();
    if truth.iter().all(|&t| t) {
        return Condition::Always;
    }
    if truth.iter().all(|&t| !t) {
        return Condition::Never;
    }
    let terms = cover(&truth, runtime.len());
    let literal = |(var, value): (usize, bool)| match &facts[runtime[var]] {
        Fact::Runtime { holds, fails } => {
            if value {
                holds.clone()
            } else {
                fails.clone()
            }
        }
        Fact::Known(_) => unreachable!("only facts known at run time are variables"),
    };
    // Literals in every term are written once, before the rest: `a && (b || c)`.
    let common: Vec<(usize, bool)> = terms[0]
        .iter()
        .copied()
        .filter(|l| terms.iter().all(|t| t.contains(l)))
        .collect();
    let rest: Vec<Vec<(usize, bool)>> = terms
        .iter()
        .map(|t| t.iter().copied().filter(|l| !common.contains(l)).collect())
        .collect();
    let mut parts: Vec<TokenStream> = common.iter().copied().map(literal).collect();
    if rest.iter().all(|t| !t.is_empty()) {
        let alternatives: Vec<TokenStream> = rest
            .iter()
            .map(|t| {
                let literals = t.iter().copied().map(literal);
                if t.len() > 1 && rest.len() > 1 {
                    quote! { (#(#literals)&&*) }
                } else {
                    quote! { #(#literals)&&* }
                }
            })
            .collect();
        let either = quote! { #(#alternatives)||* };
        if alternatives.len() > 1 && !parts.is_empty() {
            parts.push(quote! { (#either) });
        } else {
            parts.push(either);
        }
    }
    Condition::When(quote! { #(#parts)&&* })
}

/// A minimal set of product terms (each a list of `(variable, value)`) whose sum is true
/// exactly on the rows of `truth` that are: the prime implicants, then the fewest of them that
/// cover every true row (an exhaustive search: rules read few facts).
fn cover(truth: &[bool], vars: usize) -> Vec<Vec<(usize, bool)>> {
    // A term: for each variable, `Some(value)` or `None` (either).
    let mut terms: Vec<Vec<Option<bool>>> = Vec::new();
    let all = 3usize.pow(u32::try_from(vars).unwrap_or(0));
    for code in 0..all {
        let term: Vec<Option<bool>> = (0..vars)
            .map(
                |v| match code / 3usize.pow(u32::try_from(v).unwrap_or(0)) % 3 {
                    0 => None,
                    1 => Some(false),
                    _ => Some(true),
                },
            )
            .collect();
        if rows_of(&term).all(|row| truth[row]) {
            terms.push(term);
        }
    }
    // Prime: no other implicant has fewer fixed variables and covers it.
    let implies = |a: &[Option<bool>], b: &[Option<bool>]| {
        a.iter().zip(b).all(|(x, y)| y.is_none() || x == y)
    };
    let primes: Vec<&Vec<Option<bool>>> = terms
        .iter()
        .filter(|t| !terms.iter().any(|o| o != *t && implies(t, o)))
        .collect();
    let true_rows: Vec<usize> = (0..truth.len()).filter(|&r| truth[r]).collect();
    let mut best: Option<Vec<usize>> = None;
    for mask in 1usize..(1 << primes.len()) {
        let chosen: Vec<usize> = (0..primes.len()).filter(|&i| mask >> i & 1 == 1).collect();
        if best.as_ref().is_some_and(|b| b.len() <= chosen.len()) {
            continue;
        }
        let covered = true_rows
            .iter()
            .all(|&row| chosen.iter().any(|&i| rows_of(primes[i]).any(|r| r == row)));
        if covered {
            best = Some(chosen);
        }
    }
    best.unwrap_or_default()
        .into_iter()
        .map(|i| {
            primes[i]
                .iter()
                .enumerate()
                .filter_map(|(v, value)| value.map(|value| (v, value)))
                .collect()
        })
        .collect()
}

/// The rows (bit `v` is variable `v`) a term is true on.
fn rows_of(term: &[Option<bool>]) -> impl Iterator<Item = usize> + '_ {
    (0..1usize << term.len()).filter(move |row| {
        term.iter()
            .enumerate()
            .all(|(v, value)| value.is_none_or(|value| (row >> v & 1 == 1) == value))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(name: &str) -> Fact {
        let holds: TokenStream = name.parse().expect("an identifier");
        let fails: TokenStream = format!("!{name}").parse().expect("a negation");
        Fact::runtime(holds, fails)
    }

    fn text(c: &Condition) -> String {
        c.expression().to_string()
    }

    #[test]
    fn compiles_a_rule_to_its_minimal_condition() {
        let facts = [fact("a"), fact("b"), fact("c")];
        let c = condition(&facts, |f| f[0] && (f[1] || f[2]));
        assert_eq!(text(&c), "a && (b || c)");
        let c = condition(&facts, |f| f[0] != f[1]);
        assert_eq!(text(&c), "(a && ! b) || (! a && b)");
    }

    #[test]
    fn known_facts_are_folded_first() {
        let facts = [Fact::Known(true), fact("b")];
        assert!(matches!(
            condition(&facts, |f| f[0] || f[1]),
            Condition::Always
        ));
        assert!(matches!(
            condition(&[Fact::Known(false), fact("b")], |f| f[0] && f[1]),
            Condition::Never
        ));
        let c = condition(&[Fact::Known(false), fact("b")], |f| f[0] || !f[1]);
        assert_eq!(text(&c), "! b");
    }
}
