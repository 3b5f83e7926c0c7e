//! How durations compare: fixed ones by their length, named ones (whose values the user's
//! code supplies) only by the order the spec declares with `shorter_than:`.

use std::cmp::Ordering;

use super::{Duration, Model, NamedDuration};

/// For each pair of named durations `(a, b)`, by index: whether `a` is declared shorter than
/// `b`, directly or through others (`a` shorter than `c`, `c` shorter than `b`). A duration
/// shorter than itself is in a circle.
pub fn shorter_closure(durations: &[NamedDuration]) -> Vec<Vec<bool>> {
    let n = durations.len();
    let mut shorter = vec![vec![false; n]; n];
    for (a, duration) in durations.iter().enumerate() {
        for b in &duration.shorter_than {
            shorter[a][b.index()] = true;
        }
    }
    // Warshall: through each duration in turn.
    for via in 0..n {
        let through = shorter[via].clone();
        for row in &mut shorter {
            if row[via] {
                for (cell, &onward) in row.iter_mut().zip(&through) {
                    *cell |= onward;
                }
            }
        }
    }
    shorter
}

impl Model {
    /// How `a` compares with `b`, when that is known: two fixed durations by their length; a
    /// named duration equals itself, and is shorter or longer than another named one as
    /// `shorter_than:` orders them. A named duration and a fixed one, or two named ones the
    /// spec does not order, do not compare.
    pub fn compare_durations(&self, a: &Duration, b: &Duration) -> Option<Ordering> {
        match (a.named, b.named) {
            (None, None) => Some(a.seconds.cmp(&b.seconds)),
            (Some(x), Some(y)) if x == y => Some(Ordering::Equal),
            (Some(x), Some(y)) if self.index.shorter[x.index()][y.index()] => Some(Ordering::Less),
            (Some(x), Some(y)) if self.index.shorter[y.index()][x.index()] => {
                Some(Ordering::Greater)
            }
            _ => None,
        }
    }
}
