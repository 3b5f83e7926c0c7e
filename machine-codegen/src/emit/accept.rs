//! What an accepted candidate of the dispatch does (`dispatch.rs`), as the emitters of its
//! kinds of move build it (`machine.rs`, `fault.rs`, `history.rs`).

use proc_macro2::TokenStream;

/// What an accepted candidate does where its `match` is emitted: statements that move the
/// machine, then the function's result (which may still refuse, for an unknown history).
pub struct Accept {
    /// Statements run before returning.
    pub effect: TokenStream,
    /// The returned `Result`.
    pub value: TokenStream,
}
